"""Deck plan to a PowerPoint deck (.pptx) with python-pptx.

The plan has measured and placed every text box; this writer only
serializes: it writes each box at the planned position with autofit off,
word wrap on, explicit insets, line spacing, paragraph spacing, sizes and
fonts, so PowerPoint and LibreOffice lay the text out as it was measured.
Slide layouts come from the layout's `template.pptx` by name; a layout the
user's template lacks is borrowed from the default template with a warning,
the way pandoc treats reference decks.
"""

from __future__ import annotations

import io
from copy import deepcopy
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.dml.color import RGBColor
from pptx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import _nsmap, qn
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.parts.slide import NotesSlidePart, SlideLayoutPart, SlidePart
from pptx.util import Emu, Pt

from ..errors import Location, UsageError
from ..model import Brief
from ..plan.deck import Deck, Picture, Slide, plan_deck
from ..plan.deck_data import SlideChart, SlideTable
from ..plan.deck_layout import TEXT_INSET_X, TEXT_INSET_Y, Anchor, Rect, Role, TextFrame, TextPara
from ..plan.deck_timeline import Bar, Dot, Segment
from ..plan.measure import line_pitch
from ..layouts import DEFAULT_LAYOUT, builtin_layouts_dir
from ..slide_template import read_template_boxes
from .pptx_data import add_chart, add_table
from ..theme import TEMPLATE_PPTX, Theme
from .archive import save_package
from .pptx_scheme import follow_theme
from .office_names import remember_names
from .office_xpath import compile_once

compile_once(BaseOxmlElement, _nsmap)
remember_names("pptx", qn)

_EMU_PER_POINT = 12700
_Q = {tag: qn(tag) for tag in (
    "a:p", "a:pPr", "a:buClr", "a:srgbClr", "a:buFont", "a:buAutoNum", "a:buChar", "a:buNone", "a:fld", "a:r",
    "a:t", "a:hlinkClick", "r:id", "a:rPr", "a:endParaRPr", "a:solidFill", "a:latin", "a:ea", "a:cs",
    "a:lnSpc", "a:spcBef", "a:spcAft", "a:spcPts")}
"""Qualified names, made once: python-pptx's qn() is a noticeable share of writing every run of text."""
_SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
_ANCHORS = {Anchor.TOP: MSO_ANCHOR.TOP, Anchor.MIDDLE: MSO_ANCHOR.MIDDLE, Anchor.BOTTOM: MSO_ANCHOR.BOTTOM}
_PLACEHOLDER_ROLES = {
    PP_PLACEHOLDER.TITLE: Role.TITLE,
    PP_PLACEHOLDER.CENTER_TITLE: Role.TITLE,
    PP_PLACEHOLDER.SUBTITLE: Role.SUBTITLE,
    PP_PLACEHOLDER.BODY: Role.BODY,
    PP_PLACEHOLDER.OBJECT: Role.BODY,
}
_SHAPE_NAMES = {
    Role.TITLE: "Title", Role.SUBTITLE: "Subtitle", Role.BODY: "Text", Role.CAPTION: "Caption",
    Role.KICKER: "Section Name", Role.LABEL: "Timeline Label", Role.AXIS: "Timeline Date", Role.BANNER: "Classification", Role.FOOTER: "Footer",
    Role.SLIDE_NUMBER: "Slide Number",
}


def render(brief: Brief, theme: Theme, target: Path, warn) -> None:
    template = theme.template_pptx or default_template()
    deck = plan_deck(brief, theme, read_template_boxes(template))
    for notice in deck.notices:
        warn(notice.location, notice.path, notice.message)
    prs = _open_template(theme, deck, warn)
    _DeckWriter(prs, deck, theme).write()
    save_package(prs, target)


def default_template() -> Path:
    return builtin_layouts_dir() / DEFAULT_LAYOUT / TEMPLATE_PPTX


def _open_template(theme: Theme, deck: Deck, warn):
    """The layout's template without its slides, holding every layout the deck uses."""
    path = theme.template_pptx or default_template()
    prs = Presentation(str(path))
    _remove_slides(prs)
    follow_theme(prs, theme)
    prs.part.package.next_partname = _PartNames(prs.part.package)
    names = {layout.name for layout in prs.slide_layouts}
    missing = [name for name in deck.layouts if name not in names]
    if not missing:
        return prs
    fallback = default_template()
    if path.resolve() == fallback.resolve():
        raise UsageError(f"{path}: the default template has no slide layout named '{missing[0]}'")
    default = Presentation(str(fallback))
    for name in missing:
        warn(Location(theme.shown(path), 1, 1), TEMPLATE_PPTX,
             f"no slide layout named '{name}'; using the default template's '{name}' layout")
        _borrow_layout(prs, default.slide_layouts.get_by_name(name))
    return prs


def _remove_slides(prs) -> None:
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)


class _PartNames:
    """python-pptx's `next_partname`, answered from the names seen once instead of a walk per call.

    The library walks every part of the package for each new part, so giving
    every slide its notes slide grew with the square of the slide count. The
    search is the library's own, so every part keeps the name it had.
    """

    def __init__(self, package):
        self._package = package
        self._taken: dict[str, set[str]] = {}

    def __call__(self, template: str) -> PackURI:
        prefix = template[: (template % 42).find("42")]
        taken = self._taken.get(prefix)
        if taken is None:
            taken = {str(p.partname) for p in self._package.iter_parts() if p.partname.startswith(prefix)}
            self._taken[prefix] = taken
        number = len(taken) + 1
        while template % number in taken:
            number -= 1
        taken.add(template % number)
        return PackURI(template % number)


def _borrow_layout(prs, layout) -> None:
    """Copy a slide layout from another deck under this deck's first master."""
    package = prs.part.package
    partname = package.next_partname("/ppt/slideLayouts/slideLayout%d.xml")
    part = SlideLayoutPart.load(partname, CT.PML_SLIDE_LAYOUT, package, etree.tostring(layout._element))
    master = prs.slide_masters[0]
    part.relate_to(master.part, RT.SLIDE_MASTER)
    r_id = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    id_list = master._element.get_or_add_sldLayoutIdLst()
    used = [int(e.get("id")) for e in prs.part._element.iter(qn("p:sldMasterId"))]
    for each in prs.slide_masters:
        used += [int(e.get("id")) for e in each._element.iter(qn("p:sldLayoutId"))]
    entry = etree.SubElement(id_list, qn("p:sldLayoutId"))
    entry.set("id", str(max(used) + 1))
    entry.set(qn("r:id"), r_id)


def _emu(points: float) -> Emu:
    return Emu(round(points * _EMU_PER_POINT))


class _DeckWriter:
    def __init__(self, prs, deck: Deck, theme: Theme):
        self.prs = prs
        self.deck = deck
        self.theme = theme
        self.layouts = {layout.name: layout for layout in prs.slide_layouts}
        self.latin = theme.text_font.name
        self.east_asian = theme.fallback_fonts[0].name if theme.fallback_fonts else theme.text_font.name
        self._layout_trees: dict[str, object] = {}
        self._notes_tree = None
        self._notes_master = None       # looked up once: each lookup walks every relationship of the deck
        ids = [int(entry.get("id")) for entry in prs.slides._sldIdLst.findall(qn("p:sldId"))]
        self._next_slide_id = max([255, *ids]) + 1

    def _add_slide(self, layout):
        """python-pptx's `Slides.add_slide` without its two walks over every slide so far.

        The library looks for an existing relationship to the new slide and
        computes the next slide id from all of them, for every slide: the deck
        writer grew with the square of the slide count. A new slide has no
        relationship yet, and slide ids are handed out in order, as the
        library would. It also clones the layout's placeholders shape by shape
        for every slide; every new slide of a layout gets the same shapes (ids
        and names included), so a copy of the first slide's is the same XML.
        """
        part = self.prs.part
        slide_part = SlidePart.new(part._next_slide_partname, part.package, layout.part)
        r_id = part.rels._add_relationship(RT.SLIDE, slide_part)
        slide = slide_part.slide
        cached = self._layout_trees.get(layout.part.partname)
        if cached is None:
            slide.shapes.clone_layout_placeholders(layout)
            self._layout_trees[layout.part.partname] = deepcopy(slide._element.cSld.spTree)
        else:
            tree = slide._element.cSld.spTree
            tree.getparent().replace(tree, deepcopy(cached))
        self.prs.slides._sldIdLst._add_sldId(id=self._next_slide_id, rId=r_id)
        self._next_slide_id += 1
        return slide

    def write(self) -> None:
        grid = self.deck.grid
        self.prs.slide_width = _emu(grid.slide.width)
        self.prs.slide_height = _emu(grid.slide.height)
        for slide in self.deck.slides:
            self._slide(slide)
        self._properties()

    def _properties(self) -> None:
        meta = self.deck.metadata.for_office()
        props = self.prs.core_properties
        props.title = meta.title
        props.subject = meta.subject
        props.author = meta.author
        props.last_modified_by = meta.author
        props.category = meta.category
        props.keywords = ", ".join(meta.keywords)
        props.language = meta.language
        props.revision = 1
        created = meta.created.replace(tzinfo=None)
        props.created = created
        props.modified = created

    def _notes(self, slide, text: str) -> None:
        """The slide's notes slide holding `text`; made as python-pptx makes it, its placeholders cloned once."""
        if self._notes_tree is None:
            notes = slide.notes_slide
            self._notes_tree = deepcopy(notes._element.cSld.spTree)
            self._notes_master = self.prs.part.notes_master_part
        else:
            package = self.prs.part.package
            part = NotesSlidePart._add_notes_slide_part(package, slide.part, self._notes_master)
            tree = part._element.cSld.spTree
            tree.getparent().replace(tree, deepcopy(self._notes_tree))
            slide.part.relate_to(part, RT.NOTES_SLIDE)
            notes = part.notes_slide
        notes.notes_text_frame.text = text

    def _slide(self, plan: Slide) -> None:
        slide = self._add_slide(self.layouts[plan.layout])
        placeholders = {}
        for shape in list(slide.placeholders):
            role = _PLACEHOLDER_ROLES.get(shape.placeholder_format.type)
            if role is not None and role not in placeholders:
                placeholders[role] = shape
            else:
                shape._element.getparent().remove(shape._element)
        count = len(slide.shapes)   # kept up to date below: counting the shapes again is slow on a busy slide
        # Each new shape's id is one more than the last one's, not found again by reading every id on the slide.
        slide.shapes.turbo_add_enabled = True
        for shape in plan.shapes:
            count += 1
            self._shape(slide, shape, count)
        for frame in plan.frames:
            target = placeholders.pop(frame.role, None)
            if target is None:
                target = slide.shapes.add_textbox(*self._xywh(frame.rect))
                count += 1
                target.name = f"{_SHAPE_NAMES[frame.role]} {count}"
            else:
                target.left, target.top, target.width, target.height = self._xywh(frame.rect)
            self._text(target, frame)
        for unused in placeholders.values():
            unused._element.getparent().remove(unused._element)
        if plan.notes:
            self._notes(slide, plan.notes)
            _keep_as_bytes(slide.part.part_related_by(RT.NOTES_SLIDE))
        _keep_as_bytes(slide.part)

    # Shapes

    def _shape(self, slide, shape, count: int) -> None:
        """Add one shape; `count`: how many shapes the slide has with it, for its name."""
        if isinstance(shape, Segment):
            line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _emu(shape.x1), _emu(shape.y1),
                                              _emu(shape.x2), _emu(shape.y2))
            _drop_style(line)
            line.line.color.rgb = RGBColor.from_string(shape.color)
            line.line.width = Pt(shape.weight)
            line.name = f"Timeline Line {count}"
        elif isinstance(shape, Dot):
            dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, *self._xywh(shape.rect))
            _drop_style(dot)
            dot.fill.solid()
            dot.fill.fore_color.rgb = RGBColor.from_string(shape.color)
            dot.line.color.rgb = RGBColor.from_string(shape.outline)
            dot.line.width = Pt(1.5)
            dot.name = f"Timeline Marker {count}"
        elif isinstance(shape, Bar):
            bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *self._xywh(shape.rect))
            _drop_style(bar)
            bar.fill.solid()
            bar.fill.fore_color.rgb = RGBColor.from_string(shape.color)
            bar.line.fill.background()
            bar.name = f"Timeline Bar {count}"
        elif isinstance(shape, Picture):
            picture = slide.shapes.add_picture(io.BytesIO(shape.data), *self._xywh(shape.rect))
            picture._element.nvPicPr.cNvPr.set("descr", shape.alt)
            picture.name = f"Picture {count}"
        elif isinstance(shape, SlideTable):
            add_table(self, slide, shape)
        elif isinstance(shape, SlideChart):
            add_chart(self, slide, shape)

    @staticmethod
    def _xywh(rect: Rect):
        return _emu(rect.x), _emu(rect.y), _emu(rect.width), _emu(rect.height)

    # Text

    def _text(self, shape, frame: TextFrame) -> None:
        """The frame's text into a shape already placed at its rect."""
        if frame.fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = RGBColor.from_string(frame.fill)
        text_frame = shape.text_frame
        text_frame.word_wrap = True
        text_frame.auto_size = MSO_AUTO_SIZE.NONE
        text_frame.vertical_anchor = _ANCHORS[frame.anchor]
        body = text_frame._txBody
        # Written out even where they equal the defaults, so a template's master cannot change them.
        inset_x, inset_y = TEXT_INSET_X + frame.padding, TEXT_INSET_Y + frame.padding
        for name, value in (("lIns", inset_x), ("rIns", inset_x), ("tIns", inset_y), ("bIns", inset_y)):
            body.bodyPr.set(name, str(_emu(value)))
        body.bodyPr.set("vert", "horz")
        body.bodyPr.set("numCol", "1")
        for paragraph in body.findall(_Q["a:p"]):
            body.remove(paragraph)
        for para in frame.paras:
            body.append(self._paragraph(shape, para, frame.role))

    def _paragraph(self, shape, para: TextPara, role: Role):
        p = etree.Element(_Q["a:p"])
        props = etree.SubElement(p, _Q["a:pPr"])
        props.set("algn", para.align.value)
        props.set("marL", str(_emu(para.indent)))
        props.set("indent", str(-_emu(para.indent) if para.bullet else 0))
        _spacing(props, "a:lnSpc", line_pitch(para.size))
        _spacing(props, "a:spcBef", para.space_before)
        _spacing(props, "a:spcAft", 0)
        if para.bullet:
            color = etree.SubElement(props, _Q["a:buClr"])
            etree.SubElement(color, _Q["a:srgbClr"]).set("val", para.bullet_color or para.color)
            etree.SubElement(props, _Q["a:buFont"]).set("typeface", self.latin)
            if para.bullet[:-1].isdigit() and para.bullet.endswith("."):
                etree.SubElement(props, _Q["a:buAutoNum"], type="arabicPeriod", startAt=para.bullet[:-1])
            else:
                etree.SubElement(props, _Q["a:buChar"]).set("char", para.bullet)
        else:
            etree.SubElement(props, _Q["a:buNone"])
        for run in para.runs:
            if role is Role.SLIDE_NUMBER:
                element = etree.SubElement(p, _Q["a:fld"])
                element.set("id", _SLIDE_NUMBER_FIELD_ID)
                element.set("type", "slidenum")
            else:
                element = etree.SubElement(p, _Q["a:r"])
            run_props = self._run_properties(para.size, run.bold, run.italic, run.color or para.color)
            element.append(run_props)
            if run.href:
                r_id = shape.part.relate_to(run.href, RT.HYPERLINK, is_external=True)
                etree.SubElement(run_props, _Q["a:hlinkClick"]).set(_Q["r:id"], r_id)
            etree.SubElement(element, _Q["a:t"]).text = run.text
        p.append(self._run_properties(para.size, False, False, para.color, tag="a:endParaRPr"))
        return p

    def _run_properties(self, size: float, bold: bool, italic: bool, color: str, tag: str = "a:rPr"):
        props = etree.Element(_Q[tag])
        props.set("sz", str(round(size * 100)))
        props.set("b", "1" if bold else "0")
        props.set("i", "1" if italic else "0")
        props.set("cap", "none")
        props.set("spc", "0")
        props.set("baseline", "0")
        props.set("dirty", "0")
        fill = etree.SubElement(props, _Q["a:solidFill"])
        etree.SubElement(fill, _Q["a:srgbClr"]).set("val", color)
        etree.SubElement(props, _Q["a:latin"]).set("typeface", self.latin)
        etree.SubElement(props, _Q["a:ea"]).set("typeface", self.east_asian)
        etree.SubElement(props, _Q["a:cs"]).set("typeface", self.latin)
        return props


_PART_STATE = {"_partname", "_content_type", "_package", "rels", "_rels", "content_type", "package"}


def _keep_as_bytes(part) -> None:
    """A finished slide (or notes page) kept as its XML bytes instead of its element tree.

    python-pptx keeps every slide's lxml tree until the deck is saved, about
    250 kB a slide: a deck of 600 slides took 220 MB. The part is serialized
    now, by the function the save would use (the same bytes), and becomes a
    plain part holding them, with its relationships.
    """
    blob = part.blob
    state = vars(part)
    for key in [key for key in state if key not in _PART_STATE]:
        del state[key]
    part.__class__ = Part
    part._blob = blob


def _drop_style(shape) -> None:
    """No theme style on drawn shapes: they take only the colours set here, and no shadow."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def _spacing(props, tag: str, points: float) -> None:
    """Spacing in exact points (hundredths), rounded up so lines never come out tighter than measured."""
    element = etree.SubElement(props, _Q[tag])
    etree.SubElement(element, _Q["a:spcPts"]).set("val", str(-(-round(points * 1000) // 10)))
