"""CLV calculator: what is a customer worth, and what is keeping customers longer worth?

A thin view over :mod:`kamtools.analysis.lifetime_value` (:func:`~kamtools.clv`,
:func:`~kamtools.clv_by_retention`, :func:`~kamtools.clv_declining_share`,
:func:`~kamtools.retention_vs_acquisition`, :func:`~kamtools.retention_gain_for_budget`) and :func:`kamtools.plot_clv`: every number
shown comes from one of them; this module only wires the inputs and turns the results
into HTML. Its words come from the message catalogue (``clv_calculator.*``).
"""

from __future__ import annotations

import math
from numbers import Integral
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .._validate import check_number
from ..analysis.lifetime_value import (
    clv,
    clv_by_retention,
    clv_declining_share,
    retention_gain_for_budget,
    retention_vs_acquisition,
)
from ..analysis.plots import _retention_grid, plot_clv
from ..data.parsing import parse_number
from ..errors import KamtoolsError, ParameterError, WrongTypeError
from ..messages import t
from ._teaching import (
    LARGE_PX,
    ChartView,
    FigurePanel,
    block,
    captured,
    esc,
    frame_html,
    html_table,
    number,
    percent,
    root_box,
    side_by_side,
    status_block,
    title_html,
)

__all__ = ["CLVCalculator"]

#: Range of the retention slider (a retention of 1 has no finite CLV without a horizon).
RETENTION_RANGE = (0.0, 0.99)
#: Range of the retention-gain slider, in points of probability.
GAIN_RANGE = (0.0, 0.2)
#: Range of the share-of-wallet slider: the yearly fall of the margin.
DECLINE_RANGE = (0.0, 0.5)
#: Range of the horizon slider, in years.
HORIZON_RANGE = (1, 50)
#: Retention range of the chart (widened to include the current retention).
CHART_RANGE = (0.5, 0.95)


def _row_labels() -> dict[str, str]:
    """Labels of the rows of :func:`kamtools.retention_vs_acquisition`."""
    return {
        "clv_now": t("clv_calculator.row_clv_now"),
        "clv_after_gain": t("clv_calculator.row_clv_after_gain"),
        "value_of_retention_gain": t("clv_calculator.row_value_of_retention_gain"),
        "value_per_new_customer": t("clv_calculator.row_value_per_new_customer"),
        "new_customers_equivalent": t("clv_calculator.row_new_customers_equivalent"),
        "acquisition_budget_equivalent": t("clv_calculator.row_acquisition_budget_equivalent"),
    }


def _what() -> dict[str, str]:
    """What could not be computed, by part of the result."""
    return {
        "clv": t("clv_calculator.what_clv"),
        "comparison": t("clv_calculator.what_comparison"),
        "gain": t("clv_calculator.what_gain"),
    }


#: A yearly discount rate above this is a typing slip (8 for 8%), not a rate.
MAX_DISCOUNT_RATE = 1.0


def _read_rate(text: str) -> float:
    """A discount rate as typed in the calculator: "10%", "0,1" and "0.1" are 0.1.

    >>> _read_rate("8%"), _read_rate("0,08")
    (0.08, 0.08)
    """
    rate = parse_number(text)
    if rate > MAX_DISCOUNT_RATE:
        raise ParameterError(
            t("clv_calculator.rate_too_high", typed=text.strip(), percent=f"{number(100 * rate)}%")
        )
    return rate


def _check_range(value: Any, name: str, low: float, high: float, what: str) -> float:
    x = check_number(value, name)
    if not low <= x <= high:
        raise ParameterError(
            f"`{name}` must be between {low:g} and {high:g} ({what}), but {value!r} was passed."
        )
    return x


class CLVCalculator(ChartView):
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
    share_decline : float, default 0.0
        How much the share of wallet, and with it the margin, falls each year, 0 to 0.5
        (0.1 = 10% less every year); with a decline above 0 the results also show the
        CLV of a customer who stays but buys less (:func:`kamtools.clv_declining_share`).

    Attributes
    ----------
    result : dict
        What is shown: ``inputs`` (dict of the numbers used), ``clv``,
        ``clv_after_acquisition``, ``retention_gain_for_budget`` (floats, NaN when not
        computable), ``clv_declining_share`` (the CLV with the margin falling by
        ``share_decline`` a year, on top of the retention; equal to ``clv`` when the
        decline is 0), ``comparison`` (the Series of
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
        ``horizon_slider``, ``customers_text``, ``budget_text``, ``gain_slider``,
        ``decline_slider``.

    Raises
    ------
    WrongTypeError
        If a starting value is not a number (or `horizon`, `customers` not whole
        numbers).
    ParameterError
        If a starting value lies outside its control's range (`retention` above 0.99,
        `retention_gain` above 0.2, `share_decline` above 0.5, `horizon` outside 1-50)
        or is not finite.

    Notes
    -----
    Every number comes from :func:`kamtools.clv`, :func:`kamtools.retention_vs_acquisition`
    and :func:`kamtools.retention_gain_for_budget`, with the inputs as typed. Inputs the
    model refuses (a discount rate of -1, retention + gain above 1, no horizon with
    retention >= 1 + discount rate, an acquisition cost of 0 for the budget question,
    ...) show kamtools' message in the widget instead of raising; each result is
    computed on its own, so one refused question does not hide the others. The chart is
    :func:`kamtools.plot_clv` for retentions from 50% to 95% (wider when the current
    retention is outside), with the current point and the point after the retention gain
    marked; ``result["curve"]`` holds its numbers (:func:`kamtools.clv_by_retention`).

    Examples
    --------
    >>> from kamtools.widgets.clv_calculator import CLVCalculator
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

    # The controls and outputs (made in __init__), declared for the type checker.
    margin_text: widgets.FloatText
    retention_slider: widgets.FloatSlider
    discount_text: widgets.Text
    acquisition_text: widgets.FloatText
    unlimited_checkbox: widgets.Checkbox
    horizon_slider: widgets.IntSlider
    customers_text: widgets.IntText
    budget_text: widgets.FloatText
    gain_slider: widgets.FloatSlider
    decline_slider: widgets.FloatSlider
    results_html: widgets.HTML
    table_html: widgets.HTML
    status_html: widgets.HTML

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
        share_decline: float = 0.0,
    ) -> None:
        margin = check_number(margin, "margin")
        retention = _check_range(retention, "retention", *RETENTION_RANGE, "the slider's range")
        discount_rate = check_number(discount_rate, "discount_rate")
        acquisition_cost = check_number(acquisition_cost, "acquisition_cost")
        budget = check_number(budget, "budget")
        retention_gain = _check_range(
            retention_gain, "retention_gain", *GAIN_RANGE, "the slider's range"
        )
        share_decline = _check_range(
            share_decline, "share_decline", *DECLINE_RANGE, "the slider's range"
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
        self.error: str = ""
        self.log = widgets.Output()
        wide = widgets.Layout(width="34em")
        # Sliders get a longer track than the text boxes: easy to drag, also on a projector.
        slider = widgets.Layout(width="48em")
        style = {"description_width": "19em"}
        self.margin_text = widgets.FloatText(
            value=margin, description=t("clv_calculator.margin"), style=style, layout=wide
        )
        self.retention_slider = widgets.FloatSlider(
            value=retention,
            min=RETENTION_RANGE[0],
            max=RETENTION_RANGE[1],
            step=0.01,
            description=t("clv_calculator.retention"),
            readout_format=".0%",
            continuous_update=False,
            style=style,
            layout=slider,
        )
        # Text, not a number box: "8%", "0,08" and "0.08" all mean eight percent (a
        # browser's number box turns "0,08" into 008), and 8 is explained, not used.
        self.discount_text = widgets.Text(
            value=repr(float(discount_rate)),
            description=t("clv_calculator.discount_rate"),
            continuous_update=False,
            style=style,
            layout=wide,
        )
        self.acquisition_text = widgets.FloatText(
            value=acquisition_cost,
            description=t("clv_calculator.acquisition_cost"),
            style=style,
            layout=wide,
        )
        self.unlimited_checkbox = widgets.Checkbox(
            value=horizon is None,
            description=t("clv_calculator.unlimited"),
            indent=False,
            layout=wide,
        )
        self.horizon_slider = widgets.IntSlider(
            value=10 if horizon is None else int(horizon),
            min=HORIZON_RANGE[0],
            max=HORIZON_RANGE[1],
            description=t("clv_calculator.horizon"),
            disabled=horizon is None,
            continuous_update=False,
            style=style,
            layout=slider,
        )
        self.customers_text = widgets.IntText(
            value=int(customers),
            description=t("clv_calculator.customers"),
            style=style,
            layout=wide,
        )
        self.budget_text = widgets.FloatText(
            value=budget, description=t("clv_calculator.budget"), style=style, layout=wide
        )
        self.gain_slider = widgets.FloatSlider(
            value=retention_gain,
            min=GAIN_RANGE[0],
            max=GAIN_RANGE[1],
            step=0.01,
            description=t("clv_calculator.gain"),
            readout_format=".2f",
            continuous_update=False,
            style=style,
            layout=slider,
        )
        self.decline_slider = widgets.FloatSlider(
            value=share_decline,
            min=DECLINE_RANGE[0],
            max=DECLINE_RANGE[1],
            step=0.01,
            description=t("clv_calculator.share_decline"),
            readout_format=".0%",
            continuous_update=False,
            style=style,
            layout=slider,
        )
        self._panel = FigurePanel()
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
            self.decline_slider,
        ]
        for control in controls:
            control.observe(captured(self.log, self._on_change), names="value")
        inputs = block("", heading=t("clv_calculator.inputs"), size=LARGE_PX)
        formula = block(f"<p>{esc(t('clv_calculator.formula'))}</p>", size=LARGE_PX)
        self.root = root_box(
            [
                widgets.HTML(title_html(t("clv_calculator.title"))),
                side_by_side(widgets.VBox([widgets.HTML(inputs), *controls]), self.results_html),
                self.status_html,
                self.figure_output,
                self.table_html,
                widgets.HTML(formula),
                self.log,
            ]
        )
        self._update()

    # -- computing -----------------------------------------------------------------------
    def _on_change(self, change: dict[str, Any]) -> None:
        self._update()

    def _inputs(self) -> dict[str, Any]:
        return {
            "margin": float(self.margin_text.value),
            "retention": float(self.retention_slider.value),
            "discount_rate": self.discount_rate(),
            "acquisition_cost": float(self.acquisition_text.value),
            "horizon": None if self.unlimited_checkbox.value else int(self.horizon_slider.value),
            "customers": int(self.customers_text.value),
            "budget": float(self.budget_text.value),
            "retention_gain": float(self.gain_slider.value),
            "share_decline": float(self.decline_slider.value),
        }

    def discount_rate(self) -> float:
        """The typed discount rate as a fraction (NaN when it cannot be used; see ``error``)."""
        try:
            return _read_rate(self.discount_text.value)
        except KamtoolsError:
            return math.nan

    def _update(self) -> None:
        self.horizon_slider.disabled = bool(self.unlimited_checkbox.value)
        inputs = self._inputs()
        try:
            _read_rate(self.discount_text.value)
        except KamtoolsError as exc:  # nothing can be computed: say why, once
            message = str(exc)
            self.result = {
                "inputs": inputs,
                "clv": math.nan,
                "clv_after_acquisition": math.nan,
                "clv_declining_share": math.nan,
                "retention_gain_for_budget": math.nan,
                "comparison": None,
                "curve": pd.DataFrame(
                    {"retention": _retention_grid(inputs["retention"], CHART_RANGE)}
                ).assign(clv=math.nan),
                "errors": {part: message for part in ("clv", "comparison", "gain")},
            }
            self.error = message
            self._render()
            return
        model = {
            "margin": inputs["margin"],
            "retention": inputs["retention"],
            "discount_rate": inputs["discount_rate"],
            "horizon": inputs["horizon"],
        }
        errors: dict[str, str] = {}
        value = net = gain = declining = math.nan
        comparison = None
        try:
            value = clv(**model)
            net = clv(**model, acquisition_cost=inputs["acquisition_cost"])
            declining = clv_declining_share(
                model["margin"],
                share_decline=inputs["share_decline"],
                discount_rate=model["discount_rate"],
                horizon=model["horizon"],
                retention=model["retention"],
            )
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
            "clv_declining_share": declining,
            "retention_gain_for_budget": gain,
            "comparison": comparison,
            "curve": self._curve(model),
            "errors": errors,
        }
        self.error = next(iter(errors.values()), "")
        self._render()

    @staticmethod
    def _curve(model: dict[str, Any]) -> pd.DataFrame:
        """kt.clv_by_retention over the retentions of the chart (all NaN if refused)."""
        grid = _retention_grid(model["retention"], CHART_RANGE)
        try:
            return clv_by_retention(
                model["margin"], grid, model["discount_rate"], horizon=model["horizon"]
            )
        except KamtoolsError:  # the inputs themselves are refused: said in the status
            return pd.DataFrame({"retention": grid, "clv": np.full(len(grid), np.nan)})

    # -- showing -----------------------------------------------------------------------
    def _render(self) -> None:
        result = self.result
        inputs = result["inputs"]
        messages: list[tuple[str, str]] = []
        for part, message in result["errors"].items():
            if message not in [m for _, m in messages]:  # the same cause once
                messages.append((part, message))
        what = _what()
        self.status_html.value = "".join(
            status_block(t("clv_calculator.error", what=what[part], message=message), "error")
            for part, message in messages
        )
        rows = []
        if not math.isnan(result["clv"]):
            net = result["clv_after_acquisition"]
            pays = t("clv_calculator.pays_back") if net > 0 else t("clv_calculator.no_payback")
            rows.append((esc(t("clv_calculator.clv")), f"<b>{number(result['clv'], 2)}</b>"))
            rows.append((esc(t("clv_calculator.clv_net")), f"<b>{number(net, 2)}</b> ({pays})"))
            decline = inputs["share_decline"]
            if decline > 0 and not math.isnan(result["clv_declining_share"]):
                label = esc(t("clv_calculator.clv_declining", decline=percent(decline, 0)))
                rows.append((label, f"<b>{number(result['clv_declining_share'], 2)}</b>"))
        if "gain" not in result["errors"]:
            gain = result["retention_gain_for_budget"]
            label = esc(t("clv_calculator.gain_budget", budget=number(inputs["budget"])))
            if not math.isnan(gain):
                text = t(
                    "clv_calculator.gain_value",
                    points=number(100 * gain, 2),
                    before=percent(inputs["retention"]),
                    after=percent(inputs["retention"] + gain),
                )
            elif result["clv_after_acquisition"] <= 0:
                net = number(result["clv_after_acquisition"], 2)
                text = esc(t("clv_calculator.gain_not_worth", net=net))
            else:
                text = esc(t("clv_calculator.gain_unreachable"))
            rows.append((label, text))
        self.results_html.value = (
            block(html_table(rows), heading=t("clv_calculator.results"), size=LARGE_PX)
            if rows
            else ""
        )
        self.table_html.value = self._table_html()
        self._draw()

    def _table_html(self) -> str:
        comparison = self.result["comparison"]
        if comparison is None:
            return ""
        labels = _row_labels()
        not_defined = t("clv_calculator.not_defined")
        values = comparison.to_numpy()
        shown = pd.DataFrame(
            {"": [not_defined if math.isnan(v) else number(v, 2) for v in values]},
            index=[labels[key] for key in comparison.index],
        )
        gain = number(100 * self.result["inputs"]["retention_gain"])
        heading = t("clv_calculator.comparison", gain=gain)
        return block(frame_html(shown), heading=heading, size=LARGE_PX)

    def _draw(self) -> None:
        """The chart of kt.plot_clv, or a message when the inputs allow none."""
        inputs = self.result["inputs"]
        # the point after the gain only where the comparison could be computed
        gain = inputs["retention_gain"] if self.result["comparison"] is not None else 0.0
        ax = self._panel.new_axes()
        try:
            plot_clv(
                inputs["margin"],
                inputs["retention"],
                inputs["discount_rate"],
                horizon=inputs["horizon"],
                acquisition_cost=inputs["acquisition_cost"],
                retention_gain=gain,
                retention_range=CHART_RANGE,
                ax=ax,
            )
        except KamtoolsError:  # the inputs are refused: the status above says why
            self._panel.message(t("clv_calculator.no_chart"))
            return
        self._panel.render()
