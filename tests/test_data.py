import random
import re
import string

from briefing import data


def test_words_as_a_tree_match_what_their_alternation_matches():
    """`tree` writes words as a tree of their letters; it must match where and as far as the
    plain alternation, longest first, does (the windows the date rules run in depend on it)."""
    words = {"day", "days", "daybreak", "Dawn", "dawn", "d", "week", "weekend", "we", "year", "Valentine's"}
    plain = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    tree = re.compile(data.tree(words))
    text = "A weekend, days and a daybreak; we met at dawn, Dawn said, each d of the year on Valentine's dayx."
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_between_word_boundaries_and_in_any_case_the_tree_matches_what_the_alternation_does():
    """As the phrase lists are searched (`\\b(?:…)\\b`, case aside): the longest phrase the boundary
    after it allows, at the same places, on texts made of the phrases' pieces."""
    phrases = {"said", "said to", "say", "says", "according to", "it is", "it", "n't", "so-called", "a"}
    plain = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True))) + r")\b", re.I)
    tree = re.compile(r"\b(?:" + data.tree(phrases) + r")\b", re.I)
    pieces = ["said", " ", "to", "SAY", "s", "According", "it", "Is", "n't", "so", "-called", "x", ",", "a", "A"]
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_folded_text_is_the_text_as_ignorecase_compares_it():
    """Every character folds to one, a word character just when it is one, and to an ASCII letter
    just when `re.IGNORECASE` takes it for that letter; nothing else folds to ASCII."""
    every_character = "".join(map(chr, range(0x110000)))
    folded = [data.fold(character) for character in every_character]
    assert all(len(one) == 1 for one in folded)
    word = re.compile(r"\w")
    assert all(bool(word.fullmatch(a)) == bool(word.fullmatch(b)) for a, b in zip(every_character, folded, strict=True))
    for letter in string.ascii_lowercase:
        taken = set(re.findall(f"(?i:{letter})", every_character))
        assert {a for a, b in zip(every_character, folded, strict=True) if b == letter} == taken, letter
    assert {a for a, b in zip(every_character, folded, strict=True) if b.isascii() and not b.isalpha()} \
        == {a for a in every_character if a.isascii() and not a.isalpha()}
    assert data.fold("İSTANBUL ſays ΟΔΟΣ") == "istanbul says οδος"

