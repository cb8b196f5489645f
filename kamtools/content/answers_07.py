"""Expected answers of module 07 (the common mistakes), computed from the Vistula data.

The analyst challenge of ``course/07_common_mistakes.ipynb`` looks for "single-threaded"
accounts among Vistula Industrial Supply's largest customers: customers where we know
people in at most one role of the buying centre (``buying_roles_covered <= 1``).

Conventions: revenue is the net ``amount`` per customer of the invoice and credit-note
lines dated in 2025 (``kt.customer_totals``, credit notes netted); the "100 largest"
are the first 100 of that revenue sorted from the largest, ties broken by customer id
(``kt.pareto_table``). Every function name starts with ``m07_`` so that it cannot clash
with another module's answers.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.concentration import pareto_table
from ..analysis.pricing import break_even_volume
from ..analysis.transactions import customer_totals
from ..data.datasets import load_dataset
from .answers import compute, register

__all__: list[str] = []

#: How many of the largest customers the challenge looks at.
TOP_N = 100

#: The year whose revenue ranks the customers.
YEAR = 2025

#: Question 6: the discount the buyer asks for, the gross margin on her orders and the
#: extra volume she offers in return.
Q6_DISCOUNT, Q6_MARGIN, Q6_OFFERED_VOLUME = 0.05, 0.30, 0.15


@register
def m07_revenue_2025() -> pd.Series:
    """Net revenue per Vistula customer in 2025 (PLN; credit notes netted)."""
    lines = load_dataset("vistula_transactions")
    return customer_totals(
        lines[lines["date"].dt.year == YEAR], customer="customer_id", amount="amount"
    )


def _top_customers() -> pd.DataFrame:
    """The ``TOP_N`` largest customers of 2025, with their relationship attributes."""
    ranked = pareto_table(compute("m07_revenue_2025"))
    top = ranked["customer"].iloc[:TOP_N]
    customers = load_dataset("vistula_customers").set_index("customer_id")
    return customers.loc[top]


@register
def m07_top100_single_role_count() -> int:
    """How many of the 100 largest customers of 2025 have at most one buying role covered."""
    return int((_top_customers()["buying_roles_covered"] <= 1).sum())


@register
def m07_top100_two_roles_count() -> int:
    """Mistake: "at most two roles" counted instead of "at most one"."""
    return int((_top_customers()["buying_roles_covered"] <= 2).sum())


@register
def m07_all_single_role_count() -> int:
    """Mistake: every customer with at most one role counted, not only the 100 largest."""
    customers = load_dataset("vistula_customers")
    return int((customers["buying_roles_covered"] <= 1).sum())


@register
def m07_top100_single_contact_count() -> int:
    """Mistake: customers with a single contact (``n_contacts == 1``) counted instead."""
    return int((_top_customers()["n_contacts"] == 1).sum())


@register
def m07_q6_break_even_volume() -> float:
    """Question 6: the extra volume a 5% discount needs at a 30% margin to stand still."""
    return break_even_volume(Q6_DISCOUNT, Q6_MARGIN)


@register
def m07_q6_gross_profit_change() -> float:
    """Question 6: the change of gross profit if the buyer gets 5% off and buys 15% more.

    Gross profit per unit falls from ``m`` to ``m - d`` (fractions of the old price) and
    the units grow by ``v``: the new gross profit is ``(1 + v) (m - d) / m`` of today's.
    """
    return (1 + Q6_OFFERED_VOLUME) * (Q6_MARGIN - Q6_DISCOUNT) / Q6_MARGIN - 1
