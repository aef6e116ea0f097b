"""Keys and value parsing shared by providers, cache and predictive (company names, domains, sizes)."""

from __future__ import annotations

from urllib.parse import urlsplit

from leadsite.core.text.companies import company_name_key
from leadsite.core.text.mail_domains import COMMON_FREE_MAIL_DOMAINS


def domain_clean(value: str) -> str:
    """Host of a URL or bare domain, lower-case, without www. ("https://www.Acme.com/x" → "acme.com")."""
    value = (value or "").strip().lower()
    if not value:
        return ""
    if "@" in value and "/" not in value:
        value = value.rsplit("@", 1)[1]
    if "//" not in value:
        value = "//" + value
    host = (urlsplit(value).hostname or "").strip(".")
    return host[4:] if host.startswith("www.") else host


def list_parse(value: object) -> list[str]:
    """A list, or a string separated by ';' '|' or ',' → de-duplicated list of trimmed strings."""
    if isinstance(value, list | tuple):
        items = [str(v).strip() for v in value]
    else:
        text = str(value or "")
        sep = ";" if ";" in text else "|" if "|" in text else ","
        items = [v.strip() for v in text.split(sep)]
    return list(dict.fromkeys(v for v in items if v))


def lookup_key(*, domain: str, name: str) -> str:
    """Cache/prediction key of a company: by domain when known, else by normalised name."""
    if domain:
        return "d:" + domain
    key = company_name_key(name)
    return "n:" + key if key else ""


def company_domain_for(*, domain: str, website: str = "", email: str = "") -> str:
    """The company's domain: the lead's domain, else its website, else a non-free email domain."""
    if domain:
        return domain.lower()
    if website and (host := domain_clean(website)):
        return host
    if "@" in email:
        host = email.rsplit("@", 1)[1].strip().lower()
        if host and host not in COMMON_FREE_MAIL_DOMAINS:
            return host
    return ""
