"""Shared fixtures: the sample brief, the default theme, and builds into tmp folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "source" / "russia-dprk.yaml"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """The suite's builds keep their font-width cache out of the user's cache folder."""
    os.environ["REPORT_BUILDER_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def theme():
    from report_builder.layouts import resolve_layout
    from report_builder.theme import load_theme

    return load_theme(resolve_layout(None, ROOT), ROOT)


@pytest.fixture(scope="session")
def sample_brief():
    from report_builder.validate import load_brief

    brief, _ = load_brief(SAMPLE, "source/russia-dprk.yaml")
    return brief


def load_fixture(name: str):
    """A brief from tests/fixtures/, validated."""
    from report_builder.validate import load_brief

    brief, _ = load_brief(FIXTURES / name, f"tests/fixtures/{name}")
    return brief


@pytest.fixture
def fixture_brief():
    return load_fixture


def wait_for(predicate, timeout: float = 600.0, every: float = 0.2) -> bool:
    """True once `predicate` holds; the bound only stops a broken build or watch from hanging the suite."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m report_builder` as a user would, in its own process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "report_builder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


@pytest.fixture
def cli():
    return run_cli


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def rb(monkeypatch, capsys):
    """`report-builder ARGS` run in this process (builds with one job): like run_cli, without start-up time."""
    from report_builder import cli as command_line

    def run(*args: str, cwd: Path) -> Ran:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        argv = [args[0], "--jobs", "1", *args[1:]] if args[0] == "build" else list(args)
        code = command_line.main(argv)
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project folder holding a copy of the sample brief in source/."""
    (tmp_path / "source").mkdir()
    shutil.copy(SAMPLE, tmp_path / "source" / SAMPLE.name)
    return tmp_path


@pytest.fixture(scope="session")
def sample_outputs(tmp_path_factory) -> Path:
    """The sample brief built once into a folder, for the writer tests to reopen."""
    out = tmp_path_factory.mktemp("sample-out")
    result = run_cli("build", str(SAMPLE), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def has_program(name: str) -> bool:
    return shutil.which(name) is not None


def write_stress_brief(path: Path, developments: int = 80) -> Path:
    """A brief no writer was tuned on: several scripts, markup characters, long text, many events."""
    lines = [
        'title: "Россия и КНДР: 러시아-북한 관계 <analysis> & \\"quotes\\""',
        "subtitle: Stress brief with Кириллица, 한국어 and emoji 😀",
        "date: 2025-06-30",
        "authors: [Анна Петрова, 김민준]",
        "organization: R&D <Unit>",
        "classification: RESTRICTED",
        "summary:",
        "  - '**Bold** judgment with *italic*, a [link](https://example.org/path?a=1&b=<2>) and [@s1].'",
        "  - Literal characters < > & \" ' stay as they are; 5 * 3 = 15.",
        "sections:",
    ]
    long_sentence = "This sentence is deliberately long so that it must wrap across several lines of text. "
    for index in range(3):
        lines += [
            f"  - title: Раздел {index + 1} — 섹션 {index + 1}",
            "    bullets:",
        ]
        lines += [f"      - Bullet {b + 1} — {long_sentence * 2}[@s{(b % 3) + 1}]" for b in range(18)]
        lines += [
            "    paragraphs:",
            f"      - {long_sentence * 6}",
            f"      - Русский текст и 한국어 텍스트 in one paragraph. {long_sentence * 3}",
            f"    notes: {'word ' * 200}",
        ]
    lines.append("    chronology: true")
    lines.append("developments:")
    for index in range(developments):
        year = 2020 + index // 20
        month = 1 + (index % 20) * 12 // 20
        day = 1 + (index % 20)
        date = f"{year}-{month:02d}-{day:02d}" if index % 10 else f"{year}-{month:02d}"
        lines += [
            f"  - date: {date}",
            f"    title: Event {index + 1} — Событие {index + 1} — 사건 {index + 1}",
            f"    summary: Summary of event {index + 1} with <tags> & ampersands.",
            "    significance: Matters because it is event number " + str(index + 1) + ".",
            "    sources: [s2]",
        ]
    lines += [
        "conclusions:",
        "  - Conclusion one, in plain words.",
        "  - title: Вывод",
        "    text: Conclusion two — 결론 — with **bold** and [@s3].",
        "sources:",
        "  - id: s1",
        "    title: Source one",
        "    publisher: Publisher & Co",
        "    date: 2025-01",
        "    url: https://example.org/" + "averyveryverylongpathsegment" * 10,
        "  - id: s2",
        "    title: Источник два",
        "    date: 2024",
        "  - id: s3",
        "    title: 출처 셋",
        "    url: https://example.org/three",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


DATA_BRIEF = FIXTURES / "data" / "tables-charts.yaml"


@pytest.fixture(scope="session")
def data_outputs(tmp_path_factory) -> Path:
    """The tables-and-charts brief (a 28-row table, line, pie and bar charts) built once into a folder."""
    out = tmp_path_factory.mktemp("data-out")
    result = run_cli("build", str(DATA_BRIEF), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def data_brief():
    from report_builder.validate import load_brief

    brief, _ = load_brief(DATA_BRIEF, "tests/fixtures/data/tables-charts.yaml")
    return brief
