"""Single-link clustering: items are one group when a chain of alike pairs joins them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


class _Members:
    """The items of one group under one key that a newcomer must be compared with. With profiles,
    an item adds nothing when one of its kind is kept from its place, or two from two other places:
    whatever a later item is, one of those answers as it would (see `clusters`).

    A large corpus makes one per key of every item, most of them never joined by another: slotted,
    and the places of its items worked out only when a second one comes."""

    __slots__ = ("indices", "places")

    def __init__(self) -> None:
        self.indices: list[int] = []
        self.places: dict[Hashable, list[Hashable]] | None = None  # kind -> the places of its items kept

    @classmethod
    def of(cls, index: int, profile: Callable[[int], tuple[Hashable, Hashable]] | None) -> _Members:
        members = cls()
        members.add(index, profile)
        return members

    def add(self, index: int, profile: Callable[[int], tuple[Hashable, Hashable]] | None) -> None:
        if profile is not None and self.indices:
            if self.places is None:
                self.places = {}
                for kept in self.indices:
                    kind, place = profile(kept)
                    self.places.setdefault(kind, []).append(place)
            kind, place = profile(index)
            places = self.places.setdefault(kind, [])
            if place in places or len(places) >= 2:
                return
            places.append(place)
        self.indices.append(index)

    def absorb(self, other: _Members, profile: Callable[[int], tuple[Hashable, Hashable]] | None) -> None:
        for index in other.indices:
            self.add(index, profile)


def clusters(items: Sequence[T], alike: Callable[[T, T], bool],
             keys: Callable[[T], Iterable[Hashable]] | None = None,
             profile: Callable[[T], tuple[Hashable, Hashable]] | None = None) -> list[list[T]]:
    """Groups of `items`, each in the items' order, groups ordered by their first item.

    `alike` is asked only of pairs not already joined, so an expensive test runs as little as it can:
    an item is compared with the members of each group it is not in, until one is alike. With `keys`,
    only items sharing a key are compared at all — the caller's promise that `alike` holds of no
    pair without one — so the work grows with the blocks rather than with the square of the items.
    With `profile`, each item's (kind, place), the caller promises that an item is alike to no item
    of its place and to others by their kinds alone: a group then keeps at most two items of a kind
    to compare with, however many sources name one actor alike.
    """
    parent = list(range(len(items)))
    profiled = (lambda index: profile(items[index])) if profile else None

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # key -> its items so far, one entry per group they were in; a key only one item has so far (most,
    # in a large corpus) holds just that item's index.
    blocks: dict[Hashable, int | list[_Members]] = {}
    for j, item in enumerate(items):
        for key in dict.fromkeys(keys(item)) if keys else (None,):
            if (entry := blocks.setdefault(key, j)) == j:
                continue
            # Groups joined since, through another key, are one group here too.
            groups: dict[int, _Members] = {}
            for members in [_Members.of(entry, profiled)] if isinstance(entry, int) else entry:
                if (group := root(members.indices[0])) in groups:
                    groups[group].absorb(members, profiled)
                else:
                    groups[group] = members
            for group, members in groups.items():
                if root(group) != root(j) and any(alike(items[i], item) for i in members.indices):
                    parent[root(j)] = root(group)
            blocks[key] = [*groups.values(), _Members.of(j, profiled)]
    groups_of: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups_of.setdefault(root(i), []).append(item)
    return list(groups_of.values())
