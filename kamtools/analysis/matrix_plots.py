"""Two-by-two matrix charts: the key account portfolio and the buyer's Kraljic matrix.

Same conventions as :mod:`kamtools.analysis.plots` (data first, keyword options, draws on ``ax`` or
a new figure, returns the Axes, Okabe-Ito colours, sizes set on each element, matplotlib
imported only when drawing), whose palette and helpers these charts share.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._labels import place_labels
from .._validate import as_values
from ..errors import DataError, NegativeValuesError, WrongTypeError
from ..messages import t
from .plots import _TEXT_SIZE, PALETTE, _axes, _check_ax, _fill_doc, _style
from .portfolio import _check_cut, _check_scale, _is_keyed, portfolio_quadrant

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_kraljic", "plot_portfolio"]


# -------------------------------------------------------------------------- portfolio


def quadrant_name(quadrant: object) -> str:
    """A quadrant of the McDonald matrix ("Strategic", ...) in the learner's language.

    The quadrant ids of :data:`kamtools.QUADRANT_STRATEGIES` stay the keys of every table;
    only what is shown is translated. An unknown name is returned as it is.
    """
    names = {
        "Strategic": t("portfolio_matrix.strategic"),
        "Star": t("portfolio_matrix.star"),
        "Status": t("portfolio_matrix.status"),
        "Streamline": t("portfolio_matrix.streamline"),
    }
    return names.get(str(quadrant), str(quadrant))


def quadrant_strategy(quadrant: object, strategy: str = "") -> str:
    """The strategy of a McDonald quadrant in the learner's language (else ``strategy``)."""
    strategies = {
        "Strategic": t("portfolio_matrix.strategy_strategic"),
        "Star": t("portfolio_matrix.strategy_star"),
        "Status": t("portfolio_matrix.strategy_status"),
        "Streamline": t("portfolio_matrix.strategy_streamline"),
    }
    return strategies.get(str(quadrant), strategy)


def kraljic_name(item_type: object) -> str:
    """A Kraljic item type ("Leverage", ...) in the learner's language."""
    names = {
        "Strategic": t("kraljic_matrix.strategic"),
        "Leverage": t("kraljic_matrix.leverage"),
        "Bottleneck": t("kraljic_matrix.bottleneck"),
        "Non-critical": t("kraljic_matrix.non_critical"),
    }
    return names.get(str(item_type), str(item_type))


def kraljic_strategy(item_type: object, strategy: str = "") -> str:
    """The buyer's strategy for a Kraljic item type in the learner's language."""
    strategies = {
        "Strategic": t("kraljic_matrix.strategy_strategic"),
        "Leverage": t("kraljic_matrix.strategy_leverage"),
        "Bottleneck": t("kraljic_matrix.strategy_bottleneck"),
        "Non-critical": t("kraljic_matrix.strategy_non_critical"),
    }
    return strategies.get(str(item_type), strategy)


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
                label=quadrant_name(name),
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
            f"{quadrant_name(name)}\n{quadrant_strategy(name, strategy).split(':')[0]}",
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
        title = (
            t("portfolio_matrix.title")
            if size_name is None
            else t("portfolio_matrix.title_size", size=size_name)
        )
    _style(
        ax,
        title=title,
        xlabel=t("portfolio_matrix.x"),
        ylabel=t("portfolio_matrix.y"),
    )
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
                label=kraljic_name(name),
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
            f"{kraljic_name(name)}\n{kraljic_strategy(name, KRALJIC_STRATEGIES[name]).split(':')[0]}",
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
        title=t("kraljic_matrix.title") if title is None else title,
        xlabel=t("kraljic_matrix.x"),
        ylabel=t("kraljic_matrix.y"),
    )
    return ax
