"""Text put into XML written as a string: escaped as the standard library's xml.sax.saxutils does.

xml.sax.saxutils imports urllib.request and http.client with it, about
16 ms of a Word worker's start, for two one-line functions.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """`text` as element content: &, < and > escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoted(value: str) -> str:
    """`value` as a double-quoted attribute value, read back exactly as given (line breaks and tabs too)."""
    value = escape(value).replace('"', "&quot;")
    return '"' + value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'
