"""The portal in Debian's Chromium at 1366×800 and 390×844: a new customer signs up, uploads, maps, watches a
batch, reads a lead, downloads, subscribes, cancels and makes a token; staff refund the invoice.

Every page is checked for sideways scrolling and for raw Python (dict reprs, None, snake_case codes) in its
visible text. Screenshots go to var/screenshots/ (git-ignored) for review.
"""

import re
import shutil
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail

from billing.models import Invoice, Refund
from leadsite.core.services import customer_create
from pipeline.models import Batch, Lead

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
SAMPLE = Path(settings.BASE_DIR) / "static" / "samples" / "sample-leads.csv"
# Visible text without code, form controls and scripts (a token or a file header may hold underscores).
VISIBLE_TEXT_JS = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('code, pre, script, style, input, textarea, select, [data-raw]').forEach(e => e.remove());
  return copy.innerText || copy.textContent;
}"""
SNAKE_CODE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")


@pytest.fixture
def chromium(monkeypatch):
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it when run as root)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop lives in this thread
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def check_page(page, name: str, *, customer: bool = True) -> str:
    """No sideways scroll, no raw reprs; save a screenshot. Returns the visible text."""
    page.wait_for_load_state("load")
    width = page.evaluate("window.innerWidth")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: page is {scroll_width} px wide in a {width} px window"
    text = page.evaluate(VISIBLE_TEXT_JS)
    assert "{'" not in text and "': " not in text, f"{name}: a Python dict in the page"
    if customer:
        assert not re.search(r"\bNone\b", text), f"{name}: 'None' in the page"
        codes = SNAKE_CODE.findall(text)
        assert not codes, f"{name}: raw codes {codes[:5]}"
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    return text


def log_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/batches/$"))


def test_customer_and_staff_in_chromium(chromium, live_server, settings):
    settings.SIGNUP_FREE_CREDITS = 100
    # Transactional tests flush every table, the plans of billing's data migration included: put them back.
    import_module("billing.migrations.0002_plans").plans_create(django_apps, None)
    base = live_server.url
    desktop = chromium.new_context(viewport=DESKTOP, accept_downloads=True)
    page = desktop.new_page()
    page.set_default_timeout(20_000)

    # Sign up, confirm by the emailed link (Django's locmem backend in tests), land on the upload page.
    page.goto(f"{base}/login/")
    check_page(page, "login")
    page.click("#signup-link")
    check_page(page, "signup")
    page.fill("input[name=organization]", "Brightpeak Growth")
    page.fill("input[name=email]", "ana@brightpeak.example")
    page.fill("input[name=password]", "a-long-password")
    page.click("#signup-button")
    page.wait_for_selector("#signup-sent")
    link = re.search(r"https?://\S+/signup/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.wait_for_url(re.compile(r"/upload/$"))
    assert "100 free credits" in check_page(page, "upload")

    # Upload and map.
    page.set_input_files("#id_file", str(SAMPLE))
    page.click("#upload-button")
    page.wait_for_selector("#mapping")
    assert page.input_value("#mapping tr:has-text('Job Title') select") == "title"
    check_page(page, "mapping")
    page.click("#process-button")  # Celery is eager in tests: the batch has run when the page loads
    page.wait_for_selector("#download")
    batch = Batch.objects.get(organization__name="Brightpeak Growth")
    text = check_page(page, "batch")
    assert "Progress by phase" in text and "Check emails and phones" in text and "qualified" in text
    assert "could not be checked" in text  # test settings switch DNS checks off: the banner says so
    fits = page.evaluate("(t => t.scrollWidth <= t.parentElement.clientWidth)(document.querySelector('#leads'))")
    assert fits, "at 1366 px the leads table fits its card"

    # Download the qualified leads.
    with page.expect_download() as info:
        page.click("#download")
    downloaded = Path(info.value.path()).read_text().splitlines()
    assert len(downloaded) - 1 == batch.leads_qualified > 0

    # A lead page, and a duplicate's link to its survivor.
    duplicate = Lead.objects.filter(batch=batch, status=Lead.STATUS_DUPLICATE).select_related("duplicate_of").first()
    page.goto(f"{base}/leads/{duplicate.pk}/")
    text = check_page(page, "lead-duplicate")
    assert f"Row {duplicate.duplicate_of.row_number} — {duplicate.duplicate_of.full_name}" in text
    page.click("#survivor-link")
    page.wait_for_url(f"{base}/leads/{duplicate.duplicate_of_id}/")
    text = check_page(page, "lead")
    assert "Email checks" in text and "Phone checks" in text and "Company lookup" in text

    # Live batch: the phase table follows the API without a reload, then the page reloads when it is done.
    finished = dict(batch.progress)
    Batch.objects.filter(pk=batch.pk).update(
        status=Batch.STATUS_RUNNING, current_phase="validate",
        progress={"ingest": finished["ingest"], "validate": {"status": "running", "done": 10, "total": 53}})
    page.goto(f"{base}/batches/{batch.pk}/")
    validate_status = page.locator('tr[data-phase="validate"] [data-cell="status"]')
    assert validate_status.inner_text() == "Running"
    Batch.objects.filter(pk=batch.pk).update(progress={**finished, "dedup": {"status": "running", "done": 20,
                                                                             "total": 53}})
    page.wait_for_function("""() => document.querySelector('tr[data-phase="validate"] [data-cell="status"]')
                                     .textContent === 'Done'""")
    assert page.locator('tr[data-phase="dedup"] [data-cell="rows"]').inner_text() == "20 of 53"
    check_page(page, "batch-running")
    Batch.objects.filter(pk=batch.pk).update(status=Batch.STATUS_COMPLETED, progress=finished)
    page.wait_for_selector("#download")

    # Batches list, billing: subscribe through the local test-mode checkout, then cancel (asked first).
    page.goto(f"{base}/batches/")
    check_page(page, "batches")
    page.goto(f"{base}/billing/")
    check_page(page, "billing")
    page.click("button[data-plan=starter]")
    page.click("#pay")
    page.wait_for_selector("#cancel-subscription")
    assert page.inner_text("#sub-status") == "Active"
    page.click("#cancel-subscription")
    check_page(page, "billing-cancel")
    page.click("#confirm-cancel")
    page.wait_for_url(re.compile(r"/billing/$"))
    assert "ends " in check_page(page, "billing-cancelled")

    # Tokens: create one, reload, still one.
    page.goto(f"{base}/tokens/")
    page.fill("input[name=name]", "CRM sync")
    page.click("text=Create token")
    page.wait_for_selector("#new-key")
    check_page(page, "tokens")
    page.reload()
    assert page.locator("#new-key").count() == 0
    assert page.locator("td:has-text('CRM sync')").count() == 1

    # The same pages on a phone: nothing scrolls sideways, and the nav folds behind "Menu".
    phone = chromium.new_context(viewport=PHONE, storage_state=desktop.storage_state())
    small = phone.new_page()
    small.set_default_timeout(20_000)
    for name, path in [("upload", "/upload/"), ("batches", "/batches/"), ("batch", f"/batches/{batch.pk}/"),
                       ("batch-all", f"/batches/{batch.pk}/?status=ALL"), ("lead", f"/leads/{duplicate.pk}/"),
                       ("billing", "/billing/"), ("tokens", "/tokens/"), ("enrichment", "/enrichment/"),
                       ("mapping", f"/uploads/{batch.upload_id}/"), ("not-found", "/no-such-page/")]:
        small.goto(f"{base}{path}")
        check_page(small, name)
    assert not small.locator(".topbar nav").is_visible()
    small.click(".nav-toggle")
    assert small.locator(".topbar nav a:has-text('Billing')").is_visible()
    phone.close()
    desktop.close()

    # Staff refund the customer's invoice from the admin.
    staff = customer_create(email="support@leadsite.example", password="staff-password", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="billing", codename__in=["issue_refund", "view_invoice"]))
    invoice = Invoice.objects.get(organization=batch.organization)
    for viewport in (DESKTOP, PHONE):
        context = chromium.new_context(viewport=viewport)
        admin_page = context.new_page()
        admin_page.set_default_timeout(20_000)
        log_in(admin_page, base, "support@leadsite.example", "staff-password")
        admin_page.goto(f"{base}/admin/billing/invoice/")
        check_page(admin_page, "admin-invoices", customer=False)
        if viewport is DESKTOP:
            admin_page.check(f"input[name=_selected_action][value='{invoice.pk}']")
            admin_page.select_option("select[name=action]", "issue_refund")
            admin_page.click("button[name=index]")
            admin_page.fill("input[name=amount]", "1500")
            admin_page.fill("textarea[name=reason]", "Goodwill: batch re-run")
            check_page(admin_page, "admin-refund", customer=False)
            admin_page.click("input[name=apply]")
            assert "Refunded 1500 cents" in admin_page.inner_text(".messagelist")
        context.close()
    refund = Refund.objects.get(invoice=invoice)
    assert refund.amount_cents == 1500 and refund.issued_by == staff
