"""PaymentTermCalculator, driven headless: move the sliders, read the cost and the legal status."""

from __future__ import annotations

import html
import re

import pytest

import kamtools as kt
from kamtools.widgets.payment_terms import PaymentTermCalculator


def text(widget) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", widget.value))).strip()


@pytest.fixture
def calc():
    w = PaymentTermCalculator(revenue=3_650_000, current_days=30, new_days=60)
    yield w
    w.close()


def test_the_numbers_are_those_of_kamtools(calc):
    # 3,650,000 PLN a year is 10,000 PLN a day: 30 more days tie up 300,000 PLN, 27,000 a year at 9%
    assert calc.result["extra_days"] == 30
    assert calc.result["capital"] == pytest.approx(kt.capital_tied_up(3_650_000, 30))
    assert calc.result["cost"] == pytest.approx(kt.working_capital_cost(3_650_000, 30))
    assert "30 more days tie up 300,000 PLN" in text(calc.result_html)
    assert "27,000 PLN a year at 9.0%" in text(calc.result_html)
    assert calc.result["status"] == "allowed"
    assert "Within the law" in text(calc.legal_html) and "art. 7 ust. 2a" in text(calc.legal_html)


def test_moving_the_controls_updates_the_result(calc):
    calc.rate_slider.value = 0.05
    assert calc.result["cost"] == pytest.approx(15_000)
    calc.revenue_text.value = 0
    assert calc.result["cost"] == 0 and calc.result["capital"] == 0


def test_the_legal_status_follows_max_payment_term(calc):
    calc.new_slider.value = 90  # a large buyer and an SME supplier: 60 at most
    assert calc.result["status"] == "not_allowed"
    assert "Not allowed: 60 days" in text(calc.legal_html)
    calc.supplier_dropdown.value = "large"  # two large companies may agree more
    assert calc.result["status"] == "agreement"
    assert "art. 7 ust. 3" in text(calc.legal_html)
    calc.buyer_dropdown.value = "public"
    calc.new_slider.value = 45
    assert calc.result["status"] == "not_allowed" and "30 days" in text(calc.legal_html)
    calc.buyer_dropdown.value = "hospital"
    assert calc.result["status"] == "allowed"
    assert calc.result["limit"] == kt.max_payment_term("hospital", supplier_size="large")


def test_a_shorter_term_frees_money(calc):
    calc.current_slider.value = 75
    calc.new_slider.value = 45
    assert calc.result["extra_days"] == -30
    assert calc.result["cost"] == pytest.approx(-27_000)
    assert "30 fewer days free 300,000 PLN" in text(calc.result_html)
    calc.new_slider.value = 75
    assert calc.result["cost"] == 0 and "does not change" in text(calc.result_html)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"revenue": -1}, kt.ParameterError, r"`revenue` must be 0 or more"),
        ({"revenue": "a lot"}, kt.WrongTypeError, r"`revenue` must be a number"),
        ({"new_days": 200}, kt.ParameterError, r"`new_days` must be between 0 and 120"),
        ({"current_days": 30.5}, kt.WrongTypeError, r"`current_days` must be a whole number"),
        ({"buyer": "government"}, kt.ParameterError, r"`buyer` must be one of"),
        ({"supplier_size": "medium"}, kt.ParameterError, r"`supplier_size`"),
        ({"rate": 9}, kt.ParameterError, r"`rate` must be between 0 and 0.25"),
    ],
)
def test_bad_starting_values_are_named(kwargs, error, match):
    with pytest.raises(error, match=match):
        PaymentTermCalculator(**kwargs)


def test_it_is_exported_and_displays():
    w = kt.PaymentTermCalculator()
    try:
        assert "application/vnd.jupyter.widget-view+json" in w._repr_mimebundle_()
        assert "not legal advice" in text(w.root.children[1])
    finally:
        w.close()
