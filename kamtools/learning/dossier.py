"""The pre-meeting client dossier and other planning forms: completeness score and export.

The source article's fourth and fifth mistakes, arriving without a client dossier and
without preparing the negotiation, are what the dossier form prevents. Its sections and
fields (company facts, finances, needs, decision makers, history, objectives, questions,
offer, objections, next steps) are defined in ``kamtools/content/dossier.yml``; each field
has a label, help text, a weight and says whether it is required.

The same mechanism serves every form listed in :data:`FORMS`: pass ``form="account_plan"``
to any function here (or to :class:`kamtools.DossierBuilder`) to work with the key
account plan of ``kamtools/content/account_plan.yml`` instead. The dossier is the default.

Answers are a mapping ``{field id: text}``, e.g. ``{"company_name": "Domar"}``. Fields
left out, None or blank are empty. A field counts as *filled* when its text is more than
blanks or a placeholder such as ``"?"``, ``"-"``, ``"TBD"`` or ``"TODO"``.

The records returned (:class:`Completeness`, :class:`DossierForm`,
:class:`DossierSection`, :class:`DossierField`) are reached as ``kt.dossier.<name>``.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .._content import CONTENT_DIR, FieldCheck, display_name, load_yaml, write_text_file
from ..errors import ParameterError, WrongTypeError
from ..i18n import get_language
from ..messages import t
from .methods import expand_methods

__all__ = [
    "dossier_completeness",
    "dossier_form",
    "export_dossier",
    "dossier_html",
    "dossier_markdown",
]

#: The forms this module serves, each defined in ``kamtools/content/<name>.yml``; the first
#: one is the default.
FORMS: tuple[str, ...] = ("dossier", "account_plan")

DOSSIER_FILE: Path = CONTENT_DIR / "dossier.yml"

#: Answers that do not count as filled (compared case-insensitively, after stripping).
PLACEHOLDERS: frozenset[str] = frozenset(
    {"?", "??", "-", "--", ".", "...", "…", "tbd", "todo", "xxx"}
)

_EXPORT_SUFFIXES = (".md", ".markdown", ".html", ".htm")

# Okabe-Ito colours: blue for structure, vermillion for what is missing.
_BLUE, _VERMILLION = "#0072B2", "#D55E00"


# ---------------------------------------------------------------------------------------
# The form
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DossierField:
    """One question of the dossier form."""

    id: str
    section: str
    label: str
    help: str
    required: bool
    weight: float
    multiline: bool
    about_people: bool = False


@dataclass(frozen=True)
class DossierSection:
    """A titled group of fields."""

    id: str
    title: str
    intro: str
    fields: tuple[DossierField, ...]


@dataclass(frozen=True)
class DossierForm:
    """The whole form: a title and its sections, in order.

    ``name`` is the form's name (``"dossier"``, ``"account_plan"``); ``title_field`` the
    id of the field whose answer completes the document's title (e.g. the client's
    name), or ``""``; ``intro``, ``ready`` and ``export_file`` are what the builder widget
    shows above the form, says when every required field is filled, and proposes as
    the export file name. ``people_note`` is the data-protection guidance (RODO/GDPR)
    shown next to every field marked ``about_people`` (notes about named people).
    """

    title: str
    sections: tuple[DossierSection, ...]
    name: str = "dossier"
    title_field: str = ""
    intro: str = ""
    ready: str = ""
    export_file: str = ""
    people_note: str = ""

    @property
    def fields(self) -> dict[str, DossierField]:
        """Every field by id, in form order."""
        return {f.id: f for s in self.sections for f in s.fields}

    @property
    def noun(self) -> str:
        """The form's name in words, e.g. ``"account plan"``."""
        return self.name.replace("_", " ")


def _parse(data: Any, label: str, name: str = "dossier") -> DossierForm:
    check = FieldCheck(label)
    data = check.mapping(
        data,
        "",
        required=("title", "sections"),
        optional=("title_field", "intro", "ready", "export_file", "people_note"),
    )
    sections = []
    seen_fields: set[str] = set()
    seen_sections: set[str] = set()
    for i, raw in enumerate(check.sequence(data["sections"], "sections")):
        where = f"sections[{i}]"
        raw = check.mapping(raw, where, required=("id", "title", "intro", "fields"))
        section_id = check.identifier(raw["id"], f"{where}.id")
        if section_id in seen_sections:
            raise check.fail(f"{where}.id", f"repeats the section id {section_id!r}.")
        seen_sections.add(section_id)
        fields = []
        for j, fraw in enumerate(check.sequence(raw["fields"], f"{where}.fields")):
            fwhere = f"{where}.fields[{j}]"
            fraw = check.mapping(
                fraw,
                fwhere,
                required=("id", "label", "help", "required", "weight"),
                optional=("multiline", "about_people"),
            )
            field_id = check.identifier(fraw["id"], f"{fwhere}.id")
            if field_id in seen_fields:
                raise check.fail(f"{fwhere}.id", f"repeats the field id {field_id!r}.")
            seen_fields.add(field_id)
            if not isinstance(fraw["required"], bool):
                raise check.fail(
                    f"{fwhere}.required",
                    f"must be true or false, but {fraw['required']!r} was found.",
                )
            fields.append(
                DossierField(
                    id=field_id,
                    section=section_id,
                    label=check.text(fraw, "label", fwhere),
                    help=expand_methods(
                        check.text(fraw, "help", fwhere), f"{label}: {fwhere}.help"
                    ),
                    required=fraw["required"],
                    weight=check.number(fraw, "weight", fwhere, positive=True),
                    multiline=check.boolean(fraw, "multiline", fwhere, default=False),
                    about_people=check.boolean(fraw, "about_people", fwhere, default=False),
                )
            )
        sections.append(
            DossierSection(
                id=section_id,
                title=check.text(raw, "title", where),
                intro=check.text(raw, "intro", where),
                fields=tuple(fields),
            )
        )
    title_field = check.optional_text(data, "title_field", "")
    if title_field and title_field not in seen_fields:
        raise check.fail(
            "title_field",
            f"must be the id of a field of the form, but {title_field!r} was found.",
        )
    export_file = check.optional_text(data, "export_file", "")
    if export_file and Path(export_file).suffix.lower() not in _EXPORT_SUFFIXES:
        raise check.fail(
            "export_file",
            f"must end in {' or '.join(_EXPORT_SUFFIXES)}, but {export_file!r} was found.",
        )
    people_note = check.optional_text(data, "people_note", "")
    if not people_note and any(f.about_people for s in sections for f in s.fields):
        raise check.fail(
            "people_note",
            "is needed: some fields are marked about_people, and the note is what they show.",
        )
    return DossierForm(
        title=check.text(data, "title", ""),
        sections=tuple(sections),
        name=name,
        title_field=title_field,
        intro=check.optional_text(data, "intro", ""),
        ready=check.optional_text(data, "ready", ""),
        export_file=export_file,
        people_note=people_note,
    )


def _form_name(form: Any) -> str:
    """Check ``form`` (a name of :data:`FORMS`) and return it."""
    if isinstance(form, str) and form in FORMS:
        return form
    if not isinstance(form, str):
        raise WrongTypeError(
            f"`form` must be the name of a form, one of {list(FORMS)}, but {form!r} was passed."
        )
    close = difflib.get_close_matches(form, list(FORMS), n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ParameterError(f"`form` must be one of {list(FORMS)}, but {form!r} was passed.{hint}")


def form_path(form: str = "dossier") -> Path:
    """The YAML file that defines ``form``: ``kamtools/content/<form>.yml``."""
    return CONTENT_DIR / f"{_form_name(form)}.yml"


@functools.cache
def _load_form(name: str, language: str) -> DossierForm:
    path = form_path(name)
    return _parse(load_yaml(path, language=language), display_name(path), name)


def dossier_form(form: str = "dossier") -> DossierForm:
    """Return a form's sections and fields, as defined in ``kamtools/content/<form>.yml``.

    Parameters
    ----------
    form : str, default "dossier"
        Which form: one of :data:`FORMS`, ``"dossier"`` (the client dossier and
        meeting plan) or ``"account_plan"`` (the key account plan).

    Returns
    -------
    DossierForm
        ``.sections`` in order, each with ``.fields``; ``.fields`` maps every field id to
        its :class:`DossierField` (label, help, required, weight, multiline).

    Raises
    ------
    ParameterError, WrongTypeError
        If ``form`` is not the name of a form (the closest name is suggested).
    DataError
        If the form's file is missing or malformed (the message names the field).

    Examples
    --------
    >>> import kamtools as kt
    >>> form = kt.dossier_form()
    >>> [s.title for s in form.sections][:3]
    ['Company facts', 'Finances', 'Needs and challenges']
    >>> form.fields["company_name"].required
    True
    >>> kt.dossier_form("account_plan").title
    'Key account plan'
    """
    return _load_form(_form_name(form), get_language())


# ---------------------------------------------------------------------------------------
# Answers and completeness
# ---------------------------------------------------------------------------------------
def _answers(answers: Any, form: str = "dossier") -> pd.Series:
    """Validate ``answers``; return the stripped text of every field ('' if empty), in form order."""
    spec = dossier_form(form)
    fields = spec.fields
    if answers is None:
        answers = {}
    if isinstance(answers, pd.Series):
        answers = answers.to_dict()
    if not isinstance(answers, Mapping):
        raise WrongTypeError(
            "`answers` must map field ids to text, e.g. {'company_name': 'Domar'}, but "
            f"{type(answers).__name__} {answers!r} was passed."
        )
    unknown = [key for key in answers if key not in fields]
    if unknown:
        key = unknown[0]
        close = difflib.get_close_matches(str(key), list(fields), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ParameterError(
            f"`answers` has {key!r}, which is not a field of the {spec.noun}; the fields are "
            f"{list(fields)}.{hint}"
        )
    wrong = [
        key for key, value in answers.items() if value is not None and not isinstance(value, str)
    ]
    if wrong:
        key = wrong[0]
        raise WrongTypeError(
            f"The answer for {key!r} must be text, but {answers[key]!r} was passed."
        )
    text = pd.Series(dict(answers), index=list(fields), dtype=object)
    return text.fillna("").astype(str).str.strip()


def _filled(text: pd.Series) -> pd.Series:
    return (text != "") & ~text.str.lower().isin(PLACEHOLDERS)


@dataclass(frozen=True)
class Completeness:
    """How complete a dossier is.

    Attributes
    ----------
    score : float
        Weighted share of filled fields, 0 to 100.
    missing_required : tuple of str
        Ids of required fields still empty, in form order.
    missing_optional : tuple of str
        Ids of optional fields still empty, in form order.
    filled, total : int
        Number of filled fields and of all fields.
    """

    score: float
    missing_required: tuple[str, ...]
    missing_optional: tuple[str, ...]
    filled: int
    total: int

    @property
    def ready(self) -> bool:
        """True when every required field is filled."""
        return not self.missing_required


def dossier_completeness(
    answers: Mapping[str, str | None] | None, *, form: str = "dossier"
) -> Completeness:
    """Score how complete a client dossier (or another form) is, and list what is missing.

    Parameters
    ----------
    answers : dict or None
        Field id -> text. Fields left out, None or blank are empty.
    form : str, default "dossier"
        The form the answers belong to, one of :data:`FORMS` (e.g. ``"account_plan"``).

    Returns
    -------
    Completeness
        ``score`` (0-100, weighted), ``missing_required``, ``missing_optional``,
        ``filled``, ``total`` and ``ready`` (no required field missing).

    Raises
    ------
    WrongTypeError
        If ``answers`` is not a mapping or an answer is not text.
    ParameterError
        If a key is not a field id of the form, or ``form`` is not a form's name.

    Notes
    -----
    score = 100 * (sum of the weights of the filled fields) / (sum of all weights).
    A field is filled when its text, stripped, is not empty and not a placeholder
    (``"?"``, ``"-"``, ``"..."``, ``"TBD"``, ``"TODO"``, ...).

    Examples
    --------
    >>> import kamtools as kt
    >>> c = kt.dossier_completeness({"company_name": "Domar", "industry": "TBD"})
    >>> round(c.score, 1), c.filled, c.ready
    (3.6, 1, False)
    >>> c.missing_required[:2]
    ('industry', 'size')
    >>> kt.dossier_completeness({}).score
    0.0
    >>> kt.dossier_completeness({"account_name": "Domar"}, form="account_plan").filled
    1
    """
    text = _answers(answers, form)
    fields = list(dossier_form(form).fields.values())
    weights = pd.Series([f.weight for f in fields], index=text.index)
    required = pd.Series([f.required for f in fields], index=text.index)
    filled = _filled(text)
    score = 100.0 * float(weights[filled].sum()) / float(weights.sum())
    return Completeness(
        score=score,
        missing_required=tuple(text.index[~filled & required]),
        missing_optional=tuple(text.index[~filled & ~required]),
        filled=int(filled.sum()),
        total=len(fields),
    )


# ---------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------
def _doc_title(text: pd.Series, form: DossierForm) -> str:
    key = form.title_field
    name = text[key] if key and _filled(text)[key] else ""
    return f"{form.title}: {name}" if name else form.title


def _status(score: Completeness) -> str:
    """The completeness line: "Completeness: 40% · 3 required items missing"."""
    status = t("dossier.completeness", score=f"{score.score:.0f}")
    if score.missing_required:
        status += " · " + t("dossier.missing_count", count=len(score.missing_required))
    return status


_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


def _md_text(value: str) -> str:
    # "<" and ">" are escaped so that an answer never becomes raw HTML in a Markdown viewer.
    return re.sub(r"([<>])", r"\\\1", value)


def dossier_markdown(answers: Mapping[str, str | None] | None, *, form: str = "dossier") -> str:
    """Render the dossier (or another form) as a one-page Markdown document.

    Parameters
    ----------
    answers : dict or None
        Field id -> text, as for :func:`dossier_completeness`.
    form : str, default "dossier"
        The form, one of :data:`FORMS`.

    Returns
    -------
    str
        A title (with the client's name), the completeness score, then each section
        with its filled fields; required fields still empty are marked
        "MISSING (required)"; empty optional fields and empty sections are left out.

    Raises
    ------
    WrongTypeError, ParameterError
        As :func:`dossier_completeness`.

    Notes
    -----
    The learner's text is kept as written (so Markdown such as ``*bold*`` works), except
    ``<`` and ``>``, which are escaped so no answer can become raw HTML. Each line of a
    multi-line answer becomes a sub-item, so its line breaks survive rendering; blank
    lines are dropped.

    Examples
    --------
    >>> import kamtools as kt
    >>> md = kt.dossier_markdown({"company_name": "Domar", "challenges": "Late openings"})
    >>> print(md.splitlines()[0])
    # Client dossier and meeting plan: Domar
    >>> "- **Their main challenges:** Late openings" in md
    True
    """
    text = _answers(answers, form)
    filled = _filled(text)
    score = dossier_completeness(answers, form=form)
    spec = dossier_form(form)
    lines = [f"# {_md_text(_doc_title(text, spec))}", ""]
    status = _status(score)
    lines += [f"*{status}*", ""]
    for section in spec.sections:
        shown = [f for f in section.fields if filled[f.id] or f.required]
        if not shown:
            continue
        lines += [f"## {section.title}", ""]
        for f in shown:
            if not filled[f.id]:
                lines.append(f"- **{f.label}:** {t('dossier.missing_md')}")
                continue
            value_lines = [ln.rstrip() for ln in _md_text(text[f.id]).splitlines() if ln.strip()]
            if len(value_lines) == 1:
                lines.append(f"- **{f.label}:** {value_lines[0]}")
            else:
                # Each line of a longer answer becomes a sub-item, so line breaks survive
                # Markdown rendering; lines the learner already started with "- " or "1."
                # keep their own marker.
                lines.append(f"- **{f.label}:**")
                lines += [
                    f"  {ln.lstrip()}" if _LIST_MARKER.match(ln) else f"  - {ln.lstrip()}"
                    for ln in value_lines
                ]
        lines.append("")
    return "\n".join(lines)


_CSS = f"""
.kam-dossier {{ font-family: "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 16px;
  line-height: 1.4; color: #1a1a1a; }}
.kam-dossier h1 {{ font-size: 1.5em; margin: 0 0 0.2em; }}
.kam-dossier .status {{ margin: 0 0 0.8em; }}
.kam-dossier .sections {{ columns: 2 22em; column-gap: 2em; }}
.kam-dossier .kam-section {{ break-inside: avoid; margin: 0 0 0.8em; }}
.kam-dossier h2 {{ font-size: 1.1em; margin: 0 0 0.3em; border-bottom: 2px solid {_BLUE}; }}
.kam-dossier dl {{ margin: 0; }}
.kam-dossier dt {{ font-weight: bold; margin-top: 0.3em; }}
.kam-dossier dd {{ margin: 0 0 0 0.8em; }}
.kam-dossier .missing {{ color: {_VERMILLION}; font-weight: bold; }}
"""

_PAGE_CSS = """
@page { size: A4; margin: 12mm; }
@media print { .kam-dossier { font-size: 9.5pt; } }
body { margin: 1.5em auto; max-width: 60em; }
"""


def dossier_html(
    answers: Mapping[str, str | None] | None,
    *,
    standalone: bool = True,
    form: str = "dossier",
) -> str:
    """Render the dossier (or another form) as an HTML document to print or open in a browser.

    Parameters
    ----------
    answers : dict or None
        Field id -> text, as for :func:`dossier_completeness`.
    standalone : bool, default True
        True: a complete HTML file with print styles (A4, two columns, small print
        font). False: only the ``<div class="kam-dossier">`` fragment with its styles, for
        showing inside a notebook.
    form : str, default "dossier"
        The form, one of :data:`FORMS`.

    Returns
    -------
    str
        HTML. Every answer is escaped, so text such as ``<b>`` or ``&`` is shown as
        typed and can never run as code. Line breaks in answers are kept.

    Raises
    ------
    WrongTypeError, ParameterError
        As :func:`dossier_completeness`.

    Notes
    -----
    Same content as :func:`dossier_markdown`: required fields still empty are marked
    "⚠ Missing (required)" in bold vermillion (icon, words and colour).

    Examples
    --------
    >>> import kamtools as kt
    >>> page = kt.dossier_html({"company_name": "Smith & <Sons>"})
    >>> "Smith &amp; &lt;Sons&gt;" in page, "<Sons>" in page
    (True, False)
    """
    if not isinstance(standalone, bool):
        raise WrongTypeError(f"`standalone` must be True or False, but {standalone!r} was passed.")
    text = _answers(answers, form)
    filled = _filled(text)
    score = dossier_completeness(answers, form=form)
    spec = dossier_form(form)
    esc = html.escape
    title = esc(_doc_title(text, spec))
    status = _status(score)
    parts = [
        '<div class="kam-dossier">',
        f"<h1>{title}</h1>",
        f'<p class="status"><em>{esc(status)}</em></p>',
        '<div class="sections">',
    ]
    for section in spec.sections:
        shown = [f for f in section.fields if filled[f.id] or f.required]
        if not shown:
            continue
        parts += ['<div class="kam-section">', f"<h2>{esc(section.title)}</h2>", "<dl>"]
        for f in shown:
            parts.append(f"<dt>{esc(f.label)}</dt>")
            if filled[f.id]:
                value = "<br>".join(esc(line) for line in text[f.id].splitlines())
                parts.append(f"<dd>{value}</dd>")
            else:
                parts.append(f'<dd class="missing">{esc(t("dossier.missing_html"))}</dd>')
        parts += ["</dl>", "</div>"]
    parts += ["</div>", "</div>"]
    body = "\n".join(parts)
    if not standalone:
        return f"<style>{_CSS}</style>\n{body}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{get_language()}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_CSS}{_PAGE_CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def export_dossier(
    answers: Mapping[str, str | None] | None,
    path: str | Path,
    *,
    overwrite: bool = False,
    form: str = "dossier",
) -> Path:
    """Save the dossier (or another form) as Markdown (``.md``) or HTML (``.html``).

    Parameters
    ----------
    answers : dict or None
        Field id -> text, as for :func:`dossier_completeness`.
    path : str or Path
        The file to write (``.md``, ``.markdown``, ``.html`` or ``.htm``); its folder
        must exist.
    overwrite : bool, default False
        Replace ``path`` if it already exists. By default an existing file is never
        touched.
    form : str, default "dossier"
        The form, one of :data:`FORMS`.

    Returns
    -------
    Path
        The absolute path written.

    Raises
    ------
    ParameterError
        If the suffix is not one of the above, the folder does not exist, or the file
        exists and ``overwrite`` is False (the message names the path).
    WrongTypeError
        If ``path`` is not text or a Path; errors of :func:`dossier_completeness` for bad answers.

    Examples
    --------
    >>> import kamtools as kt, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> written = kt.export_dossier({"company_name": "Domar"}, folder / "domar.html")
    >>> written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    >>> kt.export_dossier({}, folder / "domar.html")
    Traceback (most recent call last):
    ...
    kamtools.errors.ParameterError: `path` '...domar.html' already exists; pass overwrite=True to replace it, or choose another file name.
    """
    suffix = Path(path).suffix.lower() if isinstance(path, (str, Path)) else ""
    if suffix in (".html", ".htm"):
        text = dossier_html(answers, form=form)
    elif suffix in (".md", ".markdown"):
        text = dossier_markdown(answers, form=form)
    else:
        _answers(answers, form)
        text = ""
    return write_text_file(path, text, overwrite=overwrite, suffixes=_EXPORT_SUFFIXES)
