"""The seeds brief as a PDF reader sees it, and the isolation of PDF rendering."""

import base64
import ctypes.util
import http.server
import io
import re
import subprocess
import sys
import threading
import time

import pydyf
import pytest
import tinyhtml5
import weasyprint
from pypdf import PdfReader
from weasyprint import html as weasyprint_html
from weasyprint import svg as weasyprint_svg
from weasyprint.formatting_structure.boxes import FootnoteAreaBox, TextBox
from weasyprint.layout import LayoutContext
from weasyprint.layout import page as weasyprint_page
from weasyprint.layout.block import block_level_layout
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import Layout

from briefing import layout_process, pdf, render
from briefing.build import build_brief
from briefing.errors import InputError
from briefing.pdf import AssetsOnlyFetcher, layout, write
from briefing.render import render_pdf, templates_dir
from tests.conftest import ROOT, SEEDS_CASE


@pytest.fixture(scope="module")
def seeds():
    brief = build_brief(SEEDS_CASE)
    return brief, PdfReader(io.BytesIO(render_pdf(brief)))


def test_several_pages_with_running_header_and_page_x_of_y(seeds):
    brief, pdf = seeds
    count = len(pdf.pages)
    assert count >= 3
    for number, page in enumerate(pdf.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {count}" in text
        assert brief.marking in text


def test_every_footnote_call_links_to_its_note_on_the_same_page(seeds):
    brief, pdf = seeds
    destinations = {name: pdf.get_destination_page_number(dest) for name, dest in pdf.named_destinations.items()}
    calls = set()
    for number, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots", []):
            target = annotation.get_object().get("/Dest")
            if isinstance(target, str) and target.startswith("fn"):
                assert destinations[target] == number, f"note {target} is not on the page of its call"
                calls.add(target)
    assert len({re.match(r"fn(\d+)-", target)[1] for target in calls}) == len(brief.footnotes)  # every note called


def test_each_note_text_is_on_the_page_of_its_call(seeds):
    brief, pdf = seeds
    destinations = {name: pdf.get_destination_page_number(dest) for name, dest in pdf.named_destinations.items()}
    # compared without whitespace: text extraction breaks lines inside words ("al- Kadhimi")
    pages = ["".join(page.extract_text().split()) for page in pdf.pages]
    for name, page in destinations.items():
        if not name.startswith("fn"):
            continue  # the calls' own anchors
        note_id = int(re.match(r"fn(\d+)-", name)[1])
        # markdown-it numbers notes in order of first call, as the brief labels them
        note = brief.footnotes[note_id - 1]
        assert "".join(note.quote.split()[:4]) in pages[page]


def test_arabic_is_extractable(seeds):
    _, pdf = seeds
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "مقتدى الصدر اجتماع قم" in " ".join(text.split())  # a note may wrap the line


def test_bookmarks_follow_the_headings(seeds):
    brief, pdf = seeds
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)

    walk(pdf.outline)
    assert titles[0] == brief.title
    for section in ["Key points", "Actors", "Chronology", "Competing interpretations", "Open questions", "Sources"]:
        assert section in titles


def test_metadata(seeds):
    brief, pdf = seeds
    assert pdf.metadata.title == brief.title
    assert pdf.metadata.author == brief.author
    assert pdf.metadata.subject
    assert pdf.trailer["/Root"].get("/Lang") == brief.language
    assert "/StructTreeRoot" in pdf.trailer["/Root"]  # tagged PDF


@pytest.mark.parametrize("url", ["file:///etc/hostname", "http://127.0.0.1:9/x.png", "https://example.org/x.css",
                                 "ftp://example.org/x", "file:///work/secret.png"])
def test_fetcher_refuses_everything_but_own_assets(url):
    fetcher = AssetsOnlyFetcher(templates_dir())
    with pytest.raises(ValueError, match="refuses"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_own_assets_and_data_urls():
    fetcher = AssetsOnlyFetcher(templates_dir())
    assert fetcher.fetch((templates_dir() / "brief.css").as_uri()) is not None
    assert fetcher.fetch("data:text/plain,hi") is not None


def test_a_hostile_image_or_stylesheet_in_the_html_is_not_loaded(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(_png())
    html = (f'<html lang="en"><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
            f'<p>x</p><img src="{secret.as_uri()}"><img src="file:///etc/hostname"></body></html>')
    pdf = PdfReader(io.BytesIO(write(layout(html, templates_dir()))))
    xobjects = pdf.pages[0]["/Resources"].get_object().get("/XObject", {})
    images = [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
    assert images == []


def test_the_same_image_from_our_own_assets_is_loaded(tmp_path):
    (tmp_path / "ok.png").write_bytes(_png())
    html = f'<html lang="en"><body><img src="{(tmp_path / "ok.png").as_uri()}"></body></html>'
    pdf = PdfReader(io.BytesIO(write(layout(html, tmp_path))))
    xobjects = pdf.pages[0]["/Resources"].get_object().get("/XObject", {})
    assert [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]


def _png() -> bytes:
    """A valid 1x1 PNG, so a refused image is refused for its URL, not for its bytes."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def _many_notes_html(paragraphs: int, notes: int) -> str:
    """Paragraphs, then list items, each ending in a run of calls and its float of notes, as render.py
    writes them, and a table."""
    css = (templates_dir() / "brief.css").read_text(encoding="utf-8")
    words = "the militia leaders met in the city to settle their disputes before the election "

    def statement(p: int) -> str:
        return (f"{words * 3}<span class=\"fn-calls\">end." + "".join(
            f'<a class="fn-call" id="call-fn{p}-{n}" href="#fn{p}-{n}">{p}.{n}</a>' for n in range(notes))
            + '<span class="fn">' + "".join(
                f'<span class="note" id="fn{p}-{n}">{p}.{n}. Source {p}, line {n}: “{words * (1 + n)}”</span>'
                for n in range(notes))
            + "</span></span>")

    half = paragraphs // 2
    body = ("".join(f"<p>{statement(p)}</p>" for p in range(half))
            + "<ul>" + "".join(f"<li>{statement(p)}</li>" for p in range(half, paragraphs)) + "</ul>"
            + "<table><tbody><tr><th>Evidence</th><th>H1</th></tr><tr><td>" + words + "</td><td>C</td></tr></tbody></table>")
    return f'<html lang="en"><head><style>{css}</style></head><body><h1>Notes</h1>{body}</body></html>'


def test_each_float_of_notes_is_laid_out_once_and_the_pages_are_weasyprints_own(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    html = _many_notes_html(paragraphs=60, notes=3)
    measured, areas = [], []

    def counting(context, box, *args):
        measured.append(box.children[0])
        return block_level_layout(context, box, *args)

    def page_layout(context, box, *args, **kwargs):
        areas.extend([box] if isinstance(box, FootnoteAreaBox) else [])
        return block_level_layout(context, box, *args, **kwargs)

    replaced = [(LayoutContext, "_update_footnote_area"), (LayoutContext, "__init__"),
                (weasyprint_page, "block_level_layout"), (pydyf.PDF, "page_references"), (pydyf.Stream, "data"),
                (Layout, "deactivate"), (Layout, "reactivate"), (Layout, "set_text")]
    originals = [getattr(owner, name) for owner, name in replaced]
    monkeypatch.setattr(pdf, "block_level_layout", counting)
    monkeypatch.setattr(pdf, "_weasyprint_page_layout", page_layout)
    fast = layout(html, templates_dir())
    assert len(fast.pages) >= 4
    assert not pdf.stray_notes(fast)
    assert len(measured) == len(set(map(id, measured))) == 60  # no float laid out twice to size the area
    assert areas == []  # nor again for the page's final footnote area
    reference = weasyprint.HTML(string=html, base_url=templates_dir().as_uri() + "/").render(
        pdf_variant="pdf/ua-1", pdf_tags=True)
    written = write(fast)
    with pdf.streams_deflated_faster():  # compressed as write compresses, to compare the pages
        assert written == reference.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True)
    assert [getattr(owner, name) for owner, name in replaced] == originals  # WeasyPrint's own again after


def test_each_text_is_drawn_with_the_pango_layout_it_was_measured_with(monkeypatch):
    document = layout(_many_notes_html(paragraphs=8, notes=2), templates_dir())
    texts = [box for page in document.pages for box in page._page_box.descendants() if isinstance(box, TextBox)]
    assert len(texts) > 50
    # Drawing a line makes its layout one paragraph: already so, Pango need not shape it again.
    ffi.cdef("int pango_layout_get_single_paragraph_mode (PangoLayout *layout);")  # WeasyPrint declares the setter only
    assert all(pango.pango_layout_get_single_paragraph_mode(text.pango_layout.layout) for text in texts)
    set_up = []
    monkeypatch.setattr(Layout, "setup", lambda text_layout, style: set_up.append(style))
    write(document)
    assert set_up == []  # none set up again to draw


def test_streams_are_deflated_as_pydyf_deflates_them_but_at_a_faster_level(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    document = layout(_many_notes_html(paragraphs=4, notes=2), templates_dir())
    plain = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True)
    faster = write(document)
    assert faster != plain and PdfReader(io.BytesIO(faster)).pages[0].extract_text() == \
        PdfReader(io.BytesIO(plain)).pages[0].extract_text()
    monkeypatch.setattr(pdf, "COMPRESSION_LEVEL", 9)  # pydyf's own level: its own bytes
    assert write(document) == plain


def test_weasyprints_pseudo_elements_of_every_element_are_given_to_list_items_and_note_floats():
    scoped = pdf.scoped_pseudo_elements(weasyprint_html.UA)
    for pseudo in ["footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"]:
        assert f"\n.fn::{pseudo} {{" in scoped
        assert f"\n::{pseudo} {{" in weasyprint_html.UA  # WeasyPrint's words, or this costs the time again
    assert "\nli::marker {" in scoped and "\n::marker {" in weasyprint_html.UA
    assert "\n::" not in scoped


def test_an_svg_label_is_drawn_whole_and_one_placed_letter_by_letter_is_left_to_weasyprint(monkeypatch):
    figure = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60" font-family="Noto Sans">'
              '<text x="10" y="20" text-anchor="start">Qassem Soleimani</text>'
              '<text x="150" y="40" text-anchor="middle" dx="0 2 4">Ismail Qaani</text></svg>')
    html = (f'<html lang="en"><body><img alt="Links" src="data:image/svg+xml;base64,'
            f'{base64.b64encode(figure.encode()).decode()}"></body></html>')
    weasyprints, left = pdf._weasyprint_svg_text, []

    def spying(svg, node, font_size):
        left.append(node.text)
        return weasyprints(svg, node, font_size)

    monkeypatch.setattr(pdf, "_weasyprint_svg_text", spying)
    text = PdfReader(io.BytesIO(write(layout(html, templates_dir())))).pages[0].extract_text()
    assert left == ["Ismail Qaani"]
    assert "Qassem Soleimani" in text
    assert weasyprint_svg.text is weasyprint_svg.TAGS["text"] is pdf._weasyprint_svg_text  # restored after


def test_layout_over_its_memory_limit_fails_with_one_message(monkeypatch, capfd):
    monkeypatch.setenv("BRIEFING_PDF_MEMORY_MB", "50")  # less than the process already maps
    with pytest.raises(InputError, match="laying out the PDF needed more than 50 MB; .*BRIEFING_PDF_MEMORY_MB"):
        layout_process.limited(lambda html: write(layout(html, templates_dir())), '<html lang="en"><p>x</p></html>')
    assert capfd.readouterr().err == ""


def test_layout_over_its_time_limit_is_stopped(monkeypatch):
    monkeypatch.setenv("BRIEFING_PDF_SECONDS", "1")
    started = time.monotonic()
    with pytest.raises(InputError, match="took over 1 s; .*BRIEFING_PDF_SECONDS"):
        layout_process.limited(lambda _: time.sleep(30), None)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5"])
def test_a_limit_that_is_not_a_number_is_refused(monkeypatch, value):
    monkeypatch.setenv("BRIEFING_PDF_SECONDS", value)
    with pytest.raises(InputError, match="BRIEFING_PDF_SECONDS=.* is not a limit"):
        layout_process.limited(len, "x")


def test_the_layout_process_returns_its_bytes_and_its_errors():
    assert layout_process.limited(lambda text: text.encode(), "pdf") == b"pdf"

    def broken(_):
        raise ValueError("a bug in layout")

    with pytest.raises(ValueError, match="a bug in layout") as raised:
        layout_process.limited(broken, None)
    assert "in the PDF process" in raised.value.__notes__[0]


def _encoded(text: str) -> bytes:
    return text.encode()


def test_a_started_layout_process_takes_the_job_and_an_unused_one_is_stopped():
    layout_process.start()
    waiting = layout_process._waiting
    assert layout_process.limited(_encoded, "pdf") == b"pdf"
    assert layout_process._waiting is None and not waiting.child.is_alive()
    layout_process.start()
    unused = layout_process._waiting.child
    layout_process.stop()
    assert not unused.is_alive() and layout_process._waiting is None


_IMPORT_PDF = """
import subprocess, sys
{setup}
from briefing import layout_process
pdf = layout_process._import_pdf()
from weasyprint.text import ffi
assert pdf.weasyprint is sys.modules["weasyprint"] and ffi.pango is not None and ffi.fontconfig is not None
print("ok")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="libraries opened by their Linux names")
def test_the_layout_process_loads_weasyprint_without_searching_for_its_libraries():
    counted = "started = []\nsubprocess.Popen.__init__ = lambda self, *a, **k: started.append(a)"
    check = "\nassert started == [], started"
    run = subprocess.run([sys.executable, "-c", _IMPORT_PDF.format(setup=counted) + check],
                         check=False, capture_output=True, text=True, cwd=ROOT)
    assert (run.returncode, run.stdout) == (0, "ok\n"), run.stderr


def test_where_weasyprint_loads_only_with_the_search_it_is_imported_again_with_it():
    # Every library fails to open while the search finds nothing, as on a system whose names differ.
    failing = """import ctypes.util, cffi.api
opened = cffi.api._load_backend_lib
def without_search_fails(backend, name, flags):
    if ctypes.util.find_library("c") is None:
        raise OSError("no such library")
    return opened(backend, name, flags)
cffi.api._load_backend_lib = without_search_fails"""
    run = subprocess.run([sys.executable, "-c", _IMPORT_PDF.format(setup=failing)], check=False, capture_output=True,
                         text=True, cwd=ROOT)
    assert (run.returncode, run.stdout) == (0, "ok\n"), run.stderr  # and not WeasyPrint's advice


def test_the_library_search_is_back_after_the_block():
    search = ctypes.util.find_library
    with pytest.raises(RuntimeError), layout_process._no_library_search():
        assert ctypes.util.find_library("c") is None
        raise RuntimeError
    assert ctypes.util.find_library is search


def test_a_failed_build_stops_the_layout_process_it_started(case_dir, tmp_path, monkeypatch):
    from briefing.build import Run, build

    started = []
    real_start = layout_process.start
    monkeypatch.setattr(layout_process, "start", lambda: (real_start(), started.append(layout_process._waiting)))
    case = case_dir("title: Budget\nsources: [{file: a.txt}]\nkey_points:\n"
                    "  - text: x\n    cite: [{source: a.txt, quote: not in the source}]\n")
    with pytest.raises(Exception, match="quote not found"):
        build(case, ["md", "pdf"], tmp_path / "out", Run(jobs=1, cache=False))
    assert started and not started[0].child.is_alive() and layout_process._waiting is None


class _Listener(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_hostile_source_cannot_reach_files_or_the_network(tmp_path, case_dir, monkeypatch):
    """A source written to make the PDF fetch: a local secret, an image, a stylesheet, a server on this machine."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    server = http.server.HTTPServer(("127.0.0.1", 0), _Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{server.server_port}"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN-7f3a9c")
    (tmp_path / "pixel.png").write_bytes(_png())
    hostile = (f'<img src="{(tmp_path / "pixel.png").as_uri()}"> <link rel="stylesheet" href="{local}/a.css"> '
               f'<style>@import url("{local}/b.css"); body {{ background: url("{secret.as_uri()}") }}</style> '
               f'<object data="{secret.as_uri()}"></object> <iframe src="{local}/c"></iframe> '
               f'![x]({local}/d.png) ![y]({secret.as_uri()}) [z](javascript:alert(1)) <a href="{local}/e">e</a>')
    case = case_dir(f"""
        title: Budget
        sources: [{{file: a.txt, id: a}}]
        key_points:
          - text: 'The page says {hostile.replace("'", "''")}'
            cite: [{{source: a, quote: '{hostile.replace("'", "''")}'}}]
        """, {"a.txt": f"Council votes on the budget\n\nThe page says {hostile}.\n"})
    brief = build_brief(case)
    asked = []
    fetch = AssetsOnlyFetcher.fetch

    def spying(self, url, headers=None):
        asked.append(url)
        return fetch(self, url, headers)

    try:
        with monkeypatch.context() as patched:  # in this process, so the fetcher's calls can be seen
            patched.setattr(AssetsOnlyFetcher, "fetch", spying)
            in_process = render._pdf_bytes(brief)
        forked = render_pdf(brief)
    finally:
        server.shutdown()
    assert forked == in_process
    assert all(url.startswith(("data:", templates_dir().as_uri())) for url in asked), asked
    assert _Listener.requests == []
    document = PdfReader(io.BytesIO(forked))
    text = "".join(page.extract_text() for page in document.pages)
    assert "TOKEN-7f3a9c" not in text and "javascript" in text  # the hostile words are shown as words
    for page in document.pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]
        assert not [a for a in page.get("/Annots", []) if "/URI" in a.get_object().get("/A", {})]


def test_the_pdf_is_the_same_bytes_given_source_date_epoch(seeds, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    brief, _ = seeds
    assert render_pdf(brief) == render_pdf(brief)


def _tree(element) -> tuple:
    return element.tag, element.attrib, element.text, element.tail, [_tree(child) for child in element]


def html5_parsed(html: str) -> tuple:
    """The tree WeasyPrint's own parser builds."""
    return _tree(tinyhtml5.parse(html, namespace_html_elements=False))


def test_the_page_is_parsed_into_the_tree_weasyprints_html5_parser_builds(seeds):
    brief, _ = seeds
    for page_footnotes in (True, False):
        html = render.render_html(brief, page_footnotes=page_footnotes)
        assert _tree(pdf.html5_tree(html)) == html5_parsed(html)


@pytest.mark.parametrize("change", [
    lambda html: html.replace('name="description" content="', 'name="description" content="two\nlines '),
    lambda html: html.replace("<body>", "<body><pre>\nkept by XML, dropped by HTML</pre>"),
    lambda html: html.replace("<body>", '<body><p><a href="#a">outer <a href="#b">inner</a></a></p>'),
    lambda html: html.replace("<body>", "<body><p>&nbsp;\x0c</p>"),
    lambda html: html + "<p>after the end</p>",
    lambda html: html.replace("<tbody>", "").replace("</tbody>", ""),
])
def test_a_page_an_xml_parser_could_read_otherwise_is_left_to_weasyprints_parser(change):
    page = _many_notes_html(paragraphs=2, notes=1).replace("<head>", '<head><meta name="description" content="notes" />')
    assert _tree(pdf.html5_tree(page)) == html5_parsed(page)
    html = change(page)
    assert html != page and pdf.html5_tree(html) is None
    document = layout(html, templates_dir())  # WeasyPrint's own parser
    assert document.pages


def test_a_replaced_step_is_weasyprints_own_again_after_a_failure():
    before = pydyf.Stream.data
    with pytest.raises(RuntimeError), pdf.streams_deflated_faster():
        assert pydyf.Stream.data is not before
        raise RuntimeError("layout failed")
    assert pydyf.Stream.data is before
