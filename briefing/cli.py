"""The `briefing` command: a thin layer over `briefing.build` that turns errors into exit codes."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer

from briefing import __version__
from briefing.build import build, build_brief, draft, extract_findings, passages
from briefing.casefile import json_schema
from briefing.errors import BriefingError
from briefing.write import write_outputs

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Analyst briefs from sources and a case file, every statement footnoted.")

_debug = False

Target = Annotated[Path, typer.Argument(help="A case file (YAML), or a folder whose files are all sources.")]


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
    format: Annotated[list[str], typer.Option("--format", "-f", help="Comma-separated: md, pdf, html, json.")] = ["md", "pdf"],  # noqa: B006
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
) -> None:
    """Build the brief: verify every citation, render, and replace the previous brief atomically."""
    for path in _run(lambda: build(target, format, out)):
        typer.echo(f"wrote {path}")


@app.command("check")
def check_command(target: Target) -> None:
    """Verify the case file and every citation without writing anything."""
    brief = _run(lambda: build_brief(target))
    typer.echo(f"ok: {len(brief.footnotes)} cited passages in {len(brief.sources)} sources, all quotes found")


@app.command("extract")
def extract_command(
    target: Target,
    json_file: Annotated[Path, typer.Option("--json", help="Where to write the findings JSON ('-' for stdout).")],
) -> None:
    """Write what extraction found (mentions with offsets and actor ids, actors) as findings JSON."""
    document = _run(lambda: extract_findings(target))
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    if str(json_file) == "-":
        sys.stdout.write(text)
    else:
        _run(lambda: write_outputs({json_file.name: text.encode("utf-8")}, json_file.parent))
        typer.echo(f"wrote {json_file}")


@app.command("draft")
def draft_command(target: Target) -> None:
    """Print the case with everything extraction found, as a case file to edit and build."""
    sys.stdout.write(_run(lambda: draft(target)))


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
