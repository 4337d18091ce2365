"""The command line: argument parsing, diagnostics to stderr, exit codes.

Exit status 0 for success; 1 when `verify` finds something missing from an
output, or for an internal error; 2 for bad content, bad usage or anything
else the user can fix (an unwritable output folder, a full disk); 3 when
another build kept the output folder busy past `--wait`. Errors the user
caused are printed as messages naming the file or path, never as
tracebacks; `--debug` shows the traceback of an internal error.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from . import __version__
from .errors import ContentError, Diagnostic, ReportBuilderError

EXIT_OK = 0
EXIT_MISSING = 1
EXIT_INTERNAL = 1
EXIT_CONTENT = 2


class _HelpFormatter(argparse.HelpFormatter):
    """Lists the commands one per line under "commands:", without argparse's {a,b,c} line."""

    def _format_action(self, action):
        if isinstance(action, argparse._SubParsersAction):
            return "".join(self._format_action(command) for command in action._get_subactions())
        return super()._format_action(action)


COMMANDS = ("build", "watch", "check", "verify", "new", "layouts")


def _parser(wanted: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given `wanted`, the other commands get only their name and help line.

    Their options would never be parsed, and each option costs start-up time
    (argparse looks up translations and sizes the terminal for every one).
    """
    parser = argparse.ArgumentParser(
        prog="report-builder",
        usage="report-builder COMMAND [SOURCE ...] [options]",
        description="Turn a YAML brief into a Word brief, a PDF summary and a PowerPoint deck.",
        epilog="Run 'report-builder COMMAND --help' for the options of a command.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"report-builder {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands", prog="report-builder")
    helps = {
        "build": "build what is out of date (default: every brief in source/)",
        "watch": "build, then rebuild on each edit of a brief, image or layout",
        "check": "validate briefs and report every problem; write nothing",
        "verify": "check the outputs hold all the brief says; list what is missing",
        "new": "write a starter project (a brief using every kind of content)",
        "layouts": "list the layouts; 'layouts export NAME FOLDER' copies one",
    }
    for name in COMMANDS:
        if wanted in (None, name):
            _COMMAND_OPTIONS[name](commands, helps[name])
        else:
            commands.add_parser(name, help=helps[name], add_help=False)
    return parser


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--layout", metavar="NAME|PATH", help="a layout name (the project's layouts/NAME, else a shipped one) or folder; overrides the brief's layout:")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    common.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return common


def _building() -> argparse.ArgumentParser:
    building = argparse.ArgumentParser(add_help=False)
    building.add_argument("sources", nargs="*", metavar="SOURCE", help="YAML briefs (default: source/*.yaml)")
    building.add_argument("--out", metavar="DIR", default="out", help="output folder (default: out/)")
    building.add_argument("--formats", metavar="LIST", help="comma-separated: docx,pdf,pptx (default: all)")
    building.add_argument("--force", action="store_true", help="rebuild outputs that are up to date")
    building.add_argument("--jobs", "-j", metavar="N", type=_positive, default=0,
                          help="parallel processes (default: one per format, or the number of cores if more)")
    building.add_argument("--wait", metavar="SECONDS", type=_seconds, default=60.0,
                          help="how long to wait for another build writing to the same folder (default: 60)")
    return building


def _debug() -> argparse.ArgumentParser:
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    return debug


def _build_options(commands, help: str) -> None:
    build = commands.add_parser("build", parents=[_common(), _building()], help=help)
    build.add_argument("--verify", action="store_true",
                       help="then read the outputs back and check they hold everything (see verify)")


def _watch_options(commands, help: str) -> None:
    commands.add_parser("watch", parents=[_common(), _building()], help=help)


def _check_options(commands, help: str) -> None:
    check = commands.add_parser("check", parents=[_common()], help=help)
    check.add_argument("sources", nargs="*", metavar="SOURCE", help="YAML briefs (default: source/*.yaml)")


def _verify_options(commands, help: str) -> None:
    verify = commands.add_parser("verify", parents=[_common()], help=help)
    verify.add_argument("sources", nargs="*", metavar="SOURCE", help="YAML briefs (default: source/*.yaml)")
    verify.add_argument("--out", metavar="DIR", default="out", help="output folder (default: out/)")
    verify.add_argument("--formats", metavar="LIST", help="comma-separated: docx,pdf,pptx (default: all)")


def _new_options(commands, help: str) -> None:
    new = commands.add_parser("new", parents=[_debug()], help=help)
    new.add_argument("folder", nargs="?", default=".", metavar="FOLDER", help="where to write it (default: here)")


def _layouts_options(commands, help: str) -> None:
    layouts = commands.add_parser("layouts", parents=[_debug()], help=help,
                                  usage="report-builder layouts [export NAME FOLDER]",
                                  description="List the shipped layouts and the project's own (layouts/*), each "
                                  "with its description; or copy one to customise.")
    layout_commands = layouts.add_subparsers(dest="layouts_command", metavar="export NAME FOLDER",
                                             prog="report-builder layouts")
    export = layout_commands.add_parser("export", parents=[_debug()], help="copy a layout (theme.yaml, "
                                        "reference.docx, template.pptx, fonts) into FOLDER to customise")
    export.add_argument("name", metavar="NAME", help="a layout name (see `report-builder layouts`) or folder")
    export.add_argument("folder", metavar="FOLDER", help="a new or empty folder, e.g. layouts/mine")


_COMMAND_OPTIONS = {"build": _build_options, "watch": _watch_options, "check": _check_options,
                    "verify": _verify_options, "new": _new_options, "layouts": _layouts_options}


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more; got '{text}'")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 or more (for example 60); got '{text}'")
    return value


class _Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a closed terminal), taken like Ctrl-C: temporary files removed, outputs untouched."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame) -> None:
    raise _Stopped(signum)


def run() -> None:
    """The `report-builder` command: `main`, then, when nothing needs an orderly end, the quickest one.

    Python's own end frees every module and object one by one: 5 to 10 ms, a
    tenth of a `check`; 20 ms after a full build, 100 ms after one with
    `--jobs 1` (every document tree and font the writers made). After `check`
    or a build (its outputs written and closed, its render processes ended and
    its temporary files removed before `main` returns), and once everything
    printed is flushed, the process ends at once instead.
    """
    global _quick_end
    _quick_end = False
    status = main()
    if _quick_end:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            raise SystemExit(status) from None  # Python's end reports an unwritable stream as it always does
        import os

        os._exit(status)
    raise SystemExit(status)


_quick_end = False
"""Set by a command that started nothing needing Python's orderly end (see `run`)."""


CHECK_GC_THRESHOLD = 20_000
"""Allocations between the cyclic garbage collector's youngest passes during `check` (Python's is 700).

`check` makes tens of thousands of small objects (argparse's, nodes, the
model) and no garbage cycles worth collecting: passes every 700 allocations
cost about 2.5 ms of its 50. Set for that command only, and put back after it.
"""


def main(argv: list[str] | None = None) -> int:
    import gc
    import signal

    argv = sys.argv[1:] if argv is None else argv
    threshold = gc.get_threshold()
    if argv[:1] == ["check"]:
        gc.set_threshold(CHECK_GC_THRESHOLD, *threshold[1:])

    taken = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            try:
                taken[getattr(signal, name)] = signal.signal(getattr(signal, name), _stop)
            except ValueError:  # not the main thread (watch in a test): signals are the main thread's to take
                break
    try:
        return _main(argv)
    finally:
        for signum, previous in taken.items():
            signal.signal(signum, previous)
        gc.set_threshold(*threshold)


def _main(argv: list[str]) -> int:
    parser = _parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_CONTENT
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "watch":
            return _watch(args)
        if args.command == "verify":
            return _verify(args)
        if args.command == "new":
            from .starter import command_new

            return command_new(Path(args.folder), Path.cwd())
        if args.command == "layouts":
            from .layouts_command import command_layouts

            return command_layouts(args.layouts_command, getattr(args, "name", None), getattr(args, "folder", None),
                                   Path.cwd())
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
    except KeyboardInterrupt as exc:
        _err("interrupted; outputs left as they were")
        return 128 + exc.signum if isinstance(exc, _Stopped) else 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if getattr(args, "debug", False):
            raise
        _err(f"report-builder: internal error: {type(exc).__name__}: {exc}")
        _err("outputs were left as they were; run again with --debug for the traceback and report it")
        return EXIT_INTERNAL


def _options(args):
    from .build import BuildOptions, parse_formats

    return BuildOptions(
        out_dir=Path(args.out),
        formats=parse_formats(args.formats),
        layout=args.layout,
        strict=args.strict,
        force=args.force,
        jobs=args.jobs,
        lock_timeout=args.wait,
    )


def _build(args) -> int:
    from .build import Builder, discover_sources
    from .progress import make_reporter

    cwd = Path.cwd()
    options = _options(args)
    sources = discover_sources(args.sources, cwd)
    result = Builder(cwd, options, make_reporter(args.quiet, cwd)).run(sources)
    global _quick_end
    _quick_end = not args.verify and "multiprocessing" not in sys.modules
    _print_diagnostics(result.warnings)
    if args.verify:
        return _report_verified(sources, args, cwd, summary_only=True)
    return EXIT_OK


def _watch(args) -> int:
    from .progress import make_reporter
    from .watch import watch

    cwd = Path.cwd()
    try:
        watch(args.sources, _options(args), cwd, make_reporter(args.quiet, cwd), _print_diagnostics)
    except KeyboardInterrupt:
        return EXIT_OK
    return EXIT_OK


def _check(args) -> int:
    from .briefs import check_layouts, discover_sources, load_briefs

    global _quick_end
    _quick_end = True
    cwd = Path.cwd()
    sources = discover_sources(args.sources, cwd, "check")
    briefs, warnings = load_briefs(sources, cwd)
    warnings += check_layouts(briefs, args.layout, cwd)
    if args.strict and warnings:
        raise ContentError(warnings)
    _print_diagnostics(warnings)
    if not args.quiet:
        print(f"{len(sources)} brief{'s' * (len(sources) != 1)} OK")
    return EXIT_OK


def _verify(args) -> int:
    from .briefs import discover_sources

    cwd = Path.cwd()
    return _report_verified(discover_sources(args.sources, cwd, "verify"), args, cwd, summary_only=False)


def _report_verified(sources: list[Path], args, cwd: Path, summary_only: bool) -> int:
    from .build import parse_formats
    from .verify import missing_messages, report, verify

    checks = verify(sources, cwd, Path(args.out), parse_formats(args.formats), args.layout)
    for line in report(checks, cwd, quiet=args.quiet, summary_only=summary_only):
        print(line)
    problems = missing_messages(checks, cwd)
    for line in problems:
        _err(line)
    return EXIT_MISSING if problems else EXIT_OK


MAX_SHOWN = 100
"""Problems printed in full; past them a count (100,000 unknown keys made 100,000 lines and took seconds)."""


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics[:MAX_SHOWN]:
        _err(str(diagnostic))
    if len(diagnostics) > MAX_SHOWN:
        rest = diagnostics[MAX_SHOWN:]
        files = sorted({d.location.file for d in rest})
        _err(f"... and {len(rest):,} more in {', '.join(files[:3])}{' and others' if len(files) > 3 else ''} "
             "(fix these first)")


def _err(message: str) -> None:
    print(message, file=sys.stderr)


