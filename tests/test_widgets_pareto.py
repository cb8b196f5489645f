"""Headless tests of the Pareto explorer (kamtools.widgets.pareto).

The widget is driven as a learner would drive it (choose a dataset, a metric, a view, move
the slider) and what it shows is compared with the analysis functions called directly.
"""

from __future__ import annotations

import base64
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kamtools as kt
from kamtools.data.vistula import COST_RATES
from kamtools.widgets import pareto as pareto_module
from kamtools.widgets.pareto import ParetoExplorer

SMALL = {"a": 50.0, "b": 30.0, "c": 10.0, "d": 5.0, "e": 5.0}


def vistula_revenue() -> pd.Series:
    lines = kt.load_dataset("vistula_transactions")
    return kt.customer_totals(lines, customer="customer_id", amount="amount")


def vistula_profit() -> pd.Series:
    """Profit per customer 2023-2025 computed here in plain pandas, not with kamtools.

    DATASHEET.md: profit after cost to serve = net amount - net cost of goods - rebate -
    sum(driver count x COST_RATES[driver]).
    """
    lines = kt.load_dataset("vistula_transactions")
    costs = kt.load_dataset("vistula_cost_to_serve").groupby("customer_id")
    drivers = costs[list(COST_RATES)].sum()
    cost_to_serve = (drivers * pd.Series(COST_RATES)).sum(axis=1)
    revenue = lines.groupby("customer_id")["amount"].sum()
    cost_of_goods = lines.groupby("customer_id")["cost_of_goods"].sum()
    rebate = costs["rebate"].sum()
    return (revenue - cost_of_goods - rebate - cost_to_serve).rename("profit")


def whale_peak(profit: pd.Series) -> tuple[float, int]:
    """Peak of the cumulative profit (most profitable first) as a share of the total, and
    after how many customers it is reached, in plain numpy."""
    cumulative = np.cumsum(np.sort(profit.to_numpy())[::-1])
    k = int(np.argmax(cumulative))
    return float(cumulative[k] / profit.sum()), k + 1


def test_the_independent_profit_matches_kamtools_one_profit_path():
    # The explorer's profit (kt.profit_inputs + kt.customer_profit) subtracts the rebates
    # the same way as this file's plain-pandas profit and module 04's answer.
    from kamtools.content.answers import compute

    profit = vistula_profit()
    widget = ParetoExplorer(metric="profit")
    try:
        shown = widget.values  # the values behind the chart and the readouts
    finally:
        widget.close()
    pd.testing.assert_series_equal(
        shown.sort_index(), profit.sort_index(), check_names=False, rtol=1e-9
    )
    pd.testing.assert_series_equal(
        compute("vistula_profit")["profit"].sort_index(),
        profit.sort_index(),
        check_names=False,
        rtol=1e-9,
    )
    assert kt.load_dataset("vistula_cost_to_serve")["rebate"].sum() > 0


@pytest.fixture
def explorer():
    widget = ParetoExplorer()
    yield widget
    widget.close()


def top_p_artist(widget: ParetoExplorer, kind: str):
    """The top-p marker's line, point or label, found in the figure by its gid."""
    gid = pareto_module.TOP_P_GIDS[kind]
    (artist,) = [
        a for ax in widget.figure.axes for a in (*ax.lines, *ax.texts) if a.get_gid() == gid
    ]
    return artist


def overlay(widget: ParetoExplorer) -> tuple[float, float]:
    """(x, y) of the top-p marker on the chart."""
    marker = top_p_artist(widget, "marker")
    return float(marker.get_xdata()[0]), float(marker.get_ydata()[0])


def assert_readouts_match(widget: ParetoExplorer, values: pd.Series, p: float) -> None:
    report = kt.concentration_report(values, negative="zero")
    r = widget.readouts
    assert r["p"] == p
    assert r["top_p_share"] == pytest.approx(kt.top_share(values, p, negative="zero"), rel=1e-12)
    assert r["n_customers"] == report["n_customers"] == len(values)
    assert r["customers_for_80pct"] == kt.customers_for_share(values, 0.8, negative="zero")
    assert r["gini"] == pytest.approx(kt.gini(values, negative="zero"), abs=1e-12)
    assert r["hhi"] == pytest.approx(kt.hhi(values, negative="zero"), rel=1e-12)
    assert r["equivalent_customers"] == pytest.approx(1 / r["hhi"], rel=1e-12)
    assert r["top1_share"] == pytest.approx(report["top1_share"], rel=1e-12)
    assert r["n_negative"] == int((values < 0).sum())
    assert r["n_zero"] == int((values == 0).sum())


# ------------------------------------------------------------------------- defaults


class TestDefault:
    def test_vistula_revenue_pareto(self, explorer):
        assert (explorer.dataset, explorer.metric, explorer.view) == (
            "vistula",
            "revenue",
            "pareto",
        )
        assert explorer.p_slider.value == 0.2
        assert_readouts_match(explorer, vistula_revenue(), 0.2)

    def test_datasheet_figures(self, explorer):
        # DATASHEET.md: the top 20% (100 of 500 customers) hold 82.8% of revenue;
        # computed here with plain pandas, then the widget must show the same
        revenue = kt.load_dataset("vistula_transactions").groupby("customer_id")["amount"].sum()
        top100 = revenue.sort_values(ascending=False).head(100).sum() / revenue.sum()
        assert len(revenue) == 500
        assert round(top100, 3) == 0.828
        assert explorer.readouts["top_p_customers"] == 100
        assert round(explorer.readouts["top_p_share"], 3) == round(top100, 3)
        assert "Top 20% of customers (100 of 500)" in explorer.readouts_html.value
        assert f"{100 * top100:.1f}% of revenue" in explorer.readouts_html.value

    def test_the_total_names_the_currency(self, explorer):
        # DATASHEET.md: Vistula's amounts are in PLN
        total = f"{vistula_revenue().sum():,.0f}"
        assert f"500; total revenue {total} PLN" in explorer.readouts_html.value

    def test_the_dataset_menu_is_wide_enough_for_the_longest_name(self, explorer):
        # the walkthrough saw "Vistula Industrial Supply (ficti" in a 26em menu
        longest = max(len(label) for label, _ in explorer.dataset_dropdown.options)
        assert longest == len("Vistula Industrial Supply (fictional)")
        width = float(explorer.dataset_dropdown.layout.width.removesuffix("em"))
        assert width >= 34  # "Dataset" + 37 characters + the arrow, with room to spare

    def test_the_figure_is_shown_as_a_png_in_the_output(self, explorer):
        (output,) = explorer.figure_output.outputs
        png = base64.b64decode(output["data"]["image/png"])
        assert png == explorer.png
        assert png.startswith(b"\x89PNG\r\n\x1a\n")

    def test_projector_sizes(self, explorer):
        assert tuple(explorer.figure.get_size_inches()) == (9.0, 5.0)
        for block in (explorer.readouts_html, explorer.abc_html, explorer.notes_html):
            sizes = [int(s) for s in re.findall(r"font-size:(\d+)px", block.value)]
            assert sizes and min(sizes) >= 16
        ax = explorer.figure.axes[0]
        assert ax.title.get_fontsize() >= 12
        assert top_p_artist(explorer, "text").get_fontsize() >= 12

    def test_slider_waits_for_release(self, explorer):
        assert explorer.p_slider.continuous_update is False


# --------------------------------------------------------------- a small hand case


class TestHandComputed:
    def test_readouts(self):
        w = ParetoExplorer(pd.Series(SMALL))
        r = w.readouts
        # p = 0.2 of 5 customers = ceil(1.0) = 1 customer: 50 / 100
        assert (r["top_p_customers"], r["top_p_share"]) == (1, 0.5)
        # 50 + 30 = 80 reaches 80% with 2 customers, 2 / 5 = 40% of them
        assert (r["customers_for_80pct"], r["customers_for_80pct_share"]) == (2, 0.4)
        # ascending 5, 5, 10, 30, 50; weights 2i - n - 1 = -4, -2, 0, 2, 4:
        # (-20 - 10 + 0 + 60 + 200) / (5 * 100) = 0.46
        assert r["gini"] == pytest.approx(0.46)
        # .25 + .09 + .01 + .0025 + .0025 = 0.355; 1 / 0.355 = 2.817 equal customers
        assert r["hhi"] == pytest.approx(0.355)
        assert r["equivalent_customers"] == pytest.approx(2.8169, abs=1e-4)
        assert r["top1_share"] == 0.5
        text = w.readouts_html.value
        assert "Top 20% of customers (1 of 5)" in text and "50.0% of revenue" in text
        assert "2 (40.0% of the customers)" in text
        assert "0.460" in text and "0.3550 (3,550 on the 0-10,000 scale)" in text
        assert "2.8 equal-sized customers" in text
        assert "5; total revenue 100<" in text  # data passed in: no currency is known
        w.close()

    def test_slider_moves_the_marker_onto_the_curve(self):
        w = ParetoExplorer(pd.Series(SMALL))
        w.p_slider.value = 0.3
        # ceil(0.3 * 5) = 2 customers, (50 + 30) / 100 = 80%: drawn at 40% of customers
        assert (w.readouts["top_p_customers"], w.readouts["top_p_share"]) == (2, 0.8)
        assert overlay(w) == pytest.approx((40.0, 80.0))
        assert top_p_artist(w, "text").get_text() == "top 30% = 2 of 5 customers:\n80.0% of revenue"
        curve = w.figure.axes[0].right_ax.lines[0]  # the cumulative share, in percent
        assert list(curve.get_xdata()).count(40.0) == 1
        assert curve.get_ydata()[list(curve.get_xdata()).index(40.0)] == pytest.approx(80.0)
        w.close()

    def test_abc_summary(self):
        w = ParetoExplorer(SMALL)
        summary = w.abc_summary
        # A: a, b (cumulative 50%, 80%); B: c, d (90%, 95%); C: e
        assert summary.index.tolist() == ["A", "B", "C"]
        assert summary["customers"].tolist() == [2, 2, 1]
        assert summary["customer_share"].tolist() == [0.4, 0.4, 0.2]
        assert summary["value_share"].round(10).tolist() == [0.8, 0.15, 0.05]
        assert "80.0%" in w.abc_html.value and "crosses 80%" in w.abc_html.value
        w.close()

    def test_one_customer(self):
        w = ParetoExplorer({"only": 10.0})
        assert w.readouts["top_p_share"] == 1.0 and w.readouts["gini"] == 0.0
        assert w.abc_summary["customers"].tolist() == [1, 0, 0]
        w.close()


# ----------------------------------------------------------- driving the controls


class TestControls:
    def test_slider_recomputes_the_readouts_and_redraws_only_the_marker(self, explorer):
        values = vistula_revenue()
        axes_before = list(explorer.figure.axes)
        png_before, renders = explorer.png, explorer._panel.renders
        explorer.p_slider.value = 0.35
        assert_readouts_match(explorer, values, 0.35)
        # 0.35 * 500 = 175 customers; the marker is at 35% of customers and their share
        assert explorer.readouts["top_p_customers"] == 175
        assert overlay(explorer) == pytest.approx((35.0, 100 * explorer.readouts["top_p_share"]))
        assert explorer.png != png_before and explorer._panel.renders == renders + 1
        assert explorer.figure.axes == axes_before  # the chart itself was not drawn again
        assert "Top 35% of customers (175 of 500)" in explorer.readouts_html.value

    def test_values_are_computed_once_per_dataset_and_metric(self, explorer, monkeypatch):
        calls = []
        real = pareto_module._load_values
        monkeypatch.setattr(pareto_module, "_load_values", lambda *a: calls.append(a) or real(*a))
        for p in (0.1, 0.5, 0.9):
            explorer.p_slider.value = p
        explorer.view_buttons.value = "lorenz"
        assert calls == []  # slider and view reuse the values
        explorer.metric_dropdown.value = "profit"
        explorer.metric_dropdown.value = "revenue"
        explorer.metric_dropdown.value = "profit"
        assert calls == [("vistula", "profit")]

    def test_lorenz_view(self, explorer):
        explorer.p_slider.value = 0.2
        explorer.view_buttons.value = "lorenz"
        ax = explorer.figure.axes[0]
        lorenz = [line for line in ax.lines if line.get_gid() == "kamtools-lorenz-curve"]
        assert len(lorenz) == 1
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert f"revenue: Gini {explorer.readouts['gini']:.2f}" in legend
        # the top 20% are the last 100 customers: the curve is at 1 - share there
        share = explorer.readouts["top_p_share"]
        assert overlay(explorer) == pytest.approx((80.0, 100 * (1 - share)))
        x, y = lorenz[0].get_xdata(), lorenz[0].get_ydata()
        assert y[np.flatnonzero(np.isclose(x, 80.0))[0]] == pytest.approx(100 * (1 - share))

    def test_back_to_pareto(self, explorer):
        explorer.view_buttons.value = "lorenz"
        explorer.view_buttons.value = "pareto"
        assert hasattr(explorer.figure.axes[0], "right_ax")
        assert explorer.figure.axes[0].get_title().startswith("Pareto of revenue")

    def test_whale_only_with_profit(self, explorer):
        assert [key for _, key in explorer.view_buttons.options] == ["pareto", "lorenz"]
        explorer.metric_dropdown.value = "profit"
        assert [key for _, key in explorer.view_buttons.options] == ["pareto", "lorenz", "whale"]
        explorer.view_buttons.value = "whale"
        assert explorer.view == "whale"
        assert explorer.figure.axes[0].get_title().startswith("Whale of profit")
        profit = vistula_profit()
        curve = kt.whale_curve(profit)
        # datasheet: the whale curve peaks at 111% of total profit, after 337 customers
        peak, after = whale_peak(profit)
        assert (round(peak, 2), after) == (1.11, 337)
        assert curve.peak_share == pytest.approx(peak, rel=1e-9)
        k = explorer.readouts["top_p_customers"]
        expected_y = 100 * curve.table["cumulative_profit_share"].iloc[k - 1]
        assert overlay(explorer) == pytest.approx((100 * k / 500, expected_y))

    def test_profit_readouts_and_negative_note(self, explorer):
        explorer.metric_dropdown.value = "profit"
        profit = vistula_profit()
        assert_readouts_match(explorer, profit, 0.2)
        # datasheet: 163 customers lose money after cost to serve and rebates
        assert int((profit < 0).sum()) == 163
        assert explorer.readouts["n_negative"] == 163
        note = next(n for n in explorer.notes if "negative profit" in n)
        assert note.startswith("163 customers have a negative profit")
        assert "negative='zero'" in note and "whale view shows their losses" in note
        assert "163 customers have a negative profit" in explorer.notes_html.value

    def test_leaving_profit_leaves_the_whale_view(self, explorer):
        explorer.metric_dropdown.value = "profit"
        explorer.view_buttons.value = "whale"
        explorer.metric_dropdown.value = "revenue"
        assert explorer.view == "pareto"
        assert [key for _, key in explorer.view_buttons.options] == ["pareto", "lorenz"]

    def test_northwind_has_revenue_only(self, explorer):
        explorer.metric_dropdown.value = "profit"
        explorer.dataset_dropdown.value = "northwind"
        assert (explorer.dataset, explorer.metric) == ("northwind", "revenue")
        assert [key for _, key in explorer.metric_dropdown.options] == ["revenue"]
        assert explorer.metric_dropdown.disabled
        assert any("only the Vistula dataset" in n for n in explorer.notes)
        # an independent computation: order lines x (1 - discount), by customer of the order
        details = kt.load_dataset("northwind_order_details")
        orders = kt.load_dataset("northwind_orders").set_index("order_id")["customer_id"]
        amount = details["unit_price"] * details["quantity"] * (1 - details["discount"])
        revenue = amount.groupby(details["order_id"].map(orders)).sum()
        customers = kt.load_dataset("northwind_customers")["customer_id"]
        revenue = revenue.reindex(customers, fill_value=0.0)
        assert_readouts_match(explorer, revenue, 0.2)
        # FISSA and PARIS never ordered: they count as customers with 0
        assert explorer.readouts["n_customers"] == 91 and explorer.readouts["n_zero"] == 2
        # Northwind's prices have no stated currency: the total is a plain number
        assert re.search(r"91; total revenue [\d,]+</", explorer.readouts_html.value)
        assert any("2 customers of northwind_customers never ordered" in n for n in explorer.notes)

    def test_back_to_vistula_offers_profit_again(self, explorer):
        explorer.dataset_dropdown.value = "northwind"
        explorer.dataset_dropdown.value = "vistula"
        assert [key for _, key in explorer.metric_dropdown.options] == ["revenue", "profit"]
        assert not explorer.metric_dropdown.disabled

    def test_a_dataset_that_cannot_be_loaded_shows_the_message(
        self, explorer, monkeypatch, tmp_path
    ):
        monkeypatch.setenv("KAMTOOLS_DATASETS", str(tmp_path))  # an empty data folder
        readouts = dict(explorer.readouts)
        explorer.dataset_dropdown.value = "northwind"
        assert explorer.dataset == "vistula"  # the selection went back
        assert "is missing" in explorer.error and "northwind" in explorer.error
        assert (
            "&#9888;" in explorer.status_html.value and "is missing" in explorer.status_html.value
        )
        assert explorer.readouts == readouts
        explorer.view_buttons.value = "lorenz"  # still usable
        assert explorer.view == "lorenz"

    def test_repr_and_close(self, explorer):
        bundle = explorer._repr_mimebundle_()
        view = bundle["application/vnd.jupyter.widget-view+json"]
        assert view["model_id"] == explorer.root.model_id
        explorer.close()
        assert explorer.root.comm is None and explorer.p_slider.comm is None
        assert explorer.figure_output.comm is None
        assert explorer.figure.axes == []


# ---------------------------------------------------------------------- user data


class TestUserData:
    def test_transactions_dataframe(self):
        lines = pd.DataFrame(
            {"client": ["A", "B", "A", None, "C"], "value": [100.0, 50.0, -20.0, 10.0, 30.0]}
        )
        w = ParetoExplorer(lines, customer="client", amount="value")
        assert w.dataset == "custom" and w.dataset_dropdown.disabled
        totals = kt.customer_totals(lines, customer="client", amount="value")
        # A: 100 - 20 = 80, B: 50, C: 30
        assert totals.to_dict() == {"A": 80.0, "B": 50.0, "C": 30.0}
        assert_readouts_match(w, totals, 0.2)
        assert any(
            n.startswith("1 transaction lines with a missing customer id are left out")
            for n in w.notes
        )
        assert any("1 return and cancellation lines (-20.00)" in n for n in w.notes)
        w.close()

    def test_quantity_and_price(self):
        lines = pd.DataFrame({"c": [1, 1, 2], "q": [2, 1, 5], "p": [10.0, 5.0, 1.0]})
        w = ParetoExplorer(lines, customer="c", quantity="q", price="p")
        # customer 1: 2 * 10 + 1 * 5 = 25, customer 2: 5 * 1 = 5 -> top 1 share 25 / 30
        assert w.readouts["top1_share"] == pytest.approx(25 / 30)
        w.close()

    def test_dataframe_needs_the_customer_column(self):
        with pytest.raises(kt.ParameterError, match=r"`customer` is required .* customer=None"):
            ParetoExplorer(pd.DataFrame({"amount": [1.0]}), amount="amount")

    def test_dataframe_needs_the_amount(self):
        with pytest.raises(kt.ParameterError, match=r"Say how to compute the line amount"):
            ParetoExplorer(pd.DataFrame({"c": ["a"], "amount": [1.0]}), customer="c")

    def test_dataframe_with_a_missing_column(self):
        with pytest.raises(kt.DataError, match=r"`amount`='value' is not a column"):
            ParetoExplorer(pd.DataFrame({"c": ["a"]}), customer="c", amount="value")

    def test_columns_without_a_dataframe(self):
        with pytest.raises(kt.ParameterError, match=r"`customer` name columns .* Series"):
            ParetoExplorer(pd.Series(SMALL), customer="c")

    def test_negative_and_zero_values_are_reported(self):
        values = pd.Series({"a": 50.0, "b": -10.0, "c": 0.0, "d": 30.0})
        w = ParetoExplorer(values)
        assert_readouts_match(w, values, 0.2)
        # with b counted as 0: top 1 of 4 customers = 50 / 80
        assert w.readouts["top_p_share"] == pytest.approx(50 / 80)
        assert w.readouts["n_customers"] == 4
        assert w.notes == [
            "1 customer has a negative revenue (below zero). For the shares, the Gini, the "
            "HHI and the ABC classes it counts as 0 (negative='zero'); it stays in the "
            "number of customers.",
            "1 customer has a revenue of exactly 0; it counts as a customer.",
        ]
        w.close()

    def test_profit_series_gets_the_whale_view(self):
        w = ParetoExplorer({"A": 60, "B": 50, "C": 10, "D": -20, "E": -30}, metric="profit")
        w.view_buttons.value = "whale"
        # whale: cumulative 60, 110, 120, 100, 70 over a total of 70; top 20% = A: 60 / 70
        assert overlay(w) == pytest.approx((20.0, 100 * 60 / 70))
        assert "86% of the total profit" in top_p_artist(w, "text").get_text()
        w.close()

    def test_list_of_values(self):
        w = ParetoExplorer([1, 2, 3, 4], view="lorenz")
        assert w.readouts["gini"] == pytest.approx(0.25)  # 2 * 30 / (4 * 10) - 5 / 4
        w.close()

    @settings(max_examples=15, deadline=None)
    @given(
        st.lists(st.integers(0, 1000), min_size=1, max_size=60).filter(lambda v: sum(v) > 0),
        st.integers(1, 100),
    )
    def test_readouts_follow_the_analysis_functions(self, values, percent):
        series = pd.Series(values, index=[f"c{i}" for i in range(len(values))], dtype=float)
        w = ParetoExplorer(series, p=percent / 100)
        assert_readouts_match(w, series, percent / 100)
        # top_share's rule: ceil(p * n) customers, at least one
        assert w.readouts["top_p_customers"] == max(
            1, math.ceil(percent * len(values) / 100 - 1e-9)
        )
        w.close()


# -------------------------------------------------------------------- bad arguments


class TestBadArguments:
    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"metric": "margin"}, kt.ParameterError, r"`metric` must be one of .* 'margin'"),
            ({"view": "bar"}, kt.ParameterError, r"`view` must be one of .* 'bar' was passed"),
            ({"view": "whale"}, kt.ParameterError, r"view='whale' .* metric='revenue'"),
            ({"p": 0}, kt.ParameterError, r"`p` must be a fraction in \(0, 1\]"),
            ({"p": 20}, kt.ParameterError, r"but 20.0 was passed. Did you mean 0.2\?"),
            ({"p": 0.005}, kt.ParameterError, r"`p` must be at least 0.01 .* 0.005"),
            ({"p": "0.2"}, kt.WrongTypeError, r"`p` must be a number, but '0.2'"),
        ],
    )
    def test_options(self, kwargs, error, match):
        with pytest.raises(error, match=match):
            ParetoExplorer(SMALL, **kwargs)

    def test_unknown_dataset(self):
        with pytest.raises(kt.UnknownDatasetError, match=r"'vistula_customers' was passed"):
            ParetoExplorer("vistula_customers")

    def test_profit_where_no_costs_are_known(self):
        with pytest.raises(kt.ParameterError, match=r"data='northwind'"):
            ParetoExplorer("northwind", metric="profit")
        with pytest.raises(kt.ParameterError, match=r"metric='profit' needs the cost of goods"):
            ParetoExplorer(
                pd.DataFrame({"c": ["a"], "v": [1.0]}), customer="c", amount="v", metric="profit"
            )

    def test_not_values(self):
        with pytest.raises(kt.WrongTypeError, match=r"`data` must be one value per customer"):
            ParetoExplorer(42)

    def test_no_positive_total(self):
        with pytest.raises(kt.NonPositiveTotalError, match=r"add up to 0.0"):
            ParetoExplorer({"a": 0.0, "b": -5.0})


# --------------------------------------------------------------------- real data


@pytest.mark.slow
def test_online_retail():
    w = ParetoExplorer("online_retail", p=0.2)
    lines = kt.load_dataset("online_retail")
    totals = kt.customer_totals(
        lines, customer="CustomerID", quantity="Quantity", price="UnitPrice"
    )
    assert_readouts_match(w, totals, 0.2)
    # DATASHEET.md: 42 customers with a negative net value, 8 with exactly 0
    assert (w.readouts["n_negative"], w.readouts["n_zero"]) == (42, 8)
    assert any(n.startswith("42 customers have a negative revenue") for n in w.notes)
    assert any(
        n.startswith("135,080 transaction lines with a missing customer id are left out")
        for n in w.notes
    )
    assert [key for _, key in w.metric_dropdown.options] == ["revenue"]
    # the total counts the 42 negative customers as 0, like the shares; amounts in GBP
    assert f"total revenue {totals.clip(lower=0).sum():,.0f} GBP" in w.readouts_html.value
    w.p_slider.value = 0.5
    assert w.readouts["top_p_share"] == kt.top_share(totals, 0.5, negative="zero")
    w.close()


@pytest.mark.slow
def test_benchmark_runs_and_reports_the_target(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_widgets.py"
    args = ["--changes", "3", "--warmup", "0", "--dataset", "vistula", "--out", str(tmp_path)]
    result = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"under 100 ms: [\d.]+ ms (PASS|MISS)", result.stdout)
    assert "every move redrew the image and matched kt.top_share" in result.stdout
    (path,) = tmp_path.glob("bench_widgets-*.json")
    payload = json.loads(path.read_text())
    assert payload["customers"] == 500 and payload["mismatches"] == 0
    assert len(payload["timings_ms"]["widget"]) == 3
    assert payload["ratio_widget_to_baseline"] > 0


def test_a_profit_total_with_losses_says_both_figures():
    """Module 04 showed 51.9 M PLN in the explorer and 43.2 M PLN in the table, unexplained."""
    import re

    import kamtools as kt

    explorer = kt.ParetoExplorer(metric="profit", view="whale")
    text = re.sub(r"<[^>]+>", " ", explorer.readouts_html.value)
    profit = explorer._data.values
    clipped = f"{profit.clip(lower=0).sum():,.0f} PLN"
    net = f"{profit.sum():,.0f} PLN"
    assert f"total profit {clipped} (losses counted as 0" in text
    assert f"with the losses: {net})" in text
    revenue = kt.ParetoExplorer()  # no losses: one total, no note
    assert "losses counted as 0" not in revenue.readouts_html.value
