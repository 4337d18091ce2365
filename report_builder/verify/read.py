"""The three outputs read back as a reader meets them: pages, slides and notes, paragraphs.

Each reader opens the real file with a library that knows the format
(python-docx, pypdf, python-pptx), imported only here and only by `verify`,
and returns its text as units in reading order, named as a reader would
name the place: "p. 3", "slide 5", "slide 5 notes", "¶12".
"""

from __future__ import annotations

from pathlib import Path

from .match import Output, Unit, normalize


def read_docx(path: Path) -> Output:
    """Body paragraphs and table rows in document order; the table of contents is left out."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    units: list[Unit] = []
    paragraphs = tables = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraphs += 1
            text = "\n".join([_xml_text(child, qn("w:t")), *_charts_in(child, document.part)])
            units.append(Unit(f"¶{paragraphs}", len(units), normalize(text)))
        elif child.tag == qn("w:tbl"):
            tables += 1
            for number, row in enumerate(child.iter(qn("w:tr")), 1):
                units.append(Unit(f"table {tables} row {number}", len(units), normalize(_xml_text(row, qn("w:t")))))
    return Output(units, paged=False, by_position=True, reach=3)


def _charts_in(paragraph, part) -> list[str]:
    """The words of the charts a paragraph holds, from their chart parts."""
    from lxml import etree

    texts = []
    for chart in paragraph.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"):
        rel = chart.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        xml = etree.fromstring(part.related_parts[rel].blob)
        texts.append(_chart_xml_text(xml))
    return texts


def read_pdf(path: Path) -> Output:
    """Each page's text; a paragraph may run on to the next page."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    units = [Unit(f"p. {number}", number, normalize(page.extract_text() or ""))
             for number, page in enumerate(reader.pages, 1)]
    return Output(units, paged=True, by_position=True, reach=1)


def read_pptx(path: Path) -> Output:
    """Each slide's text (shapes, groups, tables, charts' titles and labels), then its notes."""
    from pptx import Presentation

    units: list[Unit] = []
    for number, slide in enumerate(Presentation(str(path)).slides, 1):
        texts = [text for shape in slide.shapes for text in _shape_texts(shape)]
        units.append(Unit(f"slide {number}", number, normalize("\n".join(texts))))
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            notes = slide.notes_slide.notes_text_frame.text
            units.append(Unit(f"slide {number} notes", number, normalize(notes)))
    return Output(units, paged=False, by_position=False, reach=2)


def _shape_texts(shape) -> list[str]:
    texts: list[str] = []
    if getattr(shape, "shape_type", None) is not None and hasattr(shape, "shapes"):
        for inner in shape.shapes:
            texts += _shape_texts(inner)
    if getattr(shape, "has_text_frame", False):
        texts.append(shape.text_frame.text)
    if getattr(shape, "has_table", False):
        texts += [cell.text for row in shape.table.rows for cell in row.cells]
    if getattr(shape, "has_chart", False):
        texts.append(_chart_text(shape.chart))
    return texts


def _chart_text(chart) -> str:
    return _chart_xml_text(chart._chartSpace)


def _chart_xml_text(space) -> str:
    """A chart's words as its XML holds them: title, axis titles, category labels, series names."""
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
    values = "{http://schemas.openxmlformats.org/drawingml/2006/chart}v"
    return "\n".join([_xml_text(space, drawing), _xml_text(space, values)])


def _xml_text(element, tag: str) -> str:
    return "\n".join(node.text or "" for node in element.iter(tag))


READERS = {"docx": read_docx, "pdf": read_pdf, "pptx": read_pptx}
