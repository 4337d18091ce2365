"""Tables and charts in the Word brief, reopened with python-docx, the raw package, pandoc and LibreOffice."""

from __future__ import annotations

import io
import json
import posixpath
import re
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from conftest import has_program
from report_builder.plan.charts import plan_chart
from test_writer_docx import inline_text, pdf_page_lines, starts_a_line, toc_entries

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@pytest.fixture(scope="module")
def path(data_outputs):
    return data_outputs / "tables-charts.docx"


@pytest.fixture(scope="module")
def document(path):
    return docx.Document(str(path))


def charts(brief):
    return [chart for section in brief.sections for chart in section.charts]


def chart_parts(path) -> list[tuple[str, etree._Element, bytes]]:
    """(part name, chartSpace, embedded workbook) for every chart the document body places, in order."""
    with zipfile.ZipFile(path) as package:
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        body = etree.fromstring(package.read("word/document.xml"))
        found = []
        for chart in body.iter(f"{C}chart"):
            name = "word/" + targets[chart.get(f"{R}id")]
            space = etree.fromstring(package.read(name))
            chart_rels = etree.fromstring(package.read(name.replace("charts/", "charts/_rels/") + ".rels"))
            workbook_id = space.find(f"{C}externalData").get(f"{R}id")
            workbook = next(rel.get("Target") for rel in chart_rels if rel.get("Id") == workbook_id)
            found.append((name, space, package.read(posixpath.normpath("word/charts/" + workbook))))
        types = package.read("[Content_Types].xml").decode()
    assert all(f'PartName="/{name}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"'
               in types for name, _, _ in found)
    return found


def series_values(space) -> list[tuple[str, list[str], list[float]]]:
    out = []
    for ser in space.iter(f"{C}ser"):
        name = ser.find(f"{C}tx").findtext(f".//{C}v")
        categories = [v.text for v in ser.find(f"{C}cat").iter(f"{C}v")]
        values = [float(v.text) for v in ser.find(f"{C}val").iter(f"{C}v")]
        out.append((name, categories, values))
    return out


def test_each_chart_is_a_native_chart_part_holding_the_briefs_values(path, data_brief):
    parts = chart_parts(path)
    assert len(parts) == 3
    kinds = []
    for (_, space, _), chart in zip(parts, charts(data_brief)):
        plot = space.find(f"{C}chart/{C}plotArea")
        kinds.append(next(etree.QName(child).localname for child in plot if etree.QName(child).localname.endswith("Chart")))
        expected = [(s.name, list(chart.categories), [v.value for v in s.values]) for s in chart.series]
        assert series_values(space) == expected
    assert kinds == ["lineChart", "pieChart", "barChart"]


def test_the_embedded_workbook_holds_the_same_data(path, data_brief):
    _, _, workbook = chart_parts(path)[2]
    with zipfile.ZipFile(io.BytesIO(workbook)) as xlsx:
        sheet = xlsx.read("xl/worksheets/sheet1.xml").decode()
        strings = xlsx.read("xl/sharedStrings.xml").decode()
    values = [float(v) for v in re.findall(r'<c r="B\d+"(?: s="\d+")?><v>([-\d.]+)</v>', sheet)]
    bar = charts(data_brief)[2]
    assert values == [v.value for v in bar.series[0].values]
    assert all(category in strings for category in bar.categories)


def test_series_take_the_theme_palette_and_values_one_number_format(path, data_brief, theme):
    line, pie, bar = (space for _, space, _ in chart_parts(path))
    line_colors = [ser.find(f"{C}spPr/{A}ln/{A}solidFill/{A}srgbClr").get("val") for ser in line.iter(f"{C}ser")]
    assert line_colors == list(theme.palette[:2])
    slice_colors = [point.find(f"{C}spPr/{A}solidFill/{A}srgbClr").get("val") for point in pie.iter(f"{C}dPt")]
    assert slice_colors == list(theme.palette[:4])
    plan = plan_chart(charts(data_brief)[2], 3, theme.palette)
    assert bar.find(f".//{C}dLbls/{C}numFmt").get("formatCode") == "#,##0"
    axis = bar.find(f".//{C}valAx")
    assert float(axis.find(f"{C}scaling/{C}max").get("val")) == plan.scale.maximum == 1500
    assert float(axis.find(f"{C}majorUnit").get("val")) == plan.scale.step == 250
    assert bar.find(f".//{C}catAx/{C}scaling/{C}orientation").get("val") == "maxMin"


def test_pie_slices_are_labelled_with_their_shares(path):
    _, pie, _ = (space for _, space, _ in chart_parts(path))
    labels = pie.find(f".//{C}pieChart/{C}dLbls")
    shown = {etree.QName(child).localname: child.get("val") for child in labels if child.get("val") is not None}
    assert (shown["showPercent"], shown["showVal"], shown["showCatName"]) == ("1", "0", "0")
    assert labels.find(f"{C}numFmt").get("formatCode") == "0%"


def test_the_embedded_workbook_opens_in_a_spreadsheet_library_with_every_series(path, data_brief):
    openpyxl = pytest.importorskip("openpyxl")
    for (_, _, workbook), chart in zip(chart_parts(path), charts(data_brief)):
        sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[0] == [None] + [s.name for s in chart.series]
        assert rows[1:] == [[category] + [s.values[index].value for s in chart.series]
                            for index, category in enumerate(chart.categories)]


def test_charts_are_inline_with_alt_text_and_numbered_captions(document, data_brief):
    inlines = document.element.body.findall(f".//{WP}inline")
    described = [inline.find(f"{WP}docPr").get("descr") for inline in inlines
                 if inline.find(f".//{C}chart") is not None]
    assert described == [chart.alt for chart in charts(data_brief)]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Figure 1: Rail and sea freight by quarter" in captions
    assert "Figure 3: Crossings by border post, 2023" in captions
    assert "Table 2: Border posts" in captions
    figure = next(p for p in document.paragraphs if p.text.startswith("Figure 2"))
    assert " SEQ Figure \\* ARABIC " in [t.text for t in figure._p.iter(qn("w:instrText"))]


def test_a_data_table_is_a_word_table_in_the_house_style(document, data_brief):
    table = document.tables[0]
    source = data_brief.sections[0].tables[0]
    assert table.style.name == "Data Table"
    assert [c.text for c in table.rows[0].cells] == list(source.columns)
    assert len(table.rows) == 1 + 28
    assert [c.text for c in table.rows[21].cells] == ["Sep 2023", "1140", "38.0", "Rail via Tumangang"]
    assert table.rows[1].cells[3].text == "Rail via Tumangang [1]"
    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_numbers_are_right_aligned_and_the_briefs_alignment_is_kept(document):
    def alignments(table, row):
        return [cell.paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val")) for cell in table.rows[row].cells]

    assert alignments(document.tables[0], 5) == ["left", "right", "right", "left"]
    assert alignments(document.tables[0], 0) == ["left", "right", "right", "left"]
    assert alignments(document.tables[1], 1) == ["left", "center", "right"]


def test_the_table_note_follows_the_table(document):
    body = list(document.element.body)
    table = document.tables[0]._tbl
    note = body[body.index(table) + 1]
    assert "".join(t.text for t in note.iter(qn("w:t"))) == "Port and rail records; estimates for 2024 [1]."


@pytest.mark.skipif(not has_program("pandoc"), reason="pandoc is not installed")
def test_pandoc_reads_the_data_tables_as_tables(path):
    result = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(path)], capture_output=True, text=True,
                            check=True)
    tables = [block for block in json.loads(result.stdout)["blocks"] if block["t"] == "Table"]
    assert len(tables) == 2
    body_rows = [sum(len(body[3]) for body in table["c"][4]) for table in tables]
    assert body_rows == [28, 3]
    last_row = tables[0]["c"][4][0][3][-1][1]
    assert [inline_text(cell[4][0]["c"]) for cell in last_row] == [
        "Apr 2024", "1505", "50.2", "Air, Sunan to Vladivostok [1]"]


@pytest.mark.slow
@pytest.mark.skipif(not (has_program("soffice") and has_program("pdftotext") and has_program("pdfinfo")),
                    reason="needs LibreOffice and poppler")
def test_libreoffice_renders_the_tables_and_charts_and_the_toc_stays_right(path, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], capture_output=True, check=True, timeout=240)
    pages = pdf_page_lines(tmp_path / "tables-charts.pdf")
    text = "\n".join(line for page in pages for line in page)
    # Chart text LibreOffice draws from the chart parts: tick labels, data labels, legends, the axis title.
    for shown in ("2022 Q1", "2023 Q4", "Rail (kt)", "Sea (kt)", "thousand tonnes per quarter", "1,250", "1,500",
                  "Sunan airport", "crossings per year", "48%", "4%"):
        assert shown in text, shown
    # The table's header row is repeated on each page the table reaches.
    table_pages = [lines for lines in pages if any(line.startswith("Jan 2022") or line.startswith("Apr 2024")
                                                   for line in lines)]
    assert all(any("Share of capacity (%)" in line for line in lines) for lines in table_pages)
    for heading, _, page in toc_entries(path):
        where = [number for number, lines in enumerate(pages, 1) if starts_a_line(lines, heading)]
        assert where and where[0] == page, (heading, page, where)


@pytest.mark.parametrize("value", ['Alt "quoted" and \'apostrophes\'', "a < b & c > d", "two\nlines\tand\r", ""])
def test_a_charts_alt_text_reads_back_exactly_as_written(value):
    from xml.sax.saxutils import quoteattr

    from report_builder.writers.xml_text import quoted

    assert etree.fromstring(f"<a b={quoted(value)}/>").get("b") == value
    assert etree.fromstring(f"<a b={quoted(value)}/>").get("b") == etree.fromstring(f"<a b={quoteattr(value)}/>").get("b")
