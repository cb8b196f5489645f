"""The package layout (issue 14, part 8): layers, one public surface, old paths still import.

kamtools is grouped as analysis / data / learning, plus engines that know no course (checks,
progress, grading) and thin widget views. These tests hold the rules CONTRIBUTING.md states.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import kamtools as kt

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kamtools"

# Which layers each layer may import (besides the shared core: errors, messages, _*.py).
ALLOWED = {
    "data": {"data"},
    "analysis": {"analysis", "data"},
    "learning": {"learning", "analysis", "data", "checks", "progress"},
    "checks": {"checks", "progress", "data"},  # data.parsing reads typed numbers
    "progress": {"progress"},
    "grading": {"grading", "checks", "data"},
}
LAYERS = {"data", "analysis", "learning", "checks", "progress", "grading", "widgets", "content"}
OLD_MODULES = {
    "accounts": "analysis", "buyer": "analysis", "concentration": "analysis",
    "matrix_plots": "analysis", "payment_terms": "analysis", "plots": "analysis",
    "portfolio": "analysis", "pricing": "analysis", "profitability": "analysis",
    "transactions": "analysis", "waterfall": "analysis",
    "certificates": "learning", "competencies": "learning", "dossier": "learning",
    "items": "learning", "methods": "learning", "qbr": "learning", "roleplay": "learning",
    "scenarios": "learning",
    "datasets": "data", "parsing": "data", "synthetic": "data", "vistula": "data",
}  # fmt: skip


def _imports(path: Path) -> set[str]:
    """The kamtools modules a file imports, as absolute dotted names."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    package = package.removesuffix(".__init__")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name.startswith("kamtools"):
                found.add(name)
                found.update(f"{name}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("kamtools"))
    return found


def _layer(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer):
    wrong = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in _imports(path):
            used = _layer(name)
            if used is not None and used not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_layer_scan_sees_imports():
    # The test above means nothing if the scan finds nothing.
    found = _imports(PACKAGE / "analysis" / "accounts.py")
    assert "kamtools.errors" in found and any(n.startswith("kamtools.analysis") for n in found)
    assert "kamtools.content.vistula_figures" in _imports(PACKAGE / "widgets" / "pareto.py")


def test_the_top_level_holds_only_the_shared_core():
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    public = {m for m in modules if not m.startswith("_")}
    assert public == {"cli", "errors", "i18n", "messages", "outcomes"}


def _all_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(kt.__path__, "kamtools.")]


def test_no_public_name_is_also_a_module_name():
    # `kt.clv` was both a module and a function; now a name means one thing.
    leaves = {name.rsplit(".", 1)[1] for name in _all_modules()}
    assert not leaves & set(kt.__all__)
    assert isinstance(kt.clv, types.FunctionType)


def test_every_public_name_resolves_to_the_object_of_its_module():
    for name in kt.__all__:
        obj = getattr(kt, name)
        home = getattr(obj, "__module__", None)
        if home and home.startswith("kamtools.") and hasattr(sys.modules[home], name):
            assert getattr(sys.modules[home], name) is obj, name


@pytest.mark.parametrize("old, layer", sorted(OLD_MODULES.items()))
def test_the_old_module_paths_still_import_the_same_module(old, layer):
    # A released assignment's locked setup cell may say `from kamtools.synthetic import ...`.
    new = importlib.import_module(f"kamtools.{layer}.{old}")
    assert importlib.import_module(f"kamtools.{old}") is new
    assert getattr(kt, old) is new
    # not advertised, except kt.vistula: the fictional company's facts, kt.vistula.COST_RATES
    assert (old in dir(kt)) == (old == "vistula")


def test_an_old_setup_cell_runs_in_a_fresh_interpreter():
    code = (
        "import kamtools as kt\n"
        "from kamtools.synthetic import COST_RATES\n"
        "import kamtools.concentration\n"
        "assert COST_RATES is kt.vistula.COST_RATES\n"
        "assert kamtools.concentration.gini is kt.gini\n"
        "import kamtools.roleplay as rp\n"
        "assert rp.Session is kt.learning.roleplay.Session\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_an_unknown_attribute_still_raises():
    with pytest.raises(AttributeError, match="no_such_thing"):
        kt.no_such_thing  # noqa: B018
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("kamtools.clv")  # the function kt.clv is not a module


_OLD_PATH = re.compile(r"\bkamtools\.(" + "|".join(OLD_MODULES) + r")\b")


def test_nothing_in_the_repository_uses_the_old_paths():
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    hits = []
    for name in files:
        path = ROOT / name
        if (
            path.suffix not in {".py", ".ipynb", ".md", ".yml", ".toml", ".cfg"}
            or not path.is_file()
        ):
            continue
        # kamtools/__init__.py keeps the old paths working, CONTRIBUTING.md says so
        if name in {"tests/test_layout.py", "kamtools/__init__.py", "CONTRIBUTING.md"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _OLD_PATH.search(line):
                hits.append(f"{name}:{number}: {line.strip()}")
    assert not hits, "\n".join(hits)
