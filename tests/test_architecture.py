"""The pipeline's boundaries: plans and the model never load an output library, `check` loads none."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SAMPLE

OUTPUT_LIBRARIES = ("docx", "pptx", "reportlab")


def loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_model_validation_and_plans_load_no_output_library():
    modules = loaded_after(
        "import report_builder.validate, report_builder.build, report_builder.watch\n"
        "import pkgutil, importlib, report_builder.plan as plan\n"
        "for info in pkgutil.iter_modules(plan.__path__):\n"
        "    importlib.import_module(f'report_builder.plan.{info.name}')\n"
    )
    assert not modules & set(OUTPUT_LIBRARIES)


def test_check_loads_no_output_library():
    modules = loaded_after(
        "from report_builder.cli import main\n"
        f"assert main(['check', '--quiet', {str(SAMPLE)!r}]) == 0\n"
    )
    assert not modules & set(OUTPUT_LIBRARIES)
    assert "fontTools" not in modules


def test_check_loads_nothing_of_building():
    """`check` runs after every edit: no manifest, commit, lock, workers or deck planning to import."""
    probe = (
        "from report_builder.cli import main\n"
        f"assert main(['check', '--quiet', {str(SAMPLE)!r}]) == 0\n"
        "import sys\nprint(' '.join(sorted(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    building = {"report_builder.build", "report_builder.manifest", "report_builder.commit", "report_builder.lock",
                "report_builder.workers", "report_builder.writers", "report_builder.plan.deck_layout",
                "report_builder.plan.measure"}
    assert "report_builder.validate" in loaded
    assert not loaded & building


def test_a_no_op_build_reads_no_brief_and_loads_no_dataclass(tmp_path):
    """Up to date is decided from the manifest alone: no YAML, no validation, no layout, and (6 ms of a
    25 ms start) not even the dataclasses module."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "brief.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    build = "from report_builder.cli import main\nassert main(['build', '--quiet', '--jobs', '1']) == 0\n"
    subprocess.run([sys.executable, "-c", build], cwd=tmp_path, check=True)
    probe = build + "import sys\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    assert "report_builder.build" in loaded
    reading = {"yaml", "dataclasses", "report_builder.validate", "report_builder.model", "report_builder.theme",
               "report_builder.reader", "report_builder.workers", "report_builder.lock"}
    assert not loaded & reading


def test_each_writer_loads_only_its_own_library():
    for name, library in (("docx", "docx"), ("pdf", "reportlab"), ("pptx", "pptx")):
        modules = loaded_after(f"import report_builder.writers.{name}")
        assert library in modules
        assert not modules & (set(OUTPUT_LIBRARIES) - {library}), name


def test_writing_each_format_of_a_brief_with_charts_loads_only_its_own_library(tmp_path):
    """A chart in the Word brief is written without python-pptx: the Word worker pays for one writer library."""
    brief = ROOT / "tests" / "fixtures" / "data" / "tables-charts.yaml"
    for name, library in (("docx", "docx"), ("pdf", "reportlab"), ("pptx", "pptx")):
        modules = loaded_after(
            "from report_builder.cli import main\n"
            f"assert main(['build', '--quiet', '--jobs', '1', '--formats', {name!r}, '--out', {str(tmp_path / name)!r},"
            f" {str(brief)!r}]) == 0\n"
        )
        assert library in modules
        assert not modules & (set(OUTPUT_LIBRARIES) - {library}), name


def test_modules_imported_before_the_render_processes_fork_are_the_writers_own():
    """workers.SHARED_BY_WRITERS names, for each module, the writers that import it: kept true as writers change."""
    from report_builder.workers import SHARED_BY_WRITERS

    for name in ("docx", "pdf", "pptx"):
        # Modules the interpreter's start-up already loaded (a site .pth can import certifi, and tempfile with
        # it) say nothing about the writer: left out on both sides.
        probe = (f"import sys\nat_start = set(sys.modules)\n"
                 f"import report_builder.workers as w\nw.import_shared()\nimport report_builder.writers.{name}\n"
                 f"print(' '.join(m for m in {sorted(SHARED_BY_WRITERS)!r} if m in sys.modules))\n"
                 f"print(' '.join(m for m in {sorted(SHARED_BY_WRITERS)!r} if m in at_start))")
        result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
        loaded_line, at_start_line = result.stdout.split("\n")[:2]
        at_start = set(at_start_line.split())
        loaded = set(loaded_line.split()) - at_start
        assert loaded == {module for module, users in SHARED_BY_WRITERS.items() if name in users} - at_start, name
