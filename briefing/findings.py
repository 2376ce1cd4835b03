"""What extraction hands on: facts in the case file's own shapes, plus the mentions behind actors.

Findings cross between processes and into the cache as JSON (`to_json`, `from_json`): the case
file's shapes as their models dump them, the bulk items (mentions, timexes, attributions) as
rows of their fields, read back with the standard `json` module — one way for all of them, so
the brief is the same byte for byte however many jobs ran and whether the cache held them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from operator import attrgetter
from typing import Any, Literal

from pydantic import BaseModel, Field, PrivateAttr

from briefing.casefile import Actor, Citation, Event, OpenQuestion, Question, Statement

# The bulk items (hundreds of thousands in a large corpus) are slotted dataclasses, not pydantic
# models: a fifth of the memory, built and copied in a fraction of the time. Extraction makes
# them from its own validated values, so nothing is lost by not validating them again.
_RECORD = {"frozen": True, "slots": True}


@dataclass(**_RECORD)
class Mention:
    """A place in a source's text that names or refers to an actor."""

    source: str
    start: int
    end: int
    text: str
    type: Literal["PER", "ORG", "LOC", "OTHER"]
    form: Literal["name", "nominal", "pronoun"]
    actor: str

    def model_copy(self, *, update: dict[str, Any]) -> Mention:
        """A copy with `update`'s fields changed (the pydantic spelling, which the linkers use)."""
        return replace(self, **update)


@dataclass(**_RECORD)
class Timex:
    """A time expression in a source's text and its TIMEX3 value ("2020-01-03", "2020-01", "P1W", "PAST_REF").

    `weekday` keeps the day of the week a relative expression gives ("on Sunday", ISO 1-7) when the
    anchor is too coarse to resolve the date; `anchored` says the value rests on the anchor date
    (publication or dateline) rather than on the words alone.
    """

    source: str
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    weekday: int | None = None
    anchored: bool = False
    # How much of the value is known: None for durations, sets, PAST_REF and unresolved values.
    precision: Literal["time", "day", "week", "month", "quarter", "season", "year", "decade", "century"] | None = None
    relative_to: int | None = None  # start of the timex an event-relative one ("the next day") counts from
    anchor: str | None = None  # the date relative expressions counted from
    anchor_from: Literal["case file", "report in case file", "report", "dateline", "unknown"] = "unknown"
    passage: int | None = None  # index in the source's passages, so later steps can skip set-aside text


@dataclass(**_RECORD)
class Span:
    """A stretch of a source's text: offsets into `SourceText.text`, end exclusive, and its words."""

    start: int
    end: int
    text: str


@dataclass(**_RECORD)
class Hedge(Span):
    """A marker of how certain a reported claim is ("reportedly", "could not be verified")."""

    kind: Literal["hedge", "unconfirmed", "no_response", "no_claim", "denial", "booster"]


@dataclass(**_RECORD)
class Basis:
    """What an attribution was read from, before actors were linked: its sentence (in the source's
    passage of that index), and each mention in it with the actor it had and that actor's kind —
    all a sentence's attributions depend on."""

    passage: int
    start: int
    end: int
    mentions: tuple[tuple[int, int, str, str | None], ...]  # (start, end, actor, the actor's kind)


@dataclass(**_RECORD)
class Attribution:
    """Who said (believes, announced, denied…) what, in one source: cue, speaker and content.

    `claim` is False when the words are not the source's own report — a forum user's comment, a
    quoted reply or boilerplate — so nothing presents them as what the source states.
    """

    source: str
    cue: Span
    kind: str  # the cue's kind in data/cues.tsv: speech, belief, accusation, denial…
    speaker: Span | None
    # "role": an official named by office only ("the company's spokesman"); "pronoun": unresolved
    speaker_kind: Literal["person", "organisation", "place", "outlet", "anonymous", "role", "pronoun", "none"]
    actor: str | None
    actor_mention: Span | None  # the mention the actor was read from
    content: Span
    direct: bool  # the content is quoted word for word
    hedges: list[Hedge]
    grade: Literal["on_record", "official", "anonymous", "relayed", "unattributed"]
    via: Span | None  # the outlet that relays the words, when the source cites another outlet
    passage: str  # the kind of passage the cue is in (body, headline, user_comment…)
    claim: bool
    # Found with extraction, before linking (`attribution.find_in`); None once settled by `attribution.attribute`.
    basis: Basis | None = None


@dataclass(**_RECORD)
class DatedClause:
    """A stretch of a fact-bearing sentence that one DATE timex dates, as its source's extraction
    cut it (`chronology.find_in`): the chronology adds who and where once actors are linked."""

    source: str
    start: int
    end: int
    timex: int  # the start of the timex that dates it
    when: tuple[int, int | None, int | None, int | None] | None  # year, month, day, weekday; None: undated
    kinds: frozenset[str]  # the kinds of happening it names
    focal: frozenset[str]  # the kinds named next to the date
    report: int | None  # the report pasted into the source it belongs to
    order: int  # among the source's dated clauses, those naming no happening counted too


@dataclass(**_RECORD)
class FactSentence:
    """A fact-bearing sentence of a source and what its words alone say, read with extraction
    (`interpretations.find_in`): the interpretations add the actors it names once they are linked."""

    source: str
    start: int
    end: int
    report: int | None  # the report pasted into the source it belongs to
    kinds: frozenset[str]  # the kinds of happening it names
    words: tuple[tuple[int, int, str], ...]  # each word naming a happening: its offsets in the lower-cased text
    aspects: frozenset[str]  # the aspects whose markers it uses
    unknown: str | None  # the words that say nobody knows, if it says so


@dataclass(**_RECORD)
class SourceActor:
    """An actor as one source names it, read back for `actors.link_across` to merge with the others
    (`source_actors`): what linking reads of an `Actor` — its source-local id, names, kind, roles and
    citations — in a third of a model's memory (a large corpus names hundreds of thousands), its
    citations made models only when asked for, as linking does of the first few of each actor."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    roles: tuple[Statement, ...]
    citations: tuple[dict[str, Any], ...]  # as `to_json` wrote them

    @property
    def cite(self) -> list[Citation]:
        return [_citation(raw) for raw in self.citations]

    def actor(self) -> Actor:
        """The `Actor` it was read from (a source's own actors merge none)."""
        return Actor.model_construct(_ALL_FIELDS[Actor], id=self.id, name=self.name, kind=self.kind,
                                     aliases=list(self.aliases), roles=list(self.roles), merge=[], cite=self.cite)


class Findings(BaseModel):
    """What extraction found, section by section (the fact sections of a case file), and mentions."""

    key_points: list[Statement] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    chronology: list[Event] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    timexes: list[Timex] = Field(default_factory=list)
    # What the chronology and interpretations read of each source's sentences, read with extraction;
    # each is emptied by the last linker to read it.
    clauses: list[DatedClause] = Field(default_factory=list)
    sentences: list[FactSentence] = Field(default_factory=list)

    # The chronology's grouping of dated clauses (`chronology.Happening`s), for the linkers after it
    # (interpretations): worked out once, never serialised, not a finding of its own.
    _happenings: list | None = PrivateAttr(None)
    # Each source's `clauses` and `sentences` as `to_json` wrote them, until the step that reads them
    # (`clauses_of`, `sentences_of`): as text, a sixth of their memory as records, while actors are linked.
    _clause_rows: list[str] = PrivateAttr(default_factory=list)
    _sentence_rows: list[str] = PrivateAttr(default_factory=list)

    def __add__(self, other: Findings) -> Findings:
        added = Findings(**{name: getattr(self, name) + getattr(other, name) for name in Findings.model_fields})
        added._clause_rows = self._clause_rows + other._clause_rows
        added._sentence_rows = self._sentence_rows + other._sentence_rows
        return added


# The sections a case file can also state, and so override or suppress.
FACT_SECTIONS = ("key_points", "actors", "chronology", "questions", "open_questions")


# --- JSON between processes and in the cache ------------------------------------------------

_MODELS = {"key_points": Statement, "chronology": Event, "questions": Question, "open_questions": OpenQuestion}


def to_json(findings: Findings) -> str:
    """Compact JSON of `findings`: case-file shapes as their models dump them, bulk items as rows. Four
    lines, the actors, the rest, the clauses' rows and the sentences' rows, so a source's actors,
    clauses and sentences can stay text until they are read."""
    return "".join(json_pieces(findings))


# Items made rows and dumped at a time: as fast as dumping a whole section, in a bounded memory.
_CHUNK = 1000


def json_pieces(findings: Findings) -> Iterator[str]:
    """`to_json`'s text in pieces, to be written as they come: a large corpus's linked findings are
    never held as rows, nor as text, all at once (made whole, they took a fifth of the run's peak memory)."""
    yield from _list(findings.actors, _dump)
    # Compact JSON holds no raw line break (strings escape theirs): the one between them splits the lines.
    yield "\n{"
    sections = [*((name, _dump) for name in FACT_SECTIONS if name != "actors"),
                ("mentions", _mention_row), ("timexes", _timex_row), ("attributions", _attribution_row)]
    for number, (name, row) in enumerate(sections):
        yield ("," if number else "") + _compact(name) + ":"
        yield from _list(getattr(findings, name), row)
    yield "}\n"
    yield from _list(clauses_of(findings), _clause_row)
    yield "\n"
    yield from _list(sentences_of(findings), _sentence_row)


def _list(items: list, row: Callable[[Any], Any]) -> Iterator[str]:
    """`_compact(list(map(row, items)))` in pieces."""
    yield "["
    for start in range(0, len(items), _CHUNK):
        yield ("," if start else "") + _compact([row(item) for item in items[start:start + _CHUNK]])[1:-1]
    yield "]"


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> Findings:
    """Findings from `to_json`."""
    actors, findings = without_actors(text)
    read = findings.model_copy(update={"actors": actors_from(actors), "clauses": clauses_of(findings),
                                       "sentences": sentences_of(findings)})
    read._clause_rows, read._sentence_rows = [], []
    return read


def without_actors(text: str) -> tuple[str, Findings]:
    """The actors' line of `to_json`'s text, and the other findings in it (the clauses and sentences
    kept as text, read by `clauses_of` and `sentences_of`)."""
    actors, rest, clauses, sentences = text.split("\n")
    raw = json.loads(rest)
    sections: dict[str, list] = {name: [model.model_validate(item) for item in raw[name]]
                                 for name, model in _MODELS.items()}
    # Every mention of a source names it, and a corpus writes one name, date or cue again and again:
    # one string each across the corpus, not one per item (a tenth of the linked findings' memory).
    intern = sys.intern
    sections["mentions"] = [Mention(intern(source), start, end, intern(text), intern(kind), intern(form),
                                    intern(actor)) for source, start, end, text, kind, form, actor in raw["mentions"]]
    sections["timexes"] = [_timex(row) for row in raw["timexes"]]
    sections["attributions"] = [_attribution(row) for row in raw["attributions"]]
    found = Findings.model_construct(actors=[], clauses=[], sentences=[], **sections)
    found._clause_rows = [clauses] if clauses != "[]" else []
    found._sentence_rows = [sentences] if sentences != "[]" else []
    return actors, found


def clauses_of(findings: Findings) -> list[DatedClause]:
    """`findings.clauses`, and those still kept as text."""
    return findings.clauses + [_clause(row) for rows in findings._clause_rows for row in json.loads(rows)]


def sentences_of(findings: Findings) -> list[FactSentence]:
    """`findings.sentences`, and those still kept as text."""
    return findings.sentences + [_sentence(row) for rows in findings._sentence_rows for row in json.loads(rows)]


def actors_from(text: str) -> list[Actor]:
    """Actors from their line of `to_json`. A source's actors keep the source-local ids `actors.find`
    gives them ("file.txt#3", which no case file may use) until `actors.link_across` replaces them, so
    they are rebuilt as extraction made them rather than validated as a case file's."""
    return [_actor(actor) for actor in json.loads(text)]


def source_actors(text: str) -> list[SourceActor]:
    """A source's actors from their line of `to_json`, as `actors.link_across` reads them."""
    intern = sys.intern
    return [SourceActor(raw["id"], raw["name"], intern(raw["kind"]), tuple(raw["aliases"]),
                        tuple(_statement(role) for role in raw["roles"]), tuple(raw["cite"]))
            for raw in json.loads(text)]


def _row_of(record: type) -> Callable[[Any], tuple]:
    """A record's fields in order, as a tuple (which JSON writes as a list)."""
    return attrgetter(*(field.name for field in fields(record)))


_mention_row, _timex_row = _row_of(Mention), _row_of(Timex)


def _timex(row: list) -> Timex:
    intern = sys.intern
    source, start, end, text, kind, value, weekday, anchored, precision, relative_to, anchor, anchor_from, passage = row
    return Timex(intern(source), start, end, intern(text), intern(kind), intern(value), weekday, anchored,
                 precision and intern(precision), relative_to, anchor and intern(anchor), intern(anchor_from), passage)


def _span_row(span: Span | None) -> list | None:
    return None if span is None else [span.start, span.end, span.text]


def _span(row: list | None) -> Span | None:
    return None if row is None else Span(row[0], row[1], sys.intern(row[2]))


def _attribution_row(a: Attribution) -> list:
    basis = a.basis and [a.basis.passage, a.basis.start, a.basis.end, a.basis.mentions]
    return [a.source, _span_row(a.cue), a.kind, _span_row(a.speaker), a.speaker_kind, a.actor,
            _span_row(a.actor_mention), _span_row(a.content), a.direct,
            [[h.start, h.end, h.text, h.kind] for h in a.hedges], a.grade, _span_row(a.via), a.passage, a.claim,
            basis]


def _attribution(row: list) -> Attribution:
    (source, cue, kind, speaker, speaker_kind, actor, mention, content, direct, hedges, grade, via, passage, claim,
     basis) = row
    intern = sys.intern
    return Attribution(intern(source), _span(cue), intern(kind), _span(speaker), intern(speaker_kind),
                       actor and intern(actor), _span(mention), _span(content), direct,
                       [Hedge(start, end, intern(text), intern(kind)) for start, end, text, kind in hedges], intern(grade), _span(via), intern(passage), claim,
                       basis and Basis(*basis[:3], tuple((start, end, intern(actor), kind and intern(kind))
                                                         for start, end, actor, kind in basis[3])))


def _clause_row(c: DatedClause) -> list:
    return [c.source, c.start, c.end, c.timex, c.when, sorted(c.kinds), sorted(c.focal), c.report, c.order]


def _clause(row: list) -> DatedClause:
    source, start, end, timex, when, kinds, focal, report, order = row
    return DatedClause(sys.intern(source), start, end, timex, when and tuple(when), _set(kinds), _set(focal),
                       report, order)


def _sentence_row(s: FactSentence) -> list:
    return [s.source, s.start, s.end, s.report, sorted(s.kinds), s.words, sorted(s.aspects), s.unknown]


def _sentence(row: list) -> FactSentence:
    source, start, end, report, kinds, words, aspects, unknown = row
    intern = sys.intern
    return FactSentence(intern(source), start, end, report, _set(kinds),
                        tuple((first, last, intern(word)) for first, last, word in words), _set(aspects), unknown)


# A corpus's sentences and clauses name a few combinations of kinds and aspects: one set each.
_SETS: dict[frozenset[str], frozenset[str]] = {}


def _set(items: list[str]) -> frozenset[str]:
    found = frozenset(map(sys.intern, items))
    return _SETS.setdefault(found, found)


# Every field of these models is given when they are read back; one set of the names is shared by
# all of them (pydantic copies it before changing a copy's), instead of one set per item.
_ALL_FIELDS = {model: set(model.model_fields) for model in (Actor, Statement, Citation)}


def _citation(raw: dict[str, Any]) -> Citation:
    return Citation.model_construct(_ALL_FIELDS[Citation], **{**raw, "source": sys.intern(raw["source"])})


def _statement(raw: dict[str, Any]) -> Statement:
    return Statement.model_construct(_ALL_FIELDS[Statement], **{**raw, "cite": [_citation(c) for c in raw["cite"]]})


def _actor(raw: dict[str, Any]) -> Actor:
    return Actor.model_construct(_ALL_FIELDS[Actor], **{**raw, "kind": sys.intern(raw["kind"]),
                                                       "roles": [_statement(role) for role in raw["roles"]],
                                                       "cite": [_citation(c) for c in raw["cite"]]})
