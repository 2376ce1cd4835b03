"""Single-link clustering: items are one group when a chain of alike pairs joins them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


Profile = tuple[Hashable, Hashable]  # an item's kind and place (see `clusters`)


class _Members:
    """The items of one group under one key that a newcomer must be compared with. With profiles,
    an item adds nothing when one of its kind is kept from its place, or two from two other places:
    whatever a later item is, one of those answers as it would (see `clusters`).

    A large corpus makes one per key of every item, most of them never joined by another: slotted,
    and the places of its items worked out only when a second one comes.

    With profiles, `unlike` holds the kinds of newcomers alike to none of its kinds, wherever they
    are from, so that another of those is turned away at once: most newcomers a group meets join
    another group. Forgotten when a kind joins."""

    __slots__ = ("indices", "places", "unlike")

    def __init__(self) -> None:
        self.indices: list[int] = []
        self.places: dict[Hashable, list[Hashable]] | None = None  # kind -> the places of its items kept
        self.unlike: set[Hashable] | None = None

    @classmethod
    def of(cls, index: int, profiles: list[Profile] | None) -> _Members:
        members = cls()
        members.add(index, profiles)
        return members

    def add(self, index: int, profiles: list[Profile] | None) -> None:
        if profiles is not None and self.indices:
            if self.places is None:
                self.places = {}
                for kept in self.indices:
                    kind, place = profiles[kept]
                    self.places.setdefault(kind, []).append(place)
            kind, place = profiles[index]
            if (places := self.places.get(kind)) is None:
                places = self.places[kind] = []
                self.unlike = None
            if place in places or len(places) >= 2:
                return
            places.append(place)
        self.indices.append(index)

    def absorb(self, other: _Members, profiles: list[Profile] | None) -> None:
        for index in other.indices:
            self.add(index, profiles)


def clusters(items: Sequence[T], alike: Callable[[T, T], bool],
             keys: Callable[[T], Iterable[Hashable]] | None = None,
             profile: Callable[[T], Profile] | None = None) -> list[list[T]]:
    """Groups of `items`, each in the items' order, groups ordered by their first item.

    `alike` is asked only of pairs not already joined, so an expensive test runs as little as it can:
    an item is compared with the members of each group it is not in, until one is alike. With `keys`,
    only items sharing a key are compared at all — the caller's promise that `alike` holds of no
    pair without one — so the work grows with the blocks rather than with the square of the items.
    With `profile`, each item's (kind, place), the caller promises that an item is alike to no item
    of its place and to others by their kinds alone: a group then keeps at most two items of a kind
    to compare with, however many sources name one actor alike, and `alike` is asked once of each
    pair of kinds (the first member of its kind, in another place, that a newcomer of its kind meets).
    """
    parent = list(range(len(items)))
    profiles = [profile(item) for item in items] if profile else None
    alike_kinds: dict[tuple[Hashable, Hashable], bool] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def joins(members: _Members, j: int) -> bool:
        """Whether item `j` is alike to one of `members`."""
        if profiles is None:
            return any(alike(items[i], items[j]) for i in members.indices)
        kind, place = profiles[j]
        if members.unlike is not None and kind in members.unlike:
            return False
        unlike = True  # (so far) every kind here is known not to be alike to j's
        for i in members.indices:
            their_kind, their_place = profiles[i]
            if (same := alike_kinds.get((their_kind, kind))) is None:
                if their_place == place:  # alike says nothing of its kind here: no place in it answers
                    unlike = False
                    continue
                same = alike_kinds[their_kind, kind] = alike(items[i], items[j])
            if same and their_place != place:
                return True
            unlike = unlike and not same
        if unlike:
            members.unlike = members.unlike or set()
            members.unlike.add(kind)
        return False

    # key -> its items so far by the group they were in when last looked at; a key only one item has so
    # far (most, in a large corpus) holds just that item's index.
    blocks: dict[Hashable, int | dict[int, _Members]] = {}
    for j, item in enumerate(items):
        for key in dict.fromkeys(keys(item)) if keys else (None,):
            if (entry := blocks.setdefault(key, j)) == j:
                continue
            if isinstance(entry, int):
                entry = blocks[key] = {root(entry): _Members.of(entry, profiles)}
            else:
                _regroup(entry, parent, root, profiles)
            # Every group here is a root now; joining one makes it j's root, and the root j had a member of it.
            here = root(j)
            for group, members in entry.items():
                if parent[group] == group != here and joins(members, j):
                    parent[here] = group
                    here = group
            # The groups j joined are one now: their members are put together when the key next comes.
            if (own := entry.get(here)) is None:
                entry[here] = _Members.of(j, profiles)
            else:
                own.add(j, profiles)
    groups_of: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups_of.setdefault(root(i), []).append(item)
    return list(groups_of.values())


def _regroup(entry: dict[int, _Members], parent: list[int], root: Callable[[int], int],
             profiles: list[Profile] | None) -> None:
    """Put together the members of groups joined since (through another key, or here last time)."""
    for group in [group for group in entry if parent[group] != group]:
        members = entry.pop(group)
        if (kept := entry.get(joined := root(group))) is None:
            entry[joined] = members
        else:
            kept.absorb(members, profiles)
