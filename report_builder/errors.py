"""Diagnostics the user can cause, and the exceptions that carry them.

Every problem in a brief or a layout is a `Diagnostic` with a `Location`, so
the CLI can print `FILE:LINE:COL: field.path: message` for each, however late
in the pipeline it was found. Only `cli.py` turns these into exit codes.
"""

from __future__ import annotations

from collections import namedtuple
from enum import Enum


class Location(namedtuple("Location", "file line column", defaults=(1, 1))):
    """Where a node came from: 1-based line and column, as editors count.

    `file` (str) as messages name it, `line` and `column` (int). Immutable,
    compared, ordered and hashed as the tuple (file, line, column). Named
    tuples, not dataclasses, here: a no-op build then needs no dataclass, and
    importing dataclasses costs about 6 ms of its 25.
    """

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


class Diagnostic(namedtuple("Diagnostic", "severity location path message detail", defaults=("",))):
    """One problem: its `severity`, its `location`, the field `path` (`sections[2].title`), the `message`,
    and a `detail` of lines printed under it (the source line with a caret, how to fix it)."""

    __slots__ = ()

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        first = f"{self.location}: {prefix}{self.path}: {self.message}"
        return f"{first}\n{self.detail}" if self.detail else first

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Diagnostics:
    """Collects problems so a file is reported in full, not one error per run."""

    __slots__ = ("items",)

    def __init__(self, items: list[Diagnostic] | None = None):
        self.items: list[Diagnostic] = [] if items is None else items

    def error(self, location: Location, path: str, message: str) -> None:
        self.items.append(Diagnostic(Severity.ERROR, location, path, message))

    def warning(self, location: Location, path: str, message: str) -> None:
        self.items.append(Diagnostic(Severity.WARNING, location, path, message))

    def extend(self, other: "Diagnostics") -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.location.file, d.location.line, d.location.column))


class ReportBuilderError(Exception):
    """Base of every error the user can cause; the CLI prints it without a traceback."""

    exit_status = 2


class ContentError(ReportBuilderError):
    """A brief or a layout has errors; carries all of them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))

    def __reduce__(self):
        """Rebuilt from its diagnostics when it crosses from a render process to the build."""
        return type(self), (self.diagnostics,)


class UsageError(ReportBuilderError):
    """The command line asks for something that cannot be done."""


class OutputFolderError(ReportBuilderError):
    """The outputs cannot be written where asked (read-only, full, a file in the way); the user can fix it."""


class BuildLockedError(ReportBuilderError):
    """Another build held the output folder for longer than `--wait`: nothing is wrong with the content."""

    exit_status = 3


class OutputError(OutputFolderError):
    """A file the build writes (an output, the manifest, the lock) cannot be written; nothing changed.

    `path` is that file and `reason` says why in the user's words ("it is a
    symbolic link", "it is in use"); the outputs already in the folder were
    kept or put back.
    """

    def __init__(self, path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {_shown(path)}: {reason}; the outputs already there were kept")

    def __reduce__(self):
        """Rebuilt from its fields when it crosses from a worker process to the build."""
        return type(self), (self.path, self.reason)


def os_reason(error: OSError) -> str:
    """An OSError as a user reads it: 'the disk is full', 'permission denied'."""
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EROFS: "the file system is read-only",
        errno.EISDIR: "a folder has that name",
        errno.ENOTDIR: "part of its path is a file, not a folder",
        errno.ENAMETOOLONG: "the name is too long",
        errno.ELOOP: "it is a symbolic link (or a loop of them)",
        errno.EEXIST: "a file of that name already exists",
        errno.EBUSY: "it is in use by another program",
        errno.ETXTBSY: "it is in use by another program",
        errno.EFBIG: "the file is too large for the file system",
        errno.EIO: "an input/output error occurred",
        errno.ENOENT: "the folder no longer exists",
    }
    return reasons.get(error.errno, error.strerror or str(error))


def _shown(path) -> str:
    """A path relative to the working folder when it is inside it, as the other messages show paths."""
    import os

    text = str(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:
        return text
    return relative if not relative.startswith("..") else text
