"""Where things go on a slide: the grid taken from the theme, and positioned shapes.

Everything is in points from the slide's top-left corner. The plan fills
these shapes with text it has measured, and the pptx writer writes them at
exactly these positions, so what was measured is what renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from ..model import Citation, RichText
from ..theme import Theme
from ..values import Value
from .measure import WIDTH_SAFETY, Box, Paragraph, Span, line_pitch
from .slide_boxes import Rect, TemplateBoxes

POINTS_PER_INCH = 72.0
MARGIN_IN = 0.55
"""Left and right margin of every slide."""

TEXT_INSET_X = 7.2
TEXT_INSET_Y = 3.6
"""Insets of every text box, written into the deck (python-pptx's defaults, in points)."""

BULLET_INDENT_EM = 1.1
"""How far bullet text sits from its bullet, in ems of the body size."""

BULLET_GAP_EM = 0.5
"""Space between two bullets, in ems of the body size."""

TITLE_LINES = 2
"""Lines a slide title may take before it is shortened."""

KICKER_SIZE = 16.0
"""The section's name, set small above a slide whose title is the section's headline."""

HEADING_GAP = 4.0
"""Between the classification banner and the slide's heading."""

COVER_TITLE_TOP = 0.26
"""Where a designed title slide's title starts, as a share of the height from the heading to the body's end."""

_SPACES = re.compile(r"\s+")


class Role(Enum):
    """What a text box is for; the writer puts TITLE, SUBTITLE and BODY into placeholders."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    BODY = "body"
    CAPTION = "caption"
    KICKER = "kicker"
    LABEL = "label"
    AXIS = "axis"
    BANNER = "banner"
    FOOTER = "footer"
    SLIDE_NUMBER = "slide number"


class Anchor(Enum):
    TOP = "t"
    MIDDLE = "ctr"
    BOTTOM = "b"


class Align(Enum):
    LEFT = "l"
    CENTER = "ctr"
    RIGHT = "r"


@dataclass(frozen=True, eq=False, repr=False)
class TextRun(Value):
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    color: str | None = None
    """RRGGBB, or None for the paragraph's colour."""


@dataclass(frozen=True, eq=False, repr=False)
class TextPara(Value):
    """A paragraph with every property that changes how much room it takes."""

    runs: tuple[TextRun, ...]
    size: float
    color: str
    bullet: str | None = None
    bullet_color: str | None = None
    indent: float = 0.0
    space_before: float = 0.0
    align: Align = Align.LEFT

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    def measured(self) -> Paragraph:
        spans = tuple(Span(run.text, run.bold, run.italic, run.href is not None) for run in self.runs)
        return Paragraph(spans, self.size, self.indent, self.space_before, line_pitch(self.size) / self.size)


def unlink_wide(para: TextPara, width: float, measurer) -> TextPara:
    """The paragraph without the links that are wider than a line of `width` (text width, points).

    LibreOffice turns a link into a field and draws the part of a field it has
    to wrap with its own, tighter line spacing; such a link keeps its colour
    but loses its target.
    """
    available = (width - para.indent) * WIDTH_SAFETY
    runs = tuple(
        replace(run, href=None) if run.href and measurer.width(run.text, para.size, run.bold, run.italic) > available
        else run
        for run in para.runs
    )
    return para if runs == para.runs else replace(para, runs=runs)


@dataclass(frozen=True, eq=False, repr=False)
class TextFrame(Value):
    role: Role
    rect: Rect
    paras: tuple[TextPara, ...]
    anchor: Anchor = Anchor.TOP
    fill: str | None = None
    padding: float = 0.0
    """Room kept free inside the box on every side, besides the usual insets (a filled panel)."""

    @property
    def box(self) -> Box:
        return text_box(self.rect, self.padding)

    @property
    def text(self) -> str:
        return "\n".join(para.text for para in self.paras)


@dataclass(frozen=True, eq=False, repr=False)
class SlideGrid(Value):
    """The fixed regions of every slide, from the template's boxes or designed from the slide size."""

    slide: Rect
    top_banner: Rect
    title: Rect
    """The heading: the slide title standing on its bottom edge, a section name above a headline."""
    rule_y: float
    content: Rect
    bottom_row: Rect
    """Footer on the left, classification in the middle, slide number on the right."""
    cover: Rect
    """The title slide's text: the title hangs from its top, the date and authors stand on its bottom."""


def text_box(rect: Rect, padding: float = 0.0) -> Box:
    """The measurable text area of a shape placed at `rect`, with the insets the writer sets."""
    return Box(rect.width, rect.height, TEXT_INSET_X + padding, TEXT_INSET_Y + padding)


def text_box_height(lines: int, size: float) -> float:
    """Outer height of a box holding this many lines at this size."""
    return lines * line_pitch(size) + 2 * TEXT_INSET_Y


def slide_grid(theme: Theme, boxes: TemplateBoxes | None = None) -> SlideGrid:
    """The grid of the template's boxes when they make a usable slide, else one designed for the slide size.

    Without boxes the slide size is the theme's: the default template is made
    from this designed grid (`layouts/default/make_template.py`), so both agree.
    """
    if boxes is None:
        return _designed_grid(theme.slide_width_in * POINTS_PER_INCH, theme.slide_height_in * POINTS_PER_INCH, theme)
    designed = _designed_grid(boxes.width, boxes.height, theme)
    title, body = boxes.title, boxes.body
    if not _usable(boxes, designed):
        return designed
    banner_height = designed.top_banner.height
    top_banner = Rect(body.x, designed.top_banner.y, body.width, banner_height)
    top = max(title.y, top_banner.bottom + HEADING_GAP)
    # Room for a section name above a two-line headline one step below the title size; a
    # template title box too short for that grows down into the body, which keeps most of its height.
    needed = text_box_height(1, KICKER_SIZE) + text_box_height(TITLE_LINES, theme.sizes.slide_title - 4)
    heading = Rect(title.x, top, title.width, max(title.bottom - top, needed))
    bottom_row = designed.bottom_row
    footer = boxes.footer
    if footer is not None and footer.y >= body.y + body.height / 2 and footer.bottom <= boxes.height + 0.5:
        middle = min(footer.y + footer.height / 2, boxes.height - 2 - banner_height / 2)
        bottom_row = Rect(body.x, middle - banner_height / 2, body.width, banner_height)
    content_top = max(body.y, heading.bottom + HEADING_GAP * 2)
    content_bottom = min(body.bottom, bottom_row.y - 6)
    content = Rect(body.x, content_top, body.width, content_bottom - content_top)
    if content.height < boxes.height * MIN_CONTENT_SHARE:
        return designed
    cover = _cover(Rect(body.x, heading.y, body.width, content.bottom - heading.y))
    title_box = boxes.cover_title
    if title_box is not None and title_box.inside(designed.slide) and title_box.width >= boxes.width * 0.4 \
            and top_banner.bottom + HEADING_GAP <= title_box.y < content.bottom - content.height / 3:
        # The template's own title-slide title box: its text goes where the template's design expects it.
        cover = Rect(title_box.x, title_box.y, title_box.width, content.bottom - title_box.y)
    return SlideGrid(designed.slide, top_banner, heading, heading.bottom + 4, content, bottom_row, cover)


def _cover(area: Rect) -> Rect:
    top = area.y + area.height * COVER_TITLE_TOP
    return Rect(area.x, top, area.width, area.bottom - top)


MIN_CONTENT_SHARE = 0.4
"""A template's body must keep at least this share of the slide's height, else the grid is designed."""


def _usable(boxes: TemplateBoxes, designed: SlideGrid) -> bool:
    """Boxes on the slide, a title above a body that is most of the slide."""
    title, body = boxes.title, boxes.body
    if title is None or body is None:
        return False
    slide = designed.slide
    return (title.inside(slide) and body.inside(slide) and title.bottom <= body.y + 1
            and body.width >= slide.width / 2 and body.height >= slide.height * MIN_CONTENT_SHARE)


def _designed_grid(width: float, height: float, theme: Theme) -> SlideGrid:
    margin = MARGIN_IN * POINTS_PER_INCH
    inner = width - 2 * margin
    banner_height = text_box_height(1, theme.sizes.slide_small)
    top_banner = Rect(margin, 4, inner, banner_height)
    bottom_row = Rect(margin, height - 4 - banner_height, inner, banner_height)
    heading_height = text_box_height(1, KICKER_SIZE) + text_box_height(TITLE_LINES, theme.sizes.slide_title)
    title = Rect(margin, top_banner.bottom + HEADING_GAP, inner, heading_height)
    rule_y = title.bottom + 4
    content_top = rule_y + 14
    content = Rect(margin, content_top, inner, bottom_row.y - 10 - content_top)
    return SlideGrid(
        slide=Rect(0, 0, width, height),
        top_banner=top_banner,
        title=title,
        rule_y=rule_y,
        content=content,
        bottom_row=bottom_row,
        cover=_cover(Rect(content.x, title.y, content.width, content.bottom - title.y)),
    )


def text_runs(text: RichText, link_color: str) -> tuple[TextRun, ...]:
    """Runs as a slide shows them: citations as [n], links coloured, whitespace collapsed."""
    runs: list[TextRun] = []
    for run in text.runs:
        if isinstance(run, Citation):
            runs.append(TextRun(f"[{run.number}]"))
            continue
        piece = _SPACES.sub(" ", run.text)
        if runs and runs[-1].text.endswith(" ") and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            runs.append(TextRun(piece, run.bold, run.italic, run.href, link_color if run.href else None))
    if runs:
        runs[0] = replace(runs[0], text=runs[0].text.lstrip())
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return tuple(run for run in runs if run.text)
