"""A chart in the PDF: the planned marks as reportlab vector graphics, then its caption and note.

Every position, colour and label comes from `plan.chart_drawing`; this only
turns marks into shapes. Labels are cut into runs by font (a Hangul
category label is drawn in the fallback font), so nothing shows as boxes,
and the text stays real text that can be searched and copied.

reportlab cannot write a tagged PDF, so the chart's alt text reaches readers
two other ways: the drawing is a marked-content sequence carrying it as
`/Alt` (the PDF's own alternate description of content), and it is laid as
invisible text just above the drawing, where text extraction, search and
read-aloud find it before the chart's labels, as a screen reader would.
"""

from __future__ import annotations

import re

from reportlab.graphics.shapes import Circle, Drawing, Group, PolyLine, Rect, String, Wedge
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether

from ..plan.chart_drawing import ChartDrawing, Dot, Fill, Label, Slice, Stroke
from ..plan.data_blocks import ChartBlock
from .pdf_fonts import FontSet
from .pdf_paragraph import Paragraph
from .pdf_table import caption


def chart_figure(writer, block: ChartBlock, styles) -> KeepTogether:
    """The drawing with 'Figure N: title' and the note under it, kept on one page."""
    plan = block.plan
    parts = [DescribedDrawing(vector_drawing(block.drawing, writer.fonts), plan.alt, writer.fonts),
             caption(writer, plan.label, plan.chart.title, styles["caption" if plan.note else "figure caption"])]
    if block.plan.note:
        parts.append(Paragraph(writer.runs(block.plan.note), styles["note"]))
    return KeepTogether(parts)


GAP = 6.0
"""Points above the drawing, where its description lies."""

DESCRIPTION_SIZES = (3.0, 2.0, 1.5, 1.0, 0.75, 0.5)
"""Sizes tried for the invisible description, largest first, until it fits the gap above the drawing."""


class DescribedDrawing(Flowable):
    """The drawing, marked as content with its alt text, under a gap holding the alt text as invisible text."""

    def __init__(self, drawing: Drawing, alt: str, fonts: FontSet):
        super().__init__()
        self.drawing, self.alt, self.fonts = drawing, " ".join(alt.split()), fonts
        self.hAlign = drawing.hAlign

    def wrap(self, available_width, available_height):
        return self.drawing.width, self.drawing.height + GAP

    def draw(self):
        canvas = self.canv
        self._invisible_text(canvas)
        canvas.addLiteral(f"/Span <</Alt {pdf_text_string(self.alt)}>> BDC")
        self.drawing.drawOn(canvas, 0, 0)
        canvas.addLiteral("EMC")

    def _invisible_text(self, canvas) -> None:
        runs = [(run.text, self.fonts.font_name(run.family)) for run in self.fonts.runs(self.alt)]
        width = self.drawing.width
        for size in DESCRIPTION_SIZES:
            lines = _lines(runs, size, width)
            if len(lines) * size * 1.2 <= GAP or size == DESCRIPTION_SIZES[-1]:
                break
        # The render mode outlives the text object: saved state keeps it from hiding the labels drawn next.
        canvas.saveState()
        text = canvas.beginText()
        text.setTextRenderMode(3)
        for number, line in enumerate(lines):
            text.setTextOrigin(0, self.drawing.height + GAP - size * (1.2 * number + 1.0))
            for chunk, font in line:
                text.setFont(font, size)
                text.textOut(chunk)
        canvas.drawText(text)
        canvas.restoreState()


def _lines(runs: list[tuple[str, str]], size: float, width: float) -> list[list[tuple[str, str]]]:
    """Font runs broken into lines at spaces, each at most `width` wide at `size`; a line's words in one
    font are one chunk."""
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for text, font in runs:
        for piece in re.split(r"(?<= )", text):
            if not piece:
                continue
            wide = stringWidth(piece, font, size)
            if used and used + wide > width:
                lines.append([])
                used = 0.0
            line = lines[-1]
            if line and line[-1][1] == font:
                line[-1] = (line[-1][0] + piece, font)
            else:
                line.append((piece, font))
            used += wide
    return lines


def pdf_text_string(text: str) -> str:
    """A PDF text string holding any Unicode text: UTF-16BE with its byte order mark, in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


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
