"""Regular expressions compiled once and kept in `__pycache__`, as Python keeps a module's bytecode.

Python's `re` parses and compiles a pattern in Python, and the rules of this tool (names, dates,
reporting verbs, the data files' word lists) are some three hundred patterns, some of thousands of
alternatives: compiling them took a sixth of a cold Markdown build. While a command runs
(`kept()`), a pattern that `re` has not compiled yet in this process is made from the code `re`
compiled it to in an earlier run, kept in a file, by `_sre.compile`: the last step of
`re.compile` itself, which checks the code it is given. Any `re.compile`, `re.search`… of a
kept pattern (ours or a library's) is served so.

When the command ends, the file is written again if its patterns were not exactly the ones this
run used: it holds the last run's, so patterns made from a case file, or no longer in the code,
do not pile up. The file is named for the Python and the `_sre` engine that compiled it, so
another version never reads it. A file that cannot be read, or code `_sre` rejects, is compiled
afresh (and written again); a folder that cannot be written leaves patterns compiled each time.
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


def arguments(pattern: str | bytes, flags: int) -> Arguments:
    """The arguments of `_sre.compile` for `re.compile(pattern, flags)`, made as `re._compiler.compile` makes them."""
    parsed = re._parser.parse(pattern, flags)
    code = list(map(int, re._compiler._code(parsed, flags)))  # its opcodes are int subclasses marshal refuses
    names: list[str | None] = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        names[index] = name
    return pattern, flags | parsed.state.flags, code, parsed.state.groups - 1, parsed.state.groupdict, tuple(names)


class _Patterns:
    """`re._compile` for the block: kept patterns made from their code; which patterns the run used."""

    def __init__(self, kept: dict[Key, Arguments]) -> None:
        self.kept = kept
        self.used: dict[Key, Arguments | None] = {}  # None: compiled by `re`, its code made when saved
        self.compile = re._compile

    def __call__(self, pattern: str | bytes | re.Pattern, flags: int | re.RegexFlag) -> re.Pattern:
        key = (type(pattern), pattern, flags.value if isinstance(flags, re.RegexFlag) else flags)
        known = self.kept.get(key)
        if known is not None and key not in re._cache:
            with contextlib.suppress(RuntimeError, TypeError, ValueError):  # code `_sre` rejects: compiled afresh
                made = re._cache[key] = _sre.compile(*known)
                self.used[key] = known
                return made
            known = None
        made = self.compile(pattern, flags)
        if isinstance(pattern, (str, bytes)) and key in re._cache:  # not a debug compile, which re does not keep
            self.used.setdefault(key, known)
        return made

    def entries(self) -> list[tuple[int, Arguments]]:
        return [(flags, known or arguments(pattern, flags)) for (_, pattern, flags), known in self.used.items()]


@contextlib.contextmanager
def kept(path: Path = FILE) -> Iterator[None]:
    """Patterns compiled in the block are made from `path` where kept there; the file then holds the block's."""
    if not isinstance(getattr(re, "_cache", None), dict) or not callable(getattr(re, "_compile", None)):
        yield  # another Python's `re`
        return
    patterns = _Patterns(_load(path))
    re._compile = patterns
    try:
        yield
    finally:
        re._compile = patterns.compile
        if patterns.used.keys() != patterns.kept.keys() or None in patterns.used.values():
            _save(path, patterns.entries()[-getattr(re, "_MAXCACHE", 512):])


def _load(path: Path) -> dict[Key, Arguments]:
    try:
        return {(type(known[0]), known[0], flags): known for flags, known in marshal.loads(path.read_bytes())}
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return {}


def _save(path: Path, entries: list[tuple[int, Arguments]]) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        # Another run may be writing too: each writes its own file and renames it into place.
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with temporary.open("wb") as out:
                marshal.dump(entries, out)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
