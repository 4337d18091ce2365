"""Brief + Theme to a Deck: which slides, and what text goes on each.

Slide kinds are a closed set. Splitting long content over continuation
slides happens here, as a pure function of the content and the theme, so the
pptx writer only places what it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from ..model import Brief, Conclusion, Development, Image, RichText, Source, Text
from ..theme import Theme
from .document import TitleBlock, title_block

MAX_BULLETS_PER_SLIDE = 6
MAX_DEVELOPMENTS_PER_SLIDE = 6
MAX_SOURCES_PER_SLIDE = 8

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"'“‘(\[«])")


class SlideKind(Enum):
    TITLE = "title"
    AGENDA = "agenda"
    SUMMARY = "summary"
    CONTENT = "content"
    CHRONOLOGY = "chronology"
    CONCLUSIONS = "conclusions"
    SOURCES = "sources"


@dataclass(frozen=True)
class Slide:
    kind: SlideKind
    title: str
    bullets: tuple[RichText, ...] = ()
    notes: str = ""
    image: Image | None = None
    developments: tuple[Development, ...] = ()
    conclusions: tuple[Conclusion, ...] = ()
    sources: tuple[Source, ...] = ()
    continued: bool = False


@dataclass(frozen=True)
class Deck:
    title: TitleBlock
    slides: tuple[Slide, ...] = field(default_factory=tuple)
    footer: str = ""


def plan_deck(brief: Brief, theme: Theme) -> Deck:
    title = title_block(brief)
    slides: list[Slide] = [Slide(SlideKind.TITLE, brief.title)]
    agenda = [s.title for s in brief.sections]
    if brief.developments:
        agenda.insert(brief.chronology_after + 1, "Chronology")
    if brief.conclusions:
        agenda.append("Conclusions")
    slides.append(Slide(SlideKind.AGENDA, "Agenda", bullets=tuple(_plain(t) for t in agenda)))
    if brief.summary:
        slides.extend(_chunked(SlideKind.SUMMARY, "Key judgments", brief.summary, MAX_BULLETS_PER_SLIDE))
    for index, section in enumerate(brief.sections):
        points = section.bullets or tuple(first_sentence(p) for p in section.paragraphs)
        notes_parts = []
        if section.notes:
            notes_parts.append(section.notes.plain())
        if not section.bullets and section.paragraphs:
            notes_parts.extend(p.plain() for p in section.paragraphs)
        section_slides = _chunked(SlideKind.CONTENT, section.title, points, MAX_BULLETS_PER_SLIDE)
        first = section_slides[0]
        section_slides[0] = Slide(
            first.kind, first.title, first.bullets, "\n\n".join(notes_parts), section.image, continued=False
        )
        slides.extend(section_slides)
        if index == brief.chronology_after and brief.developments:
            for number, start in enumerate(range(0, len(brief.developments), MAX_DEVELOPMENTS_PER_SLIDE)):
                chunk = brief.developments[start : start + MAX_DEVELOPMENTS_PER_SLIDE]
                slides.append(Slide(SlideKind.CHRONOLOGY, _continued("Chronology", number), developments=chunk,
                                    continued=number > 0))
    if brief.conclusions:
        slides.append(Slide(SlideKind.CONCLUSIONS, "Conclusions", conclusions=brief.conclusions))
    if brief.sources:
        for number, start in enumerate(range(0, len(brief.sources), MAX_SOURCES_PER_SLIDE)):
            chunk = brief.sources[start : start + MAX_SOURCES_PER_SLIDE]
            slides.append(Slide(SlideKind.SOURCES, _continued("Sources", number), sources=chunk, continued=number > 0))
    footer = " · ".join(part for part in (title.date, brief.organization or "") if part)
    return Deck(title, tuple(slides), footer)


def first_sentence(paragraph: RichText) -> RichText:
    """The paragraph's first sentence, keeping its markup, as a derived key point."""
    plain = "".join(run.text if isinstance(run, Text) else "\0" for run in paragraph.runs)
    match = _SENTENCE_END.search(plain)
    if not match:
        return paragraph
    cut = match.start()
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
    return RichText(tuple(runs), paragraph.location)


def _chunked(kind: SlideKind, title: str, items, size: int) -> list[Slide]:
    items = tuple(items)
    if not items:
        return [Slide(kind, title)]
    return [
        Slide(kind, _continued(title, number), bullets=items[start : start + size], continued=number > 0)
        for number, start in enumerate(range(0, len(items), size))
    ]


def _continued(title: str, number: int) -> str:
    return f"{title} (cont.)" if number else title


def _plain(text: str) -> RichText:
    return RichText((Text(text),))
