"""Carrier lookups: the only source that may call a phone `mobile_active`.

An adapter implements `CarrierLookup.lookup(e164)`; Twilio Lookup v2 (line type intelligence +
line status) is the real one. None is configured by default (PHONE_CARRIER_LOOKUP="").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import quote

import requests
from django.conf import settings


class CarrierLookupError(Exception):
    """The lookup could not be made or answered (network, auth, quota): the number keeps its library type."""


@dataclass(frozen=True)
class CarrierInfo:
    source: str
    valid: bool | None = None
    line_type: str = "unknown"  # mobile, landline, voip, toll_free, other, unknown
    active: bool | None = None  # None: the carrier did not say
    carrier_name: str = ""
    raw: dict = field(default_factory=dict, compare=False)

    def evidence(self) -> dict:
        return {
            "check": "carrier",
            "source": self.source,
            "valid": self.valid,
            "line_type": self.line_type,
            "active": self.active,
            "carrier_name": self.carrier_name,
        }


class CarrierLookup(Protocol):
    name: str

    def lookup(self, e164: str) -> CarrierInfo: ...


TWILIO_LINE_TYPES = {
    "mobile": "mobile",
    "landline": "landline",
    "fixedVoip": "voip",
    "nonFixedVoip": "voip",
    "tollFree": "toll_free",
    "personal": "other",
    "premium": "other",
    "sharedCost": "other",
    "uan": "other",
    "voicemail": "other",
    "pager": "other",
}
TWILIO_ACTIVE = {"active": True, "reachable": True, "inactive": False}


class TwilioLookup:
    """GET /v2/PhoneNumbers/{number}?Fields=line_type_intelligence,line_status with HTTP basic auth."""

    name = "twilio"

    def __init__(self, *, account_sid: str, auth_token: str, base_url: str = "https://lookups.twilio.com",
                 timeout: float = 5.0, session: requests.Session | None = None):
        self.auth = (account_sid, auth_token)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()

    def lookup(self, e164: str) -> CarrierInfo:
        number = e164.split(";", 1)[0]
        url = f"{self.base_url}/v2/PhoneNumbers/{quote(number, safe='')}"
        try:
            response = self.session.get(
                url, params={"Fields": "line_type_intelligence,line_status"}, auth=self.auth, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise CarrierLookupError(f"twilio: {type(exc).__name__}") from exc
        if response.status_code == 404:
            return CarrierInfo(source=self.name, valid=False)
        if response.status_code != 200:
            raise CarrierLookupError(f"twilio answered HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise CarrierLookupError("twilio answered a body that is not JSON") from exc
        line = body.get("line_type_intelligence") or {}
        status = body.get("line_status") or {}
        return CarrierInfo(
            source=self.name,
            valid=body.get("valid"),
            line_type=TWILIO_LINE_TYPES.get(line.get("type") or "", "unknown"),
            active=TWILIO_ACTIVE.get((status.get("status") or "").lower()),
            carrier_name=line.get("carrier_name") or "",
            raw=body,
        )


def carrier_lookup_from_settings() -> CarrierLookup | None:
    if settings.PHONE_CARRIER_LOOKUP == "twilio" and settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN:
        return TwilioLookup(
            account_sid=settings.TWILIO_ACCOUNT_SID,
            auth_token=settings.TWILIO_AUTH_TOKEN,
            base_url=settings.TWILIO_LOOKUP_URL,
            timeout=settings.TWILIO_LOOKUP_TIMEOUT,
        )
    return None
