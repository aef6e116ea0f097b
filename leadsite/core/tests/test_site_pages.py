"""The site's own error pages and icon."""

import pytest
from django.test import Client, RequestFactory

from leadsite.core.error_views import server_failure

pytestmark = pytest.mark.django_db


def test_unknown_page_is_the_sites_own_404_and_api_paths_stay_json():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html and "css/app.css" in html
    api = Client().get("/api/no-such-endpoint")
    assert api.status_code == 404 and api.json()["code"] == "not_found"


def test_server_error_page_is_the_sites_own():
    response = server_failure(RequestFactory().get("/batches/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content and b"favicon.svg" in response.content


def test_favicon_is_served():
    response = Client().get("/favicon.ico")
    assert response.status_code == 302 and response.url.endswith("img/favicon.svg")
    assert b'rel="icon"' in Client().get("/login/").content
