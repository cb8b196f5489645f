"""Tests of kamtools.analysis.pricing: discount leakage, break-even volume, profit change,
delivery punctuality, late orders and a client's key figures."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.analysis.pricing import (
    break_even_volume,
    delivery_punctuality,
    discount_leakage,
    key_figures,
    late_orders,
    profit_change,
)

# ---------------------------------------------------------------------- fixtures


def _lines() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rep": ["Ola", "Ola", "Jan", "Jan", "Ewa"],
            "unit_price": [10.0, 20.0, 10.0, 5.0, 8.0],
            "quantity": [10, 5, 30, 20, 10],
            "discount": [0.0, 0.1, 0.2, 0.0, 0.0],
        }
    )


def _orders() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": [1, 2, 3, 4, 5, 6],
            "shipper": ["A", "A", "A", "B", "B", "C"],
            "required_date": pd.to_datetime(
                ["2025-03-10", "2025-03-12", "2025-03-14", "2025-03-10", "2025-03-20", "2025-03-01"]
            ),
            "shipped_date": pd.to_datetime(
                ["2025-03-13", "2025-03-12", "2025-03-15", "2025-03-09", None, None]
            ),
        }
    )


def _statements() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "revenue": [200.0, 220.0, 231.0],
            "cost_of_goods_sold": [150.0, 170.0, 185.0],
            "operating_profit": [16.0, 13.2, -2.31],
            "current_assets": [80.0, 84.0, 90.0],
            "inventory": [30.0, 36.0, 45.0],
            "current_liabilities": [50.0, 60.0, 90.0],
            "trade_receivables": [40.0, 44.0, 46.2],
            "trade_payables": [30.0, 34.0, 55.5],
        },
        index=pd.Index([2023, 2024, 2025], name="year"),
    )


# -------------------------------------------------------------- discount_leakage


class TestDiscountLeakage:
    def test_hand_computed_by_rep(self):
        table = discount_leakage(_lines(), by="rep")
        # Jan: list 10*30 + 5*20 = 400, given 300*0.2 = 60, net 340, rate 60/400 = 0.15
        # Ola: list 10*10 + 20*5 = 200, given 100*0.1 = 10, net 190, rate 10/200 = 0.05
        # Ewa: list 8*10 = 80, given 0, rate 0
        assert list(table.index) == ["Jan", "Ola", "Ewa"]  # most given away first
        assert table.index.name == "rep"
        assert table.loc["Jan"].to_dict() == pytest.approx(
            {
                "lines": 2,
                "discounted_lines": 1,
                "list_revenue": 400.0,
                "discount_given": 60.0,
                "net_revenue": 340.0,
                "leakage_rate": 0.15,
                "share_of_discounts": 60 / 70,
            }
        )
        assert table.loc["Ola", "leakage_rate"] == pytest.approx(0.05)
        assert table.loc["Ewa", "discount_given"] == 0.0
        assert table.loc["Ewa", "discounted_lines"] == 0
        assert table["lines"].dtype == np.int64

    def test_without_by_one_row_labelled_all(self):
        table = discount_leakage(_lines())
        # list 400 + 200 + 80 = 680, given 70: 70 / 680
        assert list(table.index) == ["all"]
        assert table.index.name is None
        assert table.loc["all", "leakage_rate"] == pytest.approx(70 / 680)
        assert table.loc["all", "share_of_discounts"] == 1.0

    def test_rate_is_weighted_by_revenue_not_the_mean_discount(self):
        lines = pd.DataFrame(
            {"unit_price": [1.0, 1.0], "quantity": [2, 198], "discount": [0.5, 0.0]}
        )
        # mean of the discount column would be 0.25; weighted: 1 / 200 = 0.005
        assert discount_leakage(lines).loc["all", "leakage_rate"] == pytest.approx(0.005)

    def test_ties_are_ordered_by_group_id(self):
        lines = pd.DataFrame(
            {
                "rep": ["Zofia", "Adam", "Maria"],
                "unit_price": [10.0, 10.0, 10.0],
                "quantity": [1, 1, 1],
                "discount": [0.1, 0.1, 0.1],
            }
        )
        assert list(discount_leakage(lines, by="rep").index) == ["Adam", "Maria", "Zofia"]

    def test_no_discount_at_all_gives_nan_shares(self):
        lines = _lines().assign(discount=0.0)
        table = discount_leakage(lines, by="rep")
        assert (table["leakage_rate"] == 0).all()
        assert table["share_of_discounts"].isna().all()

    def test_zero_list_revenue_gives_nan_rate(self):
        lines = pd.DataFrame(
            {
                "rep": ["A", "B"],
                "unit_price": [0.0, 5.0],
                "quantity": [3, 2],
                "discount": [0.1, 0.1],
            }
        )
        table = discount_leakage(lines, by="rep")
        assert math.isnan(table.loc["A", "leakage_rate"])
        assert table.loc["B", "leakage_rate"] == pytest.approx(0.1)

    def test_returns_reduce_the_discount_given(self):
        lines = pd.DataFrame(
            {"unit_price": [10.0, 10.0], "quantity": [10, -2], "discount": [0.1, 0.1]}
        )
        # list 100 - 20 = 80, given 10 - 2 = 8
        row = discount_leakage(lines).loc["all"]
        assert row["list_revenue"] == 80.0 and row["discount_given"] == pytest.approx(8.0)

    def test_custom_column_names_and_text_numbers(self):
        lines = pd.DataFrame({"p": ["10", "20"], "q": [1, 1], "d": [0.5, 0.0]})
        table = discount_leakage(lines, price="p", quantity="q", discount="d")
        assert table.loc["all", "discount_given"] == 5.0

    def test_input_is_not_changed(self):
        lines = _lines()
        before = lines.copy()
        discount_leakage(lines, by="rep")
        pd.testing.assert_frame_equal(lines, before)

    # ---- bad input

    def test_not_a_dataframe(self):
        with pytest.raises(kt.WrongTypeError, match=r"`lines` must be a pandas DataFrame.*list"):
            discount_leakage([1, 2, 3])

    def test_missing_column_is_named(self):
        with pytest.raises(kt.DataError, match=r"`discount`='rabat' is not a column of `lines`"):
            discount_leakage(_lines(), discount="rabat")

    def test_missing_by_column_is_named(self):
        with pytest.raises(kt.DataError, match=r"`by`='employee' is not a column"):
            discount_leakage(_lines(), by="employee")

    def test_empty(self):
        with pytest.raises(kt.EmptyDataError, match=r"`lines` has no rows"):
            discount_leakage(_lines().iloc[:0])

    def test_percentages_instead_of_fractions(self):
        lines = _lines().assign(discount=[0, 10, 20, 0, 0])
        with pytest.raises(
            kt.DataError,
            match=r"2 lines are outside, e.g. row 1 \(10.0\)\. They look like percentages",
        ):
            discount_leakage(lines)

    def test_negative_discount(self):
        lines = _lines().assign(discount=[0, -0.1, 0, 0, 0])
        with pytest.raises(kt.DataError, match=r"fractions from 0 to 1.*row 1 \(-0.1\)\.$"):
            discount_leakage(lines)

    def test_negative_price(self):
        lines = _lines().assign(unit_price=[10.0, -20.0, 10.0, 5.0, 8.0])
        with pytest.raises(
            kt.DataError, match=r"`price` column 'unit_price' must be >= 0.*\(-20.0\)"
        ):
            discount_leakage(lines)

    def test_nan_is_not_dropped(self):
        lines = _lines().assign(discount=[0, np.nan, 0, 0, 0])
        with pytest.raises(
            kt.DataError, match=r"'discount' has 1 missing \(NaN\) values, e.g. row 1"
        ):
            discount_leakage(lines)

    def test_infinite_quantity(self):
        lines = _lines().astype({"quantity": float})
        lines.loc[2, "quantity"] = np.inf
        with pytest.raises(kt.DataError, match=r"'quantity' has 1 infinite values, e.g. row 2"):
            discount_leakage(lines)

    def test_text_that_is_not_a_number(self):
        lines = _lines().astype({"quantity": object})
        lines.loc[3, "quantity"] = "ten"
        with pytest.raises(kt.WrongTypeError, match=r"must hold numbers.*row 3 \('ten'\)"):
            discount_leakage(lines)

    def test_booleans_refused(self):
        lines = _lines().assign(discount=[True, False, True, False, False])
        with pytest.raises(kt.WrongTypeError, match=r"'discount' must hold numbers.*True/False"):
            discount_leakage(lines)

    def test_line_without_group(self):
        lines = _lines().assign(rep=["Ola", None, "Jan", "Jan", "Ewa"])
        with pytest.raises(
            kt.DataError, match=r"`by` column 'rep' has 1 missing values, e.g. row 1"
        ):
            discount_leakage(lines, by="rep")

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["A", "B", "C"]),
                st.floats(0, 1000, allow_nan=False),
                st.integers(-5, 100),
                st.sampled_from([0.0, 0.05, 0.1, 0.15, 0.2, 0.25]),
            ),
            min_size=1,
            max_size=40,
        )
    )
    def test_groups_add_up_to_the_total(self, rows):
        lines = pd.DataFrame(rows, columns=["rep", "unit_price", "quantity", "discount"])
        by_rep = discount_leakage(lines, by="rep")
        total = discount_leakage(lines).loc["all"]
        for column in (
            "lines",
            "discounted_lines",
            "list_revenue",
            "discount_given",
            "net_revenue",
        ):
            assert by_rep[column].sum() == pytest.approx(total[column], abs=1e-6)
        assert np.allclose(by_rep["net_revenue"] + by_rep["discount_given"], by_rep["list_revenue"])
        if total["discount_given"] != 0:
            assert by_rep["share_of_discounts"].sum() == pytest.approx(1.0)
        # The order of the lines does not matter.
        shuffled = discount_leakage(lines.iloc[::-1], by="rep")
        pd.testing.assert_frame_equal(by_rep, shuffled, check_exact=False)


# ------------------------------------------------------------- break_even_volume


class TestBreakEvenVolume:
    def test_hand_computed(self):
        # 0.05 / (0.20 - 0.05) = 0.05 / 0.15 = 1/3
        assert break_even_volume(0.05, 0.20) == pytest.approx(1 / 3)
        # 0.08 / (0.25 - 0.08) = 0.08 / 0.17
        assert break_even_volume(0.08, 0.25) == pytest.approx(0.4705882)
        # 0.10 / (0.40 - 0.10) = 1/3 as well
        assert break_even_volume(0.1, 0.4) == pytest.approx(1 / 3)

    def test_no_discount_needs_no_volume(self):
        assert break_even_volume(0, 0.3) == 0.0

    def test_discount_equal_to_margin_is_refused(self):
        with pytest.raises(kt.ParameterError, match=r"discount 0.2 and margin 0.2 were passed"):
            break_even_volume(0.2, 0.2)

    def test_discount_above_margin_is_refused(self):
        with pytest.raises(kt.ParameterError, match=r"no extra volume can make up"):
            break_even_volume(0.3, 0.2)

    def test_percent_instead_of_fraction(self):
        with pytest.raises(
            kt.ParameterError, match=r"`margin` must be a fraction in \(0, 1\].*Did you mean 0.2\?"
        ):
            break_even_volume(0.05, 20)
        with pytest.raises(
            kt.ParameterError, match=r"`discount` must be a fraction in \[0, 1\].*but 5 was"
        ):
            break_even_volume(5, 0.2)

    def test_zero_margin_and_negative_discount(self):
        with pytest.raises(kt.ParameterError, match=r"`margin`.*but 0 was passed"):
            break_even_volume(0.0, 0)
        with pytest.raises(kt.ParameterError, match=r"`discount`.*but -0.05 was passed"):
            break_even_volume(-0.05, 0.2)

    def test_wrong_types(self):
        with pytest.raises(kt.WrongTypeError, match=r"`discount` must be a number, but '5%'"):
            break_even_volume("5%", 0.2)
        with pytest.raises(kt.WrongTypeError, match=r"`margin` must be a number, but True"):
            break_even_volume(0.05, True)

    def test_nan_refused(self):
        with pytest.raises(kt.ParameterError, match=r"`margin`.*nan"):
            break_even_volume(0.05, float("nan"))

    @given(
        st.floats(0.01, 1.0),
        st.floats(0.0, 0.99),
    )
    def test_the_extra_volume_restores_the_gross_profit(self, margin, share):
        discount = margin * share
        extra = break_even_volume(discount, margin)
        # Gross profit per unit m before, m - d after: (m - d) * (1 + extra) == m
        assert (margin - discount) * (1 + extra) == pytest.approx(margin, rel=1e-9)
        assert extra >= 0

    @given(st.floats(0.05, 1.0), st.floats(0.0, 0.45), st.floats(0.0, 0.45))
    def test_a_bigger_discount_needs_more_volume(self, margin, a, b):
        small, big = sorted((a * margin, b * margin))
        assert break_even_volume(small, margin) <= break_even_volume(big, margin)


# ----------------------------------------------------------------- profit_change


class TestProfitChange:
    def test_marn_and_rosiello(self):
        # c = 0.30, o = 0.09: price +1% -> 0.01 / 0.09 = 0.111; volume +1% -> 0.3 * 0.01 / 0.09 = 0.0333
        assert profit_change(
            price_change=0.01, contribution_margin=0.30, operating_margin=0.09
        ) == pytest.approx(0.1111, abs=1e-4)
        assert profit_change(
            volume_change=0.01, contribution_margin=0.30, operating_margin=0.09
        ) == pytest.approx(0.0333, abs=1e-4)

    def test_hand_computed_discount_and_volume(self):
        # p = -0.05, v = 0.10, c = 0.25, o = 0.05: (-0.05 * 1.1 + 0.25 * 0.1) / 0.05 = -0.6
        assert profit_change(
            price_change=-0.05, volume_change=0.10, contribution_margin=0.25, operating_margin=0.05
        ) == pytest.approx(-0.6)

    def test_nothing_changes(self):
        assert profit_change(contribution_margin=0.3, operating_margin=0.1) == 0.0

    def test_losing_all_volume_loses_all_contribution(self):
        # v = -1: profit change = -c, relative -c / o = -0.3 / 0.1 = -3 (fixed costs remain)
        assert profit_change(
            volume_change=-1, contribution_margin=0.3, operating_margin=0.1
        ) == pytest.approx(-3.0)

    def test_operating_margin_above_contribution_margin(self):
        with pytest.raises(
            kt.ParameterError, match=r"cannot exceed `contribution_margin`.*0.4 and 0.3"
        ):
            profit_change(contribution_margin=0.3, operating_margin=0.4)

    def test_loss_making_business_refused(self):
        with pytest.raises(
            kt.ParameterError, match=r"`operating_margin` must be a fraction.*-0.02"
        ):
            profit_change(contribution_margin=0.3, operating_margin=-0.02)

    def test_bad_changes(self):
        with pytest.raises(kt.ParameterError, match=r"`price_change` must be above -1.*-1"):
            profit_change(price_change=-1, contribution_margin=0.3, operating_margin=0.1)
        with pytest.raises(kt.ParameterError, match=r"`volume_change` must be -1 or above.*-1.5"):
            profit_change(volume_change=-1.5, contribution_margin=0.3, operating_margin=0.1)
        with pytest.raises(kt.WrongTypeError, match=r"`price_change` must be a number, but '1%'"):
            profit_change(price_change="1%", contribution_margin=0.3, operating_margin=0.1)
        with pytest.raises(
            kt.ParameterError, match=r"`volume_change` must be a finite number.*inf"
        ):
            profit_change(volume_change=math.inf, contribution_margin=0.3, operating_margin=0.1)

    def test_margins_are_required_and_keyword_only(self):
        with pytest.raises(TypeError):
            profit_change(0.01, 0.0, 0.3, 0.1)  # type: ignore[misc]

    @given(st.floats(0.02, 1.0), st.floats(0.0, 0.95), st.floats(0.01, 1.0))
    def test_break_even_volume_leaves_profit_unchanged(self, margin, share, o_share):
        discount = margin * share
        operating = margin * o_share
        volume = break_even_volume(discount, margin)
        assert profit_change(
            price_change=-discount,
            volume_change=volume,
            contribution_margin=margin,
            operating_margin=operating,
        ) == pytest.approx(0.0, abs=1e-9 * (1 + volume) / operating)


# ----------------------------------------------------------- delivery_punctuality


class TestDeliveryPunctuality:
    def test_hand_computed_by_shipper(self):
        table = delivery_punctuality(_orders(), by="shipper")
        # A: 3 shipped, late: order 1 (3 days) and order 3 (1 day); order 2 on the day -> 2/3
        # B: 1 shipped early, 1 open -> 0/1; C: nothing shipped -> NaN, listed last
        assert list(table.index) == ["A", "B", "C"]
        assert table.index.name == "shipper"
        a = table.loc["A"]
        assert (a["orders"], a["shipped"], a["open"], a["late"]) == (3, 3, 0, 2)
        assert a["late_rate"] == pytest.approx(2 / 3)
        assert a["on_time_rate"] == pytest.approx(1 / 3)
        assert a["mean_days_late"] == pytest.approx(2.0)  # (3 + 1) / 2
        assert a["max_days_late"] == 3.0
        b = table.loc["B"]
        assert (b["orders"], b["shipped"], b["open"], b["late"], b["late_rate"]) == (
            2,
            1,
            1,
            0,
            0.0,
        )
        assert math.isnan(b["mean_days_late"])
        c = table.loc["C"]
        assert (c["shipped"], c["open"]) == (0, 1)
        assert math.isnan(c["late_rate"]) and math.isnan(c["on_time_rate"])

    def test_open_orders_are_not_counted_as_on_time(self):
        row = delivery_punctuality(_orders()).loc["all"]
        # 6 orders, 4 shipped, 2 late: 2 / 4, not 2 / 6
        assert (row["orders"], row["shipped"], row["open"], row["late"]) == (6, 4, 2, 2)
        assert row["late_rate"] == 0.5

    def test_shipped_on_the_required_day_is_on_time(self):
        orders = _orders().iloc[[1]]
        assert delivery_punctuality(orders).loc["all", "late"] == 0

    def test_times_count_in_fractions_of_a_day(self):
        orders = pd.DataFrame(
            {
                "required_date": pd.to_datetime(["2025-03-10 12:00"]),
                "shipped_date": pd.to_datetime(["2025-03-11 00:00"]),
            }
        )
        assert delivery_punctuality(orders).loc["all", "mean_days_late"] == pytest.approx(0.5)

    def test_ties_by_group_id(self):
        orders = _orders().assign(shipper=["Z", "Z", "Y", "Y", "X", "X"])
        orders["shipped_date"] = orders["required_date"]  # all on time: rate 0 everywhere
        assert list(delivery_punctuality(orders, by="shipper").index) == ["X", "Y", "Z"]

    def test_not_dates(self):
        orders = _orders().assign(shipped_date=["2025-03-13"] * 6)
        with pytest.raises(
            kt.WrongTypeError,
            match=r"`shipped` column 'shipped_date' must hold dates.*pd.to_datetime",
        ):
            delivery_punctuality(orders)

    def test_missing_required_date(self):
        orders = _orders()
        orders.loc[4, "required_date"] = pd.NaT
        with pytest.raises(
            kt.DataError, match=r"`required` column 'required_date' has 1 missing dates, e.g. row 4"
        ):
            delivery_punctuality(orders)

    def test_missing_group(self):
        orders = _orders().assign(shipper=["A", None, "A", "B", "B", "C"])
        with pytest.raises(kt.DataError, match=r"`by` column 'shipper' has 1 missing values"):
            delivery_punctuality(orders, by="shipper")

    def test_missing_column_and_empty_and_type(self):
        with pytest.raises(kt.DataError, match=r"`required`='due' is not a column of `orders`"):
            delivery_punctuality(_orders(), required="due")
        with pytest.raises(kt.EmptyDataError, match=r"`orders` has no rows"):
            delivery_punctuality(_orders().iloc[:0])
        with pytest.raises(kt.WrongTypeError, match=r"`orders` must be a pandas DataFrame.*dict"):
            delivery_punctuality({"a": 1})

    @given(
        st.lists(
            st.tuples(st.sampled_from(["A", "B"]), st.integers(-5, 5), st.booleans()),
            min_size=1,
            max_size=30,
        )
    )
    def test_counts_add_up(self, rows):
        start = pd.Timestamp("2025-01-01")
        orders = pd.DataFrame(
            {
                "shipper": [r[0] for r in rows],
                "required_date": [start] * len(rows),
                "shipped_date": [start + pd.Timedelta(days=r[1]) if r[2] else pd.NaT for r in rows],
            }
        )
        table = delivery_punctuality(orders, by="shipper")
        assert (table["shipped"] + table["open"] == table["orders"]).all()
        assert (table["late"] <= table["shipped"]).all()
        total = delivery_punctuality(orders).loc["all"]
        assert table["late"].sum() == total["late"] == sum(1 for r in rows if r[2] and r[1] > 0)
        assert table["orders"].sum() == len(rows)


class TestLateOrders:
    def test_latest_first_with_days(self):
        late = late_orders(_orders())
        assert late["order_id"].tolist() == [1, 3]
        assert late["days_late"].tolist() == [3.0, 1.0]
        assert list(late.columns) == [*_orders().columns, "days_late"]

    def test_ties_keep_the_input_order(self):
        orders = _orders().assign(shipped_date=_orders()["required_date"] + pd.Timedelta(days=2))
        assert late_orders(orders)["order_id"].tolist() == [1, 2, 3, 4, 5, 6]

    def test_none_late_gives_an_empty_table(self):
        orders = _orders().iloc[[1, 3]]
        late = late_orders(orders)
        assert late.empty and "days_late" in late.columns

    def test_existing_days_late_column_is_not_overwritten(self):
        with pytest.raises(kt.DataError, match=r"already has a column 'days_late'"):
            late_orders(_orders().assign(days_late=0))

    def test_not_a_dataframe(self):
        with pytest.raises(kt.WrongTypeError, match=r"`orders` must be a pandas DataFrame"):
            late_orders("orders.csv")


# ------------------------------------------------------------------- key_figures


class TestKeyFigures:
    def test_hand_computed(self):
        figures = key_figures(_statements())
        # 2024: growth 220/200 - 1 = 0.10; gross (220-170)/220; operating 13.2/220 = 0.06
        #       current 84/60 = 1.4; quick (84-36)/60 = 0.8
        #       receivable 44/220*365 = 73; payable 34/170*365 = 73
        # 2025: growth 231/220 - 1 = 0.05; operating -2.31/231 = -0.01
        #       current 90/90 = 1.0; quick 45/90 = 0.5; payable 55.5/185*365 = 109.5
        assert list(figures.index) == [2023, 2024, 2025]
        assert figures.index.name == "year"
        assert math.isnan(figures.loc[2023, "revenue_growth"])
        row = figures.loc[2024]
        assert row["revenue_growth"] == pytest.approx(0.10)
        assert row["gross_margin"] == pytest.approx(50 / 220)
        assert row["operating_margin"] == pytest.approx(0.06)
        assert row["current_ratio"] == pytest.approx(1.4)
        assert row["quick_ratio"] == pytest.approx(0.8)
        assert row["days_receivable"] == pytest.approx(73.0)
        assert row["days_payable"] == pytest.approx(73.0)
        row = figures.loc[2025]
        assert row["revenue_growth"] == pytest.approx(0.05)
        assert row["operating_margin"] == pytest.approx(-0.01)
        assert row["current_ratio"] == pytest.approx(1.0)
        assert row["quick_ratio"] == pytest.approx(0.5)
        assert row["days_payable"] == pytest.approx(109.5)

    def test_days_360(self):
        # 2023: 30 / 150 * 360 = 72
        assert key_figures(_statements(), days=360).loc[2023, "days_payable"] == pytest.approx(72.0)

    def test_extra_columns_ignored(self):
        figures = key_figures(_statements().assign(employees=[900, 950, 990]))
        assert list(figures.columns) == [
            "revenue_growth",
            "gross_margin",
            "operating_margin",
            "current_ratio",
            "quick_ratio",
            "days_receivable",
            "days_payable",
        ]

    def test_one_year(self):
        figures = key_figures(_statements().iloc[[0]])
        assert math.isnan(figures.iloc[0]["revenue_growth"])

    def test_missing_columns_listed(self):
        with pytest.raises(
            kt.DataError, match=r"lacks the columns \['inventory', 'trade_payables'\]"
        ):
            key_figures(_statements().drop(columns=["inventory", "trade_payables"]))

    def test_years_out_of_order(self):
        with pytest.raises(
            kt.DataError, match=r"increasing order.*\[2025, 2024, 2023\].*sort_index"
        ):
            key_figures(_statements().iloc[::-1])

    def test_repeated_year(self):
        statements = _statements().set_axis(pd.Index([2023, 2024, 2024], name="year"))
        with pytest.raises(kt.DataError, match=r"the year 2024 more than once"):
            key_figures(statements)

    def test_non_positive_revenue_and_liabilities(self):
        with pytest.raises(kt.DataError, match=r"'revenue' must be above 0, but row 2024 has 0.0"):
            key_figures(_statements().assign(revenue=[200.0, 0.0, 231.0]))
        with pytest.raises(kt.DataError, match=r"'current_liabilities' must be above 0"):
            key_figures(_statements().assign(current_liabilities=[50.0, 60.0, 0.0]))

    def test_negative_balance(self):
        with pytest.raises(kt.DataError, match=r"'trade_payables' must be >= 0.*row 2023 has -1.0"):
            key_figures(_statements().assign(trade_payables=[-1.0, 34.0, 55.5]))

    def test_inventory_above_current_assets(self):
        with pytest.raises(kt.DataError, match=r"cannot exceed it, but it does in row 2025"):
            key_figures(_statements().assign(inventory=[30.0, 36.0, 95.0]))

    def test_missing_value(self):
        with pytest.raises(
            kt.DataError, match=r"'operating_profit' has 1 missing \(NaN\) values, e.g. row 2024"
        ):
            key_figures(_statements().assign(operating_profit=[16.0, np.nan, 1.0]))

    def test_bad_days_and_types(self):
        with pytest.raises(kt.ParameterError, match=r"`days` must be positive.*but 0 was"):
            key_figures(_statements(), days=0)
        with pytest.raises(kt.WrongTypeError, match=r"`days` must be a whole number.*365.0"):
            key_figures(_statements(), days=365.0)
        with pytest.raises(kt.WrongTypeError, match=r"`statements` must be a pandas DataFrame"):
            key_figures({"revenue": [1]})
        with pytest.raises(kt.EmptyDataError, match=r"no year"):
            key_figures(_statements().iloc[:0])


# ------------------------------------------------------------------ real data


@pytest.mark.slow
def test_northwind_figures_match_the_datasheet():
    orders = kt.load_dataset("northwind_orders")
    lines = kt.load_dataset("northwind_order_details")
    punctuality = delivery_punctuality(orders).loc["all"]
    # DATASHEET.md: 830 orders, 21 not shipped, 37 shipped after the required date
    assert (punctuality["orders"], punctuality["open"], punctuality["late"]) == (830, 21, 37)
    assert len(late_orders(orders)) == 37
    leakage = discount_leakage(lines).loc["all"]
    # DATASHEET.md: 838 of the 2,155 lines carry a discount
    assert (leakage["lines"], leakage["discounted_lines"]) == (2155, 838)
    amount = lines["unit_price"] * lines["quantity"]
    assert leakage["net_revenue"] == pytest.approx((amount * (1 - lines["discount"])).sum())


# ------------------------------------------------------------ pocket-price waterfall

RATES = {"cost_rates": {"rush_orders": 50.0}, "freight_per_delivery": 10.0, "cost_of_capital": 0.1}


def _wf_lines() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "B", "A"],
            "date": pd.to_datetime(
                ["2025-03-01", "2025-06-01", "2025-09-01", "2025-05-01", "2024-02-01"]
            ),
            "quantity": [10, 5, -1, 10, 7],
            "list_price": [100.0, 200.0, 100.0, 100.0, 100.0],
            "unit_price": [90.0, 180.0, 90.0, 100.0, 95.0],
            "amount": [900.0, 900.0, -90.0, 1000.0, 665.0],
        }
    )


def _wf_serve() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["A", "B", "A"],
            "year": [2025, 2025, 2024],
            "rebate": [60.0, 0.0, 10.0],
            "deliveries": [4, 1, 2],
            "rush_orders": [1, 2, 0],
        }
    )


def _wf_customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "dso_days": [73.0, 36.5, 30.0],
            "free_freight": [True, False, False],
        }
    )


def _wf(**kwargs):
    args = {"customer": "A", "year": 2025, **RATES, **kwargs}
    return kt.price_waterfall(_wf_lines(), _wf_serve(), _wf_customers(), **args)


class TestPriceWaterfall:
    def test_hand_computed(self):
        w = _wf()
        # list: 10*100 + 5*200 - 1*100 = 1,900; invoice: 900 + 900 - 90 = 1,710
        assert w.list_revenue == pytest.approx(1900.0)
        assert w.invoice_revenue == pytest.approx(1710.0)
        assert w.on_invoice_discount == pytest.approx(190.0)
        assert w.rebate == 60.0
        # 1,710 * 73 / 365 * 0.1 = 34.2
        assert w.payment_terms == pytest.approx(34.2)
        assert w.free_freight == pytest.approx(40.0)  # 4 deliveries * 10
        assert w.rush_orders == pytest.approx(50.0)  # 1 rush order * 50
        # 1,710 - 60 - 34.2 - 40 - 50 = 1,525.8
        assert w.pocket_revenue == pytest.approx(1525.8)
        assert w.pocket_share == pytest.approx(1525.8 / 1900)
        assert w.largest_leakage == "on_invoice_discount"
        assert (w.customer, w.year) == ("A", 2025)

    def test_other_year_and_customer_without_free_freight(self):
        w = _wf(year=2024)
        # list 700, invoice 665, rebate 10, terms 665 * 0.2 * 0.1 = 13.3, freight 20
        assert (w.list_revenue, w.invoice_revenue) == pytest.approx((700.0, 665.0))
        assert w.payment_terms == pytest.approx(13.3)
        assert w.pocket_revenue == pytest.approx(665 - 10 - 13.3 - 20)
        b = _wf(customer="B")
        # no free freight; 2 rush orders * 50 = 100 is the largest leakage
        assert b.free_freight == 0.0 and b.on_invoice_discount == 0.0
        assert b.payment_terms == pytest.approx(1000 * 0.1 * 0.1)
        assert b.largest_leakage == "rush_orders"

    def test_table_steps_in_order_and_they_add_up(self):
        table = _wf().to_frame()
        assert list(table.index) == [
            "list_revenue",
            "on_invoice_discount",
            "invoice_revenue",
            "rebate",
            "payment_terms",
            "free_freight",
            "rush_orders",
            "pocket_revenue",
        ]
        assert list(table.columns) == ["kind", "pln", "share_of_list"]
        leak = table[table["kind"] == "leakage"]
        assert (leak["pln"] <= 0).all()
        assert table.loc["list_revenue", "pln"] + leak["pln"].sum() == pytest.approx(
            table.loc["pocket_revenue", "pln"]
        )
        assert table.loc["list_revenue", "share_of_list"] == 1.0
        assert table.loc["rebate", "share_of_list"] == pytest.approx(-60 / 1900)

    def test_result_is_frozen(self):
        w = _wf()
        with pytest.raises(AttributeError):
            w.rebate = 0.0

    def test_table_of_many_matches_each_waterfall(self):
        table = kt.price_waterfalls(_wf_lines(), _wf_serve(), _wf_customers(), year=2025, **RATES)
        assert list(table.index) == ["A", "B"]
        for customer in table.index:
            w = _wf(customer=customer)
            for step in ("list_revenue", "rebate", "payment_terms", "pocket_revenue"):
                assert table.loc[customer, step] == pytest.approx(getattr(w, step))
            assert table.loc[customer, "pocket_share"] == pytest.approx(w.pocket_share)
            assert table.loc[customer, "leakage"] == pytest.approx(w.leakages.sum())

    def test_account_without_sales_gets_zeros_in_the_table(self):
        table = kt.price_waterfalls(
            _wf_lines(), _wf_serve(), _wf_customers(), year=2025, accounts=["C", "A"], **RATES
        )
        assert list(table.index) == ["C", "A"]
        assert table.loc["C", "list_revenue"] == 0 and np.isnan(table.loc["C", "pocket_share"])

    def test_defaults_come_from_kamtools_vistula(self):
        from kamtools.data import vistula

        w = kt.price_waterfall(_wf_lines(), _wf_serve(), _wf_customers(), customer="A", year=2025)
        assert w.payment_terms == pytest.approx(1710 * 73 / 365 * vistula.COST_OF_CAPITAL)
        assert w.free_freight == pytest.approx(4 * vistula.FREIGHT_PER_DELIVERY)
        assert w.rush_orders == pytest.approx(vistula.COST_RATES["rush_orders"])

    def test_customers_indexed_by_id_work_too(self):
        w = kt.price_waterfall(
            _wf_lines(),
            _wf_serve(),
            _wf_customers().set_index("customer_id"),
            customer="A",
            year=2025,
            **RATES,
        )
        assert w.pocket_revenue == pytest.approx(1525.8)

    def test_input_is_not_changed(self):
        lines, serve, customers = _wf_lines(), _wf_serve(), _wf_customers()
        kt.price_waterfall(lines, serve, customers, customer="A", year=2025, **RATES)
        pd.testing.assert_frame_equal(lines, _wf_lines())
        pd.testing.assert_frame_equal(serve, _wf_serve())
        pd.testing.assert_frame_equal(customers, _wf_customers())

    # -- errors ------------------------------------------------------------------------
    def test_unknown_customer(self):
        with pytest.raises(kt.DataError, match=r"`customer` 'Z' is not in `customers`"):
            _wf(customer="Z")

    def test_customer_without_sales_that_year(self):
        with pytest.raises(kt.DataError, match=r"'C' has no list revenue in `year` 2025"):
            _wf(customer="C")

    def test_unknown_year(self):
        with pytest.raises(kt.DataError, match=r"`year` 2023 has no transactions.*\[2024, 2025\]"):
            _wf(year=2023)
        with pytest.raises(kt.WrongTypeError, match="`year`"):
            _wf(year="2025")

    @pytest.mark.parametrize(
        ("frame", "column"),
        [("transactions", "list_price"), ("cost_to_serve", "rebate"), ("customers", "dso_days")],
    )
    def test_missing_columns_are_named(self, frame, column):
        frames = {
            "transactions": _wf_lines(),
            "cost_to_serve": _wf_serve(),
            "customers": _wf_customers(),
        }
        frames[frame] = frames[frame].drop(columns=column)
        with pytest.raises(kt.DataError, match=rf"`{frame}` lacks the columns \['{column}'\]"):
            kt.price_waterfall(
                frames["transactions"],
                frames["cost_to_serve"],
                frames["customers"],
                customer="A",
                year=2025,
                **RATES,
            )

    def test_negative_list_price(self):
        lines = _wf_lines()
        lines.loc[1, "list_price"] = -5.0
        with pytest.raises(kt.DataError, match=r"'list_price' must be >= 0.*row 1 \(-5.0\)"):
            kt.price_waterfall(
                lines, _wf_serve(), _wf_customers(), customer="A", year=2025, **RATES
            )

    def test_list_price_below_unit_price(self):
        lines = _wf_lines()
        lines.loc[0, "list_price"] = 80.0
        with pytest.raises(
            kt.DataError, match=r"below 'unit_price'.*row 0 \(list_price 80.0, unit_price 90.0\)"
        ):
            kt.price_waterfall(
                lines, _wf_serve(), _wf_customers(), customer="A", year=2025, **RATES
            )
        # half a grosz of rounding is tolerated
        lines.loc[0, "list_price"] = 89.996
        kt.price_waterfall(lines, _wf_serve(), _wf_customers(), customer="A", year=2025, **RATES)

    def test_missing_or_repeated_cost_to_serve_row(self):
        serve = _wf_serve()
        with pytest.raises(kt.DataError, match=r"no row for customer 'A' in year 2025"):
            kt.price_waterfall(
                _wf_lines(), serve.iloc[1:], _wf_customers(), customer="A", year=2025, **RATES
            )
        twice = pd.concat([serve, serve.iloc[[0]]])
        with pytest.raises(kt.DataError, match=r"more than one row for customer 'A' and year 2025"):
            kt.price_waterfall(
                _wf_lines(), twice, _wf_customers(), customer="A", year=2025, **RATES
            )

    def test_bad_values(self):
        serve = _wf_serve()
        serve.loc[0, "rebate"] = -1.0
        with pytest.raises(kt.DataError, match=r"'rebate' must be >= 0"):
            kt.price_waterfall(
                _wf_lines(), serve, _wf_customers(), customer="A", year=2025, **RATES
            )
        customers = _wf_customers()
        customers.loc[0, "dso_days"] = np.nan
        with pytest.raises(kt.DataError, match=r"'dso_days' has 1 missing"):
            kt.price_waterfall(
                _wf_lines(), _wf_serve(), customers, customer="A", year=2025, **RATES
            )
        lines = _wf_lines().assign(date=lambda d: d["date"].astype(str))
        with pytest.raises(kt.WrongTypeError, match=r"'date' must hold dates"):
            kt.price_waterfall(
                lines, _wf_serve(), _wf_customers(), customer="A", year=2025, **RATES
            )

    def test_bad_rates(self):
        with pytest.raises(kt.ParameterError, match=r"Did you mean 0.09"):
            _wf(cost_of_capital=9)
        with pytest.raises(kt.ParameterError, match=r"`freight_per_delivery` must be >= 0"):
            _wf(freight_per_delivery=-1)
        with pytest.raises(kt.ParameterError, match=r"'rush_orders'"):
            _wf(cost_rates={"orders": 150})
        with pytest.raises(kt.WrongTypeError):
            kt.price_waterfall([1, 2], _wf_serve(), _wf_customers(), customer="A", year=2025)

    @given(
        st.lists(
            st.tuples(
                st.integers(-3, 50),  # quantity (credit notes negative)
                st.floats(0, 1_000),  # list price
                st.floats(0, 1),  # on-invoice discount
            ),
            min_size=1,
            max_size=15,
        ),
        st.floats(0, 10_000),
        st.floats(0, 365),
        st.integers(0, 50),
        st.integers(0, 20),
        st.booleans(),
        st.floats(0, 0.3),
    )
    def test_steps_add_up(self, rows, rebate, dso, deliveries, rush, free, capital):
        quantity = [q for q, _, _ in rows]
        list_price = [p for _, p, _ in rows]
        unit = [p * (1 - d) for _, p, d in rows]
        lines = pd.DataFrame(
            {
                "customer_id": "A",
                "date": pd.Timestamp("2025-06-01"),
                "quantity": quantity,
                "list_price": list_price,
                "unit_price": unit,
                "amount": [q * u for q, u in zip(quantity, unit, strict=True)],
            }
        )
        serve = pd.DataFrame(
            {
                "customer_id": ["A"],
                "year": [2025],
                "rebate": [rebate],
                "deliveries": [deliveries],
                "rush_orders": [rush],
            }
        )
        customers = pd.DataFrame({"customer_id": ["A"], "dso_days": [dso], "free_freight": [free]})
        rates = {
            "cost_rates": {"rush_orders": 500.0},
            "freight_per_delivery": 140.0,
            "cost_of_capital": capital,
        }
        table = kt.price_waterfalls(lines, serve, customers, year=2025, **rates)
        row = table.loc["A"]
        leakages = row[
            ["on_invoice_discount", "rebate", "payment_terms", "free_freight", "rush_orders"]
        ]
        assert row["list_revenue"] - leakages.sum() == pytest.approx(
            row["pocket_revenue"], abs=1e-6
        )
        assert row["invoice_revenue"] == pytest.approx(
            row["list_revenue"] - row["on_invoice_discount"], abs=1e-6
        )
        if row["list_revenue"] > 0:
            w = kt.price_waterfall(lines, serve, customers, customer="A", year=2025, **rates)
            frame = w.to_frame()
            assert frame["pln"][frame["kind"] == "leakage"].sum() + w.list_revenue == pytest.approx(
                w.pocket_revenue, abs=1e-6
            )
            # a rebate raised by 100 PLN lowers the pocket by exactly 100 PLN
            more = kt.price_waterfall(
                lines,
                serve.assign(rebate=rebate + 100),
                customers,
                customer="A",
                year=2025,
                **rates,
            )
            assert w.pocket_revenue - more.pocket_revenue == pytest.approx(100.0)
