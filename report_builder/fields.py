"""Typed access to located YAML nodes, collecting every problem it finds.

Shared by the brief validator and the layout (theme) validator, so both give
the same messages: wrong types, missing fields, unknown keys with a "did you
mean" suggestion, text that no document format can hold.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from .errors import Diagnostics, Location, Severity
from .model import PartialDate
from .reader import Mapping, Node, Scalar, Sequence, kind_name

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LOOSE_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
"""A date with one-digit parts or other separators: refused, with the two-digit form suggested."""
# Characters XML 1.0 (and so .docx and .pptx) cannot hold, plus noncharacters.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
"""A number as YAML writes one; Python's float() also takes 'nan', 'inf' and '1_000', which a theme must not."""


class FieldReader:
    """Reads fields off mappings; every problem goes to `diagnostics`, never raised."""

    def __init__(self, diagnostics: Diagnostics):
        self.diagnostics = diagnostics

    def error(self, location: Location, path: str, message: str) -> None:
        self.diagnostics.error(location, path or "(document)", message)

    def warning(self, location: Location, path: str, message: str) -> None:
        self.diagnostics.warning(location, path, message)

    # Structure ------------------------------------------------------------

    def mapping(self, node: Node, path: str, allowed: dict[str, str], what: str) -> Mapping | None:
        """Check a node is a mapping with only known keys; `allowed` maps key to its docstring."""
        if not isinstance(node, Mapping):
            self.error(node.location, path, f"expected {what} (a mapping of fields), got {kind_name(node)}")
            return None
        unknown = 0
        for key, (key_location, _) in node.entries.items():
            if key not in allowed:
                unknown += 1
                message = _unknown_key_message(key, allowed) if unknown <= SUGGESTED else f"unknown key '{key}'"
                self.error(key_location, _join(path, key), message)
        return node

    def require(self, mapping: Mapping, key: str, path: str) -> Node | None:
        entry = mapping.entries.get(key)
        if entry is None or (isinstance(entry[1], Scalar) and entry[1].is_null):
            note = entry[1].warning if entry else None
            if note is not None:  # `primary: #1B4D3E`: the value went into a comment
                self.diagnostics.items.append(note._replace(severity=Severity.ERROR))
                return None
            location = entry[1].location if entry else mapping.location
            self.error(location, _join(path, key), f"required field '{key}' is missing")
            return None
        return entry[1]

    def optional(self, mapping: Mapping, key: str) -> Node | None:
        entry = mapping.entries.get(key)
        if entry is None or (isinstance(entry[1], Scalar) and entry[1].is_null):
            if entry and entry[1].warning is not None and entry[1].warning not in self.diagnostics.items:
                self.diagnostics.items.append(entry[1].warning)
            return None
        return entry[1]

    def items(self, node: Node, path: str, single_allowed: bool = False) -> list[tuple[str, Node]]:
        """A list's items with their paths; a lone scalar counts as a list of one where allowed."""
        if isinstance(node, Sequence):
            return [(f"{path}[{index}]", item) for index, item in enumerate(node.items)]
        if single_allowed and isinstance(node, Scalar):
            return [(path, node)]
        expected = "a list or a string" if single_allowed else "a list"
        self.error(node.location, path, f"expected {expected}, got {kind_name(node)}")
        return []

    # Scalars --------------------------------------------------------------

    def text(self, node: Node, path: str, *, collapse: bool = True, allow_empty: bool = False) -> str | None:
        """A string field. Numbers and booleans are taken as the text the user typed."""
        if not isinstance(node, Scalar) or node.is_null:
            hint = ""
            if isinstance(node, Mapping) and len(node.entries) == 1:
                hint = " (unquoted text containing ': ' starts a mapping; put the text in quotes)"
            self.error(node.location, path, f"expected a string, got {kind_name(node)}{hint}")
            return None
        value = node.text
        if node.warning is not None and node.warning not in self.diagnostics.items:
            self.diagnostics.items.append(node.warning)
        bad = _FORBIDDEN.search(value)
        if bad:
            self.error(
                node.location,
                path,
                f"contains the control character U+{ord(bad.group()):04X}, "
                "which Word, PowerPoint and PDF files cannot hold; remove it",
            )
            return None
        value = _WHITESPACE.sub(" ", value).strip() if collapse else value.strip()
        if not value and not allow_empty:
            self.error(node.location, path, "must not be empty")
            return None
        return value

    def boolean(self, node: Node, path: str) -> bool | None:
        if isinstance(node, Scalar) and node.is_bool:
            return node.bool_value
        self.error(node.location, path, f"expected true or false, got {kind_name(node)}")
        return None

    def number(self, node: Node, path: str, minimum: float | None = None, maximum: float | None = None) -> float | None:
        if isinstance(node, Scalar) and not node.quoted:
            try:
                value = float(node.text) if _NUMBER.match(node.text.strip()) else None
            except ValueError:
                value = None
            if value is not None and not math.isfinite(value):
                self.error(node.location, path, f"{node.text} is not a finite number")
                return None
            if value is not None:
                if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
                    self.error(node.location, path, f"{node.text} is out of range ({minimum} to {maximum})")
                    return None
                return value
        self.error(node.location, path, f"expected a number, got {kind_name(node)}")
        return None

    def full_date(self, node: Node, path: str) -> _dt.date | None:
        raw = self._date_text(node, path)
        if raw is None:
            return None
        match = _FULL_DATE.match(raw)
        if not match:
            if _PARTIAL_DATE.match(raw):
                self.error(node.location, path, f"'{raw}' is not a full date; this date needs YYYY-MM-DD")
            else:
                self.error(node.location, path, f"'{raw}' is not a valid date; write it as YYYY-MM-DD{_padded(raw)}")
            return None
        try:
            return _dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            self.error(node.location, path, f"'{raw}' is not a valid date")
            return None

    def partial_date(self, node: Node, path: str) -> PartialDate | None:
        raw = self._date_text(node, path)
        if raw is None:
            return None
        match = _PARTIAL_DATE.match(raw)
        if not match:
            self.error(node.location, path,
                       f"'{raw}' is not a valid date; write it as YYYY-MM-DD, YYYY-MM or YYYY{_padded(raw)}")
            return None
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            _dt.date(year, month or 1, day or 1)
        except ValueError:
            self.error(node.location, path, f"'{raw}' is not a valid date")
            return None
        return PartialDate(year, month, day)

    def _date_text(self, node: Node, path: str) -> str | None:
        if not isinstance(node, Scalar) or node.is_null:
            self.error(node.location, path, f"expected a date, got {kind_name(node)}")
            return None
        return node.text.strip()


def _padded(raw: str) -> str:
    """' (here: 2024-06-05)' for a date written with one-digit parts or other separators."""
    loose = _LOOSE_DATE.match(raw)
    if not loose:
        return ""
    year, month, day = (int(part) if part else None for part in loose.groups())
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        return ""
    return " (here: " + PartialDate(year, month, day).iso() + ")"


SUGGESTED = 100
"""Unknown keys of one mapping given a 'did you mean': far more than anyone reads, and each costs a search."""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _unknown_key_message(key: str, allowed: dict[str, str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
    if not close:
        lowered = {name.lower(): name for name in allowed}
        if key.lower() in lowered:
            close = [lowered[key.lower()]]
    if close:
        return f"unknown key '{key}'; did you mean '{close[0]}'?"
    return f"unknown key '{key}'; expected one of: {', '.join(allowed)}"


def suggestion(word: str, choices: list[str]) -> str:
    """' ; did you mean 'x'?' when one choice is close, else ''."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
