"""DossierBuilder widget, driven headless: type into the boxes, watch the score, export."""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
import pytest

import kamtools as kt
from kamtools.widgets.dossier import DossierBuilder

FORM = kt.dossier_form()
FIELDS = FORM.fields
REQUIRED = [f.id for f in FIELDS.values() if f.required]


def text(widget) -> str:
    """The text a learner reads in an HTML widget: tags removed, entities decoded."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", widget.value))).strip()


@pytest.fixture
def db():
    w = DossierBuilder()
    yield w
    w.close()


def test_one_box_per_field_grouped_by_section(db):
    assert list(db.fields) == list(FIELDS)
    for field_id, box in db.fields.items():
        kind = widgets.Textarea if FIELDS[field_id].multiline else widgets.Text
        assert type(box) is kind
        assert box.placeholder == FIELDS[field_id].help
    assert db.accordion.titles[0] == "1. Company facts"
    assert len(db.accordion.children) == len(FORM.sections)
    assert db.tabs.titles == ("Form", "Preview")


def test_empty_form(db):
    assert db.completeness_bar.value == 0
    assert "0% complete" in text(db.completeness_html)
    assert f"Still missing ({len(REQUIRED)} required)" in text(db.missing_html)
    assert "Client company" in text(db.missing_html)


def test_typing_updates_score_missing_list_and_preview(db):
    db.fields["company_name"].value = "Domar"
    # Weight 2 of 55: 3.6%, shown rounded as 4.
    assert db.completeness.score == pytest.approx(100 * 2 / 55)
    assert db.completeness_bar.value == 4
    assert "4% complete" in text(db.completeness_html)
    assert "Client company" not in text(db.missing_html)
    assert f"Still missing ({len(REQUIRED) - 1} required)" in text(db.missing_html)
    assert "Client dossier and meeting plan: Domar" in text(db.preview_html)
    assert db.answers["company_name"] == "Domar"


def test_placeholders_do_not_count_on_screen(db):
    db.fields["company_name"].value = "TBD"
    assert db.completeness_bar.value == 0
    assert "Client company" in text(db.missing_html)


def test_all_required_filled_says_ready(db):
    for field_id in REQUIRED:
        db.fields[field_id].value = "Checked"
    assert db.completeness.ready
    assert "Every required item is filled in" in text(db.missing_html)
    assert 0 < db.completeness_bar.value < 100
    for field_id in FIELDS:
        db.fields[field_id].value = "Checked"
    assert db.completeness_bar.value == 100
    assert "100% complete" in text(db.completeness_html)


def test_preview_escapes_what_the_learner_types(db):
    db.fields["challenges"].value = "<script>alert('x')</script> & more"
    assert "<script>" not in db.preview_html.value
    assert "<script>alert('x')</script> & more" in text(db.preview_html)


def test_export_refuses_to_overwrite_unless_ticked(db, tmp_path):
    target = tmp_path / "domar.html"
    db.fields["company_name"].value = "Domar"
    db.path_text.value = str(target)
    db.export_button.click()
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Domar" in target.read_text(encoding="utf-8")
    assert "✔ Saved to" in text(db.export_html) and str(target) in text(db.export_html)
    db.fields["company_name"].value = "Domar S.A."
    db.export_button.click()
    assert "✘ Not saved" in text(db.export_html)
    assert "already exists; pass overwrite=True" in text(db.export_html)
    assert "Domar S.A." not in target.read_text(encoding="utf-8")
    db.overwrite_checkbox.value = True
    db.export_button.click()
    assert "Domar S.A." in target.read_text(encoding="utf-8")


def test_export_markdown_and_bad_names(db, tmp_path):
    db.fields["main_objective"].value = "Agree a three-store pilot"
    db.path_text.value = str(tmp_path / "plan.md")
    db.export_button.click()
    md = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert "- **Main objective of this meeting:** Agree a three-store pilot" in md
    db.path_text.value = str(tmp_path / "plan.pdf")
    db.export_button.click()
    assert "must end in .md or .markdown or .html or .htm" in text(db.export_html)
    db.path_text.value = "   "
    db.export_button.click()
    assert "✘ Not saved" in text(db.export_html)


def test_starting_answers(tmp_path):
    w = DossierBuilder({"company_name": "Domar", "size": "120 stores"}, export_path="x.md")
    assert w.fields["size"].value == "120 stores"
    assert w.completeness_bar.value == round(100 * 4 / 55)  # weights 2 + 2
    assert w.path_text.value == "x.md"
    w.close()
    with pytest.raises(kt.ParameterError, match=r"'compnay'.*Did you mean 'company_name'"):
        DossierBuilder({"compnay": "Domar"})


def test_display_and_close(db):
    assert "application/vnd.jupyter.widget-view+json" in db._repr_mimebundle_()
    box = db.fields["questions"]
    db.close()
    assert db.root.comm is None and box.comm is None and db.tabs.comm is None
