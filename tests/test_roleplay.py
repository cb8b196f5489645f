"""Role-play logic: the vocabulary, every shipped scenario, the graph rules, sessions, debriefs."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.roleplay import ROLEPLAY_DIR, TRUST_MAX, TRUST_MIN, Choice, Ending

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
def test_session_hand_played_price_complaint():
    session = kt.roleplay.Session("price_complaint")
    assert (session.trust, session.node_id, session.finished) == (55, "opening", False)
    session.choose(0)  # listen and sum up: 55 + 10 = 65
    session.choose(1)  # "It was once, not three times": 65 - 10 = 55
    session.choose(0)  # a prepared trade: 55 + 10 = 65
    assert session.trust == 65
    assert session.finished
    assert session.choices == ()
    debrief = session.debrief()
    # 65 is below the success band (75) and above the failure band (< 40): partial.
    assert debrief.outcome.result == "partial"
    assert debrief.outcome.title == "Still on the shortlist"
    assert (debrief.start_trust, debrief.final_trust, debrief.trust_word) == (55, 65, "good")
    assert [m.tag for m in debrief.mistakes] == ["arguing"]
    assert debrief.mistakes[0].label == "Arguing with the client"
    assert debrief.mistakes[0].instead.startswith("Let the client finish")
    assert "once, not three times" in debrief.mistakes[0].your_choice
    assert debrief.mistakes[0].trust_change == -10
    assert [g.tag for g in debrief.good_practices] == ["active_listening", "prepared_negotiation"]
    assert debrief.article_mistakes == (2,)


def test_session_best_path_of_the_late_review_succeeds():
    session = kt.load_scenario("late_quarterly_review").play()
    for index in (0, 0, 0):  # leave early, ask Piotr, acknowledge: 60 + 5 + 10 + 10 = 85
        session.choose(index)
    debrief = session.debrief()
    assert debrief.final_trust == 85
    assert debrief.outcome.result == "success"
    assert debrief.mistakes == ()


def test_session_late_path_collects_mistake_one_twice():
    session = kt.roleplay.Session("late_quarterly_review")
    # Emails first (0), stay silent (-15), long excuse (-5), quote the 96% (-10):
    # 60 + 0 - 15 - 5 - 10 = 30.
    for index in (1, 1, 1, 1):
        session.choose(index)
    debrief = session.debrief()
    assert debrief.final_trust == 30
    assert debrief.outcome.result == "failure"
    assert [m.tag for m in debrief.mistakes] == ["late", "late", "late", "arguing"]
    assert debrief.article_mistakes == (1, 2)


def test_trust_is_clamped_to_0_and_100():
    data = minimal_scenario()
    data["start_trust"] = 95
    session = kt.roleplay.Scenario.from_dict(data).play()
    step = session.choose(0)  # 95 + 10 = 105, shown as 100
    assert (step.trust_before, step.trust_after, step.change) == (95, 100, 5)
    data["start_trust"] = 5
    session = kt.roleplay.Scenario.from_dict(data).play()
    step = session.choose(1)  # 5 - 20 = -15, shown as 0
    assert (session.trust, step.change) == (0, -5)


def test_outcome_band_boundaries():
    data = minimal_scenario()
    data["start_trust"] = 45
    session = kt.roleplay.Scenario.from_dict(data).play()
    session.choose(0)  # 45 + 10 = 55
    session.choose(0)  # 55 + 5 = 60: exactly min_trust 60 -> success
    assert session.outcome.title == "Won"
    data["start_trust"] = 44
    session = kt.roleplay.Scenario.from_dict(data).play()
    session.choose(0)
    session.choose(0)  # 44 + 15 = 59 -> failure
    assert session.outcome.title == "Lost"


def test_debrief_before_the_end_and_restart():
    session = kt.roleplay.Session("champion_leaves")
    assert session.debrief().outcome is None
    session.choose(2)
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
    assert session.choose(np.int64(1)).index == 1  # a numpy whole number is fine
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
    from kamtools.roleplay import _parse_vocabulary

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
