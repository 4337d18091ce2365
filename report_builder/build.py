"""Running a build: what is outdated, rendering it, and writing it safely.

- What is outdated comes from the manifest (content hashes of every input),
  decided before any brief is parsed, so a no-op build imports no writer.
- Every outdated brief is validated before anything is written.
- Every output is rendered to a temporary file beside its target; all are
  renamed into place only when every one is complete, under a lock on the
  output folder, and put back if any rename fails (commit.py). A failed
  build leaves `out/` as it was.
- The manifest records the hashes of the bytes the build read (inputs.py),
  so an edit saved while a build runs makes the next build rebuild.
- Outputs of several briefs or formats render in parallel processes.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections import namedtuple
from pathlib import Path

from . import __version__
from . import commit, inputs
from .briefs import add_new, discover_sources, load_briefs, load_layout, load_layouts
from .code_version import own_code
from .errors import ContentError, Diagnostic, Diagnostics, ReportBuilderError, UsageError
from .manifest import MANIFEST_NAME, Manifest
from .layouts import SOURCE_DIR, layout_stack, project_folder, resolve_layout, stack_inputs
from .output_folder import check_output_paths, output_errors
from .writers import FORMATS, OutputFormat

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2-3 ms of a no-op build)
if TYPE_CHECKING:
    from .model import Brief
    from .progress import Reporter
    from .theme import Theme
    from .workers import Workers

OUT_DIR = "out"


class Written(namedtuple("Written", "path size seconds")):
    """An output written: its path, its size in bytes and the seconds it took."""

    __slots__ = ()


class Output(namedtuple("Output", "source fmt target")):
    """One file to produce: a brief (`source`) in one format (`fmt`, an OutputFormat), as `target`."""

    __slots__ = ()


class BuildOptions:
    """What the command line asks of a build. Plain classes and named tuples here, not dataclasses: a
    no-op build needs none (importing dataclasses costs about 6 ms of its 25)."""

    def __init__(self, out_dir: Path = Path(OUT_DIR), formats: list[OutputFormat] | None = None,
                 layout: str | None = None, strict: bool = False, force: bool = False, jobs: int = 0,
                 lock_timeout: float = 60.0):
        self.out_dir = out_dir
        self.formats: list[OutputFormat] = list(FORMATS.values()) if formats is None else formats
        self.layout = layout
        self.strict = strict
        self.force = force
        self.jobs = jobs
        self.lock_timeout = lock_timeout


class BuildResult:
    def __init__(self):
        self.written: list[Written] = []
        self.up_to_date: list[Path] = []
        self.warnings: list[Diagnostic] = []


def parse_formats(spec: str | None) -> list[OutputFormat]:
    if not spec:
        return list(FORMATS.values())
    chosen = []
    for name in (part.strip().lower() for part in spec.split(",")):
        if name not in FORMATS:
            raise UsageError(f"unknown format '{name}'; choose from {', '.join(FORMATS)}")
        if FORMATS[name] not in chosen:
            chosen.append(FORMATS[name])
    return chosen


def _versions(fmt: OutputFormat) -> dict[str, str]:
    """What else an output depends on: report-builder and the library that writes it."""
    library = _installed_versions().get(fmt.library.lower().replace("-", "_"), "unknown")
    return {"report-builder": __version__, "report-builder code": own_code(),
            fmt.library: library, "python": sys.version.split()[0]}


@functools.lru_cache(maxsize=1)
def _installed_versions() -> dict[str, str]:
    """Versions from the *.dist-info folder names on sys.path.

    importlib.metadata would cost about 40 ms here, half of a no-op build;
    the folder names (`python_docx-1.2.0.dist-info`) say the same.
    """
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                project, version = name[: -len(".dist-info")].split("-", 1)
                versions.setdefault(project.lower().replace("-", "_").replace(".", "_"), version)
    return versions


class Builder:
    def __init__(self, cwd: Path, options: BuildOptions, reporter: Reporter, workers: Workers | None = None):
        """`workers`: render processes kept between builds (watch); otherwise each build starts its own."""
        self.cwd = cwd
        self.options = options
        self.reporter = reporter
        self.out_dir = options.out_dir if options.out_dir.is_absolute() else cwd / options.out_dir
        self.workers = workers

    def run(self, sources: list[Path]) -> BuildResult:
        with output_errors(self.out_dir):
            return self._run(sources)

    def _run(self, sources: list[Path]) -> BuildResult:
        if self.options.layout:  # an unknown --layout fails before anything else
            for project in dict.fromkeys(project_folder(self.cwd / source) for source in sources):
                resolve_layout(self.options.layout, self.cwd, project)
        outputs = [
            Output(source, fmt, self.out_dir / f"{source.stem}{fmt.extension}")
            for source in sources
            for fmt in self.options.formats
        ]
        self._refuse_clashing_targets(outputs)
        check_output_paths(self.out_dir, [output.target for output in outputs])
        manifest = Manifest.load(self.out_dir)
        versions = {fmt.name: _versions(fmt) for fmt in self.options.formats}
        result = BuildResult()
        outdated = []
        stacks: dict[str | None, tuple[Path, ...] | None] = {}
        for output in outputs:
            if not self.options.force and self._is_current(output, manifest, versions, stacks):
                result.up_to_date.append(output.target)
                add_new(result.warnings, manifest.warnings(output.target))
            else:
                outdated.append(output)
        if result.up_to_date:
            self.reporter.up_to_date(result.up_to_date)
        if self.options.strict and result.warnings:
            raise ContentError(result.warnings)
        if not outdated:
            self._tidy()
            return result
        own_workers = self.workers is None and self._start_workers(outdated)
        try:
            return self._build(sources, outdated, versions, result, manifest)
        finally:
            if own_workers:
                self.workers.close()
                self.workers = None

    def _start_workers(self, outdated: list[Output]) -> bool:
        """Render processes forked now, before the briefs are read, so their imports overlap validation."""
        from .workers import Workers, can_fork

        processes = min(self.options.jobs or default_jobs(), len(outdated))
        if processes < 2 or not can_fork():
            return False
        formats = [fmt.name for fmt in self.options.formats if any(o.fmt is fmt for o in outdated)]
        self.workers = Workers.start(formats, processes)
        return True

    def _build(self, sources, outdated, versions, result, manifest) -> BuildResult:
        with inputs.recording(manifest.hasher.cache) as read:
            briefs, warnings = load_briefs(sorted({o.source for o in outdated}, key=sources.index), self.cwd)
            themes, theme_warnings = load_layouts(briefs, self.options.layout, self.cwd)
            warnings += theme_warnings
            if self.options.strict and warnings:
                raise ContentError(warnings)
            add_new(result.warnings, warnings)
            for path in {path for theme in themes.values() for path in theme.files}:
                if read.digest(path) is None:
                    inputs.note(path)

        from .lock import OutputLock

        created = not self.out_dir.exists()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        try:
            commit.check_targets([o.target for o in outdated] + [self.out_dir / MANIFEST_NAME])
            with OutputLock(self.out_dir, self.options.lock_timeout, self.reporter.waiting):
                commit.recover(self.out_dir, Manifest.load(self.out_dir).commit)
                self._render_and_commit(outdated, briefs, themes, versions, result, read)
        finally:
            if created and not result.written:
                _remove_if_empty(self.out_dir)
        return result

    def _tidy(self) -> None:
        """Leftovers of a killed build are dealt with by a no-op build too, when no other build is running."""
        if not commit.has_leftovers(self.out_dir):
            return
        from .lock import OutputLock

        try:
            with OutputLock(self.out_dir, 0):
                commit.recover(self.out_dir, Manifest.load(self.out_dir).commit)
        except ReportBuilderError:
            pass

    def _is_current(self, output: Output, manifest: Manifest, versions, stacks) -> bool:
        """Decided without parsing the brief: an unchanged brief asks for the layout it asked for last time."""
        recorded = manifest.layout(output.target)
        if not isinstance(recorded, dict):
            return False
        spec = self.options.layout or recorded.get("asked")
        project = project_folder(self.cwd / output.source)
        if (spec, project) not in stacks:
            try:
                stacks[spec, project] = layout_stack(resolve_layout(spec, self.cwd, project), self.cwd, project)
            except ReportBuilderError:
                stacks[spec, project] = None
        stack = stacks[spec, project]
        if stack is None or recorded.get("stack") != [str(folder) for folder in stack]:
            return False
        required = [(self.cwd / output.source).resolve(), *stack_inputs(stack)]
        return manifest.is_current(output.target, required, versions[output.fmt.name])

    def _render_and_commit(self, outdated, briefs, themes, versions, result, read) -> None:
        temporaries: dict[Path, Path] = {}
        try:
            for output in outdated:
                temporaries[output.target] = commit.create_temporary(output.target)
            timings, render_warnings = self._render_all(outdated, briefs, themes, temporaries)
            every_render_warning = [w for target in render_warnings for w in render_warnings[target]]
            add_new(result.warnings, every_render_warning)
            if self.options.strict and every_render_warning:
                raise ContentError(every_render_warning)
            manifest = Manifest.load(self.out_dir)
            for output in outdated:
                brief = briefs[output.source]
                theme = themes[output.source]
                required = [(self.cwd / output.source).resolve(), *brief.images, *theme.files]
                own_warnings = [w for w in result.warnings if w.location.file == str(output.source)]
                add_new(own_warnings, list(theme.warnings))
                add_new(own_warnings, render_warnings[output.target])
                layout = {"asked": brief.layout, "stack": [str(folder) for folder in theme.stack]}
                hashed = inputs.hash_file(temporaries[output.target])
                manifest.record(output.target, _as_read(required, read, manifest), versions[output.fmt.name],
                                hashed[0] if hashed else "", own_warnings, layout)

            def manifest_bytes(token: str) -> bytes:
                for output in outdated:
                    _remember_output(manifest, output.target)
                return manifest.to_bytes(token)

            commit.replace_all(self.out_dir, [(temporaries[o.target], o.target) for o in outdated],
                               self.out_dir / MANIFEST_NAME, manifest_bytes)
            for output in outdated:
                written = Written(output.target, output.target.stat().st_size, timings[output.target])
                result.written.append(written)
                self.reporter.written(written)
        finally:
            for temporary in temporaries.values():
                try:
                    temporary.unlink(missing_ok=True)
                except OSError:
                    pass
            commit.remove_own_temporaries(self.out_dir)

    def _render_all(self, outdated, briefs, themes, temporaries):
        timings: dict[Path, float] = {}
        warnings: dict[Path, list[Diagnostic]] = {}
        self.reporter.start(len(outdated))
        try:
            for target, (seconds, task_warnings) in self._results(outdated, briefs, themes, temporaries):
                timings[target] = seconds
                warnings[target] = task_warnings
                self.reporter.advance(target)
        finally:
            self.reporter.stop()
        return timings, warnings

    def _results(self, outdated, briefs, themes, temporaries):
        """(target, (seconds, warnings)) for each output, in the order they finish."""
        if self.workers is None:
            for o in outdated:
                yield o.target, render_one(o.fmt.name, briefs[o.source], themes[o.source], temporaries[o.target])
            return
        import pickle

        payloads = {source: pickle.dumps((briefs[source], themes[source]), protocol=pickle.HIGHEST_PROTOCOL)
                    for source in {o.source for o in outdated}}
        tasks = [(o.target, o.fmt.name, payloads[o.source], (temporaries[o.target],)) for o in outdated]
        yield from self.workers.run(tasks)

    def _refuse_clashing_targets(self, outputs: list[Output]) -> None:
        seen: dict[Path, Path] = {}
        for output in outputs:
            other = seen.setdefault(output.target, output.source)
            if other != output.source:
                raise UsageError(f"{other} and {output.source} would both write {output.target.name}; rename one")


def render_one(format_name: str, brief: Brief, theme: Theme, temporary: Path) -> tuple[float, list[Diagnostic]]:
    """Render one output to its temporary file; runs in a worker process in parallel builds."""
    from .output_folder import render_cleanly

    fmt = FORMATS[format_name]
    started = time.perf_counter()
    diagnostics = Diagnostics()

    def render() -> None:
        fmt.renderer()(brief, theme, temporary, diagnostics.warning)
        if fmt.zipped:
            from .writers.archive import normalize_zip

            normalize_zip(temporary, brief.date)

    render_cleanly(render)
    return time.perf_counter() - started, diagnostics.items


def _as_read(paths: list[Path], read: inputs.ReadLog, manifest: Manifest) -> dict[str, str]:
    """Each input's hash as the build read it; '' (rebuild next time) when it changed since."""
    hashes = {}
    for path in paths:
        key = os.path.abspath(path)
        reading = read.readings.get(key)
        if reading is None or not read.unchanged_since_read(path):
            hashes[key] = ""
            continue
        hashes[key] = reading.digest
        manifest.hasher.remember(path, reading)
    return hashes


def _remember_output(manifest: Manifest, target: Path) -> None:
    """Cache the output's hash under its final signature, so a no-op build need not hash it again."""
    record = manifest.outputs[target.name]
    try:
        manifest.hasher.remember(target, inputs.Reading(record.output, inputs.signature(os.stat(target))),
                                 racy_ok=True)
    except OSError:
        pass


def default_jobs() -> int:
    """Render processes when --jobs is not given: one per format (or per core, if more) on two cores or more.

    Measured on two cores, the sample, ratios to the import floor in one run
    each: with the second core mostly free, 3 processes 2.14, 2 processes 2.36,
    1 (in the build's own process) 3.29; with a spinning program on one core,
    2.55, 2.86 and 3.01. Three processes, each importing one writer library,
    beat two, one of which imports two and renders its formats in turn while
    the other sits idle. Only on a machine whose cores are all taken by other
    programs does one process win (2.79 against 2.99): the workers' own start
    costs about 0.1 s of CPU there. One core gains nothing from a second one.
    """
    cores = os.cpu_count() or 1
    return max(cores, len(FORMATS)) if cores > 1 else 1


def _remove_if_empty(folder: Path) -> None:
    from .lock import LOCK_NAME

    (folder / LOCK_NAME).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass
