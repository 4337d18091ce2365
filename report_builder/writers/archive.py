"""Byte-identical .docx and .pptx: fixed zip entry metadata.

python-docx and python-pptx stamp every zip entry with the current time and
the platform's file attributes, so two builds of the same brief differ. This
rewrites the package with the entries in the order they were written and the
same timestamp, attributes and compression on every run and every machine.

The entries carry the brief's date at noon. A zip entry can only hold years
1980 to 2107, so a brief dated outside them gets the nearest of those
(the document's own date, in its properties and text, stays as written).
The new package is built in memory and written in one go, so a full disk
fails cleanly instead of leaving a zip file half-closed.
"""

from __future__ import annotations

import datetime as _dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

ZIP_YEARS = (1980, 2107)


def zip_date_time(stamp: _dt.date) -> tuple[int, int, int, int, int, int]:
    """The entries' timestamp: the brief's date at noon, within the years a zip entry can hold."""
    if stamp.year < ZIP_YEARS[0]:
        return (ZIP_YEARS[0], 1, 1, 12, 0, 0)
    if stamp.year > ZIP_YEARS[1]:
        return (ZIP_YEARS[1], 12, 31, 12, 0, 0)
    return (stamp.year, stamp.month, stamp.day, 12, 0, 0)


def save_package(package, path: Path) -> None:
    """Save a python-docx Document or python-pptx Presentation: in memory first, then one write.

    Saving straight to the file leaves python-docx's zip open when a write
    fails (a full disk), and Python then prints its error a second time.
    """
    buffer = io.BytesIO()
    package.save(buffer)
    with open(path, "wb") as handle:
        handle.write(buffer.getbuffer())


def normalize_zip(path: Path, stamp: _dt.date) -> None:
    """Rewrite the package at `path` with fixed entry metadata, keeping each entry's compressed bytes.

    python-docx and python-pptx compress with zlib's default level, the level
    used here, so an entry's deflated bytes are already what they would be
    compressed again: they are copied as they are (compressing every part a
    second time was about 7 ms of each Office output). An entry stored or
    compressed otherwise is compressed here.
    """
    data = path.read_bytes()
    time, date = _dos_time(zip_date_time(stamp))
    out = io.BytesIO()
    central = []
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = source.infolist()
        if len(entries) >= 0xFFFF or len(data) >= _ZIP64_ABOVE:
            _recompressed(path, source, stamp)
            return
        for info in entries:
            name = info.filename.encode("ascii" if info.filename.isascii() else "utf-8")
            flags = 0 if info.filename.isascii() else _UTF8_NAME
            if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & ~_UTF8_NAME & 0xFFFF:
                deflated = _raw(data, info)
            else:
                compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                deflated = compressor.compress(source.read(info)) + compressor.flush()
            offset = out.tell()
            out.write(_LOCAL.pack(b"PK\x03\x04", 20, 0, flags, zipfile.ZIP_DEFLATED, time, date, info.CRC,
                                  len(deflated), info.file_size, len(name), 0))
            out.write(name)
            out.write(deflated)
            central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 0, 20, 0, flags, zipfile.ZIP_DEFLATED, time, date,
                                         info.CRC, len(deflated), info.file_size, len(name), 0, 0, 0, 0,
                                         _PERMISSIONS, offset) + name)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(central), len(central), out.tell() - start, start, 0))
    with open(path, "r+b") as handle:
        handle.truncate(0)
        handle.write(out.getbuffer())


_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8_NAME = 0x800
_PERMISSIONS = 0o600 << 16
"""What Python's zipfile gives an entry written with no attributes: the packages kept this since it wrote them."""


_ZIP64_ABOVE = 1 << 31
"""A package this large (or with this many parts) may need zip64 records: zipfile writes it."""


def _recompressed(path: Path, source: zipfile.ZipFile, stamp: _dt.date) -> None:
    """The package rewritten by zipfile, every entry compressed again: what normalize_zip does, slowly."""
    entries = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=zip_date_time(stamp))
            info.create_system = 0
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data, compresslevel=6)
    with open(path, "r+b") as handle:
        handle.truncate(0)
        handle.write(buffer.getbuffer())


def _dos_time(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


def _raw(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """An entry's compressed bytes, as they are in the package."""
    header = _LOCAL.unpack_from(data, info.header_offset)
    start = info.header_offset + _LOCAL.size + header[10] + header[11]
    return data[start:start + info.compress_size]
