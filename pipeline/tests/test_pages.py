import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_mapping_preview_shows_sample_values_and_other_customers_get_404(make_customer):
    alice, bob = make_customer(), make_customer()
    upload_id = alice.upload("Name,E-mail,Favourite colour\nAnn Lee,ann@acme.com,teal\n").json()["upload_id"]
    browser = Client()
    browser.force_login(alice.user)
    page = browser.get(f"/uploads/{upload_id}/")
    assert page.status_code == 200
    assert b"ann@acme.com" in page.content
    assert b"teal" in page.content
    intruder = Client()
    intruder.force_login(bob.user)
    assert intruder.get(f"/uploads/{upload_id}/").status_code == 404


def test_pages_require_login():
    response = Client().get("/batches/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
