"""CLV calculator: what is a customer worth, and what is keeping customers longer worth?

A thin view over :mod:`kamtools.clv` (:func:`~kamtools.clv`,
:func:`~kamtools.retention_vs_acquisition`, :func:`~kamtools.retention_gain_for_budget`):
every number shown comes from one of them; this module only wires the inputs, turns the
results into HTML and draws the CLV against retention.
"""

from __future__ import annotations

import math
from numbers import Integral
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .._validate import check_number
from ..clv import clv, retention_gain_for_budget, retention_vs_acquisition
from ..errors import KamtoolsError, ParameterError, WrongTypeError
from ..plots import PALETTE
from .pareto import (
    _CSS_CLASS,
    _STYLE_SHEET,
    FIGURE_FONT_PT,
    FONT_PX,
    _block,
    _close_tree,
    _esc,
    _FigurePanel,
    _frame_html,
    _html_table,
    _status_block,
)

__all__ = ["CLVCalculator"]

#: Range of the retention slider (a retention of 1 has no finite CLV without a horizon).
RETENTION_RANGE = (0.0, 0.99)
#: Range of the retention-gain slider, in points of probability.
GAIN_RANGE = (0.0, 0.2)
#: Range of the horizon slider, in years.
HORIZON_RANGE = (1, 50)
#: Retention range of the chart (widened to include the current retention).
CHART_RANGE = (0.5, 0.95)

_TEXT = {
    "title": "CLV calculator: what is a customer worth?",
    "inputs": "Your numbers (per year)",
    "margin": "Margin per customer per year",
    "retention": "Retention (share staying each year)",
    "discount_rate": "Discount rate per year (0.1 = 10%)",
    "acquisition_cost": "Acquisition cost per new customer",
    "unlimited": "No horizon: count every future year",
    "horizon": "Horizon (years)",
    "customers": "Existing customers",
    "budget": "Acquisition budget to compare",
    "gain": "Retention gain to compare (points)",
    "results": "Results",
    "clv": "CLV per customer (before acquisition cost)",
    "clv_net": "CLV minus acquisition cost",
    "pays_back": "a new customer pays back",
    "no_payback": "a new customer does not pay back",
    "gain_budget": "Retention gain worth a budget of {budget:,.0f}",
    "gain_value": "{points:.2f} points (retention {before:.1%} &rarr; {after:.1%})",
    "gain_not_worth": "none: a new customer is worth less than it costs to win (CLV minus "
    "acquisition cost is {net:,.2f}), so the budget creates no value to match",
    "gain_unreachable": "none: even 100% retention creates less value than this budget",
    "comparison": "Keeping customers vs. winning new ones (+{gain:.0f} points of retention)",
    "rows": {
        "clv_now": "CLV now",
        "clv_after_gain": "CLV with the higher retention",
        "value_of_retention_gain": "Value of the gain for all existing customers",
        "value_per_new_customer": "Value of one new customer (CLV - acquisition cost)",
        "new_customers_equivalent": "New customers that would create the same value",
        "acquisition_budget_equivalent": "Acquisition budget that would win them",
    },
    "not_defined": "not defined",
    "formula": "CLV = m r / (1 + i - r) with no horizon, or m q (1 - q^T) / (1 - q) with "
    "q = r / (1 + i) over T years: the margin m of each year arrives at its end if the "
    "customer is still there (kt.clv).",
    "error": "Cannot compute {what}: {message}",
    "what": {
        "clv": "the CLV",
        "comparison": "the comparison",
        "gain": "the retention gain for the budget",
    },
    "chart_title": "CLV against retention (margin {margin:,.0f} a year, discount rate "
    "{rate:.0%}, {horizon})",
    "no_horizon": "no horizon",
    "horizon_years": "{years} years",
    "curve": "CLV per customer",
    "cost_line": "acquisition cost {cost:,.0f}: above it a new customer pays back",
    "you": "your retention {r:.0%}: CLV {value:,.2f}",
    "after": "after +{gain:.0f} points: CLV {value:,.2f}",
    "infinite": "no finite CLV from retention {r:.0%} on (no horizon)",
    "no_chart": "No chart for these numbers: see the message above.",
    "x": "retention (share of customers staying each year)",
    "y": "CLV per customer",
}


def _check_input(value: Any, name: str) -> float:
    return check_number(value, name)


def _check_range(value: Any, name: str, low: float, high: float, what: str) -> float:
    x = check_number(value, name)
    if not low <= x <= high:
        raise ParameterError(
            f"`{name}` must be between {low:g} and {high:g} ({what}), but {value!r} was passed."
        )
    return x


class CLVCalculator:
    """Compute a customer's lifetime value, and what retention is worth against acquisition.

    Parameters
    ----------
    margin : float, default 100.0
        Margin a customer brings per year.
    retention : float, default 0.8
        Share of customers who stay from one year to the next, 0 to 0.99 (the slider).
    discount_rate : float, default 0.1
        Discount rate per year (0.1 for 10%).
    acquisition_cost : float, default 150.0
        What it costs to win one new customer.
    horizon : int, optional
        Years counted, 1 to 50; None (default) counts every future year.
    customers : int, default 1000
        Existing customers whose retention would rise.
    budget : float, default 50000.0
        Acquisition budget to compare with a retention gain.
    retention_gain : float, default 0.05
        Rise in retention for the comparison table, 0 to 0.2 (0.05 = 5 points).

    Attributes
    ----------
    result : dict
        What is shown: ``inputs`` (dict of the numbers used), ``clv``,
        ``clv_after_acquisition``, ``retention_gain_for_budget`` (floats, NaN when not
        computable), ``comparison`` (the Series of
        :func:`kamtools.retention_vs_acquisition`, or None), ``curve`` (DataFrame with
        ``retention`` and ``clv`` for the chart, NaN where the CLV is not finite) and
        ``errors`` (dict of the messages shown by part, ``"clv"``, ``"comparison"``,
        ``"gain"``; empty when all is well).
    error : str
        The first error message shown ("" when there is none).
    figure : matplotlib.figure.Figure
        The figure drawn on.
    root : ipywidgets.VBox
        The box displayed. Controls: ``margin_text``, ``retention_slider``,
        ``discount_text``, ``acquisition_text``, ``unlimited_checkbox``,
        ``horizon_slider``, ``customers_text``, ``budget_text``, ``gain_slider``.

    Raises
    ------
    WrongTypeError
        If a starting value is not a number (or `horizon`, `customers` not whole
        numbers).
    ParameterError
        If a starting value lies outside its control's range (`retention` above 0.99,
        `retention_gain` above 0.2, `horizon` outside 1-50) or is not finite.

    Notes
    -----
    Every number comes from :func:`kamtools.clv`, :func:`kamtools.retention_vs_acquisition`
    and :func:`kamtools.retention_gain_for_budget`, with the inputs as typed. Inputs the
    model refuses (a discount rate of -1, retention + gain above 1, no horizon with
    retention >= 1 + discount rate, an acquisition cost of 0 for the budget question,
    ...) show kamtools' message in the widget instead of raising; each result is
    computed on its own, so one refused question does not hide the others. The chart
    draws :func:`kamtools.clv` for retentions from 50% to 95% (wider when the current
    retention is outside) and marks the current point.

    Examples
    --------
    >>> from kamtools.widgets.clv import CLVCalculator
    >>> calc = CLVCalculator(margin=100, retention=0.8, discount_rate=0.1)
    >>> round(calc.result["clv"], 2)  # 100 * 0.8 / (1 + 0.1 - 0.8)
    266.67
    >>> round(calc.result["clv_after_acquisition"], 2)  # minus the acquisition cost of 150
    116.67
    >>> calc.unlimited_checkbox.value = False
    >>> calc.horizon_slider.value = 1
    >>> round(calc.result["clv"], 2)  # one year: 100 * 0.8 / 1.1
    72.73
    >>> calc.close()
    """

    def __init__(
        self,
        *,
        margin: float = 100.0,
        retention: float = 0.8,
        discount_rate: float = 0.1,
        acquisition_cost: float = 150.0,
        horizon: int | None = None,
        customers: int = 1000,
        budget: float = 50_000.0,
        retention_gain: float = 0.05,
    ) -> None:
        margin = _check_input(margin, "margin")
        retention = _check_range(retention, "retention", *RETENTION_RANGE, "the slider's range")
        discount_rate = _check_input(discount_rate, "discount_rate")
        acquisition_cost = _check_input(acquisition_cost, "acquisition_cost")
        budget = _check_input(budget, "budget")
        retention_gain = _check_range(
            retention_gain, "retention_gain", *GAIN_RANGE, "the slider's range"
        )
        if isinstance(customers, bool) or not isinstance(customers, Integral):
            raise WrongTypeError(
                f"`customers` must be a whole number of customers, but {customers!r} was passed."
            )
        if horizon is not None:
            if isinstance(horizon, bool) or not isinstance(horizon, Integral):
                raise WrongTypeError(
                    "`horizon` must be a whole number of years or None for no limit, but "
                    f"{horizon!r} was passed."
                )
            if not HORIZON_RANGE[0] <= horizon <= HORIZON_RANGE[1]:
                raise ParameterError(
                    f"`horizon` must be between {HORIZON_RANGE[0]} and {HORIZON_RANGE[1]} "
                    f"years (the slider's range) or None, but {horizon!r} was passed."
                )

        self.result: dict[str, Any] = {}
        self.error = ""
        self.log = widgets.Output()
        wide = widgets.Layout(width="34em")
        style = {"description_width": "19em"}
        self.margin_text = widgets.FloatText(
            value=margin, description=_TEXT["margin"], style=style, layout=wide
        )
        self.retention_slider = widgets.FloatSlider(
            value=retention,
            min=RETENTION_RANGE[0],
            max=RETENTION_RANGE[1],
            step=0.01,
            description=_TEXT["retention"],
            readout_format=".0%",
            continuous_update=False,
            style=style,
            layout=wide,
        )
        self.discount_text = widgets.FloatText(
            value=discount_rate,
            step=0.01,
            description=_TEXT["discount_rate"],
            style=style,
            layout=wide,
        )
        self.acquisition_text = widgets.FloatText(
            value=acquisition_cost,
            description=_TEXT["acquisition_cost"],
            style=style,
            layout=wide,
        )
        self.unlimited_checkbox = widgets.Checkbox(
            value=horizon is None,
            description=_TEXT["unlimited"],
            indent=False,
            layout=wide,
        )
        self.horizon_slider = widgets.IntSlider(
            value=10 if horizon is None else int(horizon),
            min=HORIZON_RANGE[0],
            max=HORIZON_RANGE[1],
            description=_TEXT["horizon"],
            disabled=horizon is None,
            continuous_update=False,
            style=style,
            layout=wide,
        )
        self.customers_text = widgets.IntText(
            value=int(customers), description=_TEXT["customers"], style=style, layout=wide
        )
        self.budget_text = widgets.FloatText(
            value=budget, description=_TEXT["budget"], style=style, layout=wide
        )
        self.gain_slider = widgets.FloatSlider(
            value=retention_gain,
            min=GAIN_RANGE[0],
            max=GAIN_RANGE[1],
            step=0.01,
            description=_TEXT["gain"],
            readout_format=".2f",
            continuous_update=False,
            style=style,
            layout=wide,
        )
        self._panel = _FigurePanel()
        self.figure_output = self._panel.out
        self.results_html = widgets.HTML()
        self.table_html = widgets.HTML()
        self.status_html = widgets.HTML()

        controls = [
            self.margin_text,
            self.retention_slider,
            self.discount_text,
            self.acquisition_text,
            self.unlimited_checkbox,
            self.horizon_slider,
            self.customers_text,
            self.budget_text,
            self.gain_slider,
        ]
        for control in controls:
            control.observe(self.log.capture()(self._on_change), names="value")
        self.root = widgets.VBox(
            [
                widgets.HTML(_STYLE_SHEET),
                widgets.HTML(
                    f'<h3 style="font-size:{FONT_PX + 6}px; margin:0.2em 0">'
                    f"{_esc(_TEXT['title'])}</h3>"
                ),
                widgets.HBox(
                    [
                        widgets.VBox(
                            [widgets.HTML(_block("", heading=_TEXT["inputs"])), *controls]
                        ),
                        self.results_html,
                    ],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="2em"),
                ),
                self.status_html,
                self.figure_output,
                self.table_html,
                widgets.HTML(_block(f"<p>{_esc(_TEXT['formula'])}</p>")),
                self.log,
            ]
        )
        self.root.add_class(_CSS_CLASS)
        self._update()

    # -- display -------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close every widget and free the figure."""
        self._panel.close()
        _close_tree(self.root)

    @property
    def figure(self) -> Any:
        return self._panel.figure

    @property
    def png(self) -> bytes:
        return self._panel.png

    # -- computing -----------------------------------------------------------------------
    def _on_change(self, change: dict[str, Any]) -> None:
        self._update()

    def _inputs(self) -> dict[str, Any]:
        return {
            "margin": float(self.margin_text.value),
            "retention": float(self.retention_slider.value),
            "discount_rate": float(self.discount_text.value),
            "acquisition_cost": float(self.acquisition_text.value),
            "horizon": None if self.unlimited_checkbox.value else int(self.horizon_slider.value),
            "customers": int(self.customers_text.value),
            "budget": float(self.budget_text.value),
            "retention_gain": float(self.gain_slider.value),
        }

    def _update(self) -> None:
        self.horizon_slider.disabled = bool(self.unlimited_checkbox.value)
        inputs = self._inputs()
        model = {
            "margin": inputs["margin"],
            "retention": inputs["retention"],
            "discount_rate": inputs["discount_rate"],
            "horizon": inputs["horizon"],
        }
        errors: dict[str, str] = {}
        value = net = gain = math.nan
        comparison = None
        try:
            value = clv(**model)
            net = clv(**model, acquisition_cost=inputs["acquisition_cost"])
        except KamtoolsError as exc:
            errors["clv"] = str(exc)
        try:
            comparison = retention_vs_acquisition(
                **model,
                customers=inputs["customers"],
                acquisition_cost=inputs["acquisition_cost"],
                retention_gain=inputs["retention_gain"],
            )
        except KamtoolsError as exc:
            errors["comparison"] = str(exc)
        try:
            gain = retention_gain_for_budget(
                **model,
                customers=inputs["customers"],
                acquisition_cost=inputs["acquisition_cost"],
                budget=inputs["budget"],
            )
        except KamtoolsError as exc:
            errors["gain"] = str(exc)
        self.result = {
            "inputs": inputs,
            "clv": value,
            "clv_after_acquisition": net,
            "retention_gain_for_budget": gain,
            "comparison": comparison,
            "curve": self._curve(model),
            "errors": errors,
        }
        self.error = next(iter(errors.values()), "")
        self._render()

    @staticmethod
    def _curve(model: dict[str, Any]) -> pd.DataFrame:
        """kt.clv over a grid of retentions; NaN where the model has no finite CLV."""
        low = min(CHART_RANGE[0], model["retention"])
        high = max(CHART_RANGE[1], model["retention"])
        grid = np.round(np.linspace(low, high, round((high - low) / 0.01) + 1), 10)
        values = np.full(len(grid), np.nan)
        for j, r in enumerate(grid):  # ~50 grid points, each one call of the tested kt.clv
            try:
                values[j] = clv(
                    model["margin"], float(r), model["discount_rate"], horizon=model["horizon"]
                )
            except KamtoolsError:
                pass  # no finite CLV there: left as a gap in the line and said on the chart
        return pd.DataFrame({"retention": grid, "clv": values})

    # -- showing -------------------------------------------------------------------------
    def _render(self) -> None:
        result = self.result
        inputs = result["inputs"]
        messages = []
        for part, message in result["errors"].items():
            if message not in [m for _, m in messages]:  # the same cause once
                messages.append((part, message))
        self.status_html.value = "".join(
            _status_block(_TEXT["error"].format(what=_TEXT["what"][part], message=message), "error")
            for part, message in messages
        )
        rows = []
        if not math.isnan(result["clv"]):
            net = result["clv_after_acquisition"]
            rows.append((_esc(_TEXT["clv"]), f"<b>{result['clv']:,.2f}</b>"))
            rows.append(
                (
                    _esc(_TEXT["clv_net"]),
                    f"<b>{net:,.2f}</b> ({_TEXT['pays_back'] if net > 0 else _TEXT['no_payback']})",
                )
            )
        if "gain" not in result["errors"]:
            gain = result["retention_gain_for_budget"]
            label = _esc(_TEXT["gain_budget"].format(budget=inputs["budget"]))
            if not math.isnan(gain):
                text = _TEXT["gain_value"].format(
                    points=100 * gain,
                    before=inputs["retention"],
                    after=inputs["retention"] + gain,
                )
            elif result["clv_after_acquisition"] <= 0:
                text = _esc(_TEXT["gain_not_worth"].format(net=result["clv_after_acquisition"]))
            else:
                text = _esc(_TEXT["gain_unreachable"])
            rows.append((label, text))
        self.results_html.value = (
            _block(_html_table(rows), heading=_TEXT["results"]) if rows else ""
        )
        self.table_html.value = self._table_html()
        self._draw()

    def _table_html(self) -> str:
        comparison = self.result["comparison"]
        if comparison is None:
            return ""
        shown = pd.DataFrame(
            {
                "": [
                    _TEXT["not_defined"] if math.isnan(v) else f"{v:,.2f}"
                    for v in comparison.to_numpy()
                ]
            },
            index=[_TEXT["rows"][key] for key in comparison.index],
        )
        heading = _TEXT["comparison"].format(gain=100 * self.result["inputs"]["retention_gain"])
        return _block(_frame_html(shown), heading=heading)

    def _draw(self) -> None:
        from matplotlib.ticker import PercentFormatter, StrMethodFormatter

        ax = self._panel.new_axes()
        result = self.result
        inputs = result["inputs"]
        curve = result["curve"]
        if curve["clv"].isna().all():
            ax.set_axis_off()
            ax.text(
                0.5,
                0.5,
                _TEXT["no_chart"],
                ha="center",
                va="center",
                fontsize=FIGURE_FONT_PT + 2,
                transform=ax.transAxes,
            )
            self._panel.render()
            return
        x = curve["retention"].to_numpy()
        y = curve["clv"].to_numpy()
        ax.plot(x, y, color=PALETTE["blue"], linewidth=2.5, label=_TEXT["curve"])
        ax.axhline(
            inputs["acquisition_cost"],
            color=PALETTE["black"],
            linestyle="--",
            linewidth=1.3,
            label=_TEXT["cost_line"].format(cost=inputs["acquisition_cost"]),
        )
        r = inputs["retention"]
        if not math.isnan(result["clv"]):
            ax.plot(
                [r],
                [result["clv"]],
                linestyle="none",
                marker="D",
                markersize=11,
                markerfacecolor=PALETTE["vermillion"],
                markeredgecolor=PALETTE["black"],
                label=_TEXT["you"].format(r=r, value=result["clv"]),
                zorder=5,
            )
        comparison = result["comparison"]
        if comparison is not None and inputs["retention_gain"] > 0:
            ax.plot(
                [r + inputs["retention_gain"]],
                [comparison["clv_after_gain"]],
                linestyle="none",
                marker="o",
                markersize=10,
                markerfacecolor="white",
                markeredgecolor=PALETTE["vermillion"],
                markeredgewidth=2.5,
                label=_TEXT["after"].format(
                    gain=100 * inputs["retention_gain"], value=comparison["clv_after_gain"]
                ),
                zorder=5,
            )
        gaps = np.isnan(y)
        if gaps.any():
            first = float(x[np.flatnonzero(gaps)[0]])
            ax.axvspan(first, float(x[-1]), color=PALETTE["grey"], alpha=0.2, linewidth=0)
            ax.text(
                first,
                0.5,
                " " + _TEXT["infinite"].format(r=first),
                transform=ax.get_xaxis_transform(),
                rotation=90,
                va="center",
                fontsize=FIGURE_FONT_PT - 1,
            )
        horizon = (
            _TEXT["no_horizon"]
            if inputs["horizon"] is None
            else _TEXT["horizon_years"].format(years=inputs["horizon"])
        )
        ax.set_title(
            _TEXT["chart_title"].format(
                margin=inputs["margin"], rate=inputs["discount_rate"], horizon=horizon
            ),
            fontsize=FIGURE_FONT_PT + 2,
        )
        ax.set_xlabel(_TEXT["x"], fontsize=FIGURE_FONT_PT)
        ax.set_ylabel(_TEXT["y"], fontsize=FIGURE_FONT_PT)
        ax.tick_params(labelsize=12)
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
        if np.nanmax(np.abs(y)) >= 10_000:
            ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", fontsize=FIGURE_FONT_PT - 1, framealpha=0.9)
        self._panel.render()
