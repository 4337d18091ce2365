"""DocumentPlan to a Word brief (.docx) with python-docx."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ..model import Brief, Citation, RichText
from ..plan.document import ChronologyBlock, DocumentPlan, SectionBlock, plan_document
from ..theme import Theme


def render(brief: Brief, theme: Theme, target: Path, warn) -> None:
    plan = plan_document(brief, theme)
    DocxWriter(plan, theme).write(target)


class DocxWriter:
    def __init__(self, plan: DocumentPlan, theme: Theme):
        self.plan = plan
        self.theme = theme
        self.document = Document()

    def write(self, target: Path) -> None:
        self._styles()
        self._title_block()
        self._summary()
        for block in self.plan.blocks:
            if isinstance(block, SectionBlock):
                self._section(block)
            else:
                self._chronology(block)
        self._conclusions()
        self._sources()
        self._properties()
        self.document.save(str(target))

    # Styles ---------------------------------------------------------------

    def _styles(self) -> None:
        theme = self.theme
        styles = self.document.styles
        normal = styles["Normal"]
        self._font(normal, theme.sizes.body, theme.colors.text)
        for name, size in (("Title", theme.sizes.title), ("Subtitle", theme.sizes.subtitle),
                           ("Heading 1", theme.sizes.heading1), ("Heading 2", theme.sizes.heading2)):
            self._font(styles[name], size, theme.colors.primary)

    def _font(self, style, size: float, color: str) -> None:
        style.font.name = self.theme.text_font.name
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(color)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:ascii"), self.theme.text_font.name)
        fonts.set(qn("w:hAnsi"), self.theme.text_font.name)
        fonts.set(qn("w:cs"), self.theme.text_font.name)
        if self.theme.fallback_fonts:
            fonts.set(qn("w:eastAsia"), self.theme.fallback_fonts[0].name)

    # Blocks ---------------------------------------------------------------

    def _title_block(self) -> None:
        title = self.plan.title
        doc = self.document
        if title.classification:
            section = doc.sections[0]
            for part in (section.header, section.footer):
                marking = part.paragraphs[0]
                marking.text = title.classification
                marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(title.title, style="Title")
        if title.subtitle:
            doc.add_paragraph(title.subtitle, style="Subtitle")
        doc.add_paragraph(title.date)
        if title.byline:
            doc.add_paragraph(title.byline)

    def _summary(self) -> None:
        if not self.plan.summary:
            return
        self.document.add_heading(self.plan.summary_title, level=1)
        for judgment in self.plan.summary:
            self._rich(self.document.add_paragraph(style="List Bullet"), judgment)

    def _section(self, block: SectionBlock) -> None:
        self.document.add_heading(block.title, level=1)
        for point in block.key_points:
            self._rich(self.document.add_paragraph(style="List Bullet"), point)
        for paragraph in block.paragraphs:
            self._rich(self.document.add_paragraph(), paragraph)
        if block.image:
            width = self.document.sections[0].page_width - self.document.sections[0].left_margin - self.document.sections[0].right_margin
            self.document.add_picture(str(block.image.path), width=width)
            if block.image.caption:
                self._rich(self.document.add_paragraph(style="Caption"), block.image.caption)

    def _chronology(self, block: ChronologyBlock) -> None:
        self.document.add_heading(block.title, level=1)
        table = self.document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, ("Date", "Development", "Significance")):
            cell.text = label
        for development in block.developments:
            row = table.add_row().cells
            row[0].text = development.date.display()
            self._rich(row[1].paragraphs[0], development.title, bold=True)
            if development.summary:
                self._rich(row[1].add_paragraph(), development.summary)
            if development.significance:
                self._rich(row[2].paragraphs[0], development.significance)

    def _conclusions(self) -> None:
        if not self.plan.conclusions:
            return
        self.document.add_heading(self.plan.conclusions_title, level=1)
        for conclusion in self.plan.conclusions:
            paragraph = self.document.add_paragraph()
            if conclusion.title:
                paragraph.add_run(f"{conclusion.title}. ").bold = True
            self._rich(paragraph, conclusion.text)

    def _sources(self) -> None:
        if not self.plan.sources:
            return
        self.document.add_heading(self.plan.sources_title, level=1)
        for source in self.plan.sources:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"[{source.number}] ")
            paragraph.add_run(source.title).italic = True
            details = [d for d in (source.publisher, source.date.display() if source.date else None) if d]
            if details:
                paragraph.add_run(". " + ", ".join(details))
            if source.url:
                paragraph.add_run(". ")
                self._hyperlink(paragraph, source.url, source.url, False, False)

    def _properties(self) -> None:
        meta = self.plan.metadata
        props = self.document.core_properties
        props.title = meta.title
        props.subject = meta.subject
        props.author = meta.author
        props.keywords = ", ".join(meta.keywords)
        props.category = meta.category
        props.created = meta.created.replace(tzinfo=None)
        props.modified = meta.created.replace(tzinfo=None)
        props.last_modified_by = meta.author
        props.revision = 1

    # Runs -----------------------------------------------------------------

    def _rich(self, paragraph, text: RichText, bold: bool = False) -> None:
        for run in text.runs:
            if isinstance(run, Citation):
                paragraph.add_run(f"[{run.number}]")
            elif run.href:
                self._hyperlink(paragraph, run.text, run.href, run.bold or bold, run.italic)
            else:
                added = paragraph.add_run(run.text)
                added.bold = run.bold or bold or None
                added.italic = run.italic or None

    def _hyperlink(self, paragraph, text: str, url: str, bold: bool, italic: bool) -> None:
        rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rel_id)
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        if bold:
            props.append(OxmlElement("w:b"))
        if italic:
            props.append(OxmlElement("w:i"))
        color = OxmlElement("w:color")
        color.set(qn("w:val"), self.theme.colors.link)
        props.append(color)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        props.append(underline)
        run.append(props)
        text_element = OxmlElement("w:t")
        text_element.text = text
        text_element.set(qn("xml:space"), "preserve")
        run.append(text_element)
        link.append(run)
        paragraph._p.append(link)

