"""The workshop apps served as ``make apps`` serves them, for tests (private test helper).

:func:`running_voila` runs ``tools/serve_apps.py`` itself (Voila on 127.0.0.1 with the
``kam-apps`` template) on a free port, waits until it answers and stops it by process id.
Used by ``tests/test_apps.py`` and ``tests/browser/test_apps_browser.py``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from _jupyterlab import ROOM_SEED, free_port

ROOT = Path(__file__).resolve().parent.parent
SERVE_APPS = ROOT / "tools" / "serve_apps.py"
#: A file of the kam-apps template: once Voila serves it, the apps can be opened.
READY_PATH = "voila/templates/kam-apps/static/kam-apps.css"


@dataclass(frozen=True)
class VoilaServer:
    """A running ``serve_apps.py``: its address, log file, process id, temporary folder
    (its TMPDIR: the template copy, Voila's connection files) and how long it took to
    start."""

    base: str
    log: Path
    pid: int
    temp: Path
    startup_seconds: float

    def app_url(self, notebook: str) -> str:
        """Where Voila shows ``notebook`` (a file name in course/apps)."""
        return f"{self.base}/voila/render/{notebook}"

    def fetch(self, path: str) -> tuple[int, Message, str]:
        """HTTP GET of ``path`` (below the base address): status, headers and body text."""
        try:
            with urllib.request.urlopen(f"{self.base}/{path.lstrip('/')}", timeout=60) as r:
                return r.status, r.headers, r.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read().decode("utf-8", errors="replace")

    def get(self, path: str) -> tuple[int, str]:
        """HTTP GET of ``path`` (below the base address): status and body text."""
        status, _, body = self.fetch(path)
        return status, body

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of what serve_apps.py and Voila printed."""
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(no log: {exc})"
        return "\n".join(text.splitlines()[-lines:])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def running_voila(
    tmp: Path, *, timeout: float = 90.0, edition: str = "en"
) -> Iterator[VoilaServer]:
    """Run ``tools/serve_apps.py --no-browser`` on a free port; yield it once it answers.

    Its output goes to ``tmp/voila.log``, its temporary files to ``tmp/tmp``; kernels
    record self-checks in ``tmp/progress.sqlite3`` if anything records at all. At the end
    the process group of serve_apps.py (with Voila) is stopped by the process id.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    temp = tmp / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "KAMTOOLS_PROGRESS_DB": str(tmp / "progress.sqlite3"),
        # A facilitator's room seed: the role-play shows its replies in the order that
        # Session(..., seed=ROOM_SEED) computes, whoever runs the tests.
        "KAMTOOLS_ROOM_SEED": ROOM_SEED,
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp / "voila.log"
    started = time.monotonic()
    with log.open("wb") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable,
                str(SERVE_APPS),
                f"--port={port}",
                f"--edition={edition}",
                "--no-browser",
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        deadline = started + timeout
        while not _answers(f"{base}/{READY_PATH}"):
            if proc.poll() is not None or time.monotonic() > deadline:
                server = VoilaServer(base, log, proc.pid, temp, float("nan"))
                raise RuntimeError(
                    f"serve_apps.py did not answer within {timeout:g} s (exit code "
                    f"{proc.poll()}); its output ends with:\n{server.log_tail()}"
                )
            time.sleep(0.1)
        yield VoilaServer(base, log, proc.pid, temp, time.monotonic() - started)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
