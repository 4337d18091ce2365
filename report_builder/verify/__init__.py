"""`report-builder verify`: read every output back and check it holds what its brief says.

For each brief and format, the plan the writer followed says what the
output should hold (`expected.py`); the output is read back (`read.py`) and
each item looked for as a reader would recognise it (`match.py`). The report
shows where each item was found (page, slide, paragraph) and lists anything
missing, located at its line in the brief.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location
from ..writers import FORMATS, OutputFormat
from .expected import Expected, Item


@dataclass(frozen=True)
class Place:
    """Where an item was found in one output, or why it was not."""

    text: str
    found: bool


@dataclass
class OutputCheck:
    fmt: OutputFormat
    target: Path
    places: dict[str, Place] = field(default_factory=dict)
    problem: str | None = None
    """Why the output could not be checked at all: not built, unreadable."""

    @property
    def missing(self) -> list[str]:
        return [path for path, place in self.places.items() if not place.found]

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.missing


@dataclass
class BriefCheck:
    source: Path
    items: dict[str, Item]
    outputs: list[OutputCheck]

    @property
    def ok(self) -> bool:
        return all(output.ok for output in self.outputs)


def verify(sources: list[Path], cwd: Path, out_dir: Path, formats: list[OutputFormat],
           layout: str | None) -> list[BriefCheck]:
    """Check every output of every brief; raises ContentError when a brief itself is invalid."""
    from ..briefs import load_briefs, load_layouts

    briefs, _ = load_briefs(sources, cwd)
    themes, _ = load_layouts(briefs, layout, cwd)
    out = out_dir if out_dir.is_absolute() else cwd / out_dir
    checks = []
    for source, brief in briefs.items():
        items: dict[str, Item] = {}
        outputs = []
        for fmt in formats:
            expected = _expected(fmt, brief, themes[source])
            for path, item in expected.items.items():
                items.setdefault(path, item)
            outputs.append(check_output(fmt, out / f"{source.stem}{fmt.extension}", expected))
        checks.append(BriefCheck(source, _in_brief_order(items), outputs))
    return checks


def _expected(fmt: OutputFormat, brief, theme) -> Expected:
    from . import expected

    if fmt.name == "pptx":
        from ..layouts import DEFAULT_LAYOUT, builtin_layouts_dir
        from ..plan.deck import plan_deck
        from ..slide_template import read_template_boxes
        from ..theme import TEMPLATE_PPTX

        template = theme.template_pptx or builtin_layouts_dir() / DEFAULT_LAYOUT / TEMPLATE_PPTX  # as the writer
        return expected.deck_items(brief, plan_deck(brief, theme, read_template_boxes(template)), theme.dates)
    from ..plan.document import plan_document

    return expected.document_items(brief, plan_document(brief, theme, handout=fmt.name == "pdf"))


def check_output(fmt: OutputFormat, target: Path, expected: Expected) -> OutputCheck:
    from .match import normalize
    from .read import READERS

    check = OutputCheck(fmt, target)
    if not target.is_file():
        check.problem = "not built (run report-builder build)"
        return check
    try:
        output = READERS[fmt.name](target)
    except Exception as exc:  # noqa: BLE001 - a damaged file is a finding, whatever the reader raises
        check.problem = f"cannot be read as a {fmt.description}: {type(exc).__name__}: {exc}"
        return check
    pieces = [(path, normalize(piece)) for path, piece in expected.pieces]
    pieces = [(path, piece) for path, piece in pieces if piece.strip("…")]
    found = output.find_all([piece for _, piece in pieces])
    places: dict[str, list] = {path: [] for path in expected.items}
    for (path, _), where in zip(pieces, found):
        places[path].append(where)
    for path, wheres in places.items():
        if not wheres:
            continue
        near = [normalize(text) for text in expected.items[path].near]
        if any(where is None for where in wheres) or not all(output.near(text, wheres[0]) for text in near if text):
            check.places[path] = Place("MISSING", False)
        else:
            check.places[path] = Place(_span(wheres), True)
    return check


def _span(wheres) -> str:
    """'p. 3', 'pp. 3–4', 'slide 5 notes', 'slides 5–6', '¶11–14', 'table 1 row 2'."""
    first, last = wheres[0].first.place, max((w.last for w in wheres), key=lambda unit: unit.order).place
    shortened = " (shortened)" if any(w.shortened for w in wheres) else ""
    if first == last:
        return first + shortened
    a, b = _NUMBERED.match(first), _NUMBERED.match(last)
    if a and b and a.group(1) == b.group(1) and a.group(1) in _PLURAL:
        if a.group(2) == b.group(2):
            return f"{a.group(1)}{a.group(2)}{shortened}"
        return f"{_PLURAL[a.group(1)]}{a.group(2)}–{b.group(2)}{shortened}"
    return f"{first}–{last}{shortened}"


_NUMBERED = re.compile(r"^(\D*?)(\d+)(.*)$")
_PLURAL = {"p. ": "pp. ", "slide ": "slides ", "¶": "¶"}


def _in_brief_order(items: dict[str, Item]) -> dict[str, Item]:
    return dict(sorted(items.items(), key=lambda entry: (entry[1].location.line, entry[1].location.column)))


# The report ---------------------------------------------------------------------------------


def report(checks: list[BriefCheck], cwd: Path, *, quiet: bool = False, summary_only: bool = False) -> list[str]:
    """Lines for stdout: per brief a table of where each item was found, then a summary."""
    from ..progress import show_path

    lines: list[str] = []
    for check in checks:
        if not quiet and not summary_only:
            lines += _table(check)
        if not quiet:
            for output in check.outputs:
                lines.append(_summary(output, show_path(output.target, cwd)))
    return lines


def missing_messages(checks: list[BriefCheck], cwd: Path) -> list[str]:
    """For stderr: each missing item located at its line in the brief, as every other problem is."""
    from ..progress import show_path

    lines = []
    for check in checks:
        for output in check.outputs:
            shown = show_path(output.target, cwd)
            if output.problem:
                lines.append(f"{shown}: {output.problem}")
                continue
            for path in output.missing:
                item = check.items[path]
                location = Location(str(check.source), item.location.line, item.location.column)
                lines.append(f"{location}: {path}: {item.what} {_quote(item.text)} is missing from {shown}")
    return lines


def _table(check: BriefCheck) -> list[str]:
    names = [output.fmt.name for output in check.outputs]
    widths = [max([len(name)] + [len(o.places[p].text) for p in o.places] + [len(o.problem or "")]) + 2
              for name, o in zip(names, check.outputs)]
    label_width = 54
    header = "  " + "item".ljust(label_width) + "".join(n.ljust(w) for n, w in zip(names, widths))
    lines = [str(check.source), header.rstrip()]
    for path, item in check.items.items():
        cells = []
        for output, width in zip(check.outputs, widths):
            if output.problem:
                cell = "—"
            else:
                place = output.places.get(path)
                cell = place.text if place else "—"
            cells.append(cell.ljust(width))
        lines.append("  " + _padded(_label(path, item, label_width), label_width) + "".join(cells).rstrip())
    return lines


def _label(path: str, item: Item, width: int) -> str:
    text = " ".join(item.text.split())
    room = width - len(path) - 4
    if _width(text) > room:
        while text and _width(text) > room - 1:
            text = text[:-1]
        text = text.rstrip() + "…"
    return f"{path}  {text}"


def _padded(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _summary(output: OutputCheck, shown: str) -> str:
    if output.problem:
        return f"{shown}: {output.problem}"
    total, missing = len(output.places), len(output.missing)
    if not missing:
        return f"{shown}: all {total} items found"
    return f"{shown}: {missing} of {total} items missing"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"
