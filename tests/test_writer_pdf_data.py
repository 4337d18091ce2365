"""Tables and charts in the PDF handout, read back with pdfplumber and pypdf as a reader's tools see them."""

from __future__ import annotations

import re
import subprocess

import pdfplumber
import pypdf
import pytest

from conftest import has_program


@pytest.fixture(scope="module")
def pdf(data_outputs):
    with pdfplumber.open(data_outputs / "tables-charts.pdf") as opened:
        yield opened


def words(page) -> list[str]:
    return [w["text"] for w in page.extract_words(vertical_ttb=False)]


def text_of(page) -> str:
    return " ".join(words(page))


def page_with(pdf, phrase: str):
    return next(page for page in pdf.pages if phrase in text_of(page))


def test_no_chart_is_a_picture(data_outputs):
    reader = pypdf.PdfReader(data_outputs / "tables-charts.pdf")
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject", {})
        subtypes = {objects[name].get_object().get("/Subtype") for name in objects}
        assert "/Image" not in subtypes


def test_the_line_chart_is_drawn_with_axes_labels_and_a_legend(pdf):
    page = page_with(pdf, "Figure 1: Rail and sea freight by quarter")
    text = text_of(page)
    for label in ("2022 Q1", "2023 Q4", "Rail (kt)", "Sea (kt)", "thousand tonnes per quarter"):
        assert label in text, label
    ticks = [w for w in words(page) if w in ("0", "1", "2", "3", "4")]
    assert ticks[:5] == ["4", "3", "2", "1", "0"]
    # Two series lines of eight points each, drawn as vector paths.
    series = [c for c in page.curves if len(c["pts"]) == 8]
    assert len(series) == 2
    assert {tuple(round(v, 2) for v in c["stroking_color"]) for c in series} == {(0.12, 0.23, 0.37), (0.78, 0.53, 0.17)}


def test_the_bar_chart_draws_one_bar_per_category_with_its_value(pdf, data_brief):
    page = page_with(pdf, "Figure 3: Crossings by border post, 2023")
    bar = data_brief.sections[2].charts[1]
    text = text_of(page)
    for category in bar.categories:
        assert category in text
    for label in ("1,250", "830", "610", "95", "40", "1,500", "crossings per year"):
        assert label in text
    navy = [r for r in page.rects if tuple(round(v, 2) for v in r["non_stroking_color"]) == (0.12, 0.23, 0.37)]
    lengths = sorted((r["width"] for r in navy if r["height"] > 5), reverse=True)[:5]
    values = [v.value for v in bar.series[0].values]
    assert [round(length / lengths[0], 3) for length in lengths] == [round(v / values[0], 3) for v in values]


def test_the_pie_is_drawn_as_curved_slices_labelled_with_their_shares(pdf):
    page = page_with(pdf, "Figure 2: Freight by route, 2023")
    slices = [c for c in page.curves if c.get("fill")]
    assert len(slices) >= 4
    for label in ("Rail", "Sea", "Road", "Air", "48%", "27%", "21%", "4%"):
        assert label in words(page)


def test_each_chart_carries_its_alt_text_as_marked_content_and_as_text_before_its_labels(data_outputs, pdf,
                                                                                         data_brief):
    alts = [" ".join(c.alt.split()) for s in data_brief.sections for c in s.charts]
    reader = pypdf.PdfReader(data_outputs / "tables-charts.pdf")
    marked = []
    for page in reader.pages:
        stream = page.get_contents().get_data()
        marked += [bytes.fromhex(m.decode()).decode("utf-16-be")
                   for m in re.findall(rb"/Span <</Alt <FEFF([0-9A-F]+)>>> BDC", stream)]
    assert marked == alts
    page = page_with(pdf, "Figure 2: Freight by route, 2023")
    text = text_of(page)
    assert alts[1] in text
    assert text.index(alts[1]) < text.index("48%")
    # Invisible (render mode 3): the page shows no more ink than without it.
    described = [c for c in page.chars if c["text"] == "P" and c["size"] < 4]
    assert described and all(c["top"] < min(s["top"] for s in page.curves if s.get("fill")) for c in described)


def test_a_long_table_repeats_its_header_on_every_page_and_keeps_numbers_as_written(pdf, data_brief):
    table = data_brief.sections[0].tables[0]
    pages = [page for page in pdf.pages if "Jan 2022" in text_of(page) or "Apr 2024" in text_of(page)]
    assert len(pages) == 2
    for page in pages:
        assert "Month Tonnes Share of capacity (%) Route" in text_of(page)
    text = " ".join(text_of(page) for page in pages)
    for row in table.rows:
        assert " ".join(cell.text if hasattr(cell, "value") else cell.plain() for cell in row) in text
    assert "Table 1: Freight by month and route, 2022–2024" in text_of(pages[0])
    assert "Port and rail records; estimates for 2024 [1]." in text_of(pages[1])


def test_numbers_are_right_aligned_in_their_column(pdf):
    page = page_with(pdf, "Jan 2022")
    found = [w for w in page.extract_words() if w["text"] in ("400", "1130", "13.3", "37.7")]
    rights = {w["text"]: round(w["x1"], 1) for w in found}
    assert rights["400"] == rights["1130"]
    assert rights["13.3"] == rights["37.7"]


def test_chart_labels_use_only_the_embedded_fonts_and_the_fallback_for_hangul(tmp_path, theme):
    from test_writer_pdf import fonts_used

    from report_builder.validate import load_brief
    from report_builder.writers.pdf import render

    path = tmp_path / "brief.yaml"
    path.write_text("title: T\ndate: 2024-04-15\nsections:\n  - title: S\n    chart:\n      type: column\n"
                    "      categories: [러시아, Россия, Korea]\n      series: [{name: 수량, values: [3, 2, 1]}]\n"
                    "      alt: Three columns.\n", encoding="utf-8")
    brief, _ = load_brief(path)
    target = tmp_path / "brief.pdf"
    render(brief, theme, target, lambda *args: None)
    for font in fonts_used(pypdf.PdfReader(target)):
        assert font["/Subtype"] == "/TrueType" and "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
    with pdfplumber.open(target) as opened:
        chars = [c for page in opened.pages for c in page.chars if c["text"] in "러시아"]
    assert len(chars) == 3 and all("NanumGothic" in c["fontname"] for c in chars)


@pytest.mark.skipif(not has_program("pdftoppm"), reason="needs poppler's pdftoppm")
def test_the_description_is_invisible_and_the_labels_after_it_are_not(data_outputs, pdf, tmp_path):
    """Rendered as a reader sees it: ink where a label is, none where the description lies."""
    from PIL import Image

    page = page_with(pdf, "Figure 1: Rail and sea freight by quarter")
    subprocess.run(["pdftoppm", "-png", "-r", "144", "-f", str(page.page_number), "-l", str(page.page_number),
                    str(data_outputs / "tables-charts.pdf"), str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("L")

    def darkest(box) -> int:
        x0, top, x1, bottom = (round(v * 2) for v in box)
        return image.crop((x0, top, x1 + 1, bottom + 1)).getextrema()[0]

    described = [c for c in page.chars if c["size"] < 4 and c["upright"]]
    assert "".join(c["text"] for c in described).startswith("Line chart: rail freight rose")
    assert darkest((min(c["x0"] for c in described), min(c["top"] for c in described),
                    max(c["x1"] for c in described), max(c["bottom"] for c in described))) > 250
    for label in ("2022", "Rail", "Sea"):
        word = next(w for w in page.extract_words(extra_attrs=["size"]) if w["text"] == label and w["size"] > 4)
        assert darkest((word["x0"], word["top"], word["x1"], word["bottom"])) < 160, label
