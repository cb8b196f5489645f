"""Module 03, Pareto and concentration analysis: its checks, the figures its text states,
and the shape of course/03_pareto_analysis.ipynb.

The notebook's Markdown quotes no figure from data (the code cells print them); where it
says something about the data in words ("about a quarter of the lines", "Vistula's top 20%
bring a little more than 80%"), a test below checks that the data agree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.checks import ____, exercise
from kamtools.content.answers import compute

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "course" / "03_pareto_analysis.ipynb"
MODULE_ID = "03_pareto"
KEY_ACCOUNT_MANAGERS = {"Anna Kowalczyk", "Michał Jabłoński"}  # named in the notebook


# ---------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------
@pytest.fixture
def ex():
    return exercise(MODULE_ID, recorder=lambda *args, **kwargs: None)


@pytest.fixture(scope="module")
def notebook() -> dict[str, Any]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def cells(notebook) -> list[tuple[str, str]]:
    """(cell type, source) of every cell, navigation cells left out."""
    return [
        (cell["cell_type"], "".join(cell["source"]))
        for cell in notebook["cells"]
        if not {"nav-top", "nav-bottom"} & set(cell.get("metadata", {}).get("tags", []))
    ]


@pytest.fixture(scope="module")
def markdown(cells) -> str:
    return "\n\n".join(source for kind, source in cells if kind == "markdown")


@pytest.fixture(scope="module")
def code(cells) -> list[str]:
    return [source for kind, source in cells if kind == "code"]


@pytest.fixture(scope="module")
def retail_lines() -> pd.DataFrame:
    return kt.load_dataset("online_retail")


@pytest.fixture(scope="module")
def retail() -> pd.Series:
    return compute("retail_net_totals")


@pytest.fixture(scope="module")
def vistula() -> pd.Series:
    return compute("vistula_net_totals")


@pytest.fixture(scope="module")
def reports(retail, vistula) -> dict[str, pd.Series]:
    return {
        "retail": kt.concentration_report(retail, negative="zero"),
        "vistula": kt.concentration_report(vistula, negative="zero"),
    }


# ---------------------------------------------------------------------------------------
# How a number can be written (to prove that a message or the text does not give it away)
# ---------------------------------------------------------------------------------------
def written_forms(value: float, *, precise: bool = False) -> set[str]:
    """0.7373 -> {'0.737', '73.7%', '74%', '0,737', ...}; 1178 -> {'1178', '1,178', ...}.

    ``precise=True`` leaves out the coarse forms ('74%', '0.7'), which a text may use for
    other reasons ("the top 5% of customers").
    """
    value = float(value)
    if value.is_integer() and abs(value) >= 10:
        n = int(value)
        return {str(n), f"{n:,}", f"{n:,}".replace(",", " ")}
    if abs(value) <= 1.5:
        forms = {f"{value:.3f}", f"{value:.4f}", f"{100 * value:.1f}%", f"{100 * value:.1f}"}
        if not precise:
            forms |= {f"{value:.1f}", f"{value:.2f}", f"{100 * value:.0f}%"}
    else:
        forms = {f"{value:.1f}", f"{value:.2f}"} | (set() if precise else {f"{value:.0f}"})
    forms |= {f.replace(".", ",") for f in forms}
    return {f for f in forms if f.strip("0.,%-") != ""}


def assert_not_written(text: str, value: float, *, precise: bool = False) -> None:
    for form in written_forms(value, precise=precise):
        # "about 90 minutes" (the study time that tools/build_course.py writes) is no leak.
        pattern = rf"(?<![\d.,]){re.escape(form)}(?![.,]?\d)(?! minutes)"
        assert not re.search(pattern, text), f"{form!r} appears in {text[:200]!r}..."


def test_the_leak_detector_finds_a_leak():
    with pytest.raises(AssertionError):
        assert_not_written("the top 20% bring 73.7% of revenue", 0.7373)
    with pytest.raises(AssertionError):
        assert_not_written("it takes 1,178 customers", 1178)
    assert_not_written("the top 20% bring 65%; 0.25 + 0.09", 0.7373)
    assert_not_written("the top 5% of customers", 0.0545, precise=True)
    with pytest.raises(AssertionError):
        assert_not_written("the largest brings 5.5%", 0.0545, precise=True)


# ---------------------------------------------------------------------------------------
# The checks: right answers pass, every listed mistake is recognised and gives nothing
# away, a blank is "not attempted"
# ---------------------------------------------------------------------------------------
def right_labels(question) -> str:
    return ", ".join(sorted(question._checker.right))


def share_of_top(values, k):  # the worked solution of q7
    largest = sorted(values, reverse=True)[:k]
    return sum(largest) / sum(values)


def right_answers(ex) -> dict[str, list[Any]]:
    top20 = compute("pareto_top20_share")
    equivalent = compute("vistula_equivalent_customers")
    return {
        "q1": [top20, round(top20, 3), f"{100 * top20:.1f}%"],
        "q2": [compute("pareto_customers_for_80"), str(compute("pareto_customers_for_80"))],
        "q3": [right_labels(ex.q3)],
        "q4": [right_labels(ex.q4), sorted(ex.q4._checker.right)],
        "q5": [right_labels(ex.q5)],
        "q6": [compute("invoice_table_totals")],
        "q7": [share_of_top],
        "q8": [
            "At my company a handful of large customers bring most of the revenue, probably "
            "more than in Online Retail. So the key account manager should spend the week "
            "with those few accounts and leave the small ones to inside sales."
        ],
        "q9": [right_labels(ex.q9)],
        "q10": [equivalent, round(equivalent, 1), f"{equivalent:.1f}"],
    }


@pytest.mark.slow
def test_every_question_of_the_spec_has_a_right_answer_here(ex):
    assert set(right_answers(ex)) == {q.id for q in ex.questions}
    assert 5 <= len(ex.questions) <= 10


@pytest.mark.slow
def test_right_answers_are_correct(ex):
    for qid, answers in right_answers(ex).items():
        question = getattr(ex, qid)
        for answer in answers:
            result = question.check(answer)
            assert result.outcome == "correct", (qid, answer, result.message)
            question.assert_correct(answer)  # the nbgrader form agrees


def test_blank_answers_are_not_attempted(ex):
    for question in ex.questions:
        assert question.check(____).outcome == "not_attempted", question.id
        assert question.check().outcome == "not_attempted", question.id


NUMERIC_MISTAKES = {
    # question: (expected, [(mistake function, start of its message)])
    "q1": (
        "pareto_top20_share",
        [
            ("pareto_top20_share_gross", "It looks like you left out the cancelled invoices"),
            ("pareto_top20_share_cancellations_as_sales", "It looks like you counted"),
            ("pareto_top20_share_with_missing_ids", "It looks like the lines without"),
            ("pareto_top20_share_negatives_dropped", "It looks like you left out the customers"),
        ],
    ),
    "q2": (
        "pareto_customers_for_80",
        [
            ("pareto_customers_for_80_share", "That is the share of customers"),
            ("pareto_customers_for_80_gross", "It looks like you left out the cancelled"),
            ("pareto_customers_for_80_cancellations_as_sales", "It looks like you counted"),
            ("pareto_customers_for_80_with_missing_ids", "It looks like the lines without"),
        ],
    ),
    "q10": (
        "vistula_equivalent_customers",
        [
            ("vistula_hhi", "That is the Herfindahl index itself."),
            ("vistula_hhi_points", "That is the Herfindahl index on the 0-10,000 scale."),
            ("vistula_customers_for_80", "That is the number of customers that make 80%"),
            ("vistula_customer_count", "That is how many customers Vistula has."),
            ("retail_equivalent_customers", "That is the figure for Online Retail."),
        ],
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("qid", sorted(NUMERIC_MISTAKES))
def test_numeric_mistakes_get_their_own_message_and_no_answer(ex, qid):
    expected_name, mistakes = NUMERIC_MISTAKES[qid]
    expected = compute(expected_name)
    question = getattr(ex, qid)
    listed = {m["value_from"] for m in question.spec["mistakes"] if "value_from" in m}
    assert listed == {name for name, _ in mistakes}  # every computed mistake is tested here
    for name, start in mistakes:
        result = question.check(compute(name))
        assert result.outcome == "incorrect", (name, result.message)
        assert result.message.startswith(start), (name, result.message)
        assert_not_written(result.message, expected)


@pytest.mark.slow
@pytest.mark.parametrize("answer", [0.8, "80%", 80, "0.80"])
def test_q1_the_rule_of_thumb_is_told_apart_from_what_the_data_says(ex, answer):
    # 0.8 is the most likely beginner answer: the 80/20 rule itself, not a measurement
    expected = compute("pareto_top20_share")
    assert not ex.q1._checker.close(0.8, expected)  # the data does not say 80% exactly
    result = ex.q1.check(answer)
    assert result.outcome == "incorrect"
    assert result.message.startswith("80% is the rule of thumb")
    assert "what this data says" in result.message
    assert_not_written(result.message, expected)
    literal = {m["value"] for m in ex.q1.spec["mistakes"] if "value" in m}
    assert literal == {0.8, 80}  # the only figures written in the spec: the rule itself


def test_q10_mistakes_are_the_figures_a_learner_could_confuse():
    report = kt.concentration_report(compute("vistula_net_totals"), negative="zero")
    # 1 / HHI is the equivalent number; the HHI itself, its points and two counts are not.
    assert compute("vistula_equivalent_customers") == pytest.approx(1 / report["hhi"])
    assert compute("vistula_hhi") == pytest.approx(report["hhi"])
    assert compute("vistula_hhi_points") == pytest.approx(10_000 * report["hhi"])
    assert compute("vistula_customers_for_80") == report["customers_for_80pct"]
    assert compute("vistula_customer_count") == report["n_customers"] == 500


def test_q10_answer_rounded_too_much_is_told_so(ex):
    # The widget shows one decimal; a whole number is not enough.
    result = ex.q10.check(round(compute("vistula_equivalent_customers")))
    assert result.outcome == "incorrect"
    assert "decimal" in result.message


def test_q10_solution_and_the_widget_readout_pass(ex, vistula):
    assert ex.q10.check(1 / kt.hhi(vistula)).outcome == "correct"
    explorer = kt.ParetoExplorer("vistula")
    try:
        shown = f"{explorer.readouts['equivalent_customers']:,.1f}"  # as the readout shows it
        assert shown in explorer.readouts_html.value
        assert ex.q10.check(shown).outcome == "correct"
    finally:
        explorer.close()


@given(st.integers(min_value=1, max_value=500))
def test_equivalent_customers_of_n_equal_customers_is_n(n):
    # The reasoning of q10's solution: n equal shares 1/n give HHI = n * (1/n)^2 = 1/n.
    assert 1 / kt.hhi(np.ones(n)) == pytest.approx(n)


@pytest.mark.parametrize("qid", ["q3", "q4", "q5", "q9"])
def test_every_wrong_option_explains_itself(ex, qid):
    question = getattr(ex, qid)
    checker = question._checker
    right_texts = [checker.options[checker.labels.index(label)]["text"] for label in checker.right]
    for label in checker.labels:
        if label in checker.right:
            continue
        option = checker.options[checker.labels.index(label)]
        result = question.check(label)
        assert result.outcome == "incorrect"
        assert option["explanation"][:40] in result.message
        for text in right_texts:
            assert text not in result.message


def test_choice_hints_count_the_right_options(ex):
    # The hints of q4 and q9 promise a number of right options: keep them true.
    assert len(ex.q4._checker.right) == 2 and "Two of the four" in ex.q4.spec["hints"][0]
    assert len(ex.q9._checker.right) == 3 and "Three of the five" in ex.q9.spec["hints"][0]
    assert len(ex.q9._checker.labels) == 5


def test_q9_right_options_are_the_lessons_of_the_notebook(ex, markdown):
    # What q9 marks as true is what the section "What the 80/20 rule does and does not
    # say" teaches.
    assert "It is an empirical regularity, not a law." in markdown
    assert "The two numbers need not add up to 100." in markdown
    assert "It says nothing about profit unless you measure profit." in markdown
    right = [o["text"] for o in ex.q9.spec["options"] if o.get("correct")]
    assert any("not a law" in t for t in right)
    assert any("need not add up to 100" in t for t in right)
    assert any("profit" in t for t in right)


def test_q5_applies_the_pareto_curve_to_two_companies(ex):
    # The right reading: the steeper curve means more dependence on a few customers.
    checker = ex.q5._checker
    (right,) = [o for o in checker.options if o.get("correct")]
    assert right["text"].startswith("Alfa depends more on a few customers")
    # The distractors are the misconceptions the module corrects: "80/20 is a law",
    # "concentration means profit", "the number of customers says how concentrated".
    wrong = " ".join(o["text"] for o in checker.options if not o.get("correct"))
    for words in ("always bring about 80%", "more profitable", "same number of customers"):
        assert words in wrong, words
    assert "Pareto curve" in ex.q5.spec["solution"]


def test_q10_solution_gives_the_largest_and_an_equal_sized_customers_share(ex):
    # The largest customer holds far more than an equal-sized one: the solution says so with
    # the computed figures (5.45% against 1 / 70.1 = 1.43% when this test was written).
    text = str(ex.q10.solution())
    top1, equal = compute("vistula_top1_share"), compute("vistula_equal_customer_share")
    assert top1 == pytest.approx(float(compute("vistula_report")["top1_share"]))
    assert equal == pytest.approx(1 / compute("vistula_equivalent_customers"))
    assert f"{top1:.2%}" in text and f"{equal:.2%}" in text
    assert f"{compute('vistula_equivalent_customers'):.1f}" in text
    assert top1 > 3 * equal  # so "hurts as much as an equal-sized customer" would be wrong
    assert "hurts as much as" not in text
    assert "{{" not in text  # every figure was filled in


def test_q6_mistake_and_q7_wrong_function(ex):
    result = ex.q6.check(compute("invoice_table_gross_totals"))
    assert result.outcome == "incorrect"
    assert result.message.startswith("It looks like the cancelled invoices")

    def unsorted(values, k):  # forgets to sort: the case with ascending input catches it
        return sum(values[:k]) / sum(values)

    result = ex.q7.check(unsorted)
    assert result.outcome == "incorrect"
    assert "sorted from the largest first" in result.message


def test_q8_short_text_is_not_attempted_and_a_full_one_gets_the_model_answer(ex):
    assert ex.q8.check("Too short.").outcome == "not_attempted"
    assert ex.q8.check("x" * ex.q8.spec["min_chars"]).outcome == "not_attempted"
    text = (
        "At my company a handful of large customers bring most of the revenue, probably "
        "more than in Online Retail. So the key account manager should spend the week "
        "with those few accounts and leave the small ones to inside sales."
    )
    result = ex.q8.check(text)
    assert result.outcome == "correct" and result.model_answer and result.rubric


def test_the_spec_hard_codes_no_figure_of_this_module():
    spec = yaml.safe_load((ROOT / "kamtools/content/checks/03_pareto.yml").read_text("utf-8"))
    text = yaml.safe_dump(spec, allow_unicode=True)
    for name in ("vistula_equivalent_customers", "vistula_hhi", "retail_equivalent_customers"):
        assert_not_written(text, compute(name), precise=True)


@pytest.mark.slow
def test_the_spec_hard_codes_no_online_retail_figure():
    text = (ROOT / "kamtools/content/checks/03_pareto.yml").read_text("utf-8")
    for name in ("pareto_top20_share", "pareto_customers_for_80"):
        assert_not_written(text, compute(name), precise=True)


# ---------------------------------------------------------------------------------------
# What the notebook's text says about the data
# ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_step_2_about_a_quarter_of_the_lines_have_no_customer(retail_lines):
    result = kt.customer_totals(
        retail_lines, customer="CustomerID", quantity="Quantity", price="UnitPrice", report=True
    )
    report = kt.excluded_lines(result)
    share = report.loc["missing customer id", "lines"] / len(retail_lines)
    assert 0.2 < share < 0.3  # "About a quarter of all invoice lines"
    assert report.loc["amount not a number", "lines"] == 0


@pytest.mark.slow
def test_step_2_a_few_customers_are_below_zero(reports):
    n_negative = reports["retail"]["n_negative"]
    assert 0 < n_negative < 0.02 * reports["retail"]["n_customers"]  # "A few customers"


@pytest.mark.slow
def test_step_3_online_retail_is_not_20_80(reports):
    report = reports["retail"]
    assert abs(report["top20pct_share"] - 0.8) > 0.05
    assert abs(report["customers_for_80pct"] / report["n_customers"] - 0.2) > 0.05
    assert report["top20pct_share"] > 0.5  # "a minority of customers brings most"


@pytest.mark.slow
@pytest.mark.parametrize("dataset", ["retail", "vistula"])
def test_step_4_class_a_is_the_customers_for_80(dataset, retail, vistula, reports):
    values = {"retail": retail, "vistula": vistula}[dataset]
    classes = kt.abc_classes(values, negative="zero")
    assert (classes == "A").sum() == reports[dataset]["customers_for_80pct"]


@pytest.mark.slow
def test_step_4_class_a_is_far_more_than_a_key_account_team_can_manage(reports):
    # McDonald & Woodburn: more than 50 key accounts is too many.
    assert reports["retail"]["customers_for_80pct"] > 50
    assert reports["vistula"]["customers_for_80pct"] > 50


def test_step_6_the_hand_example():
    # 0.5^2 + 0.3^2 + 0.2^2 = 0.25 + 0.09 + 0.04 = 0.38; 1 / 0.38 = 2.63...
    assert kt.hhi([50, 30, 20]) == pytest.approx(0.38)
    assert f"{1 / kt.hhi([50, 30, 20]):.1f}" == "2.6"
    assert kt.hhi([1, 1, 1, 1]) == pytest.approx(1 / 4)  # "With n equal customers it is 1/n"
    assert kt.hhi([0, 0, 7]) == pytest.approx(1.0)  # "when one customer has everything"


@pytest.mark.slow
def test_step_6_online_retail_is_far_from_the_10_percent_line(reports):
    assert reports["retail"]["top1_share"] < 0.05  # "a few per cent"


@pytest.mark.slow
def test_step_7_the_comparison(reports):
    retail, vistula = reports["retail"], reports["vistula"]
    assert vistula["n_customers"] == 500  # "about 500 business customers"
    assert retail["n_customers"] > 1000  # "thousands of small shops"
    assert 0.80 < vistula["top20pct_share"] < 0.86  # "a little more than 80%"
    assert retail["top20pct_share"] < 0.80  # "Online Retail ... stays below 80/20"
    for measure in ("gini", "top1_share", "top5_share", "hhi"):  # "more unequal ... higher"
        assert vistula[measure] > retail[measure], measure
    # "its hundreds of customers carry its revenue the way far fewer equal-sized ones would"
    assert vistula["equivalent_customers"] < vistula["n_customers"] / 5
    # "Neither company has a customer above the 10% line."
    assert retail["top1_share"] < 0.10 and vistula["top1_share"] < 0.10


def test_step_7_the_key_account_managers(vistula):
    customers = kt.load_dataset("vistula_customers").set_index("customer_id")
    manager = customers["account_manager"]
    counts = manager.value_counts()
    assert len(counts) == 9  # two key account managers and "the seven other managers"
    for name in KEY_ACCOUNT_MANAGERS:
        assert counts[name] == 10  # "look after ten customers each"
    ranked = kt.pareto_table(vistula, negative="zero")["customer"]
    # "chosen at the start of 2023 on the revenue then expected, so they are most of
    # today's largest customers, but not all of them"
    in_top20 = manager[ranked.head(20)].isin(KEY_ACCOUNT_MANAGERS).sum()
    assert 15 <= in_top20 < 20


@pytest.mark.slow
def test_the_80_20_lesson_the_companies_swap_places(retail, vistula):
    def share(values, p):
        return kt.top_share(values, p, negative="zero")

    # "at the very top (the largest 1% and 5% of customers) Online Retail is steeper"
    for p in (0.01, 0.05):
        assert share(retail, p) > share(vistula, p), p
    # "from 10% on, Vistula is"
    for p in (0.10, 0.20, 0.50):
        assert share(vistula, p) > share(retail, p), p
    # "Neither company is 80/20 at every cut", and q9's example (top 10% bring 50%) and
    # the lesson's examples (65%, 50%) are not the data's figures.
    for values in (retail, vistula):
        assert abs(share(values, 0.10) - 0.50) > 0.05
        assert abs(share(values, 0.20) - 0.65) > 0.05


def test_try_it_task_5_the_whale_climbs_above_100_percent():
    explorer = kt.ParetoExplorer("vistula", metric="profit", view="whale")
    try:
        profit = explorer.values
        assert (profit < 0).sum() > 0  # "some customers lose money"
        assert explorer.readouts["n_negative"] > 0
        assert any("negative profit" in note for note in explorer.notes)
        share = kt.whale_curve(profit).table["cumulative_profit_share"]
        assert share.max() > 1.0  # "the curve climbs above 100% of the profit and comes down"
        assert share.iloc[-1] == pytest.approx(1.0)
    finally:
        explorer.close()


def test_try_it_task_6_northwind_has_91_customers():
    explorer = kt.ParetoExplorer("northwind")
    try:
        assert explorer.readouts["n_customers"] == 91  # "a food trader with 91 customers"
    finally:
        explorer.close()


@pytest.mark.slow
def test_try_it_the_explorer_agrees_with_the_printed_figures(reports):
    explorer = kt.ParetoExplorer("online_retail")
    try:
        r = explorer.readouts
        assert r["top_p_share"] == pytest.approx(reports["retail"]["top20pct_share"])
        assert r["customers_for_80pct"] == reports["retail"]["customers_for_80pct"]
        explorer.p_slider.value = 0.27  # task 2: where the top share reaches 80%
        c80_share = r["customers_for_80pct"] / r["n_customers"]
        assert explorer.readouts["top_p_share"] >= 0.8 - 1e-9
        assert abs(0.27 - c80_share) < 0.01
    finally:
        explorer.close()


@pytest.mark.slow
def test_challenge_3_pandas_agrees_with_customer_totals(retail_lines, retail):
    by_pandas = (
        (retail_lines["Quantity"] * retail_lines["UnitPrice"])
        .groupby(retail_lines["CustomerID"])
        .sum()
    )
    assert by_pandas.index.equals(retail.index.astype(by_pandas.index.dtype))
    assert np.abs(by_pandas.to_numpy() - retail.to_numpy()).max() < 1e-6


@pytest.mark.slow
def test_the_markdown_quotes_no_figure_from_data(markdown, reports):
    # Figures from data are printed by code cells, never typed into the text.
    for report in reports.values():
        for key in (
            "top20pct_share",
            "customers_for_80pct",
            "gini",
            "top1_share",
            "top5_share",
            "equivalent_customers",
        ):
            assert_not_written(markdown, report[key], precise=True)


# ---------------------------------------------------------------------------------------
# The notebook's shape (course/AUTHORING.md)
# ---------------------------------------------------------------------------------------
def test_committed_without_outputs_and_with_the_python3_kernel(notebook):
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_title_and_time_match_the_course_map(cells):
    modules = yaml.safe_load((ROOT / "course" / "modules.yml").read_text("utf-8"))["modules"]
    (entry,) = [m for m in modules if m["file"] == NOTEBOOK.name]
    kind, front = cells[0]
    assert kind == "markdown"
    assert front.startswith(f"# 03 · {entry['title']}\n")
    time = re.search(r"about (\d+) minutes \(teaching (\d+), exercises (\d+)\)", front)
    assert time, "the front matter states the time"
    total, teaching, exercises = map(int, time.groups())
    assert total == entry["minutes"] == teaching + exercises
    for heading in ("**Questions this module answers**", "**Objectives.**"):
        assert heading in front


def test_setup_is_one_code_cell(cells):
    kind, setup = cells[1]
    assert kind == "code"
    for line in (
        "import kamtools as kt",
        "from kamtools import ____",
        f'ex = kt.exercise("{MODULE_ID}")',
        'lines = kt.load_dataset("online_retail")',
    ):
        assert line in setup
    assert "just run this cell" in setup


def test_sections_come_in_the_house_order(markdown):
    headings = [
        "## Try it",
        "## Check yourself",
        "## Practice",
        "## Analyst challenge (optional)",
        "## Key points",
        "## Further reading",
    ]
    positions = [markdown.find(h) for h in headings]
    assert -1 not in positions, dict(zip(headings, positions, strict=True))
    assert positions == sorted(positions)


def test_every_question_is_shown_and_answered_in_one_line(ex, code):
    for question in ex.questions:
        assert f"ex.{question.id}" in code, question.id  # the question displayed
        answer_cells = [c for c in code if c.endswith(f"ex.{question.id}.check(answer)")]
        assert len(answer_cells) == 1, question.id
        first, second = answer_cells[0].splitlines()
        assert first.startswith("answer = ____  # ")


def test_blanks_only_in_answer_cells(code):
    for cell in code:
        if "____" in cell and "from kamtools import ____" not in cell:
            assert cell.startswith("answer = ____"), cell


def test_the_widget_is_there_with_tasks(code, markdown):
    assert 'kt.ParetoExplorer("online_retail")' in "\n".join(code)
    tasks = markdown[markdown.find("## Try it") : markdown.find("## Check yourself")]
    assert tasks.count("*Notice:*") >= 5


def test_key_figures_are_checked_by_nbval(notebook):
    marked = [
        "".join(c["source"])
        for c in notebook["cells"]
        if "nbval-check-output" in c.get("metadata", {}).get("tags", [])
    ]
    joined = "\n".join(marked)
    for figure in ("kt.top_share(totals, 0.2", "kt.customers_for_share(totals, 0.8", "gini"):
        assert figure in joined
    for cell in marked:  # nbval compares text: no charts, no widgets, no tables in these
        assert "plot_" not in cell and "Explorer" not in cell


def test_the_source_article_and_the_sources_are_cited(markdown):
    assert "about 20% of customers bring about 80% of the profit" in markdown
    for source in (
        "Chen, Sain and Guo, 2012",
        "McDonald and Woodburn (2007)",
        "ASC 280-10-50-42",
        "Cooper and Kaplan (1991)",
        "Lorenz, 1905",
        "Gini, 1912",
        "Juran",
    ):
        assert source in markdown, source


def test_the_answers_of_this_module_are_not_overridden_by_another_module():
    # kamtools.content.answers.register keys functions by name: a function of the same
    # name in another answers_<NN>.py would silently replace one of ours.
    import inspect

    import kamtools.content.answers_03 as answers_03
    from kamtools.content.answers import ANSWERS

    ours = [
        name
        for name, func in inspect.getmembers(answers_03, inspect.isfunction)
        if func.__module__ == answers_03.__name__
    ]
    assert len(ours) >= 8
    for name in ours:
        assert ANSWERS[name].__module__ == answers_03.__name__, name
