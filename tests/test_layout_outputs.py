"""The sample built with each shipped layout, and with reference documents and templates from elsewhere.

Outside-style files are made here the way users get them: pandoc's default
reference.docx, a document saved by LibreOffice, python-docx's (Word's)
default document, one whose styles carry an organisation's names, and a
corporate-looking PowerPoint template. Each build is reopened and checked
for what a reader sees: the look of the file it came from, every part of
the brief, and slide text that fits.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from pptx import Presentation
from pptx.dml.color import RGBColor as PptxColor
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pypdf import PdfReader

from conftest import SAMPLE, has_program, run_cli
from report_builder.layouts import builtin_layouts_dir, resolve_layout
from report_builder.plan.measure import measurer_for
from report_builder.theme import load_theme
from test_writer_pptx import measured, text_shapes

SHIPPED = sorted(p.name for p in builtin_layouts_dir().iterdir() if (p / "theme.yaml").is_file())
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build(project: Path, *args: str) -> tuple[Path, str]:
    result = run_cli("build", str(SAMPLE), "--out", str(project / "out"), *args, cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "out", result.stderr


def section_titles() -> list[str]:
    from report_builder.validate import load_brief

    brief, _ = load_brief(SAMPLE, "sample.yaml")
    return [section.title for section in brief.sections]


def heading_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.style_id == _heading_id(document)]


def _heading_id(document) -> str:
    return next(p.style.style_id for p in document.paragraphs if p.text == "Key judgments")


def check_every_part(out: Path) -> None:
    """Every section of the sample is in all three outputs."""
    document = docx.Document(str(out / "russia-dprk.docx"))
    headings = heading_texts(document)
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(str(out / "russia-dprk.pdf")).pages)
    deck = Presentation(str(out / "russia-dprk.pptx"))
    slide_titles = [slide.shapes.title.text_frame.text for slide in deck.slides if slide.shapes.title]
    for title in section_titles():
        assert title in headings
        assert title.split()[0] in pdf_text
        assert any(t.startswith(title[:20]) for t in slide_titles) or title in "\n".join(
            shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    assert headings[0] == "Key judgments" and headings[-2:] == ["Conclusions", "Sources"]


# Each shipped layout ---------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_the_sample_builds_with_each_shipped_layout(tmp_path, name):
    out, stderr = build(tmp_path, "--layout", name)
    theme = load_theme(resolve_layout(name, tmp_path), tmp_path)
    assert "warning" not in stderr
    check_every_part(out)

    document = docx.Document(str(out / "russia-dprk.docx"))
    fonts = document.styles.element.find(f"{W}docDefaults").find(f".//{W}rFonts")
    assert fonts.get(qn("w:ascii")) == theme.text_font.name
    heading = document.styles["Heading 1"]
    assert str(heading.font.color.rgb) == theme.colors.primary

    reader = PdfReader(str(out / "russia-dprk.pdf"))
    embedded = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any(font.startswith(theme.text_font.regular.stem.split("-")[0]) for font in embedded), embedded

    deck = Presentation(str(out / "russia-dprk.pptx"))
    template = Presentation(str(theme.template_pptx))
    assert [shape.name for shape in deck.slide_masters[0].shapes] == [s.name for s in template.slide_masters[0].shapes]
    cover = deck.slides[0].slide_layout
    assert [s.name for s in cover.shapes] == [s.name for s in template.slide_layouts.get_by_name("Title Slide").shapes]
    measurer = measurer_for(theme.fonts)
    for number, _, shape in text_shapes(deck):
        assert measurer.fits(*measured(shape)), (name, number, shape.name)
    runs = [r for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for r in p.runs]
    assert {r.font.name for r in runs} == {theme.text_font.name}


def test_the_institutional_layout_looks_different_from_the_default(tmp_path):
    default = load_theme(resolve_layout("default", tmp_path), tmp_path)
    institutional = load_theme(resolve_layout("institutional", tmp_path), tmp_path)
    assert institutional.text_font.name != default.text_font.name
    assert institutional.colors.primary != default.colors.primary
    assert institutional.template_pptx != default.template_pptx
    names = [s.name for s in Presentation(str(institutional.template_pptx)).slide_layouts.get_by_name("Title Slide").shapes]
    assert "Cover Band" in names


# Reference documents from elsewhere -------------------------------------------


def layout_with(project: Path, name: str, reference: Path | None = None, template: Path | None = None) -> Path:
    folder = project / "layouts" / name
    folder.mkdir(parents=True)
    if reference:
        shutil.copy(reference, folder / "reference.docx")
    if template:
        shutil.copy(template, folder / "template.pptx")
    return folder


def style_named(document, name: str):
    """A style by the name the file gives it (python-docx's lookup expects Word's lower-case names)."""
    return next(style for style in document.styles if style.name == name)


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


@pytest.mark.skipif(not has_program("pandoc"), reason="pandoc is not installed")
def test_pandocs_reference_docx_without_page_setup_uses_the_themes(tmp_path):
    reference = tmp_path / "pandoc-reference.docx"
    subprocess.run(["pandoc", "-o", str(reference), "--print-default-data-file", "reference.docx"], check=True)
    assert docx.Document(str(reference)).sections[0].page_width is None
    layout_with(tmp_path, "pandoc", reference)
    out, stderr = build(tmp_path, "--layout", "pandoc")
    check_every_part(out)
    document = docx.Document(str(out / "russia-dprk.docx"))
    section = document.sections[0]
    theme = load_theme(resolve_layout("default", tmp_path), tmp_path)
    assert round(section.page_width.pt, 1) == round(theme.page_size_pt[0], 1)
    assert round(section.left_margin.pt) == round(theme.margin_pt)
    assert style_named(document, "Heading 1").font.color.rgb == RGBColor(0x4F, 0x81, 0xBD)  # pandoc's own
    body = [p for p in document.paragraphs if p.style.name == "Body Text"]
    assert body and style_named(document, "Body Text").paragraph_format.space_before == Pt(9)
    assert warning_lines(stderr) == [
        "layouts/pandoc/reference.docx:1:1: warning: reference.docx: no style for "
        "List Bullet, List Number, Key Judgment, Key Point, Box Label, Lead, toc 1, Table Heading, Header, Footer, "
        "Classification; "
        "report-builder's own "
        "are used (add them to the reference document to restyle)",
        f"{tmp_path / 'layouts' / 'pandoc' / 'reference.docx'}:1:1: warning: reference.docx: its styles set text in "
        "Cambria (Normal, Body Text, Date and 15 more) and Calibri (Title, Subtitle, Heading 1 and 1 more), not in "
        "Arial, the layout's text font, with which the contents' page numbers are worked out: they may be off by a "
        "page where lines break differently; set Arial in the reference's styles, or name the reference's font, "
        "with its files, as the layout's fonts.text",
    ]


def python_docx_reference(path: Path) -> Path:
    """Word's default document, as python-docx ships it: Letter pages, Calibri, its own heading colours."""
    reference = docx.Document()
    reference.styles["Heading 1"].font.color.rgb = RGBColor(0x7B, 0x1E, 0x3C)
    reference.save(str(path))
    return path


def test_word_default_document_keeps_its_letter_pages_and_styles(tmp_path):
    layout_with(tmp_path, "word", python_docx_reference(tmp_path / "word.docx"))
    out, stderr = build(tmp_path, "--layout", "word")
    check_every_part(out)
    document = docx.Document(str(out / "russia-dprk.docx"))
    assert document.sections[0].page_width == Inches(8.5)
    assert style_named(document, "Heading 1").font.color.rgb == RGBColor(0x7B, 0x1E, 0x3C)
    judgments = [p for p in document.paragraphs if p.style.name == "Key Judgment"]
    assert len(judgments) == 5
    warnings = warning_lines(stderr)
    assert len(warnings) == 2 and "no style for Date, Author, Key Judgment" in warnings[0]
    assert "its styles set text in Cambria (Normal, Body Text, " in warnings[1]


@pytest.mark.slow
@pytest.mark.skipif(not has_program("soffice"), reason="LibreOffice is not installed")
def test_a_reference_saved_by_libreoffice(tmp_path):
    source = python_docx_reference(tmp_path / "source.docx")
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"), str(source)],
                   check=True, capture_output=True, timeout=180)
    saved = tmp_path / "lo" / "source.docx"
    styles = {s.name: s.style_id for s in docx.Document(str(saved)).styles if s.name}
    assert styles["Body Text"] == "TextBody" and styles["TOC Heading"] == "ContentsHeading"
    layout_with(tmp_path, "lo", saved)
    out, _ = build(tmp_path, "--layout", "lo")
    check_every_part(out)
    document = docx.Document(str(out / "russia-dprk.docx"))
    assert {p.style.style_id for p in document.paragraphs if p.style.name == "Body Text"} == {"TextBody"}
    assert style_named(document, "Heading 1").font.color.rgb == RGBColor(0x7B, 0x1E, 0x3C)


def test_styles_under_an_organisations_names_are_mapped(tmp_path):
    reference = docx.Document()
    renames = {"Heading 1": "ACME Heading 1", "Body Text": "ACME Body Text", "Title": "ACME Title",
               "Subtitle": "ACME Subtitle", "List Bullet": "ACME Bullets", "Caption": "ACME Caption"}
    for old, new in renames.items():
        reference.styles[old].name = new
    reference.styles["ACME Heading 1"].font.color.rgb = RGBColor(0x00, 0x66, 0x33)
    reference.save(str(tmp_path / "acme.docx"))
    layout_with(tmp_path, "acme", tmp_path / "acme.docx")
    out, stderr = build(tmp_path, "--layout", "acme")
    document = docx.Document(str(out / "russia-dprk.docx"))
    used = {p.style.name for p in document.paragraphs}
    # The sample's key points are boxed (Key Point), as each section has prose: no List Bullet is used.
    assert {"ACME Heading 1", "ACME Body Text", "ACME Title", "ACME Subtitle"} <= used
    assert not {"Heading 1", "Body Text", "Title", "List Bullet"} & used
    heading = document.styles["ACME Heading 1"]
    assert heading.font.color.rgb == RGBColor(0x00, 0x66, 0x33)
    assert heading.element.find(qn("w:pPr")).find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    assert [h for h in heading_texts(document) if h in section_titles()] == section_titles()
    warning = warning_lines(stderr)
    assert len(warning) == 2 and "its styles set text in Cambria" in warning[1]
    for mapped in ("Heading 1", "Body Text", "Title", "List Bullet, "):
        assert f" {mapped}" not in warning[0].split("no style for")[1]


# A corporate PowerPoint template ----------------------------------------------


def corporate_template(path: Path) -> Path:
    """A template unrelated to report-builder: python-pptx's default (4:3, Office theme) with a branded master."""
    prs = Presentation()
    master = prs.slide_masters[0]
    fill = master.background.fill
    fill.solid()
    fill.fore_color.rgb = PptxColor(0xF2, 0xF2, 0xEC)
    tree = master.shapes._spTree
    tree.append(parse_xml(
        f'<p:sp {nsdecls("p", "a")}><p:nvSpPr><p:cNvPr id="99" name="ACME Logo"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="8000000" y="100000"/><a:ext cx="1000000" cy="300000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="C00000"/></a:solidFill>'
        '</p:spPr></p:sp>'))
    prs.save(str(path))
    return path


def test_a_corporate_template_in_a_layout_folder_is_used(tmp_path):
    layout_with(tmp_path, "acme", template=corporate_template(tmp_path / "acme.pptx"))
    out, stderr = build(tmp_path, "--layout", "acme")
    check_every_part(out)
    deck = Presentation(str(out / "russia-dprk.pptx"))
    master = deck.slide_masters[0]
    assert "ACME Logo" in [shape.name for shape in master.shapes]
    assert str(master.background.fill.fore_color.rgb) == "F2F2EC"
    assert {slide.slide_layout.name for slide in deck.slides} <= {"Title Slide", "Title and Content", "Title Only",
                                                                  "Blank"}
    assert warning_lines(stderr) == []
    measurer = measurer_for(load_theme(resolve_layout("acme", tmp_path), tmp_path).fonts)
    for number, _, shape in text_shapes(deck):
        assert measurer.fits(*measured(shape)), (number, shape.name)


def test_layouts_export_gives_a_template_and_reference_that_build_the_same(tmp_path):
    result = run_cli("layouts", "export", "institutional", "layouts/house", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    exported = tmp_path / "layouts" / "house"
    assert (exported / "template.pptx").read_bytes() == (builtin_layouts_dir() / "institutional" / "template.pptx").read_bytes()
    original, _ = build(tmp_path, "--layout", "institutional")
    shutil.move(original, tmp_path / "original")
    copy, stderr = build(tmp_path, "--layout", "house")
    assert warning_lines(stderr) == []
    first = docx.Document(str(tmp_path / "original" / "russia-dprk.docx"))
    second = docx.Document(str(copy / "russia-dprk.docx"))
    assert [(p.style.name, p.text) for p in first.paragraphs] == [(p.style.name, p.text) for p in second.paragraphs]
    for name in ("Heading 1", "Body Text", "Key Judgment", "Title"):
        assert first.styles[name].font.size == second.styles[name].font.size
        assert first.styles[name].font.color.rgb == second.styles[name].font.color.rgb
    assert second.sections[0].page_width == first.sections[0].page_width
    assert second.sections[0].left_margin == first.sections[0].left_margin
    assert (PdfReader(str(copy / "russia-dprk.pdf")).pages[0].extract_text()
            == PdfReader(str(tmp_path / "original" / "russia-dprk.pdf")).pages[0].extract_text())


def office_scheme(deck) -> tuple[str, dict[str, str]]:
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    root = etree.fromstring(deck.slide_masters[0].part.part_related_by(RT.THEME).blob)
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    scheme = root.find(f".//{a}clrScheme")
    colors = {slot.tag.split("}")[1]: (slot.find(f"{a}srgbClr").get("val") if slot.find(f"{a}srgbClr") is not None
                                       else None) for slot in scheme}
    latin = root.find(f".//{a}majorFont/{a}latin").get("typeface")
    return scheme.get("name"), {**colors, "latin": latin}


def test_a_colour_changed_in_theme_yaml_recolours_the_shipped_templates_decorations(tmp_path):
    folder = tmp_path / "layouts" / "institutional"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text("colors: {primary: '003366', accent: 'CC6600'}\n", encoding="utf-8")
    out, _ = build(tmp_path, "--formats", "pptx", "--layout", "institutional")
    name, scheme = office_scheme(Presentation(str(out / "russia-dprk.pptx")))
    assert name == "Report Builder"
    assert (scheme["dk2"], scheme["accent2"], scheme["latin"]) == ("003366", "CC6600", "Times New Roman")
    shipped = office_scheme(Presentation(str(builtin_layouts_dir() / "institutional" / "template.pptx")))[1]
    assert shipped["dk2"] == "1B4D3E"


def test_a_users_own_template_keeps_its_office_theme(tmp_path):
    template = corporate_template(tmp_path / "acme.pptx")
    before = office_scheme(Presentation(str(template)))
    layout_with(tmp_path, "acme", template=template)
    out, _ = build(tmp_path, "--formats", "pptx", "--layout", "acme")
    assert office_scheme(Presentation(str(out / "russia-dprk.pptx"))) == before


def test_a_template_lacking_a_layout_is_named_as_the_user_keeps_it(tmp_path):
    """The warning names the template by its place in the project, not an absolute path."""
    template = Presentation(str(builtin_layouts_dir() / "default" / "template.pptx"))
    template.slide_layouts.remove(template.slide_layouts.get_by_name("Title Only"))
    template.save(str(tmp_path / "t.pptx"))
    layout_with(tmp_path, "lean", template=tmp_path / "t.pptx")
    _, stderr = build(tmp_path, "--layout", "lean", "--formats", "pptx")
    assert warning_lines(stderr) == [
        "layouts/lean/template.pptx:1:1: warning: template.pptx: no slide layout named 'Title Only'; "
        "using the default template's 'Title Only' layout"
    ]
