"""The chart XML and embedded workbook shared by the Word brief and the deck: one generator for both.

Word and PowerPoint charts are the same DrawingML chart part (`c:chartSpace`)
with an embedded Excel workbook holding the data, so a chart stays editable
("Edit Data") in both. This module writes the plain chart XML (the tree
python-pptx's chart writer gives for these four chart types, written here so
the Word brief need not import python-pptx, about 70 ms) and the workbook
(laid out as python-pptx lays it out: categories in column A, a series per
column; see chart_workbook), and styles the XML from the chart plan: the
theme's palette, the theme's font, one number format for data labels and
the value axis (a pie's labels are its shares, in the plan's percent
format), the planned axis scale (so Word, PowerPoint and the PDF show the
same ticks), a legend only where one is needed, no automatic title (the
caption carries it). The PowerPoint writer hands these bytes to python-pptx's
chart API; the Word writer adds them as a chart part of the document.

Only the writers of Office formats import this, and only for a brief with
charts.
"""

from __future__ import annotations

import datetime as _dt
import io

from lxml import etree

from ..model import ChartType
from ..plan.chart_drawing import GAP_WIDTH, LINE_WIDTH
from ..plan.charts import ChartPlan
from .chart_workbook import column_letter, workbook
from .xml_text import escape

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART_URI = C
_NS = {"c": C, "a": A}
EMU_PER_POINT = 12700
MARKER_SIZE = 6

# Child order of the elements touched here, from the DrawingML chart schema: Office refuses a
# chart whose children are out of order.
_ORDER = {
    "chartSpace": ("date1904", "lang", "roundedCorners", "AlternateContent", "style", "clrMapOvr", "pivotSource",
                   "protection", "chart", "spPr", "txPr", "externalData", "printSettings", "userShapes", "extLst"),
    "chart": ("title", "autoTitleDeleted", "pivotFmts", "view3D", "floor", "sideWall", "backWall", "plotArea",
              "legend", "plotVisOnly", "dispBlanksAs", "showDLblsOverMax", "extLst"),
    "barChart": ("barDir", "grouping", "varyColors", "ser", "dLbls", "gapWidth", "overlap", "serLines", "axId",
                 "extLst"),
    "lineChart": ("grouping", "varyColors", "ser", "dLbls", "dropLines", "hiLowLines", "upDownBars", "marker",
                  "smooth", "axId", "extLst"),
    "pieChart": ("varyColors", "ser", "dLbls", "firstSliceAng", "extLst"),
    "ser": ("idx", "order", "tx", "spPr", "invertIfNegative", "pictureOptions", "marker", "explosion", "dPt",
            "dLbls", "trendline", "errBars", "cat", "val", "smooth", "shape", "extLst"),
    "catAx": ("axId", "scaling", "delete", "axPos", "majorGridlines", "minorGridlines", "title", "numFmt",
              "majorTickMark", "minorTickMark", "tickLblPos", "spPr", "txPr", "crossAx", "crosses", "crossesAt",
              "auto", "lblAlgn", "lblOffset", "tickLblSkip", "tickMarkSkip", "noMultiLvlLbl", "extLst"),
    "valAx": ("axId", "scaling", "delete", "axPos", "majorGridlines", "minorGridlines", "title", "numFmt",
              "majorTickMark", "minorTickMark", "tickLblPos", "spPr", "txPr", "crossAx", "crosses", "crossesAt",
              "crossBetween", "majorUnit", "minorUnit", "dispUnits", "extLst"),
    "scaling": ("logBase", "orientation", "max", "min", "extLst"),
    "legend": ("legendPos", "legendEntry", "layout", "overlay", "spPr", "txPr", "extLst"),
}


class ChartLook:
    """What the chart's text looks like in one output: the font named, its size, the theme's colours."""

    def __init__(self, font: str, east_asian: str, size: float, text: str, muted: str, rule: str):
        self.font, self.east_asian, self.size = font, east_asian, size
        self.text, self.muted, self.rule = text, muted, rule


def chart_xml(plan: ChartPlan, look: ChartLook, label_step: int = 1) -> bytes:
    """The chart part's XML, styled from the plan."""
    space = etree.fromstring(_plain_xml(plan).encode("utf-8"))
    _Styler(plan, look, label_step).style(space)
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def chart_workbook(plan: ChartPlan, created: _dt.date) -> bytes:
    """The embedded workbook: categories in column A from row 2, each series in a column with its name on top;
    dated from the brief, not the clock, so two builds give the same bytes. Written by `chart_workbook`'s
    own writer, the same bytes as xlsxwriter's, which writes what that one leaves to it (see there)."""
    series = [(s.name, list(s.values)) for s in plan.series]
    written = workbook(list(plan.categories), series, plan.value_format.code, created)
    if written is not None:
        return written
    from xlsxwriter import Workbook

    xlsx_file = io.BytesIO()
    book = Workbook(xlsx_file, {"in_memory": True})
    book.set_properties({"created": _dt.datetime.combine(created, _dt.time(12, 0)), "author": "report-builder"})
    worksheet = book.add_worksheet()
    general = book.add_format({"num_format": "General"})
    worksheet.set_column(0, 0, 10)
    for row, category in enumerate(plan.categories, 1):
        worksheet.write(row, 0, category, general)
    for column, (name, values) in enumerate(series, 1):
        number_format = book.add_format({"num_format": plan.value_format.code})
        worksheet.write(0, column, name)
        worksheet.write_column(1, column, values, number_format)
    book.close()
    return xlsx_file.getvalue()


# The plain chart -----------------------------------------------------------------------------------

_SPACE = ('<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{date}<c:chart>'
          '<c:autoTitleDeleted val="0"/><c:plotArea>{plot}</c:plotArea>{after_plot}</c:chart>'
          '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1800"/></a:pPr><a:endParaRPr lang="en-US"/>'
          '</a:p></c:txPr></c:chartSpace>')
_DATE_1904 = '<c:date1904 val="0"/>'
_CATEGORY_AXIS = ('<c:catAx><c:axId val="{axis}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
                  '<c:delete val="0"/><c:axPos val="{position}"/><c:majorTickMark val="out"/>'
                  '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="{other}"/>'
                  '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
                  '<c:noMultiLvlLbl val="0"/></c:catAx>')
_VALUE_AXIS = ('<c:valAx><c:axId val="{axis}"/><c:scaling/><c:delete val="0"/><c:axPos val="{position}"/>'
               '<c:majorGridlines/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
               '<c:tickLblPos val="nextTo"/><c:crossAx val="{other}"/><c:crosses val="autoZero"/></c:valAx>')
_BAR_AXES = ("-2068027336", "-2113994440")
_LINE_AXES = ("2118791784", "2140495176")


def _plain_xml(plan: ChartPlan) -> str:
    """The chart as PowerPoint's "Insert Chart" writes it, before any styling."""
    series = "".join(_series_xml(plan, index) for index in range(1 if plan.type is ChartType.PIE else len(plan.series)))
    if plan.type is ChartType.PIE:
        return _SPACE.format(date="", plot=f'<c:pieChart><c:varyColors val="1"/>{series}</c:pieChart>',
                             after_plot='<c:dispBlanksAs val="gap"/>')
    if plan.type is ChartType.LINE:
        category, value = _LINE_AXES
        plot = (f'<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}<c:marker val="1"/>'
                f'<c:smooth val="0"/><c:axId val="{category}"/><c:axId val="{value}"/></c:lineChart>'
                + _CATEGORY_AXIS.format(axis=category, position="b", other=value)
                + _VALUE_AXIS.format(axis=value, position="l", other=category))
        after = ('<c:legend><c:legendPos val="r"/><c:layout/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/>'
                 '<c:dispBlanksAs val="gap"/><c:showDLblsOverMax val="0"/>')
        return _SPACE.format(date=_DATE_1904, plot=plot, after_plot=after)
    category, value = _BAR_AXES
    bar = plan.type is ChartType.BAR
    plot = (f'<c:barChart><c:barDir val="{"bar" if bar else "col"}"/><c:grouping val="clustered"/>{series}'
            f'<c:axId val="{category}"/><c:axId val="{value}"/></c:barChart>'
            + _CATEGORY_AXIS.format(axis=category, position="l" if bar else "b", other=value)
            + _VALUE_AXIS.format(axis=value, position="b" if bar else "l", other=category))
    return _SPACE.format(date=_DATE_1904, plot=plot, after_plot='<c:dispBlanksAs val="gap"/>')


def _series_xml(plan: ChartPlan, index: int) -> str:
    """One series: its name, categories and values, referring to the workbook's cells."""
    series = plan.series[index]
    column = column_letter(2 + index)
    bottom = len(plan.categories) + 1
    categories = "".join(f'<c:pt idx="{i}"><c:v>{escape(str(label))}</c:v></c:pt>'
                         for i, label in enumerate(plan.categories))
    values = "".join(f'<c:pt idx="{i}"><c:v>{value}</c:v></c:pt>' for i, value in enumerate(series.values)
                     if value is not None)
    line = plan.type is ChartType.LINE
    return (f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
            f'<c:tx><c:strRef><c:f>Sheet1!${column}$1</c:f><c:strCache><c:ptCount val="1"/>'
            f'<c:pt idx="0"><c:v>{escape(series.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
            f'<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${bottom}</c:f><c:strCache>'
            f'<c:ptCount val="{len(plan.categories)}"/>{categories}</c:strCache></c:strRef></c:cat>'
            f'<c:val><c:numRef><c:f>Sheet1!${column}$2:${column}${len(series.values) + 1}</c:f><c:numCache>'
            f'<c:formatCode>{plan.value_format.code}</c:formatCode><c:ptCount val="{len(series.values)}"/>'
            f'{values}</c:numCache></c:numRef></c:val>'
            + ('<c:smooth val="0"/>' if line else "") + '</c:ser>')


# Styling -----------------------------------------------------------------------------------------


def _q(tag: str) -> str:
    prefix, _, local = tag.partition(":")
    return f"{{{_NS[prefix]}}}{local}"


def _local(element) -> str:
    return etree.QName(element).localname


def _child(parent, tag: str, **attributes):
    """The parent's `tag` child, created in schema order if missing; attributes are set on it."""
    name = tag.partition(":")[2]
    found = parent.find(_q(tag))
    if found is None:
        found = etree.Element(_q(tag))
        order = _ORDER[_local(parent)]
        later = order[order.index(name) + 1:]
        following = next((child for child in parent if _local(child) in later), None)
        if following is not None:
            following.addprevious(found)
        else:
            parent.append(found)
    for key, value in attributes.items():
        found.set(key, str(value))
    return found


def _replace(parent, tag: str, **attributes):
    old = parent.find(_q(tag))
    if old is not None:
        parent.remove(old)
    return _child(parent, tag, **attributes)


def _sub(parent, tag: str, **attributes):
    element = etree.SubElement(parent, _q(tag))
    for key, value in attributes.items():
        element.set(key, str(value))
    return element


def _solid(parent, color: str):
    fill = _sub(parent, "a:solidFill")
    _sub(fill, "a:srgbClr", val=color)
    return fill


def _line(parent, color: str | None, points: float):
    line = _sub(parent, "a:ln", w=round(points * EMU_PER_POINT))
    if color is None:
        _sub(line, "a:noFill")
    else:
        _solid(line, color)
    return line


class _Styler:
    def __init__(self, plan: ChartPlan, look: ChartLook, label_step: int = 1):
        self.plan, self.look, self.label_step = plan, look, label_step

    def style(self, space) -> None:
        plan = self.plan
        _replace(space, "c:roundedCorners", val=0)
        chart = space.find(_q("c:chart"))
        _replace(chart, "c:autoTitleDeleted", val=1)
        plot_area = chart.find(_q("c:plotArea"))
        kind = next(child for child in plot_area if _local(child).endswith("Chart"))
        if plan.type is ChartType.PIE:
            self._pie(kind)
        else:
            self._series(kind)
            self._axes(plot_area)
        if plan.data_labels:
            self._data_labels(kind)
        self._legend(chart)
        space_fill = _replace(space, "c:spPr")
        _sub(space_fill, "a:noFill")
        _line(space_fill, None, 0)
        self._text_properties(_replace(space, "c:txPr"), self.look.text)

    def _series(self, kind) -> None:
        plan = self.plan
        _replace(kind, "c:varyColors", val=0)
        if plan.type is not ChartType.LINE:
            _replace(kind, "c:gapWidth", val=GAP_WIDTH)
        for ser, series in zip(kind.findall(_q("c:ser")), plan.series):
            shape = _replace(ser, "c:spPr")
            if plan.type is ChartType.LINE:
                line = _line(shape, series.color, LINE_WIDTH)
                _sub(line, "a:round")
                marker = _replace(ser, "c:marker")
                _sub(marker, "c:symbol", val="circle")
                _sub(marker, "c:size", val=MARKER_SIZE)
                marker_shape = _sub(marker, "c:spPr")
                _solid(marker_shape, series.color)
                _line(marker_shape, "FFFFFF", 0.75)
            else:
                _solid(shape, series.color)
                _replace(ser, "c:invertIfNegative", val=0)

    def _pie(self, kind) -> None:
        _replace(kind, "c:varyColors", val=1)
        _replace(kind, "c:firstSliceAng", val=0)
        ser = kind.find(_q("c:ser"))
        for existing in ser.findall(_q("c:dPt")):
            ser.remove(existing)
        anchor = ser.find(_q("c:cat"))
        for index, color in enumerate(self.plan.colors):
            point = etree.Element(_q("c:dPt"))
            _sub(point, "c:idx", val=index)
            _sub(point, "c:bubble3D", val=0)
            shape = _sub(point, "c:spPr")
            _solid(shape, color)
            _line(shape, "FFFFFF", 1.0)
            anchor.addprevious(point)

    def _data_labels(self, kind) -> None:
        plan = self.plan
        labels = _replace(kind, "c:dLbls")
        pie = plan.type is ChartType.PIE
        # A pie's labels are its shares: the format applies to the percentage Office works out.
        _sub(labels, "c:numFmt", formatCode=plan.label_format.code, sourceLinked=0)
        shape = _sub(labels, "c:spPr")
        _sub(shape, "a:noFill")
        _line(shape, None, 0)
        self._text_properties(_sub(labels, "c:txPr"), self.look.text, wrap=False)
        position = {ChartType.LINE: "t", ChartType.PIE: "outEnd"}.get(plan.type, "outEnd")
        _sub(labels, "c:dLblPos", val=position)
        for name, value in (("showLegendKey", 0), ("showVal", int(not pie)), ("showCatName", 0),
                            ("showSerName", 0), ("showPercent", int(pie)), ("showBubbleSize", 0)):
            _sub(labels, f"c:{name}", val=value)
        if pie:
            _sub(labels, "c:showLeaderLines", val=1)

    def _axes(self, plot_area) -> None:
        plan, look, scale = self.plan, self.look, self.plan.scale
        category = plot_area.find(_q("c:catAx"))
        values = plot_area.find(_q("c:valAx"))
        if plan.horizontal:
            # First category at the top, as it reads; the value axis then crosses at the last one (the bottom).
            _replace(category.find(_q("c:scaling")), "c:orientation", val="maxMin")
            _replace(values, "c:crosses", val="max")
        _replace(category, "c:majorTickMark", val="none")
        _replace(category, "c:tickLblPos", val="low")
        self._axis_line(category, look.muted, 0.8)
        self._text_properties(_replace(category, "c:txPr"), look.text)
        if not plan.horizontal:
            # Every label the PDF shows, and no more (Office's "interval between labels").
            _replace(category, "c:tickLblSkip", val=self.label_step)

        scaling = _replace(values, "c:scaling")
        _sub(scaling, "c:orientation", val="minMax")
        _sub(scaling, "c:max", val=_number(scale.maximum))
        _sub(scaling, "c:min", val=_number(scale.minimum))
        gridlines = _replace(values, "c:majorGridlines")
        _line(_sub(gridlines, "c:spPr"), look.rule, 0.5)
        _replace(values, "c:numFmt", formatCode=scale.format.code, sourceLinked=0)
        _replace(values, "c:majorTickMark", val="none")
        _replace(values, "c:tickLblPos", val="nextTo")
        self._axis_line(values, None, 0)
        self._text_properties(_replace(values, "c:txPr"), look.muted)
        _replace(values, "c:crossBetween", val="between")
        _replace(values, "c:majorUnit", val=_number(scale.step))
        if plan.unit:
            self._axis_title(values, plan.unit, vertical=not plan.horizontal)

    def _axis_line(self, axis, color: str | None, points: float) -> None:
        shape = _replace(axis, "c:spPr")
        _line(shape, color, points)

    def _axis_title(self, axis, text: str, vertical: bool) -> None:
        title = _replace(axis, "c:title")
        rich = _sub(_sub(title, "c:tx"), "c:rich")
        _sub(rich, "a:bodyPr", rot=-5400000 if vertical else 0, vert="horz")
        _sub(rich, "a:lstStyle")
        paragraph = _sub(rich, "a:p")
        self._run_defaults(_sub(_sub(paragraph, "a:pPr"), "a:defRPr"), self.look.muted, bold=False)
        run = _sub(paragraph, "a:r")
        self._run_defaults(_sub(run, "a:rPr", lang="en-US"), self.look.muted, bold=False)
        _sub(run, "a:t").text = text
        _sub(title, "c:overlay", val=0)

    def _legend(self, chart) -> None:
        old = chart.find(_q("c:legend"))
        if old is not None:
            chart.remove(old)
        if not self.plan.legend:
            return
        legend = _child(chart, "c:legend")
        _sub(legend, "c:legendPos", val="r" if self.plan.type is ChartType.PIE else "b")
        _sub(legend, "c:overlay", val=0)
        self._text_properties(_sub(legend, "c:txPr"), self.look.text)

    def _text_properties(self, txpr, color: str, wrap: bool = True) -> None:
        """Font, size and colour of a chart element's text; `wrap=False` keeps a label on one line."""
        for child in list(txpr):
            txpr.remove(child)
        body = _sub(txpr, "a:bodyPr")
        if not wrap:
            body.set("wrap", "none")
        _sub(txpr, "a:lstStyle")
        paragraph = _sub(txpr, "a:p")
        self._run_defaults(_sub(_sub(paragraph, "a:pPr"), "a:defRPr"), color)
        _sub(paragraph, "a:endParaRPr", lang="en-US")

    def _run_defaults(self, props, color: str, bold: bool = False) -> None:
        props.set("sz", str(round(self.look.size * 100)))
        props.set("b", "1" if bold else "0")
        _solid(props, color)
        _sub(props, "a:latin", typeface=self.look.font)
        _sub(props, "a:ea", typeface=self.look.east_asian)
        _sub(props, "a:cs", typeface=self.look.font)


def _number(value: float) -> str:
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))
