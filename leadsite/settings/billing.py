"""Stripe / billing settings."""

from .environment import env

STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# "stripe" or "local". Empty: the local gateway (free checkouts) while DEBUG is on, none otherwise; with
# DEBUG off the local gateway needs PAYMENT_GATEWAY=local explicitly (billing.gateways).
PAYMENT_GATEWAY = env.str("PAYMENT_GATEWAY", default="")
DJSTRIPE_FOREIGN_KEY_TO_FIELD = "id"
DJSTRIPE_USE_NATIVE_JSONFIELD = True
DJSTRIPE_WEBHOOK_VALIDATION = "verify_signature"
STRIPE_LIVE_MODE = env.bool("STRIPE_LIVE_MODE", default=False)
STRIPE_TEST_SECRET_KEY = STRIPE_SECRET_KEY

# Credits: one credit per input row processed by the pipeline (see docs/billing.md).
BILLING_CREDITS_PER_ROW = env.int("BILLING_CREDITS_PER_ROW", default=1)
# Tolerance (seconds, both directions) for the Stripe-Signature timestamp.
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)
# Point the stripe library at another API server (tests: localstripe).
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
BILLING_CURRENCY = env.str("BILLING_CURRENCY", default="usd")
BILLING_TAX_RATE_PERCENT = env.float("BILLING_TAX_RATE_PERCENT", default=0.0)
BILLING_SELLER = {
    "name": env.str("BILLING_SELLER_NAME", default="Leadsite Inc."),
    "address": env.str("BILLING_SELLER_ADDRESS", default="1 Market Street, San Francisco, CA 94105, USA"),
    "email": env.str("BILLING_SELLER_EMAIL", default="billing@leadsite.example"),
    "tax_id": env.str("BILLING_SELLER_TAX_ID", default=""),
}
# Public base URL used for checkout success/cancel links when there is no request (empty: built from the request).
BILLING_PUBLIC_URL = env.str("BILLING_PUBLIC_URL", default="")

# Local-gateway renewals (Stripe renews on its own and tells us by webhook); used when celery beat runs.
CELERY_BEAT_SCHEDULE = {
    "billing-renew-due": {"task": "billing.subscriptions_renew_due", "schedule": 3600.0},
}
