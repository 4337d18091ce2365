"""A chart in the PDF: the planned marks as reportlab vector graphics, then its caption and note.

Every position, colour and label comes from `plan.chart_drawing`; this only
turns marks into shapes. Labels are cut into runs by font (a Hangul
category label is drawn in the fallback font), so nothing shows as boxes,
and the text stays real text that can be searched and copied.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Group, PolyLine, Rect, String, Wedge
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from ..plan.chart_drawing import ChartDrawing, Dot, Fill, Label, Slice, Stroke
from ..plan.data_blocks import ChartBlock
from .pdf_fonts import FontSet
from .pdf_table import caption


def chart_figure(writer, block: ChartBlock, styles) -> KeepTogether:
    """The drawing with 'Figure N: title' and the note under it, kept on one page."""
    plan = block.plan
    parts = [Spacer(1, 6), vector_drawing(block.drawing, writer.fonts),
             caption(writer, plan.label, plan.chart.title, styles["caption" if plan.note else "figure caption"])]
    if block.plan.note:
        parts.append(Paragraph(writer.runs(block.plan.note), styles["note"]))
    return KeepTogether(parts)


def vector_drawing(plan: ChartDrawing, fonts: FontSet) -> Drawing:
    drawing = Drawing(plan.width, plan.height)
    drawing.hAlign = "CENTER"
    # The renderer's starting font, or it would name Helvetica, which the PDF does not embed.
    drawing.initialFontName = fonts.font_name(fonts.main)
    for mark in plan.marks:
        drawing.add(_shape(mark, fonts))
    return drawing


def _color(value: str):
    return HexColor("#" + value)


def _shape(mark, fonts: FontSet):
    if isinstance(mark, Stroke):
        return PolyLine([c for point in mark.points for c in point], strokeColor=_color(mark.color),
                        strokeWidth=mark.width, strokeLineJoin=1, strokeLineCap=1)
    if isinstance(mark, Fill):
        return Rect(mark.x, mark.y, mark.width, mark.height, fillColor=_color(mark.color), strokeColor=None)
    if isinstance(mark, Dot):
        return Circle(mark.x, mark.y, mark.radius, fillColor=_color(mark.color), strokeColor=HexColor("#FFFFFF"),
                      strokeWidth=0.6)
    if isinstance(mark, Slice):
        return Wedge(mark.x, mark.y, mark.radius, mark.start, mark.end, fillColor=_color(mark.color),
                     strokeColor=None)
    assert isinstance(mark, Label)
    return _label(mark, fonts)


def _label(label: Label, fonts: FontSet) -> Group:
    """A label as one String per font run, placed so the whole text sits at its anchor."""
    group = Group()
    runs = fonts.runs(label.text)
    names = [fonts.font_name(run.family) for run in runs]
    widths = [stringWidth(run.text, name, label.size) for run, name in zip(runs, names)]
    total = sum(widths)
    x = {"start": 0.0, "middle": -total / 2, "end": -total}[label.anchor]
    for run, name, width in zip(runs, names, widths):
        group.add(String(x, 0, run.text, fontName=name, fontSize=label.size, fillColor=_color(label.color)))
        x += width
    group.translate(label.x, label.y)
    if label.angle:
        group.rotate(label.angle)
    return group
