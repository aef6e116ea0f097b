"""Web security settings that fail closed: with DEBUG off the service needs its own key and host names, and
serves HTTPS only (redirect, secure cookies, HSTS) unless HTTPS_ONLY=off says a plain-HTTP local run.
"""

from django.core.exceptions import ImproperlyConfigured

from .environment import env

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment to a long random string, for example the output "
            "of: python -c 'import secrets; print(secrets.token_urlsafe(50))'. For a local run, "
            "scripts/serve.sh writes one into .env."
        )
    SECRET_KEY = "django-insecure-debug-only-key-never-used-with-debug-off"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set it to the host names the service answers to, comma-separated "
            "(for example: leads.example.com); scripts/serve.sh sets localhost for a local run."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# HTTPS: on by default with DEBUG off. Behind a TLS-terminating proxy keep it on and name the header the
# proxy sets (SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto), or turn the redirect off if the proxy redirects.
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS_ONLY)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=HTTPS_ONLY)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=HTTPS_ONLY)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS_ONLY)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=HTTPS_ONLY)
_proxy_ssl_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
