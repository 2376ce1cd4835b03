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
