"""Advance widths: read only when a text needs a font, the same from the cache as from the font."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from conftest import ROOT, SAMPLE, run_cli
from report_builder.plan import fontfile
from report_builder.plan.fontfile import CACHE_FOLDER_ENV, font_file

FONTS = ROOT / "layouts" / "default" / "fonts"


def parsed_by_fonttools(path: Path) -> tuple[dict[int, float], float]:
    font = TTFont(str(path))
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    advances = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return advances, metrics[".notdef"][0] / units


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_FOLDER_ENV, str(folder))
    return folder


def cached_digests(cache: Path) -> set[str]:
    return {path.stem for path in (cache / "font-widths").glob("*.bin")}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_font(tmp_path: Path, name: str) -> Path:
    target = tmp_path / "fonts" / name
    target.parent.mkdir(exist_ok=True)
    shutil.copy(FONTS / name, target)
    return target


@pytest.mark.parametrize("name", ["LiberationSans-Regular.ttf", "NanumGothic-Bold.ttf"])
def test_widths_are_the_fonts_own_when_parsed_and_when_read_back_from_the_cache(tmp_path, cache, name):
    path = copy_font(tmp_path, name)
    expected, missing = parsed_by_fonttools(path)
    first = fontfile.FontFile(path)
    assert (first.advances, first.missing) == (expected, missing)
    assert cached_digests(cache) == {digest(path)}
    again = fontfile.FontFile(path)
    assert (again.advances, again.missing) == (expected, missing)
    assert again.advance("A") == expected[ord("A")]


def test_a_font_is_read_only_when_a_character_is_measured(tmp_path, cache):
    path = copy_font(tmp_path, "NanumGothic-Regular.ttf")
    font = font_file(path)
    assert cached_digests(cache) == set()
    assert font.covers("한")
    assert cached_digests(cache) == {digest(path)}


def test_a_brief_without_hangul_never_reads_the_hangul_font(tmp_path, cache, theme):
    result = run_cli("build", str(SAMPLE), "--out", str(tmp_path / "out"), "--quiet",
                     env={CACHE_FOLDER_ENV: str(cache)})
    assert result.returncode == 0, result.stderr
    read = cached_digests(cache)
    assert digest(theme.text_font.regular) in read
    assert not read & {digest(theme.fallback_fonts[0].regular), digest(theme.fallback_fonts[0].bold)}


def test_a_brief_with_hangul_reads_the_hangul_font(tmp_path, cache, theme):
    brief = tmp_path / "korean.yaml"
    brief.write_text(SAMPLE.read_text(encoding="utf-8").replace("\nsubtitle: ", "\nsubtitle: 러시아-북한 관계 — ", 1),
                     encoding="utf-8")
    result = run_cli("build", str(brief), "--out", str(tmp_path / "out"), "--quiet", env={CACHE_FOLDER_ENV: str(cache)})
    assert result.returncode == 0, result.stderr
    assert digest(theme.fallback_fonts[0].regular) in cached_digests(cache)


def test_a_changed_font_file_is_measured_anew(tmp_path, cache):
    path = copy_font(tmp_path, "LiberationSans-Regular.ttf")
    assert font_file(path).advance("W") == parsed_by_fonttools(FONTS / "LiberationSans-Regular.ttf")[0][ord("W")]
    shutil.copy(FONTS / "LiberationSans-Bold.ttf", path)
    bold_w = parsed_by_fonttools(FONTS / "LiberationSans-Bold.ttf")[0][ord("W")]
    assert font_file(path).advance("W") == bold_w
    assert len(cached_digests(cache)) == 2


@pytest.mark.parametrize("damage", [b"", b"RBwidth1", b"not a cache at all" * 10])
def test_a_damaged_cache_entry_is_parsed_again_and_replaced(tmp_path, cache, damage):
    path = copy_font(tmp_path, "LiberationSans-Italic.ttf")
    expected, _ = parsed_by_fonttools(path)
    entry = cache / "font-widths" / f"{digest(path)}.bin"
    entry.parent.mkdir(parents=True)
    entry.write_bytes(damage)
    assert fontfile.FontFile(path).advances == expected
    assert fontfile.FontFile(path).advances == expected
    assert entry.stat().st_size > 1000


def test_an_unwritable_or_disabled_cache_only_means_parsing(tmp_path, monkeypatch):
    path = copy_font(tmp_path, "LiberationSans-Regular.ttf")
    expected, _ = parsed_by_fonttools(path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_FOLDER_ENV, str(blocker))
    assert fontfile.FontFile(path).advances == expected
    monkeypatch.setenv(CACHE_FOLDER_ENV, "")
    assert fontfile.FontFile(path).advances == expected
    assert blocker.read_text() == "not a folder"
