"""Speaker notes shared among the slides of one part of the deck.

When a section runs over several slides, each slide gets the notes for its
part: the talk track (or the paragraphs) is cut into sentences and shared
in order, in proportion to the words each slide shows.
"""

from __future__ import annotations


def share(parts: list[str], weights: list[int]) -> list[list[str]]:
    """`parts` in order over len(weights) slides, each slide's share proportional to its weight.

    Every slide gets at least one part; with fewer parts than slides, neighbouring
    slides share the part that falls on them.
    """
    slides = len(weights)
    if slides == 0 or not parts:
        return [[] for _ in range(slides)]
    if len(parts) <= slides:
        return [[parts[k * len(parts) // slides]] for k in range(slides)]
    sizes = [max(len(part.split()), 1) for part in parts]
    total_parts = sum(sizes)
    total_weight = sum(max(w, 1) for w in weights)
    bounds, acc = [], 0
    for weight in weights[:-1]:
        acc += max(weight, 1)
        bounds.append(acc / total_weight)
    starts, position = [0], 0.0
    for index, size in enumerate(sizes):
        middle = (position + size / 2) / total_parts
        while len(starts) <= len(bounds) and middle > bounds[len(starts) - 1]:
            starts.append(index)
        position += size
    while len(starts) < slides:
        starts.append(len(parts))
    for k in range(1, slides):
        starts[k] = min(max(starts[k], starts[k - 1] + 1), len(parts) - (slides - k))
    return [parts[starts[k]:starts[k + 1] if k + 1 < slides else len(parts)] for k in range(slides)]
