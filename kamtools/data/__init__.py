"""The data layer: the course's datasets and where they come from.

:mod:`~kamtools.data.datasets` loads the shipped datasets with their types,
:mod:`~kamtools.data.synthetic` generates the fictional distributor Vistula from
:mod:`~kamtools.data.vistula` (its assumptions, read by the analysis too) and
:mod:`~kamtools.data.parsing` reads numbers as people type them and
:mod:`~kamtools.data.exports` reads a company's own CRM/ERP export
(:mod:`~kamtools.data.big_exports` adds up one too big for memory;
:mod:`~kamtools.data.samples` writes a sample export to try it on). Everything public is
re-exported as ``kt.<name>``; Vistula's constants are ``kt.vistula.<NAME>``.
"""

from . import anonymisation, big_exports, datasets, exports, parsing, samples, synthetic, vistula
from .anonymisation import *
from .big_exports import *
from .datasets import *
from .exports import *
from .parsing import *
from .samples import *

_MODULES = (datasets, exports, parsing, samples, anonymisation, big_exports)
__all__ = [name for module in _MODULES for name in module.__all__]
