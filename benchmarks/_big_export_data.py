"""Deterministic Polish ERP-style CSV exports of any size, for bench_big_export.py.

cp1250, ``;``, decimal comma, space as thousands mark, dd.mm.yyyy, 20 columns (about
90 bytes a line), a total row ("Razem") at the bottom and ~2% credit notes. Lines are
assembled with pyarrow from pools of pre-formatted values, so ten million lines take
seconds, and the net total per customer is known by construction.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

HEADER = (
    "Lp.;Nr faktury;Data wystawienia;Termin;Kontrahent;NIP;Miasto;Woj.;Indeks;Towar;"
    "Kat.;Ilość;J.m.;Cena netto;Wartość netto;VAT;Kwota VAT;Wartość brutto;Mag;Handlowiec"
)
CITIES = ["Łódź", "Kraków", "Gdańsk", "Poznań", "Wrocław", "Żory", "Opole", "Płock"]
SELLERS = ["AK", "JŻ", "MW", "PŁ", "ŚK"]
CHUNK = 1_000_000


def _pl_amount(grosze: np.ndarray) -> list[str]:
    """Integer grosze as Polish text: "-1 234,50"."""
    out = []
    for g in grosze.tolist():
        sign = "-" if g < 0 else ""
        zl, gr = divmod(abs(g), 100)
        out.append(f"{sign}{zl:,}".replace(",", " ") + f",{gr:02d}")
    return out


def _pool(values: list[str]) -> pa.Array:
    return pa.array(values, type=pa.string())


def write_export(path: Path, n_lines: int, *, customers: int = 20_000, seed: int = 0) -> pd.Series:
    """Write the export and return the net amount per customer (the expected answer)."""
    rng = np.random.default_rng(seed)
    names = [f"{'ŁŚŻĆ'[i % 4]}ódź {i:05d} sp.j." for i in range(customers)]
    nips = [f"{5_000_000_000 + 7919 * i}" for i in range(customers)]
    dates = pd.date_range("2023-01-01", "2025-12-31", freq="D").strftime("%d.%m.%Y").tolist()
    n_amounts = 50_000
    net_grosze = np.round(rng.lognormal(7.0, 1.3, n_amounts) * 100).astype(np.int64)
    net_grosze[: n_amounts // 50] *= -1  # 2% of the pool are credit notes
    net_text = _pool(_pl_amount(net_grosze))
    vat_text = _pool(_pl_amount(np.round(net_grosze * 0.23).astype(np.int64)))
    gross_text = _pool(_pl_amount(net_grosze + np.round(net_grosze * 0.23).astype(np.int64)))
    qty = rng.integers(1, 40, n_amounts)
    qty_text = _pool([str(q) for q in qty.tolist()])
    price_text = _pool(_pl_amount(np.round(net_grosze / qty).astype(np.int64)))
    weights = 1.0 / np.arange(1, customers + 1)
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    pools = {
        "name": _pool(names),
        "nip": _pool(nips),
        "date": _pool(dates),
        "city": _pool(CITIES),
        "seller": _pool(SELLERS),
        "product": _pool([f"Tw{i}" for i in range(500)]),
        "code": _pool([f"T{i:03d}" for i in range(500)]),
        "cat": _pool([f"K{i}" for i in range(12)]),
        "zip": _pool(["MZ", "ŁD", "ŚL", "PM", "WP", "DŚ"]),
        "term": _pool(["7", "14", "30", "60"]),
    }
    totals = np.zeros(customers, dtype=np.int64)
    seen = np.zeros(customers, dtype=bool)
    with open(path, "wb") as fh:
        fh.write((HEADER + "\r\n").encode("cp1250"))
        for start in range(0, n_lines, CHUNK):
            n = min(CHUNK, n_lines - start)
            cust = np.searchsorted(cdf, rng.random(n), side="right")
            amt = rng.integers(0, n_amounts, n)
            prod = rng.integers(0, 500, n)
            day = pa.array(rng.integers(0, len(dates), n))
            np.add.at(totals, cust, net_grosze[amt])
            seen[cust] = True
            a = pa.array(amt)
            c = pa.array(cust)
            p = pa.array(prod)
            no = pa.array(np.arange(start + 1, start + n + 1)).cast(pa.string())
            cols = [
                no,
                pc.binary_join_element_wise(
                    "FV", pc.cast(pa.array((start + np.arange(n)) // 8), pa.string()), ""
                ),
                pools["date"].take(day),
                pools["term"].take(pa.array(cust % 4)),
                pools["name"].take(c),
                pools["nip"].take(c),
                pools["city"].take(pa.array(cust % len(CITIES))),
                pools["zip"].take(pa.array(cust % 6)),
                pools["code"].take(p),
                pools["product"].take(p),
                pools["cat"].take(pa.array(prod % 12)),
                qty_text.take(a),
                pa.array(["szt"] * n),
                price_text.take(a),
                net_text.take(a),
                pa.array(["23%"] * n),
                vat_text.take(a),
                gross_text.take(a),
                pa.array(["M1"] * n),
                pc.binary_join_element_wise(
                    pools["seller"].take(pa.array(cust % len(SELLERS))), "\r\n", ""
                ),
            ]
            lines = pc.binary_join_element_wise(*cols, ";")
            # The lines end with "\r\n", so joining them with "" is the data buffer itself.
            text = "".join(lines.to_numpy(zero_copy_only=False).tolist())
            fh.write(text.encode("cp1250"))
        grand = int(totals.sum())
        # The total row ERP systems print under the lines: no customer, "Razem:" in front.
        grand = _pl_amount(np.array([int(totals.sum())]))[0]
        fh.write((";" * 13 + "Razem:;" + grand + ";;;;;\r\n").encode("cp1250"))
    used = seen
    return pd.Series(
        totals[used] / 100, index=pd.Index(np.array(names)[used], name="customer"), name="amount"
    )
