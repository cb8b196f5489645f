"""What a check returns: the outcome and message, shown as a coloured box in Jupyter."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..errors import ParameterError
from ..messages import t
from ..outcomes import OUTCOMES, Outcome

__all__ = ["OUTCOMES", "CheckResult", "Markdown"]

# icon, border colour, background; text is always #1f2328 (contrast above 12:1 on each
# background). The icon is decorative: the outcome is also said in words.
_LOOK = {
    "correct": ("\u2714", "#1a7f37", "#e6f4ea"),
    "incorrect": ("\u2718", "#b42318", "#fdecea"),
    "not_attempted": ("\u270e", "#57606a", "#eef2f6"),
    "uncheckable": ("\u26a0", "#9a6700", "#fff4e5"),
}

_CODE = re.compile(r"`([^`]+)`")


class Markdown(str):
    """Text that Jupyter renders as Markdown (hints, solutions, question texts).

    It is a ``str``, so it can be printed, compared and searched like any text.

    Examples
    --------
    >>> from kamtools.checks.result import Markdown
    >>> Markdown("**Hint 1 of 2:** sort first")
    **Hint 1 of 2:** sort first
    """

    __slots__ = ()

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str(self)


def _title(outcome: Outcome) -> str:
    """The outcome in words, in the current language."""
    return {
        "correct": t("outcome.correct"),
        "incorrect": t("outcome.incorrect"),
        "not_attempted": t("outcome.not_attempted"),
        "uncheckable": t("outcome.uncheckable"),
    }[outcome]


def _inline_html(text: str) -> str:
    """Escape ``text`` for HTML, keep `code` spans and line breaks."""
    escaped = html.escape(text, quote=False)
    return _CODE.sub(r"<code>\1</code>", escaped).replace("\n", "<br>")


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one answer, with the message for the learner.

    Attributes
    ----------
    outcome : {"correct", "incorrect", "not_attempted", "uncheckable"}
        What the check found.
    message : str
        Feedback in plain words. It never contains the expected answer.
    question : str
        Id of the question, e.g. ``"q1"``.
    model_answer : str
        For reflection questions, the model answer revealed after a long enough text.
    rubric : tuple of str
        For reflection questions, the checklist for self-assessment.
    label : str
        Words shown instead of the outcome's usual title, e.g. "Keep going" for a
        reflection that is still too short. Empty: the title of ``outcome``. The
        ``outcome`` itself (what progress and grading use) does not change.

    Notes
    -----
    In Jupyter it shows as a coloured box with an icon and the outcome in words (never
    colour alone); ``str()`` and ``repr()`` give the same content as plain text.

    Examples
    --------
    >>> from kamtools.checks import CheckResult
    >>> result = CheckResult("incorrect", "Check the sign.", "q1")
    >>> print(result)
    ✘ Not quite (q1): Check the sign.
    >>> result.correct
    False
    """

    outcome: Outcome
    message: str
    question: str
    model_answer: str = ""
    rubric: tuple[str, ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ParameterError(
                f"`outcome` must be one of {OUTCOMES}, but {self.outcome!r} was passed."
            )

    @property
    def title(self) -> str:
        """The outcome in words as shown: ``label`` if given, else the outcome's title."""
        return self.label or _title(self.outcome)

    @property
    def correct(self) -> bool:
        """Whether the answer was correct."""
        return self.outcome == "correct"

    def __str__(self) -> str:
        icon = _LOOK[self.outcome][0]
        lines = [f"{icon} {self.title} ({self.question}): {self.message}"]
        if self.model_answer:
            lines += ["", t("reflection.model_answer_heading"), self.model_answer.strip()]
        if self.rubric:
            lines += ["", t("reflection.rubric_heading")]
            lines += [f"[ ] {item}" for item in self.rubric]
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        icon, border, background = _LOOK[self.outcome]
        parts = [
            f'<div class="kamtools-check kamtools-check-{self.outcome}" role="status" '
            f'style="border-left: 6px solid {border}; background: {background}; '
            f"color: #1f2328; padding: 0.6em 0.9em; margin: 0.4em 0; border-radius: 4px; "
            f'line-height: 1.5;">',
            f'<strong><span aria-hidden="true">{icon}</span> '
            f"{html.escape(self.title)}</strong> "
            f'<span style="color: #57606a;">({html.escape(self.question)})</span><br>',
            f"<span>{_inline_html(self.message)}</span>",
        ]
        if self.model_answer:
            parts.append(
                f'<p style="margin: 0.6em 0 0.2em;"><strong>'
                f"{html.escape(t('reflection.model_answer_heading'))}</strong></p>"
                f'<p style="margin: 0;">{_inline_html(self.model_answer.strip())}</p>'
            )
        if self.rubric:
            items = "".join(
                f'<li><span aria-hidden="true">\u2610</span> {_inline_html(item)}</li>'
                for item in self.rubric
            )
            parts.append(
                f'<p style="margin: 0.6em 0 0.2em;"><strong>'
                f"{html.escape(t('reflection.rubric_heading'))}</strong></p>"
                f'<ul style="list-style: none; padding-left: 0.5em; margin: 0;">{items}</ul>'
            )
        parts.append("</div>")
        return "".join(parts)
