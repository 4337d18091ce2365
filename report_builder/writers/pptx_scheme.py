"""The Office theme of report-builder's own deck templates, kept in step with theme.yaml.

The shipped templates (made by layouts/*/make_template.py) draw their bands
and rules in Office scheme colours and name their fonts in the Office font
scheme, both called "Report Builder". So that a layout changing only
`colors:` or `fonts:` in theme.yaml changes the slides' decorations too, such
a template's schemes are rewritten from the theme when the deck is written.
A template whose schemes have another name is the user's own design and is
left exactly as it is.
"""

from __future__ import annotations

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..theme import Theme

SCHEME_NAME = "Report Builder"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS = {"a": _A}


def scheme_colors(theme: Theme) -> dict[str, str]:
    """Office colour slots from the theme's colours (the templates draw with tx2 = dk2, accent2, accent6)."""
    colors = theme.colors
    return {
        "dk1": colors.text, "lt1": "FFFFFF", "dk2": colors.primary, "lt2": colors.summary_fill,
        "accent1": colors.primary, "accent2": colors.accent, "accent3": colors.muted, "accent4": colors.link,
        "accent5": colors.classification, "accent6": colors.rule, "hlink": colors.link, "folHlink": colors.muted,
    }


def restyle_scheme(root, theme: Theme) -> bool:
    """Write the theme's colours and fonts into an Office theme element; False if it is not ours."""
    scheme = root.find(".//a:clrScheme", _NS)
    fonts = root.find(".//a:fontScheme", _NS)
    if scheme is None or fonts is None or scheme.get("name") != SCHEME_NAME:
        return False
    for name, value in scheme_colors(theme).items():
        slot = scheme.find(f"a:{name}", _NS)
        if slot is None:
            continue
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{_A}}}srgbClr", val=value)
    east_asian = theme.fallback_fonts[0].name if theme.fallback_fonts else ""
    for group in ("a:majorFont", "a:minorFont"):
        node = fonts.find(group, _NS)
        if node is None:
            continue
        for tag, typeface in (("a:latin", theme.text_font.name), ("a:ea", east_asian), ("a:cs", theme.text_font.name)):
            face = node.find(tag, _NS)
            if face is not None:
                face.set("typeface", typeface)
    return True


def follow_theme(prs, theme: Theme) -> None:
    """Rewrite the Office theme of each master of a report-builder template from `theme`."""
    for master in prs.slide_masters:
        part = master.part.part_related_by(RT.THEME)
        root = etree.fromstring(part.blob)
        if restyle_scheme(root, theme):
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
