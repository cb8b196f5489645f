"""The buyer's lens: how the customer's purchasing classifies what we sell, and us.

Two 2x2 matrices from purchasing, the other side of the key account table:

- Kraljic's purchasing-portfolio matrix (Kraljic 1983, "Purchasing must become supply
  management", Harvard Business Review): every item a company buys scored on its
  **profit impact** and its **supply risk**, giving strategic, leverage, bottleneck and
  non-critical items, each bought in its own way.
- Supplier preferencing (Steele & Court 1996, *Profitable Purchasing Strategies*): how a
  *supplier* sees a customer, scored on the **relative value** of the account to the
  supplier and the **attractiveness** of the account, giving core, development,
  exploitable and nuisance accounts. Buyers use it to read how a supplier treats them.

Both functions take scores on a 0-10 scale, one number or one per item (Series, dict,
list or array), and use the same boundary rule as :func:`kamtools.portfolio_quadrant`:
a score equal to ``split`` counts as **high**.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from .._validate import check_number, plain
from ..errors import DataError, EmptyDataError, ParameterError, WrongTypeError

__all__ = [
    "KRALJIC_FOR_SUPPLIER",
    "KRALJIC_STRATEGIES",
    "SUPPLIER_PREFERENCE_BEHAVIOUR",
    "kraljic_quadrant",
    "supplier_preference_quadrant",
]

#: Lowest and highest score of both matrices.
SCALE = (0.0, 10.0)

#: Kraljic's four item types and how purchasing buys each, in the order high/high,
#: high/low, low/high, low/low of (profit impact, supply risk).
KRALJIC_STRATEGIES: dict[str, str] = {
    "Strategic": "partnership: few suppliers, long contracts, joint planning",
    "Leverage": "use buying power: tenders, e-auctions, pressure on price",
    "Bottleneck": "secure supply: stock, second sources, approved alternatives",
    "Non-critical": "cut process cost: e-catalogues, consolidation, standard terms",
}

#: What each Kraljic item type means for the supplier's key account manager, in the
#: order of :data:`KRALJIC_STRATEGIES`.
KRALJIC_FOR_SUPPLIER: dict[str, str] = {
    "Strategic": "room for partnership: joint plans, shared data, the place for KAM",
    "Leverage": "expect tenders and price pressure: prove total cost, not unit price",
    "Bottleneck": "they want security of supply: show stock, lead times and backups",
    "Non-critical": "they want less effort: catalogues, one invoice, easy ordering",
}

#: Steele & Court's four views a supplier takes of a customer, and how a buyer sees
#: that supplier behave, in the order high/high, high/low, low/high, low/low of
#: (account attractiveness, relative value of the account).
SUPPLIER_PREFERENCE_BEHAVIOUR: dict[str, str] = {
    "Core": "defends the account: attention, flexibility, its best people",
    "Development": "courts the account: offers, visits, extras to grow the business",
    "Exploitable": "milks the account: high prices, little effort, slow to help",
    "Nuisance": "avoids the account: slow answers, high quotes, may walk away",
}


# ------------------------------------------------------------------------ input checks


def _describe(index: Any) -> str:
    return f"item {plain(index)!r}"


def _scores(values: Any, name: str) -> pd.Series | float:
    """``values`` as a float (one number) or a float Series on the 0-10 scale.

    Raises WrongTypeError for anything that is not numbers, DataError for a missing
    (NaN) score or a score outside 0-10, EmptyDataError for no items; every message
    names the parameter and the first offending item.
    """
    low, high = SCALE
    if isinstance(values, np.generic):
        values = values.item()
    if isinstance(values, bool) or values is None:
        raise WrongTypeError(f"`{name}` must be a score from 0 to 10, but {values!r} was passed.")
    if isinstance(values, Real):
        x = float(values)
        if math.isnan(x):
            raise DataError(
                f"`{name}` is missing (NaN): score it from 0 to 10 before placing the item."
            )
        if not low <= x <= high:
            raise DataError(f"`{name}` must be a score from 0 to 10, but {values!r} was passed.")
        return x
    if isinstance(values, Mapping):
        values = pd.Series(values, dtype=object)
    elif isinstance(values, pd.DataFrame) and values.shape[1] == 1:
        values = values.iloc[:, 0]
    elif isinstance(values, pd.Series):
        pass
    elif isinstance(values, (str, bytes, pd.DataFrame)) or np.ndim(values) != 1:
        raise WrongTypeError(
            f"`{name}` must be one score from 0 to 10, or one per item (a Series, dict, "
            f"list or 1-D array), but {values!r} was passed."
        )
    else:
        values = pd.Series(np.asarray(values, dtype=object))
    if len(values) == 0:
        raise EmptyDataError(f"`{name}` is empty: there are no items to place.")
    if not values.index.is_unique:
        dup = values.index[values.index.duplicated()][0]
        raise DataError(f"`{name}` must have one score per item, but {_describe(dup)} is repeated.")
    if values.dtype == bool or any(isinstance(v, (bool, np.bool_)) for v in values.to_numpy()):
        raise WrongTypeError(f"`{name}` must hold scores from 0 to 10, not True/False values.")
    numbers = pd.to_numeric(values, errors="coerce")
    wrong = (numbers.isna() & values.notna()).to_numpy()
    if wrong.any():
        pos = int(np.flatnonzero(wrong)[0])
        raise WrongTypeError(
            f"`{name}` must hold scores from 0 to 10, but {_describe(values.index[pos])} has "
            f"{plain(values.iloc[pos])!r}, which is not a number."
        )
    arr = numbers.to_numpy(dtype=float, na_value=np.nan)
    missing = np.isnan(arr)
    if missing.any():
        pos = int(np.flatnonzero(missing)[0])
        raise DataError(
            f"`{name}` has {int(missing.sum())} missing (NaN) scores, e.g. "
            f"{_describe(values.index[pos])}: score it from 0 to 10 or leave the item out."
        )
    outside = (arr < low) | (arr > high)
    if outside.any():
        pos = int(np.flatnonzero(outside)[0])
        raise DataError(
            f"`{name}` must be a score from 0 to 10, but {_describe(values.index[pos])} has "
            f"{plain(values.iloc[pos])!r} ({int(outside.sum())} scores are outside 0-10)."
        )
    return pd.Series(arr, index=values.index)


def _check_split(split: Any) -> float:
    value = check_number(split, "split")
    low, high = SCALE
    if not low <= value <= high:
        raise ParameterError(
            f"`split` must lie on the 0-10 scale of the scores, but {split!r} was passed."
        )
    return value


def _pair(
    first: Any, second: Any, names: tuple[str, str]
) -> tuple[np.ndarray, np.ndarray, pd.Index | None]:
    """Both inputs as equal-length float arrays and the index of the result (None: scalar).

    A single number is used for every item of the other input. Two Series (or dicts)
    are matched on their index; a Series and a list by position.
    """
    a = _scores(first, names[0])
    b = _scores(second, names[1])
    if isinstance(a, float) and isinstance(b, float):
        return np.array([a]), np.array([b]), None
    if isinstance(a, float):
        assert isinstance(b, pd.Series)
        return np.full(len(b), a), b.to_numpy(), b.index
    if isinstance(b, float):
        return a.to_numpy(), np.full(len(a), b), a.index
    keyed = [isinstance(x, (pd.Series, pd.DataFrame, Mapping)) for x in (first, second)]
    if all(keyed):
        if set(a.index) != set(b.index):
            only_a = [plain(x) for x in a.index if x not in b.index][:5]
            only_b = [plain(x) for x in b.index if x not in a.index][:5]
            raise DataError(
                f"`{names[0]}` and `{names[1]}` must score the same items, but some are in "
                f"one and not the other (only in `{names[0]}`: {only_a!r}; only in "
                f"`{names[1]}`: {only_b!r})."
            )
        return a.to_numpy(), b.reindex(a.index).to_numpy(), a.index
    if len(a) != len(b):
        raise DataError(
            f"`{names[0]}` and `{names[1]}` must have one score per item each, but "
            f"{len(a)} and {len(b)} scores were passed."
        )
    index = b.index if keyed[1] and not keyed[0] else a.index
    return a.to_numpy(), b.to_numpy(), index


def _quadrants(
    vertical: np.ndarray,
    horizontal: np.ndarray,
    index: pd.Index | None,
    split: float,
    names: list[str],
    series_name: str,
) -> str | pd.Series:
    """Quadrant names in the order high/high, high/low, low/high, low/low (vertical first)."""
    codes = np.where(vertical >= split, 0, 2) + np.where(horizontal >= split, 0, 1)
    if index is None:
        return names[int(codes[0])]
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=pd.Index(names)), index=index, name=series_name
    )


# ---------------------------------------------------------------------------- Kraljic


def kraljic_quadrant(profit_impact: Any, supply_risk: Any, *, split: float = 5) -> Any:
    """Classify purchased items as the customer's purchasing does (Kraljic matrix).

    Parameters
    ----------
    profit_impact : float, Series, dict or 1-D array-like
        How much the item affects the buyer's profit (its share of spend, its effect on
        the quality of the buyer's product), from 0 (none) to 10 (very high).
    supply_risk : float, Series, dict or 1-D array-like
        How hard the item is to buy safely (few qualified suppliers, long approval,
        no substitutes), from 0 to 10.
    split : float, default 5
        Score that splits low from high on both axes, within 0-10. A score equal to
        ``split`` counts as high, as in :func:`kamtools.portfolio_quadrant`.

    Returns
    -------
    str or Series
        For two single numbers, the quadrant name. Otherwise a categorical Series named
        ``"kraljic_quadrant"`` with the four names of :data:`KRALJIC_STRATEGIES`, one
        per item, indexed like the Series (or dict) given, else 0..n-1.

    Raises
    ------
    WrongTypeError
        A score is not a number (True/False and text are refused), or an input is
        neither a number nor one number per item.
    DataError
        A score is missing (NaN) or outside 0-10 (the parameter and item are named),
        two keyed inputs score different items, or two lists differ in length.
    EmptyDataError
        There are no items.
    ParameterError
        ``split`` lies outside 0-10.

    Notes
    -----
    Kraljic (1983) sorts what a company buys by profit impact (vertical axis) and
    supply risk (horizontal axis); each box is bought differently, see
    :data:`KRALJIC_STRATEGIES` and, for the supplier, :data:`KRALJIC_FOR_SUPPLIER`:

    =============  ===========  ============
    profit impact  supply risk  item type
    =============  ===========  ============
    high           high         Strategic
    high           low          Leverage
    low            high         Bottleneck
    low            low          Non-critical
    =============  ===========  ============

    High means ``score >= split``. A single number is used for every item of the other
    input. Two Series (or dicts) are matched on their index, a Series and a list by
    position.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.kraljic_quadrant(8, 2)
    'Leverage'
    >>> kt.kraljic_quadrant(5, 5)  # a score equal to the split counts as high
    'Strategic'
    >>> kt.kraljic_quadrant({"bearings": 8, "PPE": 2}, {"bearings": 7, "PPE": 3}).tolist()
    ['Strategic', 'Non-critical']
    """
    cut = _check_split(split)
    impact, risk, index = _pair(profit_impact, supply_risk, ("profit_impact", "supply_risk"))
    return _quadrants(impact, risk, index, cut, list(KRALJIC_STRATEGIES), "kraljic_quadrant")


# ---------------------------------------------------------------- supplier preferencing


def supplier_preference_quadrant(
    account_value: Any, account_attractiveness: Any, *, split: float = 5
) -> Any:
    """Place accounts as a supplier sees them (Steele & Court's supplier preferencing).

    Parameters
    ----------
    account_value : float, Series, dict or 1-D array-like
        Relative value of the account to the supplier: how much of the supplier's
        business it is, from 0 (negligible) to 10 (a large share). Horizontal axis.
    account_attractiveness : float, Series, dict or 1-D array-like
        How attractive the account is to the supplier beyond its size (margin, growth,
        prestige, ease of doing business, prompt payment), from 0 to 10. Vertical axis.
    split : float, default 5
        Score that splits low from high on both axes, within 0-10. A score equal to
        ``split`` counts as high, as in :func:`kamtools.portfolio_quadrant`.

    Returns
    -------
    str or Series
        For two single numbers, the quadrant name. Otherwise a categorical Series named
        ``"supplier_preference"`` with the four names of
        :data:`SUPPLIER_PREFERENCE_BEHAVIOUR`, one per account, indexed like the Series
        (or dict) given, else 0..n-1.

    Raises
    ------
    WrongTypeError, DataError, EmptyDataError, ParameterError
        As :func:`kraljic_quadrant`, naming ``account_value`` or
        ``account_attractiveness``.

    Notes
    -----
    Steele & Court (1996) describe how a supplier classifies its customers; buyers use
    the model to read the supplier's behaviour (:data:`SUPPLIER_PREFERENCE_BEHAVIOUR`):

    ==============  =============  ============
    attractiveness  account value  quadrant
    ==============  =============  ============
    high            high           Core
    high            low            Development
    low             high           Exploitable
    low             low            Nuisance
    ==============  =============  ============

    High means ``score >= split``. Note the argument order: the horizontal axis (value)
    first, as in (x, y).

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.supplier_preference_quadrant(8, 3)
    'Exploitable'
    >>> kt.supplier_preference_quadrant([2, 9], [8, 9]).tolist()
    ['Development', 'Core']
    """
    cut = _check_split(split)
    value, attractiveness, index = _pair(
        account_value, account_attractiveness, ("account_value", "account_attractiveness")
    )
    return _quadrants(
        attractiveness,
        value,
        index,
        cut,
        list(SUPPLIER_PREFERENCE_BEHAVIOUR),
        "supplier_preference",
    )
