"""A chart as every output shows it, decided once: colours, number format, value scale, legend, labels.

The Word and PowerPoint charts are drawn by the program that opens them and
the PDF chart by our own drawing, so anything left to a renderer could
differ between the three. Nothing is: series take the theme's palette in
order, values are formatted with one format (thousands grouped, as many
decimals as the file writes), and the value axis has a fixed minimum,
maximum and step that all three outputs are given. A pie's slices are
labelled with their share of the whole ("42.5%"), which is what a pie is
read for; its values stay in the chart's data (and its workbook).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..model import Chart, ChartType, RichText, Text
from ..values import Value

MAX_DECIMALS = 6
TARGET_TICKS = 5
"""About this many steps on a value axis."""

NICE_STEPS = (1, 2, 2.5, 5, 10)
MAX_LABELLED_CATEGORIES = 12
"""A one-series chart with at most this many categories shows each value on its bar or point."""

HEADROOM = 0.08
"""Share of the axis kept free above the tallest bar when values are printed on the bars."""


@dataclass(frozen=True, eq=False, repr=False)
class NumberFormat(Value):
    """Thousands grouped with ',', a fixed number of decimals: the same in Excel's code and in Python."""

    decimals: int

    @property
    def code(self) -> str:
        """The Excel number format code Word and PowerPoint apply."""
        return "#,##0" + ("." + "0" * self.decimals if self.decimals else "")

    def format(self, value: float) -> str:
        if round(value, self.decimals) == 0:
            value = 0.0  # never "-0"
        return f"{value:,.{self.decimals}f}"


@dataclass(frozen=True, eq=False, repr=False)
class PercentFormat(Value):
    """A share of the whole as a percentage, rounded as Excel rounds it (half away from zero)."""

    decimals: int

    @property
    def code(self) -> str:
        return "0" + ("." + "0" * self.decimals if self.decimals else "") + "%"

    def format(self, value: float, total: float) -> str:
        """`value`'s share of `total`, worked out in decimal so a share on a rounding edge rounds as in Excel."""
        share = Decimal(repr(float(value))) * 100 / Decimal(repr(float(total)))
        return f"{share.quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP)}%"


@dataclass(frozen=True, eq=False, repr=False)
class Scale(Value):
    """The value axis: from `minimum` to `maximum` in steps of `step`, labelled with `format`."""

    minimum: float
    maximum: float
    step: float
    format: NumberFormat

    @property
    def ticks(self) -> tuple[float, ...]:
        count = round((self.maximum - self.minimum) / self.step)
        return tuple(_clean(self.minimum + index * self.step) for index in range(count + 1))

    def fraction(self, value: float) -> float:
        """Where `value` sits between the minimum (0) and the maximum (1)."""
        return (value - self.minimum) / (self.maximum - self.minimum)


@dataclass(frozen=True, eq=False, repr=False)
class SeriesPlan(Value):
    name: str
    values: tuple[float, ...]
    labels: tuple[str, ...]
    """What each point is labelled with: its value formatted, or for a pie its share ("42.5%")."""
    color: str


@dataclass(frozen=True, eq=False, repr=False)
class ChartPlan(Value):
    chart: Chart
    number: int
    type: ChartType
    categories: tuple[str, ...]
    series: tuple[SeriesPlan, ...]
    colors: tuple[str, ...]
    """One colour per series, or per slice for a pie."""
    value_format: NumberFormat
    scale: Scale | None
    """None for a pie."""
    label_format: NumberFormat | PercentFormat
    """How the points' labels are written: the value format, or a pie's percentages."""
    legend: bool
    data_labels: bool

    @property
    def label(self) -> str:
        return f"Figure {self.number}"

    @property
    def caption(self) -> RichText:
        """'Figure N: title' as one rich text (just 'Figure N' for an untitled chart)."""
        return numbered_caption(self.label, self.chart.title)

    @property
    def alt(self) -> str:
        return self.chart.alt

    @property
    def unit(self) -> str | None:
        return self.chart.unit

    @property
    def note(self) -> RichText | None:
        return self.chart.note

    @property
    def horizontal(self) -> bool:
        return self.type is ChartType.BAR


def numbered_caption(label: str, caption: RichText | None) -> RichText:
    if caption is None:
        return RichText((Text(label),))
    return RichText((Text(f"{label}: "), *caption.runs), caption.location, caption.path)


def plan_chart(chart: Chart, number: int, palette: tuple[str, ...]) -> ChartPlan:
    value_format = NumberFormat(min(MAX_DECIMALS, max(decimals(v.text) for s in chart.series for v in s.values)))
    pie = chart.type is ChartType.PIE
    colors = slice_colors(len(chart.categories), palette) if pie else tuple(
        palette[index % len(palette)] for index in range(len(chart.series)))
    label_format = percent_format(chart, value_format) if pie else value_format
    series = tuple(
        SeriesPlan(s.name, tuple(v.value for v in s.values), _labels(s, label_format),
                   palette[0] if pie else colors[index])
        for index, s in enumerate(chart.series)
    )
    data_labels = pie or (len(series) == 1 and len(chart.categories) <= MAX_LABELLED_CATEGORIES)
    scale = None
    if not pie:
        values = [v for s in series for v in s.values]
        scale = value_scale(min(values), max(values), chart.type, headroom=data_labels)
    return ChartPlan(chart, number, chart.type, chart.categories, series, colors, value_format, scale,
                     label_format, legend=pie or len(series) > 1, data_labels=data_labels)


def percent_format(chart: Chart, value_format: NumberFormat) -> PercentFormat:
    """Whole percentages when every share is one; else one decimal, or the file's own decimals when its
    values already add up to 100 (so '42.5' stays '42.5%' and '33.33' stays '33.33%')."""
    values = [v.value for v in chart.series[0].values]
    total = sum(values)
    shares = [100 * value / total for value in values]
    if all(abs(share - round(share)) < 1e-9 for share in shares):
        return PercentFormat(0)
    if abs(total - 100) < 1e-9 * max(1.0, total):
        return PercentFormat(max(1, value_format.decimals))
    return PercentFormat(1)


def _labels(series, label_format: NumberFormat | PercentFormat) -> tuple[str, ...]:
    if isinstance(label_format, PercentFormat):
        total = sum(v.value for v in series.values)
        return tuple(label_format.format(v.value, total) for v in series.values)
    return tuple(label_format.format(v.value) for v in series.values)


def slice_colors(count: int, palette: tuple[str, ...]) -> tuple[str, ...]:
    """Palette colours round the pie; the last slice never takes the colour of the first, its neighbour."""
    colors = [palette[index % len(palette)] for index in range(count)]
    if count > 1 and len(palette) > 2 and colors[-1] == colors[0]:
        colors[-1] = palette[(count - 1) % len(palette) + 1]
    return tuple(colors)


def decimals(text: str) -> int:
    """Decimals as the file writes a number: '7.50' has two, '1200' none, '2.5e-3' four."""
    mantissa, _, exponent = text.lower().replace("_", "").partition("e")
    if mantissa.startswith(("0x", "0o", "0b", "+0x", "-0x")):
        return 0
    places = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return max(0, places - int(exponent or 0))


def value_scale(low: float, high: float, kind: ChartType, headroom: bool = False) -> Scale:
    """A round axis that holds every value; bars always start at zero, lines when their values are not
    bunched far above it."""
    if kind is not ChartType.LINE or low <= 0 or (high - low) > high * 0.5:
        low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + (abs(low) or 1.0)
    step = nice_step((high - low) / TARGET_TICKS)
    minimum = math.floor(_clean(low / step)) * step
    maximum = math.ceil(_clean(high / step)) * step
    if headroom and high > 0 and maximum - high < HEADROOM * (maximum - minimum):
        maximum += step
    if maximum == minimum:
        maximum += step
    return Scale(_clean(minimum), _clean(maximum), step, NumberFormat(decimals(_plain(step))))


def nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in NICE_STEPS:
        if factor * magnitude >= raw * (1 - 1e-9):
            return _clean(factor * magnitude)
    return _clean(10 * magnitude)


def _clean(value: float) -> float:
    """Rounding noise off (0.30000000000000004 -> 0.3)."""
    return float(round(value, 10))


def _plain(value: float) -> str:
    return format(Decimal(repr(value)).normalize(), "f")
