"""The PDF summary, reopened with pypdf (and poppler/qpdf where installed): text, fonts, outline, links."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from conftest import FIXTURES, ROOT, has_program, run_cli
from report_builder.validate import load_brief

STRESS = FIXTURES / "pdf" / "stress.yaml"
UNCOVERED = FIXTURES / "pdf" / "uncovered.yaml"


def build_pdf(brief: Path, out: Path, *extra: str) -> Path:
    result = run_cli("build", str(brief), "--out", str(out), "--formats", "pdf", "--quiet", *extra)
    assert result.returncode == 0, result.stderr
    return out / f"{brief.stem}.pdf"


@pytest.fixture(scope="module")
def stress_pdf(tmp_path_factory) -> Path:
    return build_pdf(STRESS, tmp_path_factory.mktemp("stress"))


@pytest.fixture(scope="module")
def stress_brief():
    return load_brief(STRESS, "stress.yaml")[0]


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    return build_pdf(ROOT / "source" / "russia-dprk.yaml", tmp_path_factory.mktemp("sample"))


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Text with line breaks as spaces: wrapped lines read as one."""
    return re.sub(r"\s+", " ", text)


def headings(brief) -> list[str]:
    titles = [section.title for section in brief.sections]
    if brief.developments:
        titles.insert(brief.chronology_after + 1, "Chronology")
    return ["Key judgments"] * bool(brief.summary) + titles + ["Conclusions"] * bool(brief.conclusions) \
        + ["Sources"] * bool(brief.sources)


@pytest.mark.parametrize("which", ["sample", "stress"])
def test_the_text_holds_title_developments_conclusions_and_sources(which, request, sample_brief, stress_brief):
    path = request.getfixturevalue(f"{which}_pdf")
    brief = sample_brief if which == "sample" else stress_brief
    text = flat(" ".join(page_texts(path)))
    assert flat(brief.title) in text
    for development in brief.developments:
        assert flat(development.title.plain_without_citations()) in text
    for conclusion in brief.conclusions:
        assert flat(conclusion.text.plain()) in text
    for source in brief.sources:
        assert flat(source.title) in text


@pytest.mark.parametrize("which", ["sample", "stress"])
def test_every_page_says_page_x_of_y_and_carries_the_classification(which, request, sample_brief, stress_brief):
    brief = sample_brief if which == "sample" else stress_brief
    texts = page_texts(request.getfixturevalue(f"{which}_pdf"))
    assert len(texts) > 1
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {len(texts)}" in text
        assert text.count(brief.classification) == 2   # banner at the top and at the bottom


def test_a_hangul_and_cyrillic_title_is_extracted_as_written(stress_pdf):
    first = page_texts(stress_pdf)[0]
    assert 'Россия и КНДР — 러시아와 북한: <Partnership> & "Limits"' in flat(first)
    assert "Анна Петрова, 김민수, O'Brien & Sons" in first


def test_markup_characters_appear_literally(stress_pdf):
    text = flat(" ".join(page_texts(stress_pdf)))
    assert "Outlook & <Risks>." in text
    assert "Judgment one has <angle brackets> & an ampersand" in text
    assert "Первая встреча в Москве — 첫 회담 <A&B>" in text
    assert "&amp;" not in text and "&lt;" not in text


def test_extracted_text_keeps_its_spaces(sample_pdf):
    assert "Key judgments" in page_texts(sample_pdf)[0]
    if has_program("pdftotext"):
        text = subprocess.run(["pdftotext", str(sample_pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Key judgments" in text
        assert "Since Russia’s full-scale invasion of Ukraine" in text


def fonts_used(reader: PdfReader):
    """Every font dictionary in every page's resources, forms (the page numbers) included."""
    def walk(resources):
        resources = resources.get_object() if isinstance(resources, IndirectObject) else resources
        for font in (resources.get("/Font") or {}).values():
            yield font.get_object()
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                yield from walk(xobject["/Resources"])
    for page in reader.pages:
        yield from walk(page["/Resources"])


@pytest.mark.parametrize("which", ["sample", "stress"])
def test_every_font_is_embedded_truetype(which, request):
    path = request.getfixturevalue(f"{which}_pdf")
    names = set()
    for font in fonts_used(PdfReader(path)):
        assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
        names.add(font["/BaseFont"].split("+")[-1])
    expected = {"LiberationSans", "LiberationSans-Bold", "LiberationSans-Italic"}
    assert expected <= names
    assert ("NanumGothic" in names) == (which == "stress")
    if has_program("pdffonts"):
        rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        assert [line.split()[-5] for line in rows.splitlines()[2:]] == ["yes"] * (len(rows.splitlines()) - 2)


@pytest.mark.parametrize("which", ["sample", "stress"])
def test_the_outline_lists_every_heading_on_its_page(which, request, sample_brief, stress_brief):
    brief = sample_brief if which == "sample" else stress_brief
    reader = PdfReader(request.getfixturevalue(f"{which}_pdf"))
    assert [item.title for item in reader.outline] == headings(brief)
    for item in reader.outline:
        assert flat(item.title) in flat(reader.pages[reader.get_destination_page_number(item)].extract_text())


def test_metadata_comes_from_the_brief(stress_pdf, stress_brief):
    info = PdfReader(stress_pdf).metadata
    assert info["/Title"] == stress_brief.title
    assert info["/Author"] == "Анна Петрова, 김민수, O'Brien & Sons"
    assert info["/Subject"] == stress_brief.subtitle
    assert info["/Keywords"] == "Russia, DPRK"
    assert info["/CreationDate"] == "D:20240415120000+00'00'"
    assert info["/Creator"] == "report-builder"


def test_sources_and_citations_are_links(stress_pdf):
    reader = PdfReader(stress_pdf)
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    uris = {a["/A"]["/URI"] for a in annotations if "/URI" in a.get("/A", {})}
    assert "https://example.org/" + "a" * 300 in uris
    assert "https://example.org/articles/2?x=1&y=<2>" in uris
    internal = [a for a in annotations if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    assert internal, "citations [n] link to their source"


def test_the_same_brief_gives_the_same_bytes(stress_pdf, tmp_path):
    again = build_pdf(STRESS, tmp_path)
    assert again.read_bytes() == stress_pdf.read_bytes()


@pytest.mark.skipif(not has_program("qpdf"), reason="qpdf is not installed")
@pytest.mark.parametrize("which", ["sample", "stress"])
def test_qpdf_finds_no_structural_errors(which, request):
    result = subprocess.run(["qpdf", "--check", str(request.getfixturevalue(f"{which}_pdf"))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


@pytest.mark.skipif(not has_program("pdftoppm"), reason="pdftoppm is not installed")
def test_nothing_runs_into_the_right_margin(stress_pdf, tmp_path):
    """Long words, URLs and table cells wrap inside the column: the right margin stays blank."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "40", str(stress_pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(stress_pdf).pages)
    for png in pages:
        image = Image.open(png).convert("L")
        margin = round(20 / 25.4 * 40)          # 20 mm at 40 dpi
        strip = image.crop((image.width - margin + 2, 0, image.width, image.height))
        assert strip.getextrema()[0] > 245, png.name


def test_an_uncovered_character_is_a_warning_with_its_line(tmp_path):
    result = run_cli("build", str(UNCOVERED), "--out", str(tmp_path), "--formats", "pdf", "--quiet")
    assert result.returncode == 0
    fonts = "LiberationSans-Regular, NanumGothic-Regular"
    assert result.stderr.splitlines() == [
        f"{UNCOVERED}:10:12: warning: developments[0].title: '😀' (U+1F600) is in none of the PDF's fonts "
        f"({fonts}); the PDF shows a box instead",
        f"{UNCOVERED}:13:19: warning: developments[1].significance: '𝄞' (U+1D11E) is in none of the PDF's fonts "
        f"({fonts}); the PDF shows a box instead",
    ]
    text = " ".join(page_texts(tmp_path / "uncovered.pdf"))
    assert "A grinning face 😀 in a title" in text      # kept for copying and searching


def test_an_uncovered_character_in_a_plain_field_names_that_field_and_line(tmp_path):
    brief = tmp_path / "plain.yaml"
    brief.write_text(
        "date: 2024-04-15\ntitle: Plain ☃ title\nsections:\n  - id: one\n    title: Section ♞ one\n"
        "sources:\n  - id: s\n    title: Source\n    publisher: Press ⛄ agency\n",
        encoding="utf-8",
    )
    result = run_cli("build", str(brief), "--out", str(tmp_path / "out"), "--formats", "pdf", "--quiet")
    assert result.returncode == 0, result.stderr
    located = [line.split(" warning: ")[0] + " " + line.split(" warning: ")[1].split(":")[0]
               for line in result.stderr.splitlines() if "none of the PDF's fonts" in line]
    assert located == [f"{brief}:2:8: title", f"{brief}:5:12: sections[0].title", f"{brief}:9:16: sources[0].publisher"]


def test_with_strict_an_uncovered_character_writes_nothing(tmp_path):
    result = run_cli("build", str(UNCOVERED), "--out", str(tmp_path / "out"), "--formats", "pdf", "--strict")
    assert result.returncode == 2
    assert "developments[0].title: '😀' (U+1F600)" in result.stderr
    assert not (tmp_path / "out" / "uncovered.pdf").exists()


def test_a_full_handout_adds_paragraphs(stress_pdf, tmp_path):
    layout = tmp_path / "full"
    layout.mkdir()
    (layout / "theme.yaml").write_text("pdf:\n  handout: full\n", encoding="utf-8")
    full = build_pdf(STRESS, tmp_path / "out", "--layout", str(layout))
    paragraph = "A paragraph that only the full handout shows"
    assert paragraph in flat(" ".join(page_texts(full)))
    assert paragraph not in flat(" ".join(page_texts(stress_pdf)))

    def images(path):
        return sum(len(page.images) for page in PdfReader(path).pages)
    assert (images(stress_pdf), images(full)) == (1, 1)   # figures are in every handout



def test_a_paragraph_breaks_its_lines_once_per_width_and_as_reportlab_does(monkeypatch):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import paragraph as reportlab_paragraph

    from report_builder.writers.pdf_paragraph import Paragraph

    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
    text = "A sentence long enough to wrap onto several lines at any of the widths tried here. " * 4
    widths = (300, 300, 200, 200, 300)

    made = []

    def heights(kind) -> list:
        paragraph = kind(text, style)
        made.append(paragraph)
        return [(paragraph.wrap(width, 1e6), [part.wrap(width, 1e6) for part in paragraph.split(width, 40)])
                for width in widths]

    expected = heights(reportlab_paragraph.Paragraph)
    breaks = []
    original = reportlab_paragraph.Paragraph.breakLines
    monkeypatch.setattr(reportlab_paragraph.Paragraph, "breakLines",
                        lambda self, lines: breaks.append(self) or original(self, lines))
    assert heights(Paragraph) == expected
    assert sum(made[-1] is paragraph for paragraph in breaks) == 3   # at 300, at 200, at 300 again
