"""Tests of module 05 (Selecting key accounts): its checks, its answers and its notebook.

The checks of 05_selecting_key_accounts.yml are answered right, with every listed mistake
(whose message must never give the expected value away) and not at all; the figures and
claims of the notebook's text are checked against the Vistula data; the notebook's
example table is the one the answers use.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import pytest
import test_checks_content as content  # the shared right/wrong/leak checks of every spec
import yaml

import kamtools as kt
from kamtools.checks import ____, exercise
from kamtools.content.answers import compute
from kamtools.content.answers_05 import (
    CRITERIA,
    KEY_ACCOUNT_MANAGERS,
    VISTULA_CATEGORIES,
    WARTA_WEIGHTS,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "course" / "05_selecting_key_accounts.ipynb"
MODULE = "05_selecting_key_accounts"


def _ex():
    return exercise(MODULE, recorder=lambda *args, **kwargs: None)


@pytest.fixture(scope="module")
def cells() -> list[dict]:
    """The notebook's cells without the generated navigation (tagged nav-top / nav-bottom)."""
    all_cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    nav = {"nav-top", "nav-bottom"}
    return [c for c in all_cells if not nav & set(c.get("metadata", {}).get("tags", []))]


def _text(cells: list[dict], kind: str) -> str:
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == kind)


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return kt.load_dataset("vistula_customers").set_index("customer_id")


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------
def test_right_answers_pass_and_wrong_ones_never_leak():
    ex = _ex()
    assert len(ex.questions) >= 5
    for question in ex.questions:
        content.BY_TYPE[question.type](question)


def test_every_question_handles_blank_and_wrong_kind():
    for question in _ex().questions:
        assert content._check_pair(question, ____).outcome == "not_attempted"
        result = content._check_pair(question, object())
        assert result.outcome == "uncheckable", question.id
        assert question.hint() and question.solution()


def test_the_checks_are_of_varied_types():
    types = {q.type for q in _ex().questions}
    assert {"single_choice", "multiple_choice", "numeric", "reflection"} <= types


def test_warta_score_by_hand():
    # Warta Metal: volume 7, growth 6, margin 3, fit 5, ease 9; weights 3, 2, 3, 1, 1
    # (21 + 12 + 9 + 5 + 9) / 10 = 56 / 10 = 5.6
    assert compute("warta_score") == pytest.approx(5.6)
    assert compute("warta_weighted_sum") == pytest.approx(56.0)
    assert compute("warta_sum_over_criteria") == pytest.approx(11.2)  # 56 / 5
    assert compute("warta_plain_mean") == pytest.approx(6.0)  # 30 / 5
    assert sum(WARTA_WEIGHTS.values()) == 10
    ex = _ex()
    assert ex.q2.check(5.6).outcome == "correct"
    assert ex.q2.check("5,6").outcome == "correct"


def test_the_prompt_of_q2_states_the_weights_of_the_answer():
    spec = yaml.safe_load((kt.checks.spec.spec_path(MODULE)).read_text(encoding="utf-8"))
    prompt = next(q for q in spec["questions"] if q["id"] == "q2")["prompt"]
    for criterion, weight in WARTA_WEIGHTS.items():
        assert f"{criterion.replace('_', ' ')} {weight}" in " ".join(prompt.split())


def test_q5_the_finance_directors_weights_really_move_accounts():
    # The scenario of q5: margin potential at 8, the others at 5, moves accounts into
    # another box, as the widget shows.
    assert compute("margin8_changed") > 0
    scoring = kt.AccountScoring()
    try:
        assert scoring.changed.empty  # the equal-weight baseline
        scoring.weight_sliders["margin_potential"].value = 8
        assert len(scoring.changed) == compute("margin8_changed")
    finally:
        scoring.close()


def test_q7_the_strategic_box_at_5_is_far_too_big_for_two_managers(customers):
    # "far more customers than its two key account managers could ever serve": more than
    # 50 (Woodburn & McDonald's "too many"), and more than two managers with 35 each.
    count = compute("strategic_at_cut_5")
    placement = kt.portfolio_quadrant(customers["attractiveness"], customers["relative_strength"])
    assert count == int((placement["quadrant"] == "Strategic").sum())
    assert count > 2 * 35 and count > 50
    # The solution's cut of 7 brings the box within what a team can serve.
    strict = kt.portfolio_quadrant(
        customers["attractiveness"], customers["relative_strength"], cut=7
    )
    assert int((strict["quadrant"] == "Strategic").sum()) <= 35


def test_the_solution_of_q10_passes(customers):
    ex = _ex()
    key_accounts = customers[customers["account_manager"].isin(KEY_ACCOUNT_MANAGERS)]
    assert ex.q10.check(int((key_accounts["attractiveness"] >= 7).sum())).outcome == "correct"


def test_right_choice_options_are_the_intended_ones():
    ex = _ex()

    def right(q):
        return [" ".join(o["text"].split()) for o in q._checker.options if o.get("correct")]

    assert right(ex.q4) == [
        "Star, because it is attractive but you are weak: invest where the prize justifies it"
    ]
    assert right(ex.q6) == ["Cooperative"]
    assert right(ex.q5)[0].startswith('"The weights say what we want key accounts to bring us.')
    assert right(ex.q7)[0].startswith("Raise the bar")
    assert len(right(ex.q3)) == 3
    assert right(ex.q8)[0].startswith("Expect a tender or an e-auction on price.")
    assert right(ex.q9)[0].startswith('Slow answers and high quotes that say "you are not wanted".')


def test_q6_stages_keep_their_order():
    # The stages are shown in the order of the model (not shuffled): their order teaches.
    spec = yaml.safe_load((kt.checks.spec.spec_path(MODULE)).read_text(encoding="utf-8"))
    q6 = next(q for q in spec["questions"] if q["id"] == "q6")
    assert not q6.get("shuffle", False)
    assert [o["text"] for o in q6["options"]] == [
        "Basic",
        "Cooperative",
        "Interdependent",
        "Integrated",
    ]


# ---------------------------------------------------------------------------------------
# The answers against the data
# ---------------------------------------------------------------------------------------
def test_key_account_managers_serve_twenty_accounts(customers):
    # DATASHEET.md: 2 key account managers for 20 of the largest customers.
    managers = customers["account_manager"].value_counts()
    assert managers[list(KEY_ACCOUNT_MANAGERS)].tolist() == [10, 10]
    assert len(compute("selection_key_accounts")) == 20


def test_attractiveness_is_the_equal_weight_score(customers):
    # The widget's baseline (all sliders at 5) must match the column the notebook uses.
    scores = kt.weighted_score(customers, dict.fromkeys(CRITERIA, 5))
    assert (scores.round(1) - customers["attractiveness"]).abs().max() < 1e-9


def test_counts_by_hand_match_the_answers(customers):
    key = customers[customers["account_manager"].isin(KEY_ACCOUNT_MANAGERS)]
    assert compute("key_accounts_attractive") == int((key["attractiveness"] >= 7).sum())
    assert compute("customers_attractive") == int((customers["attractiveness"] >= 7).sum())
    assert compute("key_accounts_strong") == int((key["relative_strength"] >= 7).sum())
    # q10's solution: "fewer than half" of the key accounts are highly attractive, and the
    # wrong axis (strength) gives a clearly different count, as its message says.
    assert 0 < compute("key_accounts_attractive") < len(key) / 2
    assert compute("key_accounts_strong") > len(key) / 2
    values = [
        compute(n)
        for n in (
            "key_accounts_attractive",
            "key_accounts_strong",
            "key_accounts_below_7",
            "customers_attractive",
        )
    ]
    assert len(set(values)) == len(values)
    result = _ex().q10.check(compute("key_accounts_strong"))
    assert result.outcome == "incorrect" and "relative strength" in result.message
    high_a = customers["attractiveness"] >= 5
    high_s = customers["relative_strength"] >= 5
    assert compute("strategic_at_cut_5") == int((high_a & high_s).sum())


# ---------------------------------------------------------------------------------------
# The notebook
# ---------------------------------------------------------------------------------------
def test_front_matter_matches_the_course_map(cells):
    modules = yaml.safe_load((ROOT / "course" / "modules.yml").read_text(encoding="utf-8"))
    entry = next(m for m in modules["modules"] if m["file"] == NOTEBOOK.name)
    first = "".join(cells[0]["source"])
    assert first.startswith(f"# 05 · {entry['title']}\n")
    assert f"**Time**: about {entry['minutes']} minutes" in first
    for heading in ("**Questions this module answers**", "**Objectives**"):
        assert heading in first


def test_setup_binds_this_exercise(cells):
    setup = "".join(cells[1]["source"])
    assert f'ex = kt.exercise("{MODULE}")' in setup
    assert "import kamtools as kt" in setup and "from kamtools import ____" in setup


def test_every_question_is_asked_in_order(cells):
    code = _text(cells, "code")
    ids = [q.id for q in _ex().questions]
    positions = [code.index(f"ex.{qid}.check(answer)") for qid in ids]
    assert positions == sorted(positions)


def test_structure_sections_in_order(cells):
    markdown = _text(cells, "markdown")
    order = ["## Try it", "## Check yourself", "## Practice", "## Key points", "## Further reading"]
    positions = [markdown.index(h) for h in order]
    assert positions == sorted(positions)
    assert "## Analyst challenge (optional)" in markdown


def test_notebook_example_table_is_the_answers_table(cells):
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "prospects" for t in node.targets)
                and isinstance(node.value, ast.Call)
            ):
                data = ast.literal_eval(node.value.args[0])
                index = ast.literal_eval(
                    next(k.value for k in node.value.keywords if k.arg == "index")
                )
                pd.testing.assert_frame_equal(
                    pd.DataFrame(data, index=index), compute("selection_prospects")
                )
                return
    pytest.fail("no `prospects = pd.DataFrame(...)` cell in the notebook")


def test_notebook_criteria_and_managers_match_the_answers(cells):
    setup = "".join(cells[1]["source"])
    for criterion in CRITERIA:
        assert f'"{criterion}"' in setup
    code = _text(cells, "code")
    assert '["Anna Kowalczyk", "Michał Jabłoński"]' in code
    assert list(KEY_ACCOUNT_MANAGERS) == ["Anna Kowalczyk", "Michał Jabłoński"]


def test_scoring_example_numbers_in_the_text():
    prospects = compute("selection_prospects")
    equal = kt.weighted_score(prospects, dict.fromkeys(CRITERIA, 1))
    size_first = kt.weighted_score(prospects, {**dict.fromkeys(CRITERIA, 1), "volume_potential": 6})
    # Odra: (9 + 3 + 4 + 6 + 5) / 5 = 5.4; Tatra 35 / 5 = 7.0; Warta 30 / 5 = 6.0
    assert equal.round(4).tolist() == [5.4, 7.0, 6.0]
    # Odra: (54 + 3 + 4 + 6 + 5) / 10 = 7.2; Tatra: 60 / 10 = 6.0; Warta: 65 / 10 = 6.5
    assert size_first.round(4).tolist() == [7.2, 6.0, 6.5]
    assert equal.idxmax() == "Tatra Foods" and size_first.idxmax() == "Odra Packaging"


def test_claims_about_vistula_in_the_text(cells, customers):
    markdown = " ".join(_text(cells, "markdown").split())
    key = customers[customers["account_manager"].isin(KEY_ACCOUNT_MANAGERS)]
    by_name = key.reset_index().set_index("company_name")
    lines = kt.load_dataset("vistula_transactions")
    revenue = kt.customer_totals(lines, customer="customer_id", amount="amount")
    top10 = set(revenue.sort_values(ascending=False).index[:10])
    # "Two of Vistula's ten largest customers, Balimpor Auto Parts and Borurlux Automotive,
    # score no better than the middle of the scale on margin potential and low on ease of
    # doing business"
    assert "Two of Vistula's ten largest customers, Balimpor Auto Parts and Borurlux" in markdown
    for name in ("Balimpor Auto Parts Sp. z o.o.", "Borurlux Automotive S.A."):
        row = by_name.loc[name]
        assert row["customer_id"] in top10, name
        assert row["margin_potential"] <= 5 and row["ease_of_doing_business"] <= 4, name
    # "Others, such as Wikanpor Beverages and Berotech Coatings, score lower still"
    assert "Wikanpor Beverages and Berotech Coatings, score lower still" in markdown
    for name in ("Wikanpor Beverages Sp. z o.o.", "Berotech Coatings S.A."):
        assert by_name.loc[name, "margin_potential"] <= 2, name
    assert (key["margin_potential"] <= 2).sum() >= 3
    # "At the start of 2023 the company gave them the 20 customers it then expected to be
    # the largest": most, not all, of them are in today's top 20 (DATASHEET.md).
    top20 = set(revenue.sort_values(ascending=False).index[:20])
    assert 15 <= len(top20 & set(key.index)) < 20
    # "Most of them look Strategic, and the rest sit in Status" (the default cut of 5) ...
    placement = kt.portfolio_quadrant(customers["attractiveness"], customers["relative_strength"])
    key_boxes = placement.loc[key.index, "quadrant"]
    assert "Most of them look Strategic, and the rest sit in Status." in markdown
    assert (key_boxes == "Strategic").sum() > len(key) / 2
    assert set(key_boxes) == {"Strategic", "Status"}
    # ... "the key accounts in Status are the ones least attractive to Vistula"
    status = key.loc[key_boxes == "Status", "attractiveness"]
    assert status.max() < key.loc[key_boxes == "Strategic", "attractiveness"].min()
    # "far more customers land [in Strategic] than two key account managers could look after"
    strategic = int((placement["quadrant"] == "Strategic").sum())
    assert strategic > 50
    # With the line at 7: "only the very best remain Strategic, and many ... show up as Star"
    strict = kt.portfolio_quadrant(
        customers["attractiveness"], customers["relative_strength"], cut=7
    )
    counts = strict["quadrant"].value_counts()
    assert counts["Strategic"] < 35 and counts["Star"] > counts["Strategic"]
    # Section 6: the two cells that deserve a second look are not empty.
    table = pd.crosstab(customers["relationship_stage"], placement["quadrant"])
    assert table.loc[["exploratory", "basic"], "Strategic"].sum() > 0
    assert table.loc["interdependent", "Status"] > 0
    # Step 2 of the practice lists highly attractive customers without a key account manager.
    assert ((customers["attractiveness"] >= 7) & ~customers.index.isin(key.index)).sum() > 20


def test_largest_customer_is_profitable_as_q1_says():
    # q1 explains: "at Vistula the largest customer of all is very profitable", while
    # "some other large ones lose money". Profit after the cost of goods, the rebates and
    # the cost to serve (kamtools.data.vistula), computed here by hand.
    lines = kt.load_dataset("vistula_transactions")
    cts = kt.load_dataset("vistula_cost_to_serve")
    revenue = lines.groupby("customer_id")["amount"].sum()
    cost = lines.groupby("customer_id")["cost_of_goods"].sum()
    drivers = cts.groupby("customer_id")[[*kt.vistula.COST_RATES, "rebate"]].sum()
    rates = pd.Series(kt.vistula.COST_RATES)
    profit = revenue - cost - drivers["rebate"] - (drivers[rates.index] * rates).sum(axis=1)
    largest = revenue.idxmax()
    assert largest == "V0167"  # DATASHEET.md: Halitron Medical S.A.
    assert profit[largest] > 0.1 * revenue[largest]
    assert profit.rank(ascending=False)[largest] <= 2  # the second-highest profit of all
    top10 = revenue.sort_values(ascending=False).index[:10]
    assert (profit[top10] < 0).sum() >= 1


def test_strategies_in_the_text_are_the_library_strategies(cells):
    markdown = " ".join(_text(cells, "markdown").split())
    for name, strategy in kt.QUADRANT_STRATEGIES.items():
        assert f"| **{name}** |" in markdown
        assert strategy.replace("cost-to-serve", "the cost to serve") in markdown, name


def test_seed_coverage_phrases(cells):
    markdown = _text(cells, "markdown")
    # Article point taught here: key accounts are selective, courted with discounts.
    assert "key accounts are selective" in markdown
    assert "competitors court them with discounts and" in markdown


def test_notebook_is_committed_without_outputs():
    for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_the_quiz_asks_existing_questions(cells):
    code = _text(cells, "code")
    asked = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9"]
    assert f"kt.Quiz(ex, questions={json.dumps(asked)})" in code.replace('", "', '", "')
    ids = {q.id for q in _ex().questions}
    assert set(asked) <= ids
    quiz = kt.Quiz(_ex(), questions=asked)
    quiz.close()


def test_no_other_module_overrides_these_answers():
    # register() keys answers by function name: a same-named function elsewhere would win.
    import re

    from kamtools.content import answers_05
    from kamtools.content.answers import ANSWERS

    source = Path(answers_05.__file__).read_text(encoding="utf-8")
    names = re.findall(r"@register\ndef ([a-z0-9_]+)\(", source)
    assert names
    for name in names:
        assert ANSWERS[name].__module__ == answers_05.__name__, name


# ---------------------------------------------------------------------------------------
# Section 6: how the buyer sees us (an illustrative table, not data)
# ---------------------------------------------------------------------------------------
def _assigned_frame(cells: list[dict], name: str) -> pd.DataFrame:
    """The literal ``name = pd.DataFrame({...}, index=[...])`` of a notebook code cell."""
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
                and isinstance(node.value, ast.Call)
            ):
                data = ast.literal_eval(node.value.args[0])
                index = ast.literal_eval(
                    next(k.value for k in node.value.keywords if k.arg == "index")
                )
                return pd.DataFrame(data, index=index)
    pytest.fail(f"no `{name} = pd.DataFrame(...)` cell in the notebook")


def test_buyer_view_is_the_answers_table_and_uses_the_data_categories(cells):
    table = _assigned_frame(cells, "buyer_view")
    pd.testing.assert_frame_equal(table, compute("buyer_view_items"))
    lines = kt.load_dataset("vistula_transactions")
    assert set(table.index) == set(lines["category"].unique())
    assert set(table.index) == set(VISTULA_CATEGORIES)


def test_buyer_view_is_called_illustrative_not_data(cells):
    markdown = " ".join(_text(cells, "markdown").split())
    assert "This is an illustrative teaching table, not data" in markdown
    code = _text(cells, "code")
    assert "# An illustrative table, not data" in code


def test_claims_about_the_buyer_view_in_the_text(cells):
    markdown = " ".join(_text(cells, "markdown").split())
    table = compute("buyer_view_items")
    kind = kt.kraljic_quadrant(table["profit_impact"], table["supply_risk"])
    # "Fasteners are a leverage item"; "Tools & abrasives score exactly 5 ... leverage"
    assert "Fasteners are a leverage item" in markdown
    assert kind["fasteners"] == "Leverage"
    assert "Tools & abrasives** score exactly 5 on profit impact" in markdown
    assert table.loc["tools & abrasives", "profit_impact"] == 5
    assert kind["tools & abrasives"] == "Leverage"
    # "Packaging and safety & PPE are non-critical."
    assert "Packaging and safety & PPE are non-critical." in markdown
    assert kind[["packaging", "safety & PPE"]].tolist() == ["Non-critical"] * 2
    # "A validated lubricant is a bottleneck"; "Custom bearings are strategic"
    assert kind["lubricants & chemicals"] == "Bottleneck"
    assert kind["bearings & transmission"] == "Strategic"
    # The try-it steps: supply risk 7 makes fasteners strategic; profit impact 3 with
    # supply risk 2 makes them non-critical.
    assert "Move **supply risk** to 7" in markdown
    assert kt.kraljic_quadrant(table.loc["fasteners", "profit_impact"], 7) == "Strategic"
    assert kt.kraljic_quadrant(3, 2) == "Non-critical"


def test_the_buyer_tables_are_the_library_texts(cells):
    markdown = " ".join(_text(cells, "markdown").split())
    for name, strategy in kt.KRALJIC_STRATEGIES.items():
        assert f"| **{name}** |" in markdown
        assert f"| {strategy} | {kt.KRALJIC_FOR_SUPPLIER[name]} |" in markdown, name
    for name, behaviour in kt.SUPPLIER_PREFERENCE_BEHAVIOUR.items():
        assert f"| **{name}** |" in markdown
        assert f"| {behaviour} |" in markdown, name


def test_the_buyer_section_sits_after_the_matrix_and_connects_to_selection(cells):
    markdown = _text(cells, "markdown")
    headings = [
        "## 4. The portfolio matrix",
        "## 5. How many key accounts",
        "## 6. How the buyer sees us",
        "## 7. Relationship stages",
        "\n## Try it",
    ]
    positions = [markdown.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "## Try it" not in markdown[: positions[-1]]  # one "Try it" heading, the widget's
    flat = " ".join(markdown.split())
    assert "A customer's attractiveness to us is only half the picture" in flat
    for source in ("Kraljic, 1983", "Steele & Court, 1996"):
        assert source in flat
    for reference in ("Kraljic, P. (1983).", "Steele, P. and Court, B. (1996)."):
        assert reference in flat


def test_the_supplier_preferencing_example_covers_all_four_quadrants(cells):
    table = _assigned_frame(cells, "how_we_see_them")
    placed = kt.supplier_preference_quadrant(
        table["account_value"], table["account_attractiveness"]
    )
    assert set(placed.astype(str)) == set(kt.SUPPLIER_PREFERENCE_BEHAVIOUR)
    # q9's customer is the nuisance account of the example.
    assert placed["Lubawa Meble"] == "Nuisance"
    spec = yaml.safe_load((kt.checks.spec.spec_path(MODULE)).read_text(encoding="utf-8"))
    prompt = next(q for q in spec["questions"] if q["id"] == "q9")["prompt"]
    assert "Lubawa Meble" in prompt


def test_try_it_moves_the_fasteners_headless(cells, monkeypatch):
    # Run the try-it cell with a stand-in for ipywidgets.interact that calls the
    # function at the sliders' start and at the values the text asks for.
    import ipywidgets
    import matplotlib.pyplot as plt

    cell = next(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and "def move_fasteners" in "".join(c["source"])
    )
    calls = []

    def fake_interact(function, **sliders):
        start = {name: slider.value for name, slider in sliders.items()}
        assert start == {"profit_impact": 6.0, "supply_risk": 2.0}
        for name, slider in sliders.items():
            assert (slider.min, slider.max) == (0, 10), name
        for kwargs in (
            start,
            {**start, "supply_risk": 7.0},
            {"profit_impact": 3.0, "supply_risk": 2.0},
        ):
            function(**kwargs)
            calls.append(plt.gca())

    monkeypatch.setattr(ipywidgets, "interact", fake_interact)
    namespace = {"kt": kt, "pd": pd, "buyer_view": compute("buyer_view_items")}
    printed = []
    namespace["print"] = printed.append
    exec(compile(cell, "try-it", "exec"), namespace)
    assert printed == [
        f"Fasteners are now a Leverage item: {kt.KRALJIC_FOR_SUPPLIER['Leverage']}.",
        f"Fasteners are now a Strategic item: {kt.KRALJIC_FOR_SUPPLIER['Strategic']}.",
        f"Fasteners are now a Non-critical item: {kt.KRALJIC_FOR_SUPPLIER['Non-critical']}.",
    ]
    for ax in calls:
        assert "fasteners" in [t.get_text() for t in ax.texts]
    plt.close("all")


def test_the_buyer_checks_come_before_the_practice_and_ids_follow_the_notebook():
    ids = [q.id for q in _ex().questions]
    assert ids == [f"q{i}" for i in range(1, 12)]
    spec = yaml.safe_load((kt.checks.spec.spec_path(MODULE)).read_text(encoding="utf-8"))
    titles = {q["id"]: q["title"] for q in spec["questions"]}
    assert titles["q8"] == "Our fasteners are a leverage item"
    assert titles["q9"] == "A customer in our nuisance box"
    assert titles["q10"].startswith("How many of today's key accounts")
    assert spec["questions"][10]["type"] == "reflection"
