"""The Polish assignments: generated from the English source and a catalogue, released and
graded by nbgrader exactly like the English ones (same graded cells, same points).

An instructor who teaches in Polish runs ``make assignments EDITION=pl``: the course root is
``exercises/pl/`` (its own gradebook), its ``source/`` comes from
``tools/build_translations.py``. Here a copy of one assignment is translated in part, built,
generated with ``kamtools generate`` and a solved student copy is graded: full marks, as the
English one gets.
"""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from _synthetic_class import EXERCISES, load_case, meta, read, solved

from kamtools.cli import main

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import build_translations as bt  # noqa: E402
import po_files  # noqa: E402

NAME = "pareto"


@pytest.fixture
def exercises(tmp_path: Path) -> Path:
    """A copy of exercises/ with one assignment and its (empty) Polish catalogue."""
    root = tmp_path / "exercises"
    (root / "source").mkdir(parents=True)
    shutil.copy2(EXERCISES / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(EXERCISES / "source" / NAME, root / "source" / NAME)
    path = bt.assignment_catalogue_path("pl", NAME, root)
    path.parent.mkdir(parents=True)
    path.write_bytes(bt.update_assignment("pl", NAME, root))
    return root


def _translate(root: Path, texts: dict[str, str]) -> None:
    path = bt.assignment_catalogue_path("pl", NAME, root)
    catalogue = bt.read_catalogue(path, "pl")
    for message in catalogue:
        if message.context in texts:
            message.string = texts[message.context]
    path.write_bytes(po_files.render(catalogue))


def _english() -> nbformat.NotebookNode:
    return nbformat.read(EXERCISES / "source" / NAME / f"{NAME}.ipynb", as_version=4)


def test_the_polish_assignment_keeps_every_graded_cell_and_names_what_is_untranslated(exercises):
    english = _english()
    intro = english.cells[0]
    _translate(exercises, {intro["id"]: "# Zadanie: Pareto i koncentracja klientów"})
    problems = bt.build_assignments("pl", exercises)
    assert f"exercises/pl/{NAME}: cell {intro['id']} is not translated" not in problems
    assert any("is not translated" in p for p in problems)  # the rest, named cell by cell
    assert "stale: exercises/pl/nbgrader_config.py" in problems
    polish = nbformat.read(exercises / "pl" / "source" / NAME / f"{NAME}.ipynb", as_version=4)
    assert polish.cells[0].source == "# Zadanie: Pareto i koncentracja klientów"
    graded = [c for c in polish.cells if c["id"] != bt.LANGUAGE_CELL_ID]
    assert [c.metadata for c in graded] == [c.metadata for c in english.cells]
    assert [c.source for c in graded if c.cell_type == "code"] == [
        c.source for c in english.cells if c.cell_type == "code"
    ]  # code never forked: untranslated code cells are the English ones


def test_a_translation_that_changes_graded_code_is_refused(exercises):
    english = _english()
    setup = next(c for c in english.cells if c.cell_type == "code" and "import" in c.source)
    _translate(exercises, {setup["id"]: setup.source.replace("kt.", "kamtools.", 1)})
    problems = bt.build_assignments("pl", exercises, check=True)
    assert f"exercises/pl/{NAME}: cell {setup['id']}: the translation changes the code" in problems


@pytest.mark.slow
def test_the_polish_assignment_is_released_and_graded_like_the_english_one(exercises, capsys):
    english = _english()
    texts = {c["id"]: c.source for c in english.cells if c["id"] and c.source.strip()}
    texts[english.cells[0]["id"]] = "# Zadanie: Pareto i koncentracja klientów (23 punkty)"
    _translate(exercises, texts)
    assert bt.build_assignments("pl", exercises) == [
        f"stale: exercises/pl/source/{NAME}/{NAME}.ipynb",
        "stale: exercises/pl/templates/feedback/index.html.j2",
        "stale: exercises/pl/templates/feedback/conf.json",
        "stale: exercises/pl/nbgrader_config.py",
    ]
    course = exercises / "pl"
    assert main(["--course-dir", str(course), "generate", NAME]) == 0
    release = read(course / "release" / NAME / f"{NAME}.ipynb")
    assert "Zadanie: Pareto" in "".join(release["cells"][0]["source"])
    source = read(course / "source" / NAME / f"{NAME}.ipynb")
    student = solved(release, source)
    points = {meta(c)["grade_id"]: meta(c).get("points") for c in release["cells"] if meta(c)}
    english_points = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"].get("points")
        for c in english.cells
        if "nbgrader" in c.metadata
    }
    assert points == english_points
    assert (course / "nbgrader_config.py").read_text(encoding="utf-8").count("exec(") == 1
    upload = exercises.parent / "submissions.zip"
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr(f"ala/{NAME}.ipynb", json.dumps(student))
    assert main(["--course-dir", str(course), "collect", NAME, "--zip", str(upload)]) == 0
    capsys.readouterr()
    code = main(["--course-dir", str(course), "grade", NAME, "--jobs", "1", "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0, out
    automatic = load_case(NAME)["automatic_points"]
    ala = next(line for line in out.splitlines() if line.startswith("ala"))
    assert f"{automatic:g}/{automatic:g}" in ala  # full marks, as in English
    assert (course / "gradebook.db").exists() and not (exercises / "gradebook.db").exists()


def test_the_polish_feedback_page_is_nbgraders_with_polish_labels(tmp_path, monkeypatch):
    files = bt.feedback_template("pl")
    english = (bt.nbgrader_templates() / "feedback" / "index.html.j2").read_text("utf-8")
    page = files["index.html.j2"]
    assert len(page.splitlines()) == len(english.splitlines()) + 1  # + the "generated" line
    for label, polish in bt.FEEDBACK_LABELS["pl"].items():
        assert polish in page and label not in page.replace(polish, ""), label
    # another nbgrader whose template lost a label stops the build, naming the label
    changed = tmp_path / "templates"
    shutil.copytree(bt.nbgrader_templates() / "feedback", changed / "feedback")
    template = changed / "feedback" / "index.html.j2"
    template.write_text(english.replace("Student's answer", "Answer"), "utf-8")
    monkeypatch.setattr(bt, "nbgrader_templates", lambda: changed)
    with pytest.raises(ValueError, match="Student's answer"):
        bt.feedback_template("pl")
