"""A learner's week in the browser: each problem a new hire met, reproduced as they met it.

The lab here is configured as ``make lab`` configures the learners' lab (see conftest.py).
Coming back the next day (a reopened notebook) is tested in test_widgets_in_lab.py; what a
learner types surviving a kernel restart in tests/test_drafts.py; ``make lab`` itself (the
link it prints, the file browser) in tests/test_lab_server.py.
"""

from __future__ import annotations

import os
import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:
    if os.environ.get("CI"):
        raise
    pytest.skip("Playwright is not installed: pip install -e '.[test]'", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180), pytest.mark.flaky(reruns=1)]


def _empty_progress_store(lab) -> None:
    for path in lab.progress_db.parent.glob(f"{lab.progress_db.name}*"):
        path.unlink()


def test_no_nbgrader_button_misleads_a_learner(notebook):
    """Problem 2: *Validate* said "Success!" on wrong answers; *Assignments* said "Error
    fetching courses!"."""
    notebook.open("self_check.ipynb").run_all()
    page = notebook.page
    expect(page.get_by_role("menuitem", name="Run", exact=True)).to_be_visible()
    assert page.get_by_role("button", name=re.compile(r"Validate", re.I)).count() == 0
    assert page.get_by_text("Error fetching courses").count() == 0
    assert page.get_by_role("menuitem", name="Nbgrader", exact=True).count() == 0
    for tab in ("Assignments", "Formgrader", "Courses"):
        assert page.get_by_role("tab", name=tab, exact=True).count() == 0


def test_numbers_typed_the_spreadsheet_way_get_friendly_words(notebook):
    """Problem 4: `answer = 68%` stopped with a SyntaxError; advice sent learners in circles."""
    notebook.open("self_check.ipynb").run_all()
    out = notebook.output(2)
    notebook.retype_and_run(2, "answer = 68%\nex.q1.check(answer)")
    expect(out).to_contain_text("Python cannot read 68% as a number")
    expect(out.get_by_role("status")).to_contain_text("Correct (q1)")
    assert "SyntaxError" not in out.inner_text()
    notebook.retype_and_run(2, "answer = 0,68\nex.q1.check(answer)")
    expect(out.get_by_role("status")).to_contain_text("Write 0.68 with a dot")
    notebook.retype_and_run(2, "answer = 0.68\nex.q1.check(answer)")  # the advice works
    expect(out.get_by_role("status")).to_contain_text("Correct (q1)")
    notebook.assert_no_errors()


def test_filler_is_not_a_reflection(notebook):
    """Problem 5: "aaaa aaaa ..." was marked correct and completed the module."""
    notebook.open("self_check.ipynb").run_all()
    out = notebook.output(2)
    notebook.retype_and_run(2, 'ex3 = kt.exercise("03_pareto")\nex3.q8.check("aaaa " * 40)')
    status = out.get_by_role("status")
    expect(status).to_contain_text("Keep going (q8)")
    expect(status).to_contain_text("too little variety")
    expect(status).not_to_contain_text("Correct")


def test_a_quiz_answer_counts_in_the_notebook_cell_too(notebook, lab):
    """Problem 3: a question answered in the quiz still said "Not attempted yet" below."""
    _empty_progress_store(lab)
    notebook.open("quiz.ipynb").run_all()
    widget = notebook.output(2)
    widget.get_by_placeholder("for example 0.25 or 25%").fill("68%")
    widget.get_by_role("button", name=re.compile(r"(^|\W)Check$")).click()
    expect(widget.get_by_role("status")).to_contain_text("Correct (q1)")
    lab.shutdown_sessions()
    notebook.open("self_check.ipynb").run_all()
    out = notebook.output(2)
    notebook.retype_and_run(2, "from kamtools import ____\nex.q1.check(____)")
    expect(out.get_by_role("status")).to_contain_text("Already solved (q1)")
    _empty_progress_store(lab)


def test_the_clv_discount_rate_reads_percent_and_explains_a_slip(notebook):
    """Problem 6: a discount rate of 8 (800%) was accepted silently; 0,08 became 008."""
    notebook.open("clv.ipynb").run_all()
    widget = notebook.output(2)
    rate = widget.get_by_role("textbox", name=re.compile(r"^Discount rate"))
    rate.fill("8")
    rate.press("Enter")
    expect(widget).to_contain_text("A discount rate of 8 means 800% a year")
    rate.fill("0,08")
    rate.press("Enter")
    clv_row = widget.get_by_role("row", name=re.compile(r"^CLV per customer"))
    expect(clv_row).to_contain_text("285.71")  # 100 x 0.8 / (1 + 0.08 - 0.8)
    expect(widget).not_to_contain_text("800% a year")
    notebook.assert_no_errors()
