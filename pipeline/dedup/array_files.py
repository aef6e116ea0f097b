"""Numeric arrays kept in an unnamed temporary file, appended in order and read back in slices.

A million-lead batch has about five million candidate pairs: their packed ids and weights (8 bytes
each) would be 80 MB of memory; on disk they cost page cache, which the system can take back.
Reads are positional (`os.pread`), so forked workers can share one file without sharing an offset.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import numpy as np

SLICE = 250_000


class ArrayFile:
    def __init__(self, dtype: type = np.int64) -> None:
        self.dtype = np.dtype(dtype)
        self._file = tempfile.TemporaryFile(prefix="leadsite-array-")
        self.size = 0

    @classmethod
    def of(cls, values: np.ndarray) -> ArrayFile:
        made = cls(values.dtype.type)
        made.append(values)
        return made

    def __len__(self) -> int:
        return self.size

    def append(self, values: np.ndarray) -> None:
        data = np.ascontiguousarray(values, dtype=self.dtype)
        os.pwrite(self._file.fileno(), data.tobytes(), self.size * self.dtype.itemsize)
        self.size += data.size

    def read(self, start: int, stop: int) -> np.ndarray:
        """Values [start, stop) as a new array."""
        start, stop = max(start, 0), min(stop, self.size)
        if stop <= start:
            return np.empty(0, dtype=self.dtype)
        width = self.dtype.itemsize
        data = bytearray((stop - start) * width)
        if os.preadv(self._file.fileno(), [data], start * width) != len(data):
            raise OSError(f"short read from {self._file.name}")
        return np.frombuffer(data, dtype=self.dtype)

    def __call__(self, size: int = SLICE) -> Iterator[np.ndarray]:
        """A new iterator over the values, `size` at a time."""
        for start in range(0, self.size, size):
            yield self.read(start, start + size)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ArrayFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
