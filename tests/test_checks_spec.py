"""Tests for problem specs: every spec file is valid; broken specs are refused clearly."""

from __future__ import annotations

import copy

import jsonschema
import pytest
import yaml

from kamtools.checks import SpecError, available_exercises, catalogue
from kamtools.checks.spec import QUESTION_TYPES, SCHEMA, load_spec, spec_path, validate_spec
from kamtools.content import CHECKS_DIR
from kamtools.content.answers import ANSWERS
from kamtools.errors import DataError

SPEC_FILES = sorted(CHECKS_DIR.glob("*.yml"))


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_there_are_spec_files_named_after_their_module():
    stems = [p.stem for p in SPEC_FILES]
    assert {"00_start_here", "03_pareto"} <= set(stems)
    for path in SPEC_FILES:
        assert load_spec(path)["module"] == path.stem


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.name)
def test_every_spec_file_is_valid(path):
    spec = load_spec(path)
    assert spec["module"] == path.stem
    # Checked directly against the schema too, independently of load_spec.
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.name)
def test_every_named_answers_function_exists(path):
    text = path.read_text(encoding="utf-8")
    spec = yaml.safe_load(text)
    names = [
        value
        for q in spec["questions"]
        for item in [q, *q.get("mistakes", []), *q.get("cases", [])]
        for key, value in item.items()
        if key.endswith("_from")
    ]
    assert names, "the specs compute their expected values"
    assert set(names) <= set(ANSWERS)


def test_03_pareto_has_every_type_of_question():
    # "series" and "dataframe" are one kind of question (pandas results); q6 is a Series.
    # q5, once a short-text recall of the curve's name, is a scenario now (issue 10); the
    # short-text type is still used elsewhere in the course.
    types = {q["type"] for q in load_spec(spec_path("03_pareto"))["questions"]}
    assert types >= set(QUESTION_TYPES) - {"dataframe", "short_text"}
    everywhere = {q["type"] for m in catalogue() for q in load_spec(spec_path(m))["questions"]}
    assert "short_text" in everywhere


def test_reserved_ids_are_the_public_attributes_of_an_exercise():
    from kamtools.checks import Exercise
    from kamtools.checks.spec import RESERVED_IDS

    public = {name for name in dir(Exercise) if not name.startswith("_")}
    assert public | {"module", "title", "seed"} == RESERVED_IDS


def test_catalogue_lists_modules_and_questions_in_order():
    cat = catalogue()
    assert cat["00_start_here"] == ["q1", "q2", "q3"]
    assert cat["03_pareto"][:8] == ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]
    assert list(cat) == available_exercises() == sorted(p.stem for p in SPEC_FILES)


# ---------------------------------------------------------------------------------------
# Broken specs are refused with file, question and field.
# ---------------------------------------------------------------------------------------
BASE = {
    "module": "99_test",
    "title": "Test",
    "questions": [
        {
            "id": "q1",
            "type": "single_choice",
            "prompt": "Which?",
            "solution": "A.",
            "options": [
                {"text": "Yes it is", "correct": True, "explanation": "Right."},
                {"text": "No", "explanation": "Wrong."},
            ],
        },
        {
            "id": "q2",
            "type": "numeric",
            "prompt": "How much?",
            "solution": "Half.",
            "unit": "fraction",
            "expected": 0.5,
            "tolerance": {"abs": 0.01},
        },
    ],
}


def _q(spec, i):
    return spec["questions"][i]


BROKEN = [
    # (description, change, message)
    (
        "missing prompt",
        lambda s: _q(s, 1).pop("prompt"),
        "x.yml: question 'q2', field 'prompt': is required but missing",
    ),
    (
        "typo in a field",
        lambda s: _q(s, 1).update(hint=["a"]),
        "x.yml: question 'q2', field 'hint': is not a known field here; did you mean 'hints'?",
    ),
    (
        "field of another type",
        lambda s: _q(s, 1).update(options=[]),
        "x.yml: question 'q2', field 'options': is not a known field here",
    ),
    (
        "unknown type",
        lambda s: _q(s, 1).update(type="essay"),
        "x.yml: question 'q2', field 'type': 'essay' is not one of",
    ),
    (
        "missing type",
        lambda s: _q(s, 1).pop("type"),
        "x.yml: question 'q2', field 'type': is required but missing",
    ),
    (
        "option without explanation",
        lambda s: _q(s, 0)["options"][1].pop("explanation"),
        "x.yml: question 'q1', field 'options[1].explanation': is required but missing",
    ),
    (
        "two correct options",
        lambda s: _q(s, 0)["options"][1].update(correct=True),
        "x.yml: question 'q1', field 'options': a single-choice question needs exactly one option with correct: true",
    ),
    (
        "no correct option",
        lambda s: _q(s, 0)["options"][0].pop("correct"),
        "x.yml: question 'q1', field 'options': at least one option needs correct: true",
    ),
    (
        "a single option",
        lambda s: _q(s, 0)["options"].pop(),
        "x.yml: question 'q1', field 'options': ",
    ),
    (
        "unquoted yes in YAML",
        lambda s: _q(s, 0)["options"][1].update(text=True),
        "x.yml: question 'q1', field 'options[1].text': True is not of type 'string'; in YAML, "
        "yes/no/true/false/on/off are read as True/False, so put them in quotes",
    ),
    (
        "repeated option text",
        lambda s: _q(s, 0)["options"][1].update(text="yes  IT is"),
        "x.yml: question 'q1', field 'options[1].text': repeats the text of another option",
    ),
    (
        "expected and expected_from",
        lambda s: _q(s, 1).update(expected_from="start_top2_share"),
        "x.yml: question 'q2': give exactly one of ['expected', 'expected_from']",
    ),
    (
        "neither expected nor expected_from",
        lambda s: _q(s, 1).pop("expected"),
        "x.yml: question 'q2': give exactly one of ['expected', 'expected_from']",
    ),
    (
        "unknown answers function",
        lambda s: (_q(s, 1).pop("expected"), _q(s, 1).update(expected_from="start_top2_shar")),
        "x.yml: question 'q2', field 'expected_from': 'start_top2_shar' is not a function of "
        "kamtools/content/answers.py; did you mean 'start_top2_share'?",
    ),
    (
        "data-derived number without tolerance",
        lambda s: _q(s, 1).pop("tolerance"),
        "x.yml: question 'q2', field 'tolerance': is required but missing",
    ),
    (
        "zero tolerance",
        lambda s: _q(s, 1).update(tolerance={"abs": 0}),
        "x.yml: question 'q2', field 'tolerance.abs': 0 is less than or equal to the minimum of 0",
    ),
    (
        "currency for a fraction",
        lambda s: _q(s, 1).update(currency="EUR"),
        "x.yml: question 'q2', field 'unit': 'currency' was expected",
    ),
    (
        "mistake with value and value_from",
        lambda s: _q(s, 1).update(
            mistakes=[{"value": 1, "value_from": "start_top2_share", "message": "m"}]
        ),
        "x.yml: question 'q2', field 'mistakes[0]': give exactly one of ['value', 'value_from']",
    ),
    (
        "mistake without message",
        lambda s: _q(s, 1).update(mistakes=[{"value": 1}]),
        "x.yml: question 'q2', field 'mistakes[0].message': is required but missing",
    ),
    (
        "repeated id",
        lambda s: _q(s, 1).update(id="q1"),
        "x.yml: question 'q1', field 'id': 'q1' is used by an earlier question",
    ),
    (
        "reserved id",
        lambda s: _q(s, 1).update(id="score"),
        "x.yml: question 'score', field 'id': 'score' is reserved; use another id",
    ),
    (
        "id that is no attribute name",
        lambda s: _q(s, 1).update(id="Q 2"),
        "x.yml: question 'Q 2', field 'id': 'Q 2' does not match",
    ),
    (
        "no questions",
        lambda s: s.update(questions=[]),
        "x.yml: field 'questions': [] should be non-empty",
    ),
    (
        "a question that is not a mapping",
        lambda s: s["questions"].append("oops"),
        "x.yml: question #3: 'oops' is not of type 'object'",
    ),
    (
        "unknown top-level field",
        lambda s: s.update(author="me"),
        "x.yml: field 'author': is not a known field here; allowed: ['module', 'questions', 'title']",
    ),
    (
        "bad module id",
        lambda s: s.update(module="pareto"),
        "x.yml: field 'module': 'pareto' does not match",
    ),
]


@pytest.mark.parametrize(("description", "change", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_spec_is_refused_naming_file_question_and_field(description, change, message):
    spec = copy.deepcopy(BASE)
    change(spec)
    with pytest.raises(SpecError) as err:
        validate_spec(spec, source="x.yml")
    assert message in str(err.value)


def test_the_base_of_those_tests_is_valid():
    assert validate_spec(copy.deepcopy(BASE)) == BASE


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (
            {"type": "short_text", "accept": {"keywords": ["a"], "answers": ["b"]}},
            "field 'accept': give exactly one of ['keywords', 'answers']",
        ),
        (
            {
                "type": "short_text",
                "accept": {"keywords": ["a"]},
                "mistakes": [{"answers": ["b"], "threshold": 2, "message": "m"}],
            },
            "field 'mistakes[0].threshold': 2 is greater than the maximum of 1",
        ),
        (
            {"type": "function", "name": "f", "cases": [{"args": [1]}]},
            "field 'cases[0]': give exactly one of ['expected', 'expected_from']",
        ),
        ({"type": "function", "name": "f", "cases": []}, "field 'cases': [] should be non-empty"),
        (
            {"type": "series", "rules": {"sort": True}},
            "field 'expected_from': is required but missing",
        ),
        (
            {"type": "series", "expected_from": "invoice_table_totals", "rules": {"sort": True}},
            "field 'rules.sort': is not a known field here",
        ),
        (
            {"type": "reflection", "min_chars": 0, "model_answer": "m", "rubric": ["r"]},
            "field 'min_chars': 0 is less than the minimum of 1",
        ),
        (
            {
                "type": "reflection",
                "min_chars": 10,
                "model_answer": "m",
                "rubric": ["r"],
                "solution": "s",
            },
            "field 'solution': is not a known field here",
        ),
        (
            {
                "type": "multiple_choice",
                "options": [{"text": "a", "explanation": "e"}, {"text": "b", "explanation": "e"}],
            },
            "field 'options': at least one option needs correct: true",
        ),
    ],
)
def test_broken_questions_of_each_type(question, message):
    spec = {
        "module": "99_test",
        "title": "T",
        "questions": [{"id": "q1", "prompt": "?", "solution": "s", **question}],
    }
    with pytest.raises(SpecError, match="x.yml: question 'q1', " + _escape(message)):
        validate_spec(spec, source="x.yml")


def _escape(text: str) -> str:
    import re

    return re.escape(text)


def test_several_problems_are_listed_together():
    spec = copy.deepcopy(BASE)
    _q(spec, 0).pop("prompt")
    _q(spec, 1).update(unit="euros")
    with pytest.raises(SpecError) as err:
        validate_spec(spec, source="x.yml")
    lines = str(err.value).splitlines()
    assert lines[0] == "x.yml has 2 problems:"
    assert "question 'q1', field 'prompt'" in lines[1]
    assert "question 'q2', field 'unit'" in lines[2]


# ---------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------
def test_load_spec_checks_module_against_file_name(tmp_path):
    path = tmp_path / "98_other.yml"
    path.write_text(yaml.safe_dump(BASE), encoding="utf-8")
    with pytest.raises(
        SpecError,
        match=r"98_other\.yml: field 'module': '99_test' must equal the file name '98_other'",
    ):
        load_spec(path)


def test_load_spec_names_the_file_in_schema_errors(tmp_path):
    spec = copy.deepcopy(BASE)
    _q(spec, 0)["options"][1].pop("explanation")
    path = tmp_path / "99_test.yml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    with pytest.raises(
        SpecError,
        match=r"^99_test\.yml: question 'q1', field 'options\[1\]\.explanation': is required",
    ):
        load_spec(path)


def test_load_spec_refuses_invalid_yaml(tmp_path):
    path = tmp_path / "99_test.yml"
    path.write_text("module: [unclosed\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"99_test\.yml: is not valid YAML"):
        load_spec(path)


def test_load_spec_of_a_missing_file(tmp_path):
    with pytest.raises(DataError, match=r"`path`=.*nope\.yml' cannot be read"):
        load_spec(tmp_path / "nope.yml")


def test_load_spec_refuses_an_empty_file(tmp_path):
    path = tmp_path / "99_test.yml"
    path.write_text("", encoding="utf-8")
    with pytest.raises(SpecError, match=r"99_test\.yml: None is not of type 'object'"):
        load_spec(path)
