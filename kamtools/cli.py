"""``kamtools``: the instructor's commands on top of nbgrader.

Run them from the course root (``exercises/``) or pass ``--course-dir``::

    kamtools generate pareto            # student version in release/ (checked for leaks)
    kamtools generate pareto --zip pareto.zip --due 2026-12-10T12:00   # to hand out via an LMS
    kamtools release pareto             # ... or through the exchange (JupyterHub); --force again
    kamtools collect pareto --zip submissions.zip   # or from the exchange without --zip
    kamtools grade pareto --jobs 2      # autograde the class in parallel, with a summary
    kamtools feedback pareto --zip feedback.zip     # or --release to the exchange
    kamtools export --questions questions.csv --xlsx grades.xlsx  # grades.csv + per question
    kamtools items stores/ -o items.csv             # knowledge checks too easy / too hard
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
    p.add_argument(
        "--zip", type=Path, help="also zip the student version to hand out (one assignment)"
    )
    p.add_argument("--due", help="due date, e.g. 2026-12-10T12:00 (later submissions are late)")

    p = sub.add_parser("release", help="generate and release to the nbgrader exchange")
    p.add_argument("assignment")
    p.add_argument("--due", help="due date, e.g. 2026-12-10T12:00 (later submissions are late)")
    p.add_argument(
        "--force", action="store_true", help="replace a version released before (nbgrader --force)"
    )

    p = sub.add_parser("collect", help="bring submissions into submitted/")
    p.add_argument("assignment")
    p.add_argument("--zip", type=Path, help="zip of <student_id>/<notebook>.ipynb files")

    p = sub.add_parser("grade", help="autograde every submission, in parallel")
    p.add_argument("assignment")
    p.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, help="worker processes")
    p.add_argument("--student", action="append", help="grade only this student (repeatable)")
    p.add_argument(
        "--timeout",
        type=int,
        help="seconds an answer or test cell may run (default: GradingExecute.question_timeout "
        "in nbgrader_config.py, 15)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    box = p.add_mutually_exclusive_group()
    box.add_argument(
        "--no-sandbox",
        dest="sandbox",
        action="store_false",
        default=None,
        help="run students' code as plain nbgrader does, without the bubblewrap sandbox",
    )
    box.add_argument(
        "--require-sandbox",
        action="store_true",
        help="refuse to grade when the sandbox cannot be made (instead of a warning)",
    )

    p = sub.add_parser("feedback", help="feedback HTML without hidden tests")
    p.add_argument("assignment")
    p.add_argument("--student", action="append", help="only this student (repeatable)")
    p.add_argument("--zip", type=Path, help="also zip as <student>/<notebook>.html")
    p.add_argument("--release", action="store_true", help="release to the exchange")

    p = sub.add_parser("export", help="grades as CSV, and a per-question breakdown")
    p.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    p.add_argument("--output", "-o", type=Path, default=Path("grades.csv"))
    p.add_argument("--questions", type=Path, help="per-question CSV (hardest first)")
    p.add_argument("--xlsx", type=Path, help="also an Excel workbook with both tables")

    p = sub.add_parser(
        "items",
        help="item analysis of the knowledge checks, from learners' progress stores",
        description=(
            "Per knowledge-check question: learners who tried it, share right at the first\n"
            "attempt, share solved, mean attempts to the right answer, learners stuck (tried,\n"
            "not right yet), hints and solutions opened, the most common wrong answers, and a\n"
            "flag for items that are too easy or too hard. Reads progress stores, never\n"
            "changes them; no nbgrader course needed. Columns: exercises/README.md."
        ),
        epilog=_ITEMS_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "stores",
        nargs="+",
        metavar="STORE",
        help="progress store files (progress.sqlite3) or folders searched for *.sqlite3 files",
    )
    p.add_argument("--output", "-o", type=Path, help="also write the full table as CSV")
    p.add_argument(
        "--module", "-m", action="append", help="only this module, e.g. 03_pareto (repeatable)"
    )
    p.add_argument(
        "--since",
        help="only learners active since then: 30m, 2h, 1d, or 2026-03-02T09:00 (UTC); "
        "rows with the most stuck learners first",
    )
    p.add_argument(
        "--min-learners", type=int, default=10, help="fewer learners: no flag (default: 10)"
    )
    p.add_argument(
        "--too-easy", type=float, default=0.95, help="first-try share above it (default: 0.95)"
    )
    p.add_argument(
        "--too-hard", type=float, default=0.30, help="first-try share below it (default: 0.30)"
    )
    p.add_argument(
        "--per-file",
        action="store_true",
        help="each file is one learner (when laptops share a user name such as 'student')",
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="leave out files that are not progress stores (each is listed) instead of stopping",
    )
    p.add_argument("--all", action="store_true", help="also list questions nobody has tried")
    return parser


_ITEMS_EXAMPLES = """\
examples:
  kamtools items progress.sqlite3                    # one store
  kamtools items handed_in/ -o items.csv             # a folder of files learners sent in
  kamtools items ~/kam-hub/users --since 1h          # workshop hub: where is the room stuck?
  kamtools items /home/jupyter-*/.local/share/kamtools/progress.sqlite3 -m 03_pareto

exit status: 0 on success, 2 on bad input (missing file, not a progress store, bad option).
"""


def _items(args) -> int:
    """``kamtools items``: the item analysis table, and the CSV with --output."""
    from kamtools.errors import KamtoolsError
    from kamtools.items import format_items, item_analysis

    try:
        table = item_analysis(
            args.stores,
            too_easy=args.too_easy,
            too_hard=args.too_hard,
            min_learners=args.min_learners,
            module=args.module,
            since=args.since,
            learners="file" if args.per_file else "name",
            errors="report" if args.skip_bad else "raise",
        )
        if args.output:
            table.to_csv(args.output, index=False, encoding="utf-8", lineterminator="\n")
    except (KamtoolsError, OSError) as exc:
        print(f"kamtools items: {exc}", file=sys.stderr)
        return 2
    for problem in table.attrs["problems"]:
        print(f"kamtools items: skipped: {problem}", file=sys.stderr)
    print(format_items(table, show_untried=args.all))
    if args.output:
        print(f"\n{len(table)} question row(s) written to {args.output}")
    return 0


def _run(args) -> int:
    if args.command == "items":  # reads progress stores: no nbgrader course needed
        return _items(args)
    from kamtools.grading import course, distribute, export, feedback, grade

    root = course.find_course_dir(args.course_dir)
    if args.command == "generate":
        names = (
            distribute.source_assignments(root) if args.assignment == ["all"] else args.assignment
        )
        if args.zip and len(names) != 1:
            raise GradingError(f"--zip: give exactly one assignment, got {names}")
        due = course.parse_due(args.due) if args.due else None
        for name in names:
            out = distribute.generate(root, name)
            print(f"{name}: student version in {out} (no solution or hidden test text)")
            if due is not None:
                distribute.set_due_date(root, name, due)
                print(f"{name}: due {due:%Y-%m-%d %H:%M} UTC")
            if args.zip:
                distribute.zip_folder(out, args.zip, prefix=name)
                distribute.mark_handed_out(root, name, f"zipped to {args.zip}")
                print(f"{name}: zipped to {args.zip}")
        return 0
    if args.command == "release":
        due = course.parse_due(args.due) if args.due else None
        exchange = distribute.release(root, args.assignment, force=args.force, due=due)
        print(f"{args.assignment}: released to the exchange in {exchange}")
        if due is not None:
            print(f"{args.assignment}: due {due:%Y-%m-%d %H:%M} UTC")
        return 0
    if args.command == "collect":
        collected = distribute.collect(root, args.assignment, archive=args.zip)
        print(collected.summary())
        return 0 if collected.ok else 1
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
            sandbox=args.sandbox,
            require_sandbox=args.require_sandbox,
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
            f"{root / 'feedback'}; built from what each student may see, and checked: no "
            "hidden test text in any of them (plain or encoded)"
        )
        if args.zip:
            print(f"zipped to {args.zip}")
        if written.failures:
            print(written.summary(), file=sys.stderr)
            return 1
        return 0
    if args.command == "export":
        api = course.make_api(root)
        grades, questions = export.export_grades(
            api, args.output, args.questions, assignments=args.assignment, xlsx=args.xlsx
        )
        print(f"{len(grades)} grade row(s) written to {args.output}")
        if args.xlsx:
            print(f"both tables written to {args.xlsx}")
        counts = {}
        for row in grades:
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        if counts:
            order = [s for s in export.STATUSES if s in counts]
            print("status: " + ", ".join(f"{counts[s]} {s}" for s in order))
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
