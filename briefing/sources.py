"""Stage 1: read the case's source files into `SourceText`s and label their passages.

A reader turns a file's bytes into text; everything downstream (citations, line numbers)
works on that text, so a reader must keep the text's lines those of the original file.
Passages are labelled per source, then compared across the corpus to set aside what is
off the case's topic.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from briefing.casefile import CaseFile, Source
from briefing.errors import InputError
from briefing.passages import Layout, layout, set_aside_lines, set_aside_off_topic
from briefing.processes import cores, give_back_freed_memory, in_processes
from briefing.readers import READERS, LineRef, Reading, read_bytes


class SourceText(BaseModel):
    """One source as read: its text, its passages, and what is needed to point into the file."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    meta: Source
    path: Path
    text: str
    encoding: str
    sha256: str
    line_starts: tuple[int, ...]
    # Per line of `text`, its place in the file (page and line); None: the file's own lines.
    line_refs: tuple[LineRef, ...] | None
    # Per character of `text`, its offset in the decoded file (plain text); None: the same offsets.
    origin: tuple[int, ...] | None
    layout: Layout

    @property
    def key(self) -> str:
        return self.meta.key

    def line_of(self, offset: int) -> int:
        """1-based line of `text` holding the character at `offset`."""
        return bisect.bisect_right(self.line_starts, offset)

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the decoded file of the text between `start` and `end` (end exclusive)."""
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1

    def place(self, line: int) -> LineRef:
        """Where line `line` of `text` is in the file: page (paged formats) and line."""
        return self.line_refs[line - 1] if self.line_refs is not None else LineRef(None, line)


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return tuple(starts)


def resolve_path(folder: Path, name: str) -> Path:
    """The source's path, refusing any that leaves the case folder (by `..`, absolute path or link)."""
    candidate = Path(name)
    if candidate.is_absolute():
        raise InputError(f"source path {name!r} is absolute; give it relative to the case file's folder", folder)
    root = folder.resolve()
    resolved = (folder / candidate).resolve()
    if not resolved.is_relative_to(root):
        raise InputError(f"source path {name!r} leaves the case folder; copy the file into {folder}", folder)
    return resolved


# Past this a file is not one source (a database dump, a disk image, a whole archive), and
# reading it would take minutes: refused before it is read. The environment can raise it.
MAX_SOURCE_MB_VARIABLE = "BRIEFING_MAX_SOURCE_MB"
DEFAULT_MAX_SOURCE_MB = 50


def max_source_bytes() -> int:
    value = os.environ.get(MAX_SOURCE_MB_VARIABLE, "")
    try:
        megabytes = float(value) if value else DEFAULT_MAX_SOURCE_MB
    except ValueError:
        megabytes = -1
    if not megabytes > 0:
        raise InputError(f"{MAX_SOURCE_MB_VARIABLE}={value!r} is not a size; give a number of megabytes, e.g. 200")
    return int(megabytes * 1_000_000)


def _read(path: Path) -> bytes:
    limit = max_source_bytes()
    if path.exists() and not path.is_file() and not path.is_dir():  # reading a pipe or a device would not end
        raise InputError("source is not a regular file (a pipe or a device?); give a file", path)
    size = path.stat().st_size if path.is_file() else 0
    if size > limit:
        raise InputError(f"source is {size / 1e6:,.0f} MB, over the limit of {limit / 1e6:,.0f} MB; give the part of "
                         f"it the case needs, or raise {MAX_SOURCE_MB_VARIABLE}", path)
    return path.read_bytes()


def source_bytes(folder: Path, meta: Source) -> tuple[Path, bytes]:
    """A source's path and bytes as stored, or an InputError saying why they cannot be read."""
    path = resolve_path(folder, meta.file)
    try:
        return path, _read(path)
    except FileNotFoundError as exc:
        raise InputError("source file not found; check `file` in the case file", path) from exc
    except IsADirectoryError as exc:
        raise InputError("source is a folder, not a file; name a file in it", path) from exc
    except OSError as exc:
        raise InputError(f"cannot read source ({exc.strerror}); check that it is readable by you", path) from exc


def read_source(folder: Path, meta: Source) -> SourceText:
    """One source, its passages labelled on their own (without the corpus to judge relevance)."""
    path, data = source_bytes(folder, meta)
    reading = read_bytes(data, path)
    if not reading.text.strip():
        raise InputError("source is empty; remove it from `sources` or give its text", path)
    return make_source(meta, path, reading, data)


def make_source(meta: Source, path: Path, reading: Reading, data: bytes) -> SourceText:
    labelled = layout(reading.text)
    if reading.outside_main:
        labelled = set_aside_lines(labelled, {index + 1 for index in reading.outside_main},
                                   "outside the page's main content")
    return SourceText(meta=meta, path=path, text=reading.text, encoding=reading.encoding,
                      sha256=hashlib.sha256(data).hexdigest(), line_starts=_line_starts(reading.text),
                      line_refs=reading.line_refs, origin=reading.origin, layout=labelled)


def read_sources(case: CaseFile, folder: Path, jobs: int | None = None) -> list[SourceText]:
    """The case's sources read, in `jobs` processes at most (None: one per core)."""
    sources = _read_each(folder, case.sources, jobs or cores())
    layouts = set_aside_off_topic([s.text for s in sources], [s.layout for s in sources], case.title)
    sources = [source.model_copy(update={"layout": lay}) for source, lay in zip(sources, layouts, strict=True)]
    if sum(len(source.text) for source in sources) >= READ_IN_PROCESSES_FROM_BYTES:
        give_back_freed_memory()
    return sources


def source_files(folder: Path) -> list[str]:
    """Every readable source file directly in `folder`, for `briefing build DIR` without a case file."""
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in READERS)


# Below this many bytes of files, starting processes to read them costs more than it saves.
READ_IN_PROCESSES_FROM_BYTES = 1_000_000


def _read_each(folder: Path, metas: list[Source], jobs: int) -> list[SourceText]:
    """Each source read (`read_source`), in order: in a pool of processes when there is much to read
    (decoding and labelling a source's passages is its own work); the first that fails raises."""
    reader = functools.partial(read_source, folder)
    if jobs == 1 or len(metas) < 2 or sum(_size(folder, meta) for meta in metas) < READ_IN_PROCESSES_FROM_BYTES:
        return list(map(reader, metas))
    return list(in_processes(reader, metas, jobs))


def _size(folder: Path, meta: Source) -> int:
    """The file's size, 0 when it cannot be told (reading it says why)."""
    try:
        return resolve_path(folder, meta.file).stat().st_size
    except (InputError, OSError):
        return 0
