"""Numbered captions in the Word brief: 'Table 1: …', 'Figure 1: …' as Word writes them.

The number is a SEQ field with its result filled in, the way Word's Insert
Caption makes it, so Word's "Insert Table of Figures" and cross-references
find every table and chart; the label is bold, the caption text follows.
"""

from __future__ import annotations

from copy import deepcopy

from docx.oxml import OxmlElement

from ..model import RichText
from ..plan.pagination import Span, TextBlock
from .docx_fields import element, field_runs, text_run


def caption_paragraph(writer, label: str, number: int, text: RichText | None, *, keep_with_next: bool = False,
                      space_after: float | None = None):
    """A Caption paragraph '<label> <number>: <text>' (the colon only with a text), added to the flow."""
    paragraph = writer.styles.add_paragraph(writer.document, "Caption")
    bold = OxmlElement("w:rPr")
    bold.append(element("w:b"))
    bold.append(element("w:i", w_val="0"))
    p = paragraph._p
    p.append(text_run(f"{label} ", deepcopy(bold)))
    for run in field_runs(f"SEQ {label} \\* ARABIC", str(number), bold):
        p.append(run)
    spans = [Span(f"{label} {number}", bold=True)]
    if text is not None:
        p.append(text_run(": ", deepcopy(bold)))
        spans.append(Span(": ", bold=True))
        spans += writer.rich(paragraph, text)
    direct = {}
    ppr = p.get_or_add_pPr()
    if keep_with_next:
        ppr.append(OxmlElement("w:keepNext"))
        direct["keep_with_next"] = True
    if space_after is not None:
        ppr.append(element("w:spacing", w_after=str(round(space_after * 20))))
        direct["space_after"] = space_after
    writer.paragraphs[len(writer.flow)] = p    # the paginator may pin it to the top of a page
    writer.flow.append(TextBlock(writer.styles.format("Caption", **direct), tuple(spans), writer.text_width))
    return paragraph
