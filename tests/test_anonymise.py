"""Tests for kt.anonymise: stable codes, rounding, the private key file, nothing leaked."""

from __future__ import annotations

import math
import re
import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kamtools as kt
from kamtools.data.anonymisation import (
    KEY_COLUMNS,
    MIN_SALT_LENGTH,
    normalise_name,
    normalise_tax_id,
)
from kamtools.messages import t

SALT = "rabarbar-2026-jesien"
OTHER_SALT = "agrest-2027-wiosna"
CODE = re.compile(r"^C-[A-Z2-7]{8}$")

FIELDS = {
    "customer": "Kontrahent",
    "date": "Data wystawienia",
    "amount": "Wartość netto",
    "invoice": "Nr faktury",
    "tax_id": "NIP",
    "product": "Towar",
}


def make_export(lines: pd.DataFrame, report: pd.DataFrame | None = None) -> kt.Export:
    """An Export built directly from the dataclass, as read_export would return it."""
    if report is None:
        report = pd.DataFrame(columns=["line", "column", "value", "reason", "action"])
    mapping = kt.ExportMapping(
        fields={k: v for k, v in FIELDS.items() if k in lines.columns},
        format="csv",
        encoding="cp1250",
        separator=";",
        decimal=",",
        thousands=" ",
        date_format="%d.%m.%Y",
        header_row=1,
        sheet=None,
        notes=("Net and gross amounts found: used 'Wartość netto' (net).",),
    )
    rejected = report.loc[report["action"] == "rejected", "line"].nunique() if len(report) else 0
    return kt.Export(lines=lines, report=report, mapping=mapping, data_lines=len(lines) + rejected)


def sample() -> kt.Export:
    lines = pd.DataFrame(
        {
            "customer": ["ACME sp. z o.o.", "Acme Sp. z o.o. ", "Łódzka Hurtownia",
                         "LODZKA HURTOWNIA", "Beta SA", "Beta SA"],
            "date": pd.to_datetime(["2025-01-02", "2025-02-03", "2025-03-04", "2025-04-05",
                                    "2025-05-06", "2025-05-06"]),
            "amount": [1234.5, -100.25, 51.0, 49.0, 2000.0, 10.04],
            "invoice": ["FV/ACME/1", "FV/ACME/2", "FV/3", "FV/4", "FV/5", "FV/5"],
            "tax_id": ["PL 521-301-72-28", "5213017228", None, None, "7251801126", "7251801126"],
            "product": ["Klej", "Klej", "Taśma", "Taśma", "Folia", "Folia"],
        },
        index=pd.Index([2, 3, 4, 5, 7, 8], name="line"),
    )  # fmt: skip
    report = pd.DataFrame(
        {
            "line": [6, 6, 9, 10],
            "column": ["Wartość netto", "Kontrahent", "", "Data wystawienia"],
            "value": ["abc", "Gamma Sp. J.", "RAZEM;;;3 243,29", "31.02.2025"],
            "reason": ["amount is not a number (customer 'Beta SA')", "line of Gamma Sp. J.",
                       "total row", "impossible date"],
            "action": ["rejected", "rejected", "rejected", "rejected"],
        }
    )  # fmt: skip
    return make_export(lines, report)


# ---------------------------------------------------------------------- normalising
@pytest.mark.parametrize(
    "a, b",
    [
        ("ACME sp. z o.o.", "Acme Sp. z o.o. "),
        ("ACME sp. z o.o.", "ACME SP Z O O"),
        ("ACME sp. z o.o.", "acme  sp.z o.o."),
        ("Łódzka Hurtownia", "LODZKA HURTOWNIA"),
        ("Zakłady Mięsne „Żuraw”", "zaklady miesne zuraw"),
    ],
)
def test_spellings_of_one_customer_normalise_alike(a, b):
    assert normalise_name(a) == normalise_name(b)


def test_different_customers_stay_apart():
    names = ["ACME", "ACME Polska", "Acme 2", "Beta", "Betа"]  # the last has a Cyrillic а
    assert len({normalise_name(n) for n in names}) == len(names)


def test_tax_ids_normalise_without_country_code():
    assert normalise_tax_id("PL 521-301-72-28") == normalise_tax_id("5213017228") == "5213017228"
    assert normalise_tax_id("DE123456789") == "DE123456789"


# ---------------------------------------------------------------------------- codes
def test_names_tax_ids_and_invoices_become_stable_codes():
    original = sample()
    out = kt.anonymise(original, salt=SALT)
    c = out.lines["customer"]
    assert all(CODE.match(code) for code in c)
    assert c.iloc[0] == c.iloc[1]  # "ACME sp. z o.o." and "Acme Sp. z o.o. "
    assert c.iloc[2] == c.iloc[3]  # "Łódzka Hurtownia" and "LODZKA HURTOWNIA"
    assert c.nunique() == 3
    tax = out.lines["tax_id"]
    assert tax.iloc[0] == tax.iloc[1] and tax.iloc[0].startswith("T-")
    assert tax.iloc[2:4].isna().all()  # missing stays missing
    inv = out.lines["invoice"]
    assert inv.iloc[4] == inv.iloc[5] and inv.nunique() == 5 and inv.str.startswith("I-").all()
    # the same salt gives the same codes again, in another export
    again = kt.anonymise(make_export(original.lines.iloc[::-1]), salt=SALT)
    assert again.lines["customer"].iloc[::-1].tolist() == c.tolist()
    # nothing else changed
    pd.testing.assert_index_equal(out.lines.index, original.lines.index)
    pd.testing.assert_series_equal(out.lines["amount"], original.lines["amount"])
    pd.testing.assert_series_equal(out.lines["product"], original.lines["product"])
    pd.testing.assert_series_equal(out.lines["date"], original.lines["date"])
    assert out.data_lines == original.data_lines and out.rejected == original.rejected


def test_a_different_salt_gives_different_codes():
    a = kt.anonymise(sample(), salt=SALT).lines
    b = kt.anonymise(sample(), salt=OTHER_SALT).lines
    for column in ("customer", "tax_id", "invoice"):
        assert not set(a[column].dropna()) & set(b[column].dropna())


def test_the_input_is_not_changed():
    original = sample()
    before = original.lines.copy(), original.report.copy(), original.mapping.notes
    kt.anonymise(original, salt=SALT, round_to=100)
    pd.testing.assert_frame_equal(original.lines, before[0])
    pd.testing.assert_frame_equal(original.report, before[1])
    assert original.mapping.notes == before[2]


def test_mapping_is_carried_over_with_a_note():
    original = sample()
    out = kt.anonymise(original, salt=SALT)
    assert out.mapping.fields == original.mapping.fields
    assert out.mapping.notes[:-1] == original.mapping.notes
    assert out.mapping.notes[-1].startswith("Anonymised with kt.anonymise")
    assert "rounded" not in out.mapping.notes[-1]
    rounded = kt.anonymise(original, salt=SALT, round_to=100)
    assert rounded.mapping.notes[-1].endswith(t("anonymise.rounded", step="100"))


# ------------------------------------------------------------------------- report
def test_the_report_leaks_no_name():
    out = kt.anonymise(sample(), salt=SALT)
    report = out.report
    values = report["value"].tolist()
    assert values[0] == "abc"  # an amount that is not rounded stays, to see what went wrong
    assert values[1].startswith("C-") and CODE.match(values[1])  # a rejected line's customer
    assert values[2] == t("anonymise.removed")  # the whole line
    assert values[3] == "31.02.2025"  # dates stay
    text = " ".join(report.astype(str).to_numpy().ravel())
    for name in ("Beta", "Gamma", "ACME", "RAZEM"):
        assert name not in text
    beta = out.lines["customer"].iloc[4]
    assert report["reason"].iloc[0] == f"amount is not a number (customer '{beta}')"
    rounded = kt.anonymise(sample(), salt=SALT, round_to=10).report
    assert rounded["value"].iloc[0] == t("anonymise.removed")


# --------------------------------------------------------------------------- rounding
def test_rounding_amounts():
    lines = sample().lines.assign(unit_price=[10.26, 1, 2, 3, 4, 5.0],
                                  cost_of_goods=[740.7, -60.15, 30, 29, 1199, 6.01],
                                  quantity=[3.0, 1, 1, 1, 1, 1])  # fmt: skip
    out = kt.anonymise(make_export(lines), salt=SALT, round_to=100).lines
    assert out["amount"].tolist() == [1200, -100, 100, 0, 2000, 0]
    assert out["cost_of_goods"].tolist() == [700, -100, 0, 0, 1200, 0]
    assert out["quantity"].tolist() == lines["quantity"].tolist()  # not an amount
    cents = kt.anonymise(make_export(lines), salt=SALT, round_to=0.05).lines
    assert cents["unit_price"].iloc[0] == 10.25 and cents["amount"].iloc[1] == -100.25
    assert cents["amount"].iloc[5] == 10.05


@pytest.mark.parametrize("bad", [0, -5, math.inf, math.nan])
def test_round_to_must_be_above_zero(bad):
    with pytest.raises(kt.ParameterError, match="round_to"):
        kt.anonymise(sample(), salt=SALT, round_to=bad)


def test_round_to_must_be_a_number():
    with pytest.raises(kt.WrongTypeError, match="round_to"):
        kt.anonymise(sample(), salt=SALT, round_to="100")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ salt
@pytest.mark.parametrize("salt", ["", "short", "1234567", "       x"])
def test_a_short_salt_is_refused_and_explained(salt):
    with pytest.raises(kt.ParameterError, match=f"at least {MIN_SALT_LENGTH} characters"):
        kt.anonymise(sample(), salt=salt)


def test_salt_and_export_must_be_of_the_right_kind():
    with pytest.raises(kt.WrongTypeError, match="salt"):
        kt.anonymise(sample(), salt=12345678)  # type: ignore[arg-type]
    with pytest.raises(kt.WrongTypeError, match="read_export"):
        kt.anonymise(sample().lines, salt=SALT)  # type: ignore[arg-type]


# -------------------------------------------------------------------------- key file
def read_key(path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_no_key_file_unless_asked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    kt.anonymise(sample(), salt=SALT)
    assert list(tmp_path.iterdir()) == []


def test_the_key_file_maps_every_code_back_exactly(tmp_path):
    path = tmp_path / "private" / "key.csv"
    original = sample()
    out = kt.anonymise(original, salt=SALT, key_file=path)
    key = read_key(path)
    assert tuple(key.columns) == KEY_COLUMNS
    assert key["salt_fingerprint"].nunique() == 1
    assert SALT not in path.read_text(encoding="utf-8-sig")
    for kind in ("customer", "tax_id", "invoice"):
        back = key[key["kind"] == kind].groupby("code")["original"].apply(set)
        for code, raw in zip(out.lines[kind], original.lines[kind], strict=True):
            if pd.isna(raw):
                assert pd.isna(code)
                continue
            assert raw in back[code]
    # each code's spellings are exactly those of one normalised customer
    customers = key[key["kind"] == "customer"]
    assert (
        customers.groupby("code")["original"]
        .apply(lambda s: len({normalise_name(x) for x in s}))
        .eq(1)
        .all()
    )
    assert "Łódzka Hurtownia" in set(customers["original"])  # Polish letters kept


def test_the_same_salt_merges_into_its_key_file(tmp_path):
    path = tmp_path / "key.csv"
    kt.anonymise(sample(), salt=SALT, key_file=path)
    first = read_key(path)
    lines = sample().lines.copy()
    lines["customer"] = ["Nowy Klient"] + lines["customer"].tolist()[1:]
    kt.anonymise(make_export(lines), salt=SALT, key_file=path)
    merged = read_key(path)
    assert set(map(tuple, first.to_numpy())) < set(map(tuple, merged.to_numpy()))
    assert "Nowy Klient" in set(merged["original"])
    assert len(merged) == len(first) + 1


def test_a_key_file_of_another_salt_is_never_overwritten(tmp_path):
    path = tmp_path / "key.csv"
    kt.anonymise(sample(), salt=SALT, key_file=path)
    before = path.read_bytes()
    with pytest.raises(kt.ParameterError, match="another salt"):
        kt.anonymise(sample(), salt=OTHER_SALT, key_file=path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_key_file_is_never_overwritten(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_text("month;plan\nJanuary;100\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(kt.ParameterError, match="not a key file"):
        kt.anonymise(sample(), salt=SALT, key_file=path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["budget.csv"]  # no temp file left


# ------------------------------------------------------------------------- properties
NAMES = st.lists(
    st.text(alphabet=string.ascii_letters + " .ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", min_size=1, max_size=12),
    min_size=1,
    max_size=8,
)


def _lines(names: list[str], amounts: list[float], days: list[int]) -> pd.DataFrame:
    n = min(len(amounts), len(days))
    return pd.DataFrame(
        {
            "customer": [names[i % len(names)] for i in range(n)],
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(days[:n], "D"),
            "amount": amounts[:n],
        },
        index=pd.RangeIndex(2, n + 2, name="line"),
    )


AMOUNTS = st.lists(
    st.floats(min_value=-5_000, max_value=50_000, allow_nan=False).map(lambda x: round(x, 2)),
    min_size=1,
    max_size=40,
)
DAYS = st.lists(st.integers(min_value=0, max_value=730), min_size=40, max_size=40)


@settings(max_examples=60)
@given(names=NAMES, amounts=AMOUNTS, days=DAYS)
def test_anonymising_never_changes_the_totals(names, amounts, days):
    lines = _lines(names, amounts, days)
    out = kt.anonymise(make_export(lines), salt=SALT).lines
    pd.testing.assert_series_equal(out["amount"], lines["amount"])
    by_code = out.groupby("customer")["amount"].sum()
    by_name = lines.groupby(lines["customer"].map(normalise_name))["amount"].sum()
    assert sorted(np.round(by_code.to_numpy(), 6)) == sorted(np.round(by_name.to_numpy(), 6))
    assert out["amount"].sum() == lines["amount"].sum()


FIGURES = st.lists(
    st.floats(min_value=1, max_value=50_000, allow_nan=False).map(lambda x: round(x, 2)),
    min_size=1,
    max_size=40,
)


@settings(max_examples=25)
@given(
    names=st.lists(st.text(string.ascii_lowercase, min_size=2, max_size=8), min_size=1, max_size=8,
                   unique_by=normalise_name),
    amounts=FIGURES,
    days=DAYS,
)  # fmt: skip
def test_the_report_of_anonymised_lines_has_the_same_figures(names, amounts, days):
    lines = _lines(names, amounts, days)
    plain = kt.portfolio_report(lines)
    coded = kt.portfolio_report(kt.anonymise(make_export(lines), salt=SALT).lines)
    assert set(plain.figures) == set(coded.figures)
    for key, value in plain.figures.items():
        other = coded.figures[key]
        assert (math.isnan(value) and math.isnan(other)) or value == pytest.approx(other), key
    assert sorted(plain.customers["abc_class"]) == sorted(coded.customers["abc_class"])
    assert plain.movers["status"].value_counts().to_dict() == (
        coded.movers["status"].value_counts().to_dict()
    )
