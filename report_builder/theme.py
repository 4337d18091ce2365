"""Layouts: a stack of `theme.yaml` files to one validated `Theme` all writers read.

A layout holds only what it changes: its theme.yaml is laid over the one of
the layout it extends (see `layouts.layout_stack`), so the default look is
declared in exactly one file. Theme files are validated like briefs, and
every message names the file and line the value came from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

from .dates import STYLES as DATE_STYLES
from .dates import DateStyle
from .errors import ContentError, Diagnostic, Diagnostics, Location
from .fields import FieldReader, suggestion
from .font_check import FontProblem, check_truetype
from .inputs import MAX_FONT_BYTES, MAX_TEMPLATE_BYTES, InputProblem, read_input, read_parts
from .package_check import POWERPOINT, WORD, PackageProblem, check_package, word_page
from .layouts import THEME_FILE, declared_extends, layout_stack, resolve_layout, stack_inputs
from .reader import Mapping, Node, Sequence, kind_name, read_yaml

REFERENCE_DOCX = "reference.docx"
TEMPLATE_PPTX = "template.pptx"

PAGE_SIZES_PT = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}
COLOR_NAMES = (
    "primary", "accent", "text", "muted", "rule", "summary_fill", "table_header_fill",
    "table_header_text", "table_stripe_fill", "classification", "link",
)
SIZE_NAMES = (
    "title", "subtitle", "heading1", "heading2", "body", "small",
    "slide_title", "slide_body", "slide_body_min", "slide_small",
)
LINE_SPACING = 1.35
PAGE_ROOM = {
    "body": (20, 12), "small": (20, 12), "heading2": (20, 12),
    "title": (8, 6), "subtitle": (8, 6), "heading1": (8, 6),
}
"""Room a page's text area must leave each size: its width in ems (20 for about 40 characters a line,
8 for a heading's few words) and its height in lines."""
SLIDE_ROOM = {"slide_title": 8, "slide_body": 10, "slide_body_min": 10, "slide_small": 10}
SLIDE_TEXT_SHARE = 0.8
MARGIN_MM = (5, 60)
SLIDE_WIDTH_IN = (4, 30)
SLIDE_HEIGHT_IN = (3, 30)
SIZE_PT = (4, 96)
MEASURE_EM = (10, 200)
"""The range each theme number may take; within them, sizes and margins must still leave the text room."""
HANDOUT_KINDS = ("summary", "full")

THEME_FIELDS = {
    "description": "One line saying what the layout looks like, for `report-builder layouts`.",
    "extends": "The layout this one changes (default: the shipped default).",
    "page": "Page size and margins of the Word brief and the PDF.",
    "slide": "Slide size of the deck.",
    "fonts": "Text font and fallbacks: names for Office, files for the PDF and for measuring.",
    "colors": "Named colours, RRGGBB.",
    "palette": "Chart series colours, RRGGBB, in order; every output's charts use them.",
    "dates": "How every output writes dates: " + ", ".join(DATE_STYLES) + ".",
    "sizes": "Font sizes in points.",
    "pdf": "PDF handout options.",
    "word": "Word brief options: the measure of its text and the parts that start a new page.",
}
PAGE_FIELDS = {"size": "A4 or Letter.", "margin_mm": "Margin on every side, in millimetres."}
SLIDE_FIELDS = {"width_in": "Slide width, inches.", "height_in": "Slide height, inches."}
FONTS_FIELDS = {"text": "The main font.", "fallbacks": "Fonts for characters the main font lacks."}
FONT_FIELDS = {
    "name": "Family name written into .docx/.pptx.",
    "regular": "TrueType file.",
    "bold": "TrueType file.",
    "italic": "TrueType file.",
    "bold_italic": "TrueType file.",
}
PDF_FIELDS = {
    "handout": "summary or full.",
    "measure_em": "Width of running text, in body font sizes; tables, charts and the timeline take the full width.",
}
WORD_FIELDS = {
    "measure_em": "Width of the text, in body font sizes; wider pages get wider margins.",
    "page_breaks": "Parts that start on a new page: " + ", ".join(("body", "sections", "chronology", "conclusions",
                                                                   "sources")) + ".",
}
PAGE_BREAK_PARTS = ("body", "sections", "chronology", "conclusions", "sources")
"""Where the Word brief may start a new page: `body` is the first part after the contents."""
OWN_FIELDS = ("description", "extends")
"""Fields that describe one theme file, not the look: never inherited."""
FONT_FILES = ("regular", "bold", "italic", "bold_italic")
DESCRIPTION_MAX = 100


@dataclass(frozen=True)
class FontFace:
    """One family: the name Office renders and the TrueType files with its metrics."""

    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def file(self, bold: bool = False, italic: bool = False) -> Path:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        if italic:
            return self.italic
        return self.regular


@dataclass(frozen=True)
class Colors:
    primary: str
    accent: str
    text: str
    muted: str
    rule: str
    summary_fill: str
    table_header_fill: str
    table_header_text: str
    table_stripe_fill: str
    classification: str
    link: str


@dataclass(frozen=True)
class Sizes:
    title: float
    subtitle: float
    heading1: float
    heading2: float
    body: float
    small: float
    slide_title: float
    slide_body: float
    slide_body_min: float
    slide_small: float


@dataclass(frozen=True)
class Theme:
    name: str
    folder: Path
    files: tuple[Path, ...]
    page_size_pt: tuple[float, float]
    margin_pt: float
    slide_width_in: float
    slide_height_in: float
    text_font: FontFace
    fallback_fonts: tuple[FontFace, ...]
    colors: Colors
    sizes: Sizes
    pdf_handout: str
    pdf_measure_em: float
    palette: tuple[str, ...]
    dates: DateStyle
    word_measure_em: float
    word_page_breaks: frozenset[str]
    reference_docx: Path | None
    template_pptx: Path | None
    stack: tuple[Path, ...] = ()
    """The layout folders this theme was read from, base first."""
    warnings: tuple[Diagnostic, ...] = ()
    shown_names: tuple[tuple[Path, str], ...] = ()
    """How messages name the layout's Office files: relative to the folder the build ran in."""

    @property
    def fonts(self) -> tuple[FontFace, ...]:
        return (self.text_font, *self.fallback_fonts)

    def shown(self, path: Path) -> str:
        """A layout file as a message names it (a writer runs in another process, maybe elsewhere)."""
        return dict(self.shown_names).get(path, str(path))


__all__ = ["Theme", "FontFace", "Colors", "Sizes", "load_theme", "resolve_layout"]


def load_theme(folder: Path, cwd: Path | None = None, project: Path | None = None) -> Theme:
    """Read a layout's stack of theme.yaml files, each over the one it extends.

    Names in the stack are looked up in `project`'s layouts/ first (see
    `layouts.project_folder`). Raises ContentError with every problem, each
    located in the file that has it; warnings (a font named without files)
    travel on the theme.
    """
    cwd = cwd or Path.cwd()
    stack = layout_stack(folder, cwd, project)
    diagnostics = Diagnostics()
    fields = FieldReader(diagnostics)
    merged = None
    folders: dict[str, Path] = {}
    for each in stack:
        node = _read_theme_file(each, cwd, fields, folders)
        if node is not None:
            merged = node if merged is None else _overlay(merged, node, "")
    if diagnostics.errors or merged is None:
        raise ContentError(diagnostics.sorted())
    theme = _ThemeValidator(fields, folders, cwd).theme(merged, stack)
    if diagnostics.errors or theme is None:
        raise ContentError(diagnostics.sorted())
    return replace(theme, warnings=tuple(diagnostics.warnings))


def read_description(folder: Path, cwd: Path) -> tuple[str | None, list]:
    """A layout's own one-line description (not inherited), and any problems reading it."""
    diagnostics = Diagnostics()
    try:
        node = _read_theme_file(folder, cwd, FieldReader(diagnostics), {})
    except ContentError as exc:
        return None, exc.diagnostics
    description = None
    if isinstance(node, Mapping) and "description" in node.entries and not diagnostics.errors:
        description = node.entries["description"][1].text.strip()
    return description, diagnostics.items


def display_name(path: Path, cwd: Path) -> str:
    """How messages name a layout file: relative to the project when inside it."""
    try:
        return str(path.relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def _read_theme_file(folder: Path, cwd: Path, fields: FieldReader, folders: dict[str, Path]) -> Node | None:
    """One theme.yaml, checked on its own for what only it may say (`extends`, `description`)."""
    theme_file = folder / THEME_FILE
    if not _present(theme_file):
        return None
    shown = display_name(theme_file.parent.resolve() / theme_file.name, cwd)
    if not _has_content(theme_file):
        return None
    node = read_yaml(theme_file, shown)
    if not isinstance(node, Mapping):
        fields.error(node.location, "", f"expected a theme (a mapping of fields), got {kind_name(node)}")
        return None
    folders[shown] = folder
    extends = node.entries.get("extends")
    if extends is not None:
        name = fields.text(extends[1], "extends")
        declared = declared_extends(folder)
        if name is not None and (declared is None or declared[0] != name):
            fields.error(extends[1].location, "extends",
                         "write `extends: NAME` on a line of its own, at the start of the line")
    if "description" in node.entries:
        _description(fields, node.entries["description"][1])
    return node


def _has_content(theme_file: Path) -> bool:
    from .reader import MAX_FILE_BYTES

    try:
        text = read_input(theme_file, MAX_FILE_BYTES).decode("utf-8")
    except (UnicodeDecodeError, InputProblem):
        return True  # read_yaml reports it, located
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def _description(fields: FieldReader, node: Node) -> str | None:
    text = fields.text(node, "description", collapse=False)
    if text is None:
        return None
    if "\n" in text or len(text) > DESCRIPTION_MAX:
        fields.error(node.location, "description",
                     f"keep the description to one line of at most {DESCRIPTION_MAX} characters")
        return None
    return text


def _overlay(base: Node, top: Node, path: str) -> Node:
    """`top` over `base`, key by key; lists, and a font given with its files, replace as a whole."""
    if isinstance(base, Mapping) and isinstance(top, Mapping):
        if path == "fonts.text" and any(key in top.entries for key in FONT_FILES):
            return top
        entries = dict(base.entries)
        for key, (location, node) in top.entries.items():
            child = f"{path}.{key}" if path else key
            entries[key] = (location, _overlay(entries[key][1], node, child) if key in entries else node)
        if not path:
            for key in OWN_FIELDS:
                if key not in top.entries:
                    entries.pop(key, None)
        return Mapping(top.location, entries)
    return top


class _ThemeValidator:
    def __init__(self, fields: FieldReader, folders: dict[str, Path], cwd: Path):
        self.f = fields
        self.folders = folders
        self.cwd = cwd
        self.shown: dict[Path, str] = {}
        self.read: set[Path] = set()
        """Files the theme names (fonts, templates): inputs of every output, wherever they are."""
        self.word_page: dict[str, float] = {}
        """What the reference.docx sets of its page (see package_check.word_page)."""

    def theme(self, root: Node, stack: tuple[Path, ...]) -> Theme | None:
        top = self.f.mapping(root, "", THEME_FIELDS, "a theme")
        if top is None:
            return None
        page = self._section(top, "page", PAGE_FIELDS)
        slide = self._section(top, "slide", SLIDE_FIELDS)
        fonts = self._section(top, "fonts", FONTS_FIELDS)
        colors = self._section(top, "colors", {name: "RRGGBB" for name in COLOR_NAMES})
        sizes = self._section(top, "sizes", {name: "points" for name in SIZE_NAMES})
        pdf = self._section(top, "pdf", PDF_FIELDS)
        word = self._section(top, "word", WORD_FIELDS)
        if None in (page, slide, fonts, colors, sizes, pdf, word):
            return None

        size_node = self.f.require(page, "size", "page")
        size_name = self.f.text(size_node, "page.size") if size_node else None
        if size_name is not None and size_name.lower() not in PAGE_SIZES_PT:
            self.f.error(size_node.location, "page.size", f"unknown page size '{size_name}'; use A4 or Letter")
            size_name = None
        margin = self._number(page, "margin_mm", "page", *MARGIN_MM)
        width = self._number(slide, "width_in", "slide", *SLIDE_WIDTH_IN)
        height = self._number(slide, "height_in", "slide", *SLIDE_HEIGHT_IN)
        text_font_node = self.f.require(fonts, "text", "fonts")
        text_font = self._font(text_font_node, "fonts.text") if text_font_node else None
        fallbacks: list[FontFace] = []
        fallback_node = self.f.optional(fonts, "fallbacks")
        if fallback_node is not None:
            for path, node in self.f.items(fallback_node, "fonts.fallbacks"):
                face = self._font(node, path)
                if face:
                    fallbacks.append(face)
        color_values = {name: self._color(colors, name) for name in COLOR_NAMES}
        palette = self._palette(top)
        dates = self._dates(top)
        size_values = {name: self._number(sizes, name, "sizes", *SIZE_PT) for name in SIZE_NAMES}
        handout_node = self.f.require(pdf, "handout", "pdf")
        handout = self.f.text(handout_node, "pdf.handout") if handout_node else None
        if handout is not None and handout not in HANDOUT_KINDS:
            self.f.error(handout_node.location, "pdf.handout", f"'{handout}' is not one of: {', '.join(HANDOUT_KINDS)}")
            handout = None
        pdf_measure = self._number(pdf, "measure_em", "pdf", *MEASURE_EM)
        measure = self._number(word, "measure_em", "word", *MEASURE_EM)
        breaks = self._page_breaks(word)
        values = [size_name, margin, width, height, text_font, handout, pdf_measure, palette, dates, measure, breaks, *color_values.values(),
                  *size_values.values()]
        if any(v is None for v in values):
            return None
        folder = stack[-1]
        reference_docx = self._package(_topmost(stack, REFERENCE_DOCX), WORD)
        template_pptx = self._package(_topmost(stack, TEMPLATE_PPTX), POWERPOINT)
        if self.f.diagnostics.errors:
            return None
        self._room(PAGE_SIZES_PT[size_name.lower()], margin, _slide_size(template_pptx, width, height),
                   size_values, sizes)
        if reference_docx is not None:
            self._reference_room(reference_docx, PAGE_SIZES_PT[size_name.lower()], margin * 72 / 25.4, size_values)
        if self.f.diagnostics.errors:
            return None
        return Theme(
            name=folder.name,
            folder=folder,
            files=tuple(sorted({*stack_inputs(stack), *self.read})),
            page_size_pt=PAGE_SIZES_PT[size_name.lower()],
            margin_pt=margin * 72 / 25.4,
            slide_width_in=width,
            slide_height_in=height,
            text_font=text_font,
            fallback_fonts=tuple(fallbacks),
            colors=Colors(**color_values),
            sizes=Sizes(**size_values),
            pdf_handout=handout,
            pdf_measure_em=pdf_measure,
            palette=palette,
            dates=dates,
            word_measure_em=measure,
            word_page_breaks=breaks,
            reference_docx=reference_docx,
            template_pptx=template_pptx,
            stack=stack,
            shown_names=tuple(self.shown.items()),
        )

    def _package(self, path: Path | None, kind: str) -> Path | None:
        """A reference.docx or template.pptx, checked before any writer opens it."""
        if path is None:
            return None
        try:
            data = read_input(path, MAX_TEMPLATE_BYTES, "a layout's Office file")
            check_package(data, kind)
            if kind == WORD:
                self.word_page = word_page(data)
            else:
                _check_slide_size(path)
        except (InputProblem, PackageProblem) as exc:
            shown = display_name(path.parent.resolve() / path.name, self.cwd)  # the layout's file, not a link's target
            self.f.error(Location(shown, 1, 1), "(file)", f"{path.name} {exc.reason}")
            return None
        self.read.add(path.resolve())
        self.shown[path] = display_name(path.resolve(), self.cwd)
        return path

    def _reference_room(self, path: Path, page: tuple[float, float], margin: float, sizes: dict[str, float]) -> None:
        """The page a reference.docx sets holds the Word brief's text as the theme's must (a page 0 wide, or
        margins wider than the page, failed inside the Word writer)."""
        setup = self.word_page
        width, height = setup.get("width", page[0]), setup.get("height", page[1])
        text_width = width - setup.get("left", margin) - setup.get("right", margin)
        text_height = height - abs(setup.get("top", margin)) - abs(setup.get("bottom", margin))  # < 0: exact
        for name, (per_width, lines) in PAGE_ROOM.items():
            if sizes[name] * per_width > text_width or sizes[name] * lines * LINE_SPACING > text_height:
                shown = display_name(path.parent.resolve() / path.name, self.cwd)
                self.f.error(Location(shown, 1, 1), "(file)",
                             f"{path.name} sets a page of {width:.0f} by {height:.0f} pt whose margins leave "
                             f"{max(text_width, 0):.0f} by {max(text_height, 0):.0f} pt for text, too little "
                             f"for {name} text of {sizes[name]:g} pt; give it a larger page or narrower margins "
                             "in Word (Layout, Margins)")
                return

    def _room(self, page: tuple[float, float], margin_mm: float, slide: tuple[float, float],
              sizes: dict[str, float], node: Mapping) -> None:
        """Refuse sizes that leave the text no room, which no layout could honour (see ROOM).

        Each range alone is fine, but 96 pt text inside 60 mm margins leaves
        three lines a page and words wider than a line: the PDF and Word
        layouts would never finish, so such a theme is refused here, naming
        the size and the largest that fits.
        """
        margin = margin_mm * 72 / 25.4
        text_width, text_height = page[0] - 2 * margin, page[1] - 2 * margin
        for name, (per_width, lines) in PAGE_ROOM.items():
            largest = min(text_width / per_width, text_height / (lines * LINE_SPACING))
            if sizes[name] > largest + 1e-9:
                self.f.error(node.entries[name][1].location, f"sizes.{name}",
                             f"{sizes[name]:g} pt leaves the text no room: with {margin_mm:g} mm margins a page "
                             f"takes {name} text of at most {math.floor(largest * 2) / 2:g} pt; make it smaller "
                             "or the margins narrower")
        slide_width, slide_height = slide
        stacked = LINE_SPACING * (2 * sizes["slide_title"] + 2 * sizes["slide_small"] + 6 * sizes["slide_body_min"])
        if stacked > SLIDE_TEXT_SHARE * slide_height:
            self.f.error(node.entries["slide_title"][1].location, "sizes.slide_title",
                         f"a slide {slide_height / 72:.3g} in tall cannot hold a two-line title of "
                         f"{sizes['slide_title']:g} pt, banners of {sizes['slide_small']:g} pt (slide_small) and "
                         f"six lines of {sizes['slide_body_min']:g} pt (slide_body_min); make them smaller")
        for name, per_width in SLIDE_ROOM.items():
            largest = SLIDE_TEXT_SHARE * slide_width / per_width
            if sizes[name] > largest + 1e-9:
                self.f.error(node.entries[name][1].location, f"sizes.{name}",
                             f"{sizes[name]:g} pt is too large for a slide {slide_width / 72:.3g} in wide (at most "
                             f"{math.floor(largest * 2) / 2:g} pt); make it smaller")

    def _section(self, top: Mapping, key: str, allowed: dict[str, str]) -> Mapping | None:
        node = self.f.require(top, key, "")
        return self.f.mapping(node, key, allowed, f"the '{key}' settings") if node else None

    def _number(self, m: Mapping, key: str, path: str, low: float, high: float) -> float | None:
        node = self.f.require(m, key, path)
        return self.f.number(node, f"{path}.{key}", low, high) if node else None

    def _color(self, m: Mapping, key: str) -> str | None:
        node = self.f.require(m, key, "colors")
        return self._color_value(node, f"colors.{key}") if node else None

    def _color_value(self, node: Node, path: str) -> str | None:
        value = self.f.text(node, path)
        if value is None:
            return None
        value = value.lstrip("#").upper()
        if len(value) != 6 or any(ch not in "0123456789ABCDEF" for ch in value):
            self.f.error(node.location, path, f"'{value}' is not a colour; write RRGGBB, e.g. 1F3A5F")
            return None
        return value

    def _page_breaks(self, word: Mapping) -> frozenset[str] | None:
        node = self.f.require(word, "page_breaks", "word")
        if node is None:
            return None
        parts = set()
        for path, item in self.f.items(node, "word.page_breaks", single_allowed=True):
            name = self.f.text(item, path)
            if name is None:
                return None
            if name not in PAGE_BREAK_PARTS:
                self.f.error(item.location, path, f"'{name}' is not one of: {', '.join(PAGE_BREAK_PARTS)}")
                return None
            parts.add(name)
        return frozenset(parts)

    def _dates(self, top: Mapping) -> DateStyle | None:
        node = self.f.require(top, "dates", "")
        name = self.f.text(node, "dates") if node else None
        if name is None:
            return None
        if name not in DATE_STYLES:
            self.f.error(node.location, "dates", f"'{name}' is not one of: {', '.join(DATE_STYLES)}"
                                                 f"{suggestion(name, list(DATE_STYLES))}")
            return None
        return DateStyle(name)

    def _palette(self, top: Mapping) -> tuple[str, ...] | None:
        node = self.f.require(top, "palette", "")
        if node is None:
            return None
        items = self.f.items(node, "palette")
        if not items:
            if isinstance(node, Sequence):
                self.f.error(node.location, "palette", "needs at least one colour")
            return None
        colors = [self._color_value(item, path) for path, item in items]
        return None if None in colors else tuple(colors)

    def _font(self, node: Node, path: str) -> FontFace | None:
        m = self.f.mapping(node, path, FONT_FIELDS, "a font")
        if m is None:
            return None
        name_node = self.f.require(m, "name", path)
        name = self.f.text(name_node, f"{path}.name") if name_node else None
        regular = self._font_file(m, "regular", path, required=True)
        regular_node = m.entries.get("regular")
        if name and regular and regular_node and regular_node[1].location.file != name_node.location.file:
            self.f.warning(name_node.location, f"{path}.name",
                           f"no font files for '{name}' in this layout: the PDF uses, and slide text is measured "
                           f"with, {regular.name} and its family; give its .ttf files as regular, bold, italic "
                           "and bold_italic so slide text fits as it will be shown")
        styles = {style: self._font_file(m, style, path) for style in ("bold", "italic", "bold_italic")}
        if name is None or regular is None:
            return None
        bold = styles["bold"] or regular
        italic = styles["italic"] or regular
        bold_italic = styles["bold_italic"] or (bold if styles["bold"] else italic)
        return FontFace(name, regular, bold, italic, bold_italic)

    def _font_file(self, m: Mapping, key: str, path: str, required: bool = False) -> Path | None:
        node = self.f.require(m, key, path) if required else self.f.optional(m, key)
        if node is None:
            return None
        raw = self.f.text(node, f"{path}.{key}")
        if raw is None:
            return None
        folder = self.folders.get(node.location.file, Path(node.location.file).parent)
        where = f"{path}.{key}"
        relative = Path(raw)
        if relative.is_absolute() or relative.drive or raw.startswith(("/", "\\")):
            self.f.error(node.location, where, f"font path '{raw}' must be relative to the layout's folder")
            return None
        if ".." in relative.parts or ".." in Path(raw.replace("\\", "/")).parts:
            self.f.error(node.location, where, f"font path '{raw}' leaves the layout's folder; keep fonts inside it")
            return None
        file = folder / relative
        try:
            read_parts(file, MAX_FONT_BYTES, "a font", check_truetype)
        except InputProblem as exc:
            self.f.error(node.location, where, f"font file '{raw}' {exc.reason}")
            return None
        except FontProblem as exc:
            self.f.error(node.location, where, f"'{raw}' {exc.reason}")
            return None
        self.read.add(file.resolve())
        return file.resolve()


def _check_slide_size(template: Path) -> None:
    """A template's slides are held to the sizes a theme may set (one 0 wide hung the deck; 100 m failed)."""
    from .slide_template import read_template_boxes

    boxes = read_template_boxes(template)
    if boxes is None:
        return
    width, height = boxes.width / 72, boxes.height / 72
    (narrowest, widest), (lowest, tallest) = SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN
    if not (narrowest <= width <= widest and lowest <= height <= tallest):
        raise PackageProblem(f"sets slides of {width:,.4g} by {height:,.4g} in; a slide must be {narrowest} to {widest} "
                             f"in wide and {lowest} to {tallest} in tall (set it in PowerPoint: Design, Slide Size)")


def _slide_size(template: Path | None, width_in: float, height_in: float) -> tuple[float, float]:
    """The deck's slide size in points: the template's when it has one (the deck follows it), else the theme's."""
    if template is not None:
        from .slide_template import read_template_boxes

        boxes = read_template_boxes(template)
        if boxes is not None and boxes.width > 0 and boxes.height > 0:
            return boxes.width, boxes.height
    return width_in * 72, height_in * 72


def _topmost(stack: tuple[Path, ...], name: str) -> Path | None:
    """The file of the layout nearest the top of the stack that has one."""
    return next((folder / name for folder in reversed(stack) if _present(folder / name)), None)


def _present(path: Path) -> bool:
    """Anything at all under the name, so a FIFO, a folder or a broken link is reported, never skipped."""
    return path.is_symlink() or path.exists()
