from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the payment gateway check)
