"""Word fields, bookmarks and links as raw WordprocessingML.

python-docx has no API for fields or hyperlinks. Every field written here
carries its cached result (the text between `separate` and `end`), so Word
and LibreOffice show the right text on opening without asking to update
fields, while the field stays live: Word refreshes it on F9 or printing.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run

from ..values import Value

TOC_INSTRUCTION = r'TOC \o "1-3" \h \z \u'


@dataclass(frozen=True, eq=False, repr=False)
class TocEntry(Value):
    """One line of the table of contents: a heading and its bookmark."""

    level: int
    text: str
    bookmark: str


def element(tag: str, **attributes: str):
    """`w:tag` with `w:`-qualified attributes (use `w_val` style names for `w:val`)."""
    node = OxmlElement(tag)
    for name, value in attributes.items():
        prefix, _, local = name.partition("_")
        node.set(qn(f"{prefix}:{local}"), value)
    return node


def add_run(paragraph, text: str) -> Run:
    """`paragraph.add_run(text)`: the same run, without python-docx copying text that has no tab or
    line break into it a character at a time (some 30,000 characters in the sample's Word brief)."""
    if "\t" in text or "\n" in text or "\r" in text:
        return paragraph.add_run(text)
    r = paragraph._p.add_r()
    if text:
        r.add_t(text)
    return Run(r, paragraph)


def text_run(text: str, props=None):
    run = OxmlElement("w:r")
    if props is not None:
        run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


def _char(kind: str, props=None):
    run = OxmlElement("w:r")
    if props is not None:
        run.append(_copy(props))
    run.append(element("w:fldChar", w_fldCharType=kind))
    return run


def _instruction(code: str, props=None):
    run = OxmlElement("w:r")
    if props is not None:
        run.append(_copy(props))
    instr = OxmlElement("w:instrText")
    instr.text = f" {code} "
    instr.set(qn("xml:space"), "preserve")
    run.append(instr)
    return run


def _copy(props):
    from copy import deepcopy

    return deepcopy(props)


def field_runs(code: str, cached: str, props=None) -> list:
    """The runs of a complex field whose displayed result is `cached`."""
    return [
        _char("begin", props),
        _instruction(code, props),
        _char("separate", props),
        text_run(cached, _copy(props) if props is not None else None),
        _char("end", props),
    ]


def append_field(paragraph, code: str, cached: str) -> None:
    for run in field_runs(code, cached):
        paragraph._p.append(run)


def add_bookmark(paragraph, name: str, bookmark_id: int) -> None:
    """Wrap the paragraph's content in a bookmark, the target of TOC links and PAGEREFs."""
    p = paragraph._p
    start = element("w:bookmarkStart", w_id=str(bookmark_id), w_name=name)
    end = element("w:bookmarkEnd", w_id=str(bookmark_id))
    properties = p.pPr
    if properties is not None:
        properties.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def external_link(paragraph, text: str, url: str, style_id: str, bold: bool = False, italic: bool = False):
    """A clickable link to `url`, styled with the character style `style_id`."""
    rel_id = _link_id(paragraph.part, url)
    link = element("w:hyperlink", r_id=rel_id, w_history="1")
    props = OxmlElement("w:rPr")
    props.append(element("w:rStyle", w_val=style_id))
    if bold:
        props.append(OxmlElement("w:b"))
    if italic:
        props.append(OxmlElement("w:i"))
    link.append(text_run(text, props))
    paragraph._p.append(link)
    return link


class _Links:
    """A part's hyperlink relationships by URL, and the lowest free rId, kept as links are added.

    python-docx's `relate_to` looks through every relationship of the part for
    each link, and again for a free id: 5,000 cited sources took minutes.
    This gives the same ids (the lowest free one) without the search.
    """

    def __init__(self, rels):
        self.rels = rels
        self.by_url = {rel.target_ref: rel_id for rel_id, rel in rels.items()
                       if rel.is_external and rel.reltype == RELATIONSHIP_TYPE.HYPERLINK}
        self.next = 1

    def id_for(self, url: str) -> str:
        if url not in self.by_url:
            while f"rId{self.next}" in self.rels:
                self.next += 1
            self.rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, f"rId{self.next}", is_external=True)
            self.by_url[url] = f"rId{self.next}"
        return self.by_url[url]


def _link_id(part, url: str) -> str:
    links = getattr(part, "_report_builder_links", None)
    if links is None or links.rels is not part.rels:
        links = _Links(part.rels)
        part._report_builder_links = links
    return links.id_for(url)


def toc_paragraphs(entries: list[TocEntry], style_ids: dict[int, str], tab_pos_twips: int) -> list:
    """The TOC field, its cached result one paragraph per entry, linked to the headings.

    The field begins in the first entry's paragraph and ends in the last's,
    as Word writes it, so no empty paragraph is left behind. Each page number
    is a PAGEREF field whose text (the last `w:t` of the paragraph) the caller
    fills in once the pages are known.
    """
    paragraphs = []
    for index, entry in enumerate(entries):
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ppr.append(element("w:pStyle", w_val=style_ids[entry.level]))
        tabs = OxmlElement("w:tabs")
        tabs.append(element("w:tab", w_val="right", w_leader="dot", w_pos=str(tab_pos_twips)))
        ppr.append(tabs)
        p.append(ppr)
        if index == 0:
            p.append(_char("begin"))
            p.append(_instruction(TOC_INSTRUCTION))
            p.append(_char("separate"))
        link = element("w:hyperlink", w_anchor=entry.bookmark, w_history="1")
        link.append(text_run(entry.text))
        tab_run = OxmlElement("w:r")
        tab_run.append(OxmlElement("w:tab"))
        link.append(tab_run)
        for run in field_runs(f"PAGEREF {entry.bookmark} \\h", "0"):
            link.append(run)
        p.append(link)
        if index == len(entries) - 1:
            p.append(_char("end"))
        paragraphs.append(p)
    return paragraphs


def toc_block(heading, entries_xml: list):
    """Wrap the TOC heading and entries in the content control Word uses for a TOC."""
    sdt = OxmlElement("w:sdt")
    sdt_pr = OxmlElement("w:sdtPr")
    part_obj = OxmlElement("w:docPartObj")
    part_obj.append(element("w:docPartGallery", w_val="Table of Contents"))
    part_obj.append(element("w:docPartUnique"))
    sdt_pr.append(part_obj)
    sdt.append(sdt_pr)
    content = OxmlElement("w:sdtContent")
    content.append(heading)
    for p in entries_xml:
        content.append(p)
    sdt.append(content)
    return sdt
