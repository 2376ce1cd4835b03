import html
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import markdown as python_markdown
import pytest
import tinyhtml5
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from pypdf import PdfReader

from briefing.build import build_brief
from briefing.htmlpage import markdown_to_html
from briefing.render import FORMATS, md, render_html, render_markdown

HOSTILE = """Leaked memo

Officials said <script>alert(1)</script> was found.
The page showed ![x](file:///etc/hostname) and <img src="file:///etc/hostname">.
A [link](javascript:alert(1)) and {{ 7*191 }} and {% include '/etc/passwd' %} too.
"""

HOSTILE_CASE = """
title: Memo {{ 7*191 }} <b>bold</b>
sources: [{file: a.txt, id: a, outlet: "<i>Times</i>"}]
key_points:
  - text: "Officials said <script>alert(2)</script> [x](javascript:alert(3)) {{ 999*999 }}"
    cite:
      - {source: a, quote: "Officials said <script>alert(1)</script> was found."}
      - {source: a, quote: "![x](file:///etc/hostname) and <img src=\\"file:///etc/hostname\\">"}
      - {source: a, quote: "[link](javascript:alert(1)) and {{ 7*191 }} and {% include '/etc/passwd' %}"}
"""


@pytest.mark.parametrize("text, expected", [
    ("a *b* _c_ `d` [e](f) <g> & h|i ~j~ $k$ #l \\m", r"a \*b\* \_c\_ \`d\` \[e\](f) &lt;g&gt; &amp; h&#124;i &#126;j&#126; &#36;k&#36; \#l \\m"),
    ("- not a list", r"\- not a list"),
    ("1. not a list", r"1\. not a list"),
    ("two\n\nparagraphs", "two paragraphs"),
    (None, ""),
])
def test_md_filter_escapes_markup(text, expected):
    assert md(text) == expected


@pytest.fixture
def hostile_brief(case_dir):
    return build_brief(case_dir(HOSTILE_CASE, {"a.txt": HOSTILE}))


class _Elements(HTMLParser):
    def __init__(self, rendered: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(rendered)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _inert(rendered: str) -> None:
    """No element, link or template result came from the hostile text; it is all shown as text."""
    for tag, attrs in _Elements(rendered).tags:
        assert tag not in {"script", "img", "i", "b", "iframe"}, f"<{tag}> came through"
        for name in ("href", "src"):
            value = attrs.get(name) or ""
            assert not value.lower().startswith(("javascript:", "file:", "http")), f"{tag} {name}={value}"
    assert "1337" not in rendered and "998001" not in rendered


def test_hostile_text_is_inert_in_markdown_as_every_renderer_reads_it(hostile_brief):
    markdown = render_markdown(hostile_brief)
    assert "{{ 7\\*191 }}" in markdown and "{% include" in markdown  # shown, never evaluated
    _inert(markdown_to_html(markdown, page_footnotes=False))
    _inert(_markdown_it_with_raw_html().render(markdown))  # even where raw HTML is allowed
    if shutil.which("cmark-gfm"):
        _inert(_cmark_gfm(markdown, unsafe=True))


@pytest.mark.parametrize("fmt", ["html", "json"])
def test_hostile_text_is_inert_in_html_and_json(hostile_brief, fmt):
    rendered = FORMATS[fmt](hostile_brief).decode()
    if fmt == "json":
        assert "<script>alert(1)</script>" in rendered  # data stays data, verbatim
        assert "1337" not in rendered
    else:
        _inert(rendered)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_hostile_text_is_inert_in_pdf(hostile_brief):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(FORMATS["pdf"](hostile_brief))).pages)
    assert "<script>alert(1)</script>" in text and "{{ 7*191 }}" in text
    assert "1337" not in text


def test_hostile_text_parses_for_the_pdf_as_weasyprints_html5_parser_parses_it(hostile_brief):
    from briefing import pdf

    def tree(element) -> tuple:
        return element.tag, element.attrib, element.text, element.tail, [tree(child) for child in element]

    html = render_html(hostile_brief, page_footnotes=True)
    assert tree(pdf.html5_tree(html)) == tree(tinyhtml5.parse(html, namespace_html_elements=False))


def _markdown_it_with_raw_html() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).use(footnote_plugin).enable("table")


def _cmark_gfm(markdown: str, unsafe: bool = False) -> str:
    command = ["cmark-gfm", "-e", "footnotes", "-e", "table", "-e", "autolink", "-e", "strikethrough"]
    return subprocess.run(command + (["--unsafe"] if unsafe else []), input=markdown, capture_output=True,
                          text=True, check=True).stdout


def _notes_by_reference(rendered: str) -> list[str]:
    """For each footnote call in order, the text of the note it links to."""
    items = {}
    for match in re.finditer(r'<li id="([^"]+)"[^>]*>(.*?)</li>', rendered, re.S):
        body = re.sub(r'<a [^>]*footnote-backref[^>]*>.*?</a>', "", match[2], flags=re.S)
        items[match[1]] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    calls = [a or b for a, b in re.findall(
        r'<sup class="footnote-ref"><a href="#([^"]+)"|<a class="footnote-ref" href="#([^"]+)"', rendered)]
    assert calls, "no footnote calls rendered"
    for call in calls:
        assert call in items, f"footnote call #{call} has no note"
    return [items[call] for call in calls]


@pytest.mark.skipif(not shutil.which("cmark-gfm"), reason="cmark-gfm is installed by scripts/setup.sh")
def test_markdown_it_and_github_read_the_same_footnotes(hostile_brief):
    markdown = render_markdown(hostile_brief)
    ours = _notes_by_reference(markdown_to_html(markdown, page_footnotes=False))
    github = _notes_by_reference(_cmark_gfm(markdown))
    assert ours == github
    assert len(ours) == sum(len(p.notes) for p in hostile_brief.key_points)


def test_mkdocs_markdown_engine_reads_the_same_footnotes(hostile_brief):
    """MkDocs renders with python-markdown and its `footnotes` extension, which knows fewer escapes."""
    markdown = render_markdown(hostile_brief)
    ours = _notes_by_reference(markdown_to_html(markdown, page_footnotes=False))
    mkdocs = python_markdown.markdown(markdown, extensions=["footnotes", "tables"])
    assert _notes_by_reference(mkdocs) == ours
    _inert(mkdocs)


def test_a_question_shows_its_ach_matrix_and_the_analysts_judgment_as_such(case_dir):
    case = case_dir("""
        title: Budget
        sources:
          - file: a.txt
            id: a
            published: 2024-03
        questions:
          - id: why
            question: Why did the council approve the budget?
            cite: [{source: a, quote: The city council approved the budget on Tuesday}]
            hypotheses:
              - id: fair
                text: The mayor called it a fair deal.
                cite: [{source: a, quote: The mayor called it “a fair deal”}]
              - id: rejected
                text: The opposition rejects that view.
                cite: [{source: a, quote: a view the opposition rejects}]
                evidence_against:
                  - text: The mayor called it a fair deal.
                    cite: [{source: a, quote: The mayor called it “a fair deal”}]
            judgment:
              text: The vote followed the mayor's reading.
              cite: [{source: a, quote: officials said}]
        """)
    markdown = render_markdown(build_brief(case))
    assert "| Evidence | H1 | H2 |" in markdown
    assert re.search(r"\| The mayor called it a fair deal\.\[\^\d+\] \| C \| I \|", markdown)
    assert re.search(r"\*Analyst's judgment, not a source's:\* The vote followed the mayor's reading\.\[\^\d+\]",
                     markdown)


def test_compiled_templates_are_kept_beside_them_and_follow_their_text(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    from briefing.render import _CompiledTemplates

    def rendered() -> str:
        kept = _CompiledTemplates(tmp_path / "__pycache__", "options")
        return Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=kept).get_template("t.j2").render(x=1)

    (tmp_path / "t.j2").write_text("one {{ x }}", encoding="utf-8")
    assert rendered() == "one 1"
    assert [path.suffix for path in (tmp_path / "__pycache__").iterdir()] == [".jinja"]
    (tmp_path / "t.j2").write_text("two {{ x }}", encoding="utf-8")
    assert rendered() == "two 1"


def test_templates_in_a_folder_that_cannot_be_written_are_compiled_each_time(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    from briefing.render import _CompiledTemplates

    (tmp_path / "t.j2").write_text("{{ x }}", encoding="utf-8")
    (tmp_path / "__pycache__").write_text("a file where the folder would go", encoding="utf-8")
    kept = _CompiledTemplates(tmp_path / "__pycache__", "options")
    assert Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=kept).get_template("t.j2").render(x=2) == "2"
