"""The timeline and the actor map: valid SVG, black and white, every mark footnoted, source text inert."""

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from briefing import figures
from briefing.build import build, build_brief
from briefing.render import FORMATS, render_markdown

SVG = "{http://www.w3.org/2000/svg}"

# Hostile text in the source and in the case file; an accusation, a meeting, an attack and roles
# for the map; a day, a month, a range and dates in conflict for the timeline.
ARTICLE = """Brigades chief meets rival in Basra

BASRA, March 3, 2021 — Ali Karimi, the head of the Northern Brigades, met Omar Haddad in Basra on Monday, officials said.
Omar Haddad, a member of the Southern Front, accused Ali Karimi of "treason" <script>alert(1)</script> in a statement.
On January 5, 2021, the Northern Brigades attacked the Southern Front near Basra.
=HYPERLINK("http://x.example","click") was written on a wall in Basra & elsewhere.
"""

CASE = """
title: Basra rivals <b>test</b>
date: 2021-03-10
sources:
  - {file: a.txt, id: a, published: 2021-03-03, outlet: "Basra <i>Times</i>"}
key_points:
  - text: '=HYPERLINK("http://x.example") <script>alert(2)</script>'
    cite: [{source: a, quote: '=HYPERLINK("http://x.example","click") was written on a wall in Basra & elsewhere.'}]
actors:
  - id: karimi
    name: Ali Karimi
    kind: person
    roles:
      - text: Head of the Northern Brigades
        cite: [{source: a, quote: "Ali Karimi, the head of the Northern Brigades"}]
  - id: brigades
    name: Northern Brigades
    kind: organisation
    roles:
      - text: Armed group of Basra
        cite: [{source: a, quote: "the Northern Brigades attacked"}]
  - id: front
    name: Southern Front
    kind: organisation
    roles:
      - text: Rival group <img src=x onerror=alert(4)>
        cite: [{source: a, quote: "a member of the Southern Front"}]
chronology:
  - id: meeting
    date: 2021-03-01
    text: Ali Karimi met Omar Haddad in Basra <script>alert(3)</script>.
    cite: [{source: a, quote: "met Omar Haddad in Basra on Monday"}]
    conflicts:
      - date: 2021-02
        cite: [{source: a, quote: "BASRA, March 3, 2021"}]
  - id: attack
    date: 2021-01-05
    text: The Northern Brigades attacked the Southern Front near Basra.
    cite: [{source: a, quote: "On January 5, 2021, the Northern Brigades attacked the Southern Front near Basra."}]
  - id: season
    date: 2020
    date_end: 2020-12
    approximate: true
    text: Tension grows between the groups.
    cite: [{source: a, quote: "accused Ali Karimi of"}]
"""


@pytest.fixture
def brief(case_dir):
    return build_brief(case_dir(CASE, {"a.txt": ARTICLE}))


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


@pytest.mark.parametrize("name", ["timeline", "actors"])
def test_figures_are_svg_with_title_and_description_in_black_and_white(brief, name):
    svg = figures.FIGURES[name](brief)
    root = _parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text.endswith("Basra rivals <b>test</b>")  # escaped, read back as text
    assert len(root.find(f"{SVG}desc").text) > 100
    paints = set(re.findall(r'(?:fill|stroke)="([^"]+)"', svg))
    assert paints <= {"#000000", "#ffffff", "#999999", "none"}, paints
    assert figures.FIGURES[name](brief) == svg  # same brief, same bytes


@pytest.mark.parametrize("name", ["timeline", "actors"])
def test_source_text_stays_text_in_figures(brief, name):
    root = _parse(figures.FIGURES[name](brief))
    assert {element.tag.removeprefix(SVG) for element in root.iter()} <= {
        "svg", "title", "desc", "rect", "text", "line", "circle", "path", "g", "defs", "marker"}
    assert not [e for e in root.iter() for a in e.attrib if a.startswith("on") or "href" in a]


def test_timeline_marks_precision_and_conflicts(brief):
    svg = figures.timeline_svg(brief)
    root = _parse(svg)
    said = [t.text for t in root.iter(f"{SVG}text")]
    meeting = next(t for t in said if "Ali Karimi met Omar Haddad" in t)
    assert "<script>alert(3)</script>" in meeting and "≠ dates conflict" in meeting
    notes = next(e for e in brief.chronology if e.id == "meeting").notes
    assert f"[{', '.join(notes)}]" in meeting
    assert any(t.startswith("about 2020 to 2020-12") for t in said)
    # a day is a dot, a range a capped bar, a conflicting date a diamond joined by a dashed line
    assert svg.count("<circle") >= 2 and 'stroke-dasharray="2 2"' in svg and "Z" in svg


def test_actor_map_labels_each_link_with_its_footnotes(brief):
    root = _parse(figures.actor_map_svg(brief))
    said = [t.text for t in root.iter(f"{SVG}text")]
    assert {r.kind for r in brief.relations} >= {"leads", "met", "accused", "attacked"}
    for relation in brief.relations:
        label = f"{relation.kind.replace('_', ' ')} [{', '.join(relation.notes[:6])}"
        assert any(t.startswith(label) for t in said), label
    assert "Ali Karimi" in said and "Northern Brigades" in said


def test_no_figure_without_chronology_or_links(case_dir):
    from tests.conftest import MINIMAL
    bare = build_brief(case_dir(MINIMAL))
    assert figures.figures(bare.model_copy(update={"chronology": [], "relations": []})) == {}


def test_build_writes_figures_beside_the_markdown_which_links_them(case_dir, tmp_path):
    written = build(case_dir(CASE, {"a.txt": ARTICLE}), ["md"], tmp_path / "out")
    names = {path.name for path in written}
    stem = "basra-rivals-b-test-b"
    assert names == {f"{stem}.md", f"{stem}-timeline.svg", f"{stem}-actors.svg"}
    markdown = (tmp_path / "out" / "basra-rivals-b-test-b.md").read_text()
    assert "![Timeline of the chronology](basra-rivals-b-test-b-timeline.svg)" in markdown
    assert "![Map of the actors and the links between them](basra-rivals-b-test-b-actors.svg)" in markdown


def test_html_embeds_the_figures_as_data_uris(brief):
    page = FORMATS["html"](brief).decode()
    uris = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(uris) == 2
    assert {base64.b64decode(uri).decode() for uri in uris} == set(figures.figures(brief).values())
    assert "-timeline.svg" not in page and "<script>alert" not in page


def test_every_link_is_listed_under_the_map_with_its_footnotes(brief):
    markdown = render_markdown(brief)
    for relation in brief.relations:
        assert "".join(f"[^{n}]" for n in relation.notes) in markdown


def test_an_item_without_a_date_is_a_row_without_a_mark(brief):
    undated = brief.chronology[0].model_copy(update={"date": None, "date_end": None, "when": "last <week>",
                                                     "precision": "unknown", "conflicts": []})
    only = brief.model_copy(update={"chronology": [undated]})
    root = _parse(figures.timeline_svg(only))
    assert any(t.text.startswith("date unknown (last <week>)") for t in root.iter(f"{SVG}text"))
    assert not list(root.iter(f"{SVG}circle")) or all(
        c.get("cy") == "0.0" for c in root.iter(f"{SVG}circle"))  # only the legend's samples
