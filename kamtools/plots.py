"""Charts for the course: Pareto, Lorenz, whale curve, key account portfolio, CLV, Kraljic.

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
import pandas as pd

from ._docs import shared_docs
from ._labels import place_labels
from ._validate import NegativePolicy, as_values, check_fraction
from .clv import _check_non_negative, clv_by_retention
from .concentration import gini, lorenz_curve, pareto_table, top_share
from .errors import DataError, NegativeValuesError, ParameterError, WrongTypeError
from .messages import t
from .portfolio import _check_cut, _check_scale, _is_keyed, portfolio_quadrant
from .profitability import whale_curve

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "PALETTE",
    "plot_clv",
    "plot_kraljic",
    "plot_lorenz",
    "plot_pareto",
    "plot_portfolio",
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
    "negative": """negative : {"raise", "drop", "zero"}, default "raise"
    What to do with customers whose net value is negative: raise
    :class:`~kamtools.NegativeValuesError`, leave them out, or count them as 0.""",
    "values": """values : Series, dict or 1-D array-like
    Net value per customer (e.g. revenue or profit), one entry per customer. A Series
    keeps its index as the customer id; a list numbers the customers 0..n-1.""",
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
    from matplotlib.ticker import StrMethodFormatter

    if largest >= 10_000:  # smaller numbers may need decimals: keep matplotlib's labels
        axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _pct(share: float) -> str:
    """A share as a whole percent for labels: 0.7432 -> '74%'."""
    return f"{share:.0%}"


def _pct_exact(share: float) -> str:
    """A share as the read-outs show it: 0.7957 -> '79.6%', and 0.7 -> '70%'."""
    text = f"{share:.1%}"
    return text.replace(".0%", "%")


# ----------------------------------------------------------------------------- Pareto


@_fill_doc
def plot_pareto(
    values: Any,
    *,
    ax: Axes | None = None,
    thresholds: tuple[float, float] = (0.8, 0.95),
    negative: NegativePolicy = "raise",
    title: str | None = None,
    value_label: str = "the value",
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
    value_label : str, default "the value"
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
            label="customer value",
            zorder=2,
        )
    else:
        ax.stairs(value, edges, fill=True, color=bar_colour, label="customer value", zorder=2)

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
        label="cumulative share of value",
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
        label="80/20 reference",
        zorder=4,
    )
    twin.plot([edges[k]], [top * 100.0], "o", color=PALETTE["black"], markersize=7, zorder=5)
    twin.annotate(
        f"top 20% of customers ({k:,} of {n:,}):\n{_pct_exact(top)} of {value_label}",
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
        title = f"Top 20% of customers bring {_pct(top)} of {value_label}"
    _style(
        ax,
        title=title,
        xlabel="share of customers, largest first",
        ylabel="customer value",
    )
    twin.set_ylabel("cumulative share of value", fontsize=_LABEL_SIZE)
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
            label="line of equality (Gini 0)",
            gid=_EQUALITY_GID,
        )
    drawn = sum(line.get_gid() == _LORENZ_GID for line in ax.lines)
    colour = PALETTE[_CYCLE[drawn % len(_CYCLE)]]
    name = label if label is not None else "Lorenz curve"
    ax.plot(x, y, color=colour, linewidth=2.5, label=f"{name}: Gini {g:.2f}", gid=_LORENZ_GID)
    ax.fill_between(x, x, y, color=colour, alpha=0.12, linewidth=0)

    ax.set_xlim(0.0, 100.0)
    ax.set_ylim(0.0, 100.0)
    ax.set_aspect("equal")
    _percent_axis(ax.xaxis)
    _percent_axis(ax.yaxis)
    _style(
        ax,
        title=None if ax.get_title() else "Lorenz curve of customer value",
        xlabel="share of customers, smallest first",
        ylabel="share of value",
    )
    ax.legend(loc="upper left", fontsize=_TEXT_SIZE, framealpha=0.9)
    return ax


# ------------------------------------------------------------------------------ whale


@_fill_doc
def plot_whale(profits: Any, *, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Draw the whale curve: cumulative profit against the share of customers.

    Parameters
    ----------
    profits : Series, dict or 1-D array-like
        Profit per customer (revenue - cost of goods - cost to serve), negative values
        allowed; as :func:`kamtools.whale_curve` accepts it.
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
    (``attrs["share_defined"]`` is False): the curve is then drawn in currency, the
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
    """
    _check_ax(ax)
    curve = whale_curve(profits)
    ax = _axes(ax)
    n = len(curve)
    attrs = curve.attrs
    x = np.r_[0.0, curve["cumulative_customer_share"].to_numpy(dtype=float) * 100.0]
    peak_rank = int(attrs["peak_rank"])
    peak_x = 100.0 * peak_rank / n
    total = float(attrs["total_profit"])

    if attrs["share_defined"]:
        y = np.r_[0.0, curve["cumulative_profit_share"].to_numpy(dtype=float) * 100.0]
    else:
        y = np.r_[0.0, curve["cumulative_profit"].to_numpy(dtype=float)]
    ax.plot(x, y, color=PALETTE["blue"], linewidth=2.5, label="cumulative profit")

    if attrs["share_defined"]:
        peak_y = float(attrs["peak_share"]) * 100.0
        ax.axhline(
            100.0,
            color=PALETTE["black"],
            linestyle="--",
            linewidth=1.2,
            label="total profit = 100%",
        )
        note = f"peak {_pct(attrs['peak_share'])} at {peak_x:.0f}% of customers"
        ylabel = "cumulative profit, % of total profit"
        default_title = f"Whale curve: profit peaks at {_pct(attrs['peak_share'])} of the total"
        _percent_axis(ax.yaxis)
    else:
        peak_y = float(attrs["peak_profit"])
        ax.axhline(
            total,
            color=PALETTE["black"],
            linestyle="--",
            linewidth=1.2,
            label=f"total profit = {total:,.0f}",
        )
        note = f"peak {peak_y:,.0f} at {peak_x:.0f}% of customers"
        ylabel = "cumulative profit, in currency (total <= 0: no % shares)"
        default_title = (
            f"Whale curve in currency: total profit is {total:,.0f}, so shares are undefined"
        )
        _thousands_axis(ax.yaxis, float(np.abs(y).max()))

    ax.plot([peak_x], [peak_y], "o", color=PALETTE["vermillion"], markersize=8, label="peak")
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
        xlabel="share of customers, most profitable first",
        ylabel=ylabel,
    )
    ax.legend(loc="best", fontsize=_TEXT_SIZE, framealpha=0.9)
    return ax


# -------------------------------------------------------------------------- portfolio

#: Colour of each quadrant of the McDonald matrix (names of kt.QUADRANT_STRATEGIES).
_QUADRANT_COLOURS = {
    "Strategic": PALETTE["blue"],
    "Star": PALETTE["bluish_green"],
    "Status": PALETTE["orange"],
    "Streamline": PALETTE["reddish_purple"],
}

#: Bubble area in points^2 of the customer with the largest ``size``, and the smallest
#: area drawn (so that a customer of size 0 stays visible).
_MAX_AREA = 1500.0
_MIN_AREA = 20.0
_POINT_AREA = 120.0  # every point, when no size is given


def _bubble_areas(size: Any, table: pd.DataFrame, keyed: bool) -> tuple[np.ndarray, str]:
    """Marker areas for ``size``, lined up with the rows of ``table``, and its name."""
    if isinstance(size, (pd.Series, Mapping)) and keyed:
        values = as_values(size, name="size")
        if set(values.index) != set(table.index):
            only_size = [c for c in values.index if c not in table.index]
            only_scores = [c for c in table.index if c not in values.index]
            raise DataError(
                "`size` must cover the same customers as the scores, but "
                f"{len(only_size) + len(only_scores)} differ (only in `size`: "
                f"{only_size[:5]!r}; only in the scores: {only_scores[:5]!r})."
            )
        values = values.reindex(table.index)
    else:
        values = as_values(size, name="size")
        if len(values) != len(table):
            raise DataError(
                f"`size` must have one value per customer ({len(table)}), but "
                f"{len(values)} values were passed."
            )
    negative = values.to_numpy() < 0
    if negative.any():
        pos = int(np.flatnonzero(negative)[0])
        raise NegativeValuesError(
            f"`size` sets bubble areas and must be >= 0, but {int(negative.sum())} "
            f"customers have a negative value, e.g. customer {values.index[pos]!r} "
            f"({values.iloc[pos]!r})."
        )
    arr = values.to_numpy(dtype=float)
    largest = float(arr.max())
    scaled = arr / largest * _MAX_AREA if largest > 0 else np.zeros_like(arr)
    name = size.name if isinstance(size, pd.Series) and size.name is not None else "size"
    return np.maximum(scaled, _MIN_AREA), str(name)


def _point_labels(labels: Any, table: pd.DataFrame) -> list[str] | None:
    """Text for each point, or None for no labels."""
    if labels is None or labels is False:
        return None
    if labels is True:
        return [str(c) for c in table.index]
    if isinstance(labels, (str, bytes, Mapping)) or np.ndim(labels) != 1:
        raise WrongTypeError(
            "`labels` must be True (label points with the customer ids) or a list with "
            f"one label per customer, but {labels!r} was passed."
        )
    texts = [str(t) for t in labels]
    if len(texts) != len(table):
        raise DataError(
            f"`labels` must have one label per customer ({len(table)}), but "
            f"{len(texts)} labels were passed."
        )
    return texts


@_fill_doc
def plot_portfolio(
    attractiveness: Any,
    strength: Any,
    *,
    size: Any = None,
    labels: Any = None,
    ax: Axes | None = None,
    cut: float | tuple[float, float] | None = None,
    scale: tuple[float, float] = (0, 10),
    title: str | None = None,
) -> Axes:
    """Draw the key account portfolio (McDonald matrix) as a scatter or bubble chart.

    Parameters
    ----------
    attractiveness, strength : Series, dict or 1-D array-like
        Account attractiveness and the supplier's relative strength per customer, on the
        common ``scale``, as :func:`kamtools.portfolio_quadrant` takes them.
    size : Series, dict or 1-D array-like, optional
        Bubble size per customer, >= 0, e.g. revenue: the bubble *area* is
        proportional to it. Matched on customer id when both ``size`` and the scores
        carry ids (Series, dicts), otherwise by position. Without it every point has
        the same size.
    labels : True or list of str, optional
        ``True`` writes the customer ids (the index of the
        :func:`kamtools.portfolio_quadrant` table) next to the points; a list gives one
        label per customer, in the order of the scores.
    {ax}
    cut : float or pair of float, optional
        Score that splits low from high, one for both axes or a pair (attractiveness
        cut, strength cut), as in :func:`kamtools.portfolio_quadrant`; by default the
        middle of ``scale``.
    scale : pair of float, default (0, 10)
        Lowest and highest possible score; the axes span it.
    title : str, optional
        Chart title; by default "Key account portfolio (McDonald matrix)", with what
        the bubble area shows when ``size`` is given.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. Each quadrant's points are one collection labelled with the
        quadrant name, so ``ax.legend()`` adds a legend if one is wanted.

    Raises
    ------
    WrongTypeError, DataError, ParameterError, EmptyDataError
        As :func:`kamtools.portfolio_quadrant` raises them for bad scores, ``cut`` or
        ``scale``; also for a ``size`` that is not one number per customer, or
        ``labels`` that are neither True nor a list.
    NegativeValuesError
        If a ``size`` is negative.
    DataError
        If ``size`` or ``labels`` does not have one entry per customer.
    {ax_error}

    Notes
    -----
    Strength is on the x axis with **high strength on the right**, attractiveness on
    the y axis with high at the top. McDonald's Cranfield matrix draws high strength on
    the left; this chart follows the direction of every other chart learners read
    instead (the x label says so). With the quadrants of
    :func:`kamtools.portfolio_quadrant`, Strategic is top right, Star top left, Status
    bottom right and Streamline bottom left. Each corner shows the quadrant's name and
    strategy, taken from :func:`kamtools.portfolio_quadrant` itself so that chart and
    table always agree. The dashed lines are the cuts; a score equal to the cut counts
    as high. Points are coloured by quadrant.

    Bubble areas are ``1500 * size / max(size)`` square points, at least 20 so that a
    customer of size 0 stays visible.

    Examples
    --------
    >>> import kamtools as kt
    >>> ax = kt.plot_portfolio([8, 3], [7, 2], size=[100, 20], labels=["Acme", "Bolt"])
    >>> [c.get_label() for c in ax.collections]
    ['Strategic', 'Streamline']
    >>> sorted(t.get_text() for t in ax.texts)[:3]
    ['Acme', 'Bolt', 'Star\\ninvest selectively']
    """
    _check_ax(ax)
    table = portfolio_quadrant(attractiveness, strength, cut=cut, scale=scale)
    low, high = _check_scale(scale)
    attractiveness_cut, strength_cut = _check_cut(cut, (low, high))
    keyed = _is_keyed(attractiveness) or _is_keyed(strength)
    if size is None:
        areas, size_name = np.full(len(table), _POINT_AREA), None
    else:
        areas, size_name = _bubble_areas(size, table, keyed)
    texts = _point_labels(labels, table)
    ax = _axes(ax)

    x = table["strength"].to_numpy(dtype=float)
    y = table["attractiveness"].to_numpy(dtype=float)
    quadrant = table["quadrant"].astype(str).to_numpy()
    for name, colour in _QUADRANT_COLOURS.items():  # one collection per quadrant
        mask = quadrant == name
        if mask.any():
            ax.scatter(
                x[mask],
                y[mask],
                s=areas[mask],
                color=colour,
                alpha=0.8,
                edgecolors="white",
                linewidths=1.0,
                label=name,
                zorder=3,
            )
    ax.axvline(strength_cut, color=PALETTE["grey"], linestyle="--", linewidth=1.5, zorder=1)
    ax.axhline(attractiveness_cut, color=PALETTE["grey"], linestyle="--", linewidth=1.5, zorder=1)
    # Quadrant of each corner as portfolio_quadrant assigns it: (attractiveness, strength)
    # = (high, high) top right, (high, low) top left, (low, high) bottom right, (low, low)
    # bottom left.
    corners = portfolio_quadrant(
        [high, high, low, low], [high, low, high, low], cut=cut, scale=scale
    )
    positions = [
        (0.98, 0.98, "right", "top"),
        (0.02, 0.98, "left", "top"),
        (0.98, 0.02, "right", "bottom"),
        (0.02, 0.02, "left", "bottom"),
    ]
    for (name, strategy), (cx, cy, ha, va) in zip(
        zip(corners["quadrant"].astype(str), corners["strategy"], strict=True),
        positions,
        strict=True,
    ):
        ax.text(
            cx,
            cy,
            f"{name}\n{strategy.split(':')[0]}",
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=_TEXT_SIZE,
            fontweight="bold",
            color=_QUADRANT_COLOURS.get(name, PALETTE["black"]),
            zorder=2,
        )

    pad = 0.05 * (high - low)
    ax.set_xlim(low - pad, high + pad)
    ax.set_ylim(low - pad, high + pad)
    if texts is not None:  # one Text artist per point, none covering another
        place_labels(ax, texts, x, y, fontsize=_TEXT_SIZE - 1, zorder=4)
    if title is None:
        title = "Key account portfolio (McDonald matrix)"
        if size_name is not None:
            title += f", bubble area = {size_name}"
    _style(
        ax,
        title=title,
        xlabel="our relative strength in the account (high on the right)",
        ylabel="account attractiveness",
    )
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
    return f"{low:,.0f}" if low == high else f"{low:,.0f} to {high:,.0f}"


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
        label=t("plot_clv.cost_line", cost=f"{cost:,.0f}"),
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
            label=t("plot_clv.you", retention=f"{r:.0%}", value=f"{now:,.2f}"),
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
            label=t("plot_clv.after", gain=f"{100 * gain:.0f}", value=f"{after:,.2f}"),
            zorder=5,
        )
    gaps = np.isnan(y)
    if gaps.any():
        first = float(x[np.flatnonzero(gaps)[0]])
        ax.axvspan(first, float(x[-1]), color=PALETTE["grey"], alpha=0.2, linewidth=0)
        note = (
            t("plot_clv.infinite", retention=f"{first:.0%}")
            if horizon is None
            else t("plot_clv.too_large", retention=f"{first:.0%}")
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
            rate=f"{float(discount_rate):.0%}",
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


# ---------------------------------------------------------------------------- Kraljic

#: Colour of each Kraljic item type (names of kt.KRALJIC_STRATEGIES).
_KRALJIC_COLOURS = {
    "Strategic": PALETTE["blue"],
    "Leverage": PALETTE["vermillion"],
    "Bottleneck": PALETTE["orange"],
    "Non-critical": PALETTE["grey"],
}


@_fill_doc
def plot_kraljic(
    items: pd.DataFrame,
    *,
    profit_impact: str = "profit_impact",
    supply_risk: str = "supply_risk",
    labels: Any = True,
    highlight: Any = None,
    split: float = 5,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw Kraljic's purchasing-portfolio matrix: what the buyer buys, as the buyer sees it.

    Parameters
    ----------
    items : DataFrame
        One row per purchased item or category (the index names it), with a profit
        impact and a supply risk score from 0 to 10, as :func:`kamtools.kraljic_quadrant`
        takes them.
    profit_impact, supply_risk : str, default "profit_impact", "supply_risk"
        The columns of ``items`` that hold the two scores.
    labels : bool or list of str, default True
        ``True`` writes the index of ``items`` next to the points, ``False`` writes
        nothing, a list gives one label per row.
    highlight : label or list of labels, optional
        Rows of ``items`` (index values) drawn larger and ringed in black, e.g. the
        category being discussed.
    split : float, default 5
        Score that splits low from high on both axes; a score equal to it counts as high.
    {ax}
    title : str, optional
        Chart title; by default "How the buyer sees what it buys (Kraljic matrix)".

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. Each item type's points are one collection labelled with its
        name, so ``ax.legend()`` adds a legend if one is wanted.

    Raises
    ------
    WrongTypeError
        ``items`` is not a DataFrame, a score is not a number, or ``labels`` is neither
        a bool nor a list.
    DataError
        A column is missing, a score is missing or outside 0-10, a ``highlight`` is not
        a row of ``items``, or ``labels`` has not one entry per row.
    EmptyDataError
        ``items`` has no rows.
    ParameterError
        ``split`` lies outside 0-10.
    {ax_error}

    Notes
    -----
    Supply risk is on the x axis (high on the right), profit impact on the y axis (high
    at the top), as Kraljic (1983) draws it: Strategic top right, Leverage top left,
    Bottleneck bottom right, Non-critical bottom left. Each corner shows the item type
    and how purchasing buys it (:data:`kamtools.KRALJIC_STRATEGIES`); the points'
    types come from :func:`kamtools.kraljic_quadrant`, so chart and table agree. Labels
    never cover each other (``kamtools._labels.place_labels``).

    Examples
    --------
    >>> import pandas as pd
    >>> import kamtools as kt
    >>> items = pd.DataFrame({"profit_impact": [8, 2], "supply_risk": [7, 3]},
    ...                      index=["bearings", "PPE"])
    >>> ax = kt.plot_kraljic(items)
    >>> [c.get_label() for c in ax.collections]
    ['Strategic', 'Non-critical']
    """
    from .buyer import KRALJIC_STRATEGIES, kraljic_quadrant

    _check_ax(ax)
    if not isinstance(items, pd.DataFrame):
        raise WrongTypeError(
            "`items` must be a DataFrame with one row per item and the columns "
            f"{profit_impact!r} and {supply_risk!r}, but {type(items).__name__} was passed."
        )
    missing = [c for c in (profit_impact, supply_risk) if c not in items.columns]
    if missing:
        raise DataError(
            f"`items` has no column {missing[0]!r}; its columns are {list(items.columns)!r}. "
            "Name the columns with `profit_impact=` and `supply_risk=`."
        )
    quadrant = kraljic_quadrant(items[profit_impact], items[supply_risk], split=split)
    if labels is True:
        texts: list[str] | None = [str(i) for i in items.index]
    elif labels is False or labels is None:
        texts = None
    elif isinstance(labels, (str, bytes, Mapping)) or np.ndim(labels) != 1:
        raise WrongTypeError(
            "`labels` must be True, False or a list with one label per row of `items`, "
            f"but {labels!r} was passed."
        )
    else:
        texts = [str(t) for t in labels]
        if len(texts) != len(items):
            raise DataError(
                f"`labels` must have one label per row of `items` ({len(items)}), but "
                f"{len(texts)} labels were passed."
            )
    if highlight is None:
        marked = np.zeros(len(items), dtype=bool)
    else:
        wanted = [highlight] if np.ndim(highlight) == 0 else list(highlight)
        unknown = [h for h in wanted if h not in items.index]
        if unknown:
            raise DataError(
                f"`highlight` must name rows of `items`, but {unknown[0]!r} is not one; "
                f"the rows are {list(items.index)!r}."
            )
        marked = np.asarray(items.index.isin(wanted), dtype=bool)
    ax = _axes(ax)

    x = items[supply_risk].to_numpy(dtype=float)
    y = items[profit_impact].to_numpy(dtype=float)
    names = quadrant.astype(str).to_numpy()
    sizes = np.where(marked, 3 * _POINT_AREA, _POINT_AREA)
    for name, colour in _KRALJIC_COLOURS.items():  # one collection per item type
        mask = names == name
        if mask.any():
            ax.scatter(
                x[mask],
                y[mask],
                s=sizes[mask],
                color=colour,
                alpha=0.9,
                edgecolors=np.where(marked[mask], PALETTE["black"], "white").tolist(),
                linewidths=np.where(marked[mask], 2.5, 1.0).tolist(),
                label=name,
                zorder=3,
            )
    ax.axvline(split, color=PALETTE["grey"], linestyle="--", linewidth=1.5, zorder=1)
    ax.axhline(split, color=PALETTE["grey"], linestyle="--", linewidth=1.5, zorder=1)
    low, high = 0.0, 10.0
    corners = kraljic_quadrant([high, high, low, low], [high, low, high, low], split=split)
    positions = [
        (0.98, 0.98, "right", "top"),
        (0.02, 0.98, "left", "top"),
        (0.98, 0.02, "right", "bottom"),
        (0.02, 0.02, "left", "bottom"),
    ]
    for name, (cx, cy, ha, va) in zip(corners.astype(str), positions, strict=True):
        ax.text(
            cx,
            cy,
            f"{name}\n{KRALJIC_STRATEGIES[name].split(':')[0]}",
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=_TEXT_SIZE,
            fontweight="bold",
            color=_KRALJIC_COLOURS[name],
            zorder=2,
        )
    pad = 0.05 * (high - low)
    ax.set_xlim(low - pad, high + pad)
    ax.set_ylim(low - pad, high + pad)
    if texts is not None:  # one Text artist per point, none covering another
        order = np.argsort(~marked, kind="stable")  # highlighted items get the best places
        place_labels(
            ax,
            [texts[i] for i in order],
            x[order],
            y[order],
            fontsize=_TEXT_SIZE - 1,
            zorder=4,
        )
    _style(
        ax,
        title="How the buyer sees what it buys (Kraljic matrix)" if title is None else title,
        xlabel="supply risk for the buyer (high on the right)",
        ylabel="profit impact for the buyer",
    )
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
        return f"{x / 1e6:,.2f} M"
    if size >= 10_000:
        return f"{x / 1e3:,.0f}k"
    return f"{x:,.0f}"


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
    from .pricing import WATERFALL_STEPS, PriceWaterfall

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
