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
import zipfile
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
    date_time = zip_date_time(stamp)
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 0
            info.external_attr = 0
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data, compresslevel=6)
    with open(path, "r+b") as handle:
        handle.truncate(0)
        handle.write(buffer.getbuffer())
