"""The LMS (zip) workflow end to end with real nbgrader: a due date, a first zip, a second
late zip with a student collected before, the first zip collected again, an empty folder, a
misnamed and an unreadable notebook, grading, and the export with its status column."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _synthetic_class import (
    TIMEOUT,
    load_case,
    make_course,
    read,
    solution_code_cells,
    solved,
    text,
)
from nbgrader.api import Gradebook

from kamtools.cli import main
from kamtools.grading import course as course_mod
from kamtools.grading import distribute

pytestmark = pytest.mark.slow

A = "pareto"
DUE = "2026-12-10T12:00+00:00"
ON_TIME = (2026, 12, 9, 10, 0, 0)  # zip times: local, zone-less (see collect_zip)
LATE = (2026, 12, 11, 9, 0, 0)
# An LMS that stores upload times gives every student their own time.
BOB_ON_TIME, DAVE_ON_TIME, ERIN_ON_TIME = (
    (2026, 12, 9, 11, 0, 0),
    (2026, 12, 8, 9, 30, 0),
    (2026, 12, 7, 18, 0, 0),
)
FRANK_LATE = (2026, 12, 11, 21, 45, 0)
GINA_ON_TIME = (2026, 12, 10, 11, 59, 0)


def _utc(zip_time: tuple) -> datetime:
    """How kamtools reads a zip time: this computer's zone, stored as naive UTC."""
    return datetime(*zip_time).astimezone().astimezone(UTC).replace(tzinfo=None)


def _zip(path: Path, entries: list[tuple[str, bytes | str, tuple]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, when in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return path


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def lms(tmp_path_factory):
    """A course with pareto handed out (zip, due date) and profit_clv only generated, and
    the three zips collected one after the other."""
    tmp = tmp_path_factory.mktemp("lms")
    root = make_course(tmp / "course", [A])
    handout = tmp / "handout.zip"
    assert (
        main(["--course-dir", str(root), "generate", A, "--zip", str(handout), "--due", DUE]) == 0
    )
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        gb.add_student("zoe", first_name="Zoë", last_name="Łęcka-Żak, Jr.")
        gb.add_assignment("profit_clv")  # as `make assignments` does: generated, not handed out

    case = load_case(A)
    release = read(root / "release" / A / f"{A}.ipynb")
    source = read(root / "source" / A / f"{A}.ipynb")
    full = json.dumps(solved(release, source))
    wrong = json.dumps(solved(release, source, case["wrong"]["solution_cells"]))
    untouched = json.dumps(release)
    patched = solved(release, source)
    cell = solution_code_cells(patched)[0]
    cell["source"] = "import math\nmath.isclose = lambda *a, **k: True\n" + text(cell)

    first = _zip(
        tmp / "first.zip",
        [
            (f"alice/{A}.ipynb", full, ON_TIME),
            (f"bob/{A}.ipynb", untouched, BOB_ON_TIME),
            ("carol/", b"", ON_TIME),  # an empty submission folder
            (f"dave/{A} (1).ipynb", full, DAVE_ON_TIME),  # renamed by the browser
            (f"erin/{A}.ipynb", full[:500], ERIN_ON_TIME),  # a damaged download
            (f"gina/{A}.ipynb", json.dumps(patched), GINA_ON_TIME),  # patches the checks
            (f"__MACOSX/alice/._{A}.ipynb", b"junk", ON_TIME),
            ("README.txt", b"downloaded from the LMS", ON_TIME),
            (f"../{A}.ipynb", untouched, ON_TIME),  # a name that would escape submitted/
        ],
    )
    second = _zip(
        tmp / "second.zip",
        [
            (f"alice/{A}.ipynb", wrong, LATE),  # alice resubmits after the due date
            (f"bob/{A}.ipynb", untouched, LATE),  # the same file again
            (f"frank/{A}.ipynb", full, FRANK_LATE),  # frank hands in late
        ],
    )
    reports = {}
    for name, archive in (("first", first), ("second", second), ("again", first)):
        reports[name] = distribute.collect(root, A, archive=archive)
    return {
        "root": root,
        "tmp": tmp,
        "reports": reports,
        "full": full,
        "wrong": wrong,
        "case": case,
    }


def _statuses(report) -> dict[str, str]:
    return {s.student: s.status for s in report.students}


def test_first_zip_reports_every_student_and_what_it_skipped(lms):
    report = lms["reports"]["first"]
    assert _statuses(report) == {
        "alice": "new",
        "bob": "new",
        "carol": "empty",
        "dave": "misnamed",
        "erin": "new",  # readable only by grade's pre-check: reported there and in the export
        "gina": "new",
    }
    skipped = "\n".join(report.skipped)
    assert "README.txt" in skipped and "'..'" in skipped and "__MACOSX" not in skipped
    root = lms["root"]
    assert (root / "submitted" / "carol" / A).is_dir()  # the empty folder is kept, not dropped
    assert not (root / "submitted" / ".." / A / f"{A}.ipynb").exists()
    assert "carol" in report.summary() and "dave" in report.summary()


def test_second_zip_keeps_the_later_submission_and_archives_the_earlier(lms):
    root = lms["root"]
    report = lms["reports"]["second"]
    assert _statuses(report) == {"alice": "replaced", "bob": "unchanged", "frank": "new"}
    assert report.ok
    alice = root / "submitted" / "alice" / A
    assert (alice / f"{A}.ipynb").read_text(encoding="utf-8") == lms["wrong"]
    assert course_mod.read_timestamp(alice) == _utc(LATE)
    due = course_mod.parse_due(DUE)
    late = {s.student: s.late for s in report.students}
    assert late["alice"] == course_mod.describe_delay((_utc(LATE) - due).total_seconds())
    assert late["bob"] == ""  # unchanged: still the on-time submission
    archived = list((root / "archive" / A / "alice").iterdir())
    assert len(archived) == 1
    assert (archived[0] / f"{A}.ipynb").read_text(encoding="utf-8") == lms["full"]
    assert course_mod.read_timestamp(archived[0]) == _utc(ON_TIME)
    assert course_mod.read_timestamp(root / "submitted" / "bob" / A) == _utc(BOB_ON_TIME)
    assert "stored in the zip" in report.times


def test_collecting_an_older_zip_again_keeps_the_later_and_archives_nothing_twice(lms):
    root = lms["root"]
    report = lms["reports"]["again"]
    statuses = _statuses(report)
    assert statuses["alice"] == "older"
    assert statuses["carol"] == "empty"
    assert {statuses[s] for s in ("bob", "dave", "erin", "gina")} == {"unchanged"}
    alice = root / "submitted" / "alice" / A / f"{A}.ipynb"
    assert alice.read_text(encoding="utf-8") == lms["wrong"]
    assert len(list((root / "archive" / A / "alice").iterdir())) == 1
    record = json.loads((root / "records" / f"{A}.json").read_text(encoding="utf-8"))
    assert len(record["collections"]) == 3
    assert record["handed_out"], "generate --zip records the hand-out"


@pytest.fixture(scope="module")
def exported(lms):
    root, tmp = lms["root"], lms["tmp"]
    code = main(
        [
            "--course-dir",
            str(root),
            "grade",
            A,
            "--jobs",
            "2",
            "--no-progress",
            "--timeout",
            str(TIMEOUT),
        ]
    )
    assert code == 1  # carol, dave and erin could not be graded; everyone else was
    out = {"grades": tmp / "grades.csv", "questions": tmp / "q.csv", "xlsx": tmp / "grades.xlsx"}
    args = ["-o", str(out["grades"]), "--questions", str(out["questions"])]
    assert main(["--course-dir", str(root), "export", *args, "--xlsx", str(out["xlsx"])]) == 0
    return out


def test_export_status_column_tells_every_case_apart(lms, exported):
    rows = {r["student_id"]: r for r in _rows(exported["grades"])}
    assert {r["assignment"] for r in rows.values()} == {A}, "profit_clv was never handed out"
    status = {s: r["status"] for s, r in rows.items()}
    assert status == {
        "alice": "late",
        "bob": "graded",
        "carol": "empty",
        "dave": "misnamed",
        "erin": "unreadable",
        "frank": "late",
        "gina": "flagged",
        "zoe": "missing",
    }
    assert "isclose" in rows["gina"]["notes"] and rows["gina"]["score"] != ""
    case = lms["case"]
    assert float(rows["alice"]["automatic_score"]) == case["wrong"]["expected_automatic_score"]
    assert float(rows["frank"]["automatic_score"]) == case["automatic_points"]
    for student in ("carol", "dave", "erin"):  # no score: never a 0 like a missing student
        assert rows[student]["score"] == "", student
        assert rows[student]["notes"], student
    assert "pareto (1).ipynb" in rows["dave"]["notes"]
    assert "not a valid notebook" in rows["erin"]["notes"]
    assert float(rows["zoe"]["score"]) == 0 and rows["zoe"]["last_name"] == "Łęcka-Żak, Jr."
    assert rows["alice"]["timestamp"] == f"{_utc(LATE):%Y-%m-%d %H:%M:%S}"
    assert rows["bob"]["timestamp"] == f"{_utc(BOB_ON_TIME):%Y-%m-%d %H:%M:%S}"
    due = course_mod.parse_due(DUE)
    expected = course_mod.describe_delay((_utc(FRANK_LATE) - due).total_seconds())
    assert rows["frank"]["late"] == expected
    assert rows["bob"]["late"] == ""


def test_export_is_excel_friendly(exported):
    raw = exported["grades"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so that Excel reads Polish letters"
    from openpyxl import load_workbook

    book = load_workbook(exported["xlsx"])
    assert book.sheetnames == ["grades", "questions"]
    sheet = list(book["grades"].values)
    csv_rows = _rows(exported["grades"])
    assert list(sheet[0]) == list(csv_rows[0])
    assert len(sheet) - 1 == len(csv_rows)
    by_id = {r[1]: dict(zip(sheet[0], r, strict=True)) for r in sheet[1:]}
    assert by_id["erin"]["status"] == "unreadable" and by_id["erin"]["score"] is None
    assert by_id["zoe"]["last_name"] == "Łęcka-Żak, Jr."


def test_an_assignment_never_handed_out_is_exported_only_when_asked(lms, tmp_path):
    out = tmp_path / "g.csv"
    root = lms["root"]
    assert (
        main(["--course-dir", str(root), "export", "-o", str(out), "--assignment", "profit_clv"])
        == 0
    )
    rows = _rows(out)
    assert rows and {r["status"] for r in rows} == {"missing"}


def test_written_answers_join_the_ranking_only_once_graded_by_hand(lms, exported, tmp_path):
    questions = _rows(exported["questions"])
    written = [q for q in questions if q["kind"] == "written"]
    assert written and all(q["mean_share"] == "" for q in written)
    ranked = [q for q in questions if q["mean_share"] != ""]
    assert questions[: len(ranked)] == ranked, "unranked (ungraded written) questions come last"

    root = lms["root"]
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for submission in gb.find_assignment(A).submissions:
            for nb in submission.notebooks:
                for grade in nb.grades:
                    if course_mod.waits_for_hand_grading(grade):
                        grade.manual_score = grade.max_score / 2
        gb.db.commit()
    out = tmp_path / "q.csv"
    assert (
        main(
            [
                "--course-dir",
                str(root),
                "export",
                "-o",
                str(tmp_path / "g.csv"),
                "--questions",
                str(out),
            ]
        )
        == 0
    )
    after = {q["question"]: q for q in _rows(out)}
    for q in written:
        assert after[q["question"]]["mean_share"] != "", q["question"]
        assert int(after[q["question"]]["waiting_manual"]) == 0


def test_release_force_replaces_a_version_students_fetched(tmp_path, monkeypatch, capsys):
    exchange = tmp_path / "exchange"
    monkeypatch.setenv("KAMTOOLS_EXCHANGE", str(exchange))
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    root = make_course(tmp_path / "course", [A])
    assert main(["--course-dir", str(root), "release", A, "--due", DUE]) == 0

    home = tmp_path / "student"
    home.mkdir()
    (home / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.course_id = "kam-academy"\n'
        f"c.Exchange.root = {str(exchange)!r}\n",
        encoding="utf-8",
    )
    fetched = subprocess.run(
        [sys.executable, "-m", "nbgrader", "fetch_assignment", A],
        cwd=home,
        capture_output=True,
        text=True,
    )
    assert fetched.returncode == 0, fetched.stderr

    capsys.readouterr()
    assert main(["--course-dir", str(root), "release", A]) == 2
    err = capsys.readouterr().err
    assert "already released" in err and f"kamtools release {A} --force" in err
    assert "Traceback" not in err

    outbound = exchange / "kam-academy" / "outbound" / A / f"{A}.ipynb"
    marker = "A corrected instruction for the second release."
    source = root / "source" / A / f"{A}.ipynb"
    nb = read(source)
    nb["cells"].append(
        {"cell_type": "markdown", "id": "second-release", "metadata": {}, "source": marker}
    )
    source.write_text(json.dumps(nb), encoding="utf-8")
    assert marker not in outbound.read_text(encoding="utf-8")
    assert main(["--course-dir", str(root), "release", A, "--force"]) == 0
    assert marker in outbound.read_text(encoding="utf-8")
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        assert gb.find_assignment(A).duedate == course_mod.parse_due(DUE)


def test_bad_due_date_is_named(tmp_path, capsys):
    root = make_course(tmp_path / "course", [A])
    assert main(["--course-dir", str(root), "generate", A, "--due", "10.12.2026"]) == 2
    err = capsys.readouterr().err
    assert "due" in err and "'10.12.2026'" in err


def test_zip_times_that_are_the_moment_the_zip_was_made_are_not_submission_times(tmp_path):
    """Canvas stores the time it made the zip for every file: that time must not make
    anyone late, and the zip collected last wins."""
    root = make_course(tmp_path / "course", [A])
    first = _zip(
        tmp_path / "1.zip", [(f"hal/{A}.ipynb", "{}", ON_TIME), (f"ivy/{A}.ipynb", "{}", ON_TIME)]
    )
    second = _zip(
        tmp_path / "2.zip",
        [(f"hal/{A}.ipynb", '{"cells": []}', ON_TIME), (f"ivy/{A}.ipynb", "{}", ON_TIME)],
    )
    report = distribute.collect(root, A, archive=first)
    assert report.times.startswith("none")
    assert not (root / "submitted" / "hal" / A / course_mod.TIMESTAMP_FILE).exists()
    report = distribute.collect(root, A, archive=second)
    assert _statuses(report) == {"hal": "replaced", "ivy": "unchanged"}
    assert (root / "submitted" / "hal" / A / f"{A}.ipynb").read_text() == '{"cells": []}'
    assert {s.late for s in report.students} == {""}


def test_a_time_in_the_file_name_is_the_submission_time(tmp_path):
    """Blackboard-style names with nbgrader's timestamp group (nbgrader_config.py)."""
    root = make_course(tmp_path / "course", [A])
    config = root / "nbgrader_config.py"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "\nc.FileNameCollectorPlugin.named_regexp = "
        + repr(r".*_(?P<student_id>\w+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>\w+\.ipynb)$")
        + "\n",
        encoding="utf-8",
    )
    archive = _zip(
        tmp_path / "bb.zip",
        [
            (f"Pareto_jan_attempt_2026-12-10-11-05-00_{A}.ipynb", "{}", ON_TIME),
            (f"Pareto_jan_attempt_2026-12-10-13-30-00_{A}.ipynb", '{"cells": []}', ON_TIME),
        ],
    )
    report = distribute.collect(root, A, archive=archive)
    assert report.times == "the time in the file name"
    folder = root / "submitted" / "jan" / A
    assert course_mod.read_timestamp(folder) == datetime(2026, 12, 10, 13, 30)
    assert (folder / f"{A}.ipynb").read_text() == '{"cells": []}'  # the later attempt
    archived = list((root / "archive" / A / "jan").iterdir())
    assert [(p / f"{A}.ipynb").read_text() for p in archived] == ["{}"]


def test_one_student_who_cannot_be_collected_stops_no_one(tmp_path, capsys):
    root = make_course(tmp_path / "course", [A])
    blocked = root / "submitted" / "kim"
    blocked.mkdir(parents=True)
    (blocked / A).write_text("a file where kim's submission folder should be", encoding="utf-8")
    archive = _zip(
        tmp_path / "s.zip",
        [(f"kim/{A}.ipynb", "{}", ON_TIME), (f"lea/{A}.ipynb", '{"cells": []}', BOB_ON_TIME)],
    )
    assert main(["--course-dir", str(root), "collect", A, "--zip", str(archive)]) == 1
    out = capsys.readouterr().out
    kim = next(line for line in out.splitlines() if line.strip().startswith("kim:"))
    assert "failed" in kim and "could not be collected" in kim and str(blocked / A) in kim
    assert (root / "submitted" / "lea" / A / f"{A}.ipynb").read_text() == '{"cells": []}'
