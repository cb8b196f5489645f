"""Role-play scenarios: the story graph, its vocabulary of tags, loading and validation.

A scenario is read from ``kamtools/content/roleplay/<id>.yml`` (format: see
:mod:`kamtools.learning.roleplay`) into frozen records (:class:`Scenario`, :class:`Node`,
:class:`Choice`, :class:`Ending`, :class:`Tag`); every problem raises a ``DataError``
naming the file and the field. Playing a scenario (the session, the shuffled order of
the replies, the debrief) is in :mod:`kamtools.learning.roleplay`, which re-exports the names here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, get_args

import pandas as pd

if TYPE_CHECKING:
    from .roleplay import Session

from .._content import CONTENT_DIR, FieldCheck, as_path, display_name, load_yaml
from ..errors import DataError, ParameterError
from ..i18n import get_language
from ..messages import t

__all__ = [
    "ARTICLE_MISTAKES",
    "list_scenarios",
    "load_scenario",
    "roleplay_vocabulary",
]

#: Most statements a node's rubric may have.
MAX_RUBRIC_ITEMS = 5

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
    check = FieldCheck(label)
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


def _vocabulary() -> dict[str, Tag]:
    return _vocabulary_in(get_language())


@functools.cache
def _vocabulary_in(language: str) -> dict[str, Tag]:
    path = ROLEPLAY_DIR / "_vocabulary.yml"
    return _parse_vocabulary(load_yaml(path, language=language), display_name(path))


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
    >>> from kamtools.learning.roleplay import default_rubric
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
        items.append(
            t("role_play.rubric_avoids", mistake=worst.label.lower(), instead=worst.instead)
        )
    items.append(t("role_play.rubric_real"))
    return tuple(items)


def _parse_choice(check: FieldCheck, raw: Any, where: str, vocab: Mapping[str, Tag]) -> Choice:
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


def _parse_endings(check: FieldCheck, raw: Any, where: str) -> tuple[Ending, ...]:
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


def _parse_node(check: FieldCheck, node_id: Any, raw: Any, vocab: Mapping[str, Tag]) -> Node:
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


def _check_graph(check: FieldCheck, start: str, nodes: Mapping[str, Node]) -> None:
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
        check = FieldCheck(source)
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
        from .roleplay import Session  # playing is built on the scenario, not the reverse

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
