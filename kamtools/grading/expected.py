"""Expected values fixed when an assignment is generated.

In a source notebook a hidden test writes what it expects as ``fixed(<expression>)``
(``from kamtools.grading._verify import fixed``), e.g.::

    ### BEGIN HIDDEN TESTS
    assert within(top20_share, fixed(kt.top_share(revenue, 0.2, negative="zero")), 0.001)
    ### END HIDDEN TESTS

Run as it is (the instructor validating the source), ``fixed`` returns the value. During
``kamtools generate``, :class:`FixExpectedValues` runs first in nbgrader's pipeline: it
executes the source notebook in a separate instructor process, records the value of every
``fixed(...)`` and replaces the call by that value written as a Python literal. nbgrader
then stores the resolved test in the gradebook, which is what autograding restores and
runs, so a student who rebinds ``kt.top_share`` or ``revenue`` changes nothing the test
compares with. ``fixed`` may appear only in hidden tests (a literal in a visible test
would give the answer away), once per expected value, outside loops.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from kamtools.errors import GradingError
from kamtools.grading.markers import Markers
from kamtools.grading.markers import markers as read_markers

__all__ = ["FixExpectedValues", "fixed_calls", "resolve_source"]

# Runs in a child process: the source notebook's code cells in one namespace, recording the
# values of fixed(...) per cell. Instructor code only (the source notebook).
_RUNNER = r"""
import json, sys
from IPython.core.interactiveshell import InteractiveShell
from kamtools.grading import _verify
cells = json.load(sys.stdin)
shell = InteractiveShell.instance()
out = {"values": {}}
for cell in cells:
    del _verify._RECORDED[:]
    result = shell.run_cell(cell["source"], silent=True)
    error = result.error_before_exec or result.error_in_exec
    if error is not None:
        out = {"error": cell["name"], "why": f"{type(error).__name__}: {error}"}
        break
    if cell["record"]:
        out["values"][str(cell["index"])] = [repr(v) for v in _verify._RECORDED]
with open(sys.argv[1], "w", encoding="utf-8") as fh:
    json.dump(out, fh)
"""


def _line_starts(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def _offset(source_lines: list[str], starts: list[int], lineno: int, col: int) -> int:
    # ast columns count UTF-8 bytes
    line = source_lines[lineno - 1]
    return starts[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8", "replace"))


def fixed_calls(
    source: str, where: str = "cell", markers: Markers | None = None
) -> list[tuple[int, int]]:
    """(start, end) character offsets of every ``fixed(...)`` call in ``source``, in order.

    Raises GradingError when a call is outside the hidden tests (found by ``markers``, the
    course's delimiters; default: nbgrader's) or nested in another.
    """
    if "fixed(" not in source:
        return []
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise GradingError(f"{where}: not valid Python ({exc.msg}, line {exc.lineno})") from None
    lines = source.splitlines(keepends=True)
    starts = _line_starts(source)
    marks = markers or read_markers()
    hidden, inside = set(), False
    for number, line in enumerate(source.splitlines(), start=1):
        if marks.begin_hidden in line:
            inside = True
        elif marks.end_hidden in line:
            inside = False
        elif inside:
            hidden.add(number)
    spans = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (getattr(func, "id", None) or getattr(func, "attr", None)) == "fixed":
            if len(node.args) != 1 or node.keywords:
                raise GradingError(f"{where}: fixed() takes one expression (line {node.lineno})")
            end_line, end_col = node.end_lineno, node.end_col_offset
            assert end_line is not None and end_col is not None  # ast.parse sets both
            if not set(range(node.lineno, end_line + 1)) <= hidden:
                raise GradingError(
                    f"{where}: fixed() on line {node.lineno} is outside the hidden tests; "
                    "its value would be shown to students"
                )
            spans.append(
                (
                    _offset(lines, starts, node.lineno, node.col_offset),
                    _offset(lines, starts, end_line, end_col),
                )
            )
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise GradingError(f"{where}: fixed() calls must not be nested")
    return spans


def resolve_source(
    source: str, values: list[str], where: str = "cell", markers: Markers | None = None
) -> str:
    """``source`` with its ``fixed(...)`` calls replaced by ``values`` (literal texts)."""
    spans = fixed_calls(source, where, markers)
    if len(values) != len(spans):
        raise GradingError(
            f"{where}: fixed() appears {len(spans)} time(s) but ran {len(values)} time(s); "
            "use it once per expected value, outside loops and conditions"
        )
    for text in values:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            raise GradingError(f"{where}: fixed() value {text[:80]!r} is not a literal") from None
        if value != value:  # NaN
            raise GradingError(f"{where}: fixed() gave NaN; a test cannot compare with it")
    for (start, end), text in sorted(zip(spans, values, strict=True), reverse=True):
        source = source[:start] + f"({text})" + source[end:]
    return source


def _evaluate(cells: list[dict], cwd: str) -> dict[str, list[str]]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    with tempfile.TemporaryDirectory() as tmp:
        answer = Path(tmp) / "values.json"
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(answer)],
            input=json.dumps(cells),
            capture_output=True,
            text=True,
            cwd=cwd or None,
            env=env,
            timeout=600,
        )
        if done.returncode != 0 or not answer.exists():
            raise GradingError(
                "generate: could not run the source notebook to fix expected values:\n"
                + (done.stderr or done.stdout)[-2000:]
            )
        result = json.loads(answer.read_text(encoding="utf-8"))
    if "error" in result:
        raise GradingError(
            f"generate: the source notebook stopped in cell {result['error']} while fixing "
            f"expected values: {result['why']}"
        )
    return result["values"]


class FixExpectedValues(NbGraderPreprocessor):
    """nbgrader preprocessor (first in generate): ``fixed(...)`` -> literal in hidden tests."""

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        marks = read_markers(self.config)
        cells, record = [], False
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            name = meta.get("grade_id") or f"#{index + 1}"
            wanted = bool(meta.get("grade")) and not meta.get("solution")
            wanted = wanted and bool(fixed_calls(cell.source, name, marks))
            record = record or wanted
            cells.append({"index": index, "name": name, "source": cell.source, "record": wanted})
        if not record:
            return nb, resources
        path = resources.get("metadata", {}).get("path", "")
        values = _evaluate(cells, path)
        for key, found in values.items():
            cell = nb.cells[int(key)]
            name = cell.metadata.get("nbgrader", {}).get("grade_id", key)
            cell.source = resolve_source(cell.source, found, name, marks)
        return nb, resources
