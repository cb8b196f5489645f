"""kamtools.checks.quiz: which questions a quiz shows, feedback worded for buttons, the score."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamtools.checks import Exercise, exercise
from kamtools.checks.quiz import (
    CODE_TYPES,
    QUIZ_TYPES,
    QuizState,
    choice_options,
    for_widget,
    hint_lines,
    quiz_order,
    select_questions,
)
from kamtools.checks.result import OUTCOMES
from kamtools.errors import EmptyDataError, ParameterError, WrongTypeError
from kamtools.messages import t

# One question of every type; q5 and q6 are answered with code.
SPEC = {
    "module": "99_quiz",
    "title": "A test quiz",
    "questions": [
        {
            "id": "q1",
            "type": "numeric",
            "title": "Share of the top customer",
            "prompt": "What share does the top customer bring?",
            "unit": "fraction",
            "expected": 0.25,
            "tolerance": {"abs": 0.001},
            "mistakes": [{"value": 0.75, "message": "That is the share of all the others."}],
            "hints": ["Divide by the total.", "The total is 400."],
            "solution": "100 / 400 = **0.25**.",
        },
        {
            "id": "q2",
            "type": "single_choice",
            "prompt": "Which one?",
            "options": [
                {"text": "Alpha", "explanation": "Alpha is too small."},
                {"text": "Beta", "correct": True, "explanation": "Beta is the largest."},
                {"text": "Gamma", "explanation": "Gamma is a region."},
            ],
            "hints": ["Look for the largest."],
            "solution": "Beta.",
        },
        {
            "id": "q3",
            "type": "multiple_choice",
            "prompt": "Which ones?",
            "options": [
                {"text": "One", "correct": True, "explanation": "One belongs."},
                {"text": "Two", "explanation": "Two does not belong."},
                {"text": "Three", "correct": True, "explanation": "Three belongs."},
            ],
            "solution": "One and Three.",
        },
        {
            "id": "q4",
            "type": "short_text",
            "prompt": "Which rule?",
            "accept": {"keywords": ["pareto"]},
            "mistakes": [{"keywords": ["lorenz"], "message": "Lorenz sorts from the smallest."}],
            "hints": ["An Italian economist."],
            "solution": "The Pareto rule.",
        },
        {
            "id": "q5",
            "type": "series",
            "prompt": "Totals per customer.",
            "expected_from": "invoice_table_totals",
            "solution": "Use groupby.",
        },
        {
            "id": "q6",
            "type": "function",
            "prompt": "Write double(x).",
            "name": "double",
            "cases": [{"args": [2], "expected": 4}],
            "solution": "def double(x): return 2 * x",
        },
        {
            "id": "q7",
            "type": "reflection",
            "title": "Your portfolio",
            "prompt": "Think of your portfolio: how much of the revenue do your largest customers bring?",
            "min_chars": 20,
            "model_answer": "Our top fifth brings about 70%.",
            "rubric": ["I gave a share.", "I said what it means."],
        },
    ],
}


@pytest.fixture
def ex():
    return Exercise(SPEC, recorder=lambda *args, **kwargs: None)


# ---------------------------------------------------------------------------------------
# select_questions
# ---------------------------------------------------------------------------------------
class TestSelectQuestions:
    def test_default_shows_every_widget_type_and_skips_code(self, ex):
        shown, skipped = select_questions(ex)
        assert [q.id for q in shown] == ["q1", "q2", "q3", "q4", "q7"]
        assert [q.id for q in skipped] == ["q5", "q6"]
        assert {q.type for q in shown} == set(QUIZ_TYPES)
        assert {q.type for q in skipped} <= set(CODE_TYPES)

    def test_a_subset_keeps_its_order_and_lists_nothing_skipped(self, ex):
        shown, skipped = select_questions(ex, ["q4", "q1"])
        assert [q.id for q in shown] == ["q4", "q1"]
        assert skipped == []
        assert [q.id for q in select_questions(ex, ("q2",))[0]] == ["q2"]

    def test_unknown_id_suggests_the_closest(self, ex):
        with pytest.raises(ParameterError, match=r"but 'q11' was passed\. Did you mean 'q1'\?"):
            select_questions(ex, ["q11"])
        with pytest.raises(ParameterError, match=r"`questions` must be ids of '99_quiz'.*'zzz'"):
            select_questions(ex, ["zzz"])

    def test_a_code_question_is_refused_by_name(self, ex):
        with pytest.raises(ParameterError, match=r"names 'q6', a function question answered"):
            select_questions(ex, ["q1", "q6"])

    def test_repeats_and_empty_lists_are_refused(self, ex):
        with pytest.raises(ParameterError, match=r"names 'q1' twice"):
            select_questions(ex, ["q1", "q1"])
        with pytest.raises(ParameterError, match=r"at least one question.*but \[\] was passed"):
            select_questions(ex, [])

    def test_wrong_types_are_refused(self, ex):
        with pytest.raises(WrongTypeError, match=r"but 'q1' was passed\. Write \['q1'\]"):
            select_questions(ex, "q1")
        with pytest.raises(WrongTypeError, match=r"ids as text, like 'q1', but 1 was passed"):
            select_questions(ex, [1])
        with pytest.raises(WrongTypeError, match=r"`questions` must be a list.*but 7 was passed"):
            select_questions(ex, 7)
        with pytest.raises(WrongTypeError, match=r"`ex` must be a kamtools Exercise.*'03_pareto'"):
            select_questions("03_pareto")

    def test_a_bank_of_code_questions_only_is_empty(self):
        spec = copy.deepcopy(SPEC)
        spec["questions"] = [q for q in spec["questions"] if q["type"] in CODE_TYPES]
        ex = Exercise(spec, recorder=lambda *args, **kwargs: None)
        with pytest.raises(
            EmptyDataError, match=r"'99_quiz' has no question.*q5 \(series\), q6 \(function\)"
        ):
            select_questions(ex)


# ---------------------------------------------------------------------------------------
# quiz_order
# ---------------------------------------------------------------------------------------
def test_order_is_unchanged_without_shuffle():
    assert quiz_order(5, module="m", seed="anything") == [0, 1, 2, 3, 4]


@given(st.integers(min_value=0, max_value=30), st.text(max_size=10))
def test_shuffled_order_is_a_permutation_fixed_by_the_seed(n, seed):
    order = quiz_order(n, module="03_pareto", shuffle=True, seed=seed)
    assert sorted(order) == list(range(n))
    assert order == quiz_order(n, module="03_pareto", shuffle=True, seed=seed)


def test_different_seeds_give_different_orders():
    orders = {tuple(quiz_order(6, module="m", shuffle=True, seed=s)) for s in range(10)}
    assert len(orders) > 1


# ---------------------------------------------------------------------------------------
# choice_options
# ---------------------------------------------------------------------------------------
def test_choice_options_in_displayed_order(ex):
    options = choice_options(ex.q2)
    assert [(o["label"], o["text"], o["correct"]) for o in options] == [
        ("A", "Alpha", False),
        ("B", "Beta", True),
        ("C", "Gamma", False),
    ]
    assert options[1]["explanation"] == "Beta is the largest."


def test_choice_options_follow_the_shuffle_of_the_notebook():
    # Label X in the widget must mean the same option as ex.q2.check("X") in the notebook.
    for seed in ["Ana", "Ben", 3]:
        ex = exercise("00_start_here", seed=seed, recorder=lambda *args, **kwargs: None)
        for o in choice_options(ex.q2):
            assert f"**{o['label']})** {o['text']}" in repr(ex.q2)
            assert ex.q2.evaluate(o["label"]).correct is o["correct"]


def test_choice_options_of_another_type_is_an_error(ex):
    with pytest.raises(ParameterError, match=r"'q1' is a numeric question"):
        choice_options(ex.q1)


# ---------------------------------------------------------------------------------------
# for_widget
# ---------------------------------------------------------------------------------------
class TestForWidget:
    def test_the_offer_names_the_button(self, ex):
        raw = ex.q1.evaluate(0.75)
        assert raw.message.endswith("Stuck? Try `ex.q1.hint()`.")
        shown = for_widget(ex.q1, raw)
        assert shown.message == "That is the share of all the others. Stuck? Press Hint."
        assert shown.outcome == "incorrect" and shown.question == "q1"

    def test_without_hints_the_offer_is_the_solution(self, ex):
        shown = for_widget(ex.q3, ex.q3.evaluate(["A"]))
        assert shown.message == (
            "At least one more option is right: look at the others again. "
            "Stuck? Show solution gives a worked solution."
        )

    @pytest.mark.parametrize(
        ("qid", "answer", "message"),
        [
            ("q1", "", "The box is empty. Type your answer, then press Check."),
            ("q4", "   ", "The box is empty. Type your answer, then press Check."),
            ("q2", None, "No option is chosen yet. Choose one, then press Check."),
            (
                "q3",
                [],
                "No option is ticked yet. Tick every option that applies, then press Check.",
            ),
            ("q7", "", "The box is empty. Write a few sentences, then press Submit."),
        ],
    )
    def test_empty_answers_say_what_to_do_in_the_widget(self, ex, qid, answer, message):
        from kamtools.checks import ____

        question = getattr(ex, qid)
        raw = question.evaluate(____ if answer is None else answer)
        assert raw.outcome == "not_attempted"
        shown = for_widget(question, raw)
        assert shown.outcome == "not_attempted"
        assert shown.message == message
        assert "cell" not in shown.message and "____" not in shown.message

    def test_a_reflection_thanks_without_the_notebook_call(self, ex):
        raw = ex.q7.evaluate("Our top fifth brings most of the revenue.")
        assert "ex.q7.rubric()" in raw.message
        shown = for_widget(ex.q7, raw)
        assert shown.message == t("quiz.reflection_thanks")
        assert shown.model_answer == raw.model_answer and shown.rubric == raw.rubric

    def test_specific_feedback_is_kept_word_for_word(self, ex):
        for question, answer in [(ex.q1, "abc"), (ex.q1, "0.25"), (ex.q4, "lorenz"), (ex.q7, "x")]:
            raw = question.evaluate(answer)
            shown = for_widget(question, raw)
            offer = t("check.offer_hint", call=f"{question.prefix}.hint()")
            assert shown.message.replace(t("quiz.offer_hint"), offer) == raw.message
            assert shown.outcome == raw.outcome

    def test_another_variable_name_is_handled(self):
        ex = Exercise(SPEC, recorder=lambda *args, **kwargs: None, variable="pareto")
        shown = for_widget(ex.q1, ex.q1.evaluate(0.75))
        assert shown.message.endswith("Stuck? Press Hint.")
        assert "pareto.q1" not in shown.message


# ---------------------------------------------------------------------------------------
# hint_lines
# ---------------------------------------------------------------------------------------
def test_hint_lines_escalate(ex):
    assert hint_lines(ex.q1, 0) == []
    assert hint_lines(ex.q1, 1) == ["**Hint 1 of 2:** Divide by the total."]
    assert hint_lines(ex.q1, 2) == [
        "**Hint 1 of 2:** Divide by the total.",
        "**Hint 2 of 2:** The total is 400.",
        "That was the last hint. Show solution gives a worked solution.",
    ]
    assert hint_lines(ex.q3, 0) == []


@pytest.mark.parametrize("level", [-1, 3, 1.0, True, "1"])
def test_hint_lines_refuse_a_level_out_of_range(ex, level):
    with pytest.raises(ParameterError, match=r"`level` must be a whole number from 0 to 2"):
        hint_lines(ex.q1, level)


# ---------------------------------------------------------------------------------------
# QuizState
# ---------------------------------------------------------------------------------------
class TestQuizState:
    def test_starts_with_nothing_attempted(self):
        state = QuizState(["q1", "q2"])
        assert state.results == {"q1": "not_attempted", "q2": "not_attempted"}
        assert state.score() == {
            "total": 2,
            "correct": 0,
            "first_try": 0,
            "later": 0,
            "incorrect": 0,
            "uncheckable": 0,
            "not_attempted": 2,
        }

    def test_first_try_and_later(self):
        state = QuizState(["q1", "q2", "q3", "q4"])
        state.checked("q1", "correct")  # first try
        state.checked("q2", "incorrect")
        state.checked("q2", "correct")  # later
        state.checked("q3", "not_attempted")  # an empty answer is not a try ...
        state.checked("q3", "correct")  # ... so this is the first try
        state.checked("q4", "uncheckable")  # counts as a try, as in the progress store
        state.checked("q4", "correct")
        score = state.score()
        # correct: q1..q4 = 4; first try: q1, q3 = 2; later: 4 - 2 = 2
        assert (score["correct"], score["first_try"], score["later"]) == (4, 2, 2)
        table = state.table()
        assert table["tries"].to_dict() == {"q1": 1, "q2": 2, "q3": 1, "q4": 2}
        assert table["first_try"].to_dict() == {"q1": True, "q2": False, "q3": True, "q4": False}

    def test_correct_then_wrong_is_no_longer_correct(self):
        state = QuizState(["q1"])
        state.checked("q1", "correct")
        state.checked("q1", "incorrect")
        assert state.score()["correct"] == 0 and state.score()["first_try"] == 0
        assert state.wrong() == ["q1"]

    def test_retry_resets_only_the_wrong_ones_and_keeps_their_tries(self):
        state = QuizState(["q1", "q2", "q3", "q4"])
        state.checked("q1", "correct")
        state.checked("q2", "incorrect")
        state.checked("q3", "uncheckable")
        state.hint("q2", 2)
        state.solution("q2")
        assert state.retry() == ["q2", "q3"]
        assert state.results == {
            "q1": "correct",
            "q2": "not_attempted",
            "q3": "not_attempted",
            "q4": "not_attempted",
        }
        assert state.hint_level("q2") == 0
        table = state.table()
        # History since the start is kept: q2 tried once, one hint seen, solution seen.
        assert table.loc["q2", ["tries", "hints", "solution"]].tolist() == [1, 1, True]
        state.checked("q2", "correct")
        assert not state.first_try("q2")  # its first try was wrong
        assert state.retry() == []

    def test_restart_resets_everything(self):
        state = QuizState(["q1", "q2"])
        state.checked("q1", "incorrect")
        state.checked("q2", "correct")
        state.hint("q1", 1)
        state.solution("q1")
        state.restart()
        assert state.score()["not_attempted"] == 2
        assert state.table()[["tries", "hints", "solution"]].to_dict("list") == {
            "tries": [0, 0],
            "hints": [0, 0],
            "solution": [False, False],
        }
        state.checked("q1", "correct")
        assert state.first_try("q1")

    def test_hints_escalate_up_to_the_last(self):
        state = QuizState(["q1"])
        assert [state.hint("q1", 2) for _ in range(4)] == [1, 2, 2, 2]
        assert state.hint("q1", 0) == 0  # a question without hints
        assert state.table().loc["q1", "hints"] == 2  # the most seen

    def test_table_columns_and_index(self):
        table = QuizState(["b", "a"]).table()
        assert list(table.columns) == ["result", "first_try", "tries", "hints", "solution"]
        assert list(table.index) == ["b", "a"] and table.index.name == "question"

    def test_bad_input_is_refused(self):
        state = QuizState(["q1"])
        with pytest.raises(ParameterError, match=r"`qid` must be one of.*but 'q9' was passed"):
            state.checked("q9", "correct")
        with pytest.raises(ParameterError, match=r"`outcome` must be one of.*but 'right' was"):
            state.checked("q1", "right")
        with pytest.raises(ParameterError, match=r"`available` must be a whole number.*-1"):
            state.hint("q1", -1)
        with pytest.raises(ParameterError, match=r"`qid` must be one of.*but 'q2' was passed"):
            state.solution("q2")
        with pytest.raises(ParameterError, match=r"`ids` must be unique, but 'a' is repeated"):
            QuizState(["a", "b", "a"])
        with pytest.raises(ParameterError, match=r"at least one question, but \[\] was passed"):
            QuizState([])
        with pytest.raises(WrongTypeError, match=r"`ids` must be a list.*but 'q1' was passed"):
            QuizState("q1")
        with pytest.raises(WrongTypeError, match=r"`ids` must hold text ids, but 1 was passed"):
            QuizState([1])


_EVENTS = st.lists(
    st.one_of(
        st.tuples(st.just("check"), st.integers(0, 3), st.sampled_from(OUTCOMES)),
        st.tuples(st.just("hint"), st.integers(0, 3), st.integers(0, 3)),
        st.tuples(st.just("solution"), st.integers(0, 3), st.none()),
        st.tuples(st.just("retry"), st.none(), st.none()),
    ),
    max_size=40,
)


@given(_EVENTS)
def test_score_invariants_hold_for_any_sequence(events):
    ids = ["q1", "q2", "q3", "q4"]
    state = QuizState(ids)
    for kind, i, value in events:
        if kind == "check":
            state.checked(ids[i], value)
        elif kind == "hint":
            state.hint(ids[i], value)
        elif kind == "solution":
            state.solution(ids[i])
        else:
            before = state.results
            reset = state.retry()
            after = state.results
            # retry touches only the wrong questions, and leaves none wrong
            assert all(after[q] == before[q] for q in ids if q not in reset)
            assert all(before[q] in ("incorrect", "uncheckable") for q in reset)
            assert state.wrong() == []
        s = state.score()
        assert 0 <= s["first_try"] <= s["correct"] <= s["total"] == 4
        assert s["first_try"] + s["later"] == s["correct"]
        assert s["correct"] + s["incorrect"] + s["uncheckable"] + s["not_attempted"] == 4
        table = state.table()
        assert (table["tries"] >= table["first_try"].astype(int)).all()
        assert list(table["result"]) == list(state.results.values())
