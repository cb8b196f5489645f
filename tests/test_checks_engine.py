"""Tests for the self-check engine: the blank, results, questions, exercises, recording."""

from __future__ import annotations

import copy
import pickle
import re

import pandas as pd
import pytest

from kamtools.checks import CheckResult, Exercise, ____, available_exercises, exercise
from kamtools.checks.result import OUTCOMES, Markdown
from kamtools.errors import ParameterError, WrongTypeError

BLANK_MESSAGE = r"____ is a blank for you to fill in\. Replace it with your answer"

SPEC = {
    "module": "99_test",
    "title": "A test module",
    "questions": [
        {
            "id": "q1",
            "type": "numeric",
            "prompt": "What share?",
            "unit": "fraction",
            "expected": 0.25,
            "tolerance": {"abs": 0.001},
            "hints": ["Hint one.", "Hint two.", "Hint three."],
            "solution": "It is **0.25**.",
            "data_from": "start_revenue",
        },
        {
            "id": "q2",
            "type": "short_text",
            "title": "Name it",
            "prompt": "Which rule?",
            "accept": {"keywords": ["pareto"]},
            "solution": "Pareto.",
        },
    ],
}


@pytest.fixture
def log():
    return []


@pytest.fixture
def ex(log):
    return Exercise(SPEC, recorder=lambda *args, **kwargs: log.append((args, kwargs)))


# ---------------------------------------------------------------------------------------
# ____
# ---------------------------------------------------------------------------------------
class TestBlank:
    def test_shows_as_four_underscores(self):
        assert repr(____) == "____"
        assert str(____) == "____"
        assert f"{____}" == "____"

    def test_is_a_singleton_that_survives_copies_and_pickling(self):
        assert type(____)() is ____
        assert copy.copy(____) is ____
        assert copy.deepcopy([____])[0] is ____
        assert pickle.loads(pickle.dumps(____)) is ____

    @pytest.mark.parametrize(
        "operation",
        [
            lambda b: b + 1,
            lambda b: 1 + b,
            lambda b: b * 2,
            lambda b: b / 2,
            lambda b: 2**b,
            lambda b: -b,
            lambda b: b == 0.8,
            lambda b: b < 1,
            lambda b: bool(b),
            lambda b: len(b),
            lambda b: b[0],
            lambda b: b(),
            lambda b: float(b),
            lambda b: round(b, 2),
            lambda b: [x for x in b],
            lambda b: b.sum(),
            lambda b: f"{b:.2f}",
        ],
    )
    def test_any_calculation_raises_a_friendly_error(self, operation):
        with pytest.raises(WrongTypeError, match=BLANK_MESSAGE):
            operation(____)

    def test_attributes_cannot_be_set(self):
        with pytest.raises(WrongTypeError, match=BLANK_MESSAGE):
            ____.value = 1

    def test_probes_for_private_attributes_are_plain_attribute_errors(self):
        # IPython and numpy look for _repr_html_, __array__ ...: they must just be absent.
        assert not hasattr(____, "_repr_html_")
        assert not hasattr(____, "__array_interface__")

    def test_is_hashable(self):
        assert {____: 1}[____] == 1


# ---------------------------------------------------------------------------------------
# CheckResult and Markdown
# ---------------------------------------------------------------------------------------
class TestCheckResult:
    @pytest.mark.parametrize(
        ("outcome", "text"),
        [
            ("correct", "✔ Correct (q1): msg"),
            ("incorrect", "✘ Not quite (q1): msg"),
            ("not_attempted", "✎ Not attempted yet (q1): msg"),
            ("uncheckable", "⚠ I could not check this (q1): msg"),
        ],
    )
    def test_plain_text_says_the_outcome_in_words(self, outcome, text):
        result = CheckResult(outcome, "msg", "q1")
        assert str(result) == repr(result) == text
        assert result.correct is (outcome == "correct")

    def test_label_replaces_the_title_but_not_the_outcome(self):
        result = CheckResult("not_attempted", "msg", "q1", label="Keep <going>")
        assert result.outcome == "not_attempted"
        assert str(result) == "✎ Keep <going> (q1): msg"
        assert "</span> Keep &lt;going&gt;</strong>" in result._repr_html_()
        assert "kamtools-check-not_attempted" in result._repr_html_()

    def test_unknown_outcome_is_refused(self):
        with pytest.raises(
            ParameterError, match=r"`outcome` must be one of .* but 'maybe' was passed"
        ):
            CheckResult("maybe", "msg", "q1")

    @pytest.mark.parametrize("outcome", OUTCOMES)
    def test_html_box_has_icon_words_and_escaped_message(self, outcome):
        result = CheckResult(outcome, "Use <b> & `ex.q1.hint()`\nthen", "q1")
        html = result._repr_html_()
        assert 'role="status"' in html
        assert f"kamtools-check-{outcome}" in html
        assert '<span aria-hidden="true">' in html  # the icon is decorative...
        title = {
            "correct": "Correct",
            "incorrect": "Not quite",
            "not_attempted": "Not attempted yet",
            "uncheckable": "I could not check this",
        }
        assert f"</span> {title[outcome]}</strong>" in html  # ...the outcome is in words
        assert "Use &lt;b&gt; &amp; <code>ex.q1.hint()</code><br>then" in html
        assert "<b>" not in html

    def test_colours_differ_by_outcome(self):
        styles = {CheckResult(o, "m", "q")._repr_html_().split('style="')[1][:40] for o in OUTCOMES}
        assert len(styles) == 4

    def test_reflection_result_shows_model_answer_and_rubric(self):
        result = CheckResult(
            "correct",
            "Thanks.",
            "q8",
            model_answer="Model <answer>",
            rubric=("First & foremost", "Second"),
        )
        html = result._repr_html_()
        assert "A model answer" in html and "Model &lt;answer&gt;" in html
        assert "First &amp; foremost" in html and "Check your answer against this list" in html
        assert str(result).splitlines()[-2:] == ["[ ] First & foremost", "[ ] Second"]

    def test_is_frozen(self):
        result = CheckResult("correct", "m", "q1")
        with pytest.raises(AttributeError):
            result.outcome = "incorrect"  # type: ignore[misc]


def test_markdown_is_text_that_renders():
    text = Markdown("**Hint 1 of 2:** sort")
    assert text == "**Hint 1 of 2:** sort"
    assert text._repr_markdown_() == "**Hint 1 of 2:** sort"
    assert repr(text) == "**Hint 1 of 2:** sort"
    assert "sort" in text


# ---------------------------------------------------------------------------------------
# Question: check, assert_correct, hints, solution, data, display
# ---------------------------------------------------------------------------------------
class TestCheckAndRecord:
    def test_check_records_each_attempt_with_its_outcome(self, ex, log):
        ex.q1.check(0.3)
        ex.q1.check("25%")
        ex.q1.check(____)
        assert log == [
            # a wrong answer is recorded as the checker read it (for kamtools.item_analysis)
            (("99_test", "q1", "attempt"), {"outcome": "incorrect", "detail": "0.3"}),
            (("99_test", "q1", "attempt"), {"outcome": "correct", "detail": None}),
            (("99_test", "q1", "attempt"), {"outcome": "not_attempted", "detail": None}),
        ]
        assert ex.q1.outcomes == ["incorrect", "correct", "not_attempted"]

    def test_assert_correct_and_evaluate_record_nothing(self, ex, log):
        ex.q1.assert_correct(0.25)
        with pytest.raises(AssertionError):
            ex.q1.assert_correct(0.3)
        ex.q1.evaluate(0.3)
        assert log == []
        assert ex.q1.outcomes == []

    def test_assert_correct_returns_none_when_correct(self, ex):
        assert ex.q1.assert_correct("0,25") is None

    @pytest.mark.parametrize(
        ("qid", "answer"),
        [
            ("q1", 0.3),
            ("q1", 25),
            ("q1", ____),
            ("q1", "abc"),
            ("q1", None),
            ("q1", 0.5),
            ("q2", "the 80 rule"),
            ("q2", 3),
            ("q2", ""),
        ],
    )
    def test_assert_correct_raises_with_the_message_of_check(self, ex, qid, answer):
        question = getattr(ex, qid)
        result = question.check(answer)
        with pytest.raises(AssertionError) as err:
            question.assert_correct(answer)
        assert str(err.value) == result.message

    def test_incorrect_ends_with_the_hint_offer(self, ex):
        assert ex.q1.check(0.3).message.endswith("Stuck? Try `ex.q1.hint()`.")

    def test_without_hints_the_offer_is_the_solution(self, ex):
        assert ex.q2.check("80 rule").message.endswith(
            "Stuck? `ex.q2.solution()` shows a worked solution."
        )

    def test_other_outcomes_have_no_offer(self, ex):
        for answer in (0.25, ____, "abc"):
            assert "Stuck?" not in ex.q1.check(answer).message

    def test_the_variable_name_is_used_in_messages(self):
        quiz = Exercise(SPEC, recorder=lambda *a, **k: None, variable="quiz")
        assert quiz.q1.check(0.3).message.endswith("Stuck? Try `quiz.q1.hint()`.")
        assert "`quiz.q1.solution()`" in quiz.q1.hint() + quiz.q1.hint() + quiz.q1.hint()

    def test_the_answer_is_never_changed(self, ex):
        answer = [0.25]
        ex.q1.check(answer)
        assert answer == [0.25]

    def test_default_recorder_is_kamtools_progress_record(self, monkeypatch):
        import kamtools.progress

        calls = []
        monkeypatch.setattr(kamtools.progress, "record", lambda *a, **k: calls.append((a, k)))
        Exercise(SPEC).q1.check(0.25)
        assert calls == [(("99_test", "q1", "attempt"), {"outcome": "correct", "detail": None})]


class TestHints:
    def test_hints_escalate_then_repeat_the_last_with_the_solution_offer(self, ex, log):
        first, second, third, again = (ex.q1.hint() for _ in range(4))
        assert first == "**Hint 1 of 3:** Hint one."
        assert second == "**Hint 2 of 3:** Hint two."
        last = (
            "**Hint 3 of 3:** Hint three.\n\n"
            "That was the last hint. `ex.q1.solution()` shows a worked solution."
        )
        assert third == again == last
        assert isinstance(first, Markdown)
        assert [kw["detail"] for args, kw in log if args[2] == "hint"] == ["1", "2", "3", "3"]
        assert ex.q1.hints_shown == 3

    def test_no_hints(self, ex, log):
        assert ex.q2.hint() == (
            "There is no hint for this question. `ex.q2.solution()` shows a worked solution."
        )
        assert log == []

    def test_the_check_message_does_not_depend_on_hints_seen(self, ex):
        before = ex.q1.evaluate(0.3).message
        ex.q1.hint()
        assert ex.q1.evaluate(0.3).message == before


class TestSolution:
    def test_solution_is_markdown_and_recorded(self, ex, log):
        text = ex.q1.solution()
        assert isinstance(text, Markdown)
        assert text == "**Solution**\n\nIt is **0.25**."
        assert log == [(("99_test", "q1", "solution"), {"outcome": None, "detail": None})]
        assert ex.q1.solution_shown


class TestData:
    def test_data_is_a_fresh_copy(self, ex):
        data = ex.q1.data()
        data["Aurora Foods"] = 0
        assert ex.q1.data()["Aurora Foods"] == 420

    def test_question_without_data(self, ex):
        with pytest.raises(
            ParameterError, match=r"This question comes without data of its own; `ex.q2`"
        ):
            ex.q2.data()

    def test_rubric_only_for_reflection(self, ex):
        with pytest.raises(
            ParameterError, match=r"Only reflection questions have a checklist; `ex.q1`"
        ):
            ex.q1.rubric()


class TestDisplay:
    def test_question_shows_heading_prompt_and_how_to_answer(self, ex):
        text = ex.q1._repr_markdown_()
        assert text.startswith("**Question 1** (q1)\n\nWhat share?\n\nAnswer with a fraction")
        assert ex.q2._repr_markdown_().startswith("**Name it** (q2)\n\nWhich rule?")
        assert repr(ex.q1) == text

    def test_exercise_lists_its_questions(self, ex):
        assert ex._repr_markdown_() == (
            "**A test module** (99_test)\n\n- `ex.q1`: Question 1\n- `ex.q2`: Name it"
        )


# ---------------------------------------------------------------------------------------
# Exercise
# ---------------------------------------------------------------------------------------
class TestExercise:
    def test_questions_by_attribute_and_in_order(self, ex):
        assert [q.id for q in ex.questions] == ["q1", "q2"]
        assert ex.q1 is ex.questions[0]
        assert ex.module == "99_test" and ex.title == "A test module"
        assert {"q1", "q2"} <= set(dir(ex))

    def test_unknown_question(self, ex):
        with pytest.raises(
            AttributeError,
            match=r"This exercise has no question 'q9'\. Its questions are: q1, q2\.",
        ):
            ex.q9  # noqa: B018
        with pytest.raises(
            AttributeError,
            match=r"no question 'qq1'\. Did you mean q1\? Its questions are: q1, q2\.",
        ):
            ex.qq1  # noqa: B018

    def test_private_names_are_plain_attribute_errors(self, ex):
        assert not hasattr(ex, "_repr_html_")

    def test_score_of_this_session(self, ex):
        ex.q1.check(0.3)
        ex.q1.check(0.25)
        ex.q1.check(0.3)  # once correct, the question stays correct
        ex.q1.hint()
        ex.q2.check(3)
        ex.q2.solution()
        score = ex.score()
        expected = pd.DataFrame(
            {
                "type": ["numeric", "short_text"],
                "outcome": ["correct", "uncheckable"],
                "attempts": [3, 1],
                "hints": [1, 0],
                "solution": [False, True],
            },
            index=pd.Index(["q1", "q2"], name="question"),
        )
        pd.testing.assert_frame_equal(score, expected, check_dtype=False)

    def test_score_before_any_check(self, ex):
        assert ex.score()["outcome"].tolist() == ["not_attempted", "not_attempted"]

    def test_an_invalid_spec_is_refused(self):
        from kamtools.checks import SpecError

        broken = {**SPEC, "questions": [{**SPEC["questions"][0], "unit": "euros"}]}
        with pytest.raises(SpecError, match=r"99_test\.yml: question 'q1', field 'unit'"):
            Exercise(broken)


class TestExerciseFunction:
    def test_loads_a_module(self):
        ex = exercise("00_start_here", recorder=lambda *a, **k: None)
        assert ex.module == "00_start_here"
        assert [q.id for q in ex.questions] == ["q1", "q2", "q3"]

    def test_each_call_is_a_fresh_session(self):
        first = exercise("00_start_here", recorder=lambda *a, **k: None)
        first.q1.check(0.68)
        second = exercise("00_start_here", recorder=lambda *a, **k: None)
        assert second.q1.outcomes == []

    @pytest.mark.parametrize(
        ("name", "message"),
        [
            (
                "03_paretto",
                r"There is no exercise '03_paretto'\. Did you mean '03_pareto'\? The exercises are: "
                + re.escape(", ".join(available_exercises())),
            ),
            ("03", r"There is no exercise '03'\. Did you mean '03_pareto'\?"),
            (
                "zzz",
                r"There is no exercise 'zzz'\. The exercises are: "
                + re.escape(", ".join(available_exercises())),
            ),
        ],
    )
    def test_unknown_module(self, name, message):
        with pytest.raises(ParameterError, match=message):
            exercise(name)

    def test_module_must_be_text(self):
        with pytest.raises(
            WrongTypeError,
            match=r'Give the module as text in quotes, like kt\.exercise\("03_pareto"\), but got 3',
        ):
            exercise(3)  # type: ignore[arg-type]
