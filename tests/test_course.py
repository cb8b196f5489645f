"""The course as a whole: every module exists, follows the house structure, and together
they teach every point of the source article."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from kamtools.checks import available_exercises, catalogue

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


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["file"])
def test_each_module_asks_exactly_the_questions_the_dashboard_counts(module):
    """The dashboard counts a module's spec questions: the notebook must ask every one.

    (Module 00 had three questions in its spec that its page never asked, so the
    dashboard could never reach 100% and always sent learners back to 00 q1.)
    """
    nb = nbformat.read(COURSE / module["file"], as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    (module_id,) = set(re.findall(r'kt\.exercise\("([0-9a-z_]+)"\)', code))
    asked = sorted(set(re.findall(r"\bex\.(q\d+)\.check\(", code)), key=lambda q: int(q[1:]))
    assert asked == catalogue()[module_id]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m["file"])
def test_every_module_links_the_glossary_and_says_how_to_come_back(module):
    nb = nbformat.read(COURSE / module["file"], as_version=4)
    top = next(c for c in nb.cells if "nav-top" in c.metadata.get("tags", []))
    bottom = next(c for c in nb.cells if "nav-bottom" in c.metadata.get("tags", []))
    assert (
        "[Glossary](glossary.ipynb)" in top.source and "[Glossary](glossary.ipynb)" in bottom.source
    )
    if module["file"] != "00_start_here.ipynb":
        assert "Coming back to this page?" in top.source and "Run All Cells" in top.source


def test_no_notebook_shows_a_test_marker_to_learners():
    """nbval reads cell tags; a `# NBVAL_CHECK_OUTPUT` line was the first thing learners read."""
    for path in sorted(COURSE.rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            assert "NBVAL" not in cell.source, f"{path.name}: {cell.source[:60]!r}"


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
    # No raw numpy reprs such as np.int64(0): learners read numbers, not Python types.
    raw = [
        (i, text)
        for i, cell in enumerate(nb.cells)
        for out in cell.get("outputs", [])
        for text in [str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))]
        if re.search(r"\bnp\.(int|float)\d+\(", text)
    ]
    assert raw == []
