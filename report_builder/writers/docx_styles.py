"""The Word brief's styles: the house style from the theme, or a reference.docx.

Without a reference document every style the brief uses is (re)defined here
from the theme's fonts, colours and sizes; the proportions (line height,
space after a paragraph) are the house style, in multiples of the font size.
With a `reference.docx` in the layout, its styles are used untouched, the
way pandoc's reference documents work, and any style the brief needs that
the reference lacks is reported and added from the house style.

The writer also needs to know how tall its paragraphs are (see
`plan.pagination`), so the effective format of a style is resolved here
through its `basedOn` chain and the document defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles import BabelFish
from docx.styles.style import StyleFactory
from docx.text.paragraph import Paragraph

from ..errors import Location
from ..plan.pagination import ParagraphFormat
from ..theme import Theme
from ..values import Value
from .docx_fields import element
from .docx_reference import find_style, fonts_set, mark_as_heading, same_widths

# House proportions, relative to the font size of each style.
BODY_LINE = 1.36        # line height of running text
HEADING_LINE = 1.2
BODY_AFTER = 0.7        # space after a body paragraph, in body sizes
LIST_AFTER = 0.35
BULLET_INDENT = 1.7     # bullet list text indent, in body sizes
AUTO_LINE = 2355 / 2048  # "single" line of Arial/Liberation Sans: ascent + descent + gap
TWIPS = 20
MAX_NAMED_STYLES = 3         # styles named per font in a warning


@dataclass(frozen=True, eq=False, repr=False)
class Border(Value):
    color: str
    eighths: int        # line width in eighths of a point
    space: int          # distance to the text, points


@dataclass(frozen=True, eq=False, repr=False)
class StyleSpec(Value):
    name: str
    style_id: str
    kind: str = "paragraph"
    based_on: str | None = "Normal"
    size: float | None = None
    color: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    underline: bool = False
    line: float | None = None       # exact line height, points
    before: float | None = None
    after: float | None = None
    indent_left: float | None = None
    indent_right: float | None = None
    hanging: float | None = None
    keep_next: bool = False
    keep_lines: bool = False
    outline: int | None = None
    align: str | None = None
    shading: str | None = None
    borders: dict[str, Border] = field(default_factory=dict)


def house_styles(theme: Theme) -> list[StyleSpec]:
    """Every style the Word brief uses, defined from the theme."""
    c, s = theme.colors, theme.sizes
    body, small = s.body, s.small

    def lines(size: float, factor: float = BODY_LINE) -> float:
        return round(size * factor * 2) / 2

    rule = Border(c.rule, 6, 4)
    box = Border(c.summary_fill, 4, 6)      # invisible: pads the shading around the text
    boxed = dict(indent_left=round(body * (BULLET_INDENT + 1.2)), indent_right=round(body), hanging=round(body * BULLET_INDENT),
                 shading=c.summary_fill, borders={"top": box, "bottom": box, "left": Border(c.accent, 24, 8), "right": box})
    return [
        StyleSpec("Normal", "Normal", based_on=None, size=body, color=c.text, line=lines(body), before=0, after=0),
        StyleSpec("Body Text", "BodyText", after=round(body * BODY_AFTER)),
        StyleSpec("Title", "Title", size=s.title, color=c.primary, bold=True, line=lines(s.title, HEADING_LINE),
                  after=round(s.title * 0.25), keep_next=True),
        StyleSpec("Subtitle", "Subtitle", size=s.subtitle, color=c.muted, line=lines(s.subtitle, HEADING_LINE),
                  after=round(s.subtitle), keep_next=True),
        StyleSpec("Date", "Date", color=c.text, bold=True, after=0, keep_next=True,
                  borders={"top": Border(c.accent, 12, 8)}),
        StyleSpec("Author", "Author", color=c.muted, after=round(body * 2)),
        StyleSpec("Heading 1", "Heading1", size=s.heading1, color=c.primary, bold=True,
                  line=lines(s.heading1, HEADING_LINE), before=round(body * 1.6), after=round(body * 1.1),
                  keep_next=True, keep_lines=True, outline=0, borders={"bottom": rule}),
        StyleSpec("List Bullet", "ListBullet", after=round(body * LIST_AFTER),
                  indent_left=round(body * BULLET_INDENT), hanging=round(body * BULLET_INDENT)),
        StyleSpec("List Number", "ListNumber", after=round(body * BODY_AFTER * 0.7),
                  indent_left=round(body * BULLET_INDENT), hanging=round(body * BULLET_INDENT)),
        StyleSpec("Key Judgment", "KeyJudgment", based_on="List Bullet", after=round(body * 0.5), **boxed),
        StyleSpec("Key Point", "KeyPoint", based_on="List Bullet", after=round(body * LIST_AFTER), **boxed),
        StyleSpec("Box Label", "BoxLabel", color=c.primary, bold=True, after=round(body * 0.4), keep_next=True,
                  keep_lines=True, **boxed),
        StyleSpec("Lead", "Lead", size=s.heading2, color=c.primary, line=lines(s.heading2, 1.3),
                  after=round(body * 0.9), keep_next=True),
        StyleSpec("Figure", "Figure", align="center", before=round(body * 0.5), after=round(body * 0.3),
                  keep_next=True),
        StyleSpec("Caption", "Caption", size=small, color=c.muted, italic=True, line=lines(small),
                  after=round(body * 1.2)),
        StyleSpec("TOC Heading", "TOCHeading", size=s.heading2, color=c.primary, bold=True,
                  line=lines(s.heading2, HEADING_LINE), before=round(body * 1.6), after=round(body * 0.6),
                  keep_next=True),
        StyleSpec("toc 1", "TOC1", after=round(body * 0.3)),
        StyleSpec("Table Text", "TableText", size=small, line=lines(small), after=round(small * 0.3)),
        StyleSpec("Table Heading", "TableHeading", based_on="Table Text", bold=True, color=c.table_header_text,
                  keep_next=True),
        StyleSpec("Bibliography", "Bibliography", after=round(body * 0.5),
                  indent_left=round(body * 2.6), hanging=round(body * 2.6)),
        StyleSpec("Header", "Header", size=small, color=c.muted, line=lines(small), after=0, align="center"),
        StyleSpec("Footer", "Footer", size=small, color=c.muted, line=lines(small), after=0),
        StyleSpec("Hyperlink", "Hyperlink", kind="character", based_on=None, color=c.link, underline=True),
        StyleSpec("Classification", "Classification", kind="character", based_on=None, color=c.classification,
                  bold=True),
    ]


class StyleSheet:
    """Installs the styles into a document and answers what they look like."""

    def __init__(self, document, theme: Theme, warn, from_reference: bool, language: str):
        self.document = document
        self.language = language
        self.theme = theme
        self.warn = warn
        self.specs = {spec.name: spec for spec in house_styles(theme)}
        self.from_reference = from_reference
        self.ids: dict[str, str] = {}
        self._formats: dict[tuple[str, bool], ParagraphFormat] = {}

    def install(self) -> None:
        styles = self.document.styles
        existing = {style.name.lower(): style for style in styles if style.name}
        taken_ids = {style.style_id for style in styles}
        if not self.from_reference:
            self._defaults()
        missing = []
        for spec in self.specs.values():
            if self.from_reference:
                style = find_style(styles, spec.name, spec.style_id, spec.kind == "character")
                if style is not None:
                    if spec.name == "Heading 1":
                        mark_as_heading(style)
                    self.ids[spec.name] = style.style_id
                    continue
                missing.append(spec.name)
                style = None
            else:
                style = existing.get(spec.name.lower())
            if style is None:
                kind = WD_STYLE_TYPE.CHARACTER if spec.kind == "character" else WD_STYLE_TYPE.PARAGRAPH
                name, style_id = _free_name(spec.name, existing), _free_id(spec.style_id, taken_ids)
                taken_ids.add(style_id)
                # As styles.add_style, without its check of every style's name for each added style:
                # `_free_name` has made sure the name is free.
                style = StyleFactory(styles.element.add_style_of_type(BabelFish.ui2internal(name), kind, False))
                style.element.set(qn("w:styleId"), style_id)
                style.element.name_val = name
                existing[name.lower()] = style
            self._define(style, spec)
            self.ids[spec.name] = style.style_id
        if missing:
            one = len(missing) == 1
            self.warn(Location(self.theme.shown(self.theme.reference_docx), 1, 1), "reference.docx",
                      f"no style for {', '.join(missing)}; report-builder's own {'is' if one else 'are'} used "
                      f"(add {'it' if one else 'them'} to the reference document to restyle)")
        if self.from_reference:
            self._check_reference_fonts()

    def _check_reference_fonts(self) -> None:
        """Warn once if the reference sets text in a font other than the one the pages are worked out with."""
        ours = self.theme.text_font.name
        paragraph_styles = [self.style(name) for name, spec in self.specs.items() if spec.kind == "paragraph"]
        other = {font: names for font, names in fonts_set(self.document, paragraph_styles).items()
                 if not same_widths(font, ours)}
        if not other:
            return
        listed = "; ".join(f"{font} ({', '.join(names[:MAX_NAMED_STYLES])}"
                           f"{f' and {len(names) - MAX_NAMED_STYLES} more' if len(names) > MAX_NAMED_STYLES else ''})"
                           for font, names in other.items())
        self.warn(Location(str(self.theme.reference_docx), 1, 1), "reference.docx",
                  f"its styles set text in {listed.replace('; ', ' and ', 1) if len(other) == 2 else listed}, "
                  f"not in {ours}, the layout's text font, with which the contents' page numbers are worked out: "
                  f"they may be off by a page where lines break differently; set {ours} in the reference's styles, "
                  "or name the reference's font, with its files, as the layout's fonts.text")

    def style_id(self, name: str) -> str:
        return self.ids[name]

    def style(self, name: str):
        return self.document.styles.get_by_id(self.ids[name], _type(self.specs[name]))

    def apply(self, paragraph, name: str):
        """Set a paragraph's style by id: python-docx's own setter scans every style each time."""
        paragraph._p.style = self.ids[name]
        return paragraph

    def add_paragraph(self, container, name: str):
        if isinstance(container, DocumentObject):
            return self.apply(_append_to_body(container), name)
        return self.apply(container.add_paragraph(), name)

    # Defining ---------------------------------------------------------------

    def _defaults(self) -> None:
        """Document defaults: the theme's fonts and the brief's language for every run."""
        root = self.document.styles.element
        defaults = root.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for child in list(rpr):
            rpr.remove(child)
        rpr.append(self._fonts())
        size = str(round(self.theme.sizes.body * 2))
        rpr.append(element("w:sz", w_val=size))
        rpr.append(element("w:szCs", w_val=size))
        # East Asian text is Korean for this house style (its fallback font is a Korean face);
        # Word and LibreOffice then wrap Hangul by words, as plan.pagination assumes.
        rpr.append(element("w:lang", w_val=self.language, w_eastAsia="ko-KR", w_bidi="ar-SA"))
        ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
        for child in list(ppr):
            ppr.remove(child)
        ppr.append(element("w:spacing", w_after="0", w_line="240", w_lineRule="auto"))

    def _fonts(self):
        name = self.theme.text_font.name
        east = self.theme.fallback_fonts[0].name if self.theme.fallback_fonts else name
        return element("w:rFonts", w_ascii=name, w_hAnsi=name, w_cs=name, w_eastAsia=east)

    def _define(self, style, spec: StyleSpec) -> None:
        self._formats.clear()
        el = style.element
        for tag in ("w:basedOn", "w:pPr", "w:rPr", "w:link", "w:next", "w:semiHidden", "w:unhideWhenUsed"):
            for child in el.findall(qn(tag)):
                el.remove(child)
        if spec.based_on:
            base = self.ids.get(spec.based_on) or self.specs[spec.based_on].style_id
            name_el = el.find(qn("w:name"))
            name_el.addnext(element("w:basedOn", w_val=base))
        if spec.kind == "paragraph":
            el.append(self._paragraph_properties(spec))
        el.append(self._run_properties(spec))

    def _paragraph_properties(self, spec: StyleSpec):
        ppr = OxmlElement("w:pPr")
        if spec.keep_next:
            ppr.append(OxmlElement("w:keepNext"))
        if spec.keep_lines:
            ppr.append(OxmlElement("w:keepLines"))
        if spec.name == "Normal":
            ppr.append(OxmlElement("w:widowControl"))
        if spec.borders:
            pbdr = OxmlElement("w:pBdr")
            for side in ("top", "left", "bottom", "right"):
                border = spec.borders.get(side)
                if border:
                    pbdr.append(element(f"w:{side}", w_val="single", w_sz=str(border.eighths),
                                        w_space=str(border.space), w_color=border.color))
            ppr.append(pbdr)
        if spec.shading:
            ppr.append(element("w:shd", w_val="clear", w_color="auto", w_fill=spec.shading))
        spacing = {}
        if spec.before is not None:
            spacing["w_before"] = str(round(spec.before * TWIPS))
        if spec.after is not None:
            spacing["w_after"] = str(round(spec.after * TWIPS))
        if spec.line is not None:
            spacing["w_line"] = str(round(spec.line * TWIPS))
            spacing["w_lineRule"] = "exact"
        elif spec.name == "Figure":
            spacing["w_line"] = "240"
            spacing["w_lineRule"] = "auto"
        if spacing:
            ppr.append(element("w:spacing", **spacing))
        if spec.indent_left is not None or spec.indent_right is not None:
            ind = {"w_left": str(round((spec.indent_left or 0) * TWIPS))}
            if spec.indent_right:
                ind["w_right"] = str(round(spec.indent_right * TWIPS))
            if spec.hanging:
                ind["w_hanging"] = str(round(spec.hanging * TWIPS))
            ppr.append(element("w:ind", **ind))
        if spec.align:
            ppr.append(element("w:jc", w_val=spec.align))
        if spec.outline is not None:
            ppr.append(element("w:outlineLvl", w_val=str(spec.outline)))
        return ppr

    def _run_properties(self, spec: StyleSpec):
        rpr = OxmlElement("w:rPr")
        if spec.name == "Normal":
            rpr.append(self._fonts())
        if spec.bold is not None:
            rpr.append(element("w:b", w_val="1" if spec.bold else "0"))
            rpr.append(element("w:bCs", w_val="1" if spec.bold else "0"))
        if spec.italic is not None:
            rpr.append(element("w:i", w_val="1" if spec.italic else "0"))
            rpr.append(element("w:iCs", w_val="1" if spec.italic else "0"))
        if spec.color:
            rpr.append(element("w:color", w_val=spec.color))
        if spec.size is not None:
            rpr.append(element("w:sz", w_val=str(round(spec.size * 2))))
            rpr.append(element("w:szCs", w_val=str(round(spec.size * 2))))
        if spec.underline:
            rpr.append(element("w:u", w_val="single"))
        return rpr

    # Resolving ---------------------------------------------------------------

    def format(self, name: str, borders: bool = True, **direct) -> ParagraphFormat:
        """The effective format of paragraph style `name`, with direct overrides.

        A top or bottom border adds its width and distance to the paragraph's
        height; `borders=False` leaves them out, for the inner paragraphs of
        a bordered group, which Word and LibreOffice draw as one box.
        Resolved once per style (the styles are installed before any text),
        as a long chronology asks for the same few thousands of times.
        """
        key = (name, borders)
        if key not in self._formats:
            self._formats[key] = self._resolve(name, borders)
        return replace(self._formats[key], **direct) if direct else self._formats[key]

    def _resolve(self, name: str, borders: bool) -> ParagraphFormat:
        chain = []
        style = self.style(name)
        while style is not None:
            chain.append(style.element)
            style = style.base_style
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            chain.append(defaults.find(qn("w:pPrDefault")))
            chain.append(defaults.find(qn("w:rPrDefault")))
        chain = [el for el in chain if el is not None]

        def attr(path: str, attribute: str):
            for el in chain:
                node = el.find(path)
                if node is not None and node.get(qn(attribute)) is not None:
                    return node.get(qn(attribute))
            return None

        def toggle(path: str) -> bool:
            for el in chain:
                node = el.find(path)
                if node is not None:
                    return node.get(qn("w:val")) not in ("0", "false", "off")
            return False

        def twips(path: str, attribute: str) -> float:
            value = attr(path, attribute)
            return int(value) / TWIPS if value is not None else 0.0

        size = int(attr(f"{_W}rPr/{_W}sz", "w:val") or 20) / 2
        line_value = attr(f"{_W}pPr/{_W}spacing", "w:line")
        rule = attr(f"{_W}pPr/{_W}spacing", "w:lineRule") or "auto"
        if line_value is None:
            line = size * AUTO_LINE
        elif rule == "auto":
            line = int(line_value) / 240 * size * AUTO_LINE
        else:
            line = max(int(line_value) / TWIPS, size * AUTO_LINE if rule == "atLeast" else 0)
        before = twips(f"{_W}pPr/{_W}spacing", "w:before")
        after = twips(f"{_W}pPr/{_W}spacing", "w:after")
        edges = {}
        for side in ("top", "bottom"):
            width = attr(f"{_W}pPr/{_W}pBdr/{_W}{side}", "w:sz")
            if width is not None and borders:
                edges[side] = int(width) / 8 + int(attr(f"{_W}pPr/{_W}pBdr/{_W}{side}", "w:space") or 0)
        hanging = twips(f"{_W}pPr/{_W}ind", "w:hanging")
        first = twips(f"{_W}pPr/{_W}ind", "w:firstLine")
        fmt = dict(
            size=size,
            line_height=line,
            space_before=before,
            space_after=after,
            border_above=edges.get("top", 0.0),
            border_below=edges.get("bottom", 0.0),
            indent_left=twips(f"{_W}pPr/{_W}ind", "w:left") or twips(f"{_W}pPr/{_W}ind", "w:start"),
            indent_right=twips(f"{_W}pPr/{_W}ind", "w:right") or twips(f"{_W}pPr/{_W}ind", "w:end"),
            indent_first=first - hanging,
            keep_with_next=toggle(f"{_W}pPr/{_W}keepNext"),
            keep_together=toggle(f"{_W}pPr/{_W}keepLines"),
            page_break_before=toggle(f"{_W}pPr/{_W}pageBreakBefore"),
            widow_control=toggle(f"{_W}pPr/{_W}widowControl"),
            bold=toggle(f"{_W}rPr/{_W}b"),
            italic=toggle(f"{_W}rPr/{_W}i"),
            style=name,
            contextual=toggle(f"{_W}pPr/{_W}contextualSpacing"),
        )
        return ParagraphFormat(**fmt)

    # Lists ---------------------------------------------------------------

    def list_indent(self, name: str) -> tuple[float, float, float]:
        """Left, hanging and right indents of a list style, in points.

        A reference style that indents only through its own numbering has no
        indent of its own; the house indents are used then, since list
        paragraphs carry the brief's bullet numbering, not the style's.
        """
        fmt = self.format(name)
        if fmt.indent_left > 0:
            return fmt.indent_left, max(0.0, -fmt.indent_first), fmt.indent_right
        spec = self.specs[name]
        return spec.indent_left or 0.0, spec.hanging or 0.0, spec.indent_right or 0.0

    def list_numbering(self, style: str, numbered: bool = False) -> int:
        """A one-level list definition, bullets or "1.", indented like `style`; returns its numId."""
        numbering = self.document.part.numbering_part.element
        abstract_ids = [int(n.get(qn("w:abstractNumId"))) for n in numbering.findall(qn("w:abstractNum"))]
        num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        abstract_id = max(abstract_ids, default=-1) + 1
        num_id = max(num_ids, default=0) + 1
        abstract = element("w:abstractNum", w_abstractNumId=str(abstract_id))
        abstract.append(element("w:multiLevelType", w_val="singleLevel"))
        level = element("w:lvl", w_ilvl="0")
        level.append(element("w:start", w_val="1"))
        level.append(element("w:numFmt", w_val="decimal" if numbered else "bullet"))
        level.append(element("w:lvlText", w_val="%1." if numbered else "\u2022"))
        level.append(element("w:lvlJc", w_val="left"))
        left, hanging, _ = self.list_indent(style)
        ppr = OxmlElement("w:pPr")
        ppr.append(element("w:ind", w_left=str(round(left * TWIPS)), w_hanging=str(round(hanging * TWIPS))))
        level.append(ppr)
        rpr = OxmlElement("w:rPr")
        if numbered:
            rpr.append(element("w:b", w_val="1"))
        rpr.append(element("w:color", w_val=self.theme.colors.accent))
        level.append(rpr)
        abstract.append(level)
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = element("w:num", w_numId=str(num_id))
        num.append(element("w:abstractNumId", w_val=str(abstract_id)))
        numbering.append(num)
        return num_id


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _append_to_body(document) -> Paragraph:
    """A new last paragraph of the body, before its section properties.

    python-docx finds the section properties by walking every paragraph
    before them, for each paragraph it adds: the Word brief grew with the
    square of its length. They are the body's last element, reached at once.
    """
    body = document.element.body
    paragraph = OxmlElement("w:p")
    try:
        last = body[-1]
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(paragraph)
    else:
        body.append(paragraph)
    return Paragraph(paragraph, document._body)


def _free_name(name: str, existing: dict) -> str:
    """The house style's name, unless the reference uses it for a style of another kind."""
    if name.lower() not in existing:
        return name
    return next(f"{name} ({n})" for n in range(2, 1000) if f"{name} ({n})".lower() not in existing)


def _free_id(style_id: str, ids: set[str]) -> str:
    return style_id if style_id not in ids else next(f"{style_id}{n}" for n in range(2, 1000) if f"{style_id}{n}" not in ids)


def _type(spec: StyleSpec):
    return WD_STYLE_TYPE.CHARACTER if spec.kind == "character" else WD_STYLE_TYPE.PARAGRAPH
