"""Customer profitability: activity-based cost-to-serve and the whale curve.

Revenue and gross margin hide what a customer costs to serve: many small orders, rush
deliveries, returns and hours of support. Cooper & Kaplan (1991) priced those activities
one by one and found that the most profitable 20% of customers can earn up to 225% of
total profit, while the least profitable ones give much of it back: the *whale curve*.

:func:`kamtools.profit_inputs` (in :mod:`~kamtools.analysis.cost_inputs`) adds up invoice
lines and cost-driver rows (and year-end rebates) per customer, :func:`customer_profit` prices the activities and subtracts the rebates,
:func:`whale_curve` sorts the result, and
:func:`profit_change_if_dropped` shows why dropping the loss-makers is not the same as
reaching the whale's peak when part of the cost to serve is fixed.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validate import (
    SHARE_TOLERANCE,
    _example,
    as_values,
    check_columns,
    check_fraction,
    check_number,
    descending_order,
    plain,
)
from ..errors import (
    DataError,
    NegativeValuesError,
    ParameterError,
    WrongTypeError,
)

__all__ = [
    "WhaleCurve",
    "customer_profit",
    "profit_change_if_dropped",
    "whale_curve",
]

_PROFIT_COLUMNS = [
    "revenue",
    "cost_of_goods",
    "gross_margin",
    "cost_to_serve",
    "profit",
    "profit_margin",
]
_REBATE = "rebate"  # default name of the rebate column
_PROFIT_COLUMNS_REBATE = [*_PROFIT_COLUMNS[:4], "rebate", *_PROFIT_COLUMNS[4:]]
_WHALE_COLUMNS = [
    "rank",
    "customer",
    "profit",
    "cumulative_profit",
    "cumulative_customer_share",
    "cumulative_profit_share",
]


def _check_rates(cost_rates: Any) -> dict[Hashable, float]:
    """Return ``cost_rates`` as {driver column: non-negative cost per unit}."""
    if cost_rates is None:
        raise ParameterError(
            "`cost_rates` is required: pass a mapping from cost-driver column to cost per "
            "unit, e.g. {'orders': 35.0, 'deliveries': 60.0}; pass "
            "{'cost_to_serve': 1.0} to use a ready-made cost-to-serve column, or {} "
            "if serving the customers costs nothing; but None was passed."
        )
    if isinstance(cost_rates, str):
        raise WrongTypeError(
            "`cost_rates` must map cost-driver columns to a cost per unit, but "
            f"{cost_rates!r} was passed; for a ready-made cost-to-serve column write "
            f"cost_rates={{{cost_rates!r}: 1.0}}."
        )
    if isinstance(cost_rates, pd.Series):
        cost_rates = cost_rates.to_dict()
    if not isinstance(cost_rates, Mapping):
        raise WrongTypeError(
            "`cost_rates` must map cost-driver columns to a cost per unit, e.g. "
            f"{{'orders': 35.0}}, but {cost_rates!r} was passed."
        )
    rates: dict[Hashable, float] = {}
    for driver, rate in cost_rates.items():
        value = check_number(rate, f"cost_rates[{driver!r}]")
        if value < 0:
            raise ParameterError(
                f"`cost_rates[{driver!r}]` is a cost per unit of driver {driver!r} and must "
                f"be >= 0, but {rate!r} was passed."
            )
        rates[driver] = value
    return rates


def _non_negative(values: pd.Series, label: str, meaning: str) -> None:
    """Raise NegativeValuesError if any entry of ``values`` is negative."""
    negative = values.to_numpy() < 0
    if negative.any():
        raise NegativeValuesError(
            f"`{label}` {meaning} and cannot be negative, but {int(negative.sum())} "
            f"customers have a negative value, e.g. {_example(values, negative)}."
        )


def customer_profit(
    data: pd.DataFrame,
    *,
    revenue: Hashable = "revenue",
    cost_of_goods: Hashable = "cost_of_goods",
    cost_rates: Mapping[Any, float] | None = None,
    customer: Hashable | None = None,
    rebate: Hashable | None = "rebate",
) -> pd.DataFrame:
    """Compute each customer's profit after the cost of goods and the cost to serve.

    Parameters
    ----------
    data : DataFrame
        One row per customer. The customer id is the index, or the column named by
        `customer`. Holds the revenue, the cost of goods and one column per cost driver
        (a count of activities: orders, deliveries, returns, support hours, ...).
    revenue, cost_of_goods : column name, default "revenue", "cost_of_goods"
        Columns with each customer's revenue and cost of goods sold (same currency).
    cost_rates : mapping of column name to float
        Required. Cost per unit of each cost driver, e.g. ``{"orders": 35.0,
        "deliveries": 60.0, "returns": 25.0, "support_hours": 55.0}``. Every key must be
        a column of `data`. If the cost to serve is already computed in a column, give
        that column a rate of 1: ``cost_rates={"cost_to_serve": 1.0}``. An empty mapping
        ``{}`` says explicitly that serving customers costs nothing.
    customer : column name, optional
        Column holding the customer id. By default the index of `data` is used.
    rebate : column name or None, default "rebate"
        Column with the year-end rebates paid to each customer (PLN, >= 0), such as
        ``rebate`` of ``vistula_cost_to_serve``. When `data` has this column, the rebate
        is subtracted from the profit; when it has no column ``"rebate"`` (the default
        name), there is no rebate. A name other than the default must be a column.
        ``rebate=None`` ignores any rebate column. If `cost_rates` prices the rebate
        column itself (e.g. ``{"rebate": 1.0}``), it is counted there, inside
        ``cost_to_serve``, and not subtracted a second time.

    Returns
    -------
    DataFrame
        Columns ``revenue``, ``cost_of_goods``, ``gross_margin``, ``cost_to_serve``,
        ``profit``, ``profit_margin``; one row per customer in the order of `data`,
        indexed by customer id. When a rebate was subtracted, a column ``rebate``
        follows ``cost_to_serve``.

    Raises
    ------
    WrongTypeError
        `data` is not a DataFrame, `cost_rates` is not a mapping, or a column or rate
        is not numeric.
    ParameterError
        `cost_rates` is missing or a rate is negative or not finite.
    DataError
        A named column is missing, a value is missing (NaN) or infinite, or a customer
        id is missing or repeated.
    NegativeValuesError
        A cost driver count, a cost of goods or a rebate is negative.
    EmptyDataError
        `data` has no rows.

    Notes
    -----
    Activity-based costing (Cooper & Kaplan 1991)::

        gross_margin  = revenue - cost_of_goods
        cost_to_serve = sum over drivers of (driver count * cost per unit)
        profit        = gross_margin - cost_to_serve - rebate
        profit_margin = profit / revenue

    The rebate (0 without a rebate column) is money given back to the customer after
    the invoice, so it lowers the profit like a cost; it is kept out of
    ``cost_to_serve``, which counts activities only.

    ``profit_margin`` is NaN where revenue is zero or negative (a margin on no sales is
    undefined), never infinite. Revenue itself may be negative (credit notes larger than
    sales); cost of goods, driver counts and rebates may not. Missing values are never
    filled: decide first what a NaN means, e.g. ``data.fillna({"returns": 0})``. Columns
    of `data` not named by a parameter are ignored, except a column ``rebate`` (see
    `rebate`).

    Examples
    --------
    >>> import pandas as pd
    >>> import kamtools as kt
    >>> data = pd.DataFrame(
    ...     {"revenue": [1000.0, 400.0], "cost_of_goods": [600.0, 240.0],
    ...      "orders": [2, 10], "returns": [0, 3]},
    ...     index=pd.Index(["Alpha", "Beta"], name="customer"),
    ... )
    >>> result = kt.customer_profit(data, cost_rates={"orders": 35.0, "returns": 25.0})
    >>> result[["gross_margin", "cost_to_serve", "profit"]]
              gross_margin  cost_to_serve  profit
    customer
    Alpha            400.0           70.0   330.0
    Beta             160.0          425.0  -265.0
    >>> result["profit_margin"].round(4).tolist()
    [0.33, -0.6625]

    A rebate column is subtracted as well (Alpha: 400 - 70 - 50 = 280):

    >>> with_rebate = data.assign(rebate=[50.0, 0.0])
    >>> kt.customer_profit(with_rebate, cost_rates={"orders": 35.0, "returns": 25.0})[
    ...     ["cost_to_serve", "rebate", "profit"]]
              cost_to_serve  rebate  profit
    customer
    Alpha              70.0    50.0   280.0
    Beta              425.0     0.0  -265.0
    """
    rates = _check_rates(cost_rates)
    columns: dict[str, Hashable] = {"revenue": revenue, "cost_of_goods": cost_of_goods}
    if customer is not None:
        columns["customer"] = customer
    check_columns(data, columns)
    use_rebate = _rebate_column(data, rebate, rates)
    for driver in rates:
        if driver not in data.columns:
            raise DataError(
                f"`cost_rates` names the cost driver {driver!r}, which is not a column of "
                f"`data`; its columns are {list(data.columns)!r}."
            )
    frame = data
    if customer is not None:
        ids = data[customer]
        missing_id = ids.isna().to_numpy()
        if missing_id.any():
            pos = int(np.flatnonzero(missing_id)[0])
            raise DataError(
                f"`customer`={customer!r}: {int(missing_id.sum())} rows have no customer id, "
                f"e.g. row {plain(data.index[pos])!r}."
            )
        frame = data.set_index(customer)

    rev = as_values(frame[revenue], name=f"data[{revenue!r}]")
    cogs = as_values(frame[cost_of_goods], name=f"data[{cost_of_goods!r}]")
    _non_negative(cogs, f"data[{cost_of_goods!r}]", "is a cost of goods")
    drivers = np.zeros((len(rev), len(rates)))
    for j, driver in enumerate(rates):  # one pass per driver column, not per row
        counts = as_values(frame[driver], name=f"data[{driver!r}]")
        _non_negative(counts, f"data[{driver!r}]", "counts units of a cost driver")
        drivers[:, j] = counts.to_numpy()
    cost_to_serve = drivers @ np.array(list(rates.values()), dtype=float)
    rebates = np.zeros(len(rev))
    if use_rebate:
        paid = as_values(frame[rebate], name=f"data[{rebate!r}]")
        _non_negative(paid, f"data[{rebate!r}]", "is a rebate paid to the customer")
        rebates = paid.to_numpy()

    revenue_values = rev.to_numpy()
    gross_margin = revenue_values - cogs.to_numpy()
    profit = gross_margin - cost_to_serve - rebates
    profit_margin = np.divide(
        profit,
        revenue_values,
        out=np.full(len(rev), np.nan),
        where=revenue_values > 0,
    )
    result = pd.DataFrame(
        {
            "revenue": revenue_values,
            "cost_of_goods": cogs.to_numpy(),
            "gross_margin": gross_margin,
            "cost_to_serve": cost_to_serve,
            "rebate": rebates,
            "profit": profit,
            "profit_margin": profit_margin,
        },
        index=rev.index.copy(),
        columns=_PROFIT_COLUMNS_REBATE if use_rebate else _PROFIT_COLUMNS,
    )
    return result


def _rebate_column(data: pd.DataFrame, rebate: Any, rates: Mapping[Any, float]) -> bool:
    """Whether ``data[rebate]`` holds rebates to subtract (checks the name first)."""
    if rebate is None:
        return False
    if not isinstance(rebate, Hashable):
        raise WrongTypeError(f"`rebate` must be a column name or None, but {rebate!r} was passed.")
    if rebate in rates:
        return False  # priced as a cost driver by `cost_rates`: counted there, once
    if rebate in data.columns:
        return True
    if rebate != _REBATE:
        raise DataError(
            f"`rebate`={rebate!r} is not a column of `data`; its columns are "
            f"{list(data.columns)!r}. Pass rebate=None if there is no rebate."
        )
    return False


@dataclass(frozen=True, eq=False)
class WhaleCurve:
    """The whale curve of :func:`whale_curve`: its table and its summary figures.

    A small frozen record (like otter's ``TestCaseResult``): the figures are fields, not
    entries of ``DataFrame.attrs``, which pandas calculations can drop.

    Attributes
    ----------
    table : DataFrame
        One row per customer from the most to the least profitable, with columns
        ``rank`` (1..n), ``customer``, ``profit``, ``cumulative_profit``,
        ``cumulative_customer_share`` (rank / n) and ``cumulative_profit_share``
        (cumulative profit / total profit).
    total_profit : float
        The sum of all profits.
    share_defined : bool
        False when the total profit is zero or negative: shares of it mean nothing.
    peak_share : float
        The highest cumulative profit share (NaN when ``share_defined`` is False).
    peak_rank : int
        How many top customers reach the peak (0 when no customer makes a profit).
    peak_profit : float
        The cumulative profit at the peak, in currency.

    Examples
    --------
    >>> import kamtools as kt
    >>> curve = kt.whale_curve({"A": 60, "B": -20, "C": 10})
    >>> curve.peak_rank, curve.peak_profit, curve.total_profit
    (2, 70.0, 50.0)
    >>> curve.peak_share
    1.4
    """

    table: pd.DataFrame
    total_profit: float
    share_defined: bool
    peak_share: float
    peak_rank: int
    peak_profit: float


def whale_curve(profits: Any, *, column: Hashable = "profit") -> WhaleCurve:
    """Build the whale curve: cumulative profit share against the share of customers.

    Parameters
    ----------
    profits : Series, dict, 1-D array-like or DataFrame
        One profit per customer (index = customer id); losses are negative. A DataFrame
        such as the result of :func:`customer_profit` is accepted: its `column` is used.
    column : column name, default "profit"
        Column to use when `profits` is a DataFrame; ignored otherwise.

    Returns
    -------
    WhaleCurve
        ``.table``: one row per customer from the most to the least profitable, with
        columns ``rank`` (1..n), ``customer``, ``profit``, ``cumulative_profit``,
        ``cumulative_customer_share`` (rank / n) and ``cumulative_profit_share``
        (cumulative profit / total profit); and the figures ``total_profit``,
        ``share_defined``, ``peak_share``, ``peak_rank`` and ``peak_profit`` (see
        :class:`WhaleCurve`).

    Raises
    ------
    WrongTypeError
        `profits` is not one number per customer.
    DataError
        A profit is missing (NaN) or infinite, a customer id is repeated, or `column`
        is not a column of a DataFrame `profits`.
    EmptyDataError
        There are no customers.

    Notes
    -----
    Customers are sorted by profit, largest first, ties broken by ascending customer
    id, so the curve does not depend on the input order. With ``k`` customers kept::

        cumulative_customer_share = k / n
        cumulative_profit_share   = (profit of the top k) / (total profit)

    The curve starts at (0, 0), which is not a row. The profit share rises above 1
    (100%) while profitable customers are added and falls back to exactly 1 at the last
    customer, so its peak (``peak_share``) can be far above 1.

    When the total profit is zero or negative (or within rounding error of zero:
    ``|total| <= 1e-9 * sum(|profit|)``), shares of it mean nothing:
    ``cumulative_profit_share`` is NaN, ``share_defined`` is False and
    ``peak_share`` is NaN; plot ``cumulative_profit`` in currency instead.
    The peak is looked for from the origin on, so ``peak_rank`` is 0 when no
    customer makes a profit; among equal peaks the smallest rank is reported.

    Dropping the loss-makers at the tail does not necessarily raise profit by the
    amount the curve suggests: they may absorb fixed costs that stay.

    Examples
    --------
    >>> import kamtools as kt
    >>> curve = kt.whale_curve({"A": 60, "B": 50, "C": 10, "D": -20, "E": -30})
    >>> curve.table["cumulative_profit_share"].round(4).tolist()
    [0.8571, 1.5714, 1.7143, 1.4286, 1.0]
    >>> curve.total_profit, curve.peak_rank
    (70.0, 3)
    >>> round(curve.peak_share, 4)
    1.7143
    """
    if isinstance(profits, pd.DataFrame):
        check_columns(profits, {"column": column}, name="profits")
        profits = profits[column]
    values = as_values(profits, name="profits")
    ordered = values.iloc[descending_order(values)]
    profit = ordered.to_numpy()
    n = len(profit)
    cumulative = np.cumsum(profit)
    total = float(cumulative[-1])
    share_defined = bool(total > SHARE_TOLERANCE * float(np.abs(profit).sum()))
    if share_defined:
        share = cumulative / total
    else:
        share = np.full(n, np.nan)
    with_origin = np.concatenate(([0.0], cumulative))
    peak_rank = int(np.argmax(with_origin))
    peak_profit = float(with_origin[peak_rank])

    table = pd.DataFrame(
        {
            "rank": np.arange(1, n + 1),
            "customer": ordered.index.to_numpy(),
            "profit": profit,
            "cumulative_profit": cumulative,
            "cumulative_customer_share": np.arange(1, n + 1) / n,
            "cumulative_profit_share": share,
        },
        columns=_WHALE_COLUMNS,
    )
    return WhaleCurve(
        table=table,
        total_profit=total,
        share_defined=share_defined,
        peak_share=peak_profit / total if share_defined else float("nan"),
        peak_rank=peak_rank,
        peak_profit=peak_profit,
    )


def profit_change_if_dropped(profit: pd.DataFrame, *, fixed_share: float) -> pd.Series:
    """Estimate how the company's total profit changes if a customer leaves.

    The customer's revenue and cost of goods go away with it, and so does its rebate
    (no sales, no year-end rebate), but only the variable part of its cost to serve
    does: the fixed part (people, vehicles, warehouse space, systems) stays and must be
    carried by the other customers.

    Parameters
    ----------
    profit : DataFrame
        The table returned by :func:`customer_profit`: one row per customer with the
        columns ``gross_margin`` and ``cost_to_serve``, and ``rebate`` when the profit
        subtracted rebates (others are ignored).
    fixed_share : float
        Required. Share of the cost to serve that does *not* go away when a customer
        leaves, from 0 (all of it is saved) to 1 (none of it is saved), e.g. 0.5.

    Returns
    -------
    Series
        Named ``profit_change``, indexed like `profit`: the change in total profit if
        that customer alone left. Positive: the company would earn more without the
        customer; negative: it would earn less.

    Raises
    ------
    WrongTypeError
        `profit` is not a DataFrame, `fixed_share` is not a number or a column holds
        something other than numbers.
    ParameterError
        `fixed_share` is outside [0, 1].
    DataError
        ``gross_margin`` or ``cost_to_serve`` is not a column of `profit`, a value is
        missing (NaN) or infinite, or a customer id is repeated.
    NegativeValuesError
        A cost to serve is negative.
    EmptyDataError
        `profit` has no rows.

    Notes
    -----
    ::

        profit_change = -gross_margin + rebate + (1 - fixed_share) * cost_to_serve

    (``rebate`` is 0 when `profit` has no such column.) The cost of goods and the rebate
    are taken as fully variable (goods not sold are not bought, and no rebate is owed on
    them). With ``fixed_share=0`` the change is minus the customer's profit: the view of the whale
    curve, where dropping every loss-maker lifts profit to the curve's peak. The more
    of the cost to serve is fixed, the less dropping a loss-maker helps; a customer
    with a positive gross margin can lower total profit by leaving. Changes of several
    customers add up under the same assumption. Knock-on effects (references,
    purchasing volume, a competitor growing stronger) are not counted.

    Examples
    --------
    >>> import pandas as pd
    >>> import kamtools as kt
    >>> data = pd.DataFrame(
    ...     {"revenue": [1000.0, 400.0], "cost_of_goods": [600.0, 240.0],
    ...      "orders": [2, 10], "returns": [0, 3]},
    ...     index=pd.Index(["Alpha", "Beta"], name="customer"),
    ... )
    >>> profit = kt.customer_profit(data, cost_rates={"orders": 35.0, "returns": 25.0})
    >>> profit["profit"].tolist()
    [330.0, -265.0]
    >>> kt.profit_change_if_dropped(profit, fixed_share=0.5).tolist()  # -160 + 0.5 * 425
    [-365.0, 52.5]
    >>> kt.profit_change_if_dropped(profit, fixed_share=0.8).tolist()  # -160 + 0.2 * 425
    [-386.0, -75.0]
    """
    if not isinstance(profit, pd.DataFrame):
        raise WrongTypeError(
            "`profit` must be the DataFrame returned by kt.customer_profit, but "
            f"{type(profit).__name__} was passed."
        )
    for column in ("gross_margin", "cost_to_serve"):
        if column not in profit.columns:
            raise DataError(
                f"`profit` needs the column {column!r} (pass the table returned by "
                f"kt.customer_profit), but its columns are {list(profit.columns)!r}."
            )
    share = check_fraction(fixed_share, "fixed_share", allow_zero=True, example="0.5 for half")
    margin = as_values(profit["gross_margin"], name="profit['gross_margin']")
    cost = as_values(profit["cost_to_serve"], name="profit['cost_to_serve']")
    _non_negative(cost, "profit['cost_to_serve']", "is a cost")
    change = -margin.to_numpy() + (1.0 - share) * cost.to_numpy()
    if "rebate" in profit.columns:
        rebate = as_values(profit["rebate"], name="profit['rebate']")
        _non_negative(rebate, "profit['rebate']", "is a rebate paid to the customer")
        change = change + rebate.to_numpy()
    return pd.Series(change, index=margin.index.copy(), name="profit_change")
