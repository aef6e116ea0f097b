import pytest


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploads and results go to a per-test folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
