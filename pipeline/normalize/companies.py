"""Company names: a display form and a match key without legal form, accents or punctuation.

`company_key("Société Générale S.A.") == company_key("societe generale") == "societe generale"`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import CACHE_SIZE, clean_text, fold, is_single_case

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
# Legal forms shown in their usual casing when a name is re-cased.
DISPLAY_FORMS = {
    "inc": "Inc", "llc": "LLC", "llp": "LLP", "lp": "LP", "ltd": "Ltd", "plc": "PLC", "gmbh": "GmbH", "ag": "AG",
    "kg": "KG", "sa": "SA", "sas": "SAS", "sarl": "SARL", "bv": "BV", "nv": "NV", "ab": "AB", "oy": "Oy", "spa": "SpA",
    "srl": "SRL", "sl": "SL", "kk": "KK", "pty": "Pty", "pvt": "Pvt", "pte": "Pte", "corp": "Corp", "co": "Co",
    "se": "SE", "aps": "ApS", "asa": "ASA", "as": "AS", "llc.": "LLC.", "inc.": "Inc.", "ltd.": "Ltd.",
    "corp.": "Corp.", "co.": "Co.", "s.a.": "S.A.", "b.v.": "B.V.", "n.v.": "N.V.", "s.p.a.": "S.p.A.",
    "gmbh.": "GmbH.", "plc.": "PLC.",
}
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "at", "by", "to", "de", "du", "des", "la", "le",
                          "und"})
_ACRONYM = re.compile(r"^[A-Z0-9&]{2,3}$")
_DOTLESS = re.compile(r"[.'’`´]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_QUOTES = "\"'“”‘’«»`"


@lru_cache(maxsize=CACHE_SIZE)
def company_display(name: str) -> str:
    """Trimmed name; ALL CAPS / all lower re-cased ("ACME CORP" → "Acme Corp"), short acronyms kept ("IBM")."""
    text = clean_text(name).strip(_QUOTES + " ,;")
    if not text or not is_single_case(text):
        return text
    upper = text.isupper()
    words = text.split(" ")
    out = []
    for position, word in enumerate(words):
        low = word.lower()
        if low in DISPLAY_FORMS and position > 0:
            out.append(DISPLAY_FORMS[low])
        elif position > 0 and low in _SMALL_WORDS:
            out.append(low)
        elif upper and _ACRONYM.match(word):
            out.append(word)
        elif "-" in low:
            out.append("-".join(part.capitalize() for part in low.split("-")))
        else:
            out.append(low.capitalize())
    return " ".join(out)


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
