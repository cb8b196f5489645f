"""Customer totals of a CSV export bigger than memory, read in blocks, with a progress bar.

:func:`export_totals` is :func:`kamtools.read_export` for files too big to load: it finds
the layout from the first megabyte (:func:`~kamtools.data.exports.detect_text_layout`),
then reads the file block by block with pyarrow's CSV parser and keeps only the running
net total of each customer, so the memory it needs depends on the block size and the
number of customers, not on the size of the file. Every line is judged exactly as
:func:`~kamtools.read_export` judges it: the same helpers read the amounts and dates, and
every line that is not a plain sale (no customer, an unreadable amount, an impossible
date, a total row, a line with too many fields) is handed to ``read_export``'s own rules,
which write its report row.

How the work is split (measured, see ``benchmarks/bench_big_export.py``):

- the file is cut into blocks of ``block_size`` bytes at line ends (never inside a
  quoted value), decoded from its encoding, and split into fields by
  ``pyarrow.csv.read_csv`` (only the customer, date and amount columns are converted);
- each column is dictionary-encoded, so the shared parsers run once per *distinct* value
  of the block (dates repeat, customers repeat), not once per line;
- a block pyarrow cannot split line for line (blank lines in the middle, a line with
  too few or too many fields, a value running over two lines) is read with Python's
  ``csv`` module, as ``read_export`` reads it, in pieces of about a megabyte.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

import numpy as np
import pandas as pd

from ..errors import ExportFormatError, ParameterError, WrongTypeError
from . import exports as _exports
from ._export_detect import check_columns, sniff_format, split_rows
from ._export_tables import Table, column_names, rows_below
from .exports import ExportMapping, detect_text_layout, is_total_row, parse_amounts, parse_dates

__all__ = ["ExportTotals", "export_totals"]

#: Bytes read to detect the layout (the first lines of the file).
SAMPLE_BYTES = 1 << 20
#: Rows of the report kept in :attr:`ExportTotals.first_rejected`.
REPORT_ROWS = 1000
#: Size of the pieces a block is cut into when Python's csv module has to read it.
_PIECE = 1 << 20
_REPORT_COLUMNS = ["line", "column", "value", "reason", "action"]
#: pyarrow's parser threads: on two cores shared with other work they cost more than
#: they bring (measured: 0.14 s vs 0.23 s for a 16 MB block), on more cores they help.
_THREADS = (os.cpu_count() or 1) > 2


@dataclass(frozen=True)
class ExportTotals:
    """Net totals per customer of an export read by :func:`export_totals`.

    Attributes
    ----------
    totals : Series
        Net amount per customer (credit notes subtracted), named ``"amount"``, indexed by
        ``"customer"``, largest first. The same as
        ``read_export(...).lines.groupby("customer")["amount"].sum()``.
    lines_used : int
        Sales lines added up.
    rejected : int
        Lines left out; ``lines_used + rejected == data_lines``.
    data_lines : int
        Non-blank lines below the header (total rows included), as ``read_export`` counts.
    rejected_by_reason : mapping of str to int
        How many lines were left out for each reason (the reasons of ``read_export``).
    first_rejected : DataFrame
        The first 1,000 lines left out, in the columns of ``read_export``'s report:
        ``line``, ``column``, ``value``, ``reason``, ``action``.
    mapping : ExportMapping
        How the file was read; pass it back as ``mapping=`` to read another file alike.
    """

    totals: pd.Series
    lines_used: int
    rejected: int
    data_lines: int
    rejected_by_reason: Mapping[str, int]
    first_rejected: pd.DataFrame
    mapping: ExportMapping

    def describe(self) -> str:
        """A few lines a learner can read: what was added up and what was left out."""
        lines = [
            f"{self.data_lines:,} data lines: {self.lines_used:,} sales lines added up for "
            f"{len(self.totals):,} customers, {self.rejected:,} left out."
        ]
        lines += [f"  {n:,} x {reason}" for reason, n in self.rejected_by_reason.items()]
        return "\n".join(lines)


def export_totals(
    source: str | os.PathLike[str] | bytes | memoryview | IO[bytes],
    *,
    mapping: ExportMapping | Mapping[str, Any] | None = None,
    progress: bool = True,
    block_size: int = 16 << 20,
    name: str | None = None,
) -> ExportTotals:
    """Net total per customer of a CSV/TSV/TXT export, without loading the file whole.

    For exports too big for :func:`~kamtools.read_export` (millions of lines, gigabytes):
    the layout is found from the first megabyte as ``read_export`` finds it, then the
    file is read block by block, and only the running total of each customer is kept.
    Lines are checked exactly as ``read_export`` checks them; the ones left out are
    counted by reason and the first 1,000 are kept for you to look at.

    Parameters
    ----------
    source : path, bytes or binary file
        The export (CSV, TSV or TXT in UTF-8, UTF-8 with BOM, cp1250 or ISO-8859-2).
    mapping : ExportMapping or dict, optional
        As for ``read_export``: a mapping returned earlier, or corrections such as
        ``{"amount": "Netto"}`` or ``{"date_format": "%d.%m.%Y"}``.
    progress : bool, default True
        Show a progress bar (in a notebook or a terminal); False shows nothing.
    block_size : int, default 16 MiB
        Bytes read at a time. The memory used grows with it (a few times the block), not
        with the file.
    name : str, optional
        The file name when ``source`` is bytes or a file object.

    Returns
    -------
    ExportTotals
        ``totals`` (Series: customer -> net amount, largest first), ``lines_used``,
        ``rejected``, ``data_lines``, ``rejected_by_reason``, ``first_rejected``,
        ``mapping``.

    Raises
    ------
    ExportFormatError
        If the file is not a text export (Excel and Parquet files are read with
        ``read_export``), or is not an export at all; the same errors as ``read_export``.
    AmbiguousExportError
        If the layout can be read in two ways; the message shows the ``mapping=`` to pass.
    ParameterError
        If ``block_size`` is not a positive number of bytes, or ``mapping`` is wrong.

    Examples
    --------
    >>> import kamtools as kt
    >>> data = (
    ...     "Kontrahent;Data wystawienia;Wartość netto\\n"
    ...     "Alfa Sp. z o.o.;02.01.2025;1 234,50\\n"
    ...     "Beta SA;03.01.2025;(100,00)\\n"
    ...     "Alfa Sp. z o.o.;31.02.2025;50,00\\n"
    ...     "Alfa Sp. z o.o.;04.01.2025;65,50\\n"
    ...     "Razem;;1 250,00\\n"
    ... ).encode("cp1250")
    >>> result = kt.export_totals(data, progress=False)
    >>> result.totals
    customer
    Alfa Sp. z o.o.    1300.0
    Beta SA            -100.0
    Name: amount, dtype: float64
    >>> result.lines_used, result.rejected, result.data_lines
    (3, 2, 5)
    >>> dict(result.rejected_by_reason)
    {'impossible date (no such day)': 1, 'total row (a sum of the lines above, not a sale)': 1}
    """
    if isinstance(block_size, bool) or not isinstance(block_size, int) or block_size < 1:
        raise ParameterError(
            f"block_size must be a positive number of bytes (e.g. 16 << 20), but it is "
            f"{block_size!r}."
        )
    handle, size, name, close = _open(source, name)
    try:
        return _Reader(handle, size, name, mapping, block_size, progress).run()
    finally:
        if close:
            handle.close()


# --- the source ------------------------------------------------------------------------------


def _open(source: object, name: str | None) -> tuple[IO[bytes], int | None, str | None, bool]:
    """``(binary handle, size in bytes or None, file name, whether to close it)``."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return io.BytesIO(data), len(data), name, True
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        try:
            handle = open(path, "rb")
        except OSError as error:
            raise ExportFormatError(
                f"The file {path!r} cannot be opened: {error.strerror}."
            ) from None
        return handle, os.path.getsize(path), name or os.path.basename(path), True
    if hasattr(source, "read"):
        handle = source  # type: ignore[assignment]
        size: int | None = None
        try:
            here = handle.tell()
            size = handle.seek(0, os.SEEK_END) - here
            handle.seek(here)
        except (OSError, AttributeError, ValueError):
            size = None
        named = getattr(source, "name", None)
        if name is None and isinstance(named, str):
            name = os.path.basename(named)
        return handle, size, name, False
    raise WrongTypeError(
        f"`source` must be a path, bytes or a binary file, but it is {type(source).__name__}."
    )


def _cut(buffer: bytes, limit: int) -> int:
    """Where to end a block: just after the last line end outside quotes; -1 for none yet.

    A line end is outside quotes when the number of ``"`` before it is even. A stray
    quote in an unquoted value would keep the count odd forever: once the buffer is
    ``limit`` bytes long, the last line end is taken anyway.
    """
    last = buffer.rfind(b"\n")
    if last < 0:
        return -1
    if b'"' not in buffer:
        return last + 1
    quotes = buffer.count(b'"', 0, last)
    at = last
    while at >= 0:
        if quotes % 2 == 0:
            return at + 1
        before = buffer.rfind(b"\n", 0, at)
        quotes -= buffer.count(b'"', before + 1, at)
        at = before
    return last + 1 if len(buffer) >= limit else -1


def _blocks(first: bytes, handle: IO[bytes], size: int) -> Iterator[bytes]:
    """Blocks of about ``size`` bytes (at least one whole line each), ending at line ends."""
    buffer = first
    eof = False
    while True:
        while not eof and len(buffer) < size:
            more = handle.read(size - len(buffer))
            if not more:
                eof = True
            else:
                buffer += more
        if eof:
            if buffer:
                yield buffer
            return
        at = _cut(buffer, max(4 * size, 1 << 26))
        if at <= 0:
            more = handle.read(size)
            if not more:
                eof = True
            buffer += more
            continue
        yield buffer[:at]
        buffer = buffer[at:]


def _pieces(block: bytes, size: int) -> Iterator[bytes]:
    """A block cut again into pieces of about ``size`` bytes, at line ends outside quotes."""
    start = 0
    while start < len(block):
        end = start + size
        if end >= len(block):
            yield block[start:]
            return
        at = _cut(block[start:end], 0)
        if at <= 0:  # one line longer than a piece: take it whole
            nxt = block.find(b"\n", end)
            at = len(block) - start if nxt < 0 else nxt + 1 - start
        yield block[start : start + at]
        start += at


# --- the reader --------------------------------------------------------------------------------


class _Reader:
    """Reads one export: the layout, then the blocks, keeping the totals and the report."""

    def __init__(
        self,
        handle: IO[bytes],
        size: int | None,
        name: str | None,
        mapping: ExportMapping | Mapping[str, Any] | None,
        block_size: int,
        progress: bool,
    ) -> None:
        self.handle, self.size, self.name = handle, size, name
        self.mapping_in, self.block_size, self.progress = mapping, block_size, progress
        self.ids: dict[str, int] = {}  # customer -> number
        self.names_by_id: list[str] = []
        self.sums = np.zeros(1024)
        self.customer_cache = _Cache()
        self.date_cache = _Cache()
        self.lines_used = 0
        self.data_lines = 0
        self.by_reason: dict[str, int] = {}
        self.report: list[pd.DataFrame] = []
        self.report_rows = 0
        self.position = 0  # bytes of the file handed to the parser so far

    # -- layout

    def _layout(self, sample: bytes) -> tuple[ExportMapping, int, int]:
        """The mapping, the byte where the data start and the line number there."""
        fmt = sniff_format(sample[:64], self.name)
        if isinstance(self.mapping_in, ExportMapping):
            fmt = self.mapping_in.format
        elif isinstance(self.mapping_in, Mapping) and self.mapping_in.get("format"):
            fmt = str(self.mapping_in["format"])
        if fmt != "csv":
            what = {"xlsx": "an Excel workbook", "parquet": "a Parquet file"}.get(fmt, "JSON lines")
            raise ExportFormatError(
                f"The file{_named(self.name)} is {what}, not a CSV/TSV/TXT export: "
                f"export_totals streams text exports only. Read it with kt.read_export(...) "
                f"and add up lines.groupby('customer')['amount'].sum() (an Excel sheet holds "
                f"at most 1,048,576 rows, and Parquet files are compressed, so they fit in "
                f"memory far more easily than the same data as CSV)."
            )
        layout = detect_text_layout(sample, name=self.name, mapping=self.mapping_in)
        encoding = layout.encoding or "utf-8"
        if encoding.lower().replace("_", "-") in ("utf-16", "utf-16-le", "utf-16-be"):
            raise ExportFormatError(
                "The file is UTF-16 text (Excel's 'Unicode text'): export_totals streams "
                "UTF-8, cp1250 and ISO-8859-2 files. Save it as 'CSV UTF-8', or read it "
                "with kt.read_export(...)."
            )
        if b"\r" in sample and b"\n" not in sample:
            raise ExportFormatError(
                "The lines of the file end with a carriage return only (old Mac text): "
                "export_totals needs line feeds. Read it with kt.read_export(...)."
            )
        complete = sample if len(sample) < SAMPLE_BYTES else sample[: sample.rfind(b"\n") + 1]
        text = _decode(complete, encoding, 0)
        rows, starts = split_rows(text.removeprefix("\ufeff"), layout.separator or ",")
        if layout.header_row not in starts:
            raise ParameterError(
                f"mapping['header_row']={layout.header_row} is not a line of the file's "
                f"first megabyte."
            )
        header = starts.index(layout.header_row)
        self.header_cells = list(rows[header])
        self.names = column_names(list(self.header_cells))
        check_columns(dict(layout.fields), self.names)
        # The data start on the line after the header row (a header may span lines).
        after = starts[header + 1] if header + 1 < len(starts) else text.count("\n") + 1
        offset = 0
        for _ in range(after - 1):
            found = complete.find(b"\n", offset)
            offset = len(complete) if found < 0 else found + 1
        return layout, offset, after

    # -- running

    def run(self) -> ExportTotals:
        from tqdm.auto import tqdm

        sample = self.handle.read(SAMPLE_BYTES)
        if not isinstance(sample, bytes | bytearray):
            raise WrongTypeError("`source` must be opened in binary mode ('rb'), not text mode.")
        sample = bytes(sample)
        layout, offset, line = self._layout(sample)
        self.layout = layout
        self.encoding = (layout.encoding or "utf-8").lower()
        self.separator = layout.separator or ","
        fields = layout.fields
        self.columns = [self.names.index(fields[f]) for f in ("customer", "date", "amount")]
        bar = tqdm(
            total=self.size,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            desc=f"Reading {self.name}" if self.name else "Reading the export",
            disable=not self.progress,
            mininterval=0.5,
        )
        try:
            bar.update(offset)
            self.position = offset
            # pyarrow splits the next block in a worker thread while this one is added up.
            with ThreadPoolExecutor(max_workers=1) as worker:
                pending: tuple[bytes, Future[Any]] | None = None
                for block in _blocks(sample[offset:], self.handle, self.block_size):
                    future = worker.submit(self._parse, block)
                    if pending is not None:
                        line = self._block(pending[0], line, parsed=pending[1].result() or False)
                        self.position += len(pending[0])
                        bar.update(len(pending[0]))
                    pending = (block, future)
                if pending is not None:
                    line = self._block(pending[0], line, parsed=pending[1].result() or False)
                    bar.update(len(pending[0]))
        finally:
            bar.close()
        return self._result()

    def _block(
        self,
        block: bytes,
        line: int,
        pieces: tuple[int, ...] = (_PIECE, 1 << 16),
        parsed: Any = None,
    ) -> int:
        """Read one block whose first line is ``line``; returns the line after it.

        When pyarrow cannot split the block line for line, it is cut into pieces (1 MB,
        then 64 kB) that are tried again, so that one odd line sends only a few hundred
        lines the slow way.
        """
        count = block.count(b"\n") + (0 if block.endswith(b"\n") else 1)
        if not self._fast(block, line, count, parsed):
            if pieces and len(block) > pieces[0]:
                at = line
                for piece in _pieces(block, pieces[0]):
                    at = self._block(piece, at, pieces[1:])
            else:
                self._slow(block, line)
        return line + count

    @staticmethod
    def _lines(block: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Start, end and index of each line that pyarrow reads (not empty, not only "\\r")."""
        view = np.frombuffer(block, dtype=np.uint8)
        ends = np.flatnonzero(view == 10)
        starts = np.concatenate(([0], ends + 1))
        if starts[-1] >= len(block):
            starts = starts[:-1]
        stops = np.append(ends, len(block))[: len(starts)]
        length = stops - starts
        carriage = (length == 1) & (view[np.minimum(starts, len(block) - 1)] == 13)
        filled = np.flatnonzero((length > 0) & ~carriage)
        return starts[filled], stops[filled], filled

    # -- the fast way: pyarrow, distinct values

    def _parse(self, block: bytes) -> Any:
        """The customer, date and amount columns of a block as pyarrow dictionary arrays.

        None when pyarrow cannot split the block (a line with too few or too many fields).
        The fields are read as bytes: the separators and quotes are the same bytes in
        UTF-8, cp1250 and ISO-8859-2. Runs in a worker thread (pyarrow frees the GIL).
        """
        import pyarrow as pa
        import pyarrow.csv as pacsv

        names = [f"c{i}" for i in range(len(self.names))]
        wanted = list(dict.fromkeys(names[i] for i in self.columns))
        try:
            table = pacsv.read_csv(
                pa.py_buffer(block),
                read_options=pacsv.ReadOptions(column_names=names, use_threads=_THREADS),
                parse_options=pacsv.ParseOptions(
                    delimiter=self.separator,
                    quote_char='"',
                    double_quote=True,
                    escape_char=False,
                    newlines_in_values=b'"' in block,
                    ignore_empty_lines=True,
                ),
                convert_options=pacsv.ConvertOptions(
                    include_columns=wanted,
                    column_types={c: pa.dictionary(pa.int32(), pa.binary()) for c in wanted},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            ).unify_dictionaries()
        except pa.ArrowInvalid:
            return None
        return [table.column(names[i]).combine_chunks() for i in self.columns]

    def _fast(self, block: bytes, line: int, count: int, parsed: Any = None) -> bool:
        """Add up the plain sales lines of a block split by pyarrow; False if it cannot.

        pyarrow must find one row per non-empty line, each with as many fields as the
        header; otherwise the block goes the slow way. Only the distinct values of each
        column are decoded and parsed.
        """
        columns = self._parse(block) if parsed is None else parsed
        if columns is False or columns is None:
            return False
        empty = block.startswith((b"\n", b"\r\n")) or b"\n\n" in block or b"\n\r\n" in block
        if empty:
            starts, stops, index = self._lines(block)
        customer, date, amount = columns
        if len(customer) != (len(index) if empty else count):
            return False
        if len(customer) == 0:
            return True
        c_codes = customer.indices.to_numpy(zero_copy_only=False)
        ids = self._customer_ids(customer.dictionary)
        d_ok = self._dates_ok(date.dictionary)
        a_num = self._amounts(amount.dictionary)
        a_codes = amount.indices.to_numpy(zero_copy_only=False)
        d_codes = date.indices.to_numpy(zero_copy_only=False)
        row_ids = ids[c_codes]
        values = a_num[a_codes]
        ok = (row_ids >= 0) & ~np.isnan(values) & d_ok[d_codes]
        used = int(ok.sum())
        if used:
            sums = np.bincount(row_ids[ok], weights=values[ok], minlength=len(self.names_by_id))
            self.sums[: len(sums)] += sums
            self.lines_used += used
            self.data_lines += used
        if used < len(ok):
            # Everything else goes through read_export's own rules, line by line.
            if not empty:
                starts, stops, index = self._lines(block)
            bad = np.flatnonzero(~ok)
            numbers = line + index[bad]
            texts = [
                _decode(block[starts[i] : stops[i]], self.encoding, self.position).rstrip("\r")
                for i in bad
            ]
            rows = [split_rows(t, self.separator)[0] for t in texts]
            self._judge([r[0] if r else [] for r in rows], [int(n) for n in numbers])
        return True

    def _texts(self, values: Any) -> list[str]:
        return [_decode(v, self.encoding, self.position) for v in values.to_pylist()]

    def _customer_ids(self, values: Any) -> np.ndarray:
        """Customer number of each distinct customer cell; -1 for no customer or a total.

        As read_export: the customer is the cell with its spaces tidied, and a line whose
        customer cell reads "Razem", "Total", ... is a total row. Each distinct cell is
        judged once per file.
        """

        def judge(new: list[bytes]) -> np.ndarray:
            text = pd.Series([_decode(v, self.encoding, self.position) for v in new], dtype=object)
            clean = text.str.replace(r"\s+", " ", regex=True).str.strip()
            ok = (clean != "") & ~is_total_row(text.str.strip())
            return np.array(
                [
                    self._id(n) if g else -1
                    for n, g in zip(clean.tolist(), ok.tolist(), strict=True)
                ],
                dtype=np.int64,
            )

        return self.customer_cache.lookup(values, judge)

    def _id(self, name: str) -> int:
        number = self.ids.get(name)
        if number is None:
            number = self.ids[name] = len(self.names_by_id)
            self.names_by_id.append(name)
            if number >= len(self.sums):
                self.sums = np.concatenate((self.sums, np.zeros(max(1024, len(self.sums)))))
        return number

    def _dates_ok(self, values: Any) -> np.ndarray:
        def judge(new: list[bytes]) -> np.ndarray:
            text = pd.Series([_decode(v, self.encoding, self.position) for v in new], dtype=object)
            return parse_dates(text, date_format=self.layout.date_format).notna().to_numpy()

        return self.date_cache.lookup(values, judge).astype(bool)

    def _amounts(self, values: Any) -> np.ndarray:
        """The distinct amounts of a block as floats (NaN where not a number).

        Amounts written plainly (``-1 234,50`` with the file's marks) are converted by
        pyarrow; those are the values on which :func:`parse_amounts` only removes the
        thousands marks and reads the decimal mark. All others go to
        :func:`parse_amounts` itself.
        """
        import pyarrow as pa

        plain, out = _plain_amounts(values, self.layout.decimal, self.layout.thousands)
        if not plain.all():
            rest = values.filter(pa.array(~plain))
            text = pd.Series(self._texts(rest), dtype=object)
            parsed = parse_amounts(
                text, decimal=self.layout.decimal, thousands=self.layout.thousands
            )
            out[~plain] = parsed.to_numpy(dtype=float)
        return out

    # -- the slow way: Python's csv module, as read_export reads the whole file

    def _slow(self, block: bytes, line: int) -> None:
        at = 0
        for piece in _pieces(block, _PIECE):
            text = _decode(piece, self.encoding, self.position + at)
            rows, starts = split_rows(text, self.separator)
            self._judge(rows, [line + s - 1 for s in starts])
            line += piece.count(b"\n")
            at += len(piece)

    def _judge(self, rows: list[list[str]], numbers: list[int]) -> None:
        """Lines as read_export's rules read them: adds their totals and their report."""
        if not rows:
            return
        raw, bad = rows_below([self.header_cells, *rows], [0, *numbers], 0, strict=True,
                              separator=self.separator)  # fmt: skip
        table = Table(raw, bad, "csv", self.layout.header_row, self.layout.encoding,
                      self.separator)  # fmt: skip
        export = _exports._build(table, self.layout)
        self.data_lines += export.data_lines
        kept = export.lines
        if len(kept):
            sums = kept.groupby("customer")["amount"].sum()
            self._add(pd.Series(sums.index, dtype=object), sums.to_numpy(dtype=float))
            self.lines_used += len(kept)
        report = export.report[export.report["action"] == "rejected"]
        for reason, n in report.drop_duplicates("line")["reason"].value_counts(sort=False).items():
            self.by_reason[str(reason)] = self.by_reason.get(str(reason), 0) + int(n)
        if self.report_rows < REPORT_ROWS and len(report):
            part = report.head(REPORT_ROWS - self.report_rows)
            self.report.append(part)
            self.report_rows += len(part)

    def _add(self, customers: pd.Series, sums: np.ndarray) -> None:
        for customer, value in zip(customers.tolist(), sums.tolist(), strict=True):
            number = self._id(customer)  # first: it may grow self.sums
            self.sums[number] += value

    def _result(self) -> ExportTotals:
        totals = pd.Series(
            self.sums[: len(self.names_by_id)],
            index=pd.Index(self.names_by_id, dtype=str, name="customer"),
            name="amount",
            dtype=float,
        )
        totals = totals.sort_values(ascending=False, kind="stable")
        if self.report:
            first = pd.concat(self.report, ignore_index=True)
        else:
            first = pd.DataFrame({c: pd.Series(dtype=int if c == "line" else str)
                                  for c in _REPORT_COLUMNS})  # fmt: skip
        first = first[_REPORT_COLUMNS].sort_values("line", kind="stable").reset_index(drop=True)
        rejected = self.data_lines - self.lines_used
        return ExportTotals(
            totals=totals,
            lines_used=self.lines_used,
            rejected=rejected,
            data_lines=self.data_lines,
            rejected_by_reason=dict(sorted(self.by_reason.items())),
            first_rejected=first,
            mapping=self.layout,
        )


# --- small helpers -----------------------------------------------------------------------------


class _Cache:
    """What was found for each distinct cell seen so far, looked up by pyarrow's hashing."""

    def __init__(self) -> None:
        import pyarrow as pa

        self.keys = pa.array([], type=pa.binary())
        self.found = np.zeros(0, dtype=np.int64)

    def lookup(self, values: Any, judge: Callable[[list[bytes]], np.ndarray]) -> np.ndarray:
        """``judge``'s answer for each of ``values`` (distinct), judging only new ones."""
        import pyarrow as pa
        import pyarrow.compute as pc

        at = pc.index_in(values, value_set=self.keys)
        new = at.is_null().to_numpy(zero_copy_only=False)
        where = at.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        if new.any():
            fresh = values.filter(pa.array(new))
            where[new] = np.arange(len(self.found), len(self.found) + len(fresh))
            self.found = np.concatenate((self.found, judge(fresh.to_pylist()).astype(np.int64)))
            self.keys = pa.concat_arrays([self.keys, fresh.cast(pa.binary())])
        return self.found[where]


def _plain_amounts(
    values: Any, decimal: str, thousands: str | None
) -> tuple[np.ndarray, np.ndarray]:
    """Which amounts (pyarrow binary) are written plainly, and their values (NaN for others).

    Plainly: an optional ``-``, digits (grouped by threes with a space or the thousands
    mark, or not grouped), then the decimal mark and digits, nothing else. On those,
    :func:`parse_amounts` only drops the group marks and reads the decimal mark, which
    pyarrow does here for a whole block at once.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    marks = [" "]
    if thousands and thousands not in (" ", "\u00a0", "\u2007", "\u2009", "\u202f"):
        marks.append(thousands)
    group = "[" + "".join("\\" + m if m in ".'" else m for m in marks) + "]"
    point = "\\." if decimal == "." else decimal
    pattern = rf"^-?(?:[0-9]{{1,3}}(?:{group}[0-9]{{3}})+|[0-9]+)(?:{point}[0-9]+)?$"
    out = np.full(len(values), np.nan)
    plain = pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)
    if plain.any():
        text = values.filter(pa.array(plain)).cast(pa.string())
        for mark in marks:
            text = pc.replace_substring(text, mark, "")
        text = pc.replace_substring(text, decimal, ".")
        out[plain] = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
    return plain, out


def _decode(data: bytes, encoding: str, position: int) -> str:
    """Text of ``data``; a clear error naming the byte and where it is in the file."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ExportFormatError(
            f"The file cannot be read as {encoding!r}: byte {data[error.start]:#04x} at "
            f"position {position + error.start}. Pass mapping={{'encoding': 'cp1250'}} or "
            f"'utf-8'."
        ) from None


def _named(name: str | None) -> str:
    return f" {name!r}" if name else ""
