"""Module 07, the common mistakes: its checks, its data answer and its notebook.

Every question is answered right (correct), with each listed mistake or wrong option
(incorrect, with its own message, which never gives the answer away) and not at all
(not attempted). The one data-derived answer (q10) is compared with an independent
pandas calculation, and the figures the notebook text states are checked against the
data.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from test_checks_content import BY_TYPE, _check_pair

import kamtools as kt
from kamtools.checks import ____, exercise
from kamtools.checks._common import normalize_text
from kamtools.checks.spec import load_spec, spec_path
from kamtools.content.answers import compute

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "course" / "07_common_mistakes.ipynb"
MODULE = "07_common_mistakes"


@pytest.fixture
def ex():
    return exercise(MODULE, recorder=lambda *args, **kwargs: None)


def _spec() -> dict:
    return load_spec(spec_path(MODULE))


def _label(question, text_start: str) -> str:
    """The displayed letter of the option whose text starts with ``text_start``."""
    checker = question._checker
    for label, option in zip(checker.labels, checker.options, strict=True):
        if option["text"].startswith(text_start):
            return label
    raise AssertionError(f"no option starts with {text_start!r}")


# ---------------------------------------------------------------------------------------
# The spec as a whole
# ---------------------------------------------------------------------------------------
def test_spec_has_five_to_ten_questions_of_varied_types():
    spec = load_spec(spec_path(MODULE))
    types = [q["type"] for q in spec["questions"]]
    assert 5 <= len(types) <= 10
    assert {"single_choice", "multiple_choice", "numeric", "reflection"} <= set(types)
    for q in spec["questions"]:
        if q["type"] != "reflection":
            assert len(q.get("hints", [])) >= 2, q["id"]  # hints escalate


def test_every_question_passes_the_course_wide_contract(ex):
    # Right answers pass, every wrong one gets a message that does not leak the answer.
    for question in ex.questions:
        BY_TYPE[question.type](question)


def test_every_question_handles_blank_and_wrong_kind(ex):
    for question in ex.questions:
        assert question.check(____).outcome == "not_attempted"
        assert question.check().outcome == "not_attempted"
        result = question.check(object())
        assert result.outcome == "uncheckable", question.id
        assert question.hint() and question.solution()


# ---------------------------------------------------------------------------------------
# Single choice: vignette -> mistake
# ---------------------------------------------------------------------------------------
RIGHT_SINGLE = {
    "q1": "She came without information about the client",
    "q2": "Arguing with the client",
    "q4": '"I understand why a 9% gap',
    "q5": "(after a pause)",
    "q6": '"Not on those terms',
    "q7": "Single-threaded coverage",
}


@pytest.mark.parametrize("qid", sorted(RIGHT_SINGLE))
def test_single_choice_right_and_each_wrong_option(ex, qid):
    question = getattr(ex, qid)
    right = _label(question, RIGHT_SINGLE[qid])
    result = _check_pair(question, right)
    assert result.outcome == "correct"
    assert question.check(right.lower() + ")").outcome == "correct"
    right_text = question._checker.options[question._checker.labels.index(right)]["text"]
    assert question.check(right_text).outcome == "correct"  # the option's text counts too
    for label, option in zip(question._checker.labels, question._checker.options, strict=True):
        if label == right:
            continue
        result = _check_pair(question, label)
        assert result.outcome == "incorrect"
        assert result.message.startswith(option["explanation"])
        assert normalize_text(right_text) not in normalize_text(result.message)


def test_q1_tells_the_dossier_from_negotiation_preparation(ex):
    # The likeliest confusion: mistake 5 instead of mistake 4.
    message = ex.q1.check(_label(ex.q1, "She is poorly prepared")).message
    assert "first meeting, not a negotiation" in message


def test_q2_being_right_is_not_the_point(ex):
    message = ex.q2.check(_label(ex.q2, "Poor preparation")).message
    assert "He was prepared" in message


# ---------------------------------------------------------------------------------------
# Multiple choice: the meeting in q3 and the transcript of the Practice (q8)
# ---------------------------------------------------------------------------------------
def test_q3_the_four_mistakes_of_pauls_meeting(ex):
    # Issue 10: arriving late with an excuse about the parking and cutting the buyer off
    # are bad manners too, not only lateness and interrupting.
    late, interrupting, manners, product, dossier = (
        _label(ex.q3, text)
        for text in (
            "Being late",
            "Interrupting",
            "Bad manners and etiquette",
            "Weak knowledge of his own product",
            "Coming without information about the client",
        )
    )
    assert ex.q3.check(f"{late}, {interrupting}, {manners}, {product}").outcome == "correct"
    assert ex.q3.check([product.lower(), late, manners, interrupting]).outcome == "correct"
    partial = ex.q3.check(f"{late}, {interrupting}, {product}")
    assert partial.outcome == "incorrect" and "At least one more option" in partial.message
    extra = ex.q3.check(f"{late}, {interrupting}, {manners}, {product}, {dossier}")
    assert extra.outcome == "incorrect"
    assert "He read the annual report" in extra.message
    spec = next(q for q in _spec()["questions"] if q["id"] == "q3")
    solution = " ".join(spec["solution"].split())
    assert "or bad manners" not in solution and "**bad manners**" in solution
    for option in spec["options"]:
        if option["text"] == "Bad manners and etiquette":
            assert option.get("correct") and "parking" in option["explanation"]


def test_q8_the_three_mistakes_of_michals_meeting(ex):
    labels = {
        option["text"].split(":")[0]: label
        for label, option in zip(ex.q8._checker.labels, ex.q8._checker.options, strict=True)
    }
    right = [labels["Mistake 3"], labels["Mistake 6"], labels["Mistake 7"]]
    assert ex.q8.check(right).outcome == "correct"
    for number in (1, 2, 4, 5):  # good practice in the transcript, not mistakes
        result = ex.q8.check([*right, labels[f"Mistake {number}"]])
        assert result.outcome == "incorrect", number
    assert ex.q8.check(right[:2]).outcome == "incorrect"


def test_q8_refers_to_moments_that_are_in_the_transcript():
    # The explanations quote times and facts of the transcript in the notebook.
    spec = load_spec(spec_path(MODULE))
    q8 = next(q for q in spec["questions"] if q["id"] == "q8")
    text = " ".join(o["explanation"] for o in q8["options"]) + q8["solution"]
    transcript = _markdown()
    for time in set(re.findall(r"\b\d{1,2}:\d\d\b", text)):
        assert f"**{time}**" in transcript, time
    for fact in ("Kalisz", "torque settings", "18 mm chipboard", "Oh, surely", "steel index"):
        assert fact in text, fact
        assert fact in transcript, fact


# ---------------------------------------------------------------------------------------
# Listening: pause, summarise, ask, applied to a client who stops talking
# ---------------------------------------------------------------------------------------
def test_q5_the_right_reply_pauses_summarises_and_asks(ex):
    right = _label(ex.q5, "(after a pause)")
    text = ex.q5._checker.options[ex.q5._checker.labels.index(right)]["text"]
    assert "So since the new castings" in text and "?" in text  # a summary and a question
    assert ex.q5.check(right).outcome == "correct"
    # The tempting wrong replies: a product pitch, claimed understanding, a change of subject.
    pitch = ex.q5.check(_label(ex.q5, '"Then you need our high-temperature'))
    assert pitch.outcome == "incorrect" and "interrupting" in pitch.message
    # Every wrong reply's explanation says what the three moves would do instead.
    spec = next(q for q in _spec()["questions"] if q["id"] == "q5")
    assert "pause, summarise, ask" in spec["hints"][0].lower()


# ---------------------------------------------------------------------------------------
# The discount decision: 15% more volume for 5% off
# ---------------------------------------------------------------------------------------
def test_q6_the_offered_volume_does_not_pay_for_the_discount(ex):
    # Per 100 PLN of price the margin is 30 PLN; after 5% off, 25 PLN. Same profit needs
    # 30 / 25 = 1.2 times the volume: 20% more. 15% more earns less than today.
    need = compute("m07_q6_break_even_volume")
    assert need == pytest.approx(kt.break_even_volume(0.05, 0.30)) == pytest.approx(0.2)
    assert need > 0.15
    assert compute("m07_q6_gross_profit_change") == pytest.approx(1.15 * 25 / 30 - 1)
    assert compute("m07_q6_gross_profit_change") < 0
    spec = next(q for q in _spec()["questions"] if q["id"] == "q6")
    assert "5% off" in spec["prompt"] and "15% more" in spec["prompt"] and "30%" in spec["prompt"]
    right = _label(ex.q6, '"Not on those terms')
    assert ex.q6.check(right).outcome == "correct"
    # The classic trap ("15% is three times 5%") gets the arithmetic in its explanation.
    trap = ex.q6.check(_label(ex.q6, '"Agreed: 15% more volume'))
    assert trap.outcome == "incorrect" and "20% more units" in trap.message


# ---------------------------------------------------------------------------------------
# Reflection: your own habits
# ---------------------------------------------------------------------------------------
def test_q9_reflection_opens_the_model_answer_only_after_reflecting(ex):
    short = ex.q9.check("I interrupt sometimes.")
    assert short.outcome == "not_attempted"
    assert "My risk is interrupting." not in ex.q9.solution()  # locked until reflected
    text = (
        "I tend to argue when a buyer gets a number wrong. Last week I corrected a "
        "purchasing manager's figure in front of her boss, and the rest of the meeting was "
        "cold. Next Tuesday I will write the right number down, acknowledge her concern "
        "first and show the document together with her."
    )
    assert len(text) >= 200
    done = ex.q9.check(text)
    assert done.outcome == "correct"
    assert done.model_answer.startswith("My risk is interrupting.")
    assert len(done.rubric) == 5
    assert "My risk is interrupting." in ex.q9.solution()


# ---------------------------------------------------------------------------------------
# Data: single-threaded customers among the 100 largest (q10)
# ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def vistula():
    lines = kt.load_dataset("vistula_transactions")
    customers = kt.load_dataset("vistula_customers").set_index("customer_id")
    return lines, customers


def _independent_top100(lines: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
    """The 100 largest customers by 2025 net amount, with plain pandas (ties by id)."""
    in_2025 = lines[lines["date"].dt.year == 2025]
    revenue = in_2025.groupby("customer_id")["amount"].sum()
    order = revenue.reset_index().sort_values(
        ["amount", "customer_id"], ascending=[False, True], kind="stable"
    )
    return customers.loc[order["customer_id"].iloc[:100]]


def test_q10_matches_an_independent_calculation(vistula):
    top100 = _independent_top100(*vistula)
    assert len(top100) == 100
    assert compute("m07_top100_single_role_count") == int(
        (top100["buying_roles_covered"] <= 1).sum()
    )
    assert compute("m07_top100_two_roles_count") == int((top100["buying_roles_covered"] <= 2).sum())
    assert compute("m07_top100_single_contact_count") == int((top100["n_contacts"] == 1).sum())
    assert compute("m07_all_single_role_count") == int(
        (vistula[1]["buying_roles_covered"] <= 1).sum()
    )


def test_q10_the_100th_customer_is_not_tied_with_the_101st(vistula):
    # Otherwise "the 100 largest" would depend on the tie-break.
    lines, _ = vistula
    revenue = lines[lines["date"].dt.year == 2025].groupby("customer_id")["amount"].sum()
    top = revenue.nlargest(101)
    assert top.iloc[99] > top.iloc[100]


def test_q10_mistakes_are_distinct_and_recognised(ex):
    expected = compute("m07_top100_single_role_count")
    mistakes = {
        "m07_top100_two_roles_count": "It looks like you counted customers with up to two",
        "m07_all_single_role_count": "It looks like you counted all 500 customers.",
        "m07_top100_single_contact_count": "None at all?",
    }
    values = [compute(name) for name in mistakes]
    assert expected not in values
    assert len(set(values)) == len(values)
    for name, start in mistakes.items():
        result = ex.q10.check(compute(name))
        assert result.outcome == "incorrect"
        assert result.message.startswith(start)
    assert ex.q10.check(expected).outcome == "correct"
    assert ex.q10.check(float(expected)).outcome == "correct"


def test_q10_the_worked_solution_gives_the_right_answer(ex):
    spec = load_spec(spec_path(MODULE))
    q10 = next(q for q in spec["questions"] if q["id"] == "q10")
    block = re.search(r"```python\n(.*?)```", q10["solution"], re.S).group(1)
    namespace = {"kt": kt}
    exec(block, namespace)  # the learner's code, as shown in the solution
    assert ex.q10.check(namespace["answer"]).outcome == "correct"


# ---------------------------------------------------------------------------------------
# The notebook
# ---------------------------------------------------------------------------------------
def _cells() -> list[dict]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]


def _markdown() -> str:
    return "\n".join("".join(c["source"]) for c in _cells() if c["cell_type"] == "markdown")


def _code_cells() -> list[str]:
    return ["".join(c["source"]) for c in _cells() if c["cell_type"] == "code"]


def test_notebook_is_committed_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_time_matches_the_course_map():
    modules = yaml.safe_load((ROOT / "course" / "modules.yml").read_text(encoding="utf-8"))
    minutes = next(m["minutes"] for m in modules["modules"] if m["file"] == NOTEBOOK.name)
    match = re.search(
        r"\*\*Time\*\*: about (\d+) minutes \(teaching (\d+), exercises (\d+)\)", _markdown()
    )
    assert match, "no Time line"
    total, teaching, exercises = map(int, match.groups())
    assert total == minutes == teaching + exercises


def test_setup_cell_binds_the_exercise():
    setup = _code_cells()[0]
    assert "import kamtools as kt" in setup
    assert "from kamtools import ____" in setup
    assert f'ex = kt.exercise("{MODULE}")' in setup


def test_every_question_has_a_check_cell_in_spec_order():
    ids = [q["id"] for q in load_spec(spec_path(MODULE))["questions"]]
    found = [
        m.group(1)
        for source in _code_cells()
        for m in re.finditer(r"answer = ____ .*\nex\.(q\d+)\.check\(answer\)", source)
    ]
    assert found == ids


ARTICLE_PHRASES = [
    "Mistake 1 · Being late",
    "Mistake 2 · Arguing with the client",
    "Mistake 3 · Interrupting",
    'Mistake 4 · Coming without information: "So, what does your company do?"',
    "Mistake 5 · Insufficient preparation for negotiations",
    "Mistake 6 · Bad manners and etiquette",
    "Mistake 7 · Insufficient knowledge of your own product",
]


def test_the_seven_mistakes_are_taught_with_story_cost_and_remedy():
    text = _markdown()
    for phrase in ARTICLE_PHRASES:
        assert phrase in text, phrase
    sections = re.split(r"^### Mistake \d · ", text, flags=re.M)[1:]
    assert len(sections) == 7
    for section in sections:
        for part in ("**What it looks like.**", "**Why it costs the account.**"):
            assert part in section
        assert "**What to do instead.**" in section


TRAINER_MISTAKES = [
    "Choosing key accounts by size, or naming too many",
    "Discounting instead of creating value",
    "Relationship without insight",
    "Single-threaded coverage",
    "Ignoring cost-to-serve",
    "Over-dependence on a few accounts",
    "Complacency",
    "Changing the KAM at a critical moment",
    "Uncoordinated silos",
    "Never asking how the customer sees you",
    '"Flying blind"',
    "Renewal as a last-quarter task",
]


def test_the_mistakes_trainers_add_are_all_in_the_table():
    rows = [line for line in _markdown().splitlines() if line.startswith("| ")]
    for mistake in TRAINER_MISTAKES:
        assert any(row.startswith(f"| {mistake} |") for row in rows), mistake


def test_objection_method_and_active_listening_are_taught():
    text = _markdown()
    for step in ("1. **Listen**", "2. **Acknowledge**", "3. **Clarify**"):
        assert step in text
    assert "4. **Respond with evidence**" in text and "5. **Confirm**" in text
    for move in ("1. **Pause.**", "2. **Summarise.**", "3. **Ask.**"):
        assert move in text


def test_role_plays_exist_and_every_scenario_is_pointed_to():
    scenarios = set(kt.list_scenarios().index)
    played = {
        m.group(1)
        for source in _code_cells()
        for m in re.finditer(r'kt\.RolePlay\("([a-z_]+)"\)', source)
    }
    assert len(played) >= 2 and played <= scenarios
    named = set(re.findall(r"`([a-z_]+)`", _markdown())) | played
    assert scenarios <= named, scenarios - named
    assert any(source.strip() == "kt.RolePlay()" for source in _code_cells())


def test_code_cells_use_only_existing_kamtools_names():
    for source in _code_cells():
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "kt"
            ):
                assert hasattr(kt, node.attr), node.attr


def test_markdown_code_mentions_exist():
    for name in set(re.findall(r"`kt\.([A-Za-z_]+)\(", _markdown())):
        assert hasattr(kt, name), name


def test_the_quiz_cell_asks_the_check_yourself_questions(ex):
    cell = next(s for s in _code_cells() if s.startswith("kt.Quiz("))
    ids = ast.literal_eval(re.search(r"questions=(\[.*?\])", cell).group(1))
    assert ids == [f"q{i}" for i in range(1, 8)]
    quiz = kt.Quiz(ex, questions=ids)
    assert [q.id for q in quiz.questions] == ids
    quiz.close()


def _stakes_cell() -> str:
    return next(s for s in _code_cells() if "revenue_2025 =" in s)


def test_the_stakes_cell_prints_what_the_text_says(capsys):
    namespace = {"kt": kt}
    exec(_stakes_cell(), namespace)
    printed = capsys.readouterr().out
    revenue = namespace["revenue_2025"]
    # The text says: "Even Vistula's 20th largest customer buys for more than a million złoty".
    assert "20th largest customer buys for more than a million złoty" in _markdown()
    twentieth = revenue.nlargest(20).iloc[-1]
    assert twentieth > 1_000_000
    assert f"{twentieth:,.0f} PLN" in printed
    assert f"{revenue.max():,.0f} PLN" in printed
    # The analyst challenge builds on this revenue_2025: the same as its answer's data.
    pd.testing.assert_series_equal(revenue, compute("m07_revenue_2025"))


def test_the_discount_cell_computes_the_formula_of_the_text(capsys):
    # 0.08 / (0.25 - 0.08) = 0.08 / 0.17 = 0.4706, printed as 47%.
    cell = next(s for s in _code_cells() if "margin, discount = 0.25, 0.08" in s)
    assert "d / (m - d)" in _markdown() and "discount / (margin - discount)" in cell
    exec(cell, {})
    assert "you need 47% more volume" in capsys.readouterr().out


def test_no_data_derived_answer_is_written_in_the_text():
    # q10's answer is computed, never stated.
    answer = compute("m07_top100_single_role_count")
    text = _markdown()
    for pattern in (rf"\b{answer} of (the|Vistula)", rf"\b{answer} customers"):
        assert not re.search(pattern, text)


def test_placeholders_are_one_liners():
    for source in _code_cells():
        if "____" in source and "import" not in source:
            first, *rest = source.splitlines()
            assert first.startswith("answer = ____")
            assert rest and all(line.startswith("ex.q") for line in rest)


def test_no_cell_is_empty():
    for cell in _cells():
        assert "".join(cell["source"]).strip(), cell["id"]
