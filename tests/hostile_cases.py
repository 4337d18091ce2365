"""Briefs of a chosen size for the size cases of the hostile-input probe.

Shared by tests/test_hostile_sizes.py (modest sizes, checked for linear
time) and benchmarks/hostile_sizes.py (full sizes, timed). Each case builds
the YAML text of a brief whose one dimension grows with `size`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

WORDS = ("relations", "between", "the", "two", "states", "deepened", "after", "2022", "with", "munitions",
         "flowing", "one", "way", "and", "cash", "technology", "the", "other")


def words(count_chars: int, seed: int = 0) -> str:
    out, total, index = [], 0, seed
    while total < count_chars:
        word = WORDS[index % len(WORDS)]
        out.append(word)
        total += len(word) + 1
        index += 7
    return " ".join(out)[:count_chars].strip()


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def brief(**fields: str) -> str:
    """A minimal valid brief with `fields` (already YAML) added or replacing the defaults."""
    base = {
        "title": "Size case",
        "date": "2024-06-30",
        "classification": "UNCLASSIFIED",
        "sections": "\n  - title: Background\n    bullets: [A short point.]\n    paragraphs: [A short paragraph.]",
    }
    base.update(fields)
    return "".join(f"{key}: {value}\n" for key, value in base.items())


def developments(count: int) -> str:
    lines = ["\n"]
    for index in range(count):
        year = 2000 + index * 24 // max(count, 1)
        lines.append(
            f"  - date: {year}-{index % 12 + 1:02d}-{index % 28 + 1:02d}\n"
            f"    title: Event {index} {words(40, index)}\n"
            f"    summary: {words(120, index + 1)}\n"
            f"    significance: {words(80, index + 2)}\n"
            f"    actors: [Russia, DPRK]\n"
            f"    sources: [s1]\n"
        )
    return "".join(lines).rstrip("\n")


def _sources() -> str:
    return "\n  - id: s1\n    title: A source\n    url: https://example.org/a"


@dataclass(frozen=True)
class Case:
    name: str
    full_size: int
    """The size the probe used, or the documented limit where the probe went beyond it (2,000 characters
    for a title or marking, 100,000 for one text)."""
    brief: Callable[[int], str]


CASES = (
    Case("long paragraph", 100_000, lambda n: brief(sections=(
        "\n  - title: Background\n    bullets: [A point.]\n    paragraphs:\n      - " + quoted(words(n))))),
    Case("long unbreakable word", 100_000, lambda n: brief(sections=(
        "\n  - title: Background\n    bullets: [A point.]\n    paragraphs:\n      - " + "x" * n))),
    Case("long bullet", 100_000, lambda n: brief(sections=(
        "\n  - title: Background\n    bullets:\n      - " + quoted(words(n))))),
    Case("many paragraphs", 2_000, lambda n: brief(sections=(
        "\n  - title: Background\n    bullets: [A point.]\n    paragraphs:\n"
        + "".join(f"      - {quoted(words(900, i))}\n" for i in range(n)).rstrip("\n")))),
    Case("long title", 2_000, lambda n: brief(title=quoted(words(n)))),
    Case("long classification", 2_000, lambda n: brief(classification=quoted(words(n)))),
    Case("long section title", 2_000, lambda n: brief(sections=(
        "\n  - title: " + quoted(words(n)) + "\n    bullets: [A point.]"))),
    Case("long notes", 100_000, lambda n: brief(sections=(
        "\n  - title: Background\n    bullets: [A point.]\n    notes: " + quoted(words(n))))),
    Case("many bullets", 3_000, lambda n: brief(sections=(
        "\n  - title: Background\n    bullets:\n" + "".join(f"      - {words(90, i)}\n" for i in range(n)).rstrip("\n")))),
    Case("many sections", 1_000, lambda n: brief(sections="".join(
        f"\n  - title: Section {i}\n    bullets: [{words(60, i)}]\n    paragraphs: [{words(300, i)}]" for i in range(n)))),
    Case("developments", 20_000, lambda n: brief(developments=developments(n), sources=_sources())),
    Case("markup never closing", 100_000, lambda n: brief(sections=(
        "\n  - title: Background\n    bullets:\n      - " + quoted(("*a [b " * (n // 6 + 1))[:n])))),
    Case("many links", 5_000, lambda n: brief(sections=(
        "\n  - title: Background\n    bullets: [A point.]\n    paragraphs:\n      - "
        + quoted(" ".join(f"[link {i}](https://example.org/{i})" for i in range(n))[:100_000])))),
    Case("hangul paragraph", 60_000, lambda n: brief(sections=(
        "\n  - title: Background\n    bullets: [A point.]\n    paragraphs:\n      - "
        + quoted(("러시아와 북한의 관계는 2022년 이후 깊어졌다 " * (n // 24 + 1))[:n])))),
)
