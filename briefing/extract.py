"""Stage 2: extract facts from each source, then link what the sources share.

Per-source extractors have one signature, `(SourceText) -> Findings`, and register in
`EXTRACTORS`; corpus-wide steps (`Findings -> Findings`, e.g. linking one actor's names across
sources) register in `LINKERS`. Extracted items carry stable ids and verbatim citations like the
analyst's own, so the case file can override or suppress them and one verification covers both.

The per-source work is independent, so it runs in a pool of processes (or on a Dask cluster)
and its results are kept in the cache (`briefing.cache`) by the source's content; the linkers
run in this process, in the sources' order, whatever finished first. A source's findings cross
between processes and the cache as JSON (`findings.to_json`), one way for all of them, so the
brief is the same byte for byte however many jobs ran and whether the cache held them. Worker
processes are forked: they share the parent's modules and data instead of loading their own, and
any script may call the pipeline (a spawned worker would run an unguarded script's main code).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Literal, NamedTuple

from briefing import actors, attribution, chronology, dates, interpretations
from briefing.cache import FindingsStore, fingerprint
from briefing.errors import InputError
from briefing.findings import (
    Findings,
    SourceActor,
    clauses_of,
    from_json,
    json_pieces,
    sentences_of,
    source_actors,
    to_json,
    without_actors,
)
from briefing.processes import cores, give_back_freed_memory, in_processes
from briefing.sources import SourceText

Extractor = Callable[[SourceText], Findings]
SourceLinker = Callable[[SourceText, Findings], Findings]
Linker = Callable[[Findings, list[SourceText]], Findings]

EXTRACTORS: list[Extractor] = [actors.find, dates.find]
# Per-source steps over what the extractors found in the same source (a speaker is one of its
# mentions): run with extraction, in its processes; a linker settles them once actors are linked.
SOURCE_LINKERS: list[SourceLinker] = [attribution.find_in, chronology.find_in, interpretations.find_in]
LINKERS: list[Linker] = [actors.link_across, attribution.attribute, chronology.link, interpretations.link]

# Below this much text to extract, starting processes costs more than it saves.
PARALLEL_FROM_CHARACTERS = 200_000


class Run(NamedTuple):
    """How to run the per-source extractors."""

    jobs: int | None = None  # processes (or Dask workers of a local cluster); None: one per core
    cache: bool = True
    engine: Literal["processes", "dask"] = "processes"
    scheduler: str | None = None  # a Dask scheduler's address; None: a local cluster
    progress: Callable[[int, int], None] | None = None  # called with (sources done, sources)


def extract(sources: list[SourceText], run: Run = Run()) -> Findings:
    store = FindingsStore() if run.cache else None
    keys = [_key(store, source) for source in sources] if store else [""] * len(sources)
    # The linkers read nothing but the sources and their findings: a corpus whose every source is
    # unchanged links to what it linked to before.
    corpus_key = store.key("corpus", *keys) if store else ""
    if store and (linked := _read_back(store.get(corpus_key))) is not None:
        if run.progress:
            run.progress(len(sources), len(sources))
        return linked
    sections: dict[str, list] = {name: [] for name in Findings.model_fields}
    # Each source's actors stay JSON until every source is in (more compact than as objects), while
    # the workers (whose memory counts too) are still running.
    actors, clause_rows, sentence_rows = [], [], []
    for own, found in per_source(sources, run, store, keys):
        actors.append(own)
        clause_rows += found._clause_rows
        sentence_rows += found._sentence_rows
        for name, items in sections.items():
            items.extend(getattr(found, name))
    # Light records until `actors.link_across` (the first linker) makes the linked actors models.
    sections["actors"] = [actor for own in actors for actor in source_actors(own)]
    findings = Findings.model_construct(**sections)
    findings._clause_rows, findings._sentence_rows = clause_rows, sentence_rows
    del actors, sections
    large = sum(len(source.text) for source in sources) >= PARALLEL_FROM_CHARACTERS
    for linker in LINKERS:
        if large:
            give_back_freed_memory()
        findings = linker(findings, sources)
    if large:
        give_back_freed_memory()
    # Without `actors.link_across` among the linkers, the sources' own actors are the findings' actors.
    findings.actors = [actor.actor() if isinstance(actor, SourceActor) else actor for actor in findings.actors]
    if store:
        store.put(corpus_key, json_pieces(findings))
    return findings


def extract_one(source: SourceText) -> Findings:
    findings = Findings()
    for extractor in EXTRACTORS:
        findings = findings + extractor(source)
    for step in SOURCE_LINKERS:
        findings = findings + step(source, findings)
    return findings


def _extract_json(source: SourceText) -> str:
    return to_json(extract_one(source))


def _key(store: FindingsStore, source: SourceText) -> str:
    return store.key(source.sha256, source.meta.model_dump_json(), source.layout.model_dump_json())


def per_source(sources: list[SourceText], run: Run, store: FindingsStore | None,
               keys: list[str]) -> Iterator[tuple[str, Findings]]:
    """Each source's findings, in the sources' order, from the cache or extracted, as `without_actors`
    reads them from their JSON (`findings.to_json`): their actors' line, and the rest."""
    kept = [_kept(store, key) for key in keys] if store else [None] * len(sources)
    computed = _compute([source for source, read in zip(sources, kept, strict=True) if read is None], run)
    for done, (key, read) in enumerate(zip(keys, kept, strict=True), start=1):
        if read is None:
            text = next(computed)
            if store:
                store.put(key, text)
            read = without_actors(text)
        yield read
        if run.progress:
            run.progress(done, len(sources))


def _kept(store: FindingsStore, key: str) -> tuple[str, Findings] | None:
    """A cached source's findings as `without_actors` reads them, if every part of them reads back
    (their actors, clauses and sentences, which stay text, are read here too)."""
    text = store.get(key)
    if text is None:
        return None
    try:
        actors, found = without_actors(text)
        # Read only to find out whether they read back: they stay text until a step reads them.
        source_actors(actors)
        clauses_of(found)
        sentences_of(found)
    except (ValueError, KeyError, TypeError):
        return None
    return actors, found


def _read_back(text: str | None) -> Findings | None:
    """Findings from a cache entry; None when there is none or it is corrupt (then extracted and written again)."""
    if text is None:
        return None
    try:
        return from_json(text)
    except (ValueError, KeyError, TypeError):
        return None


def _compute(sources: list[SourceText], run: Run) -> Iterator[str]:
    jobs = run.jobs or cores()
    if run.engine == "dask":
        return _on_dask(sources, jobs, run.scheduler)
    if jobs == 1 or len(sources) < 2 or sum(len(s.text) for s in sources) < PARALLEL_FROM_CHARACTERS:
        return map(_extract_json, sources)
    return in_processes(_extract_json, sources, jobs)


def _on_dask(sources: list[SourceText], jobs: int, scheduler: str | None) -> Iterator[str]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise InputError("--engine dask needs Dask: pip install 'briefing[dask]'") from exc
    # Dask sets its loggers to INFO when imported; the command's choice (errors, or all with --debug) holds.
    logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
    if not sources:
        return
    cluster = None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            # A worker running other code would put other findings in this tool's cache.
            theirs = set(client.run(fingerprint).values())
            if theirs != {fingerprint()}:
                raise InputError("the Dask workers run another version of briefing than this one; "
                                 "install the same version on them")
            futures = client.map(_extract_json, sources, pure=False)
            for future in futures:
                yield future.result()
                future.release()
    finally:
        if cluster is not None:
            cluster.close()
