"""Layouts: stacks of theme files (extends, local overrides), located errors, and briefs naming layouts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, SAMPLE, run_cli
from report_builder.errors import ContentError
from report_builder.layouts import builtin_layouts_dir, layout_stack, resolve_layout
from report_builder.theme import load_theme

SHIPPED = builtin_layouts_dir()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(exc: pytest.ExceptionInfo) -> list[str]:
    return [str(d) for d in exc.value.diagnostics]


# Stacks and merging --------------------------------------------------------


def test_a_one_line_local_default_changes_only_that_value(tmp_path):
    write(tmp_path / "layouts" / "default" / "theme.yaml", "pdf: {handout: full}\n")
    theme = load_theme(resolve_layout(None, tmp_path), tmp_path)
    shipped = load_theme(SHIPPED / "default", tmp_path)
    assert theme.pdf_handout == "full" and shipped.pdf_handout == "summary"
    assert theme.colors == shipped.colors and theme.sizes == shipped.sizes
    assert theme.text_font == shipped.text_font
    assert theme.stack == ((SHIPPED / "default").resolve(), (tmp_path / "layouts" / "default").resolve())
    assert theme.template_pptx == (SHIPPED / "default" / "template.pptx").resolve()


def test_a_local_layout_extends_the_default_unless_it_says_otherwise(tmp_path):
    write(tmp_path / "layouts" / "mine" / "theme.yaml", "colors: {primary: '112233'}\n")
    write(tmp_path / "layouts" / "theirs" / "theme.yaml", "extends: mine\nsizes: {body: 12}\n")
    theme = load_theme(resolve_layout("theirs", tmp_path), tmp_path)
    assert [p.name for p in theme.stack] == ["default", "mine", "theirs"]
    assert theme.colors.primary == "112233" and theme.sizes.body == 12
    assert theme.sizes.title == load_theme(SHIPPED / "default").sizes.title


def test_a_local_layout_of_a_shipped_name_sits_on_the_shipped_one(tmp_path):
    write(tmp_path / "layouts" / "institutional" / "theme.yaml", "colors: {accent: '00AA00'}\n")
    theme = load_theme(resolve_layout("institutional", tmp_path), tmp_path)
    shipped = load_theme(SHIPPED / "institutional", tmp_path)
    assert [p.parent.name for p in theme.stack] == ["layouts", "layouts", "layouts"]
    assert theme.stack[:2] == shipped.stack and theme.stack[2] == (tmp_path / "layouts" / "institutional").resolve()
    assert theme.colors.accent == "00AA00" and theme.colors.primary == shipped.colors.primary
    assert theme.text_font == shipped.text_font
    assert theme.template_pptx == shipped.template_pptx


def test_a_font_given_with_its_files_replaces_the_whole_face(tmp_path):
    fonts = tmp_path / "layouts" / "serif" / "fonts"
    fonts.mkdir(parents=True)
    serif = SHIPPED / "institutional" / "fonts" / "LiberationSerif-Regular.ttf"
    shutil.copy(serif, fonts / "Serif.ttf")
    write(tmp_path / "layouts" / "serif" / "theme.yaml",
          "fonts:\n  text:\n    name: Times New Roman\n    regular: fonts/Serif.ttf\n")
    theme = load_theme(resolve_layout("serif", tmp_path), tmp_path)
    face = theme.text_font
    assert face.name == "Times New Roman"
    assert {face.regular, face.bold, face.italic, face.bold_italic} == {(fonts / "Serif.ttf").resolve()}
    assert theme.warnings == ()


def test_a_font_named_without_files_is_a_located_warning(tmp_path):
    write(tmp_path / "layouts" / "mine" / "theme.yaml", "# our font\nfonts:\n  text: {name: Georgia}\n")
    theme = load_theme(resolve_layout("mine", tmp_path), tmp_path)
    assert theme.text_font.name == "Georgia"
    assert theme.text_font.regular.name == "LiberationSans-Regular.ttf"
    assert [str(w) for w in theme.warnings] == [
        "layouts/mine/theme.yaml:3:16: warning: fonts.text.name: no font files for 'Georgia' in this layout: "
        "the PDF uses, and slide text is measured with, LiberationSans-Regular.ttf and its family; give its .ttf "
        "files as regular, bold, italic and bold_italic so slide text fits as it will be shown"
    ]


def test_errors_are_located_in_the_file_that_has_them(tmp_path):
    write(tmp_path / "layouts" / "base" / "theme.yaml", "colors:\n  primary: 'nope'\n")
    write(tmp_path / "layouts" / "top" / "theme.yaml", "extends: base\nsizes:\n  body: -3\n  bodyy: 4\n")
    with pytest.raises(ContentError) as exc:
        load_theme(resolve_layout("top", tmp_path), tmp_path)
    assert messages(exc) == [
        "layouts/base/theme.yaml:2:12: colors.primary: 'NOPE' is not a colour; write RRGGBB, e.g. 1F3A5F",
        "layouts/top/theme.yaml:3:9: sizes.body: -3 is out of range (4 to 96)",
        "layouts/top/theme.yaml:4:3: sizes.bodyy: unknown key 'bodyy'; did you mean 'body'?",
    ]


def test_extending_an_unknown_layout_is_located(tmp_path):
    write(tmp_path / "layouts" / "top" / "theme.yaml", "# mine\nextends: nosuch\n")
    with pytest.raises(ContentError) as exc:
        layout_stack(resolve_layout("top", tmp_path), tmp_path)
    assert messages(exc) == [
        "layouts/top/theme.yaml:2:10: extends: unknown layout 'nosuch'; available: default, institutional, top"
    ]


def test_layouts_extending_each_other_in_a_circle_are_refused(tmp_path):
    write(tmp_path / "layouts" / "a" / "theme.yaml", "extends: b\n")
    write(tmp_path / "layouts" / "b" / "theme.yaml", "extends: a\n")
    result = run_cli("check", str(SAMPLE), "--layout", "a", cwd=tmp_path)
    assert result.returncode == 2
    assert "layouts extend each other in a circle: a → b → a" in result.stderr


def test_description_is_one_line(tmp_path):
    write(tmp_path / "layouts" / "mine" / "theme.yaml", "description: |\n  two\n  lines\n")
    with pytest.raises(ContentError) as exc:
        load_theme(resolve_layout("mine", tmp_path), tmp_path)
    assert messages(exc) == ["layouts/mine/theme.yaml:1:14: description: keep the description to one line "
                             "of at most 100 characters"]


# Briefs naming layouts -------------------------------------------------------


def brief_with_layout(project: Path, name: str | None, stem: str = "russia-dprk") -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    if name:
        text = text.replace("\ndate: ", f"\nlayout: {name}\ndate: ", 1)
    return write(project / "source" / f"{stem}.yaml", text)


def pdf_fonts(path: Path) -> set[str]:
    reader = PdfReader(str(path))
    names = set()
    for page in reader.pages[:1]:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_a_brief_names_its_layout_and_layout_option_overrides_it(project):
    brief_with_layout(project, "institutional")
    assert run_cli("build", "--formats", "pdf", "--quiet", cwd=project).returncode == 0
    assert any(name.startswith("LiberationSerif") for name in pdf_fonts(project / "out" / "russia-dprk.pdf"))
    assert run_cli("build", "--formats", "pdf", "--layout", "default", "--quiet", cwd=project).returncode == 0
    assert not any(name.startswith("LiberationSerif") for name in pdf_fonts(project / "out" / "russia-dprk.pdf"))


def test_briefs_in_one_build_may_name_different_layouts(project):
    brief_with_layout(project, "institutional")
    brief_with_layout(project, None, stem="plain")
    assert run_cli("build", "--formats", "pdf", "--quiet", cwd=project).returncode == 0
    assert any(n.startswith("LiberationSerif") for n in pdf_fonts(project / "out" / "russia-dprk.pdf"))
    assert not any(n.startswith("LiberationSerif") for n in pdf_fonts(project / "out" / "plain.pdf"))
    again = run_cli("build", "--formats", "pdf", cwd=project)
    assert again.stdout.startswith("up to date: out/plain.pdf, out/russia-dprk.pdf")


def test_changing_the_layout_a_brief_names_rebuilds(project):
    brief_with_layout(project, None)
    assert run_cli("build", "--formats", "pdf", "--quiet", cwd=project).returncode == 0
    assert run_cli("build", "--formats", "pdf", cwd=project).stdout.startswith("up to date:")
    brief_with_layout(project, "institutional")
    result = run_cli("build", "--formats", "pdf", cwd=project)
    assert result.stdout.startswith("wrote out/russia-dprk.pdf"), result.stdout
    manifest = json.loads((project / "out" / ".report-builder-manifest.json").read_text())
    assert manifest["outputs"]["russia-dprk.pdf"]["layout"]["asked"] == "institutional"
    # Back to the default by the command line, then by the brief again: each is a rebuild.
    assert run_cli("build", "--formats", "pdf", "--layout", "default", cwd=project).stdout.startswith("wrote")
    assert run_cli("build", "--formats", "pdf", cwd=project).stdout.startswith("wrote")
    assert run_cli("build", "--formats", "pdf", cwd=project).stdout.startswith("up to date:")


def test_a_new_local_override_of_a_layout_in_use_rebuilds(project):
    brief_with_layout(project, "institutional")
    assert run_cli("build", "--formats", "pdf", "--quiet", cwd=project).returncode == 0
    write(project / "layouts" / "default" / "theme.yaml", "pdf: {handout: full}\n")
    result = run_cli("build", "--formats", "pdf", cwd=project)
    assert result.stdout.startswith("wrote out/russia-dprk.pdf"), result.stdout


def test_a_brief_naming_an_unknown_layout_is_located(project):
    lines = brief_with_layout(project, "fancy").read_text(encoding="utf-8").splitlines()
    line = lines.index("layout: fancy") + 1
    result = run_cli("build", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        f"source/russia-dprk.yaml:{line}:9: layout: unknown layout 'fancy'; available: default, institutional "
        "(or give a folder path)"
    )
    assert not (project / "out").exists()
    assert run_cli("check", cwd=project).stderr == result.stderr.replace("; nothing was written", "")


def test_a_font_warning_is_repeated_while_outputs_stay_up_to_date(project):
    write(project / "layouts" / "default" / "theme.yaml", "fonts:\n  text: {name: Georgia}\n")
    first = run_cli("build", "--formats", "pdf", cwd=project)
    second = run_cli("build", "--formats", "pdf", cwd=project)
    warning = "layouts/default/theme.yaml:2:16: warning: fonts.text.name: no font files for 'Georgia'"
    assert first.returncode == second.returncode == 0
    assert warning in first.stderr and warning in second.stderr
    assert second.stdout.startswith("up to date:")
    assert run_cli("build", "--formats", "pdf", "--strict", cwd=project).returncode == 2


# Local layouts beside the brief, wherever the build runs ----------------------


def test_project_folder_is_the_briefs_folder_or_the_parent_of_source(tmp_path):
    from report_builder.layouts import project_folder

    assert project_folder(tmp_path / "proj" / "source" / "b.yaml") == tmp_path / "proj"
    assert project_folder(tmp_path / "proj" / "b.yaml") == tmp_path / "proj"
    assert project_folder(tmp_path / "proj" / "briefs" / "b.yaml") == tmp_path / "proj" / "briefs"


@pytest.mark.parametrize("brief_folder", ["source", "."])
def test_a_brief_built_from_another_folder_finds_the_layouts_beside_it(tmp_path, brief_folder):
    project = tmp_path / "proj"
    write(project / "layouts" / "mine" / "theme.yaml", "extends: institutional\ncolors: {primary: '112233'}\n")
    brief = brief_with_layout(project, "mine")
    if brief_folder == ".":
        brief = brief.rename(project / brief.name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli("build", str(brief), "--formats", "pdf", "--out", str(tmp_path / "out"), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert any(name.startswith("LiberationSerif") for name in pdf_fonts(tmp_path / "out" / "russia-dprk.pdf"))
    assert run_cli("check", str(brief), cwd=elsewhere).returncode == 0
    # From inside source/, a brief given by its name finds the project's layouts/ too.
    if brief_folder == "source":
        inside = run_cli("build", brief.name, "--formats", "pdf", "--out", str(tmp_path / "out2"), cwd=brief.parent)
        assert inside.returncode == 0, inside.stderr
        assert any(n.startswith("LiberationSerif") for n in pdf_fonts(tmp_path / "out2" / "russia-dprk.pdf"))


def test_a_local_override_beside_the_brief_wins_over_the_current_folders(tmp_path):
    project = tmp_path / "proj"
    write(project / "layouts" / "default" / "theme.yaml", "pdf: {handout: full}\n")
    brief = brief_with_layout(project, None)
    write(tmp_path / "layouts" / "default" / "theme.yaml", "pdf: {handout: nonsense}\n")
    result = run_cli("check", str(brief), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # A brief with no layouts/ beside it still finds the current folder's.
    other = brief_with_layout(tmp_path / "bare", None)
    result = run_cli("check", str(other), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("layouts/default/theme.yaml:1:16: pdf.handout: 'nonsense' is not one of"), result.stderr


def test_layouts_run_inside_source_lists_the_projects_own(tmp_path):
    write(tmp_path / "layouts" / "mine" / "theme.yaml", "description: Ours\ncolors: {primary: '112233'}\n")
    (tmp_path / "source").mkdir()
    result = run_cli("layouts", cwd=tmp_path / "source")
    assert result.returncode == 0, result.stderr
    assert "Local layouts, in ../layouts/:\n  mine           Ours — extends default\n" in result.stdout
