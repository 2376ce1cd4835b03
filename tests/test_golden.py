"""The seeds brief: committed output matches the code, and every footnote holds up against its file."""

import difflib

import pytest

from briefing.build import build_brief, slug
from briefing.model import Brief
from briefing.render import FORMATS
from tests.conftest import ROOT, SEEDS_CASE

REGENERATE = ".venv/bin/briefing build seeds/case.yaml --format md,pdf,json"


@pytest.fixture(scope="module")
def brief() -> Brief:
    return build_brief(SEEDS_CASE)


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_committed_output_is_what_the_code_generates(brief, fmt):
    golden = ROOT / "output" / f"{slug(brief.title)}.{fmt}"
    generated = FORMATS[fmt](brief).decode()
    expected = golden.read_text(encoding="utf-8") if golden.exists() else ""
    if generated != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), generated.splitlines(True),
                                            str(golden), "generated", n=1))
        pytest.fail(f"{golden.relative_to(ROOT)} is out of date. If the change is intended, regenerate it with\n"
                    f"  {REGENERATE}\nand review the diff:\n{diff[:4000]}")


@pytest.mark.parametrize("fmt", ["md", "json", "html"])
def test_same_inputs_give_identical_bytes(brief, fmt):
    assert FORMATS[fmt](brief) == FORMATS[fmt](build_brief(SEEDS_CASE))


def test_every_footnote_quote_is_at_its_lines_in_its_file(brief):
    for note in brief.footnotes:
        lines = (SEEDS_CASE.parent / note.file).read_text(encoding="utf-8").split("\n")
        cited = " ".join(" ".join(lines[note.line_start - 1:note.line_end]).split())
        assert note.quote in cited, f"footnote {note.label}: quote not at {note.file}:{note.line_start}"


def test_every_statement_has_a_footnote(brief):
    listed = [a for a in brief.actors if not a.minor]  # minor actors are not in the rendered brief
    statements = [*brief.key_points, *brief.chronology, *brief.open_questions, *listed, *brief.relations]
    statements += [role for a in listed for role in a.roles]
    statements += [other for event in brief.chronology for other in event.conflicts]
    for question in brief.questions:
        statements += [question, *question.hypotheses, *([question.judgment] if question.judgment else [])]
        for hypothesis in question.hypotheses:
            statements += [*hypothesis.evidence_for, *hypothesis.evidence_against]
    assert statements and all(s.notes for s in statements)
    used = {label for s in statements for label in s.notes}
    assert used == {note.label for note in brief.footnotes}


def test_markdown_has_every_section_and_resolves_every_footnote(brief):
    markdown = FORMATS["md"](brief).decode()
    for section in ["## Key points", "## Actors", "## Chronology", "## Competing interpretations",
                    "## Open questions", "## Sources", "## How this brief was made"]:
        assert section in markdown
    for note in brief.footnotes:
        assert f"\n[^{note.label}]: " in markdown and f"[^{note.label}]" in markdown.split("\n[^1]: ")[0]
