"""Numbers of tables and figures: 'Table 1', 'Figure 1', counted through the brief in reading order.

Every output numbers them the same way (the deck and the handout show the
same tables and charts as the Word brief), so a reference to "Figure 2" in
the talk matches the page. Charts are the figures; an image keeps its own
caption without a number, as it always has.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Brief, Chart, Table
from ..values import Value


@dataclass(frozen=True, eq=False, repr=False)
class SectionExhibits(Value):
    tables: tuple[tuple[Table, int], ...]
    charts: tuple[tuple[Chart, int], ...]


def number_exhibits(brief: Brief) -> tuple[SectionExhibits, ...]:
    """Per section, its tables and charts each with its number."""
    tables = charts = 0
    numbered = []
    for section in brief.sections:
        section_tables = tuple((table, tables + index) for index, table in enumerate(section.tables, 1))
        section_charts = tuple((chart, charts + index) for index, chart in enumerate(section.charts, 1))
        tables += len(section.tables)
        charts += len(section.charts)
        numbered.append(SectionExhibits(section_tables, section_charts))
    return tuple(numbered)
