"""DocumentPlan to the PDF summary: a handout with a drawn timeline, built with reportlab's platypus.

Page 1 opens with the title block and the key judgments in a shaded box;
then each section (its headline as a lead, its key points, its figures,
tables and charts), the timeline and the chronology table after the section
the brief names, the conclusions and the numbered sources. Pages, fonts and
the timeline drawing live in the pdf_* modules beside this one.

Fitting. A handout is read on paper: it should take as few sheets as it can
and not end on a page with a few lines on it. It is first set at the regular
density; when its last page is less than half full, it is set again tighter
(less space between paragraphs, tighter lines, a smaller chronology table)
to save that page, and when that fails and the last page is less than a
third full, a little looser, to fill it. Nothing is dropped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, PageBreak, Spacer, Table, TableStyle

from ..model import Brief, Citation, Conclusion, Development, RichText, Source
from ..plan.document import ChronologyBlock, Column, DocumentPlan, SectionBlock, plan_document, with_lead_in
from ..plan.figures import figure_size
from ..plan.long_text import pieces
from ..plan.references import item_number, source_label, source_reference
from ..plan.timeline import FontMetrics, TimelineStyle, plan_timeline
from ..theme import Theme
from ..values import Value
from .pdf_chart import chart_figure
from .pdf_columns import TwoColumns
from .pdf_coverage import check_fonts
from .pdf_figure import Figure
from .pdf_fonts import FontSet, escape_attribute
from .pdf_keep import keep_starts
from .pdf_page import Heading, PageLook, make_document
from .pdf_paragraph import Paragraph
from .pdf_table import data_styles, data_table
from .pdf_timeline import TimelineBand

TICK_SIZE_RATIO = 0.8        # timeline tick labels, relative to the small size
IMAGE_MAX_HEIGHT = 0.35      # a figure takes at most this share of the text column's height
MIN_LAST_PAGE = 1 / 3        # a last page less full than this is a runt: set the handout looser to fill it
SAVE_PAGE_BELOW = 0.5        # a last page less full than this may be saved by setting the handout tighter
TIGHT_SAVES = 0.18           # setting it tighter saves up to about this share of its height
MAX_BREAK_TRIALS = 3         # parts tried as the one to move on to the last page
COLUMN_GAP = 14              # between the two columns of the sources list


@dataclass(frozen=True, eq=False, repr=False)
class Density(Value):
    """How tightly the handout is set."""

    space: float             # multiplies the space between paragraphs
    leading: float           # line height of running text, in font sizes
    table_size: float        # points off the small size, for the chronology table


REGULAR = Density(space=1.0, leading=1.32, table_size=0.0)
TIGHT = Density(space=0.6, leading=1.2, table_size=1.0)
MEDIUM = Density(space=0.8, leading=1.26, table_size=0.5)
LOOSE = Density(space=1.4, leading=1.4, table_size=0.0)
DENSITIES = (TIGHT, MEDIUM, REGULAR, LOOSE)
"""Tightest first."""


def _fill(frame) -> float:
    """How full a page's text frame is, 0 to 1, from where its next line would go."""
    top = frame._y2 - frame._topPadding
    return (top - frame._y) / (top - frame._y1 - frame._bottomPadding)


def render(brief: Brief, theme: Theme, target: Path, warn) -> None:
    plan = plan_document(brief, theme, handout=True)
    fonts = FontSet(theme)
    check_fonts(brief, plan, plan_document(brief, theme), fonts, warn)
    HandoutWriter(plan, theme, fonts).write(target)


@dataclass(frozen=True, eq=False, repr=False)
class Layout(Value):
    """A handout as set: the file, how full each page is (0 to 1), and the page of each part's heading."""

    density: Density
    fills: tuple[float, ...]
    heading_pages: dict[str, int]
    finish: Callable[[], bytes]     # the file, saved when first asked for: a trial that is not chosen never is

    @property
    def pdf(self) -> bytes:
        return self.finish()

    @property
    def pages(self) -> int:
        return len(self.fills)

    @property
    def last_fill(self) -> float:
        return self.fills[-1]

    @property
    def height(self) -> float:
        """The content's height, in pages."""
        return self.pages - 1 + self.last_fill


def _saved(canvas, buffer: io.BytesIO) -> bytes:
    if not buffer.tell():
        canvas.save()
    return buffer.getvalue()


class HandoutWriter:
    def __init__(self, plan: DocumentPlan, theme: Theme, fonts: FontSet, density: Density = REGULAR):
        self.plan, self.theme, self.fonts = plan, theme, fonts
        self.colors = theme.colors
        self.column = theme.page_size_pt[0] - 2 * theme.margin_pt
        self.measure = min(self.column, theme.pdf_measure_em * theme.sizes.body)
        self.source_numbers = {source.number for source in plan.sources}
        self.frame_height = theme.page_size_pt[1] - 2 * theme.margin_pt
        self.break_before: str | None = None
        self._timelines: dict[int, object] = {}   # by chronology block: the same at every density
        self.sources_rest = 0.0
        self.use(density)

    def use(self, density: Density) -> None:
        self.density = density
        self.styles = _styles(self.theme, self.fonts, density, self.column - self.measure)
        self._headings = 0
        self._heading_pages: dict[str, int] = {}

    def write(self, target: Path) -> None:
        target.write_bytes(self.fitted().pdf)

    def fitted(self) -> Layout:
        """The handout at regular density; set tighter when that may save a page; then, if its last
        page is a runt, looser or with a part moved on to fill that page."""
        chosen = self.build(REGULAR)
        if chosen.pages > 1 and chosen.last_fill < max(SAVE_PAGE_BELOW, TIGHT_SAVES * chosen.height):
            tighter = self.build(TIGHT)
            if tighter.pages < chosen.pages:
                chosen = tighter
        if chosen.pages > 1 and chosen.last_fill < MIN_LAST_PAGE:
            chosen = self.filled(chosen)
        return chosen

    def filled(self, layout: Layout) -> Layout:
        """A layout of as many pages whose last page is not a runt: set looser, else with a page break
        before a part that starts on the page before the last, else with more of the sources carried
        over to it (the page before it staying at least half full)."""
        for density in DENSITIES[DENSITIES.index(layout.density) + 1:]:
            looser = self.build(density)
            if looser.pages > layout.pages:
                break
            if looser.last_fill > layout.last_fill:
                layout = looser
            if layout.last_fill >= MIN_LAST_PAGE:
                return layout
        before_last = [key for key, page in layout.heading_pages.items() if page == layout.pages - 1]
        trials = [{"break_before": key} for key in reversed(before_last[-MAX_BREAK_TRIALS:])]
        if self.plan.sources:
            trials.append({"sources_rest": 2 * MIN_LAST_PAGE * self.frame_height})
        for trial in trials:
            moved = self.build(layout.density, **trial)
            if (moved.pages == layout.pages and moved.last_fill >= MIN_LAST_PAGE
                    and moved.fills[-2] >= SAVE_PAGE_BELOW):
                return moved
        return layout

    def build(self, density: Density, break_before: str | None = None, sources_rest: float = 0.0) -> Layout:
        """The handout set at `density`, a page break before the heading `break_before` (a key) if given, and
        at least `sources_rest` points of sources (in a column) after the sources' last page break."""
        self.use(density)
        self.break_before = break_before
        self.sources_rest = sources_rest
        title = self.plan.title
        look = PageLook(size=self.theme.page_size_pt, margin=self.theme.margin_pt,
                        classification=title.classification, footer=f"{title.title} · {title.date}",
                        small=self.theme.sizes.small, classification_color=self.colors.classification,
                        banner_text=self.colors.table_header_text, muted=self.colors.muted)
        buffer = io.BytesIO()
        fills: list[float] = []
        doc, canvas_maker = make_document(buffer, look, self.fonts, self.plan.metadata,
                                          page_ended=lambda doc: fills.append(_fill(doc.frame)))
        doc._doSave = 0  # reportlab's switch (its multiBuild uses it): a trial layout is never saved
        doc.build(keep_starts(self.story(), self.column), canvasmaker=canvas_maker)
        return Layout(density, tuple(fills), dict(self._heading_pages), partial(_saved, doc.canv, buffer))

    # Text ----------------------------------------------------------------

    def text(self, text: str, style: str) -> Paragraph:
        bold, italic = self.face_of(style)
        return Paragraph(self.fonts.markup(text, bold, italic), self.styles[style])

    def face_of(self, style: str) -> tuple[bool, bool]:
        """Whether paragraph style `style` is set bold and italic, so other scripts in it match."""
        name = self.styles[style].fontName
        for bold, italic in ((True, True), (True, False), (False, True)):
            if name == self.fonts.font_name(self.fonts.main, bold, italic):
                return bold, italic
        return False, False

    def rich(self, text: RichText, style: str = "body", prefix: str = "", **kwargs) -> Paragraph:
        return Paragraph(prefix + self.runs(text, *self.face_of(style)), self.styles[style], **kwargs)

    def runs(self, text: RichText, bold: bool = False, italic: bool = False) -> str:
        """Paragraph markup of inline runs; citations become [n], linked to the source list."""
        parts = []
        for run in text.runs:
            if isinstance(run, Citation):
                parts.append(self.citation(run.number))
                continue
            piece = self.fonts.markup(run.text, run.bold or bold, run.italic or italic)
            if run.bold:
                piece = f"<b>{piece}</b>"
            if run.italic:
                piece = f"<i>{piece}</i>"
            if run.href:
                piece = f'<a href="{escape_attribute(run.href)}" color="#{self.colors.link}">{piece}</a>'
            parts.append(piece)
        return "".join(parts)

    def citation(self, number: int) -> str:
        if number in self.source_numbers:
            return f'<a href="#source-{number}" color="#{self.colors.link}">[{number}]</a>'
        return f"[{number}]"

    def heading(self, title: str, style: str = "box_heading") -> Heading:
        """A heading, in the PDF's outline."""
        self._headings += 1
        heading = Heading(self.fonts.markup(title, bold=True), self.styles[style])
        heading.outline = (title, f"heading-{self._headings}")
        return heading

    def part_heading(self, title: str, style: str = "h1") -> list:
        """A part's ruled heading, which notes the page it lands on; after a page break when
        the fitting asks for one before it (see `filled`)."""
        heading = self.heading(title, style)
        heading.rule_color = self.colors.rule
        heading.placed = self._heading_pages
        return [PageBreak(), heading] if heading.outline[1] == self.break_before else [heading]

    def bullets(self, items, style: str = "bullet") -> list[Paragraph]:
        return [piece for item in items for piece in self.long(item, style, bulletText="•")]

    def long(self, text: RichText, style: str = "body", **kwargs) -> list[Paragraph]:
        """A paragraph; one of many pages in pieces (plan/long_text.py) set as one: no space or bullet between."""
        parts = pieces(text)
        if len(parts) == 1:
            return [self.rich(text, style, **kwargs)]
        base = self.styles[style]
        first = ParagraphStyle(f"{style}-first", parent=base, spaceAfter=0)
        middle = ParagraphStyle(f"{style}-middle", parent=base, spaceBefore=0, spaceAfter=0)
        last = ParagraphStyle(f"{style}-last", parent=base, spaceBefore=0)
        markup = [self.runs(part, *self.face_of(style)) for part in parts]
        return ([Paragraph(markup[0], first, **kwargs)] + [Paragraph(m, middle) for m in markup[1:-1]]
                + [Paragraph(markup[-1], last)])

    def space(self, points: float) -> Spacer:
        return Spacer(1, points * self.density.space)

    # The story ------------------------------------------------------------

    def story(self) -> list:
        plan = self.plan
        story = [self.title_block()]
        if plan.summary:
            story += [self.space(10), self.box(self.heading(plan.summary_title),
                                               self.bullets(plan.summary, "box_bullet"))]
        parts = {SectionBlock: self.section, ChronologyBlock: self.chronology}
        for block in plan.blocks:
            story += parts[type(block)](block)
        if plan.conclusions:
            story += self.part_heading(plan.conclusions_title)
            story += [piece for number, item in enumerate(plan.conclusions, 1) for piece in self.conclusion(number, item)]
        if plan.sources:
            # Kept with the first sources only, not the whole list: keep-with-next would move it all.
            sources = [self.source(source) for source in plan.sources]
            *moved, heading = self.part_heading(plan.sources_title, "h1_alone")
            first = sources[0].wrap((self.column - COLUMN_GAP) / 2, 1e6)[1]
            story += [*moved, CondPageBreak(heading.wrap(self.column, 1e6)[1] + self.styles["h1"].spaceBefore
                                            + self.styles["h1"].spaceAfter + first),
                      heading, TwoColumns(sources, COLUMN_GAP, self.sources_rest)]
        return story

    def title_block(self) -> Table:
        title = self.plan.title
        rows = [[self.text(title.title, "title")]]
        if title.subtitle:
            rows.append([self.text(title.subtitle, "subtitle")])
        meta = " · ".join(part for part in (title.date, title.byline) if part)
        rows.append([self.text(meta, "title_meta")])
        table = Table(rows, colWidths=[self.column], splitInRow=1)
        table.setStyle(self.table_style([
            ("BACKGROUND", (0, 0), (-1, -1), HexColor("#" + self.colors.primary)),
            ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, 0), 14), ("BOTTOMPADDING", (0, -1), (-1, -1), 12),
            ("LINEBELOW", (0, -1), (-1, -1), 3, HexColor("#" + self.colors.accent)),
        ]))
        return table

    def box(self, label, paragraphs: list) -> Table:
        """A shaded box with the accent bar, as the key judgments and a section's key points are set."""
        rows = [[label]] + [[paragraph] for paragraph in paragraphs]
        table = Table(rows, colWidths=[self.column], splitInRow=1)
        pad = self.density.space
        table.setStyle(self.table_style([
            ("BACKGROUND", (0, 0), (-1, -1), HexColor("#" + self.colors.summary_fill)),
            ("LINEBEFORE", (0, 0), (0, -1), 3, HexColor("#" + self.colors.accent)),
            ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), 8 * pad), ("BOTTOMPADDING", (0, 0), (-1, 0), 4 * pad),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8 * pad),
        ]))
        return table

    def section(self, block: SectionBlock) -> list:
        """Heading, the headline as its lead, key points (boxed when prose follows), prose, figure, data."""
        flowables: list = self.part_heading(block.title)
        if block.headline:
            flowables.append(self.rich(block.headline, "lead"))
        if block.key_points and block.paragraphs:
            flowables.append(self.box(self.text(block.key_points_label, "box_label"),
                                       self.bullets(block.key_points, "box_bullet")))
            flowables.append(self.space(6))
        else:
            flowables += self.bullets(block.key_points)
        flowables += [piece for paragraph in block.paragraphs for piece in self.long(paragraph)]
        if block.image:
            flowables.append(self.image(block))
        if block.tables or block.charts:
            styles = data_styles(self)
            for table in block.tables:
                flowables += data_table(self, table, styles)
            flowables += [chart_figure(self, chart, styles) for chart in block.charts]
        return flowables

    def image(self, block: SectionBlock) -> Figure:
        """The figure as wide as the column allows (see plan.figures), at most a third of it tall, with its caption."""
        image = block.image
        size = figure_size(image.width_px, image.height_px, self.column, self.frame_height * IMAGE_MAX_HEIGHT)
        style = "caption_centred" if size.narrower else "caption"
        caption = self.rich(image.caption, style) if image.caption else None
        return Figure(image.data, size, caption,
                      space_before=6 * self.density.space, space_after=(0 if caption else 8) * self.density.space)

    def table_style(self, commands: list) -> TableStyle:
        """A table's look; the font is set too, or reportlab would name Helvetica, which is not embedded."""
        font = ("FONT", (0, 0), (-1, -1), self.fonts.font_name(self.fonts.main), self.theme.sizes.small)
        return TableStyle([font, *commands])

    # The chronology ------------------------------------------------------------

    def chronology(self, block: ChronologyBlock) -> list:
        sizes = self.theme.sizes
        style = TimelineStyle(label_size=sizes.small, tick_size=sizes.small * TICK_SIZE_RATIO, dates=self.plan.dates)
        if id(block) not in self._timelines:
            self._timelines[id(block)] = plan_timeline(block.developments, self.column, FontMetrics(self.theme.fonts),
                                                       style)
        timeline = self._timelines[id(block)]
        flowables: list = self.part_heading(block.title)
        if any(not marker.precise for band in timeline.bands for marker in band.markers):
            flowables.append(self.text("Bars on the axis mark developments dated only to the month or year.",
                                       "legend"))
        for band in timeline.bands:
            flowables += [TimelineBand(band, style, self.fonts, self.colors), self.space(5)]
        flowables += [self.space(4), self.chronology_table(block)]
        return flowables

    def chronology_table(self, block: ChronologyBlock) -> Table:
        columns = block.columns
        rows = [[self.text(column.header, "table_header") for column in columns]]
        rows += [[self.chronology_cell(column, development) for column in columns]
                 for development in block.developments]
        widths = [self.column * column.share for column in columns]
        pad = 2.5 if self.density.table_size else 3
        table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=self._has_row_taller_than_a_page(rows, widths))
        table.setStyle(self.table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor("#" + self.colors.table_header_fill)),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, HexColor("#" + self.colors.table_stripe_fill)]),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, HexColor("#" + self.colors.rule)),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, HexColor("#" + self.colors.primary)),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
        ]))
        return table

    def chronology_cell(self, column: Column, development: Development) -> list:
        """The date with the actors under it; the title with its sources and the summary; the significance."""
        if column.holds == "date":
            cell = [self.text(self.plan.dates.show(development.date), "cell_date")]
            if development.actors:
                cell.append(self.text(", ".join(development.actors), "cell_actors"))
            return cell
        if column.holds == "development":
            what = f"<b>{self.runs(development.title, bold=True)}</b>"
            if development.sources:
                what += " " + "".join(self.citation(c.number) for c in development.sources)
            cell = [Paragraph(what, self.styles["cell"])]
            if development.summary:
                cell += self.long(development.summary, "cell")
            return cell
        return self.long(development.significance, "cell") if development.significance else []

    def _has_row_taller_than_a_page(self, rows, widths) -> bool:
        """Rows split across pages only when one must: reportlab then repeats the header mid-page."""
        limit = self.frame_height * 0.8
        for row in rows:
            for cell, width in zip(row, widths):
                parts = cell if isinstance(cell, list) else [cell] if cell else []
                if sum(part.wrap(width - 10, limit)[1] for part in parts) > limit:
                    return True
        return False

    # Conclusions and sources ---------------------------------------------------

    def conclusion(self, number: int, conclusion: Conclusion) -> list[Paragraph]:
        return self.long(with_lead_in(conclusion), "numbered", bulletText=item_number(number))

    def source(self, source: Source) -> Paragraph:
        return self.rich(source_reference(source, self.plan.dates), "source", prefix=f'<a name="source-{source.number}"/>',
                         bulletText=source_label(source))


def _styles(theme: Theme, fonts: FontSet, density: Density, slack: float) -> dict[str, ParagraphStyle]:
    sizes, palette = theme.sizes, theme.colors
    regular, bold = fonts.font_name(fonts.main), fonts.font_name(fonts.main, bold=True)
    italic = fonts.font_name(fonts.main, italic=True)
    space = density.space

    def color(name: str):
        return HexColor("#" + getattr(palette, name))

    body = ParagraphStyle("body", fontName=regular, fontSize=sizes.body, leading=sizes.body * density.leading,
                          textColor=color("text"), spaceAfter=4 * space, bulletFontName=regular,
                          splitLongWords=1, allowWidows=0, allowOrphans=0, rightIndent=slack)
    small = ParagraphStyle("small", parent=body, rightIndent=0, fontSize=sizes.small, leading=sizes.small * 1.3,
                           bulletFontSize=sizes.small, spaceAfter=0)
    cell_size = sizes.small - density.table_size
    cell = ParagraphStyle("cell", parent=small, fontSize=cell_size, leading=cell_size * min(density.leading, 1.28))
    light = HexColor("#" + palette.summary_fill)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, rightIndent=0, fontName=bold, fontSize=sizes.title,
                                leading=sizes.title * 1.18, textColor=color("table_header_text"), spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=body, rightIndent=0, fontSize=sizes.subtitle, leading=sizes.subtitle * 1.3,
                                   textColor=light, spaceAfter=2),
        "title_meta": ParagraphStyle("title_meta", parent=small, textColor=light, spaceBefore=4),
        "h1": ParagraphStyle("h1", parent=body, rightIndent=0, fontName=bold, fontSize=sizes.heading1,
                             leading=sizes.heading1 * 1.25, textColor=color("primary"), spaceBefore=14 * space,
                             spaceAfter=8 * space, keepWithNext=1),
        "h1_alone": ParagraphStyle("h1_alone", parent=body, rightIndent=0, fontName=bold, fontSize=sizes.heading1,
                                   leading=sizes.heading1 * 1.25, textColor=color("primary"),
                                   spaceBefore=14 * space, spaceAfter=8 * space),
        "lead": ParagraphStyle("lead", parent=body, rightIndent=0, fontSize=sizes.heading2, leading=sizes.heading2 * 1.3,
                               textColor=color("primary"), spaceAfter=6 * space, keepWithNext=1),
        "box_heading": ParagraphStyle("box_heading", parent=body, rightIndent=0, fontName=bold, fontSize=sizes.heading2,
                                      leading=sizes.heading2 * 1.3, textColor=color("primary"), spaceAfter=0),
        "box_label": ParagraphStyle("box_label", parent=body, rightIndent=0, fontName=bold, textColor=color("primary"),
                                    spaceAfter=0),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3 * space,
                                 bulletColor=color("accent")),
        "box_bullet": ParagraphStyle("box_bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3 * space,
                                     bulletColor=color("accent"), rightIndent=max(0.0, slack - 24)),
        "numbered": ParagraphStyle("numbered", parent=body, leftIndent=16, bulletIndent=0, spaceAfter=4 * space,
                                   bulletFontName=bold, bulletColor=color("accent")),
        "caption": ParagraphStyle("caption", parent=small, fontName=italic, textColor=color("muted"),
                                  spaceBefore=3, spaceAfter=8 * space),
        "caption_centred": ParagraphStyle("caption_centred", parent=small, fontName=italic, textColor=color("muted"),
                                          spaceBefore=3, spaceAfter=8 * space, alignment=TA_CENTER),
        "legend": ParagraphStyle("legend", parent=small, fontName=italic, textColor=color("muted"),
                                 spaceAfter=2, keepWithNext=1),
        "cell": cell,
        "cell_date": ParagraphStyle("cell_date", parent=cell, fontName=bold, textColor=color("primary")),
        "cell_actors": ParagraphStyle("cell_actors", parent=cell, textColor=color("muted")),
        "table_header": ParagraphStyle("table_header", parent=cell, fontName=bold,
                                       textColor=color("table_header_text")),
        "source": ParagraphStyle("source", parent=small, leftIndent=22, bulletIndent=0, spaceAfter=3 * space),
    }
