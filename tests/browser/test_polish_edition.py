"""The Polish edition in a real browser: a Polish module in JupyterLab, the Polish apps in Voila.

A Polish learner opens ``course/pl/00_start_here.ipynb`` (as ``make lab-pl`` does, but with
the plain ``make lab`` environment: the notebook itself switches kamtools to Polish), runs
it, and answers the short-text question with an inflected Polish phrase. A facilitator
serves the Polish apps (``make apps-pl``), opens the Pareto explorer from the Polish landing
page and moves its slider: labels and readouts are Polish, numbers written the Polish way.
Expected texts come from the catalogue (``t`` in Polish), never typed here.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest
from _jupyterlab import running_lab
from _voila import VoilaServer, running_voila
from test_apps_browser import LOAD_TIMEOUT, PROJECTOR, App, _press, _slider

import kamtools as kt
from kamtools.messages import count, t

try:
    from playwright.sync_api import expect
except ImportError:
    if os.environ.get("CI"):
        raise
    pytest.skip("Playwright is not installed: pip install -e '.[test]'", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
START = "pl/00_start_here.ipynb"


def _polish(key: str, **values: Any) -> str:
    kt.set_language("pl")
    try:
        return t(key, **values)
    finally:
        kt.set_language(None)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    """JupyterLab on a copy of course/ (running notebooks saves them), as `make lab` sets it
    up, without KAMTOOLS_LANG: the Polish notebook must switch the language itself."""
    tmp = tmp_path_factory.mktemp("lab-pl")
    root = tmp / "course"
    shutil.copytree(ROOT / "course", root, ignore=shutil.ignore_patterns("handouts", "hub"))
    os.environ.pop("KAMTOOLS_LANG", None)
    with running_lab(root, tmp, learner=True) as server:
        yield server


def _cell_index(path: Path, text: str, *, exact: bool = False) -> int:
    nb = nbformat.read(path, as_version=4)
    (index,) = [
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and (c.source.strip() == text if exact else text in c.source)
    ]
    return index


def test_a_polish_learner_runs_the_start_page_and_answers_in_polish(notebook):
    notebook.open(START).run_all()
    page = notebook.page
    # the question is shown in Polish, and no English outcome word is on the page
    question = notebook.output(_cell_index(ROOT / "course" / START, "ex.q1", exact=True))
    expect(question).to_contain_text("Dwaj najwięksi klienci")
    assert page.get_by_text(re.compile(r"Not attempted|Not quite|Correct \(q")).count() == 0

    index = _cell_index(ROOT / "course" / START, "ex.q3.check(answer)")
    out = notebook.output(index)
    notebook.retype_and_run(index, 'answer = "klientem kluczowym"\nex.q3.check(answer)')
    status = out.get_by_role("status")
    expect(status).to_contain_text(_polish("outcome.incorrect") + " (q3)")
    expect(status).to_contain_text("Klienci kluczowi to sami klienci")
    notebook.retype_and_run(index, 'answer = "zasada Pareto"\nex.q3.check(answer)')
    expect(status).to_contain_text(_polish("outcome.correct") + " (q3)")
    notebook.assert_no_errors()


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with running_voila(tmp_path_factory.mktemp("voila-pl"), edition="pl") as server:
        yield server


@pytest.fixture
def app(browser: Any, voila: VoilaServer) -> Any:
    tab = browser.new_page()
    tab.set_viewport_size(PROJECTOR)
    try:
        yield App(tab, voila, "polish-apps")
    finally:
        tab.close()


def test_the_polish_pareto_explorer_speaks_polish_and_writes_polish_numbers(app, voila):
    kt.set_language("pl")
    try:
        explorer = kt.ParetoExplorer("online_retail")  # what the app shows
        explorer.p_slider.value = 0.21
        after = dict(explorer.readouts)
        explorer.close()
        n, k = after["n_customers"], after["top_p_customers"]
        label = t("pareto_explorer.p")
        customers = count(n)
        readout_21 = t("pareto_explorer.top_p", p="21%", k=count(k), n=count(n))
        share = t(
            "pareto_explorer.share_of_metric",
            share=kt.format_percent(after["top_p_share"]),
            metric=t("pareto_explorer.word_revenue"),
        )
    finally:
        kt.set_language(None)
    assert "\xa0" in customers or n < 1000  # 4 373, not 4,373

    app.page.goto(voila.app_url("index.ipynb"), timeout=LOAD_TIMEOUT)
    link = app.page.get_by_role("link", name="Eksplorator Pareto", exact=True)
    expect(link).to_be_visible(timeout=LOAD_TIMEOUT)
    app.open("pareto_explorer.ipynb", navigate=link.click)
    expect(app.page.get_by_text("Wszystkie aplikacje")).to_be_visible()
    slider = _slider(app.widget, label)
    _press(slider, "ArrowRight")  # from 20% to 21%
    # an accessible name turns the non-breaking space of "4 373" into a plain one
    pattern = "^" + re.escape(readout_21).replace("\xa0", r"\s")
    readout = app.widget.get_by_role("row", name=re.compile(pattern))
    expect(readout).to_contain_text(share)
    assert app.widget.get_by_text(re.compile(r"\bof customers\b|\bof revenue\b")).count() == 0
    app.check_room_view()
