"""The nbgrader course root: find it, load its configuration, open its API and gradebook."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from kamtools.errors import GradingError

if TYPE_CHECKING:
    from nbgrader.api import Grade, Notebook
    from nbgrader.apps import NbGraderAPI
    from traitlets.config import Config

__all__ = [
    "CONFIG_NAME",
    "PROBLEM_STATUSES",
    "TIMESTAMP_FILE",
    "add_to_record",
    "assignment_notebooks",
    "check_submission",
    "describe_delay",
    "find_course_dir",
    "handed_out",
    "is_written_answer",
    "load_config",
    "load_record",
    "make_api",
    "parse_due",
    "read_timestamp",
    "submission_files",
    "waits_for_hand_grading",
    "write_timestamp",
]

CONFIG_NAME = "nbgrader_config.py"


def find_course_dir(course_dir: str | os.PathLike | None = None) -> Path:
    """Return the course root: ``course_dir``, else the working folder or its ``exercises/``."""
    if course_dir is not None:
        candidates = [Path(course_dir)]
    else:
        candidates = [Path.cwd(), Path.cwd() / "exercises"]
    for candidate in candidates:
        if (candidate / CONFIG_NAME).is_file():
            return candidate.resolve()
    tried = ", ".join(str(c) for c in candidates)
    raise GradingError(
        f"course_dir: no {CONFIG_NAME} found in {tried}. Run the command from the course root "
        "(the exercises/ folder of KAM Academy) or pass --course-dir."
    )


def _ensure_tools_on_path() -> None:
    # nbgrader runs `alembic` as a program when it creates a gradebook: the environment's
    # bin folder must be on PATH even when nobody activated the virtual environment.
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bindir not in parts:
        os.environ["PATH"] = os.pathsep.join([bindir, *parts])


def load_config(course_dir: Path, *, timeout: int | None = None) -> Config:
    """Load the course's ``nbgrader_config.py`` (optionally with another per-cell timeout)."""
    from traitlets.config.loader import PyFileConfigLoader

    _ensure_tools_on_path()
    config = PyFileConfigLoader(CONFIG_NAME, path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir)
    if timeout is not None:
        if timeout <= 0:
            raise GradingError(f"timeout: must be a positive number of seconds, got {timeout!r}")
        config.Execute.timeout = int(timeout)
    return config


def make_api(course_dir: Path, *, timeout: int | None = None) -> NbGraderAPI:
    """nbgrader's own API object for the course root."""
    import logging

    from nbgrader.apps import NbGraderAPI

    api = NbGraderAPI(config=load_config(course_dir, timeout=timeout))
    api.log.setLevel(logging.WARNING)
    return api


def assignment_notebooks(api: NbGraderAPI, assignment: str) -> list[str]:
    """Names (without .ipynb) of the notebooks of a generated assignment, from the gradebook."""
    from nbgrader.api import MissingEntry

    with api.gradebook as gb:
        try:
            return sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)
        except MissingEntry:
            known = sorted(a.name for a in gb.assignments)
            raise GradingError(
                f"assignment: {assignment!r} is not in the gradebook (known: {known or 'none'}). "
                f"Generate it first: kamtools generate {assignment}"
            ) from None


def is_written_answer(notebook: Notebook, name: str) -> bool:
    """Whether grade cell ``name`` of a gradebook notebook is graded by hand.

    In nbgrader a manually graded answer is a grade cell that is also a solution cell; the
    other grade cells are autograded tests.
    """
    return any(cell.name == name for cell in notebook.solution_cells)


def waits_for_hand_grading(grade: Grade) -> bool:
    """Whether a written answer's grade still needs the instructor.

    nbgrader gives an untouched answer 0 automatically (``auto_score``); an answer graded in
    Formgrader or through the API has a ``manual_score``. (Setting a score through the API
    leaves ``needs_manual_grade`` set, so that flag is not used here.)
    """
    return grade.manual_score is None and grade.auto_score is None


# --- what is in a student's submission folder ----------------------------------------------

TIMESTAMP_FILE = "timestamp.txt"
#: Statuses of a submission that cannot be graded, in the order they are checked.
#: Why a submission cannot be graded (the status :func:`check_submission` gives).
ProblemStatus = Literal["missing", "empty", "unreadable", "misnamed"]
PROBLEM_STATUSES: tuple[ProblemStatus, ...] = get_args(ProblemStatus)
_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}


def submission_files(folder: Path) -> list[Path]:
    """The files a student handed in (no timestamp, checkpoints or system junk)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.name != TIMESTAMP_FILE
        and p.name not in _JUNK
        and ".ipynb_checkpoints" not in p.parts
    )


def check_submission(folder: Path, notebooks: list[str]) -> tuple[ProblemStatus, str] | None:
    """``None`` when ``folder`` holds a gradable submission, else ``(status, problem)``.

    ``notebooks`` are the assignment's notebook names (without ``.ipynb``). The status is
    one of :data:`PROBLEM_STATUSES`; the problem says in plain words what is wrong and what
    to do. A submission with at least one of the notebooks, all of them readable, is
    gradable (nbgrader scores a missing second notebook 0).
    """
    if not folder.is_dir():
        return "missing", f"nothing handed in (no folder {folder})"
    files = submission_files(folder)
    if not files:
        return "empty", (
            f"the submission folder {folder} is empty: the student handed in no file. "
            "Ask the student to upload the notebook again"
        )
    present = [nb for nb in notebooks if (folder / f"{nb}.ipynb").is_file()]
    if not present:
        found = ", ".join(p.relative_to(folder).as_posix() for p in files)
        expected = " or ".join(f"{nb}.ipynb" for nb in notebooks)
        return "misnamed", (
            f"no {expected} in {folder} (found: {found}). If it is the notebook under "
            f"another name, rename it to {expected} and grade this student again"
        )
    for nb in present:
        path = folder / f"{nb}.ipynb"
        if path.stat().st_size == 0:
            return "empty", (
                f"{path.name} is an empty file (0 bytes). Ask the student to download the "
                "notebook again from Jupyter and resubmit"
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return "unreadable", (
                f"{path.name} is not a valid notebook (not JSON: {exc}); ask the student to "
                "download it again from Jupyter and resubmit"
            )
        if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
            return "unreadable", (
                f"{path.name} is JSON but not a Jupyter notebook (no list of cells); ask the "
                "student to download it again from Jupyter and resubmit"
            )
    return None


def read_timestamp(folder: Path) -> datetime | None:
    """The submission time in ``folder/timestamp.txt`` as naive UTC (nbgrader's convention).

    ``None`` when there is no readable timestamp.
    """
    from nbgrader.utils import parse_utc

    path = folder / TIMESTAMP_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
        return parse_utc(text) if text else None
    except (OSError, ValueError, OverflowError):
        return None


def write_timestamp(folder: Path, when: datetime) -> None:
    """Write ``when`` (naive UTC) as nbgrader's ``timestamp.txt`` (autograde reads it)."""
    (folder / TIMESTAMP_FILE).write_text(f"{when:%Y-%m-%d %H:%M:%S.%f} UTC", encoding="utf-8")


def parse_due(text: str) -> datetime:
    """A due date typed by the instructor, as naive UTC (how nbgrader's gradebook keeps it).

    ISO 8601, e.g. ``2026-12-10T12:00`` or ``2026-12-10 12:00`` (this computer's time zone)
    or with a zone: ``2026-12-10T12:00+01:00``, ``2026-12-10T11:00Z``.
    """
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise GradingError(
            f"due: {text!r} is not a date and time; write it like 2026-12-10T12:00 "
            "(this computer's time zone) or 2026-12-10T12:00+01:00"
        ) from None
    if when.tzinfo is None:
        when = when.astimezone()  # the instructor's local time
    return when.astimezone(UTC).replace(tzinfo=None)


def describe_delay(seconds: float) -> str:
    """'2 d 3 h', '1 h 05 min', '12 min' — how late, in words an instructor reads at once."""
    minutes = int(seconds // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{max(mins, 1)} min"


# --- what was handed out: records/<assignment>.json ----------------------------------------

RECORDS_DIR = "records"


def record_path(course_dir: Path, assignment: str) -> Path:
    return Path(course_dir) / RECORDS_DIR / f"{assignment}.json"


def load_record(course_dir: Path, assignment: str) -> dict:
    """What kamtools noted about an assignment: when it was handed out, each collect."""
    path = record_path(course_dir, assignment)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"assignment": assignment, "handed_out": [], "collections": []}
    data.setdefault("handed_out", [])
    data.setdefault("collections", [])
    return data


def add_to_record(course_dir: Path, assignment: str, key: str, entry: dict) -> None:
    """Append ``entry`` (JSON-able) to the list ``key`` of the assignment's record."""
    data = load_record(course_dir, assignment)
    data.setdefault(key, []).append(entry)
    path = record_path(course_dir, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")
    tmp.replace(path)


def handed_out(course_dir: Path, assignment: str) -> bool:
    """Whether the assignment was given to students (zipped, released, or given a due date)."""
    return bool(load_record(course_dir, assignment)["handed_out"])
