"""The quarterly business review (QBR): its agenda, the service scorecard and its status.

A joint value plan holds the goals a supplier agrees **with** a key account (shared
objectives, measures, owners on both sides, dates); the QBR is the meeting where both
sides go through it. The agenda, the scorecard lines and the columns of a joint objective
are defined once in ``kamtools/content/qbr.yml``; module 08 teaches them and
``tools/build_handouts.py`` prints them.

:func:`qbr_scorecard` adds a status to each line of a scorecard: ``"on track"`` when the
actual meets the target, ``"watch"`` when it misses it by no more than ``tolerance`` (a
fraction of the target), ``"off track"`` beyond that, and ``"no data"`` when the actual or
the target is unknown (NaN), which is never read as 0.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from .._content import CONTENT_DIR, FieldCheck, display_name, load_yaml
from ..errors import ParameterError, WrongTypeError
from ..i18n import get_language

__all__ = ["qbr_agenda", "qbr_scorecard_lines", "joint_plan_columns", "qbr_scorecard"]

QBR_FILE = CONTENT_DIR / "qbr.yml"

#: The statuses of a scorecard line, from best to worst, then the unknown.
STATUSES: tuple[str, ...] = ("on track", "watch", "off track", "no data")
#: Which way a measure improves.
BETTER: tuple[str, ...] = ("higher", "lower")


@functools.cache
def _content(language: str) -> dict[str, Any]:
    label = display_name(QBR_FILE)
    check = FieldCheck(label)
    data = check.mapping(
        load_yaml(QBR_FILE, language=language), "", required=("agenda", "scorecard", "joint_plan")
    )
    agenda: list[dict[str, Any]] = []
    for i, raw in enumerate(check.sequence(data["agenda"], "agenda")):
        where = f"agenda[{i}]"
        raw = check.mapping(raw, where, required=("id", "item", "minutes", "what"))
        agenda.append(
            {
                "id": check.identifier(raw["id"], f"{where}.id"),
                "item": check.text(raw, "item", where),
                "minutes": check.integer(raw, "minutes", where, low=1, high=60),
                "what": " ".join(check.text(raw, "what", where).split()),
            }
        )
    lines: list[dict[str, Any]] = []
    keys = ("id", "measure", "definition", "better", "example_target", "source")
    for i, raw in enumerate(check.sequence(data["scorecard"], "scorecard")):
        where = f"scorecard[{i}]"
        raw = check.mapping(raw, where, required=keys)
        line = {k: check.text(raw, k, where) for k in keys[1:]}
        line["id"] = check.identifier(raw["id"], f"{where}.id")
        if line["better"] not in BETTER:
            raise check.fail(
                f"{where}.better", f"must be 'higher' or 'lower', but {line['better']!r} was found."
            )
        lines.append(line)
    for name, rows in (("agenda", agenda), ("scorecard", lines)):
        ids = [r["id"] for r in rows]
        repeated = sorted({x for x in ids if ids.count(x) > 1})
        if repeated:
            raise check.fail(name, f"repeats the id {repeated[0]!r}.")
    joint = check.mapping(data["joint_plan"], "joint_plan", required=("columns",))
    columns = check.text_list(joint, "columns", "joint_plan", min_len=2, max_len=8)
    return {"agenda": agenda, "scorecard": lines, "columns": tuple(columns)}


def qbr_agenda() -> pd.DataFrame:
    """The agenda of a quarterly business review, in order (``kamtools/content/qbr.yml``).

    Returns
    -------
    DataFrame
        Indexed by item id; columns ``item``, ``minutes`` and ``what``.

    Examples
    --------
    >>> import kamtools as kt
    >>> agenda = kt.qbr_agenda()
    >>> agenda["item"].iloc[-1]
    'Next steps with owners'
    >>> int(agenda["minutes"].sum())
    60
    """
    return pd.DataFrame(_content(get_language())["agenda"]).set_index("id")


def qbr_scorecard_lines() -> pd.DataFrame:
    """The lines of the QBR service scorecard: what each measures and which way is better.

    Returns
    -------
    DataFrame
        Indexed by line id; columns ``measure``, ``definition``, ``better`` (``"higher"``
        or ``"lower"``), ``example_target`` (text) and ``source``.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.qbr_scorecard_lines().loc["deliveries_per_order", "better"]
    'lower'
    """
    return pd.DataFrame(_content(get_language())["scorecard"]).set_index("id")[
        ["measure", "definition", "better", "example_target", "source"]
    ]


def joint_plan_columns() -> tuple[str, ...]:
    """The headings of a joint objective: objective, measure, the two owners, the date.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.joint_plan_columns()[2:4]
    ('Owner at the customer', 'Owner at our company')
    """
    return _content(get_language())["columns"]


def _number(value: Any, name: str, row: Any) -> float:
    if value is None or value is pd.NA:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise WrongTypeError(
            f"`{name}` of line {row!r} must be a number (or NaN when unknown), but {value!r} "
            "was passed."
        )
    return float(value)


def _status(actual: float, target: float, better: str, tolerance: float) -> str:
    if math.isnan(actual) or math.isnan(target):
        return "no data"
    gap = actual - target if better == "higher" else target - actual  # >= 0: target met
    if gap >= 0:
        return "on track"
    if -gap <= tolerance * abs(target):
        return "watch"
    return "off track"


def qbr_scorecard(
    lines: pd.DataFrame | Sequence[Mapping[str, Any]], *, tolerance: float = 0.1
) -> pd.DataFrame:
    """Add the status to each line of a scorecard: on track, watch, off track or no data.

    Parameters
    ----------
    lines : DataFrame or list of dict
        One row per measure with the columns ``measure`` (text), ``target`` and
        ``actual`` (numbers; NaN or None when unknown) and ``better`` (``"higher"`` or
        ``"lower"``: which way the measure improves).
    tolerance : float, default 0.1
        How far an actual may miss its target, as a fraction of the target, and still be
        ``"watch"`` rather than ``"off track"``. Between 0 and 1 (1 excluded).

    Returns
    -------
    DataFrame
        The lines, in their order, with ``gap`` (actual - target; positive means above
        the target, good or bad depending on ``better``) and ``status``.

    Raises
    ------
    WrongTypeError
        If ``lines`` is not a table, a target or an actual is not a number.
    ParameterError
        If a column is missing, ``better`` is not "higher" or "lower", or ``tolerance``
        is outside [0, 1).

    Notes
    -----
    With ``better="higher"``: on track when actual >= target; watch when actual >=
    target - tolerance * |target|; off track otherwise. With ``better="lower"`` the same
    with the signs turned round. A target of 0 leaves no room for "watch". An unknown
    actual or target gives "no data", never a status computed from 0.

    Examples
    --------
    >>> import kamtools as kt
    >>> card = kt.qbr_scorecard([
    ...     {"measure": "On-time delivery", "target": 0.98, "actual": 0.95, "better": "higher"},
    ...     {"measure": "Deliveries per order", "target": 1.5, "actual": 3.2, "better": "lower"},
    ...     {"measure": "Fill rate", "target": 0.97, "actual": None, "better": "higher"},
    ... ])
    >>> card["status"].tolist()
    ['watch', 'off track', 'no data']
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)):
        raise WrongTypeError(f"`tolerance` must be a number, but {tolerance!r} was passed.")
    if not 0 <= tolerance < 1:
        raise ParameterError(
            f"`tolerance` must be between 0 and 1 (a fraction of the target, 1 excluded), but "
            f"{tolerance!r} was passed."
        )
    if isinstance(lines, pd.DataFrame):
        table = lines.copy()
    elif isinstance(lines, Sequence) and not isinstance(lines, str):
        if not all(isinstance(row, Mapping) for row in lines):
            raise WrongTypeError("`lines` must be a table or a list of dicts, one per measure.")
        table = pd.DataFrame(list(lines))
    else:
        raise WrongTypeError(
            f"`lines` must be a table or a list of dicts, one per measure, but {lines!r} was "
            "passed."
        )
    missing = [c for c in ("measure", "target", "actual", "better") if c not in table.columns]
    if missing:
        raise ParameterError(
            f"`lines` needs the columns measure, target, actual and better; {missing[0]!r} is "
            "missing."
        )
    targets, actuals, statuses = [], [], []
    for _, line in table.iterrows():
        better = line["better"]
        if better not in BETTER:
            raise ParameterError(
                f"`better` of line {line['measure']!r} must be 'higher' or 'lower', but "
                f"{better!r} was passed."
            )
        target = _number(line["target"], "target", line["measure"])
        actual = _number(line["actual"], "actual", line["measure"])
        targets.append(target)
        actuals.append(actual)
        statuses.append(_status(actual, target, better, float(tolerance)))
    table["target"] = pd.Series(targets, index=table.index, dtype=float)
    table["actual"] = pd.Series(actuals, index=table.index, dtype=float)
    table["gap"] = table["actual"] - table["target"]
    table["status"] = statuses
    return table
