"""PaymentTermCalculator: what a longer payment term costs, and whether the law allows it.

A thin view over :mod:`kamtools.analysis.payment_terms`: the capital tied up, its yearly cost and
the legal ceiling all come from :func:`~kamtools.capital_tied_up`,
:func:`~kamtools.working_capital_cost` and :func:`~kamtools.max_payment_term`; this
module only wires the controls and turns the results into HTML.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

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
from ._teaching import BAD, GOOD, INFO, WARN, block, captured, close_tree, esc, root_box

__all__ = ["PaymentTermCalculator"]

#: Range of the day sliders.
DAYS_RANGE = (0, 120)
#: Range of the cost-of-capital slider.
RATE_RANGE = (0.0, 0.25)

_TEXT = {
    "title": "What a payment term costs, and what the law allows",
    "intro": (
        "Set the client's yearly revenue, today's term and the term asked for. One day of "
        "credit ties up one day of revenue; the cost of capital turns it into a yearly cost. "
        "This is not legal advice (rules checked on 2026-12-05)."
    ),
    "revenue": "Yearly revenue (PLN)",
    "buyer": "Who pays",
    "supplier": "Who supplies",
    "current": "Today (days)",
    "new": "Asked for (days)",
    "rate": "Cost of capital",
    "longer": (
        "<b>{days} more days</b> tie up <b>{capital} PLN</b>, which costs "
        "<b>{cost} PLN a year</b> at {rate}."
    ),
    "shorter": (
        "<b>{days} fewer days</b> free <b>{capital} PLN</b>, which saves "
        "<b>{cost} PLN a year</b> at {rate}."
    ),
    "same": "The term does not change: nothing more is tied up.",
    "allowed": "✔ Within the law: at most {limit}.",
    "agreement": (
        "⚠ Above {days} days: possible only if expressly agreed and not grossly unfair to "
        "the supplier (art. 7 ust. 3). Ask your lawyer."
    ),
    "not_allowed": "✘ Not allowed: {days} days is the most a contract may set here, {article}. {reason}.",
}

_BUYER_LABELS = {
    "large": "a large company",
    "sme": "an SME (micro, small or medium)",
    "public": "a public buyer",
    "hospital": "a public hospital",
}
_SUPPLIER_LABELS = {"sme": "an SME, like Vistula", "large": "a large company"}


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
            value=revenue, min=0, max=1e12, step=100_000, description=_TEXT["revenue"], style=style
        )
        self.buyer_dropdown = widgets.Dropdown(
            options=[(_BUYER_LABELS[b], b) for b in BUYERS],
            value=buyer.strip().lower(),
            description=_TEXT["buyer"],
            style=style,
        )
        self.supplier_dropdown = widgets.Dropdown(
            options=[(_SUPPLIER_LABELS[s], s) for s in SUPPLIER_SIZES],
            value=supplier_size.strip().lower(),
            description=_TEXT["supplier"],
            style=style,
        )
        self.current_slider = widgets.IntSlider(
            value=current_days, min=DAYS_RANGE[0], max=DAYS_RANGE[1], step=1,
            description=_TEXT["current"], style=style,
        )  # fmt: skip
        self.new_slider = widgets.IntSlider(
            value=new_days, min=DAYS_RANGE[0], max=DAYS_RANGE[1], step=1,
            description=_TEXT["new"], style=style,
        )  # fmt: skip
        self.rate_slider = widgets.FloatSlider(
            value=rate, min=RATE_RANGE[0], max=RATE_RANGE[1], step=0.005,
            readout_format=".1%", description=_TEXT["rate"], style=style,
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
                f"<h2 style='margin:0 0 6px; font-size:1.5em'>{esc(_TEXT['title'])}</h2>"
                f"<p style='margin:4px 0'>{esc(_TEXT['intro'])}</p>",
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
            words = esc(_TEXT["same"])
        else:
            words = _TEXT["longer" if extra > 0 else "shorter"].format(
                days=abs(extra),
                capital=f"{abs(capital):,.0f}",
                cost=f"{abs(cost):,.0f}",
                rate=f"{rate:.1%}",
            )
        self.result_html.value = block(words)
        if status == "allowed":
            text, colour = _TEXT["allowed"].format(limit=esc(str(limit))), GOOD
        elif status == "agreement":
            text, colour = _TEXT["agreement"].format(days=limit.days), WARN
        else:
            text = _TEXT["not_allowed"].format(
                days=limit.days, article=esc(limit.article), reason=esc(limit.reason.capitalize())
            )
            colour = BAD
        self.legal_html.value = block(f"<b style='color:{colour}'>{text}</b>", border=colour)

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.root._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        """Close every widget of the calculator."""
        close_tree(self.root)
