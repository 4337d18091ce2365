"""What a template.pptx gives the deck plan: its slide size and the boxes of its placeholders.

A corporate template may be 4:3 or 16:9 and place its title and body
anywhere; the plan measures text in the boxes the template really has, so
the deck fits whatever template it is built on. Read with zipfile and
ElementTree (a few milliseconds, and no python-pptx, so the plan stays free
of output libraries). A layout's placeholder without a position inherits the
master's placeholder of the same kind, as PowerPoint does.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .plan.slide_boxes import Rect, TemplateBoxes

_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_EMU_PER_POINT = 12700

CONTENT_LAYOUT = "Title and Content"
TITLE_LAYOUT = "Title Slide"

_TITLE_TYPES = ("title", "ctrTitle")
_BODY_TYPES = ("body", "obj", "subTitle")
_FOOTER_TYPES = ("dt", "ftr", "sldNum")


def read_template_boxes(path: Path) -> TemplateBoxes | None:
    """The template's slide size and placeholder boxes, or None when the file cannot be read as a deck."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _Reader(archive).boxes()
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return None


class _Reader:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive

    def boxes(self) -> TemplateBoxes | None:
        presentation = self._xml("ppt/presentation.xml")
        size = presentation.find(f"{_P}sldSz")
        if size is None:
            return None
        width, height = _points(size.get("cx")), _points(size.get("cy"))
        master_id = presentation.find(f"{_P}sldMasterIdLst/{_P}sldMasterId")
        if master_id is None:
            return TemplateBoxes(width, height)
        master_path = self._target("ppt/presentation.xml", master_id.get(f"{_R}id"))
        master = _placeholders(self._xml(master_path))
        layouts = {}
        for layout_path in self._targets(master_path, "slideLayout"):
            layout = self._xml(layout_path)
            name = layout.find(f"{_P}cSld")
            layouts.setdefault(name.get("name", "") if name is not None else "", _placeholders(layout))
        content = layouts.get(CONTENT_LAYOUT, {})
        cover = layouts.get(TITLE_LAYOUT, {})

        def box(places: dict, types: tuple[str, ...], idx: str | None = None) -> Rect | None:
            for (kind, index), rect in places.items():
                if kind in types and (idx is None or index == idx) and rect is not None:
                    return rect
            for (kind, index), rect in places.items():
                if kind in types and (idx is None or index == idx):
                    return _inherited(master, kind)
            return None

        footer = [rect for rect in (_inherited(master, kind) for kind in _FOOTER_TYPES) if rect is not None]
        return TemplateBoxes(
            width=width,
            height=height,
            title=box(content, _TITLE_TYPES) or _inherited(master, "title"),
            body=box(content, _BODY_TYPES, "1") or box(content, _BODY_TYPES) or _inherited(master, "body"),
            footer=_union(footer) if footer else None,
            cover_title=box(cover, _TITLE_TYPES),
            cover_subtitle=box(cover, ("subTitle", "body", "obj")),
        )

    def _xml(self, name: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.archive.read(name))

    def _rels(self, part: str) -> list[ElementTree.Element]:
        folder, name = posixpath.split(part)
        try:
            return list(self._xml(posixpath.join(folder, "_rels", name + ".rels")))
        except KeyError:
            return []

    def _target(self, part: str, r_id: str | None) -> str:
        for rel in self._rels(part):
            if rel.get("Id") == r_id:
                return posixpath.normpath(posixpath.join(posixpath.dirname(part), rel.get("Target", "")))
        raise KeyError(r_id)

    def _targets(self, part: str, kind: str) -> list[str]:
        return [posixpath.normpath(posixpath.join(posixpath.dirname(part), rel.get("Target", "")))
                for rel in self._rels(part) if rel.get("Type", "").endswith("/" + kind)]


def _placeholders(root: ElementTree.Element) -> dict[tuple[str, str], Rect | None]:
    """(type, idx) of each placeholder shape to its box, None where the shape inherits its position."""
    places: dict[tuple[str, str], Rect | None] = {}
    tree = root.find(f"{_P}cSld/{_P}spTree")
    if tree is None:
        return places
    for shape in tree.iter(f"{_P}sp"):
        ph = shape.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
        if ph is None:
            continue
        key = (ph.get("type", "obj"), ph.get("idx", "0"))
        places.setdefault(key, _rect(shape.find(f"{_P}spPr/{_A}xfrm")))
    return places


def _inherited(master: dict[tuple[str, str], Rect | None], kind: str) -> Rect | None:
    """The master's box for a placeholder kind (a centred title is a title, a subtitle or content is body)."""
    wanted = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(kind, kind)
    return next((rect for (each, _), rect in master.items() if each == wanted and rect is not None), None)


def _rect(xfrm: ElementTree.Element | None) -> Rect | None:
    if xfrm is None:
        return None
    offset, extent = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
    if offset is None or extent is None:
        return None
    return Rect(_points(offset.get("x")), _points(offset.get("y")), _points(extent.get("cx")),
                _points(extent.get("cy")))


def _union(rects: list[Rect]) -> Rect:
    left, top = min(r.x for r in rects), min(r.y for r in rects)
    return Rect(left, top, max(r.right for r in rects) - left, max(r.bottom for r in rects) - top)


def _points(emu: str | None) -> float:
    return int(emu or 0) / _EMU_PER_POINT
