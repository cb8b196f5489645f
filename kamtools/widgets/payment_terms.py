"""PaymentTermCalculator: what a longer payment term costs, and whether the law allows it.

A thin view over :mod:`kamtools.analysis.payment_terms`: the capital tied up, its yearly cost and
the legal ceiling all come from :func:`~kamtools.capital_tied_up`,
:func:`~kamtools.working_capital_cost` and :func:`~kamtools.max_payment_term`; this
module only wires the controls and turns the results into HTML.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .. import i18n
from .._validate import check_number
from ..analysis.payment_terms import (
    BUYERS,
    DEFAULT_RATE,
    SUPPLIER_SIZES,
    capital_tied_up,
    max_payment_term,
    working_capital_cost,
)
from ..errors import ParameterError, WrongTypeError
from ..messages import t
from ._teaching import (
    BAD,
    GOOD,
    INFO,
    WARN,
    block,
    captured,
    close_tree,
    esc,
    number,
    percent,
    root_box,
)

__all__ = ["PaymentTermCalculator"]

#: Range of the day sliders.
DAYS_RANGE = (0, 120)
#: Range of the cost-of-capital slider.
RATE_RANGE = (0.0, 0.25)


def _buyer_labels() -> dict[str, str]:
    """Who pays, as the menu shows it (in the learner's language)."""
    return {
        "large": t("payment_terms.buyer_large"),
        "sme": t("payment_terms.buyer_sme"),
        "public": t("payment_terms.buyer_public"),
        "hospital": t("payment_terms.buyer_hospital"),
    }


def _supplier_labels() -> dict[str, str]:
    """Who supplies, as the menu shows it (in the learner's language)."""
    return {"sme": t("payment_terms.supplier_sme"), "large": t("payment_terms.supplier_large")}


def _sentence(text: str) -> str:
    """``text`` as the start of a sentence (English as before: ``str.capitalize``)."""
    if i18n.get_language() == "en":
        return text.capitalize()
    return text[:1].upper() + text[1:]


def _days(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(f"`{name}` must be a whole number of days, but {value!r} was passed.")
    low, high = DAYS_RANGE
    if not low <= value <= high:
        raise ParameterError(
            f"`{name}` must be between {low} and {high} days, but {value!r} was passed."
        )
    return value


class PaymentTermCalculator:
    """Move the payment term and see the working capital it ties up and the legal ceiling.

    Parameters
    ----------
    revenue : float, default 2_000_000
        The client's yearly revenue, in PLN, >= 0.
    current_days, new_days : int, default 30 and 60
        Today's payment term and the one asked for, 0 to 120 days.
    buyer : {"large", "sme", "public", "hospital"}, default "large"
        Who pays (see :func:`kamtools.max_payment_term`).
    supplier_size : {"sme", "large"}, default "sme"
        Who supplies; Vistula is an SME.
    rate : float, default 0.09
        Yearly cost of capital, 0 to 0.25 (Vistula's is 0.09).

    Attributes
    ----------
    result : dict
        What is shown: ``extra_days`` (new - current, may be negative), ``capital`` (PLN
        tied up by the change, negative when it frees money), ``cost`` (its yearly cost,
        negative for a saving), ``limit`` (the :class:`kamtools.TermLimit`) and
        ``status``: ``"allowed"``, ``"agreement"`` (above 60 days between businesses free
        to agree it) or ``"not_allowed"``.
    result_html, legal_html : HTML
        The cost in words, and the legal status.
    revenue_text, buyer_dropdown, supplier_dropdown, current_slider, new_slider, rate_slider
        The controls.

    Raises
    ------
    WrongTypeError, ParameterError
        A starting value is not of its kind or outside its control's range.

    Examples
    --------
    >>> from kamtools.widgets.payment_terms import PaymentTermCalculator
    >>> w = PaymentTermCalculator(revenue=3_650_000, current_days=30, new_days=60)
    >>> round(w.result["capital"]), round(w.result["cost"]), w.result["status"]
    (300000, 27000, 'allowed')
    >>> w.new_slider.value = 90
    >>> w.result["status"]
    'not_allowed'
    >>> w.close()
    """

    def __init__(
        self,
        *,
        revenue: float = 2_000_000.0,
        current_days: int = 30,
        new_days: int = 60,
        buyer: str = "large",
        supplier_size: str = "sme",
        rate: float = DEFAULT_RATE,
    ) -> None:
        revenue = check_number(revenue, "revenue")
        if revenue < 0:
            raise ParameterError(f"`revenue` must be 0 or more, but {revenue!r} was passed.")
        current_days = _days(current_days, "current_days")
        new_days = _days(new_days, "new_days")
        max_payment_term(buyer, supplier_size=supplier_size)  # validates both
        rate = check_number(rate, "rate")
        if not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
            raise ParameterError(
                f"`rate` must be between {RATE_RANGE[0]:g} and {RATE_RANGE[1]:g} (0.09 for "
                f"9%), but {rate!r} was passed."
            )
        style = {"description_width": "initial"}
        self.out = widgets.Output()
        self.revenue_text = widgets.BoundedFloatText(
            value=revenue,
            min=0,
            max=1e12,
            step=100_000,
            description=t("payment_terms.revenue"),
            style=style,
        )
        self.buyer_dropdown = widgets.Dropdown(
            options=[(_buyer_labels()[b], b) for b in BUYERS],
            value=buyer.strip().lower(),
            description=t("payment_terms.buyer"),
            style=style,
        )
        self.supplier_dropdown = widgets.Dropdown(
            options=[(_supplier_labels()[s], s) for s in SUPPLIER_SIZES],
            value=supplier_size.strip().lower(),
            description=t("payment_terms.supplier"),
            style=style,
        )
        self.current_slider = widgets.IntSlider(
            value=current_days, min=DAYS_RANGE[0], max=DAYS_RANGE[1], step=1,
            description=t("payment_terms.current"), style=style,
        )  # fmt: skip
        self.new_slider = widgets.IntSlider(
            value=new_days, min=DAYS_RANGE[0], max=DAYS_RANGE[1], step=1,
            description=t("payment_terms.new"), style=style,
        )  # fmt: skip
        self.rate_slider = widgets.FloatSlider(
            value=rate, min=RATE_RANGE[0], max=RATE_RANGE[1], step=0.005,
            readout_format=".1%", description=t("payment_terms.rate"), style=style,
        )  # fmt: skip
        self.result_html = widgets.HTML()
        self.legal_html = widgets.HTML()
        controls = (
            self.revenue_text,
            self.buyer_dropdown,
            self.supplier_dropdown,
            self.current_slider,
            self.new_slider,
            self.rate_slider,
        )
        for control in controls:
            control.observe(captured(self.out, self._refresh), names="value")
        header = widgets.HTML(
            block(
                f"<h2 style='margin:0 0 6px; font-size:1.5em'>{esc(t('payment_terms.title'))}</h2>"
                f"<p style='margin:4px 0'>{esc(t('payment_terms.intro'))}</p>",
                border=INFO,
            )
        )
        self.root = root_box([header, *controls, self.result_html, self.legal_html, self.out])
        self.result: dict[str, Any] = {}
        self._refresh()

    # ------------------------------------------------------------------ rendering
    def _refresh(self, _change: dict[str, Any] | None = None) -> None:
        revenue = float(self.revenue_text.value)
        extra = self.new_slider.value - self.current_slider.value
        rate = float(self.rate_slider.value)
        sign = 1 if extra >= 0 else -1
        capital = sign * capital_tied_up(revenue, abs(extra))
        cost = sign * working_capital_cost(revenue, abs(extra), rate=rate)
        limit = max_payment_term(
            self.buyer_dropdown.value, supplier_size=self.supplier_dropdown.value
        )
        new = self.new_slider.value
        if new <= limit.days:
            status = "allowed"
        elif limit.binding:
            status = "not_allowed"
        else:
            status = "agreement"
        self.result = {
            "extra_days": extra,
            "capital": capital,
            "cost": cost,
            "limit": limit,
            "status": status,
        }
        if extra == 0:
            words = esc(t("payment_terms.same"))
        else:
            days, tied, yearly, at = (
                abs(extra),
                number(abs(capital)),
                number(abs(cost)),
                percent(rate),
            )
            words = (
                t("payment_terms.longer", days=days, capital=tied, cost=yearly, rate=at)
                if extra > 0
                else t("payment_terms.shorter", days=days, capital=tied, cost=yearly, rate=at)
            )
        self.result_html.value = block(words)
        if status == "allowed":  # the limit and its reason speak the learner's language
            text, colour = t("payment_terms.allowed", limit=esc(str(limit))), GOOD
        elif status == "agreement":
            text, colour = t("payment_terms.agreement", days=limit.days), WARN
        else:
            text = t(
                "payment_terms.not_allowed",
                days=limit.days,
                article=esc(limit.article),
                reason=esc(_sentence(limit.reason)),
            )
            colour = BAD
        self.legal_html.value = block(f"<b style='color:{colour}'>{text}</b>", border=colour)

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close every widget of the calculator."""
        close_tree(self.root)
