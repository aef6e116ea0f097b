"""Raw calls to Clearbit's Company, Name-to-Domain and Person APIs (Bearer key)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from ..http import HttpClient


class ClearbitClient:
    def __init__(self, *, api_key: str | None = None):
        self.api_key = settings.CLEARBIT_API_KEY if api_key is None else api_key
        self.company_url = settings.CLEARBIT_COMPANY_URL.rstrip("/")
        self.person_url = settings.CLEARBIT_PERSON_URL.rstrip("/")
        self.http = HttpClient(
            vendor="clearbit",
            rate_per_second=settings.CLEARBIT_RATE_PER_SECOND,
            headers={"Authorization": f"Bearer {self.api_key}"},
        )

    def company_find(self, *, domain: str) -> dict[str, Any] | None:
        # 202 means Clearbit queued an asynchronous lookup: nothing to use yet.
        status, body = self.http.json("GET", f"{self.company_url}/v2/companies/find", params={"domain": domain})
        return body if status == 200 else None

    def domain_find(self, *, name: str) -> dict[str, Any] | None:
        status, body = self.http.json("GET", f"{self.company_url}/v1/domains/find", params={"name": name})
        return body if status == 200 else None

    def person_find(self, *, email: str) -> dict[str, Any] | None:
        status, body = self.http.json("GET", f"{self.person_url}/v2/people/find", params={"email": email})
        return body if status == 200 else None
