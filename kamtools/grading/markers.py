"""Where solutions and hidden tests begin and end: read from nbgrader's own configuration.

nbgrader finds a solution region by ``ClearSolutions.begin_solution_delimeter`` and
``end_solution_delimeter`` and replaces it with ``ClearSolutions.code_stub`` (or
``text_stub`` in a Markdown cell); it finds hidden tests by
``ClearHiddenTests.begin_test_delimeter`` and ``end_test_delimeter`` (nbgrader spells
them "delimeter"). A line *containing* a delimiter opens or closes the region. A course
may change them in its ``nbgrader_config.py``; kamtools reads the same settings, so its
leak checks and feedback always cut exactly where nbgrader cuts.

Examples
--------
>>> from traitlets.config import Config
>>> from kamtools.grading.markers import markers
>>> markers().begin_hidden
'BEGIN HIDDEN TESTS'
>>> config = Config()
>>> config.ClearSolutions.begin_solution_delimeter = "### BEGIN ANSWER"
>>> markers(config).begin_solution
'### BEGIN ANSWER'
"""

from __future__ import annotations

import copy
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Markers", "markers"]


@dataclass(frozen=True)
class Markers:
    """The delimiters of one course configuration (see :func:`markers`).

    Attributes
    ----------
    begin_solution, end_solution : str
        ``ClearSolutions.begin_solution_delimeter`` and ``end_solution_delimeter``.
    begin_hidden, end_hidden : str
        ``ClearHiddenTests.begin_test_delimeter`` and ``end_test_delimeter``.
    code_stub : str
        ``ClearSolutions.code_stub["python"]``: what students get in place of a solution.
    text_stub : str
        ``ClearSolutions.text_stub``: the same for a written answer.
    """

    begin_solution: str
    end_solution: str
    begin_hidden: str
    end_hidden: str
    code_stub: str
    text_stub: str

    @property
    def solution(self) -> tuple[str, str]:
        """``(begin, end)`` of a solution region."""
        return self.begin_solution, self.end_solution

    @property
    def hidden(self) -> tuple[str, str]:
        """``(begin, end)`` of a hidden-tests region."""
        return self.begin_hidden, self.end_hidden


def markers(config: Any = None) -> Markers:
    """The solution and hidden-test delimiters nbgrader uses with ``config``.

    Parameters
    ----------
    config : traitlets Config, path or None
        A loaded configuration (e.g. ``api.config`` of nbgrader's API, or ``self.config``
        in a preprocessor); a course root folder, whose ``nbgrader_config.py`` is read;
        or None for nbgrader's defaults. Whatever the configuration does not set keeps
        nbgrader's default (the traitlets default of ClearSolutions / ClearHiddenTests).

    Returns
    -------
    Markers

    Examples
    --------
    >>> from kamtools.grading.markers import markers
    >>> m = markers()
    >>> m.solution, m.hidden
    (('BEGIN SOLUTION', 'END SOLUTION'), ('BEGIN HIDDEN TESTS', 'END HIDDEN TESTS'))
    >>> m.code_stub
    '# YOUR CODE HERE\\nraise NotImplementedError()'
    """
    if config is None:
        return _default_markers()
    if isinstance(config, (str, os.PathLike)):
        from kamtools.grading.course import load_config

        config = load_config(Path(config))
    return _read(config)


@functools.cache
def _default_markers() -> Markers:
    from traitlets.config import Config

    return _read(Config())


def _read(config: Any) -> Markers:
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    # ClearSolutions rewrites parts of the configuration it is given (an old-style
    # code_stub string becomes a dict): it gets a copy, the caller's stays as it was.
    solutions = ClearSolutions(config=copy.deepcopy(config))
    hidden = ClearHiddenTests(config=config)
    return Markers(
        begin_solution=solutions.begin_solution_delimeter,
        end_solution=solutions.end_solution_delimeter,
        begin_hidden=hidden.begin_test_delimeter,
        end_hidden=hidden.end_test_delimeter,
        code_stub=solutions.code_stub.get("python", ""),
        text_stub=solutions.text_stub,
    )
