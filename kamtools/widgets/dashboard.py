"""Progress dashboard: completion per module, what to do next, questions that needed many
attempts, export to CSV for a mentor, and reset.

A thin view: every number comes from :class:`kamtools.progress.ProgressStore` (unit-tested
there); this module only turns them into HTML and wires the buttons.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..errors import KamtoolsError, WrongTypeError
from ..messages import t
from ..progress import (
    SUMMARY_COLUMNS,
    Catalogue,
    ImportReport,
    NextStep,
    ProgressStore,
    _check_catalogue,
    default_store,
)
from ._teaching import (
    FONT_PX,
    WARN,
    View,
    block,
    button,
    control_style,
    esc,
    root_box,
    status_block,
    title_html,
)

__all__ = ["ProgressDashboard", "progress_dashboard"]

#: File the "Export CSV" button writes to unless the learner types another path.
DEFAULT_EXPORT = "kam_progress.csv"

#: File "Export all progress" writes (and "Import progress file" reads) unless the learner
#: types another path.
DEFAULT_MOVE_FILE = "my_progress.kam"

#: Store notices shown at most (the newest).
MAX_NOTICES = 5


def _course_catalogue() -> tuple[Catalogue | None, str | None]:
    """Ask kamtools.checks for the course catalogue; say why when it cannot answer."""
    try:
        checks = importlib.import_module("kamtools.checks")
        get = checks.catalogue
    except (ImportError, AttributeError) as exc:
        return None, t(
            "progress_dashboard.no_catalogue", reason=f"kamtools.checks.catalogue: {exc}"
        )
    try:
        return get(), None
    except Exception as exc:  # a broken content file must not break the dashboard
        return None, t("progress_dashboard.no_catalogue", reason=f"{type(exc).__name__}: {exc}")


def _bar(share: float) -> str:
    """An HTML progress bar (works in JupyterLab, Voila and exported HTML)."""
    pct = 0.0 if pd.isna(share) else round(100 * float(share), 1)
    return (
        '<span style="display:inline-block; width:16em; height:0.9em; background:#dddddd; '
        'border-radius:0.45em; vertical-align:middle; overflow:hidden">'
        f'<span style="display:block; width:{pct}%; height:100%; background:#2e7d32"></span>'
        "</span>"
    )


class ProgressDashboard(View):
    """A widget showing a learner's progress, with Refresh, Export CSV and Reset buttons.

    Parameters
    ----------
    catalogue : mapping of str to list of str, optional
        Module id -> question ids in course order. ``None`` (default) asks
        ``kamtools.checks.catalogue()`` at every refresh; if that is not available, the
        questions tried so far are used and a note says so.
    store : ProgressStore, optional
        Where the progress is read from; default :func:`kamtools.progress.default_store`.
    export_path : str, default "kam_progress.csv"
        Initial content of the CSV path box (relative to the current folder).

    Attributes
    ----------
    rows : list of dict
        One per module in course order: ``module``, ``questions``, ``solved``, ``share``,
        ``complete`` and the displayed ``label`` ("3 of 8 questions").
    next_step : NextStep or None
        The question to do next (None when every module is complete or nothing is known).
    many_attempts : DataFrame
        :meth:`ProgressStore.many_attempts` at the last refresh.
    notices : list of str
        Notes shown (the dashboard's own, then the newest store notices).
    available : bool
        False when the store could not be read at the last refresh.
    status : str
        The last message of a button (export written, progress erased, ...).
    confirming : bool
        True between the first and the second click on Reset.
    last_export : pathlib.Path or None
        The file written by the last successful export.
    last_import : ImportReport or None
        What the last successful import did.
    root : ipywidgets.VBox
        The box displayed; the widgets are also attributes (``refresh_button``,
        ``export_button``, ``path_text``, ``reset_button``, ``cancel_button``,
        ``modules_html``, ``next_html``, ``attempts_html``, ``notices_html``,
        ``status_html``; ``store_html`` says where the store file is; ``move_path_text``,
        ``export_all_button`` and ``import_button`` move all progress to another
        computer as one file, see :meth:`export_all` and :meth:`import_file`).

    Raises
    ------
    WrongTypeError
        If ``store`` is not a ProgressStore, ``export_path`` not a string, or
        ``catalogue`` not a mapping of module ids to lists of question ids.
    DataError
        If ``catalogue`` lists a question twice.

    Notes
    -----
    Reset asks for confirmation: the first click turns the button into "Click again to
    erase all progress" and shows Cancel; any other button cancels the confirmation.
    Problems reading or writing (store locked, folder missing) are shown in the widget;
    they never raise out of a button.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kamtools.progress import ProgressStore
    >>> from kamtools.widgets import ProgressDashboard
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
    >>> _ = store.record("03_pareto", "q1", "attempt", outcome="correct")
    >>> dash = ProgressDashboard({"03_pareto": ["q1", "q2", "q3"]}, store=store)
    >>> dash.rows[0]["label"]
    '1 of 3 questions'
    >>> dash.next_step
    NextStep(module='03_pareto', question='q2')
    >>> dash.close()
    >>> tmp.cleanup()
    """

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        *,
        store: ProgressStore | None = None,
        export_path: str = DEFAULT_EXPORT,
    ) -> None:
        if store is not None and not isinstance(store, ProgressStore):
            raise WrongTypeError(
                f"`store` must be a kamtools.progress.ProgressStore or None, but {store!r} "
                "was passed."
            )
        if not isinstance(export_path, str):
            raise WrongTypeError(
                f"`export_path` must be a file path as text, but {export_path!r} was passed."
            )
        if catalogue is not None:
            _check_catalogue(catalogue)
        self.store = default_store() if store is None else store
        self._catalogue_arg = catalogue
        self.catalogue: Catalogue = {}
        self.rows: list[dict[str, Any]] = []
        self.next_step: NextStep | None = None
        self.many_attempts = pd.DataFrame(columns=list(SUMMARY_COLUMNS))
        self.notices: list[str] = []
        self.available = True
        self.status = ""
        self.confirming = False
        self.last_export: Path | None = None
        self.last_import: ImportReport | None = None

        self._status_kind = "info"
        self.title_html = widgets.HTML(title_html(t("progress_dashboard.title")))
        self.modules_html = widgets.HTML()
        self.next_html = widgets.HTML()
        self.attempts_html = widgets.HTML()
        self.notices_html = widgets.HTML()
        self.status_html = widgets.HTML()
        self.refresh_button = button(t("progress_dashboard.refresh"), icon="refresh")
        self.reset_button = button(t("progress_dashboard.reset"), icon="trash")
        self.cancel_button = button(t("progress_dashboard.cancel"), icon="times")
        self.export_button = button(t("progress_dashboard.export"), icon="download")
        self.path_text = widgets.Text(
            value=export_path,
            description=t("progress_dashboard.export_path"),
            style={**control_style(), "font_size": f"{FONT_PX}px"},
            layout=widgets.Layout(width="28em"),
        )
        self.store_html = widgets.HTML()
        self.move_path_text = widgets.Text(
            value=DEFAULT_MOVE_FILE,
            description=t("progress_dashboard.move_path"),
            style={**control_style(), "font_size": f"{FONT_PX}px"},
            layout=widgets.Layout(width="28em"),
        )
        self.export_all_button = button(t("progress_dashboard.export_all"), icon="download")
        self.import_button = button(t("progress_dashboard.import_all"), icon="upload")
        self.export_all_button.on_click(lambda _b: self.export_all())
        self.import_button.on_click(lambda _b: self.import_file())
        self.cancel_button.layout.display = "none"
        self.refresh_button.on_click(self._on_refresh)
        self.export_button.on_click(self._on_export)
        self.reset_button.on_click(self._on_reset)
        self.cancel_button.on_click(self._on_cancel)

        self.root = root_box(
            [
                self.title_html,
                self.modules_html,
                self.next_html,
                self.attempts_html,
                self.notices_html,
                widgets.HBox([self.refresh_button, self.reset_button, self.cancel_button]),
                widgets.HBox([self.path_text, self.export_button]),
                self.store_html,
                widgets.HBox(
                    [self.move_path_text, self.export_all_button, self.import_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.status_html,
            ]
        )
        self.refresh()

    # -- state ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the store again and redraw (also cancels a pending Reset confirmation)."""
        self._end_confirm()
        own: list[str] = []
        catalogue = self._catalogue_arg
        if catalogue is None:
            catalogue, problem = _course_catalogue()
            if problem:
                own.append(problem)
        try:
            if catalogue is None:
                catalogue = self.store.questions_seen()
            table = self.store.completion(catalogue)
            self.many_attempts = self.store.many_attempts()
            self.next_step = self.store.next_step(catalogue)
            self.available = True
        except KamtoolsError as exc:  # store unreadable (its notice is shown) or bad catalogue
            if str(exc) not in self.store.notices:
                own.append(str(exc))
            table = pd.DataFrame(columns=["module", "questions", "solved", "share", "complete"])
            self.many_attempts = pd.DataFrame(columns=list(SUMMARY_COLUMNS))
            self.next_step = None
            self.available = False
            catalogue = {}
        self.catalogue = catalogue
        self.rows = [
            {
                "module": str(row["module"]),
                "questions": int(row["questions"]),
                "solved": int(row["solved"]),
                "share": float(row["share"]),
                "complete": bool(row["complete"]),
                "label": self._label(int(row["solved"]), int(row["questions"])),
            }
            for row in table.to_dict("records")  # one per module: rendering, not analysis
        ]
        self.notices = own + self.store.notices[-MAX_NOTICES:]
        self._render()

    @staticmethod
    def _label(solved: int, total: int) -> str:
        if total == 0:
            return t("progress_dashboard.no_questions")
        if total == 1:
            return t("progress_dashboard.n_of_1", solved=solved)
        return t("progress_dashboard.n_of_m", solved=solved, total=total)

    # -- rendering -----------------------------------------------------------------------
    def _render(self) -> None:
        self.modules_html.value = self._render_modules()
        self.next_html.value = self._render_next()
        self.attempts_html.value = self._render_attempts()
        self.notices_html.value = self._render_notices()
        self.store_html.value = block(
            f"<p>{t('progress_dashboard.store_where', path=esc(self.store.path))}</p>"
            f"<p>{esc(t('progress_dashboard.move_help'))}</p>",
            heading=t("progress_dashboard.move_heading"),
        )
        self._render_status()

    def _render_modules(self) -> str:
        if not self.available:
            return block(
                f"<p>{t('progress_dashboard.unavailable')}</p>",
                heading=t("progress_dashboard.heading_modules"),
            )
        if not self.rows:
            return block(
                f"<p>{t('progress_dashboard.no_modules')}</p>",
                heading=t("progress_dashboard.heading_modules"),
            )
        lines = [
            f'<tr role="progressbar" aria-label="{esc(r["module"])}" aria-valuemin="0" '
            f'aria-valuemax="{r["questions"]}" aria-valuenow="{r["solved"]}">'
            f'<td style="padding-right:1em">{esc(r["module"])}</td>'
            f"<td>{_bar(r['share']) if r['questions'] else ''}</td>"
            f'<td style="padding-left:1em">{esc(r["label"])}'
            f"{' &#10003; ' + t('progress_dashboard.complete') if r['complete'] and r['questions'] else ''}"
            "</td></tr>"
            for r in self.rows
        ]
        return block(
            f"<table>{''.join(lines)}</table>", heading=t("progress_dashboard.heading_modules")
        )

    def _render_next(self) -> str:
        if not self.available:
            return ""
        if not self.rows:
            body = ""
        elif self.next_step is None:
            body = t("progress_dashboard.all_done")
        else:
            module, question = self.next_step
            body = t(
                "progress_dashboard.next",
                module=esc(module),
                question=esc(question),
                module_code=esc(repr(module)),
            )
        return block(f"<p>{body}</p>", heading=t("progress_dashboard.heading_next")) if body else ""

    def _render_attempts(self) -> str:
        if not self.available:
            return ""
        hard = self.many_attempts
        if hard.empty:
            return block(
                f"<p>{t('progress_dashboard.no_hard')}</p>",
                heading=t("progress_dashboard.heading_attempts"),
            )
        items = [
            "<li>"
            + (
                t(
                    "progress_dashboard.hard_solved",
                    module=esc(r["module"]),
                    question=esc(r["question"]),
                    failed=int(r["attempts_before_success"]),
                )
                if r["solved"]
                else t(
                    "progress_dashboard.hard_unsolved",
                    module=esc(r["module"]),
                    question=esc(r["question"]),
                    attempts=int(r["attempts"]),
                )
            )
            + "</li>"
            for r in hard.to_dict("records")
        ]
        return block(f"<ul>{''.join(items)}</ul>", heading=t("progress_dashboard.heading_attempts"))

    def _render_notices(self) -> str:
        if not self.notices:
            return ""
        items = "".join(f"<li>{esc(n)}</li>" for n in self.notices)
        heading = esc(t("progress_dashboard.heading_notices"))
        return block(f"<b>&#9888; {heading}</b><ul>{items}</ul>", border=WARN, background="#fff4e5")

    def _render_status(self) -> None:
        self.status_html.value = status_block(self.status, self._status_kind)

    def _set_status(self, text: str, kind: str) -> None:
        """Show ``text`` as a status of kind ``ok``, ``error``, ``warning`` or ``info``."""
        self.status, self._status_kind = text, kind
        self._render_status()

    # -- buttons -------------------------------------------------------------------------
    def _end_confirm(self) -> None:
        self.confirming = False
        self.reset_button.description = t("progress_dashboard.reset")
        self.reset_button.button_style = ""
        self.cancel_button.layout.display = "none"

    def _on_refresh(self, _button: widgets.Button | None = None) -> None:
        self.status = ""
        self.refresh()

    def export(self) -> Path | None:
        """Write the CSV to the path in the box; return it, or None if it failed.

        The result (where the file went, or why it could not be written) is shown in the
        widget and kept in :attr:`status`.
        """
        self._end_confirm()
        try:
            written = self.store.export_csv(self.path_text.value.strip(), catalogue=self.catalogue)
        except (KamtoolsError, OSError) as exc:
            self._set_status(t("progress_dashboard.export_failed", reason=exc), "error")
            self.refresh_notices()
            return None
        self.last_export = written
        self._set_status(t("progress_dashboard.exported", path=written), "ok")
        return written

    def export_all(self) -> Path | None:
        """Write all progress (events and drafts) to the file in the progress-file box.

        Returns the file written, or None if it failed; the widget says which
        (:meth:`kamtools.progress.ProgressStore.export_progress`).
        """
        self._end_confirm()
        try:
            written = self.store.export_progress(self.move_path_text.value.strip())
        except (KamtoolsError, OSError) as exc:
            self._set_status(t("progress_dashboard.export_failed", reason=exc), "error")
            self.refresh_notices()
            return None
        self._set_status(t("progress_dashboard.exported_all", path=written), "ok")
        return written

    def import_file(self) -> ImportReport | None:
        """Merge the progress file in the box into this store, then redraw.

        Returns what was imported, or None if it failed; the widget says which
        (:meth:`kamtools.progress.ProgressStore.import_progress`: nothing is counted
        twice, and a newer draft on this computer is kept).
        """
        self._end_confirm()
        try:
            report = self.store.import_progress(self.move_path_text.value.strip())
        except (KamtoolsError, OSError) as exc:
            self._set_status(t("progress_dashboard.import_failed", reason=exc), "error")
            self.refresh_notices()
            return None
        self.last_import = report
        self.refresh()
        self._set_status(t("progress_dashboard.imported", report=report), "ok")
        return report

    def refresh_notices(self) -> None:
        """Show the newest store notices without reading the store again."""
        own = [n for n in self.notices if n not in self.store.notices]
        self.notices = own + self.store.notices[-MAX_NOTICES:]
        self.notices_html.value = self._render_notices()

    def _on_export(self, _button: widgets.Button | None = None) -> None:
        self.export()

    def _on_reset(self, _button: widgets.Button | None = None) -> None:
        if not self.confirming:
            self.confirming = True
            self.reset_button.description = t("progress_dashboard.confirm")
            self.reset_button.button_style = "danger"
            self.cancel_button.layout.display = None
            self._set_status(
                t("progress_dashboard.confirm_status", path=self.store.path), "warning"
            )
            return
        try:
            erased = self.store.reset()
        except KamtoolsError as exc:
            status, kind = t("progress_dashboard.erase_failed", reason=exc), "error"
        else:
            status, kind = t("progress_dashboard.erased", n=erased), "ok"
        self.refresh()
        self._set_status(status, kind)

    def _on_cancel(self, _button: widgets.Button | None = None) -> None:
        self._end_confirm()
        self._set_status(t("progress_dashboard.cancelled"), "info")


def progress_dashboard(
    catalogue: Catalogue | None = None, *, store: ProgressStore | None = None
) -> ProgressDashboard:
    """Show the learner's progress: completion per module, what to do next, hard questions.

    Parameters
    ----------
    catalogue : mapping of str to list of str, optional
        Module id -> question ids in course order; default: ``kamtools.checks.catalogue()``
        (or, if that is not available, the questions tried so far, with a note).
    store : ProgressStore, optional
        Where progress is read from; default :func:`kamtools.progress.default_store`.

    Returns
    -------
    ProgressDashboard
        The widget; it displays itself when it is the last expression of a cell.

    Raises
    ------
    WrongTypeError
        If ``store`` is not a ProgressStore or ``catalogue`` is malformed.
    DataError
        If ``catalogue`` lists a question twice.

    Notes
    -----
    The buttons: Refresh (read again), Export CSV (to the path in the box, default
    ``kam_progress.csv`` in the current folder; the widget says where it wrote) and Reset
    (asks to click again, with Cancel). All numbers come from :class:`ProgressStore`.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kamtools.progress import ProgressStore
    >>> from kamtools.widgets import progress_dashboard
    >>> tmp = tempfile.TemporaryDirectory()
    >>> store = ProgressStore(Path(tmp.name) / "progress.sqlite3")
    >>> dash = progress_dashboard({"00_start_here": ["q1", "q2"]}, store=store)
    >>> [row["label"] for row in dash.rows]
    ['0 of 2 questions']
    >>> dash.close()
    >>> tmp.cleanup()
    """
    return ProgressDashboard(catalogue, store=store)
