"""Stage 2: extract facts from each source, in the same shapes the case file uses.

Every extractor has one signature, `(SourceText) -> Findings`, and registers in `EXTRACTORS`.
Extracted items carry stable ids and verbatim citations like the analyst's own, so the case
file can override or suppress them and the same verification covers both.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from briefing.casefile import Actor, Event, OpenQuestion, Question, Statement
from briefing.sources import SourceText


class Findings(BaseModel):
    """What extraction found, section by section (the fact sections of a case file)."""

    key_points: list[Statement] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    chronology: list[Event] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)

    def __add__(self, other: Findings) -> Findings:
        return Findings(**{name: getattr(self, name) + getattr(other, name) for name in Findings.model_fields})


Extractor = Callable[[SourceText], Findings]

# The registry: later work (actors, dates, claims) adds its extractors here.
EXTRACTORS: list[Extractor] = []


def extract(sources: list[SourceText]) -> Findings:
    findings = Findings()
    for source in sources:
        for extractor in EXTRACTORS:
            findings = findings + extractor(source)
    return findings
