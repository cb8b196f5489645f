"""The data-protection note next to the fields about people (issue 12, module 09).

Where a learner writes about named people (the buying centre, who we will meet, who knows
whom), the dossier and the account plan show a short RODO/GDPR note; nowhere else. The
note's words live in the forms' YAML files; the widget only shows them.
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
import pytest

import kamtools as kt
from kamtools.errors import DataError
from kamtools.learning.dossier import _parse
from kamtools.widgets.dossier import DossierBuilder

#: The fields where a learner writes about people, per form.
PEOPLE_FIELDS = {
    "dossier": {"attendees", "decision_roles", "relationship_map"},
    "account_plan": {"buying_centre", "coverage_gaps", "relationship_actions"},
}


def text(widget) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", widget.value))).strip()


def _field_rows(builder: DossierBuilder) -> dict[str, list[widgets.Widget]]:
    """Field id -> the widgets shown together with its box (label, note, box)."""
    boxes = {id(box): field_id for field_id, box in builder.fields.items()}
    rows: dict[str, list[widgets.Widget]] = {}
    for page in builder.accordion.children:
        for row in page.children:
            if isinstance(row, widgets.VBox):
                (field_id,) = [boxes[id(c)] for c in row.children if id(c) in boxes]
                rows[field_id] = list(row.children)
    return rows


@pytest.mark.parametrize("form", sorted(PEOPLE_FIELDS))
def test_the_yaml_marks_exactly_the_people_fields(form):
    spec = kt.dossier_form(form)
    assert {f.id for f in spec.fields.values() if f.about_people} == PEOPLE_FIELDS[form]
    note = " ".join(spec.people_note.split())
    for words in ("RODO", "art. 15", "as if the person will read it", "health", "gossip"):
        assert words in note, words


@pytest.mark.parametrize("form", sorted(PEOPLE_FIELDS))
def test_the_note_is_shown_next_to_people_fields_and_nowhere_else(form):
    builder = DossierBuilder(form=form, autosave=False)
    try:
        note = " ".join(builder.form.people_note.split())
        rows = _field_rows(builder)
        assert set(rows) == set(builder.fields)
        assert set(builder.people_notes) == PEOPLE_FIELDS[form]
        for field_id, children in rows.items():
            shown = [c for c in children if isinstance(c, widgets.HTML) and note in text(c)]
            if field_id in PEOPLE_FIELDS[form]:
                assert shown == [builder.people_notes[field_id]], field_id
                # label, then the note, then the box the learner types into
                assert children.index(shown[0]) == 1
                assert children[-1] is builder.fields[field_id]
            else:
                assert shown == [], field_id
        # Not in the form's intro, the section intros, the preview or the export area.
        outside = [builder.completeness_html, builder.missing_html, builder.preview_html]
        assert all(note not in text(w) for w in outside)
        for page in builder.accordion.children:
            assert note not in text(page.children[0])
    finally:
        builder.close()


def test_the_note_stays_when_the_learner_types():
    builder = DossierBuilder(autosave=False)
    try:
        before = builder.people_notes["attendees"].value
        builder.fields["attendees"].value = "Ewa Nowak, head of purchasing since 2022"
        assert builder.people_notes["attendees"].value == before
    finally:
        builder.close()


def test_a_people_field_without_a_note_is_a_clear_error():
    data = {
        "title": "Form",
        "sections": [
            {
                "id": "s",
                "title": "S",
                "intro": "I",
                "fields": [
                    {
                        "id": "who",
                        "label": "Who",
                        "help": "H",
                        "required": True,
                        "weight": 1,
                        "about_people": True,
                    }
                ],
            }
        ],
    }
    with pytest.raises(DataError, match="people_note"):
        _parse(data, "test form")
    data["people_note"] = "Write as if they will read it."
    assert _parse(data, "test form").fields["who"].about_people
    data["sections"][0]["fields"][0]["about_people"] = "yes"
    with pytest.raises(DataError, match=r"about_people must be true or false"):
        _parse(data, "test form")
