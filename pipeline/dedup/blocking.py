"""Blocking: which pairs are worth comparing, at a cost that grows about linearly with the leads.

Every record gets a few keys (normalised e-mail, phone, phonetic and nickname name keys, a swapped-name
key, address keys, company keys). Records sharing a key form a block. Blocks of at most `max_block`
records are compared all-to-all; larger blocks (a common surname, a switchboard number) are sorted by
name and compared within a sliding window, so no block is ever quadratic. Keys are kept as 64-bit
hashes in numpy arrays: about 20 bytes per key, whatever the text.
"""

from __future__ import annotations

import numpy as np

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
    """Collects (key hash, sort code, record index) triples and turns them into candidate pairs."""

    def __init__(self) -> None:
        self._keys: list[np.ndarray] = []
        self._codes: list[np.ndarray] = []
        self._idx: list[np.ndarray] = []
        self._buf_k: list[int] = []
        self._buf_c: list[int] = []
        self._buf_i: list[int] = []

    def add(self, idx: int, keys: list[tuple[str, ...]], code: int) -> None:
        n = len(keys)
        self._buf_k.extend(map(hash, keys))
        self._buf_c.extend([code] * n)
        self._buf_i.extend([idx] * n)
        if len(self._buf_k) >= 200_000:
            self._flush()

    def _flush(self) -> None:
        if self._buf_k:
            self._keys.append(np.array(self._buf_k, dtype=np.int64))
            self._codes.append(np.array(self._buf_c, dtype=np.int64))
            self._idx.append(np.array(self._buf_i, dtype=np.int64))
            self._buf_k, self._buf_c, self._buf_i = [], [], []

    def pairs(self, *, max_block: int = MAX_BLOCK, window: int = WINDOW) -> np.ndarray:
        """Unique (i, j) index pairs with i < j, as an (n, 2) int64 array.

        Keys are split by hash into partitions of about PARTITION_ENTRIES entries: a block never spans two
        partitions, so the result is the same, and the sorting arrays exist for one partition at a time.
        """
        self._flush()
        if not self._keys:
            return np.empty((0, 2), dtype=np.int64)
        keys = np.concatenate(self._keys)
        self._keys = []
        codes = np.concatenate(self._codes)
        self._codes = []
        idx = np.concatenate(self._idx)
        self._idx = []
        parts = 1
        while keys.size > parts * PARTITION_ENTRIES and parts < 1024:
            parts *= 2
        if parts == 1:
            found = [_block_pairs(keys, codes, idx, max_block, window)]
        else:
            bucket = (keys & (parts - 1)).astype(np.int16)
            found = []
            for part in range(parts):
                chosen = np.flatnonzero(bucket == part)
                found.append(_block_pairs(keys[chosen], codes[chosen], idx[chosen], max_block, window))
        del keys, codes, idx
        packed = np.unique(np.concatenate(found))
        out = np.stack((packed >> 32, packed & 0xFFFFFFFF), axis=1)
        return out[out[:, 0] != out[:, 1]]


PARTITION_ENTRIES = 1_000_000


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
