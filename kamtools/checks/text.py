"""Short-text questions: keywords that must appear, or a fuzzy match of accepted answers."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from ..messages import t
from ._common import Checker, Verdict, needs_quotes, normalize_text

__all__ = ["DEFAULT_THRESHOLD", "TextChecker", "matches"]

#: Similarity (difflib ratio, 0..1) an answer needs to match an accepted answer.
DEFAULT_THRESHOLD = 0.8


def _contains_word_starting(text: str, stem: str) -> bool:
    """``stem`` starts a word of ``text`` ("cancel" is in "cancelled invoices").

    A stem of several words matches words that each start with its words, in order, so
    that an inflected phrase is found: "klient kluczow" is in "klienta kluczowego" and in
    "klientem kluczowym", "key account" in "keys accounts".
    """
    words = stem.split()
    if not words:
        return False
    pattern = r"\w*\s+".join(re.escape(word) for word in words)
    return re.search(rf"(?<!\w){pattern}", text) is not None


def matches(rule: Mapping[str, Any], text: str) -> bool:
    """Whether the normalised ``text`` satisfies a ``keywords`` or ``answers`` rule.

    ``keywords``: every group must appear; a group is one word or a list of
    alternatives, each matched at the start of a word after normalising (case, accents
    and punctuation do not matter). ``answers``: the text is close enough
    (``threshold``, default 0.8) to one of them as a whole.

    >>> matches({"keywords": [["net", "netto"], "cancel"]}, "net of cancellations")
    True
    >>> matches({"answers": ["Pareto curve"]}, "pareto curv")
    True
    """
    if "keywords" in rule:
        groups = [[g] if isinstance(g, str) else g for g in rule["keywords"]]
        return all(
            any(_contains_word_starting(text, normalize_text(alt)) for alt in group)
            for group in groups
        )
    threshold = rule.get("threshold", DEFAULT_THRESHOLD)
    return any(
        difflib.SequenceMatcher(None, text, normalize_text(accepted)).ratio() >= threshold
        for accepted in rule["answers"]
    )


class TextChecker(Checker):
    """Checks a short text with the ``accept`` rule, then each mistake's rule."""

    def evaluate(self, answer: Any) -> Verdict:
        if not isinstance(answer, str):
            raise needs_quotes(t("expects.text"), answer)
        text = normalize_text(answer)
        if matches(self.spec["accept"], text):
            return self.correct()
        for mistake in self.spec.get("mistakes", []):
            if matches(mistake, text):
                return self.incorrect(mistake["message"])
        return self.incorrect()

    def body_markdown(self) -> str:
        return t("text.how", call=f"{self.prefix}.check")
