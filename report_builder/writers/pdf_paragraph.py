"""A reportlab paragraph that breaks its lines once per width.

reportlab breaks a paragraph's lines again at every `wrap`, and a handout
wraps most paragraphs three or four times at the same width (keeping
headings with what follows, checking a table's rows, measuring the sources'
columns, then laying out and drawing the page): 550 line breakings for 180
paragraphs in the sample, a fifth of the PDF's time. The lines depend only
on the width, the style and the text, none of which change once the
paragraph is made.
"""

from __future__ import annotations

from reportlab.platypus import paragraph
from reportlab.rl_config import _FUZZ


class Paragraph(paragraph.Paragraph):
    _wrapped: tuple | None = None   # (width, what wrap worked out at that width)

    def wrap(self, availWidth, availHeight):
        wrapped = self._wrapped
        if wrapped is not None and wrapped[0] == availWidth:
            self.width, self.height, self.blPara, self._wrapWidths = wrapped[1]
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if availWidth >= _FUZZ:
            self._wrapped = (availWidth, (self.width, self.height, self.blPara, self._wrapWidths))
        return size
