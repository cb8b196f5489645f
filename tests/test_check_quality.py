"""Checks a blind guess cannot pass, on the shipped specs of every module (issue 10).

- The correct option of a single-choice check is the strictly longest in at most a third
  of the questions, so "always pick the longest" does not pass; no multiple-choice check
  has all its right options longer than all its wrong ones.
- Options are shuffled wherever their order means nothing: every choice question says
  ``shuffle: true``, or ``shuffle: false`` for an order that carries meaning (a scale, the
  stages of a model, numbered items).
- The order is stable for one learner and differs between learners; a facilitator can fix
  it for a room (``KAMTOOLS_ROOM_SEED``). The letters the notebook shows, the quiz's buttons and
  the checker always mean the same options.
- Computed figures in solutions (``{{name:format}}``) are filled in; a figure quoted by
  several modules (``kamtools/content/facts.yml``) is worded the same everywhere, and the
  Marn and Rosiello title is spelled one way across the repository.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import kamtools as kt
from kamtools.checks import SpecError, exercise
from kamtools.checks.choice import SEED_VARIABLE, learner_seed
from kamtools.checks.quiz import choice_options
from kamtools.checks.spec import FIGURE, available_exercises, load_spec, spec_path, validate_spec
from kamtools.content import CHECKS_DIR

ROOT = Path(__file__).resolve().parents[1]
FACTS = yaml.safe_load((CHECKS_DIR.parent / "facts.yml").read_text(encoding="utf-8"))["facts"]
CHOICE = ("single_choice", "multiple_choice")


def _silent(module: str, **kwargs: Any):
    return exercise(module, recorder=lambda *args, **kw: None, **kwargs)


def _choice_questions() -> list[tuple[str, dict[str, Any]]]:
    """(module, question spec) of every choice question, loaded with kamtools' own loader."""
    return [
        (module, question)
        for module in available_exercises()
        for question in load_spec(spec_path(module))["questions"]
        if question["type"] in CHOICE
    ]


def _strictly_longest_is_correct(question: dict[str, Any]) -> bool:
    lengths = [len(" ".join(o["text"].split())) for o in question["options"]]
    (right,) = [i for i, o in enumerate(question["options"]) if o.get("correct")]
    return all(lengths[right] > n for i, n in enumerate(lengths) if i != right)


# ---------------------------------------------------------------------------------------
# Length is no clue
# ---------------------------------------------------------------------------------------
def test_the_correct_option_is_rarely_the_longest():
    single = [(m, q) for m, q in _choice_questions() if q["type"] == "single_choice"]
    longest = [f"{m[:2]} {q['id']}" for m, q in single if _strictly_longest_is_correct(q)]
    share = len(longest) / len(single)
    figure = f"{len(longest)} of {len(single)} single-choice checks ({share:.0%})"
    print(f"correct option strictly longest: {figure}: {longest}")
    assert len(single) >= 10  # the property means something only over many questions
    assert 3 * len(longest) <= len(single), (
        f"The correct option is the strictly longest in {figure}; at most a third is "
        f"allowed. Make the options similar in length: {longest}"
    )


def test_no_length_rank_is_a_giveaway():
    # Shortening the right options must not make "pick the shortest" (or "pick the
    # second longest") a strategy either: each blind pick by length wins at most half.
    single = [q for _, q in _choice_questions() if q["type"] == "single_choice"]
    wins: dict[str, int] = {}
    for question in single:
        by_length = sorted(
            question["options"], key=lambda o: len(" ".join(o["text"].split())), reverse=True
        )
        picks = {"longest": 0, "second longest": 1, "third longest": 2, "shortest": -1}
        for name, position in picks.items():
            wins[name] = wins.get(name, 0) + bool(by_length[position].get("correct"))
    print(f"blind picks by length over {len(single)} single-choice checks: {wins}")
    worst = max(wins, key=wins.__getitem__)
    assert 2 * wins[worst] <= len(single), (
        f"always picking the {worst} option wins {wins[worst]} of {len(single)}: {wins}"
    )


def test_the_property_can_fail():
    # The check above is honest: a question whose right option is the long one is counted.
    long_right = {
        "options": [
            {"text": "A long, careful and complete answer", "correct": True, "explanation": "."},
            {"text": "Short", "explanation": "."},
        ]
    }
    assert _strictly_longest_is_correct(long_right)
    tie = {
        "options": [
            {"text": "Same length A", "correct": True, "explanation": "."},
            {"text": "Same length B", "explanation": "."},
        ]
    }
    assert not _strictly_longest_is_correct(tie)


def test_no_multiple_choice_check_can_be_passed_by_picking_the_long_options():
    cued = []
    for module, question in _choice_questions():
        if question["type"] != "multiple_choice":
            continue
        right = [len(o["text"]) for o in question["options"] if o.get("correct")]
        wrong = [len(o["text"]) for o in question["options"] if not o.get("correct")]
        if wrong and min(right) > max(wrong):
            cued.append(f"{module[:2]} {question['id']}")
    assert not cued, f"every right option is longer than every wrong one in {cued}"


# ---------------------------------------------------------------------------------------
# Shuffling
# ---------------------------------------------------------------------------------------
def test_every_choice_question_says_whether_its_options_are_shuffled():
    # shuffle: true wherever the order means nothing; shuffle: false marks an order that
    # carries meaning (a scale, the stages of a model, numbered items). Without the field
    # the spec's order would be shown, and the author's habit of writing the right
    # option first would show through.
    undecided = [
        f"{m}.yml {q['id']}"
        for m, q in _choice_questions()
        if not isinstance(q.get("shuffle"), bool)
    ]
    assert not undecided, (
        f"add `shuffle: true` (or `shuffle: false` if the order means something) to {undecided}"
    )


def test_shuffled_questions_do_not_always_show_the_right_option_first():
    firsts = []
    for module, question in _choice_questions():
        if question.get("shuffle"):
            q = getattr(_silent(module, seed="Ana"), question["id"])
            firsts.append(bool(q._checker.options[0].get("correct")))
    assert len(firsts) >= 10 and sum(firsts) <= len(firsts) / 2


@pytest.mark.parametrize("module", available_exercises())
def test_letters_shown_and_letters_checked_agree_for_every_learner(module):
    # What the notebook shows (ex.qN), what the quiz's buttons say and what check("X")
    # accepts are the same options, whatever the learner's order.
    for seed in ("Ana", "Ben", "room 3"):
        ex = _silent(module, seed=seed)
        for question in ex.questions:
            if question.type not in CHOICE:
                continue
            shown = question._repr_markdown_()
            options = choice_options(question)
            for option in options:
                assert f"**{option['label']})** {option['text']}" in shown
                if question.type == "single_choice":
                    verdict = question.evaluate(option["label"])
                    assert verdict.correct is option["correct"], (module, question.id, seed)
            right = ", ".join(o["label"] for o in options if o["correct"])
            assert question.evaluate(right).correct, (module, question.id, seed)


def test_the_order_is_the_learners_own_and_stable(monkeypatch):
    monkeypatch.delenv(SEED_VARIABLE, raising=False)

    def orders(user: str) -> list[list[str]]:
        monkeypatch.setenv("JUPYTERHUB_USER", user)
        out = []
        for module in ("01_why_key_accounts", "02_the_kam_role", "04_profitability_and_clv"):
            ex = _silent(module)
            assert ex.seed == user
            out += [
                [o["text"] for o in q._checker.options] for q in ex.questions if q.type in CHOICE
            ]
        return out

    assert orders("ania") == orders("ania")  # reloading shows the same order
    assert orders("ania") != orders("bartek")  # neighbours see different orders
    # The same learner gets the same order in the notebook and in a quiz made from the id.
    monkeypatch.setenv("JUPYTERHUB_USER", "ania")
    quiz = kt.Quiz("02_the_kam_role", recorder=lambda *args, **kwargs: None)
    try:
        notebook = _silent("02_the_kam_role")
        buttons = quiz.question_widgets["q1"].options  # (what the button says, label)
        expected = choice_options(notebook.q1)
        assert [label for _, label in buttons] == [o["label"] for o in expected]
        for (said, _), option in zip(buttons, expected, strict=True):
            assert option["text"] in said
        assert choice_options(quiz.exercise.q1) == expected
    finally:
        quiz.close()


def test_a_facilitator_can_give_a_room_one_order(monkeypatch):
    monkeypatch.setenv(SEED_VARIABLE, "Workshop Katowice")
    assert learner_seed() == "Workshop Katowice"
    layouts = set()
    for user in ("ania", "bartek", "celina"):
        monkeypatch.setenv("JUPYTERHUB_USER", user)
        ex = _silent("02_the_kam_role")
        layouts.add(tuple(o["text"] for o in ex.q3._checker.options))
    assert len(layouts) == 1
    # An explicit seed still wins.
    assert _silent("02_the_kam_role", seed="other").seed == "other"


# ---------------------------------------------------------------------------------------
# Computed figures in solutions
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("module", available_exercises())
def test_every_figure_in_a_solution_is_filled_in(module):
    ex = _silent(module)
    for question in ex.questions:
        if question.type == "reflection" or not FIGURE.search(question.spec.get("solution", "")):
            continue
        text = str(question.solution())
        assert "{{" not in text and "}}" not in text, (module, question.id)


def test_an_unknown_figure_or_format_is_a_clear_spec_error():
    spec = {
        "module": "99_demo",
        "title": "Demo",
        "questions": [
            {
                "id": "q1",
                "type": "single_choice",
                "prompt": "Which?",
                "options": [
                    {"text": "A", "correct": True, "explanation": "Yes."},
                    {"text": "B", "explanation": "No."},
                ],
                "solution": "The top share is {{vistula_top_one_share:.2%}}.",
            }
        ],
    }
    with pytest.raises(
        SpecError, match=r"question 'q1', field 'solution'.*'vistula_top_one_share'"
    ):
        validate_spec(spec)
    spec["questions"][0]["solution"] = "The top share is {{vistula_top1_share:.2q}}."
    with pytest.raises(SpecError, match=r"field 'solution'.*'\.2q' is not a number format"):
        validate_spec(spec)


# ---------------------------------------------------------------------------------------
# One wording for facts that several modules quote
# ---------------------------------------------------------------------------------------
def _plain(text: str) -> str:
    """Markdown emphasis removed, whitespace collapsed."""
    return " ".join(text.replace("**", "").replace("*", "").split())


def _notebook_markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_gartner_figure_is_worded_the_same_in_every_module():
    fact = FACTS["gartner_key_account_criteria"]
    quoting = []
    for path in sorted((ROOT / "course").glob("*.ipynb")):
        text = _plain(_notebook_markdown(path))
        if fact["marker"] in text and "Gartner" in text:
            quoting.append(path.name)
            assert _plain(fact["text"]) in text, f"{path.name} words the Gartner figure differently"
    assert {"03_pareto_analysis.ipynb", "05_selecting_key_accounts.ipynb"} <= set(quoting)


def _text_files() -> list[Path]:
    skip = {".git", ".venv", "node_modules", "_build", "build", "site", ".ipynb_checkpoints"}
    suffixes = {".ipynb", ".md", ".yml", ".yaml", ".py", ".html", ".txt", ".tex"}
    return [
        p
        for p in ROOT.rglob("*")
        if p.suffix in suffixes and p.is_file() and not skip & set(p.relative_to(ROOT).parts)
    ]


def test_the_marn_and_rosiello_title_is_spelled_one_way_everywhere():
    # Reference lists write titles in sentence case or in title case; the words are the same.
    canonical = FACTS["marn_rosiello_title"]["text"]
    title = re.compile(r"managing\s+price\W+gain\w*\s+profits?", re.IGNORECASE)
    found: dict[str, list[str]] = {}
    for path in _text_files():
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells)
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
        for match in title.finditer(text):
            found.setdefault(" ".join(match.group(0).split()), []).append(
                str(path.relative_to(ROOT))
            )
    assert found, "the title is cited somewhere (module 01, the references)"
    wrong = {k: v for k, v in found.items() if k.casefold() != canonical.casefold()}
    assert not wrong, f"write the title {canonical!r}: {wrong}"


def test_no_wrapped_line_turns_a_number_into_a_list():
    """A prompt line that starts with "1." after a line of text becomes a numbered list in
    Markdown, and its number disappears (05 q2 lost the weight "1" this way)."""
    starts_list = re.compile(r"\s*1[.)]\s")
    in_list = re.compile(r"\s*(\d+[.)]|[-*])\s|\s{2,}\S")  # a list item or its continuation
    found = []
    for module in available_exercises():
        for q in load_spec(spec_path(module))["questions"]:
            for field in ("prompt", "solution"):
                lines = str(q.get(field) or "").splitlines()
                for before, line in zip(lines, lines[1:], strict=False):
                    if starts_list.match(line) and before.strip() and not in_list.match(before):
                        found.append(f"{module} {q['id']} {field}: {before!r} / {line!r}")
    assert found == []
