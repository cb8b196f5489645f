"""nbgrader settings of every user server on the KAM Academy hub.

course/hub/jupyterhub_config.py puts this folder on each server's JUPYTER_CONFIG_PATH, so
nbgrader (the Assignments and Formgrader tabs, and `nbgrader` in a terminal) reads it. On
The Littlest JupyterHub copy it to /opt/tljh/user/etc/jupyter/nbgrader_config.py.

A course root's own nbgrader_config.py (exercises/) is read after this file and wins.
The hub sets the environment variables read here:

KAMTOOLS_EXCHANGE           the exchange folder shared by instructors and students
KAMTOOLS_ROLE               ``instructor`` or ``student`` (from the hub's admin users)
KAMTOOLS_SHARED_OS_ACCOUNT  ``1`` when all users' servers run under one OS account
KAMTOOLS_COURSE_ROOT        the instructor's course root (default ~/kam-academy/exercises)
JUPYTERHUB_USER             the user's hub name (set by JupyterHub itself)
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "kam-academy"
c.Exchange.root = os.environ.get("KAMTOOLS_EXCHANGE", "/srv/nbgrader/exchange")

user = os.environ.get("JUPYTERHUB_USER", "")
shared_account = os.environ.get("KAMTOOLS_SHARED_OS_ACCOUNT") == "1"

if os.environ.get("KAMTOOLS_ROLE") == "instructor":
    # The Formgrader tab works on this course root (it must exist when the server starts:
    # after the first nbgitpuller pull, restart the server from the Hub Control Panel).
    course_dir = os.environ.get("KAMTOOLS_COURSE_DIR", "kam-academy")
    default_root = Path.home() / course_dir / "exercises"
    c.CourseDirectory.root = os.environ.get("KAMTOOLS_COURSE_ROOT") or str(default_root)
    if shared_account:
        # Every submission belongs to the one OS account: comparing its owner with the
        # student id would flag each one as a "cheating attempt".
        c.ExchangeCollect.check_owner = False
elif user and shared_account:
    # Submissions are named after the student id. nbgrader takes the OS account's name by
    # default, which is the same for everyone when users share an account: use the hub's.
    # (Never set for instructors: `nbgrader collect` would then collect only their own.)
    # With one OS account per user (TLJH: jupyter-<name>) nbgrader's default is right, and
    # collect's check that the submission's owner is that student stays meaningful.
    c.CourseDirectory.student_id = user
