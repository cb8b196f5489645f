"""Tests of kamtools.analysis.lifetime_value: clv, retention_vs_acquisition and retention_gain_for_budget."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import kamtools as kt

margins = st.floats(1, 10_000)
retentions = st.floats(0, 0.99)
rates = st.floats(0.01, 0.5)


def general_sum(margin: list[float], r: float, i: float) -> float:
    """sum_t m_t r^t / (1 + i)^t, written out as in the reference."""
    return sum(m * r**t / (1 + i) ** t for t, m in enumerate(margin, start=1))


# ------------------------------------------------------------------------------- clv


class TestClvHandCases:
    def test_infinite_horizon(self):
        # 100 * 0.8 / (1 + 0.1 - 0.8) = 80 / 0.3 = 266.666...
        assert kt.clv(100, 0.8, 0.1) == pytest.approx(266.6666666667)

    def test_one_period(self):
        # 100 * 0.8 / 1.1 = 72.7272...
        assert kt.clv(100, 0.8, 0.1, horizon=1) == pytest.approx(72.727272727)

    def test_two_periods(self):
        # q = 0.8 / 1.1; 100 q + 100 q^2 = 72.7273 + 52.8926 = 125.6198
        assert kt.clv(100, 0.8, 0.1, horizon=2) == pytest.approx(125.6198347)

    def test_q_equal_one_gives_margin_times_horizon(self):
        # r = 1, i = 0: every period counts in full, 100 * 5 = 500
        assert kt.clv(100, 1.0, 0.0, horizon=5) == 500.0

    def test_q_above_one_finite_horizon(self):
        # r = 1, i = -0.5: q = 2; 10 * (2 + 4 + 8) = 140
        assert kt.clv(10, 1.0, -0.5, horizon=3) == pytest.approx(140.0)

    def test_zero_retention_is_worth_nothing(self):
        assert kt.clv(100, 0.0, 0.1) == 0.0
        assert kt.clv(100, 0.0, 0.1, horizon=4) == 0.0
        assert kt.clv(100, 0.0, 0.1, acquisition_cost=30) == -30.0

    def test_acquisition_cost_is_subtracted_once(self):
        # 266.67 - 100 = 166.67
        assert kt.clv(100, 0.8, 0.1, acquisition_cost=100) == pytest.approx(166.6666666667)

    def test_margin_per_period(self):
        # q = 0.8 / 1.1 = 0.727273; 100 q + 120 q^2 + 150 q^3 = 72.727 + 63.471 + 57.701 = 193.90
        assert kt.clv([100, 120, 150], 0.8, 0.1) == pytest.approx(193.8993238)
        assert kt.clv([100, 120, 150], 0.8, 0.1, horizon=3) == pytest.approx(193.8993238)

    def test_margin_sequence_types(self):
        expected = kt.clv([100, 120, 150], 0.8, 0.1)
        assert kt.clv(np.array([100, 120, 150]), 0.8, 0.1) == pytest.approx(expected)
        assert kt.clv((100, 120, 150), 0.8, 0.1) == pytest.approx(expected)
        # a Series is read in its order, whatever its index
        series = pd.Series([100, 120, 150], index=[2023, 2021, 2022])
        assert kt.clv(series, 0.8, 0.1) == pytest.approx(expected)

    def test_losses_are_allowed(self):
        # onboarding year at a loss: -50 q + 100 q^2 with q = 0.5 -> -25 + 25 = 0
        assert kt.clv([-50, 100], 0.5, 0.0) == pytest.approx(0.0)
        assert kt.clv(-10, 0.5, 0.0) == pytest.approx(-10.0)  # -10 * 0.5 / 0.5

    def test_numpy_scalars_accepted(self):
        assert kt.clv(np.float64(100), np.float64(0.8), np.float32(0.1)) == pytest.approx(266.6667)
        assert kt.clv(100, 0.8, 0.1, horizon=np.int64(1)) == pytest.approx(72.727272727)

    def test_q_close_to_one_stays_accurate(self):
        # (1 - q^T) / (1 - q) loses digits near q = 1 unless computed carefully
        r = 1 - 1e-12
        assert kt.clv(100, r, 0.0, horizon=10) == pytest.approx(general_sum([100] * 10, r, 0.0))

    def test_returns_a_float(self):
        assert type(kt.clv(100, 0.8, 0.1)) is float
        assert type(kt.clv([1, 2], 0.8, 0.1)) is float


class TestClvErrors:
    @pytest.mark.parametrize(("r", "i"), [(1.0, 0.0), (1.0, -0.1), (0.9, -0.2)])
    def test_infinite_horizon_diverges(self, r, i):
        with pytest.raises(kt.ParameterError, match=r"CLV is infinite.*finite `horizon`"):
            kt.clv(100, r, i)

    @pytest.mark.parametrize("r", [1.5, -0.1, float("nan")])
    def test_retention_outside_zero_one(self, r):
        with pytest.raises(kt.ParameterError, match=r"`retention` must be a fraction in \[0, 1\]"):
            kt.clv(100, r, 0.1)

    def test_retention_in_percent_gets_a_hint(self):
        with pytest.raises(kt.ParameterError, match=r"80.0 was passed. Did you mean 0.8\?"):
            kt.clv(100, 80, 0.1)

    def test_retention_text(self):
        with pytest.raises(kt.WrongTypeError, match=r"`retention` must be a number.*'80%'"):
            kt.clv(100, "80%", 0.1)

    @pytest.mark.parametrize("i", [-1, -1.5])
    def test_discount_rate_at_or_below_minus_one(self, i):
        with pytest.raises(
            kt.ParameterError, match=rf"`discount_rate` must be greater than -1.*{i}"
        ):
            kt.clv(100, 0.8, i)

    @pytest.mark.parametrize("i", [float("inf"), float("nan")])
    def test_discount_rate_not_finite(self, i):
        with pytest.raises(kt.ParameterError, match=r"`discount_rate` must be a finite number"):
            kt.clv(100, 0.8, i)

    def test_discount_rate_bool(self):
        with pytest.raises(kt.WrongTypeError, match=r"`discount_rate` must be a number.*True"):
            kt.clv(100, 0.8, True)

    def test_negative_acquisition_cost(self):
        with pytest.raises(kt.ParameterError, match=r"`acquisition_cost` must be at least 0.*-5"):
            kt.clv(100, 0.8, 0.1, acquisition_cost=-5)

    @pytest.mark.parametrize("horizon", [2.0, True, "5", 2.5])
    def test_horizon_not_a_whole_number(self, horizon):
        with pytest.raises(kt.WrongTypeError, match=r"`horizon` must be a whole number"):
            kt.clv(100, 0.8, 0.1, horizon=horizon)

    @pytest.mark.parametrize("horizon", [0, -3])
    def test_horizon_below_one(self, horizon):
        with pytest.raises(kt.ParameterError, match=rf"`horizon` must be at least 1.*{horizon}"):
            kt.clv(100, 0.8, 0.1, horizon=horizon)

    def test_horizon_differs_from_margin_length(self):
        with pytest.raises(kt.ParameterError, match=r"number of margins given \(3\).*5 was"):
            kt.clv([1, 2, 3], 0.8, 0.1, horizon=5)

    @pytest.mark.parametrize("margin", ["100", True, {"2024": 100}, None])
    def test_margin_of_wrong_type(self, margin):
        with pytest.raises(kt.WrongTypeError, match=r"`margin` must be a number or a list"):
            kt.clv(margin, 0.8, 0.1)

    def test_margin_text_in_list(self):
        with pytest.raises(
            kt.WrongTypeError, match=r"`margin` must hold numbers.*period 2 \('x'\)"
        ):
            kt.clv([100, "x"], 0.8, 0.1)

    def test_margin_true_false_list(self):
        with pytest.raises(kt.WrongTypeError, match=r"True/False"):
            kt.clv([True, False], 0.8, 0.1)

    @pytest.mark.parametrize("bad", [float("nan"), float("inf"), None])
    def test_margin_not_finite(self, bad):
        with pytest.raises(kt.ParameterError, match=r"`margin` must hold finite numbers.*period 3"):
            kt.clv([1, 2, bad], 0.8, 0.1)

    @pytest.mark.parametrize("bad", [float("nan"), float("inf")])
    def test_scalar_margin_not_finite(self, bad):
        with pytest.raises(kt.ParameterError, match=r"`margin` must be a finite number"):
            kt.clv(bad, 0.8, 0.1)

    def test_margin_empty(self):
        with pytest.raises(kt.EmptyDataError, match=r"`margin` is empty"):
            kt.clv([], 0.8, 0.1)

    def test_margin_two_dimensional(self):
        with pytest.raises(kt.WrongTypeError, match=r"1-dimensional.*shape \(2, 2\)"):
            kt.clv([[1, 2], [3, 4]], 0.8, 0.1)

    def test_overflow_is_an_error_not_inf(self):
        with pytest.raises(kt.ParameterError, match=r"too large to compute"):
            kt.clv(100, 1.0, -0.5, horizon=100_000)


class TestClvProperties:
    @given(margins, retentions, rates, st.integers(1, 60))
    def test_closed_form_equals_general_sum(self, m, r, i, horizon):
        closed = kt.clv(m, r, i, horizon=horizon)
        assert closed == pytest.approx(general_sum([m] * horizon, r, i), rel=1e-9, abs=1e-9)
        assert kt.clv([m] * horizon, r, i) == pytest.approx(closed, rel=1e-9, abs=1e-9)

    @given(margins, st.floats(0.01, 0.99), rates, st.integers(1, 200))
    def test_finite_horizon_rises_and_converges_to_infinite(self, m, r, i, horizon):
        q = r / (1 + i)
        finite = kt.clv(m, r, i, horizon=horizon)
        infinite = kt.clv(m, r, i)
        longer = kt.clv(m, r, i, horizon=horizon + 1)
        ulps = 1e-12 * infinite  # the two formulas may differ in the last digits
        assert longer >= finite - ulps
        assert finite <= infinite + ulps
        if q**horizon > 1e-9:  # the next period adds m * q^(T+1): visible in floats
            assert longer > finite
            assert finite < infinite
        # what the first T periods leave out is exactly the infinite CLV times q^T
        assert infinite - finite == pytest.approx(infinite * q**horizon, rel=1e-6, abs=1e-9)

    @given(margins, retentions, rates)
    def test_long_horizon_reaches_the_infinite_value(self, m, r, i):
        assert kt.clv(m, r, i, horizon=10_000) == pytest.approx(kt.clv(m, r, i), rel=1e-9)

    @given(margins, retentions, retentions, rates, st.one_of(st.none(), st.integers(1, 30)))
    def test_increasing_in_retention(self, m, r1, r2, i, horizon):
        low, high = sorted((r1, r2))
        assert kt.clv(m, high, i, horizon=horizon) >= kt.clv(m, low, i, horizon=horizon)

    @given(margins, margins, st.floats(0.01, 0.99), rates, st.one_of(st.none(), st.integers(1, 30)))
    def test_increasing_in_margin(self, m1, m2, r, i, horizon):
        low, high = sorted((m1, m2))
        assume(high > low)
        assert kt.clv(high, r, i, horizon=horizon) > kt.clv(low, r, i, horizon=horizon)

    @given(margins, st.floats(0.01, 0.99), rates, rates, st.one_of(st.none(), st.integers(1, 30)))
    def test_decreasing_in_discount_rate(self, m, r, i1, i2, horizon):
        low, high = sorted((i1, i2))
        assert kt.clv(m, r, high, horizon=horizon) <= kt.clv(m, r, low, horizon=horizon)

    @given(margins, retentions, rates, st.floats(0, 1e4))
    def test_acquisition_cost_shifts_the_value(self, m, r, i, cost):
        value = kt.clv(m, r, i, acquisition_cost=cost)
        assert value == pytest.approx(kt.clv(m, r, i) - cost)


# ---------------------------------------------------------- retention_vs_acquisition


class TestRetentionVsAcquisition:
    def test_hand_computed(self):
        result = kt.retention_vs_acquisition(
            100, 0.8, 0.1, customers=1000, acquisition_cost=150, retention_gain=0.05
        )
        assert list(result.index) == [
            "clv_now",
            "clv_after_gain",
            "value_of_retention_gain",
            "value_per_new_customer",
            "new_customers_equivalent",
            "acquisition_budget_equivalent",
        ]
        # clv_now = 80 / 0.3 = 266.667; after = 100 * 0.85 / (1.1 - 0.85) = 85 / 0.25 = 340
        assert result["clv_now"] == pytest.approx(266.6666667)
        assert result["clv_after_gain"] == pytest.approx(340.0)
        # 1000 * (340 - 266.667) = 73,333.33
        assert result["value_of_retention_gain"] == pytest.approx(73_333.333333)
        # 266.667 - 150 = 116.667 per new customer; 73,333.33 / 116.667 = 628.571
        assert result["value_per_new_customer"] == pytest.approx(116.6666667)
        assert result["new_customers_equivalent"] == pytest.approx(628.5714286)
        # 628.571 * 150 = 94,285.71
        assert result["acquisition_budget_equivalent"] == pytest.approx(94_285.714286)

    def test_finite_horizon(self):
        result = kt.retention_vs_acquisition(
            100, 0.5, 0.0, customers=10, acquisition_cost=10, retention_gain=0.5, horizon=2
        )
        # now 100 * (0.5 + 0.25) = 75; after (r = 1) 100 * 2 = 200; 10 * 125 = 1250
        # per new customer 75 - 10 = 65; 1250 / 65 = 19.23 customers; * 10 = 192.31
        assert result["clv_now"] == pytest.approx(75.0)
        assert result["clv_after_gain"] == pytest.approx(200.0)
        assert result["value_of_retention_gain"] == pytest.approx(1250.0)
        assert result["acquisition_budget_equivalent"] == pytest.approx(1250 / 65 * 10)

    def test_new_customer_not_worth_acquiring_gives_nan(self):
        result = kt.retention_vs_acquisition(100, 0.8, 0.1, customers=10, acquisition_cost=500)
        # 266.67 - 500 < 0: no number of new customers creates value
        assert result["value_per_new_customer"] == pytest.approx(-233.3333333)
        assert math.isnan(result["new_customers_equivalent"])
        assert math.isnan(result["acquisition_budget_equivalent"])
        assert result["value_of_retention_gain"] > 0

    def test_free_acquisition(self):
        result = kt.retention_vs_acquisition(100, 0.8, 0.1, customers=10, acquisition_cost=0)
        # a free new customer is worth clv_now: 10 * (340 - 266.67) / 266.67 = 2.75 customers
        assert result["new_customers_equivalent"] == pytest.approx(2.75)
        assert result["acquisition_budget_equivalent"] == 0.0

    def test_zero_gain(self):
        result = kt.retention_vs_acquisition(
            100, 0.8, 0.1, customers=10, acquisition_cost=10, retention_gain=0
        )
        assert result["value_of_retention_gain"] == 0.0
        assert result["acquisition_budget_equivalent"] == 0.0

    def test_gain_reaching_exactly_one(self):
        # 0.7 + 0.2 + 0.1 is 0.9999999999999999 in floating point; 0.9 + 0.1 is 1.0
        result = kt.retention_vs_acquisition(
            100, 0.9, 0.1, customers=1, acquisition_cost=0, retention_gain=0.1
        )
        assert result["clv_after_gain"] == pytest.approx(1000.0)  # 100 * 1 / 0.1

    def test_gain_above_one(self):
        with pytest.raises(
            kt.ParameterError, match=r"`retention` \+ `retention_gain` must be at most 1.*0.97"
        ):
            kt.retention_vs_acquisition(
                100, 0.97, 0.1, customers=1, acquisition_cost=1, retention_gain=0.05
            )

    def test_gain_makes_clv_infinite(self):
        with pytest.raises(
            kt.ParameterError, match=r"infinite when `retention` \+ `retention_gain`"
        ):
            kt.retention_vs_acquisition(
                100, 0.95, 0.0, customers=1, acquisition_cost=1, retention_gain=0.05
            )

    def test_gain_in_points_gets_a_hint(self):
        with pytest.raises(kt.ParameterError, match=r"`retention_gain`.*Did you mean 0.05\?"):
            kt.retention_vs_acquisition(
                100, 0.8, 0.1, customers=1, acquisition_cost=1, retention_gain=5
            )

    def test_negative_gain(self):
        with pytest.raises(kt.ParameterError, match=r"`retention_gain` must be a fraction.*-0.05"):
            kt.retention_vs_acquisition(
                100, 0.8, 0.1, customers=1, acquisition_cost=1, retention_gain=-0.05
            )

    @pytest.mark.parametrize("customers", [0, -10])
    def test_customers_must_be_positive(self, customers):
        with pytest.raises(
            kt.ParameterError, match=rf"`customers` must be greater than 0.*{customers}"
        ):
            kt.retention_vs_acquisition(100, 0.8, 0.1, customers=customers, acquisition_cost=1)

    def test_negative_acquisition_cost(self):
        with pytest.raises(kt.ParameterError, match=r"`acquisition_cost` must be at least 0"):
            kt.retention_vs_acquisition(100, 0.8, 0.1, customers=1, acquisition_cost=-1)

    def test_model_inputs_validated_as_in_clv(self):
        with pytest.raises(kt.ParameterError, match=r"`retention` must be a fraction"):
            kt.retention_vs_acquisition(100, 1.2, 0.1, customers=1, acquisition_cost=1)

    @given(
        margins,
        st.floats(0.01, 0.9),
        rates,
        st.floats(0.001, 0.09),
        st.floats(1, 1e5),
        st.floats(0, 200),
    )
    def test_budget_equivalent_buys_the_same_value(self, m, r, i, g, n, cost):
        result = kt.retention_vs_acquisition(
            m, r, i, customers=n, acquisition_cost=cost, retention_gain=g
        )
        assert result["value_of_retention_gain"] > 0
        assert result["clv_after_gain"] > result["clv_now"]
        if result["value_per_new_customer"] > 0:
            created = result["new_customers_equivalent"] * result["value_per_new_customer"]
            assert created == pytest.approx(result["value_of_retention_gain"])
        else:
            assert math.isnan(result["acquisition_budget_equivalent"])


# ---------------------------------------------------------- retention_gain_for_budget


class TestRetentionGainForBudget:
    def test_hand_computed_closed_form(self):
        # inverse of the hand case above: 94,285.71 of acquisition = 5 points of retention
        gain = kt.retention_gain_for_budget(
            100, 0.8, 0.1, customers=1000, acquisition_cost=150, budget=94_285.714286
        )
        assert gain == pytest.approx(0.05)

    def test_finite_horizon_by_bisection(self):
        # from the finite hand case: 192.31 of budget = 50 points at horizon 2
        gain = kt.retention_gain_for_budget(
            100, 0.5, 0.0, customers=10, acquisition_cost=10, budget=1250 / 65 * 10, horizon=2
        )
        assert gain == pytest.approx(0.5, abs=1e-10)

    def test_margin_sequence(self):
        kwargs = {"customers": 50, "acquisition_cost": 40}
        result = kt.retention_vs_acquisition([30, 60, 90], 0.6, 0.08, retention_gain=0.1, **kwargs)
        gain = kt.retention_gain_for_budget(
            [30, 60, 90], 0.6, 0.08, budget=result["acquisition_budget_equivalent"], **kwargs
        )
        assert gain == pytest.approx(0.1, abs=1e-10)

    def test_zero_budget_needs_no_gain(self):
        gain = kt.retention_gain_for_budget(
            100, 0.8, 0.1, customers=10, acquisition_cost=100, budget=0
        )
        assert gain == 0.0

    def test_unreachable_gives_nan(self):
        # at r = 1 a customer is worth 100 / 0.1 = 1000 at most; the budget needs far more
        gain = kt.retention_gain_for_budget(
            100, 0.8, 0.1, customers=1, acquisition_cost=100, budget=1e9
        )
        assert math.isnan(gain)
        gain = kt.retention_gain_for_budget(
            100, 0.8, 0.1, customers=1, acquisition_cost=100, budget=1e9, horizon=5
        )
        assert math.isnan(gain)

    def test_not_worth_acquiring_gives_nan(self):
        gain = kt.retention_gain_for_budget(
            100, 0.8, 0.1, customers=1, acquisition_cost=500, budget=1000
        )
        assert math.isnan(gain)

    def test_zero_acquisition_cost(self):
        with pytest.raises(kt.ParameterError, match=r"`acquisition_cost` must be greater than 0"):
            kt.retention_gain_for_budget(100, 0.8, 0.1, customers=1, acquisition_cost=0, budget=1)

    def test_negative_budget(self):
        with pytest.raises(kt.ParameterError, match=r"`budget` must be at least 0.*-1"):
            kt.retention_gain_for_budget(100, 0.8, 0.1, customers=1, acquisition_cost=1, budget=-1)

    @pytest.mark.parametrize("margin", [-100, 0, [0, 0], [10, -5]])
    def test_margin_must_be_positive(self, margin):
        with pytest.raises(kt.ParameterError, match=r"`margin` must be >= 0 in every period"):
            kt.retention_gain_for_budget(
                margin, 0.8, 0.1, customers=1, acquisition_cost=1, budget=1
            )

    @given(
        margins,
        st.floats(0.01, 0.9),
        rates,
        st.floats(0.001, 0.09),
        st.floats(1, 1e4),
        st.floats(0.01, 100),
        st.one_of(st.none(), st.integers(1, 30)),
    )
    def test_round_trip_with_retention_vs_acquisition(self, m, r, i, g, n, cost, horizon):
        kwargs = {"customers": n, "acquisition_cost": cost, "horizon": horizon}
        result = kt.retention_vs_acquisition(m, r, i, retention_gain=g, **kwargs)
        budget = result["acquisition_budget_equivalent"]
        assume(result["value_per_new_customer"] > 0)
        gain = kt.retention_gain_for_budget(m, r, i, budget=budget, **kwargs)
        assert gain == pytest.approx(g, rel=1e-6, abs=1e-9)


# -------------------------------------------------------------------- clv_by_retention


class TestClvByRetention:
    def test_hand_computed(self):
        # i = 0.1: 100 r / (1.1 - r): r = 0.5 -> 50 / 0.6 = 83.33, r = 0.8 -> 80 / 0.3 = 266.67
        table = kt.clv_by_retention(100, [0.5, 0.8], 0.1)
        assert list(table.columns) == ["retention", "clv"]
        assert table["retention"].tolist() == [0.5, 0.8]
        assert table["clv"].tolist() == pytest.approx([83.3333333, 266.6666667])

    def test_each_value_is_kt_clv(self):
        retentions = np.round(np.linspace(0.0, 0.99, 100), 10)
        for horizon in (None, 1, 7):
            table = kt.clv_by_retention(250, retentions, 0.08, horizon=horizon)
            for r, value in table.itertuples(index=False):
                assert value == pytest.approx(kt.clv(250, r, 0.08, horizon=horizon), rel=1e-12)

    def test_equal_to_kt_clv_to_the_last_digit_without_horizon(self):
        # the widget's chart and its readout must show the very same number
        table = kt.clv_by_retention(100, [0.5, 0.73, 0.8, 0.95], 0.1)
        assert table["clv"].tolist() == [kt.clv(100, r, 0.1) for r in table["retention"]]

    def test_infinite_clv_is_nan(self):
        # no horizon, i = 0: r = 1 >= 1 + i diverges; r = 0.5 is 100 * 0.5 / 0.5 = 100
        table = kt.clv_by_retention(100, [0.5, 1.0], 0.0)
        assert table["clv"].iloc[0] == pytest.approx(100.0)
        assert math.isnan(table["clv"].iloc[1])
        with pytest.raises(kt.ParameterError, match="CLV is infinite"):
            kt.clv(100, 1.0, 0.0)  # what kt.clv says for the same point

    def test_negative_discount_rate_gap_starts_at_one_plus_i(self):
        # i = -0.05: infinite from r >= 0.95 on
        table = kt.clv_by_retention(10, [0.9, 0.94, 0.95, 0.99], -0.05)
        assert table["clv"].isna().tolist() == [False, False, True, True]

    def test_overflow_is_nan(self):
        # q = 1 / 0.5 = 2 over 100,000 periods overflows; q = 0.5 / 0.5 = 1 gives 10 * T
        table = kt.clv_by_retention(10, [0.5, 1.0], -0.5, horizon=100_000)
        assert table["clv"].iloc[0] == 1_000_000.0
        assert math.isnan(table["clv"].iloc[1])

    def test_horizon_edge_cases(self):
        # r = 0 is worth nothing; r = 1 with i = 0 counts every period: 100 * 5
        table = kt.clv_by_retention(100, [0.0, 1.0], 0.0, horizon=5)
        assert table["clv"].tolist() == [0.0, 500.0]

    def test_margin_per_period(self):
        # q = 0.8 / 1.1; 100 q + 120 q^2 + 150 q^3 = 193.90 (as in kt.clv)
        table = kt.clv_by_retention([100, 120, 150], [0.0, 0.8], 0.1)
        assert table["clv"].tolist() == pytest.approx([0.0, 193.8993238])

    def test_acquisition_cost(self):
        # 266.67 - 150 = 116.67
        table = kt.clv_by_retention(100, [0.8], 0.1, acquisition_cost=150)
        assert table["clv"].iloc[0] == pytest.approx(116.6666667)

    def test_series_and_array_keep_the_order_given(self):
        table = kt.clv_by_retention(100, pd.Series([0.9, 0.1], index=["x", "y"]), 0.1)
        assert table["retention"].tolist() == [0.9, 0.1]
        assert isinstance(table.index, pd.RangeIndex)

    @pytest.mark.parametrize(
        ("retentions", "error", "match"),
        [
            ([], kt.EmptyDataError, r"`retentions` is empty"),
            (0.8, kt.WrongTypeError, r"`retentions` must be a list .* but 0.8 was passed"),
            ("0.8", kt.WrongTypeError, r"but '0.8' was passed"),
            ([[0.5, 0.6]], kt.WrongTypeError, r"`retentions` must be a list"),
            ([0.5, "x"], kt.WrongTypeError, r"must hold numbers, .* entry 1 \('x'\)"),
            ([0.5, True], kt.WrongTypeError, r"entry 1 \(True\)"),
            ([0.5, 1.5], kt.ParameterError, r"fractions in \[0, 1\].* entry 1 \(1.5\)"),
            ([-0.1], kt.ParameterError, r"1 are not, e.g. entry 0 \(-0.1\)"),
            ([0.5, np.nan], kt.ParameterError, r"entry 1 \(nan\)"),
        ],
    )
    def test_bad_retentions(self, retentions, error, match):
        with pytest.raises(error, match=match):
            kt.clv_by_retention(100, retentions, 0.1)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"discount_rate": -1}, kt.ParameterError, r"`discount_rate` must be greater than -1"),
            ({"margin": "100"}, kt.WrongTypeError, r"`margin` must be"),
            ({"horizon": 0}, kt.ParameterError, r"`horizon` must be at least 1"),
            ({"acquisition_cost": -5}, kt.ParameterError, r"`acquisition_cost` must be at least"),
        ],
    )
    def test_bad_model_arguments_as_in_clv(self, kwargs, error, match):
        args = {"margin": 100, "discount_rate": 0.1} | kwargs
        margin, rate = args.pop("margin"), args.pop("discount_rate")
        with pytest.raises(error, match=match):
            kt.clv_by_retention(margin, [0.5], rate, **args)

    @given(
        margins,
        st.lists(st.floats(0, 1), min_size=1, max_size=20),
        st.floats(-0.5, 0.5),
        st.one_of(st.none(), st.integers(1, 60)),
    )
    def test_matches_clv_or_is_nan_where_clv_refuses(self, m, retentions, i, horizon):
        table = kt.clv_by_retention(m, retentions, i, horizon=horizon)
        for r, value in table.itertuples(index=False):
            try:
                expected = kt.clv(m, r, i, horizon=horizon)
            except kt.ParameterError:
                assert math.isnan(value)
            else:
                assert value == pytest.approx(expected, rel=1e-9, abs=1e-9)


# ------------------------------------------------------------------ clv_declining_share


def declining(m, g, i, horizon, r=1.0):
    return kt.clv_declining_share(m, share_decline=g, discount_rate=i, horizon=horizon, retention=r)


class TestClvDecliningShare:
    def test_hand_computed(self):
        # 100, 80, 64 at the end of years 1-3, discounted at 10%:
        # 90.9091 + 66.1157 + 48.0841 = 205.1089
        assert declining(100, 0.2, 0.1, 3) == pytest.approx(100 / 1.1 + 80 / 1.21 + 64 / 1.331)
        assert declining(100, 0.2, 0.1, 3) == pytest.approx(205.1089, abs=1e-4)

    def test_with_retention(self):
        # m_t = 100 * 0.9**(t-1), kept with probability 0.8**t, i = 0:
        # 80 + 90 * 0.64 = 137.6 over two years
        assert declining(100, 0.1, 0.0, 2, r=0.8) == pytest.approx(137.6)

    def test_no_horizon(self):
        # m * q / (1 - s): q = 1/1.1, s = 0.8/1.1 -> 100/1.1 / (0.3/1.1) = 333.33
        assert declining(100, 0.2, 0.1, None) == pytest.approx(1000 / 3)

    def test_no_decline_is_the_retention_model(self):
        assert declining(100, 0.0, 0.1, 5) == pytest.approx(kt.clv(100, 1.0, 0.1, horizon=5))
        assert declining(100, 0.0, 0.1, 5, r=0.8) == pytest.approx(kt.clv(100, 0.8, 0.1, horizon=5))
        assert declining(100, 0.0, 0.1, None, r=0.8) == pytest.approx(kt.clv(100, 0.8, 0.1))
        assert declining(100, 0.0, 0.0, 4) == pytest.approx(400.0)  # s = 1: m * q * T

    def test_full_decline_leaves_only_the_first_year(self):
        assert declining(100, 1.0, 0.1, 10) == pytest.approx(100 / 1.1)
        assert declining(100, 1.0, 0.1, None) == pytest.approx(100 / 1.1)
        assert declining(100, 1.0, 0.1, 10, r=0.5) == pytest.approx(50 / 1.1)

    def test_buying_less_is_leaving_one_year_later(self):
        # margin falling by g a year = retention 1 - g, without the first year's risk
        for g, horizon in ((0.15, 5), (0.3, 12), (0.2, None)):
            assert declining(100, g, 0.1, horizon) == pytest.approx(
                kt.clv(100, 1 - g, 0.1, horizon=horizon) / (1 - g)
            )

    def test_zero_retention_and_a_loss(self):
        assert declining(100, 0.2, 0.1, 5, r=0.0) == 0.0
        assert declining(-100, 0.2, 0.1, 2) == pytest.approx(-(100 / 1.1 + 80 / 1.21))

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"share_decline": 1.5}, kt.ParameterError, r"`share_decline` must be a fraction"),
            ({"share_decline": 15}, kt.ParameterError, r"Did you mean 0.15"),
            ({"share_decline": -0.1}, kt.ParameterError, r"`share_decline`"),
            ({"retention": 1.2}, kt.ParameterError, r"`retention`"),
            ({"discount_rate": -1}, kt.ParameterError, r"`discount_rate` must be greater than -1"),
            ({"horizon": 0}, kt.ParameterError, r"`horizon` must be at least 1"),
            ({"horizon": 2.5}, kt.WrongTypeError, r"`horizon` must be a whole number"),
            ({"margin": [100, 90]}, kt.WrongTypeError, r"`margin` must be one number"),
            ({"margin": True}, kt.WrongTypeError, r"`margin`"),
            ({"share_decline": "0.1"}, kt.WrongTypeError, r"`share_decline`"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        args = {"margin": 100, "share_decline": 0.1, "discount_rate": 0.1, "horizon": 5}
        args |= kwargs
        margin = args.pop("margin")
        with pytest.raises(error, match=match):
            kt.clv_declining_share(margin, **args)

    def test_horizon_must_be_stated(self):
        with pytest.raises(TypeError):
            kt.clv_declining_share(100, share_decline=0.1, discount_rate=0.1)  # no horizon

    def test_infinite_without_horizon(self):
        with pytest.raises(kt.ParameterError, match="infinite"):
            declining(100, 0.0, 0.0, None)
        assert math.isfinite(declining(100, 0.0, 0.0, 50))

    @given(
        margins,
        st.floats(0, 1),
        st.floats(0, 1),
        rates,
        st.one_of(st.none(), st.integers(1, 60)),
        retentions,
    )
    def test_more_decline_never_raises_the_value(self, m, g1, g2, i, horizon, r):
        low, high = sorted((g1, g2))
        assert (
            declining(m, high, i, horizon, r)
            <= declining(m, low, i, horizon, r) * (1 + 1e-12) + 1e-9
        )

    @given(margins, st.floats(0, 1), rates, st.integers(1, 40), retentions)
    def test_matches_the_general_sum(self, m, g, i, horizon, r):
        margins_per_year = [m * (1 - g) ** (t - 1) for t in range(1, horizon + 1)]
        assert declining(m, g, i, horizon, r) == pytest.approx(
            general_sum(margins_per_year, r, i), rel=1e-9, abs=1e-9
        )
        assert declining(m, g, i, horizon, r) == pytest.approx(
            kt.clv(margins_per_year, r, i), rel=1e-9, abs=1e-9
        )

    @given(margins, st.floats(0, 1), rates, retentions)
    def test_between_the_first_year_and_no_decline(self, m, g, i, r):
        value = declining(m, g, i, 10, r)
        assert declining(m, 1.0, i, 10, r) * (1 - 1e-12) <= value
        assert value <= declining(m, 0.0, i, 10, r) * (1 + 1e-12)
