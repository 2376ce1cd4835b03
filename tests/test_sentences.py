import pytest

from briefing.sentences import split


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
