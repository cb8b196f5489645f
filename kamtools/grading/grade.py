"""Grade a whole class with nbgrader, in parallel worker processes.

``nbgrader autograde`` grades one submission after another and starts its machinery for
every command. Here worker processes, forked once nbgrader is imported, each build the
configuration once and take students from a shared queue until the class is done, so that
N workers keep N kernels busy. Every submission is still graded by nbgrader's own
``Autograde`` converter with the course configuration, into the course gradebook: the
grades are those a sequential ``nbgrader autograde`` gives. Only the step that runs the
notebook differs (sandbox.py): students' code runs in a bubblewrap sandbox (unless switched
off, with a warning when it cannot be made) and an answer or test cell gets seconds, not
the setup cell's minute.

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
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kamtools.errors import GradingError
from kamtools.grading.course import (
    PROBLEM_STATUSES,
    ProblemStatus,
    assignment_notebooks,
    check_submission,
    is_written_answer,
    make_api,
    waits_for_hand_grading,
)
from kamtools.grading.integrity import CellChange, submission_changes
from kamtools.grading.markers import Markers
from kamtools.grading.markers import markers as read_markers
from kamtools.grading.tamper import submission_flags

if TYPE_CHECKING:
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from tqdm import tqdm
    from traitlets.config import Config

__all__ = ["ClassReport", "StudentResult", "grade_class", "submitted_students"]


#: What grading did with one submission: graded, failed, or why it could not be graded.
GradeStatus = Literal["graded", "failed"] | ProblemStatus


@dataclass
class StudentResult:
    """What grading did with one student's submission."""

    student: str
    # "graded", "failed" (nbgrader could not grade), or one of course.PROBLEM_STATUSES
    status: GradeStatus = "graded"
    score: float | None = None
    max_score: float = 0.0
    auto_score: float | None = None
    auto_max: float = 0.0
    manual: list[str] = field(default_factory=list)  # answers waiting for a human grader
    timeouts: list[str] = field(default_factory=list)  # cells interrupted by the timeout
    changes: list[CellChange] = field(default_factory=list)  # locked cells edited/deleted
    problem: str = ""  # why it was not graded, in words for the instructor
    # code that replaces library/built-in functions (grading/tamper.py): review before release
    flags: list[str] = field(default_factory=list)
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
    sandbox: str = ""  # one line: did students' code run in the sandbox (see sandbox.py)

    @property
    def ok(self) -> bool:
        return all(r.graded for r in self.results)

    def table(self) -> str:
        """The summary table printed at the end of ``kamtools grade``."""
        rows = [("student", "score", "automatic", "to grade by hand", "notes")]
        for r in self.results:
            notes = [f"timeout in {', '.join(r.timeouts)}"] if r.timeouts else []
            notes += _changes_note(r.changes)
            if r.flags:
                more = f" (+{len(r.flags) - 1} more)" if len(r.flags) > 1 else ""
                notes.append(f"FLAGGED for review: {r.flags[0]}{more}")
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
        flagged = [r.student for r in self.results if r.flags]
        if flagged:
            foot.append(
                f"{len(flagged)} submission(s) FLAGGED for review ({', '.join(flagged)}): their "
                "code replaces library or built-in functions the tests use. They were graded as "
                "usual; read the code before releasing those grades."
            )
        waiting = sum(1 for r in graded if r.manual)
        if waiting:
            foot.append(f"{waiting} submission(s) wait for manual grading in formgrader.")
        bad = [r for r in self.results if not r.graded]
        if bad:
            foot.append(
                f"{len(bad)} submission(s) NOT graded (see notes); the rest of the class was."
            )
        if self.sandbox:
            foot.append(self.sandbox)
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

_WORKER: dict = {}


def _init_worker(course_dir: str, options: dict, log_file: str | None) -> None:
    """Set up one worker: nbgrader's configuration and course folder, built once.

    Workers are forked from the coordinator where possible, so nbgrader is imported once
    for the whole class; each worker then runs nbgrader's ``Autograde`` converter itself
    (what ``NbGraderAPI.autograde`` does) with kamtools' execution step (sandbox.py).
    """
    from nbgrader.coursedir import CourseDirectory

    from kamtools.grading.course import load_config
    from kamtools.grading.sandbox import configure

    warnings.filterwarnings("ignore")
    if log_file:
        # Kernels inherit this process's stderr: their start-up chatter goes to the log.
        fd = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(fd, 2)
        sys.stderr = open(2, "w", closefd=False)
    config = load_config(Path(course_dir))
    configure(
        config,
        course_dir=Path(course_dir),
        sandbox=options["sandbox"],
        question_timeout=options["timeout"],
    )
    _WORKER["config"] = config
    _WORKER["coursedir"] = CourseDirectory(config=config)


def _grade_one(assignment: str, student: str, log_file: str | None) -> tuple[str, bool, str, float]:
    import logging

    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log, temp_attrs

    start = time.perf_counter()
    coursedir = _WORKER["coursedir"]
    with temp_attrs(coursedir, assignment_id=assignment, student_id=student):
        app = Autograde(coursedir=coursedir, config=_WORKER["config"])
        app.log.setLevel(logging.WARNING)
        app.force = True
        app.create_student = True
        result = capture_log(app)
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


def _precheck(
    course_dir: Path, assignment: str, student: str, notebooks: list[str]
) -> StudentResult | None:
    """None when the submission can be graded, else a StudentResult saying why not
    (status missing, empty, unreadable or misnamed: see course.check_submission)."""
    folder = course_dir / "submitted" / student / assignment
    problem = check_submission(folder, notebooks)
    if problem is None:
        return None
    return StudentResult(student, status=problem[0], problem=problem[1])


def _fill_from_gradebook(
    api: NbGraderAPI | _OpenGradebook,
    course_dir: Path,
    assignment: str,
    result: StudentResult,
    marks: Markers | None = None,
) -> None:
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
                result.changes += submission_changes(nb.name, locked, test_ids, submitted, marks)
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
    sandbox: bool | None = None,
    require_sandbox: bool = False,
    warn: Callable[[str], object] | None = None,
) -> ClassReport:
    """Autograde every submission of ``assignment`` with ``jobs`` worker processes.

    ``timeout``: seconds an answer or test cell may run (``GradingExecute.question_timeout``
    in ``nbgrader_config.py`` when None). ``sandbox``: run students' code in the bubblewrap
    sandbox (None: as ``GradingExecute.sandbox`` in ``nbgrader_config.py`` says, by default
    yes). When the sandbox is wanted but cannot be made, ``warn`` (default: print to stderr)
    is told why before grading starts, and grading goes on without it, unless
    ``require_sandbox`` is set: then a GradingError is raised and nothing is graded.
    """
    if jobs < 1:
        raise GradingError(f"jobs: must be at least 1, got {jobs!r}")
    start = time.perf_counter()
    api = make_api(course_dir, timeout=timeout)
    sandboxed, sandbox_note = _decide_sandbox(api.config, sandbox, require_sandbox, warn)
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
        # Forked workers share the coordinator's imports (nbgrader, pandas: seconds each).
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        options = {"timeout": timeout, "sandbox": sandboxed}
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(str(course_dir), options, log),
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

    # The gradebook is opened once for the whole class (not once per student).
    marks = read_markers(api.config)  # where hidden tests begin and end in this course
    with api.gradebook as gb:
        once = _OpenGradebook(gb)
        for result in results.values():
            if result.graded:
                _fill_from_gradebook(once, course_dir, assignment, result, marks)
            if result.status in ("graded", "failed"):
                result.flags = submission_flags(course_dir, assignment, result.student)
        # Students whose files could not be graded stay on the roster, so that the export
        # shows them with their status (empty, unreadable, misnamed) instead of leaving them out.
        for result in results.values():
            if result.status in PROBLEM_STATUSES:
                gb.update_or_create_student(result.student)
    ordered = [results[s] for s in everyone]
    seconds = time.perf_counter() - start
    return ClassReport(assignment, workers, seconds, ordered, log_file, sandbox=sandbox_note)


class _OpenGradebook:
    """Stands in for the API in ``with api.gradebook as gb``: an open gradebook, not closed."""

    def __init__(self, gradebook: Gradebook) -> None:
        self._gradebook = gradebook

    @property
    def gradebook(self) -> _OpenGradebook:
        return self

    def __enter__(self) -> Gradebook:
        return self._gradebook

    def __exit__(self, *exc: object) -> Literal[False]:
        return False


def _decide_sandbox(
    config: Config,
    sandbox: bool | None,
    require: bool,
    warn: Callable[[str], object] | None,
) -> tuple[bool, str]:
    """(run in the sandbox?, one line for the summary); warns before grading starts."""
    from kamtools.grading.sandbox import prepare, sandbox_problem, sandbox_wanted

    warn = warn or (lambda text: print(text, file=sys.stderr, flush=True))
    wanted = sandbox_wanted(config) if sandbox is None else bool(sandbox)
    if not wanted:
        if require:
            raise GradingError(
                "sandbox: --require-sandbox was given, but the sandbox is switched off "
                "(--no-sandbox, or GradingExecute.sandbox = False in nbgrader_config.py)"
            )
        note = (
            "Students' code ran WITHOUT the sandbox (switched off): it could read source/ "
            "and gradebook.db and change files."
        )
        warn(f"WARNING: {note}")
        return False, note
    problem = sandbox_problem()
    if problem is None:
        prepare()
        note = "Students' code ran in the bubblewrap sandbox (no network, no course files)."
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            note += " Graded as root: the process limit does not hold; grade as an ordinary user."
        return True, note
    if require:
        raise GradingError(f"sandbox: cannot grade in a sandbox: {problem}")
    note = (
        f"Students' code ran WITHOUT the sandbox: {problem}. It could read source/ (hidden "
        "tests) and gradebook.db and change files; use --require-sandbox to refuse instead."
    )
    warn(f"WARNING: {note}")
    return False, note


def _progress_bar(total: int, assignment: str, *, enabled: bool) -> tqdm:
    from tqdm import tqdm

    # No monitor thread: grading workers are forked after the bar exists.
    tqdm.monitor_interval = 0
    return tqdm(
        total=total,
        desc=f"grading {assignment}",
        unit="submission",
        disable=not enabled,
        file=sys.stderr,
        dynamic_ncols=True,
    )
