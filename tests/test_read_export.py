"""kt.read_export and its detection pieces (issue 15, part 1), on small hand-made inputs.

The realistic corpus (a dozen exports built in code) is in test_read_export_corpus.py.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.data._export_detect import (
    FIELD_NAMES,
    GROSS_NAMES,
    detect_date_format,
    detect_encoding,
    detect_marks,
    detect_separator,
    field_of,
    sniff_format,
)
from kamtools.data.exports import (
    detect_text_layout,
    is_total_row,
    parse_amounts,
    parse_dates,
)

HEADER = "Kontrahent;NIP;Data wystawienia;Wartość netto"
ROWS = [
    "Świętokrzyskie Młyny;5213456789;02.01.2025;1 234,50",
    "Źródło Ąbc;;15.01.2025;(100,00)",
    "Beta SA;;31.01.2025;99,99",
]


def _csv(*rows: str, header: str = HEADER, sep: str = ";", encoding: str = "utf-8") -> bytes:
    text = "\n".join([header, *rows]).replace(";", sep) + "\n"
    return text.encode(encoding)


# --- encodings --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1250", "iso-8859-2"])
def test_each_encoding_is_found_and_polish_letters_survive(encoding):
    export = kt.read_export(_csv(*ROWS, encoding=encoding))
    assert export.mapping.encoding == encoding
    assert export.lines["customer"].iloc[0] == "Świętokrzyskie Młyny"
    assert export.lines["customer"].iloc[1] == "Źródło Ąbc"
    assert export.mapping.fields["amount"] == "Wartość netto"


def test_cp1250_and_iso_8859_2_are_told_apart_by_the_letters_that_differ():
    assert detect_encoding("ś ź ą".encode("cp1250")) == ("cp1250", None)
    assert detect_encoding("ś ź ą".encode("iso-8859-2")) == ("iso-8859-2", None)
    assert "ś".encode("cp1250") == b"\x9c" and "ś".encode("iso-8859-2") == b"\xb6"


def test_a_file_that_reads_the_same_in_both_is_cp1250_with_a_note():
    data = _csv("Żak;;02.01.2025;10,00", header="Klient;NIP;Data;Netto", encoding="cp1250")
    assert data.decode("cp1250") == data.decode("iso-8859-2")
    export = kt.read_export(data)
    assert export.mapping.encoding == "cp1250"
    assert any("cp1250" in n and "ISO-8859-2" in n for n in export.mapping.notes)


def test_a_sample_cut_inside_a_utf8_letter_is_still_utf8():
    data = "Kontrahent;Kwota\nŻak;1\n".encode()
    cut = data[: data.index("Ż".encode()) + 1]
    assert detect_encoding(cut, complete=False) == ("utf-8", None)


# --- separators and layout --------------------------------------------------------------


@pytest.mark.parametrize("sep", [";", ",", "\t", "|"])
def test_each_separator_is_found(sep):
    rows = ["Alfa|2025-01-02|1234.50", "Beta|2025-01-03|-10.00"]
    data = _csv(*[r.replace("|", ";") for r in rows], header="Customer;Date;Net Amount", sep=sep)
    export = kt.read_export(data)
    assert export.mapping.separator == sep
    assert export.lines["amount"].tolist() == [1234.5, -10.0]


def test_decimal_commas_do_not_pass_for_the_separator():
    assert detect_separator("Klient;Netto\nA;1,5\nB;2,5\nC;3,25\n") == ";"


def test_title_rows_above_the_header_are_skipped_and_lines_keep_their_numbers():
    data = _csv(*ROWS, header="Zestawienie sprzedaży\nOkres: styczeń 2025\n\n" + HEADER)
    export = kt.read_export(data)
    assert export.mapping.header_row == 4
    assert export.lines.index.tolist() == [5, 6, 7]
    assert any("title" in n for n in export.mapping.notes)


def test_blank_lines_are_not_data_lines_and_numbers_follow_the_editor():
    data = _csv(ROWS[0], "", ";;;", ROWS[1], '"Gamma\nDruga linia";;03.01.2025;5,00', ROWS[2])
    export = kt.read_export(data)
    assert export.data_lines == 4
    assert export.lines.index.tolist() == [2, 5, 6, 8]
    assert export.lines.loc[6, "customer"] == "Gamma Druga linia"


def test_a_line_with_too_many_fields_is_rejected_with_its_text():
    data = _csv(ROWS[0], "Alfa;1;02.01.2025;1 234;50")
    export = kt.read_export(data)
    assert len(export.lines) == 1 and export.rejected == 1
    row = export.report.iloc[0]
    assert row["line"] == 3 and "5 fields" in row["reason"] and "1 234;50" in row["value"]


def test_detect_text_layout_reads_a_sample_cut_mid_line():
    data = _csv(*ROWS * 3000)
    layout = detect_text_layout(data[:100_000])
    assert (layout.separator, layout.decimal, layout.date_format) == (";", ",", "%d.%m.%Y")
    assert layout.fields["customer"] == "Kontrahent"


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, decimal, thousands, value",
    [
        ("1 234,50 zł", ",", " ", 1234.5),
        ("1 234,50 PLN", ",", " ", 1234.5),
        ("PLN 1 200", ",", " ", 1200.0),
        ("(1 234,50)", ",", " ", -1234.5),
        ("-1 234,50", ",", " ", -1234.5),
        ("1 234,50-", ",", " ", -1234.5),
        ("-1.234,50", ",", ".", -1234.5),
        ("1.234.567,89 €", ",", ".", 1234567.89),
        ("1'234.50", ".", "'", 1234.5),
        ("1’234.50", ".", "'", 1234.5),
        ("€1,234.50", ".", ",", 1234.5),
        ("-€1,234.50", ".", ",", -1234.5),
        ("EUR 10,00", ",", None, 10.0),
        ("1\u00a0234,50", ",", "\u00a0", 1234.5),
        ("1\u202f234,50 zł", ",", " ", 1234.5),
        ("0,5", ",", None, 0.5),
        (",5", ",", None, 0.5),
        ("1234", ",", ".", 1234.0),
    ],
)
def test_every_number_form_parses(text, decimal, thousands, value):
    result = parse_amounts(pd.Series([text]), decimal=decimal, thousands=thousands)
    assert result.iloc[0] == pytest.approx(value)


@pytest.mark.parametrize(
    "text, decimal, thousands",
    [
        ("abc", ",", None),
        ("", ",", None),
        ("12.5", ",", "."),  # a dot that is no thousands mark: not 125
        ("1 23,50", ",", " "),  # a group of two digits
        ("(5", ",", None),
        ("--5", ",", None),
        ("-(5)", ",", None),
        ("1,2,3", ".", None),
    ],
)
def test_unreadable_numbers_are_nan(text, decimal, thousands):
    result = parse_amounts(pd.Series([text]), decimal=decimal, thousands=thousands)
    assert np.isnan(result.iloc[0])


def test_numbers_stored_as_numbers_are_kept():
    assert parse_amounts(pd.Series([1.5, -2]), decimal=",", thousands=None).tolist() == [1.5, -2.0]
    mixed = pd.Series([1.5, "2,5 zł", None], dtype=object)
    assert parse_amounts(mixed, decimal=",", thousands=None).tolist()[:2] == [1.5, 2.5]


@pytest.mark.parametrize(
    "values, marks",
    [
        (["1 234,50", "12,00"], (",", " ")),
        (["1.234,50", "100,00"], (",", ".")),
        (["1,234.50", "100.00"], (".", ",")),
        (["1'234.50"], (".", "'")),
        (["1\u00a0234,50"], (",", "\u00a0")),
        (["12,5", "3,25"], (",", None)),
        (["12.5", "3.25"], (".", None)),
        (["1.234.567"], (",", ".")),
        (["(1 234,50)", "-5,00 zł"], (",", " ")),
    ],
)
def test_decimal_and_thousands_marks_are_detected(values, marks):
    decimal, thousands, note = detect_marks(values)
    assert (decimal, thousands) == marks
    assert note is None


def test_amounts_that_all_look_like_thousands_are_read_so_with_a_note():
    decimal, thousands, note = detect_marks(["1,234", "12,500"])
    assert (decimal, thousands) == (".", ",")
    assert note and "mapping={'decimal': ','}" in note


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_any_amount_written_the_polish_way_parses_back_exactly(value):
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", "\u00a0")
    for text in (
        f"{sign}{groups},{cents} zł",
        f"({groups},{cents})" if sign else groups + "," + cents,
    ):
        parsed = parse_amounts(pd.Series([text]), decimal=",", thousands="\u00a0").iloc[0]
        assert parsed == float(value) or (not sign and parsed == float(abs(value)))


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values, fmt",
    [
        (["02.01.2025", "31.12.2025"], "%d.%m.%Y"),
        (["2025-01-02", "2025-12-31"], "%Y-%m-%d"),
        (["2025-01-02 10:30:00", "2025-12-31T08:00"], "%Y-%m-%d"),
        (["13/01/2025", "02/01/2025"], "%d/%m/%Y"),
        (["01/13/2025", "01/02/2025"], "%m/%d/%Y"),
        (["45658", "45659"], "excel-serial"),
    ],
)
def test_date_formats_are_detected(values, fmt):
    assert detect_date_format(pd.Series(values), "Data")[0] == fmt


def test_day_month_ambiguity_stops_with_a_usable_mapping():
    with pytest.raises(kt.AmbiguousExportError, match="mapping=") as info:
        detect_date_format(pd.Series(["03/04/2025", "05/06/2025"]), "Date")
    assert info.value.candidates == ("%d/%m/%Y", "%m/%d/%Y")
    data = _csv("Alfa;03/04/2025;1.00", header="Customer;Date;Amount", sep=",")
    with pytest.raises(kt.AmbiguousExportError):
        kt.read_export(data)
    export = kt.read_export(data, mapping={"date_format": "%d/%m/%Y"})
    assert export.lines["date"].iloc[0] == pd.Timestamp("2025-04-03")


def test_parse_dates_rejects_impossible_dates_and_reads_serials():
    values = pd.Series(["31.02.2025", "29.02.2024", "45658", "1.2.2025", "", None])
    dates = parse_dates(values, date_format="%d.%m.%Y")
    assert dates.dtype == "datetime64[ns]"
    assert dates.isna().tolist() == [True, False, False, False, True, True]
    assert dates.iloc[2] == pd.Timestamp("2025-01-01")
    serial = parse_dates(pd.Series([45658.75, 10]), date_format="excel-serial")
    assert serial.iloc[0] == pd.Timestamp("2025-01-01") and pd.isna(serial.iloc[1])


def test_impossible_and_unreadable_dates_are_rejected_with_their_reason():
    data = _csv(ROWS[0], "Alfa;;31.02.2025;1,00", "Beta;;jutro;1,00", "Gamma;;;1,00")
    report = kt.read_export(data).report.set_index("line")
    assert report.loc[3, "reason"] == "impossible date (no such day)"
    assert report.loc[3, "value"] == "31.02.2025" and report.loc[3, "column"] == "Data wystawienia"
    assert report.loc[4, "reason"].startswith("not a date in the form dd.mm.yyyy")
    assert report.loc[5, "reason"] == "no date"


def test_a_serial_number_among_text_dates_is_read_and_reported_as_changed():
    export = kt.read_export(_csv(ROWS[0], "Alfa;;45658;1,00"))
    assert export.lines.loc[3, "date"] == pd.Timestamp("2025-01-01")
    changed = export.report[export.report["action"] == "changed"]
    assert changed[["line", "value"]].to_numpy().tolist() == [[3, "45658"]]


# --- total rows -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, total",
    [
        ("Razem", True), ("RAZEM:", True), ("Suma", True), ("Ogółem", True),
        ("OGÓŁEM", True), ("Total", True), ("Grand total", True), ("Łącznie", True),
        ("Razem netto", True), ("Suma końcowa", True), ("Subtotal", True),
        (";;Razem;;12 345,00", True), ("Razem: Alfa", True),
        ("Suma Sp. z o.o.", False), ("Total Logistics SA", False), ("Alfa", False),
        ("", False), ("Razemtex", False),
    ],
)  # fmt: skip
def test_total_rows_are_recognised(text, total):
    assert bool(is_total_row(pd.Series([text])).iloc[0]) == total


def test_total_rows_are_rejected_and_counted_as_data_lines():
    data = _csv(*ROWS, "", "Razem;;;1 234,49", ";;Suma:;1 234,49")
    export = kt.read_export(data)
    assert export.data_lines == 5 and len(export.lines) == 3 and export.rejected == 2
    reasons = export.report.set_index("line")["reason"]
    assert reasons[6].startswith("total row") and reasons[7].startswith("total row")


# --- headers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, field",
    [
        ("Kontrahent", "customer"), ("NABYWCA", "customer"), ("klient", "customer"),
        ("Odbiorca", "customer"), ("Nazwa  kontrahenta", "customer"), ("Customer", "customer"),
        ("Account Name", "customer"), ("Client", "customer"), ("NIP", "tax_id"),
        ("Tax ID", "tax_id"), ("VAT ID", "tax_id"), ("Data wystawienia", "date"),
        ("data sprzedazy", "date"), ("Data dokumentu", "date"), ("Invoice Date", "date"),
        ("Date", "date"), ("Nr faktury", "invoice"), ("Numer dokumentu", "invoice"),
        ("Invoice No", "invoice"), ("Wartość netto", "amount"), ("Netto", "amount"),
        ("Kwota netto", "amount"), ("Net Amount", "amount"), ("Amount", "amount"),
        ("Revenue", "amount"), ("Sales", "amount"), ("Wartość netto [PLN]", "amount"),
        ("Ilość", "quantity"), ("Qty", "quantity"), ("Quantity", "quantity"),
        ("Cena netto", "unit_price"), ("Unit Price", "unit_price"), ("Towar", "product"),
        ("Nazwa towaru", "product"), ("Indeks", "product"), ("SKU", "product"),
        ("Product", "product"), ("Grupa towarowa", "category"), ("Kategoria", "category"),
        ("Category", "category"), ("Koszt", "cost_of_goods"),
        ("Wartość zakupu", "cost_of_goods"), ("COGS", "cost_of_goods"),
        ("Cost", "cost_of_goods"), ("  wartosc   NETTO ", "amount"),
    ],
)  # fmt: skip
def test_header_synonyms(name, field):
    found = field_of(name)
    assert found is not None and found[0] == field


def test_no_header_name_belongs_to_two_fields_or_to_gross():
    names = [n for tiers in FIELD_NAMES.values() for tier in tiers for n in tier]
    assert len(names) == len(set(names))
    assert not set(names) & GROSS_NAMES


@pytest.mark.parametrize(
    "header, row, expected",
    [
        (  # Subiekt GT: Zestawienie dokumentów sprzedaży
            "Kontrahent;NIP;Nr dokumentu;Data wystawienia;Wartość netto;Wartość VAT;Wartość brutto",
            "Alfa;521-345-67-89;FS 12/2025;02.01.2025;1 000,00;230,00;1 230,00",
            {"customer": "Kontrahent", "tax_id": "NIP", "invoice": "Nr dokumentu",
             "date": "Data wystawienia", "amount": "Wartość netto"},
        ),
        (  # Comarch Optima: Rejestr sprzedaży VAT
            "Lp.;Data wystawienia;Data sprzedaży;Numer dokumentu;Kontrahent;NIP;Netto;VAT;Brutto",
            "1;02.01.2025;31.12.2024;FA/1/2025;Alfa;5213456789;1 000,00;230,00;1 230,00",
            {"date": "Data wystawienia", "invoice": "Numer dokumentu", "customer": "Kontrahent",
             "tax_id": "NIP", "amount": "Netto"},
        ),
        (  # enova365: Faktury sprzedaży, with the customer's code and name
            "Numer;Data;Kontrahent (kod);Kontrahent (nazwa);NIP;Wartość netto;Wartość brutto",
            "FV/1/2025;2025-01-02;ALFA;Alfa Sp. z o.o.;5213456789;1000,00;1230,00",
            {"invoice": "Numer", "date": "Data", "customer": "Kontrahent (nazwa)",
             "tax_id": "NIP", "amount": "Wartość netto"},
        ),
        (  # Salesforce report
            "Account Name,Invoice No,Invoice Date,Product,Quantity,Unit Price,Net Amount,COGS",
            "Alfa,INV-1,2025-01-02,Widget,2,500.00,1000.00,600.00",
            {"customer": "Account Name", "invoice": "Invoice No", "date": "Invoice Date",
             "product": "Product", "quantity": "Quantity", "unit_price": "Unit Price",
             "amount": "Net Amount", "cost_of_goods": "COGS"},
        ),
    ],
)  # fmt: skip
def test_erp_header_sets(header, row, expected):
    export = kt.read_export(_csv(row, header=header, sep=";" if ";" in header else ","))
    assert dict(export.mapping.fields) == {
        f: expected[f] for f in kt.data.exports.STANDARD_FIELDS if f in expected
    }
    assert export.lines["amount"].iloc[0] == 1000.0
    assert export.lines.index.tolist() == [2]


def test_net_is_preferred_over_gross_and_the_notes_say_so():
    data = _csv("Alfa;02.01.2025;100,00;123,00", header="Klient;Data;Brutto;Netto")
    export = kt.read_export(data)
    assert export.mapping.fields["amount"] == "Netto"
    assert any("net" in n and "'Brutto'" in n for n in export.mapping.notes)


def test_only_gross_amounts_stop_with_the_mapping_that_accepts_them():
    data = _csv("Alfa;02.01.2025;123,00", header="Klient;Data;Wartość brutto")
    with pytest.raises(kt.AmbiguousExportError, match="gross") as info:
        kt.read_export(data)
    assert "mapping={'amount': 'Wartość brutto'}" in str(info.value)
    export = kt.read_export(data, mapping={"amount": "Wartość brutto"})
    assert export.lines["amount"].tolist() == [123.0]
    assert any("gross" in n for n in export.mapping.notes)


def test_issue_date_wins_over_sale_date_and_the_notes_say_so():
    data = _csv(
        "Alfa;31.12.2024;02.01.2025;1,00", header="Klient;Data sprzedaży;Data wystawienia;Netto"
    )
    export = kt.read_export(data)
    assert export.mapping.fields["date"] == "Data wystawienia"
    assert any("Data sprzedaży" in n and "issue date" in n for n in export.mapping.notes)
    other = kt.read_export(data, mapping={"date": "Data sprzedaży"})
    assert other.lines["date"].iloc[0] == pd.Timestamp("2024-12-31")


def test_two_customer_columns_stop_with_the_candidates_and_the_mapping():
    data = _csv("Alfa;A1;02.01.2025;1,00", header="Kontrahent;Klient;Data;Netto")
    with pytest.raises(kt.AmbiguousExportError) as info:
        kt.read_export(data)
    message = str(info.value)
    assert "'Kontrahent'" in message and "'Klient'" in message
    assert "mapping={'customer': 'Kontrahent'}" in message
    assert info.value.field == "customer" and info.value.candidates == ("Kontrahent", "Klient")
    assert kt.read_export(data, mapping={"customer": "Klient"}).lines["customer"].iloc[0] == "A1"


def test_two_optional_columns_are_left_out_with_a_note():
    data = _csv("Alfa;02.01.2025;1,00;X;Y", header="Klient;Data;Netto;Towar;Produkt")
    export = kt.read_export(data)
    assert "product" not in export.lines
    assert any("product left out" in n for n in export.mapping.notes)


# --- lines and the report ---------------------------------------------------------------


def test_credit_notes_stay_negative_and_rejected_lines_are_reported():
    data = _csv(*ROWS, ";;03.01.2025;5,00", "Delta;;03.01.2025;n/a", "Eta;;03.01.2025;")
    export = kt.read_export(data)
    assert export.lines["amount"].tolist() == [1234.5, -100.0, 99.99]
    assert export.lines.dtypes.astype(str).to_dict() == {
        "customer": "str", "date": "datetime64[ns]", "amount": "float64", "tax_id": "str"
    }  # fmt: skip
    report = export.report.set_index("line")
    assert report["reason"].to_dict() == {
        5: "no customer", 6: "amount is not a number", 7: "no amount"
    }  # fmt: skip
    assert report.loc[6, "value"] == "n/a" and report.loc[6, "column"] == "Wartość netto"
    assert len(export.lines) + export.rejected == export.data_lines == 6


def test_spaces_that_merge_two_spellings_of_a_customer_are_reported_once_per_line():
    data = _csv("Alfa;;02.01.2025;1,00", " Alfa ;;02.01.2025;2,00", "Beta  SA;;02.01.2025;3,00")
    export = kt.read_export(data)
    assert export.lines["customer"].tolist() == ["Alfa", "Alfa", "Beta SA"]
    changed = export.report[export.report["action"] == "changed"]
    assert changed["line"].tolist() == [3]  # "Beta  SA" is spelled one way only: not noise


def test_a_footer_line_with_one_cell_is_rejected_as_not_a_sales_line():
    data = _csv(ROWS[0], "Wydrukowano z programu Subiekt GT", ";;;Strona 1 z 1")
    export = kt.read_export(data)
    report = export.report.set_index("line")
    assert report["reason"].to_dict() == {
        3: "not a sales line: only one cell filled", 4: "not a sales line: only one cell filled"
    }  # fmt: skip
    assert report.loc[3, "value"] == "Wydrukowano z programu Subiekt GT"
    assert report.loc[4, "value"] == "Strona 1 z 1"


def test_amounts_in_a_second_currency_are_rejected_not_added():
    data = _csv(
        *ROWS, "Alfa;;02.01.2025;1,00 EUR", "Beta;;02.01.2025;2,00 zł", "Beta;;02.01.2025;3 zł"
    )
    export = kt.read_export(data)
    assert export.lines["amount"].tolist() == [1234.5, -100.0, 99.99, 2.0, 3.0]
    row = export.report.iloc[0]
    assert (row["line"], row["value"], row["action"]) == (5, "1,00 EUR", "rejected")
    assert "(PLN)" in row["reason"]


def test_blank_optional_text_is_missing_not_empty():
    export = kt.read_export(_csv(*ROWS))
    assert export.lines["tax_id"].isna().tolist() == [False, True, True]


def test_a_header_without_lines_says_so():
    with pytest.raises(kt.ExportFormatError, match="no lines below it"):
        kt.read_export(_csv())


def test_an_unreadable_optional_number_is_left_empty_and_reported():
    data = _csv("Alfa;02.01.2025;10,00;dużo", header="Klient;Data;Netto;Ilość")
    export = kt.read_export(data)
    assert len(export.lines) == 1 and np.isnan(export.lines["quantity"].iloc[0])
    assert export.report["action"].tolist() == ["changed"]


@given(
    st.lists(
        st.one_of(
            st.tuples(st.sampled_from(["Alfa", "Beta", "", "Razem"]),
                      st.sampled_from(["02.01.2025", "31.02.2025", "", "x"]),
                      st.sampled_from(["1,00", "(2,50)", "", "abc", "1 000,00 zł"])),
        ),
        min_size=1, max_size=25,
    )
)  # fmt: skip
def test_every_data_line_is_kept_or_rejected(rows):
    lines = [";".join(r) for r in rows]
    data = _csv("Alfa;01.01.2025;1,00", *lines, header="Klient;Data;Netto")
    export = kt.read_export(data, mapping={"date_format": "%d.%m.%Y"})
    blank = sum(1 for r in rows if not "".join(r))
    assert export.data_lines == 1 + len(rows) - blank
    assert len(export.lines) + export.rejected == export.data_lines
    assert set(export.lines.index).isdisjoint(export.report.query("action == 'rejected'")["line"])


# --- other formats and sources ----------------------------------------------------------


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_SALES = [
    ["Raport sprzedaży"],
    [],
    ["Kontrahent", "Data wystawienia", "Wartość netto"],
    ["Alfa", pd.Timestamp("2025-01-02").to_pydatetime(), 100.5],
    ["Beta", 45659, "(10,00 zł)"],
    ["Razem", None, 90.5],
]


def test_xlsx_with_a_title_serial_dates_and_a_total_row():
    export = kt.read_export(_xlsx({"Dane": _SALES}))
    assert export.mapping.format == "xlsx" and export.mapping.header_row == 3
    assert export.lines.index.tolist() == [4, 5]
    assert export.lines["amount"].tolist() == [100.5, -10.0]
    assert export.lines.loc[5, "date"] == pd.Timestamp("2025-01-02")
    assert export.report.set_index("line").loc[6, "reason"].startswith("total row")


def test_xlsx_the_one_sheet_that_looks_like_an_export_is_chosen():
    data = _xlsx({"Wykres": [["Miesiąc", "Suma"], ["styczeń", 5]], "Dane": _SALES})
    export = kt.read_export(data)
    assert export.mapping.sheet == "Dane"
    assert any("'Wykres'" in n for n in export.mapping.notes)


def test_xlsx_two_export_sheets_stop_and_sheet_chooses():
    data = _xlsx({"2024": _SALES, "2025": _SALES})
    with pytest.raises(kt.AmbiguousExportError, match="sheet='2024'") as info:
        kt.read_export(data)
    assert info.value.candidates == ("2024", "2025")
    assert kt.read_export(data, sheet="2025").mapping.sheet == "2025"
    with pytest.raises(kt.ParameterError, match="Did you mean '2025'"):
        kt.read_export(data, sheet="2026")


def test_xlsx_a_gross_only_sheet_says_so_and_the_mapping_reads_it():
    gross = [["Klient", "Data", "Brutto"], ["Alfa", 45658, 123.0]]
    data = _xlsx({"Notatki": [["tekst"]], "Dane": gross})
    with pytest.raises(kt.AmbiguousExportError, match="Sheet 'Dane'.*gross"):
        kt.read_export(data)
    export = kt.read_export(data, mapping={"amount": "Brutto"})
    assert export.mapping.sheet == "Dane" and export.lines["amount"].tolist() == [123.0]


def test_parquet_and_json_lines():
    frame = pd.DataFrame(
        {"Customer": ["Alfa", "Beta"], "Invoice Date": pd.to_datetime(["2025-01-02", "2025-01-03"]),
         "Net Amount": [10.0, -2.5]}
    )  # fmt: skip
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    export = kt.read_export(buffer.getvalue())
    assert export.mapping.format == "parquet" and export.mapping.date_format == "native"
    assert export.lines["amount"].tolist() == [10.0, -2.5]
    jsonl = b'{"Customer": "Alfa", "Date": "2025-01-02", "Amount": "1 234,50"}\n\nnot json\n'
    export = kt.read_export(jsonl)
    assert export.mapping.format == "jsonl"
    assert export.lines["amount"].tolist() == [1234.5]
    assert export.report[["line", "reason"]].to_numpy().tolist() == [[3, "not a JSON object"]]


def test_path_bytes_memoryview_and_file_give_the_same_lines(tmp_path):
    data = _csv(*ROWS, encoding="cp1250")
    path = tmp_path / "eksport.csv"
    path.write_bytes(data)
    expected = kt.read_export(path).lines
    for source in (str(path), data, memoryview(data), io.BytesIO(data)):
        pd.testing.assert_frame_equal(kt.read_export(source).lines, expected)
    with pytest.raises(kt.WrongTypeError, match="binary"):
        kt.read_export(io.StringIO("Klient;Netto"))


# --- not an export ----------------------------------------------------------------------


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", ["empty"]),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), ["PNG"]),
        (b"%PDF-1.7\n", ["PDF"]),
        (b"\xd0\xcf\x11\xe0" + bytes(100), [".xls"]),
        (_docx(), ["Word"]),
        (b"a;b;c\n1;2;3\n4;5;6\n", ["3 column(s)", "'a', 'b', 'c'", "no customer"]),
        (b"Towar;Cena netto\nA;1,00\n", ["no customer", "no date", "no amount"]),
        (b"just one line of words\n", ["separator"]),
        (b"\n\n\n", ["blank"]),
    ],
)
def test_not_an_export_says_what_was_found(data, words):
    with pytest.raises(kt.ExportFormatError) as info:
        kt.read_export(data)
    assert isinstance(info.value, kt.KamtoolsError)
    for word in words:
        assert word in str(info.value)


def test_sniffing_the_format():
    assert sniff_format(b"PK\x03\x04", None) == "xlsx"
    assert sniff_format(b"PAR1", None) == "parquet"
    assert sniff_format(b'{"a": 1}', None) == "jsonl"
    assert sniff_format(b"a;b", "x.csv") == "csv"


# --- mapping= ---------------------------------------------------------------------------


def test_mapping_round_trips_as_object_and_as_dict():
    data = _csv(*ROWS, "Razem;;;1,00", header="Raport\n" + HEADER, encoding="cp1250")
    export = kt.read_export(data)
    for mapping in (export.mapping, export.mapping.as_dict()):
        again = kt.read_export(data, mapping=mapping)
        pd.testing.assert_frame_equal(again.lines, export.lines)
        pd.testing.assert_frame_equal(again.report, export.report)
        assert again.mapping == export.mapping and again.data_lines == export.data_lines
    assert "customer" in export.mapping.describe() and "cp1250" in export.mapping.describe()


def test_mapping_overrides_fields_and_settings():
    data = _csv(*ROWS)
    export = kt.read_export(data, mapping={"tax_id": None, "decimal": ","})
    assert "tax_id" not in export.lines and export.mapping.decimal == ","


@pytest.mark.parametrize(
    "mapping, words",
    [
        ({"amout": "Netto"}, ["'amout'", "Did you mean 'amount'"]),
        ({"customer": "Kontrahnet"}, ["'Kontrahnet'", "Did you mean 'Kontrahent'"]),
        ({"separator": ":"}, ["separator", "':'"]),
        ({"date_format": "dd.mm.yyyy"}, ["date_format", "%d.%m.%Y"]),
        ({"encoding": "polish"}, ["encoding", "'polish'"]),
        ({"fields": {"klient": "Kontrahent"}}, ["'klient'"]),
    ],
)
def test_wrong_mapping_keys_and_columns_are_named(mapping, words):
    with pytest.raises(kt.ParameterError) as info:
        kt.read_export(_csv(*ROWS), mapping=mapping)
    for word in words:
        assert word in str(info.value)


def test_mapping_of_a_wrong_type():
    with pytest.raises(kt.WrongTypeError, match="mapping"):
        kt.read_export(_csv(*ROWS), mapping=["customer"])  # type: ignore[arg-type]


def test_turnover_headers_are_amounts_and_a_totals_file_gets_a_way_forward():
    # "Obrót netto" (net turnover) is how many Polish reports name the amount.
    data = "Kontrahent;Data;Obrót netto\nAlfa;31.12.2025;1 000,00\n".encode("cp1250")
    export = kt.read_export(data, name="obroty.csv")
    assert export.mapping.fields["amount"] == "Obrót netto"
    assert export.lines["amount"].tolist() == [1000.0]
    # A turnover-per-customer report has no dates: the error says what to add.
    no_dates = "Kontrahent;Obrót netto\nAlfa;1 000,00\n".encode("cp1250")
    with pytest.raises(kt.ExportFormatError, match=r"no date column.*add a column 'Data'"):
        kt.read_export(no_dates, name="obroty.csv")
