"""Dates as readers see them, in the layout's style: the one way every output writes a date.

A layout's theme names the style (`dates:`); the brief's date, the
chronology, the timelines' labels and axes, the sources and the speaker
notes all go through it, so the Word brief, the PDF and the deck agree. A
date is shown at the precision it was given: "15 Apr 2024", "Apr 2024",
"2024" (day-month-year); "Apr 15, 2024", "Apr 2024", "2024"
(month-day-year); "2024-04-15", "2024-04", "2024" (iso).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .values import Value

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STYLES = ("day-month-year", "month-day-year", "iso")
"""The styles a theme may name; the first is the default."""


@dataclass(frozen=True, eq=False, repr=False)
class DateStyle(Value):
    name: str = STYLES[0]

    def show(self, date) -> str:
        """A date (a `datetime.date` or a `model.PartialDate`) at its precision."""
        year, month, day = date.year, getattr(date, "month", None), getattr(date, "day", None)
        if month is None:
            return f"{year}"
        if self.name == "iso":
            return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
        if day is None:
            return f"{MONTHS[month - 1]} {year}"
        if self.name == "month-day-year":
            return f"{MONTHS[month - 1]} {day}, {year}"
        return f"{day} {MONTHS[month - 1]} {year}"

    def tick_labels(self, dates: list[_dt.date], unit: str) -> list[str]:
        """Labels of a timeline's ticks, one `unit` ("year", "month" or "day") apart: the year is
        written on the first tick and where it changes."""
        labels = []
        for index, date in enumerate(dates):
            new_year = index == 0 or dates[index - 1].year != date.year
            if unit == "year":
                labels.append(str(date.year))
            elif self.name == "iso":
                labels.append(date.isoformat() if unit == "day" and new_year else
                              f"{date.month:02d}-{date.day:02d}" if unit == "day" else f"{date.year}-{date.month:02d}")
            elif unit == "month":
                labels.append(f"{MONTHS[date.month - 1]} {date.year}" if new_year else MONTHS[date.month - 1])
            elif self.name == "month-day-year":
                labels.append(f"{MONTHS[date.month - 1]} {date.day}" + (f", {date.year}" if new_year else ""))
            else:
                labels.append(f"{date.day} {MONTHS[date.month - 1]}" + (f" {date.year}" if new_year else ""))
        return labels


DEFAULT = DateStyle()
