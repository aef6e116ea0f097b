"""Write side of tenancy: organisations, members and API tokens."""

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import ApiToken, Membership, Organization, hash_token


def organization_create(*, name: str, default_country: str = "US") -> Organization:
    base = slugify(name)[:60] or "org"
    slug = base
    n = 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    org = Organization(name=name, slug=slug, default_country=default_country.upper())
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def customer_create(*, email: str, password: str, organization_name: str | None = None, is_staff: bool = False):
    """Create a user with its own organisation (the user is its owner)."""
    User = get_user_model()
    email = email.strip().lower()
    if User.objects.filter(username=email).exists():
        raise ValueError(f"a user with email {email} already exists")
    user = User.objects.create_user(username=email, email=email, password=password, is_staff=is_staff)
    org = organization_create(name=organization_name or email.split("@")[-1])
    Membership.objects.create(user=user, organization=org, role=Membership.ROLE_OWNER)
    return user


def api_token_create(*, user, name: str = "default") -> tuple[ApiToken, str]:
    """Return the token row and the raw key, which is never stored and cannot be shown again."""
    raw = "ls_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        organization=user.membership.organization,
        name=name,
        prefix=raw[:10],
        key_hash=hash_token(raw),
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
