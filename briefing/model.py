"""Stage 4: the brief model, the only thing templates and JSON see.

Building it verifies every citation: each quote is located in its source, which gives the
footnote its line span and the source's own words. A quote that is not there stops the build.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from briefing import __version__
from briefing.casefile import CaseFile, Citation, Statement
from briefing.citations import Locator
from briefing.errors import InputError, VerificationError
from briefing.sources import SourceText

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Footnote(_Model):
    """One cited passage: a source, the lines it spans and the words found there."""

    label: str
    source: str
    file: str
    outlet: str | None
    title: str | None
    line_start: int
    line_end: int
    quote: str


class Cited(_Model):
    """A statement and the labels of the footnotes that back it."""

    text: str
    notes: list[str]


class ActorEntry(_Model):
    id: str
    name: str
    kind: str
    aliases: list[str]
    notes: list[str]
    role: Cited | None


class ChronologyEntry(_Model):
    id: str
    date: str
    date_end: str | None
    precision: Literal["day", "month", "year"]
    approximate: bool
    text: str
    notes: list[str]


class HypothesisEntry(_Model):
    id: str
    text: str
    notes: list[str]
    evidence_for: list[Cited]
    evidence_against: list[Cited]


class QuestionEntry(_Model):
    id: str
    question: str
    notes: list[str]
    hypotheses: list[HypothesisEntry]


class OpenQuestionEntry(_Model):
    id: str
    text: str
    why: str | None
    notes: list[str]


class SourceEntry(_Model):
    key: str
    file: str
    title: str | None
    outlet: str | None
    url: str | None
    language: str | None
    published: str | None
    date_approximate: bool
    reliability: str | None
    reliability_label: str | None
    lines: int
    sha256: str


class Brief(_Model):
    """The whole brief. Its JSON form is the `json` output format."""

    title: str
    subtitle: str | None
    author: str | None
    marking: str
    language: str
    date: str | None
    tool_version: str
    key_points: list[Cited]
    actors: list[ActorEntry]
    chronology: list[ChronologyEntry]
    questions: list[QuestionEntry]
    open_questions: list[OpenQuestionEntry]
    sources: list[SourceEntry]
    footnotes: list[Footnote]


def precision(date: str) -> Literal["day", "month", "year"]:
    return {4: "year", 7: "month", 10: "day"}[len(date)]


class _Notes:
    """Hands out footnote labels in order of first use; one note per distinct passage."""

    def __init__(self, sources: list[SourceText], where: object) -> None:
        self._sources = {source.key: source for source in sources}
        self._by_file = {source.meta.file: source for source in sources}
        self._locator = Locator(sources)
        self._where = where
        self.footnotes: list[Footnote] = []
        self._labels: dict[tuple[str, int, int], str] = {}
        self.failures: list[str] = []

    def _source(self, citation: Citation, context: str) -> SourceText:
        source = self._sources.get(citation.source) or self._by_file.get(citation.source)
        if source is None:
            known = ", ".join(sorted(self._sources))
            raise InputError(f"{context} cites unknown source {citation.source!r}; known sources: {known}", self._where)
        return source

    def cite(self, citations: list[Citation], context: str, text: str) -> list[str]:
        labels: list[str] = []
        for citation in citations:
            source = self._source(citation, context)
            span = self._locator.find(source.key, citation.quote)
            if span is None:
                near, words = self._locator.closest(source.key, citation.quote)
                self.failures.append(
                    f"{context}: {text!r}\n  quote not found in {source.meta.file}: {citation.quote!r}\n"
                    f"  closest passage (line {near.line_start}): {words!r}"
                )
                continue
            key = (source.key, span.start, span.end)
            if key not in self._labels:
                label = str(len(self.footnotes) + 1)
                self._labels[key] = label
                self.footnotes.append(Footnote(
                    label=label, source=source.key, file=source.meta.file, outlet=source.meta.outlet,
                    title=source.meta.title, line_start=span.line_start, line_end=span.line_end,
                    quote=" ".join(source.text[span.start:span.end].split()),
                ))
            if self._labels[key] not in labels:
                labels.append(self._labels[key])
        return labels

    def statement(self, statement: Statement, context: str) -> Cited:
        return Cited(text=statement.text, notes=self.cite(statement.cite, context, statement.text))


def build_model(facts: CaseFile, sources: list[SourceText], where: object = None) -> Brief:
    """The brief for `facts`, with every citation located in `sources`."""
    notes = _Notes(sources, where)
    key_points = [notes.statement(s, f"key_points[{i}]") for i, s in enumerate(facts.key_points)]
    actors = [
        ActorEntry(id=a.id, name=a.name, kind=a.kind, aliases=a.aliases,
                   notes=notes.cite(a.cite, f"actor {a.id!r}", a.name),
                   role=notes.statement(a.role, f"actor {a.id!r} role") if a.role else None)
        for a in facts.actors
    ]
    # Sorted before citing, so footnotes are numbered in reading order.
    events = sorted(facts.chronology, key=lambda e: (e.date, e.date_end or e.date, e.id))
    chronology = [
        ChronologyEntry(id=e.id, date=e.date, date_end=e.date_end, precision=precision(e.date),
                        approximate=e.approximate, text=e.text,
                        notes=notes.cite(e.cite, f"chronology {e.id!r}", e.text))
        for e in events
    ]
    questions = [
        QuestionEntry(
            id=q.id, question=q.question, notes=notes.cite(q.cite, f"question {q.id!r}", q.question),
            hypotheses=[
                HypothesisEntry(
                    id=h.id, text=h.text, notes=notes.cite(h.cite, f"hypothesis {h.id!r}", h.text),
                    evidence_for=[notes.statement(s, f"hypothesis {h.id!r} evidence_for") for s in h.evidence_for],
                    evidence_against=[notes.statement(s, f"hypothesis {h.id!r} evidence_against")
                                      for s in h.evidence_against],
                )
                for h in q.hypotheses
            ],
        )
        for q in facts.questions
    ]
    open_questions = [
        OpenQuestionEntry(id=o.id, text=o.text, why=o.why, notes=notes.cite(o.cite, f"open question {o.id!r}", o.text))
        for o in facts.open_questions
    ]
    if notes.failures:
        count = len(notes.failures)
        raise VerificationError(
            f"{count} quote{'s' * (count > 1)} not found in {'their sources' if count > 1 else 'its source'}; "
            "copy the words exactly from the source:\n" + "\n".join(notes.failures),
            where,
        )
    return Brief(
        title=facts.title, subtitle=facts.subtitle, author=facts.author, marking=facts.marking,
        language=facts.language, date=facts.date, tool_version=__version__,
        key_points=key_points, actors=actors, chronology=chronology, questions=questions,
        open_questions=open_questions,
        sources=[
            SourceEntry(key=s.key, file=s.meta.file, title=s.meta.title, outlet=s.meta.outlet, url=s.meta.url,
                        language=s.meta.language, published=s.meta.published,
                        date_approximate=s.meta.date_approximate, reliability=s.meta.reliability,
                        reliability_label=RELIABILITY.get(s.meta.reliability or ""),
                        lines=len(s.line_starts) - s.text.endswith("\n"), sha256=s.sha256)
            for s in sources
        ],
        footnotes=notes.footnotes,
    )
