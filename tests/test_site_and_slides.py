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

import kamtools as kt
from kamtools.messages import t

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_course  # noqa: E402
import build_site  # noqa: E402
import build_slides  # noqa: E402
import projector  # noqa: E402

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


# -- projector decks (tools/projector.py) ----------------------------------------------------
def _widget_output():
    return nbformat.v4.new_output(
        "execute_result",
        data={projector.WIDGET_MIME: {"model_id": "m1", "version_major": 2}, "text/plain": "x"},
    )


def test_projector_deck_hides_code_and_moves_the_detail_into_the_notes():
    chart = nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "F"})
    report = nbformat.v4.new_output("stream", text="Top 20%: 74%\n" * 8)
    long_prose = " ".join(["The curve rises fast, and the first fifth of customers matters."] * 9)
    nb = _nb(
        md("# 03 · Pareto\n\nShort objective."),
        code("from kamtools import ____\nex = 1"),
        md("## The curve\n\n" + long_prose + "\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
        code("# NBVAL_CHECK_OUTPUT\nkt.plot_pareto(totals);", outputs=[chart]),
        code("# NBVAL_CHECK_OUTPUT\nprint(report)", outputs=[report]),
        code("x = 1"),  # nothing to show
        md("## Try it"),
        code('explorer = kt.ParetoExplorer("vistula")\nexplorer', outputs=[_widget_output()]),
        code('kt.DossierBuilder("x")', outputs=[_widget_output()]),
    )
    deck = projector.projector_notebook(nb, "03 · Pareto")
    kinds = [c.metadata["slideshow"]["slide_type"] for c in deck.cells]
    text = [c.source for c in deck.cells]

    assert all(c.source == "" for c in deck.cells if c.cell_type == "code")
    assert sum(c.cell_type == "code" for c in deck.cells) == 4  # the four with outputs
    assert not any(
        "NBVAL" in t or "kt." in t.replace("`make", "") for t in text if "still" not in t
    )
    # The long paragraph leaves its first sentence; it and the table go to the notes.
    curve = text.index("## The curve")
    assert text[curve + 1] == "The curve rises fast, and the first fifth of customers matters."
    assert (
        kinds[curve + 2] == "notes" and long_prose in text[curve + 2] and "| a |" in text[curve + 2]
    )
    # The chart, then the printed report: one visual per slide.
    assert kinds[curve + 3 : curve + 6] == ["-", "subslide", "-"]
    assert text[curve + 4] == "### The curve (continued)"
    # A tool with an app gets its address, one without names JupyterLab.
    captions = [t for t in text if t.startswith("*A still")]
    assert projector.app_url("pareto_explorer") in captions[0] and "make apps" in captions[0]
    assert "module 03 · Pareto in JupyterLab" in captions[1]
    assert nb.cells[3].source.startswith("# NBVAL")  # the course notebook is left as it was


def test_projector_deck_keeps_the_leads_of_a_long_list_and_drops_answer_hints():
    points = "\n".join(
        f"- **Point {n}.** " + "A detail the presenter tells. " * 8 for n in range(9)
    )
    question = nbformat.v4.new_output(
        "execute_result",
        data={"text/markdown": '**Q1** Which?\n\n- A) yes\n- B) no\n\nAnswer: `ex.q1.check("A")`.'},
    )
    long_table = nbformat.v4.new_output(
        "execute_result", data={"text/html": "<table>" + "<tr><td>1</td></tr>" * 30 + "</table>"}
    )
    nb = _nb(
        md("## Key points\n\n" + points),
        code("ex.q1", outputs=[question]),
        code("table", outputs=[long_table]),
    )
    deck = projector.projector_notebook(nb, "01 · Why")
    kinds = [c.metadata["slideshow"]["slide_type"] for c in deck.cells]
    text = [c.source for c in deck.cells]
    shown = text[1].splitlines()
    assert shown == [f"- **Point {n}.**" for n in range(len(shown))] and 3 <= len(shown) <= 6
    assert kinds[2] == "notes" and " ".join(points.split()) == " ".join(text[2].split())
    q = deck.cells[kinds.index("subslide") + 1]
    assert q.outputs[0]["data"]["text/markdown"] == "**Q1** Which?\n\n- A) yes\n- B) no"
    assert kinds[-2:] == ["-", "notes"] and "speaker notes" in text[-2]  # the long table


def test_text_lines_count_wrapped_lines_of_what_the_reader_sees():
    assert projector.text_lines("**Short** line") == 1
    assert projector.text_lines("x" * (projector.CHARS_PER_LINE + 1)) == 2
    assert projector.text_lines("- [a link](https://example.org/very/long/address)\n- b") == 2
    assert projector.blocks("a\n\n```\nx\n\ny\n```\n\nb") == ["a", "```\nx\n\ny\n```", "b"]


def test_the_guide_gives_a_welcome_deck_per_agenda_and_a_deck_per_activity():
    guide = projector.GUIDE.read_text(encoding="utf-8")
    decks = projector.guide_decks()
    agendas, activities = projector.agendas(guide), projector.activities(guide)
    assert {a.name for a in agendas} == {"Half-day", "Full-day"}
    assert set(decks) == {"welcome_half_day", "welcome_full_day"} | {
        f"activity_{a.letter.lower()}" for a in activities
    }
    for agenda in agendas:
        nb = decks["welcome_" + agenda.name.lower().replace("-", "_")][1]
        shown = "\n".join(c.source for c in nb.cells if c.metadata.slideshow.slide_type != "notes")
        for row in agenda.rows:  # every block on a slide, with its clock time
            assert f"| {row['Start']}-{row['End']} | {row['Block']} |" in shown
    for activity in activities:
        nb = decks[f"activity_{activity.letter.lower()}"][1]
        headlines = [c.source.split("\n")[0] for c in nb.cells]
        assert [f"## {s['Step']}" for s in activity.steps] == [
            h for h in headlines if re.match(r"## \d+\. ", h)
        ]
    a = decks["activity_a"][1]
    flipchart = next(c.source for c in a.cells if c.source.startswith("## On the flipchart"))
    assert flipchart.splitlines()[2] == (
        "| Team | Top-20% share | Customers for 80% | Largest customer's share | Gini "
        "| One sentence |"
    )
    assert any(c.source.startswith("## Discuss in your team\n\n1. ") for c in a.cells)


def test_the_polish_guide_gives_the_same_decks_in_polish():
    english = projector.guide_decks()
    path = build_course.COURSE / "pl" / "FACILITATOR_GUIDE.md"
    polish = projector.guide_decks(path, "pl")
    assert set(polish) == set(english)  # the same file names in both editions
    words = projector.GUIDE_WORDS["pl"]
    for agenda in projector.agendas(path.read_text(encoding="utf-8"), words):
        name = "welcome_" + words.agenda_slugs[agenda.name]
        nb = polish[name][1]
        assert len(nb.cells) == len(english[name][1].cells)
        shown = "\n".join(c.source for c in nb.cells if c.metadata.slideshow.slide_type != "notes")
        assert shown.startswith("# Witamy w KAM Academy")
        for row in agenda.rows:
            assert f"| {row['Początek']}-{row['Koniec']} | {row['Blok']} |" in shown
    a = polish["activity_a"][1]
    flipchart = next(c.source for c in a.cells if c.source.startswith("## Na flipcharcie"))
    assert flipchart.splitlines()[2].startswith("| Zespół | Udział 20% największych |")
    assert any(c.source.startswith("## Omówcie w zespole\n\n1. ") for c in a.cells)
    assert not [c for d in polish.values() for c in d[1].cells if "Team " in c.source]


def test_a_guide_without_agendas_or_activities_is_refused(tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text("# A guide\n\n## 2. Agendas\n\nNone yet.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no agenda"):
        projector.guide_decks(guide)


def test_linked_course_documents_are_copied_beside_the_page(tmp_path):
    html = '<a href="SETUP.md">setup</a> <a href="./NOPE.md">none</a> <a href="x.ipynb">nb</a>'
    copied = build_site.copy_linked_documents(html, tmp_path / "site")
    assert copied == [tmp_path / "site" / "SETUP.md"]
    assert copied[0].read_bytes() == (build_site.COURSE / "SETUP.md").read_bytes()


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

    def __init__(self, browser: Any, width: int = 1400, height: int = 1000) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
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


def _deck_names() -> list[str]:
    """Every deck of `make slides`: the workshop day's (from the guide), then the modules."""
    return [f"{name}.slides.html" for name in projector.guide_decks()] + [
        f"{m}.slides.html" for m in _module_names()
    ]


def _deck_notebook(built, name: str):
    """The notebook a deck was exported from, as the build made it."""
    stem = name.removesuffix(".slides.html")
    workshop = projector.guide_decks()
    if stem in workshop:
        return workshop[stem][1]
    executed = nbformat.read(built["out"] / "executed" / f"{stem}.ipynb", as_version=4)
    return projector.projector_notebook(build_site.deck_safe(executed), stem)


@pytest.mark.slow
def test_every_deck_initialises_offline_with_its_slides(built, tab):
    decks = {p.name: p for p in built["slides"]}
    assert set(decks) == {"index.html", *_deck_names()}
    assert len(_deck_names()) >= len(_module_names()) + 2 + 3  # two agendas, activities A-C
    for name in _deck_names():
        nb = _deck_notebook(built, name)
        kinds = collections.Counter(c.metadata["slideshow"]["slide_type"] for c in nb.cells)
        page = tab.open(decks[name])
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        state = page.evaluate(
            """() => ({
                total: Reveal.getTotalSlides(),
                sections: document.querySelectorAll('.reveal .slides section').length,
                notes: document.querySelectorAll('.reveal aside.notes').length,
                widgets: document.querySelectorAll('.jupyter-widgets .widget-subarea').length,
                views: document.querySelectorAll(
                    'script[type="application/vnd.jupyter.widget-view+json"]').length,
            })"""
        )
        # One horizontal slide per "slide", one vertical per "slide" and "subslide".
        assert state["total"] == kinds["slide"] + kinds["subslide"] > 3, (name, state)
        assert state["sections"] == 2 * kinds["slide"] + kinds["subslide"], (name, state)
        assert state["notes"] == kinds["notes"], (name, state)
        assert state["widgets"] == state["views"], (name, state)
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => Reveal.getIndices().h === 1")
    tab.assert_offline_and_clean()


#: Every slide is walked at a projector's 1280×720; one that is still too tall after the
#: projector layout is zoomed down by the deck, never by more than this.
MIN_ZOOM = 0.8

_WALK = """() => {
  const height = Reveal.getConfig().height, found = [];
  Reveal.configure({transition: 'none', backgroundTransition: 'none'});  // measure at rest
  for (const slide of Reveal.getSlides()) {
    const at = Reveal.getIndices(slide);
    Reveal.slide(at.h, at.v);
    window.kamFitSlide(slide);  // what the deck does on 'slidechanged', done now
    const shown = slide.cloneNode(true);
    shown.querySelectorAll('aside.notes').forEach(n => n.remove());
    const code = [...slide.querySelectorAll(
        '.jp-CodeCell .jp-InputArea, .jp-Editor, .jp-InputPrompt, .highlight, '
        + '.jp-MarkdownCell pre, .jp-MarkdownCell code.hljs')]
      .filter(e => !e.closest('aside.notes'));
    found.push({
      at: `${at.h}/${at.v}`,
      headline: ((slide.querySelector('h1, h2, h3') || {}).textContent || '').trim(),
      height: slide.getBoundingClientRect().height / Reveal.getScale(),
      bottom: (slide.getBoundingClientRect().bottom
               - document.querySelector('.reveal .slides').getBoundingClientRect().top)
              / Reveal.getScale(),
      zoom: slide.dataset.kamZoom ? Number(slide.dataset.kamZoom) : 1,
      hidden: slide.scrollHeight - slide.clientHeight,  // > 0: it scrolls, or cuts content
      code: code.map(e => e.className || e.tagName),
      text: shown.textContent,
    });
  }
  return {width: Reveal.getConfig().width, height, slides: found};
}"""


@pytest.mark.slow
def test_every_slide_fits_a_1280x720_screen_with_no_code_and_no_test_marker(built, chromium):
    tab = OfflinePage(chromium, width=1280, height=720)
    sources = "\n".join(
        c.source
        for m in _module_names()
        for c in nbformat.read(build_course.COURSE / f"{m}.ipynb", 4).cells
        if c.cell_type == "code"
    )
    # Lines of the modules' code that could only appear on a slide if code were shown.
    code_lines = {
        line.strip()
        for line in sources.splitlines()
        if re.search(r"kt\.\w+\(|^\s*(import|from) \w+|= ____", line) and len(line.strip()) > 12
    }
    try:
        total, zoomed = 0, []
        for name in _deck_names():
            page = tab.open(built["out"] / "slides" / name)
            page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
            deck = page.evaluate(_WALK)
            page.evaluate("async () => { await document.fonts.ready; }")  # before leaving
            assert (deck["width"], deck["height"]) == (1280, 720), name
            for slide in deck["slides"]:
                where = f"{name} slide {slide['at']} ({slide['headline']!r})"
                assert slide["height"] <= 720.5 and slide["bottom"] <= 720.5, (where, slide)
                assert slide["hidden"] <= 1, f"{where} scrolls: {slide['hidden']} px hidden"
                assert slide["zoom"] >= MIN_ZOOM, f"{where}: zoomed to {slide['zoom']}"
                assert slide["code"] == [], f"{where} shows code: {slide['code']}"
                assert "NBVAL" not in slide["text"], f"{where} shows a test marker"
                leaked = [line for line in code_lines if line in slide["text"]]
                assert leaked == [], f"{where} shows code: {leaked[:3]}"
                zoomed += [slide["zoom"]] if slide["zoom"] < 1 else []
            total += len(deck["slides"])
        print(
            f"\n{total} slides in {len(_deck_names())} decks, {len(zoomed)} zoomed to fit "
            f"(smallest {min(zoomed, default=1):.2f})"
        )
        assert total > 150
        tab.assert_offline_and_clean()
    finally:
        tab.close()


@pytest.mark.slow
def test_an_interactive_tool_is_a_still_with_the_address_of_its_live_app(built, tab):
    page = tab.open(built["out"] / "slides" / "03_pareto_analysis.slides.html")
    widget = page.locator(".jupyter-widgets.jp-OutputArea-output").first
    assert widget.locator(".widget-subarea").count() == 1  # drawn from the stored state
    caption = widget.locator(
        "xpath=ancestor::div[contains(@class,'jp-Cell')]/following-sibling::div[1]"
    )
    link = caption.locator("a")
    assert link.get_attribute("href") == projector.app_url("pareto_explorer")
    assert "make apps" in caption.inner_text()
    assert page.locator(".kam-widget-note").count() == 0  # the site's banner is not on slides
    tab.assert_offline_and_clean()


@pytest.mark.slow
def test_slide_index_links_every_deck(built):
    index = built["out"] / "slides" / "index.html"
    links = _local_links(index.read_text(encoding="utf-8"))
    assert set(_deck_names()) <= set(links)  # the workshop day's decks and the modules'
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


# -- the Polish edition (build/pl/site) ---------------------------------------------------
#: The Polish pages built here (each one runs its notebook again; the Polish notebooks run
#: under nbval anyway): the start page, a module with a tool, and the pages without code.
POLISH_PAGES = {"00_start_here", "03_pareto_analysis", "glossary", "references"}


@pytest.fixture(scope="module")
def built_pl(built) -> dict[str, Any]:
    """Polish pages, built beside the English edition: links to a Polish page not built here
    go to its English page, as they do for a module not yet translated."""
    start = time.perf_counter()
    site = build_site.build_site(built["out"], log=lambda _: None, language="pl", only=POLISH_PAGES)
    print(f"\nbuild: Polish site {time.perf_counter() - start:.1f} s")
    return {"out": built["out"], "site": site}


@pytest.mark.slow
def test_the_polish_site_pages_are_in_polish_and_every_link_resolves(built_pl, tab):
    site = built_pl["out"] / "pl" / "site"
    assert all((build_course.COURSE / "pl" / f"{n}.ipynb").exists() for n in POLISH_PAGES)
    assert {p.name for p in built_pl["site"]} == {f"{n}.html" for n in POLISH_PAGES} | {
        "index.html"
    }
    page = tab.open(site / "index.html")
    assert page.get_by_role("heading", name="Mapa kursu").is_visible()
    assert page.get_by_role("link", name="Słowniczek").first.is_visible()
    tab.assert_offline_and_clean()
    for html in built_pl["site"]:
        assert _assert_links_resolve(html) > 0, f"{html.name} has no links"
    start = (site / "00_start_here.html").read_text(encoding="utf-8")
    assert "Witamy w KAM Academy" in start and "Welcome to KAM Academy" not in start


@pytest.mark.slow
def test_a_polish_module_page_shows_its_tool_in_polish(built_pl, tab):
    page = tab.open(built_pl["out"] / "pl" / "site" / "03_pareto_analysis.html")
    widget = page.locator(".jupyter-widgets.jp-OutputArea-output").first
    drawn = widget.locator(".widget-subarea")
    kt.set_language("pl")
    try:
        title = t("pareto_explorer.title")
    finally:
        kt.set_language(None)
    assert drawn.get_by_text(title).is_visible()
    tab.assert_offline_and_clean()
