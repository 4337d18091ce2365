"""A brief no writer was tuned on, built by the command line: its tables and charts read back from all three
outputs say exactly what the brief says (cells as written, one label format, the same slices' shares)."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from lxml import etree
from pptx import Presentation

from conftest import FIXTURES, has_program, run_cli
from report_builder.model import Number

BRIEF = FIXTURES / "data" / "unseen-ledger.yaml"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from report_builder.validate import load_brief

    out = tmp_path_factory.mktemp("unseen")
    result = run_cli("build", str(BRIEF), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    brief, _ = load_brief(BRIEF)
    return brief, out


def tables(brief):
    return [table for section in brief.sections for table in section.tables]


def charts(brief):
    return [chart for section in brief.sections for chart in section.charts]


def as_written(table) -> list[list[str]]:
    return [[cell.text if isinstance(cell, Number) else cell.plain() for cell in row] for row in table.rows]


def test_word_tables_hold_every_cell_as_written_with_one_repeating_header_row(built):
    brief, out = built
    document = docx.Document(str(out / "unseen-ledger.docx"))
    assert len(document.tables) == len(tables(brief)) == 5
    for grid, table in zip(document.tables, tables(brief)):
        assert grid.style.name == "Data Table"
        assert [cell.text for cell in grid.rows[0].cells] == list(table.columns)
        assert [[cell.text for cell in row.cells] for row in grid.rows[1:]] == as_written(table)
        assert [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in grid.rows] == \
            [True] + [False] * len(table.rows)
    ledger = document.tables[1]
    aligns = [cell.paragraphs[0]._p.pPr.find(qn("w:jc")).get(qn("w:val")) for cell in ledger.rows[7].cells]
    assert aligns == ["left", "right", "right", "right", "left"]   # negatives and decimals are numbers too


def test_deck_tables_hold_every_row_once_across_their_slides(built):
    brief, out = built
    deck = Presentation(str(out / "unseen-ledger.pptx"))
    found: dict[str, list[list[str]]] = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                number = shape.name.split()[1]
                header, *rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
                assert header == list(tables(brief)[int(number) - 1].columns)
                found.setdefault(number, []).extend(rows)
    assert [found[str(n)] for n in range(1, 6)] == [as_written(table) for table in tables(brief)]


def test_handout_tables_hold_every_row_in_reading_order(built):
    brief, out = built
    with pdfplumber.open(out / "unseen-ledger.pdf") as pdf:
        lines = [line for page in pdf.pages for line in page.extract_text().splitlines()]
    ledger = tables(brief)[1]
    found = [i for row in as_written(ledger) for i, line in enumerate(lines) if line == " ".join(row)]
    assert len(found) == 60 and found == sorted(found)
    assert sum(line == "Month Balance (t) Change (%) Index Route" for line in lines) >= 2


def test_pie_shares_read_the_same_in_all_three_outputs(built):
    brief, out = built
    shares = ["42.5%", "25.0%", "17.5%", "10.0%", "5.0%"]
    with zipfile.ZipFile(out / "unseen-ledger.docx") as package:
        spaces = [etree.fromstring(package.read(name)) for name in sorted(package.namelist())
                  if re.fullmatch(r"word/charts/chart\d+\.xml", name)]
    pie = next(space for space in spaces if space.find(f".//{C}pieChart") is not None)
    assert pie.find(f".//{C}pieChart/{C}dLbls/{C}numFmt").get("formatCode") == "0.0%"
    deck = Presentation(str(out / "unseen-ledger.pptx"))
    [pie_frame] = [s for slide in deck.slides for s in slide.shapes if s.has_chart and s.chart.chart_type == 5]
    labels = pie_frame.chart.plots[0].data_labels
    assert labels.show_percentage and labels.number_format == "0.0%"
    with pdfplumber.open(out / "unseen-ledger.pdf") as pdf:
        page = next(p for p in pdf.pages if "Suppliers' shares, 2024" in p.extract_text())
        words = [w["text"] for w in page.extract_words(extra_attrs=["size"]) if w["size"] > 4]
    assert sorted(w for w in words if w.endswith("%")) == sorted(shares)


def test_chart_values_and_workbooks_match_the_brief_in_both_office_files(built):
    openpyxl = pytest.importorskip("openpyxl")
    brief, out = built
    expected = [[[category] + [s.values[i].value for s in chart.series] for i, category in enumerate(chart.categories)]
                for chart in charts(brief)]
    with zipfile.ZipFile(out / "unseen-ledger.docx") as package:
        books = [package.read(name) for name in sorted(package.namelist(), key=lambda n: int(re.sub(r"\D", "", n) or 0))
                 if name.startswith("word/embeddings/")]
    deck = Presentation(str(out / "unseen-ledger.pptx"))
    deck_books = [shape.chart.part.chart_workbook.xlsx_part.blob for slide in deck.slides for shape in slide.shapes
                  if shape.has_chart]
    for blobs in (books, deck_books):
        sheets = [openpyxl.load_workbook(io.BytesIO(blob)).active for blob in blobs]
        assert [[[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] for sheet in sheets] == expected


def test_hangul_and_negative_values_are_labelled_alike_in_the_pdf_and_the_office_xml(built):
    brief, out = built
    with pdfplumber.open(out / "unseen-ledger.pdf") as pdf:
        page = next(p for p in pdf.pages if "Figure 3" in p.extract_text())
        words = [w["text"] for w in page.extract_words(extra_attrs=["size"]) if w["size"] > 4]
    for label in ("1,200.0", "850.5", "-30.0", "나선", "청진", "평양"):
        assert label in words, label
    with zipfile.ZipFile(out / "unseen-ledger.docx") as package:
        space = etree.fromstring(package.read("word/charts/chart3.xml"))
    assert space.find(f".//{C}barChart/{C}dLbls/{C}numFmt").get("formatCode") == "#,##0.0"
    assert [v.text for v in space.iter(f"{C}v")][-3:] == ["1200.0", "850.5", "-30.0"]


@pytest.mark.slow
@pytest.mark.skipif(not (has_program("soffice") and has_program("pdftotext")), reason="needs LibreOffice and poppler")
@pytest.mark.parametrize("suffix", ["docx", "pptx"])
def test_libreoffice_renders_the_shares_hangul_and_every_ledger_row(built, suffix, tmp_path):
    brief, out = built
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(out / f"unseen-ledger.{suffix}")], capture_output=True,
                   check=True, timeout=240)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "unseen-ledger.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for shown in ("42.5%", "25.0%", "5.0%", "나선", "청진", "850.5", "Oil (kt)", "Coal (kt)",
                  "Table 5: Second table", "Figure 5: Two years compared"):
        assert shown in text, shown
    pages = text.split("\f")
    month = re.compile(r"^\s*(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20(19|2[0-3])\s", re.M)
    ledger_pages = [page for page in pages if month.search(page)]
    assert len(ledger_pages) >= 2 and all("Balance (t)" in page for page in ledger_pages)
    for row in as_written(tables(brief)[1]):
        assert re.search(r"\s+".join(re.escape(cell) for cell in row), text), row
