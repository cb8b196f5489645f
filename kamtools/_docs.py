"""Parameter descriptions shared by several docstrings, written once (as seaborn does).

A docstring names a shared part on a line of its own, ``{values}``; :func:`shared_docs`
puts the part's text there, indented like the placeholder. Parts are written as they read
in a docstring at column 0 (a parameter line, then its description indented by 4).
Under ``python -OO`` docstrings are gone, and there is nothing to fill.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

__all__ = ["CUSTOMER_VALUES", "shared_docs"]

_F = TypeVar("_F", bound=Callable[..., Any])
_PLACEHOLDER = re.compile(r"(?m)^( *)\{(\w+)\}$")


def shared_docs(parts: Mapping[str, str]) -> Callable[[_F], _F]:
    """A decorator that fills the ``{name}`` lines of a docstring from ``parts``.

    >>> @shared_docs({"x": "x : int\\n    A number."})
    ... def f(x):
    ...     '''Do it.
    ...
    ...     Parameters
    ...     ----------
    ...     {x}
    ...     '''
    >>> print(f.__doc__.splitlines()[4:6])
    ['    x : int', '        A number.']

    Raises
    ------
    KeyError
        When a docstring names a part that does not exist (a typo in the module).
    """

    def fill(match: re.Match[str]) -> str:
        return textwrap.indent(textwrap.dedent(parts[match.group(2)]).strip("\n"), match.group(1))

    def decorate(func: _F) -> _F:
        if func.__doc__:  # None under python -OO
            func.__doc__ = _PLACEHOLDER.sub(fill, func.__doc__)
        return func

    return decorate


#: The parameters every function over "one number per customer" shares, worded once
#: (concentration and plots use the same text).
CUSTOMER_VALUES: dict[str, str] = {
    "values": """values : Series, dict or 1-D array-like
    One number per customer, e.g. net sales or profit. A Series (or dict) is indexed by
    customer id; a list or array numbers the customers 0..n-1. NaN, infinities,
    text, True/False and repeated customer ids raise an error.""",
    "negative": """negative : {"raise", "drop", "zero"}, default "raise"
    What to do with customers whose value is negative: ``"raise"`` raises
    :class:`~kamtools.NegativeValuesError` saying how many there are, ``"drop"`` leaves
    them out of the analysis, ``"zero"`` keeps them as customers with a value of 0.""",
}
