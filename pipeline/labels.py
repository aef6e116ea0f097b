"""Human names for every code the pipeline writes: one mapping for the pages, the CSV and the API docs.

`label(kind, code)` never returns a bare code: an unmapped one is spelled out ("new_code" → "New code"),
so a code added later still reads as words until it gets its own name here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from enrichment.provider_labels import PROVIDER_LABELS
from pipeline.validation.statuses import EmailStatus, PhoneStatus

LEAD_STATUS = {"QUALIFIED": "Qualified", "REJECTED": "Rejected", "DUPLICATE": "Duplicate", "PENDING": "Pending"}

BATCH_STATUS = {"pending": "Waiting", "running": "Running", "completed": "Completed", "failed": "Failed",
                "cancelled": "Cancelled"}

# The spec's six phases (and the closing step): what each does, in words.
PHASE = {
    "ingest": "Read the file",
    "normalize": "Clean names, titles and companies",
    "validate": "Check emails and phones",
    "enrich": "Look up companies",
    "dedup": "Find duplicates",
    "score": "Score and qualify",
    "finalize": "Count and close",
}
PHASE_STATUS = {"pending": "Waiting", "running": "Running", "done": "Done", "failed": "Failed", "skipped": "Skipped"}

EMAIL_STATUS = {
    EmailStatus.VERIFIED_DELIVERABLE: "Deliverable (mailbox confirmed)",
    EmailStatus.ACCEPT_ALL: "Accepts all mail (catch-all domain)",
    EmailStatus.DELIVERABLE_UNVERIFIED: "Mail servers found (mailbox not probed)",
    EmailStatus.UNKNOWN: "Unknown (not checked)",
    EmailStatus.UNDELIVERABLE: "Undeliverable",
    EmailStatus.INVALID_DOMAIN: "Domain does not exist",
    EmailStatus.INVALID_SYNTAX: "Not a valid address",
    EmailStatus.DISPOSABLE: "Disposable address",
    EmailStatus.MISSING: "No email",
}

PHONE_STATUS = {
    PhoneStatus.MOBILE_ACTIVE: "Mobile, active (carrier confirmed)",
    PhoneStatus.MOBILE: "Mobile",
    PhoneStatus.LANDLINE: "Landline",
    PhoneStatus.FIXED_LINE_OR_MOBILE: "Landline or mobile",
    PhoneStatus.VOIP: "Internet phone (VoIP)",
    PhoneStatus.TOLL_FREE: "Toll-free",
    PhoneStatus.OTHER: "Other (premium, shared, pager…)",
    PhoneStatus.INVALID: "Not a valid number",
    PhoneStatus.MISSING: "No phone",
}

SENIORITY = {"owner": "Owner / founder", "c_level": "C-level executive", "vp": "Vice president",
             "director": "Director", "head": "Head of department", "manager": "Manager", "senior": "Senior",
             "entry": "Entry level", "intern": "Intern", "unknown": "Unknown", "": "Unknown"}

DEPARTMENT = {"sales": "Sales", "marketing": "Marketing", "engineering": "Engineering", "it": "IT",
              "finance": "Finance", "hr": "People (HR)", "operations": "Operations", "product": "Product",
              "legal": "Legal", "support": "Customer support", "executive": "Executive", "other": "Other",
              "unknown": "Unknown", "": "Unknown"}

# Why a lead was rejected (or may be): reason codes of every phase.
REASON = {
    "unreadable_row": "Row could not be read",
    "ragged_row": "Row had the wrong number of columns",
    "email_invalid_syntax": "Email address is not valid",
    "email_typo": "Email domain looks like a typo",
    "email_disposable": "Disposable email address",
    "email_invalid_domain": "Email domain does not exist",
    "email_undeliverable": "Email cannot receive mail",
    "email_unknown": "Email could not be checked",
    "email_missing": "No email",
    "phone_invalid": "Phone number is not valid",
    "company_not_found": "Company not found by any source",
    "duplicate": "Duplicate of another lead",
    "no_contact": "No email and no phone",
    "no_identity": "No name and no email",
    "country_excluded": "Country not in your target list",
    "seniority_below_minimum": "Seniority below your minimum",
    "below_threshold": "Score below the qualification threshold",
}
# Gates name a status (email_<status>, phone_<status>): give each its reason label.
REASON.update({f"phone_{status.value}": f"Phone: {name}" for status, name in PHONE_STATUS.items()
               if f"phone_{status.value}" not in REASON})

# Validation evidence: the checks and what each answered.
CHECK = {"syntax": "Address format", "disposable_list": "Disposable-domain list", "dns": "Mail servers (DNS)",
         "smtp": "Mailbox (SMTP probe)", "parse": "Number format", "carrier": "Carrier lookup"}
CHECK_RESULT = {
    "valid": "Valid", "invalid": "Not valid", "skipped": "Not checked", "listed": "On the list",
    "mx": "Mail servers found", "a_fallback": "No MX, but the domain receives mail itself",
    "null_mx": "Domain accepts no mail", "no_mail_host": "No mail server", "nxdomain": "Domain does not exist",
    "timeout": "No answer in time", "servfail": "DNS server failure", "error": "Could not check",
    "resolver_unavailable": "DNS resolver unavailable",
    "accepted": "Mailbox accepted", "rejected": "Mailbox rejected", "tempfail": "Temporary refusal (try later)",
    "blocked": "Refused by policy", "rate_limited": "Not probed (rate limit)",
}
# Details the checks record in the operator's terms, said for customers.
CHECK_DETAIL = {"EMAIL_DNS_CHECKS is off": "DNS checks are switched off on this service",
                "EMAIL_SMTP_PROBE is off": "Mailbox probing is switched off on this service",
                "address needs SMTPUTF8": "The address has non-ASCII letters; mail servers cannot be asked about it"}
PHONE_TYPE = {"fixed_line": "Landline", "mobile": "Mobile", "fixed_line_or_mobile": "Landline or mobile",
              "toll_free": "Toll-free", "premium_rate": "Premium rate", "shared_cost": "Shared cost",
              "voip": "VoIP", "personal_number": "Personal number", "pager": "Pager", "uan": "Company number (UAN)",
              "voicemail": "Voicemail", "unknown": "Unknown"}
REGION_SOURCE = {"country": "the lead's country", "number": "the number itself",
                 "domain_tld": "the website's country domain",
                 "default": "your organisation's default country", "none": "nothing (no hint)"}

ENRICHMENT_STATUS = {"enriched": "Found", "not_found": "Not found", "skipped": "Not looked up"}
ENRICHMENT_SOURCE = {"l1": "Memory cache", "l2": "Shared cache", "similarity": "Cache (similar name)",
                     "provider": "Looked up", "chunk": "Same company as an earlier row", "negative": "Cached miss"}
PROVIDER = PROVIDER_LABELS
LEAD_FIELD = {"industry": "Industry", "employee_count": "Employees", "signals": "Signals",
              "technologies": "Technologies", "company_name": "Company name", "name": "Company name",
              "first_name": "First name", "last_name": "Last name", "full_name": "Name", "email": "Email",
              "phone": "Phone", "company": "Company", "domain": "Website domain", "street": "Street",
              "city": "City", "postcode": "Postcode", "state": "State", "country": "Country",
              "linkedin": "LinkedIn", "title": "Title", "website": "Website"}
MATCH_LEVEL = {"exact": "Identical", "nickname": "Nickname", "typo": "Typo", "initial": "Initial",
               "similar": "Similar", "contained": "One contains the other", "same_local": "Same name before @",
               "same_number": "Same house number", "different": "Different"}

SCORE_RULE = {"seniority": "Seniority", "department": "Department", "title_keywords": "Title keywords",
              "company_size": "Company size", "industry": "Industry", "signals": "Buying signals",
              "technologies": "Technologies", "country": "Country", "email_status": "Email",
              "phone_status": "Phone", "completeness": "Complete record"}

KINDS: dict[str, dict[str, str]] = {
    "lead_status": LEAD_STATUS, "batch_status": BATCH_STATUS, "phase": PHASE, "phase_status": PHASE_STATUS,
    "email_status": EMAIL_STATUS, "phone_status": PHONE_STATUS, "seniority": SENIORITY, "department": DEPARTMENT,
    "reason": REASON, "check": CHECK, "check_result": CHECK_RESULT, "phone_type": PHONE_TYPE,
    "region_source": REGION_SOURCE, "enrichment_status": ENRICHMENT_STATUS, "enrichment_source": ENRICHMENT_SOURCE,
    "provider": PROVIDER, "lead_field": LEAD_FIELD, "match_level": MATCH_LEVEL, "score_rule": SCORE_RULE,
}


def spelled_out(code: str) -> str:
    """A code as words: "new_code" → "New code"."""
    text = str(code).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def label(kind: str, code: Any) -> str:
    """The human name of `code` in `kind` (a key of KINDS); an unmapped code is spelled out."""
    if code is None or code == "":
        return KINDS[kind].get("", "")
    return KINDS[kind].get(code) or spelled_out(code)


def reason_label(code: str) -> str:
    """A reason code's label; gates named after an email status (email_<status>) share the email's label."""
    if code in REASON:
        return REASON[code]
    if code.startswith("email_") and code[6:] in EMAIL_STATUS:
        return f"Email: {EMAIL_STATUS[code[6:]]}"
    return spelled_out(code)


def reasons_unique(reasons: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Reasons once per code, in order: validation's finding and scoring's gate on the same code
    become one entry (the first message, which is the more specific; `gate` if either is a gate)."""
    merged: dict[str, dict[str, Any]] = {}
    for reason in reasons or []:
        code = str(reason.get("code") or "")
        entry = merged.get(code)
        if entry is None:
            merged[code] = {"code": code, "label": reason_label(code), "message": reason.get("message") or "",
                            "phase": reason.get("phase") or "", "gate": bool(reason.get("gate"))}
        else:
            entry["gate"] = entry["gate"] or bool(reason.get("gate"))
    return list(merged.values())


def reasons_text(reasons: Iterable[dict[str, Any]] | None) -> list[str]:
    """One sentence per distinct reason (the CSV's `reasons` column and the batch page's Why column)."""
    return [r["message"] or r["label"] for r in reasons_unique(reasons)]


def choices_description(kind: str) -> str:
    """`code` — label, one per line: for API docs (OpenAPI descriptions) and docs/."""
    return "\n".join(f"- `{code}`: {name}" for code, name in KINDS[kind].items() if code)
