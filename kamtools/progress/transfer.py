"""The export file: all of a store's progress in one file, to back it up or move it.

:meth:`ProgressStore.export_progress <kamtools.progress.ProgressStore.export_progress>`
writes it and :meth:`~kamtools.progress.ProgressStore.import_progress` merges it into
another store; this module holds the file format and the merge rules they share.

The file is UTF-8 JSON: ``format`` (:data:`EXPORT_FORMAT`), ``version``
(:data:`EXPORT_VERSION`), ``exported`` (UTC), ``store`` (where it came from), ``events``
(oldest first, with their time, learner, module, question, event, outcome and detail)
and ``drafts`` (learner, key, updated, data).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import DataError, KamtoolsError
from ._validate import check_event, draft_json, instant, utc_now

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "ImportReport",
    "merge",
    "read_export",
    "write_export",
]

#: ``format`` of a file written by :meth:`ProgressStore.export_progress`.
EXPORT_FORMAT = "kamtools-progress"

#: ``version`` of that file written by this kamtools (older versions are read too).
EXPORT_VERSION = 1

#: The fields of an event in the file, in the order of the ``events`` table.
EVENT_FIELDS = ("time", "learner", "module", "question", "event", "outcome", "detail")

#: One event as stored: the values of :data:`EVENT_FIELDS`.
Row = tuple[Any, ...]

#: One draft as read from a file: ``(key, updated, data as JSON text)``.
DraftRow = tuple[str, str, str]


def write_export(
    target: Path, store: Path, events: list[Row], drafts: list[tuple[str, str, str, str]]
) -> Path:
    """Write the export file ``target`` (replacing it) from a store's rows.

    ``events`` are rows of :data:`EVENT_FIELDS`, oldest first; ``drafts`` are
    ``(learner, key, updated, data as JSON text)``. The text goes to a temporary file
    that is then renamed, so a failed export never leaves half a file.
    """
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported": utc_now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "store": str(store),
        "events": [dict(zip(EVENT_FIELDS, row, strict=True)) for row in events],
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


def read_export(source: Path) -> tuple[list[Row], list[DraftRow]]:
    """Read and validate an exported progress file; return its events and drafts.

    Drafts come back as ``(key, updated, data as JSON text)``, one per key (the newest
    when the file holds several learners' drafts of one key).

    Raises
    ------
    DataError
        If the file is not a kamtools progress file, is from a newer kamtools, or an
        entry is malformed (the message names the entry, the field and the value).
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
    events: list[Row] = []
    for i, entry in enumerate(_entries(document, "events", name)):
        where = f"{name!r}: `events[{i}]`"
        if not isinstance(entry, dict):
            raise DataError(f"{where} must be an object, but {entry!r} was found.")
        row = tuple(entry.get(field) for field in EVENT_FIELDS)
        _check_time(row[0], f"{where}.time")
        if not isinstance(row[1], str) or not row[1].strip():
            raise DataError(f"{where}.learner must be a name, but {row[1]!r} was found.")
        try:
            check_event(*row[2:])
        except KamtoolsError as exc:
            raise DataError(f"{where}: {exc}") from None
        events.append(row)
    newest: dict[str, DraftRow] = {}
    for i, entry in enumerate(_entries(document, "drafts", name)):
        where = f"{name!r}: `drafts[{i}]`"
        if not isinstance(entry, dict) or "data" not in entry:
            raise DataError(f"{where} must be an object with `data`, but {entry!r} was found.")
        key, updated = entry.get("key"), entry.get("updated")
        if not isinstance(key, str) or not key.strip():
            raise DataError(f"{where}.key must be a widget key, but {key!r} was found.")
        updated = _check_time(updated, f"{where}.updated")
        text = draft_json(entry["data"], key)
        if key not in newest or instant(updated) > instant(newest[key][1]):
            newest[key] = (key, updated, text)
    return events, list(newest.values())


def _entries(document: dict[str, Any], field: str, name: str) -> list[Any]:
    entries = document.get(field, [])
    if not isinstance(entries, list):
        raise DataError(f"{name!r}: `{field}` must be a list, but {entries!r} was found.")
    return entries


def _check_time(value: Any, where: str) -> str:
    """``value`` when it is a time text such as '2026-03-01T09:30:00+00:00'."""
    if isinstance(value, str):
        try:
            instant(value)
            return value
        except ValueError:
            pass
    raise DataError(
        f"{where} must be a time such as '2026-03-01T09:30:00+00:00', but {value!r} was found."
    )


def draft_name(key: str) -> str:
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
                + "; ".join(draft_name(k) for k in self.drafts_replaced)
            )
        text = f"Imported from {self.path.name}: " + ", ".join(parts) + "."
        if self.drafts_kept:
            text += (
                " Kept the newer version already on this machine of: "
                + "; ".join(draft_name(k) for k in self.drafts_kept)
                + "."
            )
        return text


def merge(
    con: sqlite3.Connection,
    source: Path,
    events: list[Row],
    drafts: list[DraftRow],
    learner: str,
) -> ImportReport:
    """Merge what :func:`read_export` read into the store open on ``con``, in one transaction.

    Events already in the store (all fields equal) are skipped; new ones are added in
    the file's order. Drafts are filed under ``learner``; for each key the draft here is
    kept unless the imported one is newer (see
    :meth:`ProgressStore.import_progress <kamtools.progress.ProgressStore.import_progress>`).
    If anything fails, the transaction is rolled back and nothing changes.
    """
    report = ImportReport(path=source)
    con.execute("BEGIN IMMEDIATE")
    try:
        # The events already here, to skip them (one read, then a set lookup).
        here_events = set(con.execute(f"SELECT {', '.join(EVENT_FIELDS)} FROM events").fetchall())
        for row in events:
            if row in here_events:
                report.events_skipped += 1
                continue
            con.execute(
                f"INSERT INTO events ({', '.join(EVENT_FIELDS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            here_events.add(row)
            report.events_added += 1
        for key, updated, text in drafts:
            here = con.execute(
                "SELECT data, updated FROM drafts WHERE learner = ? AND key = ?",
                (learner, key),
            ).fetchone()
            if here is None:
                report.drafts_added.append(key)
            elif json.loads(here[0]) == json.loads(text):
                report.drafts_same.append(key)
                continue
            elif instant(updated) > instant(here[1]):
                report.drafts_replaced.append(key)
            else:
                report.drafts_kept.append(key)
                continue
            con.execute(
                "INSERT INTO drafts (learner, key, data, updated) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (learner, key) DO UPDATE SET data = excluded.data, "
                "updated = excluded.updated",
                (learner, key, text, updated),
            )
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        raise
    return report
