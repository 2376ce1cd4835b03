"""The README documents every case-file key, every command and every output format."""

import re

import pytest

from briefing import casefile
from briefing.cli import app
from briefing.model import Brief
from briefing.render import FORMATS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MODELS = [casefile.CaseFile, casefile.Source, casefile.ReportMeta, casefile.Citation, casefile.Statement, casefile.Actor,
          casefile.Event, casefile.DateClaim, casefile.Question, casefile.Hypothesis, casefile.OpenQuestion]


def _reference_table(model) -> set[str]:
    match = re.search(rf"### `{model.__name__}`\n(.*?)(?=\n## |\n### |\Z)", README, re.S)
    assert match, f"README has no reference section for {model.__name__}"
    return set(re.findall(r"^\| `([a-z_]+)` \|", match[1], re.M))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_case_file_key_is_documented(model):
    documented = _reference_table(model)
    assert set(model.model_fields) == documented, (
        f"README's table for {model.__name__} is out of step with the schema: "
        f"missing {set(model.model_fields) - documented or '{}'}, stale {documented - set(model.model_fields) or '{}'}"
    )


def test_every_schema_model_is_documented():
    defined = {name for name, value in vars(casefile).items()
               if isinstance(value, type) and issubclass(value, casefile._Strict) and value is not casefile._Strict}
    assert defined == {m.__name__ for m in MODELS}


def test_every_command_is_documented():
    for command in app.registered_commands:
        assert f"`briefing {command.name}" in README, f"README does not document `briefing {command.name}`"


def test_every_output_format_is_documented():
    for fmt in FORMATS:
        assert f"- `{fmt}` —" in README


def test_every_json_key_is_documented():
    for field in Brief.model_fields:
        assert f"`{field}`" in README, f"README's JSON section does not mention `{field}`"


def test_the_readme_excerpt_is_in_the_seeds_brief():
    """Each line of "What a brief looks like" is a line of output/ (rebuilt: see the README's first command)."""
    section = README.split("## What a brief looks like", 1)[1]
    excerpt = section.split("```markdown\n", 1)[1].split("\n```\n", 1)[0]
    brief = (ROOT / "output" / "iraqi-militias-after-soleimani.md").read_text(encoding="utf-8").splitlines()
    lines = [line for line in excerpt.splitlines() if line.strip() and line != "…"]
    assert len(lines) >= 10
    assert [line for line in lines if line not in brief] == []
