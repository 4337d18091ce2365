"""The content model's own behaviour: partial dates and their display."""

from __future__ import annotations

import datetime as dt

import pytest

from report_builder.model import PartialDate, Precision


@pytest.mark.parametrize(
    "date, shown, short, precision",
    [
        (PartialDate(2023, 9, 12), "12 Sep 2023", "12 Sep", Precision.DAY),
        (PartialDate(2024, 3), "Mar 2024", "Mar", Precision.MONTH),
        (PartialDate(2019), "2019", "2019", Precision.YEAR),
    ],
)
def test_display_keeps_precision(date, shown, short, precision):
    assert date.display() == shown
    assert date.display_short() == short
    assert date.precision is precision


def test_partial_dates_sort_before_full_dates_of_the_same_period():
    dates = [PartialDate(2024, 3, 2), PartialDate(2024), PartialDate(2024, 3), PartialDate(2023, 12, 31)]
    assert [d.iso() for d in sorted(dates, key=lambda d: d.sort_key)] == ["2023-12-31", "2024", "2024-03", "2024-03-02"]


def test_range_of_a_month_and_a_year():
    assert PartialDate(2024, 2).latest == dt.date(2024, 2, 29)
    assert PartialDate(2023, 12).latest == dt.date(2023, 12, 31)
    assert PartialDate(2024).earliest == dt.date(2024, 1, 1)
