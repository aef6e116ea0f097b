"""The one error ingest raises: a file we cannot read, with a stable code the API maps to a status."""

from leadsite.core.exceptions import ApplicationError

UNSUPPORTED_TYPE = "unsupported_type"  # → 415: binary, spreadsheet, archive, PDF, unknown format
UNPARSEABLE = "unparseable"  # → 400: empty, no header row, broken JSON


class IngestError(ApplicationError):
    def __init__(self, code: str, message: str, *, details: dict | None = None):
        status_code = 415 if code == UNSUPPORTED_TYPE else 400
        super().__init__(message, code=code, status_code=status_code, details=details)
