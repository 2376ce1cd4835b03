"""Single-link clustering: items are one group when a chain of alike pairs joins them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def clusters(items: Sequence[T], alike: Callable[[T, T], bool],
             keys: Callable[[T], Iterable[Hashable]] | None = None) -> list[list[T]]:
    """Groups of `items`, each in the items' order, groups ordered by their first item.

    `alike` is asked only of pairs not already joined, so an expensive test runs as little as it can:
    an item is compared with the members of each group it is not in, until one is alike. With `keys`,
    only items sharing a key are compared at all — the caller's promise that `alike` holds of no
    pair without one — so the work grows with the blocks rather than with the square of the items.
    """
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocks: dict[Hashable, dict[int, list[int]]] = {}  # key -> its items so far, by the group they are in
    for j, item in enumerate(items):
        for key in dict.fromkeys(keys(item)) if keys else (None,):
            # Groups joined since, through another key, are one group here too.
            groups: dict[int, list[int]] = {}
            for member, members in blocks.get(key, {}).items():
                if (group := root(member)) in groups:
                    groups[group].extend(members)
                else:
                    groups[group] = members
            for group, members in groups.items():
                if root(group) != root(j) and any(alike(items[i], item) for i in members):
                    parent[root(j)] = root(group)
            groups.setdefault(j, []).append(j)
            blocks[key] = groups
    groups_of: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups_of.setdefault(root(i), []).append(item)
    return list(groups_of.values())
