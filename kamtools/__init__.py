"""kamtools: the analysis, data, checks and widgets behind KAM Academy.

Use it as ``import kamtools as kt``: every public name is ``kt.<name>``, whatever module it
lives in. The package is layered (CONTRIBUTING.md says where new code goes):

- :mod:`kamtools.analysis`: pure computations and plots (concentration, profitability, ...);
- :mod:`kamtools.data`: datasets, the Vistula generator and its assumptions, number parsing;
- :mod:`kamtools.learning`: role-plays, self-assessment, dossier, QBR, certificates;
- :mod:`kamtools.checks`, :mod:`kamtools.progress`, :mod:`kamtools.grading`: engines that
  know no course (the course hands them :mod:`kamtools.content`);
- :mod:`kamtools.widgets`: thin ipywidgets views over the above.

Every error derives from :class:`kamtools.KamtoolsError`.
"""

import sys as _sys

from . import analysis, data, learning
from . import messages as messages
from . import progress as progress
from .analysis import *
from .checks import *
from .checks.source import register_content as _register_content
from .content import COURSE as _COURSE
from .data import *
from .data import vistula as vistula
from .errors import *

# Imported with kamtools (the locked setup cell), before any student code: the comparisons
# of the graded test cells keep references taken now (see grading/_verify.py).
from .grading import _verify as _verify
from .i18n import *
from .learning import *
from .progress import export_progress, import_progress
from .widgets import *

__version__ = "0.1.0"

# In a notebook: `answer = 1,05` or `answer = 80%` get a friendly sentence, not a SyntaxError.
from ._ipython import register as _register_input_help

_register_input_help()

# The check engine knows no course: KAM Academy hands it its specs and answers here.
_register_content(_COURSE)

__all__ = [
    *_sys.modules[f"{__name__}.errors"].__all__,
    *_sys.modules[f"{__name__}.i18n"].__all__,
    *analysis.__all__,
    *data.__all__,
    *learning.__all__,
    *_sys.modules[f"{__name__}.widgets"].__all__,
    *_sys.modules[f"{__name__}.checks"].__all__,
    # Moving progress to another computer (kamtools.progress is not star-imported).
    "export_progress",
    "import_progress",
]

# Before the subpackages (issue 14), every module sat at the top: ``kamtools.synthetic``.
# Notebooks already handed out (a released assignment's locked setup cell) may still import
# those paths, so they stay importable as the same module objects. New code uses ``kt.<name>``
# or the new path; tests/test_layout.py holds both rules. (The old ``kamtools.clv`` module is
# not aliased: ``kt.clv`` is the function, and an alias would shadow it.)
_OLD_PATHS = {
    name: getattr(package, name)
    for package in (analysis, data, learning)
    for name in package.__dict__
    if isinstance(getattr(package, name), type(_sys)) and name != "lifetime_value"
}
for _name, _module in _OLD_PATHS.items():
    _sys.modules.setdefault(f"{__name__}.{_name}", _module)
del _name, _module


def __getattr__(name: str) -> object:
    # ``import kamtools.synthetic`` followed by ``kamtools.synthetic.COST_RATES`` (old paths).
    try:
        return _OLD_PATHS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
