"""From transaction lines to one net value per customer, with a report of what was left out.

:func:`customer_totals` is the bridge between raw invoice lines (an ERP export, the
Online Retail data set) and the concentration functions, which need one value per
customer. Nothing is dropped silently: every line left out is counted, by reason, in
the report returned by :func:`excluded_lines`.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from .._validate import check_columns
from ..data.parsing import parse_number
from ..errors import DataError, EmptyDataError, NumberFormatError, ParameterError, WrongTypeError

__all__ = ["CustomerTotals", "customer_totals", "excluded_lines", "read_csv_report"]

#: Reasons for leaving a line out, in the order of the report (a line with both
#: problems is counted once, under the first).
MISSING_ID = "missing customer id"
NOT_A_NUMBER = "amount not a number"
_REASONS = (MISSING_ID, NOT_A_NUMBER)


def _missing_ids(ids: pd.Series, *, blank: bool) -> np.ndarray | None:
    """Mask of missing customer ids, or None when the column cannot hold any.

    ``blank=False`` finds NaN, None and NA only (fast, used on every line); ``blank=True``
    also finds empty or whitespace-only text (used on the few distinct ids).
    """
    dtype = ids.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return None  # plain integer or bool columns cannot hold a missing value
    missing = ids.isna().to_numpy(dtype=bool)
    if not blank or pd.api.types.is_numeric_dtype(dtype):
        return missing
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return missing
    try:
        stripped = ids.str.strip()
    except AttributeError:  # no text at all in the column (e.g. object column of ints)
        return missing
    return missing | stripped.eq("").to_numpy(dtype=bool, na_value=False)


def _as_numbers(column: pd.Series, param: str) -> tuple[np.ndarray, bool]:
    """The column as a numeric ndarray, and whether that array is a fresh copy.

    Numeric numpy columns are returned without a copy (and must not be written to);
    nullable and text columns are converted (``"12.5"`` counts as 12.5, ``"abc"``
    becomes NaN).
    """
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise WrongTypeError(
            f"`{param}`={column.name!r} must hold numbers, but it holds True/False values."
        )
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        return column.to_numpy(), False
    if pd.api.types.is_numeric_dtype(dtype):  # nullable Int64/Float64, pyarrow numbers
        return column.to_numpy(dtype=float, na_value=np.nan, copy=True), True
    converted = pd.to_numeric(column, errors="coerce")
    return converted.to_numpy(dtype=float, na_value=np.nan, copy=True), True


def _check_amount_parameters(amount: Any, quantity: Any, price: Any) -> dict[str, Hashable]:
    """Check that exactly one way of computing the line amount was chosen."""
    how = (
        "pass amount='<column>' when the lines hold their value, or quantity='<column>' "
        "and price='<column>' to use quantity * price"
    )
    if amount is not None:
        if quantity is not None or price is not None:
            raise ParameterError(
                f"Pass either `amount` or `quantity` and `price`, not both, but "
                f"amount={amount!r}, quantity={quantity!r}, price={price!r} were passed."
            )
        return {"amount": amount}
    if quantity is None and price is None:
        raise ParameterError(f"Say how to compute the line amount: {how}; none was passed.")
    if quantity is None or price is None:
        given, missing = ("quantity", "price") if price is None else ("price", "quantity")
        value = quantity if price is None else price
        raise ParameterError(
            f"`{given}`={value!r} was passed without `{missing}`: the line amount is "
            f"quantity * price, so pass both (or amount='<column>' instead)."
        )
    return {"quantity": quantity, "price": price}


@dataclass(frozen=True, eq=False)
class CustomerTotals:
    """The net value per customer and the report of how it was built.

    Returned by ``kt.customer_totals(..., report=True)``; read the report with
    :func:`excluded_lines` or the fields below. A small frozen record (like otter's
    ``TestCaseResult``): the figures never ride in ``DataFrame.attrs``, which pandas
    calculations can drop.

    Attributes
    ----------
    totals : Series
        The net value per customer, exactly what ``kt.customer_totals(...)`` returns.
    excluded : DataFrame
        The lines left out, indexed by reason (``"missing customer id"``, ``"amount not
        a number"``), with the columns ``lines`` and ``amount`` (sum of their amounts
        that are numbers).
    netted_lines, netted_amount : int, float
        The returns and cancellations (negative lines) netted against sales: how many,
        and their sum (zero or negative).
    lines_used, lines_total : int
        Lines summed and lines in the input; ``lines_used`` plus the excluded lines
        equals ``lines_total``.

    Examples
    --------
    >>> import kamtools as kt
    >>> import pandas as pd
    >>> lines = pd.DataFrame({"customer_id": ["A", "A", None], "amount": [9.0, -4.0, 1.0]})
    >>> result = kt.customer_totals(lines, amount="amount", report=True)
    >>> result.totals.to_dict(), result.netted_lines, result.lines_used, result.lines_total
    ({'A': 5.0}, 1, 2, 3)
    """

    totals: pd.Series
    excluded: pd.DataFrame
    netted_lines: int
    netted_amount: float
    lines_used: int
    lines_total: int


@overload
def customer_totals(
    transactions: pd.DataFrame,
    *,
    customer: Hashable = ...,
    amount: Hashable | None = ...,
    quantity: Hashable | None = ...,
    price: Hashable | None = ...,
    report: Literal[False] = ...,
) -> pd.Series: ...


@overload
def customer_totals(
    transactions: pd.DataFrame,
    *,
    customer: Hashable = ...,
    amount: Hashable | None = ...,
    quantity: Hashable | None = ...,
    price: Hashable | None = ...,
    report: Literal[True],
) -> CustomerTotals: ...


def customer_totals(
    transactions: pd.DataFrame,
    *,
    customer: Hashable = "customer_id",
    amount: Hashable | None = None,
    quantity: Hashable | None = None,
    price: Hashable | None = None,
    report: bool = False,
) -> pd.Series | CustomerTotals:
    """Net value per customer from transaction lines, returns and cancellations netted.

    Parameters
    ----------
    transactions : DataFrame
        One row per transaction (invoice) line.
    customer : column name, default "customer_id"
        Column with the customer id of each line.
    amount : column name, optional
        Column with the value of each line. Give either ``amount`` or both ``quantity``
        and ``price``.
    quantity, price : column names, optional
        Columns whose product is the value of each line (e.g. ``"Quantity"`` and
        ``"UnitPrice"`` in Online Retail).
    report : bool, default False
        ``True`` returns a :class:`CustomerTotals`: the totals together with the report
        of the lines left out (by reason), the returns netted and the lines used.

    Returns
    -------
    Series or CustomerTotals
        Float Series named ``net_value``, indexed by customer id (index name = the
        ``customer`` column), sorted by customer id, with empty ``attrs``. Customers
        whose net value is zero or negative are kept. With ``report=True``, a
        :class:`CustomerTotals` whose ``totals`` is that Series; the amount of the
        lines excluded as "amount not a number" is 0.0 by definition.

    Raises
    ------
    ParameterError
        If neither or both of ``amount`` and ``quantity``/``price`` are given, or only
        one of ``quantity`` and ``price``.
    WrongTypeError
        If ``transactions`` is not a DataFrame, or an amount column holds True/False, or
        ``report`` is not True or False.
    DataError
        If a named column is missing (the message lists the columns).
    EmptyDataError
        If no line is left to sum (the message says how many lines were excluded for
        each reason).

    Notes
    -----
    The line amount is ``amount`` or ``quantity * price``. Negative lines (returns,
    cancellations such as Online Retail invoices starting with "C") are kept and reduce
    the customer's total. Two kinds of lines are left out and reported:

    - **missing customer id**: NaN, None, NA, an empty or blank string;
    - **amount not a number**: the amount (or the quantity or the price) is NaN, an
      infinity or text that is not a number. Text holding a number, such as
      ``"12.5"``, is converted with :func:`pandas.to_numeric` and used.

    A line with both problems counts once, as a missing customer id. Nothing else is
    dropped; a customer appears in the result when at least one of its lines is used.
    Customer ids keep their dtype, except that float ids holding whole numbers (ids
    read as float because of missing values, 12346.0) become int64. The input frame is
    not copied: only masks are built and the amounts are summed with one ``groupby``.

    Examples
    --------
    >>> import kamtools as kt
    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "customer_id": ["A", "B", "A", None, "B"],
    ...     "amount": [100.0, 50.0, -20.0, 10.0, "n/a"],
    ... })
    >>> kt.customer_totals(lines, amount="amount").to_dict()
    {'A': 80.0, 'B': 50.0}
    >>> result = kt.customer_totals(lines, amount="amount", report=True)
    >>> kt.excluded_lines(result)["lines"].to_dict()
    {'missing customer id': 1, 'amount not a number': 1}
    >>> result.netted_lines, result.netted_amount
    (1, -20.0)
    """
    if not isinstance(report, bool):
        raise WrongTypeError(f"`report` must be True or False, but {report!r} was passed.")
    names = {"customer": customer, "amount": amount, "quantity": quantity, "price": price}
    for param, col in names.items():
        if not isinstance(col, Hashable):
            raise WrongTypeError(f"`{param}` must be one column name, but {col!r} was passed.")
    columns = _check_amount_parameters(amount, quantity, price)
    check_columns(transactions, {"customer": customer, **columns}, name="transactions")
    lines_total = len(transactions)
    if lines_total == 0:
        raise EmptyDataError("`transactions` has no lines: there is nothing to add up.")

    ids = transactions[customer]
    if isinstance(ids, pd.DataFrame):
        raise DataError(
            f"`customer`={customer!r} names {ids.shape[1]} columns of `transactions`; "
            f"rename the repeated columns first."
        )

    # Line amounts as one numeric ndarray (no copy for numeric numpy columns).
    if amount is not None:
        values, owned = _as_numbers(transactions[amount], "amount")
    else:
        q, _ = _as_numbers(transactions[quantity], "quantity")
        pr, _ = _as_numbers(transactions[price], "price")
        values, owned = q * pr, True
    # Masks only: the frame is never copied or subset. The amounts that are not numbers
    # are summed as NaN, which groupby skips; rows whose id is NaN/None/NA are dropped by
    # groupby itself; ids that are blank text ("", "  ") are found among the (few)
    # group keys and removed from the result afterwards.
    finite = None
    if values.dtype.kind == "f":
        finite = np.isfinite(values)
        if finite.all():
            finite = None
        elif owned:
            values[~finite] = np.nan  # our own array (converted or a product)
        elif np.isinf(values).any():
            values = np.where(finite, values, np.nan)  # never write into the caller's data
    grouped = pd.Series(values, index=ids.index, copy=False).groupby(
        ids, sort=True, observed=True, dropna=True
    )
    # min_count=1 leaves NaN for customers without a usable line: they are not kept.
    totals = grouped.sum(min_count=1) if finite is not None else grouped.sum()
    keep = totals.notna().to_numpy() if finite is not None else None

    missing = _missing_ids(ids, blank=False)
    blank_keys = _missing_ids(totals.index.to_series(), blank=True)
    if blank_keys is not None and blank_keys.any():
        blank_rows = ids.isin(totals.index[blank_keys]).to_numpy(dtype=bool)
        missing = blank_rows if missing is None else missing | blank_rows
        keep = ~blank_keys if keep is None else keep & ~blank_keys
    if keep is not None and not keep.all():
        totals = totals[keep]

    used = np.ones(lines_total, dtype=bool) if missing is None else ~missing
    n_missing = lines_total - int(np.count_nonzero(used))
    bad = None
    if finite is not None:
        bad = ~finite
        bad &= used  # a line with both problems counts as a missing id
        used &= finite
    n_bad = 0 if bad is None else int(np.count_nonzero(bad))
    lines_used = lines_total - n_missing - n_bad
    if lines_used == 0:
        how = f"column {amount!r}" if amount is not None else f"columns {quantity!r}, {price!r}"
        raise EmptyDataError(
            f"No transaction line is left to add up: of {lines_total} lines, {n_missing} "
            f"have a {MISSING_ID} (column {customer!r}) and {n_bad} an {NOT_A_NUMBER} "
            f"({how})."
        )

    index = totals.index
    if pd.api.types.is_float_dtype(index.dtype):
        ids_float = index.to_numpy(dtype=float)
        if np.all(ids_float == np.trunc(ids_float)) and np.all(np.abs(ids_float) < 2.0**63):
            index = pd.Index(ids_float.astype(np.int64))
    totals = pd.Series(totals.to_numpy(dtype=float), index=index.rename(customer), name="net_value")

    # The report.
    negative = values < 0
    negative &= used
    excluded_amount = 0.0
    if n_missing:
        numeric_missing = ~used if finite is None else ~used & finite
        excluded_amount = float(np.sum(values, where=numeric_missing))
    if not report:
        return totals
    excluded = pd.DataFrame(
        {
            "lines": np.array([n_missing, n_bad], dtype=np.int64),
            # by definition no amount of an "amount not a number" line is a number
            "amount": np.array([excluded_amount, 0.0], dtype=np.float64),
        },
        index=pd.Index(list(_REASONS), name="reason"),
    )
    return CustomerTotals(
        totals=totals,
        excluded=excluded,
        netted_lines=int(np.count_nonzero(negative)),
        netted_amount=float(np.sum(values, where=negative)),
        lines_used=int(lines_used),
        lines_total=int(lines_total),
    )


def excluded_lines(totals: CustomerTotals) -> pd.DataFrame:
    """Report of the transaction lines that :func:`customer_totals` left out, by reason.

    Parameters
    ----------
    totals : CustomerTotals
        The result of ``kt.customer_totals(..., report=True)``.

    Returns
    -------
    DataFrame
        Indexed by reason (``"missing customer id"``, ``"amount not a number"``), with
        the columns ``lines`` (how many lines) and ``amount`` (sum of their amounts that
        are numbers). A copy: changing it does not change ``totals.excluded``.

    Raises
    ------
    WrongTypeError
        If ``totals`` is not a :class:`CustomerTotals`, e.g. the plain Series returned
        without ``report=True`` (the message says what to pass).

    Examples
    --------
    >>> import kamtools as kt
    >>> import pandas as pd
    >>> lines = pd.DataFrame({"customer_id": [1, 2, None], "amount": [5.0, 7.0, 3.0]})
    >>> kt.excluded_lines(kt.customer_totals(lines, amount="amount", report=True))
                         lines  amount
    reason
    missing customer id      1     3.0
    amount not a number      0     0.0
    """
    if not isinstance(totals, CustomerTotals):
        got = f"Series {totals.name!r}" if isinstance(totals, pd.Series) else type(totals).__name__
        raise WrongTypeError(
            f"`totals` must be the report of customer totals, but {got} was passed: pass "
            f"kt.customer_totals(..., report=True)."
        )
    return totals.excluded.copy()


#: Labels of a total row, in the customer column ("Razem", "Suma" and "Ogółem" are Polish).
_TOTAL_LABELS = frozenset(
    {"total", "totals", "grand total", "sum", "razem", "suma", "ogółem", "ogolem", "łącznie"}
)


def _column_names(value: Hashable | Sequence[Hashable] | None, param: str) -> list[str]:
    """One column name or a list of them, as a list of strings (empty for None)."""
    if value is None:
        return []
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        raise WrongTypeError(
            f"`{param}` must be a column name or a list of column names, but {value!r} was passed."
        )
    return list(names)


def read_csv_report(
    path: str | os.PathLike[str],
    *,
    customer: str,
    numbers: str | Sequence[str],
    dates: str | Sequence[str] | None = None,
    sep: str = ";",
    encoding: str = "cp1250",
    date_format: str = "%d.%m.%Y",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a CSV export line by line: the lines it can use, and every line it leaves out.

    Made for the customer exports of Excel and ERP systems, which a plain
    :func:`pandas.read_csv` stops on ("Expected 9 fields in line 1901, saw 10") or reads
    wrongly (``"2 561,99"`` as text). Each line of the file is either kept or reported
    with its line number, its text and the reason: nothing is dropped silently.

    Parameters
    ----------
    path : str or path
        The CSV file, e.g. ``"my_data/crm_export.csv"``.
    customer : str
        Column with the customer id (or code).
    numbers : str or list of str
        Column(s) holding numbers: the net amount, or the quantity and the unit price. Read
        with :func:`kamtools.parse_number`, so ``"2 561,99"`` (also with a no-break space),
        ``"1.234,50 zł"`` and the accounting negative ``"(1 234,50)"`` are understood.
    dates : str or list of str, optional
        Column(s) holding dates, read with ``date_format``; a time after the date
        (``"14.03.2025 10:30"``) is ignored.
    sep : str, default ";"
        The field separator (Polish Excel writes ``;``).
    encoding : str, default "cp1250"
        The file's encoding (Polish Windows). Garbled Polish letters: try ``"utf-8-sig"``.
    date_format : str, default "%d.%m.%Y"
        How the dates are written: ``"%d.%m.%Y"`` is 31.12.2025, ``"%Y-%m-%d"`` is
        2025-12-31.

    Returns
    -------
    (lines, left_out) : two DataFrames, both indexed by the line number in the file
        (``line``; the header is line 1).

        - ``lines``: the lines kept, with the file's columns; the ``numbers`` columns are
          floats, the ``dates`` columns datetimes, the others text (spaces around them
          removed). Ready for :func:`customer_totals`.
        - ``left_out``: the columns ``reason`` and ``text`` (the line as it is in the file).

        Every line after the header is in exactly one of the two:
        ``len(lines) + len(left_out)`` is the number of lines after the header.

    Raises
    ------
    DataError
        If the file does not exist, cannot be decoded with ``encoding``, has no header, or
        a named column is not in its header (the message lists the columns, and says when
        ``sep`` looks wrong).
    EmptyDataError
        If no line can be used (the message gives the most common reasons).
    ParameterError, WrongTypeError
        If ``encoding`` is unknown or a column parameter is not a name.

    Notes
    -----
    A line is left out, with the first reason that applies, when it is:

    - **empty** (no text, or only separators);
    - **the wrong number of fields**: more or fewer than the header has (a ``;`` typed
      inside a name, a line cut short). A field with a line break inside it is split over
      two lines, and both are reported;
    - **without a customer**, or with a total label such as ``Total``, ``Razem`` or
      ``Suma`` as the customer (the total row at the bottom of an Excel sheet);
    - **without a readable number** or **date** in one of the ``numbers`` or ``dates``
      columns.

    Text in quotes may hold the separator (``"Alfa; Beta";...``), as in any CSV file.

    Examples
    --------
    >>> import kamtools as kt
    >>> lines, left_out = kt.read_csv_report(
    ...     "my_data/crm_export.csv", customer="Customer", numbers="Net value", dates="Date"
    ... )  # doctest: +SKIP
    >>> totals = kt.customer_totals(lines, customer="Customer", amount="Net value")  # doctest: +SKIP
    """
    number_cols = _column_names(numbers, "numbers")
    date_cols = _column_names(dates, "dates")
    if not isinstance(customer, str):
        raise WrongTypeError(f"`customer` must be one column name, but {customer!r} was passed.")
    if not number_cols:
        raise ParameterError("`numbers` must name at least one column, e.g. numbers='Net value'.")
    file = Path(path)
    if not file.is_file():
        raise DataError(f"`path`={str(path)!r}: there is no such file (looked in {Path.cwd()}).")
    try:
        text = file.read_bytes().decode(encoding)
    except LookupError:
        raise ParameterError(
            f"`encoding`={encoding!r} is not an encoding Python knows; Polish Excel files are "
            f"usually 'cp1250', others 'utf-8-sig'."
        ) from None
    except UnicodeDecodeError as err:
        raise DataError(
            f"The file {file.name!r} is not in the encoding {encoding!r} (byte {err.start} "
            f"cannot be read): try encoding='utf-8-sig' or encoding='cp1250'."
        ) from None
    raw_lines = text.removeprefix("\ufeff").splitlines()
    if not raw_lines:
        raise DataError(f"The file {file.name!r} is empty: it has not even a header line.")

    def fields_of(line: str) -> list[str]:
        return next(csv.reader([line], delimiter=sep), [])

    header = [name.strip() for name in fields_of(raw_lines[0])]
    for param, names in (("customer", [customer]), ("numbers", number_cols), ("dates", date_cols)):
        for name in names:
            if name not in header:
                hint = (
                    f" The header has a single field: is the separator really sep={sep!r}?"
                    if len(header) == 1
                    else ""
                )
                raise DataError(
                    f"`{param}`={name!r} is not a column of {file.name!r}; its columns are "
                    f"{header!r}.{hint}"
                )
            if header.count(name) > 1:
                raise DataError(
                    f"The column {name!r} appears twice in the header of {file.name!r}."
                )
    position = {name: header.index(name) for name in header}

    kept_rows: list[list[Any]] = []
    kept_numbers: list[int] = []
    left_out: list[tuple[int, str, str]] = []

    def reason_for(fields: list[Any]) -> str | None:
        """Why the line is left out (None: it is kept); converts ``fields`` in place."""
        if not any(f.strip() for f in fields):
            return "empty line"
        if len(fields) != len(header):
            return f"{len(fields)} fields, the header has {len(header)}"
        fields[:] = [f.strip() for f in fields]
        name = fields[position[customer]]
        if not name:
            return f"no customer in {customer!r}"
        if name.casefold() in _TOTAL_LABELS:
            return f"a total row ({name!r} in {customer!r})"
        for col in number_cols:
            value = fields[position[col]]
            if not value:
                return f"no number in {col!r}"
            try:
                fields[position[col]] = parse_number(value)
            except NumberFormatError:
                return f"{col!r} is not a number: {value!r}"
        for col in date_cols:
            value = fields[position[col]]
            if not value:
                return f"no date in {col!r}"
            for candidate in (value, value.split(" ")[0]):
                try:
                    fields[position[col]] = datetime.strptime(candidate, date_format)
                    break
                except ValueError:
                    continue
            else:
                example = datetime(2025, 12, 31).strftime(date_format)
                return f"{col!r} is not a date like {example}: {value!r}"
        return None

    for number, line in enumerate(raw_lines[1:], start=2):
        fields = fields_of(line)
        reason = reason_for(fields)
        if reason is None:
            kept_rows.append(fields)
            kept_numbers.append(number)
        else:
            left_out.append((number, reason, line))

    if not kept_rows:
        counts = pd.Series([reason for _, reason, _ in left_out], dtype=object).value_counts()
        common = "; ".join(f"{n} x {reason}" for reason, n in counts.head(3).items())
        raise EmptyDataError(
            f"None of the {len(left_out)} lines after the header of {file.name!r} can be used"
            f"{': ' + common if common else ''}. Check `sep`, `encoding` and the column names."
        )
    index = pd.Index(kept_numbers, name="line")
    lines = pd.DataFrame(kept_rows, columns=header, index=index)
    for col in number_cols:
        lines[col] = lines[col].astype(float)
    for col in date_cols:
        lines[col] = pd.to_datetime(lines[col])
    report = pd.DataFrame(left_out, columns=["line", "reason", "text"]).set_index("line")
    return lines, report
