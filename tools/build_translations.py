"""Generate the translated notebooks (``course/pl/``) from the English ones and a catalogue.

One source: every notebook is written once, in English. Its translation is a gettext
catalogue per notebook, ``course/locales/<lang>/<notebook stem>.po`` (Poedit, Weblate or
Lokalize open it), keyed by the notebook's stable cell ids:

- ``msgctxt`` is the cell id, ``msgid`` the English cell source, ``msgstr`` the translation;
- Markdown cells: the translation replaces the text. Relative links are written as in the
  English cell; the build points them at the translated notebook when there is one in
  ``course/<lang>/`` and at the English file (``../``) otherwise, so no link is dead;
- code cells are copied from English. A code cell that has comments or strings gets an
  entry too (to translate the comments and the texts shown to learners; an entry equal to
  the English is fine when nothing needs translating), and its translation is used only if
  its Python tokens other than comments and strings are the English ones: code is never
  forked by hand;
- the cells of ``tools/build_course.py`` (navigation, the course map) are not translated:
  they are generated here from ``course/modules.yml`` (``title_pl``, ``summary_pl``), and
  so is the front matter's Time line (the catalogue holds ``**Time**: …`` and
  ``**Czas**: …`` in its place).

A notebook is generated only when its catalogue exists. ``--check`` fails, naming the
notebook and the cell, when a cell is untranslated or fuzzy, when an English cell changed
after its translation, when a translation changes code, and when a generated notebook is
stale. Until such a cell is put right, the generated notebook shows it in English (so its
code is always the English code and the notebook runs); the build says so and exits 0, the
check exits 1. Translated notebooks are written without outputs.

Usage::

    python tools/build_translations.py               # write course/pl/*.ipynb
    python tools/build_translations.py --check       # exit 1 on any problem above
    python tools/build_translations.py update pl     # bring every pl catalogue in step
    python tools/build_translations.py update pl 01_why_key_accounts   # start or update one
    python tools/build_translations.py update pl apps/roleplay         # a workshop app
    python tools/build_translations.py update pl FACILITATOR_GUIDE.md  # a Markdown document
    python tools/build_translations.py update pl exercises/pareto      # a graded assignment

Markdown documents (the facilitator guide) are translated block by block (paragraphs,
lists, tables, fenced code; a heading is a block), each keyed by its two nearest headings
and its place under them: ``course/locales/<lang>/documents/<name>.po`` ->
``course/<lang>/<name>.md``.

``update`` adds new cells as empty entries, marks an entry fuzzy when its English cell
changed (keeping the old English as ``#| msgid``, so the translator sees what changed)
and drops the entries of cells that are gone. A translator then fills the entries (and
clears the fuzzy flags) and runs the build; afterwards ``python tools/build_glossary.py``
links the Polish glossary to the new Polish modules.
"""

from __future__ import annotations

import argparse
import ast
import copy
import io
import posixpath
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_course  # noqa: E402
import po_files  # noqa: E402

COURSE = ROOT / "course"
LANGUAGES = ("pl",)
LANGUAGE_NAMES = {"pl": "Polish"}
HEADER = "KAM Academy: the cells of course/{name} in {language} (tools/build_translations.py)."
#: What stands for the generated Time line in a catalogue: English and the translation.
TIME_MSGID = "**Time**: …"
TIME_PLACEHOLDERS = {"pl": "**Czas**: …"}
WIDTH = 96
CODE_NOTE = "code cell: translate only the comments and the texts in quotes"


@dataclass(frozen=True)
class Edition:
    """The words of an edition's generated cells."""

    contents: str
    glossary: str
    map_title: str
    map_anchor: str
    map_header: str
    in_preparation: str
    not_yet_translated: str
    coming_back: str
    other_edition: str
    language_comment: str


EDITIONS = {
    "pl": Edition(
        contents="Spis treści",
        glossary="Słowniczek",
        map_title="## Mapa kursu",
        map_anchor="Mapa-kursu",
        map_header="| # | Moduł | Minuty | Czego się nauczysz |",
        in_preparation="*(w przygotowaniu)*",
        not_yet_translated="*(na razie po angielsku)*",
        coming_back=(
            "*Wracasz na tę stronę?* Wybierz **Run → Run All Cells**: wszystkie narzędzia "
            "wrócą z twoimi odpowiedziami i postępami."
        ),
        other_edition="*In English:* [the English edition (wersja angielska)](../{file})",
        language_comment="# Wydanie polskie: kamtools odpowiada po polsku.",
    )
}


def _minutes_pl(n: int) -> str:
    """``n`` with the Polish plural of "minuta" (1 minuta, 2-4 minuty, 5 minut, 22 minuty)."""
    if n == 1:
        return "1 minuta"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} minuty"
    return f"{n} minut"


def time_line(est: build_course.TimeEstimate, lead: str = "") -> str:
    """The Polish Time line of a module (the English one is build_course's)."""
    return (
        f"{lead}**Czas**: około {_minutes_pl(est.minutes)} "
        f"(teoria {est.teaching}, ćwiczenia {est.exercises})."
    )


# ---------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------
def catalogue_path(language: str, stem: str, course: Path = COURSE) -> Path:
    return course / "locales" / language / f"{stem}.po"


def translated_files(language: str, course: Path = COURSE) -> set[str]:
    """The notebooks with an edition in ``course/<lang>/``: those with a catalogue, and the
    glossary (made by tools/build_glossary.py)."""
    names = {f"{stem}.ipynb" for stem in _stems(language, course)}
    if (course / language / "glossary.ipynb").exists():
        names.add("glossary.ipynb")
    return names


_MD_LINK = re.compile(r"(\]\()(?P<target><[^>]*>|[^)\s]+)")
_HTML_LINK = re.compile(r"""(\b(?:href|src)=)(?P<q>["'])(?P<target>.*?)(?P=q)""")


def _relink(target: str, translated: set[str], folder: str = "") -> str:
    """A link of an English cell in ``course/<folder>`` as seen from ``course/<lang>/<folder>``."""
    if not target or target.startswith(("#", "/", "<")) or re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return target
    path, _, anchor = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(folder, path)) if path else ""
    if resolved.endswith(".ipynb") and resolved in translated:
        return target
    depth = len([p for p in folder.split("/") if p]) + 1  # from course/<lang>/<folder>
    return "../" * depth + resolved + (f"#{anchor}" if anchor else "")


def relink(markdown: str, translated: set[str], folder: str = "") -> str:
    """Every relative link of ``markdown`` pointed from ``course/<lang>/<folder>``: translated
    notebooks stay beside it, everything else is the English course's file (``../``)."""
    text = _MD_LINK.sub(lambda m: m[1] + _relink(m["target"], translated, folder), markdown)
    return _HTML_LINK.sub(
        lambda m: f"{m[1]}{m['q']}{_relink(m['target'], translated, folder)}{m['q']}", text
    )


# ---------------------------------------------------------------------------------------
# Cells and their entries
# ---------------------------------------------------------------------------------------
def _generated(cell) -> bool:
    return bool(set(cell.get("metadata", {}).get("tags", [])) & set(build_course.GENERATED_TAGS))


_SKIPPED_TOKENS = {tokenize.COMMENT, tokenize.STRING, tokenize.NL}
if sys.version_info >= (3, 12):  # f-strings are tokens of their own; their text may change
    _SKIPPED_TOKENS.add(tokenize.FSTRING_MIDDLE)  # type: ignore[attr-defined]


def code_tokens(source: str) -> list[tuple[int, str]] | None:
    """The tokens of ``source`` that are code: not comments, strings or blank lines
    (``None`` if it does not tokenize)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    return [(t.type, t.string) for t in tokens if t.type not in _SKIPPED_TOKENS]


def _has_words(source: str) -> bool:
    """True if a code cell has comments or strings a translator may want to translate."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return False
    kinds = {tokenize.COMMENT, tokenize.STRING}
    if sys.version_info >= (3, 12):
        kinds.add(tokenize.FSTRING_START)  # type: ignore[attr-defined]
    return any(t.type in kinds for t in tokens)


def _fstring_code(source: str) -> list[str] | None:
    """The expressions inside the f-strings of ``source`` (Python 3.11 tokenizes an f-string
    as one string, so its ``{...}`` parts are compared here); None if it does not parse
    (e.g. a cell with an IPython magic)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue):
            expression = _Texts().visit(copy.deepcopy(node.value))
            found.append(ast.dump(expression) + f"!{node.conversion}")
    return sorted(found)  # a translation may put the figures of a sentence in its own order


class _Texts(ast.NodeTransformer):
    """Blanks the string constants of an expression: texts may be translated."""

    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        return ast.Constant("") if isinstance(node.value, str) else node


def same_code(english: str, translation: str) -> bool:
    """True if ``translation`` differs from ``english`` only in comments and strings (the
    code inside an f-string's braces counts as code)."""
    a, b = code_tokens(english), code_tokens(translation)
    if a is None or b is None:
        return english == translation
    return a == b and _fstring_code(english) == _fstring_code(translation)


def msgid(cell, front_matter: bool) -> str:
    """The English text of a cell as its catalogue holds it (Time line as a placeholder)."""
    if front_matter:
        return build_course.TIME_LINE.sub(lambda m: m["lead"] + TIME_MSGID, cell.source)
    return cell.source


def entries(nb) -> list[tuple[str, str, str]]:
    """(cell id, English text, cell type) of the cells a catalogue translates, in order:
    Markdown cells other than the generated ones, and code cells with comments or strings."""
    front = build_course._front_matter(nb)
    out = []
    for cell in nb.cells:
        if _generated(cell) or not cell.source.strip():
            continue
        if cell.cell_type == "markdown" or (cell.cell_type == "code" and _has_words(cell.source)):
            out.append((cell["id"], msgid(cell, cell is front), cell.cell_type))
    return out


# ---------------------------------------------------------------------------------------
# Catalogues
# ---------------------------------------------------------------------------------------
def read_catalogue(path: Path, language: str) -> Catalog:
    return po_files.read(path, language)


def update(language: str, stem: str, course: Path = COURSE) -> bytes:
    """The catalogue of notebook ``stem`` in step with the English notebook (not written).

    Entries are matched by cell id: a new cell gets an empty entry; a cell whose English
    changed keeps its translation, marked fuzzy, with the old English as ``#| msgid``; the
    entries of cells that are gone are dropped (tools/po_files.py)."""
    name = f"{stem}.ipynb"
    nb = nbformat.read(course / name, as_version=4)
    path = catalogue_path(language, stem, course)
    old = read_catalogue(path, language) if path.is_file() else None
    header = HEADER.format(name=name, language=LANGUAGE_NAMES[language])
    found = entries(nb)
    catalogue = po_files.merge(
        po_files.new_catalogue(language, header),
        old,
        [(cell_id, english) for cell_id, english, _ in found],
        location=f"course/{name}",
        comments={cell_id: [CODE_NOTE] for cell_id, _, kind in found if kind == "code"},
    )
    return po_files.render(catalogue)


# ---------------------------------------------------------------------------------------
# The generated cells of an edition
# ---------------------------------------------------------------------------------------
def _link(file: str, translated: set[str]) -> str:
    return file if file in translated else f"../{file}"


def render_map(modules: list[dict], language: str, translated: set[str], course: Path) -> str:
    """The course map of the edition (build_course.render_map's, translated)."""
    words = EDITIONS[language]
    lines = [words.map_title, "", words.map_header, "|---|---|---|---|"]
    for m in modules:
        number = m["file"][:2]
        if not (course / m["file"]).exists():
            name = f"{m['title_pl']} {words.in_preparation}"
        elif m["file"] in translated:
            name = f"[{m['title_pl']}]({m['file']})"
        else:
            name = f"[{m['title_pl']}](../{m['file']}) {words.not_yet_translated}"
        lines.append(f"| {number} | {name} | {m['minutes']} | {m['summary_pl']} |")
    total = sum(m["minutes"] for m in modules)
    hours, minutes = divmod(total, 60)
    ready = sum(1 for m in modules if (course / m["file"]).exists())
    polish = sum(1 for m in modules if m["file"] in translated)
    lines += [
        "",
        f"Cały kurs to około {hours} h {minutes:02d} min nauki. Gotowe moduły: {ready} z "
        f"{len(modules)}, w tym po polsku: {polish}. Przechodź je po kolei: każdy opiera się "
        "na poprzednim.",
    ]
    return "\n".join(lines)


def render_nav(
    modules: list[dict], index: int, language: str, translated: set[str], course: Path
) -> str:
    """The navigation line of the edition (build_course.render_nav's, translated)."""
    words = EDITIONS[language]
    ready = [i for i, m in enumerate(modules) if (course / m["file"]).exists()]
    before = [i for i in ready if i < index]
    after = [i for i in ready if i > index]
    start = modules[0]["file"]
    parts = []
    if before:
        m = modules[before[-1]]
        parts.append(f"[< {m['file'][:2]} {m['title_pl']}]({_link(m['file'], translated)})")
    parts.append(f"[{words.contents}]({_link(start, translated)}#{words.map_anchor})")
    parts.append(f"[{words.glossary}]({_link(build_course.GLOSSARY, translated)})")
    if after:
        m = modules[after[0]]
        parts.append(f"[{m['file'][:2]} {m['title_pl']} >]({_link(m['file'], translated)})")
    return " | ".join(parts)


# ---------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------
def _stems(language: str, course: Path) -> list[str]:
    """The notebooks with a catalogue: ``03_pareto_analysis``, ``apps/roleplay`` ..."""
    folder = course / "locales" / language
    if not folder.is_dir():
        return []
    return sorted(
        p.relative_to(folder).with_suffix("").as_posix()
        for p in folder.rglob("*.po")
        if p.parent.name != DOCUMENTS_FOLDER and p.relative_to(folder).as_posix() not in OTHERS
    )


def _modules(course: Path) -> list[dict]:
    modules = build_course.load_modules(course)
    for m in modules:
        missing = {"title_pl", "summary_pl"} - set(m)
        if missing:
            raise ValueError(f"modules.yml entry {m['file']!r} lacks {sorted(missing)}")
    return modules


def entry_problem(
    what: str, entry: Message | None, english: str, language: str, *, code: str | None = None
) -> str | None:
    """Why ``entry`` cannot stand for ``english`` (None: it can). ``what`` names it ("cell
    m01-02", "block guide/2"); ``code``: the English code a translation must keep."""
    text = str(entry.string or "") if entry is not None else ""
    if entry is None:
        return f"{what} has no entry (run update {language})"
    if entry.id != english:
        return f"{what} changed in English after its translation"
    if not text:
        return f"{what} is not translated"
    if entry.fuzzy:
        return f"{what} is fuzzy (its English changed)"
    if code is not None and not same_code(code, text):
        return f"{what}: the translation changes the code"
    return None


def translate(
    language: str, stem: str, course: Path = COURSE
) -> tuple[nbformat.NotebookNode, list[str]]:
    """The translated notebook of ``stem`` and the problems found (each naming the cell)."""
    name = f"{stem}.ipynb"
    where = f"{language}/{name}"
    english = nbformat.read(course / name, as_version=4)
    path = catalogue_path(language, stem, course)
    catalogue = {m.context: m for m in read_catalogue(path, language) if m.context}
    translated = translated_files(language, course)
    modules = _modules(course)
    files = [m["file"] for m in modules]
    problems: list[str] = []
    wanted = {cell_id: (text, kind) for cell_id, text, kind in entries(english)}
    for cell_id in catalogue.keys() - wanted.keys():
        problems.append(f"{where}: cell {cell_id} is gone from the English notebook")

    nb = copy.deepcopy(english)
    front = build_course._front_matter(nb)
    index = files.index(name) if name in files else None
    words = EDITIONS[language]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        tags = cell.get("metadata", {}).get("tags", [])
        if _generated(cell):
            if index is None:
                problems.append(
                    f"{where}: cell {cell['id']} is generated, but {name} is not in modules.yml"
                )
                continue
            nav = render_nav(modules, index, language, translated, course)
            if build_course.MAP_TAG in tags:
                cell.source = render_map(modules, language, translated, course)
            elif "nav-top" in tags:
                extra = words.other_edition.format(file=name) if index == 0 else words.coming_back
                cell.source = f"{nav}\n\n{extra}"
            else:
                cell.source = nav
            continue
        if cell["id"] not in wanted:
            continue
        english_text, kind = wanted[cell["id"]]
        entry: Message | None = catalogue.get(cell["id"])
        text = None if entry is None else str(entry.string or "")
        code = cell.source if kind == "code" else None
        problem = entry_problem(f"cell {cell['id']}", entry, english_text, language, code=code)
        if problem and problem.endswith("after its translation"):
            problem += (
                f" (run `python tools/build_translations.py update {language}`, then revise it)"
            )
        elif problem and problem.endswith("changes the code"):
            problem += "; only comments and strings may differ (code is never forked by hand)"
        elif (
            problem is None and kind == "markdown" and cell is front and TIME_MSGID in english_text
        ):
            assert text is not None
            placeholder = TIME_PLACEHOLDERS[language]
            if placeholder not in text:
                problem = f"cell {cell['id']} lacks {placeholder!r}"
            else:
                est = build_course.estimate(english)
                text = re.sub(
                    rf"^(?P<lead>[ \t]*(?:[-*][ \t]+)?){re.escape(placeholder)}[^\n]*$",
                    lambda m, est=est: time_line(est, m["lead"]),
                    text,
                    flags=re.M,
                )
        if problem is not None:
            # Until it is translated, the cell is the English one: its code is always the
            # English code, and its links work from course/<lang>/ too.
            problems.append(f"{where}: {problem}")
            text = cell.source
        assert text is not None
        folder = posixpath.dirname(stem)
        cell.source = relink(text, translated, folder) if kind == "markdown" else text
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), None)
    if first_code is not None:
        nb.cells.insert(first_code, language_cell(language))
    return nb, problems


#: The id of the generated cell that sets the edition's language for kamtools.
LANGUAGE_CELL_ID = "edition-language"


def language_cell(language: str) -> nbformat.NotebookNode:
    """The first code cell of a translated notebook: kamtools speaks the edition's language
    (check feedback, widgets, plots), however the notebook was opened."""
    cell = nbformat.v4.new_code_cell(
        f"{EDITIONS[language].language_comment}\nimport os\n\n"
        f'os.environ["KAMTOOLS_LANG"] = "{language}"',
        id=LANGUAGE_CELL_ID,
    )
    cell.metadata["tags"] = [LANGUAGE_CELL_ID]
    return cell


def _text(nb: nbformat.NotebookNode) -> str:
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


# ---------------------------------------------------------------------------------------
# Markdown documents (the facilitator guide): one entry per block, keyed by its section
# ---------------------------------------------------------------------------------------
#: Catalogues in course/locales/<lang>/ that are not notebooks': the handouts' texts
#: (tools/build_handouts.py).
OTHERS = frozenset({"handouts.po"})
#: Where the catalogues of Markdown documents live: course/locales/<lang>/documents/.
DOCUMENTS_FOLDER = "documents"
DOCUMENT_HEADER = (
    "KAM Academy: the blocks of course/{name} in {language} (tools/build_translations.py)."
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "section"


def markdown_blocks(text: str) -> list[str]:
    """``text`` cut into blocks at blank lines; a fenced code block stays whole and a
    heading starts a block. ``"\\n\\n".join(blocks)`` gives the text back."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in text.strip("\n").split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and not line.strip() and not line.startswith("```"):
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        if not fenced and _HEADING.match(line) and current:
            blocks.append("\n".join(current))
            current = []
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def document_entries(text: str) -> list[tuple[str, str]]:
    """(context, block): the context names the block by its two nearest headings and its
    place under them (``5-teaching-notes/what-to-emphasise/2``), so that a block added in
    one section does not move the translations of the others."""
    path: list[str] = []
    entries_: list[tuple[str, str]] = []
    number = 0
    for block in markdown_blocks(text):
        heading = _HEADING.match(block.split("\n", 1)[0])
        if heading:
            level = len(heading.group(1))
            path = [*path[: level - 1], _slug(heading.group(2))]
            path += [""] * (level - len(path))
            number = 0
        where = "/".join(p for p in path[-2:] if p) or "top"
        entries_.append((f"{where}/{number}", block))
        number += 1
    return entries_


def document_catalogue_path(language: str, name: str, course: Path = COURSE) -> Path:
    return course / "locales" / language / DOCUMENTS_FOLDER / f"{Path(name).stem}.po"


def update_document(language: str, name: str, course: Path = COURSE) -> bytes:
    """The catalogue of Markdown document ``name`` in step with the English (not written)."""
    text = (course / name).read_text(encoding="utf-8")
    path = document_catalogue_path(language, name, course)
    old = read_catalogue(path, language) if path.is_file() else None
    header = DOCUMENT_HEADER.format(name=name, language=LANGUAGE_NAMES[language])
    catalogue = po_files.merge(
        po_files.new_catalogue(language, header),
        old,
        document_entries(text),
        location=f"course/{name}",
    )
    return po_files.render(catalogue)


def documents(language: str, course: Path = COURSE) -> list[str]:
    """The Markdown documents with a catalogue in ``language``: ``FACILITATOR_GUIDE.md`` ..."""
    folder = course / "locales" / language / DOCUMENTS_FOLDER
    return sorted(f"{p.stem}.md" for p in folder.glob("*.po")) if folder.is_dir() else []


def translate_document(language: str, name: str, course: Path = COURSE) -> tuple[str, list[str]]:
    """The translated document and the problems found (each naming the block)."""
    english = (course / name).read_text(encoding="utf-8")
    catalogue = {
        m.context: m
        for m in read_catalogue(document_catalogue_path(language, name, course), language)
        if m.context
    }
    translated = translated_files(language, course)
    where = f"{language}/{name}"
    problems = []
    blocks = []
    for context, block in document_entries(english):
        entry = catalogue.get(context)
        problem = entry_problem(f"block {context}", entry, block, language)
        if problem:
            problems.append(f"{where}: {problem}")
        blocks.append(relink(block if problem or entry is None else str(entry.string), translated))
    return "\n\n".join(blocks) + "\n", problems


# ---------------------------------------------------------------------------------------
# Graded assignments (nbgrader): exercises/source/<a>/<a>.ipynb -> exercises/<lang>/source/...
# ---------------------------------------------------------------------------------------
#: The nbgrader course root of the English assignments; a language's edition is a course
#: root of its own, ``exercises/<lang>/`` (its own gradebook), released and graded the same
#: way: ``make assignments EDITION=pl`` (``kamtools --course-dir exercises/pl ...``).
EXERCISES = ROOT / "exercises"
ASSIGNMENT_HEADER = (
    "KAM Academy: the cells of the graded assignment {name} in {language} "
    "(tools/build_translations.py)."
)
#: The generated nbgrader configuration of a language's course root.
CONFIG_TEXT = '''"""nbgrader configuration of the {language} assignments (generated by
tools/build_translations.py: do not edit). It is the English course root's configuration
(../nbgrader_config.py), read with this file's location, so this folder is the course root,
with its own gradebook; only the course id and the words students read differ.
"""

from pathlib import Path

_english = Path(__file__).resolve().parent.parent / "nbgrader_config.py"
exec(compile(_english.read_text(encoding="utf-8"), str(_english), "exec"))
c.CourseDirectory.course_id = "kam-academy-{code}"  # noqa: F821 (nbgrader provides c)
{extra}'''
#: Settings of a language's course root beyond the English ones: what students see in place
#: of a solution (the marker stays the English one the assignments name; the advice is
#: translated).
CONFIG_EXTRA = {
    "pl": (
        "import os\n\n"
        "# kamtools' words to students (checks, grading feedback) in Polish\n"
        'os.environ.setdefault("KAMTOOLS_LANG", "pl")\n'
        "# students' feedback pages with nbgrader's labels in Polish (templates/feedback,\n"
        "# generated from nbgrader's own template, found before it)\n"
        "import nbgrader as _nbgrader\n\n"
        'c.HTMLExporter.template_name = "feedback"  # noqa: F821\n'
        "c.HTMLExporter.extra_template_basedirs = [  # noqa: F821\n"
        '    str(Path(__file__).resolve().parent / "templates"),\n'
        '    str(Path(_nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"),\n'
        "]\n"
        "c.ClearSolutions.code_stub = {  # noqa: F821\n"
        '    "python": "# YOUR ANSWER HERE\\n"\n'
        "    'raise NotImplementedError(\"Zastąp tę linię swoją odpowiedzią.\")'\n"
        "}\n"
    )
}


#: nbgrader's feedback page in a language: generated from the installed nbgrader's own
#: template (``feedback/index.html.j2``) with its labels replaced; a label that is no longer
#: in the template (another nbgrader) stops the build, naming it.
FEEDBACK_LABELS = {
    "pl": {
        "<html>": '<html lang="pl">',
        "(Score: ": "(Punkty: ",
        ">Test cell</a>": ">Komórka testowa</a>",
        ">Coding free-response</a>": ">Odpowiedź w kodzie</a>",
        ">Written response</a>": ">Odpowiedź pisemna</a>",
        ">Task</a>": ">Zadanie</a>",
        "Late submission penalty": "Kara za spóźnione oddanie",
        "      Score: {{": "      Punkty: {{",
        "(Top)": "(Do góry)",
        "Student's answer": "Odpowiedź",
        "Student's task": "Zadanie",
        "Grade cell: ": "Oceniana komórka: ",
        "<b>Comments:</b>": "<b>Komentarz:</b>",
    }
}


def nbgrader_templates() -> Path:
    """The installed nbgrader's page templates (its feedback page among them)."""
    import nbgrader

    return (
        Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / "templates"
    )


def feedback_template(language: str) -> dict[str, str]:
    """``{file name: text}`` of the language's feedback template (``templates/feedback``)."""
    source = nbgrader_templates() / "feedback"
    text = (source / "index.html.j2").read_text(encoding="utf-8")
    for english, translated in FEEDBACK_LABELS[language].items():
        if english not in text:
            raise ValueError(
                f"nbgrader's feedback template has no {english!r} any more: update "
                "FEEDBACK_LABELS in tools/build_translations.py"
            )
        text = text.replace(english, translated)
    header = (
        "{#- Generated by tools/build_translations.py from nbgrader's feedback template "
        "(BSD-3-Clause, Project Jupyter): do not edit. -#}\n"
    )
    return {
        "index.html.j2": header + text,
        "conf.json": (source / "conf.json").read_text(encoding="utf-8"),
    }


def assignments(root: Path = EXERCISES) -> list[str]:
    """The English assignments: ``source/<name>/<name>.ipynb``."""
    return sorted(
        p.parent.name for p in (root / "source").glob("*/*.ipynb") if p.stem == p.parent.name
    )


def assignment_catalogue_path(language: str, name: str, root: Path = EXERCISES) -> Path:
    return root / "locales" / language / f"{name}.po"


def assignment_entries(nb) -> list[tuple[str, str, str]]:
    """(cell id, English, cell type): Markdown cells and code cells with comments or strings."""
    return [
        (cell["id"], cell.source, cell.cell_type)
        for cell in nb.cells
        if cell.source.strip()
        and (cell.cell_type == "markdown" or (cell.cell_type == "code" and _has_words(cell.source)))
    ]


def update_assignment(language: str, name: str, root: Path = EXERCISES) -> bytes:
    """The catalogue of assignment ``name`` in step with the English notebook (not written)."""
    nb = nbformat.read(root / "source" / name / f"{name}.ipynb", as_version=4)
    path = assignment_catalogue_path(language, name, root)
    old = read_catalogue(path, language) if path.is_file() else None
    header = ASSIGNMENT_HEADER.format(name=name, language=LANGUAGE_NAMES[language])
    found = assignment_entries(nb)
    catalogue = po_files.merge(
        po_files.new_catalogue(language, header),
        old,
        [(cell_id, english) for cell_id, english, _ in found],
        location=f"exercises/source/{name}/{name}.ipynb",
        comments={cell_id: [CODE_NOTE] for cell_id, _, kind in found if kind == "code"},
    )
    return po_files.render(catalogue)


def translate_assignment(
    language: str, name: str, root: Path = EXERCISES
) -> tuple[nbformat.NotebookNode, list[str]]:
    """The translated assignment (nbgrader metadata unchanged) and the problems found."""
    english = nbformat.read(root / "source" / name / f"{name}.ipynb", as_version=4)
    catalogue = {
        m.context: m
        for m in read_catalogue(assignment_catalogue_path(language, name, root), language)
        if m.context
    }
    wanted = {cell_id: (text, kind) for cell_id, text, kind in assignment_entries(english)}
    where = f"exercises/{language}/{name}"
    problems = [
        f"{where}: cell {c} is gone from the English notebook"
        for c in catalogue.keys() - wanted.keys()
    ]
    nb = copy.deepcopy(english)
    for cell in nb.cells:
        if cell["id"] not in wanted:
            continue
        entry = catalogue.get(cell["id"])
        code = cell.source if cell.cell_type == "code" else None
        problem = entry_problem(f"cell {cell['id']}", entry, cell.source, language, code=code)
        if problem:
            problems.append(f"{where}: {problem}")
        elif entry is not None:
            cell.source = str(entry.string)
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), None)
    if first_code is not None:
        nb.cells.insert(first_code, language_cell(language))
    return nb, problems


def build_assignments(language: str, root: Path = EXERCISES, *, check: bool = False) -> list[str]:
    """Write (or compare) the translated assignments of ``language`` and their course root's
    nbgrader_config.py; the problems and stale files."""
    out = []
    names = [n for n in assignments(root) if assignment_catalogue_path(language, n, root).is_file()]
    for name in names:
        path = assignment_catalogue_path(language, name, root)
        nb, problems = translate_assignment(language, name, root)
        out += problems
        if not problems and path.read_bytes() != update_assignment(language, name, root):
            out.append(f"{path.relative_to(root.parent).as_posix()}: run `update {language}`")
        target = root / language / "source" / name / f"{name}.ipynb"
        text = _text(nb)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            out.append(f"stale: {target.relative_to(root.parent).as_posix()}")
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")
    if names and language in FEEDBACK_LABELS:
        for name, text in feedback_template(language).items():
            # named "feedback", as nbgrader's own: NbGraderAPI.generate_feedback always asks
            # for that name, and this folder comes first in extra_template_basedirs
            target = root / language / "templates" / "feedback" / name
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                out.append(f"stale: {target.relative_to(root.parent).as_posix()}")
                if not check:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8", newline="\n")
    if names:
        config = root / language / "nbgrader_config.py"
        text = CONFIG_TEXT.format(
            language=LANGUAGE_NAMES[language], code=language, extra=CONFIG_EXTRA.get(language, "")
        )
        if not config.exists() or config.read_text(encoding="utf-8") != text:
            out.append(f"stale: {config.relative_to(root.parent).as_posix()}")
            if not check:
                config.write_text(text, encoding="utf-8", newline="\n")
    return out


def build(language: str = "pl", course: Path = COURSE, *, check: bool = False) -> list[str]:
    """Write (or with ``check`` only compare) every translated notebook of ``language``;
    return the problems and the stale files (empty when all is well)."""
    out = []
    for stem in _stems(language, course):
        if not (course / f"{stem}.ipynb").exists():
            out.append(f"{language}/{stem}.po: the English notebook {stem}.ipynb is gone")
            continue
        path = catalogue_path(language, stem, course)
        nb, problems = translate(language, stem, course)
        out += problems
        if not problems and path.read_bytes() != update(language, stem, course):
            out.append(
                f"{path.relative_to(course.parent).as_posix()}: not as `update {language}` "
                "writes it (run it)"
            )
        target = course / language / f"{stem}.ipynb"
        text = _text(nb)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            out.append(f"stale: {target.relative_to(course.parent).as_posix()}")
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")
    for name in documents(language, course):
        path = document_catalogue_path(language, name, course)
        text, problems = translate_document(language, name, course)
        out += problems
        if not problems and path.read_bytes() != update_document(language, name, course):
            out.append(f"{path.relative_to(course.parent).as_posix()}: run `update {language}`")
        target = course / language / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            out.append(f"stale: {target.relative_to(course.parent).as_posix()}")
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8", newline="\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/build_translations.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="exit 1 on any problem")
    sub = parser.add_subparsers(dest="command")
    up = sub.add_parser("update", help="bring a language's catalogues in step with English")
    up.add_argument("language", choices=LANGUAGES)
    up.add_argument("stems", nargs="*", help="notebook stems (default: every catalogue)")
    args = parser.parse_args(argv)
    if args.command == "update":
        stems = [s.removesuffix(".ipynb") for s in args.stems] or [
            *_stems(args.language, COURSE),
            *documents(args.language),
            *(
                f"exercises/{n}"
                for n in assignments()
                if assignment_catalogue_path(args.language, n).is_file()
            ),
        ]
        for stem in stems:
            if stem.startswith("exercises/"):
                name = stem.removeprefix("exercises/")
                if name not in assignments():
                    parser.error(f"no assignment exercises/source/{name}/{name}.ipynb")
                path = assignment_catalogue_path(args.language, name)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(update_assignment(args.language, name))
                print(f"wrote {path.relative_to(ROOT)}")
                continue
            if stem.endswith(".md"):
                if not (COURSE / stem).is_file():
                    parser.error(f"no document course/{stem}")
                path = document_catalogue_path(args.language, stem)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(update_document(args.language, stem))
                print(f"wrote {path.relative_to(ROOT)}")
                continue
            if not (COURSE / f"{stem}.ipynb").exists():
                parser.error(f"no notebook course/{stem}.ipynb")
            path = catalogue_path(args.language, stem)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(update(args.language, stem))
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    found = []
    for language in LANGUAGES:
        found += build(language, check=args.check)
        found += build_assignments(language, check=args.check)
    problems = [f for f in found if not f.startswith("stale: ")]
    for line in found:
        print(line if args.check or line in problems else line.replace("stale: ", "wrote: "))
    if problems and not args.check:
        print(
            "(until then the translated notebook shows these cells in English; "
            "--check fails, and so does tests/test_translations.py)"
        )
    if not found:
        print("the translated notebooks are up to date")
    return 1 if args.check and found else 0


if __name__ == "__main__":
    sys.exit(main())
