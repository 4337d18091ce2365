"""`report-builder watch`: rebuild what an edit affects, keep watching.

Each change runs the ordinary incremental build, so only outputs whose
inputs changed are rebuilt, a bad edit prints its diagnostics and leaves the
last good outputs in place, and the loop goes on. The render processes are
started once and kept warm (writers imported, fonts read), so an edit costs
only validating the brief and rendering what it changed.
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
    workers = _start_workers(options)
    try:
        _watch(given, options, cwd, reporter, report_problems, stop_event, workers)
    finally:
        if workers is not None:
            workers.close()


def _start_workers(options: BuildOptions):
    """One warm render process per format (at most --jobs); none with --jobs 1 or without fork."""
    from .workers import Workers, can_fork

    formats = [fmt.name for fmt in options.formats]
    processes = min(options.jobs or len(formats), len(formats))
    if processes < 2 or not can_fork():
        return None
    return Workers.start(formats, processes)


WAIT_AFTER_CHANGE_MS = 30
"""How long a file must stay unchanged before it is read: an editor's save is several writes."""

GROUP_CHANGES_MS = 200
"""The longest a run of changes is gathered into one rebuild."""


def _watch(given, options, cwd, reporter, report_problems, stop_event, workers) -> None:
    from watchfiles import watch as watch_changes

    def build_once(catching_up: bool = False) -> None:
        try:
            sources = discover_sources(given, cwd)
            result = Builder(cwd, options, _QuietWhenCurrent(reporter) if catching_up else reporter, workers).run(sources)
            if result.written or not catching_up:
                report_problems(result.warnings)
        except ContentError as exc:
            report_problems(exc.diagnostics)
            reporter.line("kept the last good outputs; waiting for the next change")
        except ReportBuilderError as exc:
            reporter.line(f"error: {exc}")

    build_once()
    roots = _watched_roots(given, options, cwd)
    out_dir = (cwd / options.out_dir).resolve()
    ready = False
    for changes in watch_changes(*roots, stop_event=stop_event, debounce=GROUP_CHANGES_MS, step=WAIT_AFTER_CHANGE_MS,
                                 rust_timeout=100, yield_on_timeout=True):
        if not ready:
            # The watcher is set up only now: an edit saved during the first build is caught here.
            ready = True
            reporter.line(f"watching {', '.join(show_path(r, cwd) for r in roots)} (Ctrl-C to stop)")
            build_once(catching_up=True)
        changed = sorted({Path(path) for _, path in changes if _relevant(Path(path), out_dir)})
        if not changed:
            continue
        reporter.line(f"changed: {', '.join(show_path(p, cwd) for p in changed)}")
        build_once()


class _QuietWhenCurrent:
    """The watch's own reporter, minus the "up to date" line of a build that found nothing to do."""

    def __init__(self, reporter: Reporter):
        self._reporter = reporter

    def up_to_date(self, targets) -> None:
        pass

    def __getattr__(self, name):
        return getattr(self._reporter, name)


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
