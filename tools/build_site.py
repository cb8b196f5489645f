"""Build the offline editions of the course: reveal.js slide decks and a static HTML site.

Both start from the same executed notebooks: every course notebook with code is run once,
top to bottom in a fresh kernel (working folder ``course/``, widget state stored), into
``build/executed/``, and run again only when its source is newer (or with ``--force``).

- ``slides``: ``build/slides/<module>.slides.html``, one reveal.js deck per module made for a
  1280×720 projector (``tools/projector.py``: the slide structure of
  ``tools/build_slides.py``, no code in view, at most ~6 lines or one visual per slide, the
  detail in the speaker notes, interactive tools as a still with the address of their
  ``make apps`` app); the welcome/agenda decks ``welcome_<format>.slides.html`` and the
  activity decks ``activity_<letter>.slides.html``, generated from the facilitator guide;
  and ``build/slides/index.html``;
- ``site``: ``build/site/index.html`` (the course map) and one page per module, the
  glossary and the references, linked to each other. Charts are images in the page, the
  interactive tools are drawn from their stored state, with a note that they are live only
  in JupyterLab.

Everything a page loads (reveal.js, require.js, jQuery, MathJax, the widget renderer) is
copied from ``node_modules/`` (``make node_modules/.installed``) into ``assets/`` beside the
pages and referenced by relative URLs: the pages open from disk (``file://``), with no
server and no internet.

Usage::

    python tools/build_site.py slides [--out build] [--force]
    python tools/build_site.py site   [--out build] [--force]
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter, SlidesExporter

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
NODE_MODULES = ROOT / "node_modules"
BUILD = ROOT / "build"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_course import POLISH_LINK, load_modules, render_map  # noqa: E402
from projector import guide_decks, projector_notebook, strip_markers  # noqa: E402

#: Seconds one cell may run before the build gives up on the notebook.
CELL_TIMEOUT = 300
#: Pages beside the modules in the site edition (they hold no code).
EXTRA_PAGES = ("glossary", "references")
SITE_TITLE = "KAM Academy"

#: Files copied from node_modules/ into assets/, at the same relative path, per edition.
#: "*.ext" picks files in a folder; "source => folder" copies to another folder of assets/.
_WIDGET_FONTS = tuple(
    f"@jupyter-widgets/html-manager/dist/*.{ext}" for ext in ("woff2", "woff", "ttf", "eot", "svg")
)
_COMMON_ASSETS = (
    "requirejs/require.js",
    "mathjax/es5/tex-svg-full.js",
    "mathjax/LICENSE",
    "@jupyter-widgets/html-manager/dist/embed-amd.js",
    *_WIDGET_FONTS,
    # The widget controls module asks for the same icon fonts one folder up.
    *(f"{fonts} => @jupyter-widgets" for fonts in _WIDGET_FONTS),
)
ASSETS = {
    "site": _COMMON_ASSETS,
    "slides": _COMMON_ASSETS
    + (
        "jquery/dist/jquery.min.js",
        "jquery/LICENSE.txt",
        "reveal.js/dist/reveal.css",
        "reveal.js/dist/reveal.js",
        "reveal.js/dist/theme/white.css",
        "reveal.js/dist/theme/fonts/source-sans-pro/*",
        "reveal.js/plugin/notes/notes.js",
        "reveal.js/LICENSE",
    ),
}
#: The exporters' URLs, relative to the pages (assets/ sits beside them).
URLS = {
    "require_js_url": "assets/requirejs/require.js",
    "jquery_url": "assets/jquery/dist/jquery.min.js",
    "mathjax_url": "assets/mathjax/es5/tex-svg-full.js",
    "widget_renderer_url": "assets/@jupyter-widgets/html-manager/dist/embed-amd.js",
    # No mermaid diagrams in the course: nothing may point at a CDN.
    "mermaid_js_url": "",
    "mermaid_layout_elk_js_url": "",
    "jupyter_widgets_base_url": "assets/",
}
REVEAL_URL_PREFIX = "assets/reveal.js"

WIDGET_NOTE = (
    "Interactive tool, shown as it first opens. It works live in JupyterLab: open this "
    "module there (<code>make lab</code>) to move the sliders, click the buttons and see "
    "the numbers change."
)

_CSS = """
<style type="text/css">
.kam-widget-note {
  margin: 0 0 0.5em 0; padding: 0.4em 0.8em; border-left: 4px solid #f0ad4e;
  background: #fff8e6; color: #5a4500; font-family: var(--jp-ui-font-family);
  font-size: calc(var(--jp-ui-font-size1, 14px) * 0.9); line-height: 1.4;
}
.kam-sitebar {
  margin: 0 0 0.5em 0; padding: 0.6em 0 0.6em calc(var(--jp-cell-prompt-width, 64px) + 22px);
  border-bottom: 1px solid #ddd; font-family: var(--jp-ui-font-family); font-size: 0.95em;
}
.kam-sitebar a { margin-right: 1.2em; }
</style>
"""

# MathJax 3 (TeX in, SVG out: no web fonts to load), set up like JupyterLab's $...$ / $$...$$.
_MATHJAX = """
<script>
window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
        processEscapes: true, processEnvironments: true},
  options: {enableMenu: false},
  svg: {fontCache: 'global'}
};
</script>
<script src="{{ resources.mathjax_url }}"></script>
<script>
// The widget renderer still calls MathJax 2 (MathJax.Hub.Queue): hand its work to MathJax 3.
window.MathJax.Hub = {Queue: function () {
  var elements = [].slice.call(arguments).filter(function (job) {
    return Array.isArray(job) && job[0] === 'Typeset' && job[2];
  }).map(function (job) { return job[2]; });
  MathJax.startup.promise = MathJax.startup.promise.then(function () {
    return MathJax.typesetPromise(elements.length ? elements : undefined);
  });
}};
</script>
"""

_WIDGET_VIEW_SLIDES = """
{%- block data_widget_view scoped %}
{% set div_id = uuid4() %}
{% set datatype = (output.data | filter_data_type)[0] %}
<div id="{{ div_id }}" class="jupyter-widgets jp-OutputArea-output {{ extra_class }}">
<script type="{{ datatype }}">
{{ output.data[datatype] | json_dumps | escape_html_script }}
</script>
</div>
{%- endblock data_widget_view -%}
"""

#: The projector's slide: 16:9, type sizes readable from the back of a room, no prompts.
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
_PROJECTOR_CSS = """
<style type="text/css">
:root {
  --jp-ui-font-size1: 20px; --jp-content-font-size1: 26px; --jp-code-font-size: 18px;
  --jp-cell-prompt-width: 0px;
}
.reveal .jp-RenderedHTMLCommon { font-size: 26px; line-height: 1.35; padding-right: 0; }
.reveal .jp-RenderedHTMLCommon h1 { font-size: 46px; margin-bottom: 0.3em; }
.reveal .jp-RenderedHTMLCommon h2 { font-size: 40px; margin-bottom: 0.3em; }
.reveal .jp-RenderedHTMLCommon h3 { font-size: 34px; margin-bottom: 0.3em; }
.reveal .jp-RenderedHTMLCommon table { font-size: 22px; }
.reveal .jp-InputPrompt, .reveal .jp-OutputPrompt { display: none; }
.reveal .jp-Cell { padding: 2px 0; }
.reveal .jp-OutputArea-output img { max-height: 540px; width: auto; max-width: 100%; }
.reveal .jp-OutputArea-output pre { font-size: 18px; line-height: 1.3; white-space: pre-wrap; }
.reveal .slides section { padding: 0 8px; box-sizing: border-box; }
/* An interactive tool is a still in a frame of fixed height, at a readable size; the line
   under it names the live app (tools/projector.py). */
.reveal .jupyter-widgets.jp-OutputArea-output {
  --jp-widgets-font-size: 17px; --jp-widgets-inline-height: 30px;
  display: block !important; max-height: 540px !important; min-height: 0 !important;
  overflow: hidden !important;
  position: relative; border: 1px solid #ccc; border-radius: 4px; padding: 6px;
}
.reveal .jupyter-widgets.jp-OutputArea-output > .widget-subarea {
  max-height: 528px; min-height: 0; overflow: hidden;
}
.reveal .jupyter-widgets.jp-OutputArea-output::after {
  content: ""; position: absolute; left: 0; right: 0; bottom: 0; height: 60px;
  background: linear-gradient(rgba(255, 255, 255, 0), #fff);
}
.reveal .jupyter-widgets img { max-height: 380px; }
</style>
"""

_WIDGET_VIEW = """
{%- block data_widget_view scoped %}
{% set div_id = uuid4() %}
{% set datatype = (output.data | filter_data_type)[0] %}
<div id="{{ div_id }}" class="jupyter-widgets jp-OutputArea-output {{ extra_class }}">
<p class="kam-widget-note">{{ resources.kam_widget_note }}</p>
<script type="{{ datatype }}">
{{ output.data[datatype] | json_dumps | escape_html_script }}
</script>
</div>
{%- endblock data_widget_view -%}
"""

# The widget renderer finds its fonts beside the AMD modules it defines, which require.js
# places below its base URL: make that the assets folder.
_REQUIRE = """
{% block html_head_js_requirejs %}{{ super() }}
<script>require.config({baseUrl: "assets/"});</script>
{% endblock html_head_js_requirejs %}
"""

TEMPLATES = {
    # The lab page with local MathJax, no mermaid, the widget note and a bar of site links.
    "kam_site.html.j2": "{%- extends 'index.html.j2' -%}\n"
    "{% block html_head_js_mathjax %}" + _MATHJAX + "{% endblock html_head_js_mathjax %}\n"
    "{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}\n"
    + _REQUIRE
    + "{% block extra_css %}"
    + _CSS
    + "{% endblock extra_css %}\n"
    "{% block body_header %}{{ super() }}\n"
    "{% if resources.kam_sitebar %}{{ resources.kam_sitebar }}{% endif %}\n"
    "{% endblock body_header %}\n" + _WIDGET_VIEW,
    # reveal.js with local MathJax, no mermaid, the widget note, and a footer script that
    # needs no MathJax 2 API, exposes Reveal for checks and lets tall slides scroll.
    "kam_slides.html.j2": "{%- extends 'index.html.j2' -%}\n"
    "{% block html_head_js_mathjax %}" + _MATHJAX + "{% endblock html_head_js_mathjax %}\n"
    "{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}\n"
    + _REQUIRE
    + "{% block notebook_css %}{{ super() }}"
    + _CSS
    + _PROJECTOR_CSS
    + "{% endblock notebook_css %}\n"
    + _WIDGET_VIEW_SLIDES
    + """
{% block footer_js %}
<script>
require(
  {waitSeconds: 30},
  ["{{ resources.reveal.url_prefix }}/dist/reveal.js",
   "{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"],
  function (Reveal, RevealNotes) {
    window.Reveal = Reveal;
    Reveal.initialize({
      controls: true, progress: true, history: true, center: false,
      transition: "{{ resources.reveal.transition }}",
      slideNumber: "{{ resources.reveal.number }}",
      width: {{ resources.reveal.width or 960 }}, height: {{ resources.reveal.height or 700 }},
      plugins: [RevealNotes]
    });
    // A slide never scrolls: one that still comes out taller than the screen (a long
    // table in an output) is zoomed down until it fits; data-kam-zoom records by how much.
    function fit(slide) {
      if (!slide || slide.querySelector('section')) return;
      var height = Reveal.getConfig().height;
      function tall() { return slide.getBoundingClientRect().height / Reveal.getScale(); }
      slide.style.zoom = '';
      delete slide.dataset.kamZoom;
      if (tall() <= height) return;
      // Text rewraps under a zoom: find the largest zoom that fits by bisection.
      var low = 0.1, high = 1;
      for (var i = 0; i < 12; i++) {
        var mid = (low + high) / 2;
        slide.style.zoom = mid;
        if (tall() <= height) low = mid; else high = mid;
      }
      var zoom = Math.floor(1000 * low) / 1000;
      slide.style.zoom = zoom;
      slide.dataset.kamZoom = zoom;
    }
    window.kamFitSlide = fit;
    function fitCurrent() { fit(Reveal.getCurrentSlide()); }
    Reveal.on('ready', fitCurrent);
    Reveal.on('slidechanged', fitCurrent);
    // Widgets and formulas are drawn after the page has loaded: fit again when they are.
    window.addEventListener('load', function () { setTimeout(fitCurrent, 500); });
  }
);
</script>
{% endblock footer_js %}
""",
}


class BuildError(RuntimeError):
    """A page could not be built; the message says which and why."""


@dataclass(frozen=True)
class Page:
    """One notebook of the course."""

    source: Path
    title: str
    is_module: bool

    @property
    def name(self) -> str:
        """The file stem, e.g. "03_pareto_analysis"; the pages are named after it."""
        return self.source.stem


def course_pages(course: Path = COURSE, language: str = "en") -> list[Page]:
    """The modules that exist (in modules.yml order), then the glossary and references.

    ``language`` "pl": the Polish edition's notebooks (course/pl/, generated by
    tools/build_translations.py), titled in Polish; a module without one is left out."""
    folder = course if language == "en" else course / language
    words = WORDS[language]
    pages = [
        Page(
            folder / m["file"],
            f"{m['file'][:2]} · {m['title'] if language == 'en' else m[f'title_{language}']}",
            True,
        )
        for m in load_modules(course)
        if (folder / m["file"]).exists()
    ]
    pages += [
        Page(folder / f"{name}.ipynb", words.extra_titles[name], False)
        for name in EXTRA_PAGES
        if (folder / f"{name}.ipynb").exists()
    ]
    return pages


# -- execution -------------------------------------------------------------------------
def _has_code(nb) -> bool:
    return any(c.cell_type == "code" and c.source.strip() for c in nb.cells)


#: What a notebook's outputs depend on besides the notebook itself: a change here runs the
#: notebooks again.
CODE_INPUTS = (ROOT / "kamtools", ROOT / "datasets")


def _newest(paths: Iterable[Path]) -> float:
    """The latest modification time of ``paths`` and the files below them (0 if none)."""
    times = [0.0]
    for path in paths:
        if path.is_dir():
            times += [f.stat().st_mtime for f in path.rglob("*") if "__pycache__" not in f.parts]
        elif path.exists():
            times.append(path.stat().st_mtime)
    return max(times)


def _workdir(source: Path) -> Path:
    """Where a notebook runs: the English course's folder for every edition's notebook (so
    that relative paths mean the same), else the notebook's own folder."""
    return COURSE if source.resolve().is_relative_to(COURSE.resolve()) else source.parent


def execute(
    source: Path, target: Path, *, force: bool = False, inputs: Iterable[Path] = CODE_INPUTS
) -> tuple[Path, float | None]:
    """Run ``source`` top to bottom into ``target`` unless ``target`` is newer than it and
    than ``inputs`` (the kamtools package and the datasets).

    Returns the notebook to use and the seconds spent (None when reused or nothing to run).
    The kernel runs in the notebook's folder with a throw-away progress store, so a build
    never touches a learner's progress; the widget state is stored in the notebook.
    """
    fresh = target.exists() and target.stat().st_mtime >= _newest([source, *inputs])
    if fresh and not force:
        return target, None
    nb = nbformat.read(source, as_version=4)
    if not _has_code(nb):
        return source, None
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kam-build-") as tmp:
        env = {**os.environ, "KAMTOOLS_PROGRESS_DB": str(Path(tmp) / "progress.sqlite3")}
        env.pop("JUPYTERHUB_USER", None)
        client = NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            # the English course's folder: relative paths mean the same in every edition
            resources={"metadata": {"path": str(_workdir(source))}},
            store_widget_state=True,
        )
        log = Path(tmp) / "kernel.log"  # the kernel's own chatter, shown only on failure
        try:
            with log.open("w", encoding="utf-8") as stderr:
                client.execute(env=env, stderr=stderr)
        except Exception as exc:  # CellExecutionError, timeouts, a dead kernel
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise BuildError(f"{source.name} failed to run:\n{exc}\nkernel log:\n{tail}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    nbformat.write(nb, partial)
    partial.replace(target)
    return target, time.perf_counter() - start


def executed_notebooks(
    pages: Iterable[Page], out: Path, *, force: bool = False, log=print
) -> dict[str, Path]:
    """Execute (or reuse) every page's notebook; ``{name: executed notebook}``."""
    done = {}
    for page in pages:
        path, seconds = execute(page.source, out / "executed" / page.source.name, force=force)
        if seconds is not None:
            log(f"  ran {page.source.name} in {seconds:.1f} s")
        done[page.name] = path
    return done


# -- assets ----------------------------------------------------------------------------
def copy_assets(kind: str, dest: Path, node_modules: Path = NODE_MODULES) -> list[Path]:
    """Copy the front-end files of edition ``kind`` into ``dest/assets``; the copies."""
    copied = []
    for spec in ASSETS[kind]:
        pattern, _, folder = (part.strip() for part in spec.partition("=>"))
        parent, _, name = pattern.rpartition("/")
        if "*" in name:
            sources = sorted((node_modules / parent).glob(name))
        else:
            sources = [node_modules / pattern]
        missing = [s for s in sources if not s.is_file()] or ([] if sources else [pattern])
        if missing:
            raise BuildError(
                f"front-end file {missing[0]} is missing from {node_modules}: "
                "run `make node_modules/.installed` (npm ci) first"
            )
        for src in sources:
            relative = Path(folder) / src.name if folder else src.relative_to(node_modules)
            target = dest / "assets" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
            copied.append(target)
    return copied


# -- export ----------------------------------------------------------------------------
def _exporter(kind: str) -> HTMLExporter:
    common = dict(
        extra_loaders=[jinja2.DictLoader(TEMPLATES)],
        embed_images=True,
        **URLS,
    )
    if kind == "slides":
        return SlidesExporter(
            template_file="kam_slides.html.j2",
            reveal_url_prefix=REVEAL_URL_PREFIX,
            reveal_theme="white",
            reveal_transition="slide",
            reveal_number="c/t",
            reveal_width=str(SLIDE_WIDTH),
            reveal_height=str(SLIDE_HEIGHT),
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            **common,
        )
    return HTMLExporter(template_name="lab", template_file="kam_site.html.j2", **common)


def _rewrite_links(html: str, targets: dict[str, str]) -> str:
    """Point links to course notebooks (``name.ipynb#anchor``) at the built pages."""

    def swap(match: re.Match) -> str:
        name, anchor = match.group(2), match.group(3) or ""
        if name not in targets:
            return match.group(0)
        return f'{match.group(1)}"{targets[name]}{anchor}"'

    return re.sub(r'(href=)"(?:\./)?((?:\.\./)?[\w.-]+)\.ipynb(#[^"]*)?"', swap, html)


def _english_fallbacks(kind: str) -> dict[str, str]:
    """For a translated edition (``build/<lang>/<kind>``): the English course's notebooks its
    pages link to (``../name.ipynb``), pointed at the English edition's pages."""
    suffix = ".html" if kind == "site" else ".slides.html"
    return {f"../{p.name}": f"../../{kind}/{p.name}{suffix}" for p in course_pages()}


def _local_documents(html: str) -> str:
    """A translated page links the English course's documents (``../SETUP.md``): they are
    copied beside it, as for the English pages."""
    return re.sub(r'href="\.\./([\w.-]+\.md)', r'href="\1', html)


_DOCUMENT_LINK = re.compile(r'href="(?:\./)?([\w.-]+\.md)(?:#[^"]*)?"')


def copy_linked_documents(html: str, dest: Path, course: Path = COURSE) -> list[Path]:
    """Copy the course's Markdown documents that ``html`` links to (``SETUP.md``) beside
    the page, so that the link opens from disk (a browser shows them as text)."""
    copied = []
    for name in sorted(set(_DOCUMENT_LINK.findall(html))):
        source = course / name
        if source.is_file():
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest / name)
            copied.append(dest / name)
    return copied


_REMOTE = re.compile(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(?:https?:)?//[^"]*"', re.I)


def _check_offline(html: str, where: str) -> None:
    """Refuse a page that would load a script, style or picture from the internet."""
    remote = _REMOTE.search(html)
    if remote:
        raise BuildError(f"{where} loads a file from the internet: {remote.group(0)[:200]}")


def export(
    nb,
    title: str,
    kind: str,
    targets: dict[str, str],
    sitebar: str = "",
    widget_note: str = WIDGET_NOTE,
) -> str:
    """The HTML of one notebook as a page (``site``) or a deck (``slides``)."""
    nb = nbformat.from_dict(nb) if isinstance(nb, dict) else nb
    nb.metadata["title"] = title
    # The offline editions are English only: no link to the Polish edition (course/pl/).
    for cell in nb.cells:
        if cell.cell_type == "markdown" and POLISH_LINK in cell.source:
            cell.source = cell.source.replace(f"\n\n{POLISH_LINK}", "").replace(POLISH_LINK, "")
    resources = {
        "metadata": {"name": title},
        "kam_sitebar": sitebar,
        "kam_widget_note": widget_note,
    }
    html, _ = _exporter(kind).from_notebook_node(nb, resources=resources)
    html = _rewrite_links(html, targets)
    _check_offline(html, title)
    return html


_SECTION_OPEN = re.compile(r"<section\b")
_SECTION_CLOSE = re.compile(r"</section\s*>")


def _without_sections(value):
    """``value`` (output data, widget state) with ``<section>`` tags made ``<div>``s."""
    if isinstance(value, str):
        value = _SECTION_OPEN.sub('<div data-section=""', value)
        return _SECTION_CLOSE.sub("</div>", value)
    if isinstance(value, list):
        return [_without_sections(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_sections(v) for k, v in value.items()}
    return value


def deck_safe(nb):
    """A copy of ``nb`` whose outputs hold no ``<section>`` element.

    reveal.js takes every ``<section>`` below ``.slides`` for a slide of its own, so an
    output that uses the tag (the dossier preview does) would add hidden "slides" to the
    deck and hide that part of the output. Outputs and the stored widget state keep their
    content; only the tag changes.
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = nbformat.from_dict(_without_sections(cell.outputs))
    if "widgets" in nb.metadata:
        nb.metadata.widgets = nbformat.from_dict(_without_sections(nb.metadata.widgets))
    return nb


def _markdown_notebook(*texts: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(t) for t in texts]
    return nb


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Words:
    """The texts of an edition's generated pages."""

    sitebar: str
    site_index: tuple[str, str, str]  # title, introduction, "also in this edition"
    slides_index: tuple[str, str, str, str]  # title, introduction, the day, the modules
    extra_titles: dict[str, str]
    no_guide: str
    widget_note: str


WORDS = {
    "en": Words(
        sitebar=(
            '<nav class="kam-sitebar"><a href="index.html">KAM Academy: the course map</a>'
            '<a href="glossary.html">Glossary</a><a href="references.html">References</a></nav>'
        ),
        site_index=(
            f"{SITE_TITLE}: the course",
            "# KAM Academy\n\n"
            "A course on key account management for sales people: the few customers who "
            "matter most, how to find them, and how to keep them.\n\n"
            "This is the **read-only edition** of the course: every module has been run for "
            "you, so you can read the text and see the charts and tables in any browser. The "
            "interactive tools are shown as they first open; to use them and answer the "
            "questions, open the course in JupyterLab (`make lab`).",
            "## Also in this edition",
        ),
        slides_index=(
            f"{SITE_TITLE}: slides",
            "# KAM Academy: slides\n\n"
            "Decks for a facilitator at the projector (1280×720, no code on screen). They open "
            "from this folder in any browser, with no internet.\n\n"
            "- **Right / left arrow**: next or previous section; **down / up**: the slides "
            "within a section (each question has its own).\n"
            "- **S**: the speaker view, with the notes: the longer explanations and tables.\n"
            "- **Esc**: an overview of all slides; **F**: full screen.\n\n"
            "The interactive tools show as a still of how they first open, with the address of "
            "the live app under them: start the apps with `make apps` before the session, or "
            "open the module in JupyterLab (`make lab`).",
            "## The workshop day\n\nThe welcome and agenda, and the group activities, from "
            "the facilitator guide.",
            "## The modules",
        ),
        extra_titles={"glossary": "Glossary", "references": "References"},
        no_guide="",
        widget_note=WIDGET_NOTE,
    ),
    "pl": Words(
        sitebar=(
            '<nav class="kam-sitebar"><a href="index.html">KAM Academy: mapa kursu</a>'
            '<a href="glossary.html">Słowniczek</a><a href="references.html">Bibliografia</a>'
            '<a href="../../site/index.html">English</a></nav>'
        ),
        site_index=(
            f"{SITE_TITLE}: kurs",
            "# KAM Academy\n\n"
            "Kurs zarządzania klientami kluczowymi dla handlowców: o tych kilku klientach, "
            "którzy znaczą najwięcej, o tym, jak ich znaleźć i jak ich zatrzymać.\n\n"
            "To **wydanie do czytania**: każdy moduł został już uruchomiony, więc tekst, "
            "wykresy i tabele otworzysz w dowolnej przeglądarce. Narzędzia interaktywne widać "
            "tak, jak wyglądają po otwarciu; żeby z nich korzystać i odpowiadać na pytania, "
            "otwórz kurs w JupyterLab (`make lab-pl`).",
            "## Także w tym wydaniu",
        ),
        slides_index=(
            f"{SITE_TITLE}: slajdy",
            "# KAM Academy: slajdy\n\n"
            "Prezentacje dla prowadzącego przy rzutniku (1280×720, bez kodu na ekranie). "
            "Otwierają się z tego folderu w każdej przeglądarce, bez internetu.\n\n"
            "- **Strzałka w prawo / w lewo**: następna lub poprzednia część; **w dół / w "
            "górę**: slajdy w obrębie części (każde pytanie ma własny).\n"
            "- **S**: widok prowadzącego z notatkami: dłuższymi wyjaśnieniami i tabelami.\n"
            "- **Esc**: przegląd wszystkich slajdów; **F**: pełny ekran.\n\n"
            "Narzędzia interaktywne są pokazane jako zrzut ekranu po otwarciu, z adresem "
            "aplikacji na żywo pod spodem: przed zajęciami uruchom aplikacje poleceniem "
            "`make apps-pl` albo otwórz moduł w JupyterLab (`make lab-pl`).",
            "## Dzień warsztatów\n\nPowitanie i program dnia oraz ćwiczenia grupowe, "
            "z przewodnika dla prowadzących.",
            "## Moduły",
        ),
        extra_titles={"glossary": "Słowniczek", "references": "Bibliografia"},
        widget_note=(
            "Narzędzie interaktywne, pokazane tak, jak wygląda po otwarciu. Działa na żywo w "
            "JupyterLab: otwórz tam ten moduł (<code>make lab-pl</code>), żeby przesuwać "
            "suwaki, klikać przyciski i patrzeć, jak zmieniają się liczby."
        ),
        no_guide=(
            "*Przewodnik dla prowadzących nie ma jeszcze polskiego wydania: prezentacje dnia "
            "warsztatów są w wydaniu angielskim* ([slides](../../slides/index.html))."
        ),  # shown only while course/pl/FACILITATOR_GUIDE.md does not exist
    ),
}
SITEBAR = WORDS["en"].sitebar


def edition_folder(out: Path, kind: str, language: str = "en") -> Path:
    """``build/site`` and ``build/slides``; the Polish edition in ``build/pl/...``."""
    return out / kind if language == "en" else out / language / kind


def _executed_folder(out: Path, language: str) -> Path:
    return out if language == "en" else out / language


def _course_map(language: str) -> str:
    if language == "en":
        return render_map(load_modules())
    import build_translations

    translated = build_translations.translated_files(language)
    return build_translations.render_map(load_modules(), language, translated, COURSE)


def build_site(
    out: Path = BUILD,
    *,
    force: bool = False,
    log=print,
    language: str = "en",
    only: set[str] | None = None,
) -> list[Path]:
    """Build ``out/site`` (``out/pl/site``): the course map and one page per notebook
    (``only``: just these pages, e.g. for a quick look)."""
    pages = [p for p in course_pages(language=language) if only is None or p.name in only]
    words = WORDS[language]
    dest = edition_folder(out, "site", language)
    copy_assets("site", dest)
    notebooks = executed_notebooks(pages, _executed_folder(out, language), force=force, log=log)
    targets = {p.name: f"{p.name}.html" for p in pages}
    if language != "en":
        targets |= _english_fallbacks("site")
        # a page left out with ``only`` is read in the English edition instead
        targets |= {
            name: fallback
            for name, fallback in (
                (p.name, f"../../site/{p.name}.html") for p in course_pages(language=language)
            )
            if name not in targets
        }
    written = []
    for page in pages:
        nb = nbformat.read(notebooks[page.name], as_version=4)
        html = export(
            nb, f"{page.title} · {SITE_TITLE}", "site", targets, words.sitebar, words.widget_note
        )
        html = _local_documents(html) if language != "en" else html
        copy_linked_documents(html, dest)
        written.append(_write(dest / f"{page.name}.html", html))
    extras = [f"- [{p.title}]({p.name}.ipynb)" for p in pages if not p.is_module]
    title, intro, also = words.site_index
    index = _markdown_notebook(intro, _course_map(language), also + "\n\n" + "\n".join(extras))
    html = export(index, title, "site", targets, words.sitebar)
    written.insert(0, _write(dest / "index.html", html))
    return written


def build_slides(
    out: Path = BUILD, *, force: bool = False, log=print, language: str = "en"
) -> list[Path]:
    """Build ``out/slides`` (``out/pl/slides``): the welcome/agenda decks and the activity
    decks (from the facilitator guide), one deck per module (tools/projector.py: no code,
    slides that fit a 1280×720 screen, the details in the speaker notes) and an index."""
    pages = course_pages(language=language)
    words = WORDS[language]
    modules = [p for p in pages if p.is_module]
    dest = edition_folder(out, "slides", language)
    copy_assets("slides", dest)
    notebooks = executed_notebooks(modules, _executed_folder(out, language), force=force, log=log)
    # Decks link to decks; the glossary and references live in the site edition.
    targets = {p.name: f"{p.name}.slides.html" for p in modules}
    targets |= {p.name: f"../site/{p.name}.html" for p in pages if not p.is_module}
    if language != "en":
        targets |= _english_fallbacks("slides")
    written = []
    workshop: dict[str, tuple[str, nbformat.NotebookNode]] = {}
    guide = (
        COURSE / "FACILITATOR_GUIDE.md"
        if language == "en"
        else COURSE / language / ("FACILITATOR_GUIDE.md")
    )
    if guide.exists() or language == "en":
        try:
            workshop = guide_decks(guide, language)
        except (OSError, ValueError) as err:
            raise BuildError(f"the workshop decks come from the facilitator guide: {err}") from None
    for name, (title, nb) in workshop.items():
        html = export(nb, f"{title} · {SITE_TITLE}", "slides", targets)
        written.append(_write(dest / f"{name}.slides.html", html))
    for page in modules:
        executed = strip_markers(deck_safe(nbformat.read(notebooks[page.name], as_version=4)))
        nb = projector_notebook(executed, page.title, language)
        html = export(nb, f"{page.title} · {SITE_TITLE}", "slides", targets, "", words.widget_note)
        html = _local_documents(html) if language != "en" else html
        copy_linked_documents(html, dest)
        written.append(_write(dest / f"{page.name}.slides.html", html))
    decks = "\n".join(f"- [{p.title}]({p.name}.ipynb)" for p in modules)
    day = "\n".join(f"- [{title}]({name}.slides.html)" for name, (title, _) in workshop.items())
    title, intro, day_title, modules_title = words.slides_index
    index = _markdown_notebook(
        intro, day_title + "\n\n" + (day or words.no_guide), modules_title + "\n\n" + decks
    )
    html = export(index, title, "site", targets)
    written.insert(0, _write(dest / "index.html", html))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("edition", choices=("slides", "site"), help="what to build")
    parser.add_argument("--out", type=Path, default=BUILD, help="build folder (default: build)")
    parser.add_argument("--force", action="store_true", help="run every notebook again")
    parser.add_argument(
        "--language", choices=tuple(WORDS), default="en", help="the course's edition (pl: Polish)"
    )
    args = parser.parse_args(argv)
    build = build_slides if args.edition == "slides" else build_site
    start = time.perf_counter()
    try:
        written = build(args.out, force=args.force, language=args.language)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(
        f"{args.edition}: {len(written)} pages in "
        f"{edition_folder(args.out, args.edition, args.language)} "
        f"({time.perf_counter() - start:.1f} s); open {written[0]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
