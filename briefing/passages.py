"""Passages: what each part of a source is, and whether facts may be drawn from it.

A source's text is cut into passages (paragraphs, or runs of lines of one kind) and each is
labelled: headline, byline/dateline, body, a report pasted into a thread, a quoted reply, a
user's comment, or boilerplate. Forum threads are split into posts first. Nothing is dropped:
every non-blank line belongs to exactly one passage, which says how it is used and why.

The rules are conventions of news pages and forum software (data files in `data/`), never
knowledge of a particular corpus.
"""

from __future__ import annotations

import calendar
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from briefing import data
from briefing.dates import absolute_dates

Kind = Literal["headline", "byline", "body", "embedded_report", "quoted_reply", "user_comment", "boilerplate"]
Use = Literal["facts", "opinion", "set_aside"]


class Passage(BaseModel):
    """A labelled stretch of a source: character span, lines of the text (1-based, inclusive)."""

    model_config = ConfigDict(frozen=True)

    kind: Kind
    start: int
    end: int
    line_start: int
    line_end: int
    use: Use
    why: str
    post: int | None = None
    report: int | None = None


class Report(BaseModel):
    """A news report inside a source (pasted into a thread), with what its text says of itself."""

    model_config = ConfigDict(frozen=True)

    number: int
    title: str | None
    outlet: str | None
    author: str | None
    date: str | None
    line_start: int
    line_end: int


class Layout(BaseModel):
    """A source's passages, posts and reports, and the metadata its text gives."""

    model_config = ConfigDict(frozen=True)

    thread: bool
    title: str | None
    outlet: str | None
    date: str | None
    passages: list[Passage]
    reports: list[Report]

    def at(self, start: int, end: int) -> list[Passage]:
        """The passages a character span touches."""
        return [p for p in self.passages if p.start < end and start < p.end]


# --- line classes -------------------------------------------------------------------------


@cache
def _boilerplate() -> tuple[re.Pattern[str], dict[str, tuple[int, str]]]:
    """The boilerplate rules as one pattern, one call a line instead of one per rule: each rule a
    group whose name gives its order and category. (So a rule may not refer to its groups by number.)"""
    rules, alternatives = {}, []
    for order, line in enumerate(data.rows("boilerplate.tsv")):
        category, pattern = line.split("\t", 1)
        rules[f"rule{order}"] = (order, category)
        alternatives.append(f"(?P<rule{order}>{pattern})")
    return re.compile("|".join(alternatives), re.IGNORECASE), rules


def _boilerplate_category(text: str, bare: str) -> str | None:
    """The category of the first rule that matches the whole line, or the line without its bullet.

    A full match of the alternatives is the first rule that matches the whole line, and its group,
    which holds any of the rule's own, closes last: it is the match's `lastgroup`."""
    pattern, rules = _boilerplate()
    found = [rules[match.lastgroup] for match in map(pattern.fullmatch, {text, bare}) if match and match.lastgroup]
    return min(found)[1] if found else None


_QUOTE_HEADER = re.compile(
    r"^(?:on .{3,40}? at .{3,20}?,\s*|\d+\s+(?:seconds?|minutes?|hours?|days?|weeks?)\s+ago,\s*)?"
    r"(?P<user>\S{2,40})\s+(?:said|wrote):$", re.IGNORECASE)
# Bylines and datelines: news conventions for who wrote a report, where, when and for whom.
_BYLINE = re.compile(r"^by\s+(?P<author>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})\b", re.IGNORECASE)
_PUBLISHED = re.compile(r"^(?:published|posted|updated)\b.*\d{4}", re.IGNORECASE)
_OUTLET_BRACES = re.compile(r"^\{(?:[^:{}]{1,30}:\s*)?(?P<outlet>[^{}]{2,50})\}")
_OUTLET_SLASH = re.compile(r"^(?P<outlet>[A-Z][\w'&.-]*(?: [A-Z][\w'&.-]*){0,4})\s*/\s+\S")
_PLACE_OUTLET = re.compile(r"^(?P<place>[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\s+/\s+(?P<outlet>[A-Z][^/]{2,50})$")
_OUTLET_LABEL = re.compile(r"^(?P<outlet>[A-Z][\w'&.-]*(?: [A-Z][\w'&.-]*){0,4}):$")
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.'-]+(?:[ ,]+[A-Z][A-Z.'-]+){0,3})\s*(?:\((?P<outlet>[^)]{2,30})\))?\s*[—–-]+")
_CAPTION = re.compile(r"^(?:file|photo|image|pictured)\s*(?:photo)?:\s", re.IGNORECASE)
_COPYRIGHT_OWNER = re.compile(r"(?:reserved to|reserved by|©\s*(?:\d{4}\s*)?)\s*(?P<outlet>[A-Z][\w'&.-]*(?: [\w'&.-]+){0,6})")
_USER_NAME = re.compile(r"^[a-z0-9_.-]{3,30}$")


class _Line:
    __slots__ = ("number", "start", "end", "text", "cls", "detail")

    def __init__(self, number: int, start: int, end: int, text: str) -> None:
        self.number, self.start, self.end, self.text = number, start, end, text
        self.cls, self.detail = "blank", ""


def _classify(line: _Line) -> None:
    text = line.text.strip()
    if not text:
        return
    bare = text.lstrip("•·*- ").strip()
    if match := _QUOTE_HEADER.match(text):
        line.cls, line.detail = "quote_header", match["user"]
        return
    if category := _boilerplate_category(text, bare):
        line.cls, line.detail = ("post_end" if category == "post_end" else "boilerplate"), category
        return
    if _CAPTION.match(text):
        line.cls, line.detail = "boilerplate", "image caption"
    elif _is_dateline(text):
        line.cls = "byline"
    else:
        line.cls = "text"


def _is_dateline(text: str) -> bool:
    words = len(text.split())
    if _BYLINE.match(text) and words <= 12 and not text.rstrip().endswith("."):
        return True
    if _PUBLISHED.match(text) and words <= 10:
        return True
    if _PLACE_OUTLET.match(text) or _OUTLET_LABEL.match(text) or (_DATELINE.match(text) and words <= 6):
        return True
    # A line that is a date and perhaps a time, and nothing else (a short line: a paragraph is not
    # searched for its dates).
    if words <= 7 and (dates := absolute_dates(text)):
        rest = (text[: dates[0].start] + text[dates[0].end:]).strip(" ,")
        return not re.search(r"[a-z]{4,}", re.sub(r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b[ap]\.?m\.?\b", "", rest))
    return False


# --- layout ---------------------------------------------------------------------------------


def _lines(text: str) -> list[_Line]:
    lines, start = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _Line(number, start, start + len(raw), raw)
        _classify(line)
        lines.append(line)
        start += len(raw) + 1
    return lines


def _runs(lines: list[_Line]) -> Iterator[list[_Line]]:
    """Consecutive non-blank lines of one class: a paragraph, or a run of furniture."""
    run: list[_Line] = []
    for line in lines:
        if run and (line.cls == "blank" or (line.cls, line.detail) != (run[-1].cls, run[-1].detail)
                    or line.cls in {"byline", "quote_header"}):
            yield run
            run = []
        if line.cls != "blank":
            run.append(line)
    if run:
        yield run


def _split_subheadings(runs: Iterator[list[_Line]]) -> Iterator[list[_Line]]:
    """A short unpunctuated first line glued to its paragraph is a subheading of its own."""
    for run in runs:
        if run[0].cls == "text" and len(run) > 1 and _is_headline(run[:1]) and len(run[0].text.split()) <= 8:
            yield run[:1]
            run = run[1:]
        yield run


def _posts(runs: list[list[_Line]], thread: bool) -> list[list[list[_Line]]]:
    """Split a thread after each run of post-ending furniture ("Link to comment", "Share…")."""
    if not thread:
        return [runs]
    posts: list[list[list[_Line]]] = [[]]
    for run in runs:
        if run[0].cls != "post_end" and posts[-1] and posts[-1][-1][0].cls == "post_end":
            posts.append([])
        posts[-1].append(run)
    return posts


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’-]*", text)


_FIRST_SECOND_PERSON = frozenset({"i", "i'm", "i've", "me", "my", "you", "your", "you're", "we", "us", "our"})


def _looks_like_report(runs: list[list[_Line]]) -> bool:
    """Tell a pasted news report from a user's own comment by how it is written."""
    if any(run[0].cls == "byline" for run in runs):
        return True
    text = " ".join(line.text for run in runs if run[0].cls == "text" for line in run)
    if any(_OUTLET_BRACES.match(line.text.strip()) or _OUTLET_SLASH.match(line.text.strip())
           for run in runs for line in run):
        return True
    words = [w.lower() for w in _words(text)]
    if len(words) < 80:
        return False
    personal = sum(w in _FIRST_SECOND_PERSON for w in words) / len(words)
    reporting = sum(w in data.words("reporting_verbs.txt") for w in words) / len(words)
    return personal < 0.015 and reporting > 0.004


def _is_headline(run: list[_Line]) -> bool:
    text = " ".join(line.text.strip() for line in run)
    return len(run) == 1 and len(text.split()) <= 25 and not re.search(r"[.!?؟:,;]['\"”’]?$", text)


def _span(run: list[_Line]) -> tuple[int, int, int, int]:
    first = run[0]
    last = run[-1]
    start = first.start + len(first.text) - len(first.text.lstrip())
    end = last.start + len(last.text.rstrip())
    return start, end, first.number, last.number


def _author(byline: str) -> str:
    """The name in a byline, without the date that often follows it ("RICK MORAN NOV 07")."""
    words = []
    for word in byline.split():
        if word.rstrip(".").lower() in _MONTH_NAMES:
            break
        words.append(word)
    return " ".join(words).title()


_MONTH_NAMES = frozenset(name.lower() for name in (*calendar.month_name, *calendar.month_abbr) if name)


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


class _Builder:
    def __init__(self, text: str) -> None:
        lines = _lines(text)
        self.runs = list(_split_subheadings(_runs(lines)))
        post_ends = sum(1 for run in self.runs if run[0].cls == "post_end")
        headers = sum(1 for run in self.runs if run[0].cls == "quote_header")
        self.thread = post_ends >= 2 or (post_ends >= 1 and headers >= 1)
        self.passages: list[Passage] = []
        self.reports: list[Report] = []
        self.title: str | None = None
        self.outlet: str | None = None
        self.date: str | None = None
        self.seen: dict[str, int] = {}

    def add(self, run: list[_Line], kind: Kind, use: Use, why: str, post: int | None = None,
            report: int | None = None) -> None:
        start, end, first, last = _span(run)
        self.passages.append(Passage(kind=kind, start=start, end=end, line_start=first, line_end=last,
                                     use=use, why=why, post=post, report=report))

    def repeat_of(self, run: list[_Line]) -> int | None:
        """The line where this paragraph's text first appeared, when it is a repeat (a quote)."""
        key = _key(" ".join(line.text for line in run))
        if len(key) < 30:
            return None
        if key in self.seen:
            return self.seen[key]
        self.seen[key] = run[0].number
        return None

    def build(self) -> Layout:
        for number, post in enumerate(_posts(self.runs, self.thread), start=1):
            self.post(post, number if self.thread else None)
        return Layout(thread=self.thread, title=self.title, outlet=self.outlet, date=self.date,
                      passages=self.passages, reports=self.reports)

    def furniture(self, run: list[_Line], post: int | None) -> bool:
        cls = run[0].cls
        if cls in {"boilerplate", "post_end"}:
            self.add(run, "boilerplate", "set_aside", run[0].detail.replace("_", " "), post)
            if run[0].detail == "copyright" and (match := _COPYRIGHT_OWNER.search(run[0].text)):
                self.outlet = self.outlet or match["outlet"].strip()
            return True
        if self.thread and cls == "text" and len(run) == 1 and _USER_NAME.match(run[0].text.strip()):
            self.add(run, "boilerplate", "set_aside", "forum user name", post)
            return True
        return False

    def post(self, runs: list[list[_Line]], post: int | None) -> None:
        content = [run for run in runs if run[0].cls not in {"boilerplate", "post_end"}]
        if not self.thread:
            self.article(runs)
        elif _looks_like_report([run for run in content if run[0].cls != "quote_header"]) and not any(
            run[0].cls == "quote_header" for run in content
        ):
            self.report(runs, post)
        else:
            self.comment(runs, post)

    def article(self, runs: list[list[_Line]]) -> None:
        body_started = False
        for run in runs:
            if self.furniture(run, None):
                continue
            if run[0].cls == "byline":
                self.add(run, "byline", "facts", "byline or dateline")
                self.note_dateline(run)
            elif _is_headline(run):
                self.title = self.title or (None if body_started else run[0].text.strip())
                self.add(run, "headline", "facts", "headline" if not body_started else "subheading")
            else:
                body_started = True
                self.add(run, "body", "facts", "article text")

    def note_dateline(self, run: list[_Line]) -> None:
        dates = absolute_dates(run[0].text)
        if dates and self.date is None:
            self.date = dates[0].value

    def report(self, runs: list[list[_Line]], post: int | None) -> None:
        number = len(self.reports) + 1
        title = outlet = author = date = None
        body_started = False
        body_runs = 0
        first_line = last_line = None
        for run in runs:
            if self.furniture(run, post):
                continue
            text = " ".join(line.text.strip() for line in run)
            if (repeat := self.repeat_of(run)) is not None:
                self.add(run, "quoted_reply", "set_aside", f"repeats line {repeat}", post)
                continue
            if body_runs <= 1 and not outlet:  # an outlet named deeper in is one the report quotes
                outlet = self.outlet_in(text)
            if run[0].cls == "byline":
                self.add(run, "byline", "facts", "byline or dateline", post, number)
                if match := _BYLINE.match(text):
                    author = author or _author(match["author"])
                date = date or next((d.value for d in absolute_dates(text)), None)
            elif _is_headline(run) and not body_started:
                if self.title is None:
                    self.title = text
                    self.add(run, "headline", "facts", "title of the thread", post)
                    continue
                else:
                    title = text
                    self.add(run, "headline", "facts", "headline of a pasted report", post, number)
            else:
                body_started = True
                body_runs += 1
                self.add(run, "embedded_report", "facts", "report pasted into the thread", post, number)
            first_line = first_line or run[0].number
            last_line = run[-1].number
        self.reports.append(Report(number=number, title=title, outlet=outlet, author=author, date=date,
                                   line_start=first_line or 0, line_end=last_line or 0))
        self.date = self.date or date

    @staticmethod
    def outlet_in(text: str) -> str | None:
        for pattern in (_OUTLET_BRACES, _PLACE_OUTLET, _OUTLET_SLASH, _OUTLET_LABEL):
            if match := pattern.match(text):
                return match["outlet"].strip()
        if (match := _DATELINE.match(text)) and match["outlet"]:
            return match["outlet"].strip()
        return None

    def comment(self, runs: list[list[_Line]], post: int | None) -> None:
        after_header = False
        for run in runs:
            if self.furniture(run, post):
                continue
            if run[0].cls == "quote_header":
                self.add(run, "quoted_reply", "set_aside", f"quote header: {run[0].detail} wrote", post)
                after_header = True
                continue
            repeat = self.repeat_of(run)
            if repeat is not None:
                self.add(run, "quoted_reply", "set_aside", f"repeats line {repeat}", post)
            elif after_header:
                self.add(run, "quoted_reply", "set_aside", "text quoted from another post", post)
            elif self.title is None and _is_headline(run):
                self.title = " ".join(line.text.strip() for line in run)
                self.add(run, "headline", "facts", "title of the thread", post)
            else:
                self.add(run, "user_comment", "opinion", "a forum user's own words: citable only as their opinion",
                         post)
            after_header = False


def layout(text: str) -> Layout:
    """Label every passage of one source's text."""
    return _Builder(text).build()


def set_aside_lines(lay: Layout, lines: set[int], why: str) -> Layout:
    """Turn the passages lying wholly on `lines` into boilerplate (a reader knows they are page furniture)."""
    passages = [
        p.model_copy(update={"kind": "boilerplate", "use": "set_aside", "why": why, "report": None})
        if p.use != "set_aside" and all(n in lines for n in range(p.line_start, p.line_end + 1)) else p
        for p in lay.passages
    ]
    return lay.model_copy(update={"passages": passages})


# --- relevance ------------------------------------------------------------------------------


def _terms(text: str) -> Counter[str]:
    stop = data.words("stopwords.txt")
    return Counter(w for w in (word.lower().strip("'’-") for word in _words(text)) if len(w) > 2 and w not in stop)



def set_aside_off_topic(texts: list[str], layouts: list[Layout], title: str) -> list[Layout]:
    """Set aside the posts (or whole sources) whose vocabulary is far from the rest of the corpus.

    Each unit — a post of a thread, or a whole article — is compared (TF-IDF cosine) with
    everything else in the corpus plus the case title. A unit far below the corpus's typical
    similarity is off-topic: its passages stay listed, marked set aside, with the figures.
    """
    units: list[tuple[int, int | None, Counter[str]]] = []
    factual: list[bool] = []
    for index, (text, lay) in enumerate(zip(texts, layouts, strict=True)):
        groups: dict[int | None, list[Passage]] = {}
        for passage in lay.passages:
            if passage.use != "set_aside":
                groups.setdefault(passage.post, []).append(passage)
        for post, parts in groups.items():
            units.append((index, post, _terms(" ".join(text[p.start:p.end] for p in parts))))
            factual.append(any(p.use == "facts" for p in parts))
    if len(units) < 3:
        return layouts
    document_frequency = Counter(term for *_, terms in units for term in terms)
    idf = {term: math.log((1 + len(units)) / (1 + count)) + 1 for term, count in document_frequency.items()}
    weighted = [{t: (1 + math.log(n)) * idf[t] for t, n in terms.items()} for *_, terms in units]
    total: Counter[str] = Counter()
    for vector in weighted:
        total.update(vector)
    title_terms = {t: 3.0 * idf.get(t, 1.0) for t in _terms(title)}
    # Each unit against the rest: the corpus and title vector less the unit's own weights, whose
    # dot product and norm follow from the unit's terms alone (linear in the corpus, not quadratic).
    everything = {t: total.get(t, 0.0) + title_terms.get(t, 0.0) for t in set(total) | set(title_terms)}
    squares = sum(w * w for w in everything.values())
    scores = []
    for vector in weighted:
        dot = sum(w * (everything[t] - w) for t, w in vector.items())
        own = sum(w * w for w in vector.values())
        rest = squares - 2 * sum(w * everything[t] for t, w in vector.items()) + own
        norm = math.sqrt(own) * math.sqrt(max(rest, 0.0))
        scores.append(dot / norm if norm else 0.0)
    # Typical of the fact-bearing units: short comments score low for want of words, not topic.
    typical = statistics.median(s for s, f in zip(scores, factual, strict=True) if f) if any(factual) else 0.0
    off = {(index, post): score for (index, post, terms), score in zip(units, scores, strict=True)
           if score < OFF_TOPIC_RATIO * typical and sum(terms.values()) >= MIN_TERMS}
    result = []
    for index, lay in enumerate(layouts):
        passages = [
            p.model_copy(update={"use": "set_aside", "why": f"off-topic: similarity {off[(index, p.post)]:.2f} to the "
                                                           f"rest of the corpus, whose median is {typical:.2f}"})
            if (index, p.post) in off and p.use != "set_aside" else p
            for p in lay.passages
        ]
        result.append(lay.model_copy(update={"passages": passages}))
    return result


# A unit is off-topic below this fraction of the corpus's median similarity. Set from the spread
# seen on mixed news corpora: on-topic posts sit near the median, off-topic ones far below it.
OFF_TOPIC_RATIO = 0.5
# Units with fewer content words than this are too short to judge ("Of course not.").
MIN_TERMS = 40
