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

from ..dates import DateStyle
from ..errors import Location
from ..model import Brief, ChartType, Development, Judgment, RichText, Section, Source, Table
from ..plan.charts import ChartPlan
from ..plan.deck import Deck, SlideKind
from ..plan.deck_data import SlideChart, SlideTable
from ..plan.deck_layout import Role
from ..plan.deck_text import sentences
from ..plan.document import ChronologyBlock, DocumentPlan, SectionBlock, with_lead_in
from ..plan.exhibits import number_exhibits
from ..plan.references import source_label, source_reference


@dataclass
class Item:
    """One thing the brief asks an output to show, and the texts that show it, in reading order."""

    path: str
    what: str
    text: str
    location: Location
    pieces: list[str] = field(default_factory=list)
    near: list[str] = field(default_factory=list)
    """Texts looked for close to the item's other pieces, in any order: a chart's labels."""


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

    def add_near(self, path: str, *texts: str) -> None:
        self.items[path].near.extend(text for text in texts if text.strip())


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
                _development(expected, development, plan.dates, plan.dates.show(development.date),
                             *_development_texts(development))
    for conclusion in plan.conclusions:
        _judgment(expected, conclusion, "conclusion", with_lead_in(conclusion).plain())
    for source in plan.sources:
        _source(expected, source, source_reference(source, plan.dates).plain())
    return expected


def _title(expected: Expected, brief: Brief) -> None:
    expected.add("title", "title", brief.title, brief.origin.field_location("title", brief.location), brief.title)
    if brief.subtitle:
        expected.add("subtitle", "subtitle", brief.subtitle, brief.origin.field_location("subtitle", brief.location),
                     brief.subtitle)


def _section(expected: Expected, block: SectionBlock) -> None:
    section = block.section
    _section_title(expected, section, section.title)
    if section.headline is not None:
        _rich(expected, section.headline, "headline")
    for text in (*block.key_points, *block.paragraphs):
        _rich(expected, text)
    if block.image is not None and block.image.caption is not None:
        _rich(expected, block.image.caption, "image caption")
    for table in block.tables:
        _table(expected, table.table, table.caption.plain(), _header(table.columns), *map(_row, table.rows))
        if table.note is not None:
            expected.add(table.table.origin.path, "table", "", table.table.location, table.note.plain())
    for chart in block.charts:
        _chart(expected, chart.plan)


def _table(expected: Expected, table: Table, caption: str, *rows: str) -> None:
    """A table: its numbered caption, header and rows, in order (a row is its cells read across)."""
    expected.add(table.origin.path, "table", table.caption.plain() if table.caption else caption,
                 table.location, caption, *rows)


def _header(columns) -> str:
    return "\n".join(columns)


def _row(cells) -> str:
    return "\n".join(cell.plain() if isinstance(cell, RichText) else cell.text for cell in cells)


def _chart(expected: Expected, plan: ChartPlan, caption: str | None = None) -> None:
    """A chart: its numbered caption where the reader meets it; beside it, its categories and (with a legend)
    its series names."""
    chart = plan.chart
    expected.add(chart.origin.path, "chart", chart.title.plain() if chart.title else plan.label, chart.location,
                 caption if caption is not None else plan.caption.plain())
    names = [series.name for series in plan.series] if plan.legend and plan.type is not ChartType.PIE else []
    expected.add_near(chart.origin.path, *plan.categories, *names)


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


def _development_texts(development: Development) -> tuple[str, ...]:
    return tuple(t.plain() for t in (development.title, development.summary, development.significance) if t)


def _development(expected: Expected, development: Development, dates: DateStyle, *pieces: str) -> None:
    """Named by its date in the layout's style, as the outputs write it."""
    expected.add(development.origin.path, "development", f"{dates.show(development.date)}: {development.title.plain()}",
                 development.location, *pieces)


def _judgment(expected: Expected, judgment: Judgment, what: str, shown: str) -> None:
    expected.add(judgment.origin.path, what, judgment.text.plain(), judgment.location, shown)


def _source(expected: Expected, source: Source, shown: str) -> None:
    expected.add(source.origin.path, "source", f"{source_label(source)} {source.title}", source.location, shown)


# The deck -----------------------------------------------------------------------------------


def deck_items(brief: Brief, deck: Deck, dates: DateStyle) -> Expected:
    """Slide by slide, as the plan placed it: what is on each slide, then what is in its notes."""
    expected = Expected()
    lists = {SlideKind.SUMMARY: brief.summary, SlideKind.CONCLUSIONS: brief.conclusions,
             SlideKind.SOURCES: brief.sources}
    tables = {number: table for section in number_exhibits(brief) for table, number in section.tables}
    sections = iter(brief.sections)
    section = None
    source = -1
    for slide in deck.slides:
        if slide.kind is SlideKind.TITLE:
            _title(expected, brief)
        elif slide.kind is SlideKind.CONTENT:
            if not slide.continued:
                section = next(sections)
                _section_heading(expected, section, slide.title)
            _content(expected, slide, section, tables)
        elif slide.kind is SlideKind.CHRONOLOGY:
            for development in slide.developments:
                _development(expected, development, dates, development.title.plain())
        elif slide.kind is SlideKind.SOURCES:
            for point in slide.points:
                source += point.bulleted  # a source continued from the slide before has no bullet
                _source(expected, brief.sources[source], point.text.plain())
        elif slide.kind in lists:
            what = "key judgment" if slide.kind is SlideKind.SUMMARY else "conclusion"
            for point in slide.points:
                if point.origin >= 0:
                    _judgment(expected, lists[slide.kind][point.origin], what, point.text.plain())
    return expected


def _section_heading(expected: Expected, section: Section, title: str) -> None:
    """The section's name (the slide title, or the small line above its headline) and its headline."""
    _section_title(expected, section, section.title)
    if section.headline is not None and title == section.headline.plain():
        expected.add(section.origin.field_path("headline"), "headline", title,
                     section.headline.location, title)


def _content(expected: Expected, slide, section: Section, tables: dict[int, Table]) -> None:
    derived = not section.bullets
    for point in slide.points:
        if point.origin < 0:
            continue
        source = (section.paragraphs if derived else section.bullets)[point.origin]
        _rich(expected, source, None, point.text.plain())
        if derived and point.bulleted:
            _rich(expected, source, "paragraph", " ".join(source.plain().split()))  # whole, in the notes
    captions = [frame.text for frame in slide.frames if frame.role is Role.CAPTION]
    for shape in slide.shapes:
        if isinstance(shape, SlideTable):
            table = tables[shape.number]
            label = f"Table {shape.number}"
            caption = next((text for text in captions if text.startswith(label)), None)
            first = table.origin.path not in expected.items
            rows = [_cells(shape.header)] if first else []
            _table(expected, table, caption or label, *rows, *(_cells(row) for row in shape.rows))
        elif isinstance(shape, SlideChart):
            label = shape.plan.label
            caption = next((text for text in captions if text.startswith(label)), label)
            _chart(expected, shape.plan, caption)
    if section.notes is not None:
        _talk_track(expected, section.notes, slide.notes)
    if section.image is not None and section.image.caption is not None:
        caption = next((t for t in captions if not t.startswith(("Table ", "Figure "))), None)
        if caption is not None:
            _rich(expected, section.image.caption, "image caption", caption)


def _talk_track(expected: Expected, notes: RichText, slide_notes: str) -> None:
    """The sentences of a section's talk track the plan put in this slide's notes."""
    shown = " ".join(slide_notes.split())
    for sentence in sentences(notes.plain()):
        sentence = " ".join(sentence.split())
        if sentence and sentence in shown:
            _rich(expected, notes, "speaker notes", sentence)


def _cells(paras) -> str:
    return "\n".join(para.text for para in paras)
