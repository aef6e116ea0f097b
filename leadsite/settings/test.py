"""Test settings: fast hashing, eager Celery (the end-to-end test runs a real worker)."""

import os

from .base import *  # noqa: F403

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
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# xdist workers share one Redis db and their test databases hand out the same ids: each worker keeps its own keys.
CACHES["default"]["KEY_PREFIX"] = os.environ.get("PYTEST_XDIST_WORKER", "")  # noqa: F405
SIGNUP_MAIL_PER_HOUR = 1_000_000  # the throttle test lowers it
