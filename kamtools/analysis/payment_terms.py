"""Payment terms in Poland: the legal limit, the lump sum for late payment, the cost of waiting.

Three small, pure functions behind module 09 (*Key account management in Poland*):

- :func:`max_payment_term`: the longest payment term a contract may set under the act of
  8 March 2013 on counteracting excessive delays in commercial transactions (*ustawa o
  przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych*, consolidated text
  Dz.U. 2023 poz. 1790; before 2020 titled *o terminach zapłaty w transakcjach
  handlowych*), with the article it comes from;
- :func:`recovery_lump_sum`: the fixed compensation for recovery costs a supplier may claim
  when an invoice is paid late (*rekompensata*, art. 10 ust. 1: 40, 70 or 100 euro);
- :func:`capital_tied_up` and :func:`working_capital_cost`: what a longer term costs the
  supplier, ``revenue * days / 365`` of money waiting in receivables, and that amount
  times the yearly cost of capital.

The legal rules are a teaching summary, checked against the consolidated text on
2026-12-05; they are not legal advice.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from .._validate import check_number
from ..data.parsing import parse_number
from ..errors import NumberFormatError, ParameterError, WrongTypeError
from ..messages import t

__all__ = [
    "TermLimit",
    "capital_tied_up",
    "max_payment_term",
    "recovery_lump_sum",
    "working_capital_cost",
]

#: Days in the year used to turn a yearly revenue into revenue per day.
DAYS_IN_YEAR = 365

#: Vistula's yearly cost of capital (the same figure as ``kamtools.data.vistula.COST_OF_CAPITAL``).
DEFAULT_RATE = 0.09

#: Who may be the buyer (the debtor) in :func:`max_payment_term`.
BUYERS: tuple[str, ...] = ("large", "sme", "public", "hospital")

#: Sizes of the supplier (the creditor) in :func:`max_payment_term`.
SUPPLIER_SIZES: tuple[str, ...] = ("sme", "large")

#: Art. 10 ust. 1: 40 euro for a claim up to and including this amount (PLN) ...
SMALL_CLAIM_PLN = 5_000.0
#: ... 70 euro above it and below this amount, 100 euro from this amount (PLN) up.
LARGE_CLAIM_PLN = 50_000.0

ACT = "ustawa z 8 marca 2013 r. o przeciwdziałaniu nadmiernym opóźnieniom w transakcjach handlowych"


@dataclass(frozen=True)
class TermLimit:
    """The longest payment term a contract may set, and why.

    ``days`` counts from the day the buyer receives the invoice. ``binding`` is True when
    no agreement can go beyond ``days``; False when a longer term is possible if expressly
    agreed and not grossly unfair to the supplier (art. 7 ust. 3). ``reason`` says it in a
    sentence in the learner's language (:func:`kamtools.set_language`; English
    by default) and ``article`` names the provision of the act (:data:`ACT`).
    """

    days: int
    binding: bool
    reason: str
    article: str

    def __str__(self) -> str:
        return t("payment_terms.limit", days=self.days, article=self.article, reason=self.reason)


def _choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise WrongTypeError(f"`{name}` must be one of {list(allowed)}, but {value!r} was passed.")
    key = value.strip().lower()
    if key not in allowed:
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ParameterError(
            f"`{name}` must be one of {list(allowed)}, but {value!r} was passed.{hint}"
        )
    return key


def max_payment_term(buyer: str = "large", *, supplier_size: str = "sme") -> TermLimit:
    """Return the longest payment term the Polish act allows, with the article and a reason.

    Parameters
    ----------
    buyer : {"large", "sme", "public", "hospital"}, default "large"
        Who pays: a large company, a micro, small or medium-sized company (SME, EU
        definition), a public entity (a municipality, a municipal company, an office: the
        entities of art. 4 of the Public Procurement Law), or a public entity that is a
        health-care provider (a public hospital, *podmiot leczniczy*).
    supplier_size : {"sme", "large"}, default "sme"
        The supplier's size. Vistula is a medium-sized company, so an SME.

    Returns
    -------
    TermLimit
        ``days`` (30 or 60), ``binding`` (whether a longer term can be agreed at all),
        ``reason`` (a sentence in the learner's language, from the message catalogue:
        ``payment_terms.reason_*``) and ``article``.

    Raises
    ------
    WrongTypeError, ParameterError
        ``buyer`` or ``supplier_size`` is not one of the listed values.

    Notes
    -----
    The rules, counted from the day the buyer receives the invoice (checked on
    2026-12-05 against Dz.U. 2023 poz. 1790; not legal advice):

    - a public buyer: at most 30 days, a public health-care provider at most 60 (art. 8
      ust. 2); no agreement can extend them;
    - a large buyer and an SME supplier: at most 60 days, whatever is agreed (art. 7
      ust. 2a, in force since 1 January 2020);
    - any other two businesses: 60 days (art. 7 ust. 2), or longer only if expressly
      agreed and not grossly unfair to the supplier (art. 7 ust. 3).

    Examples
    --------
    >>> from kamtools.analysis.payment_terms import max_payment_term
    >>> limit = max_payment_term("large", supplier_size="sme")
    >>> limit.days, limit.binding, limit.article
    (60, True, 'art. 7 ust. 2a')
    >>> max_payment_term("hospital").days
    60
    >>> max_payment_term("public").days
    30
    >>> max_payment_term("large", supplier_size="large").binding
    False
    """
    buyer = _choice(buyer, "buyer", BUYERS)
    supplier_size = _choice(supplier_size, "supplier_size", SUPPLIER_SIZES)
    if buyer == "public":
        return TermLimit(30, True, t("payment_terms.reason_public"), "art. 8 ust. 2")
    if buyer == "hospital":
        return TermLimit(60, True, t("payment_terms.reason_hospital"), "art. 8 ust. 2")
    if buyer == "large" and supplier_size == "sme":
        return TermLimit(60, True, t("payment_terms.reason_large_sme"), "art. 7 ust. 2a")
    return TermLimit(60, False, t("payment_terms.reason_business"), "art. 7 ust. 2")


def recovery_lump_sum(amount_pln: float, *, eur_pln: float) -> float:
    """Return the lump-sum compensation for recovery costs of one late invoice, in PLN.

    Parameters
    ----------
    amount_pln : float
        The amount of the invoice paid late (the monetary claim), in PLN, > 0.
    eur_pln : float
        The euro's NBP average rate (PLN per EUR) on the last working day of the month
        before the month the payment fell due, > 0. Pass ``eur_pln=1`` to get euros.

    Returns
    -------
    float
        40, 70 or 100 euro (art. 10 ust. 1) times ``eur_pln``, rounded to the grosz.

    Raises
    ------
    WrongTypeError, ParameterError
        An input is not a finite positive number.

    Notes
    -----
    Art. 10 ust. 1 of the act (:data:`ACT`): 40 euro for a claim up to 5,000 PLN, 70 euro
    above 5,000 and below 50,000 PLN, 100 euro from 50,000 PLN; the boundaries are
    :data:`SMALL_CLAIM_PLN` and :data:`LARGE_CLAIM_PLN` (5,000 PLN exactly gives 40 euro,
    50,000 PLN gives 100).
    The supplier may also claim recovery costs above the lump sum (art. 10 ust. 2) and
    the statutory interest for late payment in commercial transactions. Checked on
    2026-12-05; not legal advice.

    Examples
    --------
    >>> from kamtools.analysis.payment_terms import recovery_lump_sum
    >>> recovery_lump_sum(12_000, eur_pln=4.30)  # 70 euro
    301.0
    >>> recovery_lump_sum(5_000, eur_pln=1)  # the band's upper end is included
    40.0
    >>> recovery_lump_sum(50_000, eur_pln=1)
    100.0
    """
    amount = check_number(amount_pln, "amount_pln")
    rate = check_number(eur_pln, "eur_pln")
    if amount <= 0:
        raise ParameterError(f"`amount_pln` must be above 0 PLN, but {amount_pln!r} was passed.")
    if rate <= 0:
        raise ParameterError(
            f"`eur_pln` must be above 0 (PLN per euro), but {eur_pln!r} was passed."
        )
    if amount <= SMALL_CLAIM_PLN:
        euros = 40
    elif amount < LARGE_CLAIM_PLN:
        euros = 70
    else:
        euros = 100
    return round(euros * rate, 2)


def capital_tied_up(revenue: float, days: float) -> float:
    """Return the money waiting in receivables when a customer pays ``days`` after the invoice.

    Parameters
    ----------
    revenue : float or text
        The customer's yearly revenue (invoiced sales), in PLN, >= 0; text is read as
        :func:`kamtools.parse_number` reads it, e.g. ``"1 200 000"`` or ``"1 200 000 zł"``.
    days : float or text
        The payment term (or the extra days of an extension), >= 0.

    Returns
    -------
    float
        ``revenue * days / 365``, in PLN: one day of revenue for every day of credit.

    Raises
    ------
    WrongTypeError, ParameterError
        An input is not a number, or is negative.

    Examples
    --------
    >>> from kamtools.analysis.payment_terms import capital_tied_up
    >>> capital_tied_up(3_650_000, 30)
    300000.0
    """
    revenue = _non_negative(revenue, "revenue")
    days = _non_negative(days, "days")
    return revenue * days / DAYS_IN_YEAR


def working_capital_cost(revenue: float, extra_days: float, rate: float = DEFAULT_RATE) -> float:
    """Return what a payment-term extension costs the supplier a year, in PLN.

    Parameters
    ----------
    revenue : float
        The customer's yearly revenue, in PLN, >= 0.
    extra_days : float
        How many days longer the customer will pay (75 - 45 = 30 for an extension from 45
        to 75 days), >= 0. For the cost of the whole term, pass the whole term.
    rate : float, default 0.09
        The supplier's yearly cost of capital as a fraction (0.09 for 9%, Vistula's), in
        [0, 1].

    Returns
    -------
    float
        ``revenue * extra_days / 365 * rate``: the capital tied up
        (:func:`capital_tied_up`) times its yearly cost.

    Raises
    ------
    WrongTypeError, ParameterError
        An input is not a number, a value is negative, or ``rate`` is above 1 (write 9%
        as 0.09).

    Notes
    -----
    The cost grows in proportion to the revenue, to the days and to the rate. It is a
    yearly cost that stays for as long as the term does, on top of any discount; and a
    customer that pays late (days sales outstanding above the term) costs more still.

    Examples
    --------
    >>> from kamtools.analysis.payment_terms import working_capital_cost
    >>> round(working_capital_cost(3_650_000, 30), 2)  # 300,000 PLN tied up at 9%
    27000.0
    >>> working_capital_cost(1_000_000, 0)
    0.0
    """
    rate = _non_negative(rate, "rate")
    if rate > 1:
        raise ParameterError(
            f"`rate` must be a fraction between 0 and 1 (0.09 for 9%), but {rate!r} was passed."
        )
    return capital_tied_up(revenue, _non_negative(extra_days, "extra_days")) * rate


def _non_negative(value: Any, name: str) -> float:
    if isinstance(value, str):  # as people type it ("1 200 000", "0,09", "9%"): kt.parse_number
        try:
            value = parse_number(value)
        except NumberFormatError as error:
            raise NumberFormatError(
                f"`{name}`: {error}", text=error.text, reason=error.reason
            ) from None
    number = check_number(value, name)
    if number < 0:
        raise ParameterError(f"`{name}` must be 0 or more, but {value!r} was passed.")
    return number
