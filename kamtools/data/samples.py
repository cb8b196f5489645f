"""A sample ERP export to try :func:`kamtools.read_export` on: Vistula's sales register as a
Polish invoicing program (Subiekt-style) writes it.

Module 10 of the course and the "Your portfolio" app need a file that looks like what a
learner's own ERP gives, before the learner brings one: :func:`sample_export` writes it
from the shipped Vistula data (``vistula_transactions`` and ``vistula_customers``), so it is
generated, never committed, and always matches the data. Its quirks are the usual ones of
a Polish export, each known by construction:

- Windows-1250 (cp1250) encoding, ``;`` between fields, CRLF line ends;
- two title rows and a blank row above the header, a total row (``Razem``) at the bottom;
- Polish headers (``Lp.``, ``Data wystawienia``, ``Nr dokumentu``, ``Kontrahent``,
  ``NIP``, ``Wartość netto``, ``VAT``, ``Wartość brutto``): net and gross amounts both;
- amounts with a decimal comma and a space between thousands (``12 345,67``), credit notes
  negative (``-1 234,50``), dates ``dd.mm.yyyy``;
- one retail sale without a buyer (``Kontrahent`` empty), which a reader must reject and
  report.

The buyers' names are Vistula's (a fictional company; so are its customers) and their tax
ids (NIP) are made up, with the tax office part ``000``, which no real NIP has.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from .datasets import load_dataset

__all__ = ["sample_export"]

#: The years of Vistula's data the sample holds (two, so that year-on-year movers show).
SAMPLE_YEARS = (2024, 2025)
#: VAT rate applied to the net amounts (Poland's standard rate, 23%).
VAT_RATE = 0.23
#: The file name written when no path is given (in the system's temporary folder).
DEFAULT_NAME = "vistula_sales_register_subiekt.csv"

HEADER = (
    "Lp.",
    "Data wystawienia",
    "Nr dokumentu",
    "Kontrahent",
    "NIP",
    "Wartość netto",
    "VAT",
    "Wartość brutto",
)
TITLE_ROWS = (
    "Rejestr sprzedaży VAT - Vistula Industrial Supply sp. z o.o.",
    "Okres: {start} - {end}",
)
#: The line of a retail sale without a buyer, inserted as the tenth invoice of the file.
NO_BUYER_POSITION = 10


def _money(value: float) -> str:
    """``-12345.6`` -> ``-12 345,60`` (a space between thousands, a decimal comma)."""
    text = f"{abs(value):,.2f}".replace(",", " ").replace(".", ",")
    return f"-{text}" if value < 0 else text


def _tax_id(customer_id: str) -> str:
    """A made-up NIP from a Vistula customer id: ``V0017`` -> ``000-000-00-17``."""
    digits = f"{int(customer_id[1:]):04d}"
    return f"000-000-{digits[:2]}-{digits[2:]}"


def sample_invoices() -> pd.DataFrame:
    """Vistula's invoices and credit notes of :data:`SAMPLE_YEARS`, one row each.

    Returns
    -------
    DataFrame
        Columns ``invoice`` (document number), ``date``, ``customer`` (company name),
        ``customer_id``, ``tax_id``, ``net`` (sum of the document's lines, negative for a
        credit note), sorted by date and document. These are the figures
        :func:`sample_export` writes, for tests and the course to compare against.

    Examples
    --------
    >>> from kamtools.data.samples import sample_invoices
    >>> invoices = sample_invoices()
    >>> sorted(invoices["date"].dt.year.unique().tolist())
    [2024, 2025]
    """
    lines = load_dataset("vistula_transactions")
    lines = lines[lines["date"].dt.year.isin(SAMPLE_YEARS)]
    names = load_dataset("vistula_customers").set_index("customer_id")["company_name"]
    invoices = (
        lines.groupby("invoice_id", sort=False)
        .agg(date=("date", "first"), customer_id=("customer_id", "first"), net=("amount", "sum"))
        .reset_index()
        .rename(columns={"invoice_id": "invoice"})
    )
    invoices["net"] = invoices["net"].round(2)
    invoices["customer"] = invoices["customer_id"].map(names)
    invoices["tax_id"] = invoices["customer_id"].map(_tax_id)
    invoices["invoice"] = invoices["invoice"].astype(str)
    invoices = invoices.sort_values(["date", "invoice"], kind="stable").reset_index(drop=True)
    # Numbered as Subiekt numbers them: "FS 12/2024" (invoice), "KFS 3/2024" (credit note).
    kind = invoices["invoice"].str.startswith("R").map({True: "KFS", False: "FS"})
    year = invoices["date"].dt.year
    number = invoices.groupby([kind, year]).cumcount() + 1
    invoices["invoice"] = kind + " " + number.astype(str) + "/" + year.astype(str)
    return invoices[["invoice", "date", "customer", "customer_id", "tax_id", "net"]]


def sample_export(path: str | os.PathLike[str] | None = None) -> Path:
    """Write Vistula's sales register as a Subiekt-style CSV export and return its path.

    Parameters
    ----------
    path : str or path-like, optional
        Where to write the file. By default ``vistula_sales_register_subiekt.csv`` in the
        system's temporary folder (the same content every time, so writing it again is
        harmless).

    Returns
    -------
    pathlib.Path
        The file written: cp1250, ``;``-separated, two title rows, the header, one line per
        invoice or credit note of 2024-2025 (see :func:`sample_invoices`), one retail sale
        without a buyer and a total row ``Razem``.

    Examples
    --------
    >>> import kamtools as kt
    >>> path = kt.sample_export()
    >>> path.read_bytes().decode("cp1250").splitlines()[3]
    'Lp.;Data wystawienia;Nr dokumentu;Kontrahent;NIP;Wartość netto;VAT;Wartość brutto'
    """
    target = Path(path) if path is not None else Path(tempfile.gettempdir()) / DEFAULT_NAME
    invoices = sample_invoices()
    dates = invoices["date"].dt.strftime("%d.%m.%Y").tolist()
    nets = [float(n) for n in invoices["net"]]
    texts = invoices[["invoice", "customer", "tax_id"]].astype(str).to_numpy().tolist()
    rows: list[list[str]] = []
    for date, net, (invoice, customer, tax_id) in zip(dates, nets, texts, strict=True):
        vat = round(net * VAT_RATE, 2)
        rows.append(
            [date, invoice, customer, tax_id, _money(net), _money(vat), _money(round(net + vat, 2))]
        )
    # A retail sale at the counter: no buyer on the document.
    sale_date = dates[NO_BUYER_POSITION - 1]
    rows.insert(
        NO_BUYER_POSITION - 1,
        [sale_date, "PA/1/2024", "", "", _money(120.0), _money(27.6), _money(147.6)],
    )
    net_total = sum(nets) + 120.0
    vat_total = sum(round(n * VAT_RATE, 2) for n in nets) + 27.6
    start, end = dates[0], dates[-1]  # sorted by date
    text = [TITLE_ROWS[0], TITLE_ROWS[1].format(start=start, end=end), "", ";".join(HEADER)]
    text += [";".join([str(number), *fields]) for number, fields in enumerate(rows, 1)]
    text.append(
        ";".join(["", "", "", "Razem", "", _money(net_total), _money(vat_total),
                  _money(net_total + vat_total)])
    )  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(("\r\n".join(text) + "\r\n").encode("cp1250"))
    return target
