"""nbgrader configuration of the KAM Academy course root (this folder).

Instructors run nbgrader and ``kamtools`` commands from here (or pass ``--course-dir``);
see README.md in this folder for the workflow.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import GetGrades

from kamtools.grading.expected import FixExpectedValues
from kamtools.grading.feedback import StudentVisibleFeedback

c = get_config()  # noqa: F821 (nbgrader provides it)
HERE = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "kam-academy"
c.CourseDirectory.root = str(HERE)
# The gradebook lives beside the assignments; timeout=60 lets parallel graders wait for
# each other's writes instead of failing with "database is locked".
c.CourseDirectory.db_url = f"sqlite:///{HERE / 'gradebook.db'}?timeout=60"

# One cell may run for at most this many seconds; an endless loop is interrupted,
# reported, and the rest of the notebook is still graded.
c.Execute.timeout = 60

# `kamtools grade` only (plain `nbgrader autograde` ignores these; see README.md, "Students'
# code runs in a sandbox"): answer and test cells get question_timeout seconds (a hanging
# answer costs seconds, not a minute; the setup cell keeps Execute.timeout), and students'
# code runs in a bubblewrap sandbox with these limits (memory in MB, CPU seconds for the
# whole notebook, processes and threads, largest file in MB; 0 = no limit).
c.GradingExecute.question_timeout = 15
c.GradingExecute.sandbox = True
c.GradingExecute.memory_mb = 4096
c.GradingExecute.cpu_seconds = 600
c.GradingExecute.processes = 256
c.GradingExecute.file_mb = 200

# A test cell a student deleted comes back from the gradebook and is graded anyway.
c.OverwriteCells.add_missing_cells = True

# What a student sees in place of a solution (learners are not programmers: say what to do).
c.ClearSolutions.code_stub = {
    "python": '# YOUR ANSWER HERE\nraise NotImplementedError("Replace this line with your answer.")'
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Hidden tests compare with values fixed when the assignment is generated: `fixed(...)` in a
# source notebook becomes a literal (kamtools/grading/expected.py), also for Formgrader's
# *Generate* and plain `nbgrader generate_assignment`.
c.GenerateAssignment.preprocessors = [
    FixExpectedValues,
    *GenerateAssignment.class_traits()["preprocessors"].default(),
]

# Feedback is built from what the student may see (StudentVisibleFeedback): test cells in
# their student version with messages from their visible lines only, other cells with the
# outputs of the student's own run; scores from the gradebook (GetGrades).
c.GenerateFeedback.preprocessors = [
    GetGrades,
    StudentVisibleFeedback,
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
