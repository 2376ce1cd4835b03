"""What extraction hands on: facts in the case file's own shapes, plus the mentions behind actors."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from briefing.casefile import Actor, Event, OpenQuestion, Question, Statement


class Mention(BaseModel):
    """A place in a source's text that names or refers to an actor."""

    model_config = ConfigDict(frozen=True)

    source: str
    start: int
    end: int
    text: str
    type: Literal["PER", "ORG", "LOC", "OTHER"]
    form: Literal["name", "nominal", "pronoun"]
    actor: str


class Timex(BaseModel):
    """A time expression in a source's text and its TIMEX3 value ("2020-01-03", "2020-01", "P1W", "PAST_REF").

    `weekday` keeps the day of the week a relative expression gives ("on Sunday", ISO 1-7) when the
    anchor is too coarse to resolve the date; `anchored` says the value rests on the anchor date
    (publication or dateline) rather than on the words alone.
    """

    model_config = ConfigDict(frozen=True)

    source: str
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    weekday: int | None = None
    anchored: bool = False
    # How much of the value is known: None for durations, sets, PAST_REF and unresolved values.
    precision: Literal["time", "day", "week", "month", "quarter", "season", "year", "decade", "century"] | None = None
    relative_to: int | None = None  # start of the timex an event-relative one ("the next day") counts from
    anchor: str | None = None  # the date relative expressions counted from
    anchor_from: Literal["case file", "report in case file", "report", "dateline", "unknown"] = "unknown"
    passage: int | None = None  # index in the source's passages, so later steps can skip set-aside text


class Span(BaseModel):
    """A stretch of a source's text: offsets into `SourceText.text`, end exclusive, and its words."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str


class Hedge(Span):
    """A marker of how certain a reported claim is ("reportedly", "could not be verified")."""

    kind: Literal["hedge", "unconfirmed", "no_response", "no_claim", "denial", "booster"]


class Attribution(BaseModel):
    """Who said (believes, announced, denied…) what, in one source: cue, speaker and content.

    `claim` is False when the words are not the source's own report — a forum user's comment, a
    quoted reply or boilerplate — so nothing presents them as what the source states.
    """

    model_config = ConfigDict(frozen=True)

    source: str
    cue: Span
    kind: str  # the cue's kind in data/cues.tsv: speech, belief, accusation, denial…
    speaker: Span | None
    # "role": an official named by office only ("the company's spokesman"); "pronoun": unresolved
    speaker_kind: Literal["person", "organisation", "place", "outlet", "anonymous", "role", "pronoun", "none"]
    actor: str | None
    actor_mention: Span | None  # the mention the actor was read from
    content: Span
    direct: bool  # the content is quoted word for word
    hedges: list[Hedge]
    grade: Literal["on_record", "official", "anonymous", "relayed", "unattributed"]
    via: Span | None  # the outlet that relays the words, when the source cites another outlet
    passage: str  # the kind of passage the cue is in (body, headline, user_comment…)
    claim: bool


class Findings(BaseModel):
    """What extraction found, section by section (the fact sections of a case file), and mentions."""

    key_points: list[Statement] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    chronology: list[Event] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    timexes: list[Timex] = Field(default_factory=list)

    # The chronology's grouping of dated clauses (`chronology.Happening`s), for the linkers after it
    # (interpretations): worked out once, never serialised, not a finding of its own.
    _happenings: list | None = PrivateAttr(None)

    def __add__(self, other: Findings) -> Findings:
        return Findings(**{name: getattr(self, name) + getattr(other, name) for name in Findings.model_fields})


# The sections a case file can also state, and so override or suppress.
FACT_SECTIONS = ("key_points", "actors", "chronology", "questions", "open_questions")
