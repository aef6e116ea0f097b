"""Self-service sign-up: an organisation and its owner, confirmed by a signed link sent by email."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from billing.services.credits import credits_grant
from leadsite.core.exceptions import ApplicationError
from leadsite.core.services import customer_create

CONFIRM_SALT = "leadsite.signup.confirm"


def signup_token(*, user) -> str:
    """A signed, timestamped token naming the user and the address it was sent to."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRM_SALT)


def _mail(template: str, *, to: str, context: dict) -> None:
    text = render_to_string(template, context).strip()
    subject, _, body = text.partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def signup_start(*, organization_name: str, email: str, password: str, confirm_url: Callable[[str], str],
                 reset_url: str) -> None:
    """Create the organisation and an inactive owner, and mail the confirmation link.

    The answer is the same whether or not the address already has an account (no account enumeration):
    an unconfirmed account gets a fresh link, a confirmed one a note pointing to password reset."""
    User = get_user_model()
    email = email.strip().lower()
    existing = User.objects.filter(username=email).first()
    if existing is not None:
        if existing.is_active:
            _mail("signup/existing_account_email.txt", to=email, context={"reset_url": reset_url})
            return
        user = existing
    else:
        with transaction.atomic():
            user = customer_create(email=email, password=password, organization_name=organization_name.strip())
            user.is_active = False
            user.save(update_fields=["is_active"])
    _mail("signup/confirm_email.txt", to=email, context={
        "confirm_url": confirm_url(signup_token(user=user)),
        "organization": user.membership.organization.name,
        "free_credits": settings.SIGNUP_FREE_CREDITS,
        "days": max(1, settings.SIGNUP_CONFIRM_MAX_AGE // 86400),
    })


def signup_confirm(*, token: str) -> tuple[object, bool]:
    """Activate the account the token names and grant the sign-up credits (once: the grant's reference is
    the user). Returns (user, newly confirmed): a link used twice confirms nothing new (and must not log
    anyone in again); an expired or altered one is refused."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.SIGNUP_CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApplicationError("This confirmation link has expired; sign up again to get a new one.",
                               code="link_expired") from exc
    except signing.BadSignature as exc:
        raise ApplicationError("This confirmation link is not valid.", code="link_invalid") from exc
    user = get_user_model().objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is None:
        raise ApplicationError("This confirmation link is not valid.", code="link_invalid")
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            return user, False
        user.is_active = True
        user.save(update_fields=["is_active"])
        if settings.SIGNUP_FREE_CREDITS > 0:
            credits_grant(organization_id=user.membership.organization_id, amount=settings.SIGNUP_FREE_CREDITS,
                          reference=f"signup:{user.pk}", kind="grant", note="free credits on sign-up")
    return user, True
