"""The brief for other tools: a STIX 2.1 bundle, TimelineJS3 JSON and CSV tables.

Each is built from the `Brief` alone and keeps every statement's footnotes (as STIX external
references, as a list under a TimelineJS slide, as a column of labels beside a footnotes table).
Nothing depends on the clock: STIX ids are uuid5 of stable keys and its timestamps come from the
brief's date or its sources' publication dates. Source text is data in each: JSON-escaped in STIX,
HTML-escaped where TimelineJS reads HTML, and kept from being read as a formula in CSV.
"""

from __future__ import annotations

import csv
import html
import io
import json
import uuid


from briefing import gazetteer
from briefing.model import Brief, Cited, ChronologyEntry, Footnote

# --- shared -------------------------------------------------------------------------------


def where(note: Footnote) -> str:
    """'file, line 4' or 'file, page 2, lines 3–5'."""
    page = f"page {note.page}, " if note.page else ""
    if note.page != note.page_end:
        lines = f"{page}line {note.line_start} to page {note.page_end}, line {note.line_end}"
    elif note.line_start == note.line_end:
        lines = f"{page}line {note.line_start}"
    else:
        lines = f"{page}lines {note.line_start}\u2013{note.line_end}"
    return f"{note.file}, {lines}"


def cited_by(note: Footnote) -> str:
    """Who the words are from, as plain text: the outlet, else the author, else the title, else the file."""
    return note.outlet or note.author or note.title or note.file


def _statements(brief: Brief) -> list[tuple[str, str, Cited]]:
    """Every statement of the brief other than actors and chronology items: (section, id, statement)."""
    said: list[tuple[str, str, Cited]] = [("key point", f"key-point-{i}", p) for i, p in enumerate(brief.key_points, 1)]
    for actor in brief.actors:
        said += [("role", f"{actor.id}-role-{i}", r) for i, r in enumerate(actor.roles, 1) if not actor.minor]
    for question in brief.questions:
        said.append(("question", question.id, Cited(text=question.question, notes=question.notes)))
        for h in question.hypotheses:
            said.append(("hypothesis", h.id, Cited(text=h.text, notes=h.notes)))
            said += [("evidence for", f"{h.id}-for-{i}", e) for i, e in enumerate(h.evidence_for, 1)]
            said += [("evidence against", f"{h.id}-against-{i}", e) for i, e in enumerate(h.evidence_against, 1)]
        if question.judgment:
            said.append(("analyst's judgment", f"{question.id}-judgment", question.judgment))
    said += [("open question", q.id, Cited(text=q.text, notes=q.notes)) for q in brief.open_questions]
    said += [("link", f"{r.source}-{r.kind}-{r.target}", Cited(text=r.text, notes=r.notes)) for r in brief.relations]
    return said


# --- STIX 2.1 -------------------------------------------------------------------------------

# Every id is uuid5 of a stable key in this namespace, so a rebuild gives the same ids.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "briefing:stix-2.1")
# The predefined TLP marking definitions of STIX 2.1 (TLP 2.0's CLEAR is 1.0's WHITE).
TLP = {
    "CLEAR": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    "WHITE": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
    "GREEN": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
    "AMBER": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
    "AMBER+STRICT": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
    "RED": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
}
RELATIONSHIP_TYPES = {"leads": "leads", "belongs_to": "belongs-to", "met": "met", "attacked": "attacked",
                      "accused": "accused"}


def _id(kind: str, *key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, json.dumps([kind, *key]))}"


def _timestamp(brief: Brief) -> str:
    """The brief's date, else its latest source's publication date, else the epoch: never the clock."""
    published = sorted(s.published for s in brief.sources if s.published)
    year, month, day = ((brief.date or (published[-1] if published else "1970")).split("-") + ["01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00.000Z"


def _references(labels: list[str], notes: dict[str, Footnote]) -> list[dict]:
    return [{"source_name": cited_by(notes[label]), "external_id": f"footnote-{label}",
             "description": f"{where(notes[label])}: “{notes[label].quote}”"} for label in labels]




def stix(brief: Brief) -> bytes:
    """A STIX 2.1 bundle: a report over identities (people, bodies), locations (countries), the links
    between them as relationships, and a note per statement, each citing its footnotes."""
    stamp = _timestamp(brief)
    notes = {note.label: note for note in brief.footnotes}
    marking = TLP.get(brief.marking.upper().removeprefix("TLP:").strip())
    author = _id("identity", "author", brief.author or "briefing")
    common = {"spec_version": "2.1", "created": stamp, "modified": stamp, "created_by_ref": author}
    if marking:
        common["object_marking_refs"] = [marking]
    objects: list[dict] = [{
        "type": "identity", "id": author, "spec_version": "2.1", "created": stamp, "modified": stamp,
        "name": brief.author or "briefing", "identity_class": "individual" if brief.author else "system"}]
    placed: dict[str, str] = {}
    for actor in brief.actors:
        if actor.minor:
            continue
        refs = _references(actor.notes, notes)
        if actor.kind == "place":
            country = gazetteer.code(actor.name)
            if country is None:
                continue  # a STIX location needs a country, region or coordinates
            placed[actor.id] = _id("location", actor.name)
            objects.append({"type": "location", "id": placed[actor.id], **common, "name": actor.name,
                            "country": country, **({"external_references": refs} if refs else {})})
            continue
        placed[actor.id] = _id("identity", actor.kind, actor.name)
        identity = {"type": "identity", "id": placed[actor.id], **common, "name": actor.name,
                    "identity_class": {"person": "individual", "organisation": "organization"}.get(actor.kind,
                                                                                                   "unknown")}
        if actor.aliases:
            identity["description"] = "Also named: " + "; ".join(actor.aliases)
        if actor.roles:
            identity["roles"] = [role.text for role in actor.roles]
        if refs or actor.roles:
            identity["external_references"] = refs + [r for role in actor.roles for r in
                                                      _references(role.notes, notes) if r not in refs]
        objects.append(identity)
    report = _id("report", brief.title, stamp)
    for relation in brief.relations:
        if relation.source in placed and relation.target in placed:
            objects.append({"type": "relationship", "id": _id("relationship", brief.title, relation.source,
                                                              relation.kind, relation.target), **common,
                            "relationship_type": RELATIONSHIP_TYPES[relation.kind], "description": relation.text,
                            "source_ref": placed[relation.source], "target_ref": placed[relation.target],
                            "external_references": _references(relation.notes, notes)})
    told = [(f"chronology, {_date_words(e)}", e.id, Cited(text=e.text, notes=e.notes)) for e in brief.chronology]
    for section, key, statement in told + _statements(brief):
        if statement.notes:
            objects.append({"type": "note", "id": _id("note", brief.title, section, key), **common,
                            "abstract": f"{section}: {key}", "content": statement.text, "object_refs": [report],
                            "external_references": _references(statement.notes, notes)})
    sources = [{"source_name": s.outlet or s.detected_outlet or s.file,
                "description": f"{s.file}" + (f": {s.title}" if s.title else "") + (f" ({s.url})" if s.url else ""),
                "hashes": {"SHA-256": s.sha256}} for s in brief.sources]
    objects.append({"type": "report", "id": report, **common, "name": brief.title,
                    **({"description": brief.subtitle} if brief.subtitle else {}),
                    "report_types": ["threat-report"], "published": stamp,
                    "object_refs": [o["id"] for o in objects if o["type"] != "identity" or o["id"] != author]
                    or [author], "external_references": sources})
    bundle = {"type": "bundle", "id": _id("bundle", brief.title, stamp), "objects": objects}
    return (json.dumps(bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _date_words(entry: ChronologyEntry) -> str:
    if entry.date is None:
        return f"date unknown ({entry.when})"
    return ("about " if entry.approximate else "") + entry.date + (f" to {entry.date_end}" if entry.date_end else "")


# --- TimelineJS3 ----------------------------------------------------------------------------


def _tl_date(value: str) -> dict:
    """A TimelineJS date object: year, and month and day where known."""
    parts = [int(p) for p in value.split("-")]
    return dict(zip(("year", "month", "day"), parts, strict=False))


def _tl_notes(labels: list[str], notes: dict[str, Footnote]) -> str:
    items = "".join(f"<li>[{html.escape(label)}] {html.escape(cited_by(notes[label]))}, "
                    f"{html.escape(where(notes[label]))}: “{html.escape(notes[label].quote)}”</li>"
                    for label in labels)
    return f"<ol>{items}</ol>" if items else ""


def timelinejs(brief: Brief) -> bytes:
    """The chronology as TimelineJS3 JSON: one slide per dated item and one per date other sources give.

    TimelineJS reads `text` fields as HTML, so every piece of text is escaped; autolink is off so
    nothing in a source becomes a link. Items without a date cannot sit on its axis; the title
    slide says how many were left out.
    """
    notes = {note.label: note for note in brief.footnotes}
    events = []
    for entry in brief.chronology:
        if entry.date is None:
            continue
        slide = {"unique_id": entry.id, "start_date": _tl_date(entry.date),
                 "display_date": _date_words(entry) + (f" (a {entry.weekday})" if entry.weekday else ""),
                 "text": {"headline": html.escape(entry.text),
                          "text": f"<p>{html.escape(entry.text)}</p>" + _tl_notes(entry.notes, notes)},
                 "group": "chronology", "autolink": False}
        if entry.date_end:
            slide["end_date"] = _tl_date(entry.date_end)
        events.append(slide)
        for index, other in enumerate(entry.conflicts, 1):
            events.append({
                "unique_id": f"{entry.id}-other-date-{index}", "start_date": _tl_date(other.date),
                "display_date": ("about " if other.approximate else "") + other.date,
                "text": {"headline": html.escape(f"Other date given: {entry.text}"),
                         "text": f"<p>{html.escape(f'Other sources date this to {other.date}; see {entry.date}.')}"
                                 f"</p>" + _tl_notes(other.notes, notes)},
                "group": "dates in conflict", "autolink": False})
    left_out = sum(1 for e in brief.chronology if e.date is None)
    intro = html.escape(brief.subtitle or f"The chronology of the brief, {len(events)} slides.")
    if left_out:
        intro += html.escape(f" {left_out} item{'s' * (left_out > 1)} without a date are in the brief only.")
    document = {"title": {"text": {"headline": html.escape(brief.title), "text": f"<p>{intro}</p>"}},
                "events": events, "scale": "human"}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- CSV ------------------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula; a leading apostrophe
# keeps it text (OWASP's advice for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _table(header: list[str], rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return out.getvalue().encode("utf-8")


def csv_tables(brief: Brief) -> dict[str, bytes]:
    """Actors, chronology events, the other statements ('claims') and the footnotes they cite, as CSV
    (RFC 4180, UTF-8); statements name their footnotes by label in a `notes` column."""
    actors = _table(
        ["id", "name", "kind", "aliases", "roles", "sources", "mentions", "listed", "notes"],
        [[a.id, a.name, a.kind, "; ".join(a.aliases), "; ".join(r.text for r in a.roles), a.sources, a.mentions,
          "no" if a.minor else "yes", " ".join(a.notes)] for a in brief.actors])
    events = _table(
        ["id", "date", "date_end", "date_words", "precision", "weekday", "approximate", "text", "notes",
         "other_dates"],
        [[e.id, e.date, e.date_end, e.when, e.precision, e.weekday, "yes" if e.approximate else "no", e.text,
          " ".join(e.notes), "; ".join(f"{c.date} [{' '.join(c.notes)}]" for c in e.conflicts)]
         for e in brief.chronology])
    claims = _table(["section", "id", "text", "notes"],
                    [[section, key, s.text, " ".join(s.notes)] for section, key, s in _statements(brief)])
    footnotes = _table(
        ["label", "source", "file", "outlet", "author", "title", "page", "line_start", "page_end", "line_end",
         "quote", "opinion"],
        [[n.label, n.source, n.file, n.outlet, n.author, n.title, n.page, n.line_start, n.page_end, n.line_end,
          n.quote, "yes" if n.opinion else "no"] for n in brief.footnotes])
    return {"actors": actors, "events": events, "claims": claims, "footnotes": footnotes}
