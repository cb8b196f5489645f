"""Build the participants' ZIP of the course: ``make bundle`` -> build/kam-academy-course.zip.

The ZIP holds what a learner needs to run the course on a laptop with ``make lab`` (or the
conda route of course/SETUP.md): the course notebooks and apps, the datasets, the helper
package ``kamtools``, ``pyproject.toml``, ``environment.yml``, the ``Makefile`` and the lab
settings of ``.jupyter-learner/``, and a participants' README.md with the install commands.

It leaves out everything that is not for participants: the facilitator's guide and kit, the
JupyterHub guide and configuration (``course/hub/``), the client role-play cards and the
facilitator-only handouts, the tests, the tools, the benchmarks, the graded exercises with
their solutions (``exercises/``), authoring notes, and any learner data in ``course/my_data/``.

The files are those git knows about (committed, or new and not ignored), so build output,
virtual environments and ignored customer files never get in.

Usage::

    python tools/build_bundle.py                  # build/kam-academy-course.zip
    python tools/build_bundle.py --out DIR        # DIR/kam-academy-course.zip
    python tools/build_bundle.py --list           # print the files it would pack
"""

from __future__ import annotations

import argparse
import fnmatch
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "kam-academy-course"
#: The folder inside the ZIP, so that unpacking gives one folder, as a git clone does.
TOP = "kam-academy"

#: What goes in: these top-level files and folders (everything under a folder, minus EXCLUDE).
INCLUDE = (
    "course/",
    "datasets/",
    "kamtools/",
    ".jupyter-learner/",
    "Makefile",
    "pyproject.toml",
    "requirements/",
    "environment.yml",
    ".gitignore",
)
#: What stays out, as fnmatch patterns on the path (``*`` crosses folders).
EXCLUDE = (
    # the facilitator's and the host's material
    "course/FACILITATOR_GUIDE.md",
    "course/FACILITATOR_KIT.md",
    "course/JUPYTERHUB.md",
    "course/hub/*",
    "course/handouts/roleplay_*_client.html",
    "course/handouts/answer_sheet.html",
    "course/handouts/attendance_sheet.html",
    "course/handouts/index.html",  # the facilitator's printing list, with links to all of it
    # ... and the same in the Polish edition
    "course/pl/FACILITATOR_GUIDE.md",
    "course/pl/FACILITATOR_KIT.md",
    "course/handouts/pl/roleplay_*_client.html",
    "course/handouts/pl/answer_sheet.html",
    "course/handouts/pl/attendance_sheet.html",
    "course/handouts/pl/index.html",
    # authoring and testing
    "course/AUTHORING.md",
    "course/WALKTHROUGH.md",
    "course/seed_coverage.yml",
    "course/nbval_sanitize.cfg",
    "course/locales/*",  # the translators' catalogues; course/pl/ holds what they make
    # learners' own data never leaves their laptop; the folder's README does
    "course/my_data/*",
    "*/__pycache__/*",
    "*.pyc",
    "*/.ipynb_checkpoints/*",
)
KEEP = ("course/my_data/README.md",)

README = """\
# KAM Academy

A hands-on course on **key account management** in Jupyter notebooks: how a company finds the
few customers that carry its business, how a key account manager looks after them, and which
mistakes quietly lose them.

## Start the course

You need Python 3.11 or newer and `make` (Mac, Linux, or Windows with WSL). In a terminal, in
this folder (the one with this README):

```sh
make lab
```

The first `make lab` creates a private Python environment in the folder `.venv` and installs
everything the course needs (a few minutes, with the internet). Then your browser opens the
page **Welcome to KAM Academy** (`course/00_start_here.ipynb`). Afterwards `make lab` starts in
seconds, also offline. To stop, press Ctrl + C twice in the terminal.

With conda instead of `make`, in this folder:

```sh
conda env create -f environment.yml
conda activate kam-academy
jupyter lab course/00_start_here.ipynb
```

Windows without WSL or conda (PowerShell, in this folder):

```powershell
py -3 -m venv .venv
.venv\\Scripts\\python -m pip install -e .
.venv\\Scripts\\jupyter lab course/00_start_here.ipynb
```

`course/SETUP.md` explains every step, what to do when something goes wrong, and the check
that tells you that you are ready for the workshop.

## What is in this folder

| Folder | What |
|---|---|
| `course/` | the modules, `00_start_here.ipynb` first; `handouts/` has the printable templates |
| `course/my_data/` | where your own customer files go: never shared (read its README first) |
| `datasets/` | the course's data and `DATASHEET.md` with their sources and licences |
| `kamtools/` | the helper package that does the analysis in the notebooks |
"""


class BundleError(Exception):
    """The bundle cannot be built; the message says why."""


def _git_files(root: Path) -> list[str]:
    """The files git knows about in ``root``: tracked, or new and not ignored."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        raise BundleError(
            f"cannot list the course's files with git in {root}: {err}. The bundle is built "
            "from a git checkout of the course (git clone), so that ignored files such as "
            "learners' data and build output never get in."
        ) from None
    names = [n for n in out.decode("utf-8").split("\0") if n]
    return sorted(n for n in names if (root / n).is_file())  # not deleted ones


def selected(paths: Sequence[str]) -> list[str]:
    """The paths of ``paths`` that belong in the participants' ZIP."""

    def wanted(path: str) -> bool:
        if path in KEEP:
            return True
        if not any(path == i or (i.endswith("/") and path.startswith(i)) for i in INCLUDE):
            return False
        return not any(fnmatch.fnmatch(path, pattern) for pattern in EXCLUDE)

    return [p for p in paths if wanted(p)]


def build(out_dir: Path, root: Path | None = None) -> Path:
    """Write ``out_dir/kam-academy-course.zip``; return its path."""
    root = ROOT if root is None else root
    files = selected(_git_files(root))
    missing = [p for p in ("course/00_start_here.ipynb", "pyproject.toml") if p not in files]
    if missing:
        raise BundleError(f"the course is incomplete, {missing} not found in {root}")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{NAME}.zip"
    tmp = target.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(f"{TOP}/README.md", README)
        for path in files:
            zf.write(root / path, f"{TOP}/{path}")
    tmp.replace(target)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build", help="folder of the ZIP")
    parser.add_argument("--list", action="store_true", help="print the files, build nothing")
    args = parser.parse_args(argv)
    try:
        if args.list:
            print("\n".join(["README.md (participants' version)", *selected(_git_files(ROOT))]))
            return 0
        target = build(args.out)
    except BundleError as err:
        print(f"build_bundle: {err}", file=sys.stderr)
        return 2
    with zipfile.ZipFile(target) as zf:
        count = len(zf.namelist())
    size = target.stat().st_size / 1e6
    print(f"wrote {target} ({count} files, {size:.1f} MB)")
    print(f"Participants unpack it and run `make lab` in the {TOP}/ folder (README.md inside).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
