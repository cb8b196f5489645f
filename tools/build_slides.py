"""Set the slide metadata of the course modules (course/00..08_*.ipynb) from fixed rules.

``make slides`` turns each module into a reveal.js deck (``tools/build_site.py slides``);
what goes on which slide is the cell metadata ``slideshow.slide_type`` that this script
writes (JupyterLab's and RISE's slideshows read it too). ``make slides`` recomputes these
rules at build time and then fits them to a projector (``tools/projector.py``: no code, at
most ~6 lines or one visual per slide, the rest in the speaker notes), so a deck never
depends on the stored metadata being up to date. The rules, the first that matches a cell
wins:

1. ``skip``: the generated navigation cells (tagged ``nav-top`` / ``nav-bottom``) and the
   setup cell (the code cell with ``from kamtools import ____``, see course/AUTHORING.md).
2. ``slide``: a Markdown cell that opens with a ``#`` or ``##`` heading;
   ``subslide``: one that opens with a ``###`` heading (a vertical slide below its section).
3. ``skip``: every other cell of the section "Analyst challenge (optional)": the deck shows
   its heading so that learners know it is there, the work happens in their notebooks.
4. ``skip``: a code cell with a ``____`` blank, where a learner types an answer; the deck
   shows the question, the audience answers in its own notebooks.
5. ``subslide``: a question (a code cell ``ex.qN``) gets a vertical slide of its own. When a
   Markdown cell without a heading introduces it (the cell just before), that cell opens the
   sub-slide and the question follows it; after a heading it stays on the heading's slide.
6. ``notes``: a Markdown cell without a heading and with more than ``NOTES_CHARS``
   characters of prose (no table, no picture): a wall of text no audience reads from a
   projector. It goes to the speaker notes (key ``S`` in the deck) for the presenter to tell.
7. ``fragment``: a Markdown cell without a heading right after a code cell that is shown: the
   reading of a chart or table appears on the next click, after the audience has looked.
8. Anything else continues the current slide: no ``slideshow`` metadata at all.

Everything else in the notebooks stays as it is, byte for byte (nbformat's own layout).

Usage::

    python tools/build_slides.py --write   # set the metadata in the course modules
    python tools/build_slides.py --check   # exit 1 when a module's metadata is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
#: The course modules: NN_slug.ipynb (the glossary and the references are no decks).
MODULE_GLOB = "[0-9][0-9]_*.ipynb"
NAV_TAGS = frozenset({"nav-top", "nav-bottom"})
SETUP_MARKER = re.compile(r"^from kamtools import ____\b", re.MULTILINE)
BLANK = "____"
QUESTION = re.compile(r"^ex\.q\d+\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*)")
OPTIONAL_SECTION = re.compile(r"^analyst challenge", re.IGNORECASE)
#: Longer prose without a heading goes to the speaker notes (rule 6).
NOTES_CHARS = 1500
SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")


def _heading_level(cell) -> int:
    """1 for ``# ...``, 2 for ``## ...`` ...; 0 when the cell does not open with a heading."""
    if cell.cell_type != "markdown":
        return 0
    first = cell.source.lstrip().split("\n", 1)[0]
    match = HEADING.match(first)
    return len(match.group(1)) if match else 0


def _heading_text(cell) -> str:
    first = cell.source.lstrip().split("\n", 1)[0]
    match = HEADING.match(first)
    return match.group(2).strip() if match else ""


def _is_prose(source: str) -> bool:
    """Text only: no Markdown table and no picture (those belong on the slide)."""
    table = re.search(r"^\s*\|?\s*:?-{3,}", source, re.MULTILINE)
    picture = "![" in source or "<img" in source
    return not table and not picture


def slide_types(cells: Iterable) -> list[str]:
    """The slide type the rules give each cell, ``"-"`` for "continue the slide"."""
    cells = list(cells)
    types: list[str] = []
    in_optional = False
    for i, cell in enumerate(cells):
        level = _heading_level(cell)
        if level in (1, 2):
            in_optional = bool(OPTIONAL_SECTION.match(_heading_text(cell)))
        tags = set(cell.get("metadata", {}).get("tags", []))
        source = cell.source
        previous = cells[i - 1] if i else None
        shown_code_before = (
            previous is not None and previous.cell_type == "code" and types[-1] != "skip"
        )
        if tags & NAV_TAGS or (cell.cell_type == "code" and SETUP_MARKER.search(source)):
            kind = "skip"
        elif level in (1, 2):
            kind = "slide"
        elif level == 3:
            kind = "subslide"
        elif in_optional or (cell.cell_type == "code" and BLANK in source):
            kind = "skip"
        elif cell.cell_type == "code" and QUESTION.match(source.strip()):
            kind = "subslide"
            if previous is not None and previous.cell_type == "markdown":
                if _heading_level(previous):
                    kind = "-"
                elif types[-1] in ("-", "fragment"):
                    types[-1], kind = "subslide", "-"
        elif cell.cell_type == "markdown" and len(source) > NOTES_CHARS and _is_prose(source):
            kind = "notes"
        elif cell.cell_type == "markdown" and shown_code_before:
            kind = "fragment"
        else:
            kind = "-"
        types.append(kind)
    return types


def apply(nb) -> bool:
    """Set the rules' slide types in ``nb`` (in place); True when anything changed."""
    changed = False
    for cell, kind in zip(nb.cells, slide_types(nb.cells), strict=True):
        meta = cell.setdefault("metadata", {})
        before = meta.get("slideshow")
        show = dict(before or {})
        if kind == "-":
            show.pop("slide_type", None)
        else:
            show["slide_type"] = kind
        after = show or None  # "-" is written as no slideshow metadata at all
        if after == before:
            continue
        changed = True
        if after is None:
            del meta["slideshow"]
        else:
            meta["slideshow"] = after
    return changed


def modules(course: Path = COURSE) -> list[Path]:
    """The course modules, in order."""
    return sorted(course.glob(MODULE_GLOB))


def build(course: Path = COURSE, *, check: bool = False) -> list[str]:
    """Apply the rules to every module (or, with ``check``, only compare); return the
    modules whose metadata was, or is, out of date."""
    stale = []
    paths = modules(course)
    if not paths:
        raise FileNotFoundError(f"no course modules ({MODULE_GLOB}) in {course}")
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if apply(nb):
            stale.append(str(path.relative_to(course.parent)))
            if not check:
                nbformat.write(nb, path)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="set the metadata in place")
    mode.add_argument("--check", action="store_true", help="exit 1 when it is out of date")
    args = parser.parse_args(argv)
    stale = build(check=args.check)
    for path in stale:
        print(("out of date: " if args.check else "updated: ") + path)
    if stale and args.check:
        print("run `python tools/build_slides.py --write`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
