from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_token
from .throttling import TokenFailureThrottle


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` against hashed, revocable tokens."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in (b"token", b"bearer"):
            return None
        failures = TokenFailureThrottle()
        wait = failures.wait_if_blocked(request)
        if wait is not None:
            raise exceptions.Throttled(wait, detail="Too many failed token authentications from this client.")
        if len(header) != 2:
            failures.failure_record(request)
            raise exceptions.AuthenticationFailed("Malformed Authorization header: expected 'Token <key>'.")
        try:
            raw = header[1].decode()
        except UnicodeError as exc:
            failures.failure_record(request)
            raise exceptions.AuthenticationFailed("Invalid token characters.") from exc
        token = (
            ApiToken.objects.select_related("user", "organization")
            .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            failures.failure_record(request)
            raise exceptions.AuthenticationFailed("Invalid or revoked API token.")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
