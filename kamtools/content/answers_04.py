"""Expected answers of module 04 (profitability and customer lifetime value).

Vistula conventions: profit 2023-2025 per customer = net revenue - net cost of goods -
cost to serve, with the cost drivers of ``vistula_cost_to_serve`` added up over the three
years and priced with :data:`kamtools.synthetic.COST_RATES` (``kt.profit_inputs`` then
``kt.customer_profit``): the same numbers as ``kt.ParetoExplorer(metric="profit")``.
The CLV questions use numbers stated in their prompts, kept here as constants so that a
test can check the prompt quotes them.
"""

from __future__ import annotations

import math

import pandas as pd

from ..clv import clv, retention_vs_acquisition
from ..concentration import top_share
from ..datasets import load_dataset
from ..profitability import customer_profit, profit_change_if_dropped, profit_inputs, whale_curve
from ..synthetic import COST_RATES
from ..transactions import customer_totals
from .answers import compute, register

__all__: list[str] = []

#: The demanding mid-size account of the practice case (Mariform Paints S.A.).
PRACTICE_CUSTOMER = "V0165"
#: Share of the cost to serve taken as fixed in the module's drop calculations.
FIXED_SHARE = 0.5
#: The CLV of question q1: margin per year (PLN), retention, discount rate.
CLV_CASE = {"margin": 20_000.0, "retention": 0.9, "discount_rate": 0.08}
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
    """Revenue, cost of goods and cost drivers per Vistula customer, 2023-2025."""
    return profit_inputs(
        load_dataset("vistula_transactions"),
        load_dataset("vistula_cost_to_serve"),
        drivers=COST_RATES,
    )


@register
def vistula_profit() -> pd.DataFrame:
    """``kt.customer_profit`` of :func:`vistula_accounts` with ``COST_RATES``."""
    return customer_profit(compute("vistula_accounts"), cost_rates=COST_RATES)


@register
def vistula_loss_makers() -> int:
    """How many Vistula customers lose money after the cost to serve (q2)."""
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
    return float(whale_curve(compute("vistula_profit"))["cumulative_profit_share"].max())


@register
def vistula_top20_profit_share() -> float:
    """Mistake: share of the total profit earned by the top 20% most profitable."""
    curve = whale_curve(compute("vistula_profit"))
    k = math.ceil(0.2 * len(curve))
    return float(curve["cumulative_profit_share"].iloc[k - 1])


@register
def vistula_top20_profit_share_losses_as_zero() -> float:
    """Mistake: the explorer's readout, which counts losses as 0 (negative="zero")."""
    return top_share(compute("vistula_profit")["profit"], 0.2, negative="zero")


@register
def vistula_top20_revenue_share() -> float:
    """Mistake: the share of revenue of the top 20% by revenue (module 03's Pareto)."""
    lines = load_dataset("vistula_transactions")
    return top_share(customer_totals(lines, customer="customer_id", amount="amount"), 0.2)


@register
def vistula_peak_customer_share() -> float:
    """Mistake: the share of customers at the peak, instead of the share of profit."""
    curve = whale_curve(compute("vistula_profit"))
    return curve.attrs["peak_rank"] / len(curve)


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
# The practice case: what if Mariform Paints left?
# ---------------------------------------------------------------------------------------
@register
def practice_drop_change() -> float:
    """Change in total profit if V0165 left, half the cost to serve fixed (q8)."""
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
