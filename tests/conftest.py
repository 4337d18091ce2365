"""Shared fixtures: the sample brief, the default theme, and builds into tmp folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = ROOT / "source" / "russia-dprk.yaml"


@pytest.fixture(scope="session")
def theme():
    from report_builder.theme import load_theme, resolve_layout

    return load_theme(resolve_layout(None, ROOT))


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
