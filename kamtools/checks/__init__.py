"""Self-checks for the course notebooks: problem specs, answer checking and feedback.

In a notebook::

    import kamtools as kt
    from kamtools.checks import ____

    ex = kt.exercise("03_pareto")
    ex.q1                      # shows the question
    answer = ____              # the learner replaces the blank
    ex.q1.check(answer)        # correct / incorrect / not attempted / uncheckable
    ex.q1.hint()               # escalating hints
    ex.q1.solution()           # the worked solution

In an nbgrader test cell, ``ex.q1.assert_correct(answer)`` raises ``AssertionError`` with
the same message that ``check`` shows. Questions are data: YAML files in
``kamtools/content/checks/`` (format in :mod:`kamtools.checks.spec`); every sentence a
learner reads comes from the spec or from the message catalogue
(:mod:`kamtools.messages`).

Modules: :mod:`~kamtools.checks.spec` (loading and validating specs),
:mod:`~kamtools.checks.exercises` and :mod:`~kamtools.checks.question` (what the learner
uses), :mod:`~kamtools.checks.result` (outcomes and their display), one module per
kind of question (``numeric``, ``choice``, ``text``, ``frames``, ``function``,
``reflection``).
"""

from __future__ import annotations

from ._blank import ____
from .exercises import Exercise, exercise
from .result import CheckResult
from .spec import SpecError, available_exercises, catalogue

__all__ = [
    "CheckResult",
    "Exercise",
    "SpecError",
    "____",
    "available_exercises",
    "catalogue",
    "exercise",
]
