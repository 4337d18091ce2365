"""Cases the second hostile probe (benchmarks/hostile_probe.py) found mishandled, kept so they stay fixed.

Each ends, as every case of the probe must, in valid outputs or a message
naming the file, exit status 2, with the previous outputs intact and nothing
left behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

BRIEF = """\
title: A probe
date: 2024-06-30
sections:
  - title: Background
    bullets: [A point.]
"""


@pytest.fixture
def project(tmp_path: Path, rb) -> Path:
    """A project built once with layout `mine`, whose files each test then breaks."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "brief.yaml").write_text("layout: mine\n" + BRIEF, encoding="utf-8")
    (tmp_path / "layouts" / "mine").mkdir(parents=True)
    (tmp_path / "layouts" / "mine" / "theme.yaml").write_text("colors: {primary: '112233'}\n", encoding="utf-8")
    result = rb("build", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


@pytest.mark.parametrize("name", ["theme.yaml", "reference.docx", "template.pptx"])
@pytest.mark.parametrize("kind, reason", [("fifo", "is a named pipe, not a regular file"),
                                          ("folder", "is a folder, not a file"),
                                          ("dangling link", "is a symbolic link to ")])
def test_a_layout_file_that_is_not_a_regular_file_is_named_not_skipped(project, rb, name, kind, reason):
    """It was skipped as if absent (a FIFO theme.yaml hung the build, then was ignored): the outputs came
    out in another look than the layout's without a word."""
    path = project / "layouts" / "mine" / name
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(project / "nowhere" / name)
    before = outputs(project / "out")
    result = rb("build", "--force", cwd=project)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"layouts/mine/{name}:1:1: (file): ")
    assert reason in first
    assert outputs(project / "out") == before


@pytest.mark.parametrize("escape", ["\\ud800", "\\uZZ", "\\x4"])
def test_a_bad_escape_in_double_quotes_is_named_as_such_not_as_an_unclosed_quote(escape):
    """A lone surrogate or a short hexadecimal code was reported as "the quote that starts here is never closed"."""
    from report_builder.errors import ContentError
    from report_builder.reader import parse_yaml

    with pytest.raises(ContentError) as caught:
        parse_yaml(f'title: "A {escape} probe"\n', "b.yaml")
    message = str(caught.value.diagnostics[0]).splitlines()[0]
    assert message.startswith("b.yaml:1:12: (yaml): YAML syntax error: a \\u, \\U or \\x escape inside double quotes")
    assert "never closed" not in message


@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000 + "\n",
                                  "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 1500)) + "  " * 1500 + "c\n"])
def test_nesting_past_what_the_parser_holds_is_named_as_nesting(text):
    """libyaml gives up at 1,000 levels before the reader can count them: it was shown as a '[' never closed."""
    from report_builder.errors import ContentError
    from report_builder.reader import MAX_DEPTH, parse_yaml

    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "b.yaml")
    assert str(caught.value.diagnostics[0]).splitlines()[0].endswith(
        f": (yaml): the YAML is nested more than {MAX_DEPTH} levels deep")


def test_thousands_of_mistakes_print_the_first_hundred_and_a_count(tmp_path, rb):
    """100,000 unknown keys printed 100,000 lines, each with a 'did you mean' search (15 s)."""
    from report_builder.cli import MAX_SHOWN

    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "brief.yaml").write_text(BRIEF + "".join(f"k{i}: v\n" for i in range(5_000)),
                                                    encoding="utf-8")
    result = rb("check", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "source/brief.yaml:6:1: k0: unknown key 'k0'; expected one of: title, subtitle, date, " \
                       "authors, organization, classification, layout, summary, sections, developments, " \
                       "conclusions, sources"
    assert sum(": unknown key 'k" in line for line in lines) == MAX_SHOWN
    assert lines[-2:] == [f"... and {5_000 - MAX_SHOWN:,} more in source/brief.yaml (fix these first)", "5000 errors"]


# Office files ----------------------------------------------------------------------------


def _office(kind: str) -> bytes:
    import io

    buffer = io.BytesIO()
    if kind == "docx":
        import docx

        docx.Document().save(buffer)
    else:
        import pptx

        pptx.Presentation().save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change, extra: dict | None = None) -> bytes:
    import io
    import warnings
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = change(info.filename, source.read(info))
            if part is not None:
                target.writestr(info.filename, part)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a duplicate name, on purpose
            for name, part in (extra or {}).items():
                target.writestr(name, part)
    return out.getvalue()


def _twips(document: bytes, attribute: str, value: str) -> bytes:
    import re

    return re.sub(rf'w:{attribute}="\d+"'.encode(), f'w:{attribute}="{value}"'.encode(), document)


BROKEN_OFFICE = {
    "no styles part": ("reference.docx", lambda: _rezip(_office("docx"), lambda n, d: None if n == "word/styles.xml"
                                                        else d),
                       "reference.docx is damaged: 'word/document.xml' refers to a part 'word/styles.xml' that it "
                       "does not hold"),
    "two parts of one name": ("reference.docx", lambda: _rezip(_office("docx"), lambda n, d: d,
                                                               {"word/styles.xml": b"<a/>"}),
                              "reference.docx is damaged: it holds two parts named 'word/styles.xml'"),
    "page 0 wide": ("reference.docx", lambda: _rezip(_office("docx"), lambda n, d: _twips(d, "w", "0")
                                                     if n == "word/document.xml" else d),
                    "reference.docx sets a page of 0 by 792 pt whose margins leave 0 by 648 pt for text, too little "
                    "for body text of 10.5 pt"),
    "margins wider than the page": ("reference.docx", lambda: _rezip(_office("docx"), lambda n, d: _twips(
        d, "left", "99999") if n == "word/document.xml" else d), "reference.docx sets a page of 612 by 792 pt whose "
                                    "margins leave 0 by 648 pt for text"),
    "no slide layouts": ("template.pptx", lambda: _rezip(_office("pptx"), lambda n, d: None
                                                         if n.startswith("ppt/slideLayouts/") else d),
                         "template.pptx is damaged: 'ppt/slideMasters/slideMaster1.xml' refers to a part "
                         "'ppt/slideLayouts/slideLayout1.xml' that it does not hold"),
    "slides 0 wide": ("template.pptx", lambda: _rezip(_office("pptx"), lambda n, d: d.replace(
        b'<p:sldSz cx="9144000"', b'<p:sldSz cx="0"') if n == "ppt/presentation.xml" else d),
                      "template.pptx sets slides of 0 by 7.5 in; a slide must be 4 to 30 in wide and 3 to 30 in tall"),
    "slides 100 m wide": ("template.pptx", lambda: _rezip(_office("pptx"), lambda n, d: d.replace(
        b'<p:sldSz cx="9144000"', b'<p:sldSz cx="3600000000"') if n == "ppt/presentation.xml" else d),
                          "template.pptx sets slides of 3,937 by 7.5 in"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_OFFICE))
def test_an_office_file_python_docx_or_pptx_would_fail_on_is_refused_naming_it(project, rb, case):
    """Each was an internal error (KeyError, ValueError, AttributeError) or, for slides 0 wide, a hang."""
    name, make, reason = BROKEN_OFFICE[case]
    (project / "layouts" / "mine" / name).write_bytes(make())
    before = outputs(project / "out")
    result = rb("build", "--force", cwd=project)
    assert result.returncode == 2, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"layouts/mine/{name}:1:1: (file): {reason}"), first
    assert outputs(project / "out") == before


def test_office_files_from_pandoc_libreoffice_and_the_libraries_pass_the_checks():
    """The relationship and page checks refuse nothing a real program writes."""
    import glob
    import shutil
    import subprocess

    from report_builder.package_check import POWERPOINT, WORD, check_package, word_page

    samples = [(_office("docx"), WORD), (_office("pptx"), POWERPOINT)]
    from conftest import ROOT

    samples += [(Path(p).read_bytes(), POWERPOINT) for p in glob.glob(str(ROOT / "layouts" / "*" / "template.pptx"))]
    if shutil.which("pandoc"):
        for name, kind in (("reference.docx", WORD), ("reference.pptx", POWERPOINT)):
            data = subprocess.run(["pandoc", "--print-default-data-file", name], capture_output=True).stdout
            samples.append((data, kind))
    for data, kind in samples:
        check_package(data, kind)
        if kind == WORD:
            page = word_page(data)
            assert not page or page["width"] > page.get("left", 0) + page.get("right", 0)


# Output folders and signals -----------------------------------------------------------------


def test_an_output_folder_that_cannot_be_created_is_a_clear_error(tmp_path, rb):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    if not Path("/proc/self").is_dir():
        pytest.skip("needs /proc, where no folder can be made")
    result = rb("build", "--out", "/proc/report-builder-out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("report-builder: error: cannot create or write /proc/report-builder-out/: ")


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_sigterm_or_a_closed_terminal_removes_temporary_files_like_ctrl_c(tmp_path, signame):
    """They killed the build on the spot, leaving its temporary files for the next build to find."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import write_stress_brief

    (tmp_path / "source").mkdir()
    write_stress_brief(tmp_path / "source" / "big.yaml", developments=400)
    (tmp_path / "out").mkdir()
    process = subprocess.Popen([sys.executable, "-m", "report_builder", "build", "--quiet", "--jobs", "3"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 600
    while not list((tmp_path / "out").glob(".*.tmp")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if process.poll() is not None:
        pytest.skip("the build ended before it could be stopped")
    os.kill(process.pid, getattr(signal, signame))
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 128 + getattr(signal, signame)
    assert stderr.strip() == "interrupted; outputs left as they were"
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.endswith(".lock")) == []


def test_warnings_are_gathered_without_comparing_each_with_each(monkeypatch):
    """3,000 uncited sources made 4.5 million comparisons of warnings (seconds of a build)."""
    from report_builder.briefs import add_new
    from report_builder.errors import Diagnostic, Location, Severity

    compared = []
    equal = Diagnostic.__eq__
    monkeypatch.setattr(Diagnostic, "__eq__", lambda self, other: compared.append(1) or equal(self, other))
    many = [Diagnostic(Severity.WARNING, Location("b.yaml", line, 1), f"sources[{line}]", "never cited")
            for line in range(3_000)]
    collected: list = []
    add_new(collected, many)
    add_new(collected, many)
    assert collected == many
    assert len(compared) < 2 * len(many)


# Layout paths ------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["../../../../../../etc", "/dev", "/"])
def test_a_folder_that_is_no_layout_is_refused_where_the_brief_names_it(tmp_path, rb, spec):
    """`layout: /dev` or `../../etc` built with the default look (and hashed every file below as an input)."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "brief.yaml").write_text(f"layout: {spec}\n" + BRIEF, encoding="utf-8")
    result = rb("build", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (f"source/brief.yaml:1:9: layout: '{spec}' is not a layout folder: it "
                                             "holds no theme.yaml, reference.docx or template.pptx")
    assert not (tmp_path / "out").exists()


def test_a_layout_folder_of_too_many_files_is_refused_not_hashed(tmp_path, rb):
    from report_builder.layouts import MAX_LAYOUT_FILES

    folder = tmp_path / "huge"
    folder.mkdir()
    (folder / "theme.yaml").write_text("colors: {primary: '112233'}\n", encoding="utf-8")
    for index in range(MAX_LAYOUT_FILES):
        (folder / f"f{index}.bin").touch()
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    result = rb("build", "--layout", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    assert f"layout folder '{folder}' holds more than {MAX_LAYOUT_FILES:,} files and folders" in result.stderr
    assert not (tmp_path / "out").exists()
