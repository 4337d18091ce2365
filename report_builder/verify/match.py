"""Finding expected text in text read back from an output, as a reader would recognise it.

Text extracted from a PDF or a slide differs from the brief in ways a reader
does not notice: lines wrap, long words break, hyphens and soft hyphens come
and go, ligatures stand for two letters, quotes and bullets differ, a page
break and its header fall in the middle of a paragraph. So both sides are
compared as their letters, digits and symbols only (NFKC, case-folded), a
text may run on from one page to the next, and a title shortened with "…"
counts as found. Where a short text (a heading such as "Outlook") occurs
several times, the occurrence in reading order wins: every expected piece is
placed in order by one alignment, so a stray later "outlook" cannot stand in
for a missing heading.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass

ELLIPSIS = "…"

MIN_SHORTENED = 8
"""A shortened title must keep at least this many of its letters (or all of a short title)."""

LONG_ENOUGH = 40
"""A piece this long is found wherever it occurs: nothing else reads the same by chance."""

MAX_PER_UNIT = 20


def normalize(text: str) -> str:
    """Letters, digits, symbols and marks, NFKC and case-folded; '…' kept as the sign of a shortened text."""
    return ELLIPSIS.join(_letters(part) for part in text.split(ELLIPSIS))


def _letters(text: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PZC" and not ignorable(ch))


def ignorable(ch: str) -> bool:
    """Marks a reader never sees on their own (variation selectors, joiners): fonts and extractors drop them."""
    code = ord(ch)
    return (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180F
            or code in (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0))


@dataclass(frozen=True)
class Unit:
    """A stretch of an output's text at one place: a page, a slide's shapes or notes, a paragraph."""

    place: str
    order: int
    text: str
    """Normalized."""


@dataclass(frozen=True)
class Found:
    first: Unit
    last: Unit
    shortened: bool = False


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    found: Found


class Output:
    """An output's text as units in reading order.

    `paged`: text may run from one unit into the next (PDF pages). Without
    `by_position`, the order within a unit does not matter, only the units'
    order (a slide's labels, body and notes).
    """

    def __init__(self, units: list[Unit], *, paged: bool, by_position: bool, reach: int = 1):
        self.units = units
        self.paged = paged
        self.by_position = by_position
        self.reach = reach
        """How many units away from its other pieces an item's loose texts may be (a chart's labels)."""
        self.offsets = []
        offset = 0
        for unit in units:
            self.offsets.append(offset)
            offset += len(unit.text)

    def find_all(self, pieces: list[str]) -> list[Found | None]:
        """Where each piece is, placed in reading order; None for a piece that is not there."""
        candidates = [self._candidates(piece) for piece in pieces]
        chosen = _align(candidates, [len(piece) for piece in pieces])
        results: list[Found | None] = []
        for piece, options, pick in zip(pieces, candidates, chosen):
            if pick is not None:
                results.append(options[pick].found)
            elif options and len(piece) >= LONG_ENOUGH:
                results.append(options[0].found)
            else:
                results.append(None)
        return results

    def near(self, piece: str, found: Found) -> bool:
        """Whether the piece occurs within `reach` units of where the rest of its item was found."""
        first = next(i for i, unit in enumerate(self.units) if unit is found.first)
        last = next(i for i, unit in enumerate(self.units) if unit is found.last)
        return any(piece in unit.text for unit in self.units[max(first - self.reach, 0): last + self.reach + 1])

    def _candidates(self, piece: str) -> list[_Candidate]:
        found = []
        for index, unit in enumerate(self.units):
            start, count = unit.text.find(piece), 0
            while start != -1 and count < MAX_PER_UNIT:
                found.append(self._candidate(index, start, index, start + len(piece)))
                start, count = unit.text.find(piece, start + 1), count + 1
        if found:
            return found
        if self.paged:
            found = [c for index in range(len(self.units)) if (c := self._across(piece, index)) is not None]
            if found:
                return found
        return self._shortened(piece)

    def _candidate(self, first: int, start: int, last: int, end: int, shortened: bool = False) -> _Candidate:
        if self.by_position:
            position, stop = self.offsets[first] + start, self.offsets[last] + end
        else:
            position, stop = self.units[first].order, self.units[last].order
        return _Candidate(position, stop, Found(self.units[first], self.units[last], shortened))

    def _across(self, piece: str, index: int) -> _Candidate | None:
        """The piece begun at the end of unit `index` and finished at the start of the next ones."""
        first = self.units[index].text
        head = _longest_prefix_in(piece, first)
        if head == 0 or head == len(piece):
            return None
        start = first.rfind(piece[:head])
        rest, last = piece[head:], index
        while rest and last + 1 < len(self.units) and last - index < 3:
            last += 1
            text = self.units[last].text
            if rest in text:
                return self._candidate(index, start, last, text.find(rest) + len(rest))
            taken = _longest_prefix_in(rest, text)
            if taken == 0:
                return None
            rest = rest[taken:]
        return None

    def _shortened(self, piece: str) -> list[_Candidate]:
        """'A very long slide tit…' stands for the whole title."""
        found = []
        need = min(len(piece), MIN_SHORTENED)
        for index, unit in enumerate(self.units):
            at = unit.text.find(ELLIPSIS)
            while at != -1:
                kept = 0
                for length in range(min(at, len(piece) - 1), need - 1, -1):
                    if unit.text[at - length:at] == piece[:length]:
                        kept = length
                        break
                if kept:
                    found.append(self._candidate(index, at - kept, index, at + 1, shortened=True))
                at = unit.text.find(ELLIPSIS, at + 1)
        return found


def _longest_prefix_in(piece: str, text: str) -> int:
    """The length of the longest start of `piece` that occurs in `text` (found by bisection)."""
    low, high = 0, len(piece)
    while low < high:
        middle = (low + high + 1) // 2
        if piece[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


def _align(candidates: list[list[_Candidate]], weights: list[int]) -> list[int | None]:
    """At most one candidate per piece, in reading order, covering as much expected text as possible.

    The heaviest chain of candidates whose positions never go back: for each
    piece in order, the best chain ending before each of its candidates comes
    from a prefix-maximum tree over chain ends.
    """
    ends = sorted({c.end for options in candidates for c in options})
    tree = _PrefixMax(len(ends))
    links: dict[tuple[int, int], tuple[int, int] | None] = {}
    best: tuple[int, tuple[int, int] | None] = (0, None)
    for piece, options in enumerate(candidates):
        scored = []
        for number, candidate in enumerate(options):
            limit = bisect.bisect_right(ends, candidate.start)
            value, previous = tree.query(limit)
            scored.append((value + weights[piece], (piece, number), previous))
        for value, key, previous in scored:
            links[key] = previous
            tree.update(bisect.bisect_left(ends, options[key[1]].end), value, key)
            if value > best[0]:
                best = (value, key)
    chosen: list[int | None] = [None] * len(candidates)
    key = best[1]
    while key is not None:
        chosen[key[0]] = key[1]
        key = links[key]
    return chosen


class _PrefixMax:
    """A Fenwick tree of (value, key) answering "the best value among positions < n"."""

    def __init__(self, size: int):
        self.items: list[tuple[int, tuple[int, int] | None]] = [(0, None)] * (size + 1)

    def update(self, index: int, value: int, key: tuple[int, int]) -> None:
        index += 1
        while index < len(self.items):
            if value > self.items[index][0]:
                self.items[index] = (value, key)
            index += index & -index

    def query(self, count: int) -> tuple[int, tuple[int, int] | None]:
        best: tuple[int, tuple[int, int] | None] = (0, None)
        while count > 0:
            if self.items[count][0] > best[0]:
                best = self.items[count]
            count -= count & -count
        return best
