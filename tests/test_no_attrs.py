"""Results are objects, not DataFrame.attrs (issue 14, part 3).

pandas documents ``.attrs`` as experimental, and calculations can drop them; kamtools
returns its figures as fields of small frozen dataclasses instead (``kt.WhaleCurve``,
``kt.CustomerTotals``, ``kt.ProfitInputs``, ``kt.ItemAnalysis``).
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pandas as pd
import pytest

import kamtools as kt

PACKAGE = Path(kt.__file__).parent


def _attrs_writes(path: Path) -> list[str]:
    """Every ``x.attrs = ...``, ``x.attrs[...] = ...`` or ``x.attrs.update(...)`` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Attribute) and owner.attr == "attrs":
                if node.func.attr in {"update", "setdefault", "__setitem__"}:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
        for target in targets:
            if isinstance(target, ast.Subscript):
                target = target.value
            if isinstance(target, ast.Attribute) and target.attr == "attrs":
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_no_kamtools_code_writes_attrs():
    writes = [hit for path in sorted(PACKAGE.rglob("*.py")) for hit in _attrs_writes(path)]
    assert writes == [], f"results go in a frozen dataclass, not in .attrs: {writes}"


def test_no_kamtools_code_reads_attrs():
    reads = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "attrs":
                reads.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert reads == [], f"kamtools must not rely on DataFrame.attrs: {reads}"


LINES = pd.DataFrame(
    {
        "customer_id": ["A", "B", "A", None, "C"],
        "amount": [100.0, 50.0, -20.0, 10.0, 30.0],
        "cost_of_goods": [60.0, 30.0, -12.0, 6.0, 25.0],
    }
)
WORK = pd.DataFrame({"customer_id": ["A", "B", "C"], "orders": [1, 2, 6]})
RATES = {"orders": 10.0}


def _course_calls() -> dict[str, object]:
    """The results of the calls the course makes, on a small table."""
    with pytest.warns(kt.KamtoolsWarning, match="left out 1 transaction lines"):
        inputs = kt.profit_inputs(LINES, WORK, drivers=RATES)
    profit = kt.customer_profit(inputs, cost_rates=RATES)
    totals = kt.customer_totals(LINES, amount="amount")
    return {
        "customer_totals": totals,
        "customer_totals(report=True)": kt.customer_totals(LINES, amount="amount", report=True),
        "excluded_lines": kt.excluded_lines(
            kt.customer_totals(LINES, amount="amount", report=True)
        ),
        "profit_inputs": inputs,
        "profit_inputs(report=True)": kt.profit_inputs(LINES, WORK, drivers=RATES, report=True),
        "customer_profit": profit,
        "whale_curve": kt.whale_curve(profit),
        "profit_change_if_dropped": kt.profit_change_if_dropped(profit, fixed_share=0.5),
        "pareto_table": kt.pareto_table(totals, negative="zero"),
        "abc_classes": kt.abc_classes(totals, negative="zero"),
        "concentration_report": kt.concentration_report(totals, negative="zero"),
        "lorenz_curve": kt.lorenz_curve(totals, negative="zero"),
    }


def _frames(value: object) -> list[pd.Series | pd.DataFrame]:
    """The pandas objects in a result: itself, or the fields of a result dataclass."""
    if isinstance(value, (pd.Series, pd.DataFrame)):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            getattr(value, f.name)
            for f in dataclasses.fields(value)
            if isinstance(getattr(value, f.name), (pd.Series, pd.DataFrame))
        ]
    return []


@pytest.mark.parametrize(("name", "result"), list(_course_calls().items()))
def test_no_result_carries_attrs(name, result):
    for frame in _frames(result):
        assert frame.attrs == {}, (name, frame.attrs)


@pytest.mark.parametrize(
    "cls", [kt.CustomerTotals, kt.ProfitInputs, kt.WhaleCurve, kt.ItemAnalysis]
)
def test_result_classes_are_frozen_dataclasses_exported(cls):
    assert dataclasses.is_dataclass(cls)
    assert cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert cls.__name__ in kt.__all__
