"""Numbers written for the learner in the language of the course (private helpers).

English keeps Python's own formatting (``f"{x:,.1f}"``, ``f"{x:.1%}"``), so English
output stays exactly as it always was; another language uses :mod:`kamtools.i18n`
(``1 234,5``, ``82,8%``). Used by the charts, the portfolio report and the readers of
exports, the widgets (``kamtools.widgets._teaching`` re-exports them) and
:func:`kamtools.messages.count`.
"""

from __future__ import annotations

from . import i18n


def number(x: float, decimals: int = 0, *, sign: bool = False) -> str:
    """``x`` with thousands separated: ``1,234.5`` (Polish ``1 234,5``); ``sign`` adds ``+``.

    Examples
    --------
    >>> number(1234.5, 1), number(3, sign=True)
    ('1,234.5', '+3')
    """
    if i18n.get_language() == "en":
        return f"{x:+,.{decimals}f}" if sign else f"{x:,.{decimals}f}"
    return i18n.format_number(x, decimals, sign=sign)


def percent(share: float, decimals: int = 1, *, sign: bool = False) -> str:
    """A share as a percentage: ``0.828`` -> ``82.8%`` (Polish ``82,8%``).

    Examples
    --------
    >>> percent(0.828), percent(0.05, 0, sign=True)
    ('82.8%', '+5%')
    """
    if i18n.get_language() == "en":
        return f"{share:+.{decimals}%}" if sign else f"{share:.{decimals}%}"
    return i18n.format_percent(share, decimals, sign=sign)


def integer(n: int) -> str:
    """A whole number with thousands separated: ``4,373`` (Polish ``4 373``)."""
    return f"{n:,}" if i18n.get_language() == "en" else i18n.format_number(n)
