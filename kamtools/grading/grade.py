"""Grade a whole class with nbgrader, in parallel worker processes.

``nbgrader autograde`` grades one submission after another and starts its machinery for
every command. Here each worker process builds nbgrader's API once and takes students from
a shared queue until the class is done, so that N workers keep N kernels busy. Every
submission is still graded by nbgrader's own ``autograde`` with the course configuration,
into the course gradebook: the grades are those a sequential ``nbgrader autograde`` gives.

Before grading, every submission is checked: notebooks missing or not valid JSON are
reported (and not sent to nbgrader); afterwards the report lists each student's score, the
answers waiting for a human, cells interrupted by the timeout, and locked cells the student
really edited or deleted (restored by nbgrader), told apart from nbgrader's checksum notices
about hidden tests, which every honest submission triggers.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from kamtools.errors import GradingError
from kamtools.grading.course import (
    assignment_notebooks,
    is_written_answer,
    make_api,
    waits_for_hand_grading,
)
from kamtools.grading.integrity import CellChange, submission_changes

__all__ = ["ClassReport", "StudentResult", "grade_class", "submitted_students"]


@dataclass
class StudentResult:
    """What grading did with one student's submission."""

    student: str
    status: str = "graded"  # "graded", "failed" (nbgrader could not grade), "unreadable", "missing"
    score: float | None = None
    max_score: float = 0.0
    auto_score: float | None = None
    auto_max: float = 0.0
    manual: list[str] = field(default_factory=list)  # answers waiting for a human grader
    timeouts: list[str] = field(default_factory=list)  # cells interrupted by the timeout
    changes: list[CellChange] = field(default_factory=list)  # locked cells edited/deleted
    problem: str = ""  # why it was not graded, in words for the instructor
    seconds: float = 0.0

    @property
    def graded(self) -> bool:
        return self.status == "graded"


@dataclass
class ClassReport:
    """The result of grading one assignment for a class."""

    assignment: str
    jobs: int
    seconds: float
    results: list[StudentResult]
    log_file: Path | None = None

    @property
    def ok(self) -> bool:
        return all(r.graded for r in self.results)

    def table(self) -> str:
        """The summary table printed at the end of ``kamtools grade``."""
        rows = [("student", "score", "automatic", "to grade by hand", "notes")]
        for r in self.results:
            notes = [f"timeout in {', '.join(r.timeouts)}"] if r.timeouts else []
            notes += _changes_note(r.changes)
            if r.problem:
                notes.append(f"{r.status.upper()}: {r.problem}")
            rows.append(
                (
                    r.student,
                    "-" if r.score is None else f"{r.score:g}/{r.max_score:g}",
                    "-" if r.auto_score is None else f"{r.auto_score:g}/{r.auto_max:g}",
                    ", ".join(r.manual) or "-",
                    "; ".join(notes) or "-",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        lines = []
        for row in rows:
            cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
            lines.append("  ".join(cells).rstrip())
        lines.insert(1, "  ".join("-" * w for w in widths) + "  -----")
        return "\n".join(lines)

    def summary(self) -> str:
        graded = [r for r in self.results if r.graded]
        per = self.seconds / len(graded) if graded else 0.0
        head = (
            f"Graded {len(graded)} of {len(self.results)} submissions of {self.assignment!r} "
            f"in {self.seconds:.1f} s with {self.jobs} worker(s) ({per:.2f} s per submission)."
        )
        foot = [
            "Edited or deleted locked cells are listed only when a student really changed them;",
            "nbgrader's 'checksum has changed' notices caused by hidden tests are expected.",
        ]
        waiting = sum(1 for r in graded if r.manual)
        if waiting:
            foot.append(f"{waiting} submission(s) wait for manual grading in formgrader.")
        bad = [r for r in self.results if not r.graded]
        if bad:
            foot.append(
                f"{len(bad)} submission(s) NOT graded (see notes); the rest of the class was."
            )
        if self.log_file:
            foot.append(f"nbgrader's full log: {self.log_file}")
        return "\n".join([head, "", self.table(), "", *foot])


def _changes_note(changes: list[CellChange]) -> list[str]:
    """'test cells edited (restored): a, b' — one note per kind of change."""
    groups: dict[tuple[str, str], list[str]] = {}
    for change in changes:
        groups.setdefault((change.kind, change.change), []).append(change.grade_id)
    notes = []
    for (kind, what), ids in groups.items():
        cells = "cell" if len(ids) == 1 else "cells"
        notes.append(f"{kind} {cells} {what} (restored): {', '.join(ids)}")
    return notes


def submitted_students(course_dir: Path, assignment: str) -> list[str]:
    """Students with a folder ``submitted/<student>/<assignment>/``."""
    root = course_dir / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / assignment).is_dir())


# --- worker side -------------------------------------------------------------------------

_API = None


def _init_worker(course_dir: str, timeout: int | None, log_file: str | None) -> None:
    global _API
    warnings.filterwarnings("ignore")
    if log_file:
        # Kernels inherit this process's stderr: their start-up chatter goes to the log.
        fd = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(fd, 2)
        sys.stderr = open(2, "w", closefd=False)
    _API = make_api(Path(course_dir), timeout=timeout)


def _grade_one(assignment: str, student: str, log_file: str | None) -> tuple[str, bool, str, float]:
    start = time.perf_counter()
    result = _API.autograde(assignment, student, force=True, create=True)
    seconds = time.perf_counter() - start
    if log_file:
        with open(log_file, "a", encoding="utf-8") as log:
            log.write(f"--- {assignment} / {student} ---\n{result.get('log') or ''}\n")
            if not result["success"]:
                log.write(result.get("error") or "")
    error = "" if result["success"] else _last_line(result.get("error") or result.get("log") or "")
    return student, bool(result["success"]), error, seconds


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    # nbgrader ends with a generic "Please see the above traceback" line: the cause is before.
    causes = [ln for ln in lines if "Error" in ln and "Please see" not in ln and ":" in ln]
    return causes[-1] if causes else (lines[-1] if lines else "unknown error")


# --- coordinator side --------------------------------------------------------------------


def _precheck(course_dir: Path, assignment: str, student: str, notebooks: list[str]):
    """None when the submission can be graded, else a StudentResult saying why not."""
    folder = course_dir / "submitted" / student / assignment
    present = sorted(p.name for p in folder.glob("*.ipynb"))
    missing = [nb for nb in notebooks if f"{nb}.ipynb" not in present]
    if missing and len(missing) == len(notebooks):
        found = f" (found: {', '.join(present)})" if present else " (the folder is empty)"
        return StudentResult(
            student, status="missing", problem=f"no {missing[0]}.ipynb in {folder}{found}"
        )
    for nb in notebooks:
        path = folder / f"{nb}.ipynb"
        if not path.exists():
            continue
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return StudentResult(
                student,
                status="unreadable",
                problem=f"{path.name} is not a valid notebook (not JSON: {exc}); "
                "ask the student to download it again from Jupyter and resubmit",
            )
    return None


def _fill_from_gradebook(api, course_dir: Path, assignment: str, result: StudentResult) -> None:
    from nbgrader.api import MissingEntry

    with api.gradebook as gb:
        try:
            submission = gb.find_submission(assignment, result.student)
        except MissingEntry:
            result.status, result.problem = "failed", "no submission recorded in the gradebook"
            return
        result.score, result.max_score = submission.score, submission.max_score
        auto_score = auto_max = 0.0
        for nb in submission.notebooks:
            source_cells = {c.name: c for c in nb.notebook.source_cells}
            test_ids = set()
            for grade in nb.grades:
                if is_written_answer(nb.notebook, grade.name):
                    if waits_for_hand_grading(grade):
                        result.manual.append(f"{grade.name} ({grade.max_score:g} pt)")
                else:
                    test_ids.add(grade.name)
                    auto_max += grade.max_score
                    auto_score += grade.score
            locked = {c.name: c.source for c in source_cells.values() if c.locked}
            path = course_dir / "submitted" / result.student / assignment / f"{nb.name}.ipynb"
            if path.exists():
                submitted = json.loads(path.read_text(encoding="utf-8"))
                result.changes += submission_changes(nb.name, locked, test_ids, submitted)
            graded = course_dir / "autograded" / result.student / assignment / f"{nb.name}.ipynb"
            if graded.exists():
                result.timeouts += _timeouts(json.loads(graded.read_text(encoding="utf-8")))
        result.auto_score, result.auto_max = auto_score, auto_max


def _timeouts(notebook: dict) -> list[str]:
    found = []
    for index, cell in enumerate(notebook.get("cells", []), start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") == "CellTimeoutError":
                grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                found.append(grade_id or f"cell {index}")
                break
    return found


def grade_class(
    assignment: str,
    *,
    course_dir: Path,
    jobs: int = 1,
    students: list[str] | None = None,
    timeout: int | None = None,
    progress: bool = True,
    log_file: Path | None = None,
) -> ClassReport:
    """Autograde every submission of ``assignment`` with ``jobs`` worker processes."""
    if jobs < 1:
        raise GradingError(f"jobs: must be at least 1, got {jobs!r}")
    start = time.perf_counter()
    api = make_api(course_dir, timeout=timeout)
    notebooks = assignment_notebooks(api, assignment)
    everyone = submitted_students(course_dir, assignment)
    if students:
        unknown = sorted(set(students) - set(everyone))
        if unknown:
            raise GradingError(
                f"students: no submission of {assignment!r} for {unknown} in {course_dir / 'submitted'}"
            )
        everyone = sorted(students)
    if not everyone:
        raise GradingError(
            f"assignment: no submissions of {assignment!r} in {course_dir / 'submitted'} "
            "(collect them first: kamtools collect)"
        )

    results: dict[str, StudentResult] = {}
    to_grade = []
    for student in everyone:
        problem = _precheck(course_dir, assignment, student, notebooks)
        if problem is None:
            to_grade.append(student)
        else:
            results[student] = problem

    log = str(log_file) if log_file else None
    workers = max(1, min(jobs, len(to_grade)))
    bar = _progress_bar(len(to_grade), assignment, enabled=progress)
    if to_grade:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(str(course_dir), timeout, log),
        ) as pool:
            futures = [pool.submit(_grade_one, assignment, s, log) for s in to_grade]
            for future in as_completed(futures):
                student, success, error, seconds = future.result()
                result = StudentResult(student, seconds=seconds)
                if not success:
                    result.status, result.problem = "failed", error
                results[student] = result
                bar.update(1)
    bar.close()

    for result in results.values():
        if result.graded:
            _fill_from_gradebook(api, course_dir, assignment, result)
    # Students whose files could not be graded stay on the roster, so that the export shows
    # them as "missing" instead of leaving them out.
    with api.gradebook as gb:
        for result in results.values():
            if result.status in ("missing", "unreadable"):
                gb.update_or_create_student(result.student)
    ordered = [results[s] for s in everyone]
    return ClassReport(assignment, workers, time.perf_counter() - start, ordered, log_file)


def _progress_bar(total: int, assignment: str, *, enabled: bool):
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=f"grading {assignment}",
        unit="submission",
        disable=not enabled,
        file=sys.stderr,
        dynamic_ncols=True,
    )
