"""Where the pages of the Word brief break, worked out before the file is written.

A .docx has no pages: Word and LibreOffice paginate when they open it. Yet
the table of contents must open with its page numbers filled in, and Word's
"update fields" prompt is exactly what we avoid. So the Word writer describes
its flow (paragraphs with their resolved spacing, table rows, figures and
charts as blocks of a known height) in the neutral terms below, and this
module lays it out the way a word processor does: lines broken greedily at
the break opportunities of UAX #14 as LibreOffice applies them (spaces,
hyphens and dashes, after ? or ! before a letter, between Chinese or
Japanese characters; Korean wraps by words; a word longer than a line, such
as a long URL, starts a line and breaks after its last slash that fits, else
at the margin), widths measured with the metrics of the theme's font files
(Liberation Sans has Arial's widths; characters it lacks are measured with
the fallback font), lines of a fixed height, space above a paragraph
dropped at the top of a page, widow and orphan control, keep-with-next,
rows that do not split, a repeated header row.

The text flows from part to part, so an error would carry through every
page after it. Three decisions keep the estimate exact rather than close:
text uses exact line heights (a Hangul or emoji glyph cannot make a line
taller than planned); widths are the ones written (whole twips); and a
paragraph whose line breaks would be close calls, a word fitting or missing
the margin by less than `CLOSE_CALL`, gets a right indent a fraction of a
point larger (`steadying_indent`), so Word, LibreOffice and this model break
its lines alike. Checked against LibreOffice's rendering in
tests/test_writer_docx.py, page by page.

No output library is imported here; fontTools is loaded on first use.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..theme import FontFace
from ..values import Value
from .fontfile import font_file


@dataclass(frozen=True, eq=False, repr=False)
class Span(Value):
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, eq=False, repr=False)
class ParagraphFormat(Value):
    """A paragraph style as resolved by the writer, in points."""

    size: float
    line_height: float              # exact height of one line
    space_before: float = 0.0
    space_after: float = 0.0
    border_above: float = 0.0       # a top border's width and distance to the text
    border_below: float = 0.0
    box_top: float = 0.0            # border drawn where a page break cuts a bordered group
    box_bottom: float = 0.0
    indent_left: float = 0.0
    indent_right: float = 0.0
    indent_first: float = 0.0       # negative for a hanging indent
    keep_with_next: bool = False
    keep_together: bool = False
    page_break_before: bool = False
    widow_control: bool = True
    bold: bool = False
    italic: bool = False
    style: str = ""
    contextual: bool = False        # no space between paragraphs of this same style


@dataclass(frozen=True, eq=False, repr=False)
class TextBlock(Value):
    """One paragraph in a column `width` points wide (before the paragraph's indents)."""

    format: ParagraphFormat
    spans: tuple[Span, ...]
    width: float
    anchor: str | None = None
    trailing: str = ""              # text after a right tab (a TOC page number)


@dataclass(frozen=True, eq=False, repr=False)
class FigureBlock(Value):
    """A paragraph holding one inline picture (or chart) `height` points tall.

    A figure with a `min_height` and an `anchor` may be set smaller, down to
    that height, to end a page rather than move to the next and leave a gap;
    the height chosen is in `Pagination.figure_heights[anchor]`.
    """

    format: ParagraphFormat
    height: float
    min_height: float | None = None
    anchor: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class Row(Value):
    cells: tuple[tuple[TextBlock, ...], ...]
    padding: float                  # top + bottom cell margins and borders
    cant_split: bool = True


@dataclass(frozen=True, eq=False, repr=False)
class TableBlock(Value):
    rows: tuple[Row, ...]
    header_rows: int = 0
    space_after: float = 0.0
    edge_above: float = 0.0         # what the table's top rule adds above its first row, on every page
    edge_below: float = 0.0         # what the table's bottom rule adds below its last row


Block = TextBlock | FigureBlock | TableBlock


@dataclass(frozen=True, eq=False, repr=False)
class PageGeometry(Value):
    height: float                   # the body area: page height minus top and bottom margins


@dataclass
class Pagination:
    """The page each anchor lands on, and the number of pages."""

    pages: dict[str, int] = field(default_factory=dict)
    page_count: int = 1
    figure_heights: dict[str, float] = field(default_factory=dict)
    filled: list[float] = field(default_factory=list)
    """How much of each page's body height is used, in points (a forced break's page included)."""
    forced: set[int] = field(default_factory=set)
    """Pages that end because the next one is forced to start (a page break the layout asks for)."""
    pinned: list[int] = field(default_factory=list)
    """Blocks (indexes into the flow) that keep-with-next moved to the top of a page. The writer pins
    them there with a page break and no space above: LibreOffice does not always move a kept
    paragraph (after a table of contents or a caption it leaves a heading alone at the foot of a
    page), and pinned, every program breaks where this plan did."""


# Measuring ---------------------------------------------------------------


class Metrics:
    """Advance widths from TrueType files: the text font, then each fallback."""

    RECENT_PARAGRAPHS = 64
    """Paragraphs whose measured pieces are kept: a paragraph is broken again at several indents in a row."""

    KEPT_OUTCOMES = 100_000
    """Line counts kept (a few dozen bytes each); `watch` reuses those of paragraphs an edit left alone."""

    def __init__(self, faces: tuple[FontFace, ...]):
        self.faces = faces
        self._widths: dict[tuple[str, bool, bool], float] = {}
        self._measured: dict[tuple, list] = {}
        self.outcomes: dict[tuple, tuple[int, float]] = {}

    def pieces(self, spans: tuple[Span, ...], fmt: ParagraphFormat) -> list:
        """The paragraph's unbreakable pieces, each (text, widths of its characters, width without trailing spaces)."""
        key = (spans, fmt.size, fmt.bold, fmt.italic)
        measured = self._measured.get(key)
        if measured is None:
            if len(self._measured) >= self.RECENT_PARAGRAPHS:
                del self._measured[next(iter(self._measured))]
            measured = self._measured[key] = list(self._measure(spans, fmt))
        return measured

    def _measure(self, spans: tuple[Span, ...], fmt: ParagraphFormat):
        size, em = fmt.size, self.em
        widths: list[float] = []
        for span in spans:
            bold, italic = span.bold or fmt.bold, span.italic or fmt.italic
            widths += [em(ch, bold, italic) * size for ch in span.text]
        text = "".join(span.text for span in spans)
        start = 0
        for end in _piece_ends(text):
            piece, each = text[start:end], widths[start:end]
            yield piece, each, sum(each[:len(piece.rstrip(" "))])
            start = end

    def width(self, text: str, size: float, bold: bool, italic: bool) -> float:
        total = 0.0
        for ch in text:
            total += self.em(ch, bold, italic)
        return total * size

    def em(self, ch: str, bold: bool, italic: bool) -> float:
        key = (ch, bold, italic)
        em = self._widths.get(key)
        if em is None:
            em = self._widths[key] = _advance([font_file(f.file(bold, italic)) for f in self.faces], ch)
        return em


MISSING_GLYPH_EM = 1.0
"""Width assumed for a character no font has (the reader's machine substitutes some font)."""


def _advance(files, ch: str) -> float:
    for file in files:
        width = file.advance(ch)
        if width is not None:
            return width
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    return MISSING_GLYPH_EM


# Line breaking -------------------------------------------------------------


def _breaks_anywhere(ch: str) -> bool:
    """Chinese and Japanese characters break between any two; Korean, set in words, at spaces."""
    if "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f":
        return False
    return unicodedata.east_asian_width(ch) in ("W", "F")


_BREAK_AFTER = set("-\u2010\u2013\u2014")
_BREAK_AFTER_BEFORE_LETTER = set("?!")
_OVERLONG_BREAK_AFTER = "/"
"""A word wider than a line breaks after its last slash that fits (a URL by its path), else at the margin."""
_NO_BREAK_BEFORE = set(".,;:!?)]}\u201d\u2019%\u3001\u3002")


_BREAK_CANDIDATE = re.compile("[ \n?!\\-\u2010\u2013\u2014]")
"""Characters a piece may end with when no character of the text breaks anywhere."""


def _piece_ends(text: str) -> list[int]:
    """Where each unbreakable piece of `text` ends; a piece keeps its trailing spaces.

    Text without Chinese or Japanese (nearly all) is split where a space, a
    dash or ?/! may end a piece, found by a regular expression: a paragraph
    is split once per indent tried, and testing every character in Python
    cost a tenth of the Word brief's time."""
    if not text.isascii() and any(_breaks_anywhere(ch) for ch in set(text)):
        return _piece_ends_by_character(text)
    ends: list[int] = []
    start = 0
    for match in _BREAK_CANDIDATE.finditer(text, 0, len(text) - 1):
        index = match.start()
        ch, following = text[index], text[index + 1]
        if following == " ":
            continue
        if ch == " " or ch == "\n" or (index > start and (
                (ch in _BREAK_AFTER and following.isalnum())
                or (ch in _BREAK_AFTER_BEFORE_LETTER and following.isalpha()))):
            start = index + 1
            ends.append(start)
    if start < len(text):
        ends.append(len(text))
    return ends


def _piece_ends_by_character(text: str) -> list[int]:
    ends: list[int] = []
    start = 0
    for index in range(len(text) - 1):
        ch, following = text[index], text[index + 1]
        if following == " ":
            continue
        if ch == " " or ch == "\n":
            pass
        elif following in _NO_BREAK_BEFORE:
            continue
        elif index > start and ((ch in _BREAK_AFTER and following.isalnum())
                                or (ch in _BREAK_AFTER_BEFORE_LETTER and following.isalpha())):
            pass
        elif not (_breaks_anywhere(ch) or _breaks_anywhere(following)):
            continue
        start = index + 1
        ends.append(start)
    if start < len(text):
        ends.append(len(text))
    return ends


def count_lines(block: TextBlock, metrics: Metrics) -> int:
    return _outcome(block, metrics)[0]


def break_lines(block: TextBlock, metrics: Metrics) -> list[str]:
    """The paragraph's lines: pieces placed greedily, a piece wider than a line split by character."""
    return _break(block, metrics)[0]


CLOSE_CALL = 0.3
"""Points: a word that fits or misses its line by less than this may go either way in another program."""

STEADYING_STEP = 0.25
STEADYING_STEPS = 12


def steadying_indent(blocks: list[TextBlock], metrics: Metrics) -> float:
    """Extra right indent (points) that leaves no line break of these paragraphs a close call.

    Word processors round text widths in their own ways, so a word that
    misses the margin by a hair here may still fit there, and a paragraph
    one line longer moves every page break after it. Narrowing the measure
    by a fraction of a point where that happens (invisible in ragged-right
    text) makes every break clear-cut, so all programs break the lines alike.
    Paragraphs drawn as one box take one indent together, or the box would
    break apart.
    """
    for step in range(STEADYING_STEPS + 1):
        extra = step * STEADYING_STEP
        if all(_outcome(with_right_indent(block, extra), metrics)[1] >= CLOSE_CALL for block in blocks):
            return extra
    return 0.0


def with_right_indent(block: TextBlock, extra: float) -> TextBlock:
    """The paragraph with its right indent increased by `extra` points."""
    if not extra:
        return block
    return replace(block, format=replace(block.format, indent_right=block.format.indent_right + extra))


def _outcome(block: TextBlock, metrics: Metrics) -> tuple[int, float]:
    """How many lines, and the closest call: worked out once for each paragraph at each indent."""
    key = (block.spans, block.width, block.trailing, block.format)
    outcome = metrics.outcomes.get(key)
    if outcome is None:
        if len(metrics.outcomes) >= metrics.KEPT_OUTCOMES:
            metrics.outcomes.clear()
        lines, closest = _break(block, metrics)
        outcome = metrics.outcomes[key] = (len(lines), closest)
    return outcome


def _break(block: TextBlock, metrics: Metrics) -> tuple[list[str], float]:
    """The lines, and how close the closest call was: the least distance between a word's end and the margin."""
    fmt = block.format
    available = block.width - fmt.indent_left - fmt.indent_right
    limit = available - fmt.indent_first

    lines: list[str] = [""]
    used = 0.0
    closest = float("inf")
    for text, each, width in metrics.pieces(block.spans, fmt):
        if used > 0:
            closest = min(closest, abs(limit - used - width))
        if used + width > limit + 0.01 and used > 0:
            lines.append("")
            limit = available
            used = 0.0
        if used + width <= limit + 0.01:
            used += sum(each)
            lines[-1] += text
            continue
        rest, rest_widths = text, each
        while rest:
            fit, room = 0, used
            while fit < len(rest) and (rest[fit] == " " or room + rest_widths[fit] <= limit + 0.01
                                       or (fit == 0 and used == 0)):
                room += rest_widths[fit]
                fit += 1
            if fit == len(rest):
                lines[-1] += rest
                used = room
                break
            slash = max((i + 1 for i in range(fit) if rest[i] == _OVERLONG_BREAK_AFTER), default=0)
            cut = slash if 0 < slash < fit else fit
            lines[-1] += rest[:cut]
            rest, rest_widths = rest[cut:], rest_widths[cut:]
            lines.append("")
            limit = available
            used = 0.0
    if block.trailing:
        trailing = metrics.width(" " + block.trailing, fmt.size, fmt.bold, fmt.italic)
        closest = min(closest, abs(limit - used - trailing))
        if used + trailing > limit + 0.01:
            lines.append("")
    return lines, closest


# Laying out pages ------------------------------------------------------------

FIGURE_CLEARANCE = 2.0
"""Points a figure that may shrink leaves free at the foot of a page: one that would end its page to the
hair is set that much smaller, so a word processor's rounding cannot push it (and what follows) on."""


class _Layout:
    """Blocks onto pages. `y` is the bottom of the last line placed; the space
    after that paragraph is `pending`, because the gap between two paragraphs
    is the larger of the space after one and the space before the next."""

    def __init__(self, geometry: PageGeometry, metrics: Metrics):
        self.height = geometry.height
        self.metrics = metrics
        self.page = 1
        self.y = 0.0
        self.pending = 0.0
        self.previous_style = ""
        self.result = Pagination()
        self.index = 0
        self._lines: dict[int, int] = {}

    def lines(self, block: TextBlock) -> int:
        key = id(block)
        if key not in self._lines:
            self._lines[key] = count_lines(block, self.metrics)
        return self._lines[key]

    def new_page(self, forced: bool = False) -> None:
        self.result.filled.append(self.y)
        if forced:
            self.result.forced.add(self.page)
        self.page += 1
        self.y = 0.0
        self.pending = 0.0

    @property
    def at_top(self) -> bool:
        return self.y == 0.0

    def room(self) -> float:
        return self.height - self.y

    def gap(self, before: float, forced: bool = False, fmt: ParagraphFormat | None = None) -> float:
        """Space above the next block: dropped at a natural page break, kept after a forced one."""
        if self.at_top:
            return before if forced else 0.0
        if fmt is not None and fmt.contextual and fmt.style == self.previous_style:
            return 0.0
        return max(self.pending, before)

    def start_height(self, block: Block) -> float:
        """The least of `block` that must share a page with a heading kept with it."""
        if isinstance(block, TextBlock):
            lines = self.lines(block)
            if block.format.keep_together or (block.format.widow_control and lines <= 3):
                first = lines           # three lines cannot split without leaving a widow or an orphan
            else:
                first = 2 if block.format.widow_control else 1
            fmt = block.format
            # A box of bordered paragraphs is closed below whatever part of it ends the page.
            return fmt.space_before + fmt.border_above + first * fmt.line_height + max(fmt.border_below, fmt.box_bottom)
        if isinstance(block, FigureBlock):
            return block.format.space_before + (block.min_height if block.min_height is not None else block.height)
        return block.edge_above + sum(self.row_height(row) for row in block.rows[: block.header_rows + 1])

    def body_height(self, block: TextBlock | FigureBlock) -> float:
        if isinstance(block, FigureBlock):
            return block.height
        fmt = block.format
        return fmt.border_above + self.lines(block) * fmt.line_height + fmt.border_below

    def row_height(self, row: Row) -> float:
        tallest = 0.0
        for cell in row.cells:
            height = 0.0
            pending = 0.0
            for index, paragraph in enumerate(cell):
                fmt = paragraph.format
                height += (max(pending, fmt.space_before) if index else 0.0)
                height += self.body_height(paragraph)
                pending = fmt.space_after
            tallest = max(tallest, height + pending)
        return tallest + row.padding

    def place(self, blocks: list[Block]) -> Pagination:
        for index, block in enumerate(blocks):
            self.index = index
            if isinstance(block, TableBlock):
                self.place_table(block)
            else:
                self.place_paragraph(block, _Rest(blocks, index + 1))
        self.result.page_count = self.page
        self.result.filled.append(self.y)
        return self.result

    def keep_height(self, block: TextBlock | FigureBlock, following: list[Block]) -> float:
        """Height from the top of `block` that must fit: the chain it keeps with, then the next start."""
        needed = self.body_height(block)
        chain = block
        for nxt in following:
            if not (isinstance(chain, (TextBlock, FigureBlock)) and chain.format.keep_with_next):
                break
            if isinstance(nxt, (TextBlock, FigureBlock)) and nxt.format.page_break_before:
                break  # nothing can be kept with a paragraph that starts a new page
            before = nxt.format.space_before if isinstance(nxt, (TextBlock, FigureBlock)) else 0.0
            needed += max(chain.format.space_after, before)
            if isinstance(nxt, (TextBlock, FigureBlock)) and nxt.format.keep_with_next:
                needed += self.body_height(nxt)
                chain = nxt
                continue
            needed += self.start_height(nxt) - before
            break
        return needed

    def place_paragraph(self, block: TextBlock | FigureBlock, following: list[Block]) -> None:
        fmt = block.format
        forced = fmt.page_break_before
        if forced and not self.at_top:
            self.new_page(forced=True)
        gap = self.gap(fmt.space_before, forced, fmt)
        self.previous_style = fmt.style if fmt.contextual else ""
        height = block.height if isinstance(block, FigureBlock) else 0.0
        if isinstance(block, FigureBlock) and block.min_height is not None and block.anchor and not self.at_top:
            shortfall = gap + self.keep_height(block, following) - self.room() + FIGURE_CLEARANCE
            if 0.01 < shortfall <= block.height - block.min_height:
                height = block.height - shortfall
                self.result.figure_heights[block.anchor] = height
        if fmt.keep_with_next and not self.at_top \
                and gap + self.keep_height(block, following) - (block.height - height if height else 0.0) > self.room() + 0.01:
            self.new_page()
            self.result.pinned.append(self.index)
            gap = 0.0
            if isinstance(block, FigureBlock) and block.anchor:
                height = block.height
                self.result.figure_heights.pop(block.anchor, None)
        if isinstance(block, FigureBlock):
            if gap + height > self.room() + 0.01 and not self.at_top:
                self.new_page()
                gap = 0.0
            self.mark(block)
            self.y += gap + height
            self.pending = fmt.space_after
            return
        lines = self.lines(block)
        line = fmt.line_height
        # A box of bordered paragraphs is closed at the foot of a page and reopened at the head of the next.
        top = max(fmt.border_above, fmt.box_top) if self.at_top else fmt.border_above
        if gap + top + lines * line + max(fmt.border_below, fmt.box_bottom) <= self.room() + 0.01:
            self.mark(block)
            self.y += gap + top + lines * line + fmt.border_below
            self.pending = fmt.space_after
            return
        fits = int((self.room() - gap - top - fmt.box_bottom + 0.01) // line)
        minimum = lines if fmt.keep_together else (2 if fmt.widow_control else 1)
        take = fits
        if fmt.widow_control and lines - take < 2:
            take = lines - 2
        if not self.at_top and (take < min(minimum, lines) or take < 1):
            self.new_page()
            self.place_paragraph(block, following)
            return
        self.mark(block)
        self.y += gap + top + max(take, 1) * line + fmt.box_bottom
        remaining = lines - max(take, 1)
        per_page = max(1, int((self.height - fmt.box_top - fmt.box_bottom + 0.01) // line))
        while remaining > 0:
            self.new_page()
            take = min(remaining, per_page)
            if fmt.widow_control and remaining - take == 1 and take > 2:
                take -= 1
            remaining -= take
            self.y = fmt.box_top + take * line
        self.y += fmt.border_below
        self.pending = fmt.space_after

    def place_table(self, table: TableBlock) -> None:
        """Rows that do not split; on each page the table's top rule, then its header rows repeated."""
        header = table.edge_above + sum(self.row_height(row) for row in table.rows[: table.header_rows])
        self.y += self.gap(0.0) + table.edge_above
        self.pending = 0.0
        self.previous_style = ""
        for index, row in enumerate(table.rows):
            height = self.row_height(row)
            if index < table.header_rows:
                self.y += height
                continue
            if height > self.room() + 0.01 and self.y > header + 0.01:
                self.new_page()
                self.y = header
            while height > self.room() + 0.01:
                height -= max(self.room(), 0.0)
                self.y = self.height
                self.new_page()
                # A header row as tall as a page cannot repeat: the row goes on from the top.
                self.y = header if header < self.height - 0.01 else 0.0
            self.y += height
        self.y += table.edge_below
        self.pending = table.space_after

    def mark(self, block) -> None:
        anchor = getattr(block, "anchor", None)
        if anchor and anchor not in self.result.pages:
            self.result.pages[anchor] = self.page


class _Rest:
    """The blocks after one, without copying them: a copy per paragraph is quadratic in a long brief."""

    def __init__(self, blocks: list[Block], start: int):
        self.blocks, self.start = blocks, start

    def __iter__(self):
        return itertools.islice(self.blocks, self.start, None)


def paginate(blocks: list[Block], geometry: PageGeometry, faces: tuple[FontFace, ...]) -> Pagination:
    """The page of every anchored block and the page count, as a word processor lays them out."""
    return _Layout(geometry, metrics_for(faces)).place(blocks)


@lru_cache(maxsize=4)
def _metrics(faces: tuple[FontFace, ...], files: tuple) -> Metrics:
    return Metrics(faces)


def metrics_for(faces: tuple[FontFace, ...]) -> Metrics:
    """One set of cached widths per set of fonts, shared by the writer and the paginator,
    kept while the font files are unchanged (`watch`'s render processes live long)."""
    files = tuple(font_file(face.file(bold, italic)) for face in faces for bold in (False, True)
                  for italic in (False, True))
    return _metrics(faces, files)
