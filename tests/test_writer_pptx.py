"""The PowerPoint deck, reopened with python-pptx (and rendered by LibreOffice when it is installed)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from conftest import ROOT, SAMPLE, has_program, load_fixture
from report_builder.plan.deck import plan_deck
from report_builder.plan.measure import Box, Paragraph, Span, measurer_for
from report_builder.writers.pptx import default_template, render

EMU = 12700
SAMPLE_TITLES = [
    "Russia–DPRK Relations: Long-term or Ad-hoc?", "Agenda", "Key judgments",
    "Since 2022 an on-and-off relationship has turned into a steady partnership",
    "From Shoigu’s visit in July 2023 to the UN veto in March 2024, ties deepened fast",
    "Chronology", "Chronology (cont.)", "Chronology (cont.)",
    "Broad condemnation abroad, while China keeps silent and loses influence",
    "Mutual need drives the partnership, but it lacks real depth",
    "Mutual need drives the partnership, but it lacks real depth (cont.)",  # its table
    "Mutual need drives the partnership, but it lacks real depth (cont.)",  # its chart
    "Conclusions", "Sources",
]


@pytest.fixture(scope="module")
def stress():
    return load_fixture("pptx/stress.yaml")


@pytest.fixture(scope="module")
def stress_pptx(tmp_path_factory, stress, theme) -> Path:
    target = tmp_path_factory.mktemp("pptx") / "stress.pptx"
    warnings = []
    render(stress, theme, target, lambda *args: warnings.append(args))
    grouped = next(d for d in stress.developments if d.title.path == "developments[11].title")
    assert [(str(location), path, message) for location, path, message in warnings] == [(
        f"{grouped.title.location}", "developments[11].title",
        "too long for a timeline label; shortened on the slide, whole in the notes",
    ), (
        f"{stress.sections[3].location}", "sections[3].title",
        "too long for a slide title; shortened on the slide, whole in the speaker notes",
    )]
    return target


@pytest.fixture(scope="module")
def stress_deck(stress_pptx):
    return Presentation(str(stress_pptx))


@pytest.fixture(scope="module")
def sample_deck(sample_outputs):
    return Presentation(str(sample_outputs / "russia-dprk.pptx"))


def shape_text(shape) -> str:
    return shape.text_frame.text if shape.has_text_frame else ""


def slide_text(slide) -> str:
    return "\n".join(shape_text(shape) for shape in slide.shapes)


def measured(shape) -> tuple[list[Paragraph], Box]:
    """A text shape's paragraphs and box, read back from the XML the writer wrote."""
    body = shape.text_frame._txBody
    props = body.bodyPr
    assert props.get("lIns") == props.get("rIns") and props.get("tIns") == props.get("bIns")
    box = Box(shape.width / EMU, shape.height / EMU, int(props.get("lIns")) / EMU, int(props.get("tIns")) / EMU)
    paragraphs = []
    for p in body.findall(qn("a:p")):
        p_props = p.find(qn("a:pPr"))
        runs = [r for r in p if r.tag in (qn("a:r"), qn("a:fld"))]
        spans = tuple(Span(r.findtext(qn("a:t")), r.find(qn("a:rPr")).get("b") == "1",
                           r.find(qn("a:rPr")).get("i") == "1",
                           r.find(qn("a:rPr")).find(qn("a:hlinkClick")) is not None) for r in runs)
        size = max(int(r.find(qn("a:rPr")).get("sz")) for r in runs) / 100
        line = int(p_props.find(qn("a:lnSpc")).find(qn("a:spcPts")).get("val")) / 100
        before = int(p_props.find(qn("a:spcBef")).find(qn("a:spcPts")).get("val")) / 100
        paragraphs.append(Paragraph(spans, size, int(p_props.get("marL")) / EMU, before, line / size))
    return paragraphs, box


def text_shapes(deck):
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                yield number, slide, shape


@pytest.mark.parametrize("deck_name", ["sample_deck", "stress_deck"])
def test_every_text_box_fits_when_measured_again(request, deck_name, theme):
    deck = request.getfixturevalue(deck_name)
    measurer = measurer_for(theme.fonts)
    checked = 0
    for number, _, shape in text_shapes(deck):
        paragraphs, box = measured(shape)
        assert measurer.fits(paragraphs, box), (number, shape.name, shape.text_frame.text[:80])
        checked += 1
    assert checked > 5 * len(deck.slides)


def test_a_minimal_brief_gives_title_agenda_and_section_slides(tmp_path, theme):
    brief = load_fixture("pptx/minimal.yaml")
    render(brief, theme, tmp_path / "minimal.pptx", lambda *args: None)
    deck = Presentation(str(tmp_path / "minimal.pptx"))
    assert [s.shapes.title.text_frame.text for s in deck.slides] == [
        "Minimal brief", "Agenda", "Only a title", "Only notes"]
    measurer = measurer_for(theme.fonts)
    for _, slide, shape in text_shapes(deck):
        assert measurer.fits(*measured(shape))
    empty_section = deck.slides[2]
    assert [shape_text(s) for s in empty_section.shapes] == ["Only a title", "15 Apr 2024", "3"]
    assert empty_section.notes_slide.notes_text_frame.text == "Only a title"
    assert deck.slides[3].notes_slide.notes_text_frame.text == "The presenter says this."
    assert [shape_text(s) for s in deck.slides[0].shapes if s.has_text_frame] == ["Minimal brief", "15 Apr 2024"]


def test_text_boxes_keep_their_size_and_wrap(stress_deck):
    for _, _, shape in text_shapes(stress_deck):
        props = shape.text_frame._txBody.bodyPr
        assert props.find(qn("a:noAutofit")) is not None and props.find(qn("a:normAutofit")) is None
        assert props.get("wrap") == "square"


def test_slides_are_16_9_with_the_sample_titles_in_order(sample_deck, theme):
    assert sample_deck.slide_width == round(theme.slide_width_in * 72 * EMU)
    assert sample_deck.slide_height == round(theme.slide_height_in * 72 * EMU)
    assert [slide.shapes.title.text_frame.text for slide in sample_deck.slides] == SAMPLE_TITLES
    layouts = [slide.slide_layout.name for slide in sample_deck.slides]
    assert layouts[:2] == ["Title Slide", "Title and Content"] and layouts[5] == "Title Only"


def test_title_slide_shows_subtitle_date_authors_and_organization(sample_deck, sample_brief):
    text = slide_text(sample_deck.slides[0])
    for part in (sample_brief.title, sample_brief.subtitle, "15 Apr 2024", "Policy Analysis Team",
                 sample_brief.organization, sample_brief.classification):
        assert part in text


def test_every_section_title_and_development_is_on_a_slide(stress_deck, stress):
    text = " ".join(" ".join(slide_text(slide) for slide in stress_deck.slides).split())
    for section in stress.sections:
        assert section.title in text
    notes = " ".join(" ".join(slide.notes_slide.notes_text_frame.text.split())
                     for slide in stress_deck.slides if slide.has_notes_slide)
    for development in stress.developments:
        title = " ".join(development.title.plain().split())
        if title not in text:
            # Too long for its label: its first words end in an ellipsis, the notes have it whole.
            assert " ".join(title.split()[:4]) in text and title in notes
        assert development.date.display() in text


def test_no_raw_markup_reaches_the_slides(stress_deck):
    text = "\n".join(slide_text(slide) for slide in stress_deck.slides)
    assert "**" not in text and "[@" not in text and "](http" not in text
    assert "<&>" in text and "Markup-looking text stays literal: 2 < 3 > 1 & 'quotes'" in text


def test_notes_hold_section_notes_and_derived_paragraphs(stress_deck, stress):
    notes: dict[str, list[str]] = {}
    for slide in stress_deck.slides:
        title = slide.shapes.title.text_frame.text.removesuffix(" (cont.)")
        notes.setdefault(title, []).append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    long_bullets, paragraphs_only = stress.sections[0], stress.sections[1]
    told = " ".join(dict.fromkeys(notes[long_bullets.title]))
    assert " ".join(long_bullets.notes.plain().split()) == " ".join(told.split())
    assert all(notes[long_bullets.title])
    assert all(p.plain() in "\n\n".join(notes[paragraphs_only.title]) for p in paragraphs_only.paragraphs)
    chronology = notes["Chronology"][0]
    first = min(stress.developments, key=lambda d: d.date.sort_key)
    assert first.summary.plain() in chronology


def test_classification_on_every_slide_footer_and_number_on_all_but_the_title_slide(stress_deck, stress):
    cover = [shape_text(shape) for shape in stress_deck.slides[0].shapes]
    assert cover.count(stress.classification) == 2 and not any(t.startswith("15 Apr 2024 ·") for t in cover)
    assert not stress_deck.slides[0].shapes._spTree.findall(".//" + qn("a:fld"))
    for number, slide in enumerate(list(stress_deck.slides)[1:], start=2):
        texts = [shape_text(shape) for shape in slide.shapes]
        assert texts.count(stress.classification) == 2
        fields = slide.shapes._spTree.findall(".//" + qn("a:fld"))
        assert [(f.get("type"), f.findtext(qn("a:t"))) for f in fields] == [("slidenum", str(number))]
        assert any(t.startswith("15 Apr 2024 · Institute") for t in texts)


def test_citations_are_numbered_like_the_sources_slides(sample_deck, sample_brief):
    titles = [slide.shapes.title.text_frame.text for slide in sample_deck.slides]
    before = "\n".join(slide_text(s) for s in list(sample_deck.slides)[: titles.index("Sources")])
    sources = slide_text(list(sample_deck.slides)[titles.index("Sources")])
    for source in sample_brief.sources:
        assert f"[{source.number}] {source.title}" in sources
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", before)}
    assert cited == {source.number for source in sample_brief.sources if source.number in cited} != set()


def test_timeline_labels_do_not_overlap_and_stay_on_the_slide(stress_deck):
    width, height = stress_deck.slide_width, stress_deck.slide_height
    timelines = 0
    for slide in stress_deck.slides:
        labels = [s for s in slide.shapes if s.name.startswith("Timeline Label")]
        markers = [s for s in slide.shapes if s.name.startswith("Timeline Marker")]
        if not labels:
            continue
        timelines += 1
        assert len(labels) == len(markers) <= 6
        boxes = [(s.left, s.top, s.left + s.width, s.top + s.height) for s in labels + markers]
        for index, (x0, y0, x1, y1) in enumerate(boxes):
            assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height
            for a0, b0, a1, b1 in boxes[index + 1:]:
                assert not (x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1)
    assert timelines >= 80 // 6


def test_the_image_keeps_its_aspect_and_has_alt_text(stress_deck, stress):
    section = stress.sections[2]
    slide = next(s for s in stress_deck.slides if s.shapes.title.text_frame.text == section.title)
    picture = next(s for s in slide.shapes if s.shape_type == 13)
    assert picture._element.nvPicPr.cNvPr.get("descr") == section.image.alt
    with Image.open(section.image.path) as image:
        assert picture.width / picture.height == pytest.approx(image.width / image.height, rel=0.01)
    body = next(s for s in slide.shapes if s.is_placeholder and s.placeholder_format.idx == 1)
    assert body.left + body.width <= picture.left
    assert section.image.caption.plain() in slide_text(slide)


def test_core_properties_come_from_the_brief(sample_deck, sample_brief):
    props = sample_deck.core_properties
    assert props.title == sample_brief.title
    assert props.subject == sample_brief.subtitle
    assert props.author == "Policy Analysis Team"
    assert props.category == "UNCLASSIFIED"
    assert props.created.isoformat() == "2024-04-15T12:00:00" == props.modified.isoformat()
    assert props.revision == 1


def test_building_twice_gives_identical_parts(tmp_path, sample_brief, theme):
    contents = []
    for name in ("one.pptx", "two.pptx"):
        render(sample_brief, theme, tmp_path / name, lambda *args: None)
        with zipfile.ZipFile(tmp_path / name) as archive:
            contents.append({info.filename: archive.read(info) for info in archive.infolist()})
    assert contents[0] == contents[1]


def test_slides_and_notes_are_added_without_a_walk_over_every_slide(tmp_path, stress, theme, monkeypatch):
    from pptx.opc.package import OpcPackage, _Relationships

    walks = []
    original = OpcPackage.iter_parts

    def counted(self):
        walks.append(1)
        return original(self)

    monkeypatch.setattr(OpcPackage, "iter_parts", counted)
    searched = []
    matching = _Relationships._get_matching

    def searching(self, *args, **kwargs):
        searched.append(len(self))
        return matching(self, *args, **kwargs)

    monkeypatch.setattr(_Relationships, "_get_matching", searching)
    render(stress, theme, tmp_path / "deck.pptx", lambda *args: None)
    monkeypatch.undo()
    deck = Presentation(str(tmp_path / "deck.pptx"))
    noted = [slide for slide in deck.slides if slide.has_notes_slide]
    assert len(noted) > 10
    assert [slide.notes_slide.part.partname for slide in noted] == [
        f"/ppt/notesSlides/notesSlide{number}.xml" for number in range(1, len(noted) + 1)
    ]
    assert all(slide.notes_slide.part.related_part(
        next(r for r in slide.notes_slide.part.rels.values() if r.reltype.endswith("/slide")).rId
    ) is slide.part for slide in noted)
    assert len(walks) < len(noted) // 2, "the part graph is walked for every new part again"
    assert max(searched) < len(deck.slides), "a new slide's relationship is looked for among every slide's"
    assert [int(entry.get("id")) for entry in deck.slides._sldIdLst] == list(range(256, 256 + len(deck.slides)))


def test_a_template_lacking_a_layout_warns_and_borrows_the_default(tmp_path, sample_brief, theme):
    template = Presentation(str(default_template()))
    template.slide_layouts.remove(template.slide_layouts.get_by_name("Title Only"))
    template.slides.add_slide(template.slide_layouts.get_by_name("Blank"))
    template.save(str(tmp_path / "template.pptx"))
    warnings = []
    custom = dataclasses.replace(theme, template_pptx=tmp_path / "template.pptx")
    render(sample_brief, custom, tmp_path / "deck.pptx", lambda *args: warnings.append(args))
    assert [(str(loc), path, message) for loc, path, message in warnings] == [(
        f"{tmp_path / 'template.pptx'}:1:1", "template.pptx",
        "no slide layout named 'Title Only'; using the default template's 'Title Only' layout",
    )]
    deck = Presentation(str(tmp_path / "deck.pptx"))
    assert [s.shapes.title.text_frame.text for s in deck.slides] == SAMPLE_TITLES
    assert [s.slide_layout.name for s in deck.slides][5:8] == ["Title Only"] * 3
    assert "Title Only" in [layout.name for layout in deck.slide_layouts]


@pytest.mark.slow
@pytest.mark.skipif(not (has_program("soffice") and has_program("pdftotext")), reason="needs LibreOffice and poppler")
def test_libreoffice_renders_every_word_on_the_slide_and_inside_its_box(tmp_path, stress_pptx, stress, theme):
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(stress_pptx)], check=True, capture_output=True, timeout=300)
    html = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "stress.pdf"), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8", "replace")
    pages = re.findall(r"<page (.*?)</page>", html, re.S)
    deck = plan_deck(stress, theme)
    assert len(pages) == len(deck.slides)
    small = total = 0
    for page, slide in zip(pages, deck.slides):
        width, height = map(float, re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        words = [tuple(map(float, m[:4])) + (m[4],) for m in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)]
        for x0, y0, x1, y1, word in words:
            assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, (slide.title, word)
            # pdftotext's word boxes reach 0.35 em below the baseline, about 0.15 em more than the
            # glyphs: the last line's box may reach that far past the bottom of its text box.
            slack = max(1.0, 0.2 * (y1 - y0) / 1.3)
            assert any(f.rect.x - 1 <= x0 and x1 <= f.rect.right + 1 and f.rect.y - 1 <= y0
                       and y1 <= f.rect.bottom + slack for f in slide.frames), (slide.title, word)
            total += len(word)
            small += len(word) if (y1 - y0) / 1.3 < 11.9 else 0
        for index, (x0, y0, x1, y1, word) in enumerate(words):
            for a0, b0, a1, b1, other in words[index + 1:]:
                same_line = abs(y0 - b0) < 0.5 and abs(y1 - b1) < 0.5
                assert same_line or not (x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1), (slide.title, word, other)
    assert small / total < 0.25


def test_a_long_deck_keeps_finished_slides_as_bytes_not_trees(tmp_path):
    """Memory stays flat as slides are added: 600 slides took 220 MB when every slide's tree was kept."""
    import importlib.util
    import os
    import subprocess
    import sys

    spec = importlib.util.spec_from_file_location("build_speed", ROOT / "benchmarks" / "build_speed.py")
    build_speed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_speed)
    peaks = {}
    for times in (1, 12):
        brief = tmp_path / f"x{times}.yaml"
        brief.write_text(build_speed.scaled_brief(SAMPLE.read_text(encoding="utf-8"), times), encoding="utf-8")
        process = subprocess.Popen([sys.executable, "-m", "report_builder", "build", str(brief), "--formats", "pptx",
                                    "--jobs", "1", "--quiet", "--out", str(tmp_path / "out")], cwd=tmp_path)
        _, status, usage = os.wait4(process.pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        peaks[times] = usage.ru_maxrss / 1024
    slides = len(Presentation(str(tmp_path / "out" / "x12.pptx")).slides)
    assert slides > 120
    assert peaks[12] - peaks[1] < 20, f"{peaks[12] - peaks[1]:.0f} MB more for {slides} slides"
