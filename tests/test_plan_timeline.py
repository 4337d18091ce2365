"""The timeline plan: labels never collide, never leave their band, and every development is drawn once."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from conftest import ROOT
from report_builder.model import Development, PartialDate, RichText, Text
from report_builder.plan.timeline import (
    BULLET, ELLIPSIS, MAX_TITLES_PER_LABEL, FontMetrics, TimelineStyle, plan_timeline, wrap,
)

WIDTH = 481.9   # A4 less 20 mm margins
STYLE = TimelineStyle(label_size=8.5, tick_size=6.8)
TITLES = (
    "Kim and Putin meet at Vostochny Cosmodrome",
    "Lavrov visits Pyongyang",
    "46 countries and the EU denounce DPRK military support for Russia",
    "Визит делегации в Пхеньян",
    "김정은 위원장 블라디보스토크 방문",
    "Supercalifragilisticexpialidociousandthensomeevenlongerwordwithoutbreaks",
    "Talks",
)


@pytest.fixture(scope="module")
def measure(theme):
    return FontMetrics(theme.fonts)


def development(date: PartialDate, title: str) -> Development:
    return Development(date=date, title=RichText((Text(title),)))


def developments(count: int) -> list[Development]:
    """`count` developments, with runs of same-day dates and some known only to the month or year."""
    day = dt.date(2021, 1, 5)
    result = []
    for index in range(count):
        if index % 11 == 4:
            date = PartialDate(day.year, day.month)
        elif index % 29 == 7:
            date = PartialDate(day.year)
        else:
            date = PartialDate(day.year, day.month, day.day)
        result.append(development(date, f"{TITLES[index % len(TITLES)]} {index}"))
        if index % 7 not in (2, 3, 4):   # three, sometimes four, developments share a day
            day += dt.timedelta(days=(3, 11, 1, 40, 6)[index % 5])
    return sorted(result, key=lambda d: d.date.sort_key)


def boxes_of(band):
    return [label.box for label in band.labels]


@pytest.mark.parametrize("count", [1, 5, 17, 80])
def test_labels_never_overlap_and_stay_inside_their_band(count, measure):
    plan = plan_timeline(developments(count), WIDTH, measure, STYLE)
    for band in plan.bands:
        boxes = boxes_of(band)
        for box in boxes:
            assert 0 <= box.x and box.right <= band.width + 1e-6
            assert 0 <= box.y and box.top <= band.height + 1e-6
            assert not box.intersects(band.axis)
        for first in range(len(boxes)):
            for second in range(first + 1, len(boxes)):
                assert not boxes[first].intersects(boxes[second]), (band.start, first, second)


@pytest.mark.parametrize("count", [5, 17, 80])
def test_leaders_cross_no_other_label(count, measure):
    for band in plan_timeline(developments(count), WIDTH, measure, STYLE).bands:
        for leader, own in zip(band.leaders, band.labels):
            low, high = sorted((leader.y_from, leader.y_to))
            for label in band.labels:
                if label is own:
                    continue
                box = label.box
                crosses = box.x <= leader.x <= box.right and low < box.top and box.y < high
                assert not crosses, (band.start, leader.x)


@pytest.mark.parametrize("count", [1, 5, 17, 80])
def test_every_development_is_drawn_once_in_date_order(count, measure):
    items = developments(count)
    plan = plan_timeline(items, WIDTH, measure, STYLE)
    drawn = [index for band in plan.bands for label in band.labels for index in label.developments]
    assert sorted(drawn) == list(range(count))
    dates = [items[index].date.sort_key for index in drawn]
    assert dates == sorted(dates)


def test_the_sample_fits_in_a_few_bands_with_markers_on_their_axis(sample_brief, measure):
    plan = plan_timeline(sample_brief.developments, WIDTH, measure, STYLE)
    assert 1 < len(plan.bands) <= 4
    for band in plan.bands:
        for marker, label in zip(band.markers, band.labels):
            assert 0 <= marker.x <= band.width
            assert label.box.x <= marker.x <= label.box.right   # the leader meets its label


def test_same_day_developments_share_a_label(measure):
    day = PartialDate(2023, 9, 12)
    plan = plan_timeline([development(day, f"Event {n}") for n in range(4)], WIDTH, measure, STYLE)
    labels = [label for band in plan.bands for label in band.labels]
    assert [len(label.developments) for label in labels] == [MAX_TITLES_PER_LABEL, 1]
    assert labels[0].lines[0].text == "12 Sep 2023"
    assert [line.text for line in labels[0].lines[1:]] == ["• Event 0", "• Event 1", "• Event 2"]


def test_month_and_year_dates_get_a_span_on_the_axis(measure):
    items = [development(PartialDate(2023), "Year"), development(PartialDate(2024, 3), "Month"),
             development(PartialDate(2024, 3, 18), "Day")]
    band, = plan_timeline(items, WIDTH, measure, STYLE).bands
    year, month, day = band.markers
    assert not year.precise and not month.precise and day.precise
    assert year.span_end - year.span_start > 8 * (month.span_end - month.span_start)
    assert day.span_start == day.span_end or day.precise
    assert [line.text for line in band.labels[1].lines][:1] == ["Mar 2024"]


def test_tick_labels_do_not_overlap(measure):
    for band in plan_timeline(developments(80), WIDTH, measure, STYLE).bands:
        labelled = [tick for tick in band.ticks if tick.label]
        assert labelled, band.start
        for tick, following in zip(labelled, labelled[1:]):
            assert tick.label_x + measure(tick.label, STYLE.tick_size) < following.label_x
        assert labelled[-1].label_x + measure(labelled[-1].label, STYLE.tick_size) <= band.width


def test_wrap_breaks_between_words_and_cuts_after_a_whole_word(measure):
    title = "Panel of Experts announces arms-transfer investigation into rail shipments"
    lines = wrap(title, 60, 8.5, measure, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith(ELLIPSIS)
    shown = " ".join(lines)[:-1].split()
    assert shown == title.split()[: len(shown)]
    assert all(measure(line, 8.5) <= 60 for line in lines)
    assert wrap("Lavrov visits Pyongyang", 200, 8.5, measure, 3) == ["Lavrov visits Pyongyang"]


def test_only_a_word_wider_than_the_band_is_broken_inside(measure):
    lines = wrap("a " + "x" * 120, 60, 8.5, measure, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith(ELLIPSIS)
    assert all(measure(line, 8.5) <= 60 for line in lines)


def test_no_timeline_label_cuts_a_word(measure, sample_brief):
    words = {word for d in sample_brief.developments for word in d.title.plain_without_citations().split()}
    for band in plan_timeline(sample_brief.developments, WIDTH, measure, STYLE).bands:
        for label in band.labels:
            for line in label.lines[1:]:
                for word in line.text.removeprefix(BULLET).removesuffix(ELLIPSIS).split():
                    assert word in words, (word, line.text)


def test_widths_match_what_the_pdf_draws(theme, measure):
    """The plan measures with fontTools; reportlab draws: the same TrueType advance widths."""
    from report_builder.writers.pdf_fonts import FontSet

    fonts = FontSet(theme)
    for text in ("Key judgments", "Визит делегации", "김정은 위원장", "Mixed 한글 text"):
        for bold in (False, True):
            assert measure(text, 10, bold) == pytest.approx(fonts.width(text, 10, bold), abs=0.05)


def test_the_plan_does_not_import_reportlab():
    code = "import sys, report_builder.plan.timeline; print('reportlab' in sys.modules, 'fontTools' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == ["False", "False"]
