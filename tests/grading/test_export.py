"""The grade export on a hand-made gradebook: CSV quoting, students who never submitted,
which assignments are listed, Excel safety. (The status column on a graded class:
test_lms_workflow.py.)"""

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
    rows, _ = export_grades(_Api(gradebook), out, assignments=["pareto"])
    assert len(rows) == 2
    read = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["last_name"] for r in read] == ["Nowak, Jr.", 'O"Brien']
    assert {r["status"] for r in read} == {"missing"}
    assert {float(r["score"]) for r in read} == {0.0}


def test_unknown_assignment_is_named(gradebook, tmp_path):
    from kamtools.errors import GradingError

    with pytest.raises(GradingError, match="'parteo'"):
        export_grades(_Api(gradebook), tmp_path / "g.csv", assignments=["parteo"])


def test_only_assignments_handed_out_or_submitted_are_listed(gradebook, tmp_path):
    from kamtools.grading.course import add_to_record

    course = tmp_path / "course"
    with Gradebook(gradebook) as gb:  # `make assignments` puts every assignment in the gradebook
        for name in ("profit_clv", "account_plan", "common_mistakes"):
            gb.add_assignment(name)
    out = tmp_path / "grades.csv"
    rows, _ = export_grades(_Api(gradebook), out, course_dir=course)
    assert rows == [], "nothing was handed out or submitted yet"
    add_to_record(course, "pareto", "handed_out", {"how": "zipped to pareto.zip"})
    (course / "submitted" / "anna" / "profit_clv").mkdir(parents=True)
    rows, _ = export_grades(_Api(gradebook), out, course_dir=course)
    assert sorted({r["assignment"] for r in rows}) == ["pareto", "profit_clv"]
    by_key = {(r["assignment"], r["student_id"]): r for r in rows}
    assert by_key[("pareto", "anna")]["status"] == "missing"
    assert by_key[("profit_clv", "anna")]["status"] == "empty"  # a folder with nothing in it
    assert by_key[("profit_clv", "anna")]["score"] == ""


def test_text_that_looks_like_a_formula_stays_text_in_csv_and_xlsx(gradebook, tmp_path):
    from openpyxl import load_workbook

    with Gradebook(gradebook) as gb:
        gb.add_student("-2+3", first_name='=HYPERLINK("http://x")', last_name="@SUM(A1)")
    out, book = tmp_path / "grades.csv", tmp_path / "grades.xlsx"
    export_grades(_Api(gradebook), out, assignments=["pareto"], xlsx=book)
    rows = {r["student_id"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    row = rows["'-2+3"]
    assert row["first_name"] == '\'=HYPERLINK("http://x")' and row["last_name"] == "'@SUM(A1)"
    sheet = load_workbook(book)["grades"]
    header = [c.value for c in sheet[1]]
    cells = {r[header.index("student_id")].value: r for r in sheet.iter_rows(min_row=2)}
    first = cells["-2+3"][header.index("first_name")]
    assert first.value == '=HYPERLINK("http://x")' and first.data_type == "s"


def test_due_dates_are_stored_as_utc_and_late_is_said_in_words():
    from datetime import datetime

    from kamtools.grading.course import describe_delay, parse_due

    assert parse_due("2026-12-10T12:00+01:00") == datetime(2026, 12, 10, 11, 0)
    assert parse_due("2026-12-10 11:00Z") == datetime(2026, 12, 10, 11, 0)
    local = datetime(2026, 12, 10, 12, 0).astimezone()  # no zone: this computer's
    assert parse_due("2026-12-10T12:00") == datetime(2026, 12, 10, 12, 0) - local.utcoffset()
    assert describe_delay(3900) == "1 h 05 min"
    assert describe_delay(2 * 86400 + 3 * 3600) == "2 d 3 h"
    assert describe_delay(20) == "1 min"
