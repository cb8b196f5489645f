"""``kt.read_export`` with no ``mapping=`` on a corpus of realistic export files (issue 15).

The files are built by tests/export_corpus.py (Subiekt GT, Optima, enova365, Salesforce,
HubSpot, a web shop, SAP, Google Sheets, Excel by hand, Parquet, JSON lines ...) with totals
known by construction. ``test_corpus_*`` check the corpus itself without the reader.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import time
from datetime import datetime, timedelta

import pandas as pd
import pytest
from export_corpus import ERROR_NAMES, NAMES, SEED, CorpusFile, build_corpus, build_error_cases

import kamtools.errors as kt_errors


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, CorpusFile]:
    return {f.name: f for f in build_corpus(tmp_path_factory.mktemp("export_corpus"))}


@pytest.fixture(scope="module")
def error_cases(tmp_path_factory):
    return {c.name: c for c in build_error_cases(tmp_path_factory.mktemp("export_errors"))}


@pytest.fixture(scope="module")
def read_export():
    import kamtools as kt

    return kt.read_export


_READ_CACHE: dict[str, object] = {}


@pytest.fixture
def exported(corpus, read_export, request):
    """A function giving the Export read from the test's file (read once, errors as failures).

    A function rather than the Export itself, so that a file the reader refuses makes the
    test fail (with the reader's message) instead of erroring in a fixture.
    """
    name = request.node.callspec.params["name"]

    def read():
        key = str(corpus[name].path)
        if key not in _READ_CACHE:
            try:
                _READ_CACHE[key] = read_export(corpus[name].path)
            except kt_errors.KamtoolsError as error:
                _READ_CACHE[key] = error
        result = _READ_CACHE[key]
        if isinstance(result, Exception):
            pytest.fail(f"{name}: read_export refused it: {type(result).__name__}: {result}")
        return result

    return read


def _encoding(name: object) -> object:
    return codecs.lookup(name).name if isinstance(name, str) else name


def _totals(lines: pd.DataFrame) -> dict[str, float]:
    return lines.groupby("customer")["amount"].sum().to_dict()


# --------------------------------------------------------------------------- the corpus itself


def test_corpus_is_big_enough_and_named(corpus):
    assert tuple(corpus) == NAMES
    assert len(corpus) >= 12
    formats = {f.format for f in corpus.values()}
    assert formats == {"csv", "xlsx", "parquet", "jsonl"}
    # the four layouts the issue names
    layouts = [dict(f.layout) for f in corpus.values()]
    assert {"encoding": "cp1250", "separator": ";", "decimal": ","}.items() <= layouts[0].items()
    assert any(x.get("encoding") == "utf-8-sig" and x.get("separator") == "\t" for x in layouts)
    assert any(f.format == "xlsx" and f.layout["header_row"] > 1 for f in corpus.values())
    assert any("Kontrahent" in f.columns["customer"] for f in corpus.values())
    for f in corpus.values():
        assert f.description and "\n" not in f.description
        assert f.credit_notes >= 1, f"{f.name}: every file has a credit note"
        assert f.accepted + len(f.rejected) == f.data_lines, f.name


def test_corpus_is_fast_and_deterministic(tmp_path):
    start = time.perf_counter()
    first = build_corpus(tmp_path / "a")
    assert time.perf_counter() - start < 2.0
    second = build_corpus(tmp_path / "b", seed=SEED)
    for a, b in zip(first, second, strict=True):
        assert (a.totals, a.rejected, a.records) == (b.totals, b.rejected, b.records)
        if a.format in ("csv", "jsonl"):
            assert a.path.read_bytes() == b.path.read_bytes(), a.name


def test_corpus_error_cases_are_named(error_cases):
    assert tuple(error_cases) == ERROR_NAMES
    for case in error_cases.values():
        assert issubclass(getattr(kt_errors, case.error), kt_errors.KamtoolsError)


def _cents(value: object, decimal: str) -> int | None:
    """An amount as grosze, parsed independently of kamtools (None when unreadable)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, int | float):
        return round(float(value) * 100)
    text = str(value).strip()
    negative = text.startswith("(") or "-" in text
    kept = "".join(ch for ch in text if ch.isdigit() or ch == decimal)
    if not any(ch.isdigit() for ch in kept):
        return None
    whole, _, frac = kept.partition(decimal)
    cents = int(whole or 0) * 100 + int((frac + "00")[:2])
    return -cents if negative else cents


def _source_rows(f: CorpusFile) -> tuple[dict[int, dict[str, object]], int]:
    """{line: {column: raw value}} for every non-blank row below the header, and their count."""
    rows: dict[int, dict[str, object]] = {}
    if f.format == "csv":
        text = f.path.read_bytes().decode(f.layout["encoding"])
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=f.layout["separator"])
        header_at, header, start = f.oracle["header_row"], None, 1
        for cells in reader:  # a quoted cell may hold a line break: rows start where they start
            if start == header_at:
                header = cells
            elif header is not None and any(c.strip() for c in cells):
                rows[start] = dict(zip(header, cells, strict=False))
            start = reader.line_num + 1
    elif f.format == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(f.path, read_only=True)[f.oracle["sheet"]]
        all_rows = list(sheet.iter_rows(values_only=True))
        header_at = f.oracle["header_row"]
        header = all_rows[header_at - 1]
        for number, values in enumerate(all_rows[header_at:], header_at + 1):
            if any(v not in (None, "") for v in values):
                rows[number] = dict(zip(header, values, strict=False))
    elif f.format == "parquet":
        frame = pd.read_parquet(f.path)
        rows = {i + 1: r for i, r in enumerate(frame.to_dict("records"))}
    else:
        lines = f.path.read_text(encoding="utf-8").splitlines()
        rows = {i: json.loads(line) for i, line in enumerate(lines, 1) if line.strip()}
    return rows, len(rows)


@pytest.mark.parametrize("name", NAMES)
def test_corpus_totals_match_the_file(corpus, name):
    """The bytes on disk hold what the expectations say (read by hand, not by kamtools)."""
    f = corpus[name]
    rows, count = _source_rows(f)
    assert count == f.data_lines
    assert set(f.rejected) <= set(rows)
    decimal = f.oracle.get("decimal", f.layout.get("decimal", "."))
    totals: dict[str, int] = {}
    for line, customer, cents in f.records:
        row = rows[line]
        assert str(row[f.oracle["customer"]]).strip() == customer, (name, line)
        assert _cents(row[f.oracle["amount"]], decimal) == cents, (name, line)
        totals[customer] = totals.get(customer, 0) + cents
        raw_date = row[f.columns["date"][0]]
        if f.format == "csv" or isinstance(raw_date, str):
            when = datetime.strptime(str(raw_date)[:10], f.layout.get("date_format", "%Y-%m-%d"))
        elif isinstance(raw_date, int):  # an Excel serial number
            when = datetime(1899, 12, 30) + timedelta(days=raw_date)
        else:
            when = pd.Timestamp(raw_date).to_pydatetime()
        assert when.date() == f.days[line], (name, line, raw_date)
    assert {c: v / 100 for c, v in totals.items()} == dict(f.totals)
    assert len(f.records) == f.accepted
    assert sum(1 for *_, cents in f.records if cents < 0) == f.credit_notes
    assert not set(f.rejected) & {line for line, *_ in f.records}


# --------------------------------------------------------------------------- the reader


@pytest.mark.parametrize("name", NAMES)
def test_totals_per_customer(corpus, exported, name):
    f, exported = corpus[name], exported()
    got = _totals(exported.lines)
    assert set(got) == set(f.totals)
    for customer, total in f.totals.items():
        assert got[customer] == pytest.approx(total, abs=0.005), customer


@pytest.mark.parametrize("name", NAMES)
def test_every_line_amount(corpus, exported, name):
    """Each kept line sits at its line number in the file, with its own customer and amount."""
    f, exported = corpus[name], exported()
    lines = exported.lines
    assert lines.index.name == "line"
    if f.format == "parquet":  # no line numbers in a Parquet file: compare in order
        got = list(zip(lines["customer"], (lines["amount"] * 100).round().astype(int), strict=True))
        assert got == [(c, cents) for _, c, cents in f.records]
        return
    assert sorted(lines.index) == sorted(line for line, *_ in f.records)
    for line, customer, cents in f.records:
        assert lines.at[line, "customer"] == customer, line
        assert lines.at[line, "amount"] == pytest.approx(cents / 100, abs=0.005), line


@pytest.mark.parametrize("name", NAMES)
def test_every_line_date(corpus, exported, name):
    """Each kept line has its own date (day and month not swapped, serials converted)."""
    f, exported = corpus[name], exported()
    got = exported.lines["date"].dt.normalize()
    if f.format == "parquet":
        got = got.set_axis(range(1, len(got) + 1))
    expected = pd.Series(pd.to_datetime(list(f.days.values())), index=list(f.days))
    pd.testing.assert_series_equal(
        got.sort_index(),
        expected.sort_index(),
        check_names=False,
        check_index_type=False,
        check_dtype=False,
        check_freq=False,
    )


@pytest.mark.parametrize("name", NAMES)
def test_counts(corpus, exported, name):
    f, exported = corpus[name], exported()
    assert len(exported.lines) == f.accepted
    assert exported.rejected == len(f.rejected)
    assert exported.data_lines == f.data_lines
    assert len(exported.lines) + exported.rejected == exported.data_lines


@pytest.mark.parametrize("name", NAMES)
def test_every_rejected_line_is_in_the_report(corpus, exported, name):
    f, exported = corpus[name], exported()
    report = exported.report
    assert {"line", "column", "value", "reason", "action"} <= set(report.columns)
    rejected = report[report["action"] == "rejected"]
    assert set(rejected["line"].astype(int)) == set(f.rejected)
    for line, keywords in f.rejected.items():
        reasons = " ".join(rejected.loc[rejected["line"] == line, "reason"]).lower()
        assert reasons.strip(), f"line {line} has no reason"
        assert any(k.lower() in reasons for k in keywords), (line, keywords, reasons)
    assert not set(rejected["line"]) & set(exported.lines.index)


@pytest.mark.parametrize("name", NAMES)
def test_column_types_and_credit_notes(corpus, exported, name):
    f, exported = corpus[name], exported()
    lines = exported.lines
    assert pd.api.types.is_datetime64_any_dtype(lines["date"])
    assert lines["date"].notna().all()
    assert lines["date"].dt.year.eq(2025).all()
    assert pd.api.types.is_float_dtype(lines["amount"])
    assert lines["customer"].map(type).eq(str).all()
    assert (lines["amount"] < 0).sum() == f.credit_notes
    assert list(lines.columns[:3]) == ["customer", "date", "amount"]


@pytest.mark.parametrize("name", NAMES)
def test_mapping_fields_and_layout(corpus, exported, name):
    f, exported = corpus[name], exported()
    mapping = exported.mapping
    assert set(mapping.fields) == set(f.fields)
    assert set(exported.lines.columns) == set(f.fields)
    for field_name, allowed in f.columns.items():
        assert mapping.fields[field_name] in allowed, field_name
    assert mapping.format == f.format
    for attribute, expected in f.layout.items():
        got = getattr(mapping, attribute)
        if attribute == "encoding":
            got, expected = _encoding(got), _encoding(expected)
        assert got == expected, attribute
    notes = " ".join(mapping.notes).lower()
    for keyword in f.notes_keywords:
        assert keyword.lower() in notes, keyword
    assert mapping.describe().strip()


@pytest.mark.parametrize("name", NAMES)
def test_bytes_give_the_same_as_the_path(corpus, exported, read_export, name):
    f, exported = corpus[name], exported()
    data = f.path.read_bytes()
    for source in (data, io.BytesIO(data)):
        other = read_export(source, name=f.name)
        pd.testing.assert_frame_equal(other.lines, exported.lines)
        pd.testing.assert_frame_equal(other.report, exported.report)
        assert other.mapping == exported.mapping
        assert other.data_lines == exported.data_lines


@pytest.mark.parametrize("name", NAMES)
def test_bytes_without_a_name_are_sniffed(corpus, exported, read_export, name):
    """What a FileUpload may hand over: bytes (a memoryview) and no file name."""
    f, exported = corpus[name], exported()
    other = read_export(memoryview(f.path.read_bytes()))
    assert _totals(other.lines) == pytest.approx(_totals(exported.lines), abs=0.005)
    assert other.mapping.format == f.format


@pytest.mark.parametrize("name", NAMES)
def test_mapping_round_trip(corpus, exported, read_export, name):
    """The detected ExportMapping, passed back as mapping=, reads the same."""
    f, exported = corpus[name], exported()
    again = read_export(f.path, mapping=exported.mapping)
    pd.testing.assert_frame_equal(again.lines, exported.lines)
    pd.testing.assert_frame_equal(again.report, exported.report)
    assert again.mapping.fields == exported.mapping.fields
    assert again.data_lines == exported.data_lines


@pytest.mark.parametrize("name", NAMES)
def test_mapping_dict_round_trip(corpus, exported, read_export, name):
    """mapping.as_dict(), what a learner sees and copies, read back as mapping= gives the same."""
    f, exported = corpus[name], exported()
    again = read_export(f.path, mapping=exported.mapping.as_dict())
    pd.testing.assert_frame_equal(again.lines, exported.lines)
    pd.testing.assert_frame_equal(again.report, exported.report)
    assert again.mapping.fields == exported.mapping.fields


@pytest.mark.parametrize("name", ERROR_NAMES)
def test_not_an_export_or_ambiguous(error_cases, read_export, name):
    case = error_cases[name]
    with pytest.raises(getattr(kt_errors, case.error)) as caught:
        read_export(case.path)
    message = str(caught.value)
    assert message.strip()
    for keyword in case.keywords:
        assert keyword.lower() in message.lower(), (keyword, message)
