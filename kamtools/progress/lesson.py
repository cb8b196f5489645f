"""The calls a lesson makes: record what a learner did, keep drafts, move progress.

Knowledge checks call :func:`record`; form widgets keep what is typed through
:class:`Draft` (or :func:`save_draft` / :func:`load_draft`); learners move their progress
with :func:`export_progress` and :func:`import_progress`. All of them use the default
store (:func:`kamtools.progress.default_store`), and none of the lesson-facing ones ever
raises into a lesson: a problem becomes a notice. Import them from
:mod:`kamtools.progress`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from ..errors import KamtoolsError, WrongTypeError
from . import ImportReport, ProgressStore, ProgressStoreError, default_store
from ._sqlite import _log
from ._validate import Event, Outcome, check_event, check_id, draft_json

__all__ = [
    "ENV_SWITCH",
    "Draft",
    "export_progress",
    "import_progress",
    "load_draft",
    "record",
    "save_draft",
]

#: Environment variable that turns :func:`record` off when set to ``off`` (or 0/false/no).
ENV_SWITCH = "KAMTOOLS_PROGRESS"

_OFF_VALUES = frozenset({"off", "0", "false", "no"})


def _recording_off() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() in _OFF_VALUES


def record(
    module: str,
    question: str,
    event: Event,
    *,
    outcome: Outcome | None = None,
    detail: str | None = None,
) -> None:
    """Record what a learner did on a question, without ever raising into the lesson.

    Parameters
    ----------
    module : str
        Module id, e.g. ``"03_pareto"``.
    question : str
        Question id inside the module, e.g. ``"q1"``.
    event : {"attempt", "hint", "solution", "rubric"}
        What happened.
    outcome : {"correct", "incorrect", "not_attempted", "uncheckable"}, optional
        Result of the check; required when ``event="attempt"``.
    detail : str, optional
        Free text kept with the event.

    Returns
    -------
    None

    Raises
    ------
    Nothing.
        Every problem becomes a one-line notice instead (logged on the
        ``"kamtools.progress"`` logger and kept in ``default_store().notices``): a locked
        store (the event is skipped after a few tries), a damaged file (moved aside, a
        fresh store started), a bad path in ``KAMTOOLS_PROGRESS_DB``, and invalid
        arguments (logged as errors; the event is skipped).

    Notes
    -----
    Writes to :func:`default_store`. With ``KAMTOOLS_PROGRESS=off`` (also 0, false, no)
    nothing is recorded; the arguments are still checked, so a wrong call shows up in the
    log of a grading or test run.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> from kamtools.progress import default_store, record
    >>> tmp = tempfile.TemporaryDirectory()
    >>> with mock.patch.dict(os.environ, {"KAMTOOLS_PROGRESS_DB": tmp.name + "/p.sqlite3"}):
    ...     record("03_pareto", "q1", "attempt", outcome="correct")
    ...     record("03_pareto", "q1", "attempt", outcome="maybe")  # reported, not raised
    ...     print(len(default_store().events()))
    ...     print(default_store().notices[-1])
    1
    Progress not saved: `outcome` must be one of (...) or None, but 'maybe' was passed.
    >>> tmp.cleanup()
    """
    try:
        try:
            check_event(module, question, event, outcome, detail)
        except KamtoolsError as exc:
            text = f"Progress not saved: {exc}"
            if _recording_off():
                _log.error(text)
            else:
                default_store()._notice(text, level=logging.ERROR)
            return
        if _recording_off():
            return
        default_store().record(module, question, event, outcome=outcome, detail=detail)
    except Exception:  # the contract: a lesson never breaks because of progress tracking
        _log.exception("Progress not saved for %r/%r (%r)", module, question, event)


def save_draft(key: str, data: Any) -> bool:
    """Keep what a learner typed in a widget, in the default store; never raises.

    Parameters
    ----------
    key : str
        The widget's key, e.g. ``"form/account_plan"``.
    data : JSON value
        Dicts, lists, text, numbers, True/False and None.

    Returns
    -------
    bool
        Whether the draft was saved. ``False`` with ``KAMTOOLS_PROGRESS=off``, when the
        store cannot be used, or for invalid arguments (each problem but the first is a
        notice in ``default_store().notices``, as for :func:`record`).

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> from kamtools.progress import load_draft, save_draft
    >>> tmp = tempfile.TemporaryDirectory()
    >>> with mock.patch.dict(os.environ, {"KAMTOOLS_PROGRESS_DB": tmp.name + "/p.sqlite3"}):
    ...     save_draft("self_assessment", {"ratings": {"listening": 2}})
    ...     load_draft("self_assessment")
    True
    {'ratings': {'listening': 2}}
    >>> tmp.cleanup()
    """
    try:
        try:
            check_id(key, "key")
            draft_json(data, key)
        except KamtoolsError as exc:
            text = f"Draft not saved: {exc}"
            if _recording_off():
                _log.error(text)
            else:
                default_store()._notice(text, level=logging.ERROR)
            return False
        if _recording_off():
            return False
        return default_store().save_draft(key, data)
    except Exception:  # a lesson never breaks because of progress tracking
        _log.exception("Draft not saved for %r", key)
        return False


def load_draft(key: str) -> Any | None:
    """Return the draft of ``key`` from the default store, or None; never raises.

    None also when there is no draft, with ``KAMTOOLS_PROGRESS=off``, or when the store
    cannot be read (a notice in ``default_store().notices`` says why).
    """
    try:
        if _recording_off():
            return None
        return default_store().load_draft(key)
    except Exception:  # a lesson never breaks because of progress tracking
        _log.exception("Draft not read for %r", key)
        return None


class Draft:
    """One widget's draft: restored when its cell runs again, saved only when it changes.

    The form widgets (account plan, dossier, self-assessment, quiz) hold one each and
    call :meth:`save` on every change; the JSON text last loaded or saved is remembered,
    so re-saving the same data (e.g. while a restored draft is filled back in) writes
    nothing.

    Parameters
    ----------
    key : str
        The widget's key, e.g. ``"form/account_plan"``.
    enabled : bool, default True
        ``False``: nothing is loaded or saved (a widget made with ``autosave=False``).
    store : ProgressStore, optional
        Where drafts go. Default: :func:`save_draft` / :func:`load_draft`, i.e. the
        default store, switched off by ``KAMTOOLS_PROGRESS=off``.

    Attributes
    ----------
    key : str
    enabled : bool
    writes : int
        Drafts written so far by this object.

    Raises
    ------
    WrongTypeError, ParameterError
        If ``key`` is not a non-empty string, ``enabled`` not True/False or ``store`` not
        a ProgressStore.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kamtools.progress import Draft, ProgressStore
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "p.sqlite3")
    >>> draft = Draft("form/dossier", store=store)
    >>> draft.save({"company_name": "Domar"}), draft.save({"company_name": "Domar"})
    (True, False)
    >>> Draft("form/dossier", store=store).load()
    {'company_name': 'Domar'}
    >>> tmp.cleanup()
    """

    def __init__(
        self, key: str, *, enabled: bool = True, store: ProgressStore | None = None
    ) -> None:
        self.key = check_id(key, "key")
        if not isinstance(enabled, bool):
            raise WrongTypeError(f"`enabled` must be True or False, but {enabled!r} was passed.")
        if store is not None and not isinstance(store, ProgressStore):
            raise WrongTypeError(
                f"`store` must be a kamtools.progress.ProgressStore or None, but {store!r} "
                "was passed."
            )
        self.enabled = enabled
        self.writes = 0
        self._store = store
        self._last: str | None = None

    def __repr__(self) -> str:
        return f"Draft({self.key!r}, enabled={self.enabled})"

    @property
    def active(self) -> bool:
        """Whether saving really happens: enabled, and not switched off by ``KAMTOOLS_PROGRESS``
        (an explicit ``store`` is always used)."""
        return self.enabled and (self._store is not None or not _recording_off())

    def load(self) -> Any | None:
        """The saved draft, or None (none saved, disabled, or the store cannot be read)."""
        if not self.enabled:
            return None
        if self._store is None:
            data = load_draft(self.key)
        else:
            try:
                data = self._store.load_draft(self.key)
            except ProgressStoreError:
                data = None
        if data is not None:
            self._last = draft_json(data, self.key)
        return data

    def save(self, data: Any) -> bool:
        """Save ``data`` if it differs from what was last loaded or saved; return whether written."""
        if not self.enabled:
            return False
        text = draft_json(data, self.key)
        if text == self._last:
            return False
        if self._store is None:
            saved = save_draft(self.key, data)
        else:
            saved = self._store.save_draft(self.key, data)
        if saved:
            self._last = text
            self.writes += 1
        return saved


def export_progress(path: str | os.PathLike[str]) -> Path:
    """Write all your progress (answers, attempts, typed drafts) to one file.

    Use it to back up your progress or to move it to another computer, where
    :func:`import_progress` reads it back. Same parameters, result and errors as
    :meth:`ProgressStore.export_progress`, for the store at :func:`store_path`.

    Examples
    --------
    >>> import os, tempfile
    >>> from pathlib import Path
    >>> from unittest import mock
    >>> import kamtools as kt
    >>> tmp = tempfile.TemporaryDirectory()
    >>> with mock.patch.dict(os.environ, {"KAMTOOLS_PROGRESS_DB": tmp.name + "/p.sqlite3"}):
    ...     kt.progress.record("03_pareto", "q1", "attempt", outcome="correct")
    ...     kt.export_progress(Path(tmp.name) / "my_progress.kam").name
    'my_progress.kam'
    >>> tmp.cleanup()
    """
    return default_store().export_progress(path)


def import_progress(path: str | os.PathLike[str]) -> ImportReport:
    """Merge a file written by :func:`export_progress` into your progress on this computer.

    Events already here are skipped (importing twice adds nothing); a draft typed here
    that is newer than the file's is kept. Same parameters, result and errors as
    :meth:`ProgressStore.import_progress`, for the store at :func:`store_path`.
    """
    return default_store().import_progress(path)
