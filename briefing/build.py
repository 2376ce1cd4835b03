"""The pipeline, in one place: sources -> extract -> merge -> model -> render -> write."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from briefing import relations
from briefing.casefile import CaseFile, Source, load_case
from briefing.contract import findings_document
from briefing.draft import draft_yaml
from briefing.errors import InputError
from briefing.extract import Run, extract
from briefing.merge import merge
from briefing.model import Brief, PassageRow, build_model, passage_table
from briefing.readers import READERS
from briefing.render import FLAVORS, FORMATS, files, slug  # noqa: F401 (slug: callers name outputs by it)
from briefing.sources import SourceText, read_sources, source_files
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


def read_corpus(target: Path) -> tuple[CaseFile, list[SourceText], Path]:
    case, folder, where = load(target)
    return case, read_sources(case, folder), where


def build_brief(target: Path, run: Run = Run()) -> Brief:
    case, sources, where = read_corpus(target)
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
    case, sources, where = read_corpus(target)
    facts, _ = merge(case, extract(sources, run), where)
    return draft_yaml(facts, target)


def extract_findings(target: Path, run: Run = Run()) -> dict:
    """Everything extraction found, after the case file's corrections, in the findings-JSON contract."""
    case, sources, where = read_corpus(target)
    findings = extract(sources, run)
    facts, mentions = merge(case, findings, where)
    return findings_document(sources, facts.actors, mentions, findings.attributions, findings.timexes)


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
    brief = build_brief(target, run)
    rendered: dict[str, bytes] = {}
    for fmt in chosen:
        rendered |= files(brief, fmt, flavor)
    return write_outputs(rendered, out)
