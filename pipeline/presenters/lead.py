"""The lead page in words: every check as a labelled table, every code through pipeline.labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from pipeline import labels, selectors
from pipeline.models import Lead
from pipeline.presenters.batch import batch_display_name


@dataclass
class CheckRow:
    check: str
    result: str
    detail: str = ""
    tone: str = "neutral"  # good / bad / warn / neutral: the colour of the result


@dataclass
class LeadReason:
    label: str
    message: str
    blocks: bool
    survivor: Lead | None = None


@dataclass
class LeadPage:
    lead: Lead
    batch_name: str
    status_label: str
    facts: list[tuple[str, str]]
    reasons: list[LeadReason]
    email_checks: list[CheckRow]
    phone_checks: list[CheckRow]
    company_lookup: list[CheckRow]
    breakdown: list[dict[str, Any]]
    match_fields: list[CheckRow] = field(default_factory=list)
    survivor: Lead | None = None
    duplicates: list[Lead] = field(default_factory=list)
    checked_at: datetime | None = None
    enriched_at: datetime | None = None


GOOD_RESULTS = frozenset({"valid", "mx", "a_fallback", "accepted"})
BAD_RESULTS = frozenset({"invalid", "listed", "null_mx", "no_mail_host", "nxdomain", "rejected"})
_CODED_RULES = {"seniority": "seniority", "department": "department", "email_status": "email_status",
                "phone_status": "phone_status"}
_LEADING_CODE = re.compile(r"^(\S+)( \(.*)?$")


def _tone(result: str) -> str:
    if result in GOOD_RESULTS:
        return "good"
    if result in BAD_RESULTS:
        return "bad"
    return "warn" if result in {"skipped", "resolver_unavailable", "timeout", "servfail", "error", "tempfail",
                                "blocked", "rate_limited"} else "neutral"


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def email_check_rows(evidence: dict[str, Any]) -> list[CheckRow]:
    rows = []
    for check in evidence.get("checks") or []:
        result = str(check.get("result", ""))
        detail = str(check.get("detail") or "")
        detail = labels.CHECK_DETAIL.get(detail, detail)
        if check.get("check") == "dns" and check.get("mail_hosts"):
            detail = "; ".join(filter(None, [detail, "mail servers: " + ", ".join(check["mail_hosts"])]))
        if check.get("check") == "smtp":
            extra = [f"server said {check['code']}" if check.get("code") else "",
                     f"via {check['host']}" if check.get("host") else "",
                     {True: "domain accepts any address", False: "domain rejects unknown addresses"}.get(
                         check.get("catch_all"), "")]
            detail = "; ".join(filter(None, [detail, *extra]))
        rows.append(CheckRow(labels.label("check", check.get("check", "")), labels.label("check_result", result),
                             detail, _tone(result)))
    flags = evidence.get("flags")
    if flags:
        rows.append(CheckRow("Kind of address", ", ".join(
            [f"role address ({_yes_no(flags.get('role'))})", f"free mail ({_yes_no(flags.get('free'))})"])))
    if evidence.get("suggestion"):
        rows.append(CheckRow("Possible typo", f"did you mean {evidence['suggestion']}?", tone="warn"))
    if evidence.get("input"):
        rows.append(CheckRow("As written in the file", str(evidence["input"])))
    return rows


def phone_check_rows(evidence: dict[str, Any]) -> list[CheckRow]:
    rows = []
    if evidence.get("region_hint") or evidence.get("region_source"):
        source = labels.label("region_source", evidence.get("region_source", "none"))
        region = evidence.get("region_hint") or "none"
        rows.append(CheckRow("Country used to read the number", region, f"from {source}"))
    for check in evidence.get("checks") or []:
        name = check.get("check", "")
        if name == "carrier":
            if check.get("result") == "error":
                rows.append(CheckRow(labels.label("check", name), "Could not check", str(check.get("detail", "")),
                                     "warn"))
                continue
            parts = [str(check.get("line_type") or ""), "active" if check.get("active") else "",
                     str(check.get("carrier_name") or "")]
            rows.append(CheckRow(labels.label("check", name), "Valid" if check.get("valid") else "Not valid",
                                 ", ".join(p for p in parts if p), "good" if check.get("valid") else "bad"))
            continue
        result = str(check.get("result", ""))
        details = []
        if check.get("type"):
            details.append(labels.label("phone_type", check["type"]))
        if check.get("region"):
            details.append(f"region {check['region']}")
        if check.get("extension"):
            details.append(f"extension {check['extension']}")
        if check.get("detail"):
            details.append(str(check["detail"]))
        rows.append(CheckRow(labels.label("check", name), labels.label("check_result", result), ", ".join(details),
                             _tone(result)))
    if evidence.get("input"):
        rows.append(CheckRow("As written in the file", str(evidence["input"])))
    return rows


def _list_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def company_lookup_rows(enrichment: dict[str, Any]) -> list[CheckRow]:
    if not enrichment:
        return []
    status = str(enrichment.get("status", ""))
    tone = {"enriched": "good", "not_found": "bad"}.get(status, "neutral")
    rows = [CheckRow("Result", labels.label("enrichment_status", status), str(enrichment.get("reason") or ""), tone)]
    if enrichment.get("provider"):
        rows.append(CheckRow("Source", labels.label("provider", enrichment["provider"])))
    elif enrichment.get("providers"):
        rows.append(CheckRow("Sources asked", ", ".join(labels.label("provider", p) for p in enrichment["providers"])))
    if enrichment.get("cache"):
        rows.append(CheckRow("How", labels.label("enrichment_source", enrichment["cache"])))
    if enrichment.get("similar_to"):
        similarity = enrichment.get("similarity")
        share = f" ({similarity:.0%} alike)" if isinstance(similarity, int | float) else ""
        rows.append(CheckRow("Matched a similar company", str(enrichment["similar_to"]).split(":", 1)[-1] + share))
    if isinstance(enrichment.get("confidence"), int | float):
        rows.append(CheckRow("Confidence", f"{enrichment['confidence']:.0%}"))
    fields = enrichment.get("fields") or {}
    added = enrichment.get("added") or {}
    for name, source in fields.items():
        value = added.get(name)
        detail = f"added: {_list_text(value)}" if value else ""
        rows.append(CheckRow(labels.label("lead_field", name), f"from {labels.label('provider', source)}", detail))
    if enrichment.get("predicted"):
        rows.append(CheckRow("Prepared in advance", "yes (predictive enrichment)"))
    return rows


def breakdown_rows(breakdown: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Score rules in words; a detail that starts with a code ("c_level (+25)") gets the code's label."""
    rows = []
    for item in breakdown or []:
        rule = str(item.get("rule", ""))
        detail = str(item.get("detail") or "")
        kind = _CODED_RULES.get(rule)
        if kind and (match := _LEADING_CODE.match(detail)):
            detail = labels.label(kind, match.group(1)) + (match.group(2) or "")
        points = item.get("points")
        rows.append({"rule": labels.label("score_rule", rule), "points": points, "detail": detail})
    return rows


def match_rows(dedup_reasons: list[dict[str, Any]] | None) -> list[CheckRow]:
    rows = []
    for reason in dedup_reasons or []:
        level = str(reason.get("level", ""))
        similarity, weight = reason.get("similarity"), reason.get("weight")
        detail = f"{similarity:.0%} alike" if isinstance(similarity, int | float) else ""
        if isinstance(weight, int | float):  # stored before weights were: no weight shown
            detail = f"{detail}, {weight:+.1f} bits" if detail else f"{weight:+.1f} bits"
        tone = "good" if level == "exact" else "bad" if level == "different" else "warn"
        rows.append(CheckRow(labels.label("lead_field", reason.get("field", "")), labels.label("match_level", level),
                             detail, tone))
    return rows


def lead_name(lead: Lead) -> str:
    return lead.full_name or " ".join(p for p in (lead.first_name, lead.last_name) if p) or lead.email or "(no name)"


def duplicate_sentence(lead: Lead, survivor: Lead | None) -> str:
    """Where the surviving lead is, by row and name (never an internal id)."""
    if survivor is None:
        return "Duplicate of a lead that has since been deleted."
    where = f"row {survivor.row_number}" if survivor.batch_id == lead.batch_id else \
        f"row {survivor.row_number} of an earlier upload"
    probability = (lead.match_keys or {}).get("match_probability")
    sure = f" (match probability {probability:.0%})" if isinstance(probability, int | float) else ""
    return f"Same person as {where}, {lead_name(survivor)}{sure}."


def lead_reasons(lead: Lead, survivor: Lead | None) -> list[LeadReason]:
    reasons = []
    for reason in labels.reasons_unique(lead.reasons):
        if reason["code"] == "duplicate":
            reasons.append(LeadReason(reason["label"], duplicate_sentence(lead, survivor), False, survivor))
            continue
        message = reason["message"]
        reasons.append(LeadReason(reason["label"], "" if message == reason["label"] else message, reason["gate"]))
    return reasons


def _facts(lead: Lead) -> list[tuple[str, str]]:
    title_bits = [lead.title_normalized or lead.title]
    if lead.title and lead.title_normalized and lead.title != lead.title_normalized:
        title_bits.append(f"(as written: {lead.title})")
    role = ", ".join(filter(None, [labels.label("seniority", lead.seniority) if lead.seniority else "",
                                   labels.label("department", lead.department) if lead.department else ""]))
    company = " · ".join(filter(None, [lead.company_name, lead.domain, lead.industry,
                                       f"{lead.employee_count:,} employees" if lead.employee_count else ""]))
    address = ", ".join(filter(None, [lead.street, lead.city, lead.state, lead.postcode]))
    facts = [
        ("Title", " ".join(filter(None, title_bits))),
        ("Role", role),
        ("Email", " — ".join(filter(None, [lead.email, labels.label("email_status", lead.email_status)]))),
        ("Phone", " — ".join(filter(None, [lead.phone, labels.label("phone_status", lead.phone_status)]))),
        ("Company", company),
        ("Buying signals", ", ".join(lead.signals or [])),
        ("Technologies", ", ".join(lead.technologies or [])),
        ("Address", address),
        ("Country", lead.country),
        ("LinkedIn", lead.linkedin),
    ]
    return [(name, value) for name, value in facts if value]


def _phase_finished(lead: Lead, phase: str) -> datetime | None:
    value = ((lead.batch.progress or {}).get(phase) or {}).get("finished_at")
    return parse_datetime(value) if isinstance(value, str) else None


def lead_page(lead: Lead, *, duplicates: list[Lead]) -> LeadPage:
    """Everything the lead page shows; `lead` comes with its batch, upload and duplicate_of loaded."""
    survivor = lead.duplicate_of if lead.duplicate_of_id else None
    validation = lead.validation or {}
    return LeadPage(
        lead=lead,
        batch_name=batch_display_name(lead.batch),
        status_label=labels.label("lead_status", lead.status),
        facts=_facts(lead),
        reasons=lead_reasons(lead, survivor),
        email_checks=email_check_rows(validation.get("email") or {}),
        phone_checks=phone_check_rows(validation.get("phone") or {}),
        company_lookup=company_lookup_rows(lead.enrichment or {}),
        breakdown=breakdown_rows(lead.score_breakdown),
        match_fields=match_rows(lead.dedup_reasons),
        survivor=survivor,
        duplicates=duplicates,
        checked_at=_phase_finished(lead, "validate"),
        enriched_at=_phase_finished(lead, "enrich"),
    )


def lead_rows(leads: list[Lead]) -> list[dict[str, Any]]:
    """The batch page's lead table: labels for each code, reasons once, duplicates pointing to their row."""
    survivors = selectors.lead_survivors(leads)
    return [
        {
            "lead": lead,
            "status": labels.label("lead_status", lead.status),
            "email_status": labels.label("email_status", lead.email_status),
            "phone_status": labels.label("phone_status", lead.phone_status),
            "reasons": lead_reasons(lead, survivors.get(lead.duplicate_of_id)),
        }
        for lead in leads
    ]
