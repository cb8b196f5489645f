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

import functools
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral
from pathlib import Path
from typing import Any, Literal, cast, get_args

import pandas as pd

from ._content import CONTENT_DIR, Checker, as_path, display_name, load_yaml
from .checks.choice import SEED_VARIABLE, shuffled_order
from .errors import DataError, ParameterError, WrongTypeError

__all__ = [
    "ARTICLE_MISTAKES",
    "list_scenarios",
    "load_scenario",
    "roleplay_vocabulary",
    "trust_word",
]

#: The folder holding the shipped scenarios and ``_vocabulary.yml``.
ROLEPLAY_DIR: Path = CONTENT_DIR / "roleplay"

#: The seven mistakes of the source article, in its order (1 = being late).
ARTICLE_MISTAKES: tuple[str, ...] = (
    "late",
    "arguing",
    "interrupting",
    "no_dossier",
    "poor_preparation",
    "bad_manners",
    "weak_product_knowledge",
)

#: Lowest and highest trust; the trust meter is clamped to this range.
TRUST_MIN, TRUST_MAX = 0, 100

#: Largest trust change a single choice may have (either way).
MAX_TRUST_EFFECT = 50

#: How a role-play ends.
EndingResult = Literal["success", "partial", "failure"]
_RESULTS: tuple[EndingResult, ...] = get_args(EndingResult)

#: Environment variable holding a facilitator's room seed: everyone whose kernel has the
#: same value sees the replies of every decision in the same order.
ENV_ROOM_SEED = SEED_VARIABLE  # "KAMTOOLS_ROOM_SEED", shared with the choice checks

#: The progress-store module under which role-play reflections are recorded.
PROGRESS_MODULE = "roleplay"

#: Fewest characters a reply written in one's own words needs before its rubric is shown.
MIN_REPLY_CHARS = 15

#: Most statements a node's rubric may have.
MAX_RUBRIC_ITEMS = 5

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
# The vocabulary of tags.
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tag:
    """One entry of the fixed vocabulary: a mistake or a good practice.

    ``article`` is the mistake's number (1-7) in the source article, or None;
    ``instead`` (what to do instead) is empty for good practices.
    """

    id: str
    kind: Literal["mistake", "good"]
    label: str
    explanation: str
    instead: str = ""
    article: int | None = None

    @property
    def is_mistake(self) -> bool:
        return self.kind == "mistake"


def _parse_vocabulary(data: Any, label: str) -> dict[str, Tag]:
    check = Checker(label)
    data = check.mapping(data, "", required=("mistakes", "good_practices"))
    tags: dict[str, Tag] = {}
    mistakes = check.mapping(data["mistakes"], "mistakes")
    for tag_id, entry in mistakes.items():
        where = f"mistakes.{tag_id}"
        check.identifier(tag_id, where)
        entry = check.mapping(entry, where, required=("label", "article", "explanation", "instead"))
        article = entry["article"]
        if article is not None:
            article = check.integer(entry, "article", where, low=1, high=7)
        tags[tag_id] = Tag(
            id=tag_id,
            kind="mistake",
            label=check.text(entry, "label", where),
            explanation=check.text(entry, "explanation", where),
            instead=check.text(entry, "instead", where),
            article=article,
        )
    goods = check.mapping(data["good_practices"], "good_practices")
    for tag_id, entry in goods.items():
        where = f"good_practices.{tag_id}"
        check.identifier(tag_id, where)
        if tag_id in tags:
            raise check.fail(where, "is already a mistake; a tag cannot be both.")
        entry = check.mapping(entry, where, required=("label", "explanation"))
        tags[tag_id] = Tag(
            id=tag_id,
            kind="good",
            label=check.text(entry, "label", where),
            explanation=check.text(entry, "explanation", where),
        )
    for number, tag_id in enumerate(ARTICLE_MISTAKES, start=1):
        tag = tags.get(tag_id)
        if tag is None or tag.kind != "mistake":
            raise check.fail(
                f"mistakes.{tag_id}",
                f"is missing: it is mistake {number} of the source article and must be "
                "in the vocabulary.",
            )
        if tag.article != number:
            raise check.fail(
                f"mistakes.{tag_id}.article",
                f"must be {number} (its place in the source article), but "
                f"{tag.article!r} was found.",
            )
    return tags


@functools.cache
def _vocabulary() -> dict[str, Tag]:
    path = ROLEPLAY_DIR / "_vocabulary.yml"
    return _parse_vocabulary(load_yaml(path), display_name(path))


def roleplay_vocabulary() -> pd.DataFrame:
    """Return the fixed vocabulary of mistake and good-practice tags as a table.

    Returns
    -------
    DataFrame
        Indexed by tag id, with columns ``kind`` ("mistake" or "good"), ``label``,
        ``article`` (1-7 for the seven mistakes of the source article, else <NA>),
        ``explanation`` and ``instead`` (what to do instead; empty for good practices).
        Mistakes come first, the article's seven in its order.

    Raises
    ------
    DataError
        If ``_vocabulary.yml`` is missing or malformed.

    Examples
    --------
    >>> import kamtools as kt
    >>> vocab = kt.roleplay_vocabulary()
    >>> vocab.loc["late", "label"], int(vocab.loc["late", "article"])
    ('Being late', 1)
    >>> list(vocab.index[:3])
    ['late', 'arguing', 'interrupting']
    """
    tags = list(_vocabulary().values())
    frame = pd.DataFrame(
        {
            "kind": [t.kind for t in tags],
            "label": [t.label for t in tags],
            "article": pd.array([t.article for t in tags], dtype="Int64"),
            "explanation": [t.explanation for t in tags],
            "instead": [t.instead for t in tags],
        },
        index=pd.Index([t.id for t in tags], name="tag"),
    )
    order = pd.DataFrame(
        {
            "mistake_first": (frame["kind"] != "mistake").to_numpy(),
            "article": frame["article"].fillna(99).to_numpy(),
            "pos": range(len(frame)),
        }
    ).sort_values(["mistake_first", "article", "pos"], kind="stable")
    return frame.iloc[order.index.to_numpy()]


# ---------------------------------------------------------------------------------------
# Scenario structure.
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    """One thing the learner can say or do at a decision node."""

    text: str
    trust: int
    reaction: str
    feedback: str
    tag: str
    next: str

    @property
    def tag_info(self) -> Tag:
        """The vocabulary entry of this choice's tag."""
        return _vocabulary()[self.tag]

    @property
    def is_mistake(self) -> bool:
        return self.tag_info.is_mistake


@dataclass(frozen=True)
class Ending:
    """One outcome of an ending node, used when final trust >= ``min_trust``."""

    min_trust: int
    result: EndingResult
    title: str
    text: str


@dataclass(frozen=True)
class Node:
    """A decision node (``choices``) or an ending node (``endings``).

    ``choices`` are in the order of the scenario file (a :class:`Session` shows them
    shuffled). ``rubric`` is the checklist for a reply written in one's own words: the
    file's ``rubric``, or :func:`default_rubric` when the file has none
    (``rubric_is_default`` then True). Ending nodes have no rubric.
    """

    id: str
    situation: str = ""
    client_says: str = ""
    choices: tuple[Choice, ...] = ()
    endings: tuple[Ending, ...] = ()
    rubric: tuple[str, ...] = ()
    rubric_is_default: bool = False

    @property
    def is_ending(self) -> bool:
        return bool(self.endings)

    @property
    def best_index(self) -> int | None:
        """Position (in the file) of the reply that builds the most trust; None for an ending.

        Ties go to the first such reply in the file.
        """
        if not self.choices:
            return None
        return max(range(len(self.choices)), key=lambda i: (self.choices[i].trust, -i))

    def outcome(self, trust: int) -> Ending:
        """The ending reached with ``trust``: the first band whose ``min_trust`` it reaches."""
        return next(e for e in self.endings if trust >= e.min_trust)


def default_rubric(choices: Sequence[Choice]) -> tuple[str, ...]:
    """The rubric of a decision that has none in its file, built from its replies' tags.

    Three statements: the good practice of the reply that builds the most trust (its
    label and explanation from the vocabulary), the mistake of the reply that costs the
    most trust to avoid (its label and "what to do instead"), and a check that the reply
    is short and said to this client. Without a mistake among the replies, the second
    statement is left out.

    Examples
    --------
    >>> import kamtools as kt
    >>> node = kt.load_scenario("price_complaint").nodes["opening"]
    >>> from kamtools.roleplay import default_rubric
    >>> default_rubric(node.choices)[0].startswith("Listening to understand:")
    True
    """
    vocab = _vocabulary()
    best = max(choices, key=lambda c: c.trust)
    good = vocab[best.tag]
    items = [f"{good.label}: {good.explanation}"]
    mistakes = [c for c in choices if vocab[c.tag].is_mistake]
    if mistakes:
        worst = vocab[min(mistakes, key=lambda c: c.trust).tag]
        items.append(f"It avoids “{worst.label.lower()}”. {worst.instead}")
    items.append(
        "It is what you would really say to this client: one or two sentences, in your "
        "own words, that fit what they have just told you."
    )
    return tuple(items)


def _parse_choice(check: Checker, raw: Any, where: str, vocab: Mapping[str, Tag]) -> Choice:
    raw = check.mapping(
        raw, where, required=("text", "trust", "reaction", "feedback", "tag", "next")
    )
    tag = raw["tag"]
    if tag not in vocab:
        mistakes = sorted(t for t, v in vocab.items() if v.is_mistake)
        goods = sorted(t for t, v in vocab.items() if not v.is_mistake)
        raise check.fail(
            f"{where}.tag",
            f"must be a tag of the vocabulary (roleplay/_vocabulary.yml), but {tag!r} was "
            f"found. Mistakes: {mistakes}. Good practices: {goods}.",
        )
    nxt = raw["next"]
    if not isinstance(nxt, str) or not nxt:
        raise check.fail(f"{where}.next", f"must be the id of a node, but {nxt!r} was found.")
    return Choice(
        text=check.text(raw, "text", where),
        trust=check.integer(raw, "trust", where, low=-MAX_TRUST_EFFECT, high=MAX_TRUST_EFFECT),
        reaction=check.text(raw, "reaction", where),
        feedback=check.text(raw, "feedback", where),
        tag=tag,
        next=nxt,
    )


def _parse_endings(check: Checker, raw: Any, where: str) -> tuple[Ending, ...]:
    if isinstance(raw, Mapping):
        raw = [{"min_trust": 0, **raw}]
    items = check.sequence(raw, where)
    endings = []
    for i, item in enumerate(items):
        w = f"{where}[{i}]"
        item = check.mapping(item, w, required=("min_trust", "result", "title", "text"))
        endings.append(
            Ending(
                min_trust=check.integer(item, "min_trust", w, low=TRUST_MIN, high=TRUST_MAX),
                # check.choice returned one of _RESULTS.
                result=cast(EndingResult, check.choice(item, "result", w, _RESULTS)),
                title=check.text(item, "title", w),
                text=check.text(item, "text", w),
            )
        )
    for i in range(1, len(endings)):
        if endings[i].min_trust >= endings[i - 1].min_trust:
            raise check.fail(
                f"{where}[{i}].min_trust",
                "must be lower than the one before it (list the outcomes from the highest "
                f"trust to the lowest), but {endings[i].min_trust!r} was found after "
                f"{endings[i - 1].min_trust!r}.",
            )
    if endings[-1].min_trust != 0:
        raise check.fail(
            f"{where}[{len(endings) - 1}].min_trust",
            "must be 0 for the last outcome, so that every final trust has an ending, "
            f"but {endings[-1].min_trust!r} was found.",
        )
    return tuple(endings)


def _parse_node(check: Checker, node_id: Any, raw: Any, vocab: Mapping[str, Tag]) -> Node:
    where = f"nodes.{node_id}"
    check.identifier(node_id, where)
    raw = check.mapping(
        raw, where, optional=("situation", "client_says", "choices", "rubric", "ending")
    )
    if "ending" in raw:
        if "choices" in raw:
            raise check.fail(
                where, "has both `choices` and `ending`; a node is either a decision or an end."
            )
        if "rubric" in raw:
            raise check.fail(
                f"{where}.rubric", "is only for decision nodes; an ending has no reply to rate."
            )
        return Node(
            id=node_id,
            situation=check.optional_text(raw, "situation", where),
            endings=_parse_endings(check, raw["ending"], f"{where}.ending"),
        )
    if "choices" not in raw:
        raise check.fail(where, "needs `choices` (a decision) or `ending` (an end of the story).")
    situation = check.text(raw, "situation", where)
    items = check.sequence(raw["choices"], f"{where}.choices", min_len=2)
    choices = tuple(
        _parse_choice(check, item, f"{where}.choices[{i}]", vocab) for i, item in enumerate(items)
    )
    if raw.get("rubric") is None:
        rubric, is_default = default_rubric(choices), True
    else:
        rubric = check.text_list(raw, "rubric", where, min_len=1, max_len=MAX_RUBRIC_ITEMS)
        is_default = False
    return Node(
        id=node_id,
        situation=situation,
        client_says=check.optional_text(raw, "client_says", where),
        choices=choices,
        rubric=rubric,
        rubric_is_default=is_default,
    )


def _check_graph(check: Checker, start: str, nodes: Mapping[str, Node]) -> None:
    """Every ``next`` exists, every node is reachable, every node can reach an ending."""
    for node in nodes.values():
        for i, choice in enumerate(node.choices):
            if choice.next not in nodes:
                raise check.fail(
                    f"nodes.{node.id}.choices[{i}].next",
                    f"is {choice.next!r}, which is not a node of this scenario; the nodes "
                    f"are {sorted(nodes)}.",
                )
    if start not in nodes:
        raise check.fail(
            "start",
            f"is {start!r}, which is not a node of this scenario; the nodes are {sorted(nodes)}.",
        )
    if nodes[start].is_ending:
        raise check.fail("start", f"is {start!r}, an ending: the story must start with a decision.")
    # Forward search from the start: every node must be reachable.
    reached, todo = {start}, [start]
    while todo:
        for choice in nodes[todo.pop()].choices:
            if choice.next not in reached:
                reached.add(choice.next)
                todo.append(choice.next)
    unreachable = sorted(set(nodes) - reached)
    if unreachable:
        raise check.fail(
            f"nodes.{unreachable[0]}",
            f"can never be reached from the start node {start!r} (unreachable nodes: "
            f"{unreachable}).",
        )
    # Backward search from the endings: every node must be able to finish the story, so
    # there is no path that ends nowhere and no loop without an exit.
    parents: dict[str, set[str]] = {n: set() for n in nodes}
    for node in nodes.values():
        for choice in node.choices:
            parents[choice.next].add(node.id)
    can_end = {n for n, node in nodes.items() if node.is_ending}
    if not can_end:
        raise check.fail("nodes", "has no ending node (a node with `ending:`).")
    todo = list(can_end)
    while todo:
        for parent in parents[todo.pop()]:
            if parent not in can_end:
                can_end.add(parent)
                todo.append(parent)
    stuck = sorted(set(nodes) - can_end)
    if stuck:
        raise check.fail(
            f"nodes.{stuck[0]}",
            "can never lead to an ending: its choices go round in a loop with no way out "
            f"(nodes that cannot finish: {stuck}).",
        )


@dataclass(frozen=True)
class Scenario:
    """A validated role-play scenario; load one with :func:`load_scenario`.

    Attributes
    ----------
    id, title, summary : str
        The scenario's id (its file name), title and one-paragraph summary.
    you : str
        Who the learner plays.
    company, person : str
        The client company and the person (or people) the learner meets.
    context : str
        The background the learner reads before starting.
    start_trust : int
        The client's trust (0-100) when the scenario starts.
    start_node : str
        The id of the first decision node.
    nodes : Mapping[str, Node]
        Every node by id.
    source : str
        Where the scenario was loaded from.
    """

    id: str
    title: str
    summary: str
    you: str
    company: str
    person: str
    context: str
    start_trust: int
    start_node: str
    nodes: Mapping[str, Node] = field(repr=False)
    source: str = ""

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "<dict>") -> Scenario:
        """Build and validate a scenario from parsed YAML; errors name ``source`` and the field."""
        check = Checker(source)
        data = check.mapping(
            data,
            "",
            required=(
                "id",
                "title",
                "summary",
                "you",
                "client",
                "context",
                "start_trust",
                "start",
                "nodes",
            ),
        )
        scenario_id = check.identifier(data["id"], "id")
        client = check.mapping(data["client"], "client", required=("company", "person"))
        raw_nodes = check.mapping(data["nodes"], "nodes")
        if not raw_nodes:
            raise check.fail("nodes", "is empty; a scenario needs decision nodes and an ending.")
        vocab = _vocabulary()
        nodes = {
            node_id: _parse_node(check, node_id, raw, vocab) for node_id, raw in raw_nodes.items()
        }
        start = check.identifier(data["start"], "start")
        _check_graph(check, start, nodes)
        return cls(
            id=scenario_id,
            title=check.text(data, "title", ""),
            summary=check.text(data, "summary", ""),
            you=check.text(data, "you", ""),
            company=check.text(client, "company", "client"),
            person=check.text(client, "person", "client"),
            context=check.text(data, "context", ""),
            start_trust=check.integer(data, "start_trust", "", low=TRUST_MIN, high=TRUST_MAX),
            start_node=start,
            nodes=nodes,
            source=source,
        )

    @property
    def tags(self) -> frozenset[str]:
        """Every tag used by a choice of this scenario."""
        return frozenset(c.tag for n in self.nodes.values() for c in n.choices)

    @property
    def mistakes(self) -> tuple[str, ...]:
        """The mistake tags a learner can make in this scenario, in vocabulary order."""
        vocab = _vocabulary()
        used = self.tags
        return tuple(t for t in vocab if t in used and vocab[t].is_mistake)

    def play(self, **options: Any) -> Session:
        """Start a new :class:`Session` of this scenario (``options``: as for Session)."""
        return Session(self, **options)


def _scenario_paths() -> dict[str, Path]:
    return {p.stem: p for p in sorted(ROLEPLAY_DIR.glob("*.yml")) if not p.name.startswith("_")}


def _load_path(path: Path) -> Scenario:
    label = display_name(path)
    scenario = Scenario.from_dict(load_yaml(path), source=label)
    if path.parent.resolve() == ROLEPLAY_DIR.resolve() and scenario.id != path.stem:
        raise DataError(
            f"{label}: id must match the file name ({path.stem!r}), but {scenario.id!r} was found."
        )
    return scenario


def load_scenario(scenario: Scenario | str | Path) -> Scenario:
    """Load and validate a role-play scenario by id or from a YAML file.

    Parameters
    ----------
    scenario : str, Path or Scenario
        The id of a shipped scenario (see :func:`list_scenarios`), or the path of a YAML
        file with the same structure (a path ends in ``.yml``/``.yaml`` or is a Path).
        A Scenario is returned as it is.

    Returns
    -------
    Scenario

    Raises
    ------
    ParameterError
        If ``scenario`` is not the id of a shipped scenario.
    WrongTypeError
        If ``scenario`` is neither text nor a Path.
    DataError
        If the file is missing or breaks a rule: every field present, every tag in the
        vocabulary, every ``next`` an existing node, every node reachable from the start
        and able to reach an ending. The message names the file and the field.

    Examples
    --------
    >>> import kamtools as kt
    >>> s = kt.load_scenario("price_complaint")
    >>> s.title
    'The price complaint where arguing is tempting'
    >>> s.start_trust
    55
    """
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, str) and not scenario.endswith((".yml", ".yaml")):
        paths = _scenario_paths()
        if scenario not in paths:
            raise ParameterError(
                f"`scenario` must be the id of a role-play scenario, one of {sorted(paths)}, "
                f"or the path of a .yml file, but {scenario!r} was passed."
            )
        return _load_path(paths[scenario])
    path = as_path(scenario, "scenario")
    return _load_path(path.resolve())


def list_scenarios() -> pd.DataFrame:
    """List the shipped role-play scenarios with the mistakes each one can teach.

    Returns
    -------
    DataFrame
        Indexed by scenario id (sorted), with columns ``title``, ``summary``, ``company``,
        ``mistakes`` (the mistake tags a learner can make in it, as a tuple) and
        ``article_mistakes`` (which of the article's seven mistakes, by number).

    Raises
    ------
    DataError
        If a scenario file is malformed.

    Examples
    --------
    >>> import kamtools as kt
    >>> table = kt.list_scenarios()
    >>> len(table) >= 8
    True
    >>> "late" in table.loc["late_quarterly_review", "mistakes"]
    True
    """
    scenarios = [load_scenario(sid) for sid in _scenario_paths()]
    vocab = _vocabulary()
    return pd.DataFrame(
        {
            "title": [s.title for s in scenarios],
            "summary": [s.summary for s in scenarios],
            "company": [s.company for s in scenarios],
            "mistakes": [s.mistakes for s in scenarios],
            "article_mistakes": [
                tuple(sorted(a for t in s.mistakes if (a := vocab[t].article))) for s in scenarios
            ],
        },
        index=pd.Index([s.id for s in scenarios], name="scenario"),
    )


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
        from .progress import _current_learner

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
    >>> from kamtools.roleplay import choice_order
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
            from .progress import record
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
