"""Properties that hold for any input: readers, the date tagger, the name matcher, the renderers.

No crash (a bad file is an InputError, never another exception), every offset inside its text,
every footnote call with its note.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefing import dates, names
from briefing.build import build_brief
from briefing.errors import BriefingError, InputError
from briefing.readers import read_bytes
from briefing.htmlpage import markdown_to_html
from briefing.render import md, render_html, render_json, render_markdown
from tests.conftest import SEEDS_CASE

# Text as sources have it: words of news, dates, markup, quotes, invisible and right-to-left
# characters, odd line breaks; and anything else Unicode has.
PIECES = ["the", "council", "met", "on", "Monday", "13", "January", "2020", "last week", "in", "March", "'s",
          "Sadr", "al-", "مقتدى", "الصدر", ".", ",", "“", "”", "\u202e", "\u200b", "\u00a0", "\r\n", "\r",
          "\n",
          "\n\n", "<p>", "</p>", "<script>", "&amp;", "{{ x }}", "[a](b)", "*", "_", "#", "|", "1.", "-", "\t"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map(" ".join)
# Derandomised and without an example database: CI runs the same examples every time and writes nothing.
settings.register_profile("briefing", deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("briefing")


def _read(data: bytes, suffix: str):
    try:
        return read_bytes(data, Path("source" + suffix))
    except InputError:
        return None  # a clear refusal is an answer


@given(texts, st.sampled_from([".txt", ".html"]), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_readers_answer_any_text_with_lines_inside_the_file(text, suffix, encoding):
    data = text.encode(encoding, errors="replace")
    reading = _read(data, suffix)
    if reading is None:
        return
    lines = reading.text.split("\n")
    file_lines = len(re.split(r"\r\n?|\n", data.decode(reading.encoding.replace("-sig", ""), errors="replace")))
    if reading.line_refs is not None:
        assert len(reading.line_refs) == len(lines)
        assert all(1 <= ref.line <= max(file_lines, 1) for ref in reading.line_refs)
    if reading.origin is not None:
        assert len(reading.origin) == len(reading.text)
        assert list(reading.origin) == sorted(reading.origin)
    assert "\r" not in reading.text


@given(st.binary(max_size=300), st.sampled_from([".txt", ".md", ".html", ".htm", ".pdf"]))
def test_readers_refuse_any_bytes_clearly_or_read_them(data, suffix):
    _read(data, suffix)


@given(texts)
def test_plain_text_points_back_at_the_very_characters(text):
    reading = _read(text.encode("utf-8"), ".txt")
    if reading is None or reading.origin is None:
        return
    for char, origin in zip(reading.text, reading.origin, strict=True):
        if char != "\n" and text[origin] == char:
            continue
        assert char == "\n" or not text[origin].isascii(), (char, text[origin])  # only normalised letters move


ANCHORS = [dates.Anchor(), dates.Anchor("2020-01-13", "case file"), dates.Anchor("2021", "case file")]


@given(texts, st.sampled_from(ANCHORS))
def test_date_tagger_spans_are_inside_their_text(text, anchor):
    for item in dates.tag(text, anchor):
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start:item.end] == item.text


@given(texts, st.integers(0, 40), st.integers(0, 40))
def test_date_tagger_stays_inside_the_span_it_is_given(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    for item in dates.tag(text, dates.Anchor("2020-01-13", "case file"), start, end):
        assert start <= item.start < item.end <= end


@given(texts, texts)
def test_name_matcher_answers_any_pair_of_names(a, b):
    assert isinstance(names.normalise(a), str)
    assert isinstance(names.similar(a, b), bool)
    assert names.similar(a, b) == names.similar(b, a)
    assert names.skeleton(a) == names.skeleton(a)


@given(texts.map(lambda text: text.replace("\x00", "")))  # CommonMark shows NUL as U+FFFD; no source has one
def test_markdown_filter_keeps_text_as_text(text):
    html = markdown_to_html(md(text), page_footnotes=False)
    shown = lxml.html.fragment_fromstring(html, create_parent="div") if html.strip() else None
    if shown is None:
        assert not text.split()
        return
    assert {element.tag for element in shown.iter()} <= {"div", "p"}, html
    assert " ".join(shown.text_content().split()) == " ".join(text.split())


SOURCE_TEXT = textwrap.dedent("""\
    Council votes on the budget

    The city council approved the budget on Tuesday, officials said.
    """)


# Words an analyst can quote: any letters, digits, punctuation and symbols, source markup included.
words = st.one_of(st.sampled_from([piece for piece in PIECES if piece.strip()]),
                  st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=8))
source_lines = st.lists(st.lists(words, min_size=2, max_size=20).map(" ".join), min_size=1, max_size=3)


@settings(max_examples=15)
@given(source_lines, st.data())
def test_any_cited_text_renders_with_every_footnote_resolved(lines, data):
    body = "\n".join(" ".join(line.split()) for line in lines)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.txt").write_text(SOURCE_TEXT + body + "\n", encoding="utf-8")
        reading = _read((Path(folder) / "a.txt").read_bytes(), ".txt")
        words = reading.text.removeprefix(SOURCE_TEXT).split() if reading else []
        if not words:
            return
        first = data.draw(st.integers(0, len(words) - 1))
        quote = " ".join(words[first:first + data.draw(st.integers(1, 6))])
        (Path(folder) / "case.yaml").write_text(textwrap.dedent(f"""\
            title: Budget
            sources: [{{file: a.txt, id: a}}]
            key_points:
              - text: {_yaml(quote)}
                cite: [{{source: a, quote: {_yaml(quote)}}}]
              - text: The council approved the budget.
                cite: [{{source: a, quote: "approved the budget on Tuesday"}}]
            """), encoding="utf-8")
        try:
            brief = build_brief(Path(folder) / "case.yaml")
        except BriefingError as exc:
            event(f"refused: {exc.message[:40]}")
            return  # the quote lies where citations may not rest (a heading, boilerplate): refused clearly
    event("rendered")
    markdown = render_markdown(brief)
    calls = set(re.findall(r"\[\^([^\]]+)\](?!:)", markdown))
    defined = set(re.findall(r"^\[\^([^\]]+)\]:", markdown, re.M))
    assert calls == defined and len(defined) == len(brief.footnotes)
    html = render_html(brief)
    for anchor in re.findall(r'href="#([^"]+)"', html):
        assert f'id="{anchor}"' in html
    render_json(brief)


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def test_two_builds_of_the_seeds_are_the_same_bytes(tmp_path):
    """Separate processes with different hash seeds, so no set's order can leak into a brief."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        environment = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000",
                       "XDG_CACHE_HOME": str(tmp_path / "cache")}
        subprocess.run([sys.executable, "-m", "briefing", "build", str(SEEDS_CASE), "-f", "md,html,json,pdf",
                        "-o", str(out), "--no-cache"], check=True, env=environment, capture_output=True)
        outputs.append({path.name: path.read_bytes() for path in sorted(out.iterdir())})
    assert {name.rsplit(".", 1)[-1] for name in outputs[0]} >= {"md", "html", "json", "pdf"}
    assert outputs[0] == outputs[1]
