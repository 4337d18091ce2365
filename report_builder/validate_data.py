"""A section's `table:` and `chart:` fields to model objects, with every problem located.

Each field holds one mapping or a list of them. Numbers stay as the file
writes them (`Number.text`), so every output shows the same digits; charts
plot `Number.value`. The schema is declared here like the brief's own in
`validate.py`, which calls in for these two fields.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from .fields import FieldReader, suggestion
from .model import Align, Chart, ChartType, Number, Origin, RichText, Series, Table
from .reader import Mapping, Node, Scalar, Sequence, kind_name

TABLE_FIELDS = {
    "caption": "Shown as 'Table N: caption'.",
    "columns": "The header row: one name per column (required).",
    "rows": "Body rows, each a list with one cell per column (required, at least one).",
    "align": "left, right or center per column; default: numbers right, text left.",
    "note": "A line under the table, e.g. its source.",
}
CHART_FIELDS = {
    "type": "column, bar, line or pie (required).",
    "title": "Shown as 'Figure N: title'.",
    "categories": "Labels along the category axis, or the slices of a pie (required).",
    "series": "One or more {name, values}; a pie has exactly one (required).",
    "unit": "The value axis title.",
    "note": "A line under the chart, e.g. its source.",
    "alt": "What the chart shows, for screen readers (required).",
}
SERIES_FIELDS = {
    "name": "Legend entry and spreadsheet column heading.",
    "values": "Numbers, one per category (required).",
}
ALIGN_NAMES = [align.value for align in Align]
CHART_TYPES = [kind.value for kind in ChartType]
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
CHART_LARGEST = 1e15
CHART_SMALLEST = 1e-9
"""Chart values stay within these magnitudes: an axis is drawn in steps rounded to ten decimals."""
_EXPONENT = re.compile(r"^[-+]?\d+(\.\d*)?[eE][-+]?\d+$")


def number_of(node: Node) -> Number | None:
    """The node as a Number when the file writes a finite number (unquoted), else None.

    YAML's own numbers count, and so does an unquoted `1e6`, which YAML 1.1 leaves as text.
    """
    if not (isinstance(node, Scalar) and not node.quoted and not node.is_null and not node.is_bool):
        return None
    text = node.text.strip()
    if node.tag not in _NUMBER_TAGS and not _EXPONENT.match(text):
        return None
    value = _numeric_value(text)
    if value is None or not math.isfinite(value):
        return None
    return Number(text, value, node.location)


def _numeric_value(text: str) -> float | None:
    plain = text.replace("_", "")
    try:
        return float(plain)
    except ValueError:
        pass
    try:
        return float(int(plain, 0))
    except ValueError:
        return None


class DataValidator:
    """Reads tables and charts; `rich` parses a text field's inline markup (and records its citations)."""

    def __init__(self, fields: FieldReader, rich: Callable[[Node, str], RichText | None]):
        self.f = fields
        self.rich = rich

    def tables(self, section: Mapping, path: str) -> tuple[Table, ...]:
        return tuple(t for t in (self._table(node, p) for p, node in self._one_or_more(section, "table", path)) if t)

    def charts(self, section: Mapping, path: str) -> tuple[Chart, ...]:
        return tuple(c for c in (self._chart(node, p) for p, node in self._one_or_more(section, "chart", path)) if c)

    def _one_or_more(self, section: Mapping, key: str, path: str) -> list[tuple[str, Node]]:
        node = self.f.optional(section, key)
        if node is None:
            return []
        field_path = f"{path}.{key}"
        if isinstance(node, Mapping):
            return [(field_path, node)]
        if isinstance(node, Sequence):
            return [(f"{field_path}[{index}]", item) for index, item in enumerate(node.items)]
        self.f.error(node.location, field_path, f"expected a {key} (a mapping of fields) or a list of them, "
                                                f"got {kind_name(node)}")
        return []

    # Tables -----------------------------------------------------------------

    def _table(self, node: Node, path: str) -> Table | None:
        m = self.f.mapping(node, path, TABLE_FIELDS, "a table")
        if m is None:
            return None
        caption = self._optional_rich(m, "caption", path)
        note = self._optional_rich(m, "note", path)
        columns = self._columns(m, path)
        rows = self._rows(m, path, columns)
        align = self._align(m, path, columns)
        if columns is None or rows is None:
            return None
        return Table(columns, rows, caption, align, note, node.location, _origin(m, path))

    def _columns(self, m: Mapping, path: str) -> tuple[str, ...] | None:
        node = self.f.require(m, "columns", path)
        if node is None:
            return None
        if not isinstance(node, Sequence):
            self.f.error(node.location, f"{path}.columns", f"expected a list of column names, got {kind_name(node)}")
            return None
        if not node.items:
            self.f.error(node.location, f"{path}.columns", "needs at least one column")
            return None
        names = [self.f.text(item, f"{path}.columns[{index}]") for index, item in enumerate(node.items)]
        return None if None in names else tuple(names)

    def _rows(self, m: Mapping, path: str, columns: tuple[str, ...] | None):
        node = self.f.require(m, "rows", path)
        if node is None:
            return None
        if not isinstance(node, Sequence):
            self.f.error(node.location, f"{path}.rows", f"expected a list of rows, got {kind_name(node)}")
            return None
        if not node.items:
            self.f.error(node.location, f"{path}.rows", "needs at least one row")
            return None
        rows = []
        for index, row in enumerate(node.items):
            row_path = f"{path}.rows[{index}]"
            if not isinstance(row, Sequence):
                self.f.error(row.location, row_path, f"expected a row (a list of cells), got {kind_name(row)}")
                rows.append(None)
                continue
            if columns is not None and len(row.items) != len(columns):
                self.f.error(row.location, row_path,
                             f"has {_count(len(row.items), 'cell')}; the table has {_count(len(columns), 'column')} "
                             f"({', '.join(columns)})")
            rows.append(tuple(self._cell(cell, f"{row_path}[{col}]") for col, cell in enumerate(row.items)))
        if any(row is None or None in row for row in rows):
            return None
        return tuple(rows)

    def _cell(self, node: Node, path: str):
        number = number_of(node)
        if number is not None:
            return Number(number.text, number.value, number.location, path)
        if isinstance(node, Scalar) and (node.is_null or not node.text.strip()):
            return RichText((), node.location, path)
        return self.rich(node, path)

    def _align(self, m: Mapping, path: str, columns: tuple[str, ...] | None) -> tuple[Align, ...] | None:
        node = self.f.optional(m, "align")
        if node is None:
            return None
        if not isinstance(node, Sequence):
            self.f.error(node.location, f"{path}.align", f"expected a list (one of left, right, center per column), "
                                                         f"got {kind_name(node)}")
            return None
        values = []
        for index, item in enumerate(node.items):
            item_path = f"{path}.align[{index}]"
            word = self.f.text(item, item_path)
            if word is not None and word.lower() not in ALIGN_NAMES:
                self.f.error(item.location, item_path, f"'{word}' is not an alignment; use left, right or center"
                                                       f"{suggestion(word.lower(), ALIGN_NAMES)}")
                word = None
            values.append(Align(word.lower()) if word else None)
        if columns is not None and len(node.items) != len(columns):
            self.f.error(node.location, f"{path}.align",
                         f"gives {_count(len(node.items), 'alignment')}; "
                         f"the table has {_count(len(columns), 'column')}")
            return None
        return None if None in values else tuple(values)

    # Charts -----------------------------------------------------------------

    def _chart(self, node: Node, path: str) -> Chart | None:
        m = self.f.mapping(node, path, CHART_FIELDS, "a chart")
        if m is None:
            return None
        kind = self._type(m, path)
        title = self._optional_rich(m, "title", path)
        note = self._optional_rich(m, "note", path)
        unit_node = self.f.optional(m, "unit")
        unit = self.f.text(unit_node, f"{path}.unit") if unit_node is not None else None
        alt_node = self.f.optional(m, "alt")
        if alt_node is None:
            location = m.entries["alt"][1].location if "alt" in m.entries else m.location
            self.f.error(location, f"{path}.alt", "required field 'alt' is missing; describe what the chart shows "
                                                  "for readers who cannot see it")
        alt = self.f.text(alt_node, f"{path}.alt") if alt_node is not None else None
        categories = self._categories(m, path)
        series = self._series(m, path, categories)
        if series is not None and kind is ChartType.PIE:
            series = self._pie_rules(m, path, series)
        if None in (kind, alt, categories, series):
            return None
        return Chart(kind, categories, series, alt, title, unit, note, node.location, _origin(m, path))

    def _type(self, m: Mapping, path: str) -> ChartType | None:
        node = self.f.require(m, "type", path)
        if node is None:
            return None
        word = self.f.text(node, f"{path}.type")
        if word is None:
            return None
        if word.lower() not in CHART_TYPES:
            hint = suggestion(word.lower(), CHART_TYPES) or f"; use one of: {', '.join(CHART_TYPES)}"
            self.f.error(node.location, f"{path}.type", f"unknown chart type '{word}'{hint}")
            return None
        return ChartType(word.lower())

    def _categories(self, m: Mapping, path: str) -> tuple[str, ...] | None:
        node = self.f.require(m, "categories", path)
        if node is None:
            return None
        if not isinstance(node, Sequence):
            self.f.error(node.location, f"{path}.categories", f"expected a list of category labels, "
                                                              f"got {kind_name(node)}")
            return None
        if not node.items:
            self.f.error(node.location, f"{path}.categories", "needs at least one category")
            return None
        labels = [self.f.text(item, f"{path}.categories[{index}]") for index, item in enumerate(node.items)]
        return None if None in labels else tuple(labels)

    def _series(self, m: Mapping, path: str, categories: tuple[str, ...] | None) -> tuple[Series, ...] | None:
        node = self.f.require(m, "series", path)
        if node is None:
            return None
        if isinstance(node, Mapping):
            items = [(f"{path}.series", node)]
        elif isinstance(node, Sequence):
            items = [(f"{path}.series[{index}]", item) for index, item in enumerate(node.items)]
            if not items:
                self.f.error(node.location, f"{path}.series", "needs at least one series")
                return None
        else:
            self.f.error(node.location, f"{path}.series", f"expected a list of series, got {kind_name(node)}")
            return None
        series = [self._one_series(item, item_path, categories, number) for number, (item_path, item)
                  in enumerate(items, 1)]
        return None if None in series else tuple(series)

    def _one_series(self, node: Node, path: str, categories, number: int) -> Series | None:
        m = self.f.mapping(node, path, SERIES_FIELDS, "a series")
        if m is None:
            return None
        name_node = self.f.optional(m, "name")
        name = self.f.text(name_node, f"{path}.name") if name_node is not None else f"Series {number}"
        values_node = self.f.require(m, "values", path)
        if values_node is None or name is None:
            return None
        if not isinstance(values_node, Sequence):
            self.f.error(values_node.location, f"{path}.values", f"expected a list of numbers, "
                                                                 f"got {kind_name(values_node)}")
            return None
        values = []
        for index, item in enumerate(values_node.items):
            value = number_of(item)
            if value is None:
                shown = f" ('{item.text}')" if isinstance(item, Scalar) and not item.is_null else ""
                numeric = isinstance(item, Scalar) and _numeric_value(item.text.strip()) is not None
                if numeric and item.quoted:
                    shown += "; write numbers without quotes"
                got = f"got {kind_name(item)}{shown}"
                if isinstance(item, Scalar) and not item.quoted and (numeric or item.tag == _NUMBER_TAGS[1]):
                    got = f"'{item.text}' is not a finite number"
                self.f.error(item.location, f"{path}.values[{index}]", f"expected a number, {got}")
            values.append(value)
        for index, value in enumerate(values):
            if value is not None and not (abs(value.value) <= CHART_LARGEST
                                          and (value.value == 0 or abs(value.value) >= CHART_SMALLEST)):
                self.f.error(value.location, f"{path}.values[{index}]",
                             f"{value.text} is outside what a chart axis can show: values run from "
                             f"-{CHART_LARGEST:g} to {CHART_LARGEST:g}, and none but 0 lies closer to 0 than "
                             f"{CHART_SMALLEST:g}; scale the series (thousands, millions) and say so in `unit`")
                values[index] = None
        if categories is not None and len(values) != len(categories):
            self.f.error(values_node.location, f"{path}.values",
                         f"has {_count(len(values), 'value')} for {_count(len(categories), 'category', 'categories')}; "
                         "give one value per category")
            return None
        if None in values:
            return None
        return Series(name, tuple(values), node.location, _origin(m, path))

    def _pie_rules(self, m: Mapping, path: str, series: tuple[Series, ...]) -> tuple[Series, ...] | None:
        ok = True
        if len(series) > 1:
            self.f.error(m.entries["series"][1].location, f"{path}.series",
                         f"a pie chart shows one series; this one has {len(series)} (use a column or bar chart "
                         "to compare series)")
            ok = False
        for index, value in enumerate(series[0].values):
            if value.value < 0:
                where = f"{series[0].origin.path}.values[{index}]"
                self.f.error(value.location, where, f"a pie chart cannot show a negative value ({value.text})")
                ok = False
        if ok and not any(value.value > 0 for value in series[0].values):
            self.f.error(m.entries["series"][1].location, f"{path}.series",
                         "a pie chart needs at least one value above zero")
            ok = False
        return series if ok else None

    def _optional_rich(self, m: Mapping, key: str, path: str) -> RichText | None:
        node = self.f.optional(m, key)
        return self.rich(node, f"{path}.{key}") if node is not None else None


def _origin(m: Mapping, path: str) -> Origin:
    return Origin(path, tuple((key, value.location) for key, (_, value) in m.entries.items()))


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
