"""A native chart in the Word brief: a chart part with its workbook, placed inline, captioned.

python-docx has no chart API, but a Word chart is the same DrawingML chart
part PowerPoint uses, so `office_chart` writes it for both. Here it becomes
`/word/charts/chartN.xml` (related from the document, the workbook related
from the chart as an embedded package) and an inline `w:drawing` whose
`wp:docPr` carries the alt text. Word opens it as a chart ("Edit Data"
works), LibreOffice renders it, and the caption under it is a real Word
caption ("Figure " + a SEQ field), so Word's table of figures finds it.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shape import InlineShape
from lxml import etree

from ..plan.data_blocks import ChartBlock
from ..plan.pagination import FigureBlock
from .docx_captions import caption_paragraph
from .docx_data_table import CAPTION_GAP
from .xml_text import quoted

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_SCALE = 0.8
"""A chart is never set smaller than this share of its planned size."""
EMU_PER_POINT = 12700

_INLINE = (
    '<w:drawing xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{cx}" cy="{cy}"/>'
    '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:docPr id="{id}" name={name} title={title} descr={descr}/>'
    '<wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
    '<c:chart r:id="{rid}"/>'
    '</a:graphicData></a:graphic>'
    '</wp:inline></w:drawing>'
)


def add_chart(writer, block: ChartBlock) -> None:
    """The chart, then 'Figure N: title' and the note, each also described to the paginator."""
    from .office_chart import ChartLook, chart_workbook, chart_xml

    theme = writer.theme
    colors = theme.colors
    east_asian = theme.fallback_fonts[0].name if theme.fallback_fonts else theme.text_font.name
    look = ChartLook(theme.text_font.name, east_asian, theme.sizes.small, colors.text, colors.muted, colors.rule)
    r_id = _chart_part(writer.document.part, chart_xml(block.plan, look, block.label_step),
                       chart_workbook(block.plan, writer.plan.metadata.created.date()))

    paragraph = writer.styles.add_paragraph(writer.document, "Figure")
    run = paragraph.add_run()
    plan = block.plan
    shape_id = writer.document.part.next_id
    drawing = parse_xml(_INLINE.format(
        cx=round(block.width * EMU_PER_POINT), cy=round(block.height * EMU_PER_POINT), id=shape_id,
        name=quoted(f"Chart {shape_id}"), title=quoted(plan.caption.plain()), descr=quoted(plan.alt),
        rid=r_id))
    run._r.append(drawing)
    # Like a picture, the chart may be set a little smaller to end a page rather than leave a gap.
    anchor = f"chart-{plan.number}"
    writer.figures[anchor] = InlineShape(drawing[0])
    writer.paragraphs[len(writer.flow)] = paragraph._p
    writer.flow.append(FigureBlock(writer.styles.format("Figure"), block.height, block.height * MIN_SCALE, anchor))
    caption_paragraph(writer, "Figure", plan.number, plan.chart.title, keep_with_next=bool(plan.note),
                      space_after=CAPTION_GAP if plan.note else None)
    if plan.note:
        writer.paragraph("Caption", plan.note)


def _chart_part(document_part, xml: bytes, workbook: bytes) -> str:
    """Add the chart part and its workbook to the package; return the document's relationship id."""
    package = document_part.package
    xlsx = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), XLSX, workbook, package)
    chart = Part(package.next_partname("/word/charts/chart%d.xml"), CT.DML_CHART, b"", package)
    workbook_id = chart.relate_to(xlsx, RT.PACKAGE)
    space = parse_xml(xml)
    external = parse_xml(
        '<c:externalData xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        f'r:id="{workbook_id}"><c:autoUpdate val="0"/></c:externalData>')
    text_props = space.find("{http://schemas.openxmlformats.org/drawingml/2006/chart}txPr")
    text_props.addnext(external)
    chart._blob = etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
    return document_part.relate_to(chart, RT.CHART)

