"""Hand assignments out and collect them: nbgrader's folder layout, zip files, or the exchange."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

from kamtools.errors import GradingError
from kamtools.grading.course import _ensure_tools_on_path, make_api
from kamtools.grading.integrity import hidden_lines, secrets, solution_lines, visible_lines

__all__ = [
    "collect",
    "ensure_exchange",
    "generate",
    "release",
    "source_assignments",
    "student_version_leaks",
    "zip_folder",
]


def source_assignments(course_dir: Path) -> list[str]:
    """Assignments in ``source/`` (folders holding at least one notebook)."""
    root = course_dir / "source"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def _check_assignment(course_dir: Path, assignment: str) -> None:
    known = source_assignments(course_dir)
    if assignment not in known:
        raise GradingError(
            f"assignment: {assignment!r} is not in {course_dir / 'source'} (known: {known})"
        )


def _cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return cells


def student_version_leaks(source: Path, student: Path) -> list[str]:
    """Solution text, model answers and hidden tests of ``source`` found in ``student``.

    Returns the offending lines (whitespace removed); an empty list means the student
    version is clean.
    """
    secret_lines: list[str] = []
    public: list[str] = []
    for cell in _cells(source):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        text = cell["source"]
        if meta.get("solution") and cell["cell_type"] == "markdown":
            secret_lines += text.splitlines()  # the model answer of a written question
        elif meta.get("solution"):
            secret_lines += solution_lines(text)
        elif meta.get("grade"):
            secret_lines += hidden_lines(text)
            public += visible_lines(text)
        else:
            public += text.splitlines()
    student_text = "\n".join(c["source"] for c in _cells(student))
    squashed = "".join(student_text.split())
    return [line for line in secrets(secret_lines, "\n".join(public)) if line in squashed]


def generate(course_dir: Path, assignment: str) -> Path:
    """Make the student version in ``release/<assignment>/`` and check nothing leaked."""
    _check_assignment(course_dir, assignment)
    api = make_api(course_dir)
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise GradingError(
            f"assignment {assignment!r}: nbgrader could not generate it:\n{result['error']}"
        )
    out = course_dir / "release" / assignment
    for source in sorted((course_dir / "source" / assignment).glob("*.ipynb")):
        leaks = student_version_leaks(source, out / source.name)
        if leaks:
            raise GradingError(
                f"{out / source.name}: the student version still contains solution or hidden "
                f"test text, e.g. {leaks[0]!r}. Check the BEGIN/END markers in {source}."
            )
    return out


def zip_folder(folder: Path, destination: Path, *, prefix: str = "") -> Path:
    """Zip every file under ``folder`` (paths relative to it, under ``prefix``)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                archive.write(path, str(Path(prefix) / path.relative_to(folder)))
    return destination


def ensure_exchange(api) -> Path:
    """Create the exchange folder if missing, writable by every user (sticky, like /tmp)."""
    from nbgrader.exchange.default.exchange import Exchange

    root = Path(Exchange(config=api.config).root)  # the configured root, or nbgrader's default
    if not root.exists():
        try:
            root.mkdir(parents=True)
            root.chmod(0o777 | stat.S_ISVTX)
        except PermissionError:
            raise GradingError(
                f"exchange: cannot create {root}; create it as an administrator "
                f"(sudo mkdir -p {root} && sudo chmod 1777 {root}) or set KAMTOOLS_EXCHANGE"
            ) from None
    return root


def release(course_dir: Path, assignment: str) -> Path:
    """Generate and release to the exchange (JupyterHub or a shared machine)."""
    generate(course_dir, assignment)
    api = make_api(course_dir)
    root = ensure_exchange(api)
    result = api.release_assignment(assignment)
    if not result["success"]:
        raise GradingError(f"assignment {assignment!r}: release failed:\n{result['error']}")
    return root


def collect(course_dir: Path, assignment: str, *, archive: Path | None = None) -> list[str]:
    """Bring submissions into ``submitted/``: from a zip file, or from the exchange.

    The zip holds one folder per student: ``<student_id>/<notebook>.ipynb``. Returns the
    students now in ``submitted/`` for the assignment.
    """
    from kamtools.grading.grade import submitted_students

    _check_assignment(course_dir, assignment)
    if archive is not None:
        archive = Path(archive)
        if not zipfile.is_zipfile(archive):
            raise GradingError(f"archive: {archive} is not a zip file")
        target = course_dir / "downloaded" / assignment / "archive"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(archive, target / archive.name)
        _ensure_tools_on_path()
        done = subprocess.run(
            [sys.executable, "-m", "nbgrader", "zip_collect", assignment, "--force"],
            cwd=course_dir,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise GradingError(
                f"archive {archive}: nbgrader zip_collect failed:\n{done.stderr[-2000:]}"
            )
    else:
        api = make_api(course_dir)
        ensure_exchange(api)
        result = api.collect(assignment)
        if not result["success"]:
            raise GradingError(f"assignment {assignment!r}: collect failed:\n{result['error']}")
    return submitted_students(course_dir, assignment)
