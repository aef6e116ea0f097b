"""Twilio Lookup v2 adapter against recorded responses (the production code path, no network)."""

import pytest
import responses
from responses import matchers

from pipeline.validation.carrier import CarrierLookupError, TwilioLookup, carrier_lookup_from_settings
from pipeline.validation.contacts import ContactInput, ContactValidator
from pipeline.validation.statuses import PhoneStatus

URL = "https://lookups.twilio.com/v2/PhoneNumbers/%2B447400123456"
FIELDS = matchers.query_param_matcher({"Fields": "line_type_intelligence,line_status"})


def _body(line_type="mobile", status="active", valid=True):
    return {
        "calling_country_code": "44",
        "country_code": "GB",
        "phone_number": "+447400123456",
        "valid": valid,
        "line_type_intelligence": {"type": line_type, "carrier_name": "EE Limited", "error_code": None,
                                   "mobile_country_code": "234", "mobile_network_code": "30"},
        "line_status": {"status": status, "error_code": None},
    }


def _lookup():
    return TwilioLookup(account_sid="ACxxxxxxxx", auth_token="secret")


@responses.activate
def test_mobile_and_active_is_parsed_with_basic_auth():
    basic_auth = matchers.header_matcher({"Authorization": "Basic QUN4eHh4eHh4eDpzZWNyZXQ="})
    responses.get(URL, json=_body(), match=[FIELDS, basic_auth])
    info = _lookup().lookup("+447400123456")
    assert (info.line_type, info.active, info.valid, info.carrier_name) == ("mobile", True, True, "EE Limited")


@responses.activate
@pytest.mark.parametrize(
    ("line_type", "status", "expected"),
    [
        ("mobile", "active", PhoneStatus.MOBILE_ACTIVE),
        ("mobile", "reachable", PhoneStatus.MOBILE_ACTIVE),
        ("mobile", "unknown", PhoneStatus.MOBILE),
        ("mobile", "inactive", PhoneStatus.INVALID),
        ("nonFixedVoip", "active", PhoneStatus.VOIP),
        ("landline", "unknown", PhoneStatus.LANDLINE),
    ],
)
def test_phone_status_only_mobile_active_when_carrier_confirms(line_type, status, expected):
    responses.get(URL, json=_body(line_type, status), match=[FIELDS])
    validator = ContactValidator(default_country="GB", carrier=_lookup())
    result = validator.validate([ContactInput(phone="07400 123456", country="GB")])[0]
    assert result.phone_status == expected
    carrier_check = result.evidence["phone"]["checks"][1]
    assert carrier_check["check"] == "carrier"
    assert carrier_check["source"] == "twilio"


@responses.activate
def test_carrier_error_keeps_the_library_type():
    responses.get(URL, status=401, json={"code": 20003, "message": "Authenticate"})
    validator = ContactValidator(default_country="GB", carrier=_lookup())
    result = validator.validate([ContactInput(phone="+44 7400 123456")])[0]
    assert result.phone_status == PhoneStatus.MOBILE
    assert result.evidence["phone"]["checks"][1] == {
        "check": "carrier", "source": "twilio", "result": "error", "detail": "twilio answered HTTP 401"
    }
    assert validator.counters["carrier_errors"] == 1


@responses.activate
def test_one_lookup_per_number_per_file_and_landlines_are_not_looked_up():
    responses.get(URL, json=_body(), match=[FIELDS])
    validator = ContactValidator(default_country="GB", carrier=_lookup())
    validator.validate([ContactInput(phone="07400 123456"), ContactInput(phone="+447400123456"),
                        ContactInput(phone="020 7946 0958")])
    assert len(responses.calls) == 1


@responses.activate
def test_network_failure_raises_lookup_error():
    with pytest.raises(CarrierLookupError):
        _lookup().lookup("+447400123456")  # responses refuses unregistered URLs with ConnectionError


def test_none_configured_by_default(settings):
    assert carrier_lookup_from_settings() is None
    settings.PHONE_CARRIER_LOOKUP = "twilio"
    settings.TWILIO_ACCOUNT_SID = "AC1"
    settings.TWILIO_AUTH_TOKEN = "t"
    assert isinstance(carrier_lookup_from_settings(), TwilioLookup)


def test_without_carrier_no_phone_is_mobile_active():
    result = ContactValidator(default_country="GB").validate([ContactInput(phone="07400 123456")])[0]
    assert result.phone_status == PhoneStatus.MOBILE
