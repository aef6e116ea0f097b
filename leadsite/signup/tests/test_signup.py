"""Self-service sign-up: organisation + owner, confirmed by a signed link mailed through Django's backend."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client

from billing.selectors import subscription_summary
from leadsite.signup.services import CONFIRM_SALT

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_sign_up_confirm_by_email_and_get_the_free_credits(settings):
    settings.SIGNUP_FREE_CREDITS = 25
    browser = Client()
    response = browser.post("/signup/", {"organization": "Acme Growth", "email": "Ann@Acme.example",
                                         "password": "a-long-password"})
    assert response.status_code == 302 and response.url == "/signup/sent/"
    assert "ann@acme.example" in browser.get("/signup/sent/").content.decode()
    user = get_user_model().objects.get(email="ann@acme.example")
    assert not user.is_active and user.membership.organization.name == "Acme Growth"
    assert not browser.login(username="ann@acme.example", password="a-long-password")  # not before confirming

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ann@acme.example"]
    assert mail.outbox[0].subject == "Confirm your Leadsite account" and "25 free credits" in mail.outbox[0].body
    confirm = browser.get(_link(mail.outbox[0]))
    assert confirm.status_code == 302 and confirm.url == "/upload/"
    user.refresh_from_db()
    assert user.is_active
    organization_id = user.membership.organization_id
    assert subscription_summary(organization_id=organization_id)["credits_remaining"] == 25
    assert "25 free credits" in browser.get("/upload/").content.decode()  # logged in, with the welcome message

    again = Client().get(_link(mail.outbox[0]))  # the link a second time: no login, no second grant
    assert again.status_code == 302 and again.url == "/login/"
    assert subscription_summary(organization_id=organization_id)["credits_remaining"] == 25


def test_sign_up_with_a_known_address_reveals_nothing_and_mails_a_reset_link():
    Client().post("/signup/", {"organization": "Acme", "email": "bo@acme.example", "password": "a-long-password"})
    Client().get(_link(mail.outbox[0]))
    response = Client().post("/signup/", {"organization": "Evil", "email": "bo@acme.example",
                                          "password": "another-password"})
    assert response.status_code == 302 and response.url == "/signup/sent/"  # same answer as a new address
    assert "already has an account" in mail.outbox[1].body and "/password-reset/" in mail.outbox[1].body
    user = get_user_model().objects.get(email="bo@acme.example")
    assert user.check_password("a-long-password") and user.membership.organization.name == "Acme"


def test_bad_input_and_altered_or_expired_links_are_refused(settings):
    page = Client().post("/signup/", {"organization": "", "email": "not-an-email", "password": "short"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Enter a valid email address." in html and "at least 8 characters" in html
    assert get_user_model().objects.count() == 0

    refused = Client().get("/signup/confirm/not-a-token/", follow=True)
    assert "This confirmation link is not valid." in refused.content.decode()
    Client().post("/signup/", {"organization": "Cy", "email": "cy@cy.example", "password": "a-long-password"})
    settings.SIGNUP_CONFIRM_MAX_AGE = -1
    expired = Client().get(_link(mail.outbox[0]), follow=True)
    assert "expired" in expired.content.decode()
    assert not get_user_model().objects.get(email="cy@cy.example").is_active
    forged = signing.dumps({"user": 1, "email": "cy@cy.example"}, salt="another-salt")
    assert signing.loads(forged, salt="another-salt") and CONFIRM_SALT != "another-salt"
    assert "not valid" in Client().get(f"/signup/confirm/{forged}/", follow=True).content.decode()


def test_password_reset_through_djangos_views():
    Client().post("/signup/", {"organization": "Di", "email": "di@di.example", "password": "a-long-password"})
    Client().get(_link(mail.outbox[0]))
    browser = Client()
    assert b"Reset your password" in browser.get("/password-reset/").content
    response = browser.post("/password-reset/", {"email": "di@di.example"})
    assert response.status_code == 302 and response.url == "/password-reset/sent/"
    message = mail.outbox[-1]
    assert message.subject == "Reset your Leadsite password"
    form = browser.get(_link(message), follow=True)
    assert b"Choose a new password" in form.content
    done = browser.post(form.redirect_chain[-1][0], {"new_password1": "brand-new-pass-1",
                                                      "new_password2": "brand-new-pass-1"})
    assert done.status_code == 302 and done.url == "/password-reset/done/"
    assert Client().login(username="di@di.example", password="brand-new-pass-1")


def test_one_client_can_trigger_only_a_few_emails_an_hour(settings):
    settings.SIGNUP_MAIL_PER_HOUR = 2
    cache.delete_many(["mail-throttle:signup:203.0.113.9", "mail-throttle:password-reset:203.0.113.9"])
    browser = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(3):
        browser.post("/signup/", {"organization": "Spam", "email": f"victim{n}@example.org",
                                  "password": "a-long-password"})
    assert len(mail.outbox) == 2
    assert "Too many sign-ups" in browser.get("/signup/").content.decode()
    for _ in range(3):
        browser.post("/password-reset/", {"email": "victim0@example.org"})
    assert len(mail.outbox) == 2  # the cap counts per client and kind; resets of inactive accounts send nothing
    assert "Too many reset requests" in browser.get("/password-reset/").content.decode()
