"""DossierBuilder: fill in the client dossier (or an account plan), watch it complete, export it.

A thin view over :mod:`kamtools.learning.dossier`: the form, the completeness score, the rendered
document and the safe export all come from there (unit-tested); this module only wires
text boxes and buttons. ``DossierBuilder(form="account_plan")`` shows the key account
plan with the same widget.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from ..errors import KamtoolsError, WrongTypeError
from ..learning.dossier import (
    Completeness,
    DossierForm,
    _answers,
    dossier_completeness,
    dossier_form,
    dossier_html,
    export_dossier,
)
from ..messages import t
from ..progress import Draft
from ._drafts import draft_note
from ._teaching import BAD, GOOD, INFO, WARN, block, button, captured, close_tree, esc, root_box

__all__ = ["DossierBuilder"]

#: File the export button of the dossier writes to unless the learner types another name
#: (each form names its own in its YAML file: ``export_file``).
DEFAULT_EXPORT = "client_dossier.html"


def _export_label(form: DossierForm) -> str:
    """The label of the export button: "Export account plan" (in the learner's language)."""
    known = {
        "dossier": t("dossier_builder.export_dossier"),
        "account_plan": t("dossier_builder.export_account_plan"),
    }
    return known.get(form.name) or t("dossier_builder.export", noun=form.noun)


class DossierBuilder:
    """The client dossier (or another form) as a form: completeness, missing items, export.

    Parameters
    ----------
    answers : dict, optional
        Starting answers (field id -> text), e.g. to continue an earlier dossier.
    form : str, default "dossier"
        Which form to fill in: ``"dossier"`` (the client dossier and meeting plan) or
        ``"account_plan"`` (the key account plan); see :data:`kamtools.learning.dossier.FORMS`.
    export_path : str, optional
        Initial content of the file box (``.html`` or ``.md``). Default: the form's
        ``export_file``, ``"client_dossier.html"`` for the dossier and
        ``"account_plan.html"`` for the account plan.
    autosave : bool, default True
        Save the answers in the progress store as the learner types, and fill them in
        again when the cell runs again (also after a kernel restart). What was saved
        takes the place of ``answers`` for the fields it holds.
    draft_key : str, optional
        Key of the saved answers; default ``"form/<form>"`` (``"form/account_plan"``), so
        every builder of the same form continues the same document.

    Attributes
    ----------
    form : DossierForm
        The form shown (:func:`kamtools.dossier_form`).
    answers : dict
        Field id -> the text in its box, for every field.
    draft : kamtools.progress.Draft
        Where the answers are saved as the learner types.
    restored : bool
        True if saved answers were filled in when the builder was made.
    draft_html : HTML
        Says that typing is saved (or that it was restored, or that saving is off).
    completeness : Completeness
        :func:`kamtools.dossier_completeness` of the current answers.
    fields : dict of Text or Textarea
        One box per field, by field id.
    people_notes : dict of HTML
        The data-protection note (the form's ``people_note``) shown under the label of
        each field about people (``about_people`` in the form's YAML), by field id.
    completeness_bar : IntProgress
        The score, 0-100; ``completeness_html`` says it in words.
    missing_html : HTML
        The required items still missing, by section.
    preview_html : HTML
        The rendered one-page dossier.
    path_text, overwrite_checkbox, export_button, export_html
        The export controls and the message saying where the file was written (or why
        not).

    Examples
    --------
    >>> from kamtools.widgets.dossier import DossierBuilder
    >>> w = DossierBuilder()
    >>> w.fields["company_name"].value = "Domar"
    >>> w.completeness_bar.value > 0, "Domar" in w.preview_html.value
    (True, True)
    >>> w.close()
    >>> plan = DossierBuilder(form="account_plan")
    >>> plan.export_button.description, plan.path_text.value
    ('Export account plan', 'account_plan.html')
    >>> plan.close()
    """

    def __init__(
        self,
        answers: Mapping[str, str | None] | None = None,
        *,
        form: str = "dossier",
        export_path: str | None = None,
        autosave: bool = True,
        draft_key: str | None = None,
    ) -> None:
        start = _answers(answers, form)  # validates the form and the starting answers
        self.form: DossierForm = dossier_form(form)
        form_spec = self.form
        if not isinstance(autosave, bool):
            raise WrongTypeError(f"`autosave` must be True or False, but {autosave!r} was passed.")
        self.draft = Draft(draft_key or f"form/{form_spec.name}", enabled=autosave)
        saved = self.draft.load()
        self.restored = False
        if isinstance(saved, dict) and isinstance(saved.get("answers"), dict):
            for field_id, text in saved["answers"].items():
                # A field removed from the form since, or a damaged value, is left out.
                if field_id in start and isinstance(text, str) and text != start[field_id]:
                    start[field_id] = text
                    self.restored = True
        if export_path is None:
            export_path = form_spec.export_file or f"{form_spec.name}.html"
        self.out = widgets.Output()
        self.fields: dict[str, widgets.Text | widgets.Textarea] = {}
        self.people_notes: dict[str, widgets.HTML] = {}
        pages = []
        for section in form_spec.sections:
            rows = [widgets.HTML(block(f"<i>{esc(section.intro)}</i>"))]
            for f in section.fields:
                kind = widgets.Textarea if f.multiline else widgets.Text
                box = kind(
                    value=start[f.id],
                    placeholder=f.help,
                    layout=widgets.Layout(width="100%", height="5em" if f.multiline else "auto"),
                )
                box.observe(captured(self.out, self._on_change), names="value")
                self.fields[f.id] = box
                mark = (
                    t("dossier_builder.required") if f.required else t("dossier_builder.optional")
                )
                colour = BAD if f.required else "#555"
                label = widgets.HTML(
                    block(
                        f"<b>{esc(f.label)}</b> <span style='color:{colour}'>{mark}</span><br>"
                        f"<span style='color:#555; font-size:15px'>{esc(f.help)}</span>"
                    )
                )
                parts: list[widgets.Widget] = [label]
                if f.about_people:
                    note = widgets.HTML(
                        block(
                            f"<span style='font-size:15px'>{esc(form_spec.people_note)}</span>",
                            border=WARN,
                        )
                    )
                    self.people_notes[f.id] = note
                    parts.append(note)
                rows.append(widgets.VBox([*parts, box], layout=widgets.Layout(margin="0 0 8px")))
            pages.append(widgets.VBox(rows))
        self.accordion = widgets.Accordion(
            children=pages,
            titles=tuple(
                t("dossier_builder.section", n=i, title=s.title)
                for i, s in enumerate(form_spec.sections, start=1)
            ),
        )
        self.completeness_bar = widgets.IntProgress(
            min=0, max=100, layout=widgets.Layout(width="320px", height="28px")
        )
        self.completeness_html = widgets.HTML()
        self.missing_html = widgets.HTML()
        self.preview_html = widgets.HTML()
        self.tabs = widgets.Tab(
            children=[self.accordion, self.preview_html],
            titles=(t("dossier_builder.form_tab"), t("dossier_builder.preview_tab")),
        )
        self.path_text = widgets.Text(
            value=export_path,
            description=t("dossier_builder.file"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        self.overwrite_checkbox = widgets.Checkbox(
            value=False, description=t("dossier_builder.overwrite"), indent=False
        )
        self.export_button = button(
            _export_label(form_spec), icon="download", button_style="primary"
        )
        self.export_button.on_click(captured(self.out, self._on_export))
        self.export_html = widgets.HTML()
        self.draft_html = widgets.HTML(draft_note(self.draft, restored=self.restored))

        intro_text = (
            f"<p style='margin:4px 0'>{esc(form_spec.intro)}</p>" if form_spec.intro else ""
        )
        intro = widgets.HTML(
            block(
                f"<h2 style='margin:0 0 6px; font-size:1.5em'>{esc(form_spec.title)}</h2>"
                + intro_text,
                border=INFO,
            )
        )
        score = widgets.HBox(
            [self.completeness_bar, self.completeness_html],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        export = widgets.HBox(
            [self.path_text, self.overwrite_checkbox, self.export_button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.root = root_box(
            [
                intro,
                self.draft_html,
                score,
                self.missing_html,
                self.tabs,
                export,
                self.export_html,
                self.out,
            ]
        )
        self._refresh()

    # ------------------------------------------------------------------ state
    @property
    def answers(self) -> dict[str, str]:
        """Field id -> the text in its box, for every field."""
        return {field_id: box.value for field_id, box in self.fields.items()}

    # ------------------------------------------------------------------ callbacks
    def _on_change(self, _change: dict[str, Any]) -> None:
        self._refresh()
        self.draft.save({"answers": self.answers})

    def _on_export(self, _button: widgets.Button) -> None:
        try:
            path = export_dossier(
                self.answers,
                self.path_text.value.strip(),
                overwrite=self.overwrite_checkbox.value,
                form=self.form.name,
            )
        except KamtoolsError as exc:
            self.export_html.value = block(
                f"<b style='color:{BAD}'>{t('dossier_builder.failed', reason=esc(exc))}</b>",
                border=BAD,
            )
        else:
            self.export_html.value = block(
                f"<b style='color:{GOOD}'>{t('dossier_builder.saved', path=esc(path))}</b>",
                border=GOOD,
            )

    # ------------------------------------------------------------------ rendering
    def _refresh(self) -> None:
        answers = self.answers
        self.completeness: Completeness = dossier_completeness(answers, form=self.form.name)
        score = self.completeness
        self.completeness_bar.value = round(score.score)
        colour = GOOD if score.ready else WARN
        self.completeness_bar.style.bar_color = colour
        self.completeness_html.value = block(
            f"&nbsp;<b>{esc(t('dossier_builder.score', score=round(score.score)))}</b>"
        )
        if score.ready:
            ready = esc(self.form.ready or t("dossier_builder.ready"))
            self.missing_html.value = block(f"<b style='color:{GOOD}'>{ready}</b>", border=GOOD)
        else:
            missing = set(score.missing_required)
            groups = []
            for s in self.form.sections:
                labels = [esc(f.label) for f in s.fields if f.id in missing]
                if labels:
                    groups.append(f"<li><b>{esc(s.title)}</b>: {'; '.join(labels)}</li>")
            self.missing_html.value = block(
                f"<b>{t('dossier_builder.missing', n=len(missing))}</b>"
                f"<ul style='margin:4px 0'>{''.join(groups)}</ul>",
                border=WARN,
            )
        self.preview_html.value = dossier_html(answers, standalone=False, form=self.form.name)

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close every widget of the builder."""
        close_tree(self.root)
