"""Tables and charts of the Word brief and the PDF handout: sized for the page, numbered, drawn for the PDF.

Both page outputs set tables and chart labels in the theme's small size on
the text column, so one plan serves both; the PDF also gets the chart's
drawing (the Word chart is laid out by Word from the same plan).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Brief, RichText
from ..theme import Theme
from ..values import Value
from .chart_drawing import ChartDrawing, ChartStyle, category_label_step, chart_height, draw_chart
from .charts import ChartPlan, plan_chart
from .exhibits import number_exhibits
from .measure import measurer_for
from .tables import TablePlan, plan_table

CELL_PADDING = 10.0
"""Left plus right margin of a table cell, points (Word and PDF alike)."""


@dataclass(frozen=True, eq=False, repr=False)
class ChartBlock(Value):
    plan: ChartPlan
    width: float
    height: float
    drawing: ChartDrawing | None = None
    """The PDF's drawing of the chart; None for the Word brief."""
    label_step: int = 1
    """Every how many categories a label is shown (Word is told what the PDF draws)."""


SectionData = tuple[tuple[TablePlan, ...], tuple[ChartBlock, ...]]


def plan_section_data(brief: Brief, theme: Theme, drawn: bool, width: float | None = None) -> list[SectionData]:
    """Per section: its tables and charts, numbered through the brief, `width` wide (default: the page
    between the theme's margins)."""
    if not any(section.tables or section.charts for section in brief.sections):
        return [((), ())] * len(brief.sections)
    measurer = measurer_for(theme.fonts)
    size = theme.sizes.small
    width = width or theme.page_size_pt[0] - 2 * theme.margin_pt
    style = ChartStyle(size, theme.colors.text, theme.colors.muted, theme.colors.rule)
    result = []
    for exhibits in number_exhibits(brief):
        for table, _ in exhibits.tables:
            _refuse_too_wide(table, width, size)
        tables = tuple(plan_table(table, number, measurer, size, width, CELL_PADDING)
                       for table, number in exhibits.tables)
        charts = []
        for chart, number in exhibits.charts:
            plan = plan_chart(chart, number, theme.palette)
            height = chart_height(plan, width, size, measurer)
            _refuse_too_tall(chart, height, theme)
            drawing = draw_chart(plan, width, height, style, measurer) if drawn else None
            charts.append(ChartBlock(plan, width, height, drawing, category_label_step(plan, width, size, measurer)))
        result.append((tables, tuple(charts)))
    return result


PAGE_SHARE = 0.9
"""A chart may take this much of a page's text height; the rest is for its caption and note."""


def _refuse_too_wide(table, width: float, size: float) -> None:
    """A table whose columns could not hold a few characters each cannot be set on this page."""
    fitting = int(width // (CELL_PADDING + size))
    if len(table.columns) > fitting:
        origin = table.origin
        _refuse(origin.field_location("columns", table.location), origin.field_path("columns"),
                f"a table of {len(table.columns)} columns is too wide for this layout's page (at most {fitting} "
                "fit); split it into several tables")


def _refuse_too_tall(chart, height: float, theme: Theme) -> None:
    """A chart taller than a page cannot be set (a bar chart grows with its categories, a pie with its legend)."""
    room = (theme.page_size_pt[1] - 2 * theme.margin_pt) * PAGE_SHARE
    if height > room:
        origin = chart.origin
        fitting = max(1, int(len(chart.categories) * room / height))
        _refuse(origin.field_location("categories", chart.location), origin.field_path("categories"),
                f"a {chart.type.value} chart of {len(chart.categories)} categories is taller than this layout's page "
                f"(about {fitting} fit); split it into several charts, or use a column or line chart")


def _refuse(location, path: str, message: str) -> None:
    from ..errors import ContentError, Diagnostic, Severity

    raise ContentError([Diagnostic(Severity.ERROR, location, path, message)])


def shown_texts(tables: tuple[TablePlan, ...], charts: tuple[ChartBlock, ...]):
    """(location, field path, text) of every text the tables and charts show, for font coverage checks."""
    for table in tables:
        origin = table.table.origin
        texts = [table.caption] if table.table.caption else []
        texts += [cell for row in table.rows for cell in row if isinstance(cell, RichText)]
        texts += [table.note] if table.note else []
        for text in texts:
            yield text.location, text.path, text.plain()
        for index, name in enumerate(table.columns):
            yield origin.field_location("columns"), f"{origin.field_path('columns')}[{index}]", name
    for block in charts:
        chart = block.plan.chart
        origin = chart.origin
        for text in (chart.title, chart.note):
            if text:
                yield text.location, text.path, text.plain()
        for index, category in enumerate(chart.categories):
            yield origin.field_location("categories"), f"{origin.field_path('categories')}[{index}]", category
        for series in chart.series:
            yield series.origin.field_location("name", series.location), series.origin.field_path("name"), series.name
        if chart.unit:
            yield origin.field_location("unit"), origin.field_path("unit"), chart.unit
