"""The data files in `briefing/data/`: linguistic knowledge kept out of the code, read once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
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


def tree(words: Iterable[str], spell: Callable[[str], str] = re.escape) -> str:
    """A pattern matching what an alternation of the words, longest first, matches, written as a
    tree of their letters: at each letter the words go on by distinct letters, so the deepest word
    along the text is the longest (and, between word boundaries, the longest the boundary after it
    allows). Python's regex engine tries each next letter once rather than every word: many times
    faster than the alternation for a list of hundreds of words. (With `re.IGNORECASE`, give the
    words in one case, or two words alike but for case could both go on.) `spell` writes each
    letter as a pattern (escaped, by default); what it writes for two letters must match no
    character in common, or two words could both go on."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}
    return _branches(trie, spell)


def _branches(node: dict[str, dict], spell: Callable[[str], str]) -> str:
    branches = [spell(letter) + _branches(child, spell) for letter, child in sorted(node.items()) if letter]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# The characters that `re.IGNORECASE` takes for an ASCII letter but `str.lower` makes otherwise: the
# dotted capital I (lowered to two characters), the dotless small i and the long s.
_AS_IGNORECASE = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def fold(text: str) -> str:
    """The text in lower case as `re.IGNORECASE` compares it: each character one character (the
    offsets hold), a word character just when it was, and an ASCII letter just when the flag takes
    it for that letter (no other character lowers to ASCII). So a pattern whose characters are
    ASCII, its letters in lower case, matches in `fold(text)` without the flag where, and as far
    as, it matches in `text` with it; and a word in lower case is in `fold(text)` if the flag finds
    it in `text`. A test checks every character."""
    # (Translating a text costs a lookup per character: done only for a text that has one of them.)
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        text = text.translate(_AS_IGNORECASE)
    return text.lower()
