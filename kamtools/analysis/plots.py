"""Charts for the course: Pareto, Lorenz, whale curve, CLV and the price waterfall.

The two-by-two matrices (key account portfolio, Kraljic) are in :mod:`kamtools.analysis.matrix_plots`,
which shares this module's palette, sizes and helpers.

Every function takes the data first and its options as keywords, draws on ``ax`` (or on a
new figure when ``ax`` is None) and returns the Axes, in the style of seaborn. The numbers
drawn come from the analysis functions (:func:`kamtools.pareto_table`,
:func:`kamtools.lorenz_curve`, :func:`kamtools.whale_curve`,
:func:`kamtools.portfolio_quadrant`, :func:`kamtools.clv_by_retention`), so a chart never
disagrees with a table, and bad input raises the same error the analysis function would.

Styling is kept local to the Axes drawn on (font sizes are set on each text element, the
global ``rcParams`` are never changed) and uses the colour-blind-safe Okabe-Ito palette,
:data:`PALETTE`. Nothing here calls ``plt.show()``; matplotlib is imported only when a chart
is drawn, so ``import kamtools`` stays fast.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from .._docs import CUSTOMER_VALUES, shared_docs
from .._numbers import integer as _integer
from .._numbers import number as _number
from .._numbers import percent as _percent
from .._validate import NegativePolicy, check_fraction
from ..errors import ParameterError, WrongTypeError
from ..messages import t
from .concentration import gini, lorenz_curve, pareto_table, top_share
from .lifetime_value import _check_non_negative, clv_by_retention
from .profitability import WhaleCurve, whale_curve

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "PALETTE",
    "plot_clv",
    "plot_lorenz",
    "plot_pareto",
    "plot_price_waterfall",
    "plot_whale",
]

#: The Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008), name -> hex colour.
#: "grey" is the ninth colour R's ``palette.colors("Okabe-Ito")`` adds for neutral marks.
PALETTE: dict[str, str] = {
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

# Colours used in turn when several datasets are drawn on one Axes (yellow is left out:
# too pale for a line on white).
_CYCLE = ("blue", "vermillion", "bluish_green", "reddish_purple", "orange", "sky_blue", "black")

# Projector-friendly sizes in points, set on each element (never through rcParams).
_TITLE_SIZE = 15
_LABEL_SIZE = 13
_TICK_SIZE = 12
_TEXT_SIZE = 12
_FIGSIZE = (9.0, 5.5)

#: Above this many customers plot_pareto draws one filled step area instead of one bar per
#: customer: 4,000 bars are slow to draw and too thin to see anyway.
_MAX_BARS = 60

_EQUALITY_GID = "kamtools-line-of-equality"
_LORENZ_GID = "kamtools-lorenz-curve"
_ZONE_GID = "kamtools-abc-zone"

# Parameter descriptions shared by every docstring below (seaborn keeps them in one place).
_SHARED_DOCS = {
    "ax": """ax : matplotlib.axes.Axes, optional
    Axes to draw on, e.g. from ``fig, ax = plt.subplots()``. When None (the default) a
    new figure is created with ``plt.subplots``.""",
    **CUSTOMER_VALUES,
    "ax_error": """WrongTypeError
    If ``ax`` is not a matplotlib Axes.""",
}


_fill_doc = shared_docs(_SHARED_DOCS)


# ---------------------------------------------------------------------------- helpers


def _check_ax(ax: Any) -> None:
    """Raise WrongTypeError unless ``ax`` is None or a matplotlib Axes."""
    if ax is None:
        return
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise WrongTypeError(
            "`ax` must be a matplotlib Axes, e.g. from `fig, ax = plt.subplots()`, "
            f"but {ax!r} was passed."
        )


def _axes(ax: Axes | None) -> Axes:
    """``ax`` itself, or the Axes of a new figure when it is None.

    Called only once the data has passed the analysis function, so that bad input never
    leaves an empty figure behind.
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=_FIGSIZE, layout="constrained")
    return new


def _style(ax: Axes, *, title: str | None, xlabel: str, ylabel: str) -> None:
    """Readable-on-a-projector labels and ticks, set on this Axes only."""
    if title is not None:
        ax.set_title(title, fontsize=_TITLE_SIZE)
    ax.set_xlabel(xlabel, fontsize=_LABEL_SIZE)
    ax.set_ylabel(ylabel, fontsize=_LABEL_SIZE)
    ax.tick_params(labelsize=_TICK_SIZE)


def _percent_axis(axis: Any) -> None:
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))


def _thousands_axis(axis: Any, largest: float) -> None:
    """Tick labels such as 250,000 instead of 250000, when the numbers are that large."""
    from matplotlib.ticker import FuncFormatter

    if largest >= 10_000:  # smaller numbers may need decimals: keep matplotlib's labels
        axis.set_major_formatter(FuncFormatter(lambda x, _pos: _number(x)))


def _pct(share: float) -> str:
    """A share as a whole percent for labels: 0.7432 -> '74%' (Polish '74%')."""
    return _percent(share, 0)


def _pct_exact(share: float) -> str:
    """A share as the read-outs show it: 0.7957 -> '79.6%', and 0.7 -> '70%'."""
    text = _percent(share, 1)
    return text.replace(".0%", "%").replace(",0%", "%")


# ----------------------------------------------------------------------------- Pareto


@_fill_doc
def plot_pareto(
    values: Any,
    *,
    ax: Axes | None = None,
    thresholds: tuple[float, float] = (0.8, 0.95),
    negative: NegativePolicy = "raise",
    title: str | None = None,
    value_label: str | None = None,
) -> Axes:
    """Draw the Pareto chart: customer values, largest first, and their cumulative share.

    Parameters
    ----------
    {values}
    {ax}
    thresholds : tuple of two floats, default (0.8, 0.95)
        Cumulative shares that end the ABC classes, as in :func:`kamtools.pareto_table`.
    {negative}
    title : str, optional
        Chart title. By default it states the share of value that the top 20% of the
        customers bring, e.g. "Top 20% of customers bring 74% of the value".
    value_label : str, optional
        Default "the value" (in the language of the course).
        What the values are, in the default title and the label of the top-20% point; the
        label gives the share with one decimal, as the Pareto explorer's read-outs do, e.g.
        "79.6% of revenue".

    Returns
    -------
    matplotlib.axes.Axes
        The main Axes, holding the customer values (left y axis). The cumulative share
        line is on a twin Axes (right y axis, in percent) reachable as ``ax.right_ax``,
        the attribute name pandas uses for its secondary y axis.

    Raises
    ------
    EmptyDataError, WrongTypeError, DataError, NegativeValuesError, NonPositiveTotalError
        As :func:`kamtools.pareto_table` raises them for bad ``values``.
    ParameterError
        For bad ``thresholds`` or ``negative``.
    {ax_error}

    Notes
    -----
    The x axis is the share of customers in percent (customer k of n ends at
    ``100 * k / n``), so charts of datasets of different sizes compare directly. Up to
    60 customers each gets a bar; beyond that the values are drawn as one filled step
    area, which keeps a chart of thousands of customers fast. The cumulative share line
    starts at (0%, 0%) and has a vertex at the end of every customer.

    The 80/20 reference is marked with a dashed line at 80% of the value and one at 20%
    of the customers. The point on the curve for the top 20% (the first
    ``ceil(0.2 * n)`` customers, the rule of :func:`kamtools.top_share`) is marked and
    annotated with its actual share. The ABC classes of :func:`kamtools.pareto_table`
    are shaded as zones with their letter at the top.

    Examples
    --------
    >>> import kamtools as kt
    >>> ax = kt.plot_pareto([50, 20, 10, 10, 5, 5])
    >>> ax.get_title()
    'Top 20% of customers bring 70% of the value'
    >>> line = ax.right_ax.lines[0]  # the cumulative share, in percent
    >>> [round(float(x), 1) for x in line.get_xdata()]
    [0.0, 16.7, 33.3, 50.0, 66.7, 83.3, 100.0]
    >>> [round(float(y), 1) for y in line.get_ydata()]
    [0.0, 50.0, 70.0, 80.0, 90.0, 95.0, 100.0]
    """
    _check_ax(ax)
    table = pareto_table(values, thresholds=thresholds, negative=negative)
    top = top_share(values, 0.2, negative=negative)
    if value_label is None:
        value_label = t("plot_pareto.the_value")
    ax = _axes(ax)
    n = len(table)
    value = table["value"].to_numpy(dtype=float)
    edges = np.arange(n + 1) / n * 100.0

    # Customer values: bars for a few customers, one step area for many.
    bar_colour = PALETTE["sky_blue"]
    if n <= _MAX_BARS:
        ax.bar(
            edges[:-1],
            value,
            width=100.0 / n,
            align="edge",
            color=bar_colour,
            edgecolor="white",
            linewidth=0.8,
            label=t("plot_pareto.bars"),
            zorder=2,
        )
    else:
        ax.stairs(value, edges, fill=True, color=bar_colour, label=t("plot_pareto.bars"), zorder=2)

    # ABC zones (classes are contiguous runs, since the table is sorted by value).
    classes = table["abc_class"].astype(str).to_numpy()
    starts = np.flatnonzero(np.r_[True, classes[1:] != classes[:-1]])
    ends = np.r_[starts[1:], n]
    zone_colours = ("bluish_green", "orange", "grey", "reddish_purple", "sky_blue")
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        colour = PALETTE[zone_colours[i % len(zone_colours)]]
        ax.axvspan(
            edges[start],
            edges[end],
            color=colour,
            alpha=0.13,
            linewidth=0,
            zorder=0,
            gid=_ZONE_GID,
        )
        ax.text(
            (edges[start] + edges[end]) / 2,
            0.97,
            classes[start],
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="top",
            fontsize=_LABEL_SIZE,
            fontweight="bold",
            color=PALETTE["black"],
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
            zorder=5,
        )

    # Cumulative share on a twin axis in percent, from (0, 0).
    twin = getattr(ax, "right_ax", None)
    if twin is None:
        twin = ax.twinx()
        # pandas' convention for twin axes: attributes matplotlib does not declare.
        cast(Any, ax).right_ax = twin
        cast(Any, twin).left_ax = ax
    x = np.r_[0.0, table["cumulative_customer_share"].to_numpy(dtype=float) * 100.0]
    y = np.r_[0.0, table["cumulative_share"].to_numpy(dtype=float) * 100.0]
    twin.plot(
        x,
        y,
        color=PALETTE["vermillion"],
        linewidth=2.5,
        marker="o" if n <= _MAX_BARS else None,
        markersize=4,
        label=t("plot_pareto.line"),
        zorder=3,
    )

    # The 80/20 reference and the actual top-20% share.
    k = min(n, max(1, math.ceil(0.2 * n - 1e-9)))  # the customers top_share counts
    ax.axvline(20.0, color=PALETTE["black"], linestyle="--", linewidth=1.2, zorder=4)
    twin.axhline(
        80.0,
        color=PALETTE["black"],
        linestyle="--",
        linewidth=1.2,
        label=t("plot_pareto.reference"),
        zorder=4,
    )
    twin.plot([edges[k]], [top * 100.0], "o", color=PALETTE["black"], markersize=7, zorder=5)
    twin.annotate(
        t(
            "plot_pareto.top_note",
            k=_integer(k),
            n=_integer(n),
            share=_pct_exact(top),
            value_label=value_label,
        ),
        xy=(edges[k], top * 100.0),
        xytext=(12, -42),
        textcoords="offset points",
        fontsize=_TEXT_SIZE,
        arrowprops={"arrowstyle": "->", "color": PALETTE["black"]},
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.9, "linewidth": 0},
        zorder=6,
    )

    ax.set_xlim(0.0, 100.0)
    ax.set_ylim(0.0, float(value.max()) * 1.15)
    _thousands_axis(ax.yaxis, float(value.max()))
    twin.set_ylim(0.0, 115.0)
    twin.set_yticks([0, 20, 40, 60, 80, 100])
    _percent_axis(ax.xaxis)
    _percent_axis(twin.yaxis)
    if title is None:
        title = t("plot_pareto.title", share=_pct(top), value_label=value_label)
    _style(
        ax,
        title=title,
        xlabel=t("plot_pareto.x"),
        ylabel=t("plot_pareto.y"),
    )
    twin.set_ylabel(t("plot_pareto.y_right"), fontsize=_LABEL_SIZE)
    twin.tick_params(labelsize=_TICK_SIZE)
    handles, labels = ax.get_legend_handles_labels()
    twin_handles, twin_labels = twin.get_legend_handles_labels()
    twin.legend(
        handles + twin_handles,
        labels + twin_labels,
        loc="center right",
        bbox_to_anchor=(1.0, 0.4),  # below the annotation, above the small bars
        fontsize=_TEXT_SIZE,
        framealpha=0.9,
    )
    return ax


# ----------------------------------------------------------------------------- Lorenz


@_fill_doc
def plot_lorenz(
    values: Any,
    *,
    ax: Axes | None = None,
    negative: NegativePolicy = "raise",
    label: str | None = None,
) -> Axes:
    """Draw the Lorenz curve of customer values with the line of equality and the Gini.

    Parameters
    ----------
    {values}
    {ax}
    {negative}
    label : str, optional
        Name of the dataset in the legend, e.g. "2011". The legend entry reads
        "<label>: Gini 0.53" (or "Lorenz curve: Gini 0.53" without a label).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    EmptyDataError, WrongTypeError, DataError, NegativeValuesError, NonPositiveTotalError
        As :func:`kamtools.lorenz_curve` raises them for bad ``values``.
    ParameterError
        For a bad ``negative``.
    {ax_error}

    Notes
    -----
    The curve is :func:`kamtools.lorenz_curve` in percent: customers sorted from the
    smallest to the largest, from (0%, 0%) to (100%, 100%). The Gini coefficient is
    :func:`kamtools.gini` of the same values with the same ``negative`` policy; it is
    twice the shaded area between the curve and the line of equality.

    Calling the function again on the same ``ax`` overlays another dataset in the next
    colour of the palette; the line of equality is drawn once.

    Examples
    --------
    >>> import kamtools as kt
    >>> ax = kt.plot_lorenz([1, 1, 1, 1], label="equal")
    >>> ax = kt.plot_lorenz([0, 0, 0, 10], label="one customer", ax=ax)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['line of equality (Gini 0)', 'equal: Gini 0.00', 'one customer: Gini 0.75']
    """
    _check_ax(ax)
    curve = lorenz_curve(values, negative=negative)
    g = gini(values, negative=negative)
    ax = _axes(ax)
    x = curve["customer_share"].to_numpy(dtype=float) * 100.0
    y = curve["value_share"].to_numpy(dtype=float) * 100.0

    if not any(line.get_gid() == _EQUALITY_GID for line in ax.lines):
        ax.plot(
            [0.0, 100.0],
            [0.0, 100.0],
            color=PALETTE["grey"],
            linestyle="--",
            linewidth=1.5,
            label=t("plot_lorenz.equality"),
            gid=_EQUALITY_GID,
        )
    drawn = sum(line.get_gid() == _LORENZ_GID for line in ax.lines)
    colour = PALETTE[_CYCLE[drawn % len(_CYCLE)]]
    name = label if label is not None else t("plot_lorenz.curve")
    ax.plot(
        x,
        y,
        color=colour,
        linewidth=2.5,
        label=t("plot_lorenz.legend", name=name, gini=_number(g, 2)),
        gid=_LORENZ_GID,
    )
    ax.fill_between(x, x, y, color=colour, alpha=0.12, linewidth=0)

    ax.set_xlim(0.0, 100.0)
    ax.set_ylim(0.0, 100.0)
    ax.set_aspect("equal")
    _percent_axis(ax.xaxis)
    _percent_axis(ax.yaxis)
    _style(
        ax,
        title=None if ax.get_title() else t("plot_lorenz.title"),
        xlabel=t("plot_lorenz.x"),
        ylabel=t("plot_lorenz.y"),
    )
    ax.legend(loc="upper left", fontsize=_TEXT_SIZE, framealpha=0.9)
    return ax


# ------------------------------------------------------------------------------ whale


@_fill_doc
def plot_whale(profits: Any, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Draw the whale curve: cumulative profit against the share of customers.

    Parameters
    ----------
    profits : Series, dict, 1-D array-like or WhaleCurve
        Profit per customer (revenue - cost of goods - cost to serve), negative values
        allowed, as :func:`kamtools.whale_curve` accepts it; or the
        :class:`kamtools.WhaleCurve` it returned, drawn as it is (not computed again).
    {ax}
    title : str, optional
        Chart title. By default it states the peak, e.g. "Whale curve: profit peaks at
        171% of the total", or says that the chart is in currency.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    EmptyDataError, WrongTypeError, DataError
        As :func:`kamtools.whale_curve` raises them for bad ``profits``.
    {ax_error}

    Notes
    -----
    Customers are sorted from the most to the least profitable (:func:`kamtools.whale_curve`);
    the curve starts at (0%, 0). When the total profit is positive the y axis is the
    cumulative profit as a percentage of the total: the dashed line marks 100% (the total
    profit), and the peak, which can exceed 100%, is marked and annotated
    ("peak 171% at 40% of customers").

    When the total profit is zero or negative, shares of it are meaningless
    (``share_defined`` of the :class:`kamtools.WhaleCurve` is False): the curve is then drawn in currency, the
    dashed line marks the (non-positive) total profit, and both the y label and the
    title say so.

    Examples
    --------
    >>> import kamtools as kt
    >>> ax = kt.plot_whale([100, 60, 20, -30, -50])
    >>> ax.get_title()
    'Whale curve: profit peaks at 180% of the total'
    >>> [round(float(y)) for y in ax.lines[0].get_ydata()]
    [0, 100, 160, 180, 150, 100]
    >>> curve = kt.whale_curve([100, 60, 20, -30, -50])
    >>> kt.plot_whale(curve).get_title() == ax.get_title()
    True
    """
    _check_ax(ax)
    curve = profits if isinstance(profits, WhaleCurve) else whale_curve(profits)
    ax = _axes(ax)
    table = curve.table
    n = len(table)
    x = np.r_[0.0, table["cumulative_customer_share"].to_numpy(dtype=float) * 100.0]
    peak_rank = int(curve.peak_rank)
    peak_x = 100.0 * peak_rank / n
    total = float(curve.total_profit)

    if curve.share_defined:
        y = np.r_[0.0, table["cumulative_profit_share"].to_numpy(dtype=float) * 100.0]
    else:
        y = np.r_[0.0, table["cumulative_profit"].to_numpy(dtype=float)]
    ax.plot(x, y, color=PALETTE["blue"], linewidth=2.5, label=t("plot_whale.curve"))

    if curve.share_defined:
        peak_y = float(curve.peak_share) * 100.0
        ax.axhline(
            100.0,
            color=PALETTE["black"],
            linestyle="--",
            linewidth=1.2,
            label=t("plot_whale.total_line"),
        )
        note = t(
            "plot_whale.peak_note",
            peak=_pct(curve.peak_share),
            customers=_number(peak_x),
        )
        ylabel = t("plot_whale.y")
        default_title = t("plot_whale.title", peak=_pct(curve.peak_share))
        _percent_axis(ax.yaxis)
    else:
        peak_y = float(curve.peak_profit)
        ax.axhline(
            total,
            color=PALETTE["black"],
            linestyle="--",
            linewidth=1.2,
            label=t("plot_whale.total_line_currency", total=_number(total)),
        )
        note = t(
            "plot_whale.peak_note",
            peak=_number(peak_y),
            customers=_number(peak_x),
        )
        ylabel = t("plot_whale.y_currency")
        default_title = t("plot_whale.title_currency", total=_number(total))
        _thousands_axis(ax.yaxis, float(np.abs(y).max()))

    ax.plot(
        [peak_x],
        [peak_y],
        "o",
        color=PALETTE["vermillion"],
        markersize=8,
        label=t("plot_whale.peak"),
    )
    ax.annotate(
        note,
        xy=(peak_x, peak_y),
        xytext=(0.5, 0.12),
        textcoords="axes fraction",
        ha="center",
        fontsize=_TEXT_SIZE,
        arrowprops={"arrowstyle": "->", "color": PALETTE["black"]},
        bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "alpha": 0.9, "linewidth": 0},
    )
    ax.set_xlim(0.0, 100.0)
    _percent_axis(ax.xaxis)
    _style(
        ax,
        title=default_title if title is None else title,
        xlabel=t("plot_whale.x"),
        ylabel=ylabel,
    )
    ax.legend(loc="best", fontsize=_TEXT_SIZE, framealpha=0.9)
    return ax


# -------------------------------------------------------------------------------- CLV

#: Step between the retentions of the CLV curve (one point of retention).
_CLV_STEP = 0.01


def _retention_grid(retention: Any, retention_range: Any) -> np.ndarray:
    """Retentions of the CLV curve: ``retention_range`` in steps of 0.01, widened to
    include ``retention``."""
    r = check_fraction(retention, "retention", allow_zero=True, example="0.8 for 80%")
    if isinstance(retention_range, (str, bytes, Mapping)) or np.ndim(retention_range) != 1:
        raise WrongTypeError(
            "`retention_range` must be two retentions (lowest, highest) such as (0.5, 0.95), "
            f"but {retention_range!r} was passed."
        )
    if len(retention_range) != 2:
        raise ParameterError(
            "`retention_range` must be two retentions (lowest, highest) such as (0.5, 0.95), "
            f"but {retention_range!r} was passed ({len(retention_range)} numbers)."
        )
    low = check_fraction(retention_range[0], "retention_range[0]", allow_zero=True)
    high = check_fraction(retention_range[1], "retention_range[1]", allow_zero=True)
    if not low < high:
        raise ParameterError(
            f"`retention_range` must increase (lowest < highest), e.g. (0.5, 0.95), but "
            f"{retention_range!r} was passed."
        )
    low, high = min(low, r), max(high, r)
    return np.round(np.linspace(low, high, round((high - low) / _CLV_STEP) + 1), 10)


def _margin_text(margin: Any) -> str:
    """The margin for the title: ``100``, or ``100 to 150`` for margins per period."""
    values = np.atleast_1d(np.asarray(margin, dtype=float))
    low, high = float(values.min()), float(values.max())
    if low == high:
        return _number(low)
    return t("plot_clv.margin_range", low=_number(low), high=_number(high))


@_fill_doc
def plot_clv(
    margin: Any,
    retention: float,
    discount_rate: float,
    *,
    horizon: int | None = None,
    acquisition_cost: float = 0.0,
    retention_gain: float = 0.0,
    retention_range: tuple[float, float] = (0.5, 0.95),
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw the CLV against retention, with the customer's own retention marked.

    Parameters
    ----------
    margin : float or 1-D sequence of float
        Margin per year, as :func:`kamtools.clv` takes it.
    retention : float
        The current retention, in [0, 1]: its point is marked on the curve.
    discount_rate : float
        Discount rate per year, greater than -1 (0.1 for 10%).
    horizon : int, optional
        Years counted; None (the default) counts every future year.
    acquisition_cost : float, default 0.0
        What it costs to win a customer (>= 0): drawn as a dashed line, above which a
        new customer pays back.
    retention_gain : float, default 0.0
        When above 0, the point at ``retention + retention_gain`` is marked too (0.05
        for 5 points); the sum must be at most 1.
    retention_range : pair of float, default (0.5, 0.95)
        Lowest and highest retention drawn; widened to include `retention`.
    {ax}
    title : str, optional
        Chart title; by default it states the margin, the discount rate and the
        horizon, e.g. "CLV against retention (margin 100 a year, discount rate 10%,
        no horizon)".

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; retention on the x axis as a fraction (shown in percent).

    Raises
    ------
    WrongTypeError, ParameterError, EmptyDataError
        As :func:`kamtools.clv_by_retention` raises them for bad `margin`,
        `discount_rate` or `horizon`; also for a `retention`, `retention_gain` or
        `retention_range` that is not a fraction, a range that does not increase, or a
        retention after the gain above 1.
    {ax_error}

    Notes
    -----
    The curve is :func:`kamtools.clv_by_retention` over the retentions of
    `retention_range` in steps of 0.01 (one point of retention). Where the CLV is not
    finite (no horizon and ``retention >= 1 + discount_rate``, or a value too large to
    compute) the curve has a gap, shaded grey, with a note saying from which retention
    on. The current retention gets a diamond when its CLV is finite; the point after
    the gain a ring. The labels speak of years, the period of the course; the
    arithmetic is the same for any period.

    Examples
    --------
    >>> import kamtools as kt
    >>> ax = kt.plot_clv(100, 0.8, 0.1, acquisition_cost=150)
    >>> ax.get_title()
    'CLV against retention (margin 100 a year, discount rate 10%, no horizon)'
    >>> [line.get_label() for line in ax.lines]
    ['CLV per customer', 'acquisition cost 150: above it a new customer pays back',
     'your retention 80%: CLV 266.67']
    >>> ax = kt.plot_clv(100, 0.8, 0.0, retention_range=(0.5, 1.0))  # r = 1 diverges
    >>> [text.get_text().strip() for text in ax.texts]
    ['no finite CLV from retention 100% on (no horizon)']
    """
    _check_ax(ax)
    grid = _retention_grid(retention, retention_range)
    r = float(retention)
    gain = check_fraction(retention_gain, "retention_gain", allow_zero=True, example="0.05")
    cost = _check_non_negative(acquisition_cost, "acquisition_cost")
    if r + gain > 1.0 + 1e-12:  # rounding slack, as in kt.retention_vs_acquisition
        raise ParameterError(
            f"`retention` + `retention_gain` must be at most 1 (100%), but {r!r} + "
            f"{gain!r} was passed; use a smaller `retention_gain`."
        )
    r_after = min(r + gain, 1.0)
    curve = clv_by_retention(margin, grid, discount_rate, horizon=horizon)
    points = clv_by_retention(margin, [r, r_after], discount_rate, horizon=horizon)["clv"]
    ax = _axes(ax)
    x = curve["retention"].to_numpy()
    y = curve["clv"].to_numpy()

    ax.plot(x, y, color=PALETTE["blue"], linewidth=2.5, label=t("plot_clv.curve"))
    ax.axhline(
        cost,
        color=PALETTE["black"],
        linestyle="--",
        linewidth=1.3,
        label=t("plot_clv.cost_line", cost=_number(cost)),
    )
    now, after = float(points.iloc[0]), float(points.iloc[1])
    if not math.isnan(now):
        ax.plot(
            [r],
            [now],
            linestyle="none",
            marker="D",
            markersize=11,
            markerfacecolor=PALETTE["vermillion"],
            markeredgecolor=PALETTE["black"],
            label=t("plot_clv.you", retention=_percent(r, 0), value=_number(now, 2)),
            zorder=5,
        )
    if gain > 0 and not math.isnan(after):
        ax.plot(
            [r_after],
            [after],
            linestyle="none",
            marker="o",
            markersize=10,
            markerfacecolor="white",
            markeredgecolor=PALETTE["vermillion"],
            markeredgewidth=2.5,
            label=t("plot_clv.after", gain=_number(100 * gain), value=_number(after, 2)),
            zorder=5,
        )
    gaps = np.isnan(y)
    if gaps.any():
        first = float(x[np.flatnonzero(gaps)[0]])
        ax.axvspan(first, float(x[-1]), color=PALETTE["grey"], alpha=0.2, linewidth=0)
        note = (
            t("plot_clv.infinite", retention=_percent(first, 0))
            if horizon is None
            else t("plot_clv.too_large", retention=_percent(first, 0))
        )
        ax.text(
            first,
            0.5,
            " " + note,
            transform=ax.get_xaxis_transform(),
            rotation=90,
            va="center",
            fontsize=_TEXT_SIZE,
        )
    if title is None:
        years = (
            t("plot_clv.no_horizon")
            if horizon is None
            else t("plot_clv.horizon_years", years=horizon)
        )
        title = t(
            "plot_clv.title",
            margin=_margin_text(margin),
            rate=_percent(float(discount_rate), 0),
            horizon=years,
        )
    _style(ax, title=title, xlabel=t("plot_clv.x"), ylabel=t("plot_clv.y"))
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    if not gaps.all():
        _thousands_axis(ax.yaxis, float(np.nanmax(np.abs(y))))
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=_TEXT_SIZE, framealpha=0.9)
    return ax


# ---------------------------------------------------------------- pocket-price waterfall

_WATERFALL_GID = "kamtools-waterfall-{step}"
_WATERFALL_COLOURS = {
    "list_revenue": PALETTE["blue"],
    "invoice_revenue": PALETTE["sky_blue"],
    "pocket_revenue": PALETTE["bluish_green"],
    "leakage": PALETTE["vermillion"],
}


def _compact_pln(x: float) -> str:
    """An amount short enough to sit on a bar: 5.20 M, -140k, 950 (the axis says PLN)."""
    size = abs(x)
    if size >= 999_500:
        return t("plot_price_waterfall.millions", amount=_number(x / 1e6, 2))
    if size >= 10_000:
        return t("plot_price_waterfall.thousands", amount=_number(x / 1e3))
    return _number(x)


def _waterfall_labels() -> dict[str, str]:
    """The name of every step of the waterfall, from the message catalogue."""
    return {
        "list_revenue": t("plot_price_waterfall.list_revenue"),
        "on_invoice_discount": t("plot_price_waterfall.on_invoice_discount"),
        "invoice_revenue": t("plot_price_waterfall.invoice_revenue"),
        "rebate": t("plot_price_waterfall.rebate"),
        "payment_terms": t("plot_price_waterfall.payment_terms"),
        "free_freight": t("plot_price_waterfall.free_freight"),
        "rush_orders": t("plot_price_waterfall.rush_orders"),
        "pocket_revenue": t("plot_price_waterfall.pocket_revenue"),
    }


@_fill_doc
def plot_price_waterfall(
    waterfall: Any,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw the pocket-price waterfall: bars falling from list revenue to pocket revenue.

    Parameters
    ----------
    waterfall : PriceWaterfall
        The result of :func:`kamtools.price_waterfall` for one customer and year.
    {ax}
    title : str, optional
        Chart title; by default it names the customer and the year and states the
        pocket price as a share of the list price, e.g. "Pocket-price waterfall of
        V0055, 2025: pocket price 86.4% of list".

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on: one bar per step, in order, each with the id
        ``"kamtools-waterfall-<step>"`` (``bar.get_gid()``), e.g.
        ``"kamtools-waterfall-rebate"``.

    Raises
    ------
    WrongTypeError
        If `waterfall` is not a :class:`kamtools.PriceWaterfall`.
    {ax_error}

    Notes
    -----
    List, invoice and pocket revenue stand on the axis (blue, light blue, green); each
    leakage floats from the level before it down to the level after it (vermillion,
    hatched, so that the chart reads without colour too). Every bar is labelled with its
    amount in PLN (rounded: "5.20 M", "-140k"; the y axis says PLN) and its share of
    the list revenue, the numbers of ``waterfall.to_frame()``. The y axis starts at 0 so that the bars compare honestly.

    Examples
    --------
    >>> import pandas as pd
    >>> import kamtools as kt
    >>> w = kt.PriceWaterfall(customer="A", year=2025, list_revenue=2000.0,
    ...     on_invoice_discount=200.0, invoice_revenue=1800.0, rebate=60.0,
    ...     payment_terms=36.0, free_freight=40.0, rush_orders=50.0, pocket_revenue=1614.0)
    >>> ax = kt.plot_price_waterfall(w)
    >>> ax.get_title()
    'Pocket-price waterfall of A, 2025: pocket price 80.7% of list'
    >>> [(round(b.get_y()), round(b.get_height())) for b in ax.patches][:4]
    [(0, 2000), (1800, 200), (0, 1800), (1740, 60)]
    """
    from .waterfall import WATERFALL_STEPS, PriceWaterfall

    _check_ax(ax)
    if not isinstance(waterfall, PriceWaterfall):
        raise WrongTypeError(
            "`waterfall` must be the result of kt.price_waterfall(...), but "
            f"{type(waterfall).__name__} was passed."
        )
    table = waterfall.to_frame()
    ax = _axes(ax)
    labels = _waterfall_labels()
    level = 0.0
    tops = []
    for x, (step, kind) in enumerate(WATERFALL_STEPS):
        pln = float(table["pln"].loc[step])
        if kind == "price":
            bottom, height = 0.0, pln
            level = pln
            colour, hatch = _WATERFALL_COLOURS[step], None
        else:
            bottom, height = level + pln, -pln  # falls from the level before
            level += pln
            colour, hatch = _WATERFALL_COLOURS["leakage"], "//"
        ax.bar(
            x,
            height,
            bottom=bottom,
            width=0.7,
            color=colour,
            edgecolor=PALETTE["black"] if hatch else "white",
            linewidth=0.8,
            hatch=hatch,
            gid=_WATERFALL_GID.format(step=step),
            zorder=2,
        )
        tops.append(max(bottom, bottom + height))
        share = float(table["share_of_list"].loc[step])
        ax.annotate(
            f"{_compact_pln(pln)}\n{_pct_exact(share)}",
            xy=(x, max(bottom, bottom + height)),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=_TEXT_SIZE - 1,
            zorder=4,
        )
    import textwrap

    ax.set_xticks(range(len(WATERFALL_STEPS)))
    ax.set_xticklabels([textwrap.fill(labels[step], 11) for step, _ in WATERFALL_STEPS])
    largest = max(max(tops), 0.0)
    lowest = min(0.0, float(table["pln"].cumsum().min()), waterfall.pocket_revenue)
    ax.set_ylim(lowest * 1.1, largest * 1.18 if largest > 0 else 1.0)
    ax.axhline(0.0, color=PALETTE["black"], linewidth=0.8, zorder=3)
    _thousands_axis(ax.yaxis, largest)
    if title is None:
        title = t(
            "plot_price_waterfall.title",
            customer=str(waterfall.customer),
            year=waterfall.year,
            share=_pct_exact(round(waterfall.pocket_share, 3)),
        )
    _style(ax, title=title, xlabel="", ylabel=t("plot_price_waterfall.y"))
    ax.grid(True, axis="y", alpha=0.3, zorder=0)
    return ax
