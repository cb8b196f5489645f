"""Expected answers of module 02 "The key account manager's role" (spec ``02_the_kam_role.yml``).

Vistula Industrial Supply has two key account managers; everyone else in the
``account_manager`` column of ``vistula_customers`` is a regional or export account
manager (see ``datasets/DATASHEET.md``). Self-assessment targets come from
``kamtools/content/competencies.yml`` through :func:`kamtools.competency_gaps`. Every
function name starts with ``m02_``.
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from ..analysis.concentration import pareto_table
from ..data.datasets import load_dataset
from ..learning.competencies import CompetencyTarget, competency_gaps
from . import vistula_figures
from .answers import register

__all__ = ["KAM_NAMES", "GAP_ITEM", "GAP_RATING"]

#: Vistula's two key account managers, as named in ``vistula_customers``.
KAM_NAMES: tuple[str, str] = ("Anna Kowalczyk", "Michał Jabłoński")

#: Question q6: the item Marta rates herself on, and her rating.
GAP_ITEM = "client_business"
GAP_RATING = 1


def _portfolios() -> pd.Series:
    """Number of customers per account manager, largest first."""
    return load_dataset("vistula_customers")["account_manager"].value_counts()


# ---------------------------------------------------------------------------------------
# Portfolio sizes
# ---------------------------------------------------------------------------------------
@register
def m02_kam_portfolio_anna() -> int:
    """q5: how many customers Anna Kowalczyk (a key account manager) looks after."""
    return int(_portfolios()[KAM_NAMES[0]])


@register
def m02_kam_accounts_total() -> int:
    """Mistake (q5): the customers of both key account managers together."""
    return int(_portfolios()[list(KAM_NAMES)].sum())


@register
def m02_largest_portfolio() -> int:
    """Mistake (q5): the customers of the account manager with the largest portfolio."""
    return int(_portfolios().max())


# ---------------------------------------------------------------------------------------
# Self-assessment: a gap to the target
# ---------------------------------------------------------------------------------------
def _gap_row(target: CompetencyTarget) -> pd.Series:
    return cast(pd.Series, competency_gaps({GAP_ITEM: GAP_RATING}, target=target).loc[GAP_ITEM])


@register
def m02_gap_new() -> float:
    """q6: the gap (target for a new KAM - rating) of the rating in :data:`GAP_RATING`."""
    return float(_gap_row("new")["gap"])


@register
def m02_gap_target_new() -> float:
    """Mistake (q6): the target level itself, not the gap."""
    return float(_gap_row("new")["target"])


@register
def m02_gap_senior() -> float:
    """Mistake (q6): the gap to the senior KAM target instead of the new KAM target."""
    return float(_gap_row("senior")["gap"])


# ---------------------------------------------------------------------------------------
# Analyst challenge: the key account managers' share of revenue
# ---------------------------------------------------------------------------------------
def _revenue() -> pd.Series:
    return vistula_figures.revenue_by_customer()


def _kam_customers() -> pd.Index:
    customers = load_dataset("vistula_customers")
    return pd.Index(customers.loc[customers["account_manager"].isin(KAM_NAMES), "customer_id"])


@register
def m02_kam_revenue_share() -> float:
    """q10: share of net revenue 2023-2025 of the customers of the two KAMs."""
    revenue = _revenue()
    return float(revenue[revenue.index.isin(_kam_customers())].sum() / revenue.sum())


@register
def m02_kam_customer_share() -> float:
    """Mistake (q10): the KAMs' share of the customers, not of revenue."""
    return len(_kam_customers()) / len(load_dataset("vistula_customers"))


@register
def m02_top_n_revenue_share() -> float:
    """Mistake (q10): the share of today's largest customers, as many as the KAMs have."""
    table = pareto_table(_revenue())
    return float(table["cumulative_share"].iloc[len(_kam_customers()) - 1])


@register
def m02_kam_revenue() -> float:
    """Mistake (q10): the KAM customers' revenue in PLN, not its share."""
    revenue = _revenue()
    return float(revenue[revenue.index.isin(_kam_customers())].sum())
