"""Nickname equivalence from the maintained `nicknames` package (a hand-curated English names table).

Two given names are equivalent when one is a nickname of the other or both are nicknames of one
canonical name ("Bob" ~ "Robert" ~ "Rob"). Each name maps to the set of canonical names it belongs to.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    from nicknames import NickNamer

    groups: dict[str, set[str]] = {}
    for canonical, nicks in NickNamer().nickname_lookup.items():
        groups.setdefault(canonical, set()).add(canonical)
        for nick in nicks:
            groups.setdefault(nick, set()).add(canonical)
    return {name: frozenset(canon) for name, canon in groups.items()}


def nickname_groups(name: str) -> frozenset[str]:
    """Canonical names this (folded, lower-case) given name belongs to; empty when unknown."""
    return _groups().get(name, frozenset())


def are_nicknames(a: str, b: str) -> bool:
    if not a or not b:
        return False
    groups = _groups()
    ga, gb = groups.get(a), groups.get(b)
    return bool(ga and gb and not ga.isdisjoint(gb))
