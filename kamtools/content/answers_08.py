"""Expected answers of module 08, the account plan capstone (Vistula Industrial Supply).

The account of the module is Balimpor Auto Parts Sp. z o.o. (``V0051``): an integrated
key account of Anna Kowalczyk, Vistula's third-largest customer by revenue, with a
positive but thin gross margin, which loses money once the cost to serve and its rebate
are paid. The optional analyst challenge looks at Halitron Medical S.A. (``V0167``), the
largest customer, which is very profitable. The bow-tie example of the relationship plan
is Daranlux Automotive Sp. z o.o. (``V0180``). Profit uses the Vistula cost rates
(``kt.vistula.COST_RATES``) and subtracts the rebate; wallets are the 2025
estimates compared with our 2025 net revenue.
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from ..analysis.accounts import account_history, wallet_table
from ..analysis.waterfall import price_waterfall, price_waterfalls
from ..data.datasets import load_dataset
from ..data.vistula import COST_RATES
from .answers import compute, register

#: The account the capstone plans for: Balimpor Auto Parts Sp. z o.o.
ACCOUNT = "V0051"
#: The account of the optional analyst challenge: Halitron Medical S.A.
CHALLENGE_ACCOUNT = "V0167"
#: The bow-tie example of the relationship plan: Daranlux Automotive Sp. z o.o.
BOW_TIE_ACCOUNT = "V0180"
#: The year of the wallet estimates and of the plan's starting point.
PLAN_YEAR = 2025
#: Questions 3 and 8: the category with Balimpor's largest whitespace, which its buyer
#: offers to buy more of for a discount.
GROWTH_CATEGORY = "lubricants & chemicals"
#: Question 8: the extra volume of GROWTH_CATEGORY Balimpor's buyer offers for a discount.
Q8_EXTRA_VOLUME = 0.25


def _history(account: str) -> pd.DataFrame:
    return account_history(
        load_dataset("vistula_transactions"),
        load_dataset("vistula_cost_to_serve"),
        account,
        cost_rates=COST_RATES,
    )


def _costs_row(account: str = ACCOUNT, year: int = PLAN_YEAR) -> pd.Series:
    costs = load_dataset("vistula_cost_to_serve")
    return costs[(costs["customer_id"] == account) & (costs["year"] == year)].iloc[0]


# ---------------------------------------------------------------------------------------
# Balimpor's situation
# ---------------------------------------------------------------------------------------
@register
def capstone_history() -> pd.DataFrame:
    """Balimpor Auto Parts year by year (:func:`kamtools.analysis.accounts.account_history`)."""
    return _history(ACCOUNT)


def _balimpor(column: str, year: int = PLAN_YEAR) -> float:
    return float(compute("capstone_history").loc[year, column])


@register
def balimpor_gross_margin_rate() -> float:
    """Balimpor's 2025 gross margin as a share of its 2025 revenue (positive, but thin)."""
    return _balimpor("gross_margin") / _balimpor("revenue")


@register
def company_gross_margin_rate() -> float:
    """Vistula's 2025 gross margin over all customers, as a share of 2025 revenue."""
    lines = load_dataset("vistula_transactions")
    year = lines[lines["date"].dt.year == PLAN_YEAR]
    return float(1 - year["cost_of_goods"].sum() / year["amount"].sum())


@register
def balimpor_cost_to_serve_share() -> float:
    """Balimpor's 2025 cost to serve as a share of its 2025 revenue."""
    return _balimpor("cost_to_serve") / _balimpor("revenue")


@register
def balimpor_rebate_rate() -> float:
    """Balimpor's 2025 year-end rebate as a share of its 2025 revenue."""
    return _balimpor("rebate") / _balimpor("revenue")


@register
def balimpor_profit_margin() -> float:
    """Mistake: Balimpor's 2025 profit margin (profit / revenue) instead of cost to serve."""
    return _balimpor("profit_margin")


@register
def balimpor_gross_margin_mistake() -> float:
    """Mistake: Balimpor's 2025 gross margin rate instead of its cost-to-serve share."""
    return compute("balimpor_gross_margin_rate")


@register
def balimpor_cost_to_serve_share_2024() -> float:
    """Mistake: the cost to serve share of revenue in 2024 instead of 2025."""
    return _balimpor("cost_to_serve", 2024) / _balimpor("revenue", 2024)


@register
def balimpor_profit_2025() -> float:
    """Balimpor's 2025 profit after cost to serve and rebate, in PLN (negative: a loss)."""
    return _balimpor("profit")


@register
def balimpor_loss_2025() -> float:
    """Balimpor's 2025 loss after cost to serve and rebate, as a positive amount in PLN."""
    return -_balimpor("profit")


@register
def balimpor_break_even_price_rise() -> float:
    """Price rise that would turn Balimpor's 2025 loss into break-even at the same volume.

    Simplified as in the notebook: loss / revenue (the rebate, a share of revenue, would
    grow a little with the price; the notebook says "about").
    """
    return -_balimpor("profit") / _balimpor("revenue")


@register
def balimpor_category_margins() -> pd.DataFrame:
    """Balimpor's 2025 sales by category: ``amount``, ``cost_of_goods``, ``gross_margin_rate``.

    The same table as the notebook's ``by_category``: invoice and credit-note lines of
    :data:`PLAN_YEAR` summed per category; ``gross_margin_rate`` = 1 - cost of goods /
    amount.
    """
    lines = load_dataset("vistula_transactions")
    mine = lines[(lines["customer_id"] == ACCOUNT) & (lines["date"].dt.year == PLAN_YEAR)]
    table = mine.groupby("category")[["amount", "cost_of_goods"]].sum()
    table["gross_margin_rate"] = 1 - table["cost_of_goods"] / table["amount"]
    return table


@register
def balimpor_lubricants_margin() -> float:
    """Balimpor's 2025 gross margin on :data:`GROWTH_CATEGORY`, a fraction of its revenue."""
    return float(compute("balimpor_category_margins").loc[GROWTH_CATEGORY, "gross_margin_rate"])


@register
def balimpor_cost_levers() -> pd.Series:
    """What each habit of Balimpor cost Vistula in 2025, in PLN (the notebook's levers).

    ``extra deliveries`` (deliveries beyond one per order), ``rush orders``, ``returns``
    and ``support hours``, each priced at :data:`COST_RATES`.
    """
    row = _costs_row()
    return pd.Series(
        {
            "extra deliveries": (row["deliveries"] - row["orders"]) * COST_RATES["deliveries"],
            "rush orders": row["rush_orders"] * COST_RATES["rush_orders"],
            "returns": row["returns"] * COST_RATES["returns"],
            "support hours": row["support_hours"] * COST_RATES["support_hours"],
        }
    )


@register
def balimpor_support_share_of_cost_to_serve() -> float:
    """The share of Balimpor's 2025 cost to serve that is support hours."""
    return float(compute("balimpor_cost_levers")["support hours"]) / _balimpor("cost_to_serve")


@register
def balimpor_levers_share_of_cost_to_serve() -> float:
    """The share of Balimpor's 2025 cost to serve that the four habits cause together."""
    return float(compute("balimpor_cost_levers").sum()) / _balimpor("cost_to_serve")


@register
def balimpor_lubricants_win_gain() -> float:
    """Question 3: profit (PLN) the whole 2025 lubricants & chemicals whitespace would add.

    The whitespace sold at the 2025 margin of the category, minus the year-end rebate,
    which is a share of the year's revenue (the 2025 rebate rate); the extra goods travel
    with existing orders and deliveries, and support hours do not depend on them, so the
    cost to serve does not change.
    """
    whitespace = float(_balimpor_wallets()["whitespace"].loc[GROWTH_CATEGORY])
    return whitespace * (compute("balimpor_lubricants_margin") - compute("balimpor_rebate_rate"))


@register
def balimpor_profit_with_lubricants_win() -> float:
    """Question 3: Balimpor's 2025 profit with the lubricants whitespace won (PLN)."""
    return _balimpor("profit") + compute("balimpor_lubricants_win_gain")


@register
def balimpor_loss_with_lubricants_win() -> float:
    """Question 3: the loss that remains with the lubricants whitespace won (positive PLN)."""
    return -compute("balimpor_profit_with_lubricants_win")


@register
def lubricants_max_discount() -> float:
    """Question 8: the largest discount on the category that 25% more volume pays for.

    Gross profit stays the same when ``(1 + v) (m - d) = m``, so ``d = v m / (1 + v)``
    (``m`` the 2025 margin of :data:`GROWTH_CATEGORY`, ``v`` :data:`Q8_EXTRA_VOLUME`);
    then ``kt.break_even_volume(d, m) == v``.
    """
    m, v = compute("balimpor_lubricants_margin"), Q8_EXTRA_VOLUME
    return v * m / (1 + v)


@register
def lubricants_discount_volume_times_margin() -> float:
    """Mistake: the extra volume times the margin, not divided by 1 + the extra volume."""
    return Q8_EXTRA_VOLUME * compute("balimpor_lubricants_margin")


@register
def lubricants_discount_volume_share() -> float:
    """Mistake: v / (1 + v), the margin left out."""
    return Q8_EXTRA_VOLUME / (1 + Q8_EXTRA_VOLUME)


@register
def lubricants_gross_margin_itself() -> float:
    """Mistake: the category's margin itself (a discount that sells at cost)."""
    return compute("balimpor_lubricants_margin")


# ---------------------------------------------------------------------------------------
# Payment terms and the pocket-price waterfall
# ---------------------------------------------------------------------------------------
@register
def balimpor_waterfall() -> pd.DataFrame:
    """Balimpor's 2025 pocket-price waterfall (:func:`kamtools.price_waterfall`), as a frame."""
    return price_waterfall(
        load_dataset("vistula_transactions"),
        load_dataset("vistula_cost_to_serve"),
        load_dataset("vistula_customers"),
        customer=ACCOUNT,
        year=PLAN_YEAR,
    ).to_frame()


@register
def balimpor_pocket_share() -> float:
    """Balimpor's 2025 pocket revenue as a share of its list revenue."""
    return float(compute("balimpor_waterfall").loc["pocket_revenue", "share_of_list"])


@register
def balimpor_leakage_after_invoice() -> float:
    """Balimpor's 2025 leakages after the invoice (rebate, payment terms, free freight,
    rush orders) as a share of its invoice revenue."""
    frame = compute("balimpor_waterfall")
    steps = ["rebate", "payment_terms", "free_freight", "rush_orders"]
    return float(-frame.loc[steps, "pln"].sum() / frame.loc["invoice_revenue", "pln"])


@register
def pocket_share_below_balimpor() -> float:
    """Share of the 2025 buyers whose pocket share is lower than Balimpor's."""
    all_ = price_waterfalls(
        load_dataset("vistula_transactions"),
        load_dataset("vistula_cost_to_serve"),
        load_dataset("vistula_customers"),
        year=PLAN_YEAR,
    )["pocket_share"]
    return float((all_ < all_.loc[ACCOUNT]).mean())


@register
def balimpor_days_late() -> float:
    """How many days after its agreed terms Balimpor pays on average (DSO - terms)."""
    row = cast(pd.Series, load_dataset("vistula_customers").set_index("customer_id").loc[ACCOUNT])
    return float(row["dso_days"] - row["payment_terms_days"])


# ---------------------------------------------------------------------------------------
# Wallets
# ---------------------------------------------------------------------------------------
@register
def capstone_wallet_table() -> pd.DataFrame:
    """Revenue, wallet, share of wallet and whitespace per customer and category, 2025."""
    return wallet_table(
        load_dataset("vistula_transactions"), load_dataset("vistula_wallets"), year=PLAN_YEAR
    )


def _balimpor_wallets() -> pd.DataFrame:
    return compute("capstone_wallet_table").loc[ACCOUNT]


@register
def balimpor_whitespace_total() -> float:
    """Balimpor's whitespace over its six categories in 2025, in PLN."""
    return float(_balimpor_wallets()["whitespace"].sum())


@register
def balimpor_wallet_total() -> float:
    """Mistake: Balimpor's whole estimated wallet, without subtracting our revenue."""
    return float(_balimpor_wallets()["wallet"].sum())


@register
def balimpor_revenue_by_category_total() -> float:
    """Mistake: our 2025 revenue from Balimpor instead of the whitespace."""
    return float(_balimpor_wallets()["revenue"].sum())


@register
def balimpor_largest_whitespace() -> float:
    """Mistake: the whitespace of Balimpor's largest category only."""
    return float(_balimpor_wallets()["whitespace"].max())


@register
def balimpor_largest_whitespace_category() -> str:
    """The category with Balimpor's largest whitespace in 2025."""
    return str(_balimpor_wallets()["whitespace"].idxmax())


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
# The bow-tie example: Daranlux Automotive
# ---------------------------------------------------------------------------------------
@register
def bow_tie_revenue_ratio() -> float:
    """Daranlux's 2025 revenue divided by its 2023 revenue (about a half)."""
    revenue = _history(BOW_TIE_ACCOUNT)["revenue"]
    return float(revenue[PLAN_YEAR] / revenue[PLAN_YEAR - 2])


# ---------------------------------------------------------------------------------------
# Analyst challenge: Halitron Medical
# ---------------------------------------------------------------------------------------
@register
def challenge_history() -> pd.DataFrame:
    """Halitron Medical year by year (:func:`kamtools.analysis.accounts.account_history`)."""
    return _history(CHALLENGE_ACCOUNT)


@register
def halitron_revenue_change() -> float:
    """Halitron's revenue change from 2024 to 2025, as a fraction (positive: growth)."""
    return float(compute("challenge_history").loc[2025, "revenue_growth"])


@register
def halitron_revenue_change_2024() -> float:
    """Mistake: Halitron's revenue change from 2023 to 2024."""
    return float(compute("challenge_history").loc[2024, "revenue_growth"])


@register
def halitron_revenue_ratio() -> float:
    """Mistake: 2025 revenue divided by 2024 revenue, without subtracting 1."""
    history = compute("challenge_history")
    return float(history.loc[2025, "revenue"] / history.loc[2024, "revenue"])


@register
def halitron_revenue_change_negative() -> float:
    """Mistake: the growth with a minus sign, as if revenue had fallen."""
    return -compute("halitron_revenue_change")


@register
def halitron_profit_margin() -> float:
    """Halitron's 2025 profit after cost to serve and rebate, as a share of its revenue."""
    return float(compute("challenge_history").loc[2025, "profit_margin"])


@register
def halitron_largest_whitespace_category() -> str:
    """The category with Halitron's largest whitespace in 2025."""
    return str(compute("capstone_wallet_table").loc[CHALLENGE_ACCOUNT, "whitespace"].idxmax())


# ---------------------------------------------------------------------------------------
# The joint layer: Balimpor's first QBR scorecard
# ---------------------------------------------------------------------------------------
#: The scorecard of Balimpor's first QBR: (measure, target, actual column, per, better). The
#: targets are the joint value plan's choices (the example targets of qbr.yml), not data; the
#: actuals are PLAN_YEAR's cost-to-serve counts, divided by ``per`` (4: a quarterly average).
#: ``None`` as the column: Vistula's files do not record it, so the line has no data yet.
QBR_LINES: tuple[tuple[str, float, str | None, int, str], ...] = (
    ("On-time delivery", 0.98, None, 1, "higher"),
    ("Fill rate", 0.97, None, 1, "higher"),
    ("Deliveries per order", 1.5, "deliveries", 1, "lower"),
    ("Rush orders per quarter", 3, "rush_orders", 4, "lower"),
    ("Returns per quarter", 2, "returns", 4, "lower"),
)


@register
def balimpor_qbr_scorecard() -> pd.DataFrame:
    """The service scorecard of Balimpor's first QBR (:func:`kamtools.qbr_scorecard`).

    The same table as the notebook's ``scorecard``: one line per entry of
    :data:`QBR_LINES`, with the actual of :data:`PLAN_YEAR` (deliveries per order =
    deliveries / orders; rush orders and returns as a quarterly average) and its status.
    """
    from ..learning.qbr import qbr_scorecard

    row = _costs_row()
    lines = []
    for measure, target, column, per, better in QBR_LINES:
        if column is None:
            actual = None
        elif column == "deliveries":
            actual = row["deliveries"] / row["orders"]
        else:
            actual = row[column] / per
        lines.append({"measure": measure, "target": target, "actual": actual, "better": better})
    return qbr_scorecard(lines)


@register
def balimpor_deliveries_per_order() -> float:
    """Balimpor's deliveries per order in :data:`PLAN_YEAR` (the QBR scorecard's line)."""
    table = compute("balimpor_qbr_scorecard").set_index("measure")
    return float(table.loc["Deliveries per order", "actual"])


@register
def balimpor_qbr_off_track() -> int:
    """How many lines of Balimpor's QBR scorecard are off track."""
    return int((compute("balimpor_qbr_scorecard")["status"] == "off track").sum())
