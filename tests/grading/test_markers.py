"""Solution and hidden-test delimiters come from nbgrader's configuration (ClearSolutions,
ClearHiddenTests), not from strings written into kamtools: a course that sets its own is
honoured by every leak check and by the feedback. No kernel needed."""

from __future__ import annotations

import json

import nbformat
import pytest
from traitlets.config import Config

from kamtools.errors import GradingError
from kamtools.grading.distribute import student_version_leaks
from kamtools.grading.expected import fixed_calls
from kamtools.grading.feedback import (
    HIDDEN_TEST_MESSAGE,
    HideHiddenTestErrors,
    StudentVisibleFeedback,
    find_leaks,
    graded_test_outputs,
)
from kamtools.grading.integrity import (
    hidden_lines,
    solution_lines,
    student_text,
    submission_changes,
    visible_lines,
)
from kamtools.grading.markers import Markers, markers

CUSTOM = {
    "ClearSolutions": {
        "begin_solution_delimeter": "### BEGIN ANSWER",
        "end_solution_delimeter": "### END ANSWER",
        "code_stub": {"python": "# your answer\nraise NotImplementedError"},
    },
    "ClearHiddenTests": {
        "begin_test_delimeter": "### BEGIN SECRET CHECKS",
        "end_test_delimeter": "### END SECRET CHECKS",
    },
}

TEST_CELL = """assert 0 <= share <= 1, "share should be a fraction between 0 and 1"
### BEGIN SECRET CHECKS
assert abs(share - 0.8123) < 1e-9, "secret tolerance check"
### END SECRET CHECKS"""

SOLUTION_CELL = """### BEGIN ANSWER
share = revenue.nlargest(20).sum() / revenue.sum()
### END ANSWER"""


@pytest.fixture
def custom() -> Markers:
    return markers(Config(CUSTOM))


def test_defaults_are_nbgraders_own():
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    m = markers()
    assert m.solution == (
        ClearSolutions.begin_solution_delimeter.default_value,
        ClearSolutions.end_solution_delimeter.default_value,
    )
    assert m.hidden == (
        ClearHiddenTests.begin_test_delimeter.default_value,
        ClearHiddenTests.end_test_delimeter.default_value,
    )
    assert m.code_stub == ClearSolutions().code_stub["python"]
    assert markers(Config()) == m  # a config that is silent keeps the defaults


def test_a_config_with_custom_delimiters_is_honoured(custom):
    assert custom.solution == ("### BEGIN ANSWER", "### END ANSWER")
    assert custom.hidden == ("### BEGIN SECRET CHECKS", "### END SECRET CHECKS")
    assert custom.code_stub == "# your answer\nraise NotImplementedError"
    assert custom.text_stub == markers().text_stub  # not set: nbgrader's default


def test_only_what_the_config_sets_changes():
    config = Config({"ClearSolutions": {"begin_solution_delimeter": "### BEGIN ANSWER"}})
    m = markers(config)
    assert m.begin_solution == "### BEGIN ANSWER"
    assert (m.end_solution, m.hidden) == (markers().end_solution, markers().hidden)


def test_an_old_style_code_stub_string_is_read_and_the_config_left_alone():
    config = Config({"ClearSolutions": {"code_stub": "# answer here"}})
    assert markers(config).code_stub == "# answer here"
    assert config.ClearSolutions.code_stub == "# answer here"  # not rewritten to a dict


def test_the_course_config_file_is_read(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        'c.ClearSolutions.begin_solution_delimeter = "### BEGIN ANSWER"\n'
        'c.ClearHiddenTests.end_test_delimeter = "### END SECRET CHECKS"\n',
        encoding="utf-8",
    )
    m = markers(tmp_path)
    assert m.begin_solution == "### BEGIN ANSWER"
    assert m.end_hidden == "### END SECRET CHECKS"
    assert m.begin_hidden == markers().begin_hidden


def test_integrity_regions_follow_the_markers(custom):
    assert solution_lines(SOLUTION_CELL, custom) == [
        "share = revenue.nlargest(20).sum() / revenue.sum()"
    ]
    assert hidden_lines(TEST_CELL, custom) == [
        'assert abs(share - 0.8123) < 1e-9, "secret tolerance check"'
    ]
    assert visible_lines(TEST_CELL, custom) == [
        'assert 0 <= share <= 1, "share should be a fraction between 0 and 1"'
    ]
    assert "0.8123" not in student_text(TEST_CELL, custom)
    # With nbgrader's default delimiters the custom ones are plain text: nothing is hidden.
    assert hidden_lines(TEST_CELL) == [] and solution_lines(SOLUTION_CELL) == []


def test_default_markers_match_lines_that_contain_them():
    source = "x = 1\n# BEGIN HIDDEN TESTS (any comment style)\nassert x == 1\n# END HIDDEN TESTS"
    assert hidden_lines(source) == ["assert x == 1"]  # as nbgrader's ClearHiddenTests does


def test_submission_changes_compare_with_the_student_version(custom):
    honest = {
        "cells": [
            {
                "source": visible_lines(TEST_CELL, custom)[0],
                "metadata": {"nbgrader": {"grade_id": "test_share"}},
            }
        ]
    }
    locked = {"test_share": TEST_CELL}
    assert submission_changes("nb", locked, {"test_share"}, honest, custom) == []
    assert submission_changes("nb", locked, {"test_share"}, honest)  # wrong markers: "edited"


def test_find_leaks_uses_the_markers(custom):
    page = "<pre>assert abs(share - 0.8123) &lt; 1e-9, &quot;secret tolerance check&quot;</pre>"
    assert find_leaks(page, [TEST_CELL], markers=custom)
    assert find_leaks(page, [TEST_CELL]) == []  # nothing is hidden under the defaults


def test_graded_test_outputs_hide_the_custom_region(custom):
    error = nbformat.v4.new_output(
        "error",
        ename="AssertionError",
        evalue="secret tolerance check",
        traceback=["Cell In[3], line 3", "AssertionError: secret tolerance check"],
    )
    shown = graded_test_outputs(TEST_CELL, [error], custom)
    assert shown[0].evalue == HIDDEN_TEST_MESSAGE
    assert "0.8123" not in json.dumps(shown)


def _test_cell() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(TEST_CELL)
    cell.metadata.nbgrader = {"grade": True, "solution": False, "grade_id": "test_share"}
    cell.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="AssertionError",
            evalue="secret tolerance check",
            traceback=["Cell In[3], line 3", "AssertionError: secret tolerance check"],
        )
    ]
    return cell


def test_preprocessors_read_the_markers_of_their_config(tmp_path):
    hide = HideHiddenTestErrors(config=Config(CUSTOM))
    cell, _ = hide.preprocess_cell(_test_cell(), {}, 0)
    assert cell.outputs[0].evalue == HIDDEN_TEST_MESSAGE

    nb = nbformat.v4.new_notebook(cells=[_test_cell()])
    config = Config(CUSTOM)
    config.CourseDirectory.root = str(tmp_path)
    nb, _ = StudentVisibleFeedback(config=config).preprocess(nb, {"nbgrader": {}})
    assert "0.8123" not in nb.cells[0].source
    assert "0.8123" not in json.dumps(nb.cells[0].outputs)


def test_fixed_calls_must_be_inside_the_configured_hidden_region(custom):
    source = TEST_CELL.replace("0.8123", "fixed(kt.top_share(revenue, 0.2))")
    assert len(fixed_calls(source, "test_share", custom)) == 1
    with pytest.raises(GradingError, match="outside the hidden tests"):
        fixed_calls(source, "test_share")


def test_student_version_leaks_use_the_markers(tmp_path, custom):
    solution = nbformat.v4.new_code_cell(SOLUTION_CELL)
    solution.metadata.nbgrader = {"solution": True, "grade": False, "grade_id": "answer"}
    test = nbformat.v4.new_code_cell(TEST_CELL)
    test.metadata.nbgrader = {"grade": True, "solution": False, "grade_id": "test_share"}
    source = tmp_path / "source.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[solution, test]), source)
    leaky = tmp_path / "student.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[solution, test]), leaky)
    assert student_version_leaks(source, leaky, custom)
    clean = tmp_path / "clean.ipynb"
    stub = nbformat.v4.new_code_cell(custom.code_stub)
    visible = nbformat.v4.new_code_cell(student_text(TEST_CELL, custom))
    nbformat.write(nbformat.v4.new_notebook(cells=[stub, visible]), clean)
    assert student_version_leaks(source, clean, custom) == []


def test_kam_academy_course_config_is_read():
    from pathlib import Path

    course = Path(__file__).resolve().parents[2] / "exercises"
    m = markers(course)
    assert m.code_stub.startswith("# YOUR ANSWER HERE")  # set in exercises/nbgrader_config.py
    assert m.hidden == markers().hidden  # the course keeps nbgrader's delimiters
