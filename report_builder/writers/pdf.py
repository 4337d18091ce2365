"""DocumentPlan to the PDF summary: a handout with a drawn timeline, built with reportlab's platypus.

Page 1 opens with the title block and the key judgments in a shaded box;
then each section's key points, the timeline and the chronology table after
the section the brief names, the conclusions and the numbered sources. Pages,
fonts and the timeline drawing live in the pdf_* modules beside this one.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from ..model import Brief, Citation, Conclusion, RichText, Source
from ..plan.data_blocks import shown_texts
from ..plan.document import ChronologyBlock, DocumentPlan, SectionBlock, plan_document, with_lead_in
from ..plan.references import item_number, source_label, source_reference
from ..plan.timeline import FontMetrics, TimelineStyle, plan_timeline
from ..theme import Theme
from .pdf_chart import chart_figure
from .pdf_fonts import FontSet, escape_attribute
from .pdf_page import Heading, PageLook, make_document
from .pdf_table import data_styles, data_table
from .pdf_timeline import TimelineBand

TICK_SIZE_RATIO = 0.8        # timeline tick labels, relative to the small size
IMAGE_MAX_HEIGHT = 0.4       # of the text column's height
CHRONOLOGY_COLUMNS = (0.16, 0.50, 0.34)
MAX_LISTED_CHARACTERS = 5    # per warning about characters no font has


def render(brief: Brief, theme: Theme, target: Path, warn) -> None:
    plan = plan_document(brief, theme, handout=True)
    fonts = FontSet(theme)
    for location, path, text in rendered_texts(brief, plan):
        missing = fonts.uncovered(text)
        if missing:
            listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:MAX_LISTED_CHARACTERS])
            if len(missing) > MAX_LISTED_CHARACTERS:
                listed += f" and {len(missing) - MAX_LISTED_CHARACTERS} more"
            warn(location, path, f"{listed} {'is' if len(missing) == 1 else 'are'} in none of the PDF's fonts "
                                 f"({fonts.names}); the PDF shows a box instead")
    HandoutWriter(plan, theme, fonts).write(target)


def rendered_texts(brief: Brief, plan: DocumentPlan):
    """(location, field path, text) of every text the PDF shows, for the font coverage check."""
    for name in ("title", "subtitle", "organization", "classification"):
        if getattr(brief, name):
            yield _plain_field(brief, name, getattr(brief, name))
    for index, author in enumerate(brief.authors):
        location, path = _plain_field(brief, "authors", author)[:2]
        yield location, f"{path}[{index}]" if len(brief.authors) > 1 else path, author
    for judgment in brief.summary:
        if judgment.title:
            yield _plain_field(judgment, "title", judgment.title)
        yield from _rich_texts((judgment.text,))
    for section in brief.sections:
        yield _plain_field(section, "title", section.title)
    for block in plan.blocks:
        if isinstance(block, SectionBlock):
            yield from _rich_texts(block.key_points + block.paragraphs)
            if block.image and block.image.caption:
                yield from _rich_texts((block.image.caption,))
            yield from shown_texts(block.tables, block.charts)
    for development in brief.developments:
        yield from _rich_texts(t for t in (development.title, development.summary, development.significance) if t)
    for conclusion in brief.conclusions:
        if conclusion.title:
            yield _plain_field(conclusion, "title", conclusion.title)
        yield from _rich_texts((conclusion.text,))
    for source in brief.sources:
        for name in ("title", "publisher", "url"):
            if getattr(source, name):
                yield _plain_field(source, name, getattr(source, name))


def _plain_field(owner, name: str, text: str):
    origin = owner.origin
    return origin.field_location(name, owner.location), origin.field_path(name), text


def _rich_texts(texts):
    for text in texts:
        yield text.location, text.path, text.plain()


class HandoutWriter:
    def __init__(self, plan: DocumentPlan, theme: Theme, fonts: FontSet):
        self.plan, self.theme, self.fonts = plan, theme, fonts
        self.colors = theme.colors
        self.column = theme.page_size_pt[0] - 2 * theme.margin_pt
        self.styles = _styles(theme, fonts)
        self.source_numbers = {source.number for source in plan.sources}
        self._headings = 0

    def write(self, target: Path) -> None:
        title = self.plan.title
        look = PageLook(size=self.theme.page_size_pt, margin=self.theme.margin_pt,
                        classification=title.classification, footer=f"{title.title} · {title.date}",
                        small=self.theme.sizes.small, classification_color=self.colors.classification,
                        banner_text=self.colors.table_header_text, muted=self.colors.muted)
        doc, canvas_maker = make_document(target, look, self.fonts, self.plan.metadata)
        doc.build(self.story(), canvasmaker=canvas_maker)

    # Text ----------------------------------------------------------------

    def text(self, text: str, style: str) -> Paragraph:
        return Paragraph(self.fonts.markup(text), self.styles[style])

    def rich(self, text: RichText, style: str = "body", prefix: str = "", **kwargs) -> Paragraph:
        return Paragraph(prefix + self.runs(text), self.styles[style], **kwargs)

    def runs(self, text: RichText) -> str:
        """Paragraph markup of inline runs; citations become [n], linked to the source list."""
        parts = []
        for run in text.runs:
            if isinstance(run, Citation):
                parts.append(self.citation(run.number))
                continue
            piece = self.fonts.markup(run.text)
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

    def heading(self, title: str, style: str = "h1") -> Heading:
        self._headings += 1
        heading = Heading(self.fonts.markup(title), self.styles[style])
        heading.outline = (title, f"heading-{self._headings}")
        heading.rule_color = self.colors.rule if style == "h1" else None
        return heading

    def bullets(self, items, style: str = "bullet") -> list[Paragraph]:
        return [self.rich(item, style, bulletText="•") for item in items]

    # The story ------------------------------------------------------------

    def story(self) -> list:
        plan = self.plan
        story = [self.title_block()]
        if plan.summary:
            story += [Spacer(1, 10), self.judgments_box()]
        for block in plan.blocks:
            story += self.section(block) if isinstance(block, SectionBlock) else self.chronology(block)
        if plan.conclusions:
            story.append(self.heading(plan.conclusions_title))
            story += [self.conclusion(number, item) for number, item in enumerate(plan.conclusions, 1)]
        if plan.sources:
            story.append(self.heading(plan.sources_title))
            story += [self.source(source) for source in plan.sources]
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

    def judgments_box(self) -> Table:
        rows = [[self.heading(self.plan.summary_title, "box_heading")]]
        rows += [[paragraph] for paragraph in self.bullets(self.plan.summary)]
        table = Table(rows, colWidths=[self.column], splitInRow=1)
        table.setStyle(self.table_style([
            ("BACKGROUND", (0, 0), (-1, -1), HexColor("#" + self.colors.summary_fill)),
            ("LINEBEFORE", (0, 0), (0, -1), 3, HexColor("#" + self.colors.accent)),
            ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), 9), ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 9),
        ]))
        return table

    def section(self, block: SectionBlock) -> list:
        flowables = [self.heading(block.title)]
        flowables += self.bullets(block.key_points)
        if block.key_points and block.paragraphs:
            flowables.append(Spacer(1, 4))
        flowables += [self.rich(paragraph) for paragraph in block.paragraphs]
        if block.image:
            flowables.append(self.image(block))
        if block.tables or block.charts:
            styles = data_styles(self)
            for table in block.tables:
                flowables += data_table(self, table, styles)
            flowables += [chart_figure(self, chart, styles) for chart in block.charts]
        return flowables

    def image(self, block: SectionBlock):
        picture = Image(io.BytesIO(block.image.data))
        frame_height = self.theme.page_size_pt[1] - 2 * self.theme.margin_pt
        scale = min(self.column / picture.imageWidth, frame_height * IMAGE_MAX_HEIGHT / picture.imageHeight, 1.0)
        picture.drawWidth, picture.drawHeight = picture.imageWidth * scale, picture.imageHeight * scale
        picture.hAlign = "LEFT"
        parts = [Spacer(1, 4), picture]
        if block.image.caption:
            parts.append(self.rich(block.image.caption, "caption"))
        return KeepTogether(parts)

    def table_style(self, commands: list) -> TableStyle:
        """A table's look; the font is set too, or reportlab would name Helvetica, which is not embedded."""
        font = ("FONT", (0, 0), (-1, -1), self.fonts.font_name(self.fonts.main), self.theme.sizes.small)
        return TableStyle([font, *commands])

    def chronology(self, block: ChronologyBlock) -> list:
        sizes = self.theme.sizes
        style = TimelineStyle(label_size=sizes.small, tick_size=sizes.small * TICK_SIZE_RATIO)
        timeline = plan_timeline(block.developments, self.column, FontMetrics(self.theme.fonts), style)
        flowables: list = [self.heading(block.title)]
        if any(not marker.precise for band in timeline.bands for marker in band.markers):
            flowables.append(self.text("Bars on the axis mark developments dated only to the month or year.",
                                       "legend"))
        for band in timeline.bands:
            flowables += [TimelineBand(band, style, self.fonts, self.colors), Spacer(1, 6)]
        flowables += [Spacer(1, 6), self.chronology_table(block)]
        return flowables

    def chronology_table(self, block: ChronologyBlock) -> Table:
        header = [self.text(name, "table_header") for name in ("Date", "Development", "Significance")]
        rows = [header]
        for development in block.developments:
            what = f"<b>{self.runs(development.title)}</b>"
            if development.sources:
                what += " " + "".join(self.citation(c.number) for c in development.sources)
            cell = [Paragraph(what, self.styles["cell"])]
            if development.summary:
                cell.append(self.rich(development.summary, "cell"))
            rows.append([
                self.text(development.date.display(), "cell_date"),
                cell,
                self.rich(development.significance, "cell") if development.significance else "",
            ])
        widths = [self.column * share for share in CHRONOLOGY_COLUMNS]
        table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=self._has_row_taller_than_a_page(rows, widths))
        table.setStyle(self.table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor("#" + self.colors.table_header_fill)),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, HexColor("#" + self.colors.table_stripe_fill)]),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, HexColor("#" + self.colors.rule)),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        return table

    def _has_row_taller_than_a_page(self, rows, widths) -> bool:
        """Rows split across pages only when one must: reportlab then repeats the header mid-page."""
        limit = (self.theme.page_size_pt[1] - 2 * self.theme.margin_pt) * 0.8
        for row in rows:
            for cell, width in zip(row, widths):
                parts = cell if isinstance(cell, list) else [cell] if cell else []
                if sum(part.wrap(width - 10, limit)[1] for part in parts) > limit:
                    return True
        return False

    def conclusion(self, number: int, conclusion: Conclusion) -> Paragraph:
        return self.rich(with_lead_in(conclusion), "numbered", bulletText=item_number(number))

    def source(self, source: Source) -> Paragraph:
        return self.rich(source_reference(source), "source", prefix=f'<a name="source-{source.number}"/>',
                         bulletText=source_label(source))


def _styles(theme: Theme, fonts: FontSet) -> dict[str, ParagraphStyle]:
    sizes, palette = theme.sizes, theme.colors
    regular, bold = fonts.font_name(fonts.main), fonts.font_name(fonts.main, bold=True)

    def color(name: str):
        return HexColor("#" + getattr(palette, name))

    body = ParagraphStyle("body", fontName=regular, fontSize=sizes.body, leading=sizes.body * 1.35,
                          textColor=color("text"), spaceAfter=4, bulletFontName=regular,
                          splitLongWords=1, allowWidows=0, allowOrphans=0)
    small = ParagraphStyle("small", parent=body, fontSize=sizes.small, leading=sizes.small * 1.3,
                           bulletFontSize=sizes.small, spaceAfter=0)
    light = HexColor("#" + palette.summary_fill)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=sizes.title,
                                leading=sizes.title * 1.18, textColor=color("table_header_text"), spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=sizes.subtitle, leading=sizes.subtitle * 1.3,
                                   textColor=light, spaceAfter=2),
        "title_meta": ParagraphStyle("title_meta", parent=small, textColor=light, spaceBefore=4),
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=sizes.heading1,
                             leading=sizes.heading1 * 1.25, textColor=color("primary"), spaceBefore=14,
                             spaceAfter=8, keepWithNext=1),
        "box_heading": ParagraphStyle("box_heading", parent=body, fontName=bold, fontSize=sizes.heading2,
                                      leading=sizes.heading2 * 1.3, textColor=color("primary"), spaceAfter=0),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3,
                                 bulletColor=color("accent")),
        "numbered": ParagraphStyle("numbered", parent=body, leftIndent=16, bulletIndent=0, spaceAfter=4,
                                   bulletFontName=bold, bulletColor=color("accent")),
        "caption": ParagraphStyle("caption", parent=small, fontName=fonts.font_name(fonts.main, italic=True),
                                  textColor=color("muted"), spaceAfter=6),
        "legend": ParagraphStyle("legend", parent=small, fontName=fonts.font_name(fonts.main, italic=True),
                                 textColor=color("muted"), spaceAfter=2, keepWithNext=1),
        "cell": small,
        "cell_date": ParagraphStyle("cell_date", parent=small, fontName=bold, textColor=color("primary")),
        "table_header": ParagraphStyle("table_header", parent=small, fontName=bold,
                                       textColor=color("table_header_text")),
        "source": ParagraphStyle("source", parent=small, leftIndent=22, bulletIndent=0, spaceAfter=3),
    }
