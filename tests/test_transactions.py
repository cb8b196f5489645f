"""Tests of kamtools.analysis.transactions: customer_totals and excluded_lines."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.analysis import transactions

REASONS = ["missing customer id", "amount not a number"]


def invoice_lines() -> pd.DataFrame:
    """A small hand-made invoice table with every kind of line."""
    return pd.DataFrame(
        {
            "invoice": ["1", "1", "C2", "3", "4", "5", "6", "7", "8", "9", "10", "11"],
            "customer_id": ["K1", "K2", "K1", None, "", "  ", "K2", "K3", "K3", "K4", None, "K2"],
            "amount": [
                100.0,  # K1
                "12.5",  # K2, numeric text counts
                -30.0,  # K1 cancellation, netted
                5.0,  # missing id
                7.0,  # empty id
                1.0,  # blank id
                "n/a",  # K2, not a number
                20.0,  # K3
                -20.0,  # K3 return: K3 nets to 0 and is kept
                -5.0,  # K4: negative net value, kept
                "x",  # missing id AND not a number: counted as missing id
                "inf",  # K2, infinite: not a number
            ],
        }
    )


def test_public_names():
    assert transactions.__all__ == [
        "CustomerTotals",
        "customer_totals",
        "excluded_lines",
        "read_csv_report",
    ]
    assert kt.CustomerTotals is transactions.CustomerTotals
    assert kt.customer_totals is transactions.customer_totals
    assert kt.excluded_lines is transactions.excluded_lines
    assert kt.read_csv_report is transactions.read_csv_report


class TestHandMadeTable:
    def test_totals(self):
        totals = kt.customer_totals(invoice_lines(), amount="amount")
        # K1: 100 - 30 = 70; K2: 12.5 (n/a and inf left out); K3: 20 - 20 = 0; K4: -5
        assert totals.to_dict() == {"K1": 70.0, "K2": 12.5, "K3": 0.0, "K4": -5.0}
        assert totals.name == "net_value"
        assert totals.index.name == "customer_id"
        assert totals.dtype == np.float64

    def test_report(self):
        result = kt.customer_totals(invoice_lines(), amount="amount", report=True)
        report = kt.excluded_lines(result)
        assert report.index.tolist() == REASONS
        assert report.index.name == "reason"
        assert list(report.columns) == ["lines", "amount"]
        # missing id: None (5.0), "" (7.0), "  " (1.0), None ("x": not a number) -> 4 lines, 13.0
        # not a number: "n/a" and "inf" of K2 -> 2 lines, no numeric amount
        assert report["lines"].tolist() == [4, 2]
        assert report["amount"].tolist() == [13.0, 0.0]
        # netted: -30 (K1), -20 (K3), -5 (K4)
        assert (result.netted_lines, result.netted_amount) == (3, -55.0)
        # 12 lines - 4 - 2 = 6 used
        assert result.lines_total == 12
        assert result.lines_used == 6
        assert result.lines_used + report["lines"].sum() == result.lines_total

    def test_input_is_not_changed(self):
        lines = invoice_lines()
        before = lines.copy()
        kt.customer_totals(lines, amount="amount")
        pd.testing.assert_frame_equal(lines, before)


class TestOnlineRetailShape:
    """Float customer ids (because of NaN), quantity * price, cancellations."""

    @staticmethod
    def lines() -> pd.DataFrame:
        return pd.DataFrame(
            {
                "InvoiceNo": ["536365", "C536379", "536380", "536381", "536381", "541431"],
                "CustomerID": [17850.0, 17850.0, np.nan, 13047.0, 13047.0, 12346.0],
                "Quantity": [6, -6, 10, 3, 2, 74215],
                "UnitPrice": [2.55, 2.55, 1.0, 4.25, np.nan, 1.04],
            }
        )

    def test_quantity_times_price(self):
        result = kt.customer_totals(
            self.lines(), customer="CustomerID", quantity="Quantity", price="UnitPrice", report=True
        )
        totals = result.totals
        # 12346: 74215 * 1.04 = 77183.6; 13047: 3 * 4.25 = 12.75 (NaN price left out);
        # 17850: 6 * 2.55 - 6 * 2.55 = 0
        assert totals.index.tolist() == [12346, 13047, 17850]
        assert totals.index.dtype == np.int64  # 12346.0 -> 12346
        assert totals.index.name == "CustomerID"
        np.testing.assert_allclose(totals.to_numpy(), [77183.6, 12.75, 0.0], atol=1e-9)
        report = kt.excluded_lines(result)
        # missing id: 10 * 1.0 = 10.0; not a number: 2 * NaN
        assert report["lines"].tolist() == [1, 1]
        assert report["amount"].tolist() == [10.0, 0.0]
        assert result.netted_lines == 1
        assert result.netted_amount == pytest.approx(-15.3)  # -6 * 2.55
        assert result.lines_used == 4

    def test_both_amount_modes_agree(self):
        lines = self.lines()
        lines["Amount"] = lines["Quantity"] * lines["UnitPrice"]
        amount_result = kt.customer_totals(
            lines, customer="CustomerID", amount="Amount", report=True
        )
        by_amount = amount_result.totals
        product_result = kt.customer_totals(
            lines, customer="CustomerID", quantity="Quantity", price="UnitPrice", report=True
        )
        by_product = product_result.totals
        pd.testing.assert_series_equal(by_amount, by_product)
        pd.testing.assert_frame_equal(
            kt.excluded_lines(amount_result), kt.excluded_lines(product_result)
        )
        assert amount_result.netted_lines == product_result.netted_lines
        assert amount_result.netted_amount == product_result.netted_amount

    def test_nullable_integer_ids_keep_their_dtype(self):
        lines = self.lines()
        lines["CustomerID"] = lines["CustomerID"].astype("Int64")
        result = kt.customer_totals(
            lines, customer="CustomerID", quantity="Quantity", price="UnitPrice", report=True
        )
        totals = result.totals
        assert totals.index.dtype == "Int64"
        assert totals.index.tolist() == [12346, 13047, 17850]
        assert kt.excluded_lines(result)["lines"].tolist() == [1, 1]


class TestIds:
    def test_sorted_by_customer_id(self):
        lines = pd.DataFrame({"customer_id": [30, 10, 20, 10], "amount": [1.0, 2.0, 3.0, 4.0]})
        totals = kt.customer_totals(lines, amount="amount")
        assert totals.index.tolist() == [10, 20, 30]
        assert totals.tolist() == [6.0, 3.0, 1.0]  # 10: 2 + 4
        assert totals.index.dtype == np.int64

    def test_text_ids_keep_their_dtype(self):
        lines = pd.DataFrame({"customer_id": ["b", "a"], "amount": [1.0, 2.0]})
        totals = kt.customer_totals(lines, amount="amount")
        assert totals.index.dtype == lines["customer_id"].dtype
        assert totals.index.tolist() == ["a", "b"]

    def test_ids_with_surrounding_spaces_are_not_changed(self):
        lines = pd.DataFrame({"customer_id": ["a", " a"], "amount": [1.0, 2.0]})
        totals = kt.customer_totals(lines, amount="amount")
        assert totals.to_dict() == {" a": 2.0, "a": 1.0}

    def test_float_ids_that_are_not_whole_stay_float(self):
        lines = pd.DataFrame({"customer_id": [1.5, 2.0, np.nan], "amount": [1.0, 2.0, 3.0]})
        totals = kt.customer_totals(lines, amount="amount")
        assert totals.index.dtype == np.float64
        assert totals.index.tolist() == [1.5, 2.0]

    def test_categorical_ids(self):
        ids = pd.Categorical(["b", "a", "b", " "], categories=["a", "b", " ", "unused"])
        lines = pd.DataFrame({"customer_id": ids, "amount": [1.0, 2.0, 3.0, 4.0]})
        result = kt.customer_totals(lines, amount="amount", report=True)
        totals = result.totals
        assert totals.to_dict() == {"a": 2.0, "b": 4.0}
        assert kt.excluded_lines(result)["lines"].tolist() == [1, 0]

    def test_object_ids_of_mixed_types(self):
        lines = pd.DataFrame(
            {"customer_id": pd.Series([7, "K1", 7, None], dtype=object), "amount": [1.0] * 4}
        )
        result = kt.customer_totals(lines, amount="amount", report=True)
        totals = result.totals
        assert totals.to_dict() == {7: 2.0, "K1": 1.0}
        assert kt.excluded_lines(result)["lines"].tolist() == [1, 0]

    def test_duplicated_frame_index(self):
        lines = pd.concat(
            [
                pd.DataFrame({"customer_id": ["a", "b"], "amount": [1.0, 2.0]}),
                pd.DataFrame({"customer_id": ["a", None], "amount": [3.0, 4.0]}),
            ]
        )
        assert not lines.index.is_unique
        totals = kt.customer_totals(lines, amount="amount")
        assert totals.to_dict() == {"a": 4.0, "b": 2.0}

    def test_blank_id_with_only_bad_amounts_counts_as_missing_id(self):
        lines = pd.DataFrame({"customer_id": ["a", " "], "amount": [1.0, np.nan]})
        result = kt.customer_totals(lines, amount="amount", report=True)
        assert kt.excluded_lines(result)["lines"].tolist() == [1, 0]


class TestAmounts:
    def test_customer_with_only_bad_lines_is_not_a_customer(self):
        lines = pd.DataFrame({"customer_id": ["a", "b", "b"], "amount": [1.0, np.nan, np.inf]})
        result = kt.customer_totals(lines, amount="amount", report=True)
        totals = result.totals
        assert totals.to_dict() == {"a": 1.0}
        assert kt.excluded_lines(result)["lines"].tolist() == [0, 2]

    def test_infinite_amounts_in_a_float_column_leave_the_input_unchanged(self):
        lines = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [1.0, np.inf, -np.inf]})
        before = lines.copy()
        result = kt.customer_totals(lines, amount="amount", report=True)
        totals = result.totals
        assert totals.to_dict() == {"a": 1.0}
        pd.testing.assert_frame_equal(lines, before)
        # -inf is not a number: it is not netted as a return
        assert (result.netted_lines, result.netted_amount) == (0, 0.0)

    def test_integer_amounts(self):
        lines = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [3, -1, 5]})
        result = kt.customer_totals(lines, amount="amount", report=True)
        totals = result.totals
        assert totals.to_dict() == {1: 2.0, 2: 5.0}
        assert totals.dtype == np.float64
        assert (result.netted_lines, result.netted_amount) == (1, -1.0)

    def test_nullable_float_amounts(self):
        lines = pd.DataFrame(
            {"customer_id": ["a", "a", "b"], "amount": pd.array([1.5, None, 2.0], dtype="Float64")}
        )
        result = kt.customer_totals(lines, amount="amount", report=True)
        totals = result.totals
        assert totals.to_dict() == {"a": 1.5, "b": 2.0}
        assert kt.excluded_lines(result)["lines"].tolist() == [0, 1]

    def test_text_quantity_and_price(self):
        lines = pd.DataFrame(
            {"customer_id": ["a", "a", "b"], "q": ["2", "x", "1"], "p": ["1.5", "2", None]}
        )
        result = kt.customer_totals(lines, quantity="q", price="p", report=True)
        totals = result.totals
        # a: 2 * 1.5 = 3.0 ("x" left out); b: price missing -> no usable line
        assert totals.to_dict() == {"a": 3.0}
        assert kt.excluded_lines(result)["lines"].tolist() == [0, 2]

    def test_missing_id_amounts_sum_only_numbers(self):
        lines = pd.DataFrame(
            {"customer_id": ["a", None, None, None], "amount": [1.0, 2.5, np.nan, np.inf]}
        )
        report = kt.excluded_lines(kt.customer_totals(lines, amount="amount", report=True))
        # 3 lines without id, of which only 2.5 is a number
        assert report.loc["missing customer id"].tolist() == [3, 2.5]

    def test_bool_amount_column(self):
        lines = pd.DataFrame({"customer_id": ["a"], "paid": [True]})
        with pytest.raises(kt.WrongTypeError, match=r"`amount`='paid'.*True/False"):
            kt.customer_totals(lines, amount="paid")


class TestParameters:
    LINES = pd.DataFrame({"customer_id": ["a"], "amount": [1.0], "q": [1], "p": [2.0]})

    def test_neither_way(self):
        with pytest.raises(kt.ParameterError, match=r"amount='<column>'.*quantity='<column>'"):
            kt.customer_totals(self.LINES)

    def test_both_ways(self):
        with pytest.raises(kt.ParameterError, match=r"not both.*amount='amount', quantity='q'"):
            kt.customer_totals(self.LINES, amount="amount", quantity="q", price="p")

    def test_amount_and_price(self):
        with pytest.raises(kt.ParameterError, match="not both"):
            kt.customer_totals(self.LINES, amount="amount", price="p")

    def test_quantity_without_price(self):
        with pytest.raises(kt.ParameterError, match=r"`quantity`='q' was passed without `price`"):
            kt.customer_totals(self.LINES, quantity="q")

    def test_price_without_quantity(self):
        with pytest.raises(kt.ParameterError, match=r"`price`='p' was passed without `quantity`"):
            kt.customer_totals(self.LINES, price="p")

    def test_missing_amount_column(self):
        with pytest.raises(
            kt.DataError, match=r"`amount`='Amount' is not a column.*\['customer_id', 'amount'"
        ):
            kt.customer_totals(self.LINES, amount="Amount")

    def test_missing_customer_column(self):
        with pytest.raises(kt.DataError, match=r"`customer`='CustomerID' is not a column"):
            kt.customer_totals(self.LINES, customer="CustomerID", amount="amount")

    def test_missing_price_column(self):
        with pytest.raises(kt.DataError, match=r"`price`='UnitPrice' is not a column"):
            kt.customer_totals(self.LINES, quantity="q", price="UnitPrice")

    def test_not_a_dataframe(self):
        with pytest.raises(kt.WrongTypeError, match=r"`transactions`.*dict was passed"):
            kt.customer_totals({"customer_id": ["a"], "amount": [1.0]}, amount="amount")

    def test_no_lines(self):
        with pytest.raises(kt.EmptyDataError, match="`transactions` has no lines"):
            kt.customer_totals(self.LINES.iloc[:0], amount="amount")

    def test_no_line_left(self):
        lines = pd.DataFrame({"customer_id": [None, "", "a"], "amount": [1.0, 2.0, "n/a"]})
        with pytest.raises(
            kt.EmptyDataError,
            match=r"of 3 lines, 2 have a missing customer id .* and 1 an amount not a number",
        ):
            kt.customer_totals(lines, amount="amount")

    def test_column_name_must_be_one_name(self):
        with pytest.raises(kt.WrongTypeError, match=r"`customer` must be one column name.*\['a'"):
            kt.customer_totals(self.LINES, customer=["a", "b"], amount="amount")

    def test_no_line_left_with_quantity_and_price(self):
        lines = pd.DataFrame({"customer_id": ["a"], "q": [1.0], "p": [np.nan]})
        with pytest.raises(
            kt.EmptyDataError, match=r"1 an amount not a number \(columns 'q', 'p'\)"
        ):
            kt.customer_totals(lines, quantity="q", price="p")

    def test_repeated_customer_column(self):
        lines = pd.DataFrame([["a", "b", 1.0]], columns=["id", "id", "amount"])
        with pytest.raises(kt.DataError, match=r"`customer`='id' names 2 columns"):
            kt.customer_totals(lines, customer="id", amount="amount")


class TestExcludedLines:
    def test_returns_a_copy(self):
        result = kt.customer_totals(invoice_lines(), amount="amount", report=True)
        report = kt.excluded_lines(result)
        report.loc["missing customer id", "lines"] = 999
        assert kt.excluded_lines(result).loc["missing customer id", "lines"] == 4
        assert result.excluded.loc["missing customer id", "lines"] == 4

    def test_report_holds_the_same_totals_as_the_plain_call(self):
        plain = kt.customer_totals(invoice_lines(), amount="amount")
        result = kt.customer_totals(invoice_lines(), amount="amount", report=True)
        pd.testing.assert_series_equal(plain, result.totals)
        assert plain.attrs == {} and result.totals.attrs == {}
        assert result.excluded.attrs == {}

    def test_result_is_frozen(self):
        result = kt.customer_totals(invoice_lines(), amount="amount", report=True)
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.lines_used = 0  # type: ignore[misc]

    def test_plain_series_says_what_to_pass(self):
        totals = kt.customer_totals(invoice_lines(), amount="amount")
        with pytest.raises(kt.WrongTypeError, match=r"`totals`.*Series 'net_value'.*report=True"):
            kt.excluded_lines(totals)

    def test_not_a_series(self):
        with pytest.raises(kt.WrongTypeError, match=r"`totals`.*DataFrame was passed"):
            kt.excluded_lines(invoice_lines())

    def test_report_must_be_a_bool(self):
        with pytest.raises(kt.WrongTypeError, match=r"`report` must be True or False.*'yes'"):
            kt.customer_totals(invoice_lines(), amount="amount", report="yes")


# ---------------------------------------------------------------------------------------
# Property: agrees with a plain line-by-line reference and accounts for every line.
# ---------------------------------------------------------------------------------------
ids = st.sampled_from(["a", "b", "c", "D", None, "", "  ", np.nan])
amounts = st.one_of(
    st.integers(-50, 100).map(float),
    st.sampled_from([np.nan, np.inf, -np.inf, "n/a", "12.5", "-3"]),
)


def reference_totals(rows: list[tuple]) -> tuple[dict, int, int]:
    """Line by line, the obvious way (a loop is fine in a test)."""
    totals: dict = {}
    missing = bad = 0
    for cid, amount in rows:
        if cid is None or (isinstance(cid, float) and math.isnan(cid)) or not cid.strip():
            missing += 1
            continue
        try:
            number = float(amount)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            bad += 1
            continue
        totals[cid] = totals.get(cid, 0.0) + number
    return dict(sorted(totals.items())), missing, bad


@given(st.lists(st.tuples(ids, amounts), min_size=1, max_size=30))
def test_matches_reference_and_accounts_for_every_line(rows):
    lines = pd.DataFrame(rows, columns=["customer_id", "amount"])
    expected, missing, bad = reference_totals(rows)
    if not expected:
        with pytest.raises(kt.EmptyDataError):
            kt.customer_totals(lines, amount="amount")
        return
    result = kt.customer_totals(lines, amount="amount", report=True)
    totals = result.totals
    assert totals.index.tolist() == list(expected)
    np.testing.assert_allclose(totals.to_numpy(), list(expected.values()))
    report = kt.excluded_lines(result)
    assert report["lines"].tolist() == [missing, bad]
    assert result.lines_used + report["lines"].sum() == result.lines_total
    assert result.lines_total == len(rows)


# ---------------------------------------------------------------------------------------
# The real Online Retail data set
# ---------------------------------------------------------------------------------------
def online_retail_path() -> Path | None:
    for path in (
        Path(__file__).parents[1] / "datasets" / "online_retail.csv.gz",
        Path("/work/shared/data/online_retail/online_retail.csv.gz"),
    ):
        if path.exists():
            return path
    return None


@pytest.mark.slow
@pytest.mark.skipif(online_retail_path() is None, reason="Online Retail file not available")
def test_online_retail():
    retail = pd.read_csv(
        online_retail_path(), dtype={"CustomerID": "Int64", "InvoiceNo": str, "StockCode": str}
    )
    result = kt.customer_totals(
        retail, customer="CustomerID", quantity="Quantity", price="UnitPrice", report=True
    )
    totals = result.totals
    report = kt.excluded_lines(result)
    assert result.lines_total == 541_909
    assert report.loc["missing customer id", "lines"] == 135_080
    assert report.loc["amount not a number", "lines"] == 0
    assert result.lines_used + report["lines"].sum() == 541_909
    assert len(totals) == 4_372

    # Independently, with plain pandas.
    known = retail[retail["CustomerID"].notna()]
    line_value = known["Quantity"] * known["UnitPrice"]
    expected = line_value.groupby(known["CustomerID"]).sum()
    pd.testing.assert_index_equal(totals.index, expected.index)
    np.testing.assert_allclose(totals.to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-6)
    assert totals.sum() == pytest.approx(line_value.sum(), rel=1e-12)
    n_not_positive = int((expected <= 1e-6).sum())
    assert int((totals <= 1e-6).sum()) == n_not_positive
    assert (totals < -1e-6).sum() > 0  # some customers have a negative net value
    cancellations = known["InvoiceNo"].str.startswith("C")
    assert result.netted_lines == int((line_value < 0).sum())
    assert result.netted_lines >= int(cancellations.sum())
    assert result.netted_amount == pytest.approx(line_value[line_value < 0].sum(), rel=1e-12)
    excluded_value = (
        retail.loc[retail["CustomerID"].isna(), "Quantity"]
        * retail.loc[retail["CustomerID"].isna(), "UnitPrice"]
    )
    assert report.loc["missing customer id", "amount"] == pytest.approx(
        excluded_value.sum(), rel=1e-9
    )


def test_totals_can_be_concatenated():
    # No report rides in .attrs (pandas compares attrs in concat; a DataFrame there once
    # made pd.concat raise "truth value ... is ambiguous").
    lines = pd.DataFrame({"customer_id": [1, 2, None], "amount": [5.0, 7.0, 3.0]})
    totals = kt.customer_totals(lines, amount="amount")
    both = pd.concat([totals, totals])
    assert both.tolist() == [5.0, 7.0, 5.0, 7.0]
    assert both.attrs == {}


# ---------------------------------------------------------------------------------------
# read_csv_report: a CSV export read line by line, every line left out reported
# ---------------------------------------------------------------------------------------
def _csv(tmp_path: Path, lines: list[str], encoding: str = "cp1250", name: str = "x.csv") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


class TestReadCsvReport:
    HEADER = "Data;Kontrahent;Ilość;Cena"

    def test_keeps_good_lines_with_numbers_and_dates_and_reports_the_rest(self, tmp_path):
        path = _csv(
            tmp_path,
            [
                self.HEADER,
                "14.03.2025;Łódź SA;2;1 000,50",  # 2 kept
                "",  # 3 empty
                ";;;",  # 4 only separators
                "15.03.2025 10:30;Beta;1;(5,00)",  # 5 kept, time ignored
                "31.02.2025;Beta;1;5",  # 6 no such day
                "16.03.2025;Beta;x;5",  # 7 not a number
                "16.03.2025;Beta;;5",  # 8 no number
                "16.03.2025;Beta;1",  # 9 too few fields
                ";Suma;3;;",  # 10 too many fields (checked first)
                "17.03.2025;SUMA;3;1",  # 11 a total label
                "17.03.2025;Gamma;1,234;1",  # 12 ambiguous number
            ],
        )
        lines, left_out = kt.read_csv_report(
            path, customer="Kontrahent", numbers=["Ilość", "Cena"], dates="Data"
        )
        assert lines.index.tolist() == [2, 5]
        assert lines.index.name == left_out.index.name == "line"
        assert lines["Kontrahent"].tolist() == ["Łódź SA", "Beta"]
        assert lines["Cena"].tolist() == [1000.5, -5.0]
        assert lines["Data"].tolist() == [pd.Timestamp("2025-03-14"), pd.Timestamp("2025-03-15")]
        assert left_out.index.tolist() == [3, 4, 6, 7, 8, 9, 10, 11, 12]
        reasons = left_out["reason"].to_dict()
        assert reasons[3] == reasons[4] == "empty line"
        assert reasons[6] == "'Data' is not a date like 31.12.2025: '31.02.2025'"
        assert reasons[7] == "'Ilość' is not a number: 'x'"
        assert reasons[8] == "no number in 'Ilość'"
        assert reasons[9] == "3 fields, the header has 4"
        assert reasons[10] == "5 fields, the header has 4"
        assert reasons[11] == "a total row ('SUMA' in 'Kontrahent')"
        assert reasons[12] == "'Ilość' is not a number: '1,234'"
        assert left_out.loc[7, "text"] == "16.03.2025;Beta;x;5"
        totals = kt.customer_totals(lines, customer="Kontrahent", quantity="Ilość", price="Cena")
        assert totals.to_dict() == {"Beta": -5.0, "Łódź SA": 2001.0}

    def test_every_line_after_the_header_is_kept_or_reported(self, tmp_path):
        rows = [self.HEADER] + [
            f"01.0{1 + i % 9}.2025;K{i % 7};{i};{i},5" if i % 3 else f"bad;{i}" for i in range(200)
        ]
        path = _csv(tmp_path, rows)
        lines, left_out = kt.read_csv_report(
            path, customer="Kontrahent", numbers="Cena", dates="Data"
        )
        assert len(lines) + len(left_out) == len(rows) - 1
        assert sorted([*lines.index, *left_out.index]) == list(range(2, len(rows) + 1))
        assert len(left_out) == len(range(0, 200, 3))

    def test_utf8_with_bom_and_commas(self, tmp_path):
        path = _csv(
            tmp_path,
            ["Date,Customer,Amount", "2025-01-31,K1,12.5", '2025-02-01,"K,2","1,234.50"'],
            encoding="utf-8-sig",
        )
        lines, left_out = kt.read_csv_report(
            path,
            customer="Customer",
            numbers="Amount",
            dates="Date",
            sep=",",
            encoding="utf-8-sig",
            date_format="%Y-%m-%d",
        )
        assert lines["Customer"].tolist() == ["K1", "K,2"]
        assert lines["Amount"].tolist() == [12.5, 1234.5]
        assert left_out.empty and list(left_out.columns) == ["reason", "text"]

    def test_a_missing_column_names_the_columns_and_hints_at_the_separator(self, tmp_path):
        path = _csv(tmp_path, ["Date,Customer,Amount", "2025-01-31,K1,12.5"])
        with pytest.raises(kt.DataError, match=r"`customer`='Customer'.*sep=';'"):
            kt.read_csv_report(path, customer="Customer", numbers="Amount")
        path = _csv(tmp_path, [self.HEADER, "14.03.2025;A;1;1"], name="y.csv")
        with pytest.raises(kt.DataError, match=r"`numbers`='Wartość'.*'Kontrahent'"):
            kt.read_csv_report(path, customer="Kontrahent", numbers="Wartość")

    def test_clear_errors_for_file_encoding_and_parameters(self, tmp_path):
        with pytest.raises(kt.DataError, match="no such file"):
            kt.read_csv_report(tmp_path / "nope.csv", customer="A", numbers="B")
        path = _csv(tmp_path, ["A;B", "ż;1"], encoding="cp1250")
        with pytest.raises(kt.DataError, match="utf-8-sig"):
            kt.read_csv_report(path, customer="A", numbers="B", encoding="utf-8")
        with pytest.raises(kt.ParameterError, match="`encoding`='klingon'"):
            kt.read_csv_report(path, customer="A", numbers="B", encoding="klingon")
        with pytest.raises(kt.WrongTypeError, match="`numbers`"):
            kt.read_csv_report(path, customer="A", numbers=5)
        with pytest.raises(kt.ParameterError, match="`numbers`"):
            kt.read_csv_report(path, customer="A", numbers=[])
        empty = tmp_path / "empty.csv"
        empty.write_bytes(b"")
        with pytest.raises(kt.DataError, match="empty"):
            kt.read_csv_report(empty, customer="A", numbers="B")

    def test_no_usable_line_says_why(self, tmp_path):
        path = _csv(tmp_path, ["A;B", ";1", ";2", "x;y"])
        with pytest.raises(kt.EmptyDataError, match=r"None of the 3 lines.*2 x no customer in 'A'"):
            kt.read_csv_report(path, customer="A", numbers="B")
