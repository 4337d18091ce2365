"""How large pictures are set in print: as wide as the text, but never enlarged past a point a pixel."""

from __future__ import annotations

import pytest

from report_builder.plan.figures import POINTS_PER_PIXEL, figure_size


def test_a_large_picture_takes_the_text_width_and_keeps_its_shape():
    size = figure_size(1200, 500, width=480, max_height=300)
    assert (size.width, size.height, size.narrower) == (pytest.approx(480), pytest.approx(200), False)


def test_a_tall_picture_is_limited_by_the_height_and_centred():
    size = figure_size(600, 900, width=480, max_height=300)
    assert (size.width, size.height, size.narrower) == (pytest.approx(200), pytest.approx(300), True)


def test_a_small_picture_is_not_enlarged_past_a_point_a_pixel():
    size = figure_size(48, 32, width=480, max_height=300)
    assert (size.width, size.height) == (pytest.approx(48 * POINTS_PER_PIXEL), pytest.approx(32 * POINTS_PER_PIXEL))
    assert size.narrower
