"""The course as a whole: every module exists, follows the house structure, and together
they teach every point of the source article."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from kamtools.checks import available_exercises

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
MODULES = yaml.safe_load((COURSE / "modules.yml").read_text(encoding="utf-8"))["modules"]
COVERAGE = yaml.safe_load((COURSE / "seed_coverage.yml").read_text(encoding="utf-8"))["points"]


def _markdown(stem: str) -> str:
    """A module's Markdown as plain text: emphasis marks removed, whitespace folded."""
    nb = nbformat.read(COURSE / f"{stem}.ipynb", as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).casefold()


def _plain(phrase: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", phrase)).casefold()


def test_every_module_of_the_map_exists():
    missing = [m["file"] for m in MODULES if not (COURSE / m["file"]).exists()]
    assert missing == []


COVERAGE_ITEMS = [
    pytest.param(item, id=f"{group}: {item['point']}")
    for group, items in COVERAGE.items()
    for item in items
]


@pytest.mark.parametrize("item", COVERAGE_ITEMS)
def test_every_point_of_the_source_article_is_taught(item):
    assert _plain(item["phrase"]) in _markdown(item["module"]), (
        f"{item['module']} no longer says {item['phrase']!r} ({item['point']})"
    )


def test_the_coverage_list_has_all_seven_mistakes_13_competencies_and_9_traits():
    assert len(COVERAGE["mistakes"]) >= 7
    assert {m["point"][0] for m in COVERAGE["mistakes"]} == set("1234567")
    assert len(COVERAGE["competencies"]) == 13
    assert len(COVERAGE["traits"]) == 9
    assert len(COVERAGE["benefits"]) == 8


@pytest.mark.parametrize("module", MODULES[1:], ids=lambda m: m["file"])
def test_module_front_matter_and_checks(module):
    nb = nbformat.read(COURSE / module["file"], as_version=4)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert re.search(r"Questions", text), "learner questions missing"
    assert re.search(r"Objectives", text), "objectives missing"
    assert re.search(rf"about {module['minutes']} minutes", text), "time differs from modules.yml"
    assert "Key points" in text and "Further reading" in text
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    ids = set(re.findall(r'kt\.exercise\("([0-9a-z_]+)"\)', code))
    assert len(ids) == 1 and ids <= set(available_exercises())
    assert "ex.q1.check(" in code


@pytest.mark.parametrize("module", MODULES[1:], ids=lambda m: m["file"])
def test_learner_answer_cells_are_one_liners(module):
    nb = nbformat.read(COURSE / module["file"], as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code" or "____" not in cell.source:
            continue
        if "analyst challenge" in cell.source.casefold():
            continue
        lines = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")]
        placeholders = [ln for ln in lines if "____" in ln and "import" not in ln]
        for line in placeholders:
            assert len(line) <= 100, f"answer line too long: {line!r}"


@pytest.mark.slow
@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["file"])
def test_module_runs_in_a_fresh_kernel_without_errors_or_warnings(module, tmp_path, monkeypatch):
    """What a learner sees after Run All: no traceback and nothing written to stderr
    (library warnings included), in a fresh kernel started in the course folder."""
    from nbclient import NotebookClient

    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "progress.sqlite3"))
    nb = nbformat.read(COURSE / module["file"], as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(COURSE)}}
    ).execute()
    stderr = [
        (i, out.get("text", ""))
        for i, cell in enumerate(nb.cells)
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]
    assert stderr == []
