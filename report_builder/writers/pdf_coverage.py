"""What the PDF will show, checked against its fonts before it is written.

The PDF embeds the theme's font files and can draw only what they hold: a
character no font has shows as a box, and bold or italic text in another
script whose fallback font has no such face (NanumGothic has no italic) is
set in the regular face, since reportlab synthesises neither. Each is a
warning naming the field and its line, so the author knows before handing
the PDF out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Location
from ..model import Brief, RichText, Text
from ..plan.data_blocks import shown_texts
from ..plan.document import DocumentPlan, SectionBlock
from .pdf_fonts import FontSet

MAX_LISTED_CHARACTERS = 5    # per warning about characters no font has
QUOTED = 30                  # characters of a text quoted in a warning


@dataclass(frozen=True)
class Shown:
    """A text the PDF shows, where it came from, and the face it is set in."""

    location: Location
    path: str
    text: str
    bold: bool = False
    italic: bool = False


def check_fonts(brief: Brief, plan: DocumentPlan, fonts: FontSet, warn) -> None:
    """Warn about characters no font has and faces a font lacks, once per field."""
    warned: set[tuple[str, str]] = set()
    for item in shown(brief, plan):
        missing = fonts.uncovered(item.text)
        if missing and (item.path, "") not in warned:
            warned.add((item.path, ""))
            listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing[:MAX_LISTED_CHARACTERS])
            if len(missing) > MAX_LISTED_CHARACTERS:
                listed += f" and {len(missing) - MAX_LISTED_CHARACTERS} more"
            warn(item.location, item.path, f"{listed} {'is' if len(missing) == 1 else 'are'} in none of the PDF's "
                                           f"fonts ({fonts.names}); the PDF shows a box instead")
        if not (item.bold or item.italic):
            continue
        style = "bold italic" if item.bold and item.italic else "bold" if item.bold else "italic"
        for font, (text, instead) in fonts.lacking_face(item.text, item.bold, item.italic).items():
            if (item.path, font) in warned:
                continue
            warned.add((item.path, font))
            quoted = text if len(text) <= QUOTED else text[: QUOTED - 1].rstrip() + "…"
            warn(item.location, item.path, f"'{quoted}' is {style}, but {font} has no {style} face; "
                                           f"the PDF sets it in the {instead} face")


def shown(brief: Brief, plan: DocumentPlan):
    """Every text the handout shows, with the face it is set in."""
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
