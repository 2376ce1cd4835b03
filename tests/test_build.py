"""End to end: sources in each format, through the whole pipeline, to footnotes that point home."""

import shutil

import pytest
import weasyprint

from briefing.build import build_brief, slug

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Council passes budget</title>
<script>document.write("<p>injected</p>")</script></head>
<body>
<nav><ul><li>Home</li><li>World</li><li>Politics</li></ul></nav>
<article>
<h1>Council passes budget after long night</h1>
<p>The city council approved the budget on Tuesday after a debate that ran through the night,
officials said. The mayor called it &ldquo;a fair deal&rdquo; for schools and roads.</p>
<p>The opposition said it would challenge the vote in court, and its leader added that the
budget was unlawful and rushed through without a proper hearing of residents.</p>
<p>Finance officials said the plan raises spending on schools by a tenth and on roads by a fifth,
paid for by a new levy on commercial property that takes effect next year.</p>
</article>
<footer><p>&copy; 2024 Daily Planet Media. All rights reserved.</p></footer>
</body></html>
"""


def test_an_html_source_is_cited_at_its_html_lines(case_dir):
    path = case_dir("""
        title: Budget
        sources: [{file: page.html, id: page}]
        key_points:
          - text: The council approved the budget, officials said.
            cite: [{source: page, quote: "The city council approved the budget on Tuesday"}]
          - text: The mayor praised it.
            cite: [{source: page, quote: 'The mayor called it "a fair deal"'}]
        """, {"page.html": PAGE})
    brief = build_brief(path)
    lines = PAGE.split("\n")
    for note in brief.footnotes:
        assert note.page is None
        assert note.quote.split()[0] in lines[note.line_start - 1], f"{note.quote!r} not at line {note.line_start}"
    reading = {entry.what for entry in brief.sources[0].reading if entry.use == "set_aside"}
    assert any("main content" in what for what in reading)


def test_citing_page_navigation_fails(case_dir):
    from briefing.errors import VerificationError

    path = case_dir("""
        title: Budget
        sources: [{file: page.html, id: page}]
        key_points: [{text: Menu., cite: [{source: page, quote: Politics}]}]
        """, {"page.html": PAGE})
    with pytest.raises(VerificationError, match="set aside"):
        build_brief(path)


def test_a_pdf_source_is_cited_by_page_and_line(case_dir):
    # A font named, not the system's default: fontconfig may default to a font without Latin glyphs.
    html = ("<style>body { font-family: 'Noto Sans' }</style><p>Page one text about the weather in spring.</p>"
            "<p style='break-before: page'>Second page: the council approved the budget on Tuesday.</p>"
            "<p>The mayor called it a fair deal.</p>")
    pdf = weasyprint.HTML(string=html).write_pdf()
    path = case_dir("""
        title: Budget
        sources: [{file: report.pdf, id: report}]
        key_points:
          - text: The council approved the budget.
            cite: [{source: report, quote: the council approved the budget on Tuesday}]
        """, {"report.pdf": pdf})
    brief = build_brief(path)
    [note] = brief.footnotes
    assert (note.page, note.line_start) == (2, 1)
    from briefing.render import FORMATS
    assert "page 2, line 1" in FORMATS["md"](brief).decode()


def test_slug_of_titles():
    assert slug("Iraqi militias — after Soleimani!") == "iraqi-militias-after-soleimani"
    assert slug("مقتدى") == "brief"


def _built(case, out, **options):
    from briefing.build import Run, build

    return {path.name: path.read_bytes() for path in build(case, ["md", "json"], out, Run(jobs=1, **options))}


def test_an_unchanged_rebuild_writes_the_kept_brief_without_building_it(case_dir, tmp_path, monkeypatch):
    from conftest import MINIMAL

    from briefing import build as pipeline

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    case = case_dir(MINIMAL)
    first = _built(case, tmp_path / "out")

    def not_again(*args, **kwargs):
        raise AssertionError("built again although nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "_brief", not_again)
        assert _built(case, tmp_path / "again") == first
        with pytest.raises(AssertionError, match="built again"):
            _built(case, tmp_path / "uncached", cache=False)


@pytest.mark.parametrize("change", ["source", "case", "epoch"])
def test_a_rebuild_builds_again_when_an_input_changed(case_dir, tmp_path, monkeypatch, change):
    from conftest import ARTICLE, MINIMAL

    from briefing import build as pipeline

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    case = case_dir(MINIMAL)
    _built(case, tmp_path / "out")
    if change == "source":
        (case.parent / "a.txt").write_text(ARTICLE.replace("Comments are closed.", "Comments are open."), encoding="utf-8")
    elif change == "case":
        case.write_text(case.read_text(encoding="utf-8").replace("title: Budget", "title: Budget vote"),
                        encoding="utf-8")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # the PDF's dates
    built = []
    brief = pipeline._brief
    monkeypatch.setattr(pipeline, "_brief", lambda *args: built.append(1) or brief(*args))
    again = _built(case, tmp_path / "again")
    assert built == [1]
    assert again == _built(case, tmp_path / "fresh", cache=False)


def test_the_kept_briefs_key_follows_the_templates_text_not_their_compiled_code(case_dir, tmp_path, monkeypatch):
    from conftest import MINIMAL

    from briefing import build as pipeline

    templates = tmp_path / "templates"
    shutil.copytree(pipeline.templates_dir(), templates, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(pipeline, "templates_dir", lambda: templates)
    case = case_dir(MINIMAL)

    def key() -> str:
        loaded, folder, _ = pipeline.load(case)
        return pipeline._inputs(case, loaded, folder, "slot")

    before = key()
    (templates / "__pycache__").mkdir()
    (templates / "__pycache__" / "compiled.jinja").write_bytes(b"code")
    assert key() == before
    (templates / "brief.md.j2").write_text("{{ brief.title }}\n", encoding="utf-8")
    assert key() != before
