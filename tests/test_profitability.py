"""Tests of kamtools.analysis.profitability: customer_profit and whale_curve."""

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt

RATES = {"orders": 35.0, "deliveries": 60.0, "returns": 25.0, "support_hours": 55.0}


@pytest.fixture
def accounts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "revenue": [10_000.0, 4_000.0, 0.0],
            "cost_of_goods": [6_000.0, 2_800.0, 0.0],
            "orders": [12, 40, 1],
            "deliveries": [12, 52, 1],
            "returns": [0, 9, 0],
            "support_hours": [4, 10, 2],
        },
        index=pd.Index(["Kappa", "Alpha", "Zulu"], name="customer"),
    )


# ------------------------------------------------------------------ customer_profit


class TestCustomerProfit:
    def test_hand_computed_cost_to_serve_and_profit(self, accounts):
        result = kt.customer_profit(accounts, cost_rates=RATES)
        # Kappa: 12*35 + 12*60 + 0*25 + 4*55 = 420 + 720 + 0 + 220 = 1360
        #        gross margin 10000 - 6000 = 4000; profit 4000 - 1360 = 2640; 2640/10000 = 0.264
        # Alpha: 40*35 + 52*60 + 9*25 + 10*55 = 1400 + 3120 + 225 + 550 = 5295
        #        gross margin 4000 - 2800 = 1200; profit 1200 - 5295 = -4095; -4095/4000
        # Zulu:  1*35 + 1*60 + 0 + 2*55 = 205; profit 0 - 205 = -205; no revenue -> NaN margin
        assert result["gross_margin"].tolist() == [4000.0, 1200.0, 0.0]
        assert result["cost_to_serve"].tolist() == [1360.0, 5295.0, 205.0]
        assert result["profit"].tolist() == [2640.0, -4095.0, -205.0]
        assert result["profit_margin"].iloc[0] == pytest.approx(0.264)
        assert result["profit_margin"].iloc[1] == pytest.approx(-4095 / 4000)
        assert math.isnan(result["profit_margin"].iloc[2])

    def test_columns_index_and_order(self, accounts):
        result = kt.customer_profit(accounts, cost_rates=RATES)
        assert list(result.columns) == [
            "revenue",
            "cost_of_goods",
            "gross_margin",
            "cost_to_serve",
            "profit",
            "profit_margin",
        ]
        # input order kept (not sorted by id or profit), ids from the index
        assert list(result.index) == ["Kappa", "Alpha", "Zulu"]
        assert result.index.name == "customer"
        assert result["revenue"].tolist() == accounts["revenue"].tolist()

    def test_customer_column_gives_the_index(self, accounts):
        data = accounts.reset_index()
        result = kt.customer_profit(data, cost_rates=RATES, customer="customer")
        assert list(result.index) == ["Kappa", "Alpha", "Zulu"]
        assert result.index.name == "customer"
        pd.testing.assert_frame_equal(result, kt.customer_profit(accounts, cost_rates=RATES))

    def test_other_column_names(self):
        data = pd.DataFrame({"sales": [500.0], "cogs": [300.0], "visits": [2]}, index=["A"])
        result = kt.customer_profit(
            data, revenue="sales", cost_of_goods="cogs", cost_rates={"visits": 40.0}
        )
        # 500 - 300 - 2*40 = 120
        assert result.loc["A", "profit"] == 120.0

    def test_ready_made_cost_to_serve_column_with_rate_one(self):
        data = pd.DataFrame(
            {"revenue": [100.0, 50.0], "cost_of_goods": [60.0, 20.0], "cost_to_serve": [10, 45]},
            index=["A", "B"],
        )
        result = kt.customer_profit(data, cost_rates={"cost_to_serve": 1.0})
        # A: 100 - 60 - 10 = 30; B: 50 - 20 - 45 = -15
        assert result["cost_to_serve"].tolist() == [10.0, 45.0]
        assert result["profit"].tolist() == [30.0, -15.0]

    def test_empty_rates_mean_no_cost_to_serve(self, accounts):
        result = kt.customer_profit(accounts, cost_rates={})
        assert result["cost_to_serve"].tolist() == [0.0, 0.0, 0.0]
        assert result["profit"].tolist() == result["gross_margin"].tolist()

    def test_profit_margin_is_nan_not_inf_for_zero_or_negative_revenue(self):
        data = pd.DataFrame(
            {
                "revenue": [0.0, -50.0, 200.0],
                "cost_of_goods": [0.0, 0.0, 100.0],
                "orders": [1, 1, 1],
            },
            index=["zero", "credit", "normal"],
        )
        with np.errstate(all="raise"):  # no division by zero happens at all
            result = kt.customer_profit(data, cost_rates={"orders": 10.0})
        margin = result["profit_margin"]
        assert np.isnan(margin.loc["zero"]) and np.isnan(margin.loc["credit"])
        assert margin.loc["normal"] == pytest.approx((200 - 100 - 10) / 200)
        assert not np.isinf(margin).any()
        # negative revenue is kept: -50 - 0 - 10 = -60
        assert result.loc["credit", "profit"] == -60.0

    def test_numeric_text_columns_are_read_as_numbers(self):
        data = pd.DataFrame(
            {"revenue": ["100", "80"], "cost_of_goods": [50, 40], "orders": [1, 2]},
            index=["A", "B"],
        )
        result = kt.customer_profit(data, cost_rates={"orders": 5})
        # A: 100 - 50 - 5 = 45; B: 80 - 40 - 10 = 30
        assert result["profit"].tolist() == [45.0, 30.0]

    def test_input_is_not_modified(self, accounts):
        before = accounts.copy()
        kt.customer_profit(accounts, cost_rates=RATES)
        pd.testing.assert_frame_equal(accounts, before)

    # ---- bad input

    def test_cost_rates_required(self, accounts):
        with pytest.raises(kt.ParameterError, match=r"`cost_rates` is required.*None was passed"):
            kt.customer_profit(accounts)

    def test_cost_rates_as_text_suggests_mapping(self, accounts):
        with pytest.raises(
            kt.WrongTypeError, match=r"'cost_to_serve' was passed.*\{'cost_to_serve': 1.0\}"
        ):
            kt.customer_profit(accounts, cost_rates="cost_to_serve")

    def test_cost_rates_not_a_mapping(self, accounts):
        with pytest.raises(kt.WrongTypeError, match=r"`cost_rates` must map.*\[35, 60\] was"):
            kt.customer_profit(accounts, cost_rates=[35, 60])

    def test_negative_rate_names_driver_and_value(self, accounts):
        with pytest.raises(kt.ParameterError, match=r"`cost_rates\['returns'\]`.*>= 0.*-25"):
            kt.customer_profit(accounts, cost_rates={**RATES, "returns": -25})

    @pytest.mark.parametrize("rate", [float("nan"), float("inf")])
    def test_non_finite_rate(self, accounts, rate):
        with pytest.raises(kt.ParameterError, match=r"`cost_rates\['orders'\]` must be a finite"):
            kt.customer_profit(accounts, cost_rates={"orders": rate})

    def test_non_numeric_rate(self, accounts):
        with pytest.raises(kt.WrongTypeError, match=r"`cost_rates\['orders'\]`.*'35' was passed"):
            kt.customer_profit(accounts, cost_rates={"orders": "35"})

    def test_rate_for_missing_driver_column(self, accounts):
        with pytest.raises(kt.DataError, match=r"cost driver 'visits', which is not a column"):
            kt.customer_profit(accounts, cost_rates={"visits": 10.0})

    def test_missing_revenue_column_names_the_parameter(self, accounts):
        with pytest.raises(kt.DataError, match=r"`revenue`='sales' is not a column of `data`"):
            kt.customer_profit(accounts, revenue="sales", cost_rates=RATES)

    def test_missing_customer_column(self, accounts):
        with pytest.raises(kt.DataError, match=r"`customer`='id' is not a column"):
            kt.customer_profit(accounts, cost_rates=RATES, customer="id")

    def test_data_not_a_dataframe(self):
        with pytest.raises(kt.WrongTypeError, match=r"`data` must be a pandas DataFrame.*dict"):
            kt.customer_profit({"revenue": [1]}, cost_rates={})

    def test_nan_in_driver_names_column_and_count(self, accounts):
        accounts.loc[["Alpha", "Zulu"], "returns"] = np.nan
        with pytest.raises(
            kt.DataError, match=r"`data\['returns'\]` has 2 missing \(NaN\).*customer 'Alpha'"
        ):
            kt.customer_profit(accounts, cost_rates=RATES)

    def test_nan_in_unused_column_is_ignored(self, accounts):
        accounts["notes"] = np.nan
        result = kt.customer_profit(accounts, cost_rates=RATES)
        assert result["profit"].notna().all()

    def test_negative_driver_count(self, accounts):
        accounts.loc["Zulu", "orders"] = -1
        with pytest.raises(
            kt.NegativeValuesError, match=r"`data\['orders'\]`.*cannot be negative.*'Zulu' \(-1.0\)"
        ):
            kt.customer_profit(accounts, cost_rates=RATES)

    def test_negative_cost_of_goods(self, accounts):
        accounts.loc["Alpha", "cost_of_goods"] = -5
        with pytest.raises(kt.NegativeValuesError, match=r"`data\['cost_of_goods'\]`.*'Alpha'"):
            kt.customer_profit(accounts, cost_rates=RATES)

    def test_non_numeric_revenue(self, accounts):
        accounts["revenue"] = ["10", "n/a", "3"]
        with pytest.raises(
            kt.WrongTypeError, match=r"`data\['revenue'\]` must hold numbers.*'n/a'"
        ):
            kt.customer_profit(accounts, cost_rates=RATES)

    def test_nan_revenue(self, accounts):
        accounts.loc["Kappa", "revenue"] = np.nan
        with pytest.raises(kt.DataError, match=r"`data\['revenue'\]` has 1 missing"):
            kt.customer_profit(accounts, cost_rates=RATES)

    def test_repeated_customer(self, accounts):
        data = pd.concat([accounts, accounts.iloc[[0]]])
        with pytest.raises(kt.DataError, match=r"customer 'Kappa' appears 2 times"):
            kt.customer_profit(data, cost_rates=RATES)

    def test_missing_customer_id(self, accounts):
        data = accounts.reset_index()
        data.loc[1, "customer"] = None
        with pytest.raises(
            kt.DataError, match=r"`customer`='customer': 1 rows have no customer id"
        ):
            kt.customer_profit(data, cost_rates=RATES, customer="customer")

    def test_empty_data(self, accounts):
        with pytest.raises(kt.EmptyDataError, match=r"is empty"):
            kt.customer_profit(accounts.iloc[:0], cost_rates=RATES)

    # ---- properties

    @given(
        rows=st.lists(
            st.tuples(
                st.integers(0, 10_000),
                st.integers(0, 10_000),
                st.integers(0, 50),
                st.integers(0, 50),
            ),
            min_size=1,
            max_size=30,
        ),
        rate_a=st.floats(0, 100),
        rate_b=st.floats(0, 100),
        seed=st.integers(0, 2**32 - 1),
    )
    def test_drivers_add_up_and_row_order_does_not_matter(self, rows, rate_a, rate_b, seed):
        data = pd.DataFrame(rows, columns=["revenue", "cost_of_goods", "a", "b"])
        both = kt.customer_profit(data, cost_rates={"a": rate_a, "b": rate_b})
        only_a = kt.customer_profit(data, cost_rates={"a": rate_a})
        only_b = kt.customer_profit(data, cost_rates={"b": rate_b})
        np.testing.assert_allclose(
            both["cost_to_serve"], only_a["cost_to_serve"] + only_b["cost_to_serve"], atol=1e-6
        )
        np.testing.assert_allclose(
            both["profit"],
            data["revenue"] - data["cost_of_goods"] - both["cost_to_serve"],
            atol=1e-6,
        )
        shuffled = data.sample(frac=1, random_state=seed % 2**31)
        again = kt.customer_profit(shuffled, cost_rates={"a": rate_a, "b": rate_b})
        pd.testing.assert_frame_equal(again.loc[both.index], both)


class TestCustomerProfitRebate:
    """Year-end rebates (issue 12): subtracted from the profit, kept out of cost to serve."""

    def test_hand_computed_with_rebate(self, accounts):
        data = accounts.assign(rebate=[100.0, 0.0, 50.0])
        result = kt.customer_profit(data, cost_rates=RATES)
        # Kappa: 4000 - 1360 - 100 = 2540, margin 2540 / 10000 = 0.254
        # Alpha: 1200 - 5295 - 0 = -4095;  Zulu: 0 - 205 - 50 = -255
        assert list(result.columns) == [
            "revenue",
            "cost_of_goods",
            "gross_margin",
            "cost_to_serve",
            "rebate",
            "profit",
            "profit_margin",
        ]
        assert result["cost_to_serve"].tolist() == [1360.0, 5295.0, 205.0]
        assert result["rebate"].tolist() == [100.0, 0.0, 50.0]
        assert result["profit"].tolist() == [2540.0, -4095.0, -255.0]
        assert result["profit_margin"].iloc[0] == pytest.approx(0.254)

    def test_without_a_rebate_column_nothing_changes(self, accounts):
        result = kt.customer_profit(accounts, cost_rates=RATES)
        assert "rebate" not in result.columns
        assert result["profit"].tolist() == [2640.0, -4095.0, -205.0]

    def test_rebate_none_ignores_the_column(self, accounts):
        data = accounts.assign(rebate=[100.0, 0.0, 50.0])
        result = kt.customer_profit(data, cost_rates=RATES, rebate=None)
        assert "rebate" not in result.columns
        assert result["profit"].tolist() == [2640.0, -4095.0, -205.0]

    def test_other_rebate_column_name(self, accounts):
        data = accounts.assign(bonus=[10.0, 20.0, 0.0])
        result = kt.customer_profit(data, cost_rates=RATES, rebate="bonus")
        # Kappa 2640 - 10 = 2630; Alpha -4095 - 20 = -4115; Zulu -205
        assert result["profit"].tolist() == [2630.0, -4115.0, -205.0]
        assert result["rebate"].tolist() == [10.0, 20.0, 0.0]

    def test_named_rebate_column_must_exist(self, accounts):
        with pytest.raises(kt.DataError, match=r"`rebate`='bonus' is not a column of `data`"):
            kt.customer_profit(accounts, cost_rates=RATES, rebate="bonus")

    def test_rebate_priced_in_cost_rates_counts_once(self, accounts):
        data = accounts.assign(rebate=[100.0, 0.0, 50.0])
        result = kt.customer_profit(data, cost_rates={**RATES, "rebate": 1.0})
        # the rebate is then part of the cost to serve: 1360 + 100, 5295 + 0, 205 + 50
        assert "rebate" not in result.columns
        assert result["cost_to_serve"].tolist() == [1460.0, 5295.0, 255.0]
        assert result["profit"].tolist() == [2540.0, -4095.0, -255.0]

    def test_negative_rebate(self, accounts):
        with pytest.raises(kt.NegativeValuesError, match=r"`data\['rebate'\]` is a rebate"):
            kt.customer_profit(accounts.assign(rebate=[0.0, -5.0, 0.0]), cost_rates=RATES)

    def test_missing_rebate(self, accounts):
        with pytest.raises(kt.DataError, match=r"rebate"):
            kt.customer_profit(accounts.assign(rebate=[0.0, np.nan, 0.0]), cost_rates=RATES)

    def test_with_customer_column(self, accounts):
        data = accounts.assign(rebate=[100.0, 0.0, 50.0]).reset_index()
        result = kt.customer_profit(data, cost_rates=RATES, customer="customer")
        assert result.loc["Zulu", "profit"] == -255.0

    @given(st.lists(st.floats(0, 1e6), min_size=3, max_size=3))
    def test_rebate_lowers_profit_by_exactly_its_amount(self, rebates):
        data = pd.DataFrame(
            {
                "revenue": [100.0, 200.0, 300.0],
                "cost_of_goods": [50.0, 60.0, 70.0],
                "orders": [1, 2, 3],
                "rebate": rebates,
            }
        )
        with_rebate = kt.customer_profit(data, cost_rates={"orders": 10.0})
        without = kt.customer_profit(data, cost_rates={"orders": 10.0}, rebate=None)
        np.testing.assert_allclose(
            without["profit"] - with_rebate["profit"], rebates, rtol=1e-12, atol=1e-6
        )


# ---------------------------------------------------------------------- whale_curve


class TestWhaleCurve:
    def test_hand_computed_curve_and_peak(self):
        whale = kt.whale_curve({"A": 60, "B": 50, "C": 10, "D": -20, "E": -30})
        curve = whale.table
        # cumulative profit 60, 110, 120, 100, 70; total 70
        assert curve["cumulative_profit"].tolist() == [60.0, 110.0, 120.0, 100.0, 70.0]
        assert curve["cumulative_customer_share"].tolist() == [0.2, 0.4, 0.6, 0.8, 1.0]
        expected = [60 / 70, 110 / 70, 120 / 70, 100 / 70, 1.0]
        np.testing.assert_allclose(curve["cumulative_profit_share"], expected)
        assert whale.total_profit == 70.0
        assert whale.share_defined is True
        assert whale.peak_share == pytest.approx(120 / 70)  # 171%
        assert whale.peak_rank == 3
        assert whale.peak_profit == 120.0

    def test_columns_rank_and_sorting(self):
        curve = kt.whale_curve(pd.Series([-30, 10, 60, -20, 50], index=list("EDACB"))).table
        assert list(curve.columns) == [
            "rank",
            "customer",
            "profit",
            "cumulative_profit",
            "cumulative_customer_share",
            "cumulative_profit_share",
        ]
        assert curve["rank"].tolist() == [1, 2, 3, 4, 5]
        assert curve["customer"].tolist() == ["A", "B", "D", "C", "E"]
        assert curve["profit"].tolist() == [60.0, 50.0, 10.0, -20.0, -30.0]

    def test_cooper_kaplan_shape_top_20_percent_earn_over_200_percent(self):
        # 10 customers: two big winners (100 + 80 = 180), eight losers (-5 * 4 - 20 * 4 = -100)
        profits = [100, 80, -5, -5, -5, -5, -20, -20, -20, -20]
        whale = kt.whale_curve(profits)
        curve = whale.table
        # total 180 - 100 = 80; top 20% = 2 customers earn 180 / 80 = 225% of profit
        assert whale.total_profit == 80.0
        top_20 = curve.loc[curve["cumulative_customer_share"] == 0.2, "cumulative_profit_share"]
        assert top_20.item() == pytest.approx(2.25)
        assert top_20.item() > 2.0
        assert whale.peak_rank == 2
        assert curve["cumulative_profit_share"].iloc[-1] == 1.0

    def test_result_is_a_frozen_record_without_attrs(self):
        whale = kt.whale_curve({"A": 60, "B": -20, "C": 10})
        assert isinstance(whale, kt.WhaleCurve)
        assert whale.table.attrs == {}
        assert isinstance(whale.peak_rank, int) and isinstance(whale.share_defined, bool)
        with pytest.raises(dataclasses.FrozenInstanceError):
            whale.peak_rank = 0  # type: ignore[misc]

    def test_ties_broken_by_customer_id(self):
        curve = kt.whale_curve({"b": 5, "c": 5, "a": 5, "d": -1}).table
        assert curve["customer"].tolist() == ["a", "b", "c", "d"]

    def test_total_zero_shares_undefined(self):
        whale = kt.whale_curve({"A": 30, "B": -30})
        curve = whale.table
        assert curve["cumulative_profit_share"].isna().all()
        assert whale.share_defined is False
        assert math.isnan(whale.peak_share)
        assert whale.total_profit == 0.0
        # the currency curve is still there: peak of 30 after the first customer
        assert curve["cumulative_profit"].tolist() == [30.0, 0.0]
        assert whale.peak_rank == 1
        assert whale.peak_profit == 30.0

    def test_total_negative_shares_undefined(self):
        whale = kt.whale_curve([10, -50, -5])
        curve = whale.table
        # 10 - 5 - 50 = -45
        assert whale.total_profit == -45.0
        assert whale.share_defined is False
        assert curve["cumulative_profit_share"].isna().all()
        assert whale.peak_rank == 1

    def test_all_loss_makers_peak_at_origin(self):
        whale = kt.whale_curve([-1, -2, -3])
        assert whale.peak_rank == 0
        assert whale.peak_profit == 0.0

    def test_total_within_rounding_of_zero_counts_as_zero(self):
        # 0.1 + 0.2 - 0.3 is 5.55e-17 in floating point, not a real positive total
        whale = kt.whale_curve([0.1, 0.2, -0.3])
        curve = whale.table
        assert whale.share_defined is False
        assert curve["cumulative_profit_share"].isna().all()

    def test_single_customer(self):
        whale = kt.whale_curve({"Only": 42})
        curve = whale.table
        assert curve["cumulative_profit_share"].tolist() == [1.0]
        assert curve["cumulative_customer_share"].tolist() == [1.0]
        assert whale.peak_share == 1.0

    def test_accepts_customer_profit_result(self):
        data = pd.DataFrame(
            {"revenue": [100.0, 50.0], "cost_of_goods": [40.0, 30.0], "orders": [1, 3]},
            index=["A", "B"],
        )
        profits = kt.customer_profit(data, cost_rates={"orders": 10.0})
        whale = kt.whale_curve(profits)
        curve = whale.table
        # A: 100 - 40 - 10 = 50; B: 50 - 30 - 30 = -10; total 40
        assert curve["profit"].tolist() == [50.0, -10.0]
        assert whale.peak_share == pytest.approx(50 / 40)
        by_column = kt.whale_curve(profits, column="gross_margin").table
        assert by_column["profit"].tolist() == [60.0, 20.0]

    # ---- bad input

    def test_dataframe_without_the_column(self):
        with pytest.raises(kt.DataError, match=r"`column`='profit' is not a column of `profits`"):
            kt.whale_curve(pd.DataFrame({"a": [1], "b": [2]}))

    def test_nan_profit(self):
        with pytest.raises(kt.DataError, match=r"`profits` has 1 missing \(NaN\)"):
            kt.whale_curve([1.0, np.nan])

    def test_empty(self):
        with pytest.raises(kt.EmptyDataError, match=r"`profits` is empty"):
            kt.whale_curve([])

    def test_not_numbers(self):
        with pytest.raises(kt.WrongTypeError, match=r"`profits` must hold numbers.*'x'"):
            kt.whale_curve(["x", 1])

    def test_scalar(self):
        with pytest.raises(kt.WrongTypeError, match=r"one value per customer.*5 was passed"):
            kt.whale_curve(5)

    def test_repeated_customer(self):
        with pytest.raises(kt.DataError, match=r"customer 'A' appears 2 times"):
            kt.whale_curve(pd.Series([1, 2], index=["A", "A"]))

    # ---- properties

    @given(
        st.lists(st.integers(-1_000, 1_000).map(float), min_size=1, max_size=40).filter(
            lambda xs: sum(xs) > 0
        )
    )
    def test_ends_at_one_and_peaks_at_or_above_one(self, profits):
        whale = kt.whale_curve(profits)
        curve = whale.table
        share = curve["cumulative_profit_share"]
        assert share.iloc[-1] == 1.0
        assert share.max() >= 1.0
        assert whale.peak_share == share.max()
        assert whale.share_defined is True
        assert curve["cumulative_profit"].iloc[-1] == pytest.approx(sum(profits))
        assert curve["profit"].is_monotonic_decreasing
        n = len(profits)
        assert curve["cumulative_customer_share"].tolist() == [k / n for k in range(1, n + 1)]

    @given(
        st.dictionaries(
            st.text(min_size=1, max_size=3),
            st.floats(-1e6, 1e6, allow_nan=False),
            min_size=1,
            max_size=30,
        ),
        st.randoms(use_true_random=False),
    )
    def test_order_invariance(self, profits, rnd):
        items = list(profits.items())
        rnd.shuffle(items)
        first = kt.whale_curve(profits)
        second = kt.whale_curve(dict(items))
        pd.testing.assert_frame_equal(first.table, second.table)
        figures = ["total_profit", "share_defined", "peak_share", "peak_rank", "peak_profit"]
        assert [getattr(first, f) for f in figures] == pytest.approx(
            [getattr(second, f) for f in figures], nan_ok=True
        )

    @given(st.lists(st.floats(-1e6, 0, allow_nan=False), min_size=1, max_size=20))
    def test_non_positive_total_never_gives_shares(self, profits):
        whale = kt.whale_curve(profits)
        curve = whale.table
        assert whale.share_defined is False
        assert curve["cumulative_profit_share"].isna().all()


# ------------------------------------------------------------------ profit_inputs
# (added with course module 04: from invoice lines and cost-driver rows to one row per
# customer, the input of customer_profit)


@pytest.fixture
def lines() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["B", "A", "B", "A", "B"],
            "amount": [400.0, 1000.0, 200.0, -100.0, 50.0],
            "cost_of_goods": [300.0, 700.0, 150.0, -70.0, 45.0],
            "note": ["x", "y", "z", "credit note", "w"],
        },
        index=[10, 11, 12, 13, 14],
    )


@pytest.fixture
def work() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["A", "B", "B"],
            "year": [2025, 2024, 2025],
            "orders": [2, 5, 7],
            "returns": [1, 0, 2],
            "support_hours": [0.5, 1.25, 3.0],
        }
    )


class TestProfitInputs:
    def test_hand_computed_totals(self, lines, work):
        result = kt.profit_inputs(lines, work, drivers=["orders", "returns", "support_hours"])
        # A: revenue 1000 - 100 = 900, cost of goods 700 - 70 = 630, orders 2, returns 1
        # B: revenue 400 + 200 + 50 = 650, cost of goods 300 + 150 + 45 = 495,
        #    orders 5 + 7 = 12, returns 0 + 2 = 2, hours 1.25 + 3 = 4.25
        assert list(result.index) == ["A", "B"]
        assert result.index.name == "customer_id"
        assert list(result.columns) == [
            "revenue",
            "cost_of_goods",
            "orders",
            "returns",
            "support_hours",
        ]
        assert result["revenue"].tolist() == [900.0, 650.0]
        assert result["cost_of_goods"].tolist() == [630.0, 495.0]
        assert result["orders"].tolist() == [2.0, 12.0]
        assert result["returns"].tolist() == [1.0, 2.0]
        assert result["support_hours"].tolist() == [0.5, 4.25]
        assert (result.dtypes == "float64").all()
        assert result.attrs == {}
        full = kt.profit_inputs(
            lines, work, drivers=["orders", "returns", "support_hours"], report=True
        )
        pd.testing.assert_frame_equal(full.table, result)
        assert (full.left_out_lines, full.left_out_revenue, full.left_out_cost_driver_rows) == (
            0,
            0.0,
            0,
        )
        assert full.customers_without_transactions == ()

    def test_feeds_customer_profit(self, lines, work):
        rates = {"orders": 10.0, "returns": 20.0}
        profit = kt.customer_profit(kt.profit_inputs(lines, work, drivers=rates), cost_rates=rates)
        # A: 900 - 630 - (2*10 + 1*20) = 230; B: 650 - 495 - (12*10 + 2*20) = -5
        assert profit["profit"].tolist() == [230.0, -5.0]

    def test_a_mapping_gives_its_keys_in_order(self, lines, work):
        result = kt.profit_inputs(lines, work, drivers={"returns": 350.0, "orders": 150.0})
        assert list(result.columns) == ["revenue", "cost_of_goods", "returns", "orders"]
        series = kt.profit_inputs(lines, work, drivers=pd.Series({"orders": 1.0}))
        assert list(series.columns) == ["revenue", "cost_of_goods", "orders"]

    def test_no_drivers_gives_revenue_and_cost_of_goods_only(self, lines, work):
        result = kt.profit_inputs(lines, work, drivers=[])
        assert list(result.columns) == ["revenue", "cost_of_goods"]
        assert result["revenue"].tolist() == [900.0, 650.0]

    def test_other_column_names(self):
        sales = pd.DataFrame({"client": [1, 2, 1], "net": [10.0, 20.0, 5.0], "cogs": [6, 9, 3]})
        drivers = pd.DataFrame({"client": [2, 1], "visits": [4, 1]})
        result = kt.profit_inputs(
            sales,
            drivers,
            drivers=["visits"],
            customer="client",
            revenue="net",
            cost_of_goods="cogs",
        )
        # client 1: 10 + 5 = 15, cogs 6 + 3 = 9; client 2: 20, cogs 9
        assert list(result.index) == [1, 2]
        assert result.index.name == "client"
        assert result["revenue"].tolist() == [15.0, 20.0]
        assert result["cost_of_goods"].tolist() == [9.0, 9.0]
        assert result["visits"].tolist() == [1.0, 4.0]

    def test_lines_without_customer_are_left_out_and_reported(self, lines, work):
        extra = pd.DataFrame(
            {
                "customer_id": [None, "  ", np.nan],
                "amount": [30.0, 7.0, "n/a"],  # a missing id wins over a bad amount
                "cost_of_goods": [20.0, 5.0, np.nan],
                "note": ["", "", ""],
            },
            index=[20, 21, 22],
        )
        work_extra = pd.concat(
            [work, pd.DataFrame({"customer_id": [None], "year": [2025], "orders": [99]})]
        ).fillna({"returns": 0, "support_hours": 0})
        full = kt.profit_inputs(
            pd.concat([lines, extra]), work_extra, drivers=["orders", "returns"], report=True
        )
        result = full.table
        assert result["revenue"].tolist() == [900.0, 650.0]
        assert result["orders"].tolist() == [2.0, 12.0]
        # three lines without id, their numeric revenue 30 + 7 = 37; one driver row
        assert full.left_out_lines == 3
        assert full.left_out_revenue == 37.0
        assert full.left_out_cost_driver_rows == 1

    def test_customers_with_costs_but_no_sales_get_zero_revenue(self, lines, work):
        more = pd.concat(
            [work, pd.DataFrame({"customer_id": ["C"], "year": [2025], "orders": [3]})]
        ).fillna({"returns": 0, "support_hours": 0})
        full = kt.profit_inputs(lines, more, drivers=["orders"], report=True)
        result = full.table
        assert list(result.index) == ["A", "B", "C"]
        assert result.loc["C"].tolist() == [0.0, 0.0, 3.0]
        assert full.customers_without_transactions == ("C",)

    def test_report_must_be_a_bool(self, lines, work):
        with pytest.raises(kt.WrongTypeError, match=r"`report` must be True or False.*1"):
            kt.profit_inputs(lines, work, drivers=["orders"], report=1)

    def test_customer_without_cost_drivers_is_refused(self, lines, work):
        with pytest.raises(kt.DataError, match=r"no row for 1 customers .* customer 'B'"):
            kt.profit_inputs(lines, work[work["customer_id"] == "A"], drivers=["orders"])

    def test_one_year_by_filtering_first(self, work):
        dated = pd.DataFrame(
            {
                "customer_id": ["A", "B", "B"],
                "date": pd.to_datetime(["2025-03-01", "2024-05-01", "2025-06-01"]),
                "amount": [100.0, 50.0, 70.0],
                "cost_of_goods": [60.0, 30.0, 40.0],
            }
        )
        result = kt.profit_inputs(
            dated[dated["date"].dt.year == 2025],
            work[work["year"] == 2025],
            drivers=["orders"],
        )
        # 2025 only: B has 70 of revenue and 7 orders
        assert result.loc["B"].tolist() == [70.0, 40.0, 7.0]

    def test_inputs_are_not_changed(self, lines, work):
        before_lines, before_work = lines.copy(), work.copy()
        kt.profit_inputs(lines, work, drivers=["orders"])
        pd.testing.assert_frame_equal(lines, before_lines)
        pd.testing.assert_frame_equal(work, before_work)

    def test_numeric_text_is_read_as_numbers(self, work):
        text = pd.DataFrame(
            {"customer_id": ["A", "B"], "amount": ["12.5", "4"], "cost_of_goods": [1, 2]}
        )
        result = kt.profit_inputs(text, work, drivers=["orders"])
        assert result["revenue"].tolist() == [12.5, 4.0]

    # ---- errors

    @pytest.mark.parametrize(
        ("drivers", "error", "match"),
        [
            (None, kt.ParameterError, r"`drivers` is required.*but None was passed"),
            (
                "orders",
                kt.WrongTypeError,
                r"but the text 'orders' was passed.*drivers=\['orders'\]",
            ),
            (5, kt.WrongTypeError, r"`drivers` must be a list .* but 5 was passed"),
            (["orders", "orders"], kt.ParameterError, r"names the column 'orders' twice"),
            (["revenue"], kt.ParameterError, r"cannot hold 'revenue'"),
            ([["orders"]], kt.WrongTypeError, r"must hold column names, but it holds \['orders'\]"),
            (["visits"], kt.DataError, r"column 'visits', which is not a column of `cost_drivers`"),
        ],
    )
    def test_bad_drivers(self, lines, work, drivers, error, match):
        with pytest.raises(error, match=match):
            kt.profit_inputs(lines, work, drivers=drivers)

    def test_tables_must_be_dataframes_with_the_columns(self, lines, work):
        with pytest.raises(kt.WrongTypeError, match=r"`transactions` must be a pandas DataFrame"):
            kt.profit_inputs([1, 2], work, drivers=["orders"])
        with pytest.raises(kt.WrongTypeError, match=r"`cost_drivers` must be a pandas DataFrame"):
            kt.profit_inputs(lines, {"orders": [1]}, drivers=["orders"])
        with pytest.raises(
            kt.DataError, match=r"`revenue`='sales' is not a column of `transactions`"
        ):
            kt.profit_inputs(lines, work, drivers=["orders"], revenue="sales")
        with pytest.raises(
            kt.DataError, match=r"`customer`='client' is not a column of `transactions`"
        ):
            kt.profit_inputs(lines, work, drivers=["orders"], customer="client")
        renamed = work.rename(columns={"customer_id": "client"})
        with pytest.raises(
            kt.DataError, match=r"`customer`='customer_id' is not a column of `cost_drivers`"
        ):
            kt.profit_inputs(lines, renamed, drivers=["orders"])

    def test_missing_and_bad_numbers_are_refused_with_the_row(self, lines, work):
        broken = lines.copy()
        broken.loc[12, "cost_of_goods"] = np.nan
        with pytest.raises(
            kt.DataError, match=r"transactions\['cost_of_goods'\].*1 rows .* row 12 is missing"
        ):
            kt.profit_inputs(broken, work, drivers=["orders"])
        text = lines.astype({"amount": object})
        text.loc[11, "amount"] = "lots"
        with pytest.raises(
            kt.WrongTypeError, match=r"transactions\['amount'\].* row 11 \('lots'\)"
        ):
            kt.profit_inputs(text, work, drivers=["orders"])
        infinite = work.copy()
        infinite.loc[1, "support_hours"] = np.inf
        with pytest.raises(
            kt.DataError, match=r"cost_drivers\['support_hours'\].* row 1 is infinite"
        ):
            kt.profit_inputs(lines, infinite, drivers=["support_hours"])
        flags = work.assign(orders=[True, False, True])
        with pytest.raises(
            kt.WrongTypeError, match=r"cost_drivers\['orders'\]` must hold numbers.*True/False"
        ):
            kt.profit_inputs(lines, flags, drivers=["orders"])

    def test_negative_driver_count_is_refused(self, lines, work):
        negative = work.assign(returns=[1, -2, 0])
        with pytest.raises(
            kt.NegativeValuesError, match=r"cost_drivers\['returns'\].* row 1 \(-2\.0\)"
        ):
            kt.profit_inputs(lines, negative, drivers=["returns"])

    def test_tables_without_any_customer_are_refused(self, lines, work):
        with pytest.raises(
            kt.EmptyDataError, match=r"`transactions` has no line with a customer id.*of 5 lines"
        ):
            kt.profit_inputs(lines.assign(customer_id=None), work, drivers=["orders"])
        with pytest.raises(
            kt.EmptyDataError, match=r"`cost_drivers` has no row with a customer id.*of 0 rows"
        ):
            kt.profit_inputs(lines, work.iloc[:0], drivers=["orders"])

    def test_repeated_customer_column_is_refused(self, lines, work):
        doubled = pd.concat([lines, lines[["customer_id"]]], axis=1)
        with pytest.raises(kt.DataError, match=r"names 2 columns of `transactions`"):
            kt.profit_inputs(doubled, work, drivers=["orders"])

    # ---- properties

    @given(
        st.lists(
            st.tuples(st.sampled_from("ABCD"), st.integers(-500, 5_000), st.integers(0, 4_000)),
            min_size=1,
            max_size=40,
        ),
        st.lists(st.tuples(st.sampled_from("ABCD"), st.integers(0, 30)), max_size=20),
    )
    def test_totals_match_a_plain_groupby(self, rows, extra_drivers):
        sales = pd.DataFrame(rows, columns=["customer_id", "amount", "cost_of_goods"])
        ids = sorted(set(sales["customer_id"]))
        drivers = pd.concat(
            [
                pd.DataFrame({"customer_id": ids, "orders": [1] * len(ids)}),
                pd.DataFrame(extra_drivers, columns=["customer_id", "orders"]),
            ]
        )
        result = kt.profit_inputs(sales, drivers, drivers=["orders"])
        expected = sales.groupby("customer_id")[["amount", "cost_of_goods"]].sum()
        assert result["revenue"].sum() == pytest.approx(sales["amount"].sum())
        pd.testing.assert_series_equal(
            result["revenue"].reindex(expected.index),
            expected["amount"].astype(float),
            check_names=False,
        )
        assert result["orders"].sum() == pytest.approx(drivers["orders"].sum())
        assert list(result.index) == sorted(set(drivers["customer_id"]))


class TestProfitInputsRebate:
    def test_rebates_are_added_up_as_the_last_column(self, lines, work):
        work = work.assign(rebate=[10.0, 0.0, 30.0])
        result = kt.profit_inputs(lines, work, drivers=["orders", "returns"])
        assert list(result.columns) == ["revenue", "cost_of_goods", "orders", "returns", "rebate"]
        assert result["rebate"].tolist() == [10.0, 30.0]

    def test_feeds_customer_profit_with_the_rebate(self, lines, work):
        work = work.assign(rebate=[10.0, 0.0, 30.0])
        rates = {"orders": 10.0, "returns": 20.0}
        profit = kt.customer_profit(kt.profit_inputs(lines, work, drivers=rates), cost_rates=rates)
        # A: 900 - 630 - (2*10 + 1*20) - 10 = 220; B: 650 - 495 - (12*10 + 2*20) - 30 = -35
        assert profit["profit"].tolist() == [220.0, -35.0]
        assert profit["rebate"].tolist() == [10.0, 30.0]

    def test_rebate_none_leaves_it_out(self, lines, work):
        work = work.assign(rebate=[10.0, 0.0, 30.0])
        result = kt.profit_inputs(lines, work, drivers=["orders"], rebate=None)
        assert list(result.columns) == ["revenue", "cost_of_goods", "orders"]

    def test_rebate_named_as_a_driver_is_not_repeated(self, lines, work):
        work = work.assign(rebate=[10.0, 0.0, 30.0])
        result = kt.profit_inputs(lines, work, drivers=["rebate", "orders"])
        assert list(result.columns) == ["revenue", "cost_of_goods", "rebate", "orders"]

    def test_other_name_must_exist(self, lines, work):
        with pytest.raises(
            kt.DataError, match=r"`rebate`='bonus' is not a column of `cost_drivers`"
        ):
            kt.profit_inputs(lines, work, drivers=["orders"], rebate="bonus")
        result = kt.profit_inputs(
            lines, work.assign(bonus=[1.0, 2.0, 3.0]), drivers=["orders"], rebate="bonus"
        )
        assert result["bonus"].tolist() == [1.0, 5.0]

    def test_negative_rebate_is_refused_with_the_row(self, lines, work):
        with pytest.raises(kt.NegativeValuesError, match=r"`cost_drivers\['rebate'\]`.*row 1"):
            kt.profit_inputs(lines, work.assign(rebate=[0.0, -1.0, 0.0]), drivers=["orders"])


# ------------------------------------------------------------------ profit_change_if_dropped


class TestProfitChangeIfDropped:
    def test_hand_computed(self, accounts):
        profit = kt.customer_profit(accounts, cost_rates=RATES)
        change = kt.profit_change_if_dropped(profit, fixed_share=0.6)
        # Kappa: -4000 + 0.4 * 1360 = -3456
        # Alpha: -1200 + 0.4 * 5295 = 918      (a loss-maker whose leaving helps)
        # Zulu:  -0 + 0.4 * 205 = 82
        assert change.tolist() == pytest.approx([-3456.0, 918.0, 82.0])
        assert change.name == "profit_change"
        assert list(change.index) == ["Kappa", "Alpha", "Zulu"]
        assert change.index.name == "customer"

    def test_a_loss_maker_with_a_positive_gross_margin_can_lower_profit_by_leaving(self):
        profit = pd.DataFrame(
            {"gross_margin": [100_000.0], "cost_to_serve": [150_000.0]}, index=["Mariform"]
        )
        # profit -50,000; half the cost to serve fixed: -100,000 + 0.5 * 150,000 = -25,000
        assert kt.profit_change_if_dropped(profit, fixed_share=0.5).iloc[0] == -25_000.0
        # nothing fixed: the whale curve's view, +50,000
        assert kt.profit_change_if_dropped(profit, fixed_share=0.0).iloc[0] == 50_000.0
        # all fixed: only the gross margin goes, -100,000
        assert kt.profit_change_if_dropped(profit, fixed_share=1).iloc[0] == -100_000.0

    def test_the_rebate_goes_away_with_the_customer(self):
        data = pd.DataFrame(
            {"revenue": [10_000.0], "cost_of_goods": [8_000.0], "orders": [4], "rebate": [300.0]},
            index=pd.Index(["Berotech"], name="customer"),
        )
        profit = kt.customer_profit(data, cost_rates={"orders": 500.0})
        # profit = 10,000 - 8,000 - 300 - 2,000 = -300
        assert profit["profit"].iloc[0] == -300.0
        # half fixed: -2,000 + 300 + 0.5 * 2,000 = -700 (without the rebate it would be -1,000)
        assert kt.profit_change_if_dropped(profit, fixed_share=0.5).iloc[0] == -700.0
        # nothing fixed: minus the profit, the whale curve's view
        assert kt.profit_change_if_dropped(profit, fixed_share=0).iloc[0] == 300.0

    def test_a_negative_rebate_is_refused(self):
        profit = pd.DataFrame(
            {"gross_margin": [100.0], "cost_to_serve": [50.0], "rebate": [-5.0]}, index=["X"]
        )
        with pytest.raises(kt.NegativeValuesError, match="rebate"):
            kt.profit_change_if_dropped(profit, fixed_share=0.5)

    def test_nothing_fixed_is_minus_the_profit_on_vistula(self):
        from kamtools.data.vistula import COST_RATES

        inputs = kt.profit_inputs(
            kt.load_dataset("vistula_transactions"),
            kt.load_dataset("vistula_cost_to_serve"),
            drivers=COST_RATES,
        )
        profit = kt.customer_profit(inputs, cost_rates=COST_RATES)
        assert "rebate" in profit.columns and profit["rebate"].sum() > 0
        change = kt.profit_change_if_dropped(profit, fixed_share=0)
        assert change.to_numpy() == pytest.approx((-profit["profit"]).to_numpy(), abs=1e-6)

    def test_nothing_fixed_is_minus_the_profit(self, accounts):
        profit = kt.customer_profit(accounts, cost_rates=RATES)
        change = kt.profit_change_if_dropped(profit, fixed_share=0)
        assert change.tolist() == (-profit["profit"]).tolist()

    def test_dropping_every_loss_maker_reaches_the_whale_peak_only_without_fixed_costs(self):
        profit = kt.customer_profit(
            pd.DataFrame(
                {
                    "revenue": [900.0, 500.0, 300.0, 200.0],
                    "cost_of_goods": [600.0, 300.0, 150.0, 120.0],
                    "orders": [2, 4, 10, 8],
                },
                index=list("ABCD"),
            ),
            cost_rates={"orders": 20.0},
        )
        # profits: A 260, B 120, C -50, D -80; total 250; peak 380
        whale = kt.whale_curve(profit)
        losers = profit["profit"] < 0
        naive = kt.profit_change_if_dropped(profit, fixed_share=0)[losers].sum()
        assert naive == whale.peak_profit - whale.total_profit == 130.0
        # half fixed: C -150 + 100 = -50, D -80 + 80 = 0 -> dropping both lowers profit by 50
        half = kt.profit_change_if_dropped(profit, fixed_share=0.5)[losers].sum()
        assert half == -50.0

    @pytest.mark.parametrize(
        ("share", "error", "match"),
        [
            (
                1.5,
                kt.ParameterError,
                r"`fixed_share` must be a fraction in \[0, 1\].*but 1\.5 was passed",
            ),
            (50, kt.ParameterError, r"but 50\.0 was passed\. Did you mean 0\.5\?"),
            (-0.1, kt.ParameterError, r"`fixed_share` must be a fraction"),
            ("half", kt.WrongTypeError, r"`fixed_share` must be a number, but 'half' was passed"),
            (True, kt.WrongTypeError, r"`fixed_share` must be a number, but True was passed"),
        ],
    )
    def test_bad_fixed_share(self, accounts, share, error, match):
        profit = kt.customer_profit(accounts, cost_rates=RATES)
        with pytest.raises(error, match=match):
            kt.profit_change_if_dropped(profit, fixed_share=share)

    def test_bad_profit_tables(self, accounts):
        profit = kt.customer_profit(accounts, cost_rates=RATES)
        with pytest.raises(
            kt.WrongTypeError, match=r"`profit` must be the DataFrame .* Series was passed"
        ):
            kt.profit_change_if_dropped(profit["profit"], fixed_share=0.5)
        with pytest.raises(
            kt.DataError, match=r"needs the column 'cost_to_serve'.*columns are \['gross_margin'\]"
        ):
            kt.profit_change_if_dropped(profit[["gross_margin"]], fixed_share=0.5)
        with pytest.raises(
            kt.DataError, match=r"profit\['gross_margin'\]` has 1 missing \(NaN\) values.*'Alpha'"
        ):
            kt.profit_change_if_dropped(
                profit.assign(gross_margin=[1.0, np.nan, 2.0]), fixed_share=0.5
            )
        with pytest.raises(
            kt.NegativeValuesError,
            match=r"profit\['cost_to_serve'\]` is a cost .* customer 'Zulu' \(-5\.0\)",
        ):
            kt.profit_change_if_dropped(
                profit.assign(cost_to_serve=[1.0, 2.0, -5.0]), fixed_share=0.5
            )
        with pytest.raises(kt.DataError, match=r"customer 'Kappa' appears 2 times"):
            kt.profit_change_if_dropped(
                profit.set_axis(["Kappa", "Kappa", "Zulu"]), fixed_share=0.5
            )
        with pytest.raises(kt.EmptyDataError, match=r"is empty"):
            kt.profit_change_if_dropped(profit.iloc[:0], fixed_share=0.5)

    @given(
        st.lists(
            st.tuples(st.floats(-1e6, 1e6, allow_nan=False), st.floats(0, 1e6, allow_nan=False)),
            min_size=1,
            max_size=30,
        ),
        st.floats(0, 1),
        st.floats(0, 1),
    )
    def test_more_fixed_cost_never_makes_leaving_better(self, rows, a, b):
        profit = pd.DataFrame(rows, columns=["gross_margin", "cost_to_serve"])
        low, high = sorted((a, b))
        at_low = kt.profit_change_if_dropped(profit, fixed_share=low)
        at_high = kt.profit_change_if_dropped(profit, fixed_share=high)
        assert (at_high <= at_low + 1e-6).all()
        # never better than the whale view, never worse than losing the whole gross margin
        assert (at_low <= -profit["gross_margin"] + profit["cost_to_serve"] + 1e-6).all()
        assert (at_high >= -profit["gross_margin"] - 1e-6).all()


# ---------------------------------------------------------------------------------------
# profit_inputs(..., by="year"): the one path under yearly_profit (issue 14, part 2)
# ---------------------------------------------------------------------------------------
class TestProfitInputsByYear:
    LINES = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "A"],
            "date": pd.to_datetime(["2024-03-01", "2025-05-02", "2025-06-03", "2025-12-31"]),
            "amount": [1000.0, 1200.0, 500.0, -200.0],
            "cost_of_goods": [800.0, 900.0, 450.0, -150.0],
        }
    )
    WORK = pd.DataFrame(
        {
            "customer_id": ["A", "A", "B", "C"],
            "year": [2024, 2025, 2025, 2025],
            "orders": [1, 2, 3, 4],
            "rebate": [0.0, 30.0, 0.0, 0.0],
        }
    )

    def test_hand_computed(self):
        full = kt.profit_inputs(self.LINES, self.WORK, drivers=["orders"], by="year", report=True)
        table = full.table
        assert table.index.names == ["customer_id", "year"]
        assert table.index.tolist() == [("A", 2024), ("A", 2025), ("B", 2025), ("C", 2025)]
        # A 2025: 1200 - 200 = 1000 (the credit note counts in its own year), cost 750
        assert table["revenue"].tolist() == [1000.0, 1000.0, 500.0, 0.0]
        assert table["cost_of_goods"].tolist() == [800.0, 750.0, 450.0, 0.0]
        assert table["orders"].tolist() == [1.0, 2.0, 3.0, 4.0]
        assert table["rebate"].tolist() == [0.0, 30.0, 0.0, 0.0]
        assert full.customers_without_transactions == (("C", 2025),)
        profit = kt.customer_profit(table, cost_rates={"orders": 50.0})["profit"]
        # A 2025: 1000 - 750 - 2 * 50 - 30 = 120
        assert profit.tolist() == [150.0, 120.0, -100.0, -200.0]

    def test_errors_name_the_pair_or_the_row(self):
        with pytest.raises(
            kt.DataError, match=r"no row for 1 \(customer, year\) pairs.*\('B', 2025\)"
        ):
            kt.profit_inputs(self.LINES, self.WORK.iloc[[0, 1, 3]], drivers=["orders"], by="year")
        twice = pd.concat([self.WORK, self.WORK.iloc[:1]])
        with pytest.raises(kt.DataError, match=r"one row per customer and year.*\('A', 2024\)"):
            kt.profit_inputs(self.LINES, twice, drivers=["orders"], by="year")
        with pytest.raises(kt.ParameterError, match=r"`by` must be None .* but 'month'"):
            kt.profit_inputs(self.LINES, self.WORK, drivers=["orders"], by="month")
        no_date = self.LINES.assign(date=self.LINES["date"].where(self.LINES.index != 2))
        with pytest.raises(kt.DataError, match=r"1 lines without a date, e.g. row 2"):
            kt.profit_inputs(no_date, self.WORK, drivers=["orders"], by="year")
        text = self.LINES.assign(date=self.LINES["date"].dt.strftime("%d.%m.%Y"))
        with pytest.raises(kt.WrongTypeError, match=r"`date`='date' must be a column of dates"):
            kt.profit_inputs(text, self.WORK, drivers=["orders"], by="year")
        with pytest.raises(kt.DataError, match=r"`year`='year' is not a column of `cost_drivers`"):
            kt.profit_inputs(self.LINES, self.WORK.drop(columns="year"), drivers=[], by="year")
        with pytest.raises(kt.DataError, match=r"whole years such as 2025"):
            half = self.WORK.assign(year=self.WORK["year"] + 0.5)
            kt.profit_inputs(self.LINES, half, drivers=[], by="year")

    def test_a_line_without_a_customer_warns_unless_reported(self):
        lines = self.LINES.assign(customer_id=["A", None, "B", "A"])
        with pytest.warns(kt.KamtoolsWarning, match=r"left out 1 transaction lines and 0"):
            kt.profit_inputs(lines, self.WORK, drivers=["orders"], by="year")
        with pytest.warns(kt.KamtoolsWarning, match=r"left out 1 transaction lines"):
            kt.profit_inputs(lines, self.WORK, drivers=["orders"])
        full = kt.profit_inputs(lines, self.WORK, drivers=["orders"], by="year", report=True)
        assert (full.left_out_lines, full.left_out_revenue) == (1, 1200.0)

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["A", "B", "C"]),
                st.sampled_from([2023, 2024, 2025]),
                st.integers(-500, 5000),
            ),
            min_size=1,
            max_size=30,
        )
    )
    def test_the_years_add_up_to_the_whole(self, rows):
        lines = pd.DataFrame(
            {
                "customer_id": [c for c, _, _ in rows],
                "date": pd.to_datetime([f"{y}-06-30" for _, y, _ in rows]),
                "amount": [float(a) for _, _, a in rows],
                "cost_of_goods": [a * 0.7 for _, _, a in rows],
            }
        )
        pairs = sorted({(c, y) for c, y, _ in rows})
        work = pd.DataFrame(
            {
                "customer_id": [c for c, _ in pairs],
                "year": [y for _, y in pairs],
                "orders": range(1, len(pairs) + 1),
            }
        )
        yearly = kt.profit_inputs(lines, work, drivers=["orders"], by="year")
        whole = kt.profit_inputs(lines, work, drivers=["orders"])
        summed = yearly.groupby(level="customer_id").sum()
        pd.testing.assert_frame_equal(summed, whole, check_exact=False, atol=1e-6)
