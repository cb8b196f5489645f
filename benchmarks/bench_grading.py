"""Grading a class: sequential ``nbgrader autograde`` against ``kamtools grade --jobs N``.

A class of N submissions (default 40) of one assignment (default ``pareto``) is built from
the real student version: a realistic mix of full solutions, plausible wrong answers
(the assignment's grading case), untouched notebooks and correct code that prints to
stderr. The same class is graded in the same run by

- **baseline**: ``nbgrader autograde <assignment>`` (one command, one submission after
  another, as nbgrader does it), and
- **kamtools**: ``kamtools grade <assignment> --jobs N`` (worker processes, each grading a
  share of the class in one process),

each on its own copy of the course root. Printed: seconds in all and per submission, the
ratio, and whether every grade cell got the same score both ways. Target on a 2-core
machine (printed, never asserted): at least 1.6x faster with identical grades.

Usage::

    python benchmarks/bench_grading.py [--students 40] [--jobs 2] [--assignment pareto]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "grading"))

from _synthetic_class import (  # noqa: E402
    cell_grades,
    load_case,
    make_course,
    read,
    solution_code_cells,
    solved,
    text,
    write,
)

from kamtools.grading import distribute  # noqa: E402

TARGET_RATIO = 1.6


def build(course: Path, case: dict, students: int) -> None:
    assignment, notebook = case["assignment"], case["notebook"]
    release = read(course / "release" / assignment / notebook)
    source = read(course / "source" / assignment / notebook)
    full = solved(release, source)
    wrong = solved(release, source, case["wrong"]["solution_cells"])
    noisy = solved(release, source)
    for cell in solution_code_cells(noisy):
        cell["source"] = 'import sys\nprint("checking...", file=sys.stderr)\n' + text(cell)
    kinds = [full, wrong, full, release, noisy]  # 2 of 5 perfect, the rest a typical mix
    for i in range(students):
        write(course, assignment, f"student{i:03d}", notebook, kinds[i % len(kinds)])


def run(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--assignment", default="pareto")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)
    os.environ.setdefault("KAMTOOLS_PROGRESS_DB", str(Path(tempfile.mkdtemp()) / "p.sqlite3"))

    case = load_case(args.assignment)
    work = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        base = make_course(work / "baseline", [args.assignment])
        distribute.generate(base, args.assignment)
        build(base, case, args.students)
        ours = work / "kamtools"
        shutil.copytree(base, ours)

        t_base = run([sys.executable, "-m", "nbgrader", "autograde", args.assignment], base)
        t_ours = run(
            [
                sys.executable,
                "-m",
                "kamtools.cli",
                "grade",
                args.assignment,
                "--jobs",
                str(args.jobs),
                "--no-progress",
            ],
            ours,
        )
        same = cell_grades(base, args.assignment) == cell_grades(ours, args.assignment)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    n = args.students
    ratio = t_base / t_ours
    print(f"class of {n} submissions of {args.assignment!r}, {os.cpu_count()} CPU(s)")
    print(f"  baseline nbgrader autograde : {t_base:7.1f} s  ({t_base / n:.2f} s per submission)")
    print(
        f"  kamtools grade --jobs {args.jobs}    : {t_ours:7.1f} s  ({t_ours / n:.2f} s per submission)"
    )
    print(
        f"  ratio (baseline / kamtools) : {ratio:.2f}x  target >= {TARGET_RATIO}x: "
        f"{'PASS' if ratio >= TARGET_RATIO else 'MISS'}"
    )
    print(f"  identical grades            : {'yes' if same else 'NO'}")
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (args.out / f"grading-{stamp}.json").write_text(
        json.dumps(
            {
                "assignment": args.assignment,
                "students": n,
                "jobs": args.jobs,
                "baseline_s": t_base,
                "kamtools_s": t_ours,
                "ratio": ratio,
                "identical": same,
            },
            indent=2,
        )
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
