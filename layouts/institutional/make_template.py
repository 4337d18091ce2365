"""Make `template.pptx` of the institutional layout (run at development time, not per build).

    python layouts/institutional/make_template.py

Built like the default layout's template (same four slide layouts with
their placeholders on the deck's grid, the theme's colours and font in the
Office theme; see layouts/default/make_template.py), with this layout's own
decorations: thin bars of the primary colour along the top and bottom
edges, a title slide on warm paper with a broad band of the primary colour
above the title, and under each slide title a hairline with a short accent
bar. Every decoration stays clear of the regions the deck places text in
(the band ends above where the deck puts the cover title). Running it again
gives the same file.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from lxml import etree
from pptx import Presentation

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("default_template", HERE.parent / "default" / "make_template.py")
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)  # also puts the repository on sys.path

from report_builder.plan.deck import (  # noqa: E402
    LAYOUTS, LAYOUT_CONTENT, LAYOUT_TITLE, LAYOUT_TITLE_ONLY,
)
from report_builder.plan.deck_layout import slide_grid  # noqa: E402
from report_builder.theme import load_theme  # noqa: E402

A, P = base.A, base.P
EDGE_BAR_PT = 4
ACCENT_BAR_PT = (84, 3.5)


def main() -> None:
    theme = load_theme(HERE)
    grid = slide_grid(theme)
    prs = Presentation()
    prs.slide_width = base._emu(grid.slide.width)
    prs.slide_height = base._emu(grid.slide.height)
    for layout in list(prs.slide_layouts):
        if layout.name not in LAYOUTS:
            prs.slide_layouts.remove(layout)
    master = prs.slide_masters[0]
    base._place_master(master, grid)
    base._style_master(master, theme)
    _edge_bars(master, grid)
    for layout in prs.slide_layouts:
        base._place_layout(layout, grid)
        if layout.name in (LAYOUT_CONTENT, LAYOUT_TITLE_ONLY):
            _title_rule(layout, grid)
        if layout.name == LAYOUT_TITLE:
            _background(layout, theme.colors.summary_fill)
            _cover_band(layout, grid)
    base._restyle_theme(master, theme)
    props = prs.core_properties
    props.title = "report-builder institutional template"
    props.author = "report-builder"
    props.last_modified_by = "report-builder"
    props.revision = 1
    props.created = props.modified = props.last_printed = base.FIXED_TIME
    buffer = io.BytesIO()
    prs.save(buffer)
    (HERE / "template.pptx").write_bytes(base._fixed_zip_times(buffer.getvalue()))


def _rect(shape_id: int, name: str, x: float, y: float, width: float, height: float, fill: str) -> str:
    return (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/>'
        f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{base._emu(x)}" y="{base._emu(y)}"/>'
        f'<a:ext cx="{base._emu(width)}" cy="{base._emu(height)}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="{fill}"/></a:solidFill>'
        f'<a:ln><a:noFill/></a:ln></p:spPr></p:sp>'
    )


def _edge_bars(master, grid) -> None:
    """Bars of the primary colour along the top and bottom edges of every slide."""
    slide = grid.slide
    tree = master._element.find("p:cSld/p:spTree", base.NS)
    anchor = tree.find("p:grpSpPr", base.NS)
    anchor.addnext(etree.fromstring(_rect(92, "Bottom Bar", 0, slide.height - EDGE_BAR_PT, slide.width,
                                          EDGE_BAR_PT, "tx2")))
    anchor.addnext(etree.fromstring(_rect(91, "Top Bar", 0, 0, slide.width, EDGE_BAR_PT, "tx2")))


def _title_rule(layout, grid) -> None:
    """A hairline under the slide title, with a short accent bar standing on its left end."""
    x = grid.title.x + 7.2
    width, thickness = ACCENT_BAR_PT
    line = (
        f'<p:cxnSp xmlns:p="{P}" xmlns:a="{A}"><p:nvCxnSpPr><p:cNvPr id="90" name="Title Rule"/>'
        f'<p:cNvCxnSpPr/><p:nvPr userDrawn="1"/></p:nvCxnSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{base._emu(x)}" y="{base._emu(grid.rule_y)}"/>'
        f'<a:ext cx="{base._emu(grid.title.width - 14.4)}" cy="0"/></a:xfrm>'
        f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="{base._emu(0.75)}"><a:solidFill>'
        f'<a:schemeClr val="accent6"/></a:solidFill></a:ln></p:spPr></p:cxnSp>'
    )
    bar = _rect(93, "Title Accent", x, grid.rule_y - thickness, width, thickness, "accent2")
    base._insert_behind(layout, bar)
    base._insert_behind(layout, line)


def _cover_band(layout, grid) -> None:
    """A band of the primary colour across the cover, between the top marking and the title."""
    top = grid.top_banner.bottom + 6
    title_top = grid.cover.y
    band = _rect(94, "Cover Band", 0, top, grid.slide.width, title_top - 24 - top, "tx2")
    accent = _rect(95, "Cover Band Accent", 0, title_top - 24, grid.slide.width, 3, "accent2")
    base._insert_behind(layout, accent)
    base._insert_behind(layout, band)


def _background(layout, color: str) -> None:
    """A plain background of `color` on one slide layout."""
    c_sld = layout._element.find("p:cSld", base.NS)
    for old in c_sld.findall("p:bg", base.NS):
        c_sld.remove(old)
    background = etree.fromstring(
        f'<p:bg xmlns:p="{P}" xmlns:a="{A}"><p:bgPr><a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'
        f'<a:effectLst/></p:bgPr></p:bg>'
    )
    c_sld.insert(0, background)


if __name__ == "__main__":
    main()
