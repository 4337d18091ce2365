"""Render processes: they die with the build, hold no lock, report errors as messages, stay warm in watch."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import conftest
from conftest import SAMPLE, run_cli, write_stress_brief
from report_builder.errors import ContentError, Diagnostic, Location, Severity
from report_builder.workers import Workers, WorkerError, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="render processes are forked")


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".docx", ".pdf", ".pptx")}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def children_of(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        text = (task / "children").read_text() if (task / "children").exists() else ""
        found.update(int(child) for child in text.split())
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(predicate, timeout: float = 600.0) -> bool:
    """Polled often: a kill must land while the build is still rendering."""
    return conftest.wait_for(predicate, timeout, every=0.01)


@pytest.fixture
def big_project(tmp_path: Path) -> Path:
    """A brief that takes a while to render, so a build can be stopped while it does."""
    (tmp_path / "source").mkdir()
    write_stress_brief(tmp_path / "source" / "big.yaml", developments=400)
    return tmp_path


def start_build(project: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "report_builder", "build", "--quiet", "--jobs", "3", *args],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def rendering(project: Path, process: subprocess.Popen) -> bool:
    """The build holds the folder's lock, has made its three temporary files and its workers exist."""
    lock = project / "out" / ".report-builder.lock"
    return (lock.exists() and lock.read_text().strip() == str(process.pid) and len(leftovers(project / "out")) == 3
            and len(children_of(process.pid)) == 3)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads process trees from /proc")
def test_kill_9_of_a_build_while_it_renders_leaves_no_process_and_no_lock(big_project):
    process = start_build(big_project)
    try:
        assert wait_for(lambda: rendering(big_project, process)), process.stderr.read()
        workers = children_of(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert wait_for(lambda: not any(alive(pid) for pid in workers), timeout=60), "a render process outlived the build"
    finally:
        os.killpg(process.pid, signal.SIGKILL) if alive(process.pid) else None
    started = time.monotonic()
    result = run_cli("build", "--quiet", "--wait", "0", cwd=big_project)
    assert result.returncode == 0, result.stderr
    assert "waiting for another build" not in result.stderr
    assert sorted(outputs(big_project / "out")) == ["big.docx", "big.pdf", "big.pptx"]
    assert leftovers(big_project / "out") == []
    assert time.monotonic() - started < 120


def test_ctrl_c_during_a_build_prints_one_line_and_leaves_the_outputs(big_project):
    assert run_cli("build", "--quiet", cwd=big_project).returncode == 0
    before = outputs(big_project / "out")
    process = start_build(big_project, "--force")
    assert wait_for(lambda: rendering(big_project, process)), process.stderr.read()
    workers = children_of(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip() == "interrupted; outputs left as they were"
    assert outputs(big_project / "out") == before
    assert leftovers(big_project / "out") == []
    assert not any(alive(pid) for pid in workers)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    shutil.copy(SAMPLE, tmp_path / "source" / SAMPLE.name)
    return tmp_path


def test_an_unexpected_error_in_a_render_process_arrives_as_a_plain_message(project, monkeypatch, capsys):
    """An lxml error carries an unpicklable error log; the user sees its type and message, no traceback."""
    from lxml import etree

    from report_builder import build, cli

    monkeypatch.chdir(project)
    assert cli.main(["build", "--quiet"]) == 0
    before = outputs(project / "out")
    render_one = build.render_one

    def broken_reference(format_name, *args):
        if format_name == "docx":
            etree.fromstring(b"<w:document><unclosed></w:document>")
        return render_one(format_name, *args)

    monkeypatch.setattr(build, "render_one", broken_reference)
    capsys.readouterr()
    assert cli.main(["build", "--quiet", "--force", "--jobs", "3"]) == 1
    error = capsys.readouterr().err
    assert "internal error" in error and "XMLSyntaxError" in error, error
    assert "pickle" not in error and "Traceback" not in error
    assert outputs(project / "out") == before
    assert leftovers(project / "out") == []
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_content_error_raised_while_rendering_keeps_its_located_diagnostics(project, monkeypatch, capsys):
    from report_builder import build, cli

    problem = Diagnostic(Severity.ERROR, Location("source/russia-dprk.yaml", 12, 3), "sections[0].image",
                         "the image cannot be read")

    def refuse(format_name, *args):
        raise ContentError([problem])

    monkeypatch.setattr(build, "render_one", refuse)
    monkeypatch.chdir(project)
    assert cli.main(["build", "--quiet", "--jobs", "3"]) == 2
    error = capsys.readouterr().err
    assert f"{problem}\n" in error
    assert "Traceback" not in error
    assert not (project / "out").exists() or outputs(project / "out") == {}


def test_workers_render_every_task_and_replace_a_worker_that_died(tmp_path, sample_brief, theme):
    import pickle

    payload = pickle.dumps((sample_brief, theme))
    with Workers.start(["pdf", "docx"], 2) as workers:
        tasks = [("docx", "docx", payload, (tmp_path / "sample.docx",)),
                 ("pdf", "pdf", payload, (tmp_path / "sample.pdf",)),
                 ("again", "docx", payload, (tmp_path / "again.docx",))]
        finished = dict(workers.run(tasks))
        assert sorted(finished) == ["again", "docx", "pdf"]
        assert all(seconds > 0 and warnings == [] for seconds, warnings in finished.values())
        assert (tmp_path / "sample.docx").read_bytes() == (tmp_path / "again.docx").read_bytes()
        first = {w.pid for w in workers._workers}
        os.kill(min(first), signal.SIGKILL)
        os.waitpid(min(first), 0)  # gone for good, not only its main thread
        again = dict(workers.run([("pdf2", "pdf", payload, (tmp_path / "two.pdf",)),
                                  ("docx2", "docx", payload, (tmp_path / "two.docx",))]))
        assert sorted(again) == ["docx2", "pdf2"]
        assert (tmp_path / "two.pdf").read_bytes() == (tmp_path / "sample.pdf").read_bytes()
        assert len({w.pid for w in workers._workers} - first) == 1
        everyone = first | {w.pid for w in workers._workers}
    assert not any(alive(pid) for pid in everyone)


def test_a_last_task_waits_for_the_worker_that_imported_its_writer(tmp_path, sample_brief, theme, monkeypatch):
    """Two processes for three formats: the deck's one task is not imported a second time by the PDF's process
    (done first) but left to the process that imported it; with two deck tasks left, both processes take one."""
    import pickle

    from report_builder import build

    def renderer_pid(format_name, *args):
        time.sleep(1.0 if format_name == "docx" else 0.0)
        return os.getpid(), []

    monkeypatch.setattr(build, "render_one", renderer_pid)
    payload = pickle.dumps((sample_brief, theme))
    with Workers.start(["docx", "pdf", "pptx"], 2) as workers:
        assert [w.preloaded for w in workers._workers] == [("docx", "pptx"), ("pdf",)]
        one = {key: pid for key, (pid, _) in workers.run(
            [(name, name, payload, (tmp_path / f"one.{name}",)) for name in ("docx", "pdf", "pptx")])}
        assert one["pptx"] == one["docx"] != one["pdf"]
        two = {key: pid for key, (pid, _) in workers.run(
            [(key, key.rstrip("2"), payload, (tmp_path / key,)) for key in ("docx", "pdf", "pptx", "pptx2")])}
        assert {two["pptx"], two["pptx2"]} == {two["docx"], two["pdf"]}


def test_a_render_process_that_dies_while_rendering_is_reported(tmp_path, sample_brief, theme, monkeypatch):
    import pickle

    from report_builder import build

    monkeypatch.setattr(build, "render_one", lambda format_name, *args: os._exit(3))
    payload = pickle.dumps((sample_brief, theme))
    with Workers.start(["pdf"], 1) as workers:
        with pytest.raises(WorkerError, match="ended unexpectedly .exit status 3. while writing sample.pdf"):
            dict(workers.run([("sample.pdf", "pdf", payload, (tmp_path / "sample.pdf",))]))


def test_watch_writes_the_same_bytes_as_a_fresh_build(project):
    """Warm workers render one brief after another; nothing of an earlier render leaks into the next."""
    write_stress_brief(project / "source" / "stress.yaml", developments=30)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = project / "watch.log"
    with log.open("w") as handle:
        watch = subprocess.Popen([sys.executable, "-m", "report_builder", "watch", "--out", "live"], cwd=project,
                                 stdout=handle, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        assert wait_for(lambda: "watching" in log.read_text()), log.read_text()
        workers = children_of(watch.pid)
        assert len(workers) == 3
        written = {"russia-dprk": 1, "stress": 1}
        for name, old, new in [
            ("russia-dprk", "Kim and Putin meet at Vostochny", "Kim and Putin meet at the cosmodrome"),
            ("stress", "Event 7 —", "Событие семь, 사건 칠 —"),
            ("russia-dprk", "subtitle: ", "subtitle: Revised — "),
        ]:
            brief = project / "source" / f"{name}.yaml"
            brief.write_text(brief.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
            written[name] += 1
            assert wait_for(lambda: log.read_text().count(f"wrote live/{name}.pptx") == written[name]), log.read_text()
        assert children_of(watch.pid) == workers, "watch started new render processes for an edit"
        time.sleep(0.5)
    finally:
        os.killpg(watch.pid, signal.SIGINT)
        watch.wait(timeout=300)
    assert watch.returncode == 0
    assert "Traceback" not in log.read_text()
    assert not any(alive(pid) for pid in workers)
    fresh = run_cli("build", "--quiet", "--force", "--out", "fresh", cwd=project)
    assert fresh.returncode == 0, fresh.stderr
    assert outputs(project / "live") == outputs(project / "fresh")
    again = run_cli("build", "--out", "live", cwd=project)
    assert again.returncode == 0 and "up to date" in again.stdout and "wrote" not in again.stdout


def start_watch(project: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("w") as handle:
        return subprocess.Popen([sys.executable, "-m", "report_builder", "watch", "--jobs", "3"], cwd=project,
                                stdout=handle, stderr=subprocess.STDOUT, env=env, start_new_session=True)


def watch_rendering(project: Path, log: Path, watch: subprocess.Popen) -> set[int]:
    """watch's render processes, once its first build renders (its workers are the warm ones it keeps)."""
    assert wait_for(lambda: rendering(project, watch), timeout=300), (
        log.read_text()[-2000:], sorted(p.name for p in (project / "out").iterdir()) if (project / "out").is_dir()
        else None, children_of(watch.pid))
    return children_of(watch.pid)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads process trees from /proc")
def test_kill_9_of_watch_while_it_renders_leaves_no_process_and_no_lock(big_project):
    log = big_project / "watch.log"
    watch = start_watch(big_project, log)
    try:
        workers = watch_rendering(big_project, log, watch)
        assert len(workers) == 3
        os.kill(watch.pid, signal.SIGKILL)
        watch.wait(timeout=10)
        assert wait_for(lambda: not any(alive(pid) for pid in workers), timeout=5), "a render process outlived watch"
    finally:
        os.killpg(watch.pid, signal.SIGKILL) if alive(watch.pid) else None
    result = run_cli("build", "--quiet", "--wait", "0", cwd=big_project)
    assert result.returncode == 0, result.stderr
    assert "waiting for another build" not in result.stderr
    assert leftovers(big_project / "out") == []
    assert sorted(outputs(big_project / "out")) == ["big.docx", "big.pdf", "big.pptx"]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads process trees from /proc")
def test_ctrl_c_of_watch_while_it_renders_stops_quietly_and_writes_nothing(big_project):
    log = big_project / "watch.log"
    watch = start_watch(big_project, log)
    try:
        workers = watch_rendering(big_project, log, watch)
        os.killpg(watch.pid, signal.SIGINT)
        watch.wait(timeout=60)
    finally:
        os.killpg(watch.pid, signal.SIGKILL) if alive(watch.pid) else None
    assert watch.returncode == 0
    assert "Traceback" not in log.read_text(), log.read_text()[-2000:]
    out = big_project / "out"
    assert not out.exists() or (outputs(out) == {} and leftovers(out) == []), "a folder it made is removed again"
    assert not any(alive(pid) for pid in workers)
    assert run_cli("build", "--quiet", "--wait", "0", cwd=big_project).returncode == 0, "watch left the lock held"
