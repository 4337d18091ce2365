"""The project installs anywhere: the README's commands are the ones CI runs, and the sdist and wheel hold what they must."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile

import pytest

from conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = text[text.index("## Set-up"):text.index("\n## ", text.index("## Set-up") + 1)]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_the_readme_sets_up_in_a_virtual_environment_and_ci_runs_its_test_command():
    build, test = readme_commands()
    assert build == "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/report-builder build"
    assert test == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == test


def test_every_package_is_installed():
    listed = set(re.findall(r'"(report_builder(?:\.\w+)*)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")))
    found = {".".join(p.relative_to(ROOT).parent.parts) for p in (ROOT / "report_builder").rglob("__init__.py")}
    assert found <= listed, found - listed
    assert "report_builder.layouts" in listed


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (out / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return out


def test_building_gives_no_packaging_warnings(dist):
    """setuptools' boxed warnings ("Package would be ignored") alarm whoever builds the package."""
    log = (dist / "build.log").read_text(encoding="utf-8")
    assert "!!" not in log and "would be ignored" not in log and "SetuptoolsDeprecationWarning" not in log


def test_the_sdist_holds_what_its_tests_need(dist):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("LICENSE", "README.md", "pyproject.toml", ".ci/run", "tests/conftest.py", "tests/test_verify.py",
                   "tests/fixtures/invalid/many-errors.yaml", "tests/fixtures/yaml-mistakes/colon-in-title.yaml",
                   "docs/content-format.md", "source/russia-dprk.yaml", "layouts/default/theme.yaml",
                   "layouts/default/make_template.py"):
        assert needed in names, needed
    assert not [name for name in names if name.endswith((".pyc", ".pyo"))]


def test_the_wheel_ships_the_package_and_layouts_but_not_template_scripts(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    for needed in ("report_builder/cli.py", "report_builder/verify/match.py", "report_builder/layouts/default/theme.yaml",
                   "report_builder/layouts/default/template.pptx",
                   "report_builder/layouts/default/fonts/LiberationSans-Regular.ttf",
                   "report_builder/layouts/default/fonts/LICENSE-Liberation.txt",
                   "report_builder/layouts/default/fonts/LICENSE-Nanum.txt",
                   "report_builder/layouts/institutional/theme.yaml",
                   "report_builder/layouts/institutional/template.pptx",
                   "report_builder/layouts/institutional/fonts/LiberationSerif-Regular.ttf",
                   "report_builder/layouts/institutional/fonts/LICENSE-Liberation.txt",
                   "report_builder/starter_project/source/brief.yaml",
                   "report_builder/starter_project/source/images/harbour-map.png"):
        assert needed in names, needed
    assert not [name for name in names if name.endswith("make_template.py")]
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert "License-Expression: MIT" in metadata.splitlines()


def test_every_shipped_font_has_its_licence_beside_it():
    """The OFL asks that the licence travel with the fonts: each fonts/ folder holds one per family."""
    for fonts in (ROOT / "layouts").glob("*/fonts"):
        families = {p.name.split("-")[0] for p in fonts.glob("*.ttf")}
        licences = [p.read_text(encoding="utf-8") for p in fonts.glob("LICENSE-*.txt")]
        assert families and licences, fonts
        for family in families:
            name = re.match(r"[A-Z][a-z]+", family).group()  # LiberationSerif -> Liberation, NanumGothic -> Nanum
            assert any("SIL OPEN FONT LICENSE" in text and f"Reserved Font Name {name}" in text
                       for text in licences), (fonts, family)
