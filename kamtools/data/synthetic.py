"""Vistula Industrial Supply: a fictional B2B distributor generated from a fixed seed.

Vistula Industrial Supply sells industrial components, MRO supplies and packaging to
about 500 manufacturers and public buyers, mostly in Poland (a few export customers in
Germany, Czechia, Slovakia and Lithuania); amounts are in PLN. :func:`generate_company`
builds four tables with numpy's ``default_rng(SEED)``; :func:`write_company` writes them
as CSV files into ``<folder>/vistula/``; the committed files in ``datasets/vistula/`` are
exactly what it writes, byte for byte. The company's assumptions (cost rates, freight,
cost of capital, overheads, margin bands) live in :mod:`kamtools.data.vistula`.

Tables (dataset names of :func:`kamtools.load_dataset`):

* ``vistula_customers``: one row per customer: industry, buyer type and company size,
  region, account manager, customer since, payment terms and days sales outstanding,
  free freight, McDonald relationship stage, contacts and buying-centre roles covered,
  five 0-10 selection criteria, attractiveness and relative strength.
* ``vistula_transactions``: invoice lines 2023-01-01..2025-12-31 with list price and
  invoice price; credit notes (returns) have an invoice id ``"R" + <original invoice
  id>`` and negative quantity, amount and cost of goods.
* ``vistula_cost_to_serve``: cost drivers and the year-end rebate per customer and year;
  multiply the drivers by :data:`COST_RATES` to get the cost to serve in PLN.
* ``vistula_wallets``: estimated spend of each customer in each product category and
  year (the "wallet"); empty where unknown.

Deliberate teaching points: revenue is heavy-tailed (the top 20% of customers hold
roughly three quarters of it); gross margins differ by category and customer, and no
line is sold below cost; several large, demanding accounts with thin margins, rebates,
rush orders, split deliveries, returns and support hours lose money after the cost to
serve, although their gross margin is positive (the largest customer is very
profitable); many small customers ordering often in small amounts are unprofitable too;
customers are won and lost every year; one key account's share of wallet falls while
its revenue stays flat; a few large buyers keep legacy payment terms longer than the law
allows; some wallet estimates are below what the customer already buys from us
(estimation error), some are unknown.

Regenerate the files with ``make datasets`` (``python -m kamtools.data datasets/``);
``python -m kamtools.data --check datasets/`` exits with 1 and lists the files that
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

from ..errors import DataError, ParameterError, WrongTypeError
from .datasets import _REGISTRY, _cast
from .vistula import COMPANY, COST_RATES

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

COMPANY_NAME = str(COMPANY["name"])

# COST_RATES is defined in kamtools.data.vistula and re-exported here for compatibility:
# ``from kamtools.data.vistula import COST_RATES`` keeps working.

#: Product categories (the ``category`` column), alphabetical.
CATEGORIES = (
    "bearings & transmission",
    "fasteners",
    "lubricants & chemicals",
    "packaging",
    "safety & PPE",
    "tools & abrasives",
)

#: Customer industries (the ``industry`` column), alphabetical. "public sector" holds
#: hospitals, municipal heating plants and water utilities, which buy by tender.
INDUSTRIES = (
    "automotive",
    "chemicals",
    "construction",
    "electronics",
    "food & beverage",
    "furniture",
    "machinery",
    "pharma",
    "public sector",
)
_PUBLIC = INDUSTRIES.index("public sector")

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

# Per category (CATEGORIES order): median list price per unit (PLN) and our purchase cost
# as a fraction of the list price. With the customers' discounts these give the gross
# margins of kamtools.data.vistula.CATEGORY_MARGIN_BANDS (fasteners highest, packaging lowest).
_LIST_PRICE = np.array([85.0, 2.5, 60.0, 1.8, 28.0, 45.0])
_COGS_RATIO = np.array([0.630, 0.530, 0.642, 0.672, 0.585, 0.608])
# Discounts are negotiated harder on commodity categories (packaging, bearings) than on
# small items (fasteners): a customer's discount times this factor, per category.
_CATEGORY_DISCOUNT = np.array([1.1, 0.8, 1.0, 1.2, 0.9, 1.0])

# Per industry (INDUSTRIES order): share of customers, size multiplier, category profile
# (what the industry buys, CATEGORIES order), margin and strategic-fit adjustments.
_INDUSTRY_P = np.array([0.13, 0.08, 0.13, 0.09, 0.15, 0.09, 0.19, 0.08, 0.06])
_INDUSTRY_SIZE = np.array([2.6, 1.5, 0.8, 1.0, 1.2, 0.6, 1.0, 1.8, 1.1])
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
        [0.15, 0.10, 0.20, 0.05, 0.35, 0.15],  # public sector
    ]
)
_INDUSTRY_MARGIN = np.array([-1.5, 0.5, 0.0, 0.0, -0.5, 0.0, 0.5, 1.5, -1.5])
_INDUSTRY_FIT = np.array([1.0, 0.0, -0.5, 0.5, 0.0, -1.0, 1.5, 0.5, -0.5])
_INDUSTRY_WORDS = (
    ("Automotive", "Auto Parts", "Motor Components", "Car Systems"),
    ("Chemicals", "Coatings", "Polymers", "Paints"),
    ("Construction", "Building Systems", "Steel Structures", "Prefab"),
    ("Electronics", "Electric", "Cable Systems", "Controls"),
    ("Foods", "Dairy", "Beverages", "Bakeries"),
    ("Furniture", "Interiors", "Woodworks", "Upholstery"),
    ("Machinery", "Machine Works", "Engineering", "Hydraulics"),
    ("Pharma", "Laboratories", "Medical", "Life Sciences"),
    ("Regional Hospital", "Municipal Heating", "Water Works", "City Hospital"),
)
# Public buyers whose name word is a hospital (index in the public-sector words).
_HOSPITAL_WORDS = np.array([0, 3])

# Per stage (STAGES order): share of customers, mean share of wallet, probability that a
# category is not bought from us at all, mean extra contacts, probability of covering
# each buying role, probability that a wallet estimate is unknown.
_STAGE_P = np.array([0.22, 0.38, 0.25, 0.11, 0.04])
_STAGE_SHARE = np.array([0.08, 0.17, 0.30, 0.45, 0.65])
_STAGE_SKIP = np.array([0.55, 0.35, 0.18, 0.06, 0.0])
_STAGE_CONTACTS = np.array([0.5, 1.5, 3.0, 6.0, 10.0])
_STAGE_ROLES = np.array([0.2, 0.4, 0.6, 0.8, 0.95])
_STAGE_UNKNOWN_WALLET = np.array([0.25, 0.10, 0.04, 0.01, 0.0])
# How likely a customer of each stage is to leave (relative weights).
_STAGE_CHURN = np.array([1.6, 1.2, 0.6, 0.25, 0.0])

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
_N_POLISH_REGIONS = 16
_LEGAL_FORM_ABROAD = {
    "Germany": "GmbH",
    "Czechia": "s.r.o.",
    "Slovakia": "s.r.o.",
    "Lithuania": "UAB",
}
# Two key account managers handle 20 customers, chosen on the revenue expected in 2023.
_KEY_ACCOUNT_MANAGERS = tuple(COMPANY["key_account_managers"])
_N_KEY_ACCOUNTS = 20
# Ranks (0 = largest expected revenue) of the big, demanding, thin-margin accounts that
# lose money after the cost to serve (never rank 0: the largest customer is profitable).
_LOSS_RANKS = np.array([2, 6, 13, 24, 31, 38, 44])
# Customers won during 2023-2025 and customers that leave (stop buying) in the period.
_N_WON = 135
_N_LOST = 130
# Large private buyers on legacy payment terms longer than 60 days.
_N_LEGACY_TERMS = 4

# Payment terms (days) offered to private buyers and their probabilities.
_TERMS_SME = (np.array([14, 21, 30, 45, 60]), np.array([0.10, 0.15, 0.40, 0.20, 0.15]))
_TERMS_LARGE = (np.array([30, 45, 60]), np.array([0.25, 0.35, 0.40]))

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


def _z(x: np.ndarray) -> np.ndarray:
    """Standardise to mean 0 and standard deviation 1."""
    return (x - x.mean()) / x.std()


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
    public = ind == _PUBLIC
    log_wallet = np.log(400_000.0) + np.log(_INDUSTRY_SIZE[ind]) + rng.normal(0.0, 0.95, n)
    wallet = np.exp(log_wallet)  # annual spend on our six categories, PLN (2024 level)
    pct_wallet = (_ranks(wallet) + 1) / n

    # Tenure: the _N_WON customers with the shortest tenure were won in 2023-2025 (their
    # start dates spread evenly over the three years); the others are older.
    raw_tenure = 0.3 + rng.gamma(1.6, 4.0, n) + 5.0 * pct_wallet**2
    tenure = 3.0 + 25.0 * (1.0 - np.exp(-raw_tenure / 25.0))  # 3 to 28 years
    won_rank = _ranks(raw_tenure)
    won = won_rank < _N_WON
    tenure = np.where(won, 0.04 + 2.94 * (won_rank + rng.random(n)) / _N_WON, tenure)
    since = _LAST_DAY - np.rint(tenure * 365.25).astype(np.int64).astype("timedelta64[D]")
    years = ((_LAST_DAY - since).astype(np.int64) / 365.25).astype(np.int64)

    latent = _z(log_wallet) + 0.9 * _z(np.log(tenure)) + rng.normal(0.0, 1.0, n)
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
    top20 = rank_rev < _N_KEY_ACCOUNTS  # the 20 largest at this year's level

    # Planted roles: big thin-margin loss-makers, demanding mid-size and fragmented small
    # accounts, and the key account whose wallet grows while our revenue stays flat.
    big_loss = np.isin(rank_rev, _LOSS_RANKS)
    demanding = (rng.random(n) < 0.12) & (rank_rev >= 10) & (rank_rev < 80) & ~big_loss
    fragmented = (rng.random(n) < 0.3) & (rank_rev >= n // 2)
    sow = revenue / wallet
    squeezed_pick = np.where(top20 & ~big_loss & (rank_rev > 0) & (stage >= 2), sow, np.inf)
    squeezed = np.arange(n) == np.argmin(np.abs(squeezed_pick - 0.45))

    # Customers who leave: old enough, neither the largest nor planted big accounts;
    # small customers in loose relationships leave most often. They stop buying on a
    # day between 2023-03-01 and 2025-09-30.
    eligible = ~top20 & ~big_loss & ~won & (since < np.datetime64("2022-07-01"))
    churn_weight = np.where(eligible, _STAGE_CHURN[stage] * (1.2 - pct_rev), 0.0)
    lost_idx = rng.choice(n, size=_N_LOST, replace=False, p=churn_weight / churn_weight.sum())
    lost = np.isin(np.arange(n), lost_idx)
    churn_day = _FIRST_DAY + rng.integers(59, 1003, n).astype("timedelta64[D]")
    end = np.where(lost, churn_day, _LAST_DAY)

    base_growth = rng.normal(0.05, 0.10, n)
    decline = rng.random(n) < 0.05
    base_growth = np.where(decline, -rng.uniform(0.15, 0.35, n), base_growth)
    growth = np.where(since >= _FIRST_DAY, base_growth + 0.25, base_growth)
    growth = np.clip(growth, -0.45, 0.6)
    # The customer's own spend on our categories grows with its business; our revenue
    # follows it only partly (share of wallet drifts).
    wallet_growth = np.clip(0.5 * base_growth + rng.normal(0.02, 0.05, n), -0.3, 0.3)
    growth = np.where(squeezed, 0.0, growth)
    wallet_growth = np.where(squeezed, 0.16, wallet_growth)
    # The key accounts were chosen at the start of 2023 on the revenue then expected
    # (this year's level before its growth), among the customers who still buy: the list
    # differs a little from today's 20 largest customers.
    expected = np.where(lost, -np.inf, revenue / (1.0 + growth))
    key_rank = n - 1 - _ranks(expected)  # 0 = largest expected revenue
    key = key_rank < _N_KEY_ACCOUNTS

    # Discounts off list price: larger customers negotiate more, public tenders press
    # prices; the big loss-makers are priced a thin margin above cost in every category.
    discount = np.clip(0.02 + 0.17 * pct_rev**2 + rng.normal(0.0, 0.02, n), 0.0, 0.24)
    discount = np.where(public, discount + 0.03, discount)
    disc_cat = np.clip(discount[:, None] * _CATEGORY_DISCOUNT[None, :], 0.0, 0.3)
    thin = 0.07 + 0.05 * rank_rev / 50 + rng.uniform(0.0, 0.01, n)  # 7% to 13%
    disc_cat = np.where(
        big_loss[:, None], 1.0 - _COGS_RATIO[None, :] / (1.0 - thin[:, None]), disc_cat
    )
    orders_rate = 3.0 + 7.0 * np.sqrt(revenue / 100_000.0)
    orders_rate = np.where(fragmented, 4.0 * orders_rate + 10.0, orders_rate)
    orders_rate = np.where(demanding, 2.5 * orders_rate, orders_rate)
    orders_rate = np.minimum(np.where(big_loss, 4.0 * orders_rate, orders_rate), 600.0)
    service = np.exp(rng.normal(0.0, 0.35, n)) * np.select(
        [big_loss, demanding, fragmented], [10.0, 12.0, 1.5], 1.0
    )
    split = np.select([big_loss, demanding], [3.0, 2.0], rng.beta(1.2, 6.0, n))
    rush = np.select([big_loss, demanding, fragmented], [0.35, 0.3, 0.25], rng.beta(1.0, 12.0, n))
    return_p = np.select([big_loss, demanding, squeezed], [0.10, 0.08, 0.0], rng.beta(1.0, 30.0, n))
    line_p = 0.2 + 0.5 * pct_rev
    # Year-end volume rebates (share of the year's net revenue): agreed with the larger
    # private customers, highest for the big demanding accounts; none in public tenders.
    rebate_rate = np.where(pct_rev > 0.8, rng.uniform(0.005, 0.02, n), 0.0)
    rebate_rate = np.where(key, rng.uniform(0.01, 0.025, n), rebate_rate)
    rebate_rate = np.where(big_loss, rng.uniform(0.025, 0.035, n), rebate_rate)
    rebate_rate = np.where(public, 0.0, np.round(rebate_rate, 3))

    # Public attributes.
    region_idx = rng.choice(len(_REGIONS), size=n, p=[r[1] for r in _REGIONS])
    polish_p = np.array([r[1] for r in _REGIONS[:_N_POLISH_REGIONS]])
    polish_idx = rng.choice(_N_POLISH_REGIONS, size=n, p=polish_p / polish_p.sum())
    region_idx = np.where(public, polish_idx, region_idx)  # public buyers are Polish
    region = np.array([r[0] for r in _REGIONS], dtype=object)[region_idx]
    manager = np.array([r[2] for r in _REGIONS], dtype=object)[region_idx]
    manager = np.where(key, np.array(_KEY_ACCOUNT_MANAGERS, dtype=object)[key_rank % 2], manager)

    # Company size under the EU definition (Recommendation 2003/361/EC): the customers
    # with the largest spend are large enterprises; public bodies count as large.
    large = public | (pct_wallet + rng.normal(0.0, 0.08, n) > 0.75)
    n_roots = len(_NAME_FIRST) * len(_NAME_MIDDLE) * len(_NAME_LAST)
    root_idx = rng.choice(n_roots, size=n, replace=False)
    first, rest = np.divmod(root_idx, len(_NAME_MIDDLE) * len(_NAME_LAST))
    middle, last = np.divmod(rest, len(_NAME_LAST))
    word = rng.integers(0, 4, n)
    hospital = public & np.isin(word, _HOSPITAL_WORDS)
    polish_form = np.where(
        large & (rng.random(n) < 0.55),
        "S.A.",
        np.where(~large & (rng.random(n) < 0.15), "sp.j.", "Sp. z o.o."),
    ).astype(object)
    polish_form = np.where(hospital, "SP ZOZ", np.where(public, "Sp. z o.o.", polish_form))
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

    # Payment terms: public buyers 30 days (hospitals may have 60); private buyers from
    # 14 to 60 days; a few large private buyers on legacy 75/90-day terms.
    terms_sme = rng.choice(_TERMS_SME[0], size=n, p=_TERMS_SME[1])
    terms_large = rng.choice(_TERMS_LARGE[0], size=n, p=_TERMS_LARGE[1])
    terms = np.where(large, terms_large, terms_sme)
    terms = np.where(public, np.where(hospital & (rng.random(n) < 0.6), 60, 30), terms)
    legacy_pool = large & ~public & (rank_rev >= 3) & (rank_rev < 60) & ~big_loss & ~squeezed
    legacy_pick = rng.permutation(np.flatnonzero(legacy_pool))[:_N_LEGACY_TERMS]
    legacy = np.isin(np.arange(n), legacy_pick)
    terms = np.where(legacy, rng.choice(np.array([75, 90]), size=n), terms).astype(np.int64)
    # Days sales outstanding: the terms plus how late the customer pays; a tenth are
    # chronic late payers, hospitals pay late, the legacy-terms buyers stretch further.
    delay = rng.gamma(2.0, 2.5, n) - 2.0
    delay = delay + np.where(rng.random(n) < 0.1, rng.uniform(12.0, 40.0, n), 0.0)
    delay = delay + np.where(hospital, rng.uniform(15.0, 45.0, n), 0.0)
    delay = delay + np.where(legacy, rng.uniform(3.0, 12.0, n), 0.0)
    dso = np.round(np.maximum(terms + delay, 5.0), 1)
    # Free freight: usual for large accounts and tenders (delivery included in the price).
    free_freight = (rng.random(n) < 0.05 + 0.75 * pct_rev**3) | key | big_loss | public

    n_contacts = 1 + rng.poisson(_STAGE_CONTACTS[stage] * (1.0 + pct_wallet))
    roles = np.minimum(n_contacts, rng.binomial(5, _STAGE_ROLES[stage]))
    # The five selection criteria share a common factor (an attractive customer tends to
    # score well on several), so that attractiveness spreads over the whole scale.
    common = _z(
        0.8 * _z(log_wallet) + _INDUSTRY_FIT[ind] + 0.5 * _z(growth) + rng.normal(0.0, 1.0, n)
    )
    volume_potential = _score(10.0 * pct_wallet - 0.5 + rng.normal(0.0, 0.8, n))
    growth_potential = _score(4.3 + 6.0 * growth + 1.9 * common + rng.normal(0.0, 1.3, n))
    margin_potential = _score(
        5.6 - 10.0 * discount + 0.8 * _INDUSTRY_MARGIN[ind] + 1.6 * common + rng.normal(0.0, 1.3, n)
    )
    strategic_fit = _score(
        3.4 + 0.8 * _INDUSTRY_FIT[ind] + 0.5 * stage + 1.9 * common + rng.normal(0.0, 1.3, n)
    )
    ease = _score(
        5.4
        + 1.3 * common
        + rng.normal(0.0, 1.5, n)
        - np.select([big_loss, demanding, fragmented], [4.0, 2.5, 1.5], 0.0)
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
        buyer_type=np.where(public, "public", "private").astype(object),
        company_size=np.where(large, "large", "sme").astype(object),
        payment_terms_days=terms,
        dso_days=dso,
        free_freight=free_freight,
        legacy=legacy,
        hospital=hospital,
        wallet=wallet,
        cat_wallet=cat_wallet,
        revenue_cat=revenue_cat,
        revenue=revenue,
        since=since,
        end=end,
        years=years,
        stage=stage,
        key=key,
        big_loss=big_loss,
        demanding=demanding,
        fragmented=fragmented,
        squeezed=squeezed,
        won=won,
        lost=lost,
        share_cat=share_cat,
        growth=growth,
        wallet_growth=wallet_growth,
        discount=discount,
        disc_cat=disc_cat,
        orders_rate=orders_rate,
        service=service,
        split=split,
        rush=rush,
        return_p=return_p,
        rebate_rate=rebate_rate,
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
    noise = np.where(c["squeezed"][:, None], 1.0, np.exp(rng.normal(0.0, 0.08, (n, 3))))
    revenue_cy = c["revenue"][:, None] * trend * noise * frac
    n_orders = np.where(active, np.maximum(1, rng.poisson(c["orders_rate"][:, None] * frac)), 0)

    # Invoices: a business day in the customer-year's window, seasonality-weighted; their
    # values add up to the customer-year's revenue.
    inv_cy = np.repeat(np.arange(n * 3), n_orders.ravel())
    inv_cust = inv_cy // 3
    lo_i, hi_i = lo_c.ravel()[inv_cy], hi_c.ravel()[inv_cy]
    target = before[lo_i] + rng.random(len(inv_cy)) * (upto[hi_i] - before[lo_i])
    inv_day = np.clip(np.searchsorted(upto, target, side="right"), lo_i, hi_i)
    inv_weight = np.exp(rng.normal(0.0, 0.5, len(inv_cy)))
    inv_value = (
        revenue_cy.ravel()[inv_cy]
        * inv_weight
        / np.bincount(inv_cy, inv_weight, minlength=n * 3)[inv_cy]
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
    # Prices: catalogue (list) price, our unit cost below it, and the invoice price after
    # the customer's discount (with a little negotiation noise per line). Price floor: no
    # line is invoiced below its unit cost, nor above the list price.
    list_cents = np.maximum(
        1, np.rint(_LIST_PRICE[category] * np.exp(rng.normal(0.0, 0.7, len(line_inv))) * 100)
    ).astype(np.int64)
    unit_cost = np.minimum(
        list_cents * _COGS_RATIO[category] * np.exp(rng.normal(0.0, 0.04, len(line_inv))),
        0.97 * list_cents,
    )  # in grosze
    line_disc = c["disc_cat"][line_cust, category] + rng.normal(0.0, 0.015, len(line_inv))
    price_cents = np.rint(list_cents * (1.0 - line_disc))
    price_cents = np.clip(price_cents, np.ceil(unit_cost), list_cents).astype(np.int64)
    quantity = np.maximum(1, np.rint(line_value * 100 / price_cents)).astype(np.int64)
    cogs_cents = np.minimum(np.rint(quantity * unit_cost), quantity * price_cents)
    cogs_cents = cogs_cents.astype(np.int64)

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
        "list_cents": list_cents,
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
    list_price = np.concatenate([a["list_cents"], a["list_cents"][ret]])
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
            "list_price": list_price[order] / 100,
            "unit_price": price[order] / 100,
            "amount": (qty * price)[order] / 100,
            "cost_of_goods": cogs[order] / 100,
        }
    )


def _cost_to_serve(
    rng: np.random.Generator,
    c: dict[str, np.ndarray],
    a: dict[str, np.ndarray],
    transactions: pd.DataFrame,
) -> pd.DataFrame:
    """Cost drivers and rebates per customer-year with any order or credit note."""
    n = len(c["revenue"])
    orders = a["n_orders"]
    bus_year = a["bus"].astype("datetime64[Y]").astype(np.int64) + 1970
    credit = a["returned_inv"]
    credit_cy = a["inv_cust"][credit] * 3 + bus_year[a["return_day"][credit]] - _YEARS[0]
    returns = np.bincount(credit_cy, minlength=n * 3).reshape(n, 3)
    deliveries = orders + rng.poisson(orders * c["split"][:, None])
    rush = rng.binomial(orders, c["rush"][:, None])
    hours = (
        (4.0 * a["frac"] + 2.0 * np.sqrt(a["revenue_cy"] / 1000.0))
        * c["service"][:, None]
        * np.exp(rng.normal(0.0, 0.2, (n, 3)))
    )
    hours = np.rint(hours * 4) / 4  # quarter hours
    # Year-end rebate: the customer's rebate rate times its net revenue of the year.
    cust_idx = np.searchsorted(
        c["customer_id"].astype(str), transactions["customer_id"].to_numpy(dtype=str)
    )
    year_idx = transactions["date"].dt.year.to_numpy() - _YEARS[0]
    net = np.bincount(cust_idx * 3 + year_idx, transactions["amount"].to_numpy(), minlength=n * 3)
    rebate = np.round(np.maximum(net.reshape(n, 3), 0.0) * c["rebate_rate"][:, None], 2)
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
            "rebate": rebate.ravel()[keep],
        }
    )


def _wallets(
    rng: np.random.Generator, c: dict[str, np.ndarray], transactions: pd.DataFrame
) -> pd.DataFrame:
    """Estimated wallet per customer, category and year (rounded to 1,000 PLN).

    The customer's true spend on a category grows with its own business
    (``wallet_growth``), whether or not it buys from us; it is never below 1.05 times
    what it bought from us that year. The estimate is the true spend with a lognormal
    estimation error that is mostly the same every year (the same analyst, the same
    method); six 2025 estimates are planted below our own revenue. A wallet unknown in
    one year is unknown in every year.
    """
    n = len(c["revenue"])
    cust_idx = np.searchsorted(
        c["customer_id"].astype(str), transactions["customer_id"].to_numpy(dtype=str)
    )
    cat_idx = np.searchsorted(np.array(CATEGORIES), transactions["category"].to_numpy(dtype=str))
    year_idx = transactions["date"].dt.year.to_numpy() - _YEARS[0]
    ours = np.bincount(
        (cust_idx * 3 + year_idx) * 6 + cat_idx,
        transactions["amount"].to_numpy(),
        minlength=n * 18,
    ).reshape(n, 3, 6)
    wtrend = (1.0 + c["wallet_growth"][:, None]) ** (np.array(_YEARS) - 2024)[None, :]
    true_wallet = np.maximum(c["cat_wallet"][:, None, :] * wtrend[:, :, None], 1.05 * ours)
    error = rng.normal(0.0, 0.11, (n, 1, 6)) + rng.normal(0.0, 0.03, (n, 3, 6))
    estimate = np.maximum(1000.0, np.round(true_wallet * np.exp(error), -3))
    unknown = rng.random((n, 6)) < _STAGE_UNKNOWN_WALLET[c["stage"]][:, None]
    unknown &= ~c["squeezed"][:, None]
    unknown = np.broadcast_to(unknown[:, None, :], (n, 3, 6))
    ours_2025 = ours[:, 2, :].ravel()
    candidates = np.flatnonzero((ours_2025 > 20_000) & ~unknown[:, 2, :].ravel())
    planted = rng.choice(candidates, size=6, replace=False)
    est_2025 = estimate[:, 2, :].ravel()
    est_2025[planted] = np.round(ours_2025[planted] * rng.uniform(0.55, 0.9, 6), -3)
    estimate[:, 2, :] = est_2025.reshape(n, 6)
    return pd.DataFrame(
        {
            "customer_id": np.repeat(c["customer_id"], 18),
            "year": np.tile(np.repeat(np.array(_YEARS, dtype=np.int64), 6), n),
            "category": np.tile(np.array(CATEGORIES, dtype=object), n * 3),
            "estimated_wallet": np.where(unknown, np.nan, estimate).ravel(),
        }
    )


def _customers(c: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": c["customer_id"],
            "company_name": c["name"],
            "industry": c["industry"],
            "buyer_type": c["buyer_type"],
            "company_size": c["company_size"],
            "region": c["region"],
            "account_manager": c["manager"],
            "customer_since": c["since"],
            "years_as_customer": c["years"],
            "payment_terms_days": c["payment_terms_days"],
            "dso_days": c["dso_days"],
            "free_freight": c["free_freight"],
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
    >>> from kamtools.data.synthetic import generate_company
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
        "cost_to_serve": _cost_to_serve(rng, c, activity, transactions),
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
        flags = [col for col in frame.columns if frame[col].dtype == bool]
        frame = frame.astype(dict.fromkeys(flags, "int64"))  # bool columns as 0/1
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
    """Command line: ``python -m kamtools.data [--check] [--seed N] FOLDER``.

    Writes the files (exit code 0), or with ``--check`` compares them with a fresh
    generation: exit code 0 if they are equal, 1 (listing the files) if not.
    """
    parser = argparse.ArgumentParser(
        prog="python -m kamtools.data",
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
