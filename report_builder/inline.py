"""Inline markup to runs: `**bold**`, `*italic*`, `[text](url)` and `[@id]`.

Hand-written rather than markdown-it-py on purpose: the contract says every
other character is literal, while a Markdown parser would also read entities
(`&amp;`), raw HTML, backticks, underscores and autolinks, and it costs about
50 ms to import, more than all of `check` otherwise. A delimiter that has no
partner stays literal text. A backslash before `*`, `[` or `]` makes that
character literal.

Linear in the text: where the parser looks ahead (the bracket or parenthesis
that closes one, the delimiter that closes an emphasis), the answer is
computed once per position, so a text full of `*a [b` that never closes
costs no more than plain text.
"""

from __future__ import annotations

import bisect
import re

from .model import Citation, Run, Text

_CITATION = re.compile(r"\[(@[A-Za-z0-9_][\w.:/-]*(?:\s*[;,]\s*@[A-Za-z0-9_][\w.:/-]*)*)\]")
_CITATION_ID = re.compile(r"@([A-Za-z0-9_][\w.:/-]*)")
_ESCAPABLE = "*[]\\"
_TOKENS = re.compile(r"\\.|[\[\]()]", re.DOTALL)
_MARKUP = re.compile(r"[\\\[*]")
"""Where markup may start; the text between is copied as a whole, not character by character."""


class InlineProblem:
    """A problem found while parsing; the validator adds the location."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


class _Style:
    """The emphasis and link in force. Plain classes here: a dataclass costs about half a millisecond to
    create, at every start of `check`, and these are never compared or copied."""

    __slots__ = ("bold", "italic", "href")

    def __init__(self, bold: bool = False, italic: bool = False, href: str | None = None):
        self.bold = bold
        self.italic = italic
        self.href = href


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
        self._matches: dict[str, dict[int, int]] | None = None
        self._closers: dict[tuple[int, int], dict[int, int]] = {}
        self._spaces: _Spaces | None = None

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
            markup = _MARKUP.search(text, i, end)
            if markup is None:
                literal.append(text[i:end])
                break
            if markup.start() > i:
                literal.append(text[i : markup.start()])
                i = markup.start()
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
        if url_end < 0 or not self._plain_url(close + 2, url_end):
            return 0
        url = text[close + 2 : url_end].strip()
        problem = link_problem(url)
        if problem:
            self.problems.append(InlineProblem(f"link {problem}"))
        flush()
        inner = _Style(style.bold, style.italic, url)
        label = self.parse(i + 1, close, inner) if close > i + 1 else [Text(url, style.bold, style.italic, url)]
        runs.extend(label)
        return url_end + 1

    def _matching(self, i, end, opening, closing) -> int:
        """Index of the `closing` that balances the `opening` at i (a backslash skips any character), or -1."""
        if self._matches is None:
            self._matches = _balanced(self.text)
        close = self._matches[opening].get(i, -1)
        return close if close < end else -1

    def _plain_url(self, start: int, end: int) -> bool:
        """Whether text[start:end], stripped, is non-empty and has no space, without copying it."""
        if self._spaces is None:
            self._spaces = _Spaces(self.text)
        return self._spaces.plain(start, end)

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
        """Index of the delimiter closing an emphasis opened before `start`.

        The scan's only state is its position, so every position it passes
        gets the scan's answer: a later scan reaching it stops there.
        """
        known = self._closers.setdefault((end, width), {})
        text = self.text
        passed: list[int] = []
        found = -1
        j = start + 1
        while j < end:
            if j in known:
                found = known[j]
                break
            passed.append(j)
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
                    found = run_end - 2
                    break
                if width == 1 and closes and run_length in (1, 3):
                    found = run_end - 1 if run_length == 3 else j
                    break
                if width == 1 and run_length == 2:
                    inner_close = self._closer(run_end, end, 2) if run_end < end else -1
                    if inner_close >= 0:
                        j = inner_close + 2
                        continue
                j = run_end
                continue
            j += 1
        for position in passed:
            known[position] = found
        return found

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


def _balanced(text: str) -> dict[str, dict[int, int]]:
    """For every `[` and `(`, the index of the `]` or `)` that balances it, scanning as `_matching` does.

    Depth D(p) counts the unescaped openings minus closings up to p. A scan
    from an opening at i (escaped or not: it counts i itself) stops at the
    first closing after i where D falls to D(i) - 1. One pass from the
    right, remembering the nearest closing at each depth, answers that for
    every opening.
    """
    matches: dict[str, dict[int, int]] = {}
    for opening, closing in (("[", "]"), ("(", ")")):
        tokens = [(m.start(), m.group()) for m in _TOKENS.finditer(text) if m.group() in (opening, closing)]
        depth_after = []
        depth = 0
        for _, token in tokens:
            depth += 1 if token == opening else -1
            depth_after.append(depth)
        nearest_closing: dict[int, int] = {}
        found: dict[int, int] = {}
        index = len(tokens) - 1
        for i in reversed([m.start() for m in re.finditer(re.escape(opening), text)]):
            while index >= 0 and tokens[index][0] > i:
                if tokens[index][1] == closing:
                    nearest_closing[depth_after[index]] = tokens[index][0]
                index -= 1
            close = nearest_closing.get((depth_after[index] if index >= 0 else 0) - 1)
            if close is not None:
                found[i] = close
        matches[opening] = found
    return matches


class _Spaces:
    """Where the spaces and the runs of whitespace are, to answer questions about any slice in log time."""

    def __init__(self, text: str):
        self.spaces = [m.start() for m in re.finditer(" ", text)]
        runs = [(m.start(), m.end()) for m in re.finditer(r"\s+", text)]
        self.run_starts = [start for start, _ in runs]
        self.run_ends = [end for _, end in runs]

    def skip(self, position: int) -> int:
        """The first position at or after `position` that is not whitespace."""
        index = bisect.bisect_right(self.run_starts, position) - 1
        if index >= 0 and self.run_ends[index] > position:
            return self.run_ends[index]
        return position

    def plain(self, start: int, end: int) -> bool:
        """text[start:end].strip() is non-empty and holds no space (as the URL check reads it)."""
        first = self.skip(start)
        if first >= end:
            return False
        index = bisect.bisect_left(self.spaces, first)
        if index == len(self.spaces) or self.spaces[index] >= end:
            return True
        return self.skip(self.spaces[index]) >= end


def _merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs of the same style so writers emit fewer spans (once, not run by run)."""
    merged: list[Run] = []
    pending: list[Text] = []

    def flush() -> None:
        if pending:
            first = pending[0]
            text = "".join(run.text for run in pending)
            if text:
                merged.append(Text(text, first.bold, first.italic, first.href))
            pending.clear()

    for run in runs:
        if isinstance(run, Text):
            if pending and (pending[0].bold, pending[0].italic, pending[0].href) != (run.bold, run.italic, run.href):
                flush()
            pending.append(run)
        else:
            flush()
            merged.append(run)
    flush()
    return merged
