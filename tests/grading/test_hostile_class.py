"""A hostile class graded by ``kamtools grade``: students' code runs in the bubblewrap
sandbox, so it reads nothing and changes nothing outside its own throw-away folder.

Every hostile student answers ``pareto`` correctly and adds, inside ``try``, an attack to
the first answer cell: printing the hidden tests from ``source/`` (plainly and in base64),
zeroing the gradebook with sqlite3, overwriting a classmate's submitted notebook, calling
a server on the grading machine, reading the instructor's home. The same attacks graded
with ``--no-sandbox`` succeed (``test_without_the_sandbox_the_attacks_work``): the checks
can fail.
"""

from __future__ import annotations

import base64
import copy
import csv
import html
import json
import os
import shutil
import socket
import sys
import threading
from pathlib import Path

import pytest
from _synthetic_class import (
    TIMEOUT,
    cell_grades,
    fingerprint,
    hidden_lines,
    load_case,
    make_course,
    meta,
    read,
    secret_lines,
    solution_code_cells,
    solved,
    text,
    write,
)

from kamtools.cli import main
from kamtools.errors import GradingError
from kamtools.grading import distribute, grade
from kamtools.grading.feedback import make_feedback
from kamtools.grading.sandbox import sandbox_problem

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or sandbox_problem() is not None,
        reason=f"no bubblewrap sandbox here: {sandbox_problem()}",
    ),
]

ASSIGNMENT = "pareto"
CANARY = "instructor-private-key-canary-7f3a"


def _attacks(course: Path, home: Path, port: int) -> dict[str, str]:
    """Student id -> code appended (inside try) to the first answer cell."""
    root = str(course)
    return {
        "snoop": f"""
import base64, glob, os
found = glob.glob("../../../source/*/*.ipynb") + glob.glob({root!r} + "/source/*/*.ipynb")
found += glob.glob("../../../release/*/*.ipynb") + glob.glob("../../../autograded/*/*/*.ipynb")
found += [p for p in glob.glob("*") if p.endswith(".ipynb")]
print("SNOOP found", len(found), "files")
for path in found:
    body = open(path, encoding="utf-8").read()
    print(body)
    print(base64.b64encode(body.encode()).decode())
""",
        "db_writer": f"""
import sqlite3
for path in ("../../../gradebook.db", {root + "/gradebook.db"!r}):
    try:
        con = sqlite3.connect("file:" + path + "?mode=rw", uri=True)
        con.execute("UPDATE grade SET auto_score = 0")
        con.commit()
        print("DB changed", path)
    except Exception as exc:
        print("DB refused", path, type(exc).__name__)
""",
        "file_writer": f"""
for path in ("../../../submitted/honest_full/pareto/pareto.ipynb",
             {root + "/submitted/honest_full/pareto/pareto.ipynb"!r}):
    try:
        with open(path, "w") as handle:
            handle.write("{{}}")
        print("FILE changed", path)
    except Exception as exc:
        print("FILE refused", path, type(exc).__name__)
""",
        "network": f"""
import socket
try:
    reply = socket.create_connection(("127.0.0.1", {port}), timeout=3).recv(100)
    print("NET reached the grading machine:", reply)
except Exception as exc:
    print("NET refused", type(exc).__name__)
""",
        "home_reader": f"""
import os
for path in ({str(home / ".ssh" / "id_rsa")!r}, os.path.expanduser("~/.ssh/id_rsa")):
    try:
        print("HOME read", path, open(path).read())
    except Exception as exc:
        print("HOME refused", path, type(exc).__name__)
""",
    }


def _hostile(full: dict, attack: str) -> dict:
    nb = copy.deepcopy(full)
    cell = solution_code_cells(nb)[0]
    body = "\n".join("    " + line for line in attack.strip().splitlines())
    cell["source"] = text(cell) + "\ntry:\n" + body + "\nexcept Exception as exc:\n    print(exc)\n"
    return nb


@pytest.fixture(scope="module")
def server():
    """A server on the grading machine's loopback that answers every caller."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    calls = []

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            calls.append(1)
            conn.sendall(b"hello from the grading machine")
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield listener.getsockname()[1], calls
    listener.close()


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """The instructor's home (HOME while grading) with a private key in it."""
    folder = tmp_path_factory.mktemp("instructor-home")
    (folder / ".ssh").mkdir()
    (folder / ".ssh" / "id_rsa").write_text(CANARY, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, home, server):
    """The class written to a course root; returns (root, case, attacked student ids)."""
    case = load_case(ASSIGNMENT)
    root = make_course(tmp_path_factory.mktemp("hostile") / "course", [ASSIGNMENT])
    distribute.generate(root, ASSIGNMENT)
    nbname = case["notebook"]
    release = read(root / "release" / ASSIGNMENT / nbname)
    source = read(root / "source" / ASSIGNMENT / nbname)
    full = solved(release, source)
    write(root, ASSIGNMENT, "honest_full", nbname, full)
    write(
        root,
        ASSIGNMENT,
        "honest_wrong",
        nbname,
        solved(release, source, case["wrong"]["solution_cells"]),
    )
    attacks = _attacks(root, home, server[0])
    for student, attack in attacks.items():
        write(root, ASSIGNMENT, student, nbname, _hostile(full, attack))
    # Three more of the class: the hidden-test marker in a comment, a student who patches
    # the comparisons (right answers, so only the flag tells), and an empty folder.
    marker = copy.deepcopy(full)
    cell = solution_code_cells(marker)[0]
    cell["source"] = text(cell) + "\n# ### BEGIN HIDDEN TESTS (a comment, not a test)\n"
    write(root, ASSIGNMENT, "marker", nbname, marker)
    patch = "import math\nimport numpy as np\nmath.isclose = lambda *a, **k: True\nnp.isclose = math.isclose"
    write(root, ASSIGNMENT, "patcher", nbname, _hostile(full, patch))
    (root / "submitted" / "empty_folder" / ASSIGNMENT).mkdir(parents=True)
    return root, case, sorted(attacks)


@pytest.fixture(scope="module")
def graded(hostile, home, tmp_path_factory):
    """The class graded in the sandbox; a copy of the course kept before grading."""
    root, case, attackers = hostile
    untouched = tmp_path_factory.mktemp("before") / "course"
    shutil.copytree(root, untouched)
    before = fingerprint(root / "submitted")
    warnings = []
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        report = grade.grade_class(
            ASSIGNMENT,
            course_dir=root,
            jobs=2,
            timeout=TIMEOUT,
            progress=False,
            require_sandbox=True,
            warn=warnings.append,
        )
    finally:
        if old_home is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = old_home
    return root, case, attackers, report, before, warnings, untouched


def _answer_output(root: Path, student: str) -> str:
    """Everything the first answer cell printed, in the executed (autograded) notebook."""
    nb = read(root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    cells = [c for c in nb["cells"] if meta(c).get("solution") and c["cell_type"] == "code"]
    out = []
    for output in cells[0].get("outputs", []):
        out.append("".join(output.get("text", "")))
        out.append(json.dumps(output.get("data", {})))
        out.append("\n".join(output.get("traceback", [])))
    return "\n".join(out)


def test_every_student_graded_in_the_sandbox_with_the_right_grade(graded):
    root, case, attackers, report, _, warnings, _ = graded
    assert warnings == [], "a working sandbox must not warn"
    assert "bubblewrap sandbox" in report.summary()
    by_student = {r.student: r for r in report.results}
    auto = case["automatic_points"]
    assert by_student["honest_full"].auto_score == auto
    assert by_student["honest_wrong"].auto_score == case["wrong"]["expected_automatic_score"]
    for student in attackers:  # correct answers: the attack itself costs and earns nothing
        assert by_student[student].graded, by_student[student].problem
        assert by_student[student].auto_score == auto, student


def test_gradebook_unchanged_by_the_sqlite_student(graded):
    root, case, _, _, _, _, _ = graded
    out = _answer_output(root, "db_writer")
    assert "DB refused" in out and "DB changed" not in out, out
    grades = cell_grades(root, ASSIGNMENT)
    full = grades["honest_full"]
    assert sum(g[0] or 0 for g in full.values()) == case["automatic_points"]


def test_classmates_submitted_file_byte_identical(graded):
    root, _, _, _, before, _, _ = graded
    out = _answer_output(root, "file_writer")
    assert "FILE refused" in out and "FILE changed" not in out, out
    assert fingerprint(root / "submitted") == before


def test_snooping_student_sees_no_course_file_and_prints_no_hidden_test(graded):
    root, _, _, _, _, _, _ = graded
    out = _answer_output(root, "snoop")
    assert "SNOOP found 0 files" in out, out
    squashed = "".join(out.split())
    source = read(root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    leaked = [line for line in secret_lines(source) if line in squashed]
    assert leaked == []
    raw = (root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()
    assert base64.b64encode(raw).decode()[:200] not in squashed


def test_no_network_to_the_grading_machine(graded, server):
    root, _, _, _, _, _, _ = graded
    out = _answer_output(root, "network")
    assert "NET refused" in out and "NET reached" not in out, out
    assert server[1] == [], "the sandboxed kernel reached a server on the grading machine"


def test_instructor_home_not_readable(graded):
    root, _, _, _, _, _, _ = graded
    out = _answer_output(root, "home_reader")
    assert "HOME refused" in out, out
    assert CANARY not in out and "HOME read" not in out


def test_marker_text_patching_and_an_empty_folder_stop_no_one(graded):
    root, case, attackers, report, _, _, _ = graded
    by_student = {r.student: r for r in report.results}
    assert (
        by_student["marker"].graded and by_student["marker"].auto_score == case["automatic_points"]
    )
    assert by_student["patcher"].graded and by_student["patcher"].flags, "patching not flagged"
    assert any("isclose" in flag for flag in by_student["patcher"].flags)
    assert "FLAGGED" in report.summary()
    assert not by_student["empty_folder"].graded
    graded_ok = {r.student for r in report.results if r.graded}
    assert {"honest_full", "honest_wrong", "marker", "patcher", *attackers} <= graded_ok


def test_feedback_for_every_graded_student_and_no_hidden_test_in_any(graded):
    root, _, _, report, _, _, _ = graded
    feedback = make_feedback(root, ASSIGNMENT)
    assert feedback.failures == {}, feedback.summary()
    assert set(feedback) == {r.student for r in report.results if r.graded}
    source = read(root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    hidden = {
        "".join(line.split())
        for cell in source["cells"]
        if meta(cell).get("grade") and not meta(cell).get("solution")
        for line in hidden_lines(text(cell))
        if len("".join(line.split())) >= 12
    }
    assert hidden, "the assignment has hidden tests to look for"
    pages = sorted((root / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert len(pages) == len(feedback)
    for page in pages:
        squashed = "".join(html.unescape(page.read_text(encoding="utf-8")).split())
        assert [line for line in hidden if line in squashed] == [], page.parent.parent.name


def test_export_gives_every_student_the_right_status(graded, tmp_path):
    root, case, _, _, _, _, _ = graded
    out = tmp_path / "grades.csv"
    assert main(["--course-dir", str(root), "export", "-o", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    status = {student: row["status"] for student, row in rows.items()}
    # pareto's written answers are not hand-graded yet: the honest and marker students wait
    for student in ("honest_full", "honest_wrong", "marker"):
        assert status[student] == "waiting for manual grading", (student, status[student])
    # the students whose code imports sqlite3 or socket are flagged for review too
    assert status["db_writer"] == "flagged" and status["network"] == "flagged"
    assert status["patcher"] == "flagged" and "isclose" in rows["patcher"]["notes"]
    assert status["empty_folder"] == "empty" and rows["empty_folder"]["score"] == ""
    assert (
        float(rows["honest_wrong"]["automatic_score"]) == case["wrong"]["expected_automatic_score"]
    )
    assert float(rows["db_writer"]["automatic_score"]) == case["automatic_points"]


def test_without_the_sandbox_the_attacks_work(graded, home, server):
    """The control: graded as plain nbgrader runs it, the same code does read and write.
    (Run on a copy of the class made before grading, the attacks aimed at the copy.)"""
    _, case, _, _, _, _, untouched = graded
    release = read(untouched / "release" / ASSIGNMENT / case["notebook"])
    full = solved(release, read(untouched / "source" / ASSIGNMENT / case["notebook"]))
    attacks = _attacks(untouched, home, server[0])  # absolute paths of this copy
    for student in ("snoop", "network", "home_reader", "file_writer"):
        write(untouched, ASSIGNMENT, student, case["notebook"], _hostile(full, attacks[student]))
    warnings = []
    old_home = os.environ.get("HOME")
    os.environ["HOME"] = str(home)
    try:
        report = grade.grade_class(
            ASSIGNMENT,
            course_dir=untouched,
            jobs=2,
            students=["snoop", "network", "home_reader", "file_writer"],
            timeout=TIMEOUT,
            progress=False,
            sandbox=False,
            warn=warnings.append,
        )
    finally:
        if old_home is None:
            os.environ.pop("HOME", None)
        else:
            os.environ["HOME"] = old_home
    assert any("WITHOUT the sandbox" in w for w in warnings), warnings
    assert "WITHOUT the sandbox" in report.summary()
    assert "SNOOP found 0 files" not in _answer_output(untouched, "snoop")
    assert "BEGIN HIDDEN TESTS" in _answer_output(untouched, "snoop")
    assert "NET reached" in _answer_output(untouched, "network")
    assert server[1], "the unsandboxed kernel should have reached the server"
    assert CANARY in _answer_output(untouched, "home_reader")
    changed = untouched / "submitted" / "honest_full" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert changed.read_text(encoding="utf-8") == "{}"


# --- when the sandbox cannot be made -------------------------------------------------------


@pytest.fixture()
def no_bwrap(monkeypatch):
    """PATH holds the environment's programs (nbgrader needs alembic) but no bwrap."""
    monkeypatch.setenv("PATH", str(Path(sys.executable).parent))
    assert sandbox_problem() is not None


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("nobwrap") / "course", [ASSIGNMENT])
    distribute.generate(root, ASSIGNMENT)
    case = load_case(ASSIGNMENT)
    release = read(root / "release" / ASSIGNMENT / case["notebook"])
    source = read(root / "source" / ASSIGNMENT / case["notebook"])
    write(root, ASSIGNMENT, "anna", case["notebook"], solved(release, source))
    return root, case


def test_without_bwrap_a_warning_comes_before_grading(small, no_bwrap):
    root, case = small
    events = []

    def warn(text):
        events.append(("warning", text, (root / "autograded").exists()))

    report = grade.grade_class(ASSIGNMENT, course_dir=root, jobs=1, progress=False, warn=warn)
    assert len(events) == 1
    kind, text_, graded_already = events[0]
    assert "WITHOUT the sandbox" in text_ and "bubblewrap" in text_ and "apt-get" in text_
    assert graded_already is False, "the warning must come before grading starts"
    assert "WITHOUT the sandbox" in report.summary()
    assert report.results[0].auto_score == case["automatic_points"]


def test_without_bwrap_require_sandbox_refuses(small, no_bwrap, capsys):
    root, _ = small
    shutil.rmtree(root / "autograded", ignore_errors=True)
    with pytest.raises(GradingError, match="sandbox.*bubblewrap"):
        grade.grade_class(ASSIGNMENT, course_dir=root, require_sandbox=True, progress=False)
    assert not (root / "autograded").exists()

    from kamtools.cli import main

    code = main(["--course-dir", str(root), "grade", ASSIGNMENT, "--require-sandbox"])
    assert code == 2
    assert "bubblewrap" in capsys.readouterr().err
    assert not (root / "autograded").exists()
