"""The pocket-price waterfall (Marn and Rosiello, 1992): from list price to pocket price.

For one customer and year, how much of the list price Vistula keeps once every discount,
rebate, payment term and service given for free has leaked away: list revenue ->
on-invoice discount -> invoice revenue -> rebate -> payment-term cost -> free freight ->
rush orders -> pocket revenue. The company's rates come from :mod:`kamtools.data.vistula`.
Marn, M. V. and Rosiello, R. L. (1992), "Managing price, gaining profit", *Harvard
Business Review* 70(5), 84-94.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validate import check_number, plain
from ..errors import DataError, ParameterError, WrongTypeError
from .pricing import _numbers, _row

__all__ = ["PriceWaterfall", "price_waterfall", "price_waterfalls"]


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
    :mod:`kamtools.data.vistula`, imported when needed."""
    if cost_rates is None or freight_per_delivery is None or cost_of_capital is None:
        from ..data import vistula

        cost_rates = vistula.COST_RATES if cost_rates is None else cost_rates
        if freight_per_delivery is None:
            freight_per_delivery = vistula.FREIGHT_PER_DELIVERY
        cost_of_capital = vistula.COST_OF_CAPITAL if cost_of_capital is None else cost_of_capital
    if not isinstance(cost_rates, Mapping) or "rush_orders" not in cost_rates:
        raise ParameterError(
            "`cost_rates` must be a dict of cost rates with the key 'rush_orders' (PLN per "
            f"rush order), such as kt.vistula.COST_RATES, but {cost_rates!r} was passed."
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
    >>> from kamtools.analysis.waterfall import price_waterfalls
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
        used. Default :data:`kt.vistula.COST_RATES`.
    freight_per_delivery : float, optional
        Transport cost of one delivery in PLN, paid by the company for customers with
        free freight. Default :data:`kamtools.data.vistula.FREIGHT_PER_DELIVERY`.
    cost_of_capital : float, optional
        Yearly cost of the money tied up while the customer has not paid, as a fraction
        (0.09 for 9%). Default :data:`kamtools.data.vistula.COST_OF_CAPITAL`.

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

    The default rates are read from :mod:`kamtools.data.vistula` when the function is
    called.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.analysis.waterfall import price_waterfall
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
