"""Function questions: the learner writes a function, the spec's test cases call it."""

from __future__ import annotations

import copy
import math
import reprlib
from collections.abc import Mapping
from decimal import Decimal
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from ..messages import describe, quote, t
from ._blank import ____
from ._common import Checker, Verdict, wrong_kind
from .source import Answers

__all__ = ["FunctionChecker"]

_ARGS = reprlib.Repr()
_ARGS.maxlist = _ARGS.maxdict = 8
_ARGS.maxstring = _ARGS.maxother = 40


def _format_call(name: str, args: list[Any], kwargs: Mapping[str, Any]) -> str:
    """``share_of_top([50, 30, 10, 5, 5], 2)``, long arguments shortened."""
    parts = [_ARGS.repr(a) for a in args] + [f"{k}={_ARGS.repr(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _shown(value: Any) -> str:
    """What the learner's function returned, in a form a learner can read."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (str, bool, Real)):
        return quote(value)
    return describe(value)


class FunctionChecker(Checker):
    """Calls the learner's function on every case of the spec, in order.

    Each case has ``args`` (a list), optional ``kwargs``, and ``expected`` or
    ``expected_from`` (an answers function called with the same arguments); an
    optional ``message`` is added when the case fails. Arguments are deep-copied for
    every call, so a function that changes its input cannot spoil the next case.
    Numbers are compared within ``tolerance`` (default ``rel: 1e-9``), lists and dicts
    item by item, pandas objects with pandas.testing, anything else with ``==``.

    The feedback names the first failing case with its input and what the function
    returned (or the error it stopped with), never the expected result.
    """

    def __init__(
        self,
        spec: Mapping[str, Any],
        *,
        seed: object = None,
        prefix: str,
        answers: Answers | None = None,
    ) -> None:
        super().__init__(spec, seed=seed, prefix=prefix, answers=answers)
        tolerance = spec.get("tolerance", {"rel": 1e-9})
        self.abs_tol = float(tolerance.get("abs", 0.0))
        self.rel_tol = float(tolerance.get("rel", 0.0))

    def same(self, got: Any, expected: Any) -> bool:
        """Whether the returned value ``got`` counts as the ``expected`` one."""
        if isinstance(got, np.generic):
            got = got.item()
        if isinstance(expected, bool) or expected is None or isinstance(expected, str):
            return type(got) is type(expected) and got == expected
        if isinstance(expected, (Real, Decimal)):
            if isinstance(got, bool) or not isinstance(got, (Real, Decimal)):
                return False
            g, e = float(got), float(expected)
            return math.isclose(g, e, rel_tol=self.rel_tol, abs_tol=self.abs_tol) or (
                math.isnan(g) and math.isnan(e)
            )
        if isinstance(expected, (list, tuple)):
            if not isinstance(got, (list, tuple, np.ndarray, pd.Series)) or len(got) != len(
                expected
            ):
                return False
            items = got.tolist() if isinstance(got, (np.ndarray, pd.Series)) else got
            return all(self.same(g, e) for g, e in zip(items, expected, strict=True))
        if isinstance(expected, Mapping):
            return (
                isinstance(got, Mapping)
                and set(got) == set(expected)
                and all(self.same(got[k], expected[k]) for k in expected)
            )
        if isinstance(expected, (pd.Series, pd.DataFrame)):
            rtol = max(self.rel_tol, 1e-12)
            try:
                if isinstance(expected, pd.Series):
                    pd.testing.assert_series_equal(got, expected, check_dtype=False, rtol=rtol)
                else:
                    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=rtol)
            except (AssertionError, TypeError, ValueError):
                return False
            return True
        try:
            return bool(got == expected)
        except Exception:  # comparisons that cannot give one True/False
            return False

    def evaluate(self, answer: Any) -> Verdict:
        if not callable(answer) or isinstance(answer, type):
            raise wrong_kind(t("expects.function"), answer)
        name = self.spec["name"]
        for number, case in enumerate(self.spec["cases"], start=1):
            args = list(case.get("args", []))
            kwargs = dict(case.get("kwargs", {}))
            call = _format_call(name, args, kwargs)
            try:
                got = answer(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except Exception as err:  # the learner's code failed: say how, in the feedback
                return self.incorrect(
                    t("function.raised", number=str(number), call=call, error=_error(err))
                )
            if got is ____:  # the function body still holds the placeholder
                return Verdict("not_attempted", t("function.blank", name=name))
            expected = self.resolve(case, "expected", *copy.deepcopy(args), **copy.deepcopy(kwargs))
            if self.same(got, expected):
                continue
            if got is None:
                message = t("function.returned_nothing", number=str(number), call=call)
            else:
                message = t("function.wrong", number=str(number), call=call, got=_shown(got))
            if "message" in case:
                message = f"{message} {case['message']}"
            return self.incorrect(message)
        return self.correct()

    def body_markdown(self) -> str:
        return t("function.how", name=self.spec["name"], call=f"{self.prefix}.check")


def _error(err: Exception) -> str:
    """``ZeroDivisionError: division by zero``, shortened."""
    text = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
    return text if len(text) <= 160 else text[:157] + "..."
