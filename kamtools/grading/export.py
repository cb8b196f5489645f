"""Grades out of the gradebook: one row per student and assignment, and per question."""

from __future__ import annotations

import csv
from pathlib import Path

from kamtools.errors import GradingError
from kamtools.grading.course import is_written_answer, waits_for_hand_grading

__all__ = ["GRADE_COLUMNS", "QUESTION_COLUMNS", "export_grades", "grade_rows", "question_rows"]

GRADE_COLUMNS = [
    "assignment",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "status",
    "timestamp",
    "score",
    "max_score",
    "automatic_score",
    "automatic_max",
    "waiting_manual_points",
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


def grade_rows(gb, assignments=None) -> list[dict]:
    """One dict per (assignment, student) on the roster; no submission -> status 'missing'."""
    rows = []
    for assignment in sorted(gb.assignments, key=lambda a: a.name):
        if assignments and assignment.name not in assignments:
            continue
        for student in sorted(gb.students, key=lambda s: s.id):
            row = {
                "assignment": assignment.name,
                "student_id": student.id,
                "last_name": student.last_name or "",
                "first_name": student.first_name or "",
                "email": student.email or "",
                "status": "missing",
                "timestamp": "",
                "score": 0.0,
                "max_score": assignment.max_score,
                "automatic_score": 0.0,
                "automatic_max": 0.0,
                "waiting_manual_points": 0.0,
            }
            submission = next(
                (s for s in assignment.submissions if s.student_id == student.id), None
            )
            auto = auto_max = waiting = 0.0
            for nb in assignment.notebooks:
                for cell in nb.grade_cells:
                    if not is_written_answer(nb, cell.name):
                        auto_max += cell.max_score
            if submission is not None:
                for snb in submission.notebooks:
                    for grade in snb.grades:
                        if is_written_answer(snb.notebook, grade.name):
                            if waits_for_hand_grading(grade):
                                waiting += grade.max_score
                        else:
                            auto += grade.score
                row.update(
                    status="waiting for manual grading" if waiting else "graded",
                    timestamp=submission.timestamp.isoformat() if submission.timestamp else "",
                    score=submission.score,
                )
            row.update(automatic_score=auto, automatic_max=auto_max, waiting_manual_points=waiting)
            rows.append(row)
    return rows


def question_rows(gb, assignments=None) -> list[dict]:
    """Per graded question: how the class did, hardest (lowest mean share) first."""
    rows = []
    for assignment in gb.assignments:
        if assignments and assignment.name not in assignments:
            continue
        for nb in assignment.notebooks:
            for cell in nb.grade_cells:
                written = is_written_answer(nb, cell.name)
                scores, waiting = [], 0
                for grade in cell.grades:
                    if written and waits_for_hand_grading(grade):
                        waiting += 1
                        continue
                    scores.append(grade.score)
                mean = sum(scores) / len(scores) if scores else None
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
    # hardest (lowest mean share) first; questions nobody has a score for yet last
    rows.sort(
        key=lambda r: (r["mean_share"] == "", r["mean_share"] or 0, r["assignment"], r["question"])
    )
    return rows


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def export_grades(api, grades: Path, questions: Path | None = None, assignments=None):
    """Write ``grades`` (and ``questions``) as CSV; return the two lists of rows."""
    with api.gradebook as gb:
        known = {a.name for a in gb.assignments}
        unknown = sorted(set(assignments or []) - known)
        if unknown:
            raise GradingError(
                f"assignment: {unknown} not in the gradebook (known: {sorted(known)})"
            )
        graded = grade_rows(gb, assignments)
        per_question = question_rows(gb, assignments)
    _write(Path(grades), GRADE_COLUMNS, graded)
    if questions is not None:
        _write(Path(questions), QUESTION_COLUMNS, per_question)
    return graded, per_question
