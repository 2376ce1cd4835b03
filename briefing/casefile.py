"""The analyst's case file: its schema, and loading it from YAML with precise error positions.

The schema is the documentation: every field carries a description, which `briefing schema`
exports as JSON Schema for editors and which the README's case-file reference must cover
(`tests/test_docs.py` checks it).
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from briefing.errors import InputError

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Characters that change how text is displayed without being seen ("Trojan Source"): bidi
# embeddings, overrides and isolates, and zero-width spaces. Marks (LRM, RLM) and joiners
# (ZWJ, ZWNJ) are left: Arabic-script and Indic text needs them.
HIDDEN_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\ufeff")
# A case file is typed by hand: past these, it is not one (a wrong path, or YAML aliases
# expanding without end, the "billion laughs").
MAX_CASE_BYTES = 10 * 1024 * 1024
MAX_CASE_VALUES = 200_000


class Misplaced(ValueError):
    """A model check's error, with the path of the value it is about (pydantic gives only the model's)."""

    def __init__(self, message: str, loc: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.loc = loc


def _partial_date(value: Any) -> str:
    """Accept `2020`, `2020-01`, `2020-01-13` (YAML may hand us an int); reject impossible dates."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("a date must be written YYYY, YYYY-MM or YYYY-MM-DD")
    match = _PARTIAL_DATE.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"{value!r} has no month {month}")
    if day and not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
        raise ValueError(f"{value!r} is not a day of the calendar")
    return value


PartialDate = Annotated[str, BeforeValidator(_partial_date)]
Id = Annotated[str, Field(pattern=ID_PATTERN, description="A stable id: lower-case letters, digits, '-' and '_'.")]
NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    """Where a statement comes from: a source and the exact words it rests on."""

    source: NonEmpty = Field(description="The `id` (or `file`) of an entry in `sources`.")
    quote: NonEmpty = Field(
        description="Verbatim words from that source. Whitespace, curly/straight quotes and dashes "
        "may differ; everything else must match. Line numbers are computed, never typed."
    )
    opinion: bool = Field(
        False,
        description="The statement reports these words as their author's opinion. Required to cite a user's "
        "comment in a forum thread, which is never evidence of fact.",
    )


Cites = Annotated[list[Citation], Field(min_length=1, description="One or more citations.")]


class Statement(_Strict):
    """A sentence the analyst writes, with the citations that back it."""

    id: Id | None = Field(None, description="Optional stable id, so the statement can be referred to.")
    text: NonEmpty = Field(description="The statement, in the analyst's words (plain text, not Markdown).")
    cite: Cites


class ReportMeta(_Strict):
    """What the analyst knows of a report pasted into a source (a forum thread), over what was detected."""

    quote: NonEmpty = Field(description="Verbatim words from the report's text that identify it (any of its words).")
    title: str | None = Field(None, description="The report's headline.")
    outlet: str | None = Field(None, description="The outlet that published the report.")
    author: str | None = Field(None, description="Who wrote it.")
    published: PartialDate | None = Field(None, description="When it was published: YYYY, YYYY-MM or YYYY-MM-DD.")


class Source(_Strict):
    """One source file and what the analyst knows about it; values here override what is detected."""

    file: NonEmpty = Field(description="Path of the source, relative to the case file's folder (may not leave it).")
    published: PartialDate | None = Field(None, description="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
    date_approximate: bool = Field(
        False, description="True when `published` is an estimate, not a date the source prints."
    )
    id: Id | None = Field(None, description="Short id for citations; defaults to the file name.")
    title: str | None = Field(None, description="Title of the article or document.")
    outlet: str | None = Field(None, description="Publisher or outlet, e.g. a news agency or forum.")
    url: str | None = Field(None, description="Where the source was collected from (shown as text, never fetched).")
    language: str | None = Field(None, description="Language of the source as a BCP 47 tag, e.g. `en`, `ar`.")
    reliability: Literal["A", "B", "C", "D", "E", "F"] | None = Field(
        None,
        description="Admiralty source reliability: A completely reliable, B usually reliable, C fairly "
        "reliable, D not usually reliable, E unreliable, F cannot be judged.",
    )

    reports: list[ReportMeta] = Field(
        default_factory=list, description="Corrections to the detected metadata of reports pasted into this source."
    )

    @property
    def key(self) -> str:
        return self.id or self.file


class Actor(_Strict):
    """A person, organisation or place that matters to the case.

    An actor whose `id` is an extracted actor's, or whose name or aliases include that actor's
    name, takes the extracted actor over: its fields replace the extracted ones and the
    extracted citations, spellings and roles stay unless given here.
    """

    id: Id
    name: NonEmpty = Field(description="The name the brief uses.")
    kind: Literal["person", "organisation", "place", "other"] = Field(description="What sort of actor this is.")
    aliases: list[NonEmpty] = Field(
        default_factory=list,
        description="Other names and spellings. Extracted mentions with exactly these names join this actor, "
        "which splits them off whatever actor extraction gave them.",
    )
    roles: list[Statement] = Field(default_factory=list, description="Who the actor is in this case, with citations.")
    merge: list[Id] = Field(default_factory=list, description="Ids of extracted actors that are this actor.")
    cite: list[Citation] = Field(
        default_factory=list,
        description="Citations showing the actor in the sources; may be omitted for an extracted actor.",
    )


Weekday = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class DateClaim(_Strict):
    """A date that some sources give for an event, when other sources give another."""

    date: PartialDate = Field(description="When, as these sources tell it: YYYY, YYYY-MM or YYYY-MM-DD.")
    weekday: Weekday | None = Field(None, description="The day of the week these sources give, when the date is "
                                    "known only to the month or year.")
    approximate: bool = Field(False, description="True when the date is an estimate (shown as 'about').")
    cite: Cites


class Event(_Strict):
    """One dated item of the chronology."""

    id: Id
    date: PartialDate | None = Field(
        None, description="When: YYYY, YYYY-MM or YYYY-MM-DD; the precision follows from the form. Omit it only "
        "with `when`, for an event whose date cannot be placed.")
    date_end: PartialDate | None = Field(None, description="End of a range, when the event spans or is only bounded.")
    when: str | None = Field(None, description="The sources' own words for when, for an event whose date cannot be "
                             "placed ('on Sunday' in a source with no date of publication).")
    weekday: Weekday | None = Field(None, description="The day of the week the sources give, when the date is known "
                                    "only to the month or year ('on Sunday', the publication known to the month).")
    approximate: bool = Field(False, description="True when the date is an estimate (shown as 'about').")
    text: NonEmpty = Field(description="What happened, who, where.")
    cite: Cites
    conflicts: list[DateClaim] = Field(
        default_factory=list, description="Other dates that other sources give for the same event.")

    @model_validator(mode="after")
    def _range_in_order(self) -> Event:
        if self.date is None and not self.when:
            raise ValueError("an event needs `date`, or `when` (the source's words) if its date cannot be placed")
        if self.date_end is not None and (self.date is None or self.date_end < self.date):
            raise ValueError(f"date_end {self.date_end} is before date {self.date}")
        return self


class Hypothesis(_Strict):
    """One competing reading of a question, with who holds it and the evidence each way."""

    id: Id
    text: NonEmpty = Field(description="The reading, stated as its holders state it.")
    cite: Cites = Field(description="Citations of those who hold this reading.")
    evidence_for: list[Statement] = Field(default_factory=list, description="Evidence consistent with the reading.")
    evidence_against: list[Statement] = Field(
        default_factory=list, description="Evidence inconsistent with the reading."
    )


class Question(_Strict):
    """A question on which the sources offer competing interpretations."""

    id: Id
    question: NonEmpty = Field(description="The question, e.g. 'What was the meeting for?'.")
    cite: Cites = Field(description="Citations of the passages that raise the question.")
    hypotheses: list[Hypothesis] = Field(min_length=1, description="The competing readings.")
    judgment: Statement | None = Field(
        None, description="The analyst's own judgment on the question, with the citations it weighs; the brief "
        "marks it as the analyst's judgment, not as what a source states.")


class OpenQuestion(_Strict):
    """Something the sources leave unknown or contested."""

    id: Id
    text: NonEmpty = Field(description="The open question.")
    why: str | None = Field(None, description="Why it is open: a conflict, a single anonymous source, a gap.")
    cite: Cites


class CaseFile(_Strict):
    """An analyst's case file: the sources of a brief and the facts the analyst states about them."""

    title: NonEmpty = Field(description="Title of the brief.")
    subtitle: str | None = Field(None, description="A line under the title.")
    author: str | None = Field(None, description="Who wrote the brief (PDF metadata and title block).")
    marking: NonEmpty = Field("TLP:CLEAR", description="Handling marking, shown in every page header, e.g. TLP:CLEAR.")
    language: NonEmpty = Field("en", description="Language of the brief as a BCP 47 tag (PDF metadata).")
    date: PartialDate | None = Field(None, description="Date of the brief; omit it and the brief carries none.")
    sources: list[Source] = Field(min_length=1, description="The source files the brief rests on.")
    key_points: list[Statement] = Field(default_factory=list, description="The brief's bottom line, point by point.")
    actors: list[Actor] = Field(default_factory=list, description="People, organisations and places.")
    chronology: list[Event] = Field(default_factory=list, description="Dated events.")
    questions: list[Question] = Field(
        default_factory=list, description="Questions with competing hypotheses (competing interpretations)."
    )
    open_questions: list[OpenQuestion] = Field(default_factory=list, description="What remains unknown.")
    suppress: list[Id] = Field(
        default_factory=list, description="Ids of extracted items to leave out of the brief."
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> CaseFile:
        seen: dict[str, str] = {}
        for section, items in (
            ("sources", self.sources),
            ("key_points", self.key_points),
            ("actors", self.actors),
            ("chronology", self.chronology),
            ("questions", self.questions),
            ("open_questions", self.open_questions),
        ):
            for index, item in enumerate(items):
                key = item.key if isinstance(item, Source) else item.id
                if key is None:
                    continue
                if key in seen:
                    field = "id" if item.id is not None else "file"
                    raise Misplaced(f"id {key!r} is used twice (in {seen[key]} and {section}); rename one, ids must "
                                    "be unique", (section, index, field))
                seen[key] = section
        for q, question in enumerate(self.questions):
            for h, hypothesis in enumerate(question.hypotheses):
                if hypothesis.id in seen:
                    raise Misplaced(f"id {hypothesis.id!r} is used twice (in {seen[hypothesis.id]} and questions); "
                                    "rename one, ids must be unique", ("questions", q, "hypotheses", h, "id"))
                seen[hypothesis.id] = "questions"
        return self

    @model_validator(mode="after")
    def _merges_name_extracted_actors_once(self) -> CaseFile:
        """`merge` names extracted actors: a case-file actor there would merge actors into each other, in a cycle."""
        own = {actor.id for actor in self.actors}
        taker: dict[str, str] = {}
        for index, actor in enumerate(self.actors):
            for item, merged in enumerate(actor.merge):
                loc = ("actors", index, "merge", item)
                if merged == actor.id:
                    raise Misplaced(f"actor {actor.id!r} merges itself; remove {merged!r} from its `merge`", loc)
                if merged in own:
                    raise Misplaced(f"actor {actor.id!r} merges {merged!r}, another actor of this case file; `merge` "
                                    f"takes ids of extracted actors: give the names of {merged!r} as aliases of "
                                    f"{actor.id!r} and remove {merged!r}", loc)
                if merged in taker:
                    raise Misplaced(f"extracted actor {merged!r} is merged into both {taker[merged]!r} and "
                                    f"{actor.id!r}; keep it in one `merge`", loc)
                taker[merged] = actor.id
        return self

    @model_validator(mode="after")
    def _published_by_now(self) -> CaseFile:
        """No source is published after the brief's date, or after today when the brief has none."""
        clock = self.date or datetime.date.today().isoformat()
        for index, source in enumerate(self.sources):
            dated = [(source.published, ("sources", index, "published"))] + [
                (report.published, ("sources", index, "reports", r, "published"))
                for r, report in enumerate(source.reports)]
            for published, loc in dated:
                if published is not None and _later(published, clock):
                    against = f"the brief's date {self.date}" if self.date else f"today ({clock})"
                    raise Misplaced(f"publication date {published} is after {against}; correct the date", loc)
        return self


def _later(date: str, than: str) -> bool:
    """Partial dates: `date` is later whatever day it stands for (2024 is not later than 2024-03)."""
    common = min(len(date), len(than))
    return date[:common] > than[:common]


def json_schema() -> dict[str, Any]:
    schema = CaseFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "briefing case file"
    return schema


# --- loading --------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as the strings the analyst typed (partial dates are ours to parse)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):  # type: ignore[misc]
    """The same, parsing with libyaml when PyYAML has it: four times faster on a big case file. Its
    syntax errors are worded differently, so a file it refuses is read again by `_Loader` for the message."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

Path_ = tuple[str | int, ...]


def _positions(node: yaml.Node, path: Path_, out: dict[Path_, yaml.Mark], where: Path) -> None:
    """Record where each value starts; reject duplicate keys (PyYAML silently keeps the last), hidden
    control characters, and aliases that multiply values without end."""
    out[path] = node.start_mark
    if len(out) > MAX_CASE_VALUES:
        mark = node.start_mark
        raise InputError(f"the case file expands to more than {MAX_CASE_VALUES:,} values (YAML aliases?); write "
                         "the values out without `&` anchors and `*` aliases", where, mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        _refuse_hidden(node, where)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                mark = key_node.start_mark
                raise InputError(
                    f"key {key!r} appears twice in the same mapping; keep one", where, mark.line + 1, mark.column + 1
                )
            seen.add(key)
            _refuse_hidden(key_node, where)
            out[(*path, f"{key}@key")] = key_node.start_mark
            _positions(value_node, (*path, key), out, where)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _positions(item, (*path, index), out, where)


def _refuse_hidden(node: yaml.Node, where: Path) -> None:
    text = str(node.value)
    if HIDDEN_CONTROLS.isdisjoint(text):  # every value is looked at: the set's C loop, not one in Python
        return
    hidden = next(char for char in text if char in HIDDEN_CONTROLS)
    mark = node.start_mark
    name = unicodedata.name(hidden, "ZERO WIDTH NO-BREAK SPACE")
    raise InputError(f"invisible character U+{ord(hidden):04X} {name} in this value: it makes text display "
                     "differently from what it is (\"Trojan Source\"); delete it",
                     where, mark.line + 1, mark.column + 1)


def _format_loc(loc: Path_) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _error_message(error: dict[str, Any], model: type[BaseModel]) -> str:
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = f"did you mean {hint[0]!r}?" if hint else f"allowed keys: {', '.join(allowed)}"
        return f"unknown key {loc[-1]!r} in {_format_loc(loc[:-1])}: {suggestion}"
    if error["type"] == "missing":
        return f"{_format_loc(loc)} is required: add it"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"].endswith("_type"):  # say what was written instead
        message += f", not {_yaml_kind(error['input'])}"
    return f"{_format_loc(loc)}: {message}"


def _yaml_kind(value: Any) -> str:
    kinds = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number", float: "a number"}
    return "nothing" if value is None else kinds.get(type(value), type(value).__name__)


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """The field names allowed at `loc`, by walking the schema models along the path."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _model_of(field.annotation)
        if current is None:
            return []
    return list(current.model_fields)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _read_yaml(loader_class: type[yaml.SafeLoader], text: str, where: Path) -> tuple[Any, dict[Path_, yaml.Mark]]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        positions: dict[Path_, yaml.Mark] = {}
        if node is not None:
            _positions(node, (), positions, where)
        return (loader.construct_document(node) if node is not None else None), positions
    finally:
        loader.dispose()


def parse_case(text: str, where: Path) -> CaseFile:
    """Parse case-file YAML; any problem is an InputError pointing at file:line:column."""
    try:
        try:
            data, positions = _read_yaml(_FastLoader, text, where)
        except yaml.YAMLError:
            data, positions = _read_yaml(_Loader, text, where)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}; correct the YAML there", where,
                         mark.line + 1 if mark else None,
                         mark.column + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", where) from exc
    except RecursionError as exc:  # PyYAML composes nested values recursively
        raise InputError("values nested too deeply to read; a case file needs a few levels at most", where) from exc
    if not isinstance(data, dict):
        raise InputError("a case file is a YAML mapping with at least `title` and `sources`; `briefing draft "
                         "FOLDER` prints one to start from", where, 1, 1)
    try:
        return CaseFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        if isinstance(placed := error.get("ctx", {}).get("error"), Misplaced):
            loc += placed.loc
            error = {**error, "loc": loc}
        mark = None
        if error["type"] == "extra_forbidden":
            mark = positions.get((*loc[:-1], f"{loc[-1]}@key"))
        while mark is None and loc:
            mark = positions.get(loc)
            loc = loc[:-1]
        mark = mark or positions.get(())
        more = len(exc.errors()) - 1
        message = _error_message(error, CaseFile) + (f" ({more} more problem{'s' * (more > 1)} after this one)" if more else "")
        raise InputError(message, where, mark.line + 1 if mark else None, mark.column + 1 if mark else None) from exc


def load_case(path: Path) -> CaseFile:
    try:
        if not path.is_file():  # a pipe or a device would be read without end
            raise InputError("the case file is not a regular file; give the path of a YAML file", path)
        if path.stat().st_size > MAX_CASE_BYTES:
            raise InputError(f"the case file is over {MAX_CASE_BYTES // 2**20} MB, too big to be one; check the path",
                             path)
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("case file not found: check the path", path) from exc
    except UnicodeDecodeError as exc:
        raise InputError("case file is not UTF-8 text: save it as UTF-8", path) from exc
    except OSError as exc:
        raise InputError(f"cannot read case file ({exc.strerror})", path) from exc
    return parse_case(text, path)
