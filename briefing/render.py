"""Stage 5: render the brief model to each output format (bytes per format).

Templates in `templates/` see only the `Brief` model. Source text is data: every piece of it
goes through the `md` filter, which escapes it for every Markdown dialect we target, and HTML
comes from that Markdown through markdown-it-py with raw HTML off (`briefing.htmlpage`).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import jinja2

from briefing import exports, figures
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
_INERT = str.maketrans({char: "\\" + char for char in "\\`*_[]#"} | {
    "<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;", "~": "&#126;", "$": "&#36;"})
_LINE_START = re.compile(r"^([-+])|^(\d+)([.)])")


def md(text: str | None) -> str:
    """Plain text as inert inline Markdown: one line, no markup, links, HTML or template syntax."""
    if not text:
        return ""
    flat = " ".join(text.split())
    escaped = flat.translate(_INERT)
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


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled once and kept beside them in `__pycache__`, as Python keeps a module's
    bytecode: compiling the brief's template took a twentieth of a cold Markdown build.

    Jinja checks each entry against its template's text; the options the code was generated
    with name the files. Where the folder cannot be read or written, templates are compiled each time.
    """

    def __init__(self, folder: Path, options: str) -> None:
        super().__init__(str(folder), f"{options}-%s.jinja")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(exist_ok=True)
            super().dump_bytecode(bucket)


_TEMPLATE_OPTIONS = {"keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True}


@functools.cache
def environment() -> jinja2.Environment:
    options = hashlib.sha256(repr(sorted(_TEMPLATE_OPTIONS.items())).encode()).hexdigest()[:12]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_CompiledTemplates(templates_dir() / "__pycache__", options),
        **_TEMPLATE_OPTIONS,
    )
    env.filters.update(FILTERS)
    return env


# --- formats --------------------------------------------------------------------------------


def slug(title: str) -> str:
    """The stem of every file of a brief: its title in lower-case ASCII words and hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "brief"


# Markdown dialects: gfm (GitHub, cmark-gfm), gitlab (adds its table of contents), mkdocs (the
# gfm text, which python-markdown reads alike with the `footnotes` and `tables` extensions; no
# front matter, whose title MkDocs would put in the page unescaped), obsidian (actors as
# [[links]] to one note per actor, written beside the brief).
FLAVORS = ("gfm", "gitlab", "mkdocs", "obsidian")


def figure_file(stem: str, name: str) -> str:
    return f"{stem}-{name}.svg"


def actor_note(stem: str, actor_id: str) -> str:
    """The name (without '.md') of an actor's own note in the obsidian flavour."""
    return f"{stem}-actor-{actor_id}"


_WIKILINK_UNSAFE = re.compile(r"[\[\]|#^<>\\]")


def _actor_namer(brief: Brief, flavor: str) -> Callable[[str], str]:
    """How the Markdown names a listed actor: bold, or in obsidian a [[link]] to the actor's note."""
    names = {a.id: a.name for a in brief.actors}
    stem = slug(brief.title)

    def name(actor_id: str) -> str:
        if flavor == "obsidian":
            shown = " ".join(_WIKILINK_UNSAFE.sub("", names[actor_id]).split()) or actor_id
            return f"**[[{actor_note(stem, actor_id)}|{shown}]]**"
        return f"**{md(names[actor_id])}**"
    return name


def render_markdown(brief: Brief, flavor: str = "gfm") -> str:
    stem = slug(brief.title)
    drawn = figures.figures(brief)
    shown = {name: (figures.ALT[name], figure_file(stem, name)) for name in drawn}
    return environment().get_template("brief.md.j2").render(
        brief=brief, flavor=flavor, figures=shown, actor_name=_actor_namer(brief, flavor))


def _actor_notes(brief: Brief) -> dict[str, bytes]:
    """Obsidian: one note per listed actor, with its roles, its links and the footnotes they cite."""
    stem = slug(brief.title)
    by_label = {note.label: note for note in brief.footnotes}
    notes_of = {}
    template = environment().get_template("actor.md.j2")
    for entry in brief.actors:
        if entry.minor:
            continue
        links = [r for r in brief.relations if entry.id in (r.source, r.target)]
        used = list(dict.fromkeys(label for cited in [entry, *entry.roles, *links] for label in cited.notes))
        notes_of[f"{actor_note(stem, entry.id)}.md"] = template.render(
            brief=brief, entry=entry, links=links, footnotes=[by_label[label] for label in used], stem=stem,
            actor_name=_actor_namer(brief, "obsidian")).encode("utf-8")
    return notes_of


def _markdown_files(brief: Brief, flavor: str) -> dict[str, bytes]:
    """The Markdown, the figures it links (beside it), and in obsidian the actors' notes."""
    stem = slug(brief.title)
    written = {f"{stem}.md": render_markdown(brief, flavor).encode("utf-8")}
    written |= {figure_file(stem, name): svg.encode("utf-8") for name, svg in figures.figures(brief).items()}
    if flavor == "obsidian":
        written |= _actor_notes(brief)
    return written


def render_html(brief: Brief, *, page_footnotes: bool = False, break_before: frozenset[str] = frozenset()) -> str:
    stem = slug(brief.title)
    # The PDF fetcher loads nothing but data: URLs and the templates, so figures travel inside the page.
    images = {figure_file(stem, name): "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
              for name, svg in figures.figures(brief).items()}
    from briefing.htmlpage import markdown_to_html  # markdown-it loads only for HTML and PDF

    body = markdown_to_html(render_markdown(brief), page_footnotes=page_footnotes, break_before=break_before,
                            images=images)
    css = (templates_dir() / "brief.css").read_text(encoding="utf-8")
    return environment().get_template("brief.html.j2").render(brief=brief, body=body, css=css)


def render_json(brief: Brief) -> str:
    return brief.model_dump_json(indent=2) + "\n"


# WeasyPrint sometimes sends a note to the next page instead of moving its call there. The
# stylesheet keeps blocks whole, which avoids the cause seen (one layout is the rule); should a
# note still stray, each retry starts a new page at the calls it strayed from.
MAX_LAYOUTS = 3


def render_pdf(brief: Brief) -> bytes:
    """The PDF, laid out under the memory and time limits of `briefing.layout_process.limited`."""
    from briefing import layout_process

    return layout_process.limited(_pdf_bytes, brief)


def _pdf_bytes(brief: Brief) -> bytes:
    from briefing import pdf

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
    "stix": exports.stix,
    "timelinejs": exports.timelinejs,
    "csv": lambda brief: exports.csv_tables(brief)["claims"],
}
# File names other than '<stem>.<format>'.
SUFFIXES = {"stix": ".stix.json", "timelinejs": ".timeline.json"}
# Formats written as several files: (brief, Markdown flavour) -> {file name: bytes}.
SEVERAL: dict[str, Callable[[Brief, str], dict[str, bytes]]] = {
    "md": _markdown_files,
    "csv": lambda brief, _: {f"{slug(brief.title)}-{table}.csv": rows
                             for table, rows in exports.csv_tables(brief).items()},
}


def files(brief: Brief, fmt: str, flavor: str = "gfm") -> dict[str, bytes]:
    """Every file one format writes for this brief, by name."""
    if fmt in SEVERAL:
        return SEVERAL[fmt](brief, flavor)
    return {f"{slug(brief.title)}{SUFFIXES.get(fmt, '.' + fmt)}": FORMATS[fmt](brief)}
