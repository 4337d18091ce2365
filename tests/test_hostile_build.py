"""Faults around a build: edits while it runs, outputs that cannot be replaced, a full disk,
links and odd files where the lock, the manifest or an output go. Every case ends with the
outputs all replaced or all as they were, a clear message and nothing left behind."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import wait_for
from test_cli import docx_text, pdf_text, pptx_text

MANIFEST = ".report-builder-manifest.json"
SMALL_BRIEF = """\
title: A small brief
date: 2024-06-30
classification: UNCLASSIFIED
summary: [The relationship deepened.]
sections:
  - title: Background
    bullets: [Russia needs munitions., The DPRK needs cash.]
    paragraphs: [Since the invasion of Ukraine the two states have drawn closer.]
    chronology: true
developments:
  - date: 2023-09-12
    title: Kim and Putin meet at Vostochny
    summary: Kim pledges support.
  - date: 2024-06-19
    title: A partnership treaty is signed
"""


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the output folder but the lock, by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.name != ".report-builder.lock"}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".bak")) or "commit" in p.name)


def edit(project: Path, old: str, new: str, atomic: bool = False) -> None:
    """Replace `old` in the brief; `atomic` saves as many editors do (a new file renamed over the old), so
    no reader ever sees it empty."""
    brief = project / "source" / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    assert old in text
    saved = brief.with_name("brief.yaml.saving") if atomic else brief
    saved.write_text(text.replace(old, new, 1), encoding="utf-8")
    if atomic:
        os.replace(saved, brief)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one small brief: quick to build, and every output holds its chronology."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "brief.yaml").write_text(SMALL_BRIEF, encoding="utf-8")
    return tmp_path


@pytest.fixture
def built(project: Path, rb) -> Path:
    result = rb("build", "--quiet", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


# Stale outputs ------------------------------------------------------------------


def test_an_edit_saved_while_a_build_renders_is_built_by_the_next_build(built, monkeypatch, capsys):
    """The manifest records the bytes the build read, not what the file holds when it commits."""
    from report_builder import build, cli

    render_one = build.render_one
    saved = []

    def render_then_save_an_edit(format_name, *args):
        if not saved:
            edit(built, "Kim and Putin meet at Vostochny", "Edited while the build ran")
            saved.append(format_name)
        return render_one(format_name, *args)

    edit(built, "Kim and Putin meet at Vostochny", "Kim and Putin meet at Vostochny again")
    monkeypatch.setattr(build, "render_one", render_then_save_an_edit)
    monkeypatch.chdir(built)
    assert cli.main(["build", "--jobs", "1", "--quiet"]) == 0
    out = built / "out"
    assert "Kim and Putin meet at Vostochny again" in docx_text(out / "brief.docx")
    monkeypatch.setattr(build, "render_one", render_one)
    capsys.readouterr()
    assert cli.main(["build", "--jobs", "1"]) == 0
    assert capsys.readouterr().out.count("wrote ") == 3
    assert "Edited while the build ran" in docx_text(out / "brief.docx")
    assert "Edited while the build ran" in " ".join(pdf_text(out / "brief.pdf").split())
    assert "Edited while the build ran" in " ".join(pptx_text(out / "brief.pptx").split())


def test_a_layout_file_replaced_during_a_build_makes_the_next_build_rebuild(project, monkeypatch, capsys):
    from report_builder import build, cli

    layout = project / "layouts" / "mine"
    layout.mkdir(parents=True)
    theme = layout / "theme.yaml"
    theme.write_text("colors:\n  primary: '112233'\n", encoding="utf-8")
    render_one = build.render_one

    def render_then_change_the_theme(format_name, *args):
        theme.write_text("colors:\n  primary: '445566'\n", encoding="utf-8")
        return render_one(format_name, *args)

    monkeypatch.setattr(build, "render_one", render_then_change_the_theme)
    monkeypatch.chdir(project)
    assert cli.main(["build", "--jobs", "1", "--quiet", "--layout", "mine"]) == 0
    monkeypatch.setattr(build, "render_one", render_one)
    capsys.readouterr()
    assert cli.main(["build", "--jobs", "1", "--layout", "mine"]) == 0
    assert capsys.readouterr().out.count("wrote ") == 3


# All or nothing -------------------------------------------------------------------


def test_a_folder_where_an_output_goes_changes_nothing(built, rb):
    out = built / "out"
    (out / "brief.pdf").unlink()
    (out / "brief.pdf").mkdir()
    before = snapshot(out)
    edit(built, "Kim and Putin meet at Vostochny", "Never written")
    result = rb("build", cwd=built)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "report-builder: error: cannot write out/brief.pdf: a folder has that name; "
        "rename or remove the folder, or choose another --out"
    )
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_rename_failing_half_way_puts_back_what_was_replaced(built, monkeypatch, capsys):
    from report_builder import cli, commit

    out = built / "out"
    before = snapshot(out)
    edit(built, "Kim and Putin meet at Vostochny", "Never committed")
    real_replace = os.replace

    def fail_on_the_pptx(source, target, *args, **kwargs):
        if str(target).endswith(".pptx"):
            raise OSError(errno.EBUSY, "Device or resource busy", str(target))
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(commit.os, "replace", fail_on_the_pptx)
    monkeypatch.chdir(built)
    assert cli.main(["build", "--jobs", "1", "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == (
        "report-builder: error: cannot write out/brief.pptx: it is in use by another program; "
        "the outputs already there were kept"
    )
    assert snapshot(out) == before
    assert leftovers(out) == []
    monkeypatch.setattr(commit.os, "replace", real_replace)
    assert cli.main(["build", "--jobs", "1", "--quiet"]) == 0
    assert "Never committed" in docx_text(out / "brief.docx")


def test_a_manifest_that_cannot_be_written_puts_every_output_back(built, monkeypatch, capsys):
    from report_builder import cli, commit

    out = built / "out"
    before = snapshot(out)
    edit(built, "Kim and Putin meet at Vostochny", "Never committed")
    real_create = commit.create_temporary

    def full_disk_for_the_manifest(target, data=b""):
        if target.name == MANIFEST:
            raise commit.OutputError(target, "the disk is full")
        return real_create(target, data)

    monkeypatch.setattr(commit, "create_temporary", full_disk_for_the_manifest)
    monkeypatch.chdir(built)
    assert cli.main(["build", "--jobs", "1", "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"report-builder: error: cannot write out/{MANIFEST}: the disk is full; the outputs already there were kept"
    )
    assert snapshot(out) == before
    assert leftovers(out) == []


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("limit", [4_000, 30_000])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_room_to_write_is_a_clear_error_that_changes_nothing(built, limit, jobs):
    """Writes beyond a size limit fail as on a full disk (EFBIG here, ENOSPC there: the same path)."""
    out = built / "out"
    before = snapshot(out)
    edit(built, "Kim and Putin meet at Vostochny", "Never written")
    result = subprocess.run(
        [sys.executable, "-m", "report_builder", "build", "--jobs", jobs],
        cwd=built, capture_output=True, text=True, timeout=120, preexec_fn=_limit_file_size(limit),
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == (
        "report-builder: error: cannot write to out/: the disk is full (File too large); "
        "free some space or choose another --out; the outputs already there were kept"
    )
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_a_full_disk_on_the_first_build_leaves_no_output_folder(project):
    result = subprocess.run(
        [sys.executable, "-m", "report_builder", "build", "--jobs", "1"],
        cwd=project, capture_output=True, text=True, timeout=120, preexec_fn=_limit_file_size(20_000),
    )
    assert result.returncode == 2
    assert not (project / "out").exists()


def test_a_killed_commit_is_undone_by_the_next_build(built, rb):
    """A journal names what a commit replaced; the next build puts back what the manifest does not record."""
    from report_builder import commit

    out = built / "out"
    good = (out / "brief.pdf").read_bytes()
    backup = out / ".brief.pdf.4242.0a1b2c3d.bak"
    os.link(out / "brief.pdf", backup)
    (out / "brief.pdf").unlink()
    (out / "brief.pdf").write_bytes(b"%PDF-1.4 half of a new commit")
    (out / "new-output.pdf").write_bytes(b"written by the killed commit")
    (out / commit.JOURNAL_NAME).write_text(json.dumps(
        {"token": "not-the-manifests", "replaced": [["brief.pdf", backup.name], ["new-output.pdf", None]]}
    ))
    result = rb("build", cwd=built)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("up to date:")
    assert (out / "brief.pdf").read_bytes() == good
    assert not (out / "new-output.pdf").exists()
    assert leftovers(out) == []


def test_a_finished_commit_whose_cleanup_was_killed_is_kept(built, rb):
    from report_builder import commit

    out = built / "out"
    token = json.loads((out / MANIFEST).read_text())["commit"]
    backup = out / ".brief.pdf.4242.0a1b2c3d.bak"
    backup.write_bytes(b"the previous output")
    (out / commit.JOURNAL_NAME).write_text(json.dumps({"token": token, "replaced": [["brief.pdf", backup.name]]}))
    result = rb("build", cwd=built)
    assert result.stdout.startswith("up to date:")
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert leftovers(out) == []


@pytest.mark.parametrize("journal", ["{", "[[[[" * 10000, '{"token": 1, "replaced": 5}',
                                     '{"token": "x", "replaced": [["../../escape", null]]}'])
def test_a_junk_commit_journal_is_removed_and_touches_nothing(built, journal, rb):
    from report_builder import commit

    out = built / "out"
    before = snapshot(out)
    (out / commit.JOURNAL_NAME).write_text(journal)
    result = rb("build", "--force", "--quiet", cwd=built)
    assert result.returncode == 0, result.stderr
    assert set(snapshot(out)) == set(before)
    assert (built / "out").parent.joinpath("escape").exists() is False
    assert leftovers(out) == []


# Links and odd files where the build writes -----------------------------------------


def test_the_lock_never_writes_through_a_symbolic_link(built, rb):
    victim = built / "victim.txt"
    victim.write_text("precious")
    lock = built / "out" / ".report-builder.lock"
    lock.unlink()
    lock.symlink_to(victim)
    result = rb("build", "--force", cwd=built)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "report-builder: error: cannot write out/.report-builder.lock: it is a symbolic link, which report-builder "
        "never writes through; remove it; the outputs already there were kept"
    )
    assert victim.read_text() == "precious"


def test_the_lock_never_writes_into_a_hard_linked_file(built, rb):
    victim = built / "victim.txt"
    victim.write_text("precious")
    lock = built / "out" / ".report-builder.lock"
    lock.unlink()
    os.link(victim, lock)
    assert rb("build", "--force", "--quiet", cwd=built).returncode == 0
    assert victim.read_text() == "precious"


@pytest.mark.parametrize("name", [MANIFEST, ".brief.pdf.1.0a1b2c3d.tmp"])
def test_a_symbolic_link_at_the_manifest_or_a_temporary_name_is_replaced_not_followed(built, name, rb):
    victim = built / "victim.txt"
    victim.write_text("precious")
    link = built / "out" / name
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    edit(built, "Kim and Putin meet at Vostochny", "Through no link")
    assert rb("build", "--quiet", cwd=built).returncode == 0
    assert victim.read_text() == "precious"
    assert "Through no link" in docx_text(built / "out" / "brief.docx")


def test_a_symbolic_link_as_an_output_is_replaced_by_the_output_not_followed(built, rb):
    victim = built / "victim.txt"
    victim.write_text("precious")
    target = built / "out" / "brief.pdf"
    target.unlink()
    target.symlink_to(victim)
    assert rb("build", "--quiet", cwd=built).returncode == 0
    assert victim.read_text() == "precious"
    assert not target.is_symlink() and target.read_bytes().startswith(b"%PDF")


def test_a_file_where_the_output_folder_goes(project, rb):
    (project / "out").write_text("not a folder")
    result = rb("build", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "report-builder: error: --out out: this is a file, not a folder; give --out a folder (it is created if missing)"
    )


# The manifest is the user's file too ------------------------------------------------------


def _manifest_listing(built: Path, extra: str) -> None:
    path = built / "out" / MANIFEST
    data = json.loads(path.read_text())
    for record in data["outputs"].values():
        record["inputs"][extra] = "0" * 64
    path.write_text(json.dumps(data))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_manifest_naming_a_fifo_or_a_device_rebuilds_without_reading_it(built, rb):
    fifo = built / "pipe"
    os.mkfifo(fifo)
    for extra in (str(fifo), "/dev/zero"):
        _manifest_listing(built, extra)
        started = time.monotonic()
        result = rb("build", cwd=built)
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("wrote ") == 3
        assert time.monotonic() - started < 60


@pytest.mark.parametrize("content", [
    "", "null", "[]", "{", '{"format": 3, "outputs": 5}', "[" * 100_000,
    '{"format": 3, "outputs": {"../../x.pdf": {"inputs": {}, "versions": {}, "output": "", "warnings": []}}}',
    '{"format": 3, "outputs": {}, "hashes": {"/x": [1, 2, 3, 4, 5, null]}}',
    '{"format": 3, "outputs": {"brief.pdf": {"inputs": {}, "versions": {}, "output": "",'
    ' "warnings": [["error", "f", "1", 1, "p", "m"]]}}}',
])
def test_a_junk_manifest_counts_as_none(built, content, rb):
    (built / "out" / MANIFEST).write_text(content)
    result = rb("build", cwd=built)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("wrote ") == 3
    assert rb("build", cwd=built).stdout.startswith("up to date:")


def test_a_folder_as_the_manifest_is_a_clear_error(built, rb):
    manifest = built / "out" / MANIFEST
    manifest.unlink()
    manifest.mkdir()
    result = rb("build", "--force", cwd=built)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"report-builder: error: cannot write out/{MANIFEST}: a folder has that name; rename or remove it; "
        "the outputs already there were kept"
    )
    assert leftovers(built / "out") == []


# The same bytes whatever the environment -------------------------------------------------


def test_outputs_do_not_depend_on_source_date_epoch_time_zone_or_locale(project, tmp_path):
    """reportlab would take the PDF's date and /ID from SOURCE_DATE_EPOCH; the brief's date decides."""
    runs = {
        "plain": {"TZ": "UTC", "LC_ALL": "C.UTF-8"},
        "hostile": {"SOURCE_DATE_EPOCH": "1", "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C"},
    }
    built = {}
    for name, env in runs.items():
        clean = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "TZ", "LC_ALL", "LANG")}
        result = subprocess.run([sys.executable, "-m", "report_builder", "build", "--quiet", "--out",
                                 str(tmp_path / name)], cwd=project, env={**clean, **env},
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        built[name] = {p.name: p.read_bytes() for p in (tmp_path / name).glob("brief.*")}
    assert len(built["plain"]) == 3
    assert built["plain"] == built["hostile"]


@pytest.mark.parametrize("date, zip_year", [("2108-01-01", 2107), ("9999-12-31", 2107), ("1970-01-01", 1980)])
def test_a_brief_dated_where_zip_entries_cannot_be_keeps_its_date(project, rb, date, zip_year):
    """Zip entries hold years 1980 to 2107: they get the nearest; the document keeps the date as written."""
    import zipfile

    import docx

    edit(project, "date: 2024-06-30", f"date: {date}")
    result = rb("build", "--quiet", cwd=project)
    assert result.returncode == 0, result.stderr
    for name in ("brief.docx", "brief.pptx"):
        with zipfile.ZipFile(project / "out" / name) as archive:
            assert {info.date_time[0] for info in archive.infolist()} == {zip_year}
    document = docx.Document(str(project / "out" / "brief.docx"))
    assert document.core_properties.created.year == int(date[:4])
    shown = {"2108-01-01": "1 Jan 2108", "9999-12-31": "31 Dec 9999", "1970-01-01": "1 Jan 1970"}[date]
    assert shown in docx_text(project / "out" / "brief.docx")
    assert shown in pdf_text(project / "out" / "brief.pdf")


def test_watch_never_settles_on_stale_outputs_after_two_quick_saves(built, rb):
    """Two saves 0.4 s apart, however they fall against the builds: once `watch` has stopped, the outputs
    show the second save and the manifest agrees (a build finds them up to date).

    Nothing here is timed but the gap between the saves: each round waits (up to a generous bound) for
    the second save to show, then stops the watch, which lets a build under way finish first."""
    import threading

    from report_builder.build import BuildOptions
    from report_builder.progress import QuietReporter
    from report_builder.watch import watch

    docx, pptx = built / "out" / "brief.docx", built / "out" / "brief.pptx"
    for round_ in range(3):
        stop = threading.Event()
        problems: list = []
        thread = threading.Thread(target=watch, args=([], BuildOptions(jobs=1), built, QuietReporter(),
                                                      problems.extend), kwargs={"stop_event": stop}, daemon=True)
        thread.start()
        try:
            edit(built, "Kim and Putin meet at Vostochny", f"First save {round_}", atomic=True)
            time.sleep(0.4)
            edit(built, f"First save {round_}", f"Second save {round_}", atomic=True)
            assert wait_for(lambda: f"Second save {round_}" in docx_text(docx)), docx_text(docx)
        finally:
            stop.set()
            thread.join(timeout=600)
        assert not thread.is_alive()
        assert not [p for p in problems if p.is_error]
        assert f"Second save {round_}" in docx_text(docx)
        assert f"Second save {round_}" in " ".join(pptx_text(pptx).split())
        assert f"Second save {round_}" in pdf_text(built / "out" / "brief.pdf")
        again = rb("build", cwd=built)
        assert again.returncode == 0 and again.stdout.startswith("up to date:"), again.stdout
        edit(built, f"Second save {round_}", "Kim and Putin meet at Vostochny")

