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

Each command is one function here (``_generate``, ``_release``, ...) with its own options,
description and examples: ``kamtools <command> --help`` shows them, the way nbgrader's
own commands document theirs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kamtools.errors import GradingError

__all__ = ["main"]

#: What ``add_subparsers`` returns: each command adds its parser to it.
_SubParsers = argparse._SubParsersAction  # typeshed's name; no public alias exists

_DUE_HELP = "due date, e.g. 2026-12-10T12:00 (later submissions are late)"


def _command(
    sub: _SubParsers,
    name: str,
    run: Callable[..., int],
    *,
    help: str,
    description: str,
    examples: str,
    exit_status: str,
    course: bool = True,
) -> argparse.ArgumentParser:
    """Add the sub-command ``name``, run by ``run``, with its description and examples.

    ``run(args, root)`` gets the nbgrader course root when ``course`` is true, else
    ``run(args)``; it returns the exit status.
    """
    parser = sub.add_parser(
        name,
        help=help,
        description=description,
        epilog=f"examples:\n{examples.rstrip()}\n\nexit status: {exit_status}\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run, needs_course=course)
    return parser


# --- generate ---------------------------------------------------------------------------


def _add_generate(sub: _SubParsers) -> None:
    p = _command(
        sub,
        "generate",
        _generate,
        help="make the student version of an assignment",
        description=(
            "Make the student version of each assignment in release/<assignment>/ with\n"
            "nbgrader (solutions replaced by the code stub, hidden tests removed), then check\n"
            "it: a student version that still holds solution or hidden-test text is an error.\n"
            "Optionally zip it to hand out through an LMS and set the due date."
        ),
        examples="""\
  kamtools generate pareto                    # release/pareto/, checked for leaks
  kamtools generate all                       # every assignment in source/
  kamtools generate pareto --zip pareto.zip --due 2026-12-10T12:00   # hand out via an LMS
""",
        exit_status="0 on success, 2 on an error (unknown assignment, leak, bad date).",
    )
    p.add_argument("assignment", nargs="+", help="assignment name(s), or 'all'")
    p.add_argument(
        "--zip", type=Path, help="also zip the student version to hand out (one assignment)"
    )
    p.add_argument("--due", help=_DUE_HELP)


def _generate(args: argparse.Namespace, root: Path) -> int:
    """``kamtools generate``: student versions, checked, optionally zipped and dated."""
    from kamtools.grading import course, distribute

    names = distribute.source_assignments(root) if args.assignment == ["all"] else args.assignment
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


# --- release ----------------------------------------------------------------------------


def _add_release(sub: _SubParsers) -> None:
    p = _command(
        sub,
        "release",
        _release,
        help="generate and release to the nbgrader exchange",
        description=(
            "Generate the student version (as `kamtools generate`) and release it to the\n"
            "nbgrader exchange, where students fetch it from JupyterHub's Assignments tab.\n"
            "The exchange folder is created when missing."
        ),
        examples="""\
  kamtools release pareto                     # release to the exchange
  kamtools release pareto --due 2026-12-10T12:00
  kamtools release pareto --force             # replace the version released before
""",
        exit_status="0 on success, 2 on an error (unknown assignment, exchange not usable).",
    )
    p.add_argument("assignment")
    p.add_argument("--due", help=_DUE_HELP)
    p.add_argument(
        "--force", action="store_true", help="replace a version released before (nbgrader --force)"
    )


def _release(args: argparse.Namespace, root: Path) -> int:
    """``kamtools release``: generate, then release to the exchange."""
    from kamtools.grading import course, distribute

    due = course.parse_due(args.due) if args.due else None
    exchange = distribute.release(root, args.assignment, force=args.force, due=due)
    print(f"{args.assignment}: released to the exchange in {exchange}")
    if due is not None:
        print(f"{args.assignment}: due {due:%Y-%m-%d %H:%M} UTC")
    return 0


# --- collect ----------------------------------------------------------------------------


def _add_collect(sub: _SubParsers) -> None:
    p = _command(
        sub,
        "collect",
        _collect,
        help="bring submissions into submitted/",
        description=(
            "Bring the students' submissions into submitted/<student>/<assignment>/: from a\n"
            "zip downloaded from an LMS (one folder per student inside), or from the nbgrader\n"
            "exchange. Each submission is checked (missing, empty, unreadable, misnamed) and\n"
            "the summary says what to do about each problem."
        ),
        examples="""\
  kamtools collect pareto --zip submissions.zip   # <student_id>/<notebook>.ipynb inside
  kamtools collect pareto                         # from the exchange (JupyterHub)
""",
        exit_status="0 when every submission can be graded, 1 when some cannot (listed),\n"
        "2 on an error (unknown assignment, unreadable zip).",
    )
    p.add_argument("assignment")
    p.add_argument("--zip", type=Path, help="zip of <student_id>/<notebook>.ipynb files")


def _collect(args: argparse.Namespace, root: Path) -> int:
    """``kamtools collect``: submissions into submitted/, with a summary of problems."""
    from kamtools.grading import distribute

    collected = distribute.collect(root, args.assignment, archive=args.zip)
    print(collected.summary())
    return 0 if collected.ok else 1


# --- grade ------------------------------------------------------------------------------


def _add_grade(sub: _SubParsers) -> None:
    p = _command(
        sub,
        "grade",
        _grade,
        help="autograde every submission, in parallel",
        description=(
            "Autograde every collected submission with nbgrader, several students at once,\n"
            "each answer and test cell under a time limit and (where bubblewrap is available)\n"
            "in a sandbox. Prints a table per student: score, written answers waiting for\n"
            "hand grading, timeouts, locked cells edited, code flagged for review. The full\n"
            "log goes to logs/grade-<assignment>-<time>.log."
        ),
        examples="""\
  kamtools grade pareto --jobs 2              # the whole class, two at a time
  kamtools grade pareto --student ania --student bartek   # only these students
  kamtools grade pareto --timeout 30 --no-progress        # slower answers; no progress bar
  kamtools grade pareto --require-sandbox     # refuse to grade without the sandbox
""",
        exit_status="0 when every submission was graded, 1 when some could not be (listed),\n"
        "2 on an error (unknown assignment, bad option).",
    )
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


def _grade(args: argparse.Namespace, root: Path) -> int:
    """``kamtools grade``: autograde the class, print the summary."""
    from kamtools.grading import grade

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


# --- feedback ---------------------------------------------------------------------------


def _add_feedback(sub: _SubParsers) -> None:
    p = _command(
        sub,
        "feedback",
        _feedback,
        help="feedback HTML without hidden tests",
        description=(
            "Write one feedback page (HTML) per student and notebook, built from what the\n"
            "student may see: hidden tests appear nowhere, and every page is read back and\n"
            "checked for hidden-test text (plain or encoded) before it is kept. One student's\n"
            "failure stops no one else; the students who got no feedback are listed."
        ),
        examples="""\
  kamtools feedback pareto                    # feedback/<student>/pareto/*.html
  kamtools feedback pareto --zip feedback.zip # to upload to an LMS
  kamtools feedback pareto --release          # to the exchange (JupyterHub)
  kamtools feedback pareto --student ania     # one student again
""",
        exit_status="0 when every student got feedback, 1 when some did not (listed),\n"
        "2 on an error (unknown assignment, nothing graded yet).",
    )
    p.add_argument("assignment")
    p.add_argument("--student", action="append", help="only this student (repeatable)")
    p.add_argument("--zip", type=Path, help="also zip as <student>/<notebook>.html")
    p.add_argument("--release", action="store_true", help="release to the exchange")


def _feedback(args: argparse.Namespace, root: Path) -> int:
    """``kamtools feedback``: checked feedback pages, optionally zipped or released."""
    from kamtools.grading import feedback

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


# --- export -----------------------------------------------------------------------------


def _add_export(sub: _SubParsers) -> None:
    p = _command(
        sub,
        "export",
        _export,
        help="grades as CSV, and a per-question breakdown",
        description=(
            "Write the gradebook as a CSV file, one row per student and assignment with a\n"
            "status (missing, not graded, flagged, late, waiting for manual grading, ...);\n"
            "optionally a per-question table, hardest first, and an Excel workbook with both."
        ),
        examples="""\
  kamtools export                             # grades.csv
  kamtools export -o week1.csv --assignment pareto
  kamtools export --questions questions.csv --xlsx grades.xlsx   # + per question, + Excel
""",
        exit_status="0 on success, 2 on an error (unknown assignment, file not writable).",
    )
    p.add_argument("--assignment", action="append", help="only this assignment (repeatable)")
    p.add_argument(
        "--output", "-o", type=Path, default=Path("grades.csv"), help="default: grades.csv"
    )
    p.add_argument("--questions", type=Path, help="per-question CSV (hardest first)")
    p.add_argument("--xlsx", type=Path, help="also an Excel workbook with both tables")


def _export(args: argparse.Namespace, root: Path) -> int:
    """``kamtools export``: the grades CSV, per-question CSV and workbook."""
    from kamtools.grading import course, export

    api = course.make_api(root)
    grades, questions = export.export_grades(
        api, args.output, args.questions, assignments=args.assignment, xlsx=args.xlsx
    )
    print(f"{len(grades)} grade row(s) written to {args.output}")
    if args.xlsx:
        print(f"both tables written to {args.xlsx}")
    counts: dict[str, int] = {}
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


# --- items ------------------------------------------------------------------------------


def _add_items(sub: _SubParsers) -> None:
    p = _command(
        sub,
        "items",
        _items,
        help="item analysis of the knowledge checks, from learners' progress stores",
        description=(
            "Per knowledge-check question: learners who tried it, share right at the first\n"
            "attempt, share solved, mean attempts to the right answer, learners stuck (tried,\n"
            "not right yet), hints and solutions opened, the most common wrong answers, and a\n"
            "flag for items that are too easy or too hard. Reads progress stores, never\n"
            "changes them; no nbgrader course needed. Columns: exercises/README.md."
        ),
        examples="""\
  kamtools items progress.sqlite3                    # one store
  kamtools items handed_in/ -o items.csv             # a folder of files learners sent in
  kamtools items ~/kam-hub/users --since 1h          # workshop hub: where is the room stuck?
  kamtools items /home/jupyter-*/.local/share/kamtools/progress.sqlite3 -m 03_pareto
""",
        exit_status="0 on success, 2 on bad input (missing file, not a progress store, bad option).",
        course=False,
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


def _items(args: argparse.Namespace) -> int:
    """``kamtools items``: the item analysis table, and the CSV with --output."""
    from kamtools.errors import KamtoolsError
    from kamtools.learning.items import format_items, item_analysis

    try:
        result = item_analysis(
            args.stores,
            too_easy=args.too_easy,
            too_hard=args.too_hard,
            min_learners=args.min_learners,
            module=args.module,
            since=args.since,
            learners="file" if args.per_file else "name",
            errors="report" if args.skip_bad else "raise",
            report=True,
        )
        table = result.table
        if args.output:
            table.to_csv(args.output, index=False, encoding="utf-8", lineterminator="\n")
    except (KamtoolsError, OSError) as exc:
        print(f"kamtools items: {exc}", file=sys.stderr)
        return 2
    for problem in result.problems:
        print(f"kamtools items: skipped: {problem}", file=sys.stderr)
    print(format_items(result, show_untried=args.all))
    if args.output:
        print(f"\n{len(table)} question row(s) written to {args.output}")
    return 0


#: The commands, in the order ``kamtools --help`` lists them.
_COMMANDS = (
    _add_generate,
    _add_release,
    _add_collect,
    _add_grade,
    _add_feedback,
    _add_export,
    _add_items,
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kamtools",
        description="KAM Academy instructor tools (nbgrader course root: exercises/).",
        epilog="Each command has its own help with examples: kamtools <command> --help",
    )
    parser.add_argument("--course-dir", help="the nbgrader course root (default: . or ./exercises)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _COMMANDS:
        add(sub)
    return parser


def _run(args: argparse.Namespace) -> int:
    if not args.needs_course:  # `items` reads progress stores: no nbgrader course needed
        return args.run(args)
    from kamtools.grading import course

    return args.run(args, course.find_course_dir(args.course_dir))


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
