"""Per-address flags: disposable domain, free-mail provider, provider typo.

Role accounts (info@, sales@) are told by `leadsite.core.text.mailboxes`.
"""

from __future__ import annotations

import functools

import disposable_email_domains
from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

from leadsite.core.text.mail_domains import PUBLISHED_FREE_MAIL_DOMAINS

DISPOSABLE_DOMAINS: frozenset[str] = frozenset(disposable_email_domains.blocklist)
# Free providers that are not throwaway ones (those are flagged disposable instead).
_FREE_NOT_DISPOSABLE: frozenset[str] = PUBLISHED_FREE_MAIL_DOMAINS - DISPOSABLE_DOMAINS


# Providers whose near-misses are worth a suggestion (typos of rare domains are just other domains).
COMMON_PROVIDERS = (
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "ymail.com", "hotmail.com",
    "hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com", "msn.com", "icloud.com", "me.com", "aol.com",
    "protonmail.com", "proton.me", "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru", "qq.com",
    "comcast.net", "verizon.net", "att.net", "orange.fr", "free.fr", "t-online.de", "libero.it",
)

_SUGGESTIBLE = tuple(p for p in COMMON_PROVIDERS if len(p) >= 7)


def _parents(domain: str):
    labels = domain.split(".")
    for i in range(len(labels) - 1):
        yield ".".join(labels[i:])


@functools.lru_cache(maxsize=65536)
def domain_is_disposable(domain: str) -> bool:
    return any(parent in DISPOSABLE_DOMAINS for parent in _parents(domain))


def domain_is_free(domain: str) -> bool:
    return domain in _FREE_NOT_DISPOSABLE


@functools.lru_cache(maxsize=65536)
def domain_typo_suggestion(domain: str) -> str | None:
    """A common provider one or two edits away (gmial.com → gmail.com); reported, never applied."""
    if domain in _FREE_NOT_DISPOSABLE or domain in COMMON_PROVIDERS or len(domain) < 7:
        return None
    match = extractOne(domain, _SUGGESTIBLE, scorer=OSA.distance, score_cutoff=2)
    if match is None:
        return None
    provider, distance, _ = match
    # Two edits only between long names of equal length (gmaill.co → gmail.com), else acme.com → me.com.
    if distance == 2 and (len(provider) != len(domain) or len(domain) < 9):
        return None
    return provider
