"""Planning tables and charts: numbering, alignment, widths, one number format and scale, the PDF drawing."""

from __future__ import annotations

import pytest

from conftest import load_fixture
from report_builder.model import Align, Chart, ChartType, Number, RichText, Series, Table, Text
from report_builder.plan.chart_drawing import ChartStyle, Fill, chart_height, draw_chart
from report_builder.plan.charts import (NumberFormat, PercentFormat, decimals, plan_chart, slice_colors,
                                        value_scale)
from report_builder.plan.document import plan_document
from report_builder.plan.exhibits import number_exhibits
from report_builder.plan.measure import measurer_for
from report_builder.plan.tables import column_alignment, column_widths, plan_table


def text(value: str) -> RichText:
    return RichText((Text(value),))


def test_tables_and_charts_are_numbered_through_the_brief(data_brief):
    numbered = number_exhibits(data_brief)
    assert [[n for _, n in s.tables] for s in numbered] == [[1], [], [2]]
    assert [[n for _, n in s.charts] for s in numbered] == [[], [1], [2, 3]]


def test_the_page_plans_carry_numbered_captions(data_brief, theme):
    plan = plan_document(data_brief, theme)
    tables = [t for block in plan.blocks for t in block.tables]
    charts = [c for block in plan.blocks for c in block.charts]
    assert [t.caption.plain() for t in tables] == ["Table 1: Freight by month and route, 2022–2024",
                                                   "Table 2: Border posts"]
    assert [c.plan.caption.plain() for c in charts] == [
        "Figure 1: Rail and sea freight by quarter", "Figure 2: Freight by route, 2023",
        "Figure 3: Crossings by border post, 2023"]
    assert all(c.drawing is None for c in charts)
    handout = plan_document(data_brief, theme, handout=True)
    assert all(c.drawing is not None for block in handout.blocks for c in block.charts)


@pytest.mark.parametrize("cells, expected", [
    ([Number("1200", 1200.0), Number("7.5", 7.5)], Align.RIGHT),
    ([text("1,200"), text("12%"), text("—")], Align.RIGHT),
    ([Number("1200", 1200.0), text("Rail")], Align.LEFT),
    ([text("n/a"), text("")], Align.LEFT),
])
def test_numbers_align_right_and_text_left(cells, expected):
    table = Table(("Column",), tuple((cell,) for cell in cells))
    assert column_alignment(table) == (expected,)


def test_columns_share_the_width_and_never_cut_a_word(theme):
    measurer = measurer_for(theme.fonts)
    table = Table(("Month", "Tonnes", "Route"), (
        (text("Jan 2024"), Number("1200", 1200.0), text("Rail via Tumangang, then by road to the Khasan crossing")),
        (text("Feb 2024"), Number("98", 98.0), text("Sea")),
    ))
    widths = column_widths(table, measurer, 8.5, 300.0, 10.0)
    assert sum(widths) == pytest.approx(300.0)
    for index, column in enumerate(table.columns):
        longest = max(measurer.width(word, 8.5, bold) for value, bold in
                      [(column, True)] + [(row[index].text if isinstance(row[index], Number) else row[index].plain(),
                                           False) for row in table.rows] for word in value.split())
        assert widths[index] >= longest + 10.0
    assert widths[2] > widths[0] > widths[1] * 0.9
    plan = plan_table(table, 4, measurer, 8.5, 300.0, 10.0)
    assert (plan.label, plan.caption.plain(), plan.align) == ("Table 4", "Table 4", (Align.LEFT, Align.RIGHT, Align.LEFT))


@pytest.mark.parametrize("low, high, kind, headroom, ticks", [
    (1.2, 3.1, ChartType.LINE, False, (0, 1, 2, 3, 4)),
    (2.0, 2.4, ChartType.LINE, False, (2.0, 2.1, 2.2, 2.3, 2.4)),
    (40, 1250, ChartType.BAR, True, (0, 250, 500, 750, 1000, 1250, 1500)),
    (-3, 5, ChartType.COLUMN, False, (-4, -2, 0, 2, 4, 6)),
    (300, 7000, ChartType.COLUMN, True, (0, 2000, 4000, 6000, 8000)),
])
def test_value_scales_are_round_and_hold_every_value(low, high, kind, headroom, ticks):
    scale = value_scale(low, high, kind, headroom)
    assert scale.ticks == pytest.approx(ticks)
    assert scale.minimum <= low and scale.maximum >= high


def test_one_number_format_with_the_files_decimals():
    assert decimals("7.50") == 2 and decimals("1200") == 0
    assert (decimals("2.5E-3"), decimals("1e6"), decimals("0x10")) == (4, 0, 0)
    assert NumberFormat(0).format(7000) == "7,000" and NumberFormat(0).code == "#,##0"
    assert NumberFormat(2).format(1234.5) == "1,234.50" and NumberFormat(2).code == "#,##0.00"
    assert NumberFormat(1).format(-0.04) == "0.0"


def test_series_and_slices_take_the_palette_in_order(data_brief, theme):
    line, pie, bar = (c for s in data_brief.sections for c in s.charts)
    assert plan_chart(line, 1, theme.palette).colors == theme.palette[:2]
    assert plan_chart(pie, 2, theme.palette).colors == theme.palette[:4]
    assert slice_colors(9, ("A", "B", "C", "D", "E", "F", "G", "H"))[-1] not in ("A", "H")
    line_plan, bar_plan = plan_chart(line, 1, theme.palette), plan_chart(bar, 3, theme.palette)
    assert (line_plan.legend, line_plan.data_labels) == (True, False)
    assert (bar_plan.legend, bar_plan.data_labels) == (False, True)
    assert bar_plan.series[0].labels == ("1,250", "830", "610", "95", "40")


def _overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


@pytest.mark.parametrize("name, index", [("tables-charts", 0), ("tables-charts", 1), ("tables-charts", 2),
                                         ("edge-cases", 0), ("edge-cases", 1), ("edge-cases", 2), ("edge-cases", 3)])
def test_drawn_charts_keep_every_mark_inside_and_no_labels_collide(name, index, theme):
    brief = load_fixture(f"data/{name}.yaml")
    chart = [c for s in brief.sections for c in s.charts][index]
    plan = plan_chart(chart, index + 1, theme.palette)
    measurer = measurer_for(theme.fonts)
    size, width = theme.sizes.small, 480.0
    height = chart_height(plan, width, size, measurer)
    drawing = draw_chart(plan, width, height, ChartStyle(size, "222222", "5F6B7A", "C9D1DB"), measurer)
    boxes = []
    for label in drawing.labels:
        length = measurer.width(label.text, label.size)
        start = {"start": 0.0, "middle": -length / 2, "end": -length}[label.anchor]
        if label.angle:
            box = (label.x - label.size, label.y + start, label.x + label.size * 0.3, label.y + start + length)
        else:
            box = (label.x + start, label.y - label.size * 0.25, label.x + start + length, label.y + label.size * 0.8)
        assert box[0] >= -0.5 and box[2] <= width + 0.5 and box[1] >= -0.5 and box[3] <= height + 0.5, label
        boxes.append((box, label.text))
    for number, (box, name) in enumerate(boxes):
        for other, other_name in boxes[number + 1:]:
            assert not _overlap(box, other), (name, other_name)
    for mark in drawing.marks:
        if isinstance(mark, Fill):
            assert mark.x >= 0 and mark.y >= 0 and mark.x + mark.width <= width + 0.01
            assert mark.y + mark.height <= height + 0.01
    shown = {label.text for label in drawing.labels}
    assert shown >= {s for series in plan.series for s in (series.labels if plan.data_labels else ())}
    labelled = [c for c in chart.categories if c in shown or any(c.startswith(t) for t in shown if t)]
    assert len(labelled) >= len(chart.categories) / 3


@pytest.fixture(scope="module")
def data_deck(data_brief, theme):
    from report_builder.plan.deck import plan_deck

    return plan_deck(data_brief, theme)


def _shapes(deck, kind):
    return [(slide, shape) for slide in deck.slides for shape in slide.shapes if isinstance(shape, kind)]


def test_deck_tables_stay_in_the_content_area_under_their_captions(data_deck):
    from report_builder.plan.deck_data import SlideTable
    from report_builder.plan.deck_layout import Role

    content = data_deck.grid.content
    for slide, table in _shapes(data_deck, SlideTable):
        assert table.rect.inside(content)
        assert sum(table.heights) == pytest.approx(table.rect.height)
        assert sum(table.widths) <= content.width + 0.01
        captions = [f for f in slide.frames if f.role is Role.CAPTION]
        assert captions[0].text.startswith(table.label + ":")
        assert captions[0].rect.bottom <= table.rect.y
        assert all(f.rect.inside(content) for f in captions)
        for frame in slide.frames:
            assert not frame.rect.overlaps(table.rect), frame.text


def test_a_long_deck_table_is_spread_evenly_within_the_word_budget_and_both_set_large(data_deck):
    from report_builder.plan.deck_data import SlideTable

    long_parts = [t for _, t in _shapes(data_deck, SlideTable) if t.number == 1]
    short = [t for _, t in _shapes(data_deck, SlideTable) if t.number == 2]
    counts = [len(t.rows) for t in long_parts]
    assert sum(counts) == 28 and max(counts) - min(counts) <= 1 and counts == sorted(counts)
    assert all(t.size == 22 for t in long_parts + short)
    words = [sum(len(p.text.split()) for row in (t.header, *t.rows) for p in row) for t in long_parts]
    assert max(words) <= 75 - len("Table 1 (cont.): Freight by month and route, 2022–2024".split())
    assert [t.striped for t in long_parts][1][0] == (len(long_parts[0].rows) % 2 == 1)


def test_deck_charts_beside_points_do_not_overlap_them(data_deck):
    from report_builder.plan.deck_data import SlideChart

    content = data_deck.grid.content
    for slide, chart in _shapes(data_deck, SlideChart):
        assert chart.rect.inside(content)
        for frame in slide.frames:
            assert not frame.rect.overlaps(chart.rect), frame.text
    beside = [slide for slide, _ in _shapes(data_deck, SlideChart) if slide.points]
    assert len(beside) == 2


def test_a_section_of_only_a_table_opens_with_it_and_a_tall_row_is_cut_with_a_notice(theme):
    from report_builder.plan.deck import plan_deck
    from report_builder.plan.deck_data import SlideTable

    brief = load_fixture("data/edge-cases.yaml")
    deck = plan_deck(brief, theme)
    slides = [s for s in deck.slides if s.title.startswith("Only a table")]
    # ten columns of words: one row of 37 words is what a slide's word budget leaves room for
    assert [s.title for s in slides] == ["Only a table"] + ["Only a table (cont.)"] * 3
    assert all(isinstance(s.shapes[0], SlideTable) for s in slides)
    cut = slides[-1].shapes[0].rows[0][0]
    assert cut.text.endswith(" …") and cut.text.count("very long cell") < 60
    assert [(n.path, n.location.line) for n in deck.notices] == [("sections[0].table.rows[3][0]", 13)]
    assert all(shape.rect.bottom <= deck.grid.content.bottom + 0.01 for s in slides for shape in s.shapes)


def pie_of(*written: str) -> Chart:
    values = tuple(Number(text, float(text)) for text in written)
    return Chart(ChartType.PIE, tuple(f"Slice {i}" for i in range(len(values))), (Series("S", values),), "A pie.")


@pytest.mark.parametrize("written, labels", [
    (("48", "27", "21", "4"), ("48%", "27%", "21%", "4%")),
    (("300", "7000"), ("4.1%", "95.9%")),
    (("42.5", "25", "17.5", "10", "5"), ("42.5%", "25.0%", "17.5%", "10.0%", "5.0%")),
    (("33.33", "33.33", "33.34"), ("33.33%", "33.33%", "33.34%")),
    (("1", "15"), ("6.3%", "93.8%")),   # 6.25 and 93.75 round half away from zero, as Excel does
    (("0", "2", "2"), ("0%", "50%", "50%")),
])
def test_pie_slices_are_labelled_with_their_share(written, labels, theme):
    plan = plan_chart(pie_of(*written), 1, theme.palette)
    assert plan.series[0].labels == labels
    assert plan.label_format.code == PercentFormat(plan.label_format.decimals).code
    assert plan.series[0].values == tuple(float(v) for v in written)
    assert plan.value_format.code.startswith("#,##0")


def test_a_crowded_category_axis_is_labelled_every_nth_category_alike_in_pdf_and_office(tmp_path, theme):
    import zipfile

    from report_builder.plan.chart_drawing import Label, category_label_step
    from report_builder.plan.data_blocks import plan_section_data
    from report_builder.validate import load_brief
    from report_builder.writers.docx import render

    months = [f"{m} {y}" for y in (2022, 2023) for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                                          "Sep", "Oct", "Nov", "Dec")]
    path = tmp_path / "brief.yaml"
    path.write_text("title: T\ndate: 2024-04-15\nsections:\n  - title: Monthly\n    chart:\n      type: line\n"
                    f"      categories: [{', '.join(months)}]\n"
                    f"      series: [{{name: Tonnes, values: [{', '.join(str(1000 + n) for n in range(24))}]}}]\n"
                    "      alt: A line rising over two years.\n", encoding="utf-8")
    brief, _ = load_brief(path)
    [(_, [block])] = [data for data in plan_section_data(brief, theme, drawn=True)]
    assert block.label_step == 2
    shown = [mark.text for mark in block.drawing.marks if isinstance(mark, Label) and mark.text in ("Jan", "Feb")]
    assert shown == ["Jan", "Jan"]   # every second month, wrapped "Jan / 2022": Jan 2022 and Jan 2023
    few = plan_chart(load_fixture("data/tables-charts.yaml").sections[1].charts[0], 1, theme.palette)
    assert category_label_step(few, block.width, theme.sizes.small, measurer_for(theme.fonts)) == 1
    render(brief, theme, tmp_path / "brief.docx", lambda *args: None)
    with zipfile.ZipFile(tmp_path / "brief.docx") as package:
        assert '<c:tickLblSkip val="2"/>' in package.read("word/charts/chart1.xml").decode()
