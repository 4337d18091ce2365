"""Measuring text the way a slide renderer will lay it out, before it is written.

Slides must be right when the deck is opened, so the plan measures every
text box with the TrueType files of the fonts that will render it (the text
font for Latin and Cyrillic, the fallbacks for Hangul and the like), wraps
it to the box width at spaces, and adds up lines times the line height that
the writer also writes into the deck. The model errs on the large side:
lines break only at spaces (renderers may break at more places, which only
shortens lines), a word wider than a line is broken at `/`, `-` or a
character as the renderers do, full-width glyphs count at least one em (the
reader's machine may substitute another Hangul font), characters no font
covers count as a wide emoji, and wrapping uses a little less than the full
width. fontTools is imported lazily and each file is read once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..theme import FontFace
from ..values import Value
from .fontfile import font_file as _font_file

LINE_SPACING = 1.3
"""Line height as a multiple of the font size, written into the deck as exact points. As tall as
the boxes PDF text extraction puts around words (0.95 em up, 0.35 em down), so that the boxes
of two lines never overlap."""

WIDTH_SAFETY = 0.98
"""Share of a line's width that text may fill; the rest absorbs rounding and hinting."""

MISSING_GLYPH_EM = 1.3
"""Width assumed for a character no font covers (emoji render wider than letters)."""

SCRIPT_CHANGE_EM = 0.25
"""Space LibreOffice adds where full-width text (Hangul) meets other text inside a word."""

LINE_PITCH_MARGIN = 0.3
"""Points added to every line height: renderers round positions (LibreOffice to 1/100 mm), and a
line set a hair closer than measured would let the word boxes of two lines touch."""


def line_pitch(size: float, spacing: float = LINE_SPACING) -> float:
    """The exact line height written into the deck for this size, in whole 1/100 points."""
    return math.ceil((size * spacing + LINE_PITCH_MARGIN) * 100 - 1e-6) / 100


_BREAK_INSIDE_WORD = "/-–—?&=_.,:;"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, eq=False, repr=False)
class Span(Value):
    """A piece of a paragraph in one style; only what changes its width."""

    text: str
    bold: bool = False
    italic: bool = False
    link: bool = False
    """A hyperlink: LibreOffice makes it a text field, which it never breaks at a space."""


@dataclass(frozen=True, eq=False, repr=False)
class Paragraph(Value):
    """One paragraph as the renderer sees it.

    `indent` is the left margin of every line (a bullet hangs in it);
    `space_before` is ignored for the first paragraph of a box, as the
    writer writes none there.
    """

    spans: tuple[Span, ...]
    size: float
    indent: float = 0.0
    space_before: float = 0.0
    line_spacing: float = LINE_SPACING

    @property
    def line_height(self) -> float:
        return self.size * self.line_spacing

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, eq=False, repr=False)
class Box(Value):
    """A text box: outer size and the insets the writer sets, all in points."""

    width: float
    height: float
    inset_x: float = 0.0
    inset_y: float = 0.0

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.inset_x

    @property
    def text_height(self) -> float:
        return self.height - 2 * self.inset_y


class Measurer:
    """Widths, wrapped lines and heights of text set in the theme's fonts."""

    KEPT_WRAPS = 50_000
    """Wrapped paragraphs kept: the deck plan tries a text at several sizes and boxes, and `watch`'s
    workers meet the same paragraphs again after every edit."""

    def __init__(self, fonts: tuple[FontFace, ...]):
        self.fonts = fonts
        self._widths: dict[tuple[str, bool, bool], float] = {}
        self._by_style: dict[tuple[bool, bool], _StyleWidths] = {}
        self._wrapped: dict[tuple[Paragraph, float], tuple[str, ...]] = {}

    def char_width(self, char: str, bold: bool = False, italic: bool = False) -> float:
        """Width of one character in em, from the first font that has it."""
        key = (char, bold, italic)
        width = self._widths.get(key)
        if width is None:
            width = self._char_width(char, bold, italic)
            self._widths[key] = width
        return width

    def _char_width(self, char: str, bold: bool, italic: bool) -> float:
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            return 0.0
        for index, face in enumerate(self.fonts):
            font = _font_file(face.file(bold, italic))
            if font.covers(char):
                width = font.advances[ord(char)]
                if index > 0 and _is_wide(char):
                    return max(width, 1.0)
                return width
        return MISSING_GLYPH_EM

    def width(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        """Width of a string in points."""
        return sum(self.char_width(ch, bold, italic) for ch in text) * size

    def lines(self, paragraph: Paragraph, width: float) -> list[str]:
        """The paragraph wrapped to a text width in points (indent not yet taken off)."""
        key = (paragraph, width)
        wrapped = self._wrapped.get(key)
        if wrapped is None:
            if len(self._wrapped) >= self.KEPT_WRAPS:
                self._wrapped.clear()
            available = (width - paragraph.indent) * WIDTH_SAFETY
            wrapped = self._wrapped[key] = tuple(_wrap(self._words(paragraph), available))
        return list(wrapped)

    def paragraph_height(self, paragraph: Paragraph, width: float) -> float:
        return len(self.lines(paragraph, width)) * paragraph.line_height

    def height(self, paragraphs: tuple[Paragraph, ...] | list[Paragraph], width: float) -> float:
        """Height of paragraphs stacked in one box of this text width."""
        total = 0.0
        for index, paragraph in enumerate(paragraphs):
            if index:
                total += paragraph.space_before
            total += self.paragraph_height(paragraph, width)
        return total

    def fits(self, paragraphs, box: Box) -> bool:
        return self.height(paragraphs, box.text_width) <= box.text_height + 0.01

    def fits_one_line(self, paragraph: Paragraph, width: float) -> bool:
        return len(self.lines(paragraph, width)) <= 1

    def _words(self, paragraph: Paragraph) -> list[list[tuple[str, float]]]:
        """The paragraph as words, each a list of (character, width in points)."""
        words: list[list[tuple[str, float]]] = [[]]
        size = paragraph.size
        mixed = not all(span.text.isascii() for span in paragraph.spans)   # ASCII is never full-width
        for span in paragraph.spans:
            widths = self._style_widths(span.bold, span.italic)
            for ch in _SPACES.sub(" ", span.text):
                if ch == " " and not span.link:
                    if words[-1]:
                        words.append([])
                    continue
                width = widths[ch]
                if mixed and words[-1] and _is_wide(words[-1][-1][0]) != _is_wide(ch):
                    width += SCRIPT_CHANGE_EM
                words[-1].append((ch, width * size))
        if not words[-1]:
            words.pop()
        space = self.char_width(" ") * size
        return [word + [(" ", space)] for word in words]

    def _style_widths(self, bold: bool, italic: bool) -> dict[str, float]:
        """Character -> width in em in one style, each worked out once (`char_width` per character was
        most of measuring a deck)."""
        table = self._by_style.get((bold, italic))
        if table is None:
            table = self._by_style[(bold, italic)] = _StyleWidths(self, bold, italic)
        return table


class _StyleWidths(dict):
    def __init__(self, measurer: Measurer, bold: bool, italic: bool):
        super().__init__()
        self.measurer, self.bold, self.italic = measurer, bold, italic

    def __missing__(self, char: str) -> float:
        width = self[char] = self.measurer.char_width(char, self.bold, self.italic)
        return width


@lru_cache(maxsize=4096)
def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _wrap(words: list[list[tuple[str, float]]], available: float) -> list[str]:
    """Greedy line filling; each word carries its trailing space, which may hang past the edge."""
    lines: list[str] = []
    line: list[tuple[str, float]] = []
    used = 0.0
    for word in words:
        body = word[:-1]
        body_width = sum(w for _, w in body)
        if line and used + body_width <= available:
            line.extend(word)
            used += body_width + word[-1][1]
            continue
        if line:
            lines.append(_text(line))
            line, used = [], 0.0
        if sum(w for _, w in body) > available:
            pieces = _break_long_word(body, available)
            lines.extend(_text(piece) for piece in pieces[:-1])
            body = pieces[-1]
        line = body + [word[-1]]
        used = sum(w for _, w in line)
    if line:
        lines.append(_text(line))
    return lines or [""]


def _break_long_word(chars: list[tuple[str, float]], available: float) -> list[list[tuple[str, float]]]:
    """A word wider than a line in pieces: each ends after its last `/` or `-` that fits, else after a character.

    One pass over the word: pieces are cut by index and the rest is never
    copied, so a 100,000-character word costs what its characters do.
    """
    pieces = []
    start, rest = 0, sum(w for _, w in chars)
    while _wider(chars, start, rest, available):
        used, fit = 0.0, start
        for index in range(start, len(chars)):
            if used + chars[index][1] > available:
                break
            used += chars[index][1]
            fit = index + 1
        fit = max(fit, start + 1)
        cut = next((index + 1 for index in range(fit - 1, start, -1) if chars[index][0] in _BREAK_INSIDE_WORD), fit)
        pieces.append(chars[start:cut])
        rest -= sum(w for _, w in pieces[-1])
        start = cut
    pieces.append(chars[start:])
    return pieces


def _wider(chars: list[tuple[str, float]], start: int, estimate: float, available: float) -> bool:
    """Whether chars[start:] is wider than `available`; summed afresh when it is close, as a line is measured."""
    if estimate > available * 1.001 + 0.01:
        return True
    return sum(w for _, w in chars[start:]) > available


def _text(chars: list[tuple[str, float]]) -> str:
    return "".join(ch for ch, _ in chars).rstrip()


@lru_cache(maxsize=8)
def _measurer(fonts: tuple[FontFace, ...], files: tuple) -> Measurer:
    return Measurer(fonts)


def measurer_for(fonts: tuple[FontFace, ...]) -> Measurer:
    """One measurer per set of fonts, kept while their files are unchanged (`watch`'s workers live long)."""
    files = tuple(_font_file(face.file(bold, italic)) for face in fonts for bold in (False, True)
                  for italic in (False, True))
    return _measurer(fonts, files)
