"""A table as every output sets it: numbered caption, column alignment and column widths.

Alignment defaults to the reader's habit: a column of numbers is set right
(so digits line up), anything else left. Widths follow the content, the
way a browser lays out an automatic table: each column gets at least its
longest word and shares the rest in proportion to how much text it holds,
so no column is squeezed while another has room to spare. The same
function sizes the tables of the page outputs and of the deck, each for
its own width and type size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Align, Cell, Number, RichText, Table
from ..values import Value
from .charts import numbered_caption
from .measure import WIDTH_SAFETY, Measurer

_NUMERIC_TEXT = re.compile(r"^[~≈<>]?[+\-−–]?[$€£¥]?\s?\d[\d,.' \u202f]*\s?(%|‰|[kKmMbB]n?)?$")
SLACK = 1.0
"""Points added to a column's measured width (besides the measurer's own safety margin), so rounding in a
word processor never wraps a word early."""

_BLANK_TEXT = {"", "-", "–", "—", "n/a", "n.a.", "…", "...", "na"}


@dataclass(frozen=True, eq=False, repr=False)
class TablePlan(Value):
    table: Table
    number: int
    align: tuple[Align, ...]
    widths: tuple[float, ...]
    """Column widths in points, adding up to the table's width."""

    @property
    def label(self) -> str:
        return f"Table {self.number}"

    @property
    def caption(self) -> RichText:
        """'Table N: caption' as one rich text (just 'Table N' without a caption)."""
        return numbered_caption(self.label, self.table.caption)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.table.columns

    @property
    def rows(self) -> tuple[tuple[Cell, ...], ...]:
        return self.table.rows

    @property
    def note(self) -> RichText | None:
        return self.table.note


def plan_table(table: Table, number: int, measurer: Measurer, size: float, width: float,
               padding: float) -> TablePlan:
    """`padding`: the horizontal space a cell keeps free besides its text (both margins)."""
    return TablePlan(table, number, column_alignment(table),
                     column_widths(table, measurer, size, width, padding))


def cell_text(cell: Cell) -> str:
    """The cell as readers see it: a number exactly as the file writes it, citations as [n]."""
    return cell.text if isinstance(cell, Number) else cell.plain()


def is_numeric(cell: Cell) -> bool:
    return isinstance(cell, Number) or bool(_NUMERIC_TEXT.match(cell.plain().strip()))


def column_alignment(table: Table) -> tuple[Align, ...]:
    """The brief's alignment, else right for a column whose cells are all numbers (blanks and dashes
    aside), left for the rest."""
    if table.align is not None:
        return table.align
    aligns = []
    for index in range(len(table.columns)):
        cells = [row[index] for row in table.rows]
        filled = [cell for cell in cells if cell_text(cell).strip().lower() not in _BLANK_TEXT]
        numeric = bool(filled) and all(is_numeric(cell) for cell in filled)
        aligns.append(Align.RIGHT if numeric else Align.LEFT)
    return tuple(aligns)


def column_widths(table: Table, measurer: Measurer, size: float, width: float, padding: float) -> tuple[float, ...]:
    widest, narrowest = [], []
    for index in range(len(table.columns)):
        texts = _column_texts(table, index)
        widest.append(max(measurer.width(text, size, bold) for text, bold in texts) / WIDTH_SAFETY + padding + SLACK)
        narrowest.append(max(_longest_word(text, size, bold, measurer) for text, bold in texts) / WIDTH_SAFETY
                         + padding + SLACK)
    if sum(widest) <= width:
        return tuple(w * width / sum(widest) for w in widest)
    if sum(narrowest) > width:
        return tuple(n * width / sum(narrowest) for n in narrowest)
    # A column whose whole text fits an equal share of the room keeps it on one line (dates, numbers);
    # the others share what is left in proportion to their text, each at least its longest word wide.
    settled: dict[int, float] = {}
    while True:
        open_columns = [i for i in range(len(widest)) if i not in settled]
        room = width - sum(settled.values())
        fitting = [i for i in open_columns if widest[i] <= room / len(open_columns)]
        if not fitting or len(fitting) == len(open_columns):
            break
        settled.update({i: widest[i] for i in fitting})
    if sum(narrowest[i] for i in open_columns) > room:
        settled, open_columns, room = {}, list(range(len(widest))), width
    widths = [settled.get(i, 0.0) for i in range(len(widest))]
    spare = room - sum(narrowest[i] for i in open_columns)
    stretch = sum(widest[i] - narrowest[i] for i in open_columns) or 1.0
    for i in open_columns:
        widths[i] = narrowest[i] + spare * (widest[i] - narrowest[i]) / stretch
    return tuple(widths)


def natural_width(table: Table, measurer: Measurer, size: float, padding: float) -> float:
    """How wide the table is with every cell on one line: room it does not need to fill."""
    return sum(max(measurer.width(text, size, bold) for text, bold in _column_texts(table, index)) / WIDTH_SAFETY
               + padding + SLACK for index in range(len(table.columns)))


def _column_texts(table: Table, index: int) -> list[tuple[str, bool]]:
    return [(table.columns[index], True)] + [(cell_text(row[index]), False) for row in table.rows]


def _longest_word(text: str, size: float, bold: bool, measurer: Measurer) -> float:
    return max((measurer.width(word, size, bold) for word in text.split()), default=0.0)
