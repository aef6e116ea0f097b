import pytest

from leadsite.core.text.mailboxes import local_is_role
from pipeline.validation.email_flags import (
    DISPOSABLE_DOMAINS,
    domain_is_disposable,
    domain_is_free,
    domain_typo_suggestion,
)


def test_disposable_list_comes_from_the_package():
    assert len(DISPOSABLE_DOMAINS) > 1000
    assert domain_is_disposable("mailinator.com")
    assert domain_is_disposable("inbox.mailinator.com")
    assert not domain_is_disposable("techflow.com")
    assert not domain_is_disposable("gmail.com")


@pytest.mark.parametrize(
    ("domain", "free"), [("gmail.com", True), ("yahoo.co.uk", True), ("gmx.de", True), ("techflow.com", False)]
)
def test_free_mail(domain, free):
    assert domain_is_free(domain) is free


@pytest.mark.parametrize(
    ("local", "role"),
    [("info", True), ("Sales", True), ("support+tickets", True), ("customer.service", True), ("no-reply", True),
     ("sarah", False), ("sarah.miller", False), ("infos.team.lead", False)],
)
def test_role_accounts(local, role):
    assert local_is_role(local) is role


@pytest.mark.parametrize(
    ("domain", "suggestion"),
    [("gmial.com", "gmail.com"), ("gnail.com", "gmail.com"), ("gmail.co", "gmail.com"), ("hotmal.com", "hotmail.com"),
     ("yahooo.com", "yahoo.com"), ("outlok.com", "outlook.com"), ("gmaill.co", "gmail.com"),
     ("gmail.com", None), ("acme.com", None), ("mail.com", None), ("techflow.com", None), ("ae.com", None)],
)
def test_typo_suggestions(domain, suggestion):
    assert domain_typo_suggestion(domain) == suggestion
