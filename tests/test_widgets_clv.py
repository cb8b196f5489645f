"""Headless tests of the CLV calculator (kamtools.widgets.clv_calculator).

Inputs are typed and sliders moved as a learner would; the numbers shown are compared with
kt.clv, kt.retention_vs_acquisition and kt.retention_gain_for_budget called directly.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kamtools as kt
from kamtools.widgets.clv_calculator import CLVCalculator


@pytest.fixture
def calc():
    widget = CLVCalculator()
    yield widget
    widget.close()


def marker(widget: CLVCalculator, prefix: str):
    """(x, y) of the chart's point whose legend label starts with ``prefix``, or None."""
    for line in widget.figure.axes[0].lines:
        if line.get_label().startswith(prefix):
            return float(line.get_xdata()[0]), float(line.get_ydata()[0])
    return None


class TestDefaults:
    def test_results(self, calc):
        r = calc.result
        assert r["inputs"] == {
            "margin": 100.0,
            "retention": 0.8,
            "discount_rate": 0.1,
            "acquisition_cost": 150.0,
            "horizon": None,
            "customers": 1000,
            "budget": 50_000.0,
            "retention_gain": 0.05,
            "share_decline": 0.0,
        }
        # no decline: the customer who buys less is the plain retention model
        assert r["clv_declining_share"] == pytest.approx(r["clv"], rel=1e-12)
        # 100 * 0.8 / (1 + 0.1 - 0.8) = 266.67, minus 150 = 116.67
        assert r["clv"] == pytest.approx(266.6667, abs=1e-4)
        assert r["clv"] == kt.clv(100, 0.8, 0.1)
        assert r["clv_after_acquisition"] == kt.clv(100, 0.8, 0.1, acquisition_cost=150)
        pd.testing.assert_series_equal(
            r["comparison"],
            kt.retention_vs_acquisition(
                100, 0.8, 0.1, customers=1000, acquisition_cost=150, retention_gain=0.05
            ),
        )
        # 50,000 / 150 new customers x 116.67 = 38,888.89, i.e. 38.89 per existing customer:
        # CLV must reach C = 305.56, so r = C * 1.1 / (100 + C) = 0.82877: a gain of 2.88 points
        assert r["retention_gain_for_budget"] == pytest.approx(0.028767, abs=1e-6)
        assert r["retention_gain_for_budget"] == kt.retention_gain_for_budget(
            100, 0.8, 0.1, customers=1000, acquisition_cost=150, budget=50_000
        )
        assert r["errors"] == {} and calc.error == "" and calc.status_html.value == ""

    def test_what_is_shown(self, calc):
        text = calc.results_html.value
        assert "<b>266.67</b>" in text
        assert "<b>116.67</b> (a new customer pays back)" in text
        assert "Retention gain worth a budget of 50,000" in text
        assert "2.88 points (retention 80.0% &rarr; 82.9%)" in text
        table = calc.table_html.value
        assert "+5 points of retention" in table
        assert "New customers that would create the same value" in table and "628.57" in table
        assert "94,285.71" in table

    def test_chart(self, calc):
        curve = calc.result["curve"]
        assert curve["retention"].iloc[0] == 0.5 and curve["retention"].iloc[-1] == 0.95
        assert len(curve) == 46
        # 100 * 0.5 / (1.1 - 0.5) = 83.33
        assert curve["clv"].iloc[0] == pytest.approx(83.3333, abs=1e-4)
        for r, value in curve.itertuples(index=False):
            assert value == kt.clv(100, r, 0.1)
        assert marker(calc, "your retention") == pytest.approx((0.8, calc.result["clv"]))
        assert marker(calc, "after +5 points") == pytest.approx((0.85, 340.0))  # 85 / 0.25
        ax = calc.figure.axes[0]
        assert ax.get_title() == (
            "CLV against retention (margin 100 a year, discount rate 10%, no horizon)"
        )
        assert ax.title.get_fontsize() >= 12 and ax.xaxis.label.get_fontsize() >= 12
        assert tuple(calc.figure.get_size_inches()) == (9.0, 5.0)
        assert calc.png.startswith(b"\x89PNG")


class TestControls:
    def test_retention_slider(self, calc):
        png = calc.png
        calc.retention_slider.value = 0.9
        # 100 * 0.9 / (1.1 - 0.9) = 450
        assert calc.result["clv"] == pytest.approx(450.0)
        assert marker(calc, "your retention") == pytest.approx((0.9, 450.0))
        assert calc.png != png
        assert "<b>450.00</b>" in calc.results_html.value

    def test_retention_outside_the_chart_range_widens_it(self, calc):
        calc.retention_slider.value = 0.3
        curve = calc.result["curve"]
        assert curve["retention"].iloc[0] == 0.3 and curve["retention"].iloc[-1] == 0.95
        assert marker(calc, "your retention") == pytest.approx((0.3, 100 * 0.3 / 0.8))

    def test_horizon(self, calc):
        assert calc.horizon_slider.disabled
        calc.unlimited_checkbox.value = False
        assert not calc.horizon_slider.disabled
        calc.horizon_slider.value = 3
        # q = 0.8 / 1.1; 100 * (q + q^2 + q^3) = 72.73 + 52.89 + 38.47 = 164.09
        assert calc.result["clv"] == pytest.approx(164.0872, abs=1e-4)
        assert calc.result["clv"] == pytest.approx(kt.clv(100, 0.8, 0.1, horizon=3), rel=1e-12)
        assert calc.result["inputs"]["horizon"] == 3
        assert calc.figure.axes[0].get_title().endswith("3 years)")
        calc.unlimited_checkbox.value = True
        assert calc.result["clv"] == kt.clv(100, 0.8, 0.1) and calc.horizon_slider.disabled

    def test_typed_inputs(self, calc):
        calc.margin_text.value = 250
        calc.discount_text.value = "0.05"
        calc.acquisition_text.value = 500
        calc.customers_text.value = 200
        calc.budget_text.value = 10_000
        calc.gain_slider.value = 0.02
        args = (250.0, 0.8, 0.05)
        assert calc.result["clv"] == kt.clv(*args)
        assert calc.result["clv_after_acquisition"] == kt.clv(*args, acquisition_cost=500)
        pd.testing.assert_series_equal(
            calc.result["comparison"],
            kt.retention_vs_acquisition(
                *args, customers=200, acquisition_cost=500, retention_gain=0.02
            ),
        )
        assert calc.result["retention_gain_for_budget"] == kt.retention_gain_for_budget(
            *args, customers=200, acquisition_cost=500, budget=10_000
        )
        assert "+2 points of retention" in calc.table_html.value

    def test_infinite_clv_shows_the_message_not_a_traceback(self, calc):
        calc.retention_slider.value = 0.99
        calc.discount_text.value = "-0.01"  # r = 0.99 >= 1 + i = 0.99: no finite CLV
        assert math.isnan(calc.result["clv"])
        assert "CLV is infinite" in calc.result["errors"]["clv"]
        assert calc.error == calc.result["errors"]["clv"]
        status = calc.status_html.value
        assert status.count("&#9888;") == 1  # the same cause is said once, not three times
        assert "Cannot compute the CLV: With no horizon the CLV is infinite" in status
        assert calc.results_html.value == "" and calc.table_html.value == ""
        assert marker(calc, "your retention") is None
        # the chart still shows where the CLV is finite, and says where it is not
        curve = calc.result["curve"]
        assert curve.loc[curve["retention"] < 0.99, "clv"].notna().all()
        texts = [t.get_text() for t in calc.figure.axes[0].texts]
        assert any("no finite CLV from retention 99% on" in t for t in texts)
        # a finite horizon makes it computable again
        calc.unlimited_checkbox.value = False
        assert "clv" not in calc.result["errors"]
        assert calc.result["clv"] == kt.clv(100, 0.99, -0.01, horizon=10)
        # (0.99 + the default gain of 0.05 is above 1: only the comparison is refused)
        assert list(calc.result["errors"]) == ["comparison"]

    def test_discount_rate_of_minus_one_everywhere(self, calc):
        calc.discount_text.value = "-1"
        assert "`discount_rate` must be greater than -1" in calc.error
        texts = [t.get_text() for t in calc.figure.axes[0].texts]
        assert texts == ["No chart for these numbers: see the message above."]

    def test_new_customer_not_worth_winning(self, calc):
        calc.acquisition_text.value = 400
        assert math.isnan(calc.result["retention_gain_for_budget"])
        # 266.67 - 400 = -133.33
        assert "<b>-133.33</b> (a new customer does not pay back)" in calc.results_html.value
        assert "none: a new customer is worth less than it costs to win" in (
            calc.results_html.value
        )
        assert calc.error == ""

    def test_budget_beyond_any_retention(self, calc):
        calc.budget_text.value = 1e9
        assert math.isnan(calc.result["retention_gain_for_budget"])
        assert "even 100% retention creates less value than this budget" in (
            calc.results_html.value
        )

    def test_one_refused_question_does_not_hide_the_others(self, calc):
        calc.acquisition_text.value = 0
        assert calc.result["errors"] == {
            "gain": "`acquisition_cost` must be greater than 0, but 0.0 was passed."
        }
        assert calc.result["clv"] == kt.clv(100, 0.8, 0.1)
        assert calc.result["comparison"] is not None
        assert "Cannot compute the retention gain for the budget" in calc.status_html.value

    def test_retention_plus_gain_above_one(self, calc):
        calc.retention_slider.value = 0.99
        calc.gain_slider.value = 0.05
        assert (
            "`retention` + `retention_gain` must be at most 1"
            in (calc.result["errors"]["comparison"])
        )
        assert calc.table_html.value == ""
        assert marker(calc, "after") is None
        assert not math.isnan(calc.result["clv"])

    def test_no_customers(self, calc):
        calc.customers_text.value = 0
        message = "`customers` must be greater than 0, but 0 was passed."
        assert calc.result["errors"] == {"comparison": message, "gain": message}
        assert calc.status_html.value.count("&#9888;") == 1

    def test_repr_and_close(self, calc):
        bundle = calc._repr_mimebundle_()
        assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == (
            calc.root.model_id
        )
        calc.close()
        assert calc.root.comm is None and calc.retention_slider.comm is None


class TestShareOfWalletSlider:
    """The "share of wallet falls each year by" slider: kt.clv_declining_share."""

    def test_decline_adds_a_row_and_leaves_the_rest(self, calc):
        assert "buys" not in calc.results_html.value  # no decline: no extra row
        curve = calc.result["curve"]
        calc.decline_slider.value = 0.2
        r = calc.result
        assert r["inputs"]["share_decline"] == 0.2
        # m_t = 100 * 0.8**(t-1), kept with probability 0.8**t, i = 0.1:
        # 100 * q / (1 - 0.8 * q), q = 0.8 / 1.1 -> 72.727 / 0.41818 = 173.91
        assert r["clv_declining_share"] == pytest.approx(173.913, abs=1e-3)
        assert r["clv_declining_share"] == kt.clv_declining_share(
            100, share_decline=0.2, discount_rate=0.1, horizon=None, retention=0.8
        )
        assert "CLV if it also buys 20% less each year" in calc.results_html.value
        assert "<b>173.91</b>" in calc.results_html.value
        assert r["clv"] == kt.clv(100, 0.8, 0.1)  # the retention model itself is unchanged
        pd.testing.assert_frame_equal(r["curve"], curve)  # the chart keeps the retention model

    def test_decline_with_a_horizon_and_full_decline(self, calc):
        calc.unlimited_checkbox.value = False
        calc.horizon_slider.value = 5
        calc.decline_slider.value = 0.5
        assert calc.result["clv_declining_share"] == pytest.approx(
            kt.clv_declining_share(
                100, share_decline=0.5, discount_rate=0.1, horizon=5, retention=0.8
            )
        )
        assert calc.result["clv_declining_share"] < calc.result["clv"]

    def test_starting_value_and_range(self):
        w = CLVCalculator(share_decline=0.1)
        assert w.decline_slider.value == 0.1
        assert w.result["clv_declining_share"] < w.result["clv"]
        w.close()
        with pytest.raises(kt.ParameterError, match=r"`share_decline` must be between 0 and 0.5"):
            CLVCalculator(share_decline=0.6)

    def test_refused_inputs_leave_it_nan(self, calc):
        calc.discount_text.value = "8"
        assert math.isnan(calc.result["clv_declining_share"])


class TestArguments:
    def test_starting_values(self):
        w = CLVCalculator(margin=80, retention=0.6, discount_rate=0.08, horizon=5, customers=50)
        assert not w.unlimited_checkbox.value and w.horizon_slider.value == 5
        assert w.result["clv"] == kt.clv(80, 0.6, 0.08, horizon=5)
        w.close()

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"margin": "100"}, kt.WrongTypeError, r"`margin` must be a number, but '100'"),
            ({"margin": math.inf}, kt.ParameterError, r"`margin` must be a finite number"),
            ({"retention": 1.0}, kt.ParameterError, r"`retention` must be between 0 and 0.99"),
            ({"retention_gain": 0.5}, kt.ParameterError, r"between 0 and 0.2 .* 0.5 was passed"),
            ({"horizon": 0}, kt.ParameterError, r"`horizon` must be between 1 and 50 .* 0 was"),
            ({"horizon": 60}, kt.ParameterError, r"but 60 was passed"),
            ({"horizon": 2.5}, kt.WrongTypeError, r"`horizon` must be a whole number .* 2.5"),
            ({"customers": 10.5}, kt.WrongTypeError, r"`customers` must be a whole number .* 10.5"),
            ({"budget": None}, kt.WrongTypeError, r"`budget` must be a number, but None"),
        ],
    )
    def test_refused(self, kwargs, error, match):
        with pytest.raises(error, match=match):
            CLVCalculator(**kwargs)

    @settings(max_examples=15, deadline=None)
    @given(
        margin=st.floats(1, 1000),
        retention=st.integers(0, 99).map(lambda k: k / 100),
        rate=st.floats(0, 0.3),
        horizon=st.one_of(st.none(), st.integers(1, 50)),
    )
    def test_matches_kt_clv(self, margin, retention, rate, horizon):
        w = CLVCalculator(margin=margin, retention=retention, discount_rate=rate, horizon=horizon)
        assert w.result["clv"] == kt.clv(margin, retention, rate, horizon=horizon)
        assert np.isfinite(w.result["curve"]["clv"]).all()  # i >= 0 and r < 1: all finite
        w.close()


class TestTypedDiscountRate:
    """The discount rate is typed as people write it; a slip like 8 for 8% is explained."""

    @pytest.mark.parametrize("typed", ["8%", "0,08", "0.08", " 8 % "])
    def test_eight_percent_in_any_common_form(self, calc, typed):
        calc.discount_text.value = typed
        assert calc.error == ""
        assert calc.result["clv"] == kt.clv(100, 0.8, 0.08)

    def test_eight_without_a_percent_sign_is_explained_not_used(self, calc):
        calc.discount_text.value = "8"
        assert math.isnan(calc.result["clv"]) and calc.result["comparison"] is None
        assert calc.error == (
            "A discount rate of 8 means 800% a year. For a rate in percent, add the % sign "
            "(8%), or write it as a fraction (0.08)."
        )
        status = calc.status_html.value
        assert status.count("&#9888;") == 1 and "800% a year" in status
        assert calc.results_html.value == "" and calc.table_html.value == ""
        calc.discount_text.value = "8%"  # the advice works
        assert calc.error == "" and calc.result["clv"] == kt.clv(100, 0.8, 0.08)

    def test_text_that_is_no_number_names_what_was_typed(self, calc):
        calc.discount_text.value = "ten"
        assert "'ten'" in calc.error and math.isnan(calc.result["clv"])
