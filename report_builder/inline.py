"""Inline markup to runs: `**bold**`, `*italic*`, `[text](url)` and `[@id]`.

Hand-written rather than markdown-it-py on purpose: the contract says every
other character is literal, while a Markdown parser would also read entities
(`&amp;`), raw HTML, backticks, underscores and autolinks, and it costs about
50 ms to import, more than all of `check` otherwise. A delimiter that has no
partner stays literal text. A backslash before `*`, `[` or `]` makes that
character literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Citation, Run, Text

_CITATION = re.compile(r"\[(@[A-Za-z0-9_][\w.:/-]*(?:\s*[;,]\s*@[A-Za-z0-9_][\w.:/-]*)*)\]")
_CITATION_ID = re.compile(r"@([A-Za-z0-9_][\w.:/-]*)")
_ESCAPABLE = "*[]\\"


@dataclass(frozen=True)
class InlineProblem:
    """A problem found while parsing; the validator adds the location."""

    message: str


@dataclass(frozen=True)
class _Style:
    bold: bool = False
    italic: bool = False
    href: str | None = None


def parse_inline(text: str) -> tuple[tuple[Run, ...], list[InlineProblem]]:
    """Parse one text field; citations come back unnumbered (number 0)."""
    problems: list[InlineProblem] = []
    runs = _Parser(text, problems).parse(0, len(text), _Style())
    return tuple(_merge(runs)), problems


def link_problem(url: str) -> str | None:
    """Why a URL is refused, or None: only absolute http(s) URLs are allowed."""
    lowered = url.lower()
    if not (lowered.startswith("http://") or lowered.startswith("https://")):
        return f"URL '{url}' is not an http(s) URL"
    if len(url.split("://", 1)[1].split("/", 1)[0]) == 0:
        return f"URL '{url}' has no host"
    if any(ch.isspace() for ch in url):
        return f"URL '{url}' contains spaces"
    return None


class _Parser:
    def __init__(self, text: str, problems: list[InlineProblem]):
        self.text = text
        self.problems = problems

    def parse(self, start: int, end: int, style: _Style) -> list[Run]:
        text = self.text
        runs: list[Run] = []
        literal: list[str] = []

        def flush() -> None:
            if literal:
                runs.append(Text("".join(literal), style.bold, style.italic, style.href))
                literal.clear()

        i = start
        while i < end:
            ch = text[i]
            if ch == "\\" and i + 1 < end and text[i + 1] in _ESCAPABLE:
                literal.append(text[i + 1])
                i += 2
                continue
            if ch == "[":
                consumed = self._bracket(i, end, style, runs, flush)
                if consumed:
                    i = consumed
                    continue
            if ch == "*":
                consumed = self._emphasis(i, end, style, runs, flush)
                if consumed:
                    i = consumed
                    continue
            literal.append(ch)
            i += 1
        flush()
        return runs

    def _bracket(self, i, end, style, runs, flush) -> int:
        text = self.text
        citation = _CITATION.match(text, i, end)
        if citation:
            flush()
            for source_id in _CITATION_ID.findall(citation.group(1)):
                runs.append(Citation(source_id))
            return citation.end()
        if style.href is not None:
            return 0
        close = self._matching(i, end, "[", "]")
        if close < 0 or close + 1 >= end or text[close + 1] != "(":
            return 0
        url_end = self._matching(close + 1, end, "(", ")")
        if url_end < 0:
            return 0
        url = text[close + 2 : url_end].strip()
        if not url or " " in url:
            return 0
        problem = link_problem(url)
        if problem:
            self.problems.append(InlineProblem(f"link {problem}"))
        flush()
        inner = _Style(style.bold, style.italic, url)
        label = self.parse(i + 1, close, inner) if close > i + 1 else [Text(url, style.bold, style.italic, url)]
        runs.extend(label)
        return url_end + 1

    def _matching(self, i, end, opening, closing) -> int:
        depth = 0
        j = i
        while j < end:
            ch = self.text[j]
            if ch == "\\" and j + 1 < end:
                j += 2
                continue
            if ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth == 0:
                    return j
            j += 1
        return -1

    def _emphasis(self, i, end, style, runs, flush) -> int:
        text = self.text
        double = text.startswith("**", i) and i + 2 < end
        width = 2 if double else 1
        if double and style.bold or (not double and style.italic):
            return 0
        content_start = i + width
        if content_start >= end or text[content_start].isspace():
            return 0
        close = self._closer(content_start, end, width)
        if close < 0:
            return 0
        flush()
        inner = _Style(style.bold or double, style.italic or not double, style.href)
        runs.extend(self.parse(content_start, close, inner))
        return close + width

    def _closer(self, start, end, width) -> int:
        """Index of the delimiter closing an emphasis opened before `start`."""
        text = self.text
        j = start + 1
        while j < end:
            ch = text[j]
            if ch == "\\" and j + 1 < end:
                j += 2
                continue
            if ch == "[":
                skip = self._skip_bracket(j, end)
                if skip:
                    j = skip
                    continue
            if ch == "*":
                run_end = j
                while run_end < end and text[run_end] == "*":
                    run_end += 1
                run_length = run_end - j
                closes = not text[j - 1].isspace()
                if width == 2 and run_length >= 2 and closes:
                    return run_end - 2
                if width == 1 and closes and run_length in (1, 3):
                    return run_end - 1 if run_length == 3 else j
                if width == 1 and run_length == 2:
                    inner_close = self._closer(run_end, end, 2) if run_end < end else -1
                    if inner_close >= 0:
                        j = inner_close + 2
                        continue
                j = run_end
                continue
            j += 1
        return -1

    def _skip_bracket(self, j, end) -> int:
        """Skip over a citation or link so a `*` inside a URL never closes emphasis."""
        citation = _CITATION.match(self.text, j, end)
        if citation:
            return citation.end()
        close = self._matching(j, end, "[", "]")
        if close > 0 and close + 1 < end and self.text[close + 1] == "(":
            url_end = self._matching(close + 1, end, "(", ")")
            if url_end > 0:
                return url_end + 1
        return 0


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of the same style so writers emit fewer spans."""
    merged: list[Run] = []
    for run in runs:
        previous = merged[-1] if merged else None
        if (
            isinstance(run, Text)
            and isinstance(previous, Text)
            and (previous.bold, previous.italic, previous.href) == (run.bold, run.italic, run.href)
        ):
            merged[-1] = Text(previous.text + run.text, run.bold, run.italic, run.href)
        elif not (isinstance(run, Text) and run.text == ""):
            merged.append(run)
    return merged
