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
from kamtools.synthetic import COST_RATES

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
    assert 5 <= len(questions) <= 10
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
        profit.loc["V0169", "revenue"],
        profit["profit"].sum(),
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
        row = explorer._data.whale.iloc[k - 1]
        assert ex.q3.check(float(row["cumulative_profit_share"])).outcome == "correct"
        # the label on the chart shows it in percent with one decimal
        assert ex.q3.check(f"{100 * row['cumulative_profit_share']:.1f}%").outcome == "correct"
        # the readouts table (losses as 0) is a listed mistake
        result = ex.q3.check(explorer.readouts["top_p_share"])
        assert result.message.startswith("That is the explorer's readout")
    finally:
        explorer.close()
    curve = kt.whale_curve(profit)
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
    row = profit.loc["V0165"]
    # the gross margin goes, half of the cost to serve is saved
    by_hand = -row["gross_margin"] + 0.5 * row["cost_to_serve"]
    assert compute("practice_drop_change") == pytest.approx(by_hand)
    assert by_hand < 0 < -row["profit"]  # a loss-maker whose leaving lowers profit
    change = kt.profit_change_if_dropped(profit, fixed_share=0.5)
    assert ex.q8.check(change["V0165"]).outcome == "correct"
    assert ex.q8.check(round(change["V0165"])).outcome == "correct"
    assert ex.q8.check(-change["V0165"]).outcome == "incorrect"


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
    plain = sales["amount"] - sales["cost_of_goods"] - cost_to_serve.reindex(sales.index)
    assert len(profit) == len(plain) == lines["customer_id"].nunique()
    np.testing.assert_allclose(profit["profit"].reindex(plain.index), plain, rtol=1e-12)
    explorer = kt.ParetoExplorer(metric="profit", view="whale")
    try:
        pd.testing.assert_series_equal(
            explorer.values.sort_index(), profit["profit"].sort_index(), check_names=False
        )
    finally:
        explorer.close()


def test_vistula_datasheet_figures(profit):
    # datasets/DATASHEET.md: 156 customers lose money, the whale peaks at 120%
    assert compute("vistula_loss_makers") == 156
    assert round(100 * compute("vistula_whale_peak")) == 120


# ---------------------------------------------------------------------------------------
# What the notebook's text says
# ---------------------------------------------------------------------------------------
def test_the_ten_largest_include_three_loss_makers_named_in_the_text(text, profit):
    names = kt.load_dataset("vistula_customers").set_index("customer_id")["company_name"]
    ids = compute("vistula_big_loss_makers")
    assert ids == ["V0169", "V0052", "V0018"]
    assert "Three of the ten largest customers lose money" in text
    for customer in ids:
        assert f"**{names[customer]}** (`{customer}`)" in text
        assert profit.loc[customer, "gross_margin"] < 0  # "gross margin is already below zero"
    biggest = profit["revenue"].idxmax()
    assert biggest == "V0081" and f"**{names[biggest]}** (`V0081`), the largest customer" in text
    assert profit.loc["V0081", "profit"] > 0


def test_the_second_largest_customer_loses_money(text, profit):
    second = profit.nlargest(2, "revenue").iloc[1]
    assert "the second row already: a customer with more than 20 million PLN" in text
    assert second["revenue"] > 20e6 and second["profit"] < 0


def test_lamapak_needs_less_of_every_activity_than_gorinik(text, accounts):
    assert "Lamapak buys more than Gorinik, yet needs fewer orders, deliveries" in text
    assert accounts.loc["V0081", "revenue"] > accounts.loc["V0169", "revenue"]
    assert (accounts.loc["V0081", list(COST_RATES)] < accounts.loc["V0169", list(COST_RATES)]).all()


def test_cost_to_serve_takes_more_than_a_third_of_the_gross_margin(text, profit):
    assert "the cost to serve takes more than a third of it" in text
    share = profit["cost_to_serve"].sum() / profit["gross_margin"].sum()
    assert 1 / 3 < share < 0.5


def test_small_customers_and_the_size_of_the_whale(text, profit):
    assert "More than half of the 250 smallest customers lose money" in text
    smallest = profit.nsmallest(250, "revenue")
    assert (smallest["profit"] < 0).mean() > 0.5
    assert "Vistula's whale is smaller than the 225%" in text
    assert 1 < compute("vistula_whale_peak") < 2.25


def test_dropping_loss_makers(text):
    assert "Far less than the whale curve promises" in text
    assert 0 < compute("vistula_drop_all_loss_makers") < -compute("vistula_losses_total")
    assert (
        "With all of it fixed, dropping every loss-maker would **lower** Vistula's profit" in text
    )
    assert compute("vistula_drop_all_loss_makers_all_fixed") < 0


def test_mariform_against_a_profitable_customer_of_its_size(text, profit, accounts):
    revenue_rank = profit["revenue"].rank(ascending=False)
    assert "one of Vistula's 15 largest customers" in text
    assert revenue_rank["V0165"] <= 15
    assert profit.loc["V0165", "profit"] < 0 < profit.loc["V0191", "profit"]
    assert abs(profit.loc["V0165", "revenue"] / profit.loc["V0191", "revenue"] - 1) < 0.1
    margin = profit["gross_margin"] / profit["revenue"]
    assert "close to V0191's" in text and abs(margin["V0165"] - margin["V0191"]) < 0.02
    a, b = accounts.loc["V0165"], accounts.loc["V0191"]
    assert "more orders, about four times the deliveries" in text
    assert a["orders"] > b["orders"] and 3.5 < a["deliveries"] / b["deliveries"] < 4.5
    assert a["rush_orders"] > 3 * b["rush_orders"]
    assert "more than twenty times the support hours" in text
    assert a["support_hours"] > 20 * b["support_hours"]


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
    assert f"about {entry['minutes']} minutes (teaching 30, exercises 25)" in first
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
    assert "The three biggest losses alone make up more than half" in text
    worst = profit["profit"].nsmallest(3)
    assert set(worst.index) == set(compute("vistula_big_loss_makers"))
    assert worst.sum() < 0.5 * compute("vistula_losses_total")  # both negative


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
