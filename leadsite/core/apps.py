from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leadsite.core"
    label = "core"
    verbose_name = "Organisations and access"
