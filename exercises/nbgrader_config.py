"""nbgrader configuration of the KAM Academy course root (this folder).

Instructors run nbgrader and ``kamtools`` commands from here (or pass ``--course-dir``);
see README.md in this folder for the workflow.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades

from kamtools.grading.feedback import HideHiddenTestErrors

c = get_config()  # noqa: F821 (nbgrader provides it)
HERE = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "kam-academy"
c.CourseDirectory.root = str(HERE)
# The gradebook lives beside the assignments; timeout=60 lets parallel graders wait for
# each other's writes instead of failing with "database is locked".
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}?timeout=60"

# One graded cell may run for at most this many seconds; an endless loop is interrupted,
# reported, and the rest of the notebook is still graded.
c.Execute.timeout = 60

# A test cell a student deleted comes back from the gradebook and is graded anyway.
c.OverwriteCells.add_missing_cells = True

# What a student sees in place of a solution (learners are not programmers: say what to do).
c.ClearSolutions.code_stub = {
    "python": '# YOUR ANSWER HERE\nraise NotImplementedError("Replace this line with your answer.")'
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback never shows hidden tests: not their code (ClearHiddenTests) and not the
# tracebacks or messages of failures they caused (HideHiddenTestErrors runs first, while the
# hidden lines are still known).
c.GenerateFeedback.preprocessors = [
    HideHiddenTestErrors,
    ClearHiddenTests,
    GetGrades,
    CSSHTMLHeaderPreprocessor,
]

# The exchange used by release/fetch/submit/collect on a shared machine or JupyterHub.
# `kamtools release` creates it when missing (nbgrader's default does not exist on a new machine).
c.Exchange.root = os.environ.get("KAMTOOLS_EXCHANGE", "/srv/nbgrader/exchange")

# Submissions downloaded from an LMS as one zip: <student_id>/<notebook>.ipynb inside.
c.ZipCollectApp.archive_directory = "archive"
c.FileNameCollectorPlugin.named_regexp = (
    r"(?:.*/)?(?P<student_id>[A-Za-z0-9_.@-]+)/(?P<file_id>[^/]+\.ipynb)$"
)

# On a JupyterHub where all users share one OS account (course/hub/jupyterhub_config.py sets
# this variable), every submission has the same owner: nbgrader's owner check would call
# each one a "cheating attempt".
if os.environ.get("KAMTOOLS_SHARED_OS_ACCOUNT") == "1":
    c.ExchangeCollect.check_owner = False
