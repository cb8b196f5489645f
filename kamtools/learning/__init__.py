"""The learning layer: activities built on course content (role-plays, the competency
self-assessment, the dossier and account-plan forms, the QBR, certificates) and the item
analysis instructors run on learners' answers.

The check engine (:mod:`kamtools.checks`), the progress store (:mod:`kamtools.progress`) and
the grader (:mod:`kamtools.grading`) are separate subpackages because they know no course:
another course could use them with its own content. Everything public is re-exported as
``kt.<name>``.
"""

from . import (
    certificates,
    competencies,
    dossier,
    glossary,
    items,
    methods,
    qbr,
    roleplay,
    scenarios,
)
from .certificates import *
from .competencies import *
from .dossier import *
from .glossary import *
from .items import *
from .qbr import *
from .roleplay import *

_MODULES = (roleplay, competencies, dossier, certificates, qbr, items, glossary)
__all__ = [name for module in _MODULES for name in module.__all__]
