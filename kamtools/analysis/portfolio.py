"""Portfolio logic: share of wallet, whitespace, weighted scores and the McDonald matrix.

Key accounts are chosen on potential, not on current size: how much the customer spends
on the category (its *wallet*), how much of it we already win, how attractive the
account is and how strong we are in it. These functions turn those estimates into
numbers a key account team can discuss.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from .._validate import _example, as_values, check_number, descending_order, plain
from ..errors import (
    DataError,
    EmptyDataError,
    KamtoolsWarning,
    NegativeValuesError,
    ParameterError,
    WrongTypeError,
)

__all__ = [
    "QUADRANT_STRATEGIES",
    "portfolio_quadrant",
    "share_of_wallet",
    "weighted_score",
    "whitespace",
]

#: Quadrants of the key account portfolio (McDonald / Woodburn & McDonald) and the
#: strategy each calls for, in the order high/high, high/low, low/high, low/low of
#: (account attractiveness, supplier's relative strength).
QUADRANT_STRATEGIES: dict[str, str] = {
    "Strategic": "invest for growth: build the relationship and put the best people on it",
    "Star": "invest selectively: build strength where the prize justifies it",
    "Status": "maintain: protect the position efficiently",
    "Streamline": "manage for cash: cut cost-to-serve and offer standard terms",
}

_MAX_LISTED = 5


# ------------------------------------------------------------------ shared input checks


def _is_keyed(values: Any) -> bool:
    """Whether ``values`` carries customer ids (a Series, mapping or 1-column DataFrame)."""
    return isinstance(values, (pd.Series, pd.DataFrame, Mapping))


def _values(values: Any, name: str, *, nan_hint: str | None) -> pd.Series:
    """Return ``values`` as a float Series; NaN is kept when ``nan_hint`` is None.

    With a ``nan_hint`` a missing value raises a DataError naming the customer and
    ending with the hint.
    """
    if isinstance(values, Mapping):
        values = pd.Series(values, dtype=object)
    elif isinstance(values, pd.DataFrame) and values.shape[1] == 1:
        values = values.iloc[:, 0]
    elif not isinstance(values, (pd.Series, pd.DataFrame, str, bytes)) and np.ndim(values) == 1:
        values = pd.Series(np.asarray(values, dtype=object))
    if not isinstance(values, pd.Series):
        return as_values(values, name=name)  # raises the shared, explanatory error
    missing = values.isna().to_numpy()
    if missing.any():
        if nan_hint is not None:
            raise DataError(
                f"`{name}` has {int(missing.sum())} missing (NaN) values, e.g. "
                f"{_example(values, missing)}. {nan_hint}"
            )
        checked = as_values(values.mask(missing, 0.0), name=name)
        return checked.mask(missing)
    return as_values(values, name=name)


def _listed(ids: pd.Index) -> str:
    """Up to five ids, then how many more."""
    shown = ", ".join(repr(x) for x in ids[:_MAX_LISTED])
    more = len(ids) - _MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _paired(
    first: Any,
    second: Any,
    names: tuple[str, str],
    *,
    nan_hints: tuple[str | None, str | None],
) -> tuple[pd.Series, pd.Series]:
    """Validate two per-customer inputs and line them up customer by customer.

    Two keyed inputs (Series, dicts) are aligned on their customer ids, in the order of
    the first; any customer present in only one of them is an error. Otherwise the
    inputs are matched by position and must be of equal length; a keyed input lends its
    customer ids to the other.
    """
    a = _values(first, names[0], nan_hint=nan_hints[0])
    b = _values(second, names[1], nan_hint=nan_hints[1])
    if _is_keyed(first) and _is_keyed(second):
        only_a = a.index[~a.index.isin(b.index)]
        only_b = b.index[~b.index.isin(a.index)]
        if len(only_a) or len(only_b):
            parts = []
            if len(only_a):
                parts.append(f"only in `{names[0]}`: {_listed(only_a)}")
            if len(only_b):
                parts.append(f"only in `{names[1]}`: {_listed(only_b)}")
            raise DataError(
                f"`{names[0]}` and `{names[1]}` must cover the same customers, but "
                f"{len(only_a) + len(only_b)} customers are in one and not the other "
                f"({'; '.join(parts)})."
            )
        return a, b.reindex(a.index)
    if len(a) != len(b):
        raise DataError(
            f"`{names[0]}` and `{names[1]}` must have one value per customer each, but "
            f"{len(a)} and {len(b)} values were passed."
        )
    index = b.index if _is_keyed(second) and not _is_keyed(first) else a.index
    return a.set_axis(index), b.set_axis(index)


def _revenue_and_wallet(revenue: Any, wallet: Any) -> tuple[pd.Series, pd.Series]:
    """Shared checks of :func:`share_of_wallet` and :func:`whitespace`."""
    rev, wal = _paired(
        revenue,
        wallet,
        ("revenue", "wallet"),
        nan_hints=(
            "Our own revenue is known: use 0 for customers who bought nothing.",
            None,
        ),
    )
    negative = rev.to_numpy() < 0
    if negative.any():
        raise NegativeValuesError(
            f"`revenue` must be >= 0 to compare with a wallet, but {int(negative.sum())} "
            f"customers have a negative value, e.g. {_example(rev, negative)}."
        )
    negative = wal.to_numpy() < 0  # NaN compares False
    if negative.any():
        raise NegativeValuesError(
            f"`wallet` (the customer's estimated spend on the category) must be >= 0, but "
            f"{int(negative.sum())} customers have a negative value, e.g. "
            f"{_example(wal, negative)}."
        )
    below = wal.to_numpy() < rev.to_numpy()
    if below.any():
        pos = int(np.flatnonzero(below)[0])
        warnings.warn(
            f"`wallet` is below our own revenue for {int(below.sum())} customers, e.g. "
            f"customer {plain(rev.index[pos])!r} (revenue {plain(rev.iloc[pos])!r}, wallet "
            f"{plain(wal.iloc[pos])!r}): the wallet estimate is probably too low. Nothing "
            "was changed: share of wallet comes out above 1 and whitespace 0 (NaN where "
            "the wallet is 0).",
            KamtoolsWarning,
            stacklevel=3,
        )
    return rev, wal


# ---------------------------------------------------------------- wallet and whitespace


def share_of_wallet(revenue: Any, wallet: Any) -> pd.Series:
    """Compute each customer's share of wallet: our revenue / its category spend.

    Parameters
    ----------
    revenue : Series, dict or 1-D array-like
        Our revenue per customer (>= 0, no missing values).
    wallet : Series, dict or 1-D array-like
        Estimated total spend of each customer on the category, from all suppliers
        (>= 0); NaN where unknown.

    Returns
    -------
    Series
        Named ``"share_of_wallet"``, one value per customer in the order of `revenue`;
        NaN where the wallet is unknown or zero.

    Raises
    ------
    WrongTypeError
        An input is not one number per customer.
    DataError
        The customers of two Series or dicts differ (all are listed), two arrays differ
        in length, a revenue is missing (NaN), a value is infinite or a customer is
        repeated.
    NegativeValuesError
        A revenue or a wallet is negative.
    EmptyDataError
        There are no customers.

    Warns
    -----
    KamtoolsWarning
        When some wallets are below our revenue, naming how many and one example.

    Notes
    -----
    ``share = revenue / wallet``. Two Series (or dicts) are matched on customer id; two
    arrays or lists by position. An unknown (NaN) or zero wallet gives NaN, never 0: a
    share of nothing is undefined. A wallet below our revenue cannot be right (the
    customer cannot buy more from us than in total); the share is kept as computed,
    above 1, not clipped, and a warning says so.

    Examples
    --------
    >>> import numpy as np
    >>> import kamtools as kt
    >>> kt.share_of_wallet({"A": 200, "B": 50, "C": 0}, {"A": 800, "B": np.nan, "C": 0})
    A    0.25
    B     NaN
    C     NaN
    Name: share_of_wallet, dtype: float64
    """
    rev, wal = _revenue_and_wallet(revenue, wallet)
    known = wal.to_numpy() > 0
    share = np.divide(rev.to_numpy(), wal.to_numpy(), out=np.full(len(rev), np.nan), where=known)
    return pd.Series(share, index=rev.index, name="share_of_wallet")


def whitespace(revenue: Any, wallet: Any) -> pd.Series:
    """Compute each customer's whitespace: the category spend we do not win yet.

    Parameters
    ----------
    revenue : Series, dict or 1-D array-like
        Our revenue per customer (>= 0, no missing values).
    wallet : Series, dict or 1-D array-like
        Estimated total spend of each customer on the category, from all suppliers
        (>= 0); NaN where unknown.

    Returns
    -------
    Series
        Named ``"whitespace"``, one value per customer in the order of `revenue`, in the
        currency of the inputs; NaN where the wallet is unknown or zero.

    Raises
    ------
    WrongTypeError, DataError, NegativeValuesError, EmptyDataError
        As :func:`share_of_wallet`.

    Warns
    -----
    KamtoolsWarning
        When some wallets are below our revenue, naming how many and one example.

    Notes
    -----
    ``whitespace = max(0, wallet - revenue)``, with the same input rules as
    :func:`share_of_wallet`. A large wallet with a low share is where the best people
    should go; an unknown or zero wallet gives NaN (not 0, which would read as "nothing
    left to win"); a wallet below our revenue gives 0 and a warning.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.whitespace({"A": 200, "B": 50}, {"A": 800, "B": 100})
    A    600.0
    B     50.0
    Name: whitespace, dtype: float64
    """
    rev, wal = _revenue_and_wallet(revenue, wallet)
    gap = np.maximum(wal.to_numpy() - rev.to_numpy(), 0.0)  # NaN stays NaN
    gap[~(wal.to_numpy() > 0)] = np.nan
    return pd.Series(gap, index=rev.index, name="whitespace")


# ---------------------------------------------------------------------- weighted scores


def _check_scale(scale: Any) -> tuple[float, float]:
    """Return ``scale`` as (low, high) with finite low < high."""
    if isinstance(scale, (str, bytes)) or np.ndim(scale) != 1 or len(scale) != 2:
        raise ParameterError(
            f"`scale` must be a pair (lowest, highest), e.g. (0, 10), but {scale!r} was passed."
        )
    low, high = (check_number(x, "scale") for x in scale)
    if not low < high:
        raise ParameterError(
            f"`scale` must be (lowest, highest) with lowest < highest, but {scale!r} was passed."
        )
    return low, high


def _check_weights(weights: Any) -> tuple[list[Hashable], np.ndarray]:
    """Return the criteria named by ``weights`` and their weights as floats."""
    if not isinstance(weights, (Mapping, pd.Series)):
        raise WrongTypeError(
            "`weights` must map each criterion to its weight, e.g. {'growth': 2, "
            f"'margin': 1}}, but {weights!r} was passed."
        )
    pairs = list(weights.items())
    if not pairs:
        raise ParameterError("`weights` is empty: give at least one criterion a weight.")
    names = [name for name, _ in pairs]
    if isinstance(weights, pd.Series) and not weights.index.is_unique:
        dup = weights.index[weights.index.duplicated()][0]
        raise ParameterError(f"`weights` gives criterion {dup!r} more than one weight.")
    values = np.empty(len(pairs))
    for k, (name, weight) in enumerate(pairs):  # one pass over the criteria, not the rows
        if isinstance(weight, np.generic):
            weight = weight.item()
        if isinstance(weight, bool) or not isinstance(weight, Real):
            raise WrongTypeError(
                f"`weights[{name!r}]` must be a number, but {weight!r} was passed."
            )
        values[k] = float(weight)
        if not np.isfinite(values[k]) or values[k] < 0:
            raise ParameterError(
                f"`weights[{name!r}]` must be a finite number >= 0, but {weight!r} was passed."
            )
    if values.sum() <= 0:
        raise ParameterError(
            "The weights must not all be 0 (their sum is the divisor), but "
            f"{dict(pairs)!r} was passed."
        )
    return names, values


def _check_scores(
    frame: pd.DataFrame,
    columns: list[Hashable],
    labels: list[str],
    scale: tuple[float, float],
) -> np.ndarray:
    """Numeric values of ``columns`` as a float array, NaN kept, all within ``scale``.

    ``labels`` name each column in error messages.
    """
    low, high = scale
    out = np.empty((len(frame), len(columns)))
    for j, (col, label) in enumerate(zip(columns, labels, strict=True)):  # per column
        raw = frame[col]
        if raw.dtype == bool:
            raise WrongTypeError(f"{label} must hold numbers, but it holds True/False values.")
        values = (
            raw if pd.api.types.is_numeric_dtype(raw.dtype) else pd.to_numeric(raw, errors="coerce")
        )
        bad = (values.isna() & raw.notna()).to_numpy()
        if bad.any():
            raise WrongTypeError(
                f"{label} must hold numbers, but {int(bad.sum())} entries are not, "
                f"e.g. {_example(raw, bad)}."
            )
        arr = values.to_numpy(dtype=float, na_value=np.nan)
        outside = (arr < low) | (arr > high)
        if outside.any():
            pos = int(np.flatnonzero(outside)[0])
            raise DataError(
                f"{label} must lie on the common scale [{low:g}, {high:g}] (`scale`), but "
                f"customer {plain(frame.index[pos])!r} has {float(arr[pos])!r} ({int(outside.sum())} "
                "values are outside)."
            )
        out[:, j] = arr
    return out


def weighted_score(
    criteria: pd.DataFrame,
    weights: Mapping[Any, float] | pd.Series,
    *,
    scale: tuple[float, float] = (0, 10),
) -> pd.Series:
    """Combine criteria scored on a common scale into one weighted score per account.

    Parameters
    ----------
    criteria : DataFrame
        One row per account (index = customer id), one column per criterion, every
        criterion scored on the same `scale`; NaN where a score is missing.
    weights : mapping or Series of criterion -> weight
        Weight of each criterion (>= 0, not all 0). Only the criteria named here are
        used; other columns of `criteria` are ignored.
    scale : pair of float, default (0, 10)
        Lowest and highest possible score of every criterion.

    Returns
    -------
    Series
        Named ``"score"``, one per account in the order of `criteria`, on `scale`;
        NaN for an account with a missing score on a weighted criterion.

    Raises
    ------
    WrongTypeError
        `criteria` is not a DataFrame, `weights` not a mapping, or a weight or a used
        criterion is not numeric.
    ParameterError
        A weight is negative or not finite, all weights are 0, or `scale` is not a
        pair (low, high) with low < high.
    DataError
        A weighted criterion is not a column of `criteria`, a score lies outside
        `scale` (the criterion, the customer and the value are named), or an account
        appears twice.
    EmptyDataError
        `criteria` has no rows.

    Notes
    -----
    ``score = sum(w_k * x_k) / sum(w_k)`` over the criteria with a weight, so the score
    is on the same scale as the criteria and only the weights' ratios matter. Weights
    name the criteria in use: to try another set of criteria pass other weights, no
    need to drop columns. A criterion with weight 0 takes no part (its missing values
    do not matter) but must still be a column. A missing score is never treated as 0:
    the account's score stays NaN until the team scores it.

    Ranking is left to the caller. For an order that does not depend on the input
    order, break ties by customer id::

        scores.sort_index().sort_values(ascending=False, kind="stable")

    Examples
    --------
    >>> import pandas as pd
    >>> import kamtools as kt
    >>> criteria = pd.DataFrame(
    ...     {"size": [8, 4, 6], "growth": [6, 9, None], "fit": [7, 7, 5]},
    ...     index=["Acme", "Bolt", "Core"],
    ... )
    >>> kt.weighted_score(criteria, {"size": 2, "growth": 1, "fit": 1})
    Acme    7.25
    Bolt    6.00
    Core     NaN
    Name: score, dtype: float64
    """
    if not isinstance(criteria, pd.DataFrame):
        raise WrongTypeError(
            "`criteria` must be a pandas DataFrame (one row per account, one column per "
            f"criterion), but {type(criteria).__name__} was passed."
        )
    names, w = _check_weights(weights)
    low_high = _check_scale(scale)
    missing = [c for c in names if c not in criteria.columns]
    if missing:
        raise DataError(
            f"`weights` names criteria that are not columns of `criteria`: {missing!r}; "
            f"its columns are {list(criteria.columns)!r}."
        )
    if len(criteria) == 0:
        raise EmptyDataError("`criteria` has no rows: there are no accounts to score.")
    if not criteria.index.is_unique:
        dup = criteria.index[criteria.index.duplicated()][0]
        raise DataError(
            f"`criteria` must have one row per account, but account {dup!r} appears "
            f"{int((criteria.index == dup).sum())} times."
        )
    used = [name for name, weight in zip(names, w, strict=True) if weight > 0]
    repeated = [name for name in used if (criteria.columns == name).sum() > 1]
    if repeated:
        raise DataError(f"`criteria` has more than one column named {repeated[0]!r}; rename them.")
    x = _check_scores(criteria, used, [f"Criterion {name!r}" for name in used], low_high)
    score = x @ w[w > 0] / w.sum()
    return pd.Series(score, index=criteria.index.copy(), name="score")


# ----------------------------------------------------------------- portfolio quadrants


def _check_cut(cut: Any, scale: tuple[float, float]) -> tuple[float, float]:
    """Return (attractiveness cut, strength cut), each within ``scale``."""
    low, high = scale
    if cut is None:
        pair = ((low + high) / 2, (low + high) / 2)
    elif isinstance(cut, (str, bytes)):
        raise WrongTypeError(
            f"`cut` must be a number or a pair of numbers, but {cut!r} was passed."
        )
    elif np.ndim(cut) == 0:
        value = check_number(cut, "cut")
        pair = (value, value)
    elif np.ndim(cut) == 1 and len(cut) == 2:
        pair = (check_number(cut[0], "cut"), check_number(cut[1], "cut"))
    else:
        raise ParameterError(
            "`cut` must be one number or a pair (attractiveness cut, strength cut), but "
            f"{cut!r} was passed."
        )
    for value in pair:
        if not low <= value <= high:
            raise ParameterError(
                f"`cut` must lie within `scale` [{low:g}, {high:g}], but {cut!r} was passed."
            )
    return pair


def portfolio_quadrant(
    attractiveness: Any,
    strength: Any,
    *,
    cut: float | tuple[float, float] | None = None,
    scale: tuple[float, float] = (0, 10),
) -> pd.DataFrame:
    """Place each key account in the McDonald (Cranfield) portfolio matrix.

    Parameters
    ----------
    attractiveness : Series, dict or 1-D array-like
        How attractive each account is to us (vertical axis), on `scale`.
    strength : Series, dict or 1-D array-like
        Our strength relative to competitors in each account, as the account sees it
        (horizontal axis), on `scale`.
    cut : float or pair of float, optional
        Score that splits low from high: one number for both axes, or a pair
        (attractiveness cut, strength cut). By default the middle of `scale`.
    scale : pair of float, default (0, 10)
        Lowest and highest possible score.

    Returns
    -------
    DataFrame
        One row per account (index = customer id, in the order of `attractiveness`),
        with columns ``attractiveness``, ``strength``, ``quadrant`` (a categorical with
        the four names in the order of :data:`QUADRANT_STRATEGIES`) and ``strategy``.

    Raises
    ------
    WrongTypeError
        An input is not one number per account, or `cut` is not a number.
    ParameterError
        `scale` is not (low, high) with low < high, or `cut` lies outside it.
    DataError
        A score is missing (NaN) or outside `scale` (the account is named), the
        customers of two Series or dicts differ, or two arrays differ in length.
    EmptyDataError
        There are no accounts.

    Notes
    -----
    A score at or above the cut counts as high (``value >= cut``), so with the default
    cut 5 on a 0-10 scale a 5 is high. The quadrants (Woodburn & McDonald) and their
    strategies, from :data:`QUADRANT_STRATEGIES`:

    ==============  ============  ============  ===========================
    attractiveness  strength      quadrant      strategy
    ==============  ============  ============  ===========================
    high            high          Strategic     invest for growth
    high            low           Star          invest selectively
    low             high          Status        maintain
    low             low           Streamline    manage for cash
    ==============  ============  ============  ===========================

    Two Series (or dicts) are matched on customer id, arrays by position. An account
    without a score cannot be placed: a NaN raises an error naming it rather than being
    put in a quadrant by default. Score the accounts with a cross-functional team and a
    horizon of about three years; select key accounts on potential, not current size.

    Examples
    --------
    >>> import kamtools as kt
    >>> table = kt.portfolio_quadrant(
    ...     {"Acme": 8, "Bolt": 7, "Core": 3, "Dyna": 2},
    ...     {"Acme": 6, "Bolt": 2, "Core": 5, "Dyna": 4.5},
    ... )
    >>> table["quadrant"].tolist()
    ['Strategic', 'Star', 'Status', 'Streamline']
    >>> table.loc["Core", "strategy"]
    'maintain: protect the position efficiently'
    """
    low_high = _check_scale(scale)
    attractiveness_cut, strength_cut = _check_cut(cut, low_high)
    hint = "An unscored account cannot be placed: score it or leave it out."
    attr, strong = _paired(
        attractiveness,
        strength,
        ("attractiveness", "strength"),
        nan_hints=(hint, hint),
    )
    frame = pd.DataFrame({"attractiveness": attr, "strength": strong})
    _check_scores(frame, list(frame.columns), ["`attractiveness`", "`strength`"], low_high)
    high_attr = frame["attractiveness"].to_numpy() >= attractiveness_cut
    high_strength = frame["strength"].to_numpy() >= strength_cut
    names = list(QUADRANT_STRATEGIES)
    codes = np.where(high_attr, 0, 2) + np.where(high_strength, 0, 1)
    frame["quadrant"] = pd.Categorical.from_codes(codes, categories=pd.Index(names))
    strategies = np.array(list(QUADRANT_STRATEGIES.values()))[codes]
    frame["strategy"] = pd.Series(strategies, index=frame.index, dtype="str")
    return frame


# ------------------------------------------------------- ranking and quadrant changes
# (added for the interactive layer: kamtools.widgets.scoring shows both)

__all__ += ["quadrant_changes", "rank_accounts"]


def rank_accounts(scores: Any, *, top: int | None = None) -> pd.DataFrame:
    """Rank accounts from the highest score to the lowest, ties by customer id.

    Parameters
    ----------
    scores : Series, dict or 1-D array-like
        One score per account, e.g. the result of :func:`weighted_score` (index =
        customer id; a list numbers the accounts 0..n-1). NaN marks an unscored account.
    top : int, optional
        Keep only the first ``top`` rows (an int >= 1); None (default) keeps every
        account. A ``top`` larger than the number of accounts keeps them all.

    Returns
    -------
    DataFrame
        One row per account with a RangeIndex and the columns ``rank`` (nullable
        ``Int64``: 1, 2, ... for scored accounts, ``<NA>`` for unscored ones),
        ``customer`` (the id) and ``score``.

    Raises
    ------
    WrongTypeError
        `scores` is not one number per account, or `top` is not a whole number.
    ParameterError
        `top` is below 1.
    DataError
        A score is infinite or an account id is repeated.
    EmptyDataError
        There are no accounts.

    Notes
    -----
    Scored accounts come first, from the highest score to the lowest; equal scores are
    ordered by ascending customer id (by their text when ids of different types cannot
    be compared), so the ranking never depends on the input order. The rank is the
    position in that order: tied accounts get consecutive ranks, not a shared one.
    Unscored accounts (NaN) follow, by ascending id, with no rank: a missing score is
    never ranked as if it were 0.

    Examples
    --------
    >>> import numpy as np
    >>> import kamtools as kt
    >>> kt.rank_accounts({"Core": 6.0, "Acme": 7.25, "Bolt": 6.0, "Dyna": np.nan})
       rank customer  score
    0     1     Acme   7.25
    1     2     Bolt   6.00
    2     3     Core   6.00
    3  <NA>     Dyna    NaN
    >>> kt.rank_accounts([3, 9, 5], top=2)["customer"].tolist()
    [1, 2]
    """
    if top is not None:
        if isinstance(top, bool) or not isinstance(top, (int, np.integer)):
            raise WrongTypeError(
                f"`top` must be a whole number of accounts (an int >= 1) or None, but "
                f"{top!r} was passed."
            )
        if top < 1:
            raise ParameterError(f"`top` must be at least 1 account, but {top!r} was passed.")
    values = _values(scores, "scores", nan_hint=None)
    missing = values.isna().to_numpy()
    scored = values[~missing]
    unscored = values[missing]
    # Unscored accounts: equal keys, so descending_order sorts them by id alone.
    order = np.concatenate(
        (
            np.flatnonzero(~missing)[descending_order(scored)],
            np.flatnonzero(missing)[descending_order(pd.Series(0.0, index=unscored.index))],
        )
    )
    n_scored = len(scored)
    rank = pd.array(np.arange(1, len(values) + 1), dtype="Int64")  # positions in the order
    rank[n_scored:] = pd.NA  # unscored accounts have no rank
    table = pd.DataFrame(
        {
            "rank": rank,
            "customer": values.index[order],
            "score": values.to_numpy()[order],
        }
    )
    return table if top is None else table.head(int(top))


def _quadrant_labels(placement: Any, name: str) -> pd.Series:
    """The quadrant name of each account, from a portfolio_quadrant table or a Series."""
    if isinstance(placement, pd.DataFrame):
        if "quadrant" not in placement.columns:
            raise DataError(
                f"`{name}` must be a table from kt.portfolio_quadrant (with a 'quadrant' "
                f"column) or a Series of quadrant names, but a DataFrame with columns "
                f"{list(placement.columns)!r} was passed."
            )
        placement = placement["quadrant"]
    elif isinstance(placement, Mapping):
        placement = pd.Series(placement, dtype=object)
    if not isinstance(placement, pd.Series):
        raise WrongTypeError(
            f"`{name}` must be a table from kt.portfolio_quadrant or a Series of quadrant "
            f"names indexed by customer id, but {placement!r} was passed."
        )
    if isinstance(placement, pd.DataFrame):  # a repeated 'quadrant' column
        raise DataError(f"`{name}` has more than one column named 'quadrant'; rename them.")
    if len(placement) == 0:
        raise EmptyDataError(f"`{name}` is empty: there are no accounts to compare.")
    if not placement.index.is_unique:
        dup = placement.index[placement.index.duplicated()][0]
        raise DataError(
            f"`{name}` must have one quadrant per account, but account {plain(dup)!r} "
            f"appears {int((placement.index == dup).sum())} times."
        )
    labels = placement.astype(object)
    known = labels.isin(list(QUADRANT_STRATEGIES)).to_numpy()
    if not known.all():
        raise DataError(
            f"`{name}` must hold the quadrant names {list(QUADRANT_STRATEGIES)!r}, but "
            f"{int((~known).sum())} accounts do not, e.g. {_example(labels, ~known)}."
        )
    return labels


def quadrant_changes(before: Any, after: Any) -> pd.DataFrame:
    """List the accounts whose portfolio quadrant differs between two placements.

    Parameters
    ----------
    before : DataFrame, Series or dict
        The earlier placement (the baseline): a table returned by
        :func:`portfolio_quadrant` (its ``quadrant`` column is used), or the quadrant
        name of each account indexed by customer id.
    after : DataFrame, Series or dict
        The later placement, e.g. after the weights of the criteria moved, in the same
        form; it must cover the same accounts.

    Returns
    -------
    DataFrame
        One row per account that changed quadrant, indexed by customer id in the order
        of `after`, with the columns ``old_quadrant`` and ``new_quadrant`` (categoricals
        with the four names in the order of :data:`QUADRANT_STRATEGIES`) and
        ``strategy`` (the strategy of the new quadrant). Empty, with these columns,
        when no account moved.

    Raises
    ------
    WrongTypeError
        An input is neither a DataFrame, a Series nor a dict (a list carries no
        customer ids to match).
    DataError
        A DataFrame has no ``quadrant`` column, a value is not one of the four quadrant
        names (missing values included), an account appears twice, or the two
        placements do not cover the same accounts (they are listed).
    EmptyDataError
        A placement has no accounts.

    Notes
    -----
    Accounts are matched on customer id, never by position. Quadrant names are
    compared exactly; a change of score that keeps an account in its quadrant is not a
    change. Use it to show which accounts a new weighting of the criteria moves, and so
    which strategy discussions it reopens.

    Examples
    --------
    >>> import kamtools as kt
    >>> old = kt.portfolio_quadrant({"Acme": 8, "Bolt": 4, "Core": 3}, {"Acme": 6, "Bolt": 7, "Core": 2})
    >>> new = kt.portfolio_quadrant({"Acme": 8, "Bolt": 6, "Core": 3}, {"Acme": 6, "Bolt": 7, "Core": 2})
    >>> kt.quadrant_changes(old, new)[["old_quadrant", "new_quadrant"]]
         old_quadrant new_quadrant
    Bolt       Status    Strategic
    """
    old = _quadrant_labels(before, "before")
    new = _quadrant_labels(after, "after")
    only_old = old.index[~old.index.isin(new.index)]
    only_new = new.index[~new.index.isin(old.index)]
    if len(only_old) or len(only_new):
        parts = []
        if len(only_old):
            parts.append(f"only in `before`: {_listed(only_old)}")
        if len(only_new):
            parts.append(f"only in `after`: {_listed(only_new)}")
        raise DataError(
            "`before` and `after` must cover the same accounts, but "
            f"{len(only_old) + len(only_new)} accounts are in one and not the other "
            f"({'; '.join(parts)})."
        )
    old = old.reindex(new.index)
    moved = np.asarray(old.to_numpy() != new.to_numpy(), dtype=bool)
    names = list(QUADRANT_STRATEGIES)
    table = pd.DataFrame(
        {
            "old_quadrant": pd.Categorical(old[moved].to_numpy(), categories=names),
            "new_quadrant": pd.Categorical(new[moved].to_numpy(), categories=names),
        },
        index=new.index[moved],
    )
    table["strategy"] = pd.Series(
        new[moved].map(QUADRANT_STRATEGIES).to_numpy(), index=table.index, dtype="str"
    )
    return table
