"""Expected answers of module 08, the account plan capstone (Vistula Industrial Supply).

The account of the module is Gorinik Hydraulics S.A. (``V0169``): in 2025 Vistula's
largest customer by revenue, and a loss-maker after the cost to serve. The optional
analyst challenge looks at Lamapak Auto Parts S.A. (``V0081``), whose revenue fell in
2025. Profit uses the Vistula cost rates (``kamtools.synthetic.COST_RATES``); wallets are
the 2025 estimates compared with our 2025 net revenue.
"""

from __future__ import annotations

import pandas as pd

from ..accounts import account_history, wallet_table
from ..datasets import load_dataset
from ..synthetic import COST_RATES
from .answers import compute, register

#: The account the capstone plans for: Gorinik Hydraulics S.A.
ACCOUNT = "V0169"
#: The account of the optional analyst challenge: Lamapak Auto Parts S.A.
CHALLENGE_ACCOUNT = "V0081"
#: The year of the wallet estimates and of the plan's starting point.
PLAN_YEAR = 2025
#: Question 8: the extra fastener volume Gorinik's buyer offers for a discount.
Q8_EXTRA_VOLUME = 0.25


def _history(account: str) -> pd.DataFrame:
    return account_history(
        load_dataset("vistula_transactions"),
        load_dataset("vistula_cost_to_serve"),
        account,
        cost_rates=COST_RATES,
    )


# ---------------------------------------------------------------------------------------
# Gorinik's situation
# ---------------------------------------------------------------------------------------
@register
def capstone_history() -> pd.DataFrame:
    """Gorinik Hydraulics year by year (:func:`kamtools.accounts.account_history`)."""
    return _history(ACCOUNT)


def _gorinik(column: str, year: int = PLAN_YEAR) -> float:
    return float(compute("capstone_history").loc[year, column])


@register
def gorinik_cost_to_serve_share() -> float:
    """Gorinik's 2025 cost to serve as a share of its 2025 revenue."""
    return _gorinik("cost_to_serve") / _gorinik("revenue")


@register
def gorinik_profit_margin() -> float:
    """Mistake: Gorinik's 2025 profit margin (profit / revenue) instead of cost to serve."""
    return _gorinik("profit_margin")


@register
def gorinik_cost_to_serve_share_2024() -> float:
    """Mistake: the cost to serve share of revenue in 2024 instead of 2025."""
    return _gorinik("cost_to_serve", 2024) / _gorinik("revenue", 2024)


@register
def gorinik_profit_2025() -> float:
    """Gorinik's 2025 profit after cost to serve, in PLN (negative: a loss)."""
    return _gorinik("profit")


@register
def gorinik_break_even_price_rise() -> float:
    """Price rise that would turn Gorinik's 2025 loss into break-even at the same volume."""
    return -_gorinik("profit") / _gorinik("revenue")


@register
def gorinik_category_margins() -> pd.DataFrame:
    """Gorinik's 2025 sales by category: ``amount``, ``cost_of_goods``, ``gross_margin_rate``.

    The same table as the notebook's ``by_category``: invoice and credit-note lines of
    :data:`PLAN_YEAR` summed per category; ``gross_margin_rate`` = 1 - cost of goods /
    amount (negative where the category is sold below cost).
    """
    lines = load_dataset("vistula_transactions")
    mine = lines[(lines["customer_id"] == ACCOUNT) & (lines["date"].dt.year == PLAN_YEAR)]
    table = mine.groupby("category")[["amount", "cost_of_goods"]].sum()
    table["gross_margin_rate"] = 1 - table["cost_of_goods"] / table["amount"]
    return table


@register
def gorinik_fasteners_margin() -> float:
    """Gorinik's 2025 gross margin on fasteners, as a fraction of the fastener revenue."""
    return float(compute("gorinik_category_margins").loc["fasteners", "gross_margin_rate"])


@register
def gorinik_support_share_of_cost_to_serve() -> float:
    """The share of Gorinik's 2025 cost to serve that is support hours."""
    costs = load_dataset("vistula_cost_to_serve")
    row = costs[(costs["customer_id"] == ACCOUNT) & (costs["year"] == PLAN_YEAR)].iloc[0]
    return float(row["support_hours"] * COST_RATES["support_hours"]) / _gorinik("cost_to_serve")


@register
def gorinik_fasteners_win_gain() -> float:
    """Question 3: gross profit (PLN) the whole 2025 fasteners whitespace would add.

    The whitespace sold at the 2025 fastener margin; the extra fasteners travel with
    existing orders and deliveries, and support hours do not depend on fasteners, so the
    cost to serve does not change.
    """
    whitespace = float(_gorinik_wallets().loc["fasteners", "whitespace"])
    return whitespace * compute("gorinik_fasteners_margin")


@register
def gorinik_profit_with_fasteners_win() -> float:
    """Question 3: Gorinik's 2025 profit after cost to serve with the fasteners whitespace won."""
    return _gorinik("profit") + compute("gorinik_fasteners_win_gain")


@register
def gorinik_loss_2025() -> float:
    """Gorinik's 2025 loss after cost to serve, as a positive amount in PLN (for the text)."""
    return -_gorinik("profit")


@register
def gorinik_loss_with_fasteners_win() -> float:
    """Question 3: the loss that remains with the fasteners whitespace won (positive PLN)."""
    return -compute("gorinik_profit_with_fasteners_win")


@register
def fasteners_max_discount() -> float:
    """Question 8: the largest fastener discount that 25% more volume pays for.

    Gross profit stays the same when ``(1 + v) (m - d) = m``, so ``d = v m / (1 + v)``
    (``m`` the 2025 fastener margin, ``v`` :data:`Q8_EXTRA_VOLUME`); then
    ``kt.break_even_volume(d, m) == v``.
    """
    m, v = compute("gorinik_fasteners_margin"), Q8_EXTRA_VOLUME
    return v * m / (1 + v)


@register
def fasteners_discount_volume_times_margin() -> float:
    """Mistake: the extra volume times the margin, not divided by 1 + the extra volume."""
    return Q8_EXTRA_VOLUME * compute("gorinik_fasteners_margin")


@register
def fasteners_discount_volume_share() -> float:
    """Mistake: v / (1 + v), the margin left out."""
    return Q8_EXTRA_VOLUME / (1 + Q8_EXTRA_VOLUME)


@register
def fasteners_gross_margin_itself() -> float:
    """Mistake: the fastener margin itself (a discount that sells at cost)."""
    return compute("gorinik_fasteners_margin")


# ---------------------------------------------------------------------------------------
# Wallets
# ---------------------------------------------------------------------------------------
@register
def capstone_wallet_table() -> pd.DataFrame:
    """Revenue, wallet, share of wallet and whitespace per customer and category, 2025."""
    return wallet_table(
        load_dataset("vistula_transactions"), load_dataset("vistula_wallets"), year=PLAN_YEAR
    )


def _gorinik_wallets() -> pd.DataFrame:
    return compute("capstone_wallet_table").loc[ACCOUNT]


@register
def gorinik_whitespace_total() -> float:
    """Gorinik's whitespace over its six categories in 2025, in PLN."""
    return float(_gorinik_wallets()["whitespace"].sum())


@register
def gorinik_wallet_total() -> float:
    """Mistake: Gorinik's whole estimated wallet, without subtracting our revenue."""
    return float(_gorinik_wallets()["wallet"].sum())


@register
def gorinik_revenue_by_category_total() -> float:
    """Mistake: our 2025 revenue from Gorinik instead of the whitespace."""
    return float(_gorinik_wallets()["revenue"].sum())


@register
def gorinik_largest_whitespace() -> float:
    """Mistake: the whitespace of Gorinik's largest category only (fasteners)."""
    return float(_gorinik_wallets()["whitespace"].max())


@register
def gorinik_largest_whitespace_category() -> str:
    """The category with Gorinik's largest whitespace in 2025."""
    return str(_gorinik_wallets()["whitespace"].idxmax())


@register
def wallet_below_revenue_pairs() -> int:
    """Customer-category pairs whose 2025 wallet estimate is below our 2025 revenue."""
    return int(compute("capstone_wallet_table")["wallet_below_revenue"].sum())


@register
def wallet_below_revenue_customers() -> int:
    """Mistake: customers (not pairs) with at least one wallet below our revenue."""
    table = compute("capstone_wallet_table")
    return int(table.index[table["wallet_below_revenue"]].get_level_values(0).nunique())


@register
def wallet_unknown_pairs() -> int:
    """Mistake: the customer-category pairs whose wallet is unknown."""
    return int(compute("capstone_wallet_table")["wallet_unknown"].sum())


@register
def wallet_high_share_pairs() -> int:
    """Mistake: pairs with a share of wallet of 90% or more (not only those above 100%)."""
    return int((compute("capstone_wallet_table")["share_of_wallet"] >= 0.9).sum())


# ---------------------------------------------------------------------------------------
# Analyst challenge: Lamapak Auto Parts
# ---------------------------------------------------------------------------------------
@register
def challenge_history() -> pd.DataFrame:
    """Lamapak Auto Parts year by year (:func:`kamtools.accounts.account_history`)."""
    return _history(CHALLENGE_ACCOUNT)


@register
def lamapak_revenue_change() -> float:
    """Lamapak's revenue change from 2024 to 2025, as a fraction (negative: a fall)."""
    return float(compute("challenge_history").loc[2025, "revenue_growth"])


@register
def lamapak_revenue_change_2024() -> float:
    """Mistake: Lamapak's revenue change from 2023 to 2024."""
    return float(compute("challenge_history").loc[2024, "revenue_growth"])


@register
def lamapak_revenue_ratio() -> float:
    """Mistake: 2025 revenue divided by 2024 revenue, without subtracting 1."""
    history = compute("challenge_history")
    return float(history.loc[2025, "revenue"] / history.loc[2024, "revenue"])


@register
def lamapak_revenue_change_positive() -> float:
    """Mistake: the size of the fall without its minus sign."""
    return -compute("lamapak_revenue_change")
