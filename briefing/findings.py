"""What extraction hands on: facts in the case file's own shapes, plus the mentions behind actors."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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


class Findings(BaseModel):
    """What extraction found, section by section (the fact sections of a case file), and mentions."""

    key_points: list[Statement] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    chronology: list[Event] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)

    def __add__(self, other: Findings) -> Findings:
        return Findings(**{name: getattr(self, name) + getattr(other, name) for name in Findings.model_fields})


# The sections a case file can also state, and so override or suppress.
FACT_SECTIONS = ("key_points", "actors", "chronology", "questions", "open_questions")
