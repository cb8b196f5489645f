"""Reflection questions: free text; a long enough answer reveals a model answer and rubric."""

from __future__ import annotations

from typing import Any

from ..messages import count, t
from ._common import Checker, Verdict, needs_quotes

__all__ = ["ReflectionChecker"]


class ReflectionChecker(Checker):
    """Counts the characters of a free-text answer (spaces at both ends not counted).

    Shorter than ``min_chars``: "not attempted" (the outcome progress and grading
    use), shown with the label "Keep going" rather than "Not attempted yet", since the
    learner did write something, and an encouraging message saying how far there is
    to go. Otherwise "correct" (the learner has reflected): the result
    carries the ``model_answer`` and the ``rubric`` checklist, which the learner ticks
    in the widget returned by ``ex.qN.rubric()``. The text itself is not judged.
    """

    def evaluate(self, answer: Any) -> Verdict:
        if not isinstance(answer, str):
            raise needs_quotes(t("expects.reflection"), answer)
        written = len(answer.strip())
        minimum = self.spec["min_chars"]
        if written < minimum:
            return Verdict(
                "not_attempted",
                t("reflection.too_short", written=count(written), minimum=count(minimum)),
                label=t("outcome.keep_going"),
            )
        return Verdict(
            "correct",
            self.spec.get("correct") or t("reflection.thanks", call=f"{self.prefix}.rubric()"),
            model_answer=self.spec["model_answer"],
            rubric=tuple(self.spec["rubric"]),
        )

    def body_markdown(self) -> str:
        return t(
            "reflection.how",
            minimum=count(self.spec["min_chars"]),
            call=f"{self.prefix}.check",
        )
