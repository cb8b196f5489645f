"""Expected answers of course/05_selecting_key_accounts.ipynb (exercise 05_selecting_key_accounts).

Conventions: the Vistula customers with their five 0-10 selection criteria; the current
key accounts are the customers looked after by the two key account managers; the
portfolio matrix uses ``attractiveness`` (the equal-weight mean of the five criteria)
against ``relative_strength``, split at 5 unless a question says otherwise, as
:func:`kamtools.portfolio_quadrant` and :class:`kamtools.AccountScoring` do by default.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.portfolio import portfolio_quadrant, quadrant_changes, weighted_score
from ..data.datasets import load_dataset
from .answers import compute, register

#: The five selection criteria of ``vistula_customers``, in the order of the widget.
CRITERIA = (
    "volume_potential",
    "growth_potential",
    "margin_potential",
    "strategic_fit",
    "ease_of_doing_business",
)

#: The two key account managers of Vistula (DATASHEET.md: they serve 20 accounts).
KEY_ACCOUNT_MANAGERS = ("Anna Kowalczyk", "Michał Jabłoński")

#: The weight of margin potential the finance director asks for in question 5 (the other
#: four stay at 5).
Q5_MARGIN_WEIGHT = 8.0

#: The weights of question 2 (Warta Metal's score).
WARTA_WEIGHTS = {
    "volume_potential": 3,
    "growth_potential": 2,
    "margin_potential": 3,
    "strategic_fit": 1,
    "ease_of_doing_business": 1,
}


# ---------------------------------------------------------------------------------------
# Three invented prospects, scored by hand in the notebook
# ---------------------------------------------------------------------------------------
@register
def selection_prospects() -> pd.DataFrame:
    """The three prospects of the notebook's scoring example (a test compares them)."""
    return pd.DataFrame(
        {
            "volume_potential": [9, 5, 7],
            "growth_potential": [3, 8, 6],
            "margin_potential": [4, 7, 3],
            "strategic_fit": [6, 8, 5],
            "ease_of_doing_business": [5, 7, 9],
        },
        index=["Odra Packaging", "Tatra Foods", "Warta Metal"],
    )


def _warta_row() -> pd.Series:
    return compute("selection_prospects").loc["Warta Metal", list(WARTA_WEIGHTS)]


@register
def warta_score() -> float:
    """Warta Metal's weighted score with :data:`WARTA_WEIGHTS`."""
    return float(weighted_score(compute("selection_prospects"), WARTA_WEIGHTS)["Warta Metal"])


@register
def warta_weighted_sum() -> float:
    """Mistake: the weighted sum, not divided by the sum of the weights."""
    weights = pd.Series(WARTA_WEIGHTS, dtype=float)
    return float((_warta_row() * weights).sum())


@register
def warta_sum_over_criteria() -> float:
    """Mistake: the weighted sum divided by the number of criteria instead of the weights."""
    return compute("warta_weighted_sum") / len(WARTA_WEIGHTS)


@register
def warta_plain_mean() -> float:
    """Mistake: the plain mean of the five scores (the weights ignored)."""
    return float(_warta_row().mean())


# ---------------------------------------------------------------------------------------
# Vistula: the portfolio matrix
# ---------------------------------------------------------------------------------------
@register
def selection_customers() -> pd.DataFrame:
    """The Vistula customers indexed by customer id."""
    return load_dataset("vistula_customers").set_index("customer_id")


def _quadrant_count(quadrant: str, cut: float) -> int:
    customers = compute("selection_customers")
    table = portfolio_quadrant(customers["attractiveness"], customers["relative_strength"], cut=cut)
    return int((table["quadrant"] == quadrant).sum())


@register
def strategic_at_cut_5() -> int:
    """Customers in the Strategic box with the default cut of 5 (question 7: far too many)."""
    return _quadrant_count("Strategic", 5)


def _placement(weights: dict[str, float]) -> pd.DataFrame:
    customers = compute("selection_customers")
    scores = weighted_score(customers, weights)
    return portfolio_quadrant(scores, customers["relative_strength"])


def _margin_moves() -> pd.DataFrame:
    base = _placement(dict.fromkeys(CRITERIA, 5.0))
    after = _placement({**dict.fromkeys(CRITERIA, 5.0), "margin_potential": Q5_MARGIN_WEIGHT})
    return quadrant_changes(base, after)


@register
def margin8_changed() -> int:
    """Accounts that change quadrant when margin potential goes from 5 to 8 (others at 5)."""
    return len(_margin_moves())


# ---------------------------------------------------------------------------------------
# The selection debate
# ---------------------------------------------------------------------------------------
@register
def selection_key_accounts() -> pd.DataFrame:
    """The current key accounts: the customers of the two key account managers."""
    customers = compute("selection_customers")
    return customers[customers["account_manager"].isin(KEY_ACCOUNT_MANAGERS)]


@register
def key_accounts_attractive() -> int:
    """Current key accounts with an attractiveness of 7 or more."""
    return int((compute("selection_key_accounts")["attractiveness"] >= 7).sum())


@register
def key_accounts_strong() -> int:
    """Mistake: the key accounts with a relative strength of 7 or more (the wrong axis)."""
    return int((compute("selection_key_accounts")["relative_strength"] >= 7).sum())


@register
def key_accounts_below_7() -> int:
    """Mistake: the key accounts below 7 (the opposite count)."""
    return int((compute("selection_key_accounts")["attractiveness"] < 7).sum())


@register
def customers_attractive() -> int:
    """Mistake: all customers with an attractiveness of 7 or more, key accounts or not."""
    return int((compute("selection_customers")["attractiveness"] >= 7).sum())


# ---------------------------------------------------------------------------------------
# The buyer's view (section 6): an illustrative table, not data
# ---------------------------------------------------------------------------------------
#: The six product categories of Vistula (vistula_transactions["category"]).
VISTULA_CATEGORIES = (
    "bearings & transmission",
    "fasteners",
    "lubricants & chemicals",
    "packaging",
    "safety & PPE",
    "tools & abrasives",
)


@register
def buyer_view_items() -> pd.DataFrame:
    """How one machine builder's buyer might score what Vistula sells (0-10), for teaching.

    Invented scores, not in the data; the notebook's ``buyer_view`` table must equal it
    (a test compares them).
    """
    return pd.DataFrame(
        {
            "profit_impact": [8, 6, 3, 3, 2, 5],
            "supply_risk": [7, 2, 7, 3, 3, 3],
        },
        index=list(VISTULA_CATEGORIES),
    )
