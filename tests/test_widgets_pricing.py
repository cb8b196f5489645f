"""Headless tests of the pocket-price waterfall explorer (kamtools.widgets.pricing).

The dropdowns are changed as a learner would; what is shown (the numbers, the table and
the bars of the chart) is compared with kt.price_waterfall called directly.
"""

from __future__ import annotations

import pandas as pd
import pytest

import kamtools as kt
from kamtools.widgets.pricing import PriceWaterfallExplorer

RATES = {"cost_rates": {"rush_orders": 100.0}, "freight_per_delivery": 10.0, "cost_of_capital": 0.1}


def _data():
    lines = pd.DataFrame(
        {
            "customer_id": ["A", "B", "A", "C"],
            "date": pd.to_datetime(["2025-03-01", "2025-05-01", "2024-04-01", "2024-06-01"]),
            "quantity": [10, 10, 4, 2],
            "list_price": [100.0, 100.0, 100.0, 50.0],
            "unit_price": [90.0, 100.0, 80.0, 50.0],
            "amount": [900.0, 1000.0, 320.0, 100.0],
        }
    )
    serve = pd.DataFrame(
        {
            "customer_id": ["A", "B", "A", "C"],
            "year": [2025, 2025, 2024, 2024],
            "rebate": [50.0, 0.0, 0.0, 0.0],
            "deliveries": [2, 1, 1, 1],
            "rush_orders": [0, 1, 0, 0],
        }
    )
    customers = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C"],
            "company_name": ["Alfa S.A.", "Beta Sp. z o.o.", "Gamma"],
            "dso_days": [73.0, 36.5, 30.0],
            "free_freight": [True, False, False],
        }
    )
    return lines, serve, customers


@pytest.fixture
def view():
    widget = PriceWaterfallExplorer(*_data(), accounts=["A", "B"], **RATES)
    yield widget
    widget.close()


def _direct(customer, year):
    return kt.price_waterfall(*_data(), customer=customer, year=year, **RATES)


def _bar_tops(widget):
    return [round(b.get_y() + b.get_height(), 6) for b in widget.figure.axes[0].patches]


def test_starts_with_the_first_account_and_the_latest_year(view):
    assert view.account_dropdown.value == "A" and view.year_dropdown.value == 2025
    assert view.account_dropdown.options == (("Alfa S.A. (A)", "A"), ("Beta Sp. z o.o. (B)", "B"))
    assert view.year_dropdown.options == (2024, 2025)
    assert view.result["waterfall"] == _direct("A", 2025)
    # list 1,000; invoice 900; rebate 50; terms 900 * 0.2 * 0.1 = 18; freight 20 -> 812
    assert view.result["waterfall"].pocket_revenue == pytest.approx(812.0)
    text = view.results_html.value
    assert "<b>81.2%</b>" in text and "812 PLN kept of 1,000 PLN" in text
    assert "Largest leakage" in text and "<b>on-invoice discount</b>: 100 PLN" in text
    assert "100 PLN, 10.0% of the list revenue" in text
    # after the invoice: rebate 50 + terms 18 + freight 20 = 88 PLN, the rebate the largest
    assert "After the invoice" in text and "88 PLN in all (8.8% of the list revenue)" in text
    assert "<b>year-end rebate</b>: 50 PLN, 5.0% of the list revenue" in text
    assert "-50" in view.table_html.value and "year-end rebate" in view.table_html.value
    assert view.figure.axes[0].get_title() == "Alfa S.A. (A), 2025: pocket price 81.2% of list"
    assert view.error == "" and view.status_html.value == ""


def test_changing_the_account_redraws_the_chart(view):
    before, png = _bar_tops(view), view.png
    view.account_dropdown.value = "B"
    after = _bar_tops(view)
    assert after != before and view.png != png
    w = _direct("B", 2025)
    assert view.result["waterfall"] == w
    assert after[-1] == pytest.approx(w.pocket_revenue)  # 1,000 - 10 - 100 = 890
    assert after[-1] == pytest.approx(890.0)
    assert "<b>rush orders</b>: 100 PLN" in view.results_html.value
    assert "Beta Sp. z o.o. (B)" in view.figure.axes[0].get_title()


def test_changing_the_year(view):
    view.year_dropdown.value = 2024
    assert view.result["waterfall"] == _direct("A", 2024)
    assert _bar_tops(view)[0] == pytest.approx(400.0)


def test_an_account_without_sales_that_year_shows_a_message(view):
    view.account_dropdown.value = "B"
    view.year_dropdown.value = 2024
    assert view.result["waterfall"] is None
    assert "'B' has no list revenue in `year` 2024" in view.error
    assert "No waterfall for this account and year." in view.status_html.value
    assert view.results_html.value == "" and view.table_html.value == ""
    texts = [t.get_text() for t in view.figure.axes[0].texts]
    assert texts == ["No chart for this account and year: see the message above."]
    view.year_dropdown.value = 2025  # back to a year with sales
    assert view.error == "" and view.result["waterfall"] == _direct("B", 2025)


def test_arguments():
    lines, serve, customers = _data()
    w = PriceWaterfallExplorer(lines, serve, customers, customer="B", year=2025, **RATES)
    assert [v for _, v in w.account_dropdown.options] == ["A", "B", "C"]
    assert w.result["customer"] == "B"
    w.close()
    with pytest.raises(kt.DataError, match="`customer` 'C' is not one of `accounts`"):
        PriceWaterfallExplorer(lines, serve, customers, accounts=["A"], customer="C", **RATES)
    with pytest.raises(kt.DataError, match="`accounts` is empty"):
        PriceWaterfallExplorer(lines, serve, customers, accounts=[], **RATES)
    with pytest.raises(kt.WrongTypeError, match="`accounts` must be a list"):
        PriceWaterfallExplorer(lines, serve, customers, accounts="A", **RATES)
    with pytest.raises(kt.DataError, match="`year` 2023 has no transactions"):
        PriceWaterfallExplorer(lines, serve, customers, year=2023, **RATES)


def test_repr_and_close(view):
    bundle = view._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == view.root.model_id
    view.close()
    assert view.root.comm is None and view.account_dropdown.comm is None
