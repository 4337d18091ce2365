"""What a build tells the user while it runs.

Plain lines when output goes to a file or a pipe; a rich progress bar on a
terminal for batches; nothing but problems with --quiet. rich is imported
only when a terminal will show it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def show_path(path: Path, cwd: Path | None = None) -> str:
    cwd = cwd or Path.cwd()
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def format_size(size: int) -> str:
    return f"{size / 1024:.1f} kB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


class Reporter:
    """Plain lines on stdout; the base for the other reporters."""

    def __init__(self, stream=None, cwd: Path | None = None):
        self.stream = stream or sys.stdout
        self.cwd = cwd

    def line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def up_to_date(self, targets: list[Path]) -> None:
        shown = ", ".join(show_path(t, self.cwd) for t in targets[:3])
        more = f" and {len(targets) - 3} more" if len(targets) > 3 else ""
        self.line(f"up to date: {shown}{more} (--force rebuilds)")

    def written(self, written) -> None:
        self.line(f"wrote {show_path(written.path, self.cwd)} ({format_size(written.size)}, {written.seconds:.2f} s)")

    def waiting(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def start(self, total: int) -> None:
        pass

    def advance(self, target: Path) -> None:
        pass

    def stop(self) -> None:
        pass


class QuietReporter(Reporter):
    def line(self, text: str) -> None:
        pass


class RichReporter(Reporter):
    """A transient progress bar while outputs render, then the same lines as plain mode."""

    def __init__(self, stream=None, cwd: Path | None = None):
        super().__init__(stream, cwd)
        from rich.console import Console

        self.console = Console(file=self.stream, highlight=False)
        self.progress = None
        self.task = None

    def line(self, text: str) -> None:
        self.console.print(text, markup=False)

    def start(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("building"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
            TimeElapsedColumn(), console=self.console, transient=True,
        )
        self.task = self.progress.add_task("", total=total)
        self.progress.start()

    def advance(self, target: Path) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, description=target.name)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def make_reporter(quiet: bool, cwd: Path) -> Reporter:
    if quiet:
        return QuietReporter(cwd=cwd)
    if sys.stdout.isatty():
        return RichReporter(cwd=cwd)
    return Reporter(cwd=cwd)
