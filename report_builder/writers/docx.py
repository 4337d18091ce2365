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
theme font's metrics and lays out pages as a word processor does. Each
top-level part after the cover page starts on a new page, so a part's first
page only depends on how many pages the parts before it fill; the estimate is
checked against LibreOffice's rendering in tests/test_writer_docx.py. The
same count fills the footer's "Page X of Y".

Styles come from the theme, or from the layout's reference.docx (see
`docx_styles`). Nothing here depends on the clock: document dates are the
brief's date.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.image.image import Image as ImageInfo
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from ..model import Brief, Citation, RichText
from ..plan.document import ChronologyBlock, DocumentPlan, SectionBlock, plan_document, with_lead_in
from ..plan.references import source_label, source_reference
from ..plan.pagination import FigureBlock, PageGeometry, Span, TextBlock, paginate
from ..theme import Theme
from .archive import save_package
from .docx_fields import (
    TocEntry, add_bookmark, append_field, element, external_link, text_run, toc_block, toc_paragraphs,
)
from .docx_chart import add_chart
from .docx_data_table import add_table
from .docx_reference import complete_page_setup, house_page_setup
from .docx_styles import StyleSheet
from .docx_table import chronology_table

FIGURE_MAX_HEIGHT = 0.6     # a picture takes at most this share of the page's text height
TOC_LEVELS = {1: "toc 1"}


def render(brief: Brief, theme: Theme, target: Path, warn) -> None:
    plan = plan_document(brief, theme)
    WordBrief(plan, theme, warn).save(target)


class WordBrief:
    def __init__(self, plan: DocumentPlan, theme: Theme, warn):
        self.plan = plan
        self.theme = theme
        self.warn = warn
        self.document = self._base_document()
        section = self.document.sections[0]
        self.text_width = Length(section.page_width - section.left_margin - section.right_margin).pt
        self.body_height = Length(section.page_height - section.top_margin - section.bottom_margin).pt
        self.styles = StyleSheet(self.document, theme, warn, theme.reference_docx is not None,
                                 plan.metadata.language)
        self.styles.install()
        self.bullets = self.styles.list_numbering("List Bullet")
        self.numbers = self.styles.list_numbering("List Number", numbered=True)
        self.flow: list = []
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
        for block in plan.blocks:
            if isinstance(block, SectionBlock):
                self._section(block)
            else:
                self._chronology(block)
        if plan.conclusions:
            self._conclusions()
        if plan.sources:
            self._sources()
        pagination = paginate(self.flow, PageGeometry(self.body_height), self.theme.fonts)
        for entry, slot in zip(self.headings, self.page_number_slots):
            slot.text = str(pagination.pages.get(entry.bookmark, 1))
        self._header_footer(pagination.page_count)
        self._properties()
        self._app_properties(pagination.page_count)
        save_package(self.document, target)

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

    # Paragraphs -------------------------------------------------------------

    def paragraph(self, style: str, text: RichText | str | None = None, *, anchor: str | None = None,
                  bold: bool = False, **direct):
        """Add a paragraph in `style` and describe it to the paginator (`direct`: format overrides)."""
        paragraph = self.styles.add_paragraph(self.document, style)
        spans: list[Span] = []
        if isinstance(text, RichText):
            spans = self.rich(paragraph, text, bold=bold)
        elif text:
            run = paragraph.add_run(text)
            if bold:
                run.bold = True
            spans = [Span(text, bold)]
        ppr = paragraph._p.get_or_add_pPr()
        if direct.get("page_break_before"):
            ppr.append(OxmlElement("w:pageBreakBefore"))
        fmt = self.styles.format(style, **direct)
        block = TextBlock(fmt, tuple(spans), self.text_width, anchor)
        self.flow.append(block)
        return paragraph, block

    def heading(self, page_break: bool = True):
        entry = self.headings[self._next_heading]
        self._next_heading += 1
        paragraph, _ = self.paragraph("Heading 1", entry.text, anchor=entry.bookmark,
                                      page_break_before=page_break)
        add_bookmark(paragraph, entry.bookmark, self._next_heading)
        return paragraph

    def list_item(self, style: str, text: RichText, last: bool = False, spacing: dict | None = None,
                  numbering: int | None = None) -> None:
        """A bulleted (or numbered) list paragraph; its indents are repeated on it so they beat the numbering's."""
        left, hanging, right = self.styles.list_indent(style)
        spacing = dict(spacing or {})
        if last:
            spacing["space_after"] = self.styles.format("Body Text").space_after
        # The bullet hangs in the indent: every line of text starts at the same place.
        paragraph, block = self.paragraph(style, text, indent_first=0.0, indent_left=left, indent_right=right,
                                          **spacing)
        ppr = paragraph._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        num_pr.append(element("w:ilvl", w_val="0"))
        num_pr.append(element("w:numId", w_val=str(numbering or self.bullets)))
        ppr.insert_element_before(num_pr, *_AFTER_NUMPR)
        indent = {"w_left": str(round(left * 20)), "w_hanging": str(round(hanging * 20))}
        if right:
            indent["w_right"] = str(round(right * 20))
        ppr.insert_element_before(element("w:ind", **indent), *_AFTER_NUMPR[_AFTER_NUMPR.index("w:ind") + 1:])
        if last:
            spacing = ppr.find(qn("w:spacing"))
            if spacing is None:
                spacing = element("w:spacing")
                ppr.insert_element_before(spacing, *_AFTER_NUMPR[_AFTER_NUMPR.index("w:spacing") + 1:])
            spacing.set(qn("w:after"), str(round(block.format.space_after * 20)))

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
                added = paragraph.add_run(run.text)
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
        self.heading(page_break=False)
        boxed = self.styles.format("Key Judgment")
        inner = self.styles.format("Key Judgment", borders=False)
        count = len(self.plan.summary)
        for index, judgment in enumerate(self.plan.summary):
            edges = {"border_above": boxed.border_above if index == 0 else inner.border_above,
                     "border_below": boxed.border_below if index == count - 1 else inner.border_below,
                     "box_top": boxed.border_above, "box_bottom": boxed.border_below}
            self.list_item("Key Judgment", judgment, spacing=edges)

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
        self.heading()
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
        info = ImageInfo.from_blob(image.data)
        width = self.text_width
        height = width * info.px_height / info.px_width
        limit = self.body_height * FIGURE_MAX_HEIGHT
        if height > limit:
            width, height = limit * info.px_width / info.px_height, limit
        paragraph = self.styles.add_paragraph(self.document, "Figure")
        shape = paragraph.add_run().add_picture(io.BytesIO(image.data), width=Pt(width), height=Pt(height))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", image.alt)
        doc_pr.set("name", f"Figure {doc_pr.get('id')}")
        self.flow.append(FigureBlock(self.styles.format("Figure"), height))
        if image.caption:
            self.paragraph("Caption", image.caption)

    def _chronology(self, block: ChronologyBlock) -> None:
        self.heading()
        table = chronology_table(self, block)
        self.flow.append(table)

    def _conclusions(self) -> None:
        self.heading()
        count = len(self.plan.conclusions)
        for index, conclusion in enumerate(self.plan.conclusions):
            self.list_item("List Number", with_lead_in(conclusion), last=index == count - 1, numbering=self.numbers)

    def _sources(self) -> None:
        self.heading()
        for source in self.plan.sources:
            paragraph, flow_block = self.paragraph("Bibliography", indent_first=0.0)
            add_bookmark(paragraph, _source_bookmark(source.number), 1000 + source.number)
            paragraph.add_run(f"{source_label(source)}\t")
            spans = self.rich(paragraph, source_reference(source))
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
        for footer in footers:
            footer.is_linked_to_previous = False
            paragraph = _fresh_paragraph(footer, self.styles, "Footer")
            tabs = OxmlElement("w:tabs")
            tabs.append(element("w:tab", w_val="center", w_pos=str(tab_center)))
            tabs.append(element("w:tab", w_val="right", w_pos=str(tab_right)))
            paragraph._p.get_or_add_pPr().append(tabs)
            paragraph.add_run("\t")
            if classification:
                paragraph.add_run(classification, style=self.styles.style("Classification"))
            paragraph.add_run("\tPage ")
            append_field(paragraph, "PAGE", "1")
            paragraph.add_run(" of ")
            append_field(paragraph, "NUMPAGES", str(page_count))

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


# numPr must come before these in w:pPr (the schema's order).
_AFTER_NUMPR = (
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
    "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def _source_bookmark(number: int) -> str:
    return f"_Source{number}"


def _fresh_paragraph(part, styles, name: str):
    """The part's first paragraph if it is empty, else a new one after the existing design."""
    first = part.paragraphs[0] if part.paragraphs else None
    if first is not None and not first.text.strip() and not first._p.xpath(".//w:drawing"):
        return styles.apply(first, name)
    return styles.add_paragraph(part, name)
