"""YAML text to a tree of nodes that remember their line and column.

Only PyYAML's parser is used (libyaml's events): nodes are built here and no
object is ever constructed, so a YAML tag cannot run anything. An alias
shares the node of its anchor, and the text it would expand to is counted,
so a "billion laughs" file is refused at once instead of expanding. Every
step is linear in the file and bounded (see LIMITS). This module knows
nothing about briefs.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .errors import ContentError, Diagnostic, Diagnostics, Location, Severity
from .inputs import MAX_YAML_BYTES, InputProblem, read_input

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = MAX_YAML_BYTES
MAX_TEXT_CHARS = 100_000
"""One text (a paragraph, a title, a bullet): about 40 pages of prose."""
MAX_NODES = 1_000_000
"""Values in one file (every text, list and mapping): 20,000 developments with every field use about 320,000."""
MAX_ALIAS_NODES = 100_000
MAX_ALIAS_CHARS = 1_000_000
"""What aliases may add to a file: they are for repeating small pieces, not for multiplying text."""
MAX_DEPTH = 200
LIMITS = {
    "file size": MAX_FILE_BYTES, "characters in one text": MAX_TEXT_CHARS, "values": MAX_NODES,
    "values added by aliases": MAX_ALIAS_NODES, "characters added by aliases": MAX_ALIAS_CHARS,
    "nesting depth": MAX_DEPTH,
}

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


class Node:
    """A value of the file with where it starts. Plain classes, not dataclasses: nodes are never compared
    or copied, and a dataclass costs about half a millisecond to create, at every start of `check`."""

    __slots__ = ("location",)

    def __init__(self, location: Location):
        self.location = location


class Scalar(Node):
    """A scalar keeps its source text; the validator decides what type it needs.

    `warning` is what a validator says when it reads this as text: unquoted
    text that a comment cut short (`Issue #5 update`), or a list item without
    its space (`-one`).
    """

    __slots__ = ("text", "tag", "quoted", "warning")

    def __init__(self, location: Location, text: str, tag: str, quoted: bool, warning: Diagnostic | None = None):
        self.location = location
        self.text = text
        self.tag = tag
        self.quoted = quoted
        self.warning = warning

    @property
    def is_null(self) -> bool:
        return self.tag == "tag:yaml.org,2002:null"

    @property
    def is_bool(self) -> bool:
        return self.tag == "tag:yaml.org,2002:bool"

    @property
    def bool_value(self) -> bool:
        return self.text.lower() in ("true", "yes", "on", "y")


class Mapping(Node):
    """Keys in file order, each with the key's own location."""

    __slots__ = ("entries",)

    def __init__(self, location: Location, entries: dict[str, tuple[Location, Node]] | None = None):
        self.location = location
        self.entries = {} if entries is None else entries


class Sequence(Node):
    __slots__ = ("items",)

    def __init__(self, location: Location, items: list[Node] | None = None):
        self.location = location
        self.items = [] if items is None else items


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
        data = read_input(path, MAX_FILE_BYTES, "a YAML file")
    except InputProblem as exc:
        raise ContentError([_diag(Location(file, 1, 1), "(file)", f"the file {exc.reason}")]) from None
    return parse_yaml(decode_source(data, file), file)


def parse_yaml(text: str, file: str) -> Node:
    if not text.strip():
        raise ContentError([_diag(Location(file, 1, 1), "(file)", "the file is empty")])
    builder = _Builder(file, text)
    loader = _Loader(text)
    try:
        root = builder.build(loader)
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
    except _Refused as exc:
        builder.diagnostics.error(exc.location, "(yaml)", exc.message)
        raise ContentError(builder.diagnostics.sorted()) from None
    finally:
        loader.dispose()
    if root is None:
        raise ContentError([_diag(Location(file, 1, 1), "(file)", "the file holds no YAML document")])
    if builder.diagnostics.errors:
        raise ContentError(builder.diagnostics.sorted())
    return root


def _character_index(text: str, position: int, character: int) -> int:
    """libyaml reports a position in UTF-8 bytes, the Python parser in characters: the index in `text`."""
    if 0 <= position < len(text) and ord(text[position]) == character:
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str) -> Diagnostic:
    """The mistake in plain words with the line, a caret and the fix; the parser's words when no rule fits."""
    from .yaml_hints import detail, excerpt, explain

    mark, context = exc.problem_mark or exc.context_mark, exc.context_mark
    if mark is not None and "exceeded maximum nesting depth" in (exc.problem or ""):
        # libyaml stops at 1,000 levels, before the events that would meet MAX_DEPTH: the same words
        return Diagnostic(Severity.ERROR, Location(file, mark.line + 1, mark.column + 1), "(yaml)",
                          f"the YAML is nested more than {MAX_DEPTH} levels deep",
                          "\n".join(excerpt(text, mark.line + 1, mark.column + 1)))
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


class _Refused(Exception):
    """A limit was exceeded: building stops at once with this message."""

    def __init__(self, location: Location, message: str):
        self.location = location
        self.message = message


class _Open:
    """A list or mapping being built: its node, its path, and a key waiting for its value."""

    __slots__ = ("node", "path", "depth", "anchor", "key", "key_pending", "skip_value")

    def __init__(self, node: Node, path: str, depth: int, anchor: str | None = None):
        self.node = node
        self.path = path
        self.depth = depth
        self.anchor = anchor
        self.key: tuple[str, Location] | None = None
        self.key_pending = True
        self.skip_value = False


class _Builder:
    """Nodes from parser events, with an explicit stack (no recursion) and running budgets.

    An alias reuses its anchor's node; the size that node stands for
    (values, characters, depth) is computed once per node, so counting an
    alias costs nothing however often it repeats.
    """

    def __init__(self, file: str, text: str = ""):
        self.file = file
        self.text = text
        self.lines: list[str] | None = None
        self.diagnostics = Diagnostics()
        self.anchors: dict[str, Node] = {}
        self.open_anchors: set[str] = set()
        self.nodes = 0
        self.alias_nodes = 0
        self.alias_chars = 0
        self.weights: dict[int, tuple[int, int, int]] = {}

    def location(self, event) -> Location:
        mark = event.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1) if mark else Location(self.file)

    def build(self, loader) -> Node | None:
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            loader.get_event()
            return None
        document = loader.get_event()
        root = self._document(loader)
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark,
                                              "but found another document", event.start_mark)
        loader.get_event()
        return root

    def _document(self, loader) -> Node:
        stack: list[_Open] = []
        root: Node | None = None
        while True:
            event = loader.get_event()
            parent = stack[-1] if stack else None
            path = self._child_path(parent)
            depth = parent.depth + 1 if parent else 0
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                if done.anchor is not None:
                    self.open_anchors.discard(done.anchor)
                    self.anchors[done.anchor] = done.node
                node = done.node
                if not stack:
                    return node
                self._place(stack[-1], node, event)
                continue
            if isinstance(event, yaml.AliasEvent):
                node = self._alias(event, depth)
            elif isinstance(event, yaml.ScalarEvent):
                node = self._scalar(event, path, depth)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                is_map = isinstance(event, yaml.MappingStartEvent)
                node = self._start(event, path, depth, is_map)
                stack.append(_Open(node, path, depth, event.anchor))
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                continue
            else:  # pragma: no cover - the parser emits nothing else inside a document
                raise yaml.composer.ComposerError(None, None, "unexpected YAML event", event.start_mark)
            if parent is None:
                return node
            self._place(parent, node, event)

    def _count(self, event, depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(self.location(event), f"the file holds more than {MAX_NODES:,} values "
                                                 "(texts, lists and mappings); split it into several briefs")
        if depth > MAX_DEPTH:
            raise _Refused(self.location(event), f"the YAML is nested more than {MAX_DEPTH} levels deep")

    def _check_tag(self, tag: str | None, location: Location, path: str) -> None:
        if tag is not None and tag not in _STANDARD_TAGS and tag != "!":
            self.diagnostics.error(
                location,
                path or "(yaml)",
                f"YAML tag '{_short_tag(tag)}' is not allowed; briefs hold only plain text, lists and mappings"
                + ("" if _short_tag(tag).startswith("!!") else "; text that starts with '!' must be in quotes"),
            )

    def _scalar(self, event, path: str, depth: int) -> Scalar:
        self._count(event, depth)
        location = self.location(event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolve_scalar(event)
        else:
            self._check_tag(tag, location, path)
        if len(event.value) > MAX_TEXT_CHARS:
            self.diagnostics.error(location, path or "(yaml)",
                                   f"this text is {len(event.value):,} characters long; "
                                   f"one text may hold at most {MAX_TEXT_CHARS:,}")
        node = Scalar(location, event.value, tag, event.style in ("'", '"', "|", ">"))
        if not event.style and tag == "tag:yaml.org,2002:str":
            node.warning = self._cut_by_comment(event, path) or self._dash_without_space(event, path)
        elif not event.style and not event.value and tag == "tag:yaml.org,2002:null":
            node.warning = self._comment_for_value(event, path)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node

    def _cut_by_comment(self, event, path: str) -> Diagnostic | None:
        """A warning when ` #` ends plain text and what follows has no space after the '#' (`#5`)."""
        end = event.end_mark
        if end is None:
            return None
        source = self._line(end.line)
        if source is None:
            return None
        match = _CONTENT_COMMENT.match(source[end.column:])
        if match is None:
            return None
        from .yaml_hints import cut_by_comment

        start = event.start_mark
        hint = cut_by_comment(source, end.line + 1, end.column + match.start(1) + 1,
                              start.column if start.line == end.line else None, event.value)
        return Diagnostic(Severity.WARNING, Location(self.file, hint.line, hint.column), path or "(yaml)",
                          hint.message, hint.detail)

    def _comment_for_value(self, event, path: str) -> Diagnostic | None:
        """`primary: #1B4D3E`: an empty value whose comment reads like the value meant."""
        end = event.end_mark
        source = self._line(end.line) if end is not None else None
        if source is None:
            return None
        match = _CONTENT_COMMENT.match(source[end.column:]) or _CONTENT_COMMENT.match(" " + source[end.column:])
        if match is None:
            return None
        from .yaml_hints import value_is_comment

        column = end.column + source[end.column:].index("#") + 1
        hint = value_is_comment(source, end.line + 1, column)
        return Diagnostic(Severity.WARNING, Location(self.file, hint.line, hint.column), path or "(yaml)",
                          hint.message, hint.detail)

    def _dash_without_space(self, event, path: str) -> Diagnostic | None:
        """A warning for `-one` under `bullets:`: YAML reads it as text, not as a list item."""
        if not _DASH_WORD.match(event.value) or event.start_mark is None:
            return None
        from .yaml_hints import line_excerpt

        start = event.start_mark
        source = self._line(start.line)
        if source is None or source[start.column:start.column + 1] != "-":
            return None
        corrected = source[:start.column] + "- " + source[start.column + 1:]
        detail = "\n".join([*line_excerpt(source, start.line + 1, start.column + 1),
                            "  fix: if this is a list item, put a space after the '-'; the line should read:",
                            *line_excerpt(corrected, start.line + 1, 0)[:1]])
        return Diagnostic(Severity.WARNING, Location(self.file, start.line + 1, start.column + 1), path or "(yaml)",
                          f"this text starts with '-' and no space, so YAML reads it as text, not a list item: "
                          f"'{event.value[:40]}{'…' * (len(event.value) > 40)}'", detail)

    def _line(self, number: int) -> str | None:
        """A source line (0-based), without its line break."""
        if self.lines is None:
            self.lines = self.text.split("\n")
        return self.lines[number].rstrip("\r") if number < len(self.lines) else None

    def _start(self, event, path: str, depth: int, is_map: bool) -> Node:
        self._count(event, depth)
        location = self.location(event)
        self._check_tag(event.tag, location, path)
        return Mapping(location) if is_map else Sequence(location)

    def _alias(self, event, depth: int) -> Node:
        location = self.location(event)
        if event.anchor in self.open_anchors:
            raise _Refused(location, f"alias '*{event.anchor}' refers to the list or mapping that contains it")
        node = self.anchors.get(event.anchor)
        if node is None:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias '{event.anchor}'",
                                              event.start_mark)
        nodes, chars, node_depth = self._weight(node)
        self.alias_nodes += nodes
        self.alias_chars += chars
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise _Refused(location, f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes; "
                                     "anchors and aliases may only repeat small pieces of text")
        if self.alias_chars > MAX_ALIAS_CHARS:
            raise _Refused(location, f"aliases expand to more than {MAX_ALIAS_CHARS:,} characters of text; "
                                     "anchors and aliases may only repeat small pieces of text")
        if depth + node_depth > MAX_DEPTH:
            raise _Refused(location, f"the YAML is nested more than {MAX_DEPTH} levels deep")
        return node

    def _weight(self, node: Node) -> tuple[int, int, int]:
        """Values, characters and depth a node stands for, aliases expanded; once per list or mapping."""
        if isinstance(node, Scalar):
            return 1, len(node.text), 0
        known = self.weights.get(id(node))
        if known is not None:
            return known
        if isinstance(node, Mapping):
            children = [value for _, value in node.entries.values()]
            nodes, chars = 1 + len(node.entries), sum(len(key) for key in node.entries)
        else:
            children = node.items
            nodes, chars = 1, 0
        depth = 0
        for child in children:
            c_nodes, c_chars, c_depth = self._weight(child)
            nodes, chars, depth = nodes + c_nodes, chars + c_chars, max(depth, c_depth + 1)
        self.weights[id(node)] = (nodes, chars, depth)
        return nodes, chars, depth

    def _child_path(self, parent: _Open | None) -> str:
        if parent is None:
            return ""
        if isinstance(parent.node, Sequence):
            return f"{parent.path}[{len(parent.node.items)}]"
        if parent.key_pending or parent.key is None:
            return parent.path
        key = parent.key[0]
        return f"{parent.path}.{key}" if parent.path else key

    def _place(self, parent: _Open, node: Node, event) -> None:
        if isinstance(parent.node, Sequence):
            parent.node.items.append(node)
            return
        mapping = parent.node
        assert isinstance(mapping, Mapping)
        if parent.key_pending:
            parent.key_pending = False
            parent.skip_value = False
            parent.key = None
            key_location = node.location if isinstance(node, Scalar) else self.location(event)
            where = parent.path or "(yaml)"
            if not isinstance(node, Scalar):
                self.diagnostics.error(node.location, where, "a mapping key must be plain text")
                parent.skip_value = True
            elif node.tag == _MERGE:
                self.diagnostics.error(key_location, where, "merge keys ('<<') are not supported")
                parent.skip_value = True
            else:
                key = node.text
                if key in mapping.entries:
                    first = mapping.entries[key][0]
                    key_path = f"{parent.path}.{key}" if parent.path else key
                    self.diagnostics.error(key_location, key_path,
                                           f"duplicate key '{key}' (first defined at line {first.line})")
                    parent.skip_value = True
                parent.key = (key, key_location)
            return
        parent.key_pending = True
        if not parent.skip_value and parent.key is not None:
            key, key_location = parent.key
            mapping.entries[key] = (key_location, node)


def _resolve_scalar(event) -> str:
    """The tag PyYAML's resolver gives a scalar without an explicit tag: plain `12` is a number.

    Plain `<<` resolves to the merge tag (refused as a key); plain `=` to
    PyYAML's 'value' tag, which is just text here.
    """
    tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    return tag if tag in _STANDARD_TAGS or tag == _MERGE else "tag:yaml.org,2002:str"


_RESOLVER = yaml.resolver.Resolver()
_CONTENT_COMMENT = re.compile(r"[ \t]+(#)[^\s#]")
_DASH_WORD = re.compile(r"-[^\W\d_]")
_MERGE = "tag:yaml.org,2002:merge"


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
