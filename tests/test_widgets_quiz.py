"""Quiz widget, driven headless as a learner would: type or tick, press the buttons, read."""

from __future__ import annotations

import copy
import html
import re

import ipywidgets as widgets
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_checks_quiz import SPEC

import kamtools as kt
from kamtools.checks import Exercise, exercise
from kamtools.progress import ProgressStore
from kamtools.widgets.quiz import Quiz, _markdown_html

CORRECT = "✔ Correct"
NOT_QUITE = "✘ Not quite"
NOT_ATTEMPTED = "✎ Not attempted yet"
UNCHECKABLE = "⚠ I could not check this"

# SPEC (from test_checks_quiz) plus a percentage question; q5 and q6 need code.
QUIZ_SPEC = copy.deepcopy(SPEC)
QUIZ_SPEC["questions"].append(
    {
        "id": "q8",
        "type": "numeric",
        "title": "Top 20% in percent",
        "prompt": "What percentage of revenue do the top 20% bring?",
        "unit": "percent",
        "expected": 73.7,
        "tolerance": {"abs": 0.05},
        "hints": ["Use kt.top_share."],
        "solution": "About 73.7%.",
    }
)
SHOWN = ["q1", "q2", "q3", "q4", "q7", "q8"]
LONG_ENOUGH = "Our top fifth brings about two thirds of the revenue."  # >= 20 characters


def text(widget) -> str:
    """The text a learner reads in an HTML widget: tags removed, entities decoded."""
    plain = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", widget.value))).strip()
    return plain.replace("( ", "(")


@pytest.fixture
def log():
    return []


@pytest.fixture
def ex(log):
    return Exercise(QUIZ_SPEC, recorder=lambda *args, **kwargs: log.append((args, kwargs)))


@pytest.fixture
def quiz(ex):
    w = Quiz(ex)
    yield w
    w.close()


@pytest.fixture
def quiz_all(ex):
    w = Quiz(ex, mode="all")
    yield w
    w.close()


def answer(quiz, qid, value):
    """Enter an answer as a learner does: type, choose a radio button or tick boxes."""
    w = quiz.question_widgets[qid]
    if isinstance(w, widgets.VBox):  # multiple choice: tick the boxes whose label is given
        for box in w.children:
            box.value = box.description.split(")")[0] in value
    else:
        w.value = value


def check(quiz, qid, value):
    answer(quiz, qid, value)
    quiz.check_buttons[qid].click()
    return text(quiz.feedback_html[qid])


def shown_card(quiz):
    (card,) = quiz.cards_box.children
    return card


# ---------------------------------------------------------------------------------------
# What is on screen
# ---------------------------------------------------------------------------------------
def test_start_screen(quiz):
    assert text(quiz.title_html) == "Quiz: A test quiz"
    assert text(quiz.header_html) == "Question 1 of 6"
    assert [q.id for q in quiz.questions] == SHOWN
    assert shown_card(quiz) is quiz._cards["q1"].box
    assert "What share does the top customer bring?" in text(shown_card(quiz).children[1])
    assert quiz.previous_button.disabled and not quiz.next_button.disabled
    assert quiz.summary_box.layout.display == "none"
    assert quiz.check_all_box.layout.display == "none"
    assert text(quiz.score_html) == "0 of 6 correct, 0 of them on the first try"
    assert quiz.results == dict.fromkeys(SHOWN, "not_attempted")
    assert quiz.answers == {"q1": "", "q2": None, "q3": [], "q4": "", "q7": "", "q8": ""}


def test_each_type_gets_its_widget(quiz):
    w = quiz.question_widgets
    assert isinstance(w["q1"], widgets.Text) and isinstance(w["q4"], widgets.Text)
    assert isinstance(w["q2"], widgets.RadioButtons)
    assert w["q2"].options == (("A) Alpha", "A"), ("B) Beta", "B"), ("C) Gamma", "C"))
    assert w["q2"].value is None  # nothing chosen at the start
    assert isinstance(w["q3"], widgets.VBox)
    assert [b.description for b in w["q3"].children] == ["A) One", "B) Two", "C) Three"]
    assert all(isinstance(b, widgets.Checkbox) for b in w["q3"].children)
    assert isinstance(w["q7"], widgets.Textarea)
    assert w["q1"].placeholder == "for example 0.25 or 25%"
    assert w["q8"].placeholder == "for example 25 (meaning 25%)"
    assert w["q4"].placeholder == "your answer"
    assert w["q7"].placeholder == "Write a few sentences here (at least 20 characters)."


@pytest.mark.parametrize(
    ("unit", "placeholder"),
    [("count", "for example 120"), ("number", "for example 1.5"), ("currency", "1234.50")],
)
def test_placeholders_of_the_other_units(unit, placeholder):
    spec = copy.deepcopy(SPEC)
    spec["questions"][0]["unit"] = unit
    if unit == "count":
        spec["questions"][0]["expected"] = 3
        spec["questions"][0].pop("mistakes")
    w = Quiz(Exercise(spec, recorder=lambda *a, **k: None), questions=["q1"])
    assert placeholder in w.question_widgets["q1"].placeholder
    w.close()


def test_code_questions_are_listed_not_asked(quiz):
    assert quiz.skipped == ["q5", "q6"]
    assert text(quiz.skipped_html) == (
        "Some questions of this module are answered with code in the notebook, so they are "
        "not in this quiz: q5 (Question 5), q6 (Question 6)."
    )
    assert "q5" not in quiz.question_widgets and "q6" not in quiz.question_widgets


def test_a_chosen_subset_has_no_note(ex):
    w = Quiz(ex, questions=["q4", "q1"])
    assert [q.id for q in w.questions] == ["q4", "q1"]
    assert w.skipped == [] and w.skipped_html.value == ""
    w.close()


def test_prompts_are_rendered_and_escaped():
    spec = copy.deepcopy(SPEC)
    spec["questions"][0]["prompt"] = "Share of **net revenue** <script>alert(1)</script> `x < 1`"
    w = Quiz(Exercise(spec, recorder=lambda *a, **k: None), questions=["q1"])
    prompt = w._cards["q1"].box.children[1].value
    assert "<b>net revenue</b>" in prompt
    assert "<script>" not in prompt and "&lt;script&gt;" in prompt
    assert "<code>x &lt; 1</code>" in prompt
    w.close()


# ---------------------------------------------------------------------------------------
# Checking answers
# ---------------------------------------------------------------------------------------
def test_right_answer_is_shown_correct(quiz, log):
    shown = check(quiz, "q1", "0.25")
    assert shown.startswith(f"{CORRECT} (q1)")
    assert quiz.results["q1"] == "correct"
    assert quiz.score["correct"] == 1 and quiz.score["first_try"] == 1
    assert text(quiz.score_html) == "1 of 6 correct, 1 of them on the first try"
    assert log == [(("99_quiz", "q1", "attempt"), {"outcome": "correct", "detail": None})]


def test_wrong_answer_shows_the_mistake_never_the_answer(quiz):
    shown = check(quiz, "q1", "0.75")
    assert shown == f"{NOT_QUITE} (q1) That is the share of all the others. Stuck? Press Hint."
    assert quiz.results["q1"] == "incorrect"
    for expected in ("0.25", "25%", "25 %"):
        assert expected not in shown
    # a wrong answer the engine diagnoses: a percentage typed for a fraction
    shown = check(quiz, "q1", "25")
    assert "looks like a percentage" in shown
    assert "0.25" not in shown and "ex.q1" not in shown


def test_same_feedback_as_in_the_notebook(quiz):
    notebook = exercise("00_start_here", recorder=lambda *a, **k: None)
    w = Quiz("00_start_here", recorder=lambda *a, **k: None)
    for typed in ["0.2", "680", "abc", "1,234", "68%"]:
        shown = check(w, "q1", typed)
        message = notebook.q1.evaluate(typed).message.replace("Try `ex.q1.hint()`.", "Press Hint.")
        assert html.unescape(message) in shown
    w.close()


def test_unreadable_number_is_uncheckable(quiz):
    shown = check(quiz, "q1", "abc")
    assert shown.startswith(f"{UNCHECKABLE} (q1) I could not read 'abc' as a number.")
    assert quiz.results["q1"] == "uncheckable"


def test_numbers_typed_as_people_type_them(quiz):
    # q8 asks for a percentage of 73.7: "73,7%" (decimal comma, % sign) is right.
    assert check(quiz, "q8", "73,7%").startswith(CORRECT)
    assert check(quiz, "q8", "73.7").startswith(CORRECT)
    assert check(quiz, "q8", "0.737").startswith(NOT_QUITE)  # a fraction for a percentage
    assert "looks like a fraction" in text(quiz.feedback_html["q8"])
    # q1 asks for a fraction of 0.25: "25 %" is the same number.
    assert check(quiz, "q1", "25 %").startswith(CORRECT)
    assert check(quiz, "q1", " 0,25 ").startswith(CORRECT)


@pytest.mark.parametrize(
    ("qid", "message"),
    [
        ("q1", "The box is empty. Type your answer, then press Check."),
        ("q2", "No option is chosen yet. Choose one, then press Check."),
        ("q3", "No option is ticked yet. Tick every option that applies, then press Check."),
        ("q4", "The box is empty. Type your answer, then press Check."),
        ("q7", "The box is empty. Write a few sentences, then press Submit."),
    ],
)
def test_nothing_entered_is_not_attempted(quiz, log, qid, message):
    quiz.check_buttons[qid].click()
    assert text(quiz.feedback_html[qid]) == f"{NOT_ATTEMPTED} ({qid}) {message}"
    assert quiz.results[qid] == "not_attempted"
    # recorded as in the notebook's ____, and not counted as a try
    assert log == [(("99_quiz", qid, "attempt"), {"outcome": "not_attempted", "detail": None})]
    assert quiz.state.table().loc[qid, "tries"] == 0


def test_spaces_only_are_not_an_answer(quiz):
    assert check(quiz, "q4", "   ").startswith(NOT_ATTEMPTED)


def test_single_choice(quiz):
    shown = check(quiz, "q2", "A")
    assert shown == f"{NOT_QUITE} (q2) Alpha is too small. Stuck? Press Hint."
    assert quiz.explanations_html["q2"].value == ""  # no option is revealed
    assert "Beta is the largest" not in shown
    shown = check(quiz, "q2", "B")
    assert shown.startswith(f"{CORRECT} (q2) Beta is the largest.")
    explained = text(quiz.explanations_html["q2"])
    assert explained.startswith("Why each option is right or not")
    assert "A) Alpha (✘ not right): Alpha is too small." in explained
    assert "B) Beta (✔ right): Beta is the largest." in explained
    assert "C) Gamma (✘ not right): Gamma is a region." in explained


def test_multiple_choice(quiz):
    assert quiz.hint_buttons["q3"].layout.display == "none"  # q3 has no hints
    shown = check(quiz, "q3", ["A"])
    assert shown == (
        f"{NOT_QUITE} (q3) At least one more option is right: look at the others again. "
        "Stuck? Show solution gives a worked solution."
    )
    shown = check(quiz, "q3", ["A", "B"])
    assert "B: Two does not belong." in shown and "Three belongs" not in shown
    assert quiz.answers["q3"] == ["A", "B"]
    assert quiz.explanations_html["q3"].value == ""
    assert check(quiz, "q3", ["A", "C"]).startswith(CORRECT)
    assert "B) Two (✘ not right): Two does not belong." in text(quiz.explanations_html["q3"])


def test_short_text(quiz):
    assert check(quiz, "q4", "Lorenz curve") == (
        f"{NOT_QUITE} (q4) Lorenz sorts from the smallest. Stuck? Press Hint."
    )
    assert check(quiz, "q4", "the Pareto rule").startswith(CORRECT)


def test_reflection_shows_model_answer_and_rubric_after_submit(quiz, log):
    assert quiz.check_buttons["q7"].description == "Submit"
    assert quiz.solution_buttons["q7"].layout.display == "none"
    shown = check(quiz, "q7", "Too short")
    # the learner wrote something: "Keep going", though the result stays "not_attempted"
    assert shown == (
        "✎ Keep going (q7) A good start! Write a little more: you have 9 characters, "
        "and the model answer opens after 20."
    )
    assert quiz.results["q7"] == "not_attempted"
    assert "Our top fifth brings about 70%" not in shown
    assert quiz.rubric_boxes["q7"].children == ()
    shown = check(quiz, "q7", LONG_ENOUGH)
    assert shown.startswith(f"{CORRECT} (q7) Thank you for reflecting.")
    assert "A model answer Our top fifth brings about 70%." in shown
    assert "ex.q7" not in shown and "☐" not in shown  # the checklist is interactive instead
    (rubric,) = quiz.rubric_boxes["q7"].children
    boxes = [c for c in rubric.children if isinstance(c, widgets.Checkbox)]
    assert [b.description for b in boxes] == ["I gave a share.", "I said what it means."]
    boxes[1].value = True
    assert log[-1] == (
        ("99_quiz", "q7", "rubric"),
        {"outcome": None, "detail": '{"item": 2, "ticked": true}'},
    )
    check(quiz, "q7", LONG_ENOUGH + " More.")
    assert quiz.rubric_boxes["q7"].children == (rubric,)  # not built twice


# ---------------------------------------------------------------------------------------
# Hints and solutions
# ---------------------------------------------------------------------------------------
def test_hints_escalate_and_are_recorded(quiz, log):
    quiz.hint_buttons["q1"].click()
    assert text(quiz.hints_html["q1"]) == "Hint 1 of 2: Divide by the total."
    quiz.hint_buttons["q1"].click()
    assert text(quiz.hints_html["q1"]) == (
        "Hint 1 of 2: Divide by the total. Hint 2 of 2: The total is 400. "
        "That was the last hint. Show solution gives a worked solution."
    )
    quiz.hint_buttons["q1"].click()  # no third hint: the same two again
    assert "Hint 3" not in text(quiz.hints_html["q1"])
    assert [(a, k["detail"]) for a, k in log] == [
        (("99_quiz", "q1", "hint"), "1"),
        (("99_quiz", "q1", "hint"), "2"),
        (("99_quiz", "q1", "hint"), "2"),
    ]


def test_hints_start_over_after_start_again(quiz, log):
    quiz.hint_buttons["q1"].click()
    quiz.hint_buttons["q1"].click()
    quiz.restart_button.click()
    assert quiz.hints_html["q1"].value == ""
    quiz.hint_buttons["q1"].click()
    assert text(quiz.hints_html["q1"]) == "Hint 1 of 2: Divide by the total."
    # recorded as hint 1 again, in step with what the learner sees
    assert [k["detail"] for _, k in log] == ["1", "2", "1"]


def test_solution_is_shown_and_recorded(quiz, log):
    quiz.solution_buttons["q1"].click()
    assert text(quiz.solution_html["q1"]) == "Solution 100 / 400 = 0.25 ."
    assert "<b>0.25</b>" in quiz.solution_html["q1"].value
    assert log == [(("99_quiz", "q1", "solution"), {"outcome": None, "detail": None})]
    assert quiz.state.table().loc["q1", "solution"]


def test_solution_of_a_choice_question_explains_every_option(quiz):
    quiz.solution_buttons["q2"].click()
    assert "B) Beta (✔ right)" in text(quiz.explanations_html["q2"])


def test_code_blocks_of_a_solution():
    w = Quiz("03_pareto", questions=["q1"], recorder=lambda *a, **k: None)
    w.solution_buttons["q1"].click()
    value = w.solution_html["q1"].value
    assert "<pre" in value and "kt.load_dataset(&quot;online_retail&quot;)" in value
    assert "```" not in value
    w.close()


# ---------------------------------------------------------------------------------------
# Navigation, summary, score, retry
# ---------------------------------------------------------------------------------------
def test_navigation(quiz):
    quiz.next_button.click()
    assert quiz.current == 1 and text(quiz.header_html) == "Question 2 of 6"
    assert shown_card(quiz) is quiz._cards["q2"].box
    assert not quiz.previous_button.disabled
    for _ in range(4):
        quiz.next_button.click()
    assert quiz.current == 5 and text(quiz.header_html) == "Question 6 of 6"
    assert quiz.next_button.disabled
    quiz.previous_button.click()
    assert quiz.current == 4 and shown_card(quiz) is quiz._cards["q7"].box
    # answers survive navigation
    answer(quiz, "q7", "draft")
    quiz.previous_button.click()
    quiz.next_button.click()
    assert quiz.answers["q7"] == "draft"


def test_go_to_refuses_a_bad_index(quiz):
    with pytest.raises(kt.ParameterError, match=r"`index` must be from 0 to 5, but 6 was passed"):
        quiz.go_to(6)
    with pytest.raises(kt.WrongTypeError, match=r"`index` must be a whole number, but '1'"):
        quiz.go_to("1")


def test_summary_view_and_back(quiz):
    check(quiz, "q1", "0.75")
    check(quiz, "q1", "0.25")  # right on the second try
    check(quiz, "q2", "B")  # right on the first try
    check(quiz, "q4", "lorenz")
    quiz.hint_buttons["q4"].click()
    quiz.finish_button.click()
    assert quiz.view == "summary"
    assert quiz.cards_box.children == () and quiz.header_html.value == ""
    assert quiz.nav_box.layout.display == "none"
    assert quiz.summary_box.layout.display == "flex"
    summary = text(quiz.summary_html)
    assert summary.startswith("Your results 2 of 6 correct, 1 of them on the first try")
    assert "Question Result Tries Hints Solution seen" in summary
    assert "1. Share of the top customer ✔ Correct 2 0 no" in summary
    assert "2. q2 ✔ Correct (first try) 1 0 no" in summary
    assert "4. q4 ✘ Not quite 1 1 no" in summary
    assert "5. Your portfolio ✎ Not attempted yet 0 0 no" in summary
    assert "Every question is correct" not in summary
    quiz.back_button.click()
    assert quiz.view == "questions" and shown_card(quiz) is quiz._cards["q1"].box


def test_score_first_try_versus_later(quiz):
    check(quiz, "q1", "0.75")
    check(quiz, "q1", "0.25")
    check(quiz, "q2", "B")
    check(quiz, "q4", "pareto")
    assert quiz.score == {
        "total": 6,
        "correct": 3,
        "first_try": 2,  # q2 and q4; q1 needed two tries
        "later": 1,
        "incorrect": 0,
        "uncheckable": 0,
        "not_attempted": 3,
    }
    assert text(quiz.score_html) == "3 of 6 correct, 2 of them on the first try"


def test_retry_resets_only_the_wrong_ones(quiz, log):
    check(quiz, "q1", "abc")  # uncheckable
    check(quiz, "q2", "A")  # wrong
    check(quiz, "q3", ["A", "C"])  # right
    answer(quiz, "q4", "pareto")  # typed, not checked
    quiz.hint_buttons["q2"].click()
    quiz.finish_button.click()
    assert not quiz.retry_button.disabled
    events = len(log)
    quiz.retry_button.click()
    assert quiz.answers == {
        "q1": "",
        "q2": None,
        "q3": ["A", "C"],
        "q4": "pareto",
        "q7": "",
        "q8": "",
    }
    assert quiz.results["q1"] == quiz.results["q2"] == "not_attempted"
    assert quiz.results["q3"] == "correct"
    assert quiz.feedback_html["q1"].value == quiz.feedback_html["q2"].value == ""
    assert quiz.hints_html["q2"].value == ""
    assert quiz.feedback_html["q3"].value != ""
    assert quiz.view == "questions" and quiz.current == 0  # the first reset question
    assert quiz.retry_button.disabled  # nothing wrong any more
    assert len(log) == events  # the progress history is kept, nothing recorded
    # Put right on the retry: correct, but not on the first try.
    check(quiz, "q2", "B")
    assert quiz.score["correct"] == 2 and quiz.score["first_try"] == 1


def test_retry_goes_to_the_first_wrong_question(quiz):
    check(quiz, "q1", "0.25")
    check(quiz, "q4", "lorenz")
    quiz.finish_button.click()
    quiz.retry_button.click()
    assert quiz.current == 3 and text(quiz.header_html) == "Question 4 of 6"


def test_start_again_resets_everything_but_the_history(quiz, log):
    check(quiz, "q1", "0.75")
    check(quiz, "q2", "B")
    check(quiz, "q7", LONG_ENOUGH)
    quiz.solution_buttons["q1"].click()
    quiz.go_to(3)
    quiz.finish_button.click()
    events = len(log)
    quiz.restart_button.click()
    assert quiz.results == dict.fromkeys(SHOWN, "not_attempted")
    assert quiz.answers == {"q1": "", "q2": None, "q3": [], "q4": "", "q7": "", "q8": ""}
    assert all(w.value == "" for w in quiz.feedback_html.values())
    assert quiz.solution_html["q1"].value == "" and quiz.rubric_boxes["q7"].children == ()
    assert quiz.current == 0 and quiz.view == "questions"
    assert quiz.state.table()["tries"].sum() == 0
    assert len(log) == events
    check(quiz, "q1", "0.25")
    assert quiz.score["first_try"] == 1  # a fresh start


def test_all_correct_says_so(ex):
    w = Quiz(ex, questions=["q2", "q4"])
    check(w, "q2", "B")
    check(w, "q4", "pareto")
    w.finish_button.click()
    assert "✔ Every question is correct. Well done!" in text(w.summary_html)
    assert w.retry_button.disabled
    w.close()


# ---------------------------------------------------------------------------------------
# Mode "all"
# ---------------------------------------------------------------------------------------
def test_mode_all_stacks_every_question(quiz_all):
    assert quiz_all.cards_box.children == tuple(c.box for c in quiz_all._cards.values())
    assert quiz_all.nav_box.layout.display == "none"
    assert quiz_all.check_all_box.layout.display != "none"
    assert quiz_all.header_html.value == ""
    assert text(quiz_all._cards["q1"].title_html) == "Question 1 of 6: Share of the top customer"
    assert text(quiz_all._cards["q2"].title_html) == "Question 2 of 6"
    assert quiz_all.summary_box.layout.display == "none"


def test_check_all(quiz_all, log):
    answer(quiz_all, "q1", "0.25")
    answer(quiz_all, "q2", "C")
    answer(quiz_all, "q8", "73,7 %")
    quiz_all.check_all_button.click()
    assert quiz_all.results == {
        "q1": "correct",
        "q2": "incorrect",
        "q3": "not_attempted",
        "q4": "not_attempted",
        "q7": "not_attempted",
        "q8": "correct",
    }
    assert text(quiz_all.feedback_html["q3"]).startswith(NOT_ATTEMPTED)
    assert quiz_all.summary_box.layout.display == "flex"
    assert "2 of 6 correct, 2 of them on the first try" in text(quiz_all.summary_html)
    assert len(log) == 6  # one check of each question
    # Checking all again checks only what changed.
    answer(quiz_all, "q2", "B")
    quiz_all.check_all_button.click()
    assert log[6:] == [(("99_quiz", "q2", "attempt"), {"outcome": "correct", "detail": None})]
    assert quiz_all.score["correct"] == 3


def test_mode_all_retry_and_start_again(quiz_all):
    answer(quiz_all, "q1", "0.75")
    answer(quiz_all, "q4", "pareto")
    quiz_all.check_all_button.click()
    quiz_all.retry_button.click()
    assert quiz_all.answers["q1"] == "" and quiz_all.answers["q4"] == "pareto"
    assert quiz_all.summary_box.layout.display == "none"
    quiz_all.check_all_button.click()
    quiz_all.restart_button.click()
    assert quiz_all.answers["q4"] == "" and quiz_all.score["correct"] == 0
    assert len(quiz_all.cards_box.children) == 6


# ---------------------------------------------------------------------------------------
# Progress: the engine's recorder, and the real store
# ---------------------------------------------------------------------------------------
def test_progress_goes_through_the_recorder(log):
    # list.append as the recorder: every event the quiz causes, in order.
    w = Quiz(Exercise(QUIZ_SPEC, recorder=lambda *args, **kwargs: log.append((args, kwargs))))
    check(w, "q1", "0.75")
    w.hint_buttons["q1"].click()
    check(w, "q1", "0.25")
    w.solution_buttons["q2"].click()
    assert log == [
        (("99_quiz", "q1", "attempt"), {"outcome": "incorrect", "detail": "0.75"}),
        (("99_quiz", "q1", "hint"), {"outcome": None, "detail": "1"}),
        (("99_quiz", "q1", "attempt"), {"outcome": "correct", "detail": None}),
        (("99_quiz", "q2", "solution"), {"outcome": None, "detail": None}),
    ]
    w.close()


def test_a_recorder_for_a_module_id():
    calls = []
    w = Quiz("00_start_here", recorder=lambda *args, **kwargs: calls.append(args))
    check(w, "q1", "68%")
    assert calls == [("00_start_here", "q1", "attempt")]
    w.close()


def test_a_shared_exercise_counts_in_its_score(ex):
    w = Quiz(ex)
    check(w, "q1", "0.75")
    check(w, "q1", "0.25")
    w.hint_buttons["q4"].click()
    score = ex.score()
    assert score.loc["q1", ["outcome", "attempts"]].tolist() == ["correct", 2]
    assert score.loc["q4", "hints"] == 1
    w.close()


def test_progress_reaches_the_real_store(tmp_path, monkeypatch):
    db = tmp_path / "progress.sqlite3"
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(db))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    w = Quiz("00_start_here")
    check(w, "q1", "0.2")  # wrong
    check(w, "q1", "0,68")  # right
    w.check_buttons["q3"].click()  # empty: not attempted, not counted
    w.hint_buttons["q3"].click()
    w.solution_buttons["q2"].click()
    w.close()
    summary = ProgressStore(db).summary().set_index("question")
    assert summary.loc["q1", ["attempts", "solved", "attempts_before_success"]].tolist() == [
        2,
        True,
        1,
    ]
    assert summary.loc["q3", ["attempts", "hints"]].tolist() == [0, 1]
    assert bool(summary.loc["q2", "solution_viewed"])
    # ... so the dashboard's next step is the first unsolved question.
    catalogue = {"00_start_here": ["q1", "q2", "q3"]}
    assert ProgressStore(db).next_step(catalogue).question == "q2"


# ---------------------------------------------------------------------------------------
# Options and errors
# ---------------------------------------------------------------------------------------
def test_shuffle_is_fixed_by_the_seed(ex):
    orders = set()
    for seed in range(6):
        a = Quiz(ex, shuffle=True, seed=seed)
        b = Quiz(ex, shuffle=True, seed=seed)
        order = [q.id for q in a.questions]
        assert order == [q.id for q in b.questions] and sorted(order) == SHOWN
        orders.add(tuple(order))
        a.close()
        b.close()
    assert len(orders) > 1


def test_seed_orders_the_options_as_in_the_notebook():
    for seed in ["Ana", "Ben"]:
        notebook = exercise("00_start_here", seed=seed, recorder=lambda *a, **k: None)
        w = Quiz("00_start_here", seed=seed, recorder=lambda *a, **k: None)
        for text_, label in w.question_widgets["q2"].options:
            assert f"**{text_.split(') ')[0]})** {text_.split(') ', 1)[1]}" in repr(notebook.q2)
            assert check(w, "q2", label).startswith(
                CORRECT if notebook.q2.evaluate(label).correct else NOT_QUITE
            )
        w.close()


def test_the_00_start_here_bank():
    w = Quiz("00_start_here", recorder=lambda *a, **k: None)
    assert [q.id for q in w.questions] == ["q1", "q2", "q3"] and w.skipped == []
    assert check(w, "q3", "the 80/20 rule").startswith(CORRECT)
    assert check(w, "q3", "key accounts").startswith(NOT_QUITE)
    w.close()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (
            {"mode": "some"},
            kt.ParameterError,
            r"`mode` must be one of \('one', 'all'\), but 'some'",
        ),
        ({"shuffle": "yes"}, kt.WrongTypeError, r"`shuffle` must be True or False, but 'yes'"),
        ({"recorder": 5}, kt.WrongTypeError, r"`recorder` must be a function.*but 5 was passed"),
        ({"questions": ["q9"]}, kt.ParameterError, r"`questions` must be ids of.*'q9' was passed"),
        ({"questions": ["q6"]}, kt.ParameterError, r"names 'q6', a function question"),
        ({"questions": "q1"}, kt.WrongTypeError, r"Write \['q1'\] for one question"),
    ],
)
def test_bad_options_are_refused(kwargs, error, match):
    with pytest.raises(error, match=match):
        Quiz(Exercise(QUIZ_SPEC), **kwargs)


def test_bad_banks_are_refused(ex):
    with pytest.raises(kt.WrongTypeError, match=r"`bank` must be a module id.*but 42 was passed"):
        Quiz(42)
    with pytest.raises(
        kt.ParameterError, match=r"no exercise '03_paretto'. Did you mean '03_pareto'"
    ):
        Quiz("03_paretto")
    with pytest.raises(kt.ParameterError, match=r"`recorder` can only be given with a module id"):
        Quiz(ex, recorder=print)


def test_a_bank_of_code_questions_only_is_refused():
    spec = copy.deepcopy(SPEC)
    spec["questions"] = [q for q in spec["questions"] if q["id"] in ("q5", "q6")]
    with pytest.raises(kt.EmptyDataError, match=r"has no question the quiz can show"):
        Quiz(Exercise(spec))


def test_check_of_an_unknown_question_is_an_error(quiz):
    with pytest.raises(kt.ParameterError, match=r"`qid` must be one of the quiz's.*'q5'"):
        quiz.check("q5")


# ---------------------------------------------------------------------------------------
# Look, display and close
# ---------------------------------------------------------------------------------------
def _all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)


def test_readable_on_a_projector(quiz):
    check(quiz, "q1", "0.75")
    quiz.hint_buttons["q1"].click()
    quiz.solution_buttons["q1"].click()
    quiz.finish_button.click()
    every = list(_all_widgets(quiz.root)) + [c.box for c in quiz._cards.values()]
    every = [w for top in every for w in _all_widgets(top)]
    html_blocks = [w for w in every if isinstance(w, widgets.HTML) and w.value]
    assert html_blocks
    for w in html_blocks:
        assert "<style>" in w.value or "font-size:16px" in w.value, w.value[:80]
    buttons = [w for w in every if isinstance(w, widgets.Button)]
    assert buttons and all(b.style.font_size == "16px" for b in buttons)
    assert "kam-quiz" in quiz.root._dom_classes and "kam-teach" in quiz.root._dom_classes


def test_results_carry_icons_and_words_not_colour_alone(quiz):
    check(quiz, "q1", "0.75")
    check(quiz, "q2", "B")
    quiz.finish_button.click()
    summary = text(quiz.summary_html)
    assert "✘ Not quite" in summary and "✔ Correct" in summary and "✎ Not attempted" in summary


def test_display_and_close(quiz):
    assert "application/vnd.jupyter.widget-view+json" in quiz._repr_mimebundle_()
    q7 = quiz.question_widgets["q7"]
    check(quiz, "q7", LONG_ENOUGH)
    (rubric,) = quiz.rubric_boxes["q7"].children
    quiz.close()
    assert quiz.root.comm is None and q7.comm is None and rubric.comm is None
    assert all(b.comm is None for b in quiz.check_buttons.values())


# ---------------------------------------------------------------------------------------
# The little Markdown renderer
# ---------------------------------------------------------------------------------------
def test_markdown_blocks():
    out = _markdown_html(
        "Intro *one* **two**\nsame paragraph\n\n- a `x`\n- b\n  continued\n\n```python\nif a < b:\n    pass\n```\nEnd"
    )
    assert out == (
        "<p style='margin:6px 0'>Intro <i>one</i> <b>two</b> same paragraph</p>"
        "<ul style='margin:6px 0'><li>a <code>x</code></li><li>b continued</li></ul>"
        "<pre style='font-size:16px; background:#f4f4f4; padding:8px 12px; "
        "border-radius:4px; overflow-x:auto; margin:6px 0'><code>if a &lt; b:\n    pass"
        "</code></pre><p style='margin:6px 0'>End</p>"
    )


def test_markdown_leaves_arithmetic_alone():
    assert _markdown_html("quantity × unit price, 2 * 3 * 4") == (
        "<p style='margin:6px 0'>quantity × unit price, 2 * 3 * 4</p>"
    )


_TAG = re.compile(r"</?([a-z]+)[^>]*>")


@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'*`-\n#/")), max_size=60))
def test_markdown_never_passes_html_through(source):
    out = _markdown_html(source)
    assert {m.group(1) for m in _TAG.finditer(out)} <= {"p", "ul", "li", "pre", "code", "b", "i"}
    # every character of the source (but markup and spacing) is still there, as text
    shown = html.unescape(_TAG.sub("", out))
    keep = set("ab<>&\"'#/")
    # a fence line's text after ``` is its language tag: never shown, as in CommonMark
    lines = source.strip("\n").splitlines()
    text = "".join(line for line in lines if not line.strip().startswith("```"))
    assert sorted(c for c in shown if c in keep) == sorted(c for c in text if c in keep)


# ---------------------------------------------------------------------------------------
# The real 03_pareto bank (its answers come from Online Retail)
# ---------------------------------------------------------------------------------------
def test_03_pareto_skips_its_code_questions():
    w = Quiz("03_pareto", recorder=lambda *a, **k: None)
    bank = w.exercise.questions
    code = [q for q in bank if q.type in ("series", "dataframe", "function")]
    assert code  # the module has analyst challenges
    assert w.skipped == [q.id for q in code]
    assert [q.id for q in w.questions] == [q.id for q in bank if q not in code]
    note = text(w.skipped_html)
    assert "answered with code in the notebook" in note
    for q in code:
        assert f"{q.id} ({q.heading})" in note
    assert "q7 (Analyst challenge: write share_of_top)" in note
    w.close()


@pytest.mark.slow
def test_03_pareto_numbers_as_typed():
    w = Quiz("03_pareto", recorder=lambda *a, **k: None)
    assert check(w, "q1", "73,7 %").startswith(CORRECT)
    shown = check(w, "q1", "0.74")
    assert "rounded too much" in shown and "0.737" not in shown and "73.7" not in shown
    shown = check(w, "q2", "10")
    assert shown.startswith(NOT_QUITE)
    w.close()


def test_a_question_answered_in_the_quiz_is_not_called_unattempted_in_its_cell(
    tmp_path, monkeypatch
):
    """The quiz and the notebook's check cells are one: both read the learner's progress."""
    from kamtools.checks import exercise

    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    ex = exercise("00_start_here")  # the real progress store, as in a module
    blank = ex.q1.check()
    assert blank.outcome == "not_attempted" and blank.title == "Not attempted yet"
    quiz = Quiz(ex, questions=["q1"])
    assert check(quiz, "q1", "68%").startswith(CORRECT)
    quiz.close()
    again = exercise("00_start_here").q1.check()  # the cell below, run afterwards
    assert (again.outcome, again.title) == ("correct", "Already solved")
    assert "already answered this question correctly" in again.message
    assert exercise("00_start_here").q1.check(0.5).outcome == "incorrect"  # a new answer counts
