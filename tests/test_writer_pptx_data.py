"""Tables and charts in the deck, reopened with python-pptx and rendered by LibreOffice."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

from conftest import has_program
from report_builder.model import Number


@pytest.fixture(scope="module")
def path(data_outputs):
    return data_outputs / "tables-charts.pptx"


@pytest.fixture(scope="module")
def deck(path):
    return Presentation(str(path))


def charts(brief):
    return [chart for section in brief.sections for chart in section.charts]


def chart_frames(deck):
    return [(number, shape) for number, slide in enumerate(deck.slides, 1) for shape in slide.shapes if shape.has_chart]


def table_frames(deck):
    return [(number, shape) for number, slide in enumerate(deck.slides, 1) for shape in slide.shapes if shape.has_table]


def title(slide) -> str:
    return slide.shapes.title.text_frame.text


def test_each_chart_is_a_native_editable_chart_with_the_briefs_values(deck, data_brief):
    found = chart_frames(deck)
    assert [shape.chart.chart_type for _, shape in found] == [
        XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.PIE, XL_CHART_TYPE.BAR_CLUSTERED]
    for (_, shape), chart in zip(found, charts(data_brief)):
        plotted = shape.chart
        assert list(plotted.plots[0].categories) == list(chart.categories)
        assert [(s.name, list(s.values)) for s in plotted.series] == [
            (s.name, [v.value for v in s.values]) for s in chart.series]
        workbook = plotted.part.chart_workbook.xlsx_part
        assert workbook is not None and workbook.blob[:2] == b"PK"
        assert shape._element.nvGraphicFramePr.cNvPr.get("descr") == chart.alt


def test_charts_take_the_theme_palette_and_the_shared_scale(deck, theme):
    (_, line), (_, pie), (_, bar) = chart_frames(deck)
    assert [str(s.format.line.color.rgb) for s in line.chart.series] == list(theme.palette[:2])
    slices = [str(point.format.fill.fore_color.rgb) for point in pie.chart.plots[0].series[0].points]
    assert slices == list(theme.palette[:4])
    assert str(bar.chart.series[0].format.fill.fore_color.rgb) == theme.palette[0]
    axis = bar.chart.value_axis
    assert (axis.minimum_scale, axis.maximum_scale, axis.major_unit) == (0, 1500, 250)
    assert axis.tick_labels.number_format == "#,##0" and not axis.tick_labels.number_format_is_linked
    assert bar.chart.plots[0].data_labels.number_format == "#,##0"
    assert line.chart.has_legend and not bar.chart.has_legend
    labels = pie.chart.plots[0].data_labels
    assert labels.show_percentage and not labels.show_value and labels.number_format == "0%"


def test_the_word_and_powerpoint_charts_come_from_one_generator(path, data_outputs):
    """The same chart XML in both Office files (but for the text size, which each output sets)."""
    with zipfile.ZipFile(path) as deck, zipfile.ZipFile(data_outputs / "tables-charts.docx") as brief:
        slide_chart = deck.read("ppt/charts/chart3.xml").decode()
        word_chart = brief.read("word/charts/chart3.xml").decode()

    def normal(xml: str) -> str:
        xml = re.sub(r' sz="\d+"', "", xml)
        xml = re.sub(r"<c:externalData.*?</c:externalData>", "", xml)
        return re.sub(r'r:id="rId\d+"', "", xml)

    assert normal(slide_chart) == normal(word_chart)


def test_a_chart_shares_the_slide_with_its_bullets_when_both_fit(deck, data_brief):
    number, _ = chart_frames(deck)[0]
    slide = deck.slides[number - 1]
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    assert "Sea freight was flat." in "\n".join(texts)
    assert "Figure 1: Rail and sea freight by quarter" in "\n".join(texts)
    assert title(slide) == data_brief.sections[1].headline.plain()


def test_a_long_table_continues_on_cont_slides_with_its_header_and_every_row_once(deck, data_brief):
    table = data_brief.sections[0].tables[0]
    parts = [(number, shape) for number, shape in table_frames(deck) if shape.name.startswith("Table 1")]
    assert len(parts) >= 2
    assert [shape.name for _, shape in parts] == ["Table 1"] + ["Table 1 (cont.)"] * (len(parts) - 1)
    rows = []
    for index, (number, shape) in enumerate(parts):
        slide = deck.slides[number - 1]
        assert title(slide) == "Monthly freight (cont.)"
        grid = shape.table
        assert [cell.text for cell in grid.rows[0].cells] == list(table.columns)
        assert grid.first_row
        rows += [[cell.text for cell in row.cells] for row in list(grid.rows)[1:]]
        captions = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Table 1")]
        assert captions == ["Table 1" + (" (cont.)" if index else "") + ": Freight by month and route, 2022–2024"]
    expected = [[c.text if isinstance(c, Number) else c.plain() for c in row] for row in table.rows]
    assert rows == expected
    counts = [len(shape.table.rows) - 1 for _, shape in parts]
    assert max(counts) - min(counts) <= 2


def test_table_text_is_readable_numbers_right_and_inside_the_slide(deck):
    width, height = deck.slide_width, deck.slide_height
    for _, shape in table_frames(deck):
        assert shape.left >= 0 and shape.top >= 0
        assert shape.left + shape.width <= width and shape.top + shape.height <= height * 0.95
        grid = shape.table
        sizes = {run.font.size.pt for row in grid.rows for cell in row.cells for p in cell.text_frame.paragraphs
                 for run in p.runs}
        assert min(sizes) >= 14
        assert sum(column.width for column in grid.columns) <= Emu(shape.width) + 12700
    first = table_frames(deck)[0][1].table
    aligns = [cell.text_frame.paragraphs[0]._p.pPr.get("algn") for cell in first.rows[3].cells]
    assert aligns == ["l", "r", "r", "l"]
    assert str(first.cell(0, 0).fill.fore_color.rgb) == "1F3A5F"


@pytest.mark.slow
@pytest.mark.skipif(not (has_program("soffice") and has_program("pdftotext")), reason="needs LibreOffice and poppler")
def test_libreoffice_renders_the_tables_and_charts(path, tmp_path, deck):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], capture_output=True, check=True, timeout=240)
    pdf = tmp_path / "tables-charts.pdf"
    pages = []
    for number in range(1, len(deck.slides) + 1):
        pages.append(subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout)
    assert len(pages) == len(deck.slides)
    table_pages = [text for text in pages if "Share of capacity (%)" in text]
    assert len(table_pages) == len([1 for _, s in table_frames(deck) if s.name.startswith("Table 1")])
    joined = "\n".join(pages)
    for shown in ("Apr 2024", "1505", "50.2", "Rail (kt)", "Q4", "1,250", "1,500", "Namyang",
                  "crossings per year", "48", "Figure 3: Crossings by border post, 2023"):
        assert shown in joined, shown


# Read across a room: sizes, words and width of the tables on slides

CHROME = ("Classification", "Footer", "Slide Number")


def slide_words(slide) -> int:
    """What the word budget counts: every text a reader sees but the title and the chrome, table cells included."""
    title_id = slide.shapes.title.shape_id if slide.shapes.title is not None else None
    texts = [shape.text_frame.text for shape in slide.shapes
             if shape.has_text_frame and shape.shape_id != title_id and not shape.name.startswith(CHROME)]
    texts += [cell.text_frame.text for shape in slide.shapes if shape.has_table
              for row in shape.table.rows for cell in row.cells]
    return sum(len(text.split()) for text in texts)


def cell_sizes(shape) -> set[float]:
    return {run.font.size.pt for row in shape.table.rows for cell in row.cells
            for p in cell.text_frame.paragraphs for run in p.runs}


def test_tables_are_set_at_18_pt_or_more_when_they_allow_it(deck):
    for number, shape in table_frames(deck):
        assert min(cell_sizes(shape)) >= 18, (number, shape.name, cell_sizes(shape))


def test_table_slides_keep_the_word_budget_counting_their_cells(deck):
    counts = {number: slide_words(slide) for number, slide in enumerate(deck.slides, 1)
              if number > 1 and not title(slide).startswith("Sources")}
    cells = {number: sum(len(cell.text_frame.text.split()) for row in shape.table.rows for cell in row.cells)
             for number, shape in table_frames(deck)}
    assert len(cells) >= 3 and all(cells.values()) and all(counts[n] > cells[n] for n in cells)
    assert max(counts.values()) <= 75, {n: c for n, c in counts.items() if c > 75}


def test_a_small_table_keeps_about_its_natural_width_centred_under_its_caption(deck, data_brief):
    [(number, shape)] = [(n, s) for n, s in table_frames(deck) if s.name == "Table 2"]
    slide = deck.slides[number - 1]
    [caption] = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith("Table 2:")]
    width = deck.slide_width
    assert shape.width < width * 0.6
    assert abs((shape.left + shape.width / 2) - width / 2) < Emu(12700 * 2)
    assert caption.left == shape.left
    [(_, first)] = [(n, s) for n, s in table_frames(deck) if s.name == "Table 1"]
    assert first.width > width * 0.85   # a table with more to say takes the slide's width


@pytest.fixture(scope="module")
def edge_deck(tmp_path_factory, theme):
    from conftest import load_fixture
    from report_builder.writers.pptx import render

    brief = load_fixture("data/edge-cases.yaml")
    target = tmp_path_factory.mktemp("edge") / "edge-cases.pptx"
    render(brief, theme, target, lambda *args: None)
    return brief, Presentation(str(target))


def test_a_row_too_big_for_a_slide_is_cut_at_a_word_and_whole_in_the_notes(edge_deck):
    brief, deck = edge_deck
    long_cell = brief.sections[0].tables[0].rows[3][0].plain()
    found = [(slide, cell.text_frame.text) for slide in deck.slides for shape in slide.shapes if shape.has_table
             for row in list(shape.table.rows)[1:] for cell in list(row.cells)[:1] if cell.text_frame.text.endswith("…")]
    [(slide, shown)] = found
    kept = shown.rstrip("…").split()
    assert kept and long_cell.split()[:len(kept)] == kept   # whole words, in order: never cut inside one
    assert " ".join(long_cell.split()) in " ".join(slide.notes_slide.notes_text_frame.text.split())
    assert min(cell_sizes(next(s for s in slide.shapes if s.has_table))) >= 14


def test_short_whole_tables_share_a_slide_rather_than_stand_alone(tmp_path, theme):
    from report_builder.validate import load_brief
    from report_builder.writers.pptx import render

    rows = "\n".join(f"          - [Row {n}, {n * 10}]" for n in range(1, 31))
    path = tmp_path / "brief.yaml"
    path.write_text("title: T\ndate: 2024-04-15\nsections:\n  - title: Small tables\n    table:\n"
                    "      - caption: First\n        columns: [Name, Value]\n        rows: [[a, 1], [b, 2]]\n"
                    "      - caption: Second\n        columns: [Name, Value]\n        rows: [[c, 3], [d, 4]]\n"
                    "        note: Under the second.\n"
                    "      - caption: Long\n        columns: [Name, Value]\n        rows:\n" + rows + "\n"
                    "      - caption: After the long one\n        columns: [Name, Value]\n        rows: [[e, 5]]\n",
                    encoding="utf-8")
    brief, _ = load_brief(path)
    target = tmp_path / "brief.pptx"
    render(brief, theme, target, lambda *args: None)
    deck = Presentation(str(target))
    placed = [[shape.name for shape in slide.shapes if shape.has_table] for slide in deck.slides]
    placed = [names for names in placed if names]
    assert placed[0] == ["Table 1", "Table 2"]
    assert placed[1] == ["Table 3"]
    # The long table's parts stand alone (its rows spread evenly fill them); the last table follows.
    assert all(names == ["Table 3 (cont.)"] for names in placed[2:-1]) and len(placed) >= 4
    assert placed[-1] == ["Table 4"]
    first = next(slide for slide in deck.slides if any(s.name == "Table 2" for s in slide.shapes))
    boxes = sorted((s.top, s.top + s.height, s.name) for s in first.shapes
                   if s.has_table or (s.has_text_frame and s.text_frame.text.startswith(("Table", "Under"))))
    for (_, bottom, _), (top, _, _) in zip(boxes, boxes[1:]):
        assert bottom <= top, boxes   # stacked, never overlapping
    assert boxes[-1][1] <= deck.slide_height * 0.95
    texts = [s.text_frame.text for s in first.shapes if s.has_text_frame]
    assert "Table 1: First" in texts and "Table 2: Second" in texts and "Under the second." in texts
    assert "Table 2: Second" in first.notes_slide.notes_text_frame.text


def test_a_wide_chart_goes_under_a_few_points_rather_than_leave_them_alone(tmp_path, theme):
    from report_builder.validate import load_brief
    from report_builder.writers.pptx import render

    months = [f"{m} {y}" for y in (2022, 2023) for m in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                                          "Sep", "Oct", "Nov", "Dec")]
    path = tmp_path / "brief.yaml"
    path.write_text("title: T\ndate: 2024-04-15\nsections:\n  - title: Monthly\n"
                    "    bullets: [Volumes swing with the seasons., The trend is up.]\n"
                    "    chart:\n      type: line\n      title: Two years by month\n"
                    f"      categories: [{', '.join(months)}]\n"
                    f"      series: [{{name: Tonnes, values: [{', '.join(str(100 + n) for n in range(24))}]}}]\n"
                    "      alt: A line rising over two years.\n", encoding="utf-8")
    brief, _ = load_brief(path)
    target = tmp_path / "brief.pptx"
    render(brief, theme, target, lambda *args: None)
    deck = Presentation(str(target))
    [slide] = [slide for slide in deck.slides if any(shape.has_chart for shape in slide.shapes)]
    [chart] = [shape for shape in slide.shapes if shape.has_chart]
    [body] = [shape for shape in slide.shapes if shape.has_text_frame and "The trend is up." in shape.text_frame.text]
    assert body.top + body.height <= chart.top
    assert chart.width > deck.slide_width * 0.8 and chart.height > deck.slide_height * 0.4
    assert chart.top + chart.height <= deck.slide_height
    assert sum(1 for s in deck.slides if s.shapes.title is not None
               and s.shapes.title.text_frame.text.startswith("Monthly")) == 1
