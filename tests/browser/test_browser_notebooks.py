"""The notebooks of the browser tests: committed clean, one per widget, each one tested.

No browser needed: these read files only.
"""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest

import kamtools.widgets

HERE = Path(__file__).resolve().parent
NOTEBOOKS = sorted((HERE / "notebooks").glob("*.ipynb"))
BROWSER_TESTS = (HERE / "test_widgets_in_lab.py").read_text(encoding="utf-8")

#: Widgets shown through a function rather than by calling the class.
SHOWN_BY = {"ProgressDashboard": "progress_dashboard"}


def _code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_there_are_browser_notebooks():
    assert len(NOTEBOOKS) >= 9, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_browser_notebook_is_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    with_outputs = [i for i, c in enumerate(nb["cells"]) if c.get("outputs")]
    counted = [i for i, c in enumerate(nb["cells"]) if c.get("execution_count")]
    assert with_outputs == [] and counted == [], f"run nbstripout on {path.name}"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"  # no kernel picker in the lab


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_browser_notebook_is_opened_by_a_browser_test(path):
    assert f'notebook.open("{path.name}")' in BROWSER_TESTS


@pytest.mark.parametrize(
    "name",
    [n for n in kamtools.widgets.__all__ if inspect.isclass(getattr(kamtools.widgets, n))],
)
def test_every_public_widget_has_a_browser_notebook(name):
    call = re.compile(rf"\bkt\.{SHOWN_BY.get(name, name)}\(")
    users = [p.name for p in NOTEBOOKS if call.search(_code(p))]
    assert users, f"no notebook in tests/browser/notebooks/ shows kt.{name}: add one and a test"
