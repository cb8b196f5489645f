"""Item analysis: which knowledge checks are too easy, too hard, or where a room is stuck.

:func:`item_analysis` reads one or more progress stores (the SQLite files that
:mod:`kamtools.progress` writes, one per learner on a laptop, one per user on JupyterHub)
and reports, per question of the course, how the learners did: how many tried it, the
share right at the first attempt, the attempts needed, hints and solutions opened, the
most common wrong answers, and a flag for items that are too easy or too hard. The
``kamtools items`` command prints the same table and writes it as CSV.

The stores are only read: a file is opened read-only and never migrated, repaired or
moved aside, so a handed-in file stays exactly as it was.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, overload

import pandas as pd

from ..errors import DataError, ParameterError, WrongTypeError
from ..progress import _SQLITE_MAGIC, SCHEMA_VERSION
from .roleplay import PROGRESS_MODULE as ROLEPLAY_MODULE

__all__ = ["ITEM_COLUMNS", "ItemAnalysis", "ItemAnalysisError", "item_analysis"]

# format_items and parse_since are used by `kamtools items`; reach them as kamtools.learning.items.*

#: Columns of :func:`item_analysis`, in order.
ITEM_COLUMNS = (
    "module",
    "question",
    "kind",
    "title",
    "learners",
    "first_try_correct",
    "solved",
    "mean_attempts",
    "stuck",
    "hints",
    "solutions",
    "wrong_answers",
    "flag",
    "note",
    "stuck_learners",
)

#: Attempt outcomes that count as an answer (as in ``ProgressStore.summary``): the
#: ``____`` placeholder ("not_attempted") is not an answer.
_COUNTED = ("correct", "incorrect", "uncheckable")

#: File names a folder is searched for.
STORE_PATTERN = "*.sqlite3"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days"}


class ItemAnalysisError(DataError):
    """A store file could not be read as a progress store; the message names the file."""


# ---------------------------------------------------------------------------------------
# Finding and reading the store files (read-only).
# ---------------------------------------------------------------------------------------
def _as_paths(stores: Any) -> list[Path]:
    if isinstance(stores, (str, os.PathLike)):
        items: list[Any] = [stores]
    elif isinstance(stores, Iterable) and not isinstance(stores, bytes):
        items = list(stores)
    else:
        raise WrongTypeError(
            "`stores` must be a store file or folder (str or pathlib.Path) or a list of "
            f"them, but {stores!r} was passed."
        )
    if not items:
        raise ParameterError("`stores` is empty: give at least one store file or folder.")
    paths = []
    for item in items:
        if not isinstance(item, (str, os.PathLike)) or not os.fspath(item).strip():
            raise WrongTypeError(
                f"`stores` must hold file or folder paths, but {item!r} was passed."
            )
        paths.append(Path(os.fspath(item)).expanduser())
    return paths


def _store_files(stores: Any) -> list[Path]:
    """The store files named by ``stores``: files as given, folders searched recursively."""
    files: list[Path] = []
    for path in _as_paths(stores):
        if path.is_dir():
            found = sorted(p for p in path.rglob(STORE_PATTERN) if p.is_file())
            if not found:
                raise ItemAnalysisError(
                    f"The folder {str(path)!r} holds no progress store (no {STORE_PATTERN} "
                    "file in it or its sub-folders)."
                )
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise ItemAnalysisError(f"{str(path)!r}: no such file or folder.")
    unique: dict[Path, Path] = {}
    for f in files:  # the same file named twice (a file and its folder) is read once
        unique.setdefault(f.resolve(), f)
    return list(unique.values())


def _read_store(path: Path) -> pd.DataFrame:
    """The events of one store file, opened read-only; ItemAnalysisError if not a store."""
    name = str(path)
    try:
        with path.open("rb") as fh:
            header = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise ItemAnalysisError(f"{name!r}: cannot be read ({exc}).") from None
    if header != _SQLITE_MAGIC:
        what = "an empty file" if not header else "not an SQLite file"
        raise ItemAnalysisError(f"{name!r} is not a progress store ({what}).")
    # A store is closed after every event, which folds its write-ahead log back into the
    # file: without a "-wal" file the file is complete and is read as immutable, which
    # creates nothing next to it. With one (a kernel writing right now, or a crash), it
    # is opened read-only, which lets SQLite read the log (and may add a "-shm" file).
    live = path.with_name(path.name + "-wal").exists()
    uri = f"{path.resolve().as_uri()}?{'mode=ro' if live else 'immutable=1'}"
    for tries_left in (2, 1, 0):
        try:
            return _select_events(path, uri)
        except sqlite3.DatabaseError as exc:
            # Read as immutable while a kernel folded its log into it: try again.
            if live or tries_left == 0 or "malformed" not in str(exc).lower():
                raise ItemAnalysisError(
                    f"{name!r} cannot be read as a progress store ({exc})."
                ) from None
            time.sleep(0.05)
    raise AssertionError("unreachable")  # pragma: no cover


def _select_events(path: Path, uri: str) -> pd.DataFrame:
    name = str(path)
    try:
        con = sqlite3.connect(uri, uri=True, timeout=2.0)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if version == 0 or "events" not in tables:
                raise ItemAnalysisError(
                    f"{name!r} is an SQLite database but not a progress store "
                    f"(tables: {sorted(tables)})."
                )
            if version > SCHEMA_VERSION:
                raise ItemAnalysisError(
                    f"{name!r} was written by a newer kamtools (schema version {version}, "
                    f"this one knows up to {SCHEMA_VERSION}): update kamtools."
                )
            rows = con.execute(
                "SELECT id, time, learner, module, question, event, outcome, detail "
                "FROM events ORDER BY id"
            ).fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        raise
    except sqlite3.Error as exc:
        raise ItemAnalysisError(f"{name!r} cannot be read as a progress store ({exc}).") from None
    frame = pd.DataFrame.from_records(
        rows, columns=["id", "time", "learner", "module", "question", "event", "outcome", "detail"]
    )
    try:
        frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    except (ValueError, TypeError) as exc:
        raise ItemAnalysisError(f"{name!r} holds an unreadable event time ({exc}).") from None
    return frame


# ---------------------------------------------------------------------------------------
# Parameters.
# ---------------------------------------------------------------------------------------
def _check_share(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WrongTypeError(f"`{name}` must be a share such as 0.95, but {value!r} was passed.")
    if not 0 <= value <= 1:
        raise ParameterError(f"`{name}` must be between 0 and 1, but {value!r} was passed.")
    return float(value)


def parse_since(since: Any, *, now: datetime | None = None) -> pd.Timestamp | None:
    """When the report starts: None, a datetime, a timedelta back from now, or text.

    Text is a duration back from now (``"30m"``, ``"2h"``, ``"1d"``) or a date and time in
    ISO 8601 (``"2026-03-02T09:00"``); a time without a time zone is read as UTC.

    Examples
    --------
    >>> from datetime import datetime, UTC
    >>> from kamtools.learning.items import parse_since
    >>> parse_since("90m", now=datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    Timestamp('2026-03-02 10:30:00+0000', tz='UTC')
    >>> parse_since("2026-03-02 09:00")
    Timestamp('2026-03-02 09:00:00+0000', tz='UTC')
    """
    if since is None:
        return None
    now = datetime.now(UTC) if now is None else now
    if isinstance(since, timedelta):
        if since <= timedelta(0):
            raise ParameterError(f"`since` must be a positive duration, but {since!r} was passed.")
        return pd.Timestamp(now - since).tz_convert("UTC")
    if isinstance(since, str):
        m = _DURATION.match(since)
        if m:
            amount = float(m.group(1))
            if amount <= 0:
                raise ParameterError(
                    f"`since` must be a positive duration, but {since!r} was passed."
                )
            delta = timedelta(**{_UNITS[m.group(2).lower()]: amount})
            return pd.Timestamp(now - delta).tz_convert("UTC")
        try:
            parsed: pd.Timestamp | None = pd.Timestamp(since)
        except ValueError:
            parsed = None
        if parsed is None or pd.isna(parsed):
            raise ParameterError(
                "`since` must be a duration such as '30m', '2h' or '1d', or a date and time "
                f"such as '2026-03-02T09:00', but {since!r} was passed."
            )
        stamp = parsed
    elif isinstance(since, datetime):
        stamp = pd.Timestamp(since)
    else:
        raise WrongTypeError(
            "`since` must be None, a datetime, a timedelta or text such as '2h', but "
            f"{since!r} was passed."
        )
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _modules_arg(module: Any) -> list[str] | None:
    if module is None:
        return None
    names = [module] if isinstance(module, str) else module
    if not isinstance(names, Sequence) or not all(isinstance(m, str) for m in names):
        raise WrongTypeError(
            f"`module` must be a module id such as '03_pareto' or a list of them, but "
            f"{module!r} was passed."
        )
    if not names or not all(m.strip() for m in names):
        raise ParameterError(f"`module` must name at least one module, but {module!r} was passed.")
    return list(names)


# ---------------------------------------------------------------------------------------
# The course's questions (titles, kinds, order).
# ---------------------------------------------------------------------------------------
def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _course_questions(modules: Iterable[str]) -> pd.DataFrame:
    """module, question, kind, title and course position of the questions of ``modules``
    (those of the course; other module ids are left out)."""
    from ..checks.spec import available_exercises, load_spec, spec_path

    rows = []
    wanted = set(modules)
    for module in available_exercises():
        if module not in wanted:
            continue
        for q in load_spec(spec_path(module))["questions"]:
            title = q.get("title") or re.sub(r"[*_`#>]", "", q["prompt"]).strip()
            rows.append((module, q["id"], q["type"], _short(title, 70)))
    frame = pd.DataFrame(rows, columns=["module", "question", "kind", "title"])
    frame["position"] = range(len(frame))
    return frame


def _natural(text: pd.Series) -> pd.Series:
    return text.str.replace(r"\d+", lambda m: m.group().zfill(12), regex=True)


def _top_wrong(answers: pd.Series, top: int) -> str:
    """ "0.8 (5); 0.2 (3)": answers given by the most learners, ties in text order."""
    counts = answers.value_counts()
    if counts.empty:
        return ""
    table = pd.DataFrame({"answer": counts.index.astype(str), "n": counts.to_numpy()})
    table = table.sort_values(["n", "answer"], ascending=[False, True]).head(top)
    return "; ".join(
        f"{_short(a, 50)} ({n})" for a, n in zip(table["answer"], table["n"], strict=True)
    )


# ---------------------------------------------------------------------------------------
# The analysis.
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ItemAnalysis:
    """The table of :func:`item_analysis` and what it was built from.

    Returned by ``kt.item_analysis(..., report=True)`` (``kamtools items`` uses it).

    Attributes
    ----------
    table : DataFrame
        One row per question, exactly what ``kt.item_analysis(...)`` returns.
    files : tuple of str
        The store files read.
    problems : tuple of str
        One message per file left out (``errors="report"``), naming the file.
    learners : int
        Distinct learners in the files read.
    since : datetime or None
        The start of the window given by ``since`` (UTC), or None.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import kamtools as kt
    >>> from kamtools.progress import ProgressStore
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(folder.name) / "ania.sqlite3", learner="ania")
    >>> _ = store.record("03_pareto", "q2", "attempt", outcome="correct", detail="0.8")
    >>> result = kt.item_analysis(folder.name, report=True)
    >>> result.learners, len(result.files), result.problems
    (1, 1, ())
    >>> folder.cleanup()
    """

    table: pd.DataFrame
    files: tuple[str, ...]
    problems: tuple[str, ...]
    learners: int
    since: datetime | None


@overload
def item_analysis(
    stores: Any,
    *,
    too_easy: float = ...,
    too_hard: float = ...,
    min_learners: int = ...,
    module: str | Sequence[str] | None = ...,
    since: Any = ...,
    learners: Literal["name", "file"] = ...,
    errors: Literal["raise", "report"] = ...,
    top: int = ...,
    report: Literal[False] = ...,
) -> pd.DataFrame: ...


@overload
def item_analysis(
    stores: Any,
    *,
    too_easy: float = ...,
    too_hard: float = ...,
    min_learners: int = ...,
    module: str | Sequence[str] | None = ...,
    since: Any = ...,
    learners: Literal["name", "file"] = ...,
    errors: Literal["raise", "report"] = ...,
    top: int = ...,
    report: Literal[True],
) -> ItemAnalysis: ...


def item_analysis(
    stores: Any,
    *,
    too_easy: float = 0.95,
    too_hard: float = 0.30,
    min_learners: int = 10,
    module: str | Sequence[str] | None = None,
    since: Any = None,
    learners: Literal["name", "file"] = "name",
    errors: Literal["raise", "report"] = "raise",
    top: int = 3,
    report: bool = False,
) -> pd.DataFrame | ItemAnalysis:
    """Report, per question, how learners did: for authors (too easy, too hard) and rooms.

    Parameters
    ----------
    stores : path or list of paths
        Progress store files (``progress.sqlite3``, see :func:`kamtools.progress.store_path`)
        and/or folders; a folder is searched, with its sub-folders, for ``*.sqlite3``
        files. The files are only read, never changed.
    too_easy : float, default 0.95
        Flag "too easy" when the share right at the first attempt is above this.
    too_hard : float, default 0.30
        Flag "too hard" when that share is below this.
    min_learners : int, default 10
        Fewer learners than this: no flag, a note says there are too few to judge.
    module : str or list of str, optional
        Only these modules, e.g. ``"03_pareto"``.
    since : datetime, timedelta or str, optional
        Only learners active on a question at or after this time: ``"1h"``, ``"30m"``,
        ``"1d"`` (back from now), a ``datetime``, or ISO text (``"2026-03-02T09:00"``,
        UTC unless a zone is given). Their figures still use their whole history on that
        question. Rows are then sorted by ``stuck`` first: where is the room stuck now?
    learners : {"name", "file"}, default "name"
        How learners are told apart. ``"name"``: the learner name recorded with every
        event (the JupyterHub user name on a hub, else the operating-system user); the
        same name in several files is one learner, and an event found in two files (a
        file handed in twice, a copy) counts once. ``"file"``: each file is one learner,
        whatever names it holds (for laptops whose user names clash, e.g. "student").
    errors : {"raise", "report"}, default "raise"
        A file that is not a readable progress store raises :class:`ItemAnalysisError`
        naming the file (``"raise"``), or is left out and listed in the ``problems`` of
        the ``report=True`` result (``"report"``; ``kamtools items --skip-bad`` prints
        them).
    top : int, default 3
        How many of the most common wrong answers to list.
    report : bool, default False
        ``True`` returns an :class:`ItemAnalysis`: the table together with the files
        read, the files left out, the number of learners and the ``since`` time.

    Returns
    -------
    DataFrame or ItemAnalysis
        One row per question (columns :data:`ITEM_COLUMNS`): every question of each
        module that has events (questions nobody tried have 0 learners), plus questions
        found in the stores but no longer in the course (noted). Columns:

        ``module``, ``question``, ``kind``, ``title``
            The question, its type (numeric, single_choice, ...) and title.
        ``learners``
            Learners who tried it: at least one answer checked (a ``____`` placeholder is
            not an answer; an answer the checker could not read is).
        ``first_try_correct``
            Share of those learners whose first answer was correct (0-1).
        ``solved``
            Share of those learners who got it right at some point.
        ``mean_attempts``
            Among learners who got it right: mean number of answers up to and including
            the first correct one (1.0 = all right first time). Learners still trying are
            not in it; they are counted in ``stuck``.
        ``stuck``
            Learners who tried and have not got it right (yet).
        ``hints``, ``solutions``
            Learners who opened at least one hint, or the solution (also those who
            looked without answering).
        ``wrong_answers``
            The ``top`` most common wrong answers as the checker read them
            (:meth:`kamtools.checks.Question.answer_key`), each with the number of
            learners who gave it: ``"0.8 (5); 0.2 (3)"``. Numeric, choice and short-text
            questions only.
        ``flag``
            ``"too hard"``, ``"too easy"`` or ``""``.
        ``note``
            Why there is no flag (too few learners, a reflection) or that a question is
            no longer in the course.
        ``stuck_learners``
            Names of the stuck learners (file names with ``learners="file"``).

        Sorted so that what needs attention comes first: too hard, then too easy, then
        the other judged items, then the rest; within each, most stuck first, then the
        lowest first-try share, then course order. Its ``attrs`` are empty; with
        ``report=True`` the table comes in an :class:`ItemAnalysis`.

    Raises
    ------
    ItemAnalysisError
        If a path does not exist, a folder holds no store, or (``errors="raise"``) a
        file is not a readable progress store; the message names the file.
    WrongTypeError, ParameterError
        If a parameter has the wrong type or value (e.g. ``too_hard`` not below
        ``too_easy``).

    Notes
    -----
    Attempts are put in time order per learner and question (within one file, the order
    of saving). Reflection questions count any long enough text as correct, so they get
    no flag. Stores written before checks recorded the wrong answer (the ``detail`` of an
    incorrect attempt) have no wrong answers to list; their events count in every other
    column.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import kamtools as kt
    >>> from kamtools.progress import ProgressStore
    >>> folder = tempfile.TemporaryDirectory()
    >>> tmp = Path(folder.name)
    >>> for name, outcomes in [("ania", ["correct"]), ("bartek", ["incorrect", "correct"])]:
    ...     store = ProgressStore(tmp / f"{name}.sqlite3", learner=name)
    ...     for outcome in outcomes:
    ...         _ = store.record("03_pareto", "q2", "attempt", outcome=outcome, detail="0.2")
    >>> table = kt.item_analysis(tmp, min_learners=2)
    >>> row = table.set_index("question").loc["q2"]
    >>> int(row["learners"]), float(row["first_try_correct"]), float(row["mean_attempts"])
    (2, 0.5, 1.5)
    >>> row["wrong_answers"]
    '0.2 (1)'
    >>> folder.cleanup()
    """
    if not isinstance(report, bool):
        raise WrongTypeError(f"`report` must be True or False, but {report!r} was passed.")
    too_easy = _check_share(too_easy, "too_easy")
    too_hard = _check_share(too_hard, "too_hard")
    if too_hard >= too_easy:
        raise ParameterError(f"`too_hard` ({too_hard!r}) must be below `too_easy` ({too_easy!r}).")
    for value, name in ((min_learners, "min_learners"), (top, "top")):
        if isinstance(value, bool) or not isinstance(value, int):
            raise WrongTypeError(f"`{name}` must be a whole number, but {value!r} was passed.")
        if value < 1:
            raise ParameterError(f"`{name}` must be at least 1, but {value!r} was passed.")
    if learners not in ("name", "file"):
        raise ParameterError(f"`learners` must be 'name' or 'file', but {learners!r} was passed.")
    if errors not in ("raise", "report"):
        raise ParameterError(f"`errors` must be 'raise' or 'report', but {errors!r} was passed.")
    modules = _modules_arg(module)
    start = parse_since(since)

    files = _store_files(stores)
    frames, problems, read = [], [], []
    for index, path in enumerate(files):
        try:
            ev = _read_store(path)
        except ItemAnalysisError as exc:
            if errors == "raise":
                raise
            problems.append(str(exc))
            continue
        read.append(str(path))
        ev["file"] = index
        if learners == "file":
            ev["learner"] = str(path)
        frames.append(ev)
    if not frames:
        raise ItemAnalysisError(
            "None of the files could be read as a progress store: " + " ".join(problems)
        )
    ev = pd.concat(frames, ignore_index=True)
    keys = ["learner", "time", "module", "question", "event", "outcome", "detail"]
    if learners == "name" and len(frames) > 1:
        # The same event in two files (a copy, a file handed in twice) counts once; two
        # identical events of one file both count (numbered within the file).
        filled = ev[keys].fillna({"outcome": "\x00", "detail": "\x00"})
        filled["dup"] = filled.assign(file=ev["file"]).groupby(["file", *keys]).cumcount()
        ev = ev[~filled.duplicated()]
    ev = ev.sort_values(["learner", "time", "file", "id"], kind="stable")
    # Role-play reflections (written replies the learner rated) are not checks of the course.
    ev = ev[ev["module"] != ROLEPLAY_MODULE]

    present = set(ev["module"])
    if modules is not None:
        from ..checks.spec import available_exercises

        known = available_exercises()
        unknown = [m for m in modules if m not in present and m not in known]
        if unknown:
            raise ParameterError(
                f"`module`: {unknown[0]!r} is not a module of the course and no store has "
                f"events for it; course modules: {', '.join(known)}."
            )
        ev = ev[ev["module"].isin(modules)]
        present = set(modules)
    course = _course_questions(present)

    item = ["module", "question"]
    pair = ["learner", *item]
    if start is not None:
        last = ev.groupby(pair)["time"].transform("max")
        ev = ev[last >= start]

    attempts = ev[(ev["event"] == "attempt") & ev["outcome"].isin(_COUNTED)].copy()
    attempts["n"] = attempts.groupby(pair).cumcount() + 1
    per = attempts.groupby(pair).agg(first=("outcome", "first"))
    correct = attempts[attempts["outcome"] == "correct"].groupby(pair)["n"].min()
    per["first_ok"] = per["first"] == "correct"
    per["to_correct"] = correct.reindex(per.index)
    per["solved"] = per["to_correct"].notna()
    per = per.reset_index()

    stats = per.groupby(item).agg(
        learners=("learner", "size"),
        first_try_correct=("first_ok", "mean"),
        solved=("solved", "mean"),
        mean_attempts=("to_correct", "mean"),
    )
    stuck_rows = per[~per["solved"]]
    stats["stuck"] = stuck_rows.groupby(item).size().reindex(stats.index).fillna(0)
    stats["stuck_learners"] = (
        stuck_rows.groupby(item)["learner"]
        .agg(lambda s: ", ".join(sorted(s)))
        .reindex(stats.index)
        .fillna("")
    )
    helped = {}
    for event, column in (("hint", "hints"), ("solution", "solutions")):
        helped[column] = ev[ev["event"] == event].groupby(item)["learner"].nunique()
    wrong = attempts[(attempts["outcome"] == "incorrect") & attempts["detail"].notna()]
    wrong = wrong.drop_duplicates([*pair, "detail"])
    wrong_text = wrong.groupby(item)["detail"].agg(lambda s: _top_wrong(s, top))

    seen = ev[item].drop_duplicates()
    rows = pd.concat([course[course["module"].isin(present)][item], seen]).drop_duplicates()
    out = rows.merge(course, on=item, how="left")
    in_course = out["position"].notna()
    out = out.join(stats, on=item)
    out = out.join(helped["hints"].rename("hints"), on=item)
    out = out.join(helped["solutions"].rename("solutions"), on=item)
    out = out.join(wrong_text.rename("wrong_answers"), on=item)
    if start is not None:  # the room view: only questions someone worked on since then
        out = out[out["learners"].notna() | out["hints"].notna() | out["solutions"].notna()]
        in_course = in_course.loc[out.index]
    for column in ("learners", "stuck", "hints", "solutions"):
        out[column] = out[column].fillna(0).astype("int64")
    for column in ("kind", "title", "wrong_answers", "stuck_learners"):
        out[column] = out[column].fillna("").astype(str)
    for column in ("first_try_correct", "solved", "mean_attempts"):
        out[column] = out[column].astype("float64")

    flag, note, rank = [], [], []
    row: Any  # an itertuples row: one attribute per column
    for row, in_known in zip(out.itertuples(index=False), in_course, strict=True):
        f, n, r = "", "", 2
        if row.learners == 0:
            n, r = "nobody has tried it yet", 4
        elif row.kind == "reflection":
            n, r = "reflection: the learner rates it against the rubric, so it is not judged", 3
        elif row.learners < min_learners:
            n, r = f"{row.learners} learner(s): too few to judge (needs {min_learners})", 3
        elif row.first_try_correct > too_easy:
            f, r = "too easy", 1
        elif row.first_try_correct < too_hard:
            f, r = "too hard", 0
        if not in_known:
            n = "; ".join(x for x in (n, "no longer in the course (renamed or removed?)") if x)
        flag.append(f)
        note.append(n)
        rank.append(r)
    out["flag"], out["note"], out["_rank"] = flag, note, rank
    out["_position"] = out["position"].fillna(len(course))
    out["_key"] = _natural(out["module"] + " " + out["question"])
    order = ["_rank", "stuck", "first_try_correct", "_position", "_key"]
    ascending = [True, False, True, True, True]
    if start is not None:
        order, ascending = ["stuck", *order], [False, *ascending]
    out = out.sort_values(order, ascending=ascending, kind="stable", na_position="last")
    out = out[list(ITEM_COLUMNS)].reset_index(drop=True)
    if not report:
        return out
    return ItemAnalysis(
        table=out,
        files=tuple(read),
        problems=tuple(problems),
        learners=int(ev["learner"].nunique()),
        since=start,
    )


# ---------------------------------------------------------------------------------------
# A plain-text table for the terminal (``kamtools items``).
# ---------------------------------------------------------------------------------------
def _percent(x: float) -> str:
    return "" if pd.isna(x) else f"{x:.0%}"


def _status(flag: str, note: str) -> str:
    if flag:
        return flag
    short = []
    if note.startswith("nobody"):
        short.append("not tried")
    elif note.startswith("reflection"):
        short.append("reflection")
    elif "too few" in note:
        short.append("too few to judge")
    if "no longer in the course" in note:
        short.append("not in course")
    return ", ".join(short)


def format_items(
    table: pd.DataFrame | ItemAnalysis, *, show_untried: bool = False, width: int = 60
) -> str:
    """The result of :func:`item_analysis` as a plain-text table, most urgent rows first.

    Percentages are whole numbers; the flag column shows the flag or a short reason why
    there is none (the full ``note`` is in the CSV). Questions nobody tried are left out
    unless ``show_untried``; a last line says how many there were. Given an
    :class:`ItemAnalysis` (``report=True``), a first line says how many learners and
    files were read.
    """
    lines = []
    if isinstance(table, ItemAnalysis):
        head = f"Item analysis: {table.learners} learner(s) in {len(table.files)} store file(s)"
        if table.since is not None:
            head += f", active since {table.since:%Y-%m-%d %H:%M} UTC"
        lines += [head + ".", ""]
        table = table.table
    if not isinstance(table, pd.DataFrame) or not set(ITEM_COLUMNS) <= set(table.columns):
        raise WrongTypeError("`table` must be the DataFrame returned by item_analysis().")
    shown = table if show_untried else table[table["learners"] > 0]
    if shown.empty:
        lines.append("No question has been tried yet.")
    else:
        view = pd.DataFrame(
            {
                "item": shown["module"] + " " + shown["question"],
                "kind": shown["kind"],
                "tried": shown["learners"],
                "1st try": shown["first_try_correct"].map(_percent),
                "solved": shown["solved"].map(_percent),
                "tries": shown["mean_attempts"].map(lambda x: "" if pd.isna(x) else f"{x:.1f}"),
                "stuck": shown["stuck"],
                "hints": shown["hints"],
                "sol.": shown["solutions"],
                "flag": [_status(f, n) for f, n in zip(shown["flag"], shown["note"], strict=True)],
                "common wrong answers": shown["wrong_answers"].map(lambda s: _short(s, width)),
            }
        )
        right = {"tried", "1st try", "solved", "tries", "stuck", "hints", "sol."}
        cells = {c: [c, *(str(v) for v in view[c])] for c in view.columns}
        widths = {c: max(len(v) for v in cells[c]) for c in view.columns}
        for i in range(len(view) + 1):
            parts = [
                cells[c][i].rjust(widths[c]) if c in right else cells[c][i].ljust(widths[c])
                for c in view.columns
            ]
            lines.append("  ".join(parts).rstrip())
    untried = int((table["learners"] == 0).sum())
    if untried and not show_untried:
        lines += [
            "",
            f"{untried} question(s) nobody has tried are not shown (they are in the CSV).",
        ]
    return "\n".join(lines)
