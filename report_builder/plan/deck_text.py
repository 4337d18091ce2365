"""Fitting text onto slides: a word budget and measured boxes, split by pure functions.

A briefing slide is read across a room, so a slide carries at most
WORD_BUDGET words besides its title and the pages of a long text share its
words evenly. Every box is also measured with the fonts that will render it
(`measure.py`). What does not fit a slide continues on the next one: a
point that does not fit below the others starts the next slide, a point too
long for a whole slide is cut at a sentence, else at a word. Text shrinks by
at most a step to avoid a continuation slide, never below the size floor.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Callable, Iterator

from ..model import Citation, RichText, Text
from ..values import Value
from .deck_layout import BULLET_GAP_EM, BULLET_INDENT_EM, TextPara, text_runs
from .measure import Box, Measurer, Paragraph, Span
from .references import item_number
from .shorten import longest_prefix

WORD_BUDGET = 75
"""Most words a slide may carry besides its title (the title slide, sources and timeline excepted)."""

WORD_AIM = 50
"""What a slide should carry; text longer than the budget is cut into parts about this long."""

MIN_BODY_SIZE = 18.0
"""Body text is never set smaller: a meeting room must read it."""

SIZE_STEP = 2.0
"""How much body text shrinks per step while trying to avoid a continuation slide."""

SHRINK_STEPS = 1
"""At most this many steps of shrinking to avoid a continuation slide: splitting beats small text."""

NUMBER_INDENT_EM = 1.6
"""How far numbered text sits from its number ('10.' needs more room than a bullet)."""

MIN_CARRIED_WORDS = 8
"""A point cut only because it is too tall for its box carries at least this many words on to the next slide."""

MAX_DERIVED_WORDS = 35
"""A point derived from a paragraph is at most this long; the whole paragraph is in the notes."""

BULLET = "•"
ELLIPSIS = "…"

_SENTENCE_END = re.compile(r"(?<=[.!?。])[\"'”’»)]*\s+(?=[\w\"'“‘(\[«])")
_SENTENCE_BREAK = re.compile(r"[.!?…](?:[\"'”’»)\]]|\[\d+\])*( +)")
_WORD_BREAK = re.compile(r"( +)")
_SPACES = re.compile(r"\s+")


def count_words(text: str) -> int:
    """Words as a reader (and python-pptx's text) counts them: runs of non-space characters."""
    return len(text.split())


@dataclass(frozen=True, eq=False, repr=False)
class Point(Value):
    """One paragraph of body text; a bullet split over slides continues without a bullet."""

    text: RichText
    bulleted: bool = True
    number: int | None = None
    """Its number in a numbered list (conclusions); a continued piece has none."""
    origin: int = -1
    """Which item of the brief it shows (a bullet, a paragraph, a judgment), for the notes."""

    @cached_property
    def words(self) -> int:
        """Counted once per point: splitting a long bullet asks for it again and again."""
        return count_words(display_text(self.text))


@dataclass(frozen=True, eq=False, repr=False)
class BodyStyle(Value):
    """How points are set in a body box; everything that changes their measured height."""

    size: float
    color: str
    accent: str
    link: str
    bullets: bool = True
    numbered: bool = False
    gap_em: float = BULLET_GAP_EM
    """Space between two points, in ems of the size."""

    @property
    def indent(self) -> float:
        if self.numbered:
            return self.size * NUMBER_INDENT_EM
        return self.size * BULLET_INDENT_EM if self.bullets else 0.0

    def para(self, point: Point, first: bool) -> TextPara:
        return TextPara(
            runs=text_runs(point.text, self.link),
            size=self.size,
            color=self.color,
            bullet=self._bullet(point),
            bullet_color=self.accent,
            indent=self.indent,
            space_before=0.0 if first else self.size * self.gap_em,
        )

    def _bullet(self, point: Point) -> str | None:
        """A bullet, or the point's number ('1.') in a numbered list; none on a continued piece."""
        if not (self.bullets and point.bulleted):
            return None
        return item_number(point.number) if self.numbered and point.number is not None else BULLET

    def paras(self, points) -> tuple[TextPara, ...]:
        return tuple(self.para(point, index == 0) for index, point in enumerate(points))


# Splitting: pure functions, one rule per clause -----------------------------------------


def split_bullets_to_fit(points, first: Box, rest: Box, style: BodyStyle, measurer: Measurer,
                         budget: tuple[int, int] = (WORD_BUDGET, WORD_BUDGET)) -> list[tuple[Point, ...]]:
    """Points spread over as few slides as the boxes and the word budget allow, their words shared evenly.

    `first` and `budget[0]` hold for the first slide, `rest` and `budget[1]`
    after it. A point longer than a slide is cut into parts first; pages then
    take whole parts, as many as fit, and every page carries about as many
    words as the others.
    """
    pieces, owners = [], []
    for number, point in enumerate(points):
        for piece in _pieces(point, first, rest, style, measurer, budget):
            pieces.append(piece)
            owners.append(number)
    if not pieces:
        return []
    heights = _Heights(pieces, first, rest, style, measurer)
    pages = _greedy(pieces, heights, first, rest, budget, budget[0])
    total = sum(piece.words for piece in pieces)
    low, high = min(math.ceil(total / len(pages)), max(budget)), max(budget)
    while low < high:   # the smallest cap on words per page that needs no more pages
        middle = (low + high) // 2
        if len(_greedy(pieces, heights, first, rest, budget, middle)) <= len(pages):
            high = middle
        else:
            low = middle + 1
    balanced = _greedy(pieces, heights, first, rest, budget, low)
    chosen = balanced if len(balanced) <= len(pages) else pages
    return [_rejoined(page, pieces, owners, first if number == 0 else rest, style, measurer)
            for number, page in enumerate(chosen)]


def _rejoined(page: list[int], pieces, owners, box: Box, style: BodyStyle, measurer: Measurer) -> tuple[Point, ...]:
    """The page's pieces, those of one point that share it made one paragraph again.

    A point is cut for the narrowest box it may meet (beside a picture); on a
    wider page its parts can meet again, and two paragraphs of one sentence
    would read as a mistake. They are joined when the joined paragraph is no
    taller than the two were.
    """
    points: list[Point] = []
    for position, index in enumerate(page):
        piece = pieces[index]
        if position and owners[page[position - 1]] == owners[index] and not piece.bulleted:
            head = points[-1]
            joined = replace(head, text=RichText(head.text.runs + (Text(" "),) + piece.text.runs,
                                                 head.text.location, head.text.path))
            apart = (_point_height(head, style, box, measurer, first=False)
                     + _point_height(piece, style, box, measurer, first=False))
            if _point_height(joined, style, box, measurer, first=False) <= apart:
                points[-1] = joined
                continue
        points.append(piece)
    return tuple(points)


class _Heights:
    """Each piece's height in the first and the following boxes, as a box's first paragraph or below another."""

    def __init__(self, pieces, first: Box, rest: Box, style: BodyStyle, measurer: Measurer):
        self.table = {}
        for index, piece in enumerate(pieces):
            follow = style.para(piece, False).measured()
            after = paragraph_height(measurer, follow, rest.text_width)
            before = paragraph_height(measurer, follow, first.text_width)
            for key, lines in (("first", before), ("rest", after)):
                self.table[index, key, True] = lines
                self.table[index, key, False] = follow.space_before + lines

    def __call__(self, index: int, key: str, leading: bool) -> float:
        return self.table[index, key, leading]


def _greedy(pieces, heights: _Heights, first: Box, rest: Box, budget, cap: int) -> list[list[int]]:
    """Pages filled in order (the indices of their pieces), each up to `cap` words (and never past the
    budget or its box)."""
    pages: list[list[int]] = [[]]
    used, words = 0.0, 0
    for index, piece in enumerate(pieces):
        key = "first" if len(pages) == 1 else "rest"
        box = first if len(pages) == 1 else rest
        limit = min(cap, budget[0] if len(pages) == 1 else budget[1])
        height = heights(index, key, not pages[-1])
        if pages[-1] and (used + height > box.text_height + 0.01 or words + piece.words > limit):
            pages.append([])
            used, words = 0.0, 0
            height = heights(index, "rest", True)
        pages[-1].append(index)
        used += height
        words += piece.words
    return [page for page in pages if page]


def _pieces(point: Point, first: Box, rest: Box, style, measurer, budget) -> list[Point]:
    """The point, or its parts when it is longer than an empty slide takes (in words or height)."""
    box = Box(min(first.width, rest.width), min(first.height, rest.height), first.inset_x, first.inset_y)
    limit = max(1, min(budget))

    def fits(piece: Point) -> bool:
        return piece.words <= limit and _point_height(piece, style, box, measurer, first=True) <= box.text_height + 0.01

    pieces = []
    while not fits(point):  # a loop, not recursion: a long point in a small box makes many pieces
        if point.words > limit:   # more words than a slide carries: parts of about even length
            parts = max(2, math.ceil(point.words / limit))
            aim = math.ceil(point.words / parts)
        else:   # only too tall for the box: as much as it holds (a slide half empty beside a picture reads
            # as a mistake), leaving a few words to carry on with
            aim = max(1, point.words - MIN_CARRIED_WORDS)
        head, tail = split_point(point, lambda piece: fits(piece) and piece.words <= aim, fallback=fits)
        if not display_text(tail.text):
            break  # nothing smaller to cut: the point goes on a slide as it is
        pieces.append(head)
        point = tail
    return pieces + [point]


def split_point(point: Point, fits: Callable[[Point], bool],
                fallback: Callable[[Point], bool] | None = None) -> tuple[Point, Point]:
    """The longest head of a point that `fits` (else that `fallback` accepts), and the rest.

    Cut after a sentence where one allows it, else between words, and inside
    a word only when a single word is too big. The rest continues without a bullet.
    """
    text = display_text(point.text)
    for test in (fits, fallback) if fallback else (fits,):
        for pattern in (_SENTENCE_BREAK, _WORD_BREAK):
            best = _longest_fitting((m.span(1) for m in pattern.finditer(text)), point, test)
            if best is not None:
                return _cut(point, text, *best)

    def inside_cuts():
        return ((i, i) for i in range(1, len(text)) if _inside_text(point.text, i))

    best = _longest_fitting(inside_cuts(), point, fallback or fits)
    return _cut(point, text, *(best or next(inside_cuts(), (len(text), len(text)))))


def _cut(point: Point, text: str, start: int, end: int) -> tuple[Point, Point]:
    return (replace(point, text=slice_rich(point.text, 0, start)),
            replace(point, text=slice_rich(point.text, end, len(text)), bulleted=False))


def _longest_fitting(cuts: Iterator[tuple[int, int]], point: Point, fits: Callable[[Point], bool]):
    """The last cut whose head fits, or None (heads grow with the cut).

    Cuts are read lazily and searched by galloping, then bisection: finding
    the k-th reads about 2k cuts, so a 100,000-character bullet cut into
    slides costs what its pieces do, not its length once per piece.
    """
    seen: list[tuple[int, int]] = []

    def cut(index: int) -> tuple[int, int] | None:
        while len(seen) <= index:
            following = next(cuts, None)
            if following is None:
                return None
            seen.append(following)
        return seen[index]

    def head_fits(index: int) -> bool:
        return fits(replace(point, text=slice_rich(point.text, 0, seen[index][0])))

    def fits_through(count: int) -> bool:
        return cut(count - 1) is not None and head_fits(count - 1)

    count = longest_prefix(sys.maxsize, fits_through)
    return seen[count - 1] if count else None


def _point_height(point: Point, style: BodyStyle, box: Box, measurer: Measurer, first: bool) -> float:
    para = style.para(point, False).measured()   # the same paragraph either way, so measured once
    return (0.0 if first else para.space_before) + paragraph_height(measurer, para, box.text_width)


@lru_cache(maxsize=4096)
def paragraph_height(measurer: Measurer, paragraph: Paragraph, width: float) -> float:
    """A paragraph's height, remembered: splitting and balancing ask for the same ones many times."""
    return measurer.paragraph_height(paragraph, width)


def fit_body(points, first: Box, rest: Box, sizes: list[float], style: BodyStyle, measurer: Measurer,
             budget: tuple[int, int] = (WORD_BUDGET, WORD_BUDGET)) -> tuple[list[tuple[Point, ...]], BodyStyle]:
    """Points at the largest size that fits them on one slide; when none does, split at the first size.

    Text shrinks only to avoid a continuation slide, never below the last size given.
    """
    for size in sizes:
        sized = replace(style, size=size)
        pages = split_bullets_to_fit(points, first, rest, sized, measurer, budget)
        if len(pages) <= 1:
            return pages, sized
    sized = replace(style, size=sizes[0])
    return split_bullets_to_fit(points, first, rest, sized, measurer, budget), sized


def fit_title(title: str, box: Box, sizes: list[float], lines: int, measurer: Measurer,
              bold: bool = True, suffix: str = "") -> tuple[str, float, bool]:
    """(text shown, size, shortened): the title wrapped in at most `lines` lines at the largest
    size that allows it, else cut at a word with an ellipsis at the smallest size."""

    def fits(text: str, size: float) -> bool:
        para = Paragraph((Span(text, bold),), size)
        return len(measurer.lines(para, box.text_width)) <= lines and measurer.fits([para], box)

    for size in sizes:
        if fits(title + suffix, size):
            return title + suffix, size, False
    size = sizes[-1]
    words = title.split()
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(" ".join(words[:middle]) + ELLIPSIS + suffix, size):
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low]) + ELLIPSIS + suffix, size, True


def body_sizes(start: float, floor: float = MIN_BODY_SIZE) -> list[float]:
    """From `start` (never below the floor) down a step or so, never below the floor."""
    size = max(start, floor)
    lowest = max(floor, size - SHRINK_STEPS * SIZE_STEP)
    sizes = []
    while size > lowest:
        sizes.append(size)
        size -= SIZE_STEP
    return sizes + [lowest]


# Rich text helpers ---------------------------------------------------------------------


def display_text(text: RichText) -> str:
    """The text as a slide shows it, citations as [n]; offsets into it index `slice_rich`."""
    return "".join(_run_text(run) for run in text.runs)


def slice_rich(text: RichText, start: int, end: int) -> RichText:
    """The part of a rich text between two display offsets; citations are never cut."""
    runs, position = [], 0
    for run in text.runs:
        length = len(_run_text(run))
        low, high = max(start, position), min(end, position + length)
        if low < high:
            if isinstance(run, Text):
                runs.append(replace(run, text=run.text[low - position:high - position]))
            elif (low, high) == (position, position + length):
                runs.append(run)
        position += length
    return RichText(tuple(runs), text.location, text.path)


def clean(text: RichText) -> RichText:
    """Whitespace collapsed to single spaces, so display offsets match what is drawn."""
    runs: list = []
    for run in text.runs:
        if isinstance(run, Citation):
            runs.append(run)
            continue
        piece = _SPACES.sub(" ", run.text)
        after_space = not runs or (isinstance(runs[-1], Text) and runs[-1].text.endswith(" "))
        if after_space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            runs.append(replace(run, text=piece))
    if runs and isinstance(runs[-1], Text):
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return RichText(tuple(run for run in runs if not isinstance(run, Text) or run.text), text.location, text.path)


def plain(text: str) -> RichText:
    return RichText((Text(text),))


def _inside_text(text: RichText, offset: int) -> bool:
    position = 0
    for run in text.runs:
        length = len(_run_text(run))
        if position < offset < position + length:
            return isinstance(run, Text)
        position += length
    return True


def _run_text(run) -> str:
    return run.text if isinstance(run, Text) else f"[{run.number}]"


def first_sentence(paragraph: RichText) -> RichText:
    """The paragraph's first sentence, keeping its markup, as a derived key point.

    A first sentence longer than MAX_DERIVED_WORDS words (or a paragraph with
    no sentence end at all) is cut at a word boundary and ends in '…'.
    """
    text = "".join(run.text if isinstance(run, Text) else "\0" for run in paragraph.runs)
    match = next(_sentence_ends(text), None)
    cut = match.start() if match else len(text)
    words = list(re.finditer(r"\S+", text[:cut]))
    shortened = len(words) > MAX_DERIVED_WORDS
    if shortened:
        cut = words[MAX_DERIVED_WORDS - 1].end()
    elif cut >= len(text):
        return paragraph
    runs, used = [], 0
    for run in paragraph.runs:
        length = len(run.text) if isinstance(run, Text) else 1
        if used >= cut:
            break
        if isinstance(run, Text) and used + length > cut:
            runs.append(Text(run.text[: cut - used].rstrip(), run.bold, run.italic, run.href))
        else:
            runs.append(run)
        used += length
    if shortened:
        runs.append(Text(" …"))
    return RichText(tuple(runs), paragraph.location, paragraph.path)


def _sentence_ends(text: str):
    """Where sentences end: a stop, then spaces, then anything but a small letter (any script;
    Hangul and Chinese have no small letters, so a stop before them ends a sentence)."""
    return (match for match in _SENTENCE_END.finditer(text) if not text[match.end()].islower())


def sentences(text: str) -> list[str]:
    """A text cut into its sentences (for sharing speaker notes among slides)."""
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return []
    parts, start = [], 0
    for match in _sentence_ends(text):
        parts.append(text[start:match.start()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]
