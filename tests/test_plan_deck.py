"""The deck plan: measured fitting, continuation slides, title shortening, the timeline's pages."""

from __future__ import annotations

import re

import pytest

from conftest import load_fixture
from report_builder.model import Citation, RichText, Text
from report_builder.plan.deck import CONTINUED, SlideKind, plan_deck
from report_builder.plan.deck_text import (
    MIN_BODY_SIZE, WORD_BUDGET, BodyStyle, Point, body_sizes, clean, display_text, fit_body, fit_title,
    first_sentence, split_bullets_to_fit, split_point,
)
from report_builder.plan.deck_layout import Role, slide_grid
from report_builder.plan.deck_timeline import MAX_PER_SLIDE
from report_builder.plan.measure import WIDTH_SAFETY, Box, Paragraph, Span, measurer_for

SENTENCE = "The partnership deepened quickly after the summit, although supply limits remain."


@pytest.fixture(scope="module")
def stress():
    return load_fixture("pptx/stress.yaml")


@pytest.fixture(scope="module")
def stress_deck(stress, theme):
    return plan_deck(stress, theme)


@pytest.fixture(scope="module")
def measurer(theme):
    return measurer_for(theme.fonts)


@pytest.fixture
def style(theme):
    return BodyStyle(20, theme.colors.text, theme.colors.accent, theme.colors.link)


def words(text: str) -> str:
    return " ".join(text.split())


def section_slides(deck, title):
    return [s for s in deck.slides if s.kind is SlideKind.CONTENT and s.title in (title, title + CONTINUED)]


# Measuring


def test_widths_come_from_the_liberation_sans_files(measurer):
    # Liberation Sans (Arial's metrics): 'H' advances 1479/2048 em, 'i' 455/2048.
    assert measurer.width("H", 20) == pytest.approx(1479 / 2048 * 20)
    assert measurer.width("i", 10) == pytest.approx(455 / 2048 * 10)
    assert measurer.width("Washington", 10, bold=True) > measurer.width("Washington", 10)


def test_hangul_is_measured_with_the_fallback_at_least_one_em(measurer):
    assert measurer.width("한", 10) >= 10
    assert measurer.width("🚀", 10) == pytest.approx(13)


def test_wrapping_breaks_at_spaces_only(measurer):
    para = Paragraph((Span("alpha beta gamma delta epsilon"),), 20)
    width = measurer.width("alpha beta gamma", 20) / WIDTH_SAFETY + 1
    assert measurer.lines(para, width) == ["alpha beta gamma", "delta epsilon"]
    hyphenated = Paragraph((Span("well-known-long-word"),), 20)
    width = measurer.width("well-known-lo", 20) / WIDTH_SAFETY
    assert measurer.lines(hyphenated, width) == ["well-known-", "long-word"]


# Splitting rules


def test_points_that_fit_stay_on_one_slide(measurer, style):
    box = Box(800, 300, 7.2, 3.6)
    points = [Point(RichText((Text(SENTENCE),))) for _ in range(3)]
    assert split_bullets_to_fit(points, box, box, style, measurer) == [tuple(points)]


def two_points_high(points, style, measurer, width=800) -> Box:
    """A box just tall enough for the first two points."""
    height = measurer.height([style.para(p, i == 0).measured() for i, p in enumerate(points[:2])], width - 14.4)
    return Box(width, height + 7.2 + 1, 7.2, 3.6)


def test_a_point_that_does_not_fit_below_others_starts_the_next_slide(measurer, style):
    points = [Point(RichText((Text(f"{n}. {SENTENCE}"),))) for n in range(4)]
    box = two_points_high(points, style, measurer)
    pages = split_bullets_to_fit(points, box, box, style, measurer)
    assert [len(page) for page in pages] == [2, 2]
    assert all(point.bulleted for page in pages for point in page)


def test_a_bullet_longer_than_a_slide_is_split_at_a_sentence_boundary(measurer, style):
    box = Box(800, 140, 7.2, 3.6)
    long = RichText((Text(" ".join(f"Sentence {n} says something about the partnership." for n in range(30))),))
    pages = split_bullets_to_fit([Point(long)], box, box, style, measurer)
    assert len(pages) > 2
    for page in pages:
        assert display_text(page[0].text).endswith(".")
    assert [p.bulleted for page in pages for p in page] == [True] + [False] * (len(pages) - 1)
    assert " ".join(display_text(p.text) for page in pages for p in page) == display_text(long)


def test_a_single_sentence_longer_than_a_slide_is_split_at_a_word_boundary(measurer, style):
    box = Box(600, 90, 7.2, 3.6)
    text = " ".join(["supply"] * 200)

    def fits(point):
        return measurer.fits([style.para(point, True).measured()], box)

    head, tail = split_point(Point(RichText((Text(text),))), fits)
    assert display_text(head.text) + " " + display_text(tail.text) == text
    assert display_text(head.text).endswith("supply") and not tail.bulleted


def test_splitting_never_cuts_a_citation_or_markup(measurer, style):
    box = Box(500, 90, 7.2, 3.6)
    runs = []
    for n in range(20):
        runs += [Text("Claim number %d is " % n), Text("important", bold=True), Text(". "), Citation("x", n + 1),
                 Text(" ")]
    text = clean(RichText(tuple(runs)))
    pages = split_bullets_to_fit([Point(text)], box, box, style, measurer)
    pieces = [p.text for page in pages for p in page]
    assert all(isinstance(run, (Text, Citation)) for piece in pieces for run in piece.runs)
    assert sum(len(piece.citations) for piece in pieces) == 20
    assert " ".join(display_text(piece) for piece in pieces) == display_text(text)


def test_text_shrinks_only_to_avoid_a_continuation_slide(theme, measurer, style):
    grid = slide_grid(theme)
    box = Box(grid.content.width, 187, 7.2, 3.6)   # five lines fit at 20 pt, not at 22
    five = [Point(RichText((Text("Supply limits remain although the partnership deepened quickly."),)))
            for _ in range(5)]
    pages, fitted = fit_body(five, box, box, [22, 20, 18], style, measurer)
    assert len(pages) == 1 and 18 <= fitted.size < 22
    many = five * 3
    pages, fitted = fit_body(many, box, box, [22, 20, 18], style, measurer)
    assert len(pages) > 1 and fitted.size == 22


def test_body_sizes_never_go_below_18_points(theme):
    assert body_sizes(24) == [24, 22]
    assert body_sizes(16) == [18]
    assert body_sizes(16, 14) == [16, 14]
    assert min(body_sizes(theme.sizes.slide_body)) >= MIN_BODY_SIZE


def test_the_word_budget_splits_many_short_points_evenly(measurer, style):
    box = Box(900, 2000, 7.2, 3.6)
    points = [Point(RichText((Text("Five words in this point."),))) for _ in range(24)]
    pages = split_bullets_to_fit(points, box, box, style, measurer)
    counts = [sum(p.words for p in page) for page in pages]
    assert sum(counts) == 120 and len(pages) == 2 and counts == [60, 60]
    assert all(count <= WORD_BUDGET for count in counts)


def test_a_point_longer_than_the_budget_is_cut_into_even_parts_at_sentences(measurer, style):
    box = Box(900, 2000, 7.2, 3.6)
    text = " ".join(f"Sentence {n} has exactly six words." for n in range(20))
    pages = split_bullets_to_fit([Point(RichText((Text(text),)))], box, box, style, measurer)
    counts = [sum(p.words for p in page) for page in pages]
    assert counts == [42, 42, 36] or max(counts) - min(counts) <= 12
    assert all(count <= WORD_BUDGET for count in counts) and len(pages) == 2 or len(pages) == 3
    assert all(display_text(page[0].text).endswith(".") for page in pages)
    assert " ".join(display_text(p.text) for page in pages for p in page) == text


def test_titles_that_fit_are_kept_and_long_ones_shortened(theme, measurer):
    grid = slide_grid(theme)
    box = Box(grid.title.width, grid.title.height, 7.2, 3.6)
    sizes = [theme.sizes.slide_title, theme.sizes.slide_title - 4]
    assert fit_title("Background", box, sizes, 2, measurer) == ("Background", theme.sizes.slide_title, False)
    long = " ".join(["Extraordinarily long section heading"] * 12)
    shown, size, shortened = fit_title(long, box, sizes, 2, measurer, suffix=CONTINUED)
    assert shortened and shown.endswith("…" + CONTINUED) and size == sizes[-1]
    assert long.startswith(shown[: -len("…" + CONTINUED)])
    assert len(measurer.lines(Paragraph((Span(shown, True),), size), box.text_width)) <= 2


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis():
    text = RichText((Text("word " * 100),))
    assert first_sentence(text).plain() == "word " * 34 + "word …"


def test_first_sentence_keeps_markup_and_citations():
    text = RichText((Text("Russia needs "), Text("munitions", bold=True), Text(" now. Later text.")))
    assert first_sentence(text).plain() == "Russia needs munitions now."
    assert first_sentence(text).runs[1] == Text("munitions", bold=True)


# The whole deck


def test_every_frame_fits_its_box(stress_deck, measurer):
    for slide in stress_deck.slides:
        for frame in slide.frames:
            paras = [p.measured() for p in frame.paras]
            assert measurer.fits(paras, frame.box), (slide.title, frame.role, frame.text[:60])


def test_every_frame_lies_on_the_slide(stress_deck):
    page = stress_deck.grid.slide
    for slide in stress_deck.slides:
        for frame in slide.frames:
            assert frame.rect.inside(page), (slide.title, frame.role)


def test_body_text_is_never_below_the_minimum(stress_deck, theme):
    for slide in stress_deck.slides:
        for frame in slide.frames:
            if frame.role in (Role.BODY, Role.LABEL, Role.TITLE, Role.SUBTITLE):
                assert all(p.size >= theme.sizes.slide_body_min for p in frame.paras)


def test_long_sections_continue_with_cont_titles_and_lose_nothing(stress, stress_deck):
    section = stress.sections[0]
    slides = section_slides(stress_deck, section.title)
    assert len(slides) > 2
    assert [s.title for s in slides] == [section.title] + [section.title + CONTINUED] * (len(slides) - 1)
    assert [s.continued for s in slides] == [False] + [True] * (len(slides) - 1)
    shown = " ".join(display_text(p.text) for s in slides for p in s.points)
    assert words(shown) == words(" ".join(display_text(clean(b)) for b in section.bullets))
    body = " ".join(s.frame(Role.BODY).text for s in slides)
    assert words(body) == words(shown)


def test_section_notes_are_shared_among_its_slides_in_order(stress, stress_deck):
    from report_builder.plan.deck_text import sentences

    section = stress.sections[0]
    slides = section_slides(stress_deck, section.title)
    told = sentences(section.notes.plain())
    assert len(slides) > len(told) > 1
    # More slides than sentences: each slide carries the sentence that falls on its part, in order.
    assert all(slide.notes in told for slide in slides)
    order = [told.index(slide.notes) for slide in slides]
    assert order == sorted(order) and set(order) == set(range(len(told)))


def test_paragraph_only_sections_get_first_sentences_and_full_paragraphs_in_notes(stress, stress_deck):
    section = stress.sections[1]
    slide = section_slides(stress_deck, section.title)[0]
    assert [display_text(p.text) for p in slide.points] == [
        display_text(clean(first_sentence(p))) for p in section.paragraphs]
    assert slide.notes.startswith(section.notes.plain())
    for paragraph in section.paragraphs:
        assert paragraph.plain() in slide.notes
    assert "[@" not in slide.notes and "**" not in slide.notes


def test_a_too_long_title_is_shortened_and_given_whole_in_the_notes(stress, stress_deck):
    section = stress.sections[3]
    slide = section_slides(stress_deck, section.title)[0]
    shown = slide.frame(Role.TITLE).text
    assert shown.endswith("…") and len(shown) < len(section.title)
    assert f"Full title: {section.title}" in slide.notes
    agenda = " ".join(s.frame(Role.BODY).text for s in stress_deck.slides if s.kind is SlideKind.AGENDA)
    assert section.title in agenda


def test_chronology_pages_hold_every_development_in_date_order(stress, stress_deck):
    pages = [s for s in stress_deck.slides if s.kind is SlideKind.CHRONOLOGY]
    shown = [d for page in pages for d in page.developments]
    assert shown == sorted(stress.developments, key=lambda d: d.date.sort_key)
    assert len(shown) == 80
    assert all(len(page.developments) <= MAX_PER_SLIDE for page in pages)
    assert [p.title for p in pages] == ["Chronology"] + ["Chronology" + CONTINUED] * (len(pages) - 1)


def test_timeline_labels_do_not_overlap_and_stay_in_the_content_area(stress_deck):
    content = stress_deck.grid.content
    for slide in stress_deck.slides:
        labels = [f for f in slide.frames if f.role is Role.LABEL]
        for index, label in enumerate(labels):
            assert label.rect.inside(content)
            assert not any(label.rect.overlaps(other.rect) for other in labels[index + 1:])


def test_timeline_labels_show_dates_at_their_precision(stress, stress_deck):
    labels = [f.text for s in stress_deck.slides for f in s.frames if f.role is Role.LABEL]
    year_only = next(d for d in stress.developments if d.date.month is None)
    month_only = next(d for d in stress.developments if d.date.month and d.date.day is None)
    assert any(label.startswith(year_only.date.display() + "\n") for label in labels)
    assert any(label.startswith(month_only.date.display() + "\n") for label in labels)
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{4}", month_only.date.display())


def test_sources_are_numbered_like_the_citations(stress, stress_deck):
    slides = [s for s in stress_deck.slides if s.kind is SlideKind.SOURCES]
    assert len(slides) > 1
    text = "\n".join(s.frame(Role.BODY).text for s in slides)
    numbers = [int(n) for n in re.findall(r"^\[(\d+)\]", text, re.M)]
    assert numbers == [source.number for source in stress.sources]


def test_classification_on_every_slide_footer_and_number_on_all_but_the_title_slide(stress, stress_deck):
    cover = stress_deck.slides[0]
    assert [f.text for f in cover.frames if f.role is Role.BANNER] == [stress.classification] * 2
    assert cover.frame(Role.SLIDE_NUMBER) is None and cover.frame(Role.FOOTER) is None
    for number, slide in enumerate(stress_deck.slides[1:], start=2):
        banners = [f.text for f in slide.frames if f.role is Role.BANNER]
        assert banners == [stress.classification] * 2
        assert slide.frame(Role.SLIDE_NUMBER).text == str(number)
        assert slide.frame(Role.FOOTER).text.startswith("15 Apr 2024")


def test_the_image_keeps_its_aspect_ratio_beside_the_text(stress, stress_deck):
    from report_builder.plan.deck import Picture

    section = stress.sections[2]
    slide = section_slides(stress_deck, section.title)[0]
    picture = next(s for s in slide.shapes if isinstance(s, Picture))
    assert picture.alt == section.image.alt
    assert picture.rect.width / picture.rect.height == pytest.approx(400 / 250, rel=0.01)
    assert not picture.rect.overlaps(slide.frame(Role.BODY).rect)
    caption = slide.frame(Role.CAPTION)
    assert caption.rect.y >= picture.rect.bottom and caption.text == section.image.caption.plain()


def test_sentences_end_before_capitals_of_any_script_and_before_hangul():
    from report_builder.plan.deck_text import sentences

    text = "Первое предложение. Второе, e.g. с сокращением. 첫 문장입니다. 두 번째 문장입니다. Third [1] one."
    assert sentences(text) == [
        "Первое предложение.", "Второе, e.g. с сокращением.", "첫 문장입니다.", "두 번째 문장입니다.", "Third [1] one."]
    assert first_sentence(RichText((Text("Первое предложение. Второе."),))).plain() == "Первое предложение."
