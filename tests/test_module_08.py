"""Tests of module 08 (the account plan capstone): its checks, its figures and its notebook.

The checks of 08_account_plan_capstone.yml are answered right, with every listed mistake
(whose message never gives the expected value away) and not at all; every figure and
claim the notebook's text makes about Balimpor Auto Parts (the account), Daranlux
Automotive (the bow-tie), Halitron Medical (the challenge) and the wallet estimates is
checked against the Vistula data, computed here independently of answers_08; the notebook
builds the plan with the dossier mechanism (form="account_plan"), and the glossary and
references it links to exist.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import test_checks_content as content  # the shared right/wrong/leak checks of every spec
import yaml

import kamtools as kt
from kamtools.analysis.accounts import account_history
from kamtools.checks import ____, exercise
from kamtools.content.answers import compute
from kamtools.content.answers_08 import (
    ACCOUNT,
    BOW_TIE_ACCOUNT,
    CHALLENGE_ACCOUNT,
    GROWTH_CATEGORY,
    PLAN_YEAR,
)
from kamtools.data.vistula import COMPANY, COST_RATES

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
NOTEBOOK = COURSE / "08_account_plan_capstone.ipynb"
MODULE = "08_account_plan_capstone"

pytestmark = pytest.mark.slow  # the answers read the Vistula data


def _ex():
    return exercise(MODULE, recorder=lambda *args, **kwargs: None)


@pytest.fixture(scope="module")
def cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _text(cells: list[dict], kind: str) -> str:
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == kind)


@pytest.fixture(scope="module")
def customers() -> pd.DataFrame:
    return kt.load_dataset("vistula_customers").set_index("customer_id")


@pytest.fixture(scope="module")
def costs() -> pd.DataFrame:
    return kt.load_dataset("vistula_cost_to_serve")


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return compute("capstone_history")


@pytest.fixture(scope="module")
def transactions() -> pd.DataFrame:
    return kt.load_dataset("vistula_transactions")


def _by_hand(transactions, costs, account, year=PLAN_YEAR) -> dict:
    """One account's year rebuilt from the raw files, without kamtools.analysis.accounts."""
    lines = transactions[
        (transactions["customer_id"] == account) & (transactions["date"].dt.year == year)
    ]
    row = costs[(costs["customer_id"] == account) & (costs["year"] == year)].iloc[0]
    revenue, cogs = lines["amount"].sum(), lines["cost_of_goods"].sum()
    serve = sum(row[driver] * rate for driver, rate in COST_RATES.items())
    return {
        "revenue": revenue,
        "gross_margin": revenue - cogs,
        "cost_to_serve": serve,
        "rebate": row["rebate"],
        "profit": revenue - cogs - serve - row["rebate"],
    }


@pytest.fixture(scope="module")
def wallet() -> pd.DataFrame:
    return compute("capstone_wallet_table")


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------
def test_right_answers_pass_and_wrong_ones_never_leak():
    ex = _ex()
    # q11 and q12 (the joint value plan and the QBR, issue 12) follow the analyst challenge q10.
    assert 5 <= len(ex.questions) <= 12
    for question in ex.questions:
        content.BY_TYPE[question.type](question)


def test_every_question_handles_blank_and_wrong_kind():
    for question in _ex().questions:
        assert content._check_pair(question, ____).outcome == "not_attempted"
        assert content._check_pair(question, object()).outcome == "uncheckable"
        assert question.hint()
        if question.type != "reflection":
            assert question.solution()


def test_the_checks_are_of_varied_types():
    types = [q.type for q in _ex().questions]
    assert {"numeric", "single_choice", "multiple_choice", "reflection"} <= set(types)


def test_numeric_answers_by_hand(transactions, costs):
    ex = _ex()
    mine = transactions[
        (transactions["customer_id"] == ACCOUNT) & (transactions["date"].dt.year == PLAN_YEAR)
    ]
    lub = mine[mine["category"] == GROWTH_CATEGORY]
    m = 1 - lub["cost_of_goods"].sum() / lub["amount"].sum()
    year = _by_hand(transactions, costs, ACCOUNT)
    # q1: cost to serve / revenue, from the raw files.
    assert compute("balimpor_cost_to_serve_share") == pytest.approx(
        year["cost_to_serve"] / year["revenue"]
    )
    assert ex.q1.check(round(year["cost_to_serve"] / year["revenue"], 3)).correct
    assert ex.q1.check(year["gross_margin"] / year["revenue"]).message.startswith(
        "That is the gross margin"
    )
    # q8: 25% more lubricants & chemicals at the 2025 margin m pays for d = 0.25 m / 1.25.
    d = compute("lubricants_max_discount")
    assert compute("balimpor_lubricants_margin") == pytest.approx(m)
    assert d == pytest.approx(0.25 * m / 1.25)
    assert kt.break_even_volume(d, m) == pytest.approx(0.25)  # the hint's check
    assert 0.07 < m < 0.08 and 0.01 < d < 0.02  # a thin margin buys a small discount
    # The buyer's offer fits the wallet: 25% more is less than the category's whitespace.
    space = compute("capstone_wallet_table").loc[(ACCOUNT, GROWTH_CATEGORY), "whitespace"]
    assert 0.25 * lub["amount"].sum() < space
    assert ex.q8.check(round(d, 4)).correct and ex.q8.check(f"{d:.2%}").correct
    assert ex.q8.check(0.25 * m).outcome == "incorrect"
    assert ex.q8.check(0.25 * m).message.startswith("Close: you multiplied")
    assert ex.q8.check(0.2).outcome == "incorrect"  # no longer the 0.2 of modules 06 and 07
    # q5: 33 pairs (DATASHEET: "in 33 pairs our revenue exceeds the estimate"), by hand.
    wallets = kt.load_dataset("vistula_wallets")
    w = wallets[wallets["year"] == PLAN_YEAR].set_index(["customer_id", "category"])
    rev = (
        transactions[transactions["date"].dt.year == PLAN_YEAR]
        .groupby(["customer_id", "category"])["amount"]
        .sum()
    )
    known = w["estimated_wallet"].dropna()
    below = (rev.reindex(known.index) > known).sum()
    assert compute("wallet_below_revenue_pairs") == below == 33
    assert ex.q5.check(33).correct
    assert ex.q5.check(compute("wallet_unknown_pairs")).message.startswith(
        "That is the number of unknown wallets"
    )
    # q2: the whitespace adds up over the six categories.
    mine = compute("capstone_wallet_table").loc[ACCOUNT]
    total = float((mine["wallet"] - mine["revenue"]).clip(lower=0).sum())
    assert ex.q2.check(round(total, -3)).correct
    assert ex.q2.check(compute("balimpor_wallet_total")).message.startswith(
        "That is Balimpor's whole estimated wallet"
    )
    # q10: Halitron's growth, and the sign mistake.
    change = compute("halitron_revenue_change")
    assert ex.q10.check(round(change, 3)).correct
    assert ex.q10.check(-change).message.startswith("Check the sign: revenue grew")


def test_the_right_choices():
    ex = _ex()
    right = {
        "q3": "It would improve a little, by the thin gross margin on the extra lubricants",
        "q6": "Ask the buyers for a plant visit with production and maintenance",
        "q7": "Bring Balimpor's profit after cost to serve to at least 0 PLN",
        "q12": "Show it against the joint target, ask why they split their orders",
    }
    for qid, start in right.items():
        checker = getattr(ex, qid)._checker
        (label,) = checker.right
        text = checker.options[checker.labels.index(label)]["text"]
        assert " ".join(text.split()).startswith(start)
    q4 = ex.q4._checker
    chosen = sorted(q4.options[q4.labels.index(label)]["text"] for label in q4.right)
    assert chosen == [
        "A row where our revenue is higher than the estimated wallet.",
        "A row where the wallet is unknown (an empty cell, NaN).",
    ]
    q11 = ex.q11._checker
    chosen = sorted(q11.options[q11.labels.index(label)]["text"] for label in q11.right)
    assert [c.split(" ")[:3] for c in chosen] == [
        ["At", "most", "1.5"],
        ["No", "production", "stop"],
    ]


def test_q3_winning_the_lubricants_whitespace_helps_a_little_but_the_loss_stays(
    history, transactions, costs
):
    # Every category earns a thin positive margin; the loss comes after the invoice. The
    # whole lubricants whitespace, at its margin less the rebate rate, adds a little.
    margins = compute("balimpor_category_margins")
    assert (margins["gross_margin_rate"] > 0).all()
    assert compute("balimpor_largest_whitespace_category") == GROWTH_CATEGORY
    year = _by_hand(transactions, costs, ACCOUNT)
    rebate_rate = year["rebate"] / year["revenue"]
    m = margins.loc[GROWTH_CATEGORY, "gross_margin_rate"]
    assert 0 < rebate_rate < m  # the rebate takes back part, not all, of the margin
    space = compute("capstone_wallet_table").loc[(ACCOUNT, GROWTH_CATEGORY), "whitespace"]
    gain = compute("balimpor_lubricants_win_gain")
    assert gain == pytest.approx(space * (m - rebate_rate))
    assert 0 < gain < -year["profit"]
    assert gain < -year["profit"] / 2  # "only a fraction of the loss"
    assert compute("balimpor_profit_with_lubricants_win") < 0  # "still lose money"
    # "The support hours and the split deliveries, the largest parts of the cost to serve"
    levers = compute("balimpor_cost_levers")
    assert list(levers.nlargest(2).index) == ["support hours", "extra deliveries"]
    # The old model answer ("every extra złoty loses money") is a distractor, never right.
    q3 = _ex().q3._checker
    wrong = [o for o in q3.options if "every extra złoty" in o["text"]]
    assert len(wrong) == 1 and not wrong[0].get("correct")


def test_q6_daranlux_is_a_bow_tie(customers, transactions):
    # "Vistula knows several people, all of them in purchasing" (one buying role);
    # "revenue has roughly halved in two years".
    row = customers.loc[BOW_TIE_ACCOUNT]
    assert row["n_contacts"] >= 3 and row["buying_roles_covered"] == 1
    assert "V0180" in _ex().q6.spec["prompt"] and BOW_TIE_ACCOUNT == "V0180"
    rev = (
        transactions[transactions["customer_id"] == BOW_TIE_ACCOUNT]
        .groupby(transactions["date"].dt.year)["amount"]
        .sum()
    )
    assert 0.4 < rev[2025] / rev[2023] < 0.6
    assert compute("bow_tie_revenue_ratio") == pytest.approx(rev[2025] / rev[2023])


def test_the_self_assessment_rubric_covers_every_part_of_the_plan():
    spec = yaml.safe_load(
        (ROOT / "kamtools" / "content" / "checks" / f"{MODULE}.yml").read_text(encoding="utf-8")
    )
    q9 = next(q for q in spec["questions"] if q["id"] == "q9")
    rubric = " ".join(q9["rubric"]).lower()
    for part in (
        "situation",
        "swot",
        "share of wallet",
        "smart",
        "buying-centre",
        "diamond",
        "value proposition",
        "walk-away",
        "how they see us",
    ):
        assert part in rubric, part
    summary = (
        "My plan keeps Balimpor but repairs its terms first: paid rush orders, a rebate "
        "tied to planned orders and a weekly delivery schedule instead of split deliveries. "
        "Objective one is a profit after cost to serve of at least zero in 2026; objective "
        "two is a quarterly review with the operations and finance directors. First action: "
        "I present the figures to our sales director by the end of January."
    )
    result = _ex().q9.check(summary)
    assert result.correct and len(result.rubric) == len(q9["rubric"])


# ---------------------------------------------------------------------------------------
# The figures of the notebook's text
# ---------------------------------------------------------------------------------------
def test_the_account_profile(customers):
    g = customers.loc[ACCOUNT]
    # "Balimpor Auto Parts Sp. z o.o., a maker of automotive parts and until now one of
    # Anna Kowalczyk's key accounts"
    assert (g["company_name"], g["industry"], g["account_manager"]) == (
        "Balimpor Auto Parts Sp. z o.o.",
        "automotive",
        "Anna Kowalczyk",
    )
    assert g["account_manager"] in COMPANY["key_account_managers"]
    # "integrated stage ... dozens of people ... in all but one of the five roles"
    assert g["relationship_stage"] == "integrated"
    assert g["n_contacts"] >= 24 and g["buying_roles_covered"] == 4
    # "volume potential the top score"; "ease of doing business scores low, margin
    # potential only middling"
    assert g["volume_potential"] == 10
    assert g["ease_of_doing_business"] <= 3 and 4 <= g["margin_potential"] <= 6
    # "an integrated relationship of many years"; pays later than its terms
    assert g["years_as_customer"] >= 10
    assert g["dso_days"] > g["payment_terms_days"]
    assert compute("balimpor_days_late") == pytest.approx(g["dso_days"] - g["payment_terms_days"])


def test_the_situation(history, transactions, costs):
    # "one of Vistula's largest customers, and it loses money, in each of the three years.
    # Not on the invoice: every year its gross margin is positive, although thin, far below
    # Vistula's average. ... the cost to serve and the year-end rebate together take more
    # than the gross margin brings in. And the revenue itself has fallen two years running."
    assert list(history.index) == [2023, 2024, 2025]
    assert (history["revenue_rank"] <= 3).all() and history.loc[PLAN_YEAR, "revenue_rank"] == 3
    for year in history.index:
        by_hand = _by_hand(transactions, costs, ACCOUNT, year)
        for column, value in by_hand.items():
            assert history.loc[year, column] == pytest.approx(value), (year, column)
        assert by_hand["gross_margin"] > 0 > by_hand["profit"]
        assert by_hand["cost_to_serve"] + by_hand["rebate"] > by_hand["gross_margin"]
    rate = history["gross_margin"] / history["revenue"]
    assert ((0.05 < rate) & (rate < 0.12)).all()
    assert compute("company_gross_margin_rate") > 2 * rate.max()  # "far below the average"
    assert (history.loc[[2024, 2025], "revenue_growth"] < 0).all()
    # "At a few percent of revenue, well below the 10% line"
    assert 0.02 < history.loc[PLAN_YEAR, "share_of_revenue"] < 0.05
    assert history.loc[PLAN_YEAR, "share_of_profit"] < 0


def test_no_line_is_sold_below_cost(transactions):
    # "No line is sold below cost: Vistula's price floor never lets an invoice go below
    # our unit cost."
    mine = transactions[(transactions["customer_id"] == ACCOUNT) & (transactions["amount"] > 0)]
    assert len(mine) > 0 and (mine["amount"] >= mine["cost_of_goods"]).all()


def test_the_cost_drivers(costs, history):
    g = costs[(costs["customer_id"] == ACCOUNT) & (costs["year"] == PLAN_YEAR)].iloc[0]
    median = costs[costs["year"] == PLAN_YEAR].median(numeric_only=True)
    # "many times as many orders as the median customer; each order in several
    # deliveries, dozens of them as rush orders; sends goods back far more often;
    # hundreds of hours of support, where the median customer uses a few dozen at most"
    assert g["orders"] > 5 * median["orders"]
    assert g["deliveries"] / g["orders"] > 3
    assert g["rush_orders"] >= 24
    assert g["returns"] > 5 * max(median["returns"], 1)
    assert 200 <= g["support_hours"] < 1000 and median["support_hours"] < 40
    # The levers priced in the notebook: "the support hours and the split deliveries cost
    # the most".
    levers = {
        "extra deliveries": (g["deliveries"] - g["orders"]) * COST_RATES["deliveries"],
        "rush orders": g["rush_orders"] * COST_RATES["rush_orders"],
        "returns": g["returns"] * COST_RATES["returns"],
        "support hours": g["support_hours"] * COST_RATES["support_hours"],
    }
    pd.testing.assert_series_equal(
        compute("balimpor_cost_levers"), pd.Series(levers), check_names=False
    )
    assert levers["support hours"] > levers["extra deliveries"] > levers["rush orders"] > 0
    assert sum(levers.values()) / history.loc[PLAN_YEAR, "cost_to_serve"] > 0.5


def test_the_break_even_price_rise_is_what_the_notebook_prints(history):
    rise = compute("balimpor_break_even_price_rise")
    assert rise == pytest.approx(
        -history.loc[PLAN_YEAR, "profit"] / history.loc[PLAN_YEAR, "revenue"]
    )
    assert 0.04 < rise < 0.15  # "a rise that large in one step is unlikely to be accepted"


def test_the_pocket_price_waterfall(customers, transactions, costs):
    # Balimpor's 2025 waterfall, by hand from the columns (DATASHEET, Marn & Rosiello).
    from kamtools.data.vistula import COST_OF_CAPITAL, FREIGHT_PER_DELIVERY

    lines = transactions[
        (transactions["customer_id"] == ACCOUNT) & (transactions["date"].dt.year == PLAN_YEAR)
    ]
    row = costs[(costs["customer_id"] == ACCOUNT) & (costs["year"] == PLAN_YEAR)].iloc[0]
    c = customers.loc[ACCOUNT]
    listed = (lines["quantity"] * lines["list_price"]).sum()
    invoice = lines["amount"].sum()
    terms = invoice * c["dso_days"] / 365 * COST_OF_CAPITAL
    freight = row["deliveries"] * FREIGHT_PER_DELIVERY if c["free_freight"] else 0.0
    rush = row["rush_orders"] * COST_RATES["rush_orders"]
    pocket = invoice - row["rebate"] - terms - freight - rush
    frame = compute("balimpor_waterfall")
    assert frame.loc["pocket_revenue", "pln"] == pytest.approx(pocket)
    assert compute("balimpor_pocket_share") == pytest.approx(pocket / listed)
    # "The largest step is the on-invoice discount"; "money leaks four more times"
    leaks = {
        "on-invoice": listed - invoice,
        "rebate": row["rebate"],
        "terms": terms,
        "freight": freight,
        "rush": rush,
    }
    assert max(leaks, key=leaks.get) == "on-invoice"
    assert all(value > 0 for value in leaks.values())
    # "Few of Vistula's customers leave it a smaller share of the list price."
    assert compute("pocket_share_below_balimpor") < 0.15


def test_the_wallet_claims(wallet, customers):
    mine = wallet.loc[ACCOUNT]
    # "we supply all six of our categories" and none of Balimpor's rows is flagged
    assert len(mine) == 6 and (mine["revenue"] > 0).all()
    assert not mine[["wallet_unknown", "wallet_below_revenue", "credits_exceed_sales"]].any().any()
    # "Vistula already wins most of Balimpor's spend in fasteners, its largest category"
    assert mine["share_of_wallet"].idxmax() == "fasteners" and mine["share_of_wallet"].max() > 0.5
    assert mine["revenue"].idxmax() == "fasteners"
    # "The largest whitespace, by far, is in lubricants & chemicals, followed by tools &
    # abrasives"
    top = mine["whitespace"].nlargest(2)
    assert list(top.index) == ["lubricants & chemicals", "tools & abrasives"]
    assert top.iloc[0] > 2 * top.iloc[1]
    assert compute("balimpor_largest_whitespace_category") == "lubricants & chemicals"
    # SWOT threats: "our share of Balimpor's wallet is lower than in 2023"
    lines, wallets = kt.load_dataset("vistula_transactions"), kt.load_dataset("vistula_wallets")

    def share(year: int) -> float:
        bought = lines[(lines["customer_id"] == ACCOUNT) & (lines["date"].dt.year == year)]
        spend = wallets[(wallets["customer_id"] == ACCOUNT) & (wallets["year"] == year)]
        return bought["amount"].sum() / spend["estimated_wallet"].sum()

    assert share(PLAN_YEAR) < share(PLAN_YEAR - 2)
    # "the unknown wallets are mostly at customers in the early relationship stages"
    unknown = wallet.index[wallet["wallet_unknown"]].get_level_values(0)
    early = customers.loc[unknown, "relationship_stage"].isin(["exploratory", "basic"])
    assert early.mean() > 0.5


def test_credits_exceeding_sales_are_the_pairs_with_negative_net_revenue(wallet, transactions):
    # The flag marks exactly the pairs whose 2025 credit notes exceed their 2025 sales (by
    # hand); in the final data there are none, which the text allows ("a count of 0").
    in_2025 = transactions[transactions["date"].dt.year == PLAN_YEAR]
    net = in_2025.groupby(["customer_id", "category"])["amount"].sum()
    negative = set(net.index[net < 0])
    assert set(wallet.index[wallet["credits_exceed_sales"]]) == negative
    # Every credit note ("R" + the original invoice id) is negative.
    credits = in_2025[in_2025["invoice_id"].str.startswith("R")]
    assert len(credits) > 0 and (credits["amount"] < 0).all()


def test_the_quadrant_says_invest(customers):
    placed = kt.portfolio_quadrant(customers["attractiveness"], customers["relative_strength"])
    assert placed.loc[ACCOUNT, "quadrant"] == "Strategic"
    assert placed.loc[ACCOUNT, "strategy"].startswith("invest for growth")


def test_the_bow_tie_example(customers):
    d = customers.loc[BOW_TIE_ACCOUNT]
    # "another of Vistula's automotive customers, Daranlux Automotive Sp. z o.o., looked
    # after by one of the regional managers ... a bow-tie: several people, all in one
    # buying role"; the cooperative customer of Paweł Krawczyk that Darurpak used to be.
    assert (d["company_name"], d["industry"]) == ("Daranlux Automotive Sp. z o.o.", "automotive")
    assert d["account_manager"] not in COMPANY["key_account_managers"]
    assert (d["account_manager"], d["relationship_stage"]) == ("Paweł Krawczyk", "cooperative")
    assert d["buying_roles_covered"] == 1 and 3 <= d["n_contacts"] <= 9
    revenue = account_history(
        kt.load_dataset("vistula_transactions"),
        kt.load_dataset("vistula_cost_to_serve"),
        BOW_TIE_ACCOUNT,
        cost_rates=COST_RATES,
    )["revenue"]
    assert 0.4 < revenue[2025] / revenue[2023] < 0.6


def test_the_challenge_account(transactions, costs):
    halitron = compute("challenge_history")
    # "Halitron Medical S.A. is Vistula's largest customer by revenue, and one of its most
    # profitable"; the solution: it grew and keeps a high profit margin.
    assert (
        kt.load_dataset("vistula_customers")
        .set_index("customer_id")
        .loc[CHALLENGE_ACCOUNT, "company_name"]
        == "Halitron Medical S.A."
    )
    assert (halitron["revenue_rank"] == 1).all()
    assert (halitron["profit"] > 0).all()
    profits = {
        cid: _by_hand(transactions, costs, cid)["profit"]
        for cid in costs.loc[costs["year"] == PLAN_YEAR, "customer_id"]
        if cid in set(transactions["customer_id"])
    }
    ranked = sorted(profits, key=profits.get, reverse=True)
    assert CHALLENGE_ACCOUNT in ranked[:3]
    by_hand = _by_hand(transactions, costs, CHALLENGE_ACCOUNT)
    last = _by_hand(transactions, costs, CHALLENGE_ACCOUNT, PLAN_YEAR - 1)
    assert compute("halitron_revenue_change") == pytest.approx(
        by_hand["revenue"] / last["revenue"] - 1
    )
    assert compute("halitron_revenue_change") > 0  # "Check the sign: revenue grew"
    assert compute("halitron_profit_margin") > 0.1
    # "It is larger than Balimpor and yet very profitable"
    assert by_hand["revenue"] > _by_hand(transactions, costs, ACCOUNT)["revenue"]


# ---------------------------------------------------------------------------------------
# The notebook
# ---------------------------------------------------------------------------------------
def _modules() -> list[dict]:
    return yaml.safe_load((COURSE / "modules.yml").read_text(encoding="utf-8"))["modules"]


def test_front_matter_matches_the_course_map(cells):
    entry = next(m for m in _modules() if m["file"] == NOTEBOOK.name)
    first = next(
        c for c in cells if c["cell_type"] == "markdown" and "nav" not in str(c["metadata"])
    )
    source = "".join(first["source"])
    assert source.startswith("# 08 · Capstone: your account plan")
    minutes = re.search(
        r"\*\*Time\*\*: about (\d+) minutes \(teaching (\d+), exercises (\d+)\)", source
    )
    assert minutes is not None
    total, teaching, exercises = map(int, minutes.groups())
    assert total == entry["minutes"] == teaching + exercises


def test_the_notebook_plans_the_account_of_the_answers(cells):
    code = _text(cells, "code")
    assert f'ACCOUNT = "{ACCOUNT}"' in code
    assert f'"{BOW_TIE_ACCOUNT}"' in code
    assert 'kt.exercise("08_account_plan_capstone")' in code
    # One mechanism: the plan is the dossier builder with the account plan form.
    assert 'kt.DossierBuilder(form="account_plan"' in code
    # Every question is shown and checked, and every check starts as a blank.
    for question in _ex().questions:
        assert f"ex.{question.id}.check(answer)" in code
    assert code.count("answer = ____") == len(_ex().questions)


def test_the_notebooks_category_margins_are_the_answers(cells):
    # The notebook's `by_category` (used by questions 3 and 8) is the answers' table.
    setup = next("".join(c["source"]) for c in cells if "ex = kt.exercise(" in "".join(c["source"]))
    cell = next("".join(c["source"]) for c in cells if "by_category = " in "".join(c["source"]))
    namespace: dict = {}
    exec(setup.replace("from kamtools import ____", "from kamtools import ____  # noqa"), namespace)
    exec(cell, namespace)
    pd.testing.assert_frame_equal(namespace["by_category"], compute("balimpor_category_margins"))


def test_the_text_tells_the_thin_margin_story(cells):
    # The diagnosis: a positive but thin gross margin everywhere, eaten after the invoice.
    text = " ".join(_text(cells, "markdown").split())
    assert "every sale loses money" not in text
    assert "below cost in" not in text and "sold below cost" not in text.replace(
        "No line is sold below cost", ""
    )
    assert "Every category earns a positive gross margin" in text
    assert (
        "a big account whose gross margin looks fine, but whose cost to serve, rush orders, "
        "split deliveries, returns and rebate eat it" in text
    )
    margins = compute("balimpor_category_margins")["gross_margin_rate"]
    assert (margins > 0).all() and margins.max() - margins.min() < 0.02  # "about the same"
    assert "support hours and the split deliveries cost the most" in text
    for old in ("Gorinik", "V0169", "Lamapak", "V0081", "Darurpak", "V0135", "Michał"):
        assert old not in text + _text(cells, "code"), old


def test_the_notebook_prints_the_answers(cells):
    # The cells that print figures compute what answers_08 computes.
    setup = next("".join(c["source"]) for c in cells if "ex = kt.exercise(" in "".join(c["source"]))
    namespace: dict = {}
    exec(setup.replace("from kamtools import ____", "from kamtools import ____  # noqa"), namespace)
    for needle in ("history = account_history(", "habits = {", "waterfall = kt.price_waterfall("):
        cell = next("".join(c["source"]) for c in cells if needle in "".join(c["source"]))
        exec(cell, namespace)
    assert namespace["waterfall"].pocket_share == pytest.approx(compute("balimpor_pocket_share"))
    assert pd.Series(namespace["habits"]).tolist() == compute("balimpor_cost_levers").tolist()
    start = next("".join(c["source"]) for c in cells if "start = {" in "".join(c["source"]))
    exec(start.replace("plan = ", "_plan = ").split("_plan")[0], namespace)
    assert namespace["start"]["account_name"] == "Balimpor Auto Parts Sp. z o.o. (V0051)"


def _scorecard_from_the_notebook(cells) -> pd.DataFrame:
    setup = next("".join(c["source"]) for c in cells if "ex = kt.exercise(" in "".join(c["source"]))
    cell = next(
        "".join(c["source"])
        for c in cells
        if "scorecard = kt.qbr_scorecard(" in "".join(c["source"])
    )
    namespace: dict = {}
    exec(setup.replace("from kamtools import ____", "from kamtools import ____  # noqa"), namespace)
    exec(cell, namespace)
    return namespace["scorecard"]


def test_the_notebooks_qbr_scorecard_is_the_answers(cells):
    from kamtools.content.answers_08 import QBR_LINES

    card = _scorecard_from_the_notebook(cells)
    pd.testing.assert_frame_equal(card, compute("balimpor_qbr_scorecard"))
    assert card["measure"].tolist() == [line[0] for line in QBR_LINES]


def test_what_the_text_says_about_the_scorecard(cells):
    # The text claims only what holds whatever the data: the two lines Vistula's files do not
    # record say "no data"; the statuses of the others are printed from the data.
    text = " ".join(_text(cells, "markdown").split())
    card = compute("balimpor_qbr_scorecard").set_index("measure")
    assert "**Two lines say *no data*.**" in text
    assert card.index[card["status"] == "no data"].tolist() == ["On-time delivery", "Fill rate"]
    measured = card[card["actual"].notna()]
    assert len(measured) == 3 and (measured["status"] != "no data").all()
    assert compute("balimpor_qbr_off_track") == (card["status"] == "off track").sum()
    code = _text(cells, "code")
    assert 'scorecard.loc[scorecard["status"] == status, "measure"]' in code
    # q12 is a supposition ("Suppose that ..."), not a claim about the data.
    assert _ex().q12.spec["prompt"].startswith("Suppose that")
    # The joint plan's table and the scorecard hold the same targets.
    assert (
        "deliveries per order, at most 1.5" in text and "rush orders, at most 3 a quarter" in text
    )
    assert card.loc["Deliveries per order", "target"] == 1.5
    assert card.loc["Rush orders per quarter", "target"] == 3
    # The agenda is printed from kamtools' one source, and every scorecard line of the
    # notebook is a line of the handout's scorecard (qbr.yml).
    assert any("kt.qbr_agenda()" in "".join(c["source"]) for c in cells)
    lines = set(kt.qbr_scorecard_lines()["measure"])
    for measure in card.index:
        assert measure.replace(" per quarter", "") in lines, measure


def test_the_joint_plan_keeps_the_internal_figures_out(cells):
    text = " ".join(_text(cells, "markdown").split())
    section = text[text.index("## The joint layer") : text.index("## Try it: rehearse")]
    for phrase in (
        "| Internal account plan | Joint value plan |",
        "**good for both sides**",
        "Owner at Balimpor | Owner at Vistula",
        "stays in your internal plan",
        "(Andersen, Jones and Lenhart, 2020)",
        "(McDonald and Rogers, 1998)",
        "`qbr_agenda_scorecard.html`",
    ):
        assert phrase in section, phrase
    # Every agenda item of the QBR is taught by the agenda the notebook prints, and the
    # form has the joint part the notebook teaches.
    assert "joint_plan" in [s.id for s in kt.dossier_form("account_plan").sections]
    assert "| Joint value plan | What have we agreed with the customer" in text


def test_the_table_of_sections_is_the_forms(cells):
    # "The form you will fill in later combines both in eleven sections:" and its table.
    text = _text(cells, "markdown")
    sections = [s.title for s in kt.dossier_form("account_plan").sections]
    assert f"combines both in {['ten', 'eleven', 'twelve'][len(sections) - 10]} sections" in text
    lines = text[text.index("| Section of the plan |") :].splitlines()
    table = [row for row in lines[: next(i for i, r in enumerate(lines) if not r.startswith("|"))]]
    assert [row.split("|")[1].strip() for row in table[2:]] == sections


def test_the_notebook_is_committed_clean(cells):
    assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code")
    assert all(c.get("execution_count") is None for c in cells if c["cell_type"] == "code")


def test_the_notebook_teaches_each_part_of_the_plan(cells):
    text = _text(cells, "markdown")
    for phrase in (
        "## Why write an account plan?",
        "Strategic Account Management Association",
        "Gold Sheet",
        "### SWOT",
        "## Share of wallet and whitespace",
        "## Strategy and SMART objectives",
        "## Relationship plan: from bow-tie to diamond",
        "## Value proposition",
        "## Negotiation plan",
        "## Feedback loop and measures",
        "## The joint layer: a joint value plan and the QBR",
        "### The quarterly business review (QBR)",
        "### The service scorecard",
        "## Practice: write your account plan",
        "## Analyst challenge (optional)",
        "## Key points",
        "## Further reading",
    ):
        assert phrase in text, phrase


def test_further_reading_links_the_glossary_and_the_references(cells):
    text = _text(cells, "markdown")
    assert "(glossary.ipynb)" in text and "(references.ipynb)" in text
    assert (COURSE / "glossary.ipynb").exists() and (COURSE / "references.ipynb").exists()


def test_every_source_cited_in_the_notebook_is_in_the_references(cells):
    references = _text(
        json.loads((COURSE / "references.ipynb").read_text(encoding="utf-8"))["cells"], "markdown"
    )
    text = _text(cells, "markdown")
    reading = text[text.index("## Further reading") :]
    for author in re.findall(r"^- ([A-Z][\w@&.' -]+?)[,(]", reading, flags=re.M):
        assert author.split(",")[0].strip() in references, author


# ---------------------------------------------------------------------------------------
# The glossary and the references
# ---------------------------------------------------------------------------------------
def _entries(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return re.findall(r"^\*\*(.+?)\*\*", _text(cells, "markdown"), flags=re.M)


def test_the_glossary_is_alphabetical_and_names_the_module():
    path = COURSE / "glossary.ipynb"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert all(c["cell_type"] == "markdown" for c in cells)
    terms = _entries(path)
    assert len(terms) >= 60
    keys = [t.casefold().lstrip("#") for t in terms]
    assert keys == sorted(keys), [a for a, b in zip(keys, keys[1:], strict=False) if a > b]
    for term in ("Account plan", "Share of wallet", "Whitespace", "Bow-tie", "SMART objective"):
        assert term in terms, term
    text = _text(cells, "markdown")
    # Every entry ends with the modules that teach it, linked: "(module [08](08_....ipynb))".
    entries = [e for e in re.split(r"\n\n", text) if e.startswith("**")]
    assert len(entries) == len(terms)
    files = {m["file"][:2]: m["file"] for m in _modules()}
    for entry in entries:
        links = re.findall(r"\[([0-9]{2})\]\(([^)]+)\)", entry.rsplit("(module", 1)[-1])
        assert links, entry[:40]
        assert all(files[number] == target for number, target in links), entry[:40]


def test_the_references_credit_the_data():
    cells = json.loads((COURSE / "references.ipynb").read_text(encoding="utf-8"))["cells"]
    assert all(c["cell_type"] == "markdown" for c in cells)
    text = _text(cells, "markdown")
    assert "Chen, D., Sain, S. L. and Guo, K. (2012)" in text and "CC BY 4.0" in text
    assert "doi:10.1057/dbm.2012.17" in text
    assert "Northwind" in text and "Microsoft Public License (Ms-PL)" in text
    assert "Vistula Industrial Supply" in text


def test_no_nan_in_the_answers():
    for name in (
        "balimpor_cost_to_serve_share",
        "balimpor_whitespace_total",
        "wallet_below_revenue_pairs",
        "halitron_revenue_change",
        "balimpor_pocket_share",
    ):
        assert np.isfinite(compute(name)), name
