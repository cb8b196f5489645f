"""The data layer: the course's datasets and where they come from.

:mod:`~kamtools.data.datasets` loads the shipped datasets with their types,
:mod:`~kamtools.data.synthetic` generates the fictional distributor Vistula from
:mod:`~kamtools.data.vistula` (its assumptions, read by the analysis too) and
:mod:`~kamtools.data.parsing` reads numbers as people type them. Everything public is
re-exported as ``kt.<name>``; Vistula's constants are ``kt.vistula.<NAME>``.
"""

from . import datasets, parsing, synthetic, vistula
from .datasets import *
from .parsing import *

_MODULES = (datasets, parsing)
__all__ = [name for module in _MODULES for name in module.__all__]
