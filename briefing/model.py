"""Stage 4: the brief model, the only thing templates and JSON see.

Building it verifies every citation: each quote is located in its source, which gives the
footnote its line span and the source's own words. A quote that is not there stops the build.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from briefing import __version__, sentences
from briefing.casefile import Actor, CaseFile, Citation, ReportMeta, Statement
from briefing.citations import Locator, Span
from briefing.errors import InputError, VerificationError
from briefing.findings import Mention
from briefing.relations import VERBS, Relation
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
    """One cited passage: a source, the lines it spans and the words found there.

    `outlet`, `title` and `author` are those of the report the words belong to when the source
    is a thread that pastes several (`embedded`), else the source's own. `opinion` marks words
    cited only as their author's opinion (a user's comment).
    """

    label: str
    source: str
    file: str
    outlet: str | None
    title: str | None
    author: str | None
    embedded: bool
    opinion: bool
    page: int | None
    line_start: int
    page_end: int | None
    line_end: int
    quote: str


class Cited(_Model):
    """A statement and the labels of the footnotes that back it."""

    text: str
    notes: list[str]


class ActorEntry(_Model):
    """An actor, its spellings, roles, and how much of the corpus carries it (`sources`, `mentions`)."""

    id: str
    name: str
    kind: str
    aliases: list[str]
    notes: list[str]
    roles: list[Cited]
    sources: int
    mentions: int
    # Without a role, and named in only one source fewer than three times: kept in the JSON, left
    # out of the rendered list, which would otherwise drown the main actors.
    minor: bool


class DateEntry(_Model):
    """One of the dates the sources give for an event whose dates conflict."""

    date: str
    weekday: str | None
    precision: Literal["day", "month", "year"]
    approximate: bool
    notes: list[str]


class ChronologyEntry(_Model):
    id: str
    date: str | None  # None: the date cannot be placed; `when` gives the source's words
    date_end: str | None
    when: str | None
    weekday: str | None
    precision: Literal["day", "month", "year", "unknown"]
    approximate: bool
    text: str
    notes: list[str]
    # Other dates other sources give for the same event (each also an open question).
    conflicts: list[DateEntry]


class HypothesisEntry(_Model):
    id: str
    text: str
    notes: list[str]
    evidence_for: list[Cited]
    evidence_against: list[Cited]


Bearing = Literal["consistent", "inconsistent", "neutral"]


class MatrixRow(_Model):
    """One piece of evidence in a question's analysis of competing hypotheses (ACH): how it bears
    on each hypothesis, in the hypotheses' order."""

    text: str
    notes: list[str]
    bearings: list[Bearing]


class QuestionEntry(_Model):
    id: str
    question: str
    notes: list[str]
    hypotheses: list[HypothesisEntry]
    # Every piece of evidence against every hypothesis: consistent where it holds or backs it,
    # inconsistent where it is evidence against it, neutral elsewhere.
    matrix: list[MatrixRow]
    judgment: Cited | None  # the analyst's, shown as such


def ach_matrix(hypotheses: list[HypothesisEntry]) -> list[MatrixRow]:
    """One row per distinct piece of evidence (a hypothesis as held, or evidence for or against one)."""
    rows: dict[str, tuple[Cited, list[Bearing]]] = {}
    for index, hypothesis in enumerate(hypotheses):
        told = [(Cited(text=hypothesis.text, notes=hypothesis.notes), "consistent")]
        told += [(e, "consistent") for e in hypothesis.evidence_for]
        told += [(e, "inconsistent") for e in hypothesis.evidence_against]
        for evidence, bearing in told:
            key = " ".join(evidence.text.split()).lower()
            if key not in rows:
                rows[key] = (evidence, ["neutral"] * len(hypotheses))
            rows[key][1][index] = bearing
    return [MatrixRow(text=evidence.text, notes=evidence.notes, bearings=bearings)
            for evidence, bearings in rows.values()]


class OpenQuestionEntry(_Model):
    id: str
    text: str
    why: str | None
    notes: list[str]


class RelationEntry(_Model):
    """An edge of the actor map between two listed actors (ids), worded as `text` ("A leads B")."""

    source: str
    target: str
    kind: Literal["leads", "belongs_to", "met", "attacked", "accused"]
    text: str
    notes: list[str]


class ReportEntry(_Model):
    """A report pasted into a source: the metadata in force, and what its own text gave."""

    number: int
    line_start: int
    line_end: int
    title: str | None
    outlet: str | None
    author: str | None
    date: str | None
    detected_title: str | None
    detected_outlet: str | None
    detected_author: str | None
    detected_date: str | None


class ReadingEntry(_Model):
    """What was done with a group of a source's passages, and why, by line."""

    use: Literal["facts", "opinion", "set_aside"]
    what: str
    lines: str


class SourceEntry(_Model):
    """A source as listed in the brief: the case file's metadata beside what was detected."""

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
    detected_title: str | None
    detected_outlet: str | None
    detected_date: str | None
    thread: bool
    reports: list[ReportEntry]
    reading: list[ReadingEntry]
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
    relations: list[RelationEntry]  # the actor map's edges
    sources: list[SourceEntry]
    footnotes: list[Footnote]


def precision(date: str | None) -> Literal["day", "month", "year", "unknown"]:
    return {4: "year", 7: "month", 10: "day"}[len(date)] if date else "unknown"


def _reports(source: SourceText, locator: Locator, where: object) -> list[ReportEntry]:
    """The source's pasted reports, with the case file's corrections over the detected values."""
    overrides: dict[int, ReportMeta] = {}
    for meta in source.meta.reports:
        span = locator.find(source.key, meta.quote)
        passages = source.layout.at(span.start, span.end) if span else []
        numbers = {p.report for p in passages if p.report is not None}
        if len(numbers) != 1:
            problem = "is not in the source" if span is None else "is not inside a pasted report"
            raise InputError(f"sources {source.key!r} reports: {meta.quote!r} {problem}; quote words of the "
                             "report's text (see `briefing sources`)", where)
        overrides[numbers.pop()] = meta
    entries = []
    for report in source.layout.reports:
        meta = overrides.get(report.number) or ReportMeta(quote="-")
        entries.append(ReportEntry(
            number=report.number, line_start=source.place(report.line_start).line,
            line_end=source.place(report.line_end).line,
            title=meta.title or report.title, outlet=meta.outlet or report.outlet,
            author=meta.author or report.author, date=meta.published or report.date,
            detected_title=report.title, detected_outlet=report.outlet, detected_author=report.author,
            detected_date=report.date,
        ))
    return entries


def _place(source: SourceText, line: int) -> str:
    ref = source.place(line)
    return f"p. {ref.page}:{ref.line}" if ref.page else str(ref.line)


def _merged_ranges(source: SourceText, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of text lines, those separated only by blank lines read as one."""
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        gap = range(merged[-1][1] + 1, first) if merged else range(0)
        if merged and all(not source.line_text(n).strip() for n in gap):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [(a, b) for a, b in merged]


def _ranges(source: SourceText, spans: list[tuple[int, int]]) -> str:
    """'1–3, 7' in the file's own lines (pages too, for paged formats)."""
    return ", ".join(_place(source, a) if a == b else f"{_place(source, a)}\u2013{_place(source, b)}"
                     for a, b in _merged_ranges(source, spans))


def _line_ranges(source: SourceText, spans: list[tuple[int, int]]) -> str:
    """'line 4' or 'lines 1–3, 7' of the file."""
    merged = _merged_ranges(source, spans)
    single = len(merged) == 1 and merged[0][0] == merged[0][1]
    return ("line " if single else "lines ") + _ranges(source, spans)


def _reading(source: SourceText, reports: list[ReportEntry]) -> list[ReadingEntry]:
    """Per source: which lines gave facts, which only opinions, which were set aside and why."""
    groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for passage in source.layout.passages:
        if passage.use == "facts" and passage.report is not None:
            report = reports[passage.report - 1]
            what = f"report {report.number}" + "".join(
                f", {value}" for value in (report.outlet, report.author, report.date) if value)
        elif passage.use == "facts":
            what = passage.kind.replace("_", " ")
        elif passage.use == "opinion":
            what = "user comments"
        elif passage.kind == "quoted_reply":
            what = "quoted replies"
        else:
            what = passage.why
        groups.setdefault((passage.use, what), []).append((passage.line_start, passage.line_end))
    order = {"facts": 0, "opinion": 1, "set_aside": 2}
    return [ReadingEntry(use=use, what=what, lines=_line_ranges(source, lines))  # type: ignore[arg-type]
            for (use, what), lines in sorted(groups.items(), key=lambda item: (order[item[0][0]], min(item[1])))]


class _Notes:
    """Hands out footnote labels in order of first use; one note per distinct passage."""

    def __init__(self, sources: list[SourceText], where: object) -> None:
        self._sources = {source.key: source for source in sources}
        self._by_file = {source.meta.file: source for source in sources}
        self._locator = Locator(sources)
        self._where = where
        self.reports = {source.key: _reports(source, self._locator, where) for source in sources}
        self.footnotes: list[Footnote] = []
        self._labels: dict[tuple[str, int, int, bool], str] = {}
        self.failures: list[str] = []

    def _misuse(self, source: SourceText, span: Span, citation: Citation) -> str | None:
        """Why these words may not back a statement as cited, if they may not."""
        for passage in source.layout.at(span.start, span.end):
            where = _line_ranges(source, [(passage.line_start, passage.line_end)])
            if passage.use == "set_aside":
                return (f"cites text set aside as {passage.kind.replace('_', ' ')} ({passage.why}, {where}); "
                        "cite the report or article text itself")
            if passage.use == "opinion" and not citation.opinion:
                return (f"cites a user's comment ({where}) as fact; word the statement as that user's opinion "
                        "and set `opinion: true` on the citation")
        return None

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
            if problem := self._misuse(source, span, citation):
                self.failures.append(f"{context}: {text!r}\n  {problem}: {citation.quote!r}")
                continue
            key = (source.key, span.start, span.end, citation.opinion)
            if key not in self._labels:
                label = str(len(self.footnotes) + 1)
                self._labels[key] = label
                self.footnotes.append(self._footnote(label, source, span, citation.opinion))
            if self._labels[key] not in labels:
                labels.append(self._labels[key])
        return labels

    def _footnote(self, label: str, source: SourceText, span: Span, opinion: bool) -> Footnote:
        numbers = [p.report for p in source.layout.at(span.start, span.end) if p.report is not None]
        report = self.reports[source.key][numbers[0] - 1] if numbers else None
        first, last = source.place(span.line_start), source.place(span.line_end)
        return Footnote(
            label=label, source=source.key, file=source.meta.file,
            outlet=report.outlet if report else source.meta.outlet or source.layout.outlet,
            title=report.title if report else source.meta.title or source.layout.title,
            author=report.author if report else None, embedded=report is not None, opinion=opinion,
            page=first.page, line_start=first.line, page_end=last.page, line_end=last.line,
            quote=" ".join(source.text[span.start:span.end].split()),
        )

    def statement(self, statement: Statement, context: str) -> Cited:
        return Cited(text=statement.text, notes=self.cite(statement.cite, context, statement.text))


def _salience(actor: Actor, mentions: list[Mention]) -> tuple[int, int]:
    """How many sources and name mentions carry an actor (its citations, where nothing was extracted)."""
    own = [m for m in mentions if m.actor == actor.id and m.form == "name"]
    if own:
        return len({m.source for m in own}), len(own)
    cited = [c.source for c in actor.cite] + [c.source for r in actor.roles for c in r.cite]
    return len(set(cited)), len(cited)


def build_model(facts: CaseFile, sources: list[SourceText], where: object = None,
                mentions: list[Mention] | None = None, relations: list[Relation] | None = None) -> Brief:
    """The brief for `facts`, with every citation located in `sources`."""
    notes = _Notes(sources, where)
    key_points = [notes.statement(s, f"key_points[{i}]") for i, s in enumerate(facts.key_points)]
    weight = {a.id: _salience(a, mentions or []) for a in facts.actors}
    # Most carried first: by how many sources, then how many mentions.
    ranked = sorted(facts.actors, key=lambda a: (-weight[a.id][0], -weight[a.id][1], a.name))
    actors = []
    for a in ranked:
        sources_count, mention_count = weight[a.id]
        # Minor actors stay out of the rendered brief, so they get no footnotes either.
        minor = not a.roles and sources_count < 2 and mention_count < 3
        actors.append(ActorEntry(
            id=a.id, name=a.name, kind=a.kind, aliases=a.aliases,
            notes=[] if minor else notes.cite(a.cite, f"actor {a.id!r}", a.name),
            roles=[notes.statement(r, f"actor {a.id!r} role") for r in a.roles],
            sources=sources_count, mentions=mention_count, minor=minor))
    # Links between the listed actors, cited where the brief shows them: under the actor list.
    listed = {a.id: a.name for a in actors if not a.minor}
    edges = [RelationEntry(source=r.source, target=r.target, kind=r.kind,
                           text=f"{listed[r.source]} {VERBS[r.kind]} {listed[r.target]}",
                           notes=notes.cite(list(r.cite), f"relation {r.source} {r.kind} {r.target}", r.kind))
             for r in relations or [] if r.source in listed and r.target in listed]
    # Sorted before citing, so footnotes are numbered in reading order.
    # Dated items in date order; those whose date cannot be placed after them.
    events = sorted(facts.chronology, key=lambda e: (e.date is None, e.date or "", e.date_end or e.date or "", e.id))
    chronology = [
        ChronologyEntry(id=e.id, date=e.date, date_end=e.date_end, when=e.when, weekday=e.weekday,
                        precision=precision(e.date),
                        approximate=e.approximate, text=e.text,
                        notes=notes.cite(e.cite, f"chronology {e.id!r}", e.text),
                        conflicts=[DateEntry(date=c.date, weekday=c.weekday, precision=precision(c.date),
                                             approximate=c.approximate,
                                             notes=notes.cite(c.cite, f"chronology {e.id!r} conflicts", e.text))
                                   for c in e.conflicts])
        for e in events
    ]
    questions = []
    for q in facts.questions:
        question_notes = notes.cite(q.cite, f"question {q.id!r}", q.question)
        hypotheses = [
            HypothesisEntry(
                id=h.id, text=h.text, notes=notes.cite(h.cite, f"hypothesis {h.id!r}", h.text),
                evidence_for=[notes.statement(s, f"hypothesis {h.id!r} evidence_for") for s in h.evidence_for],
                evidence_against=[notes.statement(s, f"hypothesis {h.id!r} evidence_against")
                                  for s in h.evidence_against],
            )
            for h in q.hypotheses
        ]
        questions.append(QuestionEntry(
            id=q.id, question=q.question, notes=question_notes, hypotheses=hypotheses,
            matrix=ach_matrix(hypotheses),
            judgment=notes.statement(q.judgment, f"question {q.id!r} judgment") if q.judgment else None))
    open_questions = [
        OpenQuestionEntry(id=o.id, text=o.text, why=o.why, notes=notes.cite(o.cite, f"open question {o.id!r}", o.text))
        for o in facts.open_questions
    ]
    if notes.failures:
        count = len(notes.failures)
        raise VerificationError(
            f"{count} citation{'s' * (count > 1)} cannot back {'their statements' if count > 1 else 'its statement'}"
            ":\n" + "\n".join(notes.failures),
            where,
        )
    return Brief(
        title=facts.title, subtitle=facts.subtitle, author=facts.author, marking=facts.marking,
        language=facts.language, date=facts.date, tool_version=__version__,
        key_points=key_points, actors=actors, chronology=chronology, questions=questions,
        open_questions=open_questions, relations=edges,
        sources=[
            SourceEntry(key=s.key, file=s.meta.file, title=s.meta.title, outlet=s.meta.outlet, url=s.meta.url,
                        language=s.meta.language, published=s.meta.published,
                        date_approximate=s.meta.date_approximate, reliability=s.meta.reliability,
                        reliability_label=RELIABILITY.get(s.meta.reliability or ""),
                        detected_title=s.layout.title, detected_outlet=s.layout.outlet, detected_date=s.layout.date,
                        thread=s.layout.thread, reports=notes.reports[s.key],
                        reading=_reading(s, notes.reports[s.key]),
                        lines=len(s.line_starts) - s.text.endswith("\n"), sha256=s.sha256)
            for s in sources
        ],
        footnotes=notes.footnotes,
    )


class PassageRow(_Model):
    """One line of `briefing sources`: a passage, where it is, and what the brief may do with it."""

    file: str
    lines: str
    kind: str
    post: int | None
    report: int | None
    outlet: str | None
    date: str | None
    sentences: int
    use: str
    why: str


def passage_table(sources: list[SourceText], where: object = None) -> list[PassageRow]:
    """Every passage of every source, with the metadata in force for the report it belongs to."""
    locator = Locator(sources)
    rows = []
    for source in sources:
        reports = _reports(source, locator, where)
        for passage in source.layout.passages:
            report = reports[passage.report - 1] if passage.report else None
            rows.append(PassageRow(
                file=source.meta.file,
                lines=_ranges(source, [(passage.line_start, passage.line_end)]),
                kind=passage.kind.replace("_", " "), post=passage.post, report=passage.report,
                outlet=report.outlet if report else source.meta.outlet or source.layout.outlet,
                date=report.date if report else source.meta.published or source.layout.date,
                sentences=len(sentences.split(source.text, passage.start, passage.end)),
                use=passage.use.replace("_", " "), why=passage.why,
            ))
    return rows
