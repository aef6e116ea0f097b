"""Header names → lead fields, by synonyms seen in real CRM and data-vendor exports.

Matching works on a key with case, spacing, punctuation, accents and camelCase removed, so
"E-mail Address", "email_address" and "emailAddress" are one header. Columns that map to nothing
are kept in the lead's `extra` under their original name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .header_synonyms import COMPANY_LEVEL, SYNONYMS_BY_LANGUAGE
from .mapping_checks import fields_with_several_columns

LEAD_FIELDS = (
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "title",
    "company_name",
    "website",
    "country",
    "linkedin",
    "industry",
    "employee_count",
    "street",
    "city",
    "state",
    "postcode",
    "signals",
    "technologies",
)

# Parents of nested JSON keys (or header prefixes) that name the company, not the person.
COMPANY_PARENTS = frozenset({"account", "company", "organization", "organisation", "org", "employer", "business"})
COMPANY_LEAVES = {
    "name": "company_name",
    "displayname": "company_name",
    "legalname": "company_name",
    "domain": "website",
    "website": "website",
    "url": "website",
    "homepage": "website",
    "industry": "industry",
    "size": "employee_count",
    "employees": "employee_count",
    "headcount": "employee_count",
    "employeecount": "employee_count",
    "signals": "signals",
    "technologies": "technologies",
    "techstack": "technologies",
}
# Parents of record metadata, never lead data (Salesforce's `attributes.url`, HAL's `_links.self.href`).
METADATA_PARENTS = frozenset({"attributes", "links", "meta", "metadata"})
# Person-level prefixes that can be dropped: "Contact Email", "Person Title", "Mailing City".
DROPPABLE_PREFIXES = (
    "contact", "person", "lead", "prospect", "primary", "mailing", "billing", "work", "business", "current", "main",
    "personal", "your", "my", "customer", "user",
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_CRM_AFFIXES = re.compile(r"(?i)^hs_|__c$")  # Salesforce custom fields (Designation__c), HubSpot (hs_linkedinid)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_TRAILING_DIGITS = re.compile(r"\d+$")


def header_key(name: str) -> str:
    """The matching key of a header: 'E-Mail Address' → 'emailaddress', 'firstName' → 'firstname'."""
    text = unicodedata.normalize("NFKC", name).replace("\ufeff", "").strip()
    if "_" in text:
        text = _CRM_AFFIXES.sub("", text)
    text = _CAMEL.sub(" ", text)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", text.replace("#", " number "))


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for table in SYNONYMS_BY_LANGUAGE.values():
        for field_name, names in table.items():
            for name in names:
                index.setdefault(header_key(name), field_name)
    # "# Employees" becomes "numberemployees"; "No. of Employees" "noofemployees".
    index.setdefault("numberemployees", "employee_count")
    index.setdefault("numberofemployees", "employee_count")
    return index


SYNONYM_INDEX = _build_index()
COMPANY_LEVEL_KEYS = frozenset(header_key(name) for name in COMPANY_LEVEL)


@lru_cache(maxsize=4096)
def map_header(name: str) -> str:
    """The lead field for one header (or flattened JSON key such as 'account.name'), or '' if none fits."""
    key = header_key(name)
    if not key or key in COMPANY_LEVEL_KEYS:
        return ""
    found = SYNONYM_INDEX.get(key)
    if found:
        return found
    parts = [header_key(part) for part in re.split(r"[.\[\]]+", name) if header_key(part)]
    if len(parts) > 1:
        if any(part in METADATA_PARENTS for part in parts[:-1]):
            return ""
        parent, leaf = parts[-2], parts[-1]
        parent = _TRAILING_DIGITS.sub("", parent)
        if parent in COMPANY_PARENTS:
            return COMPANY_LEAVES.get(leaf, "")
        found = SYNONYM_INDEX.get(parent + leaf) or SYNONYM_INDEX.get(leaf)
        if found:
            return found
        key = leaf
    for prefix in COMPANY_PARENTS:
        if key.startswith(prefix) and key[len(prefix):] in COMPANY_LEAVES:
            return COMPANY_LEAVES[key[len(prefix):]]
    for prefix in DROPPABLE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            found = SYNONYM_INDEX.get(key[len(prefix):])
            if found:
                return found
    stripped = _TRAILING_DIGITS.sub("", key)
    if stripped != key and stripped:
        return map_header(stripped)
    return ""


def unique_columns(names: list[str]) -> list[str]:
    """Header names made unique and never empty: a second 'Email' becomes 'Email (2)', a blank one 'column_4'."""
    seen: dict[str, int] = {}
    result = []
    for position, raw in enumerate(names, start=1):
        name = raw.replace("\ufeff", "").strip() or f"column_{position}"
        count = seen.get(name.lower(), 0) + 1
        seen[name.lower()] = count
        result.append(name if count == 1 else f"{name} ({count})")
    return result


# A bare "Name" is the person's in a contact list and the company's in an account list (CRM account exports,
# company databases): it is the company's when no column names a person or a company and some column
# describes a company.
_PERSON_FIELDS = frozenset({"first_name", "last_name", "email", "title", "linkedin"})
_COMPANY_CONTEXT = frozenset({"website", "industry", "employee_count", "technologies"})
_BARE_NAMES = frozenset({"name", "displayname"})


def columns_map(columns: list[str], *, filled: dict[str, int] | None = None,
                notes: list[str] | None = None) -> dict[str, str]:
    """Map every column. Email and phone may take several columns (alternates); for any other field that
    several columns name, the one with most values in the sample (`filled`; ties: the leftmost) is mapped
    and the others are kept as extra columns, with a note saying so."""
    mapping = {column: map_header(column) for column in columns}
    fields = set(mapping.values())
    if "company_name" not in fields and not fields & _PERSON_FIELDS and fields & _COMPANY_CONTEXT:
        for column, field_name in mapping.items():
            if field_name == "full_name" and header_key(column) in _BARE_NAMES:
                mapping[column] = "company_name"
    for field_name, several in fields_with_several_columns(mapping).items():
        order = {column: position for position, column in enumerate(several)}
        kept = max(several, key=lambda c: ((filled or {}).get(c, 0), -order[c]))
        others = [c for c in several if c != kept]
        for column in others:
            mapping[column] = ""
        if notes is not None:
            label = field_name.replace("_", " ")
            dropped = ", ".join(f"'{c}'" for c in others)
            notes.append(f"'{kept}' is used as {label}; {dropped} also looked like {label} and "
                         f"{'is' if len(others) == 1 else 'are'} kept as extra column(s).")
    return mapping
