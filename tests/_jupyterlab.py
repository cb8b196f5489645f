"""A throw-away JupyterLab server on 127.0.0.1 for tests (private test helper).

Used by ``tests/test_lab_server.py`` and the real-browser tests in ``tests/browser/``.
Everything the server writes (config, runtime files, settings, workspaces, the kamtools
progress store) goes to a temporary folder, never to the user's home.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent

#: The facilitator's room seed the test servers run with: a role-play shows its replies
#: in the order ``Session(..., seed=ROOM_SEED)`` computes, whoever runs the tests.
ROOM_SEED = "browser-tests"

#: JupyterLab user settings for tests: no news or update toasts (JupyterLab 4 asks
#: whether to fetch news, and the toast covers the notebook), no autosave (the notebooks
#: stay as they were copied), and every cell attached to the page so that Playwright
#: finds outputs below the fold.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab: where it listens, its token, what it serves, its log file."""

    base: str
    token: str
    root: Path
    log: Path
    progress_db: Path

    def url(self, path: str, **query: str) -> str:
        """Absolute URL of ``path`` (e.g. ``"lab/tree/x.ipynb"``) with the token."""
        return f"{self.base}/{path.lstrip('/')}?" + urllib.parse.urlencode(
            {**query, "token": self.token}
        )

    def api(self, path: str, *, method: str = "GET") -> Any:
        """Call the REST API (``path`` below ``/api/``); the decoded JSON, or None."""
        request = urllib.request.Request(self.url(f"api/{path}"), method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_sessions(self) -> None:
        """Shut down every kernel session (the notebooks opened by a test)."""
        for session in self.api("sessions"):
            self.api(f"sessions/{session['id']}", method="DELETE")

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the server's log."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(no server log: {exc})"
        return "\n".join(text.splitlines()[-lines:])


def _write_settings(settings_dir: Path) -> None:
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2), encoding="utf-8")


@contextlib.contextmanager
def running_lab(
    root_dir: Path, tmp: Path, *, timeout: float = 60.0, learner: bool = False
) -> Iterator[LabServer]:
    """Start JupyterLab serving ``root_dir``, yield it once it answers, then stop it.

    The server runs in a session of its own and the whole process group (server and
    kernels) is stopped at the end. ``tmp`` receives its config, runtime, settings and
    workspace folders, its log (``jupyter.log``) and the kamtools progress store.
    ``learner``: read the learners' configuration of ``make lab`` (``.jupyter-learner``).
    """
    port, token = free_port(), "kam-test-token"
    settings = tmp / "lab-settings"
    _write_settings(settings)
    progress_db = tmp / "progress.sqlite3"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        # Kernels record self-check attempts here, not in the user's own store.
        "KAMTOOLS_PROGRESS_DB": str(progress_db),
        "KAMTOOLS_PROGRESS": "on",
        "KAMTOOLS_ROOM_SEED": ROOM_SEED,
    }
    if learner:
        env["JUPYTER_CONFIG_PATH"] = str(Path(__file__).resolve().parents[1] / ".jupyter-learner")
    log = tmp / "jupyter.log"
    with log.open("wb") as log_file:
        proc = subprocess.Popen(
            [
                str(BIN / "jupyter"),
                "lab",
                "--no-browser",
                "--allow-root",
                "--ip=127.0.0.1",
                f"--port={port}",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root_dir}",
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    server = LabServer(f"http://127.0.0.1:{port}", token, Path(root_dir), log, progress_db)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                server.api("status")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"JupyterLab did not start within {timeout:g} s; its log ends with:\n"
                        + server.log_tail()
                    ) from None
                time.sleep(0.5)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
