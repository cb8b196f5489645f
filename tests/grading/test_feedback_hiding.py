"""Feedback hiding on hand-made cells (no kernel needed): the student-visible rebuild, the
earlier HideHiddenTestErrors, and the leak check with encoded copies."""

from __future__ import annotations

import nbformat
import pytest

from kamtools.grading.feedback import HIDDEN_TEST_MESSAGE, HideHiddenTestErrors, find_leaks

SOURCE = '''"""Check that share is a fraction."""
assert 0 <= share <= 1, "share should be a fraction between 0 and 1"
### BEGIN HIDDEN TESTS
assert abs(share - kt.top_share(revenue, 0.2)) < 1e-9, "secret tolerance check"
### END HIDDEN TESTS'''


def _cell(line: int, ename="AssertionError", evalue="secret tolerance check", streams=()):
    cell = nbformat.v4.new_code_cell(SOURCE)
    cell.metadata.nbgrader = {
        "grade": True,
        "solution": False,
        "locked": True,
        "points": 2,
        "grade_id": "test_share",
        "schema_version": 3,
    }
    tb = [
        "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
        f"\x1b[0;31m{ename}\x1b[0m                            Traceback (most recent call last)",
        f"Cell \x1b[0;32mIn[7], line {line}\x1b[0m\n\x1b[1;32m      2\x1b[0m assert 0 <= share <= 1\n"
        f'\x1b[1;32m----> 4\x1b[0m assert abs(share - kt.top_share(revenue, 0.2)) < 1e-9, "secret tolerance check"',
        f"\x1b[0;31m{ename}\x1b[0m: {evalue}",
    ]
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="debug kt.top_share(revenue, 0.2)")
    ]
    cell.outputs += [nbformat.v4.new_output(o, name="stderr", text=t) for o, t in streams]
    cell.outputs.append(nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=tb))
    return cell


def _run(cell):
    out, _ = HideHiddenTestErrors().preprocess_cell(cell, {}, 0)
    return out


def test_failure_on_a_hidden_line_shows_only_a_general_message():
    cell = _run(_cell(line=4))
    assert [o.output_type for o in cell.outputs] == ["error"]
    error = cell.outputs[0]
    assert error.ename == "AssertionError"
    assert error.evalue == HIDDEN_TEST_MESSAGE
    assert "secret" not in "".join(error.traceback)
    assert "top_share(revenue" not in "".join(error.traceback)


def test_failure_on_a_visible_line_keeps_its_message_and_line():
    cell = _run(_cell(line=2, evalue="share should be a fraction between 0 and 1"))
    error = cell.outputs[0]
    assert error.evalue == "share should be a fraction between 0 and 1"
    text = "\n".join(error.traceback)
    assert "line 2" in text and "assert 0 <= share <= 1" in text
    assert "secret" not in text  # the neighbouring hidden line IPython printed is gone


def test_unknown_location_is_treated_as_hidden():
    cell = _cell(line=4)
    cell.outputs[-1].traceback = ["something without a cell frame"]
    assert _run(cell).outputs[0].evalue == HIDDEN_TEST_MESSAGE


def test_cells_without_hidden_tests_are_left_alone():
    cell = _cell(line=2)
    cell.source = '"""Check."""\nassert 0 <= share <= 1'
    before = [dict(o) for o in cell.outputs]
    assert [dict(o) for o in _run(cell).outputs] == before


def test_partial_credit_result_survives():
    cell = _cell(line=4)
    cell.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=3)
    ]
    assert _run(cell).outputs[0].output_type == "execute_result"


def test_find_leaks_sees_hidden_lines_through_html_markup():
    page = (
        '<div><span class="n">assert</span> <span class="nb">abs</span>(share - '
        "kt.top_share(revenue, 0.2)) &lt; 1e-9, &quot;secret tolerance check&quot;</div>"
    )
    assert find_leaks(page, [SOURCE])
    assert find_leaks("<p>assert 0 &lt;= share &lt;= 1</p>", [SOURCE]) == []


# --- feedback built from what the student may see (StudentVisibleFeedback) -------------------

import base64  # noqa: E402
import html as _html  # noqa: E402

from kamtools.grading.feedback import (  # noqa: E402
    TIMEOUT_MESSAGE,
    answer_cell_outputs,
    graded_test_outputs,
)

PARTIAL = '''"""Check the roles (1 point each)."""
given = {p: str(roles.get(p, "")).strip().upper() for p in [1, 2]}
for person, letter in given.items():
    assert letter in ["", "A", "B"], (
        f"The role of person {person} should be one letter, not {letter!r}."
    )
    if not letter:
        print(f"Person {person}: no letter yet.")
### BEGIN HIDDEN TESTS
key = {1: "A", 2: "B"}
print("hidden key", key)
earned = sum(int(given[p] == k) for p, k in key.items())
### END HIDDEN TESTS
earned'''


def _error(line, ename="AssertionError", evalue=""):
    tb = [f"Cell \x1b[0;32mIn[9], line {line}\x1b[0m\n----> {line} ...", f"{ename}: {evalue}"]
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=tb)


def _stream(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def test_printed_lines_are_kept_only_when_a_visible_line_prints_them():
    outputs = [_stream("Person 2: no letter yet.\nhidden key {1: 'A', 2: 'B'}\nanything else\n")]
    shown = graded_test_outputs(PARTIAL, outputs)
    assert [o.output_type for o in shown] == ["stream"]
    assert shown[0].text == "Person 2: no letter yet.\n"


def test_a_long_value_the_student_chose_is_not_echoed_in_a_message():
    secret = "key = {1: 'A', 2: 'B'}  # whatever the student's code found"
    evalue = f"The role of person 1 should be one letter, not {secret!r}."
    shown = graded_test_outputs(PARTIAL, [_error(4, evalue=evalue)])
    text = "\n".join(shown[0].traceback) + shown[0].evalue
    assert "The check on line 4 did not pass: letter in" in text
    assert "The role of person 1 should be one letter, not …." in text
    assert "whatever" not in text
    short = graded_test_outputs(PARTIAL, [_error(4, evalue="... not 'Z'.")])
    assert "not 'Z'." not in short[0].evalue  # no match with the template: value left out
    exact = "The role of person 2 should be one letter, not 'Z'."
    assert graded_test_outputs(PARTIAL, [_error(4, evalue=exact)])[0].evalue == exact


def test_an_error_in_the_hidden_part_or_unknown_place_is_general():
    for line in (12, None):
        error = _error(line or 1, ename="KeyError", evalue="'secret'")
        if line is None:
            error.traceback = ["no cell frame"]
        shown = graded_test_outputs(PARTIAL, [error])
        assert shown[0].evalue == HIDDEN_TEST_MESSAGE
        assert "secret" not in str(shown)


def test_a_timeout_reads_as_a_timeout():
    error = _error(
        10, ename="CellTimeoutError", evalue="A cell timed out while it was being executed"
    )
    error.traceback = ["except Exception:", "CellTimeoutError: A cell timed out"]
    shown = graded_test_outputs(PARTIAL, [error])
    assert shown[0].evalue == TIMEOUT_MESSAGE
    assert "CellTimeoutError" not in str(shown) and "except" not in str(shown)
    answer = answer_cell_outputs([], [error])
    assert answer[0].evalue == TIMEOUT_MESSAGE


def test_answer_cells_show_the_students_own_run_only():
    own = [_stream("what I saw at home\n")]
    graded = [_stream("### BEGIN HIDDEN TESTS leaked at grading\n"), _error(1, "ValueError", "x")]
    shown = answer_cell_outputs(own, graded)
    assert shown[0].text == "what I saw at home\n"
    assert "leaked" not in str(shown)
    assert "stopped with ValueError" in shown[1].evalue


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: base64.b64encode(t.encode()).decode(),
        lambda t: "xyz" + base64.b64encode(b"ab" + t.encode()).decode(),
        lambda t: base64.encodebytes(t.encode()).decode(),  # wrapped every 76 characters
        lambda t: t.encode().hex(),
        lambda t: t.encode().hex(" "),
        lambda t: t[::-1],
        lambda t: t,
    ],
)
def test_find_leaks_sees_encoded_copies(encode):
    page = f"<pre>{_html.escape(encode(SOURCE))}</pre>"
    assert find_leaks(page, [SOURCE])


def test_find_leaks_ignores_ordinary_encoded_text():
    page = f"<pre>{base64.b64encode(b'my own notes about top share, nothing more').decode()}</pre>"
    assert find_leaks(page, [SOURCE]) == []
