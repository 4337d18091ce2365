"""How a source and a numbered item read in every output: one function each, so the three agree.

A source reads "Title. Publisher, 13 Sep 2023. https://…": the title in
italics, the details at the date's own precision, the address last and
linked, a full stop after everything but the address (a stop after a URL
gets copied into it). Its label is "[n]", the number citations use.
Conclusions are numbered "1.", "2.", … wherever they appear.
"""

from __future__ import annotations

from ..dates import DateStyle
from ..model import RichText, Source, Text


def source_label(source: Source) -> str:
    """The number a citation of this source shows, as the source list shows it: '[3]'."""
    return f"[{source.number}]"


def source_reference(source: Source, dates: DateStyle) -> RichText:
    """The source's entry in a sources list, without its label, its date in the layout's style."""
    runs: list[Text] = [Text(source.title.strip(), italic=True)]
    details = ", ".join(part for part in (source.publisher, dates.show(source.date) if source.date else None) if part)
    if details:
        runs.append(Text(_stopped(source.title) + details.strip()))
    if source.url:
        runs.append(Text(_stopped(details or source.title)))
        runs.append(Text(source.url, href=source.url))
    else:
        runs.append(Text("" if (details or source.title).strip()[-1:] in ".?!" else "."))
    return RichText(tuple(run for run in runs if run.text), source.location, source.origin.path)


def item_number(index: int) -> str:
    """The label of the `index`-th (from 1) conclusion: '1.'."""
    return f"{index}."


def _stopped(text: str) -> str:
    """The punctuation that ends `text` before the next part: '. ', or just ' ' after ?, ! or ."""
    return " " if text.strip()[-1:] in ".?!" else ". "
