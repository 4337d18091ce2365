"""One build at a time per output folder.

An OS-level lock on a file in the output folder: the kernel releases it when
the process dies, so a crashed build never leaves a stale lock behind. Uses
the standard library (fcntl / msvcrt) rather than a lock package, which would
cost more start-up time than the rest of a no-op build.

The lock file is opened without following a symbolic link and only used if
it is a regular file, so a link planted in its place never gets written to.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .errors import BuildLockedError, OutputError, os_reason

LOCK_NAME = ".report-builder.lock"

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # msvcrt.locking locks bytes from the current file position: always the first byte,
    # or the pid written after locking would move the position and unlock the wrong byte.
    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class OutputLock:
    """`with OutputLock(folder, timeout, on_wait):` holds the folder's build lock."""

    def __init__(self, folder: Path, timeout: float = 60.0, on_wait: Callable[[str], None] | None = None):
        self.path = folder / LOCK_NAME
        self.timeout = timeout
        self.on_wait = on_wait
        self.fd: int | None = None

    def __enter__(self) -> "OutputLock":
        fd = _open_lock_file(self.path)
        deadline = time.monotonic() + self.timeout
        told = False
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise BuildLockedError(
                    f"another build is writing to {self.path.parent} and has not finished "
                    f"after {self.timeout:g} s; gave up without changing anything"
                )
            if not told and self.on_wait:
                self.on_wait(f"waiting for another build writing to {self.path.parent} to finish ...")
                told = True
            time.sleep(0.1)
        _note_owner(fd)
        self.fd = fd
        return self

    def __exit__(self, *exc_info) -> None:
        if self.fd is not None:
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = None


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _open_lock_file(path: Path) -> int:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NO_FOLLOW, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise OutputError(path, "it is a symbolic link, which report-builder never writes through; "
                                    "remove it") from None
        raise OutputError(path, os_reason(exc)) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(path, "it is not a regular file; remove it")
    return fd


def _note_owner(fd: int) -> None:
    """The holder's process id, for a person looking; never into a file with other names (a hard link)."""
    try:
        if os.fstat(fd).st_nlink == 1:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
    except OSError:
        pass
