"""A corpus of realistic CRM/ERP export files, built from code, with totals known by construction.

Used by tests/test_read_export_corpus.py (``kt.read_export`` with no ``mapping=``), the browser
test of the upload app and the streaming benchmark. Importing this module has no side effects;
:func:`build_corpus` writes the files into a folder you give it, deterministically (fixed seed),
in well under a second.

Each :class:`CorpusFile` says what a correct reader must find: net totals per customer (credit
notes negative), the number of accepted lines, the rejected lines (1-based line in the text file,
or Excel row) with a reason keyword each, the fields present and the layout (encoding,
separator, decimal mark, ...). :func:`build_error_cases` writes files that are not exports, or
are ambiguous, with the error a reader must raise.

Usage::

    from export_corpus import build_corpus   # tests/ is on sys.path under pytest
    for f in build_corpus(tmp_path):
        print(f.name, f.description)
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

__all__ = [
    "NAMES",
    "SEED",
    "CorpusFile",
    "ErrorCase",
    "build_corpus",
    "build_error_cases",
    "ERROR_NAMES",
]

SEED = 20250315
#: File names in build order (known without building, for test ids).
NAMES = (
    "subiekt_gt_sprzedaz.csv",
    "optima_rejestr_vat.csv",
    "enova365_faktury.csv",
    "salesforce_invoices.csv",
    "hubspot_deals.csv",
    "sklep_zamowienia.tsv",
    "sap_fakturowanie.txt",
    "hurtownia_latin2.csv",
    "bledne_wiersze.csv",
    "arkusz_google.csv",
    "eur_apostrof.csv",
    "excel_recznie.xlsx",
    "optima_wiele_arkuszy.xlsx",
    "hurtownia_danych.parquet",
    "api_faktury.jsonl",
)
ERROR_NAMES = (
    "notatki_ze_spotkania.txt",
    "cennik_2025.csv",
    "daty_niejednoznaczne.csv",
    "dwie_waluty.csv",
    "pusty.csv",
    "logo_firmy.png",
)
NBSP = "\u00a0"


@dataclass(frozen=True)
class CorpusFile:
    """One export file of the corpus and what a correct reader must find in it."""

    name: str  # file name, e.g. "subiekt_gt_sprzedaz.csv"
    path: Path
    description: str  # one line: which system it imitates and what it exercises
    format: str  # "csv" (any delimited text), "xlsx", "parquet", "jsonl"
    totals: Mapping[str, float]  # net amount per customer, credit notes negative
    accepted: int  # number of lines the reader must keep
    rejected: Mapping[int, tuple[str, ...]]  # line/row -> reason keywords (any one must appear)
    data_lines: int  # non-blank rows below the header (total rows and footers included)
    fields: frozenset[str]  # standard fields the reader must find
    columns: Mapping[str, tuple[str, ...]]  # field -> acceptable source column name(s)
    layout: Mapping[str, object]  # ExportMapping attributes that must have these values
    notes_keywords: tuple[str, ...] = ()  # words that must appear in mapping.notes
    credit_notes: int = 0  # number of accepted lines with a negative amount
    records: tuple[tuple[int, str, int], ...] = ()  # (line, customer, net grosze) of kept lines
    days: Mapping[int, date] = field(default_factory=dict)  # line -> invoice date of kept lines
    oracle: Mapping[str, object] = field(default_factory=dict)  # how to read it by hand


@dataclass(frozen=True)
class ErrorCase:
    """A file that is not an export, or is ambiguous: the reader must refuse it clearly."""

    name: str
    path: Path
    description: str
    error: str  # name of the kamtools.errors class expected (or a base of it)
    keywords: tuple[str, ...]  # each must appear (case-insensitive) in the message


# --------------------------------------------------------------------------- data pool

_COMPANIES = [
    "Hurtownia Żak Sp. z o.o.",
    "Zakłady Mięsne Łuków S.A.",
    "Przedsiębiorstwo Handlowe Ślęża sp.k.",
    "Świętokrzyskie Młyny Sp. z o.o.",
    "Gąsiorowski i Wspólnicy sp.k.",
    "Źródło Napojów S.A.",
    "Mleczarnia Łąckie Sady Sp. z o.o.",
    "Bąk Budownictwo Sp. z o.o.",
    "Pol-Żelbet S.A.",
    "Ćwikła Logistyka Sp. z o.o.",
    "Nałęczów Zdrój Dystrybucja Sp. z o.o.",
    "Dąbrowski Serwis sp.k.",
    "Górnośląska Spółka Paliwowa S.A.",
    "Łódzkie Centrum Ogrodnicze Sp. z o.o.",
    "Apteka Pod Różą s.c.",
    "Piekarnia Wróbel Jan Wróbel",
    "Kowalczyk & Syn Sp. z o.o.",
    "Szkło-Ćmielów Sp. z o.o.",
    "Agro-Pańska Wola S.A.",
    "Elektro-Mrągowo Sp. z o.o.",
    "Transbud, Nowak i S-ka sp.j.",
    "Żuławy Hurt S.A.",
    "Zielona Łódź Sp. z o.o.",
    "Śnieżka Chłodnie Sp. z o.o.",
]
_FOREIGN = ["Baltic Trade GmbH", "Nordic Fish AB", "Danube Logistics Kft.", "Alpenmilch AG"]
_PRODUCTS = [
    ("Pakiet serwisowy Premium", "Usługi"),
    ("Regał magazynowy R-200", "Wyposażenie"),
    ("Folia stretch 23 µm", "Opakowania"),
    ("Paleta EUR 1200×800", "Opakowania"),
    ("Czujnik temperatury T-15", "Elektronika"),
    ("Szkolenie BHP (grupa)", "Usługi"),
    ("Wózek paletowy 2,5 t", "Wyposażenie"),
    ("Etykieta termiczna 100×150", "Opakowania"),
]


def _nip(rng: random.Random) -> str:
    """A valid-looking Polish NIP (10 digits, correct check digit)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _nip_dashed(nip: str) -> str:
    return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"


@dataclass
class _Rec:
    customer: str
    nip: str
    day: date
    invoice: str
    net: int  # grosze (cents); negative for a credit note
    product: str = ""
    category: str = ""
    qty: int = 1
    unit: int = 0  # unit price, grosze

    @property
    def gross(self) -> int:
        return round(self.net * 1.23)

    @property
    def credit(self) -> bool:
        return self.net < 0


def _records(
    rng: random.Random,
    n: int,
    customers: list[str],
    *,
    invoice: Callable[[int, date], str],
    credit: Callable[[int, date], str],
    credit_share: float = 0.08,
    low: int = 8_000,
    high: int = 4_800_000,
    with_products: bool = False,
    force_late_day: bool = True,
) -> list[_Rec]:
    """``n`` invoice lines of 2025 for ``customers`` (some credit notes, some amounts > 1000)."""
    nips = {c: _nip(rng) for c in customers}
    out: list[_Rec] = []
    for i in range(n):
        cust = customers[i % len(customers)] if i < len(customers) else rng.choice(customers)
        day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 364))
        if force_late_day and i == 0:
            day = date(2025, 3, 25)  # a day > 12 early on: d/m order is unambiguous
        is_credit = i >= len(customers) and rng.random() < credit_share
        if with_products:
            product, category = rng.choice(_PRODUCTS)
            qty = rng.randint(1, 40)
            unit = rng.randint(800, 120_000)
            net = qty * unit
        else:
            product, category, qty, unit = "", "", 1, 0
            net = rng.randint(low, high)
        if is_credit:
            net = -max(100, net // rng.choice((3, 5, 10)))
            if with_products:
                qty, unit = -1, -net
            number = credit(i + 1, day)
        else:
            number = invoice(i + 1, day)
        out.append(_Rec(cust, nips[cust], day, number, net, product, category, qty, unit))
    if not any(r.credit for r in out):  # every file has at least one credit note
        r = out[-1]
        r.net = -abs(r.net) // 4 or -100
        r.invoice = credit(len(out), r.day)
        if with_products:
            r.qty, r.unit = -1, -r.net
    return out


def _amount(
    cents: int,
    *,
    dec: str = ",",
    th: str = "",
    neg: str = "minus",
    prefix: str = "",
    suffix: str = "",
) -> str:
    """Format grosze as an export would: ``-1 234,50``, ``(1'234.50 €)``, ``PLN 12.345,00`` ..."""
    whole, frac = divmod(abs(cents), 100)
    body = f"{whole:,}".replace(",", "\x00").replace("\x00", th) + f"{dec}{frac:02d}"
    body = f"{prefix}{body}{suffix}"
    if cents < 0:
        return f"({body})" if neg == "paren" else f"-{body}"
    return body


def _sum(records: list[_Rec]) -> int:
    return sum(r.net for r in records)


# --------------------------------------------------------------------------- text writer


class _Text:
    """Builds a delimited text file row by row and remembers which line each row is on."""

    def __init__(self, sep: str, *, quoting: int = csv.QUOTE_MINIMAL, newline: str = "\r\n"):
        self.sep, self.quoting, self.newline = sep, quoting, newline
        self.lines: list[str] = []  # rows as written (a row may hold a quoted line break)
        self.starts: list[int] = []  # 1-based line on which each row starts
        self.next_line = 1
        self.header_line = 0
        self.kept: list[tuple[int, _Rec]] = []
        self.rejected: dict[int, tuple[str, ...]] = {}

    def _row(self, cells: list[str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, delimiter=self.sep, quoting=self.quoting, lineterminator="").writerow(cells)
        return buf.getvalue()

    def raw(self, text: str) -> int:
        """Add a row (it may span lines: a quoted cell with a line break); its first line."""
        start = self.next_line
        self.lines.append(text)
        self.starts.append(start)
        self.next_line += text.count("\n") + 1
        return start

    def header(self, cells: list[str]) -> None:
        self.header_line = self.raw(self._row(cells))

    def data(self, cells: list[str], rec: _Rec) -> None:
        self.kept.append((self.raw(self._row(cells)), rec))

    def bad(self, cells: list[str], *reasons: str) -> None:
        self.rejected[self.raw(self._row(cells))] = reasons

    def total(self, cells: list[str]) -> None:
        self.bad(cells, "total")

    def text(self) -> str:
        return self.newline.join(self.lines) + self.newline

    def data_lines(self) -> int:
        rows = zip(self.starts, self.lines, strict=True)
        return sum(1 for start, row in rows if start > self.header_line and row.strip())


def _expect(
    name: str,
    path: Path,
    description: str,
    fmt: str,
    kept: list[tuple[int, _Rec]],
    rejected: Mapping[int, tuple[str, ...]],
    data_lines: int,
    columns: Mapping[str, tuple[str, ...] | str],
    layout: Mapping[str, object],
    notes: tuple[str, ...] = (),
    oracle: Mapping[str, object] | None = None,
) -> CorpusFile:
    totals: dict[str, int] = {}
    for _, r in kept:
        totals[r.customer] = totals.get(r.customer, 0) + r.net
    cols = {k: (v,) if isinstance(v, str) else tuple(v) for k, v in columns.items()}
    return CorpusFile(
        name=name,
        path=path,
        description=description,
        format=fmt,
        totals={c: v / 100 for c, v in totals.items()},
        accepted=len(kept),
        rejected=dict(rejected),
        data_lines=data_lines,
        fields=frozenset(cols),
        columns=cols,
        layout=dict(layout),
        notes_keywords=notes,
        credit_notes=sum(1 for _, r in kept if r.credit),
        records=tuple((line, r.customer, r.net) for line, r in kept),
        days={line: r.day for line, r in kept},
        oracle=dict(oracle or {}),
    )


def _write_text(folder: Path, name: str, t: _Text, encoding: str) -> Path:
    path = folder / name
    path.write_bytes(t.text().encode(encoding))
    return path


# --------------------------------------------------------------------------- the files


def _subiekt(folder: Path, rng: random.Random) -> CorpusFile:
    name = "subiekt_gt_sprzedaz.csv"
    custs = _COMPANIES[:8]
    recs = _records(
        rng,
        36,
        custs,
        invoice=lambda i, d: f"FS {i}/{d:%m}/{d:%Y}",
        credit=lambda i, d: f"KFS {i}/{d:%m}/{d:%Y}",
    )
    t = _Text(";")
    t.raw("Zestawienie sprzedaży za okres 01.01.2025 - 31.12.2025")
    t.raw("Firma: Vistula Logistyka Sp. z o.o., ul. Świętojańska 12, 81-368 Gdynia")
    t.raw("")
    head = ["Lp.", "Nr dokumentu", "Data wystawienia", "Kontrahent", "NIP"]
    t.header(head + ["Wartość netto", "VAT", "Wartość brutto"])
    for i, r in enumerate(recs, 1):
        vat = r.gross - r.net
        cells = [str(i), r.invoice, f"{r.day:%d.%m.%Y}", r.customer, _nip_dashed(r.nip)]
        amounts = [_amount(v, th=" ") for v in (r.net, vat, r.gross)]
        t.data(cells + amounts, r)
    net, gross = _sum(recs), sum(r.gross for r in recs)
    t.total(["", "Razem:", "", "", "", _amount(net, th=" "), _amount(gross - net, th=" ")])
    path = _write_text(folder, name, t, "cp1250")
    return _expect(
        name,
        path,
        "Subiekt GT 'Zestawienie sprzedaży': cp1250, ';', decimal comma, space thousands, "
        "title rows, Lp. column, net+VAT+gross, 'Razem:' total row, KFS credit notes",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            "customer": "Kontrahent",
            "date": "Data wystawienia",
            "amount": "Wartość netto",
            "invoice": "Nr dokumentu",
            "tax_id": "NIP",
        },
        {
            "encoding": "cp1250",
            "separator": ";",
            "decimal": ",",
            "thousands": " ",
            "date_format": "%d.%m.%Y",
            "header_row": 4,
        },
        ("net",),
        {"header_row": 4, "customer": "Kontrahent", "amount": "Wartość netto"},
    )


def _optima(folder: Path, rng: random.Random) -> CorpusFile:
    name = "optima_rejestr_vat.csv"
    custs = _COMPANIES[4:14]
    recs = _records(
        rng,
        40,
        custs,
        invoice=lambda i, d: f"FA/{i}/{d:%Y}",
        credit=lambda i, d: f"FAKOR/{i}/{d:%Y}",
    )
    t = _Text(";")
    t.raw("Rejestr VAT sprzedaży - SPRZEDAŻ")
    t.raw("Okres: 2025-01-01 - 2025-12-31")
    t.header(
        [
            "Lp.",
            "Data wystawienia",
            "Data sprzedaży",
            "Numer dokumentu",
            "Kontrahent",
            "NIP kontrahenta",
            "Netto",
            "VAT",
            "Brutto",
        ]
    )
    for i, r in enumerate(recs, 1):
        sale = r.day - timedelta(days=rng.choice((0, 0, 0, 1, 2)))
        t.data(
            [
                str(i),
                f"{r.day:%d.%m.%Y}",
                f"{sale:%d.%m.%Y}",
                r.invoice,
                r.customer,
                r.nip,
                _amount(r.net, th=NBSP),
                _amount(r.gross - r.net, th=NBSP),
                _amount(r.gross, th=NBSP),
            ],
            r,
        )
    net, gross = _sum(recs), sum(r.gross for r in recs)
    t.total(
        ["", "", "", "", "Ogółem", ""] + [_amount(v, th=NBSP) for v in (net, gross - net, gross)]
    )
    path = _write_text(folder, name, t, "cp1250")
    return _expect(
        name,
        path,
        "Comarch Optima 'Rejestr VAT sprzedaży': cp1250, ';', NBSP thousands, two date "
        "columns (wystawienia/sprzedaży), short Netto/Brutto headers, 'Ogółem' total, "
        "FAKOR credit notes",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            "customer": "Kontrahent",
            "date": ("Data wystawienia", "Data sprzedaży"),
            "amount": "Netto",
            "invoice": "Numer dokumentu",
            "tax_id": "NIP kontrahenta",
        },
        {
            "encoding": "cp1250",
            "separator": ";",
            "decimal": ",",
            "thousands": NBSP,
            "date_format": "%d.%m.%Y",
            "header_row": 3,
        },
        ("net",),
        {"header_row": 3, "customer": "Kontrahent", "amount": "Netto"},
    )


def _enova(folder: Path, rng: random.Random) -> CorpusFile:
    name = "enova365_faktury.csv"
    custs = _COMPANIES[10:18]
    recs = _records(
        rng,
        30,
        custs,
        invoice=lambda i, d: f"FV/{d:%Y}/{d:%m}/{i:04d}",
        credit=lambda i, d: f"FK/{d:%Y}/{d:%m}/{i:04d}",
    )
    t = _Text(";", newline="\n")
    t.header(["Numer", "Data", "Kontrahent", "NIP", "Netto", "VAT", "Brutto", "Waluta", "Opis"])
    opisy = ["", "Dostawa; zamówienie 4411", "Usługa serwisowa", "Korekta ceny", ""]
    for r in recs:
        t.data(
            [
                r.invoice,
                f"{r.day:%Y-%m-%d}",
                r.customer,
                r.nip,
                _amount(r.net),
                _amount(r.gross - r.net),
                _amount(r.gross),
                "PLN",
                rng.choice(opisy),
            ],
            r,
        )
    path = _write_text(folder, name, t, "utf-8")
    return _expect(
        name,
        path,
        "enova365 grid export: UTF-8 (no BOM), ';', decimal comma without thousands, ISO dates "
        "under a bare 'Data' header, quoted ';' inside a description, FK credit notes",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            "customer": "Kontrahent",
            "date": "Data",
            "amount": "Netto",
            "invoice": "Numer",
            "tax_id": "NIP",
        },
        {
            "encoding": "utf-8",
            "separator": ";",
            "decimal": ",",
            "date_format": "%Y-%m-%d",
            "header_row": 1,
        },
        ("net",),
        {"header_row": 1, "customer": "Kontrahent", "amount": "Netto"},
    )


def _salesforce(folder: Path, rng: random.Random) -> CorpusFile:
    name = "salesforce_invoices.csv"
    custs = [_COMPANIES[20], *_FOREIGN[:2], *_COMPANIES[0:5]]
    recs = _records(
        rng,
        32,
        custs,
        invoice=lambda i, d: f"INV-{d:%Y}-{1000 + i}",
        credit=lambda i, d: f"CN-{d:%Y}-{1000 + i}",
    )
    t = _Text(",", quoting=csv.QUOTE_ALL)
    t.header(
        [
            "Account Name",
            "Invoice Number",
            "Invoice Date",
            "Net Amount",
            "Currency",
            "Owner",
            "Notes",
        ]
    )
    owners = ["Anna Kowalska", "Piotr Zieliński", "Marta Wójcik"]
    notes = {
        3: "Call 14/03: price list 2025 agreed.\nNext QBR in June.",
        11: "Credit for damaged pallets\n(see ticket 5521)",
    }
    for i, r in enumerate(recs):
        t.data(
            [
                r.customer,
                r.invoice,
                f"{r.day:%d/%m/%Y}",
                _amount(r.net, dec=".", th=","),
                "PLN",
                rng.choice(owners),
                notes.get(i, ""),
            ],
            r,
        )
    t.raw("")
    t.total(["Grand Total", "", "", _amount(_sum(recs), dec=".", th=","), "PLN", "", ""])
    path = _write_text(folder, name, t, "utf-8")
    return _expect(
        name,
        path,
        "Salesforce report (English CRM): UTF-8, ',' with every field quoted, '1,234.50' "
        "amounts, dd/mm/yyyy dates, a name with a comma, notes with line breaks, 'Grand Total'",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            "customer": "Account Name",
            "date": "Invoice Date",
            "amount": "Net Amount",
            "invoice": "Invoice Number",
        },
        {
            "encoding": "utf-8",
            "separator": ",",
            "decimal": ".",
            "thousands": ",",
            "date_format": "%d/%m/%Y",
            "header_row": 1,
        },
        (),
        {"header_row": 1, "customer": "Account Name", "amount": "Net Amount"},
    )


def _hubspot(folder: Path, rng: random.Random) -> CorpusFile:
    name = "hubspot_deals.csv"
    custs = [*_FOREIGN, *_COMPANIES[14:19]]
    recs = _records(
        rng,
        26,
        custs,
        invoice=lambda i, d: f"Deal {i}",
        credit=lambda i, d: f"Refund {i}",
        high=900_000,
    )
    t = _Text(",", newline="\n")
    t.header(["Record ID", "Company name", "Deal Name", "Close Date", "Amount", "Deal Stage"])
    for r in recs:
        whole, frac = divmod(abs(r.net), 100)
        raw = f"{'-' if r.credit else ''}{whole}" + (f".{frac:02d}".rstrip("0") if frac else "")
        when = datetime.combine(r.day, datetime.min.time()) + timedelta(
            minutes=rng.randint(420, 1100)
        )
        t.data(
            [
                str(rng.randint(10**9, 10**10)),
                r.customer,
                f"{r.customer.split()[0]} – {r.invoice}",
                f"{when:%Y-%m-%d %H:%M}",
                raw,
                "Closed won",
            ],
            r,
        )
    path = _write_text(folder, name, t, "utf-8")
    return _expect(
        name,
        path,
        "HubSpot deals export: UTF-8, ',', raw amounts ('12345.5'), 'Close Date' with a time, "
        "a numeric 'Record ID' column, EUR-zone and Polish companies, refunds negative",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {"customer": "Company name", "date": "Close Date", "amount": "Amount"},
        {"encoding": "utf-8", "separator": ",", "decimal": ".", "header_row": 1},
        (),
        {"header_row": 1, "customer": "Company name", "amount": "Amount"},
    )


def _shop_tsv(folder: Path, rng: random.Random) -> CorpusFile:
    name = "sklep_zamowienia.tsv"
    custs = _COMPANIES[2:9]
    recs = _records(
        rng,
        34,
        custs,
        invoice=lambda i, d: f"ZAM/{d:%Y}/{2000 + i}",
        credit=lambda i, d: f"ZWR/{d:%Y}/{2000 + i}",
        with_products=True,
    )
    t = _Text("\t", newline="\r\n")
    t.header(
        [
            "Nr zamówienia",
            "Data zamówienia",
            "Klient",
            "NIP",
            "Produkt",
            "Kategoria",
            "Ilość",
            "Cena netto",
            "Wartość netto",
            "Wartość brutto",
        ]
    )
    for r in recs:
        t.data(
            [
                r.invoice,
                f"{r.day:%Y-%m-%d}",
                r.customer,
                r.nip,
                r.product,
                r.category,
                str(r.qty),
                _amount(r.unit, suffix=" zł"),
                _amount(r.net, suffix=" zł"),
                _amount(r.gross, suffix=" zł"),
            ],
            r,
        )
    path = _write_text(folder, name, t, "utf-8-sig")
    return _expect(
        name,
        path,
        "Web shop (Shoper/WooCommerce-like) order lines: UTF-8 with BOM, tab-separated, "
        "'1234,50 zł' amounts, product, category, quantity and unit price, returns negative",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            # an order number is not an invoice number: "invoice" is not expected here
            "customer": "Klient",
            "date": "Data zamówienia",
            "amount": "Wartość netto",
            "tax_id": "NIP",
            "product": "Produkt",
            "category": "Kategoria",
            "quantity": "Ilość",
            "unit_price": "Cena netto",
        },
        {
            "encoding": "utf-8-sig",
            "separator": "\t",
            "decimal": ",",
            "date_format": "%Y-%m-%d",
            "header_row": 1,
        },
        ("net",),
        {"header_row": 1, "customer": "Klient", "amount": "Wartość netto"},
    )


def _sap_pipe(folder: Path, rng: random.Random) -> CorpusFile:
    name = "sap_fakturowanie.txt"
    custs = [*_COMPANIES[16:24], _FOREIGN[3]]
    recs = _records(
        rng,
        30,
        custs,
        invoice=lambda i, d: f"{90012000 + i}",
        credit=lambda i, d: f"{91001000 + i}",
    )
    t = _Text("|", newline="\r\n")
    t.header(["Billing Document", "Billing Date", "Customer", "VAT Reg. No.", "Net Value", "Curr."])
    for r in recs:
        t.data(
            [
                r.invoice,
                f"{r.day:%d.%m.%Y}",
                r.customer,
                "PL" + r.nip,
                _amount(r.net, th=".").rjust(15),
                "PLN",
            ],
            r,
        )
    path = _write_text(folder, name, t, "utf-8")
    return _expect(
        name,
        path,
        "SAP billing list (VF05-like) as .txt: UTF-8, '|', '1.234,50' dot thousands, "
        "right-aligned padded amounts, PL-prefixed VAT numbers, numeric document numbers",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            "customer": "Customer",
            "date": "Billing Date",
            "amount": "Net Value",
            "invoice": "Billing Document",
            "tax_id": "VAT Reg. No.",
        },
        {
            "encoding": "utf-8",
            "separator": "|",
            "decimal": ",",
            "thousands": ".",
            "date_format": "%d.%m.%Y",
            "header_row": 1,
        },
        (),
        {"header_row": 1, "customer": "Customer", "amount": "Net Value"},
    )


def _latin2(folder: Path, rng: random.Random) -> CorpusFile:
    name = "hurtownia_latin2.csv"
    custs = [_COMPANIES[i] for i in (2, 3, 4, 5, 7, 21, 23)]
    recs = _records(
        rng,
        28,
        custs,
        invoice=lambda i, d: f"{i:05d}/S/{d:%y}",
        credit=lambda i, d: f"{i:05d}/K/{d:%y}",
    )
    t = _Text(";", newline="\n")
    head = ["Nabywca", "NIP", "Nr faktury", "Data sprzedaży", "Wartość netto"]
    t.header([*head, "Wartość brutto"])
    for r in recs:
        t.data(
            [
                r.customer,
                r.nip,
                r.invoice,
                f"{r.day:%d/%m/%Y}",
                _amount(r.net, suffix=" PLN"),
                _amount(r.gross, suffix=" PLN"),
            ],
            r,
        )
    path = _write_text(folder, name, t, "iso-8859-2")
    return _expect(
        name,
        path,
        "Old wholesale system (Unix): ISO-8859-2, ';', LF, '7054,33 PLN' amounts, dd/mm/yyyy "
        "dates, net and gross, names with ą ś ź (bytes that differ from cp1250)",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            "customer": "Nabywca",
            "date": "Data sprzedaży",
            "amount": "Wartość netto",
            "invoice": "Nr faktury",
            "tax_id": "NIP",
        },
        {
            "encoding": "iso-8859-2",
            "separator": ";",
            "decimal": ",",
            "date_format": "%d/%m/%Y",
            "header_row": 1,
        },
        ("net",),
        {"header_row": 1, "customer": "Nabywca", "amount": "Wartość netto"},
    )


def _bad_lines(folder: Path, rng: random.Random) -> CorpusFile:
    name = "bledne_wiersze.csv"
    custs = _COMPANIES[6:12]
    recs = _records(
        rng,
        24,
        custs,
        invoice=lambda i, d: f"FV/2025/{d:%m}/{i:04d}",
        credit=lambda i, d: f"KOR/2025/{d:%m}/{i:04d}",
    )
    t = _Text(";")
    t.header(["Kontrahent", "Data wystawienia", "Nr faktury", "Wartość netto"])

    def row(r: _Rec) -> list[str]:
        return [r.customer, f"{r.day:%d.%m.%Y}", r.invoice, _amount(r.net, th=" ")]

    for i, r in enumerate(recs):
        t.data(row(r), r)
        if i == 4:
            t.bad(["", "14.04.2025", "FV/2025/04/0901", _amount(150_000, th=" ")], "customer")
        if i == 9:
            t.bad([custs[1], "02.05.2025", "FV/2025/05/0902", "n/a"], "amount")
        if i == 12:
            t.raw("")  # a blank line in the middle: not a data line
        if i == 15:
            t.bad([custs[2], "31.02.2025", "FV/2025/02/0903", _amount(98_765, th=" ")], "date")
        if i == 19:
            t.bad([custs[3], "", "FV/2025/06/0904", _amount(12_000, th=" ")], "date")
    t.total(["Razem", "", "", _amount(_sum(recs) + 150_000 + 98_765 + 12_000, th=" ")])
    path = _write_text(folder, name, t, "utf-8")
    return _expect(
        name,
        path,
        "Hand-edited UTF-8 ';' export with bad lines at known places: no customer, 'n/a' "
        "amount, 31.02.2025, an empty date, a blank line, and a 'Razem' total",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            "customer": "Kontrahent",
            "date": "Data wystawienia",
            "amount": "Wartość netto",
            "invoice": "Nr faktury",
        },
        {
            "encoding": "utf-8",
            "separator": ";",
            "decimal": ",",
            "thousands": " ",
            "date_format": "%d.%m.%Y",
            "header_row": 1,
        },
        (),
        {"header_row": 1, "customer": "Kontrahent", "amount": "Wartość netto"},
    )


def _google_sheets(folder: Path, rng: random.Random) -> CorpusFile:
    name = "arkusz_google.csv"
    custs = _COMPANIES[12:20]
    recs = _records(
        rng,
        28,
        custs,
        invoice=lambda i, d: f"FV/{d:%Y}/{d:%m}/{i:04d}",
        credit=lambda i, d: f"FK/{d:%Y}/{d:%m}/{i:04d}",
    )
    t = _Text(",", newline="\r\n")
    t.header(["Klient", "Data", "Faktura", "Kwota netto", "Handlowiec"])
    for r in recs:
        t.data(
            [
                r.customer,
                f"{r.day:%d.%m.%Y}",
                r.invoice,
                _amount(r.net, th=NBSP, neg="paren", suffix=f"{NBSP}zł"),
                rng.choice(["Ewa", "Tomek", "Kasia"]),
            ],
            r,
        )
    path = _write_text(folder, name, t, "utf-8")
    return _expect(
        name,
        path,
        "Google Sheets 'Pobierz jako CSV' (Polish locale): UTF-8, ',', quoted '1 234,50 zł' "
        "amounts with NBSP, accounting negatives '(1 234,50 zł)', dd.mm.yyyy",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            "customer": "Klient",
            "date": "Data",
            "amount": "Kwota netto",
            "invoice": "Faktura",
        },
        {
            "encoding": "utf-8",
            "separator": ",",
            "decimal": ",",
            "thousands": NBSP,
            "date_format": "%d.%m.%Y",
            "header_row": 1,
        },
        (),
        {"header_row": 1, "customer": "Klient", "amount": "Kwota netto"},
    )


def _eur_apostrophe(folder: Path, rng: random.Random) -> CorpusFile:
    name = "eur_apostrof.csv"
    custs = [*_FOREIGN, _COMPANIES[0], _COMPANIES[9]]
    recs = _records(
        rng,
        24,
        custs,
        invoice=lambda i, d: f"RE-{d:%y}{i:04d}",
        credit=lambda i, d: f"GS-{d:%y}{i:04d}",
    )
    t = _Text(";", newline="\r\n")
    t.raw("Umsatzliste / Sales list 2025")
    t.header(["Customer", "Invoice Date", "Invoice No.", "Net Amount", "Gross Amount"])
    for i, r in enumerate(recs):
        style = i % 3
        marks = [("EUR ", ""), ("", " €"), ("€", "")][style]
        net = _amount(r.net, dec=".", th="'", neg="paren", prefix=marks[0], suffix=marks[1])
        gross = _amount(r.gross, dec=".", th="'", neg="paren", prefix=marks[0], suffix=marks[1])
        t.data([r.customer, f"{r.day:%d.%m.%Y}", r.invoice, net, gross], r)
    t.total(["Total", "", "", _amount(_sum(recs), dec=".", th="'", prefix="EUR "), ""])
    path = _write_text(folder, name, t, "utf-8")
    return _expect(
        name,
        path,
        "EUR subsidiary list (Swiss/Austrian style): one title row, ';', apostrophe thousands "
        "1'234.50, 'EUR'/'€' before or after, '(…)' negatives, net and gross, 'Total' row",
        "csv",
        t.kept,
        t.rejected,
        t.data_lines(),
        {
            "customer": "Customer",
            "date": "Invoice Date",
            "amount": "Net Amount",
            "invoice": "Invoice No.",
        },
        {
            "encoding": "utf-8",
            "separator": ";",
            "decimal": ".",
            "thousands": "'",
            "date_format": "%d.%m.%Y",
            "header_row": 2,
        },
        ("net",),
        {"header_row": 2, "customer": "Customer", "amount": "Net Amount"},
    )


# --------------------------------------------------------------------------- Excel


def _xlsx_hand(folder: Path, rng: random.Random) -> CorpusFile:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    name = "excel_recznie.xlsx"
    custs = _COMPANIES[0:7]
    recs = _records(
        rng,
        30,
        custs,
        invoice=lambda i, d: f"FV/{d:%Y}/{d:%m}/{i:04d}",
        credit=lambda i, d: f"KOR/{d:%Y}/{i:04d}",
    )
    wb = Workbook()
    ws = wb.active
    ws.title = "Arkusz1"
    ws["A1"] = "Sprzedaż 2025 – klienci kluczowi (dane: dział handlowy)"
    ws["A1"].font = Font(bold=True, size=14)
    header = ["Klient", "NIP", "Nr faktury", "Data", "Netto", "Uwagi"]
    for c, h in enumerate(header, 1):
        ws.cell(row=3, column=c, value=h)
    kept: list[tuple[int, _Rec]] = []
    row = 4
    for i, r in enumerate(recs):
        customer = r.customer + " " if i == 7 else r.customer  # a stray space typed by hand
        ws.cell(row=row, column=1, value=customer)
        ws.cell(row=row, column=2, value=_nip_dashed(r.nip))
        ws.cell(row=row, column=3, value=r.invoice)
        if i in (9, 21):  # pasted without the date format: a bare Excel serial number
            ws.cell(row=row, column=4, value=(r.day - date(1899, 12, 30)).days)
        else:
            d = ws.cell(row=row, column=4, value=datetime.combine(r.day, datetime.min.time()))
            d.number_format = "DD.MM.YYYY"
        if i in (5, 17):  # amounts pasted as text
            ws.cell(row=row, column=5, value=_amount(r.net, th=" ", suffix=" zł"))
        else:
            a = ws.cell(row=row, column=5, value=r.net / 100)
            a.number_format = '#,##0.00 "zł"'
        ws.cell(row=row, column=6, value="korekta rabatu" if r.credit else None)
        kept.append((row, r))
        row += 1
    total_row = row + 1  # one blank row, then the sum typed as a value
    ws.cell(row=total_row, column=1, value="SUMA")
    ws.cell(row=total_row, column=5, value=_sum(recs) / 100)
    path = folder / name
    wb.save(path)
    return _expect(
        name,
        path,
        "Excel made by hand: title in A1, header on row 3, Excel dates (two as bare serial "
        "numbers), 'zł'-formatted numbers, two amounts typed as text, a trailing space, 'SUMA'",
        "xlsx",
        kept,
        {total_row: ("total",)},
        len(recs) + 1,
        {
            "customer": "Klient",
            "date": "Data",
            "amount": "Netto",
            "invoice": "Nr faktury",
            "tax_id": "NIP",
        },
        {"format": "xlsx", "header_row": 3, "sheet": "Arkusz1"},
        (),
        {
            "header_row": 3,
            "sheet": "Arkusz1",
            "customer": "Klient",
            "amount": "Netto",
            "decimal": ",",
        },
    )


def _xlsx_sheets(folder: Path, rng: random.Random) -> CorpusFile:
    from openpyxl import Workbook

    name = "optima_wiele_arkuszy.xlsx"
    custs = _COMPANIES[8:18]
    recs = _records(
        rng,
        40,
        custs,
        invoice=lambda i, d: f"FV/{d:%Y}/{d:%m}/{i:04d}",
        credit=lambda i, d: f"FK/{d:%Y}/{d:%m}/{i:04d}",
    )
    wb = Workbook()
    p = wb.active
    p.title = "Parametry"
    for i, text in enumerate(
        [
            ("Raport", "Sprzedaż wg kontrahentów"),
            ("Okres", "01.01.2025 - 31.12.2025"),
            ("Firma", "Vistula Logistyka Sp. z o.o."),
            ("Wygenerowano", "05.01.2026 08:14"),
            ("Operator", "ANNA.K"),
        ],
        1,
    ):
        p.cell(row=i, column=1, value=text[0])
        p.cell(row=i, column=2, value=text[1])
    ws = wb.create_sheet("Sprzedaż")
    ws["A1"] = "Zestawienie sprzedaży za okres 01.01.2025 - 31.12.2025"
    ws["A2"] = "Wygenerowano: 05.01.2026 08:14"
    header = [
        "Lp.",
        "Kontrahent",
        "NIP",
        "Numer dokumentu",
        "Data wystawienia",
        "Kategoria",
        "Netto",
        "VAT",
        "Brutto",
    ]
    for c, h in enumerate(header, 1):
        ws.cell(row=4, column=c, value=h)
    cats = ["Usługi", "Towary", "Transport", "Magazynowanie"]
    kept: list[tuple[int, _Rec]] = []
    for i, r in enumerate(recs):
        row = 5 + i
        r.category = rng.choice(cats)
        values = [
            i + 1,
            r.customer,
            r.nip,
            r.invoice,
            datetime.combine(r.day, datetime.min.time()),
            r.category,
            r.net / 100,
            (r.gross - r.net) / 100,
            r.gross / 100,
        ]
        for c, v in enumerate(values, 1):
            cell = ws.cell(row=row, column=c, value=v)
            if c == 5:
                cell.number_format = "YYYY-MM-DD"
            elif c >= 7:
                cell.number_format = "#,##0.00"
        kept.append((row, r))
    total_row = 5 + len(recs)
    ws.cell(row=total_row, column=2, value="Razem")
    ws.cell(row=total_row, column=7, value=_sum(recs) / 100)
    ws.cell(row=total_row, column=9, value=sum(r.gross for r in recs) / 100)
    wb.create_sheet("Wykres")
    path = folder / name
    wb.save(path)
    return _expect(
        name,
        path,
        "Optima/enova Excel export with three sheets: 'Parametry' (report settings) first, "
        "data on 'Sprzedaż' under two title rows, Lp., category, net+VAT+gross, 'Razem' row",
        "xlsx",
        kept,
        {total_row: ("total",)},
        len(recs) + 1,
        {
            "customer": "Kontrahent",
            "date": "Data wystawienia",
            "amount": "Netto",
            "invoice": "Numer dokumentu",
            "tax_id": "NIP",
            "category": "Kategoria",
        },
        {"format": "xlsx", "header_row": 4, "sheet": "Sprzedaż"},
        ("net",),
        {"header_row": 4, "sheet": "Sprzedaż", "customer": "Kontrahent", "amount": "Netto"},
    )


# --------------------------------------------------------------------------- Parquet, JSONL


def _parquet(folder: Path, rng: random.Random) -> CorpusFile:
    import pandas as pd

    name = "hurtownia_danych.parquet"
    custs = [*_COMPANIES[:12], *_FOREIGN]
    recs = _records(
        rng,
        60,
        custs,
        invoice=lambda i, d: f"FV/{d:%Y}/{d:%m}/{i:04d}",
        credit=lambda i, d: f"FK/{d:%Y}/{d:%m}/{i:04d}",
        with_products=True,
    )
    cost = [round(r.net * rng.uniform(0.55, 0.8)) for r in recs]
    df = pd.DataFrame(
        {
            "customer_name": [r.customer for r in recs],
            "invoice_no": [r.invoice for r in recs],
            "invoice_date": pd.to_datetime([r.day for r in recs]),
            "product": [r.product for r in recs],
            "quantity": [r.qty for r in recs],
            "unit_price": [r.unit / 100 for r in recs],
            "net_amount": [r.net / 100 for r in recs],
            "gross_amount": [r.gross / 100 for r in recs],
            "cost_of_goods": [c / 100 for c in cost],
        }
    )
    path = folder / name
    df.to_parquet(path, index=False)
    kept = [(i + 1, r) for i, r in enumerate(recs)]
    return _expect(
        name,
        path,
        "Data-warehouse extract from pandas: Parquet, snake_case English columns, native "
        "datetime, float amounts, net and gross, quantity, unit price and cost of goods",
        "parquet",
        kept,
        {},
        len(recs),
        {
            "customer": "customer_name",
            "date": "invoice_date",
            "amount": "net_amount",
            "invoice": "invoice_no",
            "product": "product",
            "quantity": "quantity",
            "unit_price": "unit_price",
            "cost_of_goods": "cost_of_goods",
        },
        {"format": "parquet"},
        ("net",),
        {"customer": "customer_name", "amount": "net_amount"},
    )


def _jsonl(folder: Path, rng: random.Random) -> CorpusFile:
    name = "api_faktury.jsonl"
    custs = _COMPANIES[14:22]
    recs = _records(
        rng,
        30,
        custs,
        invoice=lambda i, d: f"FV/{d:%Y}/{d:%m}/{i:04d}",
        credit=lambda i, d: f"FK/{d:%Y}/{d:%m}/{i:04d}",
    )
    lines: list[str] = []
    kept: list[tuple[int, _Rec]] = []
    rejected: dict[int, tuple[str, ...]] = {}
    for i, r in enumerate(recs):
        obj = {
            "klient": r.customer,
            "nip": r.nip,
            "numer": r.invoice,
            "data_wystawienia": f"{r.day:%Y-%m-%d}",
            "kwota_netto": r.net / 100,
            "kwota_brutto": r.gross / 100,
            "waluta": "PLN",
        }
        lines.append(json.dumps(obj, ensure_ascii=False))
        kept.append((len(lines), r))
        if i == 10:
            bad = dict(obj, numer="FV/2025/99/9999", kwota_netto=None, kwota_brutto=None)
            lines.append(json.dumps(bad, ensure_ascii=False))
            rejected[len(lines)] = ("amount",)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _expect(
        name,
        path,
        "JSON lines from a web API / pandas: UTF-8 with Polish characters unescaped, "
        "snake_case Polish keys, ISO dates as text, float amounts, one null amount",
        "jsonl",
        kept,
        rejected,
        len(lines),
        {
            "customer": "klient",
            "date": "data_wystawienia",
            "amount": "kwota_netto",
            "invoice": "numer",
            "tax_id": "nip",
        },
        {"format": "jsonl", "date_format": "%Y-%m-%d"},
        ("net",),
        {"customer": "klient", "amount": "kwota_netto"},
    )


_BUILDERS = (
    _subiekt,
    _optima,
    _enova,
    _salesforce,
    _hubspot,
    _shop_tsv,
    _sap_pipe,
    _latin2,
    _bad_lines,
    _google_sheets,
    _eur_apostrophe,
    _xlsx_hand,
    _xlsx_sheets,
    _parquet,
    _jsonl,
)


def build_corpus(folder: str | Path, *, seed: int = SEED) -> list[CorpusFile]:
    """Write every corpus file into ``folder`` (created if missing) and return what each holds.

    Deterministic: the same ``seed`` gives byte-identical text files and the same expectations.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, builder in enumerate(_BUILDERS):
        out.append(builder(folder, random.Random(seed * 100 + i)))
    return out


# --------------------------------------------------------------------------- error cases


def build_error_cases(folder: str | Path) -> list[ErrorCase]:
    """Write files a reader must refuse (not an export, or ambiguous) and what it must say."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[ErrorCase] = []

    notes = folder / "notatki_ze_spotkania.txt"
    notes.write_text(
        "Spotkanie z klientem Hurtownia Żak – 12.03.2025\n\n"
        "Uczestnicy: Anna Kowalska, Piotr Zieliński.\n"
        "Klient chce rabatu 3% przy zamówieniach powyżej 50 000 zł.\n"
        "Następny krok: oferta do piątku.\n",
        encoding="utf-8",
    )
    cases.append(
        ErrorCase(
            notes.name,
            notes,
            "Meeting notes saved as .txt: prose, no table at all",
            "ExportFormatError",
            (),
        )
    )

    prices = folder / "cennik_2025.csv"
    prices.write_text(
        "Indeks;Nazwa towaru;Jednostka;Cena netto;Stawka VAT\n"
        "R-200;Regał magazynowy R-200;szt.;1 299,00;23%\n"
        "F-023;Folia stretch 23 µm;rolka;54,90;23%\n"
        "P-EUR;Paleta EUR 1200×800;szt.;42,50;23%\n"
        "T-15;Czujnik temperatury T-15;szt.;189,00;23%\n",
        encoding="utf-8",
    )
    cases.append(
        ErrorCase(
            prices.name,
            prices,
            "A price list (products and prices): no customer and no date column",
            "ExportFormatError",
            ("customer",),
        )
    )

    ambiguous_dates = folder / "daty_niejednoznaczne.csv"
    rows = ["Kontrahent;Data;Kwota netto"]
    for i, (d, m) in enumerate([(1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (12, 1)]):
        rows.append(f"{_COMPANIES[i]};{d:02d}/{m:02d}/2025;{1000 + 37 * i},00")
    ambiguous_dates.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cases.append(
        ErrorCase(
            ambiguous_dates.name,
            ambiguous_dates,
            "Slash dates whose day is never above 12: dd/mm or mm/dd cannot be told apart",
            "AmbiguousExportError",
            ("date", "mapping"),
        )
    )

    two_nets = folder / "dwie_waluty.csv"
    rows = ["Kontrahent;Data wystawienia;Netto PLN;Netto EUR"]
    for i in range(8):
        pln = 4300 + 517 * i
        eur = f"{pln / 4.3:.2f}".replace(".", ",")
        rows.append(f"{_COMPANIES[i]};{10 + i:02d}.03.2025;{pln},00;{eur}")
    two_nets.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cases.append(
        ErrorCase(
            two_nets.name,
            two_nets,
            "Two net amount columns (PLN and EUR): which one is the amount cannot be guessed",
            "AmbiguousExportError",
            ("amount", "mapping", "Netto PLN", "Netto EUR"),
        )
    )

    empty = folder / "pusty.csv"
    empty.write_bytes(b"")
    cases.append(
        ErrorCase(empty.name, empty, "An empty file (0 bytes)", "ExportFormatError", ("empty",))
    )

    logo = folder / "logo_firmy.png"
    logo.write_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
        b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
        b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    cases.append(
        ErrorCase(logo.name, logo, "A PNG image uploaded by mistake", "ExportFormatError", ("png",))
    )
    return cases


if __name__ == "__main__":  # pragma: no cover - a look at the corpus by hand
    import sys
    import tempfile

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    for f in build_corpus(target):
        print(f"{f.name:32} {f.accepted:4} kept {len(f.rejected):2} rejected  {f.description}")
    print(target)
