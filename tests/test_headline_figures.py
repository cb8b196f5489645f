"""The course's headline figures, pinned to fixed numbers (issue 14, part 10).

The checks' own tests compare a learner's answer with ``compute(name)``, so a change in
the data or in the analysis code that moves a figure would pass them unseen. Here the
figures the course teaches with are written down once, computed with the public API
(not the answers module), so any such change fails this file and makes the author
reread the sentences that quote them (see datasets/DATASHEET.md, "Figures").
Regenerated data (``make datasets``) means updating these numbers on purpose.
"""

from __future__ import annotations

import pytest

import kamtools as kt
from kamtools.data.vistula import COST_RATES, OVERHEADS


@pytest.fixture(scope="module")
def vistula():
    lines = kt.load_dataset("vistula_transactions")
    totals = kt.customer_totals(lines, customer="customer_id", amount="amount")
    inputs = kt.profit_inputs(lines, kt.load_dataset("vistula_cost_to_serve"), drivers=COST_RATES)
    profit = kt.customer_profit(inputs, cost_rates=COST_RATES)
    return lines, totals, inputs, profit


@pytest.fixture(scope="module")
def retail():
    lines = kt.load_dataset("online_retail")
    return kt.customer_totals(lines, customer="CustomerID", quantity="Quantity", price="UnitPrice")


def test_vistula_concentration(vistula):
    lines, totals, _, _ = vistula
    assert len(totals) == 500
    assert lines["amount"].sum() == pytest.approx(415_903_268.98, abs=0.01)
    assert kt.top_share(totals, 0.2) == pytest.approx(0.827502, abs=1e-6)
    assert kt.customers_for_share(totals, 0.8) == 90
    assert kt.gini(totals) == pytest.approx(0.789117, abs=1e-6)
    assert kt.hhi(totals) == pytest.approx(0.015312, abs=1e-6)
    assert totals.idxmax() == "V0167"
    assert totals.max() == pytest.approx(25_752_314.52, abs=0.01)


def test_vistula_profitability(vistula):
    _, _, inputs, profit = vistula
    margin = 1 - inputs["cost_of_goods"].sum() / inputs["revenue"].sum()
    assert margin == pytest.approx(0.248, abs=0.0005)
    assert int((profit["profit"] < 0).sum()) == 163
    assert profit["profit"].sum() == pytest.approx(67_292_831.33, abs=0.01)
    curve = kt.whale_curve(profit)
    assert curve.peak_rank == 337
    assert curve.peak_share == pytest.approx(1.109765, abs=1e-6)
    operating = profit["profit"].sum() - sum(OVERHEADS.values())
    assert operating / inputs["revenue"].sum() == pytest.approx(0.0351, abs=0.0001)


def test_the_story_accounts_play_their_roles(vistula):
    _, totals, _, profit = vistula
    ranked = list(totals.sort_values(ascending=False, kind="stable").index)
    # Balimpor (capstone) and Borurlux: big, a gross profit, a loss after cost to serve.
    for account, rank in (("V0051", 3), ("V0057", 7)):
        assert ranked.index(account) + 1 == rank
        row = profit.loc[account]
        assert row["revenue"] > row["cost_of_goods"] and row["profit"] < 0
    assert profit.loc["V0167", "profit"] > 0  # the largest customer is very profitable


def test_online_retail_concentration(retail):
    assert len(retail) == 4372
    assert kt.top_share(retail, 0.2, negative="zero") == pytest.approx(0.737296, abs=1e-6)
    assert kt.gini(retail, negative="zero") == pytest.approx(0.706567, abs=1e-6)
    assert retail.idxmax() == 14646
    assert retail.max() == pytest.approx(279_489.02, abs=0.01)


def test_vistula_revenue_and_profit_are_defined_once(vistula):
    # Issue 14, part 2: one definition (kamtools.content.vistula_figures), used by answers and widgets.
    from pathlib import Path

    from kamtools.content import vistula_figures as company

    _, totals, _, profit = vistula
    assert company.revenue_by_customer().equals(totals)
    assert company.profit_by_customer()["profit"].equals(profit["profit"])
    root = Path(kt.__file__).parent
    recomputed = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "vistula_figures.py"
        and 'customer_totals(lines, customer="customer_id", amount="amount")'
        in path.read_text(encoding="utf-8").split('"""', 2)[-1]
    ]
    assert recomputed == []
