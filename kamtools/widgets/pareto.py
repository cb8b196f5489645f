"""Pareto explorer: how concentrated is a customer portfolio, and how many customers carry it?

A thin view over :mod:`kamtools.analysis.concentration`, :mod:`kamtools.analysis.transactions` and
:mod:`kamtools.analysis.profitability`: every number shown comes from one of their functions; this
module only loads the data, wires the controls and turns the results into HTML and a
chart drawn by :mod:`kamtools.analysis.plots`. Its words come from the message catalogue
(``pareto_explorer.*``), its look from :mod:`kamtools.widgets._teaching`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Literal, get_args

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .._validate import NegativePolicy, as_values, check_fraction
from ..analysis.concentration import abc_summary, concentration_report, top_share
from ..analysis.plots import PALETTE, plot_lorenz, plot_pareto, plot_whale
from ..analysis.profitability import WhaleCurve, whale_curve
from ..analysis.transactions import (
    MISSING_ID,
    NOT_A_NUMBER,
    CustomerTotals,
    customer_totals,
    excluded_lines,
)
from ..content import vistula_figures
from ..data.datasets import load_dataset
from ..errors import KamtoolsError, ParameterError, UnknownDatasetError
from ..messages import count, t, tn
from ._teaching import (
    FIGURE_FONT_PT,
    LARGE_PX,
    ChartView,
    FigurePanel,
    block,
    control_style,
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

__all__ = ["ParetoExplorer"]

#: Datasets the dropdown offers, in this order (labels: :func:`_dataset_labels`).
DATASETS = ("vistula", "online_retail", "northwind")

#: Datasets with cost of goods and cost to serve, so that profit can be computed.
_PROFIT_DATASETS = ("vistula",)

#: Key of user data passed as a DataFrame or a Series.
CUSTOM = "custom"

#: The currency of each dataset's amounts (datasets/DATASHEET.md), shown after the total.
#: Northwind's prices have no stated currency, and data passed in has none either.
CURRENCIES = {"vistula": "PLN", "online_retail": "GBP"}

#: The values per customer, and the charts, that can be chosen.
#: What is measured per customer.
Metric = Literal["revenue", "profit"]
METRICS: tuple[Metric, ...] = get_args(Metric)
#: The charts the explorer draws.
ParetoView = Literal["pareto", "lorenz", "whale"]
VIEWS: tuple[ParetoView, ...] = get_args(ParetoView)

#: The negative policy used for every share shown (see the note under the readouts).
NEGATIVE: NegativePolicy = "zero"

#: ``gid`` of the chart's top-p marker artists (vertical line, point, label), so that
#: they can be found in the figure.
TOP_P_GIDS = {
    "line": "kamtools-top-p-line",
    "marker": "kamtools-top-p-marker",
    "text": "kamtools-top-p-label",
}


def _dataset_labels() -> dict[str, str]:
    return {
        "vistula": t("pareto_explorer.dataset_vistula"),
        "online_retail": t("pareto_explorer.dataset_online_retail"),
        "northwind": t("pareto_explorer.dataset_northwind"),
    }


def _metric_labels() -> dict[str, str]:
    return {
        "revenue": t("pareto_explorer.metric_revenue"),
        "profit": t("pareto_explorer.metric_profit"),
    }


def _metric_words() -> dict[str, str]:
    """The metric as a word inside a sentence ("79.6% of revenue")."""
    return {
        "revenue": t("pareto_explorer.word_revenue"),
        "profit": t("pareto_explorer.word_profit"),
    }


def _view_labels() -> dict[str, str]:
    return {
        "pareto": t("pareto_explorer.view_pareto"),
        "lorenz": t("pareto_explorer.view_lorenz"),
        "whale": t("pareto_explorer.view_whale"),
    }


@dataclass(frozen=True)
class _Portfolio:
    """The values of one dataset and metric, and the figures that do not depend on p."""

    values: pd.Series  # one value per customer, negatives as they are
    report: pd.Series  # concentration_report(values, negative="zero")
    abc_summary: pd.DataFrame  # abc_summary(values, negative="zero")
    whale: WhaleCurve | None  # whale_curve(values) for profit, else None
    notes: tuple[str, ...]  # where the values come from and what was left out


def _lines_notes(totals: CustomerTotals) -> list[str]:
    """Notes on the lines kt.customer_totals left out or netted (only those that exist)."""
    notes = []
    report = excluded_lines(totals)
    reasons = {
        MISSING_ID: t("pareto_explorer.reason_missing_id"),
        NOT_A_NUMBER: t("pareto_explorer.reason_not_a_number"),
    }
    for reason, row in report.iterrows():  # two rows: one per reason
        if row["lines"]:
            notes.append(
                t(
                    "pareto_explorer.excluded",
                    lines=count(int(row["lines"])),
                    reason=reasons.get(str(reason), str(reason)),
                    amount=number(float(row["amount"]), 2),
                )
            )
    if totals.netted_lines:
        notes.append(
            t(
                "pareto_explorer.netted",
                lines=count(totals.netted_lines),
                amount=number(totals.netted_amount, 2),
            )
        )
    return notes


def _vistula_values(metric: str) -> tuple[pd.Series, list[str]]:
    """Revenue or profit per customer of Vistula Industrial Supply, 2023-2025."""
    revenue = vistula_figures.revenue_by_customer(report=True)
    lines_notes = _lines_notes(revenue)
    if metric == "revenue":
        used = count(revenue.lines_used)
        return revenue.totals, [t("pareto_explorer.vistula_revenue", lines=used), *lines_notes]
    profit = vistula_figures.profit_by_customer()["profit"]
    return profit.rename("profit"), [t("pareto_explorer.vistula_profit"), *lines_notes]


def _online_retail_values() -> tuple[pd.Series, list[str]]:
    """Net value per customer of the UCI Online Retail invoice lines."""
    lines = load_dataset("online_retail")
    result = customer_totals(
        lines, customer="CustomerID", quantity="Quantity", price="UnitPrice", report=True
    )
    return result.totals, [t("pareto_explorer.online_retail"), *_lines_notes(result)]


def _northwind_values() -> tuple[pd.Series, list[str]]:
    """Revenue per Northwind customer, after line discounts; customers without orders = 0."""
    details = load_dataset("northwind_order_details")
    orders = load_dataset("northwind_orders")[["order_id", "customer_id"]]
    lines = details.merge(orders, on="order_id", how="left", validate="many_to_one")
    lines["net_unit_price"] = lines["unit_price"] * (1.0 - lines["discount"])
    result = customer_totals(
        lines, customer="customer_id", quantity="quantity", price="net_unit_price", report=True
    )
    totals = result.totals
    notes = [t("pareto_explorer.northwind"), *_lines_notes(result)]
    customers = pd.Index(load_dataset("northwind_customers")["customer_id"], name="customer_id")
    no_orders = customers.difference(totals.index)
    if len(no_orders):
        notes.append(t("pareto_explorer.northwind_no_orders", count=count(len(no_orders))))
    values = totals.reindex(totals.index.union(customers), fill_value=0.0)
    return values, notes


def _load_values(dataset: str, metric: str) -> tuple[pd.Series, list[str]]:
    if dataset == "vistula":
        return _vistula_values(metric)
    if dataset == "online_retail":
        return _online_retail_values()
    return _northwind_values()


def _portfolio(values: pd.Series, metric: str, notes: list[str]) -> _Portfolio:
    return _Portfolio(
        values=values,
        report=concentration_report(values, negative=NEGATIVE),
        abc_summary=abc_summary(values, negative=NEGATIVE),
        whale=whale_curve(values) if metric == "profit" else None,
        notes=tuple(notes),
    )


def _top_count(n: int, p: float) -> int:
    """How many customers kt.top_share counts as the top ``p`` of ``n``.

    Asked of top_share itself, so that the chart and the readout always use its rule
    (``ceil(p * n)``, at least one): among ``n`` equal values the top ``k`` hold ``k / n``.
    """
    return round(top_share(np.ones(n), p) * n)


class ParetoExplorer(ChartView):
    """An interactive Pareto, Lorenz and whale chart with live concentration readouts.

    Parameters
    ----------
    data : str, DataFrame, Series, dict or 1-D array-like, optional
        What to analyse. None (default) shows a dataset dropdown starting with Vistula
        Industrial Supply. A dataset name, one of ``"vistula"``, ``"online_retail"``,
        ``"northwind"``, starts the dropdown there. A DataFrame of transaction lines
        needs `customer` and `amount` (or `quantity` and `price`); it is added up with
        :func:`kamtools.customer_totals`. A Series (or dict, list, array) is taken as
        one value per customer.
    metric : {"revenue", "profit"}, default "revenue"
        The value per customer. Profit (revenue - cost of goods - year-end rebates -
        cost to serve, as :func:`kamtools.customer_profit` computes it) is
        available for the Vistula dataset; for a Series, ``"profit"`` says that the
        values are profits (which adds the whale view). Not available for a DataFrame.
    view : {"pareto", "lorenz", "whale"}, default "pareto"
        The chart shown first; ``"whale"`` needs ``metric="profit"``.
    p : float, default 0.2
        Initial position of the top-share slider, 0.01 to 1 (0.2 for the top 20%).
    customer, amount, quantity, price : column names, optional
        Columns of a transactions DataFrame, as in :func:`kamtools.customer_totals`.

    Attributes
    ----------
    dataset : str
        Key of the dataset shown (``"custom"`` for data passed in).
    metric : str
        ``"revenue"`` or ``"profit"``.
    view : str
        ``"pareto"``, ``"lorenz"`` or ``"whale"``.
    values : Series
        The value per customer analysed (negatives as they are).
    readouts : dict
        The numbers shown: ``p``, ``top_p_share``, ``top_p_customers``,
        ``n_customers``, ``total``, ``customers_for_80pct``,
        ``customers_for_80pct_share``, ``gini``, ``hhi``, ``equivalent_customers``,
        ``top1_share``, ``n_negative`` and ``n_zero``.
    abc_summary : DataFrame
        Per ABC class (index ``A``, ``B``, ``C``): ``customers``, ``customer_share``
        and ``value_share``.
    notes : list of str
        The notes shown under the readouts (data left out, negative values, ...).
    error : str
        The last error message shown in the widget ("" when there is none).
    figure : matplotlib.figure.Figure
        The figure drawn on (created once).
    png : bytes
        The image of the figure shown last.
    root : ipywidgets.VBox
        The box displayed. The controls are ``dataset_dropdown``, ``metric_dropdown``,
        ``view_buttons`` and ``p_slider``; the outputs ``readouts_html``, ``abc_html``,
        ``notes_html``, ``status_html`` and ``figure_output``.

    Raises
    ------
    UnknownDatasetError
        If `data` is a name that is not one of the datasets above.
    ParameterError
        If `metric`, `view` or `p` is not allowed (``"profit"`` where no costs are
        known, ``"whale"`` without profit), a DataFrame comes without `customer` or a
        way to compute the amount, or column names come without a DataFrame.
    WrongTypeError, DataError, EmptyDataError, NonPositiveTotalError
        As :func:`kamtools.customer_totals` and the concentration functions raise
        them for unusable data.

    Notes
    -----
    Every number shown comes from :func:`kamtools.concentration_report`,
    :func:`kamtools.top_share`, :func:`kamtools.pareto_table` and (for profit)
    :func:`kamtools.whale_curve`. The values per customer are computed once per
    dataset and metric and kept; moving the slider only recomputes the top-p share and
    redraws the marker, not the chart.

    Shares use ``negative="zero"``: customers with a negative value count as 0 and stay
    in the number of customers. The note under the readouts says how many there are,
    and how many have exactly 0. The top ``p`` of ``n`` customers are the
    ``ceil(p * n)`` largest (the rule of :func:`kamtools.top_share`), so the marker sits
    on the curve at that whole number of customers.

    A dataset that cannot be loaded, or data without a positive total, shows its error
    message in the widget and keeps the previous selection.

    Examples
    --------
    >>> import kamtools as kt
    >>> from kamtools.widgets.pareto import ParetoExplorer
    >>> explorer = ParetoExplorer({"a": 50, "b": 30, "c": 10, "d": 5, "e": 5})
    >>> round(explorer.readouts["top_p_share"], 4)  # the top 20%: 1 of 5 customers
    0.5
    >>> explorer.p_slider.value = 0.4
    >>> round(explorer.readouts["top_p_share"], 4)  # 2 of 5: (50 + 30) / 100
    0.8
    >>> explorer.readouts["customers_for_80pct"], round(explorer.readouts["gini"], 4)
    (2, 0.46)
    >>> explorer.abc_summary["customers"].tolist()
    [2, 2, 1]
    >>> explorer.close()
    """

    def __init__(
        self,
        data: Any = None,
        *,
        metric: Metric = "revenue",
        view: ParetoView = "pareto",
        p: float = 0.2,
        customer: Hashable | None = None,
        amount: Hashable | None = None,
        quantity: Hashable | None = None,
        price: Hashable | None = None,
    ) -> None:
        if not isinstance(metric, str) or metric not in METRICS:
            raise ParameterError(f"`metric` must be one of {METRICS}, but {metric!r} was passed.")
        if not isinstance(view, str) or view not in VIEWS:
            raise ParameterError(f"`view` must be one of {VIEWS}, but {view!r} was passed.")
        p = check_fraction(p, "p", example="0.2 for the top 20%")
        if p < 0.01:
            raise ParameterError(
                f"`p` must be at least 0.01 (the slider's lowest value), but {p!r} was passed."
            )
        columns = {"customer": customer, "amount": amount, "quantity": quantity, "price": price}
        given = {k: v for k, v in columns.items() if v is not None}
        if given and not isinstance(data, pd.DataFrame):
            raise ParameterError(
                f"{', '.join(f'`{k}`' for k in given)} name columns of a transactions "
                f"DataFrame, but `data` is {type(data).__name__}; pass the DataFrame as "
                f"`data`, or leave out {given!r}."
            )

        self._cache: dict[tuple[str, str], _Portfolio] = {}
        self._syncing = False
        if isinstance(data, pd.DataFrame):
            dataset = CUSTOM
            if customer is None:
                raise ParameterError(
                    "`customer` is required with a DataFrame of transaction lines: pass "
                    "customer='<customer id column>' and amount='<amount column>' (or "
                    "quantity= and price=), but customer=None was passed."
                )
            if metric == "profit":
                raise ParameterError(
                    "metric='profit' needs the cost of goods and the cost to serve, which a "
                    "DataFrame of transaction lines does not give; use metric='revenue', or "
                    "pass the profit per customer as a Series with metric='profit' "
                    "(kt.customer_profit computes it); but metric='profit' was passed."
                )
            result = customer_totals(data, **columns, report=True)
            self._cache[(CUSTOM, metric)] = _portfolio(result.totals, metric, _lines_notes(result))
        elif data is None or isinstance(data, str):
            dataset = "vistula" if data is None else data
            if dataset not in DATASETS:
                raise UnknownDatasetError(
                    f"`data` must be one of the datasets {list(DATASETS)!r}, a DataFrame of "
                    f"transaction lines or a Series of values per customer, but {data!r} was "
                    "passed."
                )
            if metric == "profit" and dataset not in _PROFIT_DATASETS:
                raise ParameterError(
                    f"metric='profit' needs the cost of goods and the cost to serve, which "
                    f"only the datasets {list(_PROFIT_DATASETS)!r} have, but metric='profit' "
                    f"was passed with data={dataset!r}."
                )
            values, notes = _load_values(dataset, metric)
            self._cache[(dataset, metric)] = _portfolio(values, metric, notes)
        else:
            dataset = CUSTOM
            values = as_values(data, name="data")
            self._cache[(CUSTOM, metric)] = _portfolio(values, metric, [])
        if view == "whale" and metric != "profit":
            raise ParameterError(
                "view='whale' shows profit and needs metric='profit', but "
                f"metric={metric!r} was passed."
            )

        self.readouts: dict[str, Any] = {}
        self.notes: list[str] = []
        self.error = ""
        self._overlay: dict[str, Any] = {}
        self._build(dataset, metric, view, p)
        self._show_all()

    # -- widgets -------------------------------------------------------------------------
    def _build(self, dataset: str, metric: str, view: str, p: float) -> None:
        if dataset == CUSTOM:
            dataset_options = [(t("pareto_explorer.custom"), CUSTOM)]
        else:
            dataset_options = [(label, key) for key, label in _dataset_labels().items()]
        self.dataset_dropdown = widgets.Dropdown(
            options=dataset_options,
            value=dataset,
            description=t("pareto_explorer.dataset"),
            disabled=dataset == CUSTOM,
            style=control_style(),
            # wide enough for "Vistula Industrial Supply (fictional)" after "Dataset"
            layout=widgets.Layout(width="34em"),
        )
        self.metric_dropdown = widgets.Dropdown(
            options=self._metric_options(dataset, metric),
            value=metric,
            description=t("pareto_explorer.metric"),
            style=control_style(),
            layout=widgets.Layout(width="22em"),
        )
        self.metric_dropdown.disabled = len(self.metric_dropdown.options) == 1
        self.view_buttons = widgets.ToggleButtons(
            options=self._view_options(metric),
            value=view,
            description=t("pareto_explorer.view"),
            style={"description_width": "initial", "button_width": "7em", "font_weight": "bold"},
        )
        self.p_slider = widgets.FloatSlider(
            value=p,
            min=0.01,
            max=1.0,
            step=0.01,
            description=t("pareto_explorer.p"),
            readout_format=".0%",
            continuous_update=False,
            style=control_style(),
            layout=widgets.Layout(width="32em"),
        )
        self._panel = FigurePanel()
        self.figure_output = self._panel.out
        self.readouts_html = widgets.HTML()
        self.abc_html = widgets.HTML()
        self.notes_html = widgets.HTML()
        self.status_html = widgets.HTML()
        self.log = widgets.Output()  # unexpected errors in callbacks show up here

        self.dataset_dropdown.observe(self.log.capture()(self._on_dataset), names="value")
        self.metric_dropdown.observe(self.log.capture()(self._on_metric), names="value")
        self.view_buttons.observe(self.log.capture()(self._on_view), names="value")
        self.p_slider.observe(self.log.capture()(self._on_p), names="value")

        self.root = root_box(
            [
                widgets.HTML(title_html(t("pareto_explorer.title"))),
                widgets.HBox(
                    [self.dataset_dropdown, self.metric_dropdown],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                widgets.HBox([self.view_buttons]),
                self.p_slider,
                self.status_html,
                self.figure_output,
                side_by_side(self.readouts_html, self.abc_html),
                self.notes_html,
                self.log,
            ]
        )

    @staticmethod
    def _metric_options(dataset: str, metric: str) -> list[tuple[str, str]]:
        labels = _metric_labels()
        if dataset in _PROFIT_DATASETS:
            keys: tuple[str, ...] = METRICS
        else:
            keys = (metric,) if dataset == CUSTOM else ("revenue",)
        return [(labels[key], key) for key in keys]

    @staticmethod
    def _view_options(metric: str) -> list[tuple[str, str]]:
        labels = _view_labels()
        keys = VIEWS if metric == "profit" else ("pareto", "lorenz")
        return [(labels[key], key) for key in keys]

    # -- state ---------------------------------------------------------------------------
    @property
    def dataset(self) -> str:
        return self.dataset_dropdown.value

    @property
    def metric(self) -> str:
        return self.metric_dropdown.value

    @property
    def view(self) -> str:
        return self.view_buttons.value

    @property
    def values(self) -> pd.Series:
        return self._data.values

    @property
    def abc_summary(self) -> pd.DataFrame:
        return self._data.abc_summary.copy()

    @property
    def _data(self) -> _Portfolio:
        return self._cache[(self.dataset, self.metric)]

    def _portfolio_for(self, dataset: str, metric: str) -> _Portfolio:
        """The cached values of ``dataset`` and ``metric``, computed on first use."""
        key = (dataset, metric)
        if key not in self._cache:
            label = _dataset_labels().get(dataset, dataset)
            self.status_html.value = status_block(
                t("pareto_explorer.loading", label=label), "warning"
            )
            values, notes = _load_values(dataset, metric)
            self._cache[key] = _portfolio(values, metric, notes)
        return self._cache[key]

    # -- callbacks -----------------------------------------------------------------------
    def _set_quietly(self, action: Callable[[], None]) -> None:
        """Change controls without their callbacks reacting."""
        self._syncing = True
        try:
            action()
        finally:
            self._syncing = False

    def _fail(self, exc: KamtoolsError, revert: Callable[[], None]) -> None:
        self._set_quietly(revert)
        self.error = str(exc)
        self.status_html.value = status_block(self.error, "error")

    def _on_dataset(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        dataset = change["new"]
        metric = self.metric if dataset in _PROFIT_DATASETS else "revenue"
        try:
            self._portfolio_for(dataset, metric)
        except KamtoolsError as exc:
            self._fail(exc, lambda: setattr(self.dataset_dropdown, "value", change["old"]))
            return

        def sync() -> None:
            self.metric_dropdown.options = self._metric_options(dataset, metric)
            self.metric_dropdown.value = metric
            self.metric_dropdown.disabled = len(self.metric_dropdown.options) == 1
            self._sync_views(metric)

        self._set_quietly(sync)
        self._show_all()

    def _on_metric(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        metric = change["new"]
        try:
            self._portfolio_for(self.dataset, metric)
        except KamtoolsError as exc:
            self._fail(exc, lambda: setattr(self.metric_dropdown, "value", change["old"]))
            return
        self._set_quietly(lambda: self._sync_views(metric))
        self._show_all()

    def _sync_views(self, metric: str) -> None:
        view = self.view_buttons.value
        self.view_buttons.options = self._view_options(metric)
        keys = [key for _, key in self.view_buttons.options]
        self.view_buttons.value = view if view in keys else "pareto"

    def _on_view(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._draw()

    def _on_p(self, change: dict[str, Any]) -> None:
        self._update_readouts()
        self._place_overlay()
        self._panel.blit()

    # -- computing and showing -----------------------------------------------------------
    def _show_all(self) -> None:
        self.error = ""
        self.status_html.value = ""
        self._update_readouts()
        self._update_notes()
        self.abc_html.value = self._abc_html()
        self._draw()

    def _update_readouts(self) -> None:
        data = self._data
        report = data.report
        p = float(self.p_slider.value)
        n = int(report["n_customers"])
        c80 = int(report["customers_for_80pct"])
        self.readouts = {
            "p": p,
            "top_p_share": top_share(data.values, p, negative=NEGATIVE),
            "top_p_customers": _top_count(n, p),
            "n_customers": n,
            "total": float(report["total"]),
            "net_total": float(pd.Series(data.values, dtype="float64").sum()),
            "customers_for_80pct": c80,
            "customers_for_80pct_share": c80 / n,
            "gini": float(report["gini"]),
            "hhi": float(report["hhi"]),
            "equivalent_customers": float(report["equivalent_customers"]),
            "top1_share": float(report["top1_share"]),
            "n_negative": int(report["n_negative"]),
            "n_zero": int(report["n_zero"]),
        }
        self.readouts_html.value = self._readouts_html()

    def _readouts_html(self) -> str:
        r = self.readouts
        metric = _metric_words()[self.metric]
        top_p = t(
            "pareto_explorer.top_p",
            p=percent(r["p"], 0),
            k=count(r["top_p_customers"]),
            n=count(r["n_customers"]),
        )
        top_p_value = t(
            "pareto_explorer.share_of_metric", share=percent(r["top_p_share"]), metric=metric
        )
        c80_value = t(
            "pareto_explorer.c80_value",
            count=count(r["customers_for_80pct"]),
            share=percent(r["customers_for_80pct_share"]),
        )
        hhi_value = t(
            "pareto_explorer.hhi_value",
            hhi=number(r["hhi"], 4),
            points=number(r["hhi"] * 10_000),
            equivalent=number(r["equivalent_customers"], 1),
        )
        top1_value = t(
            "pareto_explorer.share_of_metric", share=percent(r["top1_share"]), metric=metric
        )
        currency = CURRENCIES.get(self.dataset)

        def amount(x: float) -> str:
            text = number(x)
            return t("pareto_explorer.amount", amount=text, currency=currency) if currency else text

        customers_value = t(
            "pareto_explorer.customers_value",
            n=count(r["n_customers"]),
            metric=metric,
            total=amount(r["total"]),
        )
        if self.dataset == CUSTOM and not currency and abs(r["total"] - 1.0) < 1e-9:
            # A team's file of shares (the facilitator guide's Activity A), not "total 1".
            customers_value = t("pareto_explorer.customers_shares", n=count(r["n_customers"]))
        if r["n_negative"]:  # say why this total differs from the sum with the losses
            customers_value += " " + t(
                "pareto_explorer.total_with_losses", net=amount(r["net_total"])
            )
        rows = [
            (esc(top_p), f"<b>{esc(top_p_value)}</b>"),
            (esc(t("pareto_explorer.c80", metric=metric)), esc(c80_value)),
            (
                esc(t("pareto_explorer.gini")),
                esc(t("pareto_explorer.gini_value", gini=number(r["gini"], 3))),
            ),
            (esc(t("pareto_explorer.hhi")), esc(hhi_value)),
            (esc(t("pareto_explorer.top1")), esc(top1_value)),
            (esc(t("pareto_explorer.customers")), esc(customers_value)),
        ]
        return block(html_table(rows), heading=t("pareto_explorer.readouts"), size=LARGE_PX)

    def _abc_html(self) -> str:
        metric = _metric_words()[self.metric]
        summary = self._data.abc_summary
        shown = pd.DataFrame(
            {
                t("pareto_explorer.abc_customers"): summary["customers"].map(count),
                t("pareto_explorer.abc_customer_share"): summary["customer_share"].map(percent),
                t("pareto_explorer.abc_value_share", metric=metric): summary["value_share"].map(
                    percent
                ),
            },
            index=summary.index.rename(t("pareto_explorer.abc_class")),
        )
        rule = esc(t("pareto_explorer.abc_rule", metric=metric))
        return block(
            frame_html(shown) + f'<p style="max-width:28em">{rule}</p>',
            heading=t("pareto_explorer.abc"),
            size=LARGE_PX,
        )

    def _update_notes(self) -> None:
        data = self._data
        metric = _metric_words()[self.metric]
        notes = list(data.notes)
        if self.dataset not in _PROFIT_DATASETS and self.dataset != CUSTOM:
            notes.insert(0, t("pareto_explorer.no_profit"))
        n_negative = int(data.report["n_negative"])
        if n_negative:
            if self.dataset == CUSTOM:
                why = t("pareto_explorer.why_custom")
            elif self.metric == "profit":
                why = t("pareto_explorer.why_profit")
            else:
                why = t("pareto_explorer.why_revenue")
            note = tn("pareto_explorer.negative", n_negative, metric=metric, why=why)
            if self.metric == "profit":
                note += " " + t("pareto_explorer.negative_whale")
            notes.append(note)
        n_zero = int(data.report["n_zero"])
        if n_zero:
            notes.append(tn("pareto_explorer.zero", n_zero, metric=metric))
        self.notes = notes
        items = "".join(f"<li>{esc(note)}</li>" for note in notes)
        self.notes_html.value = (
            block(
                f'<ul style="margin:0.2em 0">{items}</ul>',
                heading=t("pareto_explorer.notes"),
                size=LARGE_PX,
            )
            if notes
            else ""
        )

    def _draw(self) -> None:
        """Draw the chart of the current view from scratch, with the top-p marker."""
        data = self._data
        ax = self._panel.new_axes()
        view = self.view
        metric = _metric_words()[self.metric]
        if self.dataset == CUSTOM:
            source = t("pareto_explorer.custom")
        else:
            source = _dataset_labels()[self.dataset].split(" (")[0]  # without "(fictional)"
        title = t(
            "pareto_explorer.chart_title", view=_view_labels()[view], metric=metric, source=source
        )
        if view == "pareto":
            plot_pareto(data.values, ax=ax, negative=NEGATIVE, title=title, value_label=metric)
            target = ax.right_ax  # the cumulative share, in percent
            box, align = (0.42, 0.1), "left"  # below the curve, clear of the legend
        elif view == "lorenz":
            plot_lorenz(data.values, ax=ax, negative=NEGATIVE, label=metric)
            ax.set_title(title, fontsize=15)
            target = ax
            box, align = (0.04, 0.55), "left"  # above the diagonal, under the legend
        else:
            plot_whale(data.whale if data.whale is not None else data.values, ax=ax, title=title)
            target = ax
            box, align = (0.97, 0.3), "right"  # under the hump, right of the peak's note
        (line,) = target.plot(
            [], [], linestyle="-.", linewidth=2.2, color=PALETTE["black"], gid=TOP_P_GIDS["line"]
        )
        (marker,) = target.plot(
            [],
            [],
            gid=TOP_P_GIDS["marker"],
            linestyle="none",
            marker="D",
            markersize=10,
            markerfacecolor=PALETTE["yellow"],
            markeredgecolor=PALETTE["black"],
            markeredgewidth=1.5,
        )
        text = target.annotate(
            "",
            xy=(0.0, 0.0),
            xytext=box,
            ha=align,
            multialignment="left",
            textcoords="axes fraction",
            fontsize=FIGURE_FONT_PT,
            bbox={"boxstyle": "round,pad=0.35", "facecolor": "#fffbe6", "edgecolor": "black"},
            arrowprops={"arrowstyle": "->", "color": PALETTE["black"], "linewidth": 1.5},
            zorder=10,
        )
        text.set_gid(TOP_P_GIDS["text"])
        self._overlay = {"line": line, "marker": marker, "text": text}
        self._place_overlay()
        self._panel.render([line, marker, text])

    def _place_overlay(self) -> None:
        """Move the top-p marker to the readouts' numbers (all in the chart's units)."""
        r = self.readouts
        k, n, share = r["top_p_customers"], r["n_customers"], r["top_p_share"]
        x = 100.0 * k / n
        view = self.view
        p, k_text, n_text = percent(r["p"], 0), count(k), count(n)
        metric = _metric_words()[self.metric]
        if view == "pareto":
            y = 100.0 * share
            segment = ([x, x], [0.0, y])
            label = t(
                "pareto_explorer.overlay_pareto",
                p=p,
                k=k_text,
                n=n_text,
                metric=metric,
                share=percent(share),
            )
        elif view == "lorenz":
            # The k largest customers are the last k of the Lorenz curve: the curve is at
            # 1 - share there, and the gap up to 100% is their share.
            x = 100.0 - x
            y = 100.0 * (1.0 - share)
            segment = ([x, x], [y, 100.0])
            label = t(
                "pareto_explorer.overlay_lorenz",
                p=p,
                k=k_text,
                n=n_text,
                metric=metric,
                share=percent(share),
            )
        else:
            whale = self._data.whale
            assert whale is not None  # this overlay is drawn for profit only, which has one
            row = whale.table.iloc[k - 1]
            if whale.share_defined:
                y = 100.0 * float(row["cumulative_profit_share"])
                value = t(
                    "pareto_explorer.whale_share",
                    share=percent(float(row["cumulative_profit_share"]), 0),
                )
            else:
                y = float(row["cumulative_profit"])
                value = t("pareto_explorer.whale_currency", value=number(y))
            ymin, ymax = self._overlay["line"].axes.get_ylim()
            segment = ([x, x], [ymin, ymax])
            label = t("pareto_explorer.overlay_whale", p=p, k=k_text, n=n_text, value=value)
        self._overlay["line"].set_data(*segment)
        self._overlay["marker"].set_data([x], [y])
        self._overlay["text"].set_text(label)
        self._overlay["text"].xy = (x, y)
