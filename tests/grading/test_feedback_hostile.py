"""Feedback for a hostile class, with real nbgrader on 'pareto'.

A student's code runs next to the hidden tests when it is graded: IPython's ``In`` holds the
source of every cell run so far, hidden tests included. The snooping student prints it in
plain text, base64, hex and reversed, from an answer, from a function the tests call, and
in an error message. Feedback is built from what the student may see, so none of it comes
back. A student who types the hidden-test marker into an answer, and one whose function
hangs inside a test cell, get their feedback like everyone else.
"""

from __future__ import annotations

import copy
import json
import shutil
import zipfile

import pytest
from _synthetic_class import (
    grade_test_cells,
    make_course,
    meta,
    read,
    solved,
    text,
    write,
)

from kamtools.cli import main
from kamtools.grading import distribute, feedback, grade
from kamtools.grading.feedback import html_text
from kamtools.grading.integrity import hidden_lines, visible_lines

pytestmark = pytest.mark.slow

ASSIGNMENT = "pareto"
NOTEBOOK = "pareto.ipynb"
TIMEOUT = 8  # seconds per answer or test cell: the hanging function costs this much

SNOOP = r"""import base64

_everything = "\n".join(In)  # every cell run so far, hidden tests included
print(_everything)
print(base64.b64encode(_everything.encode()).decode())
print(_everything.encode().hex())
print(_everything[::-1])
"""
SNOOPING_FUNCTION = r'''def equivalent_customers(values):
    """Return the number of equal-sized customers with the same concentration: 1 / HHI."""
    import base64

    print(base64.b64encode("\n".join(In).encode()).decode())
    print("\n".join(In)[::-1])
    return 1 / kt.hhi(values)
'''
HANGING_FUNCTION = '''def equivalent_customers(values):
    """Return the number of equal-sized customers with the same concentration: 1 / HHI."""
    while True:
        pass
'''


def _cell(nb, grade_id):
    return next(c for c in nb["cells"] if meta(c).get("grade_id") == grade_id)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("hostile") / "course", [ASSIGNMENT])
    distribute.generate(root, ASSIGNMENT)
    release = read(root / "release" / ASSIGNMENT / NOTEBOOK)
    full = solved(release, read(root / "source" / ASSIGNMENT / NOTEBOOK))
    write(root, ASSIGNMENT, "honest", NOTEBOOK, full)

    snoop = copy.deepcopy(full)
    _cell(snoop, "equivalent_customers")["source"] = SNOOPING_FUNCTION
    answer = _cell(snoop, "answer_d2")
    answer["source"] = text(answer) + '\nraise ValueError("\\n".join(In)[-4000:])\n'
    snoop["cells"].append(
        {
            "cell_type": "code",
            "metadata": {},
            "source": SNOOP,
            "outputs": [],
            "execution_count": None,
        }
    )
    write(root, ASSIGNMENT, "snoop", NOTEBOOK, snoop)

    marker = copy.deepcopy(full)
    answer = _cell(marker, "top20_share")
    answer["source"] = "# ### BEGIN HIDDEN TESTS  (what is hidden here?)\n" + text(answer)
    write(root, ASSIGNMENT, "marker", NOTEBOOK, marker)

    hanging = copy.deepcopy(full)
    _cell(hanging, "equivalent_customers")["source"] = HANGING_FUNCTION
    write(root, ASSIGNMENT, "hanging", NOTEBOOK, hanging)

    report = grade.grade_class(
        ASSIGNMENT, course_dir=root, jobs=2, timeout=TIMEOUT, progress=False, warn=lambda m: None
    )
    return root, report


@pytest.fixture(scope="module")
def made(course, tmp_path_factory):
    root, _ = course
    archive = tmp_path_factory.mktemp("fb") / "feedback.zip"
    return feedback.make_feedback(root, ASSIGNMENT, archive=archive), archive


def _page(made, student) -> str:
    written, _ = made
    return html_text(written[student][0].read_text(encoding="utf-8"))


def _squashed(value: str) -> str:
    return "".join(value.split())


def _hidden_lines(root) -> list[str]:
    """Hidden test lines as graded (values fixed at generation included), from the gradebook,
    that are not also a visible line somewhere (``for label in ["A", "B", "C"]`` is both)."""
    from nbgrader.api import Gradebook

    hidden, public = [], []
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for cell in gb.find_notebook(NOTEBOOK[:-6], ASSIGNMENT).source_cells:
            hidden += hidden_lines(cell.source or "")
            public += visible_lines(cell.source or "")
    public = [_squashed(ln) for ln in public if ln.strip()]
    lines = [_squashed(ln) for ln in hidden]
    return [ln for ln in lines if len(ln) >= 20 and not any(ln in p for p in public)]


def test_everyone_is_graded_and_gets_feedback_in_the_zip(course, made):
    _, report = course
    assert {r.student: r.status for r in report.results} == dict.fromkeys(
        ["hanging", "honest", "marker", "snoop"], "graded"
    )
    written, archive = made
    assert written.failures == {}
    assert sorted(written) == ["hanging", "honest", "marker", "snoop"]
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == [
            f"{s}/{ASSIGNMENT}.html" for s in ["hanging", "honest", "marker", "snoop"]
        ]


def test_the_snooping_was_real_in_the_grading_run_and_is_flagged(course):
    root, report = course
    flags = {r.student: r.flags for r in report.results}
    assert any("reads the cells run before it (In" in f for f in flags["snoop"]), flags
    assert flags["honest"] == flags["marker"] == flags["hanging"] == []
    graded = read(root / "autograded" / "snoop" / ASSIGNMENT / NOTEBOOK)
    printed = "\n".join(
        str(o.get("text", "")) for c in graded["cells"] for o in c.get("outputs", [])
    )
    assert "### BEGIN HIDDEN TESTS" in printed  # the attack did read the hidden tests
    assert any(line in _squashed(printed) for line in _hidden_lines(root))


def test_snooped_text_never_reaches_the_feedback(course, made):
    root, _ = course
    page = _page(made, "snoop")
    squashed = _squashed(page)
    assert "HIDDEN TESTS" not in page
    for line in _hidden_lines(root):
        assert line not in squashed, line
        assert line[::-1] not in squashed, line
    # nothing the student's code printed while graded (plain, base64, hex, reversed) is
    # shown, except lines anyone may see: the student's own code and the student version
    public = "".join(
        _squashed(text(c))
        for nb in (
            read(root / "submitted" / "snoop" / ASSIGNMENT / NOTEBOOK),
            read(root / "release" / ASSIGNMENT / NOTEBOOK),
        )
        for c in nb["cells"]
    )
    graded = read(root / "autograded" / "snoop" / ASSIGNMENT / NOTEBOOK)
    checked = 0
    for cell in graded["cells"]:
        for output in cell.get("outputs", []):
            for line in str(output.get("text", output.get("evalue", ""))).splitlines():
                line = _squashed(line)[:200]
                if len(line) >= 40 and line not in public:
                    checked += 1
                    assert line not in squashed, line[:80]
    assert checked >= 4  # the plain, base64, hex and reversed dumps at least
    # the error the snooping answer raised is told in plain words, without its message
    assert "this cell stopped with ValueError" in page


def test_the_full_hidden_cell_source_is_not_in_any_feedback(course, made):
    root, _ = course
    source = read(root / "source" / ASSIGNMENT / NOTEBOOK)
    for student in ["honest", "marker", "hanging", "snoop"]:
        squashed = _squashed(_page(made, student))
        for cell in grade_test_cells(source):
            for line in hidden_lines(text(cell)):
                if len(_squashed(line)) >= 20 and "fixed(" in line:
                    assert _squashed(line) not in squashed, (student, line)


def test_marker_text_in_an_answer_is_just_text(course, made):
    _, report = course
    marker = next(r for r in report.results if r.student == "marker")
    honest = next(r for r in report.results if r.student == "honest")
    assert marker.auto_score == honest.auto_score == 19
    assert "what is hidden here?" in _page(made, "marker")  # the student's own comment


def test_a_test_cell_that_timed_out_reads_as_a_timeout(course, made):
    _, report = course
    hanging = next(r for r in report.results if r.student == "hanging")
    assert "test_equivalent_customers" in hanging.timeouts
    page = " ".join(_page(made, "hanging").split())
    assert "ran longer than the time limit" in page
    assert "endless loop" in page
    assert "CellTimeoutError" not in page
    assert "did not pass: except" not in page  # (the visible test code itself has one)


def test_the_hanging_function_costs_only_its_own_check(course, made):
    _, report = course
    hanging = next(r for r in report.results if r.student == "hanging")
    assert hanging.auto_score == 19 - 4  # equivalent_customers is worth 4 points
    page = " ".join(_page(made, "hanging").split())
    assert "Score: 0.0 / 4.0" in page


def test_one_broken_student_stops_no_one_else(course, tmp_path, capsys):
    root, _ = course
    copy_root = tmp_path / "course"
    shutil.copytree(root, copy_root)
    broken = copy_root / "autograded" / "marker" / ASSIGNMENT / NOTEBOOK
    broken.write_text("{ this is not a notebook", encoding="utf-8")
    archive = tmp_path / "feedback.zip"
    capsys.readouterr()
    code = main(["--course-dir", str(copy_root), "feedback", ASSIGNMENT, "--zip", str(archive)])
    captured = capsys.readouterr()
    assert code == 1
    assert "1 student(s) got NO feedback" in captured.err
    line = next(ln for ln in captured.err.splitlines() if ln.strip().startswith("marker:"))
    assert "Traceback" not in line and "Please see" not in line
    assert "NotJSONError" in line  # the real cause: the graded notebook is not JSON
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == [
            f"{s}/{ASSIGNMENT}.html" for s in ["hanging", "honest", "snoop"]
        ]
    assert json.loads(json.dumps(sorted(zipped.namelist())))  # zip made despite the failure
