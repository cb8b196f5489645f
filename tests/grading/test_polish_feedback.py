"""Feedback on a Polish assignment speaks Polish: the framing texts kamtools writes into the
feedback (a hidden test did not pass, the check on line N, the cell that stopped while
grading, the time limit) come from the message catalogue, section ``grading_feedback``, in
the language of the instructor's kamtools process. The Polish course root's
``nbgrader_config.py`` sets ``KAMTOOLS_LANG=pl`` for it.

The slow test makes a Polish course root from a copy of one assignment (as
test_polish_assignments.py does), grades a submission that fails in four ways and reads the
feedback page.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from _synthetic_class import EXERCISES, read, solved
from nbformat.notebooknode import NotebookNode

import kamtools as kt
from kamtools.cli import main
from kamtools.grading.feedback import (
    HIDDEN_TEST_MESSAGE,
    TIMEOUT_MESSAGE,
    answer_cell_outputs,
    graded_test_outputs,
    html_text,
)
from kamtools.messages import templates

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import build_translations as bt  # noqa: E402
import po_files  # noqa: E402

NAME = "pareto"

#: The English framing sentences of the feedback: none may be left in Polish feedback.
ENGLISH_FRAMING = [
    "A hidden test did not pass",
    "Hidden tests check your answer",
    "The check on line",
    "did not pass:",
    r"Line \d+ stopped with",
    "When your notebook was graded",
    "this cell stopped with",
    "Run the notebook from the top",
    "ran longer than the time limit",
]


def _english_left(text: str) -> list[str]:
    return [p for p in ENGLISH_FRAMING if re.search(p, text)]


@pytest.fixture
def polish(monkeypatch):
    """kamtools' process in Polish, as the Polish course root's configuration makes it."""
    kt.set_language(None)
    monkeypatch.setenv("KAMTOOLS_LANG", "pl")
    yield
    kt.set_language(None)


# ------------------------------------------------------------- the texts, without nbgrader
TEST_SOURCE = (
    "assert 0 <= share <= 1, 'share is a fraction'\n"
    "value = int(share)\n"
    "### BEGIN HIDDEN TESTS\n"
    "assert share == 0.42\n"
    "### END HIDDEN TESTS\n"
)


def _error(ename: str, line: int) -> NotebookNode:
    return NotebookNode(
        output_type="error",
        ename=ename,
        evalue="x",
        traceback=[f"Cell In[3], line {line}\n", f"{ename}: x"],
    )


def test_the_english_constants_are_the_catalogue_s_english():
    english = templates("en")
    assert HIDDEN_TEST_MESSAGE == english["grading_feedback.hidden_test"]
    assert TIMEOUT_MESSAGE == english["grading_feedback.timeout"]


def test_test_cell_outputs_are_polish(polish):
    polish_texts = templates("pl")
    checked = graded_test_outputs(TEST_SOURCE, [_error("AssertionError", 1)])
    assert checked[0].traceback[0] == "Sprawdzenie w wierszu 1 nie przeszło: 0 <= share <= 1"
    stopped = graded_test_outputs(TEST_SOURCE, [_error("ValueError", 2)])
    assert stopped[0].traceback[0] == (
        "Wykonanie wiersza 2 przerwał błąd ValueError: value = int(share)"
    )
    unnamed = graded_test_outputs(TEST_SOURCE, [_error("SecretError", 2)])
    assert "przerwał błąd nieznanego typu" in unnamed[0].traceback[0]
    hidden = graded_test_outputs(TEST_SOURCE, [_error("AssertionError", 4)])
    assert hidden[0].evalue == polish_texts["grading_feedback.hidden_test"]
    timeout = graded_test_outputs(TEST_SOURCE, [_error("CellTimeoutError", 1)])
    assert timeout[0].evalue == polish_texts["grading_feedback.timeout"]
    answer = answer_cell_outputs([], [_error("RuntimeError", 1)])
    assert answer[0].evalue.startswith("Podczas oceniania twojego notatnika tę komórkę przerwał")
    every = " ".join(
        " ".join(o.traceback) + o.evalue
        for o in checked + stopped + unnamed + hidden + timeout + answer
    )
    assert _english_left(every) == []


# ---------------------------------------------------- a Polish course root, graded for real
@pytest.fixture
def exercises(tmp_path: Path) -> Path:
    """A copy of exercises/ with one assignment and its Polish catalogue (English texts in
    it: the feedback's framing is kamtools', not the assignment's)."""
    root = tmp_path / "exercises"
    (root / "source").mkdir(parents=True)
    shutil.copy2(EXERCISES / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(EXERCISES / "source" / NAME, root / "source" / NAME)
    path = bt.assignment_catalogue_path("pl", NAME, root)
    path.parent.mkdir(parents=True)
    path.write_bytes(bt.update_assignment("pl", NAME, root))
    english = nbformat.read(EXERCISES / "source" / NAME / f"{NAME}.ipynb", as_version=4)
    texts = {c["id"]: c.source for c in english.cells if c["id"] and c.source.strip()}
    texts[english.cells[0]["id"]] = "# Zadanie: Pareto i koncentracja klientów"
    catalogue = bt.read_catalogue(path, "pl")
    for message in catalogue:
        if message.context in texts:
            message.string = texts[message.context]
    path.write_bytes(po_files.render(catalogue))
    bt.build_assignments("pl", root)
    return root


@pytest.mark.slow
def test_feedback_of_a_failing_polish_submission_is_framed_in_polish(exercises, polish, capsys):
    course = exercises / "pl"
    assert main(["--course-dir", str(course), "generate", NAME]) == 0
    release = read(course / "release" / NAME / f"{NAME}.ipynb")
    source = read(course / "source" / NAME / f"{NAME}.ipynb")
    student = solved(
        release,
        source,
        {
            "top20_share": 'top20_share = kt.top_share(revenue, 0.2, negative="zero") * 100\n',
            "top1_share": 'raise RuntimeError("mój błąd")\n',  # the cell stops while grading
            "answer_d1": 'answer_d1 = "C"\n',  # right form, wrong letter: the hidden test
        },
    )
    upload = exercises.parent / "submissions.zip"
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr(f"ola/{NAME}.ipynb", json.dumps(student))
    assert main(["--course-dir", str(course), "collect", NAME, "--zip", str(upload)]) == 0
    code = main(["--course-dir", str(course), "grade", NAME, "--jobs", "1", "--no-progress"])
    assert code == 0, capsys.readouterr().out
    assert main(["--course-dir", str(course), "feedback", NAME]) == 0
    page = (course / "feedback" / "ola" / NAME / f"{NAME}.html").read_text(encoding="utf-8")
    shown = " ".join(html_text(page).split())
    polish_texts = templates("pl")
    # the visible check on top20_share (its own message stays the assignment's text)
    assert re.search(r"Sprawdzenie w wierszu \d+ nie przeszło: not 1 < top20_share", shown)
    # the hidden test on answer_d1
    assert " ".join(polish_texts["grading_feedback.hidden_test"].split()) in shown
    # the answer cell that stopped, and its test cell
    assert "Podczas oceniania twojego notatnika tę komórkę przerwał błąd RuntimeError" in shown
    assert re.search(r"Wykonanie wiersza \d+ przerwał błąd NameError", shown)
    assert _english_left(shown) == [], _english_left(shown)
    # nbgrader's own labels come from the Polish feedback template (templates/feedback)
    assert '<html lang="pl">' in page
    assert "Punkty:" in shown and "Odpowiedź" in shown and "Komórka testowa" in shown
    for english in ("Score:", "Student's answer", "Test cell", "Grade cell"):
        assert english not in shown, english
