"""Course content that code reads: problem specs and the functions computing their answers.

* ``checks/<module_id>.yml``: the problem spec of each module (see
  :mod:`kamtools.checks.spec` for the format).
* :mod:`kamtools.content.answers`: the registry of functions that compute expected values
  and likely mistakes from data, named in the specs by ``expected_from``,
  ``value_from`` and ``data_from``.
* ``facts.yml``: facts that several modules quote (a survey figure, a title), worded
  once; ``tests/test_check_quality.py`` checks that every notebook quoting one uses
  these words.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from ..checks.source import Content

__all__ = ["CHECKS_DIR", "COURSE"]

#: Folder of the problem specs, one ``<module_id>.yml`` per module.
CHECKS_DIR: Path = Path(__file__).resolve().parent / "checks"


class _CourseAnswers:
    """KAM Academy's answers resolver: :mod:`kamtools.content.answers`, imported when first
    needed (it loads every ``answers_*.py``)."""

    #: Named in the check engine's errors about an unknown answers function.
    where = "kamtools/content/answers.py"

    def names(self) -> Collection[str]:
        from .answers import ANSWERS

        return ANSWERS.keys()

    def compute(self, name: str, /, *args: Any, **kwargs: Any) -> Any:
        from .answers import compute

        return compute(name, *args, **kwargs)


#: What this course hands the check engine (registered by ``import kamtools``).
COURSE = Content(checks_dir=CHECKS_DIR, answers=_CourseAnswers())
