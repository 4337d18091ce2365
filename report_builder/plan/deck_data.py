"""Tables and charts on slides: a long table over '(cont.)' slides, a chart beside its points or alone.

A table is read across a room like every text on a slide: it is set in the
largest of a few sizes (from 22 points, or the body size, down to 14, the
deck's smallest text, as for sources and captions) that neither breaks a word
inside a column nor needs more slides than a smaller size would, and each
slide carries at most the deck's word budget (caption, header, cells and
note together). Its rows are measured like every text box, never split, and
shared evenly among as many slides as they need, each slide repeating the
header row under the caption ("Table 1: …", then "Table 1 (cont.): …"); the
note goes under the last part. A row too tall or too wordy for a slide has
its longest cells cut short at a word (whole in the notes). A table narrower
than the slide keeps about its natural width and stands centred. A short
table that fits, whole, under the section's previous table (height and word
budget both) shares its slide rather than standing alone on a near-empty
one. A chart is
a native chart the writer makes from the chart plan; its labels are set at
14 points, and it stands beside the section's points when both fit, under a
few points when it needs the slide's width (keeping most of the slide's
height), else on a slide of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import ChartType, Number, RichText, Table
from ..theme import Theme
from ..values import Value
from .chart_drawing import category_label_step
from .charts import ChartPlan
from .deck_layout import TEXT_INSET_X, TEXT_INSET_Y, Align, Rect, Role, TextFrame, TextPara, TextRun, text_runs
from .deck_text import WORD_BUDGET, count_words
from .measure import WIDTH_SAFETY, Measurer
from .tables import TablePlan, natural_width, plan_table

TABLE_SIZES = (22.0, 20.0, 18.0, 16.0, 14.0)
"""Table text sizes tried, largest first (none above the theme's body size, unless that is below 18);
the last is the floor."""

SPARE_WIDTH = 1.3
"""A table that needs less than the slide's width gets this much more than it needs, no more."""

CHART_TEXT_SIZE = 14.0
"""Axis, legend and data labels of a chart on a slide."""

CAPTION_SIZE = 14.0
GAP = 6.0
"""Between a caption or note and its table or chart."""

_ALIGN = {"left": Align.LEFT, "right": Align.RIGHT, "center": Align.CENTER}


@dataclass(frozen=True, eq=False, repr=False)
class SlideTable(Value):
    """One slide's part of a table: the header row and the body rows it shows, placed and measured."""

    number: int
    rect: Rect
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    """The header row's height, then each body row's."""
    header: tuple[TextPara, ...]
    rows: tuple[tuple[TextPara, ...], ...]
    striped: tuple[bool, ...]
    """Per body row shown: whether it takes the stripe (every second row of the whole table)."""
    header_fill: str
    stripe_fill: str
    rule: str
    edge: str
    caption: str
    """The caption as the slide shows it, for the table's description."""
    continued: bool = False

    @property
    def label(self) -> str:
        """The table's name on the slide: 'Table 1', or 'Table 1 (cont.)' after the first slide."""
        return f"Table {self.number}" + (" (cont.)" if self.continued else "")

    @property
    def size(self) -> float:
        return self.header[0].size


@dataclass(frozen=True, eq=False, repr=False)
class SlideChart(Value):
    plan: ChartPlan
    rect: Rect
    size: float
    label_step: int = 1
    """Every how many categories a label is shown, as the chart's width allows."""

    @property
    def alt(self) -> str:
        return self.plan.alt


@dataclass(frozen=True, eq=False, repr=False)
class DataPage(Value):
    frames: tuple[TextFrame, ...]
    shapes: tuple[SlideTable | SlideChart, ...]
    notes: str
    shortened: tuple[RichText | Number, ...] = ()
    """Cells cut short to fit a slide (each whole in the notes), for located warnings."""


# Tables ------------------------------------------------------------------------------------------------


def table_pages(table: Table, number: int, area: Rect, theme: Theme, measurer: Measurer,
                budget: int = WORD_BUDGET) -> list[DataPage]:
    """The table over as many slides as it needs in `area`, at the largest size that does not cost a slide.

    `budget`: the words a slide may carry besides its title (and what else it shows).
    """
    top = max(theme.sizes.slide_body, 18.0)
    sizes = [size for size in TABLE_SIZES if size <= top]
    smallest, _ = _table_pages_at(table, number, area, theme, measurer, sizes[-1], budget)
    for size in sizes[:-1]:   # the smallest size needs the fewest slides; larger ones are tried until one does too
        pages, whole_words = _table_pages_at(table, number, area, theme, measurer, size, budget)
        if len(pages) <= len(smallest) and whole_words:
            return pages
    return smallest


def _table_pages_at(table: Table, number: int, area: Rect, theme: Theme, measurer: Measurer,
                    size: float, budget: int) -> tuple[list[DataPage], bool]:
    colors = theme.colors
    padding = 2 * TEXT_INSET_X
    width = min(area.width, natural_width(table, measurer, size, padding) * SPARE_WIDTH)
    area = Rect(area.x + (area.width - width) / 2, area.y, width, area.height)
    plan = plan_table(table, number, measurer, size, width, padding)
    whole_words = all(width >= _narrowest(table, index, size, measurer) / WIDTH_SAFETY + padding
                      for index, width in enumerate(plan.widths))
    aligns = [_ALIGN[a.value] for a in plan.align]
    header = tuple(TextPara((TextRun(name, bold=True),), size, colors.table_header_text, align=align)
                   for name, align in zip(plan.columns, aligns))
    body = [tuple(_cell_para(cell, size, colors.text, colors.link, align) for cell, align in zip(row, aligns))
            for row in plan.rows]

    def height(paras) -> float:
        return max(measurer.paragraph_height(p.measured(), w - padding) for p, w in zip(paras, plan.widths)) \
            + 2 * TEXT_INSET_Y

    def words(paras) -> int:
        return sum(count_words(p.text) for p in paras)

    header_height = height(header)
    note = _note_frame(plan, area, measurer, colors.muted, colors.link)
    first_caption = _caption_frame(plan, area, measurer, colors.muted, colors.link, continued=False)
    later_caption = _caption_frame(plan, area, measurer, colors.muted, colors.link, continued=True)
    rooms = (_Room(area.height - first_caption.rect.height - GAP - header_height,
                   budget - count_words(first_caption.text) - words(header)),
             _Room(area.height - later_caption.rect.height - GAP - header_height,
                   budget - count_words(later_caption.text) - words(header)))
    note_room = _Room((note.rect.height + GAP) if note else 0.0, count_words(note.text) if note else 0)
    # A row never splits; one taller or wordier than a slide has its long cells cut short (whole in the notes).
    tallest = min(room.height for room in rooms) - note_room.height
    most_words = max(1, min(room.words for room in rooms) - note_room.words)
    shortened: dict[int, list] = {}
    for index, row in enumerate(body):
        cells = list(row)
        for column, (para, width) in enumerate(zip(row, plan.widths)):
            if measurer.paragraph_height(para.measured(), width - padding) + 2 * TEXT_INSET_Y > tallest:
                cells[column] = _cut_to(para, width - padding, tallest - 2 * TEXT_INSET_Y, measurer)
        while words(cells) > most_words:
            column = max(range(len(cells)), key=lambda c: count_words(cells[c].text))
            longest = count_words(cells[column].text)
            if longest <= 1:
                break   # a word a cell: nothing left to cut
            cells[column] = _cut_words(cells[column], max(1, longest - (words(cells) - most_words)))
        changed = [column for column, (old, new) in enumerate(zip(row, cells)) if old != new]
        if changed:
            shortened[index] = [plan.rows[index][column] for column in changed]
            body[index] = tuple(cells)
    row_heights = [height(row) for row in body]
    groups = _spread_rows(row_heights, [words(row) for row in body], rooms, note_room)
    pages = []
    for index, rows in enumerate(groups):
        caption = first_caption if index == 0 else later_caption
        caption = _moved(caption, area.y)
        top = caption.rect.bottom + GAP
        heights = (header_height,) + tuple(row_heights[i] for i in rows)
        rect = Rect(area.x, top, sum(plan.widths), sum(heights))
        shape = SlideTable(number, rect, plan.widths, heights, header, tuple(body[i] for i in rows),
                           tuple(i % 2 == 1 for i in rows), colors.table_header_fill, colors.table_stripe_fill,
                           colors.rule, colors.primary, caption.text, continued=index > 0)
        frames = [caption]
        if note is not None and index == len(groups) - 1:
            frames.append(_moved(note, rect.bottom + GAP))
        notes = caption.text + (f"\n\n{plan.note.plain()}" if plan.note and index == len(groups) - 1 else "")
        for row in (i for i in rows if i in shortened):
            notes += f"\n\nRow {row + 1} in full: " + " | ".join(_text(cell) for cell in plan.rows[row])
        cut = tuple(cell for row in rows for cell in shortened.get(row, ()))
        pages.append(DataPage(tuple(frames), (shape,), notes, cut))
    return pages, whole_words


@dataclass(frozen=True, eq=False, repr=False)
class _Room(Value):
    """What the rows of one slide may take: height (points) and words."""

    height: float
    words: int


def _spread_rows(heights: list[float], words: list[int], rooms: tuple[_Room, _Room],
                 note: _Room) -> list[list[int]]:
    """Row indices per slide: as few slides as the rows need, their heights shared evenly, the note on the last.

    `rooms`: what the first slide, then each later one, holds. Chosen over
    the whole table at once (the cost of the slides from each row on), so no
    slide is left with a lonely row or two when the rows can be shared.
    """
    count = len(heights)
    # best[i]: (slides, tallest slide, sum of squared heights) for the rows from i on, and where the first ends
    best: list[tuple[tuple[int, float, float], int] | None] = [None] * count + [((0, 0.0, 0.0), count)]
    for start in range(count - 1, -1, -1):
        room = rooms[0] if start == 0 else rooms[1]
        used, said = 0.0, 0
        for end in range(start + 1, count + 1):
            used += heights[end - 1]
            said += words[end - 1]
            last = end == count
            fits = (used + (note.height if last else 0.0) <= room.height + 0.01
                    and said + (note.words if last else 0) <= room.words)
            if not fits and end > start + 1:
                break
            if best[end] is None:
                continue
            (slides, tallest, squares), _ = best[end]
            cost = (slides + 1, max(tallest, used), squares + used * used)
            if best[start] is None or cost < best[start][0]:
                best[start] = (cost, end)
    groups, start = [], 0
    while start < count:
        end = best[start][1]
        groups.append(list(range(start, end)))
        start = end
    return groups


def _cut_to(para: TextPara, width: float, height: float, measurer: Measurer) -> TextPara:
    """The paragraph's first words that fit `height`, ending in an ellipsis."""
    words = "".join(run.text for run in para.runs).split()
    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        trial = TextPara((TextRun(" ".join(words[:middle]) + " …"),), para.size, para.color, align=para.align)
        if measurer.paragraph_height(trial.measured(), width) <= height:
            low = middle
        else:
            high = middle - 1
    return TextPara((TextRun(" ".join(words[:low]) + " …"),), para.size, para.color, align=para.align)


def _cut_words(para: TextPara, count: int) -> TextPara:
    """The paragraph's first `count` words, the last ending in an ellipsis."""
    words = "".join(run.text for run in para.runs).split()
    return TextPara((TextRun(" ".join(words[:count]).rstrip(",;:") + "…"),), para.size, para.color, align=para.align)


def _narrowest(table: Table, index: int, size: float, measurer: Measurer) -> float:
    texts = [(table.columns[index], True)] + [(_text(row[index]), False) for row in table.rows]
    return max((measurer.width(word, size, bold) for text, bold in texts for word in text.split()), default=0.0)


def _text(cell) -> str:
    return cell.text if isinstance(cell, Number) else cell.plain()


def _cell_para(cell, size: float, color: str, link: str, align: Align) -> TextPara:
    runs = (TextRun(cell.text),) if isinstance(cell, Number) else text_runs(cell, link)
    return TextPara(runs or (TextRun(""),), size, color, align=align)


def _caption_paras(label: str, text: RichText | None, color: str, link: str) -> tuple[TextPara, ...]:
    runs = [TextRun(f"{label}: " if text else label, bold=True)]
    if text is not None:
        runs += list(text_runs(text, link))
    return (TextPara(tuple(runs), CAPTION_SIZE, color),)


def _frame(role: Role, area: Rect, paras: tuple[TextPara, ...], measurer: Measurer) -> TextFrame:
    height = measurer.height([p.measured() for p in paras], area.width - 2 * TEXT_INSET_X) + 2 * TEXT_INSET_Y
    return TextFrame(role, Rect(area.x, area.y, area.width, height), paras)


def _moved(frame: TextFrame, y: float) -> TextFrame:
    return TextFrame(frame.role, Rect(frame.rect.x, y, frame.rect.width, frame.rect.height), frame.paras,
                     frame.anchor, frame.fill, frame.padding)


def _caption_frame(plan: TablePlan, area: Rect, measurer: Measurer, color: str, link: str,
                   continued: bool) -> TextFrame:
    label = plan.label + (" (cont.)" if continued else "")
    return _frame(Role.CAPTION, area, _caption_paras(label, plan.table.caption, color, link), measurer)


def _note_frame(plan, area: Rect, measurer: Measurer, color: str, link: str) -> TextFrame | None:
    if plan.note is None:
        return None
    return _frame(Role.CAPTION, area, (TextPara(text_runs(plan.note, link), CAPTION_SIZE, color),), measurer)


STACK_GAP = 3 * GAP
"""Between a table (or its note) and the caption of a table stacked under it."""


def stack_tables(pages: list[DataPage], area: Rect, budget: int = WORD_BUDGET) -> list[DataPage]:
    """The section's table slides, each whole table that fits under the slide before it moved up onto it."""
    stacked: list[DataPage] = []
    for index, page in enumerate(pages):
        whole = (all(isinstance(shape, SlideTable) and not shape.continued for shape in page.shapes)
                 and not (index + 1 < len(pages) and _continues(pages[index + 1], page)))
        if stacked and whole and page.shapes:
            below = _bottom(stacked[-1]) + STACK_GAP
            if below + _bottom(page) - area.y <= area.bottom + 0.01 and \
                    page_words(stacked[-1]) + page_words(page) <= budget:
                stacked[-1] = _joined(stacked[-1], shifted(page, below - area.y))
                continue
        stacked.append(page)
    return stacked


def page_words(page: DataPage) -> int:
    """Words a data slide carries (captions, notes, every table cell), counted against the slide's budget."""
    words = sum(count_words(frame.text) for frame in page.frames)
    for shape in page.shapes:
        if isinstance(shape, SlideTable):
            words += sum(count_words(para.text) for row in (shape.header, *shape.rows) for para in row)
    return words


def _continues(page: DataPage, previous: DataPage) -> bool:
    numbers = {shape.number for shape in previous.shapes if isinstance(shape, SlideTable)}
    return any(isinstance(shape, SlideTable) and shape.continued and shape.number in numbers
               for shape in page.shapes)


def _bottom(page: DataPage) -> float:
    return max([frame.rect.bottom for frame in page.frames] + [shape.rect.bottom for shape in page.shapes])


def shifted(page: DataPage, dy: float) -> DataPage:
    """The page with everything on it moved down by `dy`."""
    def moved(rect: Rect) -> Rect:
        return Rect(rect.x, rect.y + dy, rect.width, rect.height)

    return DataPage(tuple(_moved(frame, frame.rect.y + dy) for frame in page.frames),
                    tuple(replace(shape, rect=moved(shape.rect)) for shape in page.shapes), page.notes,
                    page.shortened)


def _joined(first: DataPage, second: DataPage) -> DataPage:
    return DataPage(first.frames + second.frames, first.shapes + second.shapes,
                    "\n\n".join(x for x in (first.notes, second.notes) if x), first.shortened + second.shortened)


# Charts ------------------------------------------------------------------------------------------------


def chart_page(plan: ChartPlan, area: Rect, theme: Theme, measurer: Measurer) -> DataPage:
    """The chart filling `area` above its caption ('Figure N: title') and note."""
    colors = theme.colors
    paras = _caption_paras(plan.label, plan.chart.title, colors.muted, colors.link)
    if plan.note is not None:
        paras += (TextPara(text_runs(plan.note, colors.link), CAPTION_SIZE, colors.muted,
                           space_before=CAPTION_SIZE * 0.25),)
    caption = _frame(Role.CAPTION, area, tuple(_centered(p) for p in paras), measurer)
    caption = _moved(caption, area.bottom - caption.rect.height)
    rect = Rect(area.x, area.y, area.width, caption.rect.y - GAP - area.y)
    notes = "\n\n".join(x for x in (plan.caption.plain(), plan.alt, plan.note.plain() if plan.note else "") if x)
    step = category_label_step(plan, rect.width, CHART_TEXT_SIZE, measurer)
    return DataPage((caption,), (SlideChart(plan, rect, CHART_TEXT_SIZE, step),), notes)


def _centered(para: TextPara) -> TextPara:
    return TextPara(para.runs, para.size, para.color, para.bullet, para.bullet_color, para.indent,
                    para.space_before, Align.CENTER)


BELOW_SHARE = 0.6
"""A chart under the section's points keeps at least this share of the content area's height."""


def chart_below(plan: ChartPlan, area: Rect, text_height: float, theme: Theme,
                measurer: Measurer) -> DataPage | None:
    """The chart across `area` under `text_height` points of text, or None when that would cramp it: too
    low a share of the height, or labels that fit the whole area but not the part left."""
    top = area.y + text_height + 2 * GAP
    rect = Rect(area.x, top, area.width, area.bottom - top)
    if rect.height < area.height * BELOW_SHARE:
        return None
    if not chart_fits(plan, rect, measurer) and chart_fits(plan, area, measurer):
        return None
    return chart_page(plan, rect, theme, measurer)


def chart_fits(plan: ChartPlan, area: Rect, measurer: Measurer, size: float = CHART_TEXT_SIZE) -> bool:
    """Whether the chart stays readable in `area` (its labels at `size`), leaving room for a caption."""
    height = area.height - 3 * size * 1.4
    if plan.type is ChartType.PIE:
        return min(area.width * 0.5, height) >= 10 * size
    widest_word = max(measurer.width(word, size) for c in plan.categories for word in (c.split() or [""]))
    count = len(plan.categories)
    if plan.type is ChartType.BAR:
        widest = max(measurer.width(c, size) for c in plan.categories)
        return min(widest, area.width * 0.4) + 10 * size <= area.width and count * size * 1.8 <= height
    slot = max(widest_word + size * 0.5, size * 2.5 * len(plan.series) if plan.type is ChartType.COLUMN
               else size * 2.0)
    return count * slot + 4 * size <= area.width

