"""Finding layouts: which folders a build reads its look from, and which files they hold.

A layout is a name (shipped with report-builder, or a project's own in
`layouts/NAME`) or a folder. A project's own layouts sit in `layouts/` of
its project folder: the folder holding the brief, or its parent when the
brief is in `source/` (see `project_folder`); the current folder's
`layouts/` comes next, so a brief built from anywhere finds the layouts
beside it. Its look is a stack of folders, base first:
the shipped default, each layout it extends, then the layout itself. A
layout's theme.yaml says `extends: NAME` to build on another layout (the
default otherwise), and a local `layouts/NAME` sits on top of the shipped
layout of the same name, so each holds only what it changes.

Kept apart from theme.py so that deciding whether outputs are up to date
(which needs the stack and its files) parses no YAML: `extends:` is read
from its own line of theme.yaml; theme.py checks the YAML agrees.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ContentError, Diagnostic, Location, Severity, UsageError
from .inputs import MAX_YAML_BYTES, InputProblem, read_input

DEFAULT_LAYOUT = "default"
THEME_FILE = "theme.yaml"
LAYOUT_MARKERS = (THEME_FILE, "reference.docx", "template.pptx")
"""A folder given as a layout holds at least one of these."""
LOCAL_LAYOUTS = "layouts"
SOURCE_DIR = "source"

_EXTENDS = re.compile(r"""^extends[ \t]*:[ \t]*(["']?)([^"'#\r\n]*?)\1[ \t]*(?:#.*)?$""", re.MULTILINE)


def builtin_layouts_dir() -> Path:
    """The layouts shipped with report-builder: the repo's `layouts/`, or the installed copy."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "layouts", here / "layouts"):
        if (candidate / DEFAULT_LAYOUT / THEME_FILE).is_file():
            return candidate
    raise UsageError("the default layout is missing from this installation of report-builder")


def shipped_layouts() -> dict[str, Path]:
    root = builtin_layouts_dir()
    return {p.name: p for p in sorted(root.iterdir()) if (p / THEME_FILE).is_file()}


def project_folder(brief: Path) -> Path:
    """The folder a brief's project lives in, whose `layouts/` holds its own layouts.

    The brief's folder, or its parent when the brief sits in `source/` (the
    layout `report-builder new` writes: `source/brief.yaml` beside `layouts/`).
    """
    folder = brief.absolute().parent
    return folder.parent if folder.name == SOURCE_DIR else folder


def project_here(cwd: Path) -> Path:
    """The project the current folder belongs to: itself, or its parent when it is a `source/` folder."""
    return project_folder(cwd / "brief.yaml")


def local_layouts(cwd: Path, project: Path | None = None) -> dict[str, Path]:
    """The project's own layouts: every folder in its layouts/, then in ./layouts (a theme.yaml is optional)."""
    found: dict[str, Path] = {}
    for home in _homes(cwd, project):
        root = home / LOCAL_LAYOUTS
        if root.is_dir() and root.resolve() != builtin_layouts_dir().resolve():  # a clone's own layouts/ ships
            for p in sorted(root.iterdir()):
                if p.is_dir() and not p.name.startswith((".", "_")):
                    found.setdefault(p.name, p)
    return found


def _homes(cwd: Path, project: Path | None) -> list[Path]:
    """The folders whose layouts/ a name is looked up in, nearest the brief first."""
    homes = [cwd.absolute()]
    if project is not None and project.absolute() != homes[0]:
        homes.insert(0, project.absolute())
    return homes


def _is_local(folder: Path, cwd: Path, project: Path | None) -> bool:
    return folder.parent in {p.parent.resolve() for p in local_layouts(cwd, project).values()}


def layout_names(cwd: Path, project: Path | None = None) -> list[str]:
    return sorted({*shipped_layouts(), *local_layouts(cwd, project)})


def resolve_layout(spec: str | None, cwd: Path | None = None, project: Path | None = None) -> Path:
    """A layout given by name (looked up in the project's layouts/, ./layouts, then the shipped ones) or by path."""
    cwd = cwd or Path.cwd()
    spec = spec or DEFAULT_LAYOUT
    is_path = "/" in spec or "\\" in spec or spec in (".", "..")
    if not is_path:
        found = local_layouts(cwd, project).get(spec) or shipped_layouts().get(spec)
        if found is not None:
            return found
    folder = Path(spec) if Path(spec).is_absolute() else cwd / spec
    if folder.is_dir():
        if not any((folder / name).exists() for name in LAYOUT_MARKERS):
            raise UsageError(f"'{spec}' is not a layout folder: it holds no {', '.join(LAYOUT_MARKERS[:-1])} or "
                             f"{LAYOUT_MARKERS[-1]}")
        return folder
    if is_path:
        raise UsageError(f"layout folder '{spec}' does not exist")
    raise UsageError(unknown_layout_message(spec, cwd, project))


def unknown_layout_message(name: str, cwd: Path, project: Path | None = None) -> str:
    return f"unknown layout '{name}'; available: {', '.join(layout_names(cwd, project))} (or give a folder path)"


def declared_extends(folder: Path, cwd: Path | None = None) -> tuple[str, Location] | None:
    """The `extends:` line of a layout's theme.yaml, read without a YAML parser."""
    theme_file = folder / THEME_FILE
    shown = theme_file
    if cwd is not None and theme_file.is_relative_to(cwd.resolve()):
        shown = theme_file.relative_to(cwd.resolve())
    try:  # never blocks (a FIFO) or reads without end (a device): the theme's own reading says what is wrong
        text = read_input(theme_file, MAX_YAML_BYTES).decode("utf-8")
    except (InputProblem, UnicodeDecodeError):
        return None
    match = _EXTENDS.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.start(2) - match.start() + 1
    return match.group(2).strip(), Location(str(shown), line, column)


def layout_stack(folder: Path, cwd: Path | None = None, project: Path | None = None) -> tuple[Path, ...]:
    """The folders a layout's look comes from, base first; the last is `folder` itself.

    Names (`extends: NAME`, a local layout over the shipped one of its name)
    are looked up in `project`'s layouts/ first, then the current folder's.
    """
    cwd = cwd or Path.cwd()
    return tuple(_stack(folder.resolve(), cwd, project, ()))


def _stack(folder: Path, cwd: Path, project: Path | None, seen: tuple[Path, ...]) -> list[Path]:
    if folder in seen:
        chain = " → ".join(p.name for p in (*seen, folder))
        raise UsageError(f"layouts extend each other in a circle: {chain}")
    seen = (*seen, folder)
    shipped = {p.resolve(): name for name, p in shipped_layouts().items()}
    declared = declared_extends(folder, cwd)
    if declared is not None:
        name, where = declared
        base = _named(name, cwd, project, where, below=folder)
        return [*_stack(base, cwd, project, seen), folder]
    if folder in shipped:
        if shipped[folder] == DEFAULT_LAYOUT:
            return [folder]
        return [*_stack(_named(DEFAULT_LAYOUT, cwd, project, None, below=folder), cwd, project, seen), folder]
    local_name = folder.name if _is_local(folder, cwd, project) else None
    same_name_shipped = shipped_layouts().get(local_name) if local_name else None
    if same_name_shipped is not None:
        return [*_stack(same_name_shipped.resolve(), cwd, project, seen), folder]
    return [*_stack(_named(DEFAULT_LAYOUT, cwd, project, None, below=folder), cwd, project, seen), folder]


def _named(name: str, cwd: Path, project: Path | None, where: Location | None, below: Path) -> Path:
    """A layout a stack builds on: the local one of that name, else the shipped one.

    A local layout extending its own name (`layouts/default` saying `extends:
    default`) builds on the shipped one.
    """
    local = local_layouts(cwd, project).get(name)
    if local is not None and local.resolve() != below:
        return local.resolve()
    shipped = shipped_layouts().get(name)
    if shipped is not None:
        return shipped.resolve()
    message = unknown_layout_message(name, cwd, project).replace(" (or give a folder path)", "")
    if where is None:
        raise UsageError(message)
    raise ContentError([Diagnostic(Severity.ERROR, where, "extends", message)])


NOT_INPUTS = {".py", ".md", ".txt"}
"""Files kept beside a layout that no output reads: the script that made a template, notes, licences."""


MAX_LAYOUT_FILES = 1_000
"""A layout holds a theme, its fonts and templates; a folder of more files is not one (`layout: /` would hash
the whole disk)."""


def layout_files(folder: Path) -> tuple[Path, ...]:
    """Every file of a layout folder that outputs are built from."""
    found = []
    for count, p in enumerate(folder.rglob("*")):
        if count >= MAX_LAYOUT_FILES:
            raise UsageError(f"layout folder '{folder}' holds more than {MAX_LAYOUT_FILES:,} files and folders; a "
                             "layout holds its theme.yaml, fonts and templates")
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() not in NOT_INPUTS \
                and "__pycache__" not in p.parts:
            found.append(p)
    return tuple(sorted(found))


def stack_inputs(stack: tuple[Path, ...]) -> tuple[Path, ...]:
    return tuple(sorted({p for f in stack for p in layout_files(f)}))
