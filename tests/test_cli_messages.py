"""What a new user meets at every edge: a message naming the path and the reason, the right exit status.

No traceback, no "internal error ... report it" for anything the user can fix.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
import types
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SAMPLE, run_cli, wait_for

COMMANDS = ("build", "watch", "check", "verify", "new", "layouts")


def assert_user_error(result: subprocess.CompletedProcess, status: int = 2) -> str:
    assert result.returncode == status, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr and "report it" not in result.stderr
    return result.stderr.strip()


# Help ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [(), ("--help",)])
def test_bare_call_and_help_list_every_command_on_one_line(args):
    result = run_cli(*args)
    text = result.stdout + result.stderr
    assert result.returncode == (2 if not args else 0)
    lines = text.splitlines()
    start = lines.index("commands:")
    listed = [line.split()[0] for line in lines[start + 1:] if line.startswith("  ") and line.split()]
    assert listed[: len(COMMANDS)] == list(COMMANDS)
    for line in lines[start + 1: start + 1 + len(COMMANDS)]:
        assert len(line.split()) > 3, line  # the command and its one-line description
    assert "Run 'report-builder COMMAND --help'" in text


def test_layouts_export_usage_names_the_command_as_typed():
    message = assert_user_error(run_cli("layouts", "export"))
    assert message.splitlines() == [
        "usage: report-builder layouts export [-h] [--debug] NAME FOLDER",
        "report-builder layouts export: error: the following arguments are required: NAME, FOLDER",
    ]


# Options --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "0", "-2", "1.5"])
def test_jobs_must_be_a_whole_number(value):
    message = assert_user_error(run_cli("build", "--jobs", value))
    assert message.splitlines()[-1] == (
        f"report-builder build: error: argument --jobs/-j: expected a whole number of processes, "
        f"1 or more; got '{value}'"
    )
    assert "_positive" not in message


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "soon"])
def test_wait_must_be_a_finite_number_of_seconds(value):
    message = assert_user_error(run_cli("build", "--wait", value))
    assert message.splitlines()[-1] == (
        f"report-builder build: error: argument --wait: expected a number of seconds, 0 or more "
        f"(for example 60); got '{value}'"
    )


# Finding briefs ---------------------------------------------------------------------------


def test_check_a_folder_checks_every_brief_in_it(tmp_path):
    folder = tmp_path / "briefs"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "one.yaml")
    shutil.copy(FIXTURES / "valid" / "citations.yaml", folder / "two.yaml")
    result = run_cli("check", "briefs", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "2 briefs OK\n"), result.stderr
    bad = folder / "three.yaml"
    bad.write_text("title: T\ndate: 2024-6-5\nsections:\n  - title: S\n", encoding="utf-8")
    result = run_cli("check", "briefs", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("briefs/three.yaml:2:7: date: '2024-6-5' is not a valid date")


def test_check_an_empty_folder_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    message = assert_user_error(run_cli("check", "empty", cwd=tmp_path))
    assert message == (
        "report-builder: error: no briefs to check: empty/ holds no *.yaml files; "
        "add a brief there or name one: report-builder check path/to/brief.yaml"
    )


@pytest.mark.parametrize("command", ["check", "build", "verify"])
def test_no_source_folder_says_where_and_what_to_do(tmp_path, command):
    message = assert_user_error(run_cli(command, cwd=tmp_path))
    assert message == (
        f"report-builder: error: there is no source/ folder in {tmp_path}; run report-builder in the folder "
        f"that holds source/, or name a brief: report-builder {command} path/to/brief.yaml "
        "(to start a project here: report-builder new)"
    )


def test_check_with_an_empty_source_folder(tmp_path):
    (tmp_path / "source").mkdir()
    message = assert_user_error(run_cli("check", cwd=tmp_path))
    assert message.startswith("report-builder: error: no briefs to check: source/ holds no *.yaml files")


def test_watch_without_a_source_folder_stops_with_a_message(tmp_path):
    message = assert_user_error(run_cli("watch", cwd=tmp_path))
    assert message.startswith(f"report-builder: error: there is no source/ folder in {tmp_path}")


# Dates ------------------------------------------------------------------------------------


def _brief(date: str, development_date: str = "2024-03") -> str:
    return (f"title: T\ndate: {date}\nsections:\n  - title: S\ndevelopments:\n"
            f"  - date: {development_date}\n    title: D\n")


@pytest.mark.parametrize("date, message", [
    ("2024-6-5", "date: '2024-6-5' is not a valid date; write it as YYYY-MM-DD (here: 2024-06-05)"),
    ("2024-06-5", "date: '2024-06-5' is not a valid date; write it as YYYY-MM-DD (here: 2024-06-05)"),
    ("2024/06/05", "date: '2024/06/05' is not a valid date; write it as YYYY-MM-DD (here: 2024-06-05)"),
    ("2024-6", "date: '2024-6' is not a valid date; write it as YYYY-MM-DD (here: 2024-06)"),
    ("2024-02-30", "date: '2024-02-30' is not a valid date"),
])
def test_dates_need_two_digit_months_and_days(tmp_path, date, message):
    brief = tmp_path / "b.yaml"
    brief.write_text(_brief(date), encoding="utf-8")
    result = run_cli("check", "b.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == f"b.yaml:2:7: {message}"


def test_development_dates_need_two_digits_too_and_partial_dates_stay_valid(tmp_path):
    brief = tmp_path / "b.yaml"
    brief.write_text(_brief("2024-06-05", "2024-3"), encoding="utf-8")
    result = run_cli("check", "b.yaml", cwd=tmp_path)
    assert result.stderr.splitlines()[0] == (
        "b.yaml:6:11: developments[0].date: '2024-3' is not a valid date; "
        "write it as YYYY-MM-DD, YYYY-MM or YYYY (here: 2024-03)"
    )
    for good in ("2024-03", "2024", "2024-03-01"):
        brief.write_text(_brief("2024-06-05", good), encoding="utf-8")
        assert run_cli("check", "b.yaml", "--quiet", cwd=tmp_path).returncode == 0, good


# The lock ---------------------------------------------------------------------------------


def test_windows_lock_locks_and_unlocks_the_first_byte(tmp_path, monkeypatch):
    """msvcrt.locking works from the file position, which writing the pid moves."""
    positions: list[tuple[int, int]] = []

    def locking(fd, mode, length):
        positions.append((mode, os.lseek(fd, 0, os.SEEK_CUR)))

    fake = types.SimpleNamespace(locking=locking, LK_NBLCK=2, LK_UNLCK=0)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    spec = importlib.util.spec_from_file_location("report_builder.windows_lock", ROOT / "report_builder" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with module.OutputLock(tmp_path):
        pass
    assert positions == [(2, 0), (0, 0)]


# The output folder --------------------------------------------------------------------------


def test_out_naming_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    message = assert_user_error(run_cli("build", str(SAMPLE), "--out", "afile", cwd=tmp_path))
    assert message == ("report-builder: error: --out afile: this is a file, not a folder; "
                       "give --out a folder (it is created if missing)")
    message = assert_user_error(run_cli("build", str(SAMPLE), "--out", "afile/sub", cwd=tmp_path))
    assert message == ("report-builder: error: --out afile/sub: afile is a file, not a folder; "
                       "give --out a folder (it is created if missing)")


def test_an_output_path_that_is_a_folder(tmp_path):
    (tmp_path / "out" / "russia-dprk.pdf").mkdir(parents=True)
    message = assert_user_error(run_cli("build", str(SAMPLE), cwd=tmp_path))
    assert message == ("report-builder: error: cannot write out/russia-dprk.pdf: a folder has that name; "
                       "rename or remove the folder, or choose another --out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["russia-dprk.pdf"]


@contextmanager
def mounted_tmpfs(path: Path, options: str):
    """A small tmpfs (root only): the real thing for read-only and full-disk tests."""
    path.mkdir()
    mounted = (os.geteuid() == 0 and shutil.which("mount") is not None and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True).returncode == 0)
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", str(path)], check=True)


def test_a_read_only_output_folder(tmp_path):
    folder = tmp_path / "ro"
    with mounted_tmpfs(folder, "ro,size=1m") as mounted:
        if not mounted:
            if os.geteuid() == 0:
                pytest.skip("needs a read-only mount (root without mount) or a non-root user")
            folder.chmod(0o555)
        result = run_cli("build", str(SAMPLE), "--out", "ro/out", cwd=tmp_path)
        message = assert_user_error(result)
        reason = ("it is on a read-only file system; choose another folder with --out" if mounted
                  else "permission denied; make the folder writable, or choose another with --out")
        assert message == f"report-builder: error: cannot write to ro/out/: {reason}"


def test_a_full_disk_names_the_folder_and_keeps_the_previous_outputs(tmp_path, sample_outputs):
    folder = tmp_path / "small"
    with mounted_tmpfs(folder, "size=400k") as mounted:
        if not mounted:
            pytest.skip("needs root to mount a small tmpfs; the simulated full disk is tested below")
        for name in ("russia-dprk.pdf",):
            shutil.copy(sample_outputs / name, folder / name)
        before = (folder / "russia-dprk.pdf").read_bytes()
        (folder / "filler").write_bytes(b"\0" * (400 * 1024 - len(before) - 40 * 1024))
        result = run_cli("build", str(SAMPLE), "--out", "small", "--force", cwd=tmp_path)
        message = assert_user_error(result)
        assert message == ("report-builder: error: cannot write to small/: the disk is full "
                           "(No space left on device); free some space or choose another --out; "
                           "the outputs already there were kept")
        assert (folder / "russia-dprk.pdf").read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == [".report-builder.lock", "filler", "russia-dprk.pdf"]


@pytest.mark.parametrize("code, reason", [
    (errno.ENOSPC, "the disk is full (No space left on device); free some space or choose another --out; "
                   "the outputs already there were kept"),
    (errno.EACCES, "permission denied; make the folder writable, or choose another with --out"),
    (errno.EROFS, "it is on a read-only file system; choose another folder with --out"),
])
def test_write_failures_are_the_users_to_fix(tmp_path, monkeypatch, capsys, code, reason):
    """Fault injection: the writer fails as the operating system would."""
    from report_builder import cli
    from report_builder.writers import FORMATS

    def failing(brief, theme, target, warn):
        Path(target).write_bytes(b"half")
        raise OSError(code, os.strerror(code), None if code == errno.ENOSPC else str(target))

    monkeypatch.setattr(type(FORMATS["pdf"]), "renderer", lambda self: failing)
    monkeypatch.chdir(tmp_path)
    status = cli.main(["build", str(SAMPLE), "--formats", "pdf", "--jobs", "1"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.err.strip() == f"report-builder: error: cannot write to out/: {reason}"
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no folder can be made")
def test_an_output_folder_that_cannot_be_created(tmp_path):
    message = assert_user_error(run_cli("build", str(SAMPLE), "--out", "/proc/no-such-folder", cwd=tmp_path))
    assert message == ("report-builder: error: cannot create or write /proc/no-such-folder/: the system says "
                       "'No such file or directory' (a folder on its path cannot be made there, or was removed "
                       "during the build); choose another folder with --out")


@pytest.mark.parametrize("command", [("new",), ("layouts", "export", "default")])
def test_new_and_export_into_a_path_through_a_file(tmp_path, command):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    message = assert_user_error(run_cli(*command, "afile/sub", cwd=tmp_path))
    assert message.startswith("report-builder: error: cannot write afile/sub")
    assert message.endswith(": part of that path is a file, not a folder; nothing was written (choose another folder)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_a_write_failing_half_way_through_new_leaves_nothing(tmp_path, monkeypatch, capsys):
    """Fault injection: the disk fills after the first file; the one already written is taken back."""
    from report_builder import cli

    real = Path.write_bytes
    calls = []

    def filling(self, data):
        calls.append(self)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", filling)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "proj"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == ("report-builder: error: cannot write proj/source/images/harbour-map.png: the disk is "
                           "full; nothing was written (choose another folder)")
    assert [p for p in (tmp_path / "proj").rglob("*") if p.is_file()] == []


def test_an_unreadable_input_is_not_blamed_on_the_output_folder(tmp_path, monkeypatch, capsys):
    from report_builder import cli
    from report_builder.writers import FORMATS

    def failing(brief, theme, target, warn):
        raise PermissionError(errno.EACCES, "Permission denied", "/somewhere/else/font.ttf")

    monkeypatch.setattr(type(FORMATS["pdf"]), "renderer", lambda self: failing)
    monkeypatch.chdir(tmp_path)
    status = cli.main(["build", str(SAMPLE), "--formats", "pdf", "--jobs", "1"])
    assert status == 1
    assert "PermissionError" in capsys.readouterr().err


# watch ------------------------------------------------------------------------------------


def test_watch_of_a_named_brief_listens_to_it_its_images_and_the_layout_only(tmp_path):
    from report_builder.build import BuildOptions
    from report_builder.watch import _watched

    folder = tmp_path / "briefs"
    (folder / "images").mkdir(parents=True)
    (folder / "deep" / "deeper").mkdir(parents=True)
    shutil.copy(FIXTURES / "valid" / "pixel.png", folder / "images" / "map.png")
    (folder / "brief.yaml").write_text(
        "title: T\ndate: 2024-01-01\nsections:\n  - title: S\n    image: {path: images/map.png, alt: A map}\n",
        encoding="utf-8")
    (folder / "other.yaml").write_text("title: Other\n", encoding="utf-8")
    watched = _watched(["briefs/brief.yaml"], BuildOptions(), tmp_path)
    out = (tmp_path / "out").resolve()
    assert watched.recursive is False
    assert folder.resolve() in watched.roots and (folder / "images").resolve() in watched.roots
    assert (folder / "deep").resolve() not in watched.roots
    assert watched.relevant((folder / "brief.yaml").resolve(), out)
    assert watched.relevant((folder / "images" / "map.png").resolve(), out)
    assert not watched.relevant((folder / "other.yaml").resolve(), out)
    assert not watched.relevant((folder / "images" / "unused.png").resolve(), out)
    layout_theme = next(root for root in watched.layout) / "theme.yaml"
    assert watched.relevant(layout_theme, out)
    everything = _watched([], BuildOptions(), tmp_path)
    assert everything.recursive is True and (tmp_path / "source").resolve() in everything.roots


def test_watch_of_a_named_brief_ignores_its_neighbours(tmp_path):
    folder = tmp_path / "briefs"
    folder.mkdir()
    shutil.copy(FIXTURES / "valid" / "citations.yaml", folder / "brief.yaml")
    neighbour = folder / "neighbour.yaml"
    neighbour.write_text("title: Not watched\n", encoding="utf-8")
    log = tmp_path / "watch.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "report_builder", "watch", "briefs/brief.yaml", "--formats", "pdf"],
            cwd=tmp_path, stdout=handle, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    try:
        assert wait_for(lambda: "watching" in log.read_text()), log.read_text()
        assert "watching briefs/brief.yaml and the layout" in log.read_text()
        neighbour.write_text("title: Still not watched\n", encoding="utf-8")
        time.sleep(1.5)
        assert "changed:" not in log.read_text()
        brief = folder / "brief.yaml"
        brief.write_text(brief.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")
        assert wait_for(lambda: "changed: briefs/brief.yaml" in log.read_text()), log.read_text()
        assert wait_for(lambda: log.read_text().count("wrote out/brief.pdf") == 2), log.read_text()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=300)



# SOURCE_DATE_EPOCH --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["yesterday", "86400"])
def test_source_date_epoch_changes_nothing(tmp_path, sample_outputs, value):
    """Outputs are dated from the brief: a bad value is no error, a good one no difference."""
    result = run_cli("build", str(SAMPLE), "--out", str(tmp_path), "--formats", "pdf,docx",
                     env={"SOURCE_DATE_EPOCH": value})
    assert_user_error(result, 0)
    for name in ("russia-dprk.pdf", "russia-dprk.docx"):
        assert (tmp_path / name).read_bytes() == (sample_outputs / name).read_bytes(), name
