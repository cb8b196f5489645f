"""The exercise of one module: its questions as attributes, and this session's score."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..messages import quote, t
from .choice import learner_seed
from .question import Question, Recorder
from .source import Content
from .spec import load_spec, spec_path, validate_spec

__all__ = ["Exercise", "exercise"]


class Exercise:
    """The self-check questions of one module; ``ex.q1``, ``ex.q2`` ... are its questions.

    Parameters
    ----------
    spec : mapping
        A problem spec (validated again here, see :func:`kamtools.checks.spec.validate_spec`).
    seed : object, optional
        Orders the shuffled options (questions with ``shuffle: true``). ``None``
        (default): :func:`kamtools.checks.choice.learner_seed`, that is the environment
        variable ``KAMTOOLS_ROOM_SEED`` if a facilitator set one for the room, else the
        learner's user name, so each learner sees the same order every time. Any other
        value (e.g. ``"room 3"``) gives everyone who passes it the same order.
    recorder : callable, optional
        ``recorder(module, question, event, *, outcome=None, detail=None)``, called for
        every attempt, hint, solution and rubric tick. Default:
        :func:`kamtools.progress.record`, imported when first needed.
    variable : str, default "ex"
        The name the notebook gives the exercise, used in messages such as
        "Stuck? Try `ex.q1.hint()`".
    content : kamtools.checks.source.Content, optional
        Whose answers resolver computes the data-derived values; None (default): the
        course registered by ``import kamtools``. The engine imports no course itself.

    Attributes
    ----------
    module : str
        The module id, e.g. ``"03_pareto"``.
    title : str
        The module's title.
    """

    def __init__(
        self,
        spec: Mapping[str, Any],
        *,
        seed: object = None,
        recorder: Recorder | None = None,
        variable: str = "ex",
        content: Content | None = None,
    ) -> None:
        module = spec.get("module") if isinstance(spec, Mapping) else None
        answers = content.answers if content is not None else None
        spec = validate_spec(
            spec,
            source=f"{module}.yml" if isinstance(module, str) else "<spec>",
            answers=answers,
        )
        self.module: str = spec["module"]
        self.title: str = spec["title"]
        if seed is None:
            seed = learner_seed()
        #: What orders the shuffled options (see ``seed`` above).
        self.seed: object = seed
        self._questions: dict[str, Question] = {}
        for number, entry in enumerate(spec["questions"], start=1):
            question = Question(
                entry,
                module=self.module,
                number=number,
                seed=seed,
                recorder=recorder,
                variable=variable,
                answers=answers,
            )
            self._questions[question.id] = question
            setattr(self, question.id, question)

    @property
    def questions(self) -> list[Question]:
        """The questions in the order of the spec."""
        return list(self._questions.values())

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not attributes: an unknown question.
        if name.startswith("_") or "_questions" not in self.__dict__:
            raise AttributeError(name)
        ids = list(self._questions)
        close = difflib.get_close_matches(name, ids, n=1)
        if close:
            raise AttributeError(
                t(
                    "exercise.unknown_question_suggest",
                    name=quote(name),
                    close=close[0],
                    available=", ".join(ids),
                )
            )
        raise AttributeError(
            t("exercise.unknown_question", name=quote(name), available=", ".join(ids))
        )

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self.__dict__.get("_questions", {})})

    def score(self) -> pd.DataFrame:
        """This session's results, one row per question.

        Returns
        -------
        DataFrame
            Indexed by question id, with columns ``type``, ``outcome`` ("correct" if any
            check was correct, else the last outcome, "not_attempted" if never checked),
            ``attempts`` (checks), ``hints`` (hints shown) and ``solution`` (shown or not).

        Examples
        --------
        >>> from kamtools.checks import exercise
        >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: None)
        >>> _ = ex.q1.check(0.5)
        >>> _ = ex.q1.check("68%")
        >>> ex.score()[["outcome", "attempts"]]
                         outcome  attempts
        question
        q1               correct         2
        q2         not_attempted         0
        q3         not_attempted         0
        """
        rows = [q.summary() for q in self.questions]
        return pd.DataFrame(
            rows,
            index=pd.Index([q.id for q in self.questions], name="question"),
            columns=["type", "outcome", "attempts", "hints", "solution"],
        )

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.title}** ({self.module})", ""]
        lines += [f"- `{q.prefix}`: {q.heading}" for q in self.questions]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._repr_markdown_()


def exercise(
    module_id: str,
    *,
    seed: object = None,
    recorder: Recorder | None = None,
    variable: str = "ex",
    content: Content | None = None,
) -> Exercise:
    """The self-check exercise of a module: ``ex = kt.exercise("03_pareto")``.

    Parameters
    ----------
    module_id : str
        One of :func:`available_exercises`, e.g. ``"00_start_here"`` or ``"03_pareto"``.
    seed, recorder, variable
        See :class:`Exercise`.
    content : kamtools.checks.source.Content, optional
        The course edition whose spec and answers to use; None: the registered one
        (KAM Academy's, registered by ``import kamtools``).

    Returns
    -------
    Exercise
        With one attribute per question (``ex.q1`` ...); each has ``check(answer)``,
        ``hint()``, ``solution()`` and ``assert_correct(answer)``.

    Raises
    ------
    ParameterError
        If there is no exercise ``module_id``; the message lists the available ones and
        suggests the closest.
    WrongTypeError
        If ``module_id`` is not text.
    SpecError
        If the module's spec file is broken (a content error).

    Notes
    -----
    Expected values are computed on the first check of each question and cached for
    the session. ``check`` records every attempt through ``recorder``; so do ``hint``
    and ``solution``. ``assert_correct`` records nothing, so nbgrader's autograding
    does not touch the learner's progress.

    Examples
    --------
    >>> from kamtools.checks import ____, exercise
    >>> log = []
    >>> ex = exercise("00_start_here", recorder=lambda *args, **kwargs: log.append(args))
    >>> ex.q1.check(____)
    ✎ Not attempted yet (q1): Replace ____ with your answer, then run the cell again.
    >>> ex.q1.check("0.68")
    ✔ Correct (q1): ...
    >>> log
    [('00_start_here', 'q1', 'attempt'), ('00_start_here', 'q1', 'attempt')]
    >>> ex.q1.assert_correct(68)
    Traceback (most recent call last):
    ...
    AssertionError: This looks like a percentage, ...
    """
    spec = load_spec(
        spec_path(module_id, content), answers=content.answers if content is not None else None
    )
    return Exercise(spec, seed=seed, recorder=recorder, variable=variable, content=content)
