"""Headless tests of "Your portfolio" (kamtools.widgets.your_portfolio).

The widget is driven as a learner drives it: a file is uploaded (``FileUpload.value`` set
the way ipywidgets 8 sets it), a column menu is changed, *Anonymise before sharing* is
ticked. What it shows is compared with ``kt.read_export``, ``kt.anonymise`` and
``kt.portfolio_report`` called directly, and the two downloads are decoded and read.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import re

import pandas as pd
import pytest
from export_corpus import build_corpus

import kamtools as kt
from kamtools.data.samples import sample_invoices
from kamtools.widgets.your_portfolio import YourPortfolio, _upload_file

SALT = "workshop-salt-2026"


def _upload(widget: YourPortfolio, name: str, data: bytes) -> None:
    """What the browser does: FileUpload.value becomes a tuple of one file dict."""
    widget.upload.value = (
        {
            "name": name,
            "type": "text/csv",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 12, 5, tzinfo=dt.UTC),
        },
    )


def _visible(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _download(widget: YourPortfolio, ending: str) -> tuple[str, bytes]:
    """(file name, bytes) of the download link whose file name ends with ``ending``."""
    match = re.search(
        rf'<a download="([^"]+{re.escape(ending)})" href="data:[^;]+;base64,([^"]+)"',
        widget.downloads_html.value,
    )
    assert match, widget.downloads_html.value[:500]
    return match.group(1), base64.b64decode(match.group(2))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return {f.name: f for f in build_corpus(tmp_path_factory.mktemp("corpus"))}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return kt.sample_export(tmp_path_factory.mktemp("sample") / "register.csv")


@pytest.fixture
def widget():
    w = YourPortfolio()
    yield w
    w.close()


# ---------------------------------------------------------------------------------------
# The sample export
# ---------------------------------------------------------------------------------------
def test_the_sample_export_is_vistula_in_a_subiekt_layout(sample):
    text = sample.read_bytes().decode("cp1250")
    lines = text.split("\r\n")
    assert lines[0].startswith("Rejestr sprzedaży VAT") and lines[2] == ""
    assert lines[3].startswith("Lp.;Data wystawienia;Nr dokumentu;Kontrahent;NIP;Wartość netto")
    assert lines[-2].startswith(";;;Razem;") and lines[-1] == ""
    export = kt.read_export(sample)
    invoices = sample_invoices()
    # Every invoice and credit note is used; the sale without a buyer and the total row
    # are the two lines rejected.
    assert len(export.lines) == len(invoices)
    assert export.rejected == 2 and export.data_lines == len(invoices) + 2
    assert export.mapping.encoding == "cp1250" and export.mapping.separator == ";"
    assert export.mapping.fields["amount"] == "Wartość netto"
    by_customer = export.lines.groupby("customer")["amount"].sum()
    expected = invoices.groupby("customer")["net"].sum()
    pd.testing.assert_series_equal(
        by_customer.sort_index(), expected.sort_index(), check_names=False, atol=0.005
    )
    assert (export.lines["amount"] < 0).sum() == (invoices["net"] < 0).sum()


def test_the_sample_export_is_written_to_the_temporary_folder_by_default():
    path = kt.sample_export()
    assert path.is_file() and path.name.endswith(".csv")
    assert kt.sample_export().read_bytes() == path.read_bytes()  # the same every time


# ---------------------------------------------------------------------------------------
# Upload, mapping, corrections
# ---------------------------------------------------------------------------------------
def test_before_a_file_the_widget_says_what_to_do(widget):
    assert widget.export is None and widget.report is None
    assert "No file yet" in _visible(widget.status_html.value)
    assert widget.upload.accept == ".csv,.txt,.tsv,.xlsx,.parquet,.jsonl"
    assert widget.downloads_html.value == ""


def test_upload_reads_the_file_and_shows_mapping_preview_report_and_portfolio(widget, corpus):
    item = next(f for f in corpus.values() if f.format == "csv" and f.rejected)
    data = item.path.read_bytes()
    _upload(widget, item.name, data)
    direct = kt.read_export(data, name=item.name)
    assert widget.error == ""
    pd.testing.assert_frame_equal(widget.export.lines, direct.lines)
    assert widget.export.mapping == direct.mapping
    mapping = _visible(widget.mapping_html.value)
    assert item.name in mapping and direct.mapping.encoding in mapping
    for note in direct.mapping.notes:
        assert _visible(html.escape(note)) in mapping
    for field, column in direct.mapping.fields.items():
        assert widget.field_dropdowns[field].value == column
    missing = set(kt.data.exports.STANDARD_FIELDS) - set(direct.mapping.fields)
    for field in missing:
        assert widget.field_dropdowns[field].value == ""
    report = _visible(widget.report_html.value)
    assert f"{direct.rejected} rejected" in report
    first = direct.report.iloc[0]
    assert str(first["reason"]) in report
    # the portfolio: the figures of kt.portfolio_report of the lines read
    expected = kt.portfolio_report(direct.lines)
    assert widget.report.figures["n_customers"] == expected.figures["n_customers"]
    figures = _visible(widget.figures_html.value)
    assert f"{expected.figures['top_20_share']:.1%}" in figures
    assert widget.png  # the Pareto chart was drawn


def test_a_path_as_source_is_read_as_if_uploaded(sample):
    w = YourPortfolio(sample)
    try:
        assert w.error == "" and w.export.mapping.encoding == "cp1250"
        assert sample.name in _visible(w.mapping_html.value)
    finally:
        w.close()


def test_the_sample_button_loads_the_sample_export(widget):
    widget.sample_button.click()
    assert widget.error == "" and widget.export.mapping.fields["customer"] == "Kontrahent"


@pytest.mark.slow  # reads the whole sample export again (seconds): make test runs it
def test_changing_a_column_menu_reads_the_file_again_with_that_mapping(sample):
    w = YourPortfolio(sample)
    try:
        net_total = w.export.lines["amount"].sum()
        w.field_dropdowns["amount"].value = "Wartość brutto"
        assert w.error == ""
        assert w.export.mapping.fields["amount"] == "Wartość brutto"
        direct = kt.read_export(sample, mapping={"amount": "Wartość brutto"})
        assert w.export.lines["amount"].sum() == pytest.approx(direct.lines["amount"].sum())
        assert w.export.lines["amount"].sum() > net_total  # gross: VAT included
        w.field_dropdowns["amount"].value = "Wartość netto"
        assert w.export.lines["amount"].sum() == pytest.approx(net_total)
        # a field left out
        w.field_dropdowns["tax_id"].value = ""
        assert "tax_id" not in w.export.lines.columns
    finally:
        w.close()


@pytest.mark.slow  # reads the whole sample export again (seconds): make test runs it
def test_changing_the_date_format_reads_the_file_again(sample):
    w = YourPortfolio(sample)
    try:
        assert w.date_dropdown.value == "%d.%m.%Y"
        w.date_dropdown.value = "%Y-%m-%d"  # wrong for this file: every date unreadable
        assert w.export is None or w.export.rejected > 2 or w.error
        w.date_dropdown.value = "%d.%m.%Y"
        assert w.error == "" and w.export.rejected == 2
    finally:
        w.close()


@pytest.mark.slow  # reads the whole sample export again (seconds): make test runs it
def test_a_new_upload_forgets_the_corrections_of_the_last_file(widget, sample, corpus):
    _upload(widget, sample.name, sample.read_bytes())
    widget.field_dropdowns["amount"].value = "Wartość brutto"
    item = next(f for f in corpus.values() if f.format == "xlsx")
    _upload(widget, item.name, item.path.read_bytes())
    assert widget.error == ""
    assert widget.export.mapping.format == "xlsx"


# ---------------------------------------------------------------------------------------
# Errors are words, never a traceback
# ---------------------------------------------------------------------------------------
def test_a_file_that_is_not_an_export_gets_a_friendly_message(widget):
    _upload(widget, "holiday.csv", b"Dear all,\nthe office is closed on Friday.\n")
    with pytest.raises(kt.KamtoolsError) as raised:
        kt.read_export(b"Dear all,\nthe office is closed on Friday.\n", name="holiday.csv")
    assert widget.export is None and widget.report is None
    text = _visible(widget.status_html.value)
    assert "holiday.csv could not be read" in text
    assert str(raised.value)[:60] in text
    assert "Traceback" not in text and widget.log.outputs == ()
    assert widget.downloads_html.value == "" or widget._result_box.layout.display == "none"


def test_an_image_uploaded_by_mistake_gets_a_friendly_message(widget):
    _upload(widget, "logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert widget.export is None
    assert "logo.png could not be read" in _visible(widget.status_html.value)
    assert widget.log.outputs == ()


def test_an_ambiguous_file_says_which_mapping_to_pass(widget, tmp_path):
    from export_corpus import build_error_cases

    case = next(c for c in build_error_cases(tmp_path) if c.error == "AmbiguousExportError")
    _upload(widget, case.name, case.path.read_bytes())
    assert widget.export is None
    text = _visible(widget.status_html.value).lower()
    for word in case.keywords:
        assert word.lower() in text
    assert widget.log.outputs == ()


def test_a_missing_file_as_source_is_a_message_not_an_error(tmp_path):
    w = YourPortfolio(tmp_path / "nope.csv")
    try:
        assert "nope.csv could not be read" in _visible(w.status_html.value)
    finally:
        w.close()


def test_a_source_that_is_not_a_path_is_refused():
    with pytest.raises(kt.WrongTypeError, match="source"):
        YourPortfolio(source=42)


# ---------------------------------------------------------------------------------------
# Anonymise and download
# ---------------------------------------------------------------------------------------
def test_the_html_download_is_the_report_with_the_customers(sample):
    w = YourPortfolio(sample)
    try:
        name, data = _download(w, ".html")
        assert name == "portfolio_report.html"
        page = data.decode("utf-8")
        assert page == w.report.to_html() and page.lstrip().lower().startswith("<!doctype html")
        largest = w.report.customers.sort_values("revenue", ascending=False)
        top = largest["customer"].iloc[0] if "customer" in largest else largest.index[0]
        assert html.escape(str(top)) in page or str(top) in page
        name, data = _download(w, ".xlsx")
        assert name == "portfolio_report.xlsx"
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
        customers = next(frame for title, frame in sheets.items() if "ustomer" in title)
        assert len(customers) == w.report.figures["n_customers"]
    finally:
        w.close()


@pytest.mark.slow  # reads the whole sample export again (seconds): make test runs it
def test_anonymise_replaces_the_names_everywhere_and_keeps_the_figures(sample):
    w = YourPortfolio(sample)
    try:
        before = dict(w.report.figures)
        names = set(w.export.lines["customer"])
        w.anonymise_checkbox.value = True
        assert "secret word" in _visible(w.privacy_html.value)
        assert w.excel_report == b"" and "<a download" not in w.downloads_html.value
        w.salt_text.value = SALT
        direct = kt.anonymise(w.export, salt=SALT)
        pd.testing.assert_frame_equal(w.shared.lines, direct.lines)
        assert w.report.figures == pytest.approx(before, nan_ok=True)
        name, data = _download(w, ".html")
        assert name == "portfolio_report_anonymised.html"
        page = data.decode("utf-8")
        shown = " ".join([w.figures_html.value, w.abc_html.value, w.movers_html.value, page])
        leaked = [n for n in names if n in shown or html.escape(n) in shown]
        assert leaked == []
        _, workbook = _download(w, ".xlsx")
        text = " ".join(
            frame.astype(str).to_string()
            for frame in pd.read_excel(io.BytesIO(workbook), sheet_name=None).values()
        )
        assert [n for n in names if n in text] == []
        w.anonymise_checkbox.value = False
        _, data = _download(w, ".html")
        assert data.decode("utf-8") == w.report.to_html()
    finally:
        w.close()


@pytest.mark.slow  # reads the whole sample export again (seconds): make test runs it
def test_a_too_short_secret_word_blocks_the_downloads_with_a_reason(sample):
    w = YourPortfolio(sample)
    try:
        w.anonymise_checkbox.value = True
        w.salt_text.value = "abc"
        assert "Not anonymised yet" in _visible(w.privacy_html.value)
        assert w.html_report == b"" and "<a download" not in w.downloads_html.value
    finally:
        w.close()


def test_upload_file_reads_both_ipywidgets_value_shapes():
    item = {"name": "a.csv", "content": memoryview(b"x;y\n")}
    assert _upload_file((item,)) == ("a.csv", b"x;y\n")
    assert _upload_file({"a.csv": {"metadata": {"name": "a.csv"}, "content": b"x"}}) == (
        "a.csv",
        b"x",
    )
    assert _upload_file(()) is None


def test_the_widget_is_registered_and_closes():
    w = kt.YourPortfolio()
    assert isinstance(w, YourPortfolio)
    w.close()
    assert w.upload.comm is None


@pytest.mark.slow  # reads the whole sample export again (seconds): make test runs it
def test_when_the_reader_cannot_decide_a_menu_offers_its_candidates(widget, tmp_path):
    from export_corpus import build_error_cases

    cases = [c for c in build_error_cases(tmp_path) if c.error == "AmbiguousExportError"]
    assert cases
    for case in cases:
        data = case.path.read_bytes()
        _upload(widget, case.name, data)
        assert widget.export is None
        assert widget.choice_dropdown.layout.display is None, case.name
        values = [v for _, v in widget.choice_dropdown.options if v]
        assert values, case.name
        widget.choice_dropdown.value = values[0]
        field = widget._pending
        direct = kt.read_export(data, name=case.name, mapping={field: values[0]})
        assert widget.error == "", (case.name, widget.error)
        pd.testing.assert_frame_equal(widget.export.lines, direct.lines)
        assert widget.choice_dropdown.layout.display == "none"


def test_a_file_whose_net_total_is_not_positive_gets_words_not_a_traceback(tmp_path):
    # More credit notes than sales: no shares, no curve; the widget says why.
    path = tmp_path / "zero.csv"
    path.write_text(
        "Kontrahent;Data;Netto\nAlfa;03.01.2025;100,00\nAlfa;04.01.2025;-100,00\n"
        "Beta;05.01.2025;-50,00\n",
        encoding="utf-8",
    )
    widget = kt.YourPortfolio(path)
    assert widget.error == ""
    assert widget.report is not None and not widget.report.has_concentration
    assert "nothing to share out" in widget.abc_html.value
    assert "–" in widget.figures_html.value  # shares shown as a dash, not NaN
    assert widget.html_report  # the report can still be downloaded
