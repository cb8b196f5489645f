"""One question of an exercise: check an answer, give escalating hints, show the solution."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from numbers import Real
from typing import TYPE_CHECKING, Any

from ..errors import ParameterError
from ..messages import t
from ..outcomes import Outcome
from ._blank import ____
from ._common import Checker, Uncheckable, Verdict, normalize_text
from .choice import ChoiceChecker
from .frames import FrameChecker
from .function import FunctionChecker
from .numeric import NumericChecker
from .reflection import ReflectionChecker
from .result import CheckResult, Markdown
from .source import Answers, registered
from .spec import fill_figures
from .text import TextChecker

if TYPE_CHECKING:  # kamtools.progress is imported when first needed
    from ..progress._validate import Event

__all__ = ["CHECKERS", "Question", "Recorder"]

#: The checker class of each question type.
CHECKERS: dict[str, type[Checker]] = {
    "numeric": NumericChecker,
    "single_choice": ChoiceChecker,
    "multiple_choice": ChoiceChecker,
    "short_text": TextChecker,
    "series": FrameChecker,
    "dataframe": FrameChecker,
    "function": FunctionChecker,
    "reflection": ReflectionChecker,
}

#: ``record(module, question, event, *, outcome=None, detail=None)`` as in
#: :func:`kamtools.progress.record`.
Recorder = Callable[..., None]


def _default_recorder() -> Recorder:
    """:func:`kamtools.progress.record`, imported when first needed."""
    from ..progress import record

    return record


def _same_as_default(answer: Any, default: Any) -> bool:
    """Whether ``answer`` is the spec's unchanged starting value (same kind and value)."""
    if isinstance(default, bool) or default is None:
        return answer is default or (type(answer) is bool and answer == default)
    if isinstance(default, str):
        return isinstance(answer, str) and answer.strip() == default.strip()
    if isinstance(default, (int, float)):
        return (
            isinstance(answer, (Real, Decimal))
            and not isinstance(answer, bool)
            and float(answer) == float(default)
        )
    if isinstance(default, list):
        return (
            isinstance(answer, (list, tuple))
            and len(answer) == len(default)
            and all(_same_as_default(a, d) for a, d in zip(answer, default, strict=True))
        )
    return False


class Question:
    """One question: ``check(answer)``, ``hint()``, ``solution()``, ``assert_correct(answer)``.

    Built by :class:`~kamtools.checks.Exercise` from a validated spec entry; reached in
    a notebook as ``ex.q1``. Displaying it shows the question text (and the options of a
    choice question). The question remembers, for this session, the outcomes of
    ``check`` and how many hints were shown; ``assert_correct`` and ``evaluate`` change
    nothing and record nothing.
    """

    def __init__(
        self,
        spec: Mapping[str, Any],
        *,
        module: str,
        number: int,
        seed: object = None,
        recorder: Recorder | None = None,
        variable: str = "ex",
        answers: Answers | None = None,
    ) -> None:
        self.spec = spec
        #: Computes the spec's data-derived values (None: the registered course's).
        self.answers = answers
        self.id: str = spec["id"]
        self.type: str = spec["type"]
        self.module = module
        self.number = number
        self.prefix = f"{variable}.{self.id}"
        self._recorder = recorder
        self._checker = CHECKERS[self.type](spec, seed=seed, prefix=self.prefix, answers=answers)
        self.outcomes: list[str] = []
        self.hints_shown = 0
        self.solution_shown = False
        #: Rubric items ticked in this session (counted from 1).
        self.ticked: set[int] = set()

    # -- recording ------------------------------------------------------------------------
    def _record(
        self, event: Event, *, outcome: Outcome | None = None, detail: str | None = None
    ) -> None:
        record = self._recorder or _default_recorder()
        record(self.module, self.id, event, outcome=outcome, detail=detail)

    def _solved_before(self) -> bool:
        """Whether the learner's progress store has a correct answer to this question.

        Only with the default recorder (the progress store): a question given its own
        recorder (tests, graded work) has no history. A store that cannot be read says no.
        """
        if self._recorder is not None:
            return False
        try:
            from ..progress import _recording_off, default_store

            if _recording_off():
                return False
            summary = default_store().summary()
        except Exception:  # progress must never break a lesson
            return False
        mine = summary[(summary["module"] == self.module) & (summary["question"] == self.id)]
        return bool(mine["solved"].any())

    # -- checking -------------------------------------------------------------------------
    def _verdict(self, answer: Any) -> Verdict:
        if answer is ____:
            return Verdict("not_attempted", t("check.blank"))
        if "default" in self.spec and _same_as_default(answer, self.spec["default"]):
            return Verdict("not_attempted", t("check.unchanged_default"))
        if isinstance(answer, str) and not answer.strip():
            return Verdict("not_attempted", t("check.empty_text"))
        try:
            return self._checker.evaluate(answer)
        except Uncheckable as reason:
            return Verdict("uncheckable", str(reason))

    def evaluate(self, answer: Any = ____) -> CheckResult:
        """The result of checking ``answer``, without recording it (what check() shows).

        An incorrect answer's message ends with an offer: the first hint, or the
        solution if the question has no hints.
        """
        verdict = self._verdict(answer)
        message = verdict.message
        if verdict.outcome == "incorrect":
            if self.spec.get("hints"):
                offer = t("check.offer_hint", call=f"{self.prefix}.hint()")
            else:
                offer = t("check.offer_solution", call=f"{self.prefix}.solution()")
            message = f"{message} {offer}"
        return CheckResult(
            outcome=verdict.outcome,
            message=message,
            question=self.id,
            model_answer=verdict.model_answer,
            rubric=verdict.rubric,
            label=verdict.label,
        )

    def check(self, answer: Any = ____) -> CheckResult:
        """Check ``answer``, record the attempt, and return the result (shown in the notebook).

        Parameters
        ----------
        answer : anything
            The learner's answer; ``____`` (the default) or the question's unchanged
            default value counts as not attempted.

        Returns
        -------
        CheckResult
            Outcome (correct, incorrect, not_attempted or uncheckable) and message; it
            shows as a coloured box when it is the last line of a notebook cell.

        Examples
        --------
        >>> from kamtools.checks import exercise
        >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: None)
        >>> ex.q1.check("68%")
        ✔ Correct (q1): Well done!
        >>> ex.q1.check(680).outcome
        'incorrect'
        >>> ex.q1.check("abc")
        ⚠ I could not check this (q1): I could not read 'abc' as a number. ...
        """
        if answer is ____ and self._solved_before():
            # Answered already (in the quiz widget, or in an earlier session): say so rather
            # than "Not attempted yet"; nothing new was checked, so nothing is recorded.
            return CheckResult(
                outcome="correct",
                message=t("check.already_solved", call=f"{self.prefix}.check"),
                question=self.id,
                label=t("outcome.already_solved"),
            )
        result = self.evaluate(answer)
        self.outcomes.append(result.outcome)
        detail = self.answer_key(answer) if result.outcome == "incorrect" else None
        self._record("attempt", outcome=result.outcome, detail=detail)
        return result

    def answer_key(self, answer: Any) -> str | None:
        """A wrong answer as the checker read it, so that equal answers count together.

        Recorded as the ``detail`` of an incorrect attempt and counted by
        :func:`kamtools.item_analysis` ("most common wrong answers"). Numeric: the number
        in the question's unit (``"80%"`` and ``0.8`` both give ``"0.8"``). Choice: the
        text of each chosen option in the spec's order, joined by ``" + "`` (the same for
        every learner whatever order the options were shown in). Short text: the
        normalised text, at most 60 characters. Other types, and any answer the checker
        cannot read: ``None``.

        Examples
        --------
        >>> from kamtools.checks import exercise
        >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: None)
        >>> ex.q1.answer_key("68 %"), ex.q1.answer_key(0.68)
        ('0.68', '0.68')
        """
        checker = self._checker
        try:
            if isinstance(checker, NumericChecker):
                return f"{checker.number(answer):.10g}"
            if isinstance(checker, ChoiceChecker):
                chosen = [checker.options[checker.labels.index(x)] for x in checker.chosen(answer)]
                ordered = [o for o in self.spec["options"] if o in chosen]
                return " + ".join(str(o["text"]).strip() for o in ordered) or None
            if isinstance(checker, TextChecker) and isinstance(answer, str):
                return normalize_text(answer)[:60] or None
        except Exception:  # an answer the checker cannot read has no key; never break a check
            return None
        return None

    def assert_correct(self, answer: Any = ____) -> None:
        """For nbgrader test cells: nothing if correct, else AssertionError with check()'s message.

        Raises
        ------
        AssertionError
            If the answer is incorrect, not attempted or cannot be checked; the message
            is the same text as ``check(answer).message``. Nothing is recorded.

        Examples
        --------
        >>> from kamtools.checks import exercise
        >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: None)
        >>> ex.q1.assert_correct(0.68)
        >>> ex.q1.assert_correct(0.2)
        Traceback (most recent call last):
        ...
        AssertionError: That is the share of customers (2 out of 10). ...
        """
        result = self.evaluate(answer)
        if not result.correct:
            raise AssertionError(result.message)

    # -- help -----------------------------------------------------------------------------
    def hint(self) -> Markdown:
        """The next hint (1, then 2, ...); after the last, the last again and the solution offer.

        Examples
        --------
        >>> from kamtools.checks import exercise
        >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: None)
        >>> ex.q3.hint()
        **Hint 1 of 2:** It is named after an Italian economist.
        >>> ex.q3.hint()
        **Hint 2 of 2:** It is often written with two numbers that describe who brings what.
        <BLANKLINE>
        That was the last hint. `ex.q3.solution()` shows a worked solution.
        """
        hints = self.spec.get("hints", [])
        solution_call = f"{self.prefix}.solution()"
        if not hints:
            return Markdown(t("hint.none", call=solution_call))
        self.hints_shown = min(self.hints_shown + 1, len(hints))
        level = self.hints_shown
        self._record("hint", detail=str(level))
        text = (
            f"**{t('hint.heading', number=str(level), total=str(len(hints)))}** {hints[level - 1]}"
        )
        if level == len(hints):
            text += "\n\n" + t("hint.last", call=solution_call)
        return Markdown(text)

    def solution(self) -> Markdown:
        """The worked solution (for a reflection: the model answer, once reflected).

        Examples
        --------
        >>> from kamtools.checks import exercise
        >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: None)
        >>> print(ex.q2.solution())
        **Solution**
        <BLANKLINE>
        **Shift + Enter** runs the current cell ...
        """
        if self.type == "reflection":
            if "correct" not in self.outcomes:
                return Markdown(
                    t(
                        "reflection.solution_locked",
                        minimum=str(self.spec["min_chars"]),
                        call=f"{self.prefix}.check",
                    )
                )
            body = (
                self.spec["model_answer"].strip()
                + "\n\n"
                + "\n".join(f"- [ ] {item}" for item in self.spec["rubric"])
            )
        else:
            body = fill_figures(self.spec["solution"].strip(), self.answers)
        self.solution_shown = True
        self._record("solution")
        return Markdown(f"**{t('solution.heading')}**\n\n{body}")

    def rubric(self) -> Any:
        """Checkboxes of the rubric (reflection questions); every tick is recorded.

        Returns
        -------
        ipywidgets.VBox
            A heading and one ``Checkbox`` per rubric item, ticked as left in this
            session. Ticking or unticking item ``i`` records the event "rubric" with
            ``detail`` the JSON text ``{"item": i, "ticked": true|false}`` (items counted
            from 1).
        """
        if self.type != "reflection":
            raise ParameterError(t("question.no_rubric", call=self.prefix))
        import ipywidgets as widgets

        boxes = []
        for i, item in enumerate(self.spec["rubric"], start=1):
            box = widgets.Checkbox(
                value=i in self.ticked,
                description=item,
                indent=False,
                layout=widgets.Layout(width="auto"),
            )

            def on_tick(change: Mapping[str, Any], i: int = i) -> None:
                ticked = bool(change["new"])
                (self.ticked.add if ticked else self.ticked.discard)(i)
                self._record("rubric", detail=json.dumps({"item": i, "ticked": ticked}))

            box.observe(on_tick, names="value")
            boxes.append(box)
        heading = widgets.HTML(f"<strong>{html.escape(t('reflection.rubric_heading'))}</strong>")
        return widgets.VBox([heading, *boxes])

    def data(self) -> Any:
        """A fresh copy of the data the question is about (questions with ``data_from``)."""
        if "data_from" not in self.spec:
            raise ParameterError(t("question.no_data", call=self.prefix))
        resolver = self.answers if self.answers is not None else registered().answers
        return resolver.compute(self.spec["data_from"])

    # -- display --------------------------------------------------------------------------
    @property
    def heading(self) -> str:
        """The question's title, or "Question N"."""
        return self.spec.get("title") or t("question.heading", number=str(self.number))

    def _repr_markdown_(self) -> str:
        parts = [f"**{self.heading}** ({self.id})", self.spec["prompt"].strip()]
        body = self._checker.body_markdown()
        if body:
            parts.append(body)
        return "\n\n".join(parts)

    def __repr__(self) -> str:
        return self._repr_markdown_()

    def summary(self) -> dict[str, Any]:
        """This session's record of the question, one row of ``Exercise.score()``."""
        if "correct" in self.outcomes:
            outcome = "correct"
        elif self.outcomes:
            outcome = self.outcomes[-1]
        else:
            outcome = "not_attempted"
        return {
            "type": self.type,
            "outcome": outcome,
            "attempts": len(self.outcomes),
            "hints": self.hints_shown,
            "solution": self.solution_shown,
        }
