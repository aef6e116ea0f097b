"""Raw calls to the Apollo.io REST API (https://docs.apollo.io): organization enrich, people match."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from ..http import HttpClient


class ApolloClient:
    def __init__(self, *, api_key: str | None = None, base_url: str | None = None):
        self.api_key = settings.APOLLO_API_KEY if api_key is None else api_key
        self.base_url = (base_url or settings.APOLLO_BASE_URL).rstrip("/")
        self.http = HttpClient(
            vendor="apollo",
            rate_per_second=settings.APOLLO_RATE_PER_SECOND,
            headers={"x-api-key": self.api_key, "Cache-Control": "no-cache"},
        )

    def organization_enrich(self, *, domain: str) -> dict[str, Any] | None:
        status, body = self.http.json("GET", f"{self.base_url}/organizations/enrich", params={"domain": domain})
        return body.get("organization") if status == 200 else None

    def people_match(
        self, *, email: str = "", first_name: str = "", last_name: str = "", domain: str = ""
    ) -> dict[str, Any] | None:
        params = {
            k: v
            for k, v in {"email": email, "first_name": first_name, "last_name": last_name, "domain": domain}.items()
            if v
        }
        status, body = self.http.json("POST", f"{self.base_url}/people/match", json=params)
        return body.get("person") if status == 200 else None
