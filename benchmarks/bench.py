"""Speed and memory of `briefing`, as one Markdown table.

    .venv/bin/python benchmarks/bench.py                 # seeds, 100/1,000/10,000 documents, 1,000 notes
    .venv/bin/python benchmarks/bench.py --quick         # seeds, 100 documents, 1,000 notes: 2 minutes
    .venv/bin/python benchmarks/bench.py --sizes 100,1000 --notes 300

Every figure is one fresh process of the public command line (`briefing build`, `briefing
extract`), so start-up is counted and whatever the tool learns to do faster shows up here
without changing this script. Wall time is the process's; peak memory is the largest of the
process's own peak (`os.wait4`) and the sum of its whole process tree sampled every 50 ms, so
worker processes count; the sum is of proportional set sizes, so pages a forked worker shares with
its parent are counted once, not once per process. A run still
going after `--limit` seconds is stopped and shown as such. Every run gets an empty cache
folder (`XDG_CACHE_HOME`), so cold means cold; the rebuild builds twice with one cache and one
output folder and times the second.

Rows:
- the seeds brief (`seeds/case.yaml`) built cold in each format alone: md, json, pdf; each
  `--repeat` times (5), its median shown with the fastest and slowest, as one run of half a
  second varies by a third here;
- the seeds brief rebuilt with nothing changed (md and pdf, the default formats), and rebuilt
  after an edit of the case file (a comment added: every source's findings are still cached);
- extraction (`briefing extract DIR --json FILE`) of generated corpora of each size: MB/s and
  documents/s over the sources' bytes;
- a PDF with about 1,000 footnotes: a generated case file whose key points each cite two
  distinct sentences of a small generated corpus; the brief is built first and only
  `render_pdf` is timed (in a child process: `--time-pdf`).

The generated corpora live in a temporary folder and are deleted afterwards. Each document is
a variant of one base text, the seeds' `*.txt` and, when `../shared/eval/meantime-dev` is beside
the checkout, its `*/*.txt` (else the seeds alone), taken in turn. A variant, from a random
generator seeded by the document's number (so a corpus is the same on every run):
- swaps about a third of the text's capitalised words for others from the pool of every base
  text's capitalised words, one replacement per word throughout the document (names change
  but stay consistent within it; capitalised function words such as 'The' or 'However', and
  month and weekday names, are kept);
- shifts every year (19xx, 20xx) by -3 to +3 and moves every month name by 0 to 11 months;
- keeps the first line (the headline) and shuffles the rest within each paragraph: its lines
  when it has several (one sentence a line, as in the dev set), else its sentences.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
BRIEFING = ROOT / ".venv" / "bin" / "briefing"
EVAL = ROOT.parent / "shared" / "eval" / "meantime-dev"
SEEDS_CASE = ROOT / "seeds" / "case.yaml"

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Capitalised words that are not names: swapping them would change the grammar, not the names.
KEEP = frozenset(MONTHS + WEEKDAYS + """The This That These Those There Their They Then When While Where What
Which Who How Why But And For Not Its His Her Our Your Some Many Most More All Any Each Both Few One Two Three
After Before Since During Under Over Into From With Without About Also Although However Meanwhile Mr Mrs Ms Dr
He She It We You In On At As If So To Of By An Is Was Are Were Has Had Have Do Did Can Could Will Would May Might
Yes No""".split())
CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


class Run(NamedTuple):
    seconds: float
    peak_mb: float
    stopped: bool  # killed at the time limit: `seconds` is only a lower bound


def base_texts() -> list[str]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + (sorted(EVAL.glob("*/*.txt")) if EVAL.is_dir() else [])
    return [path.read_text(encoding="utf-8") for path in files]


def variant(text: str, pool: list[str], rng: random.Random) -> str:
    """One generated document: names swapped, dates shifted, sentences shuffled (see the docstring)."""
    names = sorted({word for word in CAPITALISED.findall(text) if word not in KEEP})
    swap = {name: rng.choice(pool) for name in names if rng.random() < 1 / 3}
    years, months = rng.randint(-3, 3), rng.randint(0, 11)
    text = CAPITALISED.sub(lambda m: swap.get(m[0], m[0]), text)
    text = YEAR.sub(lambda m: str(int(m[0]) + years), text)
    text = MONTH.sub(lambda m: MONTHS[(MONTHS.index(m[0]) + months) % 12], text)
    headline, _, body = text.partition("\n")
    paragraphs = []
    for paragraph in body.split("\n\n"):
        # A paragraph of several lines is one sentence a line (the dev set); else shuffle within the line.
        lines = paragraph.split("\n")
        parts, joiner = (lines, "\n") if len(lines) > 1 else (SENTENCE_END.split(paragraph), " ")
        rng.shuffle(parts)
        paragraphs.append(joiner.join(parts))
    return headline + "\n" + "\n\n".join(paragraphs)


def generate(folder: Path, count: int) -> int:
    """Write `count` documents into `folder`; return their total size in bytes."""
    texts = base_texts()
    pool = sorted({word for text in texts for word in CAPITALISED.findall(text) if word not in KEEP})
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for number in range(count):
        data = variant(texts[number % len(texts)], pool, random.Random(number)).encode("utf-8")
        (folder / f"{number:05d}.txt").write_bytes(data)
        size += len(data)
    return size


def _memory(pid: int) -> int:
    """A process's proportional set size: its own pages, and its share of the pages it shares with
    others (a forked worker's inherited pages are counted once across the tree, not once per worker)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration):
        with open(f"/proc/{pid}/statm") as statm:  # no smaps_rollup (an old kernel): resident pages
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _tree_memory(pid: int) -> int:
    """Memory of a process and all its descendants, from /proc (0 once it is gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            total += _memory(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(command: list[str], cache: Path, limit: float) -> tuple[Run, str]:
    """Run `command` with `cache` as its cache home, stopped after `limit` seconds; its wall time,
    peak memory and standard output."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        began = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=stdout, stderr=stderr, cwd=ROOT, start_new_session=True)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_memory(process.pid))
                if time.perf_counter() - began > limit:
                    os.killpg(process.pid, signal.SIGKILL)  # its own session: the command and its workers
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - began
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        stopped = process.returncode == -signal.SIGKILL and seconds > limit
        stdout.seek(0)
        stderr.seek(0)
        if process.returncode and not stopped:
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.read().decode()}")
        return Run(seconds, max(peak[0], usage.ru_maxrss * 1024) / 2**20, stopped), stdout.read().decode()


def notes_case(folder: Path, notes: int) -> Path:
    """A case file over a small generated corpus whose key points cite `notes` distinct sentences,
    each from a line the tool reads as fact (`briefing sources`: no boilerplate, no forum comment)."""
    from briefing.build import passages

    # About 20 usable sentences per document, each kept once however many variants share it.
    generate(folder, notes // 15 + 4)
    factual: set[tuple[str, int]] = set()
    for passage in passages(folder):
        if passage.use == "facts" and passage.kind != "headline":
            first, _, last = passage.lines.partition("\u2013")
            factual.update((passage.file, line) for line in range(int(first), int(last or first) + 1))
    sentences: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if (path.name, number) not in factual:
                continue
            for sentence in SENTENCE_END.split(line):
                sentence = sentence.strip()
                if 40 <= len(sentence) <= 240 and sentence not in seen and line.count(sentence) == 1:
                    seen.add(sentence)
                    sentences.append((path.name, sentence))
    random.Random(0).shuffle(sentences)
    if len(sentences) < notes:
        raise SystemExit(f"only {len(sentences)} distinct sentences for {notes} notes")
    points = [{"text": f"Statement {n + 1}, resting on two passages of the generated corpus.",
               "cite": [{"source": file, "quote": quote} for file, quote in sentences[2 * n:2 * n + 2]]}
              for n in range(notes // 2)]
    case = {"title": "Generated brief with many footnotes", "marking": "TLP:CLEAR",
            "sources": [{"file": path.name} for path in sorted(folder.glob("*.txt"))], "key_points": points}
    path = folder / "case.yaml"
    path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def time_pdf(case: Path, notes: int) -> None:
    """Child mode: build the brief, then time `render_pdf` alone; print the figures as JSON.

    What extraction adds (actors, chronology) has notes of its own: key points are dropped from
    the case file until the brief has about `notes` footnotes.
    """
    from pypdf import PdfReader

    from briefing.build import build_brief
    from briefing.render import render_pdf

    brief = build_brief(case)
    for _ in range(4):  # a dropped passage may also be cited by what extraction found: try again
        surplus = len(brief.footnotes) - notes
        if surplus < 2:
            break
        content = yaml.safe_load(case.read_text(encoding="utf-8"))
        content["key_points"] = content["key_points"][:len(content["key_points"]) - surplus // 2]
        case.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
        brief = build_brief(case)
    began = time.perf_counter()
    data = render_pdf(brief)
    seconds = time.perf_counter() - began
    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(json.dumps({"seconds": seconds, "notes": len(brief.footnotes), "pages": pages}))


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {platform.python_version()}"


def within(run: Run, seconds: float, peak_mb: float = math.inf) -> str:
    limits = f"≤ {seconds:g} s" + (f", ≤ {peak_mb:g} MB" if peak_mb < math.inf else "")
    if run.seconds > seconds:
        return f"{limits}: not met ({'over ' if run.stopped else ''}{run.seconds / seconds:.1f}× the time)"
    return f"{limits}: " + ("met" if run.peak_mb <= peak_mb else "not met (memory)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes in documents, comma-separated")
    parser.add_argument("--notes", type=int, default=1000, help="footnotes in the generated PDF (0: skip)")
    parser.add_argument("--quick", action="store_true", help="seeds, 100 documents and the notes PDF only")
    parser.add_argument("--limit", type=float, default=900, help="seconds after which a run is stopped")
    parser.add_argument("--repeat", type=int, default=5, help="cold seeds builds per format (their median is shown)")
    parser.add_argument("--time-pdf", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.time_pdf:
        time_pdf(args.time_pdf, args.notes)
        return 0
    sizes = [100] if args.quick else [int(size) for size in args.sizes.split(",") if size.strip() and int(size)]
    rows: list[tuple[str, str, str, str, str, str]] = []

    def row(what: str, docs: str, run: Run, rate: str, target: str) -> None:
        seconds = f"> {run.seconds:.0f} (stopped)" if run.stopped else f"{run.seconds:.2f}"
        rows.append((what, docs, seconds, rate, f"{run.peak_mb:.0f}", target))
        print(f"  {what}: {seconds} s, {run.peak_mb:.0f} MB", file=sys.stderr, flush=True)

    # Measured as installed: byte-compiled, as pip leaves a wheel (a checkout run with
    # PYTHONDONTWRITEBYTECODE would compile every module in every run).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "briefing")], check=True)
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
        work = Path(scratch)
        for fmt, target in (("md", 0.5), ("json", None), ("pdf", 2.0)):
            command = [str(BRIEFING), "build", str(SEEDS_CASE), "-f", fmt, "-o", str(work / fmt)]
            runs = [measure(command, work / f"cache-{fmt}-{n}", args.limit)[0] for n in range(args.repeat)]
            run = Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs), False)
            spread = f"{min(r.seconds for r in runs):.2f}–{max(r.seconds for r in runs):.2f}"
            row(f"seeds brief, cold, `{fmt}` (median of {args.repeat}: {spread} s)", "5", run, "",
                within(run, target) if target else "")
        command = [str(BRIEFING), "build", str(SEEDS_CASE), "-f", "md,pdf", "-o", str(work / "again")]
        first, _ = measure(command, work / "cache-again", args.limit)
        second, _ = measure(command, work / "cache-again", args.limit)
        row("seeds brief, `md,pdf`, rebuilt unchanged", "5", second, "",
            f"≤ 20% of cold ({first.seconds:.2f} s): {second.seconds / first.seconds:.0%}, "
            + ("met" if second.seconds <= 0.2 * first.seconds else "not met"))
        # The analyst's loop: the case file edited, the sources not (their findings are kept).
        edited = work / "edited"
        shutil.copytree(SEEDS_CASE.parent, edited)
        command = [str(BRIEFING), "build", str(edited / SEEDS_CASE.name), "-f", "md,pdf", "-o", str(work / "edited-out")]
        first, _ = measure(command, work / "cache-edited", args.limit)
        with (edited / SEEDS_CASE.name).open("a", encoding="utf-8") as case:
            case.write("# edited\n")
        after_edit, _ = measure(command, work / "cache-edited", args.limit)
        row("seeds brief, `md,pdf`, rebuilt after a case-file edit", "5", after_edit, "",
            f"{after_edit.seconds / first.seconds:.0%} of cold ({first.seconds:.2f} s)")

        for size in sizes:
            corpus = work / f"corpus-{size}"
            megabytes = generate(corpus, size) / 1e6
            command = [str(BRIEFING), "extract", str(corpus), "--json", str(work / f"findings-{size}.json")]
            run, _ = measure(command, work / f"cache-{size}", args.limit)
            rate = "" if run.stopped else f"{megabytes / run.seconds:.2f} MB/s, {size / run.seconds:.0f} docs/s"
            fast = not run.stopped and megabytes / run.seconds >= os.cpu_count()
            per_core = f"≥ 1 MB/s per core: {'met' if fast else 'not met'}"
            target = within(run, 120, 1024) + "; " + per_core if size == 10_000 else per_core
            row(f"extract {size:,} generated documents ({megabytes:.1f} MB), cold", f"{size:,}", run, rate, target)
            shutil.rmtree(corpus)

        if args.notes:
            case = notes_case(work / "notes", args.notes)
            command = [sys.executable, str(Path(__file__).resolve()), "--time-pdf", str(case),
                       "--notes", str(args.notes)]
            run, output = measure(command, work / "cache-notes", args.limit)
            if run.stopped:
                row(f"PDF with about {args.notes:,} footnotes, built and rendered", "", run, "", within(run, 10))
            else:
                figures = json.loads(output)
                pdf = Run(figures["seconds"], run.peak_mb, False)
                row(f"PDF with {figures['notes']:,} footnotes ({figures['pages']} pages), `render_pdf` alone", "",
                    pdf, "", within(pdf, 10))

    print(f"\n{datetime.date.today().isoformat()}, {machine()}, corpus base: "
          f"{'seeds and meantime-dev' if EVAL.is_dir() else 'seeds only'}\n")
    print("| run | documents | seconds | throughput | peak MB | target |")
    print("| --- | ---: | ---: | --- | ---: | --- |")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
