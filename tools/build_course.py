"""Build the generated parts of the course notebooks from course/modules.yml.

Today that is the course map in 00_start_here.ipynb (the markdown cell tagged
``course-map``). Modules whose notebook exists are linked; the others are listed as
"in preparation", so the map grows as modules arrive.

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


def build(course: Path = COURSE, *, check: bool = False) -> list[str]:
    """Rewrite (or, with ``check``, compare) the generated cells; return stale files."""
    modules = load_modules(course)
    start = course / modules[0]["file"]
    nb = nbformat.read(start, as_version=4)
    cells = [c for c in nb.cells if MAP_TAG in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ValueError(
            f"{start.name} must have exactly one cell tagged {MAP_TAG!r}, found {len(cells)}"
        )
    wanted = render_map(modules, course)
    if cells[0].source == wanted:
        return []
    if not check:
        cells[0].source = wanted
        nbformat.write(nb, start)
    return [str(start.relative_to(course.parent))]


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
