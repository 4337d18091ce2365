"""Reference documents: reading any reasonable reference.docx, and writing one from the house styles.

A reference.docx may come from Word, LibreOffice, pandoc or an
organisation's template. Its page setup may be missing (pandoc's default
reference document sets none): each missing value comes from the theme.
Its styles may be named otherwise: each style the brief uses is found by
its name, by the names other programs give it (LibreOffice's "Text Body",
"Contents Heading"), or by a name that contains its words ("ACME Heading
1"); what is still missing is reported once and taken from the house style.

Its styles may set another font than the theme's text font, which the
Word writer measures with to fill in the contents' page numbers: `fonts_set`
finds the fonts they name (directly or through the document theme's
fonts), so the writer can say that those numbers may be off.

`write_reference` makes the reference.docx a user edits to restyle the Word
brief, from the house styles of a layout (`report-builder layouts export`).
"""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from ..theme import Theme

_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WORD_DEFAULT_FONT = "Times New Roman"
"""What Word sets text in when no style or default names a font."""

SAME_WIDTHS = {"liberation sans": "arial", "helvetica": "arial", "arimo": "arial",
               "liberation serif": "times new roman", "tinos": "times new roman", "times": "times new roman",
               "liberation mono": "courier new", "cousine": "courier new",
               "carlito": "calibri", "caladea": "cambria"}
"""Fonts made with another's advance widths: text set in either breaks its lines alike."""

ALIASES = {
    "Normal": ("Default Paragraph Style", "Default Style", "Standard"),
    "Body Text": ("Text Body", "Body Copy"),
    "Title": ("Document Title", "Cover Title"),
    "Subtitle": ("Document Subtitle", "Sub Title"),
    "Heading 1": ("Chapter Heading", "Chapter"),
    "List Bullet": ("List Bullet 1", "Bullet List", "Bullets"),
    "List Number": ("List Number 1", "Numbered List", "Numbering 1"),
    "Figure": ("Captioned Figure", "Figure Paragraph"),
    "Caption": ("Image Caption", "Figure Caption", "Illustration"),
    "TOC Heading": ("Contents Heading", "TOC Title", "Table of Contents Heading"),
    "toc 1": ("Contents 1", "TOC 1"),
    "Table Text": ("Table Contents", "Table Paragraph", "Compact"),
    "Table Heading": ("Table Header", "Table Heading Row"),
    "Bibliography": ("References", "Reference List", "Works Cited"),
    "Header": ("Page Header",),
    "Footer": ("Page Footer",),
    "Hyperlink": ("Internet Link", "Link"),
    "Key Judgment": ("Key Judgement", "Key Findings"),
    "Key Point": ("Key Points",),
    "Lead": ("Lead Paragraph", "Lede", "Standfirst"),
}
"""Other names a style the brief uses goes by, tried in order after its own."""
LAST_RESORT = {"List Bullet": ("List Paragraph",), "List Number": ("List Paragraph",)}
"""Names taken only when nothing closer is found (Word's generic list style)."""


def find_style(styles, name: str, style_id: str, character: bool):
    """The reference's style for the house style `name`, or None.

    Tried in order: the same name; the same style id (a renamed built-in
    style keeps its id); another program's name for it; a name holding its
    words ("ACME Heading 1"), the shortest first; for Heading 1, a style at
    outline level 1.
    """
    kind = WD_STYLE_TYPE.CHARACTER if character else WD_STYLE_TYPE.PARAGRAPH
    candidates = [style for style in styles if style.type == kind and style.name]

    def named(wanted: str):
        return next((style for style in candidates if _loose(style.name) == _loose(wanted)), None)

    found = named(name) or next((style for style in candidates if style.style_id == style_id), None)
    names = (name, *ALIASES.get(name, ()))
    for wanted in names[1:]:
        found = found or named(wanted)
    for wanted in names:
        if found is None:
            words = _words(wanted)
            containing = [style for style in candidates if _contains(_words(style.name), words)]
            found = min(containing, key=lambda style: (len(_words(style.name)), style.name), default=None)
    for wanted in LAST_RESORT.get(name, ()):
        found = found or named(wanted)
    if found is None and name == "Heading 1":
        found = next((style for style in candidates if _outline_level(style) == "0"
                      and "title" not in _words(style.name)), None)
    return found


def fonts_set(document, styles) -> dict[str, list[str]]:
    """The font each style sets its Latin text in, following its base styles and the document defaults
    (a theme font such as "minorHAnsi" read from the document's theme): font -> the styles' names."""
    theme_fonts = _theme_fonts(document)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    found: dict[str, list[str]] = {}
    for style in styles:
        font, name = None, style.name
        chain = []
        while style is not None:
            chain.append(style.element)
            style = style.base_style
        chain += [default_rpr] if default_rpr is not None else []
        for el in chain:
            fonts = el.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if fonts is None:
                continue
            font = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
            theme_font = fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:hAnsiTheme"))
            if font is None and theme_font is not None:
                font = theme_fonts.get("major" if theme_font.startswith("major") else "minor")
            if font:
                break
        found.setdefault(font or WORD_DEFAULT_FONT, []).append(name)
    return found


def same_widths(one: str, other: str) -> bool:
    def canonical(name: str) -> str:
        name = name.strip().lower()
        return SAME_WIDTHS.get(name, name)
    return canonical(one) == canonical(other)


def _theme_fonts(document) -> dict[str, str]:
    """The document theme's Latin fonts: {"major": …, "minor": …}."""
    for part in document.part.package.iter_parts():
        if part.partname.startswith("/word/theme/"):
            root = etree.fromstring(part.blob)
            fonts = {}
            for kind in ("major", "minor"):
                latin = root.find(f".//{_DRAWING}{kind}Font/{_DRAWING}latin")
                if latin is not None and latin.get("typeface"):
                    fonts[kind] = latin.get("typeface")
            return fonts
    return {}


def mark_as_heading(style) -> None:
    """A heading found under another name gets outline level 1, so Word's TOC refresh finds it."""
    if _outline_level(style) is None and _loose(style.name) != _loose("Heading 1"):
        ppr = style.element.get_or_add_pPr()
        level = ppr.makeelement(qn("w:outlineLvl"), {qn("w:val"): "0"})
        ppr.append(level)


def _loose(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def _words(name: str | None) -> tuple[str, ...]:
    spaced = re.sub(r"([a-z])([A-Z0-9])", r"\1 \2", name or "")
    return tuple(re.findall(r"[a-z]+|\d+", spaced.lower()))


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _outline_level(style) -> str | None:
    ppr = style.element.find(qn("w:pPr"))
    level = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    return level.get(qn("w:val")) if level is not None else None


def complete_page_setup(section, theme: Theme) -> None:
    """Fill in what a reference's page setup leaves out (pandoc's sets nothing) from the theme."""
    if section.page_width is None or section.page_height is None:
        width, height = theme.page_size_pt
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Pt(width), Pt(height)
    for side in ("top", "bottom", "left", "right"):
        if getattr(section, f"{side}_margin") is None:
            setattr(section, f"{side}_margin", Pt(theme.margin_pt))
    for edge in ("header", "footer"):
        if getattr(section, f"{edge}_distance") is None:
            setattr(section, f"{edge}_distance", Pt(theme.margin_pt / 2))


def house_page_setup(section, theme: Theme) -> None:
    width, height = theme.page_size_pt
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(width), Pt(height)
    margin = theme.margin_pt
    # The text block is word.measure_em body sizes wide, centred: the side margins take the rest.
    measure = min(width - 2 * margin, theme.word_measure_em * theme.sizes.body)
    section.top_margin = section.bottom_margin = Pt(margin)
    section.left_margin = section.right_margin = Pt(round((width - measure) / 2 * 20) / 20)
    section.header_distance = section.footer_distance = Pt(theme.margin_pt / 2)


SAMPLES = {
    "Title": "Title of the brief",
    "Subtitle": "Subtitle",
    "Date": "15 Apr 2024",
    "Author": "Authors · Organization",
    "TOC Heading": "Contents",
    "toc 1": "A table of contents entry",
    "Heading 1": "Heading 1: each part of the brief",
    "Key Judgment": "Key Judgment: each key judgment, in the boxed summary",
    "Lead": "Lead: a section's headline, under its heading",
    "Box Label": "Box Label: the label of a section's key points box",
    "Key Point": "Key Point: each key point, boxed when prose follows",
    "List Bullet": "List Bullet: a section's key points when it has no prose",
    "List Number": "List Number: each conclusion, numbered",
    "Body Text": "Body Text: the paragraphs of a section. Change this style's font, size and spacing "
                 "to change the running text of every brief built with this layout.",
    "Figure": "Figure: the paragraph holding a picture",
    "Caption": "Caption: under a picture",
    "Table Heading": "Table Heading: the chronology table's header row",
    "Table Text": "Table Text: the chronology table's cells",
    "Bibliography": "[1]\tBibliography: one source per paragraph",
}


def write_reference(theme: Theme, target: Path) -> None:
    """A reference.docx holding the layout's house styles and page setup, one sample paragraph per style."""
    from .docx_styles import StyleSheet

    document = Document()
    house_page_setup(document.sections[0], theme)
    sheet = StyleSheet(document, theme, lambda *_: None, False, "en-GB")
    sheet.install()
    for name, text in SAMPLES.items():
        sheet.add_paragraph(document, name).add_run(text)
    paragraph = sheet.add_paragraph(document, "Body Text")
    paragraph.add_run("Character styles: ")
    paragraph.add_run("Hyperlink", style=sheet.style("Hyperlink"))
    paragraph.add_run(" and ")
    paragraph.add_run("CLASSIFICATION", style=sheet.style("Classification"))
    paragraph.add_run(" (the marking in the header and footer).")
    section = document.sections[0]
    sheet.apply(section.header.paragraphs[0], "Header")
    sheet.apply(section.footer.paragraphs[0], "Footer")
    props = document.core_properties
    props.title = f"report-builder reference document: {theme.name} layout"
    props.author = "report-builder"
    document.save(str(target))
