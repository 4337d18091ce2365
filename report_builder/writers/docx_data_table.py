"""A data table in the Word brief: caption, a real Word table in the house table style, note.

The look lives in one table style, "Data Table" (header band, stripes,
rules), defined from the theme unless the layout's reference.docx has its
own, so restyling every table is one edit in Word. The header row repeats
on every page (`w:tblHeader`) and rows never split, so a row is read whole;
column widths and alignment come from `plan.tables` (numbers right, text
left by default) and are fixed, so Word and LibreOffice lay the table out
alike and the paginator can measure each row.
"""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from ..model import Align, Number, RichText
from ..plan.pagination import Row, Span, TableBlock, TextBlock
from ..plan.tables import TablePlan
from .docx_captions import caption_paragraph
from .docx_fields import add_run, element

STYLE_NAME = "Data Table"
STYLE_ID = "DataTable"
CELL_MARGIN_V = 3.0     # points above and below a cell's text
CELL_MARGIN_H = 5.0     # plan.data_blocks.CELL_PADDING is both of these
RULE_EIGHTHS = 4
EDGE_EIGHTHS = 8
CAPTION_GAP = 3.0       # points between a table's caption and the table
JUSTIFY = {Align.LEFT: "left", Align.RIGHT: "right", Align.CENTER: "center"}


def add_table(writer, plan: TablePlan) -> None:
    """Caption, table and note, each also described to the paginator."""
    style_id = table_style(writer)
    caption_paragraph(writer, "Table", plan.number, plan.table.caption, keep_with_next=True,
                      space_after=CAPTION_GAP)
    table = writer.document.add_table(rows=0, cols=len(plan.columns))
    _table_properties(table, style_id, sum(plan.widths))
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), plan.widths):
        column.set(qn("w:w"), str(round(width * 20)))
    rows = [_row(writer, table, [name for name in plan.columns], plan, header=True)]
    rows += [_row(writer, table, list(cells), plan, header=False) for cells in plan.rows]
    writer.flow.append(TableBlock(tuple(rows), header_rows=1, space_after=0.0))
    if plan.note:
        writer.paragraph("Caption", plan.note)


def table_style(writer) -> str:
    """The id of the 'Data Table' style: the reference document's, else the house style added now."""
    styles = writer.document.styles
    for style in styles:
        if style.name == STYLE_NAME:
            return style.style_id
    colors = writer.theme.colors
    styles.element.append(parse_xml(_STYLE.format(
        ns=nsdecls("w"), name=STYLE_NAME, id=STYLE_ID, primary=colors.primary, rule=colors.rule,
        header_fill=colors.table_header_fill, header_text=colors.table_header_text,
        stripe=colors.table_stripe_fill, edge=EDGE_EIGHTHS, inner=RULE_EIGHTHS,
        v=round(CELL_MARGIN_V * 20), h=round(CELL_MARGIN_H * 20))))
    return STYLE_ID


_STYLE = (
    '<w:style {ns} w:type="table" w:customStyle="1" w:styleId="{id}">'
    '<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
    '<w:tblPr><w:tblStyleRowBandSize w:val="1"/>'
    '<w:tblBorders><w:top w:val="single" w:sz="{edge}" w:space="0" w:color="{primary}"/>'
    '<w:left w:val="nil"/><w:bottom w:val="single" w:sz="{edge}" w:space="0" w:color="{primary}"/>'
    '<w:right w:val="nil"/><w:insideH w:val="single" w:sz="{inner}" w:space="0" w:color="{rule}"/>'
    '<w:insideV w:val="nil"/></w:tblBorders>'
    '<w:tblCellMar><w:top w:w="{v}" w:type="dxa"/><w:left w:w="{h}" w:type="dxa"/>'
    '<w:bottom w:w="{v}" w:type="dxa"/><w:right w:w="{h}" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="{header_text}"/></w:rPr>'
    '<w:trPr><w:tblHeader/></w:trPr>'
    '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{header_fill}"/></w:tcPr></w:tblStylePr>'
    '<w:tblStylePr w:type="band2Horz"><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{stripe}"/></w:tcPr>'
    '</w:tblStylePr>'
    '</w:style>'
)


def _table_properties(table, style_id: str, width: float) -> None:
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblStyle", "w:tblW", "w:tblLayout", "w:tblLook"):
        for child in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(child)
    tbl_pr.insert(0, element("w:tblStyle", w_val=style_id))
    tbl_pr.append(element("w:tblW", w_w=str(round(width * 20)), w_type="dxa"))
    tbl_pr.append(element("w:tblLayout", w_type="fixed"))
    tbl_pr.append(element("w:tblLook", w_val="0420", w_firstRow="1", w_lastRow="0", w_firstColumn="0",
                          w_lastColumn="0", w_noHBand="0", w_noVBand="1"))


def _row(writer, table, cells: list, plan: TablePlan, header: bool) -> Row:
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    style = "Table Heading" if header else "Table Text"
    blocks = []
    for cell, value, width, align in zip(row.cells, cells, plan.widths, plan.align):
        cell.width = Pt(width)
        paragraph = writer.styles.apply(cell.paragraphs[0], style)
        paragraph._p.get_or_add_pPr().append(element("w:jc", w_val=JUSTIFY[align]))
        if isinstance(value, RichText):
            spans = writer.rich(paragraph, value, bold=header)
        else:
            text = value.text if isinstance(value, Number) else value
            run = add_run(paragraph, text)
            run.bold = True if header else None
            spans = [Span(text, header)]
        fmt = writer.styles.format(style)
        blocks.append((TextBlock(fmt, tuple(spans), width - 2 * CELL_MARGIN_H),))
    return Row(tuple(blocks), 2 * CELL_MARGIN_V + RULE_EIGHTHS / 8, cant_split=True)
