"""`make lab` starts a working JupyterLab on localhost that serves the start page."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    port, token = _free_port(), "kam-test-token"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    proc = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start within 60 s") from None
                time.sleep(0.5)
        yield base, token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.mark.slow
def test_jupyterlab_serves_the_start_page_and_its_widgets_extension(lab):
    base, token = lab
    page = urllib.request.urlopen(f"{base}/lab/tree/course/00_start_here.ipynb?token={token}")
    assert page.status == 200
    assert "JupyterLab" in page.read().decode()
    model = json.load(
        urllib.request.urlopen(f"{base}/api/contents/course/00_start_here.ipynb?token={token}")
    )
    assert model["type"] == "notebook"
    assert model["content"]["cells"][0]["source"].startswith("# Welcome to KAM Academy")
    # The ipywidgets front end is installed, so widgets render in the lab.
    exts = json.load(urllib.request.urlopen(f"{base}/lab/api/extensions?token={token}"))
    enabled = {e["name"] for e in exts if e.get("enabled")}
    assert {"jupyter-widgets-jupyterlab-manager", "jupyter-nbgrader"} <= enabled, enabled
    kernels = json.load(urllib.request.urlopen(f"{base}/api/kernelspecs?token={token}"))
    assert "python3" in kernels["kernelspecs"]
