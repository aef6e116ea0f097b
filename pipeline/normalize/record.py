"""Normalise one lead's mapped input (`Lead.raw`) into the values of its model fields. Pure and cached."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from leadsite.core.text.companies import company_key
from leadsite.core.text.counts import employee_count
from leadsite.core.text.folding import CACHE_SIZE, SMALL_CACHE_SIZE, clean_text, truncate

from .companies import company_display
from .countries import country_code
from .domains import email_domain, linkedin_url, website_parse
from .names import person_name
from .titles import title_info

# Column widths of pipeline.models.Lead: values are cut to fit so bulk updates never fail.
FIELD_LIMITS = {
    "first_name": 200, "last_name": 200, "full_name": 400, "email": 320, "phone": 64, "title": 300,
    "title_normalized": 300, "seniority": 32, "department": 64, "linkedin": 500, "company_name": 300,
    "company_key": 300, "domain": 255, "website": 500, "industry": 200, "street": 300, "city": 200, "state": 200,
    "postcode": 32, "country": 2,
}
NORMALIZED_FIELDS = (
    "first_name", "last_name", "full_name", "email", "phone", "title", "title_normalized", "seniority", "department",
    "linkedin", "company_name", "company_key", "domain", "website", "industry", "employee_count", "street", "city",
    "state", "postcode", "country", "signals", "technologies",
)
_PLAIN_FIELDS = ("phone", "industry", "street", "city", "state", "postcode")
LIST_ITEM_LIMIT = 50
_LIST_SPLIT = re.compile(r"\s*[;|\n,]\s*")


def _fit(value: str, field_name: str) -> str:
    limit = FIELD_LIMITS[field_name]
    return value if len(value) <= limit else truncate(value, limit)


@lru_cache(maxsize=SMALL_CACHE_SIZE)
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


def _company(value: str) -> tuple[str, str]:
    return _fit(company_display(value), "company_name"), _fit(company_key(value), "company_key")


@lru_cache(maxsize=CACHE_SIZE)
def _title(value: str) -> tuple[str, str, str, str]:
    info = title_info(value)
    normalized = _fit(info.title_normalized, "title_normalized")
    return _fit(clean_text(value), "title"), normalized, info.seniority, info.department


def _website(value: str) -> tuple[str, str]:
    website, domain = website_parse(value)
    return _fit(website, "website"), domain


def _as_text(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)


def email_as_given(value: str) -> str:
    """Trimmed, NFKC, without a `mailto:` (validation owns the rest)."""
    if not value:
        return ""
    email = clean_text(value)
    return email[7:].strip() if email[:7].lower() == "mailto:" else email


def lead_values(raw: dict[str, Any], *, counters: Counter | None = None) -> dict[str, Any]:
    """Every field normalize writes (exactly NORMALIZED_FIELDS), computed from the raw mapped input only,
    so it is idempotent. `counters` receives domain_from_website / domain_from_email / no_domain,
    country_unrecognised, no_name and title_unrecognised."""
    if not all(type(value) is str for value in raw.values()):
        raw = {key: _as_text(value) for key, value in raw.items() if key != "alternates"}
    get = raw.get
    name = person_name(get("first_name") or "", get("last_name") or "", get("full_name") or "")
    email = email_as_given(get("email") or "")
    title, title_normalized, seniority, department = _title(get("title") or "")
    company_name, key = _company(get("company_name") or "")
    website_raw = get("website") or ""
    linkedin = get("linkedin")
    if not linkedin and "linkedin.com/" in website_raw.lower():
        linkedin, website_raw = website_raw, ""  # a bare "URL" column holding profiles (LinkedIn's own export)
    website, domain = _website(website_raw)
    domain_source = "website" if domain else ""
    if not domain and "@" in email:
        domain = email_domain(email.lower())
        domain_source = "email" if domain else ""
    country_raw = get("country") or ""
    country = country_code(country_raw) if country_raw else ""
    employees = get("employee_count")
    values: dict[str, Any] = {
        "first_name": name.first_name,
        "last_name": name.last_name,
        "full_name": name.full_name,
        "email": email,
        "title": title,
        "title_normalized": title_normalized,
        "seniority": seniority,
        "department": department,
        "linkedin": _fit(linkedin_url(linkedin), "linkedin") if linkedin else "",
        "company_name": company_name,
        "company_key": key,
        "domain": domain,
        "website": website,
        "employee_count": employee_count(employees) if employees else None,
        "country": country,
        "signals": split_list(get("signals")),
        "technologies": split_list(get("technologies")),
    }
    if len(name.full_name) > 200 or len(email) > 320:
        for field_name in ("first_name", "last_name", "full_name", "email"):
            values[field_name] = _fit(values[field_name], field_name)
    for field_name in _PLAIN_FIELDS:
        value = get(field_name)
        values[field_name] = _fit(clean_text(value), field_name) if value else ""
    if counters is not None:
        counters[f"domain_from_{domain_source}" if domain_source else "no_domain"] += 1
        if country_raw and not country and country_raw.strip():
            counters["country_unrecognised"] += 1
        if not name.full_name:
            counters["no_name"] += 1
        if seniority == "unknown" and title:
            counters["title_unrecognised"] += 1
    return values
