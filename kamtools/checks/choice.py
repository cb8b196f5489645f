"""Single- and multiple-choice questions, with an explanation for every option."""

from __future__ import annotations

import hashlib
import os
import random
import re
import string
from collections.abc import Mapping
from typing import Any

from ..messages import quote, t
from ._common import Checker, Uncheckable, Verdict, needs_quotes, normalize_text
from .source import Answers

__all__ = ["SEED_VARIABLE", "ChoiceChecker", "LABELS", "learner_seed", "shuffled_order"]

LABELS = string.ascii_uppercase

#: Environment variable a facilitator sets so that a whole room sees the same option order
#: (the same variable fixes the order of the role-plays' replies, see kamtools.learning.roleplay).
SEED_VARIABLE = "KAMTOOLS_ROOM_SEED"

_LABEL = re.compile(r"\(?\s*([A-Za-z])\s*[).:]?")
_SEPARATORS = re.compile(r"\s*(?:[,;/&+]|\band\b|\s)\s*", re.IGNORECASE)


def shuffled_order(n: int, question_id: str, seed: object) -> list[int]:
    """A permutation of ``range(n)`` that depends only on the question id and the seed.

    >>> shuffled_order(4, "q3", None) == shuffled_order(4, "q3", None)
    True
    """
    digest = hashlib.sha256(f"{question_id}\x00{seed!r}".encode()).digest()
    order = list(range(n))
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order


def learner_seed() -> str:
    """The seed of a learner's option order when none is given.

    The value of the environment variable ``KAMTOOLS_ROOM_SEED`` if it is set (a
    facilitator gives a room one order, so that everyone sees the same screen), else the
    learner's name: the JupyterHub user, or the operating-system user. The same learner therefore
    sees the same order every time, and neighbours see different ones.

    >>> isinstance(learner_seed(), str)
    True
    """
    room = os.environ.get(SEED_VARIABLE, "").strip()
    if room:
        return room
    from ..progress import _current_learner

    return _current_learner()


class ChoiceChecker(Checker):
    """Checks the letter(s) of the chosen option(s); labels follow the displayed order.

    With ``shuffle: true`` the options are shown in an order fixed by the question id and
    the exercise's ``seed`` (by default the learner, see :func:`learner_seed`); with
    ``shuffle: false`` or without the field they keep the order of the spec (for options
    whose order means something: a scale, the stages of a model, "all of the above").
    Accepted answers: ``"b"``, ``"B"``, ``"B)"``, ``"(b)"``, the text of an option; for
    multiple choice also ``["A", "C"]``, ``"A, C"``, ``"a c"``, ``"A and C"``. The
    feedback is the explanation of each chosen option (for multiple choice: of each
    wrongly chosen one, and a note if one is missing).
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
        options = list(spec["options"])
        #: Position in the spec of each displayed option: ``order[0]`` is option A's.
        self.order: list[int] = list(range(len(options)))
        if spec.get("shuffle", False):
            self.order = shuffled_order(len(options), spec["id"], seed)
        options = [options[i] for i in self.order]
        #: Options in the displayed order: ``options[0]`` is option A.
        self.options: list[Mapping[str, Any]] = options
        self.labels = LABELS[: len(options)]
        self.multiple = spec["type"] == "multiple_choice"
        self.right = frozenset(
            label for label, o in zip(self.labels, options, strict=True) if o.get("correct")
        )

    # -- reading the answer ---------------------------------------------------------------
    def _letter(self, text: str) -> str | None:
        """The label written as a letter ("b", "B)", "(b)"), or None if not a letter."""
        m = _LABEL.fullmatch(text.strip())
        if m is None:
            return None
        label = m.group(1).upper()
        if label not in self.labels:
            raise Uncheckable(t("choice.no_such_option", label=label, last=self.labels[-1]))
        return label

    def _label(self, text: str) -> str | None:
        """The label meant by ``text``: a letter or the text of an option; None if neither."""
        label = self._letter(text)
        if label is not None:
            return label
        wanted = normalize_text(text)
        for label, option in zip(self.labels, self.options, strict=True):
            if wanted and normalize_text(option["text"]) == wanted:
                return label
        return None

    def chosen(self, answer: Any) -> frozenset[str]:
        """The set of labels the answer names, or :class:`Uncheckable`."""
        if isinstance(answer, str):
            label = self._label(answer)
            if label is not None:
                return frozenset({label})
            parts = [p for p in _SEPARATORS.split(answer.strip()) if p]
            if len(parts) > 1 and all(_LABEL.fullmatch(p) for p in parts):
                labels = [self._letter(p) for p in parts]
            else:
                labels = [None]
        elif isinstance(answer, (list, tuple, set, frozenset)) and all(
            isinstance(item, str) for item in answer
        ):
            labels = [self._label(item) for item in answer]
        else:
            expects = t("expects.letters") if self.multiple else t("expects.letter")
            raise needs_quotes(expects, answer)
        if None in labels:
            raise Uncheckable(t("choice.unreadable", text=quote(answer), last=self.labels[-1]))
        return frozenset(label for label in labels if label is not None)

    # -- the check ------------------------------------------------------------------------
    def _explain(self, labels: frozenset[str]) -> str:
        return " ".join(
            f"{label}: {self.options[self.labels.index(label)]['explanation']}"
            for label in sorted(labels)
        )

    def evaluate(self, answer: Any) -> Verdict:
        chosen = self.chosen(answer)
        if not chosen:
            return Verdict("not_attempted", t("choice.none_chosen"))
        if not self.multiple:
            if len(chosen) > 1:
                raise Uncheckable(t("choice.only_one", count=str(len(chosen))))
            (label,) = chosen
            explanation = self.options[self.labels.index(label)]["explanation"]
            if chosen == self.right:
                return Verdict("correct", explanation)
            return self.incorrect(explanation)
        if chosen == self.right:
            return Verdict("correct", self._explain(chosen))
        parts = []
        wrong = chosen - self.right
        if wrong:
            parts.append(self._explain(wrong))
        if self.right - chosen:
            parts.append(t("choice.missing_some"))
        return self.incorrect(" ".join(parts))

    def body_markdown(self) -> str:
        lines = [
            f"- **{label})** {option['text']}"
            for label, option in zip(self.labels, self.options, strict=True)
        ]
        if self.multiple:
            how = t("choice.how_multiple", call=f"{self.prefix}.check")
        else:
            how = t("choice.how_single", call=f"{self.prefix}.check")
        return "\n".join(lines) + "\n\n" + how
