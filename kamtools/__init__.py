"""kamtools: the analysis, data, checks and widgets behind KAM Academy.

Use it as ``import kamtools as kt``. Pure logic lives in topic modules (concentration,
transactions, profitability, clv, portfolio, datasets); plots take data first and an
optional ``ax``; every error derives from :class:`kamtools.KamtoolsError`.
"""

import sys as _sys

from . import messages as messages
from . import progress as progress
from .accounts import *
from .buyer import *
from .certificates import *
from .checks import *
from .checks.source import register_content as _register_content
from .clv import *
from .competencies import *
from .concentration import *
from .content import COURSE as _COURSE
from .datasets import *
from .dossier import *
from .errors import *

# Imported with kamtools (the locked setup cell), before any student code: the comparisons
# of the graded test cells keep references taken now (see grading/_verify.py).
from .grading import _verify as _verify
from .items import *
from .matrix_plots import *
from .parsing import *
from .payment_terms import *
from .plots import *
from .portfolio import *
from .pricing import *
from .profitability import *
from .progress import export_progress, import_progress
from .qbr import *
from .roleplay import *
from .transactions import *
from .waterfall import *
from .widgets import *

__version__ = "0.1.0"

# In a notebook: `answer = 1,05` or `answer = 80%` get a friendly sentence, not a SyntaxError.
from ._ipython import register as _register_input_help

_register_input_help()

# The check engine knows no course: KAM Academy hands it its specs and answers here.
_register_content(_COURSE)

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
    "matrix_plots",
    "datasets",
    "roleplay",
    "competencies",
    "dossier",
    "widgets",
    "checks",
    "certificates",
    "parsing",
    "accounts",
    "pricing",
    "waterfall",
    "payment_terms",
    "qbr",
    "items",
    "buyer",
)
__all__ = [name for mod in _PUBLIC_MODULES for name in _sys.modules[f"{__name__}.{mod}"].__all__]
# Moving progress to another computer (kamtools.progress is not star-imported).
__all__ += ["export_progress", "import_progress"]
