"""The PDF's pages: frame, classification banners, "Page X of Y", bookmarks, properties.

"Y" is unknown until the last page is laid out, so each page's footer draws
a form XObject holding the whole "Page X of Y", filled in just before the
file is saved: one pass, text extraction reads the phrase in one piece, and
the bookmarks stay on their pages (a canvas that holds pages back to number
them would bind every bookmark to page 1).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from ..plan.document import Metadata
from ..plan.shorten import shortened
from ..values import Value
from .pdf_fonts import FontSet
from .pdf_paragraph import Paragraph

PAGE_NUMBER_FORM = "page-number-{}"
BANNER_HEIGHT_EMS = 1.9     # banner height, in small font sizes
BANNER_INSET = 0.25         # banner distance from the paper's edge, in margins
FOOTER_GAP_EMS = 1.0        # between the bottom banner and the footer line


@dataclass(frozen=True, eq=False, repr=False)
class PageLook(Value):
    """What every page shows besides the text."""

    size: tuple[float, float]
    margin: float
    classification: str | None
    footer: str
    small: float
    classification_color: str
    banner_text: str      # text on the banner's fill
    muted: str


def page_label(page: int, pages: int) -> str:
    return f"Page {page} of {pages}"


class Heading(Paragraph):
    """A heading that adds itself to the PDF outline where it is drawn."""

    outline: tuple[str, str] | None = None   # (title, unique key)
    rule_color: str | None = None
    placed: dict[str, int] | None = None     # where to note the page it is drawn on, by key

    def split(self, avail_width, avail_height):
        parts = super().split(avail_width, avail_height)
        if parts:
            parts[0].outline, parts[0].rule_color, parts[0].placed = self.outline, self.rule_color, self.placed
        return parts

    def draw(self):
        super().draw()
        if self.rule_color:
            self.canv.saveState()
            self.canv.setStrokeColor(HexColor("#" + self.rule_color))
            self.canv.setLineWidth(0.6)
            self.canv.line(0, -3, self.width, -3)
            self.canv.restoreState()
        if self.outline:
            title, key = self.outline
            self.canv.bookmarkHorizontal(key, 0, self.height)
            self.canv.addOutlineEntry(title, key, level=0)
            if self.placed is not None:
                self.placed[key] = self.canv.getPageNumber()


class HandoutCanvas(Canvas):
    """A canvas that dates the file from the brief and writes the page total before saving."""

    def __init__(self, *args, created: str, fonts: FontSet, look: PageLook, **kwargs):
        with _without_source_date_epoch():
            super().__init__(*args, **kwargs)
        self._fonts, self._look = fonts, look
        self.setDateFormatter(lambda *_: created)
        self.showOutline()

    def save(self):
        pages = self.getPageNumber() - (0 if self._code else 1)
        size = self._look.small
        for page in range(1, pages + 1):
            # The form's box reaches below the baseline and above the capitals: drawn whole, descenders too.
            label = page_label(page, pages)
            self.beginForm(PAGE_NUMBER_FORM.format(page), lowerx=-1, lowery=-size * 0.5,
                           upperx=self._fonts.width(label, size) + 1, uppery=size * 1.2)
            self.setFillColor(HexColor("#" + self._look.muted))
            self._fonts.draw(self, 0, 0, label, size)
            self.endForm()
        super().save()


@contextmanager
def _without_source_date_epoch():
    """reportlab dates (and identifies) a file from SOURCE_DATE_EPOCH when it is set, and fails when it is not a
    number; the handout is dated from the brief, so the variable must change nothing."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


class PageDecoration:
    """Banners top and bottom, and the footer, drawn on every page."""

    def __init__(self, look: PageLook, fonts: FontSet):
        self.look = look
        self.fonts = fonts
        self._fitted: dict[tuple[str, float, bool], str] = {}

    @property
    def banner_height(self) -> float:
        return self.look.small * BANNER_HEIGHT_EMS

    def __call__(self, canvas, doc) -> None:
        look = self.look
        width, height = look.size
        inset = look.margin * BANNER_INSET
        canvas.saveState()
        if look.classification:
            self._banner(canvas, height - inset - self.banner_height)
            self._banner(canvas, inset)
        canvas.setFillColor(HexColor("#" + look.muted))
        baseline = inset + self.banner_height + look.small * FOOTER_GAP_EMS
        canvas.saveState()
        canvas.translate(look.margin, baseline)
        canvas.doForm(PAGE_NUMBER_FORM.format(canvas.getPageNumber()))
        canvas.restoreState()
        footer = self._fit(look.footer, width / 2)
        self.fonts.draw(canvas, width - look.margin - self.fonts.width(footer, look.small), baseline,
                        footer, look.small)
        canvas.restoreState()

    def _banner(self, canvas, y: float) -> None:
        look = self.look
        width = look.size[0]
        canvas.setFillColor(HexColor("#" + look.classification_color))
        canvas.rect(look.margin, y, width - 2 * look.margin, self.banner_height, stroke=0, fill=1)
        canvas.setFillColor(HexColor("#" + look.banner_text))
        text = self._fit(look.classification, width - 2 * look.margin - 2 * look.small, bold=True)
        text_width = self.fonts.width(text, look.small, bold=True)
        self.fonts.draw(canvas, (width - text_width) / 2, y + (self.banner_height - look.small * 0.7) / 2,
                        text, look.small, bold=True)

    def _fit(self, text: str, width: float, bold: bool = False) -> str:
        """`text`, shortened with '…' to `width`; worked out once, not on every page."""
        key = (text, width, bold)
        if key not in self._fitted:
            self._fitted[key] = shortened(text, width, lambda s: self.fonts.width(s, self.look.small, bold))
        return self._fitted[key]


def _ended(decoration, page_ended):
    if page_ended is None:
        return decoration

    def end(canvas, doc):
        decoration(canvas, doc)
        page_ended(doc)
    return end


def make_document(target, look: PageLook, fonts: FontSet, metadata: Metadata, page_ended=None):
    """A doc template for `target` (a path, or a file object for a trial) and the canvas maker that goes with it;
    `page_ended(doc)` is called as each page is finished, its frame still as the text left it."""
    width, height = look.size
    margin = look.margin
    frame = Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="text",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(
        str(target) if isinstance(target, Path) else target, pagesize=look.size, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title=metadata.title, author=metadata.author, subject=metadata.subject,
        keywords=list(metadata.keywords), creator="report-builder", producer="report-builder (reportlab)",
        invariant=1, initialFontName=fonts.font_name(fonts.main), lang=metadata.language,
        pageTemplates=[PageTemplate(id="page", frames=[frame], onPageEnd=_ended(PageDecoration(look, fonts), page_ended))],
    )
    created = metadata.created.strftime("D:%Y%m%d%H%M%S+00'00'")
    return doc, partial(HandoutCanvas, created=created, fonts=fonts, look=look)
