"""Normalise one lead's mapped input (`Lead.raw`) into the values of its model fields. Pure and cached."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .companies import company_display, company_key
from .countries import country_code
from .counts import employee_count
from .domains import email_domain, linkedin_url, website_parse
from .names import person_name
from .text import clean_text, truncate
from .titles import title_info

# Column widths of pipeline.models.Lead: values are cut to fit so bulk updates never fail.
FIELD_LIMITS = {
    "first_name": 200, "last_name": 200, "full_name": 400, "email": 320, "phone": 64, "title": 300,
    "title_normalized": 300, "seniority": 32, "department": 64, "linkedin": 500, "company_name": 300,
    "company_key": 300, "domain": 255, "website": 500, "industry": 200, "street": 300, "city": 200, "state": 200,
    "postcode": 32, "country": 2,
}
_PLAIN_FIELDS = ("phone", "industry", "street", "city", "state", "postcode")
LIST_ITEM_LIMIT = 50
_LIST_SPLIT = re.compile(r"\s*[;|\n,]\s*")


def _fit(value: str, field_name: str) -> str:
    limit = FIELD_LIMITS[field_name]
    return value if len(value) <= limit else truncate(value, limit)


@lru_cache(maxsize=16384)
def _split_text(value: str) -> tuple[str, ...]:
    seen: set[str] = set()
    result = []
    for item in _LIST_SPLIT.split(clean_text(value)):
        item = truncate(item.strip(" \"'[]"), 100)
        if item and item.lower() not in seen:
            seen.add(item.lower())
            result.append(item)
    return tuple(result[:LIST_ITEM_LIMIT])


def split_list(value: Any) -> list[str]:
    """'Series B; Hiring, hiring' → ['Series B', 'Hiring'] (order kept, case-insensitive duplicates dropped)."""
    if not value:
        return []
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value if v is not None)
    return list(_split_text(str(value)))


@lru_cache(maxsize=65536)
def _company(value: str) -> tuple[str, str]:
    return _fit(company_display(value), "company_name"), _fit(company_key(value), "company_key")


@lru_cache(maxsize=65536)
def _title(value: str) -> tuple[str, str, str, str]:
    info = title_info(value)
    normalized = _fit(info.title_normalized, "title_normalized")
    return _fit(clean_text(value), "title"), normalized, info.seniority, info.department


@lru_cache(maxsize=65536)
def _website(value: str) -> tuple[str, str]:
    website, domain = website_parse(value)
    return _fit(website, "website"), domain


def lead_values(raw: dict[str, Any]) -> dict[str, Any]:
    """Every field normalize writes, computed from the raw mapped input only (so it is idempotent).

    Two extra keys describe what happened: `_domain_source` ("website", "email" or "") and
    `_country_unrecognised`.
    """

    def get(key: str, default: str = "") -> str:
        value = raw.get(key)
        if not value:
            return default
        if type(value) is str:
            return value
        return "; ".join(map(str, value)) if isinstance(value, list) else str(value)

    name = person_name(get("first_name", ""), get("last_name", ""), get("full_name", ""))
    email = clean_text(get("email", ""))
    if email[:7].lower() == "mailto:":
        email = email[7:].strip()
    title, title_normalized, seniority, department = _title(get("title", ""))
    company_name, key = _company(get("company_name", ""))
    website, domain = _website(get("website", ""))
    domain_source = "website" if domain else ""
    if not domain and "@" in email:
        domain = email_domain(email.lower())
        domain_source = "email" if domain else ""
    country_raw = get("country", "")
    country = country_code(country_raw) if country_raw else ""
    values: dict[str, Any] = {
        "first_name": _fit(name.first_name, "first_name"),
        "last_name": _fit(name.last_name, "last_name"),
        "full_name": _fit(name.full_name, "full_name"),
        "email": _fit(email, "email"),
        "title": title,
        "title_normalized": title_normalized,
        "seniority": seniority,
        "department": department,
        "linkedin": _fit(linkedin_url(get("linkedin", "")), "linkedin"),
        "company_name": company_name,
        "company_key": key,
        "domain": domain,
        "website": website,
        "employee_count": employee_count(get("employee_count", "")),
        "country": country,
        "signals": split_list(raw.get("signals")),
        "technologies": split_list(raw.get("technologies")),
        "_domain_source": domain_source,
        "_country_unrecognised": bool(country_raw.strip()) and not country,
    }
    for field_name in _PLAIN_FIELDS:
        value = get(field_name)
        values[field_name] = _fit(clean_text(value), field_name) if value else ""
    return values
