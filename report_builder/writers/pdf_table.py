"""A data table in the PDF handout: caption, the table in the handout's table style, note.

The look is the chronology's (header band, stripes, rules), the column
widths and alignment come from `plan.tables`. A table longer than the page
splits between rows with its header row repeated; the caption never ends
a page alone, it moves on with the first rows.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, KeepTogether, Table

from ..model import Align, Number
from ..plan.tables import TablePlan
from .pdf_paragraph import Paragraph

ALIGNMENTS = {Align.LEFT: TA_LEFT, Align.RIGHT: TA_RIGHT, Align.CENTER: TA_CENTER}
TALL_ROW = 0.8
"""A row taller than this share of the page may split across pages (no other row does)."""

ROWS_WITH_CAPTION = 3
SHORT_TABLE = 1 / 3
"""A table with its caption and note no taller than this share of the page is kept in one piece."""
"""Body rows that must fit under the caption and header, or the table starts on the next page."""


def data_styles(writer) -> dict[str, ParagraphStyle]:
    """Caption, note and cell styles, derived from the handout's own."""
    base = writer.styles
    muted = HexColor("#" + writer.colors.muted)
    styles = {
        "caption": ParagraphStyle("data_caption", parent=base["caption"], spaceBefore=4, spaceAfter=3),
        "figure caption": ParagraphStyle("figure_caption", parent=base["caption"], spaceBefore=4, spaceAfter=8),
        "note": ParagraphStyle("data_note", parent=base["caption"], textColor=muted, spaceBefore=0, spaceAfter=8),
    }
    for align, value in ALIGNMENTS.items():
        styles[f"cell {align.value}"] = ParagraphStyle(f"data_cell_{align.value}", parent=base["cell"],
                                                       alignment=value)
        styles[f"header {align.value}"] = ParagraphStyle(f"data_header_{align.value}", parent=base["table_header"],
                                                         alignment=value)
    return styles


def caption(writer, label: str, text, style: ParagraphStyle) -> Paragraph:
    """'Table N: caption' as the Word brief sets it: the label upright and bold, the caption as captions are."""
    bold = writer.fonts.font_name(writer.fonts.main, bold=True)
    markup = f'<font face="{bold}">{writer.fonts.markup(label)}{":" if text else ""}</font>'
    return Paragraph(markup + (" " + writer.runs(text) if text else ""), style)


def data_table(writer, plan: TablePlan, styles: dict[str, ParagraphStyle]) -> list:
    title = caption(writer, plan.label, plan.table.caption, styles["caption"])
    header = [Paragraph(writer.fonts.markup(name, bold=True), styles[f"header {align.value}"])
              for name, align in zip(plan.columns, plan.align)]
    rows = [header]
    for row in plan.rows:
        rows.append([
            Paragraph(writer.fonts.markup(cell.text) if isinstance(cell, Number) else writer.runs(cell),
                      styles[f"cell {align.value}"])
            for cell, align in zip(row, plan.align)
        ])
    page = writer.theme.page_size_pt[1] - 2 * writer.theme.margin_pt
    tall = any(cell.wrap(width - 10, page)[1] > page * TALL_ROW
               for row in rows for cell, width in zip(row, plan.widths))
    table = Table(rows, colWidths=list(plan.widths), repeatRows=1, splitByRow=1, splitInRow=int(tall))
    colors = writer.colors
    table.setStyle(writer.table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#" + colors.table_header_fill)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, HexColor("#" + colors.table_stripe_fill)]),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, HexColor("#" + colors.rule)),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, HexColor("#" + colors.primary)),
        ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    width = sum(plan.widths)
    needed = title.wrap(width, 1000)[1] + sum(
        max(cell.wrap(w - 10, 1000)[1] for cell, w in zip(row, plan.widths)) + 7
        for row in rows[: ROWS_WITH_CAPTION + 1])
    note = [Paragraph(writer.runs(plan.note), styles["note"])] if plan.note else []
    whole = sum(part.wrap(width, page)[1] + part.getSpaceBefore() + part.getSpaceAfter()
                for part in (title, table, *note))
    if whole <= page * SHORT_TABLE:
        # A short table moves whole rather than leave its last rows or its note to the next page.
        return [KeepTogether([title, table, *note])]
    return [CondPageBreak(needed + styles["caption"].spaceBefore), title, table, *note]
