"""The SQLite file under the progress store: shared by many kernels, never breaking a lesson.

:class:`SQLiteFile` is the durable half of :class:`kamtools.progress.ProgressStore`: it
opens one connection per operation (WAL journal, ``busy_timeout``), retries while another
kernel holds the lock, moves a damaged file aside (never deleting it) and turns every
problem into a one-line notice. The store adds the schema, its migrations and what is
stored; see the notes of :class:`~kamtools.progress.ProgressStore`.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from ..errors import KamtoolsError

__all__ = ["ProgressStoreError", "SQLiteFile"]

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_CORRUPT, _SQLITE_NOTADB = 5, 6, 11, 26

# First 16 bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"

_log = logging.getLogger("kamtools.progress")
# A library never prints: without this handler, warnings would reach stderr through
# logging's last-resort handler and show as red boxes in notebooks.
_log.addHandler(logging.NullHandler())

_T = TypeVar("_T")


class ProgressStoreError(KamtoolsError):
    """The progress store could not be read or changed (locked, unreadable, newer schema).

    :func:`record` never raises it; reading, exporting and resetting do, after adding a
    notice to :attr:`ProgressStore.notices`.
    """


class Refused(Exception):
    """The file is a healthy SQLite database that this kamtools must not touch."""


# Shown as kamtools.progress.ProgressStoreError, where it is imported from.
ProgressStoreError.__module__ = "kamtools.progress"


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


class SQLiteFile:
    """Run operations on one SQLite file: locks retried, damage moved aside, notices kept.

    A subclass sets :attr:`path`, :attr:`timeout` (seconds SQLite waits for a lock),
    :attr:`retries` and :attr:`notices` (a list), and brings the schema up to date in
    :meth:`_migrate`, which may raise :class:`Refused` for a file it must not touch.
    """

    path: Path
    timeout: float
    retries: int
    notices: list[str]

    def _migrate(self, con: sqlite3.Connection) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

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
                header = fh.read(len(SQLITE_MAGIC))
        except FileNotFoundError:
            return
        if header and header != SQLITE_MAGIC:
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
            except Refused as exc:
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
