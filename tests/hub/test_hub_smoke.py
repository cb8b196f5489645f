"""The workshop hub, end to end: what a facilitator checks before inviting 50 people.

One JupyterHub on 127.0.0.1 runs course/hub/jupyterhub_config.py (shared password, users'
servers under one OS account, the course opened through nbgitpuller). In real Chromium,
two participants log in through the login form with the nbgitpuller link the facilitator
hands out, get the course pulled from a git repository, and run module 00 (Run All). One
participant cannot open the other's server. Then an instructor and a student go through
nbgrader's exchange, each inside their own server: the instructor generates and releases
an assignment (Formgrader's API), the student fetches it, answers and submits it (the
Assignments tab's API), the instructor collects and autogrades it, and the gradebook has
the student's score under the student's hub name. A participant's file browser lists the
course but no facilitator file, and their JupyterLab has no Create Assignment, Formgrader or
news prompt; the instructor's keeps the first two.

Without Chromium, Playwright, configurable-http-proxy or git the test is skipped with the
reason, except in CI (``CI`` set), where that is an error.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from _chromium import CHROMIUM_ARGS
from _hub import (
    ADMIN_PASSWORD,
    INSTRUCTOR,
    REPO,
    USER_PASSWORD,
    Hub,
    make_course_repo,
    missing_tools,
    notebook_code_cells,
    running_hub,
)

sys.path.insert(0, str(REPO / "tools"))
from nbgitpuller_link import git_pull_link

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # reported by _require_tools
    sync_playwright = None

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.timeout(600)]

COURSE_ID = "kam-academy"
COURSE_DIR = "kam-academy"  # the folder nbgitpuller pulls into, in every home
MODULE = "course/00_start_here.ipynb"
STUDENTS = ("alice", "bob")
PARETO = REPO / "exercises" / "source" / "pareto"

#: What a participant's file browser shows of the pulled course folder, and what it must not
#: show: the facilitator's, the host's and the author's files (course/hub/user/).
PARTICIPANT_FILES = {
    "00_start_here.ipynb",
    "03_pareto_analysis.ipynb",
    "glossary.ipynb",
    "SETUP.md",
}
FACILITATOR_FILES = {
    "FACILITATOR_GUIDE.md",
    "FACILITATOR_KIT.md",
    "JUPYTERHUB.md",
    "AUTHORING.md",
    "WALKTHROUGH.md",
    "hub",
    "handouts",
    "seed_coverage.yml",
    "nbval_sanitize.cfg",
    "modules.yml",
}
#: JupyterLab plugins a participant does not get (course/hub/user/participant/), and the
#: "official Jupyter news" prompt that nobody on the hub gets (course/hub/user/).
INSTRUCTOR_ONLY = {
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
}
NEWS = "@jupyterlab/apputils-extension:announcements"

VIEWPORT = {"width": 1400, "height": 1000}
#: Milliseconds: login to a running JupyterLab (spawn + nbgitpuller clone + page load),
#: and Run All of module 00.
OPEN_TIMEOUT = 150_000
RUN_TIMEOUT = 120_000
ERROR_OUTPUT = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
)
_JS_RUN_ALL_DONE = """(errorSelector) => {
    if (document.querySelector(errorSelector)) return true;
    const prompts = [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""


def _require_tools() -> str:
    """Chromium's path; skips (or fails in CI) when a tool the test needs is missing."""
    missing = missing_tools()
    chromium = os.environ.get("KAMTOOLS_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        missing.append("Chromium (`apt-get install chromium`)")
    if sync_playwright is None:
        missing.append("Playwright (`pip install -e '.[test]'`)")
    if missing:
        reason = "the hub smoke test needs " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run it: see .ci/run)", pytrace=False)
        pytest.skip(reason)
    return str(chromium)


# -- the assignment ---------------------------------------------------------------------------
def _tiny_assignment(folder: Path) -> str:
    """A one-question nbgrader assignment, for when exercises/source/pareto is missing."""
    import nbformat

    def cell(kind: str, source: str, **meta: Any) -> Any:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nbgrader = {"schema_version": 3, "grade": False, "solution": False, "locked": False}
        return make(source, metadata={"nbgrader": {**nbgrader, **meta}})

    notebook = nbformat.v4.new_notebook(
        cells=[
            cell("markdown", "Share of the largest customer.", grade_id="intro", locked=True),
            cell(
                "code",
                "### BEGIN SOLUTION\ntop1 = 420 / 1000\n### END SOLUTION",
                grade_id="top1",
                solution=True,
            ),
            cell(
                "code",
                '"""Check top1."""\nassert abs(top1 - 0.42) < 1e-9',
                grade_id="test_top1",
                grade=True,
                locked=True,
                points=2,
            ),
        ],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / "pareto.ipynb")
    return "pareto.ipynb"


def _course_root(root: Path) -> tuple[str, str]:
    """The instructor's course root: the course's nbgrader_config.py and one assignment.

    Returns the assignment id and its notebook's name."""
    root.mkdir(parents=True)
    shutil.copy2(REPO / "exercises" / "nbgrader_config.py", root / "nbgrader_config.py")
    if (PARETO / "pareto.ipynb").exists():
        shutil.copytree(PARETO, root / "source" / "pareto")
        return "pareto", "pareto.ipynb"
    return "pareto", _tiny_assignment(root / "source" / "pareto")


def _answered(released: dict, source: dict) -> dict:
    """The released notebook with the solution cells filled in as in the source notebook."""
    solutions = {
        cell["metadata"]["nbgrader"]["grade_id"]: cell["source"]
        for cell in source["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    filled = 0
    for cell in released["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in solutions:
            cell["source"] = solutions[grade_id]
            filled += 1
    assert filled == len(solutions), f"only {filled} of {len(solutions)} answers found a cell"
    return released


# -- the browser --------------------------------------------------------------------------------
def _kernel_status(page: Any) -> Any:
    return page.get_by_role("button", name=re.compile(r"^Python 3.*\|"))


def _log_in(page: Any, link: str, user: str) -> None:
    """Open the facilitator's link: the hub asks to log in first (one retry of the load)."""
    for attempt in (1, 2):
        try:
            page.goto(link, timeout=60_000)
            page.get_by_label("Username").fill(user, timeout=30_000)
            break
        except PlaywrightError:
            if attempt == 2:
                raise
    page.get_by_label("Password").fill(USER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _open_and_run(page: Any, link: str, user: str) -> int:
    """Wait for the module to open in the user's JupyterLab, Run All; number of code cells."""
    lab_url = re.compile(rf"/user/{user}/lab/tree/{COURSE_DIR}/{re.escape(MODULE)}")
    tab = page.get_by_role("tab", name=re.compile(re.escape(Path(MODULE).name)))
    for attempt in (1, 2):
        try:
            page.wait_for_url(lab_url, timeout=OPEN_TIMEOUT)
            expect(tab).to_be_visible(timeout=OPEN_TIMEOUT)
            expect(_kernel_status(page)).to_have_text(re.compile(r"\| Idle$"), timeout=OPEN_TIMEOUT)
            break
        except (PlaywrightError, AssertionError):
            if attempt == 2:
                raise
            page.goto(link, timeout=60_000)  # logged in now: straight to the server
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(_JS_RUN_ALL_DONE, arg=ERROR_OUTPUT, timeout=RUN_TIMEOUT)
    expect(_kernel_status(page)).to_have_text(re.compile(r"\| Idle$"), timeout=RUN_TIMEOUT)
    errors = page.locator(ERROR_OUTPUT)
    texts = [errors.nth(i).inner_text() for i in range(errors.count())]
    assert texts == [], f"{user}'s module 00 shows errors:\n" + "\n---\n".join(texts)
    code_cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
    count = code_cells.count()
    shows = [_shows_a_value(source) for source in notebook_code_cells(REPO / MODULE)]
    assert count == len(shows) >= 2, f"module 00 has {len(shows)} code cells, the page {count}"
    for i in range(count):
        outputs = code_cells.nth(i).locator(".jp-OutputArea-output")
        if shows[i]:
            assert outputs.count() > 0, f"{user}: code cell {i + 1} of module 00 has no output"
    return count


def _shows_a_value(source: str) -> bool:
    """Whether a code cell ends with an expression, so that running it must show something
    (a cell ending with an assignment or an import, such as module 00's setup, shows nothing)."""
    try:
        body = ast.parse(source).body
    except SyntaxError:  # IPython syntax: assume it shows something
        return True
    return bool(body) and isinstance(body[-1], ast.Expr) and not source.rstrip().endswith(";")


def _disabled_extensions(html: str) -> set[str]:
    """The JupyterLab plugins a lab page turns off (its page config's disabledExtensions)."""
    config = html.split('id="jupyter-config-data"', 1)[1].split(">", 1)[1]
    return set(json.loads(config.split("</script>", 1)[0])["disabledExtensions"])


def _what_a_participant_sees(hub: Hub, page: Any, user: str) -> None:
    """The participant's file browser, lab plugins and Nbgrader menu hold nothing of the
    facilitator's: the course's own files are listed, the facilitator's are not."""
    request = page.context.request
    listing = request.get(f"{hub.base}/user/{user}/api/contents/{COURSE_DIR}/course")
    assert listing.status == 200, f"{user} cannot list the course folder ({listing.status})"
    names = {item["name"] for item in listing.json()["content"]}
    pulled = hub.home(user) / COURSE_DIR / "course"
    assert all((pulled / name).exists() for name in FACILITATOR_FILES | PARTICIPANT_FILES), (
        "the pulled course must hold the facilitator's files, else hiding them proves nothing"
    )
    assert PARTICIPANT_FILES <= names, f"{user}'s file browser lacks course files: {names}"
    shown = sorted(FACILITATOR_FILES & names)
    assert not shown, f"{user}'s file browser shows facilitator material: {shown}"
    lab = request.get(f"{hub.base}/user/{user}/lab")
    disabled = _disabled_extensions(lab.text())
    assert INSTRUCTOR_ONLY | {NEWS} <= disabled, f"{user}'s lab keeps {INSTRUCTOR_ONLY - disabled}"
    formgrader = request.get(f"{hub.base}/user/{user}/formgrader", max_redirects=0)
    assert formgrader.status == 404, f"{user}'s server serves the Formgrader ({formgrader.status})"
    # The Nbgrader menu offers the Assignments tab only.
    page.get_by_role("menuitem", name="Nbgrader", exact=True).click()
    items = page.locator(
        "#jp-mainmenu-nbgrader .lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel"
    )
    expect(items.first).to_be_visible(timeout=30_000)
    assert items.all_inner_texts() == ["Assignment List"], items.all_inner_texts()
    page.keyboard.press("Escape")


# -- nbgrader inside the servers -------------------------------------------------------------
def _formgrader(hub: Hub, action: str, *, timeout: float = 240) -> dict:
    result = hub.call("POST", f"user/{INSTRUCTOR}/formgrader/api/{action}", {}, timeout=timeout)
    assert result.get("success"), f"formgrader {action} failed:\n{result}"
    return result


def _assignments(hub: Hub, user: str, action: str, assignment: str) -> Any:
    body = {"assignment_id": assignment, "course_id": COURSE_ID}
    result = hub.call("POST", f"user/{user}/assignments/{action}", body, timeout=120)
    assert result.get("success"), f"{user}'s {action} of {assignment} failed:\n{result}"
    return result["value"]


def _nbgrader_cycle(hub: Hub, student: str) -> None:
    course_root = hub.home(INSTRUCTOR) / COURSE_DIR / "exercises"
    assignment, notebook = _course_root(course_root)
    hub.start_server(INSTRUCTOR)  # the course root exists before the Formgrader loads it
    hub.wait_ready([INSTRUCTOR], timeout=180)

    # Instructor: generate the student version and release it to the exchange.
    _formgrader(hub, f"assignment/{assignment}/assign")
    _formgrader(hub, f"assignment/{assignment}/release")
    outbound = hub.exchange / COURSE_ID / "outbound" / assignment / notebook
    assert outbound.is_file(), f"release did not put {notebook} in the exchange ({outbound})"

    # Student: fetch, answer (as the source's solutions), submit; all in their own server.
    listed = _assignments(hub, student, "fetch", assignment)
    assert any(a["assignment_id"] == assignment and a["status"] == "fetched" for a in listed)
    path = f"user/{student}/api/contents/{assignment}/{notebook}"
    released = hub.call("GET", f"{path}?content=1")["content"]
    source = json.loads((course_root / "source" / assignment / notebook).read_text("utf-8"))
    hub.call(
        "PUT", path, {"type": "notebook", "format": "json", "content": _answered(released, source)}
    )
    _assignments(hub, student, "submit", assignment)
    inbound = sorted((hub.exchange / COURSE_ID / "inbound").iterdir())
    assert [p.name.split("+")[:2] for p in inbound] == [[student, assignment]], (
        "the submission must carry the student's hub name (JUPYTERHUB_USER), not the shared "
        f"OS account's: {[p.name for p in inbound]}"
    )

    # Instructor: collect and autograde; the gradebook has the student's score.
    _formgrader(hub, f"assignment/{assignment}/collect")
    assert (course_root / "submitted" / student / assignment / notebook).is_file()
    _formgrader(hub, f"submission/{assignment}/{student}/autograde", timeout=300)
    graded = hub.call("GET", f"user/{INSTRUCTOR}/formgrader/api/submission/{assignment}/{student}")
    assert graded["student"] == student and graded["autograded"], graded

    from nbgrader.api import Gradebook

    db_url = f"sqlite:///{course_root / 'gradebook.db'}"
    with Gradebook(db_url, course_id=COURSE_ID) as gradebook:
        submission = gradebook.find_submission(assignment, student)
        scores = (submission.code_score, submission.max_code_score)
    assert scores[1] > 0 and scores[0] == scores[1], (
        f"the model answers should earn every automatic point, got {scores[0]} of {scores[1]}"
    )


# -- the test -----------------------------------------------------------------------------------
def test_workshop_on_jupyterhub(tmp_path: Path, playwright_session: Any) -> None:
    chromium = _require_tools()
    repo_url = make_course_repo(tmp_path / COURSE_DIR, {"course": REPO / "course"})
    shots = tmp_path / "screenshots"
    pw = playwright_session
    with running_hub(tmp_path / "hub", course_repo=repo_url) as hub:
        link = git_pull_link(hub.base, repo_url, branch="main", path=MODULE, targetpath=COURSE_DIR)
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        pages: dict[str, Any] = {}
        try:
            # Both participants log in at the same time; the hub starts both servers.
            started = time.monotonic()
            for user in STUDENTS:
                pages[user] = browser.new_context(viewport=VIEWPORT).new_page()
                _log_in(pages[user], link, user)
            for user in STUDENTS:
                cells = _open_and_run(pages[user], link, user)
                print(
                    f"{user}: module 00 ran ({cells} code cells), "
                    f"{time.monotonic() - started:.1f} s after logging in"
                )
                assert (hub.home(user) / COURSE_DIR / ".git").is_dir(), "nbgitpuller did not clone"

            # Bob reaches his own server but not Alice's.
            bob = pages["bob"].context
            own = bob.request.get(f"{hub.base}/user/bob/api/contents/{COURSE_DIR}/course")
            assert own.status == 200, f"bob cannot list his own course folder ({own.status})"
            other = bob.request.get(
                f"{hub.base}/user/alice/api/contents/{COURSE_DIR}/course", max_redirects=0
            )
            assert other.status == 403, f"bob got {other.status} from alice's server"
            page = bob.new_page()
            response = page.goto(f"{hub.base}/user/alice/lab", timeout=60_000)
            refused = response.status == 403 or page.url.startswith(f"{hub.base}/user/bob/")
            assert refused, f"bob opened alice's JupyterLab ({response.status} {page.url})"
            assert "/user/alice/lab" not in page.url

            # A participant sees the course, and nothing of the facilitator's.
            _what_a_participant_sees(hub, pages["bob"], "bob")

            # The instructor's name needs the admin password, and then has the Admin page.
            pages["instructor"] = page = browser.new_context(viewport=VIEWPORT).new_page()
            login = f"{hub.base}/hub/login?next=%2Fhub%2Fhome"
            for password, admitted in ((USER_PASSWORD, False), (ADMIN_PASSWORD, True)):
                page.goto(login, timeout=60_000)
                page.get_by_label("Username").fill(INSTRUCTOR)
                page.get_by_label("Password").fill(password)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_load_state()
                assert page.url.endswith("/hub/home") == admitted, page.url
            expect(page.get_by_role("link", name="Admin")).to_be_visible()

            _nbgrader_cycle(hub, "alice")
            # The instructor keeps Create Assignment and the Formgrader (used just above);
            # nobody gets the news prompt.
            status, html = hub.request("GET", f"user/{INSTRUCTOR}/lab")
            assert status == 200, f"the instructor's lab answered {status}"
            disabled = _disabled_extensions(html)
            assert NEWS in disabled and not INSTRUCTOR_ONLY & disabled, disabled
        except Exception as exc:
            shots.mkdir(exist_ok=True)
            for user, tab in pages.items():
                try:
                    tab.screenshot(path=str(shots / f"{user}.png"), timeout=15_000)
                except PlaywrightError:
                    pass
            raise AssertionError(
                f"{exc}\n\nScreenshots: {shots}\nThe hub's log ends with:\n{hub.log_tail()}"
            ) from exc
        finally:
            browser.close()
