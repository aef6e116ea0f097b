"""What makes two requests "the same request" for an Idempotency-Key: a digest of the body (or the file)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.files.uploadedfile import UploadedFile


def request_fingerprint(data: Any) -> str:
    """sha256 of the JSON body with sorted keys (key order and spacing do not make another request)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def upload_fingerprint(fileobj: UploadedFile) -> str:
    """sha256 of the file's name and content, read in chunks (the upload is rewound for its real reader)."""
    digest = hashlib.sha256((fileobj.name or "").encode() + b"\0")
    for chunk in fileobj.chunks():
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()
