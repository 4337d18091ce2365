"""DocumentPlan to a Word brief (.docx) with python-docx.

Real Word structure throughout, so the navigation pane, screen readers,
pandoc and LibreOffice understand the file: built-in Heading styles with
bookmarks, list paragraphs with numbering, a table whose header row repeats,
pictures with alt text, hyperlinks, and a live TOC field.

Page numbers in the table of contents. The TOC field is written with its
result already filled in (entries linked to the headings' bookmarks, dot
leaders, page numbers), so the file opens complete with no "update fields"
prompt and Word can still refresh it. The page numbers are worked out before
saving: while writing, every paragraph, table row and picture is also
described to `plan.pagination` with its resolved style (font size, exact
line height, spacing, indents, keep-with-next), which breaks lines with the
theme font's metrics and lays out pages as a word processor does; the
estimate is checked against LibreOffice's rendering in
tests/test_writer_docx.py. The same count fills the footer's "Page X of Y".

Composition. The text flows from part to part: a heading is kept with what
follows it, and a page break comes only before the parts the layout names
(`word.page_breaks`). The text block is `word.measure_em` body sizes wide
(about 85 characters a line), centred between wider side margins. A
section opens with its headline as a lead paragraph, then its key points
in a shaded, labelled box when prose follows them. A figure that would
leave a page half empty is set smaller to end that page instead.

Styles come from the theme, or from the layout's reference.docx (see
`docx_styles`). Nothing here depends on the clock: document dates are the
brief's date.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Length, Pt, Twips

from ..model import Brief, Citation, RichText
from ..plan.document import ChronologyBlock, DocumentPlan, SectionBlock, plan_document, with_lead_in
from ..plan.faces import missing_faces
from ..plan.figures import figure_size
from ..plan.pagination import (
    FigureBlock, PageGeometry, Span, TextBlock, metrics_for, paginate, steadying_indent, with_right_indent,
)
from ..plan.references import source_label, source_reference
from ..plan.shown import shown
from ..theme import Theme
from .archive import save_package
from .docx_fields import (
    TocEntry, add_bookmark, add_run, append_field, element, external_link, text_run, toc_block, toc_paragraphs,
)
from .docx_chart import add_chart
from .docx_data_table import add_table
from .docx_reference import complete_page_setup, house_page_setup
from .docx_styles import StyleSheet
from .docx_table import chronology_table
from .office_names import remember_names
from .office_xpath import compile_once
from .xml_text import escape

compile_once(BaseOxmlElement, nsmap)
remember_names("docx", qn)

FIGURE_MAX_HEIGHT = 0.45    # a picture takes at most this share of the page's text height
FIGURE_MIN_SCALE = 0.6      # and may shrink to this share of its size to end a page rather than leave a gap
BOX_LABEL = "Box Label"
TOC_LEVELS = {1: "toc 1"}


def render(brief: Brief, theme: Theme, target: Path, warn) -> None:
    WordBrief(brief, theme, warn).save(target)


class WordBrief:
    def __init__(self, brief: Brief, theme: Theme, warn):
        self.theme = theme
        self.warn = warn
        self.document = self._base_document()
        section = self.document.sections[0]
        self.text_width = Length(section.page_width - section.left_margin - section.right_margin).pt
        self.body_height = Length(section.page_height - section.top_margin - section.bottom_margin).pt
        # Tables and charts are planned on the text block, which the page setup (or the reference) decides.
        self.plan: DocumentPlan = plan_document(brief, theme, width=self.text_width)
        for notice in missing_faces(shown(brief, self.plan), theme.fonts):
            warn(notice.location, notice.path, notice.message)
        self.styles = StyleSheet(self.document, theme, warn, theme.reference_docx is not None,
                                 self.plan.metadata.language)
        self.styles.install()
        self.bullets = self.styles.list_numbering("List Bullet")
        self.numbers = self.styles.list_numbering("List Number", numbered=True)
        self.flow: list = []
        self.paragraphs: dict[int, object] = {}     # flow index -> the w:p it describes
        self.figures: dict = {}
        self.metrics = metrics_for(theme.fonts)
        self.headings: list[TocEntry] = []
        self.page_number_slots: list = []

    # The document as a whole ---------------------------------------------

    def _base_document(self):
        """The reference.docx emptied of content (keeping its page setup), or a fresh one from the theme."""
        if self.theme.reference_docx is None:
            document = Document()
            house_page_setup(document.sections[0], self.theme)
        else:
            document = Document(str(self.theme.reference_docx))
            document.element.body.get_or_add_sectPr()
            complete_page_setup(document.sections[0], self.theme)
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        return document

    def save(self, target: Path) -> None:
        plan = self.plan
        self._plan_headings()
        self._title_block()
        if plan.summary:
            self._summary()
        self._contents()
        parts = {SectionBlock: self._section, ChronologyBlock: self._chronology}
        for block in plan.blocks:
            parts[type(block)](block)
        if plan.conclusions:
            self._conclusions()
        if plan.sources:
            self._sources()
        pagination = paginate(self.flow, PageGeometry(self.body_height), self.theme.fonts)
        for entry, slot in zip(self.headings, self.page_number_slots):
            slot.text = str(pagination.pages.get(entry.bookmark, 1))
        for index in pagination.pinned:
            self._pin_to_page_top(index)
        for anchor, height in pagination.figure_heights.items():
            _resize(self.figures[anchor], height)
        self._header_footer(pagination.page_count)
        self._properties()
        self._app_properties(pagination.page_count)
        save_package(self.document, target)

    def _pin_to_page_top(self, index: int) -> None:
        """A page break before the paragraph the paginator moved to a new page, and no space above it."""
        p = self.paragraphs.get(index)
        if p is None:
            return
        ppr = p.get_or_add_pPr()
        ppr.get_or_add_pageBreakBefore()
        ppr.get_or_add_spacing().before = Pt(0)

    def _plan_headings(self) -> None:
        """Every Heading 1, in order, with its bookmark: the TOC is written before them."""
        titles = [self.plan.summary_title] if self.plan.summary else []
        titles += [block.title for block in self.plan.blocks]
        if self.plan.conclusions:
            titles.append(self.plan.conclusions_title)
        if self.plan.sources:
            titles.append(self.plan.sources_title)
        self.headings = [TocEntry(1, title, f"_Toc{index + 1:04d}") for index, title in enumerate(titles)]
        self._next_heading = 0
        self._body_started = False

    # Paragraphs -------------------------------------------------------------

    def paragraph(self, style: str, text: RichText | str | None = None, *, anchor: str | None = None,
                  bold: bool = False, list_indent: tuple[int, float] | None = None, extra_right: float | None = None,
                  **direct):
        """Add a paragraph in `style` and describe it to the paginator (`direct`: format overrides).

        `list_indent` (numbering id, hanging indent) makes it a list item whose label hangs
        in the indent. A paragraph whose line breaks would be close calls gets a slightly
        larger right indent (see `steadying_indent`), so every program breaks it alike;
        `extra_right` gives that indent instead, for paragraphs that must share one.
        """
        paragraph = self.styles.add_paragraph(self.document, style)
        spans: list[Span] = []
        if isinstance(text, RichText):
            spans = self.rich(paragraph, text, bold=bold)
        elif text:
            run = add_run(paragraph, text)
            if bold:
                run.bold = True
            spans = [Span(text, bold)]
        fmt = self.styles.format(style, **direct)
        block = TextBlock(fmt, tuple(spans), self.text_width, anchor)
        extra = steadying_indent([block], self.metrics) if extra_right is None else extra_right
        block = with_right_indent(block, extra)
        ppr = paragraph._p.get_or_add_pPr()
        if direct.get("page_break_before"):
            ppr.get_or_add_pageBreakBefore()
        if list_indent is not None:
            numbering, hanging = list_indent
            num_pr = ppr.get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = numbering
        if list_indent is not None or extra:
            ind = ppr.get_or_add_ind()
            ind.left = Twips(round(block.format.indent_left * 20))
            ind.right = Twips(round(block.format.indent_right * 20))
            first = -list_indent[1] if list_indent is not None else block.format.indent_first
            if first < 0:
                ind.hanging = Twips(round(-first * 20))
            elif first > 0:
                ind.firstLine = Twips(round(first * 20))
        self.paragraphs[len(self.flow)] = paragraph._p
        self.flow.append(block)
        return paragraph, block

    def heading(self, part: str | None):
        """A part's Heading 1; it starts a new page only where the layout's `word.page_breaks` names the part."""
        entry = self.headings[self._next_heading]
        self._next_heading += 1
        breaks = self.theme.word_page_breaks
        page_break = part is not None and (part in breaks or ("body" in breaks and not self._body_started))
        self._body_started = self._body_started or part is not None
        paragraph, _ = self.paragraph("Heading 1", entry.text, anchor=entry.bookmark,
                                      page_break_before=page_break)
        add_bookmark(paragraph, entry.bookmark, self._next_heading)
        return paragraph

    def list_item(self, style: str, text: RichText, last: bool = False, spacing: dict | None = None,
                  numbering: int | None = None, extra_right: float | None = None) -> None:
        """A bulleted (or numbered) list paragraph; its indents are repeated on it so they beat the numbering's."""
        left, hanging, right = self.styles.list_indent(style)
        spacing = dict(spacing or {})
        if last:
            spacing["space_after"] = self.styles.format("Body Text").space_after
        # The label hangs in the indent: every line of text starts at the same place.
        paragraph, block = self.paragraph(style, text, indent_first=0.0, indent_left=left, indent_right=right,
                                          list_indent=(numbering or self.bullets, hanging), extra_right=extra_right,
                                          **spacing)
        if last:
            paragraph._p.get_or_add_pPr().get_or_add_spacing().after = Twips(round(block.format.space_after * 20))

    @staticmethod
    def spans_of(text: RichText, bold: bool = False) -> tuple[Span, ...]:
        """What `rich` writes, as the paginator measures it."""
        return tuple(Span(f"[{run.number}]", bold) if isinstance(run, Citation) else Span(run.text, run.bold or bold, run.italic)
                     for run in text.runs)

    def rich(self, paragraph, text: RichText, bold: bool = False) -> list[Span]:
        """Runs for inline markup: bold, italic, links, citations linked to their source."""
        spans: list[Span] = []
        for run in text.runs:
            if isinstance(run, Citation):
                label = f"[{run.number}]"
                link = element("w:hyperlink", w_anchor=_source_bookmark(run.number), w_history="1")
                link.append(text_run(label))
                paragraph._p.append(link)
                spans.append(Span(label, bold))
            elif run.href:
                external_link(paragraph, run.text, run.href, self.styles.style_id("Hyperlink"),
                              run.bold or bold, run.italic)
                spans.append(Span(run.text, run.bold or bold, run.italic))
            else:
                added = add_run(paragraph, run.text)
                added.bold = True if (run.bold or bold) else None
                added.italic = True if run.italic else None
                spans.append(Span(run.text, run.bold or bold, run.italic))
        return spans

    # Parts of the brief ---------------------------------------------------

    def _title_block(self) -> None:
        title = self.plan.title
        self.paragraph("Title", title.title)
        if title.subtitle:
            self.paragraph("Subtitle", title.subtitle)
        self.paragraph("Date", title.date)
        if title.byline:
            self.paragraph("Author", title.byline)

    def _summary(self) -> None:
        self.heading(None)
        self._box("Key Judgment", self.plan.summary)

    def _box(self, style: str, items, label: str | None = None) -> None:
        """A shaded box of bulleted items, with a label at its top. Word and LibreOffice draw
        paragraphs with the same borders and indents as one box, closed where a page breaks it."""
        boxed = self.styles.format(style)
        inner = self.styles.format(style, borders=False)
        left, _, right = self.styles.list_indent(style)
        listed = self.styles.format(style, indent_first=0.0, indent_left=left, indent_right=right)
        trial = [TextBlock(listed, self.spans_of(item), self.text_width) for item in items]
        if label:
            trial.append(TextBlock(self.styles.format(BOX_LABEL), (Span(label),), self.text_width))
        extra = steadying_indent(trial, self.metrics)
        edges = {"box_top": boxed.border_above, "box_bottom": boxed.border_below}
        if label:
            self.paragraph(BOX_LABEL, label, border_below=inner.border_below, extra_right=extra, **edges)
        count = len(items)
        for index, item in enumerate(items):
            spacing = {**edges,
                       "border_above": boxed.border_above if index == 0 and not label else inner.border_above,
                       "border_below": boxed.border_below if index == count - 1 else inner.border_below}
            self.list_item(style, item, spacing=spacing, extra_right=extra)

    def _contents(self) -> None:
        """The TOC field; its page numbers are filled in once the pages are laid out."""
        heading = OxmlElement("w:p")
        heading_props = OxmlElement("w:pPr")
        heading_props.append(element("w:pStyle", w_val=self.styles.style_id("TOC Heading")))
        heading.append(heading_props)
        heading.append(text_run("Contents"))
        self.flow.append(TextBlock(self.styles.format("TOC Heading"), (Span("Contents"),), self.text_width))
        style_ids = {level: self.styles.style_id(name) for level, name in TOC_LEVELS.items()}
        tab = round(self.text_width * 20)
        entries = toc_paragraphs(self.headings, style_ids, tab)
        for entry, p in zip(self.headings, entries):
            self.page_number_slots.append(p.findall(f".//{qn('w:t')}")[-1])
            fmt = self.styles.format(TOC_LEVELS[entry.level])
            self.flow.append(TextBlock(fmt, (Span(entry.text),), self.text_width, trailing="00"))
        body = self.document.element.body
        sdt = toc_block(heading, entries)
        if body.sectPr is not None:
            body.sectPr.addprevious(sdt)
        else:
            body.append(sdt)

    def _section(self, block: SectionBlock) -> None:
        """Heading, the headline as its lead, key points (boxed when prose follows), prose, figure."""
        self.heading("sections")
        if block.headline:
            self.paragraph("Lead", block.headline)
        if block.key_points and block.paragraphs:
            self._box("Key Point", block.key_points, label=block.key_points_label)
        else:
            for index, point in enumerate(block.key_points):
                self.list_item("List Bullet", point, last=index == len(block.key_points) - 1)
        for paragraph in block.paragraphs:
            self.paragraph("Body Text", paragraph)
        if block.image:
            self._figure(block)
        for table in block.tables:
            add_table(self, table)
        for chart in block.charts:
            add_chart(self, chart)

    def _figure(self, block: SectionBlock) -> None:
        image = block.image
        size = figure_size(image.width_px, image.height_px, self.text_width, self.body_height * FIGURE_MAX_HEIGHT)
        width, height = size.width, size.height
        paragraph = self.styles.add_paragraph(self.document, "Figure")
        shape = paragraph.add_run().add_picture(io.BytesIO(image.data), width=Pt(width), height=Pt(height))
        for side in ("distT", "distB", "distL", "distR"):
            shape._inline.set(side, "0")    # LibreOffice reads a missing distance as 0.32 cm
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", image.alt)
        doc_pr.set("name", f"Figure {doc_pr.get('id')}")
        anchor = f"figure-{len(self.figures) + 1}"
        self.figures[anchor] = shape
        self.paragraphs[len(self.flow)] = paragraph._p
        self.flow.append(FigureBlock(self.styles.format("Figure"), height, height * FIGURE_MIN_SCALE, anchor))
        if image.caption:
            caption, _ = self.paragraph("Caption", image.caption)
            if size.narrower:
                caption.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _chronology(self, block: ChronologyBlock) -> None:
        self.heading("chronology")
        table = chronology_table(self, block)
        self.flow.append(table)

    def _conclusions(self) -> None:
        self.heading("conclusions")
        count = len(self.plan.conclusions)
        for index, conclusion in enumerate(self.plan.conclusions):
            self.list_item("List Number", with_lead_in(conclusion), last=index == count - 1, numbering=self.numbers)

    def _sources(self) -> None:
        self.heading("sources")
        for source in self.plan.sources:
            paragraph, flow_block = self.paragraph("Bibliography", indent_first=0.0)
            add_bookmark(paragraph, _source_bookmark(source.number), 1000 + source.number)
            paragraph.add_run(f"{source_label(source)}\t")
            spans = self.rich(paragraph, source_reference(source, self.plan.dates))
            self.flow[-1] = TextBlock(flow_block.format, tuple(spans), flow_block.width, flow_block.anchor)

    # Page furniture and properties -----------------------------------------

    def _header_footer(self, page_count: int) -> None:
        """Classification at the top and bottom of every page; "Page X of Y" in the footer."""
        classification = self.plan.title.classification
        section = self.document.sections[0]
        headers = [section.header]
        footers = [section.footer]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
            footers.append(section.first_page_footer)
        if self.document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
            footers.append(section.even_page_footer)
        tab_center, tab_right = round(self.text_width * 10), round(self.text_width * 20)
        for header in headers:
            header.is_linked_to_previous = False
            if classification:
                paragraph = _fresh_paragraph(header, self.styles, "Header")
                paragraph.add_run(classification, style=self.styles.style("Classification"))
        shared = classification and self._marking_leaves_room(classification, page_count)
        for footer in footers:
            footer.is_linked_to_previous = False
            paragraph = _fresh_paragraph(footer, self.styles, "Footer")
            if classification and not shared:
                # A long marking is never cut: it takes the footer's first line, the page number the next.
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.add_run(classification, style=self.styles.style("Classification"))
                paragraph = self.styles.add_paragraph(footer, "Footer")
            tabs = OxmlElement("w:tabs")
            tabs.append(element("w:tab", w_val="center", w_pos=str(tab_center)))
            tabs.append(element("w:tab", w_val="right", w_pos=str(tab_right)))
            paragraph._p.get_or_add_pPr().append(tabs)
            paragraph.add_run("\t")
            if shared:
                paragraph.add_run(classification, style=self.styles.style("Classification"))
            paragraph.add_run("\tPage ")
            append_field(paragraph, "PAGE", "1")
            paragraph.add_run(" of ")
            append_field(paragraph, "NUMPAGES", str(page_count))

    def _marking_leaves_room(self, classification: str, page_count: int) -> bool:
        """Whether the marking, centred, leaves room on its line for "Page X of Y" at the right."""
        size = self.styles.format("Footer").size
        marking = self.metrics.width(classification, size, True, False)
        label = self.metrics.width(f"Page {page_count} of {page_count}", size, False, False)
        return marking / 2 + label + size <= self.text_width / 2

    def _properties(self) -> None:
        meta = self.plan.metadata.for_office()
        props = self.document.core_properties
        props.title = meta.title
        props.subject = meta.subject
        props.author = meta.author
        props.keywords = ", ".join(meta.keywords)
        props.category = meta.category
        props.content_status = meta.category
        props.comments = ""
        props.language = meta.language
        props.created = meta.created.replace(tzinfo=None)
        props.modified = meta.created.replace(tzinfo=None)
        props.last_modified_by = meta.author
        props.revision = 1
        package = self.document.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
                del package.rels[rel_id]

    def _app_properties(self, page_count: int) -> None:
        """docProps/app.xml: the page count and the organization, not the template's."""
        for rel in self.document.part.package.rels.values():
            if rel.reltype != RELATIONSHIP_TYPE.EXTENDED_PROPERTIES:
                continue
            part = rel.target_part
            xml = part.blob.decode("utf-8")
            values = {"Pages": str(page_count), "Application": "report-builder",
                      "Company": escape(self.plan.title.organization or "")}
            for tag, value in values.items():
                element = f"<{tag}>{value}</{tag}>"
                xml = re.sub(rf"<{tag}>[^<]*</{tag}>|<{tag}/>", lambda _: element, xml)  # a value is not a template
            part._blob = xml.encode("utf-8")


def _resize(shape, height: float) -> None:
    """A picture or chart set `height` points tall, its aspect kept (a chart has only the drawing's extent)."""
    extent = shape._inline.extent
    extent.cx, extent.cy = Emu(round(extent.cx * height / Length(extent.cy).pt)), Pt(height)
    picture = shape._inline.graphic.graphicData.pic
    if picture is not None:
        picture.spPr.cx, picture.spPr.cy = extent.cx, extent.cy


def _source_bookmark(number: int) -> str:
    return f"_Source{number}"


def _fresh_paragraph(part, styles, name: str):
    """The part's first paragraph if it is empty, else a new one after the existing design."""
    first = part.paragraphs[0] if part.paragraphs else None
    if first is not None and not first.text.strip() and not first._p.xpath(".//w:drawing"):
        return styles.apply(first, name)
    return styles.add_paragraph(part, name)
