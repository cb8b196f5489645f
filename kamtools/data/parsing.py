"""Numbers as people type them: "0,8", "80%", "1 234,50 €", "PLN 1 200", "(5)".

Learners answer in the formats of their spreadsheets and invoices. :func:`parse_number`
reads all the common European and English ways of writing a number and refuses, with a
plain-language message, what it cannot read or what could mean two different numbers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real

import numpy as np

from ..errors import NumberFormatError, WrongTypeError
from ..messages import describe, t

__all__ = ["ParsedNumber", "parse_number", "parse_number_details"]

#: Currency marks understood before or after a number (case does not matter), and the
#: ISO code each stands for.
CURRENCIES: dict[str, str] = {
    "€": "EUR",
    "eur": "EUR",
    "zł": "PLN",
    "zl": "PLN",
    "pln": "PLN",
    "$": "USD",
    "usd": "USD",
    "£": "GBP",
    "gbp": "GBP",
}

# Spaces people use between digit groups: space, no-break space, figure space, thin
# space, narrow no-break space. All become a plain space before parsing.
_SPACES = re.compile("[\u0020\u00a0\u2007\u2009\u202f]+")
# Minus signs: the hyphen-minus, the true minus sign, the figure dash and the en dash.
_MINUSES = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-"})

_CURRENCY_PATTERN = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_CURRENCY_BEFORE = re.compile(rf"^({_CURRENCY_PATTERN}) ?", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(rf" ?({_CURRENCY_PATTERN})$", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")
_NUMBER_CHARS = re.compile(r"[0-9., ]*[0-9][0-9., ]*")
_FIRST_GROUP = re.compile(r"[0-9]{1,3}")
_GROUP = re.compile(r"[0-9]{3}")
_DIGITS = re.compile(r"[0-9]*")
_MAYBE_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}")


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from a learner's answer, with what the text said about it.

    Attributes
    ----------
    value : float
        The number; a percentage is already divided by 100 (``"80%"`` gives 0.8).
    is_percent : bool
        Whether the text ended with a percent sign.
    currency : str or None
        ISO code of the currency written with the number (``"EUR"`` for ``"€"``), or None.
    original : str or float
        What was passed in, unchanged.
    """

    value: float
    is_percent: bool
    currency: str | None
    original: str | float


def _fail(reason: str, text: str, message: str) -> NumberFormatError:
    """The error for ``text``; ``reason`` is the code, ``message`` the learner's message."""
    return NumberFormatError(message, text=text, reason=reason)


def _peel(text: str, s: str) -> tuple[str, bool, str | None, bool]:
    """Take signs, brackets, a currency and a percent sign off ``s``; return what is left.

    Returns ``(body, negative, currency, is_percent)``.
    """
    signs = 0
    negative = False
    currency: str | None = None
    percent = False
    while True:
        if len(s) >= 2 and s[0] == "(" and s[-1] == ")":
            signs += 1
            negative = True
            s = s[1:-1].strip()
        elif s[:1] in ("-", "+"):
            signs += 1
            negative = s[0] == "-"
            s = s[1:].strip()
        elif s.endswith("%"):
            if percent:
                raise _fail("not_a_number", text, t("parse.not_a_number", text=repr(text)))
            percent = True
            s = s[:-1].strip()
        elif (m := _CURRENCY_BEFORE.match(s) or _CURRENCY_AFTER.search(s)) and m.group(1):
            if currency is not None:
                raise _fail("two_currencies", text, t("parse.two_currencies", text=repr(text)))
            currency = CURRENCIES[m.group(1).lower()]
            s = (s[: m.start()] + s[m.end() :]).strip()
        else:
            break
        if signs > 1:
            raise _fail("two_signs", text, t("parse.two_signs", text=repr(text)))
    if currency is not None and percent:
        raise _fail("percent_and_currency", text, t("parse.percent_and_currency", text=repr(text)))
    return s, negative, currency, percent


def _decimal(text: str, body: str, *, whole_number: bool = False) -> Decimal:
    """The unsigned number written in ``body`` (digits, spaces, points and commas).

    ``whole_number``: the number is known to be whole (a count), so ``"1,178"`` is 1178.
    """
    if _SCIENTIFIC.fullmatch(body):
        return Decimal(body)
    if not _NUMBER_CHARS.fullmatch(body):
        raise _fail("not_a_number", text, t("parse.not_a_number", text=repr(text)))
    has_space = " " in body
    separators = [c for c in ".," if c in body]
    decimal_mark: str | None = None
    group_mark: str | None = " " if has_space else None
    if len(separators) == 2:
        # Both marks: the last one is the decimal mark ("1.234,50", "1,234.50").
        decimal_mark = max(separators, key=body.rindex)
        group_mark = "," if decimal_mark == "." else "."
        if has_space or body.count(decimal_mark) != 1:
            raise _fail("bad_grouping", text, t("parse.bad_grouping", text=repr(text)))
    elif len(separators) == 1:
        mark = separators[0]
        if body.count(mark) > 1:
            if has_space:
                raise _fail("bad_grouping", text, t("parse.bad_grouping", text=repr(text)))
            group_mark = mark  # "1,234,567" or "1.234.567"
        else:
            whole, frac = body.split(mark)
            ambiguous = _MAYBE_THOUSANDS.fullmatch(whole) and _GROUP.fullmatch(frac)
            if not has_space and ambiguous and whole_number:
                return Decimal(whole + frac)  # a count has no decimals: "1,178" is 1178
            if not has_space and ambiguous:
                message = t(
                    "parse.ambiguous",
                    text=repr(text),
                    whole=whole + frac,
                    decimal=f"{whole}.{frac}",
                    spaced=f"{whole} {frac}",
                )
                raise _fail("ambiguous", text, message)
            decimal_mark = mark
    whole, _, frac = body.partition(decimal_mark) if decimal_mark else (body, "", "")
    if decimal_mark is not None and not frac:
        raise _fail("trailing_separator", text, t("parse.trailing_separator", text=repr(text)))
    if not _DIGITS.fullmatch(frac):
        raise _fail("bad_grouping", text, t("parse.bad_grouping", text=repr(text)))
    if group_mark is not None and group_mark in whole:
        groups = whole.split(group_mark)
        if not _FIRST_GROUP.fullmatch(groups[0]) or not all(
            _GROUP.fullmatch(g) for g in groups[1:]
        ):
            raise _fail("bad_grouping", text, t("parse.bad_grouping", text=repr(text)))
        whole = "".join(groups)
    if not _DIGITS.fullmatch(whole):
        raise _fail("bad_grouping", text, t("parse.bad_grouping", text=repr(text)))
    return Decimal(f"{whole or '0'}.{frac or '0'}")


def parse_number_details(text: str | float, *, whole_number: bool = False) -> ParsedNumber:
    """Read a number as people type it, and say whether it was a percentage or an amount.

    Parameters
    ----------
    text : str or real number
        The answer, e.g. ``"0,8"``, ``"80 %"``, ``"1.234,50 €"``, ``"PLN 1 200"`` or
        ``"(5)"``. Numbers (int, float, numpy numbers) are returned unchanged as float.
    whole_number : bool
        The number is a count, so it cannot have decimals: a single point or comma
        followed by three digits (``"1,178"``, ``"1.178"``) separates thousands.

    Returns
    -------
    ParsedNumber
        ``value`` (a percentage divided by 100), ``is_percent``, ``currency`` (ISO code
        or None) and ``original`` (the input).

    Raises
    ------
    NumberFormatError
        If the text is empty, is not a number, is ambiguous (``"1,234"``), has badly
        placed digit groups, two currencies, two signs, a currency and a percent sign,
        or ends with a separator; also for a number that is NaN or infinite. The message
        is written for learners and quotes the text.
    WrongTypeError
        If ``text`` is neither text nor a number (True/False is not a number).

    Notes
    -----
    Rules, applied to the text with surrounding spaces removed:

    - **Sign**: a leading ``-`` (also the minus sign and the en dash) or ``+``; an
      amount in brackets, ``"(5)"``, is negative (accounting style). Only one sign.
    - **Currency**: ``€ EUR zł zl PLN $ USD £ GBP``, before or after the number, with
      or without a space, any case. Only one.
    - **Percent**: a trailing ``%`` (with or without a space) divides by 100:
      ``"80%"`` is 0.8. A percentage cannot have a currency.
    - **Digit groups**: a space (also the no-break, thin and narrow no-break spaces)
      always separates thousands, so a point or comma beside it is the decimal mark
      (``"1 234,5"``). With both a point and a comma, the last one is the decimal mark
      (``"1.234,50"``, ``"1,234.50"``). A mark that appears several times separates
      thousands (``"1.234.567"``). Groups after the first have exactly three digits.
    - **Ambiguity**: a single point or comma after 1 to 3 digits (not ``0``) and
      followed by exactly 3 digits, ``"1,234"`` or ``"1.234"``, could be a thousands
      separator or a decimal mark: it is refused, unless ``whole_number`` says it is a
      count (then it separates thousands). Any other single mark is the decimal
      mark: ``"0,8"``, ``"12.5"``, ``"0.125"``, ``"1234,567"``.
    - Scientific notation such as ``"2.5e-3"`` is accepted.

    The digits are read exactly (as a decimal) and rounded to the nearest float once,
    so ``"33.3%"`` gives exactly ``0.333``.

    Examples
    --------
    >>> from kamtools.data.parsing import parse_number_details
    >>> parse_number_details("1.234,50 €")
    ParsedNumber(value=1234.5, is_percent=False, currency='EUR', original='1.234,50 €')
    >>> parse_number_details("80 %").value
    0.8
    """
    if isinstance(text, (bool, np.bool_)):
        raise WrongTypeError(t("parse.wrong_type", got=describe(text)))
    if isinstance(text, (Real, Decimal)):
        value = float(text)
        if not math.isfinite(value):
            raise _fail("not_finite", str(text), t("parse.not_finite", text=repr(str(text))))
        return ParsedNumber(value=value, is_percent=False, currency=None, original=text)
    if not isinstance(text, str):
        raise WrongTypeError(t("parse.wrong_type", got=describe(text)))
    s = _SPACES.sub(" ", text.translate(_MINUSES)).strip()
    if not s:
        raise _fail("empty", text, t("parse.empty", text=repr(text)))
    body, negative, currency, percent = _peel(text, s)
    number = _decimal(text, body, whole_number=whole_number)
    if negative:
        number = -number
    if percent:
        number = number.scaleb(-2)
    value = float(number) + 0.0  # + 0.0 turns -0.0 into 0.0
    if not math.isfinite(value):
        raise _fail("not_finite", text, t("parse.not_finite", text=repr(text)))
    return ParsedNumber(value=value, is_percent=percent, currency=currency, original=text)


def parse_number(text: str | float, *, whole_number: bool = False) -> float:
    """Read a number as people type it: ``"0,8"``, ``"80%"``, ``"1 234,5"``, ``"(5)"`` ...

    Parameters
    ----------
    text : str or real number
        The answer as typed; numbers are returned unchanged as float.
    whole_number : bool
        The number is a count: ``"1,178"`` and ``"1.178"`` mean 1178.

    Returns
    -------
    float
        The number. **A percentage is returned as a fraction**: ``"80%"`` gives 0.8.
        Currency marks are accepted and dropped; use :func:`parse_number_details` to
        know which currency or whether there was a percent sign.

    Raises
    ------
    NumberFormatError
        If the text is not one clear number (see :func:`parse_number_details` for the
        rules); the message is written for learners and quotes the text.
    WrongTypeError
        If ``text`` is neither text nor a number.

    Notes
    -----
    Accepted: ``"0,8"`` and ``"0.8"``; ``"80%"`` and ``"80 %"`` (0.8); ``"1 234,5"``;
    ``"1.234,50 €"`` and ``"€1,234.50"`` (1234.5); ``"12 345 zł"``; ``"PLN 1 200"``;
    ``"-5"`` and ``"(5)"`` (-5). Refused: ``"1,234"`` and ``"1.234"``, which could be
    one thousand and something or one and a bit.

    Examples
    --------
    >>> from kamtools.data.parsing import parse_number  # also kt.parse_number
    >>> parse_number("0,8"), parse_number("80%"), parse_number("(5)")
    (0.8, 0.8, -5.0)
    >>> parse_number("12 345 zł")
    12345.0
    >>> parse_number("1,234")
    Traceback (most recent call last):
    ...
    kamtools.errors.NumberFormatError: '1,234' could mean 1234 or 1.234. ...
    """
    return parse_number_details(text, whole_number=whole_number).value
