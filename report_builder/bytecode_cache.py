"""Compiled modules of report-builder itself, kept when Python is told not to write them.

With PYTHONDONTWRITEBYTECODE set, Python compiles every module of an
editable install from source on every run: 30 to 100 ms of a command that
should take a fraction of a second. So, only then and only for this
package, the compiled code is kept in report-builder's cache folder (never
beside the sources), each module checked against its source's size and
modification time the way Python checks its own `__pycache__`.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys
import zlib
from importlib.machinery import SOURCE_SUFFIXES, FileFinder, SourceFileLoader

from .cache_folder import cache_folder, write_atomically

_STAMP = struct.Struct("<qq")  # source modification time (ns) and size
_TAG = f"{sys.implementation.cache_tag}-{sys.hexversion:x}"


def keep_compiled_modules(package_folder: str) -> None:
    """Load this package's modules through the cache; its subpackages' folders too."""
    folder = cache_folder()
    if folder is None:
        return
    _CachingLoader.folder = os.path.join(folder, "bytecode", _TAG)
    for root in (package_folder, *(entry.path for entry in os.scandir(package_folder)
                                   if entry.is_dir() and os.path.isfile(os.path.join(entry.path, "__init__.py")))):
        sys.path_importer_cache[root] = FileFinder(root, (_CachingLoader, SOURCE_SUFFIXES))


class _CachingLoader(SourceFileLoader):
    folder = ""

    def get_code(self, fullname):
        source = self.get_filename(fullname)
        try:
            status = os.stat(source)
        except OSError:
            return super().get_code(fullname)
        stamp = _STAMP.pack(status.st_mtime_ns, status.st_size)
        cached = os.path.join(self.folder, f"{fullname}-{zlib.crc32(os.fsencode(source)):08x}.bin")
        try:
            with open(cached, "rb") as file:
                data = file.read()
            if data[: _STAMP.size] == stamp:
                return marshal.loads(data[_STAMP.size :])
        except (OSError, EOFError, ValueError, TypeError):
            pass
        code = super().get_code(fullname)
        write_atomically(cached, stamp + marshal.dumps(code))
        return code
