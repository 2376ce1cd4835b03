import random
import re

import pytest

from briefing.sentences import _split, _trimmed, split, split_lines


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split(text)]


@pytest.mark.parametrize("text, expected", [
    ("Mr. Smith met Gen. Jones in the U.S. capital at 9 a.m. on Monday. He left.",
     ["Mr. Smith met Gen. Jones in the U.S. capital at 9 a.m. on Monday.", "He left."]),
    ("Lt. Col. Ann Lee spoke. J. R. Doe agreed.", ["Lt. Col. Ann Lee spoke.", "J. R. Doe agreed."]),
    ('He said: "Go home." Then he left! Did he? Yes', ['He said: "Go home."', "Then he left!", "Did he?", "Yes"]),
    ("هل هذا صحيح؟ نعم.", ["هل هذا صحيح؟", "نعم."]),
    ("It rose 3.5 per cent. Prices fell.", ["It rose 3.5 per cent.", "Prices fell."]),
    ("Wait... what happened?", ["Wait... what happened?"]),
    ("  Leading and trailing space.  ", ["Leading and trailing space."]),
])
def test_split(text, expected):
    assert sentences(text) == expected


def test_spans_are_exact_offsets_within_a_range():
    text = "Ignore. One here. Two here. Ignore."
    start = text.index("One")
    end = text.index(" Ignore.", start)
    assert [text[a:b] for a, b in split(text, start, end)] == ["One here.", "Two here."]


@pytest.mark.parametrize("text, expected", [
    # The word before a full stop is what follows the last space or line break before it.
    ("He met the\nGen. Smith today. Then left.", ["He met the\nGen. Smith today.", "Then left."]),
    ("(Gen. Smith) spoke. Then left.", ["(Gen. Smith) spoke.", "Then left."]),
    ("x" * 70 + " and U.S. Forces left. Then.", ["x" * 70 + " and U.S. Forces left.", "Then."]),
    ("x" * 70 + "Gen. Smith", ["x" * 70 + "Gen.", "Smith"]),
])
def test_an_abbreviation_is_the_word_before_its_full_stop(text, expected):
    assert sentences(text) == expected


def test_a_text_split_again_gives_its_own_spans():
    # The spans of the text last split are kept: another text, even an equal one, is split afresh.
    first = "One here. Two here."
    second = first.encode().decode()  # equal, not the same object
    assert split(first) == split(first) == ((0, 9), (10, 19))
    assert split(first, 10) == ((10, 19),)
    assert split(second) == ((0, 9), (10, 19)) and split("Other. Text.") == ((0, 6), (7, 12))


_LINE = re.compile(r"(?:[^\n]|\n(?=[^\S\n]*[a-z]))+")


def _line_by_line(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple(span for line in _LINE.finditer(text, start, end) for span in _split(text, *line.span()))


@pytest.mark.parametrize("text, expected", [
    ("Headline without a stop\nThe story starts. It goes on.",
     ["Headline without a stop", "The story starts.", "It goes on."]),
    ("A sentence that goes\non below. Then.", ["A sentence that goes\non below.", "Then."]),
    ("Items:\n  • Tanks cost $1.\n  • Trucks cost $2. Cars $3.",
     ["Items:", "• Tanks cost $1.", "• Trucks cost $2.", "Cars $3."]),
    ("Ends with Inc.\nNext line", ["Ends with Inc.", "Next line"]),
    ("هل هذا صحيح؟!\n- نعم.", ["هل هذا صحيح؟!", "- نعم."]),
])
def test_split_lines_ends_sentences_at_line_breaks(text, expected):
    assert [text[a:b] for a, b in split_lines(text)] == expected


def test_split_lines_is_each_line_split_on_its_own():
    # Taken from the whole stretch's split: the same spans as splitting each line apart, on texts
    # made of the characters that end sentences, lines and abbreviations.
    pieces = ["A", "b", "Mr", ".", "!", "?", "؟", "…", " ", "\n", "  ", '"', "”", "(", "x", "U.S.", "9", "é",
              "\n a", "\t", "\n\n"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert split_lines(text, start, end) == _line_by_line(text, start, end), (text, start, end)


def _trimmed_one_by_one(text: str, first: int, last: int) -> tuple[int, int] | None:
    while first < last and text[first].isspace():
        first += 1
    while last > first and text[last - 1].isspace():
        last -= 1
    return (first, last) if first < last else None


def test_a_span_is_trimmed_of_what_isspace_calls_whitespace():
    """`_trimmed` strips the slice (`str.strip`) instead of testing character by character: the same
    spans, for every character `str.isspace` takes, and random stretches of them among letters."""
    spaces = [chr(code) for code in range(0x110000) if chr(code).isspace()]
    for space in spaces:
        for text in (f"{space}a{space}", space * 3, f"a{space}{space}b", f"\u200ba{space}"):
            assert _trimmed(text, 0, len(text)) == _trimmed_one_by_one(text, 0, len(text)), hex(ord(space))
    chooser = random.Random(3)
    pieces = [*spaces, "a", "Б", ".", "\u200b", "\u00ad"]
    for _ in range(2000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 12)))
        first = chooser.randint(0, len(text))
        last = chooser.randint(first, len(text))
        assert _trimmed(text, first, last) == _trimmed_one_by_one(text, first, last), repr(text)


def test_a_candidate_end_found_after_the_lookahead_is_one_the_alternatives_find():
    """`_END` says first that a match opens with terminal punctuation: it must find what the
    alternatives alone find, in random runs of punctuation, quotes, capitals and spaces."""
    from briefing import sentences

    plain = re.compile(sentences._ENDS)
    chooser = random.Random(4)
    pieces = [".", "!", "?", "؟", "…", "'", '"', "”", "’", ")", "]", " ", "\n", "A", "a", "3", "“", "(", "Б", "_"]
    for _ in range(3000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 20)))
        assert [m.span() for m in sentences._END.finditer(text)] == [m.span() for m in plain.finditer(text)], text
