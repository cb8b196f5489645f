"""Customer concentration: Pareto table, top-p share, ABC classes, Lorenz curve, Gini, HHI.

Every function takes one value per customer (net sales, margin, ...) and answers a
question a key account manager asks about the portfolio: *how much of the business sits
with the largest customers, and how many customers make up 80% of it?*

Conventions shared by every function of this module:

* Customers are ordered from the largest value to the smallest; ties are broken by
  customer id in ascending order, so the result never depends on the input order.
* Customers with a value of 0 stay in: they count in the number of customers ``n``.
* Negative values (customers with more returns than sales) are handled by the
  ``negative`` policy: ``"raise"`` (default), ``"drop"`` or ``"zero"``.
* A total of zero or below (after the policy) raises :class:`NonPositiveTotalError`,
  because shares of the total are undefined.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias, TypeVar

import numpy as np
import pandas as pd

from .._docs import CUSTOMER_VALUES, shared_docs
from .._validate import (
    SHARE_TOLERANCE,
    NegativePolicy,
    apply_negative_policy,
    as_values,
    check_fraction,
    descending_order,
)
from ..errors import NonPositiveTotalError, ParameterError, WrongTypeError

__all__ = [
    "abc_classes",
    "abc_summary",
    "concentration_report",
    "customers_for_share",
    "gini",
    "hhi",
    "lorenz_curve",
    "pareto_table",
    "top_share",
]

#: What ``values`` may be: a Series indexed by customer id, a dict, or a 1-D list/array.
Values: TypeAlias = "pd.Series | np.ndarray | Sequence[float] | Mapping[Any, float]"

#: Slack subtracted from ``p * n`` before rounding up, so that float products such as
#: ``0.07 * 100 == 7.000000000000001`` give 7 customers and not 8.
_TOP_K_SLACK = 1e-9

_DEFAULT_THRESHOLDS = (0.80, 0.95)

# ---------------------------------------------------------------------------------------
# Shared parameter wording, substituted into the docstrings by ``_shared_doc``.
# ---------------------------------------------------------------------------------------
_PARAM_DOCS = {
    **CUSTOMER_VALUES,
    "raises": """EmptyDataError
    If there are no customers (or none is left after ``negative="drop"``).
WrongTypeError
    If ``values`` is not one number per customer (text, True/False, a DataFrame
    with several columns, ...).
DataError
    If ``values`` holds NaN or infinite values or repeats a customer id.
NegativeValuesError
    If a value is negative and ``negative="raise"``.
NonPositiveTotalError
    If the values add up to 0 (e.g. all zero), so shares are undefined.""",
}

_F = TypeVar("_F", bound=Callable[..., Any])


_shared_doc = shared_docs(_PARAM_DOCS)


# ---------------------------------------------------------------------------------------
# The one sort behind every function.
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Sorted:
    """Customer values validated, put through the negative policy and sorted once."""

    raw: pd.Series  # validated input, input order, before the negative policy
    kept: pd.Series  # after the negative policy, input order
    order: np.ndarray  # positions into ``kept``, largest value first (ties: id ascending)
    desc: np.ndarray  # values sorted descending
    cum_share: np.ndarray  # cumulative share y_k, k = 1..n; y_n == 1.0 exactly
    total: float
    negative: NegativePolicy

    @property
    def n(self) -> int:
        return len(self.desc)

    def top_k(self, p: float) -> int:
        """Number of customers in the top ``p``: ceil(p * n), at least 1."""
        return min(self.n, max(1, math.ceil(p * self.n - _TOP_K_SLACK)))

    def share_of_top(self, k: int) -> float:
        """Share of the total held by the ``k`` largest customers."""
        return float(self.cum_share[k - 1])

    def customers_for_share(self, s: float) -> int:
        """Smallest k with y_k >= s, comparing with SHARE_TOLERANCE."""
        # cum_share is non-decreasing (cumulative sums of non-negative numbers), so a
        # binary search finds the first k that reaches the target.
        k = int(np.searchsorted(self.cum_share, s - SHARE_TOLERANCE, side="left")) + 1
        return min(k, self.n)

    def classes(self, a: float, b: float) -> np.ndarray:
        """ABC class of each customer in descending order ("A", "B" or "C")."""
        rank = np.arange(1, self.n + 1)
        k_a = self.customers_for_share(a)
        k_b = self.customers_for_share(b)
        return np.where(rank <= k_a, "A", np.where(rank <= k_b, "B", "C"))

    def gini(self) -> float:
        """Gini coefficient of the sorted values (0 for n = 1)."""
        n = self.n
        if self.desc[0] == self.desc[-1]:  # all equal (or n = 1): exactly 0, no rounding noise
            return 0.0
        asc = self.desc[::-1]
        # 2 * sum(i * x_i) / (n * sum x) - (n + 1) / n, written as one weighted sum
        # sum((2i - n - 1) * x_i) / (n * sum x) so that the two O(1) terms do not cancel.
        weights = 2.0 * np.arange(1, n + 1) - (n + 1)
        g = float(np.dot(weights, asc)) / (n * float(asc.sum()))
        return min(max(g, 0.0), (n - 1) / n)

    def hhi(self) -> float:
        """Herfindahl-Hirschman index with shares as fractions (1/n .. 1)."""
        shares = self.desc / self.total
        return float(np.dot(shares, shares))


def _sorted(values: Any, negative: NegativePolicy) -> _Sorted:
    """Validate ``values``, apply the negative policy and sort once."""
    raw = as_values(values)
    kept = apply_negative_policy(raw, negative)
    order = descending_order(kept)
    desc = kept.to_numpy()[order]
    cum = np.cumsum(desc)
    total = float(cum[-1])
    if not total > 0:
        n_neg = int((raw.to_numpy() < 0).sum())
        policy = f" after negative={negative!r} ({n_neg} negative customers)" if n_neg else ""
        raise NonPositiveTotalError(
            f"`values` add up to {total!r}{policy} over {len(kept)} customers, so shares of "
            f"the total are undefined; concentration needs at least one positive value."
        )
    return _Sorted(
        raw=raw,
        kept=kept,
        order=order,
        desc=desc,
        cum_share=cum / total,
        total=total,
        negative=negative,
    )


def _check_thresholds(thresholds: Any) -> tuple[float, float]:
    """Check that ``thresholds`` is two increasing fractions 0 < a < b <= 1."""
    if isinstance(thresholds, (str, bytes, Mapping)):
        raise WrongTypeError(
            f"`thresholds` must be two fractions (A limit, B limit) such as (0.8, 0.95), "
            f"but {thresholds!r} was passed."
        )
    try:
        items = list(thresholds)
    except TypeError:
        raise WrongTypeError(
            f"`thresholds` must be two fractions (A limit, B limit) such as (0.8, 0.95), "
            f"but {thresholds!r} was passed."
        ) from None
    if len(items) != 2:
        raise ParameterError(
            f"`thresholds` must be two fractions (A limit, B limit) such as (0.8, 0.95), "
            f"but {thresholds!r} was passed ({len(items)} numbers)."
        )
    a = check_fraction(items[0], "thresholds[0]", example="0.8 for 80%")
    b = check_fraction(items[1], "thresholds[1]", example="0.95 for 95%")
    if not a < b:
        raise ParameterError(
            f"`thresholds` must increase (A limit < B limit), e.g. (0.8, 0.95), "
            f"but {thresholds!r} was passed."
        )
    return a, b


# ---------------------------------------------------------------------------------------
# Public functions
# ---------------------------------------------------------------------------------------
@_shared_doc
def pareto_table(
    values: Values,
    *,
    thresholds: tuple[float, float] = _DEFAULT_THRESHOLDS,
    negative: NegativePolicy = "raise",
) -> pd.DataFrame:
    """Rank customers from the largest to the smallest with cumulative shares and ABC class.

    Parameters
    ----------
    {values}
    thresholds : tuple of two floats, default (0.80, 0.95)
        Cumulative shares that close class A and class B, ``0 < a < b <= 1``.
    {negative}

    Returns
    -------
    DataFrame
        One row per customer, largest first, with a RangeIndex and the columns
        ``rank`` (1..n), ``customer`` (the id), ``value``, ``share`` (value / total),
        ``cumulative_share`` (y_k), ``cumulative_customer_share`` (k / n) and
        ``abc_class`` ("A", "B" or "C").

    Raises
    ------
    {raises}
    ParameterError, WrongTypeError
        If ``thresholds`` is not two increasing fractions.

    Notes
    -----
    With customers sorted by value descending (ties by ascending customer id),
    ``y_k = (x_1 + ... + x_k) / total`` and ``x_k = k / n``; the Pareto curve starts at
    (0, 0). The ABC class follows the rule of :func:`abc_classes`. With
    ``negative="drop"`` the dropped customers are not in the table and ``n`` counts
    only the customers kept; with ``negative="zero"`` they are in it with a value of 0.

    Examples
    --------
    >>> import kamtools as kt
    >>> sales = {"a": 50, "b": 30, "c": 10, "d": 5, "e": 5}
    >>> table = kt.pareto_table(sales)
    >>> table[["rank", "customer", "value", "cumulative_share", "abc_class"]]
       rank customer  value  cumulative_share abc_class
    0     1        a   50.0              0.50         A
    1     2        b   30.0              0.80         A
    2     3        c   10.0              0.90         B
    3     4        d    5.0              0.95         B
    4     5        e    5.0              1.00         C
    >>> table["cumulative_customer_share"].tolist()
    [0.2, 0.4, 0.6, 0.8, 1.0]
    """
    a, b = _check_thresholds(thresholds)
    srt = _sorted(values, negative)
    n = srt.n
    return pd.DataFrame(
        {
            "rank": np.arange(1, n + 1, dtype=np.int64),
            "customer": srt.kept.index[srt.order],
            "value": srt.desc,
            "share": srt.desc / srt.total,
            "cumulative_share": srt.cum_share,
            "cumulative_customer_share": np.arange(1, n + 1) / n,
            "abc_class": srt.classes(a, b),
        }
    )


@_shared_doc
def top_share(values: Values, p: float, *, negative: NegativePolicy = "raise") -> float:
    """Share of the total held by the top ``p`` fraction of customers.

    Parameters
    ----------
    {values}
    p : float
        Fraction of customers, ``0 < p <= 1`` (0.2 for the top 20%).
    {negative}

    Returns
    -------
    float
        Value of the ``k = ceil(p * n)`` largest customers divided by the total.

    Raises
    ------
    {raises}
    ParameterError, WrongTypeError
        If ``p`` is not a number in (0, 1] (``p=20`` suggests ``0.2``).

    Notes
    -----
    The top ``p`` customers are the ``k = ceil(p * n)`` largest ones, at least one: a
    partly covered customer counts in full, so ``top_share(values, p) >= p``. Because
    ``p * n`` is a float product (``0.07 * 100`` is ``7.000000000000001``), ``k`` is
    computed as ``ceil(p * n - 1e-9)``: p=0.07 of 100 customers is 7 customers, p=0.2 of
    5 is 1, p=0.21 of 5 is 2.

    Examples
    --------
    >>> import kamtools as kt
    >>> round(kt.top_share({"a": 50, "b": 30, "c": 10, "d": 5, "e": 5}, 0.2), 4)
    0.5
    >>> round(kt.top_share([50, 30, 10, 5, 5], 0.21), 4)  # ceil(1.05) = 2 customers
    0.8
    """
    p = check_fraction(p, "p", example="0.2 for the top 20%")
    srt = _sorted(values, negative)
    return srt.share_of_top(srt.top_k(p))


@_shared_doc
def customers_for_share(values: Values, s: float, *, negative: NegativePolicy = "raise") -> int:
    """Smallest number of customers that together hold at least a share ``s`` of the total.

    Parameters
    ----------
    {values}
    s : float
        Target share of the total, ``0 < s <= 1`` (0.8 for 80%).
    {negative}

    Returns
    -------
    int
        The smallest ``k`` with ``y_k >= s``, where ``y_k`` is the share of the ``k``
        largest customers.

    Raises
    ------
    {raises}
    ParameterError, WrongTypeError
        If ``s`` is not a number in (0, 1] (``s=80`` suggests ``0.8``).

    Notes
    -----
    ``y_k`` is compared with ``s - 1e-9`` (``kamtools._validate.SHARE_TOLERANCE``), so
    that float sums such as ``0.7 + 0.1`` count as reaching 0.8. With ``s = 1`` the
    answer leaves out the customers with a value of 0 at the bottom.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.customers_for_share({"a": 50, "b": 30, "c": 10, "d": 5, "e": 5}, 0.8)
    2
    >>> kt.customers_for_share([0.1, 0.7, 0.2], 0.8)  # 0.7 + 0.1 reaches 0.8
    2
    """
    s = check_fraction(s, "s", example="0.8 for 80%")
    return _sorted(values, negative).customers_for_share(s)


@_shared_doc
def abc_classes(
    values: Values,
    thresholds: tuple[float, float] = _DEFAULT_THRESHOLDS,
    *,
    negative: NegativePolicy = "raise",
) -> pd.Series:
    """ABC class of every customer ("A", "B" or "C"), in the order of the input.

    Parameters
    ----------
    {values}
    thresholds : tuple of two floats, default (0.80, 0.95)
        Cumulative shares that close class A and class B, ``0 < a < b <= 1``.
    {negative}

    Returns
    -------
    Series
        Named ``abc_class``, with the index (and order) of the input. Customers left
        out by ``negative="drop"`` get NaN ("not classified").

    Raises
    ------
    {raises}
    ParameterError, WrongTypeError
        If ``thresholds`` is not two increasing fractions.

    Notes
    -----
    Customers are taken from the largest to the smallest (ties by ascending id). A
    customer is class **A** if the cumulative share of the customers *before* it is
    below ``thresholds[0]``: the customer that crosses 80% is in class A, and the number
    of A customers equals ``customers_for_share(values, thresholds[0])`` (the same
    tolerance of 1e-9 is used). Class **B** likewise with ``thresholds[1]``; the rest
    is class **C**.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.abc_classes({"e": 5, "d": 5, "c": 10, "b": 30, "a": 50}).tolist()
    ['C', 'B', 'B', 'A', 'A']
    """
    a, b = _check_thresholds(thresholds)
    srt = _sorted(values, negative)
    classes = np.empty(srt.n, dtype=object)
    classes[srt.order] = srt.classes(a, b)
    result = pd.Series(classes, index=srt.kept.index, name="abc_class", dtype="str")
    if len(srt.kept) != len(srt.raw):
        result = result.reindex(srt.raw.index)
    return result


@_shared_doc
def abc_summary(
    values: Values,
    thresholds: tuple[float, float] = _DEFAULT_THRESHOLDS,
    *,
    negative: NegativePolicy = "raise",
) -> pd.DataFrame:
    """How many customers each ABC class holds, and what share of the value.

    Parameters
    ----------
    {values}
    thresholds : tuple of two floats, default (0.80, 0.95)
        Cumulative shares that close class A and class B, ``0 < a < b <= 1``.
    {negative}

    Returns
    -------
    DataFrame
        Index ``A``, ``B``, ``C`` (named ``abc_class``), always all three, with the
        columns ``customers`` (int), ``customer_share`` (customers / n) and
        ``value_share`` (the class's value / total). Each column adds up to n, 1 and 1.

    Raises
    ------
    {raises}
    ParameterError, WrongTypeError
        If ``thresholds`` is not two increasing fractions.

    Notes
    -----
    The classes are those of :func:`abc_classes` (the customer that crosses a threshold
    belongs to the class it closes). A class without customers has a row of zeros; this
    happens to class B when the customer that crosses 80% also crosses 95%, and to
    class C when the last customer is needed to reach 95%. With ``k_A`` and ``k_B`` the
    customers up to the end of class A and B, and ``y_k`` the cumulative share of the
    ``k`` largest, the value shares are ``y_kA``, ``y_kB - y_kA`` and ``1 - y_kB``. With
    ``negative="drop"`` the dropped customers are not counted in n.

    Examples
    --------
    >>> import kamtools as kt
    >>> summary = kt.abc_summary({"a": 50, "b": 30, "c": 10, "d": 5, "e": 5})
    >>> summary["customers"].tolist()  # A: a, b (50% + 30%); B: c, d (to 95%); C: e
    [2, 2, 1]
    >>> summary["value_share"].round(4).tolist()  # 0.80, 0.95 - 0.80, 1 - 0.95
    [0.8, 0.15, 0.05]
    """
    a, b = _check_thresholds(thresholds)
    srt = _sorted(values, negative)
    n = srt.n
    ends = np.array([srt.customers_for_share(a), srt.customers_for_share(b), n])
    customers = np.diff(ends, prepend=0)
    reached = srt.cum_share[ends - 1]  # cumulative share at the end of each class
    return pd.DataFrame(
        {
            "customers": customers.astype(np.int64),
            "customer_share": customers / n,
            "value_share": np.diff(reached, prepend=0.0),
        },
        index=pd.Index(["A", "B", "C"], name="abc_class"),
    )


@_shared_doc
def lorenz_curve(values: Values, *, negative: NegativePolicy = "raise") -> pd.DataFrame:
    """Points of the Lorenz curve: share of customers against share of value, smallest first.

    Parameters
    ----------
    {values}
    {negative}

    Returns
    -------
    DataFrame
        ``n + 1`` rows with the columns ``customer_share`` (k / n) and ``value_share``
        (share of the total held by the k smallest customers), from (0, 0) to (1, 1).

    Raises
    ------
    {raises}

    Notes
    -----
    Values are sorted ascending, so the curve is convex and lies on or below the
    diagonal; the Gini coefficient is twice the area between the two.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.lorenz_curve([1, 2, 3, 4])
       customer_share  value_share
    0            0.00          0.0
    1            0.25          0.1
    2            0.50          0.3
    3            0.75          0.6
    4            1.00          1.0
    """
    srt = _sorted(values, negative)
    n = srt.n
    cum_asc = np.cumsum(srt.desc[::-1])
    value_share = np.empty(n + 1)
    value_share[0] = 0.0
    value_share[1:] = cum_asc / cum_asc[-1]
    return pd.DataFrame({"customer_share": np.arange(n + 1) / n, "value_share": value_share})


@_shared_doc
def gini(values: Values, *, normalize: bool = False, negative: NegativePolicy = "raise") -> float:
    """Gini coefficient of the customer values: 0 when all are equal, near 1 when one holds all.

    Parameters
    ----------
    {values}
    normalize : bool, default False
        Divide by the maximum ``(n - 1) / n`` so that one customer holding everything
        gives exactly 1 whatever ``n``.
    {negative}

    Returns
    -------
    float
        Between 0 and ``(n - 1) / n`` (0 and 1 when normalised).

    Raises
    ------
    {raises}
    WrongTypeError
        If ``normalize`` is not True or False.

    Notes
    -----
    With the values sorted ascending, ``x_1 <= ... <= x_n``,
    ``G = 2 * sum(i * x_i) / (n * sum x) - (n + 1) / n``, computed in one O(n log n)
    pass. Equal values and ``n = 1`` give exactly 0.0 (also normalised). Negative values would let G exceed 1,
    so they are refused by default (see ``negative``). The result is clipped to
    ``[0, (n - 1) / n]`` to remove float rounding noise of the order of 1e-16.

    Examples
    --------
    >>> import kamtools as kt
    >>> round(kt.gini([1, 1, 1, 1]), 4)
    0.0
    >>> round(kt.gini([1, 2, 3, 4]), 4)  # 2*30/(4*10) - 5/4
    0.25
    >>> round(kt.gini([0, 0, 0, 10], normalize=True), 4)
    1.0
    """
    if not isinstance(normalize, (bool, np.bool_)):
        raise WrongTypeError(f"`normalize` must be True or False, but {normalize!r} was passed.")
    srt = _sorted(values, negative)
    g = srt.gini()
    if normalize:
        n = srt.n
        return 0.0 if n == 1 else min(g * n / (n - 1), 1.0)
    return g


@_shared_doc
def hhi(values: Values, *, percent: bool = False, negative: NegativePolicy = "raise") -> float:
    """Herfindahl-Hirschman index: the sum of the squared customer shares.

    Parameters
    ----------
    {values}
    percent : bool, default False
        Give shares in percent, so the index runs up to 10,000 (the antitrust scale),
        instead of fractions (up to 1).
    {negative}

    Returns
    -------
    float
        Between ``1 / n`` (all equal) and 1 (one customer holds all); times 10,000
        with ``percent=True``.

    Raises
    ------
    {raises}
    WrongTypeError
        If ``percent`` is not True or False.

    Notes
    -----
    ``HHI = sum((x_i / total) ** 2)``. ``1 / HHI`` (with fractions) is the equivalent
    number of equal-sized customers.

    Examples
    --------
    >>> import kamtools as kt
    >>> round(kt.hhi([50, 30, 10, 5, 5]), 4)  # .25 + .09 + .01 + .0025 + .0025
    0.355
    >>> round(kt.hhi([50, 30, 10, 5, 5], percent=True), 1)
    3550.0
    """
    if not isinstance(percent, (bool, np.bool_)):
        raise WrongTypeError(f"`percent` must be True or False, but {percent!r} was passed.")
    h = _sorted(values, negative).hhi()
    return h * 10_000.0 if percent else h


@_shared_doc
def concentration_report(values: Values, *, negative: NegativePolicy = "raise") -> pd.Series:
    """Key concentration figures of a customer portfolio in one Series.

    Parameters
    ----------
    {values}
    {negative}

    Returns
    -------
    Series
        Named ``concentration``, with the entries

        - ``n_customers``: customers analysed (after the negative policy),
        - ``total``: their total value,
        - ``top1_share``, ``top5_share``: share of the largest customer and of the five
          largest (1.0 when there are five customers or fewer),
        - ``top20pct_share``: ``top_share(values, 0.2)``,
        - ``customers_for_80pct``: ``customers_for_share(values, 0.8)``,
        - ``gini``: :func:`gini` (not normalised),
        - ``hhi``: :func:`hhi` with fractions,
        - ``equivalent_customers``: ``1 / hhi``, the number of equal-sized customers
          with the same concentration,
        - ``n_zero``, ``n_negative``: customers whose value in the *input* is exactly 0
          or below 0 (with ``negative="drop"``, ``n_negative`` is how many were dropped),
        - ``negative_policy``: the ``negative`` argument.

    Raises
    ------
    {raises}

    Notes
    -----
    The values are validated and sorted once; every figure is computed from that one
    sorted array, so the report costs about as much as one sort.

    Examples
    --------
    >>> import kamtools as kt
    >>> report = kt.concentration_report([50, 30, 10, 5, 5, 0, -2], negative="zero")
    >>> report[["n_customers", "customers_for_80pct", "n_zero", "n_negative"]].tolist()
    [7, 2, 1, 1]
    >>> round(report["top20pct_share"], 4)  # ceil(0.2 * 7) = 2 customers: (50 + 30) / 100
    0.8
    """
    srt = _sorted(values, negative)
    raw = srt.raw.to_numpy()
    h = srt.hhi()
    data: dict[str, Any] = {
        "n_customers": srt.n,
        "total": srt.total,
        "top1_share": srt.share_of_top(1),
        "top5_share": srt.share_of_top(min(5, srt.n)),
        "top20pct_share": srt.share_of_top(srt.top_k(0.2)),
        "customers_for_80pct": srt.customers_for_share(0.8),
        "gini": srt.gini(),
        "hhi": h,
        "equivalent_customers": 1.0 / h,
        "n_zero": int((raw == 0).sum()),
        "n_negative": int((raw < 0).sum()),
        "negative_policy": negative,
    }
    return pd.Series(data, name="concentration", dtype=object)
