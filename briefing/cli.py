"""The `briefing` command: a thin layer over `briefing.build` that turns errors into exit codes."""

from __future__ import annotations

import gc
import json
import logging
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from briefing import __version__
from briefing.build import build, build_brief, draft, extract_findings, passages
from briefing.casefile import json_schema
from briefing.errors import BriefingError
from briefing.extract import Run
from briefing.write import write_outputs

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Analyst briefs from sources and a case file, every statement footnoted.")

_debug = False

Target = Annotated[Path, typer.Argument(help="A case file (YAML), or a folder whose files are all sources.")]
Formats = Annotated[list[str], typer.Option(
    "--format", "-f", help="Comma-separated: md, pdf, html, json, stix, timelinejs, csv.")]


class EngineName(str, Enum):
    processes = "processes"
    dask = "dask"


Jobs = Annotated[int | None, typer.Option("--jobs", "-j", min=1, show_default="one per core",
                                          help="Sources extracted at once (processes, or local Dask workers).")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Extract and render everything afresh; read and write "
                                                          "no cache ($XDG_CACHE_HOME/briefing).")]
Engine = Annotated[EngineName, typer.Option("--engine", help="Where sources are extracted: processes on this "
                                                             "machine, or a Dask cluster.")]
Scheduler = Annotated[str | None, typer.Option("--scheduler", help="With --engine dask: the scheduler's address "
                                                                   "(tcp://host:8786); default a local cluster.")]

# Allocations between two collections of the youngest objects (Python's default: 700).
GC_ALLOCATIONS = 20_000

# The bar appears only once a run has taken this long: a quick build prints nothing extra.
PROGRESS_AFTER_SECONDS = 1.0
PROGRESS_REFRESH_SECONDS = 0.1


class _Bar:
    """Extraction's progress on stderr, shown once a run has gone on for a while."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        # No refresh thread: a thread alive while extraction forks its workers could deadlock them.
        self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True, auto_refresh=False)
        self.started = self.shown = time.monotonic()
        self.task: int | None = None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.task is None:
            if now - self.started < PROGRESS_AFTER_SECONDS or done == total:
                return
            self.bar.start()
            self.task = self.bar.add_task("extracting", total=total)
        if now - self.shown >= PROGRESS_REFRESH_SECONDS:
            self.bar.update(self.task, completed=done, refresh=True)
            self.shown = now
        if done == total:
            self.close()

    def close(self) -> None:
        if self.task is not None:
            self.bar.stop()  # stopping twice is harmless


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar only on a terminal: logs and pipes stay quiet."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = _Bar()
    try:
        yield bar
    finally:
        bar.close()


@contextmanager
def _extraction(jobs: int | None, no_cache: bool, engine: EngineName, scheduler: str | None) -> Iterator[Run]:
    with _progress() as progress:
        yield Run(jobs=jobs, cache=not no_cache, engine=engine.value, scheduler=scheduler, progress=progress)


def _run(action):
    """Run `action`; a user's error is one line on stderr and an exit code, never a traceback."""
    try:
        return action()
    except BriefingError as exc:
        if _debug:
            traceback.print_exc()
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except Exception as exc:  # a bug: say so plainly; --debug shows where
        if _debug:
            traceback.print_exc()
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details, and report it)",
                   err=True)
        raise typer.Exit(3) from None


@app.callback(invoke_without_command=True)
def main(
    context: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of any error.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    global _debug
    _debug = debug
    # A build allocates many small objects and few cycles: the collector's default pace spends a
    # tenth of a small build's time finding almost nothing. What is loaded by now stays for good.
    gc.freeze()
    gc.set_threshold(GC_ALLOCATIONS, 20, 20)
    gc.enable()  # `briefing.__main__` loads the modules with the collector off
    # Libraries under the readers (pypdf, trafilatura) log what they repair in a source; the
    # brief accounts for every line itself, so only their errors are worth a user's attention.
    logging.basicConfig(level=logging.DEBUG if debug else logging.ERROR, format="%(name)s: %(message)s")
    if version:
        typer.echo(__version__)
        raise typer.Exit()
    if context.invoked_subcommand is None:
        typer.echo(context.get_help())


@app.command("build")
def build_command(
    target: Target,
    format: Formats = ["md", "pdf"],  # noqa: B006
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    flavor: Annotated[str, typer.Option(
        "--flavor", help="Markdown for: gfm (GitHub), gitlab, mkdocs, obsidian (one note per actor).")] = "gfm",
    jobs: Jobs = None, no_cache: NoCache = False, engine: Engine = EngineName.processes, scheduler: Scheduler = None,
) -> None:
    """Build the brief: verify every citation, render, and replace the previous brief atomically."""
    with _extraction(jobs, no_cache, engine, scheduler) as run:
        written = _run(lambda: build(target, format, out, run, flavor))
    for path in written:
        typer.echo(f"wrote {path}")


@app.command("check")
def check_command(target: Target, jobs: Jobs = None, no_cache: NoCache = False,
                  engine: Engine = EngineName.processes, scheduler: Scheduler = None) -> None:
    """Verify the case file and every citation without writing anything."""
    with _extraction(jobs, no_cache, engine, scheduler) as run:
        brief = _run(lambda: build_brief(target, run))
    typer.echo(f"ok: {len(brief.footnotes)} cited passages in {len(brief.sources)} sources, all quotes found")


@app.command("extract")
def extract_command(
    target: Target,
    json_file: Annotated[Path, typer.Option("--json", help="Where to write the findings JSON ('-' for stdout).")],
    jobs: Jobs = None, no_cache: NoCache = False, engine: Engine = EngineName.processes, scheduler: Scheduler = None,
) -> None:
    """Write what extraction found (mentions with offsets and actor ids, actors) as findings JSON."""
    with _extraction(jobs, no_cache, engine, scheduler) as run:
        write = _run(lambda: extract_findings(target, run))
    if str(json_file) == "-":
        write(sys.stdout.buffer)
    else:  # made straight into write_outputs' staging folder: the file is whole, or the previous one stays
        _run(lambda: write_outputs({json_file.name: write}, json_file.parent))
        typer.echo(f"wrote {json_file}")


@app.command("draft")
def draft_command(target: Target, jobs: Jobs = None, no_cache: NoCache = False,
                  engine: Engine = EngineName.processes, scheduler: Scheduler = None) -> None:
    """Print the case with everything extraction found, as a case file to edit and build."""
    with _extraction(jobs, no_cache, engine, scheduler) as run:
        text = _run(lambda: draft(target, run))
    sys.stdout.write(text)


@app.command("sources")
def sources_command(target: Target) -> None:
    """Print every passage of every source: its kind, outlet, date, lines, and whether it is used and why."""
    rows = _run(lambda: passages(target))
    header = ("file", "lines", "kind", "post", "report", "outlet", "date", "sentences", "use", "why")
    table = [header] + [
        (r.file, r.lines, r.kind, str(r.post or ""), str(r.report or ""), r.outlet or "", r.date or "",
         str(r.sentences), r.use, r.why)
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    for row in table:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1])


@app.command("schema")
def schema_command() -> None:
    """Print the case file's JSON Schema (for editor autocompletion and validation)."""
    json.dump(json_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
