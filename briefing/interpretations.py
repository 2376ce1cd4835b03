"""Competing interpretations and open questions, proposed from what the sources claim.

A topic is a kind of happening at a place (`data/happenings.tsv`: "the meeting in Qom") told by
at least two tellers — sources, or reports pasted into one. A reading is a sentence that says
something of a topic's aspect (`data/aspects.tsv`: what it was for, who was behind it), whether
a source attributes it to someone ("sources said…") or states it. Readings of one aspect of one
topic form a question; readings that share their content words form one hypothesis, held by
their speakers; a denial ("ruled out…") that shares a hypothesis's words is evidence against it.
Each question carries an ACH matrix: every reading against every hypothesis — consistent,
inconsistent or neutral.

Open questions come from what the sources say nobody knows (nobody claimed an act, it is unclear)
and from the chronology's date conflicts (`chronology.link`). Nothing here states a reading as
fact: a hypothesis is worded by the sentence that holds it, hedges and attribution included.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from briefing import data, gazetteer, sentences
from briefing.casefile import Citation, Hypothesis, OpenQuestion, Question, Statement
from briefing.chronology import happenings
from briefing.findings import Attribution, Findings, Mention
from briefing.sources import SourceText

_WORD = re.compile(r"[a-z][a-z'’-]+")
_FACT_KINDS = frozenset({"body", "embedded_report"})
# Below this share of content words, two readings say different things.
_SAME_READING = 0.3
_NEAR_WORDS = 8  # words between a happening and a place for a sentence to say where it happened


@dataclass(frozen=True)
class Aspect:
    name: str
    question: str
    kinds: frozenset[str]
    markers: re.Pattern[str]


@cache
def _aspects() -> list[Aspect]:
    found = []
    for line in data.rows("aspects.tsv"):
        name, question, kinds, markers = line.split("\t")
        words = sorted((m.strip() for m in markers.split(",")), key=len, reverse=True)
        found.append(Aspect(name, question, frozenset(kinds.split()),
                            re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)))
    return found


@cache
def _unknown_markers() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{row})" for row in data.rows("unknowns.txt")) + r")\b", re.I)


@cache
def _stop() -> frozenset[str]:
    return data.words("stopwords.txt")


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _stop() and len(w) > 2)


@dataclass
class _Sentence:
    source: SourceText
    teller: tuple[str, int | None]  # the source, and the report pasted into it the words belong to
    start: int
    end: int
    kinds: frozenset[str]
    places: frozenset[str]
    at: tuple[tuple[int, str], ...]  # each place mention: offset and actor id

    @property
    def text(self) -> str:
        return " ".join(self.source.text[self.start:self.end].split())

    def cite(self) -> Citation:
        return Citation(source=self.source.key, quote=self.text)


@dataclass
class _Reading:
    sentence: _Sentence
    holder: str  # who holds it, as the text names them, or the teller itself
    denial: bool
    words: frozenset[str]


def _sentences(sources: list[SourceText], mentions: list[Mention], places: dict[str, str]) -> list[_Sentence]:
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.actor in places:
            by_source[mention.source].append(mention)
    found = []
    for source in sources:
        for passage in source.layout.passages:
            if passage.use != "facts" or passage.kind not in _FACT_KINDS:
                continue
            for first, last in sentences.split(source.text, passage.start, passage.end):
                at = tuple((m.start, m.actor) for m in by_source[source.key] if first <= m.start and m.end <= last)
                found.append(_Sentence(source, (source.key, passage.report), first, last,
                                       happenings(source.text[first:last]), frozenset(a for _, a in at), at))
    return found


def _topics(told: list[_Sentence]) -> dict[tuple[str, str], set[tuple[str, int | None]]]:
    """(kind, place) told by two tellers or more, with the tellers that tell it."""
    tellers: dict[tuple[str, str], set[tuple[str, int | None]]] = defaultdict(set)
    for sentence in told:
        for kind in sentence.kinds:
            for place in sentence.places:
                tellers[(kind, place)].add(sentence.teller)
    return {topic: who for topic, who in tellers.items() if len(who) >= 2}


def _named(sentence: _Sentence) -> set[tuple[str, str]]:
    """(kind, place) pairs a sentence names together: the place within a few words of the kind's word."""
    text = sentence.source.text
    pairs = set()
    for match in _WORD.finditer(text.lower(), sentence.start, sentence.end):
        for kind in happenings(match[0]):
            for offset, place in sentence.at:
                gap = text[min(offset, match.end()):max(offset, match.start())]
                if len(_WORD.findall(gap)) <= _NEAR_WORDS:
                    pairs.add((kind, place))
    return pairs


def _assign(told: list[_Sentence], topics: dict[tuple[str, str], set]) -> dict[int, dict[str, str]]:
    """Per sentence, per kind of happening, the place of the topic it is about: the one it names
    (kind and place close together), else the one of that kind its teller last named ("they
    discussed…" after "met in Qom")."""
    about: dict[int, dict[str, str]] = {}
    last: dict[tuple[str, int | None], dict[str, str]] = defaultdict(dict)
    for sentence in told:
        recent = last[sentence.teller]
        for kind, place in sorted(_named(sentence) & set(topics), key=lambda t: (len(topics[t]), t)):
            recent[kind] = place
        about[id(sentence)] = {kind: recent[kind] for kind in sentence.kinds | _aspect_kinds(sentence)
                               if kind in recent}
    return about


def _aspect_kinds(sentence: _Sentence) -> frozenset[str]:
    """The kinds a sentence asks about by its aspect words alone ("the aim was…" of a meeting)."""
    return frozenset(kind for aspect in _aspects() if aspect.markers.search(sentence.text) for kind in aspect.kinds)


def _reading(sentence: _Sentence, said: list[Attribution], outlet: str) -> _Reading:
    inside = [a for a in said if sentence.start <= a.cue.start < sentence.end]
    denial = any(a.kind == "denial" or any(h.kind == "denial" for h in a.hedges) for a in inside)
    holder = next((a.speaker.text for a in inside if a.speaker is not None), outlet)
    return _Reading(sentence, holder, denial, _content_words(sentence.text))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the shorter reading's words the other has: long sentences still match short ones."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _hypotheses(readings: list[_Reading], topic_words: frozenset[str]) -> list[list[_Reading]]:
    """Readings grouped by what they say: single-link on shared content words beyond the topic's own."""
    groups: list[list[_Reading]] = []
    for reading in readings:
        words = reading.words - topic_words
        home = next((g for g in groups if any(_overlap(words, r.words - topic_words) >= _SAME_READING for r in g)),
                    None)
        if home is None:
            groups.append([reading])
        else:
            home.append(reading)
    return groups


def _slug(*parts: str) -> str:
    return "-".join(w for part in parts for w in re.findall(r"[a-z0-9]+", part.lower()))[:60].strip("-")


def _event_name(kind: str, place: str) -> str:
    return f"the {kind} in {place}"


def link(findings: Findings, sources: list[SourceText]) -> Findings:
    """Questions with competing hypotheses, and open questions, from all sources' claims."""
    names = {a.id: a.name for a in findings.actors}
    places = {a.id: a.name for a in findings.actors
              if a.kind == "place" and gazetteer.place(a.name) != "country"}
    told = _sentences(sources, findings.mentions, places)
    outlets = {s.key: s.meta.outlet or s.layout.outlet or s.meta.file for s in sources}
    said: dict[str, list[Attribution]] = defaultdict(list)
    for attribution in findings.attributions:
        if attribution.claim:
            said[attribution.source].append(attribution)
    topics = _topics(told)
    about = _assign(told, topics)
    questions = []
    for (kind, place), tellers in sorted(topics.items(), key=lambda t: (-len(t[1]), t[0])):
        in_topic = [s for s in told if about[id(s)].get(kind) == place]
        topic_words = _content_words(names[place]) | {kind}
        for aspect in _aspects():
            if kind not in aspect.kinds:
                continue
            readings = [_reading(s, said[s.source.key], outlets[s.source.key]) for s in in_topic
                        if aspect.markers.search(s.text)]
            held = [r for r in readings if not r.denial]
            if len({r.sentence.teller for r in held}) < 2:
                continue
            questions.append(_question(kind, names[place], aspect, held, [r for r in readings if r.denial],
                                       topic_words, in_topic))
    return findings.model_copy(update={
        "questions": findings.questions + questions,
        "open_questions": findings.open_questions + _unknowns(told)})


def _question(kind: str, place: str, aspect: Aspect, held: list[_Reading], denials: list[_Reading],
              topic_words: frozenset[str], in_topic: list[_Sentence]) -> Question:
    event = _event_name(kind, place)
    question_id = _slug(aspect.name, kind, place)
    hypotheses = []
    for number, group in enumerate(_hypotheses(held, topic_words), start=1):
        against = [d for d in denials
                   if any(_overlap(d.words - topic_words, r.words - topic_words) >= _SAME_READING / 2 for r in group)]
        lead = min(group, key=lambda r: (len(r.sentence.text), r.sentence.source.key, r.sentence.start))
        hypotheses.append(Hypothesis(
            id=f"{question_id}-{number}", text=lead.sentence.text,
            cite=_unique([r.sentence.cite() for r in group]),
            evidence_for=[Statement(text=r.sentence.text, cite=[r.sentence.cite()]) for r in group if r is not lead],
            evidence_against=[Statement(text=d.sentence.text, cite=[d.sentence.cite()]) for d in against]))
    raising = [s for s in in_topic if place in s.places]
    return Question(id=question_id, question=aspect.question.format(event=event),
                    cite=_unique([s.cite() for s in raising][:3] or [hypotheses[0].cite[0]]),
                    hypotheses=hypotheses)


def _unique(cites: list[Citation]) -> list[Citation]:
    return list({(c.source, c.quote): c for c in cites}.values())


def _unknowns(told: list[_Sentence]) -> list[OpenQuestion]:
    """What a source itself says nobody knows or nobody owned; one item per distinct statement."""
    found: dict[str, OpenQuestion] = {}
    for sentence in told:
        if marker := _unknown_markers().search(sentence.text):
            key = _slug(sentence.text)[:40]
            if key in found:
                continue
            found[key] = OpenQuestion(id=f"unknown-{key}", text=sentence.text,
                                      why=f"The source itself says so: “{marker[0]}”.", cite=[sentence.cite()])
    return list(found.values())
