"""The logic behind the quiz widget: which questions it shows, feedback worded for buttons,
and the score of a quiz (first try, eventually correct, retry, start again).

:class:`kamtools.widgets.quiz.Quiz` is a thin view over these functions: every number it
shows comes from :class:`QuizState`, every verdict from the same engine as ``ex.q1.check``
(:mod:`kamtools.checks.question`), so the quiz and the notebook give the same feedback.
Only the words that tell a notebook learner what to *type* (``ex.q1.hint()``, "run the
cell again") are replaced by words about the quiz's buttons (:func:`for_widget`).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..errors import EmptyDataError, ParameterError, WrongTypeError
from ..messages import t
from ..outcomes import COUNTED, OUTCOMES, Outcome
from .choice import ChoiceChecker, shuffled_order
from .exercises import Exercise
from .question import Question
from .result import CheckResult

__all__ = [
    "CODE_TYPES",
    "COUNTED",
    "QUIZ_TYPES",
    "QuizState",
    "choice_options",
    "for_widget",
    "hint_lines",
    "quiz_order",
    "select_questions",
]

#: Question types the quiz shows as a widget (the rest are answered with code).
QUIZ_TYPES = ("numeric", "single_choice", "multiple_choice", "short_text", "reflection")

#: Question types answered with code in the notebook (a table, a column, a function).
CODE_TYPES = ("series", "dataframe", "function")

#: Outcomes that "Retry wrong ones" resets.
WRONG: tuple[Outcome, ...] = ("incorrect", "uncheckable")


# ---------------------------------------------------------------------------------------
# Which questions, in which order
# ---------------------------------------------------------------------------------------
def select_questions(
    ex: Exercise, questions: Sequence[str] | None = None
) -> tuple[list[Question], list[Question]]:
    """The questions a quiz shows, and the code questions it leaves to the notebook.

    Parameters
    ----------
    ex : Exercise
        The question bank.
    questions : sequence of str, optional
        Question ids to show, in this order. ``None`` (default): every question whose
        type is in :data:`QUIZ_TYPES`, in the order of the spec.

    Returns
    -------
    shown : list of Question
        The questions of the quiz.
    skipped : list of Question
        With ``questions=None``, the questions of a type in :data:`CODE_TYPES` (the quiz
        lists them in a note); empty when ``questions`` names the questions.

    Raises
    ------
    WrongTypeError
        If ``ex`` is not an Exercise, or ``questions`` is not a list of ids.
    ParameterError
        If ``questions`` is empty, repeats an id, names an unknown question (the message
        suggests the closest id) or a question answered with code.
    EmptyDataError
        If the bank has no question the quiz can show.

    Examples
    --------
    >>> from kamtools.checks import exercise
    >>> from kamtools.checks.quiz import QUIZ_TYPES, select_questions
    >>> ex = exercise("03_pareto", recorder=lambda *args, **kwargs: None)
    >>> shown, skipped = select_questions(ex)
    >>> [q.id for q in skipped]  # a column and a function, written in the notebook
    ['q6', 'q7']
    >>> all(q.type in QUIZ_TYPES for q in shown)
    True
    >>> [q.id for q in select_questions(ex, ["q3", "q1"])[0]]
    ['q3', 'q1']
    """
    if not isinstance(ex, Exercise):
        raise WrongTypeError(
            f"`ex` must be a kamtools Exercise (kt.exercise(...)), but {ex!r} was passed."
        )
    by_id = {q.id: q for q in ex.questions}
    if questions is None:
        shown = [q for q in ex.questions if q.type in QUIZ_TYPES]
        skipped = [q for q in ex.questions if q.type not in QUIZ_TYPES]
        if not shown:
            listing = ", ".join(f"{q.id} ({q.type})" for q in skipped)
            raise EmptyDataError(
                f"`bank` {ex.module!r} has no question the quiz can show: {listing} are "
                f"answered with code in the notebook."
            )
        return shown, skipped
    if isinstance(questions, str) or not isinstance(questions, Sequence):
        hint = f" Write [{questions!r}] for one question." if isinstance(questions, str) else ""
        raise WrongTypeError(
            f"`questions` must be a list of question ids, but {questions!r} was passed.{hint}"
        )
    if len(questions) == 0:
        raise ParameterError(
            f"`questions` must name at least one question (or be None for all), but "
            f"{questions!r} was passed."
        )
    seen: set[str] = set()
    shown = []
    for qid in questions:
        if not isinstance(qid, str):
            raise WrongTypeError(
                f"`questions` must hold question ids as text, like 'q1', but {qid!r} was passed."
            )
        if qid in seen:
            raise ParameterError(f"`questions` names {qid!r} twice; list each question once.")
        seen.add(qid)
        if qid not in by_id:
            close = difflib.get_close_matches(qid, list(by_id), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ParameterError(
                f"`questions` must be ids of {ex.module!r} ({', '.join(by_id)}), but "
                f"{qid!r} was passed.{hint}"
            )
        question = by_id[qid]
        if question.type not in QUIZ_TYPES:
            raise ParameterError(
                f"`questions` names {qid!r}, a {question.type} question answered with code "
                f"in the notebook; the quiz shows types {QUIZ_TYPES}."
            )
        shown.append(question)
    return shown, []


def quiz_order(n: int, *, module: str, shuffle: bool = False, seed: object = None) -> list[int]:
    """Positions of the questions in the quiz: as given, or shuffled by ``seed``.

    The shuffled order depends only on the module and the seed (the same learner sees
    the same order every time), as for shuffled options.

    Examples
    --------
    >>> from kamtools.checks.quiz import quiz_order
    >>> quiz_order(4, module="03_pareto")
    [0, 1, 2, 3]
    >>> sorted(quiz_order(4, module="03_pareto", shuffle=True, seed="Ana"))
    [0, 1, 2, 3]
    """
    if not shuffle:
        return list(range(n))
    return shuffled_order(n, f"quiz:{module}", seed)


# ---------------------------------------------------------------------------------------
# What a question looks like in a widget
# ---------------------------------------------------------------------------------------
def choice_options(question: Question) -> list[dict[str, Any]]:
    """The options of a choice question in the displayed order (shuffled as in the notebook).

    Returns
    -------
    list of dict
        One per option: ``label`` ("A", "B" ...), ``text``, ``explanation`` and
        ``correct`` (bool). Label "B" means the same option as ``ex.q2.check("B")``.

    Raises
    ------
    ParameterError
        If ``question`` is not a choice question.

    Examples
    --------
    >>> from kamtools.checks import exercise
    >>> from kamtools.checks.quiz import choice_options
    >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: None)
    >>> [o["label"] for o in choice_options(ex.q2)]
    ['A', 'B', 'C', 'D']
    """
    checker = question._checker
    if not isinstance(checker, ChoiceChecker):
        raise ParameterError(
            f"`question` must be a choice question, but {question.id!r} is a "
            f"{question.type} question."
        )
    return [
        {
            "label": label,
            "text": option["text"],
            "explanation": option["explanation"],
            "correct": bool(option.get("correct", False)),
        }
        for label, option in zip(checker.labels, checker.options, strict=True)
    ]


def _empty_message(question: Question) -> str:
    if question.type == "single_choice":
        return t("quiz.empty_choice")
    if question.type == "multiple_choice":
        return t("quiz.empty_choices")
    if question.type == "reflection":
        return t("quiz.empty_reflection")
    return t("quiz.empty_text")


def for_widget(question: Question, result: CheckResult) -> CheckResult:
    """``result`` with the notebook's instructions replaced by the quiz's buttons.

    The verdict and the specific feedback stay as they are. Replaced: the message of an
    empty answer ("Replace ____ ... run the cell again" becomes "... then press
    Check"), the offer at the end of a wrong answer ("Stuck? Try `ex.q1.hint()`"
    becomes "Stuck? Press Hint."), and the thanks of a reflection (which points to
    ``ex.q8.rubric()``; the quiz shows the checklist itself).

    Examples
    --------
    >>> from kamtools.checks import exercise
    >>> from kamtools.checks.quiz import for_widget
    >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: None)
    >>> print(for_widget(ex.q3, ex.q3.evaluate("key accounts")).message)
    Key accounts are the customers themselves. ... Stuck? Press Hint.
    >>> print(for_widget(ex.q3, ex.q3.evaluate("")).message)
    The box is empty. Type your answer, then press Check.
    """
    message = result.message
    if result.outcome == "not_attempted" and message in {
        t("check.blank"),
        t("check.unchanged_default"),
        t("check.empty_text"),
        t("choice.none_chosen"),
    }:
        message = _empty_message(question)
    elif result.outcome == "incorrect":
        offers = {
            t("check.offer_hint", call=f"{question.prefix}.hint()"): t("quiz.offer_hint"),
            t("check.offer_solution", call=f"{question.prefix}.solution()"): t(
                "quiz.offer_solution"
            ),
        }
        for notebook, quiz in offers.items():
            if message.endswith(notebook):
                message = message[: -len(notebook)] + quiz
                break
    elif result.outcome == "correct" and question.type == "reflection":
        if message == t("reflection.thanks", call=f"{question.prefix}.rubric()"):
            message = t("quiz.reflection_thanks")
    if message == result.message:
        return result
    return dataclasses.replace(result, message=message)


def hint_lines(question: Question, level: int) -> list[str]:
    """The hints 1 to ``level`` of ``question`` as Markdown lines, the last-hint note after.

    Parameters
    ----------
    question : Question
        Any question; one without hints gives an empty list.
    level : int
        How many hints are shown (0 to the number of hints).

    Raises
    ------
    ParameterError
        If ``level`` is negative or above the number of hints.

    Examples
    --------
    >>> from kamtools.checks import exercise
    >>> from kamtools.checks.quiz import hint_lines
    >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: None)
    >>> hint_lines(ex.q3, 1)
    ['**Hint 1 of 2:** It is named after an Italian economist.']
    >>> hint_lines(ex.q3, 2)[-1]
    'That was the last hint. Show solution gives a worked solution.'
    """
    hints = question.spec.get("hints", [])
    if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= len(hints):
        raise ParameterError(
            f"`level` must be a whole number from 0 to {len(hints)} (the hints of "
            f"{question.id!r}), but {level!r} was passed."
        )
    total = str(len(hints))
    lines = [
        f"**{t('hint.heading', number=str(i), total=total)}** {hints[i - 1]}"
        for i in range(1, level + 1)
    ]
    if hints and level == len(hints):
        lines.append(t("quiz.hint_last"))
    return lines


# ---------------------------------------------------------------------------------------
# The score of a quiz
# ---------------------------------------------------------------------------------------
@dataclasses.dataclass
class _Item:
    result: str = "not_attempted"  # outcome of the last check in this round
    tries: list[str] = dataclasses.field(default_factory=list)  # since the last start
    hint_level: int = 0  # hints shown in this round
    hints_seen: int = 0  # most hints seen since the last start
    solution_seen: bool = False  # since the last start


class QuizState:
    """What happened in a quiz: each question's result, tries, hints and solution.

    Parameters
    ----------
    ids : sequence of str
        The question ids of the quiz, in quiz order.

    Notes
    -----
    *Result*: the outcome of the question's last check in this round ("not_attempted"
    until checked). *Tries*: checks with outcome correct, incorrect or uncheckable since
    the last :meth:`restart` (as the progress store counts attempts). *First try*: the
    result is correct and so was the first try. :meth:`retry` resets the result, the
    hints and the solution of the wrong questions (incorrect or uncheckable) and keeps
    their tries, so a question put right on a retry does not count as first try;
    :meth:`restart` resets everything. The progress store is never touched here.

    Examples
    --------
    >>> from kamtools.checks.quiz import QuizState
    >>> state = QuizState(["q1", "q2", "q3"])
    >>> state.checked("q1", "correct")
    >>> state.checked("q2", "incorrect")
    >>> state.checked("q2", "correct")
    >>> state.score()
    {'total': 3, 'correct': 2, 'first_try': 1, 'later': 1, 'incorrect': 0, 'uncheckable': 0, 'not_attempted': 1}
    """

    def __init__(self, ids: Sequence[str]) -> None:
        if isinstance(ids, str) or not isinstance(ids, Sequence):
            raise WrongTypeError(f"`ids` must be a list of question ids, but {ids!r} was passed.")
        if len(ids) == 0:
            raise ParameterError(f"`ids` must name at least one question, but {ids!r} was passed.")
        for qid in ids:
            if not isinstance(qid, str):
                raise WrongTypeError(f"`ids` must hold text ids, but {qid!r} was passed.")
        duplicated = sorted({qid for qid in ids if list(ids).count(qid) > 1})
        if duplicated:
            raise ParameterError(f"`ids` must be unique, but {duplicated[0]!r} is repeated.")
        self.ids: list[str] = list(ids)
        self._items: dict[str, _Item] = {qid: _Item() for qid in self.ids}

    def _item(self, qid: str) -> _Item:
        if qid not in self._items:
            raise ParameterError(
                f"`qid` must be one of the quiz's questions {self.ids}, but {qid!r} was passed."
            )
        return self._items[qid]

    # -- events -----------------------------------------------------------------------
    def checked(self, qid: str, outcome: Outcome) -> None:
        """Note the outcome of a check of question ``qid``."""
        item = self._item(qid)
        if outcome not in OUTCOMES:
            raise ParameterError(
                f"`outcome` must be one of {OUTCOMES}, but {outcome!r} was passed."
            )
        item.result = outcome
        if outcome in COUNTED:
            item.tries.append(outcome)

    def hint(self, qid: str, available: int) -> int:
        """Show one more hint of ``qid`` (of ``available``); return how many are shown now."""
        item = self._item(qid)
        if isinstance(available, bool) or not isinstance(available, int) or available < 0:
            raise ParameterError(
                f"`available` must be a whole number of hints, 0 or more, but {available!r} "
                f"was passed."
            )
        item.hint_level = min(item.hint_level + 1, available)
        item.hints_seen = max(item.hints_seen, item.hint_level)
        return item.hint_level

    def solution(self, qid: str) -> None:
        """Note that the solution of ``qid`` was shown."""
        self._item(qid).solution_seen = True

    def retry(self) -> list[str]:
        """Reset the wrong questions for another go; return their ids (in quiz order)."""
        wrong = self.wrong()
        for qid in wrong:
            item = self._items[qid]
            item.result = "not_attempted"
            item.hint_level = 0
        return wrong

    def restart(self) -> None:
        """Reset every question: results, tries, hints and solutions."""
        self._items = {qid: _Item() for qid in self.ids}

    # -- saving and restoring (drafts) ---------------------------------------------------
    def snapshot(self, qid: str) -> dict[str, Any]:
        """The state of ``qid`` as JSON-ready data, for :meth:`restore` after a restart.

        Examples
        --------
        >>> from kamtools.checks.quiz import QuizState
        >>> state = QuizState(["q1"])
        >>> state.checked("q1", "incorrect")
        >>> state.checked("q1", "correct")
        >>> saved = state.snapshot("q1")
        >>> again = QuizState(["q1"])
        >>> again.restore("q1", saved)
        >>> again.score() == state.score(), again.first_try("q1")
        (True, False)
        """
        item = self._item(qid)
        return {
            "result": item.result,
            "tries": list(item.tries),
            "hint_level": item.hint_level,
            "hints_seen": item.hints_seen,
            "solution_seen": item.solution_seen,
        }

    def restore(self, qid: str, data: Any) -> None:
        """Put back a :meth:`snapshot` of ``qid`` (nothing is recorded).

        Raises
        ------
        ParameterError
            If ``qid`` is not a question of the quiz, or ``data`` is not a snapshot (the
            message names the field and the value).
        """
        self._item(qid)
        if not isinstance(data, dict):
            raise ParameterError(f"`data` must be a snapshot (a dict), but {data!r} was passed.")
        result, tries = data.get("result"), data.get("tries")
        if result not in OUTCOMES:
            raise ParameterError(
                f"`data['result']` must be one of {OUTCOMES}, but {result!r} was passed."
            )
        if not isinstance(tries, list) or any(o not in COUNTED for o in tries):
            raise ParameterError(
                f"`data['tries']` must be a list of outcomes from {COUNTED}, but {tries!r} "
                "was passed."
            )
        levels = {}
        for name in ("hint_level", "hints_seen"):
            value = data.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ParameterError(
                    f"`data[{name!r}]` must be a whole number, 0 or more, but {value!r} was passed."
                )
            levels[name] = value
        seen = data.get("solution_seen")
        if not isinstance(seen, bool):
            raise ParameterError(
                f"`data['solution_seen']` must be True or False, but {seen!r} was passed."
            )
        self._items[qid] = _Item(
            result=result,
            tries=list(tries),
            hint_level=levels["hint_level"],
            hints_seen=levels["hints_seen"],
            solution_seen=seen,
        )

    # -- reading ----------------------------------------------------------------------
    def result(self, qid: str) -> str:
        """The outcome of the last check of ``qid`` in this round."""
        return self._item(qid).result

    def hint_level(self, qid: str) -> int:
        """How many hints of ``qid`` are shown in this round."""
        return self._item(qid).hint_level

    def solution_seen(self, qid: str) -> bool:
        """Whether the solution of ``qid`` was shown since the last restart."""
        return self._item(qid).solution_seen

    def first_try(self, qid: str) -> bool:
        """Whether ``qid`` is correct and its first try was correct."""
        item = self._item(qid)
        return item.result == "correct" and bool(item.tries) and item.tries[0] == "correct"

    def wrong(self) -> list[str]:
        """Ids whose result is incorrect or uncheckable, in quiz order."""
        return [qid for qid in self.ids if self._items[qid].result in WRONG]

    @property
    def results(self) -> dict[str, str]:
        """Question id -> result, in quiz order."""
        return {qid: self._items[qid].result for qid in self.ids}

    def score(self) -> dict[str, int]:
        """Counts of the quiz.

        Returns
        -------
        dict
            ``total`` questions; ``correct`` (result correct) split into ``first_try``
            and ``later``; ``incorrect``, ``uncheckable`` and ``not_attempted`` results.
            ``correct + incorrect + uncheckable + not_attempted == total``.
        """
        results = list(self.results.values())
        first = sum(self.first_try(qid) for qid in self.ids)
        correct = results.count("correct")
        return {
            "total": len(results),
            "correct": correct,
            "first_try": first,
            "later": correct - first,
            "incorrect": results.count("incorrect"),
            "uncheckable": results.count("uncheckable"),
            "not_attempted": results.count("not_attempted"),
        }

    def table(self) -> pd.DataFrame:
        """One row per question (index ``question``, quiz order).

        Columns: ``result``, ``first_try`` (bool), ``tries`` (int), ``hints`` (most
        hints seen) and ``solution`` (bool, solution seen), all since the last restart
        except ``result``.
        """
        items = [self._items[qid] for qid in self.ids]
        return pd.DataFrame(
            {
                "result": [i.result for i in items],
                "first_try": [self.first_try(qid) for qid in self.ids],
                "tries": [len(i.tries) for i in items],
                "hints": [i.hints_seen for i in items],
                "solution": [i.solution_seen for i in items],
            },
            index=pd.Index(self.ids, name="question"),
        )
