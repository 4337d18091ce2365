"""Finding layouts: which folders a build reads its look from, and which files they hold.

Kept apart from theme.py so that deciding whether outputs are up to date
(which needs the list of layout files) parses no YAML.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError

DEFAULT_LAYOUT = "default"
THEME_FILE = "theme.yaml"


def builtin_layouts_dir() -> Path:
    """The layouts shipped with report-builder: the repo's `layouts/`, or the installed copy."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "layouts", here / "layouts"):
        if (candidate / DEFAULT_LAYOUT / THEME_FILE).is_file():
            return candidate
    raise UsageError("the default layout is missing from this installation of report-builder")


def resolve_layout(spec: str | None, cwd: Path | None = None) -> Path:
    """A layout given by name (looked up in ./layouts, then the built-in ones) or by path."""
    cwd = cwd or Path.cwd()
    if spec is None:
        local = cwd / "layouts" / DEFAULT_LAYOUT
        return local if (local / THEME_FILE).is_file() else builtin_layouts_dir() / DEFAULT_LAYOUT
    as_path = Path(spec)
    if as_path.is_dir() or "/" in spec or "\\" in spec:
        folder = as_path if as_path.is_absolute() else cwd / as_path
        if not folder.is_dir():
            raise UsageError(f"layout folder '{spec}' does not exist")
        return folder
    for root in (cwd / "layouts", builtin_layouts_dir()):
        if (root / spec).is_dir():
            return root / spec
    names = sorted(p.name for p in builtin_layouts_dir().iterdir() if p.is_dir())
    raise UsageError(f"unknown layout '{spec}'; available: {', '.join(names)} (or give a folder path)")


NOT_INPUTS = {".py", ".md", ".txt"}
"""Files kept beside a layout that no output reads: the script that made a template, notes, licences."""


def layout_files(folder: Path) -> tuple[Path, ...]:
    """Every file of a layout that outputs are built from: each is an input of every output."""
    return tuple(
        sorted(
            p for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".") and p.suffix.lower() not in NOT_INPUTS
            and "__pycache__" not in p.parts
        )
    )


def layout_folders(folder: Path, cwd: Path | None = None) -> list[Path]:
    """The default layout, then the chosen one when it differs: the later one wins."""
    default_folder = resolve_layout(None, cwd)
    if folder.resolve() == default_folder.resolve():
        return [default_folder]
    return [default_folder, folder]


def layout_inputs(folder: Path, cwd: Path | None = None) -> tuple[Path, ...]:
    """Every file a build with this layout depends on, without parsing any of them."""
    return tuple(sorted({p for f in layout_folders(folder, cwd) for p in layout_files(f)}))
