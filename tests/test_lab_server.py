"""`make lab` starts a working JupyterLab on localhost that serves the start page."""

from __future__ import annotations

import json
import urllib.error
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


@pytest.mark.slow
def test_make_lab_itself_starts_the_server_on_localhost(tmp_path):
    """The README's command, as typed (also as root, where Jupyter needs --allow-root)."""
    import os
    import signal
    import subprocess
    import time

    from _jupyterlab import free_port

    port, token = free_port(), "make-lab-test"
    env = {
        **os.environ,
        "LAB_TOKEN": token,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "BROWSER": "true",  # a browser that does nothing: no window opens during tests
    }
    proc = subprocess.Popen(
        ["make", "lab", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status = urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2
                )
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"make lab stopped:\n{proc.stdout.read()[-3000:]}")
                if time.monotonic() > deadline:
                    pytest.fail("make lab did not serve within 90 s")
                time.sleep(0.5)
        assert status.status == 200
        page = urllib.request.urlopen(
            f"http://127.0.0.1:{port}/lab/tree/00_start_here.ipynb?token={token}"
        )
        assert page.status == 200
        # Learners see no nbgrader panel or button: Validate said "Success!" on wrong
        # answers, Assignments said "Error fetching courses!".
        html = page.read().decode()
        config = html.split('id="jupyter-config-data"', 1)[1].split(">", 1)[1]
        disabled = json.loads(config.split("</script>", 1)[0])["disabledExtensions"]
        for plugin in ("formgrader", "create-assignment", "assignment-list", "validate-assignment"):
            assert f"@jupyter/nbgrader:{plugin}" in disabled, disabled
        assert "@jupyterlab/apputils-extension:announcements" in disabled
        # ... and /formgrader is not served even when typed by URL
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/formgrader?token={token}")
        assert missing.value.code == 404
        # The first thing printed is a link that opens module 00 (not the Launcher) ...
        link = f"http://127.0.0.1:{port}/lab/tree/00_start_here.ipynb?token={token}"
        banner = []  # (under another make, "make[1]: Entering directory ..." comes first)
        while len(banner) < 12 and not any("token=" in line for line in banner):
            banner.append(proc.stdout.readline())
        assert "Open this link in your browser" in "".join(banner), banner
        assert link in "".join(banner), banner
        # ... and the lab's home page itself is module 00.
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}")
        assert home.url.split("?")[0].endswith("/lab/tree/00_start_here.ipynb"), home.url
        # The file browser shows the course, not the facilitator's, author's or tests' files
        listing = json.load(
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}")
        )
        names = {item["name"] for item in listing["content"]}
        assert {"00_start_here.ipynb", "glossary.ipynb", "SETUP.md"} <= names, names
        hidden = {
            "FACILITATOR_GUIDE.md",
            "FACILITATOR_KIT.md",
            "AUTHORING.md",
            "WALKTHROUGH.md",
            "JUPYTERHUB.md",
            "hub",
        }
        assert not hidden & names, hidden & names
        # ... and in the handouts, the templates but not the client cards or the sheets
        # with the answers and the attendance.
        handouts = json.load(
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/handouts?token={token}")
        )
        names = {item["name"] for item in handouts["content"]}
        assert "roleplay_price_complaint_kam.html" in names, names
        hidden = {
            "roleplay_price_complaint_client.html",
            "answer_sheet.html",
            "attendance_sheet.html",
        }
        assert (ROOT / "course" / "handouts" / "answer_sheet.html").is_file()
        assert not hidden & names, hidden & names
        assert not {"kamtools", "tests", "exercises"} & names
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
