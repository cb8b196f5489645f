"""Tests for kt.portfolio_report: the portfolio of your own customers, as HTML and Excel.

The six-customer portfolio below is worked out by hand (net revenue 2024-2025):

=========  =====  =====  =====  =====  ==========  =====  ================
customer    2024   2025  total  share  cumulative  class  2025 vs 2024
=========  =====  =====  =====  =====  ==========  =====  ================
Alfa         400    500    900   45%      45%        A    +25% growing
Bravo        300    280    580   29%      74%        A    -6.7% stable
Celsa        200    100    300   15%      89%        A    -50% shrinking
Delta        100      0    100    5%      94%        B    lost
Echo           0     80     80    4%      98%        B    won
Fokus         20     20     40    2%     100%        C    0% stable
=========  =====  =====  =====  =====  ==========  =====  ================

Total 2,000. Top 20% = ceil(1.2) = 2 customers = 74%. Customers for 80% = 3. HHI =
.45² + .29² + .15² + .05² + .04² + .02² = .3136. Gini (ascending 40, 80, 100, 300, 580,
900): 2 * 10,000 / (6 * 2,000) - 7/6 = 0.5.
"""

from __future__ import annotations

import io
import math
import re

import numpy as np
import pandas as pd
import pytest

import kamtools as kt
from kamtools.messages import t

ROWS = [
    ("Alfa", "2024-01-01", 250.0), ("Alfa", "2024-06-10", 150.0), ("Alfa", "2025-12-31", 500.0),
    ("Bravo", "2024-03-01", 300.0), ("Bravo", "2025-03-01", 300.0), ("Bravo", "2025-04-01", -20.0),
    ("Celsa", "2024-05-05", 200.0), ("Celsa", "2025-05-05", 100.0),
    ("Delta", "2024-07-07", 100.0),
    ("Echo", "2025-08-08", 80.0),
    ("Fokus", "2024-09-09", 20.0), ("Fokus", "2025-09-09", 20.0),
]  # fmt: skip


def six(**extra) -> pd.DataFrame:
    lines = pd.DataFrame(ROWS, columns=["customer", "date", "amount"])
    lines["date"] = pd.to_datetime(lines["date"])
    return lines.assign(**extra)


@pytest.fixture(scope="module")
def report() -> kt.PortfolioReport:
    return kt.portfolio_report(six(), title="Portfolio 2025")


# --------------------------------------------------------------------------- figures
def test_the_hand_computed_figures(report):
    f = report.figures
    assert f["n_customers"] == 6
    assert f["total"] == pytest.approx(2000)
    assert f["top_20_share"] == pytest.approx(0.74)
    assert f["customers_for_80pct"] == 3
    assert f["gini"] == pytest.approx(0.5)
    assert f["hhi"] == pytest.approx(0.3136)
    assert f["hhi_points"] == pytest.approx(3136)
    assert f["equivalent_customers"] == pytest.approx(1 / 0.3136)
    assert f["largest_share"] == pytest.approx(0.45)
    assert f["top_3_share"] == pytest.approx(0.89)
    assert f["customers_at_10pct"] == 3
    assert f["n_negative"] == 0 and f["lines_used"] == 12 and f["lines_excluded"] == 0


def test_every_figure_comes_from_the_course_functions(report):
    totals = kt.customer_totals(six(), customer="customer", amount="amount")
    conc = kt.concentration_report(totals, negative="zero")
    f = report.figures
    assert f["top_20_share"] == conc["top20pct_share"] == kt.top_share(totals, 0.2)
    assert f["gini"] == kt.gini(totals) and f["hhi"] == kt.hhi(totals)
    pd.testing.assert_series_equal(
        report.customers.set_index("customer")["abc_class"],
        kt.abc_classes(totals).reindex(report.customers["customer"]).rename_axis("customer"),
        check_names=False,
    )


def test_customers_are_ranked_with_their_abc_class(report):
    c = report.customers
    assert c["customer"].tolist() == ["Alfa", "Bravo", "Celsa", "Delta", "Echo", "Fokus"]
    assert c["rank"].tolist() == [1, 2, 3, 4, 5, 6]
    assert c["abc_class"].tolist() == ["A", "A", "A", "B", "B", "C"]
    assert c["revenue"].tolist() == [900, 580, 300, 100, 80, 40]
    assert c["revenue_2024"].tolist() == [400, 300, 200, 100, 0, 20]
    assert c["revenue_2025"].tolist() == [500, 280, 100, 0, 80, 20]
    assert report.abc["customers"].tolist() == [3, 2, 1]


def test_the_movers_of_two_full_years(report):
    c = report.customers.set_index("customer")
    assert c["status"].to_dict() == {
        "Alfa": "growing", "Bravo": "stable", "Celsa": "shrinking",
        "Delta": "lost", "Echo": "won", "Fokus": "stable",
    }  # fmt: skip
    assert c.loc["Alfa", "change_pct"] == pytest.approx(0.25)
    assert math.isnan(c.loc["Echo", "change_pct"])
    m = report.movers
    assert m["customer"].tolist() == ["Delta", "Echo", "Celsa", "Alfa"]
    assert m["status"].tolist() == ["lost", "won", "shrinking", "growing"]
    assert m["change"].tolist() == [-100, 80, -100, 100]
    assert report.current_period == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"))
    assert report.previous_period == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"))
    assert report.figures["lost"] == 1 and report.figures["stable"] == 2
    assert not any("not a whole year" in r for r in report.remarks)


def test_ten_percent_exactly_is_a_mover():
    lines = pd.DataFrame(
        {
            "customer": ["A", "A", "B", "B"],
            "date": pd.to_datetime(["2024-01-01", "2025-12-31", "2024-06-01", "2025-06-01"]),
            "amount": [200.0, 220.0, 300.0, 270.0],
        }
    )
    status = kt.portfolio_report(lines).customers.set_index("customer")["status"]
    assert status.to_dict() == {"A": "growing", "B": "shrinking"}


def test_a_partial_last_year_is_compared_with_the_same_days():
    lines = pd.DataFrame(
        {
            "customer": ["A", "A", "A", "B", "B"],
            "date": pd.to_datetime(
                ["2024-01-01", "2024-03-01", "2024-09-01", "2025-02-01", "2025-06-30"]
            ),
            "amount": [100.0, 100.0, 999.0, 100.0, 50.0],
        }
    )
    report = kt.portfolio_report(lines)
    assert report.current_period == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-06-30"))
    assert report.previous_period == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-06-30"))
    c = report.customers.set_index("customer")
    assert c.loc["A", "revenue_previous"] == 200  # September 2024 is not compared
    assert c["status"].to_dict() == {"A": "lost", "B": "won"}
    assert any("01.01 to 30.06 of 2025" in r for r in report.remarks)
    assert "01.01.2025-30.06.2025" in report.to_html()


def test_year_picks_the_comparison_and_must_be_in_the_data():
    report = kt.portfolio_report(six(), year=2024)
    assert report.current_period is None  # 2023 is not in the data
    assert report.movers.empty
    with pytest.raises(kt.ParameterError, match="2019"):
        kt.portfolio_report(six(), year=2019)
    with pytest.raises(kt.WrongTypeError, match="year"):
        kt.portfolio_report(six(), year="2025")  # type: ignore[arg-type]


# ----------------------------------------------------------------------- edge cases
def test_one_customer():
    lines = pd.DataFrame(
        {"customer": ["Solo"] * 2, "date": pd.to_datetime(["2024-01-01", "2025-12-31"]),
         "amount": [100.0, 150.0]}
    )  # fmt: skip
    report = kt.portfolio_report(lines)
    f = report.figures
    assert (f["n_customers"], f["largest_share"], f["top_3_share"], f["gini"], f["hhi"]) == (
        1, 1.0, 1.0, 0.0, 1.0,
    )  # fmt: skip
    assert report.customers["abc_class"].tolist() == ["A"]
    assert report.movers["status"].tolist() == ["growing"]
    assert "Solo" in report.to_html()


def test_all_in_one_year_has_no_movers_and_says_so():
    lines = six()
    lines["date"] = lines["date"].map(lambda d: d.replace(year=2025))
    report = kt.portfolio_report(lines)
    assert report.movers.empty and report.current_period is None
    assert (report.customers["status"] == "").all()
    assert math.isnan(report.figures["lost"])
    said = t("portfolio_report.one_year", year=2025)
    assert said in report.remarks
    page = report.to_html()
    assert t("portfolio_report.no_movers") in page
    buffer = io.BytesIO()
    report.to_excel(buffer)
    movers = pd.read_excel(buffer, sheet_name=t("portfolio_report.sheet_movers"))
    assert movers.iloc[0, 0] == t("portfolio_report.no_movers")


def test_a_customer_with_more_credit_notes_than_sales():
    lines = pd.concat(
        [six(), pd.DataFrame({"customer": ["Gamma", "Gamma"],
                              "date": pd.to_datetime(["2025-02-01", "2025-03-01"]),
                              "amount": [30.0, -80.0]})],
        ignore_index=True,
    )  # fmt: skip
    report = kt.portfolio_report(lines)
    c = report.customers.set_index("customer")
    assert c.loc["Gamma", "revenue"] == -50
    assert c.loc["Gamma", "share"] == 0 and c.loc["Gamma", "abc_class"] == "C"
    assert report.figures["n_negative"] == 1 and report.figures["n_customers"] == 7
    assert report.figures["total"] == pytest.approx(1950)
    assert report.figures["largest_share"] == pytest.approx(0.45)  # of the 2,000 above zero
    assert any("below zero" in r for r in report.remarks)
    assert c.loc["Gamma", "status"] == "inactive"


def test_a_zero_total_still_gives_a_report_and_says_why():
    lines = pd.DataFrame(
        {"customer": ["A", "A", "B"], "date": pd.to_datetime(["2025-01-01"] * 3),
         "amount": [100.0, -100.0, 0.0]}
    )  # fmt: skip
    report = kt.portfolio_report(lines)
    assert math.isnan(report.figures["top_20_share"]) and not report.has_concentration
    assert report.figures["total"] == 0
    assert (report.customers["abc_class"] == "").all()
    assert any("adds up to 0.00" in r for r in report.remarks)
    page = report.to_html()
    assert "data:image/png" not in page
    report.to_excel(io.BytesIO())


def test_lines_left_out_and_text_dates():
    lines = pd.DataFrame(
        {"customer": ["A", None, "B"],
         "date": pd.to_datetime(["2025-01-05", "2025-02-05", "2025-03-05"]),
         "amount": [10.0, 5.0, 20.0]}
    )  # fmt: skip
    report = kt.portfolio_report(lines)
    assert report.figures["lines_excluded"] == 1 and report.figures["n_customers"] == 2
    assert report.first_date == pd.Timestamp("2025-01-05")
    assert any("left out" in r for r in report.remarks)
    # Text dates are never guessed at (is 03/04/2025 March or April?): kt.read_export's job.
    dotted = lines.assign(date=["05.01.2025", "05.02.2025", "31.03.2025"])
    with pytest.raises(
        kt.WrongTypeError,
        match=r"`date`='date' must be a column of dates.*"
        r"kt.read_export",
    ):
        kt.portfolio_report(dotted)


def test_bad_input_names_the_field():
    with pytest.raises(kt.WrongTypeError, match="lines"):
        kt.portfolio_report([1, 2])  # type: ignore[arg-type]
    with pytest.raises(kt.DataError, match="'when'"):
        kt.portfolio_report(six(), date="when")
    with pytest.raises(kt.WrongTypeError, match=r"must be a column of dates.*'soon'"):
        kt.portfolio_report(six(date=["soon"] * len(ROWS)))
    with pytest.raises(kt.WrongTypeError, match="currency"):
        kt.portfolio_report(six(), currency="")
    with pytest.raises(kt.WrongTypeError, match="notes"):
        kt.portfolio_report(six(), notes="read")  # type: ignore[arg-type]


# ------------------------------------------------------------------------ gross profit
def test_gross_profit_and_the_whale_curve_when_cost_of_goods_exists():
    lines = six()
    lines["cost_of_goods"] = lines["amount"] * 0.6
    report = kt.portfolio_report(lines)
    assert report.whale is not None
    assert report.figures["gross_profit_total"] == pytest.approx(800)
    assert report.figures["largest_gross_profit_share"] == pytest.approx(0.45)
    c = report.customers.set_index("customer")
    assert c.loc["Alfa", "gross_profit"] == pytest.approx(360)
    assert c.loc["Alfa", "gross_margin"] == pytest.approx(0.4)
    assert t("portfolio_report.gross_profit_note") in report.remarks
    page = report.to_html()
    assert page.count("data:image/png;base64,") == 3
    assert "Alfa brings 45.0% of the gross profit" in page


def test_no_gross_profit_when_a_cost_is_missing():
    lines = six(cost_of_goods=[1.0] * (len(ROWS) - 1) + [np.nan])
    report = kt.portfolio_report(lines)
    assert report.whale is None and "gross_profit" not in report.customers
    assert any("leaves out the gross profit" in r for r in report.remarks)
    assert t("portfolio_report.no_cost") in kt.portfolio_report(six()).remarks


# ------------------------------------------------------------------------------ HTML
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|//|file:)""", re.IGNORECASE)


def test_the_page_is_self_contained_and_has_every_top_customer(report):
    page = report.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert not EXTERNAL.search(page)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "@media print" in page and "@page" in page
    assert page.count('src="data:image/png;base64,') == 2  # Pareto and Lorenz
    for name in report.customers["customer"].head(kt.analysis.portfolio_review.TOP_ROWS):
        assert f"<td>{name}</td>" in page
    assert "Portfolio 2025" in page and "01.01.2024" in page and "31.12.2025" in page
    assert "2,000 PLN" in page and "74.0%" in page


def test_names_and_notes_are_escaped():
    evil = "<script>alert('x')</script> & Co"
    lines = six()
    lines.loc[lines["customer"] == "Alfa", "customer"] = evil
    report = kt.portfolio_report(lines, title="<b>T</b>", notes=("Read <i>as</i> cp1250.",))
    page = report.to_html()
    assert "<script" not in page and "<b>T</b>" not in page and "<i>as</i>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page
    assert "Read &lt;i&gt;as&lt;/i&gt; cp1250." in page


def test_amounts_are_written_in_the_currency():
    report = kt.portfolio_report(six(amount=six()["amount"] * 1000), currency="EUR")
    page = report.to_html()
    assert "2,000,000 EUR" in page and "900,000 EUR" in page
    small = kt.portfolio_report(six(amount=six()["amount"] / 100))
    assert small.money(12.5) == "12.50 PLN"


# ----------------------------------------------------------------------------- Excel
def test_the_workbook_lists_every_customer_with_its_class(report, tmp_path):
    path = tmp_path / "portfolio.xlsx"
    report.to_excel(path)
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == [
        t("portfolio_report.sheet_summary"),
        t("portfolio_report.sheet_customers"),
        t("portfolio_report.sheet_movers"),
    ]
    customers = sheets[t("portfolio_report.sheet_customers")]
    by_name = customers.set_index(t("portfolio_report.customer"))
    assert by_name[t("portfolio_report.class")].to_dict() == dict(
        zip(report.customers["customer"], report.customers["abc_class"], strict=True)
    )
    assert by_name[t("portfolio_report.net_revenue")].sum() == pytest.approx(2000)
    assert by_name["2024"].sum() == pytest.approx(1020) and by_name["2025"].sum() == 980
    movers = sheets[t("portfolio_report.sheet_movers")]
    assert movers[t("portfolio_report.customer")].tolist() == ["Delta", "Echo", "Celsa", "Alfa"]
    summary = sheets[t("portfolio_report.sheet_summary")]
    assert "Portfolio 2025" in summary.iloc[:, 1].astype(str).tolist()


def test_the_workbook_of_many_customers_has_them_all():
    rng = np.random.default_rng(7)
    n = 300
    lines = pd.DataFrame(
        {
            "customer": [f"Firma {i:03d}" for i in rng.integers(0, n, 3000)],
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 730, 3000), "D"),
            "amount": rng.lognormal(6, 1.5, 3000).round(2),
        }
    )
    report = kt.portfolio_report(lines)
    buffer = io.BytesIO()
    report.to_excel(buffer)
    customers = pd.read_excel(buffer, sheet_name=t("portfolio_report.sheet_customers"))
    assert len(customers) == lines["customer"].nunique()
    assert customers[t("portfolio_report.net_revenue")].sum() == pytest.approx(
        lines["amount"].sum()
    )
    assert set(customers[t("portfolio_report.class")]) <= {"A", "B", "C"}
    page = report.to_html()
    assert t("portfolio_report.movers_more", shown=10, count=f"{len(report.movers):,}") in page


def test_a_name_that_looks_like_a_formula_stays_text(tmp_path):
    import openpyxl

    lines = six()
    lines.loc[lines["customer"] == "Echo", "customer"] = '=HYPERLINK("x")'
    path = tmp_path / "p.xlsx"
    kt.portfolio_report(lines).to_excel(path)
    sheet = openpyxl.load_workbook(path)[t("portfolio_report.sheet_customers")]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("x")']
    assert cells and all(c.data_type == "s" for c in cells)
