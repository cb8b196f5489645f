"""kt.export_totals: the streaming reader adds up every export exactly as read_export reads it."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from export_corpus import build_corpus, build_error_cases

import kamtools as kt
from kamtools.data.big_exports import _blocks, _cut
from kamtools.errors import ExportFormatError, ParameterError, WrongTypeError

# Block sizes: the default (the whole file in one block), and tiny ones that cut the files
# into many blocks, lines split across reads, cp1250 and UTF-8 letters at the edges.
BLOCK_SIZES = (16 << 20, 97, 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    files = build_corpus(tmp_path_factory.mktemp("corpus"))
    return [f for f in files if f.format == "csv"]


def _reference(path: Path):
    export = kt.read_export(path)
    totals = export.lines.groupby("customer")["amount"].sum()
    rejected = export.report[export.report["action"] == "rejected"].drop_duplicates("line")
    return export, totals, rejected


def test_the_corpus_has_text_exports(corpus):
    assert len(corpus) >= 6  # cp1250 ;, UTF-8-BOM TSV, pipes, quoted commas, title rows ...


@pytest.mark.parametrize("block_size", BLOCK_SIZES)
def test_totals_and_counts_equal_read_export_on_every_text_file(corpus, block_size):
    for f in corpus:
        export, totals, rejected = _reference(f.path)
        result = kt.export_totals(f.path, progress=False, block_size=block_size)
        assert result.mapping == export.mapping, f.name
        pd.testing.assert_series_equal(
            result.totals.sort_index(),
            totals.sort_index().rename("amount"),
            check_exact=False,
            rtol=1e-9,
            atol=1e-6,
            obj=f.name,
        )
        assert result.data_lines == export.data_lines, f.name
        assert result.lines_used == len(export.lines), f.name
        assert result.rejected == export.rejected, f.name
        assert result.lines_used + result.rejected == result.data_lines
        assert dict(result.rejected_by_reason) == rejected["reason"].value_counts().to_dict(), (
            f.name
        )
        got = result.first_rejected[["line", "column", "value", "reason"]]
        want = rejected[["line", "column", "value", "reason"]].sort_values("line").head(1000)
        assert got.to_numpy().tolist() == want.to_numpy().tolist(), f.name


def test_totals_are_known_by_construction(corpus):
    for f in corpus:
        result = kt.export_totals(f.path, progress=False, block_size=211)
        expected = pd.Series(dict(f.totals), dtype=float)
        found = result.totals.reindex(expected.index)
        np.testing.assert_allclose(found.to_numpy(), expected.to_numpy(), atol=1e-6)
        assert result.lines_used == f.accepted
        assert result.data_lines == f.data_lines


def _polish_export(n: int, *, blank_every: int = 0) -> tuple[bytes, dict[str, float]]:
    """cp1250 lines full of Polish letters, some credit notes, a title and a total row."""
    names = ["Źródło Łąk Sp. z o.o.", "Żółć i Ślęża S.A.", "Gąska", 'Ćma "Ą"; ę sp.k.']
    out = ["Zestawienie sprzedaży ąęłńóśźż", "Lp.;Kontrahent;Data wystawienia;Wartość netto"]
    expected: dict[str, float] = {}
    for i in range(n):
        name = names[i % len(names)]
        cents = (i * 7919) % 250_000 - 20_000
        value = f"{cents // 100:,}".replace(",", " ") + f",{cents % 100:02d}"
        if cents < 0:
            whole, frac = divmod(-cents, 100)
            value = "-" + f"{whole:,}".replace(",", " ") + f",{frac:02d}"
        cell = f'"{name.replace(chr(34), chr(34) * 2)}"' if '"' in name or ";" in name else name
        out.append(f"{i + 1};{cell};{1 + i % 28:02d}.03.2025;{value}")
        expected[name] = expected.get(name, 0.0) + cents / 100
        if blank_every and i % blank_every == 0:
            out.append("")
    out.append(";Razem:;;123,00")
    return ("\r\n".join(out) + "\r\n").encode("cp1250"), expected


@pytest.mark.parametrize("block_size", (1, 7, 64, 1000, 16 << 20))
def test_tiny_blocks_split_lines_and_letters_anywhere(block_size):
    data, expected = _polish_export(300, blank_every=41)
    whole = kt.read_export(data)
    result = kt.export_totals(data, progress=False, block_size=block_size)
    assert result.mapping.encoding == "cp1250"
    assert result.totals.to_dict() == pytest.approx(expected)
    assert result.totals.to_dict() == pytest.approx(
        whole.lines.groupby("customer")["amount"].sum().to_dict()
    )
    assert (result.lines_used, result.rejected, result.data_lines) == (300, 1, 301)
    assert result.first_rejected["line"].tolist() == whole.report["line"].tolist()


def test_utf8_letters_cut_by_the_blocks():
    text = "Customer,Invoice Date,Net Amount\n" + "".join(
        f"Łódź Żółw {i % 3},2025-01-{1 + i % 28:02d},{i}.25\n" for i in range(200)
    )
    data = text.encode("utf-8")
    for block_size in (1, 2, 3, 5, 33):
        result = kt.export_totals(io.BytesIO(data), progress=False, block_size=block_size)
        assert result.lines_used == 200
        assert result.totals.sum() == pytest.approx(sum(i + 0.25 for i in range(200)))


def test_blocks_end_at_line_ends_outside_quotes():
    data = b'a;b\n1;"x\ny"\n2;z\n'
    assert _cut(data[:10], 1 << 20) == 4  # the newline inside the quotes is not an end
    assert _cut(data[:12], 1 << 20) == 12
    blocks = list(_blocks(b"", io.BytesIO(data), 1))
    assert b"".join(blocks) == data
    assert blocks == [b"a;b\n", b'1;"x\ny"\n', b"2;z\n"]


def test_progress_false_prints_nothing(capsys):
    data, _ = _polish_export(50)
    kt.export_totals(data, progress=False)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_bar_counts_the_bytes(capsys):
    data, _ = _polish_export(50)
    kt.export_totals(data, name="sprzedaz.csv", progress=True)
    err = capsys.readouterr().err
    assert "sprzedaz.csv" in err and "100%" in err


def test_mapping_is_used_and_can_be_passed_back():
    data, expected = _polish_export(40)
    first = kt.export_totals(data, progress=False)
    again = kt.export_totals(data, progress=False, mapping=first.mapping)
    assert again.totals.to_dict() == first.totals.to_dict()
    renamed = kt.export_totals(data, progress=False, mapping={"date_format": "%d.%m.%Y"})
    assert renamed.totals.to_dict() == pytest.approx(expected)


def test_describe_names_the_counts():
    data, _ = _polish_export(10)
    text = kt.export_totals(data, progress=False).describe()
    assert "10 sales lines" in text and "total row" in text


@pytest.mark.parametrize(
    ("name", "writer"),
    [
        (
            "sales.xlsx",
            lambda p: pd.DataFrame({"Customer": ["A"], "Net Amount": [1.0]}).to_excel(p),
        ),
        ("sales.parquet", lambda p: pd.DataFrame({"Customer": ["A"], "Net": [1.0]}).to_parquet(p)),
    ],
)
def test_excel_and_parquet_are_sent_to_read_export(tmp_path, name, writer):
    path = tmp_path / name
    writer(path)
    with pytest.raises(ExportFormatError, match="read_export"):
        kt.export_totals(path, progress=False)


def test_files_that_are_not_exports_raise_what_read_export_raises(tmp_path):
    for case in build_error_cases(tmp_path):
        if case.path.suffix.lower() in (".xlsx", ".parquet", ".jsonl"):
            continue
        try:
            kt.read_export(case.path)
        except kt.KamtoolsError as error:
            expected = type(error)
        else:  # pragma: no cover - the corpus only holds files read_export refuses
            continue
        with pytest.raises(expected):
            kt.export_totals(case.path, progress=False)


def test_bad_arguments():
    with pytest.raises(ParameterError, match="block_size"):
        kt.export_totals(b"a;b\n", block_size=0)
    with pytest.raises(WrongTypeError, match="source"):
        kt.export_totals(12345)  # type: ignore[arg-type]
    with pytest.raises(ExportFormatError, match="cannot be opened"):
        kt.export_totals("/nonexistent/export.csv", progress=False)
    with pytest.raises(ExportFormatError, match="empty"):
        kt.export_totals(b"", progress=False)


@pytest.mark.parametrize(
    ("decimal", "thousands"), [(",", " "), (",", "."), (".", ","), (".", "'"), (",", None)]
)
def test_plain_amounts_read_by_pyarrow_equal_parse_amounts(decimal, thousands):
    """The shortcut for plainly written amounts gives what the shared parser gives."""
    import pyarrow as pa
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from kamtools.data.big_exports import _plain_amounts
    from kamtools.data.exports import parse_amounts

    alphabet = "0123456789-+ ,.'()zł€PLN\u00a0"
    amounts = st.text(alphabet=alphabet, min_size=1, max_size=14)
    numbers = st.integers(-(10**12), 10**12).map(lambda n: f"{n / 100:,.2f}")

    @settings(max_examples=40, deadline=None)
    @given(st.lists(amounts | numbers, min_size=1, max_size=200))
    def check(values):
        if decimal == ",":  # the numbers in the file's marks
            values = [v.replace(",", "\x00").replace(".", ",").replace("\x00", thousands or "")
                      for v in values]  # fmt: skip
        arrow = pa.array([v.encode("utf-8") for v in values], pa.binary())
        plain, got = _plain_amounts(arrow, decimal, thousands)
        want = parse_amounts(pd.Series(values, dtype=object), decimal=decimal, thousands=thousands)
        want = want.to_numpy(dtype=float)
        assert not np.isnan(got[plain]).any()
        np.testing.assert_allclose(got[plain], want[plain], rtol=1e-15, atol=0)

    check()
