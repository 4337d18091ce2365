"""Advance widths from the theme's TrueType files, read when a text first needs them.

The plans measure text with the same files the PDF embeds and whose metrics
Office renders (Liberation Sans has Arial's widths). A file is read only
when a character is measured in it, so a brief without Hangul never reads
the 4.6 MB NanumGothic files. Parsing a font with fontTools costs 5–80 ms
(and 80 ms more to import fontTools), so the widths are also kept in a small
file in the user's cache folder, named by the SHA-256 of the font's bytes:
an edited font has another name, and a cache that cannot be read or written
only means parsing again.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
from array import array
from pathlib import Path

from ..cache_folder import CACHE_FOLDER_ENV, cache_folder, write_atomically

__all__ = ["CACHE_FOLDER_ENV", "FontFile", "font_file"]

_MAGIC = b"RBwidth1"
_HEADER = struct.Struct("<8sHiI")  # magic, units per em, .notdef advance (-1: none), glyph count


class FontFile:
    """Codepoint to advance width in ems, and the width of the missing-glyph box."""

    def __init__(self, path: Path):
        self.path = path
        self._advances: dict[int, float] | None = None
        self._missing = 0.5

    @property
    def advances(self) -> dict[int, float]:
        if self._advances is None:
            self._load()
        return self._advances

    @property
    def missing(self) -> float:
        if self._advances is None:
            self._load()
        return self._missing

    def covers(self, char: str) -> bool:
        return ord(char) in self.advances

    def advance(self, char: str) -> float | None:
        return self.advances.get(ord(char))

    def _load(self) -> None:
        data = self.path.read_bytes()
        cache = _cache_file(hashlib.sha256(data).hexdigest())
        table = _read_cache(cache) if cache else None
        if table is None:
            table = _parse(data)
            if cache:
                _write_cache(cache, table)
        units, notdef, codes, widths = table
        self._advances = {code: width / units for code, width in zip(codes, widths)}
        self._missing = notdef / units if notdef >= 0 else 0.5


_files: dict[tuple, FontFile] = {}


def font_file(path: Path) -> FontFile:
    """The widths of the file at `path`; the same object until the file changes on disk."""
    try:
        status = os.stat(path)
        key = (path, status.st_size, status.st_mtime_ns, status.st_ino)
    except OSError:
        key = (path,)
    found = _files.get(key)
    if found is None:
        found = _files[key] = FontFile(path)
    return found


def _parse(data: bytes) -> tuple[int, int, array, array]:
    from io import BytesIO

    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(data), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    codes, widths = array("I"), array("H")
    for code, glyph in font.getBestCmap().items():
        if glyph in metrics:
            codes.append(code)
            widths.append(metrics[glyph][0])
    notdef = metrics[".notdef"][0] if ".notdef" in metrics else -1
    font.close()
    return units, notdef, codes, widths


def _cache_file(digest: str) -> Path | None:
    folder = cache_folder()
    return Path(folder) / "font-widths" / f"{digest}.bin" if folder else None


def _read_cache(path: Path) -> tuple[int, int, array, array] | None:
    try:
        data = path.read_bytes()
        magic, units, notdef, count = _HEADER.unpack_from(data)
    except (OSError, struct.error):
        return None
    if magic != _MAGIC or units <= 0 or len(data) != _HEADER.size + count * 6:
        return None
    codes, widths = array("I"), array("H")
    codes.frombytes(data[_HEADER.size : _HEADER.size + count * 4])
    widths.frombytes(data[_HEADER.size + count * 4 :])
    if sys.byteorder == "big":
        codes.byteswap()
        widths.byteswap()
    return units, notdef, codes, widths


def _write_cache(path: Path, table: tuple[int, int, array, array]) -> None:
    """Written to a private temporary file and renamed, so a reader never sees half a table."""
    units, notdef, codes, widths = table
    if codes.itemsize != 4 or widths.itemsize != 2:
        return
    if sys.byteorder == "big":
        codes, widths = array("I", codes), array("H", widths)
        codes.byteswap()
        widths.byteswap()
    data = _HEADER.pack(_MAGIC, units, notdef, len(codes)) + codes.tobytes() + widths.tobytes()
    write_atomically(str(path), data)
