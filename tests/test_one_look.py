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


def test_a_source_reads_the_same_in_every_output(word, deck, pdf_text, sample_brief):
    entries = [p.text for p in word.paragraphs if p.style.name == "Bibliography"]
    slides = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Sources")]
    deck_text = flat(" ".join(shape.text_frame.text for s in slides for shape in s.shapes
                              if shape.has_text_frame and shape != s.shapes.title))
    for entry, source in zip(entries, sample_brief.sources, strict=True):
        reference = source_reference(source).plain()
        assert entry == f"{source_label(source)}\t{reference}"
        assert f"{source_label(source)} {flat(reference)}" in deck_text
        assert f"{source_label(source)} {flat(reference)}" in pdf_text
    dated = next(s for s in sample_brief.sources if s.date and s.publisher and s.url)
    assert source_reference(dated).plain() == f"{dated.title}. {dated.publisher}, {dated.date.display()}. {dated.url}"


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
