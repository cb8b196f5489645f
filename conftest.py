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
        # Inherited by pytest-xdist workers, which see the variable already set.
        os.environ["KAMTOOLS_TEST_SHARED_STORE"] = os.environ["KAMTOOLS_PROGRESS_DB"]


_store_counter = iter(range(1, 10**9))


@pytest.fixture(autouse=True)
def _own_progress_store(monkeypatch):
    """Give every test its own store file: form widgets restore what was typed (drafts), so
    text typed in one test must not appear in a widget of the next one. Only the store
    chosen in pytest_configure is replaced (one chosen by the caller is left alone); a
    module-scoped fixture that ran earlier keeps the process-wide file."""
    import os

    shared = os.environ.get("KAMTOOLS_TEST_SHARED_STORE")
    if shared and os.environ.get("KAMTOOLS_PROGRESS_DB") == shared:
        base, ext = os.path.splitext(shared)
        own = f"{base}-{os.getpid()}-{next(_store_counter)}{ext}"
        monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", own)
    yield


@pytest.fixture(autouse=True)
def _language_as_it_was():
    """Every test starts and ends in the language the run started with: a test that reads
    the Polish course root's nbgrader_config.py (which sets KAMTOOLS_LANG=pl for the
    instructor's process) or calls kt.set_language must not switch the tests after it."""
    import os

    before = os.environ.get("KAMTOOLS_LANG")
    yield
    from kamtools import i18n

    i18n.set_language(None)
    if before is None:
        os.environ.pop("KAMTOOLS_LANG", None)
    else:
        os.environ["KAMTOOLS_LANG"] = before


# conftest files are plugins, not test modules: keep --doctest-modules from importing them
# as modules named "conftest", which clashes between tests/ and tests/browser/.
collect_ignore = ["tests/conftest.py", "tests/browser/conftest.py", "course/hub"]
# course/hub holds JupyterHub and nbgrader configuration files: `get_config` exists only when
# JupyterHub or nbgrader loads them, so --doctest-modules must not import them.


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A cell of a Polish notebook (course/pl/) that writes to stderr fails, naming what it
    wrote: a learner must never see a warning there (nbval itself fails only on errors)."""
    report = yield
    outputs = getattr(item, "test_outputs", None)
    if report.when == "call" and report.passed and outputs and "/course/pl/" in str(item.fspath):
        written = "".join(
            o.get("text", "")
            for o in outputs
            if o.get("output_type") == "stream" and o.get("name") == "stderr"
        )
        if written.strip():
            report.outcome = "failed"
            report.longrepr = f"{item.name} wrote to stderr:\n{written[-2000:]}"
    return report
