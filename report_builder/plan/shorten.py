"""Shortening and splitting text by bisection over measured prefix widths.

Every plan that cuts text to a width (a footer, a banner, a one-line title,
a timeline label, a word too long for its line) asks here instead of
dropping one character at a time and measuring again, which costs time in
the square of the text's length: a 20,000-character marking took minutes.
A prefix's width only grows as characters are added, so the longest prefix
that fits is found with about 2 log2(k) measurements, k its length.
"""

from __future__ import annotations

from typing import Callable

ELLIPSIS = "…"


def longest_prefix(count: int, fits: Callable[[int], bool]) -> int:
    """The largest k in 0..count with fits(k), where fits holds up to some k and not after; 0 if none does.

    Gallops up from 1 (1, 2, 4, ...) before bisecting, so finding k costs
    measurements of prefixes no longer than about 2k: cutting a line off a
    100,000-character word measures a few dozen characters, not the word.
    """
    if count <= 0 or not fits(1):
        return 0
    low, step = 1, 1
    while low < count:
        probe = min(count, low + step)
        if not fits(probe):
            high = probe - 1
            break
        low, step = probe, step * 2
    else:
        return low
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def shortened(text: str, width: float, measure: Callable[[str], float], ellipsis: str = ELLIPSIS) -> str:
    """`text` if it is at most `width` wide, else its longest prefix that fits with `ellipsis` after it."""
    if measure(text) <= width:
        return text
    keep = longest_prefix(len(text), lambda k: measure(text[:k] + ellipsis) <= width)
    return text[:keep].rstrip() + ellipsis


def fitting_count(text: str, width: float, measure: Callable[[str], float]) -> int:
    """How many leading characters of `text` fit in `width` (at least one, so splitting always advances)."""
    return max(1, longest_prefix(len(text), lambda k: measure(text[:k]) <= width))
