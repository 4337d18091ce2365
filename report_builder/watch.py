"""`report-builder watch`: rebuild what an edit affects, keep watching.

Each change runs the ordinary incremental build, so only outputs whose
inputs changed are rebuilt, a bad edit prints its diagnostics and leaves the
last good outputs in place, and the loop goes on. The render processes are
started once and kept warm (writers imported, fonts read), so an edit costs
only validating the brief and rendering what it changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .build import SOURCE_DIR, Builder, BuildOptions, discover_sources
from .errors import ContentError, ReportBuilderError
from .progress import Reporter, show_path
from .layouts import LOCAL_LAYOUTS, layout_stack, project_folder, resolve_layout, stack_inputs

WATCHED_SUFFIXES = {".yaml", ".yml", ".png", ".jpg", ".jpeg", ".gif", ".ttf", ".docx", ".pptx"}


def watch(
    given: list[str],
    options: BuildOptions,
    cwd: Path,
    reporter: Reporter,
    report_problems: Callable[[list], None],
    stop_event=None,
) -> None:
    discover_sources(given, cwd, "watch")  # a missing brief or source/ folder is the user's to fix: stop here
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


WAIT_AFTER_CHANGE_MS = 10
"""How long the watcher waits for more changes before a rebuild: an editor's save is several writes, usually
within a millisecond. A save slower than this may be read half-written; its last write is then a change of
its own (or of the file's state, see `_Watched.states`), which rebuilds again."""

GROUP_CHANGES_MS = 200
"""The longest a run of changes is gathered into one rebuild."""


def _watch(given, options, cwd, reporter, report_problems, stop_event, workers) -> None:
    from watchfiles import watch as watch_changes

    def build_once(catching_up: bool = False) -> None:
        try:
            sources = discover_sources(given, cwd, "watch")
            result = Builder(cwd, options, _QuietWhenCurrent(reporter) if catching_up else reporter, workers).run(sources)
            if result.written or not catching_up:
                report_problems(result.warnings)
        except ContentError as exc:
            report_problems(exc.diagnostics)
            reporter.line("kept the last good outputs; waiting for the next change")
        except ReportBuilderError as exc:
            reporter.line(f"error: {exc}")

    build_once()
    out_dir = (cwd / options.out_dir).resolve()
    watched = None
    while stop_event is None or not stop_event.is_set():
        now = _watched(given, options, cwd)
        announce, watched = now != watched, now
        ready = False
        seen: dict[Path, tuple] = {}
        for changes in watch_changes(*watched.roots, recursive=watched.recursive, stop_event=stop_event,
                                     debounce=GROUP_CHANGES_MS, step=WAIT_AFTER_CHANGE_MS,
                                     rust_timeout=100, yield_on_timeout=True):
            if not ready:
                # The watcher is set up only now: an edit saved before (during a build) is caught here.
                ready = True
                seen = watched.states(out_dir)  # before "watching": an edit made once that shows is a change
                if announce:
                    reporter.line(f"watching {watched.describe(cwd)} (Ctrl-C to stop)")
                build_once(catching_up=True)
            changed = sorted({Path(path) for _, path in changes if watched.relevant(Path(path), out_dir)})
            states = watched.states(out_dir)
            if not changed:
                # An event can be lost (watchfiles drops one landing as it times out); the files' states are not.
                changed = sorted(path for path in states.keys() | seen.keys() if states.get(path) != seen.get(path))
            if not changed:
                continue
            seen = states
            reporter.line(f"changed: {', '.join(show_path(p, cwd) for p in changed)}")
            build_once()
            if _watched(given, options, cwd) != watched:
                break  # a brief now names another image: watch its folder too


class _QuietWhenCurrent:
    """The watch's own reporter, minus the "up to date" line of a build that found nothing to do."""

    def __init__(self, reporter: Reporter):
        self._reporter = reporter

    def up_to_date(self, targets) -> None:
        pass

    def __getattr__(self, name):
        return getattr(self._reporter, name)


@dataclass(frozen=True)
class _Watched:
    """What `watch` listens to.

    Named briefs: only those files, their images and the layout, each folder
    watched without its subfolders. No brief named: all of source/.
    """

    roots: tuple[Path, ...]
    recursive: bool
    files: frozenset[Path] = frozenset()
    layout: tuple[Path, ...] = ()

    def relevant(self, path: Path, out_dir: Path) -> bool:
        if path.is_relative_to(out_dir) or path.name.startswith("."):
            return False
        if path in self.files:
            return True
        if path.suffix.lower() not in WATCHED_SUFFIXES:
            return False
        return self.recursive or any(path.is_relative_to(folder) for folder in self.layout)

    def states(self, out_dir: Path) -> dict[Path, tuple]:
        """Each watched file's size, times and inode, taken before a build reads them: a later difference
        is an edit the build did not see, even when no event reported it."""
        found: dict[Path, tuple] = {}
        for root in self.roots:
            for folder, subfolders, names in os.walk(root):
                here = Path(folder)
                if not self.recursive:
                    subfolders.clear()
                else:
                    subfolders[:] = [name for name in subfolders
                                     if not name.startswith(".") and not (here / name).is_relative_to(out_dir)]
                for name in names:
                    path = here / name
                    if not self.relevant(path, out_dir):
                        continue
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    found[path] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        return found

    def describe(self, cwd: Path) -> str:
        if self.recursive:
            return ", ".join(show_path(root, cwd) for root in self.roots)
        return ", ".join(show_path(path, cwd) for path in sorted(self.files)) + " and the layout"


def _watched(given: list[str], options: BuildOptions, cwd: Path) -> _Watched:
    if not given:
        folders = [*_stack(options.layout, cwd)]
        if (cwd / LOCAL_LAYOUTS).is_dir():
            folders.append((cwd / LOCAL_LAYOUTS).resolve())  # briefs may name any layout in it
        return _Watched(_outermost([(cwd / SOURCE_DIR).resolve(), *folders]), recursive=True, layout=tuple(folders))
    files: set[Path] = set()
    layout: set[Path] = set()
    for source in discover_sources(given, cwd, "watch"):
        brief_file = (cwd / source).resolve()
        files.add(brief_file)
        images, asked = _brief_inputs(brief_file)
        files.update(images)
        layout.update(_stack(options.layout or asked, cwd, project_folder(cwd / source)))
    subfolders = {path.parent.resolve() for path in stack_inputs(tuple(sorted(layout)))}
    roots = sorted({path.parent for path in files} | layout | subfolders)
    return _Watched(tuple(roots), recursive=False, files=frozenset(files), layout=tuple(sorted(layout)))


def _stack(spec: str | None, cwd: Path, project: Path | None = None) -> tuple[Path, ...]:
    """The layout's folders; a layout that does not exist yet is the build's to report."""
    try:
        return layout_stack(resolve_layout(spec, cwd, project), cwd, project)
    except ReportBuilderError:
        return layout_stack(resolve_layout(None, cwd, project), cwd, project)


def _brief_inputs(brief_file: Path) -> tuple[list[Path], str | None]:
    """The images a brief uses and the layout it names, when it is valid; else it is watched alone until fixed."""
    from .validate import load_brief

    try:
        brief, _ = load_brief(brief_file)
    except ReportBuilderError:
        return [], None
    return [image.resolve() for image in brief.images], brief.layout


def _outermost(folders: list[Path]) -> tuple[Path, ...]:
    roots: list[Path] = []
    for folder in sorted(set(folders), key=lambda p: len(p.parts)):
        if not any(folder.is_relative_to(root) for root in roots):
            roots.append(folder)
    return tuple(roots)
