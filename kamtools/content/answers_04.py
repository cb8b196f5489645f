"""Expected answers of module 04 (profitability and customer lifetime value).

Vistula conventions: profit 2023-2025 per customer = net revenue - net cost of goods -
year-end rebates - cost to serve, with the cost drivers and the ``rebate`` column of
``vistula_cost_to_serve`` added up over the three years and the drivers priced with
:data:`kt.vistula.COST_RATES` (``kt.profit_inputs`` then ``kt.customer_profit``):
the same numbers as ``kt.ParetoExplorer(metric="profit")``. The drop questions use
``kt.profit_change_if_dropped``, which counts the gross margin, the rebate (saved when the
customer leaves) and the cost to serve.
The CLV questions use numbers stated in their prompts, kept here as constants so that a
test can check the prompt quotes them.
"""

from __future__ import annotations

import math
from typing import TypedDict

import pandas as pd

from ..analysis.concentration import top_share
from ..analysis.cost_inputs import profit_inputs
from ..analysis.lifetime_value import clv, clv_declining_share, retention_vs_acquisition
from ..analysis.profitability import profit_change_if_dropped, whale_curve
from ..data.datasets import load_dataset
from ..data.vistula import COST_RATES
from . import vistula_figures
from .answers import compute, register

__all__: list[str] = []

#: The demanding account of the practice case (Berotech Coatings S.A., a key account).
PRACTICE_CUSTOMER = "V0080"
#: Share of the cost to serve taken as fixed in the module's drop calculations.
FIXED_SHARE = 0.5
#: The CLV of question q1: margin per year (PLN), retention, discount rate.
CLV_CASE = {"margin": 20_000.0, "retention": 0.9, "discount_rate": 0.08}


class _DeclineCase(TypedDict):
    margin: float
    share_decline: float
    discount_rate: float
    horizon: int


#: Question q11: a key account that will not leave but buys less every year (Odrapol),
#: against one that might leave at once with the same yearly rate (Hartex).
DECLINE_CASE: _DeclineCase = {
    "margin": 120_000.0,
    "share_decline": 0.15,
    "discount_rate": 0.1,
    "horizon": 5,
}
#: The retention-versus-acquisition case of question q7 and of the notebook.
RETENTION_CASE = {
    "margin": 30_000.0,
    "retention": 0.85,
    "discount_rate": 0.1,
    "customers": 40,
    "acquisition_cost": 60_000.0,
    "retention_gain": 0.05,
}


# ---------------------------------------------------------------------------------------
# Vistula Industrial Supply: profit per customer
# ---------------------------------------------------------------------------------------
@register
def vistula_accounts() -> pd.DataFrame:
    """Revenue, cost of goods, cost drivers and rebates per Vistula customer, 2023-2025."""
    return profit_inputs(
        load_dataset("vistula_transactions"),
        load_dataset("vistula_cost_to_serve"),
        drivers=COST_RATES,
    )


@register
def vistula_profit() -> pd.DataFrame:
    """Profit per customer, 2023-2025 (rebates subtracted): the course's one definition,
    :func:`kamtools.content.vistula_figures.profit_by_customer` (``kt.customer_profit`` of
    :func:`vistula_accounts` with ``COST_RATES``)."""
    return vistula_figures.profit_by_customer()


@register
def vistula_loss_makers() -> int:
    """How many Vistula customers lose money after the rebates and the cost to serve (q2)."""
    return int((compute("vistula_profit")["profit"] < 0).sum())


@register
def vistula_loss_makers_share() -> float:
    """Mistake: the share of customers that lose money, not their number."""
    profit = compute("vistula_profit")["profit"]
    return float((profit < 0).mean())


@register
def vistula_negative_gross_margin() -> int:
    """Mistake: customers with a negative gross margin (cost to serve left out)."""
    return int((compute("vistula_profit")["gross_margin"] < 0).sum())


@register
def vistula_whale_peak() -> float:
    """Peak of Vistula's whale curve, as a share of the total profit (q3)."""
    return float(whale_curve(compute("vistula_profit")).table["cumulative_profit_share"].max())


@register
def vistula_top20_profit_share() -> float:
    """Mistake: share of the total profit earned by the top 20% most profitable."""
    curve = whale_curve(compute("vistula_profit")).table
    k = math.ceil(0.2 * len(curve))
    return float(curve["cumulative_profit_share"].iloc[k - 1])


@register
def vistula_top20_profit_share_losses_as_zero() -> float:
    """Mistake: the explorer's readout, which counts losses as 0 (negative="zero")."""
    return top_share(compute("vistula_profit")["profit"], 0.2, negative="zero")


@register
def vistula_top20_revenue_share() -> float:
    """Mistake: the share of revenue of the top 20% by revenue (module 03's Pareto)."""
    return top_share(vistula_figures.revenue_by_customer(), 0.2)


@register
def vistula_peak_customer_share() -> float:
    """Mistake: the share of customers at the peak, instead of the share of profit."""
    curve = whale_curve(compute("vistula_profit"))
    return curve.peak_rank / len(curve.table)


@register
def vistula_big_loss_makers() -> list[str]:
    """Ids of the ten largest customers by revenue that lose money, largest first."""
    profit = compute("vistula_profit")
    top10 = profit.sort_values("revenue", ascending=False, kind="stable").head(10)
    return [str(c) for c in top10.index[top10["profit"] < 0]]


@register
def vistula_drop_all_loss_makers() -> float:
    """Change in total profit if every loss-maker left, half the cost to serve fixed."""
    profit = compute("vistula_profit")
    change = profit_change_if_dropped(profit, fixed_share=FIXED_SHARE)
    return float(change[profit["profit"] < 0].sum())


@register
def vistula_drop_all_loss_makers_all_fixed() -> float:
    """Change in total profit if every loss-maker left, all the cost to serve fixed."""
    profit = compute("vistula_profit")
    change = profit_change_if_dropped(profit, fixed_share=1.0)
    return float(change[profit["profit"] < 0].sum())


@register
def vistula_losses_total() -> float:
    """What the loss-makers lose together (negative): the whale curve's tail."""
    profit = compute("vistula_profit")["profit"]
    return float(profit[profit < 0].sum())


# ---------------------------------------------------------------------------------------
# The practice case: what if Berotech Coatings left?
# ---------------------------------------------------------------------------------------
@register
def practice_drop_change() -> float:
    """Change in total profit if the practice customer left, half the cost to serve fixed (q8)."""
    change = profit_change_if_dropped(compute("vistula_profit"), fixed_share=FIXED_SHARE)
    return float(change[PRACTICE_CUSTOMER])


@register
def practice_drop_change_nothing_fixed() -> float:
    """Mistake: the whale view, all of the cost to serve saved (minus the profit)."""
    return float(-compute("vistula_profit").loc[PRACTICE_CUSTOMER, "profit"])


@register
def practice_drop_change_all_fixed() -> float:
    """Mistake: none of the cost to serve saved (minus the gross margin)."""
    return float(-compute("vistula_profit").loc[PRACTICE_CUSTOMER, "gross_margin"])


@register
def practice_drop_change_without_rebate() -> float:
    """Mistake: the rebate the customer would no longer get left out of the change."""
    profit = compute("vistula_profit")
    change = profit_change_if_dropped(profit, fixed_share=FIXED_SHARE)
    return float(change[PRACTICE_CUSTOMER] - profit.loc[PRACTICE_CUSTOMER, "rebate"])


@register
def practice_profit() -> float:
    """Mistake: the customer's own profit, not the change in the company's profit."""
    return float(compute("vistula_profit").loc[PRACTICE_CUSTOMER, "profit"])


# ---------------------------------------------------------------------------------------
# Customer lifetime value (q1) and retention versus acquisition (q7)
# ---------------------------------------------------------------------------------------
@register
def clv_case() -> float:
    """CLV of q1: 20,000 * 0.9 / (1 + 0.08 - 0.9) = 100,000."""
    return clv(CLV_CASE["margin"], CLV_CASE["retention"], CLV_CASE["discount_rate"])


@register
def clv_case_undiscounted() -> float:
    """Mistake: no discounting, m * r / (1 - r) = 180,000."""
    m, r = CLV_CASE["margin"], CLV_CASE["retention"]
    return m * r / (1 - r)


@register
def clv_case_without_retention_on_top() -> float:
    """Mistake: m / (1 + i - r), the first year's margin counted without retention."""
    m, r, i = CLV_CASE["margin"], CLV_CASE["retention"], CLV_CASE["discount_rate"]
    return m / (1 + i - r)


@register
def clv_case_rate_as_percent() -> float:
    """Mistake: the discount rate typed as 8 instead of 0.08."""
    m, r, i = CLV_CASE["margin"], CLV_CASE["retention"], CLV_CASE["discount_rate"]
    return m * r / (1 + 100 * i - r)


def _retention_case() -> pd.Series:
    return retention_vs_acquisition(
        RETENTION_CASE["margin"],
        RETENTION_CASE["retention"],
        RETENTION_CASE["discount_rate"],
        customers=RETENTION_CASE["customers"],
        acquisition_cost=RETENTION_CASE["acquisition_cost"],
        retention_gain=RETENTION_CASE["retention_gain"],
    )


@register
def retention_case_new_accounts() -> float:
    """New accounts that create as much value as +5 points of retention (q7)."""
    return float(_retention_case()["new_customers_equivalent"])


@register
def retention_case_new_accounts_no_acquisition_cost() -> float:
    """Mistake: value of the gain divided by the CLV, the cost of winning left out."""
    case = _retention_case()
    return float(case["value_of_retention_gain"] / case["clv_now"])


@register
def retention_case_value() -> float:
    """Mistake: the value of the gain in PLN, not a number of accounts."""
    return float(_retention_case()["value_of_retention_gain"])


@register
def retention_case_budget() -> float:
    """Mistake: the acquisition budget in PLN, not a number of accounts."""
    return float(_retention_case()["acquisition_budget_equivalent"])


# ---------------------------------------------------------------------------------------
# Analyst challenge (q10): a CLV over a fixed number of years
# ---------------------------------------------------------------------------------------
@register
def clv_years_reference(margin: float, retention: float, discount_rate: float, years: int) -> float:
    """CLV over ``years`` years, margin at each year's end: ``kt.clv(..., horizon=years)``."""
    return clv(margin, retention, discount_rate, horizon=years)


# ---------------------------------------------------------------------------------------
# Share-of-wallet risk (q11): buys less every year versus leaves at once
# ---------------------------------------------------------------------------------------
@register
def decline_case_value() -> float:
    """q11: Odrapol stays but buys 15% less a year: kt.clv_declining_share over 5 years."""
    return clv_declining_share(
        DECLINE_CASE["margin"],
        share_decline=DECLINE_CASE["share_decline"],
        discount_rate=DECLINE_CASE["discount_rate"],
        horizon=DECLINE_CASE["horizon"],
    )


@register
def decline_case_flat() -> float:
    """Mistake (the director's view): five full years of margin, discounted."""
    case = DECLINE_CASE
    return clv(case["margin"], 1.0, case["discount_rate"], horizon=case["horizon"])


@register
def decline_case_flat_undiscounted() -> float:
    """Mistake: five full years of margin, not discounted (5 x 120,000)."""
    return DECLINE_CASE["margin"] * DECLINE_CASE["horizon"]


@register
def decline_case_leaves() -> float:
    """Hartex, which may leave at once: retention 1 - 0.15 over 5 years (kt.clv).

    Also the value of a margin that falls already in the first year, m * (1 - g)**t.
    """
    case = DECLINE_CASE
    retention = 1.0 - case["share_decline"]
    return clv(case["margin"], retention, case["discount_rate"], horizon=case["horizon"])


@register
def decline_case_undiscounted() -> float:
    """Mistake: the falling margins added up without discounting."""
    case = DECLINE_CASE
    keep = 1.0 - case["share_decline"]
    return sum(case["margin"] * keep ** (t - 1) for t in range(1, case["horizon"] + 1))
