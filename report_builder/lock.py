"""One build at a time per output folder.

An OS-level lock on a file in the output folder: the kernel releases it when
the process dies, so a crashed build never leaves a stale lock behind. Uses
the standard library (fcntl / msvcrt) rather than a lock package, which would
cost more start-up time than the rest of a no-op build.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Callable

from .errors import BuildLockedError

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
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
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
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd
        return self

    def __exit__(self, *exc_info) -> None:
        if self.fd is not None:
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = None
