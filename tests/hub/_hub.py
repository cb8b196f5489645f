"""A throw-away JupyterHub on 127.0.0.1 for the hub smoke test and benchmark (private helper).

The hub runs the workshop configuration, course/hub/jupyterhub_config.py, unchanged: the
settings a host would give it come as ``KAM_HUB_*`` environment variables, and a small
overlay config (written into the temporary folder) adds only what a test needs: free ports
for the hub's internal API and the proxy's API, a service token with which the test drives
the hub and the users' servers, and JupyterLab settings without pop-ups.

Everything the hub writes (database, users' folders, exchange, logs) stays in that folder.
Every process the hub started (proxy, user servers, kernels) is stopped by its process id.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:  # the benchmark imports this module from outside pytest
    sys.path.insert(0, str(TESTS))

from _jupyterlab import LAB_SETTINGS, free_port  # noqa: E402

REPO = TESTS.parent
HUB_CONFIG = REPO / "course" / "hub" / "jupyterhub_config.py"
BIN = Path(sys.executable).parent
PROXY = REPO / "node_modules" / ".bin" / "configurable-http-proxy"

#: The shared passwords of the test hub (the admin one must have 32 characters or more).
USER_PASSWORD = "kam-workshop-room"
ADMIN_PASSWORD = "kam-instructor-" + "x" * 24
INSTRUCTOR = "instructor"


class HubError(RuntimeError):
    """The hub or a user server did not do what was asked; the message says what."""


@dataclass
class Hub:
    """A running JupyterHub: its address, the test's service token, folders and processes."""

    base: str
    token: str
    workdir: Path
    log: Path
    proc: subprocess.Popen
    #: every process the hub started, kept as psutil objects (they notice a reused pid)
    children: dict[int, psutil.Process] = field(default_factory=dict)

    # -- folders -------------------------------------------------------------------------
    @property
    def homes(self) -> Path:
        return self.workdir / "users"

    @property
    def exchange(self) -> Path:
        return self.workdir / "exchange"

    def home(self, user: str) -> Path:
        return self.homes / user

    # -- HTTP ------------------------------------------------------------------------------
    def request(
        self, method: str, path: str, body: Any = None, *, timeout: float = 60
    ) -> tuple[int, Any]:
        """``method path`` (below the hub's address) with the service token.

        Returns the status and the decoded JSON body (or the text, or None)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"{self.base}/{path.lstrip('/')}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        text = raw.decode("utf-8", errors="replace")
        try:
            return status, json.loads(text) if text else None
        except json.JSONDecodeError:
            return status, text

    def call(self, method: str, path: str, body: Any = None, *, timeout: float = 60) -> Any:
        """Like :meth:`request`, but a status of 400 or more raises :class:`HubError`."""
        status, payload = self.request(method, path, body, timeout=timeout)
        if status >= 400:
            raise HubError(f"{method} {path} answered {status}: {str(payload)[:2000]}")
        return payload

    # -- users and their servers ------------------------------------------------------------
    def user(self, name: str) -> dict[str, Any] | None:
        status, payload = self.request("GET", f"hub/api/users/{name}")
        return payload if status == 200 else None

    def start_server(self, name: str) -> None:
        """Create the user if needed and ask the hub to start their server (returns at once)."""
        if self.user(name) is None:
            self.call("POST", f"hub/api/users/{name}")
        status, payload = self.request("POST", f"hub/api/users/{name}/server")
        if status not in (201, 202, 400):  # 400: already running
            raise HubError(f"starting {name}'s server answered {status}: {payload}")

    def wait_ready(
        self, names: Iterable[str], timeout: float, *, since: float | None = None
    ) -> dict[str, float]:
        """Wait until every named user's server is ready.

        Returns the seconds from ``since`` (a ``time.monotonic()``; default: now) until each
        server was seen ready (polled every half second)."""
        start = time.monotonic() if since is None else since
        waiting, ready = set(names), {}
        while waiting:
            for name in sorted(waiting):
                server = ((self.user(name) or {}).get("servers") or {}).get("")
                if server and server.get("ready"):
                    ready[name] = time.monotonic() - start
                    waiting.discard(name)
                elif server is None and time.monotonic() - start > 5:
                    raise HubError(f"{name}'s server stopped while starting:\n{self.log_tail()}")
            if waiting and time.monotonic() - start > timeout:
                raise HubError(
                    f"servers of {sorted(waiting)} not ready after {timeout:g} s:\n"
                    + self.log_tail()
                )
            time.sleep(0.5)
        self.remember_processes()
        return ready

    def server_process(self, name: str) -> psutil.Process:
        """The user's single-user server process (found by its JUPYTERHUB_USER)."""
        for proc in psutil.Process(self.proc.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "jupyterhub-singleuser" in " ".join(proc.cmdline()):
                    if proc.environ().get("JUPYTERHUB_USER") == name:
                        return proc
        raise HubError(f"no server process of {name}")

    def remember_processes(self) -> None:
        """Note every process the hub started, to stop them all by id at the end."""
        with contextlib.suppress(psutil.Error):
            for proc in psutil.Process(self.proc.pid).children(recursive=True):
                self.children.setdefault(proc.pid, proc)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"(no hub log: {exc})"
        return "\n".join(text.splitlines()[-lines:])

    # -- code in a user's kernel --------------------------------------------------------------
    def run_code(
        self, user: str, cells: list[str], *, path: str = "bench.ipynb", timeout: float = 300
    ) -> list[dict[str, Any]]:
        """Run ``cells`` one after another in a new kernel of ``user``'s server.

        Returns one execute_reply content per cell; stops at the first error."""
        return asyncio.run(self.run_code_async(user, cells, path=path, timeout=timeout))

    async def run_code_async(
        self, user: str, cells: list[str], *, path: str = "bench.ipynb", timeout: float = 300
    ) -> list[dict[str, Any]]:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        loop = asyncio.get_running_loop()
        session = await loop.run_in_executor(
            None,
            lambda: self.call(
                "POST",
                f"user/{user}/api/sessions",
                {"path": path, "type": "notebook", "name": path, "kernel": {"name": "python3"}},
            ),
        )
        kernel = session["kernel"]["id"]
        ws_url = self.base.replace("http", "ws", 1) + f"/user/{user}/api/kernels/{kernel}/channels"
        conn = await websocket_connect(
            HTTPRequest(
                ws_url,
                headers={"Authorization": f"token {self.token}"},
                connect_timeout=120,
                request_timeout=120,
            )
        )
        replies: list[dict[str, Any]] = []
        session_id = uuid.uuid4().hex
        try:
            for code in cells:
                msg_id = uuid.uuid4().hex
                conn.write_message(
                    json.dumps(
                        {
                            "header": {
                                "msg_id": msg_id,
                                "msg_type": "execute_request",
                                "username": user,
                                "session": session_id,
                                "date": "",
                                "version": "5.3",
                            },
                            "parent_header": {},
                            "metadata": {},
                            "content": {
                                "code": code,
                                "silent": False,
                                "store_history": True,
                                "user_expressions": {},
                                "allow_stdin": False,
                                "stop_on_error": True,
                            },
                            "channel": "shell",
                            "buffers": [],
                        }
                    )
                )
                while True:
                    raw = await asyncio.wait_for(conn.read_message(), timeout)
                    if raw is None:
                        raise HubError(f"{user}'s kernel connection closed")
                    if isinstance(raw, bytes):
                        continue  # a widget message with binary buffers, never the reply
                    msg = json.loads(raw)
                    if (
                        msg.get("channel") == "shell"
                        and msg["parent_header"].get("msg_id") == msg_id
                    ):
                        replies.append(msg["content"])
                        break
                if replies[-1].get("status") != "ok":
                    break
        finally:
            conn.close()
        return replies


def notebook_code_cells(path: Path) -> list[str]:
    """The sources of the code cells of a notebook file."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
    ]


def missing_tools() -> list[str]:
    """What the hub needs and this machine lacks (configurable-http-proxy, git)."""
    missing = []
    if not (PROXY.exists() or shutil.which("configurable-http-proxy")):
        missing.append("configurable-http-proxy (`npm ci` in the repository)")
    if not shutil.which("git"):
        missing.append("git (nbgitpuller runs it: `apt-get install git`)")
    if not (BIN / "jupyterhub").exists():
        missing.append("jupyterhub (`pip install -e '.[hub]'`)")
    return missing


def make_course_repo(folder: Path, sources: dict[str, Path]) -> str:
    """A git repository in ``folder`` holding copies of ``sources`` ({name in repo: path}).

    Returns its ``file://`` URL, which nbgitpuller clones like any remote."""
    folder.mkdir(parents=True)
    for name, source in sources.items():
        if source.is_dir():
            shutil.copytree(
                source,
                folder / name,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "artifacts"),
            )
        else:
            shutil.copy2(source, folder / name)
    git = ["git", "-c", "user.name=KAM Academy test", "-c", "user.email=test@example.invalid"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        subprocess.run([*git, *args], cwd=folder, check=True, capture_output=True, timeout=60)
    return folder.as_uri()


def _overlay(workdir: Path, token: str, hub_port: int, api_port: int) -> Path:
    """The test's config: the workshop config plus ports, a service and Lab settings."""
    settings = workdir / "lab-settings"
    for plugin, values in LAB_SETTINGS.items():
        target = settings / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values, indent=2), encoding="utf-8")
    overlay = workdir / "jupyterhub_test_config.py"
    overlay.write_text(
        f"""c = get_config()  # noqa: F821
load_subconfig({str(HUB_CONFIG)!r})  # noqa: F821
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.services = [{{"name": "smoke-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "smoke-test",
    "scopes": ["admin:users", "admin:servers", "access:servers", "list:users", "read:users"],
    "services": ["smoke-test"],
}}]
c.Spawner.environment.update({{"JUPYTERLAB_SETTINGS_DIR": {str(settings)!r}}})
""",
        encoding="utf-8",
    )
    return overlay


@contextlib.contextmanager
def running_hub(
    workdir: Path, *, course_repo: str | None = None, start_timeout: int = 300, timeout: float = 60
) -> Iterator[Hub]:
    """Start the workshop hub on 127.0.0.1 with everything in ``workdir``; stop it after.

    ``course_repo``: the git URL users' servers open through nbgitpuller (default_url)."""
    workdir.mkdir(parents=True, exist_ok=True)
    port, token = free_port(), secrets.token_hex(24)
    overlay = _overlay(workdir, token, free_port(), free_port())
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAM_HUB_")}
    env.update(
        {
            "KAM_HUB_IP": "127.0.0.1",
            "KAM_HUB_PORT": str(port),
            "KAM_HUB_PASSWORD": USER_PASSWORD,
            "KAM_HUB_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "KAM_HUB_ADMINS": INSTRUCTOR,
            "KAM_HUB_DIR": str(workdir),
            "KAM_HUB_START_TIMEOUT": str(start_timeout),
            "KAM_HUB_ALLOW_ROOT": "1",  # CI runs as root in a throw-away checkout
        }
    )
    if PROXY.exists():
        env["KAM_HUB_PROXY_CMD"] = str(PROXY)
    if course_repo:
        env["KAM_HUB_COURSE_REPO"] = course_repo
    log = workdir / "jupyterhub.log"
    with log.open("wb") as log_file:
        proc = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(overlay)],
            cwd=workdir,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", token, workdir, log, proc)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if hub.request("GET", "hub/api/", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise HubError(
                    f"JupyterHub did not start within {timeout:g} s; its log ends with:\n"
                    + hub.log_tail()
                )
            time.sleep(0.5)
        hub.remember_processes()
        yield hub
    finally:
        stop_hub(hub)


def stop_hub(hub: Hub, grace: float = 20) -> None:
    """Stop the hub (it stops the servers and the proxy), then anything left, by process id."""
    hub.remember_processes()
    with contextlib.suppress(ProcessLookupError):
        os.kill(hub.proc.pid, signal.SIGTERM)
    try:
        hub.proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.kill(hub.proc.pid, signal.SIGKILL)
        hub.proc.wait(timeout=10)
    left = [proc for proc in hub.children.values() if proc.is_running()]
    for proc in left:
        with contextlib.suppress(psutil.Error):
            proc.terminate()
    _, alive = psutil.wait_procs(left, timeout=10)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
