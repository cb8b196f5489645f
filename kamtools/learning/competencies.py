"""KAM competency self-assessment: the competency list, gaps to a target profile, export.

The competencies and personal traits of a key account manager named in the course's
source article, grouped into areas commonly found in KAM competency frameworks (see the
``sources`` note in ``kamtools/content/competencies.yml``). Each item is a statement the
learner rates from 1 ("Not yet") to 5 ("Role model"), with a target level for a new and
for a senior KAM and two or three concrete development actions.

Ratings are a mapping ``{item id: whole number 1-5}``, e.g. ``{"listening": 2}``. Items
left out (or rated None) are *not rated*: they stay in every table with a missing (NaN)
rating and gap, are left out of averages, and never appear among the top gaps.

Gap = target level - rating. A positive gap is room to grow; a negative gap means the
learner rated themselves above the target.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

import numpy as np
import pandas as pd

from .._content import CONTENT_DIR, FieldCheck, display_name, load_yaml, write_text_file
from .._docs import shared_docs
from .._numbers import number as _number
from .._typing import frame_rows
from ..errors import ParameterError, WrongTypeError
from ..i18n import get_language
from ..messages import t
from .methods import expand_methods

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.projections.polar import PolarAxes

__all__ = [
    "COMPETENCY_TARGETS",
    "competency_area_scores",
    "assessment_markdown",
    "competency_areas",
    "competency_items",
    "export_assessment",
    "competency_gaps",
    "plot_competency_radar",
    "rating_scale",
    "top_competency_gaps",
]

#: The target profiles a learner can compare themselves with.
#: The level a rating is compared with: a new key account manager or a senior one.
CompetencyTarget = Literal["new", "senior"]
COMPETENCY_TARGETS: tuple[CompetencyTarget, ...] = get_args(CompetencyTarget)

RATING_MIN, RATING_MAX = 1, 5

COMPETENCIES_FILE: Path = CONTENT_DIR / "competencies.yml"

_EXPORT_SUFFIXES = (".md", ".csv")


# ---------------------------------------------------------------------------------------
# Loading and validating competencies.yml
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Model:
    sources: str
    scale: dict[int, str]
    target_labels: dict[CompetencyTarget, str]
    areas: pd.DataFrame  # index: area id (file order); name, description
    items: pd.DataFrame  # index: item id (file order); see competency_items()


def _parse(data: Any, label: str) -> _Model:
    check = FieldCheck(label)
    data = check.mapping(data, "", required=("sources", "scale", "targets", "areas", "items"))
    scale_raw = check.mapping(data["scale"], "scale")
    levels = list(range(RATING_MIN, RATING_MAX + 1))
    if sorted(scale_raw, key=str) != sorted(levels, key=str):
        raise check.fail(
            "scale",
            f"must describe exactly the levels {levels}, but it has {list(scale_raw)}.",
        )
    scale = {level: check.text(scale_raw, level, "scale") for level in levels}
    targets_raw = check.mapping(data["targets"], "targets", required=COMPETENCY_TARGETS)
    target_labels = {t: check.text(targets_raw, t, "targets") for t in COMPETENCY_TARGETS}

    area_rows: list[dict[str, str]] = []
    for i, raw in enumerate(check.sequence(data["areas"], "areas")):
        where = f"areas[{i}]"
        raw = check.mapping(raw, where, required=("id", "name", "description"))
        area_id = check.identifier(raw["id"], f"{where}.id")
        if any(r["id"] == area_id for r in area_rows):
            raise check.fail(f"{where}.id", f"repeats the area id {area_id!r}.")
        area_rows.append(
            {
                "id": area_id,
                "name": check.text(raw, "name", where),
                "description": check.text(raw, "description", where),
            }
        )
    areas = pd.DataFrame(area_rows).set_index("id")
    area_names = areas["name"].to_dict()

    item_rows = []
    seen: set[str] = set()
    for i, raw in enumerate(check.sequence(data["items"], "items")):
        where = f"items[{i}]"
        raw = check.mapping(
            raw,
            where,
            required=("id", "area", "kind", "source", "statement", "target", "actions"),
        )
        item_id = check.identifier(raw["id"], f"{where}.id")
        if item_id in seen:
            raise check.fail(f"{where}.id", f"repeats the item id {item_id!r}.")
        seen.add(item_id)
        area = check.choice(raw, "area", where, area_names)
        target = check.mapping(raw["target"], f"{where}.target", required=COMPETENCY_TARGETS)
        new = check.integer(target, "new", f"{where}.target", low=RATING_MIN, high=RATING_MAX)
        senior = check.integer(target, "senior", f"{where}.target", low=RATING_MIN, high=RATING_MAX)
        if senior < new:
            raise check.fail(
                f"{where}.target.senior",
                f"must be at least the target for a new KAM ({new}), but {senior!r} was found.",
            )
        item_rows.append(
            {
                "id": item_id,
                "area": area,
                "area_name": area_names[area],
                "kind": check.choice(raw, "kind", where, ("competency", "trait")),
                "source": check.choice(raw, "source", where, ("article", "framework")),
                "statement": check.text(raw, "statement", where),
                "target_new": new,
                "target_senior": senior,
                "actions": tuple(
                    expand_methods(action, f"{label}: {where}.actions[{k}]")
                    for k, action in enumerate(
                        check.text_list(raw, "actions", where, min_len=2, max_len=3)
                    )
                ),
            }
        )
    items = pd.DataFrame(item_rows).set_index("id")
    empty = [a for a in areas.index if a not in set(items["area"])]
    if empty:
        raise check.fail(f"areas.{empty[0]}", "has no items; every area needs at least one.")
    return _Model(
        sources=check.text(data, "sources", ""),
        scale=scale,
        target_labels=target_labels,
        areas=areas,
        items=items,
    )


@functools.cache
def _model(language: str) -> _Model:
    return _parse(load_yaml(COMPETENCIES_FILE, language=language), display_name(COMPETENCIES_FILE))


def competency_areas() -> pd.DataFrame:
    """Return the competency areas in course order.

    Returns
    -------
    DataFrame
        Indexed by area id, with columns ``name`` and ``description``.

    Raises
    ------
    DataError
        If ``competencies.yml`` is missing or malformed.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.competency_areas()["name"].iloc[0]
    'Strategic thinking'
    """
    return _model(get_language()).areas.copy()


def competency_items() -> pd.DataFrame:
    """Return every competency and trait to rate, grouped by area in course order.

    Returns
    -------
    DataFrame
        Indexed by item id, with columns ``area`` (id), ``area_name``, ``kind``
        ("competency" or "trait"), ``source`` ("article" for the course's source article,
        "framework" for items added from KAM competency frameworks), ``statement`` (the
        sentence to rate), ``target_new``, ``target_senior`` (levels 1-5) and ``actions``
        (a tuple of two or three development actions).

    Raises
    ------
    DataError
        If ``competencies.yml`` is missing or malformed.

    Examples
    --------
    >>> import kamtools as kt
    >>> items = kt.competency_items()
    >>> items.loc["listening", "area"], int(items.loc["listening", "target_senior"])
    ('communication', 5)
    """
    return _model(get_language()).items.copy()


def rating_scale() -> dict[int, str]:
    """Return the 1-5 rating scale: level -> anchor text.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.rating_scale()[3]
    'Capable: I do this on my own in everyday situations.'
    """
    return dict(_model(get_language()).scale)


# ---------------------------------------------------------------------------------------
# Validation of ratings and options
# ---------------------------------------------------------------------------------------
def _check_target(target: Any) -> CompetencyTarget:
    if target not in COMPETENCY_TARGETS:
        raise ParameterError(
            f"`target` must be one of {COMPETENCY_TARGETS}, but {target!r} was passed."
        )
    return target


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _check_rating(item: str, value: Any) -> float:
    if _is_missing(value):
        return math.nan
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise WrongTypeError(
            f"The rating of {item!r} must be a whole number from {RATING_MIN} to "
            f"{RATING_MAX}, but {value!r} was passed."
        )
    number = float(value)
    if not isinstance(value, Integral) and not number.is_integer():
        raise ParameterError(
            f"The rating of {item!r} must be a whole number from {RATING_MIN} to "
            f"{RATING_MAX}, but {value!r} was passed."
        )
    if not RATING_MIN <= number <= RATING_MAX:
        raise ParameterError(
            f"The rating of {item!r} must be from {RATING_MIN} (not yet) to {RATING_MAX} "
            f"(role model), but {value!r} was passed."
        )
    return number


def _ratings(ratings: Any) -> pd.Series:
    """Validate ``ratings`` and return one float per item (NaN = not rated), in item order."""
    items = _model(get_language()).items
    if isinstance(ratings, pd.Series):
        ratings = ratings.to_dict()
    if not isinstance(ratings, Mapping):
        raise WrongTypeError(
            "`ratings` must map item ids to ratings, e.g. {'listening': 3}, but "
            f"{type(ratings).__name__} {ratings!r} was passed."
        )
    unknown = [key for key in ratings if key not in items.index]
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(str(key), list(items.index), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ParameterError(
            f"`ratings` has {key!r}, which is not a competency item; see "
            f"kt.competency_items() for the ids.{hint}"
        )
    # A handful of values: each is checked so the error can name the item.
    checked = {key: _check_rating(key, value) for key, value in ratings.items()}
    return pd.Series(checked, dtype=float).reindex(items.index)


def _check_n(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise WrongTypeError(f"`n` must be a whole number, but {n!r} was passed.")
    if n < 1:
        raise ParameterError(f"`n` must be at least 1, but {n!r} was passed.")
    return int(n)


# ---------------------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------------------
_RATINGS_DOC = """ratings : dict or Series
    Item id -> whole number from 1 to 5, e.g. ``{"listening": 3}``. Items left out,
    or rated None, are not rated (NaN)."""
_TARGET_DOC = """target : {"new", "senior"}, default "new"
    The profile to compare with: a new KAM (first year) or a senior KAM."""
_RAISES_DOC = """WrongTypeError
    If ``ratings`` is not a mapping, or a rating is not a number.
ParameterError
    If an item id is unknown, a rating is not a whole number from 1 to 5, or
    ``target`` is not "new" or "senior"."""


_doc = shared_docs({"ratings": _RATINGS_DOC, "target": _TARGET_DOC, "raises": _RAISES_DOC})


@_doc
def competency_gaps(
    ratings: Mapping[str, int] | pd.Series, *, target: CompetencyTarget = "new"
) -> pd.DataFrame:
    """Compare self-ratings with a target profile, largest gap first.

    Parameters
    ----------
    {ratings}
    {target}

    Returns
    -------
    DataFrame
        One row per item (all items, rated or not), indexed by item id, with columns
        ``area``, ``area_name``, ``kind``, ``statement``, ``rating`` (float, NaN if not
        rated), ``target`` (int), ``gap`` (target - rating) and ``actions`` (tuple).

    Raises
    ------
    {raises}

    Notes
    -----
    Sorted by gap, largest first; ties by area (in course order), then by item id.
    Items not rated come last, in the same tie order. A negative gap means the rating is
    above the target.

    Examples
    --------
    >>> import kamtools as kt
    >>> table = kt.competency_gaps({"listening": 2, "erudition": 1, "negotiation": 5})
    >>> table[["rating", "target", "gap"]].head(3)
                 rating  target  gap
    item
    listening       2.0       4  2.0
    erudition       1.0       2  1.0
    negotiation     5.0       3 -2.0
    """
    target = _check_target(target)
    rated = _ratings(ratings)
    model = _model(get_language())
    items = model.items
    table = pd.DataFrame(
        {
            "area": items["area"],
            "area_name": items["area_name"],
            "kind": items["kind"],
            "statement": items["statement"],
            "rating": rated,
            "target": items[f"target_{target}"].astype(int),
            "actions": items["actions"],
        }
    )
    table["gap"] = table["target"] - table["rating"]
    table = table[["area", "area_name", "kind", "statement", "rating", "target", "gap", "actions"]]
    area_rank = pd.Series(np.arange(len(model.areas)), index=model.areas.index)
    keys = pd.DataFrame(
        {
            "unrated": table["gap"].isna().to_numpy(),
            "neg_gap": -table["gap"].fillna(0).to_numpy(),
            "area": area_rank.reindex(table["area"]).to_numpy(),
            "id": table.index.to_numpy(),
        }
    )
    order = keys.sort_values(["unrated", "neg_gap", "area", "id"], kind="stable").index
    table = table.iloc[order.to_numpy()]
    table.index.name = "item"
    return table


@_doc
def top_competency_gaps(
    ratings: Mapping[str, int] | pd.Series, *, target: CompetencyTarget = "new", n: int = 3
) -> pd.DataFrame:
    """Return the ``n`` largest positive gaps to the target, with development actions.

    Parameters
    ----------
    {ratings}
    {target}
    n : int, default 3
        How many gaps to return at most.

    Returns
    -------
    DataFrame
        The first ``n`` rows of :func:`competency_gaps` whose gap is above 0, same columns. Fewer
        rows (possibly none) when fewer items are rated below the target.

    Raises
    ------
    {raises}
    WrongTypeError, ParameterError
        If ``n`` is not a whole number of at least 1.

    Examples
    --------
    >>> import kamtools as kt
    >>> top = kt.top_competency_gaps({"listening": 2, "erudition": 1, "negotiation": 5})
    >>> list(top.index)
    ['listening', 'erudition']
    >>> top.loc["listening", "actions"][0]
    'In your next three meetings, summarise what the client said before you make any point of your own.'
    """
    n = _check_n(n)
    table = competency_gaps(ratings, target=target)
    return table[table["gap"] > 0].head(n)


@_doc
def competency_area_scores(
    ratings: Mapping[str, int] | pd.Series, *, target: CompetencyTarget = "new"
) -> pd.DataFrame:
    """Average rating and target per competency area.

    Parameters
    ----------
    {ratings}
    {target}

    Returns
    -------
    DataFrame
        Indexed by area id in course order, with columns ``name``, ``rating`` (mean of
        the rated items, NaN when none is rated), ``target`` (mean target of the rated
        items; of all items when none is rated), ``gap`` (target - rating), ``rated``
        and ``items`` (counts).

    Raises
    ------
    {raises}

    Notes
    -----
    The target is averaged over the same items as the rating, so rating only some items
    of an area compares like with like.

    Examples
    --------
    >>> import kamtools as kt
    >>> scores = kt.competency_area_scores({"listening": 2, "eloquence": 4})
    >>> scores.loc["communication", ["rating", "target", "gap"]].tolist()
    [3.0, 3.5, 0.5]
    >>> int(scores.loc["communication", "rated"]), int(scores.loc["communication", "items"])
    (2, 5)
    """
    table = competency_gaps(ratings, target=target)
    model = _model(get_language())
    rated = table["rating"].notna()
    grouped = table.assign(
        rated_target=table["target"].where(rated), is_rated=rated.astype(int)
    ).groupby("area", sort=False)
    out = pd.DataFrame(
        {
            "name": model.areas["name"],
            "rating": grouped["rating"].mean(),
            "rated_target": grouped["rated_target"].mean(),
            "all_target": grouped["target"].mean(),
            "rated": grouped["is_rated"].sum(),
            "items": grouped.size(),
        }
    ).reindex(model.areas.index)
    out["target"] = out["rated_target"].fillna(out["all_target"])
    out["gap"] = out["target"] - out["rating"]
    out.index.name = "area"
    return out[["name", "rating", "target", "gap", "rated", "items"]].astype(
        {"rated": int, "items": int}
    )


# ---------------------------------------------------------------------------------------
# Chart and export
# ---------------------------------------------------------------------------------------
#: The radar's default title (shown in the learner's language).
_RADAR_TITLE = "Your profile and the target"


def plot_competency_radar(
    ratings: Mapping[str, int] | pd.Series,
    *,
    target: CompetencyTarget = "new",
    ax: Axes | None = None,
    title: str | None = _RADAR_TITLE,
) -> Axes:
    """Draw area averages against the target profile on a radar (polar) chart.

    Parameters
    ----------
    ratings : dict or Series
        Item id -> whole number from 1 to 5, as for :func:`competency_gaps`.
    target : {"new", "senior"}, default "new"
        The profile to draw as the target.
    ax : matplotlib polar Axes, optional
        Axes to draw on, from ``plt.subplot(projection="polar")``; a new figure when None.
    title : str or None
        The chart title.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    WrongTypeError
        If ``ax`` is not a polar matplotlib Axes; errors of :func:`competency_gaps` for bad ratings.

    Notes
    -----
    Your profile is a solid blue line with round markers, the target a dashed orange
    line with square markers (Okabe-Ito colours; the line styles and the legend make the
    difference visible without colour). Areas with no rated item are left as a gap in
    your line.

    Examples
    --------
    >>> import kamtools as kt
    >>> ax = kt.plot_competency_radar({"listening": 2})
    >>> [line.get_label() for line in ax.get_lines()[:2]]
    ['You', 'Target: new KAM']
    """
    from matplotlib.axes import Axes as _Axes

    if ax is not None and (not isinstance(ax, _Axes) or ax.name != "polar"):
        raise WrongTypeError(
            "`ax` must be a polar matplotlib Axes, e.g. from "
            f"`plt.subplot(projection='polar')`, but {ax!r} was passed."
        )
    scores = competency_area_scores(ratings, target=target)
    from ..analysis.plots import PALETTE

    if ax is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(8.0, 7.0), layout="constrained")
        ax = fig.add_subplot(projection="polar")
    polar = cast("PolarAxes", ax)  # checked above, or made here: a polar Axes
    n = len(scores)
    angles = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    closed = np.append(angles, angles[0])
    you = np.append(scores["rating"].to_numpy(), scores["rating"].iloc[0])
    goal = np.append(scores["target"].to_numpy(), scores["target"].iloc[0])
    label = t("competency_report.new_kam") if target == "new" else t("competency_report.senior_kam")
    ax.plot(
        closed,
        you,
        color=PALETTE["blue"],
        linewidth=2.5,
        marker="o",
        label=t("competency_report.you"),
    )
    ax.fill(closed, np.nan_to_num(you), color=PALETTE["blue"], alpha=0.15)
    ax.plot(
        closed,
        goal,
        color=PALETTE["orange"],
        linewidth=2.5,
        linestyle="--",
        marker="s",
        label=t("competency_report.target_line", target=label),
    )
    polar.set_theta_offset(np.pi / 2)  # first area at the top, then clockwise
    polar.set_theta_direction(-1)
    ax.set_ylim(0, RATING_MAX)
    ax.set_yticks(range(1, RATING_MAX + 1))
    ax.tick_params(axis="y", labelsize=11)
    polar.set_rlabel_position(180 / n)  # radial numbers between the first two spokes
    ax.tick_params(axis="x", pad=10)
    ax.set_xticks(angles)
    ax.set_xticklabels([name.replace(" and ", " and\n", 1) for name in scores["name"]], fontsize=12)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=12, frameon=False)
    if title == _RADAR_TITLE:
        title = t("competency_report.radar_title")
    if title:
        ax.set_title(title, fontsize=15, pad=30)
    return ax


def assessment_markdown(
    ratings: Mapping[str, int] | pd.Series, *, target: CompetencyTarget = "new"
) -> str:
    """Write the self-assessment as a Markdown report: areas, top gaps with actions, items.

    Parameters
    ----------
    ratings : dict or Series
        Item id -> whole number from 1 to 5, as for :func:`competency_gaps`.
    target : {"new", "senior"}, default "new"
        The profile compared with.

    Returns
    -------
    str
        Markdown text.

    Raises
    ------
    WrongTypeError, ParameterError
        As :func:`competency_gaps`.

    Examples
    --------
    >>> import kamtools as kt
    >>> text = kt.assessment_markdown({"listening": 2})
    >>> text.splitlines()[0]
    '# My key account manager self-assessment'
    >>> "1. **I listen without interrupting" in text
    True
    """
    table = competency_gaps(ratings, target=target)
    scores = competency_area_scores(ratings, target=target)
    top = top_competency_gaps(ratings, target=target)
    model = _model(get_language())

    not_rated = t("competency_report.not_rated")

    def num(x: float) -> str:
        return not_rated if pd.isna(x) else _number(x, 1)

    lines = [
        f"# {t('competency_report.title')}",
        "",
        t(
            "competency_report.compared",
            target=model.target_labels[target],
            rated=int(table["rating"].notna().sum()),
            items=len(table),
        ),
        "",
        f"## {t('competency_report.areas')}",
        "",
        f"| {t('competency_report.area')} | {t('competency_report.average')} | "
        f"{t('competency_report.target')} | {t('competency_report.gap')} |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {row.name} | {num(row.rating)} | {_number(row.target, 1)} | {num(row.gap)} |"
        for row in frame_rows(scores)
    ]
    lines += ["", f"## {t('competency_report.largest_gaps')}", ""]
    if top.empty:
        lines.append(t("competency_report.no_gap"))
    for rank, row in enumerate(frame_rows(top), start=1):
        lines.append(
            f"{rank}. **{row.statement}** ({row.area_name}): "
            + t("competency_report.rated", rating=f"{row.rating:.0f}", target=row.target)
        )
        lines += [f"   - {action}" for action in row.actions]
    lines += [
        "",
        f"## {t('competency_report.all_items')}",
        "",
        f"| {t('competency_report.area')} | {t('competency_report.statement')} | "
        f"{t('competency_report.rating')} | {t('competency_report.target')} |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {row.area_name} | {row.statement} | "
        f"{not_rated if pd.isna(row.rating) else int(row.rating)} | {row.target} |"
        for row in frame_rows(table.reindex(model.items.index))
    ]
    lines += ["", f"*{model.sources}*", ""]
    return "\n".join(lines)


def export_assessment(
    ratings: Mapping[str, int] | pd.Series,
    path: str | Path,
    *,
    target: CompetencyTarget = "new",
    overwrite: bool = False,
) -> Path:
    """Save the self-assessment as Markdown (``.md``) or CSV (``.csv``), chosen by suffix.

    Parameters
    ----------
    ratings : dict or Series
        Item id -> whole number from 1 to 5, as for :func:`competency_gaps`.
    path : str or Path
        The file to write; its folder must exist.
    target : {"new", "senior"}, default "new"
        The profile compared with.
    overwrite : bool, default False
        Replace ``path`` if it already exists.

    Returns
    -------
    Path
        The absolute path written.

    Raises
    ------
    ParameterError
        If the suffix is not .md or .csv, the folder does not exist, or the file exists
        and ``overwrite`` is False; errors of :func:`competency_gaps` for bad ratings.

    Notes
    -----
    The CSV holds :func:`competency_gaps` with the actions joined by " | ", UTF-8 encoded.

    Examples
    --------
    >>> import kamtools as kt, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> kt.export_assessment({"listening": 2}, folder / "me.csv").name
    'me.csv'
    """
    target = _check_target(target)
    suffix = Path(path).suffix.lower() if isinstance(path, (str, Path)) else ""
    if suffix == ".csv":
        table = competency_gaps(ratings, target=target)
        text = table.assign(actions=table["actions"].map(" | ".join)).to_csv()
    else:
        text = assessment_markdown(ratings, target=target) if suffix == ".md" else ""
    return write_text_file(path, text, overwrite=overwrite, suffixes=_EXPORT_SUFFIXES)
