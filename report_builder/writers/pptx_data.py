"""Tables and charts on slides: native PowerPoint tables and charts, placed as the deck plan says.

A table is a real table (editable, read by screen readers cell by cell):
the header row marked as such and filled, every second row striped, a rule
under each row, column widths and row heights as planned (so its text sits
as measured), each cell's paragraph written like every other text on the
slide. A chart goes through python-pptx's chart API with the XML and
workbook of `office_chart`, the same the Word brief embeds, so it is editable in
PowerPoint ("Edit Data") and styled from the theme's palette; its alt text
is the graphic frame's description.
"""

from __future__ import annotations

from lxml import etree
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from ..model import ChartType
from ..plan.deck_data import SlideChart, SlideTable
from ..plan.deck_layout import TEXT_INSET_X, TEXT_INSET_Y, Role

NO_STYLE_NO_GRID = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
"""PowerPoint's built-in table style without fills or lines: every colour here comes from the theme."""

EMU_PER_POINT = 12700

CHART_TYPES = {
    ChartType.COLUMN: XL_CHART_TYPE.COLUMN_CLUSTERED,
    ChartType.BAR: XL_CHART_TYPE.BAR_CLUSTERED,
    ChartType.LINE: XL_CHART_TYPE.LINE_MARKERS,
    ChartType.PIE: XL_CHART_TYPE.PIE,
}


def _emu(points: float) -> int:
    return round(points * EMU_PER_POINT)


def add_table(writer, slide, plan: SlideTable) -> None:
    rect = plan.rect
    rows = [plan.header, *plan.rows]
    frame = slide.shapes.add_table(len(rows), len(plan.widths), _emu(rect.x), _emu(rect.y), _emu(rect.width),
                                   _emu(rect.height))
    frame.name = plan.label
    frame._element.nvGraphicFramePr.cNvPr.set("descr", plan.caption)
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    tbl_pr = table._tbl.tblPr
    style = tbl_pr.find(qn("a:tableStyleId"))
    if style is None:
        style = etree.SubElement(tbl_pr, qn("a:tableStyleId"))
    style.text = NO_STYLE_NO_GRID
    for column, width in zip(table.columns, plan.widths):
        column.width = _emu(width)
    for row, height in zip(table.rows, plan.heights):
        row.height = _emu(height)
    for index, (row, paras) in enumerate(zip(table.rows, rows)):
        fill = plan.header_fill if index == 0 else plan.stripe_fill if plan.striped[index - 1] else None
        last = index == len(rows) - 1
        for cell, para in zip(row.cells, paras):
            _cell(writer, frame, cell, para, fill, plan.edge if last else plan.rule, 1.0 if last else 0.5)


def _cell(writer, frame, cell, para, fill: str | None, rule: str, rule_width: float) -> None:
    cell.margin_left = cell.margin_right = _emu(TEXT_INSET_X)
    cell.margin_top = cell.margin_bottom = _emu(TEXT_INSET_Y)
    body = cell.text_frame._txBody
    body.bodyPr.set("wrap", "square")
    for paragraph in body.findall(qn("a:p")):
        body.remove(paragraph)
    body.append(writer._paragraph(frame, para, Role.BODY))
    tc_pr = cell._tc.get_or_add_tcPr()
    for child in list(tc_pr):
        tc_pr.remove(child)
    for side in ("a:lnL", "a:lnR", "a:lnT"):
        line = etree.SubElement(tc_pr, qn(side), w="0")
        etree.SubElement(line, qn("a:noFill"))
    bottom = etree.SubElement(tc_pr, qn("a:lnB"), w=str(_emu(rule_width)))
    etree.SubElement(etree.SubElement(bottom, qn("a:solidFill")), qn("a:srgbClr"), val=rule)
    if fill:
        etree.SubElement(etree.SubElement(tc_pr, qn("a:solidFill")), qn("a:srgbClr"), val=fill)
    else:
        etree.SubElement(tc_pr, qn("a:noFill"))


def add_chart(writer, slide, plan: SlideChart) -> None:
    from .office_chart import ChartLook, chart_workbook, chart_xml

    theme = writer.theme
    colors = theme.colors
    look = ChartLook(writer.latin, writer.east_asian, plan.size, colors.text, colors.muted, colors.rule)
    data = _ChartBytes(chart_xml(plan.plan, look, plan.label_step),
                       chart_workbook(plan.plan, writer.deck.metadata.created.date()))
    rect = plan.rect
    frame = slide.shapes.add_chart(CHART_TYPES[plan.plan.type], _emu(rect.x), _emu(rect.y), _emu(rect.width),
                                   _emu(rect.height), data)
    frame.name = plan.plan.label
    properties = frame._element.nvGraphicFramePr.cNvPr
    properties.set("descr", plan.alt)
    properties.set("title", plan.plan.caption.plain())


class _ChartBytes:
    """What python-pptx's `add_chart` reads of its chart data: office_chart's XML and workbook, as the Word brief's."""

    def __init__(self, xml: bytes, workbook: bytes):
        self.xml, self.xlsx_blob = xml, workbook

    def xml_bytes(self, chart_type) -> bytes:
        return self.xml
