"""Draws one band of the timeline plan; every position comes from plan/timeline.py."""

from __future__ import annotations

from reportlab.lib.colors import HexColor, white
from reportlab.platypus import Flowable

from ..plan.timeline import Align, Band, Label, Side, TimelineStyle
from ..theme import Colors
from .pdf_fonts import FontSet

MARKER_RADIUS = 2.8
SPAN_THICKNESS = 2.6
ASCENT = 0.93   # first baseline below a label's top, in font sizes


class TimelineBand(Flowable):
    """A dated axis with markers, leaders and labels; too tall to split, so it moves to the next page whole."""

    def __init__(self, band: Band, style: TimelineStyle, fonts: FontSet, colors: Colors):
        super().__init__()
        self.band, self.style, self.fonts, self.colors = band, style, fonts, colors

    def wrap(self, avail_width, avail_height):
        return self.band.width, self.band.height

    def _color(self, name: str):
        return HexColor("#" + getattr(self.colors, name))

    def draw(self):
        canvas, band = self.canv, self.band
        axis = band.axis
        canvas.saveState()
        canvas.setFillColor(self._color("rule"))
        canvas.roundRect(axis.x, axis.y, axis.width, axis.height, axis.height / 2, stroke=0, fill=1)
        self._ticks()
        canvas.setStrokeColor(self._color("muted"))
        canvas.setLineWidth(0.5)
        for leader in band.leaders:
            canvas.line(leader.x, leader.y_from, leader.x, leader.y_to)
        self._markers()
        for label in band.labels:
            self._label(label)
        canvas.restoreState()

    def _ticks(self):
        canvas, axis, size = self.canv, self.band.axis, self.style.tick_size
        canvas.setStrokeColor(white)
        canvas.setLineWidth(0.8)
        for tick in self.band.ticks:
            canvas.line(tick.x, axis.y + SPAN_THICKNESS, tick.x, axis.top - SPAN_THICKNESS)
        canvas.setFillColor(self._color("primary"))
        baseline = axis.y + (axis.height - size * 0.72) / 2
        for tick in self.band.ticks:
            if tick.label:
                self.fonts.draw(canvas, tick.label_x, baseline, tick.label, size)

    def _markers(self):
        canvas, axis = self.canv, self.band.axis
        accent = self._color("accent")
        for marker in self.band.markers:
            edge = axis.top if marker.side is Side.ABOVE else axis.y
            if not marker.precise:
                canvas.setFillColor(accent)
                y = edge - SPAN_THICKNESS if marker.side is Side.ABOVE else edge
                canvas.rect(marker.span_start, y, marker.span_end - marker.span_start, SPAN_THICKNESS,
                            stroke=0, fill=1)
            canvas.setLineWidth(0.9)
            canvas.setStrokeColor(accent if not marker.precise else white)
            canvas.setFillColor(white if not marker.precise else accent)
            canvas.circle(marker.x, edge, MARKER_RADIUS, stroke=1, fill=1)

    def _label(self, label: Label):
        canvas, size = self.canv, self.style.label_size
        box = label.box
        grouped = len(label.developments) > 1
        for number, line in enumerate(label.lines):
            baseline = box.top - number * self.style.leading - size * ASCENT
            width = self.fonts.width(line.text, size, line.bold)
            if grouped or label.align is Align.LEFT:
                x = box.x + line.indent
            elif label.align is Align.RIGHT:
                x = box.right - width
            else:
                x = box.x + (box.width - width) / 2
            canvas.setFillColor(self._color("primary" if line.bold else "text"))
            self.fonts.draw(canvas, x, baseline, line.text, size, bold=line.bold)
