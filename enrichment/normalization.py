"""Keys and value parsing shared by providers, cache and predictive (company names, domains, sizes)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LEGAL_SUFFIXES = frozenset(
    """inc incorporated llc ltd limited corp corporation co company plc gmbh ag sa sas sarl bv nv oy ab as
    spa srl pty pte kk""".split()
)
_NON_WORD = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_RANGE = re.compile(r"^\s*(\d[\d,]*)\s*(?:-|–|to)\s*(\d[\d,]*)\s*$")
_PLUS = re.compile(r"^\s*(\d[\d,]*)\s*\+\s*$")


def company_name_key(name: str) -> str:
    """Lower-case words without punctuation or trailing legal forms: "ACME, Inc." → "acme"."""
    words = _SPACES.sub(" ", _NON_WORD.sub(" ", (name or "").lower())).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


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


def employee_count_parse(size: object) -> int | None:
    """250 → 250; "51-200" → 125 (middle of the range); "10000+" → 10000; anything else → None."""
    if size is None or size == "":
        return None
    if isinstance(size, int | float):
        return int(size) if size >= 0 else None
    text = str(size).strip()
    if text.replace(",", "").isdigit():
        return int(text.replace(",", ""))
    if m := _RANGE.match(text):
        low, high = (int(g.replace(",", "")) for g in m.groups())
        return (low + high) // 2
    if m := _PLUS.match(text):
        return int(m.group(1).replace(",", ""))
    return None


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


FREE_MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com yahoo.com yahoo.co.uk ymail.com hotmail.com hotmail.co.uk outlook.com live.com msn.com
    aol.com icloud.com me.com mac.com proton.me protonmail.com gmx.com gmx.de gmx.net web.de yandex.ru yandex.com
    mail.ru qq.com 163.com 126.com zoho.com fastmail.com hey.com tutanota.com""".split()
)


def company_domain_for(*, domain: str, website: str = "", email: str = "") -> str:
    """The company's domain: the lead's domain, else its website, else a non-free email domain."""
    if domain:
        return domain.lower()
    if website and (host := domain_clean(website)):
        return host
    if "@" in email:
        host = email.rsplit("@", 1)[1].strip().lower()
        if host and host not in FREE_MAIL_DOMAINS:
            return host
    return ""
