"""End-to-end tests of one assignment with real nbgrader and its real gradebook.

A test module sets ``ASSIGNMENT = "<name>"`` and star-imports this module.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _synthetic_class import (
    TIMEOUT,
    build_class,
    cell_grades,
    fingerprint,
    grade_test_cells,
    load_case,
    make_course,
    meta,
    notebook_text,
    read,
    secret_lines,
    text,
)

from kamtools.grading import distribute, feedback, grade
from kamtools.grading.course import make_api
from kamtools.grading.export import export_grades
from kamtools.grading.feedback import html_text
from kamtools.grading.integrity import hidden_lines, visible_lines

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def case(request):
    return load_case(request.module.ASSIGNMENT)


@pytest.fixture(scope="module")
def course(case, tmp_path_factory):
    """Course root with the student version generated and the synthetic class submitted."""
    root = make_course(tmp_path_factory.mktemp("course"), [case["assignment"]])
    distribute.generate(root, case["assignment"])
    plan = build_class(root, case)
    return root, plan


#: Seconds per cell for the plain-nbgrader control run (TIMEOUT is for question cells).
CONTROL_TIMEOUT = 45


@pytest.fixture(scope="module")
def graded(course, case, tmp_path_factory):
    """The class graded twice: by real sequential `nbgrader autograde` on a copy, and by
    `kamtools grade --jobs 2` on the original."""
    root, plan = course
    sequential = tmp_path_factory.mktemp("sequential") / "course"
    shutil.copytree(root, sequential)
    before = fingerprint(root / "submitted")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "autograde",
            case["assignment"],
            "--force",
            # plain nbgrader has one timeout for every cell; kamtools gives the setup cells
            # 60 s and only question cells TIMEOUT, so a loaded machine (CI: two test workers,
            # each grading with two kernels) must not time the control's setup cell out
            f"--Execute.timeout={CONTROL_TIMEOUT}",
        ],
        cwd=sequential,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    report = grade.grade_class(
        case["assignment"], course_dir=root, jobs=2, timeout=TIMEOUT, progress=False
    )
    return root, plan, report, before, sequential


def _result(report, student):
    return next(r for r in report.results if r.student == student)


def test_source_validates_and_student_version_does_not(case, course):
    from nbgrader.validator import Validator

    from kamtools.grading.course import load_config

    root, _ = course
    validator = Validator(config=load_config(root))
    source = validator.validate(str(root / "source" / case["assignment"] / case["notebook"]))
    assert not source.get("failed") and not source.get("type_changed"), source
    student = validator.validate(str(root / "release" / case["assignment"] / case["notebook"]))
    assert student.get("failed"), "the student version passes validation without answers"


def test_student_version_holds_no_solution_and_no_hidden_test(case, course):
    root, _ = course
    source = read(root / "source" / case["assignment"] / case["notebook"])
    released = notebook_text(read(root / "release" / case["assignment"] / case["notebook"]))
    secrets = secret_lines(source)
    assert len(secrets) >= 10, "the source has too little solution or hidden test text"
    assert [line for line in secrets if line in released] == []


def test_headings_state_the_point_totals(case, course):
    import re

    root, _ = course
    nb = read(root / "source" / case["assignment"] / case["notebook"])
    points = {
        meta(c)["grade_id"]: float(meta(c).get("points", 0))
        for c in nb["cells"]
        if meta(c).get("grade")
    }
    auto = sum(
        p
        for g, p in points.items()
        if not meta(next(c for c in nb["cells"] if meta(c).get("grade_id") == g)).get("solution")
    )
    assert auto == case["automatic_points"]
    assert sum(points.values()) - auto == case["written_points"]
    title = text(nb["cells"][0])
    total = re.search(r"\((\d+(?:\.\d+)?) points", title)
    assert total and float(total.group(1)) == sum(points.values()), title
    # every part heading's points equal the points of the graded cells until the next part
    part_points, current = {}, None
    for cell in nb["cells"]:
        heading = (
            re.match(r"##\s+(Part .*?)\((\d+(?:\.\d+)?) points?\b", text(cell))
            if cell["cell_type"] == "markdown"
            else None
        )
        if heading:
            current = heading.group(1).strip()
            part_points[current] = [float(heading.group(2)), 0.0]
        elif meta(cell).get("grade") and current:
            part_points[current][1] += float(meta(cell)["points"])
    assert part_points, "no '## Part ... (n points)' headings"
    for part, (stated, counted) in part_points.items():
        assert stated == counted, f"{part}: heading says {stated}, cells give {counted}"


def test_every_submission_kind_gets_the_expected_grade(graded):
    root, plan, report, _, _ = graded
    for student, expected in plan.items():
        result = _result(report, student)
        if "status" in expected:
            assert result.status == expected["status"], (student, result)
            continue
        assert result.graded, (student, result.problem)
        if "auto" in expected:
            assert result.auto_score == pytest.approx(expected["auto"]), student
        if "score" in expected:
            assert result.score == pytest.approx(expected["score"]), student
        assert set(map(str, result.changes)) == expected.get("changes", set()), student
        if "timeout_in" in expected:
            assert result.timeouts == [expected["timeout_in"]], student
        else:
            assert result.timeouts == [], student


def test_full_solution_gets_every_automatic_point(graded, case):
    _, _, report, _, _ = graded
    result = _result(report, "full_solution")
    assert result.auto_score == result.auto_max == case["automatic_points"]
    assert result.manual, "the written answers must wait for a human grader"


def test_an_exception_costs_only_the_parts_that_depend_on_it(graded, case):
    root, plan, report, _, _ = graded
    grades = cell_grades(root, case["assignment"])["exception"]
    full = cell_grades(root, case["assignment"])["full_solution"]
    nb = read(root / "source" / case["assignment"] / case["notebook"])
    crashed = plan["exception"]["crashed_cell"]
    ids = [meta(c).get("grade_id") for c in nb["cells"]]
    before = {
        meta(c)["grade_id"]
        for c in grade_test_cells(nb)
        if ids.index(meta(c)["grade_id"]) < ids.index(crashed)
    }
    after = [
        meta(c)["grade_id"]
        for c in grade_test_cells(nb)
        if ids.index(meta(c)["grade_id"]) > ids.index(crashed)
    ]
    assert before, "no test before the crashing cell"
    for grade_id in before:
        assert grades[grade_id] == full[grade_id], grade_id  # graded as usual
    assert after, "no test after the crashing cell"
    assert grades[after[0]][0] == 0, "the test right after the crash should fail"
    assert _result(report, "exception").graded


def test_submitted_files_are_byte_identical_after_grading(graded):
    root, _, _, before, _ = graded
    assert fingerprint(root / "submitted") == before


def test_parallel_grades_equal_sequential_nbgrader_autograde(graded, case):
    root, _, _, _, sequential = graded
    parallel = cell_grades(root, case["assignment"])
    one_by_one = cell_grades(sequential, case["assignment"])
    graded_students = {s for s in parallel if parallel[s]}
    assert graded_students == {
        "full_solution",
        "untouched",
        "wrong_answer",
        "endless_loop",
        "exception",
        "prints_to_stderr",
        "edited_tests",
        "deleted_test",
        "edited_readonly",
    }
    for student in graded_students:
        assert parallel[student] == one_by_one[student], student


def _squashed(line: str) -> str:
    return "".join(line.split())


def test_feedback_shows_no_hidden_test(graded, case):
    root, _, _, _, _ = graded
    written = feedback.make_feedback(root, case["assignment"])
    assert len(written) == 9
    source = read(root / "source" / case["assignment"] / case["notebook"])
    hidden = [_squashed(ln) for c in grade_test_cells(source) for ln in hidden_lines(text(c))]
    hidden = [ln for ln in hidden if len(ln) >= 12]
    assert hidden, "the assignment has no hidden tests"
    visible = [_squashed(ln) for c in source["cells"] for ln in visible_lines(text(c))]
    for student, files in written.items():
        # what the student wrote may repeat a hidden line: showing it back is no leak
        submitted = read(root / "submitted" / student / case["assignment"] / case["notebook"])
        own = [
            _squashed(ln)
            for c in submitted["cells"]
            if c not in grade_test_cells(submitted)
            for ln in text(c).splitlines()
        ]
        public = [p for p in visible + own if p]
        secret = [ln for ln in hidden if not any(ln in p for p in public)]
        for path in files:
            page = _squashed(html_text(path.read_text(encoding="utf-8")))
            for line in secret:
                assert line not in page, (path, line)
    # a wrong answer that fails a hidden test is told so, without the test
    wrong = " ".join(html_text(written["wrong_answer"][0].read_text(encoding="utf-8")).split())
    assert "did not pass" in wrong or "Error" in wrong


def test_export_matches_the_gradebook(graded, case, tmp_path):
    root, _, report, _, _ = graded
    api = make_api(root)
    grades_csv, questions_csv = tmp_path / "grades.csv", tmp_path / "questions.csv"
    export_grades(api, grades_csv, questions_csv)
    rows = {r["student_id"]: r for r in csv.DictReader(grades_csv.open(encoding="utf-8-sig"))}
    for result in report.results:
        row = rows[result.student]
        if result.graded:
            assert float(row["score"]) == pytest.approx(result.score)
            assert float(row["automatic_score"]) == pytest.approx(result.auto_score)
        else:  # unreadable / misnamed: their own status, no score (never "missing" with 0)
            assert (row["status"], row["score"]) == (result.status, ""), row
            assert row["notes"], row
    questions = list(csv.DictReader(questions_csv.open(encoding="utf-8-sig")))
    grades = cell_grades(root, case["assignment"])
    for q in questions:
        if q["kind"] == "automatic":
            scores = [g[q["question"]][0] or 0 for g in grades.values() if g]
            assert float(q["mean_score"]) == pytest.approx(sum(scores) / len(scores), abs=1e-3)
    shares = [float(q["mean_share"]) for q in questions if q["mean_share"]]
    assert shares == sorted(shares), "hardest questions first"
