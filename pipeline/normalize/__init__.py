"""Pure normalisers for lead fields (no database). See docs/ingest-normalize.md.

Text folding, company keys, free-mail domains and employee counts live in leadsite.core.text (enrichment
uses them too)."""

from .companies import company_display
from .countries import country_code
from .domains import email_domain, is_free_mail, linkedin_url, registrable_domain, website_parse
from .names import PersonName, person_name
from .record import FIELD_LIMITS, NORMALIZED_FIELDS, lead_values, split_list
from .titles import DEPARTMENTS, SENIORITY_LEVELS, TitleInfo, title_info

__all__ = [
    "DEPARTMENTS",
    "FIELD_LIMITS",
    "NORMALIZED_FIELDS",
    "SENIORITY_LEVELS",
    "PersonName",
    "TitleInfo",
    "company_display",
    "country_code",
    "email_domain",
    "is_free_mail",
    "lead_values",
    "linkedin_url",
    "person_name",
    "registrable_domain",
    "split_list",
    "title_info",
    "website_parse",
]
