"""The methods of the course (kamtools/content/methods.yml) and their single source of truth.

Issue 10: the objection-handling method had five steps in module 07 and four in the
competency actions and the account plan. Now methods.yml defines it once; the content
files refer to it with ``{method:objection_handling}`` and every text that lists the
steps (notebooks, check specs, guides, exercises, handouts) must list exactly these.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kamtools as kt
from kamtools._content import CONTENT_DIR
from kamtools.errors import DataError, ParameterError, WrongTypeError
from kamtools.learning import methods

ROOT = Path(__file__).resolve().parents[1]
STEPS = "listen, acknowledge, clarify, respond with evidence, confirm"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _texts() -> dict[str, str]:
    """Every learner- or trainer-facing text of the repository, flattened, by path."""
    texts = {}
    patterns = ("course/*.ipynb", "exercises/**/*.ipynb")
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            texts[path.relative_to(ROOT).as_posix()] = _flat(
                "\n".join("".join(c["source"]) for c in cells)
            )
    for pattern in ("course/*.md", "exercises/**/*.md", "course/handouts/*.html"):
        for path in sorted(ROOT.glob(pattern)):
            texts[path.relative_to(ROOT).as_posix()] = _flat(path.read_text(encoding="utf-8"))
    for path in sorted(CONTENT_DIR.rglob("*.yml")):
        if path.name != "methods.yml":
            texts[path.relative_to(ROOT).as_posix()] = _flat(path.read_text(encoding="utf-8"))
    return texts


# ---------------------------------------------------------------------------------------
# The method itself
# ---------------------------------------------------------------------------------------
def test_the_objection_method_has_the_five_steps_of_module_07():
    assert methods.method_steps("objection_handling") == (
        "Listen",
        "Acknowledge",
        "Clarify",
        "Respond with evidence",
        "Confirm",
    )
    assert methods.method_steps_text("objection_handling") == STEPS
    assert "objection_handling" in methods.method_ids()
    table = methods.method_table("objection_handling")
    assert list(table.index) == [
        "1. Listen",
        "2. Acknowledge",
        "3. Clarify",
        "4. Respond with evidence",
        "5. Confirm",
    ]
    assert table["what_you_do"].str.len().min() > 20


def test_unknown_methods_and_references_are_clear_errors():
    with pytest.raises(ParameterError, match="`method_id` must be one of .*'objection_handlin'"):
        methods.method("objection_handlin")
    with pytest.raises(WrongTypeError, match="`method_id` must be text"):
        methods.method(5)  # type: ignore[arg-type]
    with pytest.raises(
        DataError, match="account_plan.yml: sections\\[0\\].help refers to the method 'closing'"
    ):
        methods.expand_methods("Use {method:closing}.", "account_plan.yml: sections[0].help")
    assert methods.expand_methods("No reference here.") == "No reference here."


def test_a_malformed_methods_file_names_the_field():
    with pytest.raises(DataError, match=r"methods.yml: objection_handling.steps\[1\].do"):
        methods._parse(
            {
                "objection_handling": {
                    "name": "x",
                    "source": "y",
                    "steps": [
                        {"step": "Listen", "do": "Let them finish."},
                        {"step": "Confirm", "do": ""},
                    ],
                }
            },
            "methods.yml",
        )
    with pytest.raises(DataError, match="repeats the step 'listen'"):
        methods._parse(
            {
                "m": {
                    "name": "x",
                    "source": "y",
                    "steps": [
                        {"step": "Listen", "do": "a"},
                        {"step": "listen", "do": "b"},
                    ],
                }
            },
            "methods.yml",
        )


# ---------------------------------------------------------------------------------------
# One source: every place that shows the steps
# ---------------------------------------------------------------------------------------
def test_the_content_files_refer_to_the_method_instead_of_copying_it():
    for name in ("competencies.yml", "dossier.yml", "account_plan.yml"):
        raw = (CONTENT_DIR / name).read_text(encoding="utf-8")
        assert "{method:objection_handling}" in raw, name
        assert "listen, acknowledge" not in raw.lower(), name


def test_competencies_dossier_and_account_plan_render_the_steps_from_the_source():
    actions = kt.competency_items().loc["objection_handling", "actions"]
    assert sum(STEPS in action for action in actions) == 1
    assert not any("{method:" in a for a in kt.competency_items()["actions"].sum())
    for form in ("dossier", "account_plan"):
        help_text = kt.dossier_form(form).fields["objections"].help
        assert STEPS in help_text and "{method:" not in help_text, form


def test_module_07_teaches_the_table_of_the_source():
    cells = json.loads((ROOT / "course" / "07_common_mistakes.ipynb").read_text(encoding="utf-8"))
    markdown = "\n".join(
        "".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "markdown"
    )
    rows = [line for line in markdown.splitlines() if re.match(r"\| \d\. \*\*", line)]
    table = methods.method_table("objection_handling")
    assert len(rows) == len(table)
    for row, (label, step) in zip(rows, table.iterrows(), strict=True):
        number, name = label.split(". ", 1)
        assert row.startswith(f"| {number}. **{name}** | {_flat(step['what_you_do'])} |"), row


def test_every_text_that_lists_the_steps_lists_the_same_five():
    listed = 0
    for path, text in _texts().items():
        for match in re.finditer(r"listen, acknowledge", text, flags=re.IGNORECASE):
            found = text[match.start() : match.start() + len(STEPS)]
            assert found.lower() == STEPS, (path, text[match.start() - 60 : match.end() + 80])
            listed += 1
        for wrong in ("four-step", "four steps", "acknowledge it, ask a question"):
            assert wrong not in text.lower(), (path, wrong)
    assert listed >= 8  # module 07 several times, 08, the glossary, the guide, the exercise


def test_the_authoring_guide_states_the_assessment_rules():
    guide = _flat((ROOT / "course" / "AUTHORING.md").read_text(encoding="utf-8"))
    section = guide[guide.index("## Assessment rules") : guide.index("## Voice")]
    for rule in (
        "Options of similar length and style",
        "Plausible distractors",
        "No recall-only items",
        "A scenario for each idea",
        "Shuffle unless the order means something",
        "two defensible replies",
        "kamtools/content/methods.yml",
        "tests/test_check_quality.py",
        "tests/test_roleplay_blind.py",
    ):
        assert rule in section, rule
    for test in ("test_check_quality.py", "test_roleplay_blind.py"):
        assert (ROOT / "tests" / test).exists(), test
