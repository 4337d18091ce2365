"""The Word brief, reopened with python-docx (and pandoc and LibreOffice when installed).

Each test asserts on what a reader of the file sees: heading styles and
texts, list numbering, table rows, links, citations, page furniture,
document properties, the table of contents and its page numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Length, Pt, RGBColor

from conftest import FIXTURES, load_fixture
from pages import read_pages, render_with_libreoffice, soffice
from report_builder.plan.document import plan_document, with_lead_in
from report_builder.theme import load_theme
from report_builder.writers.docx import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
slow = pytest.mark.slow
OUTLINE = FIXTURES / "docx" / "sample-outline.json"


def build(brief, theme, folder: Path, name: str = "brief.docx") -> tuple[Path, list[tuple]]:
    warnings: list[tuple] = []
    target = folder / name
    render(brief, theme, target, lambda location, path, message: warnings.append((location, path, message)))
    return target, warnings


@pytest.fixture(scope="module")
def sample_docx(sample_brief, theme, tmp_path_factory) -> Path:
    return build(sample_brief, theme, tmp_path_factory.mktemp("docx-sample"))[0]


@pytest.fixture(scope="module")
def stress_brief():
    return load_fixture("docx/stress.yaml")


@pytest.fixture(scope="module")
def stress_docx(stress_brief, theme, tmp_path_factory) -> Path:
    return build(stress_brief, theme, tmp_path_factory.mktemp("docx-stress"))[0]


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def expected_headings(brief, theme) -> list[str]:
    plan = plan_document(brief, theme)
    titles = [plan.summary_title] if plan.summary else []
    titles += [block.title for block in plan.blocks]
    titles += [plan.conclusions_title] if plan.conclusions else []
    titles += [plan.sources_title] if plan.sources else []
    return titles


def toc_entries(path: Path) -> list[tuple[str, str, int]]:
    """(text, bookmark, page) of each cached TOC entry."""
    body = docx.Document(str(path)).element.body
    entries = []
    for link in body.iter(f"{W}hyperlink"):
        anchor = link.get(qn("w:anchor"))
        if not anchor or not anchor.startswith("_Toc"):
            continue
        texts = [t.text for t in link.iter(f"{W}t")]
        entries.append(("".join(texts[:-1]), anchor, int(texts[-1])))
    return entries


def bookmarks_of(paragraph) -> list[str]:
    return [b.get(qn("w:name")) for b in paragraph._p.iter(f"{W}bookmarkStart")]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


# Structure ---------------------------------------------------------------


def test_title_block_comes_first_in_its_styles(sample_docx, sample_brief):
    document = docx.Document(str(sample_docx))
    first = [(p.style.name, p.text) for p in document.paragraphs[:4]]
    assert first == [
        ("Title", sample_brief.title),
        ("Subtitle", sample_brief.subtitle),
        ("Date", "15 Apr 2024"),
        ("Author", "Policy Analysis Team · Institute for Security & Development Policy"),
    ]


def test_sections_are_heading_1_paragraphs_in_plan_order(sample_docx, sample_brief, theme):
    document = docx.Document(str(sample_docx))
    assert headings(document) == json.loads(OUTLINE.read_text())["headings"]
    assert headings(document) == expected_headings(sample_brief, theme)


def test_bullets_are_word_list_paragraphs_with_bullet_numbering(sample_docx, sample_brief):
    document = docx.Document(str(sample_docx))
    numbering = document.part.numbering_part.element
    items = [p for p in document.paragraphs if p.style.name in ("List Bullet", "Key Judgment", "Key Point")]
    bullets = [b.plain() for s in sample_brief.sections for b in s.bullets]
    assert [p.text for p in items] == [with_lead_in(j).plain() for j in sample_brief.summary] + bullets
    for paragraph in items:
        num_id = paragraph._p.pPr.numPr.numId.val
        num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                        if a.get(qn("w:abstractNumId")) == abstract_id)
        assert abstract.find(f"{W}lvl/{W}numFmt").get(qn("w:val")) == "bullet"


def test_key_judgments_are_a_shaded_box(sample_docx, theme):
    document = docx.Document(str(sample_docx))
    style = document.styles["Key Judgment"]
    assert style.element.find(f"{W}pPr/{W}shd").get(qn("w:fill")) == theme.colors.summary_fill
    assert style.element.find(f"{W}pPr/{W}pBdr/{W}left") is not None


def test_chronology_is_one_row_per_development_in_date_order(sample_docx, sample_brief):
    document = docx.Document(str(sample_docx))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "Date"]
    header, *rows = table.rows
    assert [c.text for c in header.cells] == ["Date", "Development", "Significance"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
    dates = [row.cells[0].paragraphs[0].text for row in rows]
    assert dates == [d.date.display() for d in sample_brief.developments]
    assert dates[:3] == ["2018", "2019", "24 Feb 2022"]
    assert "Mar 2024" in dates
    # The title with its sources' numbers, as in the PDF; the summary under it.
    assert [row.cells[1].paragraphs[0].text for row in rows] == [
        d.title.plain() + (" " if d.sources else "") + "".join(f"[{c.number}]" for c in d.sources)
        for d in sample_brief.developments]
    assert [row.cells[1].paragraphs[1].text for row in rows if len(row.cells[1].paragraphs) > 1] == [
        d.summary.plain() for d in sample_brief.developments if d.summary]


def test_chronology_follows_the_section_that_asks_for_it(sample_docx):
    document = docx.Document(str(sample_docx))
    body = list(document.element.body)
    table_index = body.index(document.tables[0]._tbl)
    heading = [p for p in document.paragraphs if p.text == "Chronology"][0]
    assert body.index(heading._p) == table_index - 1
    previous_headings = [p.text for p in document.paragraphs
                         if p.style.name == "Heading 1" and body.index(p._p) < table_index]
    assert previous_headings[-2] == "Key Developments"


def test_citations_are_numbers_of_the_sources_list(sample_docx, sample_brief):
    document = docx.Document(str(sample_docx))
    entries = [p for p in document.paragraphs if p.style.name == "Bibliography"]
    assert [p.text.split("\t")[0] for p in entries] == [f"[{s.number}]" for s in sample_brief.sources]
    for paragraph, source in zip(entries, sample_brief.sources):
        assert source.title in paragraph.text
        assert bookmarks_of(paragraph) == [f"_Source{source.number}"]
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", all_text(document))}
    assert cited == {s.number for s in sample_brief.sources}
    body_links = {link.get(qn("w:anchor")) for link in document.element.body.iter(f"{W}hyperlink")}
    assert {f"_Source{s.number}" for s in sample_brief.sources} <= body_links


def test_source_urls_are_clickable_links(sample_docx, sample_brief):
    document = docx.Document(str(sample_docx))
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    urls = {s.url for s in sample_brief.sources if s.url}
    assert urls and urls <= targets
    linked_texts = [h.text for p in document.paragraphs for h in p.hyperlinks if h.url in urls]
    assert sorted(linked_texts) == sorted(urls)


def test_conclusions_are_their_own_section_with_bold_lead_ins(sample_docx, sample_brief):
    document = docx.Document(str(sample_docx))
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == "Conclusions")
    end = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and i > start)
    found = paragraphs[start + 1 : end]
    assert len(found) == len(sample_brief.conclusions)
    for paragraph, conclusion in zip(found, sample_brief.conclusions):
        assert paragraph.runs[0].bold and paragraph.runs[0].text.startswith(conclusion.title)
        assert paragraph.text.endswith(conclusion.text.plain())


def test_classification_heads_and_foots_every_page_with_page_x_of_y(sample_docx):
    document = docx.Document(str(sample_docx))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "UNCLASSIFIED"
    footer = section.footer.paragraphs[0]
    assert "UNCLASSIFIED" in footer.text
    instructions = [t.text.strip() for t in footer._p.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    pages = json.loads(OUTLINE.read_text())["pages"]
    assert footer.text.endswith(f"Page 1 of {pages}")


def test_page_setup_comes_from_the_theme(sample_docx, theme):
    section = docx.Document(str(sample_docx)).sections[0]
    assert section.page_width.pt == pytest.approx(theme.page_size_pt[0], abs=0.1)
    assert section.page_height.pt == pytest.approx(theme.page_size_pt[1], abs=0.1)
    assert section.top_margin.pt == pytest.approx(theme.margin_pt, abs=0.1)
    measure = theme.word_measure_em * theme.sizes.body
    assert section.page_width.pt - section.left_margin.pt - section.right_margin.pt == pytest.approx(measure, abs=0.1)
    assert section.left_margin.pt == pytest.approx(section.right_margin.pt, abs=0.05)


def test_the_measure_never_makes_margins_narrower_than_the_theme_says(sample_brief, tmp_path):
    layout = tmp_path / "wide"
    layout.mkdir()
    (layout / "theme.yaml").write_text("word:\n  measure_em: 80\n", encoding="utf-8")
    theme = load_theme(layout)
    section = docx.Document(str(build(sample_brief, theme, tmp_path)[0])).sections[0]
    assert section.left_margin.pt == pytest.approx(theme.margin_pt, abs=0.05)


def test_parts_flow_without_page_breaks_by_default(sample_docx):
    """The only page breaks pin a paragraph the plan kept with the next to the top of a page."""
    document = docx.Document(str(sample_docx))
    assert not document.element.body.xpath(".//w:br[@w:type='page']")
    for pinned in document.element.body.xpath(".//w:pPr[w:pageBreakBefore]"):
        assert pinned.find(f"{W}spacing").get(qn("w:before")) == "0"
        assert pinned.find(f"{W}pStyle").get(qn("w:val")) in ("Heading1", "BoxLabel", "Figure", "Title")
    heading = document.styles["Heading 1"].element
    assert heading.find(f"{W}pPr/{W}keepNext") is not None and heading.find(f"{W}pPr/{W}keepLines") is not None


def test_the_layout_names_the_parts_that_start_a_new_page(sample_brief, tmp_path):
    layout = tmp_path / "breaks"
    layout.mkdir()
    (layout / "theme.yaml").write_text("word:\n  page_breaks: [chronology, sources]\n", encoding="utf-8")
    document = docx.Document(str(build(sample_brief, load_theme(layout), tmp_path)[0]))
    breaking = [p.text for p in document.paragraphs if p._p.xpath("./w:pPr/w:pageBreakBefore")
                and not p._p.xpath("./w:pPr/w:spacing[@w:before='0']")]   # not a pinned heading
    assert breaking == ["Chronology", "Sources"]


def test_a_page_break_part_the_layout_does_not_know_is_a_located_error(tmp_path):
    from report_builder.errors import ContentError

    (tmp_path / "theme.yaml").write_text("word:\n  page_breaks: [chronology, appendix]\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_theme(tmp_path)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{tmp_path / 'theme.yaml'}:2:29: word.page_breaks[1]: 'appendix' is not one of: "
        "body, sections, chronology, conclusions, sources"
    ]


def test_key_points_are_a_labelled_shaded_box_before_the_prose(sample_docx, sample_brief, theme):
    document = docx.Document(str(sample_docx))
    paragraphs = document.paragraphs
    section = next(s for s in sample_brief.sections if s.bullets and s.paragraphs)
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == section.title)
    if section.headline:
        assert (paragraphs[start + 1].style.name, paragraphs[start + 1].text) == ("Lead", section.headline.plain())
        start += 1
    after = [(p.style.name, p.text) for p in paragraphs[start + 1 : start + 3 + len(section.bullets)]]
    assert after[0] == ("Box Label", "Key points")
    assert after[1:-1] == [("Key Point", b.plain()) for b in section.bullets]
    assert after[-1] == ("Body Text", section.paragraphs[0].plain())
    for name in ("Box Label", "Key Point"):
        ppr = document.styles[name].element.find(f"{W}pPr")
        assert ppr.find(f"{W}shd").get(qn("w:fill")) == theme.colors.summary_fill
        assert ppr.find(f"{W}pBdr/{W}left").get(qn("w:color")) == theme.colors.accent
    # One box: the label and the points share their indents, so Word draws one border around them.
    indents = {tuple(p._p.pPr.ind.get(qn(f"w:{side}")) for side in ("left", "right", "hanging"))
               for p in paragraphs[start + 2 : start + 2 + len(section.bullets)]}
    assert len(indents) == 1


def test_a_headline_is_the_sections_lead_paragraph(tmp_path, theme):
    brief_file = tmp_path / "lead.yaml"
    brief_file.write_text(
        "title: Leads\ndate: 2024-01-01\nsections:\n  - title: Trade\n"
        "    headline: Deliveries tripled while **legal trade** stalled\n"
        "    bullets: [One point]\n    paragraphs: [Some prose.]\n", encoding="utf-8")
    from report_builder.validate import load_brief

    brief, _ = load_brief(brief_file, "lead.yaml")
    document = docx.Document(str(build(brief, theme, tmp_path)[0]))
    styles = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "toc 1"]
    index = styles.index(("Heading 1", "Trade"))
    assert styles[index + 1] == ("Lead", "Deliveries tripled while legal trade stalled")
    lead = document.styles["Lead"]
    assert lead.font.size > document.styles["Normal"].font.size
    assert lead.font.color.rgb == RGBColor.from_string(theme.colors.primary)


def test_styles_take_fonts_colours_and_sizes_from_the_theme(sample_docx, theme):
    styles = docx.Document(str(sample_docx)).styles
    fonts = styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(qn("w:ascii")) == theme.text_font.name
    assert fonts.get(qn("w:eastAsia")) == theme.fallback_fonts[0].name
    assert styles["Heading 1"].font.color.rgb == RGBColor.from_string(theme.colors.primary)
    assert styles["Heading 1"].font.size == Pt(theme.sizes.heading1)
    assert styles["Normal"].font.size == Pt(theme.sizes.body)


def test_core_properties_come_from_the_brief_not_the_clock(sample_docx, sample_brief):
    props = docx.Document(str(sample_docx)).core_properties
    assert props.title == sample_brief.title
    assert props.subject == sample_brief.subtitle
    assert props.author == "Policy Analysis Team"
    assert props.category == "UNCLASSIFIED"
    noon = dt.datetime(2024, 4, 15, 12, 0, tzinfo=dt.timezone.utc)
    assert props.created == noon
    assert props.modified == noon
    assert props.revision == 1
    assert props.comments == ""
    assert "Russia" in props.keywords


# Table of contents -----------------------------------------------------------


def test_toc_is_a_field_with_cached_entries_linked_to_the_headings(sample_docx):
    document = docx.Document(str(sample_docx))
    instructions = [t.text.strip() for t in document.element.body.iter(f"{W}instrText")]
    assert instructions[0] == 'TOC \\o "1-3" \\h \\z \\u'
    entries = toc_entries(sample_docx)
    heading_paragraphs = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [(text, bookmark) for text, bookmark, _ in entries] == [
        (p.text, bookmarks_of(p)[0]) for p in heading_paragraphs
    ]
    assert [page for _, _, page in entries] == json.loads(OUTLINE.read_text())["toc_pages"]
    settings = document.settings.element
    assert settings.find(qn("w:updateFields")) is None


# Stress: scripts, markup characters, many developments, an image ---------------


def test_stress_brief_keeps_every_text_literal_and_complete(stress_docx, stress_brief, theme):
    document = docx.Document(str(stress_docx))
    text = all_text(document)
    assert "**" not in text and "[@" not in text
    assert headings(document) == expected_headings(stress_brief, theme)
    assert "한국어 섹션 제목: 분석과 전망" in headings(document)
    assert document.paragraphs[0].text == stress_brief.title
    [table] = document.tables
    assert len(table.rows) == 1 + len(stress_brief.developments) == 81
    dates = [row.cells[0].paragraphs[0].text for row in table.rows[1:]]
    assert dates == [d.date.display() for d in stress_brief.developments]
    assert any(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d{4}", d) for d in dates)
    for conclusion in stress_brief.conclusions:
        assert conclusion.text.plain() in text
    for source in stress_brief.sources:
        assert source.title in text and source.url in text
    assert "<b>&amp;</b>" in text
    judgment = next(p for p in document.paragraphs if p.style.name == "Key Judgment")
    assert [(h.text, h.url or h.fragment) for h in judgment.hyperlinks] == [("link", "https://example.org/kj"), ("[1]", "_Source1")]
    assert any(run.bold and run.text == "Bold judgment" for run in judgment.runs)
    assert any(run.italic and run.text == "italic" for run in judgment.runs)


def test_image_fits_the_text_width_with_alt_text_and_caption(stress_docx, stress_brief, theme):
    document = docx.Document(str(stress_docx))
    [shape] = document.inline_shapes
    image = next(s.image for s in stress_brief.sections if s.image)
    assert shape._inline.docPr.get("descr") == image.alt
    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 12700
    assert shape.width.pt == pytest.approx(text_width, abs=0.5)
    assert shape.height.pt == pytest.approx(text_width * 500 / 900, abs=0.5)
    assert [shape._inline.get(side) for side in ("distT", "distB", "distL", "distR")] == ["0"] * 4
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p._p.xpath(".//w:drawing"))
    assert paragraphs[index].style.name == "Figure"
    following = paragraphs[index + 1]
    assert following.style.name == "Caption"
    assert following.text == image.caption.plain()


# Reference document ------------------------------------------------------


def test_a_marking_too_long_to_share_the_footer_line_takes_a_line_of_its_own(sample_docx, theme, tmp_path):
    brief = load_fixture("print/long-marking.yaml")
    document = docx.Document(str(build(brief, theme, tmp_path)[0]))
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    assert footer[0] == brief.classification
    assert re.fullmatch(r"\t\tPage \d+ of \d+", footer[1])
    [shared] = [p.text for p in docx.Document(str(sample_docx)).sections[0].footer.paragraphs]
    assert re.fullmatch(r"\tUNCLASSIFIED\tPage \d+ of \d+", shared)


def test_a_small_picture_keeps_its_size_and_its_caption_is_centred(theme, tmp_path):
    document = docx.Document(str(build(load_fixture("print/small-picture.yaml"), theme, tmp_path)[0]))
    [shape] = document.inline_shapes
    assert (shape.width.pt, shape.height.pt) == (pytest.approx(48, abs=0.1), pytest.approx(32, abs=0.1))
    caption = next(p for p in document.paragraphs if p.text.startswith("The badge"))
    assert caption.alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.fixture
def reference_layout(tmp_path) -> Path:
    """A layout holding only a reference.docx: Letter pages, a red Heading 1, a header design."""
    folder = tmp_path / "layouts" / "house"
    folder.mkdir(parents=True)
    reference = docx.Document()
    section = reference.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = section.right_margin = Inches(1.25)
    reference.styles["Heading 1"].font.color.rgb = RGBColor(0xAA, 0x00, 0x00)
    reference.styles["Heading 1"].font.size = Pt(18)
    section.header.paragraphs[0].text = "House header"
    reference.add_paragraph("Placeholder text that must not reach the brief")
    reference.save(str(folder / "reference.docx"))
    return folder


def test_reference_docx_styles_page_setup_and_header_are_used(reference_layout, sample_brief, tmp_path):
    theme = load_theme(reference_layout)
    path, warnings = build(sample_brief, theme, tmp_path)
    document = docx.Document(str(path))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0xAA, 0x00, 0x00)
    assert document.styles["Heading 1"].font.size == Pt(18)
    assert document.sections[0].page_width == Inches(8.5)
    assert document.sections[0].left_margin == Inches(1.25)
    header_texts = [p.text for p in document.sections[0].header.paragraphs]
    assert header_texts == ["House header", "UNCLASSIFIED"]
    assert "Placeholder" not in all_text(document)
    assert headings(document)[0] == "Key judgments"
    messages = [message for _, _, message in warnings]
    assert messages[0] == ("no style for Date, Author, Key Judgment, Key Point, Box Label, Lead, Figure, toc 1, "
                           "Table Text, Table Heading, "
                           "Bibliography, Hyperlink, Classification; report-builder's own are used "
                           "(add them to the reference document to restyle)")
    # Word's default document sets Cambria and Calibri: the contents' page numbers are measured in Arial.
    assert len(messages) == 2 and messages[1].startswith("its styles set text in Cambria (Normal, Body Text, ")
    assert {str(location).split(":")[0] for location, _, _ in warnings} == {str(reference_layout / "reference.docx")}
    assert [p.style.name for p in document.paragraphs if p.text == with_lead_in(sample_brief.summary[0]).plain()] == ["Key Judgment"]


# Other readers -------------------------------------------------------------


def pandoc_blocks(path: Path) -> list[dict]:
    result = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(path)], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)["blocks"]


def inline_text(inlines) -> str:
    out = []
    for item in inlines:
        if item["t"] == "Str":
            out.append(item["c"])
        elif item["t"] == "Space":
            out.append(" ")
        elif item["t"] in ("Emph", "Strong"):
            out.append(inline_text(item["c"]))
        elif item["t"] in ("Link", "Span"):
            out.append(inline_text(item["c"][1]))
    return "".join(out)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("which", ["sample", "stress"])
def test_pandoc_reads_headings_lists_and_the_table(which, request, theme):
    path = request.getfixturevalue(f"{which}_docx")
    brief = request.getfixturevalue(f"{which}_brief")
    blocks = pandoc_blocks(path)
    found = [inline_text(b["c"][2]) for b in blocks if b["t"] == "Header" and b["c"][0] == 1]
    assert found == expected_headings(brief, theme)
    lists = [b for b in blocks if b["t"] == "BulletList"]
    with_bullets = sum(1 for s in brief.sections if s.bullets) + (1 if brief.summary else 0)
    assert len(lists) == with_bullets
    assert sum(1 for b in blocks if b["t"] == "Table") == 1 + sum(len(s.tables) for s in brief.sections)


def pdf_page_lines(pdf: Path) -> list[list[str]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    pages = []
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, check=True).stdout.decode("utf-8", "replace")
        pages.append([re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()])
    return pages


def starts_a_line(lines: list[str], heading: str) -> bool:
    """The heading set on a line of its own, perhaps wrapped over several.

    pdftotext joins a word hyphenated at a line end, so hyphens are ignored;
    a TOC entry (its dots on the next line) is not the heading.
    """
    wanted = heading.replace("-", "")
    for index, line in enumerate(lines):
        joined, following = line, index
        while len(joined.replace("-", "")) < len(wanted) and following + 1 < len(lines):
            following += 1
            joined += " " + lines[following]
        after = lines[following + 1] if following + 1 < len(lines) else ""
        if joined.replace("-", "") == wanted and not after.startswith("....."):
            return True
    return False


# Pages as LibreOffice lays them out ------------------------------------------

PRINT = FIXTURES / "print"
RENDERED = {"sample": None, "stress": "docx/stress.yaml", "images": "print/images.yaml",
            "one-section": "print/one-section.yaml", "deck-stress": "pptx/stress.yaml"}
needs_libreoffice = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice and poppler-utils are needed to render pages")


@pytest.fixture(scope="module")
def rendered(sample_brief, theme, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each brief's .docx and LibreOffice's PDF of it, all converted in one run of soffice."""
    folder = tmp_path_factory.mktemp("rendered")
    documents = {name: build(sample_brief if fixture is None else load_fixture(fixture), theme, folder,
                             f"{name}.docx")[0] for name, fixture in RENDERED.items()}
    subprocess.run([soffice(), f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, documents.values())], capture_output=True, check=True,
                   timeout=600)
    return {name: (path, folder / f"{name}.pdf") for name, path in documents.items()}


def body_area(path: Path) -> tuple[float, float, float]:
    section = docx.Document(str(path)).sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    return section.top_margin.pt, section.bottom_margin.pt, Length(width).pt


@slow
@needs_libreoffice
@pytest.mark.parametrize("which", list(RENDERED))
def test_toc_page_numbers_match_where_libreoffice_puts_the_headings(which, rendered):
    path, pdf = rendered[which]
    pages = pdf_page_lines(pdf)
    document = docx.Document(str(path))
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.endswith(f"of {len(pages)}")
    entries = toc_entries(path)
    assert len(entries) == len(headings(document))
    for text, _, page in entries:
        heading = re.sub(r"\s+", " ", text).strip()
        where = [number for number, lines in enumerate(pages, 1) if starts_a_line(lines, heading)]
        assert where and where[0] == page, (heading, page, where)


@slow
@needs_libreoffice
@pytest.mark.parametrize("which", list(RENDERED))
def test_no_page_but_the_last_is_left_less_than_half_filled(which, rendered):
    path, pdf = rendered[which]
    top, bottom, _ = body_area(path)
    fills = [page.fill for page in read_pages(pdf, top, bottom)]
    assert all(fill >= 0.5 for fill in fills[:-1]), fills
    assert fills[-1] > 0.05


@slow
@needs_libreoffice
def test_the_sample_flows_onto_few_pages(rendered):
    path, pdf = rendered["sample"]
    top, bottom, _ = body_area(path)
    pages = read_pages(pdf, top, bottom)
    assert sum(page.fill for page in pages[:-1]) / (len(pages) - 1) > 0.9
    one = read_pages(rendered["one-section"][1], *body_area(rendered["one-section"][0])[:2])
    assert len(one) == 1
    assert len(read_pages(rendered["images"][1], *body_area(rendered["images"][0])[:2])) <= 3


@slow
@needs_libreoffice
@pytest.mark.parametrize("which", ["sample", "stress", "deck-stress"])
def test_body_lines_hold_about_75_to_90_characters(which, rendered):
    """Full lines of running text (those that reach the right margin), tables and contents aside."""
    path, pdf = rendered[which]
    top, bottom, width = body_area(path)
    document = docx.Document(str(path))
    prose = " ".join(p.text for p in document.paragraphs if p.style.name == "Body Text")
    full = sorted(len(line) for page in read_pages(pdf, top, bottom)
                  for line, line_width in zip(page.lines, page.line_widths)
                  if line_width > 0.9 * width and line[:25] in prose)
    assert len(full) >= 5
    assert 75 <= full[len(full) // 2] <= 90, full
    assert full[-1] <= 100, full


@slow
@needs_libreoffice
def test_a_part_the_layout_breaks_before_starts_its_page(sample_brief, tmp_path):
    layout = tmp_path / "breaks"
    layout.mkdir()
    (layout / "theme.yaml").write_text("word:\n  page_breaks: [body, chronology, sources]\n", encoding="utf-8")
    path = build(sample_brief, load_theme(layout), tmp_path)[0]
    pages = read_pages(render_with_libreoffice(path, tmp_path), *body_area(path)[:2])
    entries = {text: page for text, _, page in toc_entries(path)}
    for heading in ("Introduction", "Chronology", "Sources"):
        assert pages[entries[heading] - 1].lines[0] == heading
    before_breaks = {entries[h] - 1 for h in ("Introduction", "Chronology", "Sources")}
    assert all(page.fill >= 0.5 for page in pages[:-1] if page.number not in before_breaks)


def test_a_chronology_column_no_development_fills_is_left_out(theme, tmp_path):
    document = docx.Document(str(build(load_fixture("print/plain-chronology.yaml"), theme, tmp_path)[0]))
    [table] = document.tables
    assert [cell.text for cell in table.rows[0].cells] == ["Date", "Development"]
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    section = document.sections[0]
    assert sum(widths) == pytest.approx((section.page_width - section.left_margin - section.right_margin) / 635, abs=2)
    # No development has actors: the date cells hold the date alone.
    assert all(len(row.cells[0].paragraphs) == 1 for row in table.rows[1:])


@pytest.mark.parametrize("text", ["plain", " leading and trailing ", "tab\there", "two\nlines\r", "", "Кириллица 한국어"])
def test_a_run_is_written_as_python_docx_writes_it(text):
    from docx import Document
    from lxml import etree

    from report_builder.writers.docx_fields import add_run

    ours, theirs = Document().add_paragraph(), Document().add_paragraph()
    assert etree.tostring(add_run(ours, text)._r) == etree.tostring(theirs.add_run(text)._r)


def test_remembered_qualified_names_are_the_librarys():
    import docx.oxml.xmlchemy
    import pptx.oxml.xmlchemy

    import report_builder.writers.docx  # noqa: F401 - gives the libraries their remembering qn
    import report_builder.writers.pptx  # noqa: F401

    for library, tags in ((docx, ("w:p", "w:r", "w:t", "xml:space", "w:pPr", "w:p", "w:hyperlink")),
                          (pptx, ("a:p", "a:r", "p:sp", "r:id", "a:p"))):
        remembered = library.oxml.xmlchemy.qn
        assert remembered is library.oxml.ns.qn and remembered.__wrapped__ is not remembered
        for tag in tags:
            assert remembered(tag) == remembered.__wrapped__(tag)


def test_a_package_is_normalised_to_the_bytes_zipfile_would_write(tmp_path):
    """normalize_zip copies each part's compressed bytes; the package is what compressing each again gives."""
    import datetime as dt
    import shutil
    import zipfile

    from docx import Document

    from report_builder.writers.archive import _recompressed, normalize_zip

    document = Document()
    document.add_paragraph("Кириллица, 한국어 and plain text " * 50)
    fast, slow = tmp_path / "fast.docx", tmp_path / "slow.docx"
    document.save(str(fast))
    with zipfile.ZipFile(fast, "a") as package:   # a stored part, a part with a non-ASCII name
        package.writestr(zipfile.ZipInfo("customXml/stored.xml"), b"<a/>" * 100)
        package.writestr("customXml/d\u00e9j\u00e0.xml", b"<b/>", compress_type=zipfile.ZIP_DEFLATED)
    shutil.copy(fast, slow)
    for stamp in (dt.date(2024, 6, 30), dt.date(1975, 1, 1)):
        normalize_zip(fast, stamp)
        with zipfile.ZipFile(slow) as source:
            _recompressed(slow, source, stamp)
        assert fast.read_bytes() == slow.read_bytes()
        with zipfile.ZipFile(fast) as package:
            assert package.testzip() is None
            assert {info.date_time for info in package.infolist()} == {(max(stamp.year, 1980), *(
                (stamp.month, stamp.day) if stamp.year >= 1980 else (1, 1)), 12, 0, 0)}
