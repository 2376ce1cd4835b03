"""Stage 5: render the brief model to each output format (bytes per format).

Templates in `templates/` see only the `Brief` model. Source text is data: every piece of it
goes through the `md` filter, which escapes it for every Markdown dialect we target, and HTML
comes from markdown-it-py with raw HTML off.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from briefing.model import Brief, Footnote


def templates_dir() -> Path:
    """The templates shipped in the wheel, else those of the source checkout."""
    packaged = resources.files("briefing") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates"


# --- filters: every formatting rule lives here --------------------------------------------

# Escapes that CommonMark, cmark-gfm, python-markdown (MkDocs) and Obsidian all honour: a
# backslash before the emphasis, code and link characters, and entities for the rest.
_BACKSLASHED = frozenset("\\`*_[]#")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "~": "&#126;", "$": "&#36;"}
_LINE_START = re.compile(r"^([-+])|^(\d+)([.)])")


def md(text: str | None) -> str:
    """Plain text as inert inline Markdown: one line, no markup, links, HTML or template syntax."""
    if not text:
        return ""
    flat = " ".join(text.split())
    escaped = "".join(
        "\\" + char if char in _BACKSLASHED else _ENTITIES.get(char, char) for char in flat
    )
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped)


def notes(labels: list[str]) -> str:
    return "".join(f"[^{label}]" for label in labels)


def lines(note: Footnote) -> str:
    if note.line_start == note.line_end:
        return f"line {note.line_start}"
    return f"lines {note.line_start}\u2013{note.line_end}"


def when(entry) -> str:
    """A chronology date as shown: ISO value, range, and 'about' for estimates."""
    value = entry.date if not entry.date_end else f"{entry.date} to {entry.date_end}"
    return f"about {value}" if entry.approximate else value


def precision_label(entry) -> str:
    return "range" if entry.date_end else entry.precision


FILTERS: dict[str, Callable] = {"md": md, "notes": notes, "lines": lines, "when": when,
                                "precision": precision_label}


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


# --- formats --------------------------------------------------------------------------------


def render_markdown(brief: Brief) -> str:
    return environment().get_template("brief.md.j2").render(brief=brief)


def _markdown_it() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).use(footnote_plugin).enable("table")


def _inline_footnotes(md_it: MarkdownIt, tokens: list[Token], env: dict) -> list[Token]:
    """Move each footnote's text to its call, as CSS `float: footnote` needs for page-bottom notes.

    A passage cited twice is repeated at each call, so every note sits on the page of its call.
    """
    bodies: dict[int, str] = {}
    kept: list[Token] = []
    current: int | None = None
    in_block = False
    for token in tokens:
        if token.type == "footnote_block_open":
            in_block = True
        elif token.type == "footnote_block_close":
            in_block = False
        elif token.type == "footnote_open":
            current = token.meta["id"]
            bodies[current] = ""
        elif in_block and token.type == "inline" and current is not None:
            children = [child for child in token.children or [] if child.type != "footnote_anchor"]
            bodies[current] += md_it.renderer.renderInline(children, md_it.options, env)
        if not in_block and token.type != "footnote_block_close":
            kept.append(token)
    env["inline_notes"] = bodies
    return kept


def _footnote_call(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    meta = tokens[idx].meta
    anchor = f"fn{meta['id'] + 1}-{meta['subId']}"
    label = meta["label"]
    return (f'<a class="fn-call" href="#{anchor}"><span class="fn" id="{anchor}" '
            f'data-label="{label}">{env["inline_notes"][meta["id"]]}</span></a>')


def markdown_to_html(markdown: str, *, page_footnotes: bool) -> str:
    md_it = _markdown_it()
    env: dict = {}
    tokens = md_it.parse(markdown, env)
    if page_footnotes:
        tokens = _inline_footnotes(md_it, tokens, env)
        md_it.add_render_rule("footnote_ref", _footnote_call)
    return md_it.renderer.render(tokens, md_it.options, env)


def render_html(brief: Brief, *, page_footnotes: bool = False) -> str:
    body = markdown_to_html(render_markdown(brief), page_footnotes=page_footnotes)
    css = (templates_dir() / "brief.css").read_text(encoding="utf-8")
    return environment().get_template("brief.html.j2").render(brief=brief, body=body, css=css)


def render_json(brief: Brief) -> str:
    return brief.model_dump_json(indent=2) + "\n"


def render_pdf(brief: Brief) -> bytes:
    from briefing.pdf import html_to_pdf  # WeasyPrint is slow to import; only PDF builds pay for it

    return html_to_pdf(render_html(brief, page_footnotes=True), templates_dir())


# One place where output formats are known: format -> (file extension, renderer).
FORMATS: dict[str, Callable[[Brief], bytes]] = {
    "md": lambda brief: render_markdown(brief).encode("utf-8"),
    "html": lambda brief: render_html(brief).encode("utf-8"),
    "json": lambda brief: render_json(brief).encode("utf-8"),
    "pdf": render_pdf,
}
