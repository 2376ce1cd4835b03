import os

import pytest

from briefing.casefile import Source
from briefing.errors import InputError
from briefing.sources import read_source, source_files


def read(tmp_path, name, content: bytes | None = None):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    return read_source(tmp_path, Source(file=name))


def test_reads_utf8_and_drops_a_bom(tmp_path):
    source = read(tmp_path, "a.txt", "\ufeffOne\nTwo ☃\n".encode())
    assert source.text == "One\nTwo ☃\n"
    assert source.line_of(source.text.index("Two")) == 2
    assert source.line_text(2) == "Two ☃"


def test_sha256_is_of_the_file_bytes(tmp_path):
    import hashlib

    assert read(tmp_path, "a.md", b"# T\n").sha256 == hashlib.sha256(b"# T\n").hexdigest()


@pytest.mark.parametrize("name, content, words", [
    ("missing.txt", None, "not found"),
    ("empty.txt", b" \n\n", "empty"),
    ("bin.txt", b"ab\x00cd", "binary"),
    ("data.csv", b"a,b\n", "no reader for .csv"),
])
def test_unusable_sources_are_refused_clearly(tmp_path, name, content, words):
    with pytest.raises(InputError) as info:
        read(tmp_path, name, content)
    assert words in str(info.value) and name in str(info.value)


def test_legacy_encodings_are_read(tmp_path):
    text = "The café’s owner said “prices rose” — a coffee now costs 5 €, up from 4 € last year.\n"
    assert read(tmp_path, "latin.txt", text.encode("cp1252")).text == text


@pytest.mark.parametrize("name", ["../outside.txt", "sub/../../outside.txt"])
def test_paths_may_not_leave_the_case_folder(tmp_path, name):
    case = tmp_path / "case"
    (case / "sub").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("secret")
    with pytest.raises(InputError, match="leaves the case folder"):
        read_source(case, Source(file=name))


def test_absolute_paths_are_refused(tmp_path):
    with pytest.raises(InputError, match="absolute"):
        read_source(tmp_path, Source(file="/etc/hostname"))


def test_symlinks_out_of_the_folder_are_refused(tmp_path):
    case = tmp_path / "case"
    case.mkdir()
    (tmp_path / "outside.txt").write_text("secret")
    os.symlink(tmp_path / "outside.txt", case / "link.txt")
    with pytest.raises(InputError, match="leaves the case folder"):
        read_source(case, Source(file="link.txt"))


def test_source_files_lists_readable_files_only(tmp_path):
    for name in ["b.txt", "a.md", "c.csv", "d"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub.txt").mkdir()
    assert source_files(tmp_path) == ["a.md", "b.txt"]


def _case(tmp_path, count):
    from briefing.casefile import CaseFile

    for number in range(count):
        (tmp_path / f"{number:02d}.txt").write_text(f"Report {number}\n\nIraq said on Monday that talks went on.\n")
    return CaseFile(title="Talks", sources=[Source(file=f"{number:02d}.txt") for number in range(count)])


def test_many_sources_are_read_in_processes_as_in_one(tmp_path, monkeypatch):
    from briefing import sources

    case = _case(tmp_path, 12)
    alone = sources.read_sources(case, tmp_path)
    monkeypatch.setattr(sources, "READ_IN_PROCESSES_FROM_BYTES", 0)
    monkeypatch.setattr(sources, "cores", lambda: 2)
    assert sources.read_sources(case, tmp_path) == alone


def test_one_job_reads_in_this_process_however_much_there_is(tmp_path, monkeypatch):
    from briefing import sources

    case = _case(tmp_path, 4)
    monkeypatch.setattr(sources, "READ_IN_PROCESSES_FROM_BYTES", 0)

    def no_pool(*args):
        raise AssertionError("a pool was started for --jobs 1")

    monkeypatch.setattr(sources, "in_processes", no_pool)
    assert [source.meta.file for source in sources.read_sources(case, tmp_path, jobs=1)] == [
        "00.txt", "01.txt", "02.txt", "03.txt"]
    with pytest.raises(AssertionError, match="pool"):
        sources.read_sources(case, tmp_path, jobs=2)


def test_reading_in_processes_fails_on_the_first_unusable_source_as_in_one(tmp_path, monkeypatch):
    from briefing import sources

    case = _case(tmp_path, 12)
    (tmp_path / "03.txt").write_bytes(b" \n")
    (tmp_path / "07.txt").unlink()
    monkeypatch.setattr(sources, "READ_IN_PROCESSES_FROM_BYTES", 0)
    monkeypatch.setattr(sources, "cores", lambda: 2)
    with pytest.raises(InputError) as info:
        sources.read_sources(case, tmp_path)
    assert "03.txt" in str(info.value) and "empty" in str(info.value) and info.value.path == tmp_path / "03.txt"
