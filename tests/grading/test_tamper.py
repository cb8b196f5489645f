"""Students who patch the checks: no points for it, and flagged for review.

Real nbgrader on 'pareto': each patching student hands in a wrong answer and replaces what
the old tests relied on (``math.isclose``, ``kt.top_share``, ``setattr`` on a module, numpy,
a built-in). The hidden tests compare with values fixed when the assignment was generated,
through helpers that keep their own references, so the wrong answer earns nothing; the
scan flags every patching student, and no honest one.
"""

from __future__ import annotations

import copy
import json

import pytest
from _synthetic_class import load_case, make_course, meta, read, solved, text, write

from kamtools.errors import GradingError
from kamtools.grading import _verify, distribute, grade
from kamtools.grading.expected import resolve_source
from kamtools.grading.integrity import hidden_lines, submission_flags
from kamtools.grading.tamper import scan_code, scan_notebook

ASSIGNMENT = "pareto"
NOTEBOOK = "pareto.ipynb"
AUTO = load_case(ASSIGNMENT)["automatic_points"]

# student -> (answer cell replaced, its new source, automatic points expected, flag expected)
PATCHERS = {
    "patch_isclose": (
        "equivalent_customers",
        "import math\n\nmath.isclose = lambda *a, **k: True\n\n\n"
        "def equivalent_customers(values):\n    return 0\n",
        AUTO - 4,
        "rebinds math.isclose",
    ),
    "patch_kt": (
        "top20_share",
        "kt.top_share = lambda *a, **k: 0.5\ntop20_share = kt.top_share(revenue, 0.2)\n",
        AUTO - 2,
        "rebinds kt.top_share",
    ),
    "patch_setattr_numpy": (
        "gini_2025",
        "import numpy as np\n\nsetattr(kt, 'gini', lambda *a, **k: 0.3)\n"
        "np.isclose = lambda *a, **k: True\ngini_2025 = kt.gini(revenue)\n",
        AUTO - 2,
        "setattr() on kt",
    ),
    "patch_builtin_abs": (
        "top1_share",
        "abs = lambda x: 0  # every difference is zero now\ntop1_share = 0.5\n",
        AUTO - 2,
        "replaces the built-in abs",
    ),
    "patch_revenue_and_letter": (
        "answer_d2",
        "class Anything(str):\n    def __eq__(self, other):\n        return True\n\n"
        "    def strip(self):\n        return self\n\n    def upper(self):\n        return self\n\n\n"
        'answer_d2 = Anything("C")\n',
        AUTO - 2,
        None,  # no rebinding: the test itself resists (str methods read through str)
    ),
}
HONEST_EXTRA = """# My own working: names of my own, nothing of the course replaced.
total = revenue.sum()
shares = revenue / total
max = shares.max()  # shadows max() in my notebook only; the tests do not use it
sum_of_top = shares.nlargest(10).sum()


def helper(values, abs_tol=0.1):
    abs = [v for v in values if v > abs_tol]
    return len(abs)


print(total, max, helper(shares.tolist()))
"""


def _cell(nb, grade_id):
    return next(c for c in nb["cells"] if meta(c).get("grade_id") == grade_id)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("tamper") / "course", [ASSIGNMENT])
    distribute.generate(root, ASSIGNMENT)
    release = read(root / "release" / ASSIGNMENT / NOTEBOOK)
    full = solved(release, read(root / "source" / ASSIGNMENT / NOTEBOOK))
    for student, (grade_id, source, _, _) in PATCHERS.items():
        nb = copy.deepcopy(full)
        _cell(nb, grade_id)["source"] = source
        write(root, ASSIGNMENT, student, NOTEBOOK, nb)
    honest = copy.deepcopy(full)
    honest["cells"].append(
        {"cell_type": "code", "metadata": {}, "source": HONEST_EXTRA, "outputs": []}
    )
    write(root, ASSIGNMENT, "honest_locals", NOTEBOOK, honest)
    report = grade.grade_class(
        ASSIGNMENT, course_dir=root, jobs=2, timeout=20, progress=False, warn=lambda m: None
    )
    return root, {r.student: r for r in report.results}, report


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(PATCHERS))
def test_patching_earns_no_points(graded, student):
    _, results, _ = graded
    result = results[student]
    assert result.graded, result.problem
    assert result.auto_score == pytest.approx(PATCHERS[student][2]), student


@pytest.mark.slow
@pytest.mark.parametrize("student", sorted(PATCHERS))
def test_patching_is_flagged_in_the_summary(graded, student):
    root, results, report = graded
    expected = PATCHERS[student][3]
    flags = results[student].flags
    if expected is None:
        assert flags == []
        return
    assert any(expected in flag for flag in flags), flags
    assert flags == submission_flags(root, ASSIGNMENT, student)  # what the export reads
    row = next(ln for ln in report.table().splitlines() if ln.startswith(student))
    assert "FLAGGED for review" in row and expected in row
    assert student in report.summary().split("FLAGGED for review (")[1].split(")")[0]


@pytest.mark.slow
def test_an_honest_student_with_own_names_is_neither_flagged_nor_penalised(graded):
    _, results, report = graded
    honest = results["honest_locals"]
    assert honest.auto_score == AUTO
    assert honest.flags == []
    row = next(ln for ln in report.table().splitlines() if ln.startswith("honest_locals"))
    assert "FLAGGED" not in row


@pytest.mark.slow
def test_hidden_tests_compare_with_values_fixed_at_generation(graded):
    from nbgrader.api import Gradebook

    root, _, _ = graded
    source = read(root / "source" / ASSIGNMENT / NOTEBOOK)
    uses_fixed = {meta(c)["grade_id"] for c in source["cells"] if "fixed(" in text(c)}
    assert len(uses_fixed) >= 6
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        cells = {c.name: c.source for c in gb.find_notebook("pareto", ASSIGNMENT).source_cells}
    for grade_id in uses_fixed:
        hidden = "\n".join(hidden_lines(cells[grade_id]))
        assert "fixed(" not in hidden and "kt." not in hidden, (grade_id, hidden)
    # and the student version shows none of it (the leak check of generate passed too)
    released = json.dumps(read(root / "release" / ASSIGNMENT / NOTEBOOK))
    assert "fixed(" not in released


# --- without a kernel ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("import math\nmath.isclose = lambda *a, **k: True", "rebinds math.isclose"),
        ("kt.top_share = lambda *a, **k: 0.5", "rebinds kt.top_share"),
        ("import numpy as np\nnp.testing.assert_allclose = print", "rebinds np.testing"),
        ("import pandas as pd\npd.Series.__eq__ = lambda s, o: True", "rebinds pd.Series.__eq__"),
        ("setattr(math, 'isclose', f)", "setattr() on math"),
        ("import builtins\nbuiltins.abs = lambda x: 0", "rebinds builtins.abs"),
        ("__builtins__.abs = f", "__builtins__"),
        ("import sys\nsys.modules['math'] = fake", "sys.modules"),
        ("globals()['abs'] = lambda x: 0", "globals()"),
        ("kt.__dict__['gini'] = f", "__dict__"),
        ("vars(kt).update(gini=f)", "vars()"),
        ("del kt.top_share", "deletes kt.top_share"),
        ("def isinstance(*a):\n    return True", "replaces the built-in isinstance"),
        ("float = lambda x: 0.5", "replaces the built-in float"),
        ("from kamtools.grading import _verify", "grading machinery"),
        ("import importlib\nimportlib.reload(kt)", "importlib"),
        ("exec('math.isclose = f')", "exec()"),
        ("f.__code__ = g.__code__", "__code__"),
        ("%%time\nimport math\nmath.isclose = f", "rebinds math.isclose"),
        ("from unittest import mock\nmock.patch('math.isclose')", "mock"),
        ("!sqlite3 ../gradebook.db 'update grade set auto_score=0'", "shell command"),
        ('print("\\n".join(In))', "reads the cells run before it"),
        ("import linecache\nprint(linecache.cache)", "linecache"),
        ("import sqlite3\nsqlite3.connect('../../../gradebook.db')", "sqlite3"),
        ("import subprocess\nsubprocess.run(['ls'])", "subprocess"),
    ],
)
def test_the_scan_flags_patching(code, reason):
    found = scan_code(code)
    assert any(reason in r for _, r in found), found


@pytest.mark.parametrize(
    "code",
    [
        HONEST_EXTRA,
        "top20_share = kt.top_share(revenue, 0.2, negative='zero')",
        "revenue = revenue[revenue > 0]\nlist_of_ids = list(revenue.index)",
        "import numpy as np\nimport math\nvalue = math.sqrt(np.mean([1, 2]))",
        "def equivalent_customers(values):\n    return 1 / kt.hhi(values)",
        "%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])",
        "answer_d1 = 'B'  # I read that kt.top_share = ... is the formula",
        "result = {}\nresult['a'] = 1\nclass Account:\n    pass\nacc = Account()\nacc.name = 'x'",
        "this is not python (",
    ],
)
def test_the_scan_leaves_ordinary_code_alone(code):
    assert scan_code(code) == []


def test_unchanged_locked_cells_are_not_scanned_but_changed_ones_are():
    setup = "import sys\nsys.stderr = sys.stdout  # the course's own setup cell"
    locked = {"locked": True, "grade_id": "setup"}
    given = {"cells": [{"cell_type": "code", "source": setup, "metadata": {"nbgrader": locked}}]}
    from kamtools.grading.tamper import given_cells

    assert scan_notebook(given, "nb", given_cells(given)) == []
    changed = copy.deepcopy(given)
    changed["cells"][0]["source"] = setup + "\nkt.gini = f"
    assert [f.reason for f in scan_notebook(changed, "nb", given_cells(given))] == [
        "rebinds sys.stderr",
        "rebinds kt.gini",
    ]
    # an answer cell the student marked "locked" is scanned all the same
    hidden = copy.deepcopy(given)
    hidden["cells"].append(
        {"cell_type": "code", "source": "kt.gini = f", "metadata": {"nbgrader": locked}}
    )
    assert [f.reason for f in scan_notebook(hidden, "nb", given_cells(given))] == [
        "rebinds kt.gini"
    ]


def test_comparisons_resist_objects_that_lie():
    class Lies(float):
        def __eq__(self, other):
            return True

        def __sub__(self, other):
            return 0.0

        def __float__(self):
            return 0.75

        __hash__ = float.__hash__

    class Text(str):
        def __eq__(self, other):
            return True

        def strip(self):
            return self

        __hash__ = str.__hash__

    assert not _verify.within(Lies(0.1), 0.75, 0.001)
    assert not _verify.equal(Lies(0.1), 0.75)
    assert not _verify.close(Lies(0.1), 0.75)
    assert _verify.letter(Text(" b ")) == "B" and _verify.letter(Text("c")) != "B"
    assert _verify.equal(Text("B"), "B") and not _verify.equal(Text("C"), "B")
    import numpy as np

    assert _verify.within(np.float64(0.7501), 0.75, 0.001)
    assert _verify.equal(np.int64(102), 102) and _verify.equal(102.0, 102)
    assert _verify.all_within({"a": 1.0, "b": 2.0}, {"a": 1.001, "b": 2.0}, 0.01)
    assert not _verify.all_within({"a": Lies(5.0)}, {"a": 0.75}, 0.01)
    assert _verify.equal_items(["V1", "V2"], ["V1", "V2"])
    assert not _verify.equal_items([Text("X")], ["V1"])


def test_comparisons_keep_their_own_references(monkeypatch):
    import builtins
    import math

    monkeypatch.setattr(math, "isclose", lambda *a, **k: True)
    monkeypatch.setattr(builtins, "abs", lambda x: 0)
    monkeypatch.setattr(builtins, "float", lambda x: 0.75)
    assert not _verify.close(0.1, 0.75)
    assert not _verify.within(0.1, 0.75, 0.001)
    monkeypatch.undo()
    with pytest.raises(AttributeError, match="read-only"):
        _verify.close = lambda *a, **k: True
    assert _verify.close(0.75, 0.75)


def test_fixed_values_only_in_hidden_tests_and_once_each():
    hidden = (
        "assert x > 0\n### BEGIN HIDDEN TESTS\n"
        "assert within(x, fixed(kt.gini(revenue)), 0.001)\n### END HIDDEN TESTS"
    )
    resolved = resolve_source(hidden, ["0.75"], "test_x")
    assert "within(x, (0.75), 0.001)" in resolved and "fixed(" not in resolved
    with pytest.raises(GradingError, match="ran 2 time"):
        resolve_source(hidden, ["0.75", "0.5"], "test_x")
    visible = "assert x == fixed(kt.gini(revenue))"
    with pytest.raises(GradingError, match="outside the hidden tests"):
        resolve_source(visible, ["0.75"], "test_x")
