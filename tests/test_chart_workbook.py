"""The chart's embedded workbook, written without xlsxwriter: the same bytes as xlsxwriter's, on many data sets."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest

from report_builder.writers.chart_workbook import workbook

xlsxwriter = pytest.importorskip("xlsxwriter")

PLAIN = ["Rail", "Sea (kt)", " leading", "trailing ", "a & b", "<x>", 'q"uote', "Кириллица", "한국어",
         "2022 Q1", "two\nlines", "tab\there", "😀", "Tumangang"]
SPECIAL = ["=SUM(A1)", "{=A1}", "http://example.org", "mailto:x@example.org", "", "_x0041_", "bell\u0007",
           "<r>rich</r>", "x" * 20000]


def by_xlsxwriter(categories, series, code: str, created: dt.date) -> bytes:
    """The workbook as office_chart wrote it with xlsxwriter (python-pptx's layout)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": dt.datetime.combine(created, dt.time(12, 0)), "author": "report-builder"})
    sheet = book.add_worksheet()
    general = book.add_format({"num_format": "General"})
    sheet.set_column(0, 0, 10)
    for row, category in enumerate(categories, 1):
        sheet.write(row, 0, category, general)
    for column, (name, values) in enumerate(series, 1):
        sheet.write(0, column, name)
        sheet.write_column(1, column, list(values), book.add_format({"num_format": code}))
    book.close()
    return out.getvalue()


def data_sets(count: int, seed: int = 14):
    rnd = random.Random(seed)
    numbers = (lambda: rnd.uniform(-1e6, 1e6), lambda: float(rnd.randint(-5, 5)), lambda: 1e-7, lambda: 3e20,
               lambda: 0.1 + 0.2, lambda: -0.0, lambda: 12345678901234567.0)
    for _ in range(count):
        rows, columns = rnd.randint(1, 40), rnd.randint(1, 5)
        name = lambda: rnd.choice(PLAIN) + ("" if rnd.random() < 0.5 else str(rnd.randint(0, 9)))  # noqa: E731
        categories = [name() for _ in range(rows)]
        series = [(name(), [rnd.choice(numbers)() for _ in range(rows)]) for _ in range(columns)]
        code = "#,##0" + ("." + "0" * rnd.randint(1, 6) if rnd.random() < 0.7 else "")
        yield categories, series, code, dt.date(rnd.randint(1990, 2030), rnd.randint(1, 12), rnd.randint(1, 28))


@pytest.mark.parametrize("data", list(data_sets(150)), ids=lambda data: f"{len(data[0])}x{len(data[1])}")
def test_the_workbook_is_xlsxwriters_byte_for_byte(data):
    assert workbook(*data) == by_xlsxwriter(*data)


@pytest.mark.parametrize("special", SPECIAL, ids=range(len(SPECIAL)))
def test_text_xlsxwriter_treats_specially_is_left_to_it(special):
    from types import SimpleNamespace

    from report_builder.writers.office_chart import chart_workbook

    created = dt.date(2024, 6, 30)
    assert workbook(["a", special], [("s", [1.0, 2.0])], "#,##0", created) is None
    assert workbook(["a", "b"], [(special, [1.0, 2.0])], "#,##0", created) is None
    plan = SimpleNamespace(categories=("a", special), series=(SimpleNamespace(name="s", values=(1.0, 2.0)),),
                           value_format=SimpleNamespace(code="#,##0"))
    assert chart_workbook(plan, created) == by_xlsxwriter(["a", special], [("s", [1.0, 2.0])], "#,##0", created)


def test_numbers_xlsxwriter_refuses_are_left_to_it():
    assert workbook(["a", "b"], [("s", [1.0, float("nan")])], "#,##0", dt.date(2024, 6, 30)) is None
    assert workbook(["a", "b"], [("s", [float("inf"), 1.0])], "#,##0", dt.date(2024, 6, 30)) is None


def test_the_workbook_opens_in_a_spreadsheet_library_with_its_numbers_and_formats():
    openpyxl = pytest.importorskip("openpyxl")
    categories = ["2022 Q1", "2022 Q2", " spaced "]
    series = [("Rail (kt)", [1.2, 1.5, 1250.0]), ("Sea", [2.1, 0.0, -3.5])]
    sheet = openpyxl.load_workbook(io.BytesIO(workbook(categories, series, "#,##0.0", dt.date(2024, 6, 30)))).active
    assert [cell.value for cell in sheet["A"]][1:] == categories
    assert [sheet.cell(1, column).value for column in (2, 3)] == ["Rail (kt)", "Sea"]
    assert [[sheet.cell(row, column).value for row in (2, 3, 4)] for column in (2, 3)] == [s[1] for s in series]
    assert sheet.cell(2, 2).number_format == "#,##0.0"
