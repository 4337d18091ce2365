"""The content model: one validated, immutable brief that every output shares.

Objects keep the `Location` they came from so a late warning (a slide split,
a glyph no font covers) still points at the line in the YAML. Nothing here
knows about YAML or about any output format. Every class is a frozen
dataclass; equality, hashing and repr come from `values.Value`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .dates import DEFAULT as DEFAULT_DATES
from .errors import Location
from .values import Value

_NOWHERE = Location("<none>", 0, 0)


class Precision(Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, eq=False, repr=False)
class PartialDate(Value):
    """A date known to the day, the month or only the year ("Mar 2024", "2024")."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @property
    def earliest(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> _dt.date:
        if self.day is not None:
            return _dt.date(self.year, self.month, self.day)
        if self.month is not None:
            following = _dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return following - _dt.timedelta(days=1)
        return _dt.date(self.year, 12, 31)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def display(self) -> str:
        """In the default style ('12 Sep 2023', 'Sep 2023', '2023'); outputs use their layout's (`dates`)."""
        return DEFAULT_DATES.show(self)

    @classmethod
    def from_date(cls, value: _dt.date) -> "PartialDate":
        return cls(value.year, value.month, value.day)


@dataclass(frozen=True, eq=False, repr=False)
class Origin(Value):
    """Where an object's fields came from, so a late warning can name the field and its line."""

    path: str = ""
    fields: tuple[tuple[str, Location], ...] = ()

    def field_path(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def field_location(self, name: str, default: Location = _NOWHERE) -> Location:
        return next((location for key, location in self.fields if key == name), default)


# Inline runs -------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class Text(Value):
    """A run of literal text with its emphasis and, inside a link, the link target."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Citation(Value):
    """A reference to a source, numbered in order of first use across the brief."""

    source_id: str
    number: int = 0


Run = Text | Citation


@dataclass(frozen=True, eq=False, repr=False)
class RichText(Value):
    """Text with inline markup already parsed; every writer renders these runs."""

    runs: tuple[Run, ...]
    location: Location = field(default=_NOWHERE, compare=False)
    path: str = field(default="", compare=False)

    def plain(self) -> str:
        """The text as a reader sees it, citations as [n]."""
        return "".join(run.text if isinstance(run, Text) else f"[{run.number}]" for run in self.runs)

    def plain_without_citations(self) -> str:
        return "".join(run.text for run in self.runs if isinstance(run, Text)).strip()

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(run for run in self.runs if isinstance(run, Citation))

    def __str__(self) -> str:
        return self.plain()


# The brief ---------------------------------------------------------------


@dataclass(frozen=True, eq=False, repr=False)
class Image(Value):
    path: Path
    alt: str
    caption: RichText | None = None
    location: Location = field(default=_NOWHERE, compare=False)
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)
    data: bytes = field(default=b"", compare=False, repr=False)
    """What every output embeds: the file as read once and checked (images.py), converted where needed."""
    width_px: int = 0
    height_px: int = 0


class Align(Enum):
    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True, eq=False, repr=False)
class Number(Value):
    """A number as the file writes it: `text` is what every output shows, `value` what charts plot."""

    text: str
    value: float
    location: Location = field(default=_NOWHERE, compare=False)
    path: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.text


Cell = RichText | Number
"""A table cell: text with inline markup, or a number (an empty cell is text with no runs)."""


@dataclass(frozen=True, eq=False, repr=False)
class Table(Value):
    columns: tuple[str, ...]
    """The header row."""
    rows: tuple[tuple[Cell, ...], ...]
    """Body rows, each with one cell per column."""
    caption: RichText | None = None
    align: tuple[Align, ...] | None = None
    """As the brief gives it; None: numbers right, text left (the plan decides per column)."""
    note: RichText | None = None
    location: Location = field(default=_NOWHERE, compare=False)
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)


class ChartType(Enum):
    COLUMN = "column"
    BAR = "bar"
    LINE = "line"
    PIE = "pie"


@dataclass(frozen=True, eq=False, repr=False)
class Series(Value):
    name: str
    values: tuple[Number, ...]
    """One per category of the chart."""
    location: Location = field(default=_NOWHERE, compare=False)
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Chart(Value):
    type: ChartType
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    alt: str
    """What the chart shows, for screen readers."""
    title: RichText | None = None
    unit: str | None = None
    """The value axis title."""
    note: RichText | None = None
    location: Location = field(default=_NOWHERE, compare=False)
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Section(Value):
    id: str
    title: str
    """The section's name: agenda, table of contents, the small label above a slide's headline."""
    headline: RichText | None = None
    """A one-sentence takeaway: the slide title in the deck, the section's lead in print."""
    paragraphs: tuple[RichText, ...] = ()
    bullets: tuple[RichText, ...] = ()
    notes: RichText | None = None
    image: Image | None = None
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    chronology: bool = False
    location: Location = field(default=_NOWHERE, compare=False)
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Development(Value):
    date: PartialDate
    title: RichText
    summary: RichText | None = None
    significance: RichText | None = None
    actors: tuple[str, ...] = ()
    sources: tuple[Citation, ...] = ()
    location: Location = field(default=_NOWHERE, compare=False)
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Judgment(Value):
    """A key judgment or a conclusion: its full text, and optionally a short title that stands for it."""

    text: RichText
    title: str | None = None
    location: Location = field(default=_NOWHERE, compare=False)
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)


KeyJudgment = Judgment
Conclusion = Judgment


@dataclass(frozen=True, eq=False, repr=False)
class Source(Value):
    id: str
    number: int
    title: str
    publisher: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    location: Location = field(default=_NOWHERE, compare=False)
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)


@dataclass(frozen=True, eq=False, repr=False)
class Brief(Value):
    """One brief. `developments` are in date order; `sources` in citation-number order."""

    title: str
    date: _dt.date
    sections: tuple[Section, ...]
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    organization: str | None = None
    classification: str | None = None
    summary: tuple[KeyJudgment, ...] = ()
    developments: tuple[Development, ...] = ()
    conclusions: tuple[Conclusion, ...] = ()
    sources: tuple[Source, ...] = ()
    layout: str | None = None
    """The layout the brief asks for by name; `--layout` overrides it."""
    source_file: Path = Path("brief.yaml")
    location: Location = field(default=_NOWHERE, compare=False)
    origin: Origin = field(default_factory=Origin, compare=False, repr=False)

    @property
    def chronology_after(self) -> int:
        """Index of the section the chronology follows (the spec's default: the first)."""
        for index, section in enumerate(self.sections):
            if section.chronology:
                return index
        return 0

    @property
    def images(self) -> tuple[Path, ...]:
        return tuple(section.image.path for section in self.sections if section.image)

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)
