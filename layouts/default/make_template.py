"""Make `template.pptx`, the default layout's reference deck (run at development time, not per build).

    python layouts/default/make_template.py

Starts from python-pptx's built-in template and makes it 16:9, keeps the
four layouts the deck uses (Title Slide, Title and Content, Title Only,
Blank), puts their placeholders on the deck's grid, names Arial and the
theme's colours in the Office theme, and adds the decorations (a band on
the title slide, a rule under slide titles). The writer places every text
box itself, so the template only gives the look. Its timestamps are fixed,
so running the script again gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from report_builder.plan.deck import LAYOUTS, LAYOUT_CONTENT, LAYOUT_TITLE, LAYOUT_TITLE_ONLY  # noqa: E402
from report_builder.plan.deck_layout import Rect, slide_grid  # noqa: E402
from report_builder.theme import load_theme  # noqa: E402
from report_builder.writers.pptx_scheme import SCHEME_NAME, restyle_scheme  # noqa: E402

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}
FIXED_TIME = dt.datetime(2024, 1, 1, 12, 0, 0)
TITLE_BAND_PT = 18


def main() -> None:
    theme = load_theme(HERE)
    grid = slide_grid(theme)
    prs = Presentation()
    prs.slide_width = _emu(grid.slide.width)
    prs.slide_height = _emu(grid.slide.height)
    for layout in list(prs.slide_layouts):
        if layout.name not in LAYOUTS:
            prs.slide_layouts.remove(layout)
    master = prs.slide_masters[0]
    _place_master(master, grid)
    _style_master(master, theme)
    for layout in prs.slide_layouts:
        _place_layout(layout, grid)
        if layout.name in (LAYOUT_CONTENT, LAYOUT_TITLE_ONLY):
            _add_rule(layout, grid)
        if layout.name == LAYOUT_TITLE:
            _add_band(layout, grid)
    _restyle_theme(master, theme)
    props = prs.core_properties
    props.title = "report-builder default template"
    props.author = "report-builder"
    props.last_modified_by = "report-builder"
    props.revision = 1
    props.created = props.modified = props.last_printed = FIXED_TIME
    buffer = io.BytesIO()
    prs.save(buffer)
    (HERE / "template.pptx").write_bytes(_fixed_zip_times(buffer.getvalue()))


def _emu(points: float) -> Emu:
    return Emu(round(points * 12700))


def _set_xfrm(shape, rect: Rect) -> None:
    shape.left, shape.top = _emu(rect.x), _emu(rect.y)
    shape.width, shape.height = _emu(rect.width), _emu(rect.height)


def _place_master(master, grid) -> None:
    row = grid.bottom_row
    third = row.width / 3
    places = {
        "title": grid.title,
        "body": grid.content,
        "dt": Rect(row.x, row.y, third, row.height),
        "ftr": Rect(row.x + third, row.y, third, row.height),
        "sldNum": Rect(row.x + 2 * third, row.y, third, row.height),
    }
    for shape in master.placeholders:
        kind = shape._element.ph_type
        name = {1: "title", 2: "body", 16: "dt", 15: "ftr", 13: "sldNum"}.get(int(kind), None)
        if name:
            _set_xfrm(shape, places[name])
        body = shape._element.find(".//a:bodyPr", NS)
        if body is not None:
            for child in list(body):
                body.remove(child)
            etree.SubElement(body, f"{{{A}}}noAutofit")
            if name == "title":
                body.set("anchor", "b")


def _place_layout(layout, grid) -> None:
    cover_title = Rect(grid.cover.x, grid.cover.y, grid.cover.width, grid.title.height * 1.5)
    cover_subtitle = Rect(grid.content.x, cover_title.bottom + 24, grid.content.width, grid.title.height)
    for shape in layout.placeholders:
        kind = int(shape._element.ph_type)
        if layout.name == LAYOUT_TITLE and kind == 3:  # centred title
            _set_xfrm(shape, cover_title)
            for para in shape._element.iter(f"{{{A}}}lvl1pPr"):
                para.set("algn", "l")
        elif layout.name == LAYOUT_TITLE and kind == 4:  # subtitle
            _set_xfrm(shape, cover_subtitle)
            for para in shape._element.iter(f"{{{A}}}lvl1pPr"):
                para.set("algn", "l")
        else:
            spPr = shape._element.find("p:spPr", NS)
            for xfrm in spPr.findall("a:xfrm", NS):
                spPr.remove(xfrm)


def _style_master(master, theme) -> None:
    """Title and body text styles in the theme's colours (every slide's text also sets them itself)."""
    styles = master._element.find("p:txStyles", NS)
    title = styles.find("p:titleStyle/a:lvl1pPr", NS)
    title.set("algn", "l")
    _def_run(title, theme.sizes.slide_title, theme.colors.primary, bold=True)
    for level, para in enumerate(styles.find("p:bodyStyle", NS)):
        if not para.tag.endswith("pPr"):
            continue
        size = max(theme.sizes.slide_body - 2 * level, theme.sizes.slide_body_min)
        _def_run(para, size, theme.colors.text)
        for old in para.findall("a:buFont", NS) + para.findall("a:buChar", NS) + para.findall("a:buClr", NS):
            para.remove(old)
        bullet_color = etree.Element(f"{{{A}}}buClr")
        etree.SubElement(bullet_color, f"{{{A}}}srgbClr", val=theme.colors.accent)
        para.insert(0, bullet_color)
        defaults = para.find("a:defRPr", NS)
        defaults.addprevious(etree.Element(f"{{{A}}}buFont", typeface="Arial"))
        defaults.addprevious(etree.Element(f"{{{A}}}buChar", char="•"))


def _def_run(para, size: float, color: str, bold: bool = False) -> None:
    defaults = para.find("a:defRPr", NS)
    defaults.set("sz", str(round(size * 100)))
    if bold:
        defaults.set("b", "1")
    for fill in defaults.findall("a:solidFill", NS):
        defaults.remove(fill)
    fill = etree.Element(f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=color)
    defaults.insert(0, fill)


def _add_rule(layout, grid) -> None:
    """The accent rule under the slide title."""
    xml = (
        f'<p:cxnSp xmlns:p="{P}" xmlns:a="{A}"><p:nvCxnSpPr><p:cNvPr id="90" name="Title Rule"/>'
        f'<p:cNvCxnSpPr/><p:nvPr userDrawn="1"/></p:nvCxnSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{_emu(grid.title.x + 7.2)}" y="{_emu(grid.rule_y)}"/>'
        f'<a:ext cx="{_emu(grid.title.width - 14.4)}" cy="0"/></a:xfrm>'
        f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="{_emu(1.5)}"><a:solidFill>'
        f'<a:schemeClr val="accent2"/></a:solidFill></a:ln></p:spPr></p:cxnSp>'
    )
    _insert_behind(layout, xml)


def _add_band(layout, grid) -> None:
    """A band of the primary colour down the left edge of the title slide."""
    xml = (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="91" name="Title Band"/><p:cNvSpPr/>'
        f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{_emu(TITLE_BAND_PT)}" cy="{_emu(grid.slide.height)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="tx2"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>'
    )
    _insert_behind(layout, xml)


def _insert_behind(layout, xml: str) -> None:
    tree = layout._element.find("p:cSld/p:spTree", NS)
    tree.find("p:grpSpPr", NS).addnext(etree.fromstring(xml))


def _restyle_theme(master, theme) -> None:
    """The Office theme: named "Report Builder", so builds keep its colours and fonts in step with theme.yaml."""
    part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.find(".//a:clrScheme", NS).set("name", SCHEME_NAME)
    root.find(".//a:fontScheme", NS).set("name", SCHEME_NAME)
    restyle_scheme(root, theme)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _fixed_zip_times(data: bytes) -> bytes:
    """The same entries with a fixed timestamp, so the template is byte-identical when remade."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    main()
