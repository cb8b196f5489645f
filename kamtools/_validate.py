"""Input checks shared by every analysis function (private).

All of them raise errors from :mod:`kamtools.errors` whose message names the parameter
and quotes the bad value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from .errors import (
    DataError,
    EmptyDataError,
    NegativeValuesError,
    ParameterError,
    WrongTypeError,
)

#: What to do with customers whose value is negative (see :func:`apply_negative_policy`).
NegativePolicy = Literal["raise", "drop", "zero"]
NEGATIVE_POLICIES: tuple[NegativePolicy, ...] = get_args(NegativePolicy)

#: Relative tolerance used when comparing cumulative shares with a target share, so that
#: 0.1 + 0.7 counts as reaching 0.8.
SHARE_TOLERANCE = 1e-9


def _example(series: pd.Series, mask: np.ndarray) -> str:
    """Describe the first offending entry as "customer 'X' (value)"."""
    pos = int(np.flatnonzero(mask)[0])
    return f"customer {plain(series.index[pos])!r} ({plain(series.iloc[pos])!r})"


def plain(x: Any) -> Any:
    """``x`` as a plain Python scalar, so that messages show 1.5, not np.float64(1.5)."""
    return x.item() if isinstance(x, np.generic) else x


def as_values(values: Any, *, name: str = "values") -> pd.Series:
    """Return ``values`` as a float Series with one entry per customer.

    Accepts a Series (index = customer id), a dict, or any 1-D array-like (customers are
    then numbered 0..n-1). Rejects empty input, non-numbers, NaN, infinities and
    repeated customer ids.
    """
    if isinstance(values, pd.DataFrame):
        if values.shape[1] == 1:
            values = values.iloc[:, 0]
        else:
            cols = list(values.columns)
            raise WrongTypeError(
                f"`{name}` must hold one value per customer (a Series or a 1-D list), but a "
                f"DataFrame with columns {cols!r} was passed; pick one column, "
                f"e.g. df[{cols[0]!r}]."
            )
    if isinstance(values, Mapping):
        values = pd.Series(values, dtype=object)
    if not isinstance(values, pd.Series):
        if isinstance(values, (str, bytes)) or np.ndim(values) == 0:
            raise WrongTypeError(
                f"`{name}` must be one value per customer (a Series or a 1-D list), "
                f"but {values!r} was passed."
            )
        arr = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
        if arr.ndim != 1:
            raise WrongTypeError(
                f"`{name}` must be 1-dimensional (one value per customer), but an array of "
                f"shape {arr.shape} was passed."
            )
        values = pd.Series(arr)
    if len(values) == 0:
        raise EmptyDataError(f"`{name}` is empty: there are no customers to analyse.")
    if values.dtype == bool:
        raise WrongTypeError(f"`{name}` must hold numbers, but it holds True/False values.")
    if not pd.api.types.is_numeric_dtype(values.dtype):
        # A list such as [True, 2.5] arrives as object dtype, where to_numeric would
        # silently read True as 1.0.
        bools = values.map(type).isin([bool, np.bool_]).to_numpy()
        if bools.any():
            raise WrongTypeError(
                f"`{name}` must hold numbers, but {int(bools.sum())} entries are True/False, "
                f"e.g. {_example(values, bools)}."
            )
        converted = pd.to_numeric(values, errors="coerce")
        bad = converted.isna().to_numpy() & values.notna().to_numpy()
        if bad.any():
            raise WrongTypeError(
                f"`{name}` must hold numbers, but {int(bad.sum())} entries are not numbers, "
                f"e.g. {_example(values, bad)}."
            )
        values = converted
    values = values.astype(float)
    arr = values.to_numpy()
    missing = np.isnan(arr)
    if missing.any():
        raise DataError(
            f"`{name}` has {int(missing.sum())} missing (NaN) values, e.g. "
            f"{_example(values, missing)}. Decide what they mean first: "
            f"`{name}.fillna(0)` or `{name}.dropna()`."
        )
    infinite = np.isinf(arr)
    if infinite.any():
        raise DataError(
            f"`{name}` has {int(infinite.sum())} infinite values, e.g. "
            f"{_example(values, infinite)}."
        )
    if not values.index.is_unique:
        dup = values.index[values.index.duplicated()][0]
        count = int((values.index == dup).sum())
        raise DataError(
            f"`{name}` must have one value per customer, but customer {dup!r} appears "
            f"{count} times; add up each customer's lines first (kt.customer_totals)."
        )
    return values


def apply_negative_policy(
    values: pd.Series, negative: NegativePolicy, *, name: str = "values"
) -> pd.Series:
    """Apply the documented policy for customers with a negative value.

    ``"raise"`` (the default everywhere) raises :class:`NegativeValuesError` saying how many
    there are; ``"drop"`` leaves them out; ``"zero"`` counts them as 0 (they stay customers).
    """
    if negative not in NEGATIVE_POLICIES:
        raise ParameterError(
            f"`negative` must be one of {NEGATIVE_POLICIES}, but {negative!r} was passed."
        )
    neg = values.to_numpy() < 0
    if not neg.any():
        return values
    if negative == "raise":
        raise NegativeValuesError(
            f"`{name}` has {int(neg.sum())} customers with a negative value, e.g. "
            f"{_example(values, neg)}. Shares need non-negative values: pass "
            f"negative='drop' to leave them out or negative='zero' to count them as 0."
        )
    if negative == "drop":
        kept = values[~neg]
        if kept.empty:
            raise EmptyDataError(
                f"`{name}` has only negative values: nothing is left after negative='drop'."
            )
        return kept
    return values.clip(lower=0.0)


def check_fraction(
    x: Any, name: str, *, allow_zero: bool = False, example: str = "0.2 for 20%"
) -> float:
    """Check that ``x`` is a real number in (0, 1] (or [0, 1] with ``allow_zero``)."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise WrongTypeError(f"`{name}` must be a number, but {x!r} was passed.")
    x = float(x)
    low_ok = x >= 0 if allow_zero else x > 0
    if math.isnan(x) or not low_ok or x > 1:
        interval = "[0, 1]" if allow_zero else "(0, 1]"
        hint = f" Did you mean {x / 100:g}?" if 1 < x <= 100 else ""
        raise ParameterError(
            f"`{name}` must be a fraction in {interval}, e.g. {example}, "
            f"but {x!r} was passed.{hint}"
        )
    return x


def check_number(x: Any, name: str) -> float:
    """Check that ``x`` is a finite real number and return it as float."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise WrongTypeError(f"`{name}` must be a number, but {x!r} was passed.")
    x = float(x)
    if not math.isfinite(x):
        raise ParameterError(f"`{name}` must be a finite number, but {x!r} was passed.")
    return x


def check_columns(data: Any, columns: Mapping[str, Any], *, name: str = "data") -> None:
    """Check that ``data`` is a DataFrame holding every column named in ``columns``.

    ``columns`` maps the parameter name to the column it names, so that the error can say
    which parameter to change.
    """
    if not isinstance(data, pd.DataFrame):
        raise WrongTypeError(
            f"`{name}` must be a pandas DataFrame, but {type(data).__name__} was passed."
        )
    for param, col in columns.items():
        if col not in data.columns:
            raise DataError(
                f"`{param}`={col!r} is not a column of `{name}`; its columns are "
                f"{list(data.columns)!r}."
            )


def descending_order(values: pd.Series) -> np.ndarray:
    """Positions from the largest value to the smallest, ties by ascending customer id.

    Ties are broken by ascending customer id (by its text when ids of different types
    cannot be compared), so the order never depends on the input order. One stable sort
    of the values, then the customer ids are sorted only among tied values (and not at
    all when the input is already in id order or no two values are equal).
    """
    v = values.to_numpy()
    order = np.argsort(-v, kind="stable")
    index = values.index
    try:
        ids_sorted = index.is_monotonic_increasing
    except TypeError:  # ids of types that cannot be compared
        ids_sorted = False
    if ids_sorted or len(v) < 2:
        return order  # the stable sort already keeps ties in id order
    desc = v[order]
    same_as_next = desc[1:] == desc[:-1]
    tied = np.zeros(len(v), dtype=bool)
    tied[:-1] = same_as_next
    tied[1:] |= same_as_next
    if not tied.any():
        return order
    slots = np.flatnonzero(tied)  # places in the sorted order held by tied customers
    group = np.concatenate(([0], np.cumsum(~same_as_next)))[slots]  # which tie
    tied_ids = index[order[slots]]
    try:
        by_id = np.asarray(tied_ids.argsort())
    except TypeError:  # ids of types that cannot be compared: compare their text
        by_id = np.asarray(tied_ids.astype(str).argsort())
    m = len(slots)
    id_rank = np.empty(m, dtype=np.int64)
    id_rank[by_id] = np.arange(m)
    # Order the tied customers by (tie, id) with one sort of a combined integer key.
    order[slots] = order[slots][np.argsort(group * m + id_rank)]
    return order
