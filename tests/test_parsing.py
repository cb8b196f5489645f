"""Tests for kamtools.data.parsing: numbers as people type them."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamtools.data.parsing import ParsedNumber, parse_number, parse_number_details
from kamtools.errors import NumberFormatError, ParameterError, WrongTypeError


class TestAcceptedFormats:
    # Every example of the spec, with the value a person means by it.
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("0,8", 0.8),
            ("0.8", 0.8),
            ("80%", 0.8),  # a percentage is returned as a fraction: 80 / 100
            ("80 %", 0.8),
            ("1 234,5", 1234.5),
            ("1.234,50 €", 1234.5),
            ("12 345 zł", 12345.0),
            ("PLN 1 200", 1200.0),
            ("€1,234.50", 1234.5),
            ("-5", -5.0),
            ("(5)", -5.0),  # accounting style
        ],
    )
    def test_examples_of_the_spec(self, text, value):
        assert parse_number(text) == value

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("  42  ", 42.0),
            ("+3", 3.0),
            ("\u22125", -5.0),  # the true minus sign
            ("\u20135", -5.0),  # an en dash typed as minus
            ("1\u00a0234,5", 1234.5),  # no-break space
            ("1\u202f234,5", 1234.5),  # narrow no-break space (French/Polish typography)
            ("1\u2009234.5", 1234.5),  # thin space
            ("1 234", 1234.0),  # a space always separates thousands
            ("1 234 567", 1234567.0),
            ("1 234.567", 1234.567),  # with space grouping the point is the decimal mark
            ("1,234,567", 1234567.0),  # the same mark twice separates thousands
            ("1.234.567", 1234567.0),
            ("1,234,567.891", 1234567.891),
            ("1.234.567,891", 1234567.891),
            ("0.125", 0.125),  # "0" cannot be a thousands group: not ambiguous
            ("0,125", 0.125),
            (",5", 0.5),
            (".5", 0.5),
            ("1234,567", 1234.567),  # four digits cannot start a group: decimal mark
            ("1,2345", 1.2345),  # four decimals: decimal mark
            ("12,50", 12.5),
            ("2.5e-3", 0.0025),  # scientific notation
            ("-12.5%", -0.125),
            ("33.3%", 0.333),  # read exactly: 33.3 / 100 is exactly the float 0.333
            ("(1 234,50 €)", -1234.5),
            ("€(5)", -5.0),
            ("-€5", -5.0),
            ("€-5", -5.0),
            ("5 EUR", 5.0),
            ("usd 7", 7.0),
            ("£3", 3.0),
            ("GBP 3", 3.0),
            ("$1,000.00", 1000.0),
            ("10zl", 10.0),
            ("-0", 0.0),
        ],
    )
    def test_more_formats(self, text, value):
        assert parse_number(text) == value

    def test_minus_zero_becomes_zero(self):
        assert math.copysign(1.0, parse_number("-0")) == 1.0

    @pytest.mark.parametrize(
        ("text", "currency"),
        [
            ("€1", "EUR"),
            ("1 EUR", "EUR"),
            ("1 zł", "PLN"),
            ("PLN 1", "PLN"),
            ("$1", "USD"),
            ("1 usd", "USD"),
            ("£1", "GBP"),
            ("1 gbp", "GBP"),
            ("1", None),
        ],
    )
    def test_details_name_the_currency(self, text, currency):
        assert parse_number_details(text).currency == currency

    def test_details_of_a_percentage(self):
        details = parse_number_details("80 %")
        assert details == ParsedNumber(value=0.8, is_percent=True, currency=None, original="80 %")

    def test_details_are_frozen(self):
        details = parse_number_details("1")
        with pytest.raises(AttributeError):
            details.value = 2.0  # type: ignore[misc]


class TestNumbersPassThrough:
    @pytest.mark.parametrize("value", [5, -2.5, 0, np.float64(0.25), np.int64(7), Decimal("1.5")])
    def test_numbers_are_returned_as_float(self, value):
        assert parse_number(value) == float(value)
        assert isinstance(parse_number(value), float)

    def test_original_is_kept(self):
        assert parse_number_details(5).original == 5

    @pytest.mark.parametrize("value", [True, False, np.bool_(True)])
    def test_true_false_is_not_a_number(self, value):
        with pytest.raises(WrongTypeError, match="yes/no value"):
            parse_number(value)

    @pytest.mark.parametrize("value", [None, [1, 2], {"a": 1}])
    def test_other_types_are_refused(self, value):
        with pytest.raises(WrongTypeError, match="I expected a number or a text"):
            parse_number(value)

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), -np.inf])
    def test_nan_and_infinity_are_refused(self, value):
        with pytest.raises(NumberFormatError, match="is not a number I can compare") as err:
            parse_number(value)
        assert err.value.reason == "not_finite"


class TestRefused:
    @pytest.mark.parametrize(
        ("text", "reason", "message"),
        [
            ("", "empty", r"There is no number in '': it is empty"),
            ("   ", "empty", "it is empty"),
            ("abc", "not_a_number", r"I could not read 'abc' as a number"),
            ("12 apples", "not_a_number", "could not read '12 apples'"),
            ("%", "not_a_number", "could not read"),
            ("€", "not_a_number", "could not read"),
            ("5-", "not_a_number", "could not read"),
            ("1e", "not_a_number", "could not read"),
            ("5%%", "not_a_number", "could not read"),
            ("1,234", "ambiguous", r"'1,234' could mean 1234 or 1\.234"),
            ("1.234", "ambiguous", r"'1\.234' could mean 1234 or 1\.234"),
            ("-12,500", "ambiguous", "could mean 12500 or 12.500"),
            ("999.999 €", "ambiguous", "could mean 999999 or 999.999"),
            ("12 34", "bad_grouping", "digit groups in '12 34' look unusual"),
            ("1,2.5", "bad_grouping", "digit groups"),
            ("1.5,3", "bad_grouping", "digit groups"),
            ("1 234.567.8", "bad_grouping", "digit groups"),
            ("1,234.5.6", "bad_grouping", "digit groups"),
            ("12,34,567", "bad_grouping", "digit groups"),  # Indian grouping
            ("1 234,5 6", "bad_grouping", "digit groups"),
            ("5,", "trailing_separator", "'5,' ends with a separator"),
            ("5.", "trailing_separator", "ends with a separator"),
            ("€5 PLN", "two_currencies", "names two currencies"),
            ("--5", "two_signs", "more than one sign"),
            ("-(5)", "two_signs", "more than one sign"),
            ("(-5)", "two_signs", "more than one sign"),
            ("5% €", "percent_and_currency", "both a currency and a percent sign"),
            ("€5%", "percent_and_currency", "both a currency and a percent sign"),
            ("1e999", "not_finite", "is not a number I can compare"),
        ],
    )
    def test_refused_with_a_clear_reason(self, text, reason, message):
        with pytest.raises(NumberFormatError, match=message) as err:
            parse_number(text)
        assert err.value.reason == reason
        assert err.value.text == text

    def test_ambiguous_message_offers_both_ways_out(self):
        # "1,234": 1234 if the comma groups thousands, 1.234 if it is the decimal mark;
        # "1,2340" (four decimals) is unambiguous, so the message offers it.
        with pytest.raises(NumberFormatError) as err:
            parse_number("1,234")
        assert (
            "For the first, write 1234 or 1 234 (a space between thousands); for the second, write 1.234 with a dot"
            in str(err.value)
        )
        assert parse_number("1,2340") == 1.234

    def test_error_is_a_parameter_error_and_a_value_error(self):
        with pytest.raises(ParameterError):
            parse_number("abc")
        with pytest.raises(ValueError):
            parse_number("abc")

    def test_messages_use_no_programming_words(self):
        for text in ["abc", "1,234", "12 34", "5,", "€5 PLN", "--5", "5% €", ""]:
            with pytest.raises(NumberFormatError) as err:
                parse_number(text)
            message = str(err.value).lower()
            for word in ("float", "int", "string", "parse", "exception", "valueerror"):
                assert word not in message.split(), (text, message)


# ---------------------------------------------------------------------------------------
# Property tests: format random numbers in every supported style and read them back.
# ---------------------------------------------------------------------------------------
_SPACES = [" ", "\u00a0", "\u202f", "\u2009"]


def _group(digits: str, sep: str) -> str:
    """'1234567' -> '1<sep>234<sep>567'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


@st.composite
def _written(draw: st.DrawFn) -> tuple[str, Decimal]:
    """A number written in one of the supported styles, and the value it means."""
    whole = draw(st.integers(min_value=0, max_value=10**12))
    style = draw(st.sampled_from(["plain_point", "plain_comma", "english", "european", "spaced"]))
    if style.startswith("plain"):
        # 0, 1, 2 or 4+ decimals: a lone mark before exactly 3 decimals is ambiguous.
        n_dec = draw(st.sampled_from([0, 1, 2, 4, 5]))
    else:
        n_dec = 2
    frac = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=n_dec, max_size=n_dec)))
    digits = str(whole)
    if style == "plain_point":
        body = digits + (f".{frac}" if frac else "")
    elif style == "plain_comma":
        body = digits + (f",{frac}" if frac else "")
    elif style == "english":
        body = f"{_group(digits, ',')}.{frac}"
    elif style == "european":
        body = f"{_group(digits, '.')},{frac}"
    else:
        body = f"{_group(digits, draw(st.sampled_from(_SPACES)))},{frac}"
    value = Decimal(f"{digits}.{frac or '0'}")
    return body, value


@given(_written())
def test_every_style_reads_back(written):
    body, value = written
    assert parse_number(body) == float(value)


@given(
    _written(),
    st.sampled_from(["-", "\u2212", "()"]),
    st.sampled_from(["", "€", "EUR ", "zł", " PLN", "$", "£", " GBP", " usd"]),
    st.booleans(),
)
def test_signs_and_currencies_before_or_after(written, sign, currency, before):
    body, value = written
    text = f"({body})" if sign == "()" else f"{sign}{body}"
    text = f"{currency.strip()}{text}" if before else f"{text}{currency}"
    details = parse_number_details(text)
    assert details.value == float(-value) + 0.0
    assert (details.currency is None) == (currency == "")


@given(_written(), st.sampled_from(["%", " %", "\u00a0%"]))
def test_percentages_are_divided_by_100(written, percent):
    body, value = written
    details = parse_number_details(body + percent)
    assert details.is_percent
    assert details.value == float(value.scaleb(-2))  # exact: the digits are read as decimal


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=999),
    st.sampled_from([",", "."]),
)
def test_a_lone_mark_before_three_digits_is_ambiguous(whole, frac, mark):
    text = f"{whole}{mark}{frac:03d}"
    with pytest.raises(NumberFormatError, match="could mean") as err:
        parse_number(text)
    assert err.value.reason == "ambiguous"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_python_numbers_and_their_repr_agree(x):
    # A float passes through unchanged, and so does the text Python writes for it,
    # unless that text is ambiguous (e.g. "1.234"), which is then refused.
    assert parse_number(x) == x
    try:
        assert parse_number(repr(x)) == x
    except NumberFormatError as err:
        assert err.reason == "ambiguous"


@given(st.text(max_size=12))
def test_any_text_is_read_or_refused_cleanly(text):
    try:
        value = parse_number(text)
    except NumberFormatError as err:
        assert repr(text) in str(err) or err.reason == "not_finite"
    else:
        assert math.isfinite(value)
