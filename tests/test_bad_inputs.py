"""The catalogue of broken and hostile input: each gets one clear message, or is built inert.

Every row is one input as an analyst might hand it over (a half-edited case file, a page saved
from a hostile site, a full disk) and exactly what the tool answers. Each is built over a
previous good brief, which must survive every failure byte for byte. `docs/bad-inputs.md` is
generated from this table (`.venv/bin/python -m tests.test_bad_inputs > docs/bad-inputs.md`)
and a test fails when the two drift; tests/conftest.py prints the catalogue's summary line.
"""

from __future__ import annotations

import datetime
import errno
import os
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import lxml.html
import pytest
from typer.testing import CliRunner

from briefing.cli import app
from tests.conftest import ARTICLE, MINIMAL, ROOT

DOC = ROOT / "docs" / "bad-inputs.md"
QUOTE = "The city council approved the budget on Tuesday, officials said."
# A case-file actor with its own citation: the place to put hostile names and text.
ACTOR = f"""
actors:
  - id: mayor
    name: NAME
    kind: person
    cite: [{{source: a, quote: "{QUOTE}"}}]
"""


class Bad(NamedTuple):
    id: str
    what: str  # the input, as the docs list it
    case: str | None  # the case file's YAML (dedented); None: no case file is written
    message: str  # the whole message after "error: ", {dir} the case folder, {out} the output folder
    exit: int = 2  # 2 bad input, 1 failed verification, 0 handled: built, and the output inert
    sources: dict[str, str | bytes] | None = None  # None: a.txt holds the usual article
    setup: Callable[[Path, Path, pytest.MonkeyPatch], None] | None = None  # (case folder, out, monkeypatch)
    target: str = "case.yaml"  # what `briefing build` is given, in the case folder
    formats: str = "md,html,json"


def _chmod_000(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where chmod 000 does not stop a read: the refusal is simulated.
    (folder / "a.txt").chmod(0)
    real = Path.read_bytes

    def refused(path: Path) -> bytes:
        if path.name == "a.txt":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", refused)


def _symlink_out(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "a.txt").unlink()
    (folder.parent / "secret.txt").write_text(ARTICLE)
    (folder / "a.txt").symlink_to(folder.parent / "secret.txt")


def _fifo(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "a.txt").unlink()
    os.mkfifo(folder / "a.txt")


def _fifo_case(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(folder / "case.fifo")


def _sparse_100mb(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open(folder / "a.txt", "wb") as handle:
        handle.truncate(100 * 2**20)  # sparse: 100 MiB that take no disk


def _folder_source(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "a.txt").unlink()
    (folder / "a.txt").mkdir()


def _out_is_a_file(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.rmtree(out)
    out.write_text("not a folder")


def _disk_full(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("briefing.write.os.fsync", full)


def _out_read_only(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root a chmod 555 folder stays writable: the refusal is simulated where it would happen.
    def refused(**kwargs) -> str:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("briefing.write.tempfile.mkdtemp", refused)


def _folder_in_the_way(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (out / "budget.md").unlink()
    (out / "budget.md").mkdir()


def _environment(variable: str, value: str) -> Callable[[Path, Path, pytest.MonkeyPatch], None]:
    def setup(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(variable, value)

    return setup


def _case_not_utf8(folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "case.yaml").write_bytes(MINIMAL.replace("Budget", "Caf\xe9").encode("cp1252"))


def _alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    return "\n".join(lines) + "\ntitle: Budget\nsources: [{file: a.txt}]\n"


def _with(old: str, new: str, case: str = MINIMAL) -> str:
    assert old in case
    return case.replace(old, new, 1)


def _actor(name: str, case: str = MINIMAL) -> str:
    return case + ACTOR.replace("NAME", name)


# Hostile text an analyst may well quote: markup, scripts, template syntax, links and images.
HOSTILE = ('<script>alert(1)</script> <b onclick="x()">bold</b> {{ 7*7 }} {% include "/etc/passwd" %} '
           '[click](javascript:alert(1)) [file](file:///etc/passwd) ![img](file:///etc/passwd) '
           '<img src="/etc/passwd"> <iframe src="http://example.invalid/"></iframe>')
HOSTILE_CASE = MINIMAL + f"""
  - text: 'The mayor wrote {HOSTILE.replace("'", "''")}'
    cite:
      - source: a
        quote: '{HOSTILE.replace("'", "''")}'
"""
HOSTILE_PAGE = f"""<html><head><title>Budget</title><script>fetch("file:///etc/passwd")</script>
<link rel="stylesheet" href="file:///etc/passwd"></head>
<body><article><h1>Council votes on the budget</h1>
<p>{QUOTE}</p>
<p>The mayor called it a fair deal. <a href="javascript:alert(1)">More</a> <img src="file:///etc/passwd"></p>
<iframe src="http://example.invalid/"></iframe><object data="file:///etc/passwd"></object>
</article></body></html>
"""
BIDI = "The city council approved the budget on Tuesday, \u202eofficials\u202c said.\u200b\n"

CATALOGUE: list[Bad] = [
    # --- the case file --------------------------------------------------------------------
    Bad("yaml-syntax", "YAML syntax error: an unclosed bracket", "title: [Budget\nsources: []\n",
        "{dir}/case.yaml:2:8: YAML syntax error: expected ',' or ']', but got ':'; correct the YAML there"),
    Bad("yaml-tab", "YAML syntax error: a tab in the indentation", "title: Budget\nsources:\n\t- file: a.txt\n",
        "{dir}/case.yaml:3:1: YAML syntax error: found character '\\t' that cannot start any token; correct the "
        "YAML there"),
    Bad("yaml-duplicate-key", "The same key twice in one mapping", "title: Budget\ntitle: Other\nsources: []\n",
        "{dir}/case.yaml:2:1: key 'title' appears twice in the same mapping; keep one"),
    Bad("yaml-python-tag", "A YAML tag that would run code", "title: !!python/object/apply:os.system [ls]\n",
        "{dir}/case.yaml:1:8: YAML syntax error: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'; correct the YAML there"),
    Bad("yaml-alias-bomb", "YAML aliases that expand without end (billion laughs)", _alias_bomb(),
        "{dir}/case.yaml:1:16: the case file expands to more than 200,000 values (YAML aliases?); write the values "
        "out without `&` anchors and `*` aliases"),
    Bad("yaml-deep", "Values nested ten thousand levels deep", "[" * 10_000,
        "{dir}/case.yaml: values nested too deeply to read; a case file needs a few levels at most"),
    Bad("case-empty", "An empty case file", "",
        "{dir}/case.yaml:1:1: a case file is a YAML mapping with at least `title` and `sources`; "
        "`briefing draft FOLDER` prints one to start from"),
    Bad("case-list", "A case file that is a list", "- a.txt\n",
        "{dir}/case.yaml:1:1: a case file is a YAML mapping with at least `title` and `sources`; "
        "`briefing draft FOLDER` prints one to start from"),
    Bad("case-not-utf8", "A case file saved as Windows-1252", "", "{dir}/case.yaml: case file is not UTF-8 text: "
        "save it as UTF-8", setup=_case_not_utf8),
    Bad("case-missing", "A case file that does not exist", None,
        "{dir}/nowhere.yaml: no such case file or folder; check the path",
        target="nowhere.yaml"),
    Bad("case-pipe", "A case file that is a named pipe (would be read without end)", None,
        "{dir}/case.fifo: the case file is not a regular file; give the path of a YAML file", setup=_fifo_case,
        target="case.fifo"),
    Bad("missing-key", "A required key left out", "sources: [{file: a.txt}]\n",
        "{dir}/case.yaml:1:1: title is required: add it"),
    Bad("wrong-type-title", "Wrong type: a list where text goes", _with("title: Budget", "title: [Budget, 2024]"),
        "{dir}/case.yaml:1:8: title: Input should be a valid string, not a list"),
    Bad("wrong-type-sources", "Wrong type: text where a list goes", "title: Budget\nsources: a.txt\n",
        "{dir}/case.yaml:2:10: sources: Input should be a valid list, not text"),
    Bad("wrong-type-flag", "Wrong type: a word where true/false goes",
        _with("    published: 2024-03", "    published: 2024-03\n    date_approximate: perhaps"),
        "{dir}/case.yaml:6:23: sources[0].date_approximate: Input should be a valid boolean, unable to interpret "
        "input"),
    Bad("unknown-key", "An unknown key (a typo)", _with("published:", "publisher:"),
        "{dir}/case.yaml:5:5: unknown key 'publisher' in sources[0]: did you mean 'published'?"),
    Bad("unknown-key-top", "An unknown key at the top level", MINIMAL + "colour: red\n",
        "{dir}/case.yaml:11:1: unknown key 'colour' in (top level): allowed keys: title, subtitle, author, marking, "
        "language, date, sources, key_points, actors, chronology, questions, open_questions, suppress"),
    Bad("no-sources", "No sources at all", "title: Budget\nsources: []\n",
        "{dir}/case.yaml:2:10: sources: List should have at least 1 item after validation, not 0"),
    Bad("duplicate-id", "Two sources with one id", _with("    published: 2024-03", "    published: 2024-03\n"
                                                          "  - file: b.txt\n    id: a"),
        "{dir}/case.yaml:7:9: sources[1].id: id 'a' is used twice (in sources and sources); rename one, ids must be "
        "unique", sources={"a.txt": ARTICLE, "b.txt": ARTICLE}),
    Bad("bad-id", "An id with spaces and capitals", _with("id: a", "id: Source A"),
        "{dir}/case.yaml:4:9: sources[0].id: String should match pattern '^[a-z0-9][a-z0-9_-]*$'"),
    Bad("impossible-date", "An impossible date (2021-02-30)", _with("2024-03", "2021-02-30"),
        "{dir}/case.yaml:5:16: sources[0].published: '2021-02-30' is not a day of the calendar"),
    Bad("month-13", "A month that does not exist", _with("2024-03", "2024-13"),
        "{dir}/case.yaml:5:16: sources[0].published: '2024-13' has no month 13"),
    Bad("date-words", "A date in words", _with("2024-03", "March 2024"),
        "{dir}/case.yaml:5:16: sources[0].published: 'March 2024' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    Bad("future-date-brief", "A publication date after the brief's own date",
        _with("title: Budget", "title: Budget\ndate: 2024-02-15"),
        "{dir}/case.yaml:6:16: sources[0].published: publication date 2024-03 is after the brief's date 2024-02-15; "
        "correct the date"),
    Bad("future-date-today", "A publication date in the future", _with("2024-03", "2999-01-01"),
        "{dir}/case.yaml:5:16: sources[0].published: publication date 2999-01-01 is after today ({today}); correct "
        "the date"),
    Bad("range-backwards", "A chronology range that ends before it starts", MINIMAL + textwrap.dedent(f"""
        chronology:
          - id: vote
            date: 2024-03-05
            date_end: 2024-03-01
            text: The council voted.
            cite: [{{source: a, quote: "{QUOTE}"}}]
        """), "{dir}/case.yaml:13:5: chronology[0]: date_end 2024-03-01 is before date 2024-03-05"),
    Bad("merge-cycle", "Actors merging each other (a cycle)", MINIMAL + textwrap.dedent(f"""
        actors:
          - {{id: mayor, name: Mayor, kind: person, merge: [council], cite: [{{source: a, quote: "{QUOTE}"}}]}}
          - {{id: council, name: Council, kind: organisation, merge: [mayor], cite: [{{source: a, quote: "{QUOTE}"}}]}}
        """), "{dir}/case.yaml:13:52: actors[0].merge[0]: actor 'mayor' merges 'council', another actor of this case "
              "file; `merge` takes ids of extracted actors: give the names of 'council' as aliases of 'mayor' and "
              "remove 'council'"),
    Bad("merge-self", "An actor merging itself", MINIMAL + textwrap.dedent(f"""
        actors:
          - {{id: mayor, name: Mayor, kind: person, merge: [mayor], cite: [{{source: a, quote: "{QUOTE}"}}]}}
        """), "{dir}/case.yaml:13:52: actors[0].merge[0]: actor 'mayor' merges itself; remove 'mayor' from its "
              "`merge`"),
    Bad("merge-twice", "One extracted actor merged into two actors", MINIMAL + textwrap.dedent("""
        actors:
          - {id: mayor, name: Mayor, kind: person, merge: [per-1]}
          - {id: council, name: Council, kind: organisation, merge: [per-1]}
        """), "{dir}/case.yaml:14:62: actors[1].merge[0]: extracted actor 'per-1' is merged into both 'mayor' and "
              "'council'; keep it in one `merge`"),
    Bad("merge-unknown", "Merging an actor extraction did not find", MINIMAL + textwrap.dedent("""
        actors:
          - {id: mayor, name: Mayor, kind: person, merge: [nobody-here]}
        """), "{dir}/case.yaml: actor 'mayor' merges 'nobody-here', which extraction did not find; see the ids in "
              "`briefing extract`"),
    Bad("suppress-unknown", "Suppressing an id that does not exist", MINIMAL + "suppress: [nobody-here]\n",
        "{dir}/case.yaml: suppress: no extracted item has the id 'nobody-here'; remove it from `suppress`"),
    Bad("bidi-name", "A bidi override in an actor's name (Trojan Source)", _actor('"Jane \u202eeoD\u202c"'),
        "{dir}/case.yaml:14:11: invisible character U+202E RIGHT-TO-LEFT OVERRIDE in this value: it makes text "
        "display differently from what it is (\"Trojan Source\"); delete it"),
    Bad("zero-width-name", "A zero-width space in an actor's name", _actor('"Jane\u200b Doe"'),
        "{dir}/case.yaml:14:11: invisible character U+200B ZERO WIDTH SPACE in this value: it makes text display "
        "differently from what it is (\"Trojan Source\"); delete it"),
    Bad("bidi-escaped", "A bidi isolate written as a YAML escape", _actor('"Jane \\u2067Doe"'),
        "{dir}/case.yaml:14:11: invisible character U+2067 RIGHT-TO-LEFT ISOLATE in this value: it makes text "
        "display differently from what it is (\"Trojan Source\"); delete it"),
    # --- citations --------------------------------------------------------------------------
    Bad("quote-not-found", "A quote that is not in its source", _with("on Tuesday", "on Monday"),
        "{dir}/case.yaml: 1 citation cannot back its statement:\n"
        "key_points[0]: 'The council approved the budget, officials said.'\n"
        "  quote not found in a.txt: 'The city council approved the budget on Monday, officials said.'\n"
        "  closest passage (line 3): 'The city council approved the budget on Tuesday, officials said.'", exit=1),
    Bad("unknown-source", "A citation of a source the case does not list", _with("- source: a", "- source: b"),
        "{dir}/case.yaml: key_points[0] cites unknown source 'b'; known sources: a"),
    # --- the sources ------------------------------------------------------------------------
    Bad("source-missing", "A source file that does not exist", MINIMAL,
        "{dir}/a.txt: source file not found; check `file` in the case file", sources={}),
    Bad("source-unreadable", "A source the user may not read (chmod 000)", MINIMAL,
        "{dir}/a.txt: cannot read source (Permission denied); check that it is readable by you", setup=_chmod_000),
    Bad("source-empty", "An empty source", MINIMAL,
        "{dir}/a.txt: source is empty; remove it from `sources` or give its text", sources={"a.txt": ""}),
    Bad("source-blank", "A source of blank lines and invisible characters", MINIMAL,
        "{dir}/a.txt: source is empty; remove it from `sources` or give its text",
        sources={"a.txt": "\n  \n\u200b\u202e\n"}),
    Bad("source-binary", "A binary file (a PNG image) named .txt", MINIMAL,
        "{dir}/a.txt: this looks like a binary file (it contains NUL bytes); give the text instead",
        sources={"a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4}),
    Bad("source-nul", "A NUL byte in otherwise good text", MINIMAL,
        "{dir}/a.txt: this looks like a binary file (it contains NUL bytes); give the text instead",
        sources={"a.txt": ARTICLE.replace("budget on", "budget\x00on")}),
    Bad("source-undecodable", "A byte that is not UTF-8 in UTF-8 text", MINIMAL,
        "{dir}/a.txt:7: byte 0xFF is not valid UTF-8, though other parts of the file are UTF-8; retype that "
        "character or save the whole file as UTF-8", sources={"a.txt": ARTICLE.encode() + b"caf\xc3\xa9 \xff\n"}),
    Bad("source-bad-bom", "UTF-16 byte-order mark over bytes that are not UTF-16", MINIMAL,
        "{dir}/a.txt:1: byte 0x00 is not valid utf-16-le although the file starts with its byte-order mark; "
        "save the file as UTF-8", sources={"a.txt": b"\xff\xfeA\x00\x00\xd8"}),
    Bad("source-100mb", "A 100 MB source", MINIMAL,
        "{dir}/a.txt: source is 105 MB, over the limit of 50 MB; give the part of it the case needs, or raise "
        "BRIEFING_MAX_SOURCE_MB", setup=_sparse_100mb),
    Bad("source-size-limit-typo", "BRIEFING_MAX_SOURCE_MB set to a word", MINIMAL,
        "BRIEFING_MAX_SOURCE_MB='lots' is not a size; give a number of megabytes, e.g. 200",
        setup=_environment("BRIEFING_MAX_SOURCE_MB", "lots")),
    Bad("source-folder", "A source that is a folder", MINIMAL,
        "{dir}/a.txt: source is a folder, not a file; name a file in it",
        setup=_folder_source),
    Bad("source-pipe", "A source that is a named pipe (would be read without end)", MINIMAL,
        "{dir}/a.txt: source is not a regular file (a pipe or a device?); give a file", setup=_fifo),
    Bad("source-dotdot", "A source path that leaves the case folder by ..", _with("file: a.txt", "file: ../a.txt"),
        "{dir}: source path '../a.txt' leaves the case folder; copy the file into {dir}"),
    Bad("source-absolute", "An absolute source path", _with("file: a.txt", "file: /etc/passwd"),
        "{dir}: source path '/etc/passwd' is absolute; give it relative to the case file's folder"),
    Bad("source-symlink", "A source that is a link to a file outside the case folder", MINIMAL,
        "{dir}: source path 'a.txt' leaves the case folder; copy the file into {dir}", setup=_symlink_out),
    Bad("source-no-extension", "A source without a known extension", _with("file: a.txt", "file: a.docx"),
        "{dir}/a.docx: no reader for .docx; use one of .htm, .html, .md, .pdf, .txt", sources={"a.docx": ARTICLE}),
    Bad("source-broken-pdf", "A truncated PDF", _with("file: a.txt", "file: a.pdf"),
        "{dir}/a.pdf: cannot read this PDF (PdfStreamError: Stream has ended unexpectedly); check that the file is "
        "complete, or save it again as PDF", sources={"a.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"}),
    Bad("source-html-deep", "HTML nested 300,000 elements deep", _with("file: a.txt", "file: a.html"),
        "{dir}/a.html:1: cannot read this HTML past this line (Excessive depth in document: 2048); save the page's "
        "text as a .txt file instead", sources={"a.html": "<div>" * 300_000 + QUOTE}),
    # --- the output -------------------------------------------------------------------------
    Bad("out-is-a-file", "An output folder that is a file", MINIMAL,
        "{out}: cannot write to the output folder (File exists); choose another with --out", setup=_out_is_a_file),
    Bad("out-read-only", "An output folder the user may not write", MINIMAL,
        "{out}: cannot write to the output folder (Permission denied); choose another with --out",
        setup=_out_read_only),
    Bad("out-full", "A full disk under the output folder", MINIMAL,
        "{out}: cannot write the brief (No space left on device); the previous brief was left as it was",
        setup=_disk_full),
    Bad("out-folder-in-the-way", "A folder where the brief's file goes", MINIMAL,
        "{out}/budget.md: a folder has the name of the brief's file; move it away or choose another --out",
        setup=_folder_in_the_way),
    Bad("pdf-limit-typo", "BRIEFING_PDF_SECONDS set to a word", MINIMAL,
        "BRIEFING_PDF_SECONDS='soon' is not a limit; give a whole number above 0",
        setup=_environment("BRIEFING_PDF_SECONDS", "soon"), formats="md,pdf"),
    Bad("pdf-out-of-memory", "A PDF that needs more memory than its limit", MINIMAL,
        "laying out the PDF needed more than 50 MB; build the other formats, or allow more memory with "
        "BRIEFING_PDF_MEMORY_MB", setup=_environment("BRIEFING_PDF_MEMORY_MB", "50"), formats="md,pdf"),
    # --- handled: built, and nothing in them is live -----------------------------------------
    Bad("hostile-text", "HTML, <script>, Jinja, javascript: and file: links, local images in a source and "
        "the case file", HOSTILE_CASE, "", exit=0, sources={"a.txt": ARTICLE + HOSTILE + "\n"}),
    Bad("hostile-markdown", "A Markdown source with links, images and HTML",
        _with("file: a.txt", "file: a.md"), "", exit=0,
        sources={"a.md": ARTICLE + "\n[click](javascript:alert(1)) ![x](file:///etc/passwd) <script>x()</script>\n"}),
    Bad("hostile-page", "A saved web page with scripts, iframes, javascript: links and local images",
        _with("file: a.txt", "file: a.html"), "", exit=0, sources={"a.html": HOSTILE_PAGE}),
    Bad("hostile-metadata", "Markup, Jinja and javascript: links in the title, author, marking, outlet, URL and "
        "actor names", textwrap.dedent(f"""\
        title: 'Budget <script>alert(1)</script> {{{{ 7*7 }}}}'
        subtitle: '[click](javascript:alert(1))'
        author: '<img src="file:///etc/passwd">'
        marking: '{{% include "/etc/passwd" %}}'
        sources:
          - file: a.txt
            id: a
            title: '<iframe src="http://example.invalid/"></iframe>'
            outlet: '![x](file:///etc/passwd)'
            url: 'javascript:alert(1)'
        key_points:
          - text: '<b onclick="x()">The council</b> approved it.'
            cite: [{{source: a, quote: "{QUOTE}"}}]
        """) + ACTOR.replace("NAME", "'<a href=\"javascript:x()\">Jane</a> [Doe](file:///etc/passwd)'"), "", exit=0),
    Bad("bidi-source", "Bidi overrides and zero-width spaces in a source's text", MINIMAL, "", exit=0,
        sources={"a.txt": ARTICLE.replace(QUOTE + "\n", BIDI)}),
    Bad("megabyte-line", "A one-megabyte single line", MINIMAL, "", exit=0,
        sources={"a.txt": ARTICLE + "and the council " * 65_536 + "\n"}),
]

# Elements that run, embed or fetch; a brief's HTML has none, and links only to its own notes.
_LIVE = frozenset({"script", "img", "iframe", "object", "embed", "link", "frame", "video", "audio", "source", "form",
                   "base", "meta"})
_URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "action", "data", "poster", "formaction", "background"})


def _inert(outputs: dict[str, bytes]) -> list[str]:
    """What in the written brief could run, fetch or link: nothing, for a brief to be inert."""
    found = []
    for name, content in outputs.items():
        text = content.decode("utf-8", errors="replace")
        if name.endswith(".html"):
            for element in lxml.html.document_fromstring(content).iter():
                if not isinstance(element.tag, str):
                    continue
                if element.tag in _LIVE and not (element.tag == "meta" and set(element.attrib) <= {"charset", "name",
                                                                                                  "content"}):
                    found.append(f"{name}: <{element.tag}>")
                found += [f"{name}: {attribute}={value!r}" for attribute, value in element.attrib.items()
                          if (attribute in _URL_ATTRIBUTES and not value.startswith("#")) or attribute.startswith("on")]
        elif name.endswith(".md"):
            found += [f"{name}: raw HTML {tag!r}" for tag in re.findall(r"<[a-zA-Z/!][^>]*>", text)]
            found += [f"{name}: link {link!r}" for link in re.findall(r"(?<!\\)\]\(([^)]*)\)", text)]
        found += [f"{name}: bidi control" for char in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068" if char in text]
        if "49" in text and "{{ 7" not in text:
            found.append(f"{name}: a template expression was evaluated")
    return found


def _fill(message: str, folder: Path, out: Path, today: str | None = None) -> str:
    return (message.replace("{dir}", str(folder)).replace("{out}", str(out))
            .replace("{today}", today or datetime.date.today().isoformat()))


def _snapshot(out: Path) -> dict[str, bytes] | bytes:
    if out.is_file():
        return out.read_bytes()
    return {str(p.relative_to(out)): (b"<folder>" if p.is_dir() else p.read_bytes()) for p in sorted(out.rglob("*"))}


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> dict[str, bytes]:
    """A good brief of the same title, built once: each bad input is built over a copy of it."""
    folder = tmp_path_factory.mktemp("good")
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "case.yaml").write_text(MINIMAL.lstrip(), encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(app, ["build", str(folder / "case.yaml"), "-f", "md,html,json", "-o", str(out),
                                      "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    return _snapshot(out)


@pytest.mark.parametrize("bad", CATALOGUE, ids=[bad.id for bad in CATALOGUE])
def test_bad_input(bad: Bad, previous, tmp_path, monkeypatch, record_property):
    folder, out = tmp_path / "case", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    for name, content in previous.items():
        (out / name).write_bytes(content)
    for name, content in ({"a.txt": ARTICLE} if bad.sources is None else bad.sources).items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if bad.case is not None:
        (folder / "case.yaml").write_text(textwrap.dedent(bad.case).lstrip(), encoding="utf-8")
    if bad.setup:
        bad.setup(folder, out, monkeypatch)
    before = _snapshot(out)
    monkeypatch.chdir(tmp_path)  # a default output folder, were one used, would show up here

    result = CliRunner().invoke(app, ["build", str(folder / bad.target), "-f", bad.formats, "-o", str(out),
                                      "--no-cache", "-j", "1"])

    after = _snapshot(out)
    traceback = "Traceback" in result.stderr or not isinstance(result.exception, (SystemExit, type(None)))
    partial = after != before if bad.exit else any(name.startswith(".") for name in after)
    stray = sorted(p.name for p in tmp_path.iterdir() if p.name not in {"case", "out", "secret.txt"})
    message = result.stderr.removeprefix("error: ").rstrip("\n")
    clear = bad.exit != 0 and result.exit_code == bad.exit and message == _fill(bad.message, folder, out)
    record_property("bad_input", "clear" if clear else "handled" if bad.exit == 0 and result.exit_code == 0
                    else "unclear")
    record_property("traceback", traceback)
    record_property("partial", partial or bool(stray))

    assert not traceback, result.stderr
    assert result.exit_code == bad.exit, result.stderr
    assert not partial, "the previous brief changed or a staging folder was left behind"
    assert not stray, f"written outside the output folder: {stray}"
    if bad.exit:
        assert message == _fill(bad.message, folder, out)
        assert not result.stdout
    else:
        assert result.stderr == ""
        written = {name: content for name, content in after.items() if before.get(name) != content}
        assert {name.rsplit(".", 1)[-1] for name in written} >= {"md", "html", "json"}
        assert _inert(written) == []


def test_every_message_is_one_line_that_names_its_place():
    for bad in CATALOGUE:
        if bad.exit == 2:
            assert "\n" not in bad.message, bad.id
        if bad.exit:
            assert bad.message.startswith(("{dir}", "{out}", "BRIEFING_", "laying out the PDF")), bad.id
            assert ";" in bad.message or ": " in bad.message.split(": ", 1)[1], f"{bad.id}: say what to do"


def test_the_catalogue_covers_the_issue():
    assert len(CATALOGUE) >= 40
    assert len({bad.id for bad in CATALOGUE}) == len(CATALOGUE)


def test_the_inert_check_sees_live_content():
    """The check of handled inputs must be able to fail."""
    assert _inert({"b.html": b'<p><a href="javascript:x()">x</a><img src="file:///etc/passwd"></p>'})
    assert _inert({"b.md": b"[x](javascript:x()) <script>"})
    assert _inert({"b.md": b"escaped \\[x\\](javascript:x()) &lt;script&gt;"}) == []


def doc() -> str:
    """docs/bad-inputs.md: every bad input and what the tool answers, from the catalogue."""
    rows = []
    for number, bad in enumerate(CATALOGUE, start=1):
        if bad.exit:
            lines = ("error: " + _fill(bad.message, Path("case"), Path("out"), "{today}")).split("\n")
            answer = "<br>".join(f"`` {line} ``" for line in lines).replace("|", "\\|")
        else:
            answer = "built; nothing in the brief runs, fetches or links (escaped text)"
        what = bad.what.replace("|", "\\|")
        rows.append(f"| {number} | {what} | {bad.exit} | {answer} |")
    return "\n".join([
        "# Bad inputs and the messages they get",
        "",
        "Generated from `tests/test_bad_inputs.py`, which builds each of these over a good brief and checks the",
        "exit code, the whole message, that nothing was written and the previous brief survived. Regenerate with",
        "`.venv/bin/python -m tests.test_bad_inputs > docs/bad-inputs.md`. Paths are shown relative: `case` is the",
        "case folder, `out` the output folder; `{today}` is the day of the build. Exit code 0: handled, not an error.",
        "",
        "| # | input | exit | message |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
    ])


def test_docs_list_every_bad_input_with_its_message():
    assert DOC.read_text(encoding="utf-8") == doc(), (
        "docs/bad-inputs.md is out of step with the catalogue; regenerate it with\n"
        "  .venv/bin/python -m tests.test_bad_inputs > docs/bad-inputs.md")


if __name__ == "__main__":
    print(doc(), end="")
