"""The nbgrader course root: find it, load its configuration, open its API and gradebook."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kamtools.errors import GradingError

__all__ = [
    "CONFIG_NAME",
    "assignment_notebooks",
    "find_course_dir",
    "is_written_answer",
    "load_config",
    "make_api",
    "waits_for_hand_grading",
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


def load_config(course_dir: Path, *, timeout: int | None = None):
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


def make_api(course_dir: Path, *, timeout: int | None = None):
    """nbgrader's own API object for the course root."""
    import logging

    from nbgrader.apps import NbGraderAPI

    api = NbGraderAPI(config=load_config(course_dir, timeout=timeout))
    api.log.setLevel(logging.WARNING)
    return api


def assignment_notebooks(api, assignment: str) -> list[str]:
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


def is_written_answer(notebook, name: str) -> bool:
    """Whether grade cell ``name`` of a gradebook notebook is graded by hand.

    In nbgrader a manually graded answer is a grade cell that is also a solution cell; the
    other grade cells are autograded tests.
    """
    return any(cell.name == name for cell in notebook.solution_cells)


def waits_for_hand_grading(grade) -> bool:
    """Whether a written answer's grade still needs the instructor.

    nbgrader gives an untouched answer 0 automatically (``auto_score``); an answer graded in
    Formgrader or through the API has a ``manual_score``. (Setting a score through the API
    leaves ``needs_manual_grade`` set, so that flag is not used here.)
    """
    return grade.manual_score is None and grade.auto_score is None
