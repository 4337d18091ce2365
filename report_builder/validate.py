"""Located YAML nodes to one validated `Brief`, reporting every problem of a file.

The schema is declared once below (field name and what it is for); the
functions that follow read it field by field. Problems are collected, never
raised one at a time, so a user fixes a file in one pass.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from .errors import ContentError, Diagnostics, Location
from .fields import FieldReader, suggestion
from .images import ImageProblem, prepare
from .inputs import MAX_IMAGE_BYTES, InputProblem, read_input
from .inline import link_problem, parse_inline
from .model import Brief, Citation, Development, Image, Judgment, Origin, RichText, Section, Source, Table
from .reader import Mapping, Node, Scalar, Sequence, read_yaml
from .validate_data import DataValidator

BRIEF_FIELDS = {
    "title": "Title of the brief (required).",
    "subtitle": "One line under the title.",
    "date": "ISO date of the brief, YYYY-MM-DD (required).",
    "authors": "A string or a list of strings.",
    "organization": "Who issues the brief.",
    "classification": "Marking shown on every page and every slide.",
    "layout": "Name of a shipped or local layout; --layout overrides it.",
    "summary": "Key judgments: strings, or {title, text} mappings.",
    "sections": "Ordered sections; at least one (required).",
    "developments": "Dated events: the chronology.",
    "conclusions": "Strings, or {title, text} mappings.",
    "sources": "Sources referenced by id.",
}
SECTION_FIELDS = {
    "id": "Unique slug; derived from the title when absent.",
    "title": "Section heading (required).",
    "headline": "One-sentence takeaway: the slide title, the lead in print.",
    "paragraphs": "Prose: a string or a list of strings.",
    "bullets": "Key points; slides prefer these.",
    "notes": "Speaker notes.",
    "image": "{path, caption, alt}; the path is relative to the YAML file.",
    "table": "A table, or a list of them: {caption, columns, rows, align, note}.",
    "chart": "A chart, or a list of them: {type, title, categories, series, unit, note, alt}.",
    "chronology": "true: the chronology follows this section.",
}
IMAGE_FIELDS = {
    "path": "Image file relative to the YAML file, inside its folder tree (required).",
    "caption": "Caption under the image.",
    "alt": "Description for screen readers.",
}
DEVELOPMENT_FIELDS = {
    "date": "YYYY-MM-DD, YYYY-MM or YYYY (required).",
    "title": "What happened (required).",
    "summary": "A sentence or two of detail.",
    "significance": "Why it matters.",
    "actors": "Who took part: a string or a list.",
    "sources": "Ids from `sources`.",
}
JUDGMENT_FIELDS = {"title": "A short headline that stands for the text.", "text": "The full text (required)."}
SOURCE_FIELDS = {
    "id": "Unique id used in citations (required).",
    "title": "Title of the source (required).",
    "publisher": "Who published it.",
    "date": "YYYY-MM-DD, YYYY-MM or YYYY.",
    "url": "http(s) address.",
}

MAX_LABEL_CHARS = 2_000
"""Titles, names, headlines and captions: a paragraph's worth. Prose fields hold up to reader.MAX_TEXT_CHARS."""
_ID = re.compile(r"^[A-Za-z0-9_][\w.:/-]*$")


def load_brief(path: Path, display_name: str | None = None) -> tuple[Brief, list]:
    """Read and validate one brief; return it with its warnings, or raise ContentError."""
    file = display_name or str(path)
    root = read_yaml(path, file)
    return validate_brief(root, path, file)


def validate_brief(root: Node, path: Path, file: str) -> tuple[Brief, list]:
    diagnostics = Diagnostics()
    brief = _BriefValidator(FieldReader(diagnostics), path, file).brief(root)
    if diagnostics.errors or brief is None:
        raise ContentError(diagnostics.sorted())
    return brief, diagnostics.sorted()


class _Pending:
    """A cited id waiting to be checked once every source id is known."""

    __slots__ = ("source_id", "location", "path")

    def __init__(self, source_id: str, location: Location, path: str):
        self.source_id = source_id
        self.location = location
        self.path = path


class _BriefValidator:
    def __init__(self, fields: FieldReader, path: Path, file: str):
        self.f = fields
        self.path = path
        self.file = file
        self.base = path.resolve().parent
        self.citations: list[_Pending] = []
        self.data = DataValidator(fields, self._rich)

    # Top level ------------------------------------------------------------

    def brief(self, root: Node) -> Brief | None:
        top = self.f.mapping(root, "", BRIEF_FIELDS, "a brief")
        if top is None:
            return None
        title = self._required_text(top, "title", "")
        date = None
        date_node = self.f.require(top, "date", "")
        if date_node is not None:
            date = self.f.full_date(date_node, "date")
        subtitle = self._optional_text(top, "subtitle", "subtitle")
        organization = self._optional_text(top, "organization", "organization")
        classification = self._optional_text(top, "classification", "classification")
        authors = self._string_list(top, "authors", "authors")
        layout = self._optional_text(top, "layout", "layout")
        summary = self._list_of(top, "summary", self._judgment, single_allowed=True)

        sections: list[Section] = []
        sections_node = self.f.require(top, "sections", "")
        if sections_node is not None:
            items = self.f.items(sections_node, "sections")
            if not items and isinstance(sections_node, Sequence):
                self.f.error(sections_node.location, "sections", "needs at least one section")
            sections = [s for s in (self._section(node, item_path) for item_path, node in items) if s]
            self._unique_section_ids(sections)
            chronology_sections = [s for s in sections if s.chronology]
            for extra in chronology_sections[1:]:
                self.f.error(extra.location, f"sections[{sections.index(extra)}].chronology",
                             f"only one section may set chronology: true (section '{chronology_sections[0].id}' already does)")

        developments = self._list_of(top, "developments", self._development)
        conclusions = self._list_of(top, "conclusions", self._judgment)
        sources = self._list_of(top, "sources", self._source)
        self._unique_source_ids(sources)

        if title is None or date is None or sections_node is None:
            return None
        self._check_citations(sources, _declared_source_ids(self.f.optional(top, "sources")))
        self._warn_chronology(developments, date, top)
        ordered = tuple(sorted(developments, key=lambda d: d.date.sort_key))
        brief = Brief(
            title=title,
            date=date,
            sections=tuple(sections),
            subtitle=subtitle,
            authors=authors,
            organization=organization,
            classification=classification,
            summary=tuple(summary),
            developments=ordered,
            conclusions=tuple(conclusions),
            sources=tuple(sources),
            layout=layout,
            source_file=self.path,
            location=root.location,
            origin=_origin(top, ""),
        )
        if self.f.diagnostics.errors:
            return brief
        self._warn_uncited(sources)
        return number_citations(brief)

    # Objects --------------------------------------------------------------

    def _section(self, node: Node, path: str) -> Section | None:
        m = self.f.mapping(node, path, SECTION_FIELDS, "a section")
        if m is None:
            return None
        title = self._required_text(m, "title", path)
        section_id = self._optional_text(m, "id", f"{path}.id")
        if section_id is not None and not _ID.match(section_id):
            self.f.error(m.entries["id"][1].location, f"{path}.id",
                         f"'{section_id}' is not a valid id; use letters, digits and - _ . : /")
        headline_node = self.f.optional(m, "headline")
        headline = self._rich(headline_node, f"{path}.headline", label=True) if headline_node is not None else None
        paragraphs = self._rich_list(m, "paragraphs", f"{path}.paragraphs", single_allowed=True)
        bullets = self._rich_list(m, "bullets", f"{path}.bullets", single_allowed=True)
        notes_node = self.f.optional(m, "notes")
        notes = self._rich(notes_node, f"{path}.notes") if notes_node is not None else None
        image_node = self.f.optional(m, "image")
        image = self._image(image_node, f"{path}.image") if image_node is not None else None
        tables = self.data.tables(m, path)
        charts = self.data.charts(m, path)
        chronology_node = self.f.optional(m, "chronology")
        chronology = bool(chronology_node is not None and self.f.boolean(chronology_node, f"{path}.chronology"))
        if title is None:
            return None
        return Section(
            id=section_id or slugify(title),
            title=title,
            headline=headline,
            paragraphs=paragraphs,
            bullets=bullets,
            notes=notes,
            image=image,
            tables=tables,
            charts=charts,
            chronology=chronology,
            location=node.location,
            origin=_origin(m, path),
        )

    def _image(self, node: Node, path: str) -> Image | None:
        m = self.f.mapping(node, path, IMAGE_FIELDS, "an image")
        if m is None:
            return None
        path_node = self.f.require(m, "path", path)
        caption_node = self.f.optional(m, "caption")
        caption = self._rich(caption_node, f"{path}.caption", label=True) if caption_node is not None else None
        alt = self._optional_text(m, "alt", f"{path}.alt")
        if path_node is None:
            return None
        raw = self.f.text(path_node, f"{path}.path")
        if raw is None:
            return None
        found = self._image_file(raw, path_node.location, f"{path}.path")
        if found is None:
            return None
        resolved, prepared = found
        if alt is None:
            self.f.warning(m.location, f"{path}.alt", "image has no alt text; screen readers will only read its caption")
            alt = caption.plain_without_citations() if caption else ""
        return Image(path=resolved, alt=alt, caption=caption, location=node.location, origin=_origin(m, path),
                     data=prepared.data, width_px=prepared.width, height_px=prepared.height)

    def _image_file(self, raw: str, location: Location, path: str):
        """The image's absolute path and its checked bytes, or None after reporting what is wrong."""
        candidate = Path(raw)
        if candidate.is_absolute() or candidate.drive:
            self.f.error(location, path, f"image path '{raw}' must be relative to the brief's folder")
            return None
        try:
            resolved = Path(os.path.realpath(self.base / candidate))
        except (OSError, RuntimeError, ValueError):
            self.f.error(location, path, f"image file '{raw}' is a loop of symbolic links")
            return None
        if not resolved.is_relative_to(self.base):
            self.f.error(location, path, f"image path '{raw}' leaves the brief's folder; keep images beside the YAML file")
            return None
        try:
            data = read_input(resolved, MAX_IMAGE_BYTES, "an image")
            prepared = prepare(data)
        except (InputProblem, ImageProblem) as exc:
            self.f.error(location, path, f"image file '{raw}' {exc.reason}")
            return None
        return resolved, prepared

    def _development(self, node: Node, path: str) -> Development | None:
        m = self.f.mapping(node, path, DEVELOPMENT_FIELDS, "a development")
        if m is None:
            return None
        date_node = self.f.require(m, "date", path)
        date = self.f.partial_date(date_node, f"{path}.date") if date_node is not None else None
        title_node = self.f.require(m, "title", path)
        title = self._rich(title_node, f"{path}.title", label=True) if title_node is not None else None
        summary = self._optional_rich(m, "summary", path)
        significance = self._optional_rich(m, "significance", path)
        actors = self._string_list(m, "actors", f"{path}.actors")
        cited: list[Citation] = []
        sources_node = self.f.optional(m, "sources")
        if sources_node is not None:
            for item_path, item in self.f.items(sources_node, f"{path}.sources", single_allowed=True):
                source_id = self.f.text(item, item_path)
                if source_id is not None:
                    self.citations.append(_Pending(source_id, item.location, item_path))
                    cited.append(Citation(source_id))
        if date is None or title is None:
            return None
        return Development(date, title, summary, significance, actors, tuple(cited), node.location, _origin(m, path))

    def _judgment(self, node: Node, path: str) -> Judgment | None:
        """A key judgment or a conclusion: a string, or a {title, text} mapping."""
        if isinstance(node, Mapping):
            what = "a key judgment" if path.startswith("summary") else "a conclusion"
            m = self.f.mapping(node, path, JUDGMENT_FIELDS, what)
            title = self._optional_text(m, "title", f"{path}.title")
            text_node = self.f.require(m, "text", path)
            text = self._rich(text_node, f"{path}.text") if text_node is not None else None
            return Judgment(text, title, node.location, _origin(m, path)) if text is not None else None
        text = self._rich(node, path)
        return Judgment(text, None, node.location, Origin(path, (("text", node.location),))) if text else None

    def _source(self, node: Node, path: str) -> Source | None:
        m = self.f.mapping(node, path, SOURCE_FIELDS, "a source")
        if m is None:
            return None
        source_id = self._required_text(m, "id", path)
        if source_id is not None and not _ID.match(source_id):
            self.f.error(m.entries["id"][1].location, f"{path}.id",
                         f"'{source_id}' is not a valid id; use letters, digits and - _ . : /")
            source_id = None
        title = self._required_text(m, "title", path)
        publisher = self._optional_text(m, "publisher", f"{path}.publisher")
        date_node = self.f.optional(m, "date")
        date = self.f.partial_date(date_node, f"{path}.date") if date_node is not None else None
        url = self._optional_text(m, "url", f"{path}.url")
        if url is not None:
            problem = link_problem(url)
            if problem:
                self.f.error(m.entries["url"][1].location, f"{path}.url", problem)
                url = None
        if source_id is None or title is None:
            return None
        return Source(source_id, 0, title, publisher, date, url, node.location, _origin(m, path))

    # Field helpers --------------------------------------------------------

    def _required_text(self, m: Mapping, key: str, path: str) -> str | None:
        node = self.f.require(m, key, path)
        return self._label(node, self.f.text(node, _join(path, key)), _join(path, key)) if node is not None else None

    def _optional_text(self, m: Mapping, key: str, path: str) -> str | None:
        node = self.f.optional(m, key)
        return self._label(node, self.f.text(node, path), path) if node is not None else None

    def _string_list(self, m: Mapping, key: str, path: str) -> tuple[str, ...]:
        node = self.f.optional(m, key)
        if node is None:
            return ()
        values = (self._label(item, self.f.text(item, item_path), item_path)
                  for item_path, item in self.f.items(node, path, single_allowed=True))
        return tuple(v for v in values if v is not None)

    def _label(self, node: Node, text: str | None, path: str) -> str | None:
        """A title, a name, a caption: set on one line or a few, so held to MAX_LABEL_CHARS."""
        if text is not None and len(text) > MAX_LABEL_CHARS:
            self.f.error(node.location, path, f"is {len(text):,} characters long; a title, name or caption may "
                                              f"hold at most {MAX_LABEL_CHARS:,} (longer text belongs in paragraphs)")
            return None
        return text

    def _rich(self, node: Node, path: str, label: bool = False) -> RichText | None:
        text = self.f.text(node, path)
        if label:
            text = self._label(node, text, path)
        if text is None:
            return None
        runs, problems = parse_inline(text)
        for problem in problems:
            self.f.error(node.location, path, problem.message)
        for run in runs:
            if isinstance(run, Citation):
                self.citations.append(_Pending(run.source_id, node.location, path))
        return RichText(runs, node.location, path)

    def _optional_rich(self, m: Mapping, key: str, path: str) -> RichText | None:
        node = self.f.optional(m, key)
        return self._rich(node, f"{path}.{key}") if node is not None else None

    def _rich_list(self, m: Mapping, key: str, path: str, single_allowed: bool = False) -> tuple[RichText, ...]:
        node = self.f.optional(m, key)
        if node is None:
            return ()
        values = (self._rich(item, item_path) for item_path, item in self.f.items(node, path, single_allowed))
        return tuple(v for v in values if v is not None)

    def _list_of(self, m: Mapping, key: str, build, single_allowed: bool = False) -> list:
        node = self.f.optional(m, key)
        if node is None:
            return []
        items = self.f.items(node, key, single_allowed)
        return [obj for obj in (build(item, item_path) for item_path, item in items) if obj]

    # Cross-field rules ----------------------------------------------------

    def _unique_section_ids(self, sections: list[Section]) -> None:
        seen: dict[str, int] = {}
        for index, section in enumerate(sections):
            if section.id in seen:
                first = sections[seen[section.id]]
                self.f.error(section.location, f"sections[{index}].id",
                             f"duplicate section id '{section.id}' (first used at line {first.location.line})")
            else:
                seen[section.id] = index

    def _unique_source_ids(self, sources: list[Source]) -> None:
        seen: dict[str, Source] = {}
        for source in sources:
            if source.id in seen:
                self.f.error(source.location, f"sources[{_index_of(sources, source)}].id",
                             f"duplicate source id '{source.id}' (first used at line {seen[source.id].location.line})")
            else:
                seen[source.id] = source

    def _check_citations(self, sources: list[Source], declared: set[str] | None) -> None:
        """Citations of undefined ids; an id whose source entry has its own error is not reported again."""
        known = [s.id for s in sources]
        for pending in self.citations:
            if pending.source_id not in known:
                if declared and pending.source_id in declared:
                    continue
                hint = suggestion(pending.source_id, known)
                if declared is None:
                    hint = "; the brief has no `sources:`"
                self.f.error(pending.location, pending.path,
                             f"cites '{pending.source_id}', which is not defined in sources{hint}")

    def _warn_chronology(self, developments: list[Development], date, top: Mapping) -> None:
        for index in range(1, len(developments)):
            before, current = developments[index - 1], developments[index]
            if current.date.sort_key < before.date.sort_key:
                self.f.warning(current.location, f"developments[{index}].date",
                               f"{current.date.iso()} comes before the previous development ({before.date.iso()}); "
                               "outputs show developments in date order")
        if date is None:
            return
        for index, development in enumerate(developments):
            if development.date.earliest > date:
                self.f.warning(development.location, f"developments[{index}].date",
                               f"{development.date.iso()} is after the brief's date ({date.isoformat()})")

    def _warn_uncited(self, sources: list[Source]) -> None:
        cited = {pending.source_id for pending in self.citations}
        for index, source in enumerate(sources):
            if source.id not in cited:
                self.f.warning(source.location, f"sources[{index}]", f"source '{source.id}' is never cited")


def _declared_source_ids(node: Node | None) -> set[str] | None:
    """The ids written under `sources:`, valid entries or not; None when the brief has no sources."""
    if node is None:
        return None
    items = node.items if isinstance(node, Sequence) else []
    return {entry[1].text for item in items if isinstance(item, Mapping)
            for entry in [item.entries.get("id")] if entry and isinstance(entry[1], Scalar)}


def _origin(m: Mapping, path: str) -> Origin:
    return Origin(path, tuple((key, value.location) for key, (_, value) in m.entries.items()))


def _index_of(items: list, item) -> int:
    return next(i for i, candidate in enumerate(items) if candidate is item)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def slugify(title: str) -> str:
    slug = re.sub(r"[^\w]+", "-", title.lower()).strip("-")
    return slug or "section"


# Citation numbering --------------------------------------------------------


def reading_order(brief: Brief) -> list[RichText | Development]:
    """Text in the order a reader of the full brief meets it; citations are numbered in this order."""
    order: list = [judgment.text for judgment in brief.summary]
    for index, section in enumerate(brief.sections):
        if section.headline:
            order.append(section.headline)
        order.extend(section.bullets)
        order.extend(section.paragraphs)
        if section.image and section.image.caption:
            order.append(section.image.caption)
        for table in section.tables:
            order.extend(text for text in (table.caption, *_cells(table), table.note) if text)
        for chart in section.charts:
            order.extend(text for text in (chart.title, chart.note) if text)
        if section.notes:
            order.append(section.notes)
        if index == brief.chronology_after:
            order.extend(brief.developments)
    order.extend(conclusion.text for conclusion in brief.conclusions)
    return order


def _cells(table: Table) -> list[RichText]:
    """The table's text cells, row by row, as a reader meets them."""
    return [cell for row in table.rows for cell in row if isinstance(cell, RichText)]


def number_citations(brief: Brief) -> Brief:
    """Number sources by first citation; uncited sources follow in file order."""
    numbers: dict[str, int] = {}

    def visit(run_ids):
        for source_id in run_ids:
            numbers.setdefault(source_id, len(numbers) + 1)

    for item in reading_order(brief):
        if isinstance(item, Development):
            for text in (item.title, item.summary, item.significance):
                if text:
                    visit(c.source_id for c in text.citations)
            visit(c.source_id for c in item.sources)
        else:
            visit(c.source_id for c in item.citations)
    for source in brief.sources:
        numbers.setdefault(source.id, len(numbers) + 1)

    def renumber(text: RichText | None) -> RichText | None:
        if text is None:
            return None
        runs = tuple(Citation(r.source_id, numbers[r.source_id]) if isinstance(r, Citation) else r for r in text.runs)
        return dataclasses.replace(text, runs=runs)

    sections = tuple(
        dataclasses.replace(
            s,
            headline=renumber(s.headline),
            paragraphs=tuple(map(renumber, s.paragraphs)),
            bullets=tuple(map(renumber, s.bullets)),
            notes=renumber(s.notes),
            image=dataclasses.replace(s.image, caption=renumber(s.image.caption)) if s.image else None,
            tables=tuple(
                dataclasses.replace(
                    t,
                    caption=renumber(t.caption),
                    rows=tuple(tuple(renumber(c) if isinstance(c, RichText) else c for c in row) for row in t.rows),
                    note=renumber(t.note),
                )
                for t in s.tables
            ),
            charts=tuple(dataclasses.replace(c, title=renumber(c.title), note=renumber(c.note)) for c in s.charts),
        )
        for s in brief.sections
    )
    developments = tuple(
        dataclasses.replace(
            d,
            title=renumber(d.title),
            summary=renumber(d.summary),
            significance=renumber(d.significance),
            sources=tuple(Citation(c.source_id, numbers[c.source_id]) for c in d.sources),
        )
        for d in brief.developments
    )
    conclusions = tuple(dataclasses.replace(c, text=renumber(c.text)) for c in brief.conclusions)
    sources = tuple(
        sorted(
            (dataclasses.replace(s, number=numbers[s.id]) for s in brief.sources),
            key=lambda s: s.number,
        )
    )
    return dataclasses.replace(
        brief,
        summary=tuple(dataclasses.replace(j, text=renumber(j.text)) for j in brief.summary),
        sections=sections,
        developments=developments,
        conclusions=conclusions,
        sources=sources,
    )

