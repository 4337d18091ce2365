"""Boxes on a slide, in points from its top-left corner, and the boxes a template offers.

Apart from deck_layout.py so that reading a template's slide size (when a
layout is checked, by `check` too) needs none of the deck's planning.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: "Rect") -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)

    def inside(self, other: "Rect") -> bool:
        return (self.x >= other.x - 0.01 and self.y >= other.y - 0.01
                and self.right <= other.right + 0.01 and self.bottom <= other.bottom + 0.01)


@dataclass(frozen=True)
class TemplateBoxes:
    """What the template in use offers: its slide size and placeholder boxes, in points.

    Read from the template file outside the plan (`slide_template.py`); any box
    may be missing, and the grid then designs that part itself.
    """

    width: float
    height: float
    title: Rect | None = None
    """The title placeholder of the 'Title and Content' layout (or the master's)."""
    body: Rect | None = None
    """Its content placeholder."""
    footer: Rect | None = None
    """The master's date, footer and slide-number placeholders together."""
    cover_title: Rect | None = None
    cover_subtitle: Rect | None = None
