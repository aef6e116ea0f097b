"""Settings that fail closed, checked in fresh interpreters with the environment a deployment would give."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

STRONG_KEY = secrets.token_urlsafe(50)
# The variables these tests decide; the rest of the test process's environment (DATABASE_URL, …) is kept.
DEPLOY_VARIABLES = (
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS_ONLY", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER",
    "PAYMENT_GATEWAY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET",
)


def _run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in DEPLOY_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="leadsite.settings.base", LEADSITE_ENV_FILE="", **variables)
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def _settings(*names: str, **variables: str) -> list[str]:
    code = "from django.conf import settings; " + "; ".join(f"print(repr(settings.{name}))" for name in names)
    done = _run(["-c", code], **variables)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_check_deploy_reports_no_issues_with_debug_off_a_strong_key_and_a_real_host():
    done = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="leads.example.com", PAYMENT_GATEWAY="stripe",
                STRIPE_SECRET_KEY="sk_test_0123456789abcdefghij", STRIPE_WEBHOOK_SECRET="whsec_0123456789")
    assert done.returncode == 0, done.stderr[-4000:]
    assert "System check identified no issues (0 silenced)." in done.stdout, done.stdout[-4000:]


def test_without_a_secret_key_the_service_refuses_to_start():
    done = _run(["manage.py", "check"], ALLOWED_HOSTS="leads.example.com")
    assert done.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set." in done.stderr


def test_without_allowed_hosts_the_service_refuses_to_start():
    done = _run(["manage.py", "check"], SECRET_KEY=STRONG_KEY)
    assert done.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS is not set." in done.stderr


def test_debug_runs_without_a_key_or_hosts_on_local_names():
    assert _settings("ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", DEBUG="on") == ["['localhost', '127.0.0.1', '[::1]']",
                                                                              "False"]


def test_https_is_on_by_default_with_debug_off():
    values = _settings("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
                       "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER",
                       SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="leads.example.com")
    assert values == ["True", "True", "True", "31536000", "True", "None"]


def test_a_tls_proxy_names_its_header_and_a_local_run_turns_https_off():
    behind_proxy = _settings("SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", SECRET_KEY=STRONG_KEY,
                             ALLOWED_HOSTS="leads.example.com", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert behind_proxy == ["('HTTP_X_FORWARDED_PROTO', 'https')", "True"]
    local = _settings("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
                      SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="localhost", HTTPS_ONLY="off")
    assert local == ["False", "False", "0"]
