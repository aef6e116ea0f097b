"""Match-oriented normalisation: canonical e-mails, phones, person names and streets (folded with
`leadsite.core.text.folding.fold_words`; company tokens are `leadsite.core.text.companies.company_tokens`).

These forms are for comparing records only; they are never written back as the lead's data.
"""

from __future__ import annotations

import re

from leadsite.core.text.folding import fold_words

_DIGITS = re.compile(r"\D+")

# Providers where dots in the local part are ignored (gmail) and where "+tag" is a sub-address.
_DOTLESS_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
_DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}

# Spellings of address words, folded to one form so "Street" = "St." and "Blvd" = "Boulevard".
STREET_WORDS = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "ave": "ave", "road": "rd", "boulevard": "blvd",
    "blv": "blvd", "drive": "dr", "dr": "dr", "lane": "ln", "court": "ct", "place": "pl", "square": "sq",
    "terrace": "tce", "terr": "tce", "highway": "hwy", "parkway": "pkwy", "pky": "pkwy", "circle": "cir",
    "crescent": "cres", "cresent": "cres", "crt": "ct", "suite": "ste", "floor": "fl", "apartment": "apt",
    "north": "n", "south": "s", "east": "e", "west": "w", "first": "1st", "second": "2nd", "third": "3rd",
    "fourth": "4th", "fifth": "5th", "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th",
    "tenth": "10th", "mount": "mt", "saint": "st", "fort": "ft", "center": "ctr", "centre": "ctr", "way": "way",
}


def name_tokens(value: str) -> tuple[str, ...]:
    """Tokens of a person's name part, apostrophes joined ("O'Brien" → "obrien")."""
    return tuple(fold_words(value.replace("'", "").replace("’", "")).split()) if value else ()


def email_canonical(email: str) -> str:
    """Lower-case, "+tag" dropped, gmail dots dropped and googlemail → gmail: one mailbox, one key."""
    email = (email or "").strip().lower()
    local, sep, domain = email.rpartition("@")
    if not sep or not local or not domain:
        return ""
    domain = _DOMAIN_ALIASES.get(domain, domain)
    local = local.split("+", 1)[0]
    if domain in _DOTLESS_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}" if local else ""


def domain_key(domain: str) -> str:
    """A website or domain as its bare host: "https://www.Acme.com/about" → "acme.com"."""
    host = domain.strip().lower().split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.").strip(".")


def phone_key(phone: str) -> str:
    """The digits that identify a line: the last ten (national number with area code), extension dropped."""
    if not phone:
        return ""
    phone = phone.split(";ext=", 1)[0].split(" ext", 1)[0].split(" x", 1)[0]
    digits = _DIGITS.sub("", phone)
    return digits[-10:] if len(digits) >= 7 else ""


def street_normal(street: str) -> str:
    """Street with abbreviations folded ("12 North Main Street" → "12 n main st")."""
    tokens = fold_words(street).split() if street else []
    return " ".join(STREET_WORDS.get(t, t) for t in tokens)


def street_number(street_norm: str) -> str:
    """The first token with a digit in a normalised street: the house number."""
    for token in street_norm.split():
        if any(c.isdigit() for c in token):
            return token
    return ""


def postcode_normal(postcode: str) -> str:
    return fold_words(postcode).replace(" ", "") if postcode else ""


def linkedin_key(value: str) -> str:
    """A LinkedIn profile link as "in/<handle>" (scheme, host, country prefix, query and slashes dropped)."""
    low = value.strip().lower()
    at = low.find("linkedin.com/")
    path = low[at + len("linkedin.com/") :] if at >= 0 else low
    return path.split("?", 1)[0].split("#", 1)[0].strip("/")
