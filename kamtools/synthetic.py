"""Vistula Industrial Supply: a fictional B2B distributor generated from a fixed seed.

Vistula Industrial Supply sells industrial components, MRO supplies and packaging to
about 500 manufacturers, mostly in Poland (a few export customers in Germany, Czechia,
Slovakia and Lithuania); amounts are in PLN. :func:`generate_company` builds four tables
with numpy's ``default_rng(SEED)``; :func:`write_company` writes them as CSV files into
``<folder>/vistula/``; the committed files in ``datasets/vistula/`` are exactly what it
writes, byte for byte.

Tables (dataset names of :func:`kamtools.load_dataset`):

* ``vistula_customers``: one row per customer: industry, region, account manager,
  customer since, McDonald relationship stage, contacts and buying-centre roles covered,
  five 0-10 selection criteria, attractiveness and relative strength.
* ``vistula_transactions``: invoice lines 2023-01-01..2025-12-31; credit notes (returns)
  have an invoice id ``"R" + <original invoice id>`` and negative quantity, amount and
  cost of goods.
* ``vistula_cost_to_serve``: cost drivers per customer and year; multiply by
  :data:`COST_RATES` to get the cost to serve in PLN.
* ``vistula_wallets``: estimated 2025 spend of each customer in each product category
  (the "wallet"); empty where unknown.

Deliberate teaching points: revenue is heavy-tailed (the top 20% of customers hold
roughly three quarters of it); three of the ten largest customers lose money once their
discounts and service demands are counted; many small customers ordering often in small
amounts are unprofitable too; some wallet estimates are below what the customer already
buys from us (estimation error), some are unknown.

Regenerate the files with ``make datasets`` (``python -m kamtools.synthetic datasets/``);
``python -m kamtools.synthetic --check datasets/`` exits with 1 and lists the files that
differ from a fresh generation.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd

from .datasets import _REGISTRY, _cast
from .errors import DataError, ParameterError, WrongTypeError

__all__ = [
    "BUYING_ROLES",
    "CATEGORIES",
    "COMPANY_NAME",
    "COST_RATES",
    "INDUSTRIES",
    "SEED",
    "STAGES",
    "check_company",
    "generate_company",
    "main",
    "write_company",
]

#: Seed of the committed files.
SEED = 2026

COMPANY_NAME = "Vistula Industrial Supply"

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

#: Product categories (the ``category`` column), alphabetical.
CATEGORIES = (
    "bearings & transmission",
    "fasteners",
    "lubricants & chemicals",
    "packaging",
    "safety & PPE",
    "tools & abrasives",
)

#: Customer industries (the ``industry`` column), alphabetical.
INDUSTRIES = (
    "automotive",
    "chemicals",
    "construction",
    "electronics",
    "food & beverage",
    "furniture",
    "machinery",
    "pharma",
)

#: McDonald & Rogers relationship stages, from the loosest to the closest.
STAGES = ("exploratory", "basic", "cooperative", "interdependent", "integrated")

#: Buying-centre roles (Webster & Wind); ``buying_roles_covered`` counts how many of them
#: we have a contact for.
BUYING_ROLES = ("users", "influencers", "deciders", "buyers", "gatekeepers")

_FIRST_DAY = np.datetime64("2023-01-01")
_LAST_DAY = np.datetime64("2025-12-31")
_YEARS = (2023, 2024, 2025)
_N_CUSTOMERS = 500

# Polish public holidays in the period (no invoices on them); 24 December is a public
# holiday from 2025 on.
_HOLIDAYS = np.array(
    [
        f"{year}-{day}"
        for year in _YEARS
        for day in ("01-01", "01-06", "05-01", "05-03", "08-15", "11-01", "11-11", "12-25", "12-26")
    ]
    + ["2023-04-10", "2023-06-08", "2024-04-01", "2024-05-30", "2025-04-21", "2025-06-19"]
    + ["2025-12-24"],
    dtype="datetime64[D]",
)
# Seasonality of orders by month (summer and Christmas are quieter).
_MONTH_WEIGHT = np.array([0.9, 1.0, 1.1, 1.05, 1.0, 1.0, 0.85, 0.75, 1.1, 1.15, 1.1, 0.85])

# Per category (CATEGORIES order): median list price per unit (PLN) and cost of goods as
# a fraction of the list price.
_LIST_PRICE = np.array([85.0, 2.5, 60.0, 1.8, 28.0, 45.0])
_COGS_RATIO = np.array([0.73, 0.67, 0.71, 0.76, 0.67, 0.69])

# Per industry (INDUSTRIES order): share of customers, size multiplier, category profile
# (what the industry buys, CATEGORIES order), margin and strategic-fit adjustments.
_INDUSTRY_P = np.array([0.14, 0.08, 0.14, 0.10, 0.16, 0.10, 0.20, 0.08])
_INDUSTRY_SIZE = np.array([2.6, 1.5, 0.8, 1.0, 1.2, 0.6, 1.0, 1.8])
_INDUSTRY_PROFILE = np.array(
    [
        [0.20, 0.30, 0.12, 0.10, 0.08, 0.20],  # automotive
        [0.12, 0.05, 0.13, 0.40, 0.25, 0.05],  # chemicals
        [0.05, 0.35, 0.05, 0.05, 0.25, 0.25],  # construction
        [0.05, 0.20, 0.10, 0.30, 0.15, 0.20],  # electronics
        [0.15, 0.05, 0.20, 0.40, 0.15, 0.05],  # food & beverage
        [0.05, 0.35, 0.05, 0.20, 0.10, 0.25],  # furniture
        [0.30, 0.30, 0.08, 0.06, 0.06, 0.20],  # machinery
        [0.10, 0.03, 0.12, 0.40, 0.30, 0.05],  # pharma
    ]
)
_INDUSTRY_MARGIN = np.array([-1.5, 0.5, 0.0, 0.0, -0.5, 0.0, 0.5, 1.5])
_INDUSTRY_FIT = np.array([1.0, 0.0, -0.5, 0.5, 0.0, -1.0, 1.5, 0.5])
_INDUSTRY_WORDS = (
    ("Automotive", "Auto Parts", "Motor Components", "Car Systems"),
    ("Chemicals", "Coatings", "Polymers", "Paints"),
    ("Construction", "Building Systems", "Steel Structures", "Prefab"),
    ("Electronics", "Electric", "Cable Systems", "Controls"),
    ("Foods", "Dairy", "Beverages", "Bakeries"),
    ("Furniture", "Interiors", "Woodworks", "Upholstery"),
    ("Machinery", "Machine Works", "Engineering", "Hydraulics"),
    ("Pharma", "Laboratories", "Medical", "Life Sciences"),
)

# Per stage (STAGES order): share of customers, mean share of wallet, probability that a
# category is not bought from us at all, mean extra contacts, probability of covering
# each buying role, probability that a wallet estimate is unknown.
_STAGE_P = np.array([0.22, 0.38, 0.25, 0.11, 0.04])
_STAGE_SHARE = np.array([0.08, 0.17, 0.30, 0.45, 0.65])
_STAGE_SKIP = np.array([0.55, 0.35, 0.18, 0.06, 0.0])
_STAGE_CONTACTS = np.array([0.5, 1.5, 3.0, 6.0, 10.0])
_STAGE_ROLES = np.array([0.2, 0.4, 0.6, 0.8, 0.95])
_STAGE_UNKNOWN_WALLET = np.array([0.25, 0.10, 0.04, 0.01, 0.0])

# Regions (Polish voivodeships, then export countries), their share of customers and the
# account manager who covers them.
_REGIONS = (
    ("Śląskie", 0.14, "Katarzyna Wróbel"),
    ("Mazowieckie", 0.13, "Piotr Nowicki"),
    ("Wielkopolskie", 0.12, "Magdalena Lis"),
    ("Dolnośląskie", 0.10, "Marek Dąbrowski"),
    ("Małopolskie", 0.09, "Katarzyna Wróbel"),
    ("Łódzkie", 0.07, "Piotr Nowicki"),
    ("Pomorskie", 0.06, "Joanna Szymańska"),
    ("Kujawsko-Pomorskie", 0.05, "Joanna Szymańska"),
    ("Podkarpackie", 0.05, "Paweł Krawczyk"),
    ("Zachodniopomorskie", 0.03, "Joanna Szymańska"),
    ("Lubuskie", 0.02, "Magdalena Lis"),
    ("Opolskie", 0.02, "Marek Dąbrowski"),
    ("Świętokrzyskie", 0.02, "Paweł Krawczyk"),
    ("Lubelskie", 0.02, "Paweł Krawczyk"),
    ("Warmińsko-Mazurskie", 0.01, "Joanna Szymańska"),
    ("Podlaskie", 0.01, "Piotr Nowicki"),
    ("Germany", 0.03, "Ewa Neumann"),
    ("Czechia", 0.015, "Ewa Neumann"),
    ("Slovakia", 0.008, "Ewa Neumann"),
    ("Lithuania", 0.007, "Ewa Neumann"),
)
_LEGAL_FORM_ABROAD = {
    "Germany": "GmbH",
    "Czechia": "s.r.o.",
    "Slovakia": "s.r.o.",
    "Lithuania": "UAB",
}
# The 20 largest customers by revenue are handled by two key account managers.
_KEY_ACCOUNT_MANAGERS = ("Anna Kowalczyk", "Michał Jabłoński")
_N_KEY_ACCOUNTS = 20
# Ranks (0 = largest revenue) of the big customers made unprofitable on purpose.
_WHALE_RANKS = np.array([1, 3, 6])

# Invented company-name syllables: root = first + middle + last.
_NAME_FIRST = (
    "Bal", "Ber", "Bor", "Cel", "Dar", "Dor", "Fal", "Gor", "Hal", "Jar", "Kal", "Kam",
    "Kor", "Lam", "Lin", "Mar", "Nor", "Ol", "Pol", "Rad", "Sol", "Tar", "Vel", "Wik", "Zal",
)  # fmt: skip
_NAME_MIDDLE = ("a", "e", "i", "o", "an", "en", "ur", "im")
_NAME_LAST = (
    "bex", "dis", "form", "lux", "mar", "met", "nik", "pak", "plast", "por", "stal", "tech",
    "tex", "tron", "vit", "wood",
)  # fmt: skip

_TABLES = ("customers", "transactions", "cost_to_serve", "wallets")
_FLOAT_FORMATS = {
    "customers": "%.1f",
    "transactions": "%.2f",
    "cost_to_serve": "%.2f",
    "wallets": "%.0f",
}


def _check_seed(seed: object) -> int:
    """Check that ``seed`` is a whole number >= 0 (numpy seeds cannot be negative)."""
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise WrongTypeError(f"`seed` must be a whole number, but {seed!r} was passed.")
    if seed < 0:
        raise ParameterError(f"`seed` must be 0 or more, but {seed!r} was passed.")
    return int(seed)


def _ranks(x: np.ndarray) -> np.ndarray:
    """0-based ranks of ``x`` in ascending order (ties by position)."""
    return np.argsort(np.argsort(x, kind="stable"), kind="stable")


def _score(x: np.ndarray) -> np.ndarray:
    """Round to whole points on the 0-10 scale."""
    return np.clip(np.rint(x), 0, 10).astype(np.int64)


def _calendar() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Business days of the period, cumulative order weight up to and before each day."""
    days = np.arange(_FIRST_DAY, _LAST_DAY + 1)
    bus = days[np.is_busday(days, holidays=_HOLIDAYS)]
    weight = _MONTH_WEIGHT[bus.astype("datetime64[M]").astype(np.int64) % 12]
    upto = np.cumsum(weight)
    return bus, upto, upto - weight


def _draw_customers(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Customer attributes, public columns and the hidden parameters of their behaviour."""
    n = _N_CUSTOMERS
    c: dict[str, np.ndarray] = {}
    ind = rng.choice(len(INDUSTRIES), size=n, p=_INDUSTRY_P)
    log_wallet = np.log(400_000.0) + np.log(_INDUSTRY_SIZE[ind]) + rng.normal(0.0, 1.05, n)
    wallet = np.exp(log_wallet)  # annual spend on our six categories, PLN
    pct_wallet = (_ranks(wallet) + 1) / n

    raw_tenure = 0.3 + rng.gamma(1.6, 4.0, n) + 5.0 * pct_wallet**2
    tenure = 28.0 * (1.0 - np.exp(-raw_tenure / 28.0))  # at most 28 years
    since = _LAST_DAY - np.rint(tenure * 365.25).astype(np.int64).astype("timedelta64[D]")
    years = ((_LAST_DAY - since).astype(np.int64) / 365.25).astype(np.int64)

    latent = (
        (log_wallet - log_wallet.mean()) / log_wallet.std()
        + 0.9 * (np.log(tenure) - np.log(tenure).mean()) / np.log(tenure).std()
        + rng.normal(0.0, 1.0, n)
    )
    stage = np.searchsorted(np.cumsum(_STAGE_P)[:-1] * n, _ranks(latent), side="right")
    stage = np.where(tenure < 1.0, np.minimum(stage, 1), stage)
    stage = np.where(tenure < 3.0, np.minimum(stage, 2), stage)

    # What each customer buys (T = wallet per category) and which share of it is ours.
    gam = rng.gamma(_INDUSTRY_PROFILE[ind] * 15.0)
    profile = gam / gam.sum(axis=1, keepdims=True)
    mean_share = _STAGE_SHARE[stage]
    share = rng.beta(mean_share * 12.0, (1.0 - mean_share) * 12.0)
    share_cat = np.clip(share[:, None] * np.exp(rng.normal(0.0, 0.35, (n, 6))), 0.003, 0.92)
    buys = rng.random((n, 6)) >= _STAGE_SKIP[stage][:, None]
    buys[np.arange(n), profile.argmax(axis=1)] = True
    cat_wallet = wallet[:, None] * profile
    revenue_cat = cat_wallet * share_cat * buys  # our revenue per category, 2024 level
    revenue = revenue_cat.sum(axis=1)
    rank_rev = n - 1 - _ranks(revenue)  # 0 = largest
    pct_rev = (_ranks(revenue) + 1) / n

    whale = np.isin(rank_rev, _WHALE_RANKS)
    demanding = (rng.random(n) < 0.12) & (rank_rev >= 10) & (rank_rev < 80)
    fragmented = (rng.random(n) < 0.2) & (rank_rev >= n // 2)
    churn_draw = rng.random(n)
    churn_offset = (rng.random(n) * 578).astype(np.int64).astype("timedelta64[D]")
    churn_day = _FIRST_DAY + 425 + churn_offset  # 2024-03-01 .. 2025-09-29
    churned = (churn_draw < 0.06) & (stage <= 1) & ~whale & (since < np.datetime64("2024-01-01"))
    end = np.where(churned, churn_day, _LAST_DAY)

    growth = rng.normal(0.03, 0.10, n)
    decline = rng.random(n) < 0.05
    growth = np.where(decline, -rng.uniform(0.15, 0.35, n), growth)
    growth = np.where(since >= _FIRST_DAY, growth + 0.25, growth)
    growth = np.clip(growth, -0.45, 0.6)

    discount = np.clip(0.02 + 0.16 * pct_rev**2 + rng.normal(0.0, 0.02, n), 0.0, 0.22)
    discount = np.where(whale, rng.uniform(0.31, 0.32, n), discount)
    orders_rate = 3.0 + 7.0 * np.sqrt(revenue / 100_000.0)
    orders_rate = np.where(fragmented, 4.0 * orders_rate + 10.0, orders_rate)
    orders_rate = np.where(demanding, 2.0 * orders_rate, orders_rate)
    orders_rate = np.minimum(np.where(whale, 2.5 * orders_rate, orders_rate), 500.0)
    service = np.exp(rng.normal(0.0, 0.35, n)) * np.select(
        [whale, demanding, fragmented], [12.0, 10.0, 1.5], 1.0
    )
    split = np.select([whale, demanding], [3.0, 2.0], rng.beta(1.2, 6.0, n))
    rush = np.select([whale, demanding, fragmented], [0.35, 0.3, 0.25], rng.beta(1.0, 12.0, n))
    return_p = np.select([whale, demanding], [0.10, 0.08], rng.beta(1.0, 30.0, n))
    line_p = 0.2 + 0.5 * pct_rev

    # Public attributes.
    region_idx = rng.choice(len(_REGIONS), size=n, p=[r[1] for r in _REGIONS])
    region = np.array([r[0] for r in _REGIONS], dtype=object)[region_idx]
    manager = np.array([r[2] for r in _REGIONS], dtype=object)[region_idx]
    key = rank_rev < _N_KEY_ACCOUNTS
    manager = np.where(key, np.array(_KEY_ACCOUNT_MANAGERS, dtype=object)[rank_rev % 2], manager)

    n_roots = len(_NAME_FIRST) * len(_NAME_MIDDLE) * len(_NAME_LAST)
    root_idx = rng.choice(n_roots, size=n, replace=False)
    first, rest = np.divmod(root_idx, len(_NAME_MIDDLE) * len(_NAME_LAST))
    middle, last = np.divmod(rest, len(_NAME_LAST))
    word = rng.integers(0, 4, n)
    polish_form = np.where(
        (pct_wallet > 0.85) & (rng.random(n) < 0.6),
        "S.A.",
        np.where(rng.random(n) < 0.15, "sp.j.", "Sp. z o.o."),
    ).astype(object)
    abroad = pd.Series(region).map(_LEGAL_FORM_ABROAD).to_numpy(dtype=object)
    form = np.where(pd.isna(abroad), polish_form, abroad)
    words = np.array(_INDUSTRY_WORDS, dtype=object)[ind, word]
    name = (
        pd.Series(np.array(_NAME_FIRST, dtype=object)[first])
        + np.array(_NAME_MIDDLE, dtype=object)[middle]
        + np.array(_NAME_LAST, dtype=object)[last]
        + " "
        + words
        + " "
        + form
    ).to_numpy(dtype=object)

    n_contacts = 1 + rng.poisson(_STAGE_CONTACTS[stage] * (1.0 + pct_wallet))
    roles = np.minimum(n_contacts, rng.binomial(5, _STAGE_ROLES[stage]))
    volume_potential = _score(10.0 * pct_wallet + rng.normal(0.0, 0.8, n))
    growth_potential = _score(5.0 + 10.0 * growth + rng.normal(0.0, 1.5, n))
    margin_potential = _score(
        6.0 - 12.0 * discount + _INDUSTRY_MARGIN[ind] + rng.normal(0.0, 1.5, n)
    )
    strategic_fit = _score(5.0 + _INDUSTRY_FIT[ind] + 0.5 * stage + rng.normal(0.0, 1.8, n))
    ease = _score(
        6.5
        + rng.normal(0.0, 1.8, n)
        - np.select([whale, demanding, fragmented], [4.0, 2.0, 1.0], 0.0)
    )
    criteria = np.column_stack(
        [volume_potential, growth_potential, margin_potential, strategic_fit, ease]
    )
    relative_strength = np.clip(
        1.5 + 8.0 * np.sqrt(revenue / wallet) + rng.normal(0.0, 0.9, n), 0, 10
    )

    c.update(
        industry=np.array(INDUSTRIES, dtype=object)[ind],
        industry_idx=ind,
        wallet=wallet,
        cat_wallet=cat_wallet,
        revenue_cat=revenue_cat,
        revenue=revenue,
        since=since,
        end=end,
        years=years,
        stage=stage,
        whale=whale,
        demanding=demanding,
        fragmented=fragmented,
        share_cat=share_cat,
        growth=growth,
        discount=discount,
        orders_rate=orders_rate,
        service=service,
        split=split,
        rush=rush,
        return_p=return_p,
        line_p=line_p,
        n_buys=buys.sum(axis=1),
        region=region,
        manager=manager,
        name=name,
        n_contacts=n_contacts,
        roles=roles,
        volume_potential=volume_potential,
        growth_potential=growth_potential,
        margin_potential=margin_potential,
        strategic_fit=strategic_fit,
        ease=ease,
        attractiveness=np.round(criteria.mean(axis=1), 1),
        relative_strength=np.round(relative_strength, 1),
    )
    # Customer ids follow the date the customer was first recorded (older = lower id).
    order = np.lexsort((np.arange(n), since))
    c = {k: v[order] for k, v in c.items()}
    c["customer_id"] = pd.Series(np.arange(1, n + 1)).map("V{:04d}".format).to_numpy(dtype=object)
    return c


def _draw_activity(rng: np.random.Generator, c: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Invoices, invoice lines and credit notes, all as flat numpy arrays."""
    n = len(c["revenue"])
    bus, upto, before = _calendar()
    bus_year = bus.astype("datetime64[Y]").astype(np.int64) + 1970

    # Customer-years (customer i, year y) -> row i * 3 + (y - 2023).
    year_start = np.array([np.datetime64(f"{y}-01-01") for y in _YEARS])
    year_end = np.array([np.datetime64(f"{y}-12-31") for y in _YEARS])
    lo = np.searchsorted(bus, np.maximum(c["since"][:, None], year_start[None, :]))
    hi = np.searchsorted(bus, np.minimum(c["end"][:, None], year_end[None, :]), side="right") - 1
    active = lo <= hi
    lo_c, hi_c = np.minimum(lo, len(bus) - 1), np.clip(hi, 0, len(bus) - 1)
    year_weight = np.array([upto[bus_year == y][-1] - before[bus_year == y][0] for y in _YEARS])
    frac = np.where(active, (upto[hi_c] - before[lo_c]) / year_weight[None, :], 0.0)
    trend = (1.0 + c["growth"][:, None]) ** (np.array(_YEARS) - 2024)[None, :]
    revenue_cy = c["revenue"][:, None] * trend * np.exp(rng.normal(0.0, 0.08, (n, 3))) * frac
    n_orders = np.where(active, np.maximum(1, rng.poisson(c["orders_rate"][:, None] * frac)), 0)

    # Invoices: a business day in the customer-year's window, seasonality-weighted.
    inv_cy = np.repeat(np.arange(n * 3), n_orders.ravel())
    inv_cust = inv_cy // 3
    lo_i, hi_i = lo_c.ravel()[inv_cy], hi_c.ravel()[inv_cy]
    target = before[lo_i] + rng.random(len(inv_cy)) * (upto[hi_i] - before[lo_i])
    inv_day = np.clip(np.searchsorted(upto, target, side="right"), lo_i, hi_i)
    inv_value = (
        revenue_cy.ravel()[inv_cy]
        / n_orders.ravel()[inv_cy]
        * np.exp(rng.normal(-0.125, 0.5, len(inv_cy)))
    )
    # Invoice numbers: per year in date order, "YY" + 5 digits (2300001, ...).
    order = np.lexsort((np.arange(len(inv_cy)), inv_cust, inv_day))
    inv_cust, inv_day, inv_value, inv_cy = (
        a[order] for a in (inv_cust, inv_day, inv_value, inv_cy)
    )
    inv_year = bus_year[inv_day]
    first_of_year = np.searchsorted(inv_year, inv_year)
    inv_number = (inv_year % 100) * 100_000 + np.arange(len(inv_year)) - first_of_year + 1

    # Lines: one per product bought; category drawn from the customer's purchase mix.
    n_lines = 1 + rng.binomial(c["n_buys"][inv_cust] - 1, c["line_p"][inv_cust])
    line_inv = np.repeat(np.arange(len(inv_cust)), n_lines)
    line_pos = np.arange(len(line_inv)) - np.repeat(np.cumsum(n_lines) - n_lines, n_lines)
    line_cust = inv_cust[line_inv]
    mix = np.cumsum(c["revenue_cat"] / c["revenue"][:, None], axis=1)
    category = np.minimum((rng.random(len(line_inv))[:, None] > mix[line_cust]).sum(axis=1), 5)
    weight = np.exp(rng.normal(0.0, 0.6, len(line_inv)))
    line_value = inv_value[line_inv] * weight / np.bincount(line_inv, weight)[line_inv]
    list_price = _LIST_PRICE[category] * np.exp(rng.normal(0.0, 0.7, len(line_inv)))
    price_cents = np.maximum(1, np.rint(list_price * (1.0 - c["discount"][line_cust]) * 100))
    price_cents = price_cents.astype(np.int64)
    quantity = np.maximum(1, np.rint(line_value * 100 / price_cents)).astype(np.int64)
    unit_cost = list_price * _COGS_RATIO[category] * np.exp(rng.normal(0.0, 0.04, len(line_inv)))
    cogs_cents = np.rint(quantity * unit_cost * 100).astype(np.int64)

    # Credit notes: some invoices are partly returned a few business days later; a credit
    # note that would fall after 2025-12-31 is outside the period and not generated.
    return_day = inv_day + 2 + rng.geometric(0.12, len(inv_cust))
    returned_inv = (rng.random(len(inv_cust)) < c["return_p"][inv_cust]) & (return_day < len(bus))
    returned = returned_inv[line_inv] & ((rng.random(len(line_inv)) < 0.5) | (line_pos == 0))
    return_qty = np.clip(np.ceil(quantity * rng.uniform(0.1, 1.0, len(line_inv))), 1, quantity)
    return_qty = return_qty.astype(np.int64)

    return {
        "bus": bus,
        "n_orders": n_orders,
        "revenue_cy": revenue_cy,
        "frac": frac,
        "inv_cust": inv_cust,
        "inv_day": inv_day,
        "inv_number": inv_number,
        "return_day": return_day,
        "returned_inv": returned_inv,
        "line_inv": line_inv,
        "line_pos": line_pos,
        "category": category,
        "price_cents": price_cents,
        "quantity": quantity,
        "cogs_cents": cogs_cents,
        "returned": returned,
        "return_qty": return_qty,
    }


def _transactions(c: dict[str, np.ndarray], a: dict[str, np.ndarray]) -> pd.DataFrame:
    """Invoice lines and credit-note lines, sorted by date, invoice id and line."""
    inv = a["line_inv"]
    ret = a["returned"]
    inv_id = pd.Series(a["inv_number"]).astype(str).to_numpy(dtype=object)
    qty = np.concatenate([a["quantity"], -a["return_qty"][ret]])
    price = np.concatenate([a["price_cents"], a["price_cents"][ret]])
    cogs_ret = np.rint(a["cogs_cents"][ret] * a["return_qty"][ret] / a["quantity"][ret])
    cogs = np.concatenate([a["cogs_cents"], -cogs_ret.astype(np.int64)])
    day = np.concatenate([a["inv_day"][inv], a["return_day"][inv[ret]]])
    ids = np.concatenate([inv_id[inv], "R" + inv_id[inv[ret]]])
    pos = np.concatenate([a["line_pos"], a["line_pos"][ret]])
    cust = a["inv_cust"][np.concatenate([inv, inv[ret]])]
    cat = np.concatenate([a["category"], a["category"][ret]])
    order = np.lexsort((pos, ids, day))
    return pd.DataFrame(
        {
            "invoice_id": ids[order],
            "date": a["bus"][day[order]],
            "customer_id": c["customer_id"][cust[order]],
            "category": np.array(CATEGORIES, dtype=object)[cat[order]],
            "quantity": qty[order],
            "unit_price": price[order] / 100,
            "amount": (qty * price)[order] / 100,
            "cost_of_goods": cogs[order] / 100,
        }
    )


def _cost_to_serve(
    rng: np.random.Generator, c: dict[str, np.ndarray], a: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Cost drivers per customer-year with any order or credit note."""
    n = len(c["revenue"])
    orders = a["n_orders"]
    bus_year = a["bus"].astype("datetime64[Y]").astype(np.int64) + 1970
    credit = a["returned_inv"]
    credit_cy = a["inv_cust"][credit] * 3 + bus_year[a["return_day"][credit]] - _YEARS[0]
    returns = np.bincount(credit_cy, minlength=n * 3).reshape(n, 3)
    deliveries = orders + rng.poisson(orders * c["split"][:, None])
    rush = rng.binomial(orders, c["rush"][:, None])
    hours = (
        (3.0 * a["frac"] + 1.5 * np.sqrt(a["revenue_cy"] / 1000.0))
        * c["service"][:, None]
        * np.exp(rng.normal(0.0, 0.2, (n, 3)))
    )
    hours = np.rint(hours * 4) / 4  # quarter hours
    keep = ((orders > 0) | (returns > 0)).ravel()
    return pd.DataFrame(
        {
            "customer_id": np.repeat(c["customer_id"], 3)[keep],
            "year": np.tile(np.array(_YEARS, dtype=np.int64), n)[keep],
            "orders": orders.ravel()[keep],
            "deliveries": deliveries.ravel()[keep],
            "rush_orders": rush.ravel()[keep],
            "returns": returns.ravel()[keep],
            "support_hours": hours.ravel()[keep],
        }
    )


def _wallets(
    rng: np.random.Generator, c: dict[str, np.ndarray], transactions: pd.DataFrame
) -> pd.DataFrame:
    """Estimated 2025 wallet per customer and category (rounded to 1,000 PLN).

    Where we sold something in 2025, the customer's true spend is our revenue divided by
    the customer's share of wallet drawn for that category; elsewhere it is the
    customer's category spend grown to 2025. The estimate is the true spend with a
    lognormal estimation error; six estimates are planted below our own revenue.
    """
    n = len(c["revenue"])
    in_2025 = transactions["date"].to_numpy() >= np.datetime64("2025-01-01")
    cust = transactions["customer_id"].to_numpy(dtype=str)[in_2025]
    cust_idx = np.searchsorted(c["customer_id"].astype(str), cust)
    cat = transactions["category"].to_numpy(dtype=str)[in_2025]
    cat_idx = np.searchsorted(np.array(CATEGORIES), cat)
    amount = transactions["amount"].to_numpy()[in_2025]
    ours = np.bincount(cust_idx * 6 + cat_idx, amount, minlength=n * 6).reshape(n, 6)
    true_wallet = np.where(
        ours > 0,
        ours / c["share_cat"],
        c["cat_wallet"] * (1.0 + c["growth"][:, None]),
    )
    estimate = true_wallet * np.exp(rng.normal(0.0, 0.12, (n, 6)))
    estimate = np.maximum(1000.0, np.round(estimate, -3)).ravel()
    unknown = (rng.random((n, 6)) < _STAGE_UNKNOWN_WALLET[c["stage"]][:, None]).ravel()
    candidates = np.flatnonzero((ours.ravel() > 20_000) & ~unknown)
    planted = rng.choice(candidates, size=6, replace=False)
    estimate[planted] = np.round(ours.ravel()[planted] * rng.uniform(0.55, 0.9, 6), -3)
    return pd.DataFrame(
        {
            "customer_id": np.repeat(c["customer_id"], 6),
            "category": np.tile(np.array(CATEGORIES, dtype=object), n),
            "estimated_wallet": np.where(unknown, np.nan, estimate),
        }
    )


def _customers(c: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": c["customer_id"],
            "company_name": c["name"],
            "industry": c["industry"],
            "region": c["region"],
            "account_manager": c["manager"],
            "customer_since": c["since"],
            "years_as_customer": c["years"],
            "relationship_stage": np.array(STAGES, dtype=object)[c["stage"]],
            "n_contacts": c["n_contacts"],
            "buying_roles_covered": c["roles"],
            "volume_potential": c["volume_potential"],
            "growth_potential": c["growth_potential"],
            "margin_potential": c["margin_potential"],
            "strategic_fit": c["strategic_fit"],
            "ease_of_doing_business": c["ease"],
            "attractiveness": c["attractiveness"],
            "relative_strength": c["relative_strength"],
        }
    )


def generate_company(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Generate the Vistula Industrial Supply tables from a seed (pure, no files).

    Parameters
    ----------
    seed : int, default SEED (2026)
        Seed of ``numpy.random.default_rng``. The committed files use :data:`SEED`.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``"customers"``, ``"transactions"``, ``"cost_to_serve"`` and ``"wallets"``, with
        the same columns, dtypes and row order as ``kt.load_dataset("vistula_<name>")``.

    Raises
    ------
    WrongTypeError
        If ``seed`` is not a whole number.
    ParameterError
        If ``seed`` is negative.

    Notes
    -----
    Everything is drawn with vectorised numpy calls in a fixed order, so the same seed
    gives the same tables on every run (with the same numpy version). Money is computed
    in whole grosze: ``amount == quantity * unit_price`` exactly, to 2 decimals.

    Examples
    --------
    >>> from kamtools.synthetic import generate_company
    >>> tables = generate_company()
    >>> sorted(tables)
    ['cost_to_serve', 'customers', 'transactions', 'wallets']
    >>> len(tables["customers"]), tables["customers"]["customer_id"].iloc[0]
    (500, 'V0001')
    """
    rng = np.random.default_rng(_check_seed(seed))
    c = _draw_customers(rng)
    activity = _draw_activity(rng, c)
    transactions = _transactions(c, activity)
    tables = {
        "customers": _customers(c),
        "transactions": transactions,
        "cost_to_serve": _cost_to_serve(rng, c, activity),
        "wallets": _wallets(rng, c, transactions),
    }
    return {
        name: _cast(frame, _REGISTRY[f"vistula_{name}"].columns, source=f"generated {name}")
        for name, frame in tables.items()
    }


def _render(seed: int) -> dict[str, bytes]:
    """The CSV files of the company, by path relative to the datasets folder."""
    files = {}
    for name, frame in generate_company(seed).items():
        text = frame.to_csv(
            index=False,
            lineterminator="\n",
            float_format=_FLOAT_FORMATS[name],
            date_format="%Y-%m-%d",
            na_rep="",
        )
        files[_REGISTRY[f"vistula_{name}"].file] = text.encode("utf-8")
    return files


def _check_folder(folder: object) -> Path:
    if not isinstance(folder, (str, Path)):
        raise WrongTypeError(
            f"`folder` must be a path (str or pathlib.Path), but {folder!r} was passed."
        )
    path = Path(folder)
    if not path.is_dir():
        raise DataError(
            f"`folder` must be an existing folder (the datasets folder, e.g. 'datasets/'), "
            f"but {str(folder)!r} was passed."
        )
    return path


def write_company(folder: str | Path, *, seed: int = SEED) -> list[Path]:
    """Write the Vistula tables as CSV files into ``<folder>/vistula/``.

    Parameters
    ----------
    folder : str or pathlib.Path
        The datasets folder (it must exist); the files go to its ``vistula/`` subfolder,
        which is created if needed.
    seed : int, default SEED (2026)
        Seed of the generation.

    Returns
    -------
    list of pathlib.Path
        The four files, in the order customers, transactions, cost_to_serve, wallets.

    Raises
    ------
    WrongTypeError, DataError
        If ``folder`` is not a path or not an existing folder.

    Notes
    -----
    Output is deterministic: fixed column order, sorted rows, UTF-8, ``"\\n"`` line ends,
    2 decimals for money, 1 for scores, whole PLN for wallets, ``YYYY-MM-DD`` dates,
    empty cells for unknown wallets. A file whose content is already right is left
    untouched (its modification time does not change).
    """
    root = _check_folder(folder)
    written = []
    for rel, content in _render(_check_seed(seed)).items():
        path = root / rel
        path.parent.mkdir(exist_ok=True)
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
        written.append(path)
    return written


def check_company(folder: str | Path, *, seed: int = SEED) -> list[str]:
    """List the Vistula files in ``folder`` that are missing or differ from a fresh generation.

    Parameters
    ----------
    folder : str or pathlib.Path
        The datasets folder holding ``vistula/``.
    seed : int, default SEED (2026)
        Seed of the fresh generation.

    Returns
    -------
    list of str
        Paths relative to ``folder`` (e.g. ``"vistula/wallets.csv"``); empty when every
        file is byte-for-byte what :func:`write_company` would write.

    Raises
    ------
    WrongTypeError, DataError
        If ``folder`` is not a path or not an existing folder.
    """
    root = _check_folder(folder)
    return [
        rel
        for rel, content in _render(_check_seed(seed)).items()
        if not (root / rel).is_file() or (root / rel).read_bytes() != content
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m kamtools.synthetic [--check] [--seed N] FOLDER``.

    Writes the files (exit code 0), or with ``--check`` compares them with a fresh
    generation: exit code 0 if they are equal, 1 (listing the files) if not.
    """
    parser = argparse.ArgumentParser(
        prog="python -m kamtools.synthetic",
        description=f"Generate the synthetic company {COMPANY_NAME} into FOLDER/vistula/.",
    )
    parser.add_argument("folder", help="the datasets folder, e.g. datasets/")
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit with 1 and list the files that differ from a fresh generation",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    args = parser.parse_args(argv)
    try:
        if args.check:
            differing = check_company(args.folder, seed=args.seed)
            if differing:
                print("These files differ from a fresh generation (run `make datasets`):")
                for rel in differing:
                    print(f"  {Path(args.folder) / rel}")
                return 1
            print(f"{COMPANY_NAME}: the files in {args.folder} are up to date.")
            return 0
        paths = write_company(args.folder, seed=args.seed)
    except (DataError, ParameterError, WrongTypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{COMPANY_NAME}: wrote {', '.join(str(p) for p in paths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
