"""Websites and registrable domains, from the public-suffix list bundled with tldextract (never fetched)."""

from __future__ import annotations

import re
from functools import lru_cache

import tldextract

from leadsite.core.text.folding import CACHE_SIZE, clean_text
from leadsite.core.text.mail_domains import is_free_mail

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")

# A website on these hosts is a profile page, not the company's own domain.
PROFILE_HOSTS = frozenset(
    {"linkedin.com", "facebook.com", "fb.com", "twitter.com", "x.com", "instagram.com", "youtube.com", "tiktok.com",
     "crunchbase.com", "angel.co", "wellfound.com", "github.com", "medium.com", "google.com", "goo.gl", "bit.ly",
     "glassdoor.com", "indeed.com", "yelp.com", "wikipedia.org", "zoominfo.com", "apollo.io", "pinterest.com",
     "t.co", "about.me", "linktr.ee", "wixsite.com", "blogspot.com", "wordpress.com", "sites.google.com"}
)


def registrable_domain(host: str) -> str:
    """'www.shop.acme.co.uk' → 'acme.co.uk'; '' when the host has no public suffix (or is an IP)."""
    host = host.strip().strip(".").lower()
    if host.startswith("www.") and host.count(".") > 1:
        host = host[4:]  # one cache entry for the website and the email domain of a company
    return _registrable_domain(host)


@lru_cache(maxsize=CACHE_SIZE)
def _registrable_domain(host: str) -> str:
    if not host or not _HOST.match(host):
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return ""
        if not _HOST.match(host):
            return ""
    parts = _EXTRACT(host)
    if not parts.suffix or not parts.domain:
        return ""
    return f"{parts.domain}.{parts.suffix}"


@lru_cache(maxsize=CACHE_SIZE)
def website_parse(value: str) -> tuple[str, str]:
    """(normalised website URL, registrable domain) from 'WWW.Acme.com/', 'https://acme.com/about', 'acme.com'.

    Text that is no URL is returned trimmed with no domain; a profile page (LinkedIn, Facebook, …)
    keeps its URL but gives no company domain.
    """
    given = clean_text(value).strip("<>\"' ")
    if not given or " " in given or ("@" in given and "/" not in given):
        return given, ""
    scheme, sep, rest = given.partition("://")
    if not sep:
        scheme, rest = "https", given.lstrip("/")
    scheme = scheme.lower() if scheme.lower() in ("http", "https") else "https"
    cut = len(rest)
    for stop in "/?#":
        index = rest.find(stop)
        if 0 <= index < cut:
            cut = index
    netloc, path = rest[:cut], rest[cut:]
    host = netloc.rpartition("@")[2].partition(":")[0].rstrip(".").lower()
    domain = registrable_domain(host)
    if not domain:
        return given, ""
    path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    website = f"{scheme}://{host}{path}"
    return website, "" if domain in PROFILE_HOSTS else domain


def email_domain(email: str) -> str:
    """Registrable domain of an address ('' for free mail, which says nothing about the employer)."""
    _, at, host = email.rpartition("@")
    return _company_mail_domain(host.strip().rstrip(">").lower()) if at else ""


@lru_cache(maxsize=CACHE_SIZE)
def _company_mail_domain(host: str) -> str:
    domain = registrable_domain(host)
    if not domain or is_free_mail(domain):
        return ""
    return domain


def linkedin_url(value: str) -> str:
    """Canonical https://www.linkedin.com/... form for LinkedIn links; other text is returned trimmed."""
    text = clean_text(value)
    low = text.lower()
    index = low.find("linkedin.com/")
    if index < 0:
        return text
    path = text[index + len("linkedin.com") :].split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return f"https://www.linkedin.com{path}"
