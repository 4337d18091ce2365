"""Every text a document shows, where it came from, and the face it is set in.

The Word brief and the PDF are checked against their fonts before they are
written (characters no font has, bold or italic faces a font lacks); both
checks walk the same texts, so each is named by its field and line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Location
from ..model import Brief, RichText, Text
from ..values import Value
from .data_blocks import shown_texts
from .document import DocumentPlan, SectionBlock


@dataclass(frozen=True, eq=False, repr=False)
class Shown(Value):
    """A text an output shows, where it came from, and the face it is set in."""

    location: Location
    path: str
    text: str
    bold: bool = False
    italic: bool = False


def shown(brief: Brief, plan: DocumentPlan):
    """Every text of `plan` (the handout's or the Word brief's), in reading order, with its face."""
    for name, bold in (("title", True), ("subtitle", False), ("organization", False), ("classification", True)):
        if getattr(brief, name):
            yield _plain(brief, name, getattr(brief, name), bold=bold)
    for index, author in enumerate(brief.authors):
        item = _plain(brief, "authors", author)
        yield Shown(item.location, f"{item.path}[{index}]" if len(brief.authors) > 1 else item.path, author)
    for judgment in brief.summary:
        if judgment.title:
            yield _plain(judgment, "title", judgment.title, bold=True)
        yield from _rich(judgment.text)
    for section in brief.sections:
        yield _plain(section, "title", section.title, bold=True)
    for block in plan.blocks:
        if isinstance(block, SectionBlock):
            if block.headline:
                yield from _rich(block.headline)
            for text in block.key_points + block.paragraphs:
                yield from _rich(text)
            if block.image and block.image.caption:
                yield from _rich(block.image.caption, italic=True)
            for location, path, text in shown_texts(block.tables, block.charts):
                yield Shown(location, path, text)
    for development in brief.developments:
        yield from _rich(development.title, bold=True)
        for text in (development.summary, development.significance):
            if text:
                yield from _rich(text)
    for conclusion in brief.conclusions:
        if conclusion.title:
            yield _plain(conclusion, "title", conclusion.title, bold=True)
        yield from _rich(conclusion.text)
    for source in brief.sources:
        for name, italic in (("title", True), ("publisher", False), ("url", False)):
            if getattr(source, name):
                yield _plain(source, name, getattr(source, name), italic=italic)


def _plain(owner, name: str, text: str, bold: bool = False, italic: bool = False) -> Shown:
    origin = owner.origin
    return Shown(origin.field_location(name, owner.location), origin.field_path(name), text, bold, italic)


def _rich(text: RichText, bold: bool = False, italic: bool = False):
    """The whole text for coverage, then each emphasised run in its own face."""
    yield Shown(text.location, text.path, text.plain())
    for run in text.runs:
        if isinstance(run, Text) and (run.bold or bold or run.italic or italic):
            yield Shown(text.location, text.path, run.text, run.bold or bold, run.italic or italic)
