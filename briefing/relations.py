"""Who stands how to whom: the edges of the actor map, each cited like any statement.

Edges are read after the case file is merged in, so they join the actors the brief shows (a
case-file actor that takes an extracted one over under another id keeps its edges) and the
analyst's own roles and chronology give edges as extracted ones do:

- a role names another actor after a role word (`data/relation_words.tsv`): "head of the X" —
  leads X; "member of X", "deputy head of X" — belongs to X; "led by Y" — Y leads;
- a chronology item names two people or bodies in a sentence with a meeting word (met), or
  someone before an attack or killing word and people or bodies after it (attacked);
- an attribution whose cue accuses (`data/cues.tsv`: accuse, blame, condemn…) has a speaker
  and names another actor in what it says (accused).

The words of an edge are those its statement rests on: the role's, the item's or the
accusation's citations.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal, NamedTuple

from briefing import data, gazetteer
from briefing.casefile import Actor, CaseFile, Citation
from briefing.chronology import happenings
from briefing.findings import Attribution, Mention
from briefing.sources import SourceText

Kind = Literal["leads", "belongs_to", "met", "attacked", "accused"]
# How each edge reads between two names, for the list under the map and the exports.
VERBS: dict[str, str] = {"leads": "leads", "belongs_to": "belongs to", "met": "met", "attacked": "attacked",
                         "accused": "accused"}
_WORD = re.compile(r"[\w'’-]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|;\s+")
# Where the noun phrase after "head of" ends: its last actor is what the role's holder heads.
_PHRASE_END = re.compile(r",|;|\.(?:\s|$)|\s(?:and|who|whose|which|that|since|until|after|before|in|on|at)\s")
_ROLE_CUE = re.compile(r"([\w-]+)\s+(of|for|by)\s+", re.I)
# Where a clause of a chronology item ends: who met or attacked whom is told within one.
_CLAUSE = re.compile(r"[,;:()\[\]]|\s(?:who|which|where|while|whereas|after|before|when)\s")
_POSSESSIVE = re.compile(r"['’]s?(?!\w)")
_PEOPLE = ("person", "organisation")


class Relation(NamedTuple):
    """An edge of the actor map: `source` stands as `kind` to `target` (actor ids), on these citations."""

    source: str
    target: str
    kind: Kind
    cite: tuple[Citation, ...]


@cache
def _role_words() -> dict[str, str]:
    table = {}
    for line in data.rows("relation_words.tsv"):
        kind, words = line.split("\t")
        table.update(dict.fromkeys(words.split(), kind))
    return table


class _Names:
    """Finds the actors a text names, by their names and aliases as written (longest first)."""

    def __init__(self, actors: list[Actor]) -> None:
        owners: dict[str, set[str]] = {}
        for actor in actors:
            for name in {actor.name, *actor.aliases}:
                owners.setdefault(" ".join(name.split()).removeprefix("the "), set()).add(actor.id)
        # A spelling two actors share says neither.
        self._owner = {name: ids.pop() for name, ids in owners.items() if len(ids) == 1 and len(name) > 1}
        spellings = sorted(self._owner, key=lambda n: (-len(n), n))
        self._pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in spellings) + r")(?![\w])") if spellings else None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
        """(offset, actor id) of each name in `text[start:end]`, in order."""
        if self._pattern is None:
            return []
        return [(m.start(), self._owner[m.group()]) for m in self._pattern.finditer(text, start, end or len(text))]


def _from_role(holder: str, text: str, names: _Names) -> list[tuple[str, str, Kind]]:
    """Edges a role's first sentence states: (source, target, kind)."""
    first = _SENTENCE.split(text.strip(), maxsplit=1)[0]
    words = _role_words()
    found: list[tuple[str, str, Kind]] = []
    for cue in _ROLE_CUE.finditer(first):
        word, preposition = cue.group(1).lower(), cue.group(2).lower()
        before = _WORD.findall(first[:cue.start()].lower())[-1:]
        kind = words.get(f"{before[0]}+{word}" if before else word) or words.get(word)
        if before and words.get(before[0]) == "belongs_to" and kind == "leads":
            kind = "belongs_to"  # "deputy head of"
        if kind is None or (preposition == "by") != (kind == "led_by"):
            continue
        # The phrase runs to a clause boundary or the next role word ("chief of staff of the X").
        ends = [m.start() for m in (_PHRASE_END.search(first, cue.end()), _ROLE_CUE.search(first, cue.end())) if m]
        named = [(at, actor) for at, actor in names.find(first, cue.end(), min(ends, default=None))
                 if actor != holder and not _modifier(first, at)]
        if not named:
            continue
        # The head of an English noun phrase comes last: "the IRGC's Quds Force".
        other = named[-1][1]
        found.append((other, holder, "leads") if kind == "led_by" else (holder, other, kind))
    return found


def _modifier(text: str, at: int) -> bool:
    """The name at `at` qualifies a noun rather than naming the one meant: "Iran's army", "Quds Force commander"."""
    rest = text[at:]
    name_end = re.match(r"\S+(?:\s+[A-Z]\S*)*", rest)
    after = rest[name_end.end():] if name_end else ""
    following = _WORD.match(after.lstrip())
    return bool(_POSSESSIVE.match(after) or _POSSESSIVE.search(name_end.group() if name_end else "")
                or (following and following.group().lower() in _role_words()))


def _is_country(actor: Actor) -> bool:
    return actor.kind == "place" and gazetteer.place(actor.name) == "country"


def _from_event(text: str, names: _Names, actors: dict[str, Actor]) -> list[tuple[str, str, Kind]]:
    """Edges a chronology item's sentences state: who met whom, who attacked whom."""
    found: list[tuple[str, str, Kind]] = []
    starts = [0, *(m.end() for m in _CLAUSE.finditer(text))]
    ends = [*(m.start() for m in _CLAUSE.finditer(text)), len(text)]
    for start, end in zip(starts, ends, strict=True):
        clause = text[start:end]
        named = [(at, a) for at, a in names.find(clause) if a in actors and not _modifier(clause, at)]
        for word in _WORD.finditer(clause):
            kinds = happenings(word.group())
            if not kinds & {"meeting", "attack", "killing"}:
                continue
            after = list(dict.fromkeys(a for at, a in named if at > word.start() and actors[a].kind in _PEOPLE))
            if "meeting" in kinds:
                before = list(dict.fromkeys(a for at, a in named if at < word.start() and actors[a].kind in _PEOPLE))
                # "A met B"; "A and B met" when nobody is named after the word.
                found += [(a, b, "met") for a in before for b in after] if after else [
                    (a, b, "met") for i, a in enumerate(before) for b in before[i + 1:]]
            else:
                attackers = [a for at, a in named if at < word.start()
                             and (actors[a].kind in _PEOPLE or _is_country(actors[a]))]
                if attackers:
                    found += [(attackers[-1], target, "attacked") for target in after if target != attackers[-1]]
    return found


def _from_accusation(said: Attribution, source: SourceText, named: list[Mention],
                     actors: dict[str, Actor]) -> tuple[str, str, Citation] | None:
    """(speaker, accused, the words) of an accusation that names someone; `named` are the source's mentions."""
    if said.kind != "accusation" or not said.claim or said.actor_mention is None:
        return None
    speaker = next((m.actor for m in named if m.start == said.actor_mention.start), None)
    if speaker is None or actors[speaker].kind not in _PEOPLE:
        return None
    accused = next((m.actor for m in named if said.content.start <= m.start < said.content.end
                    and m.actor != speaker and actors[m.actor].kind in _PEOPLE), None)
    if accused is None:
        return None
    first = min(said.cue.start, said.actor_mention.start, said.content.start)
    last = max(said.cue.end, said.actor_mention.end, said.content.end)
    return speaker, accused, Citation(source=said.source, quote=" ".join(source.text[first:last].split()))


def link(facts: CaseFile, mentions: list[Mention], attributions: list[Attribution],
         sources: list[SourceText]) -> list[Relation]:
    """Every edge the merged facts and the attributions state, once per (source, target, kind)."""
    actors = {actor.id: actor for actor in facts.actors}
    names = _Names(facts.actors)
    edges: dict[tuple[str, str, Kind], list[Citation]] = {}

    def add(source: str, target: str, kind: Kind, cite: list[Citation]) -> None:
        if kind == "met":
            source, target = sorted((source, target))
        if source != target:
            known = edges.setdefault((source, target, kind), [])
            known += [c for c in cite if c not in known]

    for actor in facts.actors:
        for role in actor.roles:
            for source, target, kind in _from_role(actor.id, role.text, names):
                add(source, target, kind, role.cite)
    for event in facts.chronology:
        for source, target, kind in _from_event(event.text, names, actors):
            add(source, target, kind, event.cite)
    by_source: dict[str, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: (m.source, m.start)):
        if mention.actor in actors:
            by_source.setdefault(mention.source, []).append(mention)
    by_key = {source.key: source for source in sources}
    for said in sorted(attributions, key=lambda a: (a.source, a.cue.start)):
        named = by_source.get(said.source, [])
        if said.source in by_key and (edge := _from_accusation(said, by_key[said.source], named, actors)):
            add(edge[0], edge[1], "accused", [edge[2]])
    return [Relation(source, target, kind, tuple(cite)) for (source, target, kind), cite in edges.items()]
