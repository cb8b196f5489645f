"""The key account plan: the second form served by the dossier mechanism (form="account_plan").

The dossier's own behaviour is pinned by test_dossier.py and test_widgets_dossier.py; this
file tests the account plan form, the `form` parameter of every function and of the
widget, and that both forms share one mechanism.
"""

from __future__ import annotations

import copy
import html
import re

import ipywidgets as widgets
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.learning.dossier import FORMS, PLACEHOLDERS, _parse, form_path
from kamtools.widgets.dossier import DossierBuilder

PLAN = kt.dossier_form("account_plan")
FIELDS = PLAN.fields
REQUIRED = [f.id for f in FIELDS.values() if f.required]
TOTAL_WEIGHT = 77


def text(widget) -> str:
    """The text a learner reads in an HTML widget: tags removed, entities decoded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", widget.value))).strip()


# ------------------------------------------------------------------------------ the form
def test_the_plan_has_the_sections_of_a_key_account_plan():
    assert PLAN.title == "Key account plan"
    assert PLAN.name == "account_plan" and PLAN.noun == "account plan"
    assert [s.title for s in PLAN.sections] == [
        "The account and the team",
        "Situation in numbers",
        "SWOT",
        "Share of wallet and whitespace",
        "Strategy and objectives",
        "Relationship plan",
        "Value proposition",
        "Joint value plan",
        "Negotiation plan",
        "Action plan",
        "Feedback loop and measures",
    ]
    assert all(any(f.required for f in s.fields) for s in PLAN.sections)


def test_the_plan_asks_for_what_the_capstone_teaches():
    for field_id in (
        "revenue_trend",
        "profitability",
        "concentration",
        "strengths",
        "weaknesses",
        "opportunities",
        "threats",
        "wallet_by_category",
        "whitespace",
        "smart_objectives",
        "buying_centre",
        "coverage_gaps",
        "value_proposition",
        "walk_away",
        "measures",
        "customer_feedback",
    ):
        assert FIELDS[field_id].required, field_id
    assert "bow-tie" in FIELDS["coverage_gaps"].help and "diamond" in FIELDS["coverage_gaps"].help
    assert "d / (m - d)" in FIELDS["walk_away"].help
    assert (
        "specific, measurable, achievable, relevant and time-bound"
        in FIELDS["smart_objectives"].help
    )


def test_fields_have_labels_help_and_positive_weights():
    for f in FIELDS.values():
        assert f.label and len(f.help) > 10 and f.weight > 0
    assert not FIELDS["account_name"].multiline and FIELDS["buying_centre"].multiline


def test_total_weight_hand_count():
    # Account 2+1+2 = 5, situation 3+3+2+3+1+2 = 14, SWOT 2*4 = 8, wallet 3+2+1 = 6,
    # objectives 2+3 = 5, relationships 3+2+2 = 7, value 3+1 = 4, joint value plan
    # 2+3+2+2 = 9, negotiation 2+2+2+1 = 7, actions 3+1 = 4, measures 3+2+2+1 = 8: 77 in all.
    assert sum(f.weight for f in FIELDS.values()) == TOTAL_WEIGHT
    assert (len(FIELDS), len(REQUIRED)) == (37, 28)


def test_widget_texts_of_the_form():
    assert PLAN.title_field == "account_name"
    assert PLAN.export_file == "account_plan.html"
    assert "export" in PLAN.intro and "rubric" in PLAN.ready
    dossier = kt.dossier_form()
    assert (dossier.name, dossier.title_field, dossier.export_file) == (
        "dossier",
        "company_name",
        "client_dossier.html",
    )


def test_the_shipped_file_parses_the_same_with_safe_load():
    path = form_path("account_plan")
    assert path.name == "account_plan.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _parse(data, "account_plan.yml", "account_plan") == PLAN


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(title_field="client"),
            r"p\.yml: title_field must be the id of a field of the form, but 'client'",
        ),
        (
            lambda d: d.update(export_file="plan.pdf"),
            r"p\.yml: export_file must end in \.md or \.markdown or \.html or \.htm, but 'plan\.pdf'",
        ),
        (lambda d: d.update(ready=""), r"p\.yml: ready must be non-empty text, but ''"),
        (lambda d: d.update(intorduction="x"), r"p\.yml: intorduction is not a known field"),
        (
            lambda d: d["sections"][2]["fields"][0].update(id="account_name"),
            r"sections\[2\]\.fields\[0\]\.id repeats the field id 'account_name'",
        ),
    ],
)
def test_form_errors_name_the_field(change, message):
    data = copy.deepcopy(yaml.safe_load(form_path("account_plan").read_text(encoding="utf-8")))
    change(data)
    with pytest.raises(kt.DataError, match=message):
        _parse(data, "p.yml", "account_plan")


# ------------------------------------------------------------------------------ the form name
def test_forms_and_default():
    assert FORMS == ("dossier", "account_plan")
    assert kt.dossier_form() is kt.dossier_form("dossier")
    assert kt.dossier_form("account_plan") is PLAN  # loaded once, then cached


@pytest.mark.parametrize(
    ("form", "error", "message"),
    [
        (
            "acount_plan",
            kt.ParameterError,
            r"`form` must be one of \['dossier', 'account_plan'\], but 'acount_plan' was passed\. Did you mean 'account_plan'\?",
        ),
        ("competencies", kt.ParameterError, r"but 'competencies' was passed\.$"),
        (None, kt.WrongTypeError, r"`form` must be the name of a form.*but None was passed"),
        (2, kt.WrongTypeError, r"but 2 was passed"),
    ],
)
def test_bad_form_names(form, error, message):
    for call in (
        lambda: kt.dossier_form(form),
        lambda: kt.dossier_completeness({}, form=form),
        lambda: kt.dossier_markdown({}, form=form),
        lambda: kt.dossier_html({}, form=form),
        lambda: DossierBuilder(form=form),
    ):
        with pytest.raises(error, match=message):
            call()


# ------------------------------------------------------------------------------ completeness
def test_completeness_hand_case():
    c = kt.dossier_completeness(
        {"account_name": "Gorinik Hydraulics S.A.", "smart_objectives": "Profit >= 0 in 2026"},
        form="account_plan",
    )
    # (2 + 3) / 77 = 6.49%
    assert c.score == pytest.approx(100 * 5 / TOTAL_WEIGHT)
    assert (c.filled, c.total, c.ready) == (2, 37, False)
    assert c.missing_required == tuple(
        f for f in REQUIRED if f not in {"account_name", "smart_objectives"}
    )


def test_completeness_only_required_and_full():
    only_required = kt.dossier_completeness({f: "done" for f in REQUIRED}, form="account_plan")
    # Optional weights 1 + 2 + 1 + 1 + 2 + 2 + 1 + 1 + 1 = 12 of 77 are missing: 65 / 77.
    assert only_required.ready and only_required.score == pytest.approx(100 * 65 / 77)
    full = kt.dossier_completeness({f: "done" for f in FIELDS}, form="account_plan")
    assert (full.score, full.missing_optional) == (100.0, ())


def test_answers_of_one_form_are_refused_by_the_other():
    with pytest.raises(
        kt.ParameterError,
        match=r"`answers` has 'company_name', which is not a field of the account plan",
    ):
        kt.dossier_completeness({"company_name": "Domar"}, form="account_plan")
    with pytest.raises(
        kt.ParameterError,
        match=r"`answers` has 'account_nme', which is not a field of the account plan.*"
        r"Did you mean 'account_name'\?",
    ):
        kt.dossier_completeness({"account_nme": "x"}, form="account_plan")
    with pytest.raises(kt.ParameterError, match=r"not a field of the dossier"):
        kt.dossier_completeness({"account_name": "Gorinik"})


@given(st.dictionaries(st.sampled_from(list(FIELDS)), st.text(max_size=20)))
def test_completeness_properties(answers):
    c = kt.dossier_completeness(answers, form="account_plan")
    assert 0.0 <= c.score <= 100.0
    assert c.filled + len(c.missing_required) + len(c.missing_optional) == c.total == 37
    filled_weight = sum(
        FIELDS[k].weight
        for k, v in answers.items()
        if v.strip() and v.strip().lower() not in PLACEHOLDERS
    )
    assert c.score == pytest.approx(100 * filled_weight / TOTAL_WEIGHT)


# ------------------------------------------------------------------------------ documents
def test_markdown_of_the_plan():
    md = kt.dossier_markdown(
        {
            "account_name": "Gorinik Hydraulics S.A.",
            "strengths": "Integrated relationship\n16 contacts",
            "walk_away": "TBD",
        },
        form="account_plan",
    )
    lines = md.splitlines()
    assert lines[0] == "# Key account plan: Gorinik Hydraulics S.A."
    # (2 + 2) / 77 = 5.2%, shown as 5%; the walk-away placeholder does not count.
    assert lines[2] == f"*Completeness: 5% · {len(REQUIRED) - 2} required items missing*"
    assert "## SWOT" in lines and "## Feedback loop and measures" in lines
    i = lines.index("- **Strengths:**")
    assert lines[i + 1 : i + 3] == ["  - Integrated relationship", "  - 16 contacts"]
    # A placeholder does not count: the walk-away point is still missing.
    assert "- **Walk-away point and our alternative:** ⚠ MISSING (required)" in lines
    # Empty optional fields are left out.
    assert "Competitors at the account" not in md


def test_html_of_the_plan_escapes_and_titles():
    page = kt.dossier_html(
        {"account_name": "Gorinik & <Sons>", "threats": "<script>x</script>"}, form="account_plan"
    )
    assert "<title>Key account plan: Gorinik &amp; &lt;Sons&gt;</title>" in page
    assert "<script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert page.count('<dd class="missing">⚠ Missing (required)</dd>') == len(REQUIRED) - 2
    untitled = kt.dossier_html({}, form="account_plan", standalone=False)
    assert "<h1>Key account plan</h1>" in untitled


def test_export_the_plan(tmp_path):
    answers = {"account_name": "Gorinik", "smart_objectives": "Profit >= 0 PLN in 2026"}
    page = kt.export_dossier(answers, tmp_path / "plan.html", form="account_plan")
    assert page.read_text(encoding="utf-8") == kt.dossier_html(answers, form="account_plan")
    md = kt.export_dossier(answers, tmp_path / "plan.md", form="account_plan")
    assert md.read_text(encoding="utf-8") == kt.dossier_markdown(answers, form="account_plan")
    # Never overwrites unless asked, whichever the form.
    with pytest.raises(kt.ParameterError, match=r"already exists; pass overwrite=True"):
        kt.export_dossier(answers, tmp_path / "plan.md", form="account_plan")
    with pytest.raises(kt.ParameterError, match=r"not a field of the account plan"):
        kt.export_dossier({"company_name": "x"}, tmp_path / "other.md", form="account_plan")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.html", "plan.md"]


# ------------------------------------------------------------------------------ the widget
@pytest.fixture
def builder():
    w = DossierBuilder(form="account_plan")
    yield w
    w.close()


def test_one_widget_for_both_forms(builder):
    assert builder.form is PLAN
    assert list(builder.fields) == list(FIELDS)
    for field_id, box in builder.fields.items():
        kind = widgets.Textarea if FIELDS[field_id].multiline else widgets.Text
        assert type(box) is kind and box.placeholder == FIELDS[field_id].help
    assert builder.accordion.titles[2] == "3. SWOT"
    assert builder.export_button.description == "Export account plan"
    assert builder.path_text.value == "account_plan.html"
    intro = text(builder.root.children[1])  # children[0] holds the shared styles
    # The form saves as the learner types (kamtools/widgets/_drafts.py); the intro says so.
    assert intro.startswith("Key account plan") and "saved as you go" in intro
    assert "Nothing is saved" not in intro


def test_widget_scores_and_previews_the_plan(builder):
    assert f"Still missing ({len(REQUIRED)} required)" in text(builder.missing_html)
    assert "Situation in numbers" in text(builder.missing_html)
    builder.fields["account_name"].value = "Gorinik Hydraulics S.A."
    builder.fields["measures"].value = "Profit after cost to serve, every quarter"
    # (2 + 3) / 77 = 6.5%, shown as 6
    assert builder.completeness.score == pytest.approx(100 * 5 / TOTAL_WEIGHT)
    assert builder.completeness_bar.value == 6
    assert "Key account plan: Gorinik Hydraulics S.A." in text(builder.preview_html)
    for field_id in REQUIRED:
        builder.fields[field_id].value = "Written"
    assert "Every required item is filled in. Export the plan" in text(builder.missing_html)


def test_widget_exports_the_plan(builder, tmp_path):
    builder.fields["account_name"].value = "Gorinik"
    builder.path_text.value = str(tmp_path / "gorinik.md")
    builder.export_button.click()
    written = (tmp_path / "gorinik.md").read_text(encoding="utf-8")
    assert written.startswith("# Key account plan: Gorinik")
    assert "✔ Saved to" in text(builder.export_html)
    builder.export_button.click()
    assert "already exists; pass overwrite=True" in text(builder.export_html)


def test_widget_starting_answers_and_paths(tmp_path):
    w = DossierBuilder({"account_name": "Gorinik"}, form="account_plan", export_path="x.md")
    assert w.fields["account_name"].value == "Gorinik" and w.path_text.value == "x.md"
    w.close()
    with pytest.raises(kt.ParameterError, match=r"not a field of the account plan"):
        DossierBuilder({"company_name": "Domar"}, form="account_plan")
    dossier = DossierBuilder()
    assert dossier.path_text.value == "client_dossier.html"
    assert dossier.export_button.description == "Export dossier"
    dossier.close()


# ------------------------------------------------------------------------------ the joint value plan
JOINT = ["customer_objectives", "joint_objectives", "joint_owners", "qbr_plan"]


def test_the_joint_value_plan_is_its_own_section_after_the_value_proposition():
    titles = [s.title for s in PLAN.sections]
    assert titles.index("Joint value plan") == titles.index("Value proposition") + 1
    joint = next(s for s in PLAN.sections if s.id == "joint_plan")
    assert [f.id for f in joint.fields] == JOINT
    # What the customer wants moved here from "Strategy and objectives": one place for the
    # goals agreed with the customer.
    objectives = next(s for s in PLAN.sections if s.id == "objectives")
    assert [f.id for f in objectives.fields] == ["strategy", "smart_objectives"]
    assert [FIELDS[f].required for f in JOINT] == [False, True, True, False]
    # shared objectives with measures, owners on both sides, dates; internal figures kept out
    assert "WITH the customer" in joint.intro and "walk-away point" in joint.intro
    help_text = FIELDS["joint_objectives"].help
    assert "good for both sides" in help_text and "target and a date" in help_text
    assert "owner at the customer and the owner on our side" in FIELDS["joint_owners"].help
    assert "executive sponsors" in FIELDS["joint_owners"].help
    for line in ("on-time delivery", "fill rate", "response time"):
        assert line in FIELDS["qbr_plan"].help
        assert line in " ".join(kt.qbr_scorecard_lines()["measure"]).lower()


def test_the_joint_section_in_the_documents():
    answers = {
        "account_name": "Gorinik",
        "joint_objectives": "At most 1.5 deliveries per order by September 2026",
    }
    md = kt.dossier_markdown(answers, form="account_plan")
    assert "## Joint value plan" in md
    assert "- **Shared objectives, measures and targets:** At most 1.5 deliveries" in md
    assert "- **Owners on both sides:** ⚠ MISSING (required)" in md
    assert "Quarterly business review and scorecard" not in md  # optional and empty
    page = kt.dossier_html(answers, form="account_plan")
    assert "<h2>Joint value plan</h2>" in page


def test_the_widget_shows_the_joint_section(builder):
    assert builder.accordion.titles[7] == "8. Joint value plan"
    assert (
        "Joint value plan : Shared objectives, measures and targets; Owners on both sides"
        in text(builder.missing_html)
    )
    builder.fields["joint_objectives"].value = "Fewer deliveries per order"
    builder.fields["joint_owners"].value = "Warehouse manager (Gorinik), logistics manager (us)"
    assert "Joint value plan" not in text(builder.missing_html)
    assert "Owners on both sides" in text(builder.preview_html)


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A progress store of this test only, recording on (where the drafts are saved)."""
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    from kamtools.progress import ProgressStore

    return ProgressStore(tmp_path / "progress.sqlite3")


def test_a_draft_saved_before_the_joint_section_comes_back_whole(store):
    # A learner typed a plan when the form had no joint section (customer_objectives then sat
    # in "Strategy and objectives"): every answer comes back, the new fields start empty.
    old = {
        "account_name": "Gorinik",
        "customer_objectives": "Fewer line stops",
        "strategy": "Repair",
    }
    store.save_draft("form/account_plan", {"answers": old})
    plan = DossierBuilder(form="account_plan")
    try:
        assert plan.restored is True
        assert {k: plan.answers[k] for k in old} == old
        assert plan.answers["joint_objectives"] == plan.answers["joint_owners"] == ""
        assert "Owners on both sides" in text(plan.missing_html)
    finally:
        plan.close()


def test_the_joint_fields_are_saved_as_the_learner_types(store):
    plan = DossierBuilder(form="account_plan")
    plan.fields["joint_objectives"].value = "At most 1.5 deliveries per order"
    plan.fields["qbr_plan"].value = "First QBR 26 February; scorecard of six lines"
    plan.close()
    again = DossierBuilder(form="account_plan")
    try:
        assert again.restored is True
        assert again.answers["joint_objectives"] == "At most 1.5 deliveries per order"
        assert again.answers["qbr_plan"] == "First QBR 26 February; scorecard of six lines"
    finally:
        again.close()
