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

from pathlib import Path

__all__ = ["CHECKS_DIR"]

#: Folder of the problem specs, one ``<module_id>.yml`` per module.
CHECKS_DIR: Path = Path(__file__).resolve().parent / "checks"
