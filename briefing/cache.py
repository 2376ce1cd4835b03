"""What is kept between runs: each source's findings, and the last brief built for each target.

Everything lives in `$XDG_CACHE_HOME/briefing` (`~/.cache/briefing` when unset), never beside
the sources or the output, so a case folder stays the analyst's own and a read-only checkout
still builds. Every entry sits under the tool's fingerprint — its version, the Python version,
the bytes of every file of the package (code and `data/`) and the version of pydantic, which
writes the entries — so any change to the code or its knowledge starts afresh, and the
folders of other fingerprints are removed when a new one is first written. An entry is written
to a temporary file and renamed, so a reader sees it whole or not at all; one that cannot be
read is treated as missing and written again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from briefing import __version__

PACKAGE = Path(__file__).resolve().parent
# Entries are pydantic's JSON: another release may write or read them differently.
WRITERS = ("pydantic",)


def root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefing"


@cache
def fingerprint() -> str:
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    for name in WRITERS:
        digest.update(f"{name}={version(name)}\0".encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def version(distribution: str) -> str:
    """An installed distribution's version, '' when it is not installed.

    Read from the name of its `name-version.dist-info` folder, as pip installs it: importlib.metadata
    opens and parses each one's metadata, 11 ms for the dozen a build asks about, against under one.
    A distribution installed another way (an `.egg-info`) is asked of importlib.metadata.
    """
    found = _dist_info_versions().get(_normalised(distribution))
    if found is not None:
        return found
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


@cache
def _dist_info_versions() -> dict[str, str]:
    """Versions by normalised name, from the `.dist-info` folders on `sys.path`; the first found
    wins, as it does for the import system and importlib.metadata."""
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info"):
                name, _, found = folder.removesuffix(".dist-info").partition("-")
                versions.setdefault(_normalised(name), found)
    return versions


def _normalised(distribution: str) -> str:
    return re.sub(r"[-_.]+", "_", distribution).lower()


def _folder() -> Path:
    return root() / fingerprint()


def _write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (or its pieces) to `path` whole or not at all; a cache that cannot be written is only slower."""
    try:
        if not path.parent.exists():
            _forget_other_fingerprints()
            path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.writelines([data] if isinstance(data, bytes) else data)
        os.replace(temporary, path)
    except OSError:
        return


def _forget_other_fingerprints() -> None:
    here = root()
    if here.is_dir():
        for other in here.iterdir():
            if other.is_dir() and other.name != fingerprint():
                shutil.rmtree(other, ignore_errors=True)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def digest(*parts: str | bytes) -> str:
    """One SHA-256 of several strings or byte strings, each kept apart from the next."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big") + data)
    return hashed.hexdigest()


class FindingsStore:
    """Per-source findings as pydantic JSON, by a key of everything extraction reads of the source."""

    def key(self, sha256: str, *parts: str) -> str:
        """The entry's name: the file's hash and the metadata and passage labels extraction depends on."""
        return digest(sha256, *parts)

    def _path(self, key: str) -> Path:
        return _folder() / "findings" / key[:2] / f"{key}.json"

    def get(self, key: str) -> str | None:
        data = _read(self._path(key))
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, key: str, text: str | Iterable[str]) -> None:
        """Keep `text` under `key`; given in pieces, each is written as it comes."""
        _write(self._path(key), [text.encode("utf-8")] if isinstance(text, str) else (t.encode("utf-8") for t in text))


class BriefStore:
    """The files of the last brief built for each target, formats and flavour (its slot), kept with
    the digest of everything they were made from: a rebuild from the same inputs writes them again
    instead of reading, extracting, rendering and laying out the same brief. One entry per slot, so
    editing a case file a hundred times keeps one brief, not a hundred."""

    def _path(self, slot: str) -> Path:
        return _folder() / "briefs" / f"{slot}.marshal"

    def get(self, slot: str, inputs: str) -> dict[str, bytes] | None:
        data = _read(self._path(slot))
        if data is None:
            return None
        try:
            made_from, files = marshal.loads(data)  # plain strings and bytes: no code runs on loading
        except (EOFError, ValueError, TypeError):
            return None
        well_formed = isinstance(files, dict) and all(
            isinstance(name, str) and isinstance(content, bytes) for name, content in files.items())
        return files if made_from == inputs and well_formed else None

    def put(self, slot: str, inputs: str, files: dict[str, bytes]) -> None:
        _write(self._path(slot), marshal.dumps((inputs, files)))
