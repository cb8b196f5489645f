"""The check engine knows no course: a course hands it specs and an answers resolver.

Issue 14, part 1. ``kamtools.checks`` imports nothing from ``kamtools.content``; KAM
Academy registers its content when ``kamtools`` is imported, and a second edition (here a
one-question "course" in a temporary folder) runs on the same engine without it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from kamtools.checks import SpecError, available_exercises, catalogue, exercise
from kamtools.checks.source import Content, DictAnswers, register_content, registered, using
from kamtools.content import COURSE
from kamtools.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]

DEMO = {
    "module": "99_demo",
    "title": "A second edition",
    "questions": [
        {
            "id": "q1",
            "type": "numeric",
            "title": "Twice the base",
            "prompt": "What is twice the base?",
            "unit": "count",
            "expected_from": "twice",
            "mistakes": [{"value_from": "base", "message": "That is the base itself."}],
            "hints": ["Double it."],
            "solution": "Twice the base is {{twice:,.0f}}.",
        }
    ],
}


def _imported_modules(path: Path, root: Path = ROOT / "kamtools") -> set[str]:
    """Every module ``path`` imports, relative imports written out from ``kamtools``.

    ``root`` is the folder that plays the ``kamtools`` package (the real one by default).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ["kamtools", *path.relative_to(root).parent.parts]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "kamtools" / "checks").glob("*.py")), ids=lambda p: p.name
)
def test_no_engine_module_imports_the_course_content(path):
    imports = _imported_modules(path)
    assert not [m for m in imports if m == "kamtools.content" or m.startswith("kamtools.content.")]


def test_the_import_scan_sees_a_relative_import_of_the_content(tmp_path):
    # The test above must be able to fail: the scan resolves `from ..content import x`.
    # The probe lives in a copy of the layout under tmp_path, never in the package itself
    # (other tests, such as the ruff run, read the package while this one runs).
    fake = tmp_path / "checks" / "_scan_probe.py"
    fake.parent.mkdir()
    fake.write_text("from ..content.answers import compute\n", encoding="utf-8")
    assert "kamtools.content.answers" in _imported_modules(fake, root=tmp_path)


@pytest.fixture
def demo(tmp_path):
    (tmp_path / "99_demo.yml").write_text(yaml.safe_dump(DEMO), encoding="utf-8")
    answers = DictAnswers({"twice": lambda: 2 * 21, "base": lambda: 21})
    return Content(checks_dir=tmp_path, answers=answers)


def test_a_second_edition_runs_on_the_engine_without_the_course(demo):
    log = []
    ex = exercise("99_demo", content=demo, recorder=lambda *a, **k: log.append((a, k)))
    assert ex.q1.check(42).outcome == "correct"
    wrong = ex.q1.check(21)
    assert wrong.outcome == "incorrect" and "base itself" in wrong.message
    assert "Twice the base is 42." in str(ex.q1.solution())
    assert available_exercises(demo) == ["99_demo"]
    assert catalogue(demo) == {"99_demo": ["q1"]}
    assert [a[0][:2] for a in log][:2] == [("99_demo", "q1"), ("99_demo", "q1")]


def test_the_course_stays_registered_while_an_edition_is_passed(demo):
    exercise("99_demo", content=demo)
    assert registered() is COURSE
    assert "03_pareto" in available_exercises()
    with pytest.raises(ParameterError, match="99_demo"):
        exercise("99_demo")  # not a module of the registered course


def test_using_swaps_the_registered_content_and_restores_it(demo):
    with using(demo):
        assert registered() is demo
        assert exercise("99_demo").q1.check("42").outcome == "correct"
    assert registered() is COURSE


def test_an_unknown_answers_name_is_refused_naming_the_resolver(demo):
    bad = yaml.safe_load(yaml.safe_dump(DEMO))
    bad["questions"][0]["expected_from"] = "twise"
    (demo.checks_dir / "99_demo.yml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(SpecError, match="'twise' is not a function of the answers resolver"):
        exercise("99_demo", content=demo)


def test_the_course_resolver_names_its_file_in_errors():
    assert COURSE.answers.where == "kamtools/content/answers.py"
    assert "start_top2_share" in COURSE.answers.names()
    assert COURSE.answers.compute("start_top2_share") == pytest.approx(0.68)


def test_content_needs_a_resolver_and_registration_needs_content(tmp_path):
    with pytest.raises(ParameterError, match="names\\(\\) and compute\\(\\)"):
        Content(checks_dir=tmp_path, answers={"twice": 42})
    with pytest.raises(ParameterError, match="Content"):
        register_content("kamtools/content")


def test_no_registered_content_is_a_clear_error(monkeypatch):
    import kamtools.checks.source as source

    monkeypatch.setattr(source, "_REGISTERED", [])
    with pytest.raises(ParameterError, match="no course content is registered"):
        source.registered()
