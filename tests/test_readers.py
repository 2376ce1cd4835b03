import io
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdf
import pytest
import weasyprint

from briefing.errors import InputError
from briefing.readers import READERS, LineRef, read_bytes


def read(data: bytes, name: str = "a.txt"):
    return read_bytes(data, Path(name))


def refused(data: bytes, name: str = "a.txt") -> InputError:
    with pytest.raises(InputError) as info:
        read(data, name)
    return info.value


# --- plain text: encodings ------------------------------------------------------------------

TEXT = "He said “café” costs €5 — naïve.\nSecond line.\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),
    (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16"),
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    (b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), "utf-32"),
    (TEXT.encode("cp1252"), "cp1252"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
])
def test_encodings_are_recognised(data, encoding):
    reading = read(data)
    assert (reading.text, reading.encoding) == (TEXT, encoding)
    assert reading.line_refs is None and reading.origin is None


@pytest.mark.parametrize("text, encoding", [
    ("café", "latin-1"),
    ("ok\ncafé\n", "latin-1"),
    ("Straße, garçon, ¿qué? © 2020 ± 3°\n", "latin-1"),
    ("He said “yes” and paid €5.\n", "cp1252"),
])
def test_short_western_text_in_a_legacy_encoding_is_read_right(text, encoding):
    # Detectors alone call such text cp775 or cp1250, or even UTF-16.
    reading = read(text.encode(encoding))
    assert (reading.text, reading.encoding) == (text, "cp1252")


def test_other_scripts_in_legacy_encodings_are_detected():
    text = "قال الرئيس إن الاجتماع كان مهما وإن الحكومة ستنظر في المقترحات\n"
    assert read(text.encode("cp1256")).text == text


def test_stray_byte_in_utf8_names_its_line():
    error = refused("café\nsecond line\n".encode() + b"third \x93bad\x94\n")
    assert error.line == 3 and "0x93" in str(error) and "UTF-8" in str(error) and "a.txt:3:" in str(error)


def test_bad_bytes_after_a_byte_order_mark_name_their_line():
    error = refused(b"\xef\xbb\xbfone\r\ntwo\rthree \xff\n")
    assert error.line == 3 and "0xFF" in str(error)


def test_bytes_no_encoding_fits_are_refused_with_their_line():
    error = refused(b"text\nmore\n" + bytes(range(0x80, 0x100)) * 3)
    assert error.line == 3 and "save it as UTF-8" in str(error)


@pytest.mark.parametrize("data", [b"ab\x00cd", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"])
def test_binary_files_are_refused(data):
    assert "binary" in str(refused(data))


def test_nul_characters_in_utf16_are_refused_too():
    assert "binary" in str(refused("a\x00b".encode("utf-16")))


# --- plain text: normalisation and origins --------------------------------------------------


def test_line_breaks_become_newlines_keeping_the_file_s_line_numbers():
    decoded = "one\r\ntwo\rthree\nfour"
    reading = read(decoded.encode())
    assert reading.text == "one\ntwo\nthree\nfour"
    assert reading.origin is not None and len(reading.origin) == len(reading.text)
    for word in ["one", "two", "three", "four"]:
        assert reading.origin[reading.text.index(word)] == decoded.index(word)
    assert reading.origin[reading.text.index("\n")] == decoded.index("\r\n")


def test_nfd_text_is_composed_and_maps_back():
    decoded = "Cafe\u0301 au lait\r\nre\u0301sume\u0301 \u1100\u1161 \u212b\n"
    reading = read(decoded.encode())
    assert reading.text == "Café au lait\nrésumé 가 Å\n" == unicodedata.normalize("NFC", reading.text)
    origin = reading.origin
    assert origin is not None and len(origin) == len(reading.text)
    assert origin[reading.text.index("é")] == decoded.index("e\u0301")
    assert origin[reading.text.index("au")] == decoded.index("au")
    assert origin[reading.text.index("가")] == decoded.index("\u1100")
    # A span of the text maps back to the span of the original it was made from.
    ends = list(origin) + [len(decoded)]
    for word in ["Café", "au lait\n", "résumé", "가", "Å"]:
        start = reading.text.index(word)
        original = decoded[ends[start]:ends[start + len(word)]]
        assert unicodedata.normalize("NFC", original).replace("\r\n", "\n") == word


def test_nfc_text_without_carriage_returns_has_no_origin():
    reading = read("Already composed: café, 가.\n".encode())
    assert reading.origin is None and reading.line_refs is None


# --- HTML -----------------------------------------------------------------------------------

ARTICLE_PARAGRAPHS = [
    ("The city council approved the budget on Tuesday after a long debate, officials said. The vote was "
     "seven to four, with two abstentions and one member absent."),
    ("The mayor called it a fair deal for residents, a view the opposition rejects. Critics say the plan cuts "
     "library hours while raising parking fees across the centre of town."),
    ("Opposition leader Sam Roe said the council had ignored residents and promised to campaign against the "
     "cuts before the next election in the autumn."),
]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Council approves budget | City News</title>
<style>p { color: red }</style>
<script>document.write("<p>SCRIPTED</p>"); fetch("https://example.invalid/")</script>
</head>
<body>
<header><nav>
  <ul>
    <li><a href="/">Home</a></li>
    <li><a href="/politics">Politics</a></li>
    <li><a href="javascript:alert(1)">Sports</a></li>
  </ul>
</nav></header>
<main><article>
  <h1>Council approves the budget</h1>
  <p>{0}</p>
  <p
     class="second">{1}</p>
  <img src="file:///etc/passwd" alt="ALT TEXT" onerror="alert(1)">
  <p>{2}</p>
</article></main>
<footer>
  <p>Copyright 2024 City News. All rights reserved.</p>
  <p><a href="/privacy">Privacy policy</a> | <a href="/contact">Contact us</a></p>
</footer>
<template><p>TEMPLATE</p></template><noscript>NOSCRIPT</noscript>
</body>
</html>
"""


def page(**replace: str) -> str:
    text = PAGE.replace("{0}", ARTICLE_PARAGRAPHS[0]).replace("{1}", ARTICLE_PARAGRAPHS[1])
    text = text.replace("{2}", ARTICLE_PARAGRAPHS[2])
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


def source_line(source: str, words: str) -> int:
    return source[: source.index(words)].count("\n") + 1


def lines_of(reading) -> dict[str, int]:
    return {line: index for index, line in enumerate(reading.text.split("\n")) if line}


def test_html_gives_the_visible_text_block_by_block():
    reading = read(page().encode(), "page.html")
    blocks = reading.text.split("\n\n")
    assert blocks == ["Council approves budget | City News", "Home", "Politics", "Sports",
                      "Council approves the budget", *ARTICLE_PARAGRAPHS,
                      "Copyright 2024 City News. All rights reserved.", "Privacy policy | Contact us"]
    assert reading.encoding == "utf-8" and reading.origin is None


def test_html_lines_point_at_the_source_lines_their_text_starts_on():
    source = page()
    reading = read(source.encode(), "page.html")
    assert reading.line_refs is not None and len(reading.line_refs) == len(reading.text.split("\n"))
    for line, index in lines_of(reading).items():
        assert reading.line_refs[index] == LineRef(None, source_line(source, line.split(" | ")[0][:30]))
    # The second paragraph's start tag spans two lines; its text starts on the second.
    second = lines_of(reading)[ARTICLE_PARAGRAPHS[1]]
    assert reading.line_refs[second].line == source_line(source, 'class="second"')


def test_html_marks_navigation_and_footer_outside_the_main_text():
    reading = read(page().encode(), "page.html")
    index = lines_of(reading)
    outside = {line for line, i in index.items() if i in reading.outside_main}
    assert {"Home", "Politics", "Sports", "Copyright 2024 City News. All rights reserved.",
            "Privacy policy | Contact us"} <= outside
    assert not outside & set(ARTICLE_PARAGRAPHS) and "Council approves the budget" not in outside
    assert all(reading.text.split("\n")[i] for i in reading.outside_main)


def test_hostile_html_only_yields_its_visible_text():
    reading = read(page().encode(), "page.html")
    for hidden in ["SCRIPTED", "fetch", "alert", "passwd", "ALT TEXT", "TEMPLATE", "NOSCRIPT", "color"]:
        assert hidden not in reading.text
    assert "Sports" in reading.text


def test_html_entities_whitespace_breaks_and_preformatted_text():
    source = ("<html><body>\n<div>Intro &amp; more,\n   spread\tout\n"
              "<p>Inner &ldquo;quoted&rdquo; caf&#233;&nbsp;here</p>\n"
              "  after the paragraph<!-- a\nlong comment -->\n"
              "</div>\n<p>first<br>\nsecond<br/>third</p>\n"
              "<pre>\n  code line\n\n  after a blank\n</pre>\n"
              "<table><tr><td>cell one</td>\n<td>cell two</td></tr></table>\n"
              "<p hidden>HIDDEN</p><p style='display: none'>NONE</p>\n</body></html>")
    reading = read(source.encode(), "a.html")
    assert reading.text.split("\n") == [
        "Intro & more, spread out", "", "Inner “quoted” café here", "", "after the paragraph", "",
        "first", "second", "third", "", "  code line", "", "  after a blank", "", "cell one", "", "cell two"]
    refs = [ref.line for ref in reading.line_refs]
    assert refs == [2, 2, 4, 4, 5, 5, 8, 9, 9, 9, 11, 11, 13, 13, 15, 15, 16]


def test_html_line_numbers_are_right_past_libxml2_s_limit_and_with_crlf():
    source = "<html><body>" + "\r\n" * 70000 + "<p>deep</p>\r\n<!--\r\n-->\r\n<p>x<br>\r\ny</p></body></html>"
    reading = read(source.encode(), "big.html")
    assert reading.text == "deep\n\nx\ny"
    assert [ref.line for ref in reading.line_refs] == [70001, 70001, 70004, 70005]


@pytest.mark.parametrize("head", ['<meta charset="windows-1252">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'])
def test_html_declared_charset_is_used(head):
    data = f"<html><head>{head}</head><body><p>\x93Caf\xe9\x94 costs \x805</p></body></html>".encode("latin-1")
    reading = read(data, "a.htm")
    assert (reading.text, reading.encoding) == ("“Café” costs €5", "cp1252")


def test_html_declaring_a_codec_that_is_no_text_encoding_is_still_read():
    reading = read(b'<meta charset="base64"><p>caf\xe9 ok</p>', "a.html")
    assert (reading.text, reading.encoding) == ("café ok", "cp1252")


def test_html_text_after_the_end_of_the_document_is_kept():
    assert read(b"<html><body><p>a</p></body></html>\n<p>after</p>", "a.html").text == "a\n\nafter"


def test_html_nested_past_the_parser_s_limit_is_refused_not_cut_short():
    error = refused(b"<p>\n\n" + b"<b><i>" * 3000 + b"lost", "deep.html")
    assert error.line == 3 and ".txt" in str(error)


def test_html_in_utf16_with_a_byte_order_mark():
    reading = read("<p>café</p>\n<p>thé</p>".encode("utf-16"), "a.html")
    assert reading.text == "café\n\nthé" and reading.encoding == "utf-16"


def test_html_without_text_reads_as_empty():
    for data in [b"", b"  \n", b"<!-- only a comment -->", b"<script>x()</script>"]:
        reading = read(data, "a.html")
        assert reading.text == "" and reading.line_refs == (LineRef(None, 1),)


# --- PDF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_page_pdf() -> bytes:
    return weasyprint.HTML(string=(
        "<h1>First page</h1><p>Alpha line one.<br>Alpha line two.</p>"
        "<p style='break-before: page'>Beta on page two.</p><p>Café “quoted”.</p>")).write_pdf()


def test_pdf_text_with_page_and_line_references(two_page_pdf):
    reading = read(two_page_pdf, "a.pdf")
    assert reading.text.split("\n") == ["First page", "Alpha line one.", "Alpha line two.", "",
                                        "Beta on page two.", "Café “quoted”."]
    assert reading.line_refs == (LineRef(1, 1), LineRef(1, 2), LineRef(1, 3), LineRef(1, 4),
                                 LineRef(2, 1), LineRef(2, 2))
    assert reading.encoding == "pdf" and reading.origin is None


def _encrypted(pdf: bytes, user: str, owner: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user, owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_encrypted_without_a_user_password_is_read(two_page_pdf):
    assert read(_encrypted(two_page_pdf, "", "owner"), "a.pdf").text.startswith("First page")


def test_pdf_with_a_password_is_refused(two_page_pdf):
    assert "password" in str(refused(_encrypted(two_page_pdf, "secret", "owner"), "a.pdf"))


def test_pdf_without_a_text_layer_is_refused():
    pdf = weasyprint.HTML(string="<div style='width: 5cm; height: 5cm; background: red'></div>").write_pdf()
    assert "text layer" in str(refused(pdf, "scan.pdf"))


@pytest.mark.parametrize("cut", [0, 20, 2])
def test_broken_pdf_bytes_are_refused(two_page_pdf, cut):
    data = b"%PDF-1.4 not really" if cut == 20 else two_page_pdf[: len(two_page_pdf) // cut] if cut else b""
    error = refused(data, "broken.pdf")
    assert "cannot read this PDF" in str(error) and "broken.pdf" in str(error)


# --- dispatch -------------------------------------------------------------------------------


def test_readers_are_chosen_by_extension_whatever_its_case():
    assert set(READERS) == {".txt", ".md", ".html", ".htm", ".pdf"}
    assert read(b"<p>x</p>", "A.HTML").text == "x"
    assert read(b"<p>x</p>", "a.md").text == "<p>x</p>"


def test_unknown_extensions_are_refused_listing_the_known_ones():
    message = str(refused(b"a,b\n", "data.csv"))
    assert "no reader for .csv" in message and ".html" in message and ".pdf" in message


def test_plain_utf8_text_is_read_without_the_html_and_encoding_libraries():
    """lxml and charset_normalizer are imported by the readers that need them: start-up is shorter
    for the plain UTF-8 text most sources are."""
    code = ("import sys; from pathlib import Path; from briefing.readers import read_bytes; "
            "read_bytes('café'.encode(), Path('a.txt')); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'lxml', 'charset_normalizer'}))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
