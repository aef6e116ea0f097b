from pipeline import labels
from pipeline.validation.statuses import EmailStatus, PhoneStatus


def test_every_status_code_has_a_label_without_underscores():
    for status in [*EmailStatus, *PhoneStatus]:
        kind = "email_status" if status in EmailStatus.__members__.values() else "phone_status"
        text = labels.label(kind, status.value)
        assert text and "_" not in text, (status, text)


def test_unmapped_codes_are_spelled_out_and_gates_named_after_a_status_get_the_status_label():
    assert labels.label("seniority", "c_level") == "C-level executive"
    assert labels.label("reason", "brand_new_code") == "Brand new code"
    assert labels.reason_label("email_invalid_syntax") == "Email address is not valid"
    assert labels.reason_label("email_accept_all") == "Email: Accepts all mail (catch-all domain)"
    assert labels.reason_label("phone_voip") == "Phone: Internet phone (VoIP)"


def test_reasons_unique_merges_a_finding_and_a_gate_on_the_same_code():
    reasons = [
        {"phase": "validate", "code": "email_invalid_syntax", "message": "Email is not valid: no @."},
        {"phase": "score", "code": "email_invalid_syntax", "message": "The e-mail address is not valid.", "gate": True},
        {"phase": "score", "code": "no_contact", "message": "No e-mail and no phone.", "gate": True},
    ]
    merged = labels.reasons_unique(reasons)
    assert [(r["code"], r["message"], r["gate"]) for r in merged] == [
        ("email_invalid_syntax", "Email is not valid: no @.", True),
        ("no_contact", "No e-mail and no phone.", True),
    ]
    assert labels.reasons_text(reasons) == ["Email is not valid: no @.", "No e-mail and no phone."]


def test_choices_description_lists_code_and_label():
    text = labels.choices_description("email_status")
    assert "- `unknown`: Unknown (not checked)" in text.splitlines()
