"""The PDF's fonts: the theme's TrueType files, embedded, with a font chosen per character.

reportlab draws a character the current font lacks as an empty box, so every
piece of text is cut into runs, each in the first theme font that has its
characters (Liberation Sans for Latin and Cyrillic, NanumGothic for Hangul).
A character no font has stays in the text, so it can be copied and searched,
and is drawn with the main font; the writer warns about it before writing.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..theme import FontFace, Theme

_STYLES = (("", False, False), ("-Bold", True, False), ("-Italic", False, True), ("-BoldItalic", True, True))


def escape(text: str) -> str:
    """Text for reportlab's paragraph markup: every character literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(text: str) -> str:
    """A value inside a quoted markup attribute, such as a link's href."""
    return escape(text).replace('"', "&quot;")


def is_invisible(ch: str) -> bool:
    """Joiners, variation selectors and controls: nothing to draw, so nothing to warn about."""
    return unicodedata.category(ch) in ("Cf", "Cc") or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


@dataclass(frozen=True)
class Run:
    """Characters drawn with one family: `family` is its registered name."""

    family: str
    text: str


class FontSet:
    """Registers the theme's fonts with reportlab and splits text into runs by coverage."""

    def __init__(self, theme: Theme):
        self.faces = theme.fonts
        self.families: list[str] = [self._register(index, face) for index, face in enumerate(self.faces)]
        self._coverage = [set(pdfmetrics.getFont(family).face.charToGlyph) for family in self.families]
        self._family_of: dict[str, str | None] = {}

    @staticmethod
    def _register(index: int, face: FontFace) -> str:
        """Register once per process; the name changes when the files do, so themes never mix."""
        files = [face.file(bold, italic) for _, bold, italic in _STYLES]
        stamp = "|".join(f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in files)
        family = f"RB{index}-{hashlib.sha1(stamp.encode()).hexdigest()[:10]}"
        if family in pdfmetrics.getRegisteredFontNames():
            return family
        names = {}
        for suffix, bold, italic in _STYLES:
            name = family + suffix
            pdfmetrics.registerFont(TTFont(name, str(face.file(bold, italic))))
            names[(bold, italic)] = name
        pdfmetrics.registerFontFamily(family, normal=names[(False, False)], bold=names[(True, False)],
                                      italic=names[(False, True)], boldItalic=names[(True, True)])
        return family

    @property
    def main(self) -> str:
        return self.families[0]

    @property
    def names(self) -> str:
        """The fonts as users know them, for messages."""
        return ", ".join(face.regular.stem for face in self.faces)

    def font_name(self, family: str, bold: bool = False, italic: bool = False) -> str:
        suffix = next(s for s, b, i in _STYLES if (b, i) == (bold, italic))
        return family + suffix

    def family_for(self, ch: str) -> str | None:
        """The first family that has `ch`, or None when no font has it."""
        if ch not in self._family_of:
            code = ord(ch)
            self._family_of[ch] = next(
                (family for family, covered in zip(self.families, self._coverage) if code in covered), None)
        return self._family_of[ch]

    def uncovered(self, text: str) -> list[str]:
        """Visible characters of `text` that no font has, each once, in order."""
        found: list[str] = []
        for ch in text:
            if ch not in found and not ch.isspace() and not is_invisible(ch) and self.family_for(ch) is None:
                found.append(ch)
        return found

    def runs(self, text: str) -> list[Run]:
        """`text` cut where the font changes; spaces stay in the run they follow, so words keep them."""
        runs: list[Run] = []
        current, chunk = self.main, []
        for ch in text:
            family = self.family_for(ch)
            if family is None:
                if is_invisible(ch):
                    continue
                family = self.main
            if family != current and not ch.isspace():
                if chunk:
                    runs.append(Run(current, "".join(chunk)))
                current, chunk = family, []
            chunk.append(ch)
        if chunk:
            runs.append(Run(current, "".join(chunk)))
        return runs

    def markup(self, text: str) -> str:
        """Escaped paragraph markup, runs of other families inside <font face>."""
        return "".join(escape(run.text) if run.family == self.main else f'<font face="{run.family}">{escape(run.text)}</font>'
                       for run in self.runs(text))

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return sum(pdfmetrics.stringWidth(run.text, self.font_name(run.family, bold), size) for run in self.runs(text))

    def draw(self, canvas, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
        """One line in one text object, switching fonts between runs."""
        line = canvas.beginText(x, y)
        for run in self.runs(text):
            line.setFont(self.font_name(run.family, bold), size)
            line.textOut(run.text)
        canvas.drawText(line)
