"""Checking a layout's TrueType files before anything measures or embeds them.

The plans read advance widths with fontTools and the PDF embeds the files
with reportlab; a truncated or junk file would fail deep inside either, in
a worker, as an internal error. This reads only the table directory and the
few tables both rely on (pure Python, no import of either library, so
`check` stays light) and says what is wrong in the user's words.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

REQUIRED_TABLES = (b"cmap", b"head", b"hhea", b"hmtx", b"maxp", b"loca", b"glyf", b"name", b"post")
_HEAD_MAGIC = 0x5F0F3CF5


class FontProblem(Exception):
    """What is wrong with a font file, as a predicate: 'is truncated', 'has no character map'."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def check_truetype(read: Callable[[int, int], bytes], size: int) -> None:
    """Raise FontProblem unless the file of `size` bytes is a TrueType (glyf) font whose tables are all
    within it; `read(offset, length)` gives its bytes there (fewer at its end), so only the table
    directory and the tables checked are read, not the megabytes of outlines."""
    header = read(0, 12) if size else b""
    if len(header) < 12:
        raise FontProblem("is not a TrueType font (it is too short)" if header else "is empty")
    version = header[:4]
    if version in (b"OTTO",):
        raise FontProblem("is an OpenType font with PostScript (CFF) outlines; the PDF can only embed TrueType "
                          "(glyf) fonts: use the .ttf version")
    if version in (b"ttcf",):
        raise FontProblem("is a TrueType collection (.ttc); give one .ttf file per style")
    if version in (b"wOFF", b"wOF2"):
        raise FontProblem("is a web font (WOFF); give the .ttf file")
    if version not in (b"\x00\x01\x00\x00", b"true"):
        raise FontProblem("is not a TrueType font (.ttf)")
    (count,) = struct.unpack(">H", header[4:6])
    directory = read(12, 16 * count) if count and 12 + 16 * count <= size else b""
    if count == 0 or len(directory) < 16 * count:
        raise FontProblem("is truncated or damaged (its table directory is incomplete)")
    tables: dict[bytes, tuple[int, int]] = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", directory[16 * index:16 * index + 16])
        if offset + length > size:
            raise FontProblem(f"is truncated: its '{tag.decode('latin-1').strip()}' table ends past the end of the file")
        tables[tag] = (offset, length)
    missing = [tag.decode() for tag in REQUIRED_TABLES if tag not in tables]
    if missing:
        raise FontProblem(f"lacks the table{'s' * (len(missing) > 1)} {', '.join(missing)} a PDF font needs")
    head = _table(read, tables, b"head", 54)
    magic, units = struct.unpack(">I", head[12:16])[0], struct.unpack(">H", head[18:20])[0]
    if magic != _HEAD_MAGIC or not 16 <= units <= 16384:
        raise FontProblem("is damaged (its 'head' table is not a font header)")
    (glyphs,) = struct.unpack(">H", _table(read, tables, b"maxp", 6)[4:6])
    (metrics,) = struct.unpack(">H", _table(read, tables, b"hhea", 36)[34:36])
    if glyphs == 0 or metrics == 0 or metrics > glyphs:
        raise FontProblem("is damaged (its glyph counts disagree)")
    if tables[b"hmtx"][1] < 4 * metrics + 2 * (glyphs - metrics):
        raise FontProblem("is truncated or damaged (its 'hmtx' table is too short)")
    _check_cmap(_table(read, tables, b"cmap", 4))


def _table(read: Callable[[int, int], bytes], tables: dict[bytes, tuple[int, int]], tag: bytes,
           minimum: int) -> bytes:
    offset, length = tables[tag]
    if length < minimum:
        raise FontProblem(f"is damaged (its '{tag.decode()}' table is too short)")
    data = read(offset, length)
    if len(data) < length:
        raise FontProblem(f"is truncated: its '{tag.decode()}' table ends past the end of the file")
    return data


def _check_cmap(cmap: bytes) -> None:
    (count,) = struct.unpack(">H", cmap[2:4])
    if 4 + 8 * count > len(cmap):
        raise FontProblem("is damaged (its character map is cut short)")
    usable = False
    for index in range(count):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * index:12 + 8 * index])
        if offset + 4 > len(cmap):
            raise FontProblem("is damaged (its character map points past its end)")
        subtable_format = struct.unpack(">H", cmap[offset:offset + 2])[0]
        if (platform, encoding) in ((3, 1), (3, 10), (0, 3), (0, 4), (0, 6)) or platform == 0:
            usable = usable or subtable_format in (4, 12)
    if not usable:
        raise FontProblem("has no Unicode character map, so no text can be set in it")
