"""The chronology as a Word table: date (and actors), development (title and summary), significance if any.

The header row repeats on every page and rows never split across pages, so
a development is always read whole. Widths are fixed shares of the text
width, so Word and LibreOffice lay the table out the same way and the
paginator can measure each row.
"""

from __future__ import annotations

from dataclasses import replace

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from ..model import RichText, Text
from ..plan.document import ChronologyBlock
from ..plan.pagination import Row, Span, TableBlock, TextBlock, steadying_indent, with_right_indent
from .docx_fields import add_run, element

CELL_MARGIN_V = 3.0     # points above and below a cell's text
CELL_MARGIN_H = 5.0
RULE_EIGHTHS = 4        # rule between rows, eighths of a point
EDGE_EIGHTHS = 8        # rules above and below the table
ABOVE_TABLE = 0.9       # points the table's top rule adds above its rows on each page (measured in LibreOffice)
BELOW_TABLE = 0.7       # and its bottom rule below the last row


def chronology_table(writer, block: ChronologyBlock) -> TableBlock:
    """Write the table into the writer's document; return it as the paginator sees it."""
    theme = writer.theme
    colors = theme.colors
    columns = block.columns
    # Widths in whole twips, as Word stores them, so the paginator measures what is written.
    widths = [round(writer.text_width * column.share * 20) / 20 for column in columns]
    table = writer.document.add_table(rows=0, cols=len(columns))
    _table_properties(table, sum(widths), colors)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(round(width * 20)))

    rows: list[Row] = []
    header = _add_row(table, widths)
    _row_properties(header, repeat=True)
    cells = []
    for cell, column, width in zip(header.cells, columns, widths):
        _cell_properties(cell, width, colors.table_header_fill)
        cells.append((_cell_text(writer, cell, "Table Heading", column.header, width),))
    rows.append(Row(tuple(cells), _padding(), cant_split=True))

    for index, development in enumerate(block.developments):
        row = _add_row(table, widths)
        _row_properties(row, repeat=False)
        fill = colors.table_stripe_fill if index % 2 else None
        contents = []
        for cell, column, width in zip(row.cells, columns, widths):
            _cell_properties(cell, width, fill)
            contents.append(tuple(_CELLS[column.holds](writer, cell, development, width)))
        rows.append(Row(tuple(contents), _padding(), cant_split=True))
    return TableBlock(tuple(rows), header_rows=1, edge_above=ABOVE_TABLE, edge_below=BELOW_TABLE)


def _date_cell(writer, cell, development, width):
    yield _cell_text(writer, cell, "Table Text", writer.plan.dates.show(development.date), width, bold=True)
    if development.actors:
        yield _cell_text(writer, cell, "Table Text", ", ".join(development.actors), width,
                         color=writer.theme.colors.muted)


def _development_cell(writer, cell, development, width):
    """The title in bold with its sources' numbers after it, as in the PDF, then the summary."""
    title = tuple(replace(run, bold=True) if isinstance(run, Text) else run for run in development.title.runs)
    yield _cell_text(writer, cell, "Table Text",
                     RichText(title + _separated(development.sources, True), development.title.location), width)
    if development.summary:
        yield _cell_text(writer, cell, "Table Text", development.summary, width)


def _significance_cell(writer, cell, development, width):
    if development.significance:
        yield _cell_text(writer, cell, "Table Text", development.significance, width)


_CELLS = {"date": _date_cell, "development": _development_cell, "significance": _significance_cell}


def _add_row(table, widths: list[float]):
    """A row at the bottom of the table, as `table.add_row()` makes it.

    python-docx's own looks the table's grid up for every row, which takes
    longer the more rows there are: 20,000 developments took minutes.
    """
    from docx.shared import Twips
    from docx.table import _Row

    tr = table._tbl.add_tr()
    for width in widths:
        tr.add_tc().width = Twips(round(width * 20))
    return _Row(tr, table)


def _separated(citations, after_text: bool) -> tuple:
    if not citations:
        return ()
    return ((Text(" "),) if after_text else ()) + tuple(citations)


def _padding() -> float:
    return 2 * CELL_MARGIN_V + RULE_EIGHTHS / 8


def _cell_text(writer, cell, style: str, text, width: float, bold: bool = False, color: str | None = None):
    """A paragraph in a cell (the cell's first, empty one is reused)."""
    first = cell.paragraphs[0]
    if not first.text and not first.runs and len(cell.paragraphs) == 1 and not first._p.xpath("w:hyperlink"):
        paragraph = writer.styles.apply(first, style)
    else:
        paragraph = writer.styles.add_paragraph(cell, style)
    if isinstance(text, RichText):
        spans = writer.rich(paragraph, text, bold=bold)
    else:
        run = add_run(paragraph, text)
        run.bold = bold or None
        if color:
            run.font.color.rgb = _rgb(color)
        spans = [Span(text, bold)]
    fmt = writer.styles.format(style)
    block = TextBlock(fmt, tuple(spans), width - 2 * CELL_MARGIN_H)
    extra = steadying_indent([block], writer.metrics)
    if extra:
        paragraph._p.get_or_add_pPr().get_or_add_ind().right = Twips(round((fmt.indent_right + extra) * 20))
    return with_right_indent(block, extra)


def _rgb(color: str):
    from docx.shared import RGBColor

    return RGBColor.from_string(color)


def _table_properties(table, width: float, colors) -> None:
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblStyle", "w:tblW", "w:tblLayout", "w:tblBorders", "w:tblCellMar", "w:tblLook"):
        for child in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(child)
    tbl_pr.append(element("w:tblW", w_w=str(round(width * 20)), w_type="dxa"))
    borders = OxmlElement("w:tblBorders")
    for side, size, color in (("top", EDGE_EIGHTHS, colors.primary), ("left", 0, None),
                              ("bottom", EDGE_EIGHTHS, colors.primary), ("right", 0, None),
                              ("insideH", RULE_EIGHTHS, colors.rule), ("insideV", 0, None)):
        if size:
            borders.append(element(f"w:{side}", w_val="single", w_sz=str(size), w_space="0", w_color=color))
        else:
            borders.append(element(f"w:{side}", w_val="nil"))
    tbl_pr.append(borders)
    tbl_pr.append(element("w:tblLayout", w_type="fixed"))
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", CELL_MARGIN_V), ("left", CELL_MARGIN_H), ("bottom", CELL_MARGIN_V),
                        ("right", CELL_MARGIN_H)):
        margins.append(element(f"w:{side}", w_w=str(round(value * 20)), w_type="dxa"))
    tbl_pr.append(margins)
    tbl_pr.append(element("w:tblLook", w_val="0420", w_firstRow="1", w_lastRow="0", w_firstColumn="0",
                          w_lastColumn="0", w_noHBand="1", w_noVBand="1"))


def _row_properties(row, repeat: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if repeat:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _cell_properties(cell, width: float, fill: str | None) -> None:
    cell.width = Pt(width)
    if fill:
        tc_pr = cell._tc.get_or_add_tcPr()
        tc_pr.append(element("w:shd", w_val="clear", w_color="auto", w_fill=fill))
