"""report-builder's own compiled modules, kept in its cache folder when Python writes no __pycache__."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLE


def python(code: str, cwd: Path, cache: Path | str, package_parent: Path | None = None, write_bytecode: bool = False):
    env = {**os.environ, "REPORT_BUILDER_CACHE": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write_bytecode:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(cwd / "pycache")
    if package_parent is not None:
        env["PYTHONPATH"] = str(package_parent)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def kept(cache: Path) -> set[str]:
    return {path.name.rsplit("-", 1)[0] for path in cache.glob("bytecode/*/*.bin")}


def test_modules_compiled_once_are_kept_in_the_cache_folder(tmp_path):
    cache = tmp_path / "cache"
    check = f"from report_builder.cli import main; raise SystemExit(main(['check', '--quiet', {str(SAMPLE)!r}]))"
    first = python(check, tmp_path, cache)
    assert first.returncode == 0, first.stderr
    assert {"report_builder.cli", "report_builder.validate", "report_builder.model"} <= kept(cache)
    assert not any(name.startswith("report_builder.writers.") for name in kept(cache))
    second = python(check, tmp_path, cache)
    assert second.returncode == 0, second.stderr


def test_an_edited_module_is_compiled_again(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "report_builder", copy / "report_builder")
    cache = tmp_path / "cache"
    show = "import report_builder.errors as e; print(e.ReportBuilderError.exit_status)"
    assert python(show, tmp_path, cache, copy).stdout == "2\n"
    assert python(show, tmp_path, cache, copy).stdout == "2\n"
    errors = copy / "report_builder" / "errors.py"
    errors.write_text(errors.read_text().replace("    exit_status = 2\n", "    exit_status = 2 + 1\n", 1))
    assert python(show, tmp_path, cache, copy).stdout == "3\n"
    assert python(show, tmp_path, cache, copy).stdout == "3\n"
    assert not list((copy / "report_builder").glob("**/__pycache__"))


def test_a_damaged_cache_entry_is_compiled_again(tmp_path):
    cache = tmp_path / "cache"
    show = "import report_builder.errors as e; print(e.ReportBuilderError.exit_status)"
    assert python(show, tmp_path, cache).stdout == "2\n"
    for entry in cache.glob("bytecode/*/report_builder.errors-*.bin"):
        entry.write_bytes(entry.read_bytes()[:40])
    result = python(show, tmp_path, cache)
    assert (result.stdout, result.stderr) == ("2\n", "")


def test_nothing_is_kept_when_python_keeps_its_own_or_the_cache_is_off(tmp_path):
    show = "import report_builder.validate"
    assert python(show, tmp_path, tmp_path / "cache", write_bytecode=True).returncode == 0
    assert not (tmp_path / "cache").exists()
    off = python(show, tmp_path, "")
    assert off.returncode == 0, off.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pycache"]
