"""Small inline corpora: a case folder written from strings, for tests of every stage."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_CASE = ROOT / "seeds" / "case.yaml"

ARTICLE = """Council votes on the budget

The city council approved the budget on Tuesday, officials said.
The mayor called it “a fair deal” — a view the opposition rejects.

Comments are closed.
"""


@pytest.fixture
def case_dir(tmp_path: Path):
    """Write a case file (dedented YAML) and its sources into a fresh folder; returns the case path."""

    def make(yaml_text: str, sources: dict[str, str | bytes] | None = None) -> Path:
        for name, content in (sources if sources is not None else {"a.txt": ARTICLE}).items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        case = tmp_path / "case.yaml"
        case.write_text(textwrap.dedent(yaml_text).lstrip(), encoding="utf-8")
        return case

    return make


MINIMAL = """
title: Budget
sources:
  - file: a.txt
    id: a
    published: 2024-03
key_points:
  - text: The council approved the budget, officials said.
    cite:
      - source: a
        quote: The city council approved the budget on Tuesday, officials said.
"""


def pytest_terminal_summary(terminalreporter) -> None:
    """The bad-input catalogue's summary line (tests/test_bad_inputs.py), when it ran."""
    runs = [dict(report.user_properties) for outcome in ("passed", "failed")
            for report in terminalreporter.stats.get(outcome, [])
            if report.when == "call" and "test_bad_inputs.py::test_bad_input[" in report.nodeid]
    if not runs:
        return
    kinds = [run.get("bad_input") for run in runs]
    terminalreporter.write_line(
        f"bad inputs {len(runs)}, clear errors {kinds.count('clear')}, handled inert {kinds.count('handled')}, "
        f"tracebacks {sum(bool(run.get('traceback')) for run in runs)}, "
        f"partial outputs {sum(bool(run.get('partial')) for run in runs)}")
