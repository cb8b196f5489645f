"""RolePlay widget, driven headless as a learner would: click the choices, read the screen."""

from __future__ import annotations

import copy
import html
import re

import pytest
from test_roleplay import SCENARIO_IDS, all_paths, minimal_scenario

import kamtools as kt
from kamtools.widgets.roleplay import RolePlay


def text(widget) -> str:
    """The text a learner reads in an HTML widget: tags removed, entities decoded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", widget.value))).strip()


@pytest.fixture
def play(monkeypatch):
    monkeypatch.delenv("KAMTOOLS_ROOM_SEED", raising=False)
    w = RolePlay("price_complaint", learner="ania", recorder=lambda *a, **k: None)
    yield w
    w.close()


def click_tag(w: RolePlay, tag: str):
    """Click the button of the first reply shown with ``tag``; return that reply."""
    tags = [c.tag for c in w.session.choices]
    assert tag in tags, f"{w.scenario.id}/{w.session.node_id}: no reply tagged {tag!r}"
    choice = w.session.choices[tags.index(tag)]
    w.choice_buttons[tags.index(tag)].click()
    return choice


def test_start_screen(play):
    assert "The price complaint where arguing is tempting" in text(play.header_html)
    assert "Ewa Zielińska, Procurement Manager" in text(play.header_html)
    assert play.trust_bar.value == 55
    assert "55/100 · cautious" in text(play.trust_html)
    assert play.session.node.client_says[:30] in text(play.situation_html)
    labels = [b.description for b in play.choice_buttons]
    assert len(labels) == 3
    # The buttons show the replies in the learner's order, lettered A, B, C.
    assert labels == [f"{'ABC'[i]}. {c.text}" for i, c in enumerate(play.session.choices)]
    assert play.feedback_html.value == "" and play.debrief_html.value == ""
    assert play.scenario_picker is None
    assert play.own_words_toggle.value is False
    assert play.own_words_box.layout.display == "none"


def test_the_buttons_follow_the_order_of_the_learner_or_the_room(monkeypatch):
    monkeypatch.delenv("KAMTOOLS_ROOM_SEED", raising=False)
    screens = {}
    for learner in ("ania", "bartek", "celina", "dorota"):
        w = RolePlay("price_complaint", learner=learner)
        screens[learner] = [b.description[3:] for b in w.choice_buttons]
        w.close()
        again = RolePlay("price_complaint", learner=learner)  # reloading: the same screen
        assert [b.description[3:] for b in again.choice_buttons] == screens[learner]
        again.close()
    assert len({tuple(v) for v in screens.values()}) > 1
    room = []
    for learner in ("ania", "bartek", "celina", "dorota"):
        w = RolePlay("price_complaint", learner=learner, seed="room-3")
        room.append([b.description for b in w.choice_buttons])
        w.close()
    assert all(r == room[0] for r in room)
    monkeypatch.setenv("KAMTOOLS_ROOM_SEED", "room-3")
    w = RolePlay("price_complaint", learner="emil")
    assert [b.description for b in w.choice_buttons] == room[0]
    w.close()


def test_a_good_choice_raises_trust_and_says_why(play):
    choice = click_tag(play, "active_listening")
    trust = 55 + choice.trust
    assert choice.trust > 0 and play.trust_bar.value == trust
    assert f"{trust}/100 · {kt.trust_word(trust)}" in text(play.trust_html)
    assert f"▲ +{choice.trust}" in text(play.trust_html)
    assert "✔ Good practice: Listening to understand" in text(play.feedback_html)
    assert text(play.feedback_html).endswith(" ".join(choice.feedback.split()))
    assert " ".join(choice.reaction.split()) in text(play.reaction_html)
    # The next decision is on screen.
    assert play.session.node.situation[:40] in text(play.situation_html)
    assert play.session.node_id == choice.next


def test_a_mistake_lowers_trust_and_names_the_mistake(play):
    choice = click_tag(play, "arguing")
    assert choice.trust < 0 and play.trust_bar.value == 55 + choice.trust
    assert f"▼ {choice.trust}" in text(play.trust_html)
    feedback = text(play.feedback_html)
    assert "✘ Mistake: Arguing with the client (mistake 2 of the 7 in the article)" in feedback
    assert " ".join(choice.reaction.split()) in text(play.reaction_html)


def test_bar_colour_follows_trust_with_words_too():
    data = minimal_scenario()
    w = RolePlay(kt.roleplay.Scenario.from_dict(data), learner="ania")
    assert w.trust_bar.style.bar_color == "#E69F00"  # 50: cautious, orange
    click_tag(w, "active_listening")
    assert w.trust_bar.style.bar_color == "#009E73"  # 60: good, green
    w.restart_button.click()
    click_tag(w, "interrupting")  # 30
    assert w.trust_bar.style.bar_color == "#D55E00"
    assert "30/100 · low" in text(w.trust_html)
    w.close()


def test_playing_to_the_end_shows_the_debrief(play):
    made = [click_tag(play, tag) for tag in ("active_listening", "arguing", "prepared_negotiation")]
    final = min(100, max(0, 55 + sum(c.trust for c in made)))
    assert play.session.finished
    assert play.choice_buttons == []
    outcome = play.session.outcome
    assert outcome.title in text(play.situation_html)
    debrief = text(play.debrief_html)
    assert "Debrief" in debrief
    assert f"Trust: 55 at the start, {final} at the end ({kt.trust_word(final)})." in debrief
    assert "Mistakes you made (1)" in debrief
    assert "Arguing with the client" in debrief
    assert " ".join(made[1].text.split()) in debrief
    assert "What to do instead" in debrief
    assert "Let the client finish, acknowledge how they feel" in debrief
    assert "Good practices you showed (2)" in debrief
    assert "Negotiating from preparation" in debrief


def test_restart_button_starts_again(play):
    first = [b.description for b in play.choice_buttons]
    play.choice_buttons[1].click()
    play.choice_buttons[0].click()
    play.restart_button.click()
    assert play.trust_bar.value == 55
    assert play.session.history == []
    assert play.feedback_html.value == "" and play.reaction_html.value == ""
    assert [b.description for b in play.choice_buttons] == first
    assert play.session.node.client_says[:30] in text(play.situation_html)


def test_old_buttons_are_closed_after_a_choice(play):
    old = play.choice_buttons
    play.choice_buttons[0].click()
    assert all(b.comm is None for b in old)
    assert all(b.comm is not None for b in play.choice_buttons)


def test_a_perfect_run_has_no_mistakes():
    w = RolePlay("technical_buyer", learner="ania")
    while not w.session.finished:  # always the reply that builds the most trust
        best = w.session.node.choices[w.session.node.best_index]
        w.choice_buttons[w.session.choices.index(best)].click()
    assert "No mistakes. Well done!" in text(w.debrief_html)
    assert w.session.outcome.result == "success"
    assert "✔" in text(w.situation_html) and w.session.outcome.title in text(w.situation_html)
    w.close()


@pytest.mark.parametrize("tag", kt.ARTICLE_MISTAKES)
def test_each_article_mistake_is_named_on_screen_and_in_the_debrief(tag):
    # Find a scenario and a path through it that makes this mistake, then click it.
    for scenario_id in SCENARIO_IDS:
        scenario = kt.load_scenario(scenario_id)
        path = next((made for made, _, _ in all_paths(scenario) if made[-1].tag == tag), None)
        path = path or next(
            (made for made, _, _ in all_paths(scenario) if any(c.tag == tag for c in made)),
            None,
        )
        if path:
            break
    assert path, f"no scenario makes the mistake {tag!r}"
    label = kt.roleplay_vocabulary().loc[tag, "label"]
    w = RolePlay(scenario)
    for choice in path:
        index = w.session.choices.index(choice)
        w.choice_buttons[index].click()
        if choice.tag == tag:
            assert f"✘ Mistake: {label}" in text(w.feedback_html)
    assert w.session.finished
    assert label in text(w.debrief_html)
    assert kt.roleplay_vocabulary().loc[tag, "instead"][:40] in text(w.debrief_html)
    w.close()


def test_picker_switches_scenarios():
    w = RolePlay(seed="room-3")
    assert w.scenario_picker is not None
    assert w.scenario_picker.value == SCENARIO_IDS[0]
    w.choice_buttons[0].click()
    w.scenario_picker.value = "champion_leaves"
    assert "The champion who leaves" in text(w.header_html)
    assert w.trust_bar.value == 60 and w.session.history == []
    assert w.feedback_html.value == ""
    # The new scenario keeps the room's order.
    assert w.session.seed == "room-3"
    assert w.session.order == kt.roleplay.Session("champion_leaves", seed="room-3").order
    w.close()


def test_scenario_text_is_escaped():
    data = copy.deepcopy(minimal_scenario())
    data["title"] = "Tiny <script>alert(1)</script>"
    data["nodes"]["first"]["client_says"] = "Price & <b>terms</b>?"
    w = RolePlay(kt.roleplay.Scenario.from_dict(data))
    assert "<script>" not in w.header_html.value
    assert "Price &amp; &lt;b&gt;terms&lt;/b&gt;?" in w.situation_html.value
    assert "Price & <b>terms</b>?" in text(w.situation_html)
    w.close()


def test_choose_method_and_errors_surface():
    w = RolePlay("board_dinner", learner="ania")
    first = w.session.choices[0]
    step = w.choose(0)
    assert step.choice == first
    assert w.trust_bar.value == w.scenario.start_trust + first.trust
    with pytest.raises(kt.ParameterError, match=r"between 0 and 2"):
        w.choose(7)
    w.close()


def test_display_and_close(play):
    bundle = play._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    buttons = play.choice_buttons
    play.close()
    assert play.root.comm is None and play.trust_bar.comm is None
    assert all(b.comm is None for b in buttons)


def test_unknown_scenario_is_refused():
    with pytest.raises(
        kt.ParameterError, match=r"`scenario` must be the id of a role-play scenario.*'nope'"
    ):
        RolePlay("nope")


# ------------------------------------------------------------------ a reply in one's own words
def test_own_words_hides_the_options_until_the_reply_is_rated(tmp_path):
    from kamtools.progress import ProgressStore

    store = ProgressStore(tmp_path / "p.sqlite3", learner="ania")
    w = RolePlay("price_complaint", learner="ania", own_words=True, recorder=store.record)
    node = w.session.node
    # No option to click yet: the learner writes first.
    assert w.choice_buttons == []
    assert w.own_words_box.layout.display == "flex"
    assert "What would you say to Ewa Zielińska" in text(w.own_words_box.children[0])
    assert w.rubric_boxes == []
    # Too short: a clear message, no checklist, nothing stored.
    w.reply_area.value = "ok"
    w.reply_button.click()
    assert "at least 15 characters" in text(w.reply_status)
    assert w.rubric_boxes == [] and store.events().empty
    # A real reply: the checklist appears, one box per rubric statement, none ticked.
    reply = "Before I answer: which of these hurts you most, the price or the late deliveries?"
    w.reply_area.value = reply
    w.reply_button.click()
    assert w.rubric_items and len(w.rubric_boxes) == len(node.rubric)
    assert [html.unescape(re.sub(r"<[^>]+>", "", i)) for i in w.rubric_items] == list(node.rubric)
    assert not any(b.value for b in w.rubric_boxes)
    assert w.choice_buttons == []  # still hidden while rating
    w.rubric_boxes[0].value = True
    w.rate_button.click()
    # Saved as a reflection, and now the options are shown.
    assert "meets 1 of" in text(w.reply_status) and reply in text(w.reply_status)
    assert len(w.choice_buttons) == len(node.choices)
    assert w.own_words_box.layout.display == "none"
    events = store.events()
    assert set(events["question"]) == {"price_complaint.opening"}
    assert events["event"].tolist() == ["attempt"] + ["rubric"] * len(node.rubric)
    assert w.session.reflections[0].text == reply
    # After a choice, the next decision asks for a reply again, with an empty text box.
    w.choice_buttons[0].click()
    assert w.choice_buttons == [] and w.reply_area.value == ""
    assert w.own_words_box.layout.display == "flex"
    w.close()


def test_the_text_rated_is_the_text_on_screen_and_close_closes_all():
    w = RolePlay("price_complaint", learner="ania", own_words=True, recorder=lambda *a, **k: None)
    w.reply_area.value = "I would argue about the 6% straight away."
    w.reply_button.click()
    boxes = w.rubric_boxes
    w.reply_area.value = "Let her finish, then ask which problem hurts most."  # second thoughts
    w.rate_button.click()
    assert w.session.reflections[-1].text == "Let her finish, then ask which problem hurts most."
    assert all(b.comm is None for b in boxes)  # the checklist is gone
    w.reply_area.value = ""
    w.choice_buttons[0].click()
    w.reply_area.value = "Something long enough to count."
    w.reply_button.click()
    boxes, rate = w.rubric_boxes, w.rate_button
    w.reply_area.value = "no"  # emptied after the checklist appeared: not rated
    w.rate_button.click()
    assert "at least 15 characters" in text(w.reply_status)
    assert len(w.session.reflections) == 1
    w.close()
    assert all(b.comm is None for b in boxes) and rate.comm is None
    assert w.reply_area.comm is None and w.own_words_toggle.comm is None


def test_own_words_can_be_skipped_or_switched_off(play):
    assert len(play.choice_buttons) == 3
    play.own_words_toggle.value = True  # switched on before answering: options hidden
    assert play.choice_buttons == []
    assert play.own_words_box.layout.display == "flex"
    play.skip_button.click()
    assert len(play.choice_buttons) == 3
    assert play.session.reflections == []
    play.choice_buttons[0].click()
    assert play.choice_buttons == []
    play.own_words_toggle.value = False  # switched off: the options come back at once
    assert len(play.choice_buttons) == len(play.session.choices) >= 2
    assert play.own_words_box.layout.display == "none"
    while not play.session.finished:
        play.choice_buttons[0].click()
    play.own_words_toggle.value = True  # nothing to write once the meeting is over
    assert play.own_words_box.layout.display == "none"
    assert play.own_words_toggle.layout.display == "none"


def test_own_words_refuses_a_non_boolean():
    with pytest.raises(kt.WrongTypeError, match=r"`own_words` must be True or False"):
        RolePlay("price_complaint", own_words="yes")
