"""Reading the files a user supplies: each once, bounded, never hanging.

Every file a build reads (the brief, its images, the layout's theme, fonts
and templates) goes through `read_input`: only regular files are read (a
FIFO or a device where a file should be would hang or never end), never
more than a stated size, and the sha256 of exactly the bytes read is
logged. The manifest records those hashes, so outputs are never recorded as
current for bytes they were not made from, even when a file is saved while
a build runs.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path

MB = 1024 * 1024
MAX_YAML_BYTES = 16 * MB
"""A brief (or a theme) file: far more than the longest real brief, small enough to build in seconds."""
MAX_IMAGE_BYTES = 50 * MB
MAX_FONT_BYTES = 50 * MB
MAX_TEMPLATE_BYTES = 50 * MB
MAX_HASHED_BYTES = 1024 * MB
"""Beyond this a file is not hashed but counted as changed: outputs are rebuilt, nothing hangs."""

_CHUNK = MB
RACY_SECONDS = 2.0
"""A file changed this recently may change again within the same timestamp tick: hash it next time too."""


class InputProblem(Exception):
    """Why a file cannot be used, as a predicate for 'the file ...': 'is a folder', 'does not exist'."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


Signature = tuple[int, int, int, int, int]


class Reading(namedtuple("Reading", "digest signature")):
    """The hash of what was read (str), and the file's state when it was read (a Signature, None when it
    changed meanwhile). Named tuples and plain classes here, not dataclasses: a no-op build needs none."""

    __slots__ = ()


class ReadLog:
    """What one build read, by absolute path.

    `known` holds hashes from the manifest's cache, by path, each with the
    signature the file had: a file read with that same signature is not
    hashed again (the rule a no-op build already relies on).
    """

    __slots__ = ("readings", "known")

    def __init__(self, readings: dict[str, Reading] | None = None, known: dict[str, list] | None = None):
        self.readings: dict[str, Reading] = {} if readings is None else readings
        self.known: dict[str, list] = {} if known is None else known

    def hash(self, path: Path, data: bytes, state: Signature) -> str:
        cached = self.known.get(_key(path))
        if cached and tuple(cached[:5]) == state:
            return cached[5]
        return _sha256(data)

    def digest(self, path: Path) -> str | None:
        reading = self.readings.get(_key(path))
        return reading.digest if reading else None

    def unchanged_since_read(self, path: Path) -> bool:
        """True when the file is still as it was read; False when it changed (or vanished) since."""
        reading = self.readings.get(_key(path))
        if reading is None or reading.signature is None:
            return False
        try:
            return signature(os.stat(path)) == reading.signature
        except OSError:
            return False


_log: ReadLog | None = None


@contextlib.contextmanager
def recording(known: dict[str, list] | None = None) -> Iterator[ReadLog]:
    """Log every `read_input` inside the block; `known` is the manifest's hash cache."""
    global _log
    previous, _log = _log, ReadLog(known=known or {})
    try:
        yield _log
    finally:
        _log = previous


def signature(st: os.stat_result) -> Signature:
    """What changes whenever a file's content may have: ctime cannot be set back by any tool."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def read_input(path: Path, limit: int, what: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or InputProblem saying why not."""
    fd = _open(path)
    try:
        before = os.fstat(fd)
        _require_regular(before)
        if before.st_size > limit:
            raise InputProblem(_too_large(before.st_size, limit, what))
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(max(_CHUNK, before.st_size + 1 - total), limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputProblem(_too_large(total, limit, what))
        after = os.fstat(fd)
    except OSError as exc:
        raise InputProblem(_reason(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if _log is not None:
        stable = signature(before) == signature(after) and len(data) == after.st_size
        state = signature(after)
        digest = _log.hash(path, data, state) if stable else _sha256(data)
        _log.readings[_key(path)] = Reading(digest, state if stable else None)
    return data


def read_parts(path: Path, limit: int, what: str, use) -> None:
    """Call `use(read, size)` on a regular file of at most `limit` bytes, where `read(offset, length)` gives
    those bytes (fewer at its end); InputProblem says why not. For a file of which only parts are needed,
    such as a font's tables: the rest is not read, only hashed when a build logs it (see `note`)."""
    fd = _open(path)
    try:
        st = os.fstat(fd)
        _require_regular(st)
        if st.st_size > limit:
            raise InputProblem(_too_large(st.st_size, limit, what))
        use(lambda offset, length: os.pread(fd, length, offset), st.st_size)
    except OSError as exc:
        raise InputProblem(_reason(exc)) from None
    finally:
        os.close(fd)
    if _log is not None:
        note(path)


def hash_file(path: Path) -> tuple[str, Signature | None] | None:
    """sha256 of a regular file and its signature when it may be cached; None for anything else."""
    try:
        fd = _open(path)
    except InputProblem:
        return None
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode) or before.st_size > MAX_HASHED_BYTES:
            return None
        import hashlib

        digest = hashlib.sha256()
        total = 0
        while chunk := os.read(fd, _CHUNK):
            digest.update(chunk)
            total += len(chunk)
            if total > MAX_HASHED_BYTES:
                return None
        after = os.fstat(fd)
    except OSError:
        return None
    finally:
        os.close(fd)
    return digest.hexdigest(), signature(after) if signature(before) == signature(after) else None


def note(path: Path) -> str | None:
    """Log the hash of a file the build depends on but reads elsewhere; None if unreadable."""
    if _log is not None:
        try:
            state = signature(os.stat(path))
        except OSError:
            return None
        cached = _log.known.get(_key(path))
        if cached and tuple(cached[:5]) == state:
            _log.readings[_key(path)] = Reading(cached[5], state)
            return cached[5]
    hashed = hash_file(path)
    if hashed is None:
        return None
    if _log is not None:
        _log.readings[_key(path)] = Reading(*hashed)
    return hashed[0]


def _sha256(data: bytes) -> str:
    """hashlib imported only when something is hashed: its OpenSSL start costs 2-3 ms of `check`."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def cacheable(reading: Reading) -> bool:
    """Safe to reuse for an unchanged signature: not changed in the last moments (like git's racy-clean rule)."""
    return reading.signature is not None and time.time() - max(reading.signature[3:]) / 1e9 > RACY_SECONDS


def _open(path: Path) -> int:
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise InputProblem(f"is a symbolic link to {os.readlink(path)}, which does not exist") from None
        raise InputProblem(_reason(exc)) from None
    except ValueError:  # a NUL character in the name
        raise InputProblem("has a name no file can have (it holds a NUL character)") from None


def _require_regular(st: os.stat_result) -> None:
    if stat.S_ISREG(st.st_mode):
        return
    if stat.S_ISDIR(st.st_mode):
        raise InputProblem("is a folder, not a file")
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
             (stat.S_ISSOCK, "a socket"))
    kind = next((name for test, name in kinds if test(st.st_mode)), "not a regular file")
    raise InputProblem(f"is {kind}, not a regular file")


def _too_large(size: int, limit: int, what: str) -> str:
    return f"is larger than the {_size(limit)} allowed{' for ' + what if what else ''} ({_size(size)} or more)"


def _size(count: int) -> str:
    return f"{count / MB:g} MB" if count >= MB else f"{count / 1024:g} kB"


def _reason(exc: OSError) -> str:
    """A predicate for 'the file ...': 'does not exist', 'cannot be read (permission denied)'."""
    reasons = {
        errno.ENOENT: "does not exist",
        errno.ELOOP: "is a loop of symbolic links",
        errno.EACCES: "cannot be read (permission denied)",
        errno.EPERM: "cannot be read (permission denied)",
        errno.ENOTDIR: "does not exist (a part of its path is not a folder)",
        errno.ENAMETOOLONG: "has a name that is too long",
        errno.EISDIR: "is a folder, not a file",
        errno.EIO: "cannot be read (input/output error)",
    }
    return reasons.get(exc.errno, f"cannot be read ({exc.strerror or exc})")


def _key(path: Path) -> str:
    return os.path.abspath(path)
