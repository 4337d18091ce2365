"""What each output should hold, taken from the plans its writer follows.

The Word brief and the PDF summary follow `plan_document` (the PDF handout
holds each section's key points, and its paragraphs only in a "full"
handout); the deck follows `plan_deck`, slide by slide: its points as split
across continuation slides, the full title in the notes when the slide
shows it shortened, a section's paragraphs in the notes when its points are
their first sentences. Each item is named by its field path and line in the
brief, so a missing one is reported like any other problem with the brief.

Every kind of content is one small function here; tables and charts will
be one more each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Location
from ..model import Brief, Development, Judgment, RichText, Section, Source
from ..plan.deck import Deck, SlideKind
from ..plan.document import ChronologyBlock, DocumentPlan, SectionBlock, with_lead_in
from ..plan.deck_layout import Role
from ..plan.references import source_label, source_reference


@dataclass
class Item:
    """One thing the brief asks an output to show, and the texts that show it, in reading order."""

    path: str
    what: str
    text: str
    location: Location
    pieces: list[str] = field(default_factory=list)


class Expected:
    """Items in reading order; each piece remembers its item so an item is found when all its pieces are."""

    def __init__(self) -> None:
        self.items: dict[str, Item] = {}
        self.pieces: list[tuple[str, str]] = []

    def add(self, path: str, what: str, text: str, location: Location, *pieces: str) -> None:
        item = self.items.setdefault(path, Item(path, what, text, location))
        for piece in pieces:
            if piece.strip():
                item.pieces.append(piece)
                self.pieces.append((path, piece))


# The Word brief and the PDF summary ---------------------------------------------------------


def document_items(brief: Brief, plan: DocumentPlan) -> Expected:
    expected = Expected()
    _title(expected, brief)
    for judgment, text in zip(brief.summary, plan.summary):
        _judgment(expected, judgment, "key judgment", text.plain())
    for block in plan.blocks:
        if isinstance(block, SectionBlock):
            _section(expected, block)
        elif isinstance(block, ChronologyBlock):
            for development in block.developments:
                _development(expected, development)
    for conclusion in plan.conclusions:
        _judgment(expected, conclusion, "conclusion", with_lead_in(conclusion).plain())
    for source in plan.sources:
        _source(expected, source, source_reference(source).plain())
    return expected


def _title(expected: Expected, brief: Brief) -> None:
    expected.add("title", "title", brief.title, brief.origin.field_location("title", brief.location), brief.title)
    if brief.subtitle:
        expected.add("subtitle", "subtitle", brief.subtitle, brief.origin.field_location("subtitle", brief.location),
                     brief.subtitle)


def _section(expected: Expected, block: SectionBlock) -> None:
    section = block.section
    _section_title(expected, section, section.title)
    for text in (*block.key_points, *block.paragraphs):
        _rich(expected, text)
    if block.image is not None and block.image.caption is not None:
        _rich(expected, block.image.caption, "image caption")


def _section_title(expected: Expected, section: Section, shown: str) -> None:
    expected.add(section.origin.field_path("title"), "section title", section.title,
                 section.origin.field_location("title", section.location), shown)


def _rich(expected: Expected, text: RichText, what: str | None = None, *pieces: str) -> None:
    kind = what or _kind(text.path)
    expected.add(text.path, kind, text.plain(), text.location, *(pieces or (text.plain(),)))


def _kind(path: str) -> str:
    for part, name in (("bullets", "key point"), ("paragraphs", "paragraph"), ("notes", "speaker notes")):
        if f".{part}" in path:
            return name
    return "text"


def _development(expected: Expected, development: Development, *pieces: str) -> None:
    texts = pieces or tuple(t.plain() for t in (development.title, development.summary, development.significance) if t)
    expected.add(development.origin.path, "development", f"{development.date.display()}: {development.title.plain()}",
                 development.location, *texts)


def _judgment(expected: Expected, judgment: Judgment, what: str, shown: str) -> None:
    expected.add(judgment.origin.path, what, judgment.text.plain(), judgment.location, shown)


def _source(expected: Expected, source: Source, shown: str) -> None:
    expected.add(source.origin.path, "source", f"{source_label(source)} {source.title}", source.location, shown)


# The deck -----------------------------------------------------------------------------------


def deck_items(brief: Brief, deck: Deck) -> Expected:
    """Slide by slide, as the plan placed it: what is on each slide, then what is in its notes."""
    expected = Expected()
    lists = {SlideKind.SUMMARY: list(brief.summary), SlideKind.CONCLUSIONS: list(brief.conclusions),
             SlideKind.SOURCES: list(brief.sources)}
    taken = {kind: -1 for kind in lists}
    sections = iter(brief.sections)
    section = None
    for slide in deck.slides:
        if slide.kind is SlideKind.TITLE:
            _title(expected, brief)
        elif slide.kind is SlideKind.CONTENT:
            if not slide.continued:
                section = next(sections)
                _section_title(expected, section, slide.title)
            for point in slide.points:
                _rich(expected, section_text(section, point.text), None, point.text.plain())
            caption = slide.frame(Role.CAPTION)
            if caption is not None and section.image is not None and section.image.caption is not None:
                _rich(expected, section.image.caption, "image caption", caption.text)
            if not slide.continued:
                _section_notes(expected, section, [p.text for p in slide.points])
        elif slide.kind is SlideKind.CHRONOLOGY:
            for development in slide.developments:
                _development(expected, development, development.title.plain())
        elif slide.kind in lists:
            for point in slide.points:
                if point.bulleted:
                    taken[slide.kind] += 1
                entry = lists[slide.kind][taken[slide.kind]]
                if isinstance(entry, Source):
                    _source(expected, entry, point.text.plain())
                else:
                    what = "key judgment" if slide.kind is SlideKind.SUMMARY else "conclusion"
                    _judgment(expected, entry, what, point.text.plain())
    return expected


def section_text(section: Section, shown: RichText) -> RichText:
    """The brief's text a slide point comes from (a bullet, or the paragraph whose first sentence it shows)."""
    for text in (*section.bullets, *section.paragraphs):
        if text.path == shown.path:
            return text
    return shown


def _section_notes(expected: Expected, section: Section, shown: list[RichText]) -> None:
    """What the plan puts in the notes: the section's notes, and paragraphs shown only by their first sentence."""
    if section.notes is not None:
        _rich(expected, section.notes, "speaker notes")
    if not section.bullets:
        for paragraph in section.paragraphs:
            if paragraph.plain() not in {text.plain() for text in shown}:
                _rich(expected, paragraph, "paragraph")
