"""Writing the brief: all files or none, the previous brief intact on any failure."""

import subprocess

import pytest

from briefing.errors import InputError
from briefing.write import write_outputs


def test_writes_every_file_and_leaves_no_staging(tmp_path):
    written = write_outputs({"b.md": b"new", "b.json": b"{}"}, tmp_path / "out")
    assert [p.name for p in written] == ["b.md", "b.json"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["b.json", "b.md"]


def test_a_folder_in_the_place_of_a_file_is_refused_before_anything_is_replaced(tmp_path):
    (tmp_path / "b.md").write_bytes(b"old")
    (tmp_path / "b.pdf").mkdir()
    with pytest.raises(InputError, match="b.pdf: a folder has the name of the brief's file"):
        write_outputs({"b.md": b"new", "b.pdf": b"%PDF"}, tmp_path)
    assert (tmp_path / "b.md").read_bytes() == b"old"


def test_a_file_written_to_a_stream_is_whole_or_the_previous_one_stays(tmp_path):
    (tmp_path / "f.json").write_bytes(b"old")

    def in_pieces(out):
        for piece in (b"[", b"1", b"]"):
            out.write(piece)

    def failing(out):
        out.write(b"[half")
        raise OSError(28, "No space left on device")

    with pytest.raises(InputError, match="No space left on device"):
        write_outputs({"f.json": failing}, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"] and (tmp_path / "f.json").read_bytes() == b"old"
    write_outputs({"f.json": in_pieces}, tmp_path)
    assert (tmp_path / "f.json").read_bytes() == b"[1]"


@pytest.fixture
def tiny_disk(tmp_path):
    """A real 4 KB filesystem: a full disk, not a simulated one (needs the right to mount, as root has)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs is not permitted here; tests/test_bad_inputs.py simulates a full disk")
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_leaves_the_previous_brief_as_it_was(tiny_disk):
    out = tiny_disk / "out"
    write_outputs({"b.md": b"old brief"}, out)
    with pytest.raises(InputError, match=r"cannot write the brief \(No space left on device\); the previous brief"):
        write_outputs({"b.md": b"new brief", "b.html": b"x" * 64 * 1024}, out)
    assert [p.name for p in out.iterdir()] == ["b.md"]
    assert (out / "b.md").read_bytes() == b"old brief"
