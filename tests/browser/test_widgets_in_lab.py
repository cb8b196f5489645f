"""Every kamtools widget in a real JupyterLab: open its notebook, Run All, interact as a
learner would (move a slider, pick an answer, click a button) and check what is shown.

The expected numbers are worked out by hand in the comments, or taken from the tested
kamtools functions that the widget itself calls (the browser must show what they say).

All browser tests live in this one file: ``make test`` distributes by file
(``--dist loadfile``), so they share one worker, one JupyterLab and one Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest
from _jupyterlab import ROOM_SEED

import kamtools as kt
from kamtools.learning.roleplay import Session, load_scenario

try:
    from playwright.sync_api import expect
except ImportError:
    if os.environ.get("CI"):  # CI must run them: Playwright is a test dependency
        raise
    pytest.skip("Playwright is not installed: pip install -e '.[test]'", allow_module_level=True)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(180),
    pytest.mark.flaky(reruns=1),  # a rare kernel stall in CI
]


def _widget_slider(scope, label: str):
    """The slider handle of the ipywidgets slider whose description is ``label``."""
    row = scope.locator(".widget-slider").filter(has=scope.page.get_by_text(label, exact=True))
    return row.get_by_role("slider")


def _button(scope, label: str):
    """The button labelled ``label`` (after its icon, if it has one)."""
    return scope.get_by_role("button", name=re.compile(rf"(^|\W){re.escape(label)}$"))


def _image_src(image) -> str:
    return image.get_attribute("src") or ""


def _trust_change(change: int) -> str:
    """How the role-play shows a change of trust next to the meter."""
    if change > 0:
        return f"▲ +{change}"
    return f"▼ {change}" if change < 0 else "■ no change"


def _empty_progress_store(lab) -> None:
    """Delete the server's progress store (no kernel is running between tests)."""
    for path in lab.progress_db.parent.glob(f"{lab.progress_db.name}*"):
        path.unlink()


def test_roleplay_choices_move_the_trust_meter_and_end_with_a_debrief(notebook):
    # The play the widget runs: the lab's kernels have the room seed ROOM_SEED, so the
    # replies are shown in this session's order.
    session = Session(load_scenario("late_quarterly_review"), seed=ROOM_SEED)
    notebook.open("roleplay.ipynb").run_all()
    widget = notebook.output(2)
    expect(widget).to_contain_text(f"{session.trust}/100 · {session.trust_word}")
    start_trust, first_choice = session.trust, session.choices[0].text

    step = session.choose(0)
    widget.get_by_role("button", name=f"A. {first_choice}").click()
    expect(widget).to_contain_text(f"{session.trust}/100 · {session.trust_word}")
    expect(widget).to_contain_text(_trust_change(step.change))
    expect(widget).to_contain_text(step.choice.reaction)
    expect(widget).to_contain_text(step.choice.tag_info.label)
    expect(widget.get_by_role("button", name=f"A. {first_choice}")).to_have_count(0)

    # Always pick A until the meeting ends; the debrief then sums it up.
    while not session.finished:
        next_choice = session.choices[0].text
        session.choose(0)
        widget.get_by_role("button", name=f"A. {next_choice}").click()
        expect(widget).to_contain_text(f"{session.trust}/100")
    expect(widget.get_by_role("heading", name="Debrief")).to_be_visible()
    expect(widget).to_contain_text(session.outcome.title)
    expect(widget).to_contain_text(f"Trust: {start_trust} at the start, {session.trust} at the end")
    expect(widget.get_by_role("button", name=re.compile(r"^[ABC]\. "))).to_have_count(0)

    _button(widget, "Start again").click()
    expect(widget.get_by_role("heading", name="Debrief")).to_have_count(0)
    expect(widget).to_contain_text(f"{start_trust}/100")
    expect(widget.get_by_role("button", name=f"A. {first_choice}")).to_be_visible()
    notebook.assert_no_errors()


def test_roleplay_own_words_first_then_the_options(notebook):
    session = Session(load_scenario("late_quarterly_review"), seed=ROOM_SEED)
    notebook.open("roleplay.ipynb").run_all()
    widget = notebook.output(2)
    first = session.choices[0].text
    expect(widget.get_by_role("button", name=f"A. {first}")).to_be_visible()
    widget.get_by_role("checkbox", name="Write my own reply first, then see the options").check()
    expect(widget.get_by_role("button", name=f"A. {first}")).to_have_count(0)
    widget.get_by_placeholder("Type what you would say…").fill(
        "I am running late: I call Piotr now and offer two options."
    )
    _button(widget, "Check it against the checklist").click()
    rubric = session.node.rubric
    expect(widget).to_contain_text(rubric[0])
    boxes = widget.locator(".widget-checkbox input[type=checkbox]")
    expect(boxes).to_have_count(len(rubric) + 1)  # the switch and one per statement
    boxes.nth(1).check()
    _button(widget, "Save my rating and show the options").click()
    expect(widget).to_contain_text(f"meets 1 of {len(rubric)} points")
    expect(widget.get_by_role("button", name=f"A. {first}")).to_be_visible()
    notebook.assert_no_errors()


def test_self_assessment_slider_updates_count_gaps_and_radar(notebook, lab):
    _empty_progress_store(lab)  # the sliders are saved as drafts: start from none
    items = kt.competency_items()
    first = items.index[0]
    area = kt.competency_areas().loc[items.loc[first, "area"], "name"]
    in_area = int((items["area"] == items.loc[first, "area"]).sum())
    # Every item starts at 3; the first one is moved down to 1.
    ratings = dict.fromkeys(items.index, 3) | {first: 1}
    top_gap = kt.top_competency_gaps(ratings, target="new").iloc[0]
    assert top_gap.name == first  # gap 3 - 1 = 2, the largest

    notebook.open("self_assessment.ipynb").run_all()
    widget = notebook.output(2)
    moved = widget.get_by_text(re.compile(r"^You have rated \d+ of"))
    expect(moved).to_contain_text(f"You have rated 0 of {len(items)} items")
    radar = widget.get_by_role("img")
    before = _image_src(radar)
    assert before, "the radar chart has no image"
    gaps = widget.get_by_role("listitem").filter(
        has_text=re.compile(r"rated \d, target \d \(gap \d\)")
    )
    expect(gaps.first).not_to_contain_text(top_gap["statement"])

    widget.get_by_text(f"{area} ({in_area})", exact=True).click()
    slider = widget.get_by_role("slider").first
    expect(slider).to_be_visible()
    notebook.press(slider, "ArrowLeft", times=2)

    expect(slider).to_have_attribute("aria-valuenow", re.compile(r"^1(\.0+)?$"))
    expect(moved).to_contain_text(f"You have rated 1 of {len(items)} items")
    expect(gaps.first).to_contain_text(top_gap["statement"])
    expect(gaps.first).to_contain_text("rated 1, target 3 (gap 2)")
    expect(radar).not_to_have_attribute("src", before)
    notebook.assert_no_errors()


def test_dossier_typing_fills_the_score_preview_and_export(notebook, lab):
    exported = lab.root / "client_dossier.html"
    exported.unlink(missing_ok=True)  # left by a first attempt
    _empty_progress_store(lab)  # what is typed is saved as a draft: start from none
    section = kt.dossier_form().sections[0]
    field = next(f for f in section.fields if f.id == "company_name")
    score = round(kt.dossier_completeness({"company_name": "Domar Foods"}).score)
    assert score > 0

    notebook.open("dossier.ipynb").run_all()
    widget = notebook.output(2)
    complete = widget.get_by_text(re.compile(r"^\d+% complete$"))
    expect(complete).to_have_text("0% complete")

    widget.get_by_text(f"1. {section.title}", exact=True).click()
    box = widget.get_by_placeholder(field.help)
    box.fill("Domar Foods")
    box.press("Tab")
    expect(complete).to_have_text(f"{score}% complete")

    widget.get_by_role("tab", name="Preview").click()
    expect(widget.get_by_text("Domar Foods").first).to_be_visible()

    _button(widget, "Export dossier").click()
    expect(widget).to_contain_text("Saved to")
    assert "Domar Foods" in exported.read_text(encoding="utf-8")
    notebook.assert_no_errors()


def test_dossier_text_comes_back_after_restart_kernel_and_run_all(notebook, lab):
    """Nothing typed is lost: Kernel > Restart Kernel and Run All Cells fills it in again."""
    _empty_progress_store(lab)
    section = kt.dossier_form().sections[0]
    field = next(f for f in section.fields if f.id == "company_name")
    score = round(kt.dossier_completeness({"company_name": "Domar Foods"}).score)

    notebook.open("dossier.ipynb").run_all()
    widget = notebook.output(2)
    expect(widget).to_contain_text("saved as you go")
    widget.get_by_text(f"1. {section.title}", exact=True).click()
    box = widget.get_by_placeholder(field.help)
    box.press_sequentially("Domar Foods")  # key by key, as a learner types
    complete = widget.get_by_text(re.compile(r"^\d+% complete$"))
    expect(complete).to_have_text(f"{score}% complete")

    page = notebook.page
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Restart Kernel and Run All Cells")).click()
    dialog = page.locator(".jp-Dialog")  # "Restart Kernel? ... All variables will be lost."
    dialog.get_by_text("Restart", exact=True).click()
    widget = notebook.output(2)
    expect(widget).to_contain_text("Welcome back", timeout=60_000)
    expect(widget.get_by_text(re.compile(r"^\d+% complete$"))).to_have_text(f"{score}% complete")
    widget.get_by_text(f"1. {section.title}", exact=True).click()
    expect(widget.get_by_placeholder(field.help)).to_have_value("Domar Foods")
    notebook.assert_no_errors()


def test_progress_dashboard_shows_a_solved_question_and_resets(notebook, lab):
    questions = len(kt.checks.catalogue()["00_start_here"])
    _empty_progress_store(lab)  # other tests answer questions of 00_start_here too

    notebook.open("progress_dashboard.ipynb").run_all()
    expect(notebook.output(2).get_by_role("status")).to_contain_text("Correct")
    widget = notebook.output(3)
    row = widget.get_by_role("progressbar", name="00_start_here")
    expect(row).to_contain_text(f"1 of {questions} questions")
    expect(row).to_have_attribute("aria-valuenow", "1")
    assert lab.progress_db.exists()  # the kernel wrote to the test's store, not the home's

    _button(widget, "Reset").click()
    confirm = _button(widget, "Click again to erase all progress")
    expect(confirm).to_be_visible()
    expect(row).to_contain_text(f"1 of {questions} questions")  # nothing erased yet
    confirm.click()
    expect(widget).to_contain_text("Erased all progress")
    expect(row).to_contain_text(f"0 of {questions} questions")
    expect(row).to_have_attribute("aria-valuenow", "0")
    notebook.assert_no_errors()


def test_self_check_feedback_changes_when_the_answer_is_corrected(notebook):
    notebook.open("self_check.ipynb").run_all()
    feedback = notebook.output(2).get_by_role("status")
    expect(feedback).to_contain_text("Not quite (q1)")
    expect(feedback).to_contain_text("ex.q1.hint()")

    # Top two of the start page: (420 + 260) / 1,000 = 0.68.
    notebook.retype_and_run(2, "answer = 0.68\nex.q1.check(answer)")
    expect(feedback).to_contain_text("Correct (q1)")
    expect(feedback).not_to_contain_text("Not quite")
    notebook.assert_no_errors()


def test_pareto_explorer_slider_moves_the_readout_and_view_redraws(notebook):
    notebook.open("pareto.ipynb").run_all()
    widget = notebook.output(2)
    readout = widget.get_by_role("row", name=re.compile(r"^Top \d+% of customers"))
    # Top 20% of 10 customers = 2: (420 + 260) / 1,000 = 68.0%.
    expect(readout).to_have_text(
        re.compile(r"Top 20% of customers \(2 of 10\)\s*68\.0% of revenue")
    )
    chart = widget.get_by_role("img")
    before = _image_src(chart)

    slider = _widget_slider(widget, "Top share of customers")
    notebook.press(slider, "ArrowRight")  # step 0.01: 21%
    # ceil(0.21 * 10) = 3 customers: (420 + 260 + 90) / 1,000 = 77.0%.
    expect(readout).to_have_text(
        re.compile(r"Top 21% of customers \(3 of 10\)\s*77\.0% of revenue")
    )
    expect(chart).not_to_have_attribute("src", before)  # the marker moved

    after_slider = _image_src(chart)
    _button(widget, "Lorenz").click()
    expect(chart).not_to_have_attribute("src", after_slider)
    expect(readout).to_contain_text("Top 21% of customers (3 of 10)")  # the slider stays
    notebook.assert_no_errors()


def test_account_scoring_weight_slider_reranks_and_lists_changes(notebook):
    notebook.open("account_scoring.ipynb").run_all()
    widget = notebook.output(2)
    expect(widget).to_contain_text("No account has changed quadrant since the baseline.")
    top_row = widget.get_by_role("row").filter(has_text=re.compile(r"^\s*1\s"))
    # Equal weights: every score is the mean of size and growth, 5.00; ties by id.
    expect(top_row).to_contain_text("Acme")

    notebook.press(_widget_slider(widget, "growth"), "ArrowRight")  # step 0.5: 5 -> 5.5
    # Scores (5 * size + 5.5 * growth) / 10.5: Acme (40 + 11) / 10.5 = 4.86,
    # Bolt (10 + 44) / 10.5 = 5.14, Core (30 + 22) / 10.5 = 4.95. The cut is 5, so Acme
    # and Core fall below it and change quadrant; Bolt now ranks first.
    expect(widget).to_contain_text("2 accounts changed quadrant:")
    expect(widget).to_contain_text("Acme: Strategic → Status")
    expect(widget).to_contain_text("Core: Star → Streamline")
    expect(top_row).to_contain_text("Bolt")
    expect(top_row).to_contain_text("5.14")
    notebook.assert_no_errors()


def test_clv_calculator_retention_slider_changes_the_clv(notebook):
    notebook.open("clv.ipynb").run_all()
    widget = notebook.output(2)
    clv_row = widget.get_by_role("row", name=re.compile(r"^CLV per customer"))
    # 100 * 0.8 / (1 + 0.1 - 0.8) = 80 / 0.3 = 266.67
    expect(clv_row).to_contain_text("266.67")
    chart = widget.get_by_role("img")
    before = _image_src(chart)

    notebook.press(_widget_slider(widget, "Retention (share staying each year)"), "ArrowRight")
    # Retention 0.81: 100 * 0.81 / (1.1 - 0.81) = 81 / 0.29 = 279.31
    expect(clv_row).to_contain_text("279.31")
    # minus the acquisition cost of 150: 129.31
    expect(widget.get_by_role("row", name=re.compile(r"^CLV minus acquisition"))).to_contain_text(
        "129.31"
    )
    expect(chart).not_to_have_attribute("src", before)
    notebook.assert_no_errors()


def test_payment_term_calculator_slider_changes_cost_and_legal_status(notebook):
    notebook.open("payment_terms.ipynb").run_all()
    widget = notebook.output(2)
    # 3,650,000 PLN a year = 10,000 PLN a day: 30 more days tie up 300,000 PLN, at 9% 27,000
    expect(widget).to_contain_text("30 more days tie up 300,000 PLN")
    expect(widget).to_contain_text("27,000 PLN a year")
    expect(widget).to_contain_text("Within the law")

    notebook.press(_widget_slider(widget, "Asked for (days)"), "ArrowRight")
    # 61 days: 31 more days tie up 310,000 PLN, 27,900 a year; a large buyer may not agree
    # more than 60 days with an SME supplier (kt.max_payment_term("large"))
    expect(widget).to_contain_text("31 more days tie up 310,000 PLN")
    expect(widget).to_contain_text("27,900 PLN a year")
    expect(widget).to_contain_text("Not allowed: 60 days")
    assert kt.max_payment_term("large", supplier_size="sme").days == 60
    notebook.assert_no_errors()


def test_price_waterfall_explorer_account_dropdown_redraws_pocket_price_table_and_chart(
    notebook,
):
    notebook.open("price_waterfall.ipynb").run_all()
    widget = notebook.output(2)
    menu = widget.locator("select").first  # the "Account" dropdown (the first of two)
    expect(menu.locator("option:checked")).to_have_text("Acme (A)")
    pocket = widget.get_by_role("row", name=re.compile(r"^Pocket price"))
    largest = widget.get_by_role("row", name=re.compile(r"^Largest leakage"))
    rebate = widget.get_by_role("row", name=re.compile(r"^year-end rebate"))
    # Acme: 100 units at 100 list = 10,000; invoiced at 90 = 9,000 (1,000 discount).
    # Rebate 200; payment terms 9,000 * 73 / 365 * 0.1 = 180; free freight 2 * 50 = 100.
    # Pocket 9,000 - 200 - 180 - 100 = 8,520 = 85.2% of list.
    expect(pocket).to_contain_text("85.2%")
    expect(pocket).to_contain_text("8,520 PLN kept of 10,000 PLN")
    expect(largest).to_contain_text("on-invoice discount: 1,000 PLN, 10.0% of the list revenue")
    expect(rebate).to_contain_text("-200")
    chart = widget.get_by_role("img")
    before = _image_src(chart)
    assert before

    menu.select_option(label="Bolt (B)")
    # Bolt: invoiced at list, 10,000. Rebate 1,500; payment terms
    # 10,000 * 36.5 / 365 * 0.1 = 100; no free freight; rush orders 2 * 100 = 200.
    # Pocket 10,000 - 1,500 - 100 - 200 = 8,200 = 82.0%; the rebate is now the largest.
    expect(pocket).to_contain_text("82.0%")
    expect(pocket).to_contain_text("8,200 PLN kept of 10,000 PLN")
    expect(largest).to_contain_text("year-end rebate: 1,500 PLN, 15.0% of the list revenue")
    expect(rebate).to_contain_text("-1,500")
    expect(widget).not_to_contain_text("85.2%")
    expect(chart).not_to_have_attribute("src", before)  # the chart was redrawn
    notebook.assert_no_errors()


def test_quiz_pick_an_answer_check_and_see_the_results(notebook, lab):
    _empty_progress_store(lab)  # the answers are saved as drafts: start from none
    notebook.open("quiz.ipynb").run_all()
    widget = notebook.output(2)
    expect(widget).to_contain_text("Question 1 of 3")

    # The top two of the start page: (420 + 260) / 1,000 = 68%.
    widget.get_by_placeholder("for example 0.25 or 25%").fill("68%")
    _button(widget, "Check").click()
    expect(widget.get_by_role("status")).to_contain_text("Correct (q1)")

    _button(widget, "Next").click()
    expect(widget).to_contain_text("Question 2 of 3")
    expect(widget.get_by_role("status")).to_have_count(0)  # q2 not checked yet
    widget.get_by_role("radio", name=re.compile(r"\) Press Enter$")).check()
    _button(widget, "Check").click()
    feedback = widget.get_by_role("status")
    expect(feedback).to_contain_text("Not quite (q2)")
    expect(feedback).to_contain_text("Enter on its own starts a new line")
    widget.get_by_role("radio", name=re.compile(r"\) Press Shift \+ Enter$")).check()
    _button(widget, "Check").click()
    expect(feedback).to_contain_text("Correct (q2)")

    _button(widget, "See my results").click()
    # q1 right on the first try, q2 on the second, q3 not answered.
    expect(widget).to_contain_text("2 of 3 correct, 1 of them on the first try")
    notebook.assert_no_errors()


def test_quiz_radio_circle_stays_on_the_first_line_of_a_long_option(notebook):
    notebook.open("quiz.ipynb").run_all()
    widget = notebook.output(3)
    radio = widget.get_by_role("radio", name=re.compile(r"^A\) A long option"))
    label = radio.locator("xpath=..")  # ipywidgets puts the input inside its label
    expect(radio).to_be_visible()
    circle, text = radio.bounding_box(), label.bounding_box()
    line = 16 * 1.4  # font-size 16px, line-height 1.4
    assert text["height"] > 2 * line, text  # the option wraps onto several lines ...
    # ... and its circle sits at the left of the first line, not under the text
    assert circle["y"] + circle["height"] / 2 < text["y"] + line, (circle, text)
    assert circle["x"] - text["x"] < 8, (circle, text)
    radio.check()
    _button(widget, "Check").click()
    expect(widget.get_by_role("status")).to_contain_text("Not quite (q1)")
    notebook.assert_no_errors()


# The width of the chosen option's text and the room for it in its <select> (the arrow
# takes about 24 px on the right).
_JS_SELECT_FIT = """(select) => {
    const ctx = document.createElement('canvas').getContext('2d');
    const style = getComputedStyle(select);
    ctx.font = style.font;
    const text = select.options[select.selectedIndex].text;
    const room = select.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight) - 24;
    return [ctx.measureText(text).width, room];
}"""


def test_pareto_explorer_dataset_menu_shows_the_whole_name_and_the_total_its_currency(notebook):
    notebook.open("pareto.ipynb").run_all()
    widget = notebook.output(3)
    menu = widget.locator("select").first
    expect(menu).to_have_value(re.compile(r".+"))
    expect(widget).to_contain_text("Vistula Industrial Supply (fictional)")
    text_width, room = menu.evaluate(_JS_SELECT_FIT)
    assert text_width <= room, (text_width, room)  # not cut to "... (ficti"
    customers = widget.get_by_role("row", name=re.compile(r"^Customers \d"))
    expect(customers).to_have_text(re.compile(r"500; total revenue [\d,]+ PLN"))
    notebook.assert_no_errors()


def test_a_saved_notebook_reopened_says_how_to_bring_its_widget_back(notebook, lab):
    """Coming back the next day: no "Error displaying widget: model not found"."""
    shutil.copy(lab.root / "clv.ipynb", lab.root / "clv_saved.ipynb")
    notebook.open("clv_saved.ipynb").run_all()
    page = notebook.page
    expect(page.get_by_role("row", name=re.compile(r"^CLV per customer"))).to_be_visible()
    page.keyboard.press("ControlOrMeta+s")
    saved = lab.root / "clv_saved.ipynb"
    deadline = time.monotonic() + 30
    while "bring it back" not in saved.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "the notebook was not saved"
        time.sleep(0.5)
    # the live tool is untouched by saving
    expect(page.get_by_role("row", name=re.compile(r"^CLV per customer"))).to_be_visible()
    lab.shutdown_sessions()  # the kernel is gone, as after closing make lab
    notebook.open("clv_saved.ipynb")
    note = page.get_by_text("An interactive tool was here. Run this cell (Shift + Enter)")
    expect(note).to_be_visible()
    assert page.get_by_text("model not found").count() == 0
    assert page.get_by_text("Error displaying widget").count() == 0
    notebook.run_all()  # running the cells brings the tool back
    expect(page.get_by_role("row", name=re.compile(r"^CLV per customer"))).to_be_visible()


def _your_portfolio_expected(path):
    """What "Your portfolio" must show for ``path``: the tested functions it calls."""
    export = kt.read_export(path)
    report = kt.portfolio_report(export.lines)
    gross = kt.portfolio_report(kt.read_export(path, mapping={"amount": "Wartość brutto"}).lines)
    largest = report.customers.sort_values("revenue", ascending=False)["customer"].iloc[0]
    return export, report, gross, largest


def test_your_portfolio_upload_mapping_correction_and_html_download(notebook, tmp_path):
    """Module 10's tool: upload a Subiekt export of the corpus through the file input, see
    the mapping and the figures, switch the amount to gross in its menu, download the report."""
    from export_corpus import build_corpus

    item = next(f for f in build_corpus(tmp_path) if f.name == "subiekt_gt_sprzedaz.csv")
    export, report, gross, largest = _your_portfolio_expected(item.path)
    assert gross.figures["total"] > report.figures["total"]

    notebook.open("your_portfolio.ipynb").run_all()
    page = notebook.page
    widget = notebook.output(2)
    expect(widget).to_contain_text("No file yet")
    with page.expect_file_chooser() as chooser:  # the learner's click opens the file dialog
        widget.get_by_role("button", name=re.compile(r"Upload your export")).click()
    chooser.value.set_files(str(item.path))
    expect(widget).to_contain_text(f"{item.name} is read")
    # what was detected: the encoding, the separator and the columns
    expect(widget).to_contain_text(export.mapping.encoding)
    amount_menu = (
        widget.locator(".widget-dropdown")
        .filter(has=page.get_by_text("Net amount", exact=True))
        .locator("select")
    )
    expect(amount_menu.locator("option:checked")).to_have_text("Wartość netto")
    expect(widget).to_contain_text(f"{len(export.lines)} used, {export.rejected} rejected")
    total = widget.get_by_role("row", name=re.compile(r"^Net revenue"))
    expect(total).to_contain_text(f"{report.figures['total']:,.0f} PLN")
    expect(widget.get_by_role("row", name=re.compile(r"^Share of the top 20%"))).to_contain_text(
        f"{report.figures['top_20_share']:.1%}"
    )

    amount_menu.select_option(label="Wartość brutto")
    expect(total).to_contain_text(f"{gross.figures['total']:,.0f} PLN")
    amount_menu.select_option(label="Wartość netto")
    expect(total).to_contain_text(f"{report.figures['total']:,.0f} PLN")

    with page.expect_download() as info:
        widget.get_by_role("link", name=re.compile(r"Report \(HTML")).click()
    download = info.value
    assert download.suggested_filename == "portfolio_report.html"
    text = open(download.path(), encoding="utf-8").read()
    assert largest in text or largest.replace("&", "&amp;") in text
    assert "<img" in text  # the charts travel inside the page
    notebook.assert_no_errors()


def test_your_portfolio_takes_an_upload_above_tornados_10_mib_message_limit(notebook, tmp_path):
    """The learners' lab (.jupyter-learner) raises the websocket message limit: a 16 MB
    export uploads without dropping the kernel's connection."""
    lines = kt.sample_export(tmp_path / "sample.csv").read_bytes().split(b"\r\n")
    big = tmp_path / "rejestr_2016_2025.csv"
    big.write_bytes(b"\r\n".join(lines[:4] + lines[4:-2] * 11) + b"\r\n")
    assert big.stat().st_size > 12 * 1024 * 1024
    used = len(kt.read_export(big).lines)

    notebook.open("your_portfolio.ipynb").run_all()
    widget = notebook.output(2)
    with notebook.page.expect_file_chooser() as chooser:
        widget.get_by_role("button", name=re.compile(r"Upload your export")).click()
    chooser.value.set_files(str(big))
    expect(widget).to_contain_text(f"{big.name} is read", timeout=90_000)
    expect(widget).to_contain_text(f"{used:,} used")
    notebook.assert_no_errors()
