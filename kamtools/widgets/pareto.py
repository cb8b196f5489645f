"""Pareto explorer: how concentrated is a customer portfolio, and how many customers carry it?

A thin view over :mod:`kamtools.concentration`, :mod:`kamtools.transactions` and
:mod:`kamtools.profitability`: every number shown comes from one of their functions; this
module only loads the data, wires the controls and turns the results into HTML and a
chart drawn by :mod:`kamtools.plots`.

It also holds the small display helpers shared by the other analysis widgets
(:mod:`kamtools.widgets.scoring`, :mod:`kamtools.widgets.clv`): a matplotlib figure shown
as a PNG image in an ``Output`` widget, projector-sized styles and ``close()``.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .._validate import as_values, check_fraction
from ..concentration import concentration_report, pareto_table, top_share
from ..datasets import load_dataset
from ..errors import KamtoolsError, ParameterError, UnknownDatasetError
from ..plots import PALETTE, plot_lorenz, plot_pareto, plot_whale
from ..profitability import customer_profit, whale_curve
from ..synthetic import COST_RATES
from ..transactions import customer_totals, excluded_lines

__all__ = ["ParetoExplorer"]

# ------------------------------------------------------------------------------------
# Display helpers shared by the analysis widgets (private).
# ------------------------------------------------------------------------------------

#: Figure size in inches and resolution: 900 x 500 pixels, readable on a projector.
FIGSIZE = (9.0, 5.0)
DPI = 100

#: Font size of every HTML block (px) and of the texts the widgets add to figures (pt).
FONT_PX = 18
FIGURE_FONT_PT = 13

_CSS_CLASS = "kamtools-widget"

# Widgets such as Dropdown or FloatSlider have no font-size style in ipywidgets 8, so
# one scoped style sheet makes their labels, values and buttons projector-sized.
_STYLE_SHEET = f"""<style>
.{_CSS_CLASS} .widget-label, .{_CSS_CLASS} .widget-readout, .{_CSS_CLASS} select,
.{_CSS_CLASS} input, .{_CSS_CLASS} button, .{_CSS_CLASS} .widget-toggle-button,
.{_CSS_CLASS} .widget-label-basic {{ font-size: 16px !important; }}
.{_CSS_CLASS} .widget-dropdown select, .{_CSS_CLASS} .widget-text input {{ height: 2em; }}
</style>"""

_STATUS_COLOURS = {"error": "#b71c1c", "info": "#1a1a1a", "busy": "#8a4b00"}


def _esc(value: Any) -> str:
    """``value`` as text safe to put into HTML."""
    return html.escape(str(value))


def _block(body: str, *, heading: str | None = None) -> str:
    """An HTML block at the widgets' reading size, with an optional heading."""
    head = (
        f'<h4 style="font-size:{FONT_PX + 2}px; margin:0.4em 0 0.2em">{_esc(heading)}</h4>'
        if heading
        else ""
    )
    return f'<div style="font-size:{FONT_PX}px; line-height:1.45">{head}{body}</div>'


def _status_block(text: str, kind: str = "info") -> str:
    """A one-line message; errors get a warning sign as well as a colour."""
    if not text:
        return ""
    sign = "&#9888; " if kind == "error" else ""
    colour = _STATUS_COLOURS.get(kind, "inherit")
    return (
        f'<div role="status" style="font-size:{FONT_PX}px; color:{colour}; '
        f'padding:0.2em 0">{sign}{_esc(text)}</div>'
    )


def _html_table(rows: list[tuple[str, str]]) -> str:
    """A two-column HTML table of (label, value) rows; both are already HTML."""
    cells = "".join(
        f'<tr><th style="text-align:left; padding:0.15em 1em 0.15em 0; font-weight:600">'
        f'{label}</th><td style="text-align:left">{value}</td></tr>'
        for label, value in rows
    )
    return f'<table style="font-size:{FONT_PX}px; border-collapse:collapse">{cells}</table>'


def _frame_html(frame: pd.DataFrame, *, index: bool = True) -> str:
    """A DataFrame (already formatted as text) as a projector-sized HTML table."""
    styled = frame.to_html(index=index, escape=True, border=0, na_rep="")
    return (
        f'<div style="font-size:{FONT_PX}px; overflow-x:auto">'
        + styled.replace(
            "<table",
            '<table style="border-collapse:collapse; font-size:inherit"',
            1,
        ).replace("<td>", '<td style="padding:0.1em 0.8em 0.1em 0">')
        + "</div>"
    )


def _control_style() -> dict[str, str]:
    """``style`` for a control whose description should not be cut short."""
    return {"description_width": "initial"}


def _close_tree(widget: widgets.Widget) -> None:
    """Close ``widget`` and every widget inside it."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


class _FigurePanel:
    """A matplotlib figure rendered with Agg and shown as a PNG image in an Output widget.

    The figure is created once (outside pyplot, so Jupyter never shows it a second time
    by itself). :meth:`render` draws everything; artists listed as ``overlay`` are left
    out of the full drawing and drawn on top of a saved copy of it, so that
    :meth:`blit` can move them (e.g. a marker following a slider) without drawing the
    whole chart again.

    The image is put into the Output's ``outputs`` directly (the mime bundle that
    ``display`` would send). That works the same in JupyterLab, in Voila and with no
    kernel at all (tests), where ``display`` inside ``with out:`` would print to stdout
    instead.
    """

    def __init__(self, figsize: tuple[float, float] = FIGSIZE) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=figsize, dpi=DPI, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        self.out = widgets.Output(
            layout=widgets.Layout(min_height=f"{int(figsize[1] * DPI)}px", overflow="auto")
        )
        #: PNG bytes of the image shown last.
        self.png = b""
        #: How many times an image was shown (tests check that a change redrew).
        self.renders = 0
        self._overlay: list[Any] = []
        self._background: Any = None

    def new_axes(self) -> Any:
        """Clear the figure and return one new Axes filling it."""
        self.figure.clear()
        self._overlay = []
        self._background = None
        return self.figure.add_subplot()

    def render(self, overlay: list[Any] | tuple[Any, ...] = ()) -> None:
        """Draw the whole figure, then ``overlay`` on top of it, and show the image."""
        self._overlay = list(overlay)
        for artist in self._overlay:
            artist.set_animated(True)  # left out of the full drawing
            artist.set_in_layout(False)  # moving it must not move the axes
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._finish()

    def blit(self) -> None:
        """Redraw only the overlay artists over the saved drawing, and show the image."""
        if self._background is None:
            self.render(self._overlay)
            return
        self.canvas.restore_region(self._background)
        self._finish()

    def _finish(self) -> None:
        from PIL import Image as PILImage

        for artist in self._overlay:
            self.figure.draw_artist(artist)
        rgba = np.asarray(self.canvas.buffer_rgba())
        buffer = io.BytesIO()
        # Level 1: a little larger than the default level 6, but four times faster.
        PILImage.fromarray(np.ascontiguousarray(rgba[..., :3])).save(
            buffer, format="png", compress_level=1
        )
        self.png = buffer.getvalue()
        self.renders += 1
        width, height = self.canvas.get_width_height()
        self.out.outputs = (
            {
                "output_type": "display_data",
                "data": {
                    "image/png": base64.b64encode(self.png).decode("ascii"),
                    "text/plain": f"<Figure size {width}x{height}>",
                },
                "metadata": {"image/png": {"width": width, "height": height}},
            },
        )

    def close(self) -> None:
        """Close the Output widget and free the figure."""
        self.out.close()
        self.figure.clear()
        self._overlay = []
        self._background = None


# ------------------------------------------------------------------------------------
# Pareto explorer
# ------------------------------------------------------------------------------------

#: Datasets the dropdown offers: key -> label.
DATASETS: dict[str, str] = {
    "vistula": "Vistula Industrial Supply (fictional)",
    "online_retail": "Online Retail (UCI)",
    "northwind": "Northwind",
}

#: Datasets with cost of goods and cost to serve, so that profit can be computed.
_PROFIT_DATASETS = ("vistula",)

#: Key of user data passed as a DataFrame or a Series.
CUSTOM = "custom"

METRICS: dict[str, str] = {"revenue": "Revenue", "profit": "Profit (after cost to serve)"}
VIEWS: dict[str, str] = {"pareto": "Pareto", "lorenz": "Lorenz", "whale": "Whale"}

#: The negative policy used for every share shown (see the note under the readouts).
NEGATIVE = "zero"

#: ``gid`` of the chart's top-p marker artists (vertical line, point, label), so that
#: they can be found in the figure.
TOP_P_GIDS = {
    "line": "kamtools-top-p-line",
    "marker": "kamtools-top-p-marker",
    "text": "kamtools-top-p-label",
}

# Every sentence the learner reads, in one place (to move into the message catalogue).
_TEXT = {
    "title": "Pareto explorer: how concentrated are your customers?",
    "dataset": "Dataset",
    "metric": "Value",
    "view": "View",
    "p": "Top share of customers",
    "custom": "Your data",
    "loading": "Loading {label} and adding up the value per customer ...",
    "chart_title": "{view} of {metric} per customer: {source}",
    "readouts": "Readouts",
    "top_p": "Top {p} of customers ({k:,} of {n:,})",
    "top_p_value": "{share} of {metric}",
    "c80": "Customers for 80% of {metric}",
    "c80_value": "{count:,} ({share} of the customers)",
    "gini": "Gini coefficient",
    "gini_value": "{gini:.3f} (0 = all customers equal; near 1 = one holds almost all)",
    "hhi": "Herfindahl index (HHI)",
    "hhi_value": "{hhi:.4f} ({points:,.0f} on the 0-10,000 scale): as concentrated as "
    "{equivalent:,.1f} equal-sized customers",
    "top1": "Largest customer",
    "top1_value": "{share} of {metric}",
    "customers": "Customers",
    "customers_value": "{n:,}; total {metric} {total:,.0f}",
    "abc": "ABC classes",
    "abc_rule": "A: the largest customers up to and including the one that crosses 80% of "
    "{metric}; B: on to 95%; C: the rest (kt.abc_classes).",
    "abc_class": "class",
    "abc_customers": "customers",
    "abc_customer_share": "% of customers",
    "abc_value_share": "% of {metric}",
    "notes": "About these numbers",
    "negative": "{count:,} customers have a negative {metric} ({why}). For the shares, the "
    "Gini, the HHI and the ABC classes they count as 0 (negative='zero'); they stay in "
    "the number of customers.",
    "negative_whale": " The whale view shows their losses as they are.",
    "why_revenue": "their returns exceed their purchases",
    "why_profit": "they lose money once cost of goods and cost to serve are paid",
    "why_custom": "below zero",
    "zero": "{count:,} customers have a {metric} of exactly 0; they count as customers.",
    "no_profit": "Profit needs the cost of goods and the cost to serve, which only the "
    "Vistula dataset has: here the value is revenue.",
    "excluded": "{lines:,} transaction lines with a {reason} are left out "
    "(their amounts add up to {amount:,.2f}), as kt.excluded_lines reports.",
    "netted": "{lines:,} return and cancellation lines ({amount:,.2f}) are netted against "
    "the sales of their customer.",
    "vistula_revenue": "Net revenue 2023-2025 per customer from {lines:,} invoice and "
    "credit-note lines (kt.customer_totals).",
    "vistula_profit": "Profit 2023-2025 = revenue - cost of goods - cost to serve "
    "(kt.customer_profit with the cost rates kamtools.synthetic.COST_RATES).",
    "online_retail": "Net value per customer = the sum of Quantity x UnitPrice over the "
    "invoice lines of 2010-12-01 to 2011-12-09 (kt.customer_totals).",
    "northwind": "Revenue per customer = the sum of unit_price x quantity x (1 - discount) "
    "over the order lines of 1996-1998 (kt.customer_totals).",
    "northwind_no_orders": "{count:,} customers of northwind_customers never ordered: they "
    "count as customers with a revenue of 0.",
    "overlay_pareto": "top {p} = {k:,} of {n:,} customers:\n{share} of {metric}",
    "overlay_lorenz": "top {p} ({k:,} of {n:,} customers)\nhold {share} of {metric}",
    "overlay_whale": "top {p} most profitable ({k:,} of {n:,}):\n{value}",
    "whale_share": "{share} of the total profit",
    "whale_currency": "cumulative profit {value:,.0f}",
}


@dataclass(frozen=True)
class _Portfolio:
    """The values of one dataset and metric, and the figures that do not depend on p."""

    values: pd.Series  # one value per customer, negatives as they are
    report: pd.Series  # concentration_report(values, negative="zero")
    abc_summary: pd.DataFrame
    whale: pd.DataFrame | None  # whale_curve(values) for profit, else None
    notes: tuple[str, ...]  # where the values come from and what was left out


def _lines_notes(totals: pd.Series) -> list[str]:
    """Notes on the lines kt.customer_totals left out or netted (only those that exist)."""
    notes = []
    report = excluded_lines(totals)
    for reason, row in report.iterrows():  # two rows: one per reason
        if row["lines"]:
            notes.append(
                _TEXT["excluded"].format(
                    lines=int(row["lines"]), reason=reason, amount=float(row["amount"])
                )
            )
    netted = totals.attrs.get("netted", {})
    if netted.get("negative_lines"):
        notes.append(
            _TEXT["netted"].format(
                lines=int(netted["negative_lines"]), amount=float(netted["negative_amount"])
            )
        )
    return notes


def _vistula_values(metric: str) -> tuple[pd.Series, list[str]]:
    """Revenue or profit per customer of Vistula Industrial Supply, 2023-2025."""
    lines = load_dataset("vistula_transactions")
    revenue = customer_totals(lines, customer="customer_id", amount="amount")
    notes = [_TEXT["vistula_revenue"].format(lines=int(revenue.attrs["lines_used"]))]
    notes += _lines_notes(revenue)
    if metric == "revenue":
        return revenue, notes
    cogs = customer_totals(lines, customer="customer_id", amount="cost_of_goods")
    drivers = load_dataset("vistula_cost_to_serve")
    # Cost drivers added up over the years; a customer without them would be NaN here,
    # which customer_profit refuses with the customer's id.
    frame = pd.DataFrame(
        {
            "revenue": revenue,
            "cost_of_goods": cogs.reindex(revenue.index),
            **{
                driver: customer_totals(drivers, customer="customer_id", amount=driver).reindex(
                    revenue.index
                )
                for driver in COST_RATES
            },
        }
    )
    profit = customer_profit(frame, cost_rates=COST_RATES)["profit"]
    return profit.rename("profit"), [_TEXT["vistula_profit"], *notes[1:]]


def _online_retail_values() -> tuple[pd.Series, list[str]]:
    """Net value per customer of the UCI Online Retail invoice lines."""
    lines = load_dataset("online_retail")
    totals = customer_totals(lines, customer="CustomerID", quantity="Quantity", price="UnitPrice")
    return totals, [_TEXT["online_retail"], *_lines_notes(totals)]


def _northwind_values() -> tuple[pd.Series, list[str]]:
    """Revenue per Northwind customer, after line discounts; customers without orders = 0."""
    details = load_dataset("northwind_order_details")
    orders = load_dataset("northwind_orders")[["order_id", "customer_id"]]
    lines = details.merge(orders, on="order_id", how="left", validate="many_to_one")
    lines["net_unit_price"] = lines["unit_price"] * (1.0 - lines["discount"])
    totals = customer_totals(
        lines, customer="customer_id", quantity="quantity", price="net_unit_price"
    )
    notes = [_TEXT["northwind"], *_lines_notes(totals)]
    customers = pd.Index(load_dataset("northwind_customers")["customer_id"], name="customer_id")
    no_orders = customers.difference(totals.index)
    if len(no_orders):
        notes.append(_TEXT["northwind_no_orders"].format(count=len(no_orders)))
    values = totals.reindex(totals.index.union(customers), fill_value=0.0)
    return values, notes


def _load_values(dataset: str, metric: str) -> tuple[pd.Series, list[str]]:
    if dataset == "vistula":
        return _vistula_values(metric)
    if dataset == "online_retail":
        return _online_retail_values()
    return _northwind_values()


def _abc_summary(values: pd.Series) -> pd.DataFrame:
    """Customers and share of value per ABC class, from kt.pareto_table."""
    table = pareto_table(values, negative=NEGATIVE)
    summary = (
        table.groupby("abc_class")
        .agg(customers=("customer", "size"), value_share=("share", "sum"))
        .reindex(["A", "B", "C"], fill_value=0)
    )
    summary.index.name = "class"
    summary["customer_share"] = summary["customers"] / len(table)
    return summary[["customers", "customer_share", "value_share"]].astype(
        {"customers": "int64", "customer_share": float, "value_share": float}
    )


def _portfolio(values: pd.Series, metric: str, notes: list[str]) -> _Portfolio:
    return _Portfolio(
        values=values,
        report=concentration_report(values, negative=NEGATIVE),
        abc_summary=_abc_summary(values),
        whale=whale_curve(values) if metric == "profit" else None,
        notes=tuple(notes),
    )


def _top_count(n: int, p: float) -> int:
    """How many customers kt.top_share counts as the top ``p`` of ``n``.

    Asked of top_share itself, so that the chart and the readout always use its rule
    (``ceil(p * n)``, at least one): among ``n`` equal values the top ``k`` hold ``k / n``.
    """
    return round(top_share(np.ones(n), p) * n)


def _pct(share: float, digits: int = 1) -> str:
    return f"{share:.{digits}%}"


class ParetoExplorer:
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
        The value per customer. Profit (revenue - cost of goods - cost to serve) is
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
        metric: str = "revenue",
        view: str = "pareto",
        p: float = 0.2,
        customer: Hashable | None = None,
        amount: Hashable | None = None,
        quantity: Hashable | None = None,
        price: Hashable | None = None,
    ) -> None:
        if not isinstance(metric, str) or metric not in METRICS:
            raise ParameterError(
                f"`metric` must be one of {tuple(METRICS)}, but {metric!r} was passed."
            )
        if not isinstance(view, str) or view not in VIEWS:
            raise ParameterError(f"`view` must be one of {tuple(VIEWS)}, but {view!r} was passed.")
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
            totals = customer_totals(data, **columns)
            self._cache[(CUSTOM, metric)] = _portfolio(totals, metric, _lines_notes(totals))
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
            dataset_options = [(_TEXT["custom"], CUSTOM)]
        else:
            dataset_options = [(label, key) for key, label in DATASETS.items()]
        self.dataset_dropdown = widgets.Dropdown(
            options=dataset_options,
            value=dataset,
            description=_TEXT["dataset"],
            disabled=dataset == CUSTOM,
            style=_control_style(),
            layout=widgets.Layout(width="26em"),
        )
        self.metric_dropdown = widgets.Dropdown(
            options=self._metric_options(dataset, metric),
            value=metric,
            description=_TEXT["metric"],
            style=_control_style(),
            layout=widgets.Layout(width="22em"),
        )
        self.metric_dropdown.disabled = len(self.metric_dropdown.options) == 1
        self.view_buttons = widgets.ToggleButtons(
            options=self._view_options(metric),
            value=view,
            description=_TEXT["view"],
            style={"description_width": "initial", "button_width": "7em", "font_weight": "bold"},
        )
        self.p_slider = widgets.FloatSlider(
            value=p,
            min=0.01,
            max=1.0,
            step=0.01,
            description=_TEXT["p"],
            readout_format=".0%",
            continuous_update=False,
            style=_control_style(),
            layout=widgets.Layout(width="32em"),
        )
        self._panel = _FigurePanel()
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

        self.root = widgets.VBox(
            [
                widgets.HTML(_STYLE_SHEET),
                widgets.HTML(
                    f'<h3 style="font-size:{FONT_PX + 6}px; margin:0.2em 0">{_esc(_TEXT["title"])}</h3>'
                ),
                widgets.HBox([self.dataset_dropdown, self.metric_dropdown]),
                widgets.HBox([self.view_buttons]),
                self.p_slider,
                self.status_html,
                self.figure_output,
                widgets.HBox(
                    [self.readouts_html, self.abc_html],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="2em"),
                ),
                self.notes_html,
                self.log,
            ]
        )
        self.root.add_class(_CSS_CLASS)

    @staticmethod
    def _metric_options(dataset: str, metric: str) -> list[tuple[str, str]]:
        if dataset in _PROFIT_DATASETS:
            return [(label, key) for key, label in METRICS.items()]
        return (
            [(METRICS[metric], metric)] if dataset == CUSTOM else [(METRICS["revenue"], "revenue")]
        )

    @staticmethod
    def _view_options(metric: str) -> list[tuple[str, str]]:
        keys = ("pareto", "lorenz", "whale") if metric == "profit" else ("pareto", "lorenz")
        return [(VIEWS[k], k) for k in keys]

    # -- display -------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close every widget of the explorer and free its figure."""
        self._panel.close()
        _close_tree(self.root)

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
    def figure(self) -> Any:
        return self._panel.figure

    @property
    def png(self) -> bytes:
        return self._panel.png

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
            self.status_html.value = _status_block(
                _TEXT["loading"].format(label=DATASETS.get(dataset, dataset)), "busy"
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
        self.status_html.value = _status_block(self.error, "error")

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
        metric = self.metric
        rows = [
            (
                _esc(
                    _TEXT["top_p"].format(
                        p=_pct(r["p"], 0), k=r["top_p_customers"], n=r["n_customers"]
                    )
                ),
                "<b>"
                + _esc(_TEXT["top_p_value"].format(share=_pct(r["top_p_share"]), metric=metric))
                + "</b>",
            ),
            (
                _esc(_TEXT["c80"].format(metric=metric)),
                _esc(
                    _TEXT["c80_value"].format(
                        count=r["customers_for_80pct"], share=_pct(r["customers_for_80pct_share"])
                    )
                ),
            ),
            (_esc(_TEXT["gini"]), _esc(_TEXT["gini_value"].format(gini=r["gini"]))),
            (
                _esc(_TEXT["hhi"]),
                _esc(
                    _TEXT["hhi_value"].format(
                        hhi=r["hhi"],
                        points=r["hhi"] * 10_000,
                        equivalent=r["equivalent_customers"],
                    )
                ),
            ),
            (
                _esc(_TEXT["top1"]),
                _esc(_TEXT["top1_value"].format(share=_pct(r["top1_share"]), metric=metric)),
            ),
            (
                _esc(_TEXT["customers"]),
                _esc(
                    _TEXT["customers_value"].format(
                        n=r["n_customers"], metric=metric, total=r["total"]
                    )
                ),
            ),
        ]
        return _block(_html_table(rows), heading=_TEXT["readouts"])

    def _abc_html(self) -> str:
        metric = self.metric
        summary = self._data.abc_summary
        shown = pd.DataFrame(
            {
                _TEXT["abc_customers"]: summary["customers"].map("{:,}".format),
                _TEXT["abc_customer_share"]: summary["customer_share"].map(_pct),
                _TEXT["abc_value_share"].format(metric=metric): summary["value_share"].map(_pct),
            },
            index=summary.index.rename(_TEXT["abc_class"]),
        )
        rule = f'<p style="max-width:28em">{_esc(_TEXT["abc_rule"].format(metric=metric))}</p>'
        return _block(_frame_html(shown) + rule, heading=_TEXT["abc"])

    def _update_notes(self) -> None:
        data = self._data
        metric = self.metric
        notes = list(data.notes)
        if self.dataset not in _PROFIT_DATASETS and self.dataset != CUSTOM:
            notes.insert(0, _TEXT["no_profit"])
        n_negative = int(data.report["n_negative"])
        if n_negative:
            why = (
                _TEXT["why_custom"]
                if self.dataset == CUSTOM
                else _TEXT["why_profit"]
                if metric == "profit"
                else _TEXT["why_revenue"]
            )
            note = _TEXT["negative"].format(count=n_negative, metric=metric, why=why)
            if metric == "profit":
                note += _TEXT["negative_whale"]
            notes.append(note)
        n_zero = int(data.report["n_zero"])
        if n_zero:
            notes.append(_TEXT["zero"].format(count=n_zero, metric=metric))
        self.notes = notes
        items = "".join(f"<li>{_esc(note)}</li>" for note in notes)
        self.notes_html.value = (
            _block(f'<ul style="margin:0.2em 0">{items}</ul>', heading=_TEXT["notes"])
            if notes
            else ""
        )

    def _draw(self) -> None:
        """Draw the chart of the current view from scratch, with the top-p marker."""
        data = self._data
        ax = self._panel.new_axes()
        view = self.view
        source = (
            _TEXT["custom"] if self.dataset == CUSTOM else DATASETS[self.dataset].split(" (")[0]
        )
        title = _TEXT["chart_title"].format(view=VIEWS[view], metric=self.metric, source=source)
        if view == "pareto":
            plot_pareto(data.values, ax=ax, negative=NEGATIVE, title=title)
            target = ax.right_ax  # the cumulative share, in percent
            box, align = (0.42, 0.1), "left"  # below the curve, clear of the legend
        elif view == "lorenz":
            plot_lorenz(data.values, ax=ax, negative=NEGATIVE, label=self.metric)
            ax.set_title(title, fontsize=15)
            target = ax
            box, align = (0.04, 0.55), "left"  # above the diagonal, under the legend
        else:
            plot_whale(data.values, ax=ax, title=title)
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
        words = {"p": _pct(r["p"], 0), "k": k, "n": n, "metric": self.metric}
        if view == "pareto":
            y = 100.0 * share
            segment = ([x, x], [0.0, y])
            label = _TEXT["overlay_pareto"].format(share=_pct(share), **words)
        elif view == "lorenz":
            # The k largest customers are the last k of the Lorenz curve: the curve is at
            # 1 - share there, and the gap up to 100% is their share.
            x = 100.0 - x
            y = 100.0 * (1.0 - share)
            segment = ([x, x], [y, 100.0])
            label = _TEXT["overlay_lorenz"].format(share=_pct(share), **words)
        else:
            whale = self._data.whale
            row = whale.iloc[k - 1]
            if whale.attrs["share_defined"]:
                y = 100.0 * float(row["cumulative_profit_share"])
                value = _TEXT["whale_share"].format(
                    share=_pct(float(row["cumulative_profit_share"]), 0)
                )
            else:
                y = float(row["cumulative_profit"])
                value = _TEXT["whale_currency"].format(value=y)
            ymin, ymax = self._overlay["line"].axes.get_ylim()
            segment = ([x, x], [ymin, ymax])
            label = _TEXT["overlay_whale"].format(value=value, **words)
        self._overlay["line"].set_data(*segment)
        self._overlay["marker"].set_data([x], [y])
        self._overlay["text"].set_text(label)
        self._overlay["text"].xy = (x, y)
