"""Learner progress: a local store of attempts, hints, solutions viewed and rubric ticks.

Every knowledge check of the course reports what the learner did through :func:`record`;
the progress dashboard (:func:`kamtools.widgets.progress_dashboard`) reads it back through
:class:`ProgressStore`.

Where the store lives
    ``KAMTOOLS_PROGRESS_DB`` (a file path) if that environment variable is set, else
    ``progress.sqlite3`` in the per-user data folder of ``platformdirs.user_data_dir("kamtools")``.
    The file and its folder are created on first use. ``KAMTOOLS_PROGRESS=off`` turns
    :func:`record` into a no-op (graders and test suites set it).

Why it never breaks a lesson
    The store is one SQLite file in WAL mode with a busy timeout, opened with one
    connection per operation, so several kernels can write to it at once. A store that
    stays locked is retried a few times, then the event is skipped; a damaged file is moved
    aside to ``<name>.corrupt-<UTC timestamp>`` (nothing is deleted) and a fresh store is
    started. Each of these is reported as a one-line *notice*: logged on the
    ``"kamtools.progress"`` logger and kept in :attr:`ProgressStore.notices`, where the
    dashboard shows it. The schema is versioned with ``PRAGMA user_version``; older stores
    are migrated in place, stores written by a newer kamtools are left untouched.

Where the code lives
    This module is the store: its schema and migrations, what it records and reads back
    (events, drafts, the export file), and the default store. Beside it, in this package:
    :mod:`~kamtools.progress._sqlite` (connections, WAL, locks and retries, damaged files
    moved aside), :mod:`~kamtools.progress.report` (summary, completion, next step, the
    CSV for mentors: pure functions over the recorded events),
    :mod:`~kamtools.progress.transfer` (the export file and how an import merges it),
    :mod:`~kamtools.progress.lesson` (:func:`record`, :class:`Draft` and the other calls
    a lesson makes, which never raise) and :mod:`~kamtools.progress._validate` (the kinds
    of event, the outcomes of :mod:`kamtools.outcomes`, and how every value is checked).
    Import from ``kamtools.progress``: every public name is here.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import math
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ParameterError, WrongTypeError
from . import report
from ._sqlite import SQLITE_MAGIC as _SQLITE_MAGIC
from ._sqlite import ProgressStoreError, Refused, SQLiteFile
from ._validate import EVENTS as EVENTS
from ._validate import OUTCOMES as OUTCOMES
from ._validate import Event as Event
from ._validate import Outcome as Outcome
from ._validate import (
    check_count,
    check_event,
    check_id,
    check_path,
    check_target,
    draft_json,
    utc_now,
)
from .report import SUMMARY_COLUMNS as SUMMARY_COLUMNS
from .report import Catalogue, NextStep
from .report import check_catalogue as _check_catalogue  # also used by the dashboard
from .transfer import EXPORT_FORMAT as EXPORT_FORMAT
from .transfer import EXPORT_VERSION as EXPORT_VERSION
from .transfer import ImportReport, merge, read_export, write_export

__all__ = [
    "Draft",
    "ImportReport",
    "NextStep",
    "ProgressStore",
    "ProgressStoreError",
    "default_store",
    "export_progress",
    "import_progress",
    "load_draft",
    "record",
    "save_draft",
    "store_path",
]

#: Environment variable naming the store file.
ENV_DB = "KAMTOOLS_PROGRESS_DB"

#: Seconds SQLite waits for a lock before an operation counts as one failed try.
DEFAULT_TIMEOUT = 0.5

#: Tries before a locked store is given up on (the event is then skipped with a notice).
DEFAULT_RETRIES = 3

_EVENT_COLUMNS = ("id", "time", "learner", "module", "question", "event", "outcome", "detail")

# Schema migrations: entry ``v`` moves a store from ``user_version`` v to v + 1, so the
# current schema version is ``len(_MIGRATIONS)``. Append, never edit, when the schema changes.
_MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE events (
            id       INTEGER PRIMARY KEY,
            time     TEXT NOT NULL,
            learner  TEXT NOT NULL,
            module   TEXT NOT NULL,
            question TEXT NOT NULL,
            event    TEXT NOT NULL,
            outcome  TEXT,
            detail   TEXT
        )""",
        "CREATE INDEX events_module_question ON events (module, question)",
    ),
    (
        # Drafts: what a learner typed or selected in a form widget (account plan, dossier,
        # self-assessment, quiz answers), one JSON value per learner and widget key.
        """CREATE TABLE drafts (
            learner TEXT NOT NULL,
            key     TEXT NOT NULL,
            data    TEXT NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (learner, key)
        )""",
    ),
)

#: Schema version written by this kamtools.
SCHEMA_VERSION = len(_MIGRATIONS)


def _current_learner() -> str:
    """JupyterHub user name if running on a hub, else the operating-system user."""
    hub_user = os.environ.get("JUPYTERHUB_USER", "").strip()
    if hub_user:
        return hub_user
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor the password database
        return "unknown"


# ---------------------------------------------------------------------------------------
# The store.
# ---------------------------------------------------------------------------------------
class ProgressStore(SQLiteFile):
    """A learner's progress: one SQLite file of attempts, hints, solutions and rubric ticks.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The store file. ``None`` (default) means :func:`store_path`: the environment
        variable ``KAMTOOLS_PROGRESS_DB`` if set, else ``progress.sqlite3`` in the user's
        data folder. The file and its folder are created on first use.
    timeout : float, default 0.5
        Seconds SQLite waits for another kernel's lock before a try fails.
    retries : int, default 3
        Tries before a locked store is given up on.
    learner : str, optional
        Who is learning; stored with every event. Default: the environment variable
        ``JUPYTERHUB_USER`` on a hub, else the operating-system user name.
    clock : callable, optional
        Returns the current time as an aware ``datetime`` (default: UTC now). Tests pass
        a fake clock.

    Attributes
    ----------
    path : pathlib.Path
        Absolute path of the store file.
    learner : str
        The learner recorded with every event.
    notices : list of str
        One line per problem met (store locked, damaged file moved aside, ...), oldest
        first. They are also logged on the ``"kamtools.progress"`` logger.

    Raises
    ------
    WrongTypeError
        If ``path`` is not a path, ``timeout`` not a number or ``retries`` not a whole
        number.
    ParameterError
        If ``path`` is empty, ``":memory:"`` or a folder, ``timeout`` is not positive or
        ``retries`` is below 1.

    Notes
    -----
    Every operation opens its own connection (WAL journal, ``busy_timeout`` = ``timeout``)
    and closes it, so any number of kernels and processes can share one file. Failures are
    handled the same way everywhere:

    * locked: tried ``retries`` times, then given up (a notice is added);
    * damaged (not a database, malformed): the file and its ``-wal``/``-shm`` companions
      are renamed to ``<name>.corrupt-<YYYYMMDDTHHMMSSZ>`` (nothing is deleted), a fresh
      store is created and the operation is tried again; the notice says where the old
      file went;
    * written by a newer kamtools, or a database that is not a progress store: left
      untouched, with a notice;
    * any other I/O problem (folder not writable, disk full): a notice.

    :meth:`record` never raises for these (it returns ``False``); the reading methods,
    :meth:`export_csv` and :meth:`reset` raise :class:`ProgressStoreError` after the notice.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kamtools.progress import ProgressStore
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
    >>> store.record("03_pareto", "q1", "attempt", outcome="incorrect")
    True
    >>> store.record("03_pareto", "q1", "attempt", outcome="correct")
    True
    >>> store.summary()[["module", "question", "attempts", "solved"]]
          module question  attempts  solved
    0  03_pareto       q1         2    True
    >>> store.notices
    []
    >>> tmp.cleanup()
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        learner: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = store_path() if path is None else check_path(path, "path")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
            raise WrongTypeError(
                f"`timeout` must be a number of seconds, but {timeout!r} was passed."
            )
        if not (math.isfinite(timeout) and timeout > 0):
            raise ParameterError(f"`timeout` must be above 0 seconds, but {timeout!r} was passed.")
        self.timeout = float(timeout)
        self.retries = check_count(retries, "retries")
        self.learner = _current_learner() if learner is None else check_id(learner, "learner")
        self._clock = utc_now if clock is None else clock
        self.notices: list[str] = []

    def __repr__(self) -> str:
        return f"ProgressStore({str(self.path)!r})"

    # -- the schema ------------------------------------------------------------------
    def _migrate(self, con: sqlite3.Connection) -> None:
        """Bring the schema up to date (a no-op read when it already is)."""
        target = len(_MIGRATIONS)
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version == target:
            return
        if version > target:
            raise Refused(
                f"it was written by a newer kamtools (schema version {version}, this one "
                f"knows up to {target}); it was left untouched: update kamtools"
            )
        con.execute("BEGIN IMMEDIATE")  # one kernel migrates, the others wait and see it done
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                tables = con.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'"
                ).fetchall()
                if tables:
                    raise Refused(
                        "it is an SQLite database of another program (tables "
                        f"{[t[0] for t in tables]!r}), not a progress store; it was left "
                        f"untouched: point {ENV_DB} at another file"
                    )
            for step in _MIGRATIONS[version:target]:
                for statement in step:
                    con.execute(statement)
            con.execute(f"PRAGMA user_version = {int(target)}")
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise

    # -- writing -----------------------------------------------------------------------
    def record(
        self,
        module: str,
        question: str,
        event: Event,
        *,
        outcome: Outcome | None = None,
        detail: str | None = None,
    ) -> bool:
        """Save one event of a learner on a question; return whether it was saved.

        Parameters
        ----------
        module : str
            Module id, e.g. ``"03_pareto"``.
        question : str
            Question id inside the module, e.g. ``"q1"``.
        event : {"attempt", "hint", "solution", "rubric"}
            What happened: an answer was checked, a hint or the solution was shown, a
            rubric item was ticked.
        outcome : {"correct", "incorrect", "not_attempted", "uncheckable"}, optional
            Result of the check; required when ``event="attempt"``.
        detail : str, optional
            Free text kept with the event (e.g. which rubric item).

        Returns
        -------
        bool
            ``True`` if the event was saved, ``False`` if the store could not be used (a
            notice in :attr:`notices` says why).

        Raises
        ------
        WrongTypeError
            If ``module`` or ``question`` is not a string, or ``detail`` is neither a
            string nor None.
        ParameterError
            If an id is empty, ``event`` or ``outcome`` is not one of the allowed values, or
            an attempt has no outcome.

        Notes
        -----
        The event is stamped with the time (UTC) and :attr:`learner`. Problems with the
        store never raise here (see the class notes). Unlike :func:`record`, this method
        records even when ``KAMTOOLS_PROGRESS=off``: a store made explicitly is used.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
        >>> store.record("03_pareto", "q1", "hint")
        True
        >>> store.events()[["module", "question", "event"]]
              module question event
        0  03_pareto       q1  hint
        >>> tmp.cleanup()
        """
        row = check_event(module, question, event, outcome, detail)
        stamp = self._clock()
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=UTC)
        values = (stamp.astimezone(UTC).isoformat(timespec="microseconds"), self.learner, *row)

        def insert(con: sqlite3.Connection) -> None:
            con.execute(
                "INSERT INTO events (time, learner, module, question, event, outcome, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                values,
            )

        try:
            self._run(insert, f"Progress not saved for {module}/{question} ({event})")
        except ProgressStoreError:
            return False
        return True

    def reset(self, module: str | None = None) -> int:
        """Erase the recorded events of one module, or of every module.

        Parameters
        ----------
        module : str, optional
            Module id whose events to erase; ``None`` (default) erases everything.

        Returns
        -------
        int
            Number of events erased (0 when there were none for ``module``).

        Raises
        ------
        WrongTypeError
            If ``module`` is not a string or None.
        ParameterError
            If ``module`` is an empty string.
        ProgressStoreError
            If the store could not be changed (locked, unreadable).

        Notes
        -----
        This really deletes events (the dashboard asks for a confirmation first). Export a
        CSV first if a mentor needs the history. The quiz answers saved for the same
        module(s) (drafts ``"quiz/<module>/..."``) are erased with them; what was typed
        into the forms (account plan, dossier, self-assessment) is kept.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
        >>> store.record("01_role", "q1", "hint")
        True
        >>> store.record("03_pareto", "q1", "hint")
        True
        >>> store.reset("01_role")
        1
        >>> store.events()["module"].tolist()
        ['03_pareto']
        >>> tmp.cleanup()
        """
        if module is not None:
            check_id(module, "module")

        def delete(con: sqlite3.Connection) -> int:
            # The quiz answers saved as drafts go too: a quiz must not show results that
            # the progress record no longer has. Form drafts (plans, dossiers) stay.
            prefix = "quiz/" if module is None else f"quiz/{module}/"
            con.execute("BEGIN IMMEDIATE")
            try:
                con.execute("DELETE FROM drafts WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
                if module is None:
                    erased = con.execute("DELETE FROM events").rowcount
                else:
                    erased = con.execute("DELETE FROM events WHERE module = ?", (module,)).rowcount
                con.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    con.execute("ROLLBACK")
                raise
            return erased

        what = "all progress" if module is None else f"the progress of {module}"
        return self._run(delete, f"Could not erase {what}")

    # -- drafts (what was typed into a form widget) ---------------------------------------
    def save_draft(self, key: str, data: Any) -> bool:
        """Keep what the learner typed in a widget, replacing the previous draft of ``key``.

        Parameters
        ----------
        key : str
            The widget's key, e.g. ``"form/account_plan"`` or ``"quiz/03_pareto/q1"``.
        data : JSON value
            What to keep: dicts, lists, text, numbers, True/False and None.

        Returns
        -------
        bool
            ``True`` if saved, ``False`` if the store could not be used (a notice in
            :attr:`notices` says why).

        Raises
        ------
        WrongTypeError
            If ``key`` is not a string, or ``data`` cannot be written as JSON (a set, a
            DataFrame, NaN ...).
        ParameterError
            If ``key`` is empty.

        Notes
        -----
        A draft belongs to :attr:`learner`; it is stamped with the time (UTC), which is
        how :meth:`import_progress` tells the newer of two drafts. Saving is not an event:
        it is never counted as an attempt.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
        >>> store.save_draft("form/account_plan", {"account_name": "Domar"})
        True
        >>> store.load_draft("form/account_plan")
        {'account_name': 'Domar'}
        >>> store.events().empty
        True
        >>> tmp.cleanup()
        """
        check_id(key, "key")
        text = draft_json(data, key)
        stamp = self._stamp()

        def upsert(con: sqlite3.Connection) -> None:
            con.execute(
                "INSERT INTO drafts (learner, key, data, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (learner, key) DO UPDATE SET data = excluded.data, "
                "updated = excluded.updated",
                (self.learner, key, text, stamp),
            )

        try:
            self._run(upsert, f"Draft not saved for {key}")
        except ProgressStoreError:
            return False
        return True

    def load_draft(self, key: str) -> Any | None:
        """Return the draft saved under ``key`` for :attr:`learner`, or None if there is none.

        Raises
        ------
        WrongTypeError, ParameterError
            If ``key`` is not a non-empty string.
        ProgressStoreError
            If the store could not be read.
        """
        check_id(key, "key")

        def select(con: sqlite3.Connection) -> list[tuple[str]]:
            return con.execute(
                "SELECT data FROM drafts WHERE learner = ? AND key = ?", (self.learner, key)
            ).fetchall()

        rows = self._run(select, f"Could not read the draft {key}")
        return json.loads(rows[0][0]) if rows else None

    def delete_draft(self, key: str) -> bool:
        """Forget the draft of ``key`` (of :attr:`learner`); return whether there was one.

        Raises
        ------
        WrongTypeError, ParameterError
            If ``key`` is not a non-empty string.
        ProgressStoreError
            If the store could not be changed.
        """
        check_id(key, "key")

        def delete(con: sqlite3.Connection) -> int:
            return con.execute(
                "DELETE FROM drafts WHERE learner = ? AND key = ?", (self.learner, key)
            ).rowcount

        return self._run(delete, f"Could not delete the draft {key}") > 0

    def drafts(self) -> pd.DataFrame:
        """Return every saved draft (of every learner), sorted by learner and key.

        Returns
        -------
        DataFrame
            Columns ``learner``, ``key``, ``updated`` (datetime, UTC) and ``data`` (the
            JSON text).

        Raises
        ------
        ProgressStoreError
            If the store could not be read.
        """

        def select(con: sqlite3.Connection) -> list[tuple[Any, ...]]:
            return con.execute(
                "SELECT learner, key, updated, data FROM drafts ORDER BY learner, key"
            ).fetchall()

        rows = self._run(select, "Could not read the drafts")
        columns = list(zip(*rows, strict=True)) if rows else [(), (), (), ()]
        return pd.DataFrame(
            {
                "learner": pd.Series(list(columns[0]), dtype="str"),
                "key": pd.Series(list(columns[1]), dtype="str"),
                "updated": pd.Series(pd.to_datetime(list(columns[2]), utc=True, format="ISO8601")),
                "data": pd.Series(list(columns[3]), dtype="str"),
            }
        )

    def _stamp(self) -> str:
        stamp = self._clock()
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=UTC)
        return stamp.astimezone(UTC).isoformat(timespec="microseconds")

    # -- moving progress to another machine ------------------------------------------------
    def export_progress(self, path: str | os.PathLike[str]) -> Path:
        """Write the whole store (every event and draft) to one file, to move or back it up.

        Parameters
        ----------
        path : str or pathlib.Path
            The file to write, e.g. ``"my_progress.kam"`` (overwritten if it exists); its
            folder must exist.

        Returns
        -------
        pathlib.Path
            The absolute path written.

        Raises
        ------
        WrongTypeError
            If ``path`` is not a path.
        ParameterError
            If ``path`` is empty, is a folder, or its folder does not exist.
        ProgressStoreError
            If the store could not be read.
        OSError
            If the file cannot be written.

        Notes
        -----
        The file is UTF-8 JSON (see :data:`EXPORT_FORMAT`): ``format``, ``version``,
        ``exported`` (UTC), ``store`` (where it came from), ``events`` (oldest first,
        with their time, learner, module, question, event, outcome and detail) and
        ``drafts`` (learner, key, updated, data). It is written to a temporary file and
        then renamed, so a failed export never leaves half a file. Read it back with
        :meth:`import_progress`.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> old = ProgressStore(Path(tmp.name) / "old.sqlite3")
        >>> _ = old.record("03_pareto", "q1", "attempt", outcome="correct")
        >>> _ = old.save_draft("form/account_plan", {"account_name": "Domar"})
        >>> file = old.export_progress(Path(tmp.name) / "my_progress.kam")
        >>> new = ProgressStore(Path(tmp.name) / "new.sqlite3", learner=old.learner)
        >>> print(new.import_progress(file))
        Imported from my_progress.kam: 1 new event (0 already here), 1 new draft.
        >>> new.load_draft("form/account_plan")
        {'account_name': 'Domar'}
        >>> tmp.cleanup()
        """
        target = check_target(path)

        def select(con: sqlite3.Connection) -> tuple[list[tuple[Any, ...]], ...]:
            events = con.execute(
                "SELECT time, learner, module, question, event, outcome, detail "
                "FROM events ORDER BY id"
            ).fetchall()
            drafts = con.execute(
                "SELECT learner, key, updated, data FROM drafts ORDER BY learner, key"
            ).fetchall()
            return events, drafts

        events, drafts = self._run(select, "Could not export progress")
        return write_export(target, self.path, events, drafts)

    def import_progress(self, path: str | os.PathLike[str]) -> ImportReport:
        """Merge a file written by :meth:`export_progress` into this store.

        Parameters
        ----------
        path : str or pathlib.Path
            The exported file, e.g. ``"my_progress.kam"``.

        Returns
        -------
        ImportReport
            What was added, skipped, replaced and kept; ``str(report)`` says it in a
            sentence or two.

        Raises
        ------
        WrongTypeError
            If ``path`` is not a path.
        ParameterError
            If ``path`` is empty, a folder, or does not exist.
        DataError
            If the file is not a kamtools progress file, is from a newer kamtools, or an
            entry is malformed (the message names the entry, the field and the value).
        ProgressStoreError
            If the store could not be changed; then nothing was imported.

        Notes
        -----
        *Events* already in the store (same time, learner, module, question, event,
        outcome and detail) are skipped, so importing the same file twice adds nothing.
        New ones are added in the file's order, after the events already here.

        *Drafts* are filed under this store's :attr:`learner` (the person importing; the
        events keep the learner they were recorded for). For each widget key:

        * no draft here: the imported one is added;
        * the same text here: nothing changes;
        * the imported draft is newer (its ``updated`` time): it replaces the one here, and
          the report lists the key under ``replaced``;
        * the draft here is newer or as new: **it is kept**, and the report lists the key
          under ``kept``; nothing typed on this machine is overwritten by an older copy.

        Everything is imported in one transaction: if anything fails, nothing changes.
        """
        source = check_path(path, "path")
        if not source.is_file():
            raise ParameterError(
                f"`path` must be an exported progress file, but {str(source)!r} does not exist."
            )
        events, drafts = read_export(source)

        def merge_here(con: sqlite3.Connection) -> ImportReport:
            return merge(con, source, events, drafts, self.learner)

        return self._run(merge_here, f"Could not import {source.name}")

    # -- reading -----------------------------------------------------------------------
    def events(self) -> pd.DataFrame:
        """Return every recorded event, oldest first.

        Returns
        -------
        DataFrame
            One row per event with columns ``id`` (int, order of saving), ``time``
            (datetime, UTC), ``learner``, ``module``, ``question``, ``event``, ``outcome``
            and ``detail`` (text; ``outcome`` and ``detail`` are missing when not given).

        Raises
        ------
        ProgressStoreError
            If the store could not be read.

        Notes
        -----
        Rows are ordered by ``id``, the order in which the store saved them, which is the
        true order even when two events carry the same time.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3", learner="ania")
        >>> store.record("03_pareto", "q2", "attempt", outcome="correct")
        True
        >>> store.events().loc[0, ["learner", "event", "outcome"]].tolist()
        ['ania', 'attempt', 'correct']
        >>> tmp.cleanup()
        """

        def select(con: sqlite3.Connection) -> list[tuple[Any, ...]]:
            return con.execute(
                f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events ORDER BY id"
            ).fetchall()

        rows = self._run(select, "Could not read progress")
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(_EVENT_COLUMNS)
        data = dict(zip(_EVENT_COLUMNS, columns, strict=True))
        return pd.DataFrame(
            {
                "id": pd.Series(data["id"], dtype="int64"),
                "time": pd.Series(pd.to_datetime(list(data["time"]), utc=True, format="ISO8601")),
                **{name: pd.Series(list(data[name]), dtype="str") for name in _EVENT_COLUMNS[2:]},
            }
        )

    # -- reports (kamtools.progress.report, on the events read above) --------------------
    def summary(self) -> pd.DataFrame:
        """Summarise the events per module and question: :func:`report.summary
        <kamtools.progress.report.summary>` of :meth:`events` (columns
        :data:`SUMMARY_COLUMNS`: attempts, first and last attempt, solved, attempts before
        success, hints, solution viewed).

        Raises :class:`ProgressStoreError` if the store could not be read.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
        >>> for outcome in ["incorrect", "uncheckable", "correct", "incorrect"]:
        ...     _ = store.record("03_pareto", "q1", "attempt", outcome=outcome)
        >>> store.summary()[["question", "attempts", "solved", "attempts_before_success"]]
          question  attempts  solved  attempts_before_success
        0       q1         4    True                        2
        >>> tmp.cleanup()
        """
        return report.summary(self.events())

    def many_attempts(self, *, at_least: int = 3) -> pd.DataFrame:
        """The questions tried ``at_least`` times without success: :func:`report.many_attempts
        <kamtools.progress.report.many_attempts>` of :meth:`events`.

        Raises :class:`WrongTypeError` or :class:`ParameterError` for a bad ``at_least``
        (before the store is read), :class:`ProgressStoreError` if the store could not be
        read.
        """
        at_least = check_count(at_least, "at_least")
        return report.many_attempts(self.events(), at_least=at_least)

    def completion(self, catalogue: Catalogue) -> pd.DataFrame:
        """How many questions of each module of ``catalogue`` are solved:
        :func:`report.completion <kamtools.progress.report.completion>` of :meth:`events`.

        Raises :class:`WrongTypeError` or :class:`DataError` for a malformed ``catalogue``
        (before the store is read), :class:`ProgressStoreError` if the store could not be
        read.
        """
        _check_catalogue(catalogue)
        return report.completion(self.events(), catalogue)

    def next_step(self, catalogue: Catalogue) -> NextStep | None:
        """The question to do next, or None when every module is complete:
        :func:`report.next_step <kamtools.progress.report.next_step>` of :meth:`events`.

        Raises as :meth:`completion` does.
        """
        _check_catalogue(catalogue)
        return report.next_step(self.events(), catalogue)

    def questions_seen(self) -> dict[str, list[str]]:
        """The questions with at least one event, as a catalogue:
        :func:`report.questions_seen <kamtools.progress.report.questions_seen>` of
        :meth:`events`.

        Raises :class:`ProgressStoreError` if the store could not be read.
        """
        return report.questions_seen(self.events())

    def export_csv(
        self, path: str | os.PathLike[str], *, catalogue: Catalogue | None = None
    ) -> Path:
        """Write the progress summary to a CSV file for a mentor.

        Parameters
        ----------
        path : str or pathlib.Path
            File to write (overwritten if it exists); its folder must exist.
        catalogue : mapping of str to list of str, optional
            Module id -> question ids. When given, every question of the course gets a
            row, including the ones not tried yet (0 attempts), in course order; questions
            with events outside the catalogue follow.

        Returns
        -------
        pathlib.Path
            The absolute path written.

        Raises
        ------
        WrongTypeError
            If ``path`` is not a path or ``catalogue`` is malformed.
        ParameterError
            If ``path`` is empty, is a folder, or its folder does not exist.
        DataError
            If ``catalogue`` lists a question twice.
        ProgressStoreError
            If the store could not be read.
        OSError
            If the file cannot be written (no permission, disk full).

        Notes
        -----
        UTF-8, comma-separated, with a header row: the table of :func:`report.csv_table
        <kamtools.progress.report.csv_table>` (``learner``, then the columns of
        :meth:`summary`). A missing time or ``attempts_before_success`` is an empty cell;
        yes/no columns are ``True``/``False``.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3", learner="ania")
        >>> _ = store.record("03_pareto", "q1", "hint")
        >>> out = store.export_csv(Path(tmp.name) / "kam_progress.csv")
        >>> print(out.read_text(encoding="utf-8").splitlines()[1])
        ania,03_pareto,q1,0,,,False,,1,False
        >>> tmp.cleanup()
        """
        target = check_target(path)
        if catalogue is not None:
            _check_catalogue(catalogue)
        table = report.csv_table(self.events(), self.learner, catalogue=catalogue)
        table.to_csv(target, index=False, encoding="utf-8", lineterminator="\n")
        return target


# ---------------------------------------------------------------------------------------
# The default store and the lesson-facing entry point.
# ---------------------------------------------------------------------------------------
_STORES: dict[Path, ProgressStore] = {}
_STORES_LOCK = threading.Lock()


def store_path() -> Path:
    """Return the path of the default progress store.

    Returns
    -------
    pathlib.Path
        ``KAMTOOLS_PROGRESS_DB`` if that environment variable is set (``~`` expanded,
        made absolute), else ``progress.sqlite3`` in
        ``platformdirs.user_data_dir("kamtools")``.

    Raises
    ------
    ParameterError
        If ``KAMTOOLS_PROGRESS_DB`` is ``":memory:"`` or names a folder.

    Notes
    -----
    The path is read again at every call, so changing the environment variable in a
    running kernel takes effect at once. Nothing is created here.

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> from kamtools.progress import store_path
    >>> with mock.patch.dict(os.environ, {"KAMTOOLS_PROGRESS_DB": "/tmp/kam/p.sqlite3"}):
    ...     print(store_path().as_posix())
    /tmp/kam/p.sqlite3
    """
    env = os.environ.get(ENV_DB, "").strip()
    if env:
        return check_path(env, ENV_DB)
    import platformdirs

    return Path(platformdirs.user_data_dir("kamtools", appauthor=False)) / "progress.sqlite3"


def default_store() -> ProgressStore:
    """Return the store that :func:`record` writes to (one per path, shared in a kernel).

    Returns
    -------
    ProgressStore
        The store at :func:`store_path`; the same object for the same path, so its
        :attr:`~ProgressStore.notices` collect everything :func:`record` met.

    Raises
    ------
    ParameterError
        If ``KAMTOOLS_PROGRESS_DB`` is ``":memory:"`` or names a folder.

    Notes
    -----
    The environment is read at every call: after ``KAMTOOLS_PROGRESS_DB`` changes, the
    store at the new path is returned.

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> from kamtools.progress import default_store
    >>> tmp = tempfile.TemporaryDirectory()
    >>> with mock.patch.dict(os.environ, {"KAMTOOLS_PROGRESS_DB": tmp.name + "/p.sqlite3"}):
    ...     default_store() is default_store()
    True
    >>> tmp.cleanup()
    """
    path = store_path()
    with _STORES_LOCK:
        store = _STORES.get(path)
        if store is None:
            store = _STORES[path] = ProgressStore(path)
    return store


# The calls a lesson makes (record, drafts, export and import of the default store), which
# never raise into the lesson; they use the store above, so they are imported last.
from .lesson import ENV_SWITCH as ENV_SWITCH  # noqa: E402
from .lesson import (  # noqa: E402
    Draft,
    export_progress,
    import_progress,
    load_draft,
    record,
    save_draft,
)
from .lesson import _recording_off as _recording_off  # noqa: E402
