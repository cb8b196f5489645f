"""Grading a class: sequential ``nbgrader autograde`` against ``kamtools grade --jobs N``.

A class of N submissions (default 40) of one assignment (default ``pareto``) is built from
the real student version: a realistic mix of full solutions, plausible wrong answers
(the assignment's grading case), untouched notebooks and correct code that prints to
stderr. Two classes are graded: this honest class, and the same class with two
**looping students** (an endless loop after a correct answer, as a student who tried a
``while`` loop leaves it). Each class is graded, each on its own copy of the course root, by

- **baseline**: ``nbgrader autograde <assignment>`` (one command, one submission after
  another, as nbgrader does it, with the course's ``Execute.timeout``);
- **sandbox**: ``kamtools grade <assignment> --jobs N`` (students' code in the bubblewrap
  sandbox, the default; answer and test cells limited to ``question_timeout`` seconds);
- **no sandbox**: the same with ``--no-sandbox`` (the kernel runs as nbgrader runs it).

The runs take turns within each round (baseline, sandbox, no sandbox), so a burst of load
from another process hits all of them; the figures are **medians** of ``--repeat`` rounds
(on a shared machine single runs vary by ±20%). Printed: seconds in all and per submission,
the ratio baseline / kamtools, the sandbox's overhead, and whether every grade cell got the
same score as with nbgrader. Target on a 2-core machine (printed, never asserted): at least
1.6x faster than nbgrader with identical grades, for the honest class.

Usage::

    python benchmarks/bench_grading.py [--students 40] [--jobs 2] [--repeat 3]
        [--assignment pareto] [--loopers 2] [--classes honest looping]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
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
from kamtools.grading.sandbox import sandbox_problem  # noqa: E402

TARGET_RATIO = 1.6


def build(course: Path, case: dict, students: int, loopers: int = 0) -> None:
    """The synthetic class; the first ``loopers`` students loop forever after an answer."""
    assignment, notebook = case["assignment"], case["notebook"]
    release = read(course / "release" / assignment / notebook)
    source = read(course / "source" / assignment / notebook)
    full = solved(release, source)
    wrong = solved(release, source, case["wrong"]["solution_cells"])
    noisy = solved(release, source)
    for cell in solution_code_cells(noisy):
        cell["source"] = 'import sys\nprint("checking...", file=sys.stderr)\n' + text(cell)
    loop = copy.deepcopy(full)
    first = solution_code_cells(loop)[0]
    first["source"] = text(first) + "\nwhile True:  # a loop that never ends\n    pass\n"
    kinds = [full, wrong, full, release, noisy]  # 2 of 5 perfect, the rest a typical mix
    for i in range(students):
        nb = loop if i < loopers else kinds[i % len(kinds)]
        write(course, assignment, f"student{i:03d}", notebook, nb)


def run(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    return seconds


def one_round(work: Path, case: dict, args, loopers: int, ways: list[str]) -> dict:
    """Grade one fresh class each way; seconds of each and whether grades match."""
    assignment = args.assignment
    base = make_course(work / "baseline", [assignment])
    distribute.generate(base, assignment)
    build(base, case, args.students, loopers)
    copies = {way: work / way for way in ways if way != "baseline"}
    for path in copies.values():
        shutil.copytree(base, path)
    seconds = {"baseline": run([sys.executable, "-m", "nbgrader", "autograde", assignment], base)}
    kamtools = [sys.executable, "-m", "kamtools.cli", "grade", assignment]
    kamtools += ["--jobs", str(args.jobs), "--no-progress"]
    flags = {"sandbox": "--require-sandbox", "no_sandbox": "--no-sandbox"}
    for way, path in copies.items():
        seconds[way] = run([*kamtools, flags[way]], path)
    expected = cell_grades(base, assignment)
    same = {name: cell_grades(path, assignment) == expected for name, path in copies.items()}
    return {"seconds": seconds, "identical": same}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--assignment", default="pareto")
    parser.add_argument("--loopers", type=int, default=2, help="looping students, 2nd class")
    parser.add_argument(
        "--classes", nargs="+", choices=["honest", "looping"], default=["honest", "looping"]
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)
    os.environ.setdefault("KAMTOOLS_PROGRESS_DB", str(Path(tempfile.mkdtemp()) / "p.sqlite3"))

    case = load_case(args.assignment)
    n = args.students
    problem = sandbox_problem()
    ways = ["baseline", "no_sandbox"] if problem else ["baseline", "sandbox", "no_sandbox"]
    if problem:
        print(f"no sandbox on this machine ({problem}): measuring --no-sandbox only")
    print(
        f"class of {n} submissions of {args.assignment!r}, {os.cpu_count()} CPU(s), "
        f"--jobs {args.jobs}, medians of {args.repeat} round(s)"
    )
    report: dict = {
        "assignment": args.assignment,
        "students": n,
        "jobs": args.jobs,
        "repeat": args.repeat,
        "classes": {},
    }
    ok = True
    for kind in args.classes:
        loopers = args.loopers if kind == "looping" else 0
        rounds = []
        for _ in range(args.repeat):
            work = Path(tempfile.mkdtemp(prefix="bench-grading-"))
            try:
                rounds.append(one_round(work, case, args, loopers, ways))
            finally:
                shutil.rmtree(work, ignore_errors=True)
        med = {way: statistics.median(r["seconds"][way] for r in rounds) for way in ways}
        same = all(all(r["identical"].values()) for r in rounds)
        ok = ok and same
        ours = med.get("sandbox", med["no_sandbox"])
        ratio, ratio_plain = med["baseline"] / ours, med["baseline"] / med["no_sandbox"]
        overhead = ours / med["no_sandbox"] - 1 if "sandbox" in ways else None
        label = "honest class" if not loopers else f"with {loopers} looping students"
        print(f"\n{label}:")
        names = (
            ("baseline", "nbgrader autograde"),
            ("sandbox", f"kamtools grade -j {args.jobs}"),
            ("no_sandbox", "  ... --no-sandbox"),
        )
        for way, name in names:
            if way not in ways:
                continue
            runs = ", ".join(f"{r['seconds'][way]:.1f}" for r in rounds)
            print(
                f"  {name:<24}: {med[way]:7.1f} s ({med[way] / n:.2f} s per submission; "
                f"runs {runs})"
            )
        verdict = "PASS" if ratio >= TARGET_RATIO else "MISS"
        print(
            f"  ratio nbgrader / kamtools : {ratio:.2f}x (target >= {TARGET_RATIO}x: "
            f"{verdict}); without sandbox {ratio_plain:.2f}x"
        )
        if overhead is not None:
            print(f"  sandbox overhead          : {overhead:+.1%}")
        print(f"  identical grades          : {'yes' if same else 'NO'}")
        report["classes"][kind] = {
            "loopers": loopers,
            "rounds": rounds,
            "median_s": med,
            "ratio": ratio,
            "ratio_no_sandbox": ratio_plain,
            "sandbox_overhead": overhead,
            "identical": same,
        }
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (args.out / f"grading-{stamp}.json").write_text(json.dumps(report, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
