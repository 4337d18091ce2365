"""The deck as a briefing deck, read back with python-pptx: word budget, sizes, headlines, notes, timeline.

Decks built from the sample, from a brief with long content in several
scripts (stress), from one with headlines, titled and untitled judgments and
many short items (briefing), and on a 4:3 template made here with python-pptx.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn

from conftest import has_program, load_fixture
from report_builder.plan.deck import SlideKind, plan_deck
from report_builder.plan.deck_layout import Role, TemplateBoxes, slide_grid
from report_builder.plan.deck_text import WORD_BUDGET
from report_builder.plan.deck_timeline import Bar, Dot
from report_builder.plan.document import with_lead_in
from report_builder.plan.measure import Paragraph, Span, measurer_for
from report_builder.slide_template import read_template_boxes
from report_builder.writers.pptx import default_template, render

EMU = 12700
CHROME = ("Classification", "Footer", "Slide Number")
FIXTURE_BRIEFS = ("pptx/stress.yaml", "pptx/briefing.yaml", "pptx/pictures.yaml")


@pytest.fixture(scope="module")
def four_three(tmp_path_factory) -> Path:
    """python-pptx's own default template: 4:3, the usual layouts, a title box 90 pt tall."""
    path = tmp_path_factory.mktemp("template") / "template.pptx"
    Presentation().save(str(path))
    return path


@pytest.fixture(scope="module")
def decks(tmp_path_factory, sample_brief, theme, four_three):
    """name -> (brief, path of its built deck, theme it was built with)."""
    folder = tmp_path_factory.mktemp("decks")
    corporate = dataclasses.replace(theme, template_pptx=four_three)
    built = {}
    briefs = {"sample": sample_brief, **{name: load_fixture(name) for name in FIXTURE_BRIEFS}}
    for name, brief in briefs.items():
        for label, each in (("", theme), (" 4:3", corporate)):
            target = folder / f"{Path(name).stem}{label.strip().replace(':', '-')}.pptx"
            render(brief, each, target, lambda *args: None)
            built[name + label] = (brief, target, each)
    return built


DECKS = ["sample", "pptx/stress.yaml", "pptx/briefing.yaml", "sample 4:3", "pptx/briefing.yaml 4:3"]
SPLIT_DECKS = DECKS + ["pptx/stress.yaml 4:3", "pptx/pictures.yaml", "pptx/pictures.yaml 4:3"]
"""Decks that cut long text, for the tests of where it is cut."""


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def counted_shapes(slide):
    """Text shapes besides the title, the classification, the footer and the slide number."""
    title = slide.shapes.title
    for shape in slide.shapes:
        if not shape.has_text_frame or (title is not None and shape.shape_id == title.shape_id):
            continue
        if shape.name.startswith(CHROME):
            continue
        yield shape


def table_cells(slide):
    """The cells of the slide's tables: text a reader sees, though python-pptx keeps it out of text shapes."""
    return [cell for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]


def words(slide) -> int:
    return (sum(len(shape.text_frame.text.split()) for shape in counted_shapes(slide))
            + sum(len(cell.text_frame.text.split()) for cell in table_cells(slide)))


def sizes(shape) -> set[float]:
    return {run.font.size.pt for p in shape.text_frame.paragraphs for run in p.runs if run.font.size}


def cell_sizes(slide) -> set[float]:
    return {run.font.size.pt for cell in table_cells(slide) for p in cell.text_frame.paragraphs for run in p.runs
            if run.font.size}


def space_before(paragraph) -> float:
    """The space written before a paragraph, in points."""
    found = paragraph._p.find(".//" + qn("a:spcBef") + "/" + qn("a:spcPts"))
    return int(found.get("val")) / 100 if found is not None else 0.0


def notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def flat(text: str) -> str:
    return " ".join(text.split())


def is_body(shape) -> bool:
    return shape.name.startswith("Text") or (
        shape.is_placeholder and shape.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT))


# The word budget and the sizes


@pytest.mark.parametrize("name", DECKS)
def test_every_slide_but_the_title_and_sources_keeps_the_word_budget(decks, name):
    _, path, _ = decks[name]
    deck = Presentation(str(path))
    counts = {number: words(slide) for number, slide in enumerate(deck.slides, 1)
              if number > 1 and not title_of(slide).startswith("Sources")}
    assert counts and max(counts.values()) <= WORD_BUDGET, {n: c for n, c in counts.items() if c > WORD_BUDGET}


@pytest.mark.parametrize("name", DECKS)
def test_body_text_is_never_below_18_pt_labels_and_sources_never_below_14(decks, name):
    _, path, _ = decks[name]
    deck = Presentation(str(path))
    for number, slide in enumerate(deck.slides, 1):
        sources = title_of(slide).startswith("Sources")
        for shape in counted_shapes(slide):
            if not shape.text_frame.text.strip():
                continue   # a timeline bar or marker
            found = sizes(shape)
            assert found, (number, shape.name)
            if is_body(shape) and number > 1 and not sources:
                assert min(found) >= 18, (number, shape.name, found)
            else:
                assert min(found) >= 14, (number, shape.name, found)
        assert min(cell_sizes(slide), default=18) >= 18, (number, "table", cell_sizes(slide))


def test_text_that_does_not_fit_continues_at_full_size_rather_than_shrinking(decks):
    brief, path, theme = decks["pptx/briefing.yaml"]
    deck = Presentation(str(path))
    ports = brief.sections[1]
    slides = [s for s in deck.slides if title_of(s).startswith(ports.headline.plain())]
    assert len(slides) > 1
    assert [title_of(s) for s in slides[1:]] == [ports.headline.plain() + " (cont.)"] * (len(slides) - 1)
    shown = [flat(p.text) for s in slides for shape in counted_shapes(s) if is_body(shape)
             for p in shape.text_frame.paragraphs]
    assert shown == [b.plain() for b in ports.bullets]
    assert {size for s in slides for shape in counted_shapes(s) if is_body(shape) for size in sizes(shape)} == {
        theme.sizes.slide_body}


# Headlines and judgments


def text_height(shape, measurer) -> float:
    """The height of a text box's lines as a reader sees them: wrapped at its width, at its sizes and spacing."""
    width = shape.width / EMU - 2 * 7.2 - 2 * (10.0 if shape.fill.type is not None else 0.0)
    height = 0.0
    for index, paragraph in enumerate(shape.text_frame.paragraphs):
        [size] = {run.font.size.pt for run in paragraph.runs}
        measured = Paragraph((Span(paragraph.text),), size)
        height += len(measurer.lines(measured, width - 1.6 * size)) * size * 1.3
        height += space_before(paragraph) if index else 0.0
    return height


@pytest.mark.parametrize("name", ["sample", "pptx/briefing.yaml", "sample 4:3", "pptx/briefing.yaml 4:3"])
def test_slides_of_a_few_short_points_are_spaced_and_balanced_not_left_half_empty(decks, name):
    """Agenda, key judgments and conclusions that take little room are spaced out and stand in the
    upper middle of the content area: as much room under them as above, give or take a fifth of it."""
    brief, path, theme = decks[name]
    deck = Presentation(str(path))
    content = slide_grid(theme, read_template_boxes(theme.template_pptx or default_template())).content
    measurer = measurer_for(theme.fonts)
    checked = 0
    for slide in deck.slides:
        if title_of(slide) not in ("Agenda", "Key judgments", "Conclusions"):
            continue
        [body] = [shape for shape in counted_shapes(slide) if shape.text_frame.text.strip()]
        padding = 3.6 + (10.0 if body.fill.type is not None else 0.0)
        top = body.top / EMU + padding
        bottom = top + text_height(body, measurer)
        above, below = top - content.y, content.bottom - bottom
        assert above >= -1 and below >= -1, (title_of(slide), above, below)
        assert above <= below + 1 and below <= above + content.height * 0.25, (title_of(slide), above, below)
        assert min(sizes(body)) >= 18 and words(slide) <= WORD_BUDGET
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("name", ["pptx/briefing.yaml", "sample"])
def test_sources_are_set_as_large_as_one_slide_allows_and_never_below_14_pt(decks, name):
    """A short list of sources reads like the rest of the deck; a long one may go down to 14 pt."""
    brief, path, theme = decks[name]
    deck = Presentation(str(path))
    slides = [slide for slide in deck.slides if title_of(slide).startswith("Sources")]
    found = {size for slide in slides for shape in counted_shapes(slide) for size in sizes(shape)}
    assert min(found) >= 14
    if len(brief.sources) <= 3:
        assert len(slides) == 1 and found == {theme.sizes.slide_body}


def test_a_whole_table_alone_stands_balanced_and_a_split_one_keeps_its_header_in_place(tmp_path, theme):
    """A short whole table on its own slide stands in the upper middle of the content area, not under the title
    over an empty half; the parts of a table split over slides all start at the same height."""
    brief = load_fixture("data/tables-charts.yaml")
    target = tmp_path / "tables.pptx"
    render(brief, theme, target, lambda *args: None)
    deck = Presentation(str(target))
    content = slide_grid(theme, read_template_boxes(default_template())).content
    whole, split_tops = 0, set()
    for slide in deck.slides:
        tables = [shape for shape in slide.shapes if shape.has_table]
        if not tables:
            continue
        captions = [shape for shape in counted_shapes(slide) if shape.text_frame.text.startswith("Table")]
        top = min(shape.top for shape in tables + captions) / EMU
        bottom = max(shape.top + shape.height for shape in slide.shapes if shape.has_table
                     or shape in counted_shapes(slide)) / EMU
        if any("(cont.)" in caption.text_frame.text for caption in captions) or "Monthly" in title_of(slide):
            split_tops.add(round(top, 1))
            continue
        above, below = top - content.y, content.bottom - bottom
        assert above <= below + 1 and below <= above + content.height * 0.25, (title_of(slide), above, below)
        whole += 1
    assert whole >= 1 and len(split_tops) == 1, split_tops


# Whole words


SOURCES = {"sample": Path(__file__).parent.parent / "source" / "russia-dprk.yaml"}
MADE_HERE = re.compile(r"\d+|cont|Agenda|Key|judgments|Chronology|Conclusions|Sources|Table|Figure|Full|title|"
                       r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")


def brief_words(name: str) -> set[str]:
    source = SOURCES.get(name) or Path(__file__).parent / "fixtures" / name
    return set(word_tokens(source.read_text(encoding="utf-8")))


def word_tokens(text: str) -> list[str]:
    return [w for w in re.split(r"[\s·\[\](){}\"“”‘’'.,;:!?…—–/<>&*#|•\\]+", text) if w]


@pytest.mark.parametrize("name", SPLIT_DECKS)
def test_no_slide_shows_a_word_cut_short(decks, name):
    """Every word a slide shows, its title slide's lines, footer and table cells included, is a word of the
    brief: a text cut to fit is cut between words, before its ellipsis."""
    deck = Presentation(str(decks[name][1]))
    known = brief_words(name.replace(" 4:3", ""))
    cut = []
    for number, slide in enumerate(deck.slides, 1):
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        texts += [cell.text_frame.text for cell in table_cells(slide)]
        cut += [(number, word) for text in texts for word in word_tokens(text)
                if word not in known and not MADE_HERE.fullmatch(word)]
    long_words = [(n, w) for n, w in cut if len(w) > 40]   # a word wider than any line has to be cut
    assert cut == long_words, cut


@pytest.mark.parametrize("name", SPLIT_DECKS)
def test_a_bullet_cut_between_slides_stays_one_paragraph_on_each(decks, name):
    """A cut bullet carries on at the top of the next slide; its parts never stand as two paragraphs on one."""
    deck = Presentation(str(decks[name][1]))
    for number, slide in enumerate(deck.slides, 1):
        if title_of(slide).startswith("Sources"):
            continue
        for shape in counted_shapes(slide):
            paragraphs = shape.text_frame.paragraphs
            unbulleted = [i for i, p in enumerate(paragraphs)
                          if p._p.find(".//" + qn("a:buNone")) is not None and p._p.find(".//" + qn("a:buChar")) is None
                          and p._p.find(".//" + qn("a:buAutoNum")) is None]
            bulleted = len(paragraphs) - len(unbulleted)
            assert not bulleted or unbulleted in ([], [0]), (number, shape.name, unbulleted)


def test_beside_a_picture_on_a_4_3_slide_long_bullets_fill_the_column_and_carry_on(decks):
    brief, path, theme = decks["pptx/pictures.yaml 4:3"]
    deck = Presentation(str(path))
    content = slide_grid(theme, read_template_boxes(theme.template_pptx)).content
    measurer = measurer_for(theme.fonts)
    beside = [slide for slide in deck.slides if any(shape.shape_type == 13 for shape in slide.shapes)]
    assert len(beside) == len(brief.sections)
    for slide in beside:
        [body] = [shape for shape in counted_shapes(slide) if is_body(shape) and shape.text_frame.text.strip()]
        [picture] = [shape for shape in slide.shapes if shape.shape_type == 13]
        assert body.left + body.width <= picture.left
        assert text_height(body, measurer) >= content.height * 0.55   # not a few lines and a half-empty column
        assert min(sizes(body)) >= 18 and words(slide) <= WORD_BUDGET
    following = deck.slides.index(beside[0]) + 1
    carried = deck.slides[following].shapes
    assert title_of(deck.slides[following]).endswith("(cont.)")
    body = next(shape for shape in counted_shapes(deck.slides[following]) if shape.text_frame.text.strip())
    first = body.text_frame.paragraphs[0].text
    last = next(s for s in counted_shapes(beside[0]) if is_body(s)).text_frame.paragraphs[-1].text
    assert flat(last + " " + first) in flat(brief.sections[0].bullets[0].plain())


# Notes


@pytest.mark.parametrize("name", DECKS)
def test_notes_behind_every_slide_but_the_title_agenda_and_sources(decks, name):
    _, path, _ = decks[name]
    deck = Presentation(str(path))
    for number, slide in enumerate(deck.slides, 1):
        title = title_of(slide)
        if number == 1 or title.startswith(("Agenda", "Sources")):
            continue
        assert notes(slide).strip(), (number, title)


@pytest.mark.parametrize("name", ["sample", "pptx/stress.yaml", "pptx/briefing.yaml"])
def test_notes_say_more_than_the_slide_where_the_brief_has_more(decks, name):
    brief, path, _ = decks[name]
    deck = Presentation(str(path))
    for section in brief.sections:
        if section.notes is None and not section.paragraphs:
            continue
        title = section.headline.plain() if section.headline else section.title
        for slide in (s for s in deck.slides if title_of(s).startswith(title)):
            shown = flat(" ".join(shape.text_frame.text for shape in counted_shapes(slide)))
            assert flat(notes(slide)) and flat(notes(slide)) != shown, title


def test_continuation_slides_carry_the_notes_for_their_part(decks):
    brief, path, _ = decks["pptx/briefing.yaml"]
    deck = Presentation(str(path))
    ports = brief.sections[1]
    parts = [notes(s) for s in deck.slides if title_of(s).startswith(ports.headline.plain())]
    assert len(parts) > 1 and all(parts) and len(set(parts)) == len(parts)
    assert flat(" ".join(parts)) == flat(ports.notes.plain())


def test_derived_points_keep_their_paragraphs_in_the_notes(decks):
    brief, path, _ = decks["pptx/briefing.yaml"]
    deck = Presentation(str(path))
    risks = brief.sections[2]
    slide = next(s for s in deck.slides if title_of(s) == risks.headline.plain())
    for paragraph in risks.paragraphs:
        assert flat(paragraph.plain()) in flat(notes(slide))


def test_the_title_slide_has_no_footer_or_slide_number(decks):
    for name in DECKS:
        _, path, _ = decks[name]
        cover = Presentation(str(path)).slides[0]
        assert not [s for s in cover.shapes if s.name.startswith(("Footer", "Slide Number"))], name
        assert not cover.shapes._spTree.findall(".//{*}fld")


# The timeline


def chronology(deck_plan):
    return [s for s in deck_plan.slides if s.kind is SlideKind.CHRONOLOGY]


def test_timeline_positions_are_proportional_to_dates_within_a_period(theme):
    brief = load_fixture("pptx/briefing.yaml")
    [page] = chronology(plan_deck(brief, theme))
    dots = sorted((s for s in page.shapes if isinstance(s, Dot)), key=lambda d: d.rect.x)
    axis = [s for s in page.shapes if isinstance(s, Bar) and s.rect.height > 20]
    centres = [d.rect.x + d.rect.width / 2 for d in dots]
    july_2, july_19 = (dt.date(2024, 7, 2), dt.date(2024, 7, 19))
    # 2 Jul and 19 Jul 2024 share a period; Aug 2023 and 30 Oct 2024 are cut off by breaks.
    assert len(axis) == 3
    period = next(a.rect for a in axis if a.rect.x <= centres[1] <= a.rect.right)
    assert period.x <= centres[2] <= period.right
    assert not period.x <= centres[0] <= period.right and not period.x <= centres[3] <= period.right
    ticks = [f for f in page.frames if f.role is Role.AXIS and period.x <= f.rect.x <= period.right]
    first, second = ticks[0], ticks[1]
    day = (second.rect.x - first.rect.x) / 7   # ticks a week apart: 1, 8, 15 Jul
    assert [f.text for f in ticks[:3]] == ["1 Jul 2024", "8 Jul", "15 Jul"]
    assert centres[2] - centres[1] == pytest.approx((july_19 - july_2).days * day, rel=0.01)
    assert centres[1] == pytest.approx(first.rect.x + 1.5 * day, rel=0.01)


def test_far_apart_periods_are_broken_and_months_stay_on_one_slide(sample_brief, theme):
    pages = chronology(plan_deck(sample_brief, theme))
    shown = [d for page in pages for d in page.developments]
    assert shown == list(sample_brief.developments)
    months = [{(d.date.year, d.date.month) for d in page.developments} for page in pages]
    for index, first in enumerate(months):
        for later in months[index + 1:]:
            assert not first & later
    first = pages[0]
    periods = [s for s in first.shapes if isinstance(s, Bar) and s.rect.height > 20]
    assert len(periods) == 3   # 2018-19, Feb 2022, 2023
    assert [f.text for f in first.frames if f.role is Role.AXIS][:2] == ["2018", "2019"]


@pytest.mark.parametrize("name", ["sample", "pptx/stress.yaml", "sample 4:3"])
def test_timeline_labels_are_legible_apart_and_use_the_slide_height(decks, name):
    brief, _, theme = decks[name]
    boxes = read_template_boxes(theme.template_pptx or default_template())
    plan = plan_deck(brief, theme, boxes)
    content = plan.grid.content
    lowest, highest = content.bottom, content.y
    for page in chronology(plan):
        frames = [f for f in page.frames if f.role in (Role.LABEL, Role.AXIS)]
        assert all(p.size >= 14 for f in frames for p in f.paras)
        for index, frame in enumerate(frames):
            assert frame.rect.inside(content), (page.title, frame.text)
            assert not any(frame.rect.overlaps(other.rect) for other in frames[index + 1:]), (page.title, frame.text)
            lowest, highest = min(lowest, frame.rect.y), max(highest, frame.rect.bottom)
        assert page.words <= WORD_BUDGET
    assert highest - lowest > content.height * 0.6


def timeline_slides(deck, brief):
    """(slide, the developments its notes tell) for each chronology slide of a built deck."""
    found = []
    for slide in deck.slides:
        if title_of(slide).startswith("Chronology"):
            told = flat(notes(slide))
            found.append((slide, [d for d in brief.developments
                                  if flat(f"{d.date.display()}: {d.title.plain()}") in told]))
    return found


@pytest.mark.parametrize("name", DECKS)
def test_every_period_of_a_timeline_axis_shows_a_date(decks, name):
    """A stretch of axis between two breaks carries at least one date: ticks alone would not say when it is."""
    brief, path, _ = decks[name]
    checked = 0
    for slide, _ in timeline_slides(Presentation(str(path)), brief):
        bars = [shape for shape in slide.shapes if shape.name.startswith("Timeline Bar")]
        axis = max(shape.height for shape in bars)
        periods = [bar for bar in bars if bar.height == axis]
        dates = [shape for shape in slide.shapes if shape.name.startswith("Timeline Date") and shape.text_frame.text]
        for period in periods:
            inside = [d for d in dates if period.left - 1 <= d.left and d.left + d.width <= period.left + period.width + 1
                      and period.top <= d.top + d.height / 2 <= period.top + period.height]
            assert inside, (title_of(slide), period.left / EMU)
            checked += 1
    assert checked >= 1


@pytest.mark.parametrize("name", DECKS)
def test_no_timeline_slide_is_left_with_one_or_two_developments(decks, name):
    brief, path, _ = decks[name]
    slides = timeline_slides(Presentation(str(path)), brief)
    counts = [len(told) for _, told in slides]
    assert sum(counts) == len(brief.developments)
    assert min(counts) >= min(3, len(brief.developments)), counts


def test_the_sample_chronology_keeps_months_together_on_three_balanced_slides(decks):
    brief, path, _ = decks["sample"]
    slides = timeline_slides(Presentation(str(path)), brief)
    assert [len(told) for _, told in slides] == [5, 5, 7]
    months = [{(d.date.year, d.date.month) for d in told} for _, told in slides]
    assert all(not a & b for index, a in enumerate(months) for b in months[index + 1:])


def test_a_crowded_timeline_slide_cuts_its_longest_title_short_and_keeps_it_whole_in_the_notes(decks):
    brief, path, _ = decks["sample"]
    last, _ = timeline_slides(Presentation(str(path)), brief)[-1]
    labels = [shape.text_frame.text for shape in last.shapes if shape.name.startswith("Timeline Label")]
    [longest] = [d for d in brief.developments if d.title.plain().startswith("Russian UN ambassador")]
    cut = [text for text in labels if "…" in text]
    assert len(cut) == 1 and "Russian UN ambassador hints at blocking action… [6]" in cut[0]
    assert longest.title.plain() not in " ".join(labels)
    assert flat(f"{longest.date.display()}: {longest.title.plain()}") in flat(notes(last))
    others = [d for d in brief.developments if d is not longest and d.date.year == 2024 and d.date.month >= 3]
    assert all(d.title.plain() in flat(" ".join(labels)) for d in others)


# Templates: the plan measures the template's real boxes


def test_the_template_reader_finds_slide_size_and_placeholder_boxes(four_three, theme):
    boxes = read_template_boxes(four_three)
    assert (boxes.width, boxes.height) == (720, 540)
    assert boxes.title.x == 36 and boxes.title.height == pytest.approx(90)
    assert boxes.body.y == pytest.approx(126) and boxes.body.bottom == pytest.approx(482.4, abs=0.1)
    assert boxes.footer.y == pytest.approx(500.5, abs=0.1)
    # The default template is made from the designed grid, so reading it back gives that grid.
    designed, read = slide_grid(theme), slide_grid(theme, read_template_boxes(default_template()))
    for name in ("slide", "top_banner", "title", "content", "bottom_row"):
        assert dataclasses.astuple(getattr(read, name)) == pytest.approx(dataclasses.astuple(getattr(designed, name)),
                                                                         abs=0.01), name
    assert read_template_boxes(Path(__file__)) is None


def test_a_grid_keeps_room_for_a_headline_in_a_short_title_box(theme):
    boxes = TemplateBoxes(720, 540, title=dataclasses.replace(slide_grid(theme).title, x=36, y=20, width=648,
                                                                height=60),
                          body=dataclasses.replace(slide_grid(theme).content, x=36, y=90, width=648, height=390))
    grid = slide_grid(theme, boxes)
    assert grid.title.y >= grid.top_banner.bottom and grid.title.height >= 90
    assert grid.content.y >= grid.title.bottom and grid.content.bottom == pytest.approx(480)


@pytest.mark.parametrize("name", ["sample 4:3", "pptx/briefing.yaml 4:3"])
def test_a_4_3_template_gives_a_4_3_deck_on_its_own_masters_that_fits(decks, name, four_three):
    brief, path, theme = decks[name]
    deck = Presentation(str(path))
    template = Presentation(str(four_three))
    assert (deck.slide_width, deck.slide_height) == (template.slide_width, template.slide_height)
    assert [layout.name for layout in deck.slide_layouts] == [layout.name for layout in template.slide_layouts]
    assert {slide.slide_layout.name for slide in deck.slides} <= {"Title Slide", "Title and Content", "Title Only"}
    measurer = measurer_for(theme.fonts)
    from test_writer_pptx import measured

    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            assert 0 <= shape.left and shape.left + shape.width <= deck.slide_width, (number, shape.name)
            assert 0 <= shape.top and shape.top + shape.height <= deck.slide_height, (number, shape.name)
            if shape.has_text_frame and shape.text_frame.text.strip():
                assert measurer.fits(*measured(shape)), (number, shape.name, shape.text_frame.text[:60])
    text = flat(" ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                         if shape.has_text_frame))
    for section in brief.sections:
        assert section.title in text
    for bullet in (b for s in brief.sections for b in s.bullets):
        assert flat(bullet.plain()) in text


@pytest.mark.slow
@pytest.mark.skipif(not (has_program("soffice") and has_program("pdftotext")), reason="needs LibreOffice and poppler")
def test_libreoffice_draws_the_4_3_deck_inside_the_slide_without_overlaps(tmp_path, decks):
    brief, path, _ = decks["sample 4:3"]
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    html = subprocess.run(["pdftotext", "-bbox", str(tmp_path / (path.stem + ".pdf")), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")
    pages = re.findall(r"<page (.*?)</page>", html, re.S)
    assert len(pages) == len(Presentation(str(path)).slides)
    for number, page in enumerate(pages, 1):
        width, height = map(float, re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        assert (width, height) == (720, 540)
        found = [tuple(map(float, m[:4])) + (m[4],) for m in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)]
        for index, (x0, y0, x1, y1, word) in enumerate(found):
            assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, (number, word)
            for a0, b0, a1, b1, other in found[index + 1:]:
                same_line = abs(y0 - b0) < 0.5 and abs(y1 - b1) < 0.5
                assert same_line or not (x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1), (number, word, other)


def test_the_title_slide_puts_the_title_where_the_template_puts_its_title(decks, four_three):
    _, path, _ = decks["sample 4:3"]
    cover = Presentation(str(path)).slides[0]
    box = read_template_boxes(four_three).cover_title
    title = cover.shapes.title
    assert (title.left / EMU, title.top / EMU, title.width / EMU) == pytest.approx((box.x, box.y, box.width), abs=0.01)
    below = [s for s in cover.shapes if s.has_text_frame and s.shape_id != title.shape_id
             and not s.name.startswith(CHROME)]
    assert below and all(s.top >= title.top + title.height and s.left == title.left for s in below)
