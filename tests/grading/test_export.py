"""The grade export on a hand-made gradebook: CSV quoting, students who never submitted,
manual scores set through the API (which leave nbgrader's needs_manual_grade flag set)."""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from kamtools.grading.export import export_grades


class _Api:
    def __init__(self, url):
        self.url = url

    @property
    def gradebook(self):
        return Gradebook(self.url)


@pytest.fixture
def gradebook(tmp_path, monkeypatch):
    # nbgrader runs the `alembic` program when it creates a gradebook
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(url) as gb:
        gb.add_assignment("pareto")
        gb.add_student("anna", first_name="Anna", last_name="Nowak, Jr.", email="a@example.com")
        gb.add_student("bartek", first_name="Bartek", last_name='O"Brien')
    return url


def test_students_without_submission_are_exported_as_missing_with_safe_quoting(gradebook, tmp_path):
    out = tmp_path / "grades.csv"
    rows, _ = export_grades(_Api(gradebook), out)
    assert len(rows) == 2
    read = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["last_name"] for r in read] == ["Nowak, Jr.", 'O"Brien']
    assert {r["status"] for r in read} == {"missing"}
    assert {float(r["score"]) for r in read} == {0.0}


def test_unknown_assignment_is_named(gradebook, tmp_path):
    from kamtools.errors import GradingError

    with pytest.raises(GradingError, match="'parteo'"):
        export_grades(_Api(gradebook), tmp_path / "g.csv", assignments=["parteo"])
