"""The command line: argument parsing, diagnostics to stderr, exit codes.

Exit status 0 for success, 2 for bad content or usage, 1 for an internal
error. Errors the user caused are printed as located messages, never as
tracebacks; `--debug` shows the traceback of an internal error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import ContentError, Diagnostic, ReportBuilderError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_CONTENT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="report-builder",
        description="Turn a YAML brief into a Word brief, a PDF summary and a PowerPoint deck.",
    )
    parser.add_argument("--version", action="version", version=f"report-builder {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--layout", metavar="NAME|PATH", help="layout name (in layouts/) or folder (default: default)")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    common.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")

    build = commands.add_parser("build", parents=[common], help="build outputs (default: every brief in source/)")
    build.add_argument("sources", nargs="*", metavar="SOURCE", help="YAML briefs (default: source/*.yaml)")
    build.add_argument("--out", metavar="DIR", default="out", help="output folder (default: out/)")
    build.add_argument("--formats", metavar="LIST", help="comma-separated: docx,pdf,pptx (default: all)")

    check = commands.add_parser("check", parents=[common], help="validate briefs without writing anything")
    check.add_argument("sources", nargs="*", metavar="SOURCE", help="YAML briefs (default: source/*.yaml)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
        return _check(args)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.is_error)
        warnings = len(exc.diagnostics) - errors
        outcome = "; nothing was written" if args.command == "build" else ""
        if errors:
            _err(f"{errors} error{'s' * (errors != 1)}{outcome}")
        else:
            _err(f"{warnings} warning{'s' * (warnings != 1)}, which --strict makes errors{outcome}")
        return EXIT_CONTENT
    except ReportBuilderError as exc:
        _err(f"report-builder: error: {exc}")
        return exc.exit_status
    except KeyboardInterrupt:
        _err("interrupted; outputs left as they were")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if getattr(args, "debug", False):
            raise
        _err(f"report-builder: internal error: {type(exc).__name__}: {exc}")
        _err("outputs were left as they were; run again with --debug for the traceback and report it")
        return EXIT_INTERNAL


def _build(args) -> int:
    from .build import build, discover_sources, load_layout, parse_formats

    cwd = Path.cwd()
    formats = parse_formats(args.formats)
    sources = discover_sources(args.sources, cwd)
    theme = load_layout(args.layout, cwd)

    def report(written) -> None:
        if not args.quiet:
            print(f"wrote {_show(written.path, cwd)} ({_size(written.size)}, {written.seconds:.2f} s)")

    result = build(sources, Path(args.out), formats, theme, cwd, strict=args.strict, on_written=report)
    _print_diagnostics(result.warnings)
    return EXIT_OK


def _check(args) -> int:
    from .build import discover_sources, load_briefs, load_layout

    cwd = Path.cwd()
    sources = discover_sources(args.sources, cwd)
    if args.layout:
        load_layout(args.layout, cwd)
    _, warnings = load_briefs(sources, cwd)
    if args.strict and warnings:
        raise ContentError(warnings)
    _print_diagnostics(warnings)
    if not args.quiet:
        print(f"{len(sources)} brief{'s' * (len(sources) != 1)} OK")
    return EXIT_OK


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        _err(str(diagnostic))


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _show(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def _size(size: int) -> str:
    return f"{size / 1024:.1f} kB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
