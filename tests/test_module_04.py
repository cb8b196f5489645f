"""Module 04 (profitability and CLV): its checks, its answers and what its text says.

- every check of ``04_profitability_and_clv.yml`` accepts the right answer (and the worked
  solution), recognises each listed mistake with its own message that never gives the
  expected value away, and reports ``____`` as not attempted;
- the Vistula profit behind the answers equals a plain pandas calculation and the
  ParetoExplorer's numbers;
- every figure and claim that the notebook's text states about the data is what the
  data says; the notebook follows the house structure (AUTHORING.md).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from _course import authored_cells

import kamtools as kt
from kamtools.checks import ____, exercise
from kamtools.checks.spec import load_spec, spec_path
from kamtools.content import answers_04
from kamtools.content.answers import compute
from kamtools.data.vistula import COST_RATES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "course" / "04_profitability_and_clv.ipynb"
MODULE = "04_profitability_and_clv"


@pytest.fixture(scope="module")
def ex():
    return exercise(MODULE, recorder=lambda *args, **kwargs: None)


@pytest.fixture(scope="module")
def profit() -> pd.DataFrame:
    return compute("vistula_profit")


@pytest.fixture(scope="module")
def accounts() -> pd.DataFrame:
    return compute("vistula_accounts")


@pytest.fixture(scope="module")
def notebook() -> dict:
    return authored_cells(json.loads(NOTEBOOK.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def text(notebook) -> str:
    """All Markdown of the notebook as one string, line breaks made spaces."""
    md = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
    return re.sub(r"\s+", " ", md)


def _written_forms(value: float, *, coarse: bool = True) -> set[str]:
    """Usual ways of writing ``value`` (0.9470 -> 0.947, 94.7%, 95% ...; 156 -> 156).

    ``coarse=False`` keeps only the precise forms (three decimals, percent with one).
    """
    value = float(value)
    if value.is_integer() or abs(value) >= 100:
        n = round(value)
        forms = {str(n), f"{n:,}", f"{n:,}".replace(",", " ")}
        return {f for f in forms if len(f.strip("-")) >= 2}
    forms = {f"{value:.3f}", f"{value:.4f}"}
    if coarse:
        forms |= {f"{value:.2f}", f"{value:.1f}"}
    if abs(value) <= 3:
        forms.add(f"{100 * value:.1f}%")
        if coarse:
            forms.add(f"{100 * value:.0f}%")
    return {f for f in forms if f.strip("0.,%-") != ""}


def _assert_absent(message: str, value: float, *, coarse: bool = True) -> None:
    for form in _written_forms(value, coarse=coarse):
        pattern = rf"(?<![\d.,]){re.escape(form)}(?![.,]?\d)"
        found = re.search(pattern, message)
        assert not found, (
            f"{form!r} leaks in ...{message[max(0, found.start() - 80) : found.end() + 80]}..."
        )


# ---------------------------------------------------------------------------------------
# The spec
# ---------------------------------------------------------------------------------------
def test_spec_loads_with_varied_questions():
    spec = load_spec(spec_path(MODULE))
    questions = spec["questions"]
    assert 5 <= len(questions) <= 12  # q11: share-of-wallet risk (issue 12)
    assert [q["id"] for q in questions] == [f"q{i}" for i in range(1, len(questions) + 1)]
    types = {q["type"] for q in questions}
    # q6 was a one-word recall ("whale"); it is a scenario now (issue 10).
    assert {"numeric", "multiple_choice", "single_choice"} <= types
    assert {"reflection", "function"} <= types
    for q in questions:
        assert q.get("hints"), q["id"]
        if q["type"] in ("numeric", "short_text"):
            assert q.get("mistakes"), q["id"]


def test_spec_hard_codes_no_figure_from_the_data(profit):
    raw = spec_path(MODULE).read_text(encoding="utf-8")
    figures = [
        compute("vistula_loss_makers"),
        compute("vistula_top20_profit_share"),
        compute("vistula_whale_peak"),
        compute("practice_drop_change"),
        compute("vistula_drop_all_loss_makers"),
        compute("practice_drop_change_without_rebate"),
        profit.loc["V0051", "revenue"],
        profit.loc[answers_04.PRACTICE_CUSTOMER, "profit"],
        profit["profit"].sum(),
        profit["rebate"].sum(),
    ]
    for value in figures:
        _assert_absent(raw, value, coarse=False)


def test_prompts_quote_the_numbers_the_answers_use(ex):
    # q1: 20,000 PLN, 90%, 8%
    case = answers_04.CLV_CASE
    prompt = ex.q1.spec["prompt"]
    assert f"{case['margin']:,.0f} PLN" in prompt
    assert f"{case['retention']:.0%}" in prompt and f"{case['discount_rate']:.0%}" in prompt
    # q7: 40 accounts, 30,000 PLN, 85%, 10%, 60,000 PLN, 5 points (85% to 90%)
    case = answers_04.RETENTION_CASE
    prompt = ex.q7.spec["prompt"]
    assert f"**{case['customers']}**" in prompt
    assert f"{case['margin']:,.0f} PLN" in prompt
    assert f"{case['acquisition_cost']:,.0f} PLN" in prompt
    assert f"{case['retention']:.0%}" in prompt and f"{case['discount_rate']:.0%}" in prompt
    assert f"**{100 * case['retention_gain']:.0f} points**" in prompt
    # q8: the customer and the fixed share
    assert answers_04.PRACTICE_CUSTOMER in ex.q8.spec["prompt"]
    assert answers_04.FIXED_SHARE == 0.5 and "**half**" in ex.q8.spec["prompt"]


# ---------------------------------------------------------------------------------------
# Each check: right, each mistake, blank
# ---------------------------------------------------------------------------------------
NUMERIC = {
    "q1": ("clv_case", 100_000.0),  # 20,000 * 0.9 / (1 + 0.08 - 0.9) = 18,000 / 0.18
    "q2": ("vistula_loss_makers", None),
    "q3": ("vistula_top20_profit_share", None),
    "q7": ("retention_case_new_accounts", 1_320_000 / 42_000),  # see test_q7_by_hand
    "q8": ("practice_drop_change", None),
    # 120,000 * q * (1 - s**5) / (1 - s), q = 1 / 1.1, s = 0.85 / 1.1
    "q11": (
        "decline_case_value",
        120_000 / 1.1 * (1 - (0.85 / 1.1) ** 5) / (1 - 0.85 / 1.1),
    ),
}


@pytest.mark.parametrize("qid", sorted(NUMERIC))
def test_numeric_right_mistakes_and_blank(ex, qid):
    question = getattr(ex, qid)
    name, by_hand = NUMERIC[qid]
    expected = compute(name)
    if by_hand is not None:
        assert expected == pytest.approx(by_hand)
    assert question.check(expected).outcome == "correct"
    assert question.check(____).outcome == "not_attempted"
    for mistake in question.spec["mistakes"]:
        value = compute(mistake["value_from"])
        result = question.check(value)
        assert result.outcome == "incorrect", (qid, mistake["value_from"])
        assert result.message.startswith(mistake["message"].strip()), result.message
        _assert_absent(result.message, expected)
    far = question.check(expected * 3 + 7)
    assert far.outcome == "incorrect"
    _assert_absent(far.message, expected)


def test_q1_accepts_the_amount_as_learners_write_it(ex):
    for answer in (100000, 100_000.0, "100000", "99999.99", "100 000"):
        assert ex.q1.check(answer).outcome == "correct", answer
    assert ex.q1.check(kt.clv(20000, 0.9, 0.08)).outcome == "correct"


def test_q1_mistakes_by_hand():
    assert compute("clv_case_undiscounted") == pytest.approx(20_000 * 0.9 / 0.1)  # 180,000
    assert compute("clv_case_without_retention_on_top") == pytest.approx(20_000 / 0.18)
    assert compute("clv_case_rate_as_percent") == pytest.approx(18_000 / 8.1)  # i = 8


def test_q2_solution_and_an_independent_count(ex, profit):
    assert ex.q2.check((profit["profit"] < 0).sum()).outcome == "correct"
    explorer = kt.ParetoExplorer(metric="profit", view="whale")
    try:
        assert ex.q2.check(explorer.readouts["n_negative"]).outcome == "correct"
    finally:
        explorer.close()
    assert ex.q2.check(compute("vistula_loss_makers") + 1).outcome == "incorrect"


def test_q3_as_read_from_the_whale_explorer(ex, profit):
    explorer = kt.ParetoExplorer(metric="profit", view="whale")
    try:
        assert explorer.p_slider.value == pytest.approx(0.2)
        k = explorer.readouts["top_p_customers"]
        row = explorer._data.whale.table.iloc[k - 1]
        assert ex.q3.check(float(row["cumulative_profit_share"])).outcome == "correct"
        # the label on the chart shows it in percent with one decimal
        assert ex.q3.check(f"{100 * row['cumulative_profit_share']:.1f}%").outcome == "correct"
        # the readouts table (losses as 0) is a listed mistake
        result = ex.q3.check(explorer.readouts["top_p_share"])
        assert result.message.startswith("That is the explorer's readout")
        # module 03's revenue share of the top 20% is within the tolerance of that readout
        # at Vistula, so the readout's message names it too (one message for both)
        revenue = compute("vistula_top20_revenue_share")
        assert abs(revenue - explorer.readouts["top_p_share"]) < ex.q3.spec["tolerance"]["abs"]
        result = ex.q3.check(revenue)
        assert result.outcome == "incorrect"
        assert result.message.startswith("That is the explorer's readout")
        assert "revenue share of module 03" in " ".join(result.message.split())
    finally:
        explorer.close()
    curve = kt.whale_curve(profit).table
    solution = curve[curve["cumulative_customer_share"] <= 0.2]["cumulative_profit_share"].iloc[-1]
    assert ex.q3.check(solution).outcome == "correct"


def test_q3_mistakes_differ_from_the_answer():
    expected = compute("vistula_top20_profit_share")
    for name in (
        "vistula_top20_profit_share_losses_as_zero",
        "vistula_top20_revenue_share",
        "vistula_whale_peak",
        "vistula_peak_customer_share",
    ):
        assert abs(compute(name) - expected) > 0.02, name


def test_q4_right_options_and_each_wrong_one(ex):
    checker = ex.q4._checker
    right = sorted(checker.right)
    assert len(right) == 5 and "Five of the eight" in ex.q4.spec["hints"][0]
    assert ex.q4.check(", ".join(right)).outcome == "correct"
    assert ex.q4.check(____).outcome == "not_attempted"
    for label in checker.labels:
        if label in checker.right:
            continue
        option = checker.options[checker.labels.index(label)]
        result = ex.q4.check(right + [label])
        assert result.outcome == "incorrect"
        assert option["explanation"].strip()[:40] in result.message
    assert ex.q4.check(right[:2]).outcome == "incorrect"  # two right ones missing


def test_q5_only_the_remedy_is_right(ex):
    checker = ex.q5._checker
    (right,) = checker.right
    assert "agree on new fees" in checker.options[checker.labels.index(right)]["text"]
    assert ex.q5.check(right).outcome == "correct"
    assert ex.q5.check(____).outcome == "not_attempted"
    for label in checker.labels:
        if label != right:
            result = ex.q5.check(label)
            assert result.outcome == "incorrect"
            assert right + ")" not in result.message


def _label(question, start: str) -> str:
    """The displayed letter of the option whose text starts with ``start``."""
    checker = question._checker
    (label,) = [
        lab
        for lab, option in zip(checker.labels, checker.options, strict=True)
        if option["text"].startswith(start)
    ]
    return label


def test_q4_loyalty_is_judged_by_price_not_by_years(ex):
    # "Many years as a customer" was arguable (Reinartz and Kumar, 2002: long-standing
    # customers often expect lower prices). No option is about the years alone any more; the
    # old loyalty discount is a cost driver, and the solution explains the trade-off.
    texts = [o["text"] for o in ex.q4.spec["options"]]
    assert not any("many years" in t.lower() for t in texts)
    (loyalty,) = [o for o in ex.q4.spec["options"] if o["text"].startswith("Loyalty discounts")]
    assert loyalty.get("correct") and "Reinartz and Kumar" in loyalty["explanation"]
    solution = " ".join(ex.q4.spec["solution"].split())
    assert "Reinartz and Kumar (2002)" in solution and "long-standing customers" in solution


def test_q6_reads_the_whale_curve_and_the_fixed_costs(ex):
    right = ex.q6.check(_label(ex.q6, "Not by half"))
    assert right.outcome == "correct" and "fixed" in right.message
    # "the curve shows exactly what dropping them would add" ignores the fixed cost to serve
    wrong = ex.q6.check(_label(ex.q6, "He is right"))
    assert wrong.outcome == "incorrect" and "cost to serve" in wrong.message
    assert ex.q6.check(_label(ex.q6, "The customers after the peak")).outcome == "incorrect"
    assert "whale curve" in ex.q6.spec["solution"]
    assert ex.q6.check(____).outcome == "not_attempted"


def test_q6_the_whale_numbers_of_the_prompt_add_up(ex):
    # 150% at the peak, back to 100%: the tail gives back 50 points, a third of 150.
    prompt = " ".join(ex.q6.spec["prompt"].split())
    assert "150% of the company's total profit" in prompt and "100%" in prompt
    right = ex.q6._checker.options[ex.q6._checker.labels.index(next(iter(ex.q6._checker.right)))]
    assert "50 of the 150 points, a third" in " ".join(right["explanation"].split())
    assert (150 - 100) / 150 == pytest.approx(1 / 3)


def test_q7_by_hand_and_with_the_calculator(ex):
    # CLV now 30,000 * 0.85 / 0.25 = 102,000; at 90%: 30,000 * 0.9 / 0.2 = 135,000
    # gain 40 * 33,000 = 1,320,000; a new account creates 102,000 - 60,000 = 42,000
    assert compute("retention_case_new_accounts") == pytest.approx(1_320_000 / 42_000)
    assert compute("retention_case_new_accounts_no_acquisition_cost") == pytest.approx(
        1_320_000 / 102_000
    )
    assert compute("retention_case_value") == pytest.approx(1_320_000)
    assert compute("retention_case_budget") == pytest.approx(1_320_000 / 42_000 * 60_000)
    calc = kt.CLVCalculator(
        margin=30_000,
        retention=0.85,
        discount_rate=0.1,
        acquisition_cost=60_000,
        customers=40,
        retention_gain=0.05,
    )
    try:
        shown = calc.result["comparison"]["new_customers_equivalent"]
        assert ex.q7.check(round(shown, 1)).outcome == "correct"
    finally:
        calc.close()


def test_q8_by_hand_and_the_solution(ex, profit):
    customer = answers_04.PRACTICE_CUSTOMER
    assert customer == "V0080"  # Berotech Coatings S.A. (notes/story_map.md)
    row = profit.loc[customer]
    # the gross margin goes; the rebate and half of the cost to serve are saved
    by_hand = -row["gross_margin"] + row["rebate"] + 0.5 * row["cost_to_serve"]
    assert compute("practice_drop_change") == pytest.approx(by_hand)
    assert by_hand < 0 < -row["profit"]  # a loss-maker whose leaving lowers profit
    # forgetting the rebate is a listed mistake with its own message
    without = by_hand - row["rebate"]
    assert row["rebate"] > 0
    assert compute("practice_drop_change_without_rebate") == pytest.approx(without)
    wrong = ex.q8.check(round(without))
    assert wrong.outcome == "incorrect" and "rebate" in wrong.message
    assert "the year-end rebate and the cost to serve" in " ".join(ex.q8.spec["prompt"].split())
    change = kt.profit_change_if_dropped(profit, fixed_share=0.5)
    assert ex.q8.check(change[customer]).outcome == "correct"
    assert ex.q8.check(round(change[customer])).outcome == "correct"
    assert ex.q8.check(-change[customer]).outcome == "incorrect"
    assert f'["{customer}"]' in ex.q8.spec["solution"]


def test_q9_reflection(ex):
    spec = ex.q9.spec
    assert ex.q9.check("too short").outcome == "not_attempted"
    assert ex.q9.check(____).outcome == "not_attempted"
    result = ex.q9.check(spec["model_answer"])
    assert result.outcome == "correct"
    assert len(spec["model_answer"]) >= spec["min_chars"]
    assert len(spec["rubric"]) >= 3


def test_q10_the_worked_solution_passes_and_wrong_ones_fail(ex):
    def clv_years(margin, retention, discount_rate, years):
        return sum(margin * retention**t / (1 + discount_rate) ** t for t in range(1, years + 1))

    assert ex.q10.check(clv_years).outcome == "correct"

    def from_year_zero(margin, retention, discount_rate, years):
        return sum(margin * retention**t / (1 + discount_rate) ** t for t in range(years))

    def undiscounted(margin, retention, discount_rate, years):
        return sum(margin * retention**t for t in range(1, years + 1))

    for wrong in (from_year_zero, undiscounted):
        result = ex.q10.check(wrong)
        assert result.outcome == "incorrect", wrong.__name__
        _assert_absent(result.message, compute("clv_years_reference", 100, 0.8, 0.1, 5))
    assert ex.q10.check(____).outcome == "not_attempted"
    # the reference agrees with the example of the prompt: 100 * 0.8 / 1.1
    assert compute("clv_years_reference", 100, 0.8, 0.1, 1) == pytest.approx(72.7272727)
    assert compute("clv_years_reference", 100, 1.0, 0.0, 3) == pytest.approx(300.0)
    assert compute("clv_years_reference", 100, 0.0, 0.1, 5) == 0.0


def test_every_question_has_help(ex):
    for question in ex.questions:
        assert question.hint()
        assert question.solution()
        assert question.spec["prompt"].strip()[:40] in question._repr_markdown_()


# ---------------------------------------------------------------------------------------
# The Vistula profit behind the answers
# ---------------------------------------------------------------------------------------
def test_vistula_profit_matches_plain_pandas_and_the_explorer(profit):
    lines = kt.load_dataset("vistula_transactions")
    drivers = kt.load_dataset("vistula_cost_to_serve")
    sales = lines.groupby("customer_id")[["amount", "cost_of_goods"]].sum()
    cost = (drivers[list(COST_RATES)] * pd.Series(COST_RATES)).sum(axis=1)
    cost_to_serve = cost.groupby(drivers["customer_id"]).sum()
    rebates = drivers.groupby("customer_id")["rebate"].sum()  # year-end rebates, paid back
    assert (rebates >= 0).all() and rebates.sum() > 0
    plain = (
        sales["amount"]
        - sales["cost_of_goods"]
        - rebates.reindex(sales.index, fill_value=0.0)
        - cost_to_serve.reindex(sales.index)
    )
    assert len(profit) == len(plain) == lines["customer_id"].nunique()
    np.testing.assert_allclose(profit["profit"].reindex(plain.index), plain, rtol=1e-12)
    np.testing.assert_allclose(
        profit["rebate"].reindex(plain.index), rebates.reindex(plain.index, fill_value=0.0)
    )
    explorer = kt.ParetoExplorer(metric="profit", view="whale")
    try:
        pd.testing.assert_series_equal(
            explorer.values.sort_index(), profit["profit"].sort_index(), check_names=False
        )
    finally:
        explorer.close()


def test_vistula_datasheet_figures(profit):
    # datasets/DATASHEET.md: 163 customers lose money after cost to serve and rebates, the
    # whale peaks at 111%; every customer has a positive gross margin
    assert compute("vistula_loss_makers") == 163
    assert round(100 * compute("vistula_whale_peak")) == 111
    assert compute("vistula_negative_gross_margin") == 0
    assert (profit["gross_margin"] > 0).all()


def test_q2_mistake_says_no_customer_has_a_negative_gross_margin(ex):
    (mistake,) = [
        m for m in ex.q2.spec["mistakes"] if m["value_from"] == "vistula_negative_gross_margin"
    ]
    assert "none at Vistula" in mistake["message"]
    assert compute("vistula_negative_gross_margin") == 0


# ---------------------------------------------------------------------------------------
# What the notebook's text says
# ---------------------------------------------------------------------------------------
def test_the_ten_largest_include_two_loss_makers_named_in_the_text(text, profit):
    customers = kt.load_dataset("vistula_customers").set_index("customer_id")
    names = customers["company_name"]
    ids = compute("vistula_big_loss_makers")
    assert ids == ["V0051", "V0057"]  # Balimpor and Borurlux (notes/story_map.md)
    assert "Two of the ten largest customers lose money" in text
    company_margin = profit["gross_margin"].sum() / profit["revenue"].sum()
    for customer in ids:
        assert f"**{names[customer]}** (`{customer}`)" in text
        row = profit.loc[customer]
        # "both key accounts of Anna Kowalczyk"
        assert customers.loc[customer, "account_manager"] == "Anna Kowalczyk"
        # "each brings hundreds of thousands of PLN of gross margin every year" (3 years)
        assert 100_000 <= row["gross_margin"] / 3 < 1_000_000
        # "a thin margin, less than half of the company's average"
        assert row["gross_margin"] / row["revenue"] < 0.5 * company_margin
        # "their year-end rebates and cost to serve take all of it and more"
        assert row["rebate"] > 0 and row["cost_to_serve"] + row["rebate"] > row["gross_margin"]
    assert "both key accounts of Anna Kowalczyk" in text
    assert "hundreds of thousands of PLN of gross margin every year" in text
    assert "less than half of the company's average" in text
    biggest = profit["revenue"].idxmax()
    assert biggest == "V0167"
    assert f"**{names[biggest]}** (`V0167`), the largest customer" in text
    # "which earns the second-highest profit of all"
    assert profit["profit"].rank(ascending=False)["V0167"] == 2
    assert "the second-highest profit of all" in text


def test_the_third_largest_customer_loses_money_with_a_positive_gross_margin(text, profit):
    third = profit.nlargest(3, "revenue").iloc[2]
    assert third.name == "V0051"
    assert "the third row already: a customer with more than 10 million PLN" in text
    assert "a gross margin of about a million, whose profit is **negative**" in text
    assert third["revenue"] > 10e6 and third["profit"] < 0
    assert 0.9e6 < third["gross_margin"] < 1.1e6
    assert (profit.nlargest(2, "revenue")["profit"] > 0).all()  # the first two earn money


def test_halitron_needs_less_of_every_activity_than_the_two_loss_makers(text, accounts):
    assert "Halitron buys almost twice as much as Balimpor, yet needs fewer orders" in text
    assert "than either of the two" in text
    ratio = accounts.loc["V0167", "revenue"] / accounts.loc["V0051", "revenue"]
    assert 1.7 < ratio < 2
    for loser in ("V0051", "V0057"):
        assert (
            accounts.loc["V0167", list(COST_RATES)] < accounts.loc[loser, list(COST_RATES)]
        ).all()
        # "about four deliveries for every order", "about one order in three is a rush order"
        row = accounts.loc[loser]
        assert 3.5 < row["deliveries"] / row["orders"] < 4.5
        assert 0.28 < row["rush_orders"] / row["orders"] < 0.4
    assert "about four deliveries for every order" in text
    assert "about one order in three is a rush order" in text


def test_cost_to_serve_and_rebates_against_the_gross_margin(text, profit):
    assert (
        "the cost to serve takes more than a quarter of it, and with the rebates more than a third"
        in text
    )
    share = profit["cost_to_serve"].sum() / profit["gross_margin"].sum()
    assert 1 / 4 < share < 1 / 3
    both = (profit["cost_to_serve"].sum() + profit["rebate"].sum()) / profit["gross_margin"].sum()
    assert 1 / 3 < both < 0.5


def test_small_customers_and_the_size_of_the_whale(text, profit):
    assert "More than half of the 250 smallest customers lose money" in text
    smallest = profit.nsmallest(250, "revenue")
    assert (smallest["profit"] < 0).mean() > 0.5
    assert "Vistula's whale is smaller than the 225%" in text
    assert 1 < compute("vistula_whale_peak") < 2.25


def test_dropping_loss_makers(text, profit):
    # the whale curve's promise: all of the losses back (nothing fixed, rebates saved)
    losses = compute("vistula_losses_total")
    nothing_fixed = kt.profit_change_if_dropped(profit, fixed_share=0)
    assert nothing_fixed[profit["profit"] < 0].sum() == pytest.approx(-losses)
    assert "The whale curve promises to win back the whole loss of the first line" in text
    # half fixed: profit falls although their rebates are saved (Cooper & Kaplan / Wharton)
    half = kt.profit_change_if_dropped(profit, fixed_share=0.5)[profit["profit"] < 0].sum()
    assert compute("vistula_drop_all_loss_makers") == pytest.approx(half) and half < 0
    assert (
        "dropping every loss-maker would instead **lower** Vistula's profit, even with their "
        "rebates saved" in text
    )
    # "every loss-maker still brings a positive gross margin"
    assert (profit.loc[profit["profit"] < 0, "gross_margin"] > 0).all()
    assert "every loss-maker still brings a positive gross margin" in text
    # "change 0.5 to 0.2 ... then try 0": both pay, since most of the cost to serve leaves
    assert "change `0.5` to `0.2`" in text and "then try `0`" in text
    for share in (0.2, 0.0):
        change = kt.profit_change_if_dropped(profit, fixed_share=share)
        assert change[profit["profit"] < 0].sum() > 0
    assert compute("vistula_drop_all_loss_makers_all_fixed") < compute(
        "vistula_drop_all_loss_makers"
    )
    assert "- gross margin + rebate + (1 - fixed share) × cost to serve" in text
    # "pays only if most of their cost to serve really leaves with them": the break-even
    # fixed share (change = 0) is below one half, the rebates saved
    losers = profit[profit["profit"] < 0]
    whale_view = (losers["cost_to_serve"] - losers["gross_margin"] + losers["rebate"]).sum()
    break_even = whale_view / losers["cost_to_serve"].sum()
    assert 0 < break_even < 0.5
    assert "pays only if most of their cost to serve really leaves with them" in text


def test_berotech_against_a_profitable_customer_of_its_size(text, profit, accounts):
    practice, peer = answers_04.PRACTICE_CUSTOMER, "V0166"
    customers = kt.load_dataset("vistula_customers").set_index("customer_id")
    assert "**Berotech Coatings S.A.** (`V0080`)" in text
    assert "**Falaplast Chemicals Sp. z o.o.** (`V0166`)" in text
    assert customers.loc[practice, "company_name"] == "Berotech Coatings S.A."
    assert customers.loc[peer, "company_name"] == "Falaplast Chemicals Sp. z o.o."
    # "one of Vistula's 25 largest customers and a key account"; "a chemicals customer"
    revenue_rank = profit["revenue"].rank(ascending=False)
    assert "one of Vistula's 25 largest customers and a key account" in text
    assert revenue_rank[practice] <= 25
    assert customers.loc[practice, "account_manager"] in ("Anna Kowalczyk", "Michał Jabłoński")
    assert customers.loc[peer, "industry"] == "chemicals"
    assert profit.loc[practice, "profit"] < 0 < profit.loc[peer, "profit"]
    assert abs(profit.loc[practice, "revenue"] / profit.loc[peer, "revenue"] - 1) < 0.1
    margin = profit["gross_margin"] / profit["revenue"]
    assert "close to Falaplast's" in text and abs(margin[practice] - margin[peer]) < 0.02
    a, b = accounts.loc[practice], accounts.loc[peer]
    assert (
        "more than twice the orders, almost five times the deliveries, about six times the rush "
        "orders and more than forty times the support hours" in text
    )
    assert a["orders"] > 2 * b["orders"]
    assert 4.5 < a["deliveries"] / b["deliveries"] < 5
    assert 5.5 < a["rush_orders"] / b["rush_orders"] < 6.5
    assert a["support_hours"] > 40 * b["support_hours"]
    # the q9 model answer: far more support hours, orders often, split deliveries, rush orders
    assert a["deliveries"] / a["orders"] > 2 and a["rush_orders"] / a["orders"] > 0.25


def test_hand_examples_in_the_text(text):
    # Tarnex and Zielbud: 400,000 PLN revenue, 80,000 PLN gross margin each
    two = pd.DataFrame(
        {
            "revenue": [400_000, 400_000],
            "cost_of_goods": [320_000, 320_000],
            "orders": [12, 150],
            "deliveries": [12, 160],
            "rush_orders": [0, 30],
            "returns": [0, 6],
            "support_hours": [2, 40],
        },
        index=["Tarnex", "Zielbud"],
    )
    result = kt.customer_profit(two, cost_rates=COST_RATES)
    # Tarnex: 12*150 + 12*250 + 2*180 = 5,160 ("about 5,000 PLN")
    assert result.loc["Tarnex", "cost_to_serve"] == 5_160
    assert "Tarnex costs about 5,000 PLN a year to serve" in text
    assert result.loc["Zielbud", "cost_to_serve"] > 80_000 > result.loc["Tarnex", "cost_to_serve"]
    # the worked example of the Wharton caveat: -100,000 + 0.5 * 150,000
    small = pd.DataFrame({"gross_margin": [100_000.0], "cost_to_serve": [150_000.0]})
    assert kt.profit_change_if_dropped(small, fixed_share=0.5).iloc[0] == -25_000
    assert "-100,000 + 0.5 × 150,000 = **-25,000 PLN**" in text


def test_clv_figures_in_the_text(text):
    assert round(kt.clv(100, 0.8, 0.1), 2) == 266.67
    assert round(100 * 0.8 / 1.1, 2) == 72.73 and round(100 * 0.8**2 / 1.1**2, 2) == 52.89
    assert round(100 * 0.8**3 / 1.1**3, 2) == 38.47
    five = kt.clv(100, 0.8, 0.1, horizon=5)
    assert round(five, 2) == 212.41 and "worth 212.41, already about 80%" in text
    assert abs(five / kt.clv(100, 0.8, 0.1) - 0.8) < 0.01
    assert round(kt.clv(100, 0.9, 0.1), 2) == 450
    assert kt.clv(100, 0.9, 0.1) / kt.clv(100, 0.8, 0.1) - 1 > 2 / 3  # "more than two thirds"
    for figure in ("72.73", "52.89", "38.47", "**266.67**", "from 266.67 to 450"):
        assert figure in text


def test_q11_leaves_at_once_against_buys_less(ex):
    case = answers_04.DECLINE_CASE
    prompt = " ".join(ex.q11.spec["prompt"].split())
    assert f"**{case['margin']:,.0f} PLN**" in prompt
    assert f"**{case['discount_rate']:.0%}**" in prompt and "**five years**" in prompt
    assert case["horizon"] == 5
    assert f"**{case['share_decline']:.0%}** chance" in prompt
    assert f"buys **{case['share_decline']:.0%}** less" in prompt
    # the mistakes by hand
    assert compute("decline_case_flat") == pytest.approx(sum(120_000 / 1.1**t for t in range(1, 6)))
    assert compute("decline_case_flat_undiscounted") == 600_000
    assert compute("decline_case_undiscounted") == pytest.approx(
        sum(120_000 * 0.85 ** (t - 1) for t in range(1, 6))
    )
    # Hartex (retention 85%) is worth exactly 0.85 times Odrapol ("one year later")
    assert compute("decline_case_leaves") == pytest.approx(0.85 * compute("decline_case_value"))
    assert "exactly\n0.85 times Odrapol" in ex.q11.spec["solution"] or "exactly 0.85 times" in (
        " ".join(ex.q11.spec["solution"].split())
    )
    # the director's number is far above, Hartex below
    assert (
        compute("decline_case_leaves")
        < compute("decline_case_value")
        < compute("decline_case_flat")
    )
    values = [compute(m["value_from"]) for m in ex.q11.spec["mistakes"]]
    expected = compute("decline_case_value")
    assert all(abs(v - expected) > 0.01 * expected for v in values)
    assert (
        ex.q11.check(
            kt.clv_declining_share(120_000, share_decline=0.15, discount_rate=0.1, horizon=5)
        ).outcome
        == "correct"
    )
    assert ex.q11.check(round(expected, -3)).outcome == "correct"  # to the thousand


def test_share_of_wallet_figures_in_the_text(text, notebook):
    flat = kt.clv(100, 1.0, 0.1, horizon=5)
    less = kt.clv_declining_share(100, share_decline=0.2, discount_rate=0.1, horizon=5)
    leaves = kt.clv(100, 0.8, 0.1, horizon=5)
    assert (round(flat, 2), round(less, 2), round(leaves, 2)) == (379.08, 265.51, 212.41)
    assert "worth 265.51 instead of 379.08" in text and "worth 212.41" in text
    assert round(1 - less / flat, 2) == 0.30 and "about 30% of its five-year value" in text
    assert less == pytest.approx(leaves / 0.8)  # "exactly 1 / (1 - g) times as much"
    assert "exactly 1 / (1 - g) times as much" in text
    assert "## When a key account buys less instead of leaving" in text
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert any("kt.clv_declining_share(100, share_decline=0.2" in s for s in sources)
    assert "Move **Share of wallet falls each year by** to 10%" in text
    calc = kt.CLVCalculator()
    try:
        assert calc.decline_slider.description.startswith("Share of wallet falls each year by")
        calc.decline_slider.value = 0.1
        assert "buys 10% less each year" in calc.results_html.value
    finally:
        calc.close()


def test_retention_figures_in_the_text(text):
    result = kt.retention_vs_acquisition(
        20_000, 0.8, 0.1, customers=100, acquisition_cost=20_000, retention_gain=0.05
    )
    assert round(result["new_customers_equivalent"]) == 44
    assert round(result["acquisition_budget_equivalent"]) == 880_000
    assert "**44 new accounts**" in text and "880,000 PLN" in text
    gain = kt.retention_gain_for_budget(
        20_000, 0.8, 0.1, customers=100, acquisition_cost=20_000, budget=400_000
    )
    assert round(100 * gain, 1) == 2.5
    assert "keeps 2.5 points more" in text
    # 400,000 PLN of acquisition against a programme of 80,000 PLN: five times
    assert "costs 80,000 PLN, keeping is five times cheaper" in text


def test_sources_are_cited(text):
    for source in (
        "Cooper, R. and Kaplan, R. S. (1991)",
        "Reichheld, F. F. and Sasser, W. E. (1990)",
        "Gallo, A. (2014)",
        "Gupta, S. and Lehmann, D. R. (2003)",
        "Knowledge@Wharton",
        "Mittal, V., Sarkees, M. and Murshed, F. (2008)",
        "Kaplan, R. S. and Narayanan, V. G. (2001)",
    ):
        assert source in text, source
    assert "up to **225%**" in text and "30% to 85%" in text
    assert '"depending on which study you believe' in text


# ---------------------------------------------------------------------------------------
# The notebook's structure (course/AUTHORING.md)
# ---------------------------------------------------------------------------------------
def test_notebook_structure(notebook, text):
    cells = notebook["cells"]
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    for cell in cells:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    first = "".join(cells[0]["source"])
    assert first.startswith("# 04 · Profitability and customer lifetime value")
    for heading in ("**Questions this module answers**", "**Objectives**", "**Time**"):
        assert heading in first
    modules = yaml.safe_load((ROOT / "course" / "modules.yml").read_text(encoding="utf-8"))
    (entry,) = [m for m in modules["modules"] if m["file"] == NOTEBOOK.name]
    time = re.search(r"about (\d+) minutes \(teaching (\d+), exercises (\d+)\)", first)
    assert time, "the front matter states the time (tools/build_course.py computes it)"
    total, teaching, exercises = map(int, time.groups())
    assert total == entry["minutes"] == teaching + exercises
    setup = "".join(cells[1]["source"])
    assert "import kamtools as kt" in setup and "from kamtools import ____" in setup
    assert f'ex = kt.exercise("{MODULE}")' in setup
    for heading in (
        "## Try it",
        "## Check yourself",
        "## Practice",
        "## Analyst challenge (optional)",
        "## Key points",
        "## Further reading",
    ):
        assert heading in text, heading
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert any('kt.ParetoExplorer(metric="profit", view="whale")' in s for s in sources)
    assert any("kt.CLVCalculator()" in s for s in sources)
    assert not any("nav-top" in c.get("metadata", {}).get("tags", []) for c in cells)


def test_every_question_is_shown_and_checked_once(notebook, ex):
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    for question in ex.questions:
        qid = question.id
        assert sources.count(f"ex.{qid}") == 1, qid
        checks = [s for s in sources if f"ex.{qid}.check(" in s]
        assert len(checks) == 1, qid
        assert "____" in checks[0], qid


def test_answer_cells_are_one_liners(notebook):
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and source.startswith("answer = ____"):
            first, second = source.splitlines()
            assert re.fullmatch(r"ex\.q\d+\.check\(answer\)", second)


def test_the_article_points_the_module_teaches(text):
    for phrase in (
        "about 20% of customers bring about 80% of a company's profit",
        "long-term relationships among the main benefits of key accounts",
        "key accounts bring consistently high profit",
        "competitors court them with discounts and bonuses",
        "growing the business with key accounts is cheaper and wiser",
    ):
        assert phrase in text, phrase


def test_no_python_loop_in_the_teaching_cells(notebook):
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            assert not re.search(r"^\s*(for|while) ", source, re.M), source


def test_the_steep_end_of_the_whale_is_the_big_loss_makers(text, profit):
    assert "ten biggest losses alone make up more than two thirds" in text
    assert (
        "nine of them are customers among the 50 largest, every one with a positive gross" in text
    )
    worst = profit.nsmallest(10, "profit")
    assert worst["profit"].sum() < 2 / 3 * compute("vistula_losses_total")  # both negative
    rank = profit["revenue"].rank(ascending=False, method="first")
    assert (rank[worst.index] <= 50).sum() == 9
    assert (worst["gross_margin"] > 0).all()
    # "You will meet the two largest of them": the two loss-makers of the ten largest
    assert set(compute("vistula_big_loss_makers")) <= set(worst.index)
    assert (
        worst.loc[compute("vistula_big_loss_makers"), "revenue"].min()
        > worst.drop(compute("vistula_big_loss_makers"))["revenue"].max()
    )


def test_the_quiz_of_the_notebook_asks_and_checks(notebook):
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    (call,) = [s for s in sources if s.startswith("kt.Quiz(")]
    ids = re.findall(r'"(q\d+)"', call)
    quiz = kt.Quiz(exercise(MODULE, recorder=lambda *args, **kwargs: None), questions=ids)
    try:
        assert [q.id for q in quiz.questions] == ids and quiz.skipped == []
        (right,) = quiz.exercise.q6._checker.right
        quiz.question_widgets["q6"].value = right
        quiz.check_buttons["q6"].click()
        assert quiz.results["q6"] == "correct"
        quiz.question_widgets["q7"].value = "12.9"  # the CLV instead of the net value
        quiz.check_buttons["q7"].click()
        assert quiz.results["q7"] == "incorrect"
        assert "forgot" in quiz.feedback_html["q7"].value
    finally:
        quiz.close()
