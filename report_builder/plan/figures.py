"""How large a picture is set on the page, in the Word brief and the PDF handout alike.

As wide as the text allows and at most `max_height` tall, keeping its shape;
but never enlarged past one point per pixel (72 pixels an inch): a small
picture blown up to the column's width prints blocky and blurred, so it is
set at that size, centred, with its caption centred under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..values import Value

POINTS_PER_PIXEL = 1.0


@dataclass(frozen=True, eq=False, repr=False)
class FigureSize(Value):
    width: float
    height: float
    narrower: bool
    """Narrower than the text: its caption is centred under it."""


def figure_size(width_px: int, height_px: int, width: float, max_height: float) -> FigureSize:
    scale = min(width / width_px, max_height / height_px, POINTS_PER_PIXEL)
    shown = width_px * scale
    return FigureSize(shown, height_px * scale, shown < width - 0.5)
