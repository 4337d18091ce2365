"""Warnings the printed outputs give before they disagree with what the author asked for.

A bold or italic face the layout's fonts lack (a theme font in one weight,
Hangul italic, which NanumGothic lacks) is said once per font and face,
whichever output is built; a reference.docx whose styles set another font
than the one the contents' page numbers are worked out with is said once.
Each is checked against the real file: the PDF's embedded faces, the styles
of the reference.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest

from conftest import ROOT, run_cli

SAMPLE = ROOT / "source" / "russia-dprk.yaml"


def warnings_of(result) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [line for line in result.stderr.splitlines() if ": warning: " in line]


@pytest.fixture(scope="module")
def one_weight(tmp_path_factory) -> Path:
    """A layout whose text font comes in its regular face only."""
    layout = tmp_path_factory.mktemp("one-weight") / "layouts" / "one-weight"
    (layout / "fonts").mkdir(parents=True)
    shutil.copy(ROOT / "layouts" / "default" / "fonts" / "LiberationSans-Regular.ttf", layout / "fonts")
    (layout / "theme.yaml").write_text("fonts:\n  text:\n    name: Arial\n    regular: fonts/LiberationSans-Regular.ttf\n",
                                       encoding="utf-8")
    return layout


def test_a_text_font_without_bold_and_italic_files_is_one_warning_per_face(one_weight, tmp_path):
    said = {}
    for formats in ("docx", "pdf", "docx,pdf"):
        said[formats] = warnings_of(run_cli("build", str(SAMPLE), "--out", str(tmp_path / formats.replace(",", "-")),
                                            "--layout", str(one_weight), "--formats", formats, "--quiet"))
    assert said["docx"] == said["pdf"] == said["docx,pdf"]
    bold, italic = said["pdf"]
    assert bold.startswith(f"{SAMPLE}:6:8: warning: title: 'Russia–DPRK Relations: Long-t…' is bold, but the layout "
                           "gives Arial (LiberationSans in the PDF) no bold face: the PDF sets it in the regular face")
    assert "add a bold file to the layout's fonts.text" in bold
    assert " is italic, but the layout gives Arial (LiberationSans in the PDF) no italic face" in italic
    assert "(and 6 other fields)" in italic   # the seven sources' titles
    with pdfplumber.open(tmp_path / "pdf" / "russia-dprk.pdf") as pdf:
        faces = {char["fontname"].split("+")[-1] for char in pdf.pages[0].chars}
    assert "LiberationSans" in faces and not any("Bold" in face or "Italic" in face for face in faces)


def test_italic_hangul_in_many_fields_is_one_warning(tmp_path):
    brief = tmp_path / "hangul.yaml"
    brief.write_text(
        "title: Korean italics\ndate: 2024-01-01\nsections:\n  - title: One\n    bullets:\n"
        "      - \"*기울임* first\"\n      - \"second *기울임*\"\n"
        "  - title: Two\n    bullets:\n      - \"**굵은** and *기울임*\"\n", encoding="utf-8")
    said = warnings_of(run_cli("build", str(brief), "--out", str(tmp_path / "out"), "--quiet"))
    assert said == [
        f"{brief}:6:9: warning: sections[0].bullets[0]: '기울임' is italic, but the layout gives Malgun Gothic "
        "(NanumGothic in the PDF) no italic face: the PDF sets it in the regular face, and Word and PowerPoint "
        "synthesise one where the reader's Malgun Gothic has none (and 2 other fields); add an italic file to the "
        "layout's fonts.fallbacks[0]"]
    with pdfplumber.open(tmp_path / "out" / "hangul.pdf") as pdf:
        faces = {char["text"]: char["fontname"].split("+")[-1] for char in pdf.pages[0].chars}
    assert faces["기"] == "NanumGothic" and faces["굵"] == "NanumGothicBold"


def reference_with(path: Path, font: str) -> Path:
    """A reference.docx made from the shipped layout's own, its Normal style set in `font`."""
    result = run_cli("layouts", "export", "default", str(path.parent / "exported"))
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(path.parent / "exported" / "reference.docx"))
    document.styles["Normal"].font.name = font
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def test_a_reference_set_in_another_font_says_the_contents_may_be_off(tmp_path):
    layout = tmp_path / "layouts" / "calibri"
    reference_with(layout / "reference.docx", "Calibri")
    said = warnings_of(run_cli("build", str(SAMPLE), "--out", str(tmp_path / "out"), "--layout", str(layout),
                               "--formats", "docx", "--quiet"))
    assert said == [
        f"{layout / 'reference.docx'}:1:1: warning: reference.docx: its styles set text in Calibri (Normal, Body Text, "
        "Title and 19 more), not in Arial, the layout's text font, with which the contents' page numbers are worked "
        "out: they may be off by a page where lines break differently; set Arial in the reference's styles, or name "
        "the reference's font, with its files, as the layout's fonts.text"]
    body = docx.Document(str(tmp_path / "out" / "russia-dprk.docx")).styles["Body Text"]
    assert body.base_style.name == "Normal" and body.base_style.font.name == "Calibri"


def test_a_reference_in_a_font_of_the_same_widths_is_not_a_warning(tmp_path):
    layout = tmp_path / "layouts" / "liberation"
    reference_with(layout / "reference.docx", "Liberation Sans")
    assert warnings_of(run_cli("build", str(SAMPLE), "--out", str(tmp_path / "out"), "--layout", str(layout),
                               "--formats", "docx", "--quiet")) == []
