"""Root pytest settings shared by tests, doctests and notebooks: headless matplotlib,
figures closed after every test."""

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def pytest_configure(config):
    """Keep the learner progress of test runs (notebooks, widgets) out of the real user's
    store: every test process records into its own temporary file unless told otherwise."""
    import os
    import tempfile

    if "KAMTOOLS_PROGRESS_DB" not in os.environ:
        folder = tempfile.mkdtemp(prefix="kamtools-test-progress-")
        os.environ["KAMTOOLS_PROGRESS_DB"] = os.path.join(folder, "progress.sqlite3")


# conftest files are plugins, not test modules: keep --doctest-modules from importing them
# as modules named "conftest", which clashes between tests/ and tests/browser/.
collect_ignore = ["tests/conftest.py", "tests/browser/conftest.py", "course/hub"]
# course/hub holds JupyterHub and nbgrader configuration files: `get_config` exists only when
# JupyterHub or nbgrader loads them, so --doctest-modules must not import them.
