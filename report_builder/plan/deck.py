"""Brief + Theme to a Deck: which slides, what each says, where it goes, and what the presenter says.

A briefing deck is read across a room and talked to: each slide carries a
heading (a section's headline when it has one, its name small above it) and
at most a word budget of text (`deck_text.py`), and the rest goes into the
speaker notes, which every slide but the title, agenda and sources has.

How a slide is made, so new kinds of content slot in: a part of the brief
becomes `Page`s, each what one slide's content area holds (frames and shapes
placed in Rects of the grid, the points it shows); `_slides` then adds the
heading ('(cont.)' after the first), the notes for each page and, at the
end, the banners, footer and number. Slide kinds are a closed set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from ..dates import DateStyle
from ..errors import Location
from ..model import Brief, Development, Image, Judgment, RichText, Section, Source, Text
from ..theme import Theme
from ..values import Value
from .charts import plan_chart
from .deck_data import (DataPage, SlideChart, SlideTable, chart_below, chart_fits, chart_page, page_words,
                        shifted, stack_tables, table_pages)
from .deck_layout import (
    KICKER_SIZE, TEXT_INSET_X, TEXT_INSET_Y, TITLE_LINES, Align, Anchor, Rect, Role, SlideGrid, TemplateBoxes,
    TextFrame, TextPara, TextRun, slide_grid, text_box, text_box_height, text_runs, unlink_wide,
)
from .deck_notes import share
from .deck_text import (
    ELLIPSIS, MIN_BODY_SIZE, SIZE_STEP, WORD_BUDGET, BodyStyle, Point, body_sizes, clean, count_words,
    display_text, first_sentence, fit_body, fit_title, plain, sentences, split_bullets_to_fit,
)
from .deck_timeline import Bar, Dot, Segment, plan_timeline
from .document import Metadata, TitleBlock, metadata, title_block, with_lead_in
from .exhibits import number_exhibits
from .shorten import longest_prefix, shortened
from .measure import WIDTH_SAFETY, Measurer, measurer_for
from .references import source_label, source_reference

_SHORTENED = "too long for a slide title; shortened on the slide, whole in the speaker notes"

CONTINUED = " (cont.)"
COVER_TITLE_SCALE = 1.3
"""The title slide's title, relative to the slide title size."""

IMAGE_SHARE = 0.42
"""Share of the content width an image takes; the text keeps the rest."""

IMAGE_GAP = 24.0
"""Between the text and an image beside it."""

PANEL_PADDING = 10.0
"""Inside the key-judgments panel, around its text."""

SPREAD_FILL = 0.8
"""A slide of a few short points (agenda, judgment titles) sets them large and spaced to fill this share
of the content height, so it looks composed rather than half empty."""

SPREAD_BELOW_TITLE = 4.0
"""Such points stay this much smaller than the slide title, so the title still leads."""

SPREAD_MAX_GAP_EM = 1.2
"""The most space between such points, in ems."""

SMALL_TEXT_SIZE = 14.0
"""The smallest text on a slide besides the banners, footer and number (captions, sources)."""

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


@dataclass(frozen=True, eq=False, repr=False)
class Picture(Value):
    path: Path
    rect: Rect
    alt: str
    data: bytes = field(default=b"", repr=False)
    """The checked image bytes to embed (model.Image.data)."""


Shape = Segment | Dot | Bar | Picture | SlideTable | SlideChart


@dataclass(frozen=True, eq=False, repr=False)
class Page(Value):
    """What one slide's content area holds, placed; the slide's heading and notes come later."""

    frames: tuple[TextFrame, ...] = ()
    shapes: tuple[Shape, ...] = ()
    points: tuple[Point, ...] = ()
    developments: tuple[Development, ...] = ()

    @property
    def words(self) -> int:
        return sum(count_words(frame.text) for frame in self.frames)


@dataclass(frozen=True, eq=False, repr=False)
class Heading(Value):
    """A slide's title, the section name shown small above it (with a headline), and where it came from."""

    title: str
    kicker: str | None = None
    notice: "Notice | None" = None
    """Reported when the title has to be shortened."""


@dataclass(frozen=True, eq=False, repr=False)
class Slide(Value):
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
    kicker: str | None = None

    def frame(self, role: Role) -> TextFrame | None:
        return next((frame for frame in self.frames if frame.role is role), None)

    @property
    def words(self) -> int:
        """Words besides the title, banners, footer and number: what the word budget counts."""
        counted = (Role.BODY, Role.KICKER, Role.CAPTION, Role.LABEL, Role.AXIS, Role.SUBTITLE)
        return sum(count_words(frame.text) for frame in self.frames if frame.role in counted)


@dataclass(frozen=True, eq=False, repr=False)
class Notice(Value):
    """Something the plan had to cut on a slide, with where it came from in the YAML."""

    location: Location
    path: str
    message: str


@dataclass(frozen=True, eq=False, repr=False)
class Deck(Value):
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


def plan_deck(brief: Brief, theme: Theme, template: TemplateBoxes | None = None) -> Deck:
    """The deck on the template's real boxes (`template`), or on a grid designed for the theme's slide size."""
    return _Planner(brief, theme, template).deck()


@dataclass(frozen=True, eq=False, repr=False)
class _Visual(Value):
    """Something placed beside a section's points on its first slide: a picture, or a chart."""

    frames: tuple[TextFrame, ...]
    shapes: tuple[Shape, ...]

    @property
    def words(self) -> int:
        return sum(count_words(frame.text) for frame in self.frames)


class _Planner:
    def __init__(self, brief: Brief, theme: Theme, template: TemplateBoxes | None):
        self.brief = brief
        self.theme = theme
        self.grid = slide_grid(theme, template)
        self.measurer = measurer_for(theme.fonts)
        self.colors = theme.colors
        self.sizes = theme.sizes
        self.notices: list[Notice] = []
        self.exhibits = number_exhibits(brief)

    def deck(self) -> Deck:
        brief = self.brief
        slides = [self._title_slide()]
        agenda = [Point(plain(t)) for t in self._agenda()]
        slides += self._slides(SlideKind.AGENDA, Heading("Agenda"),
                               self._spread(agenda, self._style()) or self._text_pages(agenda), notes=False)
        if brief.summary:
            slides += self._judgment_slides(SlideKind.SUMMARY, "Key judgments", brief.summary)
        for index, section in enumerate(brief.sections):
            slides += self._section_slides(index, section)
            if index == brief.chronology_after and brief.developments:
                slides += self._chronology_slides()
        if brief.conclusions:
            slides += self._judgment_slides(SlideKind.CONCLUSIONS, "Conclusions", brief.conclusions, numbered=True)
        if brief.sources:
            slides += self._source_slides()
        title = title_block(brief, self.theme.dates)
        footer = " · ".join(part for part in (title.date, brief.organization or "") if part)
        numbered = [replace(slide, frames=slide.frames + self._chrome(number, footer, slide.kind))
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

    # Slides from pages: heading, notes, '(cont.)'

    def _slides(self, kind: SlideKind, heading: Heading, pages: list[Page], notes: list[str] | bool = True,
                layout: str = LAYOUT_CONTENT) -> list[Slide]:
        """One slide per page. `notes`: one text per page, True for the full text of each page's
        points, False for none (agenda, sources)."""
        pages = pages or [Page()]
        if notes is True:
            notes = [_points_text(page.points) for page in pages]
        elif notes is False:
            notes = [""] * len(pages)
        slides = []
        for number, page in enumerate(pages):
            continued = number > 0
            frames, shortened = self._heading_frames(heading, continued)
            if shortened and number == 0 and heading.notice is not None:
                self.notices.append(heading.notice)
            slide_notes = notes[number] if number < len(notes) else ""
            if shortened:
                slide_notes = "\n\n".join(x for x in (f"Full title: {heading.title}", slide_notes) if x)
            slides.append(Slide(kind, heading.title + (CONTINUED if continued else ""), layout,
                                tuple(frames) + page.frames, page.shapes, slide_notes, page.points,
                                page.developments, continued, heading.kicker))
        return slides

    def _heading_frames(self, heading: Heading, continued: bool) -> tuple[list[TextFrame], bool]:
        """The title standing on the heading's bottom edge, and the section name just above it."""
        region = self.grid.title
        area = region
        if heading.kicker:
            kicker_height = text_box_height(1, KICKER_SIZE)
            area = Rect(region.x, region.y + kicker_height, region.width, region.height - kicker_height)
        sizes = [self.sizes.slide_title, self.sizes.slide_title - 4]
        shown, size, shortened = fit_title(heading.title, text_box(area), sizes, TITLE_LINES, self.measurer,
                                           suffix=CONTINUED if continued else "")
        para = TextPara((TextRun(shown, bold=True),), size, self.colors.primary)
        title = self._fitted(Role.TITLE, area, (para,), bottom=area.bottom)
        frames = [title]
        if heading.kicker:
            kicker = _one_line(heading.kicker, region, KICKER_SIZE, self.measurer, bold=True)
            frames.append(self._fitted(Role.KICKER, region, (
                TextPara((TextRun(kicker, bold=True),), KICKER_SIZE, self.colors.muted),), bottom=title.rect.y))
        return frames, shortened

    def _fitted(self, role: Role, area: Rect, paras: tuple[TextPara, ...], top: float | None = None,
                bottom: float | None = None, fill: str | None = None, padding: float = 0.0) -> TextFrame:
        """A frame exactly as tall as its text, hanging from `top` or standing on `bottom`.

        Text is always anchored at the top: renderers disagree on the height of a
        first line, and a box that fits its text exactly looks the same in all of them.
        """
        inset_x, inset_y = TEXT_INSET_X + padding, TEXT_INSET_Y + padding
        height = self.measurer.height([p.measured() for p in paras], area.width - 2 * inset_x) + 2 * inset_y
        y = top if top is not None else bottom - height
        return TextFrame(role, Rect(area.x, y, area.width, height), paras, Anchor.TOP, fill, padding)

    # Text pages: the points of a part of the brief over as many slides as they need

    def _style(self, bullets: bool = True, numbered: bool = False) -> BodyStyle:
        return BodyStyle(max(self.sizes.slide_body, MIN_BODY_SIZE), self.colors.text, self.colors.accent,
                         self.colors.link, bullets, numbered)

    def _text_pages(self, points: list[Point], style: BodyStyle | None = None, sizes: list[float] | None = None,
                    budget: int = WORD_BUDGET, visual: _Visual | None = None, fill: str | None = None) -> list[Page]:
        """Points over pages within the word budget (less what else the slide shows) and the content area.

        A visual takes the right of the first page; a filled panel is as tall as its text.
        """
        content = self.grid.content
        style = style or self._style()
        if visual is not None and not points:
            return [Page(visual.frames, visual.shapes)]
        first_area = content
        if visual is not None:
            image_width = content.width * IMAGE_SHARE
            first_area = Rect(content.x, content.y, content.width - image_width - IMAGE_GAP, content.height)
        padding = PANEL_PADDING if fill else 0.0
        first_budget = budget - (visual.words if visual else 0)
        pages, style = fit_body(points, text_box(first_area, padding), text_box(content, padding),
                                sizes or body_sizes(style.size), style, self.measurer, (first_budget, budget))
        result = []
        for number, page in enumerate(pages):
            area = first_area if number == 0 else content
            width = area.width - 2 * (TEXT_INSET_X + padding)
            paras = tuple(unlink_wide(para, width, self.measurer) for para in style.paras(page))
            if fill:
                frame = self._fitted(Role.BODY, area, paras, top=area.y, fill=fill, padding=padding)
            else:
                frame = TextFrame(Role.BODY, area, paras, Anchor.TOP)
            extra = visual if number == 0 and visual is not None else _Visual((), ())
            result.append(Page((frame,) + extra.frames, extra.shapes, tuple(page)))
        return result or [Page()]

    def _spread(self, points: list[Point], style: BodyStyle, fill: str | None = None) -> list[Page] | None:
        """One page of a few short points at the largest size short of the title's that keeps them within
        SPREAD_FILL of the content height, spaced to fill it (and, when even the widest spacing leaves
        them short of it, set in the middle of the content area); None when they need the slide anyway."""
        box = text_box(self.grid.content, PANEL_PADDING if fill else 0.0)
        aim = box.text_height * SPREAD_FILL
        size = max(self.sizes.slide_title - SPREAD_BELOW_TITLE, style.size)
        while size >= style.size:
            sized = replace(style, size=size)
            pages = split_bullets_to_fit(points, box, box, sized, self.measurer)
            height = self.measurer.height([p.measured() for p in sized.paras(points)], box.text_width)
            if len(pages) == 1 and len(pages[0]) == len(points) and height <= aim:
                extra = (aim - height) / max(len(points) - 1, 1) / size
                gap = math.floor(size * min(SPREAD_MAX_GAP_EM, sized.gap_em + extra) * 100) / 100
                sized = replace(sized, gap_em=gap / size)   # whole 1/100 pt, as the writer writes spacing
                height += (len(points) - 1) * (gap - size * style.gap_em)
                [page] = self._text_pages(points, sized, sizes=[size], fill=fill)
                lower = max(0.0, (box.text_height - height) / 2 - (box.text_height - aim) / 2)
                return [replace(page, frames=tuple(_lowered(frame, lower) for frame in page.frames))]
            size -= SIZE_STEP
        return None

    # Key judgments and conclusions

    def _judgment_slides(self, kind: SlideKind, title: str, judgments: tuple[Judgment, ...],
                         numbered: bool = False) -> list[Slide]:
        """Titles as the points and full texts in the notes; the full texts on the slide too when the word
        budget allows them and they fit one slide."""
        style = self._style(numbered=numbered)
        fill = self.colors.summary_fill if kind is SlideKind.SUMMARY else None
        full = [Point(_judgment_text(j), number=i + 1, origin=i) for i, j in enumerate(judgments)]
        pages = self._text_pages(full, style, fill=fill)
        if any(j.title for j in judgments) and len(pages) > 1:
            short = [Point(plain(j.title) if j.title else clean(j.text), number=i + 1, origin=i)
                     for i, j in enumerate(judgments)]
            pages = self._text_pages(short, style, fill=fill)
        if len(pages) == 1:
            pages = self._spread(list(pages[0].points), style, fill) or pages
        texts = [_judgment_plain(j) for j in judgments]
        notes = ["\n\n".join(texts[i] for i in _origins(page.points)) for page in pages]
        return self._slides(kind, Heading(title), pages, notes)

    # Sections

    def _section_slides(self, index: int, section: Section) -> list[Slide]:
        derived = not section.bullets and bool(section.paragraphs)
        if section.bullets:
            points = [Point(clean(text), origin=i) for i, text in enumerate(section.bullets)]
        else:
            points = [Point(clean(first_sentence(p)), origin=i) for i, p in enumerate(section.paragraphs)]
        notice = Notice(section.location, f"sections[{index}].title", _SHORTENED)
        if section.headline is not None:
            notice = Notice(section.headline.location, f"sections[{index}].headline", _SHORTENED)
            heading = Heading(section.headline.plain(), section.title, notice)
        else:
            heading = Heading(section.title, None, notice)
        budget = WORD_BUDGET - (count_words(heading.kicker) if heading.kicker else 0)
        visual = self._picture(section.image, bool(points)) if section.image else None
        exhibits = self.exhibits[index]
        charts = [plan_chart(chart, number, self.theme.palette) for chart, number in exhibits.charts]
        data = stack_tables([page for table, number in exhibits.tables
                             for page in table_pages(table, number, self.grid.content, self.theme, self.measurer,
                                                     budget)], self.grid.content, budget)
        for cell in (cell for page in data for cell in page.shortened):
            self.notices.append(Notice(cell.location, cell.path, "too long for a table row on a slide; "
                                                                 "shortened on the slide, whole in the speaker notes"))
        beside = None
        if visual is None and points and charts:
            beside = self._chart_beside(charts[0], points, budget)
        if beside is not None:
            pages, chart_notes = beside
            charts = charts[1:]
        elif points or visual is not None or not (data or charts):
            pages, chart_notes = self._text_pages(points, budget=budget, visual=visual), ""
        else:
            pages, chart_notes = [], ""
        data += [chart_page(plan, self.grid.content, self.theme, self.measurer) for plan in charts]
        notes = self._section_notes(section, pages, derived) if pages else []
        if chart_notes:
            notes[0] = "\n\n".join(x for x in (notes[0], chart_notes) if x)
        split = {shape.number for page in data for shape in page.shapes
                 if isinstance(shape, SlideTable) and shape.continued}
        pages += [Page(page.frames, page.shapes) for page in (self._balanced(page, split) for page in data)]
        notes += [page.notes for page in data]
        return self._slides(SlideKind.CONTENT, heading, pages, notes)

    def _balanced(self, page: DataPage, split: set[int]) -> DataPage:
        """A slide of whole tables only, short of the content area, lowered to stand in its upper middle (as a
        few points do) rather than hug the title over an empty lower half. The parts of a table split over
        slides (numbers in `split`) stay at the top, so its header does not jump from slide to slide."""
        if not page.shapes or not all(isinstance(shape, SlideTable) and shape.number not in split
                                      for shape in page.shapes):
            return page
        rects = [frame.rect for frame in page.frames] + [shape.rect for shape in page.shapes]
        height = max(rect.bottom for rect in rects) - min(rect.y for rect in rects)
        lower = (self.grid.content.height * SPREAD_FILL - height) / 2
        return shifted(page, lower) if lower > 0 else page

    def _chart_beside(self, plan, points: list[Point], budget: int) -> tuple[list[Page], str] | None:
        """The section's points with its first chart on their right (or under them), when both fit one slide;
        else None."""
        content = self.grid.content
        width = content.width * IMAGE_SHARE
        area = Rect(content.right - width, content.y, width, content.height)
        if not chart_fits(plan, area, self.measurer):
            return self._chart_below(plan, points, budget)
        page: DataPage = chart_page(plan, area, self.theme, self.measurer)
        pages = self._text_pages(points, budget=budget, visual=_Visual(page.frames, page.shapes))
        return (pages, page.notes) if len(pages) == 1 else self._chart_below(plan, points, budget)

    def _chart_below(self, plan, points: list[Point], budget: int) -> tuple[list[Page], str] | None:
        """A few points across the top with the chart under them, for a chart that needs the slide's width."""
        content = self.grid.content
        caption_words = page_words(chart_page(plan, content, self.theme, self.measurer))
        pages = self._text_pages(points, budget=budget - caption_words)
        if len(pages) != 1 or not pages[0].frames:
            return None
        body = pages[0].frames[0]
        height = self.measurer.height([p.measured() for p in body.paras], body.rect.width - 2 * TEXT_INSET_X) \
            + 2 * TEXT_INSET_Y
        page = chart_below(plan, content, height, self.theme, self.measurer)
        if page is None:
            return None
        body = replace(body, rect=Rect(body.rect.x, body.rect.y, body.rect.width, height))
        return [Page((body,) + page.frames, page.shapes, pages[0].points)], page.notes

    def _section_notes(self, section: Section, pages: list[Page], derived: bool) -> list[str]:
        """Each page's part of the talk track (else of the paragraphs), else the full text of what it shows."""
        weights = [max(page.words, 1) for page in pages]
        if section.notes is not None:
            shares = share(sentences(section.notes.plain()), weights)
        elif section.paragraphs and not derived:
            paragraphs = [" ".join(p.plain().split()) for p in section.paragraphs]
            if len(paragraphs) < len(pages):
                paragraphs = [s for p in section.paragraphs for s in sentences(p.plain())]
            shares = share(paragraphs, weights)
        else:
            shares = [[] for _ in pages]
        notes = []
        for page, part in zip(pages, shares):
            texts = [" ".join(part)] if part else []
            if derived:
                texts += [" ".join(section.paragraphs[i].plain().split()) for i in _origins(page.points)]
            elif not part:
                texts.append(_points_text(page.points))
            text = "\n\n".join(t for t in texts if t)
            if not text and section.image is not None:
                text = section.image.caption.plain() if section.image.caption else section.image.alt
            notes.append(text or (section.headline.plain() if section.headline else section.title))
        return notes

    def _picture(self, image: Image, beside_text: bool) -> _Visual:
        """The picture kept in proportion, beside the text (or alone), and its caption below it."""
        content = self.grid.content
        area = content
        if beside_text:
            image_width = content.width * IMAGE_SHARE
            area = Rect(content.right - image_width, content.y, image_width, content.height)
        frames: list[TextFrame] = []
        caption_height = 0.0
        caption_para = None
        if image.caption is not None:
            caption_para = TextPara(tuple(replace(r, italic=True) for r in text_runs(image.caption, self.colors.link)),
                                    max(self.sizes.slide_small, SMALL_TEXT_SIZE), self.colors.muted,
                                    align=Align.CENTER)
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
        return _Visual(tuple(frames), (Picture(image.path, rect, alt, image.data),))

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
        points = [Point(_source_text(source, self.theme.dates)) for source in self.brief.sources]
        floor = max(self.sizes.slide_body_min, SMALL_TEXT_SIZE)
        style = self._style(bullets=False)
        small = body_sizes(floor + SIZE_STEP, floor)
        pages = self._text_pages(points, style, small, budget=10 ** 6)
        if len(pages) == 1 and pages[0].frames[0].paras[0].size == small[0]:
            size = small[0] + SIZE_STEP   # a short list is set as large as one slide allows, up to the body size
            while size <= style.size:
                trial = self._text_pages(points, style, [size], budget=10 ** 6)
                if len(trial) > 1:
                    break
                pages, size = trial, size + SIZE_STEP
        return self._slides(SlideKind.SOURCES, Heading("Sources"), pages, notes=False)

    # Chronology

    def _chronology_slides(self) -> list[Slide]:
        pages = plan_timeline(self.brief.developments, self.grid.content, self.theme, self.measurer)
        for development in (d for page in pages for d in page.shortened):
            self.notices.append(Notice(development.title.location, development.title.path,
                                       "too long for a timeline label; shortened on the slide, whole in the notes"))
        placed = [Page(page.labels, page.shapes, developments=page.developments) for page in pages]
        notes = ["\n\n".join(_development_notes(d, self.theme.dates) for d in page.developments) for page in pages]
        return self._slides(SlideKind.CHRONOLOGY, Heading("Chronology"), placed, notes, layout=LAYOUT_TITLE_ONLY)

    # Title slide

    def _title_slide(self) -> Slide:
        brief, grid, colors = self.brief, self.grid, self.colors
        block = title_block(brief, self.theme.dates)
        area = grid.cover
        notes: list[str] = []
        info_size = max(self.sizes.slide_body_min + SIZE_STEP, SMALL_TEXT_SIZE)
        lines = [x for x in (block.date, ", ".join(block.authors), block.organization) if x]
        shown_lines = [_one_line(line, area, info_size, self.measurer, bold=index == 0)
                       for index, line in enumerate(lines)]
        notes += [line for line, shown in zip(lines, shown_lines) if shown != line]
        info = tuple(TextPara((TextRun(line, bold=index == 0),), info_size, colors.text,
                              space_before=0.0 if index == 0 else info_size / 4)
                     for index, line in enumerate(shown_lines))
        cover_size = round(self.sizes.slide_title * COVER_TITLE_SCALE)
        title_box = text_box(Rect(0, 0, area.width, text_box_height(3, cover_size)))
        shown, size, shortened = fit_title(brief.title, title_box, [cover_size, self.sizes.slide_title], 3,
                                           self.measurer)
        if shortened:
            notes.insert(0, f"Full title: {brief.title}")
            self.notices.append(Notice(brief.location, "title", _SHORTENED))
        title = self._fitted(Role.TITLE, area, (TextPara((TextRun(shown, bold=True),), size, colors.primary),),
                             top=area.y)
        frames = [title]
        rule_y = title.rect.bottom + 8
        shapes: list[Shape] = [Segment(area.x + TEXT_INSET_X, rule_y, area.x + TEXT_INSET_X + 120, rule_y,
                                       colors.accent, 3.0)]
        if brief.subtitle:
            sub_box = text_box(Rect(0, 0, area.width, text_box_height(2, self.sizes.slide_body)))
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

    # Classification on every slide; footer and slide number on all but the title slide

    def _chrome(self, number: int, footer: str, kind: SlideKind) -> tuple[TextFrame, ...]:
        grid, sizes, colors = self.grid, self.sizes, self.colors
        small = sizes.slide_small
        frames: list[TextFrame] = []
        row = grid.bottom_row
        cover = kind is SlideKind.TITLE
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
        if cover:
            return tuple(frames)
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


def _lowered(frame: TextFrame, by: float) -> TextFrame:
    """The frame moved down by `by`, its bottom where it was (or with it, for a frame as tall as its text)."""
    if by <= 0:
        return frame
    rect = frame.rect
    height = rect.height if frame.fill else rect.height - by
    return replace(frame, rect=Rect(rect.x, rect.y + by, rect.width, height))


def _one_line(text: str, rect: Rect, size: float, measurer: Measurer, bold: bool = False) -> str:
    """The text, or as many of its words as fit one line, ending in an ellipsis (a word is cut only when
    the first alone is too long for the line)."""
    available = (rect.width - 2 * TEXT_INSET_X) * WIDTH_SAFETY - 1

    def width(shown: str) -> float:
        return measurer.width(shown, size, bold)

    if width(text) <= available:
        return text
    words = text.split()
    kept = longest_prefix(len(words), lambda k: width(_words_cut(words, k)) <= available)
    return _words_cut(words, kept) if kept else shortened(text, available, width, ELLIPSIS)


def _words_cut(words: list[str], count: int) -> str:
    return " ".join(words[:count]).rstrip(",;:·–—-") + ELLIPSIS


def _origins(points) -> list[int]:
    """The items the points come from, each once, in order."""
    return list(dict.fromkeys(point.origin for point in points if point.origin >= 0))


def _points_text(points) -> str:
    return "\n\n".join(display_text(point.text) for point in points)


def _judgment_text(judgment: Judgment) -> RichText:
    """A judgment in full, its title as a bold lead-in, as print sets it."""
    return clean(with_lead_in(judgment))


def _judgment_plain(judgment: Judgment) -> str:
    return " ".join(with_lead_in(judgment).plain().split())


def _source_text(source: Source, dates: DateStyle) -> RichText:
    reference = source_reference(source, dates)
    return clean(RichText((Text(f"{source_label(source)} ", bold=True), *reference.runs), source.location))


def _development_notes(development: Development, dates: DateStyle) -> str:
    parts = [f"{dates.show(development.date)}: {development.title.plain()}"]
    if development.summary:
        parts.append(development.summary.plain())
    if development.significance:
        parts.append(f"Significance: {development.significance.plain()}")
    if development.actors:
        parts.append(f"Actors: {', '.join(development.actors)}")
    if development.sources:
        parts.append("Sources: " + " ".join(f"[{c.number}]" for c in development.sources))
    return "\n".join(parts)
