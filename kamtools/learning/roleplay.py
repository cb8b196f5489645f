"""Branching client-meeting role-plays: scenarios from YAML, a play session and a debrief.

A *scenario* is a small story graph. Each decision *node* describes the situation (and,
optionally, what the client says) and offers two or more *choices*. Every choice changes
the client's trust, shows the client's reaction, gives feedback, carries one *tag* from a
fixed vocabulary (a mistake such as ``late`` or a good practice such as
``active_listening``) and names the ``next`` node. *Ending* nodes close the story; their
outcome depends on the trust the learner has built (``min_trust`` bands).

The scenarios live in ``kamtools/content/roleplay/<id>.yml``; the vocabulary, with the
explanation and "what to do instead" of every mistake, in ``_vocabulary.yml`` beside
them. Both are validated when they are loaded, with errors naming the file and field.

Typical use::

    session = kt.load_scenario("price_complaint").play()
    session.node.situation, [c.text for c in session.choices]   # in the order shown
    session.choose(0)                                            # the first reply shown
    ...
    session.debrief().mistakes

Only the names a learner calls are re-exported as ``kt.<name>``; the records they get
back (:class:`Choice`, :class:`Node`, :class:`Ending`, :class:`Step`, :class:`Debrief`,
:class:`DebriefItem`, :class:`Tag`, :class:`Reflection`) are reached as
``kt.roleplay.<name>``.

The order of the replies
    A learner must not be able to pass by always clicking the first (or the longest)
    button, so a :class:`Session` shows the replies of every decision in a shuffled
    order: ``session.choices`` is the order on screen and ``session.choose(i)`` picks the
    i-th reply *shown*. The order depends only on the scenario id, the node id and a
    seed, so it is stable: reloading shows the same screen. The seed is, in this order of
    precedence, the ``seed`` argument (a facilitator's *room seed*: everyone with the
    same seed sees the same screen), the environment variable ``KAMTOOLS_ROOM_SEED``, or
    else the learner (``learner`` argument, by default the name the progress store
    records: the JupyterHub user or the operating-system user). ``shuffle=False`` keeps
    the order of the scenario file (for authors).

Saying it in your own words first
    Before seeing the replies, a learner may write what they would say
    (:meth:`Session.write`), then rate themselves against the node's short *rubric*
    (:meth:`Session.rate`). The rating is stored in the progress store as a reflection:
    module ``"roleplay"``, question ``"<scenario>.<node>"``, one ``"attempt"`` event
    (outcome ``"correct"``, as for every reflection long enough to count; ``detail`` is
    JSON with the text and the ticks) and one ``"rubric"`` event per rubric item
    (``detail`` ``{"item": i, "ticked": true|false}``, items counted from 1).

The scenario file (``<id>.yml``)
    ``id`` (= the file name), ``title``, ``summary``, ``you`` (who the learner plays),
    ``client`` (``company``, ``person``), ``context``, ``start_trust`` (0-100),
    ``start`` (the first node) and ``nodes``. A decision node has ``situation``,
    optionally ``client_says``, at least two ``choices`` and optionally ``rubric``: one
    to five short statements a good reply of one's own meets (without it, a default
    rubric is built from the tags of the node's best and worst replies, see
    :func:`default_rubric`). A choice has ``text``, ``trust`` (-50 to 50),
    ``reaction``, ``feedback``, ``tag`` (from ``_vocabulary.yml``) and ``next``. An
    ending node has ``ending``: outcomes from the highest ``min_trust`` to 0, each with
    ``result`` (``success``, ``partial`` or ``failure``), ``title`` and ``text``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from numbers import Integral
from pathlib import Path
from typing import Any

from ..checks.choice import SEED_VARIABLE, shuffled_order
from ..errors import ParameterError, WrongTypeError

# The scenario records and their loading live in kamtools.learning.scenarios; they are re-exported
# here (``X as X``) so that ``kt.roleplay.<name>`` stays the one place to reach them.
from .scenarios import ARTICLE_MISTAKES as ARTICLE_MISTAKES
from .scenarios import MAX_RUBRIC_ITEMS as MAX_RUBRIC_ITEMS
from .scenarios import MAX_TRUST_EFFECT as MAX_TRUST_EFFECT
from .scenarios import ROLEPLAY_DIR as ROLEPLAY_DIR
from .scenarios import TRUST_MAX as TRUST_MAX
from .scenarios import TRUST_MIN as TRUST_MIN
from .scenarios import Choice as Choice
from .scenarios import Ending as Ending
from .scenarios import EndingResult as EndingResult
from .scenarios import Node as Node
from .scenarios import Scenario as Scenario
from .scenarios import Tag as Tag
from .scenarios import _parse_vocabulary as _parse_vocabulary
from .scenarios import default_rubric as default_rubric
from .scenarios import list_scenarios as list_scenarios
from .scenarios import load_scenario as load_scenario
from .scenarios import roleplay_vocabulary as roleplay_vocabulary

__all__ = [
    "ARTICLE_MISTAKES",
    "list_scenarios",
    "load_scenario",
    "roleplay_vocabulary",
    "trust_word",
]

#: Environment variable holding a facilitator's room seed: everyone whose kernel has the
#: same value sees the replies of every decision in the same order.
ENV_ROOM_SEED = SEED_VARIABLE  # "KAMTOOLS_ROOM_SEED", shared with the choice checks

#: The progress-store module under which role-play reflections are recorded.
PROGRESS_MODULE = "roleplay"

#: Fewest characters a reply written in one's own words needs before its rubric is shown.
MIN_REPLY_CHARS = 15

#: Words for the trust meter: (lowest trust of the band, word).
_TRUST_WORDS = ((80, "strong"), (60, "good"), (40, "cautious"), (20, "low"), (0, "broken"))


def trust_word(trust: int) -> str:
    """Describe a trust level (0-100) in one word, for the trust meter.

    Parameters
    ----------
    trust : int
        The client's trust, 0 to 100.

    Returns
    -------
    str
        ``"broken"`` (0-19), ``"low"`` (20-39), ``"cautious"`` (40-59), ``"good"``
        (60-79) or ``"strong"`` (80-100).

    Raises
    ------
    WrongTypeError
        If ``trust`` is not a whole number.
    ParameterError
        If ``trust`` is outside 0-100.

    Examples
    --------
    >>> import kamtools as kt
    >>> kt.trust_word(55), kt.trust_word(80), kt.trust_word(0)
    ('cautious', 'strong', 'broken')
    """
    if isinstance(trust, bool) or not isinstance(trust, Integral):
        raise WrongTypeError(f"`trust` must be a whole number, but {trust!r} was passed.")
    trust = int(trust)
    if not TRUST_MIN <= trust <= TRUST_MAX:
        raise ParameterError(
            f"`trust` must be between {TRUST_MIN} and {TRUST_MAX}, but {trust!r} was passed."
        )
    return next(word for low, word in _TRUST_WORDS if trust >= low)


# ---------------------------------------------------------------------------------------
# Playing a scenario.
# ---------------------------------------------------------------------------------------
def _room_seed(seed: object) -> object:
    """The room seed in force: ``seed`` if given, else ``KAMTOOLS_ROOM_SEED`` if set, else None."""
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, (str, Integral)):
            raise WrongTypeError(
                f"`seed` must be text or a whole number (a room seed such as 'room-3'), "
                f"but {seed!r} was passed."
            )
        if isinstance(seed, str) and not seed.strip():
            raise ParameterError(f"`seed` must be non-empty text, but {seed!r} was passed.")
        return seed.strip() if isinstance(seed, str) else int(seed)
    env = os.environ.get(ENV_ROOM_SEED, "").strip()
    return env or None


def _learner_name(learner: object) -> str:
    if learner is None:
        from ..progress import _current_learner

        return _current_learner()
    if not isinstance(learner, str) or not learner.strip():
        raise (WrongTypeError if not isinstance(learner, str) else ParameterError)(
            f"`learner` must be a non-empty name, but {learner!r} was passed."
        )
    return learner


def choice_order(
    scenario_id: str, node_id: str, n: int, *, seed: object = None, learner: str | None = None
) -> tuple[int, ...]:
    """The order in which the ``n`` replies of a decision are shown (positions in the file).

    The order depends only on the scenario id, the node id and the seed in force: the
    room seed (``seed``, else ``KAMTOOLS_ROOM_SEED``) if there is one, else the learner.
    The same learner (or room) therefore always sees the same screen.

    Examples
    --------
    >>> from kamtools.learning.roleplay import choice_order
    >>> choice_order("price_complaint", "opening", 3, learner="ania") == choice_order(
    ...     "price_complaint", "opening", 3, learner="ania")
    True
    >>> sorted(choice_order("price_complaint", "opening", 3, seed="room-3"))
    [0, 1, 2]
    """
    room = _room_seed(seed)
    key = ("room", room) if room is not None else ("learner", _learner_name(learner))
    return tuple(shuffled_order(n, f"roleplay/{scenario_id}/{node_id}", key))


@dataclass(frozen=True)
class Step:
    """One choice the learner made: where, what, and how trust moved.

    ``index`` is the reply's place on the learner's screen (what :meth:`Session.choose`
    was given); ``position`` its place in the scenario file (the same for everyone).
    """

    node_id: str
    index: int
    choice: Choice
    trust_before: int
    trust_after: int
    position: int = 0

    @property
    def change(self) -> int:
        """The actual change of trust (after clamping to 0-100)."""
        return self.trust_after - self.trust_before


@dataclass(frozen=True)
class DebriefItem:
    """A mistake or good practice the learner showed, with the lesson behind it."""

    tag: str
    label: str
    explanation: str
    instead: str
    article: int | None
    your_choice: str
    feedback: str
    trust_change: int


@dataclass(frozen=True)
class Reflection:
    """A reply written in the learner's own words, rated against the node's rubric."""

    scenario_id: str
    node_id: str
    text: str
    rubric: tuple[str, ...]
    ticked: tuple[bool, ...]

    @property
    def score(self) -> int:
        """How many rubric statements the learner ticked."""
        return sum(self.ticked)

    @property
    def question(self) -> str:
        """The question id under which it is stored: ``"<scenario>.<node>"``."""
        return f"{self.scenario_id}.{self.node_id}"


@dataclass(frozen=True)
class Debrief:
    """What the learner did in a session, for the end-of-scenario debrief.

    ``outcome`` is None while the scenario is not finished.
    """

    scenario_id: str
    title: str
    finished: bool
    start_trust: int
    final_trust: int
    trust_word: str
    outcome: Ending | None
    mistakes: tuple[DebriefItem, ...]
    good_practices: tuple[DebriefItem, ...]

    @property
    def article_mistakes(self) -> tuple[int, ...]:
        """Numbers (1-7) of the source article's mistakes the learner made, sorted."""
        return tuple(sorted({m.article for m in self.mistakes if m.article is not None}))


class Session:
    """One play-through of a :class:`Scenario`: current node, trust and history.

    Parameters
    ----------
    scenario : Scenario, str or Path
        The scenario, or anything :func:`load_scenario` accepts.
    seed : str or int, optional
        A room seed: everyone with the same seed sees the replies in the same order.
        Default: the environment variable ``KAMTOOLS_ROOM_SEED`` if set, else an order
        of this learner's own (see :func:`choice_order`).
    learner : str, optional
        Whose order to show when there is no room seed. Default: the learner the progress
        store records (the JupyterHub user, else the operating-system user).
    shuffle : bool, default True
        False shows the replies in the order of the scenario file (for authors).
    recorder : callable, optional
        ``record(module, question, event, *, outcome=None, detail=None)`` used to store
        rated replies (:meth:`rate`); default :func:`kamtools.progress.record`.

    Attributes
    ----------
    order : tuple of int
        Positions (in the file) of the current node's replies, in the order shown.
    choices : tuple of Choice
        The replies shown now, in that order: ``choose(i)`` picks ``choices[i]``.

    Examples
    --------
    >>> import kamtools as kt
    >>> session = kt.roleplay.Session("price_complaint", seed="room-3")
    >>> session.trust, session.node.id
    (55, 'opening')
    >>> listen = [c.tag for c in session.choices].index("active_listening")
    >>> step = session.choose(listen)
    >>> step.choice.tag, session.trust
    ('active_listening', 65)
    >>> session.node.id
    'facts'
    """

    def __init__(
        self,
        scenario: Scenario | str | Path,
        *,
        seed: object = None,
        learner: str | None = None,
        shuffle: bool = True,
        recorder: Callable[..., Any] | None = None,
    ) -> None:
        if not isinstance(shuffle, bool):
            raise WrongTypeError(f"`shuffle` must be True or False, but {shuffle!r} was passed.")
        self.scenario = load_scenario(scenario)
        self.shuffle = shuffle
        self.seed = _room_seed(seed)
        self.learner = _learner_name(learner)
        self._recorder = recorder
        #: Replies written and rated in this session (see :meth:`write` and :meth:`rate`).
        self.reflections: list[Reflection] = []
        self.start()

    def start(self) -> None:
        """(Re)start the scenario: first node, starting trust, empty history."""
        self.node_id: str = self.scenario.start_node
        self.trust: int = self.scenario.start_trust
        self.history: list[Step] = []
        self.draft: str | None = None

    @property
    def node(self) -> Node:
        """The node the learner is at."""
        return self.scenario.nodes[self.node_id]

    def order_of(self, node_id: str) -> tuple[int, ...]:
        """Positions (in the file) of the replies of node ``node_id``, in the order shown."""
        n = len(self.scenario.nodes[node_id].choices)
        if not self.shuffle:
            return tuple(range(n))
        return choice_order(self.scenario.id, node_id, n, seed=self.seed, learner=self.learner)

    @property
    def order(self) -> tuple[int, ...]:
        """Positions (in the file) of the current replies, in the order shown."""
        return self.order_of(self.node_id)

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The choices available now, in the order shown (empty once finished)."""
        return tuple(self.node.choices[i] for i in self.order)

    @property
    def finished(self) -> bool:
        """True once an ending node is reached."""
        return self.node.is_ending

    @property
    def trust_word(self) -> str:
        """The current trust in one word (see :func:`trust_word`)."""
        return trust_word(self.trust)

    @property
    def outcome(self) -> Ending | None:
        """The ending reached with the current trust, or None while not finished."""
        return self.node.outcome(self.trust) if self.finished else None

    def choose(self, index: int) -> Step:
        """Pick the reply shown in place ``index`` (0-based) at the current node.

        Trust changes by the choice's effect, clamped to 0-100, and the session moves to
        the choice's ``next`` node.

        Raises
        ------
        WrongTypeError
            If ``index`` is not a whole number.
        ParameterError
            If the scenario has ended, or ``index`` is not one of the current choices.
        """
        if isinstance(index, bool) or not isinstance(index, Integral):
            raise WrongTypeError(
                f"`index` must be the whole number of a choice, but {index!r} was passed."
            )
        if self.finished:
            raise ParameterError(
                f"`index`={index!r} cannot be chosen: the scenario has ended. Call start() to "
                "play again."
            )
        index = int(index)
        order = self.order
        n = len(order)
        if not 0 <= index < n:
            raise ParameterError(
                f"`index` must be between 0 and {n - 1} (there are {n} choices here), but "
                f"{index!r} was passed."
            )
        position = order[index]
        choice = self.node.choices[position]
        before = self.trust
        self.trust = min(TRUST_MAX, max(TRUST_MIN, before + choice.trust))
        step = Step(self.node_id, index, choice, before, self.trust, position)
        self.history.append(step)
        self.node_id = choice.next
        self.draft = None
        return step

    # -- a reply in one's own words -----------------------------------------------------
    def write(self, text: str) -> tuple[str, ...]:
        """Write what you would say at the current node; returns the rubric to rate it by.

        Call it before looking at the replies, then :meth:`rate`. Writing again replaces
        the draft. Nothing is stored until :meth:`rate`.

        Raises
        ------
        WrongTypeError
            If ``text`` is not text.
        ParameterError
            If the scenario has ended or ``text`` is shorter than ``MIN_REPLY_CHARS``
            characters (spaces at either end not counted).

        Examples
        --------
        >>> import kamtools as kt
        >>> s = kt.roleplay.Session("price_complaint", recorder=lambda *a, **k: None)
        >>> rubric = s.write("Let me make sure I understood: which of these hurts most?")
        >>> len(rubric) == len(s.node.rubric)
        True
        >>> s.rate([True] + [False] * (len(rubric) - 1)).score
        1
        """
        if not isinstance(text, str):
            raise WrongTypeError(
                f"`text` must be what you would say, as text, but {text!r} was passed."
            )
        if self.finished:
            raise ParameterError("`text` cannot be written: the scenario has ended.")
        text = text.strip()
        if len(text) < MIN_REPLY_CHARS:
            raise ParameterError(
                f"`text` must be at least {MIN_REPLY_CHARS} characters (write what you would "
                f"really say), but {len(text)} were written: {text!r}."
            )
        self.draft = text
        return self.node.rubric

    def rate(self, ticked: Sequence[bool]) -> Reflection:
        """Rate the reply written with :meth:`write` against the rubric, and store it.

        Parameters
        ----------
        ticked : sequence of bool
            One True/False per rubric statement, in order: does your reply meet it?

        Returns
        -------
        Reflection
            Also appended to :attr:`reflections` and recorded in the progress store as
            a reflection (see the module notes). Recording never raises.

        Raises
        ------
        ParameterError
            If nothing was written at this node, or ``ticked`` does not have one entry
            per rubric statement.
        WrongTypeError
            If an entry of ``ticked`` is not True or False.
        """
        if self.draft is None or self.finished:
            raise ParameterError(
                "`ticked` cannot be rated yet: write your reply first with write(text)."
            )
        rubric = self.node.rubric
        if isinstance(ticked, (str, bytes)) or not isinstance(ticked, Sequence):
            raise WrongTypeError(
                f"`ticked` must be a list of True/False, one per rubric statement, but "
                f"{ticked!r} was passed."
            )
        if len(ticked) != len(rubric):
            raise ParameterError(
                f"`ticked` must have {len(rubric)} entries (one per rubric statement), but "
                f"it has {len(ticked)}."
            )
        for i, value in enumerate(ticked):
            if not isinstance(value, bool):
                raise WrongTypeError(
                    f"`ticked[{i}]` must be True or False, but {value!r} was passed."
                )
        reflection = Reflection(self.scenario.id, self.node_id, self.draft, rubric, tuple(ticked))
        self.reflections.append(reflection)
        self.draft = None
        self._store(reflection)
        return reflection

    def _store(self, reflection: Reflection) -> None:
        if self._recorder is None:
            from ..progress import record
        else:
            record = self._recorder
        question = reflection.question
        detail = json.dumps(
            {
                "text": reflection.text,
                "score": reflection.score,
                "of": len(reflection.rubric),
                "ticked": list(reflection.ticked),
            },
            ensure_ascii=False,
        )
        try:
            record(PROGRESS_MODULE, question, "attempt", outcome="correct", detail=detail)
            for i, ticked in enumerate(reflection.ticked, start=1):
                record(
                    PROGRESS_MODULE,
                    question,
                    "rubric",
                    detail=json.dumps({"item": i, "ticked": ticked}),
                )
        except Exception:  # a role-play never breaks because of progress tracking
            import logging

            logging.getLogger("kamtools.progress").exception(
                "Role-play reflection not saved for %r", question
            )

    def debrief(self) -> Debrief:
        """Summarise the session: mistakes with what to do instead, good practices, outcome.

        Items appear in the order the learner made the choices. It can be called before
        the end (``finished`` is then False and ``outcome`` None).
        """
        mistakes: list[DebriefItem] = []
        goods: list[DebriefItem] = []
        for step in self.history:
            info = step.choice.tag_info
            item = DebriefItem(
                tag=info.id,
                label=info.label,
                explanation=info.explanation,
                instead=info.instead,
                article=info.article,
                your_choice=step.choice.text,
                feedback=step.choice.feedback,
                trust_change=step.change,
            )
            (mistakes if info.is_mistake else goods).append(item)
        return Debrief(
            scenario_id=self.scenario.id,
            title=self.scenario.title,
            finished=self.finished,
            start_trust=self.scenario.start_trust,
            final_trust=self.trust,
            trust_word=self.trust_word,
            outcome=self.outcome,
            mistakes=tuple(mistakes),
            good_practices=tuple(goods),
        )
