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


def test_batch_page_lists_best_leads_first_and_filters_by_status(make_customer):
    from pipeline.models import Lead

    alice = make_customer()
    rows = "".join(f"Person {i},p{i}@acme{i}.com,VP Sales,Acme {i},acme{i}.com,US\n" for i in range(60))
    assert alice.upload("name,email,title,company,website,country\n" + rows).status_code == 201
    batch_id = alice.post_and_commit("/api/process", {"filename": "leads.csv"}).json()["batch_id"]
    for lead in Lead.objects.filter(batch_id=batch_id):
        qualified = lead.row_number <= 55
        Lead.objects.filter(pk=lead.pk).update(
            status=Lead.STATUS_QUALIFIED if qualified else Lead.STATUS_REJECTED, score=lead.row_number
        )
    browser = Client()
    browser.force_login(alice.user)
    first = browser.get(f"/batches/{batch_id}/").content.decode()
    assert first.index("p54@acme54.com") < first.index("p53@acme53.com")  # best score first
    assert "p4@acme4.com" not in first  # 55 qualified leads: the lowest five are on page 2
    second = browser.get(f"/batches/{batch_id}/?page=2").content.decode()
    assert "p4@acme4.com" in second and "p54@acme54.com" not in second
    rejected = browser.get(f"/batches/{batch_id}/?status=REJECTED").content.decode()
    assert "p57@acme57.com" in rejected and "p54@acme54.com" not in rejected
