"""How fast report-builder answers, as ratios against a baseline measured in the same run.

Machines here are noisy, so absolute seconds mean little: every figure is
reported against `python -c pass` (the interpreter's own start-up) measured
interleaved with the commands, taking the median of several rounds.

    python benchmarks/build_speed.py [--rounds N] [BRIEF]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("brief", nargs="?", default=str(ROOT / "source" / "russia-dprk.yaml"))
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    python = sys.executable
    tool = [python, "-m", "report_builder"]
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        (project / "source").mkdir()
        shutil.copy(args.brief, project / "source" / Path(args.brief).name)
        cases = {
            "python -c pass (baseline)": [python, "-c", "pass"],
            "check": [*tool, "check"],
            "build, no-op": [*tool, "build", "--quiet"],
            "build, full (--force)": [*tool, "build", "--quiet", "--force"],
            "build, full, one process": [*tool, "build", "--quiet", "--force", "--jobs", "1"],
            "build --formats pdf (--force)": [*tool, "build", "--quiet", "--force", "--formats", "pdf"],
        }
        timed([*tool, "build", "--quiet"], project)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, command in cases.items():
                samples[name].append(timed(command, project))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    baseline = medians["python -c pass (baseline)"]
    full = medians["build, full (--force)"]
    print(f"{'case':34} {'median s':>9} {'× baseline':>11} {'× full build':>13}")
    for name, value in medians.items():
        print(f"{name:34} {value:9.3f} {value / baseline:11.2f} {value / full:13.2f}")


if __name__ == "__main__":
    main()
