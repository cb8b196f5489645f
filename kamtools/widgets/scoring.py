"""Account scoring: weight the selection criteria and watch the portfolio matrix move.

A thin view over :mod:`kamtools.analysis.portfolio` (:func:`~kamtools.weighted_score`,
:func:`~kamtools.portfolio_quadrant`, :func:`~kamtools.rank_accounts`,
:func:`~kamtools.quadrant_changes`) and :func:`kamtools.plot_portfolio`: every number
shown comes from one of them; this module only wires the sliders and renders the results.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import i18n
from .._labels import place_labels
from .._validate import apply_negative_policy, as_values, check_columns
from ..analysis.matrix_plots import plot_portfolio, quadrant_name, quadrant_strategy
from ..analysis.plots import PALETTE
from ..analysis.portfolio import (
    QUADRANT_STRATEGIES,
    portfolio_quadrant,
    quadrant_changes,
    rank_accounts,
    weighted_score,
)
from ..analysis.transactions import customer_totals
from ..data.datasets import load_dataset
from ..errors import DataError, KamtoolsError, ParameterError, WrongTypeError
from ..messages import count, t, tn
from ._teaching import (
    FIGURE_FONT_PT,
    LARGE_PX,
    ChartView,
    FigurePanel,
    block,
    button,
    captured,
    control_style,
    esc,
    frame_html,
    number,
    root_box,
    side_by_side,
    status_block,
    title_html,
)

__all__ = ["AccountScoring"]

#: The five 0-10 selection criteria of ``vistula_customers``.
VISTULA_CRITERIA = (
    "volume_potential",
    "growth_potential",
    "margin_potential",
    "strategic_fit",
    "ease_of_doing_business",
)

#: Weight every slider starts at unless ``weights`` says otherwise (the middle of 0-10,
#: so that a criterion can be made both more and less important).
DEFAULT_WEIGHT = 5.0
WEIGHT_RANGE = (0.0, 10.0)

#: Most rows the ranked table can show, and changes listed by name.
MAX_TOP = 50
DEFAULT_TOP = 10
MAX_LISTED = 25


def _column_names() -> dict[str, str]:
    """Headers of the ranked table, by column of :func:`kamtools.rank_accounts` & co."""
    return {
        "rank": t("account_scoring.column_rank"),
        "customer": t("account_scoring.column_customer"),
        "name": t("account_scoring.column_name"),
        "score": t("account_scoring.column_score"),
        "strength": t("account_scoring.column_strength"),
        "quadrant": t("account_scoring.column_quadrant"),
    }


def _pretty(criterion: Hashable) -> str:
    """A criterion as the learner reads it: the Vistula criteria in the course's language,
    any other column name with its underscores as spaces."""
    known = {
        "volume_potential": t("account_scoring.criterion_volume_potential"),
        "growth_potential": t("account_scoring.criterion_growth_potential"),
        "margin_potential": t("account_scoring.criterion_margin_potential"),
        "strategic_fit": t("account_scoring.criterion_strategic_fit"),
        "ease_of_doing_business": t("account_scoring.criterion_ease_of_doing_business"),
    }
    return known.get(str(criterion), str(criterion).replace("_", " "))


def _weight(value: float) -> str:
    """A weight as the baseline note shows it: ``7.5`` (Polish ``7,5``)."""
    text = f"{value:g}"
    return text if i18n.get_language() == "en" else text.replace(".", ",")


def _column_list(value: Any, name: str) -> list[Hashable]:
    """A non-empty list of distinct column names."""
    if isinstance(value, pd.Index):
        value = list(value)
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
        raise WrongTypeError(
            f"`{name}` must be a non-empty list of column names, e.g. "
            f"['volume_potential', 'growth_potential'], but {value!r} was passed."
        )
    columns = list(value)
    repeated = [c for c in columns if columns.count(c) > 1]
    if repeated:
        raise ParameterError(f"`{name}` names {repeated[0]!r} twice, but {value!r} was passed.")
    return columns


def _vistula_size(accounts: pd.Index) -> tuple[pd.Series, str, list[str]]:
    """Net revenue of the last year in vistula_transactions per account (0 if none).

    Accounts without a purchase that year get 0 (the smallest bubble) and a note; a
    second note counts those of them that bought in an earlier year (lost or pausing
    customers, whom a learner should not mistake for small ones).
    """
    lines = load_dataset("vistula_transactions")
    years = lines["date"].dt.year
    year = int(years.max())
    totals = customer_totals(lines[years == year], customer="customer_id", amount="amount")
    label = t("account_scoring.size_label", year=year)
    notes = [t("account_scoring.size_vistula", year=year)]
    missing = accounts.difference(totals.index)
    if len(missing):
        notes.append(t("account_scoring.size_none", count=count(len(missing)), year=year))
        # Customers who bought before and not in the last year: lost, or pausing.
        earlier = missing.intersection(lines.loc[years < year, "customer_id"].unique())
        if len(earlier):
            notes.append(t("account_scoring.size_lapsed", count=count(len(earlier)), year=year))
    extra = totals.index.difference(accounts)
    if len(extra):
        notes.append(t("account_scoring.size_extra", count=count(len(extra)), size=label))
    return totals.reindex(accounts, fill_value=0.0).rename(label), label, notes


class AccountScoring(ChartView):
    """Weight the criteria of account attractiveness and see the portfolio matrix respond.

    Parameters
    ----------
    data : DataFrame, optional
        One row per account with the criteria scored on a common scale. None
        (default) loads ``vistula_customers`` (its five 0-10 criteria, relative
        strength, company names and last year's revenue from ``vistula_transactions``).
    criteria : list of column names, optional
        The attractiveness criteria, one weight slider each. Default: the five Vistula
        criteria (``volume_potential``, ``growth_potential``, ``margin_potential``,
        ``strategic_fit``, ``ease_of_doing_business``) when `data` has them.
    strength : column name or list of column names, default "relative_strength"
        Our relative strength in each account: one column, or a list of strength
        criteria that get weight sliders of their own and are combined with
        :func:`kamtools.weighted_score`.
    size : column name, Series or dict, optional
        Bubble area per account (>= 0), e.g. revenue. Default: for the Vistula data the
        net revenue of the last year in the transactions; otherwise all points equal.
    customer : column name, optional
        Column with the account id; by default the index of `data` (for Vistula,
        ``customer_id``).
    label : column name, optional
        Column with the account's name for the tables; default ``"company_name"``
        when present.
    weights : mapping of criterion to float, optional
        Starting weights (0-10); criteria not named start at 5.
    top : int, optional
        Rows of the ranked table at the start, 1 to 50 and at most the number of
        accounts; default 10 (or every account when there are fewer).
    cut, scale
        As in :func:`kamtools.portfolio_quadrant`: where low turns high (default the
        middle of `scale`) and the common scale of the scores (default (0, 10)).

    Attributes
    ----------
    weights : dict
        Current weight of each attractiveness criterion (from the sliders).
    strength_weights : dict
        Current weight of each strength criterion (empty when strength is a column).
    scores : Series
        Attractiveness per account, :func:`kamtools.weighted_score` of the weights.
    strength : Series
        Relative strength per account.
    quadrants : DataFrame
        :func:`kamtools.portfolio_quadrant` of scores and strength.
    ranked : DataFrame
        The ranked table shown: :func:`kamtools.rank_accounts` of the scores (top N,
        ties by id) with ``name``, ``strength``, ``quadrant`` and the bubble size.
    baseline, baseline_weights : DataFrame, dict
        The quadrants and weights saved by "Set as baseline" (at first, the start).
    changed : DataFrame
        :func:`kamtools.quadrant_changes` from the baseline to now.
    size : Series or None
        The bubble size per account.
    notes : list of str
        Notes shown about the bubble sizes.
    error : str
        The message shown when the last weights could not be used ("" otherwise).
    figure : matplotlib.figure.Figure
        The figure drawn on.
    root : ipywidgets.VBox
        The box displayed. Controls: ``weight_sliders`` and ``strength_sliders``
        (dicts of FloatSlider by criterion), ``top_slider``, ``baseline_button``.

    Raises
    ------
    WrongTypeError
        If `data` is not a DataFrame, `criteria` or `strength` is not a column name
        list, or a weight is not a number.
    ParameterError
        If `criteria` is missing for data without the Vistula criteria, a weight is
        outside 0-10 or names no criterion, `top` is outside 1-50, or the weights, `cut`
        or `scale` are refused by the portfolio functions.
    DataError, EmptyDataError
        As :func:`kamtools.weighted_score` and :func:`kamtools.portfolio_quadrant` raise
        them (missing column, score off the scale, unscored account, no accounts, ...);
        also when `size` does not give one number for each account.

    Notes
    -----
    Moving a slider recomputes the scores, quadrants, ranking and changes with the
    portfolio functions and redraws the matrix (on release of the slider). Weights
    that cannot be used (all zero) show the error in the widget and leave the last
    valid results in place. Accounts that changed quadrant since the baseline are
    listed ("old -> new") and ringed in black on the chart; the ranked table's accounts
    are labelled with their id. Negative bubble sizes (net returns) are drawn as 0 and
    counted in a note.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.widgets.scoring import AccountScoring
    >>> accounts = pd.DataFrame(
    ...     {"size": [8, 2, 6], "growth": [2, 8, 4], "strength": [7, 6, 2]},
    ...     index=["Acme", "Bolt", "Core"],
    ... )
    >>> scoring = AccountScoring(accounts, criteria=["size", "growth"], strength="strength")
    >>> scoring.scores.tolist()  # equal weights: the mean of size and growth
    [5.0, 5.0, 5.0]
    >>> scoring.weight_sliders["growth"].value = 10  # growth now counts twice as much
    >>> scoring.scores.round(2).tolist()  # (5 * 8 + 10 * 2) / 15, ...
    [4.0, 6.0, 4.67]
    >>> scoring.changed[["old_quadrant", "new_quadrant"]]
         old_quadrant new_quadrant
    Acme    Strategic       Status
    Core         Star   Streamline
    >>> scoring.close()
    """

    def __init__(
        self,
        data: pd.DataFrame | None = None,
        *,
        criteria: Sequence[Hashable] | None = None,
        strength: Hashable | Sequence[Hashable] = "relative_strength",
        size: Any = None,
        customer: Hashable | None = None,
        label: Hashable | None = None,
        weights: Mapping[Any, float] | None = None,
        top: int | None = None,
        cut: float | tuple[float, float] | None = None,
        scale: tuple[float, float] = (0, 10),
    ) -> None:
        vistula = data is None
        if vistula:
            data = load_dataset("vistula_customers")
            customer = "customer_id" if customer is None else customer
        if not isinstance(data, pd.DataFrame):
            raise WrongTypeError(
                "`data` must be a pandas DataFrame with one row per account, or None for "
                f"the Vistula customers, but {type(data).__name__} was passed."
            )
        if customer is not None:
            check_columns(data, {"customer": customer})
            data = data.set_index(customer)
        if criteria is None:
            if not all(c in data.columns for c in VISTULA_CRITERIA):
                raise ParameterError(
                    "`criteria` is required for data without the Vistula criteria: list the "
                    "attractiveness columns, e.g. criteria=['volume_potential', "
                    "'growth_potential'], but criteria=None was passed."
                )
            criteria = VISTULA_CRITERIA
        self._criteria = _column_list(criteria, "criteria")
        check_columns(data, {f"criteria[{i}]": c for i, c in enumerate(self._criteria)})
        if isinstance(strength, (pd.Series, pd.DataFrame, np.ndarray, Mapping, set)):
            raise WrongTypeError(
                "`strength` must be a column name or a list of column names of `data`, but "
                f"{type(strength).__name__} was passed; add the values as a column first."
            )
        if not isinstance(strength, (list, tuple, pd.Index)):
            check_columns(data, {"strength": strength})
            self._strength_criteria: list[Hashable] = []
            self._strength_column: Hashable | None = strength
        else:
            self._strength_criteria = _column_list(strength, "strength")
            check_columns(
                data, {f"strength[{i}]": c for i, c in enumerate(self._strength_criteria)}
            )
            self._strength_column = None
        if label is None and "company_name" in data.columns:
            label = "company_name"
        if label is not None:
            check_columns(data, {"label": label})
        self._labels = None if label is None else data[label]
        self._frame = data
        self._cut = cut
        self._scale = scale

        self.notes: list[str] = []
        self._size_label: str | None
        if size is None and vistula:
            size, self._size_label, self.notes = _vistula_size(data.index)
        elif size is None:
            self._size_label = None
        elif isinstance(size, (pd.Series, Mapping, list, tuple, np.ndarray)):
            self._size_label = str(getattr(size, "name", None) or "size")
        else:  # a column of `data`
            check_columns(data, {"size": size})
            self._size_label = str(size)
            size = data[size]
        self.size = self._bubble_size(size)

        start = self._check_weights(weights)
        max_top = min(MAX_TOP, len(data)) if len(data) else 1
        if top is None:
            top = min(DEFAULT_TOP, max_top)
        if isinstance(top, bool) or not isinstance(top, Integral):
            raise WrongTypeError(f"`top` must be a whole number, but {top!r} was passed.")
        if not 1 <= top <= max_top:
            raise ParameterError(
                f"`top` must be between 1 and {max_top} (rows of the ranked table), but "
                f"{top!r} was passed."
            )

        self.error: str = ""
        self._build(start, int(top), max_top)
        self._compute()  # raises for unusable data or weights: nothing to show yet
        self.baseline: pd.DataFrame = self.quadrants.copy()
        self.baseline_weights: dict[Hashable, float] = dict(self._valid_weights)
        self.changed: pd.DataFrame = quadrant_changes(self.baseline, self.quadrants)
        self._render()

    # -- input checks --------------------------------------------------------------------
    def _bubble_size(self, size: Any) -> pd.Series | None:
        if size is None:
            return None
        values = as_values(size, name="size")
        accounts = self._frame.index
        if not isinstance(size, (pd.Series, Mapping)):  # a list or array: by position
            if len(values) != len(accounts):
                raise DataError(
                    f"`size` must have one value per account ({len(accounts)}), but "
                    f"{len(values)} values were passed."
                )
            values = values.set_axis(accounts)
        else:
            only_size = values.index.difference(accounts)
            only_data = accounts.difference(values.index)
            if len(only_size) or len(only_data):
                raise DataError(
                    "`size` must cover the same accounts as `data`, but "
                    f"{len(only_size) + len(only_data)} differ (only in `size`: "
                    f"{list(only_size[:5])!r}; only in `data`: {list(only_data[:5])!r})."
                )
            values = values.reindex(accounts)
        negative = int((values.to_numpy() < 0).sum())
        if negative:
            self.notes.append(
                t("account_scoring.size_negative", count=count(negative), size=self._size_label)
            )
        return apply_negative_policy(values, "zero", name="size")

    def _check_weights(self, weights: Mapping[Any, float] | None) -> dict[Hashable, float]:
        names = self._criteria + self._strength_criteria
        start = dict.fromkeys(names, DEFAULT_WEIGHT)
        if weights is None:
            return start
        if not isinstance(weights, Mapping):
            raise WrongTypeError(
                f"`weights` must map criteria to weights, e.g. {{{names[0]!r}: 8}}, but "
                f"{weights!r} was passed."
            )
        low, high = WEIGHT_RANGE
        for name, weight in weights.items():
            if name not in start:
                raise ParameterError(
                    f"`weights` names {name!r}, which is not one of the criteria {names!r}."
                )
            if isinstance(weight, bool) or not isinstance(weight, Real):
                raise WrongTypeError(
                    f"`weights[{name!r}]` must be a number, but {weight!r} was passed."
                )
            if not low <= float(weight) <= high:
                raise ParameterError(
                    f"`weights[{name!r}]` must be between {low:g} and {high:g} (the slider's "
                    f"range), but {weight!r} was passed."
                )
            start[name] = float(weight)
        return start

    # -- widgets -------------------------------------------------------------------------
    def _slider(self, criterion: Hashable, value: float) -> widgets.FloatSlider:
        slider = widgets.FloatSlider(
            value=value,
            min=WEIGHT_RANGE[0],
            max=WEIGHT_RANGE[1],
            step=0.5,
            description=_pretty(criterion),
            readout_format=".1f",
            continuous_update=False,
            style={"description_width": "13em"},
            layout=widgets.Layout(width="32em"),
        )
        slider.observe(captured(self.log, self._on_weight), names="value")
        return slider

    def _build(self, start: dict[Hashable, float], top: int, max_top: int) -> None:
        self.log = widgets.Output()
        self.weight_sliders = {c: self._slider(c, start[c]) for c in self._criteria}
        self.strength_sliders = {c: self._slider(c, start[c]) for c in self._strength_criteria}
        self.top_slider = widgets.IntSlider(
            value=top,
            min=1,
            max=max_top,
            description=t("account_scoring.top"),
            continuous_update=False,
            style=control_style(),
            layout=widgets.Layout(width="32em"),
        )
        self.top_slider.observe(captured(self.log, self._on_top), names="value")
        self.baseline_button = button(
            t("account_scoring.baseline"),
            icon="bookmark",
            tooltip=t("account_scoring.baseline_tip"),
        )
        self.baseline_button.on_click(captured(self.log, self._on_baseline))
        self._panel = FigurePanel()
        self.figure_output = self._panel.out
        self.quadrants_html = widgets.HTML()
        self.baseline_html = widgets.HTML()
        self.ranked_html = widgets.HTML()
        self.changed_html = widgets.HTML()
        self.notes_html = widgets.HTML()
        self.status_html = widgets.HTML()

        controls: list[widgets.Widget] = [
            widgets.HTML(block("", heading=t("account_scoring.attractiveness"), size=LARGE_PX)),
            *self.weight_sliders.values(),
        ]
        if self.strength_sliders:
            controls += [
                widgets.HTML(block("", heading=t("account_scoring.strength"), size=LARGE_PX)),
                *self.strength_sliders.values(),
            ]
        else:
            column = t("account_scoring.strength_column", column=repr(self._strength_column))
            controls.append(widgets.HTML(block(esc(column), size=LARGE_PX)))
        controls += [self.top_slider, self.baseline_button, self.baseline_html]
        self.root = root_box(
            [
                widgets.HTML(title_html(t("account_scoring.title"))),
                side_by_side(widgets.VBox(controls), self.quadrants_html),
                self.status_html,
                self.figure_output,
                side_by_side(self.ranked_html, self.changed_html),
                self.notes_html,
                self.log,
            ]
        )

    # -- state ---------------------------------------------------------------------------
    @property
    def weights(self) -> dict[Hashable, float]:
        return {c: float(s.value) for c, s in self.weight_sliders.items()}

    @property
    def strength_weights(self) -> dict[Hashable, float]:
        return {c: float(s.value) for c, s in self.strength_sliders.items()}

    def _all_weights(self) -> dict[Hashable, float]:
        return {**self.weights, **self.strength_weights}

    # -- callbacks -----------------------------------------------------------------------
    def _on_weight(self, change: dict[str, Any]) -> None:
        try:
            self._compute()
        except KamtoolsError as exc:
            self.error = str(exc)
            self._show_status()
            return
        self.changed = quadrant_changes(self.baseline, self.quadrants)
        self._render()

    def _on_top(self, change: dict[str, Any]) -> None:
        self.ranked = self._ranked_table(self.scores)
        self.ranked_html.value = self._ranked_html()
        self._draw()

    def _on_baseline(self, _button: widgets.Button | None = None) -> None:
        # The results shown (the last valid weights), even while an error is displayed.
        self.baseline = self.quadrants.copy()
        self.baseline_weights = dict(self._valid_weights)
        self.changed = quadrant_changes(self.baseline, self.quadrants)
        self._render()

    # -- computing and showing -----------------------------------------------------------
    def _compute(self) -> None:
        """Scores, quadrants and ranking for the current weights (all or nothing)."""
        scores = weighted_score(self._frame, self.weights, scale=self._scale)
        if self._strength_column is None:
            strength = weighted_score(self._frame, self.strength_weights, scale=self._scale)
        else:
            strength = self._frame[self._strength_column]
        strength = strength.rename("strength")
        quadrants = portfolio_quadrant(scores, strength, cut=self._cut, scale=self._scale)
        self.scores, self.strength, self.quadrants = scores, strength, quadrants
        self._valid_weights = self._all_weights()
        self.ranked = self._ranked_table(scores)
        self.error = ""

    def _ranked_table(self, scores: pd.Series) -> pd.DataFrame:
        ranked = rank_accounts(scores, top=int(self.top_slider.value))
        ids = pd.Index(ranked["customer"])
        if self._labels is not None:
            ranked.insert(2, "name", self._labels.reindex(ids).to_numpy())
        ranked["strength"] = self.strength.reindex(ids).to_numpy()
        ranked["quadrant"] = self.quadrants["quadrant"].reindex(ids).to_numpy()
        if self.size is not None:
            ranked[self._size_label] = self.size.reindex(ids).to_numpy()
        return ranked

    def _show_status(self) -> None:
        self.status_html.value = (
            status_block(t("account_scoring.error_kept", message=self.error), "error")
            if self.error
            else ""
        )

    def _render(self) -> None:
        self._show_status()
        self.quadrants_html.value = self._quadrants_html()
        weights = ", ".join(f"{_pretty(c)} {_weight(w)}" for c, w in self.baseline_weights.items())
        self.baseline_html.value = block(
            esc(t("account_scoring.baseline_note", weights=weights)), size=LARGE_PX
        )
        self.ranked_html.value = self._ranked_html()
        self.changed_html.value = self._changed_html()
        items = "".join(f"<li>{esc(n)}</li>" for n in self.notes)
        self.notes_html.value = block(f"<ul>{items}</ul>", size=LARGE_PX) if self.notes else ""
        self._draw()

    def _quadrants_html(self) -> str:
        counts = self.quadrants["quadrant"].value_counts()
        rows = "".join(
            "<li>"
            + tn(
                "account_scoring.quadrant_row",
                int(counts.get(name, 0)),
                name=esc(quadrant_name(name)),
                strategy=esc(quadrant_strategy(name, strategy)),
            )
            + "</li>"
            for name, strategy in QUADRANT_STRATEGIES.items()
        )
        return block(
            f'<ul style="max-width:34em">{rows}</ul>',
            heading=t("account_scoring.quadrants"),
            size=LARGE_PX,
        )

    def _ranked_html(self) -> str:
        names = _column_names()
        shown = self.ranked.rename(columns=names)
        for column in (names["score"], names["strength"]):
            shown[column] = shown[column].map(lambda x: number(x, 2))
        shown[names["quadrant"]] = shown[names["quadrant"]].map(quadrant_name)
        if self._size_label is not None:
            shown[self._size_label] = shown[self._size_label].map(number)
        heading = t("account_scoring.ranked", top=len(shown))
        return block(frame_html(shown, index=False), heading=heading, size=LARGE_PX)

    def _account(self, account: Hashable) -> str:
        if self._labels is None:
            return esc(account)
        return f"{esc(account)} {esc(self._labels.get(account, ''))}"

    def _changed_html(self) -> str:
        changed = self.changed
        heading = t("account_scoring.changed")
        if changed.empty:
            return block(esc(t("account_scoring.changed_none")), heading=heading, size=LARGE_PX)
        rows = [
            "<li>"
            + t(
                "account_scoring.changed_row",
                account=self._account(account),
                old=esc(quadrant_name(row.old_quadrant)),
                new=esc(quadrant_name(row.new_quadrant)),
                strategy=esc(quadrant_strategy(row.new_quadrant, str(row.strategy)).split(":")[0]),
            )
            + "</li>"
            for account, row in zip(
                changed.index[:MAX_LISTED], changed.head(MAX_LISTED).itertuples(), strict=True
            )
        ]
        if len(changed) > MAX_LISTED:
            more = t("account_scoring.more", count=count(len(changed) - MAX_LISTED))
            rows.append(f"<li>{esc(more)}</li>")
        changed_count = esc(tn("account_scoring.changed_count", len(changed)))
        body = f"<p>{changed_count}</p><ul>{''.join(rows)}</ul>"
        return block(body, heading=heading, size=LARGE_PX)

    def _draw(self) -> None:
        ax = self._panel.new_axes()
        quadrants = self.quadrants
        title = (
            t("account_scoring.chart_title", size=self._size_label)
            if self._size_label
            else t("account_scoring.chart_title_plain")
        )
        plot_portfolio(
            quadrants["attractiveness"],
            quadrants["strength"],
            size=self.size,
            ax=ax,
            cut=self._cut,
            scale=self._scale,
            title=title,
        )
        if not self.changed.empty:
            moved = quadrants.loc[self.changed.index]
            ax.scatter(
                moved["strength"],
                moved["attractiveness"],
                s=200,
                facecolors="none",
                edgecolors=PALETTE["black"],
                linewidths=2.0,
                label=t("account_scoring.ring"),
                zorder=5,
            )
            ax.legend(
                handles=[ax.collections[-1]],
                loc="upper center",
                bbox_to_anchor=(0.5, -0.13),
                fontsize=FIGURE_FONT_PT - 1,
                frameon=False,
            )
        ranked = quadrants.loc[self.ranked["customer"]]  # label the ranked table's accounts
        place_labels(
            ax,
            [str(a) for a in ranked.index],
            ranked["strength"],
            ranked["attractiveness"],
            fontsize=FIGURE_FONT_PT - 1,
            zorder=6,
        )
        self._panel.render()
