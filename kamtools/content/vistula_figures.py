"""Vistula's revenue and profit per customer, 2023-2025: the course's one definition.

Modules 01-04, their answers and the Pareto explorer all show these figures; they take them
from here, so a change of definition (a rebate, a credit note) reaches every one of them.
The company's assumptions (cost rates, cost of capital) are :mod:`kamtools.data.vistula`.
"""

from __future__ import annotations

from typing import Literal, overload

import pandas as pd

from ..analysis.cost_inputs import profit_inputs
from ..analysis.profitability import customer_profit
from ..analysis.transactions import CustomerTotals, customer_totals
from ..data.datasets import load_dataset
from ..data.vistula import COST_RATES

__all__ = ["profit_by_customer", "revenue_by_customer"]


@overload
def revenue_by_customer(*, report: Literal[False] = ...) -> pd.Series: ...


@overload
def revenue_by_customer(*, report: Literal[True]) -> CustomerTotals: ...


def revenue_by_customer(*, report: bool = False) -> pd.Series | CustomerTotals:
    """Net revenue per Vistula customer, 2023-2025, in PLN: the course's one definition.

    ``kt.customer_totals`` of ``vistula_transactions`` (credit notes netted). Every module,
    answer and widget that shows Vistula's revenue per customer takes it from here.
    ``report=True`` returns the :class:`kamtools.CustomerTotals` (totals and the report
    of the lines used, left out and netted) instead of the Series.
    """
    lines = load_dataset("vistula_transactions")
    if report:
        return customer_totals(lines, customer="customer_id", amount="amount", report=True)
    return customer_totals(lines, customer="customer_id", amount="amount")


def profit_by_customer() -> pd.DataFrame:
    """Profit per Vistula customer, 2023-2025: the course's one definition.

    ``kt.profit_inputs`` of the transactions and the cost-to-serve table, priced with
    :data:`COST_RATES` by ``kt.customer_profit``: revenue - cost of goods - rebate -
    cost to serve, one row per customer (columns as ``kt.customer_profit`` returns).
    """
    inputs = profit_inputs(
        load_dataset("vistula_transactions"),
        load_dataset("vistula_cost_to_serve"),
        drivers=COST_RATES,
    )
    return customer_profit(inputs, cost_rates=COST_RATES)
