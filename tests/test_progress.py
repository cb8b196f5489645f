"""Tests for kamtools.progress: the learner-progress store and the lesson-facing record()."""

from __future__ import annotations

import csv
import logging
import multiprocessing
import random
import re
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamtools import progress
from kamtools.errors import DataError, KamtoolsError, ParameterError, WrongTypeError
from kamtools.progress import (
    EVENTS,
    OUTCOMES,
    SCHEMA_VERSION,
    SUMMARY_COLUMNS,
    NextStep,
    ProgressStore,
    ProgressStoreError,
    default_store,
    record,
    store_path,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
CORRUPT_NAME = re.compile(r"^p\.sqlite3\.corrupt-\d{8}T\d{6}Z$")


class FakeClock:
    """Returns T0, T0 + 1 min, T0 + 2 min, ... (or any step, also negative)."""

    def __init__(self, start: datetime = T0, step: timedelta = timedelta(minutes=1)) -> None:
        self.step = step
        self.now = start - step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


def minute(n: int) -> pd.Timestamp:
    return pd.Timestamp(T0 + timedelta(minutes=n))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """Never touch the real user store; start every test with no cached default store."""
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "default" / "progress.sqlite3"))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "ania")
    monkeypatch.setattr(progress, "_STORES", {})


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "p.sqlite3"


@pytest.fixture
def store(path) -> ProgressStore:
    return ProgressStore(path, clock=FakeClock())


def attempts(store: ProgressStore, module: str, question: str, *outcomes: str) -> None:
    for outcome in outcomes:
        assert store.record(module, question, "attempt", outcome=outcome)


def user_version(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def count_rows(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


# ---------------------------------------------------------------------------------------
# Arguments
# ---------------------------------------------------------------------------------------
class TestRecordArguments:
    def test_unknown_event(self, store):
        with pytest.raises(ParameterError, match=r"`event` must be one of .* but 'attempts' was"):
            store.record("03_pareto", "q1", "attempts")

    def test_attempt_needs_an_outcome(self, store):
        with pytest.raises(ParameterError, match=r"`outcome` is required .* but None was passed"):
            store.record("03_pareto", "q1", "attempt")

    def test_unknown_outcome(self, store):
        with pytest.raises(ParameterError, match=r"`outcome` must be one of .* but 'right' was"):
            store.record("03_pareto", "q1", "attempt", outcome="right")

    def test_outcome_checked_for_other_events_too(self, store):
        with pytest.raises(ParameterError, match=r"but 'seen' was passed"):
            store.record("03_pareto", "q1", "hint", outcome="seen")

    def test_module_must_be_text(self, store):
        with pytest.raises(WrongTypeError, match=r"`module` must be a string id, but 3 was"):
            store.record(3, "q1", "hint")

    def test_question_must_not_be_blank(self, store):
        with pytest.raises(ParameterError, match=r"`question` must be a non-empty id, but ' '"):
            store.record("03_pareto", " ", "hint")

    def test_detail_must_be_text(self, store):
        with pytest.raises(WrongTypeError, match=r"`detail` must be a string or None, but 0.8"):
            store.record("03_pareto", "q1", "attempt", outcome="correct", detail=0.8)

    def test_nothing_is_written_for_a_bad_call(self, store, path):
        with pytest.raises(ParameterError):
            store.record("03_pareto", "q1", "attempts")
        assert not path.exists()


class TestStoreArguments:
    @pytest.mark.parametrize("bad", [3, ["p.sqlite3"], b"p.sqlite3"])
    def test_path_must_be_a_path(self, bad):
        with pytest.raises(WrongTypeError, match=r"`path` must be a file path .* but .* was pass"):
            ProgressStore(bad)

    @pytest.mark.parametrize("bad", ["", "  ", ":memory:"])
    def test_path_must_name_a_file(self, bad):
        with pytest.raises(ParameterError, match=rf"`path` must name a file .* but {bad!r} was"):
            ProgressStore(bad)

    def test_path_must_not_be_a_folder(self, tmp_path):
        with pytest.raises(ParameterError, match=r"is a folder; use e\.g\. .*progress\.sqlite3"):
            ProgressStore(tmp_path)

    @pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
    def test_timeout_must_be_positive(self, path, bad):
        with pytest.raises(ParameterError, match=rf"`timeout` must be above 0 .* but {bad!r}"):
            ProgressStore(path, timeout=bad)

    @pytest.mark.parametrize("bad", ["1", True, None])
    def test_timeout_must_be_a_number(self, path, bad):
        with pytest.raises(WrongTypeError, match=rf"`timeout` must be a number .* but {bad!r}"):
            ProgressStore(path, timeout=bad)

    def test_retries_at_least_one(self, path):
        with pytest.raises(ParameterError, match=r"`retries` must be at least 1, but 0 was"):
            ProgressStore(path, retries=0)

    @pytest.mark.parametrize("bad", [1.5, True, "3"])
    def test_retries_whole_number(self, path, bad):
        with pytest.raises(WrongTypeError, match=rf"`retries` must be a whole number, but {bad!r}"):
            ProgressStore(path, retries=bad)

    def test_learner_not_blank(self, path):
        with pytest.raises(ParameterError, match=r"`learner` must be a non-empty id, but ''"):
            ProgressStore(path, learner="")

    def test_tilde_is_expanded(self, monkeypatch, tmp_path):
        monkeypatch.setenv("HOME", str(tmp_path))
        assert ProgressStore("~/kam/p.sqlite3").path == tmp_path / "kam" / "p.sqlite3"

    def test_relative_path_is_made_absolute(self, monkeypatch, tmp_path):
        monkeypatch.chdir(tmp_path)
        store = ProgressStore("p.sqlite3")
        assert store.path == tmp_path / "p.sqlite3"
        assert repr(store) == f"ProgressStore({str(tmp_path / 'p.sqlite3')!r})"


class TestOtherArguments:
    def test_reset_module_type(self, store):
        with pytest.raises(WrongTypeError, match=r"`module` must be a string id, but 5 was"):
            store.reset(5)

    def test_reset_module_blank(self, store):
        with pytest.raises(ParameterError, match=r"`module` must be a non-empty id, but ''"):
            store.reset("")

    def test_many_attempts_at_least_one(self, store):
        with pytest.raises(ParameterError, match=r"`at_least` must be at least 1, but 0 was"):
            store.many_attempts(at_least=0)

    def test_many_attempts_whole_number(self, store):
        with pytest.raises(WrongTypeError, match=r"`at_least` must be a whole number, but 2.0"):
            store.many_attempts(at_least=2.0)

    def test_catalogue_must_be_a_mapping(self, store):
        with pytest.raises(WrongTypeError, match=r"`catalogue` must map .* but \['q1'\] was"):
            store.completion(["q1"])

    def test_catalogue_values_must_be_lists(self, store):
        with pytest.raises(WrongTypeError, match=r"`catalogue\['m'\]` must be a list .* 'q1q2'"):
            store.completion({"m": "q1q2"})

    def test_catalogue_question_ids_are_text(self, store):
        with pytest.raises(WrongTypeError, match=r"`catalogue\['m'\]` must be a string id, but 2"):
            store.completion({"m": ["q1", 2]})

    def test_catalogue_question_ids_not_blank(self, store):
        with pytest.raises(ParameterError, match=r"`catalogue\['m'\]` must be a non-empty id"):
            store.next_step({"m": [""]})

    def test_catalogue_module_ids_are_text(self, store):
        with pytest.raises(WrongTypeError, match=r"`catalogue key` must be a string id, but 1"):
            store.completion({1: ["q1"]})

    def test_catalogue_duplicates(self, store):
        with pytest.raises(DataError, match=r"`catalogue\['m'\]` lists question 'q1' twice"):
            store.completion({"m": ["q1", "q2", "q1"]})

    def test_export_folder_must_exist(self, store, tmp_path):
        target = tmp_path / "nowhere" / "out.csv"
        with pytest.raises(ParameterError, match=r"`path` must be in an existing folder.*nowhere"):
            store.export_csv(target)
        assert not target.parent.exists()

    def test_export_path_not_a_folder(self, store, tmp_path):
        with pytest.raises(ParameterError, match=r"is a folder"):
            store.export_csv(tmp_path)

    def test_export_bad_catalogue(self, store, tmp_path):
        with pytest.raises(WrongTypeError, match=r"`catalogue` must map"):
            store.export_csv(tmp_path / "out.csv", catalogue=[("m", "q1")])
        assert not (tmp_path / "out.csv").exists()

    def test_errors_share_the_hierarchy(self):
        assert issubclass(ProgressStoreError, KamtoolsError)


# ---------------------------------------------------------------------------------------
# Creating, writing and reading
# ---------------------------------------------------------------------------------------
class TestStoreFile:
    def test_created_on_first_use_with_its_folder(self, tmp_path):
        path = tmp_path / "a" / "b" / "p.sqlite3"
        store = ProgressStore(path)
        assert not path.parent.exists()
        assert store.record("03_pareto", "q1", "hint")
        assert path.is_file()

    def test_schema_version_and_wal(self, store, path):
        store.record("03_pareto", "q1", "hint")
        assert user_version(path) == SCHEMA_VERSION == 2  # 1: events, 2: drafts
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        con.close()

    def test_empty_file_is_a_fresh_store(self, path):
        path.write_bytes(b"")  # an empty file is a valid, empty SQLite database
        store = ProgressStore(path)
        assert store.record("03_pareto", "q1", "hint")
        assert store.notices == []
        assert count_rows(path) == 1

    def test_two_stores_on_one_file_see_each_other(self, path):
        first, second = ProgressStore(path), ProgressStore(path)
        first.record("03_pareto", "q1", "hint")
        second.record("03_pareto", "q2", "hint")
        assert first.events()["question"].tolist() == ["q1", "q2"]


class TestEvents:
    def test_columns_values_and_types(self, path):
        store = ProgressStore(path, clock=FakeClock(), learner="ania")
        store.record("03_pareto", "q1", "attempt", outcome="incorrect", detail="0.8 typed as 80")
        store.record("03_pareto", "q1", "hint")
        ev = store.events()
        assert list(ev.columns) == [
            "id",
            "time",
            "learner",
            "module",
            "question",
            "event",
            "outcome",
            "detail",
        ]
        assert ev["id"].tolist() == [1, 2]
        assert ev["time"].tolist() == [minute(0), minute(1)]
        assert str(ev["time"].dt.tz) == "UTC"
        assert ev["learner"].tolist() == ["ania", "ania"]
        assert ev["event"].tolist() == ["attempt", "hint"]
        assert ev.loc[0, "outcome"] == "incorrect"
        assert ev.loc[0, "detail"] == "0.8 typed as 80"
        assert pd.isna(ev.loc[1, "outcome"]) and pd.isna(ev.loc[1, "detail"])

    def test_empty_store(self, store):
        ev = store.events()
        assert ev.empty
        assert list(ev.columns)[:3] == ["id", "time", "learner"]

    def test_time_from_other_time_zone_is_stored_in_utc(self, path):
        warsaw = datetime(2025, 3, 1, 11, 0, tzinfo=timezone(timedelta(hours=1)))
        store = ProgressStore(path, clock=lambda: warsaw)
        store.record("03_pareto", "q1", "hint")
        assert store.events()["time"].tolist() == [pd.Timestamp("2025-03-01 10:00", tz="UTC")]

    def test_naive_clock_is_taken_as_utc(self, path):
        store = ProgressStore(path, clock=lambda: datetime(2025, 3, 1, 10, 0))
        store.record("03_pareto", "q1", "hint")
        assert store.events()["time"].tolist() == [pd.Timestamp("2025-03-01 10:00", tz="UTC")]

    def test_real_clock_is_now(self, path):
        store = ProgressStore(path)
        before = pd.Timestamp.now(tz="UTC")
        store.record("03_pareto", "q1", "hint")
        after = pd.Timestamp.now(tz="UTC")
        assert before <= store.events().loc[0, "time"] <= after

    def test_text_is_kept_exactly(self, store):
        odd = "Łódź → 80 %, 'quotes', \"double\", ; commas, new\nline"
        store.record("03_pareto_ł", "q1", "rubric", detail=odd)
        ev = store.events()
        assert ev.loc[0, "module"] == "03_pareto_ł"
        assert ev.loc[0, "detail"] == odd


class TestLearner:
    def test_hub_user(self, path, monkeypatch):
        monkeypatch.setenv("JUPYTERHUB_USER", "jan.kowalski")
        assert ProgressStore(path).learner == "jan.kowalski"

    def test_os_user_without_hub(self, path, monkeypatch):
        monkeypatch.delenv("JUPYTERHUB_USER")
        monkeypatch.setattr(progress.getpass, "getuser", lambda: "osuser")
        assert ProgressStore(path).learner == "osuser"

    def test_unknown_when_no_user_name(self, path, monkeypatch):
        def no_user() -> str:
            raise OSError("No username set in the environment")

        monkeypatch.delenv("JUPYTERHUB_USER")
        monkeypatch.setattr(progress.getpass, "getuser", no_user)
        assert ProgressStore(path).learner == "unknown"


# ---------------------------------------------------------------------------------------
# Summary, many attempts, completion, next step
# ---------------------------------------------------------------------------------------
@pytest.fixture
def worked(store) -> ProgressStore:
    """The hand-computed case used below; event times are T0 + 0, 1, 2, ... minutes."""
    store.record("03_pareto", "q1", "attempt", outcome="not_attempted")  # 0: not an answer
    store.record("03_pareto", "q1", "attempt", outcome="incorrect")  # 1: attempt 1
    store.record("03_pareto", "q1", "hint")  # 2
    store.record("03_pareto", "q1", "attempt", outcome="uncheckable")  # 3: attempt 2
    store.record("03_pareto", "q1", "hint")  # 4
    store.record("03_pareto", "q1", "attempt", outcome="correct")  # 5: attempt 3, solved
    store.record("03_pareto", "q1", "attempt", outcome="incorrect")  # 6: attempt 4
    store.record("03_pareto", "q10", "attempt", outcome="correct")  # 7: right first time
    store.record("03_pareto", "q2", "hint")  # 8: hint only
    store.record("01_role", "q1", "solution")  # 9
    store.record("01_role", "q1", "solution")  # 10
    store.record("01_role", "q1", "rubric", detail="listed the buying centre")  # 11
    return store


class TestSummary:
    def test_hand_computed(self, worked):
        table = worked.summary()
        assert list(table.columns) == list(SUMMARY_COLUMNS)
        # modules sorted; questions in natural order (q2 before q10)
        assert table[["module", "question"]].values.tolist() == [
            ["01_role", "q1"],
            ["03_pareto", "q1"],
            ["03_pareto", "q2"],
            ["03_pareto", "q10"],
        ]
        role, q1, q2, q10 = (table.iloc[i] for i in range(4))
        # 03_pareto/q1: 4 answers (events 1, 3, 5, 6; the not_attempted one does not count),
        # first correct is the 3rd answer -> 2 before success; 2 hints; first answer at
        # minute 1, last at minute 6.
        assert (q1["attempts"], q1["solved"], q1["attempts_before_success"]) == (4, True, 2)
        assert (q1["hints"], q1["solution_viewed"]) == (2, False)
        assert (q1["first_attempt"], q1["last_attempt"]) == (minute(1), minute(6))
        # 03_pareto/q10: right first time -> 0 before success
        assert (q10["attempts"], q10["solved"], q10["attempts_before_success"]) == (1, True, 0)
        assert q10["first_attempt"] == q10["last_attempt"] == minute(7)
        # 03_pareto/q2: only a hint -> no attempts, unsolved, before success missing
        assert (q2["attempts"], q2["solved"], q2["hints"]) == (0, False, 1)
        assert pd.isna(q2["attempts_before_success"])
        assert pd.isna(q2["first_attempt"]) and pd.isna(q2["last_attempt"])
        # 01_role/q1: solution twice, a rubric tick: viewed, nothing else counted
        assert (role["attempts"], role["hints"], role["solution_viewed"]) == (0, 0, True)
        assert not role["solved"]

    def test_types(self, worked):
        table = worked.summary()
        assert table["attempts"].dtype == "int64"
        assert table["hints"].dtype == "int64"
        assert table["solved"].dtype == bool
        assert table["solution_viewed"].dtype == bool
        assert table["attempts_before_success"].dtype == "Int64"

    def test_empty(self, store):
        table = store.summary()
        assert table.empty
        assert list(table.columns) == list(SUMMARY_COLUMNS)

    def test_only_not_attempted(self, store):
        attempts(store, "03_pareto", "q1", "not_attempted", "not_attempted")
        row = store.summary().iloc[0]
        assert (row["attempts"], row["solved"]) == (0, False)
        assert pd.isna(row["first_attempt"])

    def test_order_of_saving_not_clock(self, path):
        # The clock runs backwards (two kernels with different clocks): the incorrect answer
        # is saved first but stamped later; it still counts as before the success.
        store = ProgressStore(path, clock=FakeClock(step=timedelta(minutes=-1)))
        attempts(store, "03_pareto", "q1", "incorrect", "correct")
        row = store.summary().iloc[0]
        assert row["attempts_before_success"] == 1
        # first/last attempt are times, so min and max of the stamps
        assert (row["first_attempt"], row["last_attempt"]) == (minute(-1), minute(0))

    def test_several_correct_answers_count_from_the_first(self, store):
        attempts(store, "m", "q1", "incorrect", "correct", "incorrect", "correct")
        # answers: incorrect, correct (first success), incorrect, correct -> 1 before success
        row = store.summary().iloc[0]
        assert (row["attempts"], row["attempts_before_success"]) == (4, 1)

    def test_same_question_id_in_two_modules_is_kept_apart(self, store):
        attempts(store, "01_role", "q1", "correct")
        attempts(store, "03_pareto", "q1", "incorrect")
        table = store.summary().set_index("module")
        assert table.loc["01_role", "solved"]
        assert not table.loc["03_pareto", "solved"]


class TestManyAttempts:
    def test_thresholds(self, store):
        attempts(store, "m", "a", "incorrect", "incorrect", "incorrect", "correct")  # 3 failed
        attempts(store, "m", "b", "incorrect", "incorrect", "correct")  # 2 failed: not hard
        attempts(store, "m", "c", "incorrect", "uncheckable", "incorrect")  # unsolved, 3 tries
        attempts(store, "m", "d", "incorrect", "incorrect")  # unsolved, 2 tries: not hard
        attempts(store, "m", "e", "correct", "incorrect", "incorrect", "incorrect")  # solved 1st
        attempts(store, "m", "f", "not_attempted", "not_attempted", "not_attempted")  # 0 tries
        assert store.many_attempts()["question"].tolist() == ["a", "c"]
        assert store.many_attempts(at_least=2)["question"].tolist() == ["a", "b", "c", "d"]
        assert store.many_attempts(at_least=4)["question"].tolist() == []

    def test_same_columns_as_summary(self, store):
        assert list(store.many_attempts().columns) == list(SUMMARY_COLUMNS)


CATALOGUE = {"01_role": ["q1"], "03_pareto": ["q1", "q2", "q10", "q11"], "05_plan": []}


class TestCompletion:
    def test_hand_computed(self, worked):
        table = worked.completion(CATALOGUE)
        assert list(table.columns) == [
            "module",
            "questions",
            "solved",
            "share",
            "complete",
            "next_question",
        ]
        assert table["module"].tolist() == ["01_role", "03_pareto", "05_plan"]
        # 01_role: q1 only had the solution shown -> 0 of 1
        # 03_pareto: q1 and q10 solved -> 2 of 4 = 0.5, next is q2 (course order)
        # 05_plan: no questions -> complete, share undefined
        assert table["questions"].tolist() == [1, 4, 0]
        assert table["solved"].tolist() == [0, 2, 0]
        assert table["share"].iloc[:2].tolist() == [0.0, 0.5]
        assert pd.isna(table["share"].iloc[2])
        assert table["complete"].tolist() == [False, False, True]
        assert table["next_question"].iloc[:2].tolist() == ["q1", "q2"]
        assert pd.isna(table["next_question"].iloc[2])

    def test_catalogue_order_not_alphabetical(self, store):
        attempts(store, "a", "x", "correct")
        table = store.completion({"b": ["z", "y"], "a": ["x"]})
        assert table["module"].tolist() == ["b", "a"]
        assert table["next_question"].iloc[0] == "z"
        assert table["complete"].tolist() == [False, True]

    def test_events_outside_catalogue_are_not_counted(self, store):
        attempts(store, "03_pareto", "q_old", "correct")
        attempts(store, "99_gone", "q1", "correct")
        table = store.completion({"03_pareto": ["q1"]})
        assert table["solved"].tolist() == [0]
        assert len(store.summary()) == 2  # still in the summary

    def test_empty_catalogue(self, worked):
        assert worked.completion({}).empty
        assert worked.next_step({}) is None


class TestNextStep:
    def test_first_unsolved_of_first_incomplete_module(self, worked):
        # 01_role is first and incomplete
        assert worked.next_step(CATALOGUE) == NextStep("01_role", "q1")

    def test_skips_complete_and_empty_modules(self, store):
        attempts(store, "01_role", "q1", "correct")
        cat = {"00_start": [], "01_role": ["q1"], "03_pareto": ["q1", "q2"]}
        assert store.next_step(cat) == NextStep("03_pareto", "q1")
        attempts(store, "03_pareto", "q1", "correct")
        assert store.next_step(cat) == NextStep("03_pareto", "q2")

    def test_none_when_all_done(self, store):
        attempts(store, "01_role", "q1", "incorrect", "correct")
        assert store.next_step({"01_role": ["q1"], "05_plan": []}) is None

    def test_an_earlier_gap_comes_first(self, store):
        attempts(store, "03_pareto", "q2", "correct")
        assert store.next_step({"03_pareto": ["q1", "q2", "q3"]}).question == "q1"


class TestQuestionsSeen:
    def test_natural_order(self, store):
        for q in ["q10", "q2", "q1"]:
            store.record("03_pareto", q, "hint")
        store.record("01_role", "q3", "solution")
        assert store.questions_seen() == {"01_role": ["q3"], "03_pareto": ["q1", "q2", "q10"]}

    def test_empty(self, store):
        assert store.questions_seen() == {}


# ---------------------------------------------------------------------------------------
# Reset and export
# ---------------------------------------------------------------------------------------
class TestReset:
    def test_one_module(self, worked):
        assert worked.reset("01_role") == 3  # two solutions and a rubric tick
        assert set(worked.events()["module"]) == {"03_pareto"}

    def test_unknown_module_erases_nothing(self, worked):
        assert worked.reset("99_nothing") == 0
        assert len(worked.events()) == 12

    def test_everything(self, worked, path):
        assert worked.reset() == 12
        assert worked.events().empty
        assert user_version(path) == SCHEMA_VERSION  # still a valid store
        assert worked.record("03_pareto", "q1", "hint")

    def test_empty_store(self, store):
        assert store.reset() == 0


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class TestExport:
    def test_header_and_rows(self, worked, tmp_path):
        out = worked.export_csv(tmp_path / "kam_progress.csv")
        assert out == tmp_path / "kam_progress.csv"
        lines = out.read_text(encoding="utf-8").splitlines()
        assert lines[0] == (
            "learner,module,question,attempts,first_attempt,last_attempt,solved,"
            "attempts_before_success,hints,solution_viewed"
        )
        # 03_pareto/q1 from the hand-computed case: answers at minutes 1..6
        assert lines[2] == (
            "ania,03_pareto,q1,4,2025-03-01T09:01:00Z,2025-03-01T09:06:00Z,True,2,2,False"
        )
        # 03_pareto/q2: a hint only -> empty times and empty attempts_before_success
        assert lines[3] == "ania,03_pareto,q2,0,,,False,,1,False"
        assert len(lines) == 1 + 4

    def test_relative_path_is_returned_absolute(self, worked, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        out = worked.export_csv("kam_progress.csv")
        assert out.is_absolute() and out == tmp_path / "kam_progress.csv"

    def test_with_catalogue_lists_every_question(self, worked, tmp_path):
        cat = {"03_pareto": ["q1", "q2", "q3"], "05_plan": ["q1"]}
        rows = read_csv(worked.export_csv(tmp_path / "out.csv", catalogue=cat))
        keys = [(r["module"], r["question"]) for r in rows]
        # course order first, then questions with events outside the catalogue
        assert keys == [
            ("03_pareto", "q1"),
            ("03_pareto", "q2"),
            ("03_pareto", "q3"),
            ("05_plan", "q1"),
            ("01_role", "q1"),
            ("03_pareto", "q10"),
        ]
        untried = rows[2]
        assert (untried["attempts"], untried["solved"], untried["hints"]) == ("0", "False", "0")
        assert untried["first_attempt"] == "" and untried["attempts_before_success"] == ""

    def test_utf8_round_trip(self, store, tmp_path):
        store.record("03_pareto_łódź", "q1", "hint")
        rows = read_csv(store.export_csv(tmp_path / "out.csv"))
        assert rows[0]["module"] == "03_pareto_łódź"

    def test_empty_store_writes_a_header(self, store, tmp_path):
        out = store.export_csv(tmp_path / "out.csv")
        assert out.read_text(encoding="utf-8").splitlines() == [
            "learner,module,question,attempts,first_attempt,last_attempt,solved,"
            "attempts_before_success,hints,solution_viewed"
        ]

    def test_overwrites(self, worked, tmp_path):
        target = tmp_path / "out.csv"
        target.write_text("old", encoding="utf-8")
        worked.export_csv(target)
        assert target.read_text(encoding="utf-8").startswith("learner,")

    def test_same_numbers_as_summary(self, worked, tmp_path):
        back = pd.read_csv(worked.export_csv(tmp_path / "out.csv"))
        table = worked.summary()
        assert back["attempts"].tolist() == table["attempts"].tolist()
        assert back["hints"].tolist() == table["hints"].tolist()
        assert back["solved"].tolist() == table["solved"].tolist()


# ---------------------------------------------------------------------------------------
# Locked, damaged, foreign and newer stores; migrations
# ---------------------------------------------------------------------------------------
@pytest.fixture
def locker(store, path):
    """Another connection holding an exclusive transaction on the store."""
    store.record("03_pareto", "q1", "hint")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    yield con
    con.execute("ROLLBACK")
    con.close()


class TestLocked:
    def test_record_returns_quickly_without_raising(self, store, path, locker, caplog):
        start = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="kamtools.progress"):
            saved = store.record("03_pareto", "q2", "attempt", outcome="correct")
        elapsed = time.monotonic() - start
        assert saved is False
        # default: 3 tries of 0.5 s each, plus short pauses
        assert elapsed < 5
        assert len(store.notices) == 1
        notice = store.notices[0]
        assert notice.startswith("Progress not saved for 03_pareto/q2 (attempt): ")
        assert "locked" in notice and str(path) in notice and "\n" not in notice
        assert caplog.records[-1].getMessage() == notice
        assert caplog.records[-1].levelno == logging.WARNING

    def test_skipped_event_is_not_saved_later(self, store, path, locker):
        store.record("03_pareto", "q2", "hint")
        locker.execute("ROLLBACK")
        locker.execute("BEGIN")  # the fixture rolls back again at teardown
        assert store.events()["question"].tolist() == ["q1"]

    def test_retries_are_few_and_quick(self, path, locker):
        store = ProgressStore(path, timeout=0.1, retries=2)
        start = time.monotonic()
        assert store.record("03_pareto", "q2", "hint") is False
        assert time.monotonic() - start < 1.5

    def test_reading_works_while_a_writer_holds_the_lock(self, store, locker):
        # WAL mode: readers are not blocked by a writer
        assert store.events()["question"].tolist() == ["q1"]

    def test_reset_while_locked_raises_after_a_notice(self, path, locker):
        store = ProgressStore(path, timeout=0.1, retries=2)
        with pytest.raises(ProgressStoreError, match=r"Could not erase all progress: .*locked"):
            store.reset()
        assert len(store.notices) == 1 and "locked" in store.notices[0]
        assert count_rows(path) == 1

    def test_lock_released_in_time_is_waited_for(self, store, path):
        store.record("03_pareto", "q1", "hint")
        con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        con.execute("BEGIN EXCLUSIVE")

        def release() -> None:
            time.sleep(0.3)
            con.execute("COMMIT")

        thread = threading.Thread(target=release)
        thread.start()
        try:
            assert store.record("03_pareto", "q2", "hint") is True
        finally:
            thread.join()
            con.close()
        assert store.notices == []
        assert count_rows(path) == 2


def write_junk(path: Path, size: int = 8192, seed: int = 0) -> bytes:
    junk = random.Random(seed).randbytes(size)
    path.write_bytes(junk)
    return junk


class TestCorrupt:
    def test_random_bytes_are_moved_aside(self, store, path, caplog):
        junk = write_junk(path)
        with caplog.at_level(logging.WARNING, logger="kamtools.progress"):
            assert store.record("03_pareto", "q1", "attempt", outcome="correct") is True
        moved = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
        assert len(moved) == 1
        assert CORRUPT_NAME.match(moved[0].name)
        assert moved[0].read_bytes() == junk  # nothing deleted, nothing changed
        # the fresh store works and holds the event that triggered the recovery
        assert store.events()["outcome"].tolist() == ["correct"]
        assert len(store.notices) == 1
        assert str(moved[0]) in store.notices[0]
        assert "damaged" in store.notices[0] and "fresh store" in store.notices[0]
        assert caplog.records[-1].getMessage() == store.notices[0]

    def test_damage_found_while_reading(self, store, path):
        write_junk(path)
        assert store.events().empty
        assert len(store.notices) == 1 and "moved to" in store.notices[0]

    def test_malformed_pages(self, path):
        store = ProgressStore(path)
        for i in range(300):
            store.record("03_pareto", f"q{i}", "rubric", detail="x" * 200)
        con = sqlite3.connect(path)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        data = bytearray(path.read_bytes())
        data[4096 * 3 : 4096 * 6] = random.Random(1).randbytes(4096 * 3)
        path.write_bytes(bytes(data))
        assert store.events().empty  # the damaged store was moved aside, a fresh one started
        moved = [p for p in path.parent.iterdir() if CORRUPT_NAME.match(p.name)]
        assert len(moved) == 1 and moved[0].read_bytes() == bytes(data)
        assert "malformed" in store.notices[0]

    def test_companion_files_move_along(self, store, path):
        write_junk(path)
        path.with_name(path.name + "-wal").write_bytes(b"old wal")
        path.with_name(path.name + "-shm").write_bytes(b"old shm")
        store.record("03_pareto", "q1", "hint")
        moved = [p for p in path.parent.iterdir() if CORRUPT_NAME.match(p.name)][0]
        assert moved.with_name(moved.name + "-wal").read_bytes() == b"old wal"
        assert moved.with_name(moved.name + "-shm").read_bytes() == b"old shm"

    def test_name_taken_gets_a_suffix(self, store, path):
        write_junk(path)
        now = datetime.now(UTC)
        taken = [
            path.with_name(f"{path.name}.corrupt-{(now + timedelta(seconds=s)):%Y%m%dT%H%M%SZ}")
            for s in range(3)
        ]
        for p in taken:
            p.write_bytes(b"earlier")
        store.record("03_pareto", "q1", "hint")
        assert all(p.read_bytes() == b"earlier" for p in taken)
        suffixed = [p for p in path.parent.iterdir() if p.name.endswith("Z-1")]
        assert len(suffixed) == 1

    def test_cannot_move_aside(self, store, path, monkeypatch):
        junk = write_junk(path)

        def refuse(self, target):
            raise PermissionError(f"cannot rename {self}")

        monkeypatch.setattr(Path, "rename", refuse)
        assert store.record("03_pareto", "q1", "hint") is False
        assert path.read_bytes() == junk
        assert "could not be moved aside" in store.notices[-1]

    def test_record_function_recovers_too(self, tmp_path, monkeypatch):
        path = tmp_path / "p.sqlite3"
        write_junk(path)
        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(path))
        record("03_pareto", "q1", "hint")
        assert default_store().events()["event"].tolist() == ["hint"]
        assert "moved to" in default_store().notices[0]


class TestForeignAndNewer:
    def test_newer_schema_is_left_untouched(self, store, path):
        store.record("03_pareto", "q1", "hint")
        con = sqlite3.connect(path)
        con.execute("PRAGMA user_version = 99")
        con.close()
        assert store.record("03_pareto", "q2", "hint") is False
        assert "newer kamtools" in store.notices[-1]
        with pytest.raises(ProgressStoreError, match=r"schema version 99"):
            store.events()
        assert user_version(path) == 99 and count_rows(path) == 1
        assert not [p for p in path.parent.iterdir() if ".corrupt-" in p.name]

    def test_other_programs_database_is_left_untouched(self, path):
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE customers (id)")
        con.execute("INSERT INTO customers VALUES (1)")
        con.commit()
        con.close()
        store = ProgressStore(path)
        assert store.record("03_pareto", "q1", "hint") is False
        assert "another program" in store.notices[-1]
        assert "customers" in store.notices[-1]
        con = sqlite3.connect(path)
        assert con.execute("SELECT count(*) FROM customers").fetchone()[0] == 1
        assert user_version(path) == 0
        con.close()

    def test_unusable_folder(self, tmp_path):
        blocker = tmp_path / "file.txt"
        blocker.write_text("not a folder", encoding="utf-8")
        store = ProgressStore(blocker / "p.sqlite3")
        assert store.record("03_pareto", "q1", "hint") is False
        assert "cannot be used" in store.notices[-1]
        with pytest.raises(ProgressStoreError, match=r"Could not read progress"):
            store.summary()


class TestMigration:
    def test_older_store_is_migrated_keeping_its_events(self, store, path, monkeypatch):
        store.record("03_pareto", "q1", "hint")
        v2 = ("ALTER TABLE events ADD COLUMN session TEXT",)
        monkeypatch.setattr(progress, "_MIGRATIONS", (*progress._MIGRATIONS, v2))
        assert store.record("03_pareto", "q2", "hint")
        assert user_version(path) == SCHEMA_VERSION + 1
        assert store.events()["question"].tolist() == ["q1", "q2"]
        con = sqlite3.connect(path)
        columns = [row[1] for row in con.execute("PRAGMA table_info(events)")]
        con.close()
        assert "session" in columns

    def test_failed_migration_changes_nothing(self, store, path, monkeypatch):
        store.record("03_pareto", "q1", "hint")
        broken = ("ALTER TABLE events ADD COLUMN session TEXT", "THIS IS NOT SQL")
        monkeypatch.setattr(progress, "_MIGRATIONS", (*progress._MIGRATIONS, broken))
        assert store.record("03_pareto", "q2", "hint") is False
        assert "cannot be used" in store.notices[-1]
        assert user_version(path) == SCHEMA_VERSION
        con = sqlite3.connect(path)
        columns = [row[1] for row in con.execute("PRAGMA table_info(events)")]
        con.close()
        assert "session" not in columns  # rolled back as a whole


# ---------------------------------------------------------------------------------------
# Two processes writing at once
# ---------------------------------------------------------------------------------------
def _write_many(path: str, worker: str, n: int, barrier) -> None:
    """Child process: record n events as fast as possible once both workers are ready."""
    store = ProgressStore(path, learner=worker)
    barrier.wait(timeout=120)
    saved = sum(
        store.record("03_pareto", f"q{i % 7}", "attempt", outcome="incorrect", detail=str(i))
        for i in range(n)
    )
    if saved != n or store.notices:
        sys.exit(f"{worker} saved {saved} of {n}; notices: {store.notices}")


@pytest.mark.slow
def test_two_processes_writing_at_once(tmp_path):
    path = tmp_path / "shared" / "p.sqlite3"  # neither the folder nor the file exists yet
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    workers = [
        ctx.Process(target=_write_many, args=(str(path), name, 500, barrier))
        for name in ("kernel_a", "kernel_b")
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=240)
    assert [w.exitcode for w in workers] == [0, 0]
    ev = ProgressStore(path).events()
    assert len(ev) == 1000
    assert ev["id"].is_unique
    for name in ("kernel_a", "kernel_b"):
        mine = ev[ev["learner"] == name]
        # each process's events all arrived, in the order it wrote them
        assert mine["detail"].astype(int).tolist() == list(range(500))


# ---------------------------------------------------------------------------------------
# record(), the default store and the environment
# ---------------------------------------------------------------------------------------
class TestRecordFunction:
    def test_writes_to_env_path(self, tmp_path, monkeypatch):
        path = tmp_path / "env" / "progress.sqlite3"
        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(path))
        assert record("03_pareto", "q1", "attempt", outcome="correct", detail="0.8") is None
        assert count_rows(path) == 1
        assert default_store().path == path
        assert default_store().events().loc[0, "learner"] == "ania"

    def test_one_store_per_path(self, tmp_path, monkeypatch):
        first = default_store()
        assert default_store() is first
        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "other.sqlite3"))
        assert default_store() is not first
        assert default_store().path == tmp_path / "other.sqlite3"

    @pytest.mark.parametrize("off", ["off", "OFF", " off ", "0", "false", "no"])
    def test_switched_off(self, monkeypatch, off):
        monkeypatch.setenv("KAMTOOLS_PROGRESS", off)
        record("03_pareto", "q1", "attempt", outcome="correct")
        assert not store_path().exists()

    @pytest.mark.parametrize("on", ["", "on", "1"])
    def test_other_values_keep_it_on(self, monkeypatch, on):
        monkeypatch.setenv("KAMTOOLS_PROGRESS", on)
        record("03_pareto", "q1", "hint")
        assert count_rows(store_path()) == 1

    def test_explicit_store_records_even_when_off(self, monkeypatch, path):
        monkeypatch.setenv("KAMTOOLS_PROGRESS", "off")
        assert ProgressStore(path).record("03_pareto", "q1", "hint")

    def test_bad_arguments_never_raise(self, caplog):
        with caplog.at_level(logging.ERROR, logger="kamtools.progress"):
            record("03_pareto", "q1", "attempt", outcome="right")
            record("03_pareto", "q1", "attempts")
        notices = default_store().notices
        assert len(notices) == 2
        assert notices[0].startswith("Progress not saved: `outcome` must be one of")
        assert "'right' was passed" in notices[0]
        assert "'attempts' was passed" in notices[1]
        assert [r.levelno for r in caplog.records] == [logging.ERROR, logging.ERROR]
        assert not store_path().exists()

    def test_bad_arguments_are_logged_when_off(self, monkeypatch, caplog):
        monkeypatch.setenv("KAMTOOLS_PROGRESS", "off")
        with caplog.at_level(logging.ERROR, logger="kamtools.progress"):
            record("03_pareto", "q1", "attempt")
        assert "`outcome` is required" in caplog.records[-1].getMessage()

    def test_bad_env_path_never_raises(self, tmp_path, monkeypatch, caplog):
        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path))  # a folder
        with caplog.at_level(logging.ERROR, logger="kamtools.progress"):
            record("03_pareto", "q1", "hint")
        assert "is a folder" in caplog.text

    def test_locked_store_never_raises(self, tmp_path, monkeypatch):
        path = tmp_path / "p.sqlite3"
        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(path))
        record("03_pareto", "q1", "hint")
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("BEGIN EXCLUSIVE")
        try:
            start = time.monotonic()
            record("03_pareto", "q2", "hint")
            assert time.monotonic() - start < 5
        finally:
            con.execute("ROLLBACK")
            con.close()
        assert "locked" in default_store().notices[-1]
        assert count_rows(path) == 1

    def test_unexpected_failure_is_logged_not_raised(self, monkeypatch, caplog):
        def boom(self, *args, **kwargs):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(ProgressStore, "record", boom)
        with caplog.at_level(logging.ERROR, logger="kamtools.progress"):
            record("03_pareto", "q1", "hint")
        assert "disk on fire" in caplog.text

    def test_nothing_reaches_stderr(self, tmp_path, monkeypatch, capsys):
        # notices are logged, and the library's NullHandler keeps logging's last-resort
        # handler from printing them in a notebook
        path = tmp_path / "p.sqlite3"
        write_junk(path)
        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(path))
        record("03_pareto", "q1", "hint")
        assert default_store().notices
        assert capsys.readouterr().err == ""


class TestStorePath:
    def test_env(self, monkeypatch, tmp_path):
        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "x.sqlite3"))
        assert store_path() == tmp_path / "x.sqlite3"

    def test_user_data_dir_by_default(self, monkeypatch, tmp_path):
        import platformdirs

        monkeypatch.delenv("KAMTOOLS_PROGRESS_DB")
        calls = []

        def fake_dir(appname, appauthor=None):
            calls.append(appname)
            return str(tmp_path / "data" / appname)

        monkeypatch.setattr(platformdirs, "user_data_dir", fake_dir)
        assert store_path() == tmp_path / "data" / "kamtools" / "progress.sqlite3"
        assert calls == ["kamtools"]
        assert not (tmp_path / "data").exists()  # nothing created until first use

    def test_blank_env_means_default(self, monkeypatch, tmp_path):
        import platformdirs

        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", "  ")
        monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path))
        assert store_path() == tmp_path / "progress.sqlite3"

    def test_memory_is_refused(self, monkeypatch):
        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", ":memory:")
        with pytest.raises(ParameterError, match=r"`KAMTOOLS_PROGRESS_DB` must name a file"):
            store_path()


# ---------------------------------------------------------------------------------------
# Properties against a plain-Python model of the rules
# ---------------------------------------------------------------------------------------
event_strategy = st.tuples(
    st.sampled_from(["01_role", "03_pareto"]),
    st.sampled_from(["q1", "q2", "q10"]),
    st.sampled_from(EVENTS),
    st.sampled_from(OUTCOMES),
)


def model_summary(events):
    """The rules of summary(), written out one event at a time."""
    rows = {}
    for module, question, event, outcome in events:
        row = rows.setdefault(
            (module, question),
            {"attempts": 0, "solved": False, "before": 0, "hints": 0, "solution": False},
        )
        if event == "attempt" and outcome != "not_attempted":
            row["attempts"] += 1
            if outcome == "correct":
                row["solved"] = True
            elif not row["solved"]:
                row["before"] += 1
        elif event == "hint":
            row["hints"] += 1
        elif event == "solution":
            row["solution"] = True
    return rows


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(events=st.lists(event_strategy, max_size=25))
def test_summary_matches_the_rules(events):
    with tempfile.TemporaryDirectory() as tmp:
        store = ProgressStore(Path(tmp) / "p.sqlite3", clock=FakeClock())
        for module, question, event, outcome in events:
            store.record(module, question, event, outcome=outcome if event == "attempt" else None)
        table = store.summary()
        model = model_summary(events)
        assert len(table) == len(model)
        for row in table.to_dict("records"):
            expected = model[(row["module"], row["question"])]
            assert row["attempts"] == expected["attempts"]
            assert row["solved"] == expected["solved"]
            assert row["hints"] == expected["hints"]
            assert row["solution_viewed"] == expected["solution"]
            if expected["solved"]:
                assert row["attempts_before_success"] == expected["before"]
                assert row["attempts_before_success"] < row["attempts"]
            else:
                assert pd.isna(row["attempts_before_success"])
            assert pd.isna(row["first_attempt"]) == (row["attempts"] == 0)
        cat = {"01_role": ["q1", "q2"], "03_pareto": ["q10", "q2", "q1"]}
        completion = store.completion(cat)
        for row in completion.to_dict("records"):
            solved = [
                q for q in cat[row["module"]] if model.get((row["module"], q), {}).get("solved")
            ]
            assert row["solved"] == len(solved)
            assert 0 <= row["share"] <= 1
            assert row["complete"] == (len(solved) == len(cat[row["module"]]))
        todo = [
            (m, q) for m, qs in cat.items() for q in qs if not model.get((m, q), {}).get("solved")
        ]
        assert store.next_step(cat) == (NextStep(*todo[0]) if todo else None)
        hard = store.many_attempts()
        expected_hard = {
            key
            for key, r in model.items()
            if (r["solved"] and r["before"] >= 3) or (not r["solved"] and r["attempts"] >= 3)
        }
        assert set(zip(hard["module"], hard["question"], strict=True)) == expected_hard
