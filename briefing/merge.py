"""Stage 3: the analyst's case file over extracted findings.

A case-file item replaces the extracted item with the same id, or one that rests on the same
words (it cites them, or words within them); `suppress` drops extracted items by id. Actors
have more control: a case-file actor also takes over the extracted actors it names in `merge`,
or whose names are its own, and the mentions spelled as its aliases.
The result is a case file holding every fact the brief will state, and the mentions behind
its actors.
"""

from __future__ import annotations

from dataclasses import replace

from briefing import names
from briefing.casefile import Actor, CaseFile, Citation
from briefing.errors import InputError
from briefing.findings import FACT_SECTIONS, Findings, Mention


def merge(case: CaseFile, findings: Findings, where: object = None) -> tuple[CaseFile, list[Mention]]:
    suppressed = set(case.suppress)
    extracted_ids = {item.id for name in FACT_SECTIONS for item in getattr(findings, name)}
    unknown = sorted(suppressed - extracted_ids)
    if unknown:
        raise InputError(f"suppress: no extracted item has the id {unknown[0]!r}; remove it from `suppress`", where)
    update = {}
    for name in FACT_SECTIONS:
        if name == "actors":
            continue
        analyst = getattr(case, name)
        taken = {item.id for item in analyst} | suppressed
        told = {_words(c) for item in analyst for c in _citations(item)}
        update[name] = analyst + [item for item in getattr(findings, name)
                                  if item.id not in taken and not _retold(item, told)]
    actors, mentions = _merge_actors(case.actors, findings, suppressed, where)
    return case.model_copy(update=update | {"actors": actors}), mentions


def _words(citation: Citation) -> tuple[str, str]:
    return citation.source, " ".join(citation.quote.split()).lower()


def _citations(item: object) -> list[Citation]:
    """Every citation in an item, its hypotheses' and evidence's included."""
    found = list(getattr(item, "cite", []))
    for part in ("hypotheses", "evidence_for", "evidence_against", "conflicts"):
        for inner in getattr(item, part, []):
            found += _citations(inner)
    return found


def _retold(item: object, told: set[tuple[str, str]]) -> bool:
    """The analyst states this item already: one of theirs cites the words it rests on (or words within them)."""
    for citation in _citations(item):
        source, words = _words(citation)
        if any(source == s and (words in w or w in words) for s, w in told):
            return True
    return False


def _spelling(name: str) -> str:
    return " ".join(name.split()).removeprefix("the ")


def _names(actor: Actor) -> set[str]:
    return {names.normalise(name) for name in (actor.name, *actor.aliases)}


def _merge_actors(analyst: list[Actor], findings: Findings, suppressed: set[str],
                  where: object) -> tuple[list[Actor], list[Mention]]:
    extracted = {actor.id: actor for actor in findings.actors}
    spelled_as: dict[str, set[str]] = {}  # an extracted actor's name, normalised -> the actors of that name
    for other in findings.actors:
        spelled_as.setdefault(names.normalise(other.name), set()).add(other.id)
    owner: dict[str, str] = {}  # extracted id -> the case-file actor that takes it over
    for actor in analyst:
        for merged in actor.merge:
            if merged not in extracted:
                raise InputError(f"actor {actor.id!r} merges {merged!r}, which extraction did not find; "
                                 "see the ids in `briefing extract`", where)
        # Its own name taken as another actor's name is that actor; a shared alias only moves mentions.
        claimed = {actor.id, *actor.merge}.union(*(spelled_as.get(name, ()) for name in _names(actor)))
        for other in claimed & extracted.keys():
            owner.setdefault(other, actor.id)
    own_names = {actor.id: _names(actor) for actor in analyst}
    spellings = {name: actor.id for actor in analyst for name in own_names[actor.id]}
    mentions = []
    for mention in findings.mentions:
        target = owner.get(mention.actor, mention.actor)
        # An alias splits mentions off another actor, not off one whose own names have that spelling.
        # (Only names are spelled as aliases: the others' words are not normalised.)
        if mention.form == "name" and spellings and (spelled := names.normalise(mention.text)) in spellings \
                and spelled not in own_names.get(target, ()):
            target = spellings[spelled]
        if target not in suppressed:
            # The same record when its actor stays: a large corpus's mentions are not copied.
            mentions.append(mention if target == mention.actor else replace(mention, actor=target))
    actors = []
    for actor in analyst:
        taken = [extracted[other] for other, new in owner.items() if new == actor.id]
        seen = [actor.name, *actor.aliases] + [n for t in taken for n in (t.name, *t.aliases)]
        # One spelling once: "the popular crowd" and "popular crowd" are one (the first seen is kept);
        # spellings that differ otherwise ("US", "U.S.") are all shown, as extraction shows them.
        aliases, keys = [], {_spelling(actor.name)}
        for spelling in seen:
            if _spelling(spelling) not in keys:
                keys.add(_spelling(spelling))
                aliases.append(spelling)
        cite = actor.cite or [c for t in taken for c in t.cite]
        if not cite:
            raise InputError(f"actor {actor.id!r} has no citation and no extracted actor of its names; add `cite`",
                             where)
        actors.append(actor.model_copy(update={
            "aliases": aliases, "cite": cite, "merge": [],
            "roles": actor.roles or [r for t in taken for r in t.roles]}))
    actors += [a for a in findings.actors if a.id not in owner and a.id not in suppressed]
    return actors, mentions
