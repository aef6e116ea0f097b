"""Score one lead against a resolved profile: points per rule, hard gates, qualification.

Works on any object with the lead's attributes (a Lead row, a dataclass, a SimpleNamespace).
The breakdown lists every enabled rule (max > 0), in profile order, as
{"rule", "points", "detail"}; the points add up to the score (before clamping to 0–100).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .profile import MAP_RULES, SENIORITY_ORDER, SUMMED_RULES

HARD_FAIL_MESSAGES = {
    "invalid_syntax": "The e-mail address is not valid.",
    "invalid_domain": "The e-mail domain does not exist.",
    "undeliverable": "The e-mail address cannot receive mail.",
    "disposable": "The e-mail address is on a disposable-mail domain.",
}


@dataclass
class ScoreResult:
    score: float
    breakdown: list[dict[str, Any]]
    gates: list[tuple[str, str]] = field(default_factory=list)  # (code, message) of failed hard gates
    qualified: bool = False
    threshold: float = 0.0


def _text(lead: Any, name: str) -> str:
    value = getattr(lead, name, None)
    return str(value).strip() if value not in (None, "") else ""


def _values(lead: Any, rule: str) -> list[str]:
    if rule in ("signals", "technologies"):
        raw = getattr(lead, rule, None) or []
        if isinstance(raw, str):
            raw = [raw]
        return [str(v).strip() for v in raw if str(v).strip()]
    if rule == "title_keywords":
        titles = dict.fromkeys(t.lower() for t in (_text(lead, "title"), _text(lead, "title_normalized")) if t)
        return [" / ".join(titles)] if titles else []
    value = _text(lead, rule)
    return [value] if value else []


def _map_points(rule: str, values: list[str], points: dict[str, float]) -> tuple[float, list[str]]:
    """Points of the values found; summed rules add every match, the others take the one value."""
    total, matched = 0.0, []
    for value in values:
        key = value.upper() if rule == "country" else value.lower()
        if rule == "title_keywords":
            hits = [(k, p) for k, p in points.items() if k != "*" and k in key]
            for keyword, p in hits:
                total += p
                matched.append(f"{keyword} ({p:+g})")
            continue
        if rule == "industry":
            hit = next(((k, p) for k, p in points.items() if k != "*" and k in key), None)
        else:
            hit = (key, points[key]) if key in points else None
        if hit is None and "*" in points:
            hit = (value, points["*"])
        if hit is not None:
            total += hit[1]
            matched.append(f"{value} ({hit[1]:+g})")
        if rule not in SUMMED_RULES:
            break
    return total, matched


def lead_score(lead: Any, profile: dict[str, Any]) -> ScoreResult:
    rules = profile["rules"]
    max_total = sum(max(0.0, rule["max"]) for rule in rules.values())
    scale = 100.0 / max_total if max_total > 100 else 1.0
    breakdown: list[dict[str, Any]] = []
    for name, rule in rules.items():
        cap = rule["max"]
        if cap <= 0:
            continue
        if name in MAP_RULES:
            values = _values(lead, name)
            raw, matched = _map_points(name, values, rule["points"])
            if matched:
                detail = ", ".join(matched)
            elif values:
                detail = "no keyword in the title" if name == "title_keywords" else f"{values[0]} (no points)"
            else:
                detail = "not known"
        elif name == "company_size":
            raw, detail = _size_points(getattr(lead, "employee_count", None), rule["bands"])
        else:
            present = [f for f in rule["fields"] if _text(lead, f)]
            raw = cap * len(present) / len(rule["fields"])
            detail = f"{len(present)} of {len(rule['fields'])} fields"
        points = round(max(-100.0, min(cap, raw)) * scale, 2)
        if raw > cap:
            detail += f"; capped at {cap:g}"
        breakdown.append({"rule": name, "points": points, "detail": detail})
    total = round(sum(item["points"] for item in breakdown), 2)
    score = max(0.0, min(100.0, total))
    gates = lead_gates(lead, profile)
    threshold = float(profile["threshold"])
    return ScoreResult(score=score, breakdown=breakdown, gates=gates, qualified=not gates and score >= threshold,
                       threshold=threshold)


def _size_points(count: Any, bands: list[dict[str, Any]]) -> tuple[float, str]:
    if count in (None, ""):
        return 0.0, "not known"
    try:
        count = int(count)
    except (TypeError, ValueError):
        return 0.0, f"{count} (not a number)"
    for band in bands:
        low, high = band.get("min", 0), band.get("max")
        if count >= low and (high is None or count <= high):
            label = f"{low:g}+" if high is None else f"{low:g}–{high:g}"
            return float(band["points"]), f"{count} employees (band {label})"
    return 0.0, f"{count} employees (no band)"


def lead_gates(lead: Any, profile: dict[str, Any]) -> list[tuple[str, str]]:
    """Hard gates of the profile that this lead fails, as (code, message)."""
    gates = profile["gates"]
    failed: list[tuple[str, str]] = []
    email, phone = _text(lead, "email"), _text(lead, "phone")
    email_status, phone_status = _text(lead, "email_status"), _text(lead, "phone_status")
    has_name = bool(_text(lead, "first_name") or _text(lead, "last_name") or _text(lead, "full_name"))
    if email_status in gates["email_status"]:
        message = HARD_FAIL_MESSAGES.get(email_status, f"E-mail status '{email_status}' is gated by the profile.")
        failed.append((f"email_{email_status}", message))
    if phone_status and phone_status in gates["phone_status"]:
        failed.append((f"phone_{phone_status}", f"Phone status '{phone_status}' is gated by the profile."))
    if gates["require_contact"]:
        if not email and not phone:
            failed.append(("no_contact", "No e-mail and no phone: there is no way to reach this lead."))
        if not has_name and not email:
            failed.append(("no_identity", "No name and no e-mail: we cannot tell who this lead is."))
    country = _text(lead, "country").upper()
    if gates["countries"] and country not in gates["countries"]:
        failed.append(("country_excluded", f"Country '{country or 'unknown'}' is not in the profile's countries."))
    minimum = gates.get("min_seniority")
    if minimum:
        level = _text(lead, "seniority")
        rank = SENIORITY_ORDER.index(level) if level in SENIORITY_ORDER else -1
        if rank < SENIORITY_ORDER.index(minimum):
            failed.append(("seniority_below_minimum",
                           f"Seniority '{level or 'unknown'}' is below the profile's minimum '{minimum}'."))
    return failed
