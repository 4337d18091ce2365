"""The limits docs/content-format.md documents are the ones the code applies.

Each row of its "Limits" table is rebuilt here from the code's constants, so a
changed constant or a changed document fails until the other follows. What a
layout's page holds (bar chart categories, pie slices, table columns) has no
constant: it is found by building at the documented number and one past it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from conftest import ROOT
from report_builder import images, inputs, layouts, manifest, package_check, reader, theme, validate, validate_data

DOC = ROOT / "docs" / "content-format.md"
MEASURED = {"a bar chart", "a pie", "a table"}


def limits_table() -> dict[str, str]:
    section = DOC.read_text(encoding="utf-8").split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| ") and not line.startswith(("| what |", "|---")):
            what, limit = (cell.strip() for cell in line.strip().strip("|").split(" | "))
            rows[what] = limit
    return rows


def mb(size: int) -> str:
    return f"{size // inputs.MB:,} MB"


def expected_rows() -> dict[str, str]:
    page_room = theme.PAGE_ROOM
    slide_room = theme.SLIDE_ROOM
    share = f"{theme.SLIDE_TEXT_SHARE:.0%}"
    body_ems, body_lines = page_room["body"]
    title_ems, title_lines = page_room["title"]
    assert page_room["small"] == page_room["heading2"] == page_room["body"]
    assert page_room["subtitle"] == page_room["heading1"] == page_room["title"]
    assert slide_room["slide_body"] == slide_room["slide_body_min"] == slide_room["slide_small"]
    return {
        "a brief (its YAML file) or a theme.yaml": mb(reader.MAX_FILE_BYTES),
        "one text (a paragraph, a bullet, a key judgment, notes, a table cell)":
            f"{reader.MAX_TEXT_CHARS:,} characters",
        "a title, name, headline or caption (title, subtitle, organization, classification, authors, section "
        "and development titles, headlines, image captions and alt text, source titles)":
            f"{validate.MAX_LABEL_CHARS:,} characters",
        "values in one file (texts, numbers, lists, mappings)":
            f"{reader.MAX_NODES:,} (20,000 developments with every field use about 320,000)",
        "what anchors and aliases add":
            f"{reader.MAX_ALIAS_NODES:,} values and {reader.MAX_ALIAS_CHARS:,} characters",
        "nesting": f"{reader.MAX_DEPTH} levels",
        "an image file": f"{mb(inputs.MAX_IMAGE_BYTES)}, {images.MAX_PIXELS:,} pixels, at most "
                         f"{images.MAX_ASPECT} times wider than tall or taller than wide",
        "a font file": mb(inputs.MAX_FONT_BYTES),
        "a reference.docx or template.pptx":
            f"{mb(inputs.MAX_TEMPLATE_BYTES)}, at most {package_check.MAX_MEMBERS:,} parts, each unpacking to at "
            f"most {mb(package_check.MAX_MEMBER_BYTES)} and all together to {mb(package_check.MAX_TOTAL_BYTES)}; "
            f"a part over {package_check.RATIO_FROM_BYTES:,} bytes compressed no more than "
            f"{package_check.MAX_RATIO} to 1",
        "a layout folder": f"{layouts.MAX_LAYOUT_FILES:,} files and folders, among them a "
                           f"{', '.join(layouts.LAYOUT_MARKERS[:-1])} or {layouts.LAYOUT_MARKERS[-1]}",
        "the manifest (`out/.report-builder-manifest.json`)":
            f"{mb(manifest.MAX_MANIFEST_BYTES)}; a larger or damaged one counts as none, and everything is rebuilt",
        "any other file a build depends on (hashed to notice an edit)":
            f"{mb(inputs.MAX_HASHED_BYTES)}; a larger one counts as changed, and its outputs are rebuilt",
        "theme `page.margin_mm`": "{} to {} mm".format(*theme.MARGIN_MM),
        "theme `slide.width_in`, `slide.height_in`":
            "{} to {} in wide, {} to {} in tall".format(*theme.SLIDE_WIDTH_IN, *theme.SLIDE_HEIGHT_IN),
        "theme `sizes`": "{} to {} pt each".format(*theme.SIZE_PT),
        "theme `pdf.measure_em`, `word.measure_em`": "{} to {} body-size ems".format(*theme.MEASURE_EM),
        "theme sizes on the page":
            f"body, small and heading2: {body_ems} ems a line (about {2 * body_ems} characters) and {body_lines} "
            f"lines a page; title, subtitle and heading1: {title_ems} ems and {title_lines} lines (lines "
            f"{theme.LINE_SPACING:g} times the size)",
        "theme sizes on a slide":
            f"a two-line slide_title, two banners of slide_small and six lines of slide_body_min within {share} of "
            f"the slide's height; slide_title {slide_room['slide_title']} ems and the other slide sizes "
            f"{slide_room['slide_body']} ems within {share} of its width",
        "a chart value": f"between -10^{_power(validate_data.CHART_LARGEST)} and "
                         f"10^{_power(validate_data.CHART_LARGEST)}, and 0 or at least "
                         f"10^{_power(validate_data.CHART_SMALLEST)} from 0",
    }


def _power(value: float) -> int:
    power = round(math.log10(value))
    assert 10.0 ** power == value
    return power


def test_every_documented_limit_is_the_code_s():
    rows = limits_table()
    expected = expected_rows()
    assert set(rows) == set(expected) | MEASURED
    for what, limit in expected.items():
        assert rows[what] == limit, what


def test_the_theme_ranges_documented_are_the_ones_a_theme_is_held_to(tmp_path):
    """The constants are what validation applies: a value just past each end is refused, naming the range."""
    from report_builder.errors import ContentError
    from report_builder.layouts import resolve_layout
    from report_builder.theme import load_theme

    cases = [("page", "margin_mm", theme.MARGIN_MM), ("slide", "height_in", theme.SLIDE_HEIGHT_IN),
             ("sizes", "body", theme.SIZE_PT), ("word", "measure_em", theme.MEASURE_EM)]
    for section, key, (low, high) in cases:
        for value in (low - 0.5, high + 0.5):
            folder = tmp_path / "layouts" / f"{key}-{value:g}"
            folder.mkdir(parents=True)
            (folder / "theme.yaml").write_text(f"{section}: {{{key}: {value}}}\n", encoding="utf-8")
            with pytest.raises(ContentError) as caught:
                load_theme(resolve_layout(folder.name, tmp_path), tmp_path)
            message = str(caught.value.diagnostics[0])
            assert f"{section}.{key}" in message and f"{low:g}" in message and f"{high:g}" in message, message


def test_the_values_documented_for_many_developments_are_counted_so(monkeypatch):
    """The table's example: 20,000 developments with every field (counted on 2,000, the count is linear)."""
    from hostile_cases import _sources, brief, developments

    documented = re.search(r"(\d[\d,]*) developments with every field use about (\d[\d,]*)",
                           limits_table()["values in one file (texts, numbers, lists, mappings)"])
    count, values = (int(n.replace(",", "")) for n in documented.groups())
    counted = []
    original = reader._Builder._count

    def counting(self, event, depth):
        counted.append(1)
        return original(self, event, depth)

    monkeypatch.setattr(reader._Builder, "_count", counting)
    reader.parse_yaml(brief(developments=developments(count // 10), sources=_sources()), "brief.yaml")
    assert round(len(counted) * 10, -4) == values


def _documented_count(what: str) -> int:
    return int(re.search(r": (\d+) with the default layout$", limits_table()[what]).group(1))


def _chart(kind: str, count: int) -> str:
    categories = ", ".join(f"K{i}" for i in range(count))
    values = ", ".join(str(i + 1) for i in range(count))
    return (f"    chart:\n      type: {kind}\n      alt: A chart\n      categories: [{categories}]\n"
            f"      series:\n        - name: X\n          values: [{values}]\n")


def _table(count: int) -> str:
    columns = ", ".join(f"C{i}" for i in range(count))
    return f"    table:\n      columns: [{columns}]\n      rows:\n        - [{', '.join(str(i) for i in range(count))}]\n"


@pytest.mark.parametrize("what, block, field", [
    ("a bar chart", lambda n: _chart("bar", n), "chart.categories"),
    ("a pie", lambda n: _chart("pie", n), "chart.categories"),
    ("a table", _table, "table.columns"),
])
def test_what_a_page_of_the_default_layout_holds_is_as_documented(tmp_path: Path, rb, what, block, field):
    documented = _documented_count(what)
    (tmp_path / "source").mkdir()
    brief = tmp_path / "source" / "brief.yaml"
    for count, fits in ((documented, True), (documented + 1, False)):
        brief.write_text(f"title: T\ndate: 2024-01-01\nsections:\n  - title: S\n{block(count)}", encoding="utf-8")
        result = rb("build", "--quiet", "--force", cwd=tmp_path)
        if fits:
            assert result.returncode == 0, result.stderr
        else:
            assert result.returncode == 2
            assert f"sections[0].{field}: " in result.stderr.splitlines()[0]
