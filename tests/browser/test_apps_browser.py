"""The workshop apps in a real browser, served as ``make apps`` serves them.

``tools/serve_apps.py`` runs on a free port (:func:`_voila.running_voila`); each test opens
an app in Chromium at a projector's size (1280 x 800), waits for its widget, uses it as a
facilitator would (move a slider, pick a reply, answer a question) and checks what the
room sees change. Every test also checks that the page asked nothing of the internet
(every request and websocket on 127.0.0.1), that the browser console shows no error, and
that every visible text of the widget is at least 20 px tall on the screen.

Voila 0.5 has been seen to stall on about one page load in twenty (the widgets never
connect): a load that shows no widget within :data:`LOAD_TIMEOUT` is repeated once with
a fresh page load, and the stalled page is saved in ``tests/browser/artifacts/``. On failure the
conftest saves a screenshot there too. The load time of every app is printed (``-s``).

The expected numbers come from the kamtools functions and widgets the apps call.
"""

from __future__ import annotations

import math
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from _jupyterlab import ROOM_SEED
from _voila import VoilaServer, running_voila

import kamtools as kt
from kamtools.learning.roleplay import Session, load_scenario
from kamtools.messages import count, t, tn

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect
except ImportError:
    if os.environ.get("CI"):  # CI must run them: Playwright is a test dependency
        raise
    pytest.skip("Playwright is not installed: pip install -e '.[test]'", allow_module_level=True)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
#: A projector's screen (the common 1280 x 800 of WXGA projectors).
PROJECTOR = {"width": 1280, "height": 800}
#: Milliseconds for an app to show its widget before the load counts as stalled.
LOAD_TIMEOUT = 45_000
#: Smallest text height (CSS px on the screen) that reads from the back of a room.
MIN_TEXT_PX = 20

# The smallest font size on the screen of the visible texts inside ``selector``: the
# computed size times the zoom of the element (the apps' style sheet zooms every cell).
_JS_SMALLEST_TEXT = """(selector) => {
    const sizes = [];
    for (const root of document.querySelectorAll(selector)) {
        for (const el of root.querySelectorAll('*')) {
            if (el.childElementCount || !el.textContent.trim() || !el.offsetParent) continue;
            sizes.push(parseFloat(getComputedStyle(el).fontSize) * (el.currentCSSZoom || 1));
        }
    }
    return sizes.length ? Math.min(...sizes) : null;
}"""


class App:
    """A browser tab showing the workshop apps; it records every request it makes."""

    def __init__(self, page: Any, voila: VoilaServer, name: str) -> None:
        self.page = page
        self.voila = voila
        self.name = name
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.load_seconds: list[float] = []
        self.stalls = 0
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda socket: self.requests.append(socket.url))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on(
            "console",
            lambda msg: self.errors.append(msg.text) if msg.type == "error" else None,
        )

    @property
    def widget(self) -> Any:
        """The root box of the kamtools widget."""
        return self.page.locator(".kam-teach").first

    def open(self, notebook: str, *, navigate: Any = None, timeout: int = LOAD_TIMEOUT) -> App:
        """Load ``notebook`` (or run ``navigate()``, e.g. a click on a link) and wait up to
        ``timeout`` ms for its widget; a load that stalls is repeated once with a fresh
        page load."""
        url = self.voila.app_url(notebook)
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                if navigate is not None and attempt == 1:
                    navigate()
                else:
                    self.page.goto(url, timeout=timeout)
                expect(self.widget).to_be_visible(timeout=timeout)
                expect(self.page).to_have_url(url)
                break
            except (AssertionError, PlaywrightTimeout) as exc:
                self.stalls += 1
                shot = ARTIFACTS / f"{self.name}-stalled-{attempt}.png"
                ARTIFACTS.mkdir(exist_ok=True)
                self.page.screenshot(path=str(shot), full_page=True)
                if attempt == 2:
                    raise AssertionError(
                        f"{notebook} showed no widget within {timeout / 1000:g} s, twice "
                        f"(screenshots {shot.parent}/{self.name}-stalled-*.png); the server "
                        f"log ends with:\n{self.voila.log_tail()}"
                    ) from exc
                print(f"\n{notebook}: load {attempt} stalled ({exc.__class__.__name__}); again")
                self.errors.clear()  # what the stalled page logged is not this load's
        self.load_seconds.append(time.monotonic() - started)
        print(f"\n{notebook}: widget shown {self.load_seconds[-1]:.1f} s after the page load")
        expect(self.page.get_by_text("Loading widget...")).to_have_count(0)
        return self

    def kernel_id(self) -> str:
        """The id of the kernel that runs the page shown."""
        return self.page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )

    def check_room_view(self) -> None:
        """What every app must be: offline, error-free, code-free, readable from afar."""
        local = (self.voila.base, self.voila.base.replace("http://", "ws://"), "data:", "blob:")
        outside = [url for url in self.requests if not url.startswith(local)]
        assert outside == [], "requests that left 127.0.0.1"
        assert self.errors == [], "errors in the browser console"
        code = self.page.locator(".jp-CodeCell .jp-InputArea")
        assert code.count() == 0, "code on the screen"
        broken = self.page.get_by_text(re.compile(r"Error displaying widget|Traceback"))
        assert broken.count() == 0, broken.first.inner_text()
        smallest = self.page.evaluate(_JS_SMALLEST_TEXT, ".kam-teach, .jp-MarkdownOutput")
        assert smallest is not None and smallest >= MIN_TEXT_PX, smallest


def _slider(scope: Any, label: str) -> Any:
    """The handle of the ipywidgets slider whose description is ``label``."""
    row = scope.locator(".widget-slider").filter(has=scope.page.get_by_text(label, exact=True))
    return row.get_by_role("slider")


def _press(control: Any, key: str, times: int = 1) -> None:
    control.focus()
    for _ in range(times):
        control.press(key)


def _wait_until_gone(voila: VoilaServer, kernel: str, timeout: float = 20.0) -> None:
    """Wait until Voila no longer knows ``kernel`` (it was shut down)."""
    deadline = time.monotonic() + timeout
    while voila.get(f"api/kernels/{kernel}")[0] == 200:
        assert time.monotonic() < deadline, f"kernel {kernel} still runs after {timeout:g} s"
        time.sleep(0.5)
    assert voila.get(f"api/kernels/{kernel}")[0] == 404


def _image_src(image: Any) -> str:
    return image.get_attribute("src") or ""


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with running_voila(tmp_path_factory.mktemp("voila")) as server:
        print(f"\nserve_apps.py answered {server.startup_seconds:.1f} s after its start")
        yield server


@pytest.fixture
def page(browser: Any, voila: VoilaServer) -> Any:
    """A fresh tab at a projector's size (named ``page`` for the conftest's screenshots)."""
    tab = browser.new_page()
    tab.set_viewport_size(PROJECTOR)
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture
def app(page: Any, voila: VoilaServer, request: pytest.FixtureRequest) -> App:
    return App(page, voila, re.sub(r"[^\w.-]+", "-", request.node.name))


def test_landing_page_lists_the_apps_and_opens_one(app, voila):
    app.page.goto(voila.app_url("index.ipynb"), timeout=LOAD_TIMEOUT)
    links = {
        "Pareto explorer": "pareto_explorer.ipynb",
        "Account scoring": "account_scoring.ipynb",
        "CLV calculator": "clv_calculator.ipynb",
        "Role-play": "roleplay.ipynb",
        "Quiz": "quiz.ipynb",
        "Your portfolio": "your_portfolio.ipynb",
    }
    for text, notebook in links.items():
        link = app.page.get_by_role("link", name=text, exact=True)
        expect(link).to_be_visible(timeout=LOAD_TIMEOUT)
        assert link.evaluate("a => a.href") == voila.app_url(notebook)

    landing_kernel = app.kernel_id()
    link = app.page.get_by_role("link", name="Role-play", exact=True)
    app.open("roleplay.ipynb", navigate=link.click)
    roleplay_kernel = app.kernel_id()
    app.page.get_by_role("link", name="All apps").click()
    expect(app.page).to_have_url(voila.app_url("index.ipynb"))
    expect(app.page.get_by_role("link", name="Quiz", exact=True)).to_be_visible()
    app.check_room_view()
    # Each page left shut its kernel down: a workshop opens pages all day long.
    for kernel in (landing_kernel, roleplay_kernel):
        _wait_until_gone(voila, kernel)


def test_pareto_explorer_slider_moves_the_readout_and_the_marker(app):
    explorer = kt.ParetoExplorer("online_retail")  # what the app shows
    explorer.p_slider.value = 0.21
    after = dict(explorer.readouts)
    explorer.close()
    n, k, share = after["n_customers"], after["top_p_customers"], after["top_p_share"]
    assert k == math.ceil(0.21 * n)

    app.open("pareto_explorer.ipynb")
    readout = app.widget.get_by_role("row", name=re.compile(r"^Top \d+% of customers"))
    expect(readout).to_contain_text(f"of {count(n)})")
    chart = app.widget.get_by_role("img").first
    before = _image_src(chart)
    slider = _slider(app.widget, "Top share of customers")

    _press(slider, "ArrowRight")  # step 0.01: from 20% to 21%
    expect(readout).to_have_text(
        re.compile(
            rf"Top 21% of customers \({count(k)} of {count(n)}\)\s*"
            rf"{re.escape(f'{share:.1%}')} of revenue"
        )
    )
    expect(chart).not_to_have_attribute("src", before)  # the marker moved

    # Dragged with the mouse to the middle of the track: the zoom of the apps' style
    # sheet must not shift where the handle lands.
    track = slider.locator("xpath=ancestor::*[contains(@class, 'noUi-target')][1]")
    box, handle = track.bounding_box(), slider.bounding_box()
    app.page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    app.page.mouse.down()
    app.page.mouse.move(box["x"] + box["width"] / 2, handle["y"] + handle["height"] / 2, steps=8)
    app.page.mouse.up()
    expect(slider).not_to_have_attribute("aria-valuenow", re.compile(r"^0\.21?$"))
    value = float(slider.get_attribute("aria-valuenow"))
    assert 0.4 <= value <= 0.6, value
    expect(readout).to_contain_text(f"Top {round(value * 100)}% of customers")
    app.check_room_view()


def test_account_scoring_weight_reranks_and_lists_the_moves(app):
    scoring = kt.AccountScoring()  # what the app shows, then with margin potential at 10
    scoring.weight_sliders["margin_potential"].value = 10
    changed, ranked = scoring.changed, scoring.ranked
    scoring.close()
    assert len(changed) > 0
    moved, second = changed.iloc[0], ranked.iloc[1]

    app.open("account_scoring.ipynb")
    expect(app.widget).to_contain_text(t("account_scoring.changed_none"))
    second_row = app.widget.get_by_role("row").filter(has_text=re.compile(r"^\s*2\s"))
    expect(second_row).not_to_contain_text(second["name"])

    _press(_slider(app.widget, "margin potential"), "End")  # the weight from 5 to 10
    expect(app.widget).to_contain_text(tn("account_scoring.changed_count", len(changed)))
    item = app.widget.get_by_role("listitem").filter(has_text=f"{changed.index[0]} ")
    expect(item).to_contain_text(f"{moved['old_quadrant']} → {moved['new_quadrant']}")
    expect(second_row).to_contain_text(second["name"])
    expect(second_row).to_contain_text(f"{second['score']:.2f}")
    app.check_room_view()


def test_clv_calculator_retention_changes_the_lifetime_value(app):
    before = kt.clv(100, 0.8, 0.1)  # the calculator's starting numbers
    after = kt.clv(100, 0.81, 0.1)

    app.open("clv_calculator.ipynb")
    clv_row = app.widget.get_by_role("row", name=re.compile(r"^CLV per customer"))
    expect(clv_row).to_contain_text(f"{before:,.2f}")
    chart = app.widget.get_by_role("img").first
    start = _image_src(chart)

    _press(_slider(app.widget, "Retention (share staying each year)"), "ArrowRight")  # 0.81
    expect(clv_row).to_contain_text(f"{after:,.2f}")
    net = app.widget.get_by_role("row", name=re.compile(r"^CLV minus acquisition"))
    expect(net).to_contain_text(f"{after - 150:,.2f}")
    expect(chart).not_to_have_attribute("src", start)
    app.check_room_view()


def test_roleplay_reply_moves_the_trust_meter(app):
    scenario = kt.list_scenarios().index[0]  # the one the app starts with
    # The apps run with the room seed ROOM_SEED: the first button is this session's first.
    session = Session(load_scenario(scenario), seed=ROOM_SEED)
    start_trust, first = session.trust, session.choices[0]
    step = session.choose(0)
    assert step.change != 0

    app.open("roleplay.ipynb")
    expect(app.widget).to_contain_text(f"{start_trust}/100")
    app.widget.get_by_role("button", name=f"A. {first.text}").click()
    expect(app.widget).to_contain_text(f"{session.trust}/100 · {session.trust_word}")
    expect(app.widget).to_contain_text(step.choice.reaction)
    expect(app.widget.get_by_role("button", name=f"A. {first.text}")).to_have_count(0)
    app.check_room_view()


def test_quiz_question_gets_feedback_then_credit(app):
    lines = kt.load_dataset("online_retail")
    totals = kt.customer_totals(
        lines, customer="CustomerID", quantity="Quantity", price="UnitPrice"
    )
    answer = f"{kt.top_share(totals, 0.2, negative='zero'):.1%}"  # question 1 of the quiz

    app.open("quiz.ipynb")
    expect(app.widget).to_contain_text("Question 1 of 5")
    box = app.widget.get_by_placeholder(re.compile("for example"))
    check = app.widget.get_by_role("button", name=re.compile(r"(^|\W)Check$"))
    box.fill("80%")  # the rule of thumb, not what the data says
    check.click()
    feedback = app.widget.get_by_role("status")
    expect(feedback).to_contain_text("Not quite (q1)")
    box.fill(answer)
    check.click()
    expect(feedback).to_contain_text("Correct (q1)")
    expect(app.widget).to_contain_text("1 of 5 correct")
    app.check_room_view()


def test_your_portfolio_upload_correction_and_download_in_the_app(app, tmp_path):
    """A team's export on the projector: upload a file of the corpus, read the mapping and
    the figures, switch the amount to the gross column and back, anonymise, download."""
    from export_corpus import build_corpus

    item = next(f for f in build_corpus(tmp_path) if f.name == "optima_rejestr_vat.csv")
    export = kt.read_export(item.path)
    report = kt.portfolio_report(export.lines)
    largest = report.customers.sort_values("revenue", ascending=False)["customer"].iloc[0]
    salt = "projector-2026"
    shared = kt.anonymise(export, salt=salt)
    code = shared.lines.loc[export.lines["customer"] == largest, "customer"].iloc[0]

    app.open("your_portfolio.ipynb")
    page, widget = app.page, app.widget
    expect(widget).to_contain_text("No file yet")
    with page.expect_file_chooser() as chooser:
        widget.get_by_role("button", name=re.compile(r"Upload your export")).click()
    chooser.value.set_files(str(item.path))
    expect(widget).to_contain_text(f"{item.name} is read")
    expect(widget).to_contain_text(export.mapping.encoding)
    expect(widget).to_contain_text(f"{len(export.lines)} used, {export.rejected} rejected")
    customers = widget.get_by_role("row", name=re.compile(r"^Customers \d"))
    expect(customers).to_contain_text(f"{report.figures['n_customers']:,.0f}")
    share = widget.get_by_role("row", name=re.compile(r"^Share of the top 20%"))
    expect(share).to_contain_text(f"{report.figures['top_20_share']:.1%}")

    # One menu changed: the amount read from the gross column, then back to net.
    menu = (
        widget.locator(".widget-dropdown")
        .filter(has=page.get_by_text("Net amount", exact=True))
        .locator("select")
    )
    expect(menu.locator("option:checked")).to_have_text(export.mapping.fields["amount"])
    gross = kt.portfolio_report(kt.read_export(item.path, mapping={"amount": "Brutto"}).lines)
    total = widget.get_by_role("row", name=re.compile(r"^Net revenue"))
    expect(total).to_contain_text(f"{report.figures['total']:,.0f} PLN")
    menu.select_option(label="Brutto")
    expect(total).to_contain_text(f"{gross.figures['total']:,.0f} PLN")
    menu.select_option(label=export.mapping.fields["amount"])
    expect(total).to_contain_text(f"{report.figures['total']:,.0f} PLN")

    # Anonymise before the room sees names, then download.
    widget.get_by_role("checkbox", name="Anonymise before sharing").check()
    box = widget.get_by_role("textbox", name=re.compile(r"^Secret word"))
    box.fill(salt)
    box.press("Enter")
    expect(widget).to_contain_text("Anonymised:")
    with page.expect_download() as info:
        widget.get_by_role("link", name=re.compile(r"Report \(HTML")).click()
    download = info.value
    assert download.suggested_filename == "portfolio_report_anonymised.html"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert code in text and largest not in text
    with page.expect_download() as info:
        widget.get_by_role("link", name=re.compile(r"Workbook \(Excel")).click()
    assert info.value.suggested_filename == "portfolio_report_anonymised.xlsx"
    app.check_room_view()


def test_your_portfolio_takes_an_export_above_tornados_10_mib_message_limit(app, tmp_path):
    """A few years of invoice lines: the sample export's lines eleven times, about 16 MB,
    uploaded in one websocket message (tools/apps/voila.py raises the limit)."""
    lines = kt.sample_export(tmp_path / "sample.csv").read_bytes().split(b"\r\n")
    big = tmp_path / "rejestr_2016_2025.csv"
    big.write_bytes(b"\r\n".join(lines[:4] + lines[4:-2] * 11) + b"\r\n")
    assert big.stat().st_size > 12 * 1024 * 1024
    export = kt.read_export(big)

    app.open("your_portfolio.ipynb")
    with app.page.expect_file_chooser() as chooser:
        app.widget.get_by_role("button", name=re.compile(r"Upload your export")).click()
    chooser.value.set_files(str(big))
    expect(app.widget).to_contain_text(f"{big.name} is read", timeout=90_000)
    expect(app.widget).to_contain_text(f"{count(len(export.lines))} used")
    app.check_room_view()


def test_a_stalled_load_is_repeated_once_with_a_fresh_page(app, voila):
    """The retry itself: the first load gets no widget renderer (its script is refused,
    as when the widgets never connect), the second load works."""
    refused = []
    stalled_shot = ARTIFACTS / f"{app.name}-stalled-1.png"
    stalled_shot.unlink(missing_ok=True)

    def refuse_once(route: Any) -> None:
        if refused:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    app.page.route("**/@voila-dashboards/widgets-manager8/static/remoteEntry*", refuse_once)
    app.open("roleplay.ipynb", timeout=10_000)
    assert len(refused) == 1 and app.stalls == 1
    assert stalled_shot.is_file()
    expect(app.widget.get_by_role("button", name=re.compile(r"^A\. "))).to_be_visible()
    app.check_room_view()
