"""The findings JSON of `briefing extract --json`: the contract other tools and the scorer read.

{"documents": [{"file", "timexes", "mentions", "attributions"}], "actors": [{"id", "name", "type", "aliases"}]}
Offsets are Python string indices into the file as decoded, end exclusive.
"""

from __future__ import annotations

from typing import Any

from briefing.casefile import Actor
from briefing.findings import Mention
from briefing.sources import SourceText

TYPES = {"person": "PER", "organisation": "ORG", "place": "LOC", "other": "OTHER"}


def findings_document(sources: list[SourceText], actors: list[Actor], mentions: list[Mention]) -> dict[str, Any]:
    by_source: dict[str, list[Mention]] = {source.key: [] for source in sources}
    for mention in mentions:
        by_source[mention.source].append(mention)
    kinds = {actor.id: TYPES[actor.kind] for actor in actors}
    documents = []
    for source in sources:
        items = []
        for mention in sorted(by_source[source.key], key=lambda m: (m.start, m.end)):
            start, end = source.file_span(mention.start, mention.end)
            items.append({"start": start, "end": end, "text": mention.text,
                          "type": kinds.get(mention.actor, mention.type) if mention.form == "name" else mention.type,
                          "actor": mention.actor})
        documents.append({"file": source.meta.file, "timexes": [], "mentions": items, "attributions": []})
    return {
        "documents": documents,
        "actors": [{"id": a.id, "name": a.name, "type": TYPES[a.kind], "aliases": a.aliases} for a in actors],
    }
