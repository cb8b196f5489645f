"""The four outcomes of a check are defined once (kamtools.outcomes) and shared by the checks
engine and the progress store, which refuses any other value with a clear error."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

import kamtools as kt
from kamtools import outcomes, progress
from kamtools.checks import quiz, result
from kamtools.errors import DataError, ParameterError
from kamtools.progress import ProgressStore


def test_outcomes_are_the_values_of_the_literal():
    assert outcomes.OUTCOMES == typing.get_args(outcomes.Outcome)
    assert outcomes.OUTCOMES == ("correct", "incorrect", "not_attempted", "uncheckable")
    assert set(outcomes.COUNTED) == set(outcomes.OUTCOMES) - {"not_attempted"}


def test_checks_engine_and_store_share_one_definition():
    assert result.OUTCOMES is outcomes.OUTCOMES
    assert progress.OUTCOMES is outcomes.OUTCOMES
    assert quiz.COUNTED is outcomes.COUNTED
    hints = typing.get_type_hints(result.CheckResult)
    assert hints["outcome"] == outcomes.Outcome


def test_store_rejects_an_unknown_outcome_with_a_clear_error(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    with pytest.raises(ParameterError) as raised:
        store.record("03_pareto", "q1", "attempt", outcome="right")
    message = str(raised.value)
    assert "`outcome`" in message and "'right'" in message
    assert all(repr(o) in message for o in outcomes.OUTCOMES)
    assert store.events().empty


def test_store_rejects_an_unknown_outcome_in_an_imported_file(tmp_path):
    file = tmp_path / "p.kam"
    event = {
        "time": "2026-03-01T09:30:00+00:00",
        "learner": "ania",
        "module": "03_pareto",
        "question": "q1",
        "event": "attempt",
        "outcome": "right",
        "detail": None,
    }
    document = {"format": "kamtools-progress", "version": 1, "events": [event]}
    file.write_text(json.dumps(document), encoding="utf-8")
    store = ProgressStore(tmp_path / "p.sqlite3")
    with pytest.raises(DataError, match=r"`events\[0\]`: `outcome` must be one of .*'right'"):
        store.import_progress(file)
    assert store.events().empty


def test_check_result_rejects_an_unknown_outcome():
    with pytest.raises(ParameterError, match="`outcome` must be one of"):
        kt.CheckResult("right", "m", "q1")


def test_progress_keeps_its_public_names():
    for name in progress.__all__:
        assert hasattr(progress, name), name
    for name in ("EVENTS", "OUTCOMES", "SUMMARY_COLUMNS", "SCHEMA_VERSION", "ENV_DB", "ENV_SWITCH"):
        assert hasattr(progress, name), name
    assert kt.export_progress is progress.export_progress
    assert kt.import_progress is progress.import_progress


def test_progress_modules_stay_below_1000_lines():
    folder = Path(progress.__file__).parent
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in folder.glob("*.py")}
    assert sizes and max(sizes.values()) < 1000, sizes
