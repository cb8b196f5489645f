"""``kamtools``: the instructor's commands on top of nbgrader.

Run them from the course root (``exercises/``) or pass ``--course-dir``::

    kamtools generate pareto            # student version in release/ (checked for leaks)
    kamtools generate pareto --zip pareto.zip
    kamtools release pareto             # ... or hand it out through the exchange (JupyterHub)
    kamtools collect pareto --zip submissions.zip   # or from the exchange without --zip
    kamtools grade pareto --jobs 2      # autograde the class in parallel, with a summary
    kamtools feedback pareto --zip feedback.zip     # or --release to the exchange
    kamtools export --questions questions.csv       # grades.csv + per-question breakdown
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from kamtools.errors import GradingError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kamtools",
        description="KAM Academy instructor tools (nbgrader course root: exercises/).",
    )
    parser.add_argument("--course-dir", help="the nbgrader course root (default: . or ./exercises)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("generate", help="make the student version of an assignment")
    p.add_argument("assignment", nargs="+", help="assignment name(s), or 'all'")
    p.add_argument("--zip", type=Path, help="also zip the student version (one assignment)")

    p = sub.add_parser("release", help="generate and release to the nbgrader exchange")
    p.add_argument("assignment")

    p = sub.add_parser("collect", help="bring submissions into submitted/")
    p.add_argument("assignment")
    p.add_argument("--zip", type=Path, help="zip of <student_id>/<notebook>.ipynb files")

    p = sub.add_parser("grade", help="autograde every submission, in parallel")
    p.add_argument("assignment")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="worker processes")
    p.add_argument("--student", action="append", help="grade only this student (repeatable)")
    p.add_argument("--timeout", type=int, help="seconds per cell (default: nbgrader_config.py)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("feedback", help="feedback HTML without hidden tests")
    p.add_argument("assignment")
    p.add_argument("--student", action="append", help="only this student (repeatable)")
    p.add_argument("--zip", type=Path, help="also zip as <student>/<notebook>.html")
    p.add_argument("--release", action="store_true", help="release to the exchange")

    p = sub.add_parser("export", help="grades as CSV, and a per-question breakdown")
    p.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    p.add_argument("--output", "-o", type=Path, default=Path("grades.csv"))
    p.add_argument("--questions", type=Path, help="per-question CSV (hardest first)")
    return parser


def _run(args) -> int:
    from kamtools.grading import course, distribute, export, feedback, grade

    root = course.find_course_dir(args.course_dir)
    if args.command == "generate":
        names = (
            distribute.source_assignments(root) if args.assignment == ["all"] else args.assignment
        )
        if args.zip and len(names) != 1:
            raise GradingError(f"--zip: give exactly one assignment, got {names}")
        for name in names:
            out = distribute.generate(root, name)
            print(f"{name}: student version in {out} (no solution or hidden test text)")
            if args.zip:
                distribute.zip_folder(out, args.zip, prefix=name)
                print(f"{name}: zipped to {args.zip}")
        return 0
    if args.command == "release":
        exchange = distribute.release(root, args.assignment)
        print(f"{args.assignment}: released to the exchange in {exchange}")
        return 0
    if args.command == "collect":
        students = distribute.collect(root, args.assignment, archive=args.zip)
        print(f"{args.assignment}: {len(students)} submission(s) in {root / 'submitted'}")
        return 0
    if args.command == "grade":
        logs = root / "logs"
        logs.mkdir(exist_ok=True)
        log_file = logs / f"grade-{args.assignment}-{time.strftime('%Y%m%d-%H%M%S')}.log"
        report = grade.grade_class(
            args.assignment,
            course_dir=root,
            jobs=args.jobs,
            students=args.student,
            timeout=args.timeout,
            progress=not args.no_progress,
            log_file=log_file,
        )
        print(report.summary())
        return 0 if report.ok else 1
    if args.command == "feedback":
        written = feedback.make_feedback(
            root, args.assignment, students=args.student, archive=args.zip, release=args.release
        )
        count = sum(len(files) for files in written.values())
        print(
            f"{args.assignment}: {count} feedback file(s) for {len(written)} student(s) in "
            f"{root / 'feedback'}; checked: no hidden test text in any of them"
        )
        if args.zip:
            print(f"zipped to {args.zip}")
        return 0
    if args.command == "export":
        api = course.make_api(root)
        grades, questions = export.export_grades(
            api, args.output, args.questions, assignments=args.assignment
        )
        print(f"{len(grades)} grade row(s) written to {args.output}")
        if args.questions:
            print(f"{len(questions)} question row(s) written to {args.questions}; hardest first:")
            for row in questions[:5]:
                if row["mean_share"] != "":
                    print(
                        f"  {row['assignment']}/{row['question']}: mean {row['mean_share']:.0%} "
                        f"of {row['points']:g} pt, {row['zero']} scored zero"
                    )
        return 0
    raise AssertionError(args.command)  # argparse only lets known commands through


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kamtools`` command."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except GradingError as exc:
        print(f"kamtools {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
