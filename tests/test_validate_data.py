"""Tables and charts in a brief: the model they become, and every rule's located message."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, run_cli
from report_builder.errors import ContentError
from report_builder.model import Align, ChartType, Number, RichText
from report_builder.validate import load_brief, reading_order

INVALID = FIXTURES / "data" / "invalid"

ERRORS = {
    "ragged-row.yaml": ["9:11: sections[0].table.rows[1]: has 2 cells; the table has 3 columns (Month, Tonnes, Route)"],
    "value-not-number.yaml": [
        "10:25: sections[0].chart.series[0].values[1]: expected a number, got a string ('7.5'); "
        "write numbers without quotes",
        "10:32: sections[0].chart.series[0].values[2]: expected a number, got a string ('n/a')",
    ],
    "series-length.yaml": [
        "10:19: sections[0].chart.series[0].values: has 2 values for 3 categories; give one value per category"
    ],
    "unknown-chart-type.yaml": [
        "6:13: sections[0].chart.type: unknown chart type 'colum'; did you mean 'column'?",
        "12:13: sections[1].chart.type: unknown chart type 'scatter'; use one of: column, bar, line, pie",
    ],
    "pie-two-series.yaml": [
        "9:9: sections[0].chart.series: a pie chart shows one series; this one has 2 "
        "(use a column or bar chart to compare series)"
    ],
    "pie-negative.yaml": ["10:24: sections[0].chart.series[0].values[1]: a pie chart cannot show a negative value (-5)"],
    "empty-rows.yaml": ["7:13: sections[0].table.rows: needs at least one row"],
    "empty-categories.yaml": ["7:19: sections[0].chart.categories: needs at least one category"],
    "missing-alt.yaml": [
        "6:7: sections[0].chart.alt: required field 'alt' is missing; "
        "describe what the chart shows for readers who cannot see it"
    ],
    "bad-align.yaml": [
        "7:21: sections[0].table.align[1]: 'rigth' is not an alignment; use left, right or center; "
        "did you mean 'right'?",
        "13:14: sections[1].table.align: gives 1 alignment; the table has 2 columns",
    ],
    "table-unknown-key.yaml": [
        "6:7: sections[0].table.columns: required field 'columns' is missing",
        "7:7: sections[0].table.colums: unknown key 'colums'; did you mean 'columns'?",
    ],
    "undefined-citation.yaml": [
        "8:12: sections[0].table.rows[0][0]: cites 'un-panel', which is not defined in sources; "
        "did you mean 'un-panel-2024'?"
    ],
    "not-a-table.yaml": [
        "5:12: sections[0].table: expected a table (a mapping of fields) or a list of them, got a string",
        "11:9: sections[0].chart[1]: expected a chart (a mapping of fields), got a string",
    ],
}


def test_every_invalid_fixture_has_an_expected_message():
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(ERRORS)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_message(name):
    display = f"tests/fixtures/data/invalid/{name}"
    with pytest.raises(ContentError) as caught:
        load_brief(INVALID / name, display)
    assert [str(d) for d in caught.value.diagnostics] == [f"{display}:{line}" for line in ERRORS[name]]


@pytest.fixture(scope="module")
def brief():
    brief, warnings = load_brief(FIXTURES / "data" / "tables-charts.yaml", "tables-charts.yaml")
    assert warnings == []
    return brief


def test_a_table_keeps_its_cells_numbers_as_written_and_locations(brief):
    table = brief.sections[0].tables[0]
    assert table.columns == ("Month", "Tonnes", "Share of capacity (%)", "Route")
    assert len(table.rows) == 28
    month, tonnes, share, route = table.rows[20]
    assert isinstance(month, RichText) and month.plain() == "Sep 2023"
    assert tonnes == Number("1140", 1140.0)
    assert (share.text, share.value) == ("38.0", 38.0)
    assert share.path == "sections[0].table.rows[20][2]"
    assert share.location.line == 42
    assert table.align is None
    assert table.caption.plain() == "Freight by month and route, 2022–2024"


def test_empty_cells_alignment_and_a_list_of_charts(brief):
    section = brief.sections[2]
    assert section.tables[0].align == (Align.LEFT, Align.CENTER, Align.RIGHT)
    assert section.tables[0].rows[2][1] == RichText(())
    pie, bar = section.charts
    assert (pie.type, bar.type) == (ChartType.PIE, ChartType.BAR)
    assert [v.value for v in bar.series[0].values] == [1250, 830, 610, 95, 40]
    assert bar.alt.startswith("Bar chart: Tumangang")
    assert bar.origin.path == "sections[2].chart[1]"


def test_a_series_without_a_name_is_numbered(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_text("title: T\ndate: 2024-04-15\nsections:\n  - title: S\n    chart:\n      type: column\n"
                    "      categories: [A, B]\n      series:\n        - values: [1, 2]\n        - values: [3, 4]\n"
                    "      alt: Two series.\n", encoding="utf-8")
    brief, _ = load_brief(path)
    assert [s.name for s in brief.sections[0].charts[0].series] == ["Series 1", "Series 2"]


def test_citations_in_tables_and_charts_are_numbered_in_reading_order(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_text(
        "title: T\ndate: 2024-04-15\nsections:\n  - title: S\n    bullets: ['First [@a].']\n"
        "    table:\n      caption: 'Caption [@c]'\n      columns: [X, Y]\n      rows: [['Cell [@b]', 1]]\n"
        "      note: 'Note [@a]'\n"
        "    chart:\n      type: pie\n      title: 'Title [@d]'\n      categories: [A]\n"
        "      series: [{values: [1]}]\n      note: 'Chart note [@c]'\n      alt: One slice.\n"
        "sources:\n  - {id: d, title: D}\n  - {id: c, title: C}\n  - {id: b, title: B}\n  - {id: a, title: A}\n",
        encoding="utf-8")
    brief, warnings = load_brief(path)
    assert warnings == []
    assert [(s.id, s.number) for s in brief.sources] == [("a", 1), ("c", 2), ("b", 3), ("d", 4)]
    table, chart = brief.sections[0].tables[0], brief.sections[0].charts[0]
    assert (table.caption.plain(), table.rows[0][0].plain(), table.note.plain()) == ("Caption [2]", "Cell [3]", "Note [1]")
    assert (chart.title.plain(), chart.note.plain()) == ("Title [4]", "Chart note [2]")
    assert [t.plain() for t in reading_order(brief)] == [
        "First [1].", "Caption [2]", "Cell [3]", "Note [1]", "Title [4]", "Chart note [2]"]


def test_check_reports_broken_tables_and_charts_with_exit_status_2(tmp_path):
    result = run_cli("check", str(INVALID / "ragged-row.yaml"), str(INVALID / "pie-negative.yaml"))
    assert result.returncode == 2
    assert "ragged-row.yaml:9:11: sections[0].table.rows[1]: has 2 cells" in result.stderr
    assert "pie-negative.yaml:10:24: sections[0].chart.series[0].values[1]: a pie chart cannot show" in result.stderr
    assert "Traceback" not in result.stderr


def test_exponent_and_hex_numbers_are_numbers_and_infinity_is_not(tmp_path):
    path = tmp_path / "brief.yaml"
    path.write_text("title: T\ndate: 2024-04-15\nsections:\n  - title: S\n    chart:\n      type: column\n"
                    "      categories: [A, B, C, D]\n      series: [{values: [1e6, 2.5E-3, 0x10, 7]}]\n      alt: x\n"
                    "    table:\n      columns: [X]\n      rows: [[1e6], [.inf]]\n", encoding="utf-8")
    brief, _ = load_brief(path)
    values = brief.sections[0].charts[0].series[0].values
    assert [(v.text, v.value) for v in values] == [("1e6", 1e6), ("2.5E-3", 0.0025), ("0x10", 16.0), ("7", 7.0)]
    assert isinstance(brief.sections[0].tables[0].rows[0][0], Number)
    assert brief.sections[0].tables[0].rows[1][0].plain() == ".inf"
    path.write_text(path.read_text().replace("0x10", ".nan"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_brief(path, "brief.yaml")
    assert [str(d) for d in caught.value.diagnostics] == [
        "brief.yaml:8:39: sections[0].chart.series[0].values[2]: expected a number, '.nan' is not a finite number"]
