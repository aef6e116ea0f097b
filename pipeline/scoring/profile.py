"""Scoring profiles: the default, deep-merging a partial profile over it, and validation.

A profile is JSON: {"threshold", "rules": {rule: {...}}, "gates": {...}}. Each rule has a "max" (its
points are capped there; 0 turns it off) and either "points" (value → points, "*" for any other
non-empty value), "bands" (company size) or "fields" (completeness). The default rules' maxima add up
to 100; a profile whose maxima add up to more is scaled down so that a lead's score stays within 0–100.
"""

from __future__ import annotations

import copy
from typing import Any

# These e-mail statuses never qualify, whatever the profile says (the profile may add more).
MANDATORY_EMAIL_GATES = ("invalid_syntax", "invalid_domain", "undeliverable", "disposable")
MAP_RULES = ("seniority", "department", "title_keywords", "industry", "signals", "technologies", "country",
             "email_status", "phone_status")
SUMMED_RULES = ("title_keywords", "signals", "technologies")  # several values can match; points add up
RULES = (*MAP_RULES, "company_size", "completeness")
COMPLETENESS_FIELDS = ("first_name", "last_name", "email", "phone", "title", "company_name", "domain", "country",
                       "linkedin")

DEFAULT_PROFILE: dict[str, Any] = {
    "threshold": 40,
    "rules": {
        "seniority": {"max": 25, "points": {"owner": 25, "c_level": 25, "vp": 22, "director": 18, "head": 16,
                                            "manager": 12, "senior": 8, "entry": 3, "intern": 0}},
        "department": {"max": 15, "points": {"sales": 15, "marketing": 13, "executive": 12, "product": 10,
                                             "engineering": 8, "it": 8, "operations": 8, "finance": 7, "hr": 4,
                                             "legal": 3, "support": 3, "other": 2}},
        "title_keywords": {"max": 5, "points": {"revenue": 5, "growth": 4, "demand": 3, "partnership": 3,
                                                "intern": -10, "student": -10, "assistant": -3}},
        "company_size": {"max": 10, "bands": [
            {"min": 1, "max": 10, "points": 2}, {"min": 11, "max": 50, "points": 5},
            {"min": 51, "max": 200, "points": 8}, {"min": 201, "max": 1000, "points": 10},
            {"min": 1001, "max": None, "points": 8},
        ]},
        "industry": {"max": 5, "points": {"software": 5, "saas": 5, "information technology": 5, "internet": 4,
                                          "computer": 4, "financial services": 4, "marketing": 3, "*": 2}},
        "signals": {"max": 8, "points": {"series a": 3, "series b": 4, "series c": 4, "funding": 4, "hiring": 3,
                                         "expansion": 3, "*": 2}},
        "technologies": {"max": 5, "points": {"salesforce": 3, "hubspot": 3, "marketo": 2, "aws": 2, "*": 1}},
        "country": {"max": 5, "points": {"US": 5, "GB": 4, "CA": 4, "DE": 4, "AU": 4, "FR": 3, "NL": 3, "*": 2}},
        "email_status": {"max": 12, "points": {"verified_deliverable": 12, "deliverable_unverified": 8,
                                               "accept_all": 5, "unknown": 3}},
        "phone_status": {"max": 5, "points": {"mobile_active": 5, "mobile": 4, "fixed_line_or_mobile": 3,
                                              "landline": 3, "voip": 2, "toll_free": 1, "other": 1}},
        "completeness": {"max": 5, "fields": list(COMPLETENESS_FIELDS)},
    },
    "gates": {
        "email_status": list(MANDATORY_EMAIL_GATES),
        "phone_status": [],
        "require_contact": True,
        "countries": [],
        "min_seniority": None,
    },
}
SENIORITY_ORDER = ("intern", "entry", "senior", "manager", "head", "director", "vp", "c_level", "owner")


class ProfileError(ValueError):
    """An invalid profile; `errors` maps a dotted path to what is wrong there."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{path}: {message}" for path, message in errors.items()))
        self.errors = errors


def default_profile(*, threshold: float | None = None) -> dict[str, Any]:
    profile = copy.deepcopy(DEFAULT_PROFILE)
    if threshold is not None:
        profile["threshold"] = threshold
    return profile


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value) if key in base and key not in ("points", "bands") else value
        return merged
    return copy.deepcopy(override)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def profile_resolve(config: dict[str, Any] | None, *, threshold: float | None = None) -> dict[str, Any]:
    """The effective profile: `config` deep-merged over the default, validated. Raises ProfileError."""
    if config is not None and not isinstance(config, dict):
        raise ProfileError({"": "the profile must be a JSON object"})
    if config and _has_nul(config):
        raise ProfileError({"": "text in the profile may not contain NUL characters"})
    profile = _merge(default_profile(threshold=threshold), config or {})
    _validate(profile)
    gates = profile["gates"]
    gates["email_status"] = sorted(set(gates["email_status"]) | set(MANDATORY_EMAIL_GATES))
    gates["countries"] = [c.upper() for c in gates["countries"]]
    rules = profile["rules"]
    for name in ("country",):
        rules[name]["points"] = {(k if k == "*" else k.upper()): v for k, v in rules[name]["points"].items()}
    for name in MAP_RULES:
        if name != "country":
            rules[name]["points"] = {str(k).strip().lower(): v for k, v in rules[name]["points"].items()}
    return profile


def _validate(profile: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    unknown = set(profile) - {"threshold", "rules", "gates"}
    for key in sorted(unknown):
        errors[key] = "unknown key (allowed: threshold, rules, gates)"
    threshold = profile.get("threshold")
    if not _is_number(threshold) or not 0 <= threshold <= 100:
        errors["threshold"] = "must be a number from 0 to 100"
    rules = profile.get("rules")
    if not isinstance(rules, dict):
        errors["rules"] = "must be an object"
        rules = {}
    for name in sorted(set(rules) - set(RULES)):
        errors[f"rules.{name}"] = f"unknown rule (allowed: {', '.join(RULES)})"
    for name in RULES:
        rule = rules.get(name)
        path = f"rules.{name}"
        if not isinstance(rule, dict):
            errors[path] = "must be an object"
            continue
        if not _is_number(rule.get("max")) or not 0 <= rule["max"] <= 100:
            errors[f"{path}.max"] = "must be a number from 0 to 100"
        if name in MAP_RULES:
            points = rule.get("points")
            if not isinstance(points, dict):
                errors[f"{path}.points"] = "must be an object of value → points"
            else:
                for key, value in points.items():
                    if not _is_number(value) or not -100 <= value <= 100:
                        errors[f"{path}.points.{key}"] = "must be a number from -100 to 100"
        elif name == "company_size":
            _validate_bands(rule.get("bands"), f"{path}.bands", errors)
        elif name == "completeness":
            fields = rule.get("fields")
            if not isinstance(fields, list) or not fields or any(f not in COMPLETENESS_FIELDS for f in fields):
                errors[f"{path}.fields"] = f"must be a non-empty list of: {', '.join(COMPLETENESS_FIELDS)}"
    _validate_gates(profile.get("gates"), errors)
    if errors:
        raise ProfileError(errors)


def _validate_bands(bands: Any, path: str, errors: dict[str, str]) -> None:
    if not isinstance(bands, list):
        errors[path] = "must be a list of {min, max, points}"
        return
    for i, band in enumerate(bands):
        if not isinstance(band, dict) or not _is_number(band.get("points")):
            errors[f"{path}.{i}"] = "must be {min, max, points} with numeric points"
            continue
        low, high = band.get("min", 0), band.get("max")
        if not _is_number(low) or (high is not None and (not _is_number(high) or high < low)):
            errors[f"{path}.{i}"] = "min must be a number and max a number ≥ min (or null for no upper bound)"


def _validate_gates(gates: Any, errors: dict[str, str]) -> None:
    if not isinstance(gates, dict):
        errors["gates"] = "must be an object"
        return
    allowed = {"email_status", "phone_status", "require_contact", "countries", "min_seniority"}
    for key in sorted(set(gates) - allowed):
        errors[f"gates.{key}"] = f"unknown gate (allowed: {', '.join(sorted(allowed))})"
    for key in ("email_status", "phone_status", "countries"):
        value = gates.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors[f"gates.{key}"] = "must be a list of strings"
    if not isinstance(gates.get("require_contact"), bool):
        errors["gates.require_contact"] = "must be true or false"
    level = gates.get("min_seniority")
    if level is not None and level not in SENIORITY_ORDER:
        errors["gates.min_seniority"] = f"must be null or one of: {', '.join(SENIORITY_ORDER)}"
