"""Brief + Theme to a Deck: which slides, what text goes on each, and where.

Slide kinds are a closed set. Every text box is measured with the fonts that
will render it (`measure.py`); what does not fit is carried onto
continuation slides by pure functions (`split_bullets_to_fit`,
`split_point`, `fit_title`), so the pptx writer only places what it is given
and nothing overflows when the deck is opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from ..errors import Location
from ..model import Brief, Citation, Conclusion, Development, Image, RichText, Section, Source, Text
from ..theme import Theme
from .deck_layout import (
    BULLET_GAP_EM, BULLET_INDENT_EM, TEXT_INSET_X, TEXT_INSET_Y, TITLE_LINES, Align, Anchor, Rect, Role, SlideGrid, TextFrame,
    TextPara, TextRun, slide_grid, text_box, text_box_height, text_runs, unlink_wide,
)
from .deck_timeline import Dot, Segment, plan_timeline
from .document import Metadata, TitleBlock, metadata, title_block, with_lead_in
from .measure import WIDTH_SAFETY, Box, Measurer, measurer_for
from .references import item_number, source_label, source_reference

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"'“‘(\[«])")
_SENTENCE_BREAK = re.compile(r"[.!?…](?:[\"'”’»)\]]|\[\d+\])*( +)")
_WORD_BREAK = re.compile(r"( +)")
_SPACES = re.compile(r"\s+")

_SHORTENED = "too long for a slide title; shortened on the slide, whole in the speaker notes"

BULLET = "•"
NUMBER_INDENT_EM = 1.6
"""Hanging indent of a numbered point: room for "99." and a gap."""
ELLIPSIS = "…"
CONTINUED = " (cont.)"
COVER_TITLE_SCALE = 1.3
"""The title slide's title, relative to the slide title size."""

COVER_TITLE_TOP = 0.26
"""Where the title slide's title starts, as a share of the height below the top banner."""

IMAGE_SHARE = 0.42
"""Share of the content width an image takes; the text keeps the rest."""

SIZE_STEP = 2.0
"""How much body text shrinks per step while trying to avoid a continuation slide."""

SHRINK_STEPS = 2
"""At most this many steps of shrinking to avoid a continuation slide: splitting beats tiny text."""

LAYOUT_TITLE = "Title Slide"
LAYOUT_CONTENT = "Title and Content"
LAYOUT_TITLE_ONLY = "Title Only"
LAYOUT_BLANK = "Blank"
LAYOUTS = (LAYOUT_TITLE, LAYOUT_CONTENT, LAYOUT_TITLE_ONLY, LAYOUT_BLANK)


class SlideKind(Enum):
    TITLE = "title"
    AGENDA = "agenda"
    SUMMARY = "summary"
    CONTENT = "content"
    CHRONOLOGY = "chronology"
    CONCLUSIONS = "conclusions"
    SOURCES = "sources"


@dataclass(frozen=True)
class Point:
    """One paragraph of body text; a bullet split over slides continues without a bullet."""

    text: RichText
    bulleted: bool = True
    label: str | None = None
    """A number ("1.") set where the bullet would be: numbered points such as conclusions."""


@dataclass(frozen=True)
class BodyStyle:
    """How points are set in a body box; everything that changes their measured height."""

    size: float
    color: str
    accent: str
    link: str
    bullets: bool = True

    def para(self, point: Point, first: bool) -> TextPara:
        indent = self.size * (NUMBER_INDENT_EM if point.label else BULLET_INDENT_EM) if self.bullets else 0.0
        return TextPara(
            runs=text_runs(point.text, self.link),
            size=self.size,
            color=self.color,
            bullet=(point.label or BULLET) if self.bullets and point.bulleted else None,
            bullet_color=self.accent,
            indent=indent,
            space_before=0.0 if first else self.size * BULLET_GAP_EM,
        )

    def paras(self, points) -> tuple[TextPara, ...]:
        return tuple(self.para(point, index == 0) for index, point in enumerate(points))


@dataclass(frozen=True)
class Picture:
    path: Path
    rect: Rect
    alt: str
    data: bytes = field(default=b"", repr=False)
    """The checked image bytes to embed (model.Image.data)."""


Shape = Segment | Dot | Picture


@dataclass(frozen=True)
class Slide:
    kind: SlideKind
    title: str
    """The full title, e.g. 'Background (cont.)'; the title box may show it shortened."""
    layout: str
    frames: tuple[TextFrame, ...] = ()
    shapes: tuple[Shape, ...] = ()
    notes: str = ""
    points: tuple[Point, ...] = ()
    developments: tuple[Development, ...] = ()
    continued: bool = False

    def frame(self, role: Role) -> TextFrame | None:
        return next((frame for frame in self.frames if frame.role is role), None)


@dataclass(frozen=True)
class Notice:
    """Something the plan had to cut on a slide, with where it came from in the YAML."""

    location: Location
    path: str
    message: str


@dataclass(frozen=True)
class Deck:
    title: TitleBlock
    slides: tuple[Slide, ...] = field(default_factory=tuple)
    footer: str = ""
    metadata: Metadata | None = None
    grid: SlideGrid | None = None
    notices: tuple[Notice, ...] = ()

    @property
    def layouts(self) -> tuple[str, ...]:
        """Template layouts the deck uses, in order of first use."""
        return tuple(dict.fromkeys(slide.layout for slide in self.slides))


def plan_deck(brief: Brief, theme: Theme) -> Deck:
    return _Planner(brief, theme).deck()


# Splitting: pure functions, one rule per clause -----------------------------------------


def split_bullets_to_fit(points, first: Box, rest: Box, style: BodyStyle, measurer: Measurer) -> list[tuple[Point, ...]]:
    """Points spread over as many boxes as they need: `first` for the first slide, `rest` after.

    A point goes below the previous ones when it fits there; otherwise it
    starts the next slide; a point too long for a whole slide is split at a
    sentence boundary, else a word boundary, and its rest continues on the
    next slide.
    """
    pages: list[list[Point]] = [[]]
    used = 0.0
    queue = list(points)
    while queue:
        box = first if len(pages) == 1 else rest
        point = queue.pop(0)
        page = pages[-1]
        height = _point_height(point, style, box, measurer, first=not page)
        if used + height <= box.text_height + 0.01:
            page.append(point)
            used += height
        elif page:
            pages.append([])
            used = 0.0
            queue.insert(0, point)
        else:
            head, tail = split_point(point, box, style, measurer)
            page.append(head)
            pages.append([])
            used = 0.0
            queue.insert(0, tail)
    return [tuple(page) for page in pages if page]


def split_point(point: Point, box: Box, style: BodyStyle, measurer: Measurer) -> tuple[Point, Point]:
    """The longest head of a point that fills an empty box, and the rest (never cut inside a word
    unless a single word is taller than the box)."""
    text = display_text(point.text)
    for pattern in (_SENTENCE_BREAK, _WORD_BREAK):
        cuts = [m.span(1) for m in pattern.finditer(text)]
        best = _longest_fitting(cuts, point, box, style, measurer)
        if best is not None:
            start, end = best
            return (Point(slice_rich(point.text, 0, start), point.bulleted),
                    Point(slice_rich(point.text, end, len(text)), False))
    cuts = [(i, i) for i in range(1, len(text)) if _inside_text(point.text, i)]
    start, end = _longest_fitting(cuts, point, box, style, measurer) or cuts[0]
    return (Point(slice_rich(point.text, 0, start), point.bulleted),
            Point(slice_rich(point.text, end, len(text)), False))


def _longest_fitting(cuts, point, box, style, measurer):
    """The last cut whose head fits the box (heads grow with the cut, so bisect)."""
    low, high, best = 0, len(cuts) - 1, None
    while low <= high:
        middle = (low + high) // 2
        start, _ = cuts[middle]
        head = Point(slice_rich(point.text, 0, start), point.bulleted)
        if _point_height(head, style, box, measurer, first=True) <= box.text_height + 0.01:
            best, low = cuts[middle], middle + 1
        else:
            high = middle - 1
    return best


def _point_height(point: Point, style: BodyStyle, box: Box, measurer: Measurer, first: bool) -> float:
    para = style.para(point, first).measured()
    return (0.0 if first else para.space_before) + measurer.paragraph_height(para, box.text_width)


def fit_body(points, first: Box, rest: Box, sizes: list[float], style: BodyStyle,
             measurer: Measurer) -> tuple[list[tuple[Point, ...]], BodyStyle]:
    """Points at the largest size that fits them on one slide; when none does, split at the first size.

    Text shrinks only to avoid a continuation slide, never below the last size given.
    """
    for size in sizes:
        sized = replace(style, size=size)
        pages = split_bullets_to_fit(points, first, rest, sized, measurer)
        if len(pages) <= 1:
            return pages, sized
    sized = replace(style, size=sizes[0])
    return split_bullets_to_fit(points, first, rest, sized, measurer), sized


def fit_title(title: str, box: Box, sizes: list[float], lines: int, measurer: Measurer,
              bold: bool = True, suffix: str = "") -> tuple[str, float, bool]:
    """(text shown, size, shortened): the title wrapped in at most `lines` lines at the largest
    size that allows it, else cut at a word with an ellipsis at the smallest size."""
    from .measure import Paragraph, Span

    def fits(text: str, size: float) -> bool:
        para = Paragraph((Span(text, bold),), size)
        return len(measurer.lines(para, box.text_width)) <= lines and measurer.fits([para], box)

    for size in sizes:
        if fits(title + suffix, size):
            return title + suffix, size, False
    size = sizes[-1]
    words = title.split()
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(" ".join(words[:middle]) + ELLIPSIS + suffix, size):
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low]) + ELLIPSIS + suffix, size, True


def body_sizes(theme: Theme, start: float | None = None) -> list[float]:
    """From the body size down, a few steps, never below the theme's minimum."""
    size = start if start is not None else theme.sizes.slide_body
    floor = max(theme.sizes.slide_body_min, size - SHRINK_STEPS * SIZE_STEP)
    sizes = []
    while size > floor:
        sizes.append(size)
        size -= SIZE_STEP
    return sizes + [floor]


# Rich text helpers ---------------------------------------------------------------------


def display_text(text: RichText) -> str:
    """The text as a slide shows it, citations as [n]; offsets into it index `slice_rich`."""
    return "".join(_run_text(run) for run in text.runs)


def slice_rich(text: RichText, start: int, end: int) -> RichText:
    """The part of a rich text between two display offsets; citations are never cut."""
    runs, position = [], 0
    for run in text.runs:
        length = len(_run_text(run))
        low, high = max(start, position), min(end, position + length)
        if low < high:
            if isinstance(run, Text):
                runs.append(replace(run, text=run.text[low - position:high - position]))
            elif (low, high) == (position, position + length):
                runs.append(run)
        position += length
    return RichText(tuple(runs), text.location, text.path)


def clean(text: RichText) -> RichText:
    """Whitespace collapsed to single spaces, so display offsets match what is drawn."""
    runs: list = []
    for run in text.runs:
        if isinstance(run, Citation):
            runs.append(run)
            continue
        piece = _SPACES.sub(" ", run.text)
        after_space = not runs or (isinstance(runs[-1], Text) and runs[-1].text.endswith(" "))
        if after_space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            runs.append(replace(run, text=piece))
    if runs and isinstance(runs[-1], Text):
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return RichText(tuple(run for run in runs if not isinstance(run, Text) or run.text), text.location, text.path)


def _inside_text(text: RichText, offset: int) -> bool:
    position = 0
    for run in text.runs:
        length = len(_run_text(run))
        if position < offset < position + length:
            return isinstance(run, Text)
        position += length
    return True


def _run_text(run) -> str:
    return run.text if isinstance(run, Text) else f"[{run.number}]"


MAX_DERIVED_WORDS = 35
"""A point derived from a paragraph is at most this long; the whole paragraph is in the notes."""


def first_sentence(paragraph: RichText) -> RichText:
    """The paragraph's first sentence, keeping its markup, as a derived key point.

    A first sentence longer than MAX_DERIVED_WORDS words (or a paragraph with
    no sentence end at all) is cut at a word boundary and ends in '…'.
    """
    plain = "".join(run.text if isinstance(run, Text) else "\0" for run in paragraph.runs)
    match = _SENTENCE_END.search(plain)
    cut = match.start() if match else len(plain)
    words = list(re.finditer(r"\S+", plain[:cut]))
    shortened = len(words) > MAX_DERIVED_WORDS
    if shortened:
        cut = words[MAX_DERIVED_WORDS - 1].end()
    elif cut >= len(plain):
        return paragraph
    runs, used = [], 0
    for run in paragraph.runs:
        length = len(run.text) if isinstance(run, Text) else 1
        if used >= cut:
            break
        if isinstance(run, Text) and used + length > cut:
            runs.append(Text(run.text[: cut - used].rstrip(), run.bold, run.italic, run.href))
        else:
            runs.append(run)
        used += length
    if shortened:
        runs.append(Text(" …"))
    return RichText(tuple(runs), paragraph.location, paragraph.path)


def _plain(text: str) -> RichText:
    return RichText((Text(text),))


# The planner -----------------------------------------------------------------------------


class _Planner:
    def __init__(self, brief: Brief, theme: Theme):
        self.brief = brief
        self.theme = theme
        self.grid = slide_grid(theme)
        self.measurer = measurer_for(theme.fonts)
        self.colors = theme.colors
        self.sizes = theme.sizes
        self.notices: list[Notice] = []

    def deck(self) -> Deck:
        brief = self.brief
        slides = [self._title_slide()]
        slides += self._bullet_slides(SlideKind.AGENDA, "Agenda", [Point(_plain(t)) for t in self._agenda()])
        if brief.summary:
            slides += self._bullet_slides(SlideKind.SUMMARY, "Key judgments",
                                          [Point(_conclusion_text(j)) for j in brief.summary], fill=self.colors.summary_fill)
        for index, section in enumerate(brief.sections):
            slides += self._section_slides(index, section)
            if index == brief.chronology_after and brief.developments:
                slides += self._chronology_slides()
        if brief.conclusions:
            slides += self._bullet_slides(SlideKind.CONCLUSIONS, "Conclusions",
                                          [Point(_conclusion_text(c), label=item_number(number))
                                           for number, c in enumerate(brief.conclusions, 1)])
        if brief.sources:
            slides += self._source_slides()
        title = title_block(brief)
        footer = " · ".join(part for part in (title.date, brief.organization or "") if part)
        numbered = [replace(slide, frames=slide.frames + self._chrome(number, footer))
                    for number, slide in enumerate(slides, start=1)]
        return Deck(title, tuple(numbered), footer, metadata(brief), self.grid, tuple(self.notices))

    def _agenda(self) -> list[str]:
        brief = self.brief
        items = (["Key judgments"] if brief.summary else []) + [s.title for s in brief.sections]
        if brief.developments:
            items.insert(items.index(brief.sections[brief.chronology_after].title) + 1, "Chronology")
        if brief.conclusions:
            items.append("Conclusions")
        if brief.sources:
            items.append("Sources")
        return items

    # Title slide

    def _title_slide(self) -> Slide:
        brief, grid, colors = self.brief, self.grid, self.colors
        block = title_block(brief)
        area = Rect(grid.content.x, grid.title.y, grid.content.width, grid.content.bottom - grid.title.y)
        notes: list[str] = []
        info_size = self.sizes.slide_body_min + SIZE_STEP
        lines = [x for x in (block.date, ", ".join(block.authors), block.organization) if x]
        shown_lines = [_one_line(line, area, info_size, self.measurer, bold=index == 0)
                       for index, line in enumerate(lines)]
        notes += [line for line, shown in zip(lines, shown_lines) if shown != line]
        info = tuple(TextPara((TextRun(line, bold=index == 0),), info_size, colors.text,
                              space_before=0.0 if index == 0 else info_size / 4)
                     for index, line in enumerate(shown_lines))
        cover_size = round(self.sizes.slide_title * COVER_TITLE_SCALE)
        title_box = Box(area.width, text_box_height(3, cover_size), TEXT_INSET_X, TEXT_INSET_Y)
        shown, size, shortened = fit_title(brief.title, title_box, [cover_size, self.sizes.slide_title], 3,
                                           self.measurer)
        if shortened:
            notes.insert(0, f"Full title: {brief.title}")
            self.notices.append(Notice(brief.location, "title", _SHORTENED))
        title = self._fitted(Role.TITLE, area, (TextPara((TextRun(shown, bold=True),), size, colors.primary),),
                             top=area.y + area.height * COVER_TITLE_TOP)
        frames = [title]
        rule_y = title.rect.bottom + 8
        shapes: list[Shape] = [Segment(area.x + TEXT_INSET_X, rule_y, area.x + TEXT_INSET_X + 120, rule_y,
                                       colors.accent, 3.0)]
        if brief.subtitle:
            sub_box = Box(area.width, text_box_height(2, self.sizes.slide_body), TEXT_INSET_X, TEXT_INSET_Y)
            sub, sub_size, sub_short = fit_title(brief.subtitle, sub_box, [self.sizes.slide_body], 2,
                                                 self.measurer, bold=False)
            if sub_short:
                notes.append(f"Full subtitle: {brief.subtitle}")
            frames.append(self._fitted(Role.SUBTITLE, area, (TextPara((TextRun(sub),), sub_size, colors.muted),),
                                       top=rule_y + 10))
        if info:
            frames.append(self._fitted(Role.BODY, area, info, bottom=area.bottom))
        return Slide(SlideKind.TITLE, brief.title, LAYOUT_TITLE, tuple(frames), tuple(shapes),
                     "\n\n".join(notes))

    def _fitted(self, role: Role, area: Rect, paras: tuple[TextPara, ...], top: float | None = None,
                bottom: float | None = None) -> TextFrame:
        """A frame exactly as tall as its text, hanging from `top` or standing on `bottom`.

        Text is always anchored at the top: renderers disagree on the height of a
        first line, and a box that fits its text exactly looks the same in all of them.
        """
        height = self.measurer.height([p.measured() for p in paras], area.width - 2 * TEXT_INSET_X)
        height += 2 * TEXT_INSET_Y
        y = top if top is not None else bottom - height
        return TextFrame(role, Rect(area.x, y, area.width, height), paras, Anchor.TOP)

    # Bullet slides: agenda, key judgments, sections, conclusions, sources

    def _title_frame(self, title: str, continued: bool) -> tuple[TextFrame, bool]:
        grid = self.grid
        box = text_box(grid.title)
        shown, size, shortened = fit_title(title, box, [self.sizes.slide_title, self.sizes.slide_title - 4],
                                           TITLE_LINES, self.measurer, suffix=CONTINUED if continued else "")
        para = TextPara((TextRun(shown, bold=True),), size, self.colors.primary)
        return self._fitted(Role.TITLE, grid.title, (para,), bottom=grid.title.bottom), shortened

    def _style(self, bullets: bool = True) -> BodyStyle:
        return BodyStyle(self.sizes.slide_body, self.colors.text, self.colors.accent, self.colors.link, bullets)

    def _bullet_slides(self, kind: SlideKind, title: str, points: list[Point], fill: str | None = None,
                       style: BodyStyle | None = None, sizes: list[float] | None = None,
                       first_area: Rect | None = None, notes: str = "", source: Notice | None = None) -> list[Slide]:
        """`source` says where the title came from, for the notice when it has to be shortened."""
        content = self.grid.content
        first_area = first_area or content
        style = style or self._style()
        pages, style = fit_body(points, text_box(first_area), text_box(content), sizes or body_sizes(self.theme), style,
                                self.measurer)
        slides = []
        for number, page in enumerate(pages or [()]):
            continued = number > 0
            title_frame, shortened = self._title_frame(title, continued)
            area = first_area if number == 0 else content
            frames = [title_frame]
            if page:
                width = area.width - 2 * TEXT_INSET_X
                paras = tuple(unlink_wide(para, width, self.measurer) for para in style.paras(page))
                frames.append(TextFrame(Role.BODY, area, paras, Anchor.TOP, fill))
            slide_notes = notes if number == 0 else ""
            if shortened and number == 0 and source is not None:
                self.notices.append(source)
            if shortened:
                slide_notes = "\n\n".join(x for x in (f"Full title: {title}", slide_notes) if x)
            full_title = title + (CONTINUED if continued else "")
            slides.append(Slide(kind, full_title, LAYOUT_CONTENT, tuple(frames), (), slide_notes, tuple(page),
                                continued=continued))
        return slides

    def _section_slides(self, index: int, section: Section) -> list[Slide]:
        derived = not section.bullets and bool(section.paragraphs)
        points = [Point(clean(text)) for text in (section.bullets or
                                                   tuple(first_sentence(p) for p in section.paragraphs))]
        notes = [section.notes.plain()] if section.notes else []
        if derived:
            notes += [p.plain() for p in section.paragraphs]
        text_area = self.grid.content
        picture_shapes: list[Shape] = []
        picture_frames: list[TextFrame] = []
        if section.image:
            text_area, picture_shapes, picture_frames = self._image(section.image, points)
        slides = self._bullet_slides(SlideKind.CONTENT, section.title, points, first_area=text_area,
                                     notes="\n\n".join(notes),
                                     source=Notice(section.location, f"sections[{index}].title", _SHORTENED))
        first = slides[0]
        slides[0] = replace(first, shapes=first.shapes + tuple(picture_shapes),
                            frames=first.frames + tuple(picture_frames))
        return slides

    def _image(self, image: Image, points) -> tuple[Rect, list[Shape], list[TextFrame]]:
        """The text area left of the image, the picture kept in proportion, and its caption below it."""
        content = self.grid.content
        gap = 24.0
        if not points:
            area = content
            text_area = content
        else:
            image_width = content.width * IMAGE_SHARE
            area = Rect(content.right - image_width, content.y, image_width, content.height)
            text_area = Rect(content.x, content.y, content.width - image_width - gap, content.height)
        frames: list[TextFrame] = []
        caption_height = 0.0
        caption_para = None
        if image.caption is not None:
            caption_para = TextPara(tuple(replace(r, italic=True) for r in text_runs(image.caption, self.colors.link)),
                                    self.sizes.slide_small, self.colors.muted, align=Align.CENTER)
            caption_para = unlink_wide(caption_para, area.width - 2 * TEXT_INSET_X, self.measurer)
            caption_height = min(
                self.measurer.height([caption_para.measured()], area.width - 2 * TEXT_INSET_X) + 2 * TEXT_INSET_Y,
                area.height / 3,
            )
        picture_area = Rect(area.x, area.y, area.width, area.height - caption_height - (6 if caption_para else 0))
        width_px, height_px = image.width_px, image.height_px
        scale = min(picture_area.width / width_px, picture_area.height / height_px)
        width, height = width_px * scale, height_px * scale
        rect = Rect(picture_area.x + (picture_area.width - width) / 2, picture_area.y, width, height)
        if caption_para is not None:
            caption_rect = Rect(area.x, rect.bottom + 6, area.width, caption_height)
            if not self.measurer.fits([caption_para.measured()], text_box(caption_rect)):
                caption_para = self._shortened_caption(caption_para, caption_rect)
            frames.append(TextFrame(Role.CAPTION, caption_rect, (caption_para,)))
        alt = image.alt or (image.caption.plain() if image.caption else "")
        return text_area, [Picture(image.path, rect, alt, image.data)], frames

    def _shortened_caption(self, para: TextPara, rect: Rect) -> TextPara:
        words = para.text.split()
        low, high = 0, len(words)
        while low < high:
            middle = (low + high + 1) // 2
            trial = replace(para, runs=(TextRun(" ".join(words[:middle]) + ELLIPSIS, italic=True),))
            if self.measurer.fits([trial.measured()], text_box(rect)):
                low = middle
            else:
                high = middle - 1
        return replace(para, runs=(TextRun(" ".join(words[:low]) + ELLIPSIS, italic=True),))

    def _source_slides(self) -> list[Slide]:
        points = [Point(_source_text(source)) for source in self.brief.sources]
        return self._bullet_slides(SlideKind.SOURCES, "Sources", points, style=self._style(bullets=False),
                                   sizes=body_sizes(self.theme, self.sizes.slide_body_min + SIZE_STEP))

    # Chronology

    def _chronology_slides(self) -> list[Slide]:
        pages = plan_timeline(self.brief.developments, self.grid.content, self.theme, self.measurer)
        slides = []
        for development in (d for page in pages for d in page.shortened):
            self.notices.append(Notice(development.title.location, development.title.path,
                                       "too long for a timeline label; shortened on the slide, whole in the notes"))
        for number, page in enumerate(pages):
            continued = number > 0
            title_frame, _ = self._title_frame("Chronology", continued)
            notes = "\n\n".join(_development_notes(d) for d in page.developments)
            slides.append(Slide(SlideKind.CHRONOLOGY, "Chronology" + (CONTINUED if continued else ""),
                                LAYOUT_TITLE_ONLY, (title_frame,) + page.labels, page.shapes, notes,
                                developments=page.developments, continued=continued))
        return slides

    # Classification, footer and slide number on every slide

    def _chrome(self, number: int, footer: str) -> tuple[TextFrame, ...]:
        grid, sizes, colors = self.grid, self.sizes, self.colors
        small = sizes.slide_small
        frames: list[TextFrame] = []
        row = grid.bottom_row
        number_width = self.measurer.width("9999", small) / WIDTH_SAFETY + 2 * TEXT_INSET_X + 4
        footer_right = row.right - number_width - 8
        marking = self.brief.classification
        if marking:
            top = _one_line(marking, grid.top_banner, small, self.measurer, bold=True)
            frames.append(TextFrame(Role.BANNER, grid.top_banner, (self._marking(top),), Anchor.MIDDLE))
            half = Rect(row.x, row.y, row.width / 2, row.height)
            bottom = _one_line(marking, half, small, self.measurer, bold=True)
            width = self.measurer.width(bottom, small, bold=True) / WIDTH_SAFETY + 2 * TEXT_INSET_X + 4
            middle = Rect(row.x + (row.width - width) / 2, row.y, width, row.height)
            frames.append(TextFrame(Role.BANNER, middle, (self._marking(bottom),), Anchor.MIDDLE))
            footer_right = middle.x - 8
        if footer:
            rect = Rect(row.x, row.y, max(footer_right - row.x, 0), row.height)
            shown = _one_line(footer, rect, small, self.measurer)
            frames.append(TextFrame(Role.FOOTER, rect, (TextPara((TextRun(shown),), small, colors.muted),),
                                    Anchor.MIDDLE))
        rect = Rect(row.right - number_width, row.y, number_width, row.height)
        frames.append(TextFrame(Role.SLIDE_NUMBER, rect,
                                (TextPara((TextRun(str(number)),), small, colors.muted, align=Align.RIGHT),),
                                Anchor.MIDDLE))
        return tuple(frames)


    def _marking(self, text: str) -> TextPara:
        return TextPara((TextRun(text, bold=True),), self.sizes.slide_small, self.colors.classification,
                        align=Align.CENTER)




def _one_line(text: str, rect: Rect, size: float, measurer: Measurer, bold: bool = False) -> str:
    """The text, or as much of it as fits one line, ending in an ellipsis."""
    available = (rect.width - 2 * TEXT_INSET_X) * WIDTH_SAFETY - 1
    if measurer.width(text, size, bold) <= available:
        return text
    while text and measurer.width(text + ELLIPSIS, size, bold) > available:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _conclusion_text(conclusion: Conclusion) -> RichText:
    return clean(with_lead_in(conclusion))


def _source_text(source: Source) -> RichText:
    reference = source_reference(source)
    return clean(RichText((Text(f"{source_label(source)} ", bold=True), *reference.runs), source.location))


def _development_notes(development: Development) -> str:
    parts = [f"{development.date.display()}: {development.title.plain()}"]
    if development.summary:
        parts.append(development.summary.plain())
    if development.significance:
        parts.append(f"Significance: {development.significance.plain()}")
    if development.actors:
        parts.append(f"Actors: {', '.join(development.actors)}")
    if development.sources:
        parts.append("Sources: " + " ".join(f"[{c.number}]" for c in development.sources))
    return "\n".join(parts)
