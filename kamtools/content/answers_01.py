"""Expected answers of module 01 "Why key accounts matter" (spec ``01_why_key_accounts.yml``).

Vistula Industrial Supply conventions, the same as :class:`kamtools.ParetoExplorer`
uses for the dataset (so the checks agree with what the learner reads off the widget):
net revenue per customer over 2023-2025 from ``vistula_transactions`` (credit notes
netted, ``kt.customer_totals``); profit = revenue - cost of goods - year-end rebates -
cost to serve at the rates ``kt.vistula.COST_RATES``; shares of profit count loss-making customers
as 0 (``negative="zero"``). Every function name starts with ``m01_``.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.concentration import (
    concentration_report,
    customers_for_share,
    pareto_table,
    top_share,
)
from ..data.datasets import load_dataset
from . import vistula_figures
from .answers import compute, register

__all__: list[str] = []


# ---------------------------------------------------------------------------------------
# Vistula: revenue and profit per customer, 2023-2025
# ---------------------------------------------------------------------------------------
@register
def m01_vistula_revenue() -> pd.Series:
    """Net revenue per Vistula customer, 2023-2025, in PLN."""
    return vistula_figures.revenue_by_customer()


@register
def m01_vistula_profit() -> pd.Series:
    """Profit per Vistula customer, 2023-2025: revenue - cost of goods - rebates - cost to serve.

    The same figures as module 04 and the Pareto explorer (``kt.profit_inputs`` then
    ``kt.customer_profit``), taken from module 04's answer rather than computed again.
    """
    return compute("vistula_profit")["profit"]


@register
def m01_top10_share() -> float:
    """q1: share of net revenue of the top 10% of Vistula customers (slider at 0.10)."""
    return top_share(compute("m01_vistula_revenue"), 0.1)


@register
def m01_top10_profit_share() -> float:
    """Mistake (q1): the top-10% share of profit (the widget switched to Profit)."""
    return top_share(compute("m01_vistula_profit"), 0.1, negative="zero")


@register
def m01_top20_share() -> float:
    """Share of net revenue of the top 20% (the slider's start; a mistake in q1)."""
    return top_share(compute("m01_vistula_revenue"), 0.2)


@register
def m01_customers_for_80() -> int:
    """q2: smallest number of Vistula customers that bring 80% of net revenue."""
    return customers_for_share(compute("m01_vistula_revenue"), 0.8)


@register
def m01_top20_count() -> int:
    """Mistake (q2): how many customers the top 20% are (ceil(0.2 * n))."""
    n = len(compute("m01_vistula_revenue"))
    return round(top_share([1.0] * n, 0.2) * n)


@register
def m01_customers_for_80_share() -> float:
    """Mistake (q2): the share of customers needed for 80%, not their number."""
    return compute("m01_customers_for_80") / len(compute("m01_vistula_revenue"))


@register
def m01_customers_for_80_profit() -> int:
    """Mistake (q2): customers for 80% of profit (the widget switched to Profit)."""
    return customers_for_share(compute("m01_vistula_profit"), 0.8, negative="zero")


@register
def m01_top1_share() -> float:
    """q8: the largest customer's share of net revenue."""
    return float(concentration_report(compute("m01_vistula_revenue"))["top1_share"])


@register
def m01_top1_revenue() -> float:
    """Mistake (q8): the largest customer's revenue in PLN, not its share."""
    return float(compute("m01_vistula_revenue").max())


@register
def m01_top5_share() -> float:
    """Mistake (q8): the share of the top 1% (5 customers), read with the slider at 0.01."""
    return top_share(compute("m01_vistula_revenue"), 0.01)


@register
def m01_top1_profit_share() -> float:
    """Mistake (q8): the largest customer's share of profit (the widget on Profit)."""
    report = concentration_report(compute("m01_vistula_profit"), negative="zero")
    return float(report["top1_share"])


# ---------------------------------------------------------------------------------------
# Lenko Pack: a small invented packaging maker that depends on one customer
# ---------------------------------------------------------------------------------------
@register
def m01_lenko_contribution() -> dict[str, int]:
    """Yearly contribution of Lenko Pack's eight customers, in thousand PLN.

    Contribution = revenue - the variable costs of the goods sold to the customer and
    of serving it. The same dict as in ``course/01_why_key_accounts.ipynb`` (a test
    compares them).
    """
    return {
        "Koralin Automotive": 1050,
        "Brynex Foods": 600,
        "Talmex Machinery": 450,
        "Orlivia Chemicals": 330,
        "Wendrak Furniture": 240,
        "Zefirol Cosmetics": 180,
        "Pelkom Electronics": 90,
        "Rudawit Construction": 60,
    }


#: Lenko Pack's fixed costs per year (rent, salaries, machines), in thousand PLN, as
#: stated in the notebook and in question q5.
LENKO_FIXED_COSTS = 2000


def _lenko_operating_profit() -> float:
    return float(sum(compute("m01_lenko_contribution").values()) - LENKO_FIXED_COSTS)


@register
def m01_lenko_top1_share() -> float:
    """The largest customer's share of Lenko's contribution (also a mistake in q5)."""
    return float(concentration_report(compute("m01_lenko_contribution"))["top1_share"])


@register
def m01_lenko_top1_amount() -> float:
    """Mistake (q5): the contribution lost in thousand PLN, not the share of profit."""
    return float(pareto_table(compute("m01_lenko_contribution"))["value"].iloc[0])


@register
def m01_lenko_profit_drop() -> float:
    """q5: the share of operating profit lost if the largest customer leaves.

    Fixed costs stay, so the whole lost contribution comes off the operating profit:
    lost contribution / operating profit.
    """
    return compute("m01_lenko_top1_amount") / _lenko_operating_profit()


@register
def m01_lenko_profit_left() -> float:
    """Mistake (q5): the new operating profit as a share of the old one (1 - drop)."""
    return 1.0 - compute("m01_lenko_profit_drop")


@register
def m01_lenko_customer_share() -> float:
    """Mistake (q5): the largest customer's share of the customers (1 of 8)."""
    return 1.0 / len(compute("m01_lenko_contribution"))


# ---------------------------------------------------------------------------------------
# Analyst challenge: dependence on one industry
# ---------------------------------------------------------------------------------------
def _industry() -> pd.Series:
    customers = load_dataset("vistula_customers")
    return customers.set_index("customer_id")["industry"]


@register
def m01_automotive_share() -> float:
    """q10: the share of net revenue 2023-2025 that comes from automotive customers."""
    revenue = compute("m01_vistula_revenue")
    by_industry = revenue.groupby(_industry().reindex(revenue.index)).sum()
    return float(by_industry["automotive"] / revenue.sum())


@register
def m01_automotive_revenue() -> float:
    """Mistake (q10): the automotive revenue in PLN, not its share."""
    revenue = compute("m01_vistula_revenue")
    return float(revenue[_industry().reindex(revenue.index) == "automotive"].sum())


@register
def m01_automotive_customer_share() -> float:
    """Mistake (q10): the share of customers that are automotive, not of revenue."""
    return float((_industry() == "automotive").mean())
