"""Competing interpretations and open questions, proposed from what the sources claim.

The topics are the chronology's happenings (`chronology.happenings_told`). A sentence is about a
happening when it names its kind of happening (`data/happenings.tsv`) and one of its places or
participants; a sentence that names the kind alone is about the happening of that kind its
teller named last ("they discussed…" after "met in Qom"). A reading is such a sentence that says
something of one aspect of the happening (`data/aspects.tsv`: what it was for, who was behind
it), whether a source attributes it to someone ("sources said…") or states it. Readings of one
aspect told by two tellers or more (sources, or reports pasted into one) make a question;
readings that share their distinctive words are one hypothesis, held by their speakers; a denial
("ruled out…") sharing a hypothesis's words is evidence against it.

Open questions: what the sources say nobody knows or nobody owned (`data/unknowns.txt`),
numbers the tellers of one happening give differently ("two of three drones" against "two
drones"), and hypotheses that rest on one anonymous source. Nothing here states a reading as
fact: a hypothesis is worded by the sentence that holds it, hedges and attribution included.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, cached_property

from briefing import data, sentences
from briefing.casefile import Citation, Hypothesis, OpenQuestion, Question, Statement
from briefing.chronology import Happening, distinct, happening_words, happenings, happenings_told, word_happenings
from briefing.findings import Attribution, FactSentence, Findings, Mention, sentences_of
from briefing.sources import SourceText

_WORD = re.compile(r"[a-z][a-z'’-]+")
_SUFFIX = re.compile(r"(?<=...)(?:ing|ed|es|s|e)$")
_FACT_KINDS = frozenset({"body", "embedded_report"})
# From this share of the shorter reading's distinctive words, two readings say the same thing.
_SAME_READING = 0.3
_NEAR_WORDS = 8  # words between a happening's word and an actor for a sentence to tie them
_GIST_WORDS = 10  # content words either side of an aspect's marker that say what a reading holds
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_NUMBER_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBER = r"(\d+|" + "|".join(_NUMBER_WORDS) + ")"
# "two of three drones", "two explosive-laden drones": a count, and the total it is part of.
_COUNT = re.compile(rf"\b{_NUMBER}(?:\s+of\s+(?:the\s+)?{_NUMBER})?\s+(?:[a-z-]+\s+){{0,2}}?([a-z]+s)\b", re.I)


@dataclass(frozen=True)
class Aspect:
    name: str
    question: str
    kinds: tuple[str, ...]  # in the data file's order: the first names the event when several apply
    markers: re.Pattern[str]


@cache
def _aspects() -> list[Aspect]:
    found = []
    for line in data.rows("aspects.tsv"):
        name, question, kinds, markers = line.split("\t")
        # As a tree of their letters (`data.tree`): searched in every sentence about a happening.
        words = (marker.strip().lower() for marker in markers.split(","))
        pattern = re.compile(r"\b(?:" + data.tree(words) + r")\b", re.I)
        found.append(Aspect(name, question, tuple(kinds.split()), pattern))
    return found


@cache
def _unknown_markers() -> re.Pattern[str]:
    """The rows of `data/unknowns.txt`, matched case aside: searched in a sentence `data.fold`ed, where
    rows written in lower case match as they would with `re.IGNORECASE`, twice as fast (a test
    checks that they are)."""
    return re.compile(r"\b(?:" + "|".join(f"(?:{row})" for row in data.rows("unknowns.txt")) + r")\b")


@dataclass
class _Sentence:
    source: SourceText
    teller: tuple[str, int | None]  # the source, and the report pasted into it the words belong to
    start: int
    end: int
    kinds: frozenset[str]
    at: tuple[Mention, ...]  # each actor named in it (people, bodies, places), by start
    read: FactSentence  # what its words alone say, read with extraction

    @cached_property
    def text(self) -> str:
        return " ".join(self.source.text[self.start:self.end].split())

    def cite(self) -> Citation:
        return Citation(source=self.source.key, quote=self.text)


@dataclass
class _Reading:
    sentence: _Sentence
    holder: str  # who holds it, as the text names them, or the teller itself
    anonymous: bool
    denial: bool
    words: frozenset[str]


def find_in(source: SourceText, found: Findings) -> Findings:
    """A source's fact-bearing sentences, with extraction: what their words say, before the actors
    they name are linked (`link` adds them)."""
    return Findings(sentences=_read(source))


def _read(source: SourceText) -> list[FactSentence]:
    # Once per source, not once per sentence; folded, not lowered: each character stays one (the
    # words keep their offsets in the text), which "İ" lowered is not.
    lowered = data.fold(source.text)
    key = source.key
    found = []
    for passage in source.layout.passages:
        if passage.use != "facts" or passage.kind not in _FACT_KINDS:
            continue
        for first, last in sentences.split(source.text, passage.start, passage.end):
            text = " ".join(source.text[first:last].split())
            kinds = happenings(source.text[first:last])
            # `_near` asks only of the kinds a sentence names: a sentence naming none needs no words.
            words = _happening_words(lowered, first, last) if kinds else ()
            # An aspect's words matter in a sentence about a happening of its kinds (`marked` reads
            # them elsewhere, for the rare denial that names none).
            aspects = frozenset(a.name for a in _aspects()
                                if not kinds.isdisjoint(a.kinds) and a.markers.search(text))
            unknown = _unknown_markers().search(data.fold(text))
            found.append(FactSentence(key, first, last, passage.report, kinds, words, aspects,
                                      unknown and text[unknown.start():unknown.end()]))
    return found


def _happening_words(lowered: str, first: int, last: int) -> tuple[tuple[int, int, str], ...]:
    """The words of lowered[first:last] that `_WORD` finds and that name a happening, with their offsets.

    Found by `_happening_runs`, in the stretch alone (`_WORD`, searching from `first`, reads nothing
    before it): a word `_WORD` finds runs from the first letter of a run of letters, apostrophes
    and hyphens to its end, so a word naming a happening is one at the start of such a run, after
    its apostrophes and hyphens, that ends it. Only those are found, not every word of the
    sentence to be looked up (a test checks they are the same)."""
    return tuple((first + match.start(1), first + match.end(1), sys.intern(match[1]))
                 for match in _happening_runs().finditer(lowered[first:last]))


@cache
def _happening_runs() -> re.Pattern[str]:
    """A run of letters, apostrophes and hyphens that, from its first letter on, names a happening
    (`chronology.happening_words`, as a tree of their letters)."""
    return re.compile(r"(?<![a-z'’-])['’-]*(" + data.tree(happening_words()) + r")(?![a-z'’-])")


def _sentences(sources: list[SourceText], mentions: list[Mention], read: list[FactSentence]) -> list[_Sentence]:
    """The sentences `read` (`_read`'s, of every source), each with the (linked) actors it names."""
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_source[mention.source].append(mention)
    of_source: dict[str, list[FactSentence]] = defaultdict(list)
    for sentence in read:
        of_source[sentence.source].append(sentence)
    found = []
    for source in sources:
        mine = sorted(by_source[source.key], key=lambda m: (m.start, m.end, m.actor))
        starts = [m.start for m in mine]
        for sentence in of_source[source.key]:
            first, last = sentence.start, sentence.end
            # (A mention inside the sentence starts inside it.)
            at = tuple(m for m in mine[bisect.bisect_left(starts, first):bisect.bisect_left(starts, last)]
                       if m.end <= last)
            found.append(_Sentence(source, (source.key, sentence.report), first, last, sentence.kinds, at, sentence))
    return found


def _near(sentence: _Sentence, kind: str) -> frozenset[str]:
    """The actors named within a few words of a word of `kind`: those the sentence ties to it."""
    text = sentence.source.text
    found = set()
    for start, end, word in sentence.read.words:
        if kind in word_happenings(word):
            for mention in sentence.at:
                gap = text[min(mention.start, end):max(mention.start, start)]
                if len(_WORD.findall(gap.lower())) <= _NEAR_WORDS:
                    found.add(mention.actor)
    return frozenset(found)


def _assign(told: list[_Sentence], events: list[Happening]) -> dict[tuple[int, str], tuple[int, int]]:
    """For each sentence and kind of happening it speaks of, the happening it is about (an index).

    The happening of that kind sharing most of what the sentence names (a place counts three
    times: participants recur across events, a place less often), else the one of that kind its
    teller names nearest to it — before it, or after it when a lead sums up what follows.
    """
    about: dict[tuple[int, str], tuple[int, int]] = {}  # -> (happening, how much the sentence names of it)
    named_at: dict[tuple[tuple[str, int | None], str], list[tuple[int, int]]] = defaultdict(list)
    unnamed: list[tuple[int, _Sentence, str]] = []
    scorer = _Scorer(events)
    for order, sentence in enumerate(told):
        for kind in sorted(sentence.kinds):
            if (best := scorer.best(kind, _near(sentence, kind))) is not None:
                about[(id(sentence), kind)] = (best[1], best[0])
                named_at[(sentence.teller, kind)].append((order, best[1]))
            else:
                unnamed.append((order, sentence, kind))
    for order, sentence, kind in unnamed:
        nearby = named_at.get((sentence.teller, kind))
        if nearby:
            _, index = min(nearby, key=lambda pair: (abs(pair[0] - order), pair[0] > order))
            about[(id(sentence), kind)] = (index, 0)
    return about


class _Scorer:
    """The happening of a kind a sentence's names point to: the one sharing most of them, a place
    counting three times, then the one most tellers tell, then the first.

    Only a happening of the kind that shares a name with the sentence can score, so those are looked
    up by kind and name. A name every source uses ("Iran") is shared by thousands of happenings, all
    of which score its weight alone unless they share another name too: only the sentence's other
    names' happenings are scored one by one, and of the most shared name's, the one that ranks
    first by tellers and order (worked out once) stands for all that share nothing else.
    """

    def __init__(self, events: list[Happening]) -> None:
        self.tellers = [len({c.teller for c in e.clauses}) for e in events]
        # A place is named in a happening's places only, a participant in its actors only (an actor
        # has one kind): what a shared name weighs does not depend on the happening.
        self.weight: dict[str, int] = {}
        naming: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, event in enumerate(events):
            self.weight |= dict.fromkeys(event.actors, 1) | dict.fromkeys(event.places, 3)
            for kind in event.kinds:
                for name in event.places | event.actors:
                    naming[(kind, name)].append(index)
        self.naming = {key: frozenset(indices) for key, indices in naming.items()}
        self.first = {key: min(indices, key=lambda i: (-self.tellers[i], i)) for key, indices in naming.items()}

    def best(self, kind: str, named: frozenset[str]) -> tuple[int, int] | None:
        """(score, happening) of the best happening of `kind` for a sentence naming `named`, if any."""
        shared = sorted(((len(self.naming[(kind, n)]), n) for n in named if (kind, n) in self.naming), reverse=True)
        if not shared:
            return None
        most = shared[0][1]
        candidates = {i for _, name in shared[1:] for i in self.naming[(kind, name)]} | {self.first[(kind, most)]}
        sets = [(self.naming[(kind, name)], self.weight[name]) for _, name in shared]
        scored = [(sum(weight for indices, weight in sets if i in indices), i) for i in candidates]
        return max(scored, key=lambda pair: (pair[0], self.tellers[pair[1]], -pair[1]))


def _topic(about: dict[tuple[int, str], tuple[int, int]], sentence: _Sentence, aspect: Aspect) -> int | None:
    """The one happening a sentence speaks of in an aspect: the one it names most of."""
    options = [about[(id(sentence), kind)] for kind in sorted(aspect.kinds) if (id(sentence), kind) in about]
    return max(options, key=lambda option: (option[1], -option[0]))[0] if options else None


def _reading(sentence: _Sentence, said: list[Attribution], outlet: str,
             marker: re.Pattern[str] | None = None) -> _Reading:
    inside = _inside(sentence, said)
    speaker = next((a for a in inside if a.speaker is not None), None)
    return _Reading(sentence, speaker.speaker.text if speaker else outlet,
                    bool(inside) and all(a.grade == "anonymous" for a in inside), _denial(inside),
                    _gist(sentence, marker))


def _inside(sentence: _Sentence, said: list[Attribution]) -> list[Attribution]:
    """The attributions whose cue is in the sentence."""
    return [a for a in said if sentence.start <= a.cue.start < sentence.end]


def _denial(inside: list[Attribution]) -> bool:
    return any(a.kind == "denial" or any(h.kind == "denial" for h in a.hedges) for a in inside)


def _gist(sentence: _Sentence, marker: re.Pattern[str] | None) -> frozenset[str]:
    """What a reading says: the content words around its aspect's marker ("the aim … is to prepare a
    united front"), each name standing for its actor, so "American" and "US" say the same."""
    text = sentence.source.text
    tokens: list[tuple[int, str]] = []
    cursor = sentence.start
    for start, end, actor in (*((m.start, m.end, m.actor) for m in sentence.at), (sentence.end, sentence.end, None)):
        if start < cursor:
            continue
        tokens += [(cursor + m.start(), w) for m in _WORD.finditer(text[cursor:start].lower())
                   if (w := _stem(m[0]))]
        if actor is not None:
            tokens.append((start, f"@{actor}"))
        cursor = end
    found = marker.search(text, sentence.start, sentence.end) if marker else None
    if found is not None and tokens:
        at = min(range(len(tokens)), key=lambda i: abs(tokens[i][0] - found.start()))
        tokens = tokens[max(0, at - _GIST_WORDS):at + _GIST_WORDS + 1]
    return frozenset(token for _, token in tokens)


def _stem(word: str) -> str | None:
    """A word as a reading's gist counts it: its concept (`data/concepts.tsv`), else its crude stem."""
    if word in data.words("stopwords.txt") or len(word) <= 2:
        return None
    return _concepts().get(word) or _SUFFIX.sub("", word)


@cache
def _concepts() -> dict[str, str]:
    return {word: f"#{concept}" for line in data.rows("concepts.tsv")
            for concept, words in [line.split("\t")] for word in words.split()}


def _against(groups: list[list[_Reading]], denials: list[_Reading], counts: Counter[str],
             common: frozenset[str]) -> list[list[_Reading]]:
    """Each denial as evidence against the one hypothesis whose distinctive words it shares most.

    A shared word weighs by how few readings use it ("resistance" in one reading outweighs "leaders"
    in all); a denial weighing less than one rare word bears on none. Shown with its own words, so
    a reader can judge it."""
    found: list[list[_Reading]] = [[] for _ in groups]
    for denial in denials:
        words = denial.words - common
        weights = [sum(1 / counts[w] for w in words & {w for r in group for w in r.words} if counts[w])
                   for group in groups]
        best = max(range(len(groups)), key=lambda i: (weights[i], -i), default=None)
        if best is not None and weights[best] >= 1:
            found[best].append(denial)
    return found


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the shorter reading's words the other has: long sentences still match short ones."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _hypotheses(readings: list[_Reading], common: frozenset[str]) -> list[list[_Reading]]:
    """Readings grouped by what they say: single-link on shared words beyond those most readings share."""
    groups: list[list[_Reading]] = []
    for reading in readings:
        words = reading.words - common
        home = next((g for g in groups if any(_overlap(words, r.words - common) >= _SAME_READING for r in g)), None)
        if home is None:
            groups.append([reading])
        else:
            home.append(reading)
    return groups


def _slug(*parts: str) -> str:
    return "-".join(w for part in parts for w in re.findall(r"[a-z0-9]+", part.lower()))[:60].strip("-")


def _event_name(event: Happening, kinds: tuple[str, ...], names: dict[str, str]) -> str:
    """'the meeting in Qom in January 2020', 'the attack on 7 November 2021'."""
    focal = Counter(k for c in event.clauses for k in c.focal if k in kinds)
    kind = max(kinds, key=lambda k: (focal[k], -kinds.index(k)))
    places = Counter(p for c in event.clauses for p in c.places)
    where = f" in {names[max(places, key=lambda p: (places[p], p))]}" if places else ""
    when = event.lead.when
    if when is None:
        date = f" told as “{event.lead.timex.text}”"
    elif when.day:
        date = f" on {when.day} {_MONTHS[when.month - 1]} {when.year}"
    elif when.month:
        date = f" in {_MONTHS[when.month - 1]} {when.year}"
    else:
        date = f" in {when.year}"
    return f"the {kind}{where}{date}"


def link(findings: Findings, sources: list[SourceText]) -> Findings:
    """Questions with competing hypotheses, and open questions, from all sources' claims."""
    names = {a.id: a.name for a in findings.actors}
    events = happenings_told(findings, sources)
    # Findings not made by extraction (`find_in`) have their sentences read here; a source without
    # any reads none either way.
    read = sentences_of(findings) or [sentence for source in sources for sentence in _read(source)]
    told = _sentences(sources, findings.mentions, read)
    about = _assign(told, events)
    outlets = {s.key: s.meta.outlet or s.layout.outlet or s.meta.file for s in sources}
    said: dict[str, list[Attribution]] = defaultdict(list)
    for attribution in findings.attributions:
        if attribution.claim:
            said[attribution.source].append(attribution)

    def marked(aspect: Aspect, order: int) -> bool:
        sentence = told[order]
        if sentence.kinds.isdisjoint(aspect.kinds):  # not looked at with extraction
            return bool(aspect.markers.search(sentence.text))
        return aspect.name in sentence.read.aspects

    # Asked of a sentence for every happening whose place and participant it names (many, for a
    # sentence naming a capital and a country): answered once.
    denying: dict[int, bool] = {}

    def denies(order: int) -> bool:
        if order not in denying:
            sentence = told[order]
            denying[order] = _denial(_inside(sentence, said[sentence.source.key]))
        return denying[order]

    on_topic: dict[tuple[str, int], list[int]] = defaultdict(list)
    for aspect in _aspects():
        for order, sentence in enumerate(told):
            if (topic := _topic(about, sentence, aspect)) is not None and marked(aspect, order):
                on_topic[(aspect.name, topic)].append(order)
    of_event: dict[int, dict[int, None]] = defaultdict(dict)  # happening -> its sentences, in order
    for order, sentence in enumerate(told):
        for kind in sorted(sentence.kinds):
            if (index := about.get((id(sentence), kind), (None,))[0]) is not None and kind in events[index].kinds:
                of_event[index][order] = None
    naming: dict[str, list[int]] = defaultdict(list)
    for order, sentence in enumerate(told):
        for name in dict.fromkeys(mention.actor for mention in sentence.at):
            naming[name].append(order)
    questions, open_questions = [], []
    for index, event in enumerate(events):
        for aspect in _aspects():
            kinds = tuple(k for k in aspect.kinds if k in event.kinds)
            if not kinds:
                continue
            readings = [_reading(told[o], said[told[o].source.key], outlets[told[o].source.key], aspect.markers)
                        for o in on_topic.get((aspect.name, index), ())]
            held = [r for r in readings if not r.denial]
            if len({r.sentence.teller for r in held}) < 2:
                continue
            # A denial need not use the aspect's words ("the source ruled out Sadr's involvement in
            # an armed resistance"): one that names the happening's place and a participant is about it.
            # (The sentences naming one of its places and one of its participants.)
            near = sorted({o for place in event.places for o in naming.get(place, ())}
                          & {o for actor in event.actors for o in naming.get(actor, ())})
            denials = [r for r in readings if r.denial] + [
                _reading(s := told[o], said[s.source.key], outlets[s.source.key]) for o in near
                if denies(o) and not marked(aspect, o)]
            question = _question(_event_name(event, kinds, names), event, aspect, held, denials, names)
            questions.append(question)
            open_questions += _single_anonymous(question, held)
        open_questions += _numbers(event, [told[o] for o in sorted(of_event.get(index, {}))])
    linked = findings.model_copy(update={
        "questions": findings.questions + questions,
        "open_questions": findings.open_questions + open_questions + _unknowns(told), "sentences": []})
    linked._sentence_rows = []
    # The last step that reads the chronology's happenings: their clauses (every dated sentence) are
    # not held while the brief is made (a later step asking for them would work them out again).
    linked._happenings = None
    return linked


def _question(event_name: str, event: Happening, aspect: Aspect, held: list[_Reading], denials: list[_Reading],
              names: dict[str, str]) -> Question:
    question_id = _slug(aspect.name, event.id)
    # Words most readings share say what the question is about, not which answer a reading gives.
    counts = Counter(w for r in held for w in r.words)
    common = frozenset(w for w, n in counts.items() if n > len(held) / 2) | frozenset(
        f"@{actor}" for actor in event.actors | event.places)
    groups = _hypotheses(held, common)
    against_of = _against(groups, denials, counts, common)
    hypotheses = []
    for number, group in enumerate(groups, start=1):
        against = against_of[number - 1]
        lead = min(group, key=lambda r: (len(r.sentence.text), r.sentence.source.key, r.sentence.start))
        hypotheses.append(Hypothesis(
            id=f"{question_id}-{number}", text=lead.sentence.text,
            cite=distinct([r.sentence.cite() for r in group]),
            evidence_for=[Statement(text=r.sentence.text, cite=[r.sentence.cite()]) for r in group if r is not lead],
            evidence_against=[Statement(text=d.sentence.text, cite=[d.sentence.cite()]) for d in against]))
    return Question(id=question_id, question=aspect.question.format(event=event_name),
                    cite=distinct([c.cite() for c in event.versions[0]][:3]), hypotheses=hypotheses)


def _single_anonymous(question: Question, held: list[_Reading]) -> list[OpenQuestion]:
    """A hypothesis no named source holds, told by one teller only: it stands on one anonymous source."""
    found = []
    for hypothesis in question.hypotheses:
        quotes = {c.quote for c in hypothesis.cite}
        holders = [r for r in held if r.sentence.text in quotes]
        if holders and all(r.anonymous for r in holders) and len({r.sentence.teller for r in holders}) == 1:
            found.append(OpenQuestion(
                id=f"anonymous-{hypothesis.id}", text=f"{question.question} One reading rests on one anonymous "
                f"source: “{hypothesis.text}”", why="Only one unnamed source, in one outlet, holds this reading.",
                cite=hypothesis.cite))
    return found


def _count(match: re.Match[str]) -> int:
    part, total = match[1], match[2]
    values = [int(v) if v.isdigit() else _NUMBER_WORDS[v.lower()] for v in (part, total) if v]
    return max(values)


def _numbers(event: Happening, told: list[_Sentence]) -> list[OpenQuestion]:
    """How many of a thing the happening involved, when its tellers give different numbers."""
    counted: dict[str, dict[int, list[tuple[_Sentence, str]]]] = defaultdict(lambda: defaultdict(list))
    for sentence in told:
        for match in _COUNT.finditer(sentence.text):
            noun = match[3].lower()
            if noun in data.words("counted_nouns.txt"):
                counted[noun][_count(match)].append((sentence, match[0]))
    found = []
    for noun, values in sorted(counted.items()):
        tellers = {v: {s.teller for s, _ in told_} for v, told_ in values.items()}
        if len(values) < 2 or len(set().union(*tellers.values())) < 2:
            continue
        told_as = "; ".join(f"“{values[v][0][1]}”" for v in sorted(values))
        found.append(OpenQuestion(
            id=_slug("how-many", noun, event.id), text=f"How many {noun}? The sources give {told_as}.",
            why="The tellers of one happening give different numbers.",
            cite=distinct([s.cite() for v in sorted(values) for s, _ in values[v]])))
    return found


def _unknowns(told: list[_Sentence]) -> list[OpenQuestion]:
    """What a source itself says nobody knows or nobody owned; one item per distinct statement."""
    found: dict[str, OpenQuestion] = {}
    for sentence in told:
        if marker := sentence.read.unknown:
            key = _slug(sentence.text)[:40]
            if key in found:
                continue
            found[key] = OpenQuestion(id=f"unknown-{key}", text=sentence.text,
                                      why=f"The source itself says so: “{marker}”.", cite=[sentence.cite()])
    return list(found.values())
