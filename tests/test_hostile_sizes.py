"""Size cases of the hostile-input probe, at modest sizes: every step grows linearly (or n log n).

Where a step measures text, the characters it measures are counted at two
sizes (deterministic: a quadratic step measures sixteen times as many for
four times the text). Whole renders are compared by the CPU time of this
process at two sizes, loosely (linear is 4x, quadratic 16x; the bound is 8x).
benchmarks/hostile_sizes.py runs the same cases at full size and records
their times.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import ROOT
from hostile_cases import CASES, brief, quoted, words

CASE = {case.name: case for case in CASES}


@pytest.fixture(scope="module")
def theme():
    from report_builder.build import load_layout

    return load_layout(None, ROOT)


def load(tmp_path: Path, text: str):
    from report_builder.validate import load_brief

    path = tmp_path / f"brief-{abs(hash(text))}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_brief(path, path.name)[0]


class Counter:
    """Wraps a measuring method and counts the characters it is asked to measure."""

    def __init__(self, monkeypatch, owner, name: str):
        self.characters = 0
        original = getattr(owner, name)

        def counting(this, text, *args, **kwargs):
            self.characters += len(text)
            return original(this, text, *args, **kwargs)

        monkeypatch.setattr(owner, name, counting)


def cpu_seconds(action) -> float:
    started = time.process_time()
    action()
    return time.process_time() - started


# The pieces, counted ---------------------------------------------------------------------


@pytest.mark.parametrize("length", [10, 1_000, 100_000])
def test_shortening_measures_a_logarithmic_number_of_prefixes(length):
    from report_builder.plan.shorten import shortened

    calls = []

    def measure(text: str) -> float:
        calls.append(text)
        return 5.0 * len(text)

    result = shortened("x" * length, 100.0, measure)
    assert result == "x" * min(length, 19) + ("…" if length > 20 else "x" * (length == 20))
    assert len(calls) <= 2 + 2 * 20 .bit_length()


@pytest.mark.parametrize("field", ["classification", "title"])
def test_the_pdf_banner_and_footer_measure_text_in_linear_time(tmp_path, monkeypatch, theme, field):
    """Shortened once a build, by bisection: not one character at a time on every page."""
    from report_builder.build import render_one
    from report_builder.writers.pdf_fonts import FontSet

    counts = []
    for size in (500, 2_000):
        text = brief(**{field: quoted(words(size))}, sections="".join(
            f"\n  - title: Section {i}\n    bullets: [{words(400, i)}]" for i in range(12)))
        loaded = load(tmp_path, text)
        counter = Counter(monkeypatch, FontSet, "width")
        render_one("pdf", loaded, theme, tmp_path / "out.pdf")
        counts.append(counter.characters)
        monkeypatch.undo()
    assert counts[1] < 6 * counts[0]


def test_deck_one_line_texts_measure_in_linear_time(tmp_path, monkeypatch, theme):
    from report_builder.plan.deck import plan_deck
    from report_builder.plan.measure import Measurer
    from report_builder.slide_template import read_template_boxes
    from report_builder.writers.pptx import default_template

    boxes = read_template_boxes(default_template())
    counts = []
    for size in (500, 2_000):
        loaded = load(tmp_path, brief(classification=quoted(words(size)), title=quoted(words(size, 3))))
        counter = Counter(monkeypatch, Measurer, "width")
        plan_deck(loaded, theme, boxes)
        counts.append(counter.characters)
        monkeypatch.undo()
    assert counts[1] < 6 * counts[0]


def test_a_long_timeline_title_is_measured_only_as_far_as_it_is_shown():
    from report_builder.plan.timeline import wrap

    measured = []

    def measure(text: str, size: float, bold: bool = False) -> float:
        measured.append(len(text))
        return len(text) * size * 0.5

    for length in (10_000, 100_000):
        measured.clear()
        lines = wrap(words(length), 120.0, 10.0, measure, 3)
        assert len(lines) == 3 and lines[-1].endswith("…")
        assert sum(measured) < 20_000
    measured.clear()
    lines = wrap("x" * 100_000, 120.0, 10.0, measure, 3)
    assert [len(line) for line in lines] == [24, 24, 24] and lines[-1] == "x" * 23 + "…"
    assert sum(measured) < 8 * 100_000  # the word is measured once per shown line, never per character


def test_a_word_longer_than_many_lines_wraps_in_linear_time():
    from report_builder.build import load_layout
    from report_builder.plan.measure import Paragraph, Span, measurer_for

    measurer = measurer_for(load_layout(None, ROOT).fonts)
    times = []
    for length in (25_000, 100_000):
        paragraph = Paragraph((Span("x" * length),), 10.0)
        times.append(cpu_seconds(lambda: measurer.lines(paragraph, 300.0)))
    lines = measurer.lines(Paragraph((Span("x" * 100_000),), 10.0), 300.0)
    assert len(lines) > 1000 and "".join(lines) == "x" * 100_000
    assert times[1] < 8 * times[0] + 0.05


def test_pagination_of_many_paragraphs_is_linear():
    from report_builder.build import load_layout
    from report_builder.plan.pagination import PageGeometry, ParagraphFormat, Span, TextBlock, paginate

    faces = load_layout(None, ROOT).fonts
    fmt = ParagraphFormat(size=10.0, line_height=12.0, space_after=4.0, style="Body Text")
    geometry = PageGeometry(height=700.0)
    times = []
    for count in (3_000, 12_000):
        blocks = [TextBlock(fmt, (Span("A short paragraph of words.", False),), 450.0) for _ in range(count)]
        times.append(cpu_seconds(lambda: paginate(blocks, geometry, faces)))
    assert times[1] < 8 * times[0] + 0.05


# Whole renders, timed loosely ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf", "pptx"])
@pytest.mark.parametrize("case, sizes", [
    ("developments", (60, 240)),
    ("long paragraph", (6_000, 24_000)),
    ("long unbreakable word", (6_000, 24_000)),
    ("markup never closing", (6_000, 24_000)),
    ("long classification", (500, 2_000)),
])
def test_a_render_grows_linearly_with_the_brief(tmp_path, theme, fmt, case, sizes):
    from report_builder.build import render_one

    loaded = [load(tmp_path, CASE[case].brief(size)) for size in sizes]
    render_one(fmt, loaded[0], theme, tmp_path / f"warm.{fmt}")
    times = [cpu_seconds(lambda b=b: render_one(fmt, b, theme, tmp_path / f"out.{fmt}")) for b in loaded]
    assert times[1] < 8 * times[0] + 0.3, times
