"""Company names as shown: a display form (the match key is leadsite.core.text.companies.company_key)."""

from __future__ import annotations

import re
from functools import lru_cache

from leadsite.core.text.folding import CACHE_SIZE, clean_text, is_single_case

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
