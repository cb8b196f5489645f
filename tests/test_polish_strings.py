"""In Polish, the charts, widgets and documents of kamtools speak Polish and write numbers the
Polish way: no English word that went through the message catalogue is left, and no number
is written with a decimal point or a comma between thousands ("82,8%", "1 234").

Every check sets ``kt.set_language("pl")`` and draws or opens the thing as a learner would.
"""

from __future__ import annotations

import html
import re

import matplotlib
import pandas as pd
import pytest

import kamtools as kt

matplotlib.use("Agg")

# Values whose top 20% (the first of five customers) bring 82.8% of the value.
VALUES = [82.8, 10.0, 4.0, 2.0, 1.2]


@pytest.fixture(autouse=True)
def _polish(monkeypatch):
    monkeypatch.delenv("KAMTOOLS_LANG", raising=False)
    kt.set_language("pl")
    yield
    kt.set_language(None)
    import matplotlib.pyplot as plt

    plt.close("all")


def _visible(markup: str) -> str:
    """The text a learner reads: no tags, no style sheets."""
    markup = re.sub(r"<style.*?</style>", " ", markup, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _texts(ax) -> str:
    """Every text of a chart: title, axis labels, legend, annotations and texts."""
    parts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    axes = [ax, *([ax.right_ax] if hasattr(ax, "right_ax") else [])]
    for a in axes:
        parts += [a.get_ylabel()]
        legend = a.get_legend()
        if legend is not None:
            parts += [t.get_text() for t in legend.get_texts()]
        parts += [t.get_text() for t in a.texts]
    return "\n".join(parts)


def _no_english(text: str, words: list[str]) -> None:
    found = [w for w in words if re.search(rf"\b{re.escape(w)}\b", text, flags=re.IGNORECASE)]
    assert found == [], f"English left in: {text[:600]!r}"


# ----------------------------------------------------------------------------- charts
def test_the_pareto_chart_speaks_polish_with_polish_numbers():
    ax = kt.plot_pareto(VALUES)
    text = _texts(ax)
    _no_english(text, ["customers", "customer value", "cumulative share", "reference", "bring"])
    assert "82,8%" in text and "82.8%" not in text
    assert ax.get_xlabel() == "odsetek klientów, od największego"
    assert ax.right_ax.get_ylabel() == "skumulowany udział w wartości"
    assert ax.get_title() == "Top 20% klientów daje 83% wartości"


def test_the_pareto_chart_thousands_ticks_are_polish():
    ax = kt.plot_pareto([250_000.0, 120_000.0, 40_000.0])
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any("\u00a0" in t for t in ticks), ticks
    assert not any("," in t for t in ticks), ticks


def test_the_lorenz_curve_speaks_polish():
    ax = kt.plot_lorenz([1, 2, 3, 10], label="2025")
    text = _texts(ax)
    _no_english(text, ["line of equality", "share of customers", "share of value", "smallest"])
    assert "2025: Gini 0,44" in text
    assert ax.get_title() == "Krzywa Lorenza wartości klientów"


@pytest.mark.parametrize("profits", [[100, 60, 20, -30, -50], [10, -30, -50]])
def test_the_whale_curve_speaks_polish(profits):
    ax = kt.plot_whale(profits)
    text = _texts(ax)
    _no_english(text, ["whale", "peak", "profit", "customers", "total"])
    assert "krzywa wieloryba" in ax.get_title().lower()


def test_the_matrices_speak_polish():
    ax = kt.plot_portfolio([8, 2, 8, 2], [8, 8, 2, 2])
    text = _texts(ax)
    _no_english(text, ["attractiveness", "strength", "invest", "maintain", "manage for cash"])
    assert "inwestuj we wzrost" in text
    items = pd.DataFrame({"profit_impact": [8, 8, 2, 2], "supply_risk": [8, 2, 8, 2]})
    ax = kt.plot_kraljic(items)
    text = _texts(ax)
    _no_english(text, ["Leverage", "Bottleneck", "Non-critical", "supply risk", "partnership"])
    assert "Dźwigniowe" in text and "macierz Kraljica" in ax.get_title()


def test_the_clv_chart_writes_polish_numbers():
    ax = kt.plot_clv(1500, 0.8, 0.1, acquisition_cost=1500)
    labels = [line.get_label() for line in ax.lines]
    assert any(label.endswith("CLV 4\u00a0000,00") for label in labels), labels
    assert any("1\u00a0500" in label for label in labels), labels


# ---------------------------------------------------------------------------- widgets
def test_the_dossier_builder_speaks_polish():
    from kamtools.widgets.dossier import DossierBuilder

    w = DossierBuilder(form="account_plan", autosave=False)
    try:
        shown = " ".join(
            [
                w.completeness_html.value,
                w.missing_html.value,
                w.preview_html.value,
                w.export_button.description,
                w.path_text.description,
                w.overwrite_checkbox.description,
                *w.tabs.titles,
            ]
        )
        _no_english(
            _visible(shown),
            ["required", "Completeness", "Missing", "Export", "Form", "Preview", "complete"],
        )
        assert w.export_button.description == "Eksportuj plan rozwoju klienta"
        assert "Kompletność: 0%" in _visible(w.preview_html.value)
    finally:
        w.close()
    markdown = kt.dossier_markdown({"company_name": "Domar"})
    _no_english(markdown, ["Completeness", "MISSING", "required"])


def test_account_scoring_shows_polish_strategies_and_criteria():
    from kamtools.widgets.scoring import AccountScoring

    w = AccountScoring()
    try:
        quadrants = _visible(w.quadrants_html.value)
        _no_english(quadrants, ["invest", "maintain", "manage for cash", "accounts"])
        assert "inwestuj we wzrost" in quadrants
        sliders = [s.description for s in w.weight_sliders.values()]
        assert "potencjał wolumenu" in sliders and "volume potential" not in sliders
        assert set(w.quadrants["quadrant"]) <= {"Strategic", "Star", "Status", "Streamline"}
        ranked = _visible(w.ranked_html.value)
        assert re.search(r"\d,\d\d", ranked) and not re.search(r"\d\.\d\d", ranked)
    finally:
        w.close()


def test_the_payment_term_calculator_speaks_polish():
    from kamtools.widgets.payment_terms import PaymentTermCalculator

    w = PaymentTermCalculator(revenue=2_000_000, current_days=30, new_days=90)
    try:
        html_parts = [
            c.value for c in w.root.children if hasattr(c, "value") and isinstance(c.value, str)
        ]
        shown = _visible(" ".join(html_parts) + w.result_html.value + w.legal_html.value)
        _no_english(shown, ["more days", "tie up", "a year", "Not allowed", "large buyer"])
        assert "328 767 zł" in shown and "9,0%" in shown  # (no-break spaces read as spaces)
        assert "To nie jest porada prawna" in shown
        assert w.revenue_text.description == "Roczny przychód (zł)"
        assert [label for label, _ in w.buyer_dropdown.options][0] == "duża firma"
    finally:
        w.close()


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return kt.sample_export(tmp_path_factory.mktemp("sample") / "register.csv")


def test_your_portfolio_shows_polish_statuses_reasons_and_notes(sample):
    from kamtools.widgets.your_portfolio import YourPortfolio

    w = YourPortfolio(sample)
    try:
        movers = _visible(w.movers_html.value)
        _no_english(movers, ["lost", "won", "shrinking", "growing"])
        assert "utracony" in movers
        report = _visible(w.report_html.value)
        _no_english(report, ["total row", "no customer", "rejected", "reason"])
        assert "wiersz sumy" in report and "odrzucony" in report
        mapping = _visible(w.mapping_html.value)
        _no_english(mapping, ["title line", "skipped", "Net and gross", "not used"])
    finally:
        w.close()


def test_read_export_notes_and_reasons_are_polish(sample):
    export = kt.read_export(sample)
    notes = " ".join(export.mapping.notes)
    _no_english(notes, ["skipped", "used", "gross amounts"])
    reasons = " ".join(export.report["reason"])
    _no_english(reasons, ["total row", "no customer"])


def test_why_an_export_cannot_be_read_is_said_in_polish():
    empty = pytest.raises(kt.ExportFormatError, kt.read_export, b"", name="puste.csv")
    assert "Plik jest pusty (0 bajtów)" in str(empty.value)
    image = pytest.raises(kt.ExportFormatError, kt.read_export, b"\x89PNG\r\n", name="x.png")
    assert "Plik 'x.png' to obraz PNG, a nie eksport danych" in str(image.value)
    old = pytest.raises(kt.ExportFormatError, kt.read_export, b"\xd0\xcf\x11\xe0" + b"\0" * 8)
    assert "Zapisz go jako .xlsx albo CSV" in str(old.value)
    columns = b"Kontrahent;Kwota netto\nDomar;100\n"
    missing = pytest.raises(kt.ExportFormatError, kt.read_export, columns, name="bez_dat.csv")
    message = str(missing.value)
    assert "To nie wygląda na eksport sprzedaży" in message and "„Data”" in message
    _no_english(message, ["does not look", "column(s)", "If the file holds"])


def test_an_ambiguous_export_asks_in_polish_and_keeps_field_and_candidates():
    text = "Kontrahent;Data;Kwota netto\nDomar;03/04/2025;100\nBudex;05/06/2025;200\n"
    caught = pytest.raises(kt.AmbiguousExportError, kt.read_export, text.encode(), name="d.csv")
    error = caught.value
    assert error.field == "date_format" and error.candidates == ("%d/%m/%Y", "%m/%d/%Y")
    assert "najpierw dzień albo najpierw miesiąc" in str(error)
    assert "mapping={'date_format': '%d/%m/%Y'}" in str(error)  # the Python stays as it is
    _no_english(str(error), ["can be read", "day first", "tells them apart", "Pass"])


def test_your_portfolio_says_in_polish_why_a_file_cannot_be_read():
    from kamtools.widgets.your_portfolio import YourPortfolio

    w = YourPortfolio()
    try:
        w._load("obrazek.png", b"\x89PNG\r\n")
        status = _visible(w.status_html.value)
        assert "Nie udało się odczytać pliku obrazek.png: Plik 'obrazek.png' to obraz PNG" in status
        _no_english(status, ["could not be read", "image", "not a data export"])
    finally:
        w.close()


def test_your_portfolio_preview_headers_are_the_polish_field_names(sample):
    from kamtools.widgets.your_portfolio import YourPortfolio

    w = YourPortfolio(sample)
    try:
        headers = [
            _visible(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", w.preview_html.value, re.S)
        ]
        assert {"Klient", "Data", "Kwota netto", "wiersz"} <= set(headers), headers
        assert not {"customer", "date", "amount", "line"} & set(headers), headers
        assert re.search(r"\b\d\d\.\d\d\.\d{4}\b", _visible(w.preview_html.value))  # 04.12.2026
    finally:
        w.close()


def test_max_payment_term_gives_its_reason_in_polish():
    limit = kt.max_payment_term("public")
    assert limit.reason == "podmiot publiczny płaci w ciągu 30 dni od doręczenia faktury"
    assert str(limit).startswith("30 dni (art. 8 ust. 2): podmiot publiczny")
    business = kt.max_payment_term("large", supplier_size="large")
    assert "art. 7 ust. 3" in business.reason
    _no_english(business.reason, ["days", "between businesses", "expressly agreed"])
    kt.set_language("en")
    assert kt.max_payment_term("public").reason == (
        "a public buyer pays within 30 days of receiving the invoice"
    )


# -------------------------------------------------------------------------- documents
def test_the_portfolio_report_writes_polish_numbers(sample):
    from kamtools.analysis._portfolio_pages import _figure_rows

    report = kt.portfolio_report(kt.read_export(sample).lines)
    page = report.to_html()
    assert '<html lang="pl">' in page
    body = _visible(page.split("<body>", 1)[1])
    assert re.search(r"\d,\d%", body)  # 82,8%
    assert not re.search(r"\d\.\d%", body), re.findall(r".{20}\d\.\d%", body)[:3]
    assert not re.search(r"\b\d{1,3},\d{3}\b", body), re.findall(r".{20}\d,\d{3}\b", body)[:3]
    figures = [value for _, value in _figure_rows(report)]
    assert "\u00a0" in figures[1]  # the total: thousands separated by a (no-break) space
    assert all("." not in value for value in figures), figures
    _no_english(body, ["lost", "won", "Customers", "revenue"])


def test_the_certificate_says_what_is_left_in_polish(tmp_path, monkeypatch):
    monkeypatch.setenv("KAMTOOLS_PROGRESS_DB", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("KAMTOOLS_PROGRESS", raising=False)
    from kamtools.progress import default_store

    with pytest.raises(kt.CertificateNotReady) as caught:
        kt.certificate("Anna Nowak", tmp_path / "early.html", store=default_store())
    message = str(caught.value)
    _no_english(message, ["left", "Still to do"])
    assert "zostało:" in message
