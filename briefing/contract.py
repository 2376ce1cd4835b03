"""The findings JSON of `briefing extract --json`: the contract other tools and the scorer read.

{"documents": [{"file", "timexes", "mentions", "attributions"}], "actors": [{"id", "name", "type", "aliases"}]}
Offsets are Python string indices into the file as decoded, end exclusive. `findings_document`
gives it as one dictionary; `write_findings` writes the file making one document at a time.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
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
    at = _mention_at(mentions) if attributions else {}

    def actor(a: Attribution) -> str | None:
        if a.actor_mention is None:
            return None
        there = at.get((a.actor_mention.start, a.actor_mention.end))
        return there.actor if there else None

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


def _mention_at(mentions: list[Mention]) -> dict[tuple[int, int], Mention]:
    """The mention an attribution's speaker is at, by its span: the first name there, else the first
    mention there (an index, not a scan of the source's mentions per attribution)."""
    at: dict[tuple[int, int], Mention] = {}
    for mention in mentions:
        kept = at.setdefault((mention.start, mention.end), mention)
        if kept.form != "name" and mention.form == "name":
            at[mention.start, mention.end] = mention
    return at


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
            out.write(indented(item, 2).encode())
        out.write(b"\n ]" if written else b": []")
    out.write(b"\n}\n")


def indented(value: Any, level: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=1)` for a value written `level` spaces in.

    Indenting, the standard library encodes everything in Python, a generator per container and a
    call per scalar; without indent its C encoder runs. Here a list or dictionary of scalars (a
    mention, a span) is encoded by the encoder without indent, its item separator carrying the line
    break and the indentation, and the scalars of other containers by the encoder's own functions."""
    kind = type(value)
    if leaf := _LEAVES.get(kind):
        return leaf(value)
    if kind is dict:
        items = value.values()
    elif kind is list:
        items = value
    else:
        return _standard(value, level)
    if not value:
        return "{}" if kind is dict else "[]"
    inner = level + 1
    if _LEAVES.keys() >= set(map(type, items)):
        text = _flat(inner)(value)
        return f"{text[0]}\n{' ' * inner}{text[1:-1]}\n{' ' * level}{text[-1]}"
    if kind is list and all(type(item) is dict and item and _LEAVES.keys() >= set(map(type, item.values()))
                            for item in value):
        return _flat_dicts(value, level)
    if kind is list:
        parts = [indented(item, inner) for item in value]
    elif all(type(key) is str for key in value):
        parts = [f"{encode_basestring(key)}: {indented(item, inner)}" for key, item in value.items()]
    else:
        return _standard(value, level)
    opening, closing = ("[", "]") if kind is list else ("{", "}")
    indent = "\n" + " " * inner
    return opening + indent + ("," + indent).join(parts) + "\n" + " " * level + closing


def _flat_dicts(value: list[dict[str, Any]], level: int) -> str:
    """`indented` for a list of dictionaries of scalars (a source's mentions), by one call of the encoder.

    Encoded with the separator of the dictionaries' items, the list needs its own between them. The
    separator holds a line break, which no encoded string does, so it is always between two items,
    and it follows a closing brace only between two dictionaries (within one, it follows a scalar)."""
    inner, within = " " * (level + 1), " " * (level + 2)
    text = _flat(level + 2)(value)
    body = text[2:-2].replace(f"}},\n{within}{{", f"\n{inner}}},\n{inner}{{\n{within}")
    return f"[\n{inner}{{\n{within}{body}\n{inner}}}\n{' ' * level}]"


def _float(value: float) -> str:
    """A float as the standard encoder writes it (which allows NaN and the infinities by default)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


# The standard encoder's text for each scalar, by exact type: a subclass (a str or int enum) is left
# to the standard encoder, which may encode it otherwise.
_LEAVES: dict[type, Callable[[Any], str]] = {
    str: encode_basestring, int: int.__repr__, float: _float, bool: {True: "true", False: "false"}.__getitem__,
    type(None): lambda _: "null",
}


@functools.cache
def _flat(level: int) -> Callable[[Any], str]:
    """The standard encoder without indent, each item of a container of scalars on a line of its own,
    `level` spaces in: the brackets' line breaks are left to add. Its C encoder is called directly,
    where Python has it: `JSONEncoder.encode` makes one for each value, which here took longer than
    the encoding itself. Without it (or anything to make circular), no marks of what is encoded."""
    separator = ",\n" + " " * level
    if c_make_encoder is None:
        return json.JSONEncoder(ensure_ascii=False, separators=(separator, ": ")).encode
    encode = c_make_encoder(None, None, encode_basestring, None, ": ", separator, False, False, True)
    return lambda value: "".join(encode(value, 0))


def _standard(value: Any, level: int) -> str:
    # A JSON text holds no raw line break (strings escape theirs): each one starts a line to indent.
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)
