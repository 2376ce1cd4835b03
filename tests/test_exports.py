"""STIX 2.1, TimelineJS3 and CSV exports: valid for their readers, deterministic, every statement cited."""

import csv
import io
import json

import pytest
import stix2

from briefing import exports
from briefing.build import build, build_brief
from tests.test_figures import ARTICLE, CASE


@pytest.fixture
def brief(case_dir):
    return build_brief(case_dir(CASE, {"a.txt": ARTICLE}))


# --- STIX -----------------------------------------------------------------------------------


def test_stix_bundle_parses_with_the_stix2_library(brief):
    bundle = stix2.parse(exports.stix(brief).decode(), allow_custom=False)
    assert {o.type for o in bundle.objects} == {"identity", "relationship", "note", "report"}
    [report] = [o for o in bundle.objects if o.type == "report"]
    ids = {o.id for o in bundle.objects}
    assert set(report.object_refs) <= ids and len(report.object_refs) == len(ids) - 2  # all but itself, its author
    assert report.external_references[0].hashes["SHA-256"] == brief.sources[0].sha256


def test_stix_is_the_same_bytes_with_timestamps_from_the_brief_not_the_clock(brief, case_dir):
    first = exports.stix(brief)
    assert first == exports.stix(build_brief(case_dir(CASE, {"a.txt": ARTICLE})))
    objects = json.loads(first)["objects"]
    assert {o["created"] for o in objects} == {"2021-03-10T00:00:00.000Z"}
    undated = brief.model_copy(update={"date": None})
    assert {o["created"] for o in json.loads(exports.stix(undated))["objects"]} == {"2021-03-03T00:00:00.000Z"}


def test_stix_notes_and_relationships_carry_their_footnotes_and_keep_text_verbatim(brief):
    objects = json.loads(exports.stix(brief))["objects"]
    notes = {n.label: n for n in brief.footnotes}
    key_point = next(o for o in objects if o["type"] == "note" and o["abstract"].startswith("key point"))
    assert key_point["content"] == brief.key_points[0].text  # hostile text is data in JSON
    [reference] = key_point["external_references"]
    assert reference["external_id"] == f"footnote-{brief.key_points[0].notes[0]}"
    assert notes[brief.key_points[0].notes[0]].quote in reference["description"]
    links = [o for o in objects if o["type"] == "relationship"]
    assert {o["relationship_type"] for o in links} >= {"leads", "met", "accused"}
    assert all(o["external_references"] for o in links)
    assert {o["object_marking_refs"][0] for o in objects if "object_marking_refs" in o} == {exports.TLP["CLEAR"]}


# --- TimelineJS3 ----------------------------------------------------------------------------

# The documented fields of TimelineJS3's JSON format (timeline.knightlab.com/docs/json-format.html).
ROOT_FIELDS = {"events", "title", "eras", "scale"}
SLIDE_FIELDS = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink",
                "unique_id"}
DATE_FIELDS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"}


def test_timelinejs_uses_only_documented_fields_with_valid_dates(brief):
    document = json.loads(exports.timelinejs(brief))
    assert set(document) <= ROOT_FIELDS and document["events"]
    for slide in [document["title"], *document["events"]]:
        assert set(slide) <= SLIDE_FIELDS and set(slide["text"]) <= {"headline", "text"}
    for slide in document["events"]:
        for key in ("start_date", "end_date"):
            if key in slide:
                assert set(slide[key]) <= DATE_FIELDS and isinstance(slide[key]["year"], int)
                assert 1 <= slide[key].get("month", 1) <= 12 and 1 <= slide[key].get("day", 1) <= 31
    assert len({s["unique_id"] for s in document["events"]}) == len(document["events"])


def test_timelinejs_escapes_html_and_shows_conflicts_and_footnotes(brief):
    document = json.loads(exports.timelinejs(brief))
    text = json.dumps(document, ensure_ascii=False)
    assert "<script>" not in text and "&lt;script&gt;alert(3)&lt;/script&gt;" in text
    assert "<b>" not in document["title"]["text"]["headline"]
    meeting = next(s for s in document["events"] if s["unique_id"] == "meeting")
    assert meeting["start_date"] == {"year": 2021, "month": 3, "day": 1} and meeting["autolink"] is False
    other = next(s for s in document["events"] if s["unique_id"] == "meeting-other-date-1")
    assert other["start_date"] == {"year": 2021, "month": 2} and other["group"] == "dates in conflict"
    ranged = next(s for s in document["events"] if s["unique_id"] == "season")
    assert ranged["end_date"] == {"year": 2020, "month": 12}
    for label in meeting_notes(brief):
        assert f"<li>[{label}]" in meeting["text"]["text"]


def meeting_notes(brief):
    return next(e for e in brief.chronology if e.id == "meeting").notes


# --- CSV ------------------------------------------------------------------------------------


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_tables_read_back_and_every_note_resolves(brief):
    tables = {name: _rows(data) for name, data in exports.csv_tables(brief).items()}
    labels = {row["label"] for row in tables["footnotes"]}
    assert labels == {n.label for n in brief.footnotes}
    for name in ("actors", "events", "claims"):
        assert tables[name]
        for row in tables[name]:
            assert set(row["notes"].split()) <= labels
    assert {row["section"] for row in tables["claims"]} >= {"key point", "role", "link"}
    assert [row["id"] for row in tables["events"]] == [e.id for e in brief.chronology]


def test_csv_cells_never_start_a_formula(brief):
    tables = {name: _rows(data) for name, data in exports.csv_tables(brief).items()}
    key_point = next(row for row in tables["claims"] if row["section"] == "key point")
    assert key_point["text"] == "'" + brief.key_points[0].text
    quotes = [row["quote"] for row in tables["footnotes"]]
    assert any(q.startswith("'=HYPERLINK") for q in quotes)
    for rows in tables.values():
        for row in rows:
            assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values() if value)


def test_build_writes_each_export_under_its_own_name(case_dir, tmp_path):
    written = build(case_dir(CASE, {"a.txt": ARTICLE}), ["stix,timelinejs,csv"], tmp_path / "out")
    stem = "basra-rivals-b-test-b"
    assert sorted(p.name for p in written) == sorted([
        f"{stem}.stix.json", f"{stem}.timeline.json", f"{stem}-actors.csv", f"{stem}-events.csv",
        f"{stem}-claims.csv", f"{stem}-footnotes.csv"])
