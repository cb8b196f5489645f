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
def play():
    w = RolePlay("price_complaint")
    yield w
    w.close()


def test_start_screen(play):
    assert "The price complaint where arguing is tempting" in text(play.header_html)
    assert "Ewa Zielińska, Procurement Manager" in text(play.header_html)
    assert play.trust_bar.value == 55
    assert "55/100 · cautious" in text(play.trust_html)
    assert "Your prices went up 6% in January" in text(play.situation_html)
    labels = [b.description for b in play.choice_buttons]
    assert len(labels) == 3
    assert labels[0].startswith("A. Let her finish.")
    assert labels[1].startswith("B. Correct her at once")
    assert play.feedback_html.value == "" and play.debrief_html.value == ""
    assert play.scenario_picker is None


def test_a_good_choice_raises_trust_and_says_why(play):
    play.choice_buttons[0].click()
    assert play.trust_bar.value == 65  # 55 + 10
    assert "65/100 · good" in text(play.trust_html)
    assert "▲ +10" in text(play.trust_html)
    assert "✔ Good practice: Listening to understand" in text(play.feedback_html)
    assert "found the real pain" in text(play.feedback_html)
    assert "When film is late, a whole" in text(play.reaction_html)
    # The next decision is on screen.
    assert "Ewa hands you the competitor's quote" in text(play.situation_html)


def test_a_mistake_lowers_trust_and_names_the_mistake(play):
    play.choice_buttons[1].click()
    assert play.trust_bar.value == 40  # 55 - 15
    assert "▼ -15" in text(play.trust_html)
    feedback = text(play.feedback_html)
    assert "✘ Mistake: Arguing with the client (mistake 2 of the 7 in the article)" in feedback
    assert "So now I can't count either?" in text(play.reaction_html)


def test_bar_colour_follows_trust_with_words_too(play):
    assert play.trust_bar.style.bar_color == "#E69F00"  # 55: cautious, orange
    play.choice_buttons[0].click()
    assert play.trust_bar.style.bar_color == "#009E73"  # 65: good, green
    play.restart_button.click()
    play.choice_buttons[1].click()  # 40
    play.choice_buttons[1].click()  # 30
    assert play.trust_bar.style.bar_color == "#D55E00"
    assert "30/100 · low" in text(play.trust_html)


def test_playing_to_the_end_shows_the_debrief(play):
    for index in (0, 1, 0):  # listen, "once, not three times", prepared trade
        play.choice_buttons[index].click()
    assert play.session.finished
    assert play.choice_buttons == []
    assert "Still on the shortlist" in text(play.situation_html)
    debrief = text(play.debrief_html)
    assert "Debrief" in debrief
    assert "Trust: 55 at the start, 65 at the end (good)." in debrief
    assert "Mistakes you made (1)" in debrief
    assert "Arguing with the client" in debrief
    assert "What to do instead" in debrief
    assert "Let the client finish, acknowledge how they feel" in debrief
    assert "Good practices you showed (2)" in debrief
    assert "Negotiating from preparation" in debrief


def test_restart_button_starts_again(play):
    play.choice_buttons[1].click()
    play.choice_buttons[0].click()
    play.restart_button.click()
    assert play.trust_bar.value == 55
    assert play.session.history == []
    assert play.feedback_html.value == "" and play.reaction_html.value == ""
    assert len(play.choice_buttons) == 3
    assert "Your prices went up 6%" in text(play.situation_html)


def test_old_buttons_are_closed_after_a_choice(play):
    old = play.choice_buttons
    play.choice_buttons[0].click()
    assert all(b.comm is None for b in old)
    assert all(b.comm is not None for b in play.choice_buttons)


def test_a_perfect_run_has_no_mistakes():
    w = RolePlay("technical_buyer")
    for _ in range(3):
        w.choice_buttons[0].click()
    assert "No mistakes. Well done!" in text(w.debrief_html)
    assert "✔" in text(w.situation_html) and "Specified into the design" in text(w.situation_html)
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
    w = RolePlay()
    assert w.scenario_picker is not None
    assert w.scenario_picker.value == SCENARIO_IDS[0]
    w.choice_buttons[0].click()
    w.scenario_picker.value = "champion_leaves"
    assert "The champion who leaves" in text(w.header_html)
    assert w.trust_bar.value == 60 and w.session.history == []
    assert w.feedback_html.value == ""
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
    w = RolePlay("board_dinner")
    step = w.choose(0)
    assert step.choice.tag == "etiquette" and w.trust_bar.value == 70
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
