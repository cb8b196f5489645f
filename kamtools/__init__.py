"""kamtools: the analysis, data, checks and widgets behind KAM Academy.

Use it as ``import kamtools as kt``. Pure logic lives in topic modules (concentration,
transactions, profitability, clv, portfolio, datasets); plots take data first and an
optional ``ax``; every error derives from :class:`kamtools.KamtoolsError`.
"""

import sys as _sys

from . import messages as messages
from . import progress as progress
from .accounts import *
from .checks import *
from .clv import *
from .competencies import *
from .concentration import *
from .datasets import *
from .dossier import *
from .errors import *
from .parsing import *
from .plots import *
from .portfolio import *
from .pricing import *
from .profitability import *
from .roleplay import *
from .transactions import *
from .widgets import *

__version__ = "0.1.0"

# Some modules share their name with a function they define (kt.clv is the function), so
# the public names are collected from the imported modules themselves.
_PUBLIC_MODULES = (
    "errors",
    "concentration",
    "transactions",
    "profitability",
    "clv",
    "portfolio",
    "plots",
    "datasets",
    "roleplay",
    "competencies",
    "dossier",
    "widgets",
    "checks",
    "parsing",
    "accounts",
    "pricing",
)
__all__ = [name for mod in _PUBLIC_MODULES for name in _sys.modules[f"{__name__}.{mod}"].__all__]
