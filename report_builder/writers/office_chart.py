"""The chart XML and embedded workbook shared by the Word brief and the deck: one generator for both.

Word and PowerPoint charts are the same DrawingML chart part (`c:chartSpace`)
with an embedded Excel workbook holding the data, so a chart stays editable
("Edit Data") in both. python-pptx writes the plain chart and the workbook
(`ChartXmlWriter`, `CategoryWorkbookWriter`); this module styles that XML
from the chart plan: the theme's palette, the theme's font, one number
format for data labels and the value axis (a pie's labels are its shares,
in the plan's percent format), the planned axis scale (so Word,
PowerPoint and the PDF show the same ticks), a legend only where one is
needed, no automatic title (the caption carries it). The PowerPoint writer
hands `ChartData` to python-pptx's chart API; the Word writer adds the same
bytes as a chart part of the document.

Only the writers of Office formats import this, and only for a brief with
charts: python-pptx's chart modules cost about 60 ms to load.
"""

from __future__ import annotations

import datetime as _dt
import io
from contextlib import contextmanager

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.enum.chart import XL_CHART_TYPE
from xlsxwriter import Workbook

from ..model import ChartType
from ..plan.chart_drawing import GAP_WIDTH, LINE_WIDTH
from ..plan.charts import ChartPlan

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART_URI = C
_NS = {"c": C, "a": A}
EMU_PER_POINT = 12700

CHART_TYPES = {
    ChartType.COLUMN: XL_CHART_TYPE.COLUMN_CLUSTERED,
    ChartType.BAR: XL_CHART_TYPE.BAR_CLUSTERED,
    ChartType.LINE: XL_CHART_TYPE.LINE_MARKERS,
    ChartType.PIE: XL_CHART_TYPE.PIE,
}
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


class PlannedChartData(CategoryChartData):
    """python-pptx chart data whose XML is styled from the plan and whose workbook is reproducible."""

    def __init__(self, plan: ChartPlan, look: ChartLook, created: _dt.date, label_step: int = 1):
        super().__init__(number_format=plan.value_format.code)
        self.plan, self.look, self.created, self.label_step = plan, look, created, label_step
        self.categories = list(plan.categories)
        for series in plan.series:
            self.add_series(series.name, series.values)

    @property
    def chart_type(self):
        return CHART_TYPES[self.plan.type]

    def xml_bytes(self, chart_type=None) -> bytes:
        plain = ChartXmlWriter(chart_type or self.chart_type, self).xml
        space = etree.fromstring(plain.encode("utf-8"))
        _Styler(self.plan, self.look, self.label_step).style(space)
        return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)

    @property
    def _workbook_writer(self):
        return _DatedWorkbookWriter(self, self.created)


class _DatedWorkbookWriter(CategoryWorkbookWriter):
    """The workbook dated from the brief, not the clock, so two builds give the same bytes."""

    def __init__(self, chart_data, created: _dt.date):
        super().__init__(chart_data)
        self.created = created

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, {"in_memory": True})
        stamp = _dt.datetime.combine(self.created, _dt.time(12, 0))
        workbook.set_properties({"created": stamp, "author": "report-builder"})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()

    @property
    def xlsx_blob(self) -> bytes:
        xlsx_file = io.BytesIO()
        with self._open_worksheet(xlsx_file) as (workbook, worksheet):
            self._populate_worksheet(workbook, worksheet)
        return xlsx_file.getvalue()


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
