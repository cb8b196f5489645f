"""The instructor's workflow through the `kamtools` command: zip in, feedback out, the
exchange, export, and clear errors for wrong input."""

from __future__ import annotations

import csv
import getpass
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from _synthetic_class import EXERCISES, load_case, make_course, read, solved

from kamtools.cli import main
from kamtools.grading import distribute

ASSIGNMENT = "pareto"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("cli") / "course", [ASSIGNMENT])
    assert main(["--course-dir", str(root), "generate", ASSIGNMENT]) == 0
    return root


def _solved_notebook(root: Path) -> dict:
    case = load_case(ASSIGNMENT)
    release = read(root / "release" / ASSIGNMENT / case["notebook"])
    source = read(root / "source" / ASSIGNMENT / case["notebook"])
    return solved(release, source)


def test_unknown_course_dir_names_the_folder(tmp_path, capsys):
    assert main(["--course-dir", str(tmp_path), "grade", ASSIGNMENT]) == 2
    err = capsys.readouterr().err
    assert "nbgrader_config.py" in err and str(tmp_path) in err


def test_unknown_assignment_lists_the_known_ones(course, capsys):
    assert main(["--course-dir", str(course), "generate", "parteo"]) == 2
    err = capsys.readouterr().err
    assert "'parteo'" in err and "pareto" in err


def test_grade_without_submissions_says_collect_first(course, capsys):
    assert main(["--course-dir", str(course), "grade", ASSIGNMENT, "--jobs", "1"]) == 2
    assert "kamtools collect" in capsys.readouterr().err


def test_jobs_must_be_positive(course, capsys):
    assert main(["--course-dir", str(course), "grade", ASSIGNMENT, "--jobs", "0"]) == 2
    assert "jobs" in capsys.readouterr().err


def test_generate_zip_holds_the_student_version(course, tmp_path):
    out = tmp_path / "handout.zip"
    assert main(["--course-dir", str(course), "generate", ASSIGNMENT, "--zip", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb" in names
        inside = archive.read(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    assert inside == (course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()


def test_leak_check_catches_a_solution_left_in_the_student_version(course, tmp_path):
    source = course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert distribute.student_version_leaks(source, released) == []
    leaky = tmp_path / "leaky.ipynb"
    nb = read(released)
    nb["cells"] = solved(nb, read(source))["cells"]  # answers pasted back in
    leaky.write_text(json.dumps(nb), encoding="utf-8")
    assert distribute.student_version_leaks(source, leaky)


def test_zip_in_grade_feedback_out_export(course, tmp_path, capsys):
    """The no-JupyterHub workflow: an LMS zip of submissions in, a zip of feedback out."""
    nb = _solved_notebook(course)
    upload = tmp_path / "submissions.zip"
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr(f"alice/{ASSIGNMENT}.ipynb", json.dumps(nb))
        archive.writestr(
            f"bob/{ASSIGNMENT}.ipynb",
            json.dumps(read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")),
        )
    assert main(["--course-dir", str(course), "collect", ASSIGNMENT, "--zip", str(upload)]) == 0
    for student in ("alice", "bob"):
        got = course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        with zipfile.ZipFile(upload) as archive:
            assert got.read_bytes() == archive.read(f"{student}/{ASSIGNMENT}.ipynb")

    capsys.readouterr()
    code = main(["--course-dir", str(course), "grade", ASSIGNMENT, "--jobs", "2", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Graded 2 of 2 submissions" in out
    alice = next(ln for ln in out.splitlines() if ln.startswith("alice"))
    case = load_case(ASSIGNMENT)
    assert f"{case['automatic_points']:g}/{case['automatic_points']:g}" in alice
    assert "written" in alice  # her written answer waits for the instructor

    feedback = tmp_path / "feedback.zip"
    assert main(["--course-dir", str(course), "feedback", ASSIGNMENT, "--zip", str(feedback)]) == 0
    with zipfile.ZipFile(feedback) as archive:
        assert sorted(archive.namelist()) == [f"alice/{ASSIGNMENT}.html", f"bob/{ASSIGNMENT}.html"]

    grades, questions = tmp_path / "grades.csv", tmp_path / "questions.csv"
    assert (
        main(
            [
                "--course-dir",
                str(course),
                "export",
                "-o",
                str(grades),
                "--questions",
                str(questions),
            ]
        )
        == 0
    )
    rows = {r["student_id"]: r for r in csv.DictReader(grades.open(encoding="utf-8"))}
    assert float(rows["alice"]["automatic_score"]) == case["automatic_points"]
    assert float(rows["bob"]["score"]) == 0
    assert rows["alice"]["status"] == "waiting for manual grading"


def test_the_kamtools_command_is_installed():
    exe = Path(sys.executable).parent / "kamtools"
    done = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for command in ("generate", "release", "collect", "grade", "feedback", "export"):
        assert command in done.stdout


def test_exchange_cycle_release_fetch_submit_collect_grade(tmp_path):
    """nbgrader's exchange (JupyterHub or a shared machine): the exchange folder is created
    when missing, and what the student submits is what gets graded."""
    exchange = tmp_path / "exchange"  # does not exist yet, as on a fresh machine
    env = {
        **os.environ,
        "KAMTOOLS_EXCHANGE": str(exchange),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    teacher = make_course(tmp_path / "course", [ASSIGNMENT])
    kamtools = [sys.executable, "-m", "kamtools.cli", "--course-dir", str(teacher)]
    done = subprocess.run(
        [*kamtools, "release", ASSIGNMENT], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert exchange.is_dir()

    home = tmp_path / "student"
    home.mkdir()
    (home / "nbgrader_config.py").write_text(
        f'c = get_config()\nc.CourseDirectory.course_id = "kam-academy"\n'
        f"c.Exchange.root = {str(exchange)!r}\n",
        encoding="utf-8",
    )
    nbgrader = [sys.executable, "-m", "nbgrader"]
    done = subprocess.run(
        [*nbgrader, "fetch_assignment", ASSIGNMENT],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    fetched = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = solved(read(fetched), read(teacher / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))
    fetched.write_text(json.dumps(nb), encoding="utf-8")
    done = subprocess.run(
        [*nbgrader, "submit", ASSIGNMENT], cwd=home, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr

    done = subprocess.run(
        [*kamtools, "collect", ASSIGNMENT], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    student = getpass.getuser()
    assert (teacher / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    done = subprocess.run(
        [*kamtools, "grade", ASSIGNMENT, "--jobs", "1", "--no-progress"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    case = load_case(ASSIGNMENT)
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith(student))
    assert f"{case['automatic_points']:g}/{case['automatic_points']:g}" in line

    done = subprocess.run(
        [*kamtools, "feedback", ASSIGNMENT, "--release"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [*nbgrader, "fetch_feedback", ASSIGNMENT], cwd=home, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert list((home / ASSIGNMENT / "feedback").rglob("*.html"))


def test_exercises_folder_is_a_course_root():
    assert (EXERCISES / "nbgrader_config.py").is_file()
    assert len(distribute.source_assignments(EXERCISES)) >= 6


def test_instructor_guide_lists_every_assignment_with_its_points():
    import re

    guide = (EXERCISES / "README.md").read_text(encoding="utf-8")
    rows = {
        m.group(1): tuple(float(m.group(i)) for i in (2, 3, 4))
        for m in re.finditer(r"^\| `(\w+)` \|[^|]*\| (\d+) \| (\d+) \| (\d+) \|$", guide, re.M)
    }
    assert sorted(rows) == distribute.source_assignments(EXERCISES)
    for name, (total, auto, written) in rows.items():
        nb = read(EXERCISES / "source" / name / f"{name}.ipynb")
        grades = [
            c["metadata"]["nbgrader"]
            for c in nb["cells"]
            if c["metadata"].get("nbgrader", {}).get("grade")
        ]
        manual = sum(float(m["points"]) for m in grades if m.get("solution"))
        automatic = sum(float(m["points"]) for m in grades if not m.get("solution"))
        assert (total, auto, written) == (manual + automatic, automatic, manual), name
