"""The certificate of completion: a printable page a manager can file.

Built from the progress store (which questions were solved, when, and how many at the first
attempt) and, when given, the learner's competency self-assessment. The page is one
self-contained HTML file with print styles: open it in a browser and print it, or save it as
PDF from the print dialogue.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date as _date
from pathlib import Path
from typing import Any

import pandas as pd

from .._numbers import integer as _integer
from .._numbers import number as _number
from .._typing import frame_rows
from ..errors import KamtoolsError, WrongTypeError
from ..i18n import get_language
from ..messages import t
from .competencies import CompetencyTarget, competency_area_scores, top_competency_gaps

__all__ = ["CertificateNotReady", "certificate", "certificate_html", "course_record"]


class CertificateNotReady(KamtoolsError):
    """The course is not complete yet; the message says what is left."""


def _titles() -> dict[str, str]:
    from ..checks.spec import available_exercises, load_spec, spec_path

    return {m: load_spec(spec_path(m))["title"] for m in available_exercises()}


def course_record(
    store: Any = None, catalogue: Mapping[str, list[str]] | None = None
) -> pd.DataFrame:
    """One row per module: questions, solved, solved at the first attempt, completed on.

    Parameters
    ----------
    store : ProgressStore, optional
        The learner's store (default: :func:`kamtools.progress.default_store`).
    catalogue : mapping, optional
        Module id -> question ids (default: the course's, :func:`kamtools.checks.catalogue`).

    Returns
    -------
    DataFrame
        Columns ``module``, ``title``, ``questions``, ``solved``, ``first_try`` (solved
        with no wrong attempt before) and ``completed`` (date of the last question solved,
        or NaT while the module is incomplete), in course order.
    """
    from ..checks import catalogue as course_catalogue
    from ..progress import default_store

    store = store if store is not None else default_store()
    catalogue = catalogue if catalogue is not None else course_catalogue()
    completion = store.completion(catalogue)
    summary = store.summary()
    asked = pd.DataFrame(
        [(m, q) for m, qs in catalogue.items() for q in qs], columns=["module", "question"]
    )
    keep = summary.merge(asked, on=["module", "question"])  # renamed questions: left out
    solved = keep[keep["solved"]]
    first_try = solved[solved["attempts_before_success"] == 0].groupby("module").size()
    finished = solved.groupby("module")["last_attempt"].max()
    titles = _titles()
    out = completion[["module", "questions", "solved"]].copy()
    out.insert(1, "title", out["module"].map(lambda m: titles.get(m, m)))
    out["first_try"] = out["module"].map(first_try).fillna(0).astype("int64")
    done = completion["complete"].to_numpy()
    out["completed"] = pd.to_datetime(out["module"].map(finished.to_dict()), utc=True).where(done)
    return out


def _esc(value: Any) -> str:
    return html.escape(str(value))


def certificate_html(
    name: str,
    record: pd.DataFrame,
    *,
    issued: _date,
    ratings: Mapping[str, int] | None = None,
    target: CompetencyTarget = "new",
) -> str:
    """The certificate page for ``name`` from a :func:`course_record` table (pure HTML).

    Raises
    ------
    WrongTypeError
        If ``name`` is not text or is empty.
    """
    if not isinstance(name, str) or not name.strip():
        raise WrongTypeError(
            f'`name` must be the learner\'s name as text, e.g. "Anna Nowak", but {name!r} '
            "was passed."
        )
    questions = int(record["questions"].sum())
    solved = int(record["solved"].sum())
    first = int(record["first_try"].sum())
    rows = "".join(
        "<tr>"
        f"<td>{_esc(r.title)}</td>"
        f"<td class=num>{r.solved} / {r.questions}</td>"
        f"<td class=num>{r.first_try}</td>"
        f"<td class=num>{'' if pd.isna(r.completed) else r.completed.strftime('%d.%m.%Y')}</td>"
        "</tr>"
        for r in frame_rows(record)
    )
    assessment = ""
    if ratings:
        areas = competency_area_scores(ratings, target=target)
        area_rows = "".join(
            f"<tr><td>{_esc(a.name)}</td>"
            f"<td class=num>{'–' if pd.isna(a.rating) else _number(a.rating, 1)}</td>"
            f"<td class=num>{_number(a.target, 1)}</td></tr>"
            for a in frame_rows(areas)
        )
        gaps = top_competency_gaps(ratings, target=target)
        focus = "".join(f"<li>{_esc(g.statement)}</li>" for g in frame_rows(gaps))
        assessment = (
            f"<h2>{_esc(t('certificate.assessment'))}</h2>"
            f"<table><tr><th>{_esc(t('certificate.area'))}</th>"
            f"<th class=num>{_esc(t('certificate.rating'))}</th>"
            f"<th class=num>{_esc(t('certificate.target'))}</th></tr>{area_rows}</table>"
            + (f"<p>{_esc(t('certificate.focus'))}</p><ol>{focus}</ol>" if focus else "")
        )
    return f"""<!DOCTYPE html>
<html lang="{get_language()}"><head><meta charset="utf-8">
<title>{_esc(t("certificate.title"))} · {_esc(name)}</title>
<style>
  @page {{ size: A4; margin: 18mm; }}
  body {{ font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; max-width: 52em;
         margin: 2em auto; }}
  .frame {{ border: 3px double #1565c0; padding: 2em 2.5em; }}
  h1 {{ color: #0d47a1; margin: 0 0 0.2em; font-size: 1.9em; }}
  .who {{ font-size: 1.6em; font-weight: bold; margin: 0.6em 0 0.2em; }}
  table {{ border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; }}
  th, td {{ border-bottom: 1px solid #cfd8dc; padding: 0.3em 0.5em; text-align: left; }}
  .num {{ text-align: right; }}
  .sign {{ display: flex; justify-content: space-between; margin-top: 2.5em; }}
  .sign div {{ border-top: 1px solid #555; width: 40%; padding-top: 0.3em; font-size: 0.9em; }}
</style></head>
<body><div class="frame">
<h1>{_esc(t("certificate.title"))}</h1>
<p>{_esc(t("certificate.intro"))}</p>
<p class="who">{_esc(name.strip())}</p>
<p>{_esc(t("certificate.summary", solved=solved, questions=questions, first=first))}</p>
<h2>{_esc(t("certificate.modules"))}</h2>
<table><tr><th>{_esc(t("certificate.module"))}</th>
<th class=num>{_esc(t("certificate.solved"))}</th>
<th class=num>{_esc(t("certificate.first_try"))}</th>
<th class=num>{_esc(t("certificate.completed"))}</th></tr>{rows}</table>
{assessment}
<div class="sign"><div>{_esc(t("certificate.issued", date=issued.strftime("%d.%m.%Y")))}</div>
<div>{_esc(t("certificate.manager"))}</div></div>
</div></body></html>
"""


def certificate(
    name: str,
    path: str | Path = "kam_certificate.html",
    *,
    store: Any = None,
    ratings: Mapping[str, int] | None = None,
    target: CompetencyTarget = "new",
    issued: _date | None = None,
) -> Path:
    """Write the certificate of completion for ``name`` once every module is complete.

    Parameters
    ----------
    name : str
        The learner's name as it should appear, e.g. ``"Anna Nowak"``.
    path : str or Path, default "kam_certificate.html"
        Where to write the page (next to the notebook unless a folder is given).
    store : ProgressStore, optional
        The progress store (default: the learner's own).
    ratings : mapping, optional
        The competency self-assessment (item id -> 1..5, e.g. ``SelfAssessment().ratings``);
        its summary by area and the three largest gaps are printed when given.
    target : {"new", "senior"}, default "new"
        The profile the self-assessment is compared with.
    issued : date, optional
        The date printed (default: today).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    CertificateNotReady
        While a module is incomplete: the message names the modules and the next
        question, so the learner knows where to go.
    """
    record = course_record(store)
    missing = record[record["solved"] < record["questions"]]
    if not missing.empty:
        left = ", ".join(
            t("certificate.module_left", title=r.title, count=_integer(r.questions - r.solved))
            for r in frame_rows(missing)
        )
        raise CertificateNotReady(t("certificate.not_ready", left=left))
    page = certificate_html(
        name, record, issued=issued or _date.today(), ratings=ratings, target=target
    )
    out = Path(path)
    out.write_text(page, encoding="utf-8")
    return out
