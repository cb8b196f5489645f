"""Where the check engine finds questions and computed answers: the course hands them in.

The engine (:mod:`kamtools.checks`) knows no course. A course edition gives it a
:class:`Content`: the folder of its problem specs and an *answers resolver*, the object
that names and computes the data-derived values the specs refer to (``expected_from``,
``value_from``, ``data_from``, ``{{figure}}``). KAM Academy registers its own content when
``kamtools`` is imported (:data:`kamtools.content.COURSE`); a second edition, or a test,
passes another one, either to one exercise (``exercise("q", content=...)``, the way
``recorder`` is passed) or for a block of code (``with using(content): ...``).

Examples
--------
>>> from pathlib import Path
>>> from kamtools.checks.source import Content, DictAnswers
>>> answers = DictAnswers({"half": lambda: 0.5})
>>> sorted(answers.names()), answers.compute("half")
(['half'], 0.5)
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ..errors import ParameterError

__all__ = ["Answers", "Content", "DictAnswers", "register_content", "registered", "using"]


@runtime_checkable
class Answers(Protocol):
    """What the engine asks of an answers resolver."""

    def names(self) -> Collection[str]:
        """Every name a spec may use."""
        ...

    def compute(self, name: str, /, *args: Any, **kwargs: Any) -> Any:
        """The value of ``name`` (a fresh copy the caller may change)."""
        ...


class DictAnswers:
    """An answers resolver over a mapping of functions: for tests and small editions."""

    def __init__(self, functions: Mapping[str, Callable[..., Any]]) -> None:
        self._functions = dict(functions)

    def names(self) -> Collection[str]:
        return self._functions.keys()

    def compute(self, name: str, /, *args: Any, **kwargs: Any) -> Any:
        try:
            func = self._functions[name]
        except KeyError:
            close = difflib.get_close_matches(name, sorted(self._functions), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ParameterError(f"`name`={name!r} is not an answers function{hint}") from None
        return func(*args, **kwargs)


@dataclass(frozen=True)
class Content:
    """A course edition as the engine sees it.

    Attributes
    ----------
    checks_dir : Path
        The folder of ``<module_id>.yml`` problem specs.
    answers : Answers
        Names and computes the values the specs refer to.
    """

    checks_dir: Path
    answers: Answers

    def __post_init__(self) -> None:
        if not isinstance(self.answers, Answers):
            raise ParameterError(
                f"`answers`={self.answers!r} has no names() and compute(): pass an answers "
                "resolver such as DictAnswers({...})."
            )


_REGISTERED: list[Content] = []


def register_content(content: Content) -> None:
    """Make ``content`` what exercises use when none is passed (the course does this)."""
    if not isinstance(content, Content):
        raise ParameterError(f"`content`={content!r} is not a kamtools.checks.source.Content")
    _REGISTERED[:] = [content]


def registered() -> Content:
    """The content registered last; an error if no course registered any."""
    if not _REGISTERED:
        raise ParameterError(
            "no course content is registered: `import kamtools` registers KAM Academy's, "
            "or call kamtools.checks.source.register_content(Content(...))."
        )
    return _REGISTERED[-1]


@contextmanager
def using(content: Content) -> Iterator[Content]:
    """Use ``content`` as the registered one inside a ``with`` block, then restore."""
    before = list(_REGISTERED)
    register_content(content)
    try:
        yield content
    finally:
        _REGISTERED[:] = before
