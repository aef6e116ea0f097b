"""Multi-source validation of a customer's lead: the pipeline finds the lead, enrichment compares its sources."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from enrichment.services.multi_source import LeadContact, multi_source_validate
from leadsite.core.exceptions import ApplicationError
from pipeline.selectors import lead_for_email


def lead_multi_source_validate(*, organization_id: int, email: str) -> dict[str, Any]:
    lead = lead_for_email(organization_id=organization_id, email=email)
    if lead is None:
        raise ApplicationError("No lead with this email.", code="not_found", status_code=404, details={"email": email})
    contact = LeadContact(**{f.name: getattr(lead, f.name) for f in fields(LeadContact)})
    return multi_source_validate(organization_id=organization_id, lead=contact)
