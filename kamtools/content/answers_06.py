"""Expected answers of course/06_knowing_the_client.ipynb (exercise 06_knowing_the_client).

Conventions: the client's statements are the invented key figures of Linurpor
Automotive S.A. shown in the notebook (million PLN); the "top 100" are Vistula's 100
largest customers by net revenue in 2025 (ties by customer id, as kt.rank_accounts
breaks them); Northwind's discount leakage is measured on list revenue (unit price ×
quantity before the discount) and its late deliveries over the shipped orders only.
Vistula's pocket-price waterfalls are those of its key accounts (the customers of
``kamtools.data.vistula.COMPANY["key_account_managers"]``) in 2025, with the default rates of
:mod:`kamtools.data.vistula`; the "focus" account is the one with the lowest pocket price as a
share of its list price.
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from ..analysis.portfolio import rank_accounts
from ..analysis.pricing import (
    break_even_volume,
    delivery_punctuality,
    discount_leakage,
    key_figures,
)
from ..analysis.transactions import customer_totals
from ..analysis.waterfall import price_waterfalls
from ..data import vistula
from ..data.datasets import load_dataset
from .answers import compute, register

#: Year of the Vistula revenue that ranks the top 100 customers.
RANKING_YEAR = 2025

#: Question 6: the discount the buyer asks for and the gross margin on the account.
Q6_DISCOUNT, Q6_MARGIN = 0.03, 0.18


# ---------------------------------------------------------------------------------------
# Linurpor Automotive S.A.: the client's key figures (invented)
# ---------------------------------------------------------------------------------------
@register
def client_statements() -> pd.DataFrame:
    """Linurpor's statements in million PLN, as in the notebook (a test compares them)."""
    return pd.DataFrame(
        {
            "revenue": [412.0, 468.5, 531.2],
            "cost_of_goods_sold": [338.6, 392.1, 452.6],
            "operating_profit": [28.4, 25.3, 19.1],
            "current_assets": [152.0, 171.4, 196.3],
            "inventory": [61.5, 74.8, 92.7],
            "current_liabilities": [104.8, 131.9, 172.2],
            "trade_receivables": [67.7, 74.1, 81.5],
            "trade_payables": [46.4, 62.4, 85.6],
        },
        index=pd.Index([2023, 2024, 2025], name="year"),
    )


def _figures() -> pd.DataFrame:
    return key_figures(compute("client_statements"))


@register
def client_stretched_cash() -> float:
    """Million PLN Linurpor kept in 2025 by paying suppliers later than in 2023.

    Payables at the 2023 pace would be ``days_payable(2023) * cogs(2025) / 365``; the
    answer is the actual 2025 payables minus that.
    """
    statements = compute("client_statements")
    pace_2023 = _figures().loc[2023, "days_payable"]
    expected = pace_2023 * statements.loc[2025, "cost_of_goods_sold"] / 365
    return float(statements.loc[2025, "trade_payables"] - expected)


@register
def client_stretched_days() -> float:
    """Mistake: the extra days of payment, not turned into money."""
    days = _figures()["days_payable"]
    return float(days[2025] - days[2023])


@register
def client_stretched_cash_on_revenue() -> float:
    """Mistake: the extra days turned into money with revenue instead of cost of goods."""
    revenue = compute("client_statements").loc[2025, "revenue"]
    return compute("client_stretched_days") * revenue / 365


@register
def client_payables_change() -> float:
    """Mistake: the whole rise of trade payables, growth included."""
    payables = compute("client_statements")["trade_payables"]
    return float(payables[2025] - payables[2023])


# ---------------------------------------------------------------------------------------
# Vistula: single-threaded accounts among the 100 largest customers
# ---------------------------------------------------------------------------------------
@register
def client_top100() -> pd.DataFrame:
    """The 100 largest Vistula customers by net revenue in :data:`RANKING_YEAR`."""
    customers = load_dataset("vistula_customers").set_index("customer_id")
    lines = load_dataset("vistula_transactions")
    year = lines[lines["date"].dt.year == RANKING_YEAR]
    revenue = customer_totals(year, customer="customer_id", amount="amount")
    return customers.loc[rank_accounts(revenue, top=100)["customer"]]


@register
def top100_one_role() -> int:
    """Top-100 customers whose contacts cover at most one buying role."""
    return int((compute("client_top100")["buying_roles_covered"] <= 1).sum())


@register
def top100_one_contact() -> int:
    """Mistake: the top-100 customers where we know a single person."""
    return int((compute("client_top100")["n_contacts"] == 1).sum())


@register
def top100_two_roles() -> int:
    """Mistake: at most two roles covered (one too many)."""
    return int((compute("client_top100")["buying_roles_covered"] <= 2).sum())


# ---------------------------------------------------------------------------------------
# Northwind: discount leakage and late deliveries
# ---------------------------------------------------------------------------------------
@register
def nw_orders_named() -> pd.DataFrame:
    """Northwind orders with the sales rep's and the shipper's name, as in the notebook."""
    orders = load_dataset("northwind_orders")
    reps = load_dataset("northwind_employees").set_index("employee_id")
    shippers = load_dataset("northwind_shippers").set_index("shipper_id")
    orders["sales_rep"] = orders["employee_id"].map(reps["first_name"] + " " + reps["last_name"])
    orders["shipper"] = orders["ship_via"].map(shippers["company_name"])
    return orders


@register
def nw_order_lines() -> pd.DataFrame:
    """Northwind order lines joined with their order (customer, rep, shipper, dates)."""
    return load_dataset("northwind_order_details").merge(compute("nw_orders_named"), on="order_id")


@register
def nw_leakage_rate() -> float:
    """Share of Northwind's list revenue given away in discounts."""
    return float(discount_leakage(compute("nw_order_lines"))["leakage_rate"].loc["all"])


@register
def nw_leakage_mean_discount() -> float:
    """Mistake: the plain mean of the discount column (not weighted by revenue)."""
    return float(compute("nw_order_lines")["discount"].mean())


@register
def nw_leakage_discounted_lines_share() -> float:
    """Mistake: the share of order lines that carry a discount."""
    lines = compute("nw_order_lines")
    return float((lines["discount"] > 0).mean())


@register
def nw_leakage_on_net_revenue() -> float:
    """Mistake: the discounts divided by the revenue after discount."""
    row = cast(pd.Series, discount_leakage(compute("nw_order_lines")).loc["all"])
    return float(row["discount_given"] / row["net_revenue"])


@register
def nw_leakage_by_rep() -> pd.DataFrame:
    """Discount leakage per sales rep (by name)."""
    return discount_leakage(compute("nw_order_lines"), by="sales_rep")


@register
def nw_late_rate() -> float:
    """Share of Northwind's shipped orders that left after the required date."""
    return float(delivery_punctuality(compute("nw_orders_named"))["late_rate"].loc["all"])


@register
def nw_late_rate_all_orders() -> float:
    """Mistake: late orders divided by all orders, the open ones included."""
    row = cast(pd.Series, delivery_punctuality(compute("nw_orders_named")).loc["all"])
    return float(row["late"] / row["orders"])


@register
def nw_on_time_rate() -> float:
    """Mistake: the on-time share instead of the late share."""
    return float(delivery_punctuality(compute("nw_orders_named"))["on_time_rate"].loc["all"])


# ---------------------------------------------------------------------------------------
# Question 6: the extra volume a discount must win back
# ---------------------------------------------------------------------------------------
@register
def discount_break_even_volume() -> float:
    """Extra volume a 3% discount needs at an 18% gross margin (:func:`break_even_volume`)."""
    return break_even_volume(Q6_DISCOUNT, Q6_MARGIN)


@register
def discount_share_of_margin() -> float:
    """Mistake: the discount divided by the margin before the discount (d / m)."""
    return Q6_DISCOUNT / Q6_MARGIN


@register
def discount_volume_factor() -> float:
    """Mistake: the new volume as a multiple of today's (1 + the extra volume)."""
    return 1 + compute("discount_break_even_volume")


@register
def discount_itself() -> float:
    """Mistake: the discount itself, as if volume had to grow as much as the price falls."""
    return Q6_DISCOUNT


# ---------------------------------------------------------------------------------------
# Vistula: the pocket-price waterfall of the key accounts (section 5, q11 and q12)
# ---------------------------------------------------------------------------------------
#: Year of the waterfalls (the year the customers' DSO was measured).
WATERFALL_YEAR = 2025

#: q12: the invented waterfall of Kormet, in points of its list revenue (the payment-term
#: cost is computed from its terms by :func:`q12_payment_terms_points`).
Q12_WATERFALL = {
    "on_invoice_discount": 12.0,
    "rebate": 4.0,
    "free_freight": 1.5,
    "rush_orders": 0.5,
}
#: q12: the agreed payment term, the days Kormet really takes, and the cost of capital.
Q12_AGREED_DAYS, Q12_DSO_DAYS, Q12_COST_OF_CAPITAL = 45, 100, 0.09


def _key_account_ids() -> list[str]:
    """Vistula's key accounts: the customers of its two key account managers, by id."""
    customers = load_dataset("vistula_customers")
    managers = vistula.COMPANY["key_account_managers"]
    ids = customers.loc[customers["account_manager"].isin(managers), "customer_id"]
    return sorted(str(c) for c in ids)


@register
def waterfall_key_accounts() -> pd.DataFrame:
    """``kt.price_waterfalls`` of every key account in :data:`WATERFALL_YEAR`, as the notebook."""
    return price_waterfalls(
        load_dataset("vistula_transactions"),
        load_dataset("vistula_cost_to_serve"),
        load_dataset("vistula_customers"),
        year=WATERFALL_YEAR,
        accounts=_key_account_ids(),
    )


@register
def waterfall_focus_account() -> str:
    """The key account that keeps the smallest share of its list price (ties: first id)."""
    return str(compute("waterfall_key_accounts")["pocket_share"].idxmin())


@register
def waterfall_focus_name() -> str:
    """The company name of :func:`waterfall_focus_account`."""
    customers = load_dataset("vistula_customers").set_index("customer_id")
    return str(customers.loc[compute("waterfall_focus_account"), "company_name"])


def _focus_row() -> pd.Series:
    return compute("waterfall_key_accounts").loc[compute("waterfall_focus_account")]


@register
def waterfall_focus_pocket_share() -> float:
    """q11: the focus account's pocket revenue / list revenue."""
    return float(_focus_row()["pocket_share"])


@register
def waterfall_focus_invoice_share() -> float:
    """Mistake: stopping at the invoice (invoice revenue / list revenue)."""
    row = _focus_row()
    return float(row["invoice_revenue"] / row["list_revenue"])


@register
def waterfall_focus_pocket_on_invoice() -> float:
    """Mistake: pocket revenue divided by invoice revenue instead of list revenue."""
    row = _focus_row()
    return float(row["pocket_revenue"] / row["invoice_revenue"])


@register
def waterfall_focus_leakage_share() -> float:
    """Mistake: the share of the list price that leaks away (1 - pocket share)."""
    return 1.0 - compute("waterfall_focus_pocket_share")


@register
def waterfall_focus_off_invoice_share() -> float:
    """The leakages after the invoice (rebate to rush orders) as a share of list revenue."""
    row = _focus_row()
    return float((row["leakage"] - row["on_invoice_discount"]) / row["list_revenue"])


@register
def q12_payment_terms_points() -> float:
    """q12: Kormet's payment-term cost in points of list revenue.

    Invoice revenue × DSO / 365 × cost of capital, with 88 of every 100 of list revenue
    invoiced (after the 12-point discount): 88 × 100 / 365 × 0.09 = 2.17 points.
    """
    invoice = 100.0 - Q12_WATERFALL["on_invoice_discount"]
    return invoice * Q12_DSO_DAYS / 365 * Q12_COST_OF_CAPITAL


@register
def q12_late_payment_points() -> float:
    """q12: the part of it that comes from paying later than agreed (55 of the 100 days)."""
    invoice = 100.0 - Q12_WATERFALL["on_invoice_discount"]
    return invoice * (Q12_DSO_DAYS - Q12_AGREED_DAYS) / 365 * Q12_COST_OF_CAPITAL
