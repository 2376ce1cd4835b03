"""Chronology: dated events from the sentences that date them, one item per event across sources.

A dated clause is the stretch of a fact-bearing sentence around one DATE timex — the whole
sentence when it dates one thing, cut at clause boundaries when it dates several, and never cut
away from the words that attribute or hedge it ("sources said", "reportedly"). Its event is what
the clause names (`data/happenings.tsv`: killing, meeting, travel…), who and where (the actors
mentioned in it). Clauses from any source that name the same kind of happening, share an actor
and have compatible dates are one chronology item with all their citations. Clauses that share
the kind, a place and a participant but give dates that cannot both hold are one item whose
dates conflict, and the conflict becomes an open question.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, cached_property

from briefing import data, gazetteer, sentences
from briefing.clusters import clusters
from briefing.casefile import Citation, DateClaim, Event, OpenQuestion
from briefing.findings import DatedClause, Findings, Mention, Timex, clauses_of
from briefing.sources import SourceText

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_VALUE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d\d))?(?:-(?P<day>\d\d))?(?:-?W(?:\d\d|XX)-(?P<weekday>[1-7]))?")
_WORD = re.compile(r"[\w'’-]+")
_DIGIT = re.compile(r"\d")
# Where a sentence that dates several things may be cut: a clause boundary between two timexes.
_BOUNDARY = re.compile(r"[;:]\s+|,\s+(?=(?:and|but|while|whereas|before|after|then|when|where|which|who)\b)"
                       r"|\s+(?=(?:before|after|then|while|whereas)\b)|,\s+")
_EVENT_KINDS = ("body", "embedded_report", "headline")
_FOCUS = 5  # content words either side of a date that say what it dates
_NEAR_DAYS = 3  # days apart that two tellings of one happening can plausibly be


@dataclass(frozen=True)
class When:
    """What a timex tells of a day: as much of the date as is known, and the weekday when given."""

    year: int
    month: int | None
    day: int | None
    weekday: int | None  # ISO: 1 Monday … 7 Sunday

    @property
    def iso(self) -> str:
        return "-".join([f"{self.year:04d}", *([f"{self.month:02d}"] if self.month else []),
                         *([f"{self.day:02d}"] if self.day else [])])

    @property
    def days(self) -> tuple[date, date]:
        """The first and last day it can be."""
        if self.day:
            return date(self.year, self.month, self.day), date(self.year, self.month, self.day)
        if self.month:
            last = (date(self.year + self.month // 12, self.month % 12 + 1, 1) - timedelta(days=1))
            return date(self.year, self.month, 1), last
        return date(self.year, 1, 1), date(self.year, 12, 31)

    def compatible(self, other: When) -> bool:
        """Both can be the same day."""
        (a0, a1), (b0, b1) = self.days, other.days
        if a1 < b0 or b1 < a0:
            return False
        if self.weekday and other.weekday:
            if self.weekday != other.weekday:
                return False
        for one, two in ((self, other), (other, self)):
            if one.weekday and two.day and date(two.year, two.month, two.day).isoweekday() != one.weekday:
                return False
        return True


def when_of(timex: Timex, reference: Timex | None = None) -> When | None:
    """The day a DATE timex points at, if it has at least a year (an unresolved one has none).

    An expression counted from another ("the next day") whose day the words cannot fix is known as
    well as the one it counts from, with its own weekday when that is known.
    """
    if timex.type != "DATE":
        return None
    if not (match := _VALUE.match(timex.value)):
        base = when_of(reference) if reference is not None else None
        if base is None or not timex.weekday:
            return None
        return When(base.year, base.month, None, timex.weekday)
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    weekday = int(match["weekday"]) if match["weekday"] else (getattr(timex, "weekday", None) or None)
    if month and day:
        weekday = date(int(match["year"]), month, day).isoweekday()
    return When(int(match["year"]), month, day, weekday)


@cache
def _happenings() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for line in data.rows("happenings.tsv"):
        kind, words = line.split("\t")
        for word in words.split():
            table[word].add(kind)
    return {word: frozenset(kinds) for word, kinds in table.items()}


@cache
def _happening_words() -> re.Pattern[str]:
    """The table's words where they are whole words (`_WORD`'s runs), as a tree of their letters:
    only they are found, not every word of a text to be looked up (a test checks they are the runs
    that are the table's words)."""
    return re.compile(r"(?<![\w'’-])(?:" + data.tree(_happenings()) + r")(?![\w'’-])")


@cache
def _frame() -> re.Pattern[str]:
    """Words that attribute or hedge a clause — the attribution cues and hedges (`data/cues.tsv`,
    `data/hedges.tsv`): cutting them off would state as fact what a source only reported."""
    phrases = {form for line in data.rows("cues.tsv") for form in line.split("\t")[0].split(",")}
    phrases |= {line.split("\t")[0] for line in data.rows("hedges.tsv")}
    # As a tree of their letters: searched for every cut of a sentence dating several things.
    return re.compile(r"\b(?:" + data.tree(phrase.lower() for phrase in phrases) + r")\b", re.I)


@dataclass
class _Clause:
    source: SourceText
    start: int
    end: int
    when: When | None  # None: no date of publication to count "on Sunday" from
    timex: Timex
    kinds: frozenset[str]
    focal: frozenset[str]  # the kinds named next to the date: what the date is the date of
    actors: frozenset[str]  # ids of the people and organisations named
    places: frozenset[str]  # towns, regions, sites: a country says too little to tell events apart
    teller: tuple[str, int | None]  # the source, and the report pasted into it
    order: int

    @property
    def text(self) -> str:
        return " ".join(self.source.text[self.start:self.end].split())

    def cite(self) -> Citation:
        return Citation(source=self.source.key, quote=self.text)


def happenings(text: str) -> frozenset[str]:
    """The kinds of happening the words of `text` name (`data/happenings.tsv`)."""
    table = _happenings()
    kinds = frozenset(kind for word in _happening_words().findall(text.lower()) for kind in table[word])
    # Every sentence and clause of a corpus keeps its kinds: one set for each combination, not one each.
    return _KINDS.setdefault(kinds, kinds)


_KINDS: dict[frozenset[str], frozenset[str]] = {}


def word_happenings(word: str) -> frozenset[str]:
    """The kinds of happening one lower-case word names: `happenings` of a single word, looked up."""
    return _happenings().get(word, frozenset())


def happening_words() -> frozenset[str]:
    """Every word that names a kind of happening (in lower case)."""
    return frozenset(_happenings())


def _cut(text: str, start: int, end: int, timexes: list[Timex]) -> list[tuple[int, int, Timex]]:
    """One stretch of the sentence per timex: cut at the last clause boundary between neighbours."""
    if len(timexes) == 1:
        return [(start, end, timexes[0])]
    cuts = [start]
    for before, after in zip(timexes, timexes[1:]):
        boundaries = [m for m in _BOUNDARY.finditer(text, before.end, after.start)]
        cuts.append(boundaries[-1].end() if boundaries else after.start)
    cuts.append(end)
    spans = []
    for index, timex in enumerate(timexes):
        first, last = cuts[index], cuts[index + 1]
        if _frame().search(text[start:first]) or _frame().search(text[last:end]):
            # The frame stays with what it frames: the whole sentence, dated once, by the first
            # date that dates a happening.
            dating = [t for t in timexes if _focal(text, start, end, t)] or timexes
            return [(start, end, dating[0])]
        while last > first and text[last - 1] in " ,;:":
            last -= 1
        spans.append((first, last, timex))
    return spans


def _focal(text: str, start: int, end: int, timex: Timex) -> frozenset[str]:
    """What the date is the date of: the happening named nearest to it (and a compound's second
    word: "drone strike"), counting content words either side — not one merely mentioned further
    on ("expressed, on Monday, his rejection of the attempt to assassinate…" dates a statement)."""
    stop = data.words("stopwords.txt")
    before = [w for w in _WORD.findall(text[start:timex.start]) if w.lower() not in stop][::-1][:_FOCUS]
    after = [w for w in _WORD.findall(text[timex.end:end]) if w.lower() not in stop][:_FOCUS]
    near = [(distance, kinds) for side in (before, after) for distance, word in enumerate(side, start=1)
            if (kinds := _run_happenings(word))]
    if not near:
        return frozenset()
    closest = min(distance for distance, _ in near)
    return frozenset(kind for distance, kinds in near if distance <= closest + 1 for kind in kinds)


def _run_happenings(run: str) -> frozenset[str]:
    """`happenings` of one of `_WORD`'s runs, looked up: lowered, where that keeps its length (each
    character lowered to one, a word character just when it was), the run is still a whole run, so
    the only word `happenings` could find in it is the whole of it (a test compares the two)."""
    lowered = run.lower()
    return word_happenings(lowered) if len(lowered) == len(run) else happenings(run)


def find_in(source: SourceText, found: Findings) -> Findings:
    """A source's dated clauses, with extraction: what they name and when, before the actors in
    them are linked (`link` adds who and where)."""
    return Findings(clauses=_dated(source, _by_start(found.timexes)))


def _by_start(timexes: list[Timex]) -> list[Timex]:
    return sorted(timexes, key=lambda t: t.start)


def _dated(source: SourceText, timexes: list[Timex]) -> list[DatedClause]:
    """The clauses of `source` that DATE `timexes` (its own, by start) date and that name a happening."""
    found = []
    at = {t.start: t for t in timexes}
    index = {id(t): number for number, t in enumerate(timexes)}
    # Looked up by offset, so a long source costs its sentences, not sentences times dates.
    timex_starts = [t.start for t in timexes]
    order = 0
    for passage in source.layout.passages:
        if passage.use != "facts" or passage.kind not in _EVENT_KINDS:
            continue
        for first, last in sentences.split(source.text, passage.start, passage.end):
            inside = [t for t in timexes[bisect.bisect_left(timex_starts, first):
                                         bisect.bisect_left(timex_starts, last)]
                      if t.end <= last and t.type == "DATE"]
            dated = [(t, when) for t in inside if (when := when_of(t, at.get(t.relative_to)))]
            if not dated:
                # Dates the words cannot fix without a date of publication: kept, told as undated.
                dated = [(t, None) for t in inside if t.anchor_from == "unknown" and t.value.startswith("X")]
            if not dated:
                continue
            whens = dict((t.start, when) for t, when in dated)
            for start, end, timex in _cut(source.text, first, last, [t for t, _ in dated]):
                while start < end and not source.text[start].isalnum() and source.text[start] not in "\"“'‘(":
                    start += 1  # a clause opens on its first word
                if kinds := happenings(source.text[start:end]):  # what happened (who or where: once linked)
                    when = whens[timex.start]
                    found.append(DatedClause(source.key, start, end, index[id(timex)],
                                             when and (when.year, when.month, when.day, when.weekday), kinds,
                                             _focal(source.text, start, end, timex), passage.report, order))
                order += 1
    return found


def _clauses(source: SourceText, dated: list[DatedClause], timexes: list[Timex], mentions: list[Mention],
             people: frozenset[str], sites: frozenset[str], order: int) -> list[_Clause]:
    """`dated` (`_dated`'s clauses of `source`) that name a participant or place, each numbered from `order`."""
    found = []
    # Looked up by offset, so a long source costs its clauses, not clauses times mentions.
    mentions = sorted(mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    for clause in dated:
        named = {m.actor for m in mentions[bisect.bisect_left(mention_starts, clause.start):
                                           bisect.bisect_left(mention_starts, clause.end)] if m.end <= clause.end}
        actors, places = frozenset(named & people), frozenset(named & sites)
        if actors or places:
            found.append(_Clause(source, clause.start, clause.end, clause.when and When(*clause.when),
                                 timexes[clause.timex], clause.kinds, clause.focal, actors, places,
                                 (source.key, clause.report), order + clause.order))
    return found


def _same_event(a: _Clause, b: _Clause) -> bool:
    """Compatible dates and the same happening: a participant in common, or the same day told alike."""
    if not (a.when.compatible(b.when) and a.kinds & b.kinds):
        return False
    if a.places and b.places and not a.places & b.places:
        return False
    same_day = a.when.day is not None and a.when == b.when and bool(a.focal & b.focal)
    return bool(a.actors & b.actors) or bool(a.places & b.places) and not (a.actors and b.actors) or same_day


def _event_keys(clause: _Clause) -> list[tuple]:
    """What two clauses `_same_event` joins share: a year (compatible dates fall in one), a kind,
    and a participant, a place, or the day and the kind it dates."""
    year = clause.when.year
    return [*((year, kind, "actor", actor) for kind in clause.kinds for actor in clause.actors),
            *((year, kind, "place", place) for kind in clause.kinds for place in clause.places),
            *((year, kind, "day", clause.when, focal) for kind in clause.kinds for focal in clause.focal
              if clause.when.day is not None)]


def _conflict_keys(clause: _Clause) -> list[tuple]:
    """What two clauses `_conflicting` pairs share: a dated kind and a participant, and a place or
    days near each other (within `_NEAR_DAYS`, so in one span of that many days plus one or the next)."""
    width = _NEAR_DAYS + 1
    near = [] if clause.when.day is None else [("days", clause.when.days[0].toordinal() // width + shift)
                                               for shift in (0, 1)]
    return [(kind, actor, *where) for kind in clause.focal - {"statement"} for actor in clause.actors
            for where in [*(("place", place) for place in clause.places), *near]]


def _conflicting(a: _Clause, b: _Clause) -> bool:
    """Two tellers date what they tell as one happening on days that cannot agree.

    One happening: what is dated is of one kind, a statement aside (everyone says something every
    day), with a participant in common, at the same place or within days of each other.
    """
    if a.teller == b.teller or a.when.compatible(b.when) or not a.actors & b.actors:
        return False
    if not (a.focal & b.focal) - {"statement"}:
        return False
    near = a.when.day is not None and b.when.day is not None and \
        abs((a.when.days[0] - b.when.days[0]).days) <= _NEAR_DAYS
    return bool(a.places & b.places) or near


def _precision_rank(when: When | None) -> tuple[int, int]:
    if when is None:
        return 0, 0
    return (when.day is not None) * 2 + (when.month is not None), when.weekday is not None


def _lead(members: list[_Clause]) -> _Clause:
    """The clause that words the item: the most precise date, then the shortest telling."""
    return min(members, key=lambda c: (tuple(-x for x in _precision_rank(c.when)), len(c.text), c.order))


def _approximate(clause: _Clause) -> bool:
    """The date was counted from a publication date the case file calls an estimate."""
    return clause.timex.anchored and clause.timex.anchor_from == "case file" and clause.source.meta.date_approximate


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:6]) or "event"


def _weekday(when: When) -> str | None:
    return WEEKDAYS[when.weekday - 1] if when.weekday and not when.day else None


def _claim(members: list[_Clause]) -> DateClaim:
    lead = _lead(members)
    return DateClaim(date=lead.when.iso, weekday=_weekday(lead.when), approximate=_approximate(lead),
                     cite=distinct([c.cite() for c in sorted(members, key=lambda c: c.order)]))


def distinct(cites: list[Citation]) -> list[Citation]:
    """Citations in order, each source's words once."""
    return list({(c.source, c.quote): c for c in cites}.values())


def _describe(claim: DateClaim) -> str:
    return claim.date + (f" (a {claim.weekday})" if claim.weekday else "")


@dataclass
class Happening:
    """One chronology item as told: its versions (tellings that agree on the date), the one most
    tellers give first, and what they name together."""

    id: str
    versions: list[list[_Clause]]

    # Asked of every happening for every sentence and aspect: worked out once.
    @cached_property
    def clauses(self) -> list[_Clause]:
        return [c for version in self.versions for c in version]

    @property
    def lead(self) -> _Clause:
        return _lead(self.versions[0])

    @cached_property
    def kinds(self) -> frozenset[str]:
        return frozenset(k for c in self.clauses for k in c.kinds)

    @cached_property
    def actors(self) -> frozenset[str]:
        return frozenset(a for c in self.clauses for a in c.actors)

    @cached_property
    def places(self) -> frozenset[str]:
        return frozenset(p for c in self.clauses for p in c.places)


def happenings_told(findings: Findings, sources: list[SourceText]) -> list[Happening]:
    """Every dated happening the sources tell, each once, with its tellings grouped by date.

    Findings the chronology has linked carry them already; others have them worked out here."""
    if findings._happenings is not None:
        return findings._happenings
    return _happenings_told(findings, sources)


def _happenings_told(findings: Findings, sources: list[SourceText]) -> list[Happening]:
    people = frozenset(a.id for a in findings.actors if a.kind in ("person", "organisation"))
    sites = frozenset(a.id for a in findings.actors if a.kind == "place" and gazetteer.place(a.name) != "country")
    by_source: dict[str, list[Timex]] = defaultdict(list)
    for timex in findings.timexes:
        by_source[timex.source].append(timex)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for mention in findings.mentions:
        mentions[mention.source].append(mention)
    # Findings not made by extraction (`find_in`) have their clauses cut here; a source without
    # any cuts none either way.
    found = clauses_of(findings) or [c for s in sources for c in _dated(s, _by_start(by_source[s.key]))]
    dated: dict[str, list[DatedClause]] = defaultdict(list)
    for clause in found:
        dated[clause.source].append(clause)
    clauses: list[_Clause] = []
    for source in sources:
        clauses += _clauses(source, dated[source.key], _by_start(by_source[source.key]), mentions[source.key],
                            people, sites, len(clauses))
    undated = [c for c in clauses if c.when is None]
    events = clusters([c for c in clauses if c.when is not None], _same_event, _event_keys)
    # Events told as one happening on irreconcilable days: one item, its dates in conflict.
    items = clusters(events, lambda a, b: any(_conflicting(x, y) for x in a for y in b),
                     lambda event: [key for clause in event for key in _conflict_keys(clause)])
    told, taken = [], set()
    for item in items:
        # The version most tellers give leads; then the one more of whose dates are written out
        # rather than counted from a publication date.
        versions = sorted(item, key=lambda m: (-len({c.teller for c in m}),
                                               -sum(bool(_DIGIT.search(c.timex.text)) for c in m),
                                               min(c.order for c in m)))
        lead = _lead(versions[0])
        event_id = base = f"{lead.when.iso}-{_slug(lead.text)}"
        suffix = 2
        while event_id in taken:
            event_id, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(event_id)
        told.append(Happening(event_id, versions))
    for group in clusters(undated, _same_undated, lambda c: {(c.timex.text.lower(), kind) for kind in c.focal}):
        lead = min(group, key=lambda c: (len(c.text), c.order))
        event_id = base = f"undated-{_slug(lead.text)}"
        suffix = 2
        while event_id in taken:
            event_id, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(event_id)
        told.append(Happening(event_id, [group]))
    return told


def _same_undated(a: _Clause, b: _Clause) -> bool:
    """Told with the same words for when, of the same kind of happening, with someone or somewhere in common."""
    return a.timex.text.lower() == b.timex.text.lower() and bool(a.focal & b.focal) and bool(
        a.actors & b.actors or a.places & b.places)


def link(findings: Findings, sources: list[SourceText]) -> Findings:
    """The chronology of all sources, with the conflicts between them as open questions."""
    chronology, questions = [], []
    grouped = happenings_told(findings, sources)
    for happening in grouped:
        main, others = happening.versions[0], happening.versions[1:]
        lead, event_id = happening.lead, happening.id
        if lead.when is None:
            chronology.append(Event(id=event_id, when=lead.timex.text, text=_sentence_case(lead.text),
                                    cite=distinct([c.cite() for c in main])))
            continue
        claim = _claim(main)
        alternatives = [_claim(m) for m in others]
        chronology.append(Event(id=event_id, date=claim.date, weekday=claim.weekday, approximate=claim.approximate,
                                text=_sentence_case(lead.text), cite=claim.cite, conflicts=alternatives))
        if alternatives:
            told = "; ".join(f"{_describe(c)} in {len({x.source for x in c.cite})} source"
                             f"{'s' * (len({x.source for x in c.cite}) > 1)}" for c in [claim, *alternatives])
            questions.append(OpenQuestion(
                id=f"when-{event_id}", text=f"On what date? {_sentence_case(lead.text)}",
                why=f"The sources give dates that cannot both hold: {told}.",
                cite=distinct([*claim.cite, *(c for alt in alternatives for c in alt.cite)])))
    # The dated clauses are in the happenings now, for the linkers after this one.
    linked = findings.model_copy(update={"chronology": findings.chronology + chronology,
                                         "open_questions": findings.open_questions + questions, "clauses": []})
    linked._clause_rows = []
    linked._happenings = grouped
    return linked


def _sentence_case(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "”", '"')) else text + "."
