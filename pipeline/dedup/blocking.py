"""Blocking: which pairs are worth comparing, at a cost that grows about linearly with the leads.

Every record gets a few keys (normalised e-mail, phone, phonetic and nickname name keys, a swapped-name
key, address keys, company keys). Records sharing a key form a block. Blocks of at most `max_block`
records are compared all-to-all; larger blocks (a common surname, a switchboard number) are sorted by
name and compared within a sliding window, so no block is ever quadratic. Keys are kept as 64-bit
hashes in numpy arrays: about 20 bytes per key, whatever the text.
"""

from __future__ import annotations

import numpy as np

from .array_files import ArrayFile
from .nicknames import nickname_groups
from .records import Features

MAX_BLOCK = 16
WINDOW = 5


def block_keys(f: Features, extra_keys: frozenset[str] | None = None) -> list[tuple[str, ...]]:
    """Blocking keys of one record, as tuples (hashed for grouping; `key_text` for display).

    `extra_keys` names identifier-like extra columns (see linker.extra_identifier_keys) to block on too.
    """
    keys: list[tuple[str, ...]] = []
    append = keys.append
    if extra_keys and f.extra:
        keys.extend(("x", k, v) for k, v in f.extra.items() if k in extra_keys)
    if f.email:
        append(("e", f.email))
    if f.phone:
        append(("p", f.phone))
    if f.person:
        if f.linkedin:
            append(("l", f.linkedin))
        first, first_meta, last_meta, postcode, city = f.first, f.first_meta, f.last_meta, f.postcode, f.city
        if first_meta and last_meta:
            append(("s", first_meta, last_meta) if first_meta < last_meta else ("s", last_meta, first_meta))
        if last_meta:
            groups = nickname_groups(first)
            if groups:
                keys.extend(("k", canonical, last_meta) for canonical in sorted(groups)[:3])
            if city:
                append(("lc", last_meta, city))
        if first_meta and city:
            append(("fc", first_meta, city))
        if first and f.last and postcode:
            append(("f", first_meta, f.last[:2], postcode[:3]))
        if f.street_num:
            if postcode:
                append(("a", postcode, f.street_num))
            if f.street != f.street_num:
                append(("st", f.street))
        if f.alias:
            _company_keys(f, f.alias, append)
    else:
        if f.domain:
            append(("d", f.domain))
        _company_keys(f, f.company, append)
    return keys


def _company_keys(f: Features, company: str, append) -> None:
    if company:
        append(("c", company))
        tokens = company.split()
        if len(tokens) > 1:
            append(("cs", " ".join(sorted(tokens))))
        where = f.city or f.postcode
        if where:
            append(("cf", tokens[0], where))
    if f.street_num:
        words = [w for w in f.street.split() if w != f.street_num]
        if words:
            append(("oa", f.street_num, words[0], f.city or f.postcode))


def key_text(key: tuple[str, ...]) -> str:
    """A blocking key as stored in `match_keys` ("e:ann@lee.io", "n:SMT:r:ca")."""
    return ":".join(key)


def sort_code(f: Features) -> int:
    """An order-preserving 56-bit number from the record's name, to sort large blocks by."""
    text = (f.last + f.first) if f.person else f.company
    return int.from_bytes(text[:7].encode("ascii", "ignore").ljust(7, b"\0"), "big")


class BlockIndex:
    """Collects (key hash, sort code, record index) triples and turns them into candidate pairs.

    Entries are kept in numpy arrays (24 bytes each); past SPILL_ENTRIES they are spilled to a temporary
    file, sorted by hash bucket (one file per spill, with each bucket's offsets), so that a million-lead
    batch's eight million keys never sit in memory together: `pairs` then reads back a few buckets at a time.
    """

    def __init__(self) -> None:
        self._chunks: list[np.ndarray] = []  # (n, 3) int64 rows: key hash, sort code, index
        self._held = 0
        self._buf_k: list[int] = []
        self._buf_c: list[int] = []
        self._buf_i: list[int] = []
        self._spills: list[tuple[ArrayFile, np.ndarray]] = []  # entries sorted by bucket, each bucket's bounds
        self._spilled = 0  # entries written to spill files
        self._top = -1  # highest record index added

    def add(self, idx: int, keys: list[tuple[str, ...]] | list[str], code: int) -> None:
        n = len(keys)
        if idx > self._top:
            self._top = idx
        self._buf_k.extend(map(hash, keys))
        self._buf_c.extend([code] * n)
        self._buf_i.extend([idx] * n)
        if len(self._buf_k) >= BUFFER_ENTRIES:
            self._flush()

    def _flush(self) -> None:
        if self._buf_k:
            self._chunks.append(np.array([self._buf_k, self._buf_c, self._buf_i], dtype=np.int64).T.copy())
            self._held += len(self._buf_k)
            self._buf_k, self._buf_c, self._buf_i = [], [], []
        if self._held >= SPILL_ENTRIES:
            self._spill_held()

    def _spill_held(self) -> None:
        entries = np.concatenate(self._chunks)
        self._chunks, self._held = [], 0
        bucket = entries[:, 0] & (BUCKETS - 1)
        order = np.argsort(bucket, kind="stable")
        entries, bucket = entries[order], bucket[order]
        del order
        bounds = np.searchsorted(bucket, np.arange(BUCKETS + 1))
        stored = ArrayFile(np.int64)
        try:
            stored.append(entries.reshape(-1))
        except BaseException:
            stored.close()
            raise
        self._spills.append((stored, bounds))
        self._spilled += entries.shape[0]

    def _buckets(self, group: range) -> np.ndarray:
        """Entries of the buckets in `group`, from the spill files and from memory."""
        parts = []
        for stored, bounds in self._spills:
            lo, hi = int(bounds[group.start]), int(bounds[group.stop])
            if hi > lo:
                parts.append(stored.read(lo * 3, hi * 3).reshape(-1, 3))
        for chunk in self._chunks:
            bucket = chunk[:, 0] & (BUCKETS - 1)
            parts.append(chunk[(bucket >= group.start) & (bucket < group.stop)])
        return np.concatenate(parts) if parts else np.empty((0, 3), dtype=np.int64)

    def pairs(self, *, max_block: int = MAX_BLOCK, window: int = WINDOW) -> np.ndarray:
        """Unique candidate pairs i < j, packed as `i << 32 | j` in a sorted int64 array (see `pair_split`)."""
        with self.pairs_file(max_block=max_block, window=window) as stored:
            return stored.read(0, len(stored))

    def pairs_file(self, *, max_block: int = MAX_BLOCK, window: int = WINDOW) -> ArrayFile:
        """`pairs()` in a temporary file: a spilled (large) index never holds them all in memory.

        Keys are split by hash into groups of buckets of about PARTITION_ENTRIES entries: a block never spans
        two buckets, so the result is the same, and the sorting arrays exist for one group at a time.
        """
        self._flush()
        total = self._held + self._spilled
        groups = 1
        while total > groups * PARTITION_ENTRIES and groups < BUCKETS:
            groups *= 2
        step = BUCKETS // groups
        # Two leads sharing several keys are found once per key: past SPILL_ENTRIES found pairs, those repeats
        # go to files, so they never all sit in memory.
        found = _PairFiles(self._top + 1)
        try:
            for start in range(0, BUCKETS if total else 0, step):
                entries = self._buckets(range(start, start + step))
                found.add(_block_pairs(entries[:, 0], entries[:, 1], entries[:, 2], max_block, window))
                del entries
            return found.unique()
        finally:
            found.close()
            self._chunks, self._held = [], 0
            for stored, _bounds in self._spills:
                stored.close()
            self._spills, self._spilled = [], 0


def _sorted_unique(packed: np.ndarray) -> np.ndarray:
    """Sort in place, then keep one of each pair and no self pair."""
    packed.sort()
    keep = np.empty(packed.size, dtype=bool)
    keep[:1] = True
    np.not_equal(packed[1:], packed[:-1], out=keep[1:])
    keep &= (packed >> 32) != (packed & 0xFFFFFFFF)
    return packed[keep]


class _PairFiles:
    """Packed pairs found per key group: kept in memory up to SPILL_ENTRIES, then appended to files by range of
    their first index; each file is then made unique on its own and appended to the result (their ranges
    follow each other, so it is sorted)."""

    FILES = 64

    def __init__(self, size: int) -> None:
        self._bounds = (np.arange(1, self.FILES, dtype=np.int64) * -(-size // self.FILES)) << 32
        self._held: list[np.ndarray] = []
        self._count = 0
        self._files: list[ArrayFile] | None = None

    def add(self, packed: np.ndarray) -> None:
        """`packed` sorted (as `_block_pairs` returns it)."""
        self._held.append(packed)
        self._count += packed.size
        if self._count >= SPILL_ENTRIES:
            self._write()

    def _write(self) -> None:
        if self._files is None:
            self._files = []
            for _ in range(self.FILES):  # appended to the list at once, so `close` finds every opened file
                self._files.append(ArrayFile(np.int64))
        for packed in self._held:
            cuts = np.r_[0, np.searchsorted(packed, self._bounds), packed.size]
            for part in range(self.FILES):
                if cuts[part + 1] > cuts[part]:
                    self._files[part].append(packed[cuts[part] : cuts[part + 1]])
        self._held, self._count = [], 0

    def unique(self) -> ArrayFile:
        """The unique pairs, sorted, in a temporary file: never all in memory once they went to files."""
        if self._files is None:
            packed = np.concatenate(self._held) if self._held else np.empty(0, dtype=np.int64)
            self._held = []
            return ArrayFile.of(_sorted_unique(packed))
        self._write()
        out = ArrayFile(np.int64)
        for part in self._files:
            if len(part):
                out.append(_sorted_unique(part.read(0, len(part))))
            part.close()
        return out

    def close(self) -> None:
        for part in self._files or ():
            part.close()


BUCKETS = 1024
PARTITION_ENTRIES = 100_000
SPILL_ENTRIES = 250_000
BUFFER_ENTRIES = 50_000  # Python lists turned into an array


def pair_split(packed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The (i, j) index arrays of packed pairs."""
    return packed >> 32, packed & 0xFFFFFFFF


def pair_slices(packed: np.ndarray, size: int = 250_000):
    """(start, i array, j array) of consecutive slices of packed pairs: the index arrays of a few million
    pairs never exist at once."""
    for start in range(0, packed.size, size):
        yield (start, *pair_split(packed[start : start + size]))


def _block_pairs(keys: np.ndarray, codes: np.ndarray, idx: np.ndarray, max_block: int, window: int) -> np.ndarray:
    """Packed (i << 32 | j) pairs, i <= j, of the entries in these arrays: blocks of at most `max_block` all to
    all, larger blocks (sorted by sort code) within a sliding `window`."""
    if keys.size == 0:
        return np.empty(0, dtype=np.int64)
    order = np.lexsort((idx, codes, keys))
    keys, idx = keys[order], idx[order]
    del order
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    lengths = np.diff(np.r_[starts, len(keys)])
    run_len = np.repeat(lengths, lengths)
    found = []
    longest_small = int(lengths[lengths <= max_block].max(initial=1))
    for d in range(1, max(longest_small, window + 1)):
        same = keys[:-d] == keys[d:]
        if d > window:
            same &= run_len[:-d] <= max_block
        hits = np.flatnonzero(same)
        if hits.size == 0 and d > window:
            break
        if hits.size:
            a, b = idx[hits], idx[hits + d]
            found.append((np.minimum(a, b) << 32) | np.maximum(a, b))
    if not found:
        return np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate(found))
