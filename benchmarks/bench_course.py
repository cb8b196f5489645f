"""How long each course notebook takes to run headless, as a learner's "Run All" would.

Every notebook of course/modules.yml is executed in a fresh kernel with nbclient, three
times by default, and compared with a baseline measured in the same run: a notebook
whose only cell is ``import kamtools as kt`` (kernel start-up plus the package import,
which every module pays). Targets (printed, never asserted): each notebook under 20 s,
the whole course under 2 minutes.

Usage::

    python benchmarks/bench_course.py [--repeat N] [--only 03_pareto_analysis ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
TARGET_NOTEBOOK_S = 20.0
TARGET_COURSE_S = 120.0


def run_once(nb: nbformat.NotebookNode) -> float:
    """Seconds to execute ``nb`` (a copy) in a fresh kernel, start-up included."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(COURSE)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", nargs="*", help="notebook stems to run (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)

    # Progress recorded while benchmarking goes to a throw-away store.
    os.environ.setdefault(
        "KAMTOOLS_PROGRESS_DB", str(Path(tempfile.mkdtemp()) / "progress.sqlite3")
    )
    modules = yaml.safe_load((COURSE / "modules.yml").read_text(encoding="utf-8"))["modules"]
    stems = [m["file"][:-6] for m in modules]
    if args.only:
        stems = [s for s in stems if s in set(args.only)]

    baseline_nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import kamtools as kt")]
    )
    rows = []
    baseline = [run_once(baseline_nb) for _ in range(args.repeat)]
    base = statistics.median(baseline)
    print(f"course benchmark: {args.repeat} run(s) per notebook, {os.cpu_count()} CPUs")
    print(f"baseline (kernel start + import kamtools): median {base:.2f} s\n")
    print(
        f"{'notebook':32} {'median s':>9} {'max s':>7} {'x base':>7}  < {TARGET_NOTEBOOK_S:.0f} s"
    )
    for stem in stems:
        nb = nbformat.read(COURSE / f"{stem}.ipynb", as_version=4)
        times = [run_once(nb) for _ in range(args.repeat)]
        med = statistics.median(times)
        ok = "PASS" if max(times) < TARGET_NOTEBOOK_S else "MISS"
        rows.append({"notebook": stem, "seconds": times, "median": med, "ratio": med / base})
        print(f"{stem:32} {med:9.2f} {max(times):7.2f} {med / base:7.2f}  {ok}")
    total = sum(r["median"] for r in rows)
    verdict = "PASS" if total < TARGET_COURSE_S else "MISS"
    print(
        f"\nwhole course (sum of medians): {total:.1f} s, target < {TARGET_COURSE_S:.0f} s: "
        f"{verdict}"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"bench_course-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps({"baseline": baseline, "rows": rows, "total": total}, indent=1))
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
