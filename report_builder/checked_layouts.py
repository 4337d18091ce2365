"""What checking a layout found, kept while none of its files changes, so `check` need not read it again.

Checking a layout reads its theme.yaml files, opens its reference.docx and
template.pptx and reads its fonts' tables: 10 to 25 ms of a `check` that
runs after every edit of a brief, for files the edit did not touch. An
entry holds the warnings a layout gave and the state (device, inode, size,
modification and change times) of every file it was read from. A changed,
added or removed file of any layout in its stack, another report-builder
code, Python or PyYAML, or checking from another folder (messages name
files relative to it) reads the layout again. Only a layout without errors
is kept: one with errors is being fixed, and is read in full each time.

Entries live in report-builder's cache folder, never in the project. An
entry that cannot be read, or is not what it should be, counts as none; a
cache that cannot be written only means reading the layout next time too.
The brief itself is never taken from here: it is validated on every run.
"""

from __future__ import annotations

import marshal
import os
import sys
import time
import zlib
from pathlib import Path

from .cache_folder import cache_folder, write_atomically
from .code_version import own_code
from .errors import Diagnostic, Location, ReportBuilderError, Severity
from .inputs import RACY_SECONDS, signature
from .layouts import layout_stack, stack_inputs

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from .theme import Theme

_FORMAT = 1


def checked_warnings(folder: Path, cwd: Path, project: Path) -> list[Diagnostic]:
    """The warnings of the layout in `folder`, as `theme.load_theme` gives them; ContentError if it has errors."""
    warnings = _kept(folder, cwd, project)
    if warnings is not None:
        return warnings
    from .theme import load_theme

    started = time.time()
    theme = load_theme(folder, cwd, project)
    keep(folder, cwd, project, theme, started)
    return list(theme.warnings)


def keep(folder: Path, cwd: Path, project: Path, theme: Theme, started: float) -> None:
    """Remember a layout read from files none of which changed since `started` - RACY_SECONDS."""
    entry = _entry_path(folder, cwd, project)
    if entry is None:
        return
    files = []
    try:
        for path in theme.files:
            state = signature(os.stat(path))
            if max(state[3:]) / 1e9 > started - RACY_SECONDS:
                return  # changed while (or just before) it was read: the findings may be of another version
            files.append((str(path), state))
        inputs = stack_inputs(theme.stack)
    except (OSError, ReportBuilderError):
        return
    if not set(inputs) <= set(theme.files):
        return  # a file was added while the layout was read: the findings may not cover it
    warnings = [(d.severity.value, d.location.file, d.location.line, d.location.column, d.path, d.message, d.detail)
                for d in theme.warnings]
    record = (_FORMAT, _key(folder, cwd, project), _stamp(), [str(f) for f in theme.stack], [str(p) for p in inputs],
              files, warnings)
    write_atomically(entry, marshal.dumps(record))


def _kept(folder: Path, cwd: Path, project: Path) -> list[Diagnostic] | None:
    entry = _entry_path(folder, cwd, project)
    if entry is None:
        return None
    try:
        with open(entry, "rb") as file:
            form, key, stamp, stack, inputs, files, warnings = marshal.loads(file.read())
        if form != _FORMAT or key != _key(folder, cwd, project) or stamp != _stamp():
            return None
        live = layout_stack(folder, cwd, project)
        if [str(f) for f in live] != stack or [str(p) for p in stack_inputs(live)] != inputs:
            return None
        for path, state in files:
            if signature(os.stat(path)) != tuple(state):
                return None
        return [Diagnostic(Severity(severity), Location(file, line, column), path, message, detail)
                for severity, file, line, column, path, message, detail in warnings]
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, ReportBuilderError):
        return None


def _entry_path(folder: Path, cwd: Path, project: Path) -> str | None:
    root = cache_folder()
    if root is None:
        return None
    return os.path.join(root, "layouts", f"{zlib.crc32(_key(folder, cwd, project).encode()):08x}.bin")


def _key(folder: Path, cwd: Path, project: Path) -> str:
    return "\0".join((str(folder), str(project), str(cwd)))


def _stamp() -> str:
    """What else the findings depend on: report-builder's code, Python, and the YAML parser."""
    import yaml

    return f"{own_code()} {sys.hexversion:x} {yaml.__version__}"
