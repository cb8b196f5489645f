"""Interactive views of kamtools (ipywidgets): thin layers over the tested analysis code.

Each widget is a class composing ipywidgets boxes; it shows itself in Jupyter through
``_repr_mimebundle_``, can be driven headless in tests (set ``.value``, call ``.click()``)
and has ``close()``.
"""

from .clv_calculator import CLVCalculator
from .dashboard import ProgressDashboard, progress_dashboard
from .dossier import DossierBuilder
from .pareto import ParetoExplorer
from .payment_terms import PaymentTermCalculator
from .pricing import PriceWaterfallExplorer
from .quiz import Quiz
from .roleplay import RolePlay
from .scoring import AccountScoring
from .self_assessment import SelfAssessment
from .your_portfolio import YourPortfolio

__all__ = [
    "AccountScoring",
    "CLVCalculator",
    "ParetoExplorer",
    "PaymentTermCalculator",
    "PriceWaterfallExplorer",
    "DossierBuilder",
    "ProgressDashboard",
    "Quiz",
    "RolePlay",
    "SelfAssessment",
    "YourPortfolio",
    "progress_dashboard",
]
