"""Readers: a source file's bytes to text, one per format, each able to point back into the file.

Citations are located in a reader's text but footnoted with the file's own places, so a reader
says where every line of its text comes from: plain text keeps the file's lines (and maps each
character back through `origin` where line breaks or Unicode normalisation changed it), HTML
gives each line the source line its text starts on, PDF a page and a line of that page's text
layer. Nothing here fetches, executes or writes anything. Invisible characters that would make
text display otherwise than it reads (bidi overrides, zero-width spaces) are dropped from the
text, so names and quotes match as they are seen and no brief reorders its readers' text.
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from briefing.casefile import HIDDEN_CONTROLS
from briefing.errors import InputError

if TYPE_CHECKING:  # imported where used: plain text, most sources, needs neither (start-up pays for what it imports)
    import lxml.etree
    import lxml.html


class LineRef(NamedTuple):
    page: int | None  # 1-based page for paged formats (PDF), else None
    line: int  # 1-based line in the original file (for PDF: line within that page)


@dataclass(frozen=True)
class Reading:
    """What a reader makes of a file's bytes.

    `origin` exists only where the text is the file's text with line breaks and Unicode
    normalisation changed (plain text); HTML and PDF text is rebuilt from markup or a text
    layer, so it is `None` there and `line_refs` is the way back into the file.
    """

    # NFC-normalised Unicode, lines separated by "\n" (no "\r").
    text: str
    # e.g. "utf-8", "utf-8-sig", "utf-16", "cp1252", "pdf".
    encoding: str
    # One per line of `text` (text.split("\n")); None when line i of text is line i+1 of the file.
    line_refs: tuple[LineRef, ...] | None
    # One per character of `text`: its offset in the decoded original string; None when identical.
    origin: tuple[int, ...] | None
    # 0-based indexes of text lines that a main-content extractor judged outside the page's main
    # text (HTML navigation, footers...); empty for other formats.
    outside_main: frozenset[int] = frozenset()


Reader = Callable[[bytes, Path], Reading]


# --- decoding -------------------------------------------------------------------------------

# Byte-order mark, the encoding it names, the codec for what follows it. UTF-32 LE goes before
# UTF-16 LE: its mark begins with UTF-16 LE's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8-sig", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"))
_WIDE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _line_number(prefix: str) -> int:
    """The 1-based line the text after `prefix` is on, counting "\r\n", "\r" and "\n" as one break each."""
    return prefix.count("\n") + prefix.count("\r") - prefix.count("\r\n") + 1


def _bad_byte(data: bytes, encoding: str, exc: UnicodeDecodeError) -> tuple[str, int]:
    """The first undecodable byte, shown, and the line it is on."""
    return f"byte 0x{data[exc.start]:02X}", _line_number(data[: exc.start].decode(encoding))


def _strict(data: bytes, encoding: str, path: Path, why: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        byte, line = _bad_byte(data, encoding, exc)
        raise InputError(f"{byte} is not valid {encoding} although {why}; save the file as UTF-8", path, line) from exc


def _detected(data: bytes, **options: list[str]) -> str | None:
    import charset_normalizer  # only for text that is not UTF-8

    match = charset_normalizer.from_bytes(data, **options).best()
    return None if match is None else codecs.lookup(match.encoding).name


def _decode(data: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with.

    A byte-order mark decides; otherwise valid UTF-8 is UTF-8 (it is almost never anything
    else), then the encoding the file declares, then a detector.
    """
    for bom, encoding, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], codec, path, "the file starts with its byte-order mark"), encoding
    if b"\x00" in data:
        # Only UTF-16 or UTF-32 text without a byte-order mark has NUL bytes; anything else is not text.
        encoding = _detected(data, cp_isolation=_WIDE)
        if encoding is None:
            raise InputError("this looks like a binary file (it contains NUL bytes); give the text instead", path)
        return _strict(data, encoding, path, "the file otherwise looks like it"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        byte, line = _bad_byte(data, "utf-8", exc)
        bad = data.decode("utf-8", errors="replace").count("\ufffd")
        if 2 * len(_UTF8_SEQUENCE.findall(data)) >= bad:
            # UTF-8 with a few stray bytes (other encodings hardly ever form UTF-8 sequences):
            # reading it as anything else would garble every correct accented letter.
            raise InputError(f"{byte} is not valid UTF-8, though other parts of the file are UTF-8; "
                             "retype that character or save the whole file as UTF-8", path, line) from exc
    if declared is not None:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration is wrong, as declarations often are: judge by the bytes
    # Detectors cannot tell Western single-byte code pages apart on short text (they guess cp775
    # or cp1250 for "café"), so Windows-1252, the usual legacy encoding and a superset of Latin-1's
    # printable characters, is tried first; the detector's chaos test refuses it for other scripts.
    encoding = _detected(data, cp_isolation=["cp1252"]) or _detected(data, cp_exclusion=_WIDE)
    if encoding is None:
        raise InputError(f"cannot tell the text encoding: {byte} is not valid UTF-8 and no other encoding "
                         "fits the file; save it as UTF-8", path, line)
    return _strict(data, encoding, path, "the file otherwise looks like it"), encoding


def _refuse_nul(text: str, path: Path) -> None:
    if "\x00" in text:
        raise InputError("this looks like a binary file (it contains NUL characters); give the text instead", path)


# --- plain text -----------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n?|\n")


def _nfc_segments(line: str) -> Iterable[tuple[int, int]]:
    """Spans of `line` that normalise independently, so NFC of the line is NFC of each, concatenated.

    Each span starts at a character that composes with nothing before it.
    """
    start = 0
    for index in range(1, len(line)):
        char = line[index]
        if unicodedata.combining(char):
            continue
        head = unicodedata.normalize("NFC", line[start:index])
        if unicodedata.normalize("NFC", line[start:index + 1]) == head + unicodedata.normalize("NFC", char):
            yield start, index
            start = index
    yield start, len(line)


def _normalise(decoded: str) -> tuple[str, tuple[int, ...] | None]:
    """`decoded` with "\n" line breaks, in NFC, and where each character came from (None: nowhere else)."""
    if "\r" not in decoded and unicodedata.is_normalized("NFC", decoded):
        return decoded, None
    parts: list[str] = []
    origins: list[Iterable[int]] = []
    start = 0
    for brk in itertools.chain(_LINE_BREAK.finditer(decoded), [None]):
        end = len(decoded) if brk is None else brk.start()
        line = decoded[start:end]
        if unicodedata.is_normalized("NFC", line):
            parts.append(line)
            origins.append(range(start, end))
        else:
            for a, b in _nfc_segments(line):
                piece = unicodedata.normalize("NFC", line[a:b])
                parts.append(piece)
                # A sequence that changed length points, all of it, at where it began.
                origins.append(range(start + a, start + b) if len(piece) == b - a else [start + a] * len(piece))
        if brk is None:
            break
        parts.append("\n")
        origins.append((end,))
        start = brk.end()
    return "".join(parts), tuple(itertools.chain.from_iterable(origins))


def _drop_hidden(text: str, origin: tuple[int, ...] | None) -> tuple[str, tuple[int, ...] | None]:
    """`text` without `HIDDEN_CONTROLS`, each remaining character still pointing into the file."""
    if not HIDDEN_CONTROLS.intersection(text):
        return text, origin
    kept = [index for index, char in enumerate(text) if char not in HIDDEN_CONTROLS]
    return "".join(text[index] for index in kept), tuple(origin[index] if origin else index for index in kept)


def _visible(line: str) -> str:
    return _drop_hidden(line, None)[0]


def read_plain_text(data: bytes, path: Path) -> Reading:
    decoded, encoding = _decode(data, path)
    _refuse_nul(decoded, path)
    text, origin = _drop_hidden(*_normalise(decoded))
    return Reading(text=text, encoding=encoding, line_refs=None, origin=origin)


# --- HTML -----------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Browsers read these labels as Windows-1252, and so do pages labelled with them.
_WINDOWS_1252_LABELS = {"ascii", "iso8859-1"}
# libxml2 stores line numbers in 16 bits; past this, lines are counted from the text alone.
_LINE_CAP = 65535

_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "p",
    "plaintext", "pre", "search", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
    "tr", "ul", "xmp",
})
_PREFORMATTED = frozenset({"pre", "listing", "xmp", "plaintext"})
# Never rendered as text: code, metadata, embedded media and the fallbacks shown only without them.
_UNSHOWN = frozenset({
    "audio", "canvas", "datalist", "embed", "head", "iframe", "noembed", "noframes", "noscript", "object", "rp",
    "script", "select", "style", "svg", "template", "video",
})
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_END_HTML = re.compile(r"</html\s*>", re.IGNORECASE)
# The main-content extractor's XML elements as the HTML elements they stand for (others are inline).
_EXTRACTED_TAGS = {"doc": "div", "main": "div", "comments": "div", "head": "h2", "p": "p", "quote": "blockquote",
                   "list": "ul", "item": "li", "table": "table", "row": "tr", "cell": "td", "lb": "br"}
# Word pairs past which aligning a stretch of lines word by word takes too long (about a second).
_ALIGN_PAIRS = 50_000_000


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        name = codecs.lookup(match[1].decode("ascii")).name
        if name.startswith(("utf-16", "utf-32")):
            return None  # the page would have a byte-order mark or NUL bytes; browsers ignore the label too
        b" ".decode(name)  # refuses codecs that are not text encodings (base64, zlib...)
    except LookupError:
        return None
    return "cp1252" if name in _WINDOWS_1252_LABELS else name


class _PageText:
    """A page's visible text as lines, each with the source line where its text starts.

    The tree is walked in document order keeping `line`, the source line of the current
    position: an element's `sourceline` (the line its start tag ends on) resets it, and the
    newlines of each text node advance it, so text after a child element gets its line too.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.refs: list[int] = []
        self.line = 1
        self.run: list[tuple[str, int]] = []  # the current line's text pieces, each with its starting line
        self.pre = 0  # depth of preformatted elements: inside, newlines end lines and spaces stay
        self.new_block = False

    def read(self, root: lxml.etree._Element) -> None:
        import lxml.etree

        shown = [True]  # for each open element, whether its content is shown; first, the page's
        for event, node in lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi")):
            if event == "start":
                shown.append(self.open(node, shown[-1]))
            elif event == "end":
                self.close(node, shown.pop(), shown[-1])
            else:
                self.other(node, shown[-1])
        self.end_line()

    def anchor(self, node: lxml.etree._Element) -> bool:
        """Take the line libxml2 gives `node`, if it knows it."""
        known = 0 < (node.sourceline or 0) < _LINE_CAP
        if known:
            self.line = node.sourceline
        return known

    def open(self, element: lxml.etree._Element, visible: bool) -> bool:
        self.anchor(element)
        tag = element.tag
        shown = (visible and tag not in _UNSHOWN and element.get("hidden") is None
                 and not _DISPLAY_NONE.search(element.get("style", ""))) or (tag == "title" and _in_head(element))
        if shown and tag in _BLOCKS:
            self.end_block()
        elif shown and tag == "br":
            self.end_line()
        text = element.text
        if shown and tag in _PREFORMATTED:
            self.pre += 1
            if text and text.startswith("\n"):  # a newline right after <pre> is not shown
                self.line += 1
                text = text[1:]
        self.text(text, shown)
        return shown

    def close(self, element: lxml.etree._Element, shown: bool, visible: bool) -> None:
        if shown and element.tag in _BLOCKS:
            self.end_block()
        if shown and element.tag in _PREFORMATTED:
            self.pre -= 1
        self.text(element.tail, visible)

    def other(self, node: lxml.etree._Element, visible: bool) -> None:
        """A comment or processing instruction: libxml2 gives the line it ends on."""
        if not self.anchor(node):
            self.line += (node.text or "").count("\n")
        self.text(node.tail, visible)

    def text(self, text: str | None, shown: bool) -> None:
        if not text:
            return
        if not shown:
            self.line += text.count("\n")
        elif not self.pre:
            self.run.append((text, self.line))
            self.line += text.count("\n")
        else:
            for index, part in enumerate(text.split("\n")):
                if index:
                    self.end_line()
                    self.line += 1
                self.run.append((part, self.line))

    def end_block(self) -> None:
        self.end_line()
        self.new_block = True

    def end_line(self) -> None:
        pieces, self.run = self.run, []
        joined = _visible("".join(piece for piece, _ in pieces))
        text = joined.rstrip() if self.pre else " ".join(joined.split())
        if not text.strip():
            if self.pre:  # a blank line inside preformatted text separates blocks; elsewhere it is nothing
                self.new_block = True
            return
        if self.new_block and self.lines:
            self.lines.append("")
            self.refs.append(self.refs[-1])
        self.new_block = False
        self.lines.append(unicodedata.normalize("NFC", text.replace("\r", "")))
        self.refs.append(_first_text_line(pieces))


def _in_head(element: lxml.etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == "head"


def _first_text_line(pieces: list[tuple[str, int]]) -> int:
    """The source line of the first character that is not whitespace."""
    piece, line = next((piece, line) for piece, line in pieces if piece.strip())
    return line + piece[: len(piece) - len(piece.lstrip())].count("\n")


def _page_lines(root: lxml.etree._Element) -> tuple[list[str], list[int]]:
    page = _PageText()
    page.read(root)
    return page.lines, page.refs


def _extracted_lines(xml: str) -> list[str]:
    """The main-content extractor's XML read as HTML is read, so its lines are cut like the page's."""
    import lxml.etree

    tree = lxml.etree.fromstring(xml)
    for element in tree.iter():
        if element.tag == "code":
            element.tag = "pre" if "\n" in (element.text or "") else "code"
        else:
            element.tag = _EXTRACTED_TAGS.get(element.tag, "span")
    return _page_lines(tree)[0]


def _outside_main(root: lxml.html.HtmlElement, lines: list[str]) -> frozenset[int]:
    """Indexes of the text lines the main-content extractor leaves out; none if it finds no main text.

    The extractor's text is some of the page's lines, in order, a few of them cut or joined
    differently. So the two are aligned line by line, and where they differ word by word; a
    line is main text if most of its words are. Aligning in order keeps a navigation link's
    words that also occur in the article from passing for the article's.
    """
    import trafilatura  # half a second to import: only for HTML sources

    xml = trafilatura.extract(root, output_format="xml", include_comments=True, include_tables=True,
                              deduplicate=False)
    if not xml:
        return frozenset()
    page = [(i, " ".join(line.split())) for i, line in enumerate(lines) if line.strip()]
    keys = [key for _, key in page]
    main_keys = [" ".join(line.split()) for line in _extracted_lines(xml) if line.strip()]
    inside: set[int] = set()
    for op, a0, a1, b0, b1 in SequenceMatcher(None, keys, main_keys, autojunk=False).get_opcodes():
        if op == "equal":
            inside.update(range(a0, a1))
        elif op == "replace":
            inside.update(_main_in_gap(keys[a0:a1], main_keys[b0:b1], a0))
    return frozenset(page[a][0] for a in range(len(page)) if a not in inside)


def _main_in_gap(keys: list[str], main_keys: list[str], first: int) -> Iterable[int]:
    """Which of `keys` (numbered from `first`) are main text: most of their words are in `main_keys`, in order."""
    words = [(a, word) for a, key in enumerate(keys, start=first) for word in key.split()]
    main_words = " ".join(main_keys).split()
    if len(words) * len(main_words) > _ALIGN_PAIRS:  # too slow to align word by word: look each line up whole
        there = f" {' '.join(main_keys)} "
        return [a for a, key in enumerate(keys, start=first) if f" {key} " in there]
    matched: Counter[int] = Counter()
    matcher = SequenceMatcher(None, [word for _, word in words], main_words, autojunk=False)
    for block in matcher.get_matching_blocks():
        matched.update(a for a, _ in words[block.a:block.a + block.size])
    return [a for a, key in enumerate(keys, start=first) if 2 * matched[a] >= len(key.split())]


def read_html(data: bytes, path: Path) -> Reading:
    import lxml.etree
    import lxml.html

    decoded, encoding = _decode(data, path, _declared_charset(data))
    _refuse_nul(decoded, path)
    # Line breaks as the plain-text reader counts them, so libxml2's line numbers are the file's;
    # no </html>, after which libxml2 drops content that browsers show.
    source = _END_HTML.sub(lambda tag: "\n" * tag[0].count("\n"), _LINE_BREAK.sub("\n", decoded))
    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(source.encode("utf-8"), parser=parser)
    except lxml.etree.ParserError:  # no element at all: blank, or only comments
        root = None
    if fatal := parser.error_log.filter_from_fatals():  # libxml2 gave up (nesting too deep): the rest is lost
        why = fatal[0].message.partition(", use XML_PARSE_HUGE")[0].strip()  # that advice is for programmers
        raise InputError(f"cannot read this HTML past this line ({why}); save the page's text as a .txt file instead",
                         path, fatal[0].line)
    lines, refs = _page_lines(root) if root is not None else ([], [])
    if not lines:
        return Reading(text="", encoding=encoding, line_refs=(LineRef(None, 1),), origin=None)
    return Reading(text="\n".join(lines), encoding=encoding, line_refs=tuple(LineRef(None, r) for r in refs),
                   origin=None, outside_main=_outside_main(root, lines))


# --- PDF ------------------------------------------------------------------------------------


def _pdf_pages(data: bytes, path: Path) -> list[str]:
    """The text layer of each page (pypdf opens a PDF encrypted with an empty password by itself)."""
    import pypdf  # a quarter of a second to import: only for PDF sources
    from pypdf.errors import FileNotDecryptedError

    try:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
    except FileNotDecryptedError as exc:
        raise InputError("the PDF is password-protected; save a copy without a password (and with a text layer: "
                         "OCR it first if it is scanned)", path) from exc
    except Exception as exc:  # pypdf fails on damaged files in many ways; a traceback helps no user
        raise InputError(f"cannot read this PDF ({type(exc).__name__}: {exc}); check that the file is complete, "
                         "or save it again as PDF", path) from exc


def read_pdf(data: bytes, path: Path) -> Reading:
    lines: list[str] = []
    refs: list[LineRef] = []
    for number, page in enumerate(_pdf_pages(data, path), start=1):
        page_lines = _LINE_BREAK.split(page.rstrip())
        if not "".join(page_lines).strip():
            continue
        if lines:
            lines.append("")
            refs.append(LineRef(refs[-1].page, refs[-1].line + 1))
        lines.extend(_visible(unicodedata.normalize("NFC", line)) for line in page_lines)
        refs.extend(LineRef(number, index) for index in range(1, len(page_lines) + 1))
    if not lines:
        raise InputError("the PDF has no text layer (a scan?); OCR it first, e.g. with ocrmypdf", path)
    return Reading(text="\n".join(lines), encoding="pdf", line_refs=tuple(refs), origin=None)


# --- dispatch -------------------------------------------------------------------------------

# The one place where file types are known: extension -> reader.
READERS: dict[str, Reader] = {
    ".txt": read_plain_text,
    ".md": read_plain_text,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
}


def read_bytes(data: bytes, path: Path) -> Reading:
    """The text of a file's bytes, read by the reader for its extension."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise InputError(f"no reader for {path.suffix or 'files without an extension'}; use one of {known}", path)
    return reader(data, path)
