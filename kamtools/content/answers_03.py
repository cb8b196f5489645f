"""Expected answers of module 03 (Pareto and concentration analysis) beyond answers.py.

The Online Retail answers of questions q1, q2 and q6 live in :mod:`.answers` (they came
first); this file adds Vistula Industrial Supply and the dependency figures. Vistula's
value per customer is its net revenue 2023-2025: the ``amount`` of every invoice line
with the credit notes (negative lines) netted, as ``course/03_pareto_analysis.ipynb``
computes it with ``kt.customer_totals(lines, customer="customer_id", amount="amount")``.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.concentration import concentration_report, customers_for_share, hhi
from . import vistula_figures
from .answers import compute, register

__all__: list[str] = []


@register
def vistula_net_totals() -> pd.Series:
    """Net revenue 2023-2025 per Vistula customer (credit notes netted)."""
    return vistula_figures.revenue_by_customer()


@register
def vistula_equivalent_customers() -> float:
    """Equivalent number of equal-sized Vistula customers: 1 / HHI (shares as fractions)."""
    return 1.0 / hhi(compute("vistula_net_totals"), negative="zero")


@register
def vistula_hhi() -> float:
    """Mistake: the Herfindahl index itself, not 1 / HHI."""
    return hhi(compute("vistula_net_totals"), negative="zero")


@register
def vistula_hhi_points() -> float:
    """Mistake: the Herfindahl index on the 0-10,000 scale."""
    return hhi(compute("vistula_net_totals"), percent=True, negative="zero")


@register
def vistula_customers_for_80() -> int:
    """Mistake: the number of customers that make 80% of revenue (a Pareto figure)."""
    return customers_for_share(compute("vistula_net_totals"), 0.8, negative="zero")


@register
def vistula_customer_count() -> int:
    """Mistake: the number of Vistula customers."""
    return len(compute("vistula_net_totals"))


@register
def retail_equivalent_customers() -> float:
    """Mistake: the equivalent number of customers of Online Retail instead of Vistula."""
    return 1.0 / hhi(compute("retail_net_totals"), negative="zero")


@register
def vistula_report() -> pd.Series:
    """Concentration report of Vistula's net revenue (figures the notebook prints)."""
    return concentration_report(compute("vistula_net_totals"), negative="zero")


@register
def retail_report() -> pd.Series:
    """Concentration report of Online Retail's net revenue (figures the notebook prints)."""
    return concentration_report(compute("retail_net_totals"), negative="zero")


@register
def vistula_top1_share() -> float:
    """Share of Vistula's net revenue held by its largest customer (q10's solution)."""
    return float(compute("vistula_report")["top1_share"])


@register
def vistula_equal_customer_share() -> float:
    """Share of one of the equal-sized customers of q10: 1 / (1 / HHI), that is the HHI."""
    return 1.0 / compute("vistula_equivalent_customers")


@register
def vistula_top1_times_equal() -> float:
    """How many times the share of one equal-sized customer the largest customer holds."""
    return compute("vistula_top1_share") / compute("vistula_equal_customer_share")
