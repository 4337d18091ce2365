"""Running a build: which briefs, which outputs, and writing them safely.

Every brief is validated before anything is written, and every output is
rendered to a temporary file beside its target and renamed into place only
when all of them are complete, so a failed build leaves `out/` as it was.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import ContentError, Diagnostic, Diagnostics, UsageError
from .model import Brief
from .theme import Theme, load_theme, resolve_layout
from .validate import load_brief
from .writers import FORMATS, OutputFormat

SOURCE_DIR = "source"
OUT_DIR = "out"


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    seconds: float


@dataclass
class BuildResult:
    written: list[Written] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


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


def discover_sources(given: list[str], cwd: Path) -> list[Path]:
    """The briefs named, or every *.yaml in source/ when none are."""
    if given:
        paths = [Path(p) for p in given]
        for path in paths:
            if not (cwd / path).is_file():
                raise UsageError(f"{path}: no such file")
        return paths
    folder = cwd / SOURCE_DIR
    found = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not found:
        raise UsageError(f"no briefs to build: {SOURCE_DIR}/ holds no *.yaml files (or name a file)")
    return [path.relative_to(cwd) for path in found]


def load_briefs(sources: list[Path], cwd: Path) -> tuple[list[tuple[Path, Brief]], list[Diagnostic]]:
    """Validate every brief; raise one ContentError holding the errors of all of them."""
    briefs, warnings, errors = [], [], []
    for source in sources:
        try:
            brief, brief_warnings = load_brief(cwd / source, str(source))
        except ContentError as exc:
            errors.extend(exc.diagnostics)
            continue
        briefs.append((source, brief))
        warnings.extend(brief_warnings)
    if errors:
        raise ContentError(errors + warnings)
    return briefs, warnings


def load_layout(layout: str | None, cwd: Path) -> Theme:
    return load_theme(resolve_layout(layout, cwd))


def build(
    sources: list[Path],
    out_dir: Path,
    formats: list[OutputFormat],
    theme: Theme,
    cwd: Path,
    strict: bool = False,
    on_written: Callable[[Written], None] | None = None,
) -> BuildResult:
    briefs, warnings = load_briefs(sources, cwd)
    if strict and warnings:
        raise ContentError(warnings)
    result = BuildResult(warnings=list(warnings))
    out_dir = out_dir if out_dir.is_absolute() else cwd / out_dir
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    pending: list[tuple[Path, Path, float]] = []
    try:
        for source, brief in briefs:
            for fmt in formats:
                target = out_dir / f"{source.stem}{fmt.extension}"
                temporary = out_dir / f".{target.name}.{os.getpid()}.tmp"
                pending.append((temporary, target, 0.0))
                started = time.perf_counter()
                render_warnings = Diagnostics()
                fmt.renderer()(brief, theme, temporary, render_warnings.warning)
                pending[-1] = (temporary, target, time.perf_counter() - started)
                result.warnings.extend(render_warnings.items)
        if strict and len(result.warnings) > len(warnings):
            raise ContentError(result.warnings[len(warnings):])
        for temporary, target, seconds in pending:
            os.replace(temporary, target)
            written = Written(target, target.stat().st_size, seconds)
            result.written.append(written)
            if on_written:
                on_written(written)
    finally:
        for temporary, _, _ in pending:
            temporary.unlink(missing_ok=True)
        if created and not result.written:
            out_dir.rmdir()
    return result
