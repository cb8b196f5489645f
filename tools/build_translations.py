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

``update`` adds new cells as empty entries, marks an entry fuzzy when its English cell
changed (keeping the old English as ``#| msgid``, so the translator sees what changed)
and drops the entries of cells that are gone. A translator then fills the entries (and
clears the fuzzy flags) and runs the build; afterwards ``python tools/build_glossary.py``
links the Polish glossary to the new Polish modules.
"""

from __future__ import annotations

import argparse
import copy
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import denormalize, normalize, read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import build_course  # noqa: E402

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
    folder = course / "locales" / language
    names = {f"{p.stem}.ipynb" for p in folder.glob("*.po")} if folder.is_dir() else set()
    if (course / language / "glossary.ipynb").exists():
        names.add("glossary.ipynb")
    return names


_MD_LINK = re.compile(r"(\]\()(?P<target><[^>]*>|[^)\s]+)")
_HTML_LINK = re.compile(r"""(\b(?:href|src)=)(?P<q>["'])(?P<target>.*?)(?P=q)""")


def _relink(target: str, translated: set[str]) -> str:
    """A link of an English cell as seen from ``course/<lang>/``."""
    if not target or target.startswith(("#", "/", "<")) or re.match(r"^[a-z][a-z0-9+.-]*:", target):
        return target
    path, _, anchor = target.partition("#")
    if path.endswith(".ipynb") and "/" not in path and path in translated:
        return target
    return "../" + target


def relink(markdown: str, translated: set[str]) -> str:
    """Every relative link of ``markdown`` pointed from ``course/<lang>/``: translated
    notebooks stay beside it, everything else is the English course's file (``../``)."""
    text = _MD_LINK.sub(lambda m: m[1] + _relink(m["target"], translated), markdown)
    return _HTML_LINK.sub(
        lambda m: f"{m[1]}{m['q']}{_relink(m['target'], translated)}{m['q']}", text
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


def same_code(english: str, translation: str) -> bool:
    """True if ``translation`` differs from ``english`` only in comments and strings."""
    a, b = code_tokens(english), code_tokens(translation)
    if a is None or b is None:
        return english == translation
    return a == b


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
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def previous_english(message: Message) -> str | None:
    """The English a fuzzy entry was translated from (its ``#| msgid``), if known.

    Babel writes a multi-line previous msgid as one mangled comment and reads ``#|`` lines
    back as plain comments, so this module writes and reads them itself."""
    if message.previous_id:
        previous = message.previous_id
        return previous if isinstance(previous, str) else previous[0]
    lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
    if not lines or not lines[0].startswith("msgid "):
        return None
    return denormalize("\n".join([lines[0].removeprefix("msgid ").strip(), *lines[1:]]))


def render(catalogue: Catalog) -> bytes:
    """The catalogue as a .po file: reproducible (no dates), fuzzy entries with their old
    English as standard ``#| msgid`` lines."""
    previous: dict[str, str] = {}
    for message in catalogue:
        if not message.context:
            continue
        old = previous_english(message)
        if old is not None and message.fuzzy:
            previous[message.context] = old
        message.previous_id = []
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    out = io.BytesIO()
    write_po(out, catalogue, width=WIDTH, sort_output=False, include_lineno=False)
    # the header's dates change on every run: drop them so the files are reproducible
    lines = [
        line
        for line in out.getvalue().decode("utf-8").split("\n")
        if not line.startswith(('"POT-Creation-Date', '"PO-Revision-Date'))
    ]
    text = "\n".join(lines)
    for context, old in previous.items():
        quoted = normalize(old, width=WIDTH).split("\n")
        block = "".join(f"#| {'msgid ' if i == 0 else ''}{line}\n" for i, line in enumerate(quoted))
        anchor = f'msgctxt "{context}"\n'
        text = text.replace(anchor, block + anchor, 1)
    return text.encode("utf-8")


def update(language: str, stem: str, course: Path = COURSE) -> bytes:
    """The catalogue of notebook ``stem`` in step with the English notebook (not written).

    Entries are matched by cell id: a new cell gets an empty entry; a cell whose English
    changed keeps its translation, marked fuzzy, with the old English as ``#| msgid``; the
    entries of cells that are gone are dropped."""
    name = f"{stem}.ipynb"
    nb = nbformat.read(course / name, as_version=4)
    path = catalogue_path(language, stem, course)
    old = read_catalogue(path, language) if path.is_file() else None
    catalogue = Catalog(
        locale=language,
        project="KAM Academy",
        version="0.1.0",
        header_comment="# " + HEADER.format(name=name, language=LANGUAGE_NAMES[language]),
        creation_date=None,
        revision_date=None,
        fuzzy=False,
    )
    if old is not None:
        catalogue.last_translator = old.last_translator
        catalogue.language_team = old.language_team
    before = {m.context: m for m in old or () if m.context}
    for cell_id, english, kind in entries(nb):
        common = {
            "context": cell_id,
            "locations": [(f"course/{name}", 0)],
            "auto_comments": [CODE_NOTE] if kind == "code" else [],
        }
        previous = before.get(cell_id)
        if previous is None or not previous.string:
            catalogue.add(english, **common)
        elif previous.id == english:
            old_english = previous_english(previous) if previous.fuzzy else None
            catalogue.add(
                english,
                previous.string,
                flags=previous.flags,
                previous_id=old_english or (),
                **common,
            )
        else:
            catalogue.add(
                english, previous.string, flags={"fuzzy"}, previous_id=previous.id, **common
            )
    return render(catalogue)


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
    folder = course / "locales" / language
    return sorted(p.stem for p in folder.glob("*.po")) if folder.is_dir() else []


def _modules(course: Path) -> list[dict]:
    modules = build_course.load_modules(course)
    for m in modules:
        missing = {"title_pl", "summary_pl"} - set(m)
        if missing:
            raise ValueError(f"modules.yml entry {m['file']!r} lacks {sorted(missing)}")
    return modules


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
        problem = None
        if entry is None:
            problem = f"cell {cell['id']} has no entry (run update {language})"
        elif entry.id != english_text:
            problem = (
                f"cell {cell['id']} changed in English after its translation "
                f"(run `python tools/build_translations.py update {language}`, then revise it)"
            )
        elif not text:
            problem = f"cell {cell['id']} is not translated"
        elif entry.fuzzy:
            problem = f"cell {cell['id']} is fuzzy (its English changed)"
        elif kind == "code" and not same_code(cell.source, text):
            problem = (
                f"cell {cell['id']}: the translation changes the code; only comments and "
                "strings may differ (code is never forked by hand)"
            )
        elif kind == "markdown" and cell is front and TIME_MSGID in english_text:
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
        cell.source = relink(text, translated) if kind == "markdown" else text
    return nb, problems


def _text(nb: nbformat.NotebookNode) -> str:
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


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
        stems = [s.removesuffix(".ipynb") for s in args.stems] or _stems(args.language, COURSE)
        for stem in stems:
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
