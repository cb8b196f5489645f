"""Feedback in which hidden tests appear nowhere, by construction.

:class:`StudentVisibleFeedback` (nbgrader's GenerateFeedback pipeline, after GetGrades)
rebuilds the graded notebook from what the student may see:

- a test cell gets the student version of its source (the hidden region is never copied)
  and outputs made from that visible text: the failed visible check and its message, a
  general "a hidden test did not pass" for anything else, a plain-words timeout, and only
  printed lines a visible line of the test can print (:func:`graded_test_outputs`);
- every other code cell keeps the student's code with the outputs of the student's own
  run (the submitted notebook), where no hidden test existed; from the grading run, in
  which the student's code ran next to the hidden tests, only "this cell stopped" is told
  (:func:`answer_cell_outputs`).

As a second line, :func:`find_leaks` reads each HTML page back and looks for hidden-test
lines as they are, reversed, and base64- or hex-encoded; ``kamtools feedback`` deletes such
a page and names the student. One student's failure never stops the others
(:func:`make_feedback` returns a :class:`FeedbackReport` with ``failures``).

The texts a student reads (the general hidden-test message, "The check on line N did not
pass", the timeout note ...) come from the message catalogue, section ``grading_feedback``,
in the language of the kamtools process: ``KAMTOOLS_LANG=pl`` for the Polish course root
(its ``nbgrader_config.py`` sets it), so Polish students get Polish feedback.

:class:`HideHiddenTestErrors` is the earlier, search-based rewrite of test-cell outputs,
kept for course configurations that still name it.
"""

from __future__ import annotations

import ast
import base64
import binascii
import builtins
import html
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from kamtools.errors import GradingError
from kamtools.grading.course import assignment_notebooks, make_api
from kamtools.grading.integrity import (
    _squash,
    hidden_lines,
    secrets,
    student_text,
    visible_lines,
)
from kamtools.grading.markers import Markers
from kamtools.grading.markers import markers as read_markers
from kamtools.messages import DEFAULT_LANGUAGE, t, templates

if TYPE_CHECKING:
    from nbgrader.apps import NbGraderAPI

#: nbconvert's resources of a notebook being converted.
Resources = dict[str, Any]

__all__ = [
    "HIDDEN_TEST_MESSAGE",
    "TIMEOUT_MESSAGE",
    "FeedbackReport",
    "HideHiddenTestErrors",
    "StudentVisibleFeedback",
    "find_leaks",
    "html_text",
    "make_feedback",
]

#: The general message for a failure in a hidden test, in English; the feedback shows it
#: in the language of the kamtools process (catalogue key ``grading_feedback.hidden_test``).
HIDDEN_TEST_MESSAGE = templates(DEFAULT_LANGUAGE)["grading_feedback.hidden_test"]
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython names the frame of a cell "Cell In[12], line 5"; older versions "<ipython-input-..>".
_CELL_FRAME = re.compile(r"(?:Cell In\s*\[\d*\]|<ipython-input-[^>]*>)\D*line (\d+)")


def _hidden_line_numbers(source: str, marks: Markers) -> set[int]:
    numbers = set()
    inside = False
    for number, line in enumerate(source.splitlines(), start=1):
        if marks.begin_hidden in line:
            inside = True
            numbers.add(number)
        elif marks.end_hidden in line:
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

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        self._marks = read_markers(self.config)  # the course's delimiters, read once per notebook
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: NotebookNode, resources: Resources, cell_index: int
    ) -> tuple[NotebookNode, Resources]:
        marks = getattr(self, "_marks", None) or read_markers(self.config)
        meta = cell.metadata.get("nbgrader", {})
        if (
            cell.cell_type != "code"
            or not meta.get("grade")
            or marks.begin_hidden not in cell.source
        ):
            return cell, resources
        hidden = _hidden_line_numbers(cell.source, marks)
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
                        evalue=t("grading_feedback.hidden_test"),
                        traceback=[f"{output.ename}: {t('grading_feedback.hidden_test')}"],
                    )
                else:
                    shown = lines[line - 1].strip()
                    output = NotebookNode(
                        output_type="error",
                        ename=output.ename,
                        evalue=output.evalue,
                        traceback=[
                            t("grading_feedback.check_failed", line=line, check=shown),
                            f"{output.ename}: {output.evalue}",
                        ],
                    )
            outputs.append(output)
        cell.outputs = outputs
        return cell, resources


# --- feedback built from what the student may see -------------------------------------------

#: The message for a cell stopped at the time limit, in English; shown in the language of
#: the kamtools process (catalogue key ``grading_feedback.timeout``).
TIMEOUT_MESSAGE = templates(DEFAULT_LANGUAGE)["grading_feedback.timeout"]
# A value the student's code put into a message is shown only when shorter than this
# (squashed): a fragment that short cannot carry a line of a hidden test (integrity.py).
SHORT_VALUE = 11
_BUILTIN_ERRORS = {n for n in dir(builtins) if n.endswith(("Error", "Exception"))}


def _error_name(ename: str) -> str:
    """The exception's type name when it is one of Python's own, else a neutral word."""
    return ename if ename in _BUILTIN_ERRORS else t("grading_feedback.an_error")


def _visible_map(source: str, marks: Markers) -> dict[int, int]:
    """Line number in the full test source -> line number in the student-visible version."""
    mapping, visible, inside = {}, 0, False
    for number, line in enumerate(source.splitlines(), start=1):
        if marks.begin_hidden in line:
            inside = True
        elif marks.end_hidden in line:
            inside = False
        elif not inside:
            visible += 1
            mapping[number] = visible
    return mapping


class _Templates:
    """The texts a student-visible test can print: its string literals and f-strings."""

    def __init__(self, visible_source: str):
        self.constants: set[str] = set()
        self.patterns: list[tuple[re.Pattern, list[str | None]]] = []
        try:
            tree = ast.parse(visible_source)
        except SyntaxError:
            return
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                self.constants.update(ln.strip() for ln in node.value.splitlines() if ln.strip())
            elif isinstance(node, ast.JoinedStr):
                self.patterns.append(self._pattern(node))

    @staticmethod
    def _pattern(node: ast.JoinedStr) -> tuple[re.Pattern, list[str | None]]:
        parts: list[str | None] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append(None)
        regex = "".join(r"(.*?)" if p is None else re.escape(p) for p in parts)
        return re.compile(rf"\A\s*{regex}\s*\Z", re.S), parts

    def render(self, text: str) -> str | None:
        """``text`` if the visible test can print it (long values replaced by '…'), else None."""
        if text.strip() in self.constants:
            return text.strip()
        for pattern, parts in self.patterns:
            match = pattern.match(text)
            if match:
                values = iter(match.groups())
                shown = []
                for part in parts:
                    if part is not None:
                        shown.append(part)
                        continue
                    value = next(values)
                    shown.append(value if len(_squash(value)) <= SHORT_VALUE else "…")
                return "".join(shown).strip()
        return None

    def message(self, node: ast.Assert | None, evalue: str) -> str:
        """The message of a failed visible ``assert``, from its source text."""
        if node is None or node.msg is None:
            return ""
        msg = node.msg
        if isinstance(msg, ast.Constant) and isinstance(msg.value, str):
            return msg.value
        if isinstance(msg, ast.JoinedStr):
            pattern, parts = self._pattern(msg)
            match = pattern.match(evalue or "")
            values = iter(match.groups()) if match else iter(())
            shown = []
            for part in parts:
                if part is not None:
                    shown.append(part)
                    continue
                value = next(values, None)
                if value is not None and len(_squash(value)) <= SHORT_VALUE:
                    shown.append(value)
                else:
                    shown.append("…")
            return "".join(shown)
        return ""


def _assert_at(visible_source: str, line: int) -> tuple[ast.Assert | None, str]:
    """The visible statement (preferably an ``assert``) that covers ``line``."""
    try:
        tree = ast.parse(visible_source)
    except SyntaxError:
        return None, ""
    best = None
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno <= line <= (node.end_lineno or node.lineno):
            if best is None or node.lineno >= best.lineno:
                best = node
    if best is None:
        return None, ""
    if isinstance(best, ast.Assert):
        return best, ast.get_source_segment(visible_source, best.test) or ""
    return None, (ast.get_source_segment(visible_source, best) or "").splitlines()[0]


def graded_test_outputs(
    source: str, outputs: list, markers: Markers | None = None
) -> list[NotebookNode]:
    """What a student may see of a graded test cell's run (``source``: the full test).

    Built from the student-visible source, not from what ran: printed lines are kept only
    when a visible line of the test can print them (values the student's code chose are
    shown when short); a failed visible check shows that check and its message; a failure
    in a hidden test, or anywhere the visible text does not cover, shows a general message;
    a timeout says so in plain words; nothing else (no results, no rich output) is copied.
    ``markers``: the course's delimiters (default: nbgrader's).
    """
    marks = markers or read_markers()
    visible = student_text(source, marks)
    templates = _Templates(visible)
    mapping = _visible_map(source, marks)
    shown_lines: list[str] = []
    out: list[NotebookNode] = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            for line in str(output.get("text", "")).splitlines():
                if not line.strip():
                    continue
                rendered = templates.render(line)
                if rendered is not None:
                    shown_lines.append(rendered)
        elif kind == "error":
            ename = str(output.get("ename", ""))
            if ename == "CellTimeoutError":
                error = _note_error("Timeout", t("grading_feedback.timeout"))
            else:
                failing = _failing_line(list(output.get("traceback", [])))
                seen = mapping.get(failing) if failing is not None else None
                if seen is None:
                    error = _note_error(_error_name(ename), t("grading_feedback.hidden_test"))
                else:
                    node, check = _assert_at(visible, seen)
                    if node is not None and ename == "AssertionError":
                        message = templates.message(node, str(output.get("evalue", "")))
                        text = t("grading_feedback.check_failed", line=seen, check=check)
                    else:
                        message = ""
                        text = t(
                            "grading_feedback.line_stopped",
                            line=seen,
                            error=_error_name(ename),
                            check=check,
                        )
                    error = NotebookNode(
                        output_type="error",
                        ename=_error_name(ename),
                        evalue=message,
                        traceback=[text] + ([message] if message else []),
                    )
            out.append(error)
    if shown_lines:
        out.insert(
            0, NotebookNode(output_type="stream", name="stdout", text="\n".join(shown_lines) + "\n")
        )
    return out


def _note_error(ename: str, message: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=message, traceback=[message])


def answer_cell_outputs(submitted_outputs: list, graded_outputs: list) -> list[NotebookNode]:
    """Outputs of a cell the student wrote or was given: those of the student's own run.

    The student's notebook was run on the student's machine, where no hidden test exists,
    so its outputs cannot hold one; the outputs of the grading run could (the student's
    code runs next to the hidden tests). From the grading run only the fact that the cell
    stopped is added, in plain words.
    """
    out = [NotebookNode(o) for o in submitted_outputs if isinstance(o, dict)]
    for output in graded_outputs:
        if output.get("output_type") != "error":
            continue
        ename = str(output.get("ename", ""))
        if ename == "CellTimeoutError":
            out.append(_note_error("Timeout", t("grading_feedback.timeout")))
        else:
            name = _error_name(ename)
            out.append(_note_error(name, t("grading_feedback.cell_stopped", error=name)))
    return out


class StudentVisibleFeedback(NbGraderPreprocessor):
    """Rebuild the graded notebook from what the student may see (used for feedback).

    - Test cells: the student version of the source (hidden tests removed, by the same
      rule as the student version; nothing else is searched), outputs from
      :func:`graded_test_outputs`. Their scores come from the gradebook (GetGrades).
    - Every other code cell: its source as graded, the outputs of the student's own
      submitted notebook (:func:`answer_cell_outputs`).
    Markdown cells are left as graded (the student's written answers, the instructions).
    Unlike nbgrader's ClearHiddenTests, marker text a student typed into an answer is
    simply text.
    """

    def preprocess(self, nb: NotebookNode, resources: Resources) -> tuple[NotebookNode, Resources]:
        marks = read_markers(self.config)
        submitted = self._submitted(resources)
        by_id: dict[str, list[Any]] = {}
        by_cell_id: dict[str, list[Any]] = {}
        by_source: dict[str, list[Any]] = {}
        for cell in submitted.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            outputs = cell.get("outputs", [])
            if grade_id:
                by_id.setdefault(grade_id, outputs)
            if cell.get("id"):
                by_cell_id.setdefault(cell["id"], outputs)
            text = cell.get("source", "")
            by_source.setdefault("".join(text) if isinstance(text, list) else text, outputs)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            graded = list(cell.get("outputs", []))
            if meta.get("grade") and not meta.get("solution"):
                cell.outputs = graded_test_outputs(cell.source, graded, marks)
                cell.source = student_text(cell.source, marks)
                continue
            grade_id = meta.get("grade_id")
            if grade_id and grade_id in by_id:
                own = by_id[grade_id]
            elif cell.get("id") in by_cell_id:
                own = by_cell_id[cell.get("id")]
            else:
                own = by_source.get(cell.source, [])
            cell.outputs = answer_cell_outputs(own, graded)
        return nb, resources

    def _submitted(self, resources: Resources) -> dict[str, Any]:
        info = resources.get("nbgrader", {})
        root = Path(self.config.CourseDirectory.get("root", ".") or ".")
        path = (
            root
            / "submitted"
            / str(info.get("student", ""))
            / str(info.get("assignment", ""))
            / f"{info.get('notebook', '')}.ipynb"
        )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def html_text(page: str) -> str:
    """The text a reader sees in an HTML page (tags removed, entities decoded)."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _decoded_views(text: str) -> list[str]:
    """``text`` as a reader could decode it: reversed, and every base64 or hex run decoded."""
    views = [text[::-1]]
    for run in re.findall(r"[A-Za-z0-9+/_-]{16,}={0,2}", text):
        for start in range(4):
            chunk = run[start:].rstrip("=")
            chunk = chunk[: len(chunk) // 4 * 4]
            for decode in (base64.b64decode, base64.urlsafe_b64decode):
                try:
                    raw = decode(chunk + "==")
                except (binascii.Error, ValueError):
                    continue
                views.append(raw.decode("utf-8", "ignore"))
    for run in re.findall(r"(?:[0-9a-fA-F]{2}[\s:]?){12,}", text):
        digits = re.sub(r"[^0-9a-fA-F]", "", run)
        for start in (0, 1):
            part = digits[start:]
            try:
                views.append(bytes.fromhex(part[: len(part) // 2 * 2]).decode("utf-8", "ignore"))
            except ValueError:
                continue
    return views


def find_leaks(
    page: str, test_sources: list[str], public_text: str = "", markers: Markers | None = None
) -> list[str]:
    """Hidden-test lines of ``test_sources`` (source versions) that appear in ``page``,
    as they are or encoded (base64, hex, reversed).

    Lines shorter than a few characters, or part of the visible tests or of
    ``public_text`` (e.g. the student's own answers, which may well repeat a line of a
    hidden test), identify nothing and are not looked for. A second line of defence: the
    feedback is built from what the student may see (:class:`StudentVisibleFeedback`).
    ``markers``: the course's delimiters (default: nbgrader's).
    """
    marks = markers or read_markers()
    plain = html_text(page)
    text = _squash(plain)
    # runs are looked for in the text as shown and without whitespace (wrapped base64)
    views = [_squash(v) for v in _decoded_views(plain) + _decoded_views(text)]
    views += [v[::-1] for v in views[:1]]  # reversed text, read forwards
    public = "\n".join("\n".join(visible_lines(src, marks)) for src in test_sources)
    public += "\n" + public_text
    leaks = []
    for source in test_sources:
        for line in secrets(hidden_lines(source, marks), public):
            if line in text or line[::-1] in text or any(line in view for view in views):
                leaks.append(line)
    return leaks


def _student_text(notebook_path: Path) -> str:
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


def _test_sources(api: NbGraderAPI, assignment: str, marks: Markers) -> list[str]:
    with api.gradebook as gb:
        sources = []
        for nb in gb.find_assignment(assignment).notebooks:
            for cell in nb.source_cells:
                if marks.begin_hidden in (cell.source or ""):
                    sources.append(cell.source)
        return sources


class FeedbackReport(dict[str, list[Path]]):
    """``{student: [feedback files]}`` for the students who got feedback, and in
    ``failures`` ``{student: why not, in plain words}`` for those who did not."""

    def __init__(
        self,
        written: Iterable[tuple[str, list[Path]]] = (),
        failures: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(written)
        self.failures: dict[str, str] = dict(failures or {})

    def summary(self) -> str:
        lines = [f"{len(self.failures)} student(s) got NO feedback:"]
        lines += [f"  {student}: {why}" for student, why in sorted(self.failures.items())]
        return "\n".join(lines)


FEEDBACK_PREPROCESSORS = ("GetGrades", "StudentVisibleFeedback", "CSSHTMLHeaderPreprocessor")


def _use_student_visible_feedback(api: NbGraderAPI) -> None:
    """Feedback built from what the student may see, whatever an older config says."""
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import GetGrades

    api.config.GenerateFeedback.preprocessors = [
        GetGrades,
        StudentVisibleFeedback,
        CSSHTMLHeaderPreprocessor,
    ]


_EXCEPTION_LINE = re.compile(r"(?:^|\s)([A-Za-z_][\w.]*(?:Error|Exception|Warning)):\s*(.+)$")


def _cause(*texts: str) -> str:
    """The real cause in nbgrader's log and error text (the last exception named there,
    not nbgrader's closing "see the above traceback")."""
    found = []
    for text in texts:
        for line in (text or "").splitlines():
            match = _EXCEPTION_LINE.search(line.strip())
            if match and "NbGraderException" not in match.group(1):
                found.append(f"{match.group(1).rsplit('.', 1)[-1]}: {match.group(2).strip()}")
    if found:
        return found[-1][:300]
    lines = [ln.strip() for t in texts for ln in (t or "").splitlines() if ln.strip()]
    lines = [ln for ln in lines if "Please see" not in ln]
    return (lines[-1] if lines else "unknown error")[:300]


def make_feedback(
    course_dir: str | Path,
    assignment: str,
    *,
    students: Iterable[str] | None = None,
    archive: str | Path | None = None,
    release: bool = False,
) -> FeedbackReport:
    """Write feedback HTML for every graded student; one student's problem stops no one else.

    The feedback is built from what the student may see (:class:`StudentVisibleFeedback`)
    and then read back: a file that still shows a hidden test (plain or encoded) is removed
    and that student is listed in ``failures``. Returns a :class:`FeedbackReport`. With
    ``archive`` the files written are zipped as ``<student>/<notebook>.html`` (also when
    some students failed); with ``release`` they go to the exchange.
    """
    course_dir = Path(course_dir)
    api = make_api(course_dir)
    _use_student_visible_feedback(api)
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
    marks = read_markers(api.config)
    tests = _test_sources(api, assignment, marks)
    report = FeedbackReport()
    for student in graded:
        try:
            result = api.generate_feedback(assignment, student, force=True)
        except Exception as exc:  # nbgrader normally reports, but never let one stop all
            result = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
        if not result["success"]:
            report.failures[student] = (
                f"nbgrader could not write the feedback: "
                f"{_cause(result.get('log', ''), result.get('error', ''))} "
                f"(full log: kamtools feedback {assignment} --student {student})"
            )
            continue
        files = sorted((course_dir / "feedback" / student / assignment).glob("*.html"))
        for path in files:
            graded_nb = course_dir / "autograded" / student / assignment / f"{path.stem}.ipynb"
            try:
                own = _student_text(graded_nb) if graded_nb.exists() else ""
            except (OSError, ValueError, KeyError):
                own = ""
            leaks = find_leaks(path.read_text(encoding="utf-8"), tests, own, marks)
            if leaks:
                path.unlink()
                report.failures[student] = (
                    f"{path.name} showed hidden test text, so it was deleted and not handed "
                    f"out (e.g. {leaks[0][:60]!r}); report this to the kamtools maintainers"
                )
        kept = [p for p in files if p.exists()]
        if kept:
            report[student] = kept
    if archive is not None:
        archive = Path(archive)
        archive.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
            for student, files in report.items():
                for path in files:
                    out.write(path, f"{student}/{path.name}")
    if release:
        for student in report.failures:  # never release a file that was not checked
            for path in (course_dir / "feedback" / student / assignment).glob("*.html"):
                path.unlink()
        result = api.release_feedback(assignment)
        if not result["success"]:
            raise GradingError(f"feedback: release to the exchange failed:\n{result['error']}")
    return report
