"""`report-builder watch`: rebuild what an edit affects, keep watching.

Each change runs the ordinary incremental build, so only outputs whose
inputs changed are rebuilt, a bad edit prints its diagnostics and leaves the
last good outputs in place, and the loop goes on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .build import Builder, BuildOptions, discover_sources
from .errors import ContentError, ReportBuilderError
from .progress import Reporter, show_path
from .layouts import LOCAL_LAYOUTS, layout_folders, resolve_layout

WATCHED_SUFFIXES = {".yaml", ".yml", ".png", ".jpg", ".jpeg", ".gif", ".ttf", ".docx", ".pptx"}


def watch(
    given: list[str],
    options: BuildOptions,
    cwd: Path,
    reporter: Reporter,
    report_problems: Callable[[list], None],
    stop_event=None,
) -> None:
    from watchfiles import watch as watch_changes

    def build_once() -> None:
        try:
            sources = discover_sources(given, cwd)
            result = Builder(cwd, options, reporter).run(sources)
            report_problems(result.warnings)
        except ContentError as exc:
            report_problems(exc.diagnostics)
            reporter.line("kept the last good outputs; waiting for the next change")
        except ReportBuilderError as exc:
            reporter.line(f"error: {exc}")

    build_once()
    roots = _watched_roots(given, options, cwd)
    reporter.line(f"watching {', '.join(show_path(r, cwd) for r in roots)} (Ctrl-C to stop)")
    out_dir = (cwd / options.out_dir).resolve()
    for changes in watch_changes(*roots, stop_event=stop_event, debounce=200, step=50):
        changed = sorted(
            {Path(path) for _, path in changes if _relevant(Path(path), out_dir)}
        )
        if not changed:
            continue
        reporter.line(f"changed: {', '.join(show_path(p, cwd) for p in changed)}")
        build_once()


def _watched_roots(given: list[str], options: BuildOptions, cwd: Path) -> list[Path]:
    """The folders of the briefs (their images live below them), of the layout and of the project's layouts."""
    folders = {(cwd / p).resolve().parent for p in given} if given else {(cwd / "source").resolve()}
    folders.update(f.resolve() for f in layout_folders(resolve_layout(options.layout, cwd), cwd))
    if (cwd / LOCAL_LAYOUTS).is_dir():
        folders.add((cwd / LOCAL_LAYOUTS).resolve())
    roots: list[Path] = []
    for folder in sorted(folders, key=lambda p: len(p.parts)):
        if not any(folder.is_relative_to(root) for root in roots):
            roots.append(folder)
    return roots


def _relevant(path: Path, out_dir: Path) -> bool:
    if path.is_relative_to(out_dir) or path.name.startswith("."):
        return False
    return path.suffix.lower() in WATCHED_SUFFIXES
