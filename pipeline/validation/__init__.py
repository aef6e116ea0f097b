"""Email and phone validation: syntax, DNS, SMTP probe, flags, phone types, carrier lookups.

`pipeline.validation.contacts.contacts_validate` is the entry point used by the validate phase
and by POST /api/validate; statuses are in `statuses` (see docs/validation.md).
"""
