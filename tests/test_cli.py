"""The command line end to end: exit codes, messages, and what lands in --out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, SAMPLE, run_cli, write_stress_brief


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pptx_text(path: Path) -> str:
    import pptx

    deck = pptx.Presentation(str(path))
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def test_build_with_no_arguments_builds_every_brief_in_source(project):
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (project / "out").iterdir() if not p.name.startswith("."))
    assert names == ["russia-dprk.docx", "russia-dprk.pdf", "russia-dprk.pptx"]
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("wrote out/russia-dprk.docx (") and lines[0].endswith(" s)")


def test_outputs_hold_the_brief_text(sample_outputs, sample_brief):
    docx = docx_text(sample_outputs / "russia-dprk.docx")
    pptx = pptx_text(sample_outputs / "russia-dprk.pptx")
    pdf = " ".join(pdf_text(sample_outputs / "russia-dprk.pdf").split())
    for text in (docx, pptx, pdf):
        assert "Russia–DPRK Relations" in text
        for section in sample_brief.sections:
            assert section.title in text
    for development in sample_brief.developments:
        assert development.title.plain() in docx
    for conclusion in sample_brief.conclusions:
        assert conclusion.text.plain()[:60] in docx
    for source in sample_brief.sources:
        assert source.title in docx
    for text in (docx, pptx, pdf):
        assert "**" not in text and "[@" not in text


def test_scripts_and_markup_characters_reach_every_output(tmp_path):
    brief = write_stress_brief(tmp_path / "stress.yaml", developments=12)
    result = run_cli("build", str(brief), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0, result.stderr
    title_parts = ["Россия и КНДР", "러시아-북한 관계", '<analysis> & "quotes"']
    docx = docx_text(tmp_path / "out" / "stress.docx")
    pptx = pptx_text(tmp_path / "out" / "stress.pptx")
    pdf = pdf_text(tmp_path / "out" / "stress.pdf")
    for text in (docx, pptx, pdf):
        for part in title_parts:
            assert part in text
        assert "&amp;" not in text and "&lt;" not in text
    assert "😀" in docx and "😀" in pptx


def test_bad_brief_exits_2_with_located_messages_and_leaves_out_untouched(tmp_path, sample_outputs):
    out = tmp_path / "out"
    shutil.copytree(sample_outputs, out)
    before = snapshot(out)
    bad = FIXTURES / "invalid" / "many-errors.yaml"
    result = run_cli("build", str(bad), "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{bad}:2:7: date: '2024-02-30' is not a valid date" in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1] == "6 errors; nothing was written"
    assert snapshot(out) == before


def test_one_bad_brief_among_good_ones_writes_nothing(tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", str(SAMPLE), str(FIXTURES / "invalid" / "bad-date.yaml"), "--out", str(out))
    assert result.returncode == 2
    assert not out.exists()


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "invalid").glob("*.yaml")))
def test_every_broken_file_gives_status_2_and_a_located_message(tmp_path, name):
    path = FIXTURES / "invalid" / name
    result = run_cli("build", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}:")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_strict_turns_warnings_into_errors(tmp_path):
    brief = FIXTURES / "warnings" / "warn-uncited.yaml"
    relaxed = run_cli("build", str(brief), "--out", str(tmp_path / "a"), "--quiet")
    assert relaxed.returncode == 0
    assert "warning: sources[0]: source 'lonely' is never cited" in relaxed.stderr
    strict = run_cli("build", str(brief), "--out", str(tmp_path / "b"), "--strict")
    assert strict.returncode == 2
    assert strict.stderr.splitlines()[-1] == "1 warning, which --strict makes errors; nothing was written"
    assert not (tmp_path / "b").exists()


def test_formats_option_limits_the_outputs(tmp_path):
    result = run_cli("build", str(SAMPLE), "--out", str(tmp_path), "--formats", "pdf")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["russia-dprk.pdf"]


def test_unknown_format_is_a_usage_error(tmp_path):
    result = run_cli("build", str(SAMPLE), "--out", str(tmp_path), "--formats", "pdf,odt")
    assert result.returncode == 2
    assert result.stderr.strip() == "report-builder: error: unknown format 'odt'; choose from docx, pdf, pptx"


def test_quiet_prints_nothing_on_success(tmp_path):
    result = run_cli("build", str(SAMPLE), "--out", str(tmp_path), "--quiet")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_check_validates_without_writing(project):
    result = run_cli("check", cwd=project)
    assert (result.returncode, result.stdout) == (0, "1 brief OK\n")
    assert not (project / "out").exists()
    bad = run_cli("check", str(FIXTURES / "invalid" / "bad-date.yaml"))
    assert bad.returncode == 2
    assert "developments[1].date: '2024-13-01' is not a valid date" in bad.stderr


def test_missing_file_and_empty_source_folder_are_usage_errors(tmp_path):
    missing = run_cli("build", "nope.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stderr.strip() == "report-builder: error: nope.yaml: no such file or folder"
    (tmp_path / "source").mkdir()
    empty = run_cli("build", cwd=tmp_path)
    assert empty.returncode == 2
    assert "source/ holds no *.yaml files" in empty.stderr


def test_unknown_layout_is_a_usage_error(tmp_path):
    result = run_cli("build", str(SAMPLE), "--out", str(tmp_path), "--layout", "nosuchlayout")
    assert result.returncode == 2
    assert result.stderr.startswith("report-builder: error: unknown layout 'nosuchlayout'; available: default")


def test_bad_usage_exits_2():
    assert run_cli("build", "--no-such-option").returncode == 2
    assert run_cli().returncode == 2


def test_internal_error_exits_1_without_traceback_unless_debug(tmp_path, monkeypatch, capsys):
    from report_builder import cli
    from report_builder.writers import FORMATS

    def broken(*args):
        raise RuntimeError("writer exploded")

    monkeypatch.setattr(type(FORMATS["pdf"]), "renderer", lambda self: broken)
    out = tmp_path / "out"
    status = cli.main(["build", str(SAMPLE), "--out", str(out), "--formats", "pdf"])
    captured = capsys.readouterr()
    assert status == 1
    assert "internal error: RuntimeError: writer exploded" in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()
    with pytest.raises(RuntimeError):
        cli.main(["build", str(SAMPLE), "--out", str(out), "--formats", "pdf", "--debug"])


def test_python_dash_m_and_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("report-builder ")


EDGE_BRIEFS = {
    "minimal": "title: Minimal\ndate: 2024-01-01\nsections:\n  - title: Only a title\n",
    "long-title": "title: " + "A very long title " * 30 + "\ndate: 2024-04-01\nauthors: One Author\n"
    "sections:\n  - title: " + "Long section title " * 20 + "\n    paragraphs: ['" + "Word " * 600 + "']\n",
    "same-day": "title: Same day\ndate: 2024-04-01\nsections:\n  - title: S\n    chronology: true\n"
    "developments:\n" + "".join(f"  - date: 2024-03-01\n    title: Event {i}\n" for i in range(12)),
    "year-only": "title: Years\ndate: 2024-01-01\nsections:\n  - title: S\n    notes: Only notes.\n"
    "developments:\n  - date: 2023\n    title: Year only\n  - date: 2023-05\n    title: Month only\n",
}


@pytest.mark.parametrize("name", sorted(EDGE_BRIEFS))
def test_unusual_but_valid_briefs_build_every_output(tmp_path, name):
    brief = tmp_path / f"{name}.yaml"
    brief.write_text(EDGE_BRIEFS[name], encoding="utf-8")
    result = run_cli("build", str(brief), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0, result.stderr
    first_words = EDGE_BRIEFS[name].split("\n")[0].removeprefix("title: ")[:20]
    assert first_words in docx_text(tmp_path / "out" / f"{name}.docx")
    assert first_words in " ".join(pdf_text(tmp_path / "out" / f"{name}.pdf").split())
    assert first_words in pptx_text(tmp_path / "out" / f"{name}.pptx")


def test_check_in_a_process_leaves_it_as_it_was(tmp_path, monkeypatch, capsys):
    """main() is also called in-process (tests, watch's thread): check's collector setting and signal
    handlers are put back, and check runs from a thread that may not take signals."""
    import gc
    import signal
    import threading

    from report_builder.cli import main

    (tmp_path / "source").mkdir()
    shutil.copy(SAMPLE, tmp_path / "source" / "brief.yaml")
    monkeypatch.chdir(tmp_path)
    threshold, handler = gc.get_threshold(), signal.getsignal(signal.SIGTERM)
    assert main(["check", "--quiet"]) == 0
    assert gc.get_threshold() == threshold and signal.getsignal(signal.SIGTERM) is handler
    statuses = []
    thread = threading.Thread(target=lambda: statuses.append(main(["check"])))
    thread.start()
    thread.join(timeout=60)
    assert statuses == [0] and "1 brief OK" in capsys.readouterr().out
    assert gc.get_threshold() == threshold


def test_help_of_every_command_is_the_same_whichever_command_is_asked(capsys):
    """The parser builds only the asked command's options; each command's own help is the full parser's."""
    from report_builder.cli import COMMANDS, _parser

    def shown(parser, argv) -> str:
        with pytest.raises(SystemExit):
            parser.parse_args(argv)
        return capsys.readouterr().out

    top = shown(_parser(), ["--help"])
    for name in COMMANDS:
        assert shown(_parser(name), ["--help"]) == top
        assert shown(_parser(name), [name, "--help"]) == shown(_parser(), [name, "--help"])
