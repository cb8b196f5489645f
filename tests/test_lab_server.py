"""`make lab` starts a working JupyterLab on localhost that serves the start page."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from _jupyterlab import LabServer, running_lab

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def lab(tmp_path) -> Iterator[LabServer]:
    with running_lab(ROOT, tmp_path) as server:
        yield server


@pytest.mark.slow
def test_jupyterlab_serves_the_start_page_and_its_widgets_extension(lab):
    base, token = lab.base, lab.token
    page = urllib.request.urlopen(f"{base}/lab/tree/course/00_start_here.ipynb?token={token}")
    assert page.status == 200
    assert "JupyterLab" in page.read().decode()
    model = json.load(
        urllib.request.urlopen(f"{base}/api/contents/course/00_start_here.ipynb?token={token}")
    )
    assert model["type"] == "notebook"
    titles = [c["source"] for c in model["content"]["cells"] if c["cell_type"] == "markdown"]
    assert any(t.startswith("# Welcome to KAM Academy") for t in titles)
    # The ipywidgets front end is installed, so widgets render in the lab.
    exts = json.load(urllib.request.urlopen(f"{base}/lab/api/extensions?token={token}"))
    enabled = {e["name"] for e in exts if e.get("enabled")}
    assert {"jupyter-widgets-jupyterlab-manager", "jupyter-nbgrader"} <= enabled, enabled
    kernels = json.load(urllib.request.urlopen(f"{base}/api/kernelspecs?token={token}"))
    assert "python3" in kernels["kernelspecs"]
