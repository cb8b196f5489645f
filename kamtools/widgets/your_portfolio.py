"""YourPortfolio: upload your own customer export, check how it was read, take the report home.

A thin view over :func:`kamtools.read_export` (reading and the mapping),
:func:`kamtools.anonymise` (codes instead of names) and :func:`kamtools.portfolio_report`
(the figures, the tables, the HTML report and the Excel workbook). This module only wires
a file upload, the correction menus and the downloads, and turns the results into HTML.
Its words come from the message catalogue (``your_portfolio.*``), its look from
:mod:`kamtools.widgets._teaching`.

The downloads are links whose address holds the file itself (``data:`` addresses with
the ``download`` attribute): they work the same in JupyterLab and in Voila, and nothing
is written on the server.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .. import i18n
from .._numbers import percent as _percent
from ..analysis.plots import plot_pareto
from ..analysis.portfolio_review import PortfolioReport, portfolio_report
from ..data.anonymisation import anonymise
from ..data.exports import STANDARD_FIELDS, Export, ExportMapping, read_export
from ..data.samples import sample_export
from ..errors import AmbiguousExportError, KamtoolsError, WrongTypeError
from ..messages import count, t
from ._teaching import (
    BAD,
    GOOD,
    INFO,
    ChartView,
    FigurePanel,
    block,
    button,
    control_style,
    esc,
    frame_html,
    html_table,
    number,
    percent,
    root_box,
    status_block,
    title_html,
)

__all__ = ["YourPortfolio"]

#: The file types the upload accepts (what :func:`kamtools.read_export` reads).
ACCEPT = ".csv,.txt,.tsv,.xlsx,.parquet,.jsonl"
#: Rows of the preview and of the report shown in the widget.
PREVIEW_ROWS = 5
REPORT_ROWS = 10
#: Rows of the movers table shown (the downloads hold all of them).
MOVERS_ROWS = 10
#: Date formats offered in the correction menu (with the one detected, if another).
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "excel-serial")
#: Value of a field menu meaning "this field is not in the file".
NOT_IN_FILE = ""

_XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _field_labels() -> dict[str, str]:
    return {
        "customer": t("your_portfolio.field_customer"),
        "date": t("your_portfolio.field_date"),
        "amount": t("your_portfolio.field_amount"),
        "invoice": t("your_portfolio.field_invoice"),
        "product": t("your_portfolio.field_product"),
        "category": t("your_portfolio.field_category"),
        "quantity": t("your_portfolio.field_quantity"),
        "unit_price": t("your_portfolio.field_unit_price"),
        "cost_of_goods": t("your_portfolio.field_cost_of_goods"),
        "tax_id": t("your_portfolio.field_tax_id"),
    }


def _mark(value: str | None) -> str:
    """A separator or thousands mark in words ("tab", "space", ...)."""
    names = {
        "\t": t("your_portfolio.mark_tab"),
        " ": t("your_portfolio.mark_space"),
        "\u00a0": t("your_portfolio.mark_nbsp"),
    }
    if value is None or value == "":
        return t("your_portfolio.mark_none")
    return names.get(value, f"<code>{esc(value)}</code>")


def _date_format(value: str) -> str:
    """``%d.%m.%Y`` -> ``dd.mm.yyyy``; the special formats in words."""
    if value == "excel-serial":
        return t("your_portfolio.date_excel")
    if value == "native":
        return t("your_portfolio.date_native")
    words = {"%d": "dd", "%m": "mm", "%Y": "yyyy", "%y": "yy", "%H": "hh", "%M": "mi", "%S": "ss"}
    for code, word in words.items():
        value = value.replace(code, word)
    return value


def _upload_file(value: Any) -> tuple[str, bytes] | None:
    """(name, bytes) of the first file of a FileUpload value (ipywidgets 8: a tuple of
    dicts with ``name`` and ``content``; ipywidgets 7: a dict of such dicts by name)."""
    if not value:
        return None
    if isinstance(value, Mapping):  # ipywidgets 7
        name, item = next(iter(value.items()))
        return str(item.get("metadata", {}).get("name", name)), bytes(item["content"])
    item = value[0]
    return str(item["name"]), bytes(item["content"])


def _source_columns(data: bytes, mapping: ExportMapping) -> list[str]:
    """The column names of the file's header row, as the mapping says where it is.

    Only to fill the correction menus: a failure gives the columns the mapping uses.
    """
    found: list[str] = []
    try:
        header = max(int(mapping.header_row), 1)
        if mapping.format == "csv":
            text = data[: 1 << 20].decode(mapping.encoding or "utf-8", errors="replace")
            lines = text.lstrip("\ufeff").splitlines()
            row = next(csv.reader([lines[header - 1]], delimiter=mapping.separator or ","))
            found = [c.strip() for c in row]
        elif mapping.format == "xlsx":
            frame = pd.read_excel(
                io.BytesIO(data), sheet_name=mapping.sheet or 0, header=header - 1, nrows=0
            )
            found = [str(c) for c in frame.columns]
        elif mapping.format == "parquet":
            import pyarrow.parquet as pq

            found = list(pq.read_schema(io.BytesIO(data)).names)
        elif mapping.format == "jsonl":
            first = next(line for line in data.decode("utf-8-sig").splitlines() if line.strip())
            found = [str(k) for k in json.loads(first)]
    except Exception:  # the menus then offer the columns the mapping uses
        found = []
    used = [str(c) for c in mapping.fields.values() if c]
    return list(dict.fromkeys([c for c in found if c] + used))


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _revenue(report: PortfolioReport) -> pd.Series:
    """Revenue per customer from the report's customer table."""
    customers = report.customers
    if "customer" in customers.columns:
        customers = customers.set_index("customer")
    return customers["revenue"].astype(float)


def _figure_labels() -> dict[str, str]:
    return {
        "n_customers": t("your_portfolio.figure_n_customers"),
        "total": t("your_portfolio.figure_total"),
        "top_20_share": t("your_portfolio.figure_top_20_share"),
        "customers_for_80pct": t("your_portfolio.figure_customers_for_80pct"),
        "largest_share": t("your_portfolio.figure_largest_share"),
        "gini": t("your_portfolio.figure_gini"),
        "hhi": t("your_portfolio.figure_hhi"),
        "equivalent_customers": t("your_portfolio.figure_equivalent_customers"),
    }


def _status_word(status: Any) -> str:
    """A mover's status ("lost", "won", ...) in the learner's language."""
    words = {
        "lost": t("portfolio_report.status_lost"),
        "won": t("portfolio_report.status_won"),
        "shrinking": t("portfolio_report.status_shrinking"),
        "growing": t("portfolio_report.status_growing"),
        "stable": t("portfolio_report.status_stable"),
        "inactive": t("portfolio_report.status_inactive"),
    }
    return words.get(str(status), str(status))


def _signed_percent(share: float) -> str:
    """A change as a whole percentage with its sign: ``+12%`` (Polish ``+12%``)."""
    return _percent(share, 0, sign=True)


def _report_table(report: pd.DataFrame) -> pd.DataFrame:
    """The reader's report as shown: column names and actions in the learner's language."""
    actions = {
        "rejected": t("your_portfolio.action_rejected"),
        "changed": t("your_portfolio.action_changed"),
    }
    shown = report.astype(str)
    if "action" in shown.columns:
        shown["action"] = shown["action"].map(lambda a: actions.get(a, a))
    return shown.rename(
        columns={
            "line": t("your_portfolio.report_line"),
            "column": t("your_portfolio.report_column"),
            "value": t("your_portfolio.report_value"),
            "reason": t("your_portfolio.report_reason"),
            "action": t("your_portfolio.report_action"),
        }
    )


def _figure_value(key: str, value: Any, currency: str) -> str:
    if pd.isna(value):  # e.g. no shares when the net total is not positive
        return "–"
    if key.endswith("_share"):
        return percent(float(value))
    if key in ("n_customers", "customers_for_80pct"):
        return count(int(value))
    if key == "total":
        return f"{number(float(value))} {currency}"
    if key in ("gini", "hhi"):
        return number(float(value), 3)
    return number(float(value), 1)


class YourPortfolio(ChartView):
    """Upload a customer export, check how it was read, and download a portfolio report.

    Parameters
    ----------
    source : str or path-like, optional
        A file to start from, as if it had been uploaded (the course's sample export, a
        file in ``my_data/``). None (default) waits for an upload.

    Attributes
    ----------
    export : Export or None
        What :func:`kamtools.read_export` read (before anonymising); None before a file.
    shared : Export or None
        What the portfolio is made of: ``export``, or its anonymised copy when
        *Anonymise before sharing* is ticked.
    report : PortfolioReport or None
        :func:`kamtools.portfolio_report` of ``shared.lines``.
    error : str
        The message shown when the file could not be read ("" when there is none).
    html_report, excel_report : bytes
        The two downloads (b"" before a report).
    upload, sample_button, field_dropdowns, date_dropdown, choice_dropdown,
    anonymise_checkbox, salt_text
        The controls; ``field_dropdowns`` maps each standard field to its menu;
        ``choice_dropdown`` shows only when the reader cannot decide (two customer
        columns, day or month first, two sheets) and offers its candidates.
    status_html, mapping_html, preview_html, report_html, privacy_html, figures_html,
    abc_html, movers_html, downloads_html
        The outputs.

    Raises
    ------
    WrongTypeError
        If ``source`` is not a path. Everything that goes wrong with a file (it cannot be
        opened, it is not an export, it can be read in two ways) is shown in the widget
        as words, never raised.

    Notes
    -----
    Every correction reads the file again with ``mapping=`` (the fields as the menus say,
    the date format if changed), so what is shown is always what
    ``kt.read_export(file, mapping=...)`` returns. While *Anonymise before sharing* is
    ticked without a usable secret word, nothing can be downloaded.

    Examples
    --------
    >>> import kamtools as kt
    >>> w = kt.YourPortfolio(kt.sample_export())
    >>> w.error, w.export.mapping.encoding
    ('', 'cp1250')
    >>> w.close()
    """

    def __init__(self, source: str | os.PathLike[str] | None = None) -> None:
        if source is not None and not isinstance(source, (str, os.PathLike)):
            raise WrongTypeError(
                f"`source` must be the path of an export file (text), but "
                f"{type(source).__name__} was passed."
            )
        self.export: Export | None = None
        self.shared: Export | None = None
        self.report: PortfolioReport | None = None
        self.error = ""
        self.html_report = b""
        self.excel_report = b""
        self._name = ""
        self._data = b""
        self._overrides: dict[str, Any] = {}
        self._pending = ""  # the setting the reader could not decide, if any
        self._syncing = False
        self._build()
        if source is not None:
            path = Path(source)
            try:
                data = path.read_bytes()
            except OSError as exc:
                self._fail(path.name, t("your_portfolio.no_such_file", reason=esc(exc)))
            else:
                self._load(path.name, data)

    # -- widgets -------------------------------------------------------------------------
    def _build(self) -> None:
        style = control_style()
        self.upload = widgets.FileUpload(
            accept=ACCEPT, multiple=False, description=t("your_portfolio.upload")
        )
        self.upload.style.font_size = "16px"
        self.upload.layout = widgets.Layout(width="auto", min_height="40px")
        self.sample_button = button(t("your_portfolio.sample"), icon="table")
        labels = _field_labels()
        self.field_dropdowns = {
            field: widgets.Dropdown(
                options=[(t("your_portfolio.not_in_file"), NOT_IN_FILE)],
                value=NOT_IN_FILE,
                description=labels[field],
                style=style,
                layout=widgets.Layout(width="26em"),
                disabled=True,
            )
            for field in STANDARD_FIELDS
        }
        self.date_dropdown = widgets.Dropdown(
            options=[(_date_format(f), f) for f in DATE_FORMATS],
            value=DATE_FORMATS[0],
            description=t("your_portfolio.date_format"),
            style=style,
            layout=widgets.Layout(width="26em"),
            disabled=True,
        )
        # Shown when the reader cannot decide (two customer columns, day or month first,
        # two sheets): the learner picks one of the candidates it names.
        self.choice_dropdown = widgets.Dropdown(
            options=[("", "")],
            value="",
            description="",
            style=style,
            layout=widgets.Layout(width="34em", display="none"),
        )
        self.anonymise_checkbox = widgets.Checkbox(
            value=False, description=t("your_portfolio.anonymise"), indent=False
        )
        self.salt_text = widgets.Text(
            value="",
            description=t("your_portfolio.salt"),
            placeholder=t("your_portfolio.salt_placeholder"),
            continuous_update=False,  # read when Enter is pressed or the box is left
            style=style,
            layout=widgets.Layout(width="30em"),
        )
        self.status_html = widgets.HTML()
        self.mapping_html = widgets.HTML()
        self.preview_html = widgets.HTML()
        self.report_html = widgets.HTML()
        self.privacy_html = widgets.HTML()
        self.figures_html = widgets.HTML()
        self.abc_html = widgets.HTML()
        self.movers_html = widgets.HTML()
        self.downloads_html = widgets.HTML()
        self._panel = FigurePanel()
        self.figure_output = self._panel.out
        self.log = widgets.Output()  # unexpected errors in callbacks show up here

        self.upload.observe(self.log.capture()(self._on_upload), names="value")
        self.sample_button.on_click(self.log.capture()(self._on_sample))
        for dropdown in self.field_dropdowns.values():
            dropdown.observe(self.log.capture()(self._on_correction), names="value")
        self.date_dropdown.observe(self.log.capture()(self._on_correction), names="value")
        self.choice_dropdown.observe(self.log.capture()(self._on_choice), names="value")
        self.anonymise_checkbox.observe(self.log.capture()(self._on_privacy), names="value")
        self.salt_text.observe(self.log.capture()(self._on_privacy), names="value")

        intro = block(
            f"<p style='margin:4px 0'>{esc(t('your_portfolio.intro'))}</p>"
            f"<p style='margin:4px 0'><b>{esc(t('your_portfolio.privacy'))}</b></p>",
            border=INFO,
        )
        self._result_box = widgets.VBox(
            [
                self.mapping_html,
                widgets.HBox(
                    list(self.field_dropdowns.values()) + [self.date_dropdown],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="0.3em 2em"),
                ),
                self.preview_html,
                self.report_html,
                widgets.HBox(
                    [self.anonymise_checkbox, self.salt_text],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
                self.privacy_html,
                self.figures_html,
                self.figure_output,
                self.abc_html,
                self.movers_html,
                self.downloads_html,
            ],
            layout=widgets.Layout(display="none"),
        )
        self.root = root_box(
            [
                widgets.HTML(title_html(t("your_portfolio.title"))),
                widgets.HTML(intro),
                widgets.HBox(
                    [self.upload, self.sample_button],
                    layout=widgets.Layout(flex_flow="row wrap", grid_gap="1em"),
                ),
                self.status_html,
                self.choice_dropdown,
                self._result_box,
                self.log,
            ]
        )
        self.status_html.value = status_block(t("your_portfolio.no_file"), "info")

    # -- callbacks -----------------------------------------------------------------------
    def _on_upload(self, change: dict[str, Any]) -> None:
        found = _upload_file(change["new"])
        if found is not None:
            self._load(*found)

    def _on_sample(self, _button: Any = None) -> None:
        path = sample_export()
        self._load(path.name, path.read_bytes())

    def _on_correction(self, change: dict[str, Any]) -> None:
        if self._syncing or not self._data:
            return
        # Read again with every field as the menus say (None: not in the file), and the
        # date format if it was changed here (once changed, it stays as chosen).
        overrides: dict[str, Any] = {
            field: (menu.value or None) for field, menu in self.field_dropdowns.items()
        }
        detected = self.export.mapping.date_format if self.export is not None else None
        if "date_format" in self._overrides or self.date_dropdown.value != detected:
            overrides["date_format"] = self.date_dropdown.value
        self._overrides = overrides
        self._read()

    def _on_choice(self, change: dict[str, Any]) -> None:
        if self._syncing or not change["new"] or not self._data:
            return
        field = self._pending
        value: Any = int(change["new"]) if field == "header_row" else change["new"]
        self._overrides = {**self._overrides, field: value}
        self._read()

    def _on_privacy(self, change: dict[str, Any]) -> None:
        if self.export is not None:
            self._analyse()

    # -- reading and showing -------------------------------------------------------------
    def _load(self, name: str, data: bytes) -> None:
        """A new file: forget the corrections of the last one, read it, show it."""
        self._name, self._data, self._overrides = name, data, {}
        self._read()

    def _fail(self, name: str, message: str) -> None:
        self.export = self.shared = self.report = None
        self.html_report = self.excel_report = b""
        self.error = message
        self.status_html.value = block(
            f"<b style='color:{BAD}'>&#9888; "
            f"{t('your_portfolio.not_read', name=esc(name), reason=message)}</b>"
            f"<br>{esc(t('your_portfolio.what_to_try'))}",
            border=BAD,
        )
        self._result_box.layout.display = "none" if self.export is None else None

    def _read(self) -> None:
        self.choice_dropdown.layout.display = "none"
        try:
            export = read_export(self._data, name=self._name, mapping=self._overrides or None)
        except AmbiguousExportError as exc:
            self._fail(self._name, esc(exc))
            if exc.field and exc.candidates:
                self._offer_choice(exc.field, exc.candidates)
            return
        except KamtoolsError as exc:
            self._fail(self._name, esc(exc))
            if self._overrides:  # a correction went wrong: keep the menus to undo it
                self._result_box.layout.display = None
            return
        except Exception as exc:  # a file no reader expected: words, never a traceback
            self._fail(
                self._name,
                esc(t("your_portfolio.unexpected", kind=type(exc).__name__, reason=str(exc))),
            )
            return
        self.export = export
        self.error = ""
        self._show_mapping(export)
        self._show_lines(export)
        self._analyse()
        self._result_box.layout.display = None

    def _offer_choice(self, field: str, candidates: tuple[str, ...]) -> None:
        """A menu of the reader's candidates for ``field``; choosing one reads again."""
        labels = {**_field_labels(), "date_format": t("your_portfolio.date_format"),
                  "sheet": t("your_portfolio.sheet")}  # fmt: skip
        shown = [
            (_date_format(c) if field == "date_format" else str(c), str(c)) for c in candidates
        ]
        self._pending = field
        self._syncing = True
        try:
            self.choice_dropdown.options = [(t("your_portfolio.choose_one"), "")] + shown
            self.choice_dropdown.value = ""
            self.choice_dropdown.description = t(
                "your_portfolio.choose", field=labels.get(field, field)
            )
        finally:
            self._syncing = False
        self.choice_dropdown.layout.display = None

    def _show_mapping(self, export: Export) -> None:
        m = export.mapping
        rows = [
            (t("your_portfolio.file"), esc(self._name)),
            (t("your_portfolio.format"), esc(m.format)),
        ]
        if m.encoding:
            rows.append((t("your_portfolio.encoding"), esc(m.encoding)))
        if m.separator:
            rows.append((t("your_portfolio.separator"), _mark(m.separator)))
        rows += [
            (t("your_portfolio.decimal"), _mark(m.decimal)),
            (t("your_portfolio.thousands"), _mark(m.thousands)),
            (t("your_portfolio.date_format"), esc(_date_format(m.date_format))),
            (t("your_portfolio.header_row"), count(int(m.header_row))),
        ]
        if m.sheet:
            rows.append((t("your_portfolio.sheet"), esc(m.sheet)))
        notes = "".join(f"<li>{esc(note)}</li>" for note in m.notes)
        self.mapping_html.value = block(
            html_table(rows)
            + (f"<p style='margin:6px 0 0'>{esc(t('your_portfolio.notes'))}</p><ul>{notes}</ul>"
               if notes else "")
            + f"<p style='margin:6px 0 0'>{esc(t('your_portfolio.correct'))}</p>",
            heading=t("your_portfolio.mapping"),
            border=INFO,
        )  # fmt: skip
        columns = _source_columns(self._data, m)
        options = [(t("your_portfolio.not_in_file"), NOT_IN_FILE)] + [(c, c) for c in columns]
        date_options = list(DATE_FORMATS)
        if m.date_format not in date_options:
            date_options.insert(0, m.date_format)

        def sync() -> None:
            for field, menu in self.field_dropdowns.items():
                menu.options = options
                menu.value = m.fields.get(field) or NOT_IN_FILE
                menu.disabled = False
            self.date_dropdown.options = [(_date_format(f), f) for f in date_options]
            self.date_dropdown.value = m.date_format
            self.date_dropdown.disabled = m.date_format == "native"

        self._syncing = True
        try:
            sync()
        finally:
            self._syncing = False

    def _show_lines(self, export: Export) -> None:
        preview = export.lines.head(PREVIEW_ROWS).copy()
        if "date" in preview.columns:  # ISO in English, 04.12.2026 in Polish
            written = "%Y-%m-%d" if i18n.get_language() == "en" else "%d.%m.%Y"
            preview["date"] = preview["date"].dt.strftime(written)
        for column in preview.columns:
            if pd.api.types.is_float_dtype(preview[column]):
                preview[column] = preview[column].map(lambda x: "" if pd.isna(x) else number(x, 2))
        # headers: the fields' names, as the menus show them (not the field ids)
        labels = _field_labels()
        preview = preview.rename(columns=lambda field: labels.get(field, field))
        preview.index.name = t("your_portfolio.report_line")
        self.preview_html.value = block(
            frame_html(preview.astype(str)), heading=t("your_portfolio.preview")
        )
        report = export.report
        changed = int(report.loc[report["action"] == "changed", "line"].nunique())
        summary = t(
            "your_portfolio.lines_summary",
            data_lines=count(export.data_lines),
            used=count(len(export.lines)),
            rejected=count(export.rejected),
            changed=count(changed),
        )
        if report.empty:
            detail = f"<p>{esc(t('your_portfolio.report_none'))}</p>"
        else:
            shown = report.head(REPORT_ROWS)
            detail = (
                f"<p>{esc(t('your_portfolio.report_first', shown=count(len(shown)), total=count(len(report))))}</p>"
                + frame_html(_report_table(shown), index=False)
            )  # fmt: skip
        colour = BAD if export.rejected else GOOD
        self.report_html.value = block(
            f"<p><b>{esc(summary)}</b></p>{detail}",
            heading=t("your_portfolio.report"),
            border=colour,
        )

    def _analyse(self) -> None:
        """Anonymise if asked, make the report, show it and refresh the downloads.

        While *Anonymise before sharing* is ticked without a usable secret word, the
        report is shown (it is the learner's own screen) but nothing can be downloaded:
        a file with names never leaves by mistake.
        """
        assert self.export is not None
        salt = self.salt_text.value.strip()
        wanted = bool(self.anonymise_checkbox.value)
        shared, anonymised, downloadable = self.export, False, True
        if wanted:
            if not salt:
                self.privacy_html.value = status_block(t("your_portfolio.salt_needed"), "warning")
                downloadable = False
            else:
                try:
                    shared, anonymised = anonymise(self.export, salt=salt), True
                except KamtoolsError as exc:
                    self.privacy_html.value = status_block(
                        t("your_portfolio.salt_refused", reason=str(exc)), "warning"
                    )
                    downloadable = False
                else:
                    self.privacy_html.value = status_block(t("your_portfolio.anonymised"), "ok")
        else:
            self.privacy_html.value = status_block(t("your_portfolio.not_anonymised"), "info")
        title = (
            t("your_portfolio.report_title_anonymised")
            if anonymised
            else t("your_portfolio.report_title", name=Path(self._name).stem)
        )
        try:
            report = portfolio_report(shared.lines, title=title, notes=shared.mapping.notes)
        except KamtoolsError as exc:
            self.shared = self.report = None
            self.html_report = self.excel_report = b""
            self.error = str(exc)
            self.status_html.value = block(
                f"<b style='color:{BAD}'>&#9888; "
                f"{t('your_portfolio.no_report', reason=esc(exc))}</b>",
                border=BAD,
            )
            for out in (self.figures_html, self.abc_html, self.movers_html, self.downloads_html):
                out.value = ""
            self._panel.message(t("your_portfolio.no_chart"))
            return
        self.shared, self.report = shared, report
        self.status_html.value = status_block(t("your_portfolio.read_ok", name=self._name), "ok")
        self._show_report(report)
        if downloadable:
            self._make_downloads(report, anonymised=anonymised)
        else:
            self.html_report = self.excel_report = b""
            self.downloads_html.value = block(
                f"<p>{esc(t('your_portfolio.download_blocked'))}</p>",
                heading=t("your_portfolio.downloads"),
                border=BAD,
            )

    def _show_report(self, report: PortfolioReport) -> None:
        labels = _figure_labels()
        rows = [
            (esc(label), esc(_figure_value(key, report.figures[key], report.currency)))
            for key, label in labels.items()
            if key in report.figures
        ]
        self.figures_html.value = block(html_table(rows), heading=t("your_portfolio.figures"))
        if not report.has_concentration:
            # Net total 0 or below (more credit notes than sales): no shares, no curve.
            self._panel.message(textwrap.fill(report.remarks[0], 48) if report.remarks else "")
            self.abc_html.value = block(
                "".join(f"<p>{esc(remark)}</p>" for remark in report.remarks),
                heading=t("your_portfolio.abc"),
            )
        else:
            self._show_concentration(report)
        self._show_movers(report)

    def _show_concentration(self, report: PortfolioReport) -> None:
        revenue = _revenue(report)
        ax = self._panel.new_axes()
        plot_pareto(revenue, ax=ax, negative="zero", value_label=t("your_portfolio.revenue"))
        self._panel.render()
        abc = report.abc
        table = pd.DataFrame(
            {
                t("your_portfolio.abc_customers"): abc["customers"].map(count),
                t("your_portfolio.abc_customer_share"): abc["customer_share"].map(percent),
                t("your_portfolio.abc_revenue_share"): abc["value_share"].map(percent),
            },
            index=abc.index.rename(t("your_portfolio.abc_class")),
        )
        self.abc_html.value = block(
            frame_html(table) + f"<p>{esc(t('your_portfolio.abc_rule'))}</p>",
            heading=t("your_portfolio.abc"),
        )

    def _show_movers(self, report: PortfolioReport) -> None:
        movers = report.movers
        if movers.empty or report.previous_period is None or report.current_period is None:
            inner = f"<p>{esc(t('your_portfolio.movers_none'))}</p>"
        else:
            shown = movers.head(MOVERS_ROWS)
            previous = report.period_label(report.previous_period)
            current = report.period_label(report.current_period)
            table = pd.DataFrame(
                {
                    t("your_portfolio.movers_customer"): shown["customer"].astype(str),
                    t("your_portfolio.movers_status"): shown["status"].map(_status_word),
                    previous: shown["revenue_previous"].map(lambda x: number(float(x))),
                    current: shown["revenue_current"].map(lambda x: number(float(x))),
                    t("your_portfolio.movers_change"): shown["change_pct"].map(
                        lambda x: "" if pd.isna(x) else _signed_percent(float(x))
                    ),
                }
            )
            inner = frame_html(table, index=False) + (
                f"<p>{esc(t('your_portfolio.movers_more', shown=count(len(shown)), total=count(len(movers))))}</p>"
                if len(movers) > len(shown)
                else ""
            )  # fmt: skip
        self.movers_html.value = block(inner, heading=t("your_portfolio.movers"))

    def _make_downloads(self, report: PortfolioReport, *, anonymised: bool) -> None:
        self.html_report = report.to_html().encode("utf-8")
        buffer = io.BytesIO()
        report.to_excel(buffer)
        self.excel_report = buffer.getvalue()
        stem = "portfolio_report_anonymised" if anonymised else "portfolio_report"
        style = (
            f"display:inline-block; margin:4px 1em 4px 0; padding:8px 14px; "
            f"border:2px solid {INFO}; border-radius:4px; text-decoration:none; color:{INFO}; "
            "font-weight:600"
        )
        links = (
            f'<a download="{stem}.html" href="{_data_uri(self.html_report, "text/html")}" '
            f'style="{style}">{esc(t("your_portfolio.download_html"))}</a>'
            f'<a download="{stem}.xlsx" href="{_data_uri(self.excel_report, _XLSX_MIME)}" '
            f'style="{style}">{esc(t("your_portfolio.download_xlsx"))}</a>'
        )
        self.downloads_html.value = block(
            links + f"<p>{esc(t('your_portfolio.download_note'))}</p>",
            heading=t("your_portfolio.downloads"),
            border=GOOD,
        )
