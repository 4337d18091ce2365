"""A project's briefs, read and validated with their layouts: what `check` does, and a build before rendering.

Kept apart from build.py so that `check` imports nothing of building
(manifest, locks, commit, workers, the format registry): each module
imported costs start-up time, and `check` runs after every edit.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError, Diagnostic, Severity, UsageError
from .layouts import SOURCE_DIR, project_folder, resolve_layout

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from .model import Brief
    from .theme import Theme


def discover_sources(given: list[str], cwd: Path, command: str = "build") -> list[Path]:
    """The briefs named (a folder stands for every *.yaml in it), or every *.yaml in source/ when none are."""
    if not given:
        folder = cwd / SOURCE_DIR
        if not folder.is_dir():
            raise UsageError(
                f"there is no {SOURCE_DIR}/ folder in {cwd}; run report-builder in the folder that holds "
                f"{SOURCE_DIR}/, or name a brief: report-builder {command} path/to/brief.yaml "
                "(to start a project here: report-builder new)"
            )
        return _briefs_in(folder, cwd, SOURCE_DIR, command)
    paths: list[Path] = []
    for name in given:
        path = Path(name)
        if (cwd / path).is_dir():
            found = _briefs_in(cwd / path, cwd, name, command)
        elif (cwd / path).is_file():
            found = [path]
        else:
            raise UsageError(f"{name}: no such file or folder")
        paths += [p for p in found if p not in paths]
    return paths


def _briefs_in(folder: Path, cwd: Path, shown: str, command: str) -> list[Path]:
    found = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not found:
        raise UsageError(
            f"no briefs to {command}: {shown.rstrip('/')}/ holds no *.yaml files; "
            f"add a brief there or name one: report-builder {command} path/to/brief.yaml"
        )
    return [path.relative_to(cwd) if path.is_relative_to(cwd) else path for path in found]


def load_briefs(sources: list[Path], cwd: Path) -> tuple[dict[Path, Brief], list[Diagnostic]]:
    """Validate every brief; raise one ContentError holding the problems of all of them."""
    from .validate import load_brief

    briefs, warnings, errors = {}, [], []
    for source in sources:
        try:
            brief, brief_warnings = load_brief(cwd / source, str(source))
        except ContentError as exc:
            errors.extend(exc.diagnostics)
            continue
        briefs[source] = brief
        warnings.extend(brief_warnings)
    if errors:
        raise ContentError(errors + warnings)
    return briefs, warnings


def load_layout(layout: str | None, cwd: Path) -> Theme:
    from .theme import load_theme

    return load_theme(resolve_layout(layout, cwd), cwd)


def load_layouts(briefs: dict[Path, Brief], chosen: str | None, cwd: Path) -> tuple[dict[Path, Theme], list[Diagnostic]]:
    """The theme of each brief: `chosen` (--layout) if given, else the layout the brief names.

    Each distinct layout is read once; a brief naming an unknown layout is an
    error at its `layout:` line. Raises one ContentError with every problem.
    """
    from .theme import load_theme

    def load(folder: Path, project: Path) -> tuple[Theme, list[Diagnostic]]:
        theme = load_theme(folder, cwd, project)
        return theme, list(theme.warnings)

    return _each_layout(briefs, chosen, cwd, load)


def check_layouts(briefs: dict[Path, Brief], chosen: str | None, cwd: Path) -> list[Diagnostic]:
    """The warnings `load_layouts` would give, and the same ContentError; a layout none of whose files
    changed since it was last checked is not read again (see checked_layouts.py)."""
    from .checked_layouts import checked_warnings

    def load(folder: Path, project: Path) -> tuple[None, list[Diagnostic]]:
        return None, checked_warnings(folder, cwd, project)

    return _each_layout(briefs, chosen, cwd, load)[1]


def _each_layout(briefs, chosen, cwd, load):
    themes = {}
    by_folder: dict[tuple[Path, Path], object] = {}
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    for source, brief in briefs.items():
        project = project_folder(cwd / source)
        try:
            folder = resolve_layout(chosen or brief.layout, cwd, project).resolve()
        except UsageError as exc:
            if chosen or brief.layout is None:
                raise
            where = brief.origin.field_location("layout", brief.location)
            errors.append(Diagnostic(Severity.ERROR, where, "layout", str(exc)))
            continue
        key = (folder, project)
        if key not in by_folder:
            try:
                by_folder[key], found = load(folder, project)
            except ContentError as exc:
                add_new(errors, exc.diagnostics)
                continue
            add_new(warnings, found)
        themes[source] = by_folder[key]
    if errors:
        raise ContentError(errors)
    return themes, warnings


def add_new(collected: list[Diagnostic], more: list[Diagnostic]) -> None:
    """Extend without repeats: a brief's warnings concern all three of its outputs (a set: 3,000 warnings
    compared each with each took seconds)."""
    seen = set(collected)
    for diagnostic in more:
        if diagnostic not in seen:
            seen.add(diagnostic)
            collected.append(diagnostic)
