"""The YAML mistakes everyone makes, said in plain words with the fix.

The parser's own words ("mapping values are not allowed in this context",
"did not find expected '-' indicator") describe its state, not the
mistake. For the common mistakes (a ': ' inside unquoted text, a tab, a line
indented unlike its neighbours, an unclosed quote or bracket, text that
starts with a character YAML reserves) `explain` says what is wrong, where,
and how the line should read. Imported only when a file fails to parse.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_KEY = re.compile(r"^([^\s:#\-?\[\]{},&*!|>'\"%@`][^:#]*?|\"[^\"]*\"|'[^']*'):(?=\s|$)")
_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_FLOW_COMMENT = re.compile(r"[ \t](#[^,\]}\s]*)")
_DASH_NO_SPACE = re.compile(r"^( *)-[^\s\-]")
_NO_SPACE_COLON = re.compile(r"^\s*(?:- +)?[A-Za-z_][\w-]*:[^\s/]")

_RESERVED = {
    "*": "the start of an alias (a reference to an anchor), not italic or bold markup",
    "&": "an anchor name",
    "!": "a tag",
    "|": "the start of a block of text on the following lines",
    ">": "the start of a folded block of text on the following lines",
    "@": "a reserved character",
    "`": "a reserved character",
    "%": "a directive",
    "[": "the start of a list written inline, like [a, b]",
    "{": "the start of a mapping written inline, like {a: 1}",
}


@dataclass(frozen=True)
class Hint:
    """A located explanation: where to point (1-based), what is wrong, and how to fix it."""

    line: int
    column: int
    message: str
    fix: str
    corrected: str | None = None
    """The line as it should read, when it can be said exactly."""


@dataclass(frozen=True)
class _Line:
    """One source line's structure as far as indentation goes."""

    indent: int
    item: bool
    key: str | None
    key_column: int
    value_column: int

    @classmethod
    def parse(cls, text: str) -> "_Line":
        indent = len(text) - len(text.lstrip(" "))
        column = indent
        rest = text[indent:]
        item = False
        while rest == "-" or rest.startswith("- "):
            item = True
            stripped = rest[1:].lstrip(" ")
            column += len(rest) - len(stripped)
            rest = stripped
        match = _KEY.match(rest)
        key = match.group(1) if match else None
        value_column = column
        if match:
            after = rest[match.end():]
            value_column = column + match.end() + len(after) - len(after.lstrip(" "))
        return cls(indent, item, key, column, value_column)


def explain(text: str, problem: str | None, line: int, column: int,
            context: str | None = None, context_line: int | None = None,
            context_column: int | None = None) -> Hint | None:
    """A hint for a PyYAML error at 0-based (line, column), or None when no rule fits."""
    lines = text.split("\n")
    problem = problem or ""
    context = context or ""
    for rule in (_tab, _unknown_escape, _unclosed_quote, _reserved_start, _comment_in_flow, _unclosed_bracket,
                 _colon_in_text, _missing_colon, _dash_without_space, _indentation):
        hint = rule(lines, problem, line, column, context, context_line, context_column)
        if hint is not None:
            return hint
    return None


def excerpt(text: str, line: int, column: int) -> list[str]:
    """The source line with a caret under the 1-based column."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return []
    return line_excerpt(lines[line - 1], line, column)


def line_excerpt(source: str, line: int, column: int) -> list[str]:
    """One source line, numbered, with a caret under the 1-based column."""
    shown = _visible(source)
    caret = " " * _width(shown[: column - 1]) + "^"
    return [f"  {line:>4} | {shown}", f"  {'':>4} | {caret}"]


def detail(text: str, hint: Hint) -> str:
    """What follows the located message: the line with a caret, the fix, and the line as it should read."""
    out = excerpt(text, hint.line, hint.column)
    if hint.corrected is None:
        out.append(f"  fix: {hint.fix}")
    else:
        out += [f"  fix: {hint.fix}; the line should read:", f"  {hint.line:>4} | {_visible(hint.corrected)}"]
    return "\n".join(out)


@dataclass(frozen=True)
class CutHint:
    line: int
    column: int
    message: str
    detail: str


def cut_by_comment(source: str, line: int, column: int, value_column: int | None, value: str) -> CutHint:
    """Plain text cut short by ` #`, which starts a comment: say what was kept and how to keep the rest.

    `column` (1-based) is the '#'; `value_column` (0-based) where the text
    starts when it is on the same line.
    """
    comment = source[column - 1:].rstrip()
    message = (f"' #' starts a comment in YAML, so this text ends before it: '{_short(value)}', "
               f"without '{_short(comment)}'")
    lines = line_excerpt(source, line, column)
    if value_column is not None:
        whole = source[value_column:].rstrip()
        corrected = source[:value_column] + _quoted(whole)
        lines += ["  fix: if the rest is part of the text, put the whole text in quotes; the line should read:",
                  f"  {line:>4} | {_visible(corrected)}", "  (if it is a comment, put a space after the '#')"]
    else:
        lines.append("  fix: if the rest is part of the text, put the whole text in quotes; "
                     "if it is a comment, put a space after the '#'")
    return CutHint(line, column, message, "\n".join(lines))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Rules, most specific first --------------------------------------------------------------


def _tab(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    for number in dict.fromkeys(n for n in (line, context_line) if n is not None and n < len(lines)):
        source = lines[number]
        leading = source[: len(source) - len(source.lstrip(" \t"))]
        if "\t" in leading:
            content = source[len(leading):]
            wanted = _indent_after(lines, number, _Line.parse(content))
            corrected = None if wanted is None else " " * wanted + content
            return Hint(number + 1, leading.index("\t") + 1, "a tab in the indentation; YAML indents with spaces only",
                        "replace the tab with spaces", corrected)
        if number == line and column < len(source) and source[column] == "\t":
            return Hint(number + 1, column + 1, "a tab where YAML expects spaces", "replace the tab with spaces")
    return None


def _indent_after(lines: list[str], line: int, here: _Line) -> int | None:
    """Where a line most likely belongs: under a field that opens a block, else beside the line above."""
    previous = _previous(lines, line)
    if previous is None:
        return 0
    above = _Line.parse(lines[previous])
    if lines[previous].rstrip().endswith(":"):
        return above.key_column + 2
    if here.item:
        return above.indent if above.item else None
    return above.key_column if above.key is not None else None


def _unknown_escape(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    if any(words in problem for words in ("invalid Unicode character escape", "hexadecimal numbers",
                                          "expected hexdecimal number")):
        return Hint(line + 1, max(column, 1), "a \\u, \\U or \\x escape inside double quotes must name a "
                    "character by its hexadecimal code (\\u00e9 for é; U+D800 to U+DFFF are not characters)",
                    "write the character itself, or a backslash as \\\\")
    if "unknown escape character" not in problem:
        return None
    return Hint(line + 1, max(column, 1), "a backslash inside double quotes starts an escape such as \\n",
                "write a backslash as \\\\, or put the text in single quotes instead ('C:\\folder')")


def _unclosed_quote(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    if "quoted scalar" not in context or context_line is None:
        return None
    source = lines[context_line]
    quote = source[context_column] if context_column < len(source) else '"'
    corrected = source.rstrip() + quote if source.count(quote) % 2 == 1 else None
    return Hint(context_line + 1, context_column + 1, f"the quote ({quote}) that starts here is never closed",
                f"end the text with a matching {quote}; inside {quote}…{quote}, "
                + ("write a double quote as \\\"" if quote == '"' else "write a single quote as ''"),
                corrected)


def _reserved_start(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    """Text starting with a character YAML gives a meaning: *markup*, [a link](…), "a quote" then more."""
    for number in dict.fromkeys(n for n in (line, context_line) if n is not None and n < len(lines)):
        source = lines[number]
        parsed = _Line.parse(source)
        start = parsed.value_column
        if start >= len(source):
            continue
        first = source[start]
        value = source[start:].rstrip()
        if first in "\"'":
            end = source.find(first, start + 1)
            if end == -1 or not source[end + 1:].strip() or source[end + 1:].lstrip().startswith("#"):
                continue
            text_end = _comment_start(value)
            if text_end > 1 and value[text_end - 1] == first:  # 'It's here': a quote inside the quotes
                inner = value[1:text_end - 1]
                doubled = "''" if first == "'" else '\\"'
                return Hint(number + 1, end + 1, f"this {first} ends the quoted text early; the rest of it "
                            "is left over", f"inside {first}…{first}, write {first} as {doubled}, or quote the "
                            "text with the other kind of quote", source[:start] + _quoted(inner) + value[text_end:])
            return Hint(number + 1, end + 2, f"text continues after the closing quote ({first})",
                        "a quoted text must be quoted as a whole: put the quotes around all of it",
                        source[:start] + _quoted(value))
        if first not in _RESERVED:
            continue
        if first in "[{" and _closes_on_line(source, start) is None:
            continue  # an inline list left open: _unclosed_bracket says so
        if first in "[{":
            after = source[_closes_on_line(source, start) + 1:].strip()
            if not after or after.startswith("#"):
                continue
        return Hint(number + 1, start + 1, f"text that starts with '{first}' must be in quotes; "
                    f"YAML reads '{first}' as {_RESERVED[first]}",
                    "put the whole text in quotes", source[:start] + _quoted(value))
    return None


def _comment_in_flow(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    """`{primary: #1B4D3E}`: the ' #' starts a comment that hides the rest of the line, its closing '}' too."""
    if "flow" not in context or context_line is None:
        return None
    for number in range(min(context_line, len(lines) - 1), max(context_line - 20, -1), -1):
        source = lines[number]
        for match in _FLOW_COMMENT.finditer(source):
            before = source[:match.start()]
            opened = before.count("{") + before.count("[") - before.count("}") - before.count("]")
            if opened > 0 and before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
                head = source[:match.start(1)]
                start = max(head.rfind(c) + len(c) for c in ("[", "{", ",", ": "))
                start += len(source[start:]) - len(source[start:].lstrip())
                token = source[start:match.end(1)]
                corrected = source[:start] + _quoted(token) + source[match.end(1):]
                return Hint(number + 1, match.start(1) + 1,
                            "' #' starts a comment in YAML, which hides the rest of this line, "
                            "with the bracket that closes it", f"put {token} in quotes", corrected)
    return None


def value_is_comment(source: str, line: int, column: int) -> CutHint:
    """`primary: #1B4D3E`: the value is empty, as ' #' starts a comment; `column` (1-based) is the '#'."""
    rest = source[column - 1:]
    end = _comment_start(rest[1:]) + 1
    token = rest[:end].rstrip()
    corrected = source[:column - 1] + _quoted(token) + rest[len(token):]
    lines = [*line_excerpt(source, line, column),
             "  fix: put it in quotes; the line should read:", f"  {line:>4} | {_visible(corrected)}"]
    return CutHint(line, column, f"this value is empty: ' #' starts a comment in YAML, so '{_short(token)}' "
                   "is not read", "\n".join(lines))


def _unclosed_bracket(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    if "flow" not in context or context_line is None:
        return None
    found = _open_bracket(lines, context_line, context_column)
    if found is None:
        return None
    context_line, context_column = found
    source = lines[context_line]
    opening = source[context_column]
    closing = {"[": "]", "{": "}"}.get(opening, "]")
    kind = "list" if opening == "[" else "mapping"
    if _closes_on_line(source, context_column) is None and source.rstrip().endswith(opening):
        return Hint(context_line + 1, context_column + 1,
                    f"'{opening}' starts a {kind} written inline, which must end with '{closing}'",
                    f"write it on one line, like {'[a, b]' if opening == '[' else '{a: 1, b: 2}'}; "
                    f"or remove the '{opening}' and write each item on its own line"
                    + (", starting with '- '" if opening == "[" else ""))
    corrected = source.rstrip() + closing if source.count(closing) < source.count(opening) else None
    return Hint(context_line + 1, context_column + 1, f"the '{opening}' here is never closed with '{closing}'",
                f"close the {kind} with '{closing}' (separate its items with ', ')", corrected)


def _colon_in_text(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    if "mapping values are not allowed" not in problem or line >= len(lines):
        return None
    source = lines[line]
    if column >= len(source) or source[column] != ":":
        return None
    parsed = _Line.parse(source)
    if parsed.key is None or parsed.key_column + len(parsed.key) >= column:
        return None  # the colon is the line's own key: an indentation mistake
    head = source[: parsed.key_column]
    if _FIELD_NAME.match(parsed.key):
        corrected = source[: parsed.value_column] + _quoted(source[parsed.value_column:].rstrip())
    else:
        corrected = head + _quoted(source[parsed.key_column:].rstrip())
    return Hint(line + 1, column + 1, "': ' (a colon and a space) inside unquoted text starts another field",
                "put the whole text in quotes", corrected)


def _missing_colon(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    if line >= 1 and "mapping values are not allowed" in problem:
        previous = _previous(lines, line)
        if previous is not None and _NO_SPACE_COLON.match(lines[previous]) and ": " not in lines[previous]:
            source = lines[previous]
            at = source.index(":")
            return Hint(previous + 1, at + 1, "a field needs a space after its colon",
                        "write 'name: value', with a space after the ':'",
                        source[: at + 1] + " " + source[at + 1:])
    if "could not find expected ':'" in problem and context_line is not None:
        source = lines[context_line]
        return Hint(context_line + 1, context_column + 1, "this line has text but no 'field:' in front of it",
                    "if it continues the text above, put that text in quotes or indent this line under it; "
                    "if it is a field, write 'name: value'")
    return None


def _dash_without_space(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    """`-title: B` among `- title: A` items: a list item needs a space after its '-'."""
    if not any(words in problem for words in ("expected '-' indicator", "expected key", "mapping values",
                                               "expected <block end>")):
        return None
    for number in (line, _previous(lines, line)):
        if number is None or number >= len(lines):
            continue
        match = _DASH_NO_SPACE.match(lines[number])
        if match:
            at = match.end(1)
            return Hint(number + 1, at + 1, "a list item needs a space after its '-'",
                        "write '- ' (a dash and a space) before the item",
                        lines[number][:at + 1] + " " + lines[number][at + 1:])
    return None


def _indentation(lines, problem, line, column, context, context_line, context_column) -> Hint | None:
    if not any(words in problem for words in ("expected '-' indicator", "expected key", "mapping values",
                                               "expected <block end>")):
        return None
    if line >= len(lines) or not lines[line].strip():
        return None
    source = lines[line]
    here = _Line.parse(source)
    sibling = _sibling(lines, line, here)
    if sibling is None:
        return None
    number, column_wanted, shown = sibling
    if column_wanted == here.indent:
        return None
    what = f"'{here.key}:'" if here.key and not here.item else "this '-' item" if here.item else "this line"
    theirs = "is not indented" if column_wanted == 0 else f"by {_spaces(column_wanted)}"
    fix = "start it in the first column" if column_wanted == 0 else f"indent it by {_spaces(column_wanted)}"
    return Hint(line + 1, here.indent + 1,
                f"{what} is indented by {_spaces(here.indent)}, but {shown} on line {number + 1} {theirs}",
                f"{fix}: the fields of one mapping, and the items of one list, start in the same column",
                " " * column_wanted + source.lstrip(" "))


# Helpers ----------------------------------------------------------------------------------


def _sibling(lines: list[str], line: int, here: _Line) -> tuple[int, int, str] | None:
    """The earlier line this one most likely lines up with: (line, column, how to name it)."""
    best = None
    for number in range(line - 1, -1, -1):
        text = lines[number]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        other = _Line.parse(text)
        if here.item and other.item:
            candidate = (other.indent, "the '-' item")
        elif not here.item and other.key is not None:
            candidate = (other.key_column, f"'{other.key}:'")
        else:
            continue
        distance = abs(candidate[0] - here.indent)
        if best is None or distance < best[0]:
            best = (distance, number, *candidate)
    return None if best is None else best[1:]


def _previous(lines: list[str], line: int) -> int | None:
    for number in range(line - 1, -1, -1):
        if lines[number].strip() and not lines[number].lstrip().startswith("#"):
            return number
    return None


def _open_bracket(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """The nearest '[' or '{' at or before (line, column) that is not closed before it."""
    depth = 0
    for number in range(line, -1, -1):
        text = lines[number]
        end = min(column, len(text) - 1) if number == line else len(text) - 1
        for index in range(end, -1, -1):
            if text[index] in "]}":
                depth += 1
            elif text[index] in "[{":
                if depth == 0:
                    return number, index
                depth -= 1
    return None


def _closes_on_line(source: str, start: int) -> int | None:
    """Index of the bracket closing the one at `start`, on the same line, or None."""
    opening = source[start]
    closing = {"[": "]", "{": "}"}[opening]
    depth = 0
    for index in range(start, len(source)):
        if source[index] == opening:
            depth += 1
        elif source[index] == closing:
            depth -= 1
            if depth == 0:
                return index
    return None


def _comment_start(value: str) -> int:
    """Where a trailing ` # comment` starts in a line's value (its length when there is none)."""
    match = re.search(r"\s+#", value)
    return match.start() if match else len(value)


def _quoted(value: str) -> str:
    """The value in the quotes that need no escaping where possible."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _spaces(count: int) -> str:
    return f"{count} space{'s' * (count != 1)}"


def _visible(text: str) -> str:
    """Tabs shown as '→' and control characters as their symbols (␇), so the one at fault can be seen."""
    return "".join("→" if ch == "\t" else chr(0x2400 + ord(ch)) if ord(ch) < 32 else "␡" if ch == "\x7f" else ch
                   for ch in text)


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
