"""Role-play logic: the vocabulary, every shipped scenario, the graph rules, sessions, debriefs."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.learning.roleplay import ROLEPLAY_DIR, TRUST_MAX, TRUST_MIN, Choice, Ending

SCENARIO_IDS = sorted(p.stem for p in ROLEPLAY_DIR.glob("*.yml") if not p.name.startswith("_"))


def all_paths(scenario: kt.roleplay.Scenario) -> list[tuple[list[Choice], int, Ending]]:
    """Every play-through: the choices made, the final trust and the ending reached."""
    out = []

    def walk(node_id: str, trust: int, made: list[Choice], seen: frozenset[str]) -> None:
        node = scenario.nodes[node_id]
        if node.is_ending:
            out.append((made, trust, node.outcome(trust)))
            return
        assert node_id not in seen, f"{scenario.id}: a loop through {node_id!r}"
        for choice in node.choices:
            walk(
                choice.next,
                min(TRUST_MAX, max(TRUST_MIN, trust + choice.trust)),
                [*made, choice],
                seen | {node_id},
            )

    walk(scenario.start_node, scenario.start_trust, [], frozenset())
    return out


def minimal_scenario() -> dict:
    """A small valid scenario: two decisions, one ending with two trust bands."""
    return {
        "id": "tiny",
        "title": "Tiny",
        "summary": "A test scenario.",
        "you": "You sell things.",
        "client": {"company": "Client Ltd", "person": "Ann, Buyer"},
        "context": "A short meeting.",
        "start_trust": 50,
        "start": "first",
        "nodes": {
            "first": {
                "situation": "The client is waiting.",
                "client_says": "Hello.",
                "choices": [
                    {
                        "text": "Listen.",
                        "trust": 10,
                        "reaction": "Nods.",
                        "feedback": "Good.",
                        "tag": "active_listening",
                        "next": "second",
                    },
                    {
                        "text": "Interrupt.",
                        "trust": -20,
                        "reaction": "Frowns.",
                        "feedback": "Bad.",
                        "tag": "interrupting",
                        "next": "second",
                    },
                ],
            },
            "second": {
                "situation": "Time to close.",
                "choices": [
                    {
                        "text": "Agree next steps.",
                        "trust": 5,
                        "reaction": "Smiles.",
                        "feedback": "Good.",
                        "tag": "clear_next_steps",
                        "next": "end",
                    },
                    {
                        "text": "Argue.",
                        "trust": -10,
                        "reaction": "Leaves.",
                        "feedback": "Bad.",
                        "tag": "arguing",
                        "next": "end",
                    },
                ],
            },
            "end": {
                "ending": [
                    {"min_trust": 60, "result": "success", "title": "Won", "text": "Deal."},
                    {"min_trust": 0, "result": "failure", "title": "Lost", "text": "No deal."},
                ]
            },
        },
    }


# ------------------------------------------------------------------------------ vocabulary
def test_vocabulary_has_the_seven_article_mistakes_in_order():
    vocab = kt.roleplay_vocabulary()
    article = vocab[vocab["article"].notna()]
    assert list(article.index) == list(kt.ARTICLE_MISTAKES)
    assert article["article"].tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert kt.ARTICLE_MISTAKES == (
        "late",
        "arguing",
        "interrupting",
        "no_dossier",
        "poor_preparation",
        "bad_manners",
        "weak_product_knowledge",
    )


def test_vocabulary_has_the_trainers_mistakes_named_in_the_brief():
    vocab = kt.roleplay_vocabulary()
    for tag in (
        "discounting_instead_of_value",
        "single_threaded",
        "ignoring_cost_to_serve",
        "complacency",
    ):
        assert vocab.loc[tag, "kind"] == "mistake"


def test_every_mistake_says_what_to_do_instead_and_labels_are_unique():
    vocab = kt.roleplay_vocabulary()
    mistakes = vocab[vocab["kind"] == "mistake"]
    assert (mistakes["instead"].str.len() > 20).all()
    assert (vocab["explanation"].str.len() > 20).all()
    assert vocab["label"].is_unique
    assert (vocab.loc[vocab["kind"] == "good", "instead"] == "").all()


# ------------------------------------------------------------------------------ content
def test_at_least_eight_scenarios_are_shipped_and_listed():
    table = kt.list_scenarios()
    assert len(SCENARIO_IDS) >= 8
    assert list(table.index) == SCENARIO_IDS
    assert list(table.columns) == ["title", "summary", "company", "mistakes", "article_mistakes"]


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_shipped_scenario_is_valid_and_named_after_its_file(scenario_id):
    scenario = kt.load_scenario(scenario_id)
    assert scenario.id == scenario_id
    assert scenario.source == f"roleplay/{scenario_id}.yml"
    assert TRUST_MIN < scenario.start_trust < TRUST_MAX


def test_the_scenarios_together_cover_all_seven_article_mistakes():
    covered = set().union(*kt.list_scenarios()["mistakes"])
    missing = set(kt.ARTICLE_MISTAKES) - covered
    assert not missing, f"no scenario teaches {sorted(missing)}"
    numbers = set().union(*kt.list_scenarios()["article_mistakes"])
    assert numbers == {1, 2, 3, 4, 5, 6, 7}


def test_each_article_mistake_has_a_scenario_built_around_it():
    table = kt.list_scenarios()
    # A scenario is "built around" a mistake when at least two choices carry its tag.
    for tag in kt.ARTICLE_MISTAKES:
        counts = {
            sid: sum(c.tag == tag for n in kt.load_scenario(sid).nodes.values() for c in n.choices)
            for sid in table.index
        }
        assert max(counts.values()) >= 2, f"{tag}: {counts}"


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_path_ends_after_at_least_two_decisions(scenario_id):
    scenario = kt.load_scenario(scenario_id)
    paths = all_paths(scenario)  # asserts there is no loop
    assert paths
    assert min(len(made) for made, _, _ in paths) >= 2


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_scenario_has_a_good_path_that_succeeds_and_bad_paths_that_fail(scenario_id):
    paths = all_paths(kt.load_scenario(scenario_id))
    good = [(t, e) for made, t, e in paths if not any(c.is_mistake for c in made)]
    assert good, "there must be a path made only of good practices"
    assert all(e.result == "success" for _, e in good)
    assert any(e.result == "failure" for _, _, e in paths)
    # Two mistakes or more never reach the best ending.
    for made, _, ending in paths:
        if sum(c.is_mistake for c in made) >= 2:
            assert ending.result != "success", [c.text for c in made]


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_every_decision_offers_a_good_practice_and_a_mistake(scenario_id):
    scenario = kt.load_scenario(scenario_id)
    for node in scenario.nodes.values():
        if node.is_ending:
            continue
        kinds = {c.is_mistake for c in node.choices}
        assert kinds == {True, False}, node.id
        assert len(node.choices) >= 2


# ------------------------------------------------------------------------------ trust_word
@pytest.mark.parametrize(
    ("trust", "word"),
    [
        (0, "broken"),
        (19, "broken"),
        (20, "low"),
        (39, "low"),
        (40, "cautious"),
        (59, "cautious"),
        (60, "good"),
        (79, "good"),
        (80, "strong"),
        (100, "strong"),
    ],
)
def test_trust_word_bands(trust, word):
    assert kt.trust_word(trust) == word


def test_trust_word_accepts_numpy_integers():
    assert kt.trust_word(np.int64(61)) == "good"


def test_trust_word_rejects_bad_input():
    with pytest.raises(kt.ParameterError, match=r"`trust` must be between 0 and 100, but 101"):
        kt.trust_word(101)
    with pytest.raises(kt.WrongTypeError, match=r"`trust` must be a whole number, but 55.5"):
        kt.trust_word(55.5)
    with pytest.raises(kt.WrongTypeError, match=r"but True was passed"):
        kt.trust_word(True)


# ------------------------------------------------------------------------------ sessions
def pick(session: kt.roleplay.Session, tag: str) -> int:
    """The place on screen of the first reply shown with ``tag`` (what a learner clicks)."""
    tags = [c.tag for c in session.choices]
    assert tag in tags, f"{session.scenario.id}/{session.node_id}: no reply tagged {tag!r}"
    return tags.index(tag)


def test_session_hand_played_price_complaint():
    session = kt.roleplay.Session("price_complaint", learner="ania")
    assert (session.trust, session.node_id, session.finished) == (55, "opening", False)
    made = []
    for tag in ("active_listening", "arguing", "prepared_negotiation"):
        step = session.choose(pick(session, tag))
        assert step.choice is session.scenario.nodes[step.node_id].choices[step.position]
        made.append(step.choice)
    expected = min(100, max(0, 55 + sum(c.trust for c in made)))
    assert session.trust == expected
    assert session.finished
    assert session.choices == ()
    debrief = session.debrief()
    assert debrief.outcome == session.scenario.nodes["end"].outcome(expected)
    assert (debrief.start_trust, debrief.final_trust) == (55, expected)
    assert debrief.trust_word == kt.trust_word(expected)
    assert [m.tag for m in debrief.mistakes] == ["arguing"]
    assert debrief.mistakes[0].label == "Arguing with the client"
    assert debrief.mistakes[0].instead.startswith("Let the client finish")
    assert debrief.mistakes[0].your_choice == made[1].text
    assert debrief.mistakes[0].trust_change == made[1].trust
    assert [g.tag for g in debrief.good_practices] == ["active_listening", "prepared_negotiation"]
    assert debrief.article_mistakes == (2,)


def test_session_hand_played_with_known_numbers():
    session = kt.roleplay.Scenario.from_dict(minimal_scenario()).play(learner="ania")
    session.choose(pick(session, "active_listening"))  # 50 + 10 = 60
    session.choose(pick(session, "arguing"))  # 60 - 10 = 50
    debrief = session.debrief()
    assert (debrief.final_trust, debrief.outcome.title) == (50, "Lost")
    assert [m.tag for m in debrief.mistakes] == ["arguing"]
    assert debrief.mistakes[0].your_choice == "Argue."


def test_session_best_path_of_the_late_review_succeeds():
    session = kt.load_scenario("late_quarterly_review").play(learner="ania")
    while not session.finished:  # always the reply that builds the most trust
        best = session.node.choices[session.node.best_index]
        session.choose(session.choices.index(best))
    debrief = session.debrief()
    assert debrief.outcome.result == "success"
    assert debrief.mistakes == ()


def test_session_late_path_collects_mistake_one_twice():
    session = kt.roleplay.Session("late_quarterly_review", learner="ania")
    # The late paths: emails first, stay silent, a long excuse, then quote the 96%.
    while not session.finished:
        tags = [c.tag for c in session.choices]
        session.choose(tags.index("late") if "late" in tags else tags.index("arguing"))
    debrief = session.debrief()
    assert debrief.outcome.result == "failure"
    assert [m.tag for m in debrief.mistakes].count("late") >= 2
    assert 1 in debrief.article_mistakes


def test_trust_is_clamped_to_0_and_100():
    data = minimal_scenario()
    data["start_trust"] = 95
    session = kt.roleplay.Scenario.from_dict(data).play(shuffle=False)
    step = session.choose(0)  # 95 + 10 = 105, shown as 100
    assert (step.trust_before, step.trust_after, step.change) == (95, 100, 5)
    data["start_trust"] = 5
    session = kt.roleplay.Scenario.from_dict(data).play(shuffle=False)
    step = session.choose(1)  # 5 - 20 = -15, shown as 0
    assert (session.trust, step.change) == (0, -5)


def test_outcome_band_boundaries():
    data = minimal_scenario()
    data["start_trust"] = 45
    session = kt.roleplay.Scenario.from_dict(data).play(shuffle=False)
    session.choose(0)  # 45 + 10 = 55
    session.choose(0)  # 55 + 5 = 60: exactly min_trust 60 -> success
    assert session.outcome.title == "Won"
    data["start_trust"] = 44
    session = kt.roleplay.Scenario.from_dict(data).play(shuffle=False)
    session.choose(0)
    session.choose(0)  # 44 + 15 = 59 -> failure
    assert session.outcome.title == "Lost"


def test_debrief_before_the_end_and_restart():
    session = kt.roleplay.Session("champion_leaves", learner="ania")
    assert session.debrief().outcome is None
    session.choose(pick(session, "complacency"))
    debrief = session.debrief()
    assert (debrief.finished, debrief.outcome) == (False, None)
    assert [m.tag for m in debrief.mistakes] == ["complacency"]
    session.start()
    assert (session.trust, session.history, session.node_id) == (60, [], "news")


def test_choose_rejects_bad_indexes():
    session = kt.roleplay.Session("board_dinner")
    with pytest.raises(kt.ParameterError, match=r"between 0 and 2 .*but 3 was passed"):
        session.choose(3)
    with pytest.raises(kt.ParameterError, match=r"but -1 was passed"):
        session.choose(-1)
    with pytest.raises(kt.WrongTypeError, match=r"`index` must be the whole number.*'A'"):
        session.choose("A")
    with pytest.raises(kt.WrongTypeError, match=r"but True was passed"):
        session.choose(True)
    assert session.history == []  # nothing was recorded
    step = session.choose(np.int64(1))  # a numpy whole number is fine
    assert (
        step.index == 1
        and step.choice
        == session.scenario.nodes[step.node_id].choices[session.order_of(step.node_id)[1]]
    )
    session.start()
    for _ in range(4):
        session.choose(0)
    with pytest.raises(
        kt.ParameterError, match=r"`index`=0 cannot be chosen: the scenario has ended"
    ):
        session.choose(0)


@given(st.sampled_from(SCENARIO_IDS), st.lists(st.integers(0, 2), min_size=10, max_size=10))
def test_any_play_through_keeps_trust_in_range_and_ends(scenario_id, picks):
    session = kt.roleplay.Session(scenario_id)
    n_nodes = len(session.scenario.nodes)
    for pick in picks:
        if session.finished:
            break
        step = session.choose(pick % len(session.choices))
        assert TRUST_MIN <= session.trust <= TRUST_MAX
        expected = min(TRUST_MAX, max(TRUST_MIN, step.trust_before + step.choice.trust))
        assert step.trust_after == expected
    assert session.finished
    assert len(session.history) < n_nodes
    debrief = session.debrief()
    assert len(debrief.mistakes) + len(debrief.good_practices) == len(session.history)
    assert debrief.final_trust == session.scenario.start_trust + sum(
        s.change for s in session.history
    )


# ------------------------------------------------------------------------------ loading
def test_load_scenario_unknown_id_lists_the_ids():
    with pytest.raises(
        kt.ParameterError, match=r"one of \[.*'price_complaint'.*but 'pricing' was passed"
    ):
        kt.load_scenario("pricing")
    with pytest.raises(kt.WrongTypeError, match=r"`scenario` must be a file path .* but 42"):
        kt.load_scenario(42)


def test_load_scenario_from_a_file_and_a_scenario_object(tmp_path):
    import yaml

    path = tmp_path / "tiny.yml"
    path.write_text(yaml.safe_dump(minimal_scenario()), encoding="utf-8")
    scenario = kt.load_scenario(path)
    assert scenario.id == "tiny"
    assert kt.load_scenario(str(path)).title == "Tiny"
    assert kt.load_scenario(scenario) is scenario
    assert scenario.mistakes == ("arguing", "interrupting")


def test_bad_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(kt.DataError, match=r"broken\.yml: the YAML is not valid at line 3"):
        kt.load_scenario(path)
    with pytest.raises(kt.DataError, match=r"missing\.yml' does not exist"):
        kt.load_scenario(tmp_path / "missing.yml")
    latin = tmp_path / "latin.yml"
    latin.write_bytes("title: Zielińska".encode("cp1250"))
    with pytest.raises(kt.DataError, match=r"latin\.yml: the file is not UTF-8 text"):
        kt.load_scenario(latin)
    empty = tmp_path / "empty.yml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(kt.DataError, match=r"empty\.yml must be a mapping of fields .* but None"):
        kt.load_scenario(empty)


def _mutate(change) -> dict:
    data = copy.deepcopy(minimal_scenario())
    change(data)
    return data


def _set(path: list, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


_DELETE = object()
_C0 = ["nodes", "first", "choices", 0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set(["title"], _DELETE), r"test\.yml: title is missing; it is required"),
        (_set(["title"], "  "), r"test\.yml: title must be non-empty text, but '  ' was found"),
        (_set(["id"], "Tiny Case"), r"id must be an id made of lower-case letters.*'Tiny Case'"),
        (
            _set(["start_trust"], 120),
            r"start_trust must be a whole number between 0 and 100, but 120",
        ),
        (_set(["start"], "begin"), r"start is 'begin', which is not a node"),
        (
            _set(["start"], ["first"]),
            r"start must be an id made of lower-case letters.*\['first'\]",
        ),
        (_set(["start"], "end"), r"start is 'end', an ending"),
        (_set([*_C0, "feeback"], "x"), r"nodes\.first\.choices\[0\]\.feeback is not a known field"),
        (
            _set([*_C0, "trust"], "+5 points"),
            r"nodes\.first\.choices\[0\]\.trust must be a whole number between -50 and 50, but '\+5 points'",
        ),
        (
            _set([*_C0, "trust"], 60),
            r"choices\[0\]\.trust must be a whole number between -50 and 50, but 60",
        ),
        (
            _set([*_C0, "tag"], "rude"),
            r"choices\[0\]\.tag must be a tag of the vocabulary .* but 'rude' was found",
        ),
        (
            _set([*_C0, "next"], "secnod"),
            r"choices\[0\]\.next is 'secnod', which is not a node of this scenario",
        ),
        (_set([*_C0, "reaction"], _DELETE), r"choices\[0\]\.reaction is missing"),
        (
            _set(["nodes", "first", "choices"], []),
            r"nodes\.first\.choices must have at least 2 entries, but it has 0",
        ),
        (
            _set(["nodes", "orphan"], {"ending": {"result": "success", "title": "x", "text": "y"}}),
            r"nodes\.orphan can never be reached from the start node 'first'",
        ),
        (
            _set(["nodes", "end", "ending", 1, "min_trust"], 10),
            r"ending\[1\]\.min_trust must be 0 for the last outcome, .* but 10",
        ),
        (
            _set(["nodes", "end", "ending", 1, "min_trust"], 60),
            r"ending\[1\]\.min_trust must be lower than the one before it",
        ),
        (
            _set(["nodes", "end", "ending", 0, "result"], "win"),
            r"ending\[0\]\.result must be one of \['success', 'partial', 'failure'\], but 'win'",
        ),
        (
            _set(
                ["nodes", "second", "ending"],
                [{"min_trust": 0, "result": "success", "title": "x", "text": "y"}],
            ),
            r"nodes\.second has both `choices` and `ending`",
        ),
        (
            _set(["nodes", "second", "choices"], _DELETE),
            r"nodes\.second needs `choices` \(a decision\) or `ending`",
        ),
        (_set(["client"], {"company": "X"}), r"client\.person is missing"),
    ],
)
def test_scenario_validation_names_the_field(change, message):
    with pytest.raises(kt.DataError, match=message):
        kt.roleplay.Scenario.from_dict(_mutate(change), source="test.yml")


def _choice(tag: str, nxt: str) -> dict:
    return {"text": "t", "trust": 0, "reaction": "r", "feedback": "f", "tag": tag, "next": nxt}


def test_loops_need_an_exit():
    data = minimal_scenario()
    # "second" may go back to "first", which can still go on to the end: allowed.
    data["nodes"]["second"]["choices"][1]["next"] = "first"
    assert kt.roleplay.Scenario.from_dict(data).start_node == "first"
    # "b" and "c" only lead to each other: once there, the story can never end.
    data = minimal_scenario()
    data["nodes"]["first"]["choices"][1]["next"] = "b"
    data["nodes"]["b"] = {
        "situation": "s",
        "choices": [_choice("late", "c"), _choice("punctuality", "c")],
    }
    data["nodes"]["c"] = {
        "situation": "s",
        "choices": [_choice("late", "b"), _choice("punctuality", "b")],
    }
    with pytest.raises(
        kt.DataError, match=r"loop\.yml: nodes\.b can never lead to an ending.*\['b', 'c'\]"
    ):
        kt.roleplay.Scenario.from_dict(data, source="loop.yml")


def test_vocabulary_file_rules():
    from kamtools.learning.roleplay import _parse_vocabulary

    good = {"label": "L", "explanation": "E"}
    mistakes = {
        tag: {"label": tag, "article": i, "explanation": "E", "instead": "I"}
        for i, tag in enumerate(kt.ARTICLE_MISTAKES, start=1)
    }
    assert len(_parse_vocabulary({"mistakes": mistakes, "good_practices": {"ok": good}}, "v")) == 8
    broken = copy.deepcopy(mistakes)
    del broken["interrupting"]
    with pytest.raises(
        kt.DataError, match=r"v: mistakes\.interrupting is missing: it is mistake 3"
    ):
        _parse_vocabulary({"mistakes": broken, "good_practices": {}}, "v")
    broken = copy.deepcopy(mistakes)
    broken["late"]["article"] = 2
    with pytest.raises(kt.DataError, match=r"mistakes\.late\.article must be 1 .* but 2 was found"):
        _parse_vocabulary({"mistakes": broken, "good_practices": {}}, "v")
    with pytest.raises(kt.DataError, match=r"good_practices\.late is already a mistake"):
        _parse_vocabulary({"mistakes": mistakes, "good_practices": {"late": good}}, "v")


def test_shipped_files_are_utf8_and_parse_with_safe_load():
    import yaml

    for path in Path(ROLEPLAY_DIR).glob("*.yml"):
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path.name


# ------------------------------------------------------------------------------ order shown
def test_replies_are_shuffled_per_learner_and_per_decision_but_stable(monkeypatch):
    monkeypatch.delenv("KAMTOOLS_ROOM_SEED", raising=False)
    orders = {
        learner: {
            (sid, node_id): kt.roleplay.Session(sid, learner=learner).order_of(node_id)
            for sid in SCENARIO_IDS
            for node_id, node in kt.load_scenario(sid).nodes.items()
            if not node.is_ending
        }
        for learner in ("ania", "bartek")
    }
    ania = orders["ania"]
    # Reloading (a new session for the same learner) shows the same order everywhere.
    again = {key: kt.roleplay.Session(key[0], learner="ania").order_of(key[1]) for key in ania}
    assert again == ania
    for key, order in ania.items():
        assert sorted(order) == list(range(len(order))), key
    # The order is not the file's order everywhere, differs between decisions and learners.
    assert any(order != tuple(sorted(order)) for order in ania.values())
    assert len(set(ania.values())) > 1
    assert sum(ania[k] != orders["bartek"][k] for k in ania) >= len(ania) // 3


def test_choices_follow_the_order_shown_and_choose_means_the_ith_shown():
    session = kt.roleplay.Session("price_complaint", learner="ania")
    node = session.node
    assert session.choices == tuple(node.choices[i] for i in session.order)
    for shown in range(len(session.choices)):
        session.start()
        step = session.choose(shown)
        assert step.index == shown
        assert step.choice is node.choices[session.order_of(node.id)[shown]]
        assert step.position == session.order_of(node.id)[shown]


def test_a_room_seed_gives_everyone_the_same_screen(monkeypatch):
    monkeypatch.delenv("KAMTOOLS_ROOM_SEED", raising=False)
    rooms = [
        kt.roleplay.Session("board_dinner", learner=name, seed="room-3")
        for name in ("ania", "bartek", "celina")
    ]
    nodes = [n for n, node in rooms[0].scenario.nodes.items() if not node.is_ending]
    for node_id in nodes:
        assert len({s.order_of(node_id) for s in rooms}) == 1
    # The environment variable does the same for every session of the kernel.
    monkeypatch.setenv("KAMTOOLS_ROOM_SEED", "room-3")
    for name in ("dorota", "emil"):
        session = kt.roleplay.Session("board_dinner", learner=name)
        assert session.seed == "room-3"
        assert [session.order_of(n) for n in nodes] == [rooms[0].order_of(n) for n in nodes]
    # An explicit seed wins over the environment variable.
    other = kt.roleplay.Session("board_dinner", learner="ania", seed="room-4")
    assert other.seed == "room-4"
    # Different rooms see different screens somewhere.
    seeds = {
        tuple(
            kt.roleplay.Session(sid, seed=f"room-{r}").order_of(n)
            for sid in SCENARIO_IDS
            for n, node in kt.load_scenario(sid).nodes.items()
            if not node.is_ending
        )
        for r in range(4)
    }
    assert len(seeds) == 4


def test_shuffle_false_keeps_the_file_order_and_bad_options_are_refused():
    session = kt.roleplay.Session("price_complaint", shuffle=False)
    assert session.choices == session.node.choices
    with pytest.raises(kt.WrongTypeError, match=r"`shuffle` must be True or False.*'no'"):
        kt.roleplay.Session("price_complaint", shuffle="no")
    with pytest.raises(kt.WrongTypeError, match=r"`seed` must be text or a whole number"):
        kt.roleplay.Session("price_complaint", seed=1.5)
    with pytest.raises(kt.ParameterError, match=r"`seed` must be non-empty text"):
        kt.roleplay.Session("price_complaint", seed="  ")
    with pytest.raises(kt.ParameterError, match=r"`learner` must be a non-empty name"):
        kt.roleplay.Session("price_complaint", learner="")


def test_the_default_learner_is_the_one_the_progress_store_records(monkeypatch, tmp_path):
    from kamtools.progress import ProgressStore

    monkeypatch.delenv("KAMTOOLS_ROOM_SEED", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-ania")
    session = kt.roleplay.Session("price_complaint")
    assert session.learner == "hub-ania" == ProgressStore(tmp_path / "p.sqlite3").learner
    assert session.order == kt.roleplay.Session("price_complaint", learner="hub-ania").order
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-bartek")
    others = [
        kt.roleplay.Session(sid).order_of(kt.load_scenario(sid).start_node) for sid in SCENARIO_IDS
    ]
    mine = [
        kt.roleplay.Session(sid, learner="hub-ania").order_of(kt.load_scenario(sid).start_node)
        for sid in SCENARIO_IDS
    ]
    assert others != mine


# ------------------------------------------------------------------------------ own words
def test_every_decision_has_a_rubric_and_the_default_comes_from_the_tags():
    for sid in SCENARIO_IDS:
        for node in kt.load_scenario(sid).nodes.values():
            if node.is_ending:
                assert node.rubric == ()
                continue
            assert 1 <= len(node.rubric) <= 5, (sid, node.id)
            if node.rubric_is_default:
                assert node.rubric == kt.roleplay.default_rubric(node.choices)
    node = kt.load_scenario("price_complaint").nodes["opening"]
    vocab = kt.roleplay_vocabulary()
    best = node.choices[node.best_index]
    rubric = kt.roleplay.default_rubric(node.choices)
    assert rubric[0] == f"{vocab.loc[best.tag, 'label']}: {vocab.loc[best.tag, 'explanation']}"
    worst = min((c for c in node.choices if c.is_mistake), key=lambda c: c.trust)
    assert vocab.loc[worst.tag, "instead"] in rubric[1]
    assert len(rubric) == 3


def test_a_rubric_in_the_file_is_used_and_checked():
    data = minimal_scenario()
    data["nodes"]["first"]["rubric"] = ["You let Ann finish.", "You asked one question."]
    node = kt.roleplay.Scenario.from_dict(data).nodes["first"]
    assert node.rubric == ("You let Ann finish.", "You asked one question.")
    assert not node.rubric_is_default
    for bad, message in (
        ([], r"nodes\.first\.rubric must have at least 1 entries"),
        (["a"] * 6, r"nodes\.first\.rubric must have at most 5 entries"),
        (["ok", ""], r"nodes\.first\.rubric\[1\] must be non-empty text"),
    ):
        data["nodes"]["first"]["rubric"] = bad
        with pytest.raises(kt.DataError, match=message):
            kt.roleplay.Scenario.from_dict(data)
    data = minimal_scenario()
    data["nodes"]["end"]["rubric"] = ["x"]
    with pytest.raises(kt.DataError, match=r"nodes\.end\.rubric is only for decision nodes"):
        kt.roleplay.Scenario.from_dict(data)


def test_write_then_rate_stores_a_reflection(tmp_path):
    from kamtools.progress import ProgressStore

    store = ProgressStore(tmp_path / "p.sqlite3", learner="ania")
    session = kt.roleplay.Session("price_complaint", learner="ania", recorder=store.record)
    text = "I hear three things: the price, the quote and the deliveries. Which hurts most?"
    rubric = session.write("  " + text + " ")
    assert rubric == session.node.rubric
    assert session.draft == text
    ticks = [True] + [False] * (len(rubric) - 1)
    reflection = session.rate(ticks)
    assert (reflection.scenario_id, reflection.node_id, reflection.text) == (
        "price_complaint",
        "opening",
        text,
    )
    assert reflection.score == 1 and reflection.ticked == tuple(ticks)
    assert session.reflections == [reflection]
    assert session.draft is None
    events = store.events()
    assert set(events["module"]) == {"roleplay"}
    assert set(events["question"]) == {"price_complaint.opening"}
    attempt = events[events["event"] == "attempt"]
    assert attempt["outcome"].tolist() == ["correct"]
    import json

    detail = json.loads(attempt["detail"].iloc[0])
    assert detail == {"text": text, "score": 1, "of": len(rubric), "ticked": ticks}
    rubric_events = [json.loads(d) for d in events.loc[events["event"] == "rubric", "detail"]]
    assert rubric_events == [{"item": i, "ticked": t} for i, t in enumerate(ticks, start=1)]
    # Writing does not move the story; choosing still works and clears any draft.
    assert session.node_id == "opening"
    session.write("Let me check the delivery log with you.")
    session.choose(0)
    assert session.draft is None


def test_write_and_rate_refuse_bad_input():
    session = kt.roleplay.Session("price_complaint", recorder=lambda *a, **k: None)
    with pytest.raises(kt.ParameterError, match=r"write your reply first"):
        session.rate([True, True, True])
    with pytest.raises(kt.ParameterError, match=r"at least 15 characters.*but 2 were written"):
        session.write(" ok ")
    with pytest.raises(kt.WrongTypeError, match=r"`text` must be what you would say"):
        session.write(42)
    n = len(session.write("I would let her finish first."))
    with pytest.raises(kt.ParameterError, match=rf"`ticked` must have {n} entries"):
        session.rate([True])
    with pytest.raises(kt.WrongTypeError, match=r"`ticked\[0\]` must be True or False"):
        session.rate(["yes"] * n)
    with pytest.raises(kt.WrongTypeError, match=r"`ticked` must be a list of True/False"):
        session.rate("yes")
    assert session.reflections == []


def test_a_broken_recorder_never_breaks_the_role_play():
    def broken(*args, **kwargs):
        raise OSError("disk full")

    session = kt.roleplay.Session("price_complaint", recorder=broken)
    session.write("Which of these hurts you the most?")
    reflection = session.rate([False] * len(session.node.rubric))
    assert session.reflections == [reflection]
