"""Layout themes: values a layout changes over the default, validated with located messages."""

from __future__ import annotations

import pytest

from conftest import ROOT
from report_builder.errors import ContentError
from report_builder.theme import load_theme


def test_the_default_palette_holds_distinct_colours(theme):
    assert len(theme.palette) >= 6
    assert len(set(theme.palette)) == len(theme.palette)
    assert theme.palette[0] == theme.colors.primary


def test_a_layout_replaces_the_palette_and_keeps_the_rest(tmp_path):
    (tmp_path / "theme.yaml").write_text("palette: ['#aa0000', '00aa00']\n", encoding="utf-8")
    theme = load_theme(tmp_path, ROOT)
    assert theme.palette == ("AA0000", "00AA00")
    assert theme.colors.primary == "1F3A5F"


def test_a_bad_palette_colour_is_located(tmp_path):
    (tmp_path / "theme.yaml").write_text("palette:\n  - 112233\n  - teal\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_theme(tmp_path, ROOT)
    assert [str(d) for d in raised.value.diagnostics] == [
        f"{tmp_path / 'theme.yaml'}:3:5: palette[1]: 'TEAL' is not a colour; write RRGGBB, e.g. 1F3A5F"
    ]


def test_an_empty_palette_is_an_error(tmp_path):
    (tmp_path / "theme.yaml").write_text("palette: []\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_theme(tmp_path, ROOT)
    assert "palette: needs at least one colour" in str(raised.value)
