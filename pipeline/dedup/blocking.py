"""Blocking: which pairs are worth comparing, at a cost that grows about linearly with the leads.

Every record gets a few keys (normalised e-mail, phone, phonetic and nickname name keys, a swapped-name
key, address keys, company keys). Records sharing a key form a block. Blocks of at most `max_block`
records are compared all-to-all; larger blocks (a common surname, a switchboard number) are sorted by
name and compared within a sliding window, so no block is ever quadratic. Keys are kept as 64-bit
hashes in numpy arrays: about 20 bytes per key, whatever the text.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .nicknames import nickname_groups
from .records import Features

MAX_BLOCK = 24
WINDOW = 6


def block_keys(f: Features, extra_keys: frozenset[str] | None = None) -> list[str]:
    """Blocking keys of one record (strings; stored in match_keys and hashed for grouping).

    `extra_keys` names identifier-like extra columns (see linker.extra_identifier_keys) to block on too.
    """
    keys: list[str] = []
    if extra_keys and f.extra:
        keys.extend(f"x:{k}:{v}" for k, v in f.extra.items() if k in extra_keys)
    if f.email:
        keys.append("e:" + f.email)
    if f.phone:
        keys.append("p:" + f.phone)
    if f.person:
        if f.last_meta and f.first:
            keys.append(f"n:{f.last_meta}:{f.first[0]}:{f.state or f.city[:3]}")
        if f.first_meta and f.last_meta:
            pair = sorted((f.first_meta, f.last_meta))
            keys.append(f"s:{pair[0]}:{pair[1]}")
        if f.last_meta:
            for canonical in sorted(nickname_groups(f.first))[:3] or [f.first]:
                keys.append(f"k:{canonical}:{f.last_meta}")
            if f.postcode:
                keys.append(f"l:{f.last_meta}:{f.postcode}")
            if f.city:
                keys.append(f"lc:{f.last_meta}:{f.city}")
        if f.first_meta and f.city:
            keys.append(f"fc:{f.first_meta}:{f.city}")
        if f.first and f.last and f.postcode:
            keys.append(f"f:{f.first_meta}:{f.last[:2]}:{f.postcode[:3]}")
        if f.street_num and f.postcode:
            keys.append(f"a:{f.postcode}:{f.street_num}")
        if f.street_num and f.street != f.street_num:
            keys.append("st:" + f.street)
    else:
        if f.domain:
            keys.append("d:" + f.domain)
        if f.company:
            keys.append("c:" + f.company)
            tokens = f.company.split()
            if len(tokens) > 1:
                keys.append("cs:" + " ".join(sorted(tokens)))
            where = f.city or f.postcode
            if where:
                keys.append(f"cf:{f.company_first}:{where}")
        if f.street_num:
            words = [w for w in f.street.split() if w != f.street_num]
            if words:
                keys.append(f"oa:{f.street_num}:{words[0]}:{f.city or f.postcode}")
    return keys


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

    def add(self, idx: int, keys: Iterable[str], code: int) -> None:
        for key in keys:
            self._buf_k.append(hash(key))
            self._buf_c.append(code)
            self._buf_i.append(idx)
        if len(self._buf_k) >= 200_000:
            self._flush()

    def _flush(self) -> None:
        if self._buf_k:
            self._keys.append(np.array(self._buf_k, dtype=np.int64))
            self._codes.append(np.array(self._buf_c, dtype=np.int64))
            self._idx.append(np.array(self._buf_i, dtype=np.int64))
            self._buf_k, self._buf_c, self._buf_i = [], [], []

    def pairs(self, *, max_block: int = MAX_BLOCK, window: int = WINDOW) -> np.ndarray:
        """Unique (i, j) index pairs with i < j, as an (n, 2) int64 array."""
        self._flush()
        if not self._keys:
            return np.empty((0, 2), dtype=np.int64)
        keys = np.concatenate(self._keys)
        codes = np.concatenate(self._codes)
        idx = np.concatenate(self._idx)
        order = np.lexsort((idx, codes, keys))
        keys, idx = keys[order], idx[order]
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
                found.append(np.stack((np.minimum(a, b), np.maximum(a, b)), axis=1))
        if not found:
            return np.empty((0, 2), dtype=np.int64)
        pairs = np.concatenate(found)
        packed = np.unique((pairs[:, 0] << 32) | pairs[:, 1])
        out = np.stack((packed >> 32, packed & 0xFFFFFFFF), axis=1)
        return out[out[:, 0] != out[:, 1]]
