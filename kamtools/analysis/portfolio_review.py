"""Your own portfolio: one report a key account manager can hand to a manager.

:func:`portfolio_report` turns invoice lines (any export read with ``kt.read_export``, or
any DataFrame with a customer, a date and a net amount per line) into a
:class:`PortfolioReport`: the Pareto table and ABC class of every customer, the
concentration figures, the dependency risk, the largest accounts year by year, the
year-on-year movers and, when the lines carry their cost of goods, the whale curve of the
gross profit. The report writes itself as a self-contained HTML page
(:meth:`PortfolioReport.to_html`) and as an Excel workbook
(:meth:`PortfolioReport.to_excel`).

Every figure comes from a function the course teaches: :func:`kamtools.customer_totals`,
:func:`kamtools.pareto_table`, :func:`kamtools.abc_summary`,
:func:`kamtools.concentration_report`, :func:`kamtools.customer_profit`,
:func:`kamtools.whale_curve`; the charts are :func:`kamtools.plot_pareto`,
:func:`kamtools.plot_lorenz` and :func:`kamtools.plot_whale`. This module only puts them
together. It takes a DataFrame, never an ``Export`` (the analysis layer does not import
the readers).

Decisions, stated once:

* **Customers below zero** (more credit notes than sales) count as 0 in the shares, the
  Gini, the HHI and the ABC classes and stay in the number of customers
  (``negative="zero"``, as in module 03 and the Pareto explorer). Their net revenue is
  shown as it is.
* **A net total of zero or below** leaves nothing to share out: the report is still made
  (customers, years, movers), with the concentration figures NaN, no ABC class and no
  charts, and it says why.
* **Dependency risk** uses the lines the course already teaches: a customer with 10% of
  net revenue or more (:data:`DISCLOSURE_SHARE`, FASB ASC 280-10-50-42 and IFRS 8.34) and
  one account with more than 20% of the profit (:data:`PROFIT_WARNING_SHARE`, a
  practitioners' rule of thumb; KAM_REFERENCE). No standard sets a line for the three
  largest customers together, so their share is reported without a verdict.
* **Gross profit** is net revenue minus cost of goods. An export holds no cost to serve,
  so the whale curve here is of gross profit, and the report says so. It is drawn only
  when every line has its cost of goods.
* **Year-on-year movers** compare the last calendar year of the data (or ``year=``) with
  the one before, over *the same period of both years*: 1 January to 31 December when the
  data cover both years in full; when the data end before 31 December (a year still
  running) or start after 1 January of the year before, the period is cut to what both
  years cover (1 January to 5 December 2026 against 1 January to 5 December 2025), and
  the report says so. Per customer, with net revenue ``p`` before and ``c`` now:
  *lost* ``p > 0, c <= 0``; *won* ``p <= 0, c > 0``; *growing* ``c / p - 1 >= 10%``;
  *shrinking* ``c / p - 1 <= -10%``; *stable* in between (:data:`MOVER_THRESHOLD`);
  *inactive* when neither period has net revenue above 0.
"""

from __future__ import annotations

import math
import types
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._numbers import integer as _integer
from .._numbers import number as _number
from .._validate import SHARE_TOLERANCE, check_columns, descending_order
from ..errors import (
    DataError,
    EmptyDataError,
    NegativeValuesError,
    NonPositiveTotalError,
    ParameterError,
    WrongTypeError,
)
from ..messages import t
from .concentration import abc_summary, concentration_report, pareto_table
from .plots import plot_lorenz, plot_pareto, plot_whale
from .profitability import WhaleCurve, customer_profit, whale_curve
from .transactions import customer_totals

if TYPE_CHECKING:
    pass

__all__ = ["PortfolioReport", "portfolio_report"]

#: A customer with this share of net revenue or more is one a US-listed company must
#: disclose (FASB ASC 280-10-50-42; IFRS 8 paragraph 34 uses the same 10%).
DISCLOSURE_SHARE = 0.10
#: Practitioners call it dangerous when one account brings more than about 20% of the
#: profit (a rule of thumb, not a standard; KAM_REFERENCE "Concentration").
PROFIT_WARNING_SHARE = 0.20
#: A change of net revenue of at least this fraction, up or down, makes a customer
#: growing or shrinking; below it the customer is stable.
MOVER_THRESHOLD = 0.10
#: Rows of each table in the HTML page (the workbook lists every customer and mover).
TOP_ROWS = 10
#: Years of revenue shown per account in the HTML page (the workbook has them all).
HTML_YEARS = 4
#: The statuses of a customer, movers first, in the order of the tables.
STATUSES = ("lost", "won", "shrinking", "growing", "stable", "inactive")
MOVER_STATUSES = STATUSES[:4]


@dataclass(frozen=True, eq=False)
class PortfolioReport:
    """A customer portfolio analysed: tables, figures and the words to read them.

    Returned by :func:`portfolio_report`; write it with :meth:`to_html` and
    :meth:`to_excel`.

    Attributes
    ----------
    title, currency : str
        The heading of the report and the currency of every amount.
    customers : DataFrame
        One row per customer, largest net revenue first: ``rank``, ``customer``,
        ``revenue`` (net), ``share``, ``cumulative_share`` and ``abc_class`` (from
        :func:`kamtools.pareto_table`; NaN and "" when the total is not positive), one
        column ``revenue_<year>`` per calendar year, ``revenue_previous``,
        ``revenue_current``, ``change``, ``change_pct`` and ``status`` (see the module
        notes), and, with the cost of goods, ``gross_profit`` and ``gross_margin``.
    figures : mapping of str to float
        ``n_customers``, ``total``, ``top_20_share``, ``customers_for_80pct``, ``gini``,
        ``hhi``, ``hhi_points``, ``equivalent_customers``, ``largest_share``,
        ``top_3_share``, ``top_5_share``, ``customers_at_10pct``, ``n_negative``,
        ``n_zero``, ``lines_used``, ``lines_excluded``, ``lines_without_date``, the number
        of customers per status (``lost``, ``won``, ...), and ``gross_profit_total``,
        ``largest_gross_profit_share``, ``whale_peak_share`` (NaN without cost of goods).
        A figure that is undefined for these data is NaN.
    movers : DataFrame
        The lost, won, shrinking and growing customers (in that order, the largest change
        first): ``customer``, ``status``, ``revenue_previous``, ``revenue_current``,
        ``change``, ``change_pct``. Empty when there is no year to compare with.
    abc : DataFrame
        :func:`kamtools.abc_summary` of the net revenue (empty when the total is not
        positive).
    first_date, last_date : Timestamp
        The first and last invoice date of the lines.
    current_period, previous_period : tuple of two Timestamps, or None
        The periods the movers compare (first and last day, both included).
    whale : WhaleCurve or None
        The whale curve of gross profit, when every line has its cost of goods.
    notes : tuple of str
        Notes passed in (e.g. ``export.mapping.notes``: how the file was read).
    remarks : tuple of str
        What the report itself found worth saying (partial years, customers below zero,
        lines left out, gross profit is not profit).
    """

    title: str
    currency: str
    customers: pd.DataFrame
    figures: Mapping[str, float]
    movers: pd.DataFrame
    abc: pd.DataFrame
    first_date: pd.Timestamp
    last_date: pd.Timestamp
    current_period: tuple[pd.Timestamp, pd.Timestamp] | None
    previous_period: tuple[pd.Timestamp, pd.Timestamp] | None
    whale: WhaleCurve | None
    notes: tuple[str, ...]
    remarks: tuple[str, ...]

    # ------------------------------------------------------------------ formatting
    def money(self, value: float) -> str:
        """An amount in the report's currency: ``1,234,567 PLN`` (2 decimals below 100)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "–"
        digits = 2 if abs(float(self.figures["total"])) < 100 else 0
        return t("portfolio_report.amount", amount=_number(value, digits), currency=self.currency)

    @property
    def has_concentration(self) -> bool:
        """Whether the net total is positive, so that shares and ABC classes exist."""
        return not math.isnan(float(self.figures["top_20_share"]))

    def period_label(self, period: tuple[pd.Timestamp, pd.Timestamp] | None) -> str:
        """A period as text: ``2025`` for a whole year, else ``01.01.2025-05.12.2025``."""
        if period is None:
            return ""
        start, end = period
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
            return str(start.year)
        return f"{start:%d.%m.%Y}-{end:%d.%m.%Y}"

    def charts(self) -> dict[str, str]:
        """The charts as base64 PNG images, by name (``pareto``, ``lorenz``, ``whale``)."""
        from ._portfolio_pages import png as _png

        out: dict[str, str] = {}
        if self.has_concentration:
            values = self.customers.set_index("customer")["revenue"]
            out["pareto"] = _png(
                lambda ax: plot_pareto(
                    values,
                    ax=ax,
                    negative="zero",
                    title=t("portfolio_report.chart_pareto"),
                    value_label=t("portfolio_report.net_revenue_words"),
                )
            )
            out["lorenz"] = _png(
                lambda ax: plot_lorenz(
                    values, ax=ax, negative="zero", label=t("portfolio_report.net_revenue")
                )
            )
        if self.whale is not None:
            curve = self.whale
            out["whale"] = _png(
                lambda ax: plot_whale(curve, ax=ax, title=t("portfolio_report.chart_whale"))
            )
        return out

    # ------------------------------------------------------------------------ HTML
    def to_html(self) -> str:
        """The report as one self-contained HTML page, ready to print or save as PDF.

        The charts are embedded as PNG images (base64), the styles are inline and there
        is no script and no link to anything outside the page, so the file can be sent
        by e-mail and opened offline. Every customer name and note is escaped, so a
        name such as ``<b>`` shows as text. Print it from any browser (A4), or with the
        project's headless Chromium route (``tools/build_handouts.py``).
        """
        from ._portfolio_pages import html_page

        return html_page(self)

    # ----------------------------------------------------------------------- Excel
    def to_excel(self, path_or_buffer: Any) -> None:
        """Write the workbook: sheets Summary, Customers (every customer) and Movers.

        Parameters
        ----------
        path_or_buffer : str, path or binary file-like
            Where to write the ``.xlsx`` file (e.g. ``io.BytesIO()`` for a download).
        """
        from ._portfolio_pages import excel_frames

        summary, customers, movers = excel_frames(self)
        with pd.ExcelWriter(path_or_buffer, engine="openpyxl") as writer:
            summary.to_excel(writer, sheet_name=t("portfolio_report.sheet_summary"), index=False)
            customers.to_excel(
                writer, sheet_name=t("portfolio_report.sheet_customers"), index=False
            )
            movers.to_excel(writer, sheet_name=t("portfolio_report.sheet_movers"), index=False)
            for sheet in writer.sheets.values():
                for column in sheet.columns:
                    for cell in column:  # a name such as "=SUM(A1)" is text, not a formula
                        if cell.data_type == "f":
                            cell.data_type = "s"
                    width = max(len(str(cell.value or "")) for cell in column[:200])
                    sheet.column_dimensions[column[0].column_letter].width = min(
                        60, max(10, width + 2)
                    )


# ---------------------------------------------------------------------------- build
def _check_text(value: Any, name: str, example: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WrongTypeError(
            f"`{name}` must be a non-empty text such as {example!r}, but {value!r} was passed."
        )
    return value.strip()


def _dates(lines: pd.DataFrame, date: Hashable) -> pd.Series:
    """The date column, which must hold dates: text is never guessed at (03/04/2025?)."""
    out = lines[date]
    if not pd.api.types.is_datetime64_any_dtype(out.dtype):
        first = out.dropna().iloc[0] if out.notna().any() else None
        raise WrongTypeError(
            f"`date`={date!r} must be a column of dates, but it holds {out.dtype} values, "
            f"e.g. {first!r}. Read the file with kt.read_export (it finds the date format and "
            f"reports every line it cannot read), or convert the column with pd.to_datetime."
        )
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    if out.isna().all():
        raise DataError(f"`date`={date!r} holds no date at all, so there are no years to compare.")
    return out.dt.normalize()


def _totals(lines: pd.DataFrame, customer: Hashable, amount: Hashable) -> pd.Series:
    """Net revenue per customer of some lines (empty when no line can be used)."""
    if len(lines) == 0:
        return pd.Series(dtype=float)
    try:
        return customer_totals(lines, customer=customer, amount=amount)
    except EmptyDataError:
        return pd.Series(dtype=float)


def _periods(
    first: pd.Timestamp, last: pd.Timestamp, year: int | None
) -> tuple[int, tuple[pd.Timestamp, pd.Timestamp] | None]:
    """The year compared and its period (None when the previous year is not covered)."""
    current = last.year if year is None else year
    start = max(pd.Timestamp(current, 1, 1), first + pd.DateOffset(years=1))
    end = min(pd.Timestamp(current, 12, 31), last)
    if start > end:
        return current, None
    return current, (start, end)


def _statuses(previous: pd.Series, current: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Status of each customer and the relative change (NaN unless previous > 0)."""
    p = previous.to_numpy(dtype=float)
    c = current.to_numpy(dtype=float)
    change_pct = np.divide(c - p, p, out=np.full(len(p), np.nan), where=p > 0)
    status = np.select(
        [
            (p <= 0) & (c <= 0),
            (p > 0) & (c <= 0),
            (p <= 0) & (c > 0),
            change_pct >= MOVER_THRESHOLD - SHARE_TOLERANCE,
            change_pct <= -MOVER_THRESHOLD + SHARE_TOLERANCE,
        ],
        ["inactive", "lost", "won", "growing", "shrinking"],
        "stable",
    )
    return status, change_pct


def portfolio_report(
    lines: pd.DataFrame,
    *,
    title: str | None = None,
    currency: str = "PLN",
    customer: Hashable = "customer",
    date: Hashable = "date",
    amount: Hashable = "amount",
    cost_of_goods: Hashable = "cost_of_goods",
    year: int | None = None,
    notes: Sequence[str] = (),
) -> PortfolioReport:
    """Analyse a customer portfolio from invoice lines, for the KAM and the manager.

    Parameters
    ----------
    lines : DataFrame
        One row per invoice or credit-note line: ``export.lines`` of
        ``kt.read_export``, or any DataFrame with these columns.
    title : str, optional
        The report's heading (default: "Customer portfolio").
    currency : str, default "PLN"
        The currency of the amounts, written after every amount.
    customer, date, amount : column names, default "customer", "date", "amount"
        The customer of each line, its invoice date (datetime, or text pandas can
        read) and its net amount (credit notes negative).
    cost_of_goods : column name, default "cost_of_goods"
        The line's cost of goods. When the column exists and every line has a value,
        the report adds the gross profit and its whale curve; otherwise it says why not.
    year : int, optional
        The year whose movers are shown, against the year before (default: the year of
        the last invoice date).
    notes : sequence of str, optional
        Notes printed in the report, e.g. ``export.mapping.notes`` (how the file was
        read, whether it was anonymised).

    Returns
    -------
    PortfolioReport
        See :class:`PortfolioReport`; ``.to_html()`` and ``.to_excel(path)`` write it.

    Raises
    ------
    WrongTypeError
        ``lines`` is not a DataFrame, or ``title``, ``currency``, ``year`` or ``notes``
        is of the wrong kind.
    DataError
        A named column is missing, or the dates cannot be read.
    EmptyDataError
        No line has both a customer and a readable amount (as
        :func:`kamtools.customer_totals` raises it).
    ParameterError
        ``year`` is outside the years of the data.

    Notes
    -----
    See the module notes for the decisions: customers below zero, a total of zero,
    dependency thresholds, gross profit and the year-on-year periods.

    Examples
    --------
    >>> import pandas as pd
    >>> import kamtools as kt
    >>> lines = pd.DataFrame({
    ...     "customer": ["A", "B", "A", "B", "C"],
    ...     "date": pd.to_datetime(["2024-03-01", "2024-05-01", "2025-03-01",
    ...                             "2025-05-01", "2025-06-01"]),
    ...     "amount": [100.0, 50.0, 150.0, 20.0, 30.0],
    ... })
    >>> report = kt.portfolio_report(lines)
    >>> report.customers[["customer", "revenue", "abc_class", "status"]]
      customer  revenue abc_class     status
    0        A    250.0         A    growing
    1        B     70.0         A  shrinking
    2        C     30.0         B        won
    >>> report.figures["largest_share"] == 250 / 350
    True
    """
    if not isinstance(lines, pd.DataFrame):
        raise WrongTypeError(
            f"`lines` must be a pandas DataFrame of invoice lines (export.lines), but "
            f"{type(lines).__name__} was passed."
        )
    title = t("portfolio_report.default_title") if title is None else title
    title = _check_text(title, "title", "Customer portfolio 2025")
    currency = _check_text(currency, "currency", "PLN")
    if year is not None and (isinstance(year, bool) or not isinstance(year, (int, np.integer))):
        raise WrongTypeError(f"`year` must be a whole year such as 2025, but {year!r} was passed.")
    if isinstance(notes, str) or not all(isinstance(n, str) for n in notes):
        raise WrongTypeError(
            f"`notes` must be a list of sentences (e.g. export.mapping.notes), but {notes!r} "
            "was passed."
        )
    check_columns(lines, {"customer": customer, "date": date, "amount": amount}, name="lines")
    dates = _dates(lines, date)
    result = customer_totals(lines, customer=customer, amount=amount, report=True)
    totals = result.totals.rename("revenue")
    remarks: list[str] = []
    lines_excluded = result.lines_total - result.lines_used
    if lines_excluded:
        remarks.append(t("portfolio_report.excluded", lines=_integer(lines_excluded)))
    no_date = int(dates.isna().sum())
    if no_date:
        remarks.append(t("portfolio_report.no_date", lines=_integer(no_date)))
    first, last = pd.Timestamp(dates.min()), pd.Timestamp(dates.max())
    if year is not None and not first.year <= int(year) <= last.year:
        raise ParameterError(
            f"`year`={year!r} is outside the data, which run from {first:%d.%m.%Y} to "
            f"{last:%d.%m.%Y}; pass a year from {first.year} to {last.year}."
        )

    # Concentration: the Pareto table gives the order, the shares and the ABC classes.
    figures: dict[str, float] = {}
    try:
        table = pareto_table(totals, negative="zero")
        report = concentration_report(totals, negative="zero")
        abc = abc_summary(totals, negative="zero")
    except NonPositiveTotalError:
        order = descending_order(totals)
        table = pd.DataFrame(
            {
                "rank": np.arange(1, len(totals) + 1, dtype=np.int64),
                "customer": totals.index[order],
                "share": np.nan,
                "cumulative_share": np.nan,
                "abc_class": "",
            }
        )
        report = None
        abc = pd.DataFrame(columns=["customers", "customer_share", "value_share"])
        remarks.append(t("portfolio_report.zero_total", total=_number(float(totals.sum()), 2)))
    customers = table[["rank", "customer", "share", "cumulative_share", "abc_class"]].copy()
    customers.insert(2, "revenue", totals.reindex(customers["customer"]).to_numpy())
    n = len(customers)
    nan = float("nan")
    if report is not None:
        top3 = float(table["cumulative_share"].iloc[min(3, n) - 1])
        figures.update(
            n_customers=float(report["n_customers"]),
            total=float(totals.sum()),
            top_20_share=float(report["top20pct_share"]),
            customers_for_80pct=float(report["customers_for_80pct"]),
            gini=float(report["gini"]),
            hhi=float(report["hhi"]),
            hhi_points=float(report["hhi"]) * 10_000.0,
            equivalent_customers=float(report["equivalent_customers"]),
            largest_share=float(report["top1_share"]),
            top_3_share=top3,
            top_5_share=float(report["top5_share"]),
            customers_at_10pct=float((table["share"] >= DISCLOSURE_SHARE - SHARE_TOLERANCE).sum()),
            n_negative=float(report["n_negative"]),
            n_zero=float(report["n_zero"]),
        )
        if report["n_negative"]:
            remarks.append(t("portfolio_report.negative", count=int(report["n_negative"])))
    else:
        keys = (
            "top_20_share customers_for_80pct gini hhi hhi_points equivalent_customers "
            "largest_share top_3_share top_5_share customers_at_10pct"
        ).split()
        figures.update(dict.fromkeys(keys, nan))
        figures.update(
            n_customers=float(n),
            total=float(totals.sum()),
            n_negative=float((totals < 0).sum()),
            n_zero=float((totals == 0).sum()),
        )
    figures.update(
        lines_used=float(result.lines_used),
        lines_excluded=float(lines_excluded),
        lines_without_date=float(no_date),
    )

    # Revenue per calendar year, and the movers of the period compared.
    years = dates.dt.year
    ids = customers["customer"]
    for y in sorted(int(v) for v in years.dropna().unique()):
        per_year = _totals(lines[(years == y).to_numpy()], customer, amount)
        customers[f"revenue_{y}"] = per_year.reindex(ids).fillna(0.0).to_numpy()
    current_year, period = _periods(first, last, None if year is None else int(year))
    previous_period = None
    if period is None:
        if years.nunique() == 1:
            remarks.append(t("portfolio_report.one_year", year=current_year))
        else:
            remarks.append(
                t(
                    "portfolio_report.no_overlap",
                    year=current_year,
                    previous=current_year - 1,
                    first=f"{first:%d.%m.%Y}",
                    last=f"{last:%d.%m.%Y}",
                )
            )
        previous = current = pd.Series(np.nan, index=ids)
    else:
        previous_period = (period[0] - pd.DateOffset(years=1), period[1] - pd.DateOffset(years=1))
        in_current = dates.between(*period).to_numpy()
        in_previous = dates.between(*previous_period).to_numpy()
        current = _totals(lines[in_current], customer, amount).reindex(ids).fillna(0.0)
        previous = _totals(lines[in_previous], customer, amount).reindex(ids).fillna(0.0)
        start, end = period
        if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31):
            remarks.append(
                t(
                    "portfolio_report.partial",
                    year=current_year,
                    previous=current_year - 1,
                    start=f"{start:%d.%m}",
                    end=f"{end:%d.%m}",
                    first=f"{first:%d.%m.%Y}",
                    last=f"{last:%d.%m.%Y}",
                )
            )
    customers["revenue_previous"] = previous.to_numpy(dtype=float)
    customers["revenue_current"] = current.to_numpy(dtype=float)
    customers["change"] = customers["revenue_current"] - customers["revenue_previous"]
    if period is None:
        customers["change_pct"] = np.nan
        customers["status"] = ""
    else:
        status, change_pct = _statuses(previous, current)
        customers["change_pct"] = change_pct
        customers["status"] = status
    for s in STATUSES:
        figures[s] = float((customers["status"] == s).sum()) if period is not None else nan
    movers = customers.loc[
        customers["status"].isin(MOVER_STATUSES),
        ["customer", "status", "revenue_previous", "revenue_current", "change", "change_pct"],
    ].copy()
    movers["_order"] = movers["status"].map({s: i for i, s in enumerate(STATUSES)})
    movers["_size"] = -movers["change"].abs()
    movers = movers.sort_values(["_order", "_size", "customer"], kind="stable")
    movers = movers.drop(columns=["_order", "_size"]).reset_index(drop=True)

    # Gross profit and its whale curve, when every line has its cost of goods.
    whale = None
    figures.update(gross_profit_total=nan, largest_gross_profit_share=nan, whale_peak_share=nan)
    if cost_of_goods in lines.columns:
        cogs_lines = pd.to_numeric(lines[cost_of_goods], errors="coerce")
        missing = int(cogs_lines.isna().sum())
        if missing:
            remarks.append(t("portfolio_report.missing_cost", lines=_integer(missing)))
        else:
            whale = _gross_profit(lines, customers, customer, cost_of_goods, totals, figures)
            remarks.append(t("portfolio_report.gross_profit_note"))
    else:
        remarks.append(t("portfolio_report.no_cost"))

    return PortfolioReport(
        title=title,
        currency=currency,
        customers=customers,
        figures=types.MappingProxyType(figures),
        movers=movers,
        abc=abc,
        first_date=first,
        last_date=last,
        current_period=period,
        previous_period=previous_period,
        whale=whale,
        notes=tuple(notes),
        remarks=tuple(remarks),
    )


def _gross_profit(
    lines: pd.DataFrame,
    customers: pd.DataFrame,
    customer: Hashable,
    cost_of_goods: Hashable,
    totals: pd.Series,
    figures: dict[str, float],
) -> WhaleCurve:
    """Add gross profit and margin to ``customers`` and the figures; return the whale."""
    cogs = _totals(lines, customer, cost_of_goods).reindex(totals.index).fillna(0.0)
    data = pd.DataFrame({"revenue": totals, "cost_of_goods": cogs})
    try:
        profit = customer_profit(data, cost_rates={}, rebate=None)
        gross = profit["gross_margin"]
    except NegativeValuesError:  # net cost of goods below 0 (returns): same formula
        gross = data["revenue"] - data["cost_of_goods"]
    ids = customers["customer"]
    customers["gross_profit"] = gross.reindex(ids).to_numpy()
    revenue = customers["revenue"].to_numpy(dtype=float)
    customers["gross_margin"] = np.divide(
        customers["gross_profit"].to_numpy(dtype=float),
        revenue,
        out=np.full(len(revenue), np.nan),
        where=revenue > 0,
    )
    curve = whale_curve(gross.rename("profit"))
    figures["gross_profit_total"] = float(curve.total_profit)
    if curve.share_defined:
        top = float(curve.table["profit"].iloc[0])
        figures["largest_gross_profit_share"] = top / float(curve.total_profit)
        figures["whale_peak_share"] = float(curve.peak_share)
    return curve
