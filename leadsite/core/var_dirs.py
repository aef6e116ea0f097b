"""Folders the configured backends write to, made when Django starts rather than when settings are imported."""

from pathlib import Path

from django.conf import settings


def var_dirs_needed() -> list[Path]:
    """The embedded SQLite database's folder and the filesystem broker's folders, when those are in use."""
    needed = []
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        needed.append(Path(database["NAME"]).parent)
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            if options.get(key):
                needed.append(Path(options[key]))
    return needed


def var_dirs_create() -> None:
    for folder in var_dirs_needed():
        folder.mkdir(parents=True, exist_ok=True)
