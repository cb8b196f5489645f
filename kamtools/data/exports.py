"""Read a company's own CRM/ERP export, whatever program wrote it, and say what was read.

:func:`read_export` takes a CSV/TSV/TXT, Excel (.xlsx), Parquet or JSON-lines export and
finds, without hints, its encoding, separator, header row, columns (Polish or English
names), number marks and date format. It returns an :class:`Export`: the sales lines in
standard columns, a report of every line left out or changed, and the :class:`ExportMapping`
it used, which a learner can read and pass back as ``mapping=`` to correct it.

The detection rules themselves live in :mod:`kamtools.data._export_detect`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any, cast

import numpy as np
import pandas as pd

from ..errors import ExportFormatError, ParameterError, WrongTypeError
from ..messages import t
from ._export_detect import FIELD_NAMES as FIELD_NAMES  # re-exported: tests, streaming
from ._export_detect import REQUIRED_FIELDS as REQUIRED_FIELDS
from ._export_detect import (
    SEPARATORS,
    STANDARD_FIELDS,
    Format,
    amount_parts,
    check_columns,
    check_key,
    choose_fields,
    date_shape,
    detect_date_format,
    detect_marks,
    parse_amount_parts,
    serial_dates,
    sniff_format,
    strip_time,
)
from ._export_tables import (
    Table,
    blank,
    jsonl_table,
    parquet_table,
    text_table,
    xlsx_table,
)

__all__ = ["Export", "ExportMapping", "read_export"]

_TEXT_FIELDS = ("invoice", "product", "category", "tax_id")
_NUMBER_FIELDS = ("quantity", "unit_price", "cost_of_goods")
_FORMATS = ("csv", "xlsx", "parquet", "jsonl")
_THOUSANDS = (" ", "\u00a0", ".", "'", ",")


@dataclass(frozen=True)
class ExportMapping:
    """How an export was read: which column became which field, and the file's conventions.

    Attributes
    ----------
    fields : mapping of str to str
        Standard field -> source column, e.g. ``{"customer": "Kontrahent", ...}``.
    format : {"csv", "xlsx", "parquet", "jsonl"}
        The kind of file (TSV and TXT are ``"csv"`` with another separator).
    encoding : str or None
        ``"utf-8"``, ``"utf-8-sig"``, ``"cp1250"``, ``"iso-8859-2"`` (or ``"utf-16"``);
        None for xlsx and Parquet.
    separator : str or None
        ``";"``, ``","``, ``"\\t"`` or ``"|"``; None unless the format is csv.
    decimal : str
        The decimal mark, ``","`` or ``"."``.
    thousands : str or None
        The thousands mark: space, no-break space, ``"."``, ``"'"``, ``","`` or None.
    date_format : str
        A ``strptime`` format (``"%d.%m.%Y"``), ``"excel-serial"`` or ``"native"`` (the
        file stores real dates: xlsx, Parquet).
    header_row : int
        1-based line (or Excel row) of the header; 0 when the format has none (Parquet,
        JSON lines).
    sheet : str or None
        The worksheet read, for xlsx.
    notes : tuple of str
        What was decided and why, in plain words.
    """

    fields: Mapping[str, str]
    format: Format
    encoding: str | None
    separator: str | None
    decimal: str
    thousands: str | None
    date_format: str
    header_row: int
    sheet: str | None
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A plain dict of the mapping, to show or to pass back as ``mapping=``."""
        out = dataclasses.asdict(self)
        out["fields"] = dict(self.fields)
        out["notes"] = list(self.notes)
        return out

    def describe(self) -> str:
        """A few lines a learner can read: the columns used and the conventions found."""
        marks = {" ": "space", "\u00a0": "no-break space", None: "none"}
        where = f"sheet {self.sheet!r}, " if self.sheet else ""
        lines = [f"File: {self.format}, {where}header on row {self.header_row}."]
        if self.format == "csv":
            sep = "tab" if self.separator == "\t" else repr(self.separator)
            lines.append(f"Text: encoding {self.encoding}, separator {sep}.")
        thousands = marks.get(self.thousands, repr(self.thousands))
        lines.append(
            f"Numbers: decimal mark {self.decimal!r}, thousands mark {thousands}; "
            f"dates: {self.date_format}."
        )
        lines += [f"  {field:<14} <- {column!r}" for field, column in self.fields.items()]
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


@dataclass(frozen=True)
class Export:
    """An export read by :func:`read_export`.

    Attributes
    ----------
    lines : DataFrame
        The sales lines, indexed by ``line`` (the line number in the file, as a text editor
        shows it, or the Excel row). Columns ``customer`` (text), ``date`` (datetime),
        ``amount`` (net; credit notes negative), then whichever of ``invoice``,
        ``product``, ``category``, ``quantity``, ``unit_price``, ``cost_of_goods`` and
        ``tax_id`` the file has.
    report : DataFrame
        One row per line rejected or value changed: ``line``, ``column`` (source column,
        ``""`` for the whole line), ``value`` (the raw text), ``reason``, ``action``
        (``"rejected"`` or ``"changed"``).
    mapping : ExportMapping
        How the file was read.
    data_lines : int
        Non-blank lines below the header (total rows included).
    """

    lines: pd.DataFrame
    report: pd.DataFrame
    mapping: ExportMapping
    data_lines: int

    @property
    def rejected(self) -> int:
        """Number of lines left out; ``len(lines) + rejected == data_lines``."""
        rejected = self.report.loc[self.report["action"] == "rejected", "line"]
        return int(rejected.nunique())


# --- the public helpers the streaming reader shares -------------------------------------


def parse_amounts(text: pd.Series, *, decimal: str, thousands: str | None) -> pd.Series:
    """Amounts written as text, as floats; NaN where a value is not a number.

    Currency marks (zł, PLN, EUR, €) are ignored; ``"-1 234,50"``, ``"(1 234,50)"`` and
    ``"1 234,50-"`` are negative. Spaces of any kind may group thousands. Numbers already
    stored as numbers (xlsx, Parquet) are kept.

    Parameters
    ----------
    text : Series
        The values.
    decimal : {",", "."}
        The decimal mark.
    thousands : str or None
        The thousands mark besides spaces (``"."``, ``","``, ``"'"``), or None.

    Examples
    --------
    >>> import pandas as pd
    >>> values = pd.Series(["1 234,50 zł", "(1 234,50)", "-1.234,50", "x"])
    >>> parse_amounts(values, decimal=",", thousands=".").tolist()
    [1234.5, -1234.5, -1234.5, nan]
    """
    if pd.api.types.is_bool_dtype(text.dtype):
        return pd.Series(np.nan, index=text.index, dtype=float)
    if pd.api.types.is_numeric_dtype(text.dtype):
        return text.astype(float)
    out = pd.Series(np.nan, index=text.index, dtype=float)
    is_number = pd.Series(False, index=text.index)
    if text.dtype == object:
        is_number = text.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    if is_number.any():
        out[is_number] = text[is_number].astype(float)
        text = text[~is_number]
    text = text.astype(object).where(text.notna(), "").astype(str)
    # Fast path, vectorised: plain numbers ("-1 234,50"); the rest goes through the regex
    # that knows currency marks and brackets.
    group = "[ \u00a0" + (re.escape(thousands) if thousands in (".", ",", "'") else "") + "]"
    dec = re.escape(decimal)
    plain = text.str.fullmatch(
        rf"-?(?:[0-9]{{1,3}}(?:{group}[0-9]{{3}})+|[0-9]+)(?:{dec}[0-9]+)?"
    ).fillna(False)
    if plain.any():
        digits = text[plain].str.replace(group, "", regex=True)
        if decimal != ".":
            digits = digits.str.replace(decimal, ".", regex=False)
        out[plain[plain].index] = pd.to_numeric(digits, errors="coerce").astype(float)
    rest = text[~plain]
    if not rest.empty:
        parts = amount_parts(rest)
        out.loc[rest.index] = parse_amount_parts(parts, decimal=decimal, thousands=thousands)
    return out


def parse_dates(text: pd.Series, *, date_format: str) -> pd.Series:
    """Dates as ``datetime64[ns]``; NaT where a value is not a date or is impossible.

    ``date_format`` is a ``strptime`` format, ``"excel-serial"`` or ``"native"`` (real
    dates only). A time after the date is ignored. With a ``strptime`` format, a value
    that is an Excel serial number (20000-80000) is read as one.

    Examples
    --------
    >>> import pandas as pd
    >>> values = pd.Series(["14.03.2025 10:30", "31.02.2025", "45658"])
    >>> parse_dates(values, date_format="%d.%m.%Y").dt.strftime("%Y-%m-%d").tolist()
    ['2025-03-14', nan, '2025-01-01']
    """
    if pd.api.types.is_datetime64_any_dtype(text.dtype):
        return (
            text.dt.tz_localize(None)
            if getattr(text.dt, "tz", None)
            else text.astype("datetime64[ns]")
        )
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if text.dtype == object:
        native = text.map(lambda v: isinstance(v, _dt.date | pd.Timestamp))
        if native.any():
            out[native] = pd.to_datetime(text[native].tolist()).astype("datetime64[ns]")
        number = text.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
        if number.any():  # a date cell without its date format: an Excel serial number
            out[number] = serial_dates(text[number].astype(float))
        text = text[~native & ~number]
    if date_format == "native" or text.empty:
        return out
    if date_format == "excel-serial" or pd.api.types.is_numeric_dtype(text.dtype):
        out.loc[text.index] = serial_dates(text)
        return out
    words = strip_time(text.astype(object).where(text.notna(), "").astype(str))
    parsed = pd.to_datetime(words, format=date_format, errors="coerce").astype("datetime64[ns]")
    serial = parsed.isna() & words.str.fullmatch(r"\d{5}(\.\d+)?")
    if serial.any():
        parsed[serial] = serial_dates(words[serial])
    out.loc[text.index] = parsed
    return out


_TOTAL = re.compile(
    r"(grand |sub ?)?(total|totals|razem|suma|ogolem|lacznie|podsumowanie|sum|w sumie)"
    r"( (netto|brutto|net|gross|ogolem|koncowa|calkowita|do zaplaty|sprzedazy|sales|"
    r"amount|value|pln|eur|general|okresu))*( ?:.*)?"
)


_TOTAL_START = re.compile(
    r"^[\W\d_]*(?:grand|sub|total|razem|suma|sum|og[oó]+[lł]em|[lł][aą]cznie|podsumowanie|w sumie)",
    re.IGNORECASE,
)


def is_total_row(row_text: pd.Series) -> pd.Series:
    """Whether each row is a total ("Razem", "Suma", "Ogółem", "Total", "Grand total"...).

    ``row_text`` is the text of the row's first non-empty cell, or the whole line: its
    first words are compared, so ``"RAZEM:"`` and ``";;Razem;12 345,00"`` are totals but a
    customer called ``"Suma Sp. z o.o."`` is not.

    Examples
    --------
    >>> import pandas as pd
    >>> is_total_row(pd.Series(["RAZEM:", "Ogółem;;100", "Suma Sp. z o.o.", "Alfa"])).tolist()
    [True, True, False, False]
    """
    out = pd.Series(False, index=row_text.index, dtype=bool)
    text = row_text.astype(object).where(row_text.notna(), "").astype(str)
    maybe = text.str.contains(_TOTAL_START, regex=True).fillna(False).astype(bool)
    if not maybe.any():
        return out
    text = text[maybe]
    lead = text.str.extract(r"^[\W\d_]*([^\W\d_][^;\t|\d]*)", expand=False).fillna("")
    lead = lead.str.replace("ł", "l").str.replace("Ł", "L").str.normalize("NFKD")
    lead = lead.str.replace(r"[\u0300-\u036f]", "", regex=True).str.lower()
    lead = lead.str.replace(r"[^a-z0-9:]+", " ", regex=True).str.strip()
    out[maybe] = lead.str.fullmatch(_TOTAL).fillna(False).astype(bool)
    return out


def detect_text_layout(
    sample: bytes,
    *,
    name: str | None = None,
    mapping: ExportMapping | Mapping[str, Any] | None = None,
) -> ExportMapping:
    """The :class:`ExportMapping` of a text export, from its first bytes (about 1 MB).

    Used by readers that stream a large file: they read the sample, then parse the rest
    in blocks with :func:`parse_amounts` and :func:`parse_dates`. The last, possibly cut,
    line of the sample is ignored.

    Examples
    --------
    >>> sample = "Kontrahent;Data;Netto\\nAlfa;02.01.2025;1 234,50\\n".encode("cp1250")
    >>> layout = detect_text_layout(sample)
    >>> layout.separator, layout.decimal, layout.date_format
    (';', ',', '%d.%m.%Y')
    """
    complete, settings, fields = _overrides(mapping)
    if complete is not None:
        return complete
    if len(sample) >= 1 << 16 and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    sniff_format(sample[:64], name)
    table = text_table(sample, settings, complete_file=False)
    return _complete_mapping(table, settings, fields)


# --- reading ----------------------------------------------------------------------------


def read_export(
    source: str | os.PathLike[str] | bytes | memoryview | IO[bytes],
    *,
    mapping: ExportMapping | Mapping[str, Any] | None = None,
    sheet: str | None = None,
    name: str | None = None,
) -> Export:
    """Read a CRM/ERP sales export: lines in standard columns, a report, and the mapping.

    Finds without hints the encoding (UTF-8, UTF-8 with BOM, cp1250, ISO-8859-2), the
    separator (``;`` ``,`` tab ``|``), title rows above the header, the columns (Polish
    and English names: Kontrahent, Nabywca, NIP, Data wystawienia, Wartość netto,
    Customer, Invoice Date, Net Amount, ...), the decimal and thousands marks, currency
    marks, negative forms and the date format; total rows ("Razem", "Total") are left
    out. Every choice is written in ``mapping.notes``; where the file can be read in two
    ways, it stops and says which ``mapping=`` to pass.

    Parameters
    ----------
    source : path, bytes or binary file
        The export: a path, the bytes of a FileUpload widget, or an open binary file.
    mapping : ExportMapping or dict, optional
        A mapping returned earlier (``export.mapping``, or its ``as_dict()``) to read the
        file the same way, or a dict of corrections: fields (``{"amount": "Brutto"}``,
        ``{"product": None}`` to leave one out) and settings (``date_format``,
        ``separator``, ``encoding``, ``decimal``, ``thousands``, ``header_row``,
        ``sheet``, ``format``).
    sheet : str, optional
        The worksheet of an Excel file with several sheets.
    name : str, optional
        The file name when ``source`` is bytes (its ending chooses the format; otherwise
        the first bytes do).

    Returns
    -------
    Export
        ``lines``, ``report``, ``mapping`` and ``data_lines``, with
        ``len(lines) + rejected == data_lines``.

    Raises
    ------
    ExportFormatError
        If the file is not an export (an image, an empty file, no customer, date or
        amount column); the message says what was found.
    AmbiguousExportError
        If the file can be read in two ways (two customer columns, only gross amounts,
        dates like 03/04/2025, two sheets); the message shows the ``mapping=`` to pass.
    ParameterError
        If ``mapping`` names an unknown setting or a column the file does not have.

    Examples
    --------
    >>> import kamtools as kt
    >>> data = (
    ...     "Zestawienie sprzedaży\\n"
    ...     "Kontrahent;NIP;Data wystawienia;Wartość netto;Wartość brutto\\n"
    ...     "Alfa Sp. z o.o.;5213456789;02.01.2025;1 234,50;1 518,44\\n"
    ...     "Beta SA;;03.01.2025;(100,00);(123,00)\\n"
    ...     "Gamma;;31.02.2025;50,00;61,50\\n"
    ...     "Razem;;;1 184,50;1 456,94\\n"
    ... ).encode("cp1250")
    >>> export = kt.read_export(data)
    >>> export.lines[["customer", "amount"]]
                 customer  amount
    line
    3     Alfa Sp. z o.o.  1234.5
    4             Beta SA  -100.0
    >>> export.report[["line", "reason"]].to_numpy().tolist()
    [[5, 'impossible date (no such day)'], [6, 'total row (a sum of the lines above, not a sale)']]
    >>> export.mapping.fields["amount"], export.data_lines, export.rejected
    ('Wartość netto', 4, 2)
    """
    data, name = _read_bytes(source, name)
    complete, settings, fields = _overrides(mapping)
    if sheet is not None:
        if complete is not None:
            complete = dataclasses.replace(complete, sheet=sheet)
        settings["sheet"] = sheet
    if complete is not None:
        settings = {k: v for k, v in complete.as_dict().items() if k not in ("fields", "notes")}
    fmt = settings.get("format") or sniff_format(data[:64], name)
    if not data:
        sniff_format(data, name)
    if fmt == "xlsx":
        table = xlsx_table(data, settings, fields if complete is None else dict(complete.fields))
    elif fmt == "parquet":
        table = parquet_table(data)
    elif fmt == "jsonl":
        table = jsonl_table(data)
    else:
        table = text_table(data, settings, complete_file=True)
    if complete is not None:
        check_columns(dict(complete.fields), list(table.raw.columns))
        used = complete
    else:
        used = _complete_mapping(table, settings, fields)
    return _build(table, used)


def _read_bytes(source: object, name: str | None) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), name
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        try:
            with open(path, "rb") as handle:
                return handle.read(), name or os.path.basename(path)
        except OSError as error:
            raise ExportFormatError(
                t("export_error.cannot_open", path=repr(path), reason=error.strerror)
            ) from None
    if hasattr(source, "read"):
        data = cast(IO[bytes], source).read()
        if isinstance(data, str):
            raise WrongTypeError("`source` must be opened in binary mode ('rb'), not text mode.")
        return bytes(data), name or getattr(source, "name", None)
    raise WrongTypeError(
        f"`source` must be a path, bytes or a binary file, but it is {type(source).__name__}."
    )


_SETTINGS = ("format", "encoding", "separator", "decimal", "thousands", "date_format",
             "header_row", "sheet")  # fmt: skip


def _overrides(
    mapping: ExportMapping | Mapping[str, Any] | None,
) -> tuple[ExportMapping | None, dict[str, Any], dict[str, str | None]]:
    """``(complete mapping or None, fixed settings, fixed fields)`` from ``mapping=``."""
    if mapping is None:
        return None, {}, {}
    if isinstance(mapping, ExportMapping):
        return mapping, {}, {}
    if not isinstance(mapping, Mapping):
        raise WrongTypeError(
            f"`mapping` must be an ExportMapping or a dict, but it is {type(mapping).__name__}."
        )
    settings: dict[str, Any] = {}
    fields: dict[str, str | None] = {}
    for key, value in mapping.items():
        if key in STANDARD_FIELDS:
            fields[key] = value
        elif key == "fields":
            for field, column in dict(value).items():
                check_key(field, STANDARD_FIELDS, "mapping['fields']")
                fields[field] = column
        elif key in _SETTINGS:
            settings[key] = _check_setting(key, value)
        elif key != "notes":
            check_key(key, (*STANDARD_FIELDS, *_SETTINGS, "fields", "notes"), "mapping")
    full = {f.name for f in dataclasses.fields(ExportMapping)} - {"notes"}
    if full <= set(mapping) and all(v is not None for v in fields.values()):
        complete = ExportMapping(
            **{**settings, "fields": {k: str(v) for k, v in fields.items()}},
            notes=tuple(mapping.get("notes", ())),
        )
        return complete, {}, {}
    return None, settings, fields


def _check_setting(key: str, value: Any) -> Any:
    allowed: dict[str, tuple[Any, ...]] = {
        "format": _FORMATS,
        "separator": SEPARATORS,
        "decimal": (",", "."),
        "thousands": (*_THOUSANDS, None),
    }
    if value is None and key in ("encoding", "separator", "thousands", "sheet", "header_row"):
        return value
    if key in allowed and value not in allowed[key]:
        options = ", ".join(repr(v) for v in allowed[key])
        raise ParameterError(f"mapping[{key!r}]={value!r} is not one of {options}.")
    if key == "encoding" and value is not None:
        import codecs

        try:
            codecs.lookup(value)
        except (LookupError, TypeError):
            raise ParameterError(
                f"mapping['encoding']={value!r} is not an encoding; try 'utf-8', 'cp1250' "
                f"or 'iso-8859-2'."
            ) from None
    if key == "date_format" and (
        not isinstance(value, str) or ("%" not in value and value not in ("excel-serial", "native"))
    ):
        raise ParameterError(
            f"mapping['date_format']={value!r} is not a date format: use e.g. '%d.%m.%Y', "
            f"'%Y-%m-%d', 'excel-serial' or 'native'."
        )
    if key == "header_row" and (not isinstance(value, int) or value < 0):
        raise ParameterError(f"mapping['header_row']={value!r} must be a row number (1 or more).")
    return value


def _complete_mapping(
    table: Table, settings: dict[str, Any], fixed: dict[str, str | None]
) -> ExportMapping:
    raw = table.raw
    fields, notes = choose_fields(list(raw.columns), fixed)
    decimal, thousands = settings.get("decimal"), settings.get("thousands")
    if decimal is None:
        texts = [
            v
            for f in ("amount", *_NUMBER_FIELDS)
            if f in fields
            for v in raw[fields[f]].head(2000).tolist()
            if isinstance(v, str) and v.strip()
        ]
        decimal, found, note = detect_marks(texts)
        thousands = found if "thousands" not in settings else thousands
        notes += [note] if note else []
    date_format = settings.get("date_format")
    if date_format is None and raw.empty:
        raise ExportFormatError(
            t(
                "export_error.header_no_lines",
                columns=", ".join(map(repr, list(raw.columns)[:8])),
            )
        )
    if date_format is None:
        date_format, note = _date_format(raw[fields["date"]], fields["date"])
        notes += [note] if note else []
    return ExportMapping(
        fields=fields,
        format=table.format,
        encoding=table.encoding,
        separator=table.separator,
        decimal=decimal,
        thousands=thousands,
        date_format=date_format,
        header_row=table.header_row,
        sheet=table.sheet,
        notes=tuple(table.notes + notes),
    )


def _date_format(column: pd.Series, name: str) -> tuple[str, str | None]:
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return "native", None
    every = column.dropna()
    every = every[every.astype(str).str.strip() != ""]
    if every.empty:
        raise ExportFormatError(t("export_error.date_column_empty", column=repr(name)))
    values = every.head(5000)
    native = values.map(lambda v: isinstance(v, _dt.date | pd.Timestamp)).astype(bool)
    numbers = values.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    numbers = numbers.astype(bool)
    texts = ~native & ~numbers
    if native.any() and native.sum() >= max(numbers.sum(), texts.sum()):
        return "native", None  # Excel dates; bare serial numbers among them are read too
    if numbers.sum() >= texts.sum():
        return detect_date_format(values[numbers].astype(float), name)
    if len(every) > len(values) and every.dtype != object:
        return detect_date_format(every.astype(str), name)
    return detect_date_format(values[texts].astype(str), name)


# --- building the lines and the report ----------------------------------------------------


def _as_text(column: pd.Series) -> pd.Series:
    """Cells as text ("" for empty); whole floats without ".0" (xlsx codes, NIP numbers)."""
    if column.dtype == object:
        column = column.map(
            lambda v: "" if blank(v)
            else str(int(v)) if isinstance(v, float) and v.is_integer()
            else str(v)
        )  # fmt: skip
    return column.astype(str).where(column.notna(), "")


def _build(table: Table, mapping: ExportMapping) -> Export:
    raw = table.raw
    fields = mapping.fields
    report: list[pd.DataFrame] = [pd.DataFrame(table.bad)] if table.bad else []
    index = raw.index
    texts = {c: _as_text(raw[c]) for c in dict.fromkeys(fields.values())}
    customer_raw = texts[fields["customer"]]
    first = customer_raw.str.strip()
    filled = pd.Series(2, index=index)
    no_customer = first == ""
    blank_amount = texts[fields["amount"]].str.strip() == ""
    odd = (no_customer | blank_amount).fillna(False).astype(bool)
    if odd.any():  # the first filled cell of those lines ("Razem" in another column)
        rows = raw[odd.to_numpy()]
        lead = pd.Series("", index=rows.index, dtype=object)
        count = pd.Series(0, index=rows.index)
        for c in rows.columns:
            stripped = _as_text(rows[c]).str.strip()
            lead = lead.where(lead != "", stripped)
            count += (stripped != "").astype(int)
        first = first.astype(object)
        first[no_customer] = lead[no_customer[odd]]
        filled[odd] = count
    total = is_total_row(first)
    customer = customer_raw.str.replace(r"\s+", " ", regex=True).str.strip()
    amount_col = raw[fields["amount"]]
    amount = parse_amounts(amount_col, decimal=mapping.decimal, thousands=mapping.thousands)
    date_col = raw[fields["date"]]
    date = parse_dates(date_col, date_format=mapping.date_format)
    date_text = texts[fields["date"]].str.strip()

    blank_date = (date_text == "") & date.isna()
    shape = date_shape(mapping.date_format) if "%" in mapping.date_format else None
    impossible = (
        strip_time(date_text).str.fullmatch(shape).fillna(False)
        if shape
        else pd.Series(False, index=index)
    )
    fmt_name = {
        "excel-serial": t("read_export.form_excel_serial"),
        "native": t("read_export.form_excel_date"),
    }.get(mapping.date_format, _readable(mapping.date_format))
    currency, main = _currencies(texts[fields["amount"]])
    checks = [
        (total, "", first, t("read_export.reason_total_row")),
        (filled == 1, "", first, t("read_export.reason_one_cell")),
        (customer == "", fields["customer"], customer_raw, t("read_export.reason_no_customer")),
        (
            blank_amount,
            fields["amount"],
            texts[fields["amount"]],
            t("read_export.reason_no_amount"),
        ),
        (
            amount.isna(),
            fields["amount"],
            texts[fields["amount"]],
            t("read_export.reason_amount_not_number"),
        ),
        (blank_date, fields["date"], date_text, t("read_export.reason_no_date")),
        (
            date.isna() & impossible,
            fields["date"],
            date_text,
            t("read_export.reason_impossible_date"),
        ),
        (date.isna(), fields["date"], date_text, t("read_export.reason_not_a_date", form=fmt_name)),
        (
            currency.notna() & (currency != main),
            fields["amount"],
            texts[fields["amount"]],
            t("read_export.reason_other_currency", currency=str(main)),
        ),
    ]
    rejected = pd.Series(False, index=index)
    for mask, column, values, reason in checks:
        hit = mask.fillna(False).astype(bool) & ~rejected
        if hit.any():
            report.append(_report_frame(values[hit], column, reason, "rejected"))
        rejected |= hit
    keep = ~rejected

    # changed values: whitespace that merged two spellings of a customer, serial dates
    spelled = pd.DataFrame({"raw": customer_raw[keep], "clean": customer[keep]})
    spellings = spelled.groupby("clean")["raw"].nunique()
    merged = spelled["clean"].map(spellings).gt(1) & spelled["raw"].ne(spelled["clean"])
    if merged.any():
        report.append(
            _report_frame(
                customer_raw[keep][merged],
                fields["customer"],
                t("read_export.reason_spaces_tidied"),
                "changed",
            )  # fmt: skip
        )
    if mapping.date_format != "excel-serial":
        serial = keep & date.notna() & date_text.str.fullmatch(r"\d{5}(\.\d+)?").fillna(False)
        if serial.any():
            report.append(
                _report_frame(
                    date_text[serial],
                    fields["date"],
                    t("read_export.reason_serial_date"),
                    "changed",
                )  # fmt: skip
            )

    lines = pd.DataFrame(
        {"customer": customer[keep].astype(str), "date": date[keep], "amount": amount[keep]},
        index=index[keep.to_numpy()],
    )
    for field in STANDARD_FIELDS[3:]:
        if field not in fields:
            continue
        column = fields[field]
        if field in _TEXT_FIELDS:
            values = texts[column][keep].str.strip()
            lines[field] = values.where(values != "")
        else:
            numbers = parse_amounts(
                raw[column], decimal=mapping.decimal, thousands=mapping.thousands
            )
            lost = keep & numbers.isna() & (texts[column].str.strip() != "")
            if lost.any():
                report.append(_report_frame(texts[column][lost], column,
                                            t("read_export.reason_not_a_number", field=field),
                                            "changed"))  # fmt: skip
            lines[field] = numbers[keep]
    lines.index.name = "line"
    columns = ["line", "column", "value", "reason", "action"]
    full = pd.concat(report, ignore_index=True) if report else pd.DataFrame(columns=columns)
    full = full[columns].astype(
        {"line": int, "column": str, "value": str, "reason": str, "action": str}
    )
    order = full["action"].map({"rejected": 0, "changed": 1})
    full = full.assign(_o=order).sort_values(["line", "_o"], kind="stable").drop(columns="_o")
    return Export(
        lines=lines,
        report=full.reset_index(drop=True),
        mapping=mapping,
        data_lines=len(raw) + len(table.bad),
    )


_CURRENCIES = {"zł": "PLN", "zl": "PLN", "pln": "PLN", "eur": "EUR", "€": "EUR", "usd": "USD",
               "$": "USD", "gbp": "GBP", "£": "GBP"}  # fmt: skip


def _currencies(text: pd.Series) -> tuple[pd.Series, str | None]:
    """The currency written with each amount (or NA), and the most frequent one."""
    out = pd.Series(pd.NA, index=text.index, dtype=object)
    pattern = r"(?i)(zł|zl|pln|eur|€|usd|\$|gbp|£)"
    marked = text.str.contains(r"(?i)zł|zl|pln|eur|€|usd|\$|gbp|£", regex=True)
    marked = marked.fillna(False).astype(bool)
    if not marked.any():
        return out, None
    found = text[marked].str.extract(pattern, expand=False).str.lower().map(_CURRENCIES)
    out[marked] = found
    counts = found.value_counts()
    return out, (str(counts.index[0]) if len(counts) else None)


def _readable(date_format: str) -> str:
    for code, word in (("%d", "dd"), ("%m", "mm"), ("%Y", "yyyy"), ("%y", "yy")):
        date_format = date_format.replace(code, word)
    return date_format


def _report_frame(values: pd.Series, column: str, reason: str, action: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "line": values.index.to_numpy(dtype=int),
            "column": column,
            "value": values.astype(str).to_numpy(),
            "reason": reason,
            "action": action,
        }
    )
