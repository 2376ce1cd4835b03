import random

import pytest

from briefing.clusters import clusters


def test_a_chain_of_alike_pairs_is_one_group_in_the_items_order():
    near = lambda a, b: abs(a - b) <= 1  # noqa: E731
    assert clusters([5, 1, 9, 2, 6, 3], near) == [[5, 6], [1, 2, 3], [9]]


def test_pairs_already_joined_are_not_compared_again():
    asked = []

    def alike(a, b):
        asked.append((a, b))
        return True

    assert clusters(["a", "b", "c"], alike) == [["a", "b", "c"]]
    assert asked == [("a", "b"), ("a", "c")]


def test_with_keys_only_items_sharing_one_are_compared_and_chains_cross_keys():
    asked = []

    def near(a, b):
        asked.append((a, b))
        return abs(a - b) <= 1

    # Each number's keys: itself and the next, so neighbours share one.
    assert clusters([5, 1, 9, 2, 6, 3], near, lambda n: (n, n + 1)) == [[5, 6], [1, 2, 3], [9]]
    assert all(abs(a - b) <= 1 for a, b in asked)


def test_groups_joined_under_one_key_are_one_group_under_another():
    asked = []

    def alike(a, b):
        asked.append((a, b))
        return a[0] == b[0] or a[1] == b[1]

    keys = lambda item: (("first", item[0]), ("second", item[1]))  # noqa: E731
    items = ["ax", "by", "ay", "bx"]
    assert clusters(items, alike, keys) == [items]
    # "bx" meets the one group ax-by-ay under both its keys: joined under the first, not asked again.
    assert [pair for pair in asked if pair[1] == "bx"] == [("by", "bx")]


def test_blocking_gives_the_groups_of_comparing_every_pair():
    words = ["kataib", "brigade", "hezbollah", "hizballah", "badr", "sadr", "bader", "brigades", "x"]
    alike = lambda a, b: a[:2] == b[:2] or a[-2:] == b[-2:]  # noqa: E731
    assert clusters(words, alike, lambda w: (w[:2], w[-2:])) == clusters(words, alike)


def test_with_profiles_a_group_keeps_two_of_a_kind_and_gives_the_groups_of_comparing_all():
    # (name, kind, source): alike when from two sources with the same name and kind.
    places = [("Iraq", "place", source) for source in (1, 2, 2, 3, 4, 5)]
    items = places + [("Iraq", "person", 6), ("Iraq", "person", 7), ("Badr", "body", 6), ("Badr", "body", 6)]
    asked = []

    def alike(a, b):
        asked.append((a, b))
        return a[2] != b[2] and a[:2] == b[:2]

    def keys(item):
        return [item[0]]

    expected = clusters(items, alike, keys)
    everything = len(asked)
    asked.clear()
    assert clusters(items, alike, keys, lambda item: (item[:2], item[2])) == expected
    assert expected == [places, items[6:8], items[8:9], items[9:]]
    # The first person is compared with one of the six places: what alike says of one place and
    # one person (of those kinds, from two sources) it says of every such pair.
    assert len([pair for pair in asked if pair[1] == items[6]]) == 1
    assert len(asked) < everything


def test_with_profiles_alike_is_asked_once_of_each_pair_of_kinds_and_never_within_a_place():
    # (kind, place): alike when from two places and of kinds that differ by at most one.
    items = [(kind, place) for place in range(6) for kind in (1, 2, 5)]
    asked = []

    def alike(a, b):
        asked.append((a, b))
        return a[1] != b[1] and abs(a[0] - b[0]) <= 1

    found = clusters(items, alike, lambda item: ["one block"], lambda item: item)
    kinds = [(a[0], b[0]) for a, b in asked]
    assert len(kinds) == len(set(kinds)) and all(a[1] != b[1] for a, b in asked)
    assert found == clusters(items, alike) == [[item for item in items if item[0] != 5],
                                               [item for item in items if item[0] == 5]]


@pytest.mark.parametrize("seed", range(40))
def test_with_profiles_the_groups_are_those_of_comparing_every_pair(seed):
    # Items (kind, place, number); alike by a random relation of kinds (not always symmetric), never
    # within a place: the promise a profile makes. Groups turn newcomers of a kind away and remember it.
    rng = random.Random(seed)
    related = {(a, b) for a in range(6) for b in range(6) if rng.random() < 0.15}
    items = [(rng.randrange(6), rng.randrange(4), number) for number in range(rng.randrange(5, 60))]

    def alike(a, b):
        return a[1] != b[1] and (a[0], b[0]) in related

    def keys(item):
        return [item[0] % 2, "all"]

    expected = clusters(items, alike)
    assert clusters(items, alike, keys, lambda item: item[:2]) == expected
