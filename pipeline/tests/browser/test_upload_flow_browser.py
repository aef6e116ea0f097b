"""A customer in a real (headless Chromium) browser: log in, upload, check the mapping, process, download."""

import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(tmp_path, monkeypatch):
    if not CHROMIUM:
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it when run as root)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop in this thread; our ORM calls in the test stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


def test_customer_uploads_and_downloads_in_browser(browser_page, live_server, make_customer, tmp_path):
    customer = make_customer()
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", customer.user.email)
    page.fill("input[name=password]", "pw-123456789")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/batches/")

    source = tmp_path / "browser-leads.csv"
    source.write_text(
        "Name,E-mail,Mobile,Position,Organization,URL,Country\n"
        "Sarah Miller,sarah.miller@techflow.com,+1 415 555 0199,VP Sales,TechFlow Systems Inc,techflow.com,US\n"
        "Ana Costa,ana.costa@brightpeak.io,+44 20 7946 0958,Head of Marketing,BrightPeak Ltd,brightpeak.io,GB\n"
    )
    page.goto(f"{live_server.url}/upload/")
    page.set_input_files("#id_file", str(source))
    page.click("#upload-button")
    page.wait_for_selector("#mapping")
    assert page.input_value("#mapping tr:has-text('E-mail') select") == "email"
    assert page.input_value("#mapping tr:has-text('Organization') select") == "company_name"
    assert "sarah.miller@techflow.com" in page.inner_text("#mapping tr:has-text('E-mail')")
    page.screenshot(path=str(tmp_path / "mapping.png"))

    page.click("#process-button")
    page.wait_for_selector("#download")
    assert "Completed" in page.inner_text("h1")
    with page.expect_download() as info:
        page.click("#download")
    downloaded = Path(info.value.path()).read_text()
    assert downloaded.splitlines()[0].startswith("row_number,status,score,account.name")
    assert len(downloaded.strip().splitlines()) - 1 == int(page.inner_text("[data-field=leads_qualified]"))
