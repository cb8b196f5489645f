"""Real-browser tests: JupyterLab on 127.0.0.1, driven by Playwright with Debian's Chromium.

Fixtures
    ``lab``       (session) a JupyterLab serving a temporary copy of ``notebooks/``;
    ``browser``   (session) Chromium, headless, with a throw-away profile;
    ``page``      a fresh tab for each test (its kernels are shut down afterwards);
    ``notebook``  a :class:`LabNotebook` driving a notebook in that tab.

When a browser test fails, a screenshot of its tab is saved in ``tests/browser/artifacts/``
(git-ignored) and the failure report names the file and shows the end of the server log.
``KAMTOOLS_SCREENSHOTS=all`` keeps a screenshot of every browser test, passed or not, to
look at how the widgets render.

Without Chromium or Playwright the tests are skipped with the reason, except in CI
(``CI`` set), where that is an error: ``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _chromium import CHROMIUM_ARGS
from _jupyterlab import LabServer, running_lab

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # reported by the `browser` fixture
    expect = sync_playwright = None

HERE = Path(__file__).resolve().parent
NOTEBOOKS = HERE / "notebooks"
ARTIFACTS = HERE / "artifacts"

# The notebooks are opened by the browser tests, not run by nbval.
collect_ignore_glob = ["notebooks/*", "artifacts/*"]

VIEWPORT = {"width": 1400, "height": 1000}

#: Milliseconds: opening a notebook (page load and kernel start), running all its cells,
#: and the default wait of every ``expect`` (a widget redrawing after a click).
OPEN_TIMEOUT = 90_000
RUN_TIMEOUT = 90_000
EXPECT_TIMEOUT = 30_000

#: Output of a cell that went wrong: a traceback or anything on stderr (also inside the
#: Output widgets where the kamtools widgets show errors raised in their callbacks).
ERROR_OUTPUT = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
)

# True once every code cell has an execution count, or as soon as one shows an error
# (Run All stops there; the test then fails at once with the traceback).
_JS_RUN_ALL_DONE = """(errorSelector) => {
    if (document.querySelector(errorSelector)) return true;
    const prompts = [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def _unavailable(reason: str) -> None:
    """Skip (on a developer's machine) or fail (in CI) for a missing browser tool."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser tests: see .ci/run)", pytrace=False)
    pytest.skip(reason)


def _chromium() -> str:
    path = os.environ.get("KAMTOOLS_CHROMIUM") or shutil.which("chromium")
    if not path:
        _unavailable(
            "Chromium is not installed: `apt-get install chromium` (or set KAMTOOLS_CHROMIUM "
            "to a Chromium executable)"
        )
    return str(path)


class LabNotebook:
    """A notebook open in JupyterLab, driven as a learner would: menus, clicks, keys.

    Locators follow what the learner sees: roles and visible texts, not CSS internals,
    except for JupyterLab's own output areas.
    """

    def __init__(self, page: Any, lab: LabServer) -> None:
        self.page = page
        self.lab = lab

    # -- JupyterLab ----------------------------------------------------------------------
    @property
    def kernel_status(self) -> Any:
        """The status bar's kernel item, e.g. "Python 3 (ipykernel) | Idle"."""
        return self.page.get_by_role("button", name=re.compile(r"^Python 3.*\|"))

    def open(self, name: str) -> LabNotebook:
        """Open ``notebooks/<name>`` in a fresh workspace and wait for its kernel."""
        self.page.goto(self.lab.url(f"lab/tree/{name}", reset=""), timeout=OPEN_TIMEOUT)
        expect(
            self.page.get_by_role("tab", name=re.compile(re.escape(name.rsplit("/", 1)[-1])))
        ).to_be_visible(timeout=OPEN_TIMEOUT)
        expect(self.kernel_status).to_have_text(re.compile(r"\| Idle$"), timeout=OPEN_TIMEOUT)
        return self

    def run_all(self) -> LabNotebook:
        """Run > Run All Cells, then wait until every cell ran and the widgets are drawn."""
        self.page.get_by_role("menuitem", name="Run", exact=True).click()
        self.page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        self.page.wait_for_function(_JS_RUN_ALL_DONE, arg=ERROR_OUTPUT, timeout=RUN_TIMEOUT)
        expect(self.kernel_status).to_have_text(re.compile(r"\| Idle$"), timeout=RUN_TIMEOUT)
        expect(self.page.get_by_text("Loading widget...")).to_have_count(0)
        self.assert_no_errors()
        return self

    def assert_no_errors(self) -> None:
        """No traceback or stderr output, and no widget that failed to display."""
        errors = self.page.locator(ERROR_OUTPUT)
        texts = [errors.nth(i).inner_text() for i in range(errors.count())]
        assert texts == [], "the notebook shows errors:\n" + "\n---\n".join(texts)
        broken = self.page.get_by_text("Error displaying widget")
        assert broken.count() == 0, broken.first.inner_text()

    def cell(self, index: int) -> Any:
        """The ``index``-th cell (markdown cells count)."""
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    def output(self, index: int) -> Any:
        """The output area of cell ``index``."""
        return self.cell(index).locator(".jp-Cell-outputArea")

    def retype_and_run(self, index: int, source: str) -> None:
        """Replace the source of code cell ``index`` with ``source`` and run it."""
        editor = self.cell(index).locator(".cm-content")
        editor.click()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.insert_text(source)  # as pasted: no auto-indent or brackets
        self.page.keyboard.press("Shift+Enter")

    @staticmethod
    def press(control: Any, key: str, times: int = 1) -> None:
        """Focus ``control`` (e.g. a slider) and press ``key`` ``times`` times."""
        control.focus()
        for _ in range(times):
            control.press(key)


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab serving a temporary copy of ``notebooks/`` (tests may change files),
    configured as ``make lab`` configures the learners' lab."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    shutil.copytree(NOTEBOOKS, root)
    with running_lab(root, tmp, learner=True) as server:
        yield server


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory, playwright_session: Any) -> Iterator[Any]:
    """Headless Chromium (a persistent context with a throw-away profile)."""
    executable = _chromium()
    if sync_playwright is None:
        _unavailable("Playwright is not installed: `pip install -e '.[test]'`")
    tmp = tmp_path_factory.mktemp("chromium")
    env = {
        **os.environ,
        "HOME": str(tmp / "home"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "XDG_CACHE_HOME": str(tmp / "cache"),
    }
    expect.set_options(timeout=EXPECT_TIMEOUT)
    context = playwright_session.chromium.launch_persistent_context(
        str(tmp / "profile"),
        executable_path=executable,
        headless=True,
        args=CHROMIUM_ARGS,
        env=env,
        viewport=VIEWPORT,
    )
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, lab: LabServer) -> Iterator[Any]:
    """A fresh tab; afterwards it is closed and its kernels are shut down."""
    tab = browser.new_page()
    try:
        yield tab
    finally:
        tab.close()
        lab.shutdown_sessions()


@pytest.fixture
def notebook(page: Any, lab: LabServer) -> LabNotebook:
    """A :class:`LabNotebook` in a fresh tab: ``notebook.open("x.ipynb").run_all()``."""
    return LabNotebook(page, lab)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Save a screenshot of the tab of a failed browser test and say where it is."""
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    keep_all = os.environ.get("KAMTOOLS_SCREENSHOTS") == "all"
    if report.when != "call" or page is None or not (report.failed or keep_all):
        return report
    name = re.sub(r"[^\w.-]+", "-", item.nodeid.split("/")[-1]).strip("-")
    attempt = getattr(item, "execution_count", 1)
    path = ARTIFACTS / f"{name}-{report.outcome}-{attempt}.png"
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(path), full_page=True, timeout=15_000)
        where = f"saved to {path}"
    except Exception as exc:  # the report must survive a browser that is gone
        where = f"could not be saved: {type(exc).__name__}: {exc}"
    report.sections.append(("browser screenshot", where))
    if report.failed:
        lab = item.funcargs.get("lab")
        if lab is not None:
            report.sections.append(("JupyterLab server log (end)", lab.log_tail()))
    return report
