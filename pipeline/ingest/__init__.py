"""Read uploaded lead files (CSV or JSON) as a stream of mapped rows. See docs/ingest-normalize.md."""

from .errors import UNPARSEABLE, UNSUPPORTED_TYPE, IngestError
from .headers import LEAD_FIELDS, map_header
from .records import FileInfo, IngestRow
from .rows import iter_rows
from .sniff import sniff_upload

__all__ = [
    "LEAD_FIELDS",
    "UNPARSEABLE",
    "UNSUPPORTED_TYPE",
    "FileInfo",
    "IngestError",
    "IngestRow",
    "iter_rows",
    "map_header",
    "sniff_upload",
]
