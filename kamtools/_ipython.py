"""Friendly help in the notebook for numbers that Python itself cannot read.

A learner used to spreadsheets types ``answer = 1,05`` (a Polish decimal) or
``answer = 80%``. Python stops with a SyntaxError about "leading zeros in decimal integer
literals" or "invalid syntax", which nobody in sales can read. When kamtools is imported
in IPython, an input transformer looks at each line of the form ``name = <number as
people type it>`` that Python cannot compile, and turns the number into text
(``answer = "1,05"``), which every check reads as the learner meant it
(:func:`kamtools.parse_number`). One friendly sentence says what happened.

Lines that Python can run are never changed: ``answer = 1,178`` is valid Python (a pair
of numbers), and the numeric check explains it instead.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from .messages import t

__all__ = ["quote_typed_numbers", "register"]

_DIGITS = r"\d[\d\s.,\u00a0]*"
_NUMBERISH = rf"(?:\(\s*{_DIGITS}\)|[-+]?\s*{_DIGITS})\s*(?:%|zł|zl|pln|eur|€)?"
_LINE = re.compile(
    rf"^(?P<name>[A-Za-z_]\w*)(?P<eq>\s*=\s*)(?P<value>{_NUMBERISH})\s*(?P<comment>#.*)?$",
    re.IGNORECASE,
)


def _compiles(line: str) -> bool:
    try:
        compile(line, "<cell>", "exec")
    except SyntaxError:
        return False
    return True


def quote_typed_numbers(lines: list[str]) -> list[str]:
    """IPython input transformer: quote numbers typed the spreadsheet way.

    Only a cell that Python cannot compile is looked at, and in it only the lines
    ``name = <number>`` that cannot compile on their own.

    >>> quote_typed_numbers(["answer = 1,05\\n"])[0]
    "answer = '1,05'  # quoted by kamtools\\n"
    >>> quote_typed_numbers(["answer = 1.05\\n"])
    ['answer = 1.05\\n']
    """
    if _compiles("".join(lines)):
        return lines
    out: list[str] = []
    for line in lines:
        match = _LINE.match(line.rstrip("\n"))
        if match is None or _compiles(line):
            out.append(line)
            continue
        value = match["value"].strip()
        out.append(f"{match['name']}{match['eq']}{value!r}  # quoted by kamtools\n")
        message = t("input.quoted", typed=value, name=match["name"])
        out.append(f"print({message!r})\n")
    return out


def register(shell: Any = None) -> bool:
    """Install :func:`quote_typed_numbers` in the running IPython (once); False outside it."""
    if shell is None:
        ipython = sys.modules.get("IPython")  # never import IPython just to look for it
        shell = ipython.get_ipython() if ipython is not None else None
    transformers = getattr(shell, "input_transformers_post", None)
    if transformers is None:
        return False
    if quote_typed_numbers not in transformers:
        transformers.append(quote_typed_numbers)
    return True
