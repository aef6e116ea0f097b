"""Sign-up, email and password reset settings."""

from .environment import env

# Mail goes through Django's email backend: the console in development, SMTP (EMAIL_HOST…) in production.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Leadsite <no-reply@leadsite.local>")

SIGNUP_ENABLED = env.bool("SIGNUP_ENABLED", default=True)
SIGNUP_FREE_CREDITS = env.int("SIGNUP_FREE_CREDITS", default=100)  # granted once, when the address is confirmed
SIGNUP_CONFIRM_MAX_AGE = env.int("SIGNUP_CONFIRM_MAX_AGE", default=3 * 24 * 3600)  # seconds a confirmation link lives
SIGNUP_MAIL_PER_HOUR = env.int("SIGNUP_MAIL_PER_HOUR", default=10)  # sign-up and reset emails one IP may ask for
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)
