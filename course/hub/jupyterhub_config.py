"""JupyterHub configuration for a KAM Academy workshop on one machine.

Start it from the repository (see course/JUPYTERHUB.md for the whole guide)::

    export KAM_HUB_PASSWORD='choose-a-room-password'
    export KAM_HUB_ADMIN_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
    .venv/bin/jupyterhub -f course/hub/jupyterhub_config.py

Everyone logs in with any user name and the shared password; the user names listed in
``KAM_HUB_ADMINS`` (default ``instructor``) log in with the admin password and become the
hub's admins and the course's instructors. Each user gets a JupyterLab that opens the course.

Every user server runs under the hub's own OS account (SimpleLocalProcessSpawner): the hub
keeps users out of each other's servers, but code a user runs can read the other users'
folders. That is fine for a room of colleagues on a machine set up for the day; for anything
else use The Littlest JupyterHub (one OS account per user), as course/JUPYTERHUB.md explains.

Settings a host may change, as environment variables (all optional except the password):

======================  =====================================================================
KAM_HUB_PASSWORD        the shared password of the participants (8 characters or more)
KAM_HUB_ADMIN_PASSWORD  the password of the instructors (32 characters or more)
KAM_HUB_ADMINS          instructors' user names, comma-separated (``instructor``)
KAM_HUB_USERS           only these user names may log in, comma-separated (anyone)
KAM_HUB_IP / _PORT      where the hub listens (all interfaces, port 8000; tests: 127.0.0.1)
KAM_HUB_SSL_CERT/_KEY   certificate and key files for HTTPS (plain HTTP without them)
KAM_HUB_DIR             the hub's own files: database, cookie secret, users' folders,
                        nbgrader exchange (``~/kam-hub``, in the hub account's home)
KAM_HUB_HOMES           the users' folders, ``{username}`` is replaced (KAM_HUB_DIR/users/...)
KAM_HUB_EXCHANGE        the nbgrader exchange folder (KAM_HUB_DIR/exchange; created if missing)
KAM_HUB_COURSE_REPO     git URL of the course: users' servers open on an nbgitpuller link that
                        pulls it (unset: they open <course dir>/course/00_start_here.ipynb)
KAM_HUB_COURSE_BRANCH   branch of KAM_HUB_COURSE_REPO (``main``)
KAM_HUB_COURSE_DIR      the folder the course is pulled into in each home (``kam-academy``)
KAM_HUB_START_TIMEOUT   seconds a user server may take to start (300; at least 180)
KAM_HUB_MEM_LIMIT       memory per user shown in JupyterLab, e.g. ``1G`` (not enforced here)
KAM_HUB_CULL_IDLE       stop servers idle this many seconds (off; needs jupyterhub-idle-culler)
KAM_HUB_PROXY_CMD       configurable-http-proxy (repo's node_modules, else the one on PATH)
KAM_HUB_ALLOW_ROOT      ``1`` lets the hub run as root (throw-away machines, CI); refused else
======================  =====================================================================
"""

import os
import re
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tools"))
from nbgitpuller_link import git_pull_path, lab_path  # noqa: E402

#: Seconds a user server may take from "start" to answering. Measured on 2 busy cores
#: (benchmarks/bench_hub.py): 20 servers started at the same moment were all ready after
#: 60 s, 50 after 134 s. 300 s leaves room for a slower machine or a bigger room.
MIN_TIMEOUT = 180
DEFAULT_TIMEOUT = 300
#: Names that are safe as folder names and as nbgrader student ids (no '+' or '*').
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _names(name: str, default: str = "") -> set[str]:
    """A comma-separated list of user names (lower case, as the hub normalises them)."""
    names = {n.strip().lower() for n in _env(name, default).split(",") if n.strip()}
    for n in names:
        if not USERNAME.fullmatch(n):
            raise ValueError(
                f"{name} must list user names made of letters, digits, '.', '_' or '-' "
                f"(at most 32 characters), but {n!r} was given."
            )
    return names


def _seconds(name: str, default: int, minimum: int = 0) -> int:
    raw = _env(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(
            f"{name} must be a whole number of seconds, but {raw!r} was given."
        ) from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum} seconds, but {value} was given.")
    return value


# -- where the hub listens ------------------------------------------------------------------
c.JupyterHub.ip = _env("KAM_HUB_IP")  # empty: all interfaces, so the room can connect
port = _env("KAM_HUB_PORT", "8000")
if not port.isdigit() or not 0 < int(port) < 65536:
    raise ValueError(f"KAM_HUB_PORT must be a port number (1-65535), but {port!r} was given.")
c.JupyterHub.port = int(port)
if _env("KAM_HUB_SSL_CERT") or _env("KAM_HUB_SSL_KEY"):
    c.JupyterHub.ssl_cert = _env("KAM_HUB_SSL_CERT")
    c.JupyterHub.ssl_key = _env("KAM_HUB_SSL_KEY")

# -- the hub's own files ----------------------------------------------------------------------
STATE = Path(_env("KAM_HUB_DIR", "~/kam-hub")).expanduser().resolve()
STATE.mkdir(parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
proxy = _env("KAM_HUB_PROXY_CMD") or str(REPO / "node_modules" / ".bin" / "configurable-http-proxy")
if not Path(proxy).exists() and not shutil.which(proxy):
    proxy = "configurable-http-proxy"  # JupyterHub says clearly when it is missing
c.ConfigurableHTTPProxy.command = [proxy]

# -- who may log in: one shared password, and an admin password for the instructors -------
c.JupyterHub.authenticator_class = "shared-password"
password = _env("KAM_HUB_PASSWORD")
if not password:
    raise ValueError(
        "KAM_HUB_PASSWORD is not set: choose the password the participants will type "
        "(8 characters or more) and `export KAM_HUB_PASSWORD=...` before starting the hub."
    )
c.SharedPasswordAuthenticator.user_password = password
c.SharedPasswordAuthenticator.admin_password = _env("KAM_HUB_ADMIN_PASSWORD") or None
INSTRUCTORS = _names("KAM_HUB_ADMINS", "instructor")
c.Authenticator.admin_users = INSTRUCTORS
allowed = _names("KAM_HUB_USERS")
if allowed:
    c.Authenticator.allowed_users = allowed | INSTRUCTORS
else:
    c.Authenticator.allow_all = True  # anyone who knows the room password
c.Authenticator.username_pattern = USERNAME.pattern

# -- the users' servers -------------------------------------------------------------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = _env(
    "KAM_HUB_HOMES", str(STATE / "users" / "{username}")
)
# Every participant's code runs as the account that runs the hub: not root, unless this is a
# throw-away machine (a container, a CI run) and the host says so.
# SystemExit, not an exception: JupyterHub prints one line and stops, without a traceback.
if os.geteuid() == 0:
    if _env("KAM_HUB_ALLOW_ROOT") != "1":
        raise SystemExit(
            "KAM Academy hub: not started. The hub is running as root, so every participant's "
            "code would run as root. Start it from an ordinary account (e.g. `sudo -u kamhub "
            "...`, or the service unit course/hub/kam-academy-hub.service), or set "
            "KAM_HUB_ALLOW_ROOT=1 on a throw-away machine such as a container or a CI run."
        )
    c.Spawner.args = ["--allow-root"]
# The server program of this Python environment, the one kamtools is installed in.
singleuser = Path(sys.executable).with_name("jupyterhub-singleuser")
if singleuser.exists():
    c.Spawner.cmd = [str(singleuser)]
# Many people press "Start" in the same minute: a server started together with 49 others
# answers much later than alone. Too short a timeout shows "Spawn failed" to everyone.
timeout = _seconds("KAM_HUB_START_TIMEOUT", DEFAULT_TIMEOUT, minimum=MIN_TIMEOUT)
c.Spawner.start_timeout = timeout
c.Spawner.http_timeout = timeout
c.JupyterHub.concurrent_spawn_limit = 100  # JupyterHub's default; 0 would mean no limit

# Memory per participant, measured with benchmarks/bench_hub.py (course/JUPYTERHUB.md):
# an idle JupyterLab uses ~130 MB of its own; with a course module run in its kernel
# ~260-300 MB, and ~530 MB for module 03 (the largest data set). Plan 0.6 GB per
# participant plus 1 GB for the hub and the system: 16 GB for 25 people, 32 GB for 50.
# This spawner cannot enforce a limit; mem_limit is only shown in JupyterLab (MEM_LIMIT).
# TLJH's systemd spawner enforces it (tljh-config set limits.memory 1G).
if _env("KAM_HUB_MEM_LIMIT"):
    c.Spawner.mem_limit = _env("KAM_HUB_MEM_LIMIT")

# Where each server opens: the course's first notebook, pulled with nbgitpuller if a
# repository is given (the same link tools/nbgitpuller_link.py prints).
COURSE_DIR = _env("KAM_HUB_COURSE_DIR", "kam-academy")
course_repo = _env("KAM_HUB_COURSE_REPO")
if course_repo:
    c.Spawner.default_url = "/" + git_pull_path(
        course_repo, branch=_env("KAM_HUB_COURSE_BRANCH", "main"), targetpath=COURSE_DIR
    )
else:
    c.Spawner.default_url = "/" + lab_path(COURSE_DIR)

# -- nbgrader: the exchange and each user's own nbgrader settings ----------------------------
# nbgrader's exchange must exist before the first `release_assignment`, and nbgrader does
# not create it: the hub does, writable for everyone (nbgrader's documented setup).
EXCHANGE = Path(_env("KAM_HUB_EXCHANGE", str(STATE / "exchange"))).expanduser().resolve()
if not EXCHANGE.exists():
    EXCHANGE.mkdir(parents=True)
    EXCHANGE.chmod(0o777)


def _role(spawner) -> str:
    return "instructor" if spawner.user.name in INSTRUCTORS else "student"


def _config_path(spawner) -> str:
    """Where each server reads its Jupyter settings: course/hub/user/ (nbgrader, hidden
    facilitator files, no news prompt), and for participants first course/hub/user/participant/
    (no Create Assignment, Formgrader or Course List: those are the instructors')."""
    folders = [HERE / "user"]
    if _role(spawner) == "student":
        folders.insert(0, HERE / "user" / "participant")
    return os.pathsep.join(str(folder) for folder in folders)


# The environment's programs come first on PATH: `nbgrader` in a terminal, and the `alembic`
# that nbgrader runs to open a gradebook, even when the hub was started without activating it.
_bin = str(Path(sys.executable).parent)
_path = [_bin] + [p for p in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep) if p != _bin]

c.Spawner.environment = {
    "PATH": os.pathsep.join(_path),
    # course/hub/user/: nbgrader_config.py (exchange, course id, student id = hub user name),
    # the hidden facilitator files; participants also read course/hub/user/participant/.
    "JUPYTER_CONFIG_PATH": _config_path,
    "KAMTOOLS_EXCHANGE": str(EXCHANGE),
    "KAMTOOLS_ROLE": _role,
    # All users share one OS account: nbgrader must not expect one account per student.
    "KAMTOOLS_SHARED_OS_ACCOUNT": "1",
    "KAMTOOLS_COURSE_DIR": COURSE_DIR,
    "NBGITPULLER_APP": "lab",
}

# -- idle servers --------------------------------------------------------------------------
# Off by default: a workshop's lunch break is not a reason to lose everyone's kernels.
# For a hub that stays up for weeks: pip install jupyterhub-idle-culler, KAM_HUB_CULL_IDLE=3600.
cull = _seconds("KAM_HUB_CULL_IDLE", 0)
if cull:
    try:
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError:
        raise ValueError(
            f"KAM_HUB_CULL_IDLE={cull} needs the idle culler: "
            "`pip install jupyterhub-idle-culler` in the hub's environment."
        ) from None
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cull}"],
        }
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    ]
