"""Tests of kamtools.data.synthetic: the Vistula Industrial Supply generator and its files."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kamtools as kt
from kamtools.data import synthetic as syn
from kamtools.data import vistula

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
TABLES = ["customers", "transactions", "cost_to_serve", "wallets"]


@pytest.fixture(scope="module")
def company() -> dict[str, pd.DataFrame]:
    return syn.generate_company()


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return syn._render(syn.SEED)


@pytest.fixture(scope="module")
def revenue(company) -> pd.Series:
    """Net revenue 2023-2025 per customer (credit notes included), largest first."""
    tx = company["transactions"]
    return tx.groupby("customer_id")["amount"].sum().sort_values(ascending=False)


@pytest.fixture(scope="module")
def profit(company) -> pd.Series:
    """Profit after cost to serve per customer, computed with plain pandas."""
    tx, cts = company["transactions"], company["cost_to_serve"]
    gross = tx.groupby("customer_id")[["amount", "cost_of_goods"]].sum()
    rates = pd.Series(syn.COST_RATES)
    cost = (cts[list(rates.index)] * rates).sum(axis=1) + cts["rebate"]
    cost = cost.groupby(cts["customer_id"]).sum()
    return gross["amount"] - gross["cost_of_goods"] - cost.reindex(gross.index, fill_value=0.0)


# --- reproducibility -------------------------------------------------------------------


def test_two_generations_are_equal(company):
    again = syn.generate_company()
    assert list(again) == TABLES
    for name in TABLES:
        pd.testing.assert_frame_equal(again[name], company[name])


def test_rendered_files_are_identical_bytes(rendered):
    assert syn._render(syn.SEED) == rendered


def test_another_seed_gives_another_company(company):
    other = syn.generate_company(seed=1)
    assert not other["transactions"].equals(company["transactions"])
    assert not other["customers"]["company_name"].equals(company["customers"]["company_name"])


def test_committed_files_equal_a_fresh_generation():
    assert syn.check_company(DATASETS) == []


def test_loaded_tables_equal_the_generated_ones(company):
    for name in TABLES:
        pd.testing.assert_frame_equal(kt.load_dataset(f"vistula_{name}"), company[name])


def test_files_are_deterministic_text(rendered):
    for rel, content in rendered.items():
        text = content.decode("utf-8")
        assert "\r" not in text, rel
        assert text.endswith("\n"), rel
    assert (DATASETS / "vistula" / "transactions.csv").stat().st_size < 8_000_000


def test_money_is_written_with_two_decimals(rendered):
    lines = rendered["vistula/transactions.csv"].decode().splitlines()
    assert lines[0] == (
        "invoice_id,date,customer_id,category,quantity,list_price,unit_price,amount,cost_of_goods"
    )
    for line in lines[1:50]:
        for field in line.split(",")[-4:]:
            assert len(field.split(".")[1]) == 2, line


def test_flags_are_written_as_0_and_1(rendered):
    lines = rendered["vistula/customers.csv"].decode().splitlines()
    column = lines[0].split(",").index("free_freight")
    assert {line.split(",")[column] for line in lines[1:]} == {"0", "1"}


def test_registry_rows_match_the_generation(company):
    rows = kt.list_datasets().set_index("name")["rows"]
    for name in TABLES:
        assert rows[f"vistula_{name}"] == len(company[name]), name


# --- write_company, check_company and the command line ---------------------------------


def test_write_company_writes_the_four_files(tmp_path):
    paths = syn.write_company(tmp_path)
    assert [p.name for p in paths] == [
        "customers.csv",
        "transactions.csv",
        "cost_to_serve.csv",
        "wallets.csv",
    ]
    for path in paths:
        assert path.read_bytes() == (DATASETS / "vistula" / path.name).read_bytes()


def test_write_company_leaves_unchanged_files_alone(tmp_path):
    paths = syn.write_company(tmp_path)
    os.utime(paths[0], ns=(1_000_000_000, 1_000_000_000))
    syn.write_company(tmp_path)
    assert paths[0].stat().st_mtime_ns == 1_000_000_000


def test_write_company_needs_an_existing_folder(tmp_path):
    missing = tmp_path / "datsets"
    with pytest.raises(kt.DataError, match=f"existing folder.*{missing.name}"):
        syn.write_company(missing)
    with pytest.raises(kt.WrongTypeError, match="`folder`.*42"):
        syn.write_company(42)


@pytest.mark.parametrize("seed", [-1, -100])
def test_negative_seed_is_refused(seed):
    with pytest.raises(kt.ParameterError, match=f"`seed`.*{seed}"):
        syn.generate_company(seed)


@pytest.mark.parametrize("seed", [1.5, "2026", True, None])
def test_seed_must_be_a_whole_number(seed):
    with pytest.raises(kt.WrongTypeError, match="`seed` must be a whole number"):
        syn.generate_company(seed)


@pytest.mark.slow
def test_check_exit_codes(tmp_path, capsys):
    syn.write_company(tmp_path)
    assert syn.main(["--check", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().out

    wallets = tmp_path / "vistula" / "wallets.csv"
    wallets.write_bytes(wallets.read_bytes().replace(b"\n", b"\r\n"))
    (tmp_path / "vistula" / "customers.csv").unlink()
    assert syn.main(["--check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "wallets.csv" in out and "customers.csv" in out
    assert "transactions.csv" not in out

    assert syn.main([str(tmp_path)]) == 0  # regenerate
    assert syn.check_company(tmp_path) == []


def test_command_line_reports_a_missing_folder(tmp_path, capsys):
    assert syn.main(["--check", str(tmp_path / "nope")]) == 2
    assert "nope" in capsys.readouterr().err


@pytest.mark.slow
def test_module_runs_as_a_program(tmp_path):
    """``make datasets`` runs exactly ``python -m kamtools.data datasets/``."""

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "kamtools.data", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )

    assert run("--check", "datasets/").returncode == 0
    assert run(str(tmp_path)).returncode == 0
    (tmp_path / "vistula" / "transactions.csv").write_text("x\n")
    result = run("--check", str(tmp_path))
    assert result.returncode == 1
    assert "transactions.csv" in result.stdout


# --- shape of the company --------------------------------------------------------------


def test_top_20_percent_hold_70_to_85_percent_of_revenue(revenue):
    k = math.ceil(0.2 * len(revenue))  # 500 customers -> the top 100
    share = revenue.iloc[:k].sum() / revenue.sum()
    assert 0.70 <= share <= 0.85


def test_datasheet_states_the_actual_top_20_share(revenue):
    share = revenue.iloc[: math.ceil(0.2 * len(revenue))].sum() / revenue.sum()
    text = (DATASETS / "DATASHEET.md").read_text(encoding="utf-8")
    assert f"{share:.1%}" in text


def test_big_customers_that_lose_money_after_cost_to_serve(revenue, profit):
    top10 = profit[revenue.index[:10]]
    assert (top10 < 0).sum() >= 1
    assert (profit[revenue.index[:50]] < 0).sum() >= 5
    # ...while the largest customer still makes money: size alone is not the problem
    assert profit[revenue.index[0]] > 0


def test_many_small_customers_lose_money(revenue, profit):
    bottom_half = profit[revenue.index[len(revenue) // 2 :]]
    assert (bottom_half < 0).mean() > 0.2


def test_whale_curve_rises_above_100_percent(profit):
    ranked = profit.sort_values(ascending=False)
    cumulative = ranked.cumsum() / ranked.sum()
    assert ranked.sum() > 0
    assert cumulative.max() > 1.1


def test_datasheet_names_the_unprofitable_big_customers(revenue, profit):
    text = (DATASETS / "DATASHEET.md").read_text(encoding="utf-8")
    for customer in revenue.index[:10][profit[revenue.index[:10]] < 0]:
        assert customer in text


def test_transactions_are_about_40_to_80_thousand_lines(company):
    assert 40_000 <= len(company["transactions"]) <= 80_000


def test_customer_sizes_differ_by_industry(company, revenue):
    industry = company["customers"].set_index("customer_id")["industry"]
    median = revenue.groupby(industry).median()
    assert median["automotive"] > 2 * median["furniture"]


def test_some_customers_grow_and_some_decline(company):
    tx = company["transactions"]
    by_year = tx.pivot_table(
        index="customer_id", columns=tx["date"].dt.year, values="amount", aggfunc="sum"
    )
    change = by_year[2025] / by_year[2023]
    assert (change > 1.3).sum() >= 20
    assert (change < 0.7).sum() >= 20


# --- referential integrity and no hidden holes -----------------------------------------


def test_every_reference_points_to_an_existing_customer(company):
    ids = set(company["customers"]["customer_id"])
    for name in ("transactions", "cost_to_serve", "wallets"):
        assert set(company[name]["customer_id"]) <= ids, name
    assert set(company["transactions"]["customer_id"]) == ids  # every customer bought


def test_wallets_cover_every_customer_category_and_year_once(company):
    wallets = company["wallets"]
    assert len(wallets) == 500 * len(syn.CATEGORIES) * 3
    assert not wallets.duplicated(["customer_id", "year", "category"]).any()
    assert set(wallets["category"]) == set(syn.CATEGORIES)
    assert set(wallets["year"]) == {2023, 2024, 2025}
    # a wallet unknown in one year is unknown in every year
    unknown = (
        wallets["estimated_wallet"].isna().groupby([wallets["customer_id"], wallets["category"]])
    )
    assert (unknown.all() == unknown.any()).all()


def test_no_missing_values_except_unknown_wallets(company):
    for name, frame in company.items():
        missing = frame.isna().sum()
        if name == "wallets":
            assert missing.drop("estimated_wallet").sum() == 0
            assert 0 < missing["estimated_wallet"] < 0.2 * len(frame)
        else:
            assert missing.sum() == 0, name


def test_cost_to_serve_counts_the_invoices_and_credit_notes(company):
    tx, cts = company["transactions"], company["cost_to_serve"]
    docs = tx.drop_duplicates("invoice_id").assign(year=lambda d: d["date"].dt.year)
    credit = docs["invoice_id"].str.startswith("R")
    orders = docs[~credit].groupby(["customer_id", "year"]).size()
    returns = docs[credit].groupby(["customer_id", "year"]).size()
    drivers = cts.set_index(["customer_id", "year"])
    assert drivers.index.is_unique
    assert drivers["orders"].equals(orders.reindex(drivers.index, fill_value=0).astype("int64"))
    assert drivers["returns"].equals(returns.reindex(drivers.index, fill_value=0).astype("int64"))
    assert set(orders.index) | set(returns.index) == set(drivers.index)  # no orphan rows


def test_cost_drivers_are_consistent(company):
    cts = company["cost_to_serve"]
    assert (cts["deliveries"] >= cts["orders"]).all()
    assert cts["rush_orders"].between(0, cts["orders"]).all()
    assert (cts[["orders", "deliveries", "returns"]] >= 0).all().all()
    assert (cts["support_hours"] * 4 % 1 == 0).all()  # quarter hours
    assert set(cts["year"]) == {2023, 2024, 2025}
    assert (cts["rebate"] >= 0).all()
    assert syn.COST_RATES is vistula.COST_RATES  # re-exported for compatibility
    assert list(syn.COST_RATES) == [
        "orders",
        "deliveries",
        "rush_orders",
        "returns",
        "support_hours",
    ]


def test_each_invoice_belongs_to_one_customer_and_one_date(company):
    tx = company["transactions"]
    per_doc = tx.groupby("invoice_id")[["customer_id", "date"]].nunique()
    assert (per_doc == 1).all().all()


def test_credit_notes_refer_to_an_earlier_invoice_of_the_same_customer(company):
    tx = company["transactions"]
    credit = tx[tx["invoice_id"].str.startswith("R")]
    original = tx[~tx["invoice_id"].str.startswith("R")].drop_duplicates("invoice_id")
    linked = credit.assign(invoice_id=credit["invoice_id"].str[1:]).merge(
        original[["invoice_id", "customer_id", "date"]],
        on="invoice_id",
        how="left",
        suffixes=("", "_original"),
    )
    assert linked["date_original"].notna().all()
    assert (linked["customer_id"] == linked["customer_id_original"]).all()
    assert (linked["date"] > linked["date_original"]).all()


def test_signs_and_arithmetic_of_the_lines(company):
    tx = company["transactions"]
    credit = tx["invoice_id"].str.startswith("R")
    assert ((tx["quantity"] < 0) == credit).all()
    assert ((tx["amount"] < 0) == credit).all()
    assert ((tx["cost_of_goods"] < 0) == credit).all()
    assert (tx["unit_price"] > 0).all()
    assert (tx["list_price"] >= tx["unit_price"]).all()
    # amount = quantity * unit_price to the grosz, e.g. 97 * 33.05 = 3205.85
    assert np.allclose(tx["amount"], (tx["quantity"] * tx["unit_price"]).round(2), atol=1e-6)
    assert tx["invoice_id"].str.fullmatch(r"R?2[345]\d{5}").all()


def test_dates_are_business_days_of_the_three_years(company):
    dates = company["transactions"]["date"]
    assert dates.min() >= pd.Timestamp("2023-01-01")
    assert dates.max() <= pd.Timestamp("2025-12-31")
    assert (dates.dt.day_of_week < 5).all()
    assert not dates.isin(pd.to_datetime(["2024-12-25", "2025-05-01", "2025-11-11"])).any()


def test_rows_are_sorted(company):
    tx = company["transactions"]
    assert tx["date"].is_monotonic_increasing
    assert company["customers"]["customer_id"].is_monotonic_increasing
    assert list(
        company["cost_to_serve"][["customer_id", "year"]].itertuples(index=False)
    ) == sorted(company["cost_to_serve"][["customer_id", "year"]].itertuples(index=False))


# --- customers -------------------------------------------------------------------------


def test_customer_attributes(company):
    cu = company["customers"]
    assert len(cu) == 500
    assert cu["customer_id"].tolist() == [f"V{i:04d}" for i in range(1, 501)]
    assert cu["company_name"].is_unique
    assert set(cu["industry"]) == set(syn.INDUSTRIES)
    assert set(cu["relationship_stage"]) == set(syn.STAGES)
    assert 6 <= cu["account_manager"].nunique() <= 10
    assert {"Germany", "Czechia"} <= set(cu["region"])
    assert cu["buying_roles_covered"].between(0, 5).all()
    assert (cu["buying_roles_covered"] <= cu["n_contacts"]).all()
    assert (cu["n_contacts"] >= 1).all()


def test_scores_are_on_a_0_to_10_scale(company):
    cu = company["customers"]
    criteria = [
        "volume_potential",
        "growth_potential",
        "margin_potential",
        "strategic_fit",
        "ease_of_doing_business",
    ]
    for col in [*criteria, "attractiveness", "relative_strength"]:
        assert cu[col].between(0, 10).all(), col
    # attractiveness is the equal-weight mean of the five criteria, 1 decimal;
    # V0001: (4 + 4 + 4 + 3 + 5) / 5 = 4.0
    assert np.allclose(cu["attractiveness"], cu[criteria].mean(axis=1).round(1))
    assert cu.loc[0, criteria].tolist() == [4, 4, 4, 3, 5]
    assert cu.loc[0, "attractiveness"] == 4.0


def test_years_as_customer_follow_customer_since(company):
    cu = company["customers"]
    days = (pd.Timestamp("2025-12-31") - cu["customer_since"]).dt.days
    assert (cu["years_as_customer"] == (days / 365.25).astype(int)).all()
    assert (cu["customer_since"] <= pd.Timestamp("2025-12-31")).all()


def test_closer_relationships_have_a_higher_share_of_wallet(company):
    cu = company["customers"].set_index("customer_id")
    strength = cu["relative_strength"].groupby(cu["relationship_stage"]).mean()
    assert strength["integrated"] > strength["basic"] > strength["exploratory"]


# --- wallets ---------------------------------------------------------------------------


def test_share_of_wallet_is_mostly_5_to_60_percent_with_documented_outliers(company):
    tx, wallets = company["transactions"], company["wallets"]
    ours = tx[tx["date"].dt.year == 2025].groupby(["customer_id", "category"])["amount"].sum()
    wallets = wallets[wallets["year"] == 2025]
    wallet = wallets.set_index(["customer_id", "category"])["estimated_wallet"]
    share = (ours.reindex(wallet.index, fill_value=0.0) / wallet).dropna()
    sold = share[share > 0]
    assert sold.between(0.05, 0.60).mean() > 0.7
    assert 3 <= (sold > 1).sum() <= 0.03 * len(sold)  # estimates below our own revenue
    assert 3 <= sold.between(0.9, 1.0).sum()  # a few near 100%
    assert (share == 0).sum() > 500  # whitespace: categories bought elsewhere only


def test_wallets_are_rounded_estimates(company):
    wallet = company["wallets"]["estimated_wallet"].dropna()
    assert (wallet % 1000 == 0).all()
    assert (wallet >= 1000).all()


# --- property tests over seeds ---------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_any_seed_gives_a_consistent_company(seed):
    tables = syn.generate_company(seed)
    tx = tables["transactions"]
    assert set(tx["customer_id"]) <= set(tables["customers"]["customer_id"])
    assert np.allclose(tx["amount"], (tx["quantity"] * tx["unit_price"]).round(2), atol=1e-6)
    assert ((tx["quantity"] < 0) == tx["invoice_id"].str.startswith("R")).all()
    assert tables["customers"]["company_name"].is_unique
    assert tables["wallets"].drop(columns="estimated_wallet").notna().all().all()
    for name in ("customers", "transactions", "cost_to_serve"):
        assert tables[name].notna().all().all(), name
    sales = tx[tx["quantity"] > 0]
    assert (sales["amount"] >= sales["cost_of_goods"]).all()  # price floor
    assert (tx["list_price"] >= tx["unit_price"]).all()


# --- the bands of issue 12, held against the committed files ----------------------------
# Each test states a band the data must stay in (see DATASHEET.md, "Bands"). They read the
# committed files, which test_committed_files_equal_a_fresh_generation ties to the seed.

YEARS = (2023, 2024, 2025)
KEY_MANAGERS = vistula.COMPANY["key_account_managers"]


@pytest.fixture(scope="module")
def committed() -> dict[str, pd.DataFrame]:
    return {name: kt.load_dataset(f"vistula_{name}") for name in TABLES}


@pytest.fixture(scope="module")
def customer_years(committed) -> pd.DataFrame:
    """Revenue, gross margin, cost to serve, rebate and profit per customer and year."""
    tx, cts = committed["transactions"], committed["cost_to_serve"]
    sales = tx.groupby(["customer_id", tx["date"].dt.year.rename("year")])[
        ["amount", "cost_of_goods"]
    ].sum()
    drivers = cts.set_index(["customer_id", "year"])
    rates = pd.Series(vistula.COST_RATES)
    frame = pd.DataFrame(
        {
            "revenue": sales["amount"],
            "gross_margin": sales["amount"] - sales["cost_of_goods"],
            "cost_to_serve": (drivers[list(rates.index)] * rates).sum(axis=1),
            "rebate": drivers["rebate"],
        }
    ).fillna(0.0)
    frame["profit"] = frame["gross_margin"] - frame["cost_to_serve"] - frame["rebate"]
    return frame


def _period(customer_years: pd.DataFrame, period: str) -> pd.DataFrame:
    """Per customer totals of one year ("2025") or of all years ("2023-2025")."""
    rows = customer_years
    if period != "2023-2025":
        rows = rows[rows.index.get_level_values("year") == int(period)]
    return rows.groupby(level="customer_id").sum().sort_values("revenue", ascending=False)


def _buyers(committed) -> dict[int, set]:
    tx = committed["transactions"]
    sales = tx[tx["quantity"] > 0]
    return {y: set(sales.loc[sales["date"].dt.year == y, "customer_id"]) for y in YEARS}


def test_gross_margin_20_to_28_percent_every_year(committed):
    tx = committed["transactions"]
    sums = tx.groupby(tx["date"].dt.year)[["amount", "cost_of_goods"]].sum()
    margin = 1 - sums["cost_of_goods"] / sums["amount"]
    assert margin.between(0.20, 0.28).all(), margin.to_dict()
    overall = 1 - tx["cost_of_goods"].sum() / tx["amount"].sum()
    assert 0.20 <= overall <= 0.28


@pytest.mark.parametrize("category", syn.CATEGORIES)
def test_gross_margin_of_each_category_in_its_band(committed, category):
    tx = committed["transactions"]
    lines = tx[tx["category"] == category]
    margin = 1 - lines["cost_of_goods"].sum() / lines["amount"].sum()
    low, high = vistula.CATEGORY_MARGIN_BANDS[category]
    assert low <= margin <= high, (category, margin)


def test_margins_differ_by_customer(customer_years):
    totals = _period(customer_years, "2023-2025")
    margin = totals["gross_margin"] / totals["revenue"]
    assert margin.quantile(0.9) - margin.quantile(0.1) > 0.1


def test_price_floor_no_line_below_cost(committed):
    tx = committed["transactions"]
    sales = tx[tx["quantity"] > 0]
    assert (sales["amount"] >= sales["cost_of_goods"]).all()
    # unit price >= unit cost (to the grosz the cost of goods is rounded to)
    assert (sales["unit_price"] >= sales["cost_of_goods"] / sales["quantity"] - 0.005).all()
    assert (tx["unit_price"] <= tx["list_price"]).all()


def test_every_customer_has_a_positive_gross_margin(customer_years):
    assert (_period(customer_years, "2023-2025")["gross_margin"] > 0).all()
    assert (customer_years.loc[customer_years["revenue"] > 0, "gross_margin"] > 0).all()


@pytest.mark.parametrize("period", ["2025", "2023-2025"])
def test_large_accounts_with_a_gross_margin_that_lose_money_after_cost_to_serve(
    customer_years, period
):
    totals = _period(customer_years, period)
    losing = (totals["gross_margin"] > 0) & (totals["profit"] < 0)
    assert losing.iloc[:50].sum() >= 5
    assert losing.iloc[:10].sum() >= 1
    # the largest customer is very profitable: among the three most profitable
    largest = totals.index[0]
    assert totals.loc[largest, "profit"] > 0
    assert largest in totals["profit"].nlargest(3).index


def test_the_loss_makers_are_demanding(committed, customer_years):
    """Big loss-makers: thin margin, rebates, rush orders, split deliveries, support."""
    totals = _period(customer_years, "2023-2025")
    top50 = totals.iloc[:50]
    losing = top50[top50["profit"] < 0]
    others = top50[top50["profit"] >= 0]
    cts = committed["cost_to_serve"].groupby("customer_id").sum(numeric_only=True)

    def median(rows, value):
        return float(value.reindex(rows.index).median())

    margin = totals["gross_margin"] / totals["revenue"]
    assert median(losing, margin) < median(others, margin)
    for ratio in (
        totals["rebate"] / totals["revenue"],
        cts["rush_orders"] / cts["orders"],
        cts["deliveries"] / cts["orders"],
        cts["support_hours"] / totals["revenue"],
    ):
        assert median(losing, ratio) > median(others, ratio)


def test_customers_are_lost_and_won_every_year(committed):
    buyers = _buyers(committed)
    for year in (2023, 2024):
        lost = len(buyers[year] - buyers[year + 1]) / len(buyers[year])
        assert 0.05 <= lost <= 0.25, (year, lost)
    for year in (2024, 2025):
        new = len(buyers[year] - buyers[year - 1]) / len(buyers[year])
        assert 0.05 <= new <= 0.20, (year, new)
    since = committed["customers"].set_index("customer_id")["customer_since"]
    new_2023 = np.mean([since[c].year == 2023 for c in buyers[2023]])
    assert 0.05 <= new_2023 <= 0.20


def test_key_accounts_are_rarely_lost(committed):
    cu = committed["customers"]
    key = set(cu.loc[cu["account_manager"].isin(KEY_MANAGERS), "customer_id"])
    assert len(key) == 20
    buyers = _buyers(committed)
    lost = {c for y in (2023, 2024) for c in (buyers[y] - buyers[y + 1]) & key}
    assert len(lost) <= 1


def test_a_key_account_loses_share_of_wallet_while_its_revenue_stays_flat(committed):
    cu, tx, wallets = committed["customers"], committed["transactions"], committed["wallets"]
    key = cu.loc[cu["account_manager"].isin(KEY_MANAGERS), "customer_id"]
    revenue = tx.groupby(["customer_id", tx["date"].dt.year])["amount"].sum()
    wallet = wallets.groupby(["customer_id", "year"])["estimated_wallet"].sum(min_count=6)
    squeezed = []
    for c in key:
        share = {y: revenue.get((c, y), 0.0) / wallet[(c, y)] for y in (2023, 2025)}
        change = revenue.get((c, 2025), 0.0) / revenue[(c, 2023)] - 1
        if share[2023] - share[2025] >= 0.08 and abs(change) < 0.05:
            squeezed.append(c)
    assert squeezed
    assert "V0285" in squeezed  # the planted one (DATASHEET.md)


def test_operating_profit_2_to_5_percent_of_revenue(customer_years):
    by_year = customer_years.groupby(level="year")[["revenue", "profit"]].sum()
    assert sorted(vistula.OVERHEADS) == list(YEARS)
    for year in YEARS:
        operating = by_year.loc[year, "profit"] - vistula.OVERHEADS[year]
        assert 0.02 <= operating / by_year.loc[year, "revenue"] <= 0.05, year


def test_payment_terms_and_days_sales_outstanding(committed):
    cu = committed["customers"]
    assert set(cu["buyer_type"]) == {"private", "public"}
    assert set(cu["company_size"]) == {"sme", "large"}
    assert set(cu["payment_terms_days"]) <= {14, 21, 30, 45, 60, 75, 90}
    public = cu[cu["buyer_type"] == "public"]
    assert (public["industry"] == "public sector").all()
    assert (public["company_size"] == "large").all()
    assert not public["region"].isin(["Germany", "Czechia", "Slovakia", "Lithuania"]).any()
    # public buyers 30 days; a few hospitals 60 (art. 8 of the 2013 act)
    assert set(public["payment_terms_days"]) == {30, 60}
    sixty = public[public["payment_terms_days"] == 60]
    assert sixty["company_name"].str.contains("Hospital").all()
    assert len(sixty) <= 0.5 * len(public)
    # 3 to 6 large private buyers on legacy terms over 60 days, nobody else
    legacy = cu[cu["payment_terms_days"] > 60]
    assert 3 <= len(legacy) <= 6
    assert (legacy["company_size"] == "large").all()
    assert (legacy["buyer_type"] == "private").all()
    assert vistula.COMPANY["sme"] is True  # Vistula itself: art. 7 ust. 2a applies
    # they are large buyers: all among our 100 largest customers (top 20%)
    tx = committed["transactions"]
    top = tx.groupby("customer_id")["amount"].sum().nlargest(100).index
    assert legacy["customer_id"].isin(top).all()
    assert sorted(legacy["customer_id"]) == ["V0042", "V0108", "V0216", "V0259"]
    # days sales outstanding: the terms plus payment delays, mostly a few days
    assert (cu["dso_days"] > 0).all()
    late = cu["dso_days"] - cu["payment_terms_days"]
    assert late.median() < 10
    assert (late > 15).mean() > 0.05


def test_price_waterfall_elements(committed):
    cu, tx, cts = committed["customers"], committed["transactions"], committed["cost_to_serve"]
    assert cu["free_freight"].dtype == bool
    assert 0.1 < cu["free_freight"].mean() < 0.6
    key = cu["account_manager"].isin(KEY_MANAGERS)
    assert cu.loc[key, "free_freight"].all()
    # on-invoice discount: list price above invoice price on most lines
    assert (tx["list_price"] > tx["unit_price"]).mean() > 0.8
    # rebates: paid by the larger private customers only, never in public tenders
    rebate = cts.groupby("customer_id")["rebate"].sum()
    public = cu.loc[cu["buyer_type"] == "public", "customer_id"]
    assert (rebate.reindex(public) == 0).all()
    assert 20 <= (rebate > 0).sum() <= 150
    revenue = tx.groupby("customer_id")["amount"].sum()
    assert (rebate / revenue).max() < 0.04
    assert {"deliveries", "rush_orders"} <= set(cts.columns)


def test_attractiveness_spreads_over_the_scale(committed):
    cu = committed["customers"]
    criteria = [
        "volume_potential",
        "growth_potential",
        "margin_potential",
        "strategic_fit",
        "ease_of_doing_business",
    ]
    for col in criteria:
        assert cu[col].min() == 0 and cu[col].max() == 10, col
    score = cu["attractiveness"]
    assert 0.30 <= (score >= 5).mean() <= 0.60
    assert score.std() >= 1.5
    assert (score < 3).mean() >= 0.05
    assert (score > 7).mean() >= 0.05


def test_demanding_mid_size_accounts(customer_years):
    """Mid-size accounts (ranks 11-80) include loss-makers with a positive gross margin."""
    totals = _period(customer_years, "2023-2025").iloc[10:80]
    assert ((totals["gross_margin"] > 0) & (totals["profit"] < 0)).sum() >= 3


def test_key_accounts_were_chosen_on_expected_revenue(committed, revenue):
    """The 20 key accounts were picked at the start of 2023: most, not all, are today's top 20."""
    cu = committed["customers"]
    key = set(cu.loc[cu["account_manager"].isin(KEY_MANAGERS), "customer_id"])
    assert 15 <= len(key & set(revenue.index[:20])) <= 19
    assert key <= set(revenue.index[:40])
