"""The two ways a build can fail that are the user's to fix, each with its exit code.

Everything else is a bug and surfaces as a traceback only with `--debug`.
"""

from __future__ import annotations

from pathlib import Path


class BriefingError(Exception):
    """A problem the user can fix; `str()` is the whole message, starting with the place."""

    exit_code = 2

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(self.location_prefix() + message)

    def location_prefix(self) -> str:
        if self.path is None:
            return ""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where + ": "


class InputError(BriefingError):
    """Bad input: a case file, a source or an option that cannot be used as given (exit 2)."""


class VerificationError(BriefingError):
    """A statement's quote is not in its source (exit 1): the brief would not be checkable."""

    exit_code = 1
