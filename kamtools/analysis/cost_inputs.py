"""From invoice lines and cost-driver rows to the table :func:`kamtools.customer_profit` prices.

:func:`profit_inputs` adds up, per customer (or per customer and calendar year with
``by="year"``), the revenue and cost of goods of the invoice lines and the counts of the
cost drivers (orders, deliveries, returns, support hours, ...) and the year-end rebates.
It is the one path from raw tables to profit: :func:`kamtools.yearly_profit` and
:func:`kamtools.account_history` are built on it, so a bad line is treated the same way
everywhere: a line without a customer id is left out and counted (a warning, or the
report of ``report=True``); anything else that cannot be added up is an error that names
the table, the column and the row.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from .._validate import check_columns, plain
from ..errors import (
    DataError,
    EmptyDataError,
    KamtoolsWarning,
    NegativeValuesError,
    ParameterError,
    WrongTypeError,
)
from .transactions import _missing_ids

__all__ = ["ProfitInputs", "profit_inputs"]

_REBATE = "rebate"  # default name of the rebate column


# ---------------------------------------------------------------------------------------
# From transaction lines and cost-driver rows to one row per customer
# ---------------------------------------------------------------------------------------
def _driver_names(drivers: Any) -> list[Hashable]:
    """The cost-driver column names given as a list or as the keys of a mapping."""
    if drivers is None:
        raise ParameterError(
            "`drivers` is required: pass the cost-driver columns to add up, e.g. "
            "['orders', 'deliveries'], or the cost rates themselves (their keys are used), "
            "e.g. drivers=COST_RATES; but None was passed."
        )
    if isinstance(drivers, (str, bytes)):
        raise WrongTypeError(
            f"`drivers` must be a list of column names or a mapping of them to cost rates, "
            f"but the text {drivers!r} was passed; for one column write drivers=[{drivers!r}]."
        )
    if isinstance(drivers, pd.Series):
        names = list(drivers.index)
    elif isinstance(drivers, Mapping):
        names = list(drivers)
    elif isinstance(drivers, Iterable):
        names = list(drivers)
    else:
        raise WrongTypeError(
            "`drivers` must be a list of column names or a mapping of them to cost rates, "
            f"but {drivers!r} was passed."
        )
    for name in names:
        if not isinstance(name, Hashable):
            raise WrongTypeError(f"`drivers` must hold column names, but it holds {name!r}.")
    seen: set[Hashable] = set()
    for name in names:
        if name in seen:
            raise ParameterError(f"`drivers` names the column {name!r} twice: {names!r}.")
        if name in ("revenue", "cost_of_goods"):
            raise ParameterError(
                f"`drivers` cannot hold {name!r}: that is a column of the result; rename the "
                f"cost-driver column first. {names!r} was passed."
            )
        seen.add(name)
    return names


def _row_numbers(frame: pd.DataFrame, column: Hashable, table: str) -> np.ndarray:
    """The values of one column as floats; errors name the table, column and first bad row."""
    values = frame[column]
    if isinstance(values, pd.DataFrame):
        raise DataError(
            f"`{table}` has {values.shape[1]} columns named {column!r}; rename the repeated "
            "columns first."
        )
    label = f"{table}[{column!r}]"
    if pd.api.types.is_bool_dtype(values.dtype):
        raise WrongTypeError(f"`{label}` must hold numbers, but it holds True/False values.")
    if not pd.api.types.is_numeric_dtype(values.dtype):
        converted = pd.to_numeric(values, errors="coerce")
        bad = converted.isna().to_numpy() & values.notna().to_numpy()
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise WrongTypeError(
                f"`{label}` must hold numbers, but {int(bad.sum())} rows do not, e.g. row "
                f"{plain(frame.index[pos])!r} ({plain(values.iloc[pos])!r})."
            )
        values = converted
    arr = values.to_numpy(dtype=float, na_value=np.nan)
    not_finite = ~np.isfinite(arr)
    if not_finite.any():
        pos = int(np.flatnonzero(not_finite)[0])
        what = "missing (NaN)" if np.isnan(arr[pos]) else "infinite"
        raise DataError(
            f"`{label}` must have a number in every row, but {int(not_finite.sum())} rows are "
            f"missing or infinite, e.g. row {plain(frame.index[pos])!r} is {what}. Decide "
            f"what they mean first, e.g. {table}.fillna({{{column!r}: 0}})."
        )
    return arr


def _known_rows(frame: pd.DataFrame, customer: Hashable, table: str) -> np.ndarray:
    """Mask of the rows with a customer id (NaN, None, NA and blank text are missing)."""
    ids = frame[customer]
    if isinstance(ids, pd.DataFrame):
        raise DataError(
            f"`customer`={customer!r} names {ids.shape[1]} columns of `{table}`; rename the "
            "repeated columns first."
        )
    missing = _missing_ids(ids, blank=True)
    return np.ones(len(frame), dtype=bool) if missing is None else ~missing


@dataclass(frozen=True, eq=False)
class ProfitInputs:
    """The table of :func:`profit_inputs` and the report of what it left out.

    Returned by ``kt.profit_inputs(..., report=True)``.

    Attributes
    ----------
    table : DataFrame
        One row per customer, exactly what ``kt.profit_inputs(...)`` returns.
    left_out_lines : int
        Transaction lines without a customer id (they cannot be given to anyone).
    left_out_revenue : float
        The sum of the revenue of those lines (amounts that are numbers).
    left_out_cost_driver_rows : int
        Cost-driver rows without a customer id.
    customers_without_transactions : tuple
        Ids of the customers with cost-driver rows but no transaction line (with
        ``by="year"``: (id, year) pairs); their revenue and cost of goods are 0.

    Examples
    --------
    >>> import pandas as pd
    >>> import kamtools as kt
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", None], "amount": [10.0, 4.0], "cost_of_goods": [6.0, 3.0],
    ... })
    >>> work = pd.DataFrame({"customer_id": ["A", "B"], "orders": [1, 2]})
    >>> result = kt.profit_inputs(lines, work, drivers=["orders"], report=True)
    >>> result.left_out_lines, result.left_out_revenue, result.customers_without_transactions
    (1, 4.0, ('B',))
    """

    table: pd.DataFrame
    left_out_lines: int
    left_out_revenue: float
    left_out_cost_driver_rows: int
    customers_without_transactions: tuple[Any, ...]


@overload
def profit_inputs(
    transactions: pd.DataFrame,
    cost_drivers: pd.DataFrame,
    *,
    drivers: Iterable[Hashable] | Mapping[Any, Any],
    customer: Hashable = ...,
    revenue: Hashable = ...,
    cost_of_goods: Hashable = ...,
    rebate: Hashable | None = ...,
    by: Literal["year"] | None = ...,
    date: Hashable = ...,
    year: Hashable = ...,
    report: Literal[False] = ...,
) -> pd.DataFrame: ...


@overload
def profit_inputs(
    transactions: pd.DataFrame,
    cost_drivers: pd.DataFrame,
    *,
    drivers: Iterable[Hashable] | Mapping[Any, Any],
    customer: Hashable = ...,
    revenue: Hashable = ...,
    cost_of_goods: Hashable = ...,
    rebate: Hashable | None = ...,
    by: Literal["year"] | None = ...,
    date: Hashable = ...,
    year: Hashable = ...,
    report: Literal[True],
) -> ProfitInputs: ...


def profit_inputs(
    transactions: pd.DataFrame,
    cost_drivers: pd.DataFrame,
    *,
    drivers: Iterable[Hashable] | Mapping[Any, Any],
    customer: Hashable = "customer_id",
    revenue: Hashable = "amount",
    cost_of_goods: Hashable = "cost_of_goods",
    rebate: Hashable | None = "rebate",
    by: Literal["year"] | None = None,
    date: Hashable = "date",
    year: Hashable = "year",
    report: bool = False,
) -> pd.DataFrame | ProfitInputs:
    """Add up transaction lines and cost-driver rows into one row per customer (or year).

    The result is what :func:`customer_profit` needs: each customer's revenue, cost of
    goods and cost-driver counts (orders, deliveries, returns, support hours, ...).

    Parameters
    ----------
    transactions : DataFrame
        One row per invoice or credit-note line, with the customer id, the line amount
        and its cost of goods (negative on credit notes).
    cost_drivers : DataFrame
        Rows of cost-driver counts, e.g. one per customer and year (Vistula's
        ``vistula_cost_to_serve``). Every customer of `transactions` needs at least one
        row here (a row of zeros if serving it cost nothing).
    drivers : list of column names, or mapping
        Required. The cost-driver columns of `cost_drivers` to add up. A mapping such as
        the cost rates ``kt.vistula.COST_RATES`` may be passed: its keys are used.
        An empty list gives no driver columns. The rebate is not a driver (see
        `rebate`).
    customer : column name, default "customer_id"
        Column with the customer id, in both tables.
    revenue, cost_of_goods : column name, default "amount", "cost_of_goods"
        Columns of `transactions` with each line's revenue and cost of goods.
    rebate : column name or None, default "rebate"
        Column of `cost_drivers` with the rebates paid (PLN, >= 0), e.g. ``rebate`` of
        ``vistula_cost_to_serve``. When `cost_drivers` has it, it is added up too and
        becomes the last column of the result, which :func:`customer_profit` then
        subtracts from the profit. A name other than the default must be a column;
        ``None`` leaves rebates out.
    by : None or "year", default None
        ``None`` gives one row per customer. ``"year"`` gives one row per customer and
        calendar year: each line counts in the year of its `date`, each cost-driver row
        in its `year`; this is what :func:`kamtools.yearly_profit` prices.
    date : column name, default "date"
        With ``by="year"``: the column of `transactions` with each line's date (dates).
    year : column name, default "year"
        With ``by="year"``: the column of `cost_drivers` with the year of each row (whole
        numbers); one row per customer and year.
    report : bool, default False
        ``True`` returns a :class:`ProfitInputs`: the table together with the rows left
        out for want of a customer id and the customers without transactions. Without
        it, rows left out raise a :class:`kamtools.KamtoolsWarning` that counts them.

    Returns
    -------
    DataFrame or ProfitInputs
        One row per customer of `cost_drivers`, indexed by customer id (index name =
        `customer`; with ``by="year"`` a (customer, year) MultiIndex), sorted, with the columns ``revenue``, ``cost_of_goods``, the
        `drivers` in the order given and, if there is one, the `rebate` column, all
        float; its ``attrs`` are empty. With ``report=True``, a :class:`ProfitInputs`
        whose ``table`` is that DataFrame.

    Raises
    ------
    WrongTypeError
        A table is not a DataFrame, `drivers` is not a list or mapping of column names,
        a column holds something other than numbers, or `report` is not True or False.
    ParameterError
        `drivers` is missing, repeats a column or names "revenue" or "cost_of_goods".
    ParameterError
        `by` is neither None nor "year".
    DataError
        A named column is missing or repeated; a value is missing (NaN) or infinite in
        a row with a customer id; a customer of `transactions` has no row in
        `cost_drivers`. With ``by="year"``: a line has no date, a year is not whole, a
        (customer, year) appears twice in `cost_drivers`, or a customer has lines in a
        year with no cost-driver row.
    NegativeValuesError
        A cost-driver count or a rebate is negative.
    EmptyDataError
        A table has no row with a customer id.

    Notes
    -----
    Every row of a table is added to its customer: filter the years first (e.g.
    ``lines[lines["date"].dt.year == 2025]`` and ``drivers[drivers["year"] == 2025]``)
    to look at one year. Credit notes (negative amounts and cost of goods) reduce the
    customer's totals. Rows without a customer id (NaN, None, NA or blank text) are left
    out (counted with ``report=True``, or a warning); nothing else is dropped or filled, except the
    revenue and cost of goods of a customer with cost-driver rows but no transactions,
    which are 0 (listed with ``report=True``). The tables are not changed.

    Examples
    --------
    >>> import pandas as pd
    >>> import kamtools as kt
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", "B", "A", "B"],
    ...     "amount": [1000.0, 400.0, -100.0, 200.0],
    ...     "cost_of_goods": [700.0, 300.0, -70.0, 150.0],
    ... })
    >>> work = pd.DataFrame({
    ...     "customer_id": ["A", "B", "B"],
    ...     "year": [2025, 2024, 2025],
    ...     "orders": [2, 5, 7],
    ...     "returns": [1, 0, 2],
    ... })
    >>> kt.profit_inputs(lines, work, drivers=["orders", "returns"])
                 revenue  cost_of_goods  orders  returns
    customer_id
    A              900.0          630.0     2.0      1.0
    B              600.0          450.0    12.0      2.0

    With a rebate column, the rebates are added up too and the profit subtracts them
    (B: 600 - 450 - 12 * 10 - (0 + 40) = -10):

    >>> work["rebate"] = [0.0, 0.0, 40.0]
    >>> inputs = kt.profit_inputs(lines, work, drivers=["orders"])
    >>> inputs["rebate"].tolist()
    [0.0, 40.0]
    >>> kt.customer_profit(inputs, cost_rates={"orders": 10.0})["profit"].tolist()
    [250.0, -10.0]
    """
    if not isinstance(report, bool):
        raise WrongTypeError(f"`report` must be True or False, but {report!r} was passed.")
    if by is not None and by != "year":
        raise ParameterError(
            "`by` must be None (one row per customer) or 'year' (one row per customer and "
            f"year), but {by!r} was passed."
        )
    names = _driver_names(drivers)
    if by == "year":
        check_columns(transactions, {"date": date}, name="transactions")
        check_columns(cost_drivers, {"year": year}, name="cost_drivers")
    check_columns(
        transactions,
        {"customer": customer, "revenue": revenue, "cost_of_goods": cost_of_goods},
        name="transactions",
    )
    check_columns(cost_drivers, {"customer": customer}, name="cost_drivers")
    for name in names:
        if name not in cost_drivers.columns:
            raise DataError(
                f"`drivers` names the column {name!r}, which is not a column of "
                f"`cost_drivers`; its columns are {list(cost_drivers.columns)!r}."
            )
    if rebate is not None and not isinstance(rebate, Hashable):
        raise WrongTypeError(f"`rebate` must be a column name or None, but {rebate!r} was passed.")
    with_rebate = rebate is not None and rebate in cost_drivers.columns and rebate not in names
    if rebate is not None and rebate != _REBATE and rebate not in cost_drivers.columns:
        raise DataError(
            f"`rebate`={rebate!r} is not a column of `cost_drivers`; its columns are "
            f"{list(cost_drivers.columns)!r}. Pass rebate=None if there is no rebate."
        )
    if with_rebate and rebate in ("revenue", "cost_of_goods"):
        raise ParameterError(
            f"`rebate` cannot be {rebate!r}: that is a column of the result; rename the "
            "rebate column first."
        )

    known = _known_rows(transactions, customer, "transactions")
    lines = transactions[known]
    if lines.empty:
        raise EmptyDataError(
            f"`transactions` has no line with a customer id (column {customer!r}): of "
            f"{len(transactions)} lines, none can be given to a customer."
        )
    sales = (
        pd.DataFrame(
            {
                "revenue": _row_numbers(lines, revenue, "transactions"),
                "cost_of_goods": _row_numbers(lines, cost_of_goods, "transactions"),
            },
            index=lines.index,
        )
        .groupby(
            _keys(
                lines, customer, by, _years(lines, date, "transactions").to_numpy() if by else None
            ),
            sort=True,
        )
        .sum()
    )

    known_rows = _known_rows(cost_drivers, customer, "cost_drivers")
    rows = cost_drivers[known_rows]
    if rows.empty:
        raise EmptyDataError(
            f"`cost_drivers` has no row with a customer id (column {customer!r}): of "
            f"{len(cost_drivers)} rows, none can be given to a customer."
        )
    counts = {}
    for j, name in enumerate(names):  # one pass per driver column, not per row
        values = _row_numbers(rows, name, "cost_drivers")
        negative = values < 0
        if negative.any():
            pos = int(np.flatnonzero(negative)[0])
            raise NegativeValuesError(
                f"`cost_drivers[{name!r}]` counts units of a cost driver and cannot be "
                f"negative, but {int(negative.sum())} rows are, e.g. row "
                f"{plain(rows.index[pos])!r} ({plain(values[pos])!r})."
            )
        counts[j] = values
    columns = list(names)
    if with_rebate:
        paid = _row_numbers(rows, rebate, "cost_drivers")
        negative = paid < 0
        if negative.any():
            pos = int(np.flatnonzero(negative)[0])
            raise NegativeValuesError(
                f"`cost_drivers[{rebate!r}]` is a rebate paid to the customer and cannot be "
                f"negative, but {int(negative.sum())} rows are, e.g. row "
                f"{plain(rows.index[pos])!r} ({plain(paid[pos])!r})."
            )
        counts[len(names)] = paid
        columns.append(rebate)
    row_years = _driver_years(rows, year) if by else None
    keys = _keys(rows, customer, by, row_years)
    work = pd.DataFrame(counts, index=rows.index).groupby(keys, sort=True).sum()
    if by and len(work) < len(rows):
        twice = pd.MultiIndex.from_arrays(keys)
        repeated = twice[twice.duplicated()].unique()
        raise DataError(
            f"`cost_drivers` must have one row per customer and year, but {len(repeated)} "
            f"appear more than once: {_listed(repeated)}."
        )
    work = work.reindex(columns=range(len(columns)))  # an empty `drivers` gives no columns
    work.columns = pd.Index(columns, dtype=object)

    no_drivers = sales.index.difference(work.index, sort=False)
    if len(no_drivers) and by:
        raise DataError(
            f"`cost_drivers` has no row for {len(no_drivers)} (customer, year) pairs that "
            f"have transaction lines: {_listed(no_drivers)}. Add them (with zero counts if "
            "serving them really cost nothing) so that no cost to serve is left out."
        )
    if len(no_drivers):
        raise DataError(
            f"`cost_drivers` has no row for {len(no_drivers)} customers of `transactions`, "
            f"e.g. customer {plain(no_drivers[0])!r}; their cost to serve is unknown. Add "
            "a row of zeros for a customer that truly cost nothing to serve."
        )
    ids = work.index
    without_sales = ids.difference(sales.index, sort=False)
    result = pd.concat([sales.reindex(ids, fill_value=0.0), work.astype(float)], axis=1)
    result.index.names = [customer, year] if by else [customer]
    left_lines = ~known
    if not report:
        if left_lines.any() or not known_rows.all():
            warnings.warn(
                f"kt.profit_inputs left out {int(left_lines.sum())} transaction lines and "
                f"{int((~known_rows).sum())} cost-driver rows without a customer id (column "
                f"{customer!r}); pass report=True to count them, or give them an id.",
                KamtoolsWarning,
                stacklevel=2,
            )
        return result
    return ProfitInputs(
        table=result,
        left_out_lines=int(left_lines.sum()),
        left_out_revenue=float(
            np.nansum(pd.to_numeric(transactions[revenue][left_lines], errors="coerce"))
        ),
        left_out_cost_driver_rows=int((~known_rows).sum()),
        customers_without_transactions=tuple(
            tuple(plain(x) for x in c) if by else plain(c) for c in without_sales
        ),
    )


def _keys(
    frame: pd.DataFrame, customer: Hashable, by: str | None, years: np.ndarray | None
) -> list[Any]:
    """What to group the rows by: the customer, or the customer and the year."""
    if by is None:
        return [frame[customer]]
    return [frame[customer].to_numpy(), years]


def _years(data: pd.DataFrame, date: Hashable, name: str) -> pd.Series:
    """The calendar year of every row of ``data[date]``, which must hold dates, one each.

    Shared with :mod:`kamtools.analysis.accounts` (wallet_table): one rule for a line's year.
    """
    column = data[date]
    if not pd.api.types.is_datetime64_any_dtype(column.dtype):
        raise WrongTypeError(
            f"`date`={date!r} must be a column of dates in `{name}`, but it holds "
            f"{column.dtype} values, e.g. {plain(column.iloc[0]) if len(column) else None!r}; "
            f"convert it first with pd.to_datetime({name}[{date!r}])."
        )
    missing = column.isna().to_numpy()
    if missing.any():
        pos = int(np.flatnonzero(missing)[0])
        raise DataError(
            f"`{name}[{date!r}]` has {int(missing.sum())} lines without a date, e.g. row "
            f"{plain(data.index[pos])!r}; every line needs a date to be given a year."
        )
    return column.dt.year.rename("year")


def _driver_years(rows: pd.DataFrame, year: Hashable) -> np.ndarray:
    """The year of every cost-driver row, as whole numbers."""
    values = _row_numbers(rows, year, "cost_drivers")
    if not (values == np.round(values)).all():
        raise DataError(f"`cost_drivers[{year!r}]` must hold whole years such as 2025.")
    return values.astype(int)


def _listed(keys: pd.Index, limit: int = 3) -> str:
    shown = ", ".join(repr(tuple(plain(x) for x in key)) for key in keys[:limit])
    return shown + (", ..." if len(keys) > limit else "")
