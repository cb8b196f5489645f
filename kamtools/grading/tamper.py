"""Find code in a submission that replaces what the tests rely on, for the instructor's review.

Test cells run in the same Python process as the student's answers. The hidden tests
compare with values fixed at generation through helpers that keep their own references
(:mod:`kamtools.grading._verify`), which defeats the usual tricks; but in-process code can
always reach further. So every submission's code is read (never run) with Python's ``ast``
and these are flagged:

- assigning to or deleting an attribute of a module (``math.isclose = ...``,
  ``kt.top_share = ...``, ``np.testing.assert_allclose = ...``, ``pd.Series.__eq__ = ...``);
- ``setattr``/``delattr`` on a module, ``sys.modules``, ``builtins``/``__builtins__``,
  ``__dict__``, ``vars()``, ``globals()[...]``/``globals().update``, code and frame
  internals (``__code__``, ``__globals__``, ``sys._getframe``, ``inspect``, ``gc``,
  ``ctypes``), ``importlib``/``__import__``, ``exec``/``eval``/``compile`` and
  ``get_ipython()`` (code the scan cannot read), mocks (``unittest.mock``), shell commands;
- a built-in name (``abs``, ``float``, ``isinstance``...) bound at the top level to a
  function, a class or another name (``abs = lambda x: 0``, ``def isinstance(...)``), or
  deleted;
- reading IPython's input history (``In``, ``_ih``, ``_i``; the history manager;
  ``linecache``): it holds the hidden tests of the test cells run before;
- any mention of the grading machinery (``kamtools.grading``, ``_verify``, ``gradebook``),
  and imports of ``sqlite3``, ``socket`` or ``subprocess`` (the sandbox stops what they
  could do; the flag tells the instructor someone tried).

Plain analysis code is not flagged: assigning your own variables (``revenue = ...``,
``total = revenue.sum()``), even ``max = revenue.max()``, and importing the usual modules.
A flagged submission is graded as usual; the flag tells the instructor to look before
releasing the grade.
"""

from __future__ import annotations

import ast
import builtins
import json
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Flag", "given_cells", "scan_code", "scan_notebook", "submission_flags"]

# Module names a course notebook's setup cell imports, besides those imported in the notebook.
KNOWN_MODULES = {
    "kt",
    "kamtools",
    "math",
    "np",
    "numpy",
    "pd",
    "pandas",
    "numbers",
    "builtins",
    "sys",
    "os",
    "operator",
    "functools",
    "statistics",
    "random",
    "warnings",
    "plt",
    "matplotlib",
    "importlib",
    "types",
}
_BUILTIN_NAMES = {name for name in dir(builtins) if not name.startswith("_")}
_SUSPICIOUS_IMPORTS = {
    "builtins": "imports builtins",
    "importlib": "imports importlib (reloads or replaces modules)",
    "inspect": "imports inspect (reads the test's frames)",
    "gc": "imports gc (reaches objects behind the tests)",
    "ctypes": "imports ctypes (changes memory directly)",
    "unittest.mock": "imports unittest.mock (patches functions)",
    "mock": "imports mock (patches functions)",
    "kamtools.grading": "imports the grading machinery",
    "sqlite3": "opens databases with sqlite3 (the gradebook is one)",
    "socket": "opens network connections (socket)",
    "subprocess": "starts other programs (subprocess)",
    "linecache": "imports linecache (reads the source of cells run before, hidden tests too)",
}
_SUSPICIOUS_ATTRS = {
    "__dict__": "reaches a module's or object's __dict__",
    "__code__": "changes or reads a function's code",
    "__globals__": "reaches a function's globals",
    "__closure__": "reaches a function's closure",
    "__builtins__": "reaches __builtins__",
    "__class__": None,  # only flagged when assigned
    "_getframe": "reads the calling frames (sys._getframe)",
    "modules": None,  # only as sys.modules
    "history_manager": "reads the kernel's input history (hidden tests included)",
}
_CODE_RUNNERS = {
    "exec": "runs code from a text with exec() (the scan cannot read it)",
    "eval": "runs code from a text with eval() (the scan cannot read it)",
    "compile": "compiles code from a text (the scan cannot read it)",
    "__import__": "imports with __import__()",
    "vars": "reaches a namespace with vars()",
    "get_ipython": "drives the kernel with get_ipython()",
}
# IPython's input history holds every cell run so far, the hidden tests of earlier test cells
# included; so do linecache and the history manager.
_HISTORY = {"In", "_ih", "_i", "_ii", "_iii"}
_SAFE_LINE_MAGICS = {"matplotlib", "time", "timeit", "who", "whos", "pwd", "precision", "pprint"}
_MACHINERY = ("kamtools.grading", "_verify", "gradebook")


@dataclass(frozen=True)
class Flag:
    """One suspicious statement in a submission."""

    cell: str  # grade_id of the cell, or "cell <n>"
    line: int
    reason: str
    notebook: str = ""

    def __str__(self) -> str:
        where = f"{self.notebook}/" if self.notebook else ""
        return f"{self.reason} ({where}{self.cell}, line {self.line})"


def _root(node: ast.AST) -> ast.AST:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node


def _dotted(node: ast.AST) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append(f"{_dotted(node.func)}()")
    elif isinstance(node, ast.Subscript):
        parts.append(f"{_dotted(node.value)}[...]")
    return ".".join(reversed(parts))


def _module_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
    return names


def _is_module_target(node: ast.AST, modules: set[str]) -> bool:
    root = _root(node)
    return isinstance(root, ast.Name) and root.id in modules


def _is_sys_modules(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "modules"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
    )


class _Scanner(ast.NodeVisitor):
    def __init__(self, modules: set[str]) -> None:
        self.modules = modules
        self.found: list[tuple[int, str]] = []
        self.depth = 0  # inside a function or class body

    def flag(self, node: ast.AST, reason: str) -> None:
        self.found.append((getattr(node, "lineno", 0), reason))

    # --- binding -------------------------------------------------------------------------
    def _target(
        self, target: ast.expr, node: ast.AST, value: ast.expr | None = None, verb: str = "rebinds"
    ) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._target(element, node, None, verb)
        elif isinstance(target, ast.Starred):
            self._target(target.value, node, None, verb)
        elif isinstance(target, ast.Attribute):
            if _is_module_target(target, self.modules):
                self.flag(node, f"{verb} {_dotted(target)}")
            elif target.attr in ("__class__", "__dict__", "__code__", "__globals__"):
                self.flag(node, f"{verb} {target.attr} of an object")
        elif isinstance(target, ast.Subscript):
            base = target.value
            if _is_sys_modules(base):
                self.flag(node, f"{verb} an entry of sys.modules")
            elif isinstance(base, ast.Call) and (call := getattr(base.func, "id", "")) in (
                "globals",
                "vars",
                "locals",
            ):
                self.flag(node, f"{verb} a name through {call}()[...]")
            elif isinstance(base, ast.Attribute) and base.attr == "__dict__":
                self.flag(node, f"{verb} {_dotted(base)}[...]")
        elif isinstance(target, ast.Name) and target.id in _BUILTIN_NAMES:
            if verb == "deletes":
                self.flag(node, f"deletes the built-in name {target.id}")
            elif self.depth == 0 and (
                value is None or isinstance(value, (ast.Lambda, ast.Name, ast.Attribute))
            ):
                self.flag(node, f"replaces the built-in {target.id}")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target, node, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target, node, ast.Constant(0))
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._target(node.target, node, node.value)
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._target(node.target, node, node.value)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id in self.modules:
                self.flag(node, f"deletes the module name {target.id}")
            self._target(target, node, None, "deletes")
        self.generic_visit(node)

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        if self.depth == 0 and node.name in _BUILTIN_NAMES:
            self.flag(node, f"replaces the built-in {node.name}")
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _definition

    def visit_Global(self, node: ast.Global) -> None:
        shadowed = [name for name in node.names if name in _BUILTIN_NAMES]
        if shadowed:
            self.flag(node, f"declares the built-in {shadowed[0]} global to replace it")
        self.generic_visit(node)

    # --- imports -------------------------------------------------------------------------
    def _import(self, node: ast.Import | ast.ImportFrom, name: str) -> None:
        for prefix, reason in _SUSPICIOUS_IMPORTS.items():
            if name == prefix or name.startswith(prefix + "."):
                self.flag(node, reason)
                return
        if "_verify" in name or "gradebook" in name:
            self.flag(node, "imports the grading machinery")

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._import(node, alias.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        self._import(node, module)
        for alias in node.names:
            self._import(node, f"{module}.{alias.name}")
            if module in ("unittest", "") and alias.name == "mock":
                self.flag(node, "imports unittest.mock (patches functions)")
        self.generic_visit(node)

    # --- calls and attributes ------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name in ("setattr", "delattr") and node.args:
            target = node.args[0]
            if _is_module_target(target, self.modules) or not isinstance(target, ast.Name):
                self.flag(node, f"{name}() on {_dotted(target) or 'an object'}")
        elif isinstance(node.func, ast.Name) and node.func.id in _CODE_RUNNERS:
            if node.func.id != "get_ipython":
                self.flag(node, _CODE_RUNNERS[node.func.id])
        elif name in ("run_line_magic", "run_cell_magic", "system", "getoutput", "run_cell"):
            self._magic(node, name)
        elif name == "update" and isinstance(node.func, ast.Attribute):
            base = node.func.value
            call = getattr(base.func, "id", "") if isinstance(base, ast.Call) else ""
            if call in ("globals", "vars"):
                self.flag(node, f"changes names through {call}().update()")
            elif isinstance(base, ast.Attribute) and base.attr == "__dict__":
                self.flag(node, f"changes {_dotted(base)} with update()")
        self.generic_visit(node)

    def _magic(self, node: ast.Call, name: str) -> None:
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if name in ("system", "getoutput"):
            self.flag(node, "runs a shell command")
        elif name == "run_line_magic" and args and args[0] in _SAFE_LINE_MAGICS:
            return
        elif name == "run_cell_magic" and len(args) == 3 and args[0] in _SAFE_LINE_MAGICS:
            if isinstance(args[2], str):
                for line, reason in scan_code(args[2], self.modules):
                    self.found.append((node.lineno + line - 1, reason))
            return
        else:
            magic = args[0] if args and isinstance(args[0], str) else "?"
            self.flag(node, f"runs code through the kernel (%{magic})")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _is_sys_modules(node):
            self.flag(node, "uses sys.modules")
        elif reason := _SUSPICIOUS_ATTRS.get(node.attr):
            self.flag(node, reason)
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "__builtins__":
            self.flag(node, "reaches __builtins__")
        elif node.id in _HISTORY and isinstance(node.ctx, ast.Load):
            self.flag(node, f"reads the cells run before it ({node.id}: hidden tests included)")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and any(m in node.value for m in _MACHINERY):
            self.flag(node, "mentions the grading machinery")


def _python(source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return source
    try:
        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def scan_code(source: str, modules: set[str] | None = None) -> list[tuple[int, str]]:
    """(line, reason) for every suspicious statement of one cell's code (magics understood).

    >>> scan_code("import math\\nmath.isclose = lambda *a, **k: True")
    [(2, 'rebinds math.isclose')]
    >>> scan_code("total = revenue.sum()\\nmax_share = max(shares)\\nsum = 0")
    []
    """
    code = _python(source)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []  # the cell fails when it runs: it changes nothing
    names = set(KNOWN_MODULES if modules is None else modules) | _module_names(tree)
    scanner = _Scanner(names)
    scanner.visit(tree)
    seen, out = set(), []
    for item in sorted(scanner.found):
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def given_cells(notebook: dict) -> set[str]:
    """The code cells of the student version, as :func:`scan_notebook` compares them."""
    return {_norm(_text(c)) for c in notebook.get("cells", []) if c.get("cell_type") == "code"}


def scan_notebook(notebook: dict, name: str = "", given: set[str] | None = None) -> list[Flag]:
    """Flags in the code the student wrote or changed.

    ``given`` holds the code cells of the student version (:func:`given_cells`): a cell
    left exactly as given (the setup, the tests) is instructor code and not scanned, a
    changed one is, whatever its metadata says. Without ``given``, locked cells are skipped.
    """
    cells = notebook.get("cells", []) if isinstance(notebook, dict) else []
    modules = set(KNOWN_MODULES)
    for cell in cells:
        if cell.get("cell_type") == "code":
            try:
                modules |= _module_names(ast.parse(_python(_text(cell))))
            except SyntaxError:
                pass
    flags = []
    for index, cell in enumerate(cells, start=1):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code":
            continue
        if (given is None and meta.get("locked")) or (given and _norm(_text(cell)) in given):
            continue
        label = meta.get("grade_id") or f"cell {index}"
        for line, reason in scan_code(_text(cell), modules):
            flags.append(Flag(label, line, reason, name))
    return flags


def submission_flags(course_dir: str | Path, assignment: str, student: str) -> list[str]:
    """Why the student's submission of ``assignment`` needs a review; [] when nothing found.

    Reads ``submitted/<student>/<assignment>/*.ipynb`` (notebooks that are not valid JSON
    give no flags: they are reported as unreadable elsewhere). Used by ``kamtools grade``
    (the summary's notes) and ``kamtools export`` (status ``flagged``).
    """
    folder = Path(course_dir) / "submitted" / student / assignment
    reasons = []
    for path in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
        notebook = _read(path)
        if notebook is None:
            continue
        released = _read(Path(course_dir) / "release" / assignment / path.name)
        try:
            given = given_cells(released) if released else None
            reasons += [str(flag) for flag in scan_notebook(notebook, path.stem, given)]
        except Exception as exc:  # a notebook shaped to break the scan is itself suspicious
            reasons.append(f"its code could not be scanned ({path.name}: {type(exc).__name__})")
    return reasons


def _read(path: Path) -> dict | None:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return notebook if isinstance(notebook, dict) else None
