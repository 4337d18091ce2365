"""A figure of the PDF handout: the picture scaled to the column, its caption under it, never parted.

A figure that does not fit at the foot of a page is set smaller, down to
`MIN_SCALE` of its size, before it moves to the next page and leaves a gap.
"""

from __future__ import annotations

import io

from reportlab.platypus import Flowable, Image, Paragraph

from ..plan.figures import FigureSize

MIN_SCALE = 0.6


class Figure(Flowable):
    """One picture of the planned size (`plan.figures`), centred, with an optional caption."""

    def __init__(self, data: bytes, size: FigureSize, caption: Paragraph | None,
                 space_before: float, space_after: float):
        super().__init__()
        self.image = Image(io.BytesIO(data))
        self.caption = caption
        self.natural = (size.width, size.height)
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.scale = 1.0

    def wrap(self, avail_width, avail_height):
        caption = self.caption.wrap(avail_width, avail_height)[1] + self.caption.getSpaceBefore() if self.caption else 0.0
        natural_height = self.natural[1]
        room = avail_height - caption
        self.scale = 1.0 if room >= natural_height else max(room / natural_height, MIN_SCALE)
        self.width, self.caption_height = avail_width, caption
        self.height = natural_height * self.scale + caption
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return []

    def draw(self):
        width, height = self.natural[0] * self.scale, self.natural[1] * self.scale
        self.image.drawWidth, self.image.drawHeight = width, height
        self.image.drawOn(self.canv, (self.width - width) / 2, self.caption_height)
        if self.caption:
            self.caption.drawOn(self.canv, 0, 0)
