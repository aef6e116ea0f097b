"""Country names, codes and common variants → ISO 3166-1 alpha-2, from pycountry plus an alias table."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from leadsite.core.text.folding import SMALL_CACHE_SIZE, clean_text, fold

# Variants pycountry does not know: abbreviations, endonyms, old and informal names.
ALIASES = {
    "usa": "US", "us": "US", "u s": "US", "u s a": "US", "united states of america": "US", "america": "US",
    "united states": "US", "the united states": "US", "estados unidos": "US", "etats unis": "US",
    "vereinigte staaten": "US",
    "uk": "GB", "u k": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "united kingdom": "GB", "the united kingdom": "GB", "gb": "GB", "reino unido": "GB",
    "royaume uni": "GB", "grossbritannien": "GB",
    "deutschland": "DE", "germany": "DE", "allemagne": "DE", "alemania": "DE", "germania": "DE",
    "espana": "ES", "espagne": "ES", "spanien": "ES", "spagna": "ES",
    "france": "FR", "frankreich": "FR", "francia": "FR",
    "italia": "IT", "italien": "IT", "italie": "IT",
    "nederland": "NL", "the netherlands": "NL", "holland": "NL", "niederlande": "NL", "pays bas": "NL",
    "belgie": "BE", "belgique": "BE", "belgien": "BE",
    "schweiz": "CH", "suisse": "CH", "svizzera": "CH", "switzerland": "CH",
    "osterreich": "AT", "oesterreich": "AT", "autriche": "AT",
    "sverige": "SE", "norge": "NO", "danmark": "DK", "suomi": "FI", "island": "IS", "eire": "IE",
    "polska": "PL", "cesko": "CZ", "czech republic": "CZ", "czechia": "CZ", "slovensko": "SK", "magyarorszag": "HU",
    "hrvatska": "HR", "srbija": "RS", "slovenija": "SI", "romania": "RO", "bulgaria": "BG", "ellada": "GR",
    "turkey": "TR", "turkiye": "TR", "russia": "RU", "russian federation": "RU", "rossiya": "RU", "ukraina": "UA",
    "brasil": "BR", "brazil": "BR", "mexico": "MX", "argentina": "AR", "peru": "PE",
    "south korea": "KR", "korea": "KR", "republic of korea": "KR", "korea south": "KR", "korea republic of": "KR",
    "north korea": "KP", "korea north": "KP", "dprk": "KP",
    "uae": "AE", "u a e": "AE", "emirates": "AE", "united arab emirates": "AE", "dubai": "AE", "abu dhabi": "AE",
    "ksa": "SA", "saudi": "SA", "saudi arabia": "SA",
    "vietnam": "VN", "viet nam": "VN", "laos": "LA", "iran": "IR", "syria": "SY", "taiwan": "TW",
    "republic of china": "TW",
    "china": "CN", "prc": "CN", "people s republic of china": "CN", "peoples republic of china": "CN", "zhongguo": "CN",
    "hong kong": "HK", "hong kong sar": "HK", "macau": "MO", "macao": "MO",
    "nippon": "JP", "nihon": "JP", "japan": "JP",
    "india": "IN", "bharat": "IN",
    "ivory coast": "CI", "cote d ivoire": "CI", "cote divoire": "CI",
    "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "macedonia": "MK", "north macedonia": "MK",
    "the gambia": "GM", "gambia": "GM", "the bahamas": "BS", "bahamas": "BS", "cape verde": "CV", "swaziland": "SZ",
    "burma": "MM", "myanmar": "MM", "east timor": "TL", "czechoslovakia": "CZ", "kosovo": "XK",
    "palestine": "PS", "vatican": "VA", "vatican city": "VA", "holy see": "VA", "congo": "CG",
    "democratic republic of the congo": "CD", "drc": "CD", "dr congo": "CD", "congo kinshasa": "CD",
    "congo brazzaville": "CG", "republic of the congo": "CG", "micronesia": "FM", "brunei": "BN",
    "st lucia": "LC", "saint lucia": "LC", "st kitts and nevis": "KN", "st vincent and the grenadines": "VC",
    "trinidad": "TT", "trinidad tobago": "TT", "antigua": "AG", "bosnia": "BA", "bosnia herzegovina": "BA",
    "falklands": "FK", "the philippines": "PH", "philippines": "PH", "new zealand": "NZ", "nz": "NZ", "aotearoa": "NZ",
    "australia": "AU", "oz": "AU", "south africa": "ZA", "rsa": "ZA", "canada": "CA",
    "puerto rico": "PR", "luxemburg": "LU", "lietuva": "LT", "latvija": "LV", "eesti": "EE",
}
_NON_WORD = re.compile(r"[^0-9a-z]+")


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", fold(text).replace("&", " and ")).strip()


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(_key(value), code)
                if "," in value:  # "Korea, Republic of" → also "Republic of Korea"
                    head, _, tail = value.partition(",")
                    index.setdefault(_key(f"{tail} {head}"), code)
    for alias, code in ALIASES.items():
        index[_key(alias)] = code
    return index


COUNTRY_INDEX = _build_index()


@lru_cache(maxsize=SMALL_CACHE_SIZE)
def country_code(value: str) -> str:
    """ISO 3166-1 alpha-2 for 'USA', 'U.K.', 'Deutschland', 'España', 'deu', 'San Francisco, CA, United States';
    '' when not recognised."""
    text = clean_text(value)
    if not text:
        return ""
    key = _key(text)
    found = COUNTRY_INDEX.get(key) or COUNTRY_INDEX.get(key.replace(" ", ""))
    if found:
        return found
    if key.startswith("the "):
        found = COUNTRY_INDEX.get(key[4:])
        if found:
            return found
    if "," in text or "/" in text or "-" in text:
        # "Berlin, Germany", "Paris / France": the country is usually the last part.
        last = re.split(r"[,/-]", text)[-1]
        return country_code(last) if last.strip() and last != text else ""
    return ""
