"""Each kind of question checked against a right answer, a wrong one, each listed mistake,
an unattempted one and a malformed one (learntools style)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamtools.checks import Exercise, ____
from kamtools.checks.choice import shuffled_order
from kamtools.content import answers
from kamtools.messages import t

OFFER = "Stuck? Try `ex.q1.hint()`."
QUOTES = (
    ' Put your answer in quotes, like "your words": without quotes, Python reads a word as '
    "the name of something in the notebook."
)


def question(spec: dict, *, seed: object = None, log: list | None = None):
    """``ex.q1`` of a one-question exercise built from ``spec`` (defaults filled in)."""
    base = {"id": "q1", "prompt": "A question?", "hints": ["First hint.", "Second hint."]}
    if spec.get("type") != "reflection":
        base["solution"] = "The worked solution."
    events = log if log is not None else []
    ex = Exercise(
        {"module": "99_test", "title": "Test", "questions": [{**base, **spec}]},
        seed=seed,
        recorder=lambda *args, **kwargs: events.append((args, kwargs)),
    )
    return ex.q1


def outcome(q, answer) -> tuple[str, str]:
    result = q.check(answer)
    return result.outcome, result.message


@pytest.fixture
def registry(monkeypatch):
    """Register test-only answers functions (and start from an empty cache)."""
    monkeypatch.setattr(answers, "_CACHE", {})

    def add(name, func):
        monkeypatch.setitem(answers.ANSWERS, name, func)

    return add


# =======================================================================================
# numeric
# =======================================================================================
FRACTION = {
    "type": "numeric",
    "unit": "fraction",
    "expected": 0.25,
    "tolerance": {"abs": 0.001},
    "mistakes": [
        {"value": 0.5, "message": "You took the top half."},
        # start_top2_share is 0.68 = (420 + 260) / 1000
        {"value_from": "start_top2_share", "message": "That is the start page's example."},
    ],
}


class TestNumericFraction:
    @pytest.mark.parametrize(
        "answer", [0.25, 0.2504, "0.25", "0,25", "25%", "25 %", np.float64(0.25), np.array(0.25)]
    )
    def test_right(self, answer):
        assert outcome(question(FRACTION), answer) == ("correct", "Well done!")

    def test_a_decimal_comma_without_quotes_gets_explained(self):
        # In Python, 0,25 is the pair (0, 25): the learner meant 0.25.
        assert outcome(question(FRACTION), (0, 25)) == (
            "uncheckable",
            "It looks like you wrote a decimal comma: in Python 0,25 is two numbers. Write "
            '0.25 with a dot, or put it in quotes: "0,25".',
        )
        assert outcome(question(FRACTION), (1, 2, 3))[0] == "uncheckable"

    def test_spec_correct_message(self):
        q = question({**FRACTION, "correct": "Yes: one in four."})
        assert outcome(q, 0.25) == ("correct", "Yes: one in four.")

    def test_wrong_gets_the_general_message_and_the_hint_offer(self):
        # 0.4 is no rounding of 0.25 (|0.4 - 0.25| > 0.05) and no power of ten away.
        result = question(FRACTION).check(0.4)
        assert result.outcome == "incorrect"
        assert result.message == (
            "That is not it yet. Read the question once more and go through your steps "
            "again. " + OFFER
        )

    def test_spec_incorrect_message(self):
        q = question({**FRACTION, "incorrect": "Count again."})
        assert outcome(q, 0.4) == ("incorrect", f"Count again. {OFFER}")

    @pytest.mark.parametrize(
        ("answer", "message"),
        [
            (0.5, "You took the top half."),
            ("50%", "You took the top half."),
            (0.5005, "You took the top half."),  # within the tolerance 0.001
            (0.68, "That is the start page's example."),  # a value_from mistake
        ],
    )
    def test_each_listed_mistake(self, answer, message):
        assert outcome(question(FRACTION), answer) == ("incorrect", f"{message} {OFFER}")

    @pytest.mark.parametrize(
        ("answer", "start"),
        [
            (25, "This looks like a percentage, but the question asks for a fraction"),
            ("25", "This looks like a percentage"),
            (25.03, "This looks like a percentage"),  # 25.03 / 100 within the tolerance
            (-0.25, "The size looks right, but the sign is not."),
            ("(25%)", "The size looks right, but the sign is not."),
            # 0.2 is 0.25 rounded to 1 decimal; the tolerance 0.001 needs 3 decimals
            (
                0.2,
                "You are close, but the answer is rounded too much. Keep at least 3 decimal "
                "places in a fraction, or 1 in a percentage.",
            ),
            (250, "The digits look right, but the size is off"),  # x 1000
            (0.025, "The digits look right, but the size is off"),  # / 10
        ],
    )
    def test_diagnostics(self, answer, start):
        result = question(FRACTION).check(answer)
        assert result.outcome == "incorrect"
        assert result.message.startswith(start)
        assert result.message.endswith(OFFER)

    def test_rounded_fraction_with_a_whole_number_percentage_does_not_say_or_0(self):
        # 1.05 with tolerance 0.005 needs 2 decimals (0.5 * 10**-2 = 0.005); as a
        # percentage 105% needs 2 - 2 = 0 decimals: "or 0 in a percentage" reads as "type 0"
        spec = {
            "type": "numeric",
            "unit": "fraction",
            "expected": 1.05,
            "tolerance": {"abs": 0.005},
        }
        result = question(spec).check(1)  # 1.05 rounded to 0 decimals
        assert result.outcome == "incorrect"
        assert result.message == (
            "You are close, but the answer is rounded too much. Keep at least 2 decimal places "
            f"in a fraction; a percentage may be a whole number. {OFFER}"
        )
        assert "or 0" not in result.message

    def test_not_attempted(self):
        q = question(FRACTION)
        assert outcome(q, ____) == (
            "not_attempted",
            "Replace ____ with your answer, then run the cell again.",
        )
        assert q.check().outcome == "not_attempted"  # check() with no answer at all
        assert outcome(q, "  ")[0] == "not_attempted"

    @pytest.mark.parametrize(
        ("default", "answer", "attempted"),
        [
            (0, 0, False),
            (0, 0.0, False),
            (0, "0", True),
            (0, 0.1, True),
            (None, None, False),
            ("type here", " type here ", False),
            ("type here", "x", True),
        ],
    )
    def test_unchanged_default_is_not_attempted(self, default, answer, attempted):
        result = question({**FRACTION, "default": default}).check(answer)
        assert (result.outcome != "not_attempted") == attempted
        if not attempted:
            assert result.message.startswith("This is still the starting value.")

    @pytest.mark.parametrize(
        ("answer", "message"),
        [
            ("abc", "I could not read 'abc' as a number."),
            ("1,234", "'1,234' could mean 1234 or 1.234."),
            (True, "I expected a number written with digits, but got the yes/no value True."),
            (
                None,
                "I expected a number written with digits, but got nothing (the empty value None).",
            ),
            ([0.25], "I expected a number written with digits, but got a list with one value."),
            (
                pd.Series([0.25, 0.5]),
                "I expected a number written with digits, but got a column of 2 values.",
            ),
            (float("nan"), "Your answer is an empty value (NaN)"),
            (float("inf"), "Your answer is infinitely large"),
        ],
    )
    def test_malformed_is_uncheckable_with_a_plain_reason(self, answer, message):
        result = question(FRACTION).check(answer)
        assert result.outcome == "uncheckable"
        assert result.message.startswith(message)
        assert "Stuck?" not in result.message


class TestNumericOtherUnits:
    PERCENT = {"type": "numeric", "unit": "percent", "expected": 25, "tolerance": {"abs": 0.1}}
    COUNT = {
        "type": "numeric",
        "unit": "count",
        "expected": 1178,
        "mistakes": [
            {"value": 0.26944, "message": "That is the share of customers."},
            {"value": 1133, "message": "Gross, not net."},
        ],
    }
    CURRENCY = {
        "type": "numeric",
        "unit": "currency",
        "currency": "GBP",
        "expected": 1234.5,
        "tolerance": {"abs": 0.01},
    }

    @pytest.mark.parametrize("answer", [25, "25", "25%", "25 %", 25.05])
    def test_percent_right(self, answer):
        assert outcome(question(self.PERCENT), answer)[0] == "correct"

    def test_percent_given_as_fraction(self):
        result = question(self.PERCENT).check(0.25)
        assert result.message.startswith(
            "This looks like a fraction, but the question asks for a percentage"
        )

    @pytest.mark.parametrize("answer", [1178, 1178.0, "1178", "1 178", np.int64(1178)])
    def test_count_right(self, answer):
        assert outcome(question(self.COUNT), answer)[0] == "correct"

    @pytest.mark.parametrize(
        ("answer", "start"),
        [
            (1179, "That is not it yet."),  # counts are exact
            (1133, "Gross, not net."),
            (0.27, "That is the share of customers."),  # the mistake, rounded
            (1178.5, "The question asks how many, so the answer is a whole number."),
            (11780, "The digits look right, but the size is off"),
        ],
    )
    def test_count_wrong(self, answer, start):
        assert question(self.COUNT).check(answer).message.startswith(start)

    def test_a_rounded_answer_that_fits_two_mistakes_names_neither(self):
        spec = {
            **FRACTION,
            "mistakes": [
                {"value": 0.76, "message": "Mistake one."},
                {"value": 0.78, "message": "Mistake two."},
            ],
        }
        # 0.8 is a rounding of both 0.76 and 0.78: no mistake can be named.
        message = question(spec).check(0.8).message
        assert "Mistake" not in message

    def test_count_refuses_a_percentage(self):
        assert outcome(question(self.COUNT), "27%") == (
            "uncheckable",
            "This question does not ask for a percentage. Write the plain number, without the % sign.",
        )

    @pytest.mark.parametrize("answer", [1234.5, "£1,234.50", "1 234,50 GBP", "1234,5"])
    def test_currency_right(self, answer):
        assert outcome(question(self.CURRENCY), answer)[0] == "correct"

    def test_currency_other_currency_is_uncheckable(self):
        assert outcome(question(self.CURRENCY), "€1,234.50") == (
            "uncheckable",
            "Your answer is in EUR, but the question asks for an amount in GBP.",
        )

    def test_currency_without_a_named_currency_accepts_any(self):
        spec = {**self.CURRENCY}
        del spec["currency"]
        assert outcome(question(spec), "€1,234.50")[0] == "correct"

    def test_number_unit_reads_percentages_as_fractions(self):
        spec = {"type": "numeric", "unit": "number", "expected": 1.5, "tolerance": {"rel": 0.01}}
        assert outcome(question(spec), "150%")[0] == "correct"
        assert outcome(question(spec), 1.51)[0] == "correct"  # within 1% of 1.5

    def test_expected_from_is_computed(self):
        spec = {**FRACTION, "expected_from": "start_top2_share", "mistakes": []}
        del spec["expected"]
        assert outcome(question(spec), "68%")[0] == "correct"

    @pytest.mark.parametrize(
        ("unit", "text"),
        [
            ("fraction", "Answer with a fraction like 0.25"),
            ("percent", "Answer with a percentage like 25"),
            ("count", "Answer with a whole number"),
            ("number", "Answer with a number like 1.5"),
        ],
    )
    def test_how_to_answer_is_shown(self, unit, text):
        spec = {"type": "numeric", "unit": unit, "expected": 1, "tolerance": {"abs": 0.1}}
        assert text in question(spec)._repr_markdown_()

    def test_no_general_format_line_when_the_prompt_gives_the_format(self):
        spec = {
            "type": "numeric",
            "unit": "fraction",
            "prompt": "What share? Answer with a fraction with three decimals, such as 0.512.",
            "expected": 0.25,
            "tolerance": {"abs": 0.001},
            "format_hint": False,
        }
        shown = question(spec)._repr_markdown_()
        assert "such as 0.512" in shown  # the prompt's own format line
        assert "Answer with a fraction like 0.25" not in shown  # not the general one too
        assert (
            question({**spec, "format_hint": True})
            ._repr_markdown_()
            .endswith(
                'Answer with a fraction like 0.25, or with a percentage in quotes like "25%".'
            )
        )

    def test_how_to_answer_names_the_currency(self):
        assert "Answer with an amount in GBP" in question(self.CURRENCY)._repr_markdown_()


# =======================================================================================
# single and multiple choice
# =======================================================================================
SINGLE = {
    "type": "single_choice",
    "options": [
        {"text": "Press Enter", "explanation": "Enter adds a line."},
        {"text": "Press Shift + Enter", "correct": True, "explanation": "Yes, it runs the cell."},
        {"text": "Press Ctrl + S", "explanation": "That saves."},
    ],
}
MULTIPLE = {
    "type": "multiple_choice",
    "options": [
        {"text": "Net the cancellations", "correct": True, "explanation": "A: right."},
        {"text": "Drop big orders", "explanation": "B: no, keep them."},
        {"text": "Drop lines without id", "correct": True, "explanation": "C: right."},
        {"text": "Drop negative customers", "explanation": "D: no, they count as 0."},
    ],
}


class TestSingleChoice:
    @pytest.mark.parametrize(
        "answer",
        [
            "b",
            "B",
            "B)",
            "(b)",
            " b. ",
            "B:",
            "press shift + enter",
            "Press  Shift + Enter.",
            ["B"],
        ],
    )
    def test_right(self, answer):
        assert outcome(question(SINGLE), answer) == ("correct", "Yes, it runs the cell.")

    @pytest.mark.parametrize(
        ("answer", "explanation"), [("a", "Enter adds a line."), ("C", "That saves.")]
    )
    def test_wrong_gets_the_explanation_of_its_option(self, answer, explanation):
        assert outcome(question(SINGLE), answer) == ("incorrect", f"{explanation} {OFFER}")

    def test_not_attempted(self):
        assert outcome(question(SINGLE), ____)[0] == "not_attempted"
        assert outcome(question(SINGLE), "")[0] == "not_attempted"

    @pytest.mark.parametrize(
        ("answer", "message"),
        [
            ("E", "There is no option E here. Choose a letter from A to C."),
            ("A, B", "You chose 2 options, but this question has one answer."),
            ("I think B", "I could not match 'I think B' to an option."),
            ("shift", "I could not match 'shift' to an option."),
            (2, 'I expected the letter of one option, like "B", but got the number 2.'),
            (None, 'I expected the letter of one option, like "B", but got nothing'),
            ([1, 2], 'I expected the letter of one option, like "B", but got a list of 2 values.'),
        ],
    )
    def test_malformed(self, answer, message):
        result = question(SINGLE).check(answer)
        assert result.outcome == "uncheckable"
        assert result.message.startswith(message)

    def test_display_shows_the_options_with_labels(self):
        text = question(SINGLE)._repr_markdown_()
        assert "- **A)** Press Enter\n- **B)** Press Shift + Enter\n- **C)** Press Ctrl + S" in text
        assert 'for example `ex.q1.check("B")`' in text


class TestMultipleChoice:
    @pytest.mark.parametrize(
        "answer",
        [
            ["A", "C"],
            ("c", "a"),
            {"A", "C"},
            "A, C",
            "a c",
            "A and C",
            "c;a",
            "A/C",
            "(a) (c)",
            ["Net the cancellations", "drop lines without id"],
            ["A", "A", "C"],
        ],
    )
    def test_right(self, answer):
        result = question(MULTIPLE).check(answer)
        assert result.outcome == "correct"
        assert result.message == "A: A: right. C: C: right."

    def test_a_missing_option(self):
        assert outcome(question(MULTIPLE), ["A"]) == (
            "incorrect",
            f"At least one more option is right: look at the others again. {OFFER}",
        )

    def test_a_wrong_option_is_explained(self):
        assert outcome(question(MULTIPLE), "A, B, C") == (
            "incorrect",
            f"B: B: no, keep them. {OFFER}",
        )

    def test_wrong_and_missing(self):
        message = question(MULTIPLE).check("B, D").message
        assert message == (
            "B: B: no, keep them. D: D: no, they count as 0. "
            f"At least one more option is right: look at the others again. {OFFER}"
        )

    def test_nothing_chosen_is_not_attempted(self):
        assert outcome(question(MULTIPLE), [])[0] == "not_attempted"

    @pytest.mark.parametrize(
        ("answer", "message"),
        [
            ("A, Q", "There is no option Q here. Choose a letter from A to D."),
            ("A, xyz", "I could not match 'A, xyz' to an option."),
            (["A", 3], "I expected the letters of the options you choose"),
            (3, "I expected the letters of the options you choose"),
        ],
    )
    def test_malformed(self, answer, message):
        result = question(MULTIPLE).check(answer)
        assert result.outcome == "uncheckable"
        assert result.message.startswith(message)


class TestShuffle:
    SHUFFLED = {
        **MULTIPLE,
        "type": "single_choice",
        "shuffle": True,
        "options": [{**o, "correct": i == 2} for i, o in enumerate(MULTIPLE["options"])],
    }

    def _label_of(self, q, text):
        return q._checker.labels[[o["text"] for o in q._checker.options].index(text)]

    def test_order_is_stable_for_the_same_question_and_seed(self):
        a = question(self.SHUFFLED, seed="ana")._repr_markdown_()
        b = question(self.SHUFFLED, seed="ana")._repr_markdown_()
        assert a == b

    def test_order_depends_on_the_seed(self):
        orders = {tuple(shuffled_order(4, "q1", seed)) for seed in range(20)}
        assert len(orders) > 1

    def test_order_depends_on_the_question(self):
        orders = {tuple(shuffled_order(4, f"q{i}", None)) for i in range(20)}
        assert len(orders) > 1

    @pytest.mark.parametrize("seed", [None, 1, "bob", "ana"])
    def test_labels_follow_the_displayed_order(self, seed):
        q = question(self.SHUFFLED, seed=seed)
        label = self._label_of(q, "Drop lines without id")
        assert f"**{label})** Drop lines without id" in q._repr_markdown_()
        assert q.check(label).outcome == "correct"
        others = sorted(set("ABCD") - {label})
        assert all(q.check(x).outcome == "incorrect" for x in others)

    def test_without_shuffle_the_spec_order_is_kept(self):
        q = question(MULTIPLE, seed="anything")
        assert [o["text"] for o in q._checker.options] == [o["text"] for o in MULTIPLE["options"]]

    def test_every_permutation_is_a_permutation(self):
        for n in range(2, 8):
            assert sorted(shuffled_order(n, "q3", "x")) == list(range(n))


# =======================================================================================
# short text
# =======================================================================================
KEYWORDS = {
    "type": "short_text",
    "accept": {"keywords": [["net", "netto"], "cancel"]},
    "mistakes": [{"keywords": ["gross"], "message": "Gross is before cancellations."}],
}
FUZZY = {
    "type": "short_text",
    "accept": {"answers": ["Pareto curve", "Pareto"]},
    "mistakes": [{"answers": ["Lorenz curve"], "message": "Lorenz sorts from the smallest."}],
}


class TestShortText:
    @pytest.mark.parametrize(
        "answer",
        [
            "net of cancellations",
            "NET, cancelled invoices subtracted",
            "Netto minus Cancelled",
            "cancellations netted... net revenue",
        ],
    )
    def test_keywords_right(self, answer):
        assert outcome(question(KEYWORDS), answer)[0] == "correct"

    @pytest.mark.parametrize("answer", ["net revenue", "uncancelled net", "internet cancel"])
    def test_keywords_must_all_start_a_word(self, answer):
        # "net revenue" lacks "cancel"; "uncancelled" does not start with "cancel";
        # "internet" does not start with "net".
        assert outcome(question(KEYWORDS), answer) == (
            "incorrect",
            "That is not it yet. Read the question once more and go through your steps "
            f"again. {OFFER}",
        )

    def test_keyword_mistake(self):
        assert outcome(question(KEYWORDS), "gross sales") == (
            "incorrect",
            f"Gross is before cancellations. {OFFER}",
        )

    @pytest.mark.parametrize(
        "answer", ["Pareto curve", "pareto", "the Pareto curve", "Paretto curve", "PARETO-CURVE"]
    )
    def test_fuzzy_right(self, answer):
        assert outcome(question(FUZZY), answer)[0] == "correct"

    def test_fuzzy_mistake_and_wrong(self):
        assert outcome(question(FUZZY), "lorenz curve") == (
            "incorrect",
            f"Lorenz sorts from the smallest. {OFFER}",
        )
        assert outcome(question(FUZZY), "whale curve")[0] == "incorrect"

    def test_threshold(self):
        strict = {**FUZZY, "accept": {"answers": ["Pareto curve"], "threshold": 1.0}}
        assert outcome(question(strict), "Paretto curve")[0] == "incorrect"
        assert outcome(question(strict), "pareto  CURVE!")[0] == "correct"  # normalised

    def test_accents_do_not_matter(self):
        spec = {**KEYWORDS, "accept": {"keywords": ["łódź"]}}
        assert outcome(question(spec), "Lodz")[0] == "correct"

    def test_not_attempted_and_malformed(self):
        assert outcome(question(FUZZY), "")[0] == "not_attempted"
        assert outcome(question(FUZZY), ____)[0] == "not_attempted"
        assert outcome(question(FUZZY), 5) == (
            "uncheckable",
            'I expected a short text in quotes, like "net revenue", but got the number 5.' + QUOTES,
        )


# =======================================================================================
# Series and DataFrame
# =======================================================================================
SERIES = {
    "type": "series",
    "expected_from": "invoice_table_totals",
    "rows_hint": "one row per customer with a known id",
    "mistakes": [
        {"value_from": "invoice_table_gross_totals", "message": "Cancellations left out."}
    ],
}


def _invoice_lines() -> pd.DataFrame:
    return answers.compute("invoice_table")


class TestSeries:
    def test_expected_values_by_hand(self):
        # Aurora 10*2.5 + 4*2.5 - 2*2.5 = 30; Baltic 5*10 + 1*10 = 60; Castor 20*1.5 - 20*1.5 = 0;
        # the line without a customer id (3 * 4.0) is left out.
        expected = answers.compute("invoice_table_totals")
        assert expected.to_dict() == {"Aurora": 30.0, "Baltic": 60.0, "Castor": 0.0}

    def test_right_in_many_shapes(self):
        q = question(SERIES)
        lines = _invoice_lines()
        value = lines["quantity"] * lines["unit_price"]
        by_groupby = value.groupby(lines["customer_id"]).sum()
        assert q.check(by_groupby).outcome == "correct"
        assert q.check(by_groupby.iloc[::-1]).outcome == "correct"  # order does not matter
        assert q.check(by_groupby.rename("whatever")).outcome == "correct"  # names do not
        assert q.check(by_groupby.astype(int)).outcome == "correct"  # dtype does not
        assert q.check({"Aurora": 30, "Baltic": 60, "Castor": 0}).outcome == "correct"

    def test_listed_mistake(self):
        lines = _invoice_lines()
        sales = lines[~lines["invoice"].str.startswith("C")]
        gross = (sales["quantity"] * sales["unit_price"]).groupby(sales["customer_id"]).sum()
        assert outcome(question(SERIES), gross) == ("incorrect", f"Cancellations left out. {OFFER}")

    @pytest.mark.parametrize(
        ("answer", "message"),
        [
            # groupby(dropna=False) keeps the line without id as a fourth row
            (
                pd.Series([30.0, 60.0, 0.0, 12.0], index=["Aurora", "Baltic", "Castor", None]),
                "Your table has 4 rows; the expected one has one row per customer with a known id.",
            ),
            (
                pd.Series([30.0, 60.0], index=["Aurora", "Baltic"]),
                "Your table has 2 rows; the expected one has one row per customer",
            ),
            (
                pd.Series([30.0, 60.0, 0.0], index=["Aurora", "Baltic", "Aurora"]),
                "The row label 'Aurora' appears more than once.",
            ),
            (
                pd.Series([30.0, 60.0, 0.0], index=["Aurora", "Baltic", None]),
                "One of your rows has an empty label (a missing customer id).",
            ),
            (
                pd.Series([30.0, 60.0, 0.0], index=["Aurora", "Baltic", "Zorro"]),
                "1 of your row labels are not expected, for example 'Zorro'.",
            ),
            (
                pd.Series([30.5, 60.0, 0.0], index=["Aurora", "Baltic", "Castor"]),
                "1 of your values differ from the expected ones, for example the one for 'Aurora' (you have 30.5).",
            ),
        ],
    )
    def test_wrong_answers_are_explained_in_plain_words(self, answer, message):
        result = question(SERIES).check(answer)
        assert result.outcome == "incorrect"
        assert result.message == f"{message} {OFFER}" or result.message.startswith(message)

    def test_without_rows_hint(self):
        spec = {k: v for k, v in SERIES.items() if k != "rows_hint"}
        message = question(spec).check(pd.Series([1.0])).message
        assert message.startswith(
            "Your table has 1 rows, which is not the number of rows expected."
        )

    def test_names_when_they_count(self):
        spec = {**SERIES, "rules": {"check_names": True}}
        right = answers.compute("invoice_table_totals")
        assert question(spec).check(right).outcome == "correct"
        message = question(spec).check(right.rename("total")).message
        assert message.startswith(
            "The values look right, but the column is named 'total'; it should be named 'net_value'."
        )

    def test_row_order_when_it_counts(self):
        spec = {**SERIES, "rules": {"check_like": False}}
        right = answers.compute("invoice_table_totals")
        assert question(spec).check(right).outcome == "correct"
        message = question(spec).check(right.iloc[::-1]).message
        assert message.startswith("The rows are right, but in another order")

    def test_ignore_index(self):
        spec = {**SERIES, "rules": {"ignore_index": True}}
        assert question(spec).check(pd.Series([30, 60, 0])).outcome == "correct"
        assert (
            question(spec)
            .check(pd.Series([30, 60, 1]))
            .message.startswith(
                "1 of your values differ from the expected ones, for example the one for 2 (you have 1)."
            )
        )

    def test_rtol(self):
        loose = {**SERIES, "rules": {"rtol": 0.01}}
        near = pd.Series({"Aurora": 30.2, "Baltic": 60.0, "Castor": 0.0})
        assert question(loose).check(near).outcome == "correct"
        assert question(SERIES).check(near).outcome == "incorrect"

    def test_the_answer_is_not_changed(self):
        answer = pd.Series([60.0, 30.0, 0.0], index=["Baltic", "Aurora", "Castor"])
        before = answer.copy()
        question({**SERIES, "rules": {"check_like": True}}).check(answer)
        pd.testing.assert_series_equal(answer, before)

    def test_not_attempted_and_malformed(self):
        q = question(SERIES)
        assert outcome(q, ____)[0] == "not_attempted"
        assert outcome(q, 5) == (
            "uncheckable",
            "I expected a column of values (a pandas Series), but got the number 5.",
        )
        table = answers.compute("invoice_table_totals").to_frame()
        assert outcome(q, table) == (
            "uncheckable",
            "I expected one column of values (a Series), but got a table with one column. "
            "Take the column out of the table, for example `table['net_value']`.",
        )


class TestDataFrame:
    @pytest.fixture
    def spec(self, registry):
        registry(
            "test_table",
            lambda: pd.DataFrame(
                {"customer": ["A", "B"], "value": [3.0, 1.0], "share": [0.75, 0.25]}
            ).set_index("customer"),
        )
        registry(
            "test_table_swapped",
            lambda: pd.DataFrame(
                {"customer": ["A", "B"], "value": [1.0, 3.0], "share": [0.25, 0.75]}
            ).set_index("customer"),
        )
        return {
            "type": "dataframe",
            "expected_from": "test_table",
            "mistakes": [{"value_from": "test_table_swapped", "message": "Swapped."}],
        }

    def _right(self):
        return pd.DataFrame({"value": [3, 1], "share": [0.75, 0.25]}, index=["A", "B"])

    def test_right(self, spec):
        assert question(spec).check(self._right()).outcome == "correct"
        reordered = self._right()[["share", "value"]].iloc[::-1]
        assert question(spec).check(reordered).outcome == "correct"

    def test_mistake(self, spec):
        swapped = pd.DataFrame({"value": [1.0, 3.0], "share": [0.25, 0.75]}, index=["A", "B"])
        assert outcome(question(spec), swapped) == ("incorrect", f"Swapped. {OFFER}")

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda d: d.drop(columns="share"), "Your table lacks these columns: 'share'."),
            (lambda d: d.assign(extra=1), "Your table has columns that are not expected: 'extra'."),
            (
                lambda d: d.assign(share=[0.7, 0.25]),
                "In column 'share', 1 of your values differ from the expected ones, for example the one for 'A' (you have 0.7).",
            ),
        ],
    )
    def test_wrong(self, spec, change, message):
        assert question(spec).check(change(self._right())).message.startswith(message)

    def test_required_columns_allow_extra_ones(self, spec):
        relaxed = {**spec, "rules": {"required_columns": ["value"]}}
        assert question(relaxed).check(self._right().assign(extra=1)).outcome == "correct"
        message = question(relaxed).check(self._right().drop(columns="value")).message
        assert message.startswith("Your table lacks these columns: 'value'.")

    def test_column_order_when_it_counts(self, spec):
        strict = {**spec, "rules": {"check_like": False}}
        assert question(strict).check(self._right()).outcome == "correct"
        message = question(strict).check(self._right()[["share", "value"]]).message
        assert message.startswith("The columns are right, but in another order")

    def test_malformed(self, spec):
        assert outcome(question(spec), pd.Series([1.0]))[1] == (
            "I expected a table (a pandas DataFrame), but got a column with one value."
        )


# =======================================================================================
# function
# =======================================================================================
FUNCTION = {
    "type": "function",
    "name": "share_of_top",
    "cases": [
        {"args": [[50, 30, 10, 5, 5], 1], "expected": 0.5},  # 50 / 100
        {
            "args": [[5, 5, 10, 30, 50], 2],
            "expected_from": "share_of_top_reference",
            "message": "Are the values sorted?",
        },  # (50 + 30) / 100 = 0.8
        {"args": [[3, 1]], "kwargs": {"k": 1}, "expected": 0.75},  # 3 / 4
    ],
}


def share_of_top(values, k):
    largest = sorted(values, reverse=True)[:k]
    return sum(largest) / sum(values)


class TestFunction:
    def test_right(self):
        assert outcome(question(FUNCTION), share_of_top)[0] == "correct"
        assert (
            outcome(question(FUNCTION), lambda values, k: np.float64(share_of_top(values, k)))[0]
            == "correct"
        )

    def test_wrong_names_the_case_and_what_came_back(self):
        def unsorted(values, k):
            return sum(values[:k]) / sum(values)

        assert outcome(question(FUNCTION), unsorted) == (
            "incorrect",
            "Test 2: share_of_top([5, 5, 10, 30, 50], 2) gave back 0.1, which is not the right "
            f"result. Are the values sorted? {OFFER}",
        )

    def test_an_error_is_reported(self):
        def boom(values, k):
            return 1 / 0

        assert outcome(question(FUNCTION), boom)[1] == (
            "Test 1: share_of_top([50, 30, 10, 5, 5], 1) stopped with an error: "
            f"ZeroDivisionError: division by zero. {OFFER}"
        )

    def test_no_return_is_reported(self):
        def nothing(values, k):
            sum(values)

        assert outcome(question(FUNCTION), nothing)[1].startswith(
            "Test 1: share_of_top([50, 30, 10, 5, 5], 1) gave back nothing. Does your function "
            "end with a `return` line?"
        )

    def test_a_function_still_returning_the_placeholder_is_not_attempted(self):
        from kamtools.checks import ____

        def untouched(values, k):
            return ____

        assert outcome(question(FUNCTION), untouched) == (
            "not_attempted",
            "Your function `share_of_top` still gives back ____. Replace ____ inside it with "
            "your calculation, run that cell, then check again.",
        )

    def test_kwargs_are_passed(self):
        def positional_only(values, k, /):
            return share_of_top(values, k)

        message = outcome(question(FUNCTION), positional_only)[1]
        assert message.startswith(
            "Test 3: share_of_top([3, 1], k=1) stopped with an error: TypeError"
        )

    def test_a_function_that_changes_its_input_does_not_spoil_the_cases(self):
        def sorts_in_place(values, k):
            values.sort(reverse=True)
            return sum(values[:k]) / sum(values)

        assert outcome(question(FUNCTION), sorts_in_place)[0] == "correct"
        assert FUNCTION["cases"][1]["args"] == [[5, 5, 10, 30, 50], 2]

    def test_text_is_not_a_number(self):
        message = outcome(question(FUNCTION), lambda values, k: "0.5")[1]
        assert message.startswith("Test 1: share_of_top([50, 30, 10, 5, 5], 1) gave back '0.5'")

    def test_tolerance(self):
        almost = lambda values, k: share_of_top(values, k) + 1e-6  # noqa: E731
        assert outcome(question(FUNCTION), almost)[0] == "incorrect"  # default rel 1e-9
        loose = {**FUNCTION, "tolerance": {"abs": 1e-4}}
        assert outcome(question(loose), almost)[0] == "correct"

    @pytest.mark.parametrize(
        ("expected", "got", "same"),
        [
            ([1, 2.0], [1.0, 2], True),
            ([1, 2], np.array([1, 2]), True),
            ([1, 2], [1, 2, 3], False),
            ({"a": 1}, {"a": 1.0}, True),
            ({"a": 1}, {"b": 1}, False),
            ("x", "x", True),
            (True, 1, False),
            (None, None, True),
            (1, True, False),
        ],
    )
    def test_comparison_of_results(self, expected, got, same):
        checker = question(FUNCTION)._checker
        assert checker.same(got, expected) is same

    def test_not_attempted_and_malformed(self):
        assert outcome(question(FUNCTION), ____)[0] == "not_attempted"
        assert outcome(question(FUNCTION), 5) == (
            "uncheckable",
            "I expected a function (written with def), but got the number 5.",
        )
        assert outcome(question(FUNCTION), dict)[0] == "uncheckable"  # a class is not one


# =======================================================================================
# reflection
# =======================================================================================
REFLECTION = {
    "type": "reflection",
    "min_chars": 20,
    "model_answer": "A model answer.",
    "rubric": ["I named a number.", "I said what it means."],
}


REAL = "Three large clients bring most of our sales, so losing one would hurt."


class TestReflectionRules:
    """Filler, repetition and text beside the question are never a reflection."""

    ON_TOPIC = {
        **REFLECTION,
        "min_chars": 60,
        "prompt": "How concentrated is the revenue of your portfolio, and what follows?",
    }

    def check(self, text, spec=ON_TOPIC):
        result = question(spec).check(text)
        return result.outcome, result.label, result.message

    def test_letters_repeated_are_not_a_reflection(self):
        outcome_, label, message = self.check("aaaa " * 40)
        assert (outcome_, label) == ("not_attempted", "Keep going")
        assert message.startswith("There is too little variety in your text (different words: 1;")

    def test_one_sentence_pasted_again_and_again_is_caught(self):
        outcome_, _, message = self.check("Our revenue depends on a few key accounts. " * 6)
        assert outcome_ == "not_attempted"
        assert message == t("reflection.repeated_sentence")

    def test_the_same_words_over_and_over_are_caught(self):
        text = "revenue portfolio customers big small revenue portfolio customers big small " * 4
        outcome_, _, message = self.check(text)
        assert outcome_ == "not_attempted" and message == t("reflection.repetitive")

    def test_text_beside_the_question_names_the_key_ideas(self):
        text = "Yesterday we watched a long film about dragons and then ate pizza in town."
        outcome_, _, message = self.check(text)
        assert outcome_ == "not_attempted"
        assert "“concentrated”, “revenue”, “portfolio”" in message

    def test_key_terms_match_other_word_forms(self):
        text = "Our portfolios are concentrated: two customers bring almost half of it."
        assert self.check(text)[0] == "correct"

    def test_spec_key_terms_replace_the_ones_from_the_prompt(self):
        spec = {**self.ON_TOPIC, "key_terms": ["whale"]}
        text = "Our portfolio is concentrated: two customers bring almost half of it."
        assert self.check(text, spec)[0] == "not_attempted"
        assert self.check(text + " The whale curve shows it.", spec)[0] == "correct"

    def test_polish_text_counts_as_words(self):
        text = "Nasz portfel jest skoncentrowany: dwóch klientów daje połowę przychodów."
        spec = {**self.ON_TOPIC, "key_terms": ["portfel"]}
        assert self.check(text, spec)[0] == "correct"

    def test_key_terms_come_from_title_and_prompt(self):
        from kamtools.checks.reflection import key_terms

        assert key_terms("Your own portfolio", "Would its top 20% of customers bring more?") == (
            "portfolio",
            "customers",
            "bring",
        )

    @given(st.text(alphabet="ab ", min_size=60, max_size=400))
    def test_two_letter_noise_is_never_correct(self, text):
        assert self.check(text)[0] == "not_attempted"


class TestReflection:
    def test_too_short_is_encouraged(self):
        assert outcome(question(REFLECTION), "Too short.") == (
            "not_attempted",
            "A good start! Write a little more: you have 10 characters, and the model answer "
            "opens after 20.",
        )

    def test_spaces_at_the_ends_do_not_count(self):
        assert (
            outcome(question(REFLECTION), " " * 30 + "Too short." + " " * 30)[0] == "not_attempted"
        )

    def test_too_short_is_labelled_keep_going_not_not_attempted(self):
        # the learner did write something: the box says "Keep going", while the outcome
        # that progress and grading count stays "not_attempted"
        result = question(REFLECTION).check("Too short.")
        assert result.outcome == "not_attempted"
        assert result.label == "Keep going"
        assert str(result).startswith("✎ Keep going (q1): A good start!")
        assert "</span> Keep going</strong>" in result._repr_html_()
        assert "Not attempted yet" not in str(result) + result._repr_html_()

    def test_an_empty_reflection_is_still_not_attempted_yet(self):
        result = question(REFLECTION).check(____)
        assert result.label == ""
        assert str(result).startswith("✎ Not attempted yet (q1):")

    def test_long_enough_reveals_model_answer_and_rubric(self):
        result = question(REFLECTION).check(REAL)
        assert result.outcome == "correct"
        assert result.model_answer == "A model answer."
        assert result.rubric == ("I named a number.", "I said what it means.")
        assert "`ex.q1.rubric()`" in result.message
        assert "A model answer." in str(result) and "[ ] I named a number." in str(result)
        assert "A model answer." in result._repr_html_()

    def test_not_attempted_and_malformed(self):
        assert outcome(question(REFLECTION), ____)[0] == "not_attempted"
        assert outcome(question(REFLECTION), "")[0] == "not_attempted"
        assert outcome(question(REFLECTION), 42) == (
            "uncheckable",
            "I expected a few sentences in quotes, but got the number 42." + QUOTES,
        )

    def test_solution_opens_only_after_reflecting(self):
        log = []
        q = question(REFLECTION, log=log)
        locked = q.solution()
        assert "Write your own answer first" in locked
        assert "A model answer." not in locked
        assert log == []
        q.check(REAL)
        opened = q.solution()
        assert "A model answer." in opened and "- [ ] I named a number." in opened
        assert log[-1] == (("99_test", "q1", "solution"), {"outcome": None, "detail": None})

    def test_rubric_ticks_are_recorded(self):
        log = []
        box = question(REFLECTION, log=log).rubric()
        heading, first, second = box.children
        assert "Check your answer against this list" in heading.value
        assert first.description == "I named a number."
        second.value = True
        first.value = True
        second.value = False
        details = [json.loads(kw["detail"]) for args, kw in log if args[2] == "rubric"]
        assert details == [
            {"item": 2, "ticked": True},
            {"item": 1, "ticked": True},
            {"item": 2, "ticked": False},
        ]

    def test_rubric_shown_again_keeps_the_ticks(self):
        q = question(REFLECTION)
        q.rubric().children[2].value = True
        again = q.rubric()
        assert [box.value for box in again.children[1:]] == [False, True]
        assert q.ticked == {2}


# =======================================================================================
# property: whatever the expected value, a wrong answer's message never contains it
# =======================================================================================


@given(
    expected=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(
        lambda x: abs(x) > 1e-3
    ),
    factor=st.sampled_from([100, 0.01, -1, 1000, 0.1, 1.5, 0.5, 7]),
    unit=st.sampled_from(["fraction", "percent", "number"]),
)
def test_numeric_messages_never_contain_the_expected_value(expected, factor, unit):
    spec = {"type": "numeric", "unit": unit, "expected": expected, "tolerance": {"rel": 1e-4}}
    result = question(spec).check(expected * factor)
    assert result.outcome == "incorrect"
    for form in (repr(expected), f"{expected:.2f}", f"{expected:.3f}", f"{100 * expected:.1f}"):
        assert form not in result.message


# =======================================================================================
# A name from the notebook instead of text (answer = plan, where plan is a widget)
# =======================================================================================
class DossierBuilder:
    """Stands in for a widget of the notebook (only its kind matters to the message)."""


@pytest.mark.parametrize(
    ("spec", "expects"),
    [
        (FUZZY, 'I expected a short text in quotes, like "net revenue"'),
        (SINGLE, 'I expected the letter of one option, like "B"'),
        (MULTIPLE, 'I expected the letters of the options you choose, like "A, C"'),
        (REFLECTION, "I expected a few sentences in quotes"),
    ],
    ids=["short_text", "single_choice", "multiple_choice", "reflection"],
)
@pytest.mark.parametrize(
    ("answer", "got"),
    [
        (DossierBuilder(), "something of the kind 'DossierBuilder'"),
        (len, "a function"),
        (pd.DataFrame({"a": [1, 2]}), "a table with 2 rows and 1 columns"),
        (3, "the number 3"),
    ],
    ids=["widget", "function", "table", "number"],
)
def test_an_answer_that_is_not_text_is_told_to_use_quotes(spec, expects, answer, got):
    result = question(spec).check(answer)
    assert result.outcome == "uncheckable"
    assert result.message == f"{expects}, but got {got}.{QUOTES}"
