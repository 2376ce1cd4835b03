"""Time expressions: found by the grammar of English dates, typed and valued as TIMEX3.

`tag(text, anchor)` finds absolute dates ("January 3, 2020", "2021-11-08 02:16"), partial ones
("January 3", "in September") and expressions relative to the anchor (the publication date:
"yesterday", "last Thursday", "on Sunday", "last month"), relative to the event just told ("the
next day", "two weeks later"), durations ("three years") and sets ("every Sunday"). The anchor
is explicit and may be partial or unknown: a value is never more precise than what the anchor
and the text say, and what cannot be resolved keeps TIMEX3's X placeholders ("XXXX-WXX-7").
Where an expression's date depends on tense ("on Sunday", "in December"), the nearest tense
marker of its sentence decides: past looks back from the anchor, future forward.

`find(source)` tags a whole source, each pasted report anchored on its own date.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from briefing import data
from briefing.findings import Findings, Timex

if TYPE_CHECKING:
    from briefing.sources import SourceText

Type = Literal["DATE", "TIME", "DURATION", "SET"]
Precision = Literal["time", "day", "week", "month", "quarter", "season", "year", "decade", "century"]
AnchorFrom = Literal["case file", "report in case file", "report", "dateline", "unknown"]
Tense = Literal["past", "future"] | None


class Anchor(NamedTuple):
    """The date relative expressions count from: YYYY, YYYY-MM or YYYY-MM-DD, or None (unknown)."""

    value: str | None = None
    origin: AnchorFrom = "unknown"

    @property
    def parts(self) -> tuple[int | None, int | None, int | None]:
        numbers = [int(part) for part in self.value.split("-")] if self.value else []
        numbers += [None] * (3 - len(numbers))
        return numbers[0], numbers[1], numbers[2]

    @property
    def day(self) -> datetime.date | None:
        year, month, day = self.parts
        return datetime.date(year, month, day) if day else None


class Tagged(NamedTuple):
    """A time expression in a text: span, TIMEX3 type and value, and how the value was reached."""

    start: int
    end: int
    text: str
    type: Type
    value: str
    precision: Precision | None = None
    weekday: int | None = None  # ISO weekday (1 Monday … 7 Sunday) named or implied
    relative_to: int | None = None  # start of the expression an event-relative one counts from
    anchored: bool = False  # the value rests on the anchor, not on the words alone


class FoundDate(NamedTuple):
    start: int
    end: int
    value: str  # ISO 8601, YYYY-MM-DD


# --- lexicon ------------------------------------------------------------------------------------


def _names(names: list[str]) -> str:
    """Capitalised or upper-case only: "may" and "march" in running text are verbs, not months. As a
    tree of their letters (`data.tree`), which tries the names matching at a place, prefixes of one
    another ("Thurs", "Thu"), longest first, as an alternation of them longest first does."""
    return data.tree({form for name in names for form in (name.title(), name.upper())})


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
} | {"sept": 9}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name, start=1)}
_WEEKDAY_ABBR = {name.lower(): number for number, name in enumerate(calendar.day_abbr, start=1)} | {
    "tues": 2, "thur": 4, "thurs": 4}


@cache
def _lexicon(category: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for row in data.rows("time_words.tsv"):
        kind, words, *values = row.split("\t")
        if kind == category:
            for word in (words.split() if kind in {"past", "present"} else [words]):
                table[word.lower()] = tuple(values)
    return table


def _words(category: str) -> str:
    """A category's words as alternatives: any space may be several, an apostrophe curly. Written as
    a tree of their letters (`data.tree`): the words a text matches at one place are prefixes of one
    another, which the tree tries longest first, as an alternation of them longest first does, each
    next letter once rather than every word (a test compares the two)."""
    return data.tree(_lexicon(category), _spelled)


def _spelled(letter: str) -> str:
    return r"\s+" if letter == " " else "['’]" if letter == "'" else re.escape(letter)


_MONTH_FULL = f"(?P<month>{_names([calendar.month_name[n] for n in range(1, 13)])})"
_MONTH = (f"(?P<month>{_names([calendar.month_name[n] for n in range(1, 13)])}|"
          f"(?:{_names([*calendar.month_abbr[1:], 'Sept'])})\\.?)")
_WEEKDAY = f"(?P<weekday>{_names(list(calendar.day_name))})"
_WEEKDAY_ANY = f"(?P<weekday>{_names(list(calendar.day_name))}|(?:{_names(list(_WEEKDAY_ABBR))})\\.?)"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)\b"
_CLOCK = (r"(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d)(?::[0-5]\d)?(?:\s*(?P<ampm>(?i:[ap]))\.?(?i:m)\b\.?)?"
          r"|(?:[.](?P<minute2>[0-5]\d))?\s*(?P<ampm2>(?i:[ap]))\.?(?i:m)\b\.?)"
          r"(?:\s*(?P<zone>UTC|GMT|Z|ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|BST|CET|CEST)\b)?")
_TIME_AFTER = rf"(?:,?\s+(?:at\s+)?{_CLOCK})?"
_UNIT = (r"(?P<unit>(?i:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?"
         r"|centur(?:y|ies)))")
# (Trees of their letters, `data.tree`, as `_words` writes a category: of these words none starts
# another, so at most one matches at a place, whatever their order.)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUM_WORD = rf"(?:{data.tree(_TENS)})(?:[\s-](?:{data.tree(_UNITS)}))?"
_NUMBER = (rf"(?P<number>(?i:(?<![\d.,])\d+(?:\.\d+)?|{_NUM_WORD}|{_words('number')})"
           r"(?i:\s+and\s+a\s+half)?)")
_APPROXIMATELY = ("almost", "nearly", "about", "around", "approximately", "roughly", "some")
_APPROX = rf"(?:(?i:{data.tree(_APPROXIMATELY)})\s+)?"
_PART = rf"(?P<part>(?i:{_words('part')}))"
_SEASON = rf"(?P<season>(?i:{_words('season')}))"
_EDGE = (r"(?P<edge>(?i:(?:early|late|mid)[\s-]+|(?:the\s+)?(?:very\s+)?"
         r"(?:beginning|start|end|middle|first\s+half|second\s+half)\s+of\s+(?:the\s+)?))?")
_SHIFT = {"last": -1, "past": -1, "previous": -1, "preceding": -1, "this": 0, "current": 0, "next": 1,
          "coming": 1, "following": 1}


# --- calendar arithmetic --------------------------------------------------------------------------


def _week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _shifted(anchor: Anchor, level: str, steps: int) -> tuple[str, Precision | None]:
    """The period `steps` units of `level` from the anchor's, as precise as the anchor allows.

    A unit finer than what the anchor knows gives the anchor's own period ("yesterday" of an
    article known only as January 2020 is January 2020: the publication month holds it).
    """
    year, month, day = anchor.parts
    if year is None:
        return {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX",
                "year": "XXXX", "decade": "XXX", "century": "XX"}[level], None
    if level in {"day", "week"} and day is None or level in {"month", "quarter"} and month is None:
        return anchor.value or "", ("month" if month else "year")
    if level == "day":
        return (datetime.date(year, month, day) + datetime.timedelta(days=steps)).isoformat(), "day"
    if level == "week":
        return _week(datetime.date(year, month, day) + datetime.timedelta(weeks=steps)), "week"
    if level == "month":
        y, m = _add_months(year, month, steps)
        return f"{y:04d}-{m:02d}", "month"
    if level == "quarter":
        y, m = _add_months(year, month, 3 * steps)
        return f"{y:04d}-Q{(m - 1) // 3 + 1}", "quarter"
    if level == "year":
        return f"{year + steps:04d}", "year"
    if level == "decade":
        return f"{year // 10 + steps:03d}", "decade"
    return f"{year // 100 + steps:02d}", "century"


def _weekday_value(anchor: Anchor, weekday: int, direction: int, strict: bool = False) -> tuple[str, Precision | None]:
    """The `weekday` before (-1), after (+1) or nearest (0) the anchor; on the anchor day itself
    unless `strict` ("last Sunday" is never today)."""
    base = anchor.day
    if base is None:
        if anchor.value is None:
            return f"XXXX-WXX-{weekday}", None
        return anchor.value, "month" if anchor.parts[1] else "year"
    back = (base.isoweekday() - weekday) % 7 or (7 if strict else 0)
    ahead = (weekday - base.isoweekday()) % 7 or (7 if strict else 0)
    offset = -back if direction < 0 or direction == 0 and back <= ahead else ahead
    return (base + datetime.timedelta(days=offset)).isoformat(), "day"


def _year_for(anchor: Anchor, month: int, day: int | None, tense: Tense, weekday: int | None = None) -> int | None:
    """The year of a date written without one: the one a weekday written with it fits ("Sunday,
    November 7"), else the year before, of or after the anchor's that puts the date nearest to it
    on the side the tense says (behind it for the past, ahead for the future)."""
    year, a_month, a_day = anchor.parts
    if year is None:
        return None
    if weekday and day:
        fits = [y for y in (year, year - 1, year + 1) if _valid(y, month, day)
                and datetime.date(y, month, day).isoweekday() == weekday]
        if fits:
            return fits[0]
    if a_month is None:
        return year
    here = (month, day if day and a_day else 0)
    now = (a_month, a_day if day and a_day else 0)
    if tense == "past" and here > now:
        return year - 1
    if tense == "future" and here < now:
        return year + 1
    if tense is None:
        return min((year, year - 1, year + 1), key=lambda y: abs((y - year) * 12 + month - a_month))
    return year


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _number(text: str) -> float | None:
    """The number a duration counts, or None when unspecified ("several")."""
    words = re.sub(r"\s+", " ", text.lower()).strip()
    half = words.endswith(" and a half")
    words = words.removesuffix(" and a half")
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        value = float(words)
    elif (entry := _lexicon("number").get(words)) is not None:
        if entry[0] == "X":
            return None
        value = float(entry[0])
    else:
        value = sum(float(_lexicon("number")[part][0]) for part in re.split(r"[\s-]", words))
    return value + 0.5 if half else value


def _amount(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _unit(word: str) -> tuple[str, float]:
    """TIMEX3 letter and multiple of a unit word ("decades" → Y, 10)."""
    singular = word.lower().removesuffix("s")
    singular = "century" if singular in {"centurie", "century"} else singular
    letter, multiple = _lexicon("unit")[singular]
    return letter, float(multiple)


def _clock_unit(unit: str) -> bool:
    return unit.lower().startswith(("hour", "minute", "second"))


def _duration(number: float | None, unit: str) -> str:
    letter, multiple = _unit(unit)
    time = "T" if _clock_unit(unit) else ""
    return f"P{time}{'X' if number is None else _amount(number * multiple)}{letter}"


_LEVELS = {"day": "day", "week": "week", "weekend": "week", "month": "month", "quarter": "quarter",
           "year": "year", "decade": "decade", "century": "century"}


def _level(unit: str) -> str:
    singular = unit.lower().removesuffix("s")
    return "century" if singular.startswith("centur") else _LEVELS.get(singular, "day")


# --- tense ------------------------------------------------------------------------------------------

_FUTURE_AUXILIARIES = frozenset({"will", "'ll", "to", "be", "shall"})
_SUBJECT_PRONOUNS = frozenset({"it", "he", "she", "which", "who", "that"})
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|['’]ll")


def _tense(text: str, sentence: tuple[int, int], start: int, end: int) -> Tense:
    """Past or future, by the tense marker nearest the expression in its sentence, or None."""
    tokens = [(m.start(), m[0].lower().replace("’", "'")) for m in _TOKEN.finditer(text, sentence[0], sentence[1])]
    first = bisect.bisect_left(tokens, (start, ""))
    last = bisect.bisect_left(tokens, (end, ""))
    future, past, present = _lexicon("future"), _lexicon("past"), _lexicon("present")
    best: tuple[int, bool, Tense | Literal["present"]] | None = None
    for index, (_, word) in enumerate(tokens):
        if first <= index < last:
            continue
        after = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        previous = tokens[index - 1][1] if index else ""
        before = {w for _, w in tokens[max(0, index - 3):index]}
        tense: Tense | Literal["present"]
        if word in future and (not future[word] or after in {future[word][0], "for"}):
            tense = "future"
        elif (word in past or len(word) > 4 and word.endswith("ed")) and not _FUTURE_AUXILIARIES & before:
            tense = "past"  # a participle after "will be" or "to be" is no past
        elif word in present or word.endswith("s") and previous in _SUBJECT_PRONOUNS:
            tense = "present"
        else:
            continue
        # Words between marker and expression; a marker before it wins a tie (the verb it follows).
        distance = first - index - 1 if index < first else index - last
        if best is None or (distance, index > first) < best[:2]:
            best = (distance, index > first, tense)
    return best[2] if best and best[2] != "present" else None


# --- rules ----------------------------------------------------------------------------------------


class _Context:
    """What resolving one expression may look at: the text, anchor, sentence, last dated event."""

    def __init__(self, text: str, anchor: Anchor, start: int, end: int) -> None:
        self.text, self.anchor, self.start, self.end = text, anchor, start, end
        self.reference: Tagged | None = None

    def sentence(self, offset: int) -> tuple[int, int]:
        """Roughly the sentence around `offset`: the tense of its words is all that is asked of it."""
        first = max(self.start, offset - _WINDOW)
        last = min(self.end, offset + _WINDOW)
        before = [m.end() for m in _SENTENCE_END.finditer(self.text, first, offset)]
        after = _SENTENCE_END.search(self.text, offset, last)
        return (before[-1] if before else first), (after.start() if after else last)

    def tense(self, start: int, end: int) -> Tense:
        return _tense(self.text, self.sentence(start), start, end)


# Characters either side of an expression searched for its sentence: longer than news sentences.
_WINDOW = 300
# A sentence ends at a line break or at a full stop, question or exclamation mark before a capital.
_SENTENCE_END = re.compile(r"\n|(?<=[.!?])['\"”’)]*\s+(?=['\"“‘(]?[A-Z0-9])")


Value = tuple[Type, str, Precision | None, int | None] | None  # type, value, precision, weekday
Handler = Callable[[re.Match[str], _Context], Value]


class Rule(NamedTuple):
    """A rule: the family of trigger words it runs near, its pattern and what values a match; and,
    for a rule of a family that many rules share, words (lower-case letters) one of which every
    match holds, case aside: a stretch of text without any is not searched (`_holds`). Patterns
    are compiled when a text first has their family's trigger words (`_compiled`): compiling them
    all costs more start-up than tagging a short text, and a run that reads no text (a rebuild,
    the schema) needs none."""

    key: str
    pattern: str
    handler: Handler
    needs: tuple[str, ...] = ()


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _clock(match: re.Match[str], date: str) -> str:
    hour = int(match["hour"])
    minute = match["minute"] or match["minute2"] or "00"
    ampm = (match["ampm"] or match["ampm2"] or "").lower()
    hour = hour % 12 + 12 if ampm == "p" else hour % 12 if ampm == "a" else hour
    zone = "Z" if match["zone"] in {"UTC", "GMT", "Z"} else ""
    return f"{date}T{hour:02d}:{minute}{zone}"


def _with_clock(match: re.Match[str], date: str, weekday: int | None) -> Value:
    if match["hour"] is not None:
        return "TIME", _clock(match, date), "time", weekday
    return "DATE", date, "day", weekday


def _weekday_of(match: re.Match[str]) -> int | None:
    name = match["weekday"] if "weekday" in match.re.groupindex else None
    if not name:
        return None
    key = name.lower().rstrip(".")
    return _WEEKDAYS.get(key) or _WEEKDAY_ABBR.get(key)


def _month_of(match: re.Match[str]) -> int:
    return _MONTHS[match["month"].lower().rstrip(".")]


def _full_date(match: re.Match[str], context: _Context) -> Value:
    year, day = int(match["year"]), int(match["day"])
    month = int(match["month_number"]) if "month_number" in match.re.groupindex and match["month_number"] \
        else _month_of(match)
    if not _valid(year, month, day):
        return None
    return _with_clock(match, f"{year:04d}-{month:02d}-{day:02d}", _weekday_of(match))


def _slashed(match: re.Match[str], context: _Context) -> Value:
    first, second, year = int(match["first"]), int(match["second"]), match["year2"]
    month, day = (first, second) if first <= 12 else (second, first)
    if len(year) == 2:
        # The century that puts a two-digit year nearest the anchor (or this one's, unknown).
        known = context.anchor.parts[0] or datetime.date.today().year
        year_number = min((c + int(year) for c in (known // 100 * 100 - 100, known // 100 * 100)),
                          key=lambda y: abs(y - known))
    else:
        year_number = int(year)
    if not _valid(year_number, month, day):
        return None
    return _with_clock(match, f"{year_number:04d}-{month:02d}-{day:02d}", None)


def _partial_date(match: re.Match[str], context: _Context) -> Value:
    month, day = _month_of(match), int(match["day"])
    weekday = _weekday_of(match)
    year = _year_for(context.anchor, month, day, context.tense(match.start(), match.end()), weekday)
    if year is None:
        return ("DATE", f"XXXX-{month:02d}-{day:02d}", None, weekday) if _valid(2000, month, day) else None
    if not _valid(year, month, day):
        return None
    return _with_clock(match, f"{year:04d}-{month:02d}-{day:02d}", weekday)


def _month_year(match: re.Match[str], context: _Context) -> Value:
    return "DATE", f"{int(match['year']):04d}-{_month_of(match):02d}", "month", None


def _month_alone(match: re.Match[str], context: _Context) -> Value:
    month = _month_of(match)
    shift = (match["shift"] or "").lower()
    year, a_month, _ = context.anchor.parts
    if year is None:
        return "DATE", f"XXXX-{month:02d}", None, None
    if shift in {"last", "next", "this"} and a_month:
        step = {"last": -1, "next": 1, "this": 0}[shift]
        resolved = year + (step if (month >= a_month if step < 0 else month <= a_month) and step else 0)
        return "DATE", f"{resolved:04d}-{month:02d}", "month", None
    resolved = _year_for(context.anchor, month, None, context.tense(match.start(), match.end()))
    return "DATE", f"{resolved:04d}-{month:02d}", "month", None


def _year(match: re.Match[str], context: _Context) -> Value:
    return "DATE", match["year"], "year", None


def _decade(match: re.Match[str], context: _Context) -> Value:
    return "DATE", match["decade"][:3], "decade", None


def _clock_only(match: re.Match[str], context: _Context) -> Value:
    """A clock time on the day its sentence has just named ("Tuesday … at 18:00"), else the anchor's."""
    reference = context.reference
    if reference and reference.precision in {"day", "time"} and context.sentence(reference.start) == \
            context.sentence(match.start()):
        date = reference.value[:10]
    else:
        date, precision = _shifted(context.anchor, "day", 0)
        if precision != "day":  # the day unknown: TIMEX3 writes it out with X ("2020-01-XXT08:30")
            return "TIME", _clock(match, date + "-XX" * (2 - date.count("-"))), precision, None
    return "TIME", _clock(match, date), "time", None


def _iso(match: re.Match[str], context: _Context) -> Value:
    year, month, day = int(match["year"]), int(match["month_number"]), int(match["day"])
    if not _valid(year, month, day):
        return None
    return _with_clock(match, f"{year:04d}-{month:02d}-{day:02d}", None)


_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                  "the day after tomorrow": 2}


def _relative_day(match: re.Match[str], context: _Context) -> Value:
    word = re.sub(r"\s+", " ", match["rel"].lower())
    if word == "today" and match["rel"][0] == "T" and _proper_name_before(context.text, match.start()):
        return None  # "USA Today" is a newspaper
    value, precision = _shifted(context.anchor, "day", _RELATIVE_DAYS[word])
    weekday = _weekday_of(match)
    if weekday is None and context.anchor.day:
        weekday = (context.anchor.day + datetime.timedelta(days=_RELATIVE_DAYS[word])).isoweekday()
    part = "TNI" if word == "tonight" else _lexicon("part")[match["part"].lower()][0] if match["part"] else None
    if part and precision == "day":
        return "TIME", f"{value}{part}", "time", weekday
    return "DATE", value, precision, weekday


def _proper_name_before(text: str, start: int) -> bool:
    before = re.search(r"(\S+)\s+$", text[max(0, start - 40):start])
    return bool(before and before[1][:1].isupper() and not before[1].endswith((".", ":", '"')))


def _weekday(match: re.Match[str], context: _Context) -> Value:
    weekday = _weekday_of(match)
    shift = (match["shift"] or "").lower()
    if shift in {"last", "past", "previous"}:
        value, precision = _weekday_value(context.anchor, weekday, -1, strict=True)
    elif shift in {"next", "coming"}:
        value, precision = _weekday_value(context.anchor, weekday, 1, strict=True)
    elif shift == "this" and context.anchor.day:
        monday = context.anchor.day - datetime.timedelta(days=context.anchor.day.isoweekday() - 1)
        value, precision = (monday + datetime.timedelta(days=weekday - 1)).isoformat(), "day"
    else:
        tense = context.tense(match.start(), match.end())
        value, precision = _weekday_value(context.anchor, weekday, {"past": -1, "future": 1, None: 0}[tense])
    if match["part"] and precision == "day":
        return "TIME", f"{value}{_lexicon('part')[match['part'].lower()][0]}", "time", weekday
    return "DATE", value, precision, weekday


def _this_unit(match: re.Match[str], context: _Context) -> Value:
    shift = _SHIFT[match["shift"].lower()]
    unit = match["unit"].lower()
    level = _level(unit)
    value, precision = _shifted(context.anchor, level, shift)
    if unit == "weekend" and precision == "week":
        value += "-WE"
    return "DATE", value, precision, None


def _part_of_day(match: re.Match[str], context: _Context) -> Value:
    shift = -1 if match["shift"].lower() == "last" else 0
    value, precision = _shifted(context.anchor, "day", shift)
    part = _lexicon("part")[match["part"].lower()][0]
    return ("TIME", f"{value}{part}", "time", None) if precision == "day" else ("DATE", value, precision, None)


_QUARTERS = {"first": 1, "1st": 1, "q1": 1, "second": 2, "2nd": 2, "q2": 2, "third": 3, "3rd": 3, "q3": 3,
             "fourth": 4, "4th": 4, "q4": 4, "final": 4}


def _quarter(match: re.Match[str], context: _Context) -> Value:
    which = match["which"].lower()
    if which not in _QUARTERS:  # "the last quarter", "this quarter": counted from the anchor's
        value, precision = _shifted(context.anchor, "quarter", _SHIFT[which])
        return "DATE", value, precision, None
    anchor_year = context.anchor.parts[0]
    if match["year"]:
        year = match["year"]
    elif anchor_year is None:
        year = "XXXX"
    else:
        year = str(anchor_year + (_SHIFT[match["of_year"].split()[0].lower()] if match["of_year"] else 0))
    return "DATE", f"{year}-Q{_QUARTERS[which]}", None if year == "XXXX" else "quarter", None


def _season(match: re.Match[str], context: _Context) -> Value:
    code = _lexicon("season")[match["season"].lower()][0]
    year = match["year"] or (str(context.anchor.parts[0] + _SHIFT[match["shift"].lower()])
                             if context.anchor.parts[0] else "XXXX")
    return "DATE", f"{year}-{code}", "season", None


def _holiday(match: re.Match[str], context: _Context) -> Value:
    key = re.sub(r"\s+", " ", match["holiday"].replace("’", "'")).lower()
    month_day = _lexicon("holiday")[key][0]
    month, day = (int(part) for part in month_day.split("-"))
    year = match["year"] or _year_for(context.anchor, month, day, context.tense(match.start(), match.end()))
    return "DATE", f"{year or 'XXXX'}-{month_day}", "day" if year else None, None


def _edge_year(match: re.Match[str], context: _Context) -> Value:
    return "DATE", str(context.anchor.parts[0]) if context.anchor.parts[0] else "XXXX", "year", None


def _ago(match: re.Match[str], context: _Context) -> Value:
    number = _number(match["number"])
    letter, multiple = _unit(match["unit"])
    level = _level(match["unit"])
    if _clock_unit(match["unit"]):
        value, precision = _shifted(context.anchor, "day", 0)
        return "DATE", value, precision, None
    if number is None or number != int(number):
        return "DATE", "PAST_REF", None, None
    # Decades and centuries count in years, quarters in months: the period is as fine as the unit.
    level = {"decade": "year", "century": "year", "quarter": "month"}.get(level, level)
    value, precision = _shifted(context.anchor, level, -int(number * multiple))
    return "DATE", value, precision, None


def _ref(match: re.Match[str], context: _Context) -> Value:
    return "DATE", _lexicon("ref")[re.sub(r"\s+", " ", match["ref"].lower())][0], None, None


def _duration_rule(match: re.Match[str], context: _Context) -> Value:
    if match["unit"].lower() == "second" and not match["number"][0].isdigit():
        return None  # "a second aircraft": the ordinal
    return "DURATION", _duration(_number(match["number"]), match["unit"]), None, None


def _span_duration(match: re.Match[str], context: _Context) -> Value:
    number = _number(match["number"]) if match["number"] else 1.0
    return "DURATION", _duration(number, match["unit"]), None, None


def _vague_duration(match: re.Match[str], context: _Context) -> Value:
    return "DURATION", _duration(None, match["unit"]), None, None


def _set(match: re.Match[str], context: _Context) -> Value:
    if match["setword"]:
        if _proper_name_before(context.text, match.start()):
            return None  # "the Arab News daily" is a newspaper
        return "SET", _lexicon("set")[match["setword"].lower()][0], None, None
    if match["weekday"]:
        return "SET", f"XXXX-WXX-{_weekday_of(match)}", None, _weekday_of(match)
    words = (match["number"] or "one").lower()
    number = 2.0 if words == "other" else _number(words)  # "every other week"
    return "SET", _duration(number, match["unit"]), None, None


def _event_relative(match: re.Match[str], context: _Context) -> Value:
    """Counted from the last dated expression before it ("the next day", "two weeks later")."""
    words = re.sub(r"\s+", " ", match[0].lower())
    if match["unit"]:
        number = _number(match["number"]) if match["number"] else (None if match["vague"] else 1.0)
        letter, multiple = _unit(match["unit"])
        level = _level(match["unit"])
        sign = -1 if re.search(r"\b(?:earlier|before|previous|preceding|prior)\b", words) else 1
        if _clock_unit(match["unit"]):
            steps, level = (0 if number is None else int(number * multiple // 24)) * sign, "day"
        elif number is None:
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None, None
        else:
            steps = int(number * multiple) * sign
        if level in {"decade", "century"}:
            level = "year"
        if level == "quarter":
            level, steps = "month", steps * 3
    else:
        level, steps = _level(match["same"]), 0
    reference = context.reference
    if reference is None:
        return "DATE", _shifted(Anchor(), level, 0)[0], None, None
    ref_day = reference.value[:10]
    if reference.precision in {"day", "time"}:
        day = datetime.date.fromisoformat(ref_day)
        if level in {"day", "week"}:
            # Weeks from a day are a day too: "two weeks later" than the 2nd is the 16th.
            moved = day + datetime.timedelta(days=steps * (7 if level == "week" else 1))
            return "DATE", moved.isoformat(), "day", moved.isoweekday()
        reference_anchor = Anchor(ref_day)
    elif reference.precision == "month" and level in {"month", "year"}:
        reference_anchor = Anchor(reference.value[:7])
    elif reference.precision == "year" and level == "year":
        reference_anchor = Anchor(reference.value[:4])
    else:
        # Finer than the reference knows: unresolved, but the weekday survives ("the day after Sunday").
        weekday = (reference.weekday + steps - 1) % 7 + 1 if reference.weekday and level == "day" else None
        return "DATE", _shifted(Anchor(), level, 0)[0], None, weekday
    value, precision = _shifted(reference_anchor, level, steps)
    return "DATE", value, precision, None


# Words before a month named alone that make it one: "in May", "since March", "last May".
_PREFIX_CUE = (r"(?i:in|since|until|till|by|during|of|from|to|through|before|after|between|and|or|as\s+of|late|early"
               r"|mid|last|next|this)")


def _rules() -> list[Rule]:
    of_year = r"(?:\s+(?:of\s+)?(?:(?P<year>\d{4})\b|(?P<of_year>(?i:this|last|next)\s+year)))?"
    number_unit = rf"{_NUMBER}[\s-]+{_UNIT}"
    rules: list[tuple[str, str, Handler] | tuple[str, str, Handler, str]] = [
        # Absolute dates, with a weekday before and a clock time after when written.
        ("month", rf"\b(?:{_WEEKDAY_ANY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME_AFTER}", _full_date),
        ("month", rf"\b(?:{_WEEKDAY_ANY},?\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}{_TIME_AFTER}",
         _full_date),
        ("digit", rf"\b{_YEAR}-(?P<month_number>[01]\d)-{_DAY}(?:(?:T|\s+){_CLOCK})?", _iso),
        ("digit", rf"\b(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/(?P<year2>\d{{4}}|\d\d)\b(?!/){_TIME_AFTER}", _slashed),
        # Partial dates: the year comes from the anchor.
        ("month", rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?![:.,]?\d){_TIME_AFTER}", _partial_date),
        ("month", rf"\b(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH_FULL}\b{_TIME_AFTER}", _partial_date),
        ("month", rf"(?<![\w-]){_EDGE}{_MONTH},?\s+(?:of\s+)?{_YEAR}", _month_year),
        ("month", rf"(?:\b{_PREFIX_CUE}\s+(?:the\s+(?:month\s+of\s+)?)?)"
         rf"(?P<t>(?:(?P<shift>(?i:last|next|this))\s+)?{_EDGE}{_MONTH_FULL})\b(?!\s*\d)", _month_alone),
        ("digit", rf"(?<![\w$£€#.,/'’-]){_EDGE}{_YEAR}(?![\w%/-]|[.,]\d|\s*(?i:%|percent|per\s+cent))", _year),
        ("digit", r"\b(?:the\s+)?(?:(?i:early|mid|late)[\s-]+)?(?P<decade>(?:1[6-9]|20)\d0)['’]?s\b", _decade),
        ("digit", rf"(?<![\w:.]){_CLOCK}(?![\w:])", _clock_only),
        # Relative to the anchor.
        ("relday", rf"\b(?P<rel>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday"
         rf"|tomorrow))\b(?:\s+{_PART}\b)?(?:,?\s+{_WEEKDAY}\b)?", _relative_day),
        ("weekday", rf"\b(?:(?P<shift>(?i:last|this|next|coming|past|previous))\s+)?{_WEEKDAY}\b(?:\s+{_PART}\b)?",
         _weekday),
        ("part", rf"\b(?P<shift>(?i:this|last))\s+{_PART}\b", _part_of_day),
        ("unit", r"\b(?:(?i:earlier|later|early|late)\s+)?"
         r"(?P<shift>(?i:this|last|next|past|previous|coming|current))\s+"
         r"(?P<unit>(?i:week|weekend|month|year|decade|century))\b", _this_unit, "week|month|year|decade|century"),
        ("unit", rf"\b(?:(?i:the)\s+)?(?P<which>(?i:first|second|third|fourth|1st|2nd|3rd|4th|last|final|current|next|"
         rf"previous|past))[\s-]+(?i:quarter)\b{of_year}", _quarter, "quarter"),
        ("digit", rf"\b(?P<which>Q[1-4])\b(?:\s+{_YEAR})?(?P<of_year>)", _quarter),
        ("season", rf"\b(?:(?P<shift>(?i:this|last|next|past|coming))\s+)?{_SEASON}(?:\s+(?:of\s+)?{_YEAR})", _season),
        ("season", rf"\b(?P<shift>(?i:this|last|next|past|coming))\s+{_SEASON}\b(?P<year>)", _season),
        ("holiday", rf"\b(?P<holiday>(?i:{_words('holiday')}))\b(?:\s+{_YEAR})?", _holiday),
        ("unit", r"\b(?i:the)\s+(?i:beginning|start|end|middle)\s+of\s+(?i:the|this)\s+year\b", _edge_year,
         "beginning|start|end|middle"),
        ("unit", rf"\b{_APPROX}{number_unit}\s+(?i:ago)\b", _ago, "ago"),
        ("ref", rf"\b(?P<ref>(?i:{_words('ref')}))\b(?![-‑])", _ref),
        # Relative to the event just told.
        ("unit", rf"\b(?i:(?:(?:less|more)\s+than|about|almost|nearly|some|just|only)\s+)?"
         rf"(?:{_NUMBER}[\s-]+|(?P<vague>))(?P<unit>(?i:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?))"
         rf"\s+(?i:later|earlier|afterwards?)\b(?!\s+than)", _event_relative, "later|earlier|afterward"),
        ("unit", r"\b(?i:the)\s+(?i:next|following|previous|preceding|prior)\s+"
         r"(?P<unit>(?i:day|week|month|year|morning|evening|night))\b(?P<number>)(?P<vague>)", _event_relative,
         "next|following|previous|preceding|prior"),
        ("unit", r"\b(?i:the)\s+(?P<unit>(?i:day|week|month|year))\s+(?i:before|after)\b(?!\s+(?i:yesterday|tomorrow))"
         r"(?P<number>)(?P<vague>)", _event_relative, "before|after"),
        ("unit", r"\b(?:(?i:later|earlier)\s+)?(?i:that|the\s+same)\s+"
         r"(?P<same>(?i:day|morning|afternoon|evening|night|week|month|year))\b(?P<unit>)(?P<number>)(?P<vague>)",
         _event_relative, "that|same"),
        # Sets, then durations: "15 a year" is a rate before it is a length of time.
        ("set", rf"\b(?P<setword>(?i:{_words('set')}))\b(?P<weekday>)(?P<number>)(?P<unit>)", _set),
        ("every", rf"\b(?i:every|each)\s+(?:(?P<number>(?i:other|\d+|two|three|four|five|six))\s+)?"
         rf"(?:{_UNIT}|{_WEEKDAY})\b(?P<setword>)", _set),
        ("unit", rf"(?:\d|\b(?i:once|twice|times))\s+(?P<t>(?i:a|an|per)\s+{_UNIT})\b"
         r"(?P<setword>)(?P<weekday>)(?P<number>)", _set),
        ("weekday", rf"\b(?i:on\s+)(?P<t>{_WEEKDAY}s)\b(?P<setword>)(?P<number>)(?P<unit>)", _set),
        ("unit", rf"\b(?i:the)\s+(?i:past|next|last|coming|previous|first)\s+{number_unit}\b", _duration_rule,
         "past|next|last|coming|previous|first"),
        ("unit", r"\b(?i:the)\s+(?i:past|coming)\s+(?P<unit>(?i:week|month|year|decade|century))\b(?P<number>)",
         _span_duration, "past|coming"),
        ("unit", rf"\b{_APPROX}{number_unit}(?:-(?i:long|old))?\b", _duration_rule),
        ("unit", r"\b(?i:half\s+an?)\s+(?P<unit>(?i:hour|day|year|century))\b(?P<number>)",
         lambda m, c: ("DURATION", _duration(0.5, m["unit"]), None, None), "half"),
        ("unit", r"\b(?P<unit>(?i:decades|years|months|weeks))-(?i:long)\b", _vague_duration, "long"),
        ("unit", r"\b(?i:over\s+the\s+|for\s+|in\s+recent\s+)(?P<unit>(?i:decades|years|months|weeks))\b",
         _vague_duration, "decades|years|months|weeks"),
    ]
    return [Rule(key, pattern, handler, *(tuple(words.split("|")) for words in needs))
            for key, pattern, handler, *needs in rules]


_RULES = _rules()
# The rules that find full calendar dates, and nothing relative.
_FULL = _RULES[:4]


@cache
def _trigger_words() -> dict[str, list[str]]:
    """For each family of rules but digits, words one of which every match contains, in lower case,
    capitalised or upper case (`_trigger_forms`): the rules run only in the text around them, so
    most of a text is read only by the search for these (`_trigger_spans`)."""
    units = ["second", "minute", "hour", "day", "week", "fortnight", "month", "quarter", "year", "decade", "centur"]
    parts = [word.split()[0] for word in _lexicon("part")]
    return {
        "month": [name[:3] for name in calendar.month_abbr if name],
        "weekday": [name[:3] for name in calendar.day_name],
        "relday": ["today", "tonight", "yesterday", "tomorrow"], "part": parts, "unit": units + parts,
        "season": list(_lexicon("season")), "holiday": [max(w.split(), key=len) for w in _lexicon("holiday")],
        "ref": [w.split()[-1] for w in _lexicon("ref")], "set": list(_lexicon("set")), "every": ["every", "each"],
    }


@cache
def _digit_trigger() -> re.Pattern[str]:
    """The digits' family's trigger: digits as a year, a date or a clock time has them (most
    numbers are amounts)."""
    # (Opening with a set of characters, so that the engine skips to them: \d{4}|\d[:/]\d|… would
    # be tried at every position.)
    return re.compile(r"[\dQ](?:(?<=\d)(?:\d{3}|[:/]\d|\s*[aApP]\.?[mM]\b)|(?<=Q)[1-4])")


@cache
def _trigger_forms() -> dict[str, dict[str, frozenset[str]]]:
    """For each family of `_trigger_words`, the forms its words are looked for in, by their lower case."""
    forms: dict[str, dict[str, frozenset[str]]] = {}
    for key, words in _trigger_words().items():
        by_lower: dict[str, set[str]] = {}
        for word in words:
            for form in (word, word.capitalize(), word.upper()):
                by_lower.setdefault(form.lower(), set()).add(form)
        forms[key] = {lower: frozenset(found) for lower, found in by_lower.items()}
    return forms


def _trigger_spans(text: str, folded: str, key: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the family's trigger words are in text[start:end], in order: what a pattern of their
    forms, longest first, would find scanning on (a test compares), at the first place a form
    starts, the longest that starts there, then on from its end.

    A trigger word is looked for in `folded` (text[start:end] `data.fold`ed) by `str.find`, each
    place checked for one of its forms in the text: a dozen literal searches cost half the
    pattern's scan, which tries every position of the text. (Digits: `_digit_trigger`.)"""
    if key not in _trigger_forms():
        return [match.span() for match in _digit_trigger().finditer(text, start, end)]
    longest: dict[int, int] = {}  # where a form starts -> the length of the longest starting there
    for lower, forms in _trigger_forms()[key].items():
        size = len(lower)
        at = folded.find(lower)
        while at != -1:
            if text[start + at:start + at + size] in forms and longest.get(at, 0) < size:
                longest[at] = size
            at = folded.find(lower, at + 1)
    spans: list[tuple[int, int]] = []
    for at in sorted(longest):
        if not spans or at >= spans[-1][1] - start:
            spans.append((start + at, start + at + longest[at]))
    return spans


# Characters before and after a trigger word that its expression may reach ("the very beginning
# of the 2009", "less than twenty-five hours", "November 11, 2021 8:37 PM ET").
_REACH = (50, 40)


def _windows(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of text around one family's trigger words (`_trigger_spans`), merged."""
    windows: list[tuple[int, int]] = []
    for found_start, found_end in spans:
        first, last = max(start, found_start - _REACH[0]), min(end, found_end + _REACH[1])
        while first > start and not text[first - 1].isspace():
            first -= 1  # window edges on whitespace, so no word is cut where a rule would see its end
        while last < end and not text[last].isspace():
            last += 1
        if windows and first <= windows[-1][1]:
            windows[-1] = (windows[-1][0], last)
        else:
            windows.append((first, last))
    return windows


def _holds(folded: str, window: tuple[int, int], words: tuple[str, ...]) -> bool:
    """Whether the window holds one of `words` in any case, as the rules' `(?i:…)` read them: looked
    for in `folded`, the region `data.fold`ed (from `start`), where a window without them holds no
    match either."""
    first, last = window
    return any(folded.find(word, first, last) != -1 for word in words)


def _candidates(text: str, rules: list[Rule], start: int, end: int) -> list[tuple[int, int, int, re.Match[str]]]:
    found = []
    windows: dict[str, list[tuple[int, int]]] = {}
    folded = data.fold(text[start:end])  # offsets from `start`
    for order, rule in enumerate(rules):
        if rule.key not in windows:
            windows[rule.key] = _windows(text, _trigger_spans(text, folded, rule.key, start, end), start, end)
        if not windows[rule.key]:
            continue
        pattern = _compiled(rule.pattern)
        for first_window, last_window in windows[rule.key]:
            if rule.needs and not _holds(folded, (first_window - start, last_window - start), rule.needs):
                continue  # (a match lies within its window, so it would hold the words there)
            for match in pattern.finditer(text, first_window, last_window):
                first, last = (match.start("t"), match.end("t")) if "t" in pattern.groupindex else match.span()
                while last > first and text[last - 1] in " ,":
                    last -= 1
                if last > first:
                    found.append((first, last, order, match))
    # Longest first, then earliest rule: one expression per stretch of text.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    chosen: list[tuple[int, int, int, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    for item in found:
        index = bisect.bisect_left(taken, (item[0], item[1]))
        if index > 0 and taken[index - 1][1] > item[0] or index < len(taken) and taken[index][0] < item[1]:
            continue
        taken.insert(index, (item[0], item[1]))
        chosen.append(item)
    return sorted(chosen, key=lambda f: f[0])


_ANCHORED = {_partial_date, _month_alone, _relative_day, _weekday, _this_unit, _part_of_day, _quarter, _season,
             _holiday, _edge_year, _ago, _clock_only}


def tag(text: str, anchor: Anchor, start: int = 0, end: int | None = None) -> list[Tagged]:
    """Every time expression in text[start:end], in order, valued against `anchor`."""
    end = len(text) if end is None else end
    context = _Context(text, anchor, start, end)
    tagged: list[Tagged] = []
    for first, last, order, match in _candidates(text, _RULES, start, end):
        handler = _RULES[order].handler
        value = handler(match, context)
        if value is None:
            continue
        kind, timex_value, precision, weekday = value
        reference = context.reference if handler is _event_relative else None
        anchored = reference.anchored if reference else handler in _ANCHORED and anchor.value is not None
        item = Tagged(first, last, text[first:last], kind, timex_value, precision, weekday,
                      reference.start if reference else None, anchored)
        tagged.append(item)
        if kind in {"DATE", "TIME"} and (precision is not None or weekday is not None):
            context.reference = item
    return tagged


def absolute_dates(text: str) -> list[FoundDate]:
    """Every full calendar date in `text`, in order, impossible dates left out."""
    context = _Context(text, Anchor(), 0, len(text))
    found = []
    for first, last, order, match in _candidates(text, _FULL, 0, len(text)):
        value = _FULL[order].handler(match, context)
        if value is not None:
            found.append(FoundDate(first, last, value[1][:10]))
    return found


# --- sources ----------------------------------------------------------------------------------------


def _pattern_of(quote: str) -> re.Pattern[str]:
    """A quote as a pattern tolerant of whitespace, quote-mark and dash styles, as citations are."""
    classes = {**dict.fromkeys("'‘’‚‛′´`", "['‘’‚‛′´`]"),
               **dict.fromkeys('"“”„‟″«»', '["“”„‟″«»]'),
               **dict.fromkeys("-‐‑‒–—―−", "[-‐‑‒–—―−]")}
    parts = []
    for word in quote.split():
        parts.append("".join(classes.get(char, re.escape(char)) for char in word))
    return re.compile(r"\s+".join(parts))


def anchors(source: SourceText) -> list[tuple[int, int, Anchor]]:
    """Stretches of the source's text and the date each counts from: a pasted report its own date
    (the case file's, else the one its byline gives), the rest the source's `published`, else the
    date its byline or dateline gives, else unknown."""
    if source.meta.published:
        base = Anchor(source.meta.published, "case file")
    elif source.layout.date:
        base = Anchor(source.layout.date, "dateline")
    else:
        base = Anchor()
    declared: dict[int, str] = {}
    for meta in source.meta.reports:
        found = _pattern_of(meta.quote).search(source.text) if meta.published else None
        numbers = {p.report for p in source.layout.at(*found.span()) if p.report} if found else set()
        if len(numbers) == 1:
            declared[numbers.pop()] = meta.published
    regions: list[tuple[int, int, Anchor]] = []
    cursor = 0
    for report in source.layout.reports:
        if not report.line_start:
            continue
        first = source.line_starts[report.line_start - 1]
        last = source.line_starts[report.line_end] if report.line_end < len(source.line_starts) else len(source.text)
        if report.number in declared:
            own = Anchor(declared[report.number], "report in case file")
        elif report.date:
            own = Anchor(report.date, "report")
        else:
            own = base
        if first > cursor:
            regions.append((cursor, first, base))
        regions.append((first, last, own))
        cursor = last
    if cursor < len(source.text):
        regions.append((cursor, len(source.text), base))
    return regions


def find(source: SourceText) -> Findings:
    """The time expressions of one source, each region valued against its own anchor."""
    timexes = []
    key, passages = source.key, source.layout.passages  # (the key once: a property of the source's meta)
    starts = [p.start for p in passages]
    for first, last, anchor in anchors(source):
        for item in tag(source.text, anchor, first, last):
            index = bisect.bisect_right(starts, item.start) - 1
            passage = index if index >= 0 and passages[index].start <= item.start < passages[index].end else None
            timexes.append(Timex(source=key, start=item.start, end=item.end, text=item.text, type=item.type,
                                 value=item.value, precision=item.precision, weekday=item.weekday,
                                 anchored=item.anchored,
                                 relative_to=item.relative_to, anchor=anchor.value, anchor_from=anchor.origin,
                                 passage=passage))
    return Findings(timexes=timexes)
