"""Speed of per-source extraction (`briefing.extract.extract_one`) on one core, and whether it stays linear.

    .venv/bin/python benchmarks/extract_speed.py            # the seeds and the dev set, then 100 KB vs 1 MB
    .venv/bin/python benchmarks/extract_speed.py --profile  # the same under cProfile: the top functions

Reads the seeds' `*.txt` and, when `../shared/eval/meantime-dev` is beside the checkout, each of its
sets, as `briefing` reads a folder of sources (`build.load`, `sources.read_sources`), then times each
extractor of `extract.EXTRACTORS` on each source in this process, after one untimed pass (so the data
files, the gazetteer and the compiled patterns are loaded, as in a long run), and prints MB/s overall
and per extractor and per-source step (`extract.SOURCE_LINKERS`, given the extractors' findings),
and the sources that cost the most per byte. Times are this process's CPU time
(`time.process_time`), the best of three passes: per core, and steadier than the wall clock on a
machine that runs other work.

Then one long source is made of the same texts' sentences (`bench.variant`: names swapped, dates
shifted, sentences shuffled; documents joined by blank lines), about 1 MB, and one of every tenth
of its documents, about 100 KB; each is read and extracted (the better of two passes): the 1 MB
source should cost about ten times the 100 KB one; much more means some step is quadratic in the
sentences or mentions of a source.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import CAPITALISED, EVAL, KEEP, ROOT, base_texts, variant

from briefing.build import load
from briefing.extract import EXTRACTORS, SOURCE_LINKERS, extract_one
from briefing.findings import Findings
from briefing.sources import SourceText, read_sources

SIZES = (100_000, 1_000_000)
REPEATS = 3  # timed passes over the corpus; each source's fastest is kept


def corpus() -> list[SourceText]:
    folders = [ROOT / "seeds", *(sorted(p for p in EVAL.iterdir() if p.is_dir()) if EVAL.is_dir() else [])]
    sources: list[SourceText] = []
    for folder in folders:
        case, where, _ = load(folder)
        sources += read_sources(case, where)
    return sources


def _best(function: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        began = time.process_time()
        function()
        times.append(time.process_time() - began)
    return min(times)


def _megabytes(source: SourceText) -> float:
    return len(source.text.encode("utf-8")) / 1e6


def per_source(sources: list[SourceText]) -> None:
    for source in sources:  # untimed: loads what a long run has loaded once
        extract_one(source)
    costs = {source.key: _best(lambda s=source: extract_one(s), REPEATS) for source in sources}
    size = sum(map(_megabytes, sources))
    total = sum(costs.values())
    print(f"{len(sources)} sources, {size:.2f} MB: extract_one {total:.2f} s, {size / total:.2f} MB/s")
    for extractor in EXTRACTORS:
        seconds = sum(_best(lambda s=source, e=extractor: e(s), REPEATS) for source in sources)
        print(f"  of which {extractor.__module__}.{extractor.__name__}: {seconds:.2f} s, {size / seconds:.2f} MB/s")
    extracted = {source.key: sum((extractor(source) for extractor in EXTRACTORS), Findings()) for source in sources}
    for step in SOURCE_LINKERS:
        seconds = sum(_best(lambda s=source, f=step: f(s, extracted[s.key]), REPEATS) for source in sources)
        print(f"  of which {step.__module__}.{step.__name__}: {seconds:.2f} s, {size / seconds:.2f} MB/s")
    by_rate = sorted(sources, key=lambda s: costs[s.key] / _megabytes(s), reverse=True)
    print("costliest per byte:")
    for source in by_rate[:3]:
        print(f"  {source.path.parent.name}/{source.key}: {len(source.text):,} characters, "
              f"{costs[source.key] * 1000:.0f} ms, {_megabytes(source) / costs[source.key]:.2f} MB/s")
    largest = max(sources, key=lambda s: costs[s.key])
    print(f"largest cost: {largest.path.parent.name}/{largest.key}, {len(largest.text):,} characters, "
          f"{costs[largest.key] * 1000:.0f} ms")


def long_parts(size: int) -> list[str]:
    """Documents of the base texts' sentences, varied (see the module's docstring), about `size`
    characters in all."""
    texts = base_texts()
    pool = sorted({word for text in texts for word in CAPITALISED.findall(text) if word not in KEEP})
    parts: list[str] = []
    length, number = 0, 0
    while length < size:
        part = variant(texts[number % len(texts)], pool, random.Random(number))
        parts.append(part)
        length += len(part) + 2
        number += 1
    return parts


def _read_one(text: str) -> tuple[SourceText, float]:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "long.txt").write_text(text, encoding="utf-8")
        case, where, _ = load(Path(folder))
        began = time.process_time()
        source = read_sources(case, where)[0]
        return source, time.process_time() - began


def linearity() -> None:
    parts = long_parts(max(SIZES))
    step = max(SIZES) // min(SIZES)
    rows = []
    # The small source is every tenth document of the large one: the same mix of texts.
    for chosen in (parts[::step], parts):
        source, reading = _read_one("\n\n".join(chosen))
        seconds = _best(lambda s=source: extract_one(s), 2)  # the first pass meets the text's words afresh
        rows.append((len(source.text), reading, seconds))
        print(f"one source of {len(source.text):,} characters: read {reading:.2f} s, "
              f"extracted {seconds:.2f} s ({_megabytes(source) / seconds:.2f} MB/s)")
    (small, read_small, small_s), (large, read_large, large_s) = rows
    print(f"{large / small:.1f}x the text: {read_large / read_small:.1f}x the reading, "
          f"{large_s / small_s:.1f}x the extraction")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="run under cProfile and print the top functions")
    parser.add_argument("--no-long", action="store_true", help="skip the 100 KB / 1 MB comparison")
    arguments = parser.parse_args()
    profiler = cProfile.Profile() if arguments.profile else None
    if profiler:
        profiler.enable()
    per_source(corpus())
    if not arguments.no_long:
        linearity()
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
