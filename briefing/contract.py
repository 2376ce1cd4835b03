"""The findings JSON of `briefing extract --json`: the contract other tools and the scorer read.

{"documents": [{"file", "timexes", "mentions", "attributions"}], "actors": [{"id", "name", "type", "aliases"}]}
Offsets are Python string indices into the file as decoded, end exclusive. `findings_document`
gives it as one dictionary; `write_findings` writes the file making one document at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from briefing.casefile import Actor
from briefing.findings import Attribution, Mention, Span, Timex
from briefing.sources import SourceText

TYPES = {"person": "PER", "organisation": "ORG", "place": "LOC", "other": "OTHER"}


def findings_document(sources: list[SourceText], actors: list[Actor], mentions: list[Mention],
                      attributions: Iterable[Attribution] = (), timexes: Iterable[Timex] = ()) -> dict[str, Any]:
    return {name: list(items) for name, items in _sections(sources, actors, mentions, attributions, timexes).items()}


def write_findings(out: BinaryIO, sources: list[SourceText], actors: list[Actor], mentions: list[Mention],
                   attributions: Iterable[Attribution] = (), timexes: Iterable[Timex] = ()) -> None:
    """`findings_document` as the findings JSON file (`write_json`), each document made as it is
    written: the whole document (a dictionary per mention, a fifth of the findings' memory in a large
    corpus) is never held."""
    write_json(out, _sections(sources, actors, mentions, attributions, timexes))


def _sections(sources: list[SourceText], actors: list[Actor], mentions: list[Mention],
              attributions: Iterable[Attribution], timexes: Iterable[Timex]) -> dict[str, Iterator[dict[str, Any]]]:
    """The findings document's sections, each item made when it is asked for."""
    by_source: dict[str, list[Mention]] = {source.key: [] for source in sources}
    for mention in mentions:
        by_source[mention.source].append(mention)
    kinds = {actor.id: TYPES[actor.kind] for actor in actors}
    said: dict[str, list[Attribution]] = {}
    for attribution in attributions:
        said.setdefault(attribution.source, []).append(attribution)
    dated: dict[str, list[Timex]] = {}
    for timex in timexes:
        dated.setdefault(timex.source, []).append(timex)

    def document(source: SourceText) -> dict[str, Any]:
        items = []
        for mention in sorted(by_source[source.key], key=lambda m: (m.start, m.end)):
            start, end = source.file_span(mention.start, mention.end)
            items.append({"start": start, "end": end, "text": mention.text,
                          "type": kinds.get(mention.actor, mention.type) if mention.form == "name" else mention.type,
                          "actor": mention.actor})
        return {"file": source.meta.file, "timexes": _timexes(source, dated.get(source.key, [])), "mentions": items,
                "attributions": _attributions(source, said.get(source.key, []), by_source[source.key])}

    return {
        "documents": map(document, sources),
        "actors": ({"id": a.id, "name": a.name, "type": TYPES[a.kind], "aliases": a.aliases} for a in actors),
    }


def _attributions(source: SourceText, attributions: list[Attribution], mentions: list[Mention]) -> list[dict[str, Any]]:
    """Each attribution with file offsets; its speaker's actor is the one the mention there has
    after the case file's corrections (none when the case file suppressed it). `mentions` are the
    source's own."""

    def actor(a: Attribution) -> str | None:
        if a.actor_mention is None:
            return None
        there = [m for m in mentions if (m.start, m.end) == (a.actor_mention.start, a.actor_mention.end)]
        return min(there, key=lambda m: m.form != "name").actor if there else None

    def span(item: Span | None) -> dict[str, int] | None:
        if item is None:
            return None
        start, end = source.file_span(item.start, item.end)
        return {"start": start, "end": end}

    found = []
    for a in sorted(attributions, key=lambda a: (a.cue.start, a.cue.end)):
        found.append({
            "source": span(a.speaker), "cue": span(a.cue), "content": span(a.content),
            "cue_text": a.cue.text, "kind": a.kind, "speaker_kind": a.speaker_kind,
            "actor": actor(a),
            "direct": a.direct, "grade": a.grade, "via": span(a.via),
            "hedges": [{**span(h), "text": h.text, "kind": h.kind} for h in a.hedges],
            "passage": a.passage, "claim": a.claim,
        })
    return found


def _timexes(source: SourceText, timexes: list[Timex]) -> list[dict[str, Any]]:
    found = []
    for timex in sorted(timexes, key=lambda t: (t.start, t.end)):
        start, end = source.file_span(timex.start, timex.end)
        found.append({"start": start, "end": end, "text": timex.text, "type": timex.type, "value": timex.value,
                      "precision": timex.precision, "weekday": timex.weekday, "anchor": timex.anchor,
                      "anchor_from": timex.anchor_from})
    return found


def write_json(out: BinaryIO, document: Mapping[str, Iterable[Any]]) -> None:
    """Write `json.dumps(document, ensure_ascii=False, indent=1) + "\n"` in UTF-8 to `out`, for a
    document of lists (or of iterables, each item made when it is written), one item at a time.
    Indenting, the standard encoder keeps every piece of the whole text in one list (ten times the
    text's size) before joining them, and the text is encoded afterwards."""
    if not document:
        out.write(b"{}\n")
        return
    out.write(b"{\n")
    for number, (key, items) in enumerate(document.items()):
        out.write(b",\n " if number else b" ")
        out.write(json.dumps(key, ensure_ascii=False).encode())
        written = 0
        for written, item in enumerate(items, start=1):
            out.write(b",\n  " if written > 1 else b": [\n  ")
            # A JSON text holds no raw line break (strings escape theirs): each one starts a line to indent.
            out.write(json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n  ").encode())
        out.write(b"\n ]" if written else b": []")
    out.write(b"\n}\n")
