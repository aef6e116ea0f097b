"""Person names: honorifics and credentials removed, "Last, First" reordered, casing repaired, split and joined.

Casing is repaired only when it carries no information (ALL CAPS or all lower case); a name
typed as "DeAndre" or "McKenzie" is left as given. `full_name` keeps a generational suffix
("Jr.", "III") because it identifies the person, and drops honorifics ("Dr.") and credentials ("PhD").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from leadsite.core.text.folding import CACHE_SIZE, clean_text, is_single_case

PREFIXES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "reverend", "hon", "fr",
     "herr", "frau", "mme", "mlle", "m", "sr", "sra", "srta", "dott", "ing", "mag", "lord", "lady", "capt", "col",
     "gen", "lt", "sgt", "maj", "cmdr", "adm", "judge", "rabbi", "imam", "sheikh", "pastor"}
)
# Prefixes that are also common given names or particles; only dropped when followed by two more words.
_AMBIGUOUS_PREFIXES = frozenset({"m", "sr", "fr", "gen", "col", "ing", "mag", "judge", "lord", "lady"})
GENERATIONAL = {"jr": "Jr.", "junior": "Jr.", "sr": "Sr.", "senior": "Sr.", "ii": "II", "iii": "III", "iv": "IV",
                "v": "V", "2nd": "II", "3rd": "III"}
CREDENTIALS = frozenset(
    {"phd", "md", "mba", "cpa", "esq", "dds", "dmd", "cfa", "pe", "rn", "jd", "llm", "msc", "ms", "ma", "ba", "bs",
     "bsc", "mph", "pmp", "cissp", "cisa", "cism", "shrm", "scp", "frcs", "mrcp", "facs", "dvm", "od", "do", "pharmd",
     "edd", "dphil", "mphil", "lcsw", "np", "pa", "cfp", "cma", "acca", "aca", "fca", "cipd", "mcips", "qc", "kc",
     "obe", "mbe", "cbe", "pmp®", "meng", "beng", "dipl", "mag",
     # accounting, finance, HR, project and engineering bodies seen in CRM and LinkedIn exports
     "cgma", "acma", "fcma", "cima", "fcca", "cfe", "caia", "frm", "cips", "mcipd", "chfc", "clu", "cpcu",
     "fsa", "cmgr", "fcmi", "mcmi", "ceng", "cchem", "fiet", "miet", "frics", "mrics", "dipm", "mcim",
     "fcim", "prince2", "sphr", "phr", "gphr", "shrm-cp", "shrm-scp", "cppm", "cscp", "cpim", "mba®",
     "cpa®", "cfa®", "cfp®", "psm", "cspo", "itil", "ceh", "oscp", "ccie", "ccnp", "llb", "lld",
     "mfa", "msw", "dnp", "fnp", "aprn", "cnm", "crna", "facp", "facc", "faap", "frcp", "mrcgp", "mbbs", "mbchb"}
)
# Pronouns people add to their names on LinkedIn: "(she/her)", "(sie/ihr)", "he/him".
_PRONOUNS = re.compile(
    r"\(\s*(?:she|he|they|ze|xe|sie|er|elle|il|iel|ella|él|hen|zij|hij|die)\s*(?:/\s*\w+\s*)+\)"
    r"|\b(?:she/her|he/him|they/them|sie/ihr|er/ihm)(?:/\w+)*\b",
    re.IGNORECASE,
)
PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "degli", "di", "da", "dal", "du", "des", "la", "le", "lo", "dos",
     "das", "do", "ten", "ter", "te", "bin", "binti", "ibn", "al", "el", "y", "zu", "af", "av", "st"}
)
_MAC_NAMES = frozenset(
    {"macdonald", "macleod", "mackenzie", "macgregor", "macintyre", "macarthur", "macmillan", "macneil", "macaulay",
     "mackay", "maclean", "macpherson", "macrae", "macfarlane", "macdougall", "mackinnon", "maclachlan", "macneill",
     "macinnes", "mackintosh", "macquarrie", "macallister", "macalister", "maccormick", "macdermott"}
)
_TOKEN_KEY = re.compile(r"[.,()]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_WORD_JOINS = re.compile(r"(['’\-])")
_VOWELS = frozenset("aeiouy")


class PersonName(NamedTuple):
    first_name: str
    last_name: str
    full_name: str


def _key(token: str) -> str:
    return _TOKEN_KEY.sub("", token).lower()


def _cap_part(part: str) -> str:
    if not part:
        return part
    low = part.lower()
    if low in GENERATIONAL:
        return GENERATIONAL[low]
    if len(low) > 2 and low.startswith("mc"):
        return "Mc" + low[2].upper() + low[3:]
    if low in _MAC_NAMES:
        return "Mac" + low[3].upper() + low[4:]
    return low[0].upper() + low[1:]


def _cap_word(word: str) -> str:
    """'o'brien' → "O'Brien", 'smith-jones' → 'Smith-Jones', "d'angelo" → "D'Angelo"."""
    if word.isalpha():
        return _cap_part(word)
    return "".join(chunk if chunk in ("'", "’", "-") else _cap_part(chunk) for chunk in _WORD_JOINS.split(word))


def recase(name: str, *, particles: bool) -> str:
    """Repair casing where it carries no information: the whole name in one case, or a word of
    three or more letters in capitals (or two or more in lower case) inside a mixed-case name.
    Two-letter capital initials of a given name without a vowel ("JP", "TJ") stay as they are."""
    if not name:
        return name
    single = is_single_case(name)
    words = name.split(" ")
    last = len(words) - 1
    result = []
    for position, word in enumerate(words):
        low = word.lower()
        if particles and low in PARTICLES and position < last:
            result.append(low)
        elif not particles and len(word) == 2 and word.isupper() and not _VOWELS.intersection(low):
            result.append(word)
        elif single or (word.isupper() and len(word) >= 3) or (word.islower() and len(word) >= 2):
            result.append(_cap_word(word))
        else:
            result.append(word)
    return " ".join(result)


def _strip_affixes(tokens: list[str]) -> tuple[list[str], str]:
    """Drop honorifics in front and credentials / generational suffixes behind; return (tokens, suffix)."""
    while len(tokens) > 1 and _key(tokens[0]) in PREFIXES:
        if _key(tokens[0]) in _AMBIGUOUS_PREFIXES and not (tokens[0].endswith(".") or len(tokens) > 2):
            break
        tokens = tokens[1:]
    suffix = ""
    while len(tokens) > 1:
        key = _key(tokens[-1])
        if key in GENERATIONAL and not suffix and (key not in ("v", "sr") or tokens[-1] != tokens[-1].lower()):
            suffix = GENERATIONAL[key]
        elif key not in CREDENTIALS or (key in ("do", "ma", "pa", "ms") and tokens[-1].islower()):
            break
        tokens = tokens[:-1]
    return tokens, suffix


def _split_comma(text: str) -> tuple[str, str | None]:
    """('Sarah Miller', None) for 'Sarah Miller, PhD'; ('Miller', 'Sarah J.') for 'Miller, Sarah J.'."""
    if "," not in text:
        return text, None
    head, _, tail = text.partition(",")
    tail_tokens = tail.replace(",", " ").split()
    if not tail_tokens:
        return head, None
    if all(_key(t) in CREDENTIALS or _key(t) in GENERATIONAL for t in tail_tokens):
        return head + " " + " ".join(tail_tokens), None
    if len(head.split()) <= 3:
        return head, " ".join(tail_tokens)
    return text.replace(",", " "), None


def _parse_full(text: str) -> tuple[str, str, str, str]:
    """(first, last, generational suffix, display form) from a full name in any common form."""
    head, reversed_first = _split_comma(text)
    if reversed_first is not None:
        first_tokens, first_suffix = _strip_affixes(reversed_first.split())
        last_tokens, last_suffix = _strip_affixes(head.split())
        first, last = " ".join(first_tokens), " ".join(last_tokens)
        return first, last, last_suffix or first_suffix, " ".join(p for p in (first, last) if p)
    tokens, suffix = _strip_affixes(head.split())
    if not tokens:
        return "", "", suffix, ""
    display = " ".join(tokens)
    if len(tokens) == 1:
        return tokens[0], "", suffix, display
    # The last name starts at the first particle after the given name ("Ludwig van Beethoven").
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    return tokens[0], " ".join(tokens[start:]), suffix, display


def _name_text(value: str) -> str:
    text = clean_text(value)
    if not text or "@" in text or not _HAS_LETTER.search(text):
        return ""
    if "/" in text:
        text = _PRONOUNS.sub(" ", text)
    if not text.isascii():  # emoji and other pictographs (🚀, ✨) are decoration, not name
        text = "".join(ch for ch in text if unicodedata.category(ch) != "So" and ch != "\ufe0f")
    return " ".join(text.split()).strip(" ,|-")


@lru_cache(maxsize=CACHE_SIZE)
def _given_name(value: str) -> str:
    tokens, _ = _strip_affixes(_name_text(value).replace(",", " ").split())
    return recase(" ".join(tokens), particles=False)


@lru_cache(maxsize=CACHE_SIZE)
def _family_name(value: str) -> tuple[str, str]:
    tokens, suffix = _strip_affixes(_name_text(value).replace(",", " ").split())
    return recase(" ".join(tokens), particles=True), suffix


@lru_cache(maxsize=CACHE_SIZE)
def _full_name(value: str) -> tuple[str, str, str, str]:
    """(first, last, suffix, display) with casing repaired."""
    first, last, suffix, display = _parse_full(_name_text(value))
    if display:
        display = recase(display, particles=True)
        display = display[0].upper() + display[1:]
    return recase(first, particles=False), recase(last, particles=True), suffix, display


def person_name(first: str, last: str, full: str) -> PersonName:
    """Normalise whichever of first / last / full name the file had; fill the missing ones."""
    if first and not last and not full and " " in first.strip(" ,"):
        full, first = first, ""  # a whole name in the first-name column
    elif last and not first and not full and "," in last:
        full, last = last, ""
    first_name = _given_name(first) if first else ""
    last_name, suffix = _family_name(last) if last else ("", "")
    display = ""
    if first_name or last_name:
        if full:
            _, _, full_suffix, display = _full_name(full)
            suffix = suffix or full_suffix
    elif full:
        first_name, last_name, suffix, display = _full_name(full)
    if display:
        full_name = display
    elif first_name and last_name:
        full_name = f"{first_name} {last_name}"
    else:
        full_name = first_name or last_name
    if suffix and full_name and not full_name.endswith(suffix):
        full_name = f"{full_name} {suffix}"
    return PersonName(first_name, last_name, full_name)
