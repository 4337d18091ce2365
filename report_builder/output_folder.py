"""The output folder as the user must see it: problems they can fix, named with the path and the reason.

A folder that cannot be written (read-only, no permission, full disk), an
`--out` that names a file, an output path that is a folder: each is the
user's to fix, so each becomes an `OutputFolderError` (exit status 2) that
says which path, what is wrong and what to do, instead of an internal error.
"""

from __future__ import annotations

import errno
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputFolderError, UsageError
from .progress import show_path

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM}
_WRITING = _FULL | _DENIED | {errno.EROFS, errno.EISDIR, errno.ENOTDIR, errno.EEXIST, errno.ENAMETOOLONG, errno.ENOENT}


def check_output_paths(out_dir: Path, targets: list[Path]) -> None:
    """Refuse, before anything is rendered, an --out that is a file and an output path that is a folder."""
    for folder in (out_dir, *out_dir.parents):
        if folder.exists():
            if not folder.is_dir():
                what = "this is a file" if folder == out_dir else f"{show_path(folder)} is a file"
                raise OutputFolderError(
                    f"--out {show_path(out_dir)}: {what}, not a folder; "
                    "give --out a folder (it is created if missing)"
                )
            break
    for target in targets:
        if target.is_dir():
            raise OutputFolderError(
                f"cannot write {show_path(target)}: a folder has that name; "
                "rename or remove the folder, or choose another --out"
            )


@contextmanager
def output_errors(out_dir: Path) -> Iterator[None]:
    """Turn a failed write into or inside the output folder into an error the user can act on."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in _WRITING or not _concerns(exc, out_dir):
            raise
        raise OutputFolderError(_message(exc, out_dir)) from None


@contextmanager
def new_files(folder: Path) -> Iterator[list[Path]]:
    """Files `new` and `layouts export` write into a folder: all of them, or none.

    The caller lists each file once it is in place; if a write fails (no
    permission, a full disk, a file where a folder should be), those are
    removed again, with any half-written temporary file, and the user is
    told which path failed and why.
    """
    written: list[Path] = []
    try:
        yield written
    except OSError as exc:
        failed = Path(exc.filename) if exc.filename else folder
        temporary = failed.name.startswith(".") and failed.name.endswith(".tmp")
        for path in [*written, *([failed] if temporary else [])]:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        if temporary:  # .brief.yaml.1234.tmp: name the file the user asked for
            failed = failed.with_name(failed.name[1:].rsplit(".", 2)[0])
        where = show_path(failed)
        reason = _REASONS.get(exc.errno, exc.strerror or "it cannot be written")
        raise UsageError(f"cannot write {where}: {reason}; nothing was written (choose another folder)") from None


_REASONS = {
    errno.EACCES: "permission denied", errno.EPERM: "permission denied", errno.EROFS: "a read-only file system",
    errno.ENOSPC: "the disk is full", errno.ENOTDIR: "part of that path is a file, not a folder",
    errno.ENOENT: "that folder cannot be made there", errno.EISDIR: "a folder has that name",
}


def render_cleanly(render: Callable[[], None]) -> None:
    """Run a writer; when it fails to write (a full disk), drop its half-written file quietly.

    The writing library leaves its open zip or PDF file to the garbage
    collector, whose second failing close would print "Exception ignored ...
    Traceback" after the clear message the user gets for the first.
    """
    try:
        render()
        return
    except OSError as exc:
        hook = sys.unraisablehook
        sys.unraisablehook = _ignore
        error = exc.with_traceback(None)
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise error


def _ignore(unraisable) -> None:
    pass


def _concerns(exc: OSError, out_dir: Path) -> bool:
    """Whether the error is about writing the outputs (a full disk often reports no file name)."""
    if exc.filename is None:
        return exc.errno in _FULL
    path = Path(exc.filename).absolute()
    folder = out_dir.absolute()
    return path == folder or path.is_relative_to(folder) or folder.is_relative_to(path)


def _message(exc: OSError, out_dir: Path) -> str:
    folder = _folder(out_dir)
    if exc.errno in _FULL:
        return (f"cannot write to {folder}: the disk is full ({exc.strerror}); "
                "free some space or choose another --out; the outputs already there were kept")
    if exc.errno == errno.EROFS:
        return (f"cannot write to {folder}: it is on a read-only file system; "
                "choose another folder with --out")
    if exc.errno in _DENIED:
        return (f"cannot write to {folder}: permission denied; "
                "make the folder writable, or choose another with --out")
    if exc.errno == errno.EISDIR:
        return (f"cannot write {show_path(Path(exc.filename))}: a folder has that name; "
                "rename or remove the folder, or choose another --out")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return (f"cannot write to {folder}: part of that path is a file, not a folder; "
                "give --out a folder (it is created if missing)")
    if exc.errno == errno.ENOENT:
        return (f"cannot create or write {folder}: the system says '{exc.strerror}' (a folder on its path "
                "cannot be made there, or was removed during the build); choose another folder with --out")
    return f"cannot write to {folder}: {exc.strerror}; choose a shorter path with --out"


def _folder(path: Path) -> str:
    return show_path(path).rstrip("/\\") + "/"
