"""Resolve the organisation of the caller; every query of customer data is scoped by it."""

from django.http import Http404

from .models import Organization


def organization_for_user(user) -> Organization:
    membership = getattr(user, "membership", None) if user and user.is_authenticated else None
    if membership is None:
        raise Http404("No organisation for this account.")
    return membership.organization
