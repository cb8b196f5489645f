"""Expected answers of the self-checks, computed from data with kamtools' public API.

Problem specs never hard-code a number that comes from data: they name a function of
this module (``expected_from: pareto_top20_share``, ``value_from: ...`` for a likely
mistake, ``data_from: ...`` for a table handed to the learner), and :func:`compute`
calls it. Functions are registered with :func:`register` in the dict :data:`ANSWERS`;
nothing in a YAML file is ever evaluated as code.

Conventions: the Online Retail answers use net revenue per customer
(``kt.customer_totals`` with ``quantity="Quantity"`` and ``price="UnitPrice"``: lines
without a customer id left out, cancellations netted) and count customers whose net
value is negative as 0 (``negative="zero"``), so all 4,372 customers stay in.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

from ..analysis.concentration import customers_for_share, pareto_table, top_share
from ..analysis.transactions import customer_totals
from ..data.datasets import load_dataset
from ..errors import ParameterError

__all__ = ["ANSWERS", "clear_cache", "compute", "register"]

#: Every function a spec may name, by name.
ANSWERS: dict[str, Callable[..., Any]] = {}

_CACHE: dict[str, Any] = {}
_F = TypeVar("_F", bound=Callable[..., Any])


def register(func: _F) -> _F:
    """Add ``func`` to :data:`ANSWERS` under its own name (use as a decorator).

    Two modules registering the same name would silently change each other's answers,
    so a repeated name is refused.
    """
    name = func.__name__
    known = ANSWERS.get(name)
    if known is not None and known.__module__ != func.__module__:
        raise ParameterError(
            f"answers function {name!r} of {func.__module__} is already registered by "
            f"{known.__module__}; give it another name."
        )
    ANSWERS[name] = func
    return func


def _fresh(value: Any) -> Any:
    """A copy that the caller may change without changing the cache."""
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return value.copy(deep=True)
    return copy.deepcopy(value)


def compute(name: str, *args: Any, **kwargs: Any) -> Any:
    """The value of the answers function ``name``, cached when called without arguments.

    Parameters
    ----------
    name : str
        A key of :data:`ANSWERS`.
    *args, **kwargs
        Passed to the function (used by function questions, whose expected results
        depend on each test case's input). Calls with arguments are not cached.

    Returns
    -------
    object
        A fresh copy of the value: changing it does not change the cache.

    Raises
    ------
    ParameterError
        If ``name`` is not registered (the message suggests the closest name).

    Examples
    --------
    >>> from kamtools.content.answers import compute
    >>> round(compute("start_top2_share"), 4)
    0.68
    >>> round(compute("share_of_top_reference", [50, 30, 10, 5, 5], 2), 4)
    0.8
    """
    func = ANSWERS.get(name)
    if func is None:
        close = difflib.get_close_matches(str(name), sorted(ANSWERS), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ParameterError(
            f"`name` must be a function of kamtools.content.answers, but {name!r} was passed.{hint}"
        )
    if args or kwargs:
        return func(*args, **kwargs)
    if name not in _CACHE:
        _CACHE[name] = func()
    return _fresh(_CACHE[name])


def clear_cache() -> None:
    """Forget every cached value (e.g. after the data files changed)."""
    _CACHE.clear()


# ---------------------------------------------------------------------------------------
# 00_start_here: the ten customers of the start page
# ---------------------------------------------------------------------------------------
@register
def start_revenue() -> dict[str, int]:
    """Yearly revenue of the start page's ten customers, in thousands of euros.

    The same dict as in ``course/00_start_here.ipynb`` (a test compares them).
    """
    return {
        "Aurora Foods": 420,
        "Baltic Steel": 260,
        "Castor Pharma": 90,
        "Delta Packaging": 60,
        "Elbe Logistics": 45,
        "Fjord Seafood": 40,
        "Granite Tools": 35,
        "Hansa Print": 25,
        "Iris Textiles": 15,
        "Jura Dairy": 10,
    }


@register
def start_top2_share() -> float:
    """Share of revenue of the top 20% (2 of 10) customers of the start page."""
    return top_share(compute("start_revenue"), 0.2)


@register
def start_top2_revenue() -> float:
    """Mistake: the revenue of the top two customers, not their share."""
    table = pareto_table(compute("start_revenue"))
    return float(table["value"].iloc[:2].sum())


@register
def start_top2_customer_share() -> float:
    """Mistake: the share of customers (2 of 10), not their share of revenue."""
    table = pareto_table(compute("start_revenue"))
    return float(table["cumulative_customer_share"].iloc[1])


# ---------------------------------------------------------------------------------------
# 03_pareto: Online Retail
# ---------------------------------------------------------------------------------------
def _retail_totals(lines: pd.DataFrame) -> pd.Series:
    return customer_totals(lines, customer="CustomerID", quantity="Quantity", price="UnitPrice")


@register
def retail_net_totals() -> pd.Series:
    """Net revenue per Online Retail customer (cancellations netted, no-id lines left out)."""
    return _retail_totals(load_dataset("online_retail"))


@register
def retail_gross_totals() -> pd.Series:
    """Mistake: revenue per customer with the cancelled invoices left out (gross sales)."""
    lines = load_dataset("online_retail")
    return _retail_totals(lines[~lines["InvoiceNo"].str.startswith("C")])


@register
def retail_totals_cancellations_as_sales() -> pd.Series:
    """Mistake: cancelled invoices counted as sales (line amounts taken without sign)."""
    lines = load_dataset("online_retail")
    amount = (lines["Quantity"] * lines["UnitPrice"]).abs()
    return customer_totals(lines.assign(amount=amount), customer="CustomerID", amount="amount")


@register
def retail_totals_with_missing_ids() -> pd.Series:
    """Mistake: lines without a customer id added up as if they were one more customer."""
    lines = load_dataset("online_retail")
    ids = lines["CustomerID"].astype("string").fillna("(no id)")
    return _retail_totals(lines.assign(CustomerID=ids))


@register
def pareto_top20_share() -> float:
    """Share of net revenue of the top 20% of Online Retail customers."""
    return top_share(compute("retail_net_totals"), 0.2, negative="zero")


@register
def pareto_top20_share_gross() -> float:
    """Mistake: the top-20% share of gross sales (cancellations left out)."""
    return top_share(compute("retail_gross_totals"), 0.2, negative="zero")


@register
def pareto_top20_share_cancellations_as_sales() -> float:
    """Mistake: the top-20% share with cancellations counted as sales."""
    return top_share(compute("retail_totals_cancellations_as_sales"), 0.2, negative="zero")


@register
def pareto_top20_share_with_missing_ids() -> float:
    """Mistake: the top-20% share with the lines without customer id as one customer."""
    return top_share(compute("retail_totals_with_missing_ids"), 0.2, negative="zero")


@register
def pareto_top20_share_negatives_dropped() -> float:
    """Mistake: the top-20% share with the customers of negative net value left out."""
    return top_share(compute("retail_net_totals"), 0.2, negative="drop")


@register
def pareto_customers_for_80() -> int:
    """Smallest number of Online Retail customers that bring 80% of net revenue."""
    return customers_for_share(compute("retail_net_totals"), 0.8, negative="zero")


@register
def pareto_customers_for_80_share() -> float:
    """Mistake: the share of customers needed for 80%, instead of their number."""
    return compute("pareto_customers_for_80") / len(compute("retail_net_totals"))


@register
def pareto_customers_for_80_gross() -> int:
    """Mistake: customers for 80% of gross sales (cancellations left out)."""
    return customers_for_share(compute("retail_gross_totals"), 0.8, negative="zero")


@register
def pareto_customers_for_80_cancellations_as_sales() -> int:
    """Mistake: customers for 80% with cancellations counted as sales."""
    return customers_for_share(
        compute("retail_totals_cancellations_as_sales"), 0.8, negative="zero"
    )


@register
def pareto_customers_for_80_with_missing_ids() -> int:
    """Mistake: customers for 80% with the lines without customer id as one customer."""
    return customers_for_share(compute("retail_totals_with_missing_ids"), 0.8, negative="zero")


# ---------------------------------------------------------------------------------------
# 03_pareto: a small invoice table to add up by hand or with pandas
# ---------------------------------------------------------------------------------------
@register
def invoice_table() -> pd.DataFrame:
    """Eight invoice lines of three customers, with two cancellations and one unknown buyer."""
    return pd.DataFrame(
        {
            "invoice": [
                "536001",
                "536002",
                "536003",
                "C536004",
                "536005",
                "536006",
                "536007",
                "C536008",
            ],
            "customer_id": [
                "Aurora",
                "Baltic",
                "Aurora",
                "Aurora",
                None,
                "Castor",
                "Baltic",
                "Castor",
            ],
            "quantity": [10, 5, 4, -2, 3, 20, 1, -20],
            "unit_price": [2.5, 10.0, 2.5, 2.5, 4.0, 1.5, 10.0, 1.5],
        }
    )


def _invoice_totals(lines: pd.DataFrame) -> pd.Series:
    return customer_totals(lines, customer="customer_id", quantity="quantity", price="unit_price")


@register
def invoice_table_totals() -> pd.Series:
    """Net value per customer of :func:`invoice_table`."""
    return _invoice_totals(compute("invoice_table"))


@register
def invoice_table_gross_totals() -> pd.Series:
    """Mistake: the invoice table added up without its cancellations (gross)."""
    lines = compute("invoice_table")
    return _invoice_totals(lines[~lines["invoice"].str.startswith("C")])


@register
def share_of_top_reference(values: list[float], k: int) -> float:
    """Share of the total held by the ``k`` largest of ``values`` (function question)."""
    return float(pareto_table(values)["cumulative_share"].iloc[k - 1])


def _load_module_answers() -> None:
    """Import ``answers_<module>.py`` files beside this one; each registers its functions.

    Every course module keeps its answers in a file of its own (e.g. ``answers_04.py``
    with ``from .answers import register``), so module authors never edit the same file.
    """
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("answers_*.py")):
        importlib.import_module(f"{__package__}.{path.stem}")


_load_module_answers()
