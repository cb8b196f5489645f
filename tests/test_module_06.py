"""Tests of module 06 (Knowing the client): its checks, its answers and its notebook.

The checks of 06_knowing_the_client.yml are answered right, with every listed mistake
(whose message must never give the expected value away) and not at all; the figures and
claims of the notebook's text are checked against the data (Vistula, Northwind) and
against the invented statements of Linurpor, which must be the ones the answers use.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import test_checks_content as content  # the shared right/wrong/leak checks of every spec
import yaml

import kamtools as kt
from kamtools.analysis import pricing
from kamtools.checks import ____, exercise
from kamtools.content.answers import compute
from kamtools.data import vistula

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "course" / "06_knowing_the_client.ipynb"
MODULE = "06_knowing_the_client"


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
def setup_namespace(cells) -> dict:
    """The names the notebook's setup cell defines (the exercise records nothing here)."""
    namespace: dict = {}
    exec("".join(cells[1]["source"]), namespace)
    return namespace


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------
def test_right_answers_pass_and_wrong_ones_never_leak():
    ex = _ex()
    assert 5 <= len(ex.questions) <= 12  # q11-q12: the pocket-price waterfall (issue 12)
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
    assert {"single_choice", "numeric", "reflection"} <= types


def test_stretched_cash_by_hand():
    # Days payable 2023 = 46.4 / 338.6 * 365 = 50.018 days.
    # At that pace 2025 payables would be 50.018 * 452.6 / 365 = 62.022; actual 85.6.
    # 85.6 - 62.022 = 23.578 million PLN
    assert compute("client_stretched_cash") == pytest.approx(23.578, abs=1e-3)
    assert compute("client_stretched_days") == pytest.approx(69.032 - 50.018, abs=1e-3)
    assert compute("client_payables_change") == pytest.approx(85.6 - 46.4)
    assert _ex().q2.check(23.6).outcome == "correct"


def test_break_even_answer_by_hand():
    # 0.03 / (0.18 - 0.03) = 0.03 / 0.15 = 0.2
    spec = yaml.safe_load(kt.checks.spec.spec_path(MODULE).read_text(encoding="utf-8"))
    q6 = next(q for q in spec["questions"] if q["id"] == "q6")
    assert "3% discount" in q6["prompt"] and "margin on the account is 18%" in q6["prompt"]
    assert "expected" not in q6  # computed by answers_06, never typed in
    assert compute(q6["expected_from"]) == pytest.approx(0.2)
    assert compute(q6["expected_from"]) == pytest.approx(pricing.break_even_volume(0.03, 0.18))
    # d / m (the part of the margin given away), m / (m - d) (the new volume), d itself
    mistakes = sorted(compute(m["value_from"]) for m in q6["mistakes"])
    assert mistakes == pytest.approx(sorted([0.03 / 0.18, 0.18 / 0.15, 0.03]), abs=1e-4)
    ex = _ex()
    assert ex.q6.check(0.2).outcome == "correct"
    assert ex.q6.check("20%").outcome == "correct"


def test_q8_right_option_names_the_rep_with_the_highest_rate():
    by_rep = compute("nw_leakage_by_rep")
    rates = by_rep["leakage_rate"].sort_values(ascending=False)
    ex = _ex()
    right = [o["text"] for o in ex.q8._checker.options if o.get("correct")]
    assert len(right) == 1 and rates.index[0] == "Robert King" in right[0]
    # The prompt and the explanations' claims:
    assert by_rep["discount_given"].idxmax() == "Margaret Peacock"  # most money in total
    assert by_rep["list_revenue"].idxmax() == "Margaret Peacock"  # "she sells the most"
    assert rates.index[0] != "Margaret Peacock"  # "her rate is not the highest"
    assert rates.index[-1] == "Janet Leverling"  # "the lowest rate of all" (solution)
    king = rates["Robert King"]
    assert king > 0.11  # "more than 11%", "more than a tenth"
    for rep in ("Janet Leverling", "Laura Callahan", "Nancy Davolio"):
        assert king > 2 * rates[rep]  # "more than twice the rate of ..."
    # "The plain average ... misleads": the unweighted mean ranks the reps differently.
    lines = compute("nw_order_lines")
    plain = lines.groupby("sales_rep")["discount"].mean().sort_values(ascending=False)
    assert list(plain.index) != list(rates.index)


def test_q10_model_answer_does_not_overstate_switching_costs():
    # Maintenance bearings are mostly standard catalogue parts: the model answer must not
    # claim that switching takes months of qualification (issue 10).
    spec = yaml.safe_load(kt.checks.spec.spec_path(MODULE).read_text(encoding="utf-8"))
    model = " ".join(next(q for q in spec["questions"] if q["id"] == "q10")["model_answer"].split())
    assert "months of qualification" not in model
    assert "safety-critical" not in model
    assert "standard catalogue parts" in model and "switching costs them little" in model


def test_the_solutions_of_the_data_questions_pass(setup_namespace):
    ex = _ex()
    orders, order_lines = setup_namespace["orders"], setup_namespace["order_lines"]
    rate = pricing.discount_leakage(order_lines)["leakage_rate"].iloc[0]
    assert ex.q7.check(round(float(rate), 3)).outcome == "correct"
    late = pricing.delivery_punctuality(orders)["late_rate"].iloc[0]
    assert ex.q9.check(round(float(late), 4)).outcome == "correct"
    # DATASHEET.md: 37 orders shipped late, 21 not shipped, 830 in all.
    assert compute("nw_late_rate") == pytest.approx(37 / (830 - 21))
    assert compute("nw_late_rate_all_orders") == pytest.approx(37 / 830)


def test_the_choice_answers_are_the_intended_ones():
    ex = _ex()
    right = lambda q: [o["text"] for o in q._checker.options if o.get("correct")]  # noqa: E731
    assert right(ex.q3) == ["Gatekeeper"]
    assert right(ex.q5)[0].startswith("Linurpor's alternative to you is strong")
    assert "double-digit growth" in right(ex.q1)[0]


# ---------------------------------------------------------------------------------------
# The notebook against the answers and the data
# ---------------------------------------------------------------------------------------
def test_notebook_statements_are_the_answers_statements(cells):
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "statements" for t in node.targets)
                and isinstance(node.value, ast.Call)
            ):
                data = ast.literal_eval(node.value.args[0])
                index_call = next(k.value for k in node.value.keywords if k.arg == "index")
                years = ast.literal_eval(index_call.args[0])
                expected = compute("client_statements")
                pd.testing.assert_frame_equal(
                    pd.DataFrame(data, index=pd.Index(years, name="year")), expected
                )
                return
    pytest.fail("no `statements = pd.DataFrame(...)` cell in the notebook")


def test_setup_builds_the_tables_the_answers_use(setup_namespace):
    pd.testing.assert_frame_equal(setup_namespace["orders"], compute("nw_orders_named"))
    pd.testing.assert_frame_equal(setup_namespace["order_lines"], compute("nw_order_lines"))
    assert setup_namespace["ex"].module == MODULE


def test_notebook_top100_is_the_answers_top100(cells, setup_namespace):
    # Run the notebook's own section-3 cell in the setup's namespace.
    source = next(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and "top100 = " in "".join(c["source"])
    )
    namespace = dict(setup_namespace)
    exec(source, namespace)
    pd.testing.assert_frame_equal(namespace["top100"], compute("client_top100"))
    # The text after it: "None of them hangs on a single person."
    assert (namespace["top100"]["n_contacts"] == 1).sum() == 0
    assert compute("top100_one_role") > 0  # "... but a few hang on a single role"


def test_key_figures_quoted_in_the_text(cells):
    markdown = _text(cells, "markdown")
    figures = pricing.key_figures(compute("client_statements"))
    quoted = {
        "gross_margin": ("17.8% → 14.8%", 100, 1),
        "operating_margin": ("6.9% → 3.6%", 100, 1),
        "current_ratio": ("1.45 → 1.14", 1, 2),
        "quick_ratio": ("0.86 → 0.60", 1, 2),
        "days_payable": ("about 50 → 69 days", 1, 0),
        "days_receivable": ("about 60 → 56 days", 1, 0),
    }
    for column, (text, factor, decimals) in quoted.items():
        assert text in markdown, text
        first, last = figures[column].iloc[0] * factor, figures[column].iloc[-1] * factor
        fmt = f"{{:.{decimals}f}}"
        assert fmt.format(first) in text and fmt.format(last) in text, (column, first, last)
    growth = figures["revenue_growth"].dropna()
    assert "about +14% a year" in markdown
    assert ((growth > 0.13) & (growth < 0.145)).all()
    # The practice and q2 say Linurpor paid in about 50 days in 2023 and longer in 2025.
    assert round(figures.loc[2023, "days_payable"]) == 50
    assert figures.loc[2025, "days_payable"] > figures.loc[2023, "days_payable"]


def test_linurpor_facts_in_the_text(cells, setup_namespace):
    markdown = " ".join(_text(cells, "markdown").split())
    customers = setup_namespace["customers"]
    by_name = customers.reset_index().set_index("company_name")
    linurpor = by_name.loc["Linurpor Automotive S.A."]
    cid = linurpor["customer_id"]
    assert cid == "V0084"  # docs/story map: the module 06 negotiation case
    # "a maker of car parts in Pomorskie, a Vistula customer since 2013 and today one of
    # its largest customers and key accounts, looked after by Michał Jabłoński"
    assert "a maker of car parts in Pomorskie, a Vistula customer since 2013" in markdown
    assert "looked after by Michał Jabłoński" in markdown
    assert linurpor["region"] == "Pomorskie" and linurpor["industry"] == "automotive"
    assert linurpor["customer_since"].year == 2013
    assert linurpor["account_manager"] == "Michał Jabłoński"
    assert linurpor["account_manager"] in kt.vistula.COMPANY["key_account_managers"]
    lines = setup_namespace["vistula_lines"]
    revenue = lines.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    assert cid in revenue.index[:3]  # "one of its largest customers"
    # "our sales rose in 2024 and fell back in 2025, a little below 2023"
    mine = lines[lines["customer_id"] == cid]
    per_year = mine.groupby(mine["date"].dt.year)["amount"].sum()
    assert per_year[2024] > per_year[2023] > per_year[2025] > 0.9 * per_year[2023]
    # "Linurpor spends more on what we sell every year, and our share of that spending has
    # fallen" (DATASHEET.md: 61.1% to 46.7%)
    wallets = kt.load_dataset("vistula_wallets")
    wallet = wallets[wallets["customer_id"] == cid].groupby("year")["estimated_wallet"].sum()
    assert wallet.is_monotonic_increasing and wallet.nunique() == 3
    share = per_year / wallet
    assert share[2023] == pytest.approx(0.611, abs=0.001)
    assert share[2025] == pytest.approx(0.467, abs=0.001)
    assert share[2023] - share[2025] > 0.08
    assert "in 2025 our share of that spending fell well below its 2023 level" in markdown
    # The notebook's own cell shows the same table.
    source = next(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and "linurpor_id = " in "".join(c["source"])
    )
    namespace = dict(setup_namespace)
    exec(source, namespace)
    assert namespace["linurpor_id"] == cid
    pd.testing.assert_series_equal(
        (namespace["our_sales"] / namespace["wallet"]), share, check_names=False
    )
    # The practice: 90-day terms are not allowed between a large buyer and an SME supplier
    # (art. 7 ust. 2a of the 2013 act, since 2020), and module 09 explains the rule.
    assert linurpor["company_size"] == "large"
    assert kt.vistula.COMPANY["sme"] is True
    assert "**90-day payment terms**" in markdown
    assert "art. 7 ust. 2a" in markdown and "may not exceed 60 days" in markdown
    assert "(09_polish_business_context.ipynb)" in markdown
    assert "This is not legal advice; checked on 2026-12-05." in markdown
    assert "Linowood" not in markdown and "V0055" not in _text(cells, "code")


def test_pricing_examples_in_the_text():
    # Marn & Rosiello: +1% price -> about +11%, +1% volume -> about +3%
    price = pricing.profit_change(
        price_change=0.01, contribution_margin=0.30, operating_margin=0.09
    )
    volume = pricing.profit_change(
        volume_change=0.01, contribution_margin=0.30, operating_margin=0.09
    )
    assert f"{price:+.1%}" == "+11.1%" and f"{volume:+.1%}" == "+3.3%"
    # "A 5% discount at a 20% margin needs 0.05 / 0.15 = a third more volume"
    assert pricing.break_even_volume(0.05, 0.20) == pytest.approx(1 / 3)


def test_discount_text_claims(setup_namespace):
    by_rep = pricing.discount_leakage(setup_namespace["order_lines"], by="sales_rep")
    # "some reps give away more than twice the share of others"
    assert by_rep["leakage_rate"].max() > 2 * by_rep["leakage_rate"].min()


def test_seed_coverage_phrases(cells):
    markdown = _text(cells, "markdown")
    # Article points taught here (mistakes 4, 5 and 1; competitors' discounts and bonuses).
    for phrase in (
        "So, what does your company do?",
        "The remedy is a **client dossier**",
        "**insufficient preparation for negotiations**",
        "courted by competitors with discounts and bonuses",
        "Punctuality is the company's",
        "understanding each client's business",
    ):
        assert phrase in markdown, phrase


# ---------------------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------------------
def test_front_matter_matches_the_course_map(cells):
    modules = yaml.safe_load((ROOT / "course" / "modules.yml").read_text(encoding="utf-8"))
    entry = next(m for m in modules["modules"] if m["file"] == NOTEBOOK.name)
    first = "".join(cells[0]["source"])
    assert first.startswith(f"# 06 · {entry['title']}\n")
    assert f"**Time**: about {entry['minutes']} minutes" in first
    for heading in ("**Questions this module answers**", "**Objectives**"):
        assert heading in first


def test_setup_binds_this_exercise_and_uses_only_kt(cells):
    setup = "".join(cells[1]["source"])
    assert f'ex = kt.exercise("{MODULE}")' in setup
    # issue 14: the notebook reaches every function as kt.<name>, no module imports
    assert "import kamtools." not in _text(cells, "code")
    assert "from kamtools import ____" in setup


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


def test_widgets_of_the_notebook_exist(cells):
    code = _text(cells, "code")
    assert "kt.DossierBuilder(" in code
    assert 'kt.RolePlay("competitor_discount")' in code
    assert "competitor_discount" in kt.list_scenarios().index


def test_notebook_is_committed_without_outputs():
    for cell in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_the_quiz_asks_existing_questions(cells):
    code = _text(cells, "code")
    assert 'kt.Quiz(ex, questions=["q1", "q3", "q5", "q6"])' in code
    ids = {q.id for q in _ex().questions}
    assert set(["q1", "q3", "q5", "q6"]) <= ids
    quiz = kt.Quiz(_ex(), questions=["q1", "q3", "q5", "q6"])
    quiz.close()


def test_no_other_module_overrides_these_answers():
    # register() keys answers by function name: a same-named function elsewhere would win.
    import re

    from kamtools.content import answers_06
    from kamtools.content.answers import ANSWERS

    source = Path(answers_06.__file__).read_text(encoding="utf-8")
    names = re.findall(r"@register\ndef ([a-z0-9_]+)\(", source)
    assert names
    for name in names:
        assert ANSWERS[name].__module__ == answers_06.__name__, name


# ---------------------------------------------------------------------------------------
# The pocket-price waterfall (section 5, Try it, q11 and q12)
# ---------------------------------------------------------------------------------------
def _section_namespace(cells, setup_namespace) -> dict:
    """The setup's names plus those of the cell that picks `focus` (run as in the notebook)."""
    source = next(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and "focus = " in "".join(c["source"])
    )
    namespace = dict(setup_namespace)
    exec(source, namespace)
    return namespace


def test_the_notebook_picks_the_focus_account_the_answers_use(cells, setup_namespace):
    namespace = _section_namespace(cells, setup_namespace)
    assert namespace["focus"] == compute("waterfall_focus_account")
    pd.testing.assert_frame_equal(
        namespace["pockets"], compute("waterfall_key_accounts"), check_names=False
    )
    # "the customers of its two key account managers"
    managers = vistula.COMPANY["key_account_managers"]
    assert len(managers) == 2 and "its two key account managers" in _text(cells, "markdown")
    customers = setup_namespace["customers"]
    assert set(namespace["key_accounts"]) == set(
        customers.index[customers["account_manager"].isin(managers)]
    )
    assert len(namespace["key_accounts"]) > 1
    # "keeps the smallest share of its list price"
    shares = compute("waterfall_key_accounts")["pocket_share"]
    assert shares[namespace["focus"]] == shares.min()


def test_the_focus_waterfall_by_plain_pandas(setup_namespace):
    focus = compute("waterfall_focus_account")
    lines = setup_namespace["vistula_lines"]
    mine = lines[(lines["customer_id"] == focus) & (lines["date"].dt.year == 2025)]
    list_revenue = (mine["quantity"] * mine["list_price"]).sum()
    invoice = mine["amount"].sum()
    drivers = setup_namespace["cost_drivers"]
    (row,) = drivers[(drivers["customer_id"] == focus) & (drivers["year"] == 2025)].itertuples()
    customer = setup_namespace["customers"].loc[focus]
    pocket = (
        invoice
        - row.rebate
        - invoice * customer["dso_days"] / 365 * vistula.COST_OF_CAPITAL
        - (row.deliveries * vistula.FREIGHT_PER_DELIVERY if customer["free_freight"] else 0.0)
        - row.rush_orders * vistula.COST_RATES["rush_orders"]
    )
    assert compute("waterfall_focus_pocket_share") == pytest.approx(pocket / list_revenue)
    assert compute("waterfall_focus_invoice_share") == pytest.approx(invoice / list_revenue)
    w = kt.price_waterfall(lines, drivers, setup_namespace["customers"], customer=focus, year=2025)
    assert w.pocket_revenue == pytest.approx(pocket)
    ex = _ex()
    assert ex.q11.check(round(w.pocket_share, 3)).outcome == "correct"
    assert ex.q11.check(f"{100 * w.pocket_share:.1f}%").outcome == "correct"


def test_q11_claims_and_distinct_mistakes():
    expected = compute("waterfall_focus_pocket_share")
    for name in (
        "waterfall_focus_invoice_share",
        "waterfall_focus_pocket_on_invoice",
        "waterfall_focus_leakage_share",
    ):
        assert abs(compute(name) - expected) > 0.01, name
    # solution: "Most of the gap is the on-invoice discount; the steps after the invoice ..."
    row = compute("waterfall_key_accounts").loc[compute("waterfall_focus_account")]
    off_invoice = row["leakage"] - row["on_invoice_discount"]
    assert row["on_invoice_discount"] > off_invoice > 0
    assert compute("waterfall_focus_off_invoice_share") == pytest.approx(
        off_invoice / row["list_revenue"]
    )
    solution = _ex().q11.solution()
    assert compute("waterfall_focus_name") in solution
    assert f"{expected:.1%}" in solution


def test_q12_the_case_adds_up():
    from kamtools.content import answers_06

    spec = yaml.safe_load(kt.checks.spec.spec_path(MODULE).read_text(encoding="utf-8"))
    q12 = next(q for q in spec["questions"] if q["id"] == "q12")
    prompt = " ".join(q12["prompt"].split())
    case = answers_06.Q12_WATERFALL
    assert f"on-invoice discount **{case['on_invoice_discount']:g}**" in prompt
    assert f"year-end rebate **{case['rebate']:g}**" in prompt
    assert f"free freight **{case['free_freight']:g}**" in prompt
    assert f"rush orders **{case['rush_orders']:g}**" in prompt
    # 88 * 100 / 365 * 0.09 = 2.17 points; the 55 late days: 88 * 55 / 365 * 0.09 = 1.19
    assert compute("q12_payment_terms_points") == pytest.approx(88 * 100 / 365 * 0.09)
    assert f"payment terms **{compute('q12_payment_terms_points'):.1f}**" in prompt
    assert (answers_06.Q12_AGREED_DAYS, answers_06.Q12_DSO_DAYS) == (45, 100)
    assert "the contract says 45 days, Kormet pays in 100" in prompt
    assert answers_06.Q12_COST_OF_CAPITAL == vistula.COST_OF_CAPITAL
    late = compute("q12_late_payment_points")
    assert late == pytest.approx(88 * 55 / 365 * 0.09) and 1 < late < 2  # "over a point"
    ex = _ex()
    right = [o for o in ex.q12._checker.options if o.get("correct")]
    assert len(right) == 1 and right[0]["text"].startswith("Payment terms: paying 55 days late")
    assert "over a point" in right[0]["text"] and "more than a point" in right[0]["explanation"]
    # the rebate is the second-largest leakage but earned; the discount is the largest
    assert case["on_invoice_discount"] > case["rebate"] > compute("q12_payment_terms_points")
    solution = ex.q12.solution()
    assert "2.2" in solution and "1.2" in solution and "9% cost of capital" in solution
    assert ex.q12.check(____).outcome == "not_attempted"


def test_the_waterfall_section_and_explorer_are_there(cells):
    markdown, code = _text(cells, "markdown"), _text(cells, "code")
    assert '"Managing price,\ngaining profit", *Harvard Business Review*, 1992' in markdown
    assert "**pocket price**" in markdown and "**waterfall**" in markdown
    assert "kt.plot_price_waterfall(waterfall)" in code
    assert re.search(
        r"kt\.PriceWaterfallExplorer\(\s*vistula_lines, cost_drivers, customers, "
        r"accounts=key_accounts, customer=focus\s*\)",
        code,
    )
    assert "pocket-price waterfall" in markdown  # key points and objectives
    # the rates are printed from kamtools.data.vistula, never typed into the section's text
    start = markdown.index("**From list price to pocket price.**")
    section = markdown[start : markdown.index("**Punctuality is the company's", start)]
    for figure in (
        f"{vistula.COST_OF_CAPITAL:.0%}",
        f"{vistula.FREIGHT_PER_DELIVERY:,.0f} PLN",
        f"{vistula.COST_RATES['rush_orders']:,.0f} PLN",
    ):
        assert not re.search(rf"(?<![\d.,]){re.escape(figure)}", section), figure


def test_the_explorer_of_the_notebook_changes_its_chart(cells, setup_namespace):
    namespace = _section_namespace(cells, setup_namespace)
    view = kt.PriceWaterfallExplorer(
        namespace["vistula_lines"],
        namespace["cost_drivers"],
        namespace["customers"],
        accounts=namespace["key_accounts"],
        customer=namespace["focus"],
    )
    try:
        first = view.result["waterfall"]
        assert first.pocket_share == pytest.approx(compute("waterfall_focus_pocket_share"))
        heights = [p.get_height() for p in view.figure.axes[0].patches]
        other = next(c for c in namespace["key_accounts"] if c != namespace["focus"])
        view.account_dropdown.value = other
        assert [p.get_height() for p in view.figure.axes[0].patches] != heights
        assert view.result["waterfall"].customer == other
    finally:
        view.close()
