"""The brief's Markdown as an HTML page body, for the `html` format and the PDF.

markdown-it-py reads the Markdown with raw HTML off, so no source text becomes markup. For the
PDF each footnote moves to its call as a page-bottom float (`page_footnotes`). Kept apart from
`briefing.render` so a Markdown build does not import markdown-it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin


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


_LAST_WORD = re.compile(r"(.*?)(\S*)$", re.DOTALL)


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


def _embedded_images(images: dict[str, str]) -> Callable:
    """An image rule that puts the figures themselves (data: URIs) where the Markdown links their files."""
    def image(self, tokens: list[Token], idx: int, options, env: dict) -> str:
        token = tokens[idx]
        if token.attrGet("src") in images:
            token.attrSet("src", images[token.attrGet("src")])
            token.attrSet("style", "max-width: 100%; break-inside: avoid")
        return RendererHTML.image(self, tokens, idx, options, env)
    return image


def markdown_to_html(markdown: str, *, page_footnotes: bool, break_before: frozenset[str] = frozenset(),
                     images: dict[str, str] | None = None) -> str:
    md_it = _markdown_it()
    if images:
        md_it.add_render_rule("image", _embedded_images(images))
    env: dict = {}
    tokens = md_it.parse(markdown, env)
    if page_footnotes:
        tokens = _inline_footnotes(md_it, tokens, env)
        md_it.add_render_rule("footnote_ref", _footnote_call)
        md_it.add_render_rule("text", _text_before_calls)
        _break_before(tokens, break_before)
    return md_it.renderer.render(tokens, md_it.options, env)
