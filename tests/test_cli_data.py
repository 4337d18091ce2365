"""The command line with tables and charts: a broken one is a located error, exit 2, and nothing written."""

from __future__ import annotations

import shutil

from conftest import FIXTURES, run_cli

BROKEN = {
    "rows:\n        - [\"Jan 2022\", 400, 13.3, \"Rail via Tumangang [@port-data]\"]":
        ("rows:\n        - [\"Jan 2022\", 400, \"Rail via Tumangang\"]",
         "sections[0].table.rows[0]: has 3 cells; the table has 4 columns"),
    "values: [1.2, 1.5,": ("values: [1.2, 1.5 kt,", "sections[1].chart.series[0].values[1]: expected a number"),
    "type: pie": ("type: pi", "sections[2].chart[0].type: unknown chart type 'pi'; did you mean 'pie'?"),
    "values: [48, 27, 21, 4]": ("values: [48, -27, 21, 4]",
                                "sections[2].chart[0].series[0].values[1]: a pie chart cannot show a negative value"),
    "      alt: \"Bar chart:": ("      title_: \"Bar chart:", "sections[2].chart[1].alt: required field 'alt' is missing"),
}


def test_broken_tables_and_charts_fail_with_located_errors_and_leave_outputs_untouched(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    brief = source / "freight.yaml"
    shutil.copy(FIXTURES / "data" / "tables-charts.yaml", brief)
    assert run_cli("build", "--quiet", cwd=tmp_path).returncode == 0
    out = tmp_path / "out"
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    assert {"freight.docx", "freight.pdf", "freight.pptx"} <= set(before)
    original = brief.read_text(encoding="utf-8")
    for good, (bad, message) in BROKEN.items():
        assert good in original
        brief.write_text(original.replace(good, bad, 1), encoding="utf-8")
        result = run_cli("build", "--force", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr
        assert result.stderr.startswith("source/freight.yaml:")
        assert "Traceback" not in result.stderr
        assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_broken_chart_writes_no_file_at_all(tmp_path):
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: T\ndate: 2024-04-15\nsections:\n  - title: S\n    chart:\n      type: pie\n"
                     "      categories: [A, B]\n      series:\n        - {name: X, values: [1, 2]}\n"
                     "        - {name: Y, values: [3, 4]}\n      alt: Two pies in one.\n", encoding="utf-8")
    result = run_cli("build", str(brief), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "brief.yaml:9:9: sections[0].chart.series: a pie chart shows one series; this one has 2" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("brief.*"))


def test_tables_and_charts_at_their_limits_build_and_stay_on_their_slides(tmp_path):
    from pptx import Presentation

    result = run_cli("build", str(FIXTURES / "data" / "edge-cases.yaml"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert ("edge-cases.yaml:13:12: warning: sections[0].table.rows[3][0]: too long for a table row on a slide; "
            "shortened on the slide, whole in the speaker notes") in result.stderr
    deck = Presentation(str(tmp_path / "edge-cases.pptx"))
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table or shape.has_chart:
                assert shape.top + shape.height <= deck.slide_height * 0.93
                assert shape.left + shape.width <= deck.slide_width
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    assert any("Row 4 in full: a very long cell" in text and text.count("very long cell") == 60 for text in notes)
    assert (tmp_path / "edge-cases.pdf").stat().st_size > 0 and (tmp_path / "edge-cases.docx").stat().st_size > 0
