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
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import math
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeAlias, TypeVar

import pandas as pd

from .errors import DataError, KamtoolsError, ParameterError, WrongTypeError

__all__ = [
    "NextStep",
    "ProgressStore",
    "ProgressStoreError",
    "default_store",
    "record",
    "store_path",
]

#: Kinds of event a check can record.
EVENTS = ("attempt", "hint", "solution", "rubric")

#: Outcomes of an ``"attempt"`` (the four outcomes of :mod:`kamtools.checks`).
OUTCOMES = ("correct", "incorrect", "not_attempted", "uncheckable")

#: Environment variable naming the store file.
ENV_DB = "KAMTOOLS_PROGRESS_DB"

#: Environment variable that turns :func:`record` off when set to ``off`` (or 0/false/no).
ENV_SWITCH = "KAMTOOLS_PROGRESS"

_OFF_VALUES = frozenset({"off", "0", "false", "no"})

#: Seconds SQLite waits for a lock before an operation counts as one failed try.
DEFAULT_TIMEOUT = 0.5

#: Tries before a locked store is given up on (the event is then skipped with a notice).
DEFAULT_RETRIES = 3

#: Summary columns, in order (also the columns of the CSV export after ``learner``).
SUMMARY_COLUMNS = (
    "module",
    "question",
    "attempts",
    "first_attempt",
    "last_attempt",
    "solved",
    "attempts_before_success",
    "hints",
    "solution_viewed",
)

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
)

#: Schema version written by this kamtools.
SCHEMA_VERSION = len(_MIGRATIONS)

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26

# First 16 bytes of every SQLite database file.
_SQLITE_MAGIC = b"SQLite format 3\x00"

_log = logging.getLogger("kamtools.progress")
# A library never prints: without this handler, warnings would reach stderr through
# logging's last-resort handler and show as red boxes in notebooks.
_log.addHandler(logging.NullHandler())

#: What a catalogue may be: module id -> question ids, in course order.
Catalogue: TypeAlias = "Mapping[str, Sequence[str]]"

_T = TypeVar("_T")


class ProgressStoreError(KamtoolsError):
    """The progress store could not be read or changed (locked, unreadable, newer schema).

    :func:`record` never raises it; reading, exporting and resetting do, after adding a
    notice to :attr:`ProgressStore.notices`.
    """


class _Refused(Exception):
    """The file is a healthy SQLite database that this kamtools must not touch."""


class NextStep(NamedTuple):
    """The question a learner should do next: the first unsolved one of the first
    incomplete module."""

    module: str
    question: str


# ---------------------------------------------------------------------------------------
# Validation helpers (private).
# ---------------------------------------------------------------------------------------
def _check_id(value: Any, name: str) -> str:
    """Check that a module or question id is a non-empty string."""
    if not isinstance(value, str):
        raise WrongTypeError(f"`{name}` must be a string id, but {value!r} was passed.")
    if not value.strip():
        raise ParameterError(f"`{name}` must be a non-empty id, but {value!r} was passed.")
    return value


def _check_event(
    module: Any, question: Any, event: Any, outcome: Any, detail: Any
) -> tuple[str, str, str, str | None, str | None]:
    """Validate the arguments of ``record`` and return them."""
    _check_id(module, "module")
    _check_id(question, "question")
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


def _check_path(path: Any, name: str) -> Path:
    """Check a store path and return it absolute, with ``~`` expanded."""
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


def _check_catalogue(catalogue: Any) -> tuple[list[str], pd.DataFrame]:
    """Validate a catalogue; return its modules and a (module, question, position) frame."""
    if not isinstance(catalogue, Mapping):
        raise WrongTypeError(
            "`catalogue` must map each module id to its list of question ids, e.g. "
            f"{{'03_pareto': ['q1', 'q2']}}, but {catalogue!r} was passed."
        )
    modules: list[str] = []
    questions: list[list[str]] = []
    for module, ids in catalogue.items():  # one entry per module: configuration, not data
        _check_id(module, "catalogue key")
        if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence):
            raise WrongTypeError(
                f"`catalogue[{module!r}]` must be a list of question ids, but {ids!r} was passed."
            )
        for q in ids:  # question ids of one module: configuration, not data
            _check_id(q, f"catalogue[{module!r}]")
        dup = pd.Index(list(ids))
        if dup.has_duplicates:
            raise DataError(
                f"`catalogue[{module!r}]` lists question {dup[dup.duplicated()][0]!r} twice."
            )
        modules.append(module)
        questions.append(list(ids))
    flat_questions = [q for ids in questions for q in ids]
    frame = pd.DataFrame(
        {
            "module": pd.Series(
                [m for m, ids in zip(modules, questions, strict=True) for _ in ids], dtype="str"
            ),
            "question": pd.Series(flat_questions, dtype="str"),
            "position": pd.Series(range(len(flat_questions)), dtype="int64"),
        }
    )
    return modules, frame


def _check_count(value: Any, name: str) -> int:
    """Check that ``value`` is a whole number of at least 1."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(f"`{name}` must be a whole number, but {value!r} was passed.")
    if value < 1:
        raise ParameterError(f"`{name}` must be at least 1, but {value!r} was passed.")
    return value


def _natural_key(text: pd.Series) -> pd.Series:
    """Sort key that puts 'q2' before 'q10' (digits padded to 12 places)."""
    return text.str.replace(r"\d+", lambda m: m.group().zfill(12), regex=True)


def _current_learner() -> str:
    """JupyterHub user name if running on a hub, else the operating-system user."""
    hub_user = os.environ.get("JUPYTERHUB_USER", "").strip()
    if hub_user:
        return hub_user
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment nor the password database
        return "unknown"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _classify(exc: sqlite3.Error) -> str:
    """Sort an SQLite error into "busy", "corrupt" or "other"."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        primary = code & 0xFF
        if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return "busy"
        if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return "corrupt"
        return "other"
    message = str(exc).lower()
    if "locked" in message or "busy" in message:
        return "busy"
    if "malformed" in message or "not a database" in message:
        return "corrupt"
    return "other"


# ---------------------------------------------------------------------------------------
# The store.
# ---------------------------------------------------------------------------------------
class ProgressStore:
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
        self.path = store_path() if path is None else _check_path(path, "path")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
            raise WrongTypeError(
                f"`timeout` must be a number of seconds, but {timeout!r} was passed."
            )
        if not (math.isfinite(timeout) and timeout > 0):
            raise ParameterError(f"`timeout` must be above 0 seconds, but {timeout!r} was passed.")
        self.timeout = float(timeout)
        self.retries = _check_count(retries, "retries")
        self.learner = _current_learner() if learner is None else _check_id(learner, "learner")
        self._clock = _utc_now if clock is None else clock
        self.notices: list[str] = []

    def __repr__(self) -> str:
        return f"ProgressStore({str(self.path)!r})"

    # -- plumbing ----------------------------------------------------------------------
    def _notice(self, text: str, *, level: int = logging.WARNING) -> None:
        """Keep a one-line notice and log it."""
        self.notices.append(text)
        _log.log(level, text)

    def _fail(self, doing: str, reason: str) -> ProgressStoreError:
        text = f"{doing}: {reason}"
        self._notice(text)
        return ProgressStoreError(text)

    def _check_header(self) -> None:
        """Spot a file that is not SQLite before SQLite opens it.

        SQLite would remove the ``-wal``/``-shm`` companions of such a file when closing
        it; caught here, they are moved aside with it instead.
        """
        try:
            with self.path.open("rb") as fh:
                header = fh.read(len(_SQLITE_MAGIC))
        except FileNotFoundError:
            return
        if header and header != _SQLITE_MAGIC:
            raise sqlite3.DatabaseError("file is not a database")

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._check_header()
        con = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            # WAL lets readers and one writer work at once. On file systems without
            # shared memory (some network drives) SQLite keeps its rollback journal, which
            # is slower but just as safe.
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            self._migrate(con)
        except BaseException:
            con.close()
            raise
        return con

    def _migrate(self, con: sqlite3.Connection) -> None:
        """Bring the schema up to date (a no-op read when it already is)."""
        target = len(_MIGRATIONS)
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version == target:
            return
        if version > target:
            raise _Refused(
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
                    raise _Refused(
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

    def _run(self, op: Callable[[sqlite3.Connection], _T], doing: str) -> _T:
        """Run ``op`` on a fresh connection, handling locks, damage and I/O errors."""
        tries_left = self.retries
        recovered = False
        while True:
            try:
                con = self._connect()
                try:
                    return op(con)
                finally:
                    con.close()
            except _Refused as exc:
                raise self._fail(doing, f"the progress store {str(self.path)!r}: {exc}") from None
            except sqlite3.Error as exc:
                kind = _classify(exc)
                if kind == "busy":
                    tries_left -= 1
                    if tries_left > 0:
                        time.sleep(random.uniform(0.02, 0.1))
                        continue
                    raise self._fail(
                        doing,
                        f"the progress store {str(self.path)!r} stayed locked by another "
                        f"notebook ({exc}); try again in a moment",
                    ) from None
                if kind == "corrupt" and not recovered:
                    recovered = True
                    self._quarantine(exc, doing)
                    continue
                raise self._fail(
                    doing, f"the progress store {str(self.path)!r} cannot be used ({exc})"
                ) from None
            except OSError as exc:
                raise self._fail(
                    doing, f"the progress store {str(self.path)!r} cannot be used ({exc})"
                ) from None

    def _is_damaged(self) -> bool:
        """Check the file again on a new connection (another kernel may have replaced it)."""
        try:
            self._check_header()
            con = sqlite3.connect(self.path, timeout=self.timeout)
            try:
                rows = con.execute("PRAGMA quick_check(1)").fetchall()
            finally:
                con.close()
        except sqlite3.Error as exc:
            return _classify(exc) == "corrupt"
        except OSError:  # cannot even read it: not shown to be damaged, so not moved
            return False
        return rows != [("ok",)]

    def _quarantine(self, exc: sqlite3.Error, doing: str) -> None:
        """Move a damaged store aside (never delete it) so that a fresh one can start."""
        if not self._is_damaged():
            return
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            self.path.rename(target)
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    companion.rename(target.with_name(target.name + suffix))
        except OSError as move_error:
            raise self._fail(
                doing,
                f"the progress store {str(self.path)!r} is damaged ({exc}) and could not be "
                f"moved aside ({move_error})",
            ) from None
        self._notice(
            f"The progress store {str(self.path)!r} was damaged ({exc}); it was moved to "
            f"{str(target)!r} and a fresh store was started."
        )

    # -- writing -----------------------------------------------------------------------
    def record(
        self,
        module: str,
        question: str,
        event: str,
        *,
        outcome: str | None = None,
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
        row = _check_event(module, question, event, outcome, detail)
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
        CSV first if a mentor needs the history.

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
            _check_id(module, "module")

        def delete(con: sqlite3.Connection) -> int:
            if module is None:
                return con.execute("DELETE FROM events").rowcount
            return con.execute("DELETE FROM events WHERE module = ?", (module,)).rowcount

        what = "all progress" if module is None else f"the progress of {module}"
        return self._run(delete, f"Could not erase {what}")

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

    def summary(self) -> pd.DataFrame:
        """Summarise the events per module and question.

        Returns
        -------
        DataFrame
            One row per module and question with at least one event, sorted by module and
            question ('q2' before 'q10'), with columns:

            ``module``, ``question``
                The ids.
            ``attempts``
                Answers checked: attempt events with outcome correct, incorrect or
                uncheckable (a ``not_attempted`` check, the ``____`` placeholder, is not
                an answer and is not counted).
            ``first_attempt``, ``last_attempt``
                Times (UTC) of the first and last counted attempt; missing if none.
            ``solved``
                True if any attempt was correct.
            ``attempts_before_success``
                Counted attempts before the first correct one (0 = right first time);
                missing (``<NA>``) while unsolved.
            ``hints``
                Hints shown (each call counts, repeats included).
            ``solution_viewed``
                True if the solution was shown at least once.

        Raises
        ------
        ProgressStoreError
            If the store could not be read.

        Notes
        -----
        Order is the order of saving (event ``id``), not the clock, so two kernels with
        slightly different clocks cannot reorder a learner's attempts. Rubric events make a
        row appear but are not counted in any column.

        Examples
        --------
        Incorrect, uncheckable, correct, incorrect: 4 attempts, solved, 2 before success.

        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
        >>> for outcome in ["incorrect", "uncheckable", "correct", "incorrect"]:
        ...     _ = store.record("03_pareto", "q1", "attempt", outcome=outcome)
        >>> _ = store.record("03_pareto", "q1", "hint")
        >>> row = store.summary().iloc[0]
        >>> int(row["attempts"]), bool(row["solved"]), int(row["attempts_before_success"])
        (4, True, 2)
        >>> int(row["hints"]), bool(row["solution_viewed"])
        (1, False)
        >>> tmp.cleanup()
        """
        return self._summarise(self.events())

    @staticmethod
    def _summarise(ev: pd.DataFrame) -> pd.DataFrame:
        keys = ["module", "question"]
        base = ev[keys].drop_duplicates().reset_index(drop=True)
        is_attempt = (ev["event"] == "attempt") & (ev["outcome"] != "not_attempted")
        att = ev[is_attempt]
        grouped = att.groupby(keys)
        first_correct = att[att["outcome"] == "correct"].groupby(keys)["id"].min()
        att = att.join(first_correct.rename("first_correct"), on=keys)
        before = att[att["id"] < att["first_correct"]].groupby(keys).size()
        out = base.join(grouped.size().rename("attempts"), on=keys)
        out = out.join(grouped["time"].min().rename("first_attempt"), on=keys)
        out = out.join(grouped["time"].max().rename("last_attempt"), on=keys)
        out = out.join(first_correct, on=keys)
        out = out.join(before.rename("before"), on=keys)
        out = out.join(ev[ev["event"] == "hint"].groupby(keys).size().rename("hints"), on=keys)
        seen = ev[ev["event"] == "solution"].groupby(keys).size().rename("solutions")
        out = out.join(seen, on=keys)
        out["attempts"] = out["attempts"].fillna(0).astype("int64")
        out["solved"] = out["id"].notna()
        out["attempts_before_success"] = (
            out["before"].fillna(0).astype("Int64").where(out["solved"], pd.NA)
        )
        out["hints"] = out["hints"].fillna(0).astype("int64")
        out["solution_viewed"] = out["solutions"].fillna(0) > 0
        for col in ("first_attempt", "last_attempt"):
            out[col] = pd.to_datetime(out[col], utc=True)
        out = out.sort_values(["module", "question"], key=_natural_key, kind="stable")
        return out[list(SUMMARY_COLUMNS)].reset_index(drop=True)

    def many_attempts(self, *, at_least: int = 3) -> pd.DataFrame:
        """Return the questions that needed many attempts.

        Parameters
        ----------
        at_least : int, default 3
            How many attempts that did not succeed make a question "hard".

        Returns
        -------
        DataFrame
            The rows of :meth:`summary` that were solved after ``at_least`` or more
            unsuccessful attempts, or are still unsolved after ``at_least`` or more
            attempts; same columns and order as :meth:`summary`.

        Raises
        ------
        WrongTypeError
            If ``at_least`` is not a whole number.
        ParameterError
            If ``at_least`` is below 1.
        ProgressStoreError
            If the store could not be read.

        Notes
        -----
        ``(solved and attempts_before_success >= at_least) or (not solved and
        attempts >= at_least)``: in both cases the learner tried ``at_least`` times
        without success.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
        >>> for outcome in ["incorrect", "incorrect", "incorrect"]:
        ...     _ = store.record("03_pareto", "q2", "attempt", outcome=outcome)
        >>> _ = store.record("03_pareto", "q1", "attempt", outcome="correct")
        >>> store.many_attempts()["question"].tolist()
        ['q2']
        >>> tmp.cleanup()
        """
        at_least = _check_count(at_least, "at_least")
        table = self.summary()
        before = table["attempts_before_success"].fillna(0).astype("int64")
        hard = (table["solved"] & (before >= at_least)) | (
            ~table["solved"] & (table["attempts"] >= at_least)
        )
        return table[hard].reset_index(drop=True)

    def completion(self, catalogue: Catalogue) -> pd.DataFrame:
        """Return how many questions of each module the learner has solved.

        Parameters
        ----------
        catalogue : mapping of str to list of str
            Module id -> its question ids in course order, e.g.
            ``kamtools.checks.catalogue()``.

        Returns
        -------
        DataFrame
            One row per module of ``catalogue``, in its order, with columns ``module``,
            ``questions`` (how many), ``solved`` (how many of them), ``share``
            (solved / questions; NaN for a module without questions), ``complete``
            (every question solved) and ``next_question`` (first unsolved question in
            course order; missing when complete).

        Raises
        ------
        WrongTypeError
            If ``catalogue`` is not a mapping of module ids to lists of question ids.
        DataError
            If a module lists the same question twice.
        ProgressStoreError
            If the store could not be read.

        Notes
        -----
        A question is solved once any attempt was correct (see :meth:`summary`). Events
        of questions missing from ``catalogue`` (renamed or removed ones) are not counted
        here; they stay in :meth:`summary` and the CSV export. A module with no
        questions counts as complete.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
        >>> _ = store.record("03_pareto", "q1", "attempt", outcome="correct")
        >>> cat = {"00_start_here": ["q1"], "03_pareto": ["q1", "q2", "q3"]}
        >>> store.completion(cat)[["module", "questions", "solved", "next_question"]]
                  module  questions  solved next_question
        0  00_start_here          1       0            q1
        1      03_pareto          3       1            q2
        >>> tmp.cleanup()
        """
        modules, cat = _check_catalogue(catalogue)
        solved = self.summary()[["module", "question", "solved"]]
        merged = cat.merge(solved, on=["module", "question"], how="left", sort=False)
        merged["solved"] = merged["solved"].fillna(False).astype(bool)
        merged = merged.sort_values("position", kind="stable")
        per_module = merged.groupby("module", sort=False)
        out = pd.DataFrame({"module": pd.Series(modules, dtype="str")})
        out["questions"] = out["module"].map(per_module.size()).fillna(0).astype("int64")
        out["solved"] = out["module"].map(per_module["solved"].sum()).fillna(0).astype("int64")
        out["share"] = out["solved"] / out["questions"].where(out["questions"] > 0)
        out["complete"] = out["solved"] == out["questions"]
        unsolved = merged[~merged["solved"]].groupby("module", sort=False)["question"].first()
        out["next_question"] = out["module"].map(unsolved).astype("str")
        return out

    def next_step(self, catalogue: Catalogue) -> NextStep | None:
        """Return the question to do next, or None when every module is complete.

        Parameters
        ----------
        catalogue : mapping of str to list of str
            Module id -> its question ids in course order.

        Returns
        -------
        NextStep or None
            ``(module, question)``: the first unsolved question of the first module of
            ``catalogue`` that is not complete.

        Raises
        ------
        WrongTypeError, DataError
            If ``catalogue`` is malformed (see :meth:`completion`).
        ProgressStoreError
            If the store could not be read.

        Notes
        -----
        Course order is the order of ``catalogue``, so an early module left half done
        comes before a later one.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
        >>> _ = store.record("00_start_here", "q1", "attempt", outcome="correct")
        >>> store.next_step({"00_start_here": ["q1"], "03_pareto": ["q1", "q2"]})
        NextStep(module='03_pareto', question='q1')
        >>> store.next_step({"00_start_here": ["q1"]}) is None
        True
        >>> tmp.cleanup()
        """
        table = self.completion(catalogue)
        todo = table[~table["complete"]]
        if todo.empty:
            return None
        first = todo.iloc[0]
        return NextStep(str(first["module"]), str(first["next_question"]))

    def questions_seen(self) -> dict[str, list[str]]:
        """Return the questions with at least one event, as a catalogue.

        Returns
        -------
        dict of str to list of str
            Module id -> question ids with events, both sorted as in :meth:`summary`.

        Raises
        ------
        ProgressStoreError
            If the store could not be read.

        Notes
        -----
        The dashboard falls back on it when the course catalogue
        (``kamtools.checks.catalogue()``) is not available; completion is then measured
        against the questions tried so far.

        Examples
        --------
        >>> import tempfile
        >>> from pathlib import Path
        >>> from kamtools.progress import ProgressStore
        >>> tmp = tempfile.TemporaryDirectory()
        >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
        >>> for q in ["q10", "q2"]:
        ...     _ = store.record("03_pareto", q, "hint")
        >>> store.questions_seen()
        {'03_pareto': ['q2', 'q10']}
        >>> tmp.cleanup()
        """
        table = self.summary()
        return {
            str(module): group.tolist()
            for module, group in table.groupby("module", sort=False)["question"]
        }

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
        UTF-8, comma-separated, with a header row; one row per module and question with
        the columns ``learner`` (:attr:`learner`) followed by those of :meth:`summary`.
        Times are ISO 8601 in UTC (``2025-03-01T09:30:00Z``); a missing time or
        ``attempts_before_success`` is an empty cell; yes/no columns are ``True``/``False``.

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
        target = _check_path(path, "path")
        if not target.parent.is_dir():
            raise ParameterError(
                f"`path` must be in an existing folder, but {str(target.parent)!r} does not "
                f"exist ({path!r} was passed)."
            )
        table = self.summary()
        if catalogue is not None:
            _, cat = _check_catalogue(catalogue)
            table["order"] = range(len(table))
            table = cat.merge(table, on=["module", "question"], how="outer")
            # Course order first; questions outside the catalogue follow in summary order.
            table["position"] = table["position"].fillna(len(cat))
            table = table.sort_values(["position", "order"], kind="stable")
            table["attempts"] = table["attempts"].fillna(0).astype("int64")
            table["hints"] = table["hints"].fillna(0).astype("int64")
            for col in ("solved", "solution_viewed"):
                table[col] = table[col].fillna(False).astype(bool)
            table = table[list(SUMMARY_COLUMNS)]
        out = table.copy()
        for col in ("first_attempt", "last_attempt"):
            out[col] = out[col].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        out.insert(0, "learner", self.learner)
        out.to_csv(target, index=False, encoding="utf-8", lineterminator="\n")
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
        return _check_path(env, ENV_DB)
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


def _recording_off() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() in _OFF_VALUES


def record(
    module: str,
    question: str,
    event: str,
    *,
    outcome: str | None = None,
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
            _check_event(module, question, event, outcome, detail)
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
