"""DocumentPlan to a PDF summary with reportlab's platypus."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..model import Brief, Citation, RichText
from ..plan.document import ChronologyBlock, DocumentPlan, SectionBlock, plan_document
from ..theme import FontFace, Theme


def render(brief: Brief, theme: Theme, target: Path, warn) -> None:
    plan = plan_document(brief, theme, handout=True)
    PdfWriter(plan, theme).write(target)


def escape(text: str) -> str:
    """Text for reportlab's paragraph markup: every character literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FontSet:
    """Registers the theme's TrueType fonts and picks one per character."""

    def __init__(self, theme: Theme):
        self.families: list[tuple[str, set[int]]] = []
        for index, face in enumerate(theme.fonts):
            family = f"RB{index}-{_safe(face.name)}"
            self._register(family, face)
            covered = set(pdfmetrics.getFont(family).face.charToGlyph)
            self.families.append((family, covered))

    @staticmethod
    def _register(family: str, face: FontFace) -> None:
        names = {}
        for style, bold, italic in (("", False, False), ("-Bold", True, False),
                                    ("-Italic", False, True), ("-BoldItalic", True, True)):
            name = family + style
            pdfmetrics.registerFont(TTFont(name, str(face.file(bold, italic))))
            names[(bold, italic)] = name
        pdfmetrics.registerFontFamily(family, normal=names[(False, False)], bold=names[(True, False)],
                                      italic=names[(False, True)], boldItalic=names[(True, True)])

    @property
    def main(self) -> str:
        return self.families[0][0]

    def markup(self, text: str) -> str:
        """Escaped text, with runs the main font lacks switched to the first font that has them."""
        out: list[str] = []
        current = None
        chunk: list[str] = []

        def flush():
            if chunk:
                piece = escape("".join(chunk))
                out.append(piece if current in (None, self.main) else f'<font face="{current}">{piece}</font>')
                chunk.clear()

        for ch in text:
            family = self.family_for(ch)
            if family != current and not ch.isspace():
                flush()
                current = family
            chunk.append(ch)
        flush()
        return "".join(out)

    def family_for(self, ch: str) -> str:
        code = ord(ch)
        for family, covered in self.families:
            if code in covered:
                return family
        return self.main


def _safe(name: str) -> str:
    return "".join(ch for ch in name if ch.isalnum())


class PdfWriter:
    def __init__(self, plan: DocumentPlan, theme: Theme):
        self.plan = plan
        self.theme = theme
        self.fonts = FontSet(theme)
        sizes, palette = theme.sizes, theme.colors
        base = ParagraphStyle("body", fontName=self.fonts.main, fontSize=sizes.body, leading=sizes.body * 1.35,
                              textColor=colors.HexColor("#" + palette.text), spaceAfter=4)
        self.styles = {
            "body": base,
            "title": ParagraphStyle("title", parent=base, fontSize=sizes.title, leading=sizes.title * 1.2,
                                    textColor=colors.HexColor("#" + palette.primary), spaceAfter=6),
            "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=sizes.subtitle,
                                       leading=sizes.subtitle * 1.3, textColor=colors.HexColor("#" + palette.muted)),
            "h1": ParagraphStyle("h1", parent=base, fontSize=sizes.heading1, leading=sizes.heading1 * 1.3,
                                 textColor=colors.HexColor("#" + palette.primary), spaceBefore=10, spaceAfter=4),
            "small": ParagraphStyle("small", parent=base, fontSize=sizes.small, leading=sizes.small * 1.3),
            "banner": ParagraphStyle("banner", parent=base, fontSize=sizes.small, alignment=TA_CENTER,
                                     textColor=colors.HexColor("#" + palette.classification)),
        }

    def write(self, target: Path) -> None:
        width, height = self.theme.page_size_pt
        margin = self.theme.margin_pt
        meta = self.plan.metadata
        doc = SimpleDocTemplate(str(target), pagesize=(width, height), leftMargin=margin, rightMargin=margin,
                                topMargin=margin + 6 * mm, bottomMargin=margin + 6 * mm, title=meta.title,
                                author=meta.author, subject=meta.subject, keywords=", ".join(meta.keywords),
                                creator="report-builder")
        doc.build(self._story(), onFirstPage=self._decorate, onLaterPages=self._decorate)

    def _decorate(self, canvas, doc) -> None:
        width, height = self.theme.page_size_pt
        canvas.saveState()
        canvas.setFont(self.fonts.main, self.theme.sizes.small)
        marking = self.plan.title.classification
        if marking:
            canvas.setFillColor(colors.HexColor("#" + self.theme.colors.classification))
            canvas.drawCentredString(width / 2, height - self.theme.margin_pt / 2, marking)
            canvas.drawCentredString(width / 2, self.theme.margin_pt / 2, marking)
        canvas.setFillColor(colors.HexColor("#" + self.theme.colors.muted))
        canvas.drawRightString(width - self.theme.margin_pt, self.theme.margin_pt / 2, f"Page {doc.page}")
        canvas.restoreState()

    def _p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(self.fonts.markup(text), self.styles[style])

    def _rich(self, text: RichText, style: str = "body") -> Paragraph:
        return Paragraph(self._runs(text), self.styles[style])

    def _runs(self, text: RichText) -> str:
        parts = []
        for run in text.runs:
            if isinstance(run, Citation):
                parts.append(f"[{run.number}]")
                continue
            piece = self.fonts.markup(run.text)
            if run.bold:
                piece = f"<b>{piece}</b>"
            if run.italic:
                piece = f"<i>{piece}</i>"
            if run.href:
                piece = f'<a href="{escape(run.href)}" color="#{self.theme.colors.link}">{piece}</a>'
            parts.append(piece)
        return "".join(parts)

    def _bullets(self, items) -> ListFlowable:
        return ListFlowable([ListItem(self._rich(item)) for item in items], bulletType="bullet", start="•",
                            leftIndent=12, bulletFontName=self.fonts.main)

    def _story(self) -> list:
        plan = self.plan
        story = [self._p(plan.title.title, "title")]
        if plan.title.subtitle:
            story.append(self._p(plan.title.subtitle, "subtitle"))
        story.append(self._p(plan.title.date))
        if plan.title.byline:
            story.append(self._p(plan.title.byline))
        if plan.summary:
            story += [self._p(plan.summary_title, "h1"), self._bullets(plan.summary)]
        for block in plan.blocks:
            if isinstance(block, SectionBlock):
                story.append(self._p(block.title, "h1"))
                if block.key_points:
                    story.append(self._bullets(block.key_points))
                story += [self._rich(p) for p in block.paragraphs]
            elif isinstance(block, ChronologyBlock):
                story += [self._p(block.title, "h1"), self._chronology(block)]
        if plan.conclusions:
            story.append(self._p(plan.conclusions_title, "h1"))
            for conclusion in plan.conclusions:
                prefix = f"<b>{self.fonts.markup(conclusion.title)}.</b> " if conclusion.title else ""
                story.append(Paragraph(prefix + self._runs(conclusion.text), self.styles["body"]))
        if plan.sources:
            story.append(self._p(plan.sources_title, "h1"))
            for source in plan.sources:
                details = ", ".join(d for d in (source.publisher, source.date.display() if source.date else None) if d)
                text = f"[{source.number}] <i>{self.fonts.markup(source.title)}</i>"
                if details:
                    text += ". " + self.fonts.markup(details)
                if source.url:
                    url = escape(source.url)
                    text += f'. <a href="{url}" color="#{self.theme.colors.link}">{url}</a>'
                story.append(Paragraph(text, self.styles["small"]))
        story.append(Spacer(1, 1))
        return story

    def _chronology(self, block: ChronologyBlock) -> Table:
        rows = [[self._p("Date", "small"), self._p("Development", "small"), self._p("Significance", "small")]]
        for development in block.developments:
            what = f"<b>{self._runs(development.title)}</b>"
            if development.summary:
                what += " " + self._runs(development.summary)
            rows.append([
                self._p(development.date.display(), "small"),
                Paragraph(what, self.styles["small"]),
                self._rich(development.significance, "small") if development.significance else "",
            ])
        available = self.theme.page_size_pt[0] - 2 * self.theme.margin_pt
        table = Table(rows, colWidths=[available * 0.16, available * 0.5, available * 0.34], repeatRows=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#" + self.theme.colors.rule)),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#" + self.theme.colors.summary_fill)),
        ]))
        return table
