"""`briefing draft`: the merged case as a case file, which builds the same brief as the case it came from."""

import shutil

import pytest
import yaml

from briefing.build import build_brief, draft
from briefing.render import FORMATS
from tests.conftest import SEEDS_CASE

SOURCES_ONLY = """
title: Seeds, sources only
sources:
"""


@pytest.fixture
def seeds_folder(tmp_path):
    for path in SEEDS_CASE.parent.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.mark.parametrize("kind", ["case file with facts", "sources only"])
def test_the_unedited_draft_builds_the_same_brief(seeds_folder, kind):
    if kind == "sources only":
        case = seeds_folder / "case.yaml"
        case.write_text(SOURCES_ONLY + "".join(f"  - file: {p.name}\n" for p in sorted(seeds_folder.glob("*.txt"))))
    else:
        case = shutil.copy(SEEDS_CASE, seeds_folder / "case.yaml")
    drafted = seeds_folder / "draft.yaml"
    drafted.write_text(draft(case), encoding="utf-8")
    for fmt in ("md", "json"):
        assert FORMATS[fmt](build_brief(drafted)) == FORMATS[fmt](build_brief(case))


def test_the_draft_holds_extracted_items_with_ids_and_citations(case_dir):
    case = case_dir("""
        title: Budget
        sources:
          - file: a.txt
            id: a
            published: 2024-03
        """, {"a.txt": "Mayor resigns\n\nMayor Anna Keller of Bremen resigned on Tuesday, officials said.\n"})
    written = yaml.safe_load(draft(case))
    assert written["title"] == "Budget" and written["sources"] == [{"file": "a.txt", "published": "2024-03", "id": "a"}]
    assert written["actors"], "extraction found no actor to draft"
    for actor in written["actors"]:
        assert actor["id"] and actor["cite"] and all(c["source"] == "a" and c["quote"] for c in actor["cite"])
    assert "suppress" not in written
