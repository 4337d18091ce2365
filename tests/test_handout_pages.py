"""The PDF handout as a reader holds it: how many pages, how full, what is on them, in which faces.

Read with pdfplumber (words, fonts, images and their positions), the way
the handout is judged: the sample fits four pages and does not end on a
near-empty one, figures are there and fill the column, timeline labels
never cut a word, bold Hangul is set in the bold face, the page-number
footer is drawn whole, and columns with nothing in them are left out.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import FIXTURES, ROOT, run_cli
from pages import read_pages
from report_builder.validate import load_brief

PRINT = FIXTURES / "print"
BRIEFS = {
    "sample": ROOT / "source" / "russia-dprk.yaml",
    "stress": FIXTURES / "pdf" / "stress.yaml",
    "images": PRINT / "images.yaml",
    "one-section": PRINT / "one-section.yaml",
    "bold-hangul": PRINT / "bold-hangul.yaml",
    "plain-chronology": PRINT / "plain-chronology.yaml",
    "deck-stress": FIXTURES / "pptx" / "stress.yaml",
    "data": FIXTURES / "data" / "tables-charts.yaml",
    "small-picture": PRINT / "small-picture.yaml",
}


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """Each brief's PDF, built as a user builds it, and what the build printed."""
    out = tmp_path_factory.mktemp("handouts")
    built = {}
    for name, brief in BRIEFS.items():
        result = run_cli("build", str(brief), "--out", str(out / name), "--formats", "pdf", "--quiet")
        assert result.returncode == 0, result.stderr
        built[name] = (out / name / f"{brief.stem}.pdf", result.stderr)
    return built


def pages_of(path: Path, theme) -> list:
    return read_pages(path, theme.margin_pt, theme.margin_pt)


def test_the_sample_fits_four_pages_and_its_last_page_is_not_a_runt(handouts, theme):
    pages = pages_of(handouts["sample"][0], theme)
    assert len(pages) <= 4
    assert pages[-1].fill >= 1 / 3


@pytest.mark.parametrize("which", ["stress", "images", "one-section", "plain-chronology", "deck-stress", "data"])
def test_no_handout_ends_on_a_page_less_than_a_third_full(which, handouts, theme):
    pages = pages_of(handouts[which][0], theme)
    assert len(pages) == 1 or pages[-1].fill >= 1 / 3, [round(p.fill, 2) for p in pages]


@pytest.mark.parametrize("which", ["sample", "stress", "images", "deck-stress", "data"])
def test_no_page_but_the_last_is_less_than_half_full(which, handouts, theme):
    """A heading over a paragraph longer than the rest of its page stays there with the paragraph's
    first lines (reportlab's keepWithNext would move both on, leaving the page half empty)."""
    pages = pages_of(handouts[which][0], theme)
    assert all(page.fill >= 0.5 for page in pages[:-1]), [round(p.fill, 2) for p in pages]


def running_lines(path: Path, size: float) -> list[dict]:
    """Lines of running text (set in the body size), with their characters and extent."""
    with pdfplumber.open(path) as pdf:
        return [line for page in pdf.pages for line in page.extract_text_lines(return_chars=True)
                if line["chars"] and abs(statistics.median(c["size"] for c in line["chars"]) - size) < 0.3]


@pytest.mark.parametrize("which", ["sample", "stress"])
def test_running_text_holds_about_75_to_90_characters_a_line(which, handouts, theme):
    """Full lines (those reaching the measure; a paragraph's last line aside) of key judgments, key points
    and conclusions; the timeline, tables and charts keep the full width."""
    lines = running_lines(handouts[which][0], theme.sizes.body)
    measure = theme.pdf_measure_em * theme.sizes.body
    assert measure < theme.page_size_pt[0] - 2 * theme.margin_pt - 40
    assert all(line["x1"] - line["x0"] <= measure + 0.5 for line in lines), measure
    full = sorted(len(line["text"]) for line in lines if line["x1"] - line["x0"] > measure - 45)
    assert len(full) >= 10
    assert 75 <= full[len(full) // 2] <= 90, full
    assert full[-1] <= 95, full
    with pdfplumber.open(handouts[which][0]) as pdf:
        widest = max(rect["x1"] for page in pdf.pages for rect in page.rects)
    assert widest == pytest.approx(theme.page_size_pt[0] - theme.margin_pt, abs=1)


@pytest.mark.parametrize("which", ["sample", "stress"])
def test_timeline_labels_end_only_after_whole_words(which, handouts):
    brief, _ = load_brief(BRIEFS[which], which)
    words = {w for d in brief.developments for w in d.title.plain_without_citations().split()}
    with pdfplumber.open(handouts[which][0]) as pdf:
        text = " ".join(page.extract_text() for page in pdf.pages)
    cut = [token for token in text.split() if token.endswith("…")]
    for token in cut:
        assert token[:-1] in words, token


def test_headlines_lead_their_sections(handouts, sample_brief):
    with pdfplumber.open(handouts["sample"][0]) as pdf:
        lines = [line["text"] for page in pdf.pages for line in page.extract_text_lines()]
    for section in sample_brief.sections:
        if section.headline:
            index = lines.index(section.title)
            assert lines[index + 1] == section.headline.plain()


def test_figures_are_in_the_handout_and_fill_the_column(handouts, theme):
    column = theme.page_size_pt[0] - 2 * theme.margin_pt
    with pdfplumber.open(handouts["images"][0]) as pdf:
        images = [image for page in pdf.pages for image in page.images]
        page_width = pdf.pages[0].width
    brief, _ = load_brief(BRIEFS["images"], "images")
    assert len(images) == len([s for s in brief.sections if s.image])
    for image in images:
        assert theme.margin_pt - 0.5 <= image["x0"] and image["x1"] <= page_width - theme.margin_pt + 0.5
    wide = [image for image in images if image["width"] > image["height"]]
    assert wide and all(image["width"] == pytest.approx(column, abs=0.5) for image in wide)


def test_a_section_of_prose_alone_is_set_as_prose_not_as_a_list(handouts):
    """Its paragraphs are the section's summary; bullets would make one paragraph read as a list of one."""
    with pdfplumber.open(handouts["one-section"][0]) as pdf:
        lines = [line["text"] for line in pdf.pages[0].extract_text_lines()]
    first = lines.index("Assessment") + 1
    assert lines[first].startswith("The port of Rajin handled")
    assert not any(line.startswith("•") for line in lines)


def test_a_small_picture_keeps_its_size_and_its_caption_is_centred_under_it(handouts, theme):
    with pdfplumber.open(handouts["small-picture"][0]) as pdf:
        page = pdf.pages[0]
        [image] = page.images
        caption = [line for line in page.extract_text_lines() if line["text"].startswith("The badge")]
    assert (image["width"], image["height"]) == (pytest.approx(48, abs=0.5), pytest.approx(32, abs=0.5))
    middle = page.width / 2
    assert (image["x0"] + image["x1"]) / 2 == pytest.approx(middle, abs=0.5)
    assert (caption[0]["x0"] + caption[0]["x1"]) / 2 == pytest.approx(middle, abs=1)


def test_bold_hangul_is_set_in_the_bold_face_and_a_missing_italic_is_a_warning(handouts):
    path, stderr = handouts["bold-hangul"]
    with pdfplumber.open(path) as pdf:
        faces = {}
        for char in pdf.pages[0].chars:
            faces.setdefault(char["fontname"].split("+")[-1], []).append(char["text"])
    assert "굵" in faces["NanumGothicBold"] and "기" in faces["NanumGothic"]
    assert "항" in faces["NanumGothicBold"], "a table's header row is bold in every script"
    assert "Ж" in faces["LiberationSans-Bold"] and "К" in faces["LiberationSans-Italic"]
    embedded = {font["/BaseFont"].split("+")[-1] for page in PdfReader(path).pages
                for font in page["/Resources"]["/Font"].values()}
    assert {"NanumGothic", "NanumGothicBold", "LiberationSans-Bold", "LiberationSans-Italic"} <= embedded
    assert stderr.splitlines() == [
        f"{BRIEFS['bold-hangul']}:5:11: warning: summary[0].text: '기울임 한국어' is italic, but the layout gives "
        "Malgun Gothic (NanumGothic in the PDF) no italic face: the PDF sets it in the regular face, and Word and "
        "PowerPoint synthesise one where the reader's Malgun Gothic has none; add an italic file to the layout's "
        "fonts.fallbacks[0]",
        f"{BRIEFS['bold-hangul']}:9:9: warning: sections[0].bullets[0]: '굵은 기울임' is bold italic, but the layout "
        "gives Malgun Gothic (NanumGothic in the PDF) no bold italic face: the PDF sets it in the bold face, and Word "
        "and PowerPoint synthesise one where the reader's Malgun Gothic has none; add a bold_italic file to the "
        "layout's fonts.fallbacks[0]",
    ]


def test_the_page_number_is_drawn_whole(handouts, theme):
    """The form holding 'Page X of Y' reaches below the baseline, so the descender of 'g' shows."""
    reader = PdfReader(handouts["sample"][0])
    for page in reader.pages:
        forms = [x.get_object() for x in page["/Resources"]["/XObject"].values()
                 if x.get_object().get("/Subtype") == "/Form"]
        assert forms
        for form in forms:
            x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
            assert y0 <= -0.25 * theme.sizes.small and y1 >= 0.75 * theme.sizes.small


def test_a_column_no_development_fills_is_left_out(handouts, sample_brief, tmp_path):
    with pdfplumber.open(handouts["plain-chronology"][0]) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert re.search(r"^Date Development$", text, re.M)
    assert "Significance" not in text
    with pdfplumber.open(handouts["sample"][0]) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert re.search(r"^Date Development Significance$", text, re.M)


@pytest.fixture(scope="module")
def institutional(tmp_path_factory):
    """The sample's handout in the institutional layout (larger serif type): (path, theme)."""
    from report_builder.layouts import builtin_layouts_dir
    from report_builder.theme import load_theme

    out = tmp_path_factory.mktemp("institutional")
    result = run_cli("build", str(BRIEFS["sample"]), "--out", str(out), "--formats", "pdf", "--layout",
                     "institutional", "--quiet")
    assert result.returncode == 0, result.stderr
    return out / "russia-dprk.pdf", load_theme(builtin_layouts_dir() / "institutional")


def test_the_institutional_handout_keeps_its_lines_measure_and_its_pages_full(institutional):
    path, theme = institutional
    pages = pages_of(path, theme)
    assert all(page.fill >= 0.5 for page in pages[:-1]) and pages[-1].fill >= 1 / 3, [p.fill for p in pages]
    measure = theme.pdf_measure_em * theme.sizes.body
    lines = running_lines(path, theme.sizes.body)
    full = sorted(len(line["text"]) for line in lines if line["x1"] - line["x0"] > measure - 45)
    assert len(full) >= 10 and 75 <= full[len(full) // 2] <= 90, full


def test_a_short_table_keeps_its_caption_rows_and_note_on_one_page(institutional):
    """Table 1 with its note, once split: its note alone at the top of the next page."""
    path, _ = institutional
    with pdfplumber.open(path) as pdf:
        texts = [page.extract_text() for page in pdf.pages]
    parts = ("Table 1:", "Containers of munitions shipped", "Countries that, with the EU",
             "Approximate figures are given as the sources round them.")
    pages = {part: [number for number, text in enumerate(texts) if part in text] for part in parts}
    assert len({tuple(found) for found in pages.values()}) == 1 and len(pages[parts[0]]) == 1, pages
