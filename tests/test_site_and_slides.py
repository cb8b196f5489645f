"""The offline editions of the course: slide metadata (tools/build_slides.py), and the
reveal.js decks and the static site (tools/build_site.py) opened in a real browser from
disk, with every request that would leave the machine aborted and recorded."""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from _chromium import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_course  # noqa: E402
import build_site  # noqa: E402
import build_slides  # noqa: E402

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # reported by the `browser` fixture
    sync_playwright = None


# -- slide metadata ----------------------------------------------------------------------
def test_slide_metadata_of_the_course_is_up_to_date():
    assert build_slides.build(check=True) == [], "run `python tools/build_slides.py --write`"


def test_check_command_exits_0_on_the_course():
    result = subprocess.run(
        [sys.executable, "tools/build_slides.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell


def test_rules_give_each_kind_of_cell_its_slide_type():
    cells = [
        md("[Contents](00_start.ipynb)", metadata={"tags": ["nav-top"]}),
        md("# 01 · Title\n\nObjectives"),
        code("# Setup\nimport kamtools as kt\nfrom kamtools import ____  # blank\nex = 1"),
        md("## A section"),
        code("kt.plot_pareto(x);"),
        md("What to notice: the curve rises fast."),
        md("### A sub-section"),
        code("x = 1"),
        md("Long explanation. " * 100),
        md("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 200),
        md("## Check yourself"),
        code("ex.q1"),
        code("answer = ____  # a number\nex.q1.check(answer)"),
        md("Question 2 uses the chart above."),
        code("ex.q2"),
        code("answer = ____\nex.q2.check(answer)"),
        code("ex.q3"),
        md("## Analyst challenge (optional)\n\nFor those who enjoy data."),
        md("**Challenge 1.**"),
        code("ex.q4"),
        md("## Key points"),
        md("[Contents](00_start.ipynb)", metadata={"tags": ["nav-bottom"]}),
    ]
    assert build_slides.slide_types(cells) == [
        "skip",  # navigation
        "slide",  # # heading
        "skip",  # setup cell
        "slide",  # ## heading
        "-",  # code continues the slide
        "fragment",  # the reading of an output appears on the next click
        "subslide",  # ### heading
        "-",
        "notes",  # a wall of prose
        "-",  # a long table stays on the slide
        "slide",
        "-",  # a question right after its heading stays on that slide
        "skip",  # the learner's answer cell
        "subslide",  # the text introducing question 2 opens its sub-slide ...
        "-",  # ... and the question follows it
        "skip",
        "subslide",  # a question on its own
        "slide",  # the optional section's heading stays ...
        "skip",  # ... its content does not
        "skip",
        "slide",  # a new section ends the optional one
        "skip",
    ]


def test_write_changes_only_the_slide_metadata_and_check_then_passes(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    nb = _nb(
        md("# 01 · A module", metadata={"tags": ["keep-me"]}),
        code("x = 1", metadata={"slideshow": {"slide_type": "-"}, "nbgrader": {"locked": True}}),
        md("Reading: x is one."),
    )
    nb.cells[2].metadata["slideshow"] = {"slide_type": "slide"}  # wrong by the rules
    path = course / "01_module.ipynb"
    nbformat.write(nb, path)
    (course / "glossary.ipynb").write_text(nbformat.writes(_nb(md("# Glossary"))) + "\n")
    glossary_before = (course / "glossary.ipynb").read_bytes()

    assert build_slides.build(course, check=True) == ["course/01_module.ipynb"]
    assert build_slides.build(course) == ["course/01_module.ipynb"]
    assert build_slides.build(course, check=True) == []

    after = nbformat.read(path, as_version=4)
    assert [c.metadata for c in after.cells] == [
        {"slideshow": {"slide_type": "slide"}, "tags": ["keep-me"]},
        {"nbgrader": {"locked": True}},  # "-" is written as no slideshow metadata
        {"slideshow": {"slide_type": "fragment"}},
    ]
    assert [c.id for c in after.cells] == [c.id for c in nb.cells]
    assert [c.source for c in after.cells] == [c.source for c in nb.cells]
    assert path.read_text(encoding="utf-8") == nbformat.writes(after) + "\n"  # nbformat's layout
    assert (course / "glossary.ipynb").read_bytes() == glossary_before  # not a module


def test_navigation_check_still_passes_with_slide_metadata():
    """build_course keeps cell metadata: its check agrees with the committed notebooks."""
    assert build_course.build(check=True) == []


# -- build helpers -----------------------------------------------------------------------
def test_links_to_course_notebooks_point_at_the_built_pages():
    html = (
        '<a href="01_why.ipynb">01</a> <a href="00_start.ipynb#The-course-map">map</a> '
        '<a href="https://example.org/x.ipynb">web</a> <a href="other.ipynb">other</a>'
    )
    targets = {"01_why": "01_why.html", "00_start": "00_start.html"}
    assert build_site._rewrite_links(html, targets) == (
        '<a href="01_why.html">01</a> <a href="00_start.html#The-course-map">map</a> '
        '<a href="https://example.org/x.ipynb">web</a> <a href="other.ipynb">other</a>'
    )


def test_decks_get_no_section_tags_from_outputs_or_widget_state():
    """reveal.js would take a <section> in an output for a slide of its own."""
    nb = _nb(md("<section>as written</section>"), code("kt.dossier_html({})"))
    nb.cells[1].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/html": '<section class="a">x</section >'}
        )
    ]
    state = {"state": {"m1": {"state": {"value": "<div><section>y</section></div>"}}}}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": state}

    safe = build_site.deck_safe(nb)

    assert safe.cells[1].outputs[0]["data"]["text/html"] == '<div data-section="" class="a">x</div>'
    value = safe.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]["m1"]
    assert value["state"]["value"] == '<div><div data-section="">y</div></div>'
    assert safe.cells[0].source == "<section>as written</section>"
    assert "<section" in nb.cells[1].outputs[0]["data"]["text/html"]  # the original is kept


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js">',
        '<link rel="stylesheet" href="//unpkg.com/reveal.js@4.0.2/dist/reveal.css">',
    ],
)
def test_a_page_that_would_load_from_the_internet_is_refused(tag):
    with pytest.raises(build_site.BuildError, match="loads a file from the internet"):
        build_site._check_offline(f"<html>{tag}</html>", "01 · Test")


def test_missing_front_end_files_name_the_make_target(tmp_path):
    with pytest.raises(build_site.BuildError, match=r"requirejs/require\.js.*make node_modules"):
        build_site.copy_assets("site", tmp_path / "out", node_modules=tmp_path / "empty")


@pytest.mark.slow
def test_a_notebook_runs_again_only_when_its_source_or_code_is_newer(tmp_path):
    source = tmp_path / "course" / "01_x.ipynb"
    source.parent.mkdir()
    nbformat.write(_nb(code("import os\nprint(os.path.basename(os.getcwd()))")), source)
    library = tmp_path / "kamtools"
    library.mkdir()
    (library / "x.py").write_text("X = 1\n")
    target = tmp_path / "executed" / "01_x.ipynb"

    def run():
        return build_site.execute(source, target, inputs=[library])

    path, seconds = run()
    assert path == target and seconds is not None
    assert nbformat.read(target, as_version=4).cells[0].outputs[0]["text"] == "course\n"
    assert run() == (target, None)  # reused

    for changed in (source, library / "x.py"):
        past = time.time() - 100
        for path, when in ((source, past), (library / "x.py", past), (target, past + 10)):
            os.utime(path, (when, when))
        assert run() == (target, None)  # the last run is newer than everything
        os.utime(changed, (past + 20, past + 20))
        assert run()[1] is not None, f"{changed.name} changed: the notebook must run again"
        assert run() == (target, None)


# -- the real build, in a browser ----------------------------------------------------------
def _unavailable(reason: str) -> None:
    """Skip (on a developer's machine) or fail (in CI, which must run these)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run this test: see .ci/run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Any]:
    """Both editions built for real into a temporary folder, with their build times."""
    missing = [
        p
        for p in ("requirejs/require.js", "reveal.js/dist/reveal.js", "mathjax/es5")
        if not (build_site.NODE_MODULES / p).exists()
    ]
    if missing:
        _unavailable(f"node_modules lacks {missing}: run `make node_modules/.installed`")
    out = tmp_path_factory.mktemp("build")
    start = time.perf_counter()
    slides = build_site.build_slides(out, log=lambda _: None)
    middle = time.perf_counter()
    site = build_site.build_site(out, log=lambda _: None)
    end = time.perf_counter()
    print(f"\nbuild: slides {middle - start:.1f} s (runs the notebooks), site {end - middle:.1f} s")
    return {"out": out, "slides": slides, "site": site}


@pytest.fixture(scope="module")
def chromium(tmp_path_factory, playwright_session) -> Any:
    executable = os.environ.get("KAMTOOLS_CHROMIUM") or shutil.which("chromium")
    if not executable:
        _unavailable("Chromium is not installed: `apt-get install chromium`")
    if sync_playwright is None:
        _unavailable("Playwright is not installed: `pip install -e '.[test]'`")
    tmp = tmp_path_factory.mktemp("chromium")
    browser = playwright_session.chromium.launch(
        executable_path=str(executable),
        headless=True,
        args=CHROMIUM_ARGS,
        env={**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp / "config")},
    )
    try:
        yield browser
    finally:
        browser.close()


class OfflinePage:
    """A tab that lets only file: and data: requests through; it records the others and
    every console error or uncaught exception."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on(
            "console",
            lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        # Widgets are drawn after load; wait until every stored view has its DOM.
        self.page.wait_for_function(
            """() => document.querySelectorAll(
                   'script[type="application/vnd.jupyter.widget-view+json"]').length
                 <= document.querySelectorAll('.jupyter-widgets .widget-subarea').length""",
            timeout=60_000,
        )
        self.page.evaluate(
            "async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }"
        )
        self.page.wait_for_timeout(300)  # late console errors
        return self.page

    def assert_offline_and_clean(self) -> None:
        assert self.blocked == [], f"requests that would leave the machine: {self.blocked}"
        assert self.errors == [], "\n".join(self.errors)

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def tab(chromium):
    page = OfflinePage(chromium)
    yield page
    page.close()


def _module_names() -> list[str]:
    return [
        Path(m["file"]).stem
        for m in build_course.load_modules()
        if (build_course.COURSE / m["file"]).exists()
    ]


def _local_links(html: str) -> list[str]:
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"]+)"', html)
    return [h for h in hrefs if not re.match(r"^(https?:|mailto:|#)", h)]


def _assert_links_resolve(page: Path) -> int:
    """Every local link of ``page`` names an existing file (and anchor); how many."""
    links = _local_links(page.read_text(encoding="utf-8"))
    for link in links:
        name, _, anchor = link.partition("#")
        target = (page.parent / name).resolve()
        assert target.is_file(), f"{page.name} links to {link}: no such file"
        if anchor:
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), (
                f"{page.name} links to {link}: no such anchor"
            )
    return len(links)


@pytest.mark.slow
def test_every_deck_initialises_offline_with_its_slides(built, tab):
    decks = {p.name: p for p in built["slides"]}
    assert set(decks) == {"index.html"} | {f"{m}.slides.html" for m in _module_names()}
    for name in _module_names():
        source = nbformat.read(build_course.COURSE / f"{name}.ipynb", as_version=4)
        kinds = collections.Counter(build_slides.slide_types(source.cells))
        page = tab.open(decks[f"{name}.slides.html"])
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        state = page.evaluate(
            """() => ({
                total: Reveal.getTotalSlides(),
                sections: document.querySelectorAll('.reveal .slides section').length,
                notes: document.querySelectorAll('.reveal aside.notes').length,
                fragments: document.querySelectorAll('.reveal .fragment').length,
                widgets: document.querySelectorAll('.jupyter-widgets .widget-subarea').length,
                views: document.querySelectorAll(
                    'script[type="application/vnd.jupyter.widget-view+json"]').length,
            })"""
        )
        # One horizontal slide per "slide", one vertical per "slide" and "subslide".
        assert state["total"] == kinds["slide"] + kinds["subslide"] > 3, (name, state)
        assert state["sections"] == 2 * kinds["slide"] + kinds["subslide"], (name, state)
        assert state["notes"] == kinds["notes"], (name, state)
        assert state["fragments"] == kinds["fragment"], (name, state)
        assert state["widgets"] == state["views"], (name, state)
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => Reveal.getIndices().h === 1")
    tab.assert_offline_and_clean()


@pytest.mark.slow
def test_slide_index_links_every_deck(built):
    index = built["out"] / "slides" / "index.html"
    links = _local_links(index.read_text(encoding="utf-8"))
    assert {f"{m}.slides.html" for m in _module_names()} <= set(links)
    for deck in built["slides"]:
        _assert_links_resolve(deck)  # decks point at decks, and at the site's glossary


@pytest.mark.slow
def test_site_index_links_every_page_and_every_link_resolves(built, tab):
    site = built["out"] / "site"
    page = tab.open(site / "index.html")
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    expected = {f"{m}.html" for m in _module_names()} | {"glossary.html", "references.html"}
    assert expected <= set(hrefs)
    assert page.get_by_role("heading", name="The course map").is_visible()
    tab.assert_offline_and_clean()
    assert {p.name for p in built["site"]} == expected | {"index.html"}
    for html in built["site"]:
        assert _assert_links_resolve(html) > 0, f"{html.name} has no links"


@pytest.mark.slow
def test_every_site_page_opens_offline_without_errors(built, tab):
    for html in built["site"]:
        page = tab.open(html)
        assert "Error displaying widget" not in page.inner_text("body"), html.name
        assert page.locator(".jp-Cell").count() > 0, html.name
    tab.assert_offline_and_clean()


@pytest.mark.slow
def test_module_page_shows_its_plots_and_draws_its_widget(built, tab):
    executed = nbformat.read(built["out"] / "executed" / "03_pareto_analysis.ipynb", 4)
    plots = sum(
        "image/png" in output.get("data", {})
        for cell in executed.cells
        for output in cell.get("outputs", [])
    )
    assert plots >= 3  # Pareto curve, Lorenz curve, Vistula's Pareto curve

    page = tab.open(built["out"] / "site" / "03_pareto_analysis.html")
    widths = page.evaluate(
        """() => [...document.querySelectorAll("img[src^='data:image/png']")]
                 .filter(img => !img.closest('.jupyter-widgets')).map(img => img.naturalWidth)"""
    )
    assert len(widths) == plots and min(widths) > 100, widths  # drawn, not broken

    widget = page.locator(".jupyter-widgets.jp-OutputArea-output").first
    assert widget.locator(".kam-widget-note").inner_text().startswith("Interactive tool")
    drawn = widget.locator(".widget-subarea")  # made by the html-manager, not in the file
    assert "widget-subarea" not in (built["out"] / "site" / "03_pareto_analysis.html").read_text()
    assert drawn.get_by_text("Pareto explorer: how concentrated are your customers?").is_visible()
    assert drawn.locator(".widget-slider, .widget-hslider").count() >= 1
    assert drawn.locator("select").count() >= 1
    chart = drawn.locator("img[src^='data:image/png']")  # the explorer's own chart
    assert chart.count() >= 1 and chart.first.evaluate("img => img.naturalWidth > 100")
    tab.assert_offline_and_clean()
