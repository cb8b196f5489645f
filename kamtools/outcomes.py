"""The outcomes of a knowledge check, defined once for the checks engine and the progress store.

:mod:`kamtools.checks` returns one of them for every answer checked
(:class:`kamtools.checks.CheckResult`); :mod:`kamtools.progress` stores it with every
``"attempt"`` event and refuses any other value. Both read them from here, so the two can
never disagree.

Examples
--------
>>> from kamtools.outcomes import OUTCOMES
>>> OUTCOMES
('correct', 'incorrect', 'not_attempted', 'uncheckable')
"""

from __future__ import annotations

import typing
from typing import Literal

__all__ = ["COUNTED", "OUTCOMES", "Outcome"]

#: What a check can find, for type checkers: ``def grade(...) -> Outcome``.
Outcome = Literal["correct", "incorrect", "not_attempted", "uncheckable"]

#: The four outcomes, in the order of the score table (the values of :data:`Outcome`).
OUTCOMES: tuple[Outcome, ...] = typing.get_args(Outcome)

#: Outcomes that count as an attempt: an empty answer (``"not_attempted"``, the ``____``
#: placeholder left in place) is not a try, in the progress summary nor in a quiz.
COUNTED: tuple[Outcome, ...] = ("correct", "incorrect", "uncheckable")
