"""How long the size cases of the hostile-input probe take, per format, at full size.

Each case is a brief generated here (a long paragraph, a long title or
marking, many developments, inline markup that never closes, ...). It is
validated once, then each format is rendered in this process and timed
separately, with the peak memory of the run. Nothing is asserted: the
figures are recorded so a change that makes a step super-linear shows up
as a jump between runs (tests/test_hostile_sizes.py checks the same cases
at modest sizes).

    python benchmarks/hostile_sizes.py [--scale 0.1] [--only NAME] [--formats docx,pdf,pptx]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_cases import CASES  # noqa: E402


LAYOUT = None


def render(brief_path: Path, formats: list[str], out: Path) -> dict[str, float]:
    from report_builder.build import load_layout, render_one
    from report_builder.validate import load_brief

    started = time.perf_counter()
    brief, _ = load_brief(brief_path, brief_path.name)
    theme = load_layout(LAYOUT, ROOT)
    times = {"check": time.perf_counter() - started}
    for name in formats:
        started = time.perf_counter()
        render_one(name, brief, theme, out / f"brief.{name}")
        times[name] = time.perf_counter() - started
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (default 1)")
    parser.add_argument("--only", action="append", help="run only this case (repeatable)")
    parser.add_argument("--formats", default="docx,pdf,pptx")
    parser.add_argument("--layout", help="a layout name or folder (a full PDF handout sets every paragraph)")
    args = parser.parse_args()
    global LAYOUT
    LAYOUT = args.layout
    formats = args.formats.split(",")
    print(f"{'case':28} {'size':>9} " + " ".join(f"{name:>8}" for name in ["check", *formats]) + "   peak MB")
    for case in CASES:
        if args.only and case.name not in args.only:
            continue
        size = max(1, int(case.full_size * args.scale))
        with tempfile.TemporaryDirectory() as folder:
            brief = Path(folder) / "brief.yaml"
            brief.write_text(case.brief(size), encoding="utf-8")
            try:
                times = render(brief, formats, Path(folder))
            except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
                print(f"{case.name:28} {size:>9} failed: {type(exc).__name__}: {str(exc)[:100]}")
                continue
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{case.name:28} {size:>9} " + " ".join(f"{times[k]:8.2f}" for k in ["check", *formats])
              + f"   {peak:7.0f}", flush=True)


if __name__ == "__main__":
    main()
