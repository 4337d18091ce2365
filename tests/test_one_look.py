"""The three outputs agree in the small things: numbered conclusions, source entries, dates, the accent."""

from __future__ import annotations

import re

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from pptx import Presentation

from report_builder.plan.references import source_label, source_reference

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def word(sample_outputs):
    return docx.Document(str(sample_outputs / "russia-dprk.docx"))


@pytest.fixture(scope="module")
def deck(sample_outputs):
    return Presentation(str(sample_outputs / "russia-dprk.pptx"))


@pytest.fixture(scope="module")
def pdf_text(sample_outputs):
    """The handout's text in drawing order, so the two columns of sources read one after the other."""
    from pypdf import PdfReader

    return flat(" ".join(page.extract_text() for page in PdfReader(sample_outputs / "russia-dprk.pdf").pages))


def _level_format(document, paragraph) -> tuple[str, str]:
    numbering = document.part.numbering_part.element
    num_id = paragraph._p.pPr.numPr.numId.val
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    level = abstract.find(f"{W}lvl")
    return level.find(f"{W}numFmt").get(qn("w:val")), level.find(f"{W}lvlText").get(qn("w:val"))


def test_conclusions_are_numbered_1_2_3_in_every_output(word, deck, pdf_text, sample_brief):
    count = len(sample_brief.conclusions)
    listed = [p for p in word.paragraphs if p.style.name == "List Number"]
    assert len(listed) == count
    assert {_level_format(word, p) for p in listed} == {("decimal", "%1.")}

    for number, conclusion in enumerate(sample_brief.conclusions, 1):
        assert f"{number}. {conclusion.title}." in pdf_text

    slide = next(s for s in deck.slides if s.shapes.title.text_frame.text == "Conclusions")
    numbered = [p for shape in slide.shapes if shape.has_text_frame and shape != slide.shapes.title
                for p in shape.text_frame.paragraphs if p._p.find(f".//{{*}}buAutoNum") is not None]
    assert [p._p.find(".//{*}buAutoNum").get("startAt") for p in numbered] == [str(n) for n in range(1, count + 1)]
    # The slide shows each conclusion's title (the full text is in the notes, or follows it when it fits).
    assert [p.runs[0].text.strip().removesuffix(".") for p in numbered] == [c.title for c in sample_brief.conclusions]


def test_a_source_reads_the_same_in_every_output(word, deck, pdf_text, sample_brief, theme):
    entries = [p.text for p in word.paragraphs if p.style.name == "Bibliography"]
    slides = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Sources")]
    deck_text = flat(" ".join(shape.text_frame.text for s in slides for shape in s.shapes
                              if shape.has_text_frame and shape != s.shapes.title))
    for entry, source in zip(entries, sample_brief.sources, strict=True):
        reference = source_reference(source, theme.dates).plain()
        assert entry == f"{source_label(source)}\t{reference}"
        assert f"{source_label(source)} {flat(reference)}" in deck_text
        assert f"{source_label(source)} {flat(reference)}" in pdf_text
    dated = next(s for s in sample_brief.sources if s.date and s.publisher and s.url)
    assert source_reference(dated, theme.dates).plain() == f"{dated.title}. {dated.publisher}, {dated.date.display()}. {dated.url}"


def test_the_key_judgments_accent_is_the_theme_accent_everywhere(word, deck, sample_outputs, theme):
    border = word.styles["Key Judgment"].element.find(f"{W}pPr/{W}pBdr/{W}left")
    assert border.get(qn("w:color")) == theme.colors.accent
    accent = tuple(int(theme.colors.accent[i:i + 2], 16) / 255 for i in (0, 2, 4))
    with pdfplumber.open(sample_outputs / "russia-dprk.pdf") as pdf:
        page = pdf.pages[0]
        heading = page.search("Key judgments")[0]
        bars = [line for line in page.lines if line["x0"] < heading["x0"] and line["top"] <= heading["top"] <= line["bottom"]]
        assert bars and all(tuple(round(c, 3) for c in bar["stroking_color"]) == tuple(round(c, 3) for c in accent)
                            for bar in bars)
    slide = next(s for s in deck.slides if s.shapes.title.text_frame.text == "Key judgments")
    colours = {el.get("val") for el in slide._element.iter("{*}buClr") for el in el.iter("{*}srgbClr")}
    assert colours == {theme.colors.accent}


@pytest.fixture(scope="module")
def month_first(tmp_path_factory):
    """The sample built with a layout whose dates read month first: (brief, output folder)."""
    from conftest import ROOT, run_cli
    from report_builder.validate import load_brief

    folder = tmp_path_factory.mktemp("month-first")
    layout = folder / "layouts" / "month-first"
    layout.mkdir(parents=True)
    (layout / "theme.yaml").write_text("dates: month-day-year\n", encoding="utf-8")
    brief = ROOT / "source" / "russia-dprk.yaml"
    result = run_cli("build", str(brief), "--out", str(folder / "out"), "--layout", str(layout), "--quiet")
    assert result.returncode == 0, result.stderr
    return load_brief(brief, "russia-dprk.yaml")[0], folder / "out"


def test_every_output_writes_dates_in_the_layouts_style(month_first):
    from pypdf import PdfReader

    from report_builder.dates import DateStyle

    brief, out = month_first
    style = DateStyle("month-day-year")
    assert style.show(brief.date) == "Apr 15, 2024"
    dated = [d for d in brief.developments if d.date.day]
    word = docx.Document(str(out / "russia-dprk.docx"))
    word_text = flat(" ".join([p.text for p in word.paragraphs]
                              + [c.text for t in word.tables for row in t.rows for c in row.cells]))
    pdf = flat(" ".join(page.extract_text() for page in PdfReader(out / "russia-dprk.pdf").pages))
    deck = Presentation(str(out / "russia-dprk.pptx"))
    deck_text = flat(" ".join([shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                               if shape.has_text_frame]
                              + [slide.notes_slide.notes_text_frame.text for slide in deck.slides
                                 if slide.has_notes_slide]))
    written = [cell.plain() if hasattr(cell, "plain") else cell.text
               for section in brief.sections for table in section.tables for row in table.rows for cell in row]
    for name, text in (("Word", word_text), ("PDF", pdf), ("deck", deck_text)):
        for cell in written:   # table cells show what the brief wrote
            text = text.replace(cell, "")
        assert style.show(brief.date) in text, name
        for development in dated:
            assert style.show(development.date) in text, (name, development.date)
        source = next(s for s in brief.sources if s.date and s.date.day)
        assert f"{source.publisher}, {style.show(source.date)}" in text, name
        # day first, and not a tick ("Mar 8") read together with the next label ("Mar 2024")
        assert not re.search(r"(?<![a-z] )\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b",
                             text), name


def test_an_unknown_date_style_is_a_located_error_with_a_suggestion(tmp_path):
    from conftest import ROOT, run_cli

    layout = tmp_path / "mine"
    layout.mkdir()
    (layout / "theme.yaml").write_text("page:\n  margin_mm: 20\ndates: month-day-yr\n", encoding="utf-8")
    result = run_cli("check", str(ROOT / "source" / "russia-dprk.yaml"), "--layout", str(layout))
    assert result.returncode == 2
    assert (f"{layout / 'theme.yaml'}:3:8: dates: 'month-day-yr' is not one of: day-month-year, month-day-year, iso; "
            "did you mean 'month-day-year'?") in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
