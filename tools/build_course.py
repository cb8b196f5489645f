"""Build the generated parts of the course from course/modules.yml and the notebooks.

- the study time of every module: ``minutes`` in ``modules.yml`` and the front matter's
  line "**Time**: about N minutes (teaching X, exercises Y)." are computed from the
  notebook by the timing rule below, never typed in;
- the course map in 00_start_here.ipynb (the markdown cell tagged ``course-map``).
  Modules whose notebook exists are linked; the others are listed as "in preparation",
  so the map grows as modules arrive;
- the navigation line "< previous | Contents | Glossary | next >" at the top (cell tagged
  ``nav-top``, with a line on coming back another day) and the bottom (``nav-bottom``) of
  every module, inserted when missing.
  Never edit these cells, the Time line or ``minutes`` by hand.

The timing rule (a learner reading in a second language, doing every activity):

- **reading**: the words of the Markdown cells at 120 words a minute. Not counted: the
  generated cells (navigation, course map), the Time line itself, HTML comments, fenced
  code blocks, link addresses and HTML tags (link texts and inline code are read, so
  they count). 120 words a minute is about half a native reader's speed for study text:
  a learner reading business English as a second language, stopping to think;
- **knowledge checks**: 2 minutes per ``.check(`` call in a code cell (read the options,
  decide, type the answer, read the feedback);
- **widgets and tools**: 4 minutes per code cell that opens one of the widgets of the
  registry, the names in ``kamtools.widgets.__all__`` (``RolePlay``, ``Quiz``,
  ``ParetoExplorer``, ``DossierBuilder``, ...; read from ``kamtools/widgets/__init__.py``,
  so a new widget counts as soon as it is exported there);
- **other code cells**: 1 minute each to run and read the output (empty cells and cells
  holding only comments count too: the learner reads them).

Teaching is reading plus the code cells that show material; exercises are the checks, the
widget cells and the code cells that show an exercise's question (``ex.q3``,
``ex.q6.data()``, ``ex.q9.rubric()``). The total is rounded up to the next 5 minutes
(at least 5); it is shared between teaching and exercises in proportion to their raw
minutes, each part a multiple of 5, so that teaching + exercises = total. Comments
(``#``) in code are ignored when looking for checks, widgets and questions.

Usage::

    python tools/build_course.py          # rewrite the generated cells and minutes
    python tools/build_course.py --check  # exit 1 if a committed cell or minutes is stale
    python tools/build_course.py --times  # print each module's counts and minutes
"""

from __future__ import annotations

import argparse
import ast
import io
import math
import re
import sys
import tokenize
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
MAP_TAG = "course-map"
NAV_TAGS = ("nav-top", "nav-bottom")
#: Cells this script writes: not part of a module's reading time.
GENERATED_TAGS = (MAP_TAG, *NAV_TAGS)
#: The widget registry: every name in its ``__all__`` is a widget or tool.
WIDGETS_INIT = ROOT / "kamtools" / "widgets" / "__init__.py"

# The timing rule (module docstring). Change a constant only with a reason stated here.
#: Reading speed for study prose in a second language (about half a native reader's).
WORDS_PER_MINUTE = 120
#: One knowledge check: read it, decide, answer, read the feedback.
CHECK_MINUTES = 2
#: One widget or tool cell: try it out as the text around it asks.
WIDGET_MINUTES = 4
#: Any other code cell: run it and read what it shows.
CODE_MINUTES = 1
#: Totals are rounded up to a multiple of this, and so are the teaching/exercise parts.
ROUND_TO = 5

#: The front matter's time line, wherever its colon is ("**Time**:" or "**Time:**").
TIME_LINE = re.compile(r"^(?P<lead>[ \t]*(?:[-*][ \t]+)?)\*\*Time(?:\*\*:|:\*\*).*$", re.M)
GLOSSARY = "glossary.ipynb"
#: Under the navigation at the top of every module: how to come back to it another day.
COMING_BACK = (
    "*Coming back to this page?* Choose **Run → Run All Cells**: every tool comes back, with "
    "your answers and your progress."
)


def load_modules(course: Path = COURSE) -> list[dict]:
    """Read the module list from ``modules.yml``, checking each entry's fields."""
    data = yaml.safe_load((course / "modules.yml").read_text(encoding="utf-8"))
    modules = data["modules"]
    for i, m in enumerate(modules):
        missing = {"file", "title", "minutes", "summary"} - set(m)
        if missing:
            raise ValueError(f"modules.yml entry {i} ({m.get('file')!r}) lacks {sorted(missing)}")
        if not isinstance(m["minutes"], int) or m["minutes"] <= 0:
            raise ValueError(
                f"modules.yml entry {m['file']!r}: minutes={m['minutes']!r} "
                "must be a positive whole number"
            )
    return modules


def render_map(modules: list[dict], course: Path = COURSE) -> str:
    """The course map as a Markdown table, with the total study time."""
    lines = [
        "## The course map",
        "",
        "| # | Module | Minutes | What you will be able to do |",
        "|---|---|---|---|",
    ]
    for m in modules:
        number = m["file"][:2]
        if (course / m["file"]).exists():
            name = f"[{m['title']}]({m['file']})"
        else:
            name = f"{m['title']} *(in preparation)*"
        lines.append(f"| {number} | {name} | {m['minutes']} | {m['summary']} |")
    total = sum(m["minutes"] for m in modules)
    ready = [m for m in modules if (course / m["file"]).exists()]
    hours, minutes = divmod(total, 60)
    lines += [
        "",
        f"The whole course takes about {hours} h {minutes:02d} min of study; "
        f"{len(ready)} of {len(modules)} modules are ready today. "
        "Take them in order: each one builds on the one before.",
    ]
    return "\n".join(lines)


def render_nav(modules: list[dict], index: int, course: Path = COURSE) -> str:
    """The navigation line of module ``index``: previous, contents, next (ready ones only)."""
    ready = [i for i, m in enumerate(modules) if (course / m["file"]).exists()]
    before = [i for i in ready if i < index]
    after = [i for i in ready if i > index]
    parts = []
    if before:
        m = modules[before[-1]]
        parts.append(f"[< {m['file'][:2]} {m['title']}]({m['file']})")
    parts.append(f"[Contents]({modules[0]['file']}#The-course-map)")
    parts.append(f"[Glossary]({GLOSSARY})")
    if after:
        m = modules[after[0]]
        parts.append(f"[{m['file'][:2]} {m['title']} >]({m['file']})")
    return " | ".join(parts)


def _tagged(nb, tag: str) -> list:
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def _set_generated(nb, tag: str, text: str, *, insert_at: int | None = None) -> bool:
    """Make the one cell tagged ``tag`` hold ``text``; insert it when missing and
    ``insert_at`` is given (0 = first cell, -1 = last cell). True if anything changed."""
    cells = _tagged(nb, tag)
    if len(cells) > 1 or (not cells and insert_at is None):
        raise ValueError(f"needs exactly one cell tagged {tag!r}, found {len(cells)}")
    if not cells:
        cell = nbformat.v4.new_markdown_cell(text, metadata={"tags": [tag]})
        nb.cells.insert(0 if insert_at == 0 else len(nb.cells), cell)
        return True
    if cells[0].source == text:
        return False
    cells[0].source = text
    return True


# ---------------------------------------------------------------------------------------
# Study time
# ---------------------------------------------------------------------------------------
@cache
def widget_names(init: Path = WIDGETS_INIT) -> tuple[str, ...]:
    """The names of the widget registry (``__all__`` of ``kamtools/widgets/__init__.py``).

    Read with :mod:`ast`, without importing kamtools (and ipywidgets)."""
    tree = ast.parse(init.read_text(encoding="utf-8"), filename=str(init))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            names = ast.literal_eval(node.value)
            if names and all(isinstance(n, str) for n in names):
                return tuple(names)
    raise ValueError(f"{init}: no literal __all__ list of widget names")


def _code_without_comments(source: str) -> str:
    """``source`` with its ``#`` comments removed (as written when it does not tokenize)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return source
    lines = source.splitlines(keepends=True)
    for tok in reversed(tokens):  # from the end, so earlier positions stay valid
        if tok.type == tokenize.COMMENT:
            (row, start), (_, end) = tok.start, tok.end
            line = lines[row - 1]
            lines[row - 1] = line[:start] + line[end:]
    return "".join(lines)


_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.M | re.S)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"[^\W_]+(?:['’.,/-][^\W_]+)*")
_CHECK = re.compile(r"\.check\(")
_QUESTION = re.compile(r"\b[A-Za-z_]\w*\.q\d+\b")


def count_words(markdown: str) -> int:
    """The words a learner reads in one Markdown cell (see the timing rule)."""
    text = _HTML_COMMENT.sub(" ", markdown)
    text = _FENCED.sub(" ", text)
    text = TIME_LINE.sub(" ", text)
    text = _LINK.sub(r" \1 ", text)
    text = _TAG.sub(" ", text)
    text = _URL.sub(" ", text)
    return len(_WORD.findall(text))


def _round_up(minutes: Fraction) -> int:
    return max(ROUND_TO, math.ceil(minutes / ROUND_TO) * ROUND_TO)


@dataclass(frozen=True)
class TimeEstimate:
    """What a module asks of a learner, and the minutes the timing rule gives it."""

    words: int
    checks: int
    widget_cells: int
    question_cells: int
    code_cells: int

    @property
    def reading(self) -> Fraction:
        return Fraction(self.words, WORDS_PER_MINUTE)

    @property
    def teaching_raw(self) -> Fraction:
        """Reading plus the code cells that show material, unrounded."""
        return self.reading + self.code_cells * CODE_MINUTES

    @property
    def exercises_raw(self) -> Fraction:
        """Checks, widget cells and question cells, unrounded."""
        return Fraction(
            self.checks * CHECK_MINUTES
            + self.widget_cells * WIDGET_MINUTES
            + self.question_cells * CODE_MINUTES
        )

    @property
    def minutes(self) -> int:
        """The total, rounded up to the next multiple of ``ROUND_TO`` (at least one)."""
        return _round_up(self.teaching_raw + self.exercises_raw)

    @property
    def exercises(self) -> int:
        """The exercises' share of :attr:`minutes`, a multiple of ``ROUND_TO``."""
        raw = self.teaching_raw + self.exercises_raw
        if raw == 0:
            return 0
        share = self.minutes * self.exercises_raw / raw / ROUND_TO
        return math.floor(share + Fraction(1, 2)) * ROUND_TO  # nearest, halves up

    @property
    def teaching(self) -> int:
        return self.minutes - self.exercises

    def time_line(self, lead: str = "") -> str:
        return (
            f"{lead}**Time**: about {self.minutes} minutes "
            f"(teaching {self.teaching}, exercises {self.exercises})."
        )


def _generated(cell) -> bool:
    return bool(set(cell.get("metadata", {}).get("tags", [])) & set(GENERATED_TAGS))


def estimate(nb, widgets: tuple[str, ...] | None = None) -> TimeEstimate:
    """Count a notebook's words, checks, widget, question and other code cells."""
    names = widget_names() if widgets is None else widgets
    widget_call = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\s*\(")
    words = checks = widget_cells = question_cells = code_cells = 0
    for cell in nb.cells:
        if _generated(cell):
            continue
        if cell.cell_type == "markdown":
            words += count_words(cell.source)
        elif cell.cell_type == "code":
            if not cell.source.strip():
                continue
            code = _code_without_comments(cell.source)
            n_checks = len(_CHECK.findall(code))
            checks += n_checks
            if widget_call.search(code):
                widget_cells += 1
            elif n_checks:
                pass
            elif _QUESTION.search(code):
                question_cells += 1
            else:
                code_cells += 1
    return TimeEstimate(words, checks, widget_cells, question_cells, code_cells)


def _front_matter(nb):
    return next((c for c in nb.cells if c.cell_type == "markdown" and not _generated(c)), None)


def _set_time_line(nb, est: TimeEstimate) -> bool:
    """Rewrite the front matter's Time line from ``est``; True if it changed.

    A notebook without a Time line (module 00) is left as it is."""
    cell = _front_matter(nb)
    if cell is None:
        return False
    new = TIME_LINE.sub(lambda m: est.time_line(m["lead"]), cell.source)
    if new == cell.source:
        return False
    cell.source = new
    return True


_ITEM = re.compile(r"^(?P<indent>[ \t]*)-[ \t]+\w+:")
_FILE = re.compile(r"^[ \t]*(?:-[ \t]+)?file:[ \t]*(?P<q>['\"]?)(?P<file>[^'\"#\s]+)(?P=q)")
_MINUTES = re.compile(r"^(?P<key>[ \t]*(?:-[ \t]+)?minutes:[ \t]*)\d+")


def set_manifest_minutes(text: str, minutes: dict[str, int]) -> str:
    """``modules.yml`` text with the ``minutes`` of the files in ``minutes`` replaced.

    Edits only those numbers, so comments, order and quoting stay as they are."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, ln in enumerate(lines) if _ITEM.match(ln)] + [len(lines)]
    for a, b in zip(starts, starts[1:], strict=False):
        block = range(a, b)
        file = next((m["file"] for i in block if (m := _FILE.match(lines[i]))), None)
        if file not in minutes:
            continue
        for i in block:
            if m := _MINUTES.match(lines[i]):
                lines[i] = f"{m['key']}{minutes[file]}{lines[i][m.end() :]}"
                break
    new = "".join(lines)
    written = {m["file"]: m["minutes"] for m in yaml.safe_load(new)["modules"]}
    wrong = {f: n for f, n in minutes.items() if written.get(f) != n}
    if wrong:
        raise ValueError(f"modules.yml: could not set the minutes of {sorted(wrong)}")
    return new


def module_times(course: Path = COURSE) -> dict[str, TimeEstimate]:
    """File name -> the time estimate of every module of modules.yml that exists."""
    out = {}
    for m in load_modules(course):
        path = course / m["file"]
        if path.exists():
            out[m["file"]] = estimate(nbformat.read(path, as_version=4))
    return out


# ---------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------
def build(course: Path = COURSE, *, check: bool = False) -> list[str]:
    """Rewrite (or, with ``check``, compare) the generated cells, the Time lines and the
    minutes of ``modules.yml``; return the stale files."""
    modules = load_modules(course)
    notebooks, estimates = {}, {}
    for module in modules:
        path = course / module["file"]
        if path.exists():
            notebooks[module["file"]] = nb = nbformat.read(path, as_version=4)
            estimates[module["file"]] = estimate(nb)
    computed = {file: est.minutes for file, est in estimates.items()}
    stale = []
    manifest = course / "modules.yml"
    if any(m["minutes"] != computed[m["file"]] for m in modules if m["file"] in computed):
        stale.append(str(manifest.relative_to(course.parent)))
        if not check:
            text = manifest.read_text(encoding="utf-8")
            manifest.write_text(set_manifest_minutes(text, computed), encoding="utf-8")
    modules = [{**m, "minutes": computed.get(m["file"], m["minutes"])} for m in modules]
    for index, module in enumerate(modules):
        nb = notebooks.get(module["file"])
        if nb is None:
            continue
        path = course / module["file"]
        changed = _set_time_line(nb, estimates[module["file"]])
        nav = render_nav(modules, index, course)
        top = nav if index == 0 else f"{nav}\n\n{COMING_BACK}"
        changed |= _set_generated(nb, NAV_TAGS[0], top, insert_at=0)
        changed |= _set_generated(nb, NAV_TAGS[1], nav, insert_at=-1)
        if index == 0:
            try:
                changed |= _set_generated(nb, MAP_TAG, render_map(modules, course))
            except ValueError as err:
                raise ValueError(f"{path.name}: {err}") from None
        if changed:
            stale.append(str(path.relative_to(course.parent)))
            if not check:
                nbformat.write(nb, path)
    return stale


def print_times(course: Path = COURSE) -> None:
    """The counts and minutes of every module, as a table."""
    print(f"{'module':34} words checks widgets questions code  raw  minutes")
    for file, e in module_times(course).items():
        raw = float(e.teaching_raw + e.exercises_raw)
        print(
            f"{file:34} {e.words:5} {e.checks:6} {e.widget_cells:7} {e.question_cells:9}"
            f" {e.code_cells:4} {raw:5.1f}  {e.minutes} ({e.teaching} + {e.exercises})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    parser.add_argument("--times", action="store_true", help="print each module's time")
    args = parser.parse_args(argv)
    if args.times:
        print_times()
        return 0
    stale = build(check=args.check)
    for path in stale:
        print(("stale: " if args.check else "rebuilt: ") + path)
    return 1 if (stale and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
