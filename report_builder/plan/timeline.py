"""Where the PDF timeline's markers, labels and ticks go: pure geometry, no PDF library.

The developments are drawn on dated axes ("bands"), each band scaled to the
dates it holds. Labels sit in lanes above and below the axis, joined to their
marker by a vertical leader. A label goes into the first lane where its box
overlaps no other label and no other leader; a band takes developments in date
order until the next one fits nowhere, and then a new band starts. So labels
never collide and never leave the band, however many developments there are.

Text is measured with the advance widths of the theme's TrueType files and
the same per-character fallback the PDF writer draws with, so a wrapped line
is exactly as wide as the plan says.

Coordinates are PDF points with y up, origin at the band's lower left corner.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, Sequence

from ..dates import DEFAULT as DEFAULT_DATES
from ..dates import DateStyle
from ..model import Development, PartialDate, Precision
from ..theme import FontFace
from ..values import Value
from .fontfile import font_file
from .shorten import fitting_count, longest_prefix

ELLIPSIS = "…"
BULLET = "• "

LANES_PER_SIDE = 2
MAX_TITLE_LINES = 4          # a label of one development
MAX_GROUPED_TITLE_LINES = 3  # each title in a label shared by same-day developments
MAX_TITLES_PER_LABEL = 3     # same-day developments beyond this get another label
LABEL_WIDTH_EMS = 12.5       # widest label, in label font sizes
LABEL_GAP = 6.0              # between two labels side by side
LEADER_CLEARANCE = 3.0       # between a leader and a label it passes
ANCHOR_INSET = 4.0           # how far a label starting or ending at its marker reaches past it
LANE_GAP = 5.0               # between lanes on one side
LEADER_MIN = 7.0             # between the axis and the nearest lane
BAND_PADDING = 4.0           # above the top lane and below the bottom one
TICK_LABEL_PAD = 2.5         # between a tick and its label
TICK_LABEL_GAP = 8.0         # between two tick labels
LOOKAHEAD = 3                # a band that cannot take the next date may still take the one after
MIN_SPAN_DAYS = 45           # a band is never zoomed in further than this


class Measure(Protocol):
    def __call__(self, text: str, size: float, bold: bool = False) -> float: ...


class FontMetrics:
    """Advance widths of the theme's fonts, choosing per character the first font that has it.

    fontTools is imported only when a timeline is planned; the files are read
    once per instance. A character no font has is measured with the main
    font's missing-glyph width, which is what the PDF then draws.
    """

    def __init__(self, faces: Sequence[FontFace]):
        self._faces = tuple(faces)
        self._cache: dict[tuple[str, bool], float] = {}

    def face_index(self, ch: str) -> int | None:
        """Which face draws `ch` (0 is the main font), or None when no face has it."""
        for index, face in enumerate(self._faces):
            if font_file(face.regular).covers(ch):
                return index
        return None

    def _char_width(self, ch: str, bold: bool) -> float:
        key = (ch, bold)
        if key not in self._cache:
            index = self.face_index(ch)
            file = font_file(self._faces[index if index is not None else 0].file(bold=bold))
            advance = file.advance(ch)
            self._cache[key] = file.missing if advance is None else advance
        return self._cache[key]

    def __call__(self, text: str, size: float, bold: bool = False) -> float:
        return size * sum(self._char_width(ch, bold) for ch in text)


# The plan ------------------------------------------------------------------


class Side(Enum):
    ABOVE = "above"
    BELOW = "below"


class Align(Enum):
    """How a label's lines line up with its marker."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, eq=False, repr=False)
class TimelineStyle(Value):
    """Sizes and the date style from the theme; everything else is structural."""

    label_size: float
    tick_size: float
    dates: DateStyle = DEFAULT_DATES

    @property
    def leading(self) -> float:
        return self.label_size * 1.2

    @property
    def axis_height(self) -> float:
        return self.tick_size * 2.1

    @property
    def max_label_width(self) -> float:
        return self.label_size * LABEL_WIDTH_EMS


@dataclass(frozen=True, eq=False, repr=False)
class Box(Value):
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def top(self) -> float:
        return self.y + self.height

    def intersects(self, other: "Box") -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.top and other.y < self.top)


@dataclass(frozen=True, eq=False, repr=False)
class LabelLine(Value):
    """One line of a label: the date (bold) or part of a title, indented under a bullet."""

    text: str
    bold: bool = False
    indent: float = 0.0


@dataclass(frozen=True, eq=False, repr=False)
class Label(Value):
    developments: tuple[int, ...]   # indexes into the developments given to plan_timeline
    lines: tuple[LabelLine, ...]
    box: Box
    align: Align
    side: Side
    lane: int


@dataclass(frozen=True, eq=False, repr=False)
class Marker(Value):
    """A development's place on the axis; dates known to the month or year also get a span."""

    x: float
    span_start: float
    span_end: float
    side: Side
    precise: bool


@dataclass(frozen=True, eq=False, repr=False)
class Leader(Value):
    x: float
    y_from: float
    y_to: float


@dataclass(frozen=True, eq=False, repr=False)
class Tick(Value):
    x: float
    label: str | None
    label_x: float


@dataclass(frozen=True, eq=False, repr=False)
class Band(Value):
    """One dated axis with its labels: a flowable the writer draws as given."""

    width: float
    height: float
    axis: Box
    start: _dt.date
    end: _dt.date
    ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...]
    leaders: tuple[Leader, ...]
    labels: tuple[Label, ...]


@dataclass(frozen=True, eq=False, repr=False)
class TimelinePlan(Value):
    bands: tuple[Band, ...]


# Planning -------------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class _Item(Value):
    """A label to place: one development, or up to three on the same date."""

    developments: tuple[int, ...]
    date: PartialDate
    lines: tuple[LabelLine, ...]
    width: float
    height: float


@dataclass(frozen=True, eq=False, repr=False)
class _Placed(Value):
    item: _Item
    x: float          # marker
    left: float       # label box
    side: Side
    lane: int
    align: Align


def plan_timeline(developments: Sequence[Development], width: float, measure: Measure,
                  style: TimelineStyle) -> TimelinePlan:
    """Bands of `width` points holding every development, in date order."""
    items = _items(developments, measure, style, width)
    bands: list[Band] = []
    start = 0
    while start < len(items):
        count, placed, misses = 0, [], 0
        for end in range(start + 1, len(items) + 1):
            attempt = _place(items[start:end], width)
            if attempt is not None:
                count, placed, misses = end - start, attempt, 0
            else:
                misses += 1
                if misses > LOOKAHEAD:
                    break
        bands.append(_band(placed, width, measure, style))
        start += count
    return TimelinePlan(tuple(bands))


def _items(developments: Sequence[Development], measure: Measure, style: TimelineStyle,
           width: float) -> list[_Item]:
    order = sorted(range(len(developments)), key=lambda i: developments[i].date.sort_key)
    groups: list[list[int]] = []
    for index in order:
        if groups and developments[groups[-1][0]].date == developments[index].date \
                and len(groups[-1]) < MAX_TITLES_PER_LABEL:
            groups[-1].append(index)
        else:
            groups.append([index])
    return [_item(group, developments, measure, style, width) for group in groups]


def _item(group: list[int], developments: Sequence[Development], measure: Measure,
          style: TimelineStyle, band: float) -> _Item:
    size = style.label_size
    date = developments[group[0]].date
    titles = " ".join(developments[index].title.plain_without_citations() for index in group)
    indent = measure(BULLET, size) if len(group) > 1 else 0.0
    limit = label_width(titles, size, measure, min(style.max_label_width, band) - indent, band - indent) + indent
    lines = [LabelLine(style.dates.show(date), bold=True)]
    if len(group) == 1:
        titles = wrap(developments[group[0]].title.plain_without_citations(), limit, size, measure,
                      MAX_TITLE_LINES)
        lines += [LabelLine(text) for text in titles]
    else:
        for index in group:
            titles = wrap(developments[index].title.plain_without_citations(), limit - indent, size,
                          measure, MAX_GROUPED_TITLE_LINES)
            lines.append(LabelLine(BULLET + titles[0]))
            lines += [LabelLine(text, indent=indent) for text in titles[1:]]
    widths = [line.indent + measure(line.text, size, line.bold) for line in lines]
    height = len(lines) * style.leading
    return _Item(tuple(group), date, tuple(lines), min(limit, max(widths)), height)


def wrap(text: str, width: float, size: float, measure: Measure, max_lines: int) -> list[str]:
    """Lines of at most `width`, broken between words; past `max_lines`, the last line ends after a
    whole word with '…'. Only a word wider than the whole band is broken inside."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if measure(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while len(lines) <= max_lines and measure(current, size) > width:
            cut = fitting_count(current, width, lambda s: measure(s, size))
            lines.append(current[:cut])
            current = current[cut:]
        if len(lines) > max_lines:
            break  # the lines that will be shown are known: the rest of a long title is never measured
    else:
        if current:
            lines.append(current)
    if len(lines) > max_lines:
        words = lines[max_lines - 1].split()
        count = max(1, longest_prefix(len(words), lambda k: measure(" ".join(words[:k]) + ELLIPSIS, size) <= width))
        last = " ".join(words[:count])
        keep = max(1, longest_prefix(len(last), lambda k: measure(last[:k] + ELLIPSIS, size) <= width))
        lines = lines[:max_lines - 1] + [last[:keep] + ELLIPSIS]    # inside a word only when one is wider than the band
    return lines or [""]


def label_width(text: str, size: float, measure: Measure, limit: float, band: float) -> float:
    """The label's width: `limit`, or wider to hold its widest word whole (never wider than the band)."""
    widest = max((measure(word, size) for word in text.split()), default=0.0)
    return min(max(limit, widest), band)


# Placing labels in lanes -------------------------------------------------------


_ALIGN_ORDER = (Align.RIGHT, Align.CENTER, Align.LEFT)   # on ties, a label ending at its marker
_LANES = tuple((side, lane) for lane in range(LANES_PER_SIDE) for side in (Side.ABOVE, Side.BELOW))


def _place(items: Sequence[_Item], width: float) -> list[_Placed] | None:
    """Every item in a lane, or None when one of them fits nowhere (never for a single item)."""
    scale = _Scale.for_dates([item.date for item in items])
    placed: list[_Placed] = []
    for item in items:
        x = scale.x(item.date, width)
        spot = _first_free_spot(item, x, width, placed)
        if spot is None:
            return None
        left, side, lane, align = spot
        placed.append(_Placed(item, x, left, side, lane, align))
    return placed


def _first_free_spot(item: _Item, x: float, width: float, placed: list[_Placed]):
    """In the nearest lane, the free spot whose box ends furthest left: most room for later dates."""
    best = None
    for rank, (side, lane) in enumerate(_LANES):
        for align in _ALIGN_ORDER:
            if align is Align.CENTER:
                left = x - item.width / 2
            elif align is Align.LEFT:
                left = x - ANCHOR_INSET
            else:
                left = x + ANCHOR_INSET - item.width
            left = max(0.0, min(left, width - item.width))
            if _is_free(left, left + item.width, x, side, lane, placed):
                key = (lane, round(left + item.width), rank)
                if best is None or key < best[0]:
                    best = (key, (left, side, lane, align))
    return best[1] if best else None


def _is_free(left: float, right: float, x: float, side: Side, lane: int, placed: list[_Placed]) -> bool:
    for other in placed:
        if other.side is not side:
            continue
        other_right = other.left + other.item.width
        if other.lane == lane and left < other_right + LABEL_GAP and other.left < right + LABEL_GAP:
            return False
        if other.lane < lane and other.left - LEADER_CLEARANCE < x < other_right + LEADER_CLEARANCE:
            return False   # our leader would cross that label
        if other.lane > lane and left - LEADER_CLEARANCE < other.x < right + LEADER_CLEARANCE:
            return False   # that label's leader would cross ours
    return True


@dataclass(frozen=True, eq=False, repr=False)
class _Scale(Value):
    """Days from `start` to `end` spread over the band's width."""

    start: _dt.date
    end: _dt.date

    @classmethod
    def for_dates(cls, dates: Sequence[PartialDate]) -> "_Scale":
        first = min(d.earliest for d in dates).toordinal()
        last = max(d.latest for d in dates).toordinal() + 1
        pad = max((last - first) * 0.04, 3.0)
        first, last = first - pad, last + pad
        if last - first < MIN_SPAN_DAYS:
            grow = (MIN_SPAN_DAYS - (last - first)) / 2
            first, last = first - grow, last + grow
        first, last = max(int(first), 1), min(int(last) + 1, _dt.date.max.toordinal())
        return cls(_dt.date.fromordinal(first), _dt.date.fromordinal(last))

    def at(self, day: float, width: float) -> float:
        return (day - self.start.toordinal()) / (self.end.toordinal() - self.start.toordinal()) * width

    def x(self, date: PartialDate, width: float) -> float:
        return (self.at(date.earliest.toordinal(), width) + self.at(date.latest.toordinal() + 1, width)) / 2

    def span(self, date: PartialDate, width: float) -> tuple[float, float]:
        return self.at(date.earliest.toordinal(), width), self.at(date.latest.toordinal() + 1, width)


# Turning placements into a band ------------------------------------------------


def _band(placed: list[_Placed], width: float, measure: Measure, style: TimelineStyle) -> Band:
    lane_height = {(side, lane): 0.0 for side, lane in _LANES}
    for p in placed:
        lane_height[(p.side, p.lane)] = max(lane_height[(p.side, p.lane)], p.item.height)

    def stack(side: Side) -> float:
        used = [lane_height[(side, lane)] for lane in range(LANES_PER_SIDE) if lane_height[(side, lane)]]
        return sum(used) + LANE_GAP * max(len(used) - 1, 0) + (LEADER_MIN if used else LEADER_MIN / 2)

    axis_y = BAND_PADDING + stack(Side.BELOW)
    axis = Box(0.0, axis_y, width, style.axis_height)
    height = axis.top + stack(Side.ABOVE) + BAND_PADDING

    def lane_edge(side: Side, lane: int) -> float:
        """The lane's edge nearest the axis."""
        offset = LEADER_MIN + sum(lane_height[(side, inner)] + LANE_GAP for inner in range(lane))
        return axis.top + offset if side is Side.ABOVE else axis.y - offset

    scale = _Scale.for_dates([p.item.date for p in placed])
    labels, markers, leaders = [], [], []
    for p in placed:
        edge = lane_edge(p.side, p.lane)
        y = edge if p.side is Side.ABOVE else edge - p.item.height
        box = Box(p.left, y, p.item.width, p.item.height)
        labels.append(Label(p.item.developments, p.item.lines, box, p.align, p.side, p.lane))
        span_start, span_end = scale.span(p.item.date, width)
        markers.append(Marker(p.x, span_start, span_end, p.side, p.item.date.precision is Precision.DAY))
        axis_edge = axis.top if p.side is Side.ABOVE else axis.y
        leaders.append(Leader(p.x, axis_edge, edge))
    ticks = _ticks(scale, width, measure, style)
    return Band(width, height, axis, scale.start, scale.end, ticks, tuple(markers), tuple(leaders), tuple(labels))


# Ticks -------------------------------------------------------------------------

_DAY_STEPS = {1: range(1, 32), 2: range(1, 30, 2), 7: (1, 8, 15, 22), 14: (1, 15)}
_MONTH_STEPS = (1, 2, 3, 6)
_YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def _ticks(scale: _Scale, width: float, measure: Measure, style: TimelineStyle) -> tuple[Tick, ...]:
    """Ticks at the finest step whose labels fit, each label starting just after its tick."""
    size = style.tick_size
    span_days = max((scale.end - scale.start).days, 1)
    for unit, steps in (("day", _DAY_STEPS), ("month", _MONTH_STEPS), ("year", _YEAR_STEPS)):
        for step in steps:
            spacing = width / span_days * _step_days(unit, step)
            if spacing < TICK_LABEL_PAD + TICK_LABEL_GAP + size:   # not even one character apart
                continue
            dates = _tick_dates(scale.start, scale.end, unit, step)
            labels = style.dates.tick_labels(dates, unit)
            widest = max((measure(label, size) for label in labels), default=0.0)
            if spacing >= widest + TICK_LABEL_PAD + TICK_LABEL_GAP:
                return _label_ticks(dates, labels, scale, width, measure, size)
    return ()


def _step_days(unit: str, step: int) -> float:
    return {"day": 1, "month": 28, "year": 365}[unit] * step


def _tick_dates(start: _dt.date, end: _dt.date, unit: str, step: int) -> list[_dt.date]:
    """Tick dates from `start` to `end`: few, since the spacing was checked first."""
    if unit == "day":
        days = (start + _dt.timedelta(days=offset) for offset in range((end - start).days + 1))
        return [day for day in days if day.day in _DAY_STEPS[step]]
    if unit == "month":
        months = (start.year * 12 + start.month - 1 + offset
                  for offset in range((end.year - start.year) * 12 + end.month - start.month + 1))
        firsts = (_dt.date(index // 12, index % 12 + 1, 1) for index in months if index % 12 % step == 0)
        return [first for first in firsts if start <= first]
    return [_dt.date(year, 1, 1) for year in range(start.year, end.year + 1)
            if year % step == 0 and _dt.date(year, 1, 1) >= start]


def _label_ticks(dates, labels, scale: _Scale, width: float, measure: Measure, size: float) -> tuple[Tick, ...]:
    ticks = []
    free_from = 0.0
    for date, label in zip(dates, labels):
        x = scale.at(date.toordinal(), width)
        label_x = x + TICK_LABEL_PAD
        fits = label_x >= free_from and label_x + measure(label, size) <= width - TICK_LABEL_PAD
        ticks.append(Tick(x, label if fits else None, label_x))
        if fits:
            free_from = label_x + measure(label, size) + TICK_LABEL_GAP
    return tuple(ticks)
