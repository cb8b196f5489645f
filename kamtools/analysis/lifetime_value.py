"""Customer lifetime value (CLV) and the economics of retention versus acquisition.

A customer who stays brings margin period after period; one who leaves does not come
back. The CLV adds up the margin a customer is expected to bring, discounted to today.
Reichheld & Sasser (1990) found that small cuts in defections raise profit a lot: with
the functions below learners compute for their own numbers how much a few points of
retention are worth, and what acquisition budget would create the same value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

from .._docs import shared_docs
from .._validate import check_fraction, check_number, plain
from ..errors import EmptyDataError, ParameterError, WrongTypeError

__all__ = [
    "clv",
    "clv_by_retention",
    "clv_declining_share",
    "retention_gain_for_budget",
    "retention_vs_acquisition",
]

#: Rounding slack allowed when ``retention + retention_gain`` lands just above 1.
_RETENTION_SLACK = 1e-12

_COMPARISON_INDEX = [
    "clv_now",
    "clv_after_gain",
    "value_of_retention_gain",
    "value_per_new_customer",
    "new_customers_equivalent",
    "acquisition_budget_equivalent",
]

_MODEL_PARAMETERS = """\
margin : float or 1-D sequence of float
    Margin a customer brings per period, received at the end of the period. A single
    number means the same margin every period; a sequence gives the margin of
    periods 1, 2, ..., T in order (its index, if any, is ignored). Losses
    (negative margins) are allowed.
retention : float
    Probability that a customer still buying in one period buys in the next, in
    [0, 1], e.g. 0.8 for 80%.
discount_rate : float
    Discount rate per period (the cost of capital), greater than -1, e.g. 0.1 for
    10%. Use the same period as the margin and the retention (a year, a month)."""

_HORIZON_PARAMETER = """\
horizon : int, optional
    Number of periods to count (an int >= 1). None (the default) counts every future
    period for a single margin, and the length of a margin sequence."""

_SHARED_DOCS = {"model_parameters": _MODEL_PARAMETERS, "horizon_parameter": _HORIZON_PARAMETER}


_doc = shared_docs(_SHARED_DOCS)


def _check_margin(margin: Any) -> float | np.ndarray:
    """Return a single margin as float, or margins per period as a float array."""
    if isinstance(margin, Real) and not isinstance(margin, bool):
        return check_number(margin, "margin")
    raw = (
        margin.to_numpy(dtype=object)
        if isinstance(margin, pd.Series)
        else np.asarray(margin, dtype=object)
    )
    if isinstance(margin, (bool, str, bytes, Mapping)) or raw.ndim == 0:
        raise WrongTypeError(
            "`margin` must be a number or a list of numbers (one per period), "
            f"but {margin!r} was passed."
        )
    if raw.ndim != 1:
        raise WrongTypeError(
            "`margin` must be 1-dimensional (one margin per period), but an array of "
            f"shape {raw.shape} was passed."
        )
    if raw.size == 0:
        raise EmptyDataError("`margin` is empty: give at least one period's margin.")
    values = pd.Series(raw)
    if values.infer_objects().dtype == bool:
        raise WrongTypeError("`margin` must hold numbers, but it holds True/False values.")
    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    not_number = np.isnan(arr) & values.notna().to_numpy()
    if not_number.any():
        pos = int(np.flatnonzero(not_number)[0])
        raise WrongTypeError(
            f"`margin` must hold numbers, but {int(not_number.sum())} periods do not, "
            f"e.g. period {pos + 1} ({plain(raw[pos])!r})."
        )
    not_finite = ~np.isfinite(arr)
    if not_finite.any():
        pos = int(np.flatnonzero(not_finite)[0])
        raise ParameterError(
            f"`margin` must hold finite numbers, but {int(not_finite.sum())} periods do "
            f"not, e.g. period {pos + 1} ({plain(raw[pos])!r})."
        )
    return arr


def _check_horizon(horizon: Any) -> int | None:
    """Return the horizon as int >= 1, or None for an unlimited horizon."""
    if horizon is None:
        return None
    if isinstance(horizon, bool) or not isinstance(horizon, Integral):
        raise WrongTypeError(
            "`horizon` must be a whole number of periods (an int >= 1), or None for no "
            f"limit, but {horizon!r} was passed."
        )
    if horizon < 1:
        raise ParameterError(
            f"`horizon` must be at least 1 period, but {horizon!r} was passed; use None "
            "for no limit."
        )
    return int(horizon)


def _check_model(
    margin: Any, retention: Any, discount_rate: Any, horizon: Any
) -> tuple[float | np.ndarray, float, float, int | None]:
    """Validate the CLV model inputs shared by every function of this module."""
    m = _check_margin(margin)
    r = check_fraction(retention, "retention", allow_zero=True, example="0.8 for 80%")
    i = check_number(discount_rate, "discount_rate")
    if i <= -1:
        raise ParameterError(
            f"`discount_rate` must be greater than -1 (e.g. 0.1 for 10%), but "
            f"{discount_rate!r} was passed."
        )
    t = _check_horizon(horizon)
    if isinstance(m, np.ndarray) and t is not None and t != len(m):
        raise ParameterError(
            f"`horizon` must be None or the number of margins given ({len(m)}) when "
            f"`margin` is a sequence, but {horizon!r} was passed."
        )
    return m, r, i, t


def _check_non_negative(x: Any, name: str, *, positive: bool = False) -> float:
    """Check that ``x`` is a finite number >= 0 (> 0 with ``positive``)."""
    value = check_number(x, name)
    if value < 0 or (positive and value == 0):
        bound = "greater than 0" if positive else "at least 0"
        raise ParameterError(f"`{name}` must be {bound}, but {x!r} was passed.")
    return value


def _clv_values(m: float | np.ndarray, r: np.ndarray, i: float, t: int | None) -> np.ndarray:
    """CLV of validated inputs, before the acquisition cost, for an array of retentions.

    NaN where the CLV is not finite: with no horizon where ``r >= 1 + i`` (the sum
    diverges), and wherever the arithmetic overflows.
    """
    r = np.asarray(r, dtype=float)
    q = r / (1.0 + i)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if isinstance(m, np.ndarray):
            # sum over t of m_t * q**t, one row per retention
            values = (np.power(q[:, None], np.arange(1, len(m) + 1)) * m).sum(axis=1)
        elif t is None:
            values = np.where(r < 1.0 + i, m * r / (1.0 + i - r), np.nan)
        else:
            d = (1.0 + i - r) / (1.0 + i)  # 1 - q, computed without cancellation
            # m * q * (1 - q**t) / (1 - q), accurate also for q close to 1 (and
            # log1p(-1) = -inf when q rounds to 0 gives q**t = 0 as it should); q = 1
            # (d = 0) counts every period in full, and r = 0 is worth nothing.
            geometric = m * q * -np.expm1(t * np.log1p(-d)) / d
            values = np.where(r == 0.0, 0.0, np.where(d == 0.0, m * t, geometric))
    values = np.asarray(values, dtype=float)
    values[~np.isfinite(values)] = np.nan
    return values


def _clv_value(
    m: float | np.ndarray, r: float, i: float, t: int | None, *, what: str = "`retention`"
) -> float:
    """CLV of validated inputs, before the acquisition cost; an error where not finite."""
    if not isinstance(m, np.ndarray) and t is None and r >= 1.0 + i:
        q = r / (1.0 + i)
        raise ParameterError(
            f"With no horizon the CLV is infinite when {what} >= 1 + `discount_rate` "
            f"(q = r / (1 + i) = {q:.6g} >= 1): retention {r!r} and discount_rate "
            f"{i!r} were passed. Pass a finite `horizon` or a lower retention."
        )
    value = float(_clv_values(m, np.array([r]), i, t)[0])
    if math.isnan(value):
        raise ParameterError(
            f"The CLV is too large to compute (it overflows) for retention {r!r}, "
            f"discount_rate {i!r} and horizon {t!r}: use a shorter `horizon`."
        )
    return value


@_doc
def clv(
    margin: float | Any,
    retention: float,
    discount_rate: float,
    *,
    horizon: int | None = None,
    acquisition_cost: float = 0.0,
) -> float:
    """Compute a customer's lifetime value: expected discounted margin minus acquisition cost.

    Parameters
    ----------
    {model_parameters}
    {horizon_parameter}
    acquisition_cost : float, default 0.0
        What it costs to win the customer, paid today (>= 0); subtracted once.

    Returns
    -------
    float
        The CLV in the currency of `margin`.

    Raises
    ------
    WrongTypeError
        An argument is not a number (or `horizon` not a whole number).
    ParameterError
        `retention` is outside [0, 1], `discount_rate` <= -1, `acquisition_cost` < 0,
        `horizon` < 1 or different from the length of a margin sequence, a margin is
        not finite, or the CLV is infinite (see Notes).
    EmptyDataError
        `margin` is an empty sequence.

    Notes
    -----
    The margin of period t arrives at the end of the period if the customer is still
    there, which happens with probability ``r**t``; it is discounted by ``(1 + i)**t``::

        CLV = sum over t = 1..T of m_t * r**t / (1 + i)**t  -  acquisition_cost

    With one margin ``m`` for every period and ``q = r / (1 + i)`` this has closed forms:
    ``m * r / (1 + i - r)`` with no horizon, and ``m * q * (1 - q**T) / (1 - q)`` (or
    ``m * T`` when q = 1) over T periods. With no horizon the sum is infinite when
    ``q >= 1``, i.e. ``r >= 1 + i`` (for example r = 1 with i = 0): that raises a
    ParameterError instead of returning a number. The first margin is counted after one
    period of retention; a customer with r = 0 is worth nothing beyond the acquisition
    cost.

    Examples
    --------
    >>> import kamtools as kt
    >>> round(kt.clv(100, 0.8, 0.1), 2)  # 100 * 0.8 / (1 + 0.1 - 0.8)
    266.67
    >>> round(kt.clv(100, 0.8, 0.1, horizon=1), 2)  # 100 * 0.8 / 1.1
    72.73
    >>> q = 0.8 / 1.1  # margins 100, 120, 150 in years 1-3, then the customer stops
    >>> round(kt.clv([100, 120, 150], 0.8, 0.1, acquisition_cost=50), 2)
    143.9
    >>> round(100 * q + 120 * q**2 + 150 * q**3 - 50, 2)
    143.9
    """
    m, r, i, t = _check_model(margin, retention, discount_rate, horizon)
    cost = _check_non_negative(acquisition_cost, "acquisition_cost")
    return _clv_value(m, r, i, t) - cost


def _check_retentions(retentions: Any) -> np.ndarray:
    """Retentions as a 1-D float array of fractions in [0, 1]."""
    if isinstance(retentions, (str, bytes, Mapping)) or np.ndim(retentions) != 1:
        raise WrongTypeError(
            "`retentions` must be a list of retentions such as [0.5, 0.6, 0.7], "
            f"but {retentions!r} was passed."
        )
    raw = (
        retentions.to_numpy(dtype=object)
        if isinstance(retentions, pd.Series)
        else np.asarray(retentions, dtype=object)
    )
    if raw.size == 0:
        raise EmptyDataError("`retentions` is empty: give at least one retention.")
    kinds = pd.Series(raw).map(type)
    not_number = ~kinds.map(lambda k: issubclass(k, Real) and not issubclass(k, (bool, np.bool_)))
    if not_number.any():
        pos = int(np.flatnonzero(not_number.to_numpy())[0])
        raise WrongTypeError(
            f"`retentions` must hold numbers, but {int(not_number.sum())} entries do not, "
            f"e.g. entry {pos} ({plain(raw[pos])!r})."
        )
    r = raw.astype(float)
    outside = ~((r >= 0.0) & (r <= 1.0))  # NaN is outside too
    if outside.any():
        pos = int(np.flatnonzero(outside)[0])
        raise ParameterError(
            f"`retentions` must be fractions in [0, 1], e.g. 0.8 for 80%, but "
            f"{int(outside.sum())} are not, e.g. entry {pos} ({plain(raw[pos])!r})."
        )
    return r


@_doc
def clv_by_retention(
    margin: float | Any,
    retentions: Any,
    discount_rate: float,
    *,
    horizon: int | None = None,
    acquisition_cost: float = 0.0,
) -> pd.DataFrame:
    """Compute the CLV for each of several retentions, e.g. to draw it as a curve.

    Parameters
    ----------
    margin : float or 1-D sequence of float
        As for :func:`clv`.
    retentions : 1-D sequence of float
        The retentions to compute the CLV for, each in [0, 1] (e.g. 0.5, 0.51, ...).
    discount_rate : float
        As for :func:`clv`: greater than -1, e.g. 0.1 for 10%.
    {horizon_parameter}
    acquisition_cost : float, default 0.0
        What it costs to win the customer (>= 0); subtracted from every CLV.

    Returns
    -------
    DataFrame
        One row per retention, in the order given, with the columns ``retention`` and
        ``clv``. ``clv`` is NaN where the CLV is not finite (see Notes).

    Raises
    ------
    WrongTypeError
        `retentions` is not a 1-D sequence of numbers, or another argument is not a
        number.
    ParameterError
        A retention is outside [0, 1]; otherwise as for :func:`clv`.
    EmptyDataError
        `retentions` or a margin sequence is empty.

    Notes
    -----
    Each value is the one :func:`clv` gives for that retention. Where :func:`clv`
    raises because the CLV is infinite (no horizon and ``r >= 1 + i``) or too large to
    compute, the value is NaN instead: a curve then shows a gap there rather than
    failing as a whole. Nothing else is left out, and the arguments are checked as in
    :func:`clv`.

    Examples
    --------
    >>> import kamtools as kt
    >>> table = kt.clv_by_retention(100, [0.5, 0.8, 1.0], 0.0)
    >>> table["clv"].round(2).tolist()  # 100 * r / (1 - r); r = 1 with i = 0 diverges
    [100.0, 400.0, nan]
    >>> kt.clv_by_retention(100, [0.8], 0.1, horizon=1)["clv"].round(2).tolist()  # 80 / 1.1
    [72.73]
    """
    m, _, i, t = _check_model(margin, 0.0, discount_rate, horizon)
    r = _check_retentions(retentions)
    cost = _check_non_negative(acquisition_cost, "acquisition_cost")
    return pd.DataFrame({"retention": r, "clv": _clv_values(m, r, i, t) - cost})


def _retention_after(r: float, g: float) -> float:
    """Retention after a gain of ``g`` points; errors if it would exceed 1."""
    after = r + g
    if after > 1.0 + _RETENTION_SLACK:
        raise ParameterError(
            f"`retention` + `retention_gain` must be at most 1 (100%), but {r!r} + {g!r} = "
            f"{after:.6g} was passed; use a smaller `retention_gain`."
        )
    return min(after, 1.0)


@_doc
def retention_vs_acquisition(
    margin: float | Any,
    retention: float,
    discount_rate: float,
    *,
    customers: float,
    acquisition_cost: float,
    retention_gain: float = 0.05,
    horizon: int | None = None,
) -> pd.Series:
    """Compare the value of keeping customers longer with that of winning new ones.

    Parameters
    ----------
    {model_parameters}
    customers : float
        Number of existing customers whose retention would rise (> 0).
    acquisition_cost : float
        What it costs to win one new customer (>= 0).
    retention_gain : float, default 0.05
        Rise in retention, in points of probability: 0.05 takes 80% to 85%. The new
        retention must stay at most 1.
    {horizon_parameter}

    Returns
    -------
    Series
        With index exactly:

        - ``clv_now``: value of one customer today (no acquisition cost);
        - ``clv_after_gain``: the same with retention + retention_gain;
        - ``value_of_retention_gain``: customers * (clv_after_gain - clv_now);
        - ``value_per_new_customer``: clv_now - acquisition_cost;
        - ``new_customers_equivalent``: new customers that would create the same value;
        - ``acquisition_budget_equivalent``: what winning them would cost.

    Raises
    ------
    WrongTypeError
        An argument is not a number.
    ParameterError
        As for :func:`clv`; also `customers` <= 0, `acquisition_cost` < 0,
        `retention_gain` outside [0, 1] or retention + retention_gain above 1.
    EmptyDataError
        `margin` is an empty sequence.

    Notes
    -----
    New customers are assumed to behave like the existing ones (same margin,
    retention and horizon)::

        new_customers_equivalent      = value_of_retention_gain / value_per_new_customer
        acquisition_budget_equivalent = new_customers_equivalent * acquisition_cost

    When a new customer is not worth acquiring (``value_per_new_customer <= 0``) no
    number of new customers creates the value: both equivalents are NaN. The function
    computes the size of the effect for the numbers given; it does not assume that
    retention beats acquisition.

    Examples
    --------
    >>> import kamtools as kt
    >>> result = kt.retention_vs_acquisition(
    ...     100, 0.8, 0.1, customers=1000, acquisition_cost=150, retention_gain=0.05
    ... )
    >>> result.round(2)
    clv_now                             266.67
    clv_after_gain                      340.00
    value_of_retention_gain           73333.33
    value_per_new_customer              116.67
    new_customers_equivalent            628.57
    acquisition_budget_equivalent     94285.71
    dtype: float64
    """
    m, r, i, t = _check_model(margin, retention, discount_rate, horizon)
    n = _check_non_negative(customers, "customers", positive=True)
    cost = _check_non_negative(acquisition_cost, "acquisition_cost")
    g = check_fraction(retention_gain, "retention_gain", allow_zero=True, example="0.05 for 5%")
    now = _clv_value(m, r, i, t)
    after = _clv_value(m, _retention_after(r, g), i, t, what="`retention` + `retention_gain`")
    value = n * (after - now)
    per_new = now - cost
    new_customers = value / per_new if per_new > 0 else math.nan
    return pd.Series(
        [now, after, value, per_new, new_customers, new_customers * cost],
        index=_COMPARISON_INDEX,
        dtype=float,
    )


@_doc
def retention_gain_for_budget(
    margin: float | Any,
    retention: float,
    discount_rate: float,
    *,
    customers: float,
    acquisition_cost: float,
    budget: float,
    horizon: int | None = None,
) -> float:
    """Find the retention gain that creates as much value as an acquisition budget.

    Parameters
    ----------
    {model_parameters}
    customers : float
        Number of existing customers whose retention would rise (> 0).
    acquisition_cost : float
        What it costs to win one new customer (> 0).
    budget : float
        Acquisition budget to compare with (>= 0): it wins ``budget / acquisition_cost``
        new customers.
    {horizon_parameter}

    Returns
    -------
    float
        The gain ``g`` (points of probability, e.g. 0.02 for 2 points) such that
        ``customers * (CLV(retention + g) - CLV(retention))`` equals the value the budget
        creates, ``budget / acquisition_cost * (CLV(retention) - acquisition_cost)``.
        NaN when a new customer is not worth acquiring (that value is not positive for
        any budget > 0), or when even retention = 1 does not create that much value.

    Raises
    ------
    WrongTypeError
        An argument is not a number.
    ParameterError
        As for :func:`clv`; also `customers` <= 0, `acquisition_cost` <= 0,
        `budget` < 0, or a margin that is negative or all margins 0.
    EmptyDataError
        `margin` is an empty sequence.

    Notes
    -----
    Margins must be >= 0 in every period and not all 0, so that the CLV rises with
    retention and the gain is unique. This inverts :func:`retention_vs_acquisition`:
    its ``acquisition_budget_equivalent`` for ``retention_gain=g`` is `budget`. The
    retained customers must reach a CLV of ``C = CLV(retention) + value / customers``.
    With one margin and no horizon ``m * r / (1 + i - r) = C`` is solved in closed
    form, ``r = C * (1 + i) / (m + C)``; otherwise by bisection on the retention, to
    within 1e-13. A budget of 0 needs no gain (0.0) when new customers are worth
    winning.

    Examples
    --------
    >>> import kamtools as kt
    >>> gain = kt.retention_gain_for_budget(
    ...     100, 0.8, 0.1, customers=1000, acquisition_cost=150, budget=94285.71
    ... )
    >>> round(gain, 4)
    0.05
    """
    m, r, i, t = _check_model(margin, retention, discount_rate, horizon)
    n = _check_non_negative(customers, "customers", positive=True)
    cost = _check_non_negative(acquisition_cost, "acquisition_cost", positive=True)
    spend = _check_non_negative(budget, "budget")
    margins = np.atleast_1d(m)
    if (margins < 0).any() or not (margins > 0).any():
        raise ParameterError(
            "`margin` must be >= 0 in every period and above 0 in at least one, so that "
            f"the CLV rises with retention, but {margin!r} was passed."
        )
    now = _clv_value(m, r, i, t)
    per_new = now - cost
    if per_new <= 0:
        return math.nan
    target = now + spend / cost * per_new / n  # CLV per customer needed after the gain
    if spend == 0:
        return 0.0
    if not isinstance(m, np.ndarray) and t is None:
        needed = target * (1.0 + i) / (m + target)
        if needed > 1.0 + _RETENTION_SLACK:
            return math.nan
        return max(min(needed, 1.0) - r, 0.0)
    if _clv_value(m, 1.0, i, t) < target:
        return math.nan
    low, high = r, 1.0
    while high - low > 1e-13:  # bisection: about 43 steps
        mid = 0.5 * (low + high)
        if _clv_value(m, mid, i, t) < target:
            low = mid
        else:
            high = mid
    return 0.5 * (low + high) - r


def clv_declining_share(
    margin: float,
    *,
    share_decline: float,
    discount_rate: float,
    horizon: int | None,
    retention: float = 1.0,
) -> float:
    """Compute the lifetime value of a customer who stays but buys less every year.

    A key account rarely leaves at once: more often its share of wallet erodes, and it
    buys a little less from you each year. This variant of :func:`clv` lets the margin
    fall by the fraction `share_decline` every year, on top of an optional retention.

    Parameters
    ----------
    margin : float
        The margin of the first year, received at its end (losses allowed).
    share_decline : float
        The fraction by which the margin falls each year as the share of wallet erodes,
        in [0, 1] (0.15: each year brings 15% less than the year before).
    discount_rate : float
        Discount rate per year, greater than -1 (0.1 for 10%).
    horizon : int or None
        The number of years counted (an int >= 1), e.g. the length of a framework
        agreement; None counts every future year. Required, so that the horizon is
        always a decision.
    retention : float, default 1.0
        Probability that the customer is still there the next year, in [0, 1]; 1 (the
        default) means it never leaves, it only buys less.

    Returns
    -------
    float
        The lifetime value in the currency of `margin`.

    Raises
    ------
    WrongTypeError
        An argument is not a number, or `horizon` is not a whole number or None.
    ParameterError
        `share_decline` or `retention` is outside [0, 1], `discount_rate` <= -1,
        `horizon` < 1, or the value is infinite (no horizon and ``(1 - g) * r >= 1 +
        i``, e.g. no decline, full retention and a discount rate of 0).

    Notes
    -----
    With ``g`` the share decline, the margin of year t is ``m_t = m * (1 - g)**(t - 1)``
    and, as in :func:`clv`, it counts if the customer is still there (probability
    ``r**t``) and is discounted by ``(1 + i)**t``::

        CLV = sum over t = 1..T of m * (1 - g)**(t - 1) * r**t / (1 + i)**t

    With ``q = r / (1 + i)`` and ``s = (1 - g) * q`` this is ``m * q * (1 - s**T) / (1 -
    s)`` (``m * q * T`` when s = 1), and ``m * q / (1 - s)`` with no horizon. Edge cases:
    ``g = 0`` is :func:`clv` with the same retention (with r = 1: every year's full
    margin, discounted); ``g = 1`` leaves only the first year, ``m * q``. A larger
    decline never raises the value of a positive margin.

    A customer who buys ``g`` less each year is worth ``1 / (1 - g)`` times a customer
    who leaves at once with probability ``g`` (retention ``1 - g``): the same erosion,
    one year later.

    Examples
    --------
    >>> import kamtools as kt
    >>> # 100 in year 1, 80 in year 2, discounted at 10%: 100/1.1 + 80/1.21
    >>> round(kt.clv_declining_share(100, share_decline=0.2, discount_rate=0.1, horizon=2), 2)
    157.02
    >>> round(kt.clv_declining_share(100, share_decline=0.0, discount_rate=0.1, horizon=3), 2)
    248.69
    >>> round(kt.clv(100, 1.0, 0.1, horizon=3), 2)  # the same: no decline, nobody leaves
    248.69
    >>> round(kt.clv_declining_share(100, share_decline=0.2, discount_rate=0.1, horizon=None), 2)
    333.33
    """
    if isinstance(margin, bool) or not isinstance(margin, Real):
        raise WrongTypeError(
            f"`margin` must be one number (the first year's margin), but {margin!r} was passed."
        )
    m, r, i, t = _check_model(margin, retention, discount_rate, horizon)
    g = check_fraction(share_decline, "share_decline", allow_zero=True, example="0.15 for 15%")
    q = r / (1.0 + i)
    s = (1.0 - g) * q
    if t is None and s >= 1.0:
        raise ParameterError(
            "With no horizon the CLV is infinite when (1 - `share_decline`) * `retention` >= "
            f"1 + `discount_rate`: share_decline {share_decline!r}, retention {retention!r} "
            f"and discount_rate {discount_rate!r} were passed. Pass a finite `horizon`."
        )
    d = (1.0 + i - (1.0 - g) * r) / (1.0 + i)  # 1 - s, computed without cancellation
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if s == 0.0:  # g = 1 or r = 0: the first year only
            value = m * q
        elif t is None:
            value = m * q / d
        elif d == 0.0:
            value = m * q * t
        else:
            value = float(m * q * -np.expm1(t * np.log1p(-d)) / d)
    if not math.isfinite(value):
        raise ParameterError(
            f"The CLV is too large to compute (it overflows) for share_decline "
            f"{share_decline!r}, retention {retention!r}, discount_rate {discount_rate!r} "
            f"and horizon {horizon!r}: use a shorter `horizon`."
        )
    return float(value)
