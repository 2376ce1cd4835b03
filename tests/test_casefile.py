import json

import pytest

from briefing.casefile import CaseFile, json_schema, parse_case
from briefing.errors import InputError


def parse(text: str) -> CaseFile:
    return parse_case(text, "case.yaml")


def error_of(text: str) -> str:
    with pytest.raises(InputError) as info:
        parse(text)
    return str(info.value)


def test_smallest_case_is_title_and_sources():
    case = parse("title: T\nsources:\n  - file: a.txt\n    published: 2020-01-13\n")
    assert case.sources[0].published == "2020-01-13"
    assert case.marking == "TLP:CLEAR"


@pytest.mark.parametrize("value", ["2020", "2020-01", "2020-01-13", "2024-02-29"])
def test_partial_dates_stay_as_typed(value):
    assert parse(f"title: T\nsources:\n  - file: a.txt\n    published: {value}\n").sources[0].published == value


@pytest.mark.parametrize("value, words", [("2021-02-30", "not a day"), ("2020-13", "no month 13"),
                                           ("13/01/2020", "YYYY-MM-DD"), ("yesterday", "not a date")])
def test_impossible_dates_are_refused_with_their_line(value, words):
    message = error_of(f"title: T\nsources:\n  - file: a.txt\n    published: {value}\n")
    assert message.startswith("case.yaml:4:16: sources[0].published")
    assert words in message


def test_unknown_key_points_at_the_key_and_suggests_the_right_one():
    message = error_of("title: T\nsources:\n  - file: a.txt\n    publisher: X\n")
    assert message.startswith("case.yaml:4:5:")
    assert "unknown key 'publisher'" in message and "did you mean 'published'?" in message


def test_unknown_top_level_key_lists_allowed_keys_when_nothing_is_close():
    message = error_of("title: T\nsources:\n  - file: a.txt\nzzz: 1\n")
    assert message.startswith("case.yaml:4:1:") and "allowed keys: title, subtitle" in message


def test_missing_required_field_names_it():
    assert "sources is required" in error_of("title: T\n")


def test_wrong_type_is_reported_at_its_value():
    message = error_of("title: T\nsources:\n  - file: a.txt\n    reliability: G\n")
    assert message.startswith("case.yaml:4:18: sources[0].reliability")


def test_yaml_syntax_error_gives_line_and_column():
    message = error_of("title: T\nsources: [\n  - file: a.txt\n")
    assert message.startswith("case.yaml:") and "YAML syntax error" in message


def test_libyaml_and_pure_python_read_a_case_alike():
    from pathlib import Path

    from briefing import casefile

    text = (Path(__file__).parent.parent / "seeds" / "case.yaml").read_text(encoding="utf-8")
    fast, fast_marks = casefile._read_yaml(casefile._FastLoader, text, Path("case.yaml"))
    slow, slow_marks = casefile._read_yaml(casefile._Loader, text, Path("case.yaml"))
    assert fast == slow
    assert {path: (mark.line, mark.column) for path, mark in fast_marks.items()} == {
        path: (mark.line, mark.column) for path, mark in slow_marks.items()}


def test_a_yaml_error_is_worded_by_the_pure_python_parser():
    # libyaml would say "did not find expected ',' or ']'"; the documented messages stay as they were
    assert "YAML syntax error: expected ',' or ']', but got '<stream end>'" in error_of("title: T\nsources: [a, b\n")


def test_duplicate_keys_are_refused():
    assert error_of("title: T\ntitle: U\nsources:\n  - file: a.txt\n").startswith("case.yaml:2:1: key 'title' appears twice")


def test_duplicate_ids_are_refused():
    text = """title: T
sources:
  - {file: a.txt, id: a}
open_questions:
  - {id: a, text: Q, cite: [{source: a, quote: x}]}
"""
    assert "id 'a' is used twice" in error_of(text)


def test_statements_need_a_citation():
    assert "cite" in error_of("title: T\nsources:\n  - file: a.txt\nkey_points:\n  - text: P\n    cite: []\n")


def test_a_case_file_must_be_a_mapping():
    assert "YAML mapping" in error_of("- just a list\n")


def test_json_schema_documents_every_field():
    schema = json_schema()
    json.dumps(schema)  # serialisable
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            if field != "id":
                assert spec.get("description"), f"{name}.{field} has no description"
    assert schema["additionalProperties"] is False
