"""The pipeline, in one place: sources -> extract -> merge -> model -> render -> write."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from briefing import layout_process, relations
from briefing.cache import BriefStore, digest, version
from briefing.casefile import CaseFile, Source, load_case
from briefing.contract import write_findings
from briefing.draft import draft_yaml
from briefing.errors import InputError
from briefing.extract import Run, extract
from briefing.merge import merge
from briefing.model import Brief, PassageRow, build_model, passage_table
from briefing.readers import READERS
from briefing.render import FLAVORS, FORMATS, files, slug, templates_dir  # noqa: F401 (slug: callers name outputs by it)
from briefing.sources import SourceText, read_sources, source_bytes, source_files
from briefing.write import write_outputs


def load(target: Path) -> tuple[CaseFile, Path, Path]:
    """The case, its folder, and the path to name in messages, from a case file or a folder of sources."""
    if target.is_dir():
        files = source_files(target)
        if not files:
            known = ", ".join(sorted(READERS))
            raise InputError(f"no source files in this folder ({known}); give a case file or a folder of sources",
                             target)
        case = CaseFile(title=target.resolve().name, sources=[Source(file=name) for name in files])
        return case, target, target
    if not target.exists():
        raise InputError("no such case file or folder; check the path", target)
    return load_case(target), target.parent, target


def read_corpus(target: Path, jobs: int | None = None) -> tuple[CaseFile, list[SourceText], Path]:
    case, folder, where = load(target)
    return case, read_sources(case, folder, jobs), where


def build_brief(target: Path, run: Run = Run()) -> Brief:
    case, folder, where = load(target)
    return _brief(case, read_sources(case, folder, run.jobs), where, run)


def _brief(case: CaseFile, sources: list[SourceText], where: Path, run: Run) -> Brief:
    findings = extract(sources, run)
    facts, mentions = merge(case, findings, where)
    # Edges are read after the merge: the case file may rename, merge or split the actors they join.
    edges = relations.link(facts, mentions, findings.attributions, sources)
    return build_model(facts, sources, where, mentions, edges)


def passages(target: Path) -> list[PassageRow]:
    """What the tool read in each source: the passage table of `briefing sources`."""
    _, sources, where = read_corpus(target)
    return passage_table(sources, where)


def draft(target: Path, run: Run = Run()) -> str:
    """The case with everything extraction found, as a case file an analyst can edit and build."""
    case, sources, where = read_corpus(target, run.jobs)
    facts, _ = merge(case, extract(sources, run), where)
    return draft_yaml(facts, target)


def extract_findings(target: Path, run: Run = Run()) -> Callable[[BinaryIO], None]:
    """Everything extraction found, after the case file's corrections, as what writes it to a stream
    as the findings JSON (`briefing.contract`), one document at a time: never held whole."""
    case, sources, where = read_corpus(target, run.jobs)
    findings = extract(sources, run)
    facts, mentions = merge(case, findings, where)
    return functools.partial(write_findings, sources=sources, actors=facts.actors, mentions=mentions,
                             attributions=findings.attributions, timexes=findings.timexes)


def parse_formats(formats: Iterable[str]) -> list[str]:
    chosen = [name.strip().lower() for item in formats for name in item.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown or not chosen:
        raise InputError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}" if unknown
                         else f"no format given; choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


def build(target: Path, formats: Iterable[str], out: Path, run: Run = Run(), flavor: str = "gfm") -> list[Path]:
    """Build the brief for `target` in `formats` (Markdown in `flavor`) into `out`; nothing is written
    unless all succeed."""
    chosen = parse_formats(formats)
    if flavor not in FLAVORS:
        raise InputError(f"unknown Markdown flavour {flavor!r}; choose from {', '.join(FLAVORS)}")
    case, folder, where = load(target)
    store = BriefStore() if run.cache else None
    slot = digest(str(target.resolve()), *chosen, flavor)
    inputs = _inputs(target, case, folder, slot) if store else ""
    rendered = store.get(slot, inputs) if store else None
    if rendered is None:
        if "pdf" in chosen:
            layout_process.start()  # WeasyPrint loads on another core while the brief is built
        try:
            brief = _brief(case, read_sources(case, folder, run.jobs), where, run)
            rendered = {}
            for fmt in chosen:
                rendered |= files(brief, fmt, flavor)
        finally:
            layout_process.stop()
        if store:
            store.put(slot, inputs, rendered)
    return write_outputs(rendered, out)


# Besides the tool itself (the cache's fingerprint), what shapes the rendered files: the libraries
# that render and lay them out. The fonts the system offers are not counted: `--no-cache` after
# installing fonts.
RENDERERS = ("jinja2", "markdown-it-py", "mdit-py-plugins", "weasyprint", "pydyf", "tinycss2", "tinyhtml5",
             "cssselect2", "fonttools", "pyphen", "pillow")


def _inputs(target: Path, case: CaseFile, folder: Path, slot: str) -> str:
    """The digest of everything a brief is made from, read as stored (cheap: nothing parsed)."""
    parts: list[str | bytes] = [slot, os.environ.get("SOURCE_DATE_EPOCH", "")]
    if target.is_file():
        parts.append(target.read_bytes())
    for meta in case.sources:
        parts += [meta.file, source_bytes(folder, meta)[1]]
    templates = templates_dir()
    for path in sorted(templates.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:  # compiled templates follow their text
            parts += [path.relative_to(templates).as_posix(), path.read_bytes()]
    parts += [f"{name}={version(name)}" for name in RENDERERS]
    return digest(*parts)
