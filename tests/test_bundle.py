"""The participants' ZIP of `make bundle` (tools/build_bundle.py): what is in it, what is not,
and that the course installs and runs from it in a clean folder.

The slow test checks the install in two parts instead of a full `make lab` (which downloads
and installs every dependency, minutes even with a cache): pip prepares the editable install's
metadata from the unpacked folder (what `make lab` runs first, `pip install -e .`), and module 00
runs under nbval with the test environment's packages but the **bundle's own** kamtools first on
PYTHONPATH, from the unpacked folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_bundle  # noqa: E402


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    """The ZIP built from this checkout, unpacked into a clean temporary folder."""
    out = tmp_path_factory.mktemp("bundle")
    assert build_bundle.main(["--out", str(out / "zip")]) == 0
    with zipfile.ZipFile(out / "zip" / f"{build_bundle.NAME}.zip") as zf:
        tops = {name.split("/")[0] for name in zf.namelist()}
        assert tops == {build_bundle.TOP}, "the ZIP must unpack into one folder"
        zf.extractall(out / "clean")
    return out / "clean" / build_bundle.TOP


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_bundle_holds_what_a_participant_needs(unpacked):
    files = _files(unpacked)
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "course").glob("0[0-8]_*.ipynb")}
    assert len(modules) == 9 and modules <= files
    for needed in (
        "README.md",
        "Makefile",
        "pyproject.toml",
        "environment.yml",
        "kamtools/__init__.py",
        "datasets/DATASHEET.md",
        "course/SETUP.md",
        "course/my_data/README.md",
        "course/handouts/self_assessment.html",
        "course/handouts/account_plan_template.html",
    ):
        assert needed in files, needed
    # every dataset and every piece of kamtools that git knows about
    for folder in ("datasets", "kamtools", ".jupyter-learner"):
        tracked = {p for p in build_bundle._git_files(ROOT) if p.startswith(folder + "/")} - {
            p for p in build_bundle._git_files(ROOT) if "__pycache__" in p
        }
        assert tracked <= files, sorted(tracked - files)[:5]


def test_the_bundle_holds_no_facilitator_file_test_or_solution(unpacked):
    files = _files(unpacked)
    forbidden = re.compile(
        r"^(tests|tools|exercises|benchmarks|\.ci|course/hub|node_modules|build)/"
        r"|^conftest\.py$|FACILITATOR|JUPYTERHUB|AUTHORING|WALKTHROUGH"
        r"|_client\.html$|answer_sheet|attendance_sheet|__pycache__|\.pyc$"
    )
    assert not sorted(f for f in files if forbidden.search(f))
    assert not [f for f in files if f.startswith("course/my_data/") and not f.endswith("README.md")]
    # the README is the participants' one, with commands that use only what is in the bundle
    readme = (unpacked / "README.md").read_text(encoding="utf-8")
    assert "make test" not in readme and "nbgrader" not in readme
    assert "make lab" in readme and "conda env create -f environment.yml" in readme
    for path in re.findall(r"`((?:course|datasets|kamtools)/[^`\s]*)`", readme):
        assert (unpacked / path).exists(), path
    assert re.search(r"^lab:", (unpacked / "Makefile").read_text(encoding="utf-8"), re.M)
    # no handout in the bundle links to one that was left out
    for page in (unpacked / "course" / "handouts").glob("*.html"):
        for link in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
            assert (page.parent / link).exists(), f"{page.name} links to the missing {link}"


def test_learners_data_and_ignored_files_stay_out():
    paths = [
        "course/my_data/README.md",
        "course/my_data/crm_export.xlsx",
        "course/handouts/roleplay_price_complaint_client.html",
        "course/handouts/roleplay_price_complaint_kam.html",
        "course/hub/jupyterhub_config.py",
        "course/03_pareto_analysis.ipynb",
        "exercises/source/pareto/pareto.ipynb",
        "kamtools/__pycache__/x.cpython-311.pyc",
    ]
    assert build_bundle.selected(paths) == [
        "course/my_data/README.md",
        "course/handouts/roleplay_price_complaint_kam.html",
        "course/03_pareto_analysis.ipynb",
    ]


def test_outside_a_git_checkout_the_error_says_why(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(build_bundle, "ROOT", tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert build_bundle.main(["--out", str(tmp_path / "out")]) == 2
    assert "git" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_the_bundle_installs_and_runs_module_00_from_a_clean_folder(unpacked, tmp_path):
    # 1. pip can prepare the editable install from the unpacked folder (`make lab`'s first step).
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--dry-run", "-e", "."],
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if pip.returncode and re.search(
        r"(?i)no matching distribution|connection|resolve", pip.stdout + pip.stderr
    ):
        pytest.skip("pip cannot reach a package index for the build backend (setuptools)")
    assert pip.returncode == 0, pip.stdout[-2000:] + pip.stderr[-2000:]
    assert "Would install kamtools" in pip.stdout

    # 2. Module 00 runs from the unpacked folder with the bundle's own kamtools.
    env = {
        **os.environ,
        "PYTHONPATH": str(unpacked),
        "KAMTOOLS_PROGRESS_DB": str(tmp_path / "progress.sqlite3"),
    }
    where = subprocess.run(
        [sys.executable, "-c", "import kamtools; print(kamtools.__file__)"],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).resolve().is_relative_to(unpacked.resolve()), where
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "-q",
            "-c",
            os.devnull,
            "--rootdir",
            str(unpacked),
            "--nbval-lax",
            "--nbval-current-env",
            "course/00_start_here.ipynb",
        ],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert re.search(r"\b\d+ passed\b", run.stdout) and "failed" not in run.stdout
