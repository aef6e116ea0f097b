"""Company names as keys. Three keys for three jobs; each is stored or compared as it is, so none may change:

- `company_key`: the lead's match key (Lead.company_key): accent-folded, '&' → 'and', punctuation and a long list
  of leading/trailing legal forms removed: `company_key("Société Générale S.A.") == "societe generale"`.
- `company_name_key`: the enrichment lookup key (cache entries, predictions, dataset index): Unicode words kept
  as they are, a few trailing legal forms removed: "ACME, Inc." → "acme".
- `company_tokens`: dedup's comparison tokens: ASCII words without legal forms and filler words anywhere
  ("The Acme Group, Inc." → ("acme",)).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .folding import CACHE_SIZE, clean_text, fold, fold_words

# Legal forms, after dots are removed and '&' became 'and'; matched as whole trailing token runs.
LEGAL_SUFFIXES = (
    "inc", "incorporated", "llc", "l l c", "llp", "lllp", "lp", "ltd", "limited", "corp", "corporation", "co",
    "company", "plc", "gmbh", "mbh", "ag", "kg", "kgaa", "ohg", "ug", "ev", "gbr", "se", "sa", "sas", "sasu",
    "sarl", "eurl", "sca", "snc", "bv", "bvba", "nv", "vof", "cv", "ab", "hb", "oy", "oyj", "as", "asa", "aps",
    "a s", "spa", "s p a", "srl", "srls", "sl", "slu", "sa de cv", "s de rl", "s de rl de cv", "sapi de cv",
    "ltda", "lda", "eireli", "kk", "gk", "yk", "pty", "pty ltd", "pvt", "pvt ltd", "private limited", "pte",
    "pte ltd", "sdn bhd", "bhd", "tbk", "ooo", "zao", "oao", "pao", "pjsc", "jsc", "ojsc", "cjsc", "kft", "zrt",
    "nyrt", "doo", "dd", "ad", "sro", "as", "spol s ro", "sp z oo", "sp zoo", "s a", "s r l", "sp j", "ska",
    "ltd co", "co ltd", "coltd", "corp ltd", "company limited", "llc inc", "inc ltd",
    "gmbh and co kg", "gmbh and co", "ag and co kg", "and co", "and co kg", "unlimited", "ulc",
    "professional corporation", "pc", "pllc", "cic", "cio", "fze", "fzco", "fzllc", "fz llc", "wll", "spc", "saog",
    "psc", "ksc", "bsc", "qsc", "qpsc",
)
_MAX_SUFFIX_TOKENS = 5
_SUFFIX_SET = frozenset(tuple(s.split()) for s in LEGAL_SUFFIXES)
_SUFFIX_LAST = frozenset(words[-1] for words in _SUFFIX_SET)
_LEADING = frozenset({"the", "pt", "cv", "ooo", "zao", "oao", "pao", "kk"})
_DOTLESS = re.compile(r"[.'’`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=CACHE_SIZE)
def company_key(name: str) -> str:
    """Lower-case, accent-folded, '&' → 'and', punctuation and trailing legal forms removed."""
    text = fold(clean_text(name))
    if not text:
        return ""
    text = text.replace("&", " and ").replace("+", " and ")
    text = _DOTLESS.sub("", text)
    tokens = _NON_WORD.sub(" ", text).split()
    if not tokens:
        return ""
    original = tokens
    while len(tokens) > 1 and tokens[0] in _LEADING:
        tokens = tokens[1:]
    stripped = True
    while stripped and len(tokens) > 1 and tokens[-1] in _SUFFIX_LAST:
        stripped = False
        for size in range(min(_MAX_SUFFIX_TOKENS, len(tokens) - 1), 0, -1):
            if tuple(tokens[-size:]) in _SUFFIX_SET:
                tokens = tokens[:-size]
                stripped = True
                break
    return " ".join(tokens or original)


LOOKUP_LEGAL_SUFFIXES = frozenset(
    """inc incorporated llc ltd limited corp corporation co company plc gmbh ag sa sas sarl bv nv oy ab as
    spa srl pty pte kk""".split()
)
_LOOKUP_NON_WORD = re.compile(r"[^\w\s]+", re.UNICODE)
_LOOKUP_SPACES = re.compile(r"\s+")


def company_name_key(name: str) -> str:
    """Lower-case words without punctuation or trailing legal forms: "ACME, Inc." → "acme"."""
    words = _LOOKUP_SPACES.sub(" ", _LOOKUP_NON_WORD.sub(" ", (name or "").lower())).split()
    while len(words) > 1 and words[-1] in LOOKUP_LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


# Legal forms and filler words that do not identify a company.
COMPANY_STOPWORDS = frozenset(
    """
    inc incorporated corp corporation co company cos llc l l c ltd limited plc lp llp pllc pc pty gmbh ag kg ohg
    sa sas sarl srl spa bv nv oy ab as asa aps kk sl sc se the and of group holding holdings intl international
    """.split()
)


@lru_cache(maxsize=100_000)
def company_tokens(name: str) -> tuple[str, ...]:
    """Company name tokens without legal forms and filler words ("The Acme Corp., Inc." → ("acme",))."""
    folded = fold_words(name.replace("&", " and ").replace("'", "").replace("’", "")) if name else ""
    tokens = tuple(t for t in folded.split() if t not in COMPANY_STOPWORDS)
    return tokens or tuple(folded.split())
