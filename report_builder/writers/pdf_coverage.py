"""What the PDF will show, checked against its fonts before it is written.

The PDF embeds the theme's font files and can draw only what they hold: a
character no font has shows as a box, and bold or italic text in another
script whose fallback font has no such face (NanumGothic has no italic) is
set in the regular face, since reportlab synthesises neither. Each is a
warning naming the field and its line, so the author knows before handing
the PDF out.
"""

from __future__ import annotations

from ..model import Brief
from ..plan.document import DocumentPlan
from ..plan.faces import missing_faces
from ..plan.shown import shown
from .pdf_fonts import FontSet

MAX_LISTED_CHARACTERS = 5    # per warning about characters no font has


def check_fonts(brief: Brief, plan: DocumentPlan, full: DocumentPlan, fonts: FontSet, warn) -> None:
    """Warn about characters no font has, once per field; and about faces a font lacks, once per font and
    face in the whole brief (`full`: the Word brief's plan), as the Word brief does."""
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
    for notice in missing_faces(shown(brief, full), fonts.faces):
        warn(notice.location, notice.path, notice.message)
