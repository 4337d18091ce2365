"""Advance widths from the theme's TrueType files, read once per file and shared by every plan.

The plans measure text with the same files the PDF embeds and whose metrics
Office renders (Liberation Sans has Arial's widths). fontTools is imported
only when something is measured, so `check` and no-op builds never load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class FontFile:
    """Codepoint to advance width in ems, and the width of the missing-glyph box."""

    advances: dict[int, float]
    missing: float

    def covers(self, char: str) -> bool:
        return ord(char) in self.advances

    def advance(self, char: str) -> float | None:
        return self.advances.get(ord(char))


@lru_cache(maxsize=None)
def font_file(path: Path) -> FontFile:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    advances = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items() if glyph in metrics}
    missing = metrics[".notdef"][0] / units if ".notdef" in metrics else 0.5
    font.close()
    return FontFile(advances, missing)
