"""The PDF's fonts: the theme's TrueType files, embedded, with a font chosen per character.

reportlab draws a character the current font lacks as an empty box, so every
piece of text is cut into runs, each in the first theme font that has its
characters (Liberation Sans for Latin and Cyrillic, NanumGothic for Hangul).
A character no font has stays in the text, so it can be copied and searched,
and is drawn with the main font; the writer warns about it before writing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from ..theme import FontFace, Theme
from ..values import Value

_STYLES = (("", False, False), ("-Bold", True, False), ("-Italic", False, True), ("-BoldItalic", True, True))


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode map, with characters beyond U+FFFF written as UTF-16 as PDF requires.

    reportlab writes them as five hex digits, which readers reject, so an
    emoji no font has would vanish from copied or extracted text.
    """
    cmap = _reportlab_to_unicode_cmap(fontname, subset)
    for code, char in enumerate(subset):
        if char > 0xFFFF:
            utf16 = chr(char).encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{code:02X}> <{char:04X}>", f"<{code:02X}> <{utf16}>")
    return cmap


_reportlab_to_unicode_cmap = getattr(ttfonts.makeToUnicodeCMap, "original", ttfonts.makeToUnicodeCMap)
_to_unicode_cmap.original = _reportlab_to_unicode_cmap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def escape(text: str) -> str:
    """Text for reportlab's paragraph markup: every character literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(text: str) -> str:
    """A value inside a quoted markup attribute, such as a link's href."""
    return escape(text).replace('"', "&quot;")


LONG_WORD = 300
_LONG_WORD = re.compile(r"\S{%d,}" % LONG_WORD)


def breakable(text: str) -> str:
    """`text` with a space every 100 characters of a 'word' over 300 characters long.

    reportlab breaks a word wider than a line by measuring it a character at
    a time, again at every wrap of its paragraph: a 90,000-character token
    took minutes. No word of any language is that long; such a token (a
    pasted hash, a mangled URL) then wraps like text.
    """
    if len(text) < LONG_WORD or not _LONG_WORD.search(text):
        return text
    return _LONG_WORD.sub(lambda m: " ".join(m.group()[i:i + 100] for i in range(0, len(m.group()), 100)), text)


def is_invisible(ch: str) -> bool:
    """Joiners, variation selectors and controls: nothing to draw, so nothing to warn about."""
    return unicodedata.category(ch) in ("Cf", "Cc") or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


@dataclass(frozen=True, eq=False, repr=False)
class Run(Value):
    """Characters drawn with one family: `family` is its registered name."""

    family: str
    text: str


@dataclass(frozen=True, eq=False, repr=False)
class _Family(Value):
    name: str
    styles: dict[tuple[bool, bool], str]   # (bold, italic) -> registered font name
    coverage: frozenset[int]


class FontSet:
    """Registers the theme's fonts with reportlab and splits text into runs by coverage.

    Fallback fonts are read only when a character needs them: NanumGothic
    takes ~60 ms to parse, and most briefs never use it.
    """

    def __init__(self, theme: Theme):
        self.faces = theme.fonts
        self._families: dict[int, _Family] = {}
        self._by_name: dict[str, _Family] = {}
        self._family_of: dict[str, str | None] = {}
        self._markup: dict[tuple[str, bool, bool], str] = {}
        self._family(0)

    def _family(self, index: int) -> _Family:
        if index not in self._families:
            family = _register(index, self.faces[index])
            self._families[index] = self._by_name[family.name] = family
        return self._families[index]

    @property
    def main(self) -> str:
        return self._family(0).name

    @property
    def names(self) -> str:
        """The fonts as users know them, for messages."""
        return ", ".join(face.regular.stem for face in self.faces)

    def font_name(self, family: str, bold: bool = False, italic: bool = False) -> str:
        return self._by_name[family].styles[(bold, italic)]

    def family_for(self, ch: str) -> str | None:
        """The first family that has `ch`, or None when no font has it."""
        if ch not in self._family_of:
            code = ord(ch)
            found = (self._family(index) for index in range(len(self.faces)))
            self._family_of[ch] = next((family.name for family in found if code in family.coverage), None)
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
                self._pass_through(ch)
            if family != current and not ch.isspace():
                if chunk:
                    runs.append(Run(current, "".join(chunk)))
                current, chunk = family, []
            chunk.append(ch)
        if chunk:
            runs.append(Run(current, "".join(chunk)))
        return runs

    def _pass_through(self, ch: str) -> None:
        """Map `ch` to the main font's missing glyph: reportlab would otherwise write code 0 for
        every such character, and copied text would lose it."""
        for name in set(self._family(0).styles.values()):
            pdfmetrics.getFont(name).face.charToGlyph.setdefault(ord(ch), 0)

    def markup(self, text: str, bold: bool = False, italic: bool = False) -> str:
        """Escaped paragraph markup, runs of other families inside <font face> naming the face for
        `bold` and `italic` (the paragraph's <b> and <i> only reach the main family). Worked out once
        per text: a handout set at two densities asks for all of it twice."""
        key = (text, bold, italic)
        if key not in self._markup:
            self._markup[key] = self._marked_up(text, bold, italic)
        return self._markup[key]

    def _marked_up(self, text: str, bold: bool, italic: bool) -> str:
        return "".join(escape(run.text) if run.family == self.main
                       else f'<font face="{self.font_name(run.family, bold, italic)}">{escape(run.text)}</font>'
                       for run in self.runs(breakable(text)))

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return sum(pdfmetrics.stringWidth(run.text, self.font_name(run.family, bold), size) for run in self.runs(text))

    def draw(self, canvas, x: float, y: float, text: str, size: float, bold: bool = False) -> None:
        """One line in one text object, switching fonts between runs."""
        line = canvas.beginText(x, y)
        for run in self.runs(text):
            line.setFont(self.font_name(run.family, bold), size)
            line.textOut(run.text)
        canvas.drawText(line)


_registered: dict[str, _Family] = {}


def _register(index: int, face: FontFace) -> _Family:
    """Register a face once per process, each distinct file once; the name changes when the files do."""
    files = {(bold, italic): face.file(bold, italic) for _, bold, italic in _STYLES}
    stamp = "|".join(f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in files.values())
    name = f"RB{index}-{hashlib.sha1(stamp.encode()).hexdigest()[:10]}"
    if name in _registered:
        return _registered[name]
    styles: dict[tuple[bool, bool], str] = {}
    by_file: dict[Path, str] = {}
    for suffix, bold, italic in _STYLES:
        path = files[(bold, italic)]
        if path not in by_file:
            by_file[path] = name + suffix
            pdfmetrics.registerFont(TTFont(name + suffix, str(path)))
        styles[(bold, italic)] = by_file[path]
    pdfmetrics.registerFontFamily(name, normal=styles[(False, False)], bold=styles[(True, False)],
                                  italic=styles[(False, True)], boldItalic=styles[(True, True)])
    coverage = frozenset(pdfmetrics.getFont(styles[(False, False)]).face.charToGlyph)
    _registered[name] = _Family(name, styles, coverage)
    return _registered[name]
