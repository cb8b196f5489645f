"""How far a learner gets in the role-plays without reading them: blind-strategy figures.

For every shipped scenario, plays :class:`kamtools.learning.roleplay.Session` to the end with three
blind strategies and prints, per strategy, the share of scenarios that reach the
``success`` ending (the outcome with the best result):

- ``first``: always the first reply shown (for several learners, since the order shown is
  shuffled per learner; also the file order, ``--file-order``, i.e. what learners saw
  before the replies were shuffled);
- ``longest``: always the longest reply (ties: the first shown);
- ``shortest``: always the shortest reply.

It also prints, over all decisions, the share where the reply that builds the most trust
(the *best* reply) is shown first (in the file order, and on average over the learners)
and where it is the strictly longest reply. ``tests/test_roleplay_blind.py`` asserts the
limits (each strategy at most a quarter of the scenarios).

Usage::

    python tools/roleplay_stats.py            # the table
    python tools/roleplay_stats.py --json     # the same figures as JSON
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

import kamtools as kt
from kamtools.learning.roleplay import Choice, Session

#: Learners whose shuffled order is tried for the "first shown" strategy.
LEARNERS = ("ania", "bartek", "celina", "dorota", "emil", "fryderyk", "gosia", "henryk")

Strategy = Callable[[Sequence[Choice]], int]

STRATEGIES: dict[str, Strategy] = {
    "first": lambda shown: 0,
    "longest": lambda shown: max(range(len(shown)), key=lambda i: (len(shown[i].text), -i)),
    "shortest": lambda shown: min(range(len(shown)), key=lambda i: (len(shown[i].text), i)),
}


def play(scenario_id: str, strategy: Strategy, **options: object) -> str:
    """Play one scenario to the end with ``strategy``; return the result of the ending."""
    session = Session(scenario_id, recorder=lambda *a, **k: None, **options)
    while not session.finished:
        session.choose(strategy(session.choices))
    assert session.outcome is not None
    return session.outcome.result


def figures() -> dict[str, object]:
    """Every figure the script prints, as a dictionary."""
    ids = list(kt.list_scenarios().index)
    n = len(ids)
    out: dict[str, object] = {"scenarios": n}
    success: dict[str, float] = {}
    success["first (file order)"] = (
        sum(play(s, STRATEGIES["first"], shuffle=False) == "success" for s in ids) / n
    )
    per_learner = [
        sum(play(s, STRATEGIES["first"], learner=who) == "success" for s in ids) / n
        for who in LEARNERS
    ]
    success["first shown (mean over learners)"] = sum(per_learner) / len(per_learner)
    success["first shown (worst learner)"] = max(per_learner)
    for name in ("longest", "shortest"):
        success[name] = sum(play(s, STRATEGIES[name], learner="ania") == "success" for s in ids) / n
    out["success_share"] = success

    decisions = first_in_file = longest = 0
    first_shown = 0.0
    two_defensible = 0
    for sid in ids:
        scenario = kt.load_scenario(sid)
        for node in scenario.nodes.values():
            if node.is_ending:
                continue
            decisions += 1
            best = node.best_index
            assert best is not None
            first_in_file += best == 0
            sessions = [Session(scenario, learner=who) for who in LEARNERS]
            first_shown += sum(s.order_of(node.id)[0] == best for s in sessions) / len(LEARNERS)
            lengths = [len(c.text) for c in node.choices]
            longest += lengths[best] == max(lengths) and lengths.count(max(lengths)) == 1
            goods = [c for c in node.choices if not c.is_mistake]
            two_defensible += len(goods) >= 2
    out["decisions"] = decisions
    out["best_first_in_file_order"] = first_in_file / decisions
    out["best_first_shown_mean_over_learners"] = first_shown / decisions
    out["best_strictly_longest"] = longest / decisions
    out["decisions_with_two_good_practice_replies"] = two_defensible / decisions
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    data = figures()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"{data['scenarios']} scenarios, {data['decisions']} decisions\n")
    print("Share of scenarios reaching the success ending:")
    for name, share in data["success_share"].items():  # type: ignore[union-attr]
        print(f"  {name:<36} {share:6.1%}")
    print("\nShare of decisions where the best reply (most trust) ...")
    print(f"  is first in the file                 {data['best_first_in_file_order']:6.1%}")
    print(
        f"  is shown first (mean over learners)  {data['best_first_shown_mean_over_learners']:6.1%}"
    )
    print(f"  is the strictly longest reply        {data['best_strictly_longest']:6.1%}")
    print(
        f"Decisions with two good-practice replies  "
        f"{data['decisions_with_two_good_practice_replies']:6.1%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
