"""Where report-builder keeps what it can always compute again: font widths, compiled modules, checked layouts.

The user's cache folder (`$XDG_CACHE_HOME` or `~/.cache`, `%LOCALAPPDATA%`
on Windows), or the folder named by REPORT_BUILDER_CACHE; an empty value
turns every cache off. Nothing kept there is ever needed: a cache that
cannot be read or written only means computing again.
"""

from __future__ import annotations

import os
import sys

CACHE_FOLDER_ENV = "REPORT_BUILDER_CACHE"


def cache_folder() -> str | None:
    chosen = os.environ.get(CACHE_FOLDER_ENV)
    if chosen is not None:
        return chosen or None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return os.path.join(base, "report-builder", "cache") if base else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "report-builder")


def write_atomically(path: str, data: bytes) -> None:
    """Write to a private temporary file beside `path`, then rename: readers see all or nothing.

    Quietly does nothing when the folder cannot be made or written.
    """
    import tempfile

    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass
