"""Stage 2: extract facts from each source, then link what the sources share.

Per-source extractors have one signature, `(SourceText) -> Findings`, and register in
`EXTRACTORS`; corpus-wide steps (`Findings -> Findings`, e.g. linking one actor's names across
sources) register in `LINKERS`. Extracted items carry stable ids and verbatim citations like the
analyst's own, so the case file can override or suppress them and one verification covers both.
"""

from __future__ import annotations

from collections.abc import Callable

from briefing import actors, attribution, chronology, dates, interpretations
from briefing.findings import Findings
from briefing.sources import SourceText

Extractor = Callable[[SourceText], Findings]
Linker = Callable[[Findings, list[SourceText]], Findings]

EXTRACTORS: list[Extractor] = [actors.find, dates.find]
LINKERS: list[Linker] = [actors.link_across, attribution.attribute, chronology.link, interpretations.link]


def extract(sources: list[SourceText]) -> Findings:
    findings = Findings()
    for source in sources:
        for extractor in EXTRACTORS:
            findings = findings + extractor(source)
    for linker in LINKERS:
        findings = linker(findings, sources)
    return findings
