"""Every form is post/redirect/get; a short balance links to Billing."""

import pytest
from django.test import Client

from leadsite.core.models import ApiToken

pytestmark = pytest.mark.django_db


def test_creating_a_token_redirects_and_a_reload_creates_no_second_token(make_customer):
    alice = make_customer()
    browser = Client()
    browser.force_login(alice.user)
    before = ApiToken.objects.filter(user=alice.user).count()
    response = browser.post("/tokens/", {"name": "CRM sync"})
    assert response.status_code == 302 and response.url == "/tokens/"
    shown = browser.get("/tokens/").content.decode()
    assert 'id="new-key"' in shown
    assert ApiToken.objects.filter(user=alice.user).count() == before + 1
    reloaded = browser.get("/tokens/").content.decode()  # a reload is a GET: no new token, the key is not shown again
    assert 'id="new-key"' not in reloaded
    assert ApiToken.objects.filter(user=alice.user).count() == before + 1
    token = ApiToken.objects.filter(user=alice.user, name="CRM sync").get()
    response = browser.post("/tokens/", {"revoke": str(token.pk)})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_not_enough_credits_redirects_back_with_a_link_to_billing(make_customer):
    poor = make_customer(credits=1)
    upload_id = poor.upload("name,email\nAnn Lee,ann@acme.com\nBo Chan,bo@acme.com\nCy Dee,cy@acme.com\n").json()[
        "upload_id"]
    browser = Client()
    browser.force_login(poor.user)
    page = browser.get(f"/uploads/{upload_id}/").content.decode()
    assert 'id="credits-short"' in page and 'href="/billing/"' in page
    response = browser.post(f"/uploads/{upload_id}/", {"map:0": "full_name", "map:1": "email",
                                                       "dedup_history": "on"})
    assert response.status_code == 302 and response.url == f"/uploads/{upload_id}/"
    after = browser.get(response.url).content.decode()
    assert "Not enough credits" in after
    assert '<a href="/billing/" class="billing-link">Add credits on the Billing page</a>' in after


def test_batches_list_names_each_batch_by_file_time_and_rows(make_customer):
    alice = make_customer()
    alice.upload("name,email\nAnn Lee,ann@acme.com\n")
    with alice.capture_on_commit(execute=True):
        batch_id = alice.client.post("/api/process", {"filename": "leads.csv"}, format="json").json()["batch_id"]
    browser = Client()
    browser.force_login(alice.user)
    html = browser.get("/batches/").content.decode()
    assert f'<a href="/batches/{batch_id}/">leads.csv</a>' in html
    assert "Completed" in html and ", " in html.split("leads.csv</a>", 1)[1].split("</td>", 1)[0]
