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
import dataclasses
import getpass
import json
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
# Drafts and the export file (private helpers and the import report).
# ---------------------------------------------------------------------------------------
#: ``format`` of a file written by :meth:`ProgressStore.export_progress`.
EXPORT_FORMAT = "kamtools-progress"

#: ``version`` of that file written by this kamtools (older versions are read too).
EXPORT_VERSION = 1

_EXPORT_EVENT_FIELDS = ("time", "learner", "module", "question", "event", "outcome", "detail")


def _draft_json(data: Any, key: str) -> str:
    """``data`` as JSON text, or a clear error naming the draft."""
    try:
        return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise WrongTypeError(
            f"`data` of the draft {key!r} must be made of dicts, lists, text, numbers, "
            f"True/False and None, but {data!r} was passed ({exc})."
        ) from None


def _instant(text: str) -> datetime:
    """An ISO 8601 time as an aware datetime (a time without zone is read as UTC)."""
    stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def _read_export(source: Path) -> tuple[list[tuple[Any, ...]], list[tuple[str, str, str]]]:
    """Read and validate an exported progress file; return its events and drafts.

    Drafts come back as ``(key, updated, data as JSON text)``, one per key (the newest
    when the file holds several learners' drafts of one key).
    """
    name = source.name
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DataError(
            f"{name!r} is not a kamtools progress file (it is not text; export one with "
            "kt.export_progress('my_progress.kam'))."
        ) from None
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{name!r} is not a kamtools progress file (not readable as JSON: {exc})."
        ) from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise DataError(
            f"{name!r} is not a kamtools progress file: `format` must be {EXPORT_FORMAT!r}, "
            f"but {found!r} was found."
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DataError(f"{name!r}: `version` must be a whole number, but {version!r} was found.")
    if version > EXPORT_VERSION:
        raise DataError(
            f"{name!r} was written by a newer kamtools (file version {version}, this one "
            f"reads up to {EXPORT_VERSION}): update kamtools, then import it again."
        )
    events: list[tuple[Any, ...]] = []
    for i, entry in enumerate(_entries(document, "events", name)):
        where = f"{name!r}: `events[{i}]`"
        if not isinstance(entry, dict):
            raise DataError(f"{where} must be an object, but {entry!r} was found.")
        row = tuple(entry.get(field) for field in _EXPORT_EVENT_FIELDS)
        _check_time(row[0], f"{where}.time")
        if not isinstance(row[1], str) or not row[1].strip():
            raise DataError(f"{where}.learner must be a name, but {row[1]!r} was found.")
        try:
            _check_event(*row[2:])
        except KamtoolsError as exc:
            raise DataError(f"{where}: {exc}") from None
        events.append(row)
    newest: dict[str, tuple[str, str, str]] = {}
    for i, entry in enumerate(_entries(document, "drafts", name)):
        where = f"{name!r}: `drafts[{i}]`"
        if not isinstance(entry, dict) or "data" not in entry:
            raise DataError(f"{where} must be an object with `data`, but {entry!r} was found.")
        key, updated = entry.get("key"), entry.get("updated")
        if not isinstance(key, str) or not key.strip():
            raise DataError(f"{where}.key must be a widget key, but {key!r} was found.")
        _check_time(updated, f"{where}.updated")
        text = _draft_json(entry["data"], key)
        if key not in newest or _instant(updated) > _instant(newest[key][1]):
            newest[key] = (key, updated, text)
    return events, list(newest.values())


def _entries(document: dict[str, Any], field: str, name: str) -> list[Any]:
    entries = document.get(field, [])
    if not isinstance(entries, list):
        raise DataError(f"{name!r}: `{field}` must be a list, but {entries!r} was found.")
    return entries


def _check_time(value: Any, where: str) -> None:
    try:
        if not isinstance(value, str):
            raise ValueError
        _instant(value)
    except ValueError:
        raise DataError(
            f"{where} must be a time such as '2026-03-01T09:30:00+00:00', but {value!r} was found."
        ) from None


def _draft_name(key: str) -> str:
    """A draft key in words: "form/account_plan" -> "the account plan"."""
    kind, _, rest = key.partition("/")
    if kind == "form":
        return {"account_plan": "the account plan", "dossier": "the client dossier"}.get(
            rest, f"the form {rest}"
        )
    if key == "self_assessment":
        return "the self-assessment"
    if kind == "quiz":
        module, _, question = rest.partition("/")
        return f"quiz {module}, {question}"
    if kind == "roleplay":
        return f"the role-play {rest}"
    return key


@dataclasses.dataclass
class ImportReport:
    """What :meth:`ProgressStore.import_progress` did; ``str()`` says it in words.

    Attributes
    ----------
    path : pathlib.Path
        The file imported.
    events_added, events_skipped : int
        Events added, and events skipped because they were already in the store.
    drafts_added, drafts_replaced, drafts_kept, drafts_same : list of str
        Widget keys whose draft was added (none here), replaced (the imported one was
        newer), kept (the one here was newer: not overwritten) or already the same.
    """

    path: Path
    events_added: int = 0
    events_skipped: int = 0
    drafts_added: list[str] = dataclasses.field(default_factory=list)
    drafts_replaced: list[str] = dataclasses.field(default_factory=list)
    drafts_kept: list[str] = dataclasses.field(default_factory=list)
    drafts_same: list[str] = dataclasses.field(default_factory=list)

    def __str__(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}" if count == 1 else f"{count} {word}s"

        parts = [
            f"{n(self.events_added, 'new event')} ({self.events_skipped} already here)",
            n(len(self.drafts_added), "new draft"),
        ]
        if self.drafts_replaced:
            parts.append(
                f"{n(len(self.drafts_replaced), 'older draft')} updated: "
                + "; ".join(_draft_name(k) for k in self.drafts_replaced)
            )
        text = f"Imported from {self.path.name}: " + ", ".join(parts) + "."
        if self.drafts_kept:
            text += (
                " Kept the newer version already on this machine of: "
                + "; ".join(_draft_name(k) for k in self.drafts_kept)
                + "."
            )
        return text


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
            _check_id(module, "module")

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
        _check_id(key, "key")
        text = _draft_json(data, key)
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
        _check_id(key, "key")

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
        _check_id(key, "key")

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
        target = _check_path(path, "path")
        if not target.parent.is_dir():
            raise ParameterError(
                f"`path` must be in an existing folder, but {str(target.parent)!r} does not "
                f"exist ({path!r} was passed)."
            )

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
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported": _utc_now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "store": str(self.path),
            "events": [dict(zip(_EXPORT_EVENT_FIELDS, row, strict=True)) for row in events],
            "drafts": [
                {"learner": learner, "key": key, "updated": updated, "data": json.loads(data)}
                for learner, key, updated, data in drafts
            ],
        }
        text = json.dumps(document, ensure_ascii=False, indent=1)
        partial = target.with_name(f".{target.name}.partial")
        try:
            partial.write_text(text + "\n", encoding="utf-8")
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return target

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
        source = _check_path(path, "path")
        if not source.is_file():
            raise ParameterError(
                f"`path` must be an exported progress file, but {str(source)!r} does not exist."
            )
        events, drafts = _read_export(source)

        def merge(con: sqlite3.Connection) -> ImportReport:
            report = ImportReport(path=source)
            con.execute("BEGIN IMMEDIATE")
            try:
                # The events already here, to skip them (one read, then a set lookup).
                here_events = set(
                    con.execute(
                        "SELECT time, learner, module, question, event, outcome, detail FROM events"
                    ).fetchall()
                )
                for row in events:
                    if row in here_events:
                        report.events_skipped += 1
                        continue
                    con.execute(
                        "INSERT INTO events (time, learner, module, question, event, "
                        "outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        row,
                    )
                    here_events.add(row)
                    report.events_added += 1
                for key, updated, text in drafts:
                    here = con.execute(
                        "SELECT data, updated FROM drafts WHERE learner = ? AND key = ?",
                        (self.learner, key),
                    ).fetchone()
                    if here is None:
                        report.drafts_added.append(key)
                    elif json.loads(here[0]) == json.loads(text):
                        report.drafts_same.append(key)
                        continue
                    elif _instant(updated) > _instant(here[1]):
                        report.drafts_replaced.append(key)
                    else:
                        report.drafts_kept.append(key)
                        continue
                    con.execute(
                        "INSERT INTO drafts (learner, key, data, updated) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT (learner, key) DO UPDATE SET data = excluded.data, "
                        "updated = excluded.updated",
                        (self.learner, key, text, updated),
                    )
                con.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    con.execute("ROLLBACK")
                raise
            return report

        return self._run(merge, f"Could not import {source.name}")

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


# ---------------------------------------------------------------------------------------
# Drafts of form widgets, and moving progress to another machine.
# ---------------------------------------------------------------------------------------
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
            _check_id(key, "key")
            _draft_json(data, key)
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
        self.key = _check_id(key, "key")
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
            self._last = _draft_json(data, self.key)
        return data

    def save(self, data: Any) -> bool:
        """Save ``data`` if it differs from what was last loaded or saved; return whether written."""
        if not self.enabled:
            return False
        text = _draft_json(data, self.key)
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
