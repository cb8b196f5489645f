"""Tests of kamtools.analysis.plots: the right data is drawn, reference marks sit where they should.

Every chart is compared with the analysis function behind it (pareto_table, lorenz_curve,
whale_curve, portfolio_quadrant, clv_by_retention), so a chart can never tell a learner
something the table does not. Figures are headless (Agg, set in conftest) and closed after each test.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.container import BarContainer
from matplotlib.patches import StepPatch

import kamtools as kt
from kamtools.analysis.matrix_plots import _QUADRANT_COLOURS

# ----------------------------------------------------------------------------- helpers


def _dashed_lines(ax: Axes) -> list:
    return [line for line in ax.lines if line.get_linestyle() == "--"]


def _vertical_at(ax: Axes, x: float) -> bool:
    """Whether ``ax`` has a dashed full-height line (axvline) at data x = ``x``."""
    return any(
        np.allclose(np.asarray(line.get_xdata(), dtype=float), x)
        and list(line.get_ydata()) == [0, 1]
        for line in _dashed_lines(ax)
    )


def _horizontal_at(ax: Axes, y: float) -> bool:
    """Whether ``ax`` has a dashed full-width line (axhline) at data y = ``y``."""
    return any(
        np.allclose(np.asarray(line.get_ydata(), dtype=float), y)
        and list(line.get_xdata()) == [0, 1]
        for line in _dashed_lines(ax)
    )


def _xy(line) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


def _all_text(ax: Axes) -> str:
    parts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    parts += [t.get_text() for t in ax.texts]
    legend = ax.get_legend()
    if legend is not None:
        parts += [t.get_text() for t in legend.get_texts()]
    return "\n".join(parts)


positive_values = st.lists(
    st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=80,
)


# ----------------------------------------------------------------------------- palette


def test_palette_is_okabe_ito():
    # The eight colours published by Okabe & Ito (2008), plus R's neutral grey.
    assert kt.PALETTE == {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish_purple": "#CC79A7",
        "grey": "#999999",
    }


def test_public_api_listed():
    assert set(kt.plots.__all__) == {
        "plot_pareto",
        "plot_lorenz",
        "plot_whale",
        "plot_clv",
        "plot_price_waterfall",
        "PALETTE",
    }
    assert set(kt.matrix_plots.__all__) == {"plot_portfolio", "plot_kraljic"}
    for name in (*kt.plots.__all__, *kt.matrix_plots.__all__):
        assert getattr(kt, name) is not None


def test_import_kamtools_does_not_import_pyplot():
    code = "import sys, kamtools; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


# ------------------------------------------------------------------- shared behaviour

ALL_PLOTS = [
    ("pareto", lambda **kw: kt.plot_pareto([50, 20, 10, 10, 5, 5], **kw)),
    ("lorenz", lambda **kw: kt.plot_lorenz([1, 2, 3, 4], **kw)),
    ("whale", lambda **kw: kt.plot_whale([100, 60, 20, -30, -50], **kw)),
    ("portfolio", lambda **kw: kt.plot_portfolio([8, 3, 6], [7, 2, 4], **kw)),
    ("clv", lambda **kw: kt.plot_clv(100, 0.8, 0.1, **kw)),
    (
        "kraljic",
        lambda **kw: kt.plot_kraljic(
            pd.DataFrame({"profit_impact": [8, 2], "supply_risk": [7, 3]}, index=["a", "b"]),
            **kw,
        ),
    ),
]


@pytest.mark.parametrize(("name", "draw"), ALL_PLOTS, ids=[p[0] for p in ALL_PLOTS])
def test_returns_axes_of_a_new_figure(name, draw):
    before = set(plt.get_fignums())
    ax = draw()
    assert isinstance(ax, Axes)
    assert set(plt.get_fignums()) - before == {ax.figure.number}


@pytest.mark.parametrize(("name", "draw"), ALL_PLOTS, ids=[p[0] for p in ALL_PLOTS])
def test_draws_onto_the_axes_passed(name, draw):
    fig, (left, right) = plt.subplots(1, 2)
    n_figs = len(plt.get_fignums())
    ax = draw(ax=right)
    assert ax is right
    assert len(plt.get_fignums()) == n_figs  # no new figure
    assert right.lines or right.collections
    assert not left.lines and not left.patches and not left.collections


@pytest.mark.parametrize(("name", "draw"), ALL_PLOTS, ids=[p[0] for p in ALL_PLOTS])
@pytest.mark.parametrize("bad", ["ax", 3, [1, 2]])
def test_bad_ax_is_a_wrong_type_error(name, draw, bad):
    with pytest.raises(kt.WrongTypeError, match=r"`ax` must be a matplotlib Axes.*but"):
        draw(ax=bad)


BAD_INPUT = [
    ("pareto", lambda: kt.plot_pareto([1, -1]), kt.NegativeValuesError),
    ("lorenz", lambda: kt.plot_lorenz([]), kt.EmptyDataError),
    ("whale", lambda: kt.plot_whale([1, np.nan]), kt.DataError),
    ("portfolio", lambda: kt.plot_portfolio([8, 3], [7, 2], size=[1]), kt.DataError),
    ("clv", lambda: kt.plot_clv(100, 0.8, -1), kt.ParameterError),
    (
        "kraljic",
        lambda: kt.plot_kraljic(pd.DataFrame({"profit_impact": [11], "supply_risk": [2]})),
        kt.DataError,
    ),
]


@pytest.mark.parametrize(("name", "draw", "error"), BAD_INPUT, ids=[p[0] for p in BAD_INPUT])
def test_bad_input_leaves_no_empty_figure(name, draw, error):
    before = plt.get_fignums()
    with pytest.raises(error):
        draw()
    assert plt.get_fignums() == before


@pytest.mark.parametrize(("name", "draw"), ALL_PLOTS, ids=[p[0] for p in ALL_PLOTS])
def test_no_global_style_change_and_no_show(name, draw, monkeypatch):
    def _no_show(*args, **kwargs):
        raise AssertionError("plt.show() must not be called by kamtools")

    monkeypatch.setattr(plt, "show", _no_show)
    before = dict(mpl.rcParams)
    ax = draw()
    ax.figure.canvas.draw()
    assert dict(mpl.rcParams) == before


@pytest.mark.parametrize(("name", "draw"), ALL_PLOTS, ids=[p[0] for p in ALL_PLOTS])
def test_text_is_projector_sized(name, draw):
    ax = draw()
    assert ax.title.get_fontsize() >= 14
    assert ax.xaxis.label.get_fontsize() >= 12
    assert all(t.get_fontsize() >= 11 for t in ax.get_xticklabels())


# ------------------------------------------------------------------------------ Pareto


class TestPlotPareto:
    VALUES = {"a": 50, "b": 20, "c": 10, "d": 10, "e": 5, "f": 5}

    def test_cumulative_line_is_the_pareto_table(self):
        ax = kt.plot_pareto(self.VALUES)
        table = kt.pareto_table(self.VALUES)
        x, y = _xy(ax.right_ax.lines[0])
        np.testing.assert_allclose(x, np.r_[0, table["cumulative_customer_share"] * 100])
        np.testing.assert_allclose(y, np.r_[0, table["cumulative_share"] * 100])

    def test_hand_computed_curve(self):
        # total 100: cumulative 50, 70, 80, 90, 95, 100 (%) at 1/6 .. 6/6 of customers
        ax = kt.plot_pareto(self.VALUES)
        x, y = _xy(ax.right_ax.lines[0])
        np.testing.assert_allclose(y, [0, 50, 70, 80, 90, 95, 100])
        np.testing.assert_allclose(x, np.arange(7) / 6 * 100)

    def test_bars_are_the_values_largest_first(self):
        ax = kt.plot_pareto(self.VALUES)
        bars = [c for c in ax.containers if isinstance(c, BarContainer)]
        assert len(bars) == 1
        heights = [p.get_height() for p in bars[0]]
        lefts = [p.get_x() for p in bars[0]]
        assert heights == [50, 20, 10, 10, 5, 5]
        np.testing.assert_allclose(lefts, np.arange(6) / 6 * 100)
        np.testing.assert_allclose([p.get_width() for p in bars[0]], 100 / 6)

    def test_80_20_reference_lines(self):
        ax = kt.plot_pareto(self.VALUES)
        assert _vertical_at(ax, 20.0)  # 20% of customers, on the main axes
        assert _horizontal_at(ax.right_ax, 80.0)  # 80% of value, on the percent axis

    def test_top_20_share_is_annotated_and_in_the_title(self):
        # ceil(0.2 * 6) = 2 customers: (50 + 20) / 100 = 70%
        ax = kt.plot_pareto(self.VALUES)
        assert ax.get_title() == "Top 20% of customers bring 70% of the value"
        notes = [t.get_text() for t in ax.right_ax.texts]
        assert any("70%" in t and "2 of 6" in t for t in notes)
        # the marked point sits on the curve at the end of customer 2: (33.3%, 70%)
        markers = [ln for ln in ax.right_ax.lines if len(ln.get_xdata()) == 1]
        assert len(markers) == 1
        np.testing.assert_allclose(_xy(markers[0]), [[200 / 6], [70.0]])

    def test_title_can_be_set(self):
        ax = kt.plot_pareto(self.VALUES, title="Our customers")
        assert ax.get_title() == "Our customers"

    def test_abc_zones_follow_the_table(self):
        # cumulative 50, 70, 80 | 90, 95 | 100: A = 3 customers (the one reaching 80%
        # is A), B = 2, C = 1 -> zones [0, 50], [50, 83.3], [83.3, 100] percent.
        ax = kt.plot_pareto(self.VALUES)
        zones = [p for p in ax.patches if p.get_gid() == "kamtools-abc-zone"]
        spans = [(p.get_x(), p.get_x() + p.get_width()) for p in zones]
        np.testing.assert_allclose(spans, [(0, 50), (50, 500 / 6), (500 / 6, 100)])
        letters = {t.get_text(): t.get_position()[0] for t in ax.texts}
        assert letters.keys() >= {"A", "B", "C"}
        np.testing.assert_allclose(
            [letters["A"], letters["B"], letters["C"]],
            [25, (50 + 500 / 6) / 2, (500 / 6 + 100) / 2],
        )

    def test_thresholds_change_the_zones(self):
        # thresholds (0.5, 0.9): A = 1 customer (50%), B up to 90% = 3 more, C = 2
        ax = kt.plot_pareto(self.VALUES, thresholds=(0.5, 0.9))
        zones = [p for p in ax.patches if p.get_gid() == "kamtools-abc-zone"]
        ends = [p.get_x() + p.get_width() for p in zones]
        np.testing.assert_allclose(ends, [100 / 6, 400 / 6, 100])

    def test_axes_in_percent_of_customers(self):
        ax = kt.plot_pareto(self.VALUES)
        assert ax.get_xlim() == (0.0, 100.0)
        assert ax.right_ax.get_ylim()[1] > 100  # room above 100% for the zone letters
        assert "customers" in ax.get_xlabel()
        assert "cumulative share" in ax.right_ax.get_ylabel()

    def test_twin_axes_is_in_the_figure_and_shares_x(self):
        ax = kt.plot_pareto(self.VALUES)
        assert ax.right_ax in ax.figure.axes
        assert ax.right_ax.left_ax is ax
        assert ax.right_ax.get_xlim() == ax.get_xlim()

    def test_many_customers_draw_an_area_not_bars(self):
        # 4,372 customers, as in Online Retail: one step area, and it renders.
        rng = np.random.default_rng(1)
        values = pd.Series(rng.pareto(1.2, 4372) * 100 + 1, index=np.arange(12346, 16718))
        ax = kt.plot_pareto(values)
        assert not any(isinstance(c, BarContainer) for c in ax.containers)
        steps = [p for p in ax.patches if isinstance(p, StepPatch)]
        assert len(steps) == 1
        table = kt.pareto_table(values)
        np.testing.assert_allclose(steps[0].get_data().values, table["value"])
        np.testing.assert_allclose(steps[0].get_data().edges, np.arange(4373) / 4372 * 100)
        ax.figure.canvas.draw()  # draws (well under a second; not timed here)

    def test_sixty_customers_still_get_bars(self):
        ax = kt.plot_pareto(np.arange(1, 61))
        assert len([c for c in ax.containers if isinstance(c, BarContainer)][0]) == 60
        ax = kt.plot_pareto(np.arange(1, 62))
        assert not ax.containers

    def test_negative_values_raise_by_default(self):
        with pytest.raises(kt.NegativeValuesError, match=r"1 customers with a negative"):
            kt.plot_pareto({"a": 10, "b": -5})

    def test_negative_zero_draws_the_zeroed_table(self):
        # b counts as 0 and stays a customer: 10, 10, 0 of 20 -> 50%, 100%, 100%;
        # top 20% = ceil(0.2 * 3) = 1 customer -> 10 / 20 = 50%
        ax = kt.plot_pareto({"a": 10, "b": -5, "c": 10}, negative="zero")
        x, y = _xy(ax.right_ax.lines[0])
        np.testing.assert_allclose(y, [0, 50, 100, 100])
        np.testing.assert_allclose(x, [0, 100 / 3, 200 / 3, 100])
        assert ax.get_title() == "Top 20% of customers bring 50% of the value"

    def test_negative_drop_leaves_customers_out(self):
        ax = kt.plot_pareto({"a": 10, "b": -5, "c": 30}, negative="drop")
        x, y = _xy(ax.right_ax.lines[0])
        np.testing.assert_allclose(x, [0, 50, 100])
        np.testing.assert_allclose(y, [0, 75, 100])

    @pytest.mark.parametrize(
        ("values", "kwargs", "error", "match"),
        [
            ([], {}, kt.EmptyDataError, "empty"),
            ([0, 0], {}, kt.NonPositiveTotalError, "add up to 0.0"),
            (["x", 1], {}, kt.WrongTypeError, "must hold numbers"),
            ([1, np.nan], {}, kt.DataError, "missing"),
            ([1, 2], {"thresholds": (0.9, 0.8)}, kt.ParameterError, "must increase"),
            ([1, 2], {"negative": "ignore"}, kt.ParameterError, "'ignore' was passed"),
        ],
    )
    def test_bad_input_raises_the_analysis_error(self, values, kwargs, error, match):
        with pytest.raises(error, match=match):
            kt.plot_pareto(values, **kwargs)

    def test_single_customer(self):
        ax = kt.plot_pareto({"only": 5})
        _, y = _xy(ax.right_ax.lines[0])
        np.testing.assert_allclose(y, [0, 100])
        assert "100%" in ax.get_title()

    @settings(max_examples=25, deadline=None)
    @given(values=positive_values)
    def test_property_line_matches_table(self, values):
        ax = kt.plot_pareto(values)
        table = kt.pareto_table(values)
        x, y = _xy(ax.right_ax.lines[0])
        np.testing.assert_allclose(y, np.r_[0, table["cumulative_share"] * 100])
        np.testing.assert_allclose(x, np.r_[0, table["cumulative_customer_share"] * 100])
        assert f"{kt.top_share(values, 0.2):.0%}" in ax.get_title()
        plt.close(ax.figure)


# ------------------------------------------------------------------------------ Lorenz


class TestPlotLorenz:
    def test_curve_is_the_lorenz_table(self):
        values = [3, 1, 4, 1, 5, 9, 2, 6]
        ax = kt.plot_lorenz(values)
        curve = kt.lorenz_curve(values)
        lorenz = [ln for ln in ax.lines if ln.get_gid() == "kamtools-lorenz-curve"]
        x, y = _xy(lorenz[0])
        np.testing.assert_allclose(x, curve["customer_share"] * 100)
        np.testing.assert_allclose(y, curve["value_share"] * 100)

    def test_hand_computed_gini_in_the_legend(self):
        # [1, 2, 3, 4]: G = 2 * (1 + 4 + 9 + 16) / (4 * 10) - 5 / 4 = 0.25
        ax = kt.plot_lorenz([1, 2, 3, 4], label="2011")
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "2011: Gini 0.25" in texts

    def test_line_of_equality(self):
        ax = kt.plot_lorenz([1, 2, 3, 4])
        equality = [ln for ln in ax.lines if ln.get_gid() == "kamtools-line-of-equality"]
        assert len(equality) == 1
        np.testing.assert_allclose(_xy(equality[0]), [[0, 100], [0, 100]])
        assert equality[0].get_linestyle() == "--"

    def test_overlay_two_datasets(self):
        ax = kt.plot_lorenz([1, 1, 1, 1], label="equal")
        same = kt.plot_lorenz([0, 0, 0, 10], label="one customer", ax=ax)
        assert same is ax
        equality = [ln for ln in ax.lines if ln.get_gid() == "kamtools-line-of-equality"]
        curves = [ln for ln in ax.lines if ln.get_gid() == "kamtools-lorenz-curve"]
        assert len(equality) == 1  # drawn once
        assert len(curves) == 2
        assert curves[0].get_color() != curves[1].get_color()
        # [0, 0, 0, 10]: G = 2 * 4 * 10 / (4 * 10) - 5 / 4 = 0.75
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts == ["line of equality (Gini 0)", "equal: Gini 0.00", "one customer: Gini 0.75"]
        np.testing.assert_allclose(_xy(curves[1])[1], [0, 0, 0, 0, 100])

    def test_default_label_and_title(self):
        ax = kt.plot_lorenz([1, 2, 3, 4])
        assert "Lorenz curve: Gini 0.25" in _all_text(ax)
        assert ax.get_title() == "Lorenz curve of customer value"

    def test_existing_title_is_kept(self):
        fig, ax = plt.subplots()
        ax.set_title("Two years")
        kt.plot_lorenz([1, 2], ax=ax)
        assert ax.get_title() == "Two years"

    def test_negative_policy_reaches_curve_and_gini(self):
        values = {"a": -5, "b": 1, "c": 3}
        with pytest.raises(kt.NegativeValuesError):
            kt.plot_lorenz(values)
        ax = kt.plot_lorenz(values, negative="drop")
        # dropped: [1, 3] -> G = 2 * (1 + 6) / (2 * 4) - 3 / 2 = 0.25
        assert "Gini 0.25" in _all_text(ax)
        curve = [ln for ln in ax.lines if ln.get_gid() == "kamtools-lorenz-curve"][0]
        np.testing.assert_allclose(_xy(curve)[0], [0, 50, 100])

    @pytest.mark.parametrize(
        ("values", "error"),
        [
            ([], kt.EmptyDataError),
            ([0, 0, 0], kt.NonPositiveTotalError),
            ("abc", kt.WrongTypeError),
        ],
    )
    def test_bad_input(self, values, error):
        with pytest.raises(error, match="`values`"):
            kt.plot_lorenz(values)

    @settings(max_examples=25, deadline=None)
    @given(values=positive_values)
    def test_property_ends_at_corners_below_diagonal(self, values):
        ax = kt.plot_lorenz(values)
        curve = [ln for ln in ax.lines if ln.get_gid() == "kamtools-lorenz-curve"][0]
        x, y = _xy(curve)
        assert (x[0], y[0]) == (0, 0)
        np.testing.assert_allclose([x[-1], y[-1]], [100, 100])
        assert np.all(y <= x + 1e-9)
        assert f"Gini {kt.gini(values):.2f}" in _all_text(ax)
        plt.close(ax.figure)


# ------------------------------------------------------------------------------- whale


class TestPlotWhale:
    PROFITS = {"A": 100, "B": 60, "C": 20, "D": -30, "E": -50}

    def _curve(self, ax):
        return ax.lines[[ln.get_label() for ln in ax.lines].index("cumulative profit")]

    def test_percent_curve_hand_computed(self):
        # total 100: cumulative 100, 160, 180, 150, 100 -> 100%, 160%, 180%, 150%, 100%
        ax = kt.plot_whale(self.PROFITS)
        x, y = _xy(self._curve(ax))
        np.testing.assert_allclose(x, [0, 20, 40, 60, 80, 100])
        np.testing.assert_allclose(y, [0, 100, 160, 180, 150, 100])

    def test_curve_is_the_whale_table(self):
        ax = kt.plot_whale(self.PROFITS)
        table = kt.whale_curve(self.PROFITS).table
        x, y = _xy(self._curve(ax))
        np.testing.assert_allclose(x, np.r_[0, table["cumulative_customer_share"] * 100])
        np.testing.assert_allclose(y, np.r_[0, table["cumulative_profit_share"] * 100])

    def test_reference_line_at_100_percent(self):
        ax = kt.plot_whale(self.PROFITS)
        assert _horizontal_at(ax, 100.0)

    def test_peak_marked_and_annotated(self):
        # peak 180% after 3 of 5 customers = 60%
        ax = kt.plot_whale(self.PROFITS)
        peak = ax.lines[[ln.get_label() for ln in ax.lines].index("peak")]
        np.testing.assert_allclose(_xy(peak), [[60], [180]])
        assert "peak 180% at 60% of customers" in [t.get_text() for t in ax.texts]
        assert ax.get_title() == "Whale curve: profit peaks at 180% of the total"
        assert "%" in ax.get_ylabel()

    def test_title_can_be_set(self):
        assert kt.plot_whale(self.PROFITS, title="Who pays for whom").get_title() == (
            "Who pays for whom"
        )

    def test_currency_mode_when_total_is_negative(self):
        # total 50 - 80 = -30: shares undefined; cumulative profit 50, -30 in currency
        ax = kt.plot_whale({"A": 50, "B": -80})
        x, y = _xy(self._curve(ax))
        np.testing.assert_allclose(x, [0, 50, 100])
        np.testing.assert_allclose(y, [0, 50, -30])
        assert "currency" in ax.get_ylabel()
        assert "currency" in ax.get_title() and "-30" in ax.get_title()
        assert _horizontal_at(ax, -30.0)  # the total profit
        assert not _horizontal_at(ax, 100.0)
        assert "peak 50 at 50% of customers" in [t.get_text() for t in ax.texts]

    def test_currency_mode_when_total_is_zero(self):
        ax = kt.plot_whale([10, -10])
        np.testing.assert_allclose(_xy(self._curve(ax))[1], [0, 10, 0])
        assert "currency" in ax.get_ylabel()

    def test_all_losses_peak_at_the_origin(self):
        ax = kt.plot_whale([-10, -20])
        peak = ax.lines[[ln.get_label() for ln in ax.lines].index("peak")]
        np.testing.assert_allclose(_xy(peak), [[0], [0]])
        np.testing.assert_allclose(_xy(self._curve(ax))[1], [0, -10, -30])

    def test_accepts_a_whale_curve_as_it_is(self):
        curve = kt.whale_curve(self.PROFITS)
        ax = kt.plot_whale(curve)
        np.testing.assert_allclose(_xy(self._curve(ax))[1], [0, 100, 160, 180, 150, 100])
        assert ax.get_title() == kt.plot_whale(self.PROFITS).get_title()
        # the figures are the curve's own, not computed again from its table
        edited = dataclasses.replace(curve, peak_share=2.5)
        assert kt.plot_whale(edited).get_title() == (
            "Whale curve: profit peaks at 250% of the total"
        )

    def test_accepts_customer_profit_frame(self):
        frame = pd.DataFrame({"profit": [5.0, -1.0, 6.0]}, index=["x", "y", "z"])
        ax = kt.plot_whale(frame)
        # 6, 5, -1 -> cumulative 6, 11, 10 of 10 -> 60%, 110%, 100%
        np.testing.assert_allclose(_xy(self._curve(ax))[1], [0, 60, 110, 100])

    @pytest.mark.parametrize(
        ("profits", "error", "match"),
        [
            ([], kt.EmptyDataError, "empty"),
            ([1, np.inf], kt.DataError, "infinite"),
            (["a", 2], kt.WrongTypeError, "must hold numbers"),
        ],
    )
    def test_bad_input(self, profits, error, match):
        with pytest.raises(error, match=match):
            kt.plot_whale(profits)

    @settings(max_examples=25, deadline=None)
    @given(
        profits=st.lists(
            st.floats(min_value=-1e5, max_value=1e5, allow_nan=False), min_size=1, max_size=60
        )
    )
    def test_property_matches_whale_curve(self, profits):
        ax = kt.plot_whale(profits)
        whale = kt.whale_curve(profits)
        table = whale.table
        _, y = _xy(self._curve(ax))
        if whale.share_defined:
            np.testing.assert_allclose(y[1:], table["cumulative_profit_share"] * 100)
            assert y[-1] == pytest.approx(100)
        else:
            np.testing.assert_allclose(y[1:], table["cumulative_profit"])
            assert "currency" in ax.get_ylabel()
        plt.close(ax.figure)


# --------------------------------------------------------------------------- portfolio


class TestPlotPortfolio:
    ATTR = {"Acme": 8, "Bolt": 7, "Core": 3, "Dyna": 2, "Echo": 9}
    STRENGTH = {"Acme": 6, "Bolt": 2, "Core": 5, "Dyna": 4.5, "Echo": 8}

    def test_quadrant_names_and_strategies_in_the_corners(self):
        ax = kt.plot_portfolio(self.ATTR, self.STRENGTH)
        texts = {t.get_text(): t for t in ax.texts}
        for name, strategy in kt.QUADRANT_STRATEGIES.items():
            assert f"{name}\n{strategy.split(':')[0]}" in texts
        # high strength on the right, high attractiveness at the top
        corner = {t.get_text().split("\n")[0]: t.get_position() for t in ax.texts}
        assert corner["Strategic"] == (0.98, 0.98)
        assert corner["Star"] == (0.02, 0.98)
        assert corner["Status"] == (0.98, 0.02)
        assert corner["Streamline"] == (0.02, 0.02)

    def test_points_coloured_by_quadrant(self):
        ax = kt.plot_portfolio(self.ATTR, self.STRENGTH)
        table = kt.portfolio_quadrant(self.ATTR, self.STRENGTH)
        assert {c.get_label() for c in ax.collections} == set(table["quadrant"].astype(str))
        for coll in ax.collections:
            rows = table[table["quadrant"] == coll.get_label()]
            np.testing.assert_allclose(
                coll.get_offsets(), rows[["strength", "attractiveness"]].to_numpy()
            )
            rgb = to_rgba(_QUADRANT_COLOURS[coll.get_label()])[:3]
            assert np.allclose(coll.get_facecolors()[:, :3], rgb)  # every point, one colour

    def test_quadrant_colours_are_distinct_palette_colours(self):
        colours = list(_QUADRANT_COLOURS.values())
        assert len(set(colours)) == 4
        assert set(colours) <= set(kt.PALETTE.values())
        assert set(_QUADRANT_COLOURS) == set(kt.QUADRANT_STRATEGIES)

    def test_strength_on_x_high_on_the_right(self):
        ax = kt.plot_portfolio(self.ATTR, self.STRENGTH)
        left, right = ax.get_xlim()
        assert left < 0 < 10 < right
        assert "strength" in ax.get_xlabel() and "right" in ax.get_xlabel()
        assert "attractiveness" in ax.get_ylabel()

    def test_cut_lines_default_middle_of_scale(self):
        ax = kt.plot_portfolio(self.ATTR, self.STRENGTH)
        assert _vertical_at(ax, 5.0)
        assert _horizontal_at(ax, 5.0)

    def test_cut_pair_and_scale(self):
        # cut = (attractiveness 60, strength 40) on a 0-100 scale
        attr = [80, 30]
        strength = [20, 90]
        ax = kt.plot_portfolio(attr, strength, cut=(60, 40), scale=(0, 100))
        assert _horizontal_at(ax, 60.0)
        assert _vertical_at(ax, 40.0)
        # 80 >= 60 high attr, 20 < 40 low strength -> Star; 30 low, 90 high -> Status
        assert sorted(c.get_label() for c in ax.collections) == ["Star", "Status"]
        assert ax.get_xlim()[1] > 100

    def test_bubble_areas_proportional_to_size(self):
        # areas 1500 * size / max(size), at least 20: 100 -> 1500, 50 -> 750, 0 -> 20
        ax = kt.plot_portfolio([8, 8, 8], [8, 8, 8], size=[100, 50, 0])
        np.testing.assert_allclose(ax.collections[0].get_sizes(), [1500, 750, 20])
        assert "bubble area" in ax.get_title()

    def test_size_series_is_matched_on_customer_id(self):
        size = pd.Series({"Echo": 10.0, "Dyna": 20.0, "Core": 40.0, "Bolt": 0.0, "Acme": 80.0})
        size.name = "revenue"
        ax = kt.plot_portfolio(self.ATTR, self.STRENGTH, size=size)
        table = kt.portfolio_quadrant(self.ATTR, self.STRENGTH)
        for coll in ax.collections:
            ids = table.index[(table["quadrant"] == coll.get_label()).to_numpy()]
            expected = np.maximum(size[ids].to_numpy() / 80 * 1500, 20)
            np.testing.assert_allclose(coll.get_sizes(), expected)
        assert ax.get_title().endswith("bubble area = revenue")

    def test_same_size_points_without_size(self):
        ax = kt.plot_portfolio(self.ATTR, self.STRENGTH)
        sizes = np.concatenate([c.get_sizes() for c in ax.collections])
        assert len(set(sizes)) == 1
        assert "bubble" not in ax.get_title()

    def test_labels_true_uses_customer_ids(self):
        ax = kt.plot_portfolio(self.ATTR, self.STRENGTH, labels=True)
        texts = {t.get_text(): t.xy for t in ax.texts if hasattr(t, "xy")}
        for name in self.ATTR:
            assert texts[name] == (self.STRENGTH[name], self.ATTR[name])

    def test_labels_list(self):
        ax = kt.plot_portfolio([8, 3], [7, 2], labels=["Acme", "Bolt"])
        texts = {t.get_text(): t.xy for t in ax.texts if hasattr(t, "xy")}
        assert texts["Acme"] == (7, 8)
        assert texts["Bolt"] == (2, 3)

    def test_no_labels_by_default(self):
        ax = kt.plot_portfolio(self.ATTR, self.STRENGTH)
        assert len(ax.texts) == 4  # the four corners only

    def test_title_can_be_set(self):
        ax = kt.plot_portfolio(self.ATTR, self.STRENGTH, title="Our 5 key accounts")
        assert ax.get_title() == "Our 5 key accounts"

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"size": [1, -2]}, kt.NegativeValuesError, r"`size`.*negative.*\(-2\.0\)"),
            ({"size": [1, 2, 3]}, kt.DataError, r"`size` must have one value per customer \(2\)"),
            ({"size": [1, np.nan]}, kt.DataError, "`size` has 1 missing"),
            ({"size": ["a", 1]}, kt.WrongTypeError, "`size` must hold numbers"),
            ({"labels": ["only one"]}, kt.DataError, r"`labels` must have one label.*1 labels"),
            ({"labels": "Acme"}, kt.WrongTypeError, r"`labels` must be True.*'Acme' was passed"),
        ],
    )
    def test_bad_size_or_labels(self, kwargs, error, match):
        with pytest.raises(error, match=match):
            kt.plot_portfolio([8, 3], [7, 2], **kwargs)

    def test_size_with_other_customers(self):
        with pytest.raises(kt.DataError, match=r"`size` must cover the same customers.*'Zeta'"):
            kt.plot_portfolio({"A": 8, "B": 3}, {"A": 7, "B": 2}, size={"A": 1, "Zeta": 2})

    @pytest.mark.parametrize(
        ("attr", "strength", "kwargs", "error", "match"),
        [
            ([11, 3], [7, 2], {}, kt.DataError, r"scale \[0, 10\]"),
            ([8, 3], [7], {}, kt.DataError, "2 and 1 values"),
            ([8, 3], [7, 2], {"cut": 12}, kt.ParameterError, "`cut` must lie within"),
            ([8, 3], [7, 2], {"scale": (10, 0)}, kt.ParameterError, "`scale`"),
            ([], [], {}, kt.EmptyDataError, "`attractiveness` is empty"),
        ],
    )
    def test_bad_scores_raise_the_analysis_error(self, attr, strength, kwargs, error, match):
        with pytest.raises(error, match=match):
            kt.plot_portfolio(attr, strength, **kwargs)


# --------------------------------------------------------------------------------- CLV


class TestPlotClv:
    @staticmethod
    def _curve(ax):
        return ax.lines[0]

    @staticmethod
    def _point(ax, prefix: str):
        """(x, y) of the marked point whose legend label starts with ``prefix``, or None."""
        for line in ax.lines:
            if line.get_label().startswith(prefix):
                return float(line.get_xdata()[0]), float(line.get_ydata()[0])
        return None

    def test_curve_is_clv_by_retention_in_steps_of_one_point(self):
        ax = kt.plot_clv(100, 0.8, 0.1)
        x, y = _xy(self._curve(ax))
        # 0.50, 0.51, ..., 0.95: 46 retentions; 100 * 0.5 / (1.1 - 0.5) = 83.33 first
        assert len(x) == 46 and x[0] == 0.5 and x[-1] == 0.95
        np.testing.assert_allclose(np.diff(x), 0.01, atol=1e-9)
        assert y[0] == pytest.approx(83.3333333)
        expected = kt.clv_by_retention(100, x, 0.1)["clv"].to_numpy()
        np.testing.assert_array_equal(y, expected)

    def test_current_point_is_marked_with_kt_clv(self):
        ax = kt.plot_clv(100, 0.8, 0.1)
        # 100 * 0.8 / (1.1 - 0.8) = 266.67
        assert self._point(ax, "your retention 80%") == (0.8, kt.clv(100, 0.8, 0.1))
        assert "your retention 80%: CLV 266.67" in _all_text(ax)

    def test_acquisition_cost_line(self):
        ax = kt.plot_clv(100, 0.8, 0.1, acquisition_cost=150)
        assert _horizontal_at(ax, 150)
        assert "acquisition cost 150: above it a new customer pays back" in _all_text(ax)

    def test_point_after_the_gain(self):
        ax = kt.plot_clv(100, 0.8, 0.1, retention_gain=0.05)
        # 100 * 0.85 / (1.1 - 0.85) = 340
        assert self._point(ax, "after +5 points") == pytest.approx((0.85, 340.0))
        assert "after +5 points: CLV 340.00" in _all_text(ax)
        assert self._point(kt.plot_clv(100, 0.8, 0.1), "after") is None  # no gain, no point

    def test_gap_and_note_where_the_clv_diverges(self):
        # no horizon, i = -0.01: infinite from r >= 0.99 on; the current point is there
        ax = kt.plot_clv(100, 0.99, -0.01)
        x, y = _xy(self._curve(ax))
        assert x[-1] == 0.99 and np.isnan(y[-1]) and not np.isnan(y[:-1]).any()
        assert any(
            "no finite CLV from retention 99% on (no horizon)" in t.get_text() for t in ax.texts
        )
        (span,) = ax.patches
        np.testing.assert_allclose(span.get_x(), 0.99)
        assert to_rgba(span.get_facecolor())[:3] == to_rgba(kt.PALETTE["grey"])[:3]
        assert self._point(ax, "your retention") is None  # its CLV is not finite

    def test_overflow_gap_with_a_horizon(self):
        # i = -0.5: q = r / 0.5 > 1 above r = 0.5; over 100,000 years that overflows
        ax = kt.plot_clv(10, 0.5, -0.5, horizon=100_000)
        x, y = _xy(self._curve(ax))
        assert y[0] == 1_000_000.0  # q = 1: 10 * 100,000
        assert np.isnan(y[1:]).all()
        assert any(
            "CLV too large to compute from retention 51% on" in t.get_text() for t in ax.texts
        )

    def test_no_gap_when_every_clv_is_finite(self):
        ax = kt.plot_clv(100, 0.8, 0.1, horizon=10)
        assert len(ax.texts) == 0 and len(ax.patches) == 0

    def test_range_widens_to_the_current_retention(self):
        ax = kt.plot_clv(100, 0.3, 0.1)
        x, _ = _xy(self._curve(ax))
        assert x[0] == 0.3 and x[-1] == 0.95 and len(x) == 66
        x, _ = _xy(self._curve(kt.plot_clv(100, 0.4, 0.1, retention_range=(0.2, 0.6))))
        assert x[0] == 0.2 and x[-1] == 0.6

    def test_title_and_labels(self):
        ax = kt.plot_clv(2500, 0.8, 0.08, horizon=3)
        assert ax.get_title() == (
            "CLV against retention (margin 2,500 a year, discount rate 8%, 3 years)"
        )
        assert ax.get_xlabel() == "retention (share of customers staying each year)"
        assert ax.get_ylabel() == "CLV per customer"
        assert (
            kt.plot_clv([100, 150], 0.8, 0.1)
            .get_title()
            .startswith("CLV against retention (margin 100 to 150 a year")
        )
        assert kt.plot_clv(100, 0.8, 0.1, title="Our accounts").get_title() == "Our accounts"

    def test_okabe_ito_colours(self):
        ax = kt.plot_clv(100, 0.8, 0.1, retention_gain=0.05)
        assert to_rgba(self._curve(ax).get_color()) == to_rgba(kt.PALETTE["blue"])
        you = next(line for line in ax.lines if line.get_label().startswith("your"))
        assert to_rgba(you.get_markerfacecolor()) == to_rgba(kt.PALETTE["vermillion"])

    @pytest.mark.parametrize(
        ("args", "kwargs", "error", "match"),
        [
            ((100, 1.2, 0.1), {}, kt.ParameterError, r"`retention` must be a fraction"),
            ((100, "0.8", 0.1), {}, kt.WrongTypeError, r"`retention` must be a number"),
            ((100, 0.8, -1), {}, kt.ParameterError, r"`discount_rate` must be greater than -1"),
            ((100, 0.8, 0.1), {"horizon": 0}, kt.ParameterError, r"`horizon` must be at least"),
            ((100, 0.8, 0.1), {"acquisition_cost": -1}, kt.ParameterError, "`acquisition_cost`"),
            (
                (100, 0.98, 0.1),
                {"retention_gain": 0.05},
                kt.ParameterError,
                r"`retention` \+ `retention_gain` must be at most 1",
            ),
            ((100, 0.8, 0.1), {"retention_range": (0.9, 0.5)}, kt.ParameterError, "increase"),
            ((100, 0.8, 0.1), {"retention_range": 0.5}, kt.WrongTypeError, "two retentions"),
            ((100, 0.8, 0.1), {"retention_range": (0.5,)}, kt.ParameterError, r"\(1 numbers\)"),
            ((100, 0.8, 0.1), {"retention_range": (0.5, 2)}, kt.ParameterError, "range\\[1\\]"),
        ],
    )
    def test_bad_input_raises_before_drawing(self, args, kwargs, error, match):
        fig, ax = plt.subplots()
        with pytest.raises(error, match=match):
            kt.plot_clv(*args, ax=ax, **kwargs)
        assert not ax.lines and not ax.patches and not ax.texts

    @settings(max_examples=25, deadline=None)
    @given(
        st.floats(1, 10_000),
        st.integers(0, 99).map(lambda k: k / 100),
        st.floats(-0.5, 0.5),
        st.one_of(st.none(), st.integers(1, 50)),
    )
    def test_curve_follows_clv(self, margin, retention, rate, horizon):
        ax = kt.plot_clv(margin, retention, rate, horizon=horizon)
        x, y = _xy(self._curve(ax))
        for r, value in zip(x, y, strict=True):
            try:
                expected = kt.clv(margin, float(r), rate, horizon=horizon)
            except kt.ParameterError:
                assert np.isnan(value)
            else:
                assert value == pytest.approx(expected, rel=1e-9)
        plt.close(ax.figure)


# ------------------------------------------------------------- pocket-price waterfall


def _waterfall(**kwargs) -> kt.PriceWaterfall:
    values = {
        "customer": "V0001",
        "year": 2025,
        "list_revenue": 2000.0,
        "on_invoice_discount": 200.0,
        "invoice_revenue": 1800.0,
        "rebate": 60.0,
        "payment_terms": 36.0,
        "free_freight": 40.0,
        "rush_orders": 50.0,
        "pocket_revenue": 1614.0,
    }
    return kt.PriceWaterfall(**(values | kwargs))


class TestPlotPriceWaterfall:
    STEPS = (
        "list_revenue",
        "on_invoice_discount",
        "invoice_revenue",
        "rebate",
        "payment_terms",
        "free_freight",
        "rush_orders",
        "pocket_revenue",
    )

    def test_bars_fall_from_list_to_pocket(self):
        ax = kt.plot_price_waterfall(_waterfall())
        bars = ax.patches
        assert [b.get_gid() for b in bars] == [f"kamtools-waterfall-{s}" for s in self.STEPS]
        spans = [(round(b.get_y(), 6), round(b.get_y() + b.get_height(), 6)) for b in bars]
        # totals stand on 0; each leakage spans from the level before to the level after
        assert spans == [
            (0, 2000),
            (1800, 2000),
            (0, 1800),
            (1740, 1800),
            (1704, 1740),
            (1664, 1704),
            (1614, 1664),
            (0, 1614),
        ]
        plt.close(ax.figure)

    def test_labels_give_pln_and_share_of_list(self):
        ax = kt.plot_price_waterfall(_waterfall())
        labels = [text.get_text() for text in ax.texts]
        assert labels[0] == "2,000\n100%"
        assert labels[1] == "-200\n-10%"
        assert labels[4] == "-36\n-1.8%"
        assert labels[-1] == "1,614\n80.7%"
        assert ax.get_ylabel() == "PLN in the year"
        assert ax.get_title() == "Pocket-price waterfall of V0001, 2025: pocket price 80.7% of list"
        ticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
        assert ticks[0] == "list revenue" and ticks[-1] == "pocket revenue"
        plt.close(ax.figure)

    def test_large_amounts_are_written_short(self):
        big = _waterfall(
            list_revenue=5_200_000.0,
            on_invoice_discount=520_000.0,
            invoice_revenue=4_680_000.0,
            rebate=140_000.0,
            payment_terms=86_000.0,
            free_freight=25_000.0,
            rush_orders=4_000.0,
            pocket_revenue=4_425_000.0,
        )
        ax = kt.plot_price_waterfall(big, title="Mine")
        labels = [text.get_text().split("\n")[0] for text in ax.texts]
        assert labels == ["5.20 M", "-520k", "4.68 M", "-140k", "-86k", "-25k", "-4,000", "4.42 M"]
        assert ax.get_title() == "Mine"
        plt.close(ax.figure)

    def test_leakages_are_hatched_and_coloured_apart(self):
        ax = kt.plot_price_waterfall(_waterfall())
        bars = ax.patches
        assert all(bars[i].get_hatch() == "//" for i in (1, 3, 4, 5, 6))
        assert all(bars[i].get_hatch() is None for i in (0, 2, 7))
        assert to_rgba(bars[1].get_facecolor()) == to_rgba(kt.PALETTE["vermillion"])
        assert len({to_rgba(bars[i].get_facecolor()) for i in (0, 2, 7)}) == 3
        plt.close(ax.figure)

    def test_negative_pocket_keeps_the_axis_below_zero(self):
        w = _waterfall(rebate=1900.0, pocket_revenue=-226.0)
        ax = kt.plot_price_waterfall(w)
        assert ax.get_ylim()[0] < -226
        plt.close(ax.figure)

    def test_draws_on_the_given_axes_and_the_chart_of_real_inputs(self):
        lines = pd.DataFrame(
            {
                "customer_id": ["A", "A"],
                "date": pd.to_datetime(["2025-03-01", "2025-06-01"]),
                "quantity": [10, 5],
                "list_price": [100.0, 200.0],
                "unit_price": [90.0, 180.0],
                "amount": [900.0, 900.0],
            }
        )
        serve = pd.DataFrame(
            {
                "customer_id": ["A"],
                "year": [2025],
                "rebate": [60.0],
                "deliveries": [4],
                "rush_orders": [1],
            }
        )
        terms = pd.DataFrame({"customer_id": ["A"], "dso_days": [73.0], "free_freight": [True]})
        w = kt.price_waterfall(
            lines,
            serve,
            terms,
            customer="A",
            year=2025,
            cost_rates={"rush_orders": 50},
            freight_per_delivery=10,
            cost_of_capital=0.1,
        )
        fig, ax = plt.subplots()
        assert kt.plot_price_waterfall(w, ax=ax) is ax
        tops = [b.get_y() + b.get_height() for b in ax.patches]
        assert tops[-1] == pytest.approx(w.pocket_revenue)
        plt.close(fig)

    def test_bad_input(self):
        with pytest.raises(kt.WrongTypeError, match="kt.price_waterfall"):
            kt.plot_price_waterfall({"list_revenue": 1.0})
        with pytest.raises(kt.WrongTypeError, match="`ax` must be a matplotlib Axes"):
            kt.plot_price_waterfall(_waterfall(), ax="left")


# ---------------------------------------------------------------------------- Kraljic


class TestPlotKraljic:
    ITEMS = pd.DataFrame(
        {"profit_impact": [8, 6, 3, 3, 2, 5], "supply_risk": [7, 2, 7, 3, 3, 3]},
        index=["bearings", "fasteners", "lubricants", "packaging", "PPE", "tools"],
    )

    def test_returns_axes_with_every_label(self):
        ax = kt.plot_kraljic(self.ITEMS)
        assert isinstance(ax, Axes)
        texts = [t.get_text() for t in ax.texts]
        for item in self.ITEMS.index:
            assert texts.count(item) == 1

    def test_item_types_and_strategies_in_the_corners(self):
        ax = kt.plot_kraljic(self.ITEMS)
        corner = {t.get_text().split("\n")[0]: t for t in ax.texts if "\n" in t.get_text()}
        for name, strategy in kt.KRALJIC_STRATEGIES.items():
            assert corner[name].get_text() == f"{name}\n{strategy.split(':')[0]}"
        # high supply risk on the right, high profit impact at the top (Kraljic 1983)
        assert corner["Strategic"].get_position() == (0.98, 0.98)
        assert corner["Leverage"].get_position() == (0.02, 0.98)
        assert corner["Bottleneck"].get_position() == (0.98, 0.02)
        assert corner["Non-critical"].get_position() == (0.02, 0.02)
        assert "supply risk" in ax.get_xlabel() and "right" in ax.get_xlabel()
        assert "profit impact" in ax.get_ylabel()

    def test_points_are_the_quadrant_function(self):
        ax = kt.plot_kraljic(self.ITEMS)
        types = kt.kraljic_quadrant(self.ITEMS["profit_impact"], self.ITEMS["supply_risk"])
        assert {c.get_label() for c in ax.collections} == set(types.astype(str))
        for coll in ax.collections:
            rows = self.ITEMS[types == coll.get_label()]
            np.testing.assert_allclose(
                coll.get_offsets(), rows[["supply_risk", "profit_impact"]].to_numpy()
            )
        # tools at exactly 5 is high: a Leverage item, as the matrix of section 4 would say
        leverage = next(c for c in ax.collections if c.get_label() == "Leverage")
        assert len(leverage.get_offsets()) == 2

    def test_split_lines(self):
        ax = kt.plot_kraljic(self.ITEMS, split=6)
        assert _vertical_at(ax, 6.0) and _horizontal_at(ax, 6.0)

    def test_labels_do_not_overlap(self):
        crowded = pd.DataFrame(
            {"profit_impact": [6, 6.1, 6.2, 5.9], "supply_risk": [2, 2.1, 2, 2.1]},
            index=["fasteners", "screws", "nuts", "washers"],
        )
        ax = kt.plot_kraljic(crowded)
        renderer = ax.figure.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text() in crowded.index]
        assert len(boxes) == 4
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b)

    def test_labels_false_or_a_list(self):
        ax = kt.plot_kraljic(self.ITEMS, labels=False)
        assert len(ax.texts) == 4  # the corners only
        ax = kt.plot_kraljic(self.ITEMS, labels=list("ABCDEF"))
        assert {"A", "F"} <= {t.get_text() for t in ax.texts}

    def test_highlight_draws_one_point_larger_with_a_ring(self):
        ax = kt.plot_kraljic(self.ITEMS, highlight="fasteners")
        leverage = next(c for c in ax.collections if c.get_label() == "Leverage")
        sizes = leverage.get_sizes()
        assert sizes.max() == 3 * sizes.min()
        rings = leverage.get_edgecolors()[:, :3]
        assert np.allclose(rings[0], to_rgba(kt.PALETTE["black"])[:3])  # fasteners, first row
        assert np.allclose(rings[1], to_rgba("white")[:3])

    def test_other_column_names_and_title(self):
        items = self.ITEMS.rename(columns={"profit_impact": "impact", "supply_risk": "risk"})
        ax = kt.plot_kraljic(items, profit_impact="impact", supply_risk="risk", title="Ours")
        assert ax.get_title() == "Ours"

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"items": [1, 2]}, kt.WrongTypeError, r"`items` must be a DataFrame"),
            ({"supply_risk": "risk"}, kt.DataError, r"no column 'risk'"),
            ({"highlight": "rivets"}, kt.DataError, r"`highlight`.*'rivets'"),
            ({"labels": ["one"]}, kt.DataError, r"one label per row"),
            ({"labels": "yes"}, kt.WrongTypeError, r"`labels`"),
            ({"split": 12}, kt.ParameterError, r"`split`"),
        ],
    )
    def test_bad_input(self, kwargs, error, match):
        kwargs = {"items": self.ITEMS, **kwargs}
        before = plt.get_fignums()
        with pytest.raises(error, match=match):
            kt.plot_kraljic(kwargs.pop("items"), **kwargs)
        assert plt.get_fignums() == before

    def test_a_missing_score_names_the_item(self):
        items = self.ITEMS.astype(float)
        items.loc["PPE", "supply_risk"] = np.nan
        with pytest.raises(kt.DataError, match=r"`supply_risk`.*item 'PPE'"):
            kt.plot_kraljic(items)
