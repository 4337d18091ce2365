"""The chronology as a drawn timeline: how many developments per slide, and where each goes.

Markers sit evenly along a horizontal axis in date order; labels (date and
title) alternate above and below it, so a label may be up to two marker
spacings wide without touching its neighbour on the same side. A slide takes
as many developments as stay legible: the most (up to a maximum) whose
labels, measured at the theme's minimum body size, fit in their half of the
slide. Pages are then evened out so the last one is not a lonely leftover.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import Development
from ..theme import Theme
from .deck_layout import (TEXT_INSET_X, TEXT_INSET_Y, Align, Anchor, Rect, Role, TextFrame, TextPara, TextRun,
                          text_runs, unlink_wide)
from .measure import Measurer

MAX_PER_SLIDE = 6
"""Most developments on one slide, however short their titles."""

LABEL_SIZE_STEP = 2.0
"""Labels are set this much above the theme's minimum body size."""

MARKER_RADIUS = 7.0
STEM_LENGTH = 14.0
"""Shortest line from a marker to its label."""

LABEL_GAP = 10.0
"""Space between two labels on the same side of the axis."""

ELLIPSIS = "…"


@dataclass(frozen=True)
class Segment:
    """A straight line, e.g. the axis or a marker's stem."""

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
class TimelinePage:
    developments: tuple[Development, ...]
    shapes: tuple[Segment | Dot, ...]
    labels: tuple[TextFrame, ...]
    shortened: tuple[Development, ...] = ()
    """Developments whose title had to be cut on the slide (the notes carry it whole)."""


def plan_timeline(developments: tuple[Development, ...], area: Rect, theme: Theme,
                  measurer: Measurer) -> list[TimelinePage]:
    """Developments (already in date order) laid out over as many slides as they need."""
    if not developments:
        return []
    counts = _page_counts(developments, area, theme, measurer, MAX_PER_SLIDE)
    balanced = _page_counts(developments, area, theme, measurer, math.ceil(len(developments) / len(counts)))
    if len(balanced) == len(counts):
        counts = balanced
    pages, start = [], 0
    for count in counts:
        pages.append(_page(developments[start:start + count], area, theme, measurer, allow_shortening=True))
        start += count
    return pages


def label_runs(development: Development, link_color: str) -> tuple[TextRun, ...]:
    """A development's title as a label shows it, its sources cited as [n]."""
    runs = list(text_runs(development.title, link_color))
    numbers = [c.number for c in development.sources if not any(
        c.number == own.number for own in development.title.citations)]
    if numbers:
        runs.append(TextRun(" " + "".join(f"[{n}]" for n in numbers)))
    return tuple(runs)


def _page_counts(developments, area, theme, measurer, most: int) -> list[int]:
    """Greedy: each slide takes the most developments whose labels all fit."""
    counts, start = [], 0
    while start < len(developments):
        count = min(most, len(developments) - start)
        while count > 1 and _page(developments[start:start + count], area, theme, measurer) is None:
            count -= 1
        counts.append(count)
        start += count
    return counts


def _page(developments, area: Rect, theme: Theme, measurer: Measurer,
          allow_shortening: bool = False) -> TimelinePage | None:
    """One slide's timeline, or None when a label does not fit and shortening is not allowed."""
    count = len(developments)
    spacing = area.width / count
    axis_y = area.y + area.height / 2
    above_bottom = axis_y - MARKER_RADIUS - STEM_LENGTH
    below_top = axis_y + MARKER_RADIUS + STEM_LENGTH
    zone_height = above_bottom - area.y
    colors = theme.colors
    shapes: list[Segment | Dot] = [Segment(area.x, axis_y, area.right, axis_y, colors.primary, 2.5)]
    stems: list[Segment] = []
    dots: list[Dot] = []
    labels: list[TextFrame] = []
    shortened: list[Development] = []
    for index, development in enumerate(developments):
        center = area.x + (index + 0.5) * spacing
        left = max(area.x, center - spacing + LABEL_GAP / 2)
        right = min(area.right, center + spacing - LABEL_GAP / 2)
        paras = tuple(unlink_wide(para, right - left - 2 * TEXT_INSET_X, measurer)
                      for para in _label_paras(development, theme, label_runs(development, colors.link)))
        height = _label_height(paras, right - left, measurer)
        if height > zone_height:
            if not allow_shortening:
                return None
            paras = _shortened_label(development, theme, right - left, zone_height, measurer)
            height = _label_height(paras, right - left, measurer)
            shortened.append(development)
        above = index % 2 == 0
        top = above_bottom - height if above else below_top
        labels.append(TextFrame(Role.LABEL, Rect(left, top, right - left, height), paras, Anchor.TOP))
        stem_end = above_bottom if above else below_top
        stem_start = axis_y - MARKER_RADIUS if above else axis_y + MARKER_RADIUS
        stems.append(Segment(center, stem_start, center, stem_end, colors.muted, 1.0))
        dots.append(Dot(Rect(center - MARKER_RADIUS, axis_y - MARKER_RADIUS, 2 * MARKER_RADIUS, 2 * MARKER_RADIUS),
                        colors.accent, "FFFFFF"))
    return TimelinePage(tuple(developments), tuple(shapes + stems + dots), tuple(labels), tuple(shortened))


def _label_paras(development: Development, theme: Theme, title_runs: tuple[TextRun, ...]) -> tuple[TextPara, ...]:
    size = theme.sizes.slide_body_min + LABEL_SIZE_STEP
    date = TextPara((TextRun(development.date.display(), bold=True),), size, theme.colors.primary,
                    align=Align.CENTER)
    title = TextPara(title_runs, size, theme.colors.text, align=Align.CENTER)
    return (date, title)


def _label_height(paras: tuple[TextPara, ...], width: float, measurer: Measurer) -> float:
    return measurer.height([p.measured() for p in paras], width - 2 * TEXT_INSET_X) + 2 * TEXT_INSET_Y + 1


def _shortened_label(development, theme, width, height, measurer) -> tuple[TextPara, ...]:
    """A title too long for even a slide of its own, cut at a word and marked with an ellipsis."""
    words = development.title.plain().split()
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        paras = _label_paras(development, theme, (TextRun(" ".join(words[:middle]) + ELLIPSIS),))
        if _label_height(paras, width, measurer) <= height:
            low = middle
        else:
            high = middle - 1
    return _label_paras(development, theme, (TextRun(" ".join(words[:low]) + ELLIPSIS),))

