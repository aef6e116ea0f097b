"""Which text encoding a file uses, judged from its first bytes only, and a decoder over the whole stream."""

from __future__ import annotations

import codecs
import io
import string
from typing import BinaryIO

from charset_normalizer import from_bytes

from .errors import UNSUPPORTED_TYPE, IngestError

# Magic bytes of formats people upload by mistake: the message tells them what to do instead.
MAGIC = (
    (b"PK\x03\x04", "a ZIP archive or an Excel .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel .xls / Office document"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)

# Bytes that decode as UTF-8 are read as UTF-8; stray invalid bytes later in the file (mixed exports)
# are read as cp1252 instead of failing the batch half-way.
FALLBACK_ERRORS = "leadsite_cp1252_fallback"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error(FALLBACK_ERRORS, _cp1252_fallback)


def check_not_binary(prefix: bytes) -> None:
    for magic, what in MAGIC:
        if prefix.startswith(magic):
            raise IngestError(UNSUPPORTED_TYPE, f"This looks like {what}, not CSV or JSON. Export the sheet as CSV.")


def _utf16_without_bom(prefix: bytes) -> str | None:
    sample = prefix[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.6 and even_nuls < half * 0.1:
        return "utf-16-le"
    if even_nuls > half * 0.6 and odd_nuls < half * 0.1:
        return "utf-16-be"
    return None


def detect_encoding(prefix: bytes, *, complete: bool) -> str:
    """The codec name for a file starting with `prefix` (`complete` when the prefix is the whole file).

    BOMs decide first; then strict UTF-8 over the prefix (a sequence cut at the end of the prefix is
    fine); then charset-normalizer's best guess; cp1252 as the last resort, since it decodes nearly anything.
    """
    if prefix.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if prefix.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(prefix)
    if utf16:
        return utf16
    if prefix.count(b"\x00") > max(2, len(prefix) // 100):  # a stray NUL in an export is not binary
        raise IngestError(UNSUPPORTED_TYPE, "This is a binary file, not CSV or JSON text.")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(prefix, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    return _single_byte_encoding(prefix)


_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_LETTERS = string.ascii_letters.encode()


def _single_byte_encoding(prefix: bytes) -> str:
    """cp1252 for Western text (accented letters are a minority among ASCII letters), which short
    samples often get mislabelled (cp1250, cp775 …); charset-normalizer's guess for other scripts."""
    high = len(prefix) - len(prefix.translate(None, _HIGH_BYTES))
    letters = len(prefix) - len(prefix.translate(None, _ASCII_LETTERS)) + high
    try:
        prefix.decode("cp1252")
        cp1252_clean = True
    except UnicodeDecodeError:
        cp1252_clean = False
    if cp1252_clean and high <= 0.3 * max(letters, 1):
        return "cp1252"
    best = from_bytes(prefix[:65536]).best()
    if best is not None and best.encoding:
        return codecs.lookup(best.encoding).name
    return "cp1252"


def text_stream(fileobj: BinaryIO, encoding: str) -> io.TextIOWrapper:
    """Decode the binary stream incrementally; newline="" so the csv module sees quoted newlines as they are."""
    errors = FALLBACK_ERRORS if encoding in ("utf-8", "utf-8-sig") else "replace"
    # PostgreSQL rejects NUL in text and JSON: drop stray NUL bytes (not in UTF-16/32, where they are the encoding).
    drop_nul = not encoding.replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32"))
    buffered = io.BufferedReader(_Unclosable(fileobj, drop_nul=drop_nul), buffer_size=256 * 1024)
    return io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline="")


class _Unclosable(io.RawIOBase):
    """Lets a TextIOWrapper be dropped without closing the caller's file object."""

    def __init__(self, raw: BinaryIO, *, drop_nul: bool = False):
        super().__init__()
        self._raw = raw
        self._drop_nul = drop_nul

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            data = self._raw.read(len(buffer))
            if not data:
                return 0
            if self._drop_nul and b"\x00" in data:
                data = data.replace(b"\x00", b"")
                if not data:
                    continue  # a block of NULs only: read on, 0 would mean end of file
            n = len(data)
            buffer[:n] = data
            return n

    def close(self) -> None:  # the caller owns the underlying file
        super().close()
