"""Email and phone given in several columns (Email / Email 2, Phone 1 / Phone 2, Mobile / Direct): the first
usable value becomes the lead's; the others stay listed, each with its own status when it was checked.

Ingest puts the first non-empty value in the lead's field and the others in `raw["alternates"]`
(`{"phone": {"column": "Phone 1", "others": [{"column": "Phone 2", "value": "…"}]}}`). Alternates are
validated only for a lead whose first value is unusable (missing, invalid, undeliverable, disposable, …),
so a file with two good columns costs nothing extra. The evidence of the field says what was chosen and why.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Sequence

from leadsite.core.text.folding import clean_text
from pipeline.normalize.record import email_as_given
from pipeline.validation.contacts import ContactInput, ContactResult, ContactValidator
from pipeline.validation.statuses import EMAIL_ACCEPTABLE_STATUSES, PHONE_USABLE_STATUSES

_ALTERNATE_FIELDS = ("email", "phone")


def _usable(field_name: str, status: str) -> bool:
    return status in (EMAIL_ACCEPTABLE_STATUSES if field_name == "email" else PHONE_USABLE_STATUSES)


def _status(result: ContactResult, field_name: str) -> str:
    return (result.email_status if field_name == "email" else result.phone_status).value


def alternates_apply(
    *, validator: ContactValidator, alternates: Sequence[dict | None], contacts: Sequence[ContactInput],
    results: list[ContactResult], counters: Counter,
) -> None:
    """Replace, in `results`, an unusable email or phone with the first usable alternate (in column order)."""
    alternates = [copy.deepcopy(given) if given else None for given in alternates]
    wanted: list[tuple[int, str, int]] = []  # (lead index, field, alternate index)
    probes: list[ContactInput] = []
    for index, given in enumerate(alternates):
        if not given:
            continue
        for field_name in _ALTERNATE_FIELDS:
            entry = given.get(field_name)
            if not entry:
                continue
            first_ok = _usable(field_name, _status(results[index], field_name))
            for position, other in enumerate(entry["others"]):
                other["status"] = "not_checked"
                if first_ok:
                    continue
                value = str(other.get("value") or "")
                contact = contacts[index]
                if field_name == "email":
                    probe = ContactInput(email=email_as_given(value), email_as_read=value)
                else:
                    probe = ContactInput(phone=clean_text(value), country=contact.country, domain=contact.domain,
                                         phone_as_read=value)
                wanted.append((index, field_name, position))
                probes.append(probe)
    if not probes:
        _record_unchecked(alternates, results)
        return
    own_counts, validator.counters = validator.counters, Counter()
    try:
        checked = validator.validate(probes)
    finally:
        validator.counters = own_counts
    counters["alternates_checked"] += len(checked)
    chosen: set[tuple[int, str]] = set()
    for (index, field_name, position), found in zip(wanted, checked, strict=True):
        entry = alternates[index][field_name]
        other = entry["others"][position]
        status = _status(found, field_name)
        other["status"] = status
        if (index, field_name) in chosen or not _usable(field_name, status):
            continue
        chosen.add((index, field_name))
        _choose(results[index], found, field_name, entry, other, counters)
    _record_unchecked(alternates, results)


def _choose(result: ContactResult, found: ContactResult, field_name: str, entry: dict, other: dict,
            counters: Counter) -> None:
    before = _status(result, field_name)
    counters[f"{field_name}_{before}"] -= 1
    counters[f"{field_name}_{_status(found, field_name)}"] += 1
    counters[f"{field_name}_from_alternate"] += 1
    if field_name == "email":
        result.email, result.email_status = found.email, found.email_status
    else:
        result.phone, result.phone_status = found.phone, found.phone_status
    prefix = f"{field_name}_"
    result.findings = [f for f in result.findings if not f[0].startswith(prefix)]
    result.findings.extend(f for f in found.findings if f[0].startswith(prefix))
    evidence = dict(found.evidence[field_name])
    evidence["chosen"] = {
        "column": other["column"],
        "because": f"{entry['column']} was {before}",
        "first": {"column": entry["column"], "status": before, "evidence": result.evidence[field_name]},
    }
    result.evidence[field_name] = evidence


def _record_unchecked(alternates: Sequence[dict | None], results: list[ContactResult]) -> None:
    """Every lead with alternates lists them in its evidence, with their statuses (or "not_checked")."""
    for index, given in enumerate(alternates):
        if not given:
            continue
        for field_name in _ALTERNATE_FIELDS:
            entry = given.get(field_name)
            if entry:
                evidence = results[index].evidence[field_name]
                evidence["alternates"] = [
                    {"column": o["column"], "value": o["value"], "status": o["status"]} for o in entry["others"]
                ]
