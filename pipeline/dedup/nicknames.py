"""Nickname equivalence from the maintained `nicknames` package (a hand-curated English names table).

The table maps a name to its nicknames ("robert" → bob, rob, bill, …) and is not transitive: "bill" is listed
for both Robert and William, yet Robert is not William. So two given names are equivalent when one is listed as
a nickname of the other ("bob" ~ "robert", "bill" ~ "william"), or both are short forms of one longer name
("bob" ~ "rob", both of Robert). Two names are never equivalent because they share a nickname.
Blocking uses the wider groups (`nickname_groups`): a candidate pair costs a comparison, never a merge.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _lookup() -> dict[str, frozenset[str]]:
    """name → the names it is listed as a nickname of."""
    from nicknames import NickNamer

    of: dict[str, set[str]] = {}
    for canonical, nicks in NickNamer().nickname_lookup.items():
        for nick in nicks:
            of.setdefault(nick, set()).add(canonical)
    return {name: frozenset(canon) for name, canon in of.items()}


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for nick, canonicals in _lookup().items():
        groups.setdefault(nick, set()).update(canonicals)
        for canonical in canonicals:
            groups.setdefault(canonical, set()).add(canonical)
    return {name: frozenset(canon) for name, canon in groups.items()}


def nickname_groups(name: str) -> frozenset[str]:
    """Names this (folded, lower-case) given name may stand for, itself included when it has nicknames; empty
    when unknown. Wide on purpose (blocking): "robert" and "william" share the group of "bill"."""
    return _groups().get(name, frozenset())


def are_nicknames(a: str, b: str) -> bool:
    """Is one a nickname of the other, or are both short forms of one longer name?"""
    if not a or not b or a == b:
        return False
    lookup = _lookup()
    of_a, of_b = lookup.get(a, frozenset()), lookup.get(b, frozenset())
    if b in of_a or a in of_b:
        return True
    longest = max(len(a), len(b))
    return any(len(canonical) > longest for canonical in of_a & of_b)
