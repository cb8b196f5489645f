"""What a submission changed, and what a student or a learner must never see.

nbgrader compares checksums of locked cells with the *source* version, which still holds
the hidden tests; every honest submission therefore "changes" each cell with hidden tests
(nbgrader issue 1961) and real tampering is buried in those notices. Here a submitted cell
is compared with what the student was actually given: the source with hidden tests removed.

Regions are found by the delimiters of the course's nbgrader configuration
(:func:`kamtools.grading.markers.markers`); every function takes them as ``markers``, and
without it uses nbgrader's defaults ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kamtools.grading.markers import Markers
from kamtools.grading.markers import markers as read_markers

__all__ = [
    "CellChange",
    "hidden_lines",
    "solution_lines",
    "student_text",
    "submission_changes",
    "submission_flags",
    "visible_lines",
]

# Lines shorter than this ("assert x", "pass") can appear anywhere: they identify nothing.
MIN_SECRET_LENGTH = 12


def _region_lines(source: str, region: tuple[str, str]) -> tuple[list[str], list[str]]:
    """Split ``source`` into (lines outside, lines inside) the ``(begin, end)`` markers."""
    begin, end = region
    outside: list[str] = []
    inside: list[str] = []
    in_region = False
    for line in source.splitlines():
        if begin in line:
            in_region = True
        elif end in line:
            in_region = False
        elif in_region:
            inside.append(line)
        else:
            outside.append(line)
    return outside, inside


def hidden_lines(source: str, markers: Markers | None = None) -> list[str]:
    """Lines of a test cell's hidden tests (markers excluded).

    >>> hidden_lines("assert x > 0\\n### BEGIN HIDDEN TESTS\\nassert x == 2\\n### END HIDDEN TESTS")
    ['assert x == 2']
    """
    return _region_lines(source, (markers or read_markers()).hidden)[1]


def visible_lines(source: str, markers: Markers | None = None) -> list[str]:
    """Lines of a test cell that students see."""
    return _region_lines(source, (markers or read_markers()).hidden)[0]


def solution_lines(source: str, markers: Markers | None = None) -> list[str]:
    """Lines of a code cell's solution region (markers excluded)."""
    return _region_lines(source, (markers or read_markers()).solution)[1]


def student_text(source: str, markers: Markers | None = None) -> str:
    """The source of a locked cell as the student version shows it (hidden tests removed)."""
    return "\n".join(visible_lines(source, markers))


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def secrets(lines: list[str], public_text: str) -> list[str]:
    """The lines that identify hidden content: long enough, and not part of any public line.

    Lines are compared without whitespace; a fragment such as ``assert math.isclose(`` that
    also occurs inside a visible line identifies nothing and is left out.
    """
    public = [_squash(line) for line in public_text.splitlines()]
    public = [line for line in public if line]
    out = []
    for line in lines:
        squashed = _squash(line)
        if len(squashed) >= MIN_SECRET_LENGTH and not any(squashed in p for p in public):
            out.append(squashed)
    return out


def _squash(text: str) -> str:
    """Whitespace-insensitive form used to look for a line inside rendered text."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class CellChange:
    """A locked cell a student edited or deleted (nbgrader restores it before grading)."""

    notebook: str
    grade_id: str
    kind: str  # "test" or "read-only"
    change: str  # "edited" or "deleted"

    def __str__(self) -> str:
        return f"{self.kind} cell {self.grade_id} {self.change}"


def submission_changes(
    notebook: str,
    locked_cells: dict[str, str],
    test_ids: set[str],
    submitted_nb: dict,
    markers: Markers | None = None,
) -> list[CellChange]:
    """Locked cells of ``submitted_nb`` that differ from the student version.

    ``locked_cells`` maps the grade_id of each locked cell to its *source-version* text (as
    the gradebook keeps it), ``test_ids`` names the autograded test cells among them, and
    ``submitted_nb`` is the parsed submitted notebook; ``markers`` are the course's
    delimiters (default: nbgrader's).

    >>> given = {"test_x": "assert x > 0\\n### BEGIN HIDDEN TESTS\\nassert x == 2\\n### END HIDDEN TESTS"}
    >>> honest = {"cells": [{"source": "assert x > 0", "metadata": {"nbgrader": {"grade_id": "test_x"}}}]}
    >>> submission_changes("nb", given, {"test_x"}, honest)
    []
    >>> [str(c) for c in submission_changes("nb", given, {"test_x"}, {"cells": []})]
    ['test cell test_x deleted']
    """
    by_id = {}
    for cell in submitted_nb.get("cells", []):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id is not None:
            by_id[grade_id] = cell
    changes = []
    for grade_id in sorted(locked_cells):
        kind = "test" if grade_id in test_ids else "read-only"
        submitted = by_id.get(grade_id)
        if submitted is None:
            changes.append(CellChange(notebook, grade_id, kind, "deleted"))
            continue
        text = submitted.get("source", "")
        if isinstance(text, list):
            text = "".join(text)
        if _normalise(text) != _normalise(student_text(locked_cells[grade_id], markers)):
            changes.append(CellChange(notebook, grade_id, kind, "edited"))
    return changes


def submission_flags(course_dir: str | Path, assignment: str, student: str) -> list[str]:
    """Why a submission is flagged for review (code replacing library or built-in functions
    the tests use); ``[]`` when it is not. See :mod:`kamtools.grading.tamper`."""
    from kamtools.grading.tamper import submission_flags as scan

    return scan(course_dir, assignment, student)
