"""The brief's figures as SVG written by hand: a timeline of the chronology and a map of the actors.

Both are drawn from the `Brief` alone, so they say nothing the text does not, and each mark
carries the footnote numbers of its statement. They read in black and white: precision,
conflicts and kinds of link are told by shapes, dashes and words, never by colour alone. Every
piece of source text is XML-escaped (and stripped of the characters XML cannot hold), so it is
shown and never read as markup; the same brief gives the same bytes.
"""

from __future__ import annotations

import math
import re
from calendar import monthrange
from collections.abc import Callable
from datetime import date

from briefing.model import Brief, ChronologyEntry, DateEntry
from briefing.relations import VERBS

FONT = "Noto Sans, DejaVu Sans, sans-serif"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: str) -> str:
    """Source text as SVG character data: escaped, one line, without characters XML forbids."""
    return _escaped(" ".join(_NOT_XML.sub("", value).split()))


def attr(value: str) -> str:
    """Source text as a quoted attribute value, in the quote mark it does not hold (else escaped)."""
    value = _escaped(" ".join(_NOT_XML.sub("", value).split()))
    if '"' not in value:
        return f'"{value}"'
    return f"'{value}'" if "'" not in value else '"' + value.replace('"', "&quot;") + '"'


# Written out rather than taken from xml.sax.saxutils, which imports urllib's network modules
# (a seventh of a Markdown build's start-up).
def _escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(value: str, length: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= length else value[:length - 1].rstrip() + "…"


def _notes(labels: list[str], most: int = 6) -> str:
    """Footnote numbers as a figure shows them: '[12, 13]', long lists cut after `most`."""
    shown = labels[:most] + (["…"] if len(labels) > most else [])
    return f"[{', '.join(shown)}]" if labels else ""


def _svg(width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="title desc" '
        f'font-family={attr(FONT)} font-size="11">',
        f'<title id="title">{text(title)}</title>',
        f'<desc id="desc">{text(desc)}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        *body,
        "</svg>",
        "",
    ])


# --- timeline -------------------------------------------------------------------------------

ROW = 20
TRACK_X = 16
TRACK_W = 300
LABEL_X = TRACK_X + TRACK_W + 16
LABEL_W = 620
TOP = 46
# Days of a stretch without any date that the axis draws at full length; longer ones are cut
# short (and marked), so years of silence do not squeeze the busy months into a point.
GAP_DAYS = 45


def _days(value: str, end: str | None = None) -> tuple[date, date]:
    """The first and last day a partial date (and the end of its range) can be."""
    def bounds(partial: str) -> tuple[date, date]:
        parts = [int(p) for p in partial.split("-")]
        if len(parts) == 3:
            return date(*parts), date(*parts)
        if len(parts) == 2:
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], monthrange(parts[0], parts[1])[1])
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    first, last = bounds(value)
    return first, bounds(end)[1] if end else last


def _when(entry: ChronologyEntry | DateEntry) -> str:
    value = entry.date or ""
    if getattr(entry, "date_end", None):
        value = f"{value} to {entry.date_end}"
    if entry.weekday:
        value = f"a {entry.weekday} in {value}"
    return f"about {value}" if entry.approximate else value


def _mark(x0: float, x1: float, y: float, precision: str, ranged: bool, approximate: bool, conflict: bool) -> str:
    """One date on the track: a dot for a day, a black bar for a month, a white bar for a year,
    a bar with end caps for a range, a white diamond for a date other sources give; dashed if 'about'."""
    dash = ' stroke-dasharray="3 2"' if approximate else ""
    if conflict:
        x = (x0 + x1) / 2
        return (f'<path d="M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z" '
                f'fill="#ffffff" stroke="#000000" stroke-width="1.5"{dash}/>')
    if ranged:
        return (f'<path d="M{x0:.1f},{y - 5:.1f} V{y + 5:.1f} M{x0:.1f},{y:.1f} H{x1:.1f} M{x1:.1f},{y - 5:.1f} '
                f'V{y + 5:.1f}" fill="none" stroke="#000000" stroke-width="2"{dash}/>')
    if precision == "day":
        return f'<circle cx="{x0:.1f}" cy="{y:.1f}" r="4" fill="#000000" stroke="#000000"{dash}/>'
    height, fill = (6, "#000000") if precision == "month" else (9, "#ffffff")
    return (f'<rect x="{x0:.1f}" y="{y - height / 2:.1f}" width="{max(x1 - x0, 3):.1f}" height="{height}" '
            f'fill="{fill}" stroke="#000000"{dash}/>')


class _Scale:
    """Days to x on the track: linear between dates, each stretch without dates at most GAP_DAYS long."""

    def __init__(self, spans: list[tuple[date, date]]) -> None:
        days = sorted({day for span in spans for day in span})
        self.cuts: list[date] = []  # the days after which a long stretch was cut short
        self.days, self.units = [days[0]], [0.0]
        for before, after in zip(days, days[1:], strict=False):
            gap = (after - before).days
            if gap > GAP_DAYS:
                self.cuts.append(before)
            self.days.append(after)
            self.units.append(self.units[-1] + min(gap, GAP_DAYS))
        self.total = max(self.units[-1], 1.0)

    def __call__(self, day: date) -> float:
        index = max(i for i, known in enumerate(self.days) if known <= day) if day >= self.days[0] else 0
        unit = self.units[index] + (min((day - self.days[index]).days, GAP_DAYS) if day >= self.days[0] else 0)
        return TRACK_X + TRACK_W * min(unit, self.total) / self.total


def _axis(at: _Scale, bottom: float) -> list[str]:
    """The track's line, a label at each month or year where it fits, and a break mark at each cut."""
    parts = [f'<line x1="{TRACK_X}" y1="{TOP - 14}" x2="{TRACK_X + TRACK_W}" y2="{TOP - 14}" stroke="#000000"/>']
    ticks, last_x = [], -100.0
    for year in range(at.days[0].year, at.days[-1].year + 1):
        for month in range(1, 13):
            day = date(year, month, 1)
            x = at(day)
            # Only where the axis runs at full length: inside a cut stretch a month has no place.
            since = max((known for known in at.days if known <= day), default=None)
            if since and (day - since).days <= GAP_DAYS and day <= at.days[-1] and x - last_x >= 44:
                ticks.append((x, f"{year}" if month == 1 else f"{year}-{month:02d}"))
                last_x = x
    for x, label in ticks:
        parts.append(f'<line x1="{x:.1f}" y1="{TOP - 18}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#999999" '
                     'stroke-width="0.5" stroke-dasharray="1 3"/>')
        parts.append(f'<text x="{x:.1f}" y="{TOP - 22}" text-anchor="middle" font-size="9">{label}</text>')
    for cut in at.cuts:
        x = at(cut) + TRACK_W * GAP_DAYS / 2 / at.total
        parts.append(f'<path d="M{x - 4:.1f},{TOP - 10:.1f} L{x:.1f},{TOP - 18:.1f} M{x:.1f},{TOP - 10:.1f} '
                     f'L{x + 4:.1f},{TOP - 18:.1f}" stroke="#000000" fill="none"/>')
    return parts


def _legend(y: float, items: list[tuple[str, str]]) -> list[str]:
    """A row of samples and their meanings, starting at the left margin."""
    parts, x = [], 10.0
    for sample, meaning in items:
        parts.append(f'<g transform="translate({x:.1f},{y:.1f})">{sample}</g>')
        parts.append(f'<text x="{x + 28:.1f}" y="{y + 4:.1f}">{text(meaning)}</text>')
        x += 40 + 6.2 * len(meaning)
    return parts


def timeline_svg(brief: Brief) -> str | None:
    """The chronology on a time axis, one row per item, or None when there is none."""
    if not brief.chronology:
        return None
    dated = [e for e in brief.chronology if e.date]
    spans = [_days(d.date, getattr(d, "date_end", None)) for e in dated for d in (e, *e.conflicts)]
    at = _Scale(spans) if spans else None
    height = TOP + ROW * len(brief.chronology) + 60
    body = _axis(at, height - 50) if at else []
    conflicted = 0
    for row, entry in enumerate(brief.chronology):
        y = TOP + ROW * row
        label = _when(entry) if entry.date else f"date unknown ({entry.when or 'undated'})"
        said = f"{label}: {_clip(entry.text, 70)} {_notes(entry.notes, 4)}"
        if entry.conflicts:
            conflicted += 1
            said += " ≠ dates conflict"
        body.append(f'<text x="{LABEL_X}" y="{y + 4}">{text(said)}</text>')
        if not entry.date or at is None:
            continue
        x0, x1 = (at(day) for day in _days(entry.date, entry.date_end))
        for other in entry.conflicts:
            c0, c1 = (at(day) for day in _days(other.date))
            body.append(f'<line x1="{(x0 + x1) / 2:.1f}" y1="{y}" x2="{(c0 + c1) / 2:.1f}" y2="{y}" '
                        'stroke="#000000" stroke-dasharray="2 2"/>')
            body.append(_mark(c0, c1, y, other.precision, False, other.approximate, True))
        body.append(_mark(x0, x1, y, entry.precision, bool(entry.date_end), entry.approximate, False))
    body += _legend(height - 22, [
        (_mark(10, 10, 0, "day", False, False, False), "day"),
        (_mark(2, 20, 0, "month", False, False, False), "month"),
        (_mark(2, 20, 0, "year", False, False, False), "year"),
        (_mark(2, 20, 0, "day", True, False, False), "range"),
        (_mark(10, 10, 0, "day", False, True, False), "about (dashed)"),
        (_mark(10, 10, 0, "day", False, False, True), "date other sources give"),
    ])
    span = f"from {dated[0].date} to {max(e.date_end or e.date for e in dated)}" if dated else "all undated"
    desc = (f"{len(brief.chronology)} chronology items, {span}, one per row in the order of the Chronology "
            f"section, with their footnote numbers; stretches of more than {GAP_DAYS} days without a date are cut "
            f"short, each cut marked on the axis. Marks: a dot for a day, a black bar for a month, a white bar "
            f"for a year, a capped bar for a range, dashed for an approximate date; a white diamond joined by a "
            f"dashed line is a date other sources give. {conflicted} items have conflicting dates.")
    return _svg(LABEL_X + LABEL_W, height, f"Timeline: {brief.title}", desc, body)


# --- actor map ------------------------------------------------------------------------------

# Edge kinds as lines: dash pattern, width, arrow (direction matters) — black and white only.
EDGE_STYLE: dict[str, tuple[str, float, bool]] = {
    "leads": ("", 1.6, True),
    "belongs_to": ("2 3", 1.4, True),
    "met": ("", 0.8, False),
    "attacked": ("8 4", 2.2, True),
    "accused": ("8 3 2 3", 1.4, True),
}
NODE_R = 7
LABEL_ROOM = 230


def _node(kind: str, x: float, y: float) -> str:
    """A person is a circle, an organisation a square, a place a triangle, anything else a diamond."""
    r = NODE_R
    if kind == "person":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#ffffff" stroke="#000000" stroke-width="1.5"/>'
    if kind == "organisation":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="#000000" '
                'stroke="#000000"/>')
    if kind == "place":
        return (f'<path d="M{x:.1f},{y - r:.1f} L{x + r:.1f},{y + r:.1f} L{x - r:.1f},{y + r:.1f} Z" '
                'fill="#ffffff" stroke="#000000" stroke-width="1.5"/>')
    return (f'<path d="M{x:.1f},{y - r:.1f} L{x + r:.1f},{y:.1f} L{x:.1f},{y + r:.1f} L{x - r:.1f},{y:.1f} Z" '
            'fill="#ffffff" stroke="#000000" stroke-width="1.5"/>')


def _edge_line(kind: str, x1: float, y1: float, x2: float, y2: float) -> str:
    dash, width, arrow = EDGE_STYLE[kind]
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#000000" '
            f'stroke-width="{width}"' + (f' stroke-dasharray="{dash}"' if dash else "")
            + (' marker-end="url(#arrow)"' if arrow else "") + "/>")


def _circle_order(nodes: list, relations: list) -> list:
    """Actors in an order that puts linked ones side by side: a walk from the most linked, breadth first."""
    neighbours: dict[str, list[str]] = {n.id: [] for n in nodes}
    for relation in relations:
        neighbours[relation.source].append(relation.target)
        neighbours[relation.target].append(relation.source)
    by_id = {n.id: n for n in nodes}
    ranked = sorted(by_id, key=lambda i: -len(neighbours[i]))  # stable: the brief's order breaks ties
    order: list[str] = []
    for start in ranked:
        queue = [start]
        while queue:
            current = queue.pop(0)
            if current not in order:
                order.append(current)
                queue += [n for n in neighbours[current] if n not in order]
    return [by_id[i] for i in order]


def actor_map_svg(brief: Brief) -> str | None:
    """The actors the brief's links join, on a circle, each link labelled with its footnotes; None without links."""
    if not brief.relations:
        return None
    joined = {r.source for r in brief.relations} | {r.target for r in brief.relations}
    nodes = _circle_order([a for a in brief.actors if a.id in joined], brief.relations)
    count = len(nodes)
    radius = max(150.0, count * 20.0)
    cx, cy = LABEL_ROOM + radius, radius + 30
    where = {}
    body = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 Z" fill="#000000"/></marker></defs>']
    for index, actor in enumerate(nodes):
        angle = 2 * math.pi * index / count - math.pi / 2
        where[actor.id] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle), angle)
    seen: dict[frozenset[str], int] = {}
    labels = []
    for relation in brief.relations:
        (x1, y1, _), (x2, y2, _) = where[relation.source], where[relation.target]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        dx, dy = (x2 - x1) / length, (y2 - y1) / length
        # Stop short of the nodes so arrowheads show; several links between two actors spread their labels.
        gap = NODE_R + 3
        body.append(_edge_line(relation.kind, x1 + dx * gap, y1 + dy * gap, x2 - dx * gap, y2 - dy * gap))
        pair = frozenset((relation.source, relation.target))
        share = seen[pair] = seen.get(pair, -1) + 1
        t = 0.5 + 0.12 * share * (1 if share % 2 else -1)
        lx, ly = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        # Off the line towards the middle of the circle, away from the names outside it.
        inward = math.hypot(cx - lx, cy - ly) or 1.0
        lx, ly = lx + 12 * (cx - lx) / inward, ly + 12 * (cy - ly) / inward
        said = f"{VERBS[relation.kind]} {_notes(relation.notes)}"
        # A white ground under the label, as wide as its characters are likely to be.
        labels.append(f'<rect x="{lx - 3.1 * len(said) - 2:.1f}" y="{ly - 9:.1f}" width="{6.2 * len(said) + 4:.1f}" '
                      'height="13" fill="#ffffff" fill-opacity="0.85"/>')
        labels.append(f'<text x="{lx:.1f}" y="{ly + 1:.1f}" text-anchor="middle">{text(said)}</text>')
    body += labels
    for actor in nodes:
        x, y, angle = where[actor.id]
        body.append(_node(actor.kind, x, y))
        right = math.cos(angle) >= -1e-9
        lx = x + (NODE_R + 5) * (1 if right else -1)
        body.append(f'<text x="{lx:.1f}" y="{y + 4:.1f}" text-anchor="{"start" if right else "end"}" '
                    f'font-size="14" font-weight="bold">{text(_clip(actor.name, 28))}</text>')
    size = 2 * (LABEL_ROOM + radius)
    size_h = 2 * (radius + 30)
    legend_y = size_h + 10
    body += _legend(legend_y, [(_edge_line(kind, 0, 0, 24, 0), VERBS[kind]) for kind in EDGE_STYLE])
    body += _legend(legend_y + 22, [(_node(kind, 12, 0), kind) for kind in ("person", "organisation", "place",
                                                                               "other")])
    told = "; ".join(f"{r.text} {_notes(r.notes, most=len(r.notes))}" for r in brief.relations)
    desc = (f"{count} actors and {len(brief.relations)} links between them, each labelled with the footnotes it "
            f"rests on. People are circles, organisations black squares, places triangles. Lines: leads solid with "
            f"an arrow, belongs to dotted, met thin without arrow, attacked thick dashed, accused dash-dot. "
            f"Links: {told}.")
    return _svg(size, legend_y + 40, f"Actor map: {brief.title}", desc, body)


# Figure name (the file is '<brief>-<name>.svg') -> drawing; a brief without the material gets none.
FIGURES: dict[str, Callable[[Brief], str | None]] = {"timeline": timeline_svg, "actors": actor_map_svg}
ALT = {"timeline": "Timeline of the chronology", "actors": "Map of the actors and the links between them"}


def figures(brief: Brief) -> dict[str, str]:
    """The figures this brief has, by name, as SVG text."""
    drawn = {name: draw(brief) for name, draw in FIGURES.items()}
    return {name: svg for name, svg in drawn.items() if svg is not None}

