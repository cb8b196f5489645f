"""The line a form widget shows about saving as you go (see :class:`kamtools.progress.Draft`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..errors import ParameterError
from ..messages import t
from ..progress import Draft
from ._teaching import INFO, WARN, block, esc


def draft_note(draft: Draft, *, restored: bool) -> str:
    """HTML: "welcome back" after a restore, "saved as you go", or "saving is off".

    Empty for a widget made with ``autosave=False`` (its author chose not to save).
    """
    if not draft.enabled:
        return ""
    if not draft.active:
        return block(
            f"<span style='color:#555'>{esc(t('drafts.switched_off'))}</span>", border=WARN
        )
    if restored:
        return block(f"<b>{esc(t('drafts.restored'))}</b>", border=INFO)
    return block(f"<span style='color:#555'>{esc(t('drafts.autosave'))}</span>")


# ---------------------------------------------------------------------------------------
# The last finished play of a role-play (pure logic over kamtools.learning.roleplay.Session).
# ---------------------------------------------------------------------------------------
def roleplay_key(scenario_id: str) -> str:
    """The draft key of a scenario's last finished play."""
    return f"roleplay/{scenario_id}"


def finished_play(session: Any, when: datetime) -> dict[str, Any]:
    """A finished play-through as JSON-ready data: when, the path taken, the ending.

    The path is the list of ``[node id, position of the reply in the scenario file]``, so
    it can be replayed whatever order the replies are shown in.
    """
    outcome = session.outcome
    if outcome is None:
        raise ParameterError("`session` must be finished (an ending reached) to be kept.")
    return {
        "played": when.astimezone(UTC).isoformat(timespec="seconds"),
        "path": [[step.node_id, step.position] for step in session.history],
        "ending": outcome.title,
        "result": outcome.result,
        "trust": session.trust,
    }


def replay(session: Any, saved: Any) -> bool:
    """Play ``saved["path"]`` again on ``session`` (restarted first); return whether it
    reached an ending. Nothing is recorded (choosing a reply records nothing).

    A path that no longer fits the scenario (a node or reply changed since) leaves the
    session restarted and returns False.
    """
    session.start()
    path = saved.get("path") if isinstance(saved, dict) else None
    if not isinstance(path, list) or not path:
        return False
    for step in path:
        if not (isinstance(step, list) and len(step) == 2) or session.finished:
            break
        node_id, position = step
        if node_id != session.node_id or position not in session.order:
            break
        session.choose(session.order.index(position))
    else:
        if session.finished:
            return True
    session.start()
    return False


def played_on(saved: Any) -> str | None:
    """ "5 December 2026" from a kept play, or None if it is not readable."""
    try:
        when = datetime.fromisoformat(saved["played"])
    except (TypeError, KeyError, ValueError):
        return None
    return f"{when.day} {when:%B %Y}"
