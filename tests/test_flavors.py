"""Each Markdown flavour read by its own tool: cmark-gfm (GitHub, GitLab), MkDocs, pandoc; Obsidian's links."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.build import build
from briefing.errors import InputError
from tests.test_figures import ARTICLE, CASE

STEM = "basra-rivals-b-test-b"


@pytest.fixture
def built(case_dir, tmp_path):
    """Build the brief's Markdown in a flavour into its own folder; returns that folder."""
    case = case_dir(CASE, {"a.txt": ARTICLE})

    def make(flavor: str) -> Path:
        out = tmp_path / flavor
        build(case, ["md"], out, flavor=flavor)
        return out

    return make


def _calls_and_notes(markdown: str) -> tuple[set[str], set[str]]:
    defined = set(re.findall(r"^\[\^(\w+)\]:", markdown, re.M))
    calls = set(re.findall(r"\[\^(\w+)\]", re.sub(r"^\[\^\w+\]:", "", markdown, flags=re.M)))
    return calls, defined


def _images(markdown: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", markdown)


@pytest.mark.skipif(not shutil.which("cmark-gfm"), reason="cmark-gfm is installed by scripts/setup.sh")
@pytest.mark.parametrize("flavor", ["gfm", "gitlab"])
def test_github_and_gitlab_flavours_render_with_cmark_gfm(built, flavor):
    out = built(flavor)
    markdown = (out / f"{STEM}.md").read_text()
    html = subprocess.run(["cmark-gfm", "-e", "footnotes", "-e", "table", "-e", "autolink"], input=markdown,
                          capture_output=True, text=True, check=True).stdout
    calls, defined = _calls_and_notes(markdown)
    assert calls == defined
    assert html.count('class="footnote-ref"') + html.count("footnote-ref") >= len(calls)
    assert len(re.findall(r'<li id="fn-', html)) == len(defined)
    for src in _images(markdown):
        assert (out / src).is_file() and f'<img src="{src}"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert ("[[_TOC_]]" in markdown) == (flavor == "gitlab")


def test_mkdocs_builds_the_brief_strictly_with_footnotes(built, tmp_path):
    pytest.importorskip("mkdocs")
    out = built("mkdocs")
    site = tmp_path / "site"
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: briefs\ndocs_dir: {out}\nsite_dir: {site}\n"
        "markdown_extensions: [footnotes, tables]\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = (site / STEM / "index.html").read_text()
    markdown = (out / f"{STEM}.md").read_text()
    assert "<title>Basra rivals &lt;b&gt;test&lt;/b&gt;" in page  # the title from the heading, as text
    _, defined = _calls_and_notes(markdown)
    assert len(re.findall(r'<li id="fn:', page)) == len(defined)
    # MkDocs moves the page into a folder and rewrites the figure's link to match
    assert (site / f"{STEM}-timeline.svg").is_file() and f'src="../{STEM}-timeline.svg"' in page
    assert "<script>alert" not in page and "<b>test" not in page


def test_obsidian_writes_a_note_per_listed_actor_and_every_link_resolves(built):
    out = built("obsidian")
    notes = {path.stem: path.read_text() for path in out.glob("*.md")}
    assert {f"{STEM}-actor-karimi", f"{STEM}-actor-brigades", f"{STEM}-actor-front"} <= set(notes)
    for name, markdown in notes.items():
        links = re.findall(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]", markdown)
        assert links, name
        assert all(link in notes for link in links), (name, links)
        calls, defined = _calls_and_notes(markdown)
        assert calls == defined, name
    karimi = notes[f"{STEM}-actor-karimi"]
    assert "## Links" in karimi and "accused" in karimi and f"[[{STEM}]]" in karimi


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is installed by scripts/setup.sh")
@pytest.mark.parametrize("flavor", ["gfm", "obsidian"])
def test_pandoc_reads_every_footnote_and_no_raw_html(built, flavor):
    out = built(flavor)
    for path in out.glob("*.md"):
        markdown = path.read_text()
        html = subprocess.run(["pandoc", "-f", "gfm+footnotes", "-t", "html"], input=markdown, capture_output=True,
                              text=True, check=True).stdout
        calls = re.findall(r"\[\^\w+\]", re.sub(r"^\[\^\w+\]:", "", markdown, flags=re.M))
        # pandoc gives each call its own note, a note cited twice appearing twice
        assert len(re.findall(r'<li id="fn\d+"', html)) == len(calls), path.name
        assert "<script>" not in html and "<i>Times" not in html


def test_an_unknown_flavour_is_an_input_error(case_dir, tmp_path):
    with pytest.raises(InputError, match="obsidian"):
        build(case_dir(CASE, {"a.txt": ARTICLE}), ["md"], tmp_path / "out", flavor="confluence")


def test_obsidian_links_keep_a_hostile_name_inside_its_link(case_dir, tmp_path):
    hostile = CASE.replace("name: Ali Karimi", 'name: "Ali]] [[evil|x #^ Karimi"\n    cite: [{source: a, quote: Ali Karimi}]')
    out = tmp_path / "out"
    build(case_dir(hostile, {"a.txt": ARTICLE}), ["md"], out, flavor="obsidian")
    markdown = (out / f"{STEM}.md").read_text()
    assert f"[[{STEM}-actor-karimi|Ali evilx Karimi]]" in markdown
    assert "[[evil" not in markdown
