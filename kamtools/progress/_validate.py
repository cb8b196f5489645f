"""What may be stored: the kinds of event, the outcomes, and the checks every value passes.

Shared by the store (:mod:`kamtools.progress`), the export file
(:mod:`kamtools.progress.transfer`) and the reports (:mod:`kamtools.progress.report`), so
that a value refused by one is refused by all, with the same message.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, get_args

from ..errors import ParameterError, WrongTypeError
from ..outcomes import OUTCOMES, Outcome

__all__ = [
    "EVENTS",
    "OUTCOMES",
    "Event",
    "Outcome",
    "check_count",
    "check_event",
    "check_id",
    "check_path",
    "check_target",
    "draft_json",
    "instant",
    "utc_now",
]

#: Kinds of event a check can record.
Event = Literal["attempt", "hint", "solution", "rubric"]

#: The values of :data:`Event`.
EVENTS: tuple[Event, ...] = get_args(Event)


def check_id(value: Any, name: str) -> str:
    """Check that a module or question id is a non-empty string."""
    if not isinstance(value, str):
        raise WrongTypeError(f"`{name}` must be a string id, but {value!r} was passed.")
    if not value.strip():
        raise ParameterError(f"`{name}` must be a non-empty id, but {value!r} was passed.")
    return value


def check_event(
    module: Any, question: Any, event: Any, outcome: Any, detail: Any
) -> tuple[str, str, Event, Outcome | None, str | None]:
    """Validate the arguments of ``record`` and return them.

    Examples
    --------
    >>> from kamtools.progress._validate import check_event
    >>> check_event("03_pareto", "q1", "attempt", "maybe", None)
    Traceback (most recent call last):
    ...
    kamtools.errors.ParameterError: `outcome` must be one of ('correct', 'incorrect', 'not_attempted', 'uncheckable') or None, but 'maybe' was passed.
    """
    check_id(module, "module")
    check_id(question, "question")
    if event not in EVENTS:
        raise ParameterError(f"`event` must be one of {EVENTS}, but {event!r} was passed.")
    if event == "attempt" and outcome is None:
        raise ParameterError(
            f"`outcome` is required when event='attempt' (one of {OUTCOMES}), "
            f"but {outcome!r} was passed."
        )
    if outcome is not None and outcome not in OUTCOMES:
        raise ParameterError(
            f"`outcome` must be one of {OUTCOMES} or None, but {outcome!r} was passed."
        )
    if detail is not None and not isinstance(detail, str):
        raise WrongTypeError(f"`detail` must be a string or None, but {detail!r} was passed.")
    return module, question, event, outcome, detail


def check_path(path: Any, name: str) -> Path:
    """Check a store or export path and return it absolute, with ``~`` expanded."""
    if not isinstance(path, (str, os.PathLike)):
        raise WrongTypeError(
            f"`{name}` must be a file path (str or pathlib.Path), but {path!r} was passed."
        )
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip() or text.strip() == ":memory:":
        raise ParameterError(
            f"`{name}` must name a file such as 'progress.sqlite3', but {path!r} was passed."
        )
    resolved = Path(text).expanduser().absolute()
    if resolved.is_dir():
        raise ParameterError(
            f"`{name}` must name a file, but {path!r} is a folder; use e.g. "
            f"{str(resolved / 'progress.sqlite3')!r}."
        )
    return resolved


def check_target(path: Any) -> Path:
    """Check the path of a file to write (an export): as :func:`check_path`, in an existing
    folder."""
    target = check_path(path, "path")
    if not target.parent.is_dir():
        raise ParameterError(
            f"`path` must be in an existing folder, but {str(target.parent)!r} does not "
            f"exist ({path!r} was passed)."
        )
    return target


def check_count(value: Any, name: str) -> int:
    """Check that ``value`` is a whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(f"`{name}` must be a whole number, but {value!r} was passed.")
    if value < 1:
        raise ParameterError(f"`{name}` must be at least 1, but {value!r} was passed.")
    return value


def draft_json(data: Any, key: str) -> str:
    """``data`` as JSON text, or a clear error naming the draft."""
    try:
        return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise WrongTypeError(
            f"`data` of the draft {key!r} must be made of dicts, lists, text, numbers, "
            f"True/False and None, but {data!r} was passed ({exc})."
        ) from None


def instant(text: str) -> datetime:
    """An ISO 8601 time as an aware datetime (a time without zone is read as UTC)."""
    stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def utc_now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)
