"""Raw calls to the Snov.io API: OAuth client-credentials token, then Bearer calls."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings

from ..base import ProviderError
from ..http import HttpClient


class SnovClient:
    def __init__(self, *, client_id: str | None = None, client_secret: str | None = None, base_url: str | None = None):
        self.client_id = settings.SNOV_CLIENT_ID if client_id is None else client_id
        self.client_secret = settings.SNOV_CLIENT_SECRET if client_secret is None else client_secret
        self.base_url = (base_url or settings.SNOV_BASE_URL).rstrip("/")
        self.http = HttpClient(vendor="snov", rate_per_second=settings.SNOV_RATE_PER_SECOND)
        self._token = ""
        self._token_expires = 0.0

    def token(self) -> str:
        if self._token and time.monotonic() < self._token_expires:
            return self._token
        data = {"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret}
        status, body = self.http.json("POST", f"{self.base_url}/v1/oauth/access_token", data=data)
        if status != 200 or not body.get("access_token"):
            raise ProviderError("snov: no access token")
        self._token = body["access_token"]
        self._token_expires = time.monotonic() + float(body.get("expires_in") or 3600) - 60
        return self._token

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any] | None:
        headers = {"Authorization": f"Bearer {self.token()}"}
        status, body = self.http.json(method, f"{self.base_url}/{path}", headers=headers, **kwargs)
        return body if status == 200 and body.get("success") else None

    def profile_by_email(self, *, email: str) -> dict[str, Any] | None:
        return self._call("POST", "v1/get-profile-by-email", data={"email": email})

    def domain_emails(self, *, domain: str) -> dict[str, Any] | None:
        return self._call("GET", "v2/domain-emails-with-info", params={"domain": domain, "type": "all", "limit": 10})

    def emails_from_names(self, *, first_name: str, last_name: str, domain: str) -> dict[str, Any] | None:
        data = {"firstName": first_name, "lastName": last_name, "domain": domain}
        return self._call("POST", "v1/get-emails-from-names", data=data)
