"""Short paragraphs in two balanced columns (the handout's sources), split between pages by whole paragraphs.

reportlab's BalancedColumns finds its split by trial and error, wrapping
every paragraph again for each try (seconds for a long list); here each
paragraph is measured once and the columns are cut by adding heights.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak


MIN_TAKEN = 4
"""Paragraphs a page keeps of a split list however much the next page is to get: its heading stays with some."""


class TwoColumns(Flowable):
    """Paragraphs in two columns `gap` apart: filled down the first column, then the second.

    Split between pages, the part on the first page takes the rest of that page (nothing else
    goes under it), and at least `min_rest` points of paragraphs (in one column's measure) go
    to the next page when it can, so a list ending a document does not end on a runt.
    """

    def __init__(self, paragraphs: list, gap: float, min_rest: float = 0.0, heights: list[float] | None = None,
                 width: float = 0.0):
        super().__init__()
        self.paragraphs = list(paragraphs)
        self.gap = gap
        self.min_rest = min_rest
        self._heights: list[float] = list(heights or [])
        self._measured_width = width
        self._columns: tuple[list[int], list[int]] = ([], [])

    def _measure(self, width: float) -> list[float]:
        """Each paragraph's height with the space after it, at the column width (measured once)."""
        if not self._heights or self._measured_width != width:
            self._measured_width = width
            column = (width - self.gap) / 2
            self._heights = [paragraph.wrap(column, 1e6)[1] + paragraph.getSpaceAfter()
                             for paragraph in self.paragraphs]
        return self._heights

    def _balanced(self, heights: list[float]) -> int:
        """How many paragraphs go in the first column so the taller column is as short as can be."""
        total = sum(heights)
        best, best_height, used = len(heights), total, 0.0
        for count in range(len(heights) + 1):
            taller = max(used, total - used)
            if taller < best_height - 0.01:
                best, best_height = count, taller
            if count < len(heights):
                used += heights[count]
        return best

    def wrap(self, avail_width, avail_height):
        heights = self._measure(avail_width)
        first = self._balanced(heights)
        self._columns = (list(range(first)), list(range(first, len(heights))))
        self.width = avail_width
        self.height = max(sum(heights[:first]), sum(heights[first:]))
        return self.width, self.height

    def split(self, avail_width, avail_height):
        heights = self._measure(avail_width)
        taken, used, column = 0, 0.0, 0
        while taken < len(heights) and column < 2:
            if used + heights[taken] <= avail_height + 0.01:
                used += heights[taken]
                taken += 1
            else:
                column, used = column + 1, 0.0
        if taken == 0 and heights:
            return self._split_first(avail_width, avail_height)
        if taken == len(heights):
            return []
        while taken > MIN_TAKEN and sum(heights[taken:]) < self.min_rest:
            taken -= 1
        # Balanced, the first part may end above the page's foot: the rest still starts a new page.
        # The parts keep the heights measured here: the rest is not wrapped again on every page.
        return [TwoColumns(self.paragraphs[:taken], self.gap, 0.0, heights[:taken], avail_width), PageBreak(),
                TwoColumns(self.paragraphs[taken:], self.gap, self.min_rest, heights[taken:], avail_width)]

    def _split_first(self, avail_width, avail_height):
        """A first paragraph taller than the page (a source with a very long title) is split itself."""
        parts = self.paragraphs[0].split((avail_width - self.gap) / 2, avail_height)
        if len(parts) != 2:
            return []
        return [TwoColumns([parts[0]], self.gap), PageBreak(),
                TwoColumns([parts[1], *self.paragraphs[1:]], self.gap, self.min_rest)]

    def draw(self):
        column = (self.width - self.gap) / 2
        for index, members in enumerate(self._columns):
            y = self.height
            for number in members:
                paragraph = self.paragraphs[number]
                _, height = paragraph.wrap(column, 1e6)
                paragraph.drawOn(self.canv, index * (column + self.gap), y - height)
                y -= self._heights[number]
