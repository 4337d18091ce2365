"""Very long paragraphs cut into pieces a page-layout engine can wrap in linear time.

reportlab wraps a paragraph whole and, at each page break, wraps what is
left again: a paragraph running over many pages costs time in the square of
its length (a 400 KB paragraph took 26 s, 1 MB over five minutes). Cut into
pieces of a page or so, each piece is wrapped about once. Pieces end after a
sentence where one allows it, else between words; a reader sees the
paragraph go on at the start of a line.
"""

from __future__ import annotations

import re

from ..model import RichText, Text

PIECE_CHARACTERS = 3000
"""About a page of body text: only paragraphs longer than this are cut."""

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def pieces(text: RichText, limit: int = PIECE_CHARACTERS) -> list[RichText]:
    """`text` as consecutive pieces of at most about `limit` characters (just `text` when it is shorter)."""
    if sum(len(run.text) for run in text.runs if isinstance(run, Text)) <= limit:
        return [text]
    result: list[RichText] = []
    current: list = []
    size = 0
    for run in text.runs:
        if not isinstance(run, Text):
            current.append(run)
            continue
        rest = run.text
        while size + len(rest) > limit:
            cut = _cut(rest, limit - size, alone=not current)
            if cut:
                current.append(Text(rest[:cut].rstrip(), run.bold, run.italic, run.href))
                rest = rest[cut:].lstrip()
            result.append(RichText(tuple(current), text.location, text.path))
            current, size = [], 0
        if rest:
            current.append(Text(rest, run.bold, run.italic, run.href))
            size += len(rest)
    if current:
        result.append(RichText(tuple(current), text.location, text.path))
    return [piece for piece in result if piece.runs]


def _cut(text: str, room: int, alone: bool) -> int:
    """Where to end a piece inside `text` with `room` characters left: after a sentence, else a space.

    0 ends the piece before `text` (a piece already holding something);
    a piece with nothing in it yet is cut at `room` rather than never end.
    """
    window = text[: max(room, 0) + 1]
    sentence = None
    for sentence in _SENTENCE_END.finditer(window):
        pass
    if sentence is not None and sentence.end() > room // 2:
        return sentence.end()
    space = None
    for space in _SPACE.finditer(window):
        pass
    if space is not None and space.start() > 0:
        return space.end()
    return max(room, 1) if alone else 0
