"""XPath expressions of python-docx and python-pptx compiled once, not on every call.

Both libraries look things up with `element.xpath(expression)`, which lxml
compiles anew on each call: a deck asks several hundred times (each shape's
placeholder, the next free shape id), about a twentieth of the writer's
time. The same expressions, compiled once per process, give the same
results.
"""

from __future__ import annotations

from lxml import etree

_MAX_EXPRESSIONS = 2000
"""Expressions can hold values (a style's id): past this many, start again rather than grow."""


def compile_once(element_class, namespaces: dict[str, str]) -> None:
    """Give `element_class` (a library's base element) an `xpath` that keeps each expression compiled."""
    compiled: dict[str, etree.XPath] = {}

    def xpath(self, expression: str):
        found = compiled.get(expression)
        if found is None:
            if len(compiled) >= _MAX_EXPRESSIONS:
                compiled.clear()
            found = compiled[expression] = etree.XPath(expression, namespaces=namespaces)
        return found(self)

    xpath.__doc__ = element_class.xpath.__doc__
    element_class.xpath = xpath
