"""The analysis layer: pure computations on customer data, and the plots that draw them.

Nothing here knows the course, the learner or a widget. Functions take DataFrames (or plain
numbers) and return DataFrames, numbers or small frozen result objects; bad input raises a
:class:`kamtools.KamtoolsError` that names the field and the value. Everything public is
re-exported as ``kt.<name>``.
"""

from . import (
    accounts,
    buyer,
    concentration,
    cost_inputs,
    lifetime_value,
    matrix_plots,
    payment_terms,
    plots,
    portfolio,
    portfolio_review,
    pricing,
    profitability,
    transactions,
    waterfall,
)
from .accounts import *
from .buyer import *
from .concentration import *
from .cost_inputs import *
from .lifetime_value import *
from .matrix_plots import *
from .payment_terms import *
from .plots import *
from .portfolio import *
from .portfolio_review import *
from .pricing import *
from .profitability import *
from .transactions import *
from .waterfall import *

_MODULES = (
    concentration,
    transactions,
    profitability,
    cost_inputs,
    lifetime_value,
    portfolio,
    plots,
    matrix_plots,
    accounts,
    pricing,
    waterfall,
    payment_terms,
    buyer,
    portfolio_review,
)
__all__ = [name for module in _MODULES for name in module.__all__]
