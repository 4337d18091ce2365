"""`check` keeps what checking a layout found while none of its files changes (checked_layouts.py)."""

from __future__ import annotations

import marshal
import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, run_cli

from report_builder import checked_layouts, theme
from report_builder.briefs import check_layouts, load_briefs, load_layouts
from report_builder.errors import ContentError

OWN_FONT_NAME = "fonts:\n  text:\n    name: Georgia\n"
"""A font named without its files: the layout's one warning, at its line 3."""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project whose brief uses its own layout `mine` (a copy of the shipped default), and a private cache."""
    monkeypatch.setenv("REPORT_BUILDER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(checked_layouts, "RACY_SECONDS", 0.0)  # files written a moment ago count as settled
    folder = tmp_path / "project"
    (folder / "source").mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8")
    (folder / "source" / "brief.yaml").write_text(f"layout: mine\n{text}", encoding="utf-8")
    shutil.copytree(ROOT / "layouts" / "default", folder / "layouts" / "mine")
    (folder / "layouts" / "mine" / "theme.yaml").write_text(OWN_FONT_NAME, encoding="utf-8")
    monkeypatch.chdir(folder)
    time.sleep(0.01)
    return folder


@pytest.fixture
def reads(monkeypatch):
    """How many times a layout was read in full."""
    count = []
    load_theme = theme.load_theme

    def counted(*args, **kwargs):
        count.append(1)
        return load_theme(*args, **kwargs)

    monkeypatch.setattr(theme, "load_theme", counted)
    return count


def checked(folder: Path, chosen: str | None = None) -> list[str]:
    briefs, _ = load_briefs([Path("source/brief.yaml")], folder)
    return [str(d) for d in check_layouts(briefs, chosen, folder)]


def loaded(folder: Path, chosen: str | None = None) -> list[str]:
    briefs, _ = load_briefs([Path("source/brief.yaml")], folder)
    return [str(d) for d in load_layouts(briefs, chosen, folder)[1]]


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        checked(folder)
    return [str(d) for d in raised.value.diagnostics]


def test_an_unchanged_layout_is_read_once_and_gives_the_same_warnings(project, reads):
    first = checked(project)
    assert first == loaded(project) and len(first) == 1
    assert first[0].startswith("layouts/mine/theme.yaml:3:11: warning: fonts.text.name: no font files for 'Georgia'")
    reads.clear()
    assert checked(project) == first
    assert checked(project, "mine") == first
    assert reads == []
    assert checked(project, "institutional") == loaded(project, "institutional")


def test_an_edited_theme_is_read_again(project, reads):
    checked(project)
    (project / "layouts" / "mine" / "theme.yaml").write_text("sizes:\n  body: 200\n", encoding="utf-8")
    problems = errors_of(project)
    assert problems[0].startswith("layouts/mine/theme.yaml:2:9: sizes.body: 200 is")
    (project / "layouts" / "mine" / "theme.yaml").write_text("\n" + OWN_FONT_NAME, encoding="utf-8")
    assert checked(project)[0].startswith("layouts/mine/theme.yaml:4:11: warning: fonts.text.name")


def test_a_changed_template_or_font_is_read_again(project, reads):
    checked(project)
    template = project / "layouts" / "mine" / "template.pptx"
    template.write_bytes(b"not a deck")
    assert any("template.pptx" in problem for problem in errors_of(project))
    shutil.copy(ROOT / "layouts" / "default" / "template.pptx", template)
    assert len(checked(project)) == 1
    font = project / "layouts" / "mine" / "fonts" / "LiberationSans-Bold.ttf"
    (project / "layouts" / "mine" / "theme.yaml").write_text(
        "fonts:\n  text:\n    name: Liberation Sans\n    regular: fonts/LiberationSans-Regular.ttf\n"
        "    bold: fonts/LiberationSans-Bold.ttf\n", encoding="utf-8")
    assert checked(project) == []
    reads.clear()
    assert checked(project) == []
    assert reads == []
    font.write_bytes(b"\0" * 64)
    assert any("fonts.text.bold" in problem for problem in errors_of(project))


def test_a_file_added_to_a_layout_is_read_again(project, reads):
    checked(project)
    (project / "layouts" / "mine" / "reference.docx").write_bytes(b"not a document")
    assert any("reference.docx" in problem for problem in errors_of(project))


def test_a_layout_changed_while_it_was_read_is_not_kept(project, reads, monkeypatch):
    monkeypatch.setattr(checked_layouts, "RACY_SECONDS", 2.0)
    checked(project)
    checked(project)
    assert len(reads) == 2


def test_a_layout_with_errors_is_not_kept(project, reads):
    (project / "layouts" / "mine" / "theme.yaml").write_text("colors:\n  primary: nope\n", encoding="utf-8")
    errors_of(project)
    errors_of(project)
    assert len(reads) == 2


def test_corrupt_or_unreadable_entries_count_as_none(project, reads):
    first = checked(project)
    [entry] = list((project.parent / "cache" / "layouts").iterdir())
    entry.write_bytes(b"\x00garbage")
    assert checked(project) == first
    entry.unlink()
    entry.mkdir()
    assert checked(project) == first
    entry.rmdir()
    entry.write_bytes(marshal.dumps((1, "another layout", "", [], [], [], [])))
    assert checked(project) == first
    entry.write_bytes(marshal.dumps((1, None)))
    assert checked(project) == first
    assert len(reads) == 5


def test_no_cache_folder_still_checks_in_full(project, reads, monkeypatch):
    monkeypatch.setenv("REPORT_BUILDER_CACHE", "")
    assert checked(project) == checked(project)
    assert len(reads) == 2
    assert not (project.parent / "cache").exists()


def test_messages_name_files_from_the_folder_check_runs_in(project):
    from_project = run_cli("check", cwd=project, env={"REPORT_BUILDER_CACHE": str(project.parent / "cache")})
    from_source = run_cli("check", "brief.yaml", cwd=project / "source",
                          env={"REPORT_BUILDER_CACHE": str(project.parent / "cache")})
    assert from_project.stderr.startswith("layouts/mine/theme.yaml:3:11: warning")
    assert from_source.stderr.startswith(f"{project.resolve()}/layouts/mine/theme.yaml:3:11: warning")


def test_a_file_added_while_the_layout_was_read_is_not_kept(project, monkeypatch):
    load_theme = theme.load_theme

    def read_then_add(*args, **kwargs):
        loaded = load_theme(*args, **kwargs)
        (project / "layouts" / "mine" / "reference.docx").write_bytes(b"not a document")
        return loaded

    monkeypatch.setattr(theme, "load_theme", read_then_add)
    assert len(checked(project)) == 1
    monkeypatch.setattr(theme, "load_theme", load_theme)
    assert any("reference.docx" in problem for problem in errors_of(project))
