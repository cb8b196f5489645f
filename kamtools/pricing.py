"""Pricing discipline and the client's numbers: what a key account manager checks.

Discounts given away line by line (*discount leakage*), the whole way from the list
price to the price the company keeps (*pocket-price waterfall*, Marn & Rosiello 1992),
the extra volume a discount must win back (*break-even volume*), how a price or volume
change moves operating profit (Marn & Rosiello 1992), how punctually the company
delivers (required vs shipped dates), and the key figures of a client's financial
statements (growth, margins, liquidity, days payable). All functions are pure: they
take numbers or DataFrames and return numbers, DataFrames or a small frozen result.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from ._validate import check_columns, check_number, descending_order, plain
from .errors import DataError, EmptyDataError, ParameterError, WrongTypeError

__all__ = [
    "PriceWaterfall",
    "break_even_volume",
    "delivery_punctuality",
    "discount_leakage",
    "key_figures",
    "late_orders",
    "price_waterfall",
    "price_waterfalls",
    "profit_change",
]

#: Label of the single row returned when no grouping column is given.
ALL = "all"

#: Columns :func:`key_figures` needs in the client's statements.
STATEMENT_COLUMNS = (
    "revenue",
    "cost_of_goods_sold",
    "operating_profit",
    "current_assets",
    "inventory",
    "current_liabilities",
    "trade_receivables",
    "trade_payables",
)


# ---------------------------------------------------------------------- input checks


def _row(frame: pd.DataFrame, mask: np.ndarray) -> str:
    """Describe the first row flagged by ``mask`` as "row <label>"."""
    return f"row {plain(frame.index[int(np.flatnonzero(mask)[0])])!r}"


def _numbers(frame: pd.DataFrame, column: Hashable, param: str) -> np.ndarray:
    """The values of ``frame[column]`` as finite floats; the error names ``param``."""
    raw = frame[column]
    if isinstance(raw, pd.DataFrame):
        raise DataError(
            f"`{param}`={column!r} names more than one column of the data; rename them."
        )
    label = f"`{param}` column {column!r}"
    if raw.dtype == bool:
        raise WrongTypeError(f"{label} must hold numbers, but it holds True/False values.")
    values = (
        raw if pd.api.types.is_numeric_dtype(raw.dtype) else pd.to_numeric(raw, errors="coerce")
    )
    bad = (values.isna() & raw.notna()).to_numpy()
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        raise WrongTypeError(
            f"{label} must hold numbers, but {int(bad.sum())} entries are not, e.g. "
            f"{_row(frame, bad)} ({plain(raw.iloc[pos])!r})."
        )
    arr = values.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(arr)
    if missing.any():
        raise DataError(
            f"{label} has {int(missing.sum())} missing (NaN) values, e.g. {_row(frame, missing)}. "
            "Decide what they mean first (e.g. `.fillna(0)`) or leave those rows out."
        )
    infinite = np.isinf(arr)
    if infinite.any():
        raise DataError(
            f"{label} has {int(infinite.sum())} infinite values, e.g. {_row(frame, infinite)}."
        )
    return arr


def _group_keys(frame: pd.DataFrame, by: Hashable | None) -> tuple[np.ndarray, Hashable | None]:
    """The group of every row (the single group ``"all"`` when ``by`` is None)."""
    if by is None:
        return np.full(len(frame), ALL, dtype=object), None
    keys = frame[by]
    if isinstance(keys, pd.DataFrame):
        raise DataError(f"`by`={by!r} names more than one column of the data; rename them.")
    missing = keys.isna().to_numpy()
    if missing.any():
        raise DataError(
            f"`by` column {by!r} has {int(missing.sum())} missing values, e.g. "
            f"{_row(frame, missing)}: every row needs a group. Fill them first, e.g. "
            f"`data[{by!r}].fillna('unknown')`."
        )
    return keys.to_numpy(), by


def _in_order(table: pd.DataFrame, key: np.ndarray) -> pd.DataFrame:
    """``table`` from the largest ``key`` to the smallest, ties by group id."""
    return table.iloc[descending_order(pd.Series(key, index=table.index))]


def _fraction_in(x: Any, name: str, *, low: float, high: float, low_open: bool) -> float:
    """``x`` as a float in (low, high] or [low, high]; the error names ``name``."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise WrongTypeError(f"`{name}` must be a number, but {x!r} was passed.")
    value = float(x)
    ok = (value > low if low_open else value >= low) and value <= high
    if math.isnan(value) or not ok:
        interval = f"{'(' if low_open else '['}{low:g}, {high:g}]"
        hint = f" Did you mean {value / 100:g}?" if 1 < value <= 100 else ""
        raise ParameterError(
            f"`{name}` must be a fraction in {interval}, e.g. 0.05 for 5%, but {x!r} was "
            f"passed.{hint}"
        )
    return value


# ------------------------------------------------------------------ discount leakage


def discount_leakage(
    lines: pd.DataFrame,
    *,
    by: Hashable | None = None,
    price: Hashable = "unit_price",
    quantity: Hashable = "quantity",
    discount: Hashable = "discount",
) -> pd.DataFrame:
    """Add up the revenue given away in discounts, per sales rep, customer or any group.

    Parameters
    ----------
    lines : DataFrame
        One row per order line, with the price before the discount, the quantity and
        the discount as a fraction (0.05 for 5%).
    by : column name, optional
        Column to group by, e.g. ``"employee_id"`` or ``"customer_id"``. None (default)
        gives one row, labelled ``"all"``, for all the lines together.
    price, quantity, discount : column names, default "unit_price", "quantity", "discount"
        Columns with the price per unit before the discount (>= 0), the units (negative
        for returns) and the discount (a fraction from 0 to 1).

    Returns
    -------
    DataFrame
        One row per group, indexed by the group (index name = `by`), from the group that
        gave away the most to the least (ties by group id), with the columns
        ``lines``, ``discounted_lines`` (lines with a discount above 0),
        ``list_revenue`` (price × quantity), ``discount_given`` (list revenue ×
        discount), ``net_revenue`` (list revenue - discount given), ``leakage_rate``
        (discount given / list revenue) and ``share_of_discounts`` (the group's share
        of all the discounts given).

    Raises
    ------
    WrongTypeError
        `lines` is not a DataFrame, or a price, quantity or discount is not a number.
    DataError
        A named column is missing; a price, quantity or discount is missing (NaN) or
        infinite; a price is negative; a discount lies outside [0, 1]; a row has no
        group in `by`.
    EmptyDataError
        `lines` has no rows.

    Notes
    -----
    Per line: ``list = price * quantity``, ``given = list * discount``, ``net = list -
    given``; the columns are sums over the group's lines, and ``leakage_rate = sum(given)
    / sum(list)``, the discount weighted by revenue (not the average of the discount
    column, which counts a 2-unit line as much as a 200-unit one). ``leakage_rate`` is
    NaN where a group's list revenue is 0; ``share_of_discounts`` is NaN when no
    discount was given at all. Nothing is dropped: a missing value or a line without a
    group raises an error naming the row. Discounts above 1 are refused (the message
    suggests dividing percentages by 100).

    The discount column is only the visible part of the price given away: rebates,
    free freight and payment terms leak too (Marn & Rosiello 1992, the "pocket price
    waterfall").

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.pricing import discount_leakage
    >>> lines = pd.DataFrame({
    ...     "rep": ["Ola", "Ola", "Jan", "Jan"],
    ...     "unit_price": [10.0, 20.0, 10.0, 5.0],
    ...     "quantity": [10, 5, 30, 20],
    ...     "discount": [0.0, 0.1, 0.2, 0.0],
    ... })
    >>> table = discount_leakage(lines, by="rep")
    >>> table[["list_revenue", "discount_given", "leakage_rate"]].round(3)
         list_revenue  discount_given  leakage_rate
    rep
    Jan         400.0            60.0          0.15
    Ola         200.0            10.0          0.05
    >>> round(float(discount_leakage(lines).loc["all", "leakage_rate"]), 4)  # 70 / 600
    0.1167
    """
    if not isinstance(lines, pd.DataFrame):
        raise WrongTypeError(
            "`lines` must be a pandas DataFrame with one row per order line, but "
            f"{type(lines).__name__} was passed."
        )
    columns = {"price": price, "quantity": quantity, "discount": discount}
    if by is not None:
        columns["by"] = by
    check_columns(lines, columns, name="lines")
    if len(lines) == 0:
        raise EmptyDataError("`lines` has no rows: there are no order lines to add up.")
    p = _numbers(lines, price, "price")
    q = _numbers(lines, quantity, "quantity")
    d = _numbers(lines, discount, "discount")
    negative = p < 0
    if negative.any():
        raise DataError(
            f"`price` column {price!r} must be >= 0 (the price before the discount), but "
            f"{int(negative.sum())} lines are negative, e.g. {_row(lines, negative)} "
            f"({float(p[negative][0])!r})."
        )
    outside = (d < 0) | (d > 1)
    if outside.any():
        worst = float(d[outside][0])
        hint = (
            " They look like percentages: divide the column by 100."
            if (d <= 100).all() and (d >= 0).all()
            else ""
        )
        raise DataError(
            f"`discount` column {discount!r} must hold fractions from 0 to 1 (0.05 for 5%), "
            f"but {int(outside.sum())} lines are outside, e.g. {_row(lines, outside)} "
            f"({worst!r}).{hint}"
        )
    keys, name = _group_keys(lines, by)
    list_value = p * q
    given = list_value * d
    parts = pd.DataFrame(
        {
            "lines": np.ones(len(lines), dtype=np.int64),
            "discounted_lines": (d > 0).astype(np.int64),
            "list_revenue": list_value,
            "discount_given": given,
            "net_revenue": list_value - given,
        }
    )
    table = parts.groupby(keys, sort=False).sum()
    table.index.name = name
    list_rev = table["list_revenue"].to_numpy()
    table["leakage_rate"] = np.divide(
        table["discount_given"].to_numpy(),
        list_rev,
        out=np.full(len(table), np.nan),
        where=list_rev != 0,
    )
    total = float(table["discount_given"].sum())
    table["share_of_discounts"] = table["discount_given"] / total if total != 0 else np.nan
    return _in_order(table, table["discount_given"].to_numpy())


# ------------------------------------------------------------- price, volume, profit


def break_even_volume(discount: float, margin: float) -> float:
    """Compute the extra volume a price discount must win to keep the same gross profit.

    Parameters
    ----------
    discount : float
        The price cut as a fraction of the old price, from 0 to below `margin`
        (0.05 for 5%).
    margin : float
        The margin before the discount as a fraction of the old price: (price -
        variable cost) / price, in (0, 1] (0.25 for 25%).

    Returns
    -------
    float
        The extra volume needed, as a fraction of today's volume (0.25 = 25% more
        units).

    Raises
    ------
    WrongTypeError
        An input is not a number.
    ParameterError
        `margin` is not in (0, 1], `discount` is not in [0, 1], or the discount is as
        large as the margin or larger (then no volume can make up for it).

    Notes
    -----
    Gross profit per unit falls from ``m`` to ``m - d`` (both as fractions of the old
    price), so the volume must grow by the factor ``m / (m - d)``; the *extra* volume is

        ``d / (m - d)``

    A 5% discount at a 20% margin needs 0.05 / 0.15 = 33% more units just to stand
    still. A discount equal to or above the margin sells every unit at or below its
    variable cost: the function raises an error instead of returning an infinite or
    negative number. A discount of 0 needs no extra volume (0.0).

    Examples
    --------
    >>> from kamtools.pricing import break_even_volume
    >>> round(break_even_volume(0.05, 0.20), 4)
    0.3333
    >>> round(break_even_volume(0.08, 0.25), 4)  # 0.08 / 0.17
    0.4706
    """
    m = _fraction_in(margin, "margin", low=0.0, high=1.0, low_open=True)
    d = _fraction_in(discount, "discount", low=0.0, high=1.0, low_open=False)
    if d >= m:
        raise ParameterError(
            f"`discount` must be smaller than `margin`, but discount {discount!r} and margin "
            f"{margin!r} were passed: every unit would then sell at or below its variable "
            "cost, and no extra volume can make up for that."
        )
    return d / (m - d)


def profit_change(
    *,
    price_change: float = 0.0,
    volume_change: float = 0.0,
    contribution_margin: float,
    operating_margin: float,
) -> float:
    """Compute the relative change in operating profit from a change in price and volume.

    Parameters
    ----------
    price_change : float, default 0.0
        Relative change of the price, above -1 (0.01 for +1%, -0.05 for a 5% discount).
    volume_change : float, default 0.0
        Relative change of the units sold, -1 or above (0.01 for +1%).
    contribution_margin : float
        (Revenue - variable costs) / revenue today, in (0, 1].
    operating_margin : float
        Operating profit / revenue today, in (0, `contribution_margin`] (the fixed
        costs make up the difference).

    Returns
    -------
    float
        The change in operating profit as a fraction of today's operating profit
        (0.111 = +11.1%).

    Raises
    ------
    WrongTypeError
        An input is not a number.
    ParameterError
        A margin is outside its range, the operating margin exceeds the contribution
        margin, the price change is -1 or below, or the volume change is below -1.

    Notes
    -----
    With revenue 1, variable costs ``1 - c`` and fixed costs ``c - o`` (``c`` the
    contribution margin, ``o`` the operating margin), a price change ``p`` and a
    volume change ``v`` change operating profit by ``p * (1 + v) + c * v``, so the
    relative change is

        ``(p * (1 + v) + c * v) / o``

    Margins of ``c`` = 0.30 and ``o`` = 0.09 reproduce what Marn & Rosiello (1992)
    reported for the average company of their sample: a 1% price rise lifts operating
    profit by about 11%, a 1% volume rise by about 3%. The operating margin must be
    positive: for a business at a
    loss a "relative change" has no meaning. Variable cost per unit and fixed costs are
    assumed not to change.

    Examples
    --------
    >>> from kamtools.pricing import profit_change
    >>> round(profit_change(price_change=0.01, contribution_margin=0.30, operating_margin=0.09), 3)
    0.111
    >>> round(profit_change(volume_change=0.01, contribution_margin=0.30, operating_margin=0.09), 3)
    0.033
    """
    c = _fraction_in(contribution_margin, "contribution_margin", low=0.0, high=1.0, low_open=True)
    o = _fraction_in(operating_margin, "operating_margin", low=0.0, high=1.0, low_open=True)
    if o > c:
        raise ParameterError(
            f"`operating_margin` cannot exceed `contribution_margin` (fixed costs are not "
            f"negative), but {operating_margin!r} and {contribution_margin!r} were passed."
        )
    p = check_number(price_change, "price_change")
    v = check_number(volume_change, "volume_change")
    if p <= -1:
        raise ParameterError(
            f"`price_change` must be above -1 (a price cannot fall by 100% or more), but "
            f"{price_change!r} was passed."
        )
    if v < -1:
        raise ParameterError(
            f"`volume_change` must be -1 or above (at most all the volume can be lost), but "
            f"{volume_change!r} was passed."
        )
    return (p * (1 + v) + c * v) / o


# -------------------------------------------------------------- delivery punctuality


def _dates(frame: pd.DataFrame, column: Hashable, param: str) -> pd.Series[pd.Timestamp]:
    values = frame[column]
    if isinstance(values, pd.DataFrame):
        raise DataError(
            f"`{param}`={column!r} names more than one column of the data; rename them."
        )
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        raise WrongTypeError(
            f"`{param}` column {column!r} must hold dates (datetime64), but its type is "
            f"{values.dtype}; convert it first with `pd.to_datetime(orders[{column!r}])`."
        )
    return values


def _days_late(
    orders: pd.DataFrame, required: Hashable, shipped: Hashable
) -> tuple[np.ndarray, np.ndarray]:
    """Days between required and shipped date (NaN if open), and the open-order mask."""
    due = _dates(orders, required, "required")
    sent = _dates(orders, shipped, "shipped")
    missing = due.isna().to_numpy()
    if missing.any():
        raise DataError(
            f"`required` column {required!r} has {int(missing.sum())} missing dates, e.g. "
            f"{_row(orders, missing)}: without a promised date punctuality cannot be measured."
        )
    days = ((sent - due) / pd.Timedelta(days=1)).to_numpy(dtype=float, na_value=np.nan)
    return days, sent.isna().to_numpy()


def delivery_punctuality(
    orders: pd.DataFrame,
    *,
    by: Hashable | None = None,
    required: Hashable = "required_date",
    shipped: Hashable = "shipped_date",
) -> pd.DataFrame:
    """Measure how many orders were shipped later than the customer required.

    Parameters
    ----------
    orders : DataFrame
        One row per order, with the date the customer required and the date it was
        shipped (missing for orders not shipped yet).
    by : column name, optional
        Column to group by, e.g. ``"ship_via"`` (the shipper) or ``"employee_id"``.
        None (default) gives one row, labelled ``"all"``.
    required, shipped : column names, default "required_date", "shipped_date"
        Columns of dates (datetime64).

    Returns
    -------
    DataFrame
        One row per group (index name = `by`), from the highest late rate to the lowest
        (ties by group id; groups with nothing shipped last), with the columns
        ``orders``, ``shipped``, ``open`` (not shipped yet), ``late`` (shipped after the
        required date), ``late_rate`` (late / shipped), ``on_time_rate`` (1 - late
        rate), ``mean_days_late`` and ``max_days_late`` (over the late orders; NaN when
        none was late).

    Raises
    ------
    WrongTypeError
        `orders` is not a DataFrame or a date column is not of a date type.
    DataError
        A named column is missing, a required date is missing, or a row has no group
        in `by`.
    EmptyDataError
        `orders` has no rows.

    Notes
    -----
    An order is late when ``shipped > required``; shipped on the required date is on
    time. Days late are calendar days (fractions of a day if the dates carry times).
    Rates are taken over the *shipped* orders only: an open order has no shipped date
    yet, so it is counted in ``open`` and left out of the rates, never counted as on
    time. An open order whose required date has passed is already late in the
    customer's eyes: check ``open`` orders against today's date. ``late_rate`` is NaN
    for a group with no shipped order.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.pricing import delivery_punctuality
    >>> orders = pd.DataFrame({
    ...     "shipper": ["A", "A", "B", "B"],
    ...     "required_date": pd.to_datetime(["2025-03-10", "2025-03-12", "2025-03-10", "2025-03-20"]),
    ...     "shipped_date": pd.to_datetime(["2025-03-13", "2025-03-12", "2025-03-09", None]),
    ... })
    >>> delivery_punctuality(orders, by="shipper")[["orders", "shipped", "open", "late", "late_rate"]]
             orders  shipped  open  late  late_rate
    shipper
    A             2        2     0     1        0.5
    B             2        1     1     0        0.0
    """
    if not isinstance(orders, pd.DataFrame):
        raise WrongTypeError(
            "`orders` must be a pandas DataFrame with one row per order, but "
            f"{type(orders).__name__} was passed."
        )
    columns = {"required": required, "shipped": shipped}
    if by is not None:
        columns["by"] = by
    check_columns(orders, columns, name="orders")
    if len(orders) == 0:
        raise EmptyDataError("`orders` has no rows: there are no orders to measure.")
    days, open_ = _days_late(orders, required, shipped)
    keys, name = _group_keys(orders, by)
    late = days > 0  # NaN (open) compares False
    late_days = np.where(late, days, np.nan)
    parts = pd.DataFrame(
        {
            "orders": np.ones(len(orders), dtype=np.int64),
            "shipped": (~open_).astype(np.int64),
            "open": open_.astype(np.int64),
            "late": late.astype(np.int64),
            "days": late_days,
        }
    )
    grouped = parts.groupby(keys, sort=False)
    table = grouped[["orders", "shipped", "open", "late"]].sum()
    table.index.name = name
    shipped_n = table["shipped"].to_numpy()
    late_rate = np.divide(
        table["late"].to_numpy(),
        shipped_n,
        out=np.full(len(table), np.nan),
        where=shipped_n > 0,
    )
    table["late_rate"] = late_rate
    table["on_time_rate"] = 1.0 - late_rate
    table["mean_days_late"] = grouped["days"].mean()
    table["max_days_late"] = grouped["days"].max()
    return _in_order(table, np.nan_to_num(late_rate, nan=-1.0))


def late_orders(
    orders: pd.DataFrame,
    *,
    required: Hashable = "required_date",
    shipped: Hashable = "shipped_date",
) -> pd.DataFrame:
    """List the orders shipped after the date the customer required, the latest first.

    Parameters
    ----------
    orders : DataFrame
        One row per order, with the required and the shipped date.
    required, shipped : column names, default "required_date", "shipped_date"
        Columns of dates (datetime64); the shipped date is missing for open orders.

    Returns
    -------
    DataFrame
        The late orders with all their columns and one more, ``days_late``, sorted from
        the most days late to the fewest (ties keep the order of `orders`). Empty, with
        the same columns, when no order was late.

    Raises
    ------
    WrongTypeError
        `orders` is not a DataFrame or a date column is not of a date type.
    DataError
        A named column is missing, a required date is missing, or `orders` already has a
        column ``days_late``.

    Notes
    -----
    Late means ``shipped > required``, as in :func:`delivery_punctuality`; open orders
    (no shipped date) are not listed.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.pricing import late_orders
    >>> orders = pd.DataFrame({
    ...     "order_id": [1, 2, 3],
    ...     "required_date": pd.to_datetime(["2025-03-10", "2025-03-12", "2025-03-10"]),
    ...     "shipped_date": pd.to_datetime(["2025-03-13", "2025-03-12", "2025-03-17"]),
    ... })
    >>> late_orders(orders)[["order_id", "days_late"]]
       order_id  days_late
    2         3        7.0
    0         1        3.0
    """
    if not isinstance(orders, pd.DataFrame):
        raise WrongTypeError(
            "`orders` must be a pandas DataFrame with one row per order, but "
            f"{type(orders).__name__} was passed."
        )
    check_columns(orders, {"required": required, "shipped": shipped}, name="orders")
    if "days_late" in orders.columns:
        raise DataError(
            "`orders` already has a column 'days_late'; rename or drop it first, so that it "
            "is not overwritten."
        )
    days, _ = _days_late(orders, required, shipped)
    late = days > 0
    result = orders[late].assign(days_late=days[late])
    return result.iloc[np.argsort(-days[late], kind="stable")]


# -------------------------------------------------------------- a client's key figures


def key_figures(statements: pd.DataFrame, *, days: int = 365) -> pd.DataFrame:
    """Compute the key figures a key account manager reads in a client's statements.

    Parameters
    ----------
    statements : DataFrame
        One row per financial year, in increasing order (index = the year), with the
        columns ``revenue``, ``cost_of_goods_sold``, ``operating_profit``,
        ``current_assets``, ``inventory``, ``current_liabilities``,
        ``trade_receivables`` and ``trade_payables``, all in the same currency. Other
        columns are ignored.
    days : int, default 365
        Days in the year for the "days" figures (some analysts use 360).

    Returns
    -------
    DataFrame
        One row per year, with the columns ``revenue_growth`` (against the year before;
        NaN for the first year), ``gross_margin``, ``operating_margin``,
        ``current_ratio``, ``quick_ratio``, ``days_receivable`` and ``days_payable``.

    Raises
    ------
    WrongTypeError
        `statements` is not a DataFrame, a figure is not a number, or `days` is not a
        whole number.
    DataError
        A column is missing, a figure is missing or infinite, revenue, cost of goods or
        current liabilities are not above 0, a balance is negative, the inventory is
        larger than the current assets, or the years are repeated or not in
        increasing order.
    ParameterError
        `days` is not positive.
    EmptyDataError
        `statements` has no rows.

    Notes
    -----
    ::

        revenue_growth   = revenue / revenue of the year before - 1
        gross_margin     = (revenue - cost_of_goods_sold) / revenue
        operating_margin = operating_profit / revenue
        current_ratio    = current_assets / current_liabilities
        quick_ratio      = (current_assets - inventory) / current_liabilities
        days_receivable  = trade_receivables / revenue * days
        days_payable     = trade_payables / cost_of_goods_sold * days

    Days payable uses the cost of goods sold because purchases are rarely published; it
    says how long the client takes, on average, to pay its suppliers, you included.
    Operating profit may be negative (a loss); the other figures may not.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.pricing import key_figures
    >>> statements = pd.DataFrame({
    ...     "revenue": [100.0, 110.0], "cost_of_goods_sold": [80.0, 90.0],
    ...     "operating_profit": [6.0, 4.4], "current_assets": [40.0, 42.0],
    ...     "inventory": [15.0, 18.0], "current_liabilities": [25.0, 35.0],
    ...     "trade_receivables": [20.0, 22.0], "trade_payables": [16.0, 24.0],
    ... }, index=pd.Index([2024, 2025], name="year"))
    >>> key_figures(statements).round(3)[["revenue_growth", "operating_margin", "current_ratio", "days_payable"]]
          revenue_growth  operating_margin  current_ratio  days_payable
    year
    2024             NaN              0.06          1.600        73.000
    2025             0.1              0.04          1.200        97.333
    """
    if not isinstance(statements, pd.DataFrame):
        raise WrongTypeError(
            "`statements` must be a pandas DataFrame with one row per year, but "
            f"{type(statements).__name__} was passed."
        )
    if isinstance(days, bool) or not isinstance(days, (int, np.integer)):
        raise WrongTypeError(f"`days` must be a whole number of days, but {days!r} was passed.")
    if days <= 0:
        raise ParameterError(f"`days` must be positive, e.g. 365, but {days!r} was passed.")
    missing = [c for c in STATEMENT_COLUMNS if c not in statements.columns]
    if missing:
        raise DataError(
            f"`statements` lacks the columns {missing!r}; it needs {list(STATEMENT_COLUMNS)!r} "
            f"and has {list(statements.columns)!r}."
        )
    if len(statements) == 0:
        raise EmptyDataError("`statements` has no rows: there is no year to analyse.")
    years = statements.index
    if not years.is_unique:
        dup = years[years.duplicated()][0]
        raise DataError(f"`statements` has the year {plain(dup)!r} more than once.")
    if not years.is_monotonic_increasing:
        raise DataError(
            "`statements` must list the years in increasing order (growth is measured "
            f"against the row before), but its index is {list(years)!r}; use "
            "`statements.sort_index()`."
        )
    v = {c: _numbers(statements, c, "statements") for c in STATEMENT_COLUMNS}
    for column in ("revenue", "cost_of_goods_sold", "current_liabilities"):
        bad = v[column] <= 0
        if bad.any():
            raise DataError(
                f"`statements` column {column!r} must be above 0, but "
                f"{_row(statements, bad)} has {float(v[column][bad][0])!r}."
            )
    for column in ("current_assets", "inventory", "trade_receivables", "trade_payables"):
        bad = v[column] < 0
        if bad.any():
            raise DataError(
                f"`statements` column {column!r} must be >= 0 (a balance), but "
                f"{_row(statements, bad)} has {float(v[column][bad][0])!r}."
            )
    bad = v["inventory"] > v["current_assets"]
    if bad.any():
        raise DataError(
            "`statements` column 'inventory' is part of 'current_assets' and cannot exceed "
            f"it, but it does in {_row(statements, bad)}."
        )
    revenue = v["revenue"]
    growth = np.full(len(revenue), np.nan)
    growth[1:] = revenue[1:] / revenue[:-1] - 1
    liabilities = v["current_liabilities"]
    return pd.DataFrame(
        {
            "revenue_growth": growth,
            "gross_margin": (revenue - v["cost_of_goods_sold"]) / revenue,
            "operating_margin": v["operating_profit"] / revenue,
            "current_ratio": v["current_assets"] / liabilities,
            "quick_ratio": (v["current_assets"] - v["inventory"]) / liabilities,
            "days_receivable": v["trade_receivables"] / revenue * days,
            "days_payable": v["trade_payables"] / v["cost_of_goods_sold"] * days,
        },
        index=years.copy(),
    )


# -------------------------------------------------------------- pocket-price waterfall

#: The steps of the pocket-price waterfall, in order, and whether each is a price level
#: ("price": list, invoice and pocket revenue) or money that leaks away ("leakage").
WATERFALL_STEPS: tuple[tuple[str, str], ...] = (
    ("list_revenue", "price"),
    ("on_invoice_discount", "leakage"),
    ("invoice_revenue", "price"),
    ("rebate", "leakage"),
    ("payment_terms", "leakage"),
    ("free_freight", "leakage"),
    ("rush_orders", "leakage"),
    ("pocket_revenue", "price"),
)

#: The leakages of the waterfall, in order.
LEAKAGES: tuple[str, ...] = tuple(key for key, kind in WATERFALL_STEPS if kind == "leakage")

#: A list price may lie this far (PLN) below the unit price: rounding to the grosz.
_PRICE_SLACK = 0.005

_LINE_COLUMNS = ("customer_id", "date", "quantity", "list_price", "unit_price", "amount")
_SERVE_COLUMNS = ("customer_id", "year", "rebate", "deliveries", "rush_orders")
_CUSTOMER_COLUMNS = ("dso_days", "free_freight")


@dataclass(frozen=True)
class PriceWaterfall:
    """The pocket-price waterfall of one customer and year (from :func:`price_waterfall`).

    Every amount is in PLN for the whole year; the leakages are positive amounts of money
    given away. ``pocket_revenue = list_revenue - on_invoice_discount - rebate -
    payment_terms - free_freight - rush_orders``.

    Attributes
    ----------
    customer, year
        Whose waterfall it is, and for which year.
    list_revenue, on_invoice_discount, invoice_revenue, rebate, payment_terms,
    free_freight, rush_orders, pocket_revenue : float
        The steps of the waterfall (see :func:`price_waterfall`).
    """

    customer: Hashable
    year: int
    list_revenue: float
    on_invoice_discount: float
    invoice_revenue: float
    rebate: float
    payment_terms: float
    free_freight: float
    rush_orders: float
    pocket_revenue: float

    @property
    def pocket_share(self) -> float:
        """Pocket revenue as a share of list revenue (0.85 = the pocket price is 85% of list)."""
        with np.errstate(over="ignore"):
            return float(np.float64(self.pocket_revenue) / self.list_revenue)

    @property
    def leakages(self) -> pd.Series:
        """The five leakages in waterfall order, in PLN (positive = money given away)."""
        return pd.Series({key: float(getattr(self, key)) for key in LEAKAGES}, name="pln")

    @property
    def largest_leakage(self) -> str:
        """The name of the largest leakage in PLN (the first one on a tie)."""
        leak = self.leakages
        return str(leak.index[int(np.argmax(leak.to_numpy()))])

    def to_frame(self) -> pd.DataFrame:
        """The waterfall as a table: one row per step, in order.

        Returns
        -------
        DataFrame
            Indexed by ``step`` (``list_revenue``, ``on_invoice_discount``, ...,
            ``pocket_revenue``), with the columns ``kind`` ("price" or "leakage"),
            ``pln`` (leakages negative, so that list revenue plus the leakages is the
            pocket revenue) and ``share_of_list`` (``pln`` / list revenue).
        """
        signed = [
            (-1.0 if kind == "leakage" else 1.0) * float(getattr(self, key))
            for key, kind in WATERFALL_STEPS
        ]
        table = pd.DataFrame(
            {"kind": [kind for _, kind in WATERFALL_STEPS], "pln": signed},
            index=pd.Index([key for key, _ in WATERFALL_STEPS], name="step"),
        )
        with np.errstate(over="ignore"):
            table["share_of_list"] = table["pln"] / self.list_revenue
        return table


def _frame_with(frame: Any, columns: tuple[str, ...], name: str) -> None:
    """Check that ``frame`` is a DataFrame with all of ``columns``; name the missing ones."""
    if not isinstance(frame, pd.DataFrame):
        raise WrongTypeError(
            f"`{name}` must be a pandas DataFrame, but {type(frame).__name__} was passed."
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"`{name}` lacks the columns {missing!r}; the waterfall needs {list(columns)!r} "
            f"and it has {list(frame.columns)!r}."
        )


def _company_defaults(
    cost_rates: Any, freight_per_delivery: Any, cost_of_capital: Any
) -> tuple[float, float, float]:
    """The rush-order rate, freight per delivery and cost of capital; defaults from
    :mod:`kamtools.vistula`, imported when needed."""
    if cost_rates is None or freight_per_delivery is None or cost_of_capital is None:
        from . import vistula

        cost_rates = vistula.COST_RATES if cost_rates is None else cost_rates
        if freight_per_delivery is None:
            freight_per_delivery = vistula.FREIGHT_PER_DELIVERY
        cost_of_capital = vistula.COST_OF_CAPITAL if cost_of_capital is None else cost_of_capital
    if not isinstance(cost_rates, Mapping) or "rush_orders" not in cost_rates:
        raise ParameterError(
            "`cost_rates` must be a dict of cost rates with the key 'rush_orders' (PLN per "
            f"rush order), such as kamtools.vistula.COST_RATES, but {cost_rates!r} was passed."
        )
    rush = check_number(cost_rates["rush_orders"], "cost_rates['rush_orders']")
    freight = check_number(freight_per_delivery, "freight_per_delivery")
    capital = check_number(cost_of_capital, "cost_of_capital")
    for value, name, example in (
        (rush, "cost_rates['rush_orders']", "500"),
        (freight, "freight_per_delivery", "140"),
    ):
        if value < 0:
            raise ParameterError(
                f"`{name}` must be >= 0 PLN, e.g. {example}, but {value!r} was passed."
            )
    if not 0 <= capital <= 1:
        hint = f" Did you mean {capital / 100:g}?" if 1 < capital <= 100 else ""
        raise ParameterError(
            "`cost_of_capital` must be a yearly rate as a fraction in [0, 1], e.g. 0.09 for "
            f"9%, but {cost_of_capital!r} was passed.{hint}"
        )
    return rush, freight, capital


def _customer_table(customers: Any) -> pd.DataFrame:
    """``customers`` indexed by customer id (from its column ``customer_id`` or its index)."""
    if not isinstance(customers, pd.DataFrame):
        raise WrongTypeError(
            f"`customers` must be a pandas DataFrame, but {type(customers).__name__} was passed."
        )
    table = customers.set_index("customer_id") if "customer_id" in customers.columns else customers
    _frame_with(table, _CUSTOMER_COLUMNS, "customers")
    if not table.index.is_unique:
        dup = table.index[table.index.duplicated()][0]
        raise DataError(f"`customers` has the customer {plain(dup)!r} more than once.")
    return table


def _years(dates: pd.Series) -> np.ndarray:
    if not pd.api.types.is_datetime64_any_dtype(dates.dtype):
        raise WrongTypeError(
            "`transactions` column 'date' must hold dates (datetime64), but its type is "
            f"{dates.dtype}; convert it first with `pd.to_datetime(transactions['date'])`."
        )
    years = dates.dt.year
    if years.isna().any():
        raise DataError(
            f"`transactions` column 'date' has {int(years.isna().sum())} missing dates, e.g. "
            f"{_row(dates.to_frame(), years.isna().to_numpy())}."
        )
    return years.to_numpy(dtype=np.int64)


def _check_year(year: Any, available: np.ndarray) -> int:
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise WrongTypeError(
            f"`year` must be a whole number such as 2025, but {year!r} was passed."
        )
    if year not in set(available.tolist()):
        raise DataError(
            f"`year` {year!r} has no transactions; the years in the data are "
            f"{sorted(set(available.tolist()))!r}."
        )
    return int(year)


def _check_prices(lines: pd.DataFrame) -> dict[str, np.ndarray]:
    """The numbers of the lines used, with the list price checked against the unit price."""
    v = {
        c: _numbers(lines, c, "transactions")
        for c in ("quantity", "list_price", "unit_price", "amount")
    }
    negative = v["list_price"] < 0
    if negative.any():
        raise DataError(
            "`transactions` column 'list_price' must be >= 0 (the catalogue price), but "
            f"{int(negative.sum())} lines are negative, e.g. {_row(lines, negative)} "
            f"({float(v['list_price'][negative][0])!r})."
        )
    below = v["list_price"] < v["unit_price"] - _PRICE_SLACK
    if below.any():
        pos = int(np.flatnonzero(below)[0])
        raise DataError(
            "`transactions` column 'list_price' must not be below 'unit_price' (the invoice "
            "price is the list price after the on-invoice discount), but "
            f"{int(below.sum())} lines are, e.g. {_row(lines, below)} (list_price "
            f"{float(v['list_price'][pos])!r}, unit_price {float(v['unit_price'][pos])!r})."
        )
    return v


def _serve_rows(cost_to_serve: pd.DataFrame, year: int, ids: pd.Index) -> pd.DataFrame:
    """Rebate, deliveries and rush orders of ``ids`` in ``year``, checked, indexed by id."""
    rows = cost_to_serve[cost_to_serve["year"] == year]
    duplicated = rows["customer_id"].duplicated()
    if duplicated.any():
        dup = rows["customer_id"][duplicated].iloc[0]
        raise DataError(
            f"`cost_to_serve` has more than one row for customer {plain(dup)!r} and year {year}."
        )
    rows = rows.set_index("customer_id")
    missing = ids.difference(rows.index)
    if len(missing):
        raise DataError(
            f"`cost_to_serve` has no row for customer {plain(missing[0])!r} in year {year} "
            f"({len(missing)} customers with sales that year have none)."
        )
    rows = rows.loc[ids]
    for column in ("rebate", "deliveries", "rush_orders"):
        values = _numbers(rows, column, "cost_to_serve")
        negative = values < 0
        if negative.any():
            raise DataError(
                f"`cost_to_serve` column {column!r} must be >= 0, but {_row(rows, negative)} "
                f"has {float(values[negative][0])!r}."
            )
        rows[column] = values
    return rows


def _terms_rows(table: pd.DataFrame, ids: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """DSO days and the free-freight flag of ``ids``, checked."""
    missing = ids.difference(table.index)
    if len(missing):
        raise DataError(f"`customers` has no row for customer {plain(missing[0])!r}.")
    rows = table.loc[ids]
    dso = _numbers(rows, "dso_days", "customers")
    negative = dso < 0
    if negative.any():
        raise DataError(
            f"`customers` column 'dso_days' must be >= 0, but {_row(rows, negative)} has "
            f"{float(dso[negative][0])!r}."
        )
    flag = rows["free_freight"]
    not_flag = ~flag.isin([True, False, 0, 1]).to_numpy()
    if not_flag.any():
        raise DataError(
            "`customers` column 'free_freight' must hold True or False, but "
            f"{_row(rows, not_flag)} has {plain(flag.to_numpy()[not_flag][0])!r}."
        )
    return dso, flag.to_numpy(dtype=bool)


def price_waterfalls(
    transactions: pd.DataFrame,
    cost_to_serve: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    year: int,
    accounts: Any = None,
    cost_rates: Mapping[str, float] | None = None,
    freight_per_delivery: float | None = None,
    cost_of_capital: float | None = None,
) -> pd.DataFrame:
    """Compute the pocket-price waterfall of many customers in one year, one row each.

    Parameters
    ----------
    transactions, cost_to_serve, customers : DataFrame
        As for :func:`price_waterfall`.
    year : int
        The year, e.g. 2025.
    accounts : list of customer ids, optional
        The customers to compute, in this order; by default every customer with
        transactions in `year`, in customer-id order. A customer without transactions
        in `year` gets a row of zeros and NaN shares.
    cost_rates, freight_per_delivery, cost_of_capital : optional
        As for :func:`price_waterfall`.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``, with the columns of the steps in order
        (``list_revenue``, ``on_invoice_discount``, ``invoice_revenue``, ``rebate``,
        ``payment_terms``, ``free_freight``, ``rush_orders``, ``pocket_revenue``; PLN,
        leakages positive), then ``leakage`` (list minus pocket revenue) and
        ``pocket_share`` (pocket / list revenue; NaN where list revenue is not above 0).

    Raises
    ------
    As for :func:`price_waterfall`.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.pricing import price_waterfalls
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", "B"], "date": pd.to_datetime(["2025-03-01", "2025-05-01"]),
    ...     "quantity": [10, 10], "list_price": [100.0, 100.0],
    ...     "unit_price": [90.0, 100.0], "amount": [900.0, 1000.0]})
    >>> serve = pd.DataFrame({"customer_id": ["A", "B"], "year": [2025, 2025],
    ...     "rebate": [50.0, 0.0], "deliveries": [2, 1], "rush_orders": [0, 1]})
    >>> terms = pd.DataFrame({"customer_id": ["A", "B"], "dso_days": [73.0, 36.5],
    ...     "free_freight": [True, False]})
    >>> table = price_waterfalls(lines, serve, terms, year=2025,
    ...     cost_rates={"rush_orders": 100}, freight_per_delivery=10, cost_of_capital=0.1)
    >>> table[["invoice_revenue", "payment_terms", "pocket_revenue", "pocket_share"]]
                 invoice_revenue  payment_terms  pocket_revenue  pocket_share
    customer_id
    A                      900.0           18.0           812.0         0.812
    B                     1000.0           10.0           890.0         0.890
    """
    _frame_with(transactions, _LINE_COLUMNS, "transactions")
    _frame_with(cost_to_serve, _SERVE_COLUMNS, "cost_to_serve")
    terms = _customer_table(customers)
    rush_rate, freight_rate, capital = _company_defaults(
        cost_rates, freight_per_delivery, cost_of_capital
    )
    years = _years(transactions["date"])
    year = _check_year(year, years)
    lines = transactions[years == year]
    ids = lines["customer_id"]
    if accounts is None:
        wanted = pd.Index(sorted(ids.unique()), name="customer_id")
    else:
        if isinstance(accounts, (str, bytes)) or np.ndim(accounts) != 1:
            raise WrongTypeError(
                f"`accounts` must be a list of customer ids, but {accounts!r} was passed."
            )
        wanted = pd.Index(list(accounts), name="customer_id")
        unknown = wanted.difference(terms.index)
        if len(unknown):
            raise DataError(
                f"`accounts` names the customer {plain(unknown[0])!r}, which is not in `customers`."
            )
        lines = lines[ids.isin(wanted)]
        ids = lines["customer_id"]
    v = _check_prices(lines)
    parts = pd.DataFrame(
        {"list_revenue": v["quantity"] * v["list_price"], "invoice_revenue": v["amount"]},
        index=lines.index,
    )
    sums = parts.groupby(ids.to_numpy()).sum().reindex(wanted, fill_value=0.0)
    serve = _serve_rows(cost_to_serve, year, pd.Index(ids.unique()))
    serve = serve.reindex(wanted)[["rebate", "deliveries", "rush_orders"]].fillna(0.0)
    dso, free = _terms_rows(terms, wanted)
    invoice = sums["invoice_revenue"].to_numpy(dtype=float)
    list_revenue = sums["list_revenue"].to_numpy(dtype=float)
    table = pd.DataFrame(index=wanted)
    table["list_revenue"] = list_revenue
    table["on_invoice_discount"] = list_revenue - invoice
    table["invoice_revenue"] = invoice
    table["rebate"] = serve["rebate"].to_numpy(dtype=float)
    table["payment_terms"] = invoice * dso / 365.0 * capital
    table["free_freight"] = np.where(
        free, serve["deliveries"].to_numpy(dtype=float) * freight_rate, 0.0
    )
    table["rush_orders"] = serve["rush_orders"].to_numpy(dtype=float) * rush_rate
    table["pocket_revenue"] = invoice - table[list(LEAKAGES[1:])].sum(axis=1)
    table["leakage"] = table[list(LEAKAGES)].sum(axis=1)
    with np.errstate(over="ignore"):
        table["pocket_share"] = np.divide(
            table["pocket_revenue"].to_numpy(),
            list_revenue,
            out=np.full(len(table), np.nan),
            where=list_revenue > 0,
        )
    return table


def price_waterfall(
    transactions: pd.DataFrame,
    cost_to_serve: pd.DataFrame,
    customers: pd.DataFrame,
    *,
    customer: Hashable,
    year: int,
    cost_rates: Mapping[str, float] | None = None,
    freight_per_delivery: float | None = None,
    cost_of_capital: float | None = None,
) -> PriceWaterfall:
    """Follow one customer's revenue from the list price to the pocket price (Marn & Rosiello).

    Parameters
    ----------
    transactions : DataFrame
        Invoice and credit-note lines with the columns ``customer_id``, ``date``
        (datetime), ``quantity``, ``list_price`` (catalogue price per unit, >= 0),
        ``unit_price`` (invoice price per unit, at most the list price) and ``amount``
        (quantity × unit price), e.g. ``kt.load_dataset("vistula_transactions")``.
    cost_to_serve : DataFrame
        One row per customer and year with the columns ``customer_id``, ``year``,
        ``rebate`` (PLN, the year-end volume rebate), ``deliveries`` and
        ``rush_orders`` (counts), e.g. ``kt.load_dataset("vistula_cost_to_serve")``.
    customers : DataFrame
        One row per customer, the id in the column ``customer_id`` or as the index, with
        ``dso_days`` (days the customer really takes to pay) and ``free_freight``
        (True when the company pays the transport), e.g.
        ``kt.load_dataset("vistula_customers")``.
    customer : customer id
        Whose waterfall, e.g. ``"V0055"``.
    year : int
        Which year, e.g. 2025.
    cost_rates : dict, optional
        Cost rates in PLN; only ``"rush_orders"`` (the extra cost of one rush order) is
        used. Default :data:`kamtools.vistula.COST_RATES`.
    freight_per_delivery : float, optional
        Transport cost of one delivery in PLN, paid by the company for customers with
        free freight. Default :data:`kamtools.vistula.FREIGHT_PER_DELIVERY`.
    cost_of_capital : float, optional
        Yearly cost of the money tied up while the customer has not paid, as a fraction
        (0.09 for 9%). Default :data:`kamtools.vistula.COST_OF_CAPITAL`.

    Returns
    -------
    PriceWaterfall
        The steps in PLN (leakages as positive amounts), with ``pocket_share``
        (pocket / list revenue), ``leakages``, ``largest_leakage`` and ``to_frame()``
        (one row per step with PLN and the share of list revenue).

    Raises
    ------
    WrongTypeError
        An input is not a DataFrame, the dates are not dates, `year` is not a whole
        number, or a figure is not a number.
    DataError
        A column is missing; `year` has no transactions; `customer` is not in
        `customers` or bought nothing in `year` (its list revenue is not above 0); the
        customer has no `cost_to_serve` row for the year, or more than one; a figure is
        missing or infinite; a list price is negative or below the unit price (by more
        than half a grosz); a rebate, delivery or rush-order count or DSO is negative.
    ParameterError
        A cost rate, the freight or the cost of capital is negative, or the cost of
        capital is above 1 (9 instead of 0.09).

    Notes
    -----
    The waterfall of Marn and Rosiello (1992, "Managing price, gaining profit", *Harvard
    Business Review*) follows the price from the list to what the company really keeps
    (the *pocket price*). For one customer and year, summed over its lines (credit
    notes included, with their negative quantities)::

        list revenue        = sum(quantity * list_price)
        on-invoice discount = list revenue - invoice revenue
        invoice revenue     = sum(amount)
        rebate              = the year-end rebate paid for the year
        payment terms       = invoice revenue * dso_days / 365 * cost_of_capital
        free freight        = deliveries * freight_per_delivery   (if free_freight)
        rush orders         = rush_orders * cost_rates["rush_orders"]
        pocket revenue      = invoice revenue - rebate - payment terms - free freight
                              - rush orders

    The payment-term cost is the interest on the money the customer holds: on average
    ``dso_days / 365`` of a year's invoices are unpaid. The customers table has one DSO
    per customer, which is used for every year. Each step is also given as a share of
    the list revenue; the pocket price as a share of the list price is
    ``pocket_share``. The pocket revenue may be negative when the leakages exceed the
    invoice revenue.

    The default rates are read from :mod:`kamtools.vistula` when the function is
    called.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.pricing import price_waterfall
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", "A"], "date": pd.to_datetime(["2025-03-01", "2025-06-01"]),
    ...     "quantity": [10, 5], "list_price": [100.0, 200.0],
    ...     "unit_price": [90.0, 180.0], "amount": [900.0, 900.0]})
    >>> serve = pd.DataFrame({"customer_id": ["A"], "year": [2025], "rebate": [60.0],
    ...     "deliveries": [4], "rush_orders": [1]})
    >>> terms = pd.DataFrame({"customer_id": ["A"], "dso_days": [73.0],
    ...     "free_freight": [True]})
    >>> w = price_waterfall(lines, serve, terms, customer="A", year=2025,
    ...     cost_rates={"rush_orders": 50}, freight_per_delivery=10, cost_of_capital=0.1)
    >>> w.to_frame()  # 2,000 list; 1,800 invoiced; 1,800 * 73/365 * 0.1 = 36
                            kind    pln  share_of_list
    step
    list_revenue           price 2000.0          1.000
    on_invoice_discount  leakage -200.0         -0.100
    invoice_revenue        price 1800.0          0.900
    rebate               leakage  -60.0         -0.030
    payment_terms        leakage  -36.0         -0.018
    free_freight         leakage  -40.0         -0.020
    rush_orders          leakage  -50.0         -0.025
    pocket_revenue         price 1614.0          0.807
    >>> round(w.pocket_share, 3), w.largest_leakage
    (0.807, 'on_invoice_discount')
    """
    terms = _customer_table(customers)
    if customer not in terms.index:
        raise DataError(f"`customer` {customer!r} is not in `customers`.")
    table = price_waterfalls(
        transactions,
        cost_to_serve,
        terms,
        year=year,
        accounts=[customer],
        cost_rates=cost_rates,
        freight_per_delivery=freight_per_delivery,
        cost_of_capital=cost_of_capital,
    )
    row = table.iloc[0]
    if not row["list_revenue"] > 0:
        raise DataError(
            f"`customer` {customer!r} has no list revenue in `year` {year!r} (it bought "
            f"nothing that year, or its credit notes outweigh its invoices: "
            f"{float(row['list_revenue']):,.2f} PLN), so it has no waterfall."
        )
    return PriceWaterfall(
        customer=customer,
        year=int(year),
        **{key: float(row[key]) for key, _ in WATERFALL_STEPS},
    )
