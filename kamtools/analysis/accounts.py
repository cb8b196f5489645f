"""One key account in numbers: the facts an account plan starts from.

An account plan begins by benchmarking the account: how its revenue and its profit
after the cost to serve developed, what weight it has in our business, and how much of
its spend on our categories we already win. These functions build those tables from
transaction lines, yearly counts of cost drivers and wallet estimates, such as the
Vistula tables ``vistula_transactions``, ``vistula_cost_to_serve`` and
``vistula_wallets``.

- :func:`yearly_profit`: revenue, cost of goods, cost to serve, rebate and profit per
  customer and year (activity-based costing, computed by :func:`kamtools.customer_profit`);
- :func:`account_history`: one account year by year, with its growth, its rank and its
  share of our revenue and profit;
- :func:`wallet_table`: our revenue, the estimated wallet, share of wallet and
  whitespace per customer and category in one year (wallets may be estimated year by
  year), with flags for estimates that cannot be right.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Hashable, Mapping
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd

from .._validate import check_columns, plain
from ..errors import DataError, EmptyDataError, KamtoolsWarning, ParameterError, WrongTypeError
from .cost_inputs import _listed, _years, profit_inputs
from .portfolio import share_of_wallet, whitespace
from .profitability import _check_rates, customer_profit

__all__ = ["account_history", "wallet_table", "yearly_profit"]

_HISTORY_COLUMNS = [
    "revenue",
    "cost_of_goods",
    "gross_margin",
    "cost_to_serve",
    "profit",
    "profit_margin",
    "revenue_growth",
    "revenue_rank",
    "share_of_revenue",
    "share_of_profit",
]
_WALLET_COLUMNS = [
    "revenue",
    "wallet",
    "share_of_wallet",
    "whitespace",
    "wallet_unknown",
    "wallet_below_revenue",
    "credits_exceed_sales",
]


# ---------------------------------------------------------------------------------------
# Shared checks
# ---------------------------------------------------------------------------------------
def _no_missing(data: pd.DataFrame, column: Hashable, name: str, what: str) -> None:
    missing = data[column].isna().to_numpy()
    if missing.any():
        pos = int(np.flatnonzero(missing)[0])
        raise DataError(
            f"`{name}[{column!r}]` has {int(missing.sum())} lines without {what}, e.g. row "
            f"{plain(data.index[pos])!r}. Nothing is left out silently: fix or remove "
            "those lines first."
        )


def _numbers(data: pd.DataFrame, column: Hashable, name: str) -> pd.Series:
    values = data[column]
    if values.dtype == bool or not pd.api.types.is_numeric_dtype(values.dtype):
        raise WrongTypeError(
            f"`{name}[{column!r}]` must hold numbers, but it holds {values.dtype} values."
        )
    _no_missing(data, column, name, "a value")
    arr = values.to_numpy(dtype=float)
    infinite = np.isinf(arr)
    if infinite.any():
        pos = int(np.flatnonzero(infinite)[0])
        raise DataError(
            f"`{name}[{column!r}]` has {int(infinite.sum())} infinite values, e.g. row "
            f"{plain(data.index[pos])!r}."
        )
    return values.astype(float)


# ---------------------------------------------------------------------------------------
# Profit per customer and year
# ---------------------------------------------------------------------------------------
def yearly_profit(
    transactions: pd.DataFrame,
    cost_drivers: pd.DataFrame,
    *,
    cost_rates: Mapping[Any, float],
    customer: Hashable = "customer_id",
    date: Hashable = "date",
    amount: Hashable = "amount",
    cost_of_goods: Hashable = "cost_of_goods",
    year: Hashable = "year",
    rebate: Hashable | None = "rebate",
) -> pd.DataFrame:
    """Compute every customer's profit after the cost to serve, year by year.

    Parameters
    ----------
    transactions : DataFrame
        One row per invoice or credit-note line, with the columns named by `customer`,
        `date` (dates), `amount` and `cost_of_goods` (negative on credit notes).
    cost_drivers : DataFrame
        One row per customer and year, with the columns named by `customer` and `year`
        (whole numbers) and one column per cost driver named in `cost_rates` (orders,
        deliveries, rush orders, returns, support hours, ...).
    cost_rates : mapping of column name to float
        Cost per unit of each driver, as for :func:`kamtools.customer_profit`; e.g.
        ``kt.vistula.COST_RATES`` for Vistula.
    customer, date, amount, cost_of_goods, year : column names
        Default ``"customer_id"``, ``"date"``, ``"amount"``, ``"cost_of_goods"``,
        ``"year"``.
    rebate : column name or None, default "rebate"
        Column of `cost_drivers` with the year-end rebate paid for that year (PLN,
        >= 0). When `cost_drivers` has it, it is subtracted from the profit exactly as
        :func:`kamtools.customer_profit` does; a name other than the default must be
        a column; ``None`` ignores rebates.

    Returns
    -------
    DataFrame
        Indexed by (customer, year), sorted, with the columns of
        :func:`kamtools.customer_profit`: ``revenue``, ``cost_of_goods``,
        ``gross_margin``, ``cost_to_serve``, (``rebate``, when there is one),
        ``profit`` and ``profit_margin``.

    Raises
    ------
    WrongTypeError
        An input is not a DataFrame, `date` does not hold dates, or an amount, cost or
        year column holds something other than numbers.
    DataError
        A named column is missing; a line with a customer has no date, amount or cost; a
        customer and year appear twice in `cost_drivers`; or a customer has lines in a
        year for which `cost_drivers` has no row (the message lists them).
    ParameterError, NegativeValuesError
        As :func:`kamtools.customer_profit` (bad rates, negative counts or a negative
        net cost of goods).

    Notes
    -----
    Each line counts in the calendar year of its date; a credit note therefore reduces
    the year it is dated in. Per customer and year::

        revenue       = sum of amount
        cost_of_goods = sum of cost_of_goods
        cost_to_serve = sum over drivers of (count * rate)
        profit        = revenue - cost_of_goods - cost_to_serve - rebate

    The table is ``kt.profit_inputs(..., by="year")`` priced by
    :func:`kamtools.customer_profit`: the same path as the profit per customer, so bad
    lines are treated the same way (a line without a customer id is left out with a
    :class:`kamtools.KamtoolsWarning`; ``kt.profit_inputs(..., by="year", report=True)``
    counts them) and both give the same profit for the same figures. A year with
    cost drivers but no lines is kept with revenue 0 (serving the customer cost money
    that year). A year with lines but no cost drivers is an error rather
    than a cost to serve of 0, which would flatter the customer.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.analysis.accounts import yearly_profit
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B"],
    ...     "date": pd.to_datetime(["2024-03-01", "2025-05-02", "2025-06-03"]),
    ...     "amount": [1000.0, 1200.0, 500.0],
    ...     "cost_of_goods": [800.0, 900.0, 450.0],
    ... })
    >>> drivers = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B"], "year": [2024, 2025, 2025], "orders": [1, 2, 3],
    ... })
    >>> yearly_profit(lines, drivers, cost_rates={"orders": 50.0})["profit"]
    customer_id  year
    A            2024    150.0
                 2025    200.0
    B            2025    -100.0
    Name: profit, dtype: float64
    """
    # The columns are checked under this function's own names (`amount`, not `revenue`).
    check_columns(
        transactions,
        {"customer": customer, "date": date, "amount": amount, "cost_of_goods": cost_of_goods},
        name="transactions",
    )
    check_columns(cost_drivers, {"customer": customer, "year": year}, name="cost_drivers")
    rates = _check_rates(cost_rates)
    for name in rates:
        if name not in cost_drivers.columns:
            raise DataError(
                f"`cost_rates` names the cost driver {name!r}, which is not a column of "
                f"`cost_drivers`; its columns are {list(cost_drivers.columns)!r}."
            )
    inputs = profit_inputs(
        transactions,
        cost_drivers,
        drivers=rates,
        customer=customer,
        revenue=amount,
        cost_of_goods=cost_of_goods,
        rebate=rebate,
        by="year",
        date=date,
        year=year,
    )
    return customer_profit(inputs, cost_rates=rates, rebate=rebate)


# ---------------------------------------------------------------------------------------
# One account, year by year
# ---------------------------------------------------------------------------------------
def account_history(
    transactions: pd.DataFrame,
    cost_drivers: pd.DataFrame,
    account: Hashable,
    *,
    cost_rates: Mapping[Any, float],
    customer: Hashable = "customer_id",
    date: Hashable = "date",
    amount: Hashable = "amount",
    cost_of_goods: Hashable = "cost_of_goods",
    year: Hashable = "year",
    rebate: Hashable | None = "rebate",
) -> pd.DataFrame:
    """Summarise one account year by year: revenue, profit after cost to serve, weight.

    Parameters
    ----------
    transactions, cost_drivers : DataFrame
        Every customer's lines and yearly cost drivers, as for :func:`yearly_profit`
        (all customers are needed for the shares and the rank).
    account : customer id
        The account to summarise, a customer id such as ``"V0001"``.
    cost_rates : mapping of column name to float
        Cost per unit of each driver, as for :func:`yearly_profit`.
    customer, date, amount, cost_of_goods, year, rebate : column names
        As for :func:`yearly_profit` (the rebate is subtracted when `cost_drivers` has
        the column).

    Returns
    -------
    DataFrame
        One row per year of the data (index ``year``, ascending) with the columns
        ``revenue``, ``cost_of_goods``, ``gross_margin``, ``cost_to_serve``,
        (``rebate``, when there is one), ``profit``, ``profit_margin`` (see
        :func:`yearly_profit`), and

        - ``revenue_growth``: revenue / last year's revenue - 1;
        - ``revenue_rank``: 1 for the customer with the most revenue that year;
        - ``share_of_revenue``: the account's revenue / all customers' revenue;
        - ``share_of_profit``: the account's profit / all customers' profit (negative
          for a loss-making account).

    Raises
    ------
    ParameterError
        `account` is not a customer of `cost_drivers` (the closest id is suggested).
    WrongTypeError, DataError, NegativeValuesError
        As :func:`yearly_profit`.

    Notes
    -----
    The years are those of the whole data, so an account that arrived late or left
    shows revenue 0 in the other years. Undefined ratios are NaN, never 0 or infinite:
    ``revenue_growth`` in the first year or after a year with revenue 0 or below;
    ``profit_margin`` without revenue; ``share_of_profit`` when the total profit of all
    customers is 0 or negative; ``revenue_rank`` in a year without revenue. Ties in
    rank share the best place (rank method "min").

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.analysis.accounts import account_history
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B", "B"],
    ...     "date": pd.to_datetime(["2024-03-01", "2025-05-02", "2024-01-09", "2025-06-03"]),
    ...     "amount": [1000.0, 1500.0, 3000.0, 500.0],
    ...     "cost_of_goods": [800.0, 1200.0, 2000.0, 450.0],
    ... })
    >>> drivers = pd.DataFrame({"customer_id": ["A", "A", "B", "B"],
    ...                         "year": [2024, 2025, 2024, 2025], "orders": [1, 2, 2, 3]})
    >>> history = account_history(lines, drivers, "A", cost_rates={"orders": 50.0})
    >>> history[["revenue", "profit", "revenue_growth", "revenue_rank"]]
          revenue  profit  revenue_growth  revenue_rank
    year
    2024   1000.0   150.0             NaN           2.0
    2025   1500.0   200.0             0.5           1.0
    >>> history["share_of_revenue"].round(4).tolist()  # 1000 / 4000, 1500 / 2000
    [0.25, 0.75]
    """
    profits = yearly_profit(
        transactions,
        cost_drivers,
        cost_rates=cost_rates,
        customer=customer,
        date=date,
        amount=amount,
        cost_of_goods=cost_of_goods,
        year=year,
        rebate=rebate,
    )
    customers = profits.index.get_level_values(0)
    if account not in set(customers):
        known = [str(c) for c in customers.unique()]
        close = difflib.get_close_matches(str(account), known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ParameterError(
            f"`account` must be a customer id of the data, such as {known[0]!r}, but "
            f"{account!r} was passed.{hint}"
        )
    years = profits.index.get_level_values(1)
    all_years = pd.Index(sorted(years.unique()), name="year")
    totals = profits[["revenue", "profit"]].groupby(years).sum().reindex(all_years)
    mine = profits.xs(account, level=0)
    mine = mine.reindex(all_years).fillna(
        {
            "revenue": 0.0,
            "cost_of_goods": 0.0,
            "gross_margin": 0.0,
            "cost_to_serve": 0.0,
            **({"rebate": 0.0} if "rebate" in mine.columns else {}),
        }
    )
    mine["profit"] = mine["profit"].fillna(0.0)

    revenue = mine["revenue"].to_numpy()
    previous = np.concatenate(([np.nan], revenue[:-1]))
    growth = np.divide(
        revenue - previous, previous, out=np.full(len(revenue), np.nan), where=previous > 0
    )
    ranks = profits["revenue"].groupby(years).rank(ascending=False, method="min")
    rank = ranks.xs(account, level=0).reindex(all_years)
    rank = rank.where(mine["revenue"] > 0)
    total_profit = totals["profit"].to_numpy()
    share_of_profit = np.divide(
        mine["profit"].to_numpy(),
        total_profit,
        out=np.full(len(total_profit), np.nan),
        where=total_profit > 0,
    )
    total_revenue = totals["revenue"].to_numpy()
    share_of_revenue = np.divide(
        revenue, total_revenue, out=np.full(len(revenue), np.nan), where=total_revenue > 0
    )
    history = mine.assign(
        revenue_growth=growth,
        revenue_rank=rank.to_numpy(dtype=float),
        share_of_revenue=share_of_revenue,
        share_of_profit=share_of_profit,
    )
    history.index.name = "year"
    columns = list(_HISTORY_COLUMNS)
    if "rebate" in history.columns:
        columns.insert(columns.index("profit"), "rebate")
    return history[columns]


# ---------------------------------------------------------------------------------------
# Share of wallet and whitespace per customer and category
# ---------------------------------------------------------------------------------------
def wallet_table(
    transactions: pd.DataFrame,
    wallets: pd.DataFrame,
    *,
    year: int | None = None,
    customer: Hashable = "customer_id",
    category: Hashable = "category",
    date: Hashable = "date",
    amount: Hashable = "amount",
    wallet: Hashable = "estimated_wallet",
    wallet_year: Hashable = "year",
) -> pd.DataFrame:
    """Compare our revenue with each customer's estimated spend, category by category.

    Parameters
    ----------
    transactions : DataFrame
        Invoice and credit-note lines with the columns named by `customer`,
        `category`, `date` (dates) and `amount`.
    wallets : DataFrame
        The estimated spend of each customer on each category from all suppliers
        (column `wallet`, >= 0; NaN where unknown): one row per customer and category,
        or, when it has the column `wallet_year` (as ``vistula_wallets`` does), one
        row per customer, category and year.
    year : int, optional
        The year to compare; only the lines dated in it count, and only the wallet
        rows of that year when `wallets` has years. Default: the latest year of
        `wallets` (of `transactions` when `wallets` has no year column).
    customer, category, date, amount, wallet : column names
        Default ``"customer_id"``, ``"category"``, ``"date"``, ``"amount"``,
        ``"estimated_wallet"``.
    wallet_year : column name, default "year"
        Column of `wallets` with the year of each estimate. Without it, the estimates
        are taken to be those of `year`.

    Returns
    -------
    DataFrame
        Indexed by (customer, category), sorted, one row for every pair that has a
        wallet row or lines in `year`, with the columns

        - ``revenue``: our net revenue in `year` (0 where we sold nothing);
        - ``wallet``: the estimate (NaN where unknown or missing);
        - ``share_of_wallet``: :func:`kamtools.share_of_wallet` (NaN for an unknown or
          zero wallet; above 1 where the wallet is below our revenue);
        - ``whitespace``: :func:`kamtools.whitespace` (NaN for an unknown or zero
          wallet; 0 where the wallet is below our revenue);
        - ``wallet_unknown``: True where there is no estimate;
        - ``wallet_below_revenue``: True where the estimate is below our revenue, so it
          cannot be right;
        - ``credits_exceed_sales``: True where credit notes dated in `year` exceed its
          sales (net revenue below 0).

    Raises
    ------
    WrongTypeError
        An input is not a DataFrame, `date` does not hold dates, `year` is not a whole
        number, or `amount` or `wallet` is not numeric.
    DataError
        A named column is missing, a line lacks a customer, category, date or amount,
        a customer and category appear twice in `wallets` (for the year), or `wallets`
        has years but none of them is `year`.
    EmptyDataError
        No line is dated in `year` (the message gives the years that have lines).
    NegativeValuesError
        A wallet is negative.

    Notes
    -----
    ``share_of_wallet = revenue / wallet`` and ``whitespace = max(0, wallet -
    revenue)``, computed with :func:`kamtools.share_of_wallet` and
    :func:`kamtools.whitespace`. Where credit notes exceed sales, the revenue column
    keeps the negative net value and the share and whitespace use 0 instead (flag
    ``credits_exceed_sales``). A pair with sales but no wallet row is kept with an
    unknown wallet. Unlike :func:`kamtools.share_of_wallet`, the table does not warn
    about wallets below our revenue: the flag columns mark every such row, so they can
    be counted and shown.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from kamtools.analysis.accounts import wallet_table
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B"], "category": ["tools", "tapes", "tools"],
    ...     "date": pd.to_datetime(["2025-02-03", "2025-03-04", "2025-05-06"]),
    ...     "amount": [200.0, 300.0, 900.0],
    ... })
    >>> wallets = pd.DataFrame({
    ...     "customer_id": ["A", "A", "B"], "category": ["tapes", "tools", "tools"],
    ...     "estimated_wallet": [np.nan, 1000.0, 800.0],
    ... })
    >>> table = wallet_table(lines, wallets, year=2025)
    >>> table[["revenue", "wallet", "share_of_wallet", "whitespace"]]
                          revenue  wallet  share_of_wallet  whitespace
    customer_id category
    A           tapes       300.0     NaN             NaN         NaN
                tools       200.0  1000.0            0.200       800.0
    B           tools       900.0   800.0            1.125         0.0
    >>> table["wallet_below_revenue"].tolist()
    [False, False, True]

    Wallets estimated year by year have a ``year`` column; the latest year is the
    default:

    >>> yearly = pd.concat([wallets.assign(year=2024), wallets.assign(year=2025)])
    >>> wallet_table(lines, yearly)["share_of_wallet"].tolist()
    [nan, 0.2, 1.125]
    """
    if year is not None and (isinstance(year, bool) or not isinstance(year, Integral)):
        raise WrongTypeError(
            f"`year` must be a whole number such as 2025, but {year!r} was passed."
        )
    check_columns(
        transactions,
        {"customer": customer, "category": category, "date": date, "amount": amount},
        name="transactions",
    )
    check_columns(
        wallets, {"customer": customer, "category": category, "wallet": wallet}, name="wallets"
    )
    for column, what in ((customer, "a customer id"), (category, "a category")):
        _no_missing(transactions, column, "transactions", what)
        _no_missing(wallets, column, "wallets", what)
    years = _years(transactions, date, "transactions")
    has_years = wallet_year in wallets.columns and wallet_year not in (customer, category, wallet)
    if has_years:
        estimate_years = _numbers(wallets, wallet_year, "wallets")
        if year is None:
            year = int(estimate_years.max())
        wallets = wallets[(estimate_years == int(year)).to_numpy()]
        if wallets.empty:
            present = sorted(int(y) for y in estimate_years.unique())
            raise DataError(
                f"`year`={year!r}: `wallets` has no estimate for that year; its column "
                f"{wallet_year!r} holds the years {present}."
            )
    elif year is None:
        if not len(years):
            raise EmptyDataError("`transactions` has no lines, so there is no year to compare.")
        year = int(years.max())
    year = int(year)
    amounts = _numbers(transactions, amount, "transactions")
    in_year = (years == year).to_numpy()
    if not in_year.any():
        present = sorted(int(y) for y in years.unique())
        raise EmptyDataError(
            f"`year`={year!r}: no line of `transactions` is dated in that year; the lines "
            f"cover the years {present}."
        )
    names = [customer, category]
    revenue = (
        amounts[in_year]
        .groupby(
            [
                transactions[customer].to_numpy()[in_year],
                transactions[category].to_numpy()[in_year],
            ]
        )
        .sum()
        .rename_axis(names)
    )

    estimates = wallets[wallet]
    if estimates.dtype == bool or not pd.api.types.is_numeric_dtype(estimates.dtype):
        raise WrongTypeError(
            f"`wallets[{wallet!r}]` must hold numbers (NaN where unknown), but it holds "
            f"{estimates.dtype} values."
        )
    estimates = estimates.astype(float).set_axis(
        pd.MultiIndex.from_frame(wallets[names].astype(object))
    )
    if not estimates.index.is_unique:
        repeated = estimates.index[estimates.index.duplicated()].unique()
        raise DataError(
            f"`wallets` must have one row per customer and category, but {len(repeated)} "
            f"pairs appear more than once: {_listed(repeated)}."
        )
    index = estimates.index.union(revenue.index).sort_values()
    index = index.set_names(names)
    net = revenue.reindex(index, fill_value=0.0).astype(float)
    estimate = estimates.reindex(index)
    counted = net.clip(lower=0.0)
    with warnings.catch_warnings():
        # Wallets below our revenue are reported in the column wallet_below_revenue.
        warnings.simplefilter("ignore", KamtoolsWarning)
        share = share_of_wallet(counted, estimate)
        space = whitespace(counted, estimate)
    table = pd.DataFrame(
        {
            "revenue": net.to_numpy(),
            "wallet": estimate.to_numpy(),
            "share_of_wallet": share.to_numpy(),
            "whitespace": space.to_numpy(),
            "wallet_unknown": estimate.isna().to_numpy(),
            "wallet_below_revenue": (estimate < counted).to_numpy(),
            "credits_exceed_sales": (net < 0).to_numpy(),
        },
        index=index,
        columns=_WALLET_COLUMNS,
    )
    return table
