"""Byte-identical .docx and .pptx: fixed zip entry metadata.

python-docx and python-pptx stamp every zip entry with the current time and
the platform's file attributes, so two builds of the same brief differ. This
rewrites the package with the entries in the order they were written and the
same timestamp, attributes and compression on every run and every machine.
"""

from __future__ import annotations

import datetime as _dt
import zipfile
from pathlib import Path


def normalize_zip(path: Path, stamp: _dt.date) -> None:
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, 12, 0, 0)
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.create_system = 0
            info.external_attr = 0
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data, compresslevel=6)
