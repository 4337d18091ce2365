"""YAML text to a tree of nodes that remember their line and column.

Only PyYAML's composer is used: it builds plain nodes and never constructs
objects, so a YAML tag cannot run anything. Aliases are followed with a node
budget, so a "billion laughs" file is refused quickly instead of expanding.
This module knows nothing about briefs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError, Diagnostic, Diagnostics, Location, Severity

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_NODES = 100_000
MAX_DEPTH = 200

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class Node:
    location: Location


@dataclass
class Scalar(Node):
    """A scalar keeps its source text; the validator decides what type it needs."""

    text: str
    tag: str
    quoted: bool

    @property
    def is_null(self) -> bool:
        return self.tag == "tag:yaml.org,2002:null"

    @property
    def is_bool(self) -> bool:
        return self.tag == "tag:yaml.org,2002:bool"

    @property
    def bool_value(self) -> bool:
        return self.text.lower() in ("true", "yes", "on", "y")


@dataclass
class Mapping(Node):
    """Keys in file order, each with the key's own location."""

    entries: dict[str, tuple[Location, Node]] = field(default_factory=dict)


@dataclass
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


def kind_name(node: Node) -> str:
    """How a node is named in messages: 'a string', 'a list', 'a mapping'."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    assert isinstance(node, Scalar)
    if node.is_null:
        return "nothing (null)"
    if node.is_bool:
        return f"a boolean ({node.text})"
    if node.tag == "tag:yaml.org,2002:int" and not node.quoted:
        return f"a number ({node.text})"
    return "a string"


def decode_source(data: bytes, file: str) -> str:
    """UTF-8 only (a BOM is allowed): anything else is an error with its position."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise ContentError(
            [
                _diag(
                    Location(file, line, column),
                    "(file)",
                    f"the file is not UTF-8 text (byte 0x{bad}); save it as UTF-8",
                )
            ]
        ) from None


def read_yaml(path: Path, display_name: str | None = None) -> Node:
    """Read one YAML file into a located node tree, or raise ContentError."""
    file = display_name or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError([_diag(Location(file, 1, 1), "(file)", f"cannot read the file: {exc.strerror}")]) from None
    return parse_yaml(decode_source(data, file), file)


def parse_yaml(text: str, file: str) -> Node:
    if not text.strip():
        raise ContentError([_diag(Location(file, 1, 1), "(file)", "the file is empty")])
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_syntax_error(exc, text, file)]) from None
    except yaml.reader.ReaderError as exc:
        from .yaml_hints import excerpt

        position = _character_index(text, exc.position, exc.character)
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        raise ContentError(
            [
                Diagnostic(
                    Severity.ERROR,
                    Location(file, line, column),
                    "(yaml)",
                    f"character U+{exc.character:04X} is not allowed in a YAML file; remove it",
                    "\n".join(excerpt(text, line, column)),
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError([_diag(Location(file), "(yaml)", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise ContentError([_diag(Location(file), "(yaml)", "the YAML is nested too deeply")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise ContentError([_diag(Location(file, 1, 1), "(file)", "the file holds no YAML document")])
    converter = _Converter(file)
    node = converter.convert(root)
    if converter.diagnostics.errors:
        raise ContentError(converter.diagnostics.sorted())
    return node


def _character_index(text: str, position: int, character: int) -> int:
    """libyaml reports a position in UTF-8 bytes, the Python parser in characters: the index in `text`."""
    if 0 <= position < len(text) and ord(text[position]) == character:
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    """The mistake in plain words with the line, a caret and the fix; the parser's words when no rule fits."""
    from .yaml_hints import detail, excerpt, explain

    mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
    if mark is None:
        return _diag(Location(file), "(yaml)", f"YAML syntax error: {exc.problem or exc.context or 'invalid YAML'}")
    try:
        hint = explain(text, exc.problem, mark.line, mark.column, exc.context,
                       context.line if context else None, context.column if context else None)
    except Exception:  # noqa: BLE001 - a hint is a courtesy: without one, the parser's own words
        hint = None
    if hint is not None:
        return Diagnostic(Severity.ERROR, Location(file, hint.line, hint.column), "(yaml)",
                          f"YAML syntax error: {hint.message}", detail(text, hint))
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem and context is not None:
        problem += f" ({exc.context} that starts at line {context.line + 1})"
    return Diagnostic(Severity.ERROR, Location(file, mark.line + 1, mark.column + 1), "(yaml)",
                      f"YAML syntax error: {problem}", "\n".join(excerpt(text, mark.line + 1, mark.column + 1)))


def _diag(location: Location, path: str, message: str):
    diagnostics = Diagnostics()
    diagnostics.error(location, path, message)
    return diagnostics.items[0]


class _AliasBudgetExceeded(Exception):
    pass


class _Converter:
    def __init__(self, file: str):
        self.file = file
        self.count = 0
        self.diagnostics = Diagnostics()

    def location(self, yaml_node) -> Location:
        mark = yaml_node.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1)

    def convert(self, yaml_node) -> Node:
        try:
            return self._convert(yaml_node, "", 0)
        except _AliasBudgetExceeded:
            location = self.location(yaml_node)
            self.diagnostics.error(
                location,
                "(yaml)",
                f"aliases expand to more than {MAX_NODES:,} nodes; "
                "anchors and aliases may only repeat small pieces of text",
            )
            return Scalar(location, "", "tag:yaml.org,2002:null", False)

    def _convert(self, yaml_node, path: str, depth: int) -> Node:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise _AliasBudgetExceeded
        location = self.location(yaml_node)
        if yaml_node.tag not in _STANDARD_TAGS:
            self.diagnostics.error(
                location,
                path or "(yaml)",
                f"YAML tag '{_short_tag(yaml_node.tag)}' is not allowed; briefs hold only plain text, lists and mappings"
                + ("" if _short_tag(yaml_node.tag).startswith("!!") else "; text that starts with '!' must be in quotes"),
            )
        if isinstance(yaml_node, yaml.ScalarNode):
            return Scalar(location, yaml_node.value, yaml_node.tag, yaml_node.style in ("'", '"', "|", ">"))
        if isinstance(yaml_node, yaml.SequenceNode):
            return Sequence(location, [self._convert(item, f"{path}[{index}]", depth + 1) for index, item in enumerate(yaml_node.value)])
        mapping = Mapping(location)
        for key_node, value_node in yaml_node.value:
            key_location = self.location(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.error(key_location, path or "(yaml)", "a mapping key must be plain text")
                continue
            key = key_node.value
            key_path = f"{path}.{key}" if path else key
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diagnostics.error(key_location, path or "(yaml)", "merge keys ('<<') are not supported")
                continue
            if key in mapping.entries:
                first = mapping.entries[key][0]
                self.diagnostics.error(
                    key_location, key_path, f"duplicate key '{key}' (first defined at line {first.line})"
                )
                continue
            mapping.entries[key] = (key_location, self._convert(value_node, key_path, depth + 1))
        return mapping


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
