"""Phones with phonenumbers: region hint, E.164 out (extension kept as `;ext=`), type from the metadata."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from .statuses import PhoneStatus

# Keep every compiled metadata pattern (phonenumbers ≥ 9.0 offers this); otherwise each check recompiles
# through the re module's 512-entry cache, which a file with many regions thrashes.
if hasattr(phonenumbers, "enable_pattern_cache"):
    phonenumbers.enable_pattern_cache()

TYPE_STATUS = {
    PhoneNumberType.MOBILE: PhoneStatus.MOBILE,
    PhoneNumberType.FIXED_LINE: PhoneStatus.LANDLINE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: PhoneStatus.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.VOIP: PhoneStatus.VOIP,
    PhoneNumberType.TOLL_FREE: PhoneStatus.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE: PhoneStatus.OTHER,
    PhoneNumberType.SHARED_COST: PhoneStatus.OTHER,
    PhoneNumberType.PERSONAL_NUMBER: PhoneStatus.OTHER,
    PhoneNumberType.PAGER: PhoneStatus.OTHER,
    PhoneNumberType.UAN: PhoneStatus.OTHER,
    PhoneNumberType.VOICEMAIL: PhoneStatus.OTHER,
}
TYPE_NAMES = {value: name.lower() for name, value in vars(PhoneNumberType).items() if name.isupper()}

SUPPORTED_REGIONS = frozenset(phonenumbers.SUPPORTED_REGIONS)
# Country-code TLDs sold as generic names (.io, .co, .ai, .tv …): they say nothing about where a company is.
VANITY_CCTLDS = frozenset(
    "AC AD AG AI AM BZ CC CO CX FM GG GL GS IO IM LA LY ME MS NU SC SH SO ST TK TO TV VC VG WS".split()
)
TLD_REGION_ALIASES = {"UK": "GB"}


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    status: PhoneStatus
    e164: str = ""  # with ";ext=NNN" when the input had an extension
    region: str = ""  # region the number belongs to (not the hint)
    number_type: str = ""
    extension: str = ""
    error: str = ""

    def evidence(self) -> dict:
        data: dict = {"check": "parse", "result": "valid" if self.e164 else "invalid"}
        if self.number_type:
            data["type"] = self.number_type
        if self.region:
            data["region"] = self.region
        if self.extension:
            data["extension"] = self.extension
        if self.error:
            data["detail"] = self.error
        return data


def region_from_tld(domain: str) -> str:
    tld = domain.rstrip(".").rsplit(".", 1)[-1].upper()
    tld = TLD_REGION_ALIASES.get(tld, tld)
    if len(tld) == 2 and tld in SUPPORTED_REGIONS and tld not in VANITY_CCTLDS:
        return tld
    return ""


def phone_region(*, country: str, domain: str, default_country: str) -> tuple[str, str]:
    """(region, source): the lead's country, else the company domain's ccTLD, else the organisation default."""
    country = (country or "").strip().upper()
    if country in SUPPORTED_REGIONS:
        return country, "country"
    if domain and (region := region_from_tld(domain)):
        return region, "domain_tld"
    default_country = (default_country or "").strip().upper()
    return (default_country, "default") if default_country in SUPPORTED_REGIONS else ("", "none")


def _dials_00(region: str) -> bool:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return bool(metadata and metadata.international_prefix and re.match(metadata.international_prefix + r"\Z", "00"))


REGIONS_DIALLING_00 = frozenset(r for r in SUPPORTED_REGIONS if _dials_00(r))
NOT_VALID = "not a valid number for its region"


def _parse_typed(value: str, region: str) -> tuple[phonenumbers.PhoneNumber | None, int, str]:
    try:
        number = phonenumbers.parse(value, region or None)
    except NumberParseException as exc:
        return None, PhoneNumberType.UNKNOWN, str(exc).split(") ", 1)[-1]  # drop the "(1) " error-type prefix
    number_type = phonenumbers.number_type(number)
    return number, number_type, "" if number_type != PhoneNumberType.UNKNOWN else NOT_VALID


def _attempts(value: str, region: str) -> list[tuple[str, str]]:
    """How to read the input: as written, and "00 49 …" as "+49 …" (first when the hint region does not dial 00)."""
    stripped = value.lstrip(" (")
    if value.startswith("+") or not stripped.startswith("00"):
        return [(value, region)]
    international = ("+" + stripped[2:], "")
    return [(value, region), international] if region in REGIONS_DIALLING_00 else [international, (value, region)]


def _owner_region(number: phonenumbers.PhoneNumber) -> str:
    """The region a valid number belongs to; a full metadata match only for shared calling codes (+1, +44 …)."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(number.country_code, ())
    if len(regions) == 1:
        return regions[0] if regions[0] != phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY else ""
    return phonenumbers.region_code_for_number(number) or ""


@functools.lru_cache(maxsize=65536)
def phone_check(raw: str, region: str) -> PhoneCheck:
    """Parse one number with a region hint; the type comes from the library's metadata.

    `number_type` is UNKNOWN exactly when `is_valid_number` is false, so one call gives both.
    """
    value = (raw or "").strip()
    if not value:
        return PhoneCheck(PhoneStatus.MISSING)
    first_error = ""
    for candidate, hint in _attempts(value, region):
        number, number_type, error = _parse_typed(candidate, hint)
        if number_type != PhoneNumberType.UNKNOWN:
            break
        if candidate == value:
            first_error = error
    else:
        return PhoneCheck(PhoneStatus.INVALID, error=first_error or error)
    assert number is not None
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    extension = number.extension or ""
    if extension:
        e164 = f"{e164};ext={extension}"
    return PhoneCheck(
        TYPE_STATUS.get(number_type, PhoneStatus.OTHER),
        e164=e164,
        region=_owner_region(number),
        number_type=TYPE_NAMES.get(number_type, "unknown"),
        extension=extension,
    )
