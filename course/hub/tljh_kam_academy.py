"""KAM Academy on The Littlest JupyterHub (TLJH): what tljh-config cannot set.

Copy this file to /opt/tljh/config/jupyterhub_config.d/kam_academy.py, edit COURSE_REPO,
then ``sudo tljh-config reload hub``. It expects the course repository cloned in
/opt/kam-academy (course/JUPYTERHUB.md, "The Littlest JupyterHub", has every step).

- spawn timeouts for a room that logs in at once;
- every server opens the course through nbgitpuller (pulled into ~/kam-academy);
- nbgrader: the shared exchange, each user's nbgrader settings (course/hub/user/), and
  the instructor role for the hub's admins.
"""

import os
import sys

c = get_config()  # noqa: F821 (JupyterHub provides it)

#: The course repository participants pull, and the branch.
COURSE_REPO = os.environ.get("KAM_COURSE_REPO", "https://github.com/example/kam-academy")
COURSE_BRANCH = "main"
#: Where the repository is cloned on the server (kamtools is installed from it).
KAM_REPO = os.environ.get("KAM_REPO", "/opt/kam-academy")
#: nbgrader's exchange: create it first (sudo mkdir -p ... && sudo chmod 777 ...).
EXCHANGE = "/srv/nbgrader/exchange"

sys.path.insert(0, os.path.join(KAM_REPO, "tools"))
from nbgitpuller_link import git_pull_path  # noqa: E402

# 50 servers started at the same moment were all ready after 134 s on 2 cores.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.Spawner.default_url = "/" + git_pull_path(
    COURSE_REPO, branch=COURSE_BRANCH, targetpath="kam-academy"
)


def _role(spawner):
    return "instructor" if spawner.user.admin else "student"


def _config_path(spawner):
    """course/hub/user/ for everyone; participants read course/hub/user/participant/ first."""
    user = os.path.join(KAM_REPO, "course", "hub", "user")
    if _role(spawner) == "student":
        return os.pathsep.join([os.path.join(user, "participant"), user])
    return user


c.Spawner.environment.update(
    {
        "JUPYTER_CONFIG_PATH": _config_path,
        "KAMTOOLS_EXCHANGE": EXCHANGE,
        "KAMTOOLS_ROLE": _role,
        "KAMTOOLS_COURSE_DIR": "kam-academy",
        "NBGITPULLER_APP": "lab",
    }
)
