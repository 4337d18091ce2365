"""Replacing a build's outputs and its manifest all together, or not at all.

Outputs are rendered into temporary files beside their targets, created
exclusively (never through a symbolic link). Committing then replaces every
target and finally the manifest; if any step fails, what was already
replaced is restored from a hard-linked backup, so the folder is as it was.
A journal written before the first replacement lets the next build finish
or undo a commit that was killed half-way. Renames within one folder need
no disk space, so a full disk fails while rendering, before anything moved.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from .errors import OutputError, os_reason

TEMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".bak"
JOURNAL_NAME = ".report-builder-commit.json"
_OURS = re.compile(r"^\..+\.\d+(?:\.[0-9a-f]{8})?\.(?:tmp|bak)$")
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def temporary_name(target: Path, suffix: str = TEMP_SUFFIX) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}{suffix}")


def target_of(temporary: Path) -> Path:
    """The output a temporary file stands in for: `.brief.pdf.123.0a1b2c3d.tmp` -> `brief.pdf`."""
    return temporary.with_name(temporary.name[1:].rsplit(".", 3)[0])


def create_temporary(target: Path, data: bytes = b"") -> Path:
    """A new empty (or `data`) file beside `target`; O_EXCL so an existing file or link is never written through."""
    temporary = temporary_name(target)
    try:
        fd = os.open(temporary, _CREATE, 0o644)
    except OSError as exc:
        raise _about(exc, target) from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        os.close(fd)
        temporary.unlink(missing_ok=True)
        raise _about(exc, target) from None
    os.close(fd)
    return temporary


def check_targets(targets: list[Path]) -> None:
    """Refuse before rendering when something that is not a file stands where an output goes."""
    for target in targets:
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise _about(exc, target) from None
        if stat.S_ISDIR(mode):
            raise OutputError(target, "a folder has that name; rename or remove it")
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise OutputError(target, "something that is not a regular file is in the way")


def replace_all(folder: Path, renames: list[tuple[Path, Path]], manifest: Path,
                manifest_bytes: Callable[[str], bytes]) -> None:
    """Move each temporary onto its target, then write the manifest; on any failure undo every move.

    `manifest_bytes(token)` is called once the outputs are in place (so it can
    record their final state) and must embed `token` as the manifest's "commit".
    """
    check_targets([target for _, target in renames])
    token = os.urandom(8).hex()
    plan = [(temporary, target, temporary_name(target, BACKUP_SUFFIX) if os.path.lexists(target) else None)
            for temporary, target in renames]
    journal = {"token": token, "replaced": [[target.name, backup.name if backup else None]
                                            for _, target, backup in plan]}
    _write_atomically(folder / JOURNAL_NAME, json.dumps(journal).encode("utf-8"), folder / JOURNAL_NAME)
    linked: list[Path] = []
    replaced: list[tuple[Path, Path | None]] = []
    current = manifest
    try:
        for temporary, target, backup in plan:
            current = target
            if backup is not None:
                _backup(target, backup)
                linked.append(backup)
            os.replace(temporary, target)
            replaced.append((target, backup))
        current = manifest
        _write_atomically(manifest, manifest_bytes(token), manifest)
    except (OSError, OutputError) as exc:
        undone = _undo(replaced)
        for backup in linked:
            _remove_quietly(backup)
        _remove_quietly(folder / JOURNAL_NAME)
        if not undone:
            reason = exc.reason if isinstance(exc, OutputError) else os_reason(exc)
            raise OutputError(current, f"{reason}; some outputs could not be put back, the next build "
                                       "rebuilds them") from None
        raise exc if isinstance(exc, OutputError) else _about(exc, current) from None
    for backup in linked:
        _remove_quietly(backup)
    _remove_quietly(folder / JOURNAL_NAME)


def recover(folder: Path, committed_token: str | None) -> None:
    """Finish or undo a commit a killed build left half-done, then remove its leftovers; under the lock."""
    journal_path = folder / JOURNAL_NAME
    journal = _read_journal(journal_path)
    if journal is not None:
        token, entries = journal
        if token != committed_token:
            _undo([(folder / target, folder / backup if backup else None) for target, backup in entries])
        _remove_quietly(journal_path)
    elif os.path.lexists(journal_path):
        _remove_quietly(journal_path)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if _OURS.match(name):
            _remove_quietly(folder / name)


def remove_own_temporaries(folder: Path) -> None:
    """Every temporary file this process made in `folder`: one made as Ctrl-C or SIGTERM arrived may not have
    been handed back to its caller yet."""
    mine = f".{os.getpid()}."
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.endswith(TEMP_SUFFIX) and mine in name and _OURS.match(name):
            _remove_quietly(folder / name)


def has_leftovers(folder: Path) -> bool:
    """A journal or a temporary file of a killed build is in the folder (one listing, no reads)."""
    try:
        return any(name == JOURNAL_NAME or _OURS.match(name) for name in os.listdir(folder))
    except OSError:
        return False


_WORDED_BY_OUTPUT_FOLDER = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG, errno.EACCES,
                            errno.EPERM, errno.EROFS, errno.EISDIR, errno.ENOTDIR, errno.EEXIST, errno.ENAMETOOLONG}


def _about(exc: OSError, target: Path) -> Exception:
    """The error as one about `target`: worded by output_folder.py where it knows the case, else here."""
    if exc.errno in _WORDED_BY_OUTPUT_FOLDER:
        return OSError(exc.errno, exc.strerror, str(target))
    return OutputError(target, os_reason(exc))


def _backup(target: Path, backup: Path) -> None:
    """A second name for the current output, so it can be put back; a copy where links are not supported."""
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        import shutil

        shutil.copy2(target, backup, follow_symlinks=False)


def _undo(replaced: list[tuple[Path, Path | None]]) -> bool:
    """Put back each replaced target (or remove it when there was none before); True when all went back."""
    complete = True
    for target, backup in reversed(replaced):
        try:
            if backup is None:
                target.unlink(missing_ok=True)
            elif os.path.lexists(backup):
                os.replace(backup, target)
        except OSError:
            complete = False
    return complete


def _write_atomically(path: Path, data: bytes, named: Path) -> None:
    temporary = create_temporary(named, data)
    try:
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _read_journal(path: Path) -> tuple[str, list[tuple[str, str | None]]] | None:
    from .inputs import InputProblem, read_input

    try:
        data = json.loads(read_input(path, 1024 * 1024).decode("utf-8"))
        token = data["token"]
        entries = [(target, backup) for target, backup in data["replaced"]]
    except (InputProblem, ValueError, KeyError, TypeError, RecursionError):
        return None
    if not isinstance(token, str):
        return None
    for target, backup in entries:
        if not _plain_name(target) or not (backup is None or (_plain_name(backup) and _OURS.match(backup))):
            return None
    return token, entries


def _plain_name(name) -> bool:
    return isinstance(name, str) and name not in ("", ".", "..") and os.path.basename(name) == name \
        and "\\" not in name and "\0" not in name


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
