"""Raw calls to the Hunter.io v2 API (key as `api_key` query parameter)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from ..http import HttpClient


class HunterClient:
    def __init__(self, *, api_key: str | None = None, base_url: str | None = None):
        self.api_key = settings.HUNTER_API_KEY if api_key is None else api_key
        self.base_url = (base_url or settings.HUNTER_BASE_URL).rstrip("/")
        self.http = HttpClient(vendor="hunter", rate_per_second=settings.HUNTER_RATE_PER_SECOND)

    def _get(self, path: str, **params: str) -> dict[str, Any] | None:
        status, body = self.http.json("GET", f"{self.base_url}/{path}", params={**params, "api_key": self.api_key})
        return body.get("data") if status == 200 else None

    def company_find(self, *, domain: str) -> dict[str, Any] | None:
        return self._get("companies/find", domain=domain)

    def person_find(self, *, email: str) -> dict[str, Any] | None:
        return self._get("people/find", email=email)

    def email_finder(self, *, domain: str, first_name: str, last_name: str) -> dict[str, Any] | None:
        data = self._get("email-finder", domain=domain, first_name=first_name, last_name=last_name)
        return data if data and data.get("email") else None
