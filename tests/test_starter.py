"""`report-builder new` and `report-builder layouts` (list, export), run as a new user would."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from pptx import Presentation
from pypdf import PdfReader

from conftest import ROOT, has_program, run_cli
from report_builder.starter import STARTER, starter_files
from report_builder.validate import load_brief


def test_new_writes_a_starter_that_builds_at_once_without_warnings(tmp_path):
    result = run_cli("new", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "wrote source/brief.yaml",
        "wrote source/images/harbour-map.png",
        "next: report-builder build   (writes out/brief.docx, out/brief.pdf and out/brief.pptx)",
    ]
    built = run_cli("build", cwd=tmp_path)
    assert built.returncode == 0 and built.stderr == "", built.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")) == [
        "brief.docx", "brief.pdf", "brief.pptx"]
    assert run_cli("check", "--strict", cwd=tmp_path).returncode == 0


def test_the_starter_brief_uses_every_kind_of_content(tmp_path):
    run_cli("new", cwd=tmp_path)
    brief, warnings = load_brief(tmp_path / "source" / "brief.yaml", "source/brief.yaml")
    assert warnings == []
    assert brief.subtitle and brief.authors and brief.organization and brief.classification and brief.layout
    assert any(j.title for j in brief.summary) and any(not j.title for j in brief.summary)
    assert any(c.title for c in brief.conclusions) and any(not c.title for c in brief.conclusions)
    assert all(s.headline and s.paragraphs and s.bullets and s.notes for s in brief.sections)
    image = brief.sections[0].image
    assert image.path.is_file() and image.caption and image.alt
    assert any(s.chronology for s in brief.sections)
    assert {len(d.date.display().split()) for d in brief.developments} == {1, 2, 3}  # year, month, day precision
    assert all(d.summary for d in brief.developments) and any(d.sources for d in brief.developments)
    assert any(d.significance and d.actors for d in brief.developments)
    assert len(brief.sources) >= 3 and any(s.url for s in brief.sources) and any(not s.url for s in brief.sources)
    assert brief.sections[0].charts and brief.sections[1].tables
    runs = [run for section in brief.sections for paragraph in section.paragraphs for run in paragraph.runs]
    assert any(getattr(run, "href", None) for run in runs) and any(getattr(run, "italic", False) for run in runs)
    assert any(type(run).__name__ == "Citation" for run in runs)


def test_the_starter_outputs_show_every_part(tmp_path):
    run_cli("new", "project", cwd=tmp_path)
    project = tmp_path / "project"
    assert run_cli("build", cwd=project).returncode == 0
    brief, _ = load_brief(project / "source" / "brief.yaml", "source/brief.yaml")
    document = docx.Document(str(project / "out" / "brief.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Key judgments", "Background", "Chronology", "Financing and risks", "Conclusions", "Sources"]
    described = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert brief.sections[0].image.alt in described and brief.sections[0].charts[0].alt in described
    pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(project / "out" / "brief.pdf")).pages)
    for development in brief.developments:
        assert development.title.plain() in pdf
    deck = Presentation(str(project / "out" / "brief.pptx"))
    pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 1
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide]
    assert any(text.startswith("Start with the map") for text in notes)


def test_new_says_where_to_go_next_for_another_folder(tmp_path):
    result = run_cli("new", "briefs/first", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].startswith("next: cd briefs/first && report-builder build")
    assert (tmp_path / "briefs" / "first" / "source" / "images" / "harbour-map.png").is_file()


def test_new_refuses_to_overwrite_anything(tmp_path):
    (tmp_path / "source").mkdir()
    mine = tmp_path / "source" / "brief.yaml"
    mine.write_text("my own brief\n", encoding="utf-8")
    result = run_cli("new", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "report-builder: error: source/brief.yaml already exists; nothing was written (run `report-builder new` "
        "in an empty folder, or give a new folder's name)\n"
    )
    assert mine.read_text(encoding="utf-8") == "my own brief\n"
    assert not (tmp_path / "source" / "images").exists()


def test_the_starter_picture_is_small_and_ships_with_the_package():
    picture = STARTER / "source" / "images" / "harbour-map.png"
    assert 1_000 < picture.stat().st_size < 40_000
    assert starter_files() == [Path("source/brief.yaml"), Path("source/images/harbour-map.png")]


# layouts ---------------------------------------------------------------------


def test_layouts_lists_shipped_and_local_layouts_with_their_descriptions(tmp_path):
    (tmp_path / "layouts" / "mine").mkdir(parents=True)
    (tmp_path / "layouts" / "mine" / "theme.yaml").write_text(
        "description: Our colours\nextends: institutional\ncolors: {primary: '112233'}\n", encoding="utf-8")
    (tmp_path / "layouts" / "default").mkdir()
    (tmp_path / "layouts" / "default" / "theme.yaml").write_text("pdf: {handout: full}\n", encoding="utf-8")
    result = run_cli("layouts", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:8] == [
        "Shipped layouts:",
        "  default        The house look; Arial, navy and gold on white",
        "  institutional  Institutional report look; Times-metric serif, deep green and sienna on warm paper",
        "",
        "Local layouts, in layouts/:",
        "  default        no description — over the shipped default",
        "  mine           Our colours — extends institutional",
        "",
    ]


def test_layouts_reports_a_broken_local_layout_where_it_is_broken(tmp_path):
    (tmp_path / "layouts" / "bad").mkdir(parents=True)
    (tmp_path / "layouts" / "bad" / "theme.yaml").write_text("description: Bad\ncolors:\n  primry: '112233'\n",
                                                              encoding="utf-8")
    result = run_cli("layouts", cwd=tmp_path)
    assert result.returncode == 2
    assert "  bad            Bad" in result.stdout
    assert result.stderr.splitlines()[0] == (
        "layouts/bad/theme.yaml:3:3: colors.primry: unknown key 'primry'; did you mean 'primary'?")


def test_layouts_export_copies_theme_fonts_template_and_makes_a_reference(tmp_path):
    result = run_cli("layouts", "export", "default", "layouts/mine", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "layouts" / "mine"
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert files == [
        "fonts/LICENSE-Liberation.txt", "fonts/LICENSE-Nanum.txt", "fonts/LiberationSans-Bold.ttf",
        "fonts/LiberationSans-BoldItalic.ttf", "fonts/LiberationSans-Italic.ttf", "fonts/LiberationSans-Regular.ttf",
        "fonts/NanumGothic-Bold.ttf", "fonts/NanumGothic-Regular.ttf", "fonts/README.md",
        "reference.docx", "template.pptx", "theme.yaml",
    ]
    assert "wrote layouts/mine/reference.docx (made from the layout's Word styles)" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("use it with `layout: mine` in a brief, or `--layout mine`")
    reference = docx.Document(str(folder / "reference.docx"))
    names = {style.name for style in reference.styles}
    assert {"Title", "Heading 1", "Body Text", "List Bullet", "Key Judgment", "Caption", "Table Heading",
            "Bibliography", "Hyperlink", "Classification"} <= names
    assert [p.style.name for p in reference.paragraphs][:3] == ["Title", "Subtitle", "Date"]
    assert round(reference.sections[0].page_width.mm) == 210
    listed = run_cli("layouts", cwd=tmp_path).stdout
    assert "  mine           Based on the default layout; say here what yours changes — extends default" in listed
    again = run_cli("layouts", "export", "default", "layouts/mine", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.startswith("report-builder: error: layouts/mine/fonts/LICENSE-Liberation.txt, ")
    assert again.stderr.rstrip().endswith("and 9 more already exist; nothing was written (export into a new or "
                                          "empty folder)")


def test_layouts_export_of_an_unknown_layout_is_a_usage_error(tmp_path):
    result = run_cli("layouts", "export", "fancy", "out-folder", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("report-builder: error: unknown layout 'fancy'; available: default, institutional")
    assert not (tmp_path / "out-folder").exists()


@pytest.mark.skipif(not has_program("git"), reason="git is not installed")
def test_a_wheel_holds_the_layouts_fonts_and_starter_project(tmp_path):
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    source = tmp_path / "src"
    for name in listed.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((ROOT / name).read_bytes())
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                             "-w", str(tmp_path / "dist"), str(source)], capture_output=True, text=True, timeout=300)
    if result.returncode != 0 and ("No module named" in result.stderr or "Could not find a version" in result.stderr):
        pytest.skip("pip cannot get setuptools here: " + result.stderr[-200:])
    assert result.returncode == 0, result.stderr
    wheel = next((tmp_path / "dist").glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for layout in ("default", "institutional"):
        assert f"report_builder/layouts/{layout}/theme.yaml" in names
        assert f"report_builder/layouts/{layout}/template.pptx" in names
    assert "report_builder/layouts/institutional/fonts/LiberationSerif-Regular.ttf" in names
    assert "report_builder/layouts/institutional/fonts/LICENSE-Liberation.txt" in names
    assert "report_builder/starter_project/source/brief.yaml" in names
    assert "report_builder/starter_project/source/images/harbour-map.png" in names


def test_layouts_export_copies_a_layouts_own_reference_and_the_fonts_it_names(tmp_path):
    import shutil

    from report_builder.layouts import builtin_layouts_dir

    source = tmp_path / "layouts" / "house"
    source.mkdir(parents=True)
    reference = docx.Document()
    reference.styles["Heading 1"].font.size = docx.shared.Pt(19)
    reference.save(str(source / "reference.docx"))
    serif = builtin_layouts_dir() / "institutional" / "fonts" / "LiberationSerif-Regular.ttf"
    (source / "type").mkdir()
    faces = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
    for face in faces.values():
        shutil.copy(serif.with_name(f"LiberationSerif-{face}.ttf"), source / "type" / f"Serif-{face}.ttf")
    (source / "type" / "OFL.txt").write_text("SIL Open Font License\n", encoding="utf-8")
    (source / "type" / "unused.ttf").write_bytes(serif.read_bytes())
    named = ", ".join(f"{key}: type/Serif-{face}.ttf" for key, face in faces.items())
    (source / "theme.yaml").write_text(
        f"description: Our house\nfonts:\n  text: {{name: Times New Roman, {named}}}\n", encoding="utf-8")
    result = run_cli("layouts", "export", "house", str(tmp_path / "copy"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    copy = tmp_path / "copy"
    assert (copy / "reference.docx").read_bytes() == (source / "reference.docx").read_bytes()
    assert "made from" not in result.stdout
    assert (copy / "type" / "Serif-Regular.ttf").read_bytes() == serif.read_bytes()
    assert sorted(p.name for p in (copy / "type").glob("*.ttf")) == sorted(f"Serif-{f}.ttf" for f in faces.values())
    assert (copy / "type" / "OFL.txt").is_file() and not (copy / "type" / "unused.ttf").exists()
    assert result.stdout.splitlines()[-1].endswith("use it with `--layout ./copy`")
    built = run_cli("build", "--layout", str(copy), "--formats", "pdf", str(ROOT / "source" / "russia-dprk.yaml"),
                    "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert built.returncode == 0 and "warning" not in built.stderr, built.stderr
