"""HideHiddenTestErrors and the leak check, on hand-made cells (no kernel needed)."""

from __future__ import annotations

import nbformat

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
