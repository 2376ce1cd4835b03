"""The data files in `briefing/data/`: linguistic knowledge kept out of the code, read once."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def rows(name: str) -> tuple[str, ...]:
    """The lines of a data file that are neither blank nor `#` comments, as written."""
    text = (resources.files("briefing") / "data" / name).read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def words(name: str) -> frozenset[str]:
    """Every word of a data file's rows: stop words, organisation words, role nouns…"""
    return frozenset(word for line in rows(name) for word in line.split())
