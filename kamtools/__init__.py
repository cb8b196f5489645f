"""kamtools: the analysis, data, checks and widgets behind KAM Academy.

Use it as ``import kamtools as kt``. Pure logic lives in topic modules (concentration,
transactions, profitability, clv, portfolio, datasets); plots take data first and an
optional ``ax``; every error derives from :class:`kamtools.KamtoolsError`.
"""

from .errors import *
from .concentration import *
from .transactions import *
from .profitability import *
from .clv import *
from .portfolio import *
from .plots import *
from .datasets import *
from . import errors, concentration, transactions, profitability, clv, portfolio, plots, datasets

__version__ = "0.1.0"

__all__ = [
    *errors.__all__,
    *concentration.__all__,
    *transactions.__all__,
    *profitability.__all__,
    *clv.__all__,
    *portfolio.__all__,
    *plots.__all__,
    *datasets.__all__,
]
