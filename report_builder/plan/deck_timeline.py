"""The chronology as a timeline that reads as time: dated axis, ticks, breaks, labels in lanes.

A slide's developments sit on a dated axis, each at its date: positions are
proportional to time, so a busy month looks busy and a quiet year looks
quiet. A gap much longer than the periods around it is cut out of the axis
and shown as a break (two slanted strokes), so 2018 and 2024 can share a
slide without crushing the months that matter. The axis is a band with
ticks and their dates inside it, as in the PDF's timeline; developments
known only to the month or year are marked by a span along its edge.

Labels (the date, then the title; developments of the same date share one
label) sit in lanes above and below the axis, joined to their marker by a
leader. A label goes to the nearest lane where it overlaps no other label
and no leader crosses it; lanes stack outward as far as the slide's height
allows. A slide takes whole months of developments while every label finds
a place and the slide stays within the word budget; pages are then evened
out so the last one is not a lonely leftover.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, replace

from ..model import Development, PartialDate, Precision
from ..theme import Theme
from .deck_layout import (TEXT_INSET_X, TEXT_INSET_Y, Align, Anchor, Rect, Role, TextFrame, TextPara, TextRun,
                          text_runs, unlink_wide)
from .measure import WIDTH_SAFETY, Measurer, line_pitch

MIN_LABEL_SIZE = 14.0
"""Labels and tick dates are never smaller: the back of the room must read them."""

LABEL_SIZE_STEP = 2.0
"""Labels are set this much above the theme's minimum body size."""

LABEL_WIDTH_EMS = (15.0, 17.5, 20.0)
"""Label widths tried, in label font sizes: the narrowest that holds the title, else the widest."""

MAX_TITLE_LINES = 3
MAX_GROUPED_TITLE_LINES = 3
MAX_PER_LABEL = 3
"""Developments of the same date share a label, up to this many."""

MAX_PER_SLIDE = 8
"""Most developments on one slide, however short their titles."""

WORD_BUDGET = 72
"""Most words of labels and tick dates on a slide."""

LANES_PER_SIDE = 3
LABEL_GAP = 10.0
"""Between two labels side by side in a lane."""
LANE_GAP = 8.0
LEADER_CLEARANCE = 4.0
"""Between a leader and a label it passes."""
ANCHOR_INSET = 10.0
"""How far a label starting or ending at its marker reaches past it."""
STEM_MIN = 12.0
STEM_MAX = 40.0
"""The gap between the axis and the nearest lane: at least this, more when the slide has room."""

MARKER_RADIUS = 5.5
SPAN_HEIGHT = 5.0
"""The bar along the axis edge marking a development known only to the month or year."""
BREAK_WIDTH = 28.0
"""The cut in the axis between two far-apart periods."""
BREAK_SHARE = 0.3
"""A gap becomes a break when it is longer than this share of the time the slide shows otherwise."""
MIN_BREAK_DAYS = 60
MIN_SPAN_DAYS = 24
"""A period is never drawn shorter than this (a single day gets some axis around it)."""
MAX_TICKS = 5
"""Most dated ticks in one period of the axis."""
TICK_GAP = 10.0

ELLIPSIS = "…"
BULLET = "• "
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Segment:
    """A straight line: a leader, a tick, a stroke of a break."""

    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    weight: float


@dataclass(frozen=True)
class Dot:
    """A filled circle marking a date on the axis."""

    rect: Rect
    color: str
    outline: str


@dataclass(frozen=True)
class Bar:
    """A filled rectangle: a period of the axis, or the span of a month or a year along its edge."""

    rect: Rect
    color: str


@dataclass(frozen=True)
class TimelinePage:
    developments: tuple[Development, ...]
    shapes: tuple[Segment | Dot | Bar, ...]
    labels: tuple[TextFrame, ...]
    shortened: tuple[Development, ...] = ()
    """Developments whose title had to be cut on the slide (the notes carry it whole)."""


def plan_timeline(developments: tuple[Development, ...], area: Rect, theme: Theme,
                  measurer: Measurer) -> list[TimelinePage]:
    """Developments (already in date order) laid out over as many slides as they need."""
    if not developments:
        return []
    style = _Style(theme, measurer, area)
    return [_page(page, area, style) for page in _paginate(_items(developments, style), area, style)]


def label_runs(development: Development, link_color: str) -> tuple[TextRun, ...]:
    """A development's title as a label shows it, its sources cited as [n]."""
    runs = list(text_runs(development.title, link_color))
    numbers = [c.number for c in development.sources if not any(
        c.number == own.number for own in development.title.citations)]
    if numbers:
        runs.append(TextRun(" " + "".join(f"[{n}]" for n in numbers)))
    return tuple(runs)


# Labels ----------------------------------------------------------------------------------


class _Style:
    """Sizes and colours from the theme, and the measurer, for everything on a timeline slide."""

    def __init__(self, theme: Theme, measurer: Measurer, area: Rect):
        self.theme = theme
        self.measurer = measurer
        self.size = max(theme.sizes.slide_body_min + LABEL_SIZE_STEP, MIN_LABEL_SIZE)
        self.tick_size = max(theme.sizes.slide_body_min, MIN_LABEL_SIZE)
        self.colors = theme.colors
        self.max_width = area.width / 2
        self.axis_height = line_pitch(self.tick_size) + 2 * TEXT_INSET_Y + 2 * MARKER_RADIUS

    def text_width(self, box_width: float) -> float:
        return box_width - 2 * TEXT_INSET_X


@dataclass(frozen=True)
class _Item:
    """One label: a development, or several of the same date."""

    developments: tuple[Development, ...]
    date: PartialDate
    paras: tuple[TextPara, ...]
    width: float
    height: float
    words: int
    shortened: tuple[Development, ...]

    @property
    def month(self) -> tuple[int, int]:
        return self.date.year, self.date.month or 0


def _items(developments: tuple[Development, ...], style: _Style) -> list[_Item]:
    groups: list[list[Development]] = []
    for development in developments:
        if groups and groups[-1][0].date == development.date and len(groups[-1]) < MAX_PER_LABEL:
            groups[-1].append(development)
        else:
            groups.append([development])
    return [_item(tuple(group), style) for group in groups]


def _item(group: tuple[Development, ...], style: _Style) -> _Item:
    """A label at the narrowest width (of a few) that holds every title in its lines, else cut at the widest."""
    colors, size, measurer = style.colors, style.size, style.measurer
    lines = MAX_TITLE_LINES if len(group) == 1 else MAX_GROUPED_TITLE_LINES
    titles = []
    for development in group:
        runs = label_runs(development, colors.link)
        titles.append(TextPara((TextRun(BULLET),) + runs if len(group) > 1 else runs, size, colors.text))
    for ems in LABEL_WIDTH_EMS:
        text_width = style.text_width(min(size * ems, style.max_width))
        paras = [unlink_wide(para, text_width, measurer) for para in titles]
        if all(len(measurer.lines(para.measured(), text_width)) <= lines for para in paras):
            break
    shortened = []
    for index, para in enumerate(paras):
        if len(measurer.lines(para.measured(), text_width)) > lines:
            paras[index] = _shortened(para, text_width, lines, measurer)
            shortened.append(group[index])
    date = TextPara((TextRun(group[0].date.display(), bold=True),), size, colors.primary)
    paras = [date] + paras
    widest = max(measurer.width(line, size, bold=index == 0)
                 for index, para in enumerate(paras)
                 for line in measurer.lines(para.measured(), text_width))
    width = min(text_width + 2 * TEXT_INSET_X, widest / WIDTH_SAFETY + 2 * TEXT_INSET_X + 2)
    height = measurer.height([p.measured() for p in paras], style.text_width(width)) + 2 * TEXT_INSET_Y + 1
    words = sum(len(p.text.split()) for p in paras)
    return _Item(group, group[0].date, tuple(paras), width, height, words, tuple(shortened))


def _shortened(para: TextPara, width: float, lines: int, measurer: Measurer) -> TextPara:
    """A title too long for its label, cut at a word and marked with an ellipsis."""
    words = para.text.split()
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        trial = replace(para, runs=(TextRun(" ".join(words[:middle]) + ELLIPSIS),))
        if len(measurer.lines(trial.measured(), width)) <= lines:
            low = middle
        else:
            high = middle - 1
    return replace(para, runs=(TextRun(" ".join(words[:low]) + ELLIPSIS),))


# Pages -----------------------------------------------------------------------------------


def _paginate(items: list[_Item], area: Rect, style: _Style) -> list[list[_Item]]:
    """As few slides as whole months allow, their words shared as evenly as possible.

    A slide takes whole months while every label finds a place and the words
    stay within the budget; a month too big for a slide of its own is the only
    thing split inside a month.
    """
    units: list[list[_Item]] = []
    for item in items:
        if units and units[-1][0].month == item.month:
            units[-1].append(item)
        else:
            units.append([item])
    units = [piece for unit in units for piece in ([unit] if _words(unit, area, style) is not None
                                                   else [[item] for item in unit])]
    # best[i]: (slides, most words on one slide, sum of squared words, where the first slide ends)
    best: list[tuple[int, int, int, int]] = [(0, 0, 0, len(units))] * (len(units) + 1)
    for start in range(len(units) - 1, -1, -1):
        choice = None
        for end in range(start + 1, len(units) + 1):
            page = [item for unit in units[start:end] for item in unit]
            words = _words(page, area, style)
            if words is None:
                if end > start + 1:
                    break
                words = WORD_BUDGET
            slides, most, squares, _ = best[end]
            key = (slides + 1, max(most, words), squares + words * words, end)
            if choice is None or key[:3] < choice[:3]:
                choice = key
        best[start] = choice
    pages, start = [], 0
    while start < len(units):
        end = best[start][3]
        pages.append([item for unit in units[start:end] for item in unit])
        start = end
    return pages


def _words(items: list[_Item], area: Rect, style: _Style) -> int | None:
    """The words of a slide of these labels, or None when they do not all fit on one."""
    if sum(len(item.developments) for item in items) > MAX_PER_SLIDE:
        return None
    layout = _Layout.of(items, area, style)
    if layout is None or layout.words > WORD_BUDGET:
        return None
    return layout.words


def _page(items: list[_Item], area: Rect, style: _Style) -> TimelinePage:
    layout = _Layout.of(items, area, style) or _Layout.of(items, area, style, force=True)
    return layout.page()


# The axis: periods, breaks and ticks ----------------------------------------------------------


@dataclass(frozen=True)
class _Period:
    """A stretch of the axis drawn to one scale: days from `start` to `end` over `left`..`right`."""

    start: float
    end: float
    left: float
    right: float

    def x(self, day: float) -> float:
        return self.left + (day - self.start) / (self.end - self.start) * (self.right - self.left)


def _periods(items: list[_Item], left: float, right: float) -> list[_Period]:
    """The axis cut at gaps much longer than the time the slide shows otherwise; widths by label count."""
    spans = [(item.date.earliest.toordinal(), item.date.latest.toordinal() + 1) for item in items]
    ends = [spans[0][1]]
    for index in range(1, len(spans)):
        ends.append(max(ends[-1], spans[index][1]))
    gaps = {i: spans[i + 1][0] - ends[i] for i in range(len(spans) - 1)}
    cuts: set[int] = set()
    while True:
        total = ends[-1] - spans[0][0] - sum(gaps[i] for i in cuts)
        candidates = [i for i in gaps if i not in cuts and gaps[i] >= MIN_BREAK_DAYS]
        widest = max(candidates, key=lambda i: gaps[i], default=None)
        if widest is None or gaps[widest] <= BREAK_SHARE * (total - gaps[widest]):
            break
        cuts.add(widest)
    runs: list[list[int]] = [[]]
    for index in range(len(spans)):
        runs[-1].append(index)
        if index in cuts:
            runs.append([])
    width = right - left - BREAK_WIDTH * (len(runs) - 1)
    weights = [len(run) + 1 for run in runs]
    periods, x = [], left
    for run, weight in zip(runs, weights):
        start = min(spans[i][0] for i in run)
        end = max(spans[i][1] for i in run)
        pad = max((end - start) * 0.08, 2.0)
        start, end = start - pad, end + pad
        if end - start < MIN_SPAN_DAYS:
            grow = (MIN_SPAN_DAYS - (end - start)) / 2
            start, end = start - grow, end + grow
        share = width * weight / sum(weights)
        periods.append(_Period(start, end, x, x + share))
        x += share + BREAK_WIDTH
    return periods


_DAY_STEPS = (1, 2, 7, 14)
_MONTH_STEPS = (1, 2, 3, 6)
_YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100)


def _ticks(period: _Period, style: _Style) -> list[tuple[float, str | None]]:
    """Ticks (x, date) at the finest step whose dates fit side by side, at most MAX_TICKS of them.

    A date that would run past the end of its period is left off (its tick
    stays); a period too short for any tick shows its month or year at its start.
    """
    first = _dt.date.fromordinal(_day(math.ceil(period.start)))
    last = _dt.date.fromordinal(_day(math.floor(period.end)))
    for unit, steps in (("day", _DAY_STEPS), ("month", _MONTH_STEPS), ("year", _YEAR_STEPS)):
        for step in steps:
            dates = _tick_dates(first, last, unit, step)
            if not dates or len(dates) > MAX_TICKS:
                continue
            labels = _tick_labels(dates, unit)
            xs = [period.x(d.toordinal()) for d in dates]
            widths = [_tick_width(label, style) for label in labels]
            if all(xs[i] + widths[i] + TICK_GAP <= xs[i + 1] for i in range(len(xs) - 1)):
                return [(x, label if x + width <= period.right else None)
                        for x, label, width in zip(xs, labels, widths)]
    middle = _dt.date.fromordinal(_day(round((period.start + period.end) / 2)))
    for label in (f"{_MONTHS[middle.month - 1]} {middle.year}", str(middle.year)):
        if period.left + _tick_width(label, style) <= period.right:
            return [(period.left, label)]
    return []


def _day(ordinal: int) -> int:
    """An ordinal a date can have: an axis padded past 31 Dec 9999 (or before year 1) stops there."""
    return max(1, min(ordinal, _dt.date.max.toordinal()))


def _tick_width(label: str, style: _Style) -> float:
    return style.measurer.width(label, style.tick_size) / WIDTH_SAFETY + 2 * TEXT_INSET_X + 1


def _tick_dates(first: _dt.date, last: _dt.date, unit: str, step: int) -> list[_dt.date]:
    if unit == "day":
        if (last - first).days > 400:
            return []
        days = (first + _dt.timedelta(days=offset) for offset in range((last - first).days + 1))
        wanted = {1: range(1, 32), 2: range(1, 30, 2), 7: (1, 8, 15, 22), 14: (1, 15)}[step]
        return [day for day in days if day.day in wanted]
    if unit == "month":
        if last.year - first.year > 30:
            return []
        months = range(first.year * 12 + first.month - 1, last.year * 12 + last.month)
        dates = [_dt.date(m // 12, m % 12 + 1, 1) for m in months if (m % 12) % step == 0]
        return [d for d in dates if first <= d <= last]
    return [_dt.date(year, 1, 1) for year in range(first.year, last.year + 1)
            if year % step == 0 and first <= _dt.date(year, 1, 1) <= last]


def _tick_labels(dates: list[_dt.date], unit: str) -> list[str]:
    labels = []
    for index, date in enumerate(dates):
        new_year = index == 0 or dates[index - 1].year != date.year
        if unit == "year":
            labels.append(str(date.year))
        elif unit == "month":
            labels.append(f"{_MONTHS[date.month - 1]} {date.year}" if new_year else _MONTHS[date.month - 1])
        else:
            labels.append(f"{date.day} {_MONTHS[date.month - 1]}" + (f" {date.year}" if new_year else ""))
    return labels


# Placing labels in lanes -------------------------------------------------------------------

_ABOVE, _BELOW = "above", "below"


@dataclass(frozen=True)
class _Spot:
    item: _Item
    x: float
    left: float
    side: str
    lane: int
    align: Align

    @property
    def right(self) -> float:
        return self.left + self.item.width


@dataclass(frozen=True)
class _Layout:
    area: Rect
    style: _Style
    periods: tuple[_Period, ...]
    spots: tuple[_Spot, ...]
    ticks: tuple[tuple[tuple[float, str], ...], ...]

    @classmethod
    def of(cls, items: list[_Item], area: Rect, style: _Style, force: bool = False) -> "_Layout | None":
        """Every label in a lane, or None when one fits nowhere (with `force`, in an outer lane anyway)."""
        periods = _periods(items, area.x, area.right)
        spots: list[_Spot] = []
        for item in items:
            x = _marker_x(item, periods)
            spot = _free_spot(item, x, area, style, spots)
            if spot is None:
                if not force:
                    return None
                left = max(area.x, min(x - item.width / 2, area.right - item.width))
                spot = _Spot(item, x, left, _ABOVE if len(spots) % 2 == 0 else _BELOW, LANES_PER_SIDE - 1,
                             Align.CENTER)
            spots.append(spot)
        ticks = tuple(tuple(_ticks(period, style)) for period in periods)
        return cls(area, style, tuple(periods), tuple(spots), ticks)

    @property
    def words(self) -> int:
        return (sum(spot.item.words for spot in self.spots)
                + sum(len(label.split()) for period in self.ticks for _, label in period if label))

    def page(self) -> TimelinePage:
        style, colors, area = self.style, self.style.colors, self.area
        above = _stack(self.spots, _ABOVE)
        below = _stack(self.spots, _BELOW)
        used = sum(above) + sum(below) + LANE_GAP * (max(len(above) - 1, 0) + max(len(below) - 1, 0))
        free = area.height - used - style.axis_height
        stem = max(STEM_MIN, min(STEM_MAX, free / 2 - 1))
        top_part = sum(above) + LANE_GAP * max(len(above) - 1, 0) + (stem if above else 0)
        bottom_part = sum(below) + LANE_GAP * max(len(below) - 1, 0) + (stem if below else 0)
        total = top_part + style.axis_height + bottom_part
        axis_top = area.y + max(0.0, (area.height - total) / 2) + top_part
        axis = Rect(area.x, axis_top, area.width, style.axis_height)
        shapes: list[Segment | Dot | Bar] = []
        labels: list[TextFrame] = []
        for index, period in enumerate(self.periods):
            shapes.append(Bar(Rect(period.left, axis.y, period.right - period.left, axis.height), colors.rule))
            if index:
                shapes += _break_marks((self.periods[index - 1].right + period.left) / 2, axis, colors.muted)
            for x, text in self.ticks[index]:
                if x > period.left + 0.5:
                    shapes.append(Segment(x, axis.y + MARKER_RADIUS, x, axis.bottom - MARKER_RADIUS, colors.muted,
                                          1.0))
                if text is None:
                    continue
                para = TextPara((TextRun(text),), style.tick_size, colors.text)
                labels.append(TextFrame(Role.AXIS, Rect(x, axis.y + MARKER_RADIUS, _tick_width(text, style),
                                                        axis.height - 2 * MARKER_RADIUS), (para,), Anchor.MIDDLE))
        dots: list[Dot] = []
        for spot in self.spots:
            edge = axis.y if spot.side == _ABOVE else axis.bottom
            lane_edge = _lane_edge(spot, above if spot.side == _ABOVE else below, stem, axis)
            top = lane_edge - spot.item.height if spot.side == _ABOVE else lane_edge
            align = Align.LEFT if len(spot.item.developments) > 1 else spot.align
            paras = tuple(replace(p, align=align) for p in spot.item.paras)
            labels.append(TextFrame(Role.LABEL, Rect(spot.left, top, spot.item.width, spot.item.height), paras))
            shapes.append(Segment(spot.x, edge, spot.x, lane_edge, colors.muted, 1.0))
            period = _period_of(spot.item, self.periods)
            if spot.item.date.precision is not Precision.DAY:
                start = period.x(spot.item.date.earliest.toordinal())
                end = period.x(spot.item.date.latest.toordinal() + 1)
                y = edge - SPAN_HEIGHT if spot.side == _ABOVE else edge
                shapes.append(Bar(Rect(start, y, end - start, SPAN_HEIGHT), colors.accent))
            dots.append(Dot(Rect(spot.x - MARKER_RADIUS, edge - MARKER_RADIUS, 2 * MARKER_RADIUS, 2 * MARKER_RADIUS),
                            colors.accent, "FFFFFF"))
        developments = tuple(d for spot in self.spots for d in spot.item.developments)
        shortened = tuple(d for spot in self.spots for d in spot.item.shortened)
        return TimelinePage(developments, tuple(shapes + dots), tuple(labels), shortened)


def _marker_x(item: _Item, periods: tuple[_Period, ...] | list[_Period]) -> float:
    period = _period_of(item, periods)
    return period.x((item.date.earliest.toordinal() + item.date.latest.toordinal() + 1) / 2)


def _period_of(item: _Item, periods) -> _Period:
    day = item.date.earliest.toordinal()
    return next((p for p in periods if p.start <= day <= p.end), periods[-1])


def _free_spot(item: _Item, x: float, area: Rect, style: _Style, placed: list[_Spot]) -> _Spot | None:
    """The nearest lane with room; in it, the spot whose box ends furthest left (most room for later dates)."""
    best = None
    for lane in range(LANES_PER_SIDE):
        for side in (_ABOVE, _BELOW):
            for align in (Align.CENTER, Align.LEFT, Align.RIGHT):
                if align is Align.CENTER:
                    left = x - item.width / 2
                elif align is Align.LEFT:
                    left = x - ANCHOR_INSET
                else:
                    left = x + ANCHOR_INSET - item.width
                left = max(area.x, min(left, area.right - item.width))
                if not left - 0.01 <= x <= left + item.width + 0.01:
                    continue
                spot = _Spot(item, x, left, side, lane, align)
                if _is_free(spot, placed) and _height_fits(placed + [spot], area, style):
                    key = (round(spot.right), align is not Align.CENTER)
                    if best is None or key < best[0]:
                        best = (key, spot)
        if best is not None:
            return best[1]
    return None


def _is_free(spot: _Spot, placed: list[_Spot]) -> bool:
    for other in placed:
        if other.side != spot.side:
            continue
        if other.lane == spot.lane and spot.left < other.right + LABEL_GAP and other.left < spot.right + LABEL_GAP:
            return False
        if other.lane < spot.lane and other.left - LEADER_CLEARANCE < spot.x < other.right + LEADER_CLEARANCE:
            return False   # our leader would cross that label
        if other.lane > spot.lane and spot.left - LEADER_CLEARANCE < other.x < spot.right + LEADER_CLEARANCE:
            return False   # that label's leader would cross ours
    return True


def _stack(spots, side: str) -> list[float]:
    """Heights of the lanes used on one side, nearest the axis first."""
    heights: dict[int, float] = {}
    for spot in spots:
        if spot.side == side:
            heights[spot.lane] = max(heights.get(spot.lane, 0.0), spot.item.height)
    return [heights.get(lane, 0.0) for lane in range(max(heights) + 1)] if heights else []


def _height_fits(spots: list[_Spot], area: Rect, style: _Style) -> bool:
    needed = style.axis_height
    for side in (_ABOVE, _BELOW):
        lanes = _stack(spots, side)
        if lanes:
            needed += sum(lanes) + LANE_GAP * (len(lanes) - 1) + STEM_MIN
    return needed <= area.height


def _lane_edge(spot: _Spot, lanes: list[float], stem: float, axis: Rect) -> float:
    """The lane's edge nearest the axis."""
    offset = stem + sum(lanes[inner] + LANE_GAP for inner in range(spot.lane))
    return axis.y - offset if spot.side == _ABOVE else axis.bottom + offset


def _break_marks(x: float, axis: Rect, color: str) -> list[Segment]:
    """Two slanted strokes across the cut in the axis."""
    lean = axis.height * 0.35
    return [Segment(x + dx - lean / 2, axis.bottom + 4, x + dx + lean / 2, axis.y - 4, color, 2.0) for dx in (-4, 4)]
