"""Grades out of the gradebook: one row per student and assignment, and per question.

Every row has a ``status`` saying in one word what happened to the submission, and
``notes`` saying why in plain words. One status per row, the first that applies:

============================  ==========================================================
missing                       nothing handed in (score 0)
empty                         a submission folder, or notebook, with nothing in it
unreadable                    the notebook is not a valid notebook (damaged download)
misnamed                      files handed in, but no notebook with the expected name
not graded                    a readable submission not graded yet (or collected again
                              after grading, or nbgrader could not grade it)
flagged                       graded, but the code patches the checks: review it
late                          graded, handed in after the due date (``late`` says by how
                              much)
waiting for manual grading    graded automatically; written answers wait for you
graded                        completely graded
============================  ==========================================================

Scores are given for the last four and for ``missing`` (0); the others have no score
yet, so that a damaged file never reaches the LMS as a 0. The ``late`` column is filled
for every late submission, whatever its status.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from kamtools.errors import GradingError
from kamtools.grading.course import (
    ProblemStatus,
    check_submission,
    describe_delay,
    handed_out,
    is_written_answer,
    read_timestamp,
    waits_for_hand_grading,
)

if TYPE_CHECKING:
    from nbgrader.api import Assignment, Gradebook, Student, SubmittedAssignment
    from nbgrader.apps import NbGraderAPI

#: ``flags(assignment, student)``: why a graded submission needs review ([] when it does not).
Flags = Callable[[str, str], list[str]]
#: One row of a table: column -> value.
Row = dict[str, Any]

__all__ = [
    "GRADE_COLUMNS",
    "QUESTION_COLUMNS",
    "STATUSES",
    "export_grades",
    "exported_assignments",
    "grade_rows",
    "question_rows",
]

#: A grade row's status.
RowStatus = Literal[
    "missing",
    "empty",
    "unreadable",
    "misnamed",
    "not graded",
    "flagged",
    "late",
    "waiting for manual grading",
    "graded",
]
#: Every status, in order of precedence (the first that applies is the row's status).
STATUSES: tuple[RowStatus, ...] = get_args(RowStatus)
GRADE_COLUMNS = [
    "assignment",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "status",
    "timestamp",
    "late",
    "score",
    "max_score",
    "automatic_score",
    "automatic_max",
    "waiting_manual_points",
    "notes",
]
QUESTION_COLUMNS = [
    "assignment",
    "question",
    "kind",
    "points",
    "submissions",
    "mean_score",
    "mean_share",
    "full_marks",
    "zero",
    "waiting_manual",
]
# Excel reads a formula from a cell starting with one of these: text is never a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _course_dir(gb_or_api: Gradebook | NbGraderAPI, course_dir: str | Path | None) -> Path | None:
    if course_dir is not None:
        return Path(course_dir)
    coursedir = getattr(gb_or_api, "coursedir", None)
    return Path(coursedir.root) if coursedir is not None else None


def _submitted_students(course_dir: Path | None, assignment: str) -> set[str]:
    if course_dir is None or not (course_dir / "submitted").is_dir():
        return set()
    return {p.name for p in (course_dir / "submitted").iterdir() if (p / assignment).is_dir()}


def exported_assignments(
    gb: Gradebook, course_dir: Path | None, assignments: Iterable[str] | None = None
) -> list[Assignment]:
    """The gradebook assignments the export lists.

    With ``assignments`` those; otherwise the ones students were given: handed out
    (``kamtools generate --zip``, ``--due`` or ``kamtools release``), with a submission
    collected into ``submitted/``, or graded. Generating the student version alone
    (``make assignments``) does not add an assignment to the export.
    """
    everything = sorted(gb.assignments, key=lambda a: a.name)
    if assignments:
        return [a for a in everything if a.name in assignments]
    chosen = []
    for assignment in everything:
        if (
            assignment.submissions
            or _submitted_students(course_dir, assignment.name)
            or (course_dir is not None and handed_out(course_dir, assignment.name))
        ):
            chosen.append(assignment)
    return chosen


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S}" if value else ""


def _row(assignment: Assignment, student_id: str, student: Student | None) -> Row:
    return {
        "assignment": assignment.name,
        "student_id": student_id,
        "last_name": (student.last_name or "") if student else "",
        "first_name": (student.first_name or "") if student else "",
        "email": (student.email or "") if student else "",
        "status": "missing",
        "timestamp": "",
        "late": "",
        "score": "",
        "max_score": assignment.max_score,
        "automatic_score": "",
        "automatic_max": 0.0,
        "waiting_manual_points": "",
        "notes": "",
    }


def _grade_one(
    row: Row,
    assignment: Assignment,
    submission: SubmittedAssignment | None,
    folder: Path | None,
    notebooks: list[str],
    flags: Callable[[str], list[str]] | None,
) -> None:
    """Fill ``row`` for one student: status, notes, timestamp, lateness and scores."""
    due = assignment.duedate
    problem: tuple[ProblemStatus, str] | None
    if folder is None:  # no course folder known: only the gradebook tells
        problem = ("missing", "nothing handed in")
    else:
        problem = check_submission(folder, notebooks)
    on_disk = read_timestamp(folder) if folder is not None and folder.is_dir() else None
    when = submission.timestamp if submission is not None else on_disk
    if when is None:
        when = on_disk
    row["timestamp"] = _when(when)
    if due is not None and when is not None and when > due:
        row["late"] = describe_delay((when - due).total_seconds())

    if submission is None:
        if problem is None:
            row["status"] = "not graded"
            row["notes"] = (
                "collected but not graded yet (or nbgrader could not grade it): run "
                f"kamtools grade {assignment.name} --student {row['student_id']}"
            )
        else:
            row["status"], row["notes"] = problem
            if problem[0] == "missing":
                row["score"] = row["automatic_score"] = row["waiting_manual_points"] = 0.0
                row["notes"] = "nothing handed in"
        return

    auto = waiting = 0.0
    for snb in submission.notebooks:
        for grade in snb.grades:
            if is_written_answer(snb.notebook, grade.name):
                if waits_for_hand_grading(grade):
                    waiting += grade.max_score
            else:
                auto += grade.score
    row.update(score=submission.score, automatic_score=auto, waiting_manual_points=waiting)
    notes = []
    if problem is not None and problem[0] != "missing":
        # the file now in submitted/ is not the one graded: a later, broken upload
        row["status"] = problem[0]
        row["notes"] = f"{problem[1]}. The score is that of the submission graded before."
        return
    if on_disk is not None and submission.timestamp is not None and on_disk != submission.timestamp:
        row["status"] = "not graded"
        row["notes"] = (
            f"a submission of {_when(on_disk)} was collected after grading the one of "
            f"{_when(submission.timestamp)} (whose score is shown): run kamtools grade "
            f"{assignment.name} --student {row['student_id']}"
        )
        return
    try:
        reasons = flags(row["student_id"]) if flags else []
    except Exception as exc:  # a check that cannot run is a reason to look, not to stop
        reasons = [f"the code check could not read this submission ({type(exc).__name__}: {exc})"]
    if reasons:
        row["status"] = "flagged"
        notes.append("review before trusting the score: " + "; ".join(reasons))
    elif row["late"]:
        row["status"] = "late"
    elif waiting:
        row["status"] = "waiting for manual grading"
    else:
        row["status"] = "graded"
    if row["late"]:
        notes.append(f"handed in {row['late']} after the due date {_when(due)} UTC")
    if waiting:
        notes.append(f"{waiting:g} point(s) of written answers wait for hand grading")
    row["notes"] = "; ".join(notes)


def grade_rows(
    gb: Gradebook,
    assignments: Iterable[str] | None = None,
    *,
    course_dir: str | Path | None = None,
    flags: Flags | None = None,
) -> list[Row]:
    """One dict per (assignment, student): everyone on the roster or with a submission.

    ``course_dir`` (the course root) lets the rows tell empty, unreadable and misnamed
    submissions from missing ones. ``flags(assignment, student)`` returns the reasons a
    graded submission needs review (an empty list when it does not).
    """
    course_dir = Path(course_dir) if course_dir is not None else None
    roster = {s.id: s for s in gb.students}
    rows = []
    for assignment in exported_assignments(gb, course_dir, assignments):
        notebooks = sorted(nb.name for nb in assignment.notebooks)
        auto_max = sum(
            cell.max_score
            for nb in assignment.notebooks
            for cell in nb.grade_cells
            if not is_written_answer(nb, cell.name)
        )
        submissions = {s.student_id: s for s in assignment.submissions}
        students = sorted(
            set(roster) | set(submissions) | _submitted_students(course_dir, assignment.name)
        )
        for student_id in students:
            row = _row(assignment, student_id, roster.get(student_id))
            row["automatic_max"] = auto_max
            folder = course_dir / "submitted" / student_id / assignment.name if course_dir else None
            per_student = (lambda s, a=assignment.name: flags(a, s)) if flags else None
            try:
                _grade_one(
                    row, assignment, submissions.get(student_id), folder, notebooks, per_student
                )
            except Exception as exc:  # one student's problem never stops the export
                row["status"] = "not graded"
                row["notes"] = f"could not be exported: {type(exc).__name__}: {exc}"
            rows.append(row)
    return rows


def question_rows(
    gb: Gradebook, assignments: Iterable[str] | None = None, *, course_dir: str | Path | None = None
) -> list[Row]:
    """Per graded question: how the class did, hardest (lowest mean share) first.

    A written answer enters the ranking once you graded it by hand: while no answer to it
    has a manual score, or some still wait for you, its mean is left empty and it is listed
    after the ranked questions (nbgrader scores an untouched answer 0 automatically, which
    would put every written question at the top before you graded anything).
    """
    course_dir = Path(course_dir) if course_dir is not None else None
    rows = []
    for assignment in exported_assignments(gb, course_dir, assignments):
        for nb in assignment.notebooks:
            for cell in nb.grade_cells:
                written = is_written_answer(nb, cell.name)
                scores, waiting, by_hand = [], 0, 0
                for grade in cell.grades:
                    if written and waits_for_hand_grading(grade):
                        waiting += 1
                        continue
                    if grade.manual_score is not None:
                        by_hand += 1
                    scores.append(grade.score)
                ranked = scores and (not written or (by_hand and not waiting))
                mean = sum(scores) / len(scores) if ranked else None
                rows.append(
                    {
                        "assignment": assignment.name,
                        "question": cell.name
                        if len(assignment.notebooks) == 1
                        else f"{nb.name}/{cell.name}",
                        "kind": "written" if written else "automatic",
                        "points": cell.max_score,
                        "submissions": len(scores),
                        "mean_score": "" if mean is None else round(mean, 3),
                        "mean_share": ""
                        if mean is None or not cell.max_score
                        else round(mean / cell.max_score, 3),
                        "full_marks": sum(1 for s in scores if s >= cell.max_score),
                        "zero": sum(1 for s in scores if s == 0),
                        "waiting_manual": waiting,
                    }
                )
    # hardest (lowest mean share) first; questions not ranked yet last
    rows.sort(
        key=lambda r: (r["mean_share"] == "", r["mean_share"] or 0, r["assignment"], r["question"])
    )
    return rows


def _text_cell(value: Any) -> Any:
    """A value as a spreadsheet must show it: text that looks like a formula is quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    """CSV in UTF-8 with a byte-order mark: Excel then shows Polish letters correctly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows({k: _text_cell(v) for k, v in row.items()} for row in rows)


def _write_xlsx(path: Path, sheets: list[tuple[str, list[str], list[dict]]]) -> None:
    """An Excel workbook with one sheet per table; text cells are never formulas."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(columns)
        for row in rows:
            sheet.append([None if row[c] == "" else row[c] for c in columns])
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # "=..." stays text, never a formula
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            width = max([len(column)] + [len(str(r[column])) for r in rows[:200]])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 8) + 2, 60)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def export_grades(
    api: NbGraderAPI,
    grades: Path,
    questions: Path | None = None,
    assignments: Iterable[str] | None = None,
    *,
    xlsx: Path | None = None,
    course_dir: str | Path | None = None,
    flags: Flags | None = None,
) -> tuple[list[Row], list[Row]]:
    """Write ``grades`` (and ``questions``) as CSV, and both into ``xlsx``; return the rows.

    ``flags(assignment, student)`` lists why a graded submission needs review; by default
    :func:`kamtools.grading.integrity.submission_flags` (the code of the submitted
    notebooks read with ``ast``) when the course folder is known.
    """
    course_dir = _course_dir(api, course_dir)
    if flags is None and course_dir is not None:
        from kamtools.grading.integrity import submission_flags

        folder = course_dir  # a Path: inside flags() mypy would see course_dir as maybe None

        def flags(assignment: str, student: str) -> list[str]:
            return submission_flags(folder, assignment, student)

    with api.gradebook as gb:
        known = {a.name for a in gb.assignments}
        unknown = sorted(set(assignments or []) - known)
        if unknown:
            raise GradingError(
                f"assignment: {unknown} not in the gradebook (known: {sorted(known)})"
            )
        graded = grade_rows(gb, assignments, course_dir=course_dir, flags=flags)
        per_question = question_rows(gb, assignments, course_dir=course_dir)
    _write_csv(Path(grades), GRADE_COLUMNS, graded)
    if questions is not None:
        _write_csv(Path(questions), QUESTION_COLUMNS, per_question)
    if xlsx is not None:
        _write_xlsx(
            Path(xlsx),
            [("grades", GRADE_COLUMNS, graded), ("questions", QUESTION_COLUMNS, per_question)],
        )
    return graded, per_question
