"""Reflection questions: free text; a real answer reveals a model answer and rubric."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..messages import count, t
from ._common import Checker, Verdict, needs_quotes, normalize_text

__all__ = ["ReflectionChecker", "ReflectionReview", "review_reflection", "key_terms"]

#: A word, for these rules: three or more letters (any alphabet, Polish included).
_WORD = re.compile(r"[^\W\d_]{3,}")
_SENTENCE_END = re.compile(r"[.!?;\n]+")
#: Letters of a term compared with a word of the answer: "customers" meets "customer",
#: "portfolio" meets "portfolios", "revenue" meets "revenues".
STEM = 5
#: Distinct words needed: one for every this many characters of ``min_chars``.
CHARS_PER_DISTINCT_WORD = 15
#: Below this share of distinct words among all words, the text repeats itself.
MIN_VARIETY = 0.4
#: Words too common to say what a question is about (key terms are taken from the rest).
_STOP = frozenset(
    """about above after again against their there these those which while would could
    should other where every think write words answer question sentence sentences
    because before being between below during under until whose with within without
    what when your yours yourself from that this have been into more most much many
    some such than then them they were will just also only very does doing done make
    makes made give gives given take takes taken tell tells something someone""".split()
)


@dataclass(frozen=True)
class ReflectionReview:
    """What the rules found in a reflection; ``problems`` are learner-facing sentences."""

    characters: int
    words: int
    distinct_words: int
    terms_found: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """No rule objected: the text counts as a reflection."""
        return not self.problems


def key_terms(*texts: str) -> tuple[str, ...]:
    """Content words (five letters or more, not common words) of a question's text.

    >>> key_terms("Would its top 20% of customers bring more revenue?")
    ('customers', 'bring', 'revenue')
    """
    seen: dict[str, str] = {}
    for text in texts:
        for word in _WORD.findall(text or ""):
            low = word.casefold()
            if len(low) >= STEM and low not in _STOP:
                seen.setdefault(normalize_text(low)[:STEM], low)
    return tuple(seen.values())


def _stems(words: Iterable[str]) -> set[str]:
    return {normalize_text(w)[:STEM] for w in words}


def review_reflection(text: str, *, min_chars: int, terms: Sequence[str] = ()) -> ReflectionReview:
    """Apply the reflection rules to ``text`` and say, kindly, what is missing.

    The rules are simple enough to explain to the learner:

    1. **length**: at least ``min_chars`` characters (spaces at both ends not counted);
    2. **variety**: at least one distinct word (three letters or more) for every
       15 characters asked for, so "aaaa aaaa ..." is not a reflection;
    3. **no repetition**: no sentence written twice, and at least 40% of the words
       distinct, so one sentence pasted five times is not one either;
    4. **on topic**: when the question has ``terms``, the text uses at least one of them
       (compared on their first five letters, so "customer" meets "customers").

    >>> review_reflection("aaaa " * 40, min_chars=150).ok
    False
    """
    stripped = text.strip()
    words = [w.casefold() for w in _WORD.findall(stripped)]
    distinct = set(words)
    problems: list[str] = []
    if len(stripped) < min_chars:
        problems.append(
            t("reflection.too_short", written=count(len(stripped)), minimum=count(min_chars))
        )
    needed = max(3, min_chars // CHARS_PER_DISTINCT_WORD)
    sentences = [" ".join(_WORD.findall(s.casefold())) for s in _SENTENCE_END.split(stripped)]
    repeated = [s for s, n in Counter(s for s in sentences if s.count(" ") >= 3).items() if n > 1]
    if len(stripped) >= min_chars:
        if len(distinct) < needed:
            problems.append(
                t("reflection.few_words", distinct=count(len(distinct)), needed=count(needed))
            )
        elif repeated:
            problems.append(t("reflection.repeated_sentence"))
        elif words and len(distinct) / len(words) < MIN_VARIETY:
            problems.append(t("reflection.repetitive"))
    found = tuple(term for term in terms if normalize_text(term)[:STEM] in _stems(distinct))
    if terms and not found and len(stripped) >= min_chars and not problems:
        examples = ", ".join(f"“{term}”" for term in terms[:4])
        problems.append(t("reflection.off_topic", examples=examples))
    return ReflectionReview(
        characters=len(stripped),
        words=len(words),
        distinct_words=len(distinct),
        terms_found=found,
        problems=tuple(problems),
    )


class ReflectionChecker(Checker):
    """Reads a free-text answer with the simple rules of :func:`review_reflection`.

    Shorter than ``min_chars``, too few different words, a sentence repeated, or nothing
    from the question's key terms (``key_terms`` in the spec, or the content words of the
    title and prompt): "not attempted" (the outcome progress and grading use), shown
    with the label "Keep going" rather than "Not attempted yet", since the learner did
    write something, and a kind message saying what is missing. Otherwise "correct"
    (the learner has reflected): the result carries the ``model_answer`` and the
    ``rubric`` checklist, which the learner ticks in the widget returned by
    ``ex.qN.rubric()``. Whether the ideas are good is for the learner to judge against
    the model answer and the rubric; these rules only make sure there is a real text.
    """

    def terms(self) -> tuple[str, ...]:
        """The key terms an answer should touch (from the spec, or from the question)."""
        if "key_terms" in self.spec:
            return tuple(self.spec["key_terms"])
        return key_terms(self.spec.get("title", ""), self.spec.get("prompt", ""))

    def evaluate(self, answer: Any) -> Verdict:
        if not isinstance(answer, str):
            raise needs_quotes(t("expects.reflection"), answer)
        review = review_reflection(answer, min_chars=self.spec["min_chars"], terms=self.terms())
        if not review.ok:
            return Verdict(
                "not_attempted", " ".join(review.problems), label=t("outcome.keep_going")
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
