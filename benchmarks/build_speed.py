"""How fast report-builder answers, as ratios to the import floor measured in the same run.

Machines here are noisy, so absolute seconds mean little. Every figure is a
median over rounds interleaved with the floor, `python -c "import docx, pptx,
reportlab.platypus, yaml"` in a fresh process: what any tool writing these
three formats with these libraries pays before doing anything. Measured:

- `check` (as is, and after a one-word edit of the brief each time), a
  no-op build, a full build (default and `--jobs 1`) and each format alone,
  for the sample brief;
- pandoc writing .docx and .pptx from the same content as Markdown, when
  pandoc is installed;
- full builds of briefs 10 and 50 times the sample (every section and
  development repeated, with new ids), as ratios to the sample's;
- the peak memory (max RSS) of any process of a build, workers included;
- `watch`: from saving an edit of the brief to all three outputs rewritten.

    python benchmarks/build_speed.py [--rounds N] [--busy] [--json FILE] [BRIEF]

`--busy` keeps one core busy with a spinning process while measuring, the
way a second program competes for a two-core laptop. Results go to the
terminal and, as JSON, to `--json` (default: benchmarks/results/latest.json),
with each target of the speed issue and whether this run met it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FLOOR_IMPORTS = "import docx, pptx, reportlab.platypus, yaml"
SIZES = (1, 10, 50)
OUTPUTS = (".docx", ".pdf", ".pptx")


# Running and timing ------------------------------------------------------------


def run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, float]:
    """Wall seconds, the peak RSS in kB and the CPU seconds of the process and every child it waited for."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout, stderr = process.stdout.read(), process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr.decode()}{stdout.decode()}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def interleaved(cases: dict[str, tuple], rounds: int, env: dict) -> dict[str, dict]:
    """Each case once per round, in turn, so a burst of load hits every case alike.

    A case is (command, folder), optionally with its own environment and a
    function called, untimed, before each of its runs (an edit of the brief).
    """
    seconds: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    memory: dict[str, int] = {name: 0 for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            command, cwd = case[:2]
            if len(case) > 3:
                case[3]()
            elapsed, rss, used = run(command, cwd, case[2] if len(case) > 2 and case[2] is not None else env)
            seconds[name].append(elapsed)
            cpu[name].append(used)
            memory[name] = max(memory[name], rss)
    return {name: {"median": statistics.median(values), "samples": values, "cpu": statistics.median(cpu[name]),
                   "max_rss_kb": memory[name]}
            for name, values in seconds.items()}


# Briefs ------------------------------------------------------------------------


def scaled_brief(text: str, times: int) -> str:
    """The brief with every section and development repeated `times` times; copies get new ids."""
    if times == 1:
        return text
    data = yaml.safe_load(text)
    sections = []
    for copy in range(1, times + 1):
        for section in data["sections"]:
            section = dict(section)
            if copy > 1:
                base = section.get("id") or "-".join(section["title"].lower().split())
                section["id"] = f"{base}-{copy}"
                section["title"] = f"{section['title']} ({copy})"
                section.pop("chronology", None)
            sections.append(section)
    data["sections"] = sections
    data["developments"] = [
        {**event, "title": f"{event['title']} ({copy})" if copy > 1 else event["title"]}
        for event in data.get("developments", []) for copy in range(1, times + 1)
    ]
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100)


class _NoAliases(yaml.SafeDumper):
    """Repeated pieces written out in full: briefs may not repeat long text through aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def markdown_of(text: str) -> str:
    """The brief as pandoc Markdown: the same words, headings where the deck has slides."""
    data = yaml.safe_load(text)

    def items(value) -> list[str]:
        return [value] if isinstance(value, str) else list(value or [])

    lines = [f"% {data['title']}", f"% {'; '.join(items(data.get('authors')))}", f"% {data['date']}", ""]
    if data.get("subtitle"):
        lines += [data["subtitle"], ""]
    if data.get("summary"):
        lines += ["# Key judgments", ""]
        for judgment in data["summary"]:
            lines.append(f"- {judgment['text'] if isinstance(judgment, dict) else judgment}")
        lines.append("")
    for section in data["sections"]:
        lines += [f"# {section['title']}", ""]
        lines += [f"- {bullet}" for bullet in items(section.get("bullets"))] + [""]
        for paragraph in items(section.get("paragraphs")):
            lines += [paragraph, ""]
        if section.get("notes"):
            lines += ["::: notes", section["notes"], ":::", ""]
    if data.get("developments"):
        lines += ["# Chronology", "", "| Date | Development | Significance |", "|---|---|---|"]
        for event in data["developments"]:
            cells = [str(event["date"]), f"**{event['title']}** {event.get('summary', '')}", event.get("significance", "")]
            lines.append("| " + " | ".join(" ".join(str(c).split()).replace("|", "/") for c in cells) + " |")
        lines.append("")
    if data.get("conclusions"):
        lines += ["# Conclusions", ""]
        for conclusion in data["conclusions"]:
            if isinstance(conclusion, dict):
                lines.append(f"- **{conclusion.get('title', '')}** {conclusion['text']}")
            else:
                lines.append(f"- {conclusion}")
        lines.append("")
    if data.get("sources"):
        lines += ["# Sources", ""]
        for number, source in enumerate(data["sources"], 1):
            parts = [source["title"], source.get("publisher"), source.get("date"), source.get("url")]
            lines.append(f"{number}. " + ", ".join(str(p) for p in parts if p))
    return "\n".join(lines) + "\n"


class Editor:
    """Saves the brief with one word changed, another each time: `check` as it runs after an edit."""

    def __init__(self, brief: Path):
        self.brief = brief
        self.original = brief.read_text(encoding="utf-8")
        self.edits = 0

    def __call__(self) -> None:
        self.edits += 1
        self.brief.write_text(self.original.replace("\nsubtitle: ", f"\nsubtitle: Edit{self.edits} ", 1),
                              encoding="utf-8")


def project(folder: Path, brief_text: str, name: str) -> Path:
    (folder / "source").mkdir(parents=True)
    (folder / "source" / name).write_text(brief_text, encoding="utf-8")
    return folder


# watch -------------------------------------------------------------------------


def watch_edit_times(tool: list[str], folder: Path, brief: Path, rounds: int, env: dict) -> list[float]:
    """Seconds from saving an edited brief to all three outputs replaced, once per round."""
    targets = [folder / "out" / f"{brief.stem}{suffix}" for suffix in OUTPUTS]
    process = subprocess.Popen([*tool, "watch", "--quiet"], cwd=folder, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _wait_until(lambda: all(t.exists() for t in targets), 120, process)
        time.sleep(1.0)  # the watcher is set up once the first build has been written
        original = brief.read_text(encoding="utf-8")
        times = []
        for edit in range(1, rounds + 1):
            before = [_identity(t) for t in targets]
            edited = original.replace("\nsubtitle: ", f"\nsubtitle: Edit {edit} - ", 1)
            brief.write_text(edited, encoding="utf-8")
            saved = time.perf_counter()
            _wait_until(lambda: all(_identity(t) != b for t, b in zip(targets, before)), 60, process)
            times.append(time.perf_counter() - saved)
            time.sleep(0.5)
        return times
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stderr.close()


def _identity(path: Path):
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns, status.st_size


def _wait_until(condition, timeout: float, process) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            raise SystemExit(f"watch exited early:\n{process.stderr.read().decode()}")
        if time.monotonic() > deadline:
            raise SystemExit("watch did not rewrite the outputs in time")
        time.sleep(0.002)


# The report --------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", nargs="?", default=str(ROOT / "source" / "russia-dprk.yaml"))
    parser.add_argument("--rounds", type=int, default=7, help="rounds for the sample's cases (default 7)")
    parser.add_argument("--size-rounds", type=int, default=3, help="rounds for the 10x and 50x briefs (default 3)")
    parser.add_argument("--busy", action="store_true", help="keep one core busy while measuring")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results" / "latest.json"),
                        help="where to write the results")
    args = parser.parse_args()

    python = sys.executable
    tool = [python, "-m", "report_builder"]
    brief = Path(args.brief)
    text = brief.read_text(encoding="utf-8")
    env = dict(os.environ)
    spinner = subprocess.Popen([python, "-c", "while True: pass"]) if args.busy else None
    try:
        with tempfile.TemporaryDirectory(prefix="build-speed-") as scratch:
            scratch = Path(scratch)
            results = measure(tool, python, text, brief.name, scratch, args, env)
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
    results["conditions"] = {
        "busy": args.busy,
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "python": platform.python_version(),
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
        "own_bytecode_cached": any((ROOT / "report_builder").glob("**/__pycache__/*.pyc")),
        "brief": str(brief),
        "rounds": args.rounds,
    }
    results["targets"] = targets(results)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_report(results)
    print(f"\nwritten to {args.json}")


def measure(tool, python, text, name, scratch: Path, args, env) -> dict:
    sample = project(scratch / "x1", text, name)
    edited = project(scratch / "x1-edited", text, name)
    run([*tool, "build", "--quiet"], sample, env)
    cases = {
        "floor (import docx, pptx, reportlab.platypus, yaml)": ([python, "-c", FLOOR_IMPORTS], sample),
        "python -c pass": ([python, "-c", "pass"], sample),
        "check": ([*tool, "check", "--quiet"], sample),
        "check, after an edit of the brief": ([*tool, "check", "--quiet"], edited, None,
                                              Editor(edited / "source" / name)),
        "build, no-op": ([*tool, "build", "--quiet"], sample),
        "build, full": ([*tool, "build", "--quiet", "--force"], sample),
        "build, full, --jobs 1 (no render process)": ([*tool, "build", "--quiet", "--force", "--jobs", "1"], sample),
        "build, full, --jobs 2": ([*tool, "build", "--quiet", "--force", "--jobs", "2"], sample),
        "build, full, --jobs 3": ([*tool, "build", "--quiet", "--force", "--jobs", "3"], sample),
    }
    for fmt in ("docx", "pdf", "pptx"):
        cases[f"build, {fmt} only"] = ([*tool, "build", "--quiet", "--force", "--formats", fmt], sample)
    pandoc = shutil.which("pandoc")
    if pandoc:
        (sample / "brief.md").write_text(markdown_of(text), encoding="utf-8")
        for suffix in ("docx", "pptx"):
            cases[f"pandoc, {suffix}"] = ([pandoc, "brief.md", "-o", f"pandoc.{suffix}"], sample)
    results: dict = {"cases": interleaved(cases, args.rounds, env)}
    floor = results["cases"]["floor (import docx, pptx, reportlab.platypus, yaml)"]["median"]

    # The same commands where nothing is cached: Python writes no bytecode and report-builder
    # keeps none either (nor font widths); and where Python keeps its own __pycache__.
    without_caches = {**env, "PYTHONDONTWRITEBYTECODE": "1", "REPORT_BUILDER_CACHE": ""}
    python_bytecode = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
    python_bytecode["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    run([*tool, "build", "--quiet", "--force"], sample, python_bytecode)
    variants = {"floor": ([python, "-c", FLOOR_IMPORTS], sample)}
    for label, variant in (("nothing cached", without_caches), ("Python's own bytecode", python_bytecode)):
        for case, command in (("check", [*tool, "check", "--quiet"]), ("build, no-op", [*tool, "build", "--quiet"]),
                              ("build, full", [*tool, "build", "--quiet", "--force"])):
            variants[f"{case}, {label}"] = (command, sample, variant)
    results["caching"] = interleaved(variants, args.rounds, env)

    sizes = {}
    folders = {1: sample}
    for times in SIZES[1:]:
        folders[times] = project(scratch / f"x{times}", scaled_brief(text, times), name)
    size_cases = {f"{times}x": ([*tool, "build", "--quiet", "--force"], folders[times]) for times in SIZES}
    size_cases["floor"] = ([python, "-c", FLOOR_IMPORTS], sample)
    measured = interleaved(size_cases, args.size_rounds, env)
    for times in SIZES:
        entry = measured[f"{times}x"]
        sizes[f"{times}x"] = {**entry, "bytes": len((folders[times] / "source" / name).read_bytes())}
    results["sizes"] = sizes
    results["sizes_floor"] = measured["floor"]["median"]

    watch_folder = project(scratch / "watch", text, name)
    results["watch_edit_to_outputs"] = watch_edit_times(tool, watch_folder, watch_folder / "source" / name,
                                                        args.rounds, env)
    results["floor"] = floor
    return results


def targets(results: dict) -> list[dict]:
    """Each target of the speed issue: the measured ratio, the limit, and whether it is met."""
    cases, floor = results["cases"], results["floor"]
    sizes = results["sizes"]
    measured = [
        ("cold build of the sample, x floor", cases["build, full"]["median"] / floor, 2.0),
        ("check, x floor", cases["check"]["median"] / floor, 0.30),
        ("check after an edit of the brief, x floor", cases["check, after an edit of the brief"]["median"] / floor, 0.30),
        ("no-op build, x floor", cases["build, no-op"]["median"] / floor, 0.25),
        ("50x the sample, x the 1x time", sizes["50x"]["median"] / sizes["1x"]["median"], 15.0),
        ("peak memory of any process at 50x, MB", sizes["50x"]["max_rss_kb"] / 1024, 200.0),
    ]
    if "pandoc, docx" in cases:
        pandoc = cases["pandoc, docx"]["median"] + cases["pandoc, pptx"]["median"]
        watch = statistics.median(results["watch_edit_to_outputs"])
        measured.append(("watch edit to three outputs, x pandoc docx + pptx", watch / pandoc, 1.0))
    return [{"target": name, "measured": round(value, 3), "limit": limit,
             "met": value < limit if "memory" in name or "pandoc" in name else value <= limit}
            for name, value, limit in measured]


def print_report(results: dict) -> None:
    cases, floor = results["cases"], results["floor"]
    conditions = results["conditions"]
    print(f"load: {'one core kept busy' if conditions['busy'] else 'as found'}, load average at end "
          f"{conditions['load_average_at_end'][0]:.2f} on {conditions['cpus']} cores; "
          f"PYTHONDONTWRITEBYTECODE={conditions['PYTHONDONTWRITEBYTECODE'] or '(unset)'}")
    print(f"\n{'case':52} {'median s':>9} {'× floor':>8} {'CPU s':>7} {'peak MB':>8}")
    for name, entry in cases.items():
        print(f"{name:52} {entry['median']:9.3f} {entry['median'] / floor:8.2f} {entry['cpu']:7.3f} "
              f"{entry['max_rss_kb'] / 1024:8.0f}")
    if "pandoc, docx" in cases:
        pandoc = cases["pandoc, docx"]["median"] + cases["pandoc, pptx"]["median"]
        print(f"{'pandoc, docx + pptx':52} {pandoc:9.3f} {pandoc / floor:8.2f}")
    watch = statistics.median(results["watch_edit_to_outputs"])
    print(f"{'watch, saved edit to three outputs':52} {watch:9.3f} {watch / floor:8.2f}")

    caching = results["caching"]
    print(f"\n{'the same, differently cached':52} {'median s':>9} {'× floor':>8} {'CPU s':>7}")
    for name, entry in caching.items():
        print(f"{name:52} {entry['median']:9.3f} {entry['median'] / caching['floor']['median']:8.2f} "
              f"{entry['cpu']:7.3f}")

    sizes, one = results["sizes"], results["sizes"]["1x"]["median"]
    print(f"\n{'size':10} {'kB':>7} {'median s':>9} {'× 1x':>6} {'× floor':>8} {'CPU s':>7} {'peak MB':>8}")
    for name, entry in sizes.items():
        print(f"{name:10} {entry['bytes'] / 1024:7.0f} {entry['median']:9.3f} {entry['median'] / one:6.2f} "
              f"{entry['median'] / results['sizes_floor']:8.2f} {entry['cpu']:7.3f} {entry['max_rss_kb'] / 1024:8.0f}")

    print(f"\n{'target':52} {'measured':>9} {'limit':>8}")
    for target in results["targets"]:
        print(f"{target['target']:52} {target['measured']:9.2f} {target['limit']:8.2f}  "
              f"{'met' if target['met'] else 'NOT met'}")


if __name__ == "__main__":
    main()
