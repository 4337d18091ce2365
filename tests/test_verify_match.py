"""Finding the brief's text in extracted text the way a reader would recognise it."""

from __future__ import annotations

from report_builder.verify.match import Output, Unit, normalize


def pages(*texts: str, paged: bool = True, by_position: bool = True) -> Output:
    return Output([Unit(f"p. {n}", n, normalize(text)) for n, text in enumerate(texts, 1)],
                  paged=paged, by_position=by_position)


def where(output: Output, *pieces: str) -> list[str | None]:
    found = output.find_all([normalize(piece) for piece in pieces])
    return [None if f is None else (f.first.place if f.first == f.last else f"{f.first.place}–{f.last.place}")
            + (" shortened" if f is not None and f.shortened else "") for f in found]


def test_line_wrapping_hyphenation_soft_hyphens_and_ligatures_do_not_matter():
    output = pages("The relation-\nship moved from on-and-off to\nsteady; the ﬁrst sign was a\xadnother sum-\nmit.")
    assert where(output, "The relationship moved from on-and-off to steady; the first sign was another summit.") \
        == ["p. 1"]


def test_quotes_bullets_and_case_do_not_matter_but_words_do():
    output = pages("• “Kim’s visit” — A TURNING POINT")
    assert where(output, "\"Kim's visit\": a turning point") == ["p. 1"]
    assert where(output, "Kim's visit: a turning pint") == [None]


def test_a_paragraph_running_on_to_the_next_page_under_its_header():
    output = pages("Intro text. A long paragraph that begins here and",
                   "UNCLASSIFIED Page 2 of 3 continues on the next page after the banner. Next.")
    assert where(output, "A long paragraph that begins here and continues on the next page after the banner.") \
        == ["p. 1–p. 2"]


def test_a_title_shortened_with_an_ellipsis_counts_as_found():
    slides = Output([Unit("slide 1", 1, normalize("Russia and the DPRK: a long-term…"))], paged=False,
                    by_position=False)
    assert where(slides, "Russia and the DPRK: a long-term partnership or an ad-hoc deal?") == ["slide 1 shortened"]
    assert where(slides, "Russia and Iran") == [None]


def test_a_stray_later_word_does_not_stand_in_for_a_missing_heading():
    """'Outlook' the heading is gone; the word later in a source title must not count."""
    output = pages("Conclusions. The partnership will last a while. Sources. [1] Economic outlook for 2024.")
    found = where(output, "Outlook", "The partnership will last a while.", "Sources", "Economic outlook for 2024")
    assert found == [None, "p. 1", "p. 1", "p. 1"]


def test_within_a_slide_order_does_not_matter():
    slides = Output([Unit("slide 1", 1, normalize("Label B Label A")), Unit("slide 1 notes", 1, normalize("Notes")),
                     Unit("slide 2", 2, normalize("Title two"))], paged=False, by_position=False)
    assert where(slides, "Label A", "Label B", "Notes", "Title two") == ["slide 1", "slide 1", "slide 1 notes",
                                                                            "slide 2"]
