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
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from briefing.model import Brief, Cited, DateEntry, Footnote


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


def roles(cited: list[Cited]) -> str:
    """An actor's roles after its name: ': role[^1]; other role[^2]'."""
    return "".join(f"{': ' if i == 0 else '; '}{md(role.text)}{notes(role.notes)}" for i, role in enumerate(cited))


def lines(note: Footnote) -> str:
    """'line 4', 'lines 4–6', 'page 2, line 1', 'page 2, line 40 to page 3, line 2'."""
    page = f"page {note.page}, " if note.page else ""
    if note.page != note.page_end:
        return f"{page}line {note.line_start} to page {note.page_end}, line {note.line_end}"
    if note.line_start == note.line_end:
        return f"{page}line {note.line_start}"
    return f"{page}lines {note.line_start}\u2013{note.line_end}"


def attribution(note: Footnote) -> str:
    """Who the cited words are from, as Markdown: outlet (else author and title), and the file.

    The title is left to the source list when the outlet is known: page-bottom notes must stay
    short enough to share a page with their call.
    """
    parts = [md(value) for value in (note.outlet or note.author,) if value]
    if note.title and not note.outlet:
        parts.append(f"“{md(note.title)}”")
    parts.append(("in " if note.embedded else "") + md(note.file))
    return ", ".join(parts)


def detected(value: str | None, found: str | None) -> str:
    """A metadata cell as Markdown: the case file's value, the detected one, or both when they differ."""
    if value and found and value != found:
        return f"{md(value)} (detected: {md(found)})"
    if value:
        return md(value)
    return f"{md(found)} (detected)" if found else ""


def when(entry) -> str:
    """A chronology date as shown: ISO value, range, the weekday a source gives, 'about' for estimates."""
    if entry.date is None:
        return f"date unknown: “{md(entry.when)}”"
    value = entry.date if not getattr(entry, "date_end", None) else f"{entry.date} to {entry.date_end}"
    value = f"a {entry.weekday} in {value}" if entry.weekday else value
    return f"about {value}" if entry.approximate else value


def conflicts(dates: list[DateEntry]) -> str:
    """The other dates other sources give for an event, each with its footnotes."""
    if not dates:
        return ""
    told = "; ".join(f"{when(d)} ({d.precision}){notes(d.notes)}" for d in dates)
    return f" *Dates conflict:* other sources give {told}."


def excerpt(text: str, words: int = 12) -> str:
    """The opening words of a statement, to name it where it was given in full before."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def precision_label(entry) -> str:
    if entry.precision == "unknown":
        return "no date of publication to count from"
    return "range" if entry.date_end else entry.precision


FILTERS: dict[str, Callable] = {"md": md, "notes": notes, "lines": lines, "when": when,
                                "precision": precision_label, "attribution": attribution, "detected": detected,
                                "roles": roles, "conflicts": conflicts,
                                "excerpt": excerpt}


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


def _anchor(token: Token) -> str:
    return f"fn{token.meta['id'] + 1}-{token.meta['subId']}"


def _footnote_call(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    """A call linked to its note; the last call of a run ('…[^1][^2]') also carries one page-bottom
    float holding the run's notes.

    One float per statement rather than one per note: WeasyPrint's cost goes with the number of
    floats, and a statement's notes belong on the same page anyway.
    """
    anchor = _anchor(tokens[idx])
    call = f'<a class="fn-call" id="call-{anchor}" href="#{anchor}">{tokens[idx].meta["label"]}</a>'
    # The run of calls cannot be broken across lines; a text before it opened it with its last word.
    opening = "" if idx > 0 and tokens[idx - 1].type in {"footnote_ref", "text"} else '<span class="fn-calls">'
    if idx + 1 < len(tokens) and tokens[idx + 1].type == "footnote_ref":
        return opening + call
    first = idx
    while first > 0 and tokens[first - 1].type == "footnote_ref":
        first -= 1
    notes = "".join(f'<span class="note" id="{_anchor(ref)}">{ref.meta["label"]}. '
                    f'{env["inline_notes"][ref.meta["id"]]}</span>' for ref in tokens[first:idx + 1])
    return f'{opening}{call}<span class="fn">{notes}</span></span>'


_LAST_WORD = re.compile(r"(.*?)(\S*)$", re.S)


def _text_before_calls(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    """Text; before footnote calls its last word opens their unbreakable run, so no line starts with a call."""
    text = tokens[idx].content
    if idx + 1 < len(tokens) and tokens[idx + 1].type == "footnote_ref":
        head, word = _LAST_WORD.match(text).groups()
        return f'{escapeHtml(head)}<span class="fn-calls">{escapeHtml(word)}'
    return escapeHtml(text)


def _break_before(tokens: list[Token], anchors: frozenset[str]) -> None:
    """Start a new page at the list item or paragraph holding any of these footnote calls."""
    blocks: list[Token] = []
    for token in tokens:
        if token.type in {"list_item_open", "paragraph_open"}:
            blocks.append(token)
        elif token.type in {"list_item_close", "paragraph_close"}:
            blocks.pop()
        elif token.type == "inline" and blocks and any(
            child.type == "footnote_ref" and _anchor(child) in anchors for child in token.children or []
        ):
            outer = next((b for b in blocks if b.type == "list_item_open"), blocks[0])
            outer.attrSet("class", "break-before")


def markdown_to_html(markdown: str, *, page_footnotes: bool, break_before: frozenset[str] = frozenset()) -> str:
    md_it = _markdown_it()
    env: dict = {}
    tokens = md_it.parse(markdown, env)
    if page_footnotes:
        tokens = _inline_footnotes(md_it, tokens, env)
        md_it.add_render_rule("footnote_ref", _footnote_call)
        md_it.add_render_rule("text", _text_before_calls)
        _break_before(tokens, break_before)
    return md_it.renderer.render(tokens, md_it.options, env)


def render_html(brief: Brief, *, page_footnotes: bool = False, break_before: frozenset[str] = frozenset()) -> str:
    body = markdown_to_html(render_markdown(brief), page_footnotes=page_footnotes, break_before=break_before)
    css = (templates_dir() / "brief.css").read_text(encoding="utf-8")
    return environment().get_template("brief.html.j2").render(brief=brief, body=body, css=css)


def render_json(brief: Brief) -> str:
    return brief.model_dump_json(indent=2) + "\n"


# WeasyPrint sometimes sends a note to the next page instead of moving its call there. The
# stylesheet keeps blocks whole, which avoids the cause seen (one layout is the rule); should a
# note still stray, each retry starts a new page at the calls it strayed from.
MAX_LAYOUTS = 3


def render_pdf(brief: Brief) -> bytes:
    from briefing import pdf  # WeasyPrint is slow to import; only PDF builds pay for it

    breaks: frozenset[str] = frozenset()
    for _ in range(MAX_LAYOUTS):
        document = pdf.layout(render_html(brief, page_footnotes=True, break_before=breaks), templates_dir())
        strays = pdf.stray_notes(document)
        if not strays:
            break
        breaks |= strays
    return pdf.write(document)


# One place where output formats are known: format -> (file extension, renderer).
FORMATS: dict[str, Callable[[Brief], bytes]] = {
    "md": lambda brief: render_markdown(brief).encode("utf-8"),
    "html": lambda brief: render_html(brief).encode("utf-8"),
    "json": lambda brief: render_json(brief).encode("utf-8"),
    "pdf": render_pdf,
}
