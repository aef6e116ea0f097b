"""Text clean-up and folding shared by the apps: NFKC, no control characters, single spaces, accent folding.

Two foldings, for two jobs (their outputs are stored or compared, so neither may change):
- `fold` keeps punctuation and maps ß, ø, æ, ł … to letters: lead fields are normalised with it (company keys,
  countries, titles);
- `fold_words` keeps only ASCII letters and digits, one space between words: dedup compares records with it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Entries per normaliser cache. Memory stays bounded (≈ 50 MB with every cache full) while values
# that repeat within a file (companies, hosts, titles, given names) are computed once.
CACHE_SIZE = 16384
SMALL_CACHE_SIZE = 4096

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters NFKD does not decompose into base + accent.
_FOLD_EXTRA = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d",
     "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i"}
)


def clean_text(value: object) -> str:
    """NFKC, control and zero-width characters removed, whitespace runs collapsed to one space, trimmed."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        if text.isprintable() and "  " not in text:
            return text.strip()
    else:
        text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case ASCII-ish form for matching: 'Société Générale' → 'societe generale'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return _COMBINING.sub("", decomposed).lower()


@lru_cache(maxsize=100_000)
def fold_words(value: str) -> str:
    """Words to compare records on: lower-case ASCII without accents (ß, ø … have no ASCII form and are
    dropped), every run of punctuation and space one space: "Société-Générale, S.A." → "societe generale s a"."""
    if not value:
        return ""
    if value.isascii() and value.isalpha():
        return value.lower()
    if not value.isascii():
        value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", value.lower()).strip()


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip()


def is_single_case(text: str) -> bool:
    """True when the letters are ALL CAPS or all lower case, i.e. the casing carries no information."""
    return text.isupper() or text.islower()
