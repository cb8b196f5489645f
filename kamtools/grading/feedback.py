"""Feedback in which hidden tests appear nowhere: not as code, not in tracebacks.

nbgrader's ``ClearHiddenTests`` removes the hidden lines from the code of the feedback, but
a failing hidden assert still prints its own line (and the lines around it) in the
traceback, and its message may quote what the test checked. ``HideHiddenTestErrors`` runs
before it, while the hidden lines are still known, and rewrites the outputs of every test
cell that has hidden tests:

- an error raised on a visible line keeps its type and message, with only that line shown;
- an error raised on a hidden line (or inside code a hidden line called) becomes a plain
  "a hidden test did not pass" message;
- printed text (stdout/stderr) of such cells is dropped.

After nbgrader wrote the HTML, :func:`find_leaks` reads it back and lists any hidden line
still there; ``kamtools feedback`` refuses to hand out such a file.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from kamtools.errors import GradingError
from kamtools.grading.course import assignment_notebooks, make_api
from kamtools.grading.integrity import (
    BEGIN_HIDDEN,
    END_HIDDEN,
    _squash,
    hidden_lines,
    secrets,
    visible_lines,
)

__all__ = ["HIDDEN_TEST_MESSAGE", "HideHiddenTestErrors", "find_leaks", "html_text"]

HIDDEN_TEST_MESSAGE = (
    "A hidden test did not pass. Hidden tests check your answer on cases beyond the visible "
    "ones: re-read the task, try your answer on other inputs, and ask your instructor if "
    "you are stuck."
)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython names the frame of a cell "Cell In[12], line 5"; older versions "<ipython-input-..>".
_CELL_FRAME = re.compile(r"(?:Cell In\s*\[\d*\]|<ipython-input-[^>]*>)\D*line (\d+)")


def _hidden_line_numbers(source: str) -> set[int]:
    numbers = set()
    inside = False
    for number, line in enumerate(source.splitlines(), start=1):
        if BEGIN_HIDDEN in line:
            inside = True
            numbers.add(number)
        elif END_HIDDEN in line:
            inside = False
            numbers.add(number)
        elif inside:
            numbers.add(number)
    return numbers


def _failing_line(traceback: list[str]) -> int | None:
    """Line number (in the test cell) of the outermost frame, if the traceback names it."""
    text = _ANSI.sub("", "\n".join(traceback))
    match = _CELL_FRAME.search(text)
    return int(match.group(1)) if match else None


class HideHiddenTestErrors(NbGraderPreprocessor):
    """Rewrite outputs of test cells with hidden tests so that nothing hidden is shown."""

    def preprocess_cell(self, cell, resources, cell_index):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("grade") or BEGIN_HIDDEN not in cell.source:
            return cell, resources
        hidden = _hidden_line_numbers(cell.source)
        lines = cell.source.splitlines()
        outputs = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                continue
            if output.output_type == "error":
                line = _failing_line(output.get("traceback", []))
                if line is None or line in hidden or line > len(lines):
                    output = NotebookNode(
                        output_type="error",
                        ename=output.ename,
                        evalue=HIDDEN_TEST_MESSAGE,
                        traceback=[f"{output.ename}: {HIDDEN_TEST_MESSAGE}"],
                    )
                else:
                    shown = lines[line - 1].strip()
                    output = NotebookNode(
                        output_type="error",
                        ename=output.ename,
                        evalue=output.evalue,
                        traceback=[
                            f"The check on line {line} did not pass: {shown}",
                            f"{output.ename}: {output.evalue}",
                        ],
                    )
            outputs.append(output)
        cell.outputs = outputs
        return cell, resources


def html_text(page: str) -> str:
    """The text a reader sees in an HTML page (tags removed, entities decoded)."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def find_leaks(page: str, test_sources: list[str], public_text: str = "") -> list[str]:
    """Hidden-test lines of ``test_sources`` (source versions) that appear in ``page``.

    Lines shorter than a few characters, or part of the visible tests or of
    ``public_text`` (e.g. the student's own answers, which may well repeat a line of a
    hidden test), identify nothing and are not looked for.
    """
    text = _squash(html_text(page))
    public = "\n".join("\n".join(visible_lines(src)) for src in test_sources)
    public += "\n" + public_text
    leaks = []
    for source in test_sources:
        for line in secrets(hidden_lines(source), public):
            if line in text:
                leaks.append(line)
    return leaks


def _student_text(notebook_path) -> str:
    """Everything in a graded notebook except its test cells: what the student wrote or was
    given."""

    cells = json.loads(notebook_path.read_text(encoding="utf-8"))["cells"]
    keep = []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            continue
        source = cell.get("source", "")
        keep.append("".join(source) if isinstance(source, list) else source)
    return "\n".join(keep)


def _test_sources(api, assignment: str) -> list[str]:
    with api.gradebook as gb:
        sources = []
        for nb in gb.find_assignment(assignment).notebooks:
            for cell in nb.source_cells:
                if BEGIN_HIDDEN in (cell.source or ""):
                    sources.append(cell.source)
        return sources


def make_feedback(course_dir, assignment: str, *, students=None, archive=None, release=False):
    """Write feedback HTML for every graded student, refusing any file that shows a hidden test.

    Returns ``{student: [feedback files]}``. With ``archive`` the files are also zipped as
    ``<student>/<notebook>.html``; with ``release`` they go to the exchange.
    """
    course_dir = Path(course_dir)
    api = make_api(course_dir)
    assignment_notebooks(api, assignment)  # a clear error for an unknown assignment
    graded_root = course_dir / "autograded"
    graded = sorted(p.parent.name for p in graded_root.glob(f"*/{assignment}") if p.is_dir())
    if students:
        missing = sorted(set(students) - set(graded))
        if missing:
            raise GradingError(f"students: {missing} have no graded {assignment!r}; grade first")
        graded = sorted(students)
    if not graded:
        raise GradingError(f"assignment: nothing graded yet for {assignment!r}; run kamtools grade")
    tests = _test_sources(api, assignment)
    written: dict[str, list[Path]] = {}
    leaked: list[str] = []
    for student in graded:
        result = api.generate_feedback(assignment, student, force=True)
        if not result["success"]:
            raise GradingError(f"{student}: nbgrader could not write feedback:\n{result['error']}")
        files = sorted((course_dir / "feedback" / student / assignment).glob("*.html"))
        for path in files:
            graded = course_dir / "autograded" / student / assignment / f"{path.stem}.ipynb"
            own = _student_text(graded) if graded.exists() else ""
            leaks = find_leaks(path.read_text(encoding="utf-8"), tests, own)
            if leaks:
                path.unlink()
                leaked.append(f"{path}: {leaks[0]!r}")
        written[student] = [p for p in files if p.exists()]
    if leaked:
        raise GradingError(
            "feedback: hidden test text found and the files removed (do not hand these out):\n"
            + "\n".join(leaked)
        )
    if archive is not None:
        archive = Path(archive)
        archive.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
            for student, files in written.items():
                for path in files:
                    out.write(path, f"{student}/{path.name}")
    if release:
        result = api.release_feedback(assignment)
        if not result["success"]:
            raise GradingError(f"feedback: release to the exchange failed:\n{result['error']}")
    return written
