"""The learners' lab: a reopened notebook says how to bring a widget back, never "model not found"."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from _jupyterlab import running_lab

from kamtools._lab import WIDGET_VIEW, replace_widget_views, widget_note

ROOT = Path(__file__).resolve().parents[1]
NOTE = "Run this cell (Shift + Enter) to bring it back."


def notebook_with_a_widget() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    widget = nbformat.v4.new_code_cell("kt.Quiz('03_pareto')", execution_count=1)
    widget.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                WIDGET_VIEW: {"model_id": "0b1e", "version_major": 2, "version_minor": 0},
                "text/plain": "Quiz(children=(...))",
            },
        )
    ]
    printed = nbformat.v4.new_code_cell("print(1)", execution_count=2)
    printed.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    table = nbformat.v4.new_code_cell("df", execution_count=3)
    table.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/html": "<table/>"}, execution_count=3)
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), widget, printed, table]
    return nb


def test_only_widget_outputs_become_the_note():
    nb = notebook_with_a_widget()
    before = json.loads(json.dumps(nb))
    replace_widget_views({"type": "notebook", "content": nb})
    assert nb.cells[1].outputs[0]["data"] == widget_note()
    assert NOTE in nb.cells[1].outputs[0]["data"]["text/plain"]
    assert nb.cells[2] == before["cells"][2] and nb.cells[3] == before["cells"][3]
    replace_widget_views({"type": "file", "content": "text"})  # other files: untouched


@pytest.mark.slow
def test_a_notebook_saved_in_the_learners_lab_keeps_a_note_not_a_dead_widget(tmp_path):
    """Saved through the server as the browser saves it; the file then reopens cleanly."""
    course = tmp_path / "course"
    course.mkdir()
    with running_lab(course, tmp_path, learner=True) as lab:
        body = json.dumps({"type": "notebook", "content": notebook_with_a_widget()}).encode()
        request = urllib.request.Request(
            f"{lab.base}/api/contents/module.ipynb?token={lab.token}", data=body, method="PUT"
        )
        assert urllib.request.urlopen(request).status in (200, 201)
        # nbgrader's instructor pages are not served to learners
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{lab.base}/formgrader?token={lab.token}")
    saved = nbformat.read(course / "module.ipynb", as_version=4)
    (output,) = saved.cells[1].outputs
    assert WIDGET_VIEW not in output["data"]
    assert NOTE in output["data"]["text/plain"] and NOTE in output["data"]["text/html"]
    assert saved.cells[2].outputs[0]["text"] == "1\n"
    assert "model not found" not in (course / "module.ipynb").read_text()
