"""Expected answers of course/09_polish_business_context.ipynb (exercise 09_polish_business_context).

Conventions: payment-term costs use a 365-day year and Vistula's cost of capital of 9% a
year (:data:`kamtools.analysis.payment_terms.DEFAULT_RATE`); the legal limits are those of
:func:`kamtools.max_payment_term` (Vistula is a medium-sized company, so an SME supplier).
Data questions read ``vistula_customers`` (``buyer_type``, ``company_size``,
``payment_terms_days``, ``dso_days``) and Vistula's invoice revenue of
:data:`REVENUE_YEAR` (``vistula_transactions``, net of credit notes, per customer).
"""

from __future__ import annotations

import pandas as pd

from ..analysis.payment_terms import (
    DEFAULT_RATE,
    max_payment_term,
    recovery_lump_sum,
    working_capital_cost,
)
from ..analysis.transactions import customer_totals
from ..data.datasets import load_dataset
from .answers import compute, register

#: Question on the cost of a term extension: yearly revenue (PLN), old and new term, rate.
WC_REVENUE, WC_FROM_DAYS, WC_TO_DAYS, WC_RATE = 3_200_000, 45, 75, 0.09

#: Question on the recovery lump sum: the late invoice (PLN) and the euro rate (PLN/EUR).
LUMP_INVOICE, LUMP_EUR_PLN = 18_400, 4.25

#: The year of revenue behind the receivables figures.
REVENUE_YEAR = 2025

#: How a public buyer's name shows that it is a public health-care provider.
HOSPITAL = r"Hospital|SP ZOZ"


# ---------------------------------------------------------------------------------------
# The cost of a longer payment term
# ---------------------------------------------------------------------------------------
@register
def term_extension_cost() -> float:
    """Yearly cost (PLN) of going from 45 to 75 days on 3.2 million PLN at 9%."""
    return working_capital_cost(WC_REVENUE, WC_TO_DAYS - WC_FROM_DAYS, rate=WC_RATE)


@register
def term_extension_capital() -> float:
    """Mistake: the capital tied up by the extension, not its yearly cost."""
    return WC_REVENUE * (WC_TO_DAYS - WC_FROM_DAYS) / 365


@register
def term_extension_whole_term_cost() -> float:
    """Mistake: the cost of the whole 75-day term instead of the 30 extra days."""
    return working_capital_cost(WC_REVENUE, WC_TO_DAYS, rate=WC_RATE)


@register
def term_extension_rate_in_percent() -> float:
    """Mistake: 9% typed as 9 instead of 0.09 (the cost a hundred times too large)."""
    return WC_REVENUE * (WC_TO_DAYS - WC_FROM_DAYS) / 365 * (100 * WC_RATE)


# ---------------------------------------------------------------------------------------
# The recovery lump sum (art. 10)
# ---------------------------------------------------------------------------------------
@register
def lump_sum_case() -> float:
    """PLN Vistula may claim as the lump sum for one late invoice of 18,400 PLN."""
    return recovery_lump_sum(LUMP_INVOICE, eur_pln=LUMP_EUR_PLN)


@register
def lump_sum_lowest_band() -> float:
    """Mistake: 40 euro, the band of invoices up to 5,000 PLN."""
    return round(40 * LUMP_EUR_PLN, 2)


@register
def lump_sum_highest_band() -> float:
    """Mistake: 100 euro, the band from 50,000 PLN."""
    return round(100 * LUMP_EUR_PLN, 2)


@register
def lump_sum_in_euros() -> float:
    """Mistake: the euros, not converted to złoty."""
    return recovery_lump_sum(LUMP_INVOICE, eur_pln=1)


# ---------------------------------------------------------------------------------------
# Vistula's terms and receivables (the new customer columns)
# ---------------------------------------------------------------------------------------
@register
def terms_customers() -> pd.DataFrame:
    """Vistula's customers with their revenue of :data:`REVENUE_YEAR` and the legal limit.

    Columns added: ``revenue`` (PLN, 0 for a customer without invoices that year),
    ``buyer`` (the ``buyer`` argument of :func:`max_payment_term`: ``"hospital"`` for a
    public buyer whose name says it is a hospital, ``"public"`` for the other public
    buyers, else the buyer's size), ``legal_limit_days`` and ``over_limit`` (agreed terms
    above a limit no agreement can extend).
    """
    customers = load_dataset("vistula_customers").set_index("customer_id")
    lines = load_dataset("vistula_transactions")
    year = lines[lines["date"].dt.year == REVENUE_YEAR]
    revenue = customer_totals(year, customer="customer_id", amount="amount")
    table = customers.copy()
    table["revenue"] = revenue.reindex(table.index).fillna(0.0)
    public = table["buyer_type"] == "public"
    hospital = public & table["company_name"].str.contains(HOSPITAL, regex=True)
    table["buyer"] = table["company_size"].where(~public, "public").where(~hospital, "hospital")
    limits = {
        b: max_payment_term(b, supplier_size="sme") for b in ("large", "sme", "public", "hospital")
    }
    table["legal_limit_days"] = table["buyer"].map({b: lim.days for b, lim in limits.items()})
    binding = table["buyer"].map({b: lim.binding for b, lim in limits.items()}).astype(bool)
    table["over_limit"] = binding & (table["payment_terms_days"] > table["legal_limit_days"])
    return table


def _large_private(table: pd.DataFrame) -> pd.Series:
    return (table["buyer_type"] == "private") & (table["company_size"] == "large")


@register
def large_buyers_over_60() -> int:
    """Large private buyers whose agreed terms exceed 60 days (art. 7 ust. 2a)."""
    table = compute("terms_customers")
    return int((_large_private(table) & (table["payment_terms_days"] > 60)).sum())


@register
def large_buyers_over_60_list() -> pd.DataFrame:
    """Those buyers, the largest revenue first (company, terms, revenue)."""
    table = compute("terms_customers")
    mask = _large_private(table) & (table["payment_terms_days"] > 60)
    columns = ["company_name", "industry", "payment_terms_days", "dso_days", "revenue"]
    return table.loc[mask, columns].sort_values("revenue", ascending=False)


@register
def large_buyers_paying_after_60() -> int:
    """Mistake: large private buyers that *paid* after 60 days (dso), not the agreed terms."""
    table = compute("terms_customers")
    return int((_large_private(table) & (table["dso_days"] > 60)).sum())


@register
def customers_over_legal_limit() -> int:
    """Every customer whose agreed terms exceed a limit no agreement can extend."""
    return int(compute("terms_customers")["over_limit"].sum())


@register
def large_buyers_at_least_60() -> int:
    """Mistake: 60 days counted as a problem (60 is the limit itself, and allowed)."""
    table = compute("terms_customers")
    return int((_large_private(table) & (table["payment_terms_days"] >= 60)).sum())


@register
def large_buyers_all() -> int:
    """Mistake: all large private buyers, whatever their terms."""
    return int(_large_private(compute("terms_customers")).sum())


@register
def receivables_capital() -> float:
    """PLN waiting in receivables on average: revenue × days sales outstanding / 365."""
    table = compute("terms_customers")
    return float((table["revenue"] * table["dso_days"] / 365).sum())


@register
def receivables_cost() -> float:
    """Yearly cost (PLN) of that capital at Vistula's cost of capital."""
    return compute("receivables_capital") * DEFAULT_RATE


@register
def receivables_cost_at_agreed_terms() -> float:
    """The same cost if every customer paid exactly on its agreed terms."""
    table = compute("terms_customers")
    return float((table["revenue"] * table["payment_terms_days"] / 365).sum() * DEFAULT_RATE)
