"""Inline markup: bold, italic, links and citations parsed once into runs."""

from __future__ import annotations

import pytest

from report_builder.inline import parse_inline
from report_builder.model import Citation, Text


def runs(text):
    parsed, problems = parse_inline(text)
    assert problems == []
    return list(parsed)


def test_plain_text_is_literal():
    text = 'A <b>tag</b> & "quotes" — Привет, 안녕하세요 😀 5 * 3 * 2 [not a link] _under_ `tick` &amp;'
    assert runs(text) == [Text(text)]


def test_bold_and_italic():
    assert runs("**bold** and *italic*") == [Text("bold", bold=True), Text(" and "), Text("italic", italic=True)]


def test_bold_italic_together_and_nested():
    assert runs("***both***") == [Text("both", bold=True, italic=True)]
    assert runs("*a **b** c*") == [
        Text("a ", italic=True),
        Text("b", bold=True, italic=True),
        Text(" c", italic=True),
    ]


def test_link_with_markup_and_parentheses_in_url():
    assert runs("see [the **site**](https://x.org/a_(b)) now") == [
        Text("see "),
        Text("the ", href="https://x.org/a_(b)"),
        Text("site", bold=True, href="https://x.org/a_(b)"),
        Text(" now"),
    ]


def test_citations_single_and_grouped():
    assert runs("cite [@src-1] and [@a; @b.c]") == [
        Text("cite "),
        Citation("src-1"),
        Text(" and "),
        Citation("a"),
        Citation("b.c"),
    ]


@pytest.mark.parametrize("text", ["**unclosed", "*unclosed", "a ** b", "trailing *", "[text](not a url)"])
def test_unpaired_delimiters_stay_literal(text):
    assert runs(text) == [Text(text)]


def test_backslash_escapes_markup():
    assert runs(r"a \*not\* b \[@x]") == [Text("a *not* b [@x]")]


def test_star_inside_url_does_not_close_emphasis():
    assert runs("*see [x](https://e.org/a*b) here*") == [
        Text("see ", italic=True),
        Text("x", italic=True, href="https://e.org/a*b"),
        Text(" here", italic=True),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("[x](ftp://host/file)", "link URL 'ftp://host/file' is not an http(s) URL"),
        ("[x](javascript:alert(1))", "link URL 'javascript:alert(1)' is not an http(s) URL"),
        ("[x](https://)", "link URL 'https://' has no host"),
    ],
)
def test_non_http_links_are_problems(text, message):
    _, problems = parse_inline(text)
    assert [p.message for p in problems] == [message]


def test_citations_are_numbered_in_reading_order(fixture_brief):
    brief = fixture_brief("valid/citations.yaml")
    assert [(s.id, s.number) for s in brief.sources] == [("second", 1), ("first", 2), ("dev", 3), ("unused", 4)]
    assert brief.summary[0].text.plain() == "Judgment [1]."
    assert brief.sections[0].bullets[0].plain() == "Point [2] and again [1]."
    assert brief.developments[0].sources[0].number == 3
