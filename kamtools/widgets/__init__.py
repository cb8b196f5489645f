"""Interactive views of kamtools (ipywidgets): thin layers over the tested analysis code.

Each widget is a class composing ipywidgets boxes; it shows itself in Jupyter through
``_repr_mimebundle_``, can be driven headless in tests (set ``.value``, call ``.click()``)
and has ``close()``.
"""

from .dashboard import ProgressDashboard, progress_dashboard
from .dossier import DossierBuilder
from .roleplay import RolePlay
from .self_assessment import SelfAssessment

__all__ = [
    "DossierBuilder",
    "ProgressDashboard",
    "RolePlay",
    "SelfAssessment",
    "progress_dashboard",
]
