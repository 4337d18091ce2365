"""Brief + Theme to a DocumentPlan: what the Word brief and the PDF summary show, in order.

Pure layout decisions (which blocks, in which order, what each section
contributes), no output library imported. The Word brief is the full text;
the PDF handout shows each section's key points, and its paragraphs too when
the layout asks for a "full" handout (a section with no key points shows its
paragraphs, as prose).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass

from ..dates import DateStyle
from ..model import Brief, Conclusion, Development, Image, Judgment, RichText, Section, Source, Text
from ..theme import Theme
from ..values import Value
from .data_blocks import ChartBlock, TablePlan, plan_section_data


@dataclass(frozen=True, eq=False, repr=False)
class TitleBlock(Value):
    title: str
    subtitle: str | None
    date: str
    authors: tuple[str, ...]
    organization: str | None
    classification: str | None

    @property
    def byline(self) -> str:
        """'Authors · Organization', the line under the date."""
        return " · ".join(part for part in (", ".join(self.authors), self.organization or "") if part)


@dataclass(frozen=True, eq=False, repr=False)
class SectionBlock(Value):
    section: Section
    key_points: tuple[RichText, ...]
    paragraphs: tuple[RichText, ...]
    image: Image | None
    tables: tuple[TablePlan, ...] = ()
    charts: tuple[ChartBlock, ...] = ()
    key_points_label: str = "Key points"

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def headline(self) -> RichText | None:
        """The section's one-sentence takeaway, set as its lead paragraph."""
        return self.section.headline


@dataclass(frozen=True, eq=False, repr=False)
class Column(Value):
    """A column of the chronology table: its header, what it holds, its share of the table's width."""

    header: str
    holds: str          # "date" (with the actors under it), "development" or "significance"
    share: float


DATE = Column("Date", "date", 0.17)


@dataclass(frozen=True, eq=False, repr=False)
class ChronologyBlock(Value):
    title: str
    developments: tuple[Development, ...]

    @property
    def columns(self) -> tuple[Column, ...]:
        """Date, Development and Significance; a column no development fills is left out, the
        development column taking its width. Actors sit under the date, so none means no line there."""
        if any(d.significance for d in self.developments):
            return (DATE, Column("Development", "development", 0.50), Column("Significance", "significance", 0.33))
        return (DATE, Column("Development", "development", 1 - DATE.share))


Block = SectionBlock | ChronologyBlock


@dataclass(frozen=True, eq=False, repr=False)
class Metadata(Value):
    """Document properties; dates come from the brief, never the clock, so builds repeat."""

    title: str
    subject: str
    author: str
    keywords: tuple[str, ...]
    category: str
    created: _dt.datetime
    language: str = "en"

    def for_office(self) -> "Metadata":
        """Office core properties hold at most 255 characters each: longer values end in '…'."""
        keywords: list[str] = []
        for keyword in self.keywords:
            if len(", ".join([*keywords, keyword])) > OFFICE_PROPERTY_LIMIT:
                break
            keywords.append(keyword)
        return dataclasses.replace(
            self,
            title=_shortened(self.title),
            subject=_shortened(self.subject),
            author=_shortened(self.author),
            keywords=tuple(keywords),
            category=_shortened(self.category),
        )


OFFICE_PROPERTY_LIMIT = 255


def _shortened(value: str) -> str:
    return value if len(value) <= OFFICE_PROPERTY_LIMIT else value[: OFFICE_PROPERTY_LIMIT - 1] + "…"


@dataclass(frozen=True, eq=False, repr=False)
class DocumentPlan(Value):
    title: TitleBlock
    summary_title: str
    summary: tuple[RichText, ...]
    blocks: tuple[Block, ...]
    conclusions_title: str
    conclusions: tuple[Conclusion, ...]
    sources_title: str
    sources: tuple[Source, ...]
    metadata: Metadata
    dates: DateStyle
    """How the outputs write dates (the layout's `dates`)."""


def plan_document(brief: Brief, theme: Theme, *, handout: bool = False, width: float | None = None) -> DocumentPlan:
    """The Word brief (handout=False) or the PDF summary (handout=True); tables and charts are `width`
    points wide, the text block's (default: the page between the theme's margins)."""
    full = not handout or theme.pdf_handout == "full"
    blocks: list[Block] = []
    data = plan_section_data(brief, theme, drawn=handout, width=width)
    for index, section in enumerate(brief.sections):
        tables, charts = data[index]
        blocks.append(dataclasses.replace(_section_block(section, handout=handout, full=full), tables=tables,
                                          charts=charts))
        if index == brief.chronology_after and brief.developments:
            blocks.append(ChronologyBlock("Chronology", brief.developments))
    return DocumentPlan(
        title=title_block(brief, theme.dates),
        summary_title="Key judgments",
        summary=tuple(with_lead_in(judgment) for judgment in brief.summary),
        blocks=tuple(blocks),
        conclusions_title="Conclusions",
        conclusions=brief.conclusions,
        sources_title="Sources",
        sources=brief.sources,
        metadata=metadata(brief),
        dates=theme.dates,
    )


def with_lead_in(judgment: Judgment) -> RichText:
    """A titled judgment as print sets it: the title in bold as the sentence's lead-in."""
    if not judgment.title:
        return judgment.text
    lead = judgment.title if judgment.title[-1:] in ".?!:" else f"{judgment.title}."
    return dataclasses.replace(judgment.text, runs=(Text(f"{lead} ", bold=True), *judgment.text.runs))


def _section_block(section: Section, *, handout: bool, full: bool) -> SectionBlock:
    if not handout:
        return SectionBlock(section, section.bullets, section.paragraphs, section.image)
    if not section.bullets:
        # Prose with no key points is the section's summary: set as prose, not as a list.
        return SectionBlock(section, (), section.paragraphs, section.image)
    return SectionBlock(section, section.bullets, section.paragraphs if full else (), section.image)


def title_block(brief: Brief, dates: DateStyle) -> TitleBlock:
    return TitleBlock(
        title=brief.title,
        subtitle=brief.subtitle,
        date=dates.show(brief.date),
        authors=brief.authors,
        organization=brief.organization,
        classification=brief.classification,
    )


def metadata(brief: Brief) -> Metadata:
    keywords: list[str] = []
    for development in brief.developments:
        for actor in development.actors:
            if actor not in keywords:
                keywords.append(actor)
    return Metadata(
        title=brief.title,
        subject=brief.subtitle or "",
        author=", ".join(brief.authors) or (brief.organization or ""),
        keywords=tuple(keywords),
        category=brief.classification or "",
        created=_dt.datetime.combine(brief.date, _dt.time(12, 0), tzinfo=_dt.timezone.utc),
    )
