"""The HTML page and the Excel workbook of a :class:`~kamtools.analysis.portfolio_review.PortfolioReport`.

Private to :mod:`kamtools.analysis.portfolio_review` (its methods ``to_html``, ``to_excel``
and ``charts`` call in here), kept apart so that each file stays short. Every word comes
from the ``portfolio_report`` section of the message catalogue; every name and note is
escaped.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable, Sequence
from datetime import date as _date
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._numbers import integer as _integer
from .._numbers import number as _number
from .._numbers import percent as _percent
from .._typing import frame_rows
from .._validate import SHARE_TOLERANCE
from ..i18n import get_language
from ..messages import t
from .portfolio_review import (
    DISCLOSURE_SHARE,
    HTML_YEARS,
    MOVER_STATUSES,
    MOVER_THRESHOLD,
    PROFIT_WARNING_SHARE,
    STATUSES,
    TOP_ROWS,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .portfolio_review import PortfolioReport


# ----------------------------------------------------------------------------- HTML
def png(draw: Callable[[Axes], Any]) -> str:
    """Draw on a new figure (Agg, no pyplot state) and return it as base64 PNG."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.0, 5.5), layout="constrained")
    draw(fig.add_subplot())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _pct(value: float) -> str:
    return "–" if value is None or math.isnan(float(value)) else _percent(float(value), 1)


def _signed_pct(value: float) -> str:
    return (
        "–" if value is None or math.isnan(float(value)) else _percent(float(value), 1, sign=True)
    )


def _status_word(status: str) -> str:
    words = {
        "lost": t("portfolio_report.status_lost"),
        "won": t("portfolio_report.status_won"),
        "shrinking": t("portfolio_report.status_shrinking"),
        "growing": t("portfolio_report.status_growing"),
        "stable": t("portfolio_report.status_stable"),
        "inactive": t("portfolio_report.status_inactive"),
    }
    return words.get(status, "")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    head = "".join(
        f"<th{' class=num' if i in numeric else ''}>{_esc(h)}</th>" for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in numeric else ''}>{cell}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure_rows(r: PortfolioReport) -> list[tuple[str, str]]:
    """(label, formatted value) of the key figures, for the page and the workbook."""
    f = r.figures
    rows = [
        (t("portfolio_report.customers"), _integer(int(f["n_customers"]))),
        (t("portfolio_report.total"), r.money(f["total"])),
    ]
    if r.has_concentration:
        rows += [
            (t("portfolio_report.top_20_share"), _pct(f["top_20_share"])),
            (t("portfolio_report.customers_for_80"), _integer(int(f["customers_for_80pct"]))),
            (t("portfolio_report.gini"), _number(f["gini"], 2)),
            (t("portfolio_report.hhi"), _number(f["hhi_points"])),
            (t("portfolio_report.equivalent"), _number(f["equivalent_customers"], 1)),
            (t("portfolio_report.largest_share"), _pct(f["largest_share"])),
            (t("portfolio_report.top_3_share"), _pct(f["top_3_share"])),
            (t("portfolio_report.customers_at_10"), _integer(int(f["customers_at_10pct"]))),
        ]
    if not math.isnan(f["gross_profit_total"]):
        rows.append((t("portfolio_report.gross_profit_total"), r.money(f["gross_profit_total"])))
    return rows


def _dependency(r: PortfolioReport) -> list[str]:
    """Sentences on the dependency risk, against the lines the course teaches."""
    if not r.has_concentration:
        return []
    f = r.figures
    big = r.customers[r.customers["share"] >= DISCLOSURE_SHARE - SHARE_TOLERANCE]
    if len(big):
        names = ", ".join(
            f"{c} ({_pct(s)})" for c, s in zip(big["customer"], big["share"], strict=True)
        )
        out = [
            t(
                "portfolio_report.dependency_over",
                count=len(big),
                names=names,
                line=_percent(DISCLOSURE_SHARE, 0),
            )
        ]
    else:
        out = [
            t(
                "portfolio_report.dependency_under",
                share=_pct(f["largest_share"]),
                line=_percent(DISCLOSURE_SHARE, 0),
            )
        ]
    out.append(t("portfolio_report.dependency_top3", share=_pct(f["top_3_share"])))
    share = f["largest_gross_profit_share"]
    if r.whale is not None and not math.isnan(share):
        name = str(r.whale.table["customer"].iloc[0])
        key_over = share > PROFIT_WARNING_SHARE
        line = _percent(PROFIT_WARNING_SHARE, 0)
        out.append(
            t("portfolio_report.profit_over", name=name, share=_pct(share), line=line)
            if key_over
            else t("portfolio_report.profit_under", share=_pct(share), line=line)
        )
    return out


def _year_columns(r: PortfolioReport) -> list[str]:
    return [c for c in r.customers.columns if c.startswith("revenue_") and c[8:].isdigit()]


_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; max-width: 60em;
       margin: 1.5em auto; padding: 0 1em; font-size: 10.5pt; line-height: 1.4; }
h1 { color: #0d47a1; margin: 0 0 0.2em; font-size: 1.8em; }
h2 { color: #0d47a1; border-bottom: 2px solid #0072B2; padding-bottom: 0.1em;
     margin-top: 1.6em; font-size: 1.25em; }
.period { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
th, td { border-bottom: 1px solid #cfd8dc; padding: 0.25em 0.45em; text-align: left;
         vertical-align: top; }
th { background: #eceff1; }
.num { text-align: right; white-space: nowrap; }
img { max-width: 100%; height: auto; display: block; margin: 0.5em auto; }
.note { color: #37474f; font-size: 0.92em; }
.risk { border-left: 4px solid #D55E00; padding-left: 0.8em; }
footer { margin-top: 2em; color: #666; font-size: 0.85em; border-top: 1px solid #ccc;
         padding-top: 0.4em; }
@media print {
  body { margin: 0; max-width: none; }
  h2, h3 { break-after: avoid; }
  .risk { break-inside: avoid; }
  table, img, figure { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def html_page(r: PortfolioReport) -> str:
    f = r.figures
    parts: list[str] = []
    parts.append(f"<h1>{_esc(r.title)}</h1>")
    parts.append(
        "<p class=period>"
        + _esc(
            t(
                "portfolio_report.period",
                first=f"{r.first_date:%d.%m.%Y}",
                last=f"{r.last_date:%d.%m.%Y}",
                lines=_integer(int(f["lines_used"])),
                customers=_integer(int(f["n_customers"])),
                total=r.money(f["total"]),
            )
        )
        + "</p>"
    )
    # Key figures and dependency risk.
    parts.append(f"<h2>{_esc(t('portfolio_report.figures'))}</h2>")
    rows = [(_esc(label), _esc(value)) for label, value in _figure_rows(r)]
    parts.append(
        _table([t("portfolio_report.figure"), t("portfolio_report.value")], rows, numeric={1})
    )
    dependency = _dependency(r)
    if dependency:
        parts.append(f"<h2>{_esc(t('portfolio_report.dependency'))}</h2>")
        parts.append(
            "<div class=risk>" + "".join(f"<p>{_esc(s)}</p>" for s in dependency) + "</div>"
        )
    charts = r.charts()
    if "pareto" in charts:
        parts.append(f"<h2>{_esc(t('portfolio_report.concentration'))}</h2>")
        alts = {
            "pareto": t("portfolio_report.chart_pareto"),
            "lorenz": t("portfolio_report.chart_lorenz"),
        }
        for name, alt in alts.items():
            parts.append(f'<img alt="{_esc(alt)}" src="data:image/png;base64,{charts[name]}">')
    # ABC classes.
    if r.has_concentration:
        parts.append(f"<h2>{_esc(t('portfolio_report.abc'))}</h2>")
        parts.append(f"<p class=note>{_esc(t('portfolio_report.abc_rule'))}</p>")
        abc_rows = [
            (
                _esc(cls),
                _integer(int(row.customers)),
                _pct(row.customer_share),
                _pct(row.value_share),
            )
            for cls, row in zip(r.abc.index, frame_rows(r.abc), strict=True)
        ]
        parts.append(
            _table(
                [
                    t("portfolio_report.class"),
                    t("portfolio_report.customers"),
                    t("portfolio_report.customer_share"),
                    t("portfolio_report.revenue_share"),
                ],
                abc_rows,
                numeric={1, 2, 3},
            )
        )
    # The largest accounts, year by year.
    parts.append(
        f"<h2>{_esc(t('portfolio_report.top_accounts', count=min(TOP_ROWS, len(r.customers))))}</h2>"
    )
    years = _year_columns(r)[-HTML_YEARS:]
    top = r.customers.head(TOP_ROWS)
    headers = [
        t("portfolio_report.rank"),
        t("portfolio_report.customer"),
        t("portfolio_report.class"),
        t("portfolio_report.net_revenue"),
        t("portfolio_report.share"),
        *[c[8:] for c in years],
        t("portfolio_report.change"),
    ]
    top_rows = [
        (
            str(int(row["rank"])),
            _esc(row["customer"]),
            _esc(row["abc_class"]),
            _esc(r.money(row["revenue"])),
            _pct(row["share"]),
            *[_esc(r.money(row[c])) for c in years],
            _signed_pct(row["change_pct"])
            if row["status"] not in ("won", "lost")
            else _esc(_status_word(row["status"])),
        )
        for _, row in top.iterrows()
    ]
    parts.append(_table(headers, top_rows, numeric={0, 3, 4, *range(5, 6 + len(years))}))
    # Movers.
    parts.append(f"<h2>{_esc(t('portfolio_report.movers'))}</h2>")
    if r.current_period is None:
        parts.append(f"<p>{_esc(t('portfolio_report.no_movers'))}</p>")
    else:
        now, before = r.period_label(r.current_period), r.period_label(r.previous_period)
        parts.append(
            f"<p>{_esc(t('portfolio_report.movers_compare', current=now, previous=before))}</p>"
        )
        rule = t("portfolio_report.movers_rule", threshold=_percent(MOVER_THRESHOLD, 0))
        parts.append(f"<p class=note>{_esc(rule)}</p>")
        count_rows = []
        for s in STATUSES[:5]:
            of_status = r.customers[r.customers["status"] == s]
            count_rows.append(
                (
                    _esc(_status_word(s)),
                    _integer(len(of_status)),
                    _esc(r.money(float(of_status["change"].sum()))),
                )
            )
        parts.append(
            _table(
                [
                    t("portfolio_report.status"),
                    t("portfolio_report.customers"),
                    t("portfolio_report.change_revenue"),
                ],
                count_rows,
                numeric={1, 2},
            )
        )
        for s in MOVER_STATUSES:
            of_status = r.movers[r.movers["status"] == s]
            if of_status.empty:
                continue
            parts.append(
                f"<h3>{_esc(_status_word(s).capitalize())} ({_integer(len(of_status))})</h3>"
            )
            mover_rows = [
                (
                    _esc(row.customer),
                    _esc(r.money(row.revenue_previous)),
                    _esc(r.money(row.revenue_current)),
                    _esc(r.money(row.change)),
                    _signed_pct(row.change_pct),
                )
                for row in frame_rows(of_status.head(TOP_ROWS))
            ]
            parts.append(
                _table(
                    [
                        t("portfolio_report.customer"),
                        before,
                        now,
                        t("portfolio_report.change"),
                        t("portfolio_report.change_pct"),
                    ],
                    mover_rows,
                    numeric={1, 2, 3, 4},
                )
            )
        if len(r.movers) > 0 and (r.movers["status"].value_counts() > TOP_ROWS).any():
            parts.append(
                f"<p class=note>{_esc(t('portfolio_report.movers_more', shown=TOP_ROWS, count=_integer(len(r.movers))))}</p>"
            )
    # Gross profit.
    if "whale" in charts:
        parts.append(f"<h2>{_esc(t('portfolio_report.chart_whale'))}</h2>")
        alt = _esc(t("portfolio_report.chart_whale"))
        parts.append(f'<img alt="{alt}" src="data:image/png;base64,{charts["whale"]}">')
    # Notes.
    notes = [*r.remarks, *r.notes]
    if notes:
        parts.append(f"<h2>{_esc(t('portfolio_report.notes'))}</h2>")
        parts.append("<ul>" + "".join(f"<li>{_esc(n)}</li>" for n in notes) + "</ul>")
    parts.append(
        f"<footer>{_esc(t('portfolio_report.footer', date=f'{_date.today():%d.%m.%Y}'))}</footer>"
    )
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{get_language()}"><head><meta charset="utf-8">\n'
        f"<title>{_esc(r.title)}</title>\n<style>{_CSS}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


# ---------------------------------------------------------------------------- Excel
def excel_frames(r: PortfolioReport) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three sheets: Summary, Customers (every customer) and Movers."""
    item, value = t("portfolio_report.figure"), t("portfolio_report.value")
    summary_rows: list[tuple[str, Any]] = [
        (t("portfolio_report.report_title"), r.title),
        (t("portfolio_report.first_date"), r.first_date.date()),
        (t("portfolio_report.last_date"), r.last_date.date()),
        (t("portfolio_report.currency"), r.currency),
    ]
    summary_rows += _figure_rows(r)
    if r.current_period is not None:
        summary_rows.append(
            (
                t("portfolio_report.movers"),
                t(
                    "portfolio_report.movers_compare",
                    current=r.period_label(r.current_period),
                    previous=r.period_label(r.previous_period),
                ),
            )
        )
    summary_rows += [(t("portfolio_report.dependency"), s) for s in _dependency(r)]
    summary_rows += [(t("portfolio_report.notes"), n) for n in (*r.remarks, *r.notes)]
    summary = pd.DataFrame(summary_rows, columns=[item, value])

    c = r.customers
    names = {
        "rank": t("portfolio_report.rank"),
        "customer": t("portfolio_report.customer"),
        "revenue": t("portfolio_report.net_revenue"),
        "share": t("portfolio_report.share"),
        "cumulative_share": t("portfolio_report.cumulative_share"),
        "abc_class": t("portfolio_report.class"),
        "gross_profit": t("portfolio_report.gross_profit"),
        "gross_margin": t("portfolio_report.gross_margin"),
    }
    before = r.period_label(r.previous_period)
    now = r.period_label(r.current_period)
    period_names = {
        "revenue_previous": before,
        "revenue_current": now,
        "change": t("portfolio_report.change"),
        "change_pct": t("portfolio_report.change_pct"),
        "status": t("portfolio_report.status"),
    }
    years = {col: col[8:] for col in _year_columns(r)}
    keep = [col for col in c.columns if col in names or col in years]
    if r.current_period is not None:
        keep += list(period_names)
    customers = c[keep].rename(columns={**names, **years, **period_names})
    status_col = t("portfolio_report.status")
    if status_col in customers.columns:
        customers[status_col] = customers[status_col].map(_status_word)
    if r.current_period is None:
        movers = pd.DataFrame({t("portfolio_report.movers"): [t("portfolio_report.no_movers")]})
    else:
        movers = r.movers.rename(columns={"customer": names["customer"], **period_names})
        movers[status_col] = movers[status_col].map(_status_word)
    return summary, customers, movers
