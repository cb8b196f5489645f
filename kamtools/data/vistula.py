"""The assumptions behind Vistula Industrial Supply, the course's fictional distributor.

The generator (:mod:`kamtools.data.synthetic`) and the analyses of the course read the same
constants from here, so a lesson that prices a rush order or the cost of a payment term
uses the figure the data was built with. Every figure is an **assumption** of a
plausible Polish industrial distributor, not a measurement of a real company; the
sources behind the assumptions are listed in ``datasets/DATASHEET.md`` (Vistula
section).

* :data:`COST_RATES`: cost of one unit of each cost-to-serve driver (PLN);
* :data:`FREIGHT_PER_DELIVERY`: the transport part of a delivery (PLN), which we carry
  for a customer with ``free_freight``;
* :data:`COST_OF_CAPITAL`: yearly cost of the money tied up in receivables;
* :data:`OVERHEADS`: company overheads per year (PLN), not given to customers;
* :data:`CATEGORY_MARGIN_BANDS`: the gross-margin band assumed for each category;
* :data:`COMPANY`: facts about Vistula itself (size class, staff, currency).

Profit after cost to serve of a customer (and year) is::

    amount - cost_of_goods - rebate - sum(driver count * COST_RATES[driver])

and operating profit is the sum of that over all customers minus :data:`OVERHEADS`.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CATEGORY_MARGIN_BANDS",
    "COMPANY",
    "COST_OF_CAPITAL",
    "COST_RATES",
    "FREIGHT_PER_DELIVERY",
    "OVERHEADS",
]

#: Cost of one unit of each cost-to-serve driver, in PLN. The keys are the driver
#: columns of ``vistula_cost_to_serve``, so that
#: ``(cts[list(COST_RATES)] * pd.Series(COST_RATES)).sum(axis=1)`` is the cost to serve.
#: A rush order costs 500 PLN *on top of* the 150 PLN every order costs.
COST_RATES: dict[str, float] = {
    "orders": 150.0,  # order processing and invoicing, per order
    "deliveries": 250.0,  # picking, packing and transport, per delivery
    "rush_orders": 500.0,  # extra for an express order, per rush order
    "returns": 350.0,  # handling a return and its credit note, per credit note
    "support_hours": 180.0,  # technical and customer-service support, per hour
}

#: The transport part of the 250 PLN delivery rate, in PLN per delivery. For a customer
#: with ``free_freight`` we carry it; it is already inside ``COST_RATES["deliveries"]``,
#: so it is a step of the pocket-price waterfall, not an extra cost in the profit.
FREIGHT_PER_DELIVERY: float = 140.0

#: Cost of capital per year (9%): what the money tied up in receivables costs us. An
#: assumption: the NBP reference rate (6.75% until September 2023, 5.75% from October
#: 2023 to May 2025) or WIBOR 3M, plus the 2-3 points a bank adds for a mid-sized
#: company's working-capital loan.
#: Payment-term cost of a customer = invoice revenue * dso_days / 365 * COST_OF_CAPITAL.
COST_OF_CAPITAL: float = 0.09

#: Company overheads in PLN per year: management, finance, IT, rent, marketing and the
#: sales force's fixed costs, which no customer causes on its own. They give an
#: operating profit of 2-5% of revenue, usual for an industrial distributor.
OVERHEADS: dict[int, float] = {
    2023: 17_000_000.0,
    2024: 17_600_000.0,
    2025: 18_100_000.0,
}

#: Assumed gross-margin band of each product category (fraction of net revenue, all
#: customers, 2023-2025). Small items sold in small lots (fasteners) carry the highest
#: margin, commodity packaging the lowest.
CATEGORY_MARGIN_BANDS: dict[str, tuple[float, float]] = {
    "bearings & transmission": (0.18, 0.26),
    "fasteners": (0.30, 0.40),
    "lubricants & chemicals": (0.18, 0.26),
    "packaging": (0.12, 0.20),
    "safety & PPE": (0.25, 0.35),
    "tools & abrasives": (0.22, 0.32),
}

#: Facts about Vistula Industrial Supply itself (all invented).
COMPANY: dict[str, Any] = {  # values of several types
    "name": "Vistula Industrial Supply",
    "legal_form": "Sp. z o.o.",
    "country": "Poland",
    "currency": "PLN",
    "staff": 140,
    # EU SME definition (Commission Recommendation 2003/361/EC): medium-sized means
    # fewer than 250 staff and turnover <= 50 M EUR or balance sheet <= 43 M EUR. With
    # about 139 M PLN (~32 M EUR) of sales and 140 staff Vistula is a medium-sized
    # enterprise, so it counts as an SME under the Polish payment-terms act.
    "size_class": "medium",
    "sme": True,
    "key_account_managers": ("Anna Kowalczyk", "Michał Jabłoński"),
}
