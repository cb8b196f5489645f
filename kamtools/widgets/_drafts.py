"""The line a form widget shows about saving as you go (see :class:`kamtools.progress.Draft`)."""

from __future__ import annotations

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
