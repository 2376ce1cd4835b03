"""PDF output through WeasyPrint, isolated from everything but our own assets.

WeasyPrint fetches `file://` and network URLs by default; a brief's HTML carries source text,
so the fetcher here refuses every URL except `data:` and files inside the templates folder.
Layout runs in a child process under a memory and a time limit (`briefing.layout_process`).

Where WeasyPrint 70 is slow on a brief, steps of it are replaced while a brief is laid out or
written (hence the pin): the page is parsed by Expat into the tree WeasyPrint's HTML5 parser
builds, page-bottom notes are laid out once, the pseudo-elements its stylesheet gives every
element go to the elements that have them, each text is drawn with the Pango layout it was
measured with (neither set up nor shaped again), page references are formatted once, and an SVG
label is drawn as one string. Each gives the same pages; all but the last the same bytes. Streams
are deflated at zlib's level 6 rather than pydyf's 9.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import zlib
from collections.abc import Iterator
from math import inf
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import cssselect2
import pydyf
import weasyprint
from weasyprint import html as weasyprint_html
from weasyprint import svg as weasyprint_svg
from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.draw.text import draw_emojis, draw_first_line
from weasyprint.formatting_structure import boxes
from weasyprint.formatting_structure import build as formatting
from weasyprint.layout import LayoutContext
from weasyprint.layout import page as weasyprint_page
from weasyprint.layout.block import block_level_layout
from weasyprint.matrix import Matrix
from weasyprint.svg.bounding_box import extend_bounding_box
from weasyprint.svg.text import Style as SVGTextStyle
from weasyprint.svg.text import TextBox as SVGTextBox
from weasyprint.svg.utils import normalize, size
from weasyprint.text.ffi import pango
from weasyprint.text.fonts import FontConfiguration
from weasyprint.text.line_break import Layout, split_first_line


class AssetsOnlyFetcher(weasyprint.URLFetcher):
    """Serves `data:` URLs and files under `root`; refuses and records everything else."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and not parts.netloc:
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"briefing refuses to fetch {url!r}: only the brief's own assets may be loaded")


@contextlib.contextmanager
def _replaced(*replacements: tuple[object, str, object]) -> Iterator[None]:
    """Each `(owner, name, value)`: `owner.name` is `value` while the block runs, then what it was.
    How every WeasyPrint step below is swapped in: only for the brief being laid out or written."""
    kept = [(owner, name, getattr(owner, name)) for owner, name, _ in replacements]
    for owner, name, value in replacements:
        setattr(owner, name, value)
    try:
        yield
    finally:
        for owner, name, value in kept:
            setattr(owner, name, value)


def _laid_notes(context: LayoutContext) -> dict[tuple[boxes.Box, object], boxes.FootnoteAreaBox]:
    """Each note float measured so far and not yet placed, laid out alone in the footnote area, by float and width."""
    return context.__dict__.setdefault("_briefing_laid_notes", {})


def _update_footnote_area(context: LayoutContext) -> bool:
    """WeasyPrint's `LayoutContext._update_footnote_area`, laying out each note only once.

    WeasyPrint lays out the page's whole footnote area again each time it adds a note, which is
    quadratic in the notes on a page (300 notes: 10.7 s, against 1.9 s with the notes inline).
    The area's height is the sum of its notes' heights as long as notes have no vertical margins
    to collapse (templates/brief.css) and the area has no max-height, so each note is measured
    once, alone in the area, and the page is cut exactly where WeasyPrint would cut it. The note
    as measured is kept for the page's final footnote area (`_page_footnote_area`).
    """
    area = context.current_footnote_area
    if area.style["max_height"] != INITIAL_VALUES["max_height"]:
        return _weasyprint_update_footnote_area(context)  # notes can overflow the area: WeasyPrint's way
    if area.height != "auto" and not context.in_column:
        context.page_bottom += area.margin_height()
    area.children = context.current_page_footnotes
    laid = _laid_notes(context)
    for note in area.children:
        if (note, area.width) not in laid:
            alone = area.copy()
            alone.children = [note]
            laid[note, area.width] = block_level_layout(
                context, formatting.create_anonymous_boxes(alone.deepcopy()), -inf, None, area.page)[0]
    area.height = sum(laid[note, area.width].height for note in area.children)
    if not context.in_column:
        context.page_bottom -= area.margin_height()
    return False  # an area without max-height grows to hold its notes


def _page_footnote_area(context: LayoutContext, box: boxes.Box, *args, **kwargs) -> tuple:
    """`block_level_layout` for page.py, which calls it for the page's content and, once the page
    is full, for its footnote area, laying out every note of the page a second time.

    The final area is the notes as they were measured, stacked: each was laid out alone at the
    area's top, so it moves down by the heights of the notes above it (same boxes, same bytes).
    A page laid out again measures its notes again: a note placed is taken out of the store.
    """
    notes, width = context.current_page_footnotes, context.current_footnote_area.width
    laid = _laid_notes(context)
    if not (isinstance(box, boxes.FootnoteAreaBox) and notes and len(box.children) == len(notes)
            and all((note, width) in laid and child.element is note.element for child, note in zip(box.children, notes))):
        return _weasyprint_page_layout(context, box, *args, **kwargs)
    measured = [laid.pop((note, width)) for note in notes]
    stacked, offset = [], 0
    for alone in measured:
        note, = alone.children
        note.translate(dy=offset)
        stacked.append(note)
        offset += alone.height
    area = measured[0].copy_with_children(stacked)
    area.height = offset
    return area, None, {"break": "any", "page": None}, [], False, None


_weasyprint_update_footnote_area = LayoutContext._update_footnote_area
_weasyprint_page_layout = weasyprint_page.block_level_layout


class _NoteFloats(list):
    """The note floats waiting for a page (`LayoutContext.footnotes`).

    WeasyPrint asks whether each box of each line is one of them, with None for most: a scan
    of every float not yet placed, per box (1,000 notes: 8.5 million comparisons, 0.3 s).
    """

    def __contains__(self, box: object) -> bool:
        return box is not None and list.__contains__(self, box)


def _layout_context(context: LayoutContext, *args, **kwargs) -> None:
    _weasyprint_layout_context(context, *args, **kwargs)
    context.footnotes = _NoteFloats()


_weasyprint_layout_context = LayoutContext.__init__


def _notes_laid_out_once() -> contextlib.AbstractContextManager[None]:
    return _replaced((LayoutContext, "_update_footnote_area", _update_footnote_area),
                     (LayoutContext, "__init__", _layout_context),
                     (weasyprint_page, "block_level_layout", _page_footnote_area))


# The page-bottom floats of render.py's HTML (templates/brief.css), a brief's only notes.
NOTE_FLOATS = ".fn"
# WeasyPrint's stylesheet for HTML gives every element a ::marker and five note pseudo-elements,
# and the cascade computes each one's style: 45,000 styles for a brief of 1,000 notes, a tenth of
# its layout. Only list items have markers and only note floats have notes' pseudo-elements.
_EVERY_ELEMENTS_PSEUDO = re.compile(r"^::(marker|footnote-call|footnote-marker|note-call|note-marker|note-callback) ",
                                    re.MULTILINE)


def scoped_pseudo_elements(stylesheet: str) -> str:
    """WeasyPrint's stylesheet for HTML, each of those pseudo-elements given to the elements that have it."""
    return _EVERY_ELEMENTS_PSEUDO.sub(lambda rule: ("li" if rule[1] == "marker" else NOTE_FLOATS) + rule[0], stylesheet)


@functools.cache
def _html_stylesheet() -> weasyprint.CSS:
    return weasyprint.CSS(string=scoped_pseudo_elements(weasyprint_html.UA), counter_style=weasyprint_html.UA_COUNTER_STYLE)


# Where an HTML5 parser and an XML parser read a well-formed page differently: line breaks or tabs
# in a tag (XML turns them into spaces in attribute values) and the line break HTML drops after
# these start tags.
_READ_APART = re.compile(r"<[^>]*[\t\n\r][^>]*>|<(?:pre|textarea|listing)\b")
_END = "</html>"


def html5_tree(html: str) -> ElementTree.Element | None:
    """The tree WeasyPrint's HTML5 parser (tinyhtml5) builds from a page as render.py writes it,
    built by Expat instead: 0.01 s against 0.4 s for 1,000 notes. None where the two could differ.

    render.py's page is well-formed XML (markdown-it writes XHTML, the template closes its empty
    elements), and from such a page an HTML5 parser builds the same tree but for white space
    around <head> and <body>, unless the page has what `_READ_APART` or `_restructured_by_html5` find.
    """
    if _READ_APART.search(html) or not html.rstrip().endswith(_END):
        return None
    try:
        root = ElementTree.fromstring(html)
    except ElementTree.ParseError:  # a named entity, a control character: HTML only
        return None
    if root.tag != "html" or [child.tag for child in root] != ["head", "body"] or _restructured_by_html5(root):
        return None
    # HTML5 drops the white space before <head> and puts what follows <body> at its end.
    body = root[1]
    trailing = (body.tail or "") + html[html.rindex(_END) + len(_END):]
    root.text = body.tail = None
    if trailing and len(body):
        body[-1].tail = (body[-1].tail or "") + trailing
    elif trailing:
        body.text = (body.text or "") + trailing
    return root


# What an HTML5 parser lets each table part hold; it moves anything else (a row straight in a
# table gets a <tbody>, as markdown-it always writes one).
_TABLE_PARTS = {"table": {"caption", "colgroup", "thead", "tbody", "tfoot"}, "thead": {"tr"}, "tbody": {"tr"},
                "tfoot": {"tr"}, "tr": {"td", "th"}}


def _restructured_by_html5(root: ElementTree.Element) -> bool:
    """Whether an HTML5 parser builds another tree: a link within a link, or a table part holding
    what it may not hold."""
    for element in root.iter():
        if element.tag == "a" and element.find(".//a") is not None:
            return True
        allowed = _TABLE_PARTS.get(element.tag)
        if allowed is not None and ((element.text or "").strip() or any(
                child.tag not in allowed or (child.tail or "").strip() for child in element)):
            return True
    return False


class _BriefHTML(weasyprint.HTML):
    def __init__(self, string: str, base_url: str, url_fetcher: weasyprint.URLFetcher) -> None:
        tree = html5_tree(string)
        if tree is None:
            super().__init__(string=string, base_url=base_url, url_fetcher=url_fetcher)
            return
        # What WeasyPrint's own __init__ does with the tree it parses.
        self.base_url = weasyprint._find_base_url(tree, base_url)
        self.url_fetcher, self.media_type = url_fetcher, "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(tree, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms: bool = False) -> list[weasyprint.CSS]:
        return [_html_stylesheet(), *super()._ua_stylesheets(forms)[1:]]


@functools.cache
def fonts() -> FontConfiguration:
    """The process's Fontconfig configuration, with the font caches it has read, for every layout."""
    return FontConfiguration()


_weasyprint_reactivate = Layout.reactivate
_weasyprint_set_text = Layout.set_text
# What Pango takes for the end of a paragraph, or might.
_PARAGRAPH_ENDS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _kept(text_layout: Layout) -> None:
    """WeasyPrint's `Layout.deactivate`, which drops a text's Pango layout once it is measured,
    only for drawing to set it up again (`_reactivate`): kept instead, for 8 % more memory."""


def _set_text(text_layout: Layout, text: str, justify: bool = False) -> None:
    """WeasyPrint's `Layout.set_text`, the layout told that a text without a paragraph end is one
    paragraph (which changes nothing in it).

    Drawing a line tells its layout so, and Pango then shapes the text again (a fifth of writing a
    brief) unless the layout knew it already.
    """
    _weasyprint_set_text(text_layout, text, justify)
    pango.pango_layout_set_single_paragraph_mode(text_layout.layout, not _PARAGRAPH_ENDS.search(text_layout.text))


def _reactivate(text_layout: Layout, style: dict) -> None:
    """WeasyPrint's `Layout.reactivate`, which sets up a dropped Pango layout again to draw its
    text, unless it is kept as measured: with the text, style and spacing it is drawn with."""
    if "layout" in text_layout.__dict__ and text_layout.style is style and not text_layout.justification_spacing:
        return
    _weasyprint_reactivate(text_layout, style)


def _text_layouts_kept() -> contextlib.AbstractContextManager[None]:
    return _replaced((Layout, "deactivate", _kept), (Layout, "set_text", _set_text))


def _kept_text_layouts_drawn() -> contextlib.AbstractContextManager[None]:
    return _replaced((Layout, "reactivate", _reactivate))


def layout(html: str, assets: Path) -> weasyprint.Document:
    fetcher = AssetsOnlyFetcher(assets)
    # WeasyPrint logs every refused URL and unsupported CSS rule as a warning; the brief is
    # complete without them, so keep the terminal for our own messages.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = _BriefHTML(string=html, base_url=assets.as_uri() + "/", url_fetcher=fetcher)
    with _notes_laid_out_once(), _text_layouts_kept():
        return document.render(font_config=fonts(), pdf_variant="pdf/ua-1", pdf_tags=True)


def stray_notes(document: weasyprint.Document) -> frozenset[str]:
    """Footnotes laid out on another page than their call (`call-X` and `X` anchors apart)."""
    strays = set()
    for page in document.pages:
        for anchor in page.anchors:
            if anchor.startswith("call-") and anchor.removeprefix("call-") not in page.anchors:
                strays.add(anchor.removeprefix("call-"))
    return frozenset(strays)


# Attributes that place an SVG text's letters one by one.
_LETTER_PLACEMENT = ("dx", "dy", "rotate", "textLength", "letter-spacing")


def _svg_text(svg: weasyprint_svg.SVG, node: weasyprint_svg.Node, font_size: float) -> None:
    """WeasyPrint's SVG `text` (svg/text.py), drawing a label whose letters are not placed one by
    one as one string.

    WeasyPrint lays out and draws each letter of an SVG text alone, a Pango layout per letter: the
    figures' labels took 0.2 s of the seeds PDF, 0.8 s with a timeline of 130 events. Laid out
    whole, a label is also kerned, and copied from the PDF as words.
    """
    xs, ys = (normalize(node.get(axis, "")).split() for axis in ("x", "y"))
    if node.tag == "textPath" or not node.text or len(xs) > 1 or len(ys) > 1 or any(map(node.get, _LETTER_PLACEMENT)):
        return _weasyprint_svg_text(svg, node, font_size)
    style = _svg_text_style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
    x = size(xs[0], font_size, svg.inner_width) if xs else svg.cursor_position[0]
    y = size(ys[0], font_size, svg.inner_height) if ys else svg.cursor_position[1]
    if xs and x:
        svg.cursor_d_position[0] = 0
    if ys and y:
        svg.cursor_d_position[1] = 0
    svg.cursor_position = x + width, y
    left, top = x + svg.cursor_d_position[0], y + svg.cursor_d_position[1] + _svg_text_shift(node, font_size, height)
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box, ((left, top - baseline), (left + width, top - baseline + height)))
    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    box = SVGTextBox(layout, style)
    box.baseline = baseline
    emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(a=1, d=-1, e=left, f=top))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _svg_text_style(svg: weasyprint_svg.SVG, node: weasyprint_svg.Node, font_size: float) -> SVGTextStyle:
    """The style WeasyPrint's SVG `text` gives a text node."""
    style = SVGTextStyle(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    weight = node.get("font-weight", 400)
    weight = {"normal": 400, "bold": 700}.get(weight, weight)
    style["font_weight"] = int(weight) if str(weight).isdigit() else 400
    return style


def _svg_text_shift(node: weasyprint_svg.Node, font_size: float, height: float) -> float:
    """How far WeasyPrint's SVG `text` moves a text down for its `display-anchor` or baseline."""
    ascent, descent = font_size * .8, font_size * .2
    anchor, baseline = node.get("display-anchor"), node.get("dominant-baseline", node.get("alignment-baseline"))
    if anchor in ("middle", "top", "bottom"):
        return {"middle": -height / 2, "top": 0, "bottom": -height}[anchor]
    if baseline in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if baseline in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if baseline in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0


_weasyprint_svg_text = weasyprint_svg.text
_SVG_TEXT_TAGS = [tag for tag, draw in weasyprint_svg.TAGS.items() if draw is _weasyprint_svg_text]


@contextlib.contextmanager
def _svg_text_drawn_whole() -> Iterator[None]:
    weasyprint_svg.TAGS.update(dict.fromkeys(_SVG_TEXT_TAGS, _svg_text))
    weasyprint_svg.text = _svg_text  # what svg/__init__.py compares a node's drawing function to
    try:
        yield
    finally:
        weasyprint_svg.TAGS.update(dict.fromkeys(_SVG_TEXT_TAGS, _weasyprint_svg_text))
        weasyprint_svg.text = _weasyprint_svg_text


_pydyf_page_references = pydyf.PDF.page_references


def _page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's `PDF.page_references`, formatted once per page count.

    pydyf formats every page's reference each time it is asked, and WeasyPrint asks for each
    tagged element and each link target: quadratic, a tenth of writing a brief of 80 pages.
    """
    count = len(pdf.pages["Kids"])
    known = pdf.__dict__.get("_briefing_page_references")
    if known is None or known[0] != count:
        known = pdf.__dict__["_briefing_page_references"] = count, _pydyf_page_references.fget(pdf)
    return known[1]


def _page_references_made_once() -> contextlib.AbstractContextManager[None]:
    return _replaced((pydyf.PDF, "page_references", property(_page_references)))


# pydyf deflates every stream at zlib's level 9, which on a brief's text streams takes five times
# level 6's time for 4-5 % fewer bytes (1,000 notes: 0.84 s against 0.13 s, 853 against 900 KB).
COMPRESSION_LEVEL = 6


def _stream_data(stream: pydyf.Stream) -> bytes:
    """pydyf's `Stream.data`, deflated at `COMPRESSION_LEVEL` (the same bytes for the same stream)."""
    content = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    extra = pydyf.Dictionary(stream.extra.copy())
    if stream.compress:
        extra["Filter"] = "/FlateDecode"
        content = zlib.compress(content, COMPRESSION_LEVEL)
    extra["Length"] = len(content)
    return b"\n".join((extra.data, b"stream", content, b"endstream"))


def streams_deflated_faster() -> contextlib.AbstractContextManager[None]:
    return _replaced((pydyf.Stream, "data", property(_stream_data)))


def write(document: weasyprint.Document) -> bytes:
    with _page_references_made_once(), _svg_text_drawn_whole(), streams_deflated_faster(), _kept_text_layouts_drawn():
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True)
