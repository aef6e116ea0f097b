import pytest
from rest_framework.test import APIClient

from billing.services.credits import credits_remaining

pytestmark = pytest.mark.django_db


def test_validates_one_contact_and_charges_one_credit(customer):
    org_id = customer.organization.pk
    before = credits_remaining(organization_id=org_id)
    response = customer.client.post(
        "/api/validate", {"email": " Sarah@TechFlow.COM ", "phone": "020 7946 0958", "country": "gb"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["email"] == "Sarah@techflow.com"
    assert body["email_status"] == "unknown"  # EMAIL_DNS_CHECKS is off in test settings
    assert body["phone"] == "+442079460958"
    assert body["phone_status"] == "landline"
    assert body["validation"]["phone"]["region_source"] == "country"
    assert body["findings"] == []
    assert body["credits_charged"] == 1
    assert credits_remaining(organization_id=org_id) == before - 1


def test_findings_are_reported(customer):
    body = customer.client.post("/api/validate", {"email": "bob@mailinator.com"}, format="json").json()
    assert body["email_status"] == "disposable"
    assert body["phone_status"] == "missing"
    assert body["findings"] == [{"code": "email_disposable", "message": "mailinator.com is a disposable email domain."}]


def test_phone_uses_organisation_default_country(customer):
    body = customer.client.post("/api/validate", {"phone": "(201) 555-0123 ext. 12"}, format="json").json()
    assert body["phone"] == "+12015550123;ext=12"
    assert body["validation"]["phone"]["region_source"] == "default"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, "Give an email, a phone, or both."),
        ({"email": "  ", "phone": ""}, "Give an email, a phone, or both."),
        ({"email": "a@b.com", "country": "XX"}, "country: 'XX' is not an ISO 3166-1 alpha-2 country code."),
        ({"email": "a@b.com", "country": "USA"}, "country: Ensure this field has no more than 2 characters."),
        ({"email": {"x": 1}}, "email: Must be a string, not an object."),
        ({"phone": "1" * 65}, "phone: Ensure this field has no more than 64 characters."),
    ],
)
def test_bad_input_is_a_clear_400_and_not_charged(customer, payload, message):
    before = credits_remaining(organization_id=customer.organization.pk)
    response = customer.client.post("/api/validate", payload, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["message"] == message
    assert credits_remaining(organization_id=customer.organization.pk) == before


def test_non_object_body_is_400(customer):
    response = customer.client.post("/api/validate", ["a@b.com"], format="json")
    assert response.status_code == 400
    malformed = customer.client.post("/api/validate", "{not json", content_type="application/json")
    assert malformed.status_code == 400


def test_insufficient_credits_is_402(make_customer):
    broke = make_customer(credits=0)
    response = broke.client.post("/api/validate", {"email": "a@b.com"}, format="json")
    assert response.status_code == 402
    assert response.json()["code"] == "insufficient_credits"
    assert response.json()["details"] == {"needed": 1, "remaining": 0}


def test_authentication_required():
    response = APIClient().post("/api/validate", {"email": "a@b.com"}, format="json")
    assert response.status_code in (401, 403)


def test_session_authentication_works(customer):
    client = APIClient()
    client.force_login(customer.user)
    assert client.post("/api/validate", {"email": "a@b.com"}, format="json").status_code == 200


def test_dns_checks_through_the_endpoint(customer, dns_settings):
    client = customer.client
    assert client.post("/api/validate", {"email": "alice@good.com"}, format="json").json()["email_status"] == (
        "deliverable_unverified"
    )
    body = client.post("/api/validate", {"email": "alice@nullmx.com"}, format="json").json()
    assert body["email_status"] == "undeliverable"
    assert body["findings"][0]["code"] == "email_undeliverable"
    assert client.post("/api/validate", {"email": "a@missing-domain.com"}, format="json").json()["email_status"] == (
        "invalid_domain"
    )


@pytest.mark.parametrize(
    ("payload", "field", "kind"),
    [
        ({"email": 5}, "email", "int"),
        ({"phone": 4155550199}, "phone", "int"),
        ({"email": ["a@b.co"]}, "email", "a list"),
        ({"email": {"x": 1}}, "email", "an object"),
        ({"email": True}, "email", "bool"),
        ({"email": "a@b.co", "country": 1}, "country", "int"),
    ],
)
def test_non_string_fields_are_a_400_naming_them_and_not_charged(customer, payload, field, kind):
    before = credits_remaining(organization_id=customer.organization.pk)

    response = customer.client.post("/api/validate", payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    assert field in body["details"]
    assert f"Must be a string, not {kind}." in str(body["details"][field])
    assert credits_remaining(organization_id=customer.organization.pk) == before


def test_quoted_local_part_is_invalid_syntax(customer):
    body = customer.client.post("/api/validate", {"email": '"test"@example.com'}, format="json").json()

    assert body["email_status"] == "invalid_syntax"
