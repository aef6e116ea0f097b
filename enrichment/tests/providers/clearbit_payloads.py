"""Answers in the Clearbit schema (Clearbit's API, and Hunter's enrichment endpoints)."""

CLEARBIT_COMPANY = {
    "id": "3f5d6a4e-c284-4f78-bfdf-7669b45af907",
    "name": "Stripe",
    "legalName": "Stripe, Inc.",
    "domain": "stripe.com",
    "category": {
        "sector": "Information Technology",
        "industryGroup": "Software & Services",
        "industry": "Internet Software & Services",
    },
    "tags": ["Technology", "SAAS", "B2B"],
    "metrics": {"employees": 7000, "employeesRange": "5K-10K", "raised": 2200000000},
    "tech": ["google_apps", "aws", "salesforce", "zendesk"],
    "linkedin": {"handle": "company/stripe"},
}
CLEARBIT_PERSON = {
    "id": "d54c54ad-40be-4305-8a34-0ab44710b90d",
    "name": {"fullName": "Alex MacCaw", "givenName": "Alex", "familyName": "MacCaw"},
    "email": "alex@clearbit.com",
    "employment": {"domain": "clearbit.com", "name": "Clearbit", "title": "Co-founder, CEO", "role": "leadership"},
    "linkedin": {"handle": "in/alex-maccaw"},
}
