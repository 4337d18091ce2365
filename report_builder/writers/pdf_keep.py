"""Headings kept with the start of what follows them, not with all of it.

reportlab's keepWithNext keeps a heading with the whole of the next
flowable, so a heading over a paragraph longer than what is left of the page
moves with it, leaving the rest of the page empty. A word processor keeps a
heading with the first lines of its paragraph only, and so does this: each
run of kept flowables (a heading, the section's lead) gets a conditional
page break as tall as the run and the start of what follows (two lines of a
paragraph, or all of one of three lines or fewer; a table's first rows; a
drawing whole), and is then set free.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table

TALL = 1e6


def keep_starts(story: list, width: float) -> list:
    """`story` with every keep-with-next run turned into a conditional page break before it."""
    result: list = []
    index = 0
    while index < len(story):
        if not _kept(story[index]):
            result.append(story[index])
            index += 1
            continue
        run = []
        while index < len(story) and _kept(story[index]):
            run.append(story[index])
            index += 1
        needed = sum(_height(flowable, width) for flowable in run)
        needed += _start(story[index:], width)
        for flowable in run:
            flowable.keepWithNext = 0
        result += [CondPageBreak(needed), *run]
    return result


def _kept(flowable) -> bool:
    return bool(flowable.getKeepWithNext()) if hasattr(flowable, "getKeepWithNext") else False


def _height(flowable, width: float) -> float:
    if isinstance(flowable, KeepTogether):   # its wrap needs the canvas, which is not there yet
        return sum(_height(part, width) for part in flowable._content)
    return flowable.wrap(width, TALL)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def _start(following: list, width: float) -> float:
    """The least of what follows a kept run that must share its page: spacers, then the first real
    flowable's start."""
    needed = 0.0
    for flowable in following:
        if isinstance(flowable, CondPageBreak):
            continue
        if isinstance(flowable, Spacer):
            needed += flowable.height
            continue
        if isinstance(flowable, Paragraph):
            height = flowable.wrap(width, TALL)[1]
            lines = len(getattr(flowable.blPara, "lines", ())) or 1
            if lines > 3:
                height = 2 * height / lines
            return needed + flowable.getSpaceBefore() + height
        if isinstance(flowable, Table):
            flowable.wrap(width, TALL)
            rows = getattr(flowable, "repeatRows", 0) or 0
            return needed + flowable.getSpaceBefore() + sum(flowable._rowHeights[: rows + 2])
        return needed + _height(flowable, width)
    return needed
