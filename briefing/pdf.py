"""PDF output through WeasyPrint, isolated from everything but our own assets.

WeasyPrint fetches `file://` and network URLs by default; a brief's HTML carries source text,
so the fetcher here refuses every URL except `data:` and files inside the templates folder.
Layout runs in a child process under a memory and a time limit: a brief that would need more
(or a flaw in WeasyPrint a hostile text could trigger) fails with a message, not the machine.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import traceback
from collections.abc import Callable, Iterator
from math import inf
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint

from briefing.errors import InputError
from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.formatting_structure import build as formatting
from weasyprint.layout import LayoutContext
from weasyprint.layout.block import block_level_layout
from weasyprint.text.fonts import FontConfiguration


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


def _update_footnote_area(context: LayoutContext) -> bool:
    """WeasyPrint's `LayoutContext._update_footnote_area`, laying out each note only once.

    WeasyPrint lays out the page's whole footnote area again each time it adds a note, which is
    quadratic in the notes on a page (300 notes: 10.7 s, against 1.9 s with the notes inline).
    The area's height is the sum of its notes' heights as long as notes have no vertical margins
    to collapse (templates/brief.css) and the area has no max-height, so each note is measured
    once, alone in the area, and the page is cut exactly where WeasyPrint would cut it.
    """
    area = context.current_footnote_area
    if area.style["max_height"] != INITIAL_VALUES["max_height"]:
        return _weasyprint_update_footnote_area(context)  # notes can overflow the area: WeasyPrint's way
    if area.height != "auto" and not context.in_column:
        context.page_bottom += area.margin_height()
    area.children = context.current_page_footnotes
    heights = context.__dict__.setdefault("_briefing_note_heights", {})
    for note in area.children:
        if (note, area.width) not in heights:
            alone = area.copy()
            alone.children = [note]
            laid = block_level_layout(context, formatting.create_anonymous_boxes(alone.deepcopy()), -inf, None,
                                      area.page)[0]
            heights[note, area.width] = laid.height
    area.height = sum(heights[note, area.width] for note in area.children)
    if not context.in_column:
        context.page_bottom -= area.margin_height()
    return False  # an area without max-height grows to hold its notes


_weasyprint_update_footnote_area = LayoutContext._update_footnote_area


@contextlib.contextmanager
def _notes_laid_out_once() -> Iterator[None]:
    LayoutContext._update_footnote_area = _update_footnote_area
    try:
        yield
    finally:
        LayoutContext._update_footnote_area = _weasyprint_update_footnote_area


def layout(html: str, assets: Path) -> weasyprint.Document:
    fetcher = AssetsOnlyFetcher(assets)
    # WeasyPrint logs every refused URL and unsupported CSS rule as a warning; the brief is
    # complete without them, so keep the terminal for our own messages.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html, base_url=assets.as_uri() + "/", url_fetcher=fetcher)
    with _notes_laid_out_once():
        return document.render(pdf_variant="pdf/ua-1", pdf_tags=True)


def stray_notes(document: weasyprint.Document) -> frozenset[str]:
    """Footnotes laid out on another page than their call (`call-X` and `X` anchors apart)."""
    strays = set()
    for page in document.pages:
        for anchor in page.anchors:
            if anchor.startswith("call-") and anchor.removeprefix("call-") not in page.anchors:
                strays.add(anchor.removeprefix("call-"))
    return frozenset(strays)


def write(document: weasyprint.Document) -> bytes:
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True)



# Layout limits, each settable in the environment: address space (the seeds brief peaks under
# 400 MB) and wall-clock time (the seeds brief takes about 5 s).
MEMORY_VARIABLE, DEFAULT_MEMORY_MB = "BRIEFING_PDF_MEMORY_MB", 2048
SECONDS_VARIABLE, DEFAULT_SECONDS = "BRIEFING_PDF_SECONDS", 600


def _limit(variable: str, default: int) -> int:
    value = os.environ.get(variable, "")
    if not value:
        return default
    if not value.isdigit() or int(value) == 0:
        raise InputError(f"{variable}={value!r} is not a limit; give a whole number above 0")
    return int(value)


def _child(render: Callable, argument: object, pipe, memory: int) -> None:
    # Out of memory, Fontconfig prints a line per file it could not parse: the parent says it once.
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 2)
    # Fontconfig scans the fonts and writes its cache (system-wide, as root) when the cache is
    # stale: under the limit the scan would stop part-way and leave a cache of a few fonts that
    # every later program would use. So the fonts are loaded first, then the limit is set.
    FontConfiguration()
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    try:
        result = ("ok", render(argument))
    except (MemoryError, SystemError):  # C code that cannot allocate often says "error return without exception set"
        result = ("memory", None)
    except BaseException as exc:  # sent back whole, to be raised where the build can report it
        exc.add_note(f"in the PDF process:\n{traceback.format_exc()}")
        result = ("error", exc)
    pipe.send(result)
    pipe.close()


def limited(render: Callable[[object], bytes], argument: object) -> bytes:
    """`render(argument)` in a forked child process under the PDF limits (forked: nothing is imported twice)."""
    memory_mb, seconds = _limit(MEMORY_VARIABLE, DEFAULT_MEMORY_MB), _limit(SECONDS_VARIABLE, DEFAULT_SECONDS)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(render, argument, sender, memory_mb * 2**20), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise InputError(f"laying out the PDF took over {seconds} s; build the other formats, or allow more "
                             f"time with {SECONDS_VARIABLE}")
        try:
            kind, payload = receiver.recv()
        except EOFError:  # the child died without a word: memory allocations fail in C too
            kind, payload = "memory", None
    finally:
        child.kill()
        child.join()
        receiver.close()
    if kind == "memory":
        raise InputError(f"laying out the PDF needed more than {memory_mb} MB; build the other formats, or allow "
                         f"more memory with {MEMORY_VARIABLE}")
    if kind == "error":
        raise payload
    return payload
