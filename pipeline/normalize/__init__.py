"""Pure normalisers for lead fields (no database). See docs/ingest-normalize.md."""

from .companies import company_display, company_key
from .countries import country_code
from .counts import employee_count
from .domains import email_domain, is_free_mail, linkedin_url, registrable_domain, website_parse
from .names import PersonName, person_name
from .record import FIELD_LIMITS, NORMALIZED_FIELDS, lead_values, split_list
from .text import clean_text, fold
from .titles import DEPARTMENTS, SENIORITY_LEVELS, TitleInfo, title_info

__all__ = [
    "DEPARTMENTS",
    "FIELD_LIMITS",
    "NORMALIZED_FIELDS",
    "SENIORITY_LEVELS",
    "PersonName",
    "TitleInfo",
    "clean_text",
    "company_display",
    "company_key",
    "country_code",
    "email_domain",
    "employee_count",
    "fold",
    "is_free_mail",
    "lead_values",
    "linkedin_url",
    "person_name",
    "registrable_domain",
    "split_list",
    "title_info",
    "website_parse",
]
