import json

import pytest
from typer.testing import CliRunner

from briefing import render
from briefing.cli import app
from briefing.errors import InputError
from tests.conftest import MINIMAL

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(arg) for arg in args])


def test_build_writes_each_format(case_dir, tmp_path):
    out = tmp_path / "out"
    result = run("build", case_dir(MINIMAL), "--format", "md,json", "--format", "html", "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["budget.html", "budget.json", "budget.md"]
    assert json.loads((out / "budget.json").read_text())["title"] == "Budget"


def test_build_a_folder_without_a_case_file(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "one.txt").write_text("Some text.\n")
    result = run("build", tmp_path / "src", "--format", "md", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "one.txt" in (tmp_path / "out" / "src.md").read_text()


def test_check_verifies_and_writes_nothing(case_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", case_dir(MINIMAL))
    assert result.exit_code == 0
    assert "all quotes found" in result.output
    assert not (tmp_path / "output").exists()


def test_quote_not_found_exits_1_and_keeps_the_previous_brief(case_dir, tmp_path):
    out = tmp_path / "out"
    case = case_dir(MINIMAL)
    assert run("build", case, "-f", "md", "-o", out).exit_code == 0
    before = (out / "budget.md").read_bytes()
    case.write_text(case.read_text().replace("on Tuesday", "on Monday"))
    result = run("build", case, "-f", "md", "-o", out)
    assert result.exit_code == 1
    assert "quote not found in a.txt" in result.output and "Traceback" not in result.output
    assert (out / "budget.md").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["budget.md"]  # no staging left behind


def test_bad_input_exits_2_with_one_clear_message(case_dir, tmp_path):
    result = run("build", case_dir(MINIMAL.replace("published:", "publisher:")), "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "case.yaml:5:5: unknown key 'publisher'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_debug_shows_the_traceback(case_dir, tmp_path):
    result = run("--debug", "check", case_dir(MINIMAL.replace("published:", "publisher:")))
    assert result.exit_code == 2
    assert "Traceback" in result.output


def test_a_failure_in_a_later_format_writes_nothing(case_dir, tmp_path, monkeypatch):
    def broken(brief):
        raise InputError("cannot render")

    monkeypatch.setitem(render.FORMATS, "pdf", broken)
    result = run("build", case_dir(MINIMAL), "-f", "md,pdf", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, words", [
    (["build", "nowhere.yaml"], "no such case file or folder"),
    (["build", "CASE", "--format", "docx"], "unknown format 'docx'"),
    (["build", "CASE", "--out", "FILE"], "cannot write to the output folder"),
])
def test_bad_arguments_exit_2(case_dir, tmp_path, args, words):
    case = case_dir(MINIMAL)
    (tmp_path / "afile").write_text("x")
    args = [str(case) if a == "CASE" else str(tmp_path / "afile") if a == "FILE" else a for a in args]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert words in result.output


def test_schema_prints_json_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["properties"]["sources"]["description"]


def test_version():
    from briefing import __version__

    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == __version__


def test_sources_prints_the_passage_table_of_the_seeds_thread():
    """The labels of the seeds' forum thread, checked by a reader once and kept."""
    from tests.conftest import ROOT, SEEDS_CASE

    snapshot = ROOT / "tests" / "snapshots" / "sources-003.txt"
    result = run("sources", SEEDS_CASE)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    table = "\n".join([lines[0]] + [line for line in lines if line.startswith("003_")]) + "\n"
    assert table == snapshot.read_text(encoding="utf-8"), (
        "the passage table of seeds/003 changed; if a reader agrees with the new labels, regenerate with\n"
        "  .venv/bin/briefing sources seeds/case.yaml | awk 'NR==1 || /^003_/' > tests/snapshots/sources-003.txt")


def test_extract_writes_findings_json_in_the_contract(case_dir, tmp_path):
    path = case_dir("""
        title: Budget
        sources: [{file: a.txt, id: a}]
        """, {"a.txt": "Mayor Jane Doe met the City Council in Springfield on Monday. Doe said she was pleased.\n"})
    result = run("extract", path, "--json", tmp_path / "findings.json")
    assert result.exit_code == 0, result.output
    found = json.loads((tmp_path / "findings.json").read_text())
    [document] = found["documents"]
    text = (path.parent / "a.txt").read_text()
    assert document["file"] == "a.txt"
    # no publication date: "Monday" is a date whose day the text cannot fix
    [monday] = document["timexes"]
    assert text[monday["start"]:monday["end"]] == "Monday" and monday["type"] == "DATE"
    assert monday["value"].startswith("XXXX")
    [said] = document["attributions"]
    assert text[said["cue"]["start"]:said["cue"]["end"]] == "said"
    assert text[said["source"]["start"]:said["source"]["end"]] == "Doe"
    for mention in document["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]
        assert mention["actor"] in {actor["id"] for actor in found["actors"]}
    doe = next(actor for actor in found["actors"] if actor["name"] == "Jane Doe")
    assert doe["type"] == "PER" and "Doe" in doe["aliases"]
    # a mention spans the title written with the name, as annotated news does; the actor's name does not
    assert {m["text"] for m in document["mentions"] if m["actor"] == doe["id"]} == {"Mayor Jane Doe", "Doe", "she"}
    council = next(m for m in document["mentions"] if "City Council" in m["text"])
    assert council["text"] == "the City Council"


def test_the_command_loads_with_the_collector_off_and_builds_with_it_on(case_dir, tmp_path, monkeypatch):
    import gc
    import sys

    from briefing import __main__ as command
    from briefing import cli

    seen = []
    monkeypatch.setattr(cli, "build", lambda *args: seen.append((gc.isenabled(), gc.get_threshold())) or [])
    monkeypatch.setattr(sys, "argv", ["briefing", "build", str(case_dir(MINIMAL)), "-o", str(tmp_path)])
    with pytest.raises(SystemExit) as exit_:
        command.main()
    assert exit_.value.code == 0
    assert seen == [(True, (cli.GC_ALLOCATIONS, 20, 20))]
    gc.set_threshold(700, 10, 10)
    gc.unfreeze()
