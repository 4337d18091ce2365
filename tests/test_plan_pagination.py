"""Page breaking of the Word brief's flow: the rules word processors apply, one per test."""

from __future__ import annotations

import pytest

from report_builder.plan.pagination import (
    FIGURE_CLEARANCE,
    FigureBlock,
    Metrics,
    PageGeometry,
    ParagraphFormat,
    Row,
    Span,
    TableBlock,
    TextBlock,
    break_lines,
    count_lines,
    paginate,
    steadying_indent,
    with_right_indent,
)

BODY = ParagraphFormat(size=10, line_height=10, widow_control=True)
HEADING = ParagraphFormat(size=10, line_height=10, space_before=20, keep_with_next=True)


@pytest.fixture(scope="module")
def metrics(theme):
    return Metrics(theme.fonts)


def lines_of(count: int, anchor: str | None = None, fmt: ParagraphFormat = BODY) -> TextBlock:
    """A paragraph of exactly `count` lines: one unbreakable word per line of a narrow column."""
    return TextBlock(fmt, (Span(" ".join(["MMMMMMM"] * count)),), width=80, anchor=anchor)


def test_each_word_wider_than_half_the_column_takes_a_line(metrics):
    assert count_lines(lines_of(3), metrics) == 3


def test_text_breaks_at_spaces_to_fit_the_column(metrics):
    text = TextBlock(BODY, (Span("alpha beta gamma delta epsilon zeta eta theta"),), width=100)
    widths = metrics.width("alpha beta gamma", 10, False, False)
    assert widths < 100
    assert count_lines(text, metrics) == 3


def test_korean_wraps_by_words_and_a_long_url_at_the_margin(metrics):
    word = "모스크바"
    width = metrics.width(word * 2, 10, False, False)
    assert len(break_lines(TextBlock(BODY, (Span(f"{word} {word}"),), width=width), metrics)) == 2
    assert len(break_lines(TextBlock(BODY, (Span(word * 3),), width=width), metrics)) == 2
    url = "https://example.org/" + "segment/" * 12
    lines = break_lines(TextBlock(BODY, (Span(f"See {url}"),), width=100), metrics)
    assert lines[0] == "See "
    assert "".join(lines[1:]) == url
    assert all(metrics.width(line, 10, False, False) <= 100 for line in lines)


def test_a_heading_kept_with_next_moves_rather_than_ending_a_page(theme):
    geometry = PageGeometry(height=100)
    flow = [lines_of(6), TextBlock(HEADING, (Span("Heading"),), 80, anchor="h"), lines_of(4)]
    # 60 used; heading needs 20 + 10 and two lines of what follows: 110 > 100.
    assert paginate(flow, geometry, theme.fonts).pages["h"] == 2


def test_an_orphan_line_is_not_left_at_the_bottom_of_a_page(theme):
    flow = [lines_of(9), lines_of(3, anchor="p")]
    assert paginate(flow, PageGeometry(height=100), theme.fonts).pages["p"] == 2


def test_a_widow_line_pulls_a_second_line_with_it(theme):
    flow = [lines_of(6), lines_of(5, anchor="p"), lines_of(1, anchor="after")]
    result = paginate(flow, PageGeometry(height=100), theme.fonts)
    # 4 of 5 lines would fit, leaving 1 alone: 3 stay, 2 go; the next paragraph follows them.
    assert result.pages == {"p": 1, "after": 2}


def test_a_forced_break_starts_a_page_and_counts_it(theme):
    forced = ParagraphFormat(size=10, line_height=10, space_before=20, page_break_before=True)
    flow = [lines_of(2), TextBlock(forced, (Span("Part"),), 80, anchor="part"), lines_of(8)]
    result = paginate(flow, PageGeometry(height=100), theme.fonts)
    # On page 2: 20 space kept after the forced break + 10 + 80 = 110 > 100.
    assert result.pages["part"] == 2
    assert result.page_count == 3


def test_table_rows_do_not_split_and_the_header_repeats(theme):
    cell = (lines_of(2),)
    header = Row((cell,), padding=0)
    rows = tuple(Row((cell,), padding=5) for _ in range(7))
    table = TableBlock((header, *rows), header_rows=1)
    # Page height 100: header 20 + 3 rows of 25 per page, so 7 rows need 3 pages.
    result = paginate([table, lines_of(1, anchor="end")], PageGeometry(height=100), theme.fonts)
    assert result.page_count == 3
    assert result.pages["end"] == 3


def test_nothing_is_kept_with_a_part_that_starts_a_new_page(theme):
    figure_like = ParagraphFormat(size=10, line_height=10, keep_with_next=True)
    part = ParagraphFormat(size=10, line_height=10, page_break_before=True)
    flow = [lines_of(8), TextBlock(figure_like, (Span("last"),), 80, anchor="last"),
            TextBlock(part, (Span("Part"),), 80, anchor="part")]
    assert paginate(flow, PageGeometry(height=100), theme.fonts).pages == {"last": 1, "part": 2}


def test_a_figure_shrinks_to_end_a_page_rather_than_leave_it_half_empty(theme):
    figure = FigureBlock(ParagraphFormat(size=10, line_height=10), height=60, min_height=36, anchor="fig")
    flow = [lines_of(5), figure, lines_of(1, anchor="after")]
    # 50 used, 50 left: the 60-point figure is set 48 points tall on page 1 (the clearance left free).
    result = paginate(flow, PageGeometry(height=100), theme.fonts)
    assert result.figure_heights == {"fig": pytest.approx(50 - FIGURE_CLEARANCE)}
    assert result.pages["after"] == 2
    assert result.filled == [pytest.approx(100 - FIGURE_CLEARANCE), pytest.approx(10)]


def test_a_figure_that_would_end_its_page_to_the_hair_is_set_a_little_smaller(theme):
    """A word processor's rounding must not push such a figure, and all that follows, to the next page."""
    figure = FigureBlock(ParagraphFormat(size=10, line_height=10), height=60, min_height=36, anchor="fig")
    result = paginate([lines_of(4), figure, lines_of(1, anchor="after")], PageGeometry(height=100), theme.fonts)
    assert result.figure_heights == {"fig": pytest.approx(60 - FIGURE_CLEARANCE)}
    assert result.pages["after"] == 2
    roomy = paginate([lines_of(3), figure], PageGeometry(height=100), theme.fonts)
    assert roomy.figure_heights == {}


def test_a_figure_that_would_shrink_too_much_moves_whole(theme):
    figure = FigureBlock(ParagraphFormat(size=10, line_height=10), height=60, min_height=40, anchor="fig")
    result = paginate([lines_of(7), figure], PageGeometry(height=100), theme.fonts)
    assert result.figure_heights == {}
    assert result.page_count == 2
    assert result.filled == [pytest.approx(70), pytest.approx(60)]


def test_a_forced_break_is_recorded_with_the_page_it_ends(theme):
    forced = ParagraphFormat(size=10, line_height=10, page_break_before=True)
    flow = [lines_of(2), TextBlock(forced, (Span("Part"),), 80, anchor="part")]
    result = paginate(flow, PageGeometry(height=100), theme.fonts)
    assert result.forced == {1}
    assert result.filled == [pytest.approx(20), pytest.approx(10)]


def test_a_close_call_at_the_margin_gets_a_steadying_indent(metrics):
    text = "alpha beta gamma delta"
    exact = metrics.width(text, 10, False, False)
    block = TextBlock(BODY, (Span(text + " epsilon"),), width=exact + 0.1)
    # "delta" ends 0.1 pt inside the margin: another program may round it over.
    extra = steadying_indent([block], metrics)
    assert extra > 0.1
    assert break_lines(with_right_indent(block, extra), metrics) == ["alpha beta gamma ", "delta epsilon"]
    roomy = TextBlock(BODY, (Span(text + " epsilon"),), width=exact + 5)
    assert steadying_indent([roomy], metrics) == 0.0


def test_a_word_wider_than_a_line_breaks_after_its_last_slash_that_fits(metrics):
    url = "https://example.org/" + "/".join(["segment"] * 12)
    width = metrics.width("https://example.org/segment/segment/seg", 10, False, False)
    lines = break_lines(TextBlock(BODY, (Span(url),), width=width), metrics)
    assert lines[0] == "https://example.org/segment/segment/"
    assert "".join(lines) == url


def test_a_heading_goes_with_a_three_line_paragraph_that_cannot_split(theme):
    # 70 used; heading 20 + 10, two lines would fit but three lines split 2 + 1 (a widow) or 1 + 2 (an orphan).
    flow = [lines_of(7), TextBlock(HEADING, (Span("Heading"),), 80, anchor="h"), lines_of(3, anchor="p")]
    assert paginate(flow, PageGeometry(height=125), theme.fonts).pages == {"h": 2, "p": 2}
