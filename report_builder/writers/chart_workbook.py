"""The workbook embedded in an Office chart, written without importing xlsxwriter.

A Word or PowerPoint chart carries its data as an Excel workbook ("Edit
Data"). xlsxwriter costs about 20 ms to import (its chart, drawing and
packaging modules come with it) in each of the Word and PowerPoint
processes, to write a ten-cell sheet. This writes the same workbook,
byte for byte, as xlsxwriter 3 writes for a chart's data laid out as
python-pptx lays it out: categories down column A from row 2, then a
column per series with its name in row 1, the categories in the General
format and the values in the chart's number format, the brief's date at
noon as the workbook's date. The tests compare the two on many data sets.

Text xlsxwriter would treat specially (empty, a formula, a URL, control
characters, longer than a cell holds) and numbers it refuses (NaN,
infinities) are not written here: `workbook` returns None and the caller
uses xlsxwriter itself.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import re
import zipfile

_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""xlsxwriter's date for every entry of a workbook written in memory."""

_SPECIAL = re.compile(r"^=|^\{=.*\}$|^(ftp|http)s?://|^mailto:|^(in|ex)ternal:|^file://|_x[0-9a-fA-F]{4}_"
                      r"|[\x00-\x08\x0b-\x1f]|^<r>.*</r>$", re.DOTALL)
"""What xlsxwriter writes as something other than plain shared text: formulas, links, escapes, rich text."""
_LONGEST = 32767 // 2
"""Text up to this long is a plain cell for xlsxwriter whatever its UTF-16 length; longer is left to it."""
_XML_ESCAPES = re.compile('["&<>\n]')
_EDGE_SPACE = re.compile(r"^\s|\s$")


def workbook(categories, series, number_format: str, created: _dt.date) -> bytes | None:
    """The workbook of a chart: `series` is (name, values) pairs; None when its text or numbers are not plain."""
    texts = [*categories, *(name for name, _ in series)]
    if not series or not categories or not all(_plain(text) for text in texts):
        return None
    if any(len(values) != len(categories) for _, values in series):
        return None
    if not all(isinstance(value, (int, float)) and math.isfinite(value) for _, values in series for value in values):
        return None
    strings: dict[str, int] = {}
    for text in texts:
        strings.setdefault(text, len(strings))
    files = (
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _ROOT_RELS),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", _sheet(categories, series, strings)),
        ("xl/workbook.xml", _WORKBOOK),
        ("xl/sharedStrings.xml", _shared_strings(strings, len(texts))),
        ("xl/styles.xml", _STYLES.format(code=_attribute(number_format))),
        ("xl/theme/theme1.xml", _DECLARATION + _THEME),
        ("docProps/core.xml", _CORE.format(date=f"{created:%Y-%m-%d}T12:00:00Z")),
        ("docProps/app.xml", _APP),
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, text in files:
            entry = zipfile.ZipInfo(name, _ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(entry, text.encode("utf-8"))
    return buffer.getvalue()


def _plain(text) -> bool:
    return type(text) is str and 0 < len(text) <= _LONGEST and not _SPECIAL.search(text)


def _sheet(categories, series, strings: dict[str, int]) -> str:
    last = column_letter(len(series) + 1)
    span = f"1:{len(series) + 1}"
    rows = [f'<row r="1" spans="{span}">'
            + "".join(f'<c r="{column_letter(column)}1" t="s"><v>{strings[name]}</v></c>'
                      for column, (name, _) in enumerate(series, 2))
            + "</row>"]
    for row, category in enumerate(categories, 2):
        cells = [f'<c r="A{row}" s="1" t="s"><v>{strings[category]}</v></c>']
        for column, (_, values) in enumerate(series, 2):
            cells.append(f'<c r="{column_letter(column)}{row}" s="2"><v>{values[row - 2]:.16G}</v></c>')
        rows.append(f'<row r="{row}" spans="{span}">' + "".join(cells) + "</row>")
    return (f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            f'<dimension ref="A1:{last}{len(categories) + 1}"/>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="1" width="10.7109375" customWidth="1"/>'
            f'</cols><sheetData>{"".join(rows)}</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')


def _shared_strings(strings: dict[str, int], count: int) -> str:
    preserve = ' xml:space="preserve"'
    items = "".join(f"<si><t{preserve if _EDGE_SPACE.search(text) else ''}>{_text(text)}</t></si>"
                    for text in strings)
    return f'{_DECLARATION}<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{len(strings)}">{items}</sst>'


def _text(text: str) -> str:
    if not _XML_ESCAPES.search(text):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    if not _XML_ESCAPES.search(text):
        return text
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", "&#xA;"))


def column_letter(number: int) -> str:
    """Excel's name of column `number` (1 is A, 27 is AA)."""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# The parts that do not depend on the data, as xlsxwriter writes them ----------------------------

_CONTENT_TYPES = (
    _DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_ROOT_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PACKAGE_RELATIONSHIPS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="rId3" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId4" Type="{_RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
    '<fileVersion appName="xl" lastEdited="4" lowestEdited="4" rupBuild="4505"/>'
    '<workbookPr defaultThemeVersion="124226"/><bookViews>'
    '<workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
    '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
)
_STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="{code}"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
    '<bottom/><diagonal/></border></borders><cellStyleXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>'
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)
_CORE = (
    _DECLARATION + '<cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:creator>report-builder</dc:creator><cp:lastModifiedBy>report-builder</cp:lastModifiedBy>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">{date}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{date}</dcterms:modified></cp:coreProperties>'
)
_APP = (
    _DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>'
    "<vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts>"
    '<vt:vector size="1" baseType="lpstr"><vt:lpstr>Sheet1</vt:lpstr></vt:vector></TitlesOfParts>'
    "<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"
)
_THEME = (
    '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme">'
    '<a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/>'
    '</a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="1F497D"/>'
    '</a:dk2><a:lt2><a:srgbClr val="EEECE1"/></a:lt2><a:accent1><a:srgbClr val="4F81BD"/></a:accent1>'
    '<a:accent2><a:srgbClr val="C0504D"/></a:accent2><a:accent3><a:srgbClr val="9BBB59"/></a:accent3>'
    '<a:accent4><a:srgbClr val="8064A2"/></a:accent4><a:accent5><a:srgbClr val="4BACC6"/></a:accent5>'
    '<a:accent6><a:srgbClr val="F79646"/></a:accent6><a:hlink><a:srgbClr val="0000FF"/></a:hlink>'
    '<a:folHlink><a:srgbClr val="800080"/></a:folHlink></a:clrScheme><a:fontScheme name="Office">'
    '<a:majorFont><a:latin typeface="Cambria"/><a:ea typeface=""/><a:cs typeface=""/>'
    '<a:font script="Jpan" typeface="ＭＳ Ｐゴシック"/><a:font script="Hang" typeface="맑은 고딕"/>'
    '<a:font script="Hans" typeface="宋体"/><a:font script="Hant" typeface="新細明體"/>'
    '<a:font script="Arab" typeface="Times New Roman"/><a:font script="Hebr" typeface="Times New Roman"/>'
    '<a:font script="Thai" typeface="Tahoma"/><a:font script="Ethi" typeface="Nyala"/>'
    '<a:font script="Beng" typeface="Vrinda"/><a:font script="Gujr" typeface="Shruti"/>'
    '<a:font script="Khmr" typeface="MoolBoran"/><a:font script="Knda" typeface="Tunga"/>'
    '<a:font script="Guru" typeface="Raavi"/><a:font script="Cans" typeface="Euphemia"/>'
    '<a:font script="Cher" typeface="Plantagenet Cherokee"/>'
    '<a:font script="Yiii" typeface="Microsoft Yi Baiti"/>'
    '<a:font script="Tibt" typeface="Microsoft Himalaya"/><a:font script="Thaa" typeface="MV Boli"/>'
    '<a:font script="Deva" typeface="Mangal"/><a:font script="Telu" typeface="Gautami"/>'
    '<a:font script="Taml" typeface="Latha"/><a:font script="Syrc" typeface="Estrangelo Edessa"/>'
    '<a:font script="Orya" typeface="Kalinga"/><a:font script="Mlym" typeface="Kartika"/>'
    '<a:font script="Laoo" typeface="DokChampa"/><a:font script="Sinh" typeface="Iskoola Pota"/>'
    '<a:font script="Mong" typeface="Mongolian Baiti"/><a:font script="Viet" typeface="Times New Roman"/>'
    '<a:font script="Uigh" typeface="Microsoft Uighur"/></a:majorFont><a:minorFont>'
    '<a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/>'
    '<a:font script="Jpan" typeface="ＭＳ Ｐゴシック"/><a:font script="Hang" typeface="맑은 고딕"/>'
    '<a:font script="Hans" typeface="宋体"/><a:font script="Hant" typeface="新細明體"/>'
    '<a:font script="Arab" typeface="Arial"/><a:font script="Hebr" typeface="Arial"/>'
    '<a:font script="Thai" typeface="Tahoma"/><a:font script="Ethi" typeface="Nyala"/>'
    '<a:font script="Beng" typeface="Vrinda"/><a:font script="Gujr" typeface="Shruti"/>'
    '<a:font script="Khmr" typeface="DaunPenh"/><a:font script="Knda" typeface="Tunga"/>'
    '<a:font script="Guru" typeface="Raavi"/><a:font script="Cans" typeface="Euphemia"/>'
    '<a:font script="Cher" typeface="Plantagenet Cherokee"/>'
    '<a:font script="Yiii" typeface="Microsoft Yi Baiti"/>'
    '<a:font script="Tibt" typeface="Microsoft Himalaya"/><a:font script="Thaa" typeface="MV Boli"/>'
    '<a:font script="Deva" typeface="Mangal"/><a:font script="Telu" typeface="Gautami"/>'
    '<a:font script="Taml" typeface="Latha"/><a:font script="Syrc" typeface="Estrangelo Edessa"/>'
    '<a:font script="Orya" typeface="Kalinga"/><a:font script="Mlym" typeface="Kartika"/>'
    '<a:font script="Laoo" typeface="DokChampa"/><a:font script="Sinh" typeface="Iskoola Pota"/>'
    '<a:font script="Mong" typeface="Mongolian Baiti"/><a:font script="Viet" typeface="Arial"/>'
    '<a:font script="Uigh" typeface="Microsoft Uighur"/></a:minorFont></a:fontScheme>'
    '<a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    '<a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:schemeClr val="phClr"><a:tint val="50000"/>'
    '<a:satMod val="300000"/></a:schemeClr></a:gs><a:gs pos="35000"><a:schemeClr val="phClr">'
    '<a:tint val="37000"/><a:satMod val="300000"/></a:schemeClr></a:gs><a:gs pos="100000">'
    '<a:schemeClr val="phClr"><a:tint val="15000"/><a:satMod val="350000"/></a:schemeClr></a:gs>'
    '</a:gsLst><a:lin ang="16200000" scaled="1"/></a:gradFill><a:gradFill rotWithShape="1"><a:gsLst>'
    '<a:gs pos="0"><a:schemeClr val="phClr"><a:shade val="51000"/><a:satMod val="130000"/></a:schemeClr>'
    '</a:gs><a:gs pos="80000"><a:schemeClr val="phClr"><a:shade val="93000"/><a:satMod val="130000"/>'
    '</a:schemeClr></a:gs><a:gs pos="100000"><a:schemeClr val="phClr"><a:shade val="94000"/>'
    '<a:satMod val="135000"/></a:schemeClr></a:gs></a:gsLst><a:lin ang="16200000" scaled="0"/>'
    '</a:gradFill></a:fillStyleLst><a:lnStyleLst><a:ln w="9525" cap="flat" cmpd="sng" algn="ctr">'
    '<a:solidFill><a:schemeClr val="phClr"><a:shade val="95000"/><a:satMod val="105000"/></a:schemeClr>'
    '</a:solidFill><a:prstDash val="solid"/></a:ln><a:ln w="25400" cap="flat" cmpd="sng" algn="ctr">'
    '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/></a:ln>'
    '<a:ln w="38100" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/>'
    '</a:solidFill><a:prstDash val="solid"/></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle>'
    '<a:effectLst><a:outerShdw blurRad="40000" dist="20000" dir="5400000" rotWithShape="0">'
    '<a:srgbClr val="000000"><a:alpha val="38000"/></a:srgbClr></a:outerShdw></a:effectLst>'
    '</a:effectStyle><a:effectStyle><a:effectLst>'
    '<a:outerShdw blurRad="40000" dist="23000" dir="5400000" rotWithShape="0"><a:srgbClr val="000000">'
    '<a:alpha val="35000"/></a:srgbClr></a:outerShdw></a:effectLst></a:effectStyle><a:effectStyle>'
    '<a:effectLst><a:outerShdw blurRad="40000" dist="23000" dir="5400000" rotWithShape="0">'
    '<a:srgbClr val="000000"><a:alpha val="35000"/></a:srgbClr></a:outerShdw></a:effectLst><a:scene3d>'
    '<a:camera prst="orthographicFront"><a:rot lat="0" lon="0" rev="0"/></a:camera>'
    '<a:lightRig rig="threePt" dir="t"><a:rot lat="0" lon="0" rev="1200000"/></a:lightRig></a:scene3d>'
    '<a:sp3d><a:bevelT w="63500" h="25400"/></a:sp3d></a:effectStyle></a:effectStyleLst>'
    '<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:gradFill rotWithShape="1">'
    '<a:gsLst><a:gs pos="0"><a:schemeClr val="phClr"><a:tint val="40000"/><a:satMod val="350000"/>'
    '</a:schemeClr></a:gs><a:gs pos="40000"><a:schemeClr val="phClr"><a:tint val="45000"/>'
    '<a:shade val="99000"/><a:satMod val="350000"/></a:schemeClr></a:gs><a:gs pos="100000">'
    '<a:schemeClr val="phClr"><a:shade val="20000"/><a:satMod val="255000"/></a:schemeClr></a:gs>'
    '</a:gsLst><a:path path="circle"><a:fillToRect l="50000" t="-80000" r="50000" b="180000"/></a:path>'
    '</a:gradFill><a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:schemeClr val="phClr">'
    '<a:tint val="80000"/><a:satMod val="300000"/></a:schemeClr></a:gs><a:gs pos="100000">'
    '<a:schemeClr val="phClr"><a:shade val="30000"/><a:satMod val="200000"/></a:schemeClr></a:gs>'
    '</a:gsLst><a:path path="circle"><a:fillToRect l="50000" t="50000" r="50000" b="50000"/></a:path>'
    '</a:gradFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/>'
    '<a:extraClrSchemeLst/></a:theme>'
)
"""Excel 2007's Office theme, which xlsxwriter writes into every workbook."""
