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
a place and the slide stays within the word budget. Pages are chosen over
the whole chronology at once: no slide left with one or two developments
when another choice avoids it, then as few slides as possible, their words
shared evenly. To spare a lonely slide, a crowded one may show fewer ticks
and cut its longest titles short (each whole in the notes).
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, replace

from ..model import Development, PartialDate, Precision
from ..theme import Theme
from ..values import Value
from .deck_layout import (TEXT_INSET_X, TEXT_INSET_Y, Align, Anchor, Rect, Role, TextFrame, TextPara, TextRun,
                          text_runs, unlink_wide)
from .deck_text import WORD_BUDGET as DECK_WORD_BUDGET
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

SHORT_TITLE_WORDS = 7
"""A title cut short to spare a lonely slide keeps this many words (the notes carry it whole)."""

LONELY = 3
"""A timeline slide with fewer developments than this looks lonely, when the chronology has more."""

WORD_BUDGET = DECK_WORD_BUDGET
"""Most words of labels and tick dates on a slide: the deck's budget, which counts every text on a slide."""

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
FEWER_TICKS = 3
"""Most ticks on a crowded slide: fewer words, and the labels carry their dates anyway."""
"""Most dated ticks in one period of the axis."""
TICK_GAP = 10.0

ELLIPSIS = "…"
BULLET = "• "


@dataclass(frozen=True, eq=False, repr=False)
class Segment(Value):
    """A straight line: a leader, a tick, a stroke of a break."""

    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    weight: float


@dataclass(frozen=True, eq=False, repr=False)
class Dot(Value):
    """A filled circle marking a date on the axis."""

    rect: Rect
    color: str
    outline: str


@dataclass(frozen=True, eq=False, repr=False)
class Bar(Value):
    """A filled rectangle: a period of the axis, or the span of a month or a year along its edge."""

    rect: Rect
    color: str


@dataclass(frozen=True, eq=False, repr=False)
class TimelinePage(Value):
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
    labels = _Labels(developments, style)
    return [_page(page, fit, labels, area, style) for page, fit in _paginate(labels, area, style)]


def label_runs(development: Development, link_color: str, short: bool = False) -> tuple[TextRun, ...]:
    """A development's title as a label shows it, its sources cited as [n].

    `short`: a title longer than SHORT_TITLE_WORDS is cut to that many words
    and an ellipsis, its own citations moved after it with the sources'.
    """
    title = development.title
    if short and _title_words(development) > SHORT_TITLE_WORDS:
        words = title.plain_without_citations().split()[:SHORT_TITLE_WORDS]
        runs = [TextRun(" ".join(words).rstrip(",;:–—-") + ELLIPSIS)]
        numbers = [c.number for c in title.citations]
    else:
        runs = list(text_runs(title, link_color))
        numbers = []
    numbers += [c.number for c in development.sources if c.number not in {o.number for o in title.citations}]
    numbers = list(dict.fromkeys(numbers))
    if numbers:
        runs.append(TextRun(" " + "".join(f"[{n}]" for n in numbers)))
    return tuple(runs)


def _title_words(development: Development) -> int:
    return len(development.title.plain_without_citations().split())


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


@dataclass(frozen=True, eq=False, repr=False)
class _Item(Value):
    """One label: a development, or several of the same date."""

    developments: tuple[Development, ...]
    date: PartialDate
    paras: tuple[TextPara, ...]
    width: float
    height: float
    words: int
    shortened: tuple[Development, ...]
    """Titles too long for the label's lines, cut whatever the page."""
    cut: int = 0
    """Titles cut to fewer words than they have, to spare a lonely slide."""

    @property
    def month(self) -> tuple[int, int]:
        return self.date.year, self.date.month or 0


@dataclass(frozen=True, eq=False, repr=False)
class _Fit(Value):
    """How much a crowded slide gives up to hold more: fewer ticks, then some titles cut short."""

    ticks: int = MAX_TICKS
    cut: frozenset[int] = frozenset()
    """Positions in the chronology of the developments whose titles are cut to SHORT_TITLE_WORDS."""


class _Labels:
    """The chronology's labels (developments of one date share one), each made once for each way it is cut."""

    def __init__(self, developments: tuple[Development, ...], style: _Style):
        groups: list[list[int]] = []
        for position, development in enumerate(developments):
            if groups and developments[groups[-1][0]].date == development.date and len(groups[-1]) < MAX_PER_LABEL:
                groups[-1].append(position)
            else:
                groups.append([position])
        self.developments = developments
        self.groups = [tuple(group) for group in groups]
        self.style = style
        self._made: dict[tuple[int, tuple[bool, ...]], _Item] = {}
        self.full = [self._label(index, frozenset()) for index in range(len(groups))]

    def items(self, indices, cut: frozenset[int] = frozenset()) -> list[_Item]:
        return [self._label(index, cut) for index in indices]

    def long_titles(self, indices) -> list[int]:
        """Positions of the developments in these labels whose titles can be cut short, longest first."""
        positions = [p for index in indices for p in self.groups[index]
                     if _title_words(self.developments[p]) > SHORT_TITLE_WORDS]
        return sorted(positions, key=lambda p: -_title_words(self.developments[p]))

    def _label(self, index: int, cut: frozenset[int]) -> _Item:
        group = self.groups[index]
        short = tuple(position in cut for position in group)
        item = self._made.get((index, short))
        if item is None:
            item = self._made[index, short] = _item(tuple(self.developments[p] for p in group), self.style, short)
        return item


def _item(group: tuple[Development, ...], style: _Style, short: tuple[bool, ...] = ()) -> _Item:
    """A label at the narrowest width (of a few) that holds every title in its lines, else cut at the widest.

    `short`: for each development, whether its title is cut to SHORT_TITLE_WORDS first.
    """
    colors, size, measurer = style.colors, style.size, style.measurer
    lines = MAX_TITLE_LINES if len(group) == 1 else MAX_GROUPED_TITLE_LINES
    titles = []
    cut = 0
    for development, cut_short in zip(group, short or (False,) * len(group)):
        runs = label_runs(development, colors.link, cut_short)
        cut += cut_short and _title_words(development) > SHORT_TITLE_WORDS
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
    date = TextPara((TextRun(style.theme.dates.show(group[0].date), bold=True),), size, colors.primary)
    paras = [date] + paras
    widest = max(measurer.width(line, size, bold=index == 0)
                 for index, para in enumerate(paras)
                 for line in measurer.lines(para.measured(), text_width))
    width = min(text_width + 2 * TEXT_INSET_X, widest / WIDTH_SAFETY + 2 * TEXT_INSET_X + 2)
    height = measurer.height([p.measured() for p in paras], style.text_width(width)) + 2 * TEXT_INSET_Y + 1
    words = sum(len(p.text.split()) for p in paras)
    return _Item(group, group[0].date, tuple(paras), width, height, words, tuple(shortened), cut)


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


def _paginate(labels: _Labels, area: Rect, style: _Style) -> list[tuple[list[int], _Fit]]:
    """The labels (by index) of each slide, and how the slide fits them.

    A slide takes whole months while every label finds a place and the words
    stay within the budget; a month too big for a slide of its own is the only
    thing split inside a month. Of all such ways to cut the chronology into
    slides, the one chosen has the fewest lonely slides, then the fewest titles
    cut short, then the fewest slides, then the most even words.
    """
    items = labels.full
    units: list[list[int]] = []
    for index, item in enumerate(items):
        if units and items[units[-1][0]].month == item.month:
            units[-1].append(index)
        else:
            units.append([index])
    units = [piece for unit in units
             for piece in ([unit] if _fitting(unit, labels, area, style) is not None else [[i] for i in unit])]
    lonely_below = min(LONELY, sum(len(item.developments) for item in items))
    # best[i]: the cost of the slides from unit i on (lonely slides, titles cut, slides, most words on a
    # slide, sum of squared words), where the first of them ends, and how it fits its labels
    best: list[tuple[tuple[int, int, int, int, int], int, _Fit]] = [((0, 0, 0, 0, 0), len(units), _Fit())]
    best *= len(units) + 1
    for start in range(len(units) - 1, -1, -1):
        choice = None
        for end in range(start + 1, len(units) + 1):
            indices = [index for unit in units[start:end] for index in unit]
            fitted = _fitting(indices, labels, area, style)
            if fitted is None:
                if end > start + 1:
                    break
                fitted = (WORD_BUDGET, 0, _Fit())   # one label that fits no slide: placed anyway
            words, cut, fit = fitted
            count = sum(len(items[index].developments) for index in indices)
            lonely, cuts, slides, most, squares = best[end][0]
            cost = (lonely + (count < lonely_below), cuts + cut, slides + 1, max(most, words), squares + words * words)
            if choice is None or cost < choice[0]:
                choice = (cost, end, fit)
        best[start] = choice
    pages, start = [], 0
    while start < len(units):
        _, end, fit = best[start]
        pages.append(([index for unit in units[start:end] for index in unit], fit))
        start = end
    return pages


def _fitting(indices: list[int], labels: _Labels, area: Rect, style: _Style) -> tuple[int, int, _Fit] | None:
    """(words, titles cut, fit) of the least the labels must give up to share one slide, or None.

    Fewer ticks first (the labels' places do not depend on them); then the
    longest titles are cut short one by one, when cutting all of them makes room at all.
    """
    if sum(len(labels.full[index].developments) for index in indices) > MAX_PER_SLIDE:
        return None
    layout = _Layout.of(labels.items(indices), area, style)
    if layout is not None:
        if layout.words <= WORD_BUDGET:
            return layout.words, 0, _Fit()
        layout = layout.with_ticks(FEWER_TICKS)
        if layout.words <= WORD_BUDGET:
            return layout.words, 0, _Fit(FEWER_TICKS)
    long_titles = labels.long_titles(indices)
    cuts = [frozenset(long_titles[:count]) for count in range(1, len(long_titles) + 1)]
    if not cuts or _fits(indices, _Fit(FEWER_TICKS, cuts[-1]), labels, area, style) is None:
        return None
    return next(fitted for cut in cuts
                if (fitted := _fits(indices, _Fit(FEWER_TICKS, cut), labels, area, style)) is not None)


def _fits(indices: list[int], fit: _Fit, labels: _Labels, area: Rect, style: _Style) -> tuple[int, int, _Fit] | None:
    items = labels.items(indices, fit.cut)
    layout = _Layout.of(items, area, style, fit.ticks)
    if layout is None or layout.words > WORD_BUDGET:
        return None
    return layout.words, sum(item.cut for item in items), fit


def _page(indices: list[int], fit: _Fit, labels: _Labels, area: Rect, style: _Style) -> TimelinePage:
    items = labels.items(indices, fit.cut)
    layout = _Layout.of(items, area, style, fit.ticks) or _Layout.of(items, area, style, fit.ticks, force=True)
    return layout.page()


# The axis: periods, breaks and ticks ----------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class _Period(Value):
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


def _ticks(period: _Period, style: _Style, most: int = MAX_TICKS) -> list[tuple[float, str | None]]:
    """Ticks (x, date) at the finest step whose dates fit side by side, at most `most` of them.

    A date that would run past the end of its period is left off (its tick
    stays), but never every date of a period; a period too short for any
    dated tick shows its month or year at its start.
    """
    first = _dt.date.fromordinal(_day(math.ceil(period.start)))
    last = _dt.date.fromordinal(_day(math.floor(period.end)))
    for unit, steps in (("day", _DAY_STEPS), ("month", _MONTH_STEPS), ("year", _YEAR_STEPS)):
        for step in steps:
            dates = _tick_dates(first, last, unit, step, most)
            if not dates or len(dates) > most:
                continue
            labels = style.theme.dates.tick_labels(dates, unit)
            xs = [period.x(d.toordinal()) for d in dates]
            widths = [_tick_width(label, style) for label in labels]
            if all(xs[i] + widths[i] + TICK_GAP <= xs[i + 1] for i in range(len(xs) - 1)):
                ticks = [(x, label if x + width <= period.right else None)
                         for x, label, width in zip(xs, labels, widths)]
                if any(label for _, label in ticks):   # ticks without a single date say nothing: a coarser step
                    return ticks
    middle = _dt.date.fromordinal(_day(round((period.start + period.end) / 2)))
    for label in (style.theme.dates.show(PartialDate(middle.year, middle.month)), str(middle.year)):
        if period.left + _tick_width(label, style) <= period.right:
            return [(period.left, label)]
    return []


def _day(ordinal: int) -> int:
    """An ordinal a date can have: an axis padded past 31 Dec 9999 (or before year 1) stops there."""
    return max(1, min(ordinal, _dt.date.max.toordinal()))


def _tick_width(label: str, style: _Style) -> float:
    return style.measurer.width(label, style.tick_size) / WIDTH_SAFETY + 2 * TEXT_INSET_X + 1


def _tick_dates(first: _dt.date, last: _dt.date, unit: str, step: int, most: int = MAX_TICKS) -> list[_dt.date]:
    """The tick dates from `first` to `last`, or more than `most` of them when there are too many.

    Made one by one and stopped once there are too many, never a list of every day in the period.
    """
    limit = most + 1
    dates: list[_dt.date] = []
    if unit == "year":
        year = first.year + (-first.year) % step
        if _dt.date(first.year, 1, 1) < first and year == first.year:
            year += step
        while year <= last.year and len(dates) < limit:
            dates.append(_dt.date(year, 1, 1))
            year += step
        return dates
    month = first.year * 12 + first.month - 1
    days = {1: range(1, 32), 2: range(1, 30, 2), 7: (1, 8, 15, 22), 14: (1, 15)}[step] if unit == "day" else (1,)
    while month <= last.year * 12 + last.month - 1 and len(dates) < limit:
        if unit == "day" or (month % 12) % step == 0:
            for day in days:
                try:
                    date = _dt.date(month // 12, month % 12 + 1, day)
                except ValueError:
                    break   # past the month's last day
                if first <= date <= last:
                    dates.append(date)
        month += 1
    return dates[:limit]


# Placing labels in lanes -------------------------------------------------------------------

_ABOVE, _BELOW = "above", "below"


@dataclass(frozen=True, eq=False, repr=False)
class _Spot(Value):
    item: _Item
    x: float
    left: float
    side: str
    lane: int
    align: Align

    @property
    def right(self) -> float:
        return self.left + self.item.width


@dataclass(frozen=True, eq=False, repr=False)
class _Layout(Value):
    area: Rect
    style: _Style
    periods: tuple[_Period, ...]
    spots: tuple[_Spot, ...]
    ticks: tuple[tuple[tuple[float, str], ...], ...]

    @classmethod
    def of(cls, items: list[_Item], area: Rect, style: _Style, ticks: int = MAX_TICKS,
           force: bool = False) -> "_Layout | None":
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
        return cls(area, style, tuple(periods), tuple(spots), ()).with_ticks(ticks)

    def with_ticks(self, most: int) -> "_Layout":
        """The layout with at most `most` ticks in each period of its axis (the labels stay where they are)."""
        return replace(self, ticks=tuple(tuple(_ticks(period, self.style, most)) for period in self.periods))

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
