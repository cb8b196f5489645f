"""course/hub/: what the workshop configuration sets, and how it refuses bad settings.

The configuration files are loaded as JupyterHub and nbgrader load them (traitlets'
PyFileConfigLoader), with the environment a host would give them. The hub itself runs
them in tests/hub/test_hub_smoke.py.
"""

from __future__ import annotations

import os
import stat
import sys
import types
import urllib.parse
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

HUB = Path(__file__).resolve().parents[2] / "course" / "hub"


def _load(path: Path):
    return PyFileConfigLoader(path.name, str(path.parent)).load_config()


@pytest.fixture
def hub_config(monkeypatch, tmp_path):
    """Load jupyterhub_config.py with a minimal host environment plus ``**env``."""

    def load(**env: str | None):
        for name in [n for n in os.environ if n.startswith("KAM_HUB_")]:
            monkeypatch.delenv(name)
        base = {"KAM_HUB_PASSWORD": "room-password", "KAM_HUB_DIR": str(tmp_path / "hub")}
        for name, value in {**base, **env}.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        monkeypatch.setattr(os, "geteuid", lambda: 1000)  # an ordinary account
        return _load(HUB / "jupyterhub_config.py")

    return load


def _spawner(name: str):
    return types.SimpleNamespace(user=types.SimpleNamespace(name=name))


def test_workshop_defaults(hub_config, tmp_path):
    c = hub_config()
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "room-password"
    assert c.Authenticator.admin_users == {"instructor"}
    assert c.Authenticator.allow_all is True
    assert c.JupyterHub.spawner_class == "jupyterhub.spawner.SimpleLocalProcessSpawner"
    # 50 servers started at once were ready after 134 s on 2 cores (benchmarks/bench_hub.py).
    assert c.Spawner.start_timeout >= 180 and c.Spawner.http_timeout >= 180
    assert c.Spawner.default_url == "/lab/tree/kam-academy/course/00_start_here.ipynb"
    assert c.JupyterHub.port == 8000
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(
        tmp_path / "hub" / "users" / "{username}"
    )


def test_hub_files_default_to_the_accounts_home_not_the_repository(
    hub_config, monkeypatch, tmp_path
):
    monkeypatch.setenv("HOME", str(tmp_path / "kamhub"))
    c = hub_config(KAM_HUB_DIR=None)
    assert (
        c.JupyterHub.db_url == f"sqlite:///{tmp_path / 'kamhub' / 'kam-hub' / 'jupyterhub.sqlite'}"
    )


def test_users_servers_get_nbgrader_settings_and_the_environments_programs(hub_config, tmp_path):
    env = hub_config().Spawner.environment
    # Everyone reads course/hub/user/; participants read course/hub/user/participant/ first
    # (no Create Assignment, Formgrader or Course List), instructors do not.
    config_path = env["JUPYTER_CONFIG_PATH"]
    instructor = config_path(_spawner("instructor")).split(os.pathsep)
    participant = config_path(_spawner("alice")).split(os.pathsep)
    assert instructor == [str(HUB / "user")]
    assert participant == [str(HUB / "user" / "participant"), str(HUB / "user")]
    for folder in participant:
        assert Path(folder, "jupyter_server_config.json").is_file()
        assert Path(folder, "labconfig", "page_config.json").is_file()
    user_config = Path(instructor[-1]) / "nbgrader_config.py"
    assert user_config == HUB / "user" / "nbgrader_config.py" and user_config.is_file()
    assert env["PATH"].split(os.pathsep)[0] == str(Path(sys.executable).parent)
    assert env["KAMTOOLS_SHARED_OS_ACCOUNT"] == "1"
    assert env["KAMTOOLS_ROLE"](_spawner("instructor")) == "instructor"
    assert env["KAMTOOLS_ROLE"](_spawner("alice")) == "student"
    # The exchange exists (nbgrader does not create it) and everyone may write to it.
    exchange = Path(env["KAMTOOLS_EXCHANGE"])
    assert exchange == tmp_path / "hub" / "exchange" and exchange.is_dir()
    assert stat.S_IMODE(exchange.stat().st_mode) == 0o777


def test_course_repository_makes_servers_open_the_nbgitpuller_link(hub_config):
    c = hub_config(KAM_HUB_COURSE_REPO="https://github.com/example/kam-academy.git")
    url = urllib.parse.urlsplit(c.Spawner.default_url)
    query = dict(urllib.parse.parse_qsl(url.query))
    assert url.path == "/git-pull"
    assert query == {
        "repo": "https://github.com/example/kam-academy.git",
        "branch": "main",
        "targetpath": "kam-academy",
        "urlpath": "lab/tree/kam-academy/course/00_start_here.ipynb",
    }


def test_host_settings(hub_config, tmp_path):
    c = hub_config(
        KAM_HUB_IP="127.0.0.1",
        KAM_HUB_PORT="8123",
        KAM_HUB_ADMINS="Anna, Piotr",
        KAM_HUB_USERS="ewa,jan",
        KAM_HUB_ADMIN_PASSWORD="i" * 32,
        KAM_HUB_START_TIMEOUT="600",
        KAM_HUB_MEM_LIMIT="1G",
        KAM_HUB_EXCHANGE=str(tmp_path / "srv" / "exchange"),
    )
    assert (c.JupyterHub.ip, c.JupyterHub.port) == ("127.0.0.1", 8123)
    assert c.Authenticator.admin_users == {"anna", "piotr"}
    assert c.Authenticator.allowed_users == {"anna", "piotr", "ewa", "jan"}
    assert "allow_all" not in c.Authenticator
    assert c.SharedPasswordAuthenticator.admin_password == "i" * 32
    assert c.Spawner.start_timeout == 600 and c.Spawner.mem_limit == "1G"
    assert (tmp_path / "srv" / "exchange").is_dir()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KAM_HUB_PASSWORD": None}, "KAM_HUB_PASSWORD is not set"),
        ({"KAM_HUB_PORT": "http"}, "KAM_HUB_PORT must be a port number .* 'http'"),
        ({"KAM_HUB_PORT": "70000"}, "KAM_HUB_PORT must be a port number .* '70000'"),
        ({"KAM_HUB_START_TIMEOUT": "60"}, "KAM_HUB_START_TIMEOUT must be at least 180 .* 60"),
        ({"KAM_HUB_START_TIMEOUT": "3 min"}, "KAM_HUB_START_TIMEOUT must be a whole number"),
        ({"KAM_HUB_ADMINS": "Anna Nowak"}, "KAM_HUB_ADMINS must list user names .* 'anna nowak'"),
        ({"KAM_HUB_USERS": "a+b"}, "KAM_HUB_USERS must list user names .* 'a\\+b'"),
    ],
)
def test_bad_settings_are_refused_with_the_variable_and_value(hub_config, env, message):
    with pytest.raises(ValueError, match=message):
        hub_config(**env)


def test_idle_culler_setting_needs_the_culler(hub_config):
    try:
        import jupyterhub_idle_culler  # noqa: F401
    except ImportError:
        with pytest.raises(ValueError, match="pip install jupyterhub-idle-culler"):
            hub_config(KAM_HUB_CULL_IDLE="3600")
    else:
        c = hub_config(KAM_HUB_CULL_IDLE="3600")
        assert "--timeout=3600" in c.JupyterHub.services[0]["command"]


def test_running_as_root_needs_the_hosts_consent(hub_config, monkeypatch):
    c = hub_config(KAM_HUB_ALLOW_ROOT="1")  # loads as an ordinary account first
    assert "args" not in c.Spawner
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    c = _load(HUB / "jupyterhub_config.py")
    assert c.Spawner.args == ["--allow-root"]
    monkeypatch.delenv("KAM_HUB_ALLOW_ROOT")
    with pytest.raises(SystemExit, match="running as root.*KAM_HUB_ALLOW_ROOT=1"):
        _load(HUB / "jupyterhub_config.py")


# -- the users' nbgrader settings ------------------------------------------------------------
@pytest.fixture
def user_config(monkeypatch, tmp_path):
    def load(**env: str):
        for name in ("JUPYTERHUB_USER", "KAMTOOLS_ROLE", "KAMTOOLS_SHARED_OS_ACCOUNT",
                     "KAMTOOLS_COURSE_ROOT", "KAMTOOLS_COURSE_DIR"):  # fmt: skip
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        monkeypatch.setenv("KAMTOOLS_EXCHANGE", str(tmp_path / "exchange"))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return _load(HUB / "user" / "nbgrader_config.py")

    return load


def test_student_submits_under_the_hub_name(user_config, tmp_path):
    c = user_config(
        JUPYTERHUB_USER="alice", KAMTOOLS_ROLE="student", KAMTOOLS_SHARED_OS_ACCOUNT="1"
    )
    assert c.CourseDirectory.student_id == "alice"
    assert c.CourseDirectory.course_id == "kam-academy"
    assert c.Exchange.root == str(tmp_path / "exchange")
    assert "root" not in c.CourseDirectory


def test_instructor_collects_everyones_work(user_config, tmp_path):
    c = user_config(
        JUPYTERHUB_USER="instructor", KAMTOOLS_ROLE="instructor", KAMTOOLS_SHARED_OS_ACCOUNT="1"
    )
    assert "student_id" not in c.CourseDirectory  # else collect takes only their own
    assert c.CourseDirectory.root == str(tmp_path / "home" / "kam-academy" / "exercises")
    assert c.ExchangeCollect.check_owner is False
    c = user_config(
        JUPYTERHUB_USER="instructor", KAMTOOLS_ROLE="instructor", KAMTOOLS_COURSE_ROOT="/srv/c"
    )
    assert c.CourseDirectory.root == "/srv/c"
    assert "check_owner" not in c.ExchangeCollect  # one OS account per user: keep the check


def test_one_os_account_per_user_keeps_nbgraders_own_student_id(user_config):
    c = user_config(JUPYTERHUB_USER="alice", KAMTOOLS_ROLE="student")  # e.g. TLJH
    assert "student_id" not in c.CourseDirectory  # nbgrader uses the OS account: jupyter-alice


def test_outside_a_hub_nothing_personal_is_set(user_config):
    c = user_config()
    assert "student_id" not in c.CourseDirectory and "root" not in c.CourseDirectory


# -- The Littlest JupyterHub ----------------------------------------------------------------
def test_tljh_snippet_sets_timeouts_course_link_and_nbgrader(monkeypatch):
    monkeypatch.setenv("KAM_REPO", str(HUB.parents[1]))
    monkeypatch.setenv("KAM_COURSE_REPO", "https://github.com/example/kam-academy")
    c = _load(HUB / "tljh_kam_academy.py")
    assert c.Spawner.start_timeout >= 180 and c.Spawner.http_timeout >= 180
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(c.Spawner.default_url).query))
    assert query["urlpath"] == "lab/tree/kam-academy/course/00_start_here.ipynb"
    env = c.Spawner.environment.get_value({"PATH": "/usr/bin"})  # merged with TLJH's own
    assert env["PATH"] == "/usr/bin"
    assert env["KAMTOOLS_EXCHANGE"] == "/srv/nbgrader/exchange"
    admin = types.SimpleNamespace(user=types.SimpleNamespace(name="anna", admin=True))
    learner = types.SimpleNamespace(user=types.SimpleNamespace(name="jan", admin=False))
    assert env["JUPYTER_CONFIG_PATH"](admin) == str(HUB / "user")
    assert env["JUPYTER_CONFIG_PATH"](learner).split(os.pathsep) == [
        str(HUB / "user" / "participant"),
        str(HUB / "user"),
    ]
    assert (HUB / "user" / "nbgrader_config.py").is_file()
    assert (env["KAMTOOLS_ROLE"](admin), env["KAMTOOLS_ROLE"](learner)) == ("instructor", "student")
