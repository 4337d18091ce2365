"""Which code of report-builder is running: what outputs and cached findings are valid for.

An editable install updated by `git pull` keeps its version number, and
outputs built, or layouts checked, by the old code must not pass for
current. A fingerprint of the modules' sizes and modification times, not
contents: about a millisecond, and a touched file only costs a rebuild.
"""

from __future__ import annotations

import functools
import os
import zlib
from pathlib import Path


@functools.lru_cache(maxsize=None)
def code_fingerprint(package: Path) -> str:
    entries = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                state = os.stat(os.path.join(folder, name))
                entries.append(f"{os.path.relpath(os.path.join(folder, name), package)}:{state.st_size}:{state.st_mtime_ns}")
    return format(zlib.crc32("\n".join(entries).encode()), "08x") + format(len(entries), "x")


def own_code() -> str:
    """The fingerprint of this installation's report_builder package."""
    return code_fingerprint(Path(__file__).parent)
