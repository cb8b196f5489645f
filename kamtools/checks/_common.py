"""What every checker shares: the verdict type, the base class, resolving spec values."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._text import fold
from ..messages import describe, t
from ..outcomes import Outcome
from .source import Answers, registered


class Uncheckable(Exception):
    """Raised inside a checker when an answer cannot be checked; the text is for the learner."""


@dataclass(frozen=True)
class Verdict:
    """What a checker decided about one answer (the question adds id and hint offer)."""

    outcome: Outcome
    message: str
    model_answer: str = ""
    rubric: tuple[str, ...] = ()
    label: str = ""  # words shown instead of the outcome's title (CheckResult.label)


def resolve_with(
    answers: Answers | None, item: Mapping[str, Any], key: str, /, *args: Any, **kwargs: Any
) -> Any:
    """The value of ``key`` in a spec entry: literal, or computed from ``<key>_from``.

    ``answers`` computes it (None: the registered course's resolver); ``args``/``kwargs``
    are passed to the answers function (used by function cases).
    """
    if key in item:
        return item[key]
    resolver = answers if answers is not None else registered().answers
    return resolver.compute(item[f"{key}_from"], *args, **kwargs)


def resolve(item: Mapping[str, Any], key: str, /, *args: Any, **kwargs: Any) -> Any:
    """:func:`resolve_with` the registered course's answers."""
    return resolve_with(None, item, key, *args, **kwargs)


def wrong_kind(expected: str, answer: Any) -> Uncheckable:
    """The "I expected <expected>, but got <what the answer is>" reason."""
    return Uncheckable(t("check.wrong_kind", expected=expected, got=describe(answer)))


def needs_quotes(expected: str, answer: Any) -> Uncheckable:
    """The reason for a text, choice or reflection answer that is not text.

    Typed without quotes, a word is the name of something in the notebook (a widget, a
    table, a function ...): say so, and how to write the answer instead.
    """
    return Uncheckable(t("check.needs_quotes", expected=expected, got=describe(answer)))


_NOT_WORD = re.compile(r"[^\w%/]+")


def normalize_text(text: str) -> str:
    """Lower case, accents removed, punctuation turned into single spaces.

    >>> normalize_text("  Pareto-Kurve, Łódź!  ")
    'pareto kurve lodz'
    """
    return _NOT_WORD.sub(" ", fold(text)).strip()


class Checker:
    """Base class: one instance per question, built from its validated spec.

    Subclasses implement :meth:`evaluate`, which gets an answer that is neither the
    blank nor the declared default nor empty text, returns a :class:`Verdict` and raises
    :class:`Uncheckable` for an answer of the wrong kind. ``seed`` orders shuffled
    options; ``prefix`` ("ex.q1") is how messages refer to the question. Expected values
    are computed on the first check, not when the exercise is loaded.
    """

    def __init__(
        self,
        spec: Mapping[str, Any],
        *,
        seed: object = None,
        prefix: str,
        answers: Answers | None = None,
    ) -> None:
        self.spec = spec
        #: Computes the spec's ``*_from`` values (None: the registered course's).
        self.answers = answers
        #: How the learner reaches this question in the notebook, e.g. "ex.q1".
        self.prefix = prefix

    def resolve(self, item: Mapping[str, Any], key: str, /, *args: Any, **kwargs: Any) -> Any:
        """The value of ``key`` in ``item``, computed with this question's answers."""
        return resolve_with(self.answers, item, key, *args, **kwargs)

    def evaluate(self, answer: Any) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError

    def body_markdown(self) -> str:
        """Markdown shown under the question text (options, how to answer)."""
        return ""

    def correct(self) -> Verdict:
        """The verdict for a right answer, with the spec's ``correct`` message if any."""
        return Verdict("correct", self.spec.get("correct") or t("check.correct_default"))

    def incorrect(self, message: str | None = None) -> Verdict:
        """The verdict for a wrong answer: a specific message or the spec's generic one."""
        return Verdict(
            "incorrect", message or self.spec.get("incorrect") or t("check.incorrect_default")
        )
