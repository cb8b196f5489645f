"""The role-plays stay on the right side of Polish business law (issue 12, part 2).

- Payment terms: no reply that builds trust agrees to more than 60 days (the ceiling when a
  large company buys from a micro, small or medium-sized one, ustawa z 8 marca 2013 r.,
  art. 7 ust. 2a), and the working-capital figures in the feedback are revenue × days / 365.
- Gifts and bribery: every reply that trades a personal favour for business costs trust,
  never reaches a success ending, and the endings after it cite Kodeks karny art. 296a.
- Tenders: an ending that sends the account to a tender says what to do before, during and
  after it, and a tender alone is never the title of a failure.
"""

from __future__ import annotations

import re

import pytest
from test_roleplay import SCENARIO_IDS, all_paths

import kamtools as kt

DAYS = re.compile(r"\b(\d{2,3})[- ]day")


def _choices(scenario_id: str):
    scenario = kt.load_scenario(scenario_id)
    return [(node, c) for node in scenario.nodes.values() for c in node.choices]


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_no_reply_that_builds_trust_agrees_to_more_than_60_days(scenario_id):
    for node, choice in _choices(scenario_id):
        if choice.trust > 0:
            for days in DAYS.findall(choice.text.replace("days", "day")):
                assert int(days) <= 60, (scenario_id, node.id, choice.text)


def test_renewal_terms_reward_the_lawful_trade_and_explain_the_law():
    node = kt.load_scenario("renewal_unprepared").nodes["terms"]
    best = node.choices[node.best_index]
    assert "60 days" in best.text and "consignment" in best.text
    for choice in node.choices:
        if re.search(r"\b(75|90) days", choice.text) and "Ask" not in choice.text:
            assert choice.is_mistake and choice.tag == "unlawful_terms", choice.text
            assert "art. 7 ust. 2a" in choice.feedback


def test_working_capital_figures_are_revenue_times_days_over_365():
    # "2.4 million × 30 / 365 ≈ 197,000 euros": checked by hand and here.
    pattern = re.compile(r"([\d.]+) million × (\d+) / 365 ≈ ([\d,]+)")
    found = 0
    for sid in SCENARIO_IDS:
        for _, choice in _choices(sid):
            for revenue, days, stated in pattern.findall(choice.feedback):
                found += 1
                exact = float(revenue) * 1e6 * int(days) / 365
                assert abs(exact - int(stated.replace(",", ""))) <= 1000, (revenue, days, stated)
    assert found >= 2
    assert round(2.4e6 * 30 / 365) == 197_260 and round(2.4e6 * 15 / 365) == 98_630


def test_a_favour_for_business_never_succeeds_and_its_endings_cite_the_law():
    scenario = kt.load_scenario("board_dinner")
    favours = [c for _, c in _choices("board_dinner") if c.tag == "improper_benefit"]
    assert len(favours) >= 3
    assert all(c.trust <= -15 for c in favours)
    assert all("296a" in c.feedback for c in favours)
    reached = set()
    for made, _, ending in all_paths(scenario):
        if any(c.tag == "improper_benefit" for c in made):
            assert ending.result != "success", [c.text for c in made]
            assert "296a" in ending.text and "228-229" in ending.text
            reached.add(ending.title)
    assert len(reached) == 2  # taken back and reported (partial), or left open (failure)
    # The best reply to the hint declines and offers business hospitality instead.
    node = scenario.nodes["favour"]
    best = node.choices[node.best_index]
    assert best.tag == "integrity" and "R&D team" in best.text
    assert sum(c.tag == "integrity" for c in node.choices) >= 2  # two defensible replies


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_tender_endings_say_what_to_do_before_during_and_after(scenario_id):
    scenario = kt.load_scenario(scenario_id)
    for node in scenario.nodes.values():
        for ending in node.endings:
            if "tender" in ending.title.lower():
                assert ending.result != "failure", ending.title
            if re.search(r"\b(tender|request for quotation)\b", ending.text):
                for word in ("Before", "During", "After"):
                    assert word in ending.text, (scenario_id, ending.title, word)
