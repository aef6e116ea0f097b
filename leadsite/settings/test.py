"""Test settings: fast hashing, eager Celery (the end-to-end test runs a real worker).

The tests never read a checkout's .env, and run on plain HTTP with a test-only key; the values go into
os.environ so the worker and `manage.py` subprocesses some tests start get them too.
"""

import os

os.environ.setdefault("LEADSITE_ENV_FILE", "")
os.environ.setdefault("SECRET_KEY", "test-only-key-for-the-test-suite-never-for-a-deployment-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
os.environ.setdefault("HTTPS_ONLY", "off")

from .base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DNS_CHECKS = False
EMAIL_SMTP_PROBE = False
PAYMENT_GATEWAY = "local"  # explicit: tests run with DEBUG off, where the local gateway is otherwise refused
PIPELINE_WORKERS = 1  # tests that cover the worker pool turn it on themselves
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# xdist workers share one Redis db and their test databases hand out the same ids: each worker keeps its own keys.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("PYTEST_XDIST_WORKER", "")  # noqa: F405
SIGNUP_MAIL_PER_HOUR = 1_000_000  # the throttle test lowers it
API_THROTTLE_RATES = {"anon": None, "user": None, "token_failure": None}  # the throttle tests set their own
AXES_ENABLED = False  # Client.login() authenticates without a request, which axes refuses; the lockout tests turn it on
STATIC_ROOT = None  # static files come from the finders; nothing is collected
