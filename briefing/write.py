"""Stage 6: write the rendered outputs, all or nothing as far as a filesystem allows.

Everything is rendered before this stage runs. Files are first written into a staging folder
beside their destination, then each is moved into place with an atomic rename, so a reader
never sees a half-written brief and a failure leaves the previous brief intact.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from briefing.errors import InputError


def write_outputs(files: dict[str, bytes | Callable[[BinaryIO], None]], out: Path) -> list[Path]:
    """Write `{file name: content}` into `out`, a content being bytes or what writes them to a stream
    (a large file need not be held whole); returns the paths written."""
    # A destination that is a folder would fail only when the files before it had been replaced.
    blocked = next((out / name for name in files if (out / name).is_dir()), None)
    if blocked is not None:
        raise InputError("a folder has the name of the brief's file; move it away or choose another --out", blocked)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".briefing-", dir=out))
    except OSError as exc:
        raise InputError(f"cannot write to the output folder ({exc.strerror}); choose another with --out", out) from exc
    try:
        for name, content in files.items():
            with open(staging / name, "wb") as handle:
                if callable(content):
                    content(handle)
                else:
                    handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        written = []
        for name in files:
            os.replace(staging / name, out / name)
            written.append(out / name)
        return written
    except OSError as exc:
        raise InputError(
            f"cannot write the brief ({exc.strerror}); the previous brief was left as it was", out
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
