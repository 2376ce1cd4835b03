"""Single-link clustering: items are one group when a chain of alike pairs joins them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def clusters(items: Sequence[T], alike: Callable[[T, T], bool]) -> list[list[T]]:
    """Groups of `items`, each in the items' order, groups ordered by their first item.

    `alike` is asked only of pairs not already joined, so an expensive test runs as little as it can.
    """
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if root(i) != root(j) and alike(items[i], items[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return list(groups.values())
