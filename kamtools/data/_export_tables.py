"""Splitting an export into header and rows: text, Excel, Parquet and JSON lines.

Private to :mod:`kamtools.data.exports`: each reader returns a :class:`Table` of raw cells
indexed by the line (or Excel row) number, plus the lines rejected while splitting.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..errors import AmbiguousExportError, ExportFormatError, ParameterError
from ..messages import t
from ._export_detect import (
    Format,
    choose_fields,
    detect_encoding,
    detect_separator,
    find_header,
    split_rows,
)


@dataclass
class Table:
    """The cells of an export below its header, before any field is parsed."""

    raw: pd.DataFrame  # index "line"; one column per source column
    bad: list[dict[str, Any]]  # lines rejected while splitting (wrong number of fields)
    format: Format
    header_row: int
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    notes: list[str] = dataclasses.field(default_factory=list)


def column_names(cells: list[object]) -> list[str]:
    names: list[str] = []
    for i, cell in enumerate(cells, 1):
        text = "" if cell is None else " ".join(str(cell).split())
        base = text or f"column {i}"
        name, n = base, 2
        while name in names:
            name, n = f"{base} ({n})", n + 1
        names.append(name)
    return names


def blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or cell != cell


def rows_below(
    rows: list[list[Any]], numbers: list[int], header: int, *, strict: bool, separator: str = ""
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The rows below the header as a DataFrame indexed by line, and the rows too wide."""
    names = column_names(list(rows[header]))
    width = len(names)
    kept: list[list[Any]] = []
    lines: list[int] = []
    bad: list[dict[str, Any]] = []
    join = "".join
    for row, line in zip(rows[header + 1 :], numbers[header + 1 :], strict=True):
        n = len(row)
        if strict and n == width:  # the usual line of a text export: no copy, one check
            if join(row).strip():
                kept.append(row)
                lines.append(line)
            continue
        if not join(row).strip() if strict else all(blank(c) for c in row):
            continue
        if n > width:
            if strict and not all(blank(c) for c in row[width:]):
                bad.append(
                    report_row(
                        line, "", separator.join(map(str, row)),
                        t("read_export.reason_too_wide", fields=n, width=width),
                    )
                )  # fmt: skip
                continue
            row = row[:width]
        elif n < width:
            row = list(row) + [None if not strict else ""] * (width - n)
        kept.append(row)
        lines.append(line)
    index = pd.Index(lines, name="line", dtype=int)
    raw = pd.DataFrame(kept, columns=names, index=index, dtype="str" if strict else object)
    return raw, bad


def report_row(
    line: int, column: str, value: object, reason: str, action: str = "rejected"
) -> dict[str, Any]:
    return {"line": line, "column": column, "value": value, "reason": reason, "action": action}


def text_table(data: bytes, settings: dict[str, Any], *, complete_file: bool) -> Table:
    notes: list[str] = []
    encoding = settings.get("encoding")
    if encoding is None:
        encoding, note = detect_encoding(data, complete=complete_file)
        notes += [note] if note else []
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ExportFormatError(
            t(
                "export_error.cannot_decode",
                encoding=repr(encoding),
                byte=f"{data[error.start]:#04x}",
                position=error.start,
            )
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ExportFormatError(t("export_error.blank_only"))
    separator = settings.get("separator") or detect_separator(text)
    rows, starts = split_rows(text, separator)
    header_row = settings.get("header_row")
    if header_row:
        if header_row not in starts:
            raise ParameterError(f"mapping['header_row']={header_row} is not a line of the file.")
        header = starts.index(header_row)
    else:
        filled = [i for i, r in enumerate(rows[:200]) if not all(blank(c) for c in r)]
        if not filled:
            raise ExportFormatError(t("export_error.blank_only"))
        found = find_header([rows[i] for i in filled])
        header = filled[found if found is not None else 0]
        titles = [rows[i] for i in filled if i < header]
        if titles:
            first = " ".join(c for c in titles[0] if c.strip())
            notes.append(
                t(
                    "read_export.title_lines",
                    count=len(titles),
                    line=starts[filled[0]],
                    text=repr(first[:60]),
                )
            )
    raw, bad = rows_below(rows, starts, header, strict=True, separator=separator)
    return Table(raw, bad, "csv", starts[header], encoding, separator, notes=notes)


def _open_workbook(data: bytes) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a zip that is not a workbook
        what = t("export_error.what_zip")
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            names = []
            what = t("export_error.what_damaged_zip")
        if any(n.startswith("word/") for n in names):
            what = t("export_error.what_docx")
        elif any(n.startswith("ppt/") for n in names):
            what = t("export_error.what_pptx")
        raise ExportFormatError(t("export_error.not_workbook", what=what)) from None


def xlsx_table(data: bytes, settings: dict[str, Any], fields: Mapping[str, str | None]) -> Table:
    book = _open_workbook(data)
    try:
        names = list(book.sheetnames)
        chosen = settings.get("sheet")
        notes: list[str] = []
        if chosen is not None and chosen not in names:
            close = difflib.get_close_matches(str(chosen), names, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ParameterError(
                f"sheet={chosen!r} is not a sheet of the workbook.{hint} Sheets: "
                f"{', '.join(map(repr, names))}."
            )
        if chosen is None:
            looks: list[str] = []
            seen: dict[str, list[str]] = {}
            doubts: list[tuple[str, AmbiguousExportError]] = []
            for sheet in names:
                head = [
                    list(r) for r in book[sheet].iter_rows(min_row=1, max_row=30, values_only=True)
                ]
                at = find_header(head) if head else None
                columns = column_names(head[at]) if at is not None else []
                seen[sheet] = columns
                try:
                    choose_fields(columns, dict(fields))
                except AmbiguousExportError as doubt:
                    doubts.append((sheet, doubt))
                    continue
                except (ExportFormatError, ParameterError):
                    continue
                looks.append(sheet)
            if len(looks) > 1:
                raise AmbiguousExportError(
                    t(
                        "export_error.sheets_ambiguous",
                        count=len(looks),
                        listed=", ".join(map(repr, looks)),
                        first=repr(looks[0]),
                    ),
                    field="sheet",
                    candidates=tuple(looks),
                )
            if not looks and len(doubts) == 1:  # one sheet, read in two ways: say how
                sheet, unsure = doubts[0]
                message = str(unsure)
                if len(names) > 1:
                    message = t("export_error.sheet_doubt", sheet=repr(sheet), message=message)
                raise AmbiguousExportError(
                    message, field=unsure.field, candidates=unsure.candidates
                )
            if not looks:
                found = "; ".join(
                    f"{s!r}: {', '.join(map(repr, c[:6])) or t('export_error.no_header')}"
                    for s, c in seen.items()
                )
                raise ExportFormatError(t("export_error.no_sheet", found=found))
            chosen = looks[0]
            if len(names) > 1:
                others = ", ".join(repr(s) for s in names if s != chosen)
                notes.append(t("read_export.sheet_chosen", sheet=repr(chosen), others=others))
        rows = [list(r) for r in book[chosen].iter_rows(min_row=1, values_only=True)]
    finally:
        book.close()
    if not rows:
        raise ExportFormatError(t("export_error.sheet_empty", sheet=repr(chosen)))
    numbers = list(range(1, len(rows) + 1))
    header_row = settings.get("header_row")
    if header_row:
        header = header_row - 1
    else:
        at = find_header(rows)
        first = next((i for i, r in enumerate(rows) if not all(blank(c) for c in r)), 0)
        header = at if at is not None else first
        if header > first:
            title = " ".join(str(c) for c in rows[first] if not blank(c))
            notes.append(t("read_export.title_rows", row=first + 1, text=repr(title[:60])))
    raw, bad = rows_below(rows, numbers, header, strict=False)
    return Table(raw, bad, "xlsx", header + 1, sheet=chosen, notes=notes)


def parquet_table(data: bytes) -> Table:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as error:  # pyarrow's errors have no common public base
        raise ExportFormatError(t("export_error.parquet", error=error)) from None
    frame = frame.reset_index(drop=True)
    frame.columns = column_names(list(frame.columns))
    frame.index = pd.Index(range(1, len(frame) + 1), name="line")
    return Table(frame, [], "parquet", 0)


def jsonl_table(data: bytes) -> Table:
    text = data.decode("utf-8-sig", errors="replace")
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    bad: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            record = None
        if not isinstance(record, dict):
            bad.append(report_row(number, "", line[:200], t("read_export.reason_not_json")))
            continue
        records.append(record)
        lines.append(number)
    frame = pd.DataFrame.from_records(records, index=pd.Index(lines, name="line", dtype=int))
    frame.columns = column_names(list(frame.columns))
    return Table(frame.astype(object), bad, "jsonl", 0)
