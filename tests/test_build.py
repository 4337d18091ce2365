"""Regenerating after edits: reproducible bytes, incremental builds, safe writes, batches, watch."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SAMPLE, run_cli, wait_for

from test_cli import docx_text, pdf_text, pptx_text

OUTPUTS = ("russia-dprk.docx", "russia-dprk.pdf", "russia-dprk.pptx")


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def mtimes(folder: Path) -> dict[str, int]:
    return {name: (folder / name).stat().st_mtime_ns for name in OUTPUTS}


def edit_development(project: Path, old: str, new: str) -> None:
    brief = project / "source" / "russia-dprk.yaml"
    text = brief.read_text(encoding="utf-8")
    assert old in text
    brief.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_same_inputs_give_byte_identical_outputs(project, tmp_path):
    first = run_cli("build", "--out", str(tmp_path / "a"), "--quiet", cwd=project)
    assert first.returncode == 0, first.stderr
    time.sleep(1.1)
    second = run_cli("build", "--out", str(tmp_path / "b"), "--quiet", "--jobs", "1", cwd=project)
    assert second.returncode == 0, second.stderr
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")


def test_no_op_build_rebuilds_nothing_and_imports_no_writer(project):
    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    before = mtimes(project / "out")
    result = run_cli("build", cwd=project, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0
    assert result.stdout == (
        "up to date: out/russia-dprk.docx, out/russia-dprk.pdf, out/russia-dprk.pptx (--force rebuilds)\n"
    )
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time")}
    assert not imported & {"docx", "pptx", "reportlab", "yaml"}
    assert mtimes(project / "out") == before


def test_force_rebuilds_up_to_date_outputs(project):
    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    result = run_cli("build", "--force", cwd=project)
    assert result.returncode == 0
    assert [line.split()[1] for line in result.stdout.splitlines()] == [f"out/{name}" for name in OUTPUTS]


def test_an_edit_reaches_all_three_outputs_on_the_next_build(project):
    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    edit_development(project, "Kim and Putin meet at Vostochny", "Kim and Putin hold their summit at Vostochny")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3
    out = project / "out"
    assert "Kim and Putin hold their summit at Vostochny" in docx_text(out / "russia-dprk.docx")
    assert "Kim and Putin hold their summit" in " ".join(pdf_text(out / "russia-dprk.pdf").split())
    assert "Kim and Putin hold their summit" in " ".join(pptx_text(out / "russia-dprk.pptx").split())


def test_only_the_missing_output_is_rebuilt(project):
    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    (project / "out" / "russia-dprk.pdf").unlink()
    result = run_cli("build", cwd=project)
    assert result.stdout.splitlines()[0].startswith("up to date: out/russia-dprk.docx, out/russia-dprk.pptx")
    assert result.stdout.splitlines()[1].startswith("wrote out/russia-dprk.pdf")


def test_a_layout_change_rebuilds(project):
    layout = project / "layouts" / "mine"
    layout.mkdir(parents=True)
    (layout / "theme.yaml").write_text("colors:\n  primary: '112233'\n", encoding="utf-8")
    assert run_cli("build", "--layout", "mine", "--quiet", cwd=project).returncode == 0
    assert run_cli("build", "--layout", "mine", cwd=project).stdout.startswith("up to date:")
    (layout / "theme.yaml").write_text("colors:\n  primary: '445566'\n", encoding="utf-8")
    result = run_cli("build", "--layout", "mine", cwd=project)
    assert result.stdout.count("wrote ") == 3


def test_an_image_change_rebuilds(tmp_path):
    from PIL import Image

    source = tmp_path / "source"
    (source / "images").mkdir(parents=True)
    Image.new("RGB", (60, 30), (200, 30, 30)).save(source / "images" / "map.png")
    (source / "brief.yaml").write_text(
        "title: Image brief\ndate: 2024-04-15\nsections:\n  - title: Map\n    bullets: [A point.]\n"
        "    image: {path: images/map.png, alt: A red map, caption: The map}\n",
        encoding="utf-8",
    )
    assert run_cli("build", "--quiet", cwd=tmp_path).returncode == 0
    assert run_cli("build", cwd=tmp_path).stdout.startswith("up to date:")
    Image.new("RGB", (60, 30), (30, 200, 30)).save(source / "images" / "map.png")
    assert run_cli("build", cwd=tmp_path).stdout.count("wrote ") == 3


def test_a_broken_edit_leaves_the_last_good_outputs(project):
    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    before = outputs(project / "out")
    edit_development(project, "date: 2023-09-12", "date: 2023-09-31")
    result = run_cli("build", cwd=project)
    assert result.returncode == 2
    assert "'2023-09-31' is not a valid date" in result.stderr
    assert outputs(project / "out") == before
    assert sorted(p.name for p in (project / "out").iterdir() if p.name.endswith(".tmp")) == []


def test_a_crash_while_rendering_leaves_the_previous_outputs(project, monkeypatch):
    from report_builder import build, cli

    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    before = outputs(project / "out")
    edit_development(project, "Kim and Putin meet at Vostochny", "Changed title")
    render_one = build.render_one

    def crash_on_pptx(format_name, *args):
        if format_name == "pptx":
            raise MemoryError("simulated crash")
        return render_one(format_name, *args)

    monkeypatch.setattr(build, "render_one", crash_on_pptx)
    monkeypatch.chdir(project)
    assert cli.main(["build", "--jobs", "1", "--quiet"]) == 1
    assert outputs(project / "out") == before
    assert [p.name for p in (project / "out").iterdir() if p.name.endswith(".tmp")] == []


def test_stale_temporary_files_are_cleaned_up(project):
    out = project / "out"
    out.mkdir()
    stale = out / ".russia-dprk.pdf.99999.tmp"
    stale.write_bytes(b"half-written")
    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    assert not stale.exists()


def test_a_build_waits_for_the_lock_and_gives_up_with_a_clear_message(project):
    from report_builder.lock import OutputLock

    (project / "out").mkdir()
    with OutputLock(project / "out"):
        result = run_cli("build", "--wait", "0.5", cwd=project)
    assert result.returncode == 3  # busy, not bad content
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"waiting for another build writing to {project / 'out'} to finish ..."
    assert lines[-1] == (
        f"report-builder: error: another build is writing to {project / 'out'} and has not finished "
        "after 0.5 s; gave up without changing anything"
    )
    assert not (project / "out" / OUTPUTS[0]).exists()


def test_two_builds_into_one_folder_at_once_both_succeed(project):
    command = [sys.executable, "-m", "report_builder", "build", "--force", "--quiet"]
    first = subprocess.Popen(command, cwd=project, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, cwd=project, stderr=subprocess.PIPE, text=True)
    assert first.wait(timeout=120) == 0
    assert second.wait(timeout=120) == 0
    out = project / "out"
    assert "Russia–DPRK Relations" in docx_text(out / "russia-dprk.docx")
    assert "Russia–DPRK Relations" in pptx_text(out / "russia-dprk.pptx")
    assert "Russia–DPRK Relations" in pdf_text(out / "russia-dprk.pdf")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_build_of_several_briefs(project, jobs):
    for name in ("alpha", "beta", "gamma"):
        shutil.copy(FIXTURES / "valid" / "citations.yaml", project / "source" / f"{name}.yaml")
    result = run_cli("build", "--jobs", jobs, cwd=project)
    assert result.returncode == 0, result.stderr
    written = sorted(line.split()[1] for line in result.stdout.splitlines())
    assert len(written) == 12
    assert "out/gamma.pptx" in written
    assert "Citation order" in docx_text(project / "out" / "beta.docx")


def test_briefs_with_the_same_name_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(SAMPLE, tmp_path / "a" / "x.yaml")
    shutil.copy(SAMPLE, tmp_path / "b" / "x.yaml")
    result = run_cli("build", "a/x.yaml", "b/x.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "report-builder: error: a/x.yaml and b/x.yaml would both write x.docx; rename one"



def test_watch_rebuilds_on_edit_and_survives_a_broken_edit(project):
    log = project / "watch.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "report_builder", "watch"],
            cwd=project,
            stdout=handle,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)},
        )
    try:
        assert wait_for(lambda: "watching" in log.read_text()), log.read_text()
        docx_path = project / "out" / "russia-dprk.docx"
        edit_development(project, "Kim and Putin meet at Vostochny", "Watch mode saw this edit")
        assert wait_for(lambda: "Watch mode saw this edit" in docx_text(docx_path)), log.read_text()
        assert wait_for(lambda: log.read_text().count("wrote out/russia-dprk.pptx") == 2), log.read_text()
        good = outputs(project / "out")
        edit_development(project, "date: 2023-09-12", "date: 2023-09-31")
        assert wait_for(lambda: "'2023-09-31' is not a valid date" in log.read_text()), log.read_text()
        assert wait_for(lambda: "kept the last good outputs" in log.read_text())
        assert outputs(project / "out") == good
        edit_development(project, "date: 2023-09-31", "date: 2023-09-13")
        assert wait_for(lambda: log.read_text().count("wrote out/russia-dprk.pptx") == 3), log.read_text()
        assert "13 Sep 2023" in docx_text(docx_path)
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=300)


def test_an_up_to_date_build_repeats_the_warnings_of_the_build_that_wrote_it(project):
    shutil.copy(FIXTURES / "warnings" / "warn-uncited.yaml", project / "source" / "uncited.yaml")
    warning = "source/uncited.yaml:7:5: warning: sources[0]: source 'lonely' is never cited"
    first = run_cli("build", "--quiet", cwd=project)
    assert first.stderr.splitlines() == [warning]
    again = run_cli("build", cwd=project)
    assert again.returncode == 0
    assert again.stdout.startswith("up to date:")
    assert again.stderr.splitlines() == [warning]
    strict = run_cli("build", "--strict", cwd=project)
    assert strict.returncode == 2
    assert strict.stderr.splitlines()[0] == warning


def test_watch_rebuilds_an_edit_whose_event_was_lost(project, monkeypatch):
    """watchfiles drops an event that lands as its wait times out: the files' own state must still show the edit."""
    import threading

    import watchfiles

    from report_builder.build import BuildOptions
    from report_builder.progress import Reporter
    from report_builder.watch import watch

    stop = threading.Event()

    def deaf_watcher(*roots, stop_event=None, **options):
        while not stop_event.is_set():  # only timeouts, never a change
            time.sleep(0.05)
            yield set()

    monkeypatch.setattr(watchfiles, "watch", deaf_watcher)
    lines: list[str] = []

    class Lines(Reporter):
        def line(self, text: str) -> None:
            lines.append(text)

    thread = threading.Thread(target=watch, args=([], BuildOptions(jobs=1), project, Lines(cwd=project), lines.extend,
                                                  stop))
    thread.start()
    try:
        docx_path = project / "out" / "russia-dprk.docx"
        assert wait_for(lambda: any(line.startswith("watching") for line in lines)), lines
        edit_development(project, "Kim and Putin meet at Vostochny", "An edit no event reported")
        assert wait_for(lambda: "An edit no event reported" in docx_text(docx_path)), lines
        assert "changed: source/russia-dprk.yaml" in lines
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()


def test_outputs_of_older_code_are_rebuilt_though_the_version_is_the_same(project):
    """`git pull` in an editable install keeps the version number; the outputs must follow the code."""
    import report_builder

    module = Path(report_builder.__file__)
    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    assert run_cli("build", cwd=project).stdout.startswith("up to date:")
    state = module.stat()
    try:
        os.utime(module, ns=(state.st_atime_ns, state.st_mtime_ns + 10**9))
        assert run_cli("build", cwd=project).stdout.count("wrote ") == 3
    finally:
        os.utime(module, ns=(state.st_atime_ns, state.st_mtime_ns))
    assert run_cli("build", "--quiet", cwd=project).returncode == 0
    assert run_cli("build", cwd=project).stdout.startswith("up to date:")


def test_code_fingerprint_follows_the_modules_and_not_their_bytecode(tmp_path):
    from report_builder.code_version import code_fingerprint

    package = tmp_path / "pkg"
    (package / "plan" / "__pycache__").mkdir(parents=True)
    (package / "plan" / "deck.py").write_text("A = 1\n", encoding="utf-8")
    first = code_fingerprint(package)
    (package / "plan" / "__pycache__" / "deck.cpython-311.pyc").write_bytes(b"\0" * 40)
    code_fingerprint.cache_clear()
    assert code_fingerprint(package) == first
    (package / "plan" / "deck.py").write_text("A = 12\n", encoding="utf-8")
    code_fingerprint.cache_clear()
    assert code_fingerprint(package) != first
