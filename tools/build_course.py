"""Build the generated parts of the course notebooks from course/modules.yml.

- the course map in 00_start_here.ipynb (the markdown cell tagged ``course-map``).
  Modules whose notebook exists are linked; the others are listed as "in preparation",
  so the map grows as modules arrive;
- the navigation line "< previous | Contents | Glossary | next >" at the top (cell tagged
  ``nav-top``, with a line on coming back another day) and the bottom (``nav-bottom``) of
  every module, inserted when missing.
  Never edit these cells by hand.

Usage::

    python tools/build_course.py          # rewrite the generated cells
    python tools/build_course.py --check  # exit 1 if a committed cell is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
MAP_TAG = "course-map"
NAV_TAGS = ("nav-top", "nav-bottom")
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


def build(course: Path = COURSE, *, check: bool = False) -> list[str]:
    """Rewrite (or, with ``check``, compare) the generated cells; return stale files."""
    modules = load_modules(course)
    stale = []
    for index, module in enumerate(modules):
        path = course / module["file"]
        if not path.exists():
            continue
        nb = nbformat.read(path, as_version=4)
        nav = render_nav(modules, index, course)
        top = nav if index == 0 else f"{nav}\n\n{COMING_BACK}"
        changed = _set_generated(nb, NAV_TAGS[0], top, insert_at=0)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    stale = build(check=args.check)
    for path in stale:
        print(("stale: " if args.check else "rebuilt: ") + path)
    return 1 if (stale and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
