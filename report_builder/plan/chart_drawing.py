"""Where every mark of a chart goes when we draw it ourselves (the PDF): axes, bars, lines, slices, labels.

Word and PowerPoint lay their charts out themselves from the chart plan;
the PDF has no such program, so this module does it, with the same scale,
colours, number format, gap between bars and legend as the Office charts.
Coordinates are points from the drawing's bottom-left corner, y upwards
(the convention of PDF graphics), and text is measured with the fonts the
PDF embeds, so labels never collide with the axes or one another.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import ChartType
from ..values import Value
from .charts import ChartPlan
from .measure import WIDTH_SAFETY, Measurer, Paragraph, Span
from .shorten import longest_prefix

GAP_WIDTH = 60
"""Space between groups of bars, in percent of one bar (Office's gapWidth, written into the XML too)."""

LINE_WIDTH = 2.25
"""Series lines, points (written into the Office charts too)."""

MARKER_EMS = 0.32
LABEL_LINES = 2
"""A category label wraps to at most this many lines."""

LEADING = 1.2
SWATCH_EMS = 0.75
ASPECT = 0.56
"""Height of a column or line chart, relative to its width."""

BAR_PITCH_EMS = 2.3
"""Least height of one category of a bar chart, in label sizes."""

PIE_RADIUS_EMS = 7.0


@dataclass(frozen=True, eq=False, repr=False)
class ChartStyle(Value):
    size: float
    """Label size, points."""
    text: str
    muted: str
    rule: str


@dataclass(frozen=True, eq=False, repr=False)
class Stroke(Value):
    points: tuple[tuple[float, float], ...]
    color: str
    width: float


@dataclass(frozen=True, eq=False, repr=False)
class Fill(Value):
    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True, eq=False, repr=False)
class Dot(Value):
    x: float
    y: float
    radius: float
    color: str


@dataclass(frozen=True, eq=False, repr=False)
class Slice(Value):
    x: float
    y: float
    radius: float
    start: float
    """Degrees, counter-clockwise from 3 o'clock."""
    end: float
    color: str


@dataclass(frozen=True, eq=False, repr=False)
class Label(Value):
    x: float
    y: float
    """The baseline."""
    text: str
    size: float
    color: str
    anchor: str = "start"
    """start, middle or end: which point of the text sits at x."""
    angle: float = 0.0


Mark = Stroke | Fill | Dot | Slice | Label


@dataclass(frozen=True, eq=False, repr=False)
class ChartDrawing(Value):
    width: float
    height: float
    marks: tuple[Mark, ...]

    @property
    def labels(self) -> tuple[Label, ...]:
        return tuple(mark for mark in self.marks if isinstance(mark, Label))


def chart_height(plan: ChartPlan, width: float, size: float, measurer: Measurer) -> float:
    """How tall the chart is drawn at this width (the Word chart takes the same size)."""
    if plan.type is ChartType.PIE:
        legend = len(plan.categories) * size * 1.6 + size
        return max(2 * (PIE_RADIUS_EMS + 2.2) * size, legend)
    if plan.type is ChartType.BAR:
        label_width = _label_column(plan, width, size, measurer)
        lines = max(len(_wrap(c, label_width, size, measurer)) for c in plan.categories)
        pitch = max(BAR_PITCH_EMS * size, (lines * LEADING + 0.8) * size)
        return len(plan.categories) * pitch + _bottom_band(plan, width, size, measurer) + size
    return width * ASPECT


def draw_chart(plan: ChartPlan, width: float, height: float, style: ChartStyle, measurer: Measurer) -> ChartDrawing:
    if plan.type is ChartType.PIE:
        marks = _pie(plan, width, height, style, measurer)
    elif plan.type is ChartType.BAR:
        marks = _bars_across(plan, width, height, style, measurer)
    else:
        marks = _columns_or_lines(plan, width, height, style, measurer)
    return ChartDrawing(width, height, tuple(marks))


# Text ------------------------------------------------------------------------


def _wrap(text: str, width: float, size: float, measurer: Measurer, lines: int = LABEL_LINES) -> list[str]:
    wrapped = measurer.lines(Paragraph((Span(text),), size), max(width, size))
    if len(wrapped) <= lines:
        return wrapped
    kept = wrapped[: lines - 1]
    last = " ".join(wrapped[lines - 1:])
    keep = longest_prefix(len(last), lambda k: measurer.width(last[:k] + "…", size) <= width)
    return kept + [last[:keep].rstrip() + "…"]


def _text_lines(x: float, top: float, lines: list[str], style: ChartStyle, anchor: str,
                color: str | None = None) -> list[Label]:
    """Lines of text hanging from `top`."""
    size = style.size
    return [Label(x, top - size * (0.9 + LEADING * index), line, size, color or style.text, anchor)
            for index, line in enumerate(lines)]


def _legend(plan: ChartPlan, width: float, style: ChartStyle, measurer: Measurer) -> tuple[list, float]:
    """Legend entries in rows across the bottom: (marks placed from y=0 up, height)."""
    size = style.size
    names = plan.categories if plan.type is ChartType.PIE else tuple(s.name for s in plan.series)
    entries = [(name, color) for name, color in zip(names, plan.colors)]
    swatch, gap = size * SWATCH_EMS, size * 1.5
    rows: list[list[tuple[str, str, float]]] = [[]]
    used = 0.0
    for name, color in entries:
        text = _wrap(name, width - swatch - size, size, measurer, lines=1)[0]
        entry = swatch + size * 0.4 + measurer.width(text, size)
        if rows[-1] and used + gap + entry > width:
            rows.append([])
            used = 0.0
        used += (gap if rows[-1] else 0.0) + entry
        rows[-1].append((text, color, entry))
    pitch = size * 1.5
    height = len(rows) * pitch
    marks: list = []
    for number, row in enumerate(rows):
        row_width = sum(entry for _, _, entry in row) + gap * (len(row) - 1)
        x = (width - row_width) / 2
        baseline = height - (number + 1) * pitch + size * 0.45
        for text, color, entry in row:
            marks.append(Fill(x, baseline - size * 0.05, swatch, swatch, color))
            marks.append(Label(x + swatch + size * 0.4, baseline, text, size, style.text))
            x += entry + gap
    return marks, height


# Column and line charts ------------------------------------------------------


def _columns_or_lines(plan: ChartPlan, width: float, height: float, style: ChartStyle,
                      measurer: Measurer) -> list:
    size, scale = style.size, plan.scale
    marks: list = []
    bottom = 0.0
    if plan.legend:
        legend, legend_height = _legend(plan, width, style, measurer)
        marks += legend
        bottom += legend_height + size * 0.6
    tick_labels = [scale.format.format(t) for t in scale.ticks]
    left, right = _plot_span(plan, width, size, measurer)
    count = len(plan.categories)
    slot = (right - left) / count
    every = category_label_step(plan, width, size, measurer)
    wrapped = [_wrap(c, every * slot - size * 0.3, size, measurer) for c in plan.categories]
    lines = max(len(w) for w in wrapped[::every])
    category_top = bottom + lines * size * LEADING + size * 0.5
    top = height - (size * 1.4 if plan.data_labels else size * 0.6)

    def y_of(value: float) -> float:
        return category_top + scale.fraction(value) * (top - category_top)

    for tick, text in zip(scale.ticks, tick_labels):
        y = y_of(tick)
        marks.append(Stroke(((left, y), (right, y)), style.rule, 0.5))
        marks.append(Label(left - size * 0.4, y - size * 0.33, text, size, style.muted, "end"))
    if plan.unit:
        middle = (category_top + top) / 2
        marks.append(Label(size * 0.95, middle, _wrap(plan.unit, top - category_top, size, measurer, 1)[0],
                           size, style.muted, "middle", angle=90.0))
    base = y_of(max(scale.minimum, min(0.0, scale.maximum)))
    for index in range(0, count, every):
        x = left + slot * (index + 0.5)
        marks += _text_lines(x, category_top - size * 0.35, wrapped[index], style, "middle")
    if plan.type is ChartType.COLUMN:
        marks += _column_bars(plan, left, slot, y_of, base, style)
    else:
        marks += _lines(plan, left, slot, y_of, style)
    marks.append(Stroke(((left, base), (right, base)), style.muted, 0.8))
    return marks


def _plot_span(plan: ChartPlan, width: float, size: float, measurer: Measurer) -> tuple[float, float]:
    """Left and right of a column or line chart's plot: the value axis labels (and unit) on the left."""
    tick_labels = [plan.scale.format.format(t) for t in plan.scale.ticks]
    unit_band = size * 1.6 if plan.unit else 0.0
    return unit_band + max(measurer.width(t, size) for t in tick_labels) + size * 0.5, width - size * 0.5


def category_label_step(plan: ChartPlan, width: float, size: float, measurer: Measurer) -> int:
    """Label every category of a column or line chart, or every second, third...: as many as fit across
    `width` without cutting a word. The Office charts are told the same step, so all three label alike."""
    if plan.type in (ChartType.PIE, ChartType.BAR):
        return 1
    left, right = _plot_span(plan, width, size, measurer)
    room = (right - left) / len(plan.categories) - size * 0.3
    widest_word = max(measurer.width(word, size) for c in plan.categories for word in (c.split() or [""]))
    return max(1, math.ceil(widest_word / WIDTH_SAFETY / max(room, 1.0)))


def _column_bars(plan: ChartPlan, left: float, slot: float, y_of, base: float, style: ChartStyle) -> list:
    marks: list = []
    size = style.size
    bars = len(plan.series)
    bar = slot / (bars + GAP_WIDTH / 100)
    for number, series in enumerate(plan.series):
        for index, (value, text) in enumerate(zip(series.values, series.labels)):
            x = left + slot * index + bar * GAP_WIDTH / 200 + bar * number
            y = y_of(value)
            marks.append(Fill(x, min(y, base), bar, abs(y - base), series.color))
            if plan.data_labels:
                label_y = y + size * 0.35 if value >= 0 else y - size * 1.1
                marks.append(Label(x + bar / 2, label_y, text, size, style.text, "middle"))
    return marks


def _lines(plan: ChartPlan, left: float, slot: float, y_of, style: ChartStyle) -> list:
    marks: list = []
    size = style.size
    for series in plan.series:
        points = tuple((left + slot * (index + 0.5), y_of(value)) for index, value in enumerate(series.values))
        if len(points) > 1:
            marks.append(Stroke(points, series.color, LINE_WIDTH))
        for (x, y), text in zip(points, series.labels):
            marks.append(Dot(x, y, size * MARKER_EMS, series.color))
            if plan.data_labels:
                marks.append(Label(x, y + size * 0.6, text, size, style.text, "middle"))
    return marks


# Bar charts (horizontal) ---------------------------------------------------------


def _label_column(plan: ChartPlan, width: float, size: float, measurer: Measurer) -> float:
    widest = max(measurer.width(c, size) for c in plan.categories)
    return min(widest + size * 0.2, width * 0.35)


def _bottom_band(plan: ChartPlan, width: float, size: float, measurer: Measurer) -> float:
    """Tick labels, the unit and the legend under the bars."""
    band = size * 1.5
    if plan.unit:
        band += size * 1.5
    if plan.legend:
        band += _legend(plan, width, ChartStyle(size, "000000", "000000", "000000"), measurer)[1] + size * 0.6
    return band


def _bars_across(plan: ChartPlan, width: float, height: float, style: ChartStyle, measurer: Measurer) -> list:
    size, scale = style.size, plan.scale
    marks: list = []
    bottom = 0.0
    if plan.legend:
        legend, legend_height = _legend(plan, width, style, measurer)
        marks += legend
        bottom += legend_height + size * 0.6
    label_width = _label_column(plan, width, size, measurer)
    left = label_width + size * 0.6
    tick_labels = [scale.format.format(t) for t in scale.ticks]
    widest_value = max((measurer.width(t, size) for s in plan.series for t in s.labels), default=0.0)
    right = width - max(measurer.width(tick_labels[-1], size) / 2, widest_value + size * 0.6 if plan.data_labels
                        else 0.0, size * 0.5)
    unit_y = bottom
    axis_bottom = bottom + (size * 1.5 if plan.unit else 0.0) + size * 1.5
    top = height - size * 0.5

    def x_of(value: float) -> float:
        return left + scale.fraction(value) * (right - left)

    for tick, text in zip(scale.ticks, tick_labels):
        x = x_of(tick)
        marks.append(Stroke(((x, axis_bottom), (x, top)), style.rule, 0.5))
        marks.append(Label(x, axis_bottom - size * 1.1, text, size, style.muted, "middle"))
    if plan.unit:
        unit = _wrap(plan.unit, right - left, size, measurer, 1)[0]
        marks.append(Label((left + right) / 2, unit_y + size * 0.4, unit, size, style.muted, "middle"))
    count = len(plan.categories)
    pitch = (top - axis_bottom) / count
    bars = len(plan.series)
    thickness = pitch / (bars + GAP_WIDTH / 100)
    base = x_of(max(scale.minimum, min(0.0, scale.maximum)))
    for index, category in enumerate(plan.categories):
        slot_top = top - pitch * index
        lines = _wrap(category, label_width, size, measurer)
        block = len(lines) * size * LEADING
        marks += _text_lines(left - size * 0.5, slot_top - (pitch - block) / 2, lines, style, "end")
        for number, series in enumerate(plan.series):
            value, text = series.values[index], series.labels[index]
            y = slot_top - thickness * GAP_WIDTH / 200 - thickness * (number + 1)
            x = x_of(value)
            marks.append(Fill(min(x, base), y, abs(x - base), thickness, series.color))
            if plan.data_labels:
                anchor = "start" if value >= 0 else "end"
                offset = size * 0.3 if value >= 0 else -size * 0.3
                marks.append(Label(x + offset, y + thickness / 2 - size * 0.33, text, size, style.text, anchor))
    marks.append(Stroke(((base, axis_bottom), (base, top)), style.muted, 0.8))
    return marks


# Pie charts ------------------------------------------------------------------------


def _pie(plan: ChartPlan, width: float, height: float, style: ChartStyle, measurer: Measurer) -> list:
    size = style.size
    series = plan.series[0]
    labels_room = max(measurer.width(t, size) for t in series.labels) + size * 0.8
    radius = min(height / 2 - size * 2.2, PIE_RADIUS_EMS * size, width * 0.25)
    swatch = size * SWATCH_EMS
    legend_texts = [_wrap(c, width * 0.3, size, measurer, lines=1)[0] for c in plan.categories]
    legend_width = swatch + size * 0.4 + max(measurer.width(text, size) for text in legend_texts)
    group = 2 * (labels_room + radius) + size + legend_width
    cx, cy = max(0.0, (width - group) / 2) + labels_room + radius, height / 2
    total = sum(series.values)
    marks: list = []
    angle = 90.0
    label_marks = []
    for value, text, color in zip(series.values, series.labels, plan.colors):
        extent = 360.0 * value / total
        if extent > 0:
            marks.append(Slice(cx, cy, radius, angle - extent, angle, color))
        middle = math.radians(angle - extent / 2)
        dx, dy = math.cos(middle), math.sin(middle)
        reach = radius + size * 0.5
        anchor = "start" if dx > 0.25 else "end" if dx < -0.25 else "middle"
        y = cy + dy * reach - size * 0.33 + dy * size * 0.4
        label_marks.append(Label(cx + dx * reach, y, text, size, style.text, anchor))
        angle -= extent
    if len([v for v in series.values if v > 0]) > 1:
        angle = 90.0
        for value in series.values:
            radians = math.radians(angle)
            marks.append(Stroke(((cx, cy), (cx + radius * math.cos(radians), cy + radius * math.sin(radians))),
                                "FFFFFF", 1.0))
            angle -= 360.0 * value / total
    marks += label_marks
    legend_x = cx + radius + labels_room + size
    pitch = size * 1.6
    first = cy + pitch * (len(plan.categories) - 1) / 2
    for index, (text, color) in enumerate(zip(legend_texts, plan.colors)):
        baseline = first - pitch * index - size * 0.33
        marks.append(Fill(legend_x, baseline - size * 0.05, swatch, swatch, color))
        marks.append(Label(legend_x + swatch + size * 0.4, baseline, text, size, style.text))
    return marks
