"""Detection rules behind :func:`kamtools.read_export`: names, encodings, separators, marks.

Private to :mod:`kamtools.data.exports`, which re-exports the public helpers. Everything
here is a pure function of text or bytes, so each rule can be tested on its own.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .._text import fold
from ..errors import AmbiguousExportError, ExportFormatError, ParameterError
from ..messages import t

STANDARD_FIELDS = (
    "customer", "date", "amount", "invoice", "product", "category", "quantity",
    "unit_price", "cost_of_goods", "tax_id",
)  # fmt: skip
REQUIRED_FIELDS = ("customer", "date", "amount")
_EXAMPLES = {
    "customer": "'Kontrahent', 'Nabywca', 'Customer'",
    "date": "'Data wystawienia', 'Invoice Date'",
    "amount": "'Wartość netto', 'Net Amount'",
}

Format = Literal["csv", "xlsx", "parquet", "jsonl"]


# --- column names -----------------------------------------------------------------------

#: Header names of each standard field, normalised (see :func:`normalise_header`), in
#: tiers: a column of an earlier tier wins over one of a later tier; two columns of the
#: same (best) tier are ambiguous.
FIELD_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "customer": (
        (
            "kontrahent", "nabywca", "klient", "nazwa kontrahenta", "kontrahent nazwa",
            "nazwa klienta", "nazwa nabywcy", "nabywca nazwa", "klient nazwa",
            "pelna nazwa kontrahenta", "kontrahent pelna nazwa", "customer", "customer name",
            "account name", "account", "client", "client name", "buyer", "buyer name",
            "sold to", "company", "company name", "firma",
        ),
        ("odbiorca", "nazwa odbiorcy", "odbiorca nazwa", "ship to", "recipient"),
        (
            "kod kontrahenta", "kontrahent kod", "kontrahent symbol", "symbol kontrahenta",
            "id kontrahenta", "kod klienta", "customer id", "customer code", "account id",
            "client id",
        ),
    ),
    "date": (
        (
            "data wystawienia", "data dokumentu", "data faktury", "data wyst", "billing date",
            "invoice date", "document date", "issue date", "date of issue",
        ),
        (
            "data sprzedazy", "data operacji", "data transakcji", "sale date", "sales date",
            "transaction date", "order date", "data zamowienia", "close date", "closing date",
        ),
        ("data", "date", "posting date", "data ksiegowania"),
    ),
    "amount": (
        (
            "wartosc netto", "netto", "kwota netto", "wartosc sprzedazy netto",
            "sprzedaz netto", "przychod netto", "razem netto", "net amount", "net",
            "net value", "net sales", "net revenue", "amount net", "net total", "line net",
            "net amount pln", "netto pln", "obrot netto", "obroty netto", "net turnover",
        ),
        (
            "kwota", "wartosc", "wartosc sprzedazy", "sprzedaz", "przychod", "amount",
            "revenue", "sales", "sales value", "value", "line amount", "line total", "obrot",
            "obroty", "turnover",
        ),
    ),
    "invoice": (
        (
            "nr faktury", "numer faktury", "nr dokumentu", "numer dokumentu", "invoice no",
            "invoice number", "invoice", "invoice id", "document no", "document number",
            "doc no", "faktura", "symbol dokumentu", "nr dok", "billing document",
        ),
        ("numer", "nr", "dokument", "document"),
    ),
    "product": (
        (
            "towar", "nazwa towaru", "produkt", "nazwa produktu", "towar usluga",
            "nazwa towaru uslugi", "artykul", "product", "product name", "item",
            "item name", "towar nazwa",
        ),
        (
            "indeks", "symbol towaru", "kod towaru", "towar kod", "towar symbol", "sku",
            "product code", "item code", "product id",
        ),
    ),
    "category": (
        (
            "grupa towarowa", "kategoria", "grupa", "category", "product group",
            "product category", "grupa produktowa", "kategoria towaru",
        ),
    ),
    "quantity": (("ilosc", "ilosc sprzedana", "quantity", "qty", "units", "liczba sztuk"),),
    "unit_price": (
        (
            "cena netto", "cena", "cena jednostkowa", "cena jednostkowa netto",
            "cena jedn netto", "unit price", "price", "net price", "unit net price",
        ),
    ),
    "cost_of_goods": (
        (
            "koszt", "wartosc zakupu", "koszt wlasny", "koszt sprzedazy",
            "wartosc w cenach zakupu", "koszt zakupu", "cost", "cogs", "cost of goods",
            "cost of goods sold", "purchase value", "unit cost total",
        ),
    ),
    "tax_id": (
        (
            "nip", "nip kontrahenta", "nip nabywcy", "kontrahent nip", "nabywca nip",
            "tax id", "vat id", "vat number", "vat no", "tax number", "nip ue", "vat reg no",
            "vat registration number", "nip vat ue",
        ),
    ),
}  # fmt: skip

#: Gross amounts: recognised so that they are never taken for net amounts by accident.
GROSS_NAMES = frozenset(
    {
        "wartosc brutto", "brutto", "kwota brutto", "razem brutto", "wartosc sprzedazy brutto",
        "gross amount", "gross", "gross value", "gross total", "amount gross",
    }
)  # fmt: skip
#: Names of the date fields' tiers, used in the notes (English; see :func:`date_kinds`).
DATE_KINDS = ("issue date", "sale date", "date")


def date_kinds() -> tuple[str, str, str]:
    """:data:`DATE_KINDS` in the learner's language, for the notes."""
    return (
        t("read_export.kind_issue_date"),
        t("read_export.kind_sale_date"),
        t("read_export.kind_date"),
    )


_HEADER_CURRENCY = re.compile(r"\b(w |in )?(pln|zl|eur|usd)\b")


def normalise_header(name: object) -> str:
    """A column name as it is compared: lower case, no accents, words split by one space.

    >>> normalise_header("  Wartość  NETTO [PLN]")
    'wartosc netto'
    """
    text = re.sub(r"[^0-9a-z]+", " ", fold(str(name)))
    return " ".join(_HEADER_CURRENCY.sub(" ", text).split())


_KNOWN: dict[str, tuple[str, int]] = {
    name: (field, tier)
    for field, tiers in FIELD_NAMES.items()
    for tier, names in enumerate(tiers)
    for name in names
}


def field_of(name: object) -> tuple[str, int] | None:
    """The standard field and tier a column name stands for, or None.

    >>> field_of("Nazwa kontrahenta")
    ('customer', 0)
    """
    return _KNOWN.get(normalise_header(name))


def is_gross(name: object) -> bool:
    """Whether a column name means a gross amount (VAT included)."""
    return normalise_header(name) in GROSS_NAMES


def header_score(cells: Sequence[object]) -> int:
    """How many cells of a row are known column names (gross amounts count too)."""
    names = [normalise_header(c) for c in cells if c is not None and str(c).strip()]
    return sum(1 for n in names if n in _KNOWN or n in GROSS_NAMES)


def find_header(rows: Sequence[Sequence[object]], *, limit: int = 30) -> int | None:
    """Index of the header among the first ``limit`` rows, or None.

    The header is the first row with at least two known column names; failing that, the
    first row of two or more cells that are all text, followed by a row of the same width.
    """
    scores = [header_score(row) for row in rows[:limit]]
    best = max(scores, default=0)
    if best >= 2:
        return scores.index(best) if scores.count(best) == 1 else _first_at_least(scores, 2)
    for i, row in enumerate(rows[:limit]):
        cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
        if len(cells) >= 2 and all(not _looks_numeric(c) for c in cells):
            if i + 1 < len(rows) and _width(rows[i + 1]) == _width(row):
                return i
    return None


def _first_at_least(scores: list[int], n: int) -> int:
    return next(i for i, s in enumerate(scores) if s >= n)


def _width(row: Sequence[object]) -> int:
    return sum(1 for c in row if c is not None and str(c).strip())


def _looks_numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[-+(]?[\d\s.,'\u00a0]+\)?\s*(zł|pln|eur|€)?", text, re.I))


# --- bytes: format and encoding ---------------------------------------------------------

#: Polish letters whose byte differs between cp1250 and ISO-8859-2 (ś ź ą Ś Ź Ą).
CP1250_ONLY = frozenset(b"\x9c\x9f\xb9\x8c\x8f\xa5")
ISO_8859_2_ONLY = frozenset(b"\xb6\xbc\xb1\xa6\xac\xa1")


#: The first bytes of an old binary Office file (.xls, .doc).
OLD_OFFICE = b"\xd0\xcf\x11\xe0"


def sniff_format(head: bytes, name: str | None) -> str:
    """``"xlsx"``, ``"parquet"``, ``"jsonl"`` or ``"csv"`` from the name or the first bytes.

    Raises :class:`ExportFormatError` for an empty file and for files that are clearly not
    exports (images, PDF, old binary Office files, zip archives that are not workbooks).
    """
    if not head:
        raise ExportFormatError(t("export_error.empty_file"))
    suffix = name.rsplit(".", 1)[-1].lower() if name and "." in name else ""
    for magic, what in (
        (b"\x89PNG", lambda: t("export_error.what_png")),
        (b"\xff\xd8\xff", lambda: t("export_error.what_jpeg")),
        (b"GIF8", lambda: t("export_error.what_gif")),
        (b"%PDF", lambda: t("export_error.what_pdf")),
        (OLD_OFFICE, lambda: t("export_error.what_old_office")),
    ):
        if head.startswith(magic):
            hint = " " + t("export_error.save_as_xlsx") if magic == OLD_OFFICE else ""
            raise ExportFormatError(
                t("export_error.not_export", name=_named(name), what=what(), hint=hint)
            )
    if head.startswith(b"PK"):
        return "xlsx"
    if head.startswith(b"PAR1"):
        return "parquet"
    if suffix in ("jsonl", "ndjson") or head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{"):
        return "jsonl"
    if suffix == "parquet":
        return "parquet"
    return "csv"


def _named(name: str | None) -> str:
    return f" {name!r}" if name else ""


def detect_encoding(data: bytes, *, complete: bool = True) -> tuple[str, str | None]:
    """The encoding of a text export and a note when the choice was a default.

    UTF-8 (with or without BOM) is recognised by decoding; cp1250 and ISO-8859-2 by the
    bytes of Polish letters that differ between them. A file with none of those bytes
    reads the same in both: cp1250 is taken and the note says so. ``complete=False``: the
    bytes are the start of a longer file (a character may be cut at the end).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", None
    if b"\x00" in data[:4096]:
        raise ExportFormatError(t("export_error.binary"))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        cut = error.reason == "unexpected end of data" and error.start >= len(data) - 3
        if cut and not complete:  # a sample cut inside the last character
            return "utf-8", None
    else:
        return "utf-8", None
    counts = np.bincount(np.frombuffer(data, dtype=np.uint8), minlength=256)
    cp = int(sum(counts[b] for b in CP1250_ONLY) + counts[0x80:0xA0].sum())
    iso = int(sum(counts[b] for b in ISO_8859_2_ONLY))
    order = ["iso-8859-2", "cp1250"] if iso > cp else ["cp1250", "iso-8859-2"]
    for encoding in order:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if cp == iso:
            return encoding, t("read_export.encoding_guess", encoding=encoding)
        return encoding, None
    raise ExportFormatError(t("export_error.no_encoding"))


# --- text: separator and rows -----------------------------------------------------------

SEPARATORS = (";", "\t", "|", ",")


def split_rows(text: str, separator: str) -> tuple[list[list[str]], list[int]]:
    """The rows of a delimited text and the 1-based line on which each row starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[list[str]] = []
    starts: list[int] = []
    previous = 0
    try:
        for row in reader:
            rows.append(row)
            starts.append(previous + 1)
            previous = reader.line_num
    except csv.Error as error:
        raise ExportFormatError(
            t(
                "export_error.split_failed",
                line=previous + 1,
                error=error,
                separator=repr(separator),
            )
        ) from None
    return rows, starts


def detect_separator(text: str) -> str:
    """The field separator of a delimited text.

    Each candidate splits the sample; the one whose best row holds the most known column
    names wins, then the one giving most rows of the same width (two fields or more).
    """
    lines = text.splitlines()[:400]
    sample = "\n".join(lines)
    best: tuple[tuple[int, float, int], str] | None = None
    for separator in SEPARATORS:
        try:
            rows, _ = split_rows(sample, separator)
        except ExportFormatError:
            continue
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            continue
        header = find_header(rows)
        score = header_score(rows[header]) if header is not None else 0
        widths = Counter(len(r) for r in rows)
        width, count = widths.most_common(1)[0]
        regular = count / len(rows) if width >= 2 else 0.0
        key = (score, regular, width)
        if best is None or key > best[0]:
            best = (key, separator)
    if best is None or (best[0][0] == 0 and best[0][1] == 0):
        found = repr(lines[0][:80]) if lines else t("export_error.nothing")
        raise ExportFormatError(t("export_error.no_separator", found=found))
    return best[1]


# --- numbers ----------------------------------------------------------------------------

_SPACES = " \u00a0\u2007\u2009\u202f"
_CURRENCY = r"(?:zł|zl|pln|eur|€|\$|usd|£|gbp)"
_AMOUNT = re.compile(
    rf"^\s*(?P<n1>[-−–])?\s*(?:{_CURRENCY}\.?)?\s*(?P<open>\()?\s*(?P<n2>[-−–])?\s*"
    rf"(?:{_CURRENCY}\.?)?\s*(?P<body>[0-9][0-9.,'’{_SPACES}]*|[.,][0-9]+)\s*"
    rf"(?:{_CURRENCY}\.?)?\s*(?P<close>\))?\s*(?:{_CURRENCY}\.?)?\s*(?P<n3>-)?\s*$",
    re.IGNORECASE,
)


def amount_parts(text: pd.Series) -> pd.DataFrame:
    """The parts of amounts written as text: sign markers and the digits with their marks."""
    return text.astype(object).where(text.notna(), "").astype(str).str.extract(_AMOUNT)


def detect_marks(values: Iterable[str]) -> tuple[str, str | None, str | None]:
    """``(decimal, thousands, note)`` read from amounts written as text.

    Both marks in one number: the last is the decimal mark. One mark repeated
    (``1.234.567``) or followed by three digits in every number is a thousands mark;
    otherwise the mark is decimal. Spaces and apostrophes are always thousands marks.
    """
    bodies = amount_parts(pd.Series(list(values), dtype=object))["body"].dropna()
    bodies = bodies.str.strip().loc[lambda b: b != ""]
    if bodies.empty:
        return ".", None, None
    thousands: str | None = None
    if bodies.str.contains("'|’", regex=True).any():
        thousands = "'"
    elif bodies.str.contains("\u00a0", regex=False).any():
        thousands = "\u00a0"
    elif bodies.str.contains(r"[ \u2007\u2009\u202f]", regex=True).any():
        thousands = " "
    compact = bodies.str.replace(rf"[{_SPACES}'’]", "", regex=True)
    both = compact[compact.str.contains(",", regex=False) & compact.str.contains(".", regex=False)]
    if not both.empty:
        last = both.map(lambda b: "," if b.rfind(",") > b.rfind(".") else ".")
        decimal = last.mode().iloc[0]
        return decimal, thousands or ("." if decimal == "," else ","), None
    for mark, other in ((",", "."), (".", ",")):
        with_mark = compact[compact.str.contains(mark, regex=False)]
        if with_mark.empty:
            continue
        repeated = with_mark.str.count(re.escape(mark)) > 1
        grouped = with_mark.str.fullmatch(rf"[1-9][0-9]{{0,2}}(\{mark}[0-9]{{3}})+")
        if repeated.any() or (grouped.all() and thousands is None):
            note = None
            if not repeated.any():
                note = t("read_export.thousands_mark", mark=mark, quoted=repr(mark))
            return other, mark, note
        return mark, thousands, None
    return ".", thousands, None


def parse_amount_parts(parts: pd.DataFrame, *, decimal: str, thousands: str | None) -> pd.Series:
    """Floats from :func:`amount_parts`; NaN where the digits are not a number."""
    body = (
        parts["body"].fillna("").str.strip().str.replace(r"[ \u2007\u2009\u202f]", " ", regex=True)
    )
    body = body.str.replace("\u00a0", " ", regex=False).str.replace("’", "'", regex=False)
    group = " " + (thousands if thousands and thousands not in _SPACES else "")
    g = "[" + re.escape(group) + "]"
    d = re.escape(decimal)
    valid = body.str.fullmatch(
        rf"[0-9]{{1,3}}(?:{g}[0-9]{{3}})+(?:{d}[0-9]*)?|[0-9]+(?:{d}[0-9]*)?|{d}[0-9]+"
    )
    digits = body.str.replace(g, "", regex=True).str.replace(decimal, ".", regex=False)
    numbers = pd.to_numeric(digits.where(valid.fillna(False)), errors="coerce").astype(float)
    brackets = parts["open"].notna() & parts["close"].notna()
    unpaired = parts["open"].notna() ^ parts["close"].notna()
    negative = parts["n1"].notna() | parts["n2"].notna() | parts["n3"].notna() | brackets
    signs = (
        parts["n1"].notna().astype(int) + parts["n2"].notna().astype(int)
        + parts["n3"].notna().astype(int) + brackets.astype(int)
    )  # fmt: skip
    numbers = numbers.where(~unpaired & (signs <= 1))
    return numbers.where(~negative, -numbers)


# --- dates ------------------------------------------------------------------------------

DATE_FORMATS = (
    "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%Y.%m.%d", "%Y/%m/%d",
    "%d.%m.%y",
)  # fmt: skip
_SHAPES = {"%d": r"\d{1,2}", "%m": r"\d{1,2}", "%Y": r"\d{4}", "%y": r"\d{2}"}
_TIME = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$")
#: Excel serial numbers taken for dates: 1954-10-01 to 2119-01-09.
SERIAL_RANGE = (20_000, 80_000)


def date_shape(date_format: str) -> str:
    """A regular expression for the look of a date written in ``date_format``."""
    pattern = re.escape(date_format)
    for code, shape in _SHAPES.items():
        pattern = pattern.replace(re.escape(code), shape).replace(code, shape)
    return pattern


def strip_time(text: pd.Series) -> pd.Series:
    """Dates as text without a time after them (``"14.03.2025 10:30"`` -> ``"14.03.2025"``)."""
    text = text.str.strip()
    timed = text.str.contains(":", regex=False).fillna(False).astype(bool)
    if timed.any():
        text = text.astype(object)
        text[timed] = text[timed].str.replace(_TIME.pattern, "", regex=True)
    return text


def serial_dates(text: pd.Series) -> pd.Series:
    """Excel serial numbers (text or numbers) as dates; NaT outside :data:`SERIAL_RANGE`."""
    numbers = pd.to_numeric(text, errors="coerce").astype(float)
    numbers = numbers.where((numbers >= SERIAL_RANGE[0]) & (numbers < SERIAL_RANGE[1]))
    days = pd.to_timedelta(np.floor(numbers.to_numpy()), unit="D")
    return pd.Series(pd.Timestamp("1899-12-30") + days, index=text.index).astype("datetime64[ns]")


def detect_date_format(values: pd.Series, column: str) -> tuple[str, str | None]:
    """The ``strptime`` format (or ``"excel-serial"``) of dates written as text, and a note.

    Raises :class:`AmbiguousExportError` when day and month could be swapped in every date
    (``03/04/2025``), and :class:`ExportFormatError` when the column holds no dates.
    """
    every = strip_time(values.dropna().astype(str)).loc[lambda s: s != ""]
    text = every.head(5000)
    if text.empty:
        raise ExportFormatError(t("export_error.date_column_empty", column=repr(column)))
    serial = serial_dates(text).notna()
    if serial.mean() > 0.5 and text.str.fullmatch(r"\d+(\.\d+)?").mean() > 0.5:
        return "excel-serial", t("read_export.excel_serial", column=repr(column))
    counts = {fmt: int(text.str.fullmatch(date_shape(fmt)).sum()) for fmt in DATE_FORMATS}
    best = max(counts.values())
    if best < 0.5 * len(text):
        examples = ", ".join(repr(v) for v in text.head(3))
        raise ExportFormatError(t("export_error.no_dates", column=repr(column), examples=examples))
    fmt = next(f for f in DATE_FORMATS if counts[f] == best)
    if fmt in ("%d/%m/%Y", "%m/%d/%Y"):
        parts = every.str.extract(r"^(\d{1,2})/(\d{1,2})/").astype(float)
        day_first = bool((parts[0] > 12).any())
        month_first = bool((parts[1] > 12).any())
        if day_first == month_first:
            examples = ", ".join(repr(v) for v in every.drop_duplicates().head(3))
            raise AmbiguousExportError(
                t("export_error.day_or_month", column=repr(column), examples=examples),
                field="date_format",
                candidates=("%d/%m/%Y", "%m/%d/%Y"),
            )
        fmt = "%d/%m/%Y" if day_first else "%m/%d/%Y"
        note = (
            t("read_export.day_first", column=repr(column), format=fmt)
            if day_first
            else t("read_export.month_first", column=repr(column), format=fmt)
        )
        return fmt, note
    return fmt, None


# --- choosing the fields ------------------------------------------------------------


def check_key(key: object, allowed: tuple[str, ...], where: str) -> None:
    if key in allowed:
        return
    close = difflib.get_close_matches(str(key), allowed, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ParameterError(
        f"{where} has the key {key!r}, which is not a field or setting.{hint} "
        f"Known keys: {', '.join(allowed)}."
    )


def check_columns(fields: Mapping[str, str | None], columns: list[str]) -> None:
    for field, column in fields.items():
        check_key(field, STANDARD_FIELDS, "mapping")
        if column is not None and column not in columns:
            close = difflib.get_close_matches(str(column), columns, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ParameterError(
                f"mapping[{field!r}]={column!r} is not a column of the file.{hint} Columns: "
                f"{', '.join(map(repr, columns))}."
            )


def choose_fields(
    columns: list[str], fixed: dict[str, str | None]
) -> tuple[dict[str, str], list[str]]:
    """Standard field -> column, and the notes saying why; raises when required ones fail."""
    check_columns(fixed, columns)
    notes: list[str] = []
    chosen = {f: c for f, c in fixed.items() if c is not None}
    used = set(chosen.values())
    by_field: dict[str, dict[int, list[str]]] = {}
    for column in columns:
        known = field_of(column)
        if known and column not in used:
            by_field.setdefault(known[0], {}).setdefault(known[1], []).append(column)
    gross = [c for c in columns if is_gross(c) and c not in used]
    missing: list[str] = []
    for field in STANDARD_FIELDS:
        if field in fixed:
            if field == "amount" and fixed[field] is not None and is_gross(fixed[field]):
                notes.append(t("read_export.gross_chosen", column=repr(fixed[field])))
            continue
        tiers = by_field.get(field, {})
        if not tiers:
            if field == "amount" and gross:
                suggestion = {"amount": gross[0]}
                raise AmbiguousExportError(
                    t(
                        "export_error.only_gross",
                        listed=", ".join(map(repr, gross)),
                        suggestion=repr(suggestion),
                    ),
                    field="amount",
                    candidates=tuple(gross),
                )
            if field in REQUIRED_FIELDS:
                missing.append(field)
            continue
        best = min(tiers)
        candidates = tiers[best]
        if len(candidates) > 1:
            listed = ", ".join(map(repr, candidates))
            if field in REQUIRED_FIELDS:
                raise AmbiguousExportError(
                    t(
                        "export_error.two_columns",
                        field=field,
                        listed=listed,
                        key=repr(field),
                        column=repr(candidates[0]),
                    ),
                    field=field,
                    candidates=tuple(candidates),
                )
            notes.append(
                t(
                    "read_export.field_left_out",
                    field=field,
                    listed=listed,
                    key=repr(field),
                    column=repr(candidates[0]),
                )
            )
            continue
        chosen[field] = candidates[0]
        others = [c for tier, cs in sorted(tiers.items()) if tier != best for c in cs]
        if others and field == "date":
            words = date_kinds()
            kinds = {c: words[tier] for tier, cs in tiers.items() for c in cs}
            notes.append(
                t(
                    "read_export.date_columns",
                    column=repr(candidates[0]),
                    kind=kinds[candidates[0]],
                    others=", ".join(f"{c!r} ({kinds[c]})" for c in others),
                    other=repr(others[0]),
                )
            )
        elif others:
            notes.append(
                t(
                    "read_export.field_others",
                    field=field,
                    column=repr(candidates[0]),
                    others=", ".join(map(repr, others)),
                    key=repr(field),
                    other=repr(others[0]),
                )
            )
        if field == "amount" and gross:
            notes.append(
                t(
                    "read_export.net_and_gross",
                    column=repr(candidates[0]),
                    gross=", ".join(map(repr, gross)),
                )
            )
    if missing:
        listed = ", ".join(map(repr, columns[:12])) + (", ..." if len(columns) > 12 else "")
        wanted = "; ".join(
            t("export_error.missing_field", field=f, examples=_EXAMPLES[f]) for f in missing
        )
        suggestion = {f: "<column>" for f in missing}
        totals_only = missing == ["date"]
        message = t(
            "export_error.not_sales",
            count=len(columns),
            listed=listed,
            wanted=wanted,
            suggestion=repr(suggestion),
        )
        if totals_only:
            message += " " + t("export_error.totals_only")
        raise ExportFormatError(message)
    return {f: chosen[f] for f in STANDARD_FIELDS if f in chosen}, notes
