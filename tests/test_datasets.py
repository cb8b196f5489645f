"""Tests of kamtools.data.datasets: every dataset loads with its types, counts and quirks intact."""

from __future__ import annotations

import filecmp
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kamtools as kt
from kamtools.data import datasets as kd

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"

ALL_NAMES = [
    "online_retail",
    "northwind_customers",
    "northwind_orders",
    "northwind_order_details",
    "northwind_products",
    "northwind_employees",
    "northwind_categories",
    "northwind_shippers",
    "northwind_suppliers",
    "vistula_customers",
    "vistula_transactions",
    "vistula_cost_to_serve",
    "vistula_wallets",
]
FAST_NAMES = [n for n in ALL_NAMES if n != "online_retail"]


@pytest.fixture(scope="module")
def online_retail() -> pd.DataFrame:
    return kt.load_dataset("online_retail")


@pytest.fixture(autouse=True)
def _no_override(monkeypatch):
    """Tests read the repository's files unless they set KAMTOOLS_DATASETS themselves."""
    monkeypatch.delenv("KAMTOOLS_DATASETS", raising=False)


# --- list_datasets ---------------------------------------------------------------------


def test_list_datasets_has_every_dataset_once_in_a_fixed_order():
    table = kt.list_datasets()
    assert table.columns.tolist() == ["name", "description", "rows", "source", "licence"]
    assert table["name"].tolist() == ALL_NAMES
    assert table["rows"].dtype == np.int64
    assert table[["description", "source", "licence"]].notna().all().all()


def test_list_datasets_states_the_licences():
    licence = kt.list_datasets().set_index("name")["licence"]
    assert "CC BY 4.0" in licence["online_retail"]
    assert all("Ms-PL" in licence[n] for n in ALL_NAMES if n.startswith("northwind"))


def test_list_datasets_returns_a_new_frame_each_time():
    first = kt.list_datasets()
    first.loc[0, "rows"] = -1
    assert kt.list_datasets().loc[0, "rows"] == 541_909


def test_datasets_dir_is_the_repository_folder():
    assert kt.DATASETS_DIR == REPO / "datasets"
    assert (kt.DATASETS_DIR / "DATASHEET.md").is_file()


# --- every dataset loads with the registered row count and kinds ----------------------


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.slow) if n == "online_retail" else n for n in ALL_NAMES],
)
def test_every_dataset_loads_with_registered_rows_and_types(name):
    frame = kt.load_dataset(name)
    rows = kt.list_datasets().set_index("name").loc[name, "rows"]
    assert len(frame) == rows
    kinds = kd._REGISTRY[name].columns
    assert frame.columns.tolist()[: len(kinds)] == list(kinds)
    for col, kind in kinds.items():
        dtype = frame[col].dtype
        if kind in ("date", "datetime"):
            assert dtype == "datetime64[ns]", col
        elif kind == "int":
            assert dtype == np.int64, col
        elif kind == "Int64":
            assert dtype == "Int64", col
        elif kind in ("float", "money"):
            assert dtype == np.float64, col
        elif kind == "bool":
            assert pd.api.types.is_bool_dtype(dtype), col
        else:
            assert pd.api.types.is_string_dtype(dtype), col


def test_registry_row_counts_equal_the_lines_of_the_small_files():
    for name in FAST_NAMES:
        path = kt.DATASETS_DIR / kd._REGISTRY[name].file
        with path.open(encoding="utf-8") as f:
            lines = sum(1 for _ in f) - 1  # header
        assert lines == kd._REGISTRY[name].rows, name


# --- Online Retail ---------------------------------------------------------------------


@pytest.mark.slow
class TestOnlineRetail:
    def test_counts_from_the_reference(self, online_retail):
        assert len(online_retail) == 541_909
        assert online_retail["CustomerID"].isna().sum() == 135_080  # kept, never dropped
        assert online_retail["CustomerID"].nunique() == 4_372

    def test_types(self, online_retail):
        assert online_retail["CustomerID"].dtype == "Int64"
        assert online_retail["InvoiceDate"].dtype == "datetime64[ns]"
        assert online_retail["Quantity"].dtype == np.int64
        assert online_retail["UnitPrice"].dtype == np.float64
        for col in ("InvoiceNo", "StockCode", "Description", "Country"):
            assert pd.api.types.is_string_dtype(online_retail[col].dtype), col

    def test_ids_stay_text(self, online_retail):
        assert online_retail["InvoiceNo"].iloc[0] == "536365"
        assert online_retail["StockCode"].iloc[0] == "85123A"
        assert online_retail["CustomerID"].iloc[0] == 17850

    def test_period(self, online_retail):
        assert online_retail["InvoiceDate"].min() == pd.Timestamp("2010-12-01 08:26")
        assert online_retail["InvoiceDate"].max() == pd.Timestamp("2011-12-09 12:50")

    def test_cancellations_have_a_c_and_negative_quantities(self, online_retail):
        cancelled = online_retail["InvoiceNo"].str.startswith("C")
        assert cancelled.sum() == 9_288
        assert (online_retail.loc[cancelled, "Quantity"] < 0).all()

    def test_bad_debt_adjustments_are_kept(self, online_retail):
        adjust = online_retail[online_retail["InvoiceNo"].str.startswith("A")]
        assert len(adjust) == 3
        assert (adjust["Description"] == "Adjust bad debt").all()
        assert (adjust["UnitPrice"] < 0).sum() == 2

    def test_some_customers_have_negative_net_value(self, online_retail):
        value = online_retail["Quantity"] * online_retail["UnitPrice"]
        net = value.groupby(online_retail["CustomerID"]).sum()
        assert len(net) == 4_372
        assert (net < 0).sum() == 42

    def test_first_read_is_reasonably_fast(self):
        kd._read_cached.cache_clear()
        start = time.perf_counter()
        kt.load_dataset("online_retail")
        assert time.perf_counter() - start < 15  # ~1 s on a laptop; generous for CI


# --- Northwind -------------------------------------------------------------------------


def test_northwind_counts_from_the_reference():
    assert len(kt.load_dataset("northwind_customers")) == 91
    assert len(kt.load_dataset("northwind_orders")) == 830
    assert len(kt.load_dataset("northwind_order_details")) == 2_155
    assert len(kt.load_dataset("northwind_employees")) == 9


def test_northwind_id_and_date_types():
    orders = kt.load_dataset("northwind_orders")
    lines = kt.load_dataset("northwind_order_details")
    assert pd.api.types.is_string_dtype(orders["customer_id"].dtype)
    assert orders["order_id"].dtype == np.int64
    assert orders["employee_id"].dtype == np.int64
    assert lines["product_id"].dtype == np.int64
    for col in ("order_date", "required_date", "shipped_date"):
        assert orders[col].dtype == "datetime64[ns]"
    assert lines["discount"].dtype == np.float64
    assert lines["unit_price"].dtype == np.float64


def test_northwind_unshipped_orders_keep_a_missing_shipped_date():
    orders = kt.load_dataset("northwind_orders")
    assert orders["shipped_date"].isna().sum() == 21
    assert orders["required_date"].notna().all()
    # order 10248: ordered 1996-07-04, required 1996-08-01, shipped 1996-07-16
    first = orders.set_index("order_id").loc[10248]
    assert first["shipped_date"] - first["order_date"] == pd.Timedelta(days=12)


def test_northwind_float32_artefacts_are_rounded_to_cents():
    lines = kt.load_dataset("northwind_order_details").set_index(["order_id", "product_id"])
    assert lines.loc[(10248, 42), "unit_price"] == 9.8  # file: 9.80000019
    assert set(lines["discount"].round(2)) == set(lines["discount"])
    assert lines["discount"].between(0, 0.25).all()
    orders = kt.load_dataset("northwind_orders").set_index("order_id")
    assert orders.loc[10248, "freight"] == 32.38  # file: 32.3800011


def test_northwind_keeps_literal_backslash_n_in_employee_addresses():
    employees = kt.load_dataset("northwind_employees").set_index("employee_id")
    assert employees.loc[1, "address"] == "507 - 20th Ave. E.\\nApt. 2A"
    assert "\n" not in "".join(employees["address"])


def test_northwind_nullable_and_boolean_columns():
    employees = kt.load_dataset("northwind_employees").set_index("employee_id")
    assert employees["reports_to"].dtype == "Int64"
    assert employees["reports_to"].isna().sum() == 1  # the vice president
    assert pd.isna(employees.loc[2, "reports_to"])
    products = kt.load_dataset("northwind_products")
    assert pd.api.types.is_bool_dtype(products["discontinued"].dtype)
    assert products["discontinued"].sum() == 10


def test_northwind_text_codes_keep_leading_zeros():
    customers = kt.load_dataset("northwind_customers").set_index("customer_id")
    assert customers.loc["ANATR", "postal_code"] == "05021"
    assert pd.isna(customers.loc["ALFKI", "region"])


def test_northwind_references_are_consistent():
    customers = kt.load_dataset("northwind_customers")
    orders = kt.load_dataset("northwind_orders")
    lines = kt.load_dataset("northwind_order_details")
    assert orders["customer_id"].isin(customers["customer_id"]).all()
    assert lines["order_id"].isin(orders["order_id"]).all()
    assert orders["employee_id"].isin(kt.load_dataset("northwind_employees")["employee_id"]).all()
    # two customers never ordered (a quirk documented in DATASHEET.md)
    assert sorted(set(customers["customer_id"]) - set(orders["customer_id"])) == ["FISSA", "PARIS"]


# --- Vistula (loading only; the generator is tested in test_synthetic.py) --------------


def test_vistula_types():
    customers = kt.load_dataset("vistula_customers")
    assert customers["customer_id"].iloc[0] == "V0001"
    assert customers["customer_since"].dtype == "datetime64[ns]"
    tx = kt.load_dataset("vistula_transactions")
    assert pd.api.types.is_string_dtype(tx["invoice_id"].dtype)
    assert tx["invoice_id"].str.startswith("R").any()
    assert tx["date"].dtype == "datetime64[ns]"
    assert tx["quantity"].dtype == np.int64
    assert tx["list_price"].dtype == np.float64
    wallets = kt.load_dataset("vistula_wallets")
    assert wallets["estimated_wallet"].dtype == np.float64
    assert wallets["estimated_wallet"].isna().any()  # unknown wallets stay NaN
    assert wallets["year"].dtype == np.int64
    assert sorted(wallets["year"].unique()) == [2023, 2024, 2025]


def test_vistula_new_columns_have_their_types():
    customers = kt.load_dataset("vistula_customers")
    assert customers["free_freight"].dtype == bool  # 0/1 in the file
    assert customers["payment_terms_days"].dtype == np.int64
    assert customers["dso_days"].dtype == np.float64
    for column in ("buyer_type", "company_size"):
        assert pd.api.types.is_string_dtype(customers[column].dtype), column
    assert set(customers["buyer_type"]) == {"private", "public"}
    cts = kt.load_dataset("vistula_cost_to_serve")
    assert cts["rebate"].dtype == np.float64
    assert (cts["rebate"] == cts["rebate"].round(2)).all()


# --- cache -----------------------------------------------------------------------------


def test_cache_returns_copies_that_cannot_corrupt_it():
    first = kt.load_dataset("northwind_orders")
    original = first
    first.loc[0, "freight"] = -1.0
    first["freight"] = first["freight"] * 0
    first = first.drop(index=first.index[:10])
    first["extra"] = 1
    second = kt.load_dataset("northwind_orders")
    assert second is not original
    assert len(second) == 830
    assert "extra" not in second.columns
    assert second.loc[0, "freight"] == 32.38


def test_cache_is_used_for_a_second_read():
    kt.load_dataset("northwind_shippers")
    hits = kd._read_cached.cache_info().hits
    kt.load_dataset("northwind_shippers")
    assert kd._read_cached.cache_info().hits == hits + 1


def test_changed_file_is_read_again(tmp_path, monkeypatch):
    folder = tmp_path / "northwind"
    folder.mkdir()
    path = folder / "shippers.csv"
    path.write_text("shipper_id,company_name,phone\n1,A,1\n", encoding="utf-8")
    monkeypatch.setenv("KAMTOOLS_DATASETS", str(tmp_path))
    assert len(kt.load_dataset("northwind_shippers")) == 1
    path.write_text("shipper_id,company_name,phone\n1,A,1\n2,Bb,22\n", encoding="utf-8")
    assert kt.load_dataset("northwind_shippers")["company_name"].tolist() == ["A", "Bb"]


# --- errors ----------------------------------------------------------------------------


def test_unknown_name_suggests_the_closest_and_lists_all():
    with pytest.raises(kt.UnknownDatasetError, match="did you mean 'northwind_orders'") as info:
        kt.load_dataset("northwind_order")
    message = str(info.value)
    assert "'northwind_order'" in message
    for name in ALL_NAMES:
        assert name in message
    assert isinstance(info.value, LookupError)


def test_unknown_name_with_different_case_is_suggested():
    with pytest.raises(kt.UnknownDatasetError, match="did you mean 'online_retail'"):
        kt.load_dataset("Online_Retail")


def test_unknown_name_without_a_close_match_still_lists_the_names():
    with pytest.raises(kt.UnknownDatasetError, match="no dataset 'zzz';") as info:
        kt.load_dataset("zzz")
    assert "did you mean" not in str(info.value)
    assert "vistula_wallets" in str(info.value)


@settings(max_examples=50)
@given(st.text(max_size=30).filter(lambda s: s not in ALL_NAMES))
def test_any_other_name_is_refused_and_quoted(name):
    with pytest.raises(kt.UnknownDatasetError) as info:
        kt.load_dataset(name)
    assert repr(name) in str(info.value)


@pytest.mark.parametrize("bad", [None, 3, ["northwind_orders"]])
def test_name_must_be_text(bad):
    with pytest.raises(kt.WrongTypeError, match=re.escape(repr(bad))):
        kt.load_dataset(bad)


def test_override_folder_is_used(tmp_path, monkeypatch):
    (tmp_path / "northwind").mkdir()
    (tmp_path / "northwind" / "orders.csv").write_text(
        (kt.DATASETS_DIR / "northwind" / "orders.csv").read_text(encoding="utf-8").splitlines()[0]
        + "\n10248,VINET,5,1996-07-04,1996-08-01,,3,32.38,Vins,59 rue,Reims,,51100,France\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KAMTOOLS_DATASETS", str(tmp_path))
    orders = kt.load_dataset("northwind_orders")
    assert len(orders) == 1
    assert pd.isna(orders.loc[0, "shipped_date"])
    monkeypatch.delenv("KAMTOOLS_DATASETS")
    assert len(kt.load_dataset("northwind_orders")) == 830


def test_missing_real_file_names_the_file_and_how_to_restore_it(tmp_path, monkeypatch):
    monkeypatch.setenv("KAMTOOLS_DATASETS", str(tmp_path))
    with pytest.raises(kt.DataError, match=r"northwind_orders.*orders\.csv.*git checkout") as info:
        kt.load_dataset("northwind_orders")
    assert "KAMTOOLS_DATASETS" in str(info.value)
    assert str(tmp_path) in str(info.value)


def test_missing_synthetic_file_says_how_to_regenerate(tmp_path, monkeypatch):
    monkeypatch.setenv("KAMTOOLS_DATASETS", str(tmp_path))
    with pytest.raises(kt.DataError, match=r"vistula/wallets\.csv.*make datasets"):
        kt.load_dataset("vistula_wallets")


def _write_shippers(tmp_path: Path, text: str) -> None:
    (tmp_path / "northwind").mkdir(exist_ok=True)
    (tmp_path / "northwind" / "shippers.csv").write_text(text, encoding="utf-8")


def test_file_without_an_expected_column_is_refused(tmp_path, monkeypatch):
    _write_shippers(tmp_path, "shipper_id,company_name\n1,A\n")
    monkeypatch.setenv("KAMTOOLS_DATASETS", str(tmp_path))
    with pytest.raises(kt.DataError, match=r"lacks the column\(s\) \['phone'\]"):
        kt.load_dataset("northwind_shippers")


def test_file_with_text_in_an_id_column_is_refused(tmp_path, monkeypatch):
    _write_shippers(tmp_path, "shipper_id,company_name,phone\nX1,A,1\n")
    monkeypatch.setenv("KAMTOOLS_DATASETS", str(tmp_path))
    with pytest.raises(kt.DataError, match="shippers.csv"):
        kt.load_dataset("northwind_shippers")


def test_file_with_a_bad_date_is_refused(tmp_path, monkeypatch):
    (tmp_path / "northwind").mkdir()
    header = (kt.DATASETS_DIR / "northwind" / "orders.csv").read_text(encoding="utf-8")
    (tmp_path / "northwind" / "orders.csv").write_text(
        header.splitlines()[0] + "\n1,VINET,5,04/07/1996,1996-08-01,,3,1,a,b,c,,d,e\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KAMTOOLS_DATASETS", str(tmp_path))
    with pytest.raises(kt.DataError, match="'order_date'.*%Y-%m-%d"):
        kt.load_dataset("northwind_orders")


def test_bool_column_other_than_0_1_is_refused(tmp_path, monkeypatch):
    (tmp_path / "northwind").mkdir()
    text = (kt.DATASETS_DIR / "northwind" / "products.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    (tmp_path / "northwind" / "products.csv").write_text(
        lines[0] + "\n" + lines[1].rsplit(",", 1)[0] + ",2\n", encoding="utf-8"
    )
    monkeypatch.setenv("KAMTOOLS_DATASETS", str(tmp_path))
    with pytest.raises(kt.DataError, match="'discontinued'.*0 or 1.*2"):
        kt.load_dataset("northwind_products")


# --- the copies of the real data cannot drift ------------------------------------------


def _shared_files() -> list[Path]:
    if not SHARED_DATA.is_dir():
        return []
    return sorted(p for p in SHARED_DATA.rglob("*") if p.is_file())


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="the shared data folder is not here")
@pytest.mark.parametrize("original", _shared_files(), ids=lambda p: str(p.relative_to(SHARED_DATA)))
def test_copy_is_byte_identical_to_the_shared_original(original):
    copy = kt.DATASETS_DIR / original.relative_to(SHARED_DATA)
    assert copy.is_file(), f"{copy} is missing"
    assert filecmp.cmp(original, copy, shallow=False), f"{copy} differs from {original}"


def test_licence_and_readme_travel_with_the_real_data():
    assert "Microsoft Public License" in (kt.DATASETS_DIR / "northwind" / "LICENSE").read_text()
    readme = (kt.DATASETS_DIR / "online_retail" / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme
    assert "Chen" in readme and "Sain" in readme and "Guo" in readme


# --- datasheet -------------------------------------------------------------------------


def test_datasheet_has_a_section_for_every_dataset():
    text = (kt.DATASETS_DIR / "DATASHEET.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    for name in kt.list_datasets()["name"]:
        assert any(f"`{name}`" in h for h in headings), f"no DATASHEET.md section for {name}"
