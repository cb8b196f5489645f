"""Client dossier: the form file, completeness, Markdown and HTML rendering, safe export."""

from __future__ import annotations

import copy
import html
import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.learning.dossier import DOSSIER_FILE, PLACEHOLDERS, _parse

FORM = kt.dossier_form()
FIELDS = FORM.fields
REQUIRED = [f for f in FIELDS.values() if f.required]


def full_answers() -> dict[str, str]:
    return {field_id: f"Answer for {field_id}" for field_id in FIELDS}


# ------------------------------------------------------------------------------ the form
def test_the_form_has_the_sections_of_the_brief():
    assert [s.title for s in FORM.sections] == [
        "Company facts",
        "Finances",
        "Needs and challenges",
        "Decision makers and buying centre",
        "Our history with them",
        "Meeting objectives",
        "Questions to ask",
        "Our offer and value",
        "Expected objections and answers",
        "Next steps",
    ]
    assert all(s.fields for s in FORM.sections)
    assert all(any(f.required for f in s.fields) for s in FORM.sections)


def test_fields_have_labels_help_and_positive_weights():
    for f in FIELDS.values():
        assert f.label and len(f.help) > 10 and f.weight > 0
    assert FIELDS["company_name"].required and not FIELDS["company_name"].multiline
    assert FIELDS["questions"].multiline


def test_the_shipped_file_parses_the_same_with_safe_load():
    data = yaml.safe_load(DOSSIER_FILE.read_text(encoding="utf-8"))
    assert _parse(data, "dossier.yml") == FORM


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["sections"][0]["fields"][1].update(id="company_name"),
            r"d\.yml: sections\[0\]\.fields\[1\]\.id repeats the field id 'company_name'",
        ),
        (
            lambda d: d["sections"][1].update(id="company"),
            r"sections\[1\]\.id repeats the section id 'company'",
        ),
        (
            lambda d: d["sections"][0]["fields"][0].update(weight=0),
            r"fields\[0\]\.weight must be a positive number, but 0",
        ),
        (
            lambda d: d["sections"][0]["fields"][0].update(weight="high"),
            r"fields\[0\]\.weight must be a positive number, but 'high'",
        ),
        (
            lambda d: d["sections"][0]["fields"][0].update(required="yes"),
            r"fields\[0\]\.required must be true or false, but 'yes'",
        ),
        (
            lambda d: d["sections"][0]["fields"][0].update(multiline="no"),
            r"fields\[0\]\.multiline must be true or false, but 'no'",
        ),
        (lambda d: d["sections"][0]["fields"][0].pop("help"), r"fields\[0\]\.help is missing"),
        (
            lambda d: d["sections"][0]["fields"][0].update(hlep="x"),
            r"fields\[0\]\.hlep is not a known field",
        ),
        (
            lambda d: d["sections"][0].update(fields=[]),
            r"sections\[0\]\.fields must have at least 1 entries, but it has 0",
        ),
    ],
)
def test_form_errors_name_the_field(change, message):
    data = copy.deepcopy(yaml.safe_load(DOSSIER_FILE.read_text(encoding="utf-8")))
    change(data)
    with pytest.raises(kt.DataError, match=message):
        _parse(data, "d.yml")


# ------------------------------------------------------------------------------ completeness
def test_total_weight_hand_count():
    # Company 2+2+2+1+2 = 9, finances 2+1+2+1 = 6, needs 3+3+2 = 8, buying centre
    # 3+2+1 = 6, history 2+2+1 = 5, objectives 3+1+1 = 5, questions 3, offer 2+3+2+1 = 8,
    # objections 2, next steps 2+1 = 3: 55 in all.
    assert sum(f.weight for f in FIELDS.values()) == 55


def test_completeness_hand_case():
    c = kt.dossier_completeness({"company_name": "Domar", "questions": "Why?\nWho decides?"})
    # (2 + 3) / 55 = 9.09%
    assert c.score == pytest.approx(100 * 5 / 55)
    assert (c.filled, c.total, c.ready) == (2, len(FIELDS), False)
    assert "company_name" not in c.missing_required and "questions" not in c.missing_required
    assert c.missing_required == tuple(
        f.id for f in REQUIRED if f.id not in {"company_name", "questions"}
    )
    assert c.missing_optional == tuple(f.id for f in FIELDS.values() if not f.required)


def test_completeness_empty_and_full():
    assert kt.dossier_completeness({}).score == 0.0
    assert kt.dossier_completeness(None).score == 0.0
    full = kt.dossier_completeness(full_answers())
    assert (full.score, full.ready, full.missing_required, full.missing_optional) == (
        100.0,
        True,
        (),
        (),
    )
    only_required = kt.dossier_completeness({f.id: "x y" for f in REQUIRED})
    assert only_required.ready and only_required.score < 100


@pytest.mark.parametrize(
    "placeholder", ["", "   ", "\n\t", "?", "-", "...", "TBD", " todo ", "XXX", None]
)
def test_blanks_and_placeholders_do_not_count(placeholder):
    c = kt.dossier_completeness({"company_name": placeholder})
    assert c.score == 0.0
    assert "company_name" in c.missing_required


def test_placeholders_are_lower_case():
    assert all(p == p.lower() for p in PLACEHOLDERS)


@pytest.mark.parametrize(
    ("answers", "error", "message"),
    [
        (
            {"company": "Domar"},
            kt.ParameterError,
            r"`answers` has 'company', which is not a field of the dossier.*Did you mean 'company_name'\?",
        ),
        (
            {"size": 120},
            kt.WrongTypeError,
            r"The answer for 'size' must be text, but 120 was passed",
        ),
        ({"size": ["big"]}, kt.WrongTypeError, r"but \['big'\] was passed"),
        ("Domar", kt.WrongTypeError, r"`answers` must map field ids to text.*str 'Domar'"),
    ],
)
def test_bad_answers_name_the_field(answers, error, message):
    with pytest.raises(error, match=message):
        kt.dossier_completeness(answers)


@given(st.dictionaries(st.sampled_from(list(FIELDS)), st.text(max_size=20)))
def test_completeness_properties(answers):
    c = kt.dossier_completeness(answers)
    assert 0.0 <= c.score <= 100.0
    assert c.filled + len(c.missing_required) + len(c.missing_optional) == c.total
    filled_weight = sum(
        FIELDS[k].weight
        for k, v in answers.items()
        if v.strip() and v.strip().lower() not in PLACEHOLDERS
    )
    assert c.score == pytest.approx(100 * filled_weight / 55)


# ------------------------------------------------------------------------------ Markdown
def test_markdown_layout():
    md = kt.dossier_markdown(
        {
            "company_name": "Domar",
            "size": "120 stores",
            "questions": "What slows openings?\n\n- Who decides?\n2. When?",
        }
    )
    lines = md.splitlines()
    assert lines[0] == "# Client dossier and meeting plan: Domar"
    assert lines[2].startswith("*Completeness: ")
    assert "## Company facts" in lines
    assert "- **Size:** 120 stores" in lines
    assert "- **Industry and main products or services:** ⚠ MISSING (required)" in lines
    # Multi-line answers become sub-items; the learner's own list markers are kept.
    i = lines.index("- **Questions to ask:**")
    assert lines[i + 1 : i + 4] == ["  - What slows openings?", "  - Who decides?", "  2. When?"]
    # Empty optional fields are left out.
    assert "Ownership and structure" not in md


def test_markdown_without_a_company_name_and_with_html_in_answers():
    md = kt.dossier_markdown({"industry": "Furniture <script>alert(1)</script>"})
    assert md.splitlines()[0] == "# Client dossier and meeting plan"
    assert "<script>" not in md
    assert r"Furniture \<script\>alert(1)\</script\>" in md


# ------------------------------------------------------------------------------ HTML
def test_html_document_structure():
    page = kt.dossier_html({"company_name": "Domar", "recent_news": "New CEO\nNew shop"})
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Client dossier and meeting plan: Domar</title>" in page
    assert "@page { size: A4" in page  # one printed page
    assert "<dd>New CEO<br>New shop</dd>" in page
    assert page.count('<dd class="missing">⚠ Missing (required)</dd>') == len(REQUIRED) - 1
    fragment = kt.dossier_html({"company_name": "Domar"}, standalone=False)
    assert fragment.startswith("<style>") and "<html" not in fragment
    assert '<div class="kam-dossier">' in fragment
    with pytest.raises(kt.WrongTypeError, match=r"`standalone` must be True or False, but 'no'"):
        kt.dossier_html({}, standalone="no")


def test_html_escapes_everything_the_learner_types():
    page = kt.dossier_html(
        {"company_name": 'Smith & <Sons> "Ltd"', "challenges": "<img src=x onerror=alert(1)>"}
    )
    assert "<img" not in page and "<Sons>" not in page
    assert "Smith &amp; &lt;Sons&gt; &quot;Ltd&quot;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


@given(
    st.text(min_size=1, max_size=40).filter(
        lambda s: s.strip() and s.strip().lower() not in PLACEHOLDERS
    )
)
def test_html_shows_any_answer_exactly_as_typed(text):
    page = kt.dossier_html({"challenges": text}, standalone=False)
    cell = re.search(r"<dt>Their main challenges</dt>\n<dd>(.*?)</dd>", page, re.S)
    assert cell is not None
    shown = html.unescape(cell.group(1).replace("<br>", "\n"))
    assert shown == "\n".join(text.strip().splitlines())
    assert "<" not in cell.group(1).replace("<br>", "")


# ------------------------------------------------------------------------------ export
def test_export_html_and_markdown(tmp_path):
    answers = {"company_name": "Domar", "main_objective": "Agree a pilot"}
    page = kt.export_dossier(answers, tmp_path / "domar.html")
    assert page == (tmp_path / "domar.html").resolve()
    assert page.read_text(encoding="utf-8") == kt.dossier_html(answers)
    md = kt.export_dossier(answers, tmp_path / "domar.MD")
    assert md.read_text(encoding="utf-8") == kt.dossier_markdown(answers)


def test_export_never_overwrites_unless_asked(tmp_path):
    path = tmp_path / "domar.md"
    path.write_text("my notes", encoding="utf-8")
    with pytest.raises(
        kt.ParameterError, match=r"`path` '.*domar\.md' already exists; pass overwrite=True"
    ):
        kt.export_dossier({"company_name": "Domar"}, path)
    assert path.read_text(encoding="utf-8") == "my notes"
    kt.export_dossier({"company_name": "Domar"}, path, overwrite=True)
    assert "Domar" in path.read_text(encoding="utf-8")


def test_export_bad_paths(tmp_path):
    with pytest.raises(
        kt.ParameterError,
        match=r"`path` must end in \.md or \.markdown or \.html or \.htm, but '.*d\.pdf'",
    ):
        kt.export_dossier({}, tmp_path / "d.pdf")
    with pytest.raises(
        kt.ParameterError, match=r"'.*missing.d\.md' is in a folder that does not exist"
    ):
        kt.export_dossier({}, tmp_path / "missing" / "d.md")
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(kt.ParameterError, match=r"is a folder, not a file name"):
        kt.export_dossier({}, tmp_path / "folder.md")
    with pytest.raises(kt.WrongTypeError, match=r"`path` must be a file path .* but None"):
        kt.export_dossier({}, None)
    with pytest.raises(kt.ParameterError, match=r"'compnay_name'.*Did you mean 'company_name'"):
        kt.export_dossier({"compnay_name": "x"}, tmp_path / "d.pdf")
    assert [p.name for p in tmp_path.iterdir()] == ["folder.md"]
