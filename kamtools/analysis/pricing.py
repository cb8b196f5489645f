"""Pricing discipline and the client's numbers: what a key account manager checks.

Discounts given away line by line (*discount leakage*), the extra volume a discount must win back (*break-even volume*), how a price or volume
change moves operating profit (Marn & Rosiello 1992), how punctually the company
delivers (required vs shipped dates), and the key figures of a client's financial
statements (growth, margins, liquidity, days payable). All functions are pure: they
take numbers or DataFrames and return numbers or DataFrames. The way from the list price
to the price the company keeps (the pocket-price waterfall) is in
:mod:`kamtools.analysis.waterfall`.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from .._validate import check_columns, check_number, descending_order, plain
from ..errors import DataError, EmptyDataError, ParameterError, WrongTypeError

__all__ = [
    "break_even_volume",
    "delivery_punctuality",
    "discount_leakage",
    "key_figures",
    "late_orders",
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
    >>> from kamtools.analysis.pricing import discount_leakage
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
    >>> from kamtools.analysis.pricing import break_even_volume
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
    >>> from kamtools.analysis.pricing import profit_change
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
    >>> from kamtools.analysis.pricing import delivery_punctuality
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
    >>> from kamtools.analysis.pricing import late_orders
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
    >>> from kamtools.analysis.pricing import key_figures
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
