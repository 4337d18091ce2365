"""Deck plan to a PowerPoint deck (.pptx) with python-pptx."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from ..model import Brief, Citation, RichText
from ..plan.deck import Deck, Slide, SlideKind, plan_deck
from ..theme import Theme

_TITLE_LAYOUT = 0
_CONTENT_LAYOUT = 1


def render(brief: Brief, theme: Theme, target: Path, warn) -> None:
    PptxWriter(plan_deck(brief, theme), theme).write(target)


class PptxWriter:
    def __init__(self, deck: Deck, theme: Theme):
        self.deck = deck
        self.theme = theme
        self.prs = Presentation()
        self.prs.slide_width = Inches(theme.slide_width_in)
        self.prs.slide_height = Inches(theme.slide_height_in)

    def write(self, target: Path) -> None:
        for slide in self.deck.slides:
            if slide.kind is SlideKind.TITLE:
                self._title_slide()
            else:
                self._content_slide(slide)
        props = self.prs.core_properties
        props.title = self.deck.title.title
        props.subject = self.deck.title.subtitle or ""
        props.author = ", ".join(self.deck.title.authors)
        props.category = self.deck.title.classification or ""
        self.prs.save(str(target))

    def _title_slide(self) -> None:
        title = self.deck.title
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[_TITLE_LAYOUT])
        self._fit_placeholders(slide)
        slide.shapes.title.text = title.title
        lines = [line for line in (title.subtitle, title.date, title.byline, title.classification) if line]
        slide.placeholders[1].text = "\n".join(lines)
        self._marking(slide)

    def _content_slide(self, plan: Slide) -> None:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[_CONTENT_LAYOUT])
        self._fit_placeholders(slide)
        slide.shapes.title.text = plan.title
        body = slide.placeholders[1].text_frame
        items = list(plan.bullets)
        lines: list[str | RichText] = items
        if plan.kind is SlideKind.CHRONOLOGY:
            lines = [f"{d.date.display()}: {d.title.plain()}" for d in plan.developments]
        elif plan.kind is SlideKind.CONCLUSIONS:
            lines = [(f"{c.title}: " if c.title else "") + c.text.plain() for c in plan.conclusions]
        elif plan.kind is SlideKind.SOURCES:
            lines = [f"[{s.number}] {s.title}" + (f", {s.publisher}" if s.publisher else "") for s in plan.sources]
        for index, line in enumerate(lines):
            paragraph = body.paragraphs[0] if index == 0 else body.add_paragraph()
            if isinstance(line, RichText):
                self._runs(paragraph, line)
            else:
                paragraph.text = line
            for run in paragraph.runs:
                run.font.size = Pt(self.theme.sizes.slide_body)
        if plan.notes:
            slide.notes_slide.notes_text_frame.text = plan.notes
        self._marking(slide)

    def _runs(self, paragraph, text: RichText) -> None:
        for run in text.runs:
            added = paragraph.add_run()
            if isinstance(run, Citation):
                added.text = f"[{run.number}]"
                continue
            added.text = run.text
            added.font.bold = run.bold or None
            added.font.italic = run.italic or None
            if run.href:
                added.hyperlink.address = run.href

    def _fit_placeholders(self, slide) -> None:
        width = self.prs.slide_width
        for shape in slide.placeholders:
            shape.left = Inches(0.6)
            shape.width = width - Inches(1.2)

    def _marking(self, slide) -> None:
        marking = self.deck.title.classification
        if not marking:
            return
        box = slide.shapes.add_textbox(0, 0, self.prs.slide_width, Inches(0.35))
        paragraph = box.text_frame.paragraphs[0]
        paragraph.text = marking
        paragraph.runs[0].font.size = Pt(self.theme.sizes.slide_small)
        paragraph.runs[0].font.color.rgb = RGBColor.from_string(self.theme.colors.classification)
