"""Tests of kamtools.synthetic: the Vistula Industrial Supply generator and its files."""

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
from kamtools import synthetic as syn

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
    cost = (cts[list(rates.index)] * rates).sum(axis=1).groupby(cts["customer_id"]).sum()
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
    assert (
        lines[0] == "invoice_id,date,customer_id,category,quantity,unit_price,amount,cost_of_goods"
    )
    for line in lines[1:50]:
        for field in line.split(",")[-3:]:
            assert len(field.split(".")[1]) == 2, line


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
    """``make datasets`` runs exactly ``python -m kamtools.synthetic datasets/``."""

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "kamtools.synthetic", *args],
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
    assert (top10 < 0).sum() >= 3
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


def test_wallets_cover_every_customer_and_category_once(company):
    wallets = company["wallets"]
    assert len(wallets) == 500 * len(syn.CATEGORIES)
    assert not wallets.duplicated(["customer_id", "category"]).any()
    assert set(wallets["category"]) == set(syn.CATEGORIES)


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
    # V0001: (5 + 4 + 4 + 6 + 6) / 5 = 5.0
    assert np.allclose(cu["attractiveness"], cu[criteria].mean(axis=1).round(1))
    assert cu.loc[0, "attractiveness"] == 5.0


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
