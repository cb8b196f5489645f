"""The workshop apps (course/apps/, ``make apps``) without a browser: the notebooks, their
run in a fresh kernel, tools/serve_apps.py, and what Voila serves.

The real-browser tests (opening and using every app in Chromium) are in
``tests/browser/test_apps_browser.py``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import socket
import sys
from pathlib import Path

import nbformat
import pytest
from _voila import running_voila

import kamtools as kt

ROOT = Path(__file__).resolve().parents[1]
APPS_DIR = ROOT / "course" / "apps"

_spec = importlib.util.spec_from_file_location("serve_apps", ROOT / "tools" / "serve_apps.py")
serve_apps = importlib.util.module_from_spec(_spec)
sys.modules["serve_apps"] = serve_apps
_spec.loader.exec_module(serve_apps)

#: The kamtools widget each app shows.
WIDGETS = {
    "pareto_explorer": "ParetoExplorer",
    "account_scoring": "AccountScoring",
    "clv_calculator": "CLVCalculator",
    "roleplay": "RolePlay",
    "quiz": "Quiz",
    "your_portfolio": "YourPortfolio",
}
APPS = list(serve_apps.APPS_IN_ORDER)
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STATE_MIME = "application/vnd.jupyter.widget-state+json"


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(APPS_DIR / f"{name}.ipynb", as_version=4)


def _code(nb: nbformat.NotebookNode) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


# -- the notebooks ---------------------------------------------------------------------------
def test_the_app_folder_holds_the_six_apps_and_the_landing_page():
    found = sorted(p.stem for p in APPS_DIR.glob("*.ipynb"))
    assert found == sorted([*WIDGETS, "index"])
    assert APPS == list(WIDGETS)


def test_the_landing_page_links_every_app_in_order():
    text = " ".join(c.source for c in _read("index").cells)
    links = re.findall(r"\]\((\w+)\.ipynb\)", text)
    assert links == APPS
    assert _code(_read("index")) == ""  # nothing to run: the page opens at once


@pytest.mark.parametrize("name", APPS)
def test_app_notebook_has_a_title_an_instruction_and_one_widget_cell(name):
    nb = _read(name)
    assert nb.metadata.kernelspec.name == "python3"
    assert nb.metadata.title.endswith("· KAM Academy")
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    heading, _, instruction = first.source.partition("\n\n")
    # a short title with the way back to the list, then one line saying what to do
    assert heading.startswith("[All apps](index.ipynb) · **") and len(heading) < 60, heading
    assert instruction and "\n" not in instruction.strip(), instruction
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert len(code_cells) == 1
    assert re.search(rf"\bkt\.{WIDGETS[name]}\(", code_cells[0].source)
    assert all(not c.get("outputs") and not c.get("execution_count") for c in code_cells)


def test_the_quiz_questions_the_instruction_sends_to_the_explorer_are_answered_there():
    """The quiz app says the Pareto explorer has the numbers for its questions 1, 2 and 5:
    the explorer's readouts must pass those checks."""
    source = _code(_read("quiz"))
    asked = json.loads(re.search(r"questions=(\[.*?\])", source).group(1))
    assert "questions 1, 2 and 5" in _read("quiz").cells[0].source
    q1, q2, q5 = (asked[i] for i in (0, 1, 4))
    ex = kt.exercise("03_pareto", recorder=lambda *args, **kwargs: None)
    explorer = kt.ParetoExplorer("online_retail")  # where the Pareto app starts
    try:
        assert getattr(ex, q1).check(explorer.readouts["top_p_share"]).correct
        assert getattr(ex, q2).check(explorer.readouts["customers_for_80pct"]).correct
        explorer.dataset_dropdown.value = "vistula"
        assert getattr(ex, q5).check(round(explorer.readouts["equivalent_customers"], 1)).correct
    finally:
        explorer.close()


@pytest.mark.slow
@pytest.mark.parametrize("name", APPS)
def test_app_runs_in_a_fresh_kernel_and_shows_its_widget(name, tmp_path, monkeypatch):
    """What Voila does with the app: run it top to bottom in the app folder. No error, nothing
    on stderr, and the output is the kamtools widget (its root box, styled for teaching)."""
    from nbclient import NotebookClient

    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "progress.sqlite3"))
    nb = _read(name)
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        store_widget_state=True,
        resources={"metadata": {"path": str(APPS_DIR)}},
    ).execute()
    outputs = [out for cell in nb.cells for out in cell.get("outputs", [])]
    stderr = [out.get("text") for out in outputs if out.get("name") == "stderr"]
    errors = [out for out in outputs if out.output_type == "error"]
    assert stderr == [] and errors == []
    views = [out.data[WIDGET_MIME] for out in outputs if WIDGET_MIME in out.get("data", {})]
    assert len(views) == 1, outputs
    state = nb.metadata.widgets[STATE_MIME]["state"]
    root = state[views[0]["model_id"]]
    assert root["model_name"] == "VBoxModel"
    assert "kam-teach" in root["state"]["_dom_classes"]


# -- tools/serve_apps.py and Voila's settings ----------------------------------------------
def _voila_config():
    """The configuration tools/apps/voila.py gives Voila."""
    from traitlets.config import Config

    config = Config()
    path = serve_apps.VOILA_CONFIG / "voila.py"
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), {"c": config})
    return config


def test_serve_apps_runs_voila_for_the_app_folder_only_with_the_apps_settings():
    command = serve_apps.voila_command(8999)
    assert command[1:4] == ["-m", "voila", str(APPS_DIR)]  # the only folder it serves
    assert "--port=8999" in command and "--no-browser" in command
    assert f"--Voila.config_file_paths={serve_apps.VOILA_CONFIG}" in command
    assert serve_apps.parse_args([]).port == 8866
    assert serve_apps.parse_args(["--port", "9001"]).port == 9001


def test_voila_settings_keep_the_apps_local_offline_and_code_free():
    config = _voila_config()
    assert config.Voila.ip == serve_apps.HOST == "127.0.0.1"
    assert config.Voila.port_retries == 0  # a port in use is an error, not a move
    assert config.VoilaConfiguration.template == serve_apps.TEMPLATE
    assert (serve_apps.TEMPLATE_SOURCE / "index.html.j2").is_file()
    assert config.VoilaConfiguration.allow_template_override == "NO"
    assert config.VoilaConfiguration.strip_sources is True
    assert "@voila-dashboards/widgets-manager8" in config.VoilaConfiguration.extension_allowlist
    # an export uploaded in "Your portfolio" is one websocket message: above tornado's 10 MiB
    assert config.Voila.tornado_settings["websocket_max_message_size"] >= 100 * 1024 * 1024


def test_voila_prelaunch_hook_asks_for_the_xsrf_cookie():
    read = []

    class Handler:
        @property
        def xsrf_token(self):
            read.append(True)
            return b"token"

    notebook = nbformat.v4.new_notebook()
    assert _voila_config().VoilaConfiguration.prelaunch_hook(Handler(), notebook, ".") is None
    assert read == [True]


@pytest.mark.parametrize("port", ["80000", "eighty", "0"])
def test_serve_apps_refuses_a_bad_port_naming_it(port, capsys):
    with pytest.raises(SystemExit):
        serve_apps.parse_args(["--port", port])
    err = capsys.readouterr().err
    assert "--port" in err and port in err


def test_serve_apps_refuses_a_port_in_use_and_says_what_to_do(capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert serve_apps.main(["--port", str(port), "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert f"Port {port} on 127.0.0.1 is in use" in err and f"--port {port + 1}" in err


def test_serve_apps_puts_the_template_and_font_awesome_in_the_data_folder(tmp_path):
    assert serve_apps.prepare_template(tmp_path) == []
    template = tmp_path / "voila" / "templates" / "kam-apps"
    assert (template / "index.html.j2").is_file() and (template / "page.html").is_file()
    assert (template / "static" / "kam-apps.css").is_file()
    fonts = template / "static" / "fontawesome"
    assert "Font Awesome Free 5" in (fonts / "css" / "all.min.css").read_text(encoding="utf-8")
    assert (fonts / "webfonts" / "fa-solid-900.woff2").is_file()
    assert (fonts / "LICENSE.txt").is_file()


@pytest.mark.parametrize("present", [[], ["css", "webfonts"]], ids=["missing", "incomplete"])
def test_serve_apps_says_how_to_get_font_awesome_when_it_is_missing(present, tmp_path, monkeypatch):
    source = tmp_path / "fontawesome-free"
    for part in present:  # e.g. while `npm ci` is still unpacking: no LICENSE.txt yet
        (source / part).mkdir(parents=True)
    monkeypatch.setattr(serve_apps, "FONT_AWESOME", source)
    (warning,) = serve_apps.prepare_template(tmp_path / "data")
    assert str(source) in warning and "npm ci" in warning
    template = tmp_path / "data" / "voila" / "templates" / "kam-apps"
    assert (template / "static" / "kam-apps.css").is_file()  # the apps still work
    assert not (template / "static" / "fontawesome").exists()


def test_the_polish_edition_serves_the_polish_apps_with_kamtools_in_polish(tmp_path, monkeypatch):
    monkeypatch.delenv("KAMTOOLS_LANG", raising=False)
    command = serve_apps.voila_command(8999, "pl")
    assert command[1:4] == ["-m", "voila", str(ROOT / "course" / "pl" / "apps")]
    assert serve_apps.voila_environment(tmp_path, "pl")["KAMTOOLS_LANG"] == "pl"
    assert "KAMTOOLS_LANG" not in serve_apps.voila_environment(tmp_path)
    assert serve_apps.parse_args(["--edition", "pl"]).edition == "pl"
    polish = serve_apps.app_notebooks("pl")
    assert [p.name for p in polish] == [p.name for p in serve_apps.app_notebooks()]
    assert all(p.is_file() for p in polish)  # every app has its Polish edition
    for path in polish:
        nb = nbformat.read(path, as_version=4)
        first_code = next(c for c in nb.cells if c.cell_type == "code")
        assert first_code.source.endswith('os.environ["KAMTOOLS_LANG"] = "pl"'), path.name
        english = _read(path.stem)
        assert [c.source for c in nb.cells if c.cell_type == "code"][1:] == [
            c.source for c in english.cells if c.cell_type == "code"
        ]


def test_serve_apps_puts_its_folder_first_and_keeps_quiz_answers_out_of_the_store(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("JUPYTER_PATH", "/somewhere")
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    env = serve_apps.voila_environment(tmp_path)
    assert env["JUPYTER_PATH"].split(":") == [str(tmp_path), "/somewhere"]
    assert env["KAMTOOLS_PROGRESS"] == "off"
    monkeypatch.setenv("KAMTOOLS_PROGRESS", "on")  # the facilitator wants them recorded
    assert serve_apps.voila_environment(tmp_path)["KAMTOOLS_PROGRESS"] == "on"


# -- what Voila serves -----------------------------------------------------------------------
# Addresses a page could make the browser fetch: src and href attributes and CSS url().
_FETCHED = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""")


def _external(html: str) -> list[str]:
    urls = [a or b for a, b in _FETCHED.findall(html)]
    return [u for u in urls if re.match(r"(https?:)?//", u)]


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    with running_voila(tmp_path_factory.mktemp("voila")) as server:
        print(f"\nserve_apps.py answered after {server.startup_seconds:.1f} s")
        yield server


@pytest.mark.slow
def test_voila_serves_the_app_folder_and_nothing_else(voila):
    status, body = voila.get("voila/api/contents")
    assert status == 200
    assert sorted(item["name"] for item in json.loads(body)["content"]) == sorted(
        f"{name}.ipynb" for name in [*APPS, "index"]
    )
    for path in [
        "voila/render/03_pareto_analysis.ipynb",  # a course module, one folder up
        "voila/render/..%2F03_pareto_analysis.ipynb",
        "voila/files/..%2Fmodules.yml",
        "voila/api/contents/..",
    ]:
        assert voila.get(path)[0] in (403, 404), path


def _processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that contain ``text`` (Linux /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            line = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # the process has gone meanwhile
            continue
        if text in line:
            found.append(line)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux /proc")
def test_serve_apps_stops_voila_and_its_kernels_and_cleans_up(tmp_path):
    with running_voila(tmp_path) as server:
        assert server.get("voila/render/roleplay.ipynb")[0] == 200  # starts a kernel
        assert _processes_mentioning(str(server.temp))  # the kernel's connection file
        assert [p.name[:9] for p in server.temp.iterdir()].count("kam-apps-") == 1
    assert _processes_mentioning(str(server.temp)) == []
    assert not [p for p in server.temp.iterdir() if p.name.startswith(("kam-apps-", "voila_"))]
    with pytest.raises(ProcessLookupError):
        os.kill(server.pid, 0)


@pytest.mark.slow
def test_an_app_page_sets_the_cookie_that_lets_it_shut_its_kernel_down(voila):
    status, headers, _ = voila.fetch("voila/render/index.ipynb")
    assert status == 200
    assert any(c.startswith("_xsrf=") for c in headers.get_all("Set-Cookie") or []), headers


@pytest.mark.slow
@pytest.mark.parametrize(
    "path", ["voila/render/index.ipynb", "voila/render/clv_calculator.ipynb", "", "nothere"]
)
def test_served_pages_fetch_nothing_from_the_internet(voila, path):
    """The landing page, an app, the file list and an error page: every style sheet,
    script and font they name is on 127.0.0.1 (Font Awesome included), and no code shows."""
    status, html = voila.get(path)
    assert status == (404 if path == "nothere" else 200)
    assert _external(html) == []
    # Voila strips the code: no code editor, and the widget's class name nowhere
    assert not re.search(r'class="[^"]*\bjp-InputArea-editor\b', html)
    assert "CLVCalculator" not in html
    links = re.findall(r'href="(/voila/templates/kam-apps/static/[^"]+\.css)[^"]*"', html)
    if status == 200:  # Voila's error pages come without style sheets
        assert any("fontawesome/css/all.min.css" in link for link in links), links
    for link in links:
        css_status, css = voila.get(link)
        assert css_status == 200, link
        assert _external(css) == [], link
