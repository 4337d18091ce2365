"""Checking a layout's reference.docx and template.pptx before a writer opens them.

python-docx and python-pptx fail on a damaged or foreign package with errors
that name neither the file nor the problem (and, in a worker process, with
ones that cannot even be passed back). This reads the package with zipfile
and ElementTree only (no output library, so `check` stays light), refusing
what could exhaust memory before anything is decompressed: a zip bomb's
declared sizes and ratios are looked at first.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree

MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
RATIO_FROM_BYTES = 1_000_000
"""XML compresses about 10 to 1; a member over RATIO_FROM_BYTES claiming far more is a zip bomb."""

WORD = "Word document (.docx)"
POWERPOINT = "PowerPoint presentation (.pptx)"
MAIN_TYPES = {
    WORD: {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    },
    POWERPOINT: {
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    },
}
_OTHER_MAIN = {
    "wordprocessingml.template": "a Word template (.dotx); save it as a .docx document",
    "ms-word.document.macroEnabled": "a macro-enabled Word document (.docm); save it as .docx",
    "ms-word.template.macroEnabled": "a macro-enabled Word template (.dotm); save it as .docx",
    "wordprocessingml": "a Word document, not a PowerPoint presentation",
    "presentationml": "a PowerPoint presentation, not a Word document",
    "spreadsheetml": "an Excel workbook",
}
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class PackageProblem(Exception):
    """What is wrong with a package, as a predicate: 'is not a zip package', 'is damaged'."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def check_package(data: bytes, kind: str) -> None:
    """Raise PackageProblem unless `data` is a sound package of `kind` (WORD or POWERPOINT)."""
    if not data:
        raise PackageProblem("is empty")
    if not data.startswith(b"PK"):
        raise PackageProblem(f"is not a {kind}: it is not a zip package{_looks_like(data)}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_sizes(members)
            names = {info.filename for info in members}
            if len(names) != len(members):
                twice = next(info.filename for index, info in enumerate(members)
                             if any(other.filename == info.filename for other in members[:index]))
                raise PackageProblem(f"is damaged: it holds two parts named '{twice}'; save it again from "
                                     f"{_app(kind)}")
            main = _main_part(archive, names, kind)
            for info in members:
                if info.filename.endswith((".xml", ".rels")) or info.filename == main:
                    tree = _parse(archive, info)
                    if info.filename.endswith(".rels"):
                        _check_targets(info.filename, tree, names, kind)
    except PackageProblem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError, RuntimeError,
            NotImplementedError) as exc:
        raise PackageProblem(f"is damaged or truncated ({_short(exc)}); save it again from {_app(kind)}") from None


def word_page(data: bytes) -> dict[str, float]:
    """What a checked reference.docx sets of its page, in points: width, height and the four margins.

    From its last section (the body's own), which the Word brief's text is
    set in; a value it leaves out is absent (the theme's is used).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        main = _main_part(archive, set(archive.namelist()), WORD)
        body = ElementTree.fromstring(archive.read(main)).find(f"{_W}body")
    section = body.find(f"{_W}sectPr") if body is not None else None
    found: dict[str, float] = {}
    if section is None:
        return found
    for tag, names in (("pgSz", {"w": "width", "h": "height"}),
                       ("pgMar", {"top": "top", "bottom": "bottom", "left": "left", "right": "right"})):
        element = section.find(f"{_W}{tag}")
        for attribute, name in names.items():
            value = element.get(f"{_W}{attribute}") if element is not None else None
            try:
                found[name] = int(value) / 20  # twentieths of a point
            except (TypeError, ValueError):
                pass
    return found


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise PackageProblem(f"holds {len(members):,} parts; a {WORD} or presentation has far fewer")
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or (info.file_size > RATIO_FROM_BYTES
                                                                             and ratio > MAX_RATIO):
            raise PackageProblem(f"would expand to more than its parts could hold ('{info.filename}' unpacks to "
                                 f"{info.file_size:,} bytes): it looks like a zip bomb")
        if info.flag_bits & 0x1:
            raise PackageProblem("is encrypted (password-protected); save an unprotected copy")


def _main_part(archive: zipfile.ZipFile, names: set[str], kind: str) -> str:
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise PackageProblem(f"is a zip file but not a {kind} (it lacks the parts every Office file has)")
    rels = _parse(archive, archive.getinfo("_rels/.rels"))
    target = next((rel.get("Target", "") for rel in rels.iter(f"{_RELS}Relationship")
                   if rel.get("Type") == _OFFICE_DOCUMENT), None)
    if target is None:
        raise PackageProblem(f"is not a {kind} (it names no main document)")
    part = posixpath.normpath(target.lstrip("/"))
    if part not in names:
        raise PackageProblem(f"is damaged: its main document '{part}' is missing")
    types = _parse(archive, archive.getinfo("[Content_Types].xml"))
    content_type = next((o.get("ContentType", "") for o in types.iter(f"{_CT}Override")
                         if o.get("PartName", "").lstrip("/") == part), "")
    if content_type not in MAIN_TYPES[kind]:
        what = next((text for key, text in _OTHER_MAIN.items() if key in content_type), "another kind of file")
        raise PackageProblem(f"is {what}; a layout needs a {kind} here")
    return part


def _check_targets(rels_name: str, rels: ElementTree.Element, names: set[str], kind: str) -> None:
    """Every part a relationship names is in the package (python-docx and python-pptx fail on one missing)."""
    folder = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/document.xml.rels -> word
    for rel in rels.iter(f"{_RELS}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target or "://" in target or target.startswith("#"):
            continue
        path = unquote(target.split("#", 1)[0])
        part = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path))
        if part not in names:
            source = rels_name.replace("_rels/", "").removesuffix(".rels") or "the package"
            raise PackageProblem(f"is damaged: '{source}' refers to a part '{part}' that it does not hold; save it "
                                 f"again from {_app(kind)}")


def _parse(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> ElementTree.Element:
    data = archive.read(info)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise PackageProblem(f"holds a part with a document type declaration ('{info.filename}'), which Office "
                             "files never have")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise PackageProblem(f"is damaged: its part '{info.filename}' is not well-formed XML ({exc})") from None


def _looks_like(data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return " (it is an old binary Office file, .doc or .ppt; save it in the new format)"
    if data.startswith(b"%PDF"):
        return " (it is a PDF)"
    return ""


def _app(kind: str) -> str:
    return "Word" if kind == WORD else "PowerPoint"


def _short(exc: Exception) -> str:
    return (str(exc) or type(exc).__name__)[:120]
