"""Serve the workshop apps (course/apps/*.ipynb) with Voila on 127.0.0.1: ``make apps``.

Voila runs each app notebook in a kernel of its own and shows only its outputs (no code),
so a facilitator can put a kamtools widget on the projector. This script

- prepares the Voila template ``kam-apps`` (``tools/apps/templates/kam-apps/``: the "lab"
  template with a style sheet sized for a projector) in a temporary Jupyter data folder,
  with the copy of Font Awesome from ``node_modules/`` in its static files, so that
  nothing is fetched from the internet;
- starts Voila with the settings of ``tools/apps/voila.py`` (127.0.0.1 only, that
  template, code hidden, kernels shut down when their page is left), serving course/apps/
  and nothing else, on port 8866 unless ``--port`` says otherwise (a port in use is an
  error, not a silent move to another);
- waits until it answers, prints the address of every app, opens the landing page in the
  browser (unless ``--no-browser``), and stops Voila and its kernels on Ctrl+C or SIGTERM.

Quiz answers given in the apps are not recorded in the kamtools progress store
(``KAMTOOLS_PROGRESS=off``): on a projector they are the room's, not one learner's. Set
``KAMTOOLS_PROGRESS=on`` in the environment to record them anyway.

Usage::

    python tools/serve_apps.py [--port 8866] [--edition pl] [--no-browser]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APPS = REPO / "course" / "apps"
#: The apps of each edition: English in course/apps, Polish generated in course/pl/apps
#: (tools/build_translations.py), where kamtools speaks Polish too.
EDITIONS = {"en": APPS, "pl": REPO / "course" / "pl" / "apps"}
#: The folder of Voila's config file for the apps (voila.py) and of their template.
VOILA_CONFIG = REPO / "tools" / "apps"
TEMPLATE = "kam-apps"
TEMPLATE_SOURCE = VOILA_CONFIG / "templates" / TEMPLATE
FONT_AWESOME = REPO / "node_modules" / "@fortawesome" / "fontawesome-free"
HOST = "127.0.0.1"
DEFAULT_PORT = 8866
#: The landing page, which links to every app.
LANDING = "index.ipynb"
#: The apps (notebooks in course/apps), in the order of the landing page.
APPS_IN_ORDER = (
    "pareto_explorer",
    "account_scoring",
    "clv_calculator",
    "roleplay",
    "quiz",
    "your_portfolio",
)
#: Seconds to wait for Voila to answer before giving up.
START_TIMEOUT = 60.0


def app_notebooks(edition: str = "en") -> list[Path]:
    """The app notebooks of ``edition``, in the order of the landing page."""
    return [EDITIONS[edition] / f"{name}.ipynb" for name in APPS_IN_ORDER]


def app_url(base: str, notebook: str) -> str:
    """The address Voila shows ``notebook`` (a file name in course/apps) at."""
    return f"{base}/voila/render/{notebook}"


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--port must be a whole number between 1 and 65535, but {text!r} was passed."
        ) from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"--port must be between 1 and 65535, but {port} was passed."
        )
    return port


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=f"Serve the KAM Academy workshop apps (course/apps) with Voila on {HOST}.",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"TCP port on {HOST} (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--edition",
        choices=sorted(EDITIONS),
        default="en",
        help="the English apps (course/apps, default) or the Polish ones (course/pl/apps)",
    )
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="do not open the landing page in a web browser",
    )
    return parser.parse_args(argv)


def port_in_use(port: int) -> bool:
    """True if something already listens on ``HOST:port`` (another ``make apps``?)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Voila binds
        try:
            probe.bind((HOST, port))
        except OSError:
            return True
    return False


def prepare_template(data_dir: Path) -> list[str]:
    """Put the ``kam-apps`` template into the Jupyter data folder ``data_dir``.

    Returns warnings for the terminal (empty when everything is in place).
    """
    target = data_dir / "voila" / "templates" / TEMPLATE
    shutil.copytree(TEMPLATE_SOURCE, target)
    fonts = target / "static" / "fontawesome"
    try:
        for part in ("css", "webfonts"):
            shutil.copytree(FONT_AWESOME / part, fonts / part)
        shutil.copy2(FONT_AWESOME / "LICENSE.txt", fonts / "LICENSE.txt")
    except OSError as exc:
        shutil.rmtree(fonts, ignore_errors=True)
        return [
            f"Font Awesome is missing or incomplete in {FONT_AWESOME} ({exc.__class__.__name__}: "
            f"{exc}): the apps work, but their buttons show no icons. Run `npm ci` in the "
            "repository (or `make test` once) to install it."
        ]
    return []


def voila_command(port: int, edition: str = "en") -> list[str]:
    """The Voila command line: the edition's apps only, on ``port``, with tools/apps/voila.py.

    Only that config file is read (not one in the current folder or in ~/.jupyter).
    """
    return [
        sys.executable,
        "-m",
        "voila",
        str(EDITIONS[edition]),
        "--no-browser",
        f"--port={port}",
        f"--Voila.config_file_paths={VOILA_CONFIG}",
    ]


def voila_environment(data_dir: Path, edition: str = "en") -> dict[str, str]:
    """This process's environment with the template folder first on JUPYTER_PATH (and the
    edition's language for kamtools)."""
    env = dict(os.environ)
    if edition != "en":
        env["KAMTOOLS_LANG"] = edition
    paths = [str(data_dir), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    env.setdefault("KAMTOOLS_PROGRESS", "off")
    return env


def wait_until_ready(base: str, proc: subprocess.Popen, timeout: float = START_TIMEOUT) -> None:
    """Return once Voila serves the template's style sheet; raise if it stops or is slow."""
    url = f"{base}/voila/templates/{TEMPLATE}/static/kam-apps.css"
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(
                f"Voila stopped with exit code {proc.returncode} before it answered on "
                f"{base}; its messages are above."
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"Voila did not answer on {base} within {timeout:g} s.")
        time.sleep(0.2)


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt, so that the clean-up runs as for Ctrl+C."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # Voila shuts its kernels down on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    apps = EDITIONS[args.edition]
    if not (apps / LANDING).is_file():
        print(f"No workshop apps found: {apps / LANDING} is missing.", file=sys.stderr)
        return 1
    if port_in_use(args.port):
        print(
            f"Port {args.port} on {HOST} is in use (are the apps running already, in another "
            f"terminal?). Stop that server, or choose another port: --port {args.port + 1} "
            f"(make apps APPS_PORT={args.port + 1}).",
            file=sys.stderr,
        )
        return 1
    base = f"http://{HOST}:{args.port}"
    data_dir = Path(tempfile.mkdtemp(prefix="kam-apps-"))
    proc = None
    try:
        with _stop_on_sigterm():
            for warning in prepare_template(data_dir):
                print(f"Warning: {warning}", file=sys.stderr)
            started = time.monotonic()
            proc = subprocess.Popen(
                voila_command(args.port, args.edition),
                env=voila_environment(data_dir, args.edition),
            )
            try:
                wait_until_ready(base, proc)
            except RuntimeError as exc:
                print(exc, file=sys.stderr)
                return 1
            landing = app_url(base, LANDING)
            lines = [
                "",
                f"KAM Academy workshop apps are ready ({time.monotonic() - started:.1f} s):",
                f"  start page       {landing}",
                *(f"  {p.stem:<16} {app_url(base, p.name)}" for p in app_notebooks(args.edition)),
                "Each app takes a few seconds to open. Stop the server with Ctrl+C.",
                "",
            ]
            print("\n".join(lines), flush=True)
            if not args.no_browser:
                webbrowser.open(landing)
            return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if proc is not None:
            _stop(proc)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
