"""Tests of the real course specs: right answers pass, wrong ones never leak the answer.

For every question of every spec: the right answer is correct; each listed mistake and
each automatic diagnostic gives its specific message, which never contains the expected
value written in any of the usual ways; ``assert_correct`` agrees with ``check``.
Online Retail answers need the real data and are marked slow.
"""

from __future__ import annotations

import ast
import copy
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import kamtools as kt
from kamtools.checks import ____, exercise
from kamtools.checks._common import normalize_text, resolve
from kamtools.content import CHECKS_DIR
from kamtools.content.answers import compute
from kamtools.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]
MODULES = [
    pytest.param("00_start_here", id="00_start_here"),
    pytest.param("03_pareto", id="03_pareto", marks=pytest.mark.slow),
]


def _ex(module: str):
    return exercise(module, recorder=lambda *args, **kwargs: None)


# ---------------------------------------------------------------------------------------
# How an expected value could appear in a message
# ---------------------------------------------------------------------------------------
def _written_forms(value: float) -> set[str]:
    """The usual ways of writing ``value``: 0.7373 -> 0.737, 0,74, 73.7%, 74% ..."""
    value = float(value)
    if value.is_integer() and abs(value) >= 10:
        n = int(value)
        return {str(n), f"{n:,}", f"{n:,}".replace(",", " "), f"{n:,}".replace(",", ".")}
    forms = {repr(value), f"{value:.2f}", f"{value:.3f}", f"{value:.4f}"}
    if abs(value) <= 1.5:
        pct = 100 * value
        forms |= {f"{pct:.0f}%", f"{pct:.1f}%", f"{pct:.1f}", f"{pct:.2f}"}
    forms |= {f.replace(".", ",") for f in forms}
    return {f for f in forms if f.strip("0.,%-") != ""}  # 0 itself is no secret


def _assert_absent(message: str, value: float, context: Any) -> None:
    for form in _written_forms(value):
        pattern = rf"(?<![\d.,]){re.escape(form)}(?![.,]?\d)"
        assert not re.search(pattern, message), f"{form!r} leaks in {message!r} ({context!r})"


def _check_pair(question, answer):
    """check() and assert_correct() agree; return the result."""
    result = question.check(answer)
    if result.outcome == "correct":
        assert question.assert_correct(answer) is None
    else:
        with pytest.raises(AssertionError) as err:
            question.assert_correct(answer)
        assert str(err.value) == result.message
    return result


# ---------------------------------------------------------------------------------------
# Right and wrong answers per type
# ---------------------------------------------------------------------------------------
def _numeric(question) -> None:
    spec, checker = question.spec, question._checker
    expected = float(resolve(spec, "expected"))
    assert _check_pair(question, expected).outcome == "correct"
    if spec["unit"] == "fraction":
        assert _check_pair(question, f"{100 * expected:.4f}%").outcome == "correct"
    tol = checker.tolerance(expected)
    wrong: list[tuple[Any, str | None]] = []
    for mistake in spec.get("mistakes", []):
        value = float(resolve(mistake, "value"))
        # A mistake must be told apart from the right answer.
        assert not checker.close(value, expected), mistake
        wrong.append((value, mistake["message"]))
    diagnostics = {
        "percent": 100 * expected if spec["unit"] == "fraction" else expected / 100,
        "sign": -expected,
        "thousand": 1000 * expected,
        "tenth": expected / 10,
        "far": expected + 50 * tol + 1,
    }
    if spec["unit"] != "count":
        coarse = round(expected, max(checker.needed_decimals(expected) - 1, 0))
        if not checker.close(coarse, expected):
            diagnostics["coarse"] = coarse
    wrong += [(value, None) for value in diagnostics.values() if value != expected]
    for answer, message in wrong:
        result = _check_pair(question, answer)
        assert result.outcome == "incorrect", (answer, result)
        if message is not None:
            assert result.message.startswith(message), (answer, result.message)
        _assert_absent(result.message, expected, answer)
    # The examples in the messages for answers that cannot be checked must not be it either.
    # ("1,234" is a number for a count: a count has no decimals, so the comma groups thousands)
    ambiguous = () if spec["unit"] == "count" else ("1,234",)
    for answer in ("abc", *ambiguous, "12 34", "5,", True, [1, 2], float("nan")):
        result = _check_pair(question, answer)
        assert result.outcome == "uncheckable", (answer, result)
        _assert_absent(result.message, expected, answer)


def _choice(question) -> None:
    checker = question._checker
    right = sorted(checker.right)
    assert _check_pair(question, right if checker.multiple else right[0]).outcome == "correct"
    right_texts = [checker.options[checker.labels.index(label)]["text"] for label in right]
    answers: list[Any] = [[label] for label in checker.labels if label not in checker.right]
    if checker.multiple:
        answers += [[label] for label in right]  # one right option, others missing
        answers += [sorted(set(checker.labels) - checker.right)]
    for answer in answers:
        result = _check_pair(question, answer)
        assert result.outcome == "incorrect", (answer, result)
        for text in right_texts:
            assert normalize_text(text) not in normalize_text(result.message), (answer, text)
        for label in set(right) - set(answer):
            assert not re.search(rf"(?<![A-Za-z]){label}[):]", result.message), (answer, label)


def _accepted_texts(rule: dict) -> list[str]:
    if "answers" in rule:
        return list(rule["answers"])
    return [" ".join(g if isinstance(g, str) else g[0] for g in rule["keywords"])]


def _all_keywords(rule: dict) -> list[str]:
    if "answers" in rule:
        return list(rule["answers"])
    return [alt for g in rule["keywords"] for alt in ([g] if isinstance(g, str) else g)]


def _short_text(question) -> None:
    spec = question.spec
    for text in _accepted_texts(spec["accept"]):
        assert _check_pair(question, text).outcome == "correct", text
    wrong = [(text, m["message"]) for m in spec.get("mistakes", []) for text in _accepted_texts(m)]
    wrong.append(("something else entirely", None))
    for answer, message in wrong:
        result = _check_pair(question, answer)
        assert result.outcome == "incorrect", (answer, result)
        if message is not None:
            assert result.message.startswith(message)
        for accepted in _all_keywords(spec["accept"]):
            word = normalize_text(accepted)
            assert not re.search(rf"(?<!\w){re.escape(word)}", normalize_text(result.message)), (
                answer,
                accepted,
            )


def _frame(question) -> None:
    spec = question.spec
    expected = resolve(spec, "expected")
    assert _check_pair(question, expected).outcome == "correct"
    values = [v for v in np.ravel(expected.to_numpy()) if isinstance(v, (int, float)) and v != 0]
    shifted = expected + 0.5
    extra = pd.concat([expected, expected.iloc[:1].set_axis(["zz_extra"])])
    wrong = [(resolve(m, "value"), m["message"]) for m in spec.get("mistakes", [])]
    wrong += [(shifted, None), (extra, None), (expected.iloc[1:], None)]
    for answer, message in wrong:
        result = _check_pair(question, answer)
        assert result.outcome == "incorrect", result
        if message is not None:
            assert result.message.startswith(message)
        for value in values:
            _assert_absent(result.message, value, "frame")


def _cases(spec) -> list[tuple[list, dict, Any]]:
    return [
        (
            case.get("args", []),
            case.get("kwargs", {}),
            resolve(
                case, "expected", *copy.deepcopy(case.get("args", [])), **case.get("kwargs", {})
            ),
        )
        for case in spec["cases"]
    ]


def _function(question) -> None:
    cases = _cases(question.spec)

    def oracle(*args, **kwargs):  # returns the expected result of each case
        for a, k, expected in cases:
            if list(args) == a and kwargs == k:
                return expected
        raise AssertionError("unknown case")

    assert _check_pair(question, oracle).outcome == "correct"

    def constant(*args, **kwargs):
        return 0.123456

    def failing(*args, **kwargs):
        raise ValueError("no idea")

    for wrong in (constant, failing):
        result = _check_pair(question, wrong)
        assert result.outcome == "incorrect"
        for _, _, expected in cases:
            if isinstance(expected, float) and expected != 0:
                _assert_absent(result.message, expected, wrong.__name__)


def _reflection(question) -> None:
    spec = question.spec
    short = _check_pair(question, "x" * (spec["min_chars"] - 1))
    assert short.outcome == "not_attempted"
    assert spec["model_answer"].strip()[:30] not in short.message
    # filler of the right length is not a reflection, and neither is one sentence pasted
    for filler in ("y" * spec["min_chars"], ("We will focus on the big accounts. " * 20)):
        assert _check_pair(question, filler).outcome == "not_attempted"
    # the model answer itself passes the rules (it is on topic, varied, long enough)
    done = _check_pair(question, spec["model_answer"])
    assert done.outcome == "correct" and done.model_answer and done.rubric


BY_TYPE = {
    "numeric": _numeric,
    "single_choice": _choice,
    "multiple_choice": _choice,
    "short_text": _short_text,
    "series": _frame,
    "dataframe": _frame,
    "function": _function,
    "reflection": _reflection,
}


@pytest.mark.parametrize("module", MODULES)
def test_right_answers_pass_and_wrong_ones_never_leak(module):
    ex = _ex(module)
    for question in ex.questions:
        BY_TYPE[question.type](question)


@pytest.mark.parametrize("module", MODULES)
def test_every_question_handles_blank_and_wrong_kind(module):
    ex = _ex(module)
    for question in ex.questions:
        assert _check_pair(question, ____).outcome == "not_attempted"
        result = _check_pair(question, object())
        assert result.outcome == "uncheckable", question.id
        assert "I expected" in result.message


@pytest.mark.parametrize("module", MODULES)
def test_every_question_displays_and_has_help(module):
    ex = _ex(module)
    for question in ex.questions:
        shown = question._repr_markdown_()
        assert question.spec["prompt"].strip()[:40] in shown
        assert question.hint()  # a hint, or a pointer to the solution
        assert question.solution()


# ---------------------------------------------------------------------------------------
# The start page
# ---------------------------------------------------------------------------------------
def test_start_page_answer_by_hand():
    # (420 + 260) / (420 + 260 + 90 + 60 + 45 + 40 + 35 + 25 + 15 + 10) = 680 / 1000
    assert compute("start_top2_share") == pytest.approx(0.68)
    assert compute("start_top2_revenue") == 680.0
    assert compute("start_top2_customer_share") == pytest.approx(0.2)


def test_start_page_revenue_matches_the_notebook():
    path = ROOT / "course" / "00_start_here.ipynb"
    if not path.exists():
        pytest.skip("course/00_start_here.ipynb is not there")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "revenue" for t in node.targets
            ):
                assert ast.literal_eval(node.value) == compute("start_revenue")
                return
    pytest.fail("no `revenue = {...}` cell in 00_start_here.ipynb")


# ---------------------------------------------------------------------------------------
# Online Retail: the computed answers, checked against an independent calculation
# ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def retail():
    return kt.load_dataset("online_retail")


def _independent_net(lines: pd.DataFrame) -> np.ndarray:
    """Net revenue per customer with plain pandas, customers with a negative total as 0."""
    known = lines[lines["CustomerID"].notna()]
    amount = known["Quantity"] * known["UnitPrice"]
    return np.clip(amount.groupby(known["CustomerID"]).sum().to_numpy(), 0, None)


@pytest.mark.slow
def test_top20_share_matches_an_independent_calculation(retail):
    net = np.sort(_independent_net(retail))[::-1]
    k = math.ceil(0.2 * len(net))
    assert len(net) == 4372  # customers in the data (KAM_REFERENCE.md)
    assert compute("pareto_top20_share") == pytest.approx(net[:k].sum() / net.sum(), rel=1e-12)


@pytest.mark.slow
def test_customers_for_80_matches_an_independent_calculation(retail):
    net = np.sort(_independent_net(retail))[::-1]
    cumulative = np.cumsum(net) / net.sum()
    k = int(np.argmax(cumulative >= 0.8 - 1e-9)) + 1
    assert compute("pareto_customers_for_80") == k
    assert compute("pareto_customers_for_80_share") == pytest.approx(k / len(net))


@pytest.mark.slow
def test_the_solution_of_q1_and_q2_passes(retail):
    ex = _ex("03_pareto")
    totals = kt.customer_totals(
        retail, customer="CustomerID", quantity="Quantity", price="UnitPrice"
    )
    share = kt.top_share(totals, 0.2, negative="zero")
    assert ex.q1.check(round(share, 3)).outcome == "correct"
    assert ex.q1.check(f"{100 * share:.1f}%").outcome == "correct"
    assert ex.q2.check(kt.customers_for_share(totals, 0.8, negative="zero")).outcome == "correct"


@pytest.mark.slow
def test_online_retail_mistakes_are_recognised(retail):
    ex = _ex("03_pareto")
    sales = retail[~retail["InvoiceNo"].str.startswith("C")]
    gross = kt.customer_totals(sales, customer="CustomerID", quantity="Quantity", price="UnitPrice")
    message = ex.q1.check(round(kt.top_share(gross, 0.2, negative="zero"), 3)).message
    assert message.startswith("It looks like you left out the cancelled invoices.")
    with_missing = retail.assign(CustomerID=retail["CustomerID"].astype("Float64").fillna(-1))
    totals = kt.customer_totals(
        with_missing, customer="CustomerID", quantity="Quantity", price="UnitPrice"
    )
    message = ex.q1.check(round(kt.top_share(totals, 0.2, negative="zero"), 3)).message
    assert message.startswith("It looks like the lines without a CustomerID were added up")


def test_invoice_table_solutions_pass():
    ex = _ex("03_pareto")
    table = ex.q6.data()
    by_kt = kt.customer_totals(
        table, customer="customer_id", quantity="quantity", price="unit_price"
    )
    value = table["quantity"] * table["unit_price"]
    by_pandas = value.groupby(table["customer_id"]).sum()
    assert ex.q6.check(by_kt).outcome == "correct"
    assert ex.q6.check(by_pandas).outcome == "correct"


def test_share_of_top_solution_passes():
    ex = _ex("03_pareto")

    def share_of_top(values, k):
        largest = sorted(values, reverse=True)[:k]
        return sum(largest) / sum(values)

    assert ex.q7.check(share_of_top).outcome == "correct"


def test_specs_hard_code_no_data_derived_number():
    # Numbers from data are computed (expected_from/value_from); the YAML holds none.
    for path in CHECKS_DIR.glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        for value in ("0.737", "73.7", "1178", "1,178", "0.7373"):
            assert value not in text, (path.name, value)


# ---------------------------------------------------------------------------------------
# With the real progress store
# ---------------------------------------------------------------------------------------
def test_checks_are_recorded_in_the_real_progress_store(tmp_path, monkeypatch):
    progress = pytest.importorskip("kamtools.progress")
    if not hasattr(progress, "record"):
        pytest.skip("kamtools.progress has no record() yet")
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    ex = exercise("00_start_here")  # the default recorder
    ex.q1.check(0.5)
    ex.q1.check("68%")
    ex.q1.hint()
    ex.q1.solution()
    (right_label,) = ex.q2._checker.right
    ex.q2.assert_correct(right_label)  # records nothing
    events = progress.default_store().events()
    got = events[["module", "question", "event", "outcome", "detail"]].astype(object)
    got = got.where(got.notna(), None).values.tolist()
    assert got == [
        ["00_start_here", "q1", "attempt", "incorrect", "0.5"],  # the wrong answer, as read
        ["00_start_here", "q1", "attempt", "correct", None],
        ["00_start_here", "q1", "hint", None, "1"],
        ["00_start_here", "q1", "solution", None, None],
    ]


def test_the_leak_detector_finds_leaks():
    # The leak tests above mean something only if a leak would be caught.
    for message in ("The answer is 73.7%.", "It is 0,737.", "about 0.74 in fact", "74%"):
        with pytest.raises(AssertionError, match="leaks"):
            _assert_absent(message, 0.7373, "self-test")
    for message in ("you have 30.5", "1 of 3 values", "0.25 rather than 25"):
        _assert_absent(message, 30.0, "self-test")
    with pytest.raises(AssertionError, match="leaks"):
        _assert_absent("there are 1,178 of them", 1178, "self-test")


def test_an_answers_name_cannot_be_registered_twice_by_two_modules():
    from kamtools.content import answers

    def start_top2_share():  # same name as a function of answers.py
        return 0.0

    start_top2_share.__module__ = "kamtools.content.answers_99"
    with pytest.raises(ParameterError, match="'start_top2_share'.*already registered"):
        answers.register(start_top2_share)
    assert answers.ANSWERS["start_top2_share"].__module__ == "kamtools.content.answers"


# A prompt that says how to write the answer ("Answer with a whole number.", "Give one
# decimal.") shows no second, general format line under it.
_GIVES_FORMAT = re.compile(
    r"\b(Answer (with|as|in)\b|Give (one|two|three|four) decimals?\b|decimals? is enough)",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", sorted(CHECKS_DIR.glob("*.yml")), ids=lambda p: p.stem)
def test_a_prompt_that_gives_the_format_gets_no_general_format_line(path):
    ex = _ex(path.stem)
    for question in ex.questions:
        if question.type != "numeric":
            continue
        prompt = " ".join(question.spec["prompt"].split())
        shown = question._repr_markdown_()
        general = question._checker.body_markdown()
        if _GIVES_FORMAT.search(prompt):
            assert question.spec.get("format_hint") is False, question.id
            assert general == "", question.id
            assert shown.endswith(question.spec["prompt"].strip()), question.id  # nothing after
        else:
            assert general and shown.endswith(general), question.id
