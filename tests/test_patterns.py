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


def _held(kept):
    return {known[0]: stamp for stamp, _, known in marshal.loads(kept.read_bytes())[1]}


def test_the_file_keeps_patterns_other_runs_use_until_they_go_unused_for_long(tmp_path):
    kept = tmp_path / "patterns.marshal"
    with patterns.kept(kept):
        re.compile("the first run's (pattern)")
        re.compile("every run's pattern")
    for run in range(patterns.KEEP_RUNS - 1):  # each compiles a new pattern, so each writes the file
        with patterns.kept(kept):
            re.compile("every run's pattern")
            re.compile(f"pattern of run {run}")
    assert "the first run's (pattern)" in _held(kept)
    with patterns.kept(kept):
        re.compile("every run's pattern")
        re.compile("one more")
    held = _held(kept)
    assert "the first run's (pattern)" not in held and held["every run's pattern"] == held["one more"]
    assert "pattern of run 0" in held


def test_a_run_that_compiles_nothing_new_leaves_the_file_as_it_is(tmp_path):
    kept = tmp_path / "patterns.marshal"
    with patterns.kept(kept):
        re.compile("kept (already)")
    written = kept.read_bytes()
    kept.unlink()
    kept.write_bytes(written)
    inode = kept.stat().st_ino
    with patterns.kept(kept):
        re.compile("kept (already)")
    assert kept.stat().st_ino == inode and kept.read_bytes() == written


def test_a_corrupt_file_is_compiled_afresh_and_written_again(tmp_path):
    kept = tmp_path / "patterns.marshal"
    with patterns.kept(kept):
        re.compile("a (kept) pattern")
    runs, entries = marshal.loads(kept.read_bytes())
    stamp, flags, (pattern, final, code, groups, index, names) = entries[-1]
    for broken in [(pattern, final, [99999] * len(code), groups, index, names),
                   (pattern, final, [2**70] * len(code), groups, index, names),
                   (pattern, final, code, groups, [], names), (pattern,)]:
        kept.write_bytes(marshal.dumps((runs, [(stamp, flags, broken)])))
        _forget(pattern, flags)
        with patterns.kept(kept):
            assert re.compile(pattern).match("a kept pattern")[1] == "kept"
        assert marshal.loads(kept.read_bytes())[1][-1][1:] == entries[-1][1:]
    kept.write_bytes(b"not marshal")
    with patterns.kept(kept):
        assert re.compile("another").match("another")
    assert "another" in _held(kept)


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


def test_a_failure_to_keep_the_patterns_does_not_change_how_the_block_ends(tmp_path, monkeypatch):
    def fails(*_):
        raise ValueError("cannot be kept")

    monkeypatch.setattr(patterns, "arguments", fails)
    with patterns.kept(tmp_path / "patterns.marshal"):
        assert re.compile("not (kept)").match("not kept")
    assert not (tmp_path / "patterns.marshal").exists()
