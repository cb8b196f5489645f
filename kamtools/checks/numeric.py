"""Numeric questions: one number, compared within a tolerance, with automatic diagnostics."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from numbers import Real
from typing import Any

import numpy as np

from ..data.parsing import parse_number_details
from ..errors import NumberFormatError
from ..messages import t
from ._common import Checker, Uncheckable, Verdict, wrong_kind
from .source import Answers

__all__ = ["NumericChecker"]

# Factors tried by the "order of magnitude" diagnostic (the answer is expected * 10**k).
_MAGNITUDES = (1, 2, 3, 6, 9)


def _decimals(x: float) -> int:
    """Decimal places of ``x`` as Python writes it: 0.56 -> 2, 1200.0 -> 0."""
    exponent = Decimal(repr(x)).normalize().as_tuple().exponent
    return max(0, -int(exponent))


class NumericChecker(Checker):
    """Checks one number against ``expected`` (or ``expected_from``) within ``tolerance``.

    Text answers go through :func:`kamtools.parse_number`. The ``unit`` says how to
    read percentages: ``fraction`` (0.8; "80%" also counts), ``percent`` (80; "80%" also
    counts), ``number`` (like fraction), ``count`` (a whole number, compared exactly,
    no percentages) and ``currency`` (an amount; no percentages, and a written currency
    must be the question's ``currency``).

    A wrong answer gets the first message that applies, in this order:

    1. a listed ``mistake`` whose value is within the tolerance of the answer;
    2. the expected value rounded too coarsely (0.74 for 0.7373 with tolerance 0.0006:
       the answer is the expected value rounded to the decimals it is written with);
    3. a listed mistake rounded the same way (0.27 for 0.2694), if only one fits;
    4. automatic diagnostics: not a whole number (count); a percentage where a
       fraction is asked, or the reverse; the wrong sign; off by a power of ten (10,
       100, 1,000, 10**6, 10**9). Each accepts the answer within the tolerance or
       rounded, so 74 counts as the percentage of 0.7373;
    5. the spec's ``incorrect`` message, or a general one.

    Under the prompt it shows how to write an answer in its unit, unless the spec says
    ``format_hint: false`` (the prompt gives the format itself).
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
        self.unit: str = spec["unit"]
        tolerance = spec.get("tolerance", {})
        self.abs_tol = float(tolerance.get("abs", 0.0))
        self.rel_tol = float(tolerance.get("rel", 0.0))

    # -- reading the answer ---------------------------------------------------------------
    def number(self, answer: Any) -> float:
        """The answer as a float in the question's unit, or :class:`Uncheckable`."""
        if isinstance(answer, np.ndarray) and answer.ndim == 0:
            answer = answer[()]
        if _decimal_comma_tuple(answer):
            raise Uncheckable(self.comma_message(*answer))
        if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (str, Real, Decimal)):
            raise wrong_kind(t("expects.number"), answer)
        if not isinstance(answer, str):
            value = float(answer)
            if math.isnan(value):
                raise Uncheckable(t("numeric.missing_value"))
            if math.isinf(value):
                raise Uncheckable(t("numeric.infinite"))
            return value
        try:
            parsed = parse_number_details(answer, whole_number=self.unit == "count")
        except NumberFormatError as err:
            raise Uncheckable(str(err)) from None
        value = parsed.value
        if parsed.is_percent:
            if self.unit in ("count", "currency"):
                raise Uncheckable(t("numeric.percent_not_expected"))
            if self.unit == "percent":
                value = float(Decimal(repr(value)).scaleb(2))  # "80%" -> 80, exactly
        wanted = self.spec.get("currency")
        if parsed.currency and wanted and parsed.currency != wanted:
            raise Uncheckable(t("numeric.other_currency", got=parsed.currency, wanted=wanted))
        return value

    def comma_message(self, whole: int, frac: int) -> str:
        """What to write instead of ``1,178`` or ``6,3`` typed without quotes.

        Python reads a comma between numbers as a pair: 6,3 is (6, 3), and 1,078 is
        (1, 78) (the leading zero is gone). A count can only mean thousands, a
        three-digit part could be either, anything else is a decimal comma. Every
        suggestion is an answer this checker reads as meant, so advice never loops.
        """
        if self.unit == "count" and frac < 1000:
            return t(
                "numeric.comma_in_count", typed=f"{whole},{frac:03d}", joined=f"{whole}{frac:03d}"
            )
        if frac >= 100 and frac < 1000:
            return t("numeric.comma_ambiguous", whole=str(whole), frac=str(frac))
        return t("numeric.decimal_comma", whole=str(whole), frac=str(frac))

    # -- comparing ------------------------------------------------------------------------
    def tolerance(self, expected: float) -> float:
        """Largest accepted distance from ``expected``."""
        return self.abs_tol + self.rel_tol * abs(expected)

    def close(self, x: float, expected: float) -> bool:
        """``x`` equals ``expected`` within the tolerance (and float noise)."""
        noise = 1e-12 * max(1.0, abs(expected))
        return abs(x - expected) <= self.tolerance(expected) + noise

    @staticmethod
    def rounds_to(x: float, expected: float, decimals: int) -> bool:
        """``x`` is ``expected`` rounded to ``decimals`` places."""
        return abs(x - expected) <= 0.5 * 10.0**-decimals * (1 + 1e-9)

    def near(self, x: float, expected: float, decimals: int) -> bool:
        """Within the tolerance, or a rounding of ``expected`` to ``decimals`` places."""
        return self.close(x, expected) or self.rounds_to(x, expected, decimals)

    def needed_decimals(self, expected: float) -> int:
        """Fewest decimal places whose rounding error fits the tolerance."""
        tol = self.tolerance(expected)
        d = 0
        while d < 15 and 0.5 * 10.0**-d > tol * (1 + 1e-9):
            d += 1
        return d

    # -- the check ------------------------------------------------------------------------
    def evaluate(self, answer: Any) -> Verdict:
        value = self.number(answer)
        expected = float(self.resolve(self.spec, "expected"))
        if self.close(value, expected):
            return self.correct()
        d = _decimals(value)
        mistakes = [
            (float(self.resolve(m, "value")), m["message"]) for m in self.spec.get("mistakes", [])
        ]
        for mistake, message in mistakes:
            if self.close(value, mistake):
                return self.incorrect(message)
        if self.unit != "count" and value != 0 and self.rounds_to(value, expected, d):
            return self.incorrect(self.rounded_message(expected))
        # A mistake rounded (0.27 for 0.2694), when no other mistake rounds the same way.
        rounded = [msg for v, msg in mistakes if v != 0 and self.rounds_to(value, v, d)]
        if len(rounded) == 1:
            return self.incorrect(rounded[0])
        return self.incorrect(self.diagnose(value, expected))

    def rounded_message(self, expected: float) -> str:
        """ "Rounded too much: keep N decimal places"."""
        decimals = self.needed_decimals(expected)
        if self.unit == "fraction":
            percent_decimals = max(decimals - 2, 0)
            if percent_decimals == 0:  # "or 0 in a percentage" would read as "type 0"
                return t("numeric.rounded_fraction_whole_percent", decimals=str(decimals))
            return t(
                "numeric.rounded_fraction",
                decimals=str(decimals),
                percent_decimals=str(percent_decimals),
            )
        return t("numeric.rounded", decimals=str(decimals))

    def diagnose(self, value: float, expected: float) -> str | None:
        """The message of the first automatic diagnostic that explains ``value``, if any."""
        d = _decimals(value)
        if self.unit == "count":
            thousands = round(value * 1000)
            if value != round(value) and value >= 1 and math.isclose(value * 1000, thousands):
                # 1.178 typed for a count: a thousands point, which Python reads as decimal
                return t("numeric.point_in_count", typed=f"{value:.3f}", joined=str(thousands))
            if value != round(value):
                return t("numeric.whole_number")
        elif self.unit == "fraction" and self.near(value / 100, expected, d + 2):
            return t("numeric.percent_for_fraction")
        elif self.unit == "percent" and self.near(value * 100, expected, max(d - 2, 0)):
            return t("numeric.fraction_for_percent")
        if expected != 0 and self.near(-value, expected, d):
            return t("numeric.wrong_sign")
        for k in _MAGNITUDES:
            if self.near(value / 10.0**k, expected, d + k) or self.near(
                value * 10.0**k, expected, max(d - k, 0)
            ):
                return t("numeric.magnitude")
        return None

    def body_markdown(self) -> str:
        if not self.spec.get("format_hint", True):  # the prompt already says how to answer
            return ""
        if self.unit == "currency" and "currency" in self.spec:
            return t("numeric.how_currency_in", currency=self.spec["currency"])
        return {
            "fraction": t("numeric.how_fraction"),
            "percent": t("numeric.how_percent"),
            "count": t("numeric.how_count"),
            "number": t("numeric.how_number"),
            "currency": t("numeric.how_currency"),
        }[self.unit]


def _decimal_comma_tuple(answer: Any) -> bool:
    """Whether ``answer`` is the pair of whole numbers that ``6,3`` becomes in Python."""
    return (
        isinstance(answer, tuple)
        and len(answer) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in answer)
    )
