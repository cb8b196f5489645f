"""Tests of kamtools.analysis.payment_terms: the legal term limit, the recovery lump sum, the cost of waiting.

Hand-computed cases, the boundaries of the act's bands, bad input named in the error, and
properties (the cost is linear in revenue, days and rate; an extension costs the
difference of the two terms).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kamtools as kt
from kamtools.analysis import payment_terms as pt


# ---------------------------------------------------------------------------------------
# max_payment_term
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("buyer", "supplier", "days", "binding", "article"),
    [
        ("large", "sme", 60, True, "art. 7 ust. 2a"),  # Vistula selling to a large company
        ("large", "large", 60, False, "art. 7 ust. 2"),  # longer possible (art. 7 ust. 3)
        ("sme", "sme", 60, False, "art. 7 ust. 2"),
        ("sme", "large", 60, False, "art. 7 ust. 2"),
        ("public", "sme", 30, True, "art. 8 ust. 2"),
        ("public", "large", 30, True, "art. 8 ust. 2"),
        ("hospital", "sme", 60, True, "art. 8 ust. 2"),
    ],
)
def test_max_payment_term_by_hand(buyer, supplier, days, binding, article):
    limit = kt.max_payment_term(buyer, supplier_size=supplier)
    assert (limit.days, limit.binding, limit.article) == (days, binding, article)
    assert limit.reason and article in str(limit) and str(days) in str(limit)


def test_max_payment_term_defaults_are_vistula_selling_to_a_large_company():
    assert kt.max_payment_term() == kt.max_payment_term("large", supplier_size="sme")


def test_only_a_contract_between_other_businesses_can_go_longer():
    open_ended = [
        (b, s)
        for b in pt.BUYERS
        for s in pt.SUPPLIER_SIZES
        if not kt.max_payment_term(b, supplier_size=s).binding
    ]
    assert ("large", "sme") not in open_ended
    assert all(b in ("large", "sme") for b, _ in open_ended)
    assert "art. 7 ust. 3" in kt.max_payment_term("large", supplier_size="large").reason


def test_max_payment_term_accepts_case_and_blanks():
    assert kt.max_payment_term(" Hospital ").days == 60


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"buyer": "private"}, kt.ParameterError, r"`buyer` must be one of .*'private'"),
        ({"buyer": 3}, kt.WrongTypeError, r"`buyer` must be one of"),
        ({"supplier_size": "medium"}, kt.ParameterError, r"`supplier_size` .*'medium'"),
        ({"supplier_size": None}, kt.WrongTypeError, r"`supplier_size`"),
    ],
)
def test_max_payment_term_rejects_unknown_values(kwargs, error, match):
    with pytest.raises(error, match=match):
        kt.max_payment_term(**kwargs)


# ---------------------------------------------------------------------------------------
# recovery_lump_sum
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "euros"),
    [
        (0.01, 40),
        (4_999.99, 40),
        (5_000, 40),  # "nie przekracza 5000 zł": the upper end is in the first band
        (5_000.01, 70),
        (49_999.99, 70),
        (50_000, 100),  # "równa lub wyższa od 50 000 zł"
        (1_000_000, 100),
    ],
)
def test_recovery_bands_at_their_boundaries(amount, euros):
    assert kt.recovery_lump_sum(amount, eur_pln=1) == euros


def test_recovery_lump_sum_converts_at_the_given_rate():
    # 12,000 PLN is in the middle band: 70 EUR x 4.30 = 301.00 PLN
    assert kt.recovery_lump_sum(12_000, eur_pln=4.30) == pytest.approx(301.0)
    # 100 EUR x 4.2675 = 426.75 PLN; 40 EUR x 4.2613 = 170.452 -> 170.45
    assert kt.recovery_lump_sum(80_000, eur_pln=4.2675) == pytest.approx(426.75)
    assert kt.recovery_lump_sum(800, eur_pln=4.2613) == pytest.approx(170.45)


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((0,), {"eur_pln": 4.3}, kt.ParameterError, r"`amount_pln` must be above 0"),
        ((-5,), {"eur_pln": 4.3}, kt.ParameterError, r"`amount_pln`"),
        (("1000",), {"eur_pln": 4.3}, kt.WrongTypeError, r"`amount_pln` must be a number"),
        ((1000,), {"eur_pln": 0}, kt.ParameterError, r"`eur_pln` must be above 0"),
        ((1000,), {"eur_pln": math.nan}, kt.ParameterError, r"`eur_pln` must be a finite"),
        ((True,), {"eur_pln": 4.3}, kt.WrongTypeError, r"`amount_pln`"),
    ],
)
def test_recovery_lump_sum_rejects_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        kt.recovery_lump_sum(*args, **kwargs)


def test_recovery_lump_sum_needs_the_rate():
    with pytest.raises(TypeError):
        kt.recovery_lump_sum(1000)  # the euro rate changes every day: no default


# ---------------------------------------------------------------------------------------
# capital_tied_up and working_capital_cost
# ---------------------------------------------------------------------------------------
def test_working_capital_cost_by_hand():
    # 3,650,000 PLN a year = 10,000 PLN a day; 30 extra days tie up 300,000 PLN;
    # at 9% a year that costs 27,000 PLN a year.
    assert kt.capital_tied_up(3_650_000, 30) == pytest.approx(300_000)
    assert kt.working_capital_cost(3_650_000, 30) == pytest.approx(27_000)
    assert kt.working_capital_cost(3_650_000, 30, rate=0.05) == pytest.approx(15_000)
    # From 45 to 75 days on 3.6 million PLN at 9%: 3.6e6 * 30 / 365 * 0.09 = 26,630.14
    assert kt.working_capital_cost(3_600_000, 75 - 45, rate=0.09) == pytest.approx(
        26_630.137, abs=1e-3
    )


def test_working_capital_cost_edge_cases():
    assert kt.working_capital_cost(0, 90) == 0.0
    assert kt.working_capital_cost(1_000_000, 0) == 0.0
    assert kt.working_capital_cost(1_000_000, 30, rate=0) == 0.0
    assert kt.working_capital_cost(365, 1, rate=1) == pytest.approx(1.0)
    assert kt.working_capital_cost(1_000, 0.5) == pytest.approx(1_000 * 0.5 / 365 * 0.09)


def test_default_rate_is_vistulas_cost_of_capital():
    assert pt.DEFAULT_RATE == 0.09
    vistula = pytest.importorskip("kamtools.data.vistula")
    assert vistula.COST_OF_CAPITAL == pt.DEFAULT_RATE


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((-1, 30), {}, kt.ParameterError, r"`revenue` must be 0 or more"),
        ((1000, -30), {}, kt.ParameterError, r"`extra_days` must be 0 or more"),
        ((1000, 30), {"rate": 9}, kt.ParameterError, r"`rate` must be a fraction.*0\.09"),
        ((1000, 30), {"rate": -0.01}, kt.ParameterError, r"`rate` must be 0 or more"),
        (("tysiąc", 30), {}, kt.NumberFormatError, r"`revenue`:.*'tysiąc'"),
        (([1000], 30), {}, kt.WrongTypeError, r"`revenue` must be a number"),
        ((1000, None), {}, kt.WrongTypeError, r"`extra_days` must be a number"),
        ((math.inf, 30), {}, kt.ParameterError, r"`revenue` must be a finite"),
    ],
)
def test_working_capital_cost_rejects_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        kt.working_capital_cost(*args, **kwargs)


def test_capital_tied_up_rejects_negative_days():
    with pytest.raises(kt.ParameterError, match=r"`days` must be 0 or more"):
        kt.capital_tied_up(1000, -1)


revenues = st.floats(min_value=0, max_value=1e9, allow_nan=False)
days = st.floats(min_value=0, max_value=365, allow_nan=False)
rates = st.floats(min_value=0, max_value=1, allow_nan=False)


@given(revenues, days, days, rates)
def test_cost_is_linear_in_days(revenue, d1, d2, rate):
    # Two extensions one after the other cost as much as one of their total length.
    together = kt.working_capital_cost(revenue, d1 + d2, rate=rate)
    apart = kt.working_capital_cost(revenue, d1, rate=rate) + kt.working_capital_cost(
        revenue, d2, rate=rate
    )
    assert together == pytest.approx(apart, rel=1e-9, abs=1e-6)


@given(revenues, days, rates, st.floats(min_value=0, max_value=10, allow_nan=False))
def test_cost_scales_with_revenue(revenue, d, rate, k):
    scaled = kt.working_capital_cost(revenue * k, d, rate=rate)
    assert scaled == pytest.approx(
        k * kt.working_capital_cost(revenue, d, rate=rate), rel=1e-9, abs=1e-6
    )


@given(revenues, days, rates)
def test_cost_is_capital_tied_up_times_rate_and_never_negative(revenue, d, rate):
    cost = kt.working_capital_cost(revenue, d, rate=rate)
    assert cost >= 0
    assert cost == pytest.approx(kt.capital_tied_up(revenue, d) * rate, rel=1e-12, abs=1e-9)
    assert cost <= revenue * rate + 1e-6  # a year of credit at most ties up a year's revenue


@given(
    st.floats(min_value=0.01, max_value=1e9, allow_nan=False),
    st.floats(min_value=0.1, max_value=10),
)
def test_lump_sum_grows_with_the_amount(amount, rate):
    euros = kt.recovery_lump_sum(amount, eur_pln=1)
    assert euros in (40, 70, 100)
    assert kt.recovery_lump_sum(amount * 2, eur_pln=1) >= euros
    assert kt.recovery_lump_sum(amount, eur_pln=rate) == pytest.approx(round(euros * rate, 2))


def test_public_api():
    for name in (
        "max_payment_term",
        "recovery_lump_sum",
        "working_capital_cost",
        "capital_tied_up",
    ):
        assert name in kt.__all__ and callable(getattr(kt, name))
    assert isinstance(kt.max_payment_term(), kt.TermLimit)


# ---------------------------------------------------------------------------------------
# Typed as people type it: text numbers and near-miss choices (follow-ups of issue 12)
# ---------------------------------------------------------------------------------------
def test_money_and_days_may_be_typed_as_text():
    assert kt.working_capital_cost("3 650 000 zł", "30", "9%") == pytest.approx(27_000.0)
    assert kt.working_capital_cost("3 650 000", 30, "0,09") == pytest.approx(27_000.0)
    assert kt.capital_tied_up("1\u00a0000\u00a0000", "36,5") == pytest.approx(100_000.0)


def test_a_text_that_is_no_number_names_the_field():
    with pytest.raises(kt.NumberFormatError, match=r"`revenue`:.*'dużo'") as caught:
        kt.working_capital_cost("dużo", 30)
    assert caught.value.text == "dużo"
    with pytest.raises(kt.ParameterError, match=r"`extra_days` must be 0 or more"):
        kt.working_capital_cost(1000, "-5")


def test_a_mistyped_buyer_gets_the_close_match():
    with pytest.raises(
        kt.ParameterError, match=r"but 'hospitl' was passed. Did you mean 'hospital'\?"
    ):
        kt.max_payment_term("hospitl")
    with pytest.raises(kt.ParameterError, match=r"Did you mean 'large'\?"):
        kt.max_payment_term("Larg")
    with pytest.raises(kt.ParameterError) as caught:
        kt.max_payment_term("xyz")
    assert "Did you mean" not in str(caught.value)
