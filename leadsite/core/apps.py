from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leadsite.core"
    label = "core"
    verbose_name = "Organisations and access"

    def ready(self) -> None:
        from . import schema  # noqa: F401 - registers the OpenAPI extension
        from .var_dirs import var_dirs_create

        var_dirs_create()
