"""Compiled patterns kept between runs: the same patterns as `re` makes, and a file that stays the last run's."""

import marshal
import re

import pytest

from briefing import patterns

PATTERNS = [
    (r"(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+) (\d{4})", 0),
    (r"\b(?:reportedly|allegedly)\b", re.IGNORECASE),
    (r"(?i)colou?r", 0),  # flags set inside the pattern
    (rb"[\x80-\xff]+", 0),
    (r"^\s*#.*$", re.MULTILINE | re.VERBOSE),
    ("[\u0600-\u06ff]+|؟", 0),
]


def _forget(pattern, flags):
    re._cache.pop((type(pattern), pattern, flags), None)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_pattern_made_from_its_kept_code_is_the_one_re_compiles(pattern, flags):
    import _sre

    made = _sre.compile(*patterns.arguments(pattern, flags))
    ours = re._compiler.compile(pattern, flags)
    # Patterns are equal when their pattern, flags and compiled code are.
    assert made == ours and (made.groups, made.groupindex) == (ours.groups, ours.groupindex)


def test_a_second_run_makes_its_patterns_from_the_file_without_compiling_them(tmp_path, monkeypatch):
    kept = tmp_path / "patterns.marshal"
    for pattern, flags in PATTERNS:
        _forget(pattern, flags)
    with patterns.kept(kept):
        first = [re.compile(pattern, flags) for pattern, flags in PATTERNS]
    assert kept.is_file()
    for pattern, flags in PATTERNS:
        _forget(pattern, flags)

    def parse(*_):
        raise AssertionError("compiled again")

    with monkeypatch.context() as patched:
        patched.setattr(re._parser, "parse", parse)
        with patterns.kept(kept):
            second = [re.compile(pattern, flags) for pattern, flags in PATTERNS]
    assert second == first and all(a is not b for a, b in zip(first, second, strict=True))
    assert second[0].match("3 January 2020").group("month") == "January"


def test_the_file_holds_the_last_runs_patterns_and_is_not_rewritten_when_they_are_the_same(tmp_path):
    kept = tmp_path / "patterns.marshal"
    with patterns.kept(kept):
        re.compile("first (run)")
        re.compile("both runs")
    with patterns.kept(kept):
        re.compile("both runs")
        re.compile("second (run)")
    held = {entry[0] for _, entry in marshal.loads(kept.read_bytes())}
    assert {"both runs", "second (run)"} <= held and "first (run)" not in held
    before = kept.stat().st_mtime_ns
    kept.write_bytes(kept.read_bytes())  # the same patterns, a later time
    written = kept.stat().st_mtime_ns
    with patterns.kept(kept):
        for pattern in held:
            re.compile(pattern)
    assert kept.stat().st_mtime_ns == written >= before


def test_a_corrupt_file_is_compiled_afresh_and_written_again(tmp_path):
    kept = tmp_path / "patterns.marshal"
    with patterns.kept(kept):
        re.compile("a (kept) pattern")
    entries = marshal.loads(kept.read_bytes())
    flags, (pattern, final, code, groups, index, names) = entries[-1]
    _forget(pattern, flags)
    kept.write_bytes(marshal.dumps([(flags, (pattern, final, [99999] * len(code), groups, index, names))]))
    with patterns.kept(kept):
        assert re.compile(pattern).match("a kept pattern")[1] == "kept"
    assert marshal.loads(kept.read_bytes())[-1] == entries[-1]
    kept.write_bytes(b"not marshal")
    with patterns.kept(kept):
        assert re.compile("another").match("another")


def test_re_is_its_own_again_after_the_block_even_after_an_error(tmp_path):
    compile_ = re._compile
    with pytest.raises(RuntimeError), patterns.kept(tmp_path / "patterns.marshal"):
        assert re._compile is not compile_
        raise RuntimeError
    assert re._compile is compile_


def test_a_folder_that_cannot_be_written_leaves_the_patterns_compiled_each_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    with patterns.kept(blocked / "__pycache__" / "patterns.marshal"):
        assert re.compile("still (works)").match("still works")
