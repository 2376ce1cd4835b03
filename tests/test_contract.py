import enum
import io
import json
import random
from pathlib import Path

import pytest

from briefing.build import extract_findings
from briefing.contract import _mention_at, findings_document, indented, write_findings, write_json
from briefing.extract import Run
from briefing.findings import Mention

SEEDS = Path(__file__).resolve().parent.parent / "seeds" / "case.yaml"


@pytest.mark.parametrize("document", [
    {"documents": [{"file": "a.txt", "timexes": [], "mentions": [{"start": 0, "end": 3, "text": "Sadr\n“al-Ṣadr”"}],
                    "attributions": [{"source": None, "hedges": [], "claim": True, "cue": {"start": 1, "end": 2}}]},
                   {"file": "b.txt", "timexes": [], "mentions": [], "attributions": []}],
     "actors": [{"id": "sadr", "name": "Sadr", "type": "PER", "aliases": ["الصدر", "Moqtada"]}]},
    {"documents": [], "actors": []},
    {},
])
def test_the_findings_file_is_what_the_standard_encoder_writes(document):
    out = io.BytesIO()
    write_json(out, document)
    assert out.getvalue() == (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()


# Strings JSON must escape, or must not: quotes, backslashes, every control character, line and
# paragraph separators, non-BMP characters, a lone surrogate, right-to-left text, JSON's own punctuation.
HOSTILE = ['"', "\\", '\\"', "\"\\\"", "".join(map(chr, range(32))), "\x7f\x80\x9f", "\u2028\u2029",
           "😀𝄞", "\ud800", "x\udfffy", "الصدر", "{}", "[]", '{"a": [1, 2]}', ",\n  ", ": ", "", " ", "null",
           "}", "{", "},\n    {", '"},\n    {"']


class Kind(str, enum.Enum):
    PERSON = 'PER"\\'


class Count(enum.IntEnum):
    ONE = 1


SCALARS = [*HOSTILE, 0, -1, 10**30, 0.1, -0.0, 1e300, 1.5e-300, float("nan"), float("inf"), float("-inf"),
           None, True, False]


def hostile_values():
    """Every scalar, alone and in each container the contract has, nested, empty and mixed."""
    yield from SCALARS
    yield from ([], {}, [[]], [{}], {"a": {}}, {"a": []}, ("a", 1), [("a", 1)])
    yield SCALARS
    yield {text: value for text, value in zip(HOSTILE, SCALARS[::-1])}
    yield {1: "int key", 2.5: "float key", False: "bool key", None: "None key", "s": "str key"}
    yield {1: [1], "a": {"b": None}}
    yield [1, [2, {}], "a"]
    # Lists of dictionaries of scalars, as a source's mentions are: strings ending or starting in braces.
    yield [{"text": text, "end": 1} for text in HOSTILE]
    yield [{"a": text} for text in HOSTILE] + [{}]
    yield [[{"a": "}"}, {"b": "{"}], [{"c": None}]]
    # Subclasses: an enum encodes as its value, whatever its own repr or str says.
    yield [Kind.PERSON, {"kind": Kind.PERSON, "n": Count.ONE}, {Kind.PERSON: [Count.ONE]}]
    span = {"start": 1, "end": 2}
    yield [{"source": span, "hedges": [{**span, "text": text, "kind": "hedge"} for text in HOSTILE],
            "aliases": HOSTILE, "cue": None, "claim": False, "grade": 0.5, "deep": [[[{"x": [HOSTILE]}]]]}, [], {}]


@pytest.mark.parametrize("value", list(hostile_values()), ids=repr)
@pytest.mark.parametrize("level", [0, 2])
def test_indented_is_the_standard_encoding_of_any_value(value, level):
    assert indented(value, level) == json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)


def test_the_mention_an_attribution_is_at_is_the_first_name_there_else_the_first_mention():
    spans = [(start, start + length) for start in range(4) for length in (1, 2)]
    rng = random.Random(7)
    mentions = [Mention("a.txt", *rng.choice(spans), "x", "PER", rng.choice(["name", "nominal", "pronoun"]), f"actor{n}")
                for n in range(60)]
    at = _mention_at(mentions)
    for span in spans:
        there = [m for m in mentions if (m.start, m.end) == span]
        assert at.get(span) == (min(there, key=lambda m: m.form != "name") if there else None)


def test_the_findings_file_made_document_by_document_is_the_standard_encoding_of_the_whole_document():
    from briefing.build import read_corpus
    from briefing.extract import extract
    from briefing.merge import merge

    case, sources, where = read_corpus(SEEDS)
    findings = extract(sources, Run(jobs=1, cache=False))
    facts, mentions = merge(case, findings, where)
    parts = (sources, facts.actors, mentions, findings.attributions, findings.timexes)
    document = findings_document(*parts)
    assert document["documents"] and document["actors"]
    out = io.BytesIO()
    extract_findings(SEEDS, Run(jobs=1, cache=False))(out)
    assert out.getvalue() == (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode()
    empty = io.BytesIO()
    write_findings(empty, [], [], [])
    assert json.loads(empty.getvalue()) == findings_document([], [], [])
