"""Expected answers of course/10_your_own_customers.ipynb (exercise 10_your_own_customers).

The data question reads the module's sample export (:func:`kamtools.sample_export`:
Vistula's sales register of 2024-2025 as a Subiekt-style CSV) with
:func:`kamtools.read_export` and :func:`kamtools.portfolio_report`, as the notebook and the
tool do, so the answer is what the learner sees.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from ..analysis.portfolio_review import PortfolioReport, portfolio_report
from ..data.exports import read_export
from ..data.samples import sample_export
from .answers import register


@functools.cache
def sample_report() -> PortfolioReport:
    """The portfolio report of the sample export (written to a temporary folder once)."""
    with tempfile.TemporaryDirectory() as folder:
        export = read_export(sample_export(Path(folder) / "sample.csv"))
    return portfolio_report(export.lines)


@register
def sample_lost_revenue() -> float:
    """q4: what the customers lost in the last year bought the year before (PLN)."""
    movers = sample_report().movers
    return float(movers.loc[movers["status"] == "lost", "revenue_previous"].sum())


@register
def sample_lost_and_shrinking() -> float:
    """Mistake: the revenue lost by the lost and the shrinking customers together (PLN)."""
    movers = sample_report().movers
    falling = movers[movers["status"].isin(["lost", "shrinking"])]
    return float(-falling["change"].sum())


@register
def sample_won_revenue() -> float:
    """Mistake: what the customers won in the last year bought in it (PLN)."""
    movers = sample_report().movers
    return float(movers.loc[movers["status"] == "won", "revenue_current"].sum())
