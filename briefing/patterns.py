"""Regular expressions compiled once and kept in `__pycache__`, as Python keeps a module's bytecode.

Python's `re` parses and compiles a pattern in Python, and the rules of this tool (names, dates,
reporting verbs, the data files' word lists) are some three hundred patterns, some of thousands of
alternatives: compiling them took a sixth of a cold Markdown build. While a command runs
(`kept()`), a pattern that `re` has not compiled yet in this process is made from the code `re`
compiled it to in an earlier run, kept in a file, by `_sre.compile`: the last step of
`re.compile` itself, which checks the code it is given. Any `re.compile`, `re.search`… of a
kept pattern (ours or a library's) is served so.

A run that compiled a pattern the file lacks writes the file again, with it. Each pattern is
stamped with the last such run that used it, and one unused for `KEEP_RUNS` of them is dropped:
patterns made from a case file, or no longer in the code, do not pile up, and a command that uses
few patterns does not drop the others'. (Patterns built from a set, as the standard tokenizer's,
differ from run to run; such a run writes the file, which takes under a millisecond.) The file is
named for the Python and the `_sre` engine that compiled it, so another version never reads it.
A file that cannot be read, or code `_sre` rejects, is compiled afresh (and written again); a
folder that cannot be written leaves patterns compiled each time.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import _sre

FILE = Path(__file__).parent / "__pycache__" / f"patterns.{sys.implementation.cache_tag}-{_sre.MAGIC}.marshal"

# What `re.compile` makes of a pattern: the arguments `re._compiler.compile` gives `_sre.compile`.
Arguments = tuple[str | bytes, int, list[int], int, dict[str, int], tuple[str | None, ...]]
Key = tuple[type, str | bytes, int]  # as `re` keys its cache: the pattern's type, the pattern, the flags
KEEP_RUNS = 20


def arguments(pattern: str | bytes, flags: int) -> Arguments:
    """The arguments of `_sre.compile` for `re.compile(pattern, flags)`, made as `re._compiler.compile` makes them."""
    parsed = re._parser.parse(pattern, flags)
    code = list(map(int, re._compiler._code(parsed, flags)))  # its opcodes are int subclasses marshal refuses
    names: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        names[index] = name
    return pattern, flags | parsed.state.flags, code, parsed.state.groups - 1, parsed.state.groupdict, tuple(names)


class _Patterns:
    """`re._compile` for the block: kept patterns made from their code; which the run used, which it compiled."""

    def __init__(self, runs: int, kept: dict[Key, tuple[int, Arguments]]) -> None:
        self.runs, self.kept = runs, kept
        self.used: set[Key] = set()
        self.compiled: list[Key] = []  # by `re`: their code is made if the file is written
        self.compile = re._compile

    def __call__(self, pattern: str | bytes | re.Pattern, flags: int | re.RegexFlag) -> re.Pattern:
        key = (type(pattern), pattern, flags.value if isinstance(flags, re.RegexFlag) else flags)
        if key in self.kept and key not in re._cache:
            # What `_sre` rejects (a file written by something else, or damaged) is compiled afresh.
            with contextlib.suppress(ArithmeticError, LookupError, RuntimeError, TypeError, ValueError):
                made = re._cache[key] = _sre.compile(*self.kept[key][1])
                self.used.add(key)
                return made
            del self.kept[key]
        made = self.compile(pattern, flags)
        # A pattern `re` does not keep (a debug compile) is not kept here either.
        if isinstance(pattern, (str, bytes)) and key in re._cache and key not in self.used:
            self.used.add(key)
            if key not in self.kept:
                self.compiled.append(key)
        return made

    def file(self) -> tuple[int, list[tuple[int, int, Arguments]]] | None:
        """What the file should now hold, (runs, [(stamp, flags, arguments)]); None if it has every pattern used."""
        if not self.compiled:
            return None
        run = self.runs + 1
        entries = [(run if key in self.used else stamp, key[2], known) for key, (stamp, known) in self.kept.items()]
        entries += [(run, flags, arguments(pattern, flags)) for _, pattern, flags in self.compiled]
        recent = sorted((entry for entry in entries if entry[0] > run - KEEP_RUNS), key=lambda entry: entry[0])
        return run, recent[-getattr(re, "_MAXCACHE", 512):]


@contextlib.contextmanager
def kept(path: Path = FILE) -> Iterator[None]:
    """Patterns compiled in the block are made from `path` where kept there; those it lacks are added to it."""
    if not isinstance(getattr(re, "_cache", None), dict) or not callable(getattr(re, "_compile", None)):
        yield  # another Python's `re`
        return
    patterns = _Patterns(*_load(path))
    re._compile = patterns
    try:
        yield
    finally:
        re._compile = patterns.compile
        # Keeping patterns only saves time: nothing it meets may change how the command ends.
        with contextlib.suppress(OSError, ValueError, TypeError, re.error):
            if (content := patterns.file()) is not None:
                _save(path, content)


def _load(path: Path) -> tuple[int, dict[Key, tuple[int, Arguments]]]:
    try:
        runs, entries = marshal.loads(path.read_bytes())
        return runs, {(type(known[0]), known[0], flags): (stamp, known) for stamp, flags, known in entries}
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return 0, {}


def _save(path: Path, content: tuple[int, list[tuple[int, int, Arguments]]]) -> None:
    path.parent.mkdir(exist_ok=True)
    # Another run may be writing too: each writes its own file and renames it into place.
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:
            marshal.dump(content, out)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
