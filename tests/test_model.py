"""The content model's own behaviour: partial dates and their display."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from report_builder.dates import DateStyle
from report_builder.model import PartialDate, Precision


@pytest.mark.parametrize(
    "date, shown, month_first, iso, precision",
    [
        (PartialDate(2023, 9, 12), "12 Sep 2023", "Sep 12, 2023", "2023-09-12", Precision.DAY),
        (PartialDate(2024, 3), "Mar 2024", "Mar 2024", "2024-03", Precision.MONTH),
        (PartialDate(2019), "2019", "2019", "2019", Precision.YEAR),
    ],
)
def test_every_date_style_keeps_the_precision_given(date, shown, month_first, iso, precision):
    assert date.display() == DateStyle().show(date) == DateStyle("day-month-year").show(date) == shown
    assert DateStyle("month-day-year").show(date) == month_first
    assert DateStyle("iso").show(date) == iso
    assert date.precision is precision


@pytest.mark.parametrize(
    "style, days, months",
    [
        ("day-month-year", ["30 Dec 2023", "31 Dec", "1 Jan 2024"], ["Nov 2023", "Dec", "Jan 2024"]),
        ("month-day-year", ["Dec 30, 2023", "Dec 31", "Jan 1, 2024"], ["Nov 2023", "Dec", "Jan 2024"]),
        ("iso", ["2023-12-30", "12-31", "2024-01-01"], ["2023-11", "2023-12", "2024-01"]),
    ],
)
def test_timeline_ticks_name_the_year_where_it_changes(style, days, months):
    day_ticks = [dt.date(2023, 12, 30), dt.date(2023, 12, 31), dt.date(2024, 1, 1)]
    month_ticks = [dt.date(2023, 11, 1), dt.date(2023, 12, 1), dt.date(2024, 1, 1)]
    assert DateStyle(style).tick_labels(day_ticks, "day") == days
    assert DateStyle(style).tick_labels(month_ticks, "month") == months


def test_partial_dates_sort_before_full_dates_of_the_same_period():
    dates = [PartialDate(2024, 3, 2), PartialDate(2024), PartialDate(2024, 3), PartialDate(2023, 12, 31)]
    assert [d.iso() for d in sorted(dates, key=lambda d: d.sort_key)] == ["2023-12-31", "2024", "2024-03", "2024-03-02"]


def test_range_of_a_month_and_a_year():
    assert PartialDate(2024, 2).latest == dt.date(2024, 2, 29)
    assert PartialDate(2023, 12).latest == dt.date(2023, 12, 31)
    assert PartialDate(2024).earliest == dt.date(2024, 1, 1)


def test_model_values_compare_hash_and_show_as_generated_frozen_dataclasses_do():
    """values.Value writes once what @dataclass(frozen=True) generates per class: the same results."""
    import dataclasses
    import pickle

    from report_builder.errors import Location
    from report_builder.model import Image, RichText, Text

    for value in (Text("a", bold=True), RichText((Text("a"),), Location("b.yaml", 3, 4), "x"),
                  Image(Path("pic.png"), "Alt", width_px=10, height_px=20, data=b"123"), DateStyle("iso"),
                  PartialDate(2024, 3)):
        cls = type(value)
        every = dataclasses.fields(cls)
        twin_class = dataclasses.make_dataclass(
            cls.__name__, [(f.name, object, dataclasses.field(compare=f.compare, repr=f.repr, hash=f.hash))
                           for f in every], frozen=True)
        twin = twin_class(*(getattr(value, f.name) for f in every))
        assert repr(value) == repr(twin)
        assert hash(value) == hash(twin)
        other = dataclasses.replace(value, **{every[0].name: getattr(value, every[0].name)})
        assert other == value and hash(other) == hash(value) and other is not value
        assert value != twin and (value == twin) is (twin == value)
        assert pickle.loads(pickle.dumps(value)) == value
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, every[0].name, None)
    located = RichText((Text("a"),), Location("b.yaml", 3, 4), "x")
    assert located == RichText((Text("a"),)) and hash(located) == hash(RichText((Text("a"),)))
    assert Text("a") != Text("a", bold=True)
    assert "data=" not in repr(Image(Path("pic.png"), "Alt", width_px=10, height_px=20, data=b"123"))


def test_locations_and_diagnostics_are_immutable_values():
    import pickle

    from report_builder.errors import ContentError, Diagnostic, Location, Severity

    where = Location("b.yaml", 3, 4)
    problem = Diagnostic(Severity.WARNING, where, "title", "too long")
    assert str(where) == "b.yaml:3:4" and Location("b.yaml") == Location("b.yaml", 1, 1)
    assert repr(where) == "Location(file='b.yaml', line=3, column=4)"
    assert sorted([Location("b", 2, 1), Location("a", 9, 9), Location("b", 1, 5)]) == [
        Location("a", 9, 9), Location("b", 1, 5), Location("b", 2, 1)]
    assert str(problem) == "b.yaml:3:4: warning: title: too long" and not problem.is_error
    assert str(problem._replace(severity=Severity.ERROR, detail="  here")) == "b.yaml:3:4: title: too long\n  here"
    assert problem == Diagnostic(Severity.WARNING, Location("b.yaml", 3, 4), "title", "too long", "")
    assert len({problem, Diagnostic(Severity.WARNING, where, "title", "too long")}) == 1
    assert pickle.loads(pickle.dumps(ContentError([problem]))).diagnostics == [problem]
    for value, name in ((where, "line"), (problem, "message")):
        with pytest.raises(AttributeError):
            setattr(value, name, None)
        with pytest.raises(AttributeError):
            value.extra = 1
