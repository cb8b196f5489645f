"""Reports on a learner's progress: pure functions over the recorded events.

Each function takes the events of a store, the table :meth:`ProgressStore.events
<kamtools.progress.ProgressStore.events>` returns (one row per event, columns ``id``,
``time``, ``learner``, ``module``, ``question``, ``event``, ``outcome`` and ``detail``),
and returns a new table; none reads or writes a file. The store's own methods
(:meth:`~kamtools.progress.ProgressStore.summary`,
:meth:`~kamtools.progress.ProgressStore.completion`, ...) read the events and call these;
the progress dashboard, the certificates and the CSV export for mentors build on them.

Examples
--------
>>> import pandas as pd
>>> from kamtools.progress import report
>>> events = pd.DataFrame({
...     "id": [1, 2, 3],
...     "time": pd.to_datetime(["2025-03-01T09:00Z", "2025-03-01T09:01Z", "2025-03-01T09:02Z"]),
...     "module": ["03_pareto"] * 3,
...     "question": ["q1", "q1", "q2"],
...     "event": ["attempt", "attempt", "hint"],
...     "outcome": ["incorrect", "correct", None],
... })
>>> report.summary(events)[["question", "attempts", "solved", "attempts_before_success", "hints"]]
  question  attempts  solved  attempts_before_success  hints
0       q1         2    True                        1      0
1       q2         0   False                     <NA>      1
>>> report.next_step(events, {"03_pareto": ["q1", "q2", "q3"]})
NextStep(module='03_pareto', question='q2')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias

import pandas as pd

from ..errors import DataError, WrongTypeError
from ..outcomes import COUNTED
from ._validate import check_count, check_id

__all__ = [
    "SUMMARY_COLUMNS",
    "Catalogue",
    "NextStep",
    "check_catalogue",
    "completion",
    "csv_table",
    "many_attempts",
    "next_step",
    "questions_seen",
    "summary",
]

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

#: What a catalogue may be: module id -> question ids, in course order.
Catalogue: TypeAlias = "Mapping[str, Sequence[str]]"


class NextStep(NamedTuple):
    """The question a learner should do next: the first unsolved one of the first
    incomplete module."""

    module: str
    question: str


def check_catalogue(catalogue: Any) -> tuple[list[str], pd.DataFrame]:
    """Validate a catalogue; return its modules and a (module, question, position) frame.

    Raises
    ------
    WrongTypeError
        If ``catalogue`` is not a mapping of module ids to lists of question ids.
    DataError
        If a module lists the same question twice.
    """
    if not isinstance(catalogue, Mapping):
        raise WrongTypeError(
            "`catalogue` must map each module id to its list of question ids, e.g. "
            f"{{'03_pareto': ['q1', 'q2']}}, but {catalogue!r} was passed."
        )
    modules: list[str] = []
    questions: list[list[str]] = []
    for module, ids in catalogue.items():  # one entry per module: configuration, not data
        check_id(module, "catalogue key")
        if isinstance(ids, (str, bytes)) or not isinstance(ids, Sequence):
            raise WrongTypeError(
                f"`catalogue[{module!r}]` must be a list of question ids, but {ids!r} was passed."
            )
        for q in ids:  # question ids of one module: configuration, not data
            check_id(q, f"catalogue[{module!r}]")
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


def _natural_key(text: pd.Series) -> pd.Series:
    """Sort key that puts 'q2' before 'q10' (digits padded to 12 places)."""
    return text.str.replace(r"\d+", lambda m: m.group().zfill(12), regex=True)


def summary(events: pd.DataFrame) -> pd.DataFrame:
    """Summarise the events per module and question.

    Parameters
    ----------
    events : DataFrame
        The events, as :meth:`ProgressStore.events <kamtools.progress.ProgressStore.events>`
        returns them (``id``, ``time``, ``module``, ``question``, ``event``, ``outcome``).

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
    >>> from kamtools.progress import ProgressStore, report
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
    >>> for outcome in ["incorrect", "uncheckable", "correct", "incorrect"]:
    ...     _ = store.record("03_pareto", "q1", "attempt", outcome=outcome)
    >>> _ = store.record("03_pareto", "q1", "hint")
    >>> row = report.summary(store.events()).iloc[0]
    >>> int(row["attempts"]), bool(row["solved"]), int(row["attempts_before_success"])
    (4, True, 2)
    >>> int(row["hints"]), bool(row["solution_viewed"])
    (1, False)
    >>> tmp.cleanup()
    """
    ev = events
    keys = ["module", "question"]
    base = ev[keys].drop_duplicates().reset_index(drop=True)
    is_attempt = (ev["event"] == "attempt") & ev["outcome"].isin(COUNTED)
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
    # pandas takes pd.NA as `other`; the stubs' overloads of Series.where do not list it.
    out["attempts_before_success"] = (
        out["before"].fillna(0).astype("Int64").where(out["solved"], pd.NA)  # type: ignore[call-overload]
    )
    out["hints"] = out["hints"].fillna(0).astype("int64")
    out["solution_viewed"] = out["solutions"].fillna(0) > 0
    for col in ("first_attempt", "last_attempt"):
        out[col] = pd.to_datetime(out[col], utc=True)
    out = out.sort_values(["module", "question"], key=_natural_key, kind="stable")
    return out[list(SUMMARY_COLUMNS)].reset_index(drop=True)


def many_attempts(events: pd.DataFrame, *, at_least: int = 3) -> pd.DataFrame:
    """Return the questions that needed many attempts.

    Parameters
    ----------
    events : DataFrame
        The events (see :func:`summary`).
    at_least : int, default 3
        How many attempts that did not succeed make a question "hard".

    Returns
    -------
    DataFrame
        The rows of :func:`summary` that were solved after ``at_least`` or more
        unsuccessful attempts, or are still unsolved after ``at_least`` or more
        attempts; same columns and order as :func:`summary`.

    Raises
    ------
    WrongTypeError
        If ``at_least`` is not a whole number.
    ParameterError
        If ``at_least`` is below 1.

    Notes
    -----
    ``(solved and attempts_before_success >= at_least) or (not solved and
    attempts >= at_least)``: in both cases the learner tried ``at_least`` times
    without success.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kamtools.progress import ProgressStore, report
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
    >>> for outcome in ["incorrect", "incorrect", "incorrect"]:
    ...     _ = store.record("03_pareto", "q2", "attempt", outcome=outcome)
    >>> _ = store.record("03_pareto", "q1", "attempt", outcome="correct")
    >>> report.many_attempts(store.events())["question"].tolist()
    ['q2']
    >>> tmp.cleanup()
    """
    at_least = check_count(at_least, "at_least")
    table = summary(events)
    before = table["attempts_before_success"].fillna(0).astype("int64")
    hard = (table["solved"] & (before >= at_least)) | (
        ~table["solved"] & (table["attempts"] >= at_least)
    )
    return table[hard].reset_index(drop=True)


def completion(events: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Return how many questions of each module the learner has solved.

    Parameters
    ----------
    events : DataFrame
        The events (see :func:`summary`).
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

    Notes
    -----
    A question is solved once any attempt was correct (see :func:`summary`). Events
    of questions missing from ``catalogue`` (renamed or removed ones) are not counted
    here; they stay in :func:`summary` and the CSV export. A module with no
    questions counts as complete.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kamtools.progress import ProgressStore, report
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
    >>> _ = store.record("03_pareto", "q1", "attempt", outcome="correct")
    >>> cat = {"00_start_here": ["q1"], "03_pareto": ["q1", "q2", "q3"]}
    >>> report.completion(store.events(), cat)[["module", "questions", "solved", "next_question"]]
              module  questions  solved next_question
    0  00_start_here          1       0            q1
    1      03_pareto          3       1            q2
    >>> tmp.cleanup()
    """
    modules, cat = check_catalogue(catalogue)
    solved = summary(events)[["module", "question", "solved"]]
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


def next_step(events: pd.DataFrame, catalogue: Catalogue) -> NextStep | None:
    """Return the question to do next, or None when every module is complete.

    Parameters
    ----------
    events : DataFrame
        The events (see :func:`summary`).
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
        If ``catalogue`` is malformed (see :func:`completion`).

    Notes
    -----
    Course order is the order of ``catalogue``, so an early module left half done
    comes before a later one.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kamtools.progress import ProgressStore, report
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
    >>> _ = store.record("00_start_here", "q1", "attempt", outcome="correct")
    >>> report.next_step(store.events(), {"00_start_here": ["q1"], "03_pareto": ["q1", "q2"]})
    NextStep(module='03_pareto', question='q1')
    >>> report.next_step(store.events(), {"00_start_here": ["q1"]}) is None
    True
    >>> tmp.cleanup()
    """
    table = completion(events, catalogue)
    todo = table[~table["complete"]]
    if todo.empty:
        return None
    first = todo.iloc[0]
    return NextStep(str(first["module"]), str(first["next_question"]))


def questions_seen(events: pd.DataFrame) -> dict[str, list[str]]:
    """Return the questions with at least one event, as a catalogue.

    Returns
    -------
    dict of str to list of str
        Module id -> question ids with events, both sorted as in :func:`summary`.

    Notes
    -----
    The dashboard falls back on it when the course catalogue
    (``kamtools.checks.catalogue()``) is not available; completion is then measured
    against the questions tried so far.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kamtools.progress import ProgressStore, report
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
    >>> for q in ["q10", "q2"]:
    ...     _ = store.record("03_pareto", q, "hint")
    >>> report.questions_seen(store.events())
    {'03_pareto': ['q2', 'q10']}
    >>> tmp.cleanup()
    """
    table = summary(events)
    return {
        str(module): group.tolist()
        for module, group in table.groupby("module", sort=False)["question"]
    }


def csv_table(
    events: pd.DataFrame, learner: str, *, catalogue: Catalogue | None = None
) -> pd.DataFrame:
    """The progress summary as the CSV export for a mentor writes it.

    Parameters
    ----------
    events : DataFrame
        The events (see :func:`summary`).
    learner : str
        Put in the first column, ``learner``, of every row.
    catalogue : mapping of str to list of str, optional
        Module id -> question ids. When given, every question of the course gets a
        row, including the ones not tried yet (0 attempts), in course order; questions
        with events outside the catalogue follow.

    Returns
    -------
    DataFrame
        ``learner`` followed by the columns of :func:`summary`; times as ISO 8601 text
        in UTC (``2025-03-01T09:30:00Z``), missing when there is none.

    Raises
    ------
    WrongTypeError, DataError
        If ``catalogue`` is malformed (see :func:`completion`).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kamtools.progress import ProgressStore, report
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3", learner="ania")
    >>> _ = store.record("03_pareto", "q1", "hint")
    >>> table = report.csv_table(store.events(), "ania", catalogue={"03_pareto": ["q1", "q2"]})
    >>> table[["learner", "question", "attempts", "hints"]]
      learner question  attempts  hints
    0    ania       q1         0      1
    1    ania       q2         0      0
    >>> tmp.cleanup()
    """
    table = summary(events)
    if catalogue is not None:
        _, cat = check_catalogue(catalogue)
        table["order"] = range(len(table))
        table = cat.merge(table, on=["module", "question"], how="outer")
        # Course order first; questions outside the catalogue follow in summary order.
        table["position"] = table["position"].fillna(len(cat))
        table = table.sort_values(["position", "order"], kind="stable")
        table["attempts"] = table["attempts"].fillna(0).astype("int64")
        table["hints"] = table["hints"].fillna(0).astype("int64")
        for col in ("solved", "solution_viewed"):
            table[col] = table[col].fillna(False).astype(bool)
        table = table[list(SUMMARY_COLUMNS)].reset_index(drop=True)
    out = table.copy()
    for col in ("first_attempt", "last_attempt"):
        out[col] = out[col].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    out.insert(0, "learner", learner)
    return out
